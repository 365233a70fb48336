/**
 * How seen sets grow under a memory limit: the fp64 table doubles without a budget (as it always
 * did), grows by a smaller step when the search's budget cannot hold a doubling, lets its load
 * rise to the ceiling when nothing fits; every set's `growthBytes` foretells its index's growth;
 * and a search under a limit completes where a doubling could not fit, with the unlimited run's
 * counts, or stops `incomplete` with the memory reason before it passes the limit.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.js';
import { ExactSeenSet, FingerprintSeenSet, LOAD_CEILING, type SeenSet } from '../../src/engine/seen.js';
import { TreeSeenSet } from '../../src/engine/tree-seen.js';
import { compiled } from '../models/compiled.js';

const WORDS = 3;

/** `n` distinct random 3-word vectors (a seeded xorshift), flat. */
function randomStates(n: number, seed = 12345): Int32Array {
  const out = new Int32Array(n * WORDS);
  const keys = new Set<string>();
  let x = seed;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x | 0;
  };
  for (let i = 0; i < n; ) {
    for (let j = 0; j < WORDS; j++) out[i * WORDS + j] = next();
    const key = out.subarray(i * WORDS, (i + 1) * WORDS).join(',');
    if (keys.has(key)) continue;
    keys.add(key);
    i++;
  }
  return out;
}

function insertAll(s: SeenSet, states: Int32Array, from: number, to: number): number[] {
  const ids: number[] = [];
  for (let i = from; i < to; i++) ids.push(s.insertAt(states, i * WORDS, s.hash(states, i * WORDS)));
  return ids;
}

/** Insert `states` one by one; the (size, capacity) after every capacity change. */
function growthSteps(s: FingerprintSeenSet, states: Int32Array, n: number, onGrow?: () => void): [number, number][] {
  const steps: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const cap = s.capacity;
    expect(s.insertAt(states, i * WORDS, s.hash(states, i * WORDS))).toBe(i);
    if (s.capacity !== cap) {
      steps.push([s.size, s.capacity]);
      onGrow?.();
    }
  }
  return steps;
}

describe('fp64 growth', () => {
  const states = randomStates(30_000);

  it('without a budget doubles at load 0.8, as before', () => {
    const pinned: [number, number][] = [
      [820, 2048],
      [1639, 4096],
      [3277, 8192],
      [6554, 16384],
      [13108, 32768],
      [26215, 65536],
    ];
    expect(growthSteps(new FingerprintSeenSet(WORDS, 1024), states, 30_000)).toEqual(pinned);
    const s = new FingerprintSeenSet(WORDS, 1024);
    s.setGrowthBudget(Number.POSITIVE_INFINITY);
    expect(growthSteps(s, states, 30_000)).toEqual(pinned);
  });

  it('with a budget that cannot hold a doubling grows 1.5x, and every state keeps its id', () => {
    const s = new FingerprintSeenSet(WORDS, 1024);
    // Old and new table together: 2.5x the table fits, 3x (a doubling) does not.
    const budget = (): void => s.setGrowthBudget(2.6 * s.bytes());
    budget();
    const steps = growthSteps(s, states, 30_000, budget);
    expect(steps.length).toBeGreaterThan(5);
    let cap = 1024;
    for (const [size, to] of steps) {
      expect(to).toBe(Math.floor(cap * 1.5));
      expect(size).toBe(Math.floor(cap * 0.8) + 1);
      cap = to;
    }
    const again = insertAll(s, states, 0, 30_000);
    expect(again.every((r, i) => r === -i - 1)).toBe(true);
    expect(s.size).toBe(30_000);
    expect(s.matches(29_999, states, 29_999 * WORDS)).toBe(true);
  });

  it('takes the largest step that fits: 1.25x, then 1.1x', () => {
    const s = new FingerprintSeenSet(WORDS, 1000);
    // (1000 + 1250) slots of 12 bytes fit, (1000 + 1500) do not.
    s.setGrowthBudget(2300 * 12);
    expect(s.growthBytes(800)).toBe(0);
    expect(s.growthBytes(801)).toBe(1250 * 12);
    insertAll(s, states, 0, 801);
    expect(s.capacity).toBe(1250);
    // From 1250: 1.1x (1375) fits (1250 + 1375 = 2625 slots), 1.25x does not.
    s.setGrowthBudget(2700 * 12);
    insertAll(s, states, 801, 1001);
    expect(s.capacity).toBe(1375);
    expect(insertAll(s, states, 0, 1001).every((r, i) => r === -i - 1)).toBe(true);
  });

  it('when nothing fits, the load rises to the ceiling, growthBytes says what the forced growth costs, then it grows anyway', () => {
    const s = new FingerprintSeenSet(WORDS, 1024);
    s.setGrowthBudget(s.bytes());
    const ceiling = Math.floor(1024 * LOAD_CEILING);
    insertAll(s, states, 0, 900);
    expect(s.capacity).toBe(1024);
    expect(s.growthBytes(ceiling - 900)).toBe(0);
    // One state past the ceiling: the smallest step that brings the load back to 0.8, 1.25x.
    expect(s.growthBytes(ceiling - 900 + 1)).toBe(1280 * 12);
    insertAll(s, states, 900, ceiling);
    expect(s.capacity).toBe(1024);
    expect(s.size / s.capacity).toBeGreaterThan(0.89);
    expect(s.growthBytes(1)).toBe(1280 * 12);
    insertAll(s, states, ceiling, ceiling + 1);
    expect(s.capacity).toBe(1280);
    expect(insertAll(s, states, 0, ceiling + 1).every((r, i) => r === -i - 1)).toBe(true);
  });

  it('a larger budget later lets a risen load grow at the next insert', () => {
    const s = new FingerprintSeenSet(WORDS, 1024);
    s.setGrowthBudget(s.bytes());
    insertAll(s, states, 0, 850);
    expect(s.capacity).toBe(1024);
    s.setGrowthBudget(Number.POSITIVE_INFINITY);
    insertAll(s, states, 850, 851);
    expect(s.capacity).toBe(2048);
  });
});

