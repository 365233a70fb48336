/**
 * The "classic" kvfree_call_rcu() that kvfree-v1 and kvfree-v5.9 share (krcp->count,
 * monitor_todo, kfree_rcu_drain_unlock), step by step, with the points where the two versions
 * differ named in `ClassicRules`: each variant file (v1.ts: the seed series, March 2020,
 * docs/protocol.md §2; v59.ts: the merged design of August 2020, §3.1) supplies its rules, its
 * parameters and its mutations, and registers its model.
 *
 * Actors: one caller per CPU (C0..C8, objects of that CPU in order), the per-CPU monitor work
 * (M0..M3), two batches per CPU with their rcu_work (queue_rcu_work / rcu_work_rcufn / W0..W4),
 * the grace-period machinery (G), readers (R), the shrinker (S) and boot (B). Steps every kvfree
 * variant shares (work items, G, W0, W1, C0, C8, page helpers, W4 element decode, readers) live
 * in ./common/.
 *
 * Step granularity (§6.2): C1..C7 is one transition (IRQs off + krcp lock), branching on C2 and on
 * every allocation outcome; M1..M3 is one; W1 is one; W2/W3 two per page (the record frees, then
 * the page return); W4 one per ch3 element;
 * C8 is three (unqueue, synchronize_rcu begin/return, kvfree). Actors pinned to CPU x (monitor x,
 * batches of x, callbacks of x) cannot step while another actor has IRQs off on x.
 *
 * What it must not do: test which variant it runs (a difference is a `ClassicRules` field); read
 * ghost fields in guards or effects to decide anything; simplify a step away. Bug-seeded
 * mutations are explicit, named, and off by default.
 */
import { fillPageCacheActions } from './common/refill.js';
import { kvSymmetry } from './common/symmetry.js';
import { type ParamSpecs, type Params, type AnyActionDef } from '../../src/model/types.js';
import { kvfreeProperties } from '../../invariants/kvfree.js';
import { candidates, isVmallocAddr, objectsProblem, OBJECTS_PATTERN, wrapperBase } from './common/memory.js';
import { embeddedStoresPointer, wrapperFunc } from './common/tags.js';
import { rcuFlavour, tinyCallActions, tinyReclaim, type RcuFlavour } from './common/tiny.js';
import { headAddr, readerActions, debugQueue, recordCtx } from './common/world.js';
import { initialStates, kvConfig, kvDisplay, kvShape, type Batch, type KvConfig, type KvState, type Krcp, type Variant } from './common/kstate.js';
import {
  batchLabel,
  batchRefs,
  bootActions,
  cpuFree,
  gpActions,
  lock,
  queueRcuWork,
  scheduleMonitor,
  unlock,
  workerMaybeReturn,
  workqueueActions,
  onPage,
  advancePage,
  wphaseAt,
  type BatchRef,
} from './common/workqueue.js';
import { budgetAllows, callerAt, callerC8Actions, callerEntryActions, curObj, mayWakeUnderRqLock, nextCall, spend } from './common/caller.js';
import {
  appendRecord,
  attachPage,
  chainRecords,
  decodeElement,
  freePage,
  clearPage,
  freeRecords,
  getCachedBnode,
  listLength,
  pageNext,
  putCachedBnode,
  unusedPage,
} from './common/pages.js';

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

/**
 * The shrinker core around kfree_rcu_shrink_scan() (B9), parameters of kvfree-v1 and kvfree-v5.9.
 * Off by default: the `shrinker` parameter's single scan is then what runs.
 */
export const SHRINK_CORE_PARAMS: ParamSpecs = {
  shrinkCore: {
    description:
      "1: the shrinker core's mm/vmscan.c do_shrink_slab() (v5.8/v5.9) drives the kvfree shrinker once, at priority 0 (drop_slab(), the last reclaim pass): count_objects, then scan_objects in its batch loop while total_scan lasts, stopping on SHRINK_STOP (replaces shrinker=1's single scan); 0: off",
    default: 0,
    values: [0, 1],
  },
  shrinkBatch: {
    description: "do_shrink_slab()'s batch_size with shrinkCore=1 (SHRINK_BATCH = 128 for the kvfree shrinker, abstracted as capacity abstracts 510)",
    default: 1,
    values: [1, 2],
  },
};

/** Parameters every kvfree variant has (the structure-independent bounds and allocator knobs). */
export const COMMON_PARAMS: ParamSpecs = {
  cpus: { description: 'number of CPUs (one caller, monitor and two batches each)', default: 1, min: 1, max: 2 },
  objects: {
    description:
      'objects handed to kvfree_rcu(), comma-separated, assigned to CPUs round-robin: h = head-less kvfree_rcu(p), e = two-argument with an embedded rcu_head; optional s/v suffix = slab (default) or vmalloc; =k = object k handed over again (a double kvfree_rcu())',
    default: 'h,e',
    pattern: OBJECTS_PATTERN,
    check: objectsProblem,
  },
  P: { description: 'word size in bytes (sizeof(void *))', default: 8, values: [8, 4] },
  offset: { description: 'offset of the embedded rcu_head in two-argument objects (bytes)', default: 16, min: 0, max: 4104 },
  alignObj: { description: 'slab allocator alignment of client objects (1 explores odd and even addresses)', default: 8, values: [1, 2, 8, 32] },
  alignVmalloc: { description: 'alignment of vmalloc objects (vmalloc is page-aligned)', default: 4096, values: [1, 2, 8, 32, 4096] },
  physHigh: {
    description: 'slab objects lie above 2 GiB of physical memory, so BIT(31) of their direct-map address is set (64-bit; always set on 32-bit lowmem)',
    default: 0,
    values: [0, 1],
  },
  lowObj: { description: 'place the first two-argument object below address 4096 (violates the dyn_rcu_head requirement, docs/protocol.md §4.3)', default: 0, values: [0, 1] },
  capacity: { description: 'records per bulk page (abstracts KVFREE_BULK_MAX_ENTR = 510)', default: 1, min: 1, max: 2 },
  failures: { description: 'allocation failures allowed: any, or at most k in total', default: 'any', values: ['any', '0', '1', '2', '3'] },
  readers: { description: 'RCU readers (each runs one read-side critical section)', default: 1, min: 0, max: 2 },
  boot: { description: 'start with the scheduler RUNNING, or model boot: INACTIVE -> batch_init -> INIT -> RUNNING', default: 'running', values: ['running', 'boot'] },
  context: {
    description:
      "caller context: sleepable (may migrate between CPUs at C0/C1), irqoff (IRQs disabled around the call), spinlock (the client holds its own spinlock around the call), reader (the call is made inside the client's rcu_read_lock() section) or rqlock (the client holds its runqueue's rq->lock, IRQs off, as the scheduler's own paths do: nothing in the call may wake a task, B12); all but sleepable pin the caller to its CPU",
    default: 'sleepable',
    values: ['sleepable', 'irqoff', 'spinlock', 'reader', 'rqlock'],
  },
  garbage: { description: 'what a misclassifying decoder reads from object data: poison (no allocation) or alias (another object)', default: 'poison', values: ['poison', 'alias'] },
  debug: { description: 'debug-object checks (debug_rcu_head_queue/unqueue) on/off', default: 1, values: [0, 1] },
  spontaneous: { description: 'grace periods that may start with nobody waiting', default: 0, min: 0, max: 2 },
};

