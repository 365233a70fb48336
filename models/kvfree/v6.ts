/**
 * kvfree-v6: the later structure of kvfree_call_rcu() (v6.3 onwards; by default v6.12's
 * kernel/rcu/tree.c, `mm/slab_common.c` since v6.14; `kernel` picks another version, below), as
 * docs/protocol.md §3.2 describes it, with the 2024 dyn_rcu_head proposal (§4.3) and the review's
 * tags applied to this layout (§4.2) as `tag` values.
 *
 * Differences to the classic family (v1.ts), step by step, as of v6.12 (see `kernel` below for
 * what earlier and later versions do differently):
 * - Caller: `might_sleep()` if head-less; `debug_rcu_head_queue(ptr)` before any lock (already
 *   active: WARN, return); `add_ptr_to_bulk_krc_lock()` under this CPU's raw lock: fail if not
 *   initialized; current page full or missing → `get_cached_bnode()`; none and head-less → unlock,
 *   `__get_free_page(GFP_KERNEL|...)` (may sleep, may migrate), re-lock the SAME krcp; append and
 *   refresh `bnode->gp_snap` (get_state_synchronize_rcu_full), `bulk_count[idx]++`. On failure:
 *   `run_page_cache_worker()`; head-less → unlock, C8 (`synchronize_rcu()` + `kvfree()`), or with a
 *   dynamic-head scheme: unlock, kmalloc(GFP_KERNEL) a `dyn_rcu_head`, re-lock with
 *   `krc_this_cpu_lock()`, push on ch3 (its failure → C8); two-argument → `head->func = ptr`, push
 *   on ch3, `head_count++`, `head_gp_snap = get_state_synchronize_rcu()`. When RUNNING, schedule the
 *   monitor (untimed: arm if not pending).
 * - Monitor: `kvfree_rcu_drain_ready()` (under the lock take pages from the oldest end while their
 *   snapshot polls done, and ch3 if `head_gp_snap` polls done; unlock; free them with no further GP
 *   wait), then `kvfree_rcu_queue_batch()` (first batch whose slots are ALL empty; move every
 *   channel, `head_free_gp_snap`, `queue_rcu_work()` whose result is asserted true), then rearm if
 *   any channel is non-empty. No monitor_todo.
 * - Worker: W1 also copies head_free_gp_snap; per page free the records only if the page's snapshot
 *   polls done (else WARN and leave them: they leak), return the page to the owner krcp's cache
 *   (`put_cached_bnode` under its lock) or free it; ch3 only if its snapshot polls done (else WARN).
 * - Boot: `kfree_rcu_scheduler_running()` arms the monitor for every CPU with any non-empty channel.
 * - Page-cache refill worker (`fill_page_cache_func`) as an optional actor (`refill=1`).
 * - Shrinker (`shrinker` = scans that may happen): kfree_rcu_shrink_count() (backoff_page_cache_fill),
 *   kfree_rcu_shrink_scan(): per CPU drain_page_cache(), then kfree_rcu_monitor() itself (the
 *   function, in the shrinker's context: ./v6-monitor.ts's steps on its own frame), not fair.
 * - Teardown (`teardown` = barrier | destroy): kvfree_rcu_barrier() (2b55d6a42d14) or
 *   kmem_cache_destroy() (with the barrier from 6c6c47b063b5) as a client actor, ./v6-teardown.ts.
 *
 * `kernel` = the kernel code modelled at the steps where versions differ. The versions form one
 * ordered table, ./v6-versions.ts (V6_RELEASES): a row per release, or per commit inside the v6.5
 * merge window, with the fixes it adds; a version has every fix of the rows above it, and the steps
 * ask those features (`c.v.consistentKrcp`), never a version string. Oldest first:
 * - 'v6.3-merge-cc37d52076a9': kernel/rcu/tree.c at cc37d52076a9, 5/8 of the v6.3 series (never
 *   released): need_offload_krc() without krcp->lock since 8fc5494ad5fa, its load of krcp->head
 *   plain (B6', only the race labels see it); batches with queue_work() and cc37d52076a9's polled
 *   kfree_rcu_work() (polledWorkerActions), no kvfree_rcu_drain_ready() (`drainReady` off); one
 *   krcp->count (`countPerChannel` off, B7); a batch is taken when some channel fits its free slot,
 *   and the loop goes on to the second batch (`batchWhenAllIdle` off, B1's predicate).
 * - 'v6.3-merge-9627456101ec': + 9627456101ec READ_ONCE(krcp->head) (`headReadOnce`, B6' fixed).
 * - 'v6.4': + 4c33464ae85e, 2ca836b1da17 (7/8, 8/8) and 5da7cb193db3 (v6.3-rc).
 * - 'v6.4': kernel/rcu/tree.c at v6.4. `bnode->gp_snap = get_state_synchronize_rcu()` (not
 *   `_full`), polled with poll_state_synchronize_rcu(); kvfree_rcu_bulk() calls
 *   debug_rcu_bhead_unqueue() and frees the records with no check of gp_snap; kfree_rcu_work()
 *   calls kvfree_rcu_list(head) with no check (no head_free_gp_snap); add_ptr_to_bulk_krc_lock()
 *   re-takes the lock after the sleeping allocation with `*krcp = krc_this_cpu_lock(flags)` (B5);
 *   the work runs on system_wq (per-CPU: pinned to the krcp's CPU); the monitor re-arms without
 *   the lock.
 * - 'v6.5-merge-f32276a37652': the tree at f32276a37652, inside the v6.5 merge window (never
 *   released): + cdfa0f6fa6b7 "rcu/kvfree: Add debug to check grace periods" (`_full` gp_snap, the
 *   WARN_ON_ONCE(!poll_state_synchronize_rcu_full(&bnode->gp_snap)) in kvfree_rcu_bulk(), with
 *   debug_rcu_bhead_unqueue() still before it: B11) and f32276a37652 "rcu/kvfree: Add debug check
 *   for GP complete for kfree_rcu_cpu list" (head_free_gp_snap and its WARN in kfree_rcu_work()).
 *   B5 is still there: 309a43165077 came after 1e237994d9c9 on the same branch. In the faithful
 *   protocol the WARN is unreachable, so B11 shows only with a mutation that reaches it
 *   (drain-no-poll).
 * - 'v6.5-merge-1e237994d9c9': + 1e237994d9c9 "rcu/kvfree: Invoke debug_rcu_bhead_unqueue() after
 *   checking bnode->gp_snap" (B11 fixed; the commit right after f32276a37652).
 * - 'v6.5-merge-309a43165077' (and 'v6.5', which adds 60888b77a06e in the refill work): + 309a43165077 "rcu/kvfree: Use consistent krcp when growing kfree_rcu() page cache"
 *   (B5 fixed: `raw_spin_lock_irqsave(&(*krcp)->lock, *flags)`). With `*krcp` re-taken by
 *   krc_this_cpu_lock(), everything after it uses that krcp consistently (list_add() of the page,
 *   the record, gp_snap, bulk_count[idx]++; run_page_cache_worker(krcp) on failure; the monitor
 *   scheduled and krc_this_cpu_unlock(krcp) in kvfree_call_rcu()), so no lock is released by a
 *   non-holder: what is wrong is that the krcp changed is not the one whose state justified the
 *   allocation (property `krcp-consistent`).
 * - 'v6.12' (default): + 0aac9daef676 "rcu: Use system_unbound_wq to avoid disturbing isolated
 *   CPUs": monitor_work, krwp->rcu_work and page_cache_work on system_unbound_wq, so the monitor,
 *   kfree_rcu_work() and fill_page_cache_func() may run on any CPU with IRQs on instead of only the
 *   krcp's (it matters only with `context=irqoff` and 2+ CPUs, where the krcp's CPU has IRQs off
 *   during a call; rcu_work_rcufn(), an RCU callback, stays on the krcp's CPU).
 * - 'v6.13': + a23da88c6c80 "rcu/kvfree: Fix data-race in __mod_timer / kvfree_call_rcu": the
 *   monitor's re-arm (schedule_delayed_monitor_work()) takes krcp->lock around
 *   __schedule_delayed_monitor_work(); v6.12 re-arms without it. Both read need_offload_krc()
 *   after dropping the lock, and the model runs that read and the re-arm in the step that ends
 *   kvfree_rcu_queue_batch(): only the monitor itself empties a channel, and a caller that fills
 *   one in between arms the work itself, so splitting the step would reach the same states. With
 *   the shrinker (`shrinker` > 0), whose kfree_rcu_monitor() call empties channels too, the re-arm
 *   is its own step, and there v6.12 (no lock) and v6.13 (under krcp->lock) differ at that step. In
 *   this model no lock is held between steps and the timer is only "pending or not", so the two
 *   versions reach the same states: what a23da88c6c80 fixes is KCSAN's data race on
 *   monitor_work.timer.expires (a timing field the untimed model does not have), visible here only
 *   as the lock boundary inside the step.
 * - 'v6.12-merge-2b55d6a42d14', 'v6.12-merge-6c6c47b063b5' (between v6.5 and v6.12): the slab
 *   tree's kvfree_rcu_barrier() and kmem_cache_destroy() calling it (B10), which only the teardown
 *   (./v6-teardown.ts) uses.
 * - 'v6.14': + dfd3df31c9db "mm/slab/kvfree_rcu: Switch to WQ_MEM_RECLAIM wq": the works on
 *   rcu_reclaim_wq (still unbound), seen only by a teardown run in a WQ_MEM_RECLAIM worker (B10').
 * - 'v6.15': mm/slab_common.c at v6.15: + 85aad7cc4178 "rcu: Fix get_state_synchronize_rcu_full()
 *   GP-start detection" (2025): the `_full()` cookie is taken from rcu_state.gp_seq instead of the
 *   root rcu_node's gp_seq (B8; it matters only with `gpinit=1`, where the root lags during
 *   rcu_gp_init(); the same commit's rcu_seq_done_exact() widening concerns counter wrap, which the
 *   model's unbounded sequence does not have). v6.4's non-`_full` gp_snap, read from rcu_state,
 *   does not have B8 either.
 * Differences not modelled because they change no step of the model: v6.4's kfree_rcu_monitor()
 * open-codes the batch loop (no `break` after queueing a batch, no WARN_ON_ONCE(!queued); once a
 * batch took every channel need_offload_krc() is false, so the second iteration does nothing;
 * v6.12 has kvfree_rcu_queue_batch()); 021a5ff84743 (v6.5: no page-cache work when the cache is
 * disabled; the model requests none with `cache=0` in every version, where v6.4's work would
 * allocate nothing).
 *
 * Shared with v1/v5.9 through ./common/: state layout, workqueue/M0/W0/W1, GP, C0, C8, page and
 * cache helpers, the ch3 element decode, readers.
 *
 * What it must not do: read ghost fields in guards or effects to decide anything.
 */
