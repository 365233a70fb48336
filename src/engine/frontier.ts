/**
 * The frontier: states waiting to be expanded, as fixed-size records `[id, depth, words...]`.
 *
 * Why this file exists: the search strategy is the frontier's order. BFS takes the oldest record
 * (a queue), DFS the newest (a stack); the search loop only calls `push` and `take`, so it has
 * no strategy flag. Records hold the words (not just ids) so that fp64 mode keeps no state
 * arena, and the depth, so that per-state metadata need not. `SpilledQueue`
 * (spilled-queue.ts) is the BFS queue that moves its middle to a `SpillStore` beyond a memory
 * budget (TLC's disk queue).
 *
 * What it must not do: allocate per push or take; do I/O itself (a SpillStore does it).
 */
import { allocInt32 } from './buffers.js';

export interface Frontier {
  readonly length: number;
  /** Largest `length` seen. */
  readonly peak: number;
  push(id: number, depth: number, w: Int32Array, off: number): void;
  /** Remove the next record's words into `out`; returns its id; its depth is then `takenDepth`. */
  take(out: Int32Array): number;
  readonly takenDepth: number;
  /** Bytes held in memory. */
  bytes(): number;
  /** Bytes held outside memory (a spill file), 0 if none. */
  spilledBytes(): number;
  /** Release everything (spill files included). Idempotent. */
  dispose(): void;
}

/**
 * Where a spilling frontier puts blocks it moves out of memory. A block is written once and read
 * back once, in the order written (FIFO); implementations may reuse space of blocks read back.
 */
export interface SpillStore {
  write(block: Int32Array): void;
  /** Read the oldest block not yet read into `out` (same length as written). */
  read(out: Int32Array): void;
  bytes(): number;
  /** Delete the backing file. Idempotent; must be safe to call on any exit path. */
  dispose(): void;
}
export type SpillStoreFactory = () => SpillStore;

/**
 * A spill store failed (an I/O error: no temp directory, disk full, ...). `SpilledQueue` wraps
 * whatever its store throws in one, so the search can tell a failing disk from throwing model
 * code: it stops the search as incomplete (exit 152) with this message, and writes no trace.
 */
export class SpillError extends Error {
  override readonly name = 'SpillError';
}

/** `e` as a SpillError (unchanged if it is one). */
export function spillError(e: unknown): SpillError {
  if (e instanceof SpillError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new SpillError(`spilling the BFS frontier to disk failed: ${msg}`, { cause: e });
}

/** An in-memory ring of records; FIFO (`Queue`) or LIFO (`Stack`) by `take`. */
abstract class Ring implements Frontier {
  protected buf: Int32Array;
  protected head = 0; // index of the first record (in records)
  protected count = 0;
  protected cap: number; // capacity in records, a power of two (ring index arithmetic is a mask)
  protected readonly rec: number;
  peak = 0;
  takenDepth = 0;

  constructor(protected readonly words: number) {
    this.rec = words + 2;
    this.cap = 1024;
    this.buf = allocInt32(this.cap * this.rec);
  }
  get length(): number {
    return this.count;
  }
  push(id: number, depth: number, w: Int32Array, off: number): void {
    if (this.count === this.cap) this.grow();
    const slot = ((this.head + this.count) & (this.cap - 1)) * this.rec;
    const b = this.buf;
    b[slot] = id;
    b[slot + 1] = depth;
    for (let i = 0; i < this.words; i++) b[slot + 2 + i] = w[off + i];
    this.count++;
    if (this.count > this.peak) this.peak = this.count;
  }
  abstract take(out: Int32Array): number;
  bytes(): number {
    return this.buf.length * 4;
  }
  spilledBytes(): number {
    return 0;
  }
  dispose(): void {
    /* memory only */
  }
  protected copyOut(slot: number, out: Int32Array): number {
    const b = this.buf;
    for (let i = 0; i < this.words; i++) out[i] = b[slot + 2 + i];
    this.takenDepth = b[slot + 1];
    return b[slot];
  }
  private grow(): void {
    const cap = this.cap * 2;
    const nb = allocInt32(cap * this.rec);
    for (let i = 0; i < this.count; i++) {
      const from = ((this.head + i) & (this.cap - 1)) * this.rec;
      nb.set(this.buf.subarray(from, from + this.rec), i * this.rec);
    }
    this.buf = nb;
    this.cap = cap;
    this.head = 0;
  }
}

/** BFS: the oldest record first. */
export class QueueFrontier extends Ring {
  take(out: Int32Array): number {
    const slot = this.head * this.rec;
    this.head = (this.head + 1) & (this.cap - 1);
    this.count--;
    return this.copyOut(slot, out);
  }
}

/** DFS: the newest record first. */
export class StackFrontier extends Ring {
  take(out: Int32Array): number {
    this.count--;
    const slot = ((this.head + this.count) & (this.cap - 1)) * this.rec;
    return this.copyOut(slot, out);
  }
}
