/**
 * The world every kvfree model shares: objects and their memory words, bulk pages, readers, the
 * grace-period sequence, the allocator's free semantics, the debug-object table, and the ghost
 * observation the invariants read (architecture.md §5).
 *
 * Why this file exists: variants (v1, v5.9, v6) differ in the protocol steps, not in what a free,
 * a reader or a grace period is. Writing these once means a change to a common step is made once,
 * and `invariants/kvfree.ts` can be written against one observation.
 *
 * What it must not do: implement a protocol step (that is each variant's job); let guards or
 * effects read ghost fields to make decisions (ghost state only records what happened).
 */
import { array, bool, enumOf, int, struct, type Infer } from '../../../src/model/shape.js';
import {
  ADDR_MAX,
  clampAddr,
  FUNC_FIELD_MAX,
  isVmallocAddr,
  pageAddr,
  PAGE_SIZE,
  POISON,
  type AddrMap,
  type ObjectSpec,
  type Words,
} from './memory.js';

// ---------------------------------------------------------------------------------------------
// Shape fragments
// ---------------------------------------------------------------------------------------------

export const Phase = enumOf(['idle', 'in', 'done']);
export const PageSt = enumOf(['unused', 'inuse', 'cached', 'freed']);
export const InvalidFree = enumOf(['none', 'not-allocated', 'interior', 'wrong-kind']);
export const FreeFn = enumOf(['none', 'kfree', 'vfree', 'free_page']);
export const CtxViolation = enumOf([
  'none',
  'might_sleep-atomic',
  'synchronize_rcu-atomic',
  'lock-not-held',
  'lock-held-at-rest',
  'irq-not-restored',
  'sleep-under-spinlock',
  'sleep-under-krcp-lock',
  'sleep-in-reader',
  // PREEMPT_RT lock classes (the `rt` parameter of kvfree-v1 / kvfree-v5.9; B4): appended, so the
  // existing values keep their codes and every rt=0 state space is unchanged.
  'rt-spinlock-atomic',
  'alloc-under-raw-lock',
  // B12 (`context=rqlock`, the caller holds rq->lock): appended, so every other state space is unchanged.
  // A worker woken synchronously (a work item queued with no delay: __queue_work() -> wake_up_worker()
  // -> try_to_wake_up(), which takes rq->lock), or the page allocator entered with __GFP_KSWAPD_RECLAIM
  // (wake_all_kswapds() -> wakeup_kswapd() -> wake_up_interruptible(&pgdat->kswapd_wait)).
  'wake-under-rq-lock',
  'alloc-wake-under-rq-lock',
]);
export const DbgViolation = enumOf(['none', 'unqueue-inactive', 'free-active', 'queue-active']);
/** kvfree_rcu_barrier() returned while an object whose kvfree_rcu() returned before it began was still not freed. */
export const BarrierViolation = enumOf(['none', 'early']);
/**
 * kmem_cache_destroy() of the clients' cache: `busy` = __kmem_cache_shutdown() found an object of
 * it still allocated ("Slab cache still has objects"); `free-after-release` = an object of it was
 * freed after the cache was released.
 */
export const DestroyViolation = enumOf(['none', 'busy', 'free-after-release']);

export function objShape(gpMax: number) {
  return struct({
    /** Base address (fixed at allocation; alignment 1 explores both parities). */
    addr: int(0, ADDR_MAX),
    /** Still reachable from the published slot (readers may dereference it). */
    published: bool(),
    // ghost: the call and its outcome
    called: bool(),
    /** The call returned without the C2 "already queued" outcome: the protocol owns the object. */
    accepted: bool(),
    /** snap() taken at C0 (§6.3): a free needs done(snap). */
    snap: int(0, gpMax + 3),
    frees: int(0, 3),
    // debug-object table entry for the object's address
    dbg: bool(),
    // memory words of the object's rcu_head (embedded at addr + offset, or in the wrapper)
    hnext: int(0, ADDR_MAX),
    hfunc: int(0, FUNC_FIELD_MAX),
    /** Wrapper address (0: none allocated). Word 0 holds the object pointer. */
    wrap: int(0, ADDR_MAX),
    wword0: int(0, ADDR_MAX),
    wfrees: int(0, 3),
  });
}