import { kvSymmetry } from './common/symmetry.js';
import { fillPageCacheActions } from './common/refill.js';
import { defineModel, type ParamSpecs, type Params, type AnyActionDef } from '../../src/model/types.js';
import { kvfreeProperties, KVFREE_LIVENESS_NAMES, KVFREE_PROPERTY_NAMES } from '../../invariants/kvfree.js';
import { candidates, isVmallocAddr, wrapperBase } from './common/memory.js';
import { TAG_SCHEMES, wrapperFunc } from './common/tags.js';
import { debugQueue, done, headAddr, readerActions, recordCtx, snap } from './common/world.js';
import { initialStates, kvConfig, kvDisplay, kvShape, type Krcp } from './common/kstate.js';
import {
  batchLabel,
  batchRefs,
  bootActions,
  anyCpuFree,
  cpuFree,
  gpActions,
  lock,
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
  clearPage,
  freePage,
  pageNext,
  decodeElement,
  getCachedBnode,
  listLength,
  unusedPage,
} from './common/pages.js';
import { COMMON_PARAMS } from './classic.js';
import {
  bulkPolled,
  bulkSnap,
  krcCount,
  drainReadyBulkRecords,
  drainReadyBulkReturn,
  drainReadyDetach,
  drainReadyFinished,
  drainReadyListElement,
  drainReadyOnList,
  drainReadyOnPage,
  kvfreeRcuBulkRecords,
  kvfreeRcuBulkReturn,
  needOffload,
  polledFull,
  queueBatch,
  rearm,
  workFree,
  type V6Config,
  type V6State,
} from './v6-monitor.js';
import { V6_DEFAULT_KERNEL, V6_KERNELS, v6Features, v6KernelDescription, type V6Kernel } from './v6-versions.js';
import { TEARDOWNS, teardownActions, teardownProblem } from './v6-teardown.js';

export const V6_MUTATIONS = [
  'none',
  'no-gp-wait', // rcu_work_rcufn runs without waiting for the grace period
  'no-snap-refresh', // bnode->gp_snap taken only when the page is attached, not on every append
  'drain-no-poll', // kvfree_rcu_drain_ready() takes pages without polling their snapshot
  'busy-batch', // kvfree_rcu_queue_batch() uses a batch whose slots are not all empty (the pre-v6.3 predicate)
  'double-free', // kvfree_rcu_list() calls kvfree(ptr) twice
  'no-count', // the caller forgets bulk_count[idx]++
  'call-before-unpublish', // the client calls kvfree_rcu() before unpublishing the object
  'barrier-no-flush', // kvfree_rcu_barrier()'s second loop cancels the monitor but does not flush_rcu_work() the batches
  'non-reclaim-wq', // the batches are queued on a workqueue without WQ_MEM_RECLAIM whatever the kernel version (as before dfd3df31c9db)
  'wake-direct', // run_page_cache_worker() queues page_cache_work from the caller (delay 0) instead of through the hrtimer (B12)
] as const;

export { V6_KERNELS, V6_RELEASES, type V6Kernel, type V6Features } from './v6-versions.js';

export const V6_PARAMS: ParamSpecs = {
  ...COMMON_PARAMS,
  alignWrap: { description: 'alignment of the 3P-byte dynamic head from kmalloc (dyn_rcu_head / tagged wrapper)', default: 32, values: [1, 2, 8, 32] },
  cache: { description: 'page cache (bkvcache list with nr_bkv_objs) on/off', default: 1, values: [0, 1] },
  cacheLimit: { description: 'rcu_min_cached_objs: pages the cache list may hold (kernel default 5)', default: 2, values: [1, 2] },
  refill: { description: 'model the page-cache refill worker (run_page_cache_worker → fill_page_cache_func)', default: 0, values: [0, 1] },
  tag: {
    description:
      'dynamic head for a head-less object without a page: none = upstream (synchronize_rcu() + kvfree()), dyn-head = the 2024 dyn_rcu_head proposal, offset-half/bit31/bit0 = the v1-era tags applied to this layout (func = object pointer)',
    default: 'none',
    values: TAG_SCHEMES,
  },
  mutation: { description: 'bug-seeded step (for showing that invariants bite); none = the faithful protocol', default: 'none', values: V6_MUTATIONS },
  kernel: {
    description: v6KernelDescription(),
    default: V6_DEFAULT_KERNEL,
    values: V6_KERNELS,
  },
  shrinker: {
    description:
      'kfree_rcu_shrink_scan() calls that memory pressure may cause (0 = no shrinker): each after a kfree_rcu_shrink_count() that found something; per CPU drain_page_cache() and kfree_rcu_monitor() itself (drain_ready, queue_batch, re-arm) in the shrinker\'s context, concurrently with the monitor work. Not fair: pressure is not guaranteed',
    default: 0,
    values: [0, 1, 2],
  },
  teardown: {
    description:
      'a client task that tears down (v6-teardown.ts): none; barrier = kvfree_rcu_barrier() once, at any time, concurrently with the callers (needs 2b55d6a42d14, v6.12); destroy = kmem_cache_destroy() of the cache the slab objects come from after every kvfree_rcu() call returned, which calls kvfree_rcu_barrier() from 6c6c47b063b5 (v6.12). The start is not fair (a client need not tear down); its later steps are',
    default: 'none',
    values: TEARDOWNS,
  },
  teardownIn: {
    description:
      "where the teardown runs: task, or reclaim-worker = a WQ_MEM_RECLAIM workqueue's worker (kmem_cache_destroy() from nvme-wq, dfd3df31c9db's report): its flush_rcu_work() of a queued or running batch on a !WQ_MEM_RECLAIM workqueue (system_unbound_wq before dfd3df31c9db) WARNs in check_flush_dependency() (property flush-dependency)",
    default: 'task',
    values: ['task', 'reclaim-worker'],
  },
  gpinit: {
    description:
      "grace-period initialisation as its own step (B8): rcu_state.gp_seq advances first, the root rcu_node's gp_seq when rcu_gp_init() reaches it; get_state_synchronize_rcu_full() reads the root's (v6.4, v6.12) or rcu_state's (v6.15, 85aad7cc4178)",
    default: 0,
    values: [0, 1],
  },
};

/**
 * Under the lock, when RUNNING: __schedule_delayed_monitor_work() (untimed: arm if not pending).
 * B12: its delay is `krc_count(krcp) >= KVFREE_BULK_MAX_ENTR ? 1:KFREE_DRAIN_JIFFIES` (kernel/rcu/tree.c
 * v6.12; queue_delayed_work() or mod_delayed_work() of system_unbound_wq), never 0: a timer only, so
 * a caller holding rq->lock (`context=rqlock`) wakes no worker here.
 */
