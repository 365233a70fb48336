/**
 * Canonicalisation: the step between producing a successor's words and hashing them.
 *
 * Why this file exists: symmetry reduction stores one representative per orbit of the model's
 * symmetry group. The search calls `canonicalize` on every successor and stores what it
 * returns; with no symmetry that is the identity (a no-op call, no flag in the hot loop). The
 * representative is exact: the least (lexicographically, as signed words) of the state's images
 * under every group element, so two states get one representative exactly when they are in one
 * orbit. Successors are always computed from a stored representative, which is itself a
 * reachable state, so nothing is computed from a state the model cannot reach.
 *
 * What it must not do: allocate per state; decide anything about properties (the model claims
 * they are symmetric; symmetry-check.ts verifies the claim).
 */
import type { Codec, Mirror } from '../model/codec.js';
import type { Symmetry } from '../model/types.js';
import { scratchInt32 } from './buffers.js';

export interface Canonicaliser {
  /** Group elements including the identity (1: no reduction). */
  readonly groupSize: number;
  /** Names of the non-identity elements. */
  readonly elementNames: readonly string[];
  /** Replace `w[off..off+words)` by its orbit's representative. */
  canonicalize(w: Int32Array, off: number): void;
  /** Number of distinct images of `w[off..off+words)` (its orbit's size). */
  orbitSize(w: Int32Array, off: number): number;
  /** The image of `w` under non-identity element `k`, into `out`. */
  image(k: number, w: Int32Array, out: Int32Array): void;
}

export const identityCanonicaliser: Canonicaliser = {
  groupSize: 1,
  elementNames: [],
  canonicalize(): void {
    /* every state is its own representative */
  },
  orbitSize(): number {
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
  private readonly src: Mirror<AnyState>;
  private readonly dst: Mirror<AnyState>;
  private readonly orig: Int32Array;
  private readonly best: Int32Array;
  private readonly tmp: Int32Array;
  /** All images (identity first) for orbitSize. */
  private readonly images: Int32Array;

  constructor(
    codec: Codec<AnyState>,
    private readonly symmetry: Symmetry<AnyState>,
  ) {
    const n = codec.words;
    this.groupSize = symmetry.elements.length + 1;
    this.elementNames = symmetry.elements.map((e) => e.name);
    this.src = codec.makeMirror();
    this.dst = codec.makeMirror();
    this.orig = scratchInt32(n);
    this.best = scratchInt32(n);
    this.tmp = scratchInt32(n);
    this.images = scratchInt32(n * this.groupSize);
  }

  image(k: number, w: Int32Array, out: Int32Array): void {
    this.src.load(w);
    this.dst.load(w);
    this.symmetry.elements[k].apply(this.src.state, this.dst.state);
    this.dst.store(out);
  }

  canonicalize(w: Int32Array, off: number): void {
    const { orig, best, tmp, src, dst } = this;
    const n = orig.length;
    for (let j = 0; j < n; j++) orig[j] = best[j] = w[off + j];
    src.load(orig);
    const els = this.symmetry.elements;
    let changed = false;
    for (let k = 0; k < els.length; k++) {
      dst.load(orig);
      els[k].apply(src.state, dst.state);
      dst.store(tmp);
      let j = 0;
      while (j < n && tmp[j] === best[j]) j++;
      if (j < n && tmp[j] < best[j]) {
        best.set(tmp);
        changed = true;
      }
    }
    if (changed) for (let j = 0; j < n; j++) w[off + j] = best[j];
  }

  orbitSize(w: Int32Array, off: number): number {
    const { orig, tmp, src, dst, images } = this;
    const n = orig.length;
    for (let j = 0; j < n; j++) orig[j] = images[j] = w[off + j];
    src.load(orig);
    const els = this.symmetry.elements;
    let distinct = 1;
    for (let k = 0; k < els.length; k++) {
      dst.load(orig);
      els[k].apply(src.state, dst.state);
      dst.store(tmp);
      let seen = false;
      for (let i = 0; i < distinct && !seen; i++) {
        let j = 0;
        while (j < n && images[i * n + j] === tmp[j]) j++;
        seen = j === n;
      }
      if (!seen) images.set(tmp, distinct++ * n);
    }
    return distinct;
  }
}
