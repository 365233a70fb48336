/**
 * The kernel's kvfree_rcu() bug history as data: for each bug, the fix commit, the releases it
 * lived in, the property that catches it, and one configuration `rcucheck history` runs twice: with
 * the fix's knob at its buggy value and at its fixed value, nothing else changed. The knob is a
 * fix commit (`fix=`, models/kvfree/classic-versions.ts) or a release in a model's ordered version
 * table (`kernel=`) whose neighbour differs by that fix alone; an API change (B13) changes the
 * call the client makes.
 *
 * Why this file exists: the history report (reports/history.md, .json) and its test need the same
 * rows; a row names a configuration and a knob, the search decides the verdicts. A bug the models
 * cannot express yet is a row with `open` saying what is missing, so the report shows it instead of
 * leaving it out.
 *
 * What it must not do: compute anything, or state a verdict: the expectations (buggy violated,
 * fixed holding, every hazard side violated) are claims the report checks against the search.
 */
import type { KvfreeModelParams, KvfreePropertyName } from './configs.js';

/** The kernel source each kvfree model was read from (docs/protocol.md, the models' headers). */
export const MODEL_SOURCES: Readonly<Record<KvfreeModelParams['model'], string>> = {
  'kvfree-v1': 'the seed series (March 2020: -rcu/dev kernel/rcu/tree.c + "Headless support in the kvfree_rcu()" patches 1-4/7, 7/7); fixes from models/kvfree/classic-versions.ts',
  'kvfree-v5.9': 'kernel/rcu/tree.c at v5.9 (kernel=v5.11: 56292e8609e3); fixes from models/kvfree/classic-versions.ts',
  'kvfree-v6': 'kernel/rcu/tree.c at v6.12 (mm/slab_common.c from v6.14 on), other releases from the version table in models/kvfree/v6.ts',
};

export type HistoryValue = number | string;

/** A configuration the row runs (model and `-D` parameters). */
export interface HistoryConfig {
  model: KvfreeModelParams['model'];
  params: Readonly<Record<string, HistoryValue>>;
}

/** The one parameter a row's two sides differ in, with the values and what each side is. */
export interface HistoryKnob {
  name: string;
  buggy: HistoryValue;
  fixed: HistoryValue;
  /** What each side models, in kernel terms (a release, or a release with the fix applied). */
  buggyLabel: string;
  fixedLabel: string;
}

export interface HistoryRow {
  id: string;
  /** The fix commit(s) (short hash) and subject. */
  commit: string;
  subject: string;
  year: number;
  what: string;
  /** The first mainline release with the bug (and the commit that brought it, where known). */
  introduced: string;
  /** The first mainline release with the fix (stable backports where known). */
  fixedIn: string;
  /** Where `introduced` / `fixedIn` come from: a Fixes: tag or commit read, or the catalogue of issue #12 not yet checked. */
  livedSource: string;
  /** `unreleased`: introduced and fixed inside one merge window; `api-hazard`: a rule of the API, not a version pair. */
  kind?: 'unreleased' | 'api-hazard';
  property: KvfreePropertyName;
  /** Further properties checked on both sides, each with its own trace line (B1, B8: the ghost-snapshot check beside the reader's use-after-free). */
  also?: readonly KvfreePropertyName[];
  /** Why these bounds: the smallest at which the bug shows. */
  bounds: string;
  /** Present when the models cannot express the bug yet: what is missing, and which issue adds it. */
  open?: string;
  config?: HistoryConfig;
  knob?: HistoryKnob;
  /** api-hazard rows: the same call on other releases that have the form, each expected to violate the property. */
  hazardOn?: readonly (HistoryConfig & { label: string })[];
  /** What a maintainer needs to read the row right (a mutation it needs, what the fix is not). */
  finding?: string;
}

/** One side of a row, derived: the row's configuration with the knob at the side's value. */
export interface HistorySide extends HistoryConfig {
  kernel: string;
  expect: 'violated' | 'holds';
}

/** The buggy and fixed sides of a modelled row; they differ in `knob.name` only, by construction. */
export function rowSides(row: HistoryRow): { buggy: HistorySide; fixed: HistorySide } | null {
  if (row.config === undefined || row.knob === undefined) return null;
  const { model, params } = row.config;
  const k = row.knob;
  return {
    buggy: { model, params: { ...params, [k.name]: k.buggy }, kernel: k.buggyLabel, expect: 'violated' },
    fixed: { model, params: { ...params, [k.name]: k.fixed }, kernel: k.fixedLabel, expect: 'holds' },
  };
}

