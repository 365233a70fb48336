/**
 * The seen set: maps a packed state to a dense StateId, inserting it if new.
 *
 * Why this file exists: it is the heart of an explicit-state search. The interface, and:
 *  - ExactSeenSet: every state's words in an arena, compared in full on a hash match, as Rumur
 *    does. The search's exact mode uses the tree-compressed TreeSeenSet (tree-seen.ts, about 26
 *    bytes per kvfree state instead of 230); this one stays as the plain reference the tests
 *    hold it against.
 *  - FingerprintSeenSet (fp64): only a 64-bit fingerprint per state is kept, as TLC does; memory per state is
 *    constant, and a collision (two states, one fingerprint) would silently drop a state. The
 *    outcome reports TLC's estimate of that probability.
 * Ids are dense (0, 1, 2, ...) in insertion order and never change when a table grows; load
 * factor at most 1/2 (arena), 0.8 (fp64; up to 0.9 when a memory limit leaves no room to grow).
 * Every set tells the search what its index's next growth costs (`growthBytes`), so the search
 * stops before an allocation would pass its memory limit.
 *
 * What it must not do: allocate per lookup, or know anything about models or the search's
 * limits beyond the growth budget the search hands it.
 */
import { allocInt32, growInt32 } from './buffers.js';
import { hashWords, SEED_A, SEED_B } from './hash.js';

/**
 * How a successor record's two hash words are made for a seen set (`recordHashes`): `words`,
 * murmur3 of the state's words with two seeds (the table hash and, for fp64, the fingerprint's
 * other half); `none`, zeros (the tree-compressed set hashes its own nodes). The words are
 * computed where the record is written, by a worker thread when there are workers, so the
 * inserting thread does not hash.
 */
export type HashKind = 'words' | 'none';

/** The two hash words of `w[off..off+words)` for a seen set of kind `kind`, into `out[at]`, `out[at + 1]`. */
export function recordHashes(kind: HashKind, w: Int32Array, off: number, words: number, out: Int32Array, at: number): void {
  if (kind === 'none') {
    out[at] = 0;
    out[at + 1] = 0;
  } else {
    out[at] = hashWords(w, off, words, SEED_B);
    out[at + 1] = hashWords(w, off, words, SEED_A);
  }
}

export interface SeenSet {
  readonly mode: 'exact' | 'fp64';
  /** How the hash words `insertAt` takes are made (`recordHashes`). */
  readonly hashKind: HashKind;
  /** `read` gives states back (exact modes): a BFS frontier can then hold ids only. */
  readonly canRead: boolean;
  readonly size: number;
  /** Insert `w[0..words)`. Returns the new id (>= 0) or `-(existing id) - 1`. */
  insert(w: Int32Array): number;
  /** The table hash of `w[off..off+words)`, for `touch` and `insertAt` (`recordHashes`' first word). */
  hash(w: Int32Array, off: number): number;
  /**
   * Read the table slot `h` maps to and return a value derived from it. Touching the slots of a
   * batch of states before inserting them lets the CPU overlap their cache misses.
   */
  touch(h: number): number;
  /**
   * `insert` for `w[off..off+words)` whose `hash(w, off)` is `h`; `h2`, when given, is
   * `recordHashes`' second word for it (computed here otherwise).
   */
  insertAt(w: Int32Array, off: number, h: number, h2?: number): number;
  /** Words of state `id` into `out` (exact mode only; returns false in fp64 mode). */
  read(id: number, out: Int32Array): boolean;
  /**
   * Does `w[off..off+words)` hash to what is stored for `id`? Exact sets compare the words; fp64
   * compares the stored part of the fingerprint. Used to check a re-executed trace.
   */
  matches(id: number, w: Int32Array, off: number): boolean;
  /** Hint: state `id` with words `w` is about to be expanded; its successors are inserted next. */
  expand(id: number, w: Int32Array): void;
  /** Bytes of the hash index. */
  bytes(): number;
  /**
   * The most bytes the growth of the hash index adds, at its peak (old and new index both
   * alive), over `bytes()` while up to `inserts` more states are inserted; 0 if no growth is due
   * by then. The search's memory limit counts it instead of guessing from past rises.
   */
  growthBytes(inserts: number): number;
  /**
   * The bytes the hash index may take at the peak of a growth (old and new index): the search's
   * memory limit less its other structures (Infinity: no limit). A set that can grow by smaller
   * steps uses it to choose them; the others grow as they always do.
   */
  setGrowthBudget(bytes: number): void;
  /** Bytes of the stored states or fingerprints behind the index. */
  storeBytes(): number;
}

