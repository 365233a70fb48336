/**
 * The state and configuration every kvfree variant (v1, v5.9, v6) is built on: per-CPU krcp with
 * its two batches, callers, boot/shrinker counters, plus the shared World (objects, pages,
 * readers, GP sequence, ghost observation).
 *
 * Why this file exists: the variants differ in their steps, not in what a krcp, a batch, a work
 * item or a caller is; one superset layout lets the shared step modules (workqueue.ts,
 * caller.ts, pages.ts) be written once. Fields a variant does not use stay at their initial value
 * and cost no states.
 *
 * What it must not do: implement protocol steps.
 */
import { array, bool, cloneByShape, enumOf, int, struct, type Infer, type Shape } from '../../../src/model/shape.js';
import type { DisplayNames, Params } from '../../../src/model/types.js';
import {
  addrMap,
  candidates,
  funcCodec,
  KERNEL_BASES,
  LOW_OBJ_BASE,
  objectBase,
  parseObjects,
  Words,
  type FuncCodec,
} from './memory.js';
import type { Layout, TagScheme } from './tags.js';
import {
  ghostShape,
  initialGhost,
  initialObject,
  initialPage,
  objShape,
  pageShape,
  readerShape,
  type WorldConfig,
} from './world.js';

export type Variant = 'v1' | 'v5.9' | 'v6';

export const Sched = enumOf(['INACTIVE', 'INIT', 'RUNNING']);
export const WorkStage = enumOf(['idle', 'timer', 'queued']);
export const RcuWorkStage = enumOf(['idle', 'gpwait', 'queued']);
/** Batch worker: W1 (detach) → work (pages, then ch3) → list (v6: ch3 snapshot polled done). */
/**
 * kvfree-v6 before 2ca836b1da17 (cc37d52076a9's polled worker) adds: poll (the tail page of the
 * current channel, or ch3's head_free_gp_snap once the pages are done), tailret (the tail page's
 * return), sync (in synchronize_rcu()).
 */
export const WorkerPhase = enumOf(['W1', 'work', 'list', 'pageret', 'poll', 'tailret', 'sync']);
/** v6 monitor: drain_ready detach → free what it took → queue_batch + rearm (with the shrinker: queue_batch, then rearm). */
export const MonitorPhase = enumOf(['drain', 'free', 'queue', 'freeret', 'rearm']);
/**
 * v6 shrinker: idle (no count yet, or the last kfree_rcu_shrink_count() found nothing) → counted
 * (the shrinker core may call scan) → per CPU: cache (drain_page_cache) → drain (its
 * kfree_rcu_monitor()'s drain_ready detach) → free / freeret (the unlocked frees) → queue
 * (queue_batch) → rearm (then the next CPU's cache, or back to counted when the scan returns).
 */
export const ShrinkerPc = enumOf(['idle', 'counted', 'cache', 'drain', 'free', 'freeret', 'queue', 'rearm']);
/**
 * v6 teardown (`teardown` parameter): idle → kvfree_rcu_barrier()'s first loop per CPU: check
 * (need_offload_krc()) → queue (kvfree_rcu_queue_batch()) → recheck (need_offload_krc() after a
 * batch could not be queued) → flush1 (flush_rcu_work() of batch b, then queue again); its second
 * loop per CPU: cancel (cancel_delayed_work_sync(): grab and disable monitor_work) → cancelwait
 * (wait for a running monitor, enable) → flush2 (flush_rcu_work() of batch b); then shutdown
 * (kmem_cache_destroy()'s __kmem_cache_shutdown(), `teardown=destroy`) → done.
 */
/**
 * v1/v5.9 shrinker core (`shrinkCore=1`, B9): mm/vmscan.c do_shrink_slab() around the kvfree
 * shrinker: idle → (count_objects) loop (in the batch loop, about to test it) → scan (inside
 * kfree_rcu_shrink_scan(), at CPU x) → ret (the scan returned) → loop or done.
 */
export const ShrinkCorePc = enumOf(['idle', 'loop', 'scan', 'ret', 'done']);
export const TeardownPc = enumOf(['idle', 'check', 'queue', 'recheck', 'flush1', 'cancel', 'cancelwait', 'flush2', 'shutdown', 'done']);
export const CallerPc = enumOf(['unpub', 'C0', 'C1', 'C3alloc', 'C4alloc', 'C8unqueue', 'C8sync', 'C8wait', 'C8free', 'done']);

