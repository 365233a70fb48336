/**
 * The seen set: maps a packed state to a dense StateId, inserting it if new.
 *
 * Why this file exists: it is the heart of an explicit-state search. Two modes:
 *  - exact (default): every state's words are kept in an arena and compared in full on a hash
 *    match, as Rumur does; no state can be missed.
 *  - fp64: only a 64-bit fingerprint per state is kept, as TLC does; memory per state is
 *    constant, and a collision (two states, one fingerprint) would silently drop a state. The
 *    outcome reports TLC's estimate of that probability.
 * Ids are dense (0, 1, 2, ...) in insertion order. Open addressing with linear probing over an
 * Int32Array of `id + 1` (0 = empty), load factor at most 1/2.
 *
 * What it must not do: allocate per lookup, or know anything about models.
 */
import { allocInt32, growInt32 } from './buffers.js';
import { hashWords, SEED_A, SEED_B } from './hash.js';

export interface SeenSet {
  readonly mode: 'exact' | 'fp64';
  readonly size: number;
  /** Insert `w[0..words)`. Returns the new id (>= 0) or `-(existing id) - 1`. */
  insert(w: Int32Array): number;
  /** Words of state `id` into `out` (exact mode only; returns false in fp64 mode). */
  read(id: number, out: Int32Array): boolean;
  /** Fingerprint pair used for replay checks in fp64 mode. */
  fingerprint(w: Int32Array): [number, number];
  /** Stored fingerprint of `id` (fp64) or null. */
  storedFingerprint(id: number): [number, number] | null;
  bytes(): number;
}

abstract class OpenTable {
  protected table: Int32Array;
  protected mask: number;
  size = 0;
  constructor(protected readonly words: number) {
    this.table = allocInt32(1 << 16);
    this.mask = (1 << 16) - 1;
  }
  protected abstract hashOf(id: number): number;
  protected maybeGrow(): void {
    if (this.size * 2 < this.table.length) return;
    const len = this.table.length * 2;
    const t = allocInt32(len);
    const mask = len - 1;
    for (let id = 0; id < this.size; id++) {
      let i = this.hashOf(id) & mask;
      while (t[i] !== 0) i = (i + 1) & mask;
      t[i] = id + 1;
    }
    this.table = t;
    this.mask = mask;
  }
  fingerprint(w: Int32Array): [number, number] {
    return [hashWords(w, 0, this.words, SEED_A), hashWords(w, 0, this.words, SEED_B)];
  }
}

export class ExactSeenSet extends OpenTable implements SeenSet {
  readonly mode = 'exact' as const;
  private arena: Int32Array;
  private hashes: Int32Array;
  constructor(words: number) {
    super(words);
    this.arena = allocInt32(words * 1024);
    this.hashes = allocInt32(1024);
  }
  protected hashOf(id: number): number {
    return this.hashes[id];
  }
  insert(w: Int32Array): number {
    const n = this.words;
    const h = hashWords(w, 0, n, SEED_A);
    const table = this.table;
    const arena = this.arena;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const slot = table[i];
      if (slot === 0) break;
      const id = slot - 1;
      if (this.hashes[id] === h) {
        const base = id * n;
        let j = 0;
        while (j < n && arena[base + j] === w[j]) j++;
        if (j === n) return -id - 1;
      }
      i = (i + 1) & mask;
    }
    const id = this.size;
    if ((id + 1) * n > this.arena.length) this.arena = growInt32(this.arena, (id + 1) * n, id * n);
    if (id + 1 > this.hashes.length) this.hashes = growInt32(this.hashes, id + 1, id);
    this.arena.set(w.subarray(0, n), id * n);
    this.hashes[id] = h;
    table[i] = id + 1;
    this.size = id + 1;
    this.maybeGrow();
    return id;
  }
  read(id: number, out: Int32Array): boolean {
    out.set(this.arena.subarray(id * this.words, (id + 1) * this.words));
    return true;
  }
  storedFingerprint(): null {
    return null;
  }
  bytes(): number {
    return (this.arena.length + this.hashes.length + this.table.length) * 4;
  }
}

export class FingerprintSeenSet extends OpenTable implements SeenSet {
  readonly mode = 'fp64' as const;
  private fps: Int32Array; // 2 words per id
  constructor(words: number) {
    super(words);
    this.fps = allocInt32(2048);
  }
  protected hashOf(id: number): number {
    return this.fps[2 * id];
  }
  insert(w: Int32Array): number {
    const n = this.words;
    const a = hashWords(w, 0, n, SEED_A);
    const b = hashWords(w, 0, n, SEED_B);
    const table = this.table;
    const mask = this.mask;
    const fps = this.fps;
    let i = a & mask;
    for (;;) {
      const slot = table[i];
      if (slot === 0) break;
      const id = slot - 1;
      if (fps[2 * id] === a && fps[2 * id + 1] === b) return -id - 1;
      i = (i + 1) & mask;
    }
    const id = this.size;
    if (2 * id + 2 > this.fps.length) this.fps = growInt32(this.fps, 2 * id + 2, 2 * id);
    this.fps[2 * id] = a;
    this.fps[2 * id + 1] = b;
    table[i] = id + 1;
    this.size = id + 1;
    this.maybeGrow();
    return id;
  }
  read(): boolean {
    return false;
  }
  storedFingerprint(id: number): [number, number] {
    return [this.fps[2 * id], this.fps[2 * id + 1]];
  }
  bytes(): number {
    return (this.fps.length + this.table.length) * 4;
  }
}

/** TLC's optimistic estimate of the chance that fingerprinting merged two distinct states. */
export function collisionProbability(distinct: number, generated: number): number {
  return (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
}
