/**
 * One recipe, two interpreters: the property that makes the packed explorer trustworthy.
 *
 * For sampled reachable states of philosophers and peterson (random walks from `init` with the
 * reference interpreter), for every enabled action: the immer successor (`stepPlain`) encodes to
 * exactly the words the explorer's paths produce: the mirror (load -> apply -> store) and the
 * incremental stepper (store / storeReset on top of the base words), and the stepper puts its
 * `next` object back equal to `cur`. Codec encode/decode round-trips on the same states and on
 * arbitrary values of a shape with every kind of leaf.
 *
 * fast-check runs with a fixed seed (printed) so failures reproduce.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findModel } from '../../models/index.js';
import { compileCodec, ShapeError } from '../../src/model/codec.js';
import { compileModel, resolveParams, type CompiledModel } from '../../src/model/compile.js';
import { array, bool, cloneByShape, enumOf, int, struct, type Shape } from '../../src/model/shape.js';
import { enabledActions, stepPlain } from '../../src/model/step.js';

const SEED = 20261129;
console.log(`fast-check seed: ${SEED}`);

function compiled(id: string, raw: Record<string, number | string>): CompiledModel {
  const def = findModel(id);
  if (def === undefined) throw new Error(`no model ${id}`);
  const p = resolveParams(def, raw);
  if (!p.ok) throw new Error(p.error.message);
  const m = compileModel(def, p.value);
  if (!m.ok) throw new Error(m.error.message);
  return m.value;
}

/** Walk from init, taking enabled action `choice % enabled` at each step. */
function walk(m: CompiledModel, init: number, choices: readonly number[]): unknown {
  let s: unknown = m.instance.init[init % m.instance.init.length];
  for (const c of choices) {
    const en = enabledActions(m, s);
    if (en.length === 0) break;
    s = stepPlain(m, s, en[c % en.length]);
  }
  return s;
}

/** The stepper's `next` as a plain object (its structs are write-logging classes: codec.ts). */
const plain = (shape: Shape, v: unknown): unknown => cloneByShape(shape, v as never);

