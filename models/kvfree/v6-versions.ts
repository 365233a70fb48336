/**
 * The kernel versions kvfree-v6 can follow, as one ordered table: a row per release (or per
 * commit, inside the v6.5 merge window) with the changes it brings at a step the model has. A
 * version has every feature of its row and of every earlier row, so a later version inherits
 * every earlier fix. The steps in ./v6.ts ask `c.v.<feature>`, never a version string.
 *
 * Why this file exists: issue 26 point 3 ("version labels from the code"): each `kernel=` value
 * must be that code at every step it touches, with the release and commit named next to it.
 *
 * Sources checked (kernel/rcu/tree.c until v6.13, mm/slab_common.c from v6.14): the patches as
 * posted and merged ("[PATCH rcu 0/8] kvfree_rcu() changes for v6.5", 2023-05-10: 1/8 7e3f926bf453,
 * 2/8 cdfa0f6fa6b7, 3/8 f32276a37652, 4/8 1e237994d9c9, 5/8 309a43165077, in this order on the
 * branch; the blob ids of 3/8 (..7452ba97ba34) and 4/8 (7452ba97ba34..) confirm that
 * 1e237994d9c9's parent is f32276a37652), 0aac9daef676 (rcu tree for v6.12; 6.11's tree.c still
 * queues on system_wq, and syzbot's 6.12.0-rc2 report names "Workqueue: events_unbound
 * kfree_rcu_monitor"), a23da88c6c80 (posted 2024-10-22, in the rcu pull of 2024-11-06, after
 * v6.12; backported to 6.11.y/6.12.y stable, which this table does not follow), 85aad7cc4178;
 * 2b55d6a42d14 and 6c6c47b063b5 (slab tree, "slab-for-6.12" merged 2024-09-16, in v6.12-rc1;
 * linux-next's conflict report of 2024-08-12 names the rcu tree's 0aac9daef676 as the other side,
 * so the slab branch does not have it).
 *
 * What it must not do: hold model logic; it only says which code a version has.
 */