export function pageShape(capacity: number, maxPages: number, nObjs: number, gpMax = 0) {
  return struct({
    st: PageSt,
    nr: int(0, capacity),
    /** Next page in the chain, as page index + 1 (0: none). */
    next: int(0, maxPages),
    /** Records as object index + 1 (0: empty). */
    rec: array(capacity, int(0, nObjs)),
    frees: int(0, 3),
    /** v6: `bnode->gp_snap` (get_state_synchronize_rcu_full() at the last append); 0 elsewhere. */
    snap: int(0, gpMax + 3),
  });
}

export function readerShape(gpMax: number, nObjs: number) {
  return struct({ ph: Phase, start: int(0, gpMax), holds: int(0, (1 << nObjs) - 1) });
}

export const ghostShape = struct({
  invalid: InvalidFree,
  invalidFn: FreeFn,
  invalidAddr: int(0, 0x7fffffff),
  uaf: bool(),
  uafAddr: int(0, 0x7fffffff),
  /** Object index + 1 whose ch3 head was decoded to memory other than it and its wrapper. */
  decode: int(0, 8),
  decodeAddr: int(0, 0x7fffffff),
  ctx: CtxViolation,
  dbg: DbgViolation,
  dbgAddr: int(0, 0x7fffffff),
  barrier: BarrierViolation,
  destroy: DestroyViolation,
  /** The object the barrier or destroy violation is about. */
  tdAddr: int(0, 0x7fffffff),
  /** The clients' cache was shut down and released by kmem_cache_destroy() (observation for `destroy-clean`). */
  released: bool(),
  /** A flush from a WQ_MEM_RECLAIM worker found a queued or running work of a !WQ_MEM_RECLAIM workqueue (check_flush_dependency()'s WARN). */
  flushDep: bool(),
  /**
   * B9 (P12, `shrink-stop`): scan_objects() calls do_shrink_slab() made in one invocation after an
   * earlier call of that invocation found nothing (kfree_rcu_shrink_scan() returned 0, not
   * SHRINK_STOP: before c6dfd72b7a3b "rcu: Stop shrinker loop", v5.9). Saturates at 15.
   */
  shrinkWasted: int(0, 15),
});

// ---------------------------------------------------------------------------------------------
// State types (the subset every variant has)
// ---------------------------------------------------------------------------------------------

// Each type is derived from its shape, so a field is declared once (in the shape, with its comment).
export type ObjState = Infer<ReturnType<typeof objShape>>;
export type PageState = Infer<ReturnType<typeof pageShape>>;
export type ReaderState = Infer<ReturnType<typeof readerShape>>;
export type Ghost = Infer<typeof ghostShape>;
export interface World {
  gp: number;
  objs: ObjState[];
  pages: PageState[];
  readers: ReaderState[];
  ghost: Ghost;
}

/** Static facts of one configuration that the shared semantics need. */
export interface WorldConfig {
  objects: readonly ObjectSpec[];
  w: Words;
  /** rcu_head offset inside objects with an embedded head. */
  offset: number;
  /** Size of each client object (bytes). */
  objSize: number;
  /** Wrapper size (3P). */
  wrapSize: number;
  /** What a misclassifying decoder reads from object data: POISON, or another object's address. */
  garbage: 'poison' | 'alias';
  debug: boolean;
  gpMax: number;
  /** Model address ↔ kernel virtual address map used by the decode arithmetic (identity if absent). */
  map?: AddrMap;
}

