/**
 * Growable typed arrays.
 *
 * Why this file exists: the state store, seen set and frontier all grow by doubling typed arrays
 * (off the V8 object heap). The backing buffer is chosen in one place so that a later
 * multi-worker mode can switch to `SharedArrayBuffer` without touching the users.
 *
 * What it must not do: shrink, or copy more than the used prefix.
 */
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