/** The version-dependent points of kvfree-v6, each named after what the code does. */
export interface V6Features {
  /**
   * 5da7cb193db3 "rcu/kvfree: Avoid freeing new kfree_rcu() memory after old grace period" (v6.3-rc,
   * after the v6.3 merge window; fixes B1): kfree_rcu_monitor() skips a batch
   * `if (need_wait_for_krwp_work(krwp)) continue;`, so a batch is taken only when all three of its
   * slots (bulk_head_free[0..1], head_free) are empty. Before it (the v6.3 merge window's tree, as
   * v5.9..v6.2): a batch is taken when `(!list_empty(&krcp->bulk_head[0]) &&
   * list_empty(&krwp->bulk_head_free[0])) || (... [1] ...) || (READ_ONCE(krcp->head) &&
   * !krwp->head_free)`, each free slot takes its channel, and the loop goes on to the second batch
   * (no `break`).
   */
  batchWhenAllIdle: boolean;
  /**
   * 4c33464ae85e "rcu/kvfree: Carefully reset number of objects in krcp" ("[PATCH rcu 7/8]",
   * 2023-01-04, v6.3 merge window; fixes B7): per-channel counters, atomic_inc(&bulk_count[idx]) in
   * add_ptr_to_bulk_krc_lock(), atomic_inc(&head_count) on the ch3 push, each atomic_set(.., 0) for
   * the channel a batch takes; krc_count() sums them. Before it: one `int count`,
   * `WRITE_ONCE(krcp->count, krcp->count + 1)` in kvfree_call_rcu() after any success and
   * `WRITE_ONCE(krcp->count, 0)` in kfree_rcu_monitor() on any detach (also a partial one).
   */
  countPerChannel: boolean;
  /**
   * 2ca836b1da17 "rcu/kvfree: Split ready for reclaim objects from a batch" ("[PATCH rcu 8/8]",
   * 2023-01-04, v6.3 merge window, after 9627456101ec and 4c33464ae85e): batches go out with
   * queue_rcu_work() (a grace period before kfree_rcu_work()), kfree_rcu_work() frees every page
   * with no poll, kfree_rcu_monitor() first calls kvfree_rcu_drain_ready(), and kvfree_call_rcu()
   * takes `krcp->head_gp_snap = get_state_synchronize_rcu()` on the ch3 push. Before it
   * (cc37d52076a9 "rcu/kvfree: Use a polled API to speedup a reclaim process", 5/8, up to 7/8):
   * `queue_work(system_wq, &krwp->rcu_work)`, no grace period; kfree_rcu_work() walks each
   * channel's pages from the tail (`list_for_each_entry_safe_reverse`), frees those whose
   * `poll_state_synchronize_rcu(bnode->gp_snap)` is done and stops at the first that is not; if a
   * page is left it calls synchronize_rcu() once and frees the rest; then
   * `if (head) { cond_synchronize_rcu(head_free_gp_snap); kvfree_rcu_list(head); }`, with
   * `krwp->head_free_gp_snap = get_state_synchronize_rcu()` taken when kfree_rcu_monitor() moves
   * ch3 into the batch. No kvfree_rcu_drain_ready(), no krcp->head_gp_snap.
   */
  drainReady: boolean;
  /**
   * 9627456101ec "rcu/kvfree: Use READ_ONCE() when access to krcp->head" ("[PATCH rcu 6/8]",
   * 2023-01-04, v6.3 merge window): need_offload_krc() returns `!!READ_ONCE(krcp->head)`. Before it
   * (8fc5494ad5fa, 4/8, to cc37d52076a9, 5/8) `return !!krcp->head;`, a plain load, while
   * 8fc5494ad5fa had already made its callers kfree_rcu_monitor() and kfree_rcu_scheduler_running()
   * run it without krcp->lock and the stores WRITE_ONCE() (B6'). Only the race labels ask it
   * (./v6-accesses.ts); no step changes.
   */
  headReadOnce: boolean;
  /**
   * cdfa0f6fa6b7 "rcu/kvfree: Add debug to check grace periods" (v6.5 merge window):
   * `bnode->gp_snap` becomes a `struct rcu_gp_oldstate` taken with
   * get_state_synchronize_rcu_full() in add_ptr_to_bulk_krc_lock() and polled with
   * poll_state_synchronize_rcu_full() in kvfree_rcu_drain_ready(). Before it (v6.4):
   * `bnode->gp_snap = get_state_synchronize_rcu()`, polled with poll_state_synchronize_rcu().
   */
  fullGpSnap: boolean;
  /**
   * cdfa0f6fa6b7 (same commit): kvfree_rcu_bulk() frees the records only
   * `if (!WARN_ON_ONCE(!poll_state_synchronize_rcu_full(&bnode->gp_snap)))`, else leaks them.
   * Before it (v6.4): debug_rcu_bhead_unqueue(bnode) and kfree_bulk()/vfree() unconditionally.
   */
  bulkGpWarn: boolean;
  /**
   * f32276a37652 "rcu/kvfree: Add debug check for GP complete for kfree_rcu_cpu list" (v6.5 merge
   * window): kfree_rcu_monitor() takes `get_state_synchronize_rcu_full(&krwp->head_free_gp_snap)`
   * when it moves ch3 into a batch, and kfree_rcu_work() calls kvfree_rcu_list(head) only
   * `if (head && !WARN_ON_ONCE(!poll_state_synchronize_rcu_full(&head_gp_snap)))`. Before it
   * (v6.4): no head_free_gp_snap; kvfree_rcu_list(head) unconditionally.
   */
  headGpWarn: boolean;
  /**
   * 1e237994d9c9 "rcu/kvfree: Invoke debug_rcu_bhead_unqueue() after checking bnode->gp_snap"
   * (fixes B11, in the same v6.5 merge window as cdfa0f6fa6b7 that introduced it: never
   * released): kvfree_rcu_bulk() calls debug_rcu_bhead_unqueue(bnode) inside the branch whose
   * snapshot polled done. Before it (cdfa0f6fa6b7..f32276a37652): before the WARN check.
   */
  unqueueAfterPoll: boolean;
  /**
   * 309a43165077 "rcu/kvfree: Use consistent krcp when growing kfree_rcu() page cache" (v6.5,
   * fixes B5): add_ptr_to_bulk_krc_lock() re-takes `raw_spin_lock_irqsave(&(*krcp)->lock, *flags)`
   * after __get_free_page(GFP_KERNEL). Before it (v5.12..v6.4, and the v6.5 merge window up to
   * 1e237994d9c9): `*krcp = krc_this_cpu_lock(flags)`, the krcp of the CPU the task runs on now.
   */
  consistentKrcp: boolean;
  /**
   * 60888b77a06e "rcu/kvfree: Make fill page cache start from krcp->nr_bkv_objs" (Zqiang; "[PATCH
   * rcu 7/8]" 2023-05-10, v6.5 merge window, after 309a43165077 and 021a5ff84743 in the rcu tree's
   * kvfree.2023.05.10a branch; in Debian's 6.12.118 kernel/rcu/tree.c line 3696):
   * fill_page_cache_func() loops `for (i = READ_ONCE(krcp->nr_bkv_objs); i < nr_pages; i++)`.
   * Before it (v6.4 and the v6.5 merge-window rows) `for (i = 0; i < nr_pages; i++)`. Only the
   * refill work (`refill=1`) asks it (common/refill.ts); B5's row (refill=0) does not reach it.
   */
  refillFromNr: boolean;
  /**
   * 0aac9daef676 "rcu: Use system_unbound_wq to avoid disturbing isolated CPUs" (v6.12):
   * monitor_work (schedule_delayed_monitor_work()), krwp->rcu_work (queue_rcu_work() in the
   * monitor) and page_cache_work (run_page_cache_worker()) are queued on system_unbound_wq, so
   * kfree_rcu_monitor(), kfree_rcu_work() and fill_page_cache_func() run in a kworker on any CPU
   * (v6.14+: rcu_reclaim_wq, WQ_UNBOUND | WQ_MEM_RECLAIM, also unbound). Before it: system_wq,
   * per-CPU: the work runs on the CPU it was queued from, the krcp's own (the model pins it).
   * The RCU callback rcu_work_rcufn() still runs on the CPU that called call_rcu().
   */
  unboundWq: boolean;
  /**
   * 2b55d6a42d14 "rcu/kvfree: Add kvfree_rcu_barrier() API" (v6.12, through the slab tree):
   * kvfree_rcu_barrier() (kernel/rcu/tree.c; mm/slab_common.c from v6.14): for each possible CPU,
   * skip it if !need_offload_krc(), else loop kvfree_rcu_queue_batch() and flush_rcu_work() of both
   * batches until it queued or nothing is left; then for each CPU cancel_delayed_work_sync(&monitor_work)
   * and flush_rcu_work() of both batches. Before it there is no such function (`teardown=barrier`
   * is refused on those versions).
   */
  barrierApi: boolean;
  /**
   * 6c6c47b063b5 "mm, slab: call kvfree_rcu_barrier() from kmem_cache_destroy()" (v6.12, slab tree,
   * right after 2b55d6a42d14): mm/slab_common.c kmem_cache_destroy() calls kvfree_rcu_barrier()
   * ("in-flight kfree_rcu()'s may include objects from our cache") before cpus_read_lock(),
   * s->refcount-- and __kmem_cache_shutdown(). Before it (v6.11, and 2b55d6a42d14): no barrier, so
   * objects still queued in kvfree_rcu() are allocated when the cache shuts down (B10).
   */
  destroyBarrier: boolean;
  /**
   * a23da88c6c80 "rcu/kvfree: Fix data-race in __mod_timer / kvfree_call_rcu" (v6.13; Fixes:
   * 8fc5494ad5fa, v6.3): kfree_rcu_monitor()'s re-arm, schedule_delayed_monitor_work(), takes
   * krcp->lock around __schedule_delayed_monitor_work(). Before it (v6.3..v6.12): the monitor
   * re-arms after raw_spin_unlock_irqrestore() without the lock, racing on
   * monitor_work.timer.expires with kvfree_call_rcu()'s re-arm under the lock.
   */
  rearmUnderLock: boolean;
  /**
   * dfd3df31c9db "mm/slab/kvfree_rcu: Switch to WQ_MEM_RECLAIM wq" (v6.14, fixes 6c6c47b063b5:
   * B10'): monitor_work, krwp->rcu_work and page_cache_work are queued on rcu_reclaim_wq
   * (alloc_workqueue("kvfree_rcu_reclaim", WQ_UNBOUND | WQ_MEM_RECLAIM, 0) in kvfree_rcu_init()),
   * still unbound. Before it, on system_unbound_wq, which is not WQ_MEM_RECLAIM: a
   * kvfree_rcu_barrier() run by a WQ_MEM_RECLAIM worker (kmem_cache_destroy() from nvme-wq's
   * nvme_scan_work, the report in the fix) whose flush_rcu_work() finds a batch queued or running
   * WARNs in check_flush_dependency() ("WQ_MEM_RECLAIM ... is flushing !WQ_MEM_RECLAIM").
   */
  reclaimWq: boolean;
  /**
   * 85aad7cc4178 "rcu: Fix get_state_synchronize_rcu_full() GP-start detection" (v6.15, fixes B8):
   * the `_full()` cookie is rcu_seq_snap(&rcu_state.gp_seq), not the root rcu_node's gp_seq.
   */
  fullSnapFromState: boolean;
}

