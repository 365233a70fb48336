/**
 * A symmetry element written leaf by leaf, compiled twice: for mirrors (`apply`) and for packed
 * words (`words`: `image`, `compare`).
 *
 * Why this file exists: a symmetry element written as code (`Permutation.apply`) must assign
 * every field of the image, and nothing but a search of every reachable state notices one it
 * forgot (a new field added to a CPU's struct keeps the other CPU's value). Here a model says,
 * for each leaf of the image, which leaf of the state it takes its value from and, for values
 * that name something permuted (an address, a CPU number), a function of that value alone; the
 * leaves are asked for one by one from the codec's layout, so none can be forgotten, and the
 * description must be a permutation of the leaves (checked when it is built). From it both
 * representations are generated: `apply` for mirrors (the symmetry check, traces) and, for the
 * search's hot path, the image made from the successor's packed words bit field by bit field,
 * compared with the successor word by word and stopped at the first word that decides which is
 * the least (with two CPUs, usually within the first CPU's words), so the mirror is never
 * renamed and the image is never encoded whole.
 *
 * Hand-written: code generation over this codec's own layout (codec.ts); no library does it.
 *
 * What it must not do: allocate in the generated code; accept a description that is not a
 * permutation of the leaves, or a value map on a leaf that is not an integer; import the engine.
 */
import { layout, mask, ShapeError, type Leaf } from './codec.js';
import type { Shape } from './shape.js';
import type { Permutation, WordImage } from './types.js';

/** Where the image's leaf takes its value: the state's leaf `from` (a codec path), through `map` (omitted: unchanged). */
export interface LeafSource {
  readonly from: string;
  /** The value renamed: a function of the source leaf's value alone (integer leaves only). */
  readonly map?: (v: number) => number;
}

/** For each leaf of the image (its codec path, e.g. `cpu[0].krw[1].headFree`), its source. */
export type LeafMap = (path: string) => LeafSource;

/** `a.b[2].c` as a generated property access: `["a"]["b"][2]["c"]`. */
function accessor(path: string): string {
  let out = '';
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out += m[2] !== undefined ? `[${m[2]}]` : `[${JSON.stringify(m[1])}]`;
  return out;
}

function sameShape(a: Leaf, b: Leaf): boolean {
  const x = a.shape;
  const y = b.shape;
  if (x.kind === 'int' && y.kind === 'int') return x.min === y.min && x.max === y.max;
  if (x.kind === 'enum' && y.kind === 'enum') return x.values.length === y.values.length && x.values.every((v, i) => v === y.values[i]);
  return x.kind === y.kind;
}

/**
 * The element `name` of a symmetry of states of `shape`, from `leafMap` (asked once per leaf).
 * Throws a RangeError when the description is not a permutation of the leaves, names a leaf the
 * shape does not have, moves a value between leaves of different shapes, or maps a value of a
 * leaf that is not an integer.
 */
