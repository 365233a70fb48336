/**
 * State shapes: the declared, fixed-width form of a model's state.
 *
 * Why this file exists: a model declares its state once (ints with ranges, booleans, string
 * enums, structs and fixed-length arrays). From that one declaration the codec derives the packed
 * layout the explorer uses and the plain-object form immer, traces and replay use.
 *
 * What it must not do: depend on the engine, on immer, or on any model. Shapes are plain data.
 */

/** An integer field in `[min, max]` (inclusive). */
export interface IntShape {
  readonly kind: 'int';
  readonly min: number;
  readonly max: number;
}
/** A boolean field (one bit). */
export interface BoolShape {
  readonly kind: 'bool';
}
/** A string enumeration; packed as the index of the value. */
export interface EnumShape<E extends string = string> {
  readonly kind: 'enum';
  readonly values: readonly E[];
}
export interface StructShape<F extends Record<string, Shape> = Record<string, Shape>> {
  readonly kind: 'struct';
  readonly fields: F;
}
export interface ArrayShape<T extends Shape = Shape> {
  readonly kind: 'array';
  readonly length: number;
  readonly of: T;
}
export type Shape = IntShape | BoolShape | EnumShape | StructShape | ArrayShape;

/** The plain TypeScript value a shape describes. */
export type Infer<T extends Shape> = T extends IntShape
  ? number
  : T extends BoolShape
    ? boolean
    : T extends EnumShape<infer E>
      ? E
      : T extends ArrayShape<infer U>
        ? Infer<U>[]
        : T extends StructShape<infer F>
          ? { [K in keyof F]: Infer<F[K]> }
          : never;

export function int(min: number, max: number): IntShape {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) {
    throw new RangeError(`int(${min}, ${max}): need integers with min <= max`);
  }
  if (max - min > 0x7fffffff) throw new RangeError(`int(${min}, ${max}): range wider than 31 bits`);
  return { kind: 'int', min, max };
}
export function bool(): BoolShape {
  return { kind: 'bool' };
}
export function enumOf<const E extends string>(values: readonly E[]): EnumShape<E> {
  if (values.length === 0) throw new RangeError('enumOf(): needs at least one value');
  if (new Set(values).size !== values.length) throw new RangeError(`enumOf(): duplicate values in ${values.join(',')}`);
  return { kind: 'enum', values };
}
export function struct<F extends Record<string, Shape>>(fields: F): StructShape<F> {
  return { kind: 'struct', fields };
}
export function array<T extends Shape>(length: number, of: T): ArrayShape<T> {
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`array(${length}): bad length`);
  return { kind: 'array', length, of };
}

/** Number of bits needed to store a leaf. */
export function leafBits(s: IntShape | BoolShape | EnumShape): number {
  const span = s.kind === 'int' ? s.max - s.min : s.kind === 'bool' ? 1 : s.values.length - 1;
  let bits = 0;
  while (bits < 31 && span >= 2 ** bits) bits++;
  return Math.max(bits, 1);
}

/**
 * A plain deep copy of `v`, a value of shape `s`, read field by field through the shape: any
 * object with the shape's fields copies alike, a plain one or a stepper's `next` mirror (whose
 * struct fields are accessors, which `structuredClone` would not see).
 */
export function cloneByShape<T extends Shape>(s: T, v: Infer<T>): Infer<T> {
  const copy = (sh: Shape, x: unknown): unknown => {
    if (sh.kind === 'struct') {
      const o: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(sh.fields)) o[k] = copy(f, (x as Record<string, unknown>)[k]);
      return o;
    }
    if (sh.kind === 'array') return Array.from({ length: sh.length }, (_, i) => copy(sh.of, (x as unknown[])[i]));
    return x;
  };
  return copy(s, v) as Infer<T>;
}