/**
 * PREEMPT_RT lock classes (B4), a parameter of kvfree-v1 and kvfree-v5.9. 0: today's rules (no
 * check of lock classes). 1: the PREEMPT_RT rules: spinlock_t is a sleeping lock (an rt_mutex), so
 * taking one with IRQs hard-disabled or under a raw_spinlock_t is a bug, and the page allocator
 * (which takes spinlock_t zone->lock) may not be entered under a raw_spinlock_t, as lockdep's
 * wait-context validator (CONFIG_PROVE_RAW_LOCK_NESTING) checks on any build; the code is compiled
 * with IS_ENABLED(CONFIG_PREEMPT_RT) false. 2: the same rules on a CONFIG_PREEMPT_RT=y build, where
 * v5.9's kvfree_call_rcu_add_ptr_to_bulk() returns false before __get_free_page().
 */
export const RT_PARAM = {
  description:
    'PREEMPT_RT lock rules: 0 off; 1 spinlock_t sleeps and no page allocator under a raw lock (CONFIG_PROVE_RAW_LOCK_NESTING, IS_ENABLED(CONFIG_PREEMPT_RT) false); 2 the same on a CONFIG_PREEMPT_RT=y build (tree RCU only: off with rcu=tiny)',
  default: 0,
  values: [0, 1, 2],
} as const;

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

export type V1State = KvState;
export type V1Config = KvConfig & {
  rules: ClassicRules;
  /** PREEMPT_RT lock rules (RT_PARAM): 0 off, 1 checked (IS_ENABLED(CONFIG_PREEMPT_RT) false), 2 checked on a PREEMPT_RT build. */
  rt: number;
};

/** Where v1 and v5.9 differ: each field names the step and the two behaviours (docs/protocol.md §3.1). */
export interface ClassicRules {
  variant: Extract<Variant, 'v1' | 'v5.9'>;
  /** M3: re-arm the monitor when no batch took the channels (v1), or when any channel is still busy (v5.9, 594aa5975b9b). */
  rearmWhenBusy: boolean;
  /** C1/C7: take krcp->lock only if the krcp is initialized (v1), or always (v5.9 krc_this_cpu_lock()). */
  lockAlways: boolean;
  /** C6: an expedited drain after a ch3 queueing (v1), or always KFREE_DRAIN_JIFFIES (v5.9). */
  expedite: boolean;
  /** C3's page cache: one slot per channel, `xchg(&krcp->bkvcache[idx], NULL)` (v1), or one list, get_cached_bnode() (v5.9). */
  cacheList: boolean;
  /** C4: a head-less object gets a kmalloc'ed, tagged wrapper (v1), or none: success = false at once (v5.9). */
  wrapper: boolean;
  /**
   * W2/W3 page return: lockless cmpxchg into the batch's krcp slot (v1, `cmpxchg-slot`),
   * put_cached_bnode() under the lock of the CPU the worker runs on (v5.9 krc_this_cpu_lock(),
   * `worker-cpu-lock`), or under the lock of the krcp that owns the batch (v5.11, 56292e8609e3,
   * `owner-lock`).
   */
  pageReturn: 'cmpxchg-slot' | 'worker-cpu-lock' | 'owner-lock';
  /** The class of krcp->lock: spinlock_t (v1, v5.8), or raw_spinlock_t (v5.9: 8ac88f7177c7 "rcu/tree: Keep kfree_rcu() awake during lock contention"). */
  rawLock: boolean;
  /** C3 on a CONFIG_PREEMPT_RT=y build (rt=2): `if (IS_ENABLED(CONFIG_PREEMPT_RT)) return false;` before __get_free_page() (4d2919411867, v5.9). */
  rtSkipAlloc: boolean;
  /**
   * C3 takes get_cached_bnode() only and a failure calls run_page_cache_worker(); the refill work
   * fill_page_cache_func() allocates with GFP_KERNEL outside the lock (56292e8609e3, v5.11).
   */
  deferAlloc: boolean;
  /** M2 uses a batch only when every free channel of it is empty (need_wait_for_krwp_work(): 5da7cb193db3, v6.3; B1), else when one slot it needs is. */
  batchWhenAllIdle: boolean;
  /** B kfree_rcu_scheduler_running() arms the monitor for any non-empty channel (d434c00fa3ac, v5.14; B3), else for krcp->head only. */
  bootChecksBulk: boolean;
  /** M2 resets the count of each channel it detaches (bulk_count[j], head_count: 4c33464ae85e, v6.3; B7), else zeroes krcp->count. */
  countPerChannel: boolean;
  /**
   * S kfree_rcu_shrink_scan() returns `freed == 0 ? SHRINK_STOP : freed` (c6dfd72b7a3b "rcu: Stop
   * shrinker loop", v5.9; B9), else `freed` (v5.8, 9154244c1ab6), so do_shrink_slab() goes on
   * calling it after a call that found nothing.
   */
  scanStopsWhenEmpty: boolean;
}

export function v1Config(p: Params, rules: ClassicRules): V1Config {
  // Without a wrapper there is no tag: W4 decodes the plain offset (docs/protocol.md §3.1 W4).
  // 56292e8609e3 (v5.11) adds the page-cache refill work (fill_page_cache_func), so its pages come from there.
  const q = rules.deferAlloc ? { ...p, refill: 1 } : p;
  // CONFIG_PREEMPT_RT needs PREEMPTION, which CONFIG_TINY_RCU excludes: with rcu=tiny the rules are off.
  const rt = p.rt === undefined || (p.rcu !== undefined && p.rcu !== 'tree') ? 0 : Number(p.rt);
  return { ...kvConfig(rules.wrapper ? q : { ...q, tag: 'none' }, rules.variant), rules, rt };
}

// ---------------------------------------------------------------------------------------------
// Lock classes under PREEMPT_RT (the `rt` parameter, B4)
// ---------------------------------------------------------------------------------------------

/**
 * C1 under `rt`: kvfree_call_rcu() has just done local_irq_save() and taken krcp->lock. A
 * spinlock_t (v1) is a sleeping lock on PREEMPT_RT: taken with IRQs hard-disabled it may sleep in
 * atomic context (fixed by 8ac88f7177c7, v5.9, which made krcp->lock a raw_spinlock_t).
 */
function rtLockCheck(c: V1Config, d: V1State): void {
  if (c.rt !== 0 && !c.rules.rawLock) recordCtx(d, 'rt-spinlock-atomic');
}

/**
 * The page allocator (__get_free_page(), kmalloc()) entered inside the C1..C7 section under `rt`:
 * it takes zone->lock, a spinlock_t, so under the raw krcp->lock (v5.9) it is a sleeping lock
 * inside a raw one, which CONFIG_PROVE_RAW_LOCK_NESTING reports (moved out of the lock in v5.11, 56292e8609e3).
 */
