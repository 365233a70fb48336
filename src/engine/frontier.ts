/**
 * The frontier: states waiting to be expanded, as fixed-size records `[id, words...]` in one
 * growable Int32Array ring. BFS takes from the front (queue), DFS from the back (stack).
 *
 * Why this file exists: one frontier type for both strategies, with no `Array.shift` and no
 * per-state objects. Holding the words (not just ids) lets fp64 mode drop the state arena.
 *
 * What it must not do: allocate per push or pop.
 */
import { allocInt32 } from './buffers.js';

export class Frontier {
  private buf: Int32Array;
  private head = 0; // index of the first record (in records)
  private count = 0;
  private cap: number; // capacity in records, a power of two (ring index arithmetic is a mask)
  private readonly rec: number;
  peak = 0;

  constructor(private readonly words: number) {
    this.rec = words + 1;
    this.cap = 1024;
    this.buf = allocInt32(this.cap * this.rec);
  }
  get length(): number {
    return this.count;
  }
  push(id: number, w: Int32Array, off = 0): void {
    if (this.count === this.cap) this.grow();
    const slot = ((this.head + this.count) & (this.cap - 1)) * this.rec;
    const b = this.buf;
    b[slot] = id;
    for (let i = 0; i < this.words; i++) b[slot + 1 + i] = w[off + i];
    this.count++;
    if (this.count > this.peak) this.peak = this.count;
  }
  /** Removes the front record into `out`; returns its id. */
  shift(out: Int32Array): number {
    const slot = this.head * this.rec;
    this.head = (this.head + 1) & (this.cap - 1);
    this.count--;
    return this.copyOut(slot, out);
  }
  /** Removes the back record into `out`; returns its id. */
  pop(out: Int32Array): number {
    this.count--;
    const slot = ((this.head + this.count) & (this.cap - 1)) * this.rec;
    return this.copyOut(slot, out);
  }
  bytes(): number {
    return this.buf.length * 4;
  }
  private copyOut(slot: number, out: Int32Array): number {
    const b = this.buf;
    for (let i = 0; i < this.words; i++) out[i] = b[slot + 1 + i];
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
