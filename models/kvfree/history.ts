/**
 * The kernel's kvfree_rcu() bug history as data: for each bug, the fix commit, the versions it
 * lived in, the property that catches it, and the two configurations `rcucheck history` runs at
 * the same bounds: the modelled kernel version that has the bug and the one that has its fix.
 *
 * Why this file exists: the history report (reports/history.md, .json) and its test need the same
 * rows; a row names configurations, the search decides their verdicts. A bug the models cannot
 * express yet is a row with `open` saying what is missing, so the report shows it instead of
 * leaving it out.
 *
 * What it must not do: compute anything, or state a verdict: `expect` is the claim the report
 * checks against the search, never a result.
 */
import type { KvfreeModelParams, KvfreePropertyName } from './configs.js';

/** The kernel source each kvfree model was read from (docs/protocol.md, the models' headers). */
export const MODEL_SOURCES: Readonly<Record<KvfreeModelParams['model'], string>> = {
  'kvfree-v1': 'the seed series (March 2020: -rcu/dev kernel/rcu/tree.c + "Headless support in the kvfree_rcu()" patches 1-4/7, 7/7)',
  'kvfree-v5.9': 'kernel/rcu/tree.c at v5.9 (kernel=v5.10: v5.10.13, the page allocation moved to fill_page_cache_func())',
  'kvfree-v6':
    'kernel/rcu/tree.c at v6.12 (mm/slab_common.c from v6.14 on); kernel=v6.4 from the diffs of 309a43165077 and 1e237994d9c9; kernel=v6.15 from the diff of 85aad7cc4178 (get_state_synchronize_rcu_full())',
};

export interface HistorySide {
  model: KvfreeModelParams['model'];
  params: Readonly<Record<string, number | string>>;
  /** The kernel version (or series) this side models. */
  kernel: string;
  /** What the search is expected to say about the row's property (checked, never reported as a result). */
  expect: 'violated' | 'holds';
}

export interface HistoryRow {
  id: string;
  /** The fix commit (short hash) and its subject. */
  commit: string;
  subject: string;
  year: number;
  what: string;
  /** Kernel versions that had the bug. */
  lived: string;
  property: KvfreePropertyName;
  /** Why these bounds: the smallest at which the bug shows. */
  bounds: string;
  /** Present when the models cannot express the bug yet: what is missing. */
  open?: string;
  buggy?: HistorySide;
  fixed?: HistorySide;
  /** Set when the fixed side is not the buggy side's bounds with the fix applied, saying why. */
  finding?: string;
}

const NO_READER = { readers: 0, debug: 0 } as const;

