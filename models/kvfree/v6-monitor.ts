/**
 * The body of kfree_rcu_monitor() in kvfree-v6 as named step functions any actor can run: the
 * monitor work (`M ...`, ./v6.ts) and the shrinker's own call of kfree_rcu_monitor() from
 * kfree_rcu_shrink_scan() (`S ...`, ./v6.ts) each run them as their own actor's steps, on their
 * own frame (the pages and list a drain took), at the code's lock boundaries. As of v6.12
 * (kernel/rcu/tree.c; mm/slab_common.c from v6.14), kfree_rcu_monitor() is
 *
 *   kvfree_rcu_drain_ready(krcp);      // drainReadyDetach, then per page drainReadyBulkRecords +
 *                                      // drainReadyBulkReturn, then per element drainReadyListElement
 *   kvfree_rcu_queue_batch(krcp);      // queueBatch
 *   if (need_offload_krc(krcp))        // rearm
 *           schedule_delayed_monitor_work(krcp);
 *
 * Also here: what the monitor body shares with kfree_rcu_work() (the polled-GP cookies and
 * kvfree_rcu_bulk()) and the V6Config type, so ./v6.ts and this module do not import each other.
 *
 * Why this file exists: issue 27 point 1 (the shrinker, and later the barrier, run the same body
 * as the monitor work, concurrently with it).
 *
 * What it must not do: decide which actor runs a step or when (the actions in ./v6.ts do), or
 * read ghost fields.
 */
import type { KvConfig, KvState, Krcp } from './common/kstate.js';
import { clearPage, decodeElement, freePage, freeRecords, pageNext, putCachedBnode, unqueueRecords } from './common/pages.js';
import { anyCpuFree, cpuFree, lock, queueRcuWork, queueWork, rootGpSeq, scheduleMonitor, unlock } from './common/workqueue.js';
import { done, snap } from './common/world.js';
import type { V6Features, V6Kernel } from './v6-versions.js';

export type V6State = KvState;
/** `kernel` is the version's name; `v` its features (./v6-versions.ts), which the steps ask. */
export type V6Config = KvConfig & { kernel: V6Kernel; v: V6Features };

/**
 * get_state_synchronize_rcu_full(): the cookie of the polled `_full()` API. Until v6.14 it is
 * rcu_seq_snap(&rcu_get_root()->gp_seq), which lags rcu_state.gp_seq while rcu_gp_init() has not
 * reached the root (gpinit=1): a cookie taken then names the end of the GP already under way, which
 * need not wait for a reader that began after it started (B8). From v6.15 (85aad7cc4178,
 * `fullSnapFromState`) it is rcu_seq_snap(&rcu_state.gp_seq).
 */
export function stateSnapFull(c: V6Config, d: Readonly<V6State>): number {
  return snap(c.v.fullSnapFromState ? d.gp : rootGpSeq(d));
}
/** poll_state_synchronize_rcu_full(): done against the root rcu_node's gp_seq (every version). */
export function polledFull(d: Readonly<V6State>, cookie: number): boolean {
  return done(rootGpSeq(d), cookie);
}
/**
 * `bnode->gp_snap`'s cookie. v6.4 kernel/rcu/tree.c add_ptr_to_bulk_krc_lock():
 * `bnode->gp_snap = get_state_synchronize_rcu()`, the normal (not `_full`) API, which the model
 * reads from rcu_state.gp_seq (as for `head_gp_snap`, every version); from cdfa0f6fa6b7
 * (`fullGpSnap`, v6.5 merge window) get_state_synchronize_rcu_full(&bnode->gp_snap).
 */
export function bulkSnap(c: V6Config, d: Readonly<V6State>): number {
  return c.v.fullGpSnap ? stateSnapFull(c, d) : snap(d.gp);
}
/** Poll of `bnode->gp_snap`: poll_state_synchronize_rcu() in v6.4, poll_state_synchronize_rcu_full() from cdfa0f6fa6b7. */
export function bulkPolled(c: V6Config, d: Readonly<V6State>, cookie: number): boolean {
  return c.v.fullGpSnap ? polledFull(d, cookie) : done(d.gp, cookie);
}