function rtAllocCheck(c: V1Config, d: V1State, k: Readonly<Krcp>): void {
  if (c.rt !== 0 && c.rules.rawLock && takesLock(c, k)) recordCtx(d, 'alloc-under-raw-lock');
}

/**
 * The allocator entered inside kvfree_call_rcu() (C3's __get_free_page(GFP_NOWAIT | __GFP_NOWARN):
 * the seed and v5.9 kvfree_call_rcu_add_ptr_to_bulk(); C4's wrapper kmalloc(GFP_NOWAIT) and
 * kmalloc(GFP_ATOMIC): the seed's attach_rcu_head_to_object()), both with __GFP_KSWAPD_RECLAIM:
 * with `context=rqlock` (B12) the allocator may wake kswapd (wake_all_kswapds() in the slow path,
 * which every failed attempt took) under the caller's rq->lock. v5.11 (56292e8609e3) enters no
 * allocator here. The PREEMPT_RT check (`rt`) runs first, as it did before B12 was modelled.
 */
function allocCheck(c: V1Config, d: V1State, k: Readonly<Krcp>): void {
  rtAllocCheck(c, d, k);
  mayWakeUnderRqLock(c, d, 'alloc-wake-under-rq-lock');
}

/**
 * Does C3 enter the page allocator when the first page is full and no page is cached? v5.9 yes
 * (__get_free_page(GFP_NOWAIT | __GFP_NOWARN)), except on a CONFIG_PREEMPT_RT=y build (rt=2:
 * `if (IS_ENABLED(CONFIG_PREEMPT_RT)) return false;`, 4d2919411867); v5.11 never
 * (get_cached_bnode() only, 56292e8609e3); v1 always.
 */
function c3Allocates(c: V1Config): boolean {
  return !c.rules.deferAlloc && !(c.rules.rtSkipAlloc && c.rt === 2);
}

/**
 * v5.11 run_page_cache_worker(krcp) (kernel/rcu/tree.c v5.11, 56292e8609e3; called by kvfree_call_rcu() when
 * kvfree_call_rcu_add_ptr_to_bulk() fails, C3/C4): if rcu_scheduler_active == RUNNING and
 * !atomic_xchg(&work_in_progress, 1): hrtimer_start(0) whose schedule_page_work_fn() does
 * queue_work(page_cache_work) (untimed: the work is requested at once).
 */
function runPageCacheWorker(c: V1Config, d: V1State, k: Krcp): void {
  if (c.rules.deferAlloc && d.sched === 'RUNNING' && !k.refill) {
    k.refill = true;
    // B12: hrtimer_start() wakes nothing; schedule_page_work_fn() queues the work later, from the
    // hrtimer interrupt. The `wake-direct` mutation queues it from here, as "[PATCH 16/16] rcu/tree:
    // Use delayed work instead of hrtimer to refill the cache" (2020-10-29) would have with delay 0.
    if (c.mutation === 'wake-direct') mayWakeUnderRqLock(c, d, 'wake-under-rq-lock');
  }
}

// ---------------------------------------------------------------------------------------------
// M2 + M3
// ---------------------------------------------------------------------------------------------

/**
 * M2 + M3 (`kfree_rcu_drain_unlock` → `queue_kfree_rcu_work`), entered with krcp x locked and
 * `monitor_todo` set; returns with the lock released. Shared by the monitor and the shrinker.
 * v5.9 adds `repeat` (§3.1 M1-M3).
 */
function drainUnlock(c: V1Config, d: V1State, x: number): void {
  const k = d.cpu[x];
  // M2
  k.monitorTodo = false;
  let queued = false;
  let repeat = false;
  for (let i = 0; i < 2; i++) {
    const b = k.krw[i];
    // 5da7cb193db3 (B1): `if (need_wait_for_krwp_work(krwp)) continue;`: a batch with any busy
    // free channel is skipped, so nothing joins a batch whose rcu_work may already be pending.
    const usable = c.rules.batchWhenAllIdle
      ? b.bkvFree[0] === 0 && b.bkvFree[1] === 0 && b.headFree === 0 && (k.bkvhead[0] !== 0 || k.bkvhead[1] !== 0 || k.head !== 0)
      : (k.bkvhead[0] !== 0 && b.bkvFree[0] === 0) || (k.bkvhead[1] !== 0 && b.bkvFree[1] === 0) || (k.head !== 0 && b.headFree === 0);
    if (usable) {
      for (let j = 0; j < 2; j++) {
        if (b.bkvFree[j] === 0) {
          // 4c33464ae85e (B7): atomic_set(&krcp->bulk_count[j], 0) for the channel detached.
          if (c.rules.countPerChannel) k.count -= chainRecords(d, k.bkvhead[j]);
          b.bkvFree[j] = k.bkvhead[j]; // (a) whole chain, possibly empty
          k.bkvhead[j] = 0;
        }
      }
      if (b.headFree === 0) {
        if (c.rules.countPerChannel) k.count -= listLength(c, d, k.head); // 4c33464ae85e: atomic_set(&krcp->head_count, 0)
        b.headFree = k.head; // (b)
        k.head = 0;
      }
      if (!c.rules.countPerChannel) k.count = 0; // (c) WRITE_ONCE(krcp->count, 0)
      if (c.mutation !== 'leak-batch') queueRcuWork(d, b); // (d) result unused
      queued = true; // (e)
    }
    // v5.9: repeat if any channel is still busy.
    if (k.bkvhead[0] !== 0 || k.bkvhead[1] !== 0 || k.head !== 0) repeat = true;
  }
  // M3
  if (c.rules.rearmWhenBusy ? repeat : !queued) {
    k.monitorTodo = true;
    scheduleMonitor(k, false);
  }
  unlock(d, x);
}

// ---------------------------------------------------------------------------------------------
// Caller: C1 .. C7 (C0 and C8 are common)
// ---------------------------------------------------------------------------------------------

type PageChoice = 'current' | 'cached' | 'new';
type FailReason = 'uninitialized' | 'no-page';
type WrapChoice = 'embedded' | 'nowait' | 'atomic';

interface CallFacts {
  obj: number;
  ptr: number;
  idx: number;
  initialized: boolean;
  /** C3 outcome without allocation: the first page has room, or a cached page exists. */
  page: PageChoice | null;
}

/** What C1..C3 would see for the caller of CPU `cpu` running on CPU `x` (guards only). */
function callFacts(c: V1Config, s: Readonly<V1State>, cpu: number, x: number): CallFacts {
  const obj = curObj(c, s, cpu);
  const ptr = s.objs[obj].addr;
  const k = s.cpu[x];
  const idx = isVmallocAddr(ptr) ? 1 : 0;
  let page: PageChoice | null = null;
  if (k.initialized) {
    const first = k.bkvhead[idx];
    if (first !== 0 && s.pages[first - 1].nr < c.capacity) page = 'current';
    else if (c.rules.cacheList ? k.bkvcache[0] !== 0 : c.cache && k.bkvcache[idx] !== 0) page = 'cached';
  }
  return { obj, ptr, idx, initialized: k.initialized, page };
}

