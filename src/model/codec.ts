/**
 * Codec: one state shape, two representations.
 *
 * Why this file exists: the explorer stores and compares states as fixed-width packed Int32 words,
 * while models, traces and replay read plain objects. The codec derives both from the shape:
 *  - `encode` / `decode` convert between a plain object and packed words (reference side);
 *  - `makeMirror` generates (once per worker) a preallocated plain object plus unrolled `load` and
 *    `store` functions between it and packed words, so the very same immer-style recipe runs in
 *    place on the mirror at plain-JavaScript speed, with no proxy and no allocation per successor.
 *    (Accessor-based views were measured first: indexed accessors cost ~100 ns per access in V8,
 *    the unrolled mirror ~1 ns per leaf.)
 *
 * Mirror objects are built by generated object literals (fast, in-object properties and one hidden
 * class per struct shape); generated code keeps containers in locals and reads each word once.
 *
 * Invariants it keeps: the layout is a pure function of the shape (declaration order), every leaf
 * lives inside one word, bits outside any leaf are always zero, so equal states have equal words.
 *
 * What it must not do: import the engine or immer; allocate inside the generated load/store.
 */
import { leafBits, type BoolShape, type EnumShape, type Infer, type IntShape, type Shape } from './shape.js';

export interface Leaf {
  readonly path: string;
  readonly shape: IntShape | BoolShape | EnumShape;
  readonly word: number;
  readonly shift: number;
  readonly bits: number;
}

/**
 * A mirror: one preallocated plain object with the state's structure, loaded from and stored to
 * packed words by generated, unrolled code. Recipes, guards and properties run on it at plain
 * JavaScript speed; nothing is allocated per state.
 */
export interface Mirror<S> {
  /** The mirror object. Mutate it only through recipes; `load` overwrites every leaf. */
  readonly state: S;
  /** Decode `words` into `state` (restoring any container a recipe replaced). */
  load(words: Int32Array): void;
  /** Encode `state` into `words`, checking every leaf against its shape (ShapeError if not). */
  store(words: Int32Array): void;
  /**
   * `store` compared with `ref[refOff..]` (words as signed integers, lexicographically) as it
   * goes: 1 when `state`'s words are greater (then `words` holds only a prefix: it stopped at the
   * first greater word), 0 when equal, -1 when less (then `words` holds them all).
   */
  storeCompare(words: Int32Array, ref: Int32Array, refOff: number): number;
}

/**
 * A stepper: the explorer's pair of mirrors. `cur` holds the state being expanded (guards and the
 * `prev` side of transition properties read it); `next` is what a recipe mutates, and equals
 * `cur` again after every `storeReset` / `reset`. Storing is incremental: only leaves whose value
 * differs from `cur` are re-encoded (and validated) on top of the base words `cur` came from.
 * Which leaves to compare: `next`'s structs are generated classes whose leaf fields are accessors
 * that log the leaf written (its index) in the stepper's write log, so `storeReset` compares the
 * leaves a recipe wrote, plus the elements of leaf arrays (plain arrays, which cannot log), not
 * every leaf (kvfree-v1 with 2 CPUs has 235 leaves; a step writes about 7); a recipe that writes
 * more leaves than the log holds is stored by comparing every leaf. `cur` stays plain objects.
 *
 * Equivalence with `Mirror.store`: a leaf equal (`===`) to its `cur` value is valid and keeps its
 * bits; a changed leaf goes through the same checks as `store`. When a recipe replaced or resized
 * a container, the generated code falls back to the full validated `store` (and a full copy for
 * the reset), so the words are exactly those `store` would produce.
 */
export interface Stepper<S> {
  readonly cur: S;
  readonly next: S;
  /**
   * Decode `words` into `cur` and make `next` equal to it. Incremental: only the words that
   * differ from the ones last loaded are decoded (into both), so `next` must equal `cur` when it
   * is called, as it does after `storeReset` / `reset` (after `store`, and after a failed store,
   * the next load decodes every word). A recipe that threw leaves `next` changed: call `reset()`
   * before using the stepper again.
   */
  load(words: Int32Array): void;
  /**
   * Encode `next` into `out[off..off+words)` (off defaults to 0); `base` must hold the words `cur`
   * was loaded from. `next` is kept.
   */
  store(out: Int32Array, base: Int32Array, off?: number): void;
  /** Make `next` equal to `cur` again (restoring any container a recipe replaced). */
  reset(): void;
  /** `store` then `reset`, in one pass. */
  storeReset(out: Int32Array, base: Int32Array, off?: number): void;
}