/**
 * Can a work item of krcp x (monitor_work, krwp->rcu_work, page_cache_work) take a step? Before
 * 0aac9daef676 (v6.12, `unboundWq`) they are queued on the per-CPU system_wq and run on the krcp's
 * own CPU, so not while a caller has IRQs off there; from v6.12 on system_unbound_wq (v6.14+:
 * rcu_reclaim_wq, also WQ_UNBOUND) a kworker on any CPU with IRQs on runs them.
 */
export function workFree(c: V6Config): (s: Readonly<KvState>, x: number) => boolean {
  return c.v.unboundWq ? (s) => anyCpuFree(s) : cpuFree;
}

/** krc_count() (4c33464ae85e: head_count + bulk_count[]), or before it READ_ONCE(krcp->count); the unused ones are 0. */
export function krcCount(k: Readonly<Krcp>): number {
  return k.count + k.headCount + k.bulkCount[0] + k.bulkCount[1];
}

/** need_offload_krc(): any channel non-empty. */
export function needOffload(k: Readonly<Krcp>): boolean {
  return k.bkvhead[0] !== 0 || k.bkvhead[1] !== 0 || k.head !== 0;
}

/**
 * kvfree_rcu_bulk(krcp, bnode, idx), first part: free the records if the page's snapshot polls
 * done, else WARN and leave them (they are lost with the page). The page is untouched.
 */
export function kvfreeRcuBulkRecords(c: V6Config, d: V6State, pg: number, j: number): void {
  const fn = j === 0 ? 'kfree' : 'vfree';
  if (!c.v.bulkGpWarn) {
    // v6.4 kernel/rcu/tree.c kvfree_rcu_bulk(): debug_rcu_bhead_unqueue(bnode), then kfree_bulk() /
    // vfree() of every record, with no check of bnode->gp_snap (the WARN came with cdfa0f6fa6b7).
    freeRecords(c, d, pg, fn);
    return;
  }
  if (!c.v.unqueueAfterPoll) {
    // kvfree_rcu_bulk() at cdfa0f6fa6b7..f32276a37652 (v6.5 merge window, never released; B11):
    // debug_rcu_bhead_unqueue(bnode) first, then
    // if (!WARN_ON_ONCE(!poll_state_synchronize_rcu_full(&bnode->gp_snap))) kfree_bulk() / vfree().
    unqueueRecords(c, d, pg);
    if (bulkPolled(c, d, d.pages[pg - 1].snap)) freeRecords(c, d, pg, fn, false);
    return;
  }
  // From 1e237994d9c9 (v6.5): debug_rcu_bhead_unqueue(bnode) only inside the branch whose snapshot polled done.
  if (bulkPolled(c, d, d.pages[pg - 1].snap)) freeRecords(c, d, pg, fn);
}

/** kvfree_rcu_bulk(), second part: the page goes back to krcp x's cache (under its lock) or is freed. Returns page->next. */
export function kvfreeRcuBulkReturn(c: V6Config, d: V6State, x: number, pg: number): number {
  const nxt = pageNext(d, pg);
  clearPage(d, pg);
  lock(d, x);
  const parked = putCachedBnode(c, d, d.cpu[x], pg);
  unlock(d, x);
  if (!parked) freePage(c, d, pg);
  return nxt;
}

/**
 * What one run of kvfree_rcu_drain_ready() holds between its steps: the pages detached from the
 * oldest end of each bulk chain (bulk_ready[], model page numbers, 0 = none) and the ch3 list
 * detached (head_ready, a model address, 0 = none). The monitor work keeps it in its krcp
 * (`monitor#.bulk_ready[]`), the shrinker in its own state.
 */
export interface DrainFrame {
  rdy: number[];
  rdyH: number;
}

/**
 * kvfree_rcu_drain_ready(krcp), locked part: raw_spin_lock_irqsave(&krcp->lock); from each bulk
 * list take the pages from the oldest end whose gp_snap polls done
 * (poll_state_synchronize_rcu_full(), stopping at the first that does not;
 * poll_state_synchronize_rcu() in v6.4), subtracting their records from bulk_count[i]; take the
 * whole ch3 list if poll_state_synchronize_rcu(krcp->head_gp_snap) (head_count = 0); unlock.
 * Puts what it took in `f`. The caller's guard checks the lock is free.
 */