/**
 * Open addressing with linear probing over an Int32Array of `stride`-word slots:
 * `[id + 1 (0 = empty), hash, ...extra]`. Keeping the hash (and in fp64 mode the whole
 * fingerprint) inside the slot means a probe costs one cache miss, not three.
 */
abstract class OpenTable {
  protected table: Int32Array;
  protected cap: number;
  size = 0;
  constructor(
    protected readonly words: number,
    protected readonly stride: number,
  ) {
    this.cap = 1 << 18;
    this.table = allocInt32(this.cap * stride);
  }
  protected maybeGrow(): void {
    if (this.size * 2 < this.cap) return;
    const cap = this.cap * 2;
    const st = this.stride;
    const t = allocInt32(cap * st);
    const mask = cap - 1;
    const old = this.table;
    for (let j = 0; j < this.cap; j++) {
      if (old[j * st] === 0) continue;
      let i = old[j * st + 1] & mask;
      while (t[i * st] !== 0) i = (i + 1) & mask;
      for (let k = 0; k < st; k++) t[i * st + k] = old[j * st + k];
    }
    this.table = t;
    this.cap = cap;
  }
  /** The peak bytes the table's doublings add over `inserts` more inserts (see `SeenSet`). */
  growthBytes(inserts: number): number {
    const end = this.size + inserts;
    let cap = this.cap;
    let peak = 0;
    while (end * 2 >= cap) {
      peak = (3 * cap - this.cap) * this.stride * 4;
      cap *= 2;
    }
    return peak;
  }
  setGrowthBudget(): void {
    /* always doubles */
  }
  readonly hashKind = 'words' as const;
  hash(w: Int32Array, off: number): number {
    return hashWords(w, off, this.words, SEED_B);
  }
  touch(h: number): number {
    return this.table[(h & (this.cap - 1)) * this.stride];
  }
  insert(w: Int32Array): number {
    return this.insertAt(w, 0, hashWords(w, 0, this.words, SEED_B));
  }
  abstract insertAt(w: Int32Array, off: number, h: number, h2?: number): number;
}

/** States of at most this many words are also kept inside their table slot (one miss per probe). */
const INLINE_WORDS = 4;

export class ExactSeenSet extends OpenTable implements SeenSet {
  readonly mode = 'exact' as const;
  readonly canRead = true;
  private arena: Int32Array;
  private readonly inline: boolean;
  constructor(words: number) {
    super(words, words <= INLINE_WORDS ? 2 + words : 2);
    this.inline = words <= INLINE_WORDS;
    this.arena = allocInt32(words * 1024);
  }
  insertAt(w: Int32Array, off: number, h: number): number {
    const n = this.words;
    const table = this.table;
    const st = this.stride;
    const mask = this.cap - 1;
    let i = h & mask;
    if (this.inline) {
      for (;;) {
        const at = st * i;
        const slot = table[at];
        if (slot === 0) break;
        if (table[at + 1] === h) {
          let j = 0;
          while (j < n && table[at + 2 + j] === w[off + j]) j++;
          if (j === n) return -slot;
        }
        i = (i + 1) & mask;
      }
      for (let j = 0; j < n; j++) table[st * i + 2 + j] = w[off + j];
    } else {
      const arena = this.arena;
      for (;;) {
        const slot = table[2 * i];
        if (slot === 0) break;
        if (table[2 * i + 1] === h) {
          const base = (slot - 1) * n;
          let j = 0;
          while (j < n && arena[base + j] === w[off + j]) j++;
          if (j === n) return -slot;
        }
        i = (i + 1) & mask;
      }
    }
    const id = this.size;
    if ((id + 1) * n > this.arena.length) this.arena = growInt32(this.arena, (id + 1) * n, id * n);
    const a = this.arena;
    const base = id * n;
    for (let j = 0; j < n; j++) a[base + j] = w[off + j];
    table[st * i] = id + 1;
    table[st * i + 1] = h;
    this.size = id + 1;
    this.maybeGrow();
    return id;
  }
  read(id: number, out: Int32Array): boolean {
    out.set(this.arena.subarray(id * this.words, (id + 1) * this.words));
    return true;
  }
  matches(id: number, w: Int32Array, off: number): boolean {
    const base = id * this.words;
    for (let j = 0; j < this.words; j++) if (this.arena[base + j] !== w[off + j]) return false;
    return true;
  }
  expand(): void {
    /* no incremental state */
  }
  bytes(): number {
    return this.table.length * 4;
  }
  storeBytes(): number {
    return this.arena.length * 4;
  }
}

