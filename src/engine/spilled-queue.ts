/**
 * The BFS frontier beyond a memory budget: a FIFO of records `[id, depth, words...]` whose middle
 * lives in a `SpillStore` (TLC's disk queue).
 *
 * Why this file exists: a BFS frontier can be a large fraction of the state space (the widest
 * level), and unlike the seen set it is only ever touched at its two ends. `SpilledQueue` keeps
 * the records being taken (the head block) and the records being pushed (the tail block) in
 * memory and moves whole full blocks of the tail out to the store, reading them back in order
 * when the head runs dry, so a frontier of any length costs a bounded amount of memory.
 *
 * Layout: the queue is the sequence `head block (partly taken) | memory blocks | store blocks |
 * tail block (partly filled)`. A full tail block joins the memory blocks while the store is
 * empty and a free block fits the budget; otherwise it is written to the store (created on the
 * first such write, so a run that fits never touches the disk). Memory blocks therefore always
 * precede store blocks, and FIFO order is exact. All blocks are the same size
 * (`blockRecords` records), allocated at most `maxBlocks` times and reused from a free list.
 *
 * What it must not do: allocate per push or take (blocks are allocated at most `maxBlocks`
 * times in the queue's life, then recycled); do I/O itself or import node:fs (the store does
 * it); hold more than `max(budgetBytes, 2 blocks)` of records in memory; let a store's failure
 * out as anything but a `SpillError` (the search must not take a full disk for a model bug).
 */
import { allocInt32 } from './buffers.js';
import { spillError, type Frontier, type SpillStore, type SpillStoreFactory } from './frontier.js';

/** Blocks are at most this large: big enough that a write is one cheap syscall per MiB. */
export const MAX_BLOCK_BYTES = 1 << 20;

const EMPTY = new Int32Array(0);

export class SpilledQueue implements Frontier {
  /** Records per block (every block, in memory or spilled). */
  readonly blockRecords: number;
  /** Bytes per block. */
  readonly blockBytes: number;
  /** Most blocks ever held in memory (head, tail, memory blocks and free ones). */
  readonly maxBlocks: number;
  peak = 0;
  takenDepth = 0;
  /** Blocks written to the store so far (a statistic). */
  spilledBlocks = 0;

  private readonly rec: number;
  private readonly blockInts: number;
  private count = 0;
  // Head block: records [headPos, headEnd) (in ints) are still to be taken.
  private head: Int32Array = EMPTY;
  private headPos = 0;
  private headEnd = 0;
  // Tail block: records [0, tailPos) have been pushed.
  private tail: Int32Array;
  private tailPos = 0;
  // Full blocks in memory, oldest first: a ring of capacity maxBlocks.
  private readonly mid: Int32Array[];
  private midHead = 0;
  private midCount = 0;
  // Free blocks, and how many blocks exist in all.
  private readonly free: Int32Array[] = [];
  private allocated = 0;
  // Blocks in the store, not yet read back.
  private diskBlocks = 0;
  private store: SpillStore | null = null;
  private disposed = false;

  constructor(
    private readonly words: number,
    readonly budgetBytes: number,
    private readonly makeStore: SpillStoreFactory,
  ) {
    if (!Number.isInteger(words) || words < 0) throw new RangeError(`SpilledQueue: bad word count ${words}`);
    if (!(budgetBytes > 0) || !Number.isFinite(budgetBytes)) {
      throw new RangeError(`SpilledQueue: budget must be a positive number of bytes, got ${budgetBytes}`);
    }
    this.rec = words + 2;
    const recBytes = this.rec * 4;
    this.blockRecords = Math.max(1, Math.floor(Math.min(budgetBytes / 4, MAX_BLOCK_BYTES) / recBytes));
    this.blockInts = this.blockRecords * this.rec;
    this.blockBytes = this.blockInts * 4;
    this.maxBlocks = Math.max(2, Math.floor(budgetBytes / this.blockBytes));
    this.mid = new Array<Int32Array>(this.maxBlocks).fill(EMPTY);
    this.tail = this.newBlock();
  }