function scheduleIfRunning(d: V6State, k: Krcp): void {
  if (d.sched === 'RUNNING') scheduleMonitor(k, false);
}

/**
 * run_page_cache_worker(): request the refill work when RUNNING and not already in progress.
 * B12: kernel/rcu/tree.c v6.12 run_page_cache_worker() kicks it through hrtimer_start(&krcp->hrtimer,
 * 0, HRTIMER_MODE_REL), whose schedule_page_work_fn() does queue_delayed_work(system_highpri_wq,
 * &krcp->page_cache_work, 0) from the hrtimer interrupt, outside the caller; with backoff_page_cache_fill
 * set, queue_delayed_work() of the kvfree workqueue with msecs_to_jiffies(rcu_delay_page_cache_fill_msec),
 * 5000 ms by default (a timer; not modelled: the backoff is set by the shrinker's count). The
 * `wake-direct` mutation queues it from the caller with delay 0.
 */
function runPageCacheWorker(c: V6Config, d: V6State, k: Krcp): void {
  if (c.refillWorker && c.cache && d.sched === 'RUNNING' && !k.refill) {
    k.refill = true;
    if (c.mutation === 'wake-direct') mayWakeUnderRqLock(c, d, 'wake-under-rq-lock');
  }
}

/** Append `obj` to the first page of channel idx and refresh its gp_snap; bulk_count[idx]++. */
function appendAndSnap(c: V6Config, d: V6State, k: Krcp, idx: number, obj: number, fresh: boolean): void {
  appendRecord(d, k, idx, obj);
  const first = d.pages[k.bkvhead[idx] - 1];
  if (c.mutation !== 'no-snap-refresh' || fresh) first.snap = bulkSnap(c, d); // get_state_synchronize_rcu{_full}(&bnode->gp_snap)
  if (c.mutation === 'no-count') return;
  // atomic_inc(&(*krcp)->bulk_count[idx]) (4c33464ae85e, `countPerChannel`); before it
  // kvfree_call_rcu()'s WRITE_ONCE(krcp->count, krcp->count + 1) after any success, in the same
  // critical section.
  if (c.v.countPerChannel) k.bulkCount[idx] += 1;
  else k.count += 1;
}

/** Push object `obj`'s rcu_head (embedded or dynamic) on krcp k's ch3; head_count++; head_gp_snap. */
function pushCh3(c: V6Config, d: V6State, k: Krcp, obj: number): void {
  const o = d.objs[obj];
  o.hnext = k.head; // head->next = krcp->head
  k.head = headAddr(c, d, obj); // WRITE_ONCE(krcp->head, head)
  // atomic_inc(&krcp->head_count) (4c33464ae85e); before it WRITE_ONCE(krcp->count, krcp->count + 1).
  if (c.v.countPerChannel) k.headCount += 1;
  else k.count += 1;
  // krcp->head_gp_snap = get_state_synchronize_rcu() (2ca836b1da17, `drainReady`; no such field before it)
  if (c.v.drainReady) k.headSnap = snap(d.gp);
}

type Slot = 'current' | 'cached';