// The state types are derived from kvShape(), so each field is declared once (in the shape, with its comment).
export type KvState = Infer<ReturnType<typeof kvShape>>;
export type Krcp = KvState['cpu'][number];
export type Batch = Krcp['krw'][number];
export type Caller = KvState['callers'][number];

/** Everything fixed by the parameters. */
export interface KvConfig extends WorldConfig {
  variant: Variant;
  cpus: number;
  capacity: number;
  cache: boolean;
  /** v5.9/v6: rcu_min_cached_objs. */
  cacheLimit: number;
  maxFails: number;
  nReaders: number;
  shrinker: boolean;
  /** v6: how many kfree_rcu_shrink_scan() calls may happen (the `shrinker` parameter; v1/v5.9: 0 or 1). */
  shrinkScans: number;
  /** v1/v5.9 (`shrinkCore=1`, B9): do_shrink_slab() drives count_objects/scan_objects instead of one scan. */
  shrinkCore: boolean;
  /** v1/v5.9: do_shrink_slab()'s batch_size (SHRINK_BATCH = 128 for the kvfree shrinker, `.batch = 0`), abstracted (`shrinkBatch`). */
  shrinkBatch: number;
  boot: boolean;
  irqoff: boolean;
  /** The caller's context around the call (the `context` parameter). */
  context: 'sleepable' | 'irqoff' | 'spinlock' | 'reader' | 'rqlock';
  /** The caller cannot migrate between CPUs during the call (every context but sleepable). */
  pinned: boolean;
  tag: TagScheme;
  layout: Layout;
  alignObj: number;
  alignWrap: number;
  alignVmalloc: number;
  /** The first object with an embedded head is placed below address 4096 (§4.3). */
  lowObj: boolean;
  /** v6: the page-cache refill worker is modelled. */
  refillWorker: boolean;
  /**
   * v6: a client task that tears down: `barrier` = kvfree_rcu_barrier() once, at any time;
   * `destroy` = kmem_cache_destroy() of the cache the slab objects come from, after every
   * kvfree_rcu() call returned (with the barrier inside it from 6c6c47b063b5).
   */
  teardown: 'none' | 'barrier' | 'destroy';
  /** v6: where the teardown runs: a task, or a WQ_MEM_RECLAIM worker (check_flush_dependency() applies). */
  teardownIn: 'task' | 'reclaim-worker';
  /**
   * Grace-period initialisation is its own step (`gpinit=1`, B8): rcu_gp_init() has advanced
   * rcu_state.gp_seq but not yet the root rcu_node's gp_seq, which the polled `_full()` API reads.
   */
  gpInit: boolean;
  spontaneous: number;
  mutation: string;
  /** Objects of each CPU's caller, in call order. */
  perCpu: number[][];
  func: FuncCodec;
  maxPages: number;
}

const num = (p: Params, k: string, d: number): number => (p[k] === undefined ? d : Number(p[k]));
const str = (p: Params, k: string, d: string): string => (p[k] === undefined ? d : String(p[k]));