/** A stepper's write log: the leaf indices its `next` mirror's struct fields were written at, and how many (`count[0]`; past `log.length` the writes are only counted). */
interface WriteLog {
  readonly log: Int32Array;
  readonly count: Int32Array;
}
/** Entries of a write log; a recipe that writes more leaves is stored by comparing every leaf. */
const WRITE_LOG = 512;
/** States of at least this many words get their base words under a record by `TypedArray.set` (a native copy), shorter ones by a loop. */
const NATIVE_COPY_WORDS = 16;

export interface Codec<S> {
  readonly shape: Shape;
  readonly words: number;
  readonly leaves: readonly Leaf[];
  encode(state: S, out?: Int32Array): Int32Array;
  decode(words: Int32Array, offset?: number): S;
  makeMirror(): Mirror<S>;
  /** One stepper per worker: the explorer's allocation-free successor pipeline. */
  makeStepper(): Stepper<S>;
}

/** Thrown (a model bug, turned into an `error` outcome) when a value does not fit its declared shape. */
export class ShapeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

/** The leaves of `shape` and its number of words, as every codec of the shape lays them out. */
export function layout(shape: Shape): { leaves: Leaf[]; words: number } {
  const leaves: Leaf[] = [];
  let word = 0;
  let shift = 0;
  const walk = (s: Shape, path: string): void => {
    switch (s.kind) {
      case 'struct':
        for (const [k, f] of Object.entries(s.fields)) walk(f, path === '' ? k : `${path}.${k}`);
        return;
      case 'array':
        for (let i = 0; i < s.length; i++) walk(s.of, `${path}[${i}]`);
        return;
      case 'int':
      case 'bool':
      case 'enum': {
        const bits = leafBits(s);
        if (shift + bits > 32) {
          word++;
          shift = 0;
        }
        leaves.push({ path, shape: s, word, shift, bits });
        shift += bits;
      }
    }
  };
  walk(shape, '');
  return { leaves, words: leaves.length === 0 ? 1 : word + 1 };
}

/** A leaf value's raw bits (ShapeError if it does not fit the leaf). */
export function packLeaf(leaf: Leaf, value: unknown): number {
  const s = leaf.shape;
  if (s.kind === 'bool') {
    if (typeof value !== 'boolean') throw new ShapeError(`${leaf.path}: expected boolean, got ${String(value)}`);
    return value ? 1 : 0;
  }
  if (s.kind === 'enum') {
    const i = s.values.indexOf(value as string);
    if (i < 0) throw new ShapeError(`${leaf.path}: ${String(value)} is not one of ${s.values.join('|')}`);
    return i;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < s.min || value > s.max) {
    throw new ShapeError(`${leaf.path}: ${String(value)} outside int(${s.min}, ${s.max})`);
  }
  return value - s.min;
}

function unpackLeaf(leaf: Leaf, raw: number): unknown {
  const s = leaf.shape;
  if (s.kind === 'bool') return raw === 1;
  if (s.kind === 'enum') return s.values[raw];
  return raw + s.min;
}

/**
 * Generated expressions for one leaf: `get` (its value, from its bits in `W`) and `put` (the value in
 * `v` encoded, or `bad(leaf, v)` when it does not fit the shape). `k` turns a constant into the
 * name the generated code knows it by.
 */
function leafCode(leaf: Leaf, k: (v: unknown) => string, word = `W[${leaf.word}]`): { get: string; put: string } {
  const f = leaf.shape;
  const raw = `((${word} >>> ${leaf.shift}) & ${mask(leaf.bits)})`;
  const L = k(leaf);
  if (f.kind === 'bool') return { get: `${raw} === 1`, put: `v === true ? 1 : v === false ? 0 : bad(${L}, v)` };
  if (f.kind === 'enum') {
    return {
      get: `${k(f.values)}[${raw}]`,
      put: f.values.map((x, i) => `v === ${JSON.stringify(x)} ? ${i} : `).join('') + `bad(${L}, v)`,
    };
  }
  return {
    get: f.min === 0 ? raw : `(${raw} + ${f.min})`,
    put: `(v >= ${f.min} && v <= ${f.max} && v === Math.floor(v)) ? v - ${f.min} : bad(${L}, v)`,
  };
}

