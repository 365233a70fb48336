/**
 * The classic family's kernel versions and fix commits as one ordered table per model: which
 * `ClassicRules` each `kernel=` release and each `fix=` backport sets, with the commit that made
 * the change. kvfree-v1 and kvfree-v5.9 read their rules from here; the steps in ./classic.ts ask
 * rules, never a version string.
 *
 * Two kinds of row:
 * - a release (`kernel=`): the code of that release at every step the model has; a later release
 *   inherits every earlier row (the table is applied top to bottom up to the chosen release);
 * - a fix (`fix=`): one upstream commit (or the commits named, in order) applied to the modelled
 *   release and nothing else, so a bug-history row's buggy and fixed sides differ by that fix alone
 *   (models/kvfree/history.ts). A fix from a later release than the classic structure lasted
 *   (v5.12 onward rewrote the caller) is a backport: the commit's change to the steps the model
 *   has, as its diff makes it, cited next to the row.
 *
 * Why this file exists: issue #26 (history rows a maintainer can cite) asks for one place per
 * model where versions and fixes are listed in order, instead of `kernel === ...` tests scattered
 * over the steps.
 *
 * What it must not do: implement steps, or name a version in a rule (a rule names behaviour).
 */
import type { ClassicRules } from './classic.js';

export interface ClassicChange {
  /** The `kernel=` or `fix=` value. */
  id: string;
  /** Upstream commit(s) (12-digit hashes) and subject. */
  commit: string;
  subject: string;
  /** The first mainline release that has the change. */
  release: string;
  /** The rules it sets (every other rule is inherited). */
  set: Partial<ClassicRules>;
}

/**
 * kvfree-v5.9's releases, oldest first. v5.9: kernel/rcu/tree.c at v5.9 (the rules in v59.ts).
 * v5.11: 56292e8609e3 "rcu/tree: Defer kvfree_rcu() allocation to a clean context" (mainline
 * v5.11; in 5.10.y through stable): kvfree_call_rcu_add_ptr_to_bulk() takes get_cached_bnode()
 * only, run_page_cache_worker() / fill_page_cache_func() refill the cache from sleepable work, and
 * kfree_rcu_work() returns a page under the lock of the krcp that owns the batch
 * (`raw_spin_lock_irqsave(&krcp->lock, ...)` with krcp = krwp->krcp) instead of
 * krc_this_cpu_lock().
 */
export const V59_RELEASES: readonly ClassicChange[] = [
  { id: 'v5.9', commit: 'v5.9', subject: 'kvfree_call_rcu() as merged in v5.9', release: 'v5.9', set: {} },
  {
    id: 'v5.11',
    commit: '56292e8609e3',
    subject: 'rcu/tree: Defer kvfree_rcu() allocation to a clean context',
    release: 'v5.11 (5.10.y through stable)',
    set: { deferAlloc: true, pageReturn: 'owner-lock' },
  },
];

/**
 * Fixes kvfree-v5.9 can carry on its own (`fix=`), each the commit's change to the classic steps:
 * - 5da7cb193db3 (v6.3; stable 6.2.14, 5.15.118, 5.10.185): kfree_rcu_monitor() skips a batch while any of its free channels is busy
 *   (`if (need_wait_for_krwp_work(krwp)) continue;`), instead of using it when one slot it needs
 *   is empty (B1).
 * - d434c00fa3ac (v5.14): kfree_rcu_scheduler_running() arms the monitor when any channel
 *   (bkvhead[0], bkvhead[1] or head) is non-empty, not only krcp->head (B3).
 * - 4c33464ae85e (v6.3): the monitor resets the count of each channel it detaches (bulk_count[j],
 *   head_count) instead of zeroing krcp->count (B7).
 */
