/**
 * The tree-compressed exact seen set against a `Map<string, id>` reference: for every sequence of
 * fresh vectors, exact duplicates and near-duplicates (1-4 words changed), with and without
 * `expand` hints (of the state the next one was derived from, or of an unrelated one) and with
 * `read`s in between, it gives the same ids and duplicate answers, and `read` gives back the
 * exact words. Small initial capacities make every index grow many times within a run.
 *
 * fast-check runs with a fixed seed (printed) so failures reproduce.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TreeSeenSet } from '../../src/engine/tree-seen.js';

const SEED = 20260611;
console.log(`fast-check seed: ${SEED}`);

const WORDS = [1, 2, 3, 4, 5, 7, 8, 53];
const SPECIAL = [0, -1, 1, 2, 0x7fffffff, -0x80000000];

const value = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc.integer({ min: 0, max: 3 }),
  fc.integer({ min: -0x80000000, max: 0x7fffffff }),
);

interface Op {
  /** fresh: `fresh`; dup: state `from` again; near: state `from` with `edits` applied. */
  kind: 'fresh' | 'dup' | 'near';
  from: number;
  fresh: number[];
  edits: [number, number][];
  /** Before the insert: expand the state it came from, expand another one, read one, or nothing. */
  hint: 'none' | 'parent' | 'other' | 'read';
  other: number;
  /** Insert through `insertAt` at this offset of a buffer with junk around the state. */
  at: number;
}

function ops(words: number): fc.Arbitrary<Op[]> {
  const op: fc.Arbitrary<Op> = fc.record({
    kind: fc.constantFrom('fresh', 'dup', 'near', 'near', 'near'),
    from: fc.nat(),
    fresh: fc.array(value, { minLength: words, maxLength: words }),
    edits: fc.array(fc.tuple(fc.nat(), value), { minLength: 1, maxLength: 4 }),
    hint: fc.constantFrom('none', 'parent', 'parent', 'other', 'read'),
    other: fc.nat(),
    at: fc.nat({ max: 3 }),
  });
  return fc.array(op, { minLength: 1, maxLength: 120 });
}