/** C1/C7 take the lock: v1 iff initialized; v5.9 always (krc_this_cpu_lock, §3.1 C1/C7). */
function takesLock(c: V1Config, k: Readonly<Krcp>): boolean {
  return c.rules.lockAlways || k.initialized;
}

/** May the caller of `cpu` run its C1..C7 section on CPU x now? */
function sectionEnabled(c: V1Config, s: Readonly<V1State>, cpu: number, x: number): boolean {
  if (s.callers[cpu].pc !== 'C1') return false;
  if (x !== cpu && (c.pinned || s.sched === 'INACTIVE')) return false; // no migration in an atomic or reader context / at boot
  if (s.sched === 'INACTIVE' && x !== 0) return false; // before INIT only the boot CPU runs
  if (x !== cpu && !cpuFree(s, x)) return false;
  return !s.cpu[x].locked;
}

/** C1: local_irq_save; krcp := this CPU's; spin_lock (if initialized in v1). Returns the C2 outcome. */
function enterSection(c: V1Config, d: V1State, x: number, obj: number): boolean {
  if (takesLock(c, d.cpu[x])) {
    lock(d, x);
    rtLockCheck(c, d); // `rt`: spin_lock(spinlock_t) after local_irq_save() (v1), B4
  }
  return debugQueue(c, d, obj); // C2: debug_rcu_head_queue(ptr)
}

/** C5 + C6 + C7 on a success path. */
function finishSection(c: V1Config, d: V1State, cpu: number, x: number, expedited: boolean): void {
  const k = d.cpu[x];
  if (c.mutation !== 'no-count') k.count += 1; // C5: WRITE_ONCE(krcp->count, krcp->count + 1)
  if (d.sched === 'RUNNING' && !k.monitorTodo) {
    // C6 (v5.9: always KFREE_DRAIN_JIFFIES)
    k.monitorTodo = true;
    // The seed's C6 ("[PATCH 3/7] rcu/tree: introduce expedited_drain flag", 2020-03-23, tree.c
    // line 3115 of the patched file): schedule_delayed_work(&krcp->monitor_work, expedited_drain ?
    // 0:KFREE_DRAIN_JIFFIES). Delay 0 queues monitor_work at once and wakes a worker (B12); v5.9
    // has KFREE_DRAIN_JIFFIES only (the flag was not merged), a timer.
    const now = expedited && c.rules.expedite;
    if (scheduleMonitor(k, now) && now) mayWakeUnderRqLock(c, d, 'wake-under-rq-lock');
  }
  leaveSection(c, d, cpu, x, true);
}

/**
 * C7: spin_unlock (v1: if initialized, read again); local_irq_restore. Then the call returns or
 * goes to C8. `holdLock` (the sync-under-lock mutation only) moves C7 after C8: the caller keeps
 * the lock and IRQs off, and C8's kvfree releases them.
 */
function leaveSection(c: V1Config, d: V1State, cpu: number, x: number, success: boolean, holdLock = false): void {
  const cl = d.callers[cpu];
  if (takesLock(c, d.cpu[x])) {
    if (!holdLock) unlock(d, x);
    else {
      d.cpu[x].irqOff = true;
      cl.held = x + 1;
    }
  }
  const obj = c.perCpu[cpu][cl.idx];
  d.objs[obj].accepted = true;
  if (success) nextCall(c, d, cpu);
  else cl.pc = 'C8unqueue';
}