const same = (a: Int32Array, b: Int32Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

const MODELS: [string, Record<string, number | string>][] = [
  ['philosophers', { n: 2 }],
  ['philosophers', { n: 5 }],
  ['philosophers', { n: 15 }],
  ['peterson', { n: 2 }],
  ['peterson', { n: 4 }],
  ['peterson', { n: 6 }],
  ['peterson', { n: 3, mutate: 1 }],
  // More words than NATIVE_COPY_WORDS (codec.ts): the base copy under a record is native.
  ['kvfree-v1', { cpus: 2, objects: 'e,e,e,e', readers: 0, debug: 0 }],
];

describe('packed step equals immer step on sampled reachable states', () => {
  it.each(MODELS)('%s %o', (id, raw) => {
    const m = compiled(id, raw);
    const codec = m.codec;
    const mirror = codec.makeMirror();
    const stepper = codec.makeStepper();
    const out = new Int32Array(codec.words);
    let edges = 0;
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.nat(), { maxLength: 60 }), (init, choices) => {
        const s = walk(m, init, choices);
        const words = codec.encode(s);
        // Codec round trip on a reachable state.
        expect(codec.decode(words)).toEqual(s);
        expect(same(codec.encode(codec.decode(words)), words)).toBe(true);
        stepper.load(words);
        expect(stepper.cur).toEqual(s);
        expect(plain(codec.shape, stepper.next)).toEqual(s);
        for (let a = 0; a < m.actionLabel.length; a++) {
          const enabled = m.guards[a](s, m.actionParam[a]);
          // Guards read the mirror exactly as they read the plain state.
          expect(m.guards[a](stepper.cur, m.actionParam[a])).toBe(enabled);
          if (!enabled) continue;
          edges++;
          const want = codec.encode(stepPlain(m, s, a, true));
          // Mirror: load -> apply -> store.
          mirror.load(words);
          m.applies[a](mirror.state, m.actionParam[a]);
          mirror.store(out);
          expect(same(out, want)).toBe(true);
          // Stepper, store then reset (the path used with transition properties).
          m.applies[a](stepper.next, m.actionParam[a]);
          stepper.store(out, words);
          expect(same(out, want)).toBe(true);
          expect(same(codec.encode(stepper.next), want)).toBe(true);
          stepper.reset();
          expect(plain(codec.shape, stepper.next)).toEqual(s);
          // Stepper, fused store + reset at an offset (the explorer's batch).
          const batch = new Int32Array(3 * codec.words);
          m.applies[a](stepper.next, m.actionParam[a]);
          stepper.storeReset(batch, words, codec.words);
          expect(same(batch.subarray(codec.words, 2 * codec.words), want)).toBe(true);
          expect(plain(codec.shape, stepper.next)).toEqual(s);
          // The same from a base longer than the state (its words first), into a record that ends
          // the buffer: the base copy must not be a native copy of the whole base (codec.ts,
          // NATIVE_COPY_WORDS), which would not fit.
          const longBase = new Int32Array(codec.words + 2).fill(-1);
          longBase.set(words);
          const tail = new Int32Array(2 * codec.words);
          m.applies[a](stepper.next, m.actionParam[a]);
          stepper.storeReset(tail, longBase, codec.words);
          expect(same(tail.subarray(codec.words), want)).toBe(true);
          expect(plain(codec.shape, stepper.next)).toEqual(s);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
    expect(edges).toBeGreaterThan(100);
  });
});

/** An arbitrary value of a shape. */
function arb(s: Shape): fc.Arbitrary<unknown> {
  switch (s.kind) {
    case 'int':
      return fc.integer({ min: s.min, max: s.max });
    case 'bool':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...s.values);
    case 'array':
      return fc.array(arb(s.of), { minLength: s.length, maxLength: s.length });
    case 'struct':
      return fc.record(Object.fromEntries(Object.entries(s.fields).map(([k, f]) => [k, arb(f)])));
  }
}

// Every kind of leaf, negative minimums, a 31-bit leaf, leaves that do not fit the rest of a word.
const WIDE = struct({
  a: int(-3, 1000),
  flags: array(5, bool()),
  big: int(0, 0x7fffffff),
  mode: enumOf(['x', 'y', 'z']),
  procs: array(3, struct({ pc: enumOf(['p', 'q', 'r', 's', 't']), k: int(-100, -90), on: bool() })),
  tail: int(7, 7),
});

describe('codec', () => {
  const codec = compileCodec(WIDE);

  it('round-trips arbitrary values; the mirror and stepper agree with encode', () => {
    const mirror = codec.makeMirror();
    const stepper = codec.makeStepper();
    const out = new Int32Array(codec.words);
    fc.assert(
      fc.property(arb(WIDE), arb(WIDE), (v, w) => {
        const words = codec.encode(v as never);
        expect(codec.decode(words)).toEqual(v);
        mirror.load(words);
        expect(mirror.state).toEqual(v);
        mirror.store(out);
        expect(same(out, words)).toBe(true);
        // Stepper from v, recipe "become w" written leaf by leaf: stores w's words.
        stepper.load(words);
        const d = stepper.next as Record<string, unknown> & { flags: boolean[]; procs: Record<string, unknown>[] };
        const t = w as typeof d;
        d.a = t.a;
        d.big = t.big;
        d.mode = t.mode;
        for (let i = 0; i < 5; i++) d.flags[i] = t.flags[i];
        for (let i = 0; i < 3; i++) Object.assign(d.procs[i], t.procs[i]);
        stepper.storeReset(out, words);
        expect(same(out, codec.encode(w as never))).toBe(true);
        expect(plain(codec.shape, stepper.next)).toEqual(v);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('storeCompare orders words as the canonicaliser does (signed, lexicographic) and writes them all unless greater', () => {
    const mirror = codec.makeMirror();
    const out = new Int32Array(codec.words);
    const cmp = (x: Int32Array, y: Int32Array): number => {
      for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return x[j] < y[j] ? -1 : 1;
      return 0;
    };
    let less = 0;
    let greater = 0;
    fc.assert(
      fc.property(arb(WIDE), arb(WIDE), fc.boolean(), (v, w, self) => {
        const vw = codec.encode(v as never);
        const ref = self ? vw.slice() : codec.encode(w as never);
        // The reference at an offset, as the canonicaliser passes a record's words.
        const padded = new Int32Array(3 + codec.words);
        padded.set(ref, 3);
        mirror.load(vw);
        out.fill(7);
        const c = mirror.storeCompare(out, padded, 3);
        expect(c).toBe(cmp(vw, ref));
        if (c <= 0) expect(same(out, vw)).toBe(true);
        if (c < 0) less++;
        if (c > 0) greater++;
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(less).toBeGreaterThan(0);
    expect(greater).toBeGreaterThan(0);
  });

  it('incremental stepper load equals a full decode, whatever was loaded or stored before', () => {
    const stepper = codec.makeStepper();
    const out = new Int32Array(codec.words);
    fc.assert(
      fc.property(arb(WIDE), arb(WIDE), fc.boolean(), (v, w, storeFirst) => {
        stepper.load(codec.encode(v as never));
        if (storeFirst) {
          // `store` keeps `next` changed: the following load must still give next === cur.
          (stepper.next as { a: number }).a = (w as { a: number }).a;
          stepper.store(out, codec.encode(v as never));
        }
        const words = codec.encode(w as never);
        stepper.load(words);
        expect(stepper.cur).toEqual(w);
        expect(plain(codec.shape, stepper.next)).toEqual(w);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('lays leaves out in declaration order without splitting a leaf across words', () => {
    expect(codec.words).toBe(3);
    for (const l of codec.leaves) expect(l.shift + l.bits).toBeLessThanOrEqual(32);
    expect(codec.leaves.map((l) => l.path).slice(0, 4)).toEqual(['a', 'flags[0]', 'flags[1]', 'flags[2]']);
  });

  const base = {
    a: 0,
    flags: [false, false, false, false, false],
    big: 5,
    mode: 'x',
    procs: [0, 1, 2].map(() => ({ pc: 'p', k: -95, on: false })),
    tail: 7,
  };
  type D = typeof base;
  // Recipes that misbehave; every path must throw ShapeError or store the same words.
  const recipes: [string, (d: D) => void, 'error' | 'ok'][] = [
    ['int above its range', (d) => void (d.a = 1001), 'error'],
    ['int below its range', (d) => void (d.procs[1].k = -101), 'error'],
    ['non-integer', (d) => void (d.a = 1.5), 'error'],
    ['string for an int', (d) => void ((d as Record<string, unknown>).a = '3'), 'error'],
    ['unknown enum value', (d) => void (d.mode = 'w'), 'error'],
    ['number for a bool', (d) => void ((d.flags as unknown[])[2] = 1), 'error'],
    ['array replaced by a longer one', (d) => void (d.flags = [...d.flags, true]), 'error'],
    ['element pushed', (d) => void d.flags.push(true), 'error'],
    ['struct replaced by a number', (d) => void ((d as Record<string, unknown>).procs = 3), 'error'],
    ['array replaced by an equal-length copy', (d) => void (d.flags = d.flags.map((x, i) => (i === 3 ? !x : x))), 'ok'],
    ['nested struct replaced', (d) => void (d.procs[2] = { pc: 't', k: -90, on: true }), 'ok'],
    ['original container mutated, then replaced', (d) => {
      const old = d.flags;
      old[0] = true;
      d.flags = [false, true, false, false, false];
    }, 'ok'],
    ['same value written', (d) => void (d.a = 0), 'ok'],
  ];
  it.each(recipes)('%s: stepper, mirror and immer agree', (_, recipe, expected) => {
    const words = codec.encode(base as never);
    const mirror = codec.makeMirror();
    const stepper = codec.makeStepper();
    const out = new Int32Array(codec.words);
    const viaMirror = (): Int32Array => {
      mirror.load(words);
      recipe(mirror.state as unknown as D);
      mirror.store(out);
      return Int32Array.from(out);
    };
    const viaStepper = (reset: boolean): Int32Array => {
      stepper.load(words);
      recipe(stepper.next as unknown as D);
      if (reset) stepper.storeReset(out, words);
      else stepper.store(out, words);
      return Int32Array.from(out);
    };
    const viaEncode = (): Int32Array => {
      const c = structuredClone(base);
      recipe(c);
      return codec.encode(c as never);
    };
    if (expected === 'error') {
      expect(viaMirror).toThrow(ShapeError);
      expect(() => viaStepper(false)).toThrow(ShapeError);
      expect(() => viaStepper(true)).toThrow(ShapeError);
      expect(viaEncode).toThrow(ShapeError);
    } else {
      const want = viaEncode();
      expect(same(viaMirror(), want)).toBe(true);
      expect(same(viaStepper(false), want)).toBe(true);
      stepper.reset();
      expect(plain(codec.shape, stepper.next)).toEqual(base);
      expect(same(viaStepper(true), want)).toBe(true);
      expect(plain(codec.shape, stepper.next)).toEqual(base);
      expect(stepper.cur).toEqual(base);
    }
  });
});

describe("the write log of a stepper's `next` (storeReset compares the leaves a recipe wrote)", () => {
  const wide = struct({ xs: array(300, struct({ a: int(0, 7), b: bool() })), arr: array(4, int(0, 3)) });
  const c = compileCodec(wide);
  type W = { xs: { a: number; b: boolean }[]; arr: number[] };
  const init: W = { xs: Array.from({ length: 300 }, () => ({ a: 0, b: false })), arr: [0, 0, 0, 0] };
  const recipes: [string, (d: W) => void][] = [
    ['one leaf', (d) => void (d.xs[7].a = 3)],
    ['a leaf written twice, one written and put back', (d) => {
      d.xs[1].a = 5;
      d.xs[1].a = 6;
      d.xs[2].b = true;
      d.xs[2].b = false;
    }],
    ['600 writes, more than the log holds', (d) => {
      for (const x of d.xs) {
        x.a = 1;
        x.b = true;
      }
    }],
    ['an element of a leaf array (compared always, not logged)', (d) => void (d.arr[2] = 3)],
    ['a read-modify-write', (d) => void (d.xs[299].a += 7)],
  ];
  it.each(recipes)('%s: the words of encode, and next equal to cur again', (_, recipe) => {
    const stepper = c.makeStepper();
    const words = c.encode(init as never);
    stepper.load(words);
    recipe(stepper.next as W);
    const out = new Int32Array(c.words);
    stepper.storeReset(out, words);
    const want = structuredClone(init);
    recipe(want);
    expect([...out]).toEqual([...c.encode(want as never)]);
    expect(plain(wide, stepper.next)).toEqual(init);
    // The next recipe starts from `cur`, with an empty log.
    (stepper.next as W).xs[0].b = true;
    stepper.storeReset(out, words);
    const one = structuredClone(init);
    one.xs[0].b = true;
    expect([...out]).toEqual([...c.encode(one as never)]);
  });
});