export function leafPermutation<S>(shape: Shape, name: string, leafMap: LeafMap, options: { fixesLiveness?: boolean } = {}): Permutation<S> {
  const { leaves, words } = layout(shape);
  const byPath = new Map(leaves.map((l, i) => [l.path, i]));
  const used = new Uint8Array(leaves.length);
  const src: number[] = [];
  const maps: (((v: number) => number) | undefined)[] = [];
  for (const d of leaves) {
    const s = leafMap(d.path);
    const i = byPath.get(s.from);
    if (i === undefined) throw new RangeError(`${name}: ${d.path} takes its value from ${s.from}, which is not a leaf of the state`);
    if (used[i] !== 0) throw new RangeError(`${name}: ${s.from} is the source of two leaves: not a permutation of the leaves`);
    used[i] = 1;
    const from = leaves[i];
    if (s.map !== undefined && (d.shape.kind !== 'int' || from.shape.kind !== 'int')) {
      throw new RangeError(`${name}: ${d.path} maps the value of ${s.from}, but only integer leaves take a value map`);
    }
    if (s.map === undefined && !sameShape(d, from)) throw new RangeError(`${name}: ${d.path} takes the value of ${s.from}, a leaf of another shape`);
    src.push(i);
    maps.push(s.map);
  }
  const fns: ((v: number) => number)[] = [];
  const fnName = (f: (v: number) => number): string => {
    let k = fns.indexOf(f);
    if (k < 0) k = fns.push(f) - 1;
    return `M${k}`;
  };
  // Mirrors: one assignment per leaf.
  const applyLines = leaves.map((d, j) => {
    const from = `s${accessor(leaves[src[j]].path)}`;
    const f = maps[j];
    return `d${accessor(d.path)} = ${f === undefined ? from : `${fnName(f)}(${from})`};`;
  });
  // Words: each image word built from its leaves' sources; runs of unmapped leaves that sit side
  // by side in one source word in the same order move as one masked field.
  const wordLines: string[][] = Array.from({ length: words }, () => []);
  for (let j = 0; j < leaves.length; ) {
    const d = leaves[j];
    const s = leaves[src[j]];
    const f = maps[j];
    if (f !== undefined) {
      const dst = d.shape as { min: number; max: number };
      const from = s.shape as { min: number; max: number };
      const raw = `((W[o + ${s.word}] >>> ${s.shift}) & ${mask(s.bits)})`;
      wordLines[d.word].push(
        `v = ${fnName(f)}(${from.min === 0 ? raw : `${raw} + ${from.min}`}); ` +
          `if (!(v >= ${dst.min} && v <= ${dst.max} && v === Math.floor(v))) bad(${JSON.stringify(d.path)}, v); ` +
          `w |= (v - ${dst.min}) << ${d.shift};`,
      );
      j++;
      continue;
    }
    let bits = d.bits;
    let k = j + 1;
    while (k < leaves.length && maps[k] === undefined) {
      const dn = leaves[k];
      const sn = leaves[src[k]];
      if (dn.word !== d.word || sn.word !== s.word || dn.shift !== d.shift + bits || sn.shift !== s.shift + bits) break;
      bits += dn.bits;
      k++;
    }
    const m = mask(bits);
    if (s.shift === d.shift) wordLines[d.word].push(`w |= W[o + ${s.word}] & ${(m << d.shift) | 0};`);
    else wordLines[d.word].push(`w |= ((W[o + ${s.word}] >>> ${s.shift}) & ${m}) << ${d.shift};`);
    j = k;
  }
  const imageBody = wordLines.map((ls, wi) => `w = 0;\n${ls.join('\n')}\nR[${wi}] = w;`).join('\n');
  const compareBody = wordLines
    .map((ls, wi) => `w = 0;\n${ls.join('\n')}\nR[${wi}] = w; if (c === 0 && w !== W[o + ${wi}]) { if (w > W[o + ${wi}]) return 1; c = -1; }`)
    .join('\n');
  const code = [
    fns.map((_, k) => `const M${k} = fns[${k}];`).join('\n'),
    `function apply(s, d) {\n${applyLines.join('\n')}\n}`,
    `function image(W, o, R) {\nlet v = 0; let w = 0;\n${imageBody}\n}`,
    `function compare(W, o, R) {\nlet v = 0; let w = 0; let c = 0;\n${compareBody}\nreturn c;\n}`,
    'return { apply, image, compare };',
  ].join('\n');
  const bad = (path: string, v: unknown): never => {
    throw new ShapeError(`${name}: the image's ${path} would be ${String(v)}, outside its leaf`);
  };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated, unrolled image code (see file header)
  const made = new Function('fns', 'bad', code) as (
    fns: ((v: number) => number)[],
    bad: (path: string, v: unknown) => never,
  ) => { apply: (s: unknown, d: unknown) => void; image: WordImage['image']; compare: WordImage['compare'] };
  const g = made(fns, bad);
  const words_: WordImage = { image: g.image, compare: g.compare };
  return { name, apply: g.apply, complete: true, fixesLiveness: options.fixesLiveness, words: words_ };
}