export function kvConfig(p: Params, variant: Variant): KvConfig {
  const cpus = p.cpus as number;
  const { objects, calls } = parseObjects(p.objects as string, cpus);
  const w = new Words(p.P as number);
  const offset = p.offset as number;
  // kvfree_rcu() calls: one per object, plus each repeated hand-over (`=k`).
  const n = calls.flat().length;
  const spontaneous = p.spontaneous as number;
  // Each waiter (one batch callback per moved channel set, one synchronize_rcu per head-less
  // object) needs at most two GP starts; spontaneous GPs add theirs.
  const gpMax = 2 * (2 * (2 * n + 2) + spontaneous) + 1;
  const bases = KERNEL_BASES[w.P];
  const map = addrMap(num(p, 'physHigh', 0) === 1 ? bases.directMapHigh : bases.directMap, bases.vmalloc);
  const cacheLimit = variant === 'v1' ? 1 : num(p, 'cacheLimit', 2);
  const refillWorker = num(p, 'refill', 0) === 1;
  return {
    variant,
    objects,
    w,
    offset,
    objSize: Math.max(64, offset + 2 * w.P),
    wrapSize: 3 * w.P,
    garbage: p.garbage as 'poison' | 'alias',
    debug: p.debug === 1,
    gpMax,
    map,
    cpus,
    capacity: p.capacity as number,
    cache: num(p, 'cache', 1) === 1,
    cacheLimit,
    maxFails: p.failures === 'any' ? Number.POSITIVE_INFINITY : Number(p.failures),
    nReaders: p.readers as number,
    shrinker: num(p, 'shrinker', 0) >= 1 || num(p, 'shrinkCore', 0) === 1,
    shrinkScans: num(p, 'shrinker', 0),
    shrinkCore: num(p, 'shrinkCore', 0) === 1,
    shrinkBatch: num(p, 'shrinkBatch', 1),
    boot: p.boot === 'boot',
    // `rqlock` (B12): the client holds rq->lock, taken with raw_spin_lock_irqsave(), so IRQs are off as with `irqoff`.
    irqoff: p.context === 'irqoff' || p.context === 'rqlock',
    context: str(p, 'context', 'sleepable') as KvConfig['context'],
    pinned: str(p, 'context', 'sleepable') !== 'sleepable',
    tag: str(p, 'tag', 'none') as TagScheme,
    layout: variant === 'v6' ? 'pointer' : 'offset',
    alignObj: p.alignObj as number,
    alignWrap: num(p, 'alignWrap', 32),
    alignVmalloc: p.alignVmalloc as number,
    lowObj: num(p, 'lowObj', 0) === 1,
    refillWorker,
    teardown: str(p, 'teardown', 'none') as KvConfig['teardown'],
    teardownIn: str(p, 'teardownIn', 'task') as KvConfig['teardownIn'],
    gpInit: num(p, 'gpinit', 0) === 1,
    spontaneous,
    mutation: str(p, 'mutation', 'none'),
    perCpu: calls,
    func: funcCodec(w, map),
    maxPages: n + (refillWorker ? cacheLimit : 0),
  };
}

const shapes = new WeakMap<KvConfig, Shape>();

/**
 * A plain copy of `s`, a state of `c` (a plain object or a stepper's `next`, whose struct fields
 * are accessors that `structuredClone` would not see), read through the state's shape.
 */
export function copyState<S extends KvState>(c: KvConfig, s: Readonly<S>): S {
  let sh = shapes.get(c);
  if (sh === undefined) {
    sh = kvShape(c);
    shapes.set(c, sh);
  }
  return cloneByShape(sh, s as never) as S;
}

