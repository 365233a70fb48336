/**
 * Canonicalisation: the step between producing a successor's words and hashing them.
 *
 * Why this file exists: symmetry reduction stores one representative per orbit of the model's
 * symmetry group. The search canonicalises every successor and stores what it gets; with no
 * symmetry that is the identity (no-op calls, no flag in the hot loop). The representative is
 * exact: the least (lexicographically, as signed words) of the state's images under every group
 * element, so two states get one representative exactly when they are in one orbit. Successors
 * are always computed from a stored representative, which is itself a reachable state.
 *
 * The hot path has two halves around the stepper's encode: `imagesOf(next, slot)` runs each
 * element on the successor while it is still in the recipe's mirror (no decode) and encodes the
 * images; `pick(words, off, slot)` then compares them with the successor's own words and keeps
 * the least, remembering the orbit's size for `orbitSize(slot)`. This needs elements that assign
 * every field (`Permutation.complete`); other elements take the words-only path (decode, copy,
 * apply, encode), as do initial states and traces. With one such element (a group of two, the
 * kvfree CPU swap) `imagesOf` only applies it and `pick` encodes the image against the
 * successor's words, stopping at the first word that shows the successor is the least. Elements
 * that come with their word form (`Permutation.words`, src/model/leaf-permutation.ts) skip the
 * mirror altogether: `imagesOf` does nothing and `pick` makes the images from the successor's
 * words (with one element, word by word against them, as above).
 *
 * What it must not do: allocate per state; decide anything about properties (the model claims
 * they are symmetric; symmetry-check.ts verifies the claim).
 */
import type { Codec, Mirror } from '../model/codec.js';
import type { Symmetry, WordImage } from '../model/types.js';
import { scratchInt32 } from './buffers.js';

export interface Canonicaliser {
  /** Group elements including the identity (1: no reduction). */
  readonly groupSize: number;
  /** Names of the non-identity elements. */
  readonly elementNames: readonly string[];
  /** Hot path, before the successor in mirror state `s` is encoded: its images into batch slot `slot`. */
  imagesOf(s: unknown, slot: number): void;
  /** Hot path, after: replace the successor's words `w[off..off+words)` by the least of them and its images. */
  pick(w: Int32Array, off: number, slot: number): void;
  /** Orbit size of the successor last picked in `slot`. */
  orbitSize(slot: number): number;
  /** Words-only: replace `w[off..off+words)` by its orbit's representative; returns its orbit's size. */
  canonicalize(w: Int32Array, off: number): number;
  /** The image of `w` under non-identity element `k`, into `out` (the reference path: copy, then apply). */
  image(k: number, w: Int32Array, out: Int32Array): void;
}

