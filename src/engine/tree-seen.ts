/**
 * An exact seen set with tree compression (Laarman, van de Pol, Weber, "Parallel Recursive
 * State Compression for Free", SPIN 2011, as in LTSmin).
 *
 * Why this file exists: the exact seen set keeps every state's words (4 bytes per word, 200+
 * bytes per kvfree state); the states of a model checker are combinations of few local parts,
 * so most of those bytes repeat. Here a state vector is split by a fixed binary tree: a node is
 * a pair of refs, a ref is a word (at the bottom) or a node number of the level below. Nodes are
 * stored once, densely in chunked arrays, and found through open-addressing indexes of node
 * numbers, one node table per tree height; the root pair is stored densely per state id (the
 * id IS the root's number). A new state typically costs its root pair plus a few new nodes.
 * Lossless: `read` rebuilds the exact words, and no two states can be confused.
 *
 * Incremental insertion: `expand(id)` (and `read(id)`) loads the node numbers of state `id`'s
 * tree (a walk down from its root that skips subtrees equal to those of the previous base);
 * `insertAt` then reuses every node whose words equal the base's and looks up only changed
 * nodes and their ancestors. Without a hint the base follows the last inserted state.
 *
 * Index layout: a slot is `(hash << bits) | (node + 1)`, 0 = empty, where `bits` is the width of
 * the index capacity, so the free high bits of the slot filter most probes without reading the
 * node. Home slot by multiply-shift (capacity need not be a power of two), linear probing; at
 * load 3/4 an index is rebuilt 1.25x larger from the dense node arrays (node numbers and ids
 * never move, and the old index is not needed for the rebuild).
 *
 * Hand-written: no npm library provides tree compression (or an open-addressing pair set) over
 * JS typed arrays.
 *
 * What it must not do: allocate per insert or per lookup, renumber ids or nodes, know anything
 * about models, or import node:fs, immer, graphology or yargs.
 */
import { allocInt32, scratchInt32 } from './buffers.js';
import { CHUNK_MASK, CHUNK_SHIFT, ChunkedInt32 } from './chunked.js';
import { hashWords, SEED_A, SEED_B } from './hash.js';

/** Rebuild an index when more than this fraction of its slots is used. */
const MAX_LOAD = 0.75;
/** Growth factor of an index (load after a rebuild: 0.6). */
const GROWTH = 1.25;
const DEFAULT_CAPACITY = 1 << 10;
const TWO_TO_MINUS_32 = 2.3283064365386963e-10;