export function kvShape(c: KvConfig) {
  const n = c.objects.length;
  /** kvfree_rcu() calls (bounds the counters and the callers' index). */
  const calls = c.perCpu.flat().length;
  const maxPages = c.maxPages;
  const snapMax = c.gpMax + 3;
  const batch = struct({
    headFree: int(0, 0xffffff),
    bkvFree: array(2, int(0, maxPages)),
    /** v6: krwp->head_free_gp_snap. */
    headFreeSnap: int(0, snapMax),
    rwPending: bool(),
    rwStage: RcuWorkStage,
    rwRunning: bool(),
    cbSnap: int(0, snapMax),
    wphase: WorkerPhase,
    k1: int(0, maxPages),
    k2: int(0, maxPages),
    h: int(0, 0xffffff),
    /** v6: the worker's local copy of head_free_gp_snap taken at W1. */
    hSnap: int(0, snapMax),
  });
  return struct({
    sched: Sched,
    boot: int(0, 2 * c.cpus + 2),
    shrink: int(0, c.cpus + 1),
    /**
     * v6 shrinker (S): kfree_rcu_shrink_scan()'s pc, the CPU its loop is at, whether that CPU's
     * `count` (krc_count() + drain_page_cache()) was non-zero (then `sc->nr_to_scan` may be used up),
     * the pages and ch3 list its kfree_rcu_monitor() call's drain_ready took, and the scans done.
     */
    shr: struct({
      pc: ShrinkerPc,
      x: int(0, c.cpus - 1),
      cnt: bool(),
      rdy: array(2, int(0, maxPages)),
      rdyH: int(0, 0xffffff),
      scans: int(0, Math.max(c.shrinkScans, 1)),
    }),
    /**
     * v1/v5.9 shrinker core (`shrinkCore=1`, B9): do_shrink_slab()'s pc, `freeable` (what
     * count_objects() returned), `total_scan`, the scan in progress (`sc->nr_to_scan` as the scan
     * decrements it, `wrap` once that unsigned long went below zero, the CPU its loop is at, its
     * `freed`), the scan_objects() calls made, and whether one of them found nothing.
     */
    core: struct({
      pc: ShrinkCorePc,
      freeable: int(0, calls),
      total: int(0, 2 * calls),
      req: int(0, 2 * calls),
      nr: int(0, 2 * calls),
      wrap: bool(),
      x: int(0, c.cpus - 1),
      freed: int(0, calls),
      calls: int(0, 2 * calls + 1),
      empty: bool(),
    }),
    /**
     * v6 teardown (T): its pc, the CPU and batch its loops are at, and (ghost, for `barrier-complete`)
     * the objects, as a bit mask, whose kvfree_rcu() call had returned when the barrier began.
     */
    td: struct({
      pc: TeardownPc,
      x: int(0, c.cpus - 1),
      b: int(0, 1),
      bset: int(0, (1 << n) - 1),
    }),
    spont: int(0, c.spontaneous),
    fails: int(0, Number.isFinite(c.maxFails) ? c.maxFails : 0),
    gp: int(0, c.gpMax),
    /** gpinit=1: rcu_gp_init() has started the GP in rcu_state.gp_seq (`gp`) but the root rcu_node's gp_seq is still gp - 1. */
    gpInit: bool(),
    cpu: array(
      c.cpus,
      struct({
        initialized: bool(),
        locked: bool(),
        irqOff: bool(),
        head: int(0, 0xffffff),
        bkvhead: array(2, int(0, maxPages)),
        /** v1: one-slot cache per channel. v5.9/v6: bkvcache[0] = head of the cached-page list (chained by page.next). */
        bkvcache: array(2, int(0, maxPages)),
        /** v5.9/v6: nr_bkv_objs. */
        nrCache: int(0, maxPages),
        /** v1/v5.9: krcp->count. */
        count: int(0, calls),
        /** v6: bulk_count[0..1], head_count, head_gp_snap. */
        bulkCount: array(2, int(0, calls)),
        headCount: int(0, calls),
        headSnap: int(0, snapMax),
        monitorTodo: bool(),
        monPending: bool(),
        monStage: WorkStage,
        monRunning: bool(),
        /** v6: monitor_work disabled by cancel_delayed_work_sync() (v6.10+: queueing it fails) until its flush ends. */
        monDisabled: bool(),
        /** v6 monitor: phase and the pages/list drain_ready took. */
        mphase: MonitorPhase,
        rdy: array(2, int(0, maxPages)),
        rdyH: int(0, 0xffffff),
        /** v6: page-cache refill work requested (work_in_progress). */
        refill: bool(),
        /** fill_page_cache_func() has started: its loop bound is fixed (refill.ts). */
        refillRun: bool(),
        /** fill_page_cache_func(): iterations of its loop still to run (nr_pages - i). */
        refillLeft: int(0, c.cacheLimit),
        /** v6: backoff_page_cache_fill (set by kfree_rcu_shrink_count(), cleared by fill_page_cache_func()). */
        backoff: bool(),
        krw: array(2, batch),
      }),
    ),
    callers: array(
      c.cpus,
      struct({
        pc: CallerPc,
        idx: int(0, calls),
        syncSnap: int(0, snapMax),
        /** v6: the krcp whose lock the caller dropped for a sleeping allocation. */
        kx: int(0, c.cpus - 1),
        /** 1 + the krcp whose lock this caller holds across steps (0: none); the holder of that lock. */
        held: int(0, c.cpus),
      }),
    ),
    objs: array(n, objShape(c.gpMax)),
    pages: array(maxPages, pageShape(c.capacity, maxPages, n, c.gpMax)),
    readers: array(c.nReaders, readerShape(c.gpMax, n)),
    ghost: ghostShape,
  });
}

/**
 * Display names of the state in kernel terms (traces only; ITF and replay keep the raw paths).
 * CPU x's `krcp[x]` is its struct kfree_rcu_cpu (`per_cpu(krc, x)`, named as docs/protocol.md and
 * the properties' explanations do), `krcp[x].krw_arr[b]` a batch (struct kfree_rcu_cpu_work).
 * The locals of a running kernel function belong to its actor: `worker0.1.head` is `head` in
 * kfree_rcu_work() for krcp[0].krw_arr[1]; likewise `caller0.krcp`, `monitor0.bulk_ready[0]`.
 * A bulk page is `bnode[p]` (struct kvfree_rcu_bulk_data), an object's rcu_head words are
 * `obj[i].rcu_head.next/.func`, its wrapper `obj[i].wrapper`. Fields with no kernel counterpart
 * keep their name; ghost observation is under `ghost.`. Channel names follow the variant: v6
 * calls the bulk lists `bulk_head[]` / `bulk_head_free[]`; v5.9 and v6 keep one page-cache list
 * `bkvcache` (slot 0) counted by `nr_bkv_objs`.
 */