/** fp64: the load at which the table grows when a growth fits its budget. */
const MAX_LOAD = 0.8;
/** fp64: the load the table may rise to when no growth fits its budget; past it, it grows anyway. */
export const LOAD_CEILING = 0.9;
/** fp64: growth factors, tried largest first; a step must also bring the load back to MAX_LOAD. */
const STEPS = [2, 1.5, 1.25, 1.1];
const SLOT_BYTES = 12;

/**
 * fp64: a slot is `[id + 1, b, a]`, the state's 64-bit fingerprint in two halves (b: SEED_B,
 * a: SEED_A) next to its id, so a probe, and a hit, read one cache line and nothing else (a
 * dense per-id array of one half, read on every hit, cost a cache miss per duplicate successor:
 * most successors are duplicates). `b` chooses the home slot by multiply-shift (any capacity, not
 * only powers of two); the load stays in [0.4, 0.8] by doubling: 15 to 30 bytes per state. A
 * growth reads only the slots, and since multiply-shift homes grow with `b`, entries taken in
 * table order land in the new table in (nearly) increasing order: the rehash is a sequential
 * pass; it copies slots whole, so ids never change. Doubling, not growing 1.25x (15 to 18.75
 * bytes): a 1.25x growth re-inserts every state about 4 times over a search and touches 5 times
 * the final table's pages for the first time, and on the inserting thread of a search with
 * workers that was a sixth of its time (peterson n=6 with 2 workers: 16% faster doubling).
 * Linear probing at load 0.8 inspects about 13 slots per miss.
 *
 * Under a memory limit doubling is wasteful at the end: the last doubling needs the old table
 * and one twice its size at once (3x), which a limit may not hold when 1.25x would (kvfree-v1
 * stopped at 12 GB with 3.2 GB of fingerprints). So the search gives the set a growth budget
 * (`setGrowthBudget`: the bytes old and new table may take together) and a growth takes the
 * largest of STEPS that fits it and brings the load back to at most MAX_LOAD; when none fits the
 * load may rise to LOAD_CEILING, and past that the set grows by the smallest such step over the
 * budget (it must: a full table cannot take a state). The search stops before that happens:
 * `growthBytes` tells it what the growths due within its next ticks will cost, by the same rule.
 * Without a budget (Infinity) every growth is a doubling at load 0.8, as it always was; the
 * budget is read only in `grow`, never per insert.
 */