export function initialGhost(): Ghost {
  return {
    invalid: 'none',
    invalidFn: 'none',
    invalidAddr: 0,
    uaf: false,
    uafAddr: 0,
    decode: 0,
    decodeAddr: 0,
    ctx: 'none',
    dbg: 'none',
    dbgAddr: 0,
    barrier: 'none',
    destroy: 'none',
    tdAddr: 0,
    released: false,
    flushDep: false,
    shrinkWasted: 0,
  };
}

export function initialObject(addr: number): ObjState {
  return {
    addr,
    published: true,
    called: false,
    accepted: false,
    snap: 0,
    frees: 0,
    dbg: false,
    hnext: 0,
    hfunc: 0,
    wrap: 0,
    wword0: 0,
    wfrees: 0,
  };
}

export function initialPage(capacity: number): PageState {
  return { st: 'unused', nr: 0, next: 0, rec: Array.from({ length: capacity }, () => 0), frees: 0, snap: 0 };
}

// ---------------------------------------------------------------------------------------------
// Grace periods (§6.3, rcu_seq style)
// ---------------------------------------------------------------------------------------------

/** `snap()`: the GP sequence value that, once reached, proves a full GP after now. */
export function snap(gp: number): number {
  return (gp + 3) & ~1;
}
/** `done(s)`. */
export function done(gp: number, s: number): boolean {
  return gp >= s;
}

/** GP end is allowed when a GP is in progress and no reader that began before it is still inside. */
export function gpCanEnd(s: Readonly<World>): boolean {
  if ((s.gp & 1) === 0) return false;
  for (const r of s.readers) if (r.ph === 'in' && r.start < s.gp) return false;
  return true;
}

/** Start a GP (`gp` even → odd). Exceeding the configured bound is a model error, never a silent cut. */
export function gpStart(d: World, gpMax: number): void {
  if (d.gp + 2 > gpMax) throw new RangeError(`grace-period bound ${gpMax} exceeded: raise the model's gpMax`);
  d.gp += 1;
}

// ---------------------------------------------------------------------------------------------
// Memory: the words the protocol reads (§6.3 "memory contents")
// ---------------------------------------------------------------------------------------------

/** An address as explanations print it (values at or above 2^31 are wrapped or tagged, not addresses). */
export const hexAddr = (a: number): string => (a >= 0x7fffffff ? '(a wrapped/tagged address ≥ 2^31)' : `0x${a.toString(16)}`);

/** Address of object i's rcu_head (embedded at addr + offset, or at wrapper + P), or 0. */
export function headAddr(c: WorldConfig, s: Readonly<World>, i: number): number {
  const o = s.objs[i];
  if (c.objects[i].form === 'embedded') return o.addr + c.offset;
  return o.wrap === 0 ? 0 : o.wrap + c.w.P;
}

/** Index of the object owning the rcu_head at address `hd`, or -1. */
export function headOwner(c: WorldConfig, s: Readonly<World>, hd: number): number {
  for (let i = 0; i < s.objs.length; i++) if (hd !== 0 && headAddr(c, s, i) === hd) return i;
  return -1;
}

/** Record a read of memory that is freed or holds no rcu_head where one was expected (P3b). */
export function recordBadRead(d: World, a: bigint): void {
  recordUaf(d, a);
}

function recordUaf(d: World, a: bigint): void {
  if (!d.ghost.uaf) {
    d.ghost.uaf = true;
    d.ghost.uafAddr = clampAddr(a);
  }
}

/**
 * The P-byte word at address `a`, as the kernel would read it: rcu_head fields and wrapper word 0
 * hold what the protocol stored; any other object byte holds client data (POISON or, with
 * `garbage=alias`, the address of another object). Reading freed memory is recorded (P3b).
 * `a` and the returned pointers are kernel virtual addresses when the config has an address map.
 */
