/**
 * An exact seen set with tree compression (Laarman, van de Pol, Weber, "Parallel Recursive
 * State Compression for Free", SPIN 2011, as in LTSmin).
 *
 * Why this file exists: the exact seen set keeps every state's words (4 bytes per word, 200+
 * bytes per kvfree state); the states of a model checker are combinations of few local parts,
 * so most of those bytes repeat. Here a state vector is split by a fixed binary tree whose
 * leaves are word pairs: a node is a pair of refs, a ref is a word (at the bottom) or a node
 * number. Nodes are stored once, densely in chunked arrays (one table for all tree positions:
 * the position says how a pair is read, so pairs need no level tag), and found through an
 * open-addressing index of node numbers; the root pair is stored densely per state id with its
 * own index (the id IS the root's number). A new state costs its root pair (8 bytes + its index
 * slot) plus the few nodes no earlier state had: about 15-17 bytes per kvfree state.
 * Lossless: `read` rebuilds the exact words, and no two states can be confused.
 *
 * Incremental insertion: `expand(id)` (and `read(id)`) loads the node numbers of state `id`'s
 * tree (a walk down from its root that skips subtrees equal to those of the previous base);
 * `insertAt` then finds the words that differ from the base and looks up only their ancestors,
 * reusing the base's node for every other subtree without hashing. Before any `expand` the base
 * follows the last inserted state; without any base (the first insert) every node is looked up.
 *
 * Index layout: a slot is `(hash << bits) | (node + 1)`, 0 = empty, where `bits` is the width of
 * the index capacity, so the free high bits of the slot filter most probes without reading the
 * node. Home slot by multiply-shift (capacity need not be a power of two), linear probing; at
 * load 3/4 an index is rebuilt 1.5x larger from the dense pairs (node numbers and ids never
 * move, and the old index is not read, so growth needs no per-slot hash). `growthBytes` tells
 * the search what the rebuilds due soon cost at their peak (old and new index alive at once).
 *
 * Hand-written: no npm library provides tree compression (or an open-addressing pair set) over
 * JS typed arrays.
 *
 * What it must not do: allocate per insert or per lookup, renumber ids or nodes, know anything
 * about models, or import node:fs, immer, graphology or yargs.
 */
import { allocInt32, scratchInt32 } from './buffers.js';
import { CHUNK_MASK, CHUNK_SHIFT, ChunkedInt32 } from './chunked.js';
import type { SeenSet } from './seen.js';

/** Rebuild an index when more than this fraction of its slots is used. */
const MAX_LOAD = 0.75;
/** Growth factor of an index (load after a rebuild: 1/2; at 1.25 rebuilds took 10% of the time). */
const GROWTH = 1.5;
const DEFAULT_CAPACITY = 1 << 10;
const TWO_TO_MINUS_32 = 2.3283064365386963e-10;
/**
 * Per tree position, a direct-mapped cache of 2^MEMO_BITS recent (left, right) -> node lookups
 * (`[left, right, node + 1, unused]` each; node + 1 = 0: empty). Siblings in a BFS make the same
 * moves, so most lookups below the root (3/4 on kvfree-v1) hit it and skip the pair hash and the
 * index. Nodes never move, so an entry never goes stale.
 */