/** murmur3's mixing of two words (seed 0). */
function pairHash(l: number, r: number): number {
  let k = Math.imul(l, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  let h = Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  k = Math.imul(r, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A set of (left, right) Int32 pairs numbered 0, 1, 2, ... in insertion order: pair k at
 * `pairs[2k], pairs[2k + 1]` (a chunk holds an even number of elements, so a pair never
 * straddles two chunks), plus its open-addressing index.
 */
class PairTable {
  readonly pairs = new ChunkedInt32();
  count = 0;
  index: Int32Array;
  cap: number;
  /** Low `bits` of a slot: node + 1; the rest: the low bits of the pair's hash. */
  private bits = 0;
  private idMask = 0;
  private limit = 0;

  constructor(capacity: number) {
    this.cap = Math.max(4, capacity);
    this.index = allocInt32(this.cap);
    this.setCap(this.cap);
  }

  private setCap(cap: number): void {
    this.cap = cap;
    this.bits = 32 - Math.clz32(cap);
    this.idMask = this.bits >= 31 ? 0x7fffffff : (1 << this.bits) - 1;
    this.limit = Math.floor(cap * MAX_LOAD);
  }

  /** Node k of pair (l, r) if it is new, `~k` if it was there already. */
  put(l: number, r: number): number {
    const h = pairHash(l, r);
    const index = this.index;
    const cap = this.cap;
    const idMask = this.idMask;
    const tag = h << this.bits;
    const chunks = this.pairs.chunks;
    let i = Math.floor((h >>> 0) * cap * TWO_TO_MINUS_32);
    for (;;) {
      const s = index[i];
      if (s === 0) break;
      if (((s ^ tag) & ~idMask) === 0) {
        const at = ((s & idMask) - 1) << 1;
        const c = chunks[at >>> CHUNK_SHIFT];
        const o = at & CHUNK_MASK;
        if (c[o] === l && c[o + 1] === r) return ~((s & idMask) - 1);
      }
      if (++i === cap) i = 0;
    }
    const k = this.count;
    const at = k << 1;
    if (at >= this.pairs.capacity) this.pairs.ensure(at);
    const c = chunks[at >>> CHUNK_SHIFT];
    const o = at & CHUNK_MASK;
    c[o] = l;
    c[o + 1] = r;
    this.count = k + 1;
    if (k + 1 > this.limit) this.rebuild(Math.ceil(cap * GROWTH));
    else index[i] = tag | (k + 1);
    return k;
  }

  left(k: number): number {
    const at = k << 1;
    return this.pairs.chunks[at >>> CHUNK_SHIFT][at & CHUNK_MASK];
  }

  right(k: number): number {
    const at = (k << 1) + 1;
    return this.pairs.chunks[at >>> CHUNK_SHIFT][at & CHUNK_MASK];
  }

  /** A fresh index of `cap` slots, filled from the dense pairs (the old index is not read). */
  private rebuild(cap: number): void {
    const index = allocInt32(cap);
    this.setCap(cap);
    const bits = this.bits;
    const chunks = this.pairs.chunks;
    for (let k = 0; k < this.count; k++) {
      const at = k << 1;
      const c = chunks[at >>> CHUNK_SHIFT];
      const o = at & CHUNK_MASK;
      const h = pairHash(c[o], c[o + 1]);
      let i = Math.floor((h >>> 0) * cap * TWO_TO_MINUS_32);
      while (index[i] !== 0) if (++i === cap) i = 0;
      index[i] = (h << bits) | (k + 1);
    }
    this.index = index;
  }
}

export interface TreeSeenOptions {
  /** Initial slots of every index (default 1024); small values exercise growth in tests. */
  initialCapacity?: number;
}

export class TreeSeenSet {
  readonly mode = 'exact' as const;
  private readonly words: number;
  /** Words the tree covers: `max(words, 2)` (one word is padded with a constant 0). */
  private readonly nw: number;
  /** Tree positions 0..root in post-order (children before parents); `root = nw - 2`. */
  private readonly root: number;
  /** Children of each position: >= 0 a position, < 0 word `~c`. */
  private readonly lc: Int32Array;
  private readonly rc: Int32Array;
  /** Table of each non-root position (its height - 1). */
  private readonly tabOf: Int32Array;
  private readonly tables: PairTable[] = [];
  /** Root pairs, by state id. */
  private readonly roots: PairTable;
  /** The base state (expanded, read or last inserted): its id (-1: none), words and node numbers. */
  private baseId = -1;
  private readonly baseW: Int32Array;
  private baseRef: Int32Array;
  /** Node numbers of the state being inserted (swapped with baseRef when it becomes the base). */
  private cur: Int32Array;
  /** After `expand`, the base stays the expanded state; before, it follows the last insert. */
  private pinned = false;
  private readonly stack: Int32Array;
  private readonly pad: Int32Array;

  constructor(words: number, options: TreeSeenOptions = {}) {
    if (!Number.isInteger(words) || words < 1) throw new RangeError(`words must be a positive integer, got ${words}`);
    const capacity = options.initialCapacity ?? DEFAULT_CAPACITY;
    this.words = words;
    const nw = Math.max(2, words);
    this.nw = nw;
    const P = nw - 1;
    this.root = P - 1;
    this.lc = scratchInt32(P);
    this.rc = scratchInt32(P);
    this.tabOf = scratchInt32(P);
    const height = scratchInt32(P);
    let next = 0;
    // Leaves are word pairs at even offsets; a range's leaves are split as evenly as possible,
    // so the odd last word (if any) is the right child of a node above the leaves.
    const build = (lo: number, hi: number): number => {
      const len = hi - lo;
      if (len === 1) return ~lo;
      let mid = lo + 1;
      if (len > 2) mid = lo + 2 * Math.ceil(Math.ceil(len / 2) / 2);
      const l = build(lo, mid);
      const r = build(mid, hi);
      const p = next++;
      this.lc[p] = l;
      this.rc[p] = r;
      height[p] = 1 + Math.max(l < 0 ? 0 : height[l], r < 0 ? 0 : height[r]);
      return p;
    };
    build(0, nw);
    for (let p = 0; p < this.root; p++) {
      this.tabOf[p] = height[p] - 1;
      while (this.tables.length < height[p]) this.tables.push(new PairTable(capacity));
    }
    this.roots = new PairTable(capacity);
    this.baseW = scratchInt32(nw);
    this.baseRef = scratchInt32(P);
    this.cur = scratchInt32(P);
    this.stack = scratchInt32(P);
    this.pad = scratchInt32(2);
  }

  get size(): number {
    return this.roots.count;
  }

  hash(w: Int32Array, off: number): number {
    return hashWords(w, off, this.words, SEED_A);
  }

  /**
   * The tree's lookups depend on the words of each node, not on the state's hash, so there is
   * nothing to prefetch: this reads a word of the base, which `insertAt` reads first.
   */
  touch(h: number): number {
    return this.baseW[h & 1] ^ h;
  }

  insert(w: Int32Array): number {
    return this.insertAt(w, 0, 0);
  }

  /** `h` is not used: the tree hashes its nodes, not the whole state. */
  insertAt(w: Int32Array, off: number, _h: number): number {
    let src = w;
    let o = off;
    if (this.words === 1) {
      this.pad[0] = w[off];
      src = this.pad;
      o = 0;
    }
    const { lc, rc, tabOf, tables, root, baseW, baseRef } = this;
    const cur = this.cur;
    let rl: number;
    let rr: number;
    if (this.baseId < 0) {
      for (let p = 0; p < root; p++) {
        const a = lc[p];
        const b = rc[p];
        const k = tables[tabOf[p]].put(a < 0 ? src[o + ~a] : cur[a], b < 0 ? src[o + ~b] : cur[b]);
        cur[p] = k < 0 ? ~k : k;
      }
      const a = lc[root];
      const b = rc[root];
      rl = a < 0 ? src[o + ~a] : cur[a];
      rr = b < 0 ? src[o + ~b] : cur[b];
    } else {
      // A position differs from the base iff one of its children does; refs are unique per
      // content within a table, so a child node differs iff its number does.
      for (let p = 0; p < root; p++) {
        const a = lc[p];
        const b = rc[p];
        let l: number;
        let r: number;
        let d: boolean;
        if (a < 0) {
          l = src[o + ~a];
          d = l !== baseW[~a];
        } else {
          l = cur[a];
          d = l !== baseRef[a];
        }
        if (b < 0) {
          r = src[o + ~b];
          d = d || r !== baseW[~b];
        } else {
          r = cur[b];
          d = d || r !== baseRef[b];
        }
        if (d) {
          const k = tables[tabOf[p]].put(l, r);
          cur[p] = k < 0 ? ~k : k;
        } else {
          cur[p] = baseRef[p];
        }
      }
      const a = lc[root];
      const b = rc[root];
      let d: boolean;
      if (a < 0) {
        rl = src[o + ~a];
        d = rl !== baseW[~a];
      } else {
        rl = cur[a];
        d = rl !== baseRef[a];
      }
      if (b < 0) {
        rr = src[o + ~b];
        d = d || rr !== baseW[~b];
      } else {
        rr = cur[b];
        d = d || rr !== baseRef[b];
      }
      if (!d) return ~this.baseId;
    }
    const res = this.roots.put(rl, rr);
    if (!this.pinned) {
      // The inserted state becomes the base: its node numbers are all in `cur`.
      this.cur = baseRef;
      this.baseRef = cur;
      for (let j = 0; j < this.nw; j++) baseW[j] = src[o + j];
      this.baseId = res < 0 ? ~res : res;
    }
    return res;
  }

  /**
   * Words of `id` into `out`. Also makes `id` the base of the next inserts (the search reads a
   * state, then expands it).
   */
  read(id: number, out: Int32Array): boolean {
    this.load(id);
    const n = this.words;
    const baseW = this.baseW;
    for (let j = 0; j < n; j++) out[j] = baseW[j];
    return true;
  }

  /** Hint: the state with id `id` and words `w` is about to be expanded; successors inserted next mostly share subtrees with it. */
  expand(id: number, _w: Int32Array): void {
    this.pinned = true;
    this.load(id);
  }

  fingerprint(w: Int32Array): [number, number] {
    return [hashWords(w, 0, this.words, SEED_A), hashWords(w, 0, this.words, SEED_B)];
  }

  storedFingerprint(): null {
    return null;
  }

  /** Bytes of the hash indexes (allocated). */
  bytes(): number {
    let b = this.roots.index.length * 4;
    for (const t of this.tables) b += t.index.length * 4;
    return b;
  }

  /** Bytes of the node and root pairs (allocated chunks). */
  storeBytes(): number {
    let b = this.roots.pairs.bytes();
    for (const t of this.tables) b += t.pairs.bytes();
    return b;
  }

  /**
   * Make state `id` the base: walk down from its root pair, writing node numbers and words;
   * below a position whose node number equals the previous base's, nothing changed.
   */
  private load(id: number): void {
    if (id === this.baseId) return;
    const { lc, rc, tabOf, tables, root, baseW, baseRef, stack } = this;
    const all = this.baseId < 0;
    let sp = 0;
    let p = root;
    let l = this.roots.left(id);
    let r = this.roots.right(id);
    for (;;) {
      const a = lc[p];
      if (a < 0) baseW[~a] = l;
      else if (all || baseRef[a] !== l) {
        baseRef[a] = l;
        stack[sp++] = a;
      }
      const b = rc[p];
      if (b < 0) baseW[~b] = r;
      else if (all || baseRef[b] !== r) {
        baseRef[b] = r;
        stack[sp++] = b;
      }
      if (sp === 0) break;
      p = stack[--sp];
      const t = tables[tabOf[p]];
      const k = baseRef[p];
      l = t.left(k);
      r = t.right(k);
    }
    this.baseId = id;
  }
}
