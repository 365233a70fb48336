/**
 * Addresses, allocations and word arithmetic shared by every kvfree model.
 *
 * Why this file exists: protocol.md §2.7 and §6.3 — addresses are small integers in real-looking
 * regions (slab, vmalloc, pages) so that alignment, `is_vmalloc_addr()`, `__is_kvfree_rcu_offset()`
 * and the tag arithmetic of §4 all behave as in the kernel. Words are P bytes (8 or 4) and all
 * decode arithmetic is unsigned modulo 2^(8P), done with BigInt so wrap-around is exact.
 *
 * What it must not do: know any protocol step; hold state (these are pure functions of params).
 */

/** Slab objects: object i at SLAB_BASE + i * OBJ_STRIDE (+ skew). */
export const SLAB_BASE = 0x100000;
export const OBJ_STRIDE = 0x2000;
/** Wrappers (kmalloc-32): wrapper of object i at WRAP_BASE + i * 0x40 (+ skew). */
export const WRAP_BASE = 0x180000;
export const WRAP_STRIDE = 0x40;
/** vmalloc region: [VMALLOC_START, VMALLOC_END); `is_vmalloc_addr()` is this range test. */
export const VMALLOC_START = 0x400000;
export const VMALLOC_END = 0x800000;
/** Bulk pages: page p at PAGE_BASE + p * 4096. */
export const PAGE_BASE = 0x800000;
export const PAGE_SIZE = 4096;
/** Default content of object words a misclassifying decoder may read: no allocation starts here. */
export const POISON = 0x6b6b6;
/** Largest address-valued field; state fields holding addresses use int(0, ADDR_MAX). */
export const ADDR_MAX = 0xffffff;
/** Recorded addresses above this (wrapped or tagged pointers) are stored as this value. */
export const HUGE = 0x7fffffff;

export type Form = 'headless' | 'embedded';
export type Kind = 'slab' | 'vmalloc';

export interface ObjectSpec {
  form: Form;
  kind: Kind;
  /** CPU whose caller hands this object to kvfree_rcu(). */
  cpu: number;
}

/** Parse the `objects` parameter: comma-separated tokens `h|e` plus optional `s|v` (slab/vmalloc). */
export function parseObjects(text: string, cpus: number): ObjectSpec[] {
  return text.split(',').map((tok, i) => ({
    form: tok[0] === 'h' ? 'headless' : 'embedded',
    kind: tok[1] === 'v' ? 'vmalloc' : 'slab',
    cpu: i % cpus,
  }));
}
export const OBJECTS_PATTERN = '[he][sv]?(,[he][sv]?){0,3}';

export function isVmallocAddr(a: number): boolean {
  return a >= VMALLOC_START && a < VMALLOC_END;
}

/**
 * Candidate addresses of an allocation with alignment `align` from a bump allocator: with
 * alignment 1 the allocator may return an odd or an even address (both are explored); with 2 an
 * address that is even but not 4-aligned; otherwise an aligned one.
 */
export function candidates(base: number, align: number): number[] {
  if (align === 1) return [base, base + 1];
  if (align === 2) return [base + 2];
  return [base];
}

export function objectBase(i: number, kind: Kind): number {
  return kind === 'vmalloc' ? VMALLOC_START + i * 0x10000 : SLAB_BASE + i * OBJ_STRIDE;
}
export function wrapperBase(i: number): number {
  return WRAP_BASE + i * WRAP_STRIDE;
}
export function pageAddr(p: number): number {
  return PAGE_BASE + p * PAGE_SIZE;
}

/** Unsigned P-byte word arithmetic. */
export class Words {
  readonly bits: bigint;
  readonly mod: bigint;
  readonly ulongMax: bigint;
  readonly longMax: bigint;
  constructor(readonly P: number) {
    this.bits = BigInt(8 * P);
    this.mod = 1n << this.bits;
    this.ulongMax = this.mod - 1n;
    this.longMax = (this.mod >> 1n) - 1n;
  }
  sub(a: bigint, b: bigint): bigint {
    return (((a - b) % this.mod) + this.mod) % this.mod;
  }
  add(a: bigint, b: bigint): bigint {
    return (a + b) % this.mod;
  }
}

/** Store a (possibly huge) word value in a bounded state field. */
export function clampAddr(v: bigint): number {
  return v > BigInt(HUGE) ? HUGE : Number(v);
}

/**
 * `func` values are stored in a 30-bit state field: small values literally, the few huge tag
 * values of §4.2 as codes above FUNC_CODE_BASE.
 */
export const FUNC_CODE_BASE = 0x3fff0000;
export const FUNC_FIELD_MAX = 0x3fffffff;
export function funcCodec(w: Words): { encode(v: bigint): number; decode(code: number): bigint } {
  const huge = [1n << (w.bits - 2n) /* > LONG_MAX/2 */, (1n << 31n) | BigInt(w.P) /* P | BIT(31) */];
  return {
    encode(v: bigint): number {
      if (v < BigInt(FUNC_CODE_BASE)) return Number(v);
      const i = huge.indexOf(v);
      if (i < 0) throw new RangeError(`func value ${v} cannot be stored`);
      return FUNC_CODE_BASE + i;
    },
    decode(code: number): bigint {
      return code < FUNC_CODE_BASE ? BigInt(code) : huge[code - FUNC_CODE_BASE];
    },
  };
}