export function drainReadyDetach(c: V6Config, d: V6State, x: number, f: DrainFrame): void {
  const k = d.cpu[x];
  lock(d, x);
  for (let i = 0; i < 2; i++) {
    // chain newest → oldest; find the newest page of the ready suffix
    let cut = 0; // last kept page (0: none kept)
    let firstReady = 0;
    let all = true;
    for (let pg = k.bkvhead[i]; pg !== 0; pg = d.pages[pg - 1].next) {
      // poll_state_synchronize_rcu(bnode->gp_snap) in v6.4, poll_state_synchronize_rcu_full() from cdfa0f6fa6b7
      const ready = c.mutation === 'drain-no-poll' || bulkPolled(c, d, d.pages[pg - 1].snap);
      if (ready) {
        if (firstReady === 0) firstReady = pg;
      } else {
        cut = pg;
        firstReady = 0;
        all = false;
      }
    }
    if (firstReady === 0) continue;
    // atomic_sub(bnode->nr_records, &krcp->bulk_count[i]) (2ca836b1da17 came after 4c33464ae85e:
    // no tree has kvfree_rcu_drain_ready() with the single krcp->count).
    for (let pg = firstReady; pg !== 0; pg = d.pages[pg - 1].next) k.bulkCount[i] -= d.pages[pg - 1].nr;
    f.rdy[i] = firstReady;
    if (all) k.bkvhead[i] = 0;
    else d.pages[cut - 1].next = 0;
  }
  if (k.head !== 0 && done(d.gp, k.headSnap)) {
    f.rdyH = k.head;
    k.headCount = 0; // atomic_set(&krcp->head_count, 0)
    k.head = 0;
  }
  unlock(d, x);
}

/** Has kvfree_rcu_drain_ready()'s unlocked part freed everything it detached into `f`? */
export function drainReadyFinished(f: Readonly<DrainFrame>): boolean {
  return f.rdy[0] === 0 && f.rdy[1] === 0 && f.rdyH === 0;
}

/** Is kvfree_rcu_bulk() on channel j's next ready page the next thing drain_ready does (slab pages first, then vmalloc)? */
export function drainReadyOnPage(f: Readonly<DrainFrame>, j: number): boolean {
  return j === 0 ? f.rdy[0] !== 0 : f.rdy[0] === 0 && f.rdy[1] !== 0;
}

/** Is kvfree_rcu_list() on the ready ch3 list next (every ready page done)? */
export function drainReadyOnList(f: Readonly<DrainFrame>): boolean {
  return f.rdy[0] === 0 && f.rdy[1] === 0 && f.rdyH !== 0;
}

/** kvfree_rcu_drain_ready(), unlocked part: kvfree_rcu_bulk() on the first ready page of channel j, its records. */
export function drainReadyBulkRecords(c: V6Config, d: V6State, f: DrainFrame, j: number): void {
  kvfreeRcuBulkRecords(c, d, f.rdy[j], j);
}

/** ...then that page goes back to krcp x's cache (put_cached_bnode() under its lock) or is freed; on to the next page. */
export function drainReadyBulkReturn(c: V6Config, d: V6State, x: number, f: DrainFrame, j: number): void {
  f.rdy[j] = kvfreeRcuBulkReturn(c, d, x, f.rdy[j]);
}

/** kvfree_rcu_drain_ready(), unlocked part: kvfree_rcu_list() on the ready ch3 list, one element. */
export function drainReadyListElement(c: V6Config, d: V6State, f: DrainFrame): void {
  f.rdyH = decodeElement(c, d, f.rdyH);
}

/**
 * kvfree_rcu_queue_batch(krcp): raw_spin_lock_irqsave(&krcp->lock); the first batch whose three
 * slots are ALL empty (need_wait_for_krwp_work()); if need_offload_krc(), move every channel into
 * it, reset the counts, take head_free_gp_snap (f32276a37652), queue_rcu_work() (its result
 * WARN_ON_ONCE(!queued) in kfree_rcu_monitor()), stop; unlock. Returns whether it queued.
 */