export function readWord(c: WorldConfig, d: World, ra: bigint, funcValue: (code: number) => bigint): bigint {
  const P = BigInt(c.w.P);
  const a = c.map ? c.map.toModel(ra) : ra;
  const real = (v: number): bigint => (c.map ? c.map.toReal(BigInt(v)) : BigInt(v));
  for (let i = 0; i < d.objs.length; i++) {
    const o = d.objs[i];
    if (o.wrap !== 0) {
      const W = BigInt(o.wrap);
      if (a >= W && a < W + BigInt(c.wrapSize)) {
        if (o.wfrees > 0) recordUaf(d, a);
        if (a === W) return real(o.wword0);
        if (a === W + P) return real(o.hnext);
        if (a === W + P + P) return funcValue(o.hfunc);
        return BigInt(POISON);
      }
    }
    const B = BigInt(o.addr);
    if (a >= B && a < B + BigInt(c.objSize)) {
      if (o.frees > 0) recordUaf(d, a);
      if (c.objects[i].form === 'embedded') {
        const hb = B + BigInt(c.offset);
        if (a === hb) return real(o.hnext);
        if (a === hb + P) return funcValue(o.hfunc);
      }
      return c.garbage === 'alias' ? real(d.objs[(i + 1) % d.objs.length].addr) : BigInt(POISON);
    }
  }
  return BigInt(POISON);
}

// ---------------------------------------------------------------------------------------------
// The allocator's free functions (§2.7) and the debug-object table (P7)
// ---------------------------------------------------------------------------------------------

export type FreeCall = 'kfree' | 'vfree' | 'kvfree' | 'free_page';

function recordInvalid(d: World, why: Ghost['invalid'], fn: Ghost['invalidFn'], a: bigint): void {
  if (d.ghost.invalid === 'none') {
    d.ghost.invalid = why;
    d.ghost.invalidFn = fn;
    d.ghost.invalidAddr = clampAddr(a);
  }
}

function recordDbg(d: World, why: Ghost['dbg'], a: bigint): void {
  if (d.ghost.dbg === 'none') {
    d.ghost.dbg = why;
    d.ghost.dbgAddr = clampAddr(a);
  }
}

/**
 * Perform `fn(a)`. A free of a live allocation start of the matching kind frees it; a second free
 * of a freed start counts as a double free (frees = 2); anything else is an invalid free.
 * Returns the index of the object freed (or -1).
 */
export function free(c: WorldConfig, d: World, fn: FreeCall, a: bigint): void {
  const f: 'kfree' | 'vfree' | 'free_page' = fn === 'kvfree' ? (isVmallocAddr(Number(a)) ? 'vfree' : 'kfree') : fn;
  for (let i = 0; i < d.objs.length; i++) {
    const o = d.objs[i];
    if (BigInt(o.addr) === a) {
      const kind = c.objects[i].kind === 'vmalloc' ? 'vfree' : 'kfree';
      if (f !== kind) return recordInvalid(d, 'wrong-kind', f, a);
      if (c.debug && o.dbg) recordDbg(d, 'free-active', a);
      if (d.ghost.released && kind === 'kfree' && d.ghost.destroy === 'none') {
        d.ghost.destroy = 'free-after-release'; // kfree() into a kmem_cache that kmem_cache_destroy() released
        d.ghost.tdAddr = o.addr;
      }
      o.frees = Math.min(o.frees + 1, 3);
      return;
    }
    if (o.wrap !== 0 && BigInt(o.wrap) === a) {
      if (f !== 'kfree') return recordInvalid(d, 'wrong-kind', f, a);
      o.wfrees = Math.min(o.wfrees + 1, 3);
      return;
    }
  }
  for (let p = 0; p < d.pages.length; p++) {
    const pg = d.pages[p];
    if (pg.st !== 'unused' && BigInt(pageAddr(p)) === a) {
      if (f !== 'free_page') return recordInvalid(d, 'wrong-kind', f, a);
      pg.frees = Math.min(pg.frees + 1, 3);
      pg.st = 'freed';
      return;
    }
  }
  // Not an allocation start: interior of some allocation, or nothing at all.
  for (let i = 0; i < d.objs.length; i++) {
    const o = d.objs[i];
    const B = BigInt(o.addr);
    const W = BigInt(o.wrap);
    if ((a > B && a < B + BigInt(c.objSize)) || (o.wrap !== 0 && a > W && a < W + BigInt(c.wrapSize))) {
      return recordInvalid(d, 'interior', f, a);
    }
  }
  for (let p = 0; p < d.pages.length; p++) {
    const base = BigInt(pageAddr(p));
    if (d.pages[p].st !== 'unused' && a > base && a < base + BigInt(PAGE_SIZE)) return recordInvalid(d, 'interior', f, a);
  }
  recordInvalid(d, 'not-allocated', f, a);
}