const NO_READER = { readers: 0, debug: 0 } as const;
const NOT_CHECKED = 'the catalogue of issue #12, not yet checked against the fix commit';

export const HISTORY: readonly HistoryRow[] = [
  {
    id: 'B1',
    commit: '5da7cb193db3',
    subject: 'rcu/kvfree: Avoid freeing new kfree_rcu() memory after old grace period',
    year: 2023,
    what: 'kfree_rcu_monitor() attaches new objects to a batch whose rcu_work is already pending: they are freed after a grace period that began before their kvfree_call_rcu(), while a reader may still hold them',
    introduced: 'v5.6 (0392bebebf26 "rcu: Add multiple in-flight batches of kfree_rcu() work")',
    fixedIn: 'v6.3 (stable: 6.2.14, 5.15.118, 5.10.185)',
    livedSource: "the fix's Fixes: tag (0392bebebf26) and the stable queues that carried it",
    property: 'reader-safety',
    also: ['gp-guarantee'],
    bounds: '1 CPU, two two-argument objects, one reader (the reader must take the second object before it is unpublished)',
    config: { model: 'kvfree-v5.9', params: { objects: 'e,e' } },
    knob: { name: 'fix', buggy: 'none', fixed: '5da7cb193db3', buggyLabel: 'v5.9', fixedLabel: 'v5.9 + 5da7cb193db3' },
  },
  {
    id: 'B2',
    commit: '594aa5975b9b',
    subject: 'rcu/tree: Repeat the monitor if any free channel is busy',
    year: 2020,
    what: 'after a partial detach (one channel taken by a batch, another left because its slot in both batches was busy) the monitor is not re-armed: the objects left behind are stranded',
    introduced: 'the seed series (catalogue: v1 to v5.8)',
    fixedIn: 'v5.9',
    livedSource: NOT_CHECKED,
    property: 'no-leak',
    bounds: '1 CPU, four two-argument objects, no reader, debug objects off (a partial detach needs both batches partly busy)',
    config: { model: 'kvfree-v1', params: { objects: 'e,e,e,e', ...NO_READER } },
    knob: { name: 'fix', buggy: 'none', fixed: '594aa5975b9b', buggyLabel: 'v1 (seed series)', fixedLabel: 'v1 + 594aa5975b9b' },
  },
  {
    id: 'B3',
    commit: 'd434c00fa3ac',
    subject: 'rcu/kvfree: Add a bulk-list check when a scheduler is run',
    year: 2021,
    what: 'kfree_rcu_scheduler_running() arms the monitor only when ch3 (krcp->head) is non-empty: an object put on a bulk page before the scheduler runs is never drained',
    introduced: 'catalogue: up to v5.13',
    fixedIn: 'v5.14',
    livedSource: NOT_CHECKED,
    property: 'no-leak',
    bounds: '1 CPU from INACTIVE through kfree_rcu_batch_init(), INIT and RUNNING; one two-argument object',
    config: { model: 'kvfree-v5.9', params: { objects: 'e', boot: 'boot' } },
    knob: { name: 'fix', buggy: 'none', fixed: 'd434c00fa3ac', buggyLabel: 'v5.9', fixedLabel: 'v5.9 + d434c00fa3ac' },
  },
  {
    id: 'B4',
    commit: '8ac88f7177c7, 4d2919411867',
    subject: 'rcu/tree: Keep kfree_rcu() awake during lock contention (krcp->lock made a raw_spinlock_t); rcu/tree: Skip entry into the page allocator for PREEMPT_RT',
    year: 2020,
    what: 'kvfree_call_rcu() takes krcp->lock, a spinlock_t, after local_irq_save(): on a PREEMPT_RT kernel a spinlock_t is a sleeping lock, taken here with IRQs off',
    introduced: 'the seed series or earlier (catalogue: v1 to v5.8)',
    fixedIn: 'v5.9',
    livedSource: NOT_CHECKED,
    property: 'context',
    bounds: '1 CPU, one two-argument object from sleepable context, on a CONFIG_PREEMPT_RT=y build (rt=2)',
    config: { model: 'kvfree-v1', params: { objects: 'e', rt: 2 } },
    knob: { name: 'fix', buggy: 'none', fixed: '8ac88f7177c7+4d2919411867', buggyLabel: 'v1 (seed series), PREEMPT_RT', fixedLabel: 'v1 + 8ac88f7177c7 + 4d2919411867, PREEMPT_RT' },
    finding:
      '8ac88f7177c7 alone (`-D fix=8ac88f7177c7`) still violates `context` on PREEMPT_RT: with krcp->lock raw, C3 enters __get_free_page() under it, and the page allocator takes sleeping locks on RT. ' +
      '4d2919411867, the next commit of the same series (both merged for v5.9), returns before the allocator when IS_ENABLED(CONFIG_PREEMPT_RT); the fixed side carries both.',
  },
  {
    id: 'B4-alloc',
    commit: '56292e8609e3',
    subject: 'rcu/tree: Defer kvfree_rcu() allocation to a clean context',
    year: 2020,
    what: 'v5.9 calls __get_free_page(GFP_NOWAIT) with the raw krcp->lock held: the page allocator takes spinlock_t zone->lock, a sleeping lock inside a raw one, which CONFIG_PROVE_RAW_LOCK_NESTING reports on any build (a PREEMPT_RT build skips the allocation, 4d2919411867)',
    introduced: 'v5.9 (8ac88f7177c7 made the lock raw around the existing allocation)',
    fixedIn: 'v5.11 (in 5.10.y through stable)',
    livedSource: 'the audit of issue #26 against 56292e8609e3',
    property: 'context',
    bounds: '1 CPU, one two-argument object freed with IRQs disabled, raw-lock nesting rules without CONFIG_PREEMPT_RT (rt=1)',
    config: { model: 'kvfree-v5.9', params: { objects: 'e', context: 'irqoff', rt: 1 } },
    knob: { name: 'kernel', buggy: 'v5.9', fixed: 'v5.11', buggyLabel: 'v5.9', fixedLabel: 'v5.11 (56292e8609e3)' },
  },
  {
    id: 'B5',
    commit: '309a43165077',
    subject: 'rcu/kvfree: Use consistent krcp when growing kfree_rcu() page cache',
    year: 2023,
    what: "add_ptr_to_bulk_krc_lock() drops the lock for a sleeping page allocation, the task migrates, and krc_this_cpu_lock() re-locks and changes another CPU's krcp than the one whose state justified allocating",
    introduced: 'v5.12 (catalogue)',
    fixedIn: 'v6.5',
    livedSource: 'introduced: ' + NOT_CHECKED + '; fixed: the v6.5 kvfree_rcu() series ("[PATCH rcu 5/8]", after 1e237994d9c9)',
    property: 'krcp-consistent',
    bounds: '2 CPUs, one head-less object (the caller may migrate during __get_free_page(GFP_KERNEL))',
    config: { model: 'kvfree-v6', params: { cpus: 2, objects: 'h' } },
    knob: {
      name: 'kernel',
      buggy: 'v6.5-merge-1e237994d9c9',
      fixed: 'v6.5',
      buggyLabel: 'the v6.5 merge window at 1e237994d9c9 (v6.4 plus the GP debug checks)',
      fixedLabel: 'v6.5 (309a43165077 on top)',
    },
  },
  {
    id: 'B6',
    commit: 'a23da88c6c80',
    subject: 'rcu/kvfree: Fix data-race in __mod_timer / kvfree_call_rcu',
    year: 2024,
    what: "kfree_rcu_monitor() re-armed monitor_work (queue_delayed_work() writes timer.expires) without the krcp lock while kvfree_call_rcu() read timer.expires under it in schedule_delayed_monitor_work()",
    introduced: 'v6.3 (8fc5494ad5fa)',
    fixedIn: 'v6.13',
    livedSource: 'issue #28',
    property: 'context',
    bounds: '-',
    open: 'a data race on plain accesses, not a protocol state: needs the KCSAN data-race mode of issue #28 (the re-arm location itself is modelled: kvfree-v6 kernel=v6.12 vs v6.13)',
  },
  {
    id: "B6'",
    commit: 'ac7625ebd5f7, 9627456101ec',
    subject: 'nr_bkv_objs and krcp->head read without the lock and without READ_ONCE()',
    year: 2022,
    what: 'the shrinker reads nr_bkv_objs, and need_offload_krc() reads krcp->head, without the lock and without READ_ONCE(): data races KCSAN reports',
    introduced: '-',
    fixedIn: '-',
    livedSource: 'issue #28',
    property: 'context',
    bounds: '-',
    open: 'a data race on plain accesses: needs the KCSAN data-race mode of issue #28',
  },
  {
    id: 'B7',
    commit: '4c33464ae85e',
    subject: 'rcu/kvfree: Carefully reset number of objects in krcp',
    year: 2022,
    what: 'kfree_rcu_monitor() zeroes krcp->count on a partial detach, while objects remain on the channels it did not take',
    introduced: 'the seed series or earlier (catalogue: v1 to v6.2)',
    fixedIn: 'v6.3',
    livedSource: NOT_CHECKED,
    property: 'accounting',
    bounds: '1 CPU, four two-argument objects, no reader, debug objects off (a partial detach needs both batches partly busy)',
    config: { model: 'kvfree-v5.9', params: { objects: 'e,e,e,e', ...NO_READER } },
    knob: { name: 'fix', buggy: 'none', fixed: '4c33464ae85e', buggyLabel: 'v5.9', fixedLabel: 'v5.9 + 4c33464ae85e' },
  },
  {
    id: 'B8',
    commit: '85aad7cc4178',
    subject: 'rcu: Fix get_state_synchronize_rcu_full() GP-start detection',
    year: 2025,
    what: "the polled-GP cookie is taken from the root rcu_node's gp_seq before grace-period initialisation has updated it: the cookie names the end of the GP already under way, which does not wait for a reader on a CPU that came online during the initialisation; a too-short grace period, a reader's use-after-free",
    introduced: 'v6.5 for kvfree_rcu() (cdfa0f6fa6b7 takes bnode->gp_snap with get_state_synchronize_rcu_full(); the _full API itself since v6.0, 91a967fd6934; kernel=v6.4 holds at these bounds)',
    fixedIn: 'v6.15',
    livedSource: 'the audit of issue #26, cdfa0f6fa6b7 and the fix commit',
    property: 'reader-safety',
    also: ['gp-guarantee'],
    bounds: "1 CPU, one head-less object, one reader, one spontaneous GP, grace-period initialisation as its own step (gpinit=1: rcu_state.gp_seq advances before the root rcu_node's gp_seq)",
    config: { model: 'kvfree-v6', params: { objects: 'h', spontaneous: 1, gpinit: 1, debug: 0 } },
    knob: { name: 'kernel', buggy: 'v6.13', fixed: 'v6.15', buggyLabel: 'v6.13 (and v6.14)', fixedLabel: 'v6.15' },
  },
  {
    id: 'B9',
    commit: 'c6dfd72b7a3b',
    subject: 'rcu: Stop shrinker loop',
    year: 2020,
    what: "count and scan are separated in time; a scan that finds nothing returned 0 instead of SHRINK_STOP, so the shrinker core could keep calling it",
    introduced: '-',
    fixedIn: 'v5.9',
    livedSource: 'issue #28',
    property: 'no-leak',
    bounds: '-',
    open: "needs the shrinker core's count/scan protocol (do_shrink_slab()'s batch loop) as an actor: issue #28",
  },
  {
    id: 'B10',
    commit: '6c6c47b063b5',
    subject: 'kmem_cache_destroy() calls kvfree_rcu_barrier() before shutting the cache down',
    year: 2024,
    what: 'a cache destroyed while kvfree_rcu() objects of it are still queued: "Slab cache still has objects" and a free into a released cache',
    introduced: '-',
    fixedIn: 'v6.12',
    livedSource: 'issue #27',
    property: 'no-leak',
    bounds: '-',
    open: 'needs kvfree_rcu_barrier(), kmem_cache_destroy() and objects that carry their cache: issue #27',
  },
  {
    id: "B10'",
    commit: 'dfd3df31c9db',
    subject: 'the batch works on rcu_reclaim_wq (WQ_MEM_RECLAIM)',
    year: 2025,
    what: "a barrier reached from a WQ_MEM_RECLAIM worker flushed work on system_unbound_wq, a non-reclaim workqueue (check_flush_dependency())",
    introduced: 'v6.12',
    fixedIn: '-',
    livedSource: 'issue #27',
    property: 'context',
    bounds: '-',
    open: 'needs workqueue classes and the barrier from a reclaim worker: issue #27',
  },
  {
    id: 'B11',
    commit: '1e237994d9c9',
    subject: 'rcu/kvfree: Invoke debug_rcu_bhead_unqueue() after checking bnode->gp_snap',
    year: 2023,
    what: 'kvfree_rcu_bulk() unqueues the debug objects of a page before checking that its grace period has elapsed; when that check WARNs, the records are left unfreed but are no longer known to CONFIG_DEBUG_OBJECTS_RCU_HEAD',
    introduced: 'cdfa0f6fa6b7 (the gp_snap WARN checks), in the v6.5 merge window',
    fixedIn: 'v6.5 (the same merge window: never in a release)',
    livedSource: 'the v6.5 kvfree_rcu() series ("[PATCH rcu 0/8] kvfree_rcu() changes for v6.5": 2/8 cdfa0f6fa6b7, 3/8 f32276a37652, 4/8 1e237994d9c9)',
    kind: 'unreleased',
    property: 'debug-objects-lost',
    bounds: '1 CPU, two head-less objects, one reader, one spontaneous GP, with the seeded drain-no-poll mutation that lets a page reach kvfree_rcu_bulk() before its grace period',
    config: { model: 'kvfree-v6', params: { objects: 'h,h', spontaneous: 1, mutation: 'drain-no-poll' } },
    knob: {
      name: 'kernel',
      buggy: 'v6.5-merge-f32276a37652',
      fixed: 'v6.5-merge-1e237994d9c9',
      buggyLabel: 'the v6.5 merge window at f32276a37652 + mutation',
      fixedLabel: 'the v6.5 merge window at 1e237994d9c9 + mutation',
    },
    finding:
      'Introduced and fixed inside the v6.5 merge window (cdfa0f6fa6b7 added the WARN checks with the unqueue before them; 1e237994d9c9, two commits later, moved it after them), so no release had the bug; the two sides are the tree just before and at 1e237994d9c9. ' +
      "It is an error-path bug: the order matters only when kvfree_rcu_bulk()'s WARN_ON_ONCE(!poll_state_synchronize_rcu_full(&bnode->gp_snap)) fires, which the faithful protocol never reaches; " +
      'both sides therefore carry the same seeded mutation (drain-no-poll) that reaches the WARN. Found by the model of the intermediate code, but not without a mutation.',
  },
  {
    id: 'B12',
    commit: '56292e8609e3 (design constraint)',
    subject: 'no worker woken directly from kvfree_call_rcu() while the caller may hold rq->lock',
    year: 2020,
    what: "waking a worker directly from kvfree_call_rcu() (a 0-delay schedule_delayed_work(), or queue_work() for the page-cache refill) while the caller holds rq->lock recurses on it; mainline kicks through an hrtimer",
    introduced: '-',
    fixedIn: '-',
    livedSource: 'issue #28',
    property: 'context',
    bounds: '-',
    open: 'needs a caller context that holds rq->lock and the rule that nothing wakes a worker from it: issue #28',
  },
  {
    id: 'B13',
    commit: '7e3f926bf453',
    subject: 'rcu/kvfree: Eliminate k[v]free_rcu() single argument macro (after the v6.3 rename to kvfree_rcu_mightsleep())',
    year: 2023,
    what: 'the one-argument (head-less) kvfree_rcu(ptr) may sleep (synchronize_rcu() when no page is available); called inside an RCU reader it sleeps there',
    introduced: 'v5.9 (the head-less kvfree_rcu(ptr))',
    fixedIn: 'v6.5 (the one-argument kvfree_rcu() removed; kvfree_rcu_mightsleep(ptr) keeps the head-less call under a name that states the rule)',
    livedSource: NOT_CHECKED,
    kind: 'api-hazard',
    property: 'context',
    bounds: '1 CPU, one object freed from inside an RCU read-side critical section, debug objects off',
    config: { model: 'kvfree-v6', params: { context: 'reader', debug: 0, kernel: 'v6.4' } },
    knob: {
      name: 'objects',
      buggy: 'h',
      fixed: 'e',
      buggyLabel: 'v6.4, kvfree_rcu(ptr) (head-less)',
      fixedLabel: 'v6.4, kvfree_rcu(ptr, rhf) (what a caller in a reader writes after 7e3f926bf453)',
    },
    hazardOn: [
      { model: 'kvfree-v1', params: { objects: 'h', context: 'reader', debug: 0 }, label: 'v1 (seed series)' },
      { model: 'kvfree-v5.9', params: { objects: 'h', context: 'reader', debug: 0 }, label: 'v5.9' },
      { model: 'kvfree-v6', params: { objects: 'h', context: 'reader', debug: 0 }, label: 'v6.12, kvfree_rcu_mightsleep(ptr)' },
    ],
    finding:
      'An API hazard, not a protocol bug a version fixed: the head-less call may sleep on every release that has it (the hazard lines below), and 7e3f926bf453 removed only the one-argument spelling. ' +
      "The pair therefore differs in the call the client makes: the same release, caller and bounds with the object's own rcu_head (kvfree_rcu(ptr, rhf), which never sleeps).",
  },
];