function callerActions(c: V1Config, rcu: RcuFlavour = 'tree'): AnyActionDef<V1State>[] {
  // CONFIG_TINY_RCU (kvfree-v1 `rcu`): rcutiny.h kvfree_call_rcu() replaces C1..C7 (./common/tiny.ts).
  if (rcu !== 'tree') {
    const helpers = { sectionEnabled, enterSection, finishSection, leaveSection };
    return [...callerEntryActions(c), ...tinyCallActions(c, rcu, helpers), ...callerC8Actions(c)];
  }
  const wrapper = c.rules.wrapper;
  const cpus = Array.from({ length: c.cpus }, (_, i) => i);
  const onCpus = cpus.flatMap((cpu) => cpus.map((x) => ({ cpu, x })));
  const at = (p: { cpu: number; x: number }): string => (p.x === p.cpu ? '' : ` on cpu${p.x} (migrated)`);
  const pageParams = onCpus.flatMap((p) => (['current', 'cached', 'new'] as PageChoice[]).map((page) => ({ ...p, page })));
  const parities = c.alignWrap === 1 ? [0, 1] : [0];
  // v5.9 has no wrapper: only the embedded head reaches ch3 (§3.1 C4).
  const wraps: WrapChoice[] = wrapper ? ['embedded', 'nowait', 'atomic'] : ['embedded'];
  const ch3Params = onCpus.flatMap((p) =>
    (['uninitialized', 'no-page'] as FailReason[]).flatMap((why) =>
      wraps.flatMap((wrap) => (wrap === 'embedded' ? [0] : parities).map((parity) => ({ ...p, why, wrap, parity }))),
    ),
  );
  const failParams = onCpus.flatMap((p) => (['uninitialized', 'no-page'] as FailReason[]).map((why) => ({ ...p, why })));

  /** Is the C3 failure reason `why` what C3 would do here, and what does it cost? */
  const c3Fails = (f: CallFacts, why: FailReason): boolean =>
    why === 'uninitialized' ? !f.initialized : f.initialized && f.page === null;
  // A failed __get_free_page() costs one allocation failure; v5.11 (and v5.9 with rt=2) try none.
  const c3Cost = (why: FailReason): number => (why === 'no-page' && c3Allocates(c) ? 1 : 0);
  /** C3 failed: v5.9 entered the allocator under the raw lock (`rt`, B4); v5.11 runs run_page_cache_worker() instead. */
  const c3Failed = (d: V1State, k: Krcp, why: FailReason): void => {
    if (why === 'no-page' && c3Allocates(c)) allocCheck(c, d, k); // v1/v5.9 C3: the failed __get_free_page(GFP_NOWAIT)
    runPageCacheWorker(c, d, k); // v5.11 kvfree_call_rcu(): `if (!success) { run_page_cache_worker(krcp); ...`
  };
  const cacheName = c.rules.cacheList ? 'get_cached_bnode()' : 'bkvcache';
  // v5.11 (and v5.9 built with CONFIG_PREEMPT_RT, rt=2) try no __get_free_page() at C3.
  const noPageText = c3Allocates(c) ? 'no cached page, __get_free_page fails' : 'no cached page, get_cached_bnode() fails';
  /** Head-less with no page: v1 tries two wrapper kmallocs (2 failures), v5.9 none (§3.1 C4). */
  const wrapFailCost = wrapper ? 2 : 0;

  // Fairness: every C1..C8 step below is weakly fair (a caller inside kvfree_call_rcu()). The
  // allocation outcomes (cached page, __get_free_page succeeds, wrapper kmalloc NOWAIT/ATOMIC
  // succeeds or fails) are separate action ids, so per-id weak fairness does not force a success:
  // each call takes exactly one outcome once, which disables all of them, so no outcome is ever
  // enabled forever without being taken; fairness only says the call goes on, not how it ends.
  return [
    ...callerEntryActions(c),
    {
      // C1 + C2 "Double-freed call": debug_rcu_head_queue() found ptr active; nothing queued; C7.
      name: 'C1-C7 kvfree_call_rcu: C2 already queued',
      fair: 'weak',
      actor: (p: { cpu: number; x: number }) => `caller${p.cpu}`,
      params: onCpus,
      label: (p: { cpu: number; x: number }) => `caller${p.cpu}${at(p)}`,
      at: (p) => callerAt(p.cpu, 'C1'),
      enabled: (s, p) => sectionEnabled(c, s, p.cpu, p.x) && c.debug && s.objs[curObj(c, s, p.cpu)].dbg,
      apply: (d, p) => {
        const obj = curObj(c, d, p.cpu);
        enterSection(c, d, p.x, obj);
        if (d.ghost.dbg === 'none') {
          d.ghost.dbg = 'queue-active';
          d.ghost.dbgAddr = d.objs[obj].addr;
        }
        if (takesLock(c, d.cpu[p.x])) unlock(d, p.x);
        nextCall(c, d, p.cpu); // success := true, nothing queued, not accepted
      },
    },
    {
      // C1..C3 add_ptr_to_bulk succeeds (first page has room / cached page / __get_free_page(GFP_NOWAIT)
      // succeeds), then C5, C6 (KFREE_DRAIN_JIFFIES), C7.
      name: 'C1-C7 kvfree_call_rcu: C3 add_ptr_to_bulk',
      fair: 'weak',
      actor: (p: { cpu: number }) => `caller${p.cpu}`,
      params: pageParams,
      label: (p: { cpu: number; x: number; page: PageChoice }) =>
        `caller${p.cpu}${at(p)}, ${p.page === 'current' ? 'room in the first page' : p.page === 'cached' ? `page taken from ${cacheName}` : '__get_free_page(GFP_NOWAIT) succeeds'}`,
      at: (p) => callerAt(p.cpu, 'C1'),
      enabled: (s, p) => {
        if (!sectionEnabled(c, s, p.cpu, p.x)) return false;
        if (c.debug && s.objs[curObj(c, s, p.cpu)].dbg) return false;
        const f = callFacts(c, s, p.cpu, p.x);
        if (!f.initialized) return false;
        // v5.11 kvfree_call_rcu_add_ptr_to_bulk(): get_cached_bnode() only, no __get_free_page();
        // v5.9 on a CONFIG_PREEMPT_RT=y build (rt=2): `if (IS_ENABLED(CONFIG_PREEMPT_RT)) return false`.
        if (p.page === 'new' && !c3Allocates(c)) return false;
        return p.page === 'new' ? f.page === null && unusedPage(s) !== 0 : f.page === p.page;
      },
      apply: (d, p) => {
        const f = callFacts(c, d, p.cpu, p.x);
        enterSection(c, d, p.x, f.obj);
        const k = d.cpu[p.x];
        if (p.page !== 'current') {
          let pg: number;
          if (p.page === 'cached') {
            if (c.rules.cacheList) {
              pg = getCachedBnode(d, k); // v5.9 get_cached_bnode()
            } else {
              pg = k.bkvcache[f.idx]; // xchg(&krcp->bkvcache[idx], NULL)
              k.bkvcache[f.idx] = 0;
            }
          } else {
            // v5.9 kvfree_call_rcu_add_ptr_to_bulk() C3: __get_free_page(GFP_NOWAIT | __GFP_NOWARN)
            // under raw_spin_lock(&krcp->lock): under `rt` a spinlock_t (zone->lock) in a raw lock (B4).
            allocCheck(c, d, k);
            pg = unusedPage(d); // __get_free_page()
          }
          attachPage(d, k, f.idx, pg);
        }
        appendRecord(d, k, f.idx, f.obj); // records[nr_records++] = ptr
        finishSection(c, d, p.cpu, p.x, false);
      },
    },
    {
      // C3 failed (not initialized, or no cached page and __get_free_page failed); C4 pushes the
      // rcu_head on ch3: the embedded one, or (v1) a wrapper from kmalloc(GFP_NOWAIT), else
      // kmalloc(GFP_ATOMIC) (attach_rcu_head_to_object), tagged by the scheme. Then C5, C6, C7.
      name: 'C1-C7 kvfree_call_rcu: C4 queue on ch3',
      fair: 'weak',
      actor: (p: { cpu: number }) => `caller${p.cpu}`,
      params: ch3Params,
      label: (p: { cpu: number; x: number; why: FailReason; wrap: WrapChoice; parity: number }) =>
        `caller${p.cpu}${at(p)}, C3 fails (${p.why === 'uninitialized' ? 'krcp not initialized' : noPageText})` +
        (p.wrap === 'embedded'
          ? ', embedded rcu_head'
          : p.wrap === 'nowait'
            ? ', wrapper kmalloc(GFP_NOWAIT) succeeds'
            : ', kmalloc(GFP_NOWAIT) fails, kmalloc(GFP_ATOMIC) succeeds') +
        (c.alignWrap === 1 && p.wrap !== 'embedded' ? (p.parity ? ' at an odd address' : ' at an even address') : ''),
      at: (p) => callerAt(p.cpu, 'C1'),
      enabled: (s, p) => {
        if (!sectionEnabled(c, s, p.cpu, p.x)) return false;
        const f = callFacts(c, s, p.cpu, p.x);
        if (c.debug && s.objs[f.obj].dbg) return false;
        if (!c3Fails(f, p.why)) return false;
        if ((c.objects[f.obj].form === 'embedded') !== (p.wrap === 'embedded')) return false;
        return budgetAllows(c, s, c3Cost(p.why) + (p.wrap === 'atomic' ? 1 : 0));
      },
      apply: (d, p) => {
        const f = callFacts(c, d, p.cpu, p.x);
        enterSection(c, d, p.x, f.obj);
        spend(c, d, c3Cost(p.why) + (p.wrap === 'atomic' ? 1 : 0));
        const k = d.cpu[p.x];
        c3Failed(d, k, p.why);
        const o = d.objs[f.obj];
        if (p.wrap === 'embedded') {
          o.hfunc = embeddedStoresPointer(c.tag, c.layout) ? c.func.encodePtr(o.addr) : c.func.encode(BigInt(c.offset));
        } else {
          mayWakeUnderRqLock(c, d, 'alloc-wake-under-rq-lock'); // kmalloc(GFP_NOWAIT), then kmalloc(GFP_ATOMIC): __GFP_KSWAPD_RECLAIM (B12)
          o.wrap = candidates(wrapperBase(f.obj), c.alignWrap)[p.parity]; // attach_rcu_head_to_object()
          o.wword0 = f.ptr; // ptr[0] = obj
          o.hfunc = c.func.encode(wrapperFunc(c.tag, c.w)); // head->func = func
        }
        o.hnext = k.head; // head->next = krcp->head
        k.head = headAddr(c, d, f.obj); // krcp->head = head
        finishSection(c, d, p.cpu, p.x, true); // expedited_drain = true
      },
    },
    {
      // C4: head-less with no page: v1 after both wrapper kmallocs fail, v5.9 at once (no
      // wrapper): success := false; C7; the caller goes to C8.
      name: wrapper ? 'C1-C7 kvfree_call_rcu: C4 wrapper kmalloc fails' : 'C1-C7 kvfree_call_rcu: C4 head-less, no page',
      fair: 'weak',
      actor: (p: { cpu: number }) => `caller${p.cpu}`,
      params: failParams,
      label: (p: { cpu: number; x: number; why: FailReason }) =>
        `caller${p.cpu}${at(p)}, C3 fails (${p.why === 'uninitialized' ? 'krcp not initialized' : noPageText})` +
        (wrapper ? ', kmalloc(GFP_NOWAIT) and kmalloc(GFP_ATOMIC) fail' : ', success = false'),
      at: (p) => callerAt(p.cpu, 'C1'),
      enabled: (s, p) => {
        if (!sectionEnabled(c, s, p.cpu, p.x)) return false;
        const f = callFacts(c, s, p.cpu, p.x);
        if (c.debug && s.objs[f.obj].dbg) return false;
        if (!c3Fails(f, p.why) || c.objects[f.obj].form !== 'headless') return false;
        return budgetAllows(c, s, c3Cost(p.why) + wrapFailCost);
      },
      apply: (d, p) => {
        const f = callFacts(c, d, p.cpu, p.x);
        enterSection(c, d, p.x, f.obj);
        spend(c, d, c3Cost(p.why) + wrapFailCost);
        c3Failed(d, d.cpu[p.x], p.why); // v5.11: then `if (head == NULL) goto unlock_return` (C8)
        if (wrapper) mayWakeUnderRqLock(c, d, 'alloc-wake-under-rq-lock'); // both wrapper kmallocs fail: the allocator's slow path ran (B12)
        leaveSection(c, d, p.cpu, p.x, false, c.mutation === 'sync-under-lock');
      },
    },
    ...callerC8Actions(c),
  ];
}

