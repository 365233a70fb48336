/**
 * Dense per-state arrays that grow without doubling: fixed-size typed-array chunks.
 *
 * Why this file exists: per-state data (fingerprints, parents, actions, tree roots) is the bulk
 * of a large search's memory. A doubling array holds up to twice what it uses and needs the old
 * and the new copy at once while it grows; a chunked array holds at most one partly used chunk
 * (CHUNK elements) beyond what it uses and never copies. Access is `chunks[i >>> SHIFT][i & MASK]`
 * over chunks of one element type, so V8 keeps the accesses monomorphic.
 *
 * What it must not do: shrink, or know what its elements mean.
 */

export const CHUNK_SHIFT = 16;
export const CHUNK = 1 << CHUNK_SHIFT;
export const CHUNK_MASK = CHUNK - 1;

type Typed = Int32Array | Uint16Array | Uint8Array;

abstract class Chunked<A extends Typed> {
  readonly chunks: A[] = [];
  /** Elements that may be addressed: a multiple of CHUNK. */
  capacity = 0;
  protected abstract alloc(): A;
  protected abstract readonly bytesPer: number;
  /** Make index `i` addressable (allocates whole chunks; never moves existing ones). */
  ensure(i: number): void {
    while (i >= this.capacity) {
      this.chunks.push(this.alloc());
      this.capacity += CHUNK;
    }
  }
  get(i: number): number {
    return this.chunks[i >>> CHUNK_SHIFT][i & CHUNK_MASK];
  }
  set(i: number, v: number): void {
    this.chunks[i >>> CHUNK_SHIFT][i & CHUNK_MASK] = v;
  }
  bytes(): number {
    return this.capacity * this.bytesPer;
  }
}

export class ChunkedInt32 extends Chunked<Int32Array> {
  protected readonly bytesPer = 4;
  protected alloc(): Int32Array {
    return new Int32Array(CHUNK);
  }
}

export class ChunkedUint16 extends Chunked<Uint16Array> {
  protected readonly bytesPer = 2;
  protected alloc(): Uint16Array {
    return new Uint16Array(CHUNK);
  }
}

export class ChunkedUint8 extends Chunked<Uint8Array> {
  protected readonly bytesPer = 1;
  protected alloc(): Uint8Array {
    return new Uint8Array(CHUNK);
  }
}