export interface V6Release {
  /** The `kernel=` value. */
  kernel: string;
  /** The code the row stands for, as a maintainer would name it. */
  code: string;
  /** The features this row adds to the rows before it (each with its commit in V6Features). */
  adds: readonly (keyof V6Features)[];
  /** The commits that bring `adds` (a bug-history row whose fix is one of them compares this row with the one before). */
  commits: readonly string[];
}

/** Oldest first; each row inherits every feature of the rows above it. */
export const V6_RELEASES = [
  {
    kernel: 'v6.3-merge-cc37d52076a9',
    code: 'kernel/rcu/tree.c at cc37d52076a9 (v6.3 merge window, 5/8 of "[PATCH rcu 0/8]" 2023-01-04, never released): need_offload_krc() without krcp->lock since 8fc5494ad5fa (4/8), its load of krcp->head plain; queue_work() batches and the polled kfree_rcu_work(); one krcp->count; the pre-5da7cb193db3 batch choice',
    adds: [],
    commits: [],
  },
  {
    kernel: 'v6.3-merge-9627456101ec',
    code: 'kernel/rcu/tree.c at 9627456101ec (6/8, the next commit, never released): need_offload_krc() loads krcp->head with READ_ONCE() (B6\' fixed)',
    adds: ['headReadOnce'],
    commits: ['9627456101ec'],
  },
  {
    kernel: 'v6.4',
    code: 'kernel/rcu/tree.c at v6.4 (the v6.3 structure: kvfree_rcu_drain_ready(), batches queued only when all slots are empty, 5da7cb193db3 in v6.3)',
    // 4c33464ae85e (7/8) and 2ca836b1da17 (8/8) of the same series, then 5da7cb193db3 (v6.3-rc).
    adds: ['countPerChannel', 'drainReady', 'batchWhenAllIdle'],
    commits: ['4c33464ae85e', '2ca836b1da17', '5da7cb193db3'],
  },
  {
    kernel: 'v6.5-merge-f32276a37652',
    code: 'kernel/rcu/tree.c at f32276a37652 (v6.5 merge window, never released): cdfa0f6fa6b7 and f32276a37652 applied, 1e237994d9c9 (B11) and 309a43165077 (B5) not yet',
    adds: ['fullGpSnap', 'bulkGpWarn', 'headGpWarn'],
    commits: ['cdfa0f6fa6b7', 'f32276a37652'],
  },
  {
    kernel: 'v6.5-merge-1e237994d9c9',
    code: 'kernel/rcu/tree.c at 1e237994d9c9 (v6.5 merge window, never released): B11 fixed, 309a43165077 (B5) not yet',
    adds: ['unqueueAfterPoll'],
    commits: ['1e237994d9c9'],
  },
  {
    kernel: 'v6.5-merge-309a43165077',
    code: 'kernel/rcu/tree.c at 309a43165077 (v6.5 merge window, never released): B5 fixed, 60888b77a06e not yet',
    adds: ['consistentKrcp'],
    commits: ['309a43165077'],
  },
  {
    kernel: 'v6.5',
    code: 'kernel/rcu/tree.c at v6.5 (60888b77a06e, two commits after 309a43165077, is the last change of the v6.5 merge window at a modelled step)',
    adds: ['refillFromNr'],
    commits: ['60888b77a06e'],
  },
  {
    // The slab tree's v6.12 branch (based on a v6.11 release candidate, so without the rcu tree's
    // 0aac9daef676; linux-next reported the two trees' conflict in kernel/rcu/tree.c); between
    // v6.5 and that base nothing changed at a modelled step.
    kernel: 'v6.12-merge-2b55d6a42d14',
    code: 'kernel/rcu/tree.c and mm/slab_common.c at 2b55d6a42d14 (slab tree for the v6.12 merge window, never released): kvfree_rcu_barrier() added, kmem_cache_destroy() does not call it yet',
    adds: ['barrierApi'],
    commits: ['2b55d6a42d14'],
  },
  {
    kernel: 'v6.12-merge-6c6c47b063b5',
    code: 'kernel/rcu/tree.c and mm/slab_common.c at 6c6c47b063b5 (slab tree for the v6.12 merge window, never released): kmem_cache_destroy() calls kvfree_rcu_barrier() (B10 fixed)',
    adds: ['destroyBarrier'],
    commits: ['6c6c47b063b5'],
  },
  {
    kernel: 'v6.12',
    code: 'kernel/rcu/tree.c at v6.12',
    adds: ['unboundWq'],
    commits: ['0aac9daef676'],
  },
  {
    kernel: 'v6.13',
    code: 'kernel/rcu/tree.c at v6.13',
    adds: ['rearmUnderLock'],
    commits: ['a23da88c6c80'],
  },
  {
    kernel: 'v6.14',
    code: 'mm/slab_common.c at v6.14 (kvfree_rcu() moved there from kernel/rcu/tree.c, no change at a modelled step; dfd3df31c9db, in mainline by 2025-03-09, before v6.14)',
    adds: ['reclaimWq'],
    commits: ['dfd3df31c9db'],
  },
  {
    kernel: 'v6.15',
    code: 'mm/slab_common.c at v6.15',
    adds: ['fullSnapFromState'],
    commits: ['85aad7cc4178'],
  },
] as const satisfies readonly V6Release[];