function callerActions(c: V6Config): AnyActionDef<V6State>[] {
  const dynamic = c.tag !== 'none';
  const cpus = Array.from({ length: c.cpus }, (_, i) => i);
  const onCpus = cpus.flatMap((cpu) => cpus.map((x) => ({ cpu, x })));
  const at = (p: { cpu: number; x: number }): string => (p.x === p.cpu ? '' : ` on cpu${p.x} (migrated)`);
  const parities = c.alignWrap === 1 ? [0, 1] : [0];

  /** The C3 page outcome without allocation on krcp x for the current object (guards only). */
  const slotOf = (s: Readonly<V6State>, x: number, obj: number): Slot | null => {
    const k = s.cpu[x];
    if (!k.initialized) return null;
    const idx = isVmallocAddr(s.objs[obj].addr) ? 1 : 0;
    const first = k.bkvhead[idx];
    if (first !== 0 && s.pages[first - 1].nr < c.capacity) return 'current';
    if (k.bkvcache[0] !== 0) return 'cached';
    return null;
  };
  const sectionEnabled = (s: Readonly<V6State>, cpu: number, x: number): boolean => {
    if (s.callers[cpu].pc !== 'C1') return false;
    if (x !== cpu && (c.pinned || s.sched === 'INACTIVE')) return false;
    if (s.sched === 'INACTIVE' && x !== 0) return false;
    if (x !== cpu && !cpuFree(s, x)) return false;
    return !s.cpu[x].locked;
  };
  /** After add_ptr_to_bulk_krc_lock() failed for a head-less object: unlock, then C8 or the dynamic head. */
  const headlessFailed = (d: V6State, cpu: number): void => {
    d.callers[cpu].pc = dynamic ? 'C4alloc' : 'C8unqueue';
  };
  const idxOf = (s: Readonly<V6State>, obj: number): number => (isVmallocAddr(s.objs[obj].addr) ? 1 : 0);
  /**
   * After the page allocation: lock krcp x (the same krcp, or before 309a43165077 the one of the
   * CPU the task runs on now), attach the page, append + gp_snap, schedule, unlock; or on failure
   * run_page_cache_worker(krcp), unlock, fall back.
   */
  const relockAfterAlloc = (d: V6State, cpu: number, x: number, obj: number, ok: boolean): void => {
    const k = d.cpu[x];
    lock(d, x);
    if (ok) {
      const idx = idxOf(d, obj);
      attachPage(d, k, idx, unusedPage(d));
      appendAndSnap(c, d, k, idx, obj, true);
      scheduleIfRunning(d, k);
      unlock(d, x);
      nextCall(c, d, cpu);
    } else {
      spend(c, d, 1);
      runPageCacheWorker(c, d, k);
      unlock(d, x);
      headlessFailed(d, cpu);
    }
  };

  return [
    ...callerEntryActions(c, (d, cpu, obj) => {
      // debug_rcu_head_queue(ptr) before any lock: already active → WARN_ONCE and return.
      if (debugQueue(c, d, obj)) {
        if (d.ghost.dbg === 'none') {
          d.ghost.dbg = 'queue-active';
          d.ghost.dbgAddr = d.objs[obj].addr;
        }
        nextCall(c, d, cpu);
      }
    }),
    // Fairness: every caller step after C0 is weakly fair. The allocation outcomes (GFP_KERNEL
    // page or not, dynamic head kmalloc or synchronize_rcu()) are separate action ids, so per-id
    // weak fairness forces no success: each call takes one outcome once, which disables the others.
    {
      // add_ptr_to_bulk_krc_lock(): krc_this_cpu_lock; the first page has room, or
      // get_cached_bnode() gives one; append + gp_snap; then schedule the monitor; unlock.
      name: 'C kvfree_call_rcu: add_ptr_to_bulk_krc_lock',
      fair: 'weak',
      actor: (p: { cpu: number }) => `caller${p.cpu}`,
      params: onCpus.flatMap((p) => (['current', 'cached'] as Slot[]).map((slot) => ({ ...p, slot }))),
      label: (p: { cpu: number; x: number; slot: Slot }) => `caller${p.cpu}${at(p)}, ${p.slot === 'current' ? 'room in the first page' : 'page from get_cached_bnode()'}`,
      at: (p) => callerAt(p.cpu, 'C1'),
      enabled: (s, p) => sectionEnabled(s, p.cpu, p.x) && slotOf(s, p.x, curObj(c, s, p.cpu)) === p.slot,
      apply: (d, p) => {
        const obj = curObj(c, d, p.cpu);
        lock(d, p.x);
        const k = d.cpu[p.x];
        const idx = idxOf(d, obj);
        if (p.slot === 'cached') attachPage(d, k, idx, getCachedBnode(d, k));
        appendAndSnap(c, d, k, idx, obj, p.slot === 'cached');
        d.objs[obj].accepted = true;
        scheduleIfRunning(d, k);
        unlock(d, p.x);
        nextCall(c, d, p.cpu);
      },
    },
    {
      // Head-less, initialized, no page: krc_this_cpu_unlock() before the sleeping page allocation.
      name: 'C kvfree_call_rcu: no page, unlock for __get_free_page(GFP_KERNEL)',
      fair: 'weak',
      actor: (p: { cpu: number }) => `caller${p.cpu}`,
      params: onCpus,
      label: (p: { cpu: number; x: number }) => `caller${p.cpu}${at(p)}`,
      at: (p) => callerAt(p.cpu, 'C1'),
      enabled: (s, p) => {
        if (!sectionEnabled(s, p.cpu, p.x)) return false;
        const obj = curObj(c, s, p.cpu);
        return c.objects[obj].form === 'headless' && s.cpu[p.x].initialized && slotOf(s, p.x, obj) === null;
      },
      apply: (d, p) => {
        const obj = curObj(c, d, p.cpu);
        lock(d, p.x);
        d.objs[obj].accepted = true;
        unlock(d, p.x);
        d.callers[p.cpu].kx = p.x;
        d.callers[p.cpu].pc = 'C3alloc';
      },
    },
    !c.v.consistentKrcp
      ? {
          // kernel/rcu/tree.c add_ptr_to_bulk_krc_lock(), v5.12..v6.4 and the v6.5 merge window
          // up to 1e237994d9c9 (before 309a43165077, B5; `consistentKrcp` false), step C3alloc → C3/C7:
          // __get_free_page(GFP_KERNEL|__GFP_NORETRY|__GFP_NOMEMALLOC|__GFP_NOWARN) returns on the CPU
          // the task runs on now (it may have migrated while sleeping); `*krcp = krc_this_cpu_lock(flags)`
          // locks THAT CPU's krcp, and list_add() attaches the page to it (or, if the allocation failed,
          // kvfree_call_rcu() calls run_page_cache_worker() on it); krc_this_cpu_unlock(krcp) releases it.
          name: 'C kvfree_call_rcu: GFP_KERNEL page, krc_this_cpu_lock (before 309a43165077)',
          fair: 'weak',
          actor: (p: { cpu: number }) => `caller${p.cpu}`,
          params: onCpus.flatMap((p) => [true, false].map((ok) => ({ ...p, ok }))),
          label: (p: { cpu: number; x: number; ok: boolean }) => `caller${p.cpu}${at(p)}, ${p.ok ? 'page allocated' : 'allocation fails'}`,
          at: (p) => callerAt(p.cpu, 'C3alloc'),
          enabled: (s, p) => {
            const cl = s.callers[p.cpu];
            if (cl.pc !== 'C3alloc' || s.cpu[p.x].locked) return false;
            if (p.x !== p.cpu && (c.pinned || s.sched === 'INACTIVE' || !cpuFree(s, p.x))) return false;
            return p.ok ? unusedPage(s) !== 0 : budgetAllows(c, s, 1);
          },
          apply: (d, p) => {
            const obj = curObj(c, d, p.cpu);
            if (d.cpu[p.cpu].irqOff) recordCtx(d, 'might_sleep-atomic'); // GFP_KERNEL may sleep
            relockAfterAlloc(d, p.cpu, p.x, obj, p.ok);
          },
        }
      : {
          // __get_free_page(GFP_KERNEL|__GFP_NORETRY|__GFP_NOMEMALLOC|__GFP_NOWARN) returns; re-take the
          // lock of the same krcp (309a43165077, v6.5, `consistentKrcp`: kernel/rcu/tree.c
          // add_ptr_to_bulk_krc_lock(): raw_spin_lock_irqsave(&(*krcp)->lock, *flags)); attach
          // the page (or fail: run_page_cache_worker, unlock, fall back).
          name: 'C kvfree_call_rcu: GFP_KERNEL page, re-lock the same krcp',
          fair: 'weak',
          actor: (p: { cpu: number }) => `caller${p.cpu}`,
          params: cpus.flatMap((cpu) => [true, false].map((ok) => ({ cpu, ok }))),
          label: (p: { cpu: number; ok: boolean }) => `caller${p.cpu}, ${p.ok ? 'page allocated' : 'allocation fails'}`,
          at: (p) => callerAt(p.cpu, 'C3alloc'),
          enabled: (s, p) => {
            const cl = s.callers[p.cpu];
            if (cl.pc !== 'C3alloc' || s.cpu[cl.kx].locked) return false;
            return p.ok ? unusedPage(s) !== 0 : budgetAllows(c, s, 1);
          },
          apply: (d, p) => {
            const obj = curObj(c, d, p.cpu);
            if (d.cpu[p.cpu].irqOff) recordCtx(d, 'might_sleep-atomic'); // GFP_KERNEL may sleep
            relockAfterAlloc(d, p.cpu, d.callers[p.cpu].kx, obj, p.ok); // raw_spin_lock_irqsave(&(*krcp)->lock)
          },
        },
    {
      // add_ptr_to_bulk_krc_lock() fails without allocating: not initialized, or a two-argument
      // call with no page (can_alloc is false). run_page_cache_worker(); head-less → unlock and
      // fall back; two-argument → head->func = ptr, push on ch3, head_gp_snap, schedule; unlock.
      name: 'C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback',
      fair: 'weak',
      actor: (p: { cpu: number }) => `caller${p.cpu}`,
      params: onCpus,
      label: (p: { cpu: number; x: number }) => `caller${p.cpu}${at(p)}`,
      at: (p) => callerAt(p.cpu, 'C1'),
      enabled: (s, p) => {
        if (!sectionEnabled(s, p.cpu, p.x)) return false;
        const obj = curObj(c, s, p.cpu);
        if (slotOf(s, p.x, obj) !== null) return false;
        return !s.cpu[p.x].initialized || c.objects[obj].form === 'embedded';
      },
      apply: (d, p) => {
        const obj = curObj(c, d, p.cpu);
        lock(d, p.x);
        const k = d.cpu[p.x];
        d.objs[obj].accepted = true;
        runPageCacheWorker(c, d, k);
        if (c.objects[obj].form === 'headless') {
          unlock(d, p.x);
          headlessFailed(d, p.cpu);
          return;
        }
        d.objs[obj].hfunc = c.func.encodePtr(d.objs[obj].addr); // head->func = ptr
        pushCh3(c, d, k, obj);
        scheduleIfRunning(d, k);
        unlock(d, p.x);
        nextCall(c, d, p.cpu);
      },
    },
    {
      // Dynamic head (tag ≠ none): kmalloc(GFP_KERNEL|__GFP_NORETRY|__GFP_NOMEMALLOC|__GFP_NOWARN)
      // with the lock dropped, then krc_this_cpu_lock() on the CPU it runs on now; push on ch3.
      name: 'C kvfree_call_rcu: dynamic head kmalloc(GFP_KERNEL), krc_this_cpu_lock',
      fair: 'weak',
      actor: (p: { cpu: number }) => `caller${p.cpu}`,
      // A failed kmalloc() takes no lock, so it has one instance per caller (on its own CPU): one
      // label per instance, which `replay` maps back to exactly this transition.
      params: onCpus.flatMap((p) => [...parities.map((parity) => ({ ...p, ok: true, parity })), ...(p.x === p.cpu ? [{ ...p, ok: false, parity: 0 }] : [])]),
      label: (p: { cpu: number; x: number; ok: boolean; parity: number }) =>
        p.ok
          ? `caller${p.cpu}${at(p)}, head allocated${c.alignWrap === 1 ? (p.parity ? ' at an odd address' : ' at an even address') : ''}`
          : `caller${p.cpu}, kmalloc fails`,
      at: (p) => callerAt(p.cpu, 'C4alloc'),
      enabled: (s, p) => {
        const cl = s.callers[p.cpu];
        if (cl.pc !== 'C4alloc') return false;
        if (!p.ok) return budgetAllows(c, s, 1);
        if (p.x !== p.cpu && (c.pinned || !cpuFree(s, p.x))) return false;
        return !s.cpu[p.x].locked;
      },
      apply: (d, p) => {
        const obj = curObj(c, d, p.cpu);
        if (d.cpu[p.cpu].irqOff) recordCtx(d, 'might_sleep-atomic'); // GFP_KERNEL may sleep
        if (!p.ok) {
          spend(c, d, 1);
          d.callers[p.cpu].pc = 'C8unqueue';
          return;
        }
        const o = d.objs[obj];
        o.wrap = candidates(wrapperBase(obj), c.alignWrap)[p.parity];
        o.wword0 = o.addr; // drhp->ptr = obj
        o.hfunc = c.func.encode(wrapperFunc(c.tag, c.w)); // rh.func = offsetof(dyn_rcu_head, rh) / the tag
        lock(d, p.x);
        const k = d.cpu[p.x];
        pushCh3(c, d, k, obj);
        scheduleIfRunning(d, k);
        unlock(d, p.x);
        nextCall(c, d, p.cpu);
      },
    },
    ...callerC8Actions(c),
  ];
}

/**
 * Does another actor than the monitor work empty a channel (the shrinker's own kfree_rcu_monitor()
 * call, the barrier's kvfree_rcu_queue_batch())? Then the monitor's re-arm, whose need_offload_krc()
 * read follows kvfree_rcu_queue_batch()'s unlock, is its own step.
 */
function rearmSplit(c: V6Config): boolean {
  return c.shrinker || c.teardown !== 'none';
}