// ---------------------------------------------------------------------------------------------
// Monitor (M1..M3), batch worker (W2..W4); the workqueue, W0 and W1 are common
// ---------------------------------------------------------------------------------------------

function monitorActions(c: V1Config, rcu: RcuFlavour = 'tree'): AnyActionDef<V1State>[] {
  // W2/W3 page return under a krcp lock: v5.9 the krcp of the CPU the worker runs on (any CPU,
  // krc_this_cpu_lock()); v5.11 the krcp that owns the batch (56292e8609e3: krwp->krcp's lock).
  const underLock = c.rules.pageReturn !== 'cmpxchg-slot';
  const anyCpu = c.rules.pageReturn === 'worker-cpu-lock';
  const xs = Array.from({ length: c.cpus }, (_, i) => i);
  const batches = batchRefs(c);
  const pageParams = batches.flatMap((p) => [0, 1].flatMap((j) => (anyCpu ? xs : [p.x]).map((y) => ({ ...p, j, y }))));
  return [
    {
      // M1..M3 kfree_rcu_monitor(): spin_lock_irqsave; if monitor_todo: kfree_rcu_drain_unlock()
      // (M2 queue_kfree_rcu_work over krw_arr[0..1], M3 re-arm); else unlock.
      name: 'M1-M3 kfree_rcu_monitor',
      fair: 'weak',
      actor: (x: number) => `monitor${x}`,
      params: xs,
      label: (x: number) => `cpu${x}`,
      at: (x) => ({ leaf: `cpu[${x}].monRunning`, is: true }),
      enabled: (s, x) => s.cpu[x].monRunning && cpuFree(s, x) && !s.cpu[x].locked,
      apply: (d, x) => {
        const k = d.cpu[x];
        lock(d, x);
        if (k.monitorTodo) drainUnlock(c, d, x);
        else if (c.mutation !== 'no-unlock') unlock(d, x);
        k.monRunning = false;
      },
    },
    {
      // W2/W3 per page, first the externally visible frees: nxt := page->next;
      // debug_rcu_bhead_unqueue() each record; kfree_bulk() (ch1) or vfree() each record (ch2).
      name: 'W2/W3 kfree_rcu_work free bulk page records',
      fair: 'weak',
      actor: (p: BatchRef & { j: number }) => `worker${p.x}.${p.b}`,
      params: batches.flatMap((p) => [0, 1].map((j) => ({ ...p, j }))),
      label: (p: BatchRef & { j: number }) => `${batchLabel(p)}, ${p.j === 0 ? 'W2 slab page: kfree_bulk' : 'W3 vmalloc page: vfree'}`,
      at: (p) => wphaseAt(p, 'work'),
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        if (!b.rwRunning || b.wphase !== 'work' || !cpuFree(s, p.x)) return false;
        return onPage(b, p.j);
      },
      apply: (d, p) => {
        const b: Batch = d.cpu[p.x].krw[p.b];
        const fn = p.j === 0 || c.mutation === 'kfree-vmalloc' ? 'kfree' : 'vfree';
        freeRecords(c, d, p.j === 0 ? b.k1 : b.k2, fn);
        b.wphase = 'pageret';
      },
    },
    {
      // W2/W3 per page, then the page return (a lockless atomic on shared state in v1):
      // v1: cmpxchg(&krcp->bkvcache[j], NULL, page) or free_page();
      // v5.9: krc_this_cpu_lock(); put_cached_bnode(); unlock; else free_page().
      // v5.11: raw_spin_lock_irqsave(&krcp->lock) of the batch's krcp; put_cached_bnode(); unlock; else free_page().
      name: 'W2/W3 kfree_rcu_work return bulk page',
      fair: 'weak',
      actor: (p: BatchRef & { j: number; y: number }) => `worker${p.x}.${p.b}`,
      params: pageParams,
      label: (p: BatchRef & { j: number; y: number }) =>
        `${batchLabel(p)}, ${p.j === 0 ? 'W2 slab page' : 'W3 vmalloc page'}${anyCpu && c.cpus > 1 ? `, worker on cpu${p.y}` : ''}`,
      at: (p) => wphaseAt(p, 'pageret'),
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        if (!b.rwRunning || b.wphase !== 'pageret' || !cpuFree(s, p.x)) return false;
        if (underLock && (s.cpu[p.y].locked || !cpuFree(s, p.y))) return false;
        return onPage(b, p.j);
      },
      apply: (d, p) => {
        const k = d.cpu[p.x];
        const b: Batch = k.krw[p.b];
        const pg = p.j === 0 ? b.k1 : b.k2;
        const late = c.mutation === 'page-next-after-free';
        let nxt = late ? 0 : pageNext(d, pg); // bnext = bkvhead[i]->next, before the page is given away
        clearPage(d, pg);
        if (underLock) {
          lock(d, p.y);
          const parked = putCachedBnode(c, d, d.cpu[p.y], pg);
          unlock(d, p.y);
          if (!parked) freePage(c, d, pg);
        } else if (c.cache && k.bkvcache[p.j] === 0) {
          k.bkvcache[p.j] = pg; // cmpxchg succeeded: page parked
          d.pages[pg - 1].st = 'cached';
        } else {
          freePage(c, d, pg);
        }
        if (late) nxt = pageNext(d, pg);
        advancePage(b, p.j, nxt);
      },
    },
    {
      // W4: one ch3 element: v1 decodes per tag scheme (BIT(0) of head - offset by default);
      // v5.9 untagged: ptr := head - func. debug_rcu_head_unqueue(ptr); if __is_kvfree_rcu_offset: kvfree.
      name: rcu === 'tree' ? 'W4 kfree_rcu_work decode ch3 element' : 'T rcu_reclaim_tiny invoke callback',
      fair: 'weak',
      actor: (p: BatchRef) => `worker${p.x}.${p.b}`,
      params: batches,
      label: batchLabel,
      at: (p) => wphaseAt(p, 'work'),
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        return b.rwRunning && b.wphase === 'work' && b.k1 === 0 && b.k2 === 0 && b.h !== 0 && cpuFree(s, p.x);
      },
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        // CONFIG_TINY_RCU: kernel/rcu/tiny.c rcu_reclaim_tiny() invokes the callback instead (./common/tiny.ts).
        b.h = rcu === 'tree' ? decodeElement(c, d, b.h) : tinyReclaim(c, d, b.h);
        workerMaybeReturn(b);
      },
    },
  ];
}