export const identityCanonicaliser: Canonicaliser = {
  groupSize: 1,
  elementNames: [],
  imagesOf(): void {
    /* every state is its own representative */
  },
  pick(): void {
    /* every state is its own representative */
  },
  orbitSize(): number {
    return 1;
  },
  canonicalize(): number {
    return 1;
  },
  image(): void {
    throw new Error('the identity canonicaliser has no other elements');
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- compiled models are heterogeneous (compile.ts)
type AnyState = any;

export class SymmetryCanonicaliser implements Canonicaliser {
  readonly groupSize: number;
  readonly elementNames: readonly string[];
  private readonly words: number;
  private readonly src: Mirror<AnyState>;
  private readonly dst: Mirror<AnyState>;
  /** Every element assigns every field: images can be made from the recipe's mirror directly. */
  private readonly fast: boolean;
  /**
   * One non-identity element, fast: `imagesOf` only applies it (into `dst`), and `pick` encodes
   * the image word by word against the successor's words, stopping at the first greater word
   * (`Mirror.storeCompare`): the least of two, and whether they differ (orbit 1 or 2), without
   * encoding the whole image when the successor is the least (the kvfree CPU swap).
   */
  private readonly lazy: boolean;
  /** Every element has its word form: images are made from words, never from a mirror. */
  private readonly wordForm: boolean;
  private readonly wordImages: readonly WordImage[];
  /** The lazy path's image words. */
  private readonly lazyRow: Int32Array;
  /** Per slot, `groupSize` rows: row 0 the successor's own words (set by pick), rows 1.. its images. */
  private readonly images: Int32Array;
  /** `images` rows as views, made once (a view per call would allocate in the hot loop). */
  private readonly rows: Int32Array[];
  private readonly orbits: Int32Array;
  private readonly tmp: Int32Array;
  /** Slot used by the words-only path. */
  private readonly scratchSlot: number;

  constructor(
    codec: Codec<AnyState>,
    private readonly symmetry: Symmetry<AnyState>,
    slots: number,
  ) {
    this.words = codec.words;
    this.groupSize = symmetry.elements.length + 1;
    this.elementNames = symmetry.elements.map((e) => e.name);
    this.fast = symmetry.elements.every((e) => e.complete === true);
    this.lazy = this.fast && this.groupSize === 2;
    this.wordForm = symmetry.elements.every((e) => e.words !== undefined);
    this.wordImages = this.wordForm ? symmetry.elements.map((e) => e.words as WordImage) : [];
    this.lazyRow = scratchInt32(this.words);
    this.src = codec.makeMirror();
    this.dst = codec.makeMirror();
    this.scratchSlot = slots;
    this.images = scratchInt32((slots + 1) * this.groupSize * this.words);
    this.rows = Array.from({ length: (slots + 1) * this.groupSize }, (_, r) => this.images.subarray(r * this.words, (r + 1) * this.words));
    this.orbits = scratchInt32(slots + 1);
    this.tmp = scratchInt32(this.words);
  }

  image(k: number, w: Int32Array, out: Int32Array): void {
    if (this.wordForm) {
      this.wordImages[k].image(w, 0, out);
      return;
    }
    this.src.load(w);
    this.dst.load(w);
    this.symmetry.elements[k].apply(this.src.state, this.dst.state);
    this.dst.store(out);
  }

  imagesOf(s: unknown, slot: number): void {
    if (!this.fast || this.wordForm) return;
    const els = this.symmetry.elements;
    if (this.lazy) {
      // The image stays in `dst` until `pick` (the very next call for this slot) encodes it.
      els[0].apply(s, this.dst.state);
      return;
    }
    const first = slot * this.groupSize + 1;
    for (let k = 0; k < els.length; k++) {
      els[k].apply(s, this.dst.state);
      this.dst.store(this.rows[first + k]);
    }
  }

  pick(w: Int32Array, off: number, slot: number): void {
    const n = this.words;
    if (this.lazy) {
      const row = this.lazyRow;
      const c = this.wordForm ? this.wordImages[0].compare(w, off, row) : this.dst.storeCompare(row, w, off);
      this.orbits[slot] = c === 0 ? 1 : 2;
      if (c < 0) for (let j = 0; j < n; j++) w[off + j] = row[j];
      return;
    }
    const images = this.images;
    const base = slot * this.groupSize * n;
    for (let j = 0; j < n; j++) images[base + j] = w[off + j];
    if (this.wordForm) {
      for (let k = 1; k < this.groupSize; k++) this.wordImages[k - 1].image(w, off, this.rows[slot * this.groupSize + k]);
    } else if (!this.fast) this.slowImages(slot);
    // The least row, and how many distinct rows (the orbit's size).
    let best = base;
    let distinct = 1;
    for (let k = 1; k < this.groupSize; k++) {
      const at = base + k * n;
      let j = 0;
      while (j < n && images[at + j] === images[best + j]) j++;
      if (j < n && images[at + j] < images[best + j]) best = at;
      let seen = false;
      for (let i = 0; i < k && !seen; i++) {
        const prev = base + i * n;
        let x = 0;
        while (x < n && images[prev + x] === images[at + x]) x++;
        seen = x === n;
      }
      if (!seen) distinct++;
    }
    this.orbits[slot] = distinct;
    if (best !== base) for (let j = 0; j < n; j++) w[off + j] = images[best + j];
  }

  orbitSize(slot: number): number {
    return this.orbits[slot];
  }

  canonicalize(w: Int32Array, off: number): number {
    const n = this.words;
    const slot = this.scratchSlot;
    if (this.fast && !this.wordForm) {
      for (let j = 0; j < n; j++) this.tmp[j] = w[off + j];
      this.src.load(this.tmp);
      this.imagesOf(this.src.state, slot);
    }
    this.pick(w, off, slot);
    return this.orbits[slot];
  }

  /** Images of row 0 of `slot` by the reference path (elements that do not assign every field). */
  private slowImages(slot: number): void {
    const orig = this.rows[slot * this.groupSize];
    this.src.load(orig);
    const els = this.symmetry.elements;
    for (let k = 0; k < els.length; k++) {
      this.dst.load(orig);
      els[k].apply(this.src.state, this.dst.state);
      this.dst.store(this.rows[slot * this.groupSize + 1 + k]);
    }
  }
}