export type V6Kernel = (typeof V6_RELEASES)[number]['kernel'];

/** The `kernel` parameter's values, oldest first. */
export const V6_KERNELS: readonly V6Kernel[] = V6_RELEASES.map((r) => r.kernel);

export const V6_DEFAULT_KERNEL: V6Kernel = 'v6.12';

const NONE: V6Features = {
  batchWhenAllIdle: false,
  countPerChannel: false,
  drainReady: false,
  headReadOnce: false,
  fullGpSnap: false,
  bulkGpWarn: false,
  headGpWarn: false,
  unqueueAfterPoll: false,
  consistentKrcp: false,
  refillFromNr: false,
  unboundWq: false,
  barrierApi: false,
  destroyBarrier: false,
  rearmUnderLock: false,
  reclaimWq: false,
  fullSnapFromState: false,
};

/** The features of `kernel`: every row up to and including its own. */
export function v6Features(kernel: V6Kernel): V6Features {
  const f: V6Features = { ...NONE };
  for (const row of V6_RELEASES) {
    for (const k of row.adds) f[k] = true;
    if (row.kernel === kernel) return f;
  }
  throw new Error(`kvfree-v6: unknown kernel version ${kernel}`);
}

/** The `kernel` parameter's description: every value with the commits its row adds. */
export function v6KernelDescription(): string {
  const commit: Record<keyof V6Features, string> = {
    batchWhenAllIdle: '5da7cb193db3 batch only when all its slots are empty (B1 fixed)',
    countPerChannel: '4c33464ae85e bulk_count[]/head_count (B7 fixed)',
    drainReady: '2ca836b1da17 queue_rcu_work() batches and kvfree_rcu_drain_ready()',
    headReadOnce: "9627456101ec READ_ONCE(krcp->head) in need_offload_krc() (B6' fixed)",
    fullGpSnap: 'cdfa0f6fa6b7 _full gp_snap',
    bulkGpWarn: "cdfa0f6fa6b7 kvfree_rcu_bulk()'s gp_snap WARN",
    headGpWarn: 'f32276a37652 head_free_gp_snap WARN',
    unqueueAfterPoll: '1e237994d9c9 unqueue after the poll (B11 fixed)',
    consistentKrcp: '309a43165077 re-lock the same krcp (B5 fixed)',
    refillFromNr: '60888b77a06e fill_page_cache_func() starts at nr_bkv_objs',
    unboundWq: '0aac9daef676 work on system_unbound_wq',
    barrierApi: '2b55d6a42d14 kvfree_rcu_barrier()',
    destroyBarrier: '6c6c47b063b5 kmem_cache_destroy() calls kvfree_rcu_barrier() (B10 fixed)',
    rearmUnderLock: 'a23da88c6c80 monitor re-arm under krcp->lock',
    reclaimWq: "dfd3df31c9db works on rcu_reclaim_wq (WQ_MEM_RECLAIM; B10' fixed)",
    fullSnapFromState: '85aad7cc4178 _full cookie from rcu_state.gp_seq (B8 fixed)',
  };
  const rows = V6_RELEASES.map((r) => `${r.kernel}${r.adds.length === 0 ? ' (base)' : ` (+ ${r.adds.map((a) => commit[a]).join(', ')})`}`);
  return `kernel code modelled at the steps where versions differ, oldest first, each with every fix above it: ${rows.join('; ')}. Default ${V6_DEFAULT_KERNEL}.`;
}