export class FingerprintSeenSet implements SeenSet {
  readonly mode = 'fp64' as const;
  readonly hashKind = 'words' as const;
  readonly canRead = false;
  size = 0;
  private table: Int32Array;
  private cap: number;
  /** `insertAt` calls `grow` when `size` passes it: `cap * MAX_LOAD`, or `cap * LOAD_CEILING` when no growth fits. */
  private limit: number;
  private budget = Number.POSITIVE_INFINITY;
  constructor(
    private readonly words: number,
    initialCapacity = 1 << 18,
  ) {
    this.cap = initialCapacity;
    this.limit = initialCapacity * MAX_LOAD;
    this.table = allocInt32(this.cap * 3);
  }
  /** Slots of the table. */
  get capacity(): number {
    return this.cap;
  }
  private home(b: number): number {
    // (b as unsigned) * cap / 2^32: a float product below 2^53, so exact, and never >= cap.
    return Math.floor(((b >>> 0) * this.cap) / 4294967296);
  }
  /** The half that chooses the home slot (`b`). */
  hash(w: Int32Array, off: number): number {
    return hashWords(w, off, this.words, SEED_B);
  }
  touch(h: number): number {
    return this.table[this.home(h) * 3];
  }
  insert(w: Int32Array): number {
    return this.insertAt(w, 0, hashWords(w, 0, this.words, SEED_B));
  }
  insertAt(w: Int32Array, off: number, b: number, a: number = hashWords(w, off, this.words, SEED_A)): number {
    const table = this.table;
    const cap = this.cap;
    let i = this.home(b);
    for (;;) {
      const at = 3 * i;
      const slot = table[at];
      if (slot === 0) break;
      if (table[at + 1] === b && table[at + 2] === a) return -slot;
      i = i + 1 === cap ? 0 : i + 1;
    }
    const id = this.size;
    table[3 * i] = id + 1;
    table[3 * i + 1] = b;
    table[3 * i + 2] = a;
    this.size = id + 1;
    if (this.size > this.limit) this.grow();
    return id;
  }
  /** The bytes old and new table may take together during a growth (Infinity: always double). */
  setGrowthBudget(bytes: number): void {
    this.budget = bytes;
    // A raised load limit is retried against the new budget at the next insert.
    this.limit = this.cap * MAX_LOAD;
  }
  /**
   * The capacity a growth from `cap` slots holding `size` states goes to under the budget: the
   * largest step that fits and brings the load to MAX_LOAD; 0 if none fits; with `force`, the
   * smallest such step whatever it costs.
   */
  private nextCap(cap: number, size: number, force: boolean): number {
    let smallest = 0;
    for (const f of STEPS) {
      const c = Math.floor(cap * f);
      if (c * MAX_LOAD < size) break;
      if (!force && (cap + c) * SLOT_BYTES <= this.budget) return c;
      smallest = c;
    }
    return force ? smallest : 0;
  }
  /** The peak bytes the growths due within `inserts` more inserts add over `bytes()` (see the class comment). */
  growthBytes(inserts: number): number {
    const end = this.size + inserts;
    let cap = this.cap;
    let limit = this.limit;
    let peak = 0;
    while (end > limit) {
      // `grow` runs when `size` first passes `limit`.
      const size = Math.max(this.size + 1, Math.floor(limit) + 1);
      const raised = limit >= cap * LOAD_CEILING;
      let to = this.nextCap(cap, size, false);
      if (to === 0 && !raised) {
        limit = cap * LOAD_CEILING;
        continue;
      }
      if (to === 0) to = this.nextCap(cap, size, true);
      peak = (cap + to - this.cap) * SLOT_BYTES;
      cap = to;
      limit = cap * MAX_LOAD;
    }
    return peak;
  }
  private grow(): void {
    let cap = this.nextCap(this.cap, this.size, false);
    if (cap === 0) {
      if (this.limit < this.cap * LOAD_CEILING) {
        // No growth fits: the load rises; the search stops before it reaches the ceiling.
        this.limit = this.cap * LOAD_CEILING;
        return;
      }
      cap = this.nextCap(this.cap, this.size, true);
    }
    this.rehash(cap);
    this.limit = cap * MAX_LOAD;
  }
  /** Move every slot, whole (ids stay), into a table of `cap` slots. */
  private rehash(cap: number): void {
    const oldCap = this.cap;
    const old = this.table;
    this.cap = cap;
    const t = allocInt32(cap * 3);
    // Entries of a probe run that wrapped past the end sit at the start of the old table, ahead
    // of their home; start at the first empty slot so each run is re-inserted in probe order.
    let start = 0;
    while (old[3 * start] !== 0) start++;
    for (let n = 0; n < oldCap; n++) {
      const j = start + n < oldCap ? start + n : start + n - oldCap;
      const slot = old[3 * j];
      if (slot === 0) continue;
      const b = old[3 * j + 1];
      let i = this.home(b);
      while (t[3 * i] !== 0) i = i + 1 === cap ? 0 : i + 1;
      t[3 * i] = slot;
      t[3 * i + 1] = b;
      t[3 * i + 2] = old[3 * j + 2];
    }
    this.table = t;
  }
  read(): boolean {
    return false;
  }
  /** Is the state `id` the one stored under `w`'s fingerprint? */
  matches(id: number, w: Int32Array, off: number): boolean {
    const b = hashWords(w, off, this.words, SEED_B);
    const a = hashWords(w, off, this.words, SEED_A);
    const table = this.table;
    let i = this.home(b);
    for (;;) {
      const at = 3 * i;
      const slot = table[at];
      if (slot === 0) return false;
      if (table[at + 1] === b && table[at + 2] === a) return slot === id + 1;
      i = i + 1 === this.cap ? 0 : i + 1;
    }
  }
  expand(): void {
    /* nothing to prepare */
  }
  bytes(): number {
    return this.table.length * 4;
  }
  storeBytes(): number {
    return 0;
  }
}

/** TLC's optimistic estimate of the chance that fingerprinting merged two distinct states. */
export function collisionProbability(distinct: number, generated: number): number {
  return (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
}