function monitorActions(c: V6Config): AnyActionDef<V6State>[] {
  const xs = Array.from({ length: c.cpus }, (_, i) => i);
  const split = rearmSplit(c);
  const wf = workFree(c);
  // The monitor work's frame of kvfree_rcu_drain_ready() is its krcp's rdy[]/rdyH (monitor#.bulk_ready[]).
  const endMonitorFree = (k: Krcp): void => {
    if (drainReadyFinished(k)) k.mphase = 'queue';
  };
  // Before 2ca836b1da17 (`drainReady` off) kfree_rcu_monitor() has no kvfree_rcu_drain_ready():
  // it starts with the batch loop (the phase stays 'drain', the value it is reset to).
  const qPhase = c.v.drainReady ? 'queue' : 'drain';
  const drainSteps = (a: AnyActionDef<V6State>[]): AnyActionDef<V6State>[] => (c.v.drainReady ? a : []);
  return [
    ...drainSteps([
    {
      // kfree_rcu_monitor() → kvfree_rcu_drain_ready(), locked part (v6-monitor.ts drainReadyDetach):
      // from each bulk list take pages from the oldest end while poll_state_synchronize_rcu_full(gp_snap);
      // take ch3 if head_gp_snap polls done.
      name: 'M kvfree_rcu_drain_ready detach',
      fair: 'weak',
      actor: (x: number) => `monitor${x}`,
      params: xs,
      label: (x: number) => `cpu${x}`,
      at: (x) => ({ leaf: `cpu[${x}].mphase`, is: 'drain' }),
      enabled: (s, x) => s.cpu[x].monRunning && s.cpu[x].mphase === 'drain' && wf(s, x) && !s.cpu[x].locked,
      apply: (d, x) => {
        const k = d.cpu[x];
        drainReadyDetach(c, d, x, k);
        k.mphase = 'free';
        endMonitorFree(k);
      },
    },
    {
      // kvfree_rcu_drain_ready(): kvfree_rcu_bulk() on one ready page (no further GP wait):
      // first the records are freed (or WARN if the snapshot does not poll done)...
      name: 'M kvfree_rcu_drain_ready: kvfree_rcu_bulk records',
      fair: 'weak',
      actor: (p: { x: number; j: number }) => `monitor${p.x}`,
      params: xs.flatMap((x) => [0, 1].map((j) => ({ x, j }))),
      label: (p: { x: number; j: number }) => `cpu${p.x}, ${p.j === 0 ? 'slab page' : 'vmalloc page'}`,
      at: (p) => ({ leaf: `cpu[${p.x}].mphase`, is: 'free' }),
      enabled: (s, p) => {
        const k = s.cpu[p.x];
        return k.monRunning && k.mphase === 'free' && wf(s, p.x) && drainReadyOnPage(k, p.j);
      },
      apply: (d, p) => {
        const k = d.cpu[p.x];
        drainReadyBulkRecords(c, d, k, p.j);
        k.mphase = 'freeret';
      },
    },
    {
      // ...then the page is returned: put_cached_bnode() under the krcp lock, or free_page().
      name: 'M kvfree_rcu_drain_ready: kvfree_rcu_bulk page return',
      fair: 'weak',
      actor: (p: { x: number; j: number }) => `monitor${p.x}`,
      params: xs.flatMap((x) => [0, 1].map((j) => ({ x, j }))),
      label: (p: { x: number; j: number }) => `cpu${p.x}, ${p.j === 0 ? 'slab page' : 'vmalloc page'}`,
      at: (p) => ({ leaf: `cpu[${p.x}].mphase`, is: 'freeret' }),
      enabled: (s, p) => {
        const k = s.cpu[p.x];
        return k.monRunning && k.mphase === 'freeret' && wf(s, p.x) && !k.locked && drainReadyOnPage(k, p.j);
      },
      apply: (d, p) => {
        const k = d.cpu[p.x];
        drainReadyBulkReturn(c, d, p.x, k, p.j);
        k.mphase = 'free';
        endMonitorFree(k);
      },
    },
    {
      // kvfree_rcu_drain_ready(): kvfree_rcu_list() on the ready ch3 list, one element.
      name: 'M kvfree_rcu_drain_ready: kvfree_rcu_list element',
      fair: 'weak',
      actor: (x: number) => `monitor${x}`,
      params: xs,
      label: (x: number) => `cpu${x}`,
      at: (x) => ({ leaf: `cpu[${x}].mphase`, is: 'free' }),
      enabled: (s, x) => {
        const k = s.cpu[x];
        return k.monRunning && k.mphase === 'free' && drainReadyOnList(k) && wf(s, x);
      },
      apply: (d, x) => {
        const k = d.cpu[x];
        drainReadyListElement(c, d, k);
        endMonitorFree(k);
      },
    },
    ]),
    {
      // kvfree_rcu_queue_batch() (v6-monitor.ts queueBatch): first batch with ALL slots empty; if
      // anything is queued move every channel, head_free_gp_snap, queue_rcu_work()
      // (WARN_ON_ONCE(!queued)); unlock; then kfree_rcu_monitor()'s re-arm (rearm) if
      // need_offload_krc(). One step while the monitor is the only actor that empties a channel
      // (docs/protocol.md §3.2: a caller that fills one in between arms the work itself). With
      // the shrinker (`shrinker` > 0), whose own kfree_rcu_monitor() call empties channels too,
      // or a teardown (kvfree_rcu_barrier() queues batches itself), the re-arm's unlocked
      // need_offload_krc() read is its own step (below).
      name: split ? 'M kvfree_rcu_queue_batch' : 'M kvfree_rcu_queue_batch + rearm',
      fair: 'weak',
      actor: (x: number) => `monitor${x}`,
      params: xs,
      label: (x: number) => `cpu${x}`,
      at: (x) => ({ leaf: `cpu[${x}].mphase`, is: qPhase }),
      enabled: (s, x) => s.cpu[x].monRunning && s.cpu[x].mphase === qPhase && wf(s, x) && !s.cpu[x].locked,
      apply: (d, x) => {
        const k = d.cpu[x];
        queueBatch(c, d, x);
        if (split) {
          k.mphase = 'rearm';
          return;
        }
        rearm(c, d, x);
        k.mphase = 'drain';
        k.monRunning = false;
      },
    },
    ...(split
      ? [
          {
            // kfree_rcu_monitor() after kvfree_rcu_queue_batch() unlocked (v6-monitor.ts rearm):
            // `if (need_offload_krc(krcp)) schedule_delayed_monitor_work(krcp);` (v6.13+, a23da88c6c80:
            // under krcp->lock); the work function returns.
            name: 'M kfree_rcu_monitor: rearm',
            fair: 'weak' as const,
            actor: (x: number) => `monitor${x}`,
            params: xs,
            label: (x: number) => `cpu${x}`,
            at: (x: number) => ({ leaf: `cpu[${x}].mphase`, is: 'rearm' }),
            enabled: (s: Readonly<V6State>, x: number) =>
              s.cpu[x].monRunning && s.cpu[x].mphase === 'rearm' && wf(s, x) && (!c.v.rearmUnderLock || !s.cpu[x].locked),
            apply: (d: V6State, x: number) => {
              const k = d.cpu[x];
              rearm(c, d, x);
              k.mphase = 'drain';
              k.monRunning = false;
            },
          },
        ]
      : []),
  ];
}

/**
 * The shrinker (`shrinker` = the number of kfree_rcu_shrink_scan() calls that may happen), as in
 * kernel/rcu/tree.c v6.12 (the same code in every release of ./v6-versions.ts; mm/slab_common.c
 * from v6.14). Memory pressure is not guaranteed, so kfree_rcu_shrink_count() and the start of a
 * scan are not fair; a scan that has started is a running task, so its later steps are weakly
 * fair (as a caller's steps after C0). The shrinker runs in a reclaiming task on any CPU with
 * IRQs on (kswapd or direct reclaim) while the scheduler is RUNNING.
 */