export function mask(bits: number): number {
  return bits >= 32 ? -1 : (1 << bits) - 1;
}

/** Numbers the generated array literals (see `blank`): each a distinct source, so none is a cached compile of another mirror's. */
let literalSites = 0;

export function compileCodec<T extends Shape>(shape: T): Codec<Infer<T>> {
  const { leaves, words } = layout(shape);

  const encode = (state: Infer<T>, out = new Int32Array(words)): Int32Array => {
    out.fill(0, 0, words);
    let i = 0;
    const walk = (s: Shape, v: unknown, path: string): void => {
      if (s.kind === 'struct') {
        if (typeof v !== 'object' || v === null) throw new ShapeError(`${path || 'state'}: expected an object`);
        for (const [k, f] of Object.entries(s.fields)) walk(f, (v as Record<string, unknown>)[k], `${path}.${k}`);
      } else if (s.kind === 'array') {
        if (!Array.isArray(v) || v.length !== s.length) {
          throw new ShapeError(`${path}: expected an array of length ${s.length}`);
        }
        for (let j = 0; j < s.length; j++) walk(s.of, v[j], `${path}[${j}]`);
      } else {
        const leaf = leaves[i++];
        out[leaf.word] |= packLeaf(leaf, v) << leaf.shift;
      }
    };
    walk(shape, state, '');
    return out;
  };

  const decode = (w: Int32Array, offset = 0): Infer<T> => {
    let i = 0;
    const walk = (s: Shape): unknown => {
      if (s.kind === 'struct') {
        const o: Record<string, unknown> = {};
        for (const [k, f] of Object.entries(s.fields)) o[k] = walk(f);
        return o;
      }
      if (s.kind === 'array') {
        const a: unknown[] = [];
        for (let j = 0; j < s.length; j++) a.push(walk(s.of));
        return a;
      }
      const leaf = leaves[i++];
      return unpackLeaf(leaf, (w[offset + leaf.word] >>> leaf.shift) & mask(leaf.bits));
    };
    return walk(shape) as Infer<T>;
  };

  /**
   * The containers of a state object in a fixed order (the root first, then depth first in
   * declaration order), each with its parent, its accessor in the parent and the shape's check;
   * and each leaf with the container it lives in. Generated code keeps every container in a local
   * (one map check per object instead of one per leaf) and reads each word once.
   */
  interface GenContainer {
    readonly parent: number;
    /** Its key in the parent, and the generated accessor for it (`["cpu"]`, `[0]`). */
    readonly key: string;
    readonly acc: string;
    readonly shape: Shape;
    readonly where: string;
  }
  interface GenLeaf {
    readonly leaf: Leaf;
    readonly container: number;
    readonly acc: string;
    /** Its position among its container's fields or elements. */
    readonly slot: number;
  }
  const genContainers: GenContainer[] = [];
  const genLeaves: GenLeaf[] = [];
  {
    let li = 0;
    const walk = (s: Shape, parent: number, key: string, acc: string, where: string): void => {
      const id = genContainers.length;
      genContainers.push({ parent, key, acc, shape: s, where });
      const entries: [string, Shape][] =
        s.kind === 'struct'
          ? Object.entries(s.fields)
          : s.kind === 'array'
            ? Array.from({ length: s.length }, (_, i) => [String(i), s.of] as [string, Shape])
            : [];
      entries.forEach(([key, f], slot) => {
        const a = s.kind === 'array' ? `[${key}]` : `[${JSON.stringify(key)}]`;
        const path = s.kind === 'array' ? `${where}[${key}]` : where === '' ? key : `${where}.${key}`;
        if (f.kind === 'struct' || f.kind === 'array') walk(f, id, key, a, path);
        else genLeaves.push({ leaf: leaves[li++], container: id, acc: a, slot });
      });
    };
    if (shape.kind === 'struct' || shape.kind === 'array') walk(shape, -1, '', '', '');
  }
  /**
   * A new object of the state's structure holding the all-zero-words state, for mirrors. Every
   * struct is built by a generated object literal, so it has fast (in-object) properties and all
   * objects of one struct shape share one hidden class (a struct built key by key, as `decode`
   * does, turns into a dictionary beyond a dozen fields, and then every field access in a guard
   * or recipe is a hash lookup).
   */
  const blank = (tracked?: WriteLog): object => {
    const builders = new Map<Shape, () => unknown>();
    let li = 0;
    const build = (s: Shape): (() => unknown) => {
      if (s.kind === 'struct') {
        const fields = Object.entries(s.fields).map(([key, f]) => ({ key, make: build(f), leaf: f.kind !== 'struct' && f.kind !== 'array' }));
        const lit = fields.map((f, i) => `${JSON.stringify(f.key)}: m${i}()`).join(', ');
        let make = builders.get(s);
        if (make === undefined && tracked !== undefined) {
          // A class whose leaf fields are accessors over `$$i` slots; a write also logs the
          // leaf's index (`$$L[i]`, filled in below once the tree is built) in the stepper's write log.
          const init = fields.map((f, i) => (f.leaf ? `this.$$${i} = m${i}();` : `this[${JSON.stringify(f.key)}] = m${i}();`)).join(' ');
          const props = fields
            .map((f, i) => (f.leaf ? `get [${JSON.stringify(f.key)}]() { return this.$$${i}; } set [${JSON.stringify(f.key)}](v) { this.$$${i} = v; D[T[0]++] = this.$$L[${i}]; }` : ''))
            .join('\n');
          // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a generated class: the write log of a stepper's `next` (see makeStepper)
          const f = new Function('D', 'T', ...fields.map((_, i) => `m${i}`), `class S { constructor() { this.$$L = null; ${init} }\n${props} }\nreturn function () { return new S(); };`) as (
            d: Int32Array,
            t: Int32Array,
            ...m: (() => unknown)[]
          ) => () => unknown;
          make = f(tracked.log, tracked.count, ...fields.map((x) => x.make));
          builders.set(s, make);
        }
        if (make === undefined) {
          // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a generated literal gives the struct fast properties (see above)
          const f = new Function(...fields.map((_, i) => `m${i}`), `return function () { return { ${lit} }; };`) as (
            ...m: (() => unknown)[]
          ) => () => unknown;
          make = f(...fields.map((x) => x.make));
          builders.set(s, make);
        }
        return make;
      }
      if (s.kind === 'array') {
        // A generated array literal too: one allocation site per array shape, so an array's
        // elements kind (small integers, or any value) is its own and the same in every mirror.
        // Built by `push` from one shared site, arrays took the kind the site had drifted to by
        // the time a mirror was made, and a guard (on `cur`) and a recipe (on `next`) saw two
        // hidden classes for the same array.
        const items = Array.from({ length: s.length }, () => build(s.of));
        let make = builders.get(s);
        if (make === undefined) {
          const lit = items.map((_, i) => `m${i}()`).join(', ');
          // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a generated literal: one allocation site per array shape (see above)
          const f = new Function(...items.map((_, i) => `m${i}`), `/* ${++literalSites} */ return function () { return [${lit}]; };`) as (
            ...m: (() => unknown)[]
          ) => () => unknown;
          make = f(...items);
          builders.set(s, make);
        }
        return make;
      }
      const leaf = leaves[li++];
      const v = unpackLeaf(leaf, 0);
      return () => v;
    };
    const root = build(shape)() as object;
    if (tracked !== undefined) {
      // Each struct's `$$L`: the leaf index of each of its leaf fields (by field position).
      const objs = containersOf(root);
      genContainers.forEach((c, i) => {
        if (c.shape.kind === 'struct') (objs[i] as { $$L: Int32Array }).$$L = new Int32Array(Object.keys(c.shape.fields).length).fill(-1);
      });
      genLeaves.forEach((g, j) => {
        const c = genContainers[g.container];
        if (c.shape.kind === 'struct') (objs[g.container] as { $$L: Int32Array }).$$L[g.slot] = j;
      });
    }
    return root;
  };
  /** The container objects of `root`, in `genContainers` order. */
  const containersOf = (root: object): object[] => {
    const out: object[] = [];
    for (const c of genContainers) {
      out.push(c.parent < 0 ? root : ((out[c.parent] as Record<string, unknown>)[c.key] as object));
    }
    return out;
  };
  /** `const X0 = K.., X1 = K..;`: the containers of one object as locals named `prefix<i>`. */
  const localDecl = (prefix: string, consts: string[]): string =>
    consts.length === 0 ? '' : `const ${consts.map((c, i) => `${prefix}${i} = ${c}`).join(', ')};`;
  /** `X1["cpu"] = X2;` ...: re-attach every container of an object to its parent. */
  const restoreCode = (prefix: string): string =>
    genContainers
      .map((c, i) => (c.parent < 0 ? '' : `${prefix}${c.parent}${c.acc} = ${prefix}${i};`))
      .filter((l) => l !== '')
      .join('\n');

  const makeMirror = (tracked?: WriteLog): Mirror<Infer<T>> => {
    if (shape.kind !== 'struct' && shape.kind !== 'array') throw new ShapeError('the state shape must be a struct or an array');
    const consts: unknown[] = [];
    const k = (v: unknown): string => {
      consts.push(v);
      return `K${consts.length - 1}`;
    };
    const root = blank(tracked);
    const R = containersOf(root).map(k);
    // load: containers re-attached, then each word read once and its leaves decoded.
    const loadLines: string[] = [localDecl('L', R), restoreCode('L'), 'let x;'];
    let word = -1;
    for (const g of genLeaves) {
      if (g.leaf.word !== word) {
        word = g.leaf.word;
        loadLines.push(`x = W[${word}];`);
      }
      loadLines.push(`L${g.container}${g.acc} = ${leafCode(g.leaf, k, 'x').get};`);
    }
    // store: walks the state as it is now (a recipe may have replaced a container), checking
    // every container's structure and every leaf.
    const containerChecks: string[] = [];
    genContainers.forEach((c, i) => {
      const sv = `S${i}`;
      containerChecks.push(c.parent < 0 ? `const ${sv} = L0;` : `const ${sv} = S${c.parent}${c.acc};`);
      const s = c.shape;
      if (s.kind === 'array') {
        containerChecks.push(`if (!Array.isArray(${sv}) || ${sv}.length !== ${s.length}) badc(${JSON.stringify(c.where)});`);
      } else {
        containerChecks.push(`if (typeof ${sv} !== 'object' || ${sv} === null) badc(${JSON.stringify(c.where)});`);
      }
    });
    const storeLines: string[] = [...containerChecks];
    for (const g of genLeaves) {
      storeLines.push(`v = S${g.container}${g.acc}; w${g.leaf.word} |= (${leafCode(g.leaf, k).put}) << ${g.leaf.shift};`);
    }
    const wordDecls = Array.from({ length: words }, (_, i) => `w${i} = 0`).join(', ');
    const wordStores = Array.from({ length: words }, (_, i) => `W[${i}] = w${i};`).join(' ');
    // storeCompare: the same checks and words, one word at a time, each compared with the
    // reference as soon as it is made; stops at the first word greater than the reference's.
    const compareLines: string[] = [];
    for (let wi = 0; wi < words; wi++) {
      compareLines.push('w = 0;');
      for (const g of genLeaves) {
        if (g.leaf.word === wi) compareLines.push(`v = S${g.container}${g.acc}; w |= (${leafCode(g.leaf, k).put}) << ${g.leaf.shift};`);
      }
      compareLines.push(`W[${wi}] = w; if (c === 0 && w !== Ref[ro + ${wi}]) { if (w > Ref[ro + ${wi}]) return 1; c = -1; }`);
    }
    const src = [
      consts.map((_, i) => `const K${i} = consts[${i}];`).join('\n'),
      `function load(W) {\n${loadLines.join('\n')}\n}`,
      `function store(W) {\nconst L0 = ${R[0]}; let v; let ${wordDecls};\n${storeLines.join('\n')}\n${wordStores}\n}`,
      `function storeCompare(W, Ref, ro) {\nconst L0 = ${R[0]}; let v; let w; let c = 0;\n${containerChecks.join('\n')}\n${compareLines.join('\n')}\nreturn c;\n}`,
      `return { state: ${R[0]}, load, store, storeCompare };`,
    ].join('\n');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated, unrolled load/store (see file header)
    const factory = new Function('consts', 'bad', 'badc', src) as (
      c: unknown[],
      b: (leaf: Leaf, v: unknown) => never,
      bc: (where: string) => never,
    ) => Mirror<Infer<T>>;
    return factory(consts, bad, badc);
  };

  const makeStepper = (): Stepper<Infer<T>> => {
    if (shape.kind !== 'struct' && shape.kind !== 'array') throw new ShapeError('the state shape must be a struct or an array');
    // `cur` is a plain object of the state's structure; `next` is built of classes whose leaf
    // fields log each write (its leaf index) in `wl`, so `storeReset` compares only the leaves a
    // recipe wrote (and the leaves of leaf arrays, which cannot log), not every leaf. `next` also
    // gets a full validated `store` for the rare recipe that replaces a container.
    const wl: WriteLog = { log: new Int32Array(WRITE_LOG), count: new Int32Array(1) };
    const nextMirror = makeMirror(wl);
    const consts: unknown[] = [];
    const k = (v: unknown): string => {
      consts.push(v);
      return `K${consts.length - 1}`;
    };
    const C = containersOf(blank()).map(k);
    const N = containersOf(nextMirror.state as object).map(k);
    const locals = `${localDecl('C', C)}\n${localDecl('N', N)}`;
    // Is every container of `next` still the one it was, with its length?
    const sameTerms: string[] = [];
    genContainers.forEach((c, i) => {
      if (c.parent >= 0) sameTerms.push(`N${c.parent}${c.acc} === N${i}`);
      if (c.shape.kind === 'array') sameTerms.push(`N${i}.length === ${c.shape.length}`);
    });
    const copyLines: string[] = []; // next leaf := cur leaf
    const deltaLines: string[] = []; // incremental encode (no reset)
    const deltaResetLines: string[] = []; // incremental encode + reset
    const loggedCases: string[] = []; // per leaf of a struct: encode + reset, in place, when written
    const arrayLeafLines: string[] = []; // leaves of leaf arrays: compared always
    // Load, one block per word: decode the word's leaves into cur and next, only when the word
    // differs from the one last loaded (`P`), unless a full load is due.
    const loadBlocks: string[] = [];
    const fullLoadLines: string[] = [];
    let block: string[] = [];
    let word = -1;
    const flush = (): void => {
      if (word < 0) return;
      loadBlocks.push(`x = W[${word}]; if (x !== P[${word}]) { P[${word}] = x;\n${block.join('\n')}\n}`);
      fullLoadLines.push(`x = W[${word}]; P[${word}] = x;\n${block.join('\n')}`);
      block = [];
    };
    genLeaves.forEach((g, j) => {
      const { leaf } = g;
      if (leaf.word !== word) {
        flush();
        word = leaf.word;
      }
      // `next`'s leaf as stored: a struct field's slot (no write logged), an array element.
      const inStruct = genContainers[g.container].shape.kind === 'struct';
      const nv = inStruct ? `N${g.container}.$$${g.slot}` : `N${g.container}${g.acc}`;
      const cv = `C${g.container}${g.acc}`;
      const { get, put } = leafCode(leaf, k, 'x');
      block.push(`${nv} = ${cv} = ${get};`);
      copyLines.push(`${nv} = ${cv};`);
      const clear = ~((mask(leaf.bits) << leaf.shift) | 0) | 0;
      const w = `w${leaf.word}`;
      const upd = `${w} = (${w} & ${clear}) | ((${put}) << ${leaf.shift});`;
      deltaLines.push(`v = ${nv}; if (v !== ${cv}) { ${upd} }`);
      deltaResetLines.push(`v = ${nv}; if (v !== ${cv}) { ${upd} ${nv} = ${cv}; }`);
      const inPlace = `v = ${nv}; if (v !== ${cv}) { x = W[o + ${leaf.word}]; W[o + ${leaf.word}] = (x & ${clear}) | ((${put}) << ${leaf.shift}); ${nv} = ${cv}; }`;
      if (inStruct) loggedCases.push(`case ${j}: ${inPlace} break;`);
      else arrayLeafLines.push(inPlace);
    });
    flush();
    const wordDecls = Array.from({ length: words }, (_, i) => `w${i} = B[${i}]`).join(', ');
    const wordStores = Array.from({ length: words }, (_, i) => `W[o + ${i}] = w${i};`).join(' ');
    const same = sameTerms.length === 0 ? 'true' : sameTerms.join(' && ');
    // The base words under the record: one native copy for long states (kvfree-v1 with 2 CPUs, 61
    // words: 3% less wall time in paired runs), an inline loop for short ones (a call costs more).
    const baseCopy =
      words >= NATIVE_COPY_WORDS ? `if (B.length === ${words}) W.set(B, o); else for (let i = 0; i < ${words}; i++) W[o + i] = B[i];` : `for (let i = 0; i < ${words}; i++) W[o + i] = B[i];`;
    const src = [
      consts.map((_, i) => `const K${i} = consts[${i}];`).join('\n'),
      // The words `cur` was last decoded from; `fresh`: no load yet, or `next` may differ from
      // `cur` (after `store` without a reset), so the next load decodes every word.
      `const P = new Int32Array(${words}); let fresh = true;`,
      `function same() {\n${locals}\nreturn ${same};\n}`,
      `function copy() {\n${locals}\n${restoreCode('N')}\n${copyLines.join('\n')}\nT[0] = 0; fresh = false;\n}`,
      `function fullLoad(W) {\n${locals}\n${restoreCode('N')}\nlet x;\n${fullLoadLines.join('\n')}\nT[0] = 0; fresh = false;\n}`,
      `function load(W) {\nif (fresh) { fullLoad(W); return; }\n${locals}\nlet x;\n${loadBlocks.join('\n')}\nT[0] = 0;\n}`,
      `function store(W, B, o) {\no = o | 0; fresh = true;\nif (!same()) { fullStore(W, o); return; }\n${locals}\nlet v; let ${wordDecls};\n${deltaLines.join('\n')}\n${wordStores}\n}`,
      // More writes than the log holds: every leaf compared, as before the log.
      `function storeResetAll(W, B, o) {\n${locals}\nlet v; let ${wordDecls};\nfresh = true;\n${deltaResetLines.join('\n')}\nT[0] = 0; fresh = false;\n${wordStores}\n}`,
      `function storeReset(W, B, o) {\no = o | 0;\nif (!same()) { fresh = true; fullStore(W, o); copy(); return; }\nconst n = T[0];\nif (n > ${WRITE_LOG}) { storeResetAll(W, B, o); return; }\n${locals}\nlet v; let x;\nfresh = true;\n${baseCopy}\nfor (let i = 0; i < n; i++) {\nswitch (D[i]) {\n${loggedCases.join('\n')}\n}\n}\nT[0] = 0;\n${arrayLeafLines.join('\n')}\nfresh = false;\n}`,
      `return { cur: ${C[0]}, next: ${N[0]}, load, store, reset: copy, storeReset };`,
    ].join('\n');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated, unrolled stepper (see file header)
    const factory = new Function('consts', 'bad', 'fullStore', 'D', 'T', src) as (
      c: unknown[],
      b: (leaf: Leaf, v: unknown) => never,
      fs: (w: Int32Array, off: number) => void,
      d: Int32Array,
      t: Int32Array,
    ) => Stepper<Infer<T>>;
    // Slow path (a recipe replaced or resized a container): the full validated store.
    const tmp = new Int32Array(words);
    return factory(consts, bad, (w, off) => {
      nextMirror.store(tmp);
      w.set(tmp, off);
    }, wl.log, wl.count);
  };

  const bad = (leaf: Leaf, v: unknown): never => {
    throw new ShapeError(`${leaf.path}: ${String(v)} does not fit ${describe(leaf.shape)}`);
  };
  const badc = (where: string): never => {
    throw new ShapeError(`${where || 'state'}: container replaced by a value of another structure or length`);
  };

  return { shape, words, leaves, encode, decode, makeMirror, makeStepper };
}

function describe(s: IntShape | BoolShape | EnumShape): string {
  if (s.kind === 'int') return `int(${s.min}, ${s.max})`;
  if (s.kind === 'bool') return 'bool';
  return `enum(${s.values.join('|')})`;
}