/** SHRINK_STOP (include/linux/shrinker.h: `#define SHRINK_STOP (~0UL)`), as the model's return value. */
const SHRINK_STOP = -1;

/**
 * kfree_rcu_shrink_scan()'s return (kernel/rcu/tree.c): v5.8 (9154244c1ab6) `return freed;`;
 * from c6dfd72b7a3b "rcu: Stop shrinker loop" (v5.9; tree.c line 3313 in the patch as posted,
 * 2020-06-04) `return freed == 0 ? SHRINK_STOP : freed;`.
 */
function scanReturn(c: V1Config, freed: number): number {
  return c.rules.scanStopsWhenEmpty && freed === 0 ? SHRINK_STOP : freed;
}

/** do_shrink_slab()'s loop test (mm/vmscan.c v5.8/v5.9): `while (total_scan >= batch_size || total_scan >= freeable)`. */
function coreLoops(c: V1Config, s: Readonly<V1State>): boolean {
  return s.core.total >= c.shrinkBatch || s.core.total >= s.core.freeable;
}

function shrinkerActions(c: V1Config): AnyActionDef<V1State>[] {
  if (c.shrinkCore) return shrinkCoreActions(c);
  if (!c.shrinker) return [];
  return [
    {
      // S kfree_rcu_shrink_scan(), one CPU section: c := count (plain read); spin_lock_irqsave;
      // if monitor_todo: M2-M3 (kfree_rcu_drain_unlock) else unlock.
      name: 'S kfree_rcu_shrink_scan',
      actor: 'shrinker',
      label: () => 'next CPU',
      enabled: (s) => s.sched === 'RUNNING' && s.shrink < c.cpus && !s.cpu[s.shrink].locked,
      apply: (d) => {
        const x = d.shrink;
        lock(d, x);
        if (d.cpu[x].monitorTodo) drainUnlock(c, d, x);
        else unlock(d, x);
        d.shrink += 1;
      },
    },
  ];
}

/**
 * `shrinkCore=1` (B9): one do_shrink_slab() of mm/vmscan.c (v5.8 and v5.9 alike) on the kvfree
 * shrinker (`.batch = 0`: batch_size = SHRINK_BATCH; `.seeks = DEFAULT_SEEKS` = 2), as
 * drop_slab_node() calls it through shrink_slab() at priority 0, with nr_deferred 0:
 *
 *   freeable = shrinker->count_objects(shrinker, shrinkctl);
 *   if (freeable == 0 || freeable == SHRINK_EMPTY) return freeable;
 *   nr = atomic_long_xchg(&shrinker->nr_deferred[nid], 0);          // 0
 *   delta = freeable >> priority; delta *= 4; do_div(delta, shrinker->seeks);   // 2 * freeable
 *   total_scan = nr + delta;  (the `delta < freeable / 4` and `> freeable * 2` caps do not bite)
 *   while (total_scan >= batch_size || total_scan >= freeable) {
 *           nr_to_scan = min(batch_size, total_scan);
 *           shrinkctl->nr_to_scan = nr_to_scan; shrinkctl->nr_scanned = nr_to_scan;
 *           ret = shrinker->scan_objects(shrinker, shrinkctl);
 *           if (ret == SHRINK_STOP) break;
 *           freed += ret;
 *           total_scan -= shrinkctl->nr_scanned;  scanned += shrinkctl->nr_scanned;
 *   }
 *
 * kfree_rcu_shrink_count() (kernel/rcu/tree.c v5.8/v5.9): `for_each_online_cpu(cpu) count +=
 * READ_ONCE(krcp->count); return count;` (no SHRINK_EMPTY before v5.12). kfree_rcu_shrink_scan():
 * for_each_online_cpu: `count = krcp->count;` lock; `if (krcp->monitor_todo)
 * kfree_rcu_drain_unlock()` else unlock; `sc->nr_to_scan -= count; freed += count; if
 * (sc->nr_to_scan <= 0) break;` (nr_to_scan is an unsigned long: once a count exceeds it, it wraps
 * and the test never breaks), then scanReturn(). The scan never lowers nr_scanned, so total_scan
 * goes down by nr_to_scan per call. Steps: the count (all CPUs' reads at once), each CPU's section
 * (its unlocked read of count and the locked drain are one step, as with `shrinker=1`), the
 * return with the loop test. Not fair: reclaim may stop anywhere (as the single scan is).
 */