function shrinkerActions(c: V6Config): AnyActionDef<V6State>[] {
  if (!c.shrinker) return [];
  const at = (s: Readonly<V6State>): boolean => s.sched === 'RUNNING' && anyCpuFree(s);
  /** krc_count(): atomic_read(&head_count) + atomic_read(&bulk_count[0..1]). */
  const running = (s: Readonly<V6State>, pc: V6State['shr']['pc']): boolean => s.shr.pc === pc && at(s);
  const endFree = (d: V6State): void => {
    if (drainReadyFinished(d.shr)) d.shr.pc = 'queue';
  };
  return [
    {
      // S1 kfree_rcu_shrink_count() (v6.12 kernel/rcu/tree.c; v6.15 mm/slab_common.c): for each
      // possible CPU, count += krc_count(krcp) (READ_ONCE(krcp->count) before 4c33464ae85e) + READ_ONCE(krcp->nr_bkv_objs) and
      // atomic_set(&krcp->backoff_page_cache_fill, 1), no lock; SHRINK_EMPTY if 0 (do_shrink_slab()
      // then calls no scan), else the shrinker core may call scan.
      name: 'S kfree_rcu_shrink_count',
      actor: 'shrinker',
      enabled: (s) => (s.shr.pc === 'idle' || s.shr.pc === 'counted') && s.shr.scans < c.shrinkScans && at(s),
      apply: (d) => {
        let count = 0;
        for (const k of d.cpu) {
          count += krcCount(k) + k.nrCache;
          // backoff_page_cache_fill has one reader, fill_page_cache_func(): without the refill
          // worker (`refill=0`) nothing reads it, so it is kept only with it.
          if (c.refillWorker) k.backoff = true;
        }
        d.shr.pc = count === 0 ? 'idle' : 'counted';
      },
    },
    // S2 kfree_rcu_shrink_scan(), one CPU of its for_each_possible_cpu() loop: count =
    // krc_count(krcp) (unlocked); count += drain_page_cache(krcp): `if (!rcu_min_cached_objs)
    // return 0;` raw_spin_lock_irqsave(); page_list = llist_del_all(&krcp->bkvcache);
    // WRITE_ONCE(krcp->nr_bkv_objs, 0); unlock; free_page() each (the frees of pages nobody else
    // can reach are in the same step). At CPU 0 it starts a scan (the shrinker core calling
    // scan_objects: not fair); at a later CPU the scan is running (weakly fair).
    ...([false, true] as const).map((next) => ({
      name: next ? 'S kfree_rcu_shrink_scan: drain_page_cache (next CPU)' : 'S kfree_rcu_shrink_scan: drain_page_cache',
      ...(next ? { fair: 'weak' as const } : {}),
      actor: 'shrinker',
      enabled: (s: Readonly<V6State>) =>
        (next ? s.shr.pc === 'cache' : s.shr.pc === 'counted' && s.shr.scans < c.shrinkScans) && at(s) && !s.cpu[s.shr.x].locked,
      apply: (d: V6State) => {
        const x = d.shr.x;
        const k = d.cpu[x];
        let count = krcCount(k);
        if (c.cache) {
          lock(d, x);
          let pg = k.bkvcache[0];
          k.bkvcache[0] = 0;
          k.nrCache = 0;
          unlock(d, x);
          while (pg !== 0) {
            const nxt = pageNext(d, pg);
            clearPage(d, pg);
            freePage(c, d, pg);
            count += 1;
            pg = nxt;
          }
        }
        d.shr.cnt = count > 0;
        // kfree_rcu_monitor() starts with kvfree_rcu_drain_ready() from 2ca836b1da17 only.
        d.shr.pc = c.v.drainReady ? 'drain' : 'queue';
      },
    })),
    {
      // S3 kfree_rcu_shrink_scan() → kfree_rcu_monitor(&krcp->monitor_work.work) → kvfree_rcu_drain_ready(),
      // locked part (v6-monitor.ts drainReadyDetach), into the shrinker's own frame.
      name: 'S kfree_rcu_monitor: kvfree_rcu_drain_ready detach',
      fair: 'weak',
      actor: 'shrinker',
      at: () => ({ leaf: 'shr.pc', is: 'drain' }),
      enabled: (s) => running(s, 'drain') && !s.cpu[s.shr.x].locked,
      apply: (d) => {
        drainReadyDetach(c, d, d.shr.x, d.shr);
        d.shr.pc = 'free';
        endFree(d);
      },
    },
    {
      // S4 kvfree_rcu_drain_ready(), unlocked: kvfree_rcu_bulk() on one ready page, its records...
      name: 'S kfree_rcu_monitor: kvfree_rcu_drain_ready: kvfree_rcu_bulk records',
      fair: 'weak',
      actor: 'shrinker',
      params: [0, 1],
      label: (j: number) => (j === 0 ? 'slab page' : 'vmalloc page'),
      at: () => ({ leaf: 'shr.pc', is: 'free' }),
      enabled: (s, j) => running(s, 'free') && drainReadyOnPage(s.shr, j),
      apply: (d, j) => {
        drainReadyBulkRecords(c, d, d.shr, j);
        d.shr.pc = 'freeret';
      },
    },
    {
      // S5 ...then the page: put_cached_bnode() under krcp->lock, or free_page().
      name: 'S kfree_rcu_monitor: kvfree_rcu_drain_ready: kvfree_rcu_bulk page return',
      fair: 'weak',
      actor: 'shrinker',
      params: [0, 1],
      label: (j: number) => (j === 0 ? 'slab page' : 'vmalloc page'),
      at: () => ({ leaf: 'shr.pc', is: 'freeret' }),
      enabled: (s, j) => running(s, 'freeret') && !s.cpu[s.shr.x].locked && drainReadyOnPage(s.shr, j),
      apply: (d, j) => {
        drainReadyBulkReturn(c, d, d.shr.x, d.shr, j);
        d.shr.pc = 'free';
        endFree(d);
      },
    },
    {
      // S6 kvfree_rcu_drain_ready(), unlocked: kvfree_rcu_list() on the ready ch3 list, one element.
      name: 'S kfree_rcu_monitor: kvfree_rcu_drain_ready: kvfree_rcu_list element',
      fair: 'weak',
      actor: 'shrinker',
      at: () => ({ leaf: 'shr.pc', is: 'free' }),
      enabled: (s) => running(s, 'free') && drainReadyOnList(s.shr),
      apply: (d) => {
        drainReadyListElement(c, d, d.shr);
        endFree(d);
      },
    },
    {
      // S7 kfree_rcu_monitor() → kvfree_rcu_queue_batch() (v6-monitor.ts queueBatch), under krcp->lock.
      name: 'S kfree_rcu_monitor: kvfree_rcu_queue_batch',
      fair: 'weak',
      actor: 'shrinker',
      at: () => ({ leaf: 'shr.pc', is: 'queue' }),
      enabled: (s) => running(s, 'queue') && !s.cpu[s.shr.x].locked,
      apply: (d) => {
        queueBatch(c, d, d.shr.x);
        d.shr.pc = 'rearm';
      },
    },
    {
      // S8 kfree_rcu_monitor()'s re-arm (v6-monitor.ts rearm: need_offload_krc() unlocked, then
      // schedule_delayed_monitor_work(), under krcp->lock from v6.13), then kfree_rcu_shrink_scan():
      // sc->nr_to_scan -= count; `if (sc->nr_to_scan <= 0) break;` (`stop`: possible only when
      // this CPU's count was non-zero, and nr_to_scan is the core's, so either way); else the next
      // CPU. When the loop ends the scan returns, and the core may call it again.
      name: 'S kfree_rcu_monitor: rearm',
      fair: 'weak',
      actor: 'shrinker',
      params: [false, true],
      label: (stop: boolean) => (stop ? 'nr_to_scan used up' : 'next CPU'),
      at: () => ({ leaf: 'shr.pc', is: 'rearm' }),
      enabled: (s, stop) =>
        running(s, 'rearm') && (!c.v.rearmUnderLock || !s.cpu[s.shr.x].locked) && (!stop || (s.shr.cnt && s.shr.x < c.cpus - 1)),
      apply: (d, stop) => {
        rearm(c, d, d.shr.x);
        d.shr.cnt = false;
        if (!stop && d.shr.x < c.cpus - 1) {
          d.shr.x += 1;
          d.shr.pc = 'cache';
        } else {
          d.shr.x = 0;
          d.shr.pc = 'counted';
          d.shr.scans += 1;
        }
      },
    },
  ];
}