/** `debug_rcu_head_queue(ptr)`: true if `ptr` was already active (the C2 "already queued" outcome). */
export function debugQueue(c: WorldConfig, d: World, obj: number): boolean {
  if (!c.debug) return false;
  const o = d.objs[obj];
  if (o.dbg) return true;
  o.dbg = true;
  return false;
}

/** `debug_rcu_head_unqueue(a)`: `a` must be active. */
export function debugUnqueue(c: WorldConfig, d: World, a: bigint): void {
  if (!c.debug) return;
  for (const o of d.objs) {
    if (BigInt(o.addr) === a && o.dbg) {
      o.dbg = false;
      return;
    }
  }
  recordDbg(d, 'unqueue-inactive', a);
}

/** Record a kernel-context violation (P5), keeping the first. */
export function recordCtx(d: World, why: Ghost['ctx']): void {
  if (d.ghost.ctx === 'none') d.ghost.ctx = why;
}

// ---------------------------------------------------------------------------------------------
// Readers (§1.3): begin, dereference a published object, end. Each reader runs one section.
// ---------------------------------------------------------------------------------------------

export function readerActions(nReaders: number, nObjs: number, canBegin: (s: Readonly<World>) => boolean = () => true) {
  const ids = Array.from({ length: nReaders }, (_, r) => r);
  const derefs = ids.flatMap((r) => Array.from({ length: nObjs }, (_, o) => ({ r, o })));
  return [
    {
      name: 'R rcu_read_lock',
      actor: (r: number) => `reader${r}`,
      params: ids,
      label: (r: number) => `reader${r}`,
      at: (r: number) => ({ leaf: `readers[${r}].ph`, is: 'idle' }),
      enabled: (s: Readonly<World>, r: number) => s.readers[r].ph === 'idle' && canBegin(s),
      apply: (d: World, r: number) => {
        d.readers[r].ph = 'in';
        d.readers[r].start = d.gp;
      },
    },
    {
      name: 'R rcu_dereference',
      actor: (p: { r: number; o: number }) => `reader${p.r}`,
      params: derefs,
      label: (p: { r: number; o: number }) => `reader${p.r} takes object ${p.o}`,
      at: (p: { r: number; o: number }) => ({ leaf: `readers[${p.r}].ph`, is: 'in' }),
      enabled: (s: Readonly<World>, p: { r: number; o: number }) =>
        s.readers[p.r].ph === 'in' && s.objs[p.o].published && (s.readers[p.r].holds & (1 << p.o)) === 0,
      apply: (d: World, p: { r: number; o: number }) => {
        d.readers[p.r].holds |= 1 << p.o;
      },
    },
    {
      name: 'R rcu_read_unlock',
      fair: 'weak' as const,
      actor: (r: number) => `reader${r}`,
      params: ids,
      label: (r: number) => `reader${r}`,
      at: (r: number) => ({ leaf: `readers[${r}].ph`, is: 'in' }),
      enabled: (s: Readonly<World>, r: number) => s.readers[r].ph === 'in',
      apply: (d: World, r: number) => {
        d.readers[r].ph = 'done';
        d.readers[r].holds = 0;
      },
    },
  ];
}