const same = (a: Int32Array, b: Int32Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Run `seq` on a fresh set and on the reference; throws (via expect) on the first difference. */
function check(words: number, seq: readonly Op[], initialCapacity: number): void {
  const s = new TreeSeenSet(words, { initialCapacity });
  const ref = new Map<string, number>();
  const states: Int32Array[] = [];
  const out = new Int32Array(words);
  const buf = new Int32Array(words + 6);
  for (const op of seq) {
    let v: Int32Array;
    let parent = -1;
    if (states.length === 0 || op.kind === 'fresh') {
      v = Int32Array.from(op.fresh);
    } else {
      parent = op.from % states.length;
      v = states[parent].slice();
      if (op.kind === 'near') for (const [j, x] of op.edits) v[j % words] = x;
    }
    if (states.length > 0) {
      const other = op.other % states.length;
      if (op.hint === 'parent' && parent >= 0) s.expand(parent, states[parent]);
      else if (op.hint === 'other') s.expand(other, states[other]);
      else if (op.hint === 'read') {
        expect(s.read(other, out)).toBe(true);
        expect(same(out, states[other])).toBe(true);
      }
    }
    let got: number;
    if (op.at === 0) {
      got = s.insert(v);
    } else {
      buf.fill(op.at * 0x01010101 - 7);
      buf.set(v, op.at);
      got = s.insertAt(buf, op.at, s.hash(buf, op.at));
    }
    const key = v.join(',');
    const want = ref.get(key);
    if (want === undefined) {
      expect(got).toBe(states.length);
      ref.set(key, states.length);
      states.push(v);
    } else {
      expect(got).toBe(-want - 1);
    }
    expect(s.size).toBe(states.length);
  }
  for (let id = 0; id < states.length; id++) {
    out.fill(12345);
    expect(s.read(id, out)).toBe(true);
    expect(same(out, states[id])).toBe(true);
  }
}

describe('TreeSeenSet equals a Map reference', () => {
  for (const words of WORDS) {
    it(`${words} words: ids, duplicates and read-back, with and without hints, across growth`, () => {
      fc.assert(
        fc.property(ops(words), fc.constantFrom(1, 4, 16, 1024), (seq, cap) => {
          check(words, seq, cap);
          // The same sequence with no expand hint at all (the base follows the inserts).
          check(
            words,
            seq.map((op) => ({ ...op, hint: op.hint === 'read' ? 'read' : 'none' })),
            cap,
          );
        }),
        { seed: SEED + words, numRuns: words === 53 ? 100 : 200 },
      );
    });
  }
});

/** A random walk: each new vector is an earlier one with 1-4 words changed (kvfree-like values). */
function walk(words: number, n: number, seed: number): { vecs: Int32Array[]; parent: number[] } {
  let x = seed | 0;
  const rnd = (m: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    return ((x >>> 8) % m) | 0;
  };
  const vals = [...SPECIAL, 3, 4, 0x11000000, 0x11001000];
  const vecs: Int32Array[] = [new Int32Array(words)];
  const parent = [-1];
  for (let i = 1; i < n; i++) {
    const p = i < 8 ? 0 : Math.max(0, i - 1 - rnd(Math.min(i, 64)));
    const v = vecs[p].slice();
    const edits = 1 + rnd(4);
    for (let e = 0; e < edits; e++) v[rnd(words)] = rnd(8) === 0 ? x : vals[rnd(vals.length)];
    vecs.push(v);
    parent.push(p);
  }
  return { vecs, parent };
}

describe('TreeSeenSet across many index rebuilds', () => {
  for (const words of [3, 8, 53]) {
    it(`${words} words, 30 000 inserts from capacity 4: never hinted, hinted by the parent, hinted by another state`, () => {
      const { vecs, parent } = walk(words, 30_000, words * 7919);
      const sets = [0, 1, 2].map(() => new TreeSeenSet(words, { initialCapacity: 4 }));
      const before = sets.map((s) => s.bytes());
      const ref = new Map<string, number>();
      /** The id of walk step i (its first copy's, for a duplicate). */
      const idOf: number[] = [];
      let wrong = 0;
      for (let i = 0; i < vecs.length; i++) {
        if (parent[i] >= 0) {
          sets[1].expand(idOf[parent[i]], vecs[parent[i]]);
          const o = (i * 31) % i;
          sets[2].expand(idOf[o], vecs[o]);
        }
        const key = vecs[i].join(',');
        const first = ref.get(key);
        const want = first === undefined ? ref.size : -first - 1;
        if (first === undefined) ref.set(key, ref.size);
        idOf.push(first ?? want);
        for (const s of sets) if (s.insert(vecs[i]) !== want) wrong++;
      }
      const distinct = ref.size;
      expect(wrong).toBe(0);
      expect(distinct).toBeGreaterThan(8000);
      const out = new Int32Array(words);
      const firsts = [...ref.entries()].sort((a, b) => a[1] - b[1]);
      for (let k = 0; k < sets.length; k++) {
        const s = sets[k];
        expect(s.size).toBe(distinct);
        // The indexes grew from 4 slots each.
        expect(s.bytes()).toBeGreaterThan(before[k] * 100);
        for (const [key, id] of firsts) {
          s.read(id, out);
          if (out.join(',') !== key) wrong++;
        }
      }
      expect(wrong).toBe(0);
    });
  }
});

describe('TreeSeenSet shares subtrees', () => {
  it('a product of 40 left halves and 40 right halves costs about a root pair per state', () => {
    const words = 8;
    const s = new TreeSeenSet(words, { initialCapacity: 4 });
    const half = (i: number, salt: number): number[] => [i, salt, i * 7 + salt, 0x7fffffff - i];
    let n = 0;
    for (let a = 0; a < 40; a++) {
      for (let b = 0; b < 40; b++) {
        expect(s.insert(Int32Array.from([...half(a, 1), ...half(b, 2)]))).toBe(n++);
      }
    }
    expect(s.insert(Int32Array.from([...half(39, 1), ...half(0, 2)]))).toBe(-(39 * 40) - 1);
    // 1600 states: the root index (<= 1600 / 0.6 slots) plus about 240 nodes. Without sharing,
    // the 6 nodes below each root would need >= 9600 * 4 / 0.75 = 51 200 index bytes.
    expect(s.bytes()).toBeLessThan(16 * 1600);
    const out = new Int32Array(words);
    s.read(39 * 40 + 5, out);
    expect([...out]).toEqual([...half(39, 1), ...half(5, 2)]);
  });
});

describe('TreeSeenSet change marks', () => {
  it('stay right when their epoch counter wraps (after 2^31 inserts)', () => {
    const s = new TreeSeenSet(8, { initialCapacity: 4 });
    const vecs: Int32Array[] = [new Int32Array(8)];
    expect(s.insert(vecs[0])).toBe(0);
    s.expand(0, vecs[0]);
    // 50 states that change the left half (its marks keep a small epoch), then the counter
    // wraps, and 200 states that change the right half only: their epochs pass that mark.
    for (let i = 1; i <= 250; i++) {
      if (i === 51) (s as unknown as { epoch: number }).epoch = 0x7fffffff - 20;
      const v = new Int32Array(8);
      // Two leaves each, so the inserts take the marking path (one changed leaf does not).
      if (i <= 50) v[1] = v[3] = i;
      else v[5] = v[7] = i;
      expect(s.insert(v)).toBe(vecs.length);
      expect(s.insert(v)).toBe(-vecs.length - 1);
      vecs.push(v);
    }
    expect((s as unknown as { epoch: number }).epoch).toBeLessThan(400);
    expect((s as unknown as { epoch: number }).epoch).toBeGreaterThan(100);
    const out = new Int32Array(8);
    for (const [id, v] of vecs.entries()) {
      s.read(id, out);
      expect([...out]).toEqual([...v]);
    }
  });
});

describe('TreeSeenSet interface', () => {
  it('is exact, needs no state hash (its nodes are hashed), matches stored words, and counts its bytes', () => {
    const s = new TreeSeenSet(5);
    expect(s.mode).toBe('exact');
    const w = Int32Array.from([1, -1, 0x7fffffff, -0x80000000, 0]);
    expect(s.canRead).toBe(true);
    const buf = Int32Array.from([9, 9, ...w]);
    expect(s.hash(buf, 2)).toBe(0);
    expect(typeof s.touch(s.hash(buf, 2))).toBe('number');
    expect(s.insertAt(buf, 2, s.hash(buf, 2))).toBe(0);
    expect(s.insert(w)).toBe(-1);
    expect(s.matches(0, buf, 2)).toBe(true);
    expect(s.matches(0, Int32Array.from([1, -1, 0x7fffffff, -0x80000000, 1]), 0)).toBe(false);
    expect(s.size).toBe(1);
    expect(s.bytes()).toBeGreaterThan(0);
    expect(s.storeBytes()).toBeGreaterThan(0);
    expect(() => new TreeSeenSet(0)).toThrow(RangeError);
  });
});