function workerActions(c: V6Config): AnyActionDef<V6State>[] {
  const batches = batchRefs(c);
  const wf = workFree(c);
  return [
    {
      // kfree_rcu_work(): kvfree_rcu_bulk() on one detached page: first its records (freed if the
      // page's snapshot polls done, else WARN)...
      name: 'W kfree_rcu_work: kvfree_rcu_bulk records',
      fair: 'weak',
      actor: (p: BatchRef & { j: number }) => `worker${p.x}.${p.b}`,
      params: batches.flatMap((p) => [0, 1].map((j) => ({ ...p, j }))),
      label: (p: BatchRef & { j: number }) => `${batchLabel(p)}, ${p.j === 0 ? 'slab page' : 'vmalloc page'}`,
      at: (p) => wphaseAt(p, 'work'),
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        if (!b.rwRunning || b.wphase !== 'work' || !wf(s, p.x)) return false;
        return onPage(b, p.j);
      },
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        kvfreeRcuBulkRecords(c, d, p.j === 0 ? b.k1 : b.k2, p.j);
        b.wphase = 'pageret';
      },
    },
    {
      // ...then the page goes back to the owner krcp's cache under its lock, or is freed.
      name: 'W kfree_rcu_work: kvfree_rcu_bulk page return',
      fair: 'weak',
      actor: (p: BatchRef & { j: number }) => `worker${p.x}.${p.b}`,
      params: batches.flatMap((p) => [0, 1].map((j) => ({ ...p, j }))),
      label: (p: BatchRef & { j: number }) => `${batchLabel(p)}, ${p.j === 0 ? 'slab page' : 'vmalloc page'}`,
      at: (p) => wphaseAt(p, 'pageret'),
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        if (!b.rwRunning || b.wphase !== 'pageret' || !wf(s, p.x) || s.cpu[p.x].locked) return false;
        return onPage(b, p.j);
      },
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        advancePage(b, p.j, kvfreeRcuBulkReturn(c, d, p.x, p.j === 0 ? b.k1 : b.k2));
      },
    },
    {
      // kfree_rcu_work(): if (head && !WARN_ON_ONCE(!poll_state_synchronize_rcu_full(&head_gp_snap)))
      // kvfree_rcu_list(head); a WARN leaves the list unfreed (f32276a37652, `headGpWarn`). v6.4
      // kfree_rcu_work() calls kvfree_rcu_list(head) with no check: the step always goes on.
      name: 'W kfree_rcu_work: poll head_free_gp_snap',
      fair: 'weak',
      actor: (p: BatchRef) => `worker${p.x}.${p.b}`,
      params: batches,
      label: batchLabel,
      at: (p) => wphaseAt(p, 'work'),
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        return b.rwRunning && b.wphase === 'work' && b.k1 === 0 && b.k2 === 0 && b.h !== 0 && wf(s, p.x);
      },
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        if (!c.v.headGpWarn || polledFull(d, b.hSnap)) {
          b.wphase = 'list';
        } else {
          b.h = 0; // WARN: not freed
          workerMaybeReturn(b);
        }
      },
    },
    {
      name: 'W kfree_rcu_work: kvfree_rcu_list element',
      fair: 'weak',
      actor: (p: BatchRef) => `worker${p.x}.${p.b}`,
      params: batches,
      label: batchLabel,
      at: (p) => wphaseAt(p, 'list'),
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        return b.rwRunning && b.wphase === 'list' && b.h !== 0 && wf(s, p.x);
      },
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        b.h = decodeElement(c, d, b.h);
        workerMaybeReturn(b);
      },
    },
  ];
}

/**
 * kfree_rcu_work() before 2ca836b1da17 (`drainReady` off): cc37d52076a9 "rcu/kvfree: Use a polled
 * API to speedup a reclaim process" ("[PATCH rcu 5/8]", 2023-01-04, v6.3 merge window). The batch
 * was queued with queue_work() (no grace period); after W1's detach (which also copies
 * head_free_gp_snap) it runs, per channel i = 0, 1:
 *
 *   list_for_each_entry_safe_reverse(bnode, n, &bulk_head[i], list) {   // from the tail (oldest)
 *           if (!poll_state_synchronize_rcu(bnode->gp_snap)) break;      // poll tail page
 *           list_del_init(&bnode->list); kvfree_rcu_bulk(krcp, bnode, i); // records, tail page return
 *   }
 *   if (!list_empty(&bulk_head[i])) synchronize_rcu();                   // once per channel
 *   list_for_each_entry_safe(bnode, n, &bulk_head[i], list) kvfree_rcu_bulk(krcp, bnode, i);
 *
 * then `if (head) { cond_synchronize_rcu(head_free_gp_snap); kvfree_rcu_list(head); }`
 * (cond_synchronize_rcu(): `if (!poll_state_synchronize_rcu(oldstate)) synchronize_rcu();`).
 * kvfree_rcu_bulk() is v6.4's (debug_rcu_bhead_unqueue(), kfree_bulk()/vfree(), put_cached_bnode()
 * under krcp->lock or free_page(); no WARN before cdfa0f6fa6b7). synchronize_rcu() waits for a
 * full grace period from its call (cookie in the batch's cbSnap, unused without queue_rcu_work()).
 */
function polledWorkerActions(c: V6Config): AnyActionDef<V6State>[] {
  const batches = batchRefs(c);
  const wf = workFree(c);
  type P = BatchRef & { j: number };
  const pages = batches.flatMap((p) => [0, 1].map((j) => ({ ...p, j })));
  const pageLabel = (p: P): string => `${batchLabel(p)}, ${p.j === 0 ? 'slab page' : 'vmalloc page'}`;
  const actor = (p: BatchRef): string => `worker${p.x}.${p.b}`;
  const chainOf = (b: Readonly<V6State['cpu'][number]['krw'][number]>, j: number): number => (j === 0 ? b.k1 : b.k2);
  /** The tail (oldest) page of a detached chain (newest first) and the page before it (0: none). */
  const tailOf = (s: Readonly<V6State>, head: number): { tail: number; prev: number } => {
    let prev = 0;
    let tail = head;
    while (pageNext(s, tail) !== 0) {
      prev = tail;
      tail = pageNext(s, tail);
    }
    return { tail, prev };
  };
  const at = (s: Readonly<V6State>, p: BatchRef, phase: V6State['cpu'][number]['krw'][number]['wphase']): boolean => {
    const b = s.cpu[p.x].krw[p.b];
    return b.rwRunning && b.wphase === phase && wf(s, p.x);
  };
  const tailReady = (s: Readonly<V6State>, p: P): boolean => {
    const { tail } = tailOf(s, chainOf(s.cpu[p.x].krw[p.b], p.j));
    return bulkPolled(c, s, s.pages[tail - 1].snap); // poll_state_synchronize_rcu(bnode->gp_snap)
  };
  return [
    {
      // Reverse walk: the tail page's gp_snap polls done → kvfree_rcu_bulk(): its records first.
      name: 'W kfree_rcu_work: poll tail page, kvfree_rcu_bulk records',
      fair: 'weak',
      actor,
      params: pages,
      label: pageLabel,
      at: (p) => wphaseAt(p, 'poll'),
      enabled: (s, p) => at(s, p, 'poll') && onPage(s.cpu[p.x].krw[p.b], p.j) && tailReady(s, p),
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        kvfreeRcuBulkRecords(c, d, tailOf(d, chainOf(b, p.j)).tail, p.j);
        b.wphase = 'tailret';
      },
    },
    {
      // ...list_del_init(&bnode->list), and the page goes back to the owner krcp's cache under its lock, or is freed.
      name: 'W kfree_rcu_work: tail page return',
      fair: 'weak',
      actor,
      params: pages,
      label: pageLabel,
      at: (p) => wphaseAt(p, 'tailret'),
      enabled: (s, p) => at(s, p, 'tailret') && !s.cpu[p.x].locked && onPage(s.cpu[p.x].krw[p.b], p.j),
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        const { tail, prev } = tailOf(d, chainOf(b, p.j));
        if (prev === 0) {
          if (p.j === 0) b.k1 = 0;
          else b.k2 = 0;
        } else d.pages[prev - 1].next = 0;
        kvfreeRcuBulkReturn(c, d, p.x, tail);
        b.wphase = 'poll';
        workerMaybeReturn(b);
      },
    },
    {
      // The tail page is not ready: a page is left, so synchronize_rcu() once for this channel.
      name: 'W kfree_rcu_work: page not ready, synchronize_rcu()',
      fair: 'weak',
      actor,
      params: pages,
      label: pageLabel,
      at: (p) => wphaseAt(p, 'poll'),
      enabled: (s, p) => at(s, p, 'poll') && onPage(s.cpu[p.x].krw[p.b], p.j) && !tailReady(s, p),
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        b.cbSnap = snap(d.gp);
        b.wphase = 'sync';
      },
    },
    {
      // The pages are done: `if (head) cond_synchronize_rcu(head_free_gp_snap)`: go on if it polls
      // done, else synchronize_rcu().
      name: 'W kfree_rcu_work: cond_synchronize_rcu(head_free_gp_snap)',
      fair: 'weak',
      actor,
      params: batches,
      label: batchLabel,
      at: (p) => wphaseAt(p, 'poll'),
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        return at(s, p, 'poll') && b.k1 === 0 && b.k2 === 0 && b.h !== 0;
      },
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        if (done(d.gp, b.hSnap)) {
          b.wphase = 'list';
        } else {
          b.cbSnap = snap(d.gp);
          b.wphase = 'sync';
        }
      },
    },
    {
      // synchronize_rcu() returns after a full grace period: the rest of the channel's pages (forward), or ch3.
      name: 'W kfree_rcu_work: synchronize_rcu() returns',
      fair: 'weak',
      actor,
      params: batches,
      label: batchLabel,
      at: (p) => wphaseAt(p, 'sync'),
      enabled: (s, p) => at(s, p, 'sync') && done(s.gp, s.cpu[p.x].krw[p.b].cbSnap),
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        b.cbSnap = 0;
        b.wphase = b.k1 !== 0 || b.k2 !== 0 ? 'work' : 'list';
      },
    },
    {
      // Forward walk after synchronize_rcu(): kvfree_rcu_bulk() on the first page left, its records...
      name: 'W kfree_rcu_work: kvfree_rcu_bulk records',
      fair: 'weak',
      actor,
      params: pages,
      label: pageLabel,
      at: (p) => wphaseAt(p, 'work'),
      enabled: (s, p) => at(s, p, 'work') && onPage(s.cpu[p.x].krw[p.b], p.j),
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        kvfreeRcuBulkRecords(c, d, chainOf(b, p.j), p.j);
        b.wphase = 'pageret';
      },
    },
    {
      // ...then the page (put_cached_bnode() under the owner's lock, or free_page()); when the
      // channel is done, the next channel's reverse walk (or ch3).
      name: 'W kfree_rcu_work: kvfree_rcu_bulk page return',
      fair: 'weak',
      actor,
      params: pages,
      label: pageLabel,
      at: (p) => wphaseAt(p, 'pageret'),
      enabled: (s, p) => at(s, p, 'pageret') && !s.cpu[p.x].locked && onPage(s.cpu[p.x].krw[p.b], p.j),
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        const nxt = kvfreeRcuBulkReturn(c, d, p.x, chainOf(b, p.j));
        if (p.j === 0) b.k1 = nxt;
        else b.k2 = nxt;
        b.wphase = nxt !== 0 ? 'work' : 'poll';
        workerMaybeReturn(b);
      },
    },
    {
      name: 'W kfree_rcu_work: kvfree_rcu_list element',
      fair: 'weak',
      actor,
      params: batches,
      label: batchLabel,
      at: (p) => wphaseAt(p, 'list'),
      enabled: (s, p) => at(s, p, 'list') && s.cpu[p.x].krw[p.b].h !== 0,
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        b.h = decodeElement(c, d, b.h);
        workerMaybeReturn(b);
      },
    },
  ];
}