export function kvDisplay(c: Pick<KvConfig, 'variant'>): DisplayNames {
  const v6 = c.variant === 'v6';
  const bulk = v6 ? 'bulk_head' : 'bkvhead';
  return {
    sched: 'rcu_scheduler_active',
    gp: 'gp_seq',
    gpInit: 'rcu_gp_init_pending',
    'cpu[]': 'krcp[]',
    'cpu[].locked': 'krcp[].lock',
    'cpu[].irqOff': 'cpu[].irqs_disabled',
    'cpu[].bkvhead[]': `krcp[].${bulk}[]`,
    ...(c.variant === 'v1' ? { 'cpu[].bkvcache[]': 'krcp[].bkvcache[]' } : { 'cpu[].bkvcache[0]': 'krcp[].bkvcache' }),
    'cpu[].nrCache': 'krcp[].nr_bkv_objs',
    'cpu[].bulkCount[]': 'krcp[].bulk_count[]',
    'cpu[].headCount': 'krcp[].head_count',
    'cpu[].headSnap': 'krcp[].head_gp_snap',
    'cpu[].monitorTodo': 'krcp[].monitor_todo',
    'cpu[].monPending': 'krcp[].monitor_work.pending',
    'cpu[].monStage': 'krcp[].monitor_work.state',
    'cpu[].monRunning': 'krcp[].monitor_work.running',
    'cpu[].mphase': 'monitor#.pc',
    'cpu[].rdy[]': 'monitor#.bulk_ready[]',
    'cpu[].rdyH': 'monitor#.head_ready',
    'cpu[].refill': 'krcp[].work_in_progress',
    'cpu[].refillRun': 'fill_page_cache_func#.started',
    'cpu[].refillLeft': 'fill_page_cache_func#.nr_pages - i',
    'cpu[].backoff': 'krcp[].backoff_page_cache_fill',
    'cpu[].monDisabled': 'krcp[].monitor_work.disabled',
    core: 'do_shrink_slab',
    'core.pc': 'do_shrink_slab.pc',
    'core.freeable': 'do_shrink_slab.freeable',
    'core.total': 'do_shrink_slab.total_scan',
    'core.req': 'do_shrink_slab.nr_to_scan',
    'core.nr': 'shrink_control.nr_to_scan',
    'core.wrap': 'shrink_control.nr_to_scan_wrapped',
    'core.x': 'kfree_rcu_shrink_scan.cpu',
    'core.freed': 'kfree_rcu_shrink_scan.freed',
    'core.calls': 'do_shrink_slab.scan_calls',
    'core.empty': 'do_shrink_slab.a_scan_found_nothing',
    td: 'teardown',
    'td.pc': 'teardown.pc',
    'td.x': 'teardown.cpu',
    'td.b': 'teardown.batch',
    'td.bset': 'ghost.teardown.returned_before',
    shr: 'shrinker',
    'shr.pc': 'shrinker.pc',
    'shr.x': 'shrinker.cpu',
    'shr.cnt': 'shrinker.count',
    'shr.rdy[]': 'shrinker.bulk_ready[]',
    'shr.rdyH': 'shrinker.head_ready',
    'shr.scans': 'shrinker.scans',
    'cpu[].krw[]': 'krcp[].krw_arr[]',
    'cpu[].krw[].headFree': 'krcp[].krw_arr[].head_free',
    'cpu[].krw[].bkvFree[]': `krcp[].krw_arr[].${bulk}_free[]`,
    'cpu[].krw[].headFreeSnap': 'krcp[].krw_arr[].head_free_gp_snap',
    'cpu[].krw[].rwPending': 'krcp[].krw_arr[].rcu_work.pending',
    'cpu[].krw[].rwStage': 'krcp[].krw_arr[].rcu_work.state',
    'cpu[].krw[].rwRunning': 'krcp[].krw_arr[].rcu_work.running',
    'cpu[].krw[].cbSnap': 'krcp[].krw_arr[].rcu_work.rcu_snap',
    'cpu[].krw[].wphase': 'worker#.#.pc',
    'cpu[].krw[].k1': `worker#.#.${bulk}[0]`,
    'cpu[].krw[].k2': `worker#.#.${bulk}[1]`,
    'cpu[].krw[].h': 'worker#.#.head',
    'cpu[].krw[].hSnap': 'worker#.#.head_gp_snap',
    'callers[]': 'caller#',
    'callers[].syncSnap': 'caller#.sync_snap',
    'callers[].kx': 'caller#.krcp',
    'callers[].held': 'caller#.holds_krcp_lock',
    'objs[]': 'obj[]',
    'objs[].addr': 'obj[].ptr',
    'objs[].called': 'ghost.obj[].called',
    'objs[].accepted': 'ghost.obj[].accepted',
    'objs[].snap': 'ghost.obj[].snap',
    'objs[].dbg': 'obj[].debug_active',
    'objs[].hnext': 'obj[].rcu_head.next',
    'objs[].hfunc': 'obj[].rcu_head.func',
    'objs[].wrap': 'obj[].wrapper',
    'objs[].wword0': 'obj[].wrapper.ptr',
    'objs[].wfrees': 'obj[].wrapper.frees',
    'pages[]': 'bnode[]',
    'pages[].st': 'bnode[].page',
    'pages[].nr': 'bnode[].nr_records',
    'pages[].rec[]': 'bnode[].records[]',
    'pages[].snap': 'bnode[].gp_snap',
    'readers[]': 'reader#',
    'readers[].ph': 'reader#.state',
    'readers[].start': 'reader#.gp_start',
  };
}

