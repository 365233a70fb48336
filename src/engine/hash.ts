/**
 * Hashing of packed states.
 *
 * Why this file exists: the seen set and fingerprint mode need fast, well-mixed 32-bit hashes of
 * a state's words (murmur3's 32-bit mixing, with `Math.imul`), never `JSON.stringify`.
 *
 * What it must not do: allocate.
 */

/** murmur3_32 over `n` words of `w` starting at `off`, with the given seed. */
export function hashWords(w: Int32Array, off: number, n: number, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < n; i++) {
    let k = w[off + i];
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export const SEED_A = 0x9747b28c | 0;
export const SEED_B = 0x5bd1e995 | 0;