export const V59_FIXES: readonly ClassicChange[] = [
  {
    id: '5da7cb193db3',
    commit: '5da7cb193db3',
    subject: 'rcu/kvfree: Avoid freeing new kfree_rcu() memory after old grace period',
    release: 'v6.3',
    set: { batchWhenAllIdle: true },
  },
  { id: 'd434c00fa3ac', commit: 'd434c00fa3ac', subject: 'rcu/kvfree: Add a bulk-list check when a scheduler is run', release: 'v5.14', set: { bootChecksBulk: true } },
  { id: '4c33464ae85e', commit: '4c33464ae85e', subject: 'rcu/kvfree: Carefully reset number of objects in krcp', release: 'v6.3', set: { countPerChannel: true } },
];

/** kvfree-v1 has one release: the seed series (March 2020). */
export const V1_RELEASES: readonly ClassicChange[] = [{ id: 'v1', commit: 'seed series', subject: 'Headless support in the kvfree_rcu() (v1, March 2020)', release: '-', set: {} }];

/**
 * Fixes kvfree-v1 can carry (`fix=`), all merged for v5.9 from the series the seed belongs to:
 * - 594aa5975b9b: queue_kfree_rcu_work() reports `repeat` when any channel is still busy and the
 *   monitor re-arms on it (B2).
 * - 8ac88f7177c7 "rcu/tree: Keep kfree_rcu() awake during lock contention": krcp->lock becomes a
 *   raw_spinlock_t (B4). Alone, on a PREEMPT_RT build it leaves __get_free_page() under the raw
 *   lock; 4d2919411867 "rcu/tree: Skip entry into the page allocator for PREEMPT_RT" (the next
 *   commit of the series, tip core/rcu) returns false before the allocator when
 *   IS_ENABLED(CONFIG_PREEMPT_RT).
 * - c6dfd72b7a3b "rcu: Stop shrinker loop" (Peter Enderborg, posted 2020-06-04, queued by Paul
 *   McKenney the same day; in "[GIT PULL tip/core/rcu] RCU commits for v5.9"): kfree_rcu_shrink_scan()
 *   returns `freed == 0 ? SHRINK_STOP : freed` instead of `freed` (kernel/rcu/tree.c, line 3313 of
 *   the posted diff), so mm/vmscan.c do_shrink_slab()'s `if (ret == SHRINK_STOP) break;` ends its
 *   batch loop at the first scan that found nothing (B9; kvfree-v5.9 has it from its release row).
 */
export const V1_FIXES: readonly ClassicChange[] = [
  { id: '594aa5975b9b', commit: '594aa5975b9b', subject: 'rcu/tree: Repeat the monitor if any free channel is busy', release: 'v5.9', set: { rearmWhenBusy: true } },
  { id: '8ac88f7177c7', commit: '8ac88f7177c7', subject: 'rcu/tree: Keep kfree_rcu() awake during lock contention', release: 'v5.9', set: { rawLock: true } },
  {
    id: '8ac88f7177c7+4d2919411867',
    commit: '8ac88f7177c7, 4d2919411867',
    subject: 'rcu/tree: Keep kfree_rcu() awake during lock contention; rcu/tree: Skip entry into the page allocator for PREEMPT_RT',
    release: 'v5.9',
    set: { rawLock: true, rtSkipAlloc: true },
  },
  { id: 'c6dfd72b7a3b', commit: 'c6dfd72b7a3b', subject: 'rcu: Stop shrinker loop', release: 'v5.9', set: { scanStopsWhenEmpty: true } },
];

/** The `fix` parameter's values: none, then each fix. */
export const fixValues = (fixes: readonly ClassicChange[]): string[] => ['none', ...fixes.map((f) => f.id)];

/**
 * The rules of release `kernel` (every row up to it, in order) with fix `fix` applied. Unknown
 * values are refused by the parameter's `values` before this runs.
 */
export function classicRules(base: ClassicRules, releases: readonly ClassicChange[], kernel: string, fixes: readonly ClassicChange[], fix: string): ClassicRules {
  let rules: ClassicRules = { ...base };
  const upTo = releases.findIndex((r) => r.id === kernel);
  for (let i = 0; i <= upTo; i++) rules = { ...rules, ...releases[i].set };
  const f = fixes.find((x) => x.id === fix);
  return f === undefined ? rules : { ...rules, ...f.set };
}