describe('growthBytes foretells the growth of every seen set', () => {
  // The arena-backed exact set starts at 2^18 slots and doubles at load 1/2.
  const N = 140_000;
  const states = randomStates(N, 777);
  const sets: [string, () => SeenSet, boolean][] = [
    ['fp64', () => new FingerprintSeenSet(WORDS, 1024), true],
    ['exact (arena)', () => new ExactSeenSet(WORDS), true],
    ['exact (tree)', () => new TreeSeenSet(WORDS, { initialCapacity: 16 }), false],
  ];
  for (const [name, make, exact] of sets) {
    it(`${name}: a growth within k inserts costs what growthBytes(k) said (at most, for the tree)`, () => {
      const s = make();
      let grew = 0;
      for (let at = 0; at < N; ) {
        const k = Math.min(1 + (at % 97), N - at);
        const said = s.growthBytes(k);
        const before = s.bytes();
        insertAll(s, states, at, at + k);
        at += k;
        const after = s.bytes();
        if (after !== before) grew++;
        // One growth within k: old and new index alive at once, `after` bytes above `before`.
        if (exact) expect(said).toBe(after === before ? 0 : after);
        else expect(after === before || said >= after).toBe(true);
      }
      expect(grew).toBeGreaterThan(0);
    });
  }
});

describe('a search under a memory limit', () => {
  // peterson n=5: 223,105 states, past the first growth of the fp64 table (2^18 slots at load
  // 0.8); the rest of the search (metadata, frontier) takes about 2 MB.
  const m5 = compiled('peterson', { n: 5 });
  const options = { seen: 'fp64', symmetry: false, tickEvery: 1024 } as const;

  it('completes with the unlimited counts where the doubling (old and new table) cannot fit', () => {
    const free = explore(m5, options);
    expect(free.verdict).toBe('ok');
    expect(free.stats.distinct).toBe(223105);
    const mb = 10;
    // The doubling's peak: the unlimited run's bytes with the old table (half the new) alive too.
    expect(free.stats.bytes + free.stats.memory.seen / 2).toBeGreaterThan(mb * 1048576);
    // (Before, the table doubled anyway and the search stopped `incomplete` at 210,521 states.)
    const o = explore(m5, { ...options, maxMemoryMB: mb });
    expect(o.verdict).toBe('ok');
    expect(o.stats.distinct).toBe(free.stats.distinct);
    expect(o.stats.generated).toBe(free.stats.generated);
    expect(o.stats.maxDepth).toBe(free.stats.maxDepth);
    expect(o.coverage).toEqual(free.coverage);
    expect(o.stats.memory.seen).toBeLessThan(free.stats.memory.seen);
    expect(o.stats.bytes).toBeLessThanOrEqual(mb * 1048576);
  });

  it('stops incomplete with the memory reason when the table can neither grow nor take more', () => {
    // peterson n=6 has millions of states: at 8 MB no growth of the 3 MB table fits.
    const m6 = compiled('peterson', { n: 6 });
    const o = explore(m6, { ...options, maxMemoryMB: 8 });
    expect(o.verdict).toBe('incomplete');
    expect(o.incompleteReason).toMatch(/memory limit 8 MB reached/);
    expect(o.stats.bytes).toBeLessThanOrEqual(8 * 1048576);
    expect(o.stats.memory.seen).toBe((1 << 18) * 12);
    // It used the table past load 0.8, up to the ceiling.
    expect(o.stats.distinct).toBeGreaterThan((1 << 18) * 0.8);
    expect(o.stats.distinct).toBeLessThanOrEqual((1 << 18) * LOAD_CEILING);
  });
});