/** The page-cache refill work (`refill=1`), shared with kvfree-v5.9's kernel=v5.11. */
function refillActions(c: V6Config): AnyActionDef<V6State>[] {
  return c.refillWorker ? fillPageCacheActions(c, workFree(c), true, c.v.refillFromNr) : [];
}

/** kfree_rcu_scheduler_running(), one CPU: if need_offload_krc(): schedule the monitor (v6 checks every channel). */
function schedulerRunning(d: V6State, x: number): void {
  const k = d.cpu[x];
  if (needOffload(k)) scheduleMonitor(k, false);
}

/** The channels, cache and refill request of krcp x differ between two states. */
function krcpChanged(a: Readonly<Krcp>, b: Readonly<Krcp>): boolean {
  return (
    a.bkvhead[0] !== b.bkvhead[0] ||
    a.bkvhead[1] !== b.bkvhead[1] ||
    a.bulkCount[0] !== b.bulkCount[0] ||
    a.bulkCount[1] !== b.bulkCount[1] ||
    a.bkvcache[0] !== b.bkvcache[0] ||
    a.nrCache !== b.nrCache ||
    a.head !== b.head ||
    a.refill !== b.refill ||
    a.monPending !== b.monPending
  );
}

/**
 * B5 (`krcp-consistent`): the step that returns a caller from the sleeping page allocation (pc
 * C3alloc → anything else) changes only krcp[kx], the krcp whose lock it dropped because that
 * krcp had no page with room and no cached page. Reads prev/next only (no ghost state).
 */
export function krcpSwitch(prev: Readonly<V6State>, next: Readonly<V6State>): string | null {
  for (let cpu = 0; cpu < prev.callers.length; cpu++) {
    if (prev.callers[cpu].pc !== 'C3alloc' || next.callers[cpu].pc === 'C3alloc') continue;
    const x = prev.callers[cpu].kx;
    for (let y = 0; y < prev.cpu.length; y++) {
      if (y === x || !krcpChanged(prev.cpu[y], next.cpu[y])) continue;
      const what =
        next.cpu[y].bkvhead[0] !== prev.cpu[y].bkvhead[0] || next.cpu[y].bkvhead[1] !== prev.cpu[y].bkvhead[1]
          ? `attached the new page to krcp[${y}]'s bulk_head and recorded the object there`
          : next.cpu[y].refill !== prev.cpu[y].refill
            ? `requested the page-cache refill (run_page_cache_worker) on krcp[${y}]`
            : `changed krcp[${y}]`;
      return `caller${cpu} dropped krcp[${x}].lock for __get_free_page(GFP_KERNEL) because krcp[${x}] had no bulk page with room and no cached page, but after the allocation it locked krcp[${y}] (krc_this_cpu_lock() on the CPU it migrated to) and ${what}: a decision made on krcp[${x}] applied to krcp[${y}]`;
    }
  }
  return null;
}

export function v6Spec(c: V6Config) {
  return {
    debug: c.debug,
    objects: c.objects.length,
    cpus: c.cpus,
    countMismatch(s: Readonly<V6State>): string | null {
      for (let x = 0; x < s.cpu.length; x++) {
        const k = s.cpu[x];
        if (k.locked) continue;
        const h = listLength(c, s, k.head);
        if (!c.v.countPerChannel) {
          // Before 4c33464ae85e: one krcp->count for the three channels (as classic.ts v1Spec).
          const want = chainRecords(s, k.bkvhead[0]) + chainRecords(s, k.bkvhead[1]) + h;
          if (k.count !== want) return `krcp[${x}].count is ${k.count} but its bulk pages and ch3 list hold ${want} object(s)`;
          continue;
        }
        for (let i = 0; i < 2; i++) {
          const want = chainRecords(s, k.bkvhead[i]);
          if (k.bulkCount[i] !== want) return `krcp[${x}].bulk_count[${i}] is ${k.bulkCount[i]} but its bulk pages hold ${want} record(s)`;
        }
        if (k.headCount !== h) return `krcp[${x}].head_count is ${k.headCount} but its ch3 list holds ${h} object(s)`;
      }
      return null;
    },
    atRest(s: Readonly<V6State>): string | null {
      for (let x = 0; x < s.cpu.length; x++) {
        if (s.cpu[x].locked) return `krcp[${x}].lock is still held after the step that took it returned`;
        const cl = s.callers[x];
        const inCall = cl.pc !== 'unpub' && cl.pc !== 'done';
        if (s.cpu[x].irqOff && !(c.irqoff && inCall)) return `IRQs on cpu${x} are still disabled after the call returned`;
      }
      return null;
    },
    clientsFinished(s: Readonly<V6State>): boolean {
      return s.callers.every((cl) => cl.pc === 'done') && s.readers.every((r) => r.ph !== 'in');
    },
    krcpSwitch(prev: Readonly<V6State>, next: Readonly<V6State>): string | null {
      return krcpSwitch(prev, next);
    },
  };
}

export function buildV6(params: Params) {
  const kernel = (params.kernel === undefined ? V6_DEFAULT_KERNEL : String(params.kernel)) as V6Kernel;
  const c: V6Config = { ...kvConfig(params, 'v6'), kernel, v: v6Features(kernel) };
  const actions: AnyActionDef<V6State>[] = [
    ...callerActions(c),
    ...workqueueActions(c, c.mutation === 'no-gp-wait', workFree(c), c.v.drainReady ? 'work' : 'poll'),
    ...monitorActions(c),
    ...(c.v.drainReady ? workerActions(c) : polledWorkerActions(c)),
    ...refillActions(c),
    ...shrinkerActions(c),
    ...teardownActions(c),
    ...gpActions(c),
    ...(readerActions(c.nReaders, c.objects.length, (s) => (s as V6State).sched !== 'INACTIVE') as AnyActionDef<V6State>[]),
    ...bootActions(c, schedulerRunning),
  ];
  return {
    config: c,
    shape: kvShape(c),
    display: kvDisplay(c),
    init: initialStates(c),
    actions,
    properties: kvfreeProperties<V6State>(v6Spec(c)),
    symmetry: kvSymmetry<V6State>(c),
    validEnd: (s: Readonly<V6State>) =>
      v6Spec(c).clientsFinished(s) &&
      s.readers.every((r) => r.ph === 'done') &&
      (!c.boot || s.boot === 2 * c.cpus + 2) &&
      (s.td.pc === 'idle' || s.td.pc === 'done'), // a teardown never started (the client's choice) or returned
  };
}

export const kvfreeV6 = defineModel({
  id: 'kvfree-v6',
  description: 'kvfree_call_rcu() of v6.3+ (per-page GP snapshots, drain_ready, batches queued only when empty); tag ≠ none adds a dynamic head (2024 dyn_rcu_head proposal or a v1-era tag on this layout)',
  params: V6_PARAMS,
  propertyNames: [...KVFREE_PROPERTY_NAMES, ...KVFREE_LIVENESS_NAMES],
  paramsProblem: teardownProblem,
  build(params) {
    const m = buildV6(params);
    return { shape: m.shape, display: m.display, init: m.init, actions: m.actions as never[], properties: m.properties, validEnd: m.validEnd, symmetry: m.symmetry };
  },
});