  get length(): number {
    return this.count;
  }

  push(id: number, depth: number, w: Int32Array, off: number): void {
    if (this.tailPos === this.blockInts) this.flushTail();
    const b = this.tail;
    const p = this.tailPos;
    b[p] = id;
    b[p + 1] = depth;
    for (let i = 0; i < this.words; i++) b[p + 2 + i] = w[off + i];
    this.tailPos = p + this.rec;
    if (++this.count > this.peak) this.peak = this.count;
  }

  take(out: Int32Array): number {
    if (this.headPos === this.headEnd) this.refill();
    const b = this.head;
    const p = this.headPos;
    for (let i = 0; i < this.words; i++) out[i] = b[p + 2 + i];
    this.takenDepth = b[p + 1];
    this.headPos = p + this.rec;
    this.count--;
    return b[p];
  }

  bytes(): number {
    return this.allocated * this.blockBytes;
  }

  spilledBytes(): number {
    return this.store === null ? 0 : this.store.bytes();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const s = this.store;
    this.store = null;
    // Drop the blocks so their memory can be collected even if the queue object is kept.
    this.head = EMPTY;
    this.tail = EMPTY;
    this.mid.fill(EMPTY);
    this.free.length = 0;
    this.allocated = 0;
    this.count = this.headPos = this.headEnd = this.tailPos = this.midCount = this.diskBlocks = 0;
    if (s !== null) s.dispose();
  }

  /** A free block, or a new one if the budget allows; null if neither. */
  private spareBlock(): Int32Array | null {
    const f = this.free.pop();
    if (f !== undefined) return f;
    return this.allocated < this.maxBlocks ? this.newBlock() : null;
  }

  private newBlock(): Int32Array {
    this.allocated++;
    return allocInt32(this.blockInts);
  }

  /** The tail block is full: keep it in memory if order and budget allow, else spill it. */
  private flushTail(): void {
    if (this.disposed) throw new Error('SpilledQueue: push after dispose');
    if (this.diskBlocks === 0) {
      const spare = this.spareBlock();
      if (spare !== null) {
        this.mid[(this.midHead + this.midCount) % this.maxBlocks] = this.tail;
        this.midCount++;
        this.tail = spare;
        this.tailPos = 0;
        return;
      }
    }
    try {
      if (this.store === null) this.store = this.makeStore();
      this.store.write(this.tail);
    } catch (e) {
      throw spillError(e);
    }
    this.diskBlocks++;
    this.spilledBlocks++;
    this.tailPos = 0;
  }

  /** The head block is used up: the next block is the oldest memory block, store block or the tail. */
  private refill(): void {
    if (this.count === 0) throw new Error('SpilledQueue: take from an empty queue');
    if (this.midCount > 0) {
      if (this.head !== EMPTY) this.free.push(this.head);
      this.head = this.mid[this.midHead];
      this.mid[this.midHead] = EMPTY;
      this.midHead = (this.midHead + 1) % this.maxBlocks;
      this.midCount--;
      this.headEnd = this.blockInts;
    } else if (this.diskBlocks > 0) {
      // Only before the first take is there no head block; then a spare always exists
      // (the tail and free blocks are all there is, and maxBlocks >= 2).
      if (this.head === EMPTY) this.head = this.spareBlock() ?? this.newBlock();
      try {
        this.store!.read(this.head);
      } catch (e) {
        throw spillError(e);
      }
      this.diskBlocks--;
      this.headEnd = this.blockInts;
    } else {
      // Everything left is in the tail: it becomes the head, the old head the new tail.
      const h = this.head;
      this.head = this.tail;
      this.headEnd = this.tailPos;
      this.tail = h === EMPTY ? (this.spareBlock() ?? this.newBlock()) : h;
      this.tailPos = 0;
    }
    this.headPos = 0;
  }
}
