/**
 * Typed-array allocation: the one place that decides where the engine's memory lives.
 *
 * Why this file exists: the state store, seen set and frontier all grow by doubling typed arrays
 * (off the V8 object heap), allocated by `allocInt32` / `growInt32`. They stay private to the
 * search's thread even with workers: only that thread inserts (ADR 7); what worker threads share
 * is the fixed-size slots of expander.ts, its own `SharedArrayBuffer`s. Scratch (the state being
 * expanded, the successor batch, coverage counters) is allocated by `scratchInt32` /
 * `scratchFloat64`.
 *
 * What it must not do: shrink, copy more than the used prefix, or be called per state (growth
 * is by doubling, so it happens O(log n) times).
 */

/** A zeroed Int32Array for a growable search structure (seen set, metadata, frontier). */
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

/** A zeroed Int32Array for scratch (words, batches). */
export function scratchInt32(length: number): Int32Array {
  return new Int32Array(length);
}

/** A zeroed Float64Array for counters. */
export function scratchFloat64(length: number): Float64Array {
  return new Float64Array(length);
}