export function queueBatch(c: V6Config, d: V6State, x: number): boolean {
  const k = d.cpu[x];
  let queued = false;
  lock(d, x);
  for (let i = 0; i < 2; i++) {
    const b = k.krw[i];
    const busy = b.bkvFree[0] !== 0 || b.bkvFree[1] !== 0 || b.headFree !== 0;
    if (c.mutation === 'busy-batch' || !c.v.batchWhenAllIdle) {
      // pre-v6.3 predicate (before 5da7cb193db3, `batchWhenAllIdle`; the `busy-batch` mutation on
      // v6.12's kvfree_rcu_queue_batch()): some channel non-empty with its slot in this batch free,
      // as classic.ts drainUnlock() without batchWhenAllIdle.
      const fits = (k.bkvhead[0] !== 0 && b.bkvFree[0] === 0) || (k.bkvhead[1] !== 0 && b.bkvFree[1] === 0) || (k.head !== 0 && b.headFree === 0);
      if (!fits) continue;
    } else if (busy) continue; // need_wait_for_krwp_work()
    if (!needOffload(k)) continue;
    for (let j = 0; j < 2; j++) {
      if (b.bkvFree[j] === 0) {
        // 4c33464ae85e (`countPerChannel`): atomic_set(&krcp->bulk_count[j], 0) for the channel taken.
        if (c.v.countPerChannel) k.bulkCount[j] = 0;
        b.bkvFree[j] = k.bkvhead[j];
        k.bkvhead[j] = 0;
      }
    }
    if (b.headFree === 0) {
      b.headFree = k.head;
      // get_state_synchronize_rcu_full(&krwp->head_free_gp_snap): f32276a37652 (`headGpWarn`);
      // v6.4 has no head_free_gp_snap.
      if (c.v.headGpWarn) b.headFreeSnap = stateSnapFull(c, d);
      // cc37d52076a9 (before 2ca836b1da17, `drainReady` off): krwp->head_free_gp_snap =
      // get_state_synchronize_rcu(), for kfree_rcu_work()'s cond_synchronize_rcu().
      else if (!c.v.drainReady) b.headFreeSnap = snap(d.gp);
      if (c.v.countPerChannel) k.headCount = 0; // atomic_set(&krcp->head_count, 0)
      k.head = 0;
    }
    // Before 4c33464ae85e: WRITE_ONCE(krcp->count, 0) on any detach, even when a channel stays (B7).
    if (!c.v.countPerChannel) k.count = 0;
    // queue_rcu_work(system_wq, &krwp->rcu_work) (WARN_ON_ONCE(!queued): a false result strands
    // the batch, no-leak); before 2ca836b1da17 (`drainReady` off, from cc37d52076a9)
    // queue_work(system_wq, &krwp->rcu_work), result unused: a pending work picks up what joined it.
    queued = c.v.drainReady ? queueRcuWork(d, b) : queueWork(b);
    // v6.4's open-coded loop has no `break` either, but there the first batch taken took every
    // channel (all its slots were empty), so the second iteration found nothing to offload. With
    // the pre-5da7cb193db3 predicate a channel whose slot was busy in the first batch may go to
    // the second (kfree_rcu_monitor() of the v6.3 merge window: the loop goes on).
    if (c.mutation === 'busy-batch' || c.v.batchWhenAllIdle) break;
  }
  unlock(d, x);
  return queued;
}

/**
 * kfree_rcu_monitor(), after kvfree_rcu_queue_batch() dropped the lock:
 * `if (need_offload_krc(krcp)) schedule_delayed_monitor_work(krcp);`, need_offload_krc() read
 * without the lock in every version (since 8fc5494ad5fa, v6.3). With `rearmUnderLock` (v6.13+,
 * a23da88c6c80) schedule_delayed_monitor_work() takes krcp->lock around
 * __schedule_delayed_monitor_work() (the caller's guard checks the lock is free); before it
 * (v6.3..v6.12) it runs without the lock. Untimed: arm if not pending.
 */
export function rearm(c: V6Config, d: V6State, x: number): void {
  const k = d.cpu[x];
  if (!needOffload(k)) return;
  if (c.v.rearmUnderLock) {
    lock(d, x);
    scheduleMonitor(k, false);
    unlock(d, x);
  } else {
    scheduleMonitor(k, false);
  }
}
