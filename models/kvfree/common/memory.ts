/**
 * Addresses, allocations and word arithmetic shared by every kvfree model.
 *
 * Why this file exists: docs/protocol.md §2.7 and §6.3 — addresses are small integers in real-looking
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

/**
 * Parse the `objects` parameter: comma-separated tokens, one kvfree_rcu() call each, made by the
 * callers round-robin. `h|e` plus optional `s|v` (slab/vmalloc) is a new object; `=k` hands
 * object k (counting objects only) over again, a second kvfree_rcu() of the same pointer.
 */
export function parseObjects(text: string, cpus: number): { objects: ObjectSpec[]; calls: number[][] } {
  const problem = objectsProblem(text);
  if (problem !== null) throw new Error(`objects: ${problem}`);
  const objects: ObjectSpec[] = [];
  const calls: number[][] = Array.from({ length: cpus }, () => []);
  text.split(',').forEach((tok, i) => {
    if (tok[0] === '=') {
      const k = Number(tok.slice(1));
      calls[i % cpus].push(k);
      return;
    }
    calls[i % cpus].push(objects.length);
    objects.push({ form: tok[0] === 'h' ? 'headless' : 'embedded', kind: tok[1] === 'v' ? 'vmalloc' : 'slab', cpu: i % cpus });
  });
  return { objects, calls };
}
export const OBJECTS_PATTERN = '[he][sv]?(,([he][sv]?|=[0-2])){0,3}';

/**
 * What `OBJECTS_PATTERN` cannot say about an `objects` value: every `=k` must name an object
 * listed before it. The problem in one line (the parameter check, exit 151), or null.
 */
export function objectsProblem(text: string): string | null {
  let objects = 0;
  for (const tok of text.split(',')) {
    if (tok[0] !== '=') {
      objects++;
      continue;
    }
    const k = Number(tok.slice(1));
    if (!(Number.isInteger(k) && k >= 0 && k < objects)) {
      return `'${tok}' hands over object ${tok.slice(1)}, but only ${objects === 1 ? 'object 0 comes' : `objects 0..${objects - 1} come`} before it`;
    }
  }
  return null;
}

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
/** Model address of an object placed below 4096 (violating the §4.3 requirement on purpose). */
export const LOW_OBJ_BASE = 0x800;
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

// ---------------------------------------------------------------------------------------------
// Kernel virtual addresses (docs/protocol.md §4.2, §4.3)
// ---------------------------------------------------------------------------------------------

/**
 * Model addresses are small integers; where a scheme's verdict depends on high address bits (a
 * `func` that carries the object pointer compared with LONG_MAX/2, BIT(31) of an object address)
 * the decode arithmetic runs on realistic kernel virtual addresses instead. The map is a bijection
 * between the model regions and kernel regions: slab objects, wrappers and bulk pages live in the
 * direct map (`directMap` + model address), vmalloc objects at `vmallocBase` + their offset in the
 * model's vmalloc region, and addresses below 4096 (the deliberately misplaced object of §4.3)
 * stay where they are. Anything outside the regions (garbage words, wrapped results) maps to
 * itself, so it can never name an allocation.
 */
export interface AddrMap {
  toReal(a: bigint): bigint;
  toModel(r: bigint): bigint;
  readonly directMap: bigint;
  readonly vmallocBase: bigint;
}

/** Region bases per word size: 64-bit x86 (page_offset_base, VMALLOC_START) and 32-bit 3G/1G lowmem. */
export const KERNEL_BASES: Record<number, { directMap: bigint; directMapHigh: bigint; vmalloc: bigint }> = {
  8: { directMap: 0xffff888000000000n, directMapHigh: 0xffff888080000000n, vmalloc: 0xffffc90000000000n },
  4: { directMap: 0xc0000000n, directMapHigh: 0xc0000000n, vmalloc: 0xf8000000n },
};

const MODEL_SPAN = 0x1000000n;

export function addrMap(directMap: bigint, vmallocBase: bigint): AddrMap {
  const vs = BigInt(VMALLOC_START);
  const ve = BigInt(VMALLOC_END);
  const vlen = ve - vs;
  return {
    directMap,
    vmallocBase,
    toReal(a: bigint): bigint {
      if (a === 0n || a < BigInt(PAGE_SIZE)) return a; // NULL and the §4.3 low object
      if (a >= vs && a < ve) return vmallocBase + (a - vs);
      if (a >= BigInt(SLAB_BASE) && a < MODEL_SPAN) return directMap + a;
      return a;
    },
    toModel(r: bigint): bigint {
      if (r < BigInt(PAGE_SIZE)) return r;
      if (r >= vmallocBase && r < vmallocBase + vlen) return vs + (r - vmallocBase);
      if (r >= directMap + BigInt(SLAB_BASE) && r < directMap + MODEL_SPAN) {
        const a = r - directMap;
        if (!(a >= vs && a < ve)) return a;
      }
      // Not a model allocation. Small values (garbage words such as POISON, bare offsets) stay
      // readable; anything else (wrapped or tagged) becomes a value no model allocation starts at.
      return r < BigInt(SLAB_BASE) ? r : r | (1n << 62n);
    },
  };
}

/**
 * `func` values are stored in a 30-bit state field: small values literally, object pointers (the
 * v6.3+ layout and dyn_rcu_head) as PTR_CODE_BASE + model address, and the few huge tag values of
 * §4.2 as codes above FUNC_CODE_BASE. Decoding yields the kernel's value (pointers as kernel
 * virtual addresses through the map).
 */
export const PTR_CODE_BASE = 0x20000000;
export const FUNC_CODE_BASE = 0x3fff0000;
export const FUNC_FIELD_MAX = 0x3fffffff;
export interface FuncCodec {
  encode(v: bigint): number;
  encodePtr(modelAddr: number): number;
  decode(code: number): bigint;
}
export function funcCodec(w: Words, map?: AddrMap): FuncCodec {
  const huge = [1n << (w.bits - 2n) /* > LONG_MAX/2 */, (1n << 31n) | BigInt(w.P) /* P | BIT(31) */];
  return {
    encode(v: bigint): number {
      if (v < BigInt(PTR_CODE_BASE)) return Number(v);
      const i = huge.indexOf(v);
      if (i < 0) throw new RangeError(`func value ${v} cannot be stored`);
      return FUNC_CODE_BASE + i;
    },
    encodePtr(modelAddr: number): number {
      return PTR_CODE_BASE + modelAddr;
    },
    decode(code: number): bigint {
      if (code < PTR_CODE_BASE) return BigInt(code);
      if (code < FUNC_CODE_BASE) {
        const a = BigInt(code - PTR_CODE_BASE);
        return map ? map.toReal(a) : a;
      }
      return huge[code - FUNC_CODE_BASE];
    },
  };
}