function shrinkCoreActions(c: V1Config): AnyActionDef<V1State>[] {
  return [
    {
      // do_shrink_slab(): freeable = kfree_rcu_shrink_count(); total_scan = 2 * freeable (priority 0, DEFAULT_SEEKS).
      name: 'S do_shrink_slab: kfree_rcu_shrink_count',
      actor: 'shrinker',
      label: () => 'count_objects',
      at: () => ({ leaf: 'core.pc', is: 'idle' }),
      enabled: (s) => s.sched === 'RUNNING' && s.core.pc === 'idle',
      apply: (d) => {
        let count = 0;
        for (const k of d.cpu) count += k.count; // READ_ONCE(krcp->count), no lock
        d.core.freeable = count;
        if (count === 0) {
          d.core.pc = 'done'; // `if (freeable == 0 || freeable == SHRINK_EMPTY) return freeable;`
          return;
        }
        d.core.total = 2 * count;
        d.core.pc = coreLoops(c, d) ? 'loop' : 'done';
      },
    },
    {
      // do_shrink_slab()'s batch loop: nr_to_scan = min(batch_size, total_scan); ret = shrinker->scan_objects().
      name: 'S do_shrink_slab: scan_objects',
      actor: 'shrinker',
      label: () => 'kfree_rcu_shrink_scan()',
      at: () => ({ leaf: 'core.pc', is: 'loop' }),
      enabled: (s) => s.core.pc === 'loop',
      apply: (d) => {
        const core = d.core;
        core.req = Math.min(c.shrinkBatch, core.total);
        core.nr = core.req; // shrinkctl->nr_to_scan
        core.wrap = false;
        core.x = 0;
        core.freed = 0;
        core.calls += 1;
        // P12 observation: a call after one of this invocation found nothing (the fix's "keep calling").
        if (core.empty && d.ghost.shrinkWasted < 15) d.ghost.shrinkWasted += 1;
        core.pc = 'scan';
      },
    },
    {
      // kfree_rcu_shrink_scan() at CPU x: count = krcp->count; lock; monitor_todo ? kfree_rcu_drain_unlock() : unlock;
      // sc->nr_to_scan -= count; freed += count; if (sc->nr_to_scan <= 0) break.
      name: 'S kfree_rcu_shrink_scan: next CPU',
      actor: 'shrinker',
      label: () => 'next CPU',
      at: () => ({ leaf: 'core.pc', is: 'scan' }),
      enabled: (s) => s.core.pc === 'scan' && !s.cpu[s.core.x].locked,
      apply: (d) => {
        const core = d.core;
        const x = core.x;
        const count = d.cpu[x].count;
        lock(d, x);
        if (d.cpu[x].monitorTodo) drainUnlock(c, d, x);
        else unlock(d, x);
        if (!core.wrap) {
          if (count > core.nr) core.wrap = true; // unsigned long underflow: never <= 0 again
          else core.nr -= count;
        }
        core.freed += count;
        if ((!core.wrap && core.nr === 0) || x + 1 >= c.cpus) core.pc = 'ret';
        else core.x = x + 1;
      },
    },
    {
      // do_shrink_slab(): if (ret == SHRINK_STOP) break; freed += ret; total_scan -= nr_scanned; loop test.
      name: 'S do_shrink_slab: scan returns',
      actor: 'shrinker',
      label: () => 'return to do_shrink_slab()',
      at: () => ({ leaf: 'core.pc', is: 'ret' }),
      enabled: (s) => s.core.pc === 'ret',
      apply: (d) => {
        const core = d.core;
        const ret = scanReturn(c, core.freed);
        if (ret === SHRINK_STOP) {
          core.pc = 'done';
          return;
        }
        if (ret === 0) core.empty = true;
        core.total -= core.req; // shrinkctl->nr_scanned, left at nr_to_scan by the kvfree scan
        core.pc = coreLoops(c, d) ? 'loop' : 'done';
      },
    },
  ];
}

/**
 * v5.11 fill_page_cache_func() (kernel/rcu/tree.c v5.11; 56292e8609e3 "rcu/tree: Defer
 * kvfree_rcu() allocation to a clean context"), the page_cache_work requested by run_page_cache_worker():
 * in sleepable work context, no lock held, `for (i = 0; i < rcu_min_cached_objs; i++)`:
 * __get_free_page(GFP_KERNEL | __GFP_NORETRY | __GFP_NOMEMALLOC | __GFP_NOWARN), then
 * raw_spin_lock_irqsave(); put_cached_bnode(); unlock (free_page() and break if not pushed);
 * finally atomic_set(&work_in_progress, 0). One step per page; the loop may stop at any
 * iteration (an allocation failure), as in kvfree-v6's refill actor.
 */
function pageCacheActions(c: V1Config): AnyActionDef<V1State>[] {
  return c.rules.deferAlloc ? fillPageCacheActions(c) : [];
}

/**
 * kfree_rcu_scheduler_running(), one CPU (v1 and v5.9): if krcp->head && !monitor_todo: arm the
 * monitor. With d434c00fa3ac (v5.14, B3): if any of bkvhead[0], bkvhead[1], head is non-empty.
 */
function schedulerRunning(c: V1Config, d: V1State, x: number): void {
  const k = d.cpu[x];
  const pending = c.rules.bootChecksBulk ? k.head !== 0 || k.bkvhead[0] !== 0 || k.bkvhead[1] !== 0 : k.head !== 0;
  if (pending && !k.monitorTodo) {
    k.monitorTodo = true;
    scheduleMonitor(k, false);
  }
}

// ---------------------------------------------------------------------------------------------
// Variant-specific accessors for the shared properties
// ---------------------------------------------------------------------------------------------

export function v1Spec(c: V1Config) {
  return {
    debug: c.debug,
    objects: c.objects.length,
    cpus: c.cpus,
    countMismatch(s: Readonly<V1State>): string | null {
      for (let x = 0; x < s.cpu.length; x++) {
        const k = s.cpu[x];
        if (k.locked) continue; // P6 is stated for states where nobody holds the lock
        const want = chainRecords(s, k.bkvhead[0]) + chainRecords(s, k.bkvhead[1]) + listLength(c, s, k.head);
        if (k.count !== want) {
          return `krcp[${x}].count is ${k.count} but its bulk pages and ch3 list hold ${want} object(s)`;
        }
      }
      return null;
    },
    atRest(s: Readonly<V1State>): string | null {
      for (let x = 0; x < s.cpu.length; x++) {
        // A lock held between steps must have a holder still inside its section.
        const holder = s.callers.findIndex((h) => h.held === x + 1);
        if (s.cpu[x].locked && holder < 0) return `krcp[${x}].lock is still held after the step that took it returned, and no caller holds it`;
        const cl = s.callers[x];
        const inCall = cl.pc !== 'unpub' && cl.pc !== 'done';
        if (s.cpu[x].irqOff && !((c.irqoff && inCall) || holder >= 0)) return `IRQs on cpu${x} are still disabled after the call returned`;
      }
      return null;
    },
    clientsFinished(s: Readonly<V1State>): boolean {
      return s.callers.every((cl) => cl.pc === 'done') && s.readers.every((r) => r.ph !== 'in');
    },
  };
}

/** The model of one classic variant: its actions under `rules`, the shared properties, symmetry and end states. */
export function buildClassic(params: Params, rules: ClassicRules) {
  const c = v1Config(params, rules);
  const rcu = rcuFlavour(params); // only kvfree-v1 declares `rcu`; absent = tree
  const actions: AnyActionDef<V1State>[] = [
    ...callerActions(c, rcu),
    ...workqueueActions(c, c.mutation === 'no-gp-wait'),
    ...monitorActions(c, rcu),
    ...gpActions(c),
    ...(readerActions(c.nReaders, c.objects.length, (s) => (s as V1State).sched !== 'INACTIVE') as AnyActionDef<V1State>[]),
    ...shrinkerActions(c),
    ...pageCacheActions(c),
    ...bootActions(c, (d, x) => schedulerRunning(c, d, x)),
  ];
  return {
    config: c,
    shape: kvShape(c),
    display: kvDisplay(c),
    init: initialStates(c),
    actions,
    properties: kvfreeProperties<V1State>(v1Spec(c)),
    symmetry: kvSymmetry<V1State>(c),
    validEnd: (s: Readonly<V1State>) => v1Spec(c).clientsFinished(s) && s.readers.every((r) => r.ph === 'done') && (!c.boot || s.boot === 2 * c.cpus + 2),
  };
}