/** Base address of object i: its region, or below 4096 for the first embedded object with lowObj. */
export function objectAddrBase(c: KvConfig, i: number): number {
  const o = c.objects[i];
  const firstEmbedded = c.objects.findIndex((x) => x.form === 'embedded');
  if (c.lowObj && i === firstEmbedded) return LOW_OBJ_BASE;
  return objectBase(i, o.kind);
}

export function initialStates(c: KvConfig): KvState[] {
  // One initial state per combination of allocator choices for the client objects' addresses.
  let addrs: number[][] = [[]];
  c.objects.forEach((o, i) => {
    const align = o.kind === 'vmalloc' ? c.alignVmalloc : c.alignObj;
    const next: number[][] = [];
    for (const prefix of addrs) for (const a of candidates(objectAddrBase(c, i), align)) next.push([...prefix, a]);
    addrs = next;
  });
  return addrs.map((as) => ({
    sched: c.boot ? 'INACTIVE' : 'RUNNING',
    boot: 0,
    shrink: 0,
    shr: { pc: 'idle' as const, x: 0, cnt: false, rdy: [0, 0], rdyH: 0, scans: 0 },
    core: { pc: 'idle' as const, freeable: 0, total: 0, req: 0, nr: 0, wrap: false, x: 0, freed: 0, calls: 0, empty: false },
    td: { pc: 'idle' as const, x: 0, b: 0, bset: 0 },
    spont: c.spontaneous,
    fails: 0,
    gp: 0,
    gpInit: false,
    cpu: Array.from({ length: c.cpus }, () => ({
      initialized: !c.boot,
      locked: false,
      irqOff: false,
      head: 0,
      bkvhead: [0, 0],
      bkvcache: [0, 0],
      nrCache: 0,
      count: 0,
      bulkCount: [0, 0],
      headCount: 0,
      headSnap: 0,
      monitorTodo: false,
      monPending: false,
      monStage: 'idle' as const,
      monRunning: false,
      monDisabled: false,
      mphase: 'drain' as const,
      rdy: [0, 0],
      rdyH: 0,
      refill: false,
      refillRun: false,
      refillLeft: 0,
      backoff: false,
      krw: [0, 1].map(() => ({
        headFree: 0,
        bkvFree: [0, 0],
        headFreeSnap: 0,
        rwPending: false,
        rwStage: 'idle' as const,
        rwRunning: false,
        cbSnap: 0,
        wphase: 'W1' as const,
        k1: 0,
        k2: 0,
        h: 0,
        hSnap: 0,
      })),
    })),
    callers: c.perCpu.map((list) => ({ pc: list.length === 0 ? ('done' as const) : ('unpub' as const), idx: 0, syncSnap: 0, kx: 0, held: 0 })),
    objs: as.map((a) => initialObject(a)),
    pages: Array.from({ length: c.maxPages }, () => initialPage(c.capacity)),
    readers: Array.from({ length: c.nReaders }, () => ({ ph: 'idle' as const, start: 0, holds: 0 })),
    ghost: initialGhost(),
  }));
}
