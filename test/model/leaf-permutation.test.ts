/**
 * Symmetry elements written leaf by leaf (src/model/leaf-permutation.ts): the description is
 * refused unless it is a permutation of the leaves, and the two generated forms (`apply` on
 * mirrors, `image` / `compare` on words) give the same image on random states, with `compare`
 * ordering the image against the state as signed words do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCodec } from '../../src/model/codec.js';
import { leafPermutation, type LeafMap } from '../../src/model/leaf-permutation.js';
import { array, bool, enumOf, int, struct, type Infer } from '../../src/model/shape.js';

// Two "CPUs" whose fields straddle words (`big` takes 20 bits), an address-like field renamed
// with them, an array of values naming a CPU + 1, and fields that stay where they are.
const shape = struct({
  mode: enumOf(['idle', 'run', 'done']),
  cpu: array(2, struct({ on: bool(), big: int(-5, 1_000_000), addr: int(0, 300), st: enumOf(['a', 'b', 'c', 'd', 'e']) })),
  owner: array(3, int(0, 2)),
  tick: int(0, 7),
});
type S = Infer<typeof shape>;
const codec = compileCodec(shape);

/** Swap the CPUs; an address in [100, 300) names CPU (addr - 100) / 100's region; `owner` is 1 + a CPU. */
const region = (v: number) => (v >= 100 && v < 300 ? (v < 200 ? v + 100 : v - 100) : v);
const swap: LeafMap = (path) => {
  const m = /^cpu\[(\d)\](.*)$/.exec(path);
  const from = m === null ? path : `cpu[${1 - Number(m[1])}]${m[2]}`;
  if (path.endsWith('.addr')) return { from, map: region };
  if (path.startsWith('owner[')) return { from, map: (v) => (v === 0 ? 0 : 3 - v) };
  return { from };
};

const leafValue = fc.record({
  mode: fc.constantFrom('idle' as const, 'run' as const, 'done' as const),
  cpu: fc.tuple(
    ...[0, 1].map(() =>
      fc.record({ on: fc.boolean(), big: fc.integer({ min: -5, max: 1_000_000 }), addr: fc.integer({ min: 0, max: 300 }), st: fc.constantFrom('a' as const, 'b' as const, 'c' as const, 'd' as const, 'e' as const) }),
    ),
  ),
  owner: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
  tick: fc.integer({ min: 0, max: 7 }),
});

/** Lexicographic order of signed words, as the canonicaliser compares them. */
function cmp(a: Int32Array, b: Int32Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

describe('leafPermutation', () => {
  const el = leafPermutation<S>(shape, 'swap cpu0/cpu1', swap);

  it('mirror and word forms give the same image, and compare orders it against the state', () => {
    const src = codec.makeMirror();
    const dst = codec.makeMirror();
    fc.assert(
      fc.property(leafValue, (raw) => {
        const s = raw as unknown as S;
        const w = codec.encode(s);
        // Mirror form on a destination holding another state (the element is complete).
        src.load(w);
        dst.load(codec.encode({ ...s, tick: (s.tick + 1) % 8, mode: 'done' }));
        el.apply(src.state, dst.state);
        const viaMirror = new Int32Array(codec.words);
        dst.store(viaMirror);
        const expected = codec.encode({ ...s, cpu: [{ ...s.cpu[1], addr: region(s.cpu[1].addr) }, { ...s.cpu[0], addr: region(s.cpu[0].addr) }], owner: s.owner.map((v) => (v === 0 ? 0 : 3 - v)) });
        expect([...viaMirror]).toEqual([...expected]);
        // Word form, from an offset inside a larger buffer.
        const buf = new Int32Array(codec.words + 3);
        buf.set(w, 3);
        const img = new Int32Array(codec.words);
        el.words!.image(buf, 3, img);
        expect([...img]).toEqual([...expected]);
        const row = new Int32Array(codec.words);
        const c = el.words!.compare(buf, 3, row);
        expect(c).toBe(cmp(expected, w));
        if (c < 0) expect([...row]).toEqual([...expected]);
      }),
      { numRuns: 400 },
    );
  });

  it('a renamed value outside its leaf is a ShapeError naming the leaf', () => {
    const bad = leafPermutation<S>(shape, 'bad', (path) => (path === 'tick' ? { from: path, map: (v) => v + 8 } : { from: path }));
    const w = codec.encode({ mode: 'idle', cpu: [0, 1].map(() => ({ on: false, big: 0, addr: 0, st: 'a' as const })), owner: [0, 0, 0], tick: 3 });
    expect(() => bad.words!.image(w, 0, new Int32Array(codec.words))).toThrow(/bad: the image's tick would be 11, outside its leaf/);
  });

  it('refuses a description that is not a permutation of the leaves', () => {
    expect(() => leafPermutation(shape, 'dup', (p) => ({ from: p.startsWith('cpu[1]') ? p.replace('cpu[1]', 'cpu[0]') : p }))).toThrow(/cpu\[0\]\.on is the source of two leaves/);
    expect(() => leafPermutation(shape, 'none', (p) => ({ from: `${p}x` }))).toThrow(/modex, which is not a leaf/);
    expect(() => leafPermutation(shape, 'kind', (p) => ({ from: p === 'tick' ? 'cpu[0].addr' : p === 'cpu[0].addr' ? 'tick' : p }))).toThrow(/a leaf of another shape/);
    expect(() => leafPermutation(shape, 'map', (p) => (p === 'mode' ? { from: p, map: (v) => v } : { from: p }))).toThrow(/only integer leaves take a value map/);
  });
});
