/**
 * Typed-array allocation: the one place that decides where the engine's memory lives.
 *
 * Why this file exists: the state store, seen set and frontier all grow by doubling typed arrays
 * (off the V8 object heap). Every array a later multi-worker mode would share between
 * `worker_threads` (seen-set table and arena, per-state metadata, frontier) is allocated by
 * `allocInt32` / `growInt32`; switching their backing store to `SharedArrayBuffer` (and their
 * updates to `Atomics`) then happens here and in those three owners, not in the search loop.
 * Per-worker scratch (the state being expanded, the successor batch, coverage counters) is
 * allocated by `scratchInt32` / `scratchFloat64` and stays private to its worker.
 *
 * What it must not do: shrink, copy more than the used prefix, or be called per state (growth
 * is by doubling, so it happens O(log n) times).
 */

/** Which backing store shared structures use. Only 'private' exists until workers do. */
export type BufferMode = 'private';
export const BUFFER_MODE: BufferMode = 'private';

/** A zeroed Int32Array for a structure a multi-worker search would share. */
export function allocInt32(length: number): Int32Array {
  return new Int32Array(new ArrayBuffer(length * 4));
}

/** Returns `a` if it holds `needed` elements, else a copy of its first `used` elements in a larger array. */
export function growInt32(a: Int32Array, needed: number, used: number): Int32Array {
  if (needed <= a.length) return a;
  let len = Math.max(16, a.length);
  while (len < needed) len *= 2;
  const b = allocInt32(len);
  b.set(a.subarray(0, used));
  return b;
}

/** A zeroed Int32Array private to one worker (scratch words, batches). */
export function scratchInt32(length: number): Int32Array {
  return new Int32Array(length);
}

/** A zeroed Float64Array private to one worker (counters merged at the end). */
export function scratchFloat64(length: number): Float64Array {
  return new Float64Array(length);
}
