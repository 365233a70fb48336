/**
 * Breadth-first search: shortest counterexamples.
 *
 * Why this file exists: BFS's frontier and its tie-break. Ids are dense and handed out in BFS
 * order, so the frontier of a seen set that can give states back (exact mode) is just the range
 * of ids not yet expanded (`StoredQueue`: no per-state frontier memory at all). In fp64 mode the
 * frontier holds full states: in memory, or, with a budget, spilled to a SpillStore beyond it.
 *
 * What it must not do: reorder states (traces and counts depend on FIFO order).
 */
import { QueueFrontier, type Frontier } from './frontier.js';
import type { SeenSet } from './seen.js';
import { SpilledQueue } from './spilled-queue.js';
import type { Strategy } from './strategy.js';

/** The queue of a seen set that stores states: ids [head, tail) wait, their words are read back on `take`. */
export class StoredQueue implements Frontier {
  private head = 0;
  private tail = 0;
  peak = 0;
  takenDepth = 0;
  /** First id of each depth pushed so far (depth d starts at starts[d - firstDepth]). */
  private readonly starts: number[] = [];
  private firstDepth = -1;
  private level = 0;
  constructor(private readonly seen: SeenSet) {}
  get length(): number {
    return this.tail - this.head;
  }
  push(id: number, depth: number): void {
    if (id !== this.tail) throw new Error(`StoredQueue: ids must be pushed in order (got ${id}, expected ${this.tail})`);
    if (this.firstDepth < 0) this.firstDepth = depth;
    while (this.firstDepth + this.starts.length <= depth) this.starts.push(id);
    this.tail++;
    if (this.tail - this.head > this.peak) this.peak = this.tail - this.head;
  }
  take(out: Int32Array): number {
    const id = this.head++;
    this.seen.read(id, out);
    while (this.level + 1 < this.starts.length && id >= this.starts[this.level + 1]) this.level++;
    this.takenDepth = this.firstDepth + this.level;
    return id;
  }
  bytes(): number {
    return this.starts.length * 8;
  }
  spilledBytes(): number {
    return 0;
  }
  dispose(): void {
    /* nothing held */
  }
}

export const bfs: Strategy = {
  name: 'bfs',
  makeFrontier(words, seen, o) {
    if (seen.canRead) return new StoredQueue(seen);
    if (Number.isFinite(o.frontierBytes) && o.spill !== undefined) return new SpilledQueue(words, o.frontierBytes, o.spill);
    return new QueueFrontier(words);
  },
  layerStart: (size) => size,
};