export const HISTORY: readonly HistoryRow[] = [
  {
    id: 'B1',
    commit: '5da7cb193db3',
    subject: 'rcu/kvfree: Avoid freeing new kfree_rcu() memory after old grace period',
    year: 2023,
    what: 'kfree_rcu_monitor() attaches new objects to a batch whose rcu_work is already pending: they are freed after a grace period that began before their kvfree_call_rcu()',
    lived: 'v5.7 to v6.3-rc',
    property: 'gp-guarantee',
    bounds: '1 CPU, two two-argument objects, no reader, debug objects off (the sweep: the smallest failing gp-guarantee has two objects)',
    buggy: { model: 'kvfree-v5.9', params: { objects: 'e,e', ...NO_READER }, kernel: 'v5.9', expect: 'violated' },
    fixed: { model: 'kvfree-v6', params: { objects: 'e,e', ...NO_READER }, kernel: 'v6.12', expect: 'holds' },
  },
  {
    id: 'B2',
    commit: '594aa5975b9b',
    subject: 'rcu/tree: Repeat the monitor if any free channel is busy',
    year: 2020,
    what: 'after a partial detach (one channel taken by a batch, another left because its slot in both batches was busy) the monitor is not re-armed: the objects left behind are stranded',
    lived: 'v1 (the seed series) to v5.8',
    property: 'no-leak',
    bounds: '1 CPU, four two-argument objects, no reader, debug objects off (a partial detach needs both batches partly busy)',
    buggy: { model: 'kvfree-v1', params: { objects: 'e,e,e,e', ...NO_READER }, kernel: 'v1 (seed series)', expect: 'violated' },
    fixed: { model: 'kvfree-v5.9', params: { objects: 'e,e,e,e', ...NO_READER }, kernel: 'v5.9', expect: 'holds' },
  },
  {
    id: 'B3',
    commit: 'd434c00fa3ac',
    subject: 'rcu/kvfree: Add a bulk-list check when a scheduler is run',
    year: 2021,
    what: 'kfree_rcu_scheduler_running() arms the monitor only when ch3 (krcp->head) is non-empty: an object put on a bulk page before the scheduler runs is never drained',
    lived: 'v5.6 to v5.13',
    property: 'no-leak',
    bounds: '1 CPU from INACTIVE through kfree_rcu_batch_init(), INIT and RUNNING; one two-argument object',
    buggy: { model: 'kvfree-v5.9', params: { objects: 'e', boot: 'boot' }, kernel: 'v5.9', expect: 'violated' },
    fixed: { model: 'kvfree-v6', params: { objects: 'e', boot: 'boot' }, kernel: 'v6.12', expect: 'holds' },
  },
  {
    id: 'B4',
    commit: '8ac88f7177c7',
    subject: 'rcu/tree: Keep kfree_rcu() awake during lock contention (krcp->lock made a raw_spinlock_t)',
    year: 2020,
    what: 'kvfree_call_rcu() takes krcp->lock, a spinlock_t, after local_irq_save(): under PREEMPT_RT a spinlock_t is a sleeping lock, taken here with IRQs off',
    lived: 'v1 (the seed series) to v5.8',
    property: 'context',
    bounds: '1 CPU, one two-argument object freed with IRQs disabled, PREEMPT_RT lock rules (rt=1)',
    buggy: { model: 'kvfree-v1', params: { objects: 'e', context: 'irqoff', rt: 1 }, kernel: 'v1 (seed series)', expect: 'violated' },
    fixed: { model: 'kvfree-v5.9', params: { objects: 'e', context: 'irqoff', rt: 1, kernel: 'v5.10' }, kernel: 'v5.10', expect: 'holds' },
    finding:
      'The fixed side is v5.10, not v5.9: 8ac88f7177c7 made the lock raw, but v5.9 then entered the page allocator under that raw lock (row B4-alloc), which v5.10 moved to a work. The object, context and rt bounds are the same on both sides; the models differ.',
  },
  {
    id: 'B4-alloc',
    commit: 'v5.10',
    subject: 'rcu/tree: Add a work to allocate pages from regular context (v5.10: run_page_cache_worker() / fill_page_cache_func())',
    year: 2020,
    what: 'v5.9 calls __get_free_page(GFP_NOWAIT) with the raw krcp->lock held: the page allocator takes sleeping locks, flagged by CONFIG_PROVE_RAW_LOCK_NESTING (on a PREEMPT_RT build v5.9 skips the allocation)',
    lived: 'v5.9',
    property: 'context',
    bounds: '1 CPU, one two-argument object freed with IRQs disabled, raw-lock nesting rules without CONFIG_PREEMPT_RT (rt=1)',
    buggy: { model: 'kvfree-v5.9', params: { objects: 'e', context: 'irqoff', rt: 1 }, kernel: 'v5.9', expect: 'violated' },
    fixed: { model: 'kvfree-v5.9', params: { objects: 'e', context: 'irqoff', rt: 1, kernel: 'v5.10' }, kernel: 'v5.10', expect: 'holds' },
  },
  {
    id: 'B5',
    commit: '309a43165077',
    subject: 'rcu/kvfree: Use consistent krcp when growing kfree_rcu() page cache',
    year: 2023,
    what: "add_ptr_to_bulk_krc_lock() drops the lock for a sleeping page allocation, the task migrates, and krc_this_cpu_lock() re-locks and changes another CPU's krcp than the one whose state justified allocating",
    lived: 'v5.12 to v6.4',
    property: 'krcp-consistent',
    bounds: '2 CPUs, one head-less object (the caller may migrate during __get_free_page(GFP_KERNEL))',
    buggy: { model: 'kvfree-v6', params: { cpus: 2, objects: 'h', kernel: 'v6.4' }, kernel: 'v6.4', expect: 'violated' },
    fixed: { model: 'kvfree-v6', params: { cpus: 2, objects: 'h', kernel: 'v6.12' }, kernel: 'v6.12 (the fix is in v6.5)', expect: 'holds' },
  },
  {
    id: 'B7',
    commit: '4c33464ae85e',
    subject: 'rcu/kvfree: Carefully reset number of objects in krcp',
    year: 2022,
    what: 'kfree_rcu_monitor() zeroes krcp->count on a partial detach, while objects remain on the channels it did not take',
    lived: 'v1 to v6.2',
    property: 'accounting',
    bounds: '1 CPU, four two-argument objects, no reader, debug objects off (a partial detach needs both batches partly busy)',
    buggy: { model: 'kvfree-v5.9', params: { objects: 'e,e,e,e', ...NO_READER }, kernel: 'v5.9', expect: 'violated' },
    fixed: { model: 'kvfree-v6', params: { objects: 'e,e,e,e', ...NO_READER }, kernel: 'v6.12', expect: 'holds' },
  },
  {
    id: 'B8',
    commit: '85aad7cc4178',
    subject: 'rcu: Fix get_state_synchronize_rcu_full() GP-start detection',
    year: 2025,
    what: "the polled-GP cookie is taken from the root rcu_node's gp_seq before grace-period initialisation has updated it: the cookie names the end of the GP already under way, which does not wait for a reader on a CPU that came online during the initialisation; a too-short grace period, a premature free",
    lived: 'v6.0 (91a967fd6934) to v6.14',
    property: 'gp-guarantee',
    bounds: "1 CPU, one head-less object, one reader, one spontaneous GP, grace-period initialisation as its own step (gpinit=1: rcu_state.gp_seq advances before the root rcu_node's gp_seq)",
    buggy: { model: 'kvfree-v6', params: { objects: 'h', spontaneous: 1, gpinit: 1, debug: 0, kernel: 'v6.12' }, kernel: 'v6.12', expect: 'violated' },
    fixed: { model: 'kvfree-v6', params: { objects: 'h', spontaneous: 1, gpinit: 1, debug: 0, kernel: 'v6.15' }, kernel: 'v6.15', expect: 'holds' },
  },
  {
    id: 'B11',
    commit: '1e237994d9c9',
    subject: 'rcu/kvfree: Invoke debug_rcu_bhead_unqueue() after checking bnode->gp_snap',
    year: 2023,
    what: 'kvfree_rcu_bulk() unqueues the debug objects of a page before checking that its grace period has elapsed; when that check WARNs, the records are left unfreed but are no longer known to CONFIG_DEBUG_OBJECTS_RCU_HEAD',
    lived: 'v6.3 to v6.4',
    property: 'debug-objects-lost',
    bounds: '1 CPU, two head-less objects, one reader, one spontaneous GP, with the seeded drain-no-poll mutation that lets a page reach kvfree_rcu_bulk() before its grace period',
    buggy: { model: 'kvfree-v6', params: { objects: 'h,h', spontaneous: 1, mutation: 'drain-no-poll', kernel: 'v6.4' }, kernel: 'v6.4 + mutation', expect: 'violated' },
    fixed: { model: 'kvfree-v6', params: { objects: 'h,h', spontaneous: 1, mutation: 'drain-no-poll', kernel: 'v6.12' }, kernel: 'v6.12 + mutation (the fix is in v6.5)', expect: 'holds' },
    finding:
      "B11 is an error-path bug: the order matters only when kvfree_rcu_bulk()'s WARN_ON_ONCE(!poll_state_synchronize_rcu_full(&bnode->gp_snap)) fires, and the faithful v6.4 never reaches that WARN (every page's snapshot has polled done by the time its batch runs: `rcucheck check kvfree-v6 -D objects=h,h -D spontaneous=1 -D kernel=v6.4` holds every property). " +
      'So both sides carry the same seeded mutation (drain-no-poll) that reaches the WARN, and differ only in the kernel version: v6.4 deactivates the debug objects of the records it then leaks, v6.5+ leaves them active. Found by the v6.4 model, but not without a mutation.',
  },
  {
    id: 'B13',
    commit: '7e3f926bf453',
    subject: 'rcu/kvfree: Eliminate k[v]free_rcu() single argument macro (after the v6.3 rename to kvfree_rcu_mightsleep())',
    year: 2023,
    what: 'the one-argument (head-less) kvfree_rcu(ptr) may sleep (synchronize_rcu() when no page is available); called inside an RCU reader it sleeps there',
    lived: 'v5.9 to v6.4',
    property: 'context',
    bounds: '1 CPU, one object freed from inside an RCU read-side critical section, debug objects off',
    buggy: { model: 'kvfree-v5.9', params: { objects: 'h', context: 'reader', debug: 0 }, kernel: 'v5.9', expect: 'violated' },
    fixed: { model: 'kvfree-v6', params: { objects: 'e', context: 'reader', debug: 0 }, kernel: 'v6.12', expect: 'holds' },
    finding:
      'The fix is an API change, not a protocol change: from v6.5 the one-argument kvfree_rcu(ptr) does not exist, so a caller in a reader must pass its rcu_head (kvfree_rcu(ptr, rhf), which never sleeps) or call kvfree_rcu_mightsleep(ptr), whose name states the rule. ' +
      'The fixed side is therefore the same caller and bounds with a two-argument object; the head-less call from a reader still violates `context` in every version (kvfree-v6 objects=h context=reader does).',
  },
];