const MEMO_BITS = 4;
const MEMO_HASH_SHIFT = 32 - MEMO_BITS;
const MEMO_SHIFT = MEMO_BITS + 2;

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
    if (k + 1 > this.limit) this.rebuild();
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

  /** The capacity `rebuild` goes to from `cap` slots holding `count` pairs. */
  private static grown(cap: number, count: number): number {
    let to = Math.ceil(cap * GROWTH);
    while (Math.floor(to * MAX_LOAD) < count) to = Math.ceil(to * GROWTH);
    return to;
  }

  /** The peak bytes the rebuilds due within `adds` more pairs add over the index's bytes (old and new index alive at once). */
  growthBytes(adds: number): number {
    const end = this.count + adds;
    let cap = this.cap;
    let peak = 0;
    while (end > Math.floor(cap * MAX_LOAD)) {
      const to = PairTable.grown(cap, Math.floor(cap * MAX_LOAD) + 1);
      peak = (cap + to - this.cap) * 4;
      cap = to;
    }
    return peak;
  }

  /** A larger index, filled from the dense pairs (the old index is not read). */
  private rebuild(): void {
    const cap = PairTable.grown(this.cap, this.count);
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

export class TreeSeenSet implements SeenSet {
  readonly mode = 'exact' as const;
  readonly hashKind = 'none' as const;
  readonly canRead = true;
  private readonly words: number;
  /** Words the tree covers: `max(words, 2)` (one word is padded with a constant 0). */
  private readonly nw: number;
  /** Tree positions 0..root in post-order (children before parents); `root = nw - 2`. */
  private readonly root: number;
  /** Children of each position: >= 0 a position, < 0 word `~c`. */
  private readonly lc: Int32Array;
  private readonly rc: Int32Array;
  /** Parent of each position (-1 for the root) and of each word. */
  private readonly par: Int32Array;
  private readonly wordPar: Int32Array;
  /** The nodes below the roots, of all positions (a pair is read by the position it is at). */
  private readonly nodes: PairTable;
  /** Root pairs, by state id. */
  private readonly roots: PairTable;
  /** The base state (expanded, read or last inserted): its id (-1: none), words and node numbers. */
  private baseId = -1;
  private readonly baseW: Int32Array;
  private readonly baseRef: Int32Array;
  /** After `expand`, the base stays the expanded state; before, it follows the last insert. */
  private pinned = false;
  /** Node numbers of the changed positions of the state being inserted, when pinned. */
  private readonly cur: Int32Array;
  /** `mark[p] === epoch`: position p differs from the base in the current insert. */
  private readonly mark: Int32Array;
  private epoch = 0;
  /** Changed words of the state being inserted, and the changed children of each position. */
  private readonly changed: Int32Array;
  private readonly pend: Int32Array;
  private readonly memo: Int32Array;
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
    this.par = scratchInt32(P);
    this.wordPar = scratchInt32(nw);
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
      for (const c of [l, r]) {
        if (c < 0) this.wordPar[~c] = p;
        else this.par[c] = p;
      }
      return p;
    };
    build(0, nw);
    this.par[this.root] = -1;
    this.nodes = new PairTable(capacity);
    this.roots = new PairTable(capacity);
    this.baseW = scratchInt32(nw);
    this.baseRef = scratchInt32(P);
    this.cur = scratchInt32(P);
    this.mark = scratchInt32(P);
    this.changed = scratchInt32(nw);
    this.pend = scratchInt32(P);
    this.memo = scratchInt32(P << MEMO_SHIFT);
    this.stack = scratchInt32(P);
    this.pad = scratchInt32(2);
  }

  get size(): number {
    return this.roots.count;
  }

  /** `insertAt` hashes the tree's nodes, not the whole state, so a state's hash is not needed: 0. */
  hash(_w: Int32Array, _off: number): number {
    return 0;
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
    if (this.baseId < 0) return this.insertFull(src, o);
    const { lc, rc, nodes, root, baseW, baseRef, mark, par, wordPar, nw, memo } = this;
    // Unpinned, the inserted state becomes the base: its words and node numbers are written
    // over the base's as they are found (a changed child is always done before its parent).
    const pinned = this.pinned;
    const out = pinned ? this.cur : baseRef;
    const changed = this.changed;
    // Changed words (4 at a time: most are equal).
    let nc = 0;
    let j = 0;
    for (; j + 4 <= nw; j += 4) {
      const q = o + j;
      if (((src[q] ^ baseW[j]) | (src[q + 1] ^ baseW[j + 1]) | (src[q + 2] ^ baseW[j + 2]) | (src[q + 3] ^ baseW[j + 3])) === 0) continue;
      for (let x = j; x < j + 4; x++) if (src[o + x] !== baseW[x]) changed[nc++] = x;
    }
    for (; j < nw; j++) if (src[o + j] !== baseW[j]) changed[nc++] = j;
    if (nc === 0) return ~this.baseId;
    let res = 0;
    if (nc === 1 || (nc === 2 && wordPar[changed[0]] === wordPar[changed[1]])) {
      // One changed leaf (most successors): only its path to the root changes.
      if (!pinned) for (let c = 0; c < nc; c++) baseW[changed[c]] = src[o + changed[c]];
      let p = wordPar[changed[0]];
      let prev = -1;
      let v = 0;
      for (;;) {
        const a = lc[p];
        const b = rc[p];
        const l = a < 0 ? src[o + ~a] : a === prev ? v : baseRef[a];
        const r = b < 0 ? src[o + ~b] : b === prev ? v : baseRef[b];
        if (p === root) {
          res = this.roots.put(l, r);
          break;
        }
        // Inlined (V8 does not inline a helper into this large function).
        const m = (p << MEMO_SHIFT) + ((Math.imul(l ^ Math.imul(r, 0x9e3779b1), 0x85ebca6b) >>> MEMO_HASH_SHIFT) << 2);
        if (memo[m + 2] !== 0 && memo[m] === l && memo[m + 1] === r) {
          v = memo[m + 2] - 1;
        } else {
          const k = nodes.put(l, r);
          v = k < 0 ? ~k : k;
          memo[m] = l;
          memo[m + 1] = r;
          memo[m + 2] = v + 1;
        }
        out[p] = v;
        prev = p;
        p = par[p];
      }
      if (!pinned) this.baseId = res < 0 ? ~res : res;
      return res;
    }
    // Mark the changed positions (ancestors of changed words); `pend[p]`: p's changed children.
    if (this.epoch === 0x7fffffff) {
      mark.fill(0);
      this.epoch = 0;
    }
    const epoch = ++this.epoch;
    const pend = this.pend;
    for (let c = 0; c < nc; c++) {
      const x = changed[c];
      if (!pinned) baseW[x] = src[o + x];
      let p = wordPar[x];
      if (mark[p] === epoch) {
        pend[p]++;
        continue;
      }
      mark[p] = epoch;
      pend[p] = 1;
      while (p !== root) {
        p = par[p];
        if (mark[p] === epoch) {
          pend[p]++;
          break;
        }
        mark[p] = epoch;
        pend[p] = 1;
      }
    }
    // Up each changed word's path, a position is a pair of its children's new or base refs
    // once all its changed children are done; the root comes last.
    for (let c = 0; c < nc; c++) {
      let p = wordPar[changed[c]];
      while (--pend[p] === 0) {
        const a = lc[p];
        const b = rc[p];
        const l = a < 0 ? src[o + ~a] : mark[a] === epoch ? out[a] : baseRef[a];
        const r = b < 0 ? src[o + ~b] : mark[b] === epoch ? out[b] : baseRef[b];
        if (p === root) {
          res = this.roots.put(l, r);
          break;
        }
        let v: number;
        const m = (p << MEMO_SHIFT) + ((Math.imul(l ^ Math.imul(r, 0x9e3779b1), 0x85ebca6b) >>> MEMO_HASH_SHIFT) << 2);
        if (memo[m + 2] !== 0 && memo[m] === l && memo[m + 1] === r) {
          v = memo[m + 2] - 1;
        } else {
          const k = nodes.put(l, r);
          v = k < 0 ? ~k : k;
          memo[m] = l;
          memo[m + 1] = r;
          memo[m + 2] = v + 1;
        }
        out[p] = v;
        p = par[p];
      }
    }
    if (!pinned) this.baseId = res < 0 ? ~res : res;
    return res;
  }

  /** Insert with no base: every node is looked up; the state becomes the base. */
  private insertFull(src: Int32Array, o: number): number {
    const { lc, rc, nodes, root, baseW, baseRef, nw } = this;
    for (let j = 0; j < nw; j++) baseW[j] = src[o + j];
    for (let p = 0; p < root; p++) {
      const a = lc[p];
      const b = rc[p];
      const k = nodes.put(a < 0 ? baseW[~a] : baseRef[a], b < 0 ? baseW[~b] : baseRef[b]);
      baseRef[p] = k < 0 ? ~k : k;
    }
    const a = lc[root];
    const b = rc[root];
    const res = this.roots.put(a < 0 ? baseW[~a] : baseRef[a], b < 0 ? baseW[~b] : baseRef[b]);
    this.baseId = res < 0 ? ~res : res;
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

  /** Are `w[off..off+words)` the words of `id`? (Makes `id` the base, as `read` does.) */
  matches(id: number, w: Int32Array, off: number): boolean {
    this.load(id);
    const baseW = this.baseW;
    for (let j = 0; j < this.words; j++) if (baseW[j] !== w[off + j]) return false;
    return true;
  }

  /** Bytes of the hash indexes (allocated). */
  bytes(): number {
    return (this.roots.index.length + this.nodes.index.length) * 4;
  }

  /**
   * The peak bytes the index rebuilds due within `inserts` more states add: the roots' index
   * takes one pair per state, the nodes' at most one per tree position below the root (a
   * state's unchanged subtrees reuse nodes), and in practice far fewer (about 1 to 3 on kvfree):
   * counted as twice the mean so far (new nodes per state only fall as a search goes on), capped
   * by the tree positions. Both peaks are added, though they need not coincide.
   */
  growthBytes(inserts: number): number {
    const positions = this.nw - 2;
    const states = this.roots.count;
    const perState = states === 0 ? positions : Math.min(positions, Math.ceil((2 * this.nodes.count) / states));
    return this.roots.growthBytes(inserts) + this.nodes.growthBytes(inserts * perState);
  }

  /** Indexes grow by a fixed 1.5x already: the budget is not used. */
  setGrowthBudget(): void {
    /* fixed growth */
  }

  /** Bytes of the node and root pairs (allocated chunks). */
  storeBytes(): number {
    return this.roots.pairs.bytes() + this.nodes.pairs.bytes();
  }

  /**
   * Make state `id` the base: walk down from its root pair, writing node numbers and words;
   * below a position whose node number equals the previous base's, nothing changed.
   */
  private load(id: number): void {
    // The first insert makes a base, so there is one whenever a state exists to load.
    if (id === this.baseId) return;
    const { lc, rc, nodes, root, baseW, baseRef, stack } = this;
    let sp = 0;
    let p = root;
    let l = this.roots.left(id);
    let r = this.roots.right(id);
    for (;;) {
      const a = lc[p];
      if (a < 0) baseW[~a] = l;
      else if (baseRef[a] !== l) {
        baseRef[a] = l;
        stack[sp++] = a;
      }
      const b = rc[p];
      if (b < 0) baseW[~b] = r;
      else if (baseRef[b] !== r) {
        baseRef[b] = r;
        stack[sp++] = b;
      }
      if (sp === 0) break;
      p = stack[--sp];
      const k = baseRef[p];
      l = nodes.left(k);
      r = nodes.right(k);
    }
    this.baseId = id;
  }
}
