/**
 * kvfree-v6's teardown actor (`teardown` parameter): a client task that calls
 * kvfree_rcu_barrier() (`barrier`, once, at any time, concurrently with the callers), or
 * kmem_cache_destroy() of the cache the slab objects come from (`destroy`, after every kvfree_rcu()
 * call returned, as a module exit does), with the barrier inside it from 6c6c47b063b5.
 *
 * kvfree_rcu_barrier() as of 2b55d6a42d14 (v6.12, kernel/rcu/tree.c; the same body in
 * mm/slab_common.c from v6.14), step by step (T1..T7 below):
 *
 *   for_each_possible_cpu(cpu) {                       // first loop
 *       if (!need_offload_krc(krcp)) continue;          // T1 (unlocked read)
 *       while (1) {
 *           queued = kvfree_rcu_queue_batch(krcp);      // T2 (under krcp->lock: v6-monitor.ts queueBatch)
 *           if (queued || !need_offload_krc(krcp))      // T3 (unlocked read)
 *               break;
 *           for (i = 0; i < KFREE_N_BATCHES; i++)
 *               flush_rcu_work(&krcp->krw_arr[i].rcu_work);   // T4
 *       }
 *   }
 *   for_each_possible_cpu(cpu) {                       // second loop
 *       cancel_delayed_work_sync(&krcp->monitor_work);  // T5 grab + disable, T6 wait + enable
 *       for (i = 0; i < KFREE_N_BATCHES; i++)
 *           flush_rcu_work(&krcp->krw_arr[i].rcu_work);       // T7
 *   }
 *
 * flush_rcu_work() (kernel/workqueue.c): if the rcu_work is pending, rcu_barrier() then
 * flush_work(), else flush_work(): it returns once the instance queued or running when it was
 * called has finished. The model waits until the batch is neither pending nor running; a batch
 * re-queued after that instance finished would only make the model wait longer, and the states
 * where the barrier goes on first are reached by the interleaving in which it steps before the
 * re-queue (its step only moves its own pc), so no state of the kernel is lost.
 *
 * cancel_delayed_work_sync() (kernel/workqueue.c since v6.10, 86898fa6b8cd): __cancel_work_sync()
 * = __cancel_work(WORK_CANCEL_DISABLE) (take PENDING, cancel the timer or the queued instance,
 * disable), __flush_work() (wait for a running instance), enable_work(). While disabled, any
 * attempt to queue monitor_work fails (common/workqueue.ts scheduleMonitor: `monDisabled`), both
 * the running monitor's own re-arm and a kvfree_call_rcu() that finds no pending work.
 *
 * `teardownIn=reclaim-worker`: the teardown runs in a WQ_MEM_RECLAIM workqueue's worker, and each
 * flush_rcu_work() is subject to check_flush_dependency() (startFlush below; B10').
 *
 * kmem_cache_destroy() (mm/slab_common.c, v6.12): kvfree_rcu_barrier() (from 6c6c47b063b5;
 * before it, none: B10); the cache is not SLAB_TYPESAFE_BY_RCU, so no rcu_barrier(); then
 * cpus_read_lock(), mutex_lock(&slab_mutex), `s->refcount--` (the module's cache: 0),
 * kasan_cache_shutdown(), __kmem_cache_shutdown(): fails if any slab of the cache still has an
 * allocated object, then WARN "Slab cache still has objects" and the cache is not released (T8).
 * Only slab objects come from the cache (vmalloc objects are freed with vfree()).
 *
 * Why this file exists: issue 27 point 3 (the barrier and cache destruction beside the monitor).
 *
 * What it must not do: read ghost fields in guards or effects to decide anything (it records the
 * `barrier-complete` and `destroy-clean` observations in the ghost, which only properties read).
 */
import type { AnyActionDef, Params } from '../../src/model/types.js';
import type { Batch } from './common/kstate.js';
import { anyCpuFree } from './common/workqueue.js';
import { needOffload, queueBatch, type V6Config, type V6State } from './v6-monitor.js';
import { v6Features, type V6Kernel } from './v6-versions.js';

export const TEARDOWNS = ['none', 'barrier', 'destroy'] as const;

/** `teardown=barrier` names a function the kernel version does not have: the problem, or null (params resolved, defaults filled). */
export function teardownProblem(params: Params): string | null {
  const kernel = String(params.kernel) as V6Kernel;
  if (params.teardown === 'barrier' && !v6Features(kernel).barrierApi) {
    return `teardown=barrier needs kvfree_rcu_barrier(), which kernel=${kernel} does not have (added by 2b55d6a42d14, v6.12)`;
  }
  return null;
}

/** flush_rcu_work() returns: the batch's rcu_work is neither pending (GP wait or queued) nor running. */
function batchIdle(b: Readonly<Batch>): boolean {
  return !b.rwPending && !b.rwRunning;
}

/**
 * flush_rcu_work() begins on batch b of krcp x (kernel/workqueue.c __flush_work() ->
 * start_flush_work() -> check_flush_dependency(), v6.12..v6.15): when the work is queued or
 * running, a flusher that is a WQ_MEM_RECLAIM worker WARNs if the work's workqueue is not
 * WQ_MEM_RECLAIM (system_unbound_wq before dfd3df31c9db; rcu_reclaim_wq after). A batch still
 * waiting for its grace period (rcu_work PENDING, not yet on the workqueue) is first rcu_barrier()'d
 * and then flushed: the model WARNs then too, as in the interleaving where the callback has queued
 * the work and it has not run when flush_work() looks. The cancel of monitor_work (T5/T6) is not
 * checked (its __flush_work(from_cancel) path; 6.13's de35994ecd2d changed the check there).
 */
function startFlush(c: V6Config, d: V6State, b: number): void {
  d.td.b = b;
  const w = d.cpu[d.td.x].krw[b];
  const reclaimWq = c.v.reclaimWq && c.mutation !== 'non-reclaim-wq';
  if (c.teardownIn === 'reclaim-worker' && !reclaimWq && (w.rwPending || w.rwRunning)) d.ghost.flushDep = true;
}

/** The objects, as a bit mask, whose kvfree_rcu() call has returned (the barrier's contract covers exactly these). */
function returnedCalls(c: V6Config, s: Readonly<V6State>): number {
  let mask = 0;
  for (let cpu = 0; cpu < c.cpus; cpu++) {
    const list = c.perCpu[cpu];
    for (let i = 0; i < s.callers[cpu].idx && i < list.length; i++) if (s.objs[list[i]].accepted) mask |= 1 << list[i];
  }
  return mask;
}

export function teardownActions(c: V6Config): AnyActionDef<V6State>[] {
  if (c.teardown === 'none') return [];
  const destroy = c.teardown === 'destroy';
  const at = (s: Readonly<V6State>, pc: V6State['td']['pc']): boolean => s.td.pc === pc && anyCpuFree(s);
  /** First loop: on to the next CPU, or to the second loop. */
  const nextCpu1 = (d: V6State): void => {
    if (d.td.x < c.cpus - 1) {
      d.td.x += 1;
      d.td.pc = 'check';
    } else {
      d.td.x = 0;
      d.td.pc = 'cancel';
    }
  };
  /** Second loop: on to the next CPU, or kvfree_rcu_barrier() returns (then the cache shuts down, `destroy`). */
  const nextCpu2 = (d: V6State): void => {
    if (d.td.x < c.cpus - 1) {
      d.td.x += 1;
      d.td.pc = 'cancel';
      return;
    }
    d.td.x = 0;
    d.td.b = 0;
    for (let i = 0; i < d.objs.length; i++) {
      if ((d.td.bset & (1 << i)) !== 0 && d.objs[i].frees === 0 && d.ghost.barrier === 'none') {
        d.ghost.barrier = 'early';
        d.ghost.tdAddr = d.objs[i].addr;
      }
    }
    d.td.pc = destroy ? 'shutdown' : 'done';
  };
  return [
    {
      // T0 kvfree_rcu_barrier() (`barrier`: any time, the client's choice) or kmem_cache_destroy()
      // (`destroy`: module exit, after every kvfree_rcu() call returned) begins; a sleeping task,
      // so on a CPU with IRQs on. Not fair: a client need not tear down.
      name: destroy ? 'T kmem_cache_destroy begins' : 'T kvfree_rcu_barrier begins',
      actor: 'teardown',
      at: () => ({ leaf: 'td.pc', is: 'idle' }),
      enabled: (s) => at(s, 'idle') && s.sched === 'RUNNING' && (!destroy || s.callers.every((cl) => cl.pc === 'done')),
      apply: (d) => {
        d.td.bset = returnedCalls(c, d); // ghost: the calls the barrier's contract covers
        if (destroy && !c.v.destroyBarrier) {
          d.td.pc = 'shutdown'; // before 6c6c47b063b5: no kvfree_rcu_barrier() in kmem_cache_destroy() (B10)
          return;
        }
        d.td.x = 0;
        d.td.pc = 'check';
      },
    },
    {
      // T1 first loop: `if (!need_offload_krc(krcp)) continue;` (unlocked).
      name: 'T kvfree_rcu_barrier: need_offload_krc',
      fair: 'weak',
      actor: 'teardown',
      at: () => ({ leaf: 'td.pc', is: 'check' }),
      enabled: (s) => at(s, 'check'),
      apply: (d) => {
        if (needOffload(d.cpu[d.td.x])) d.td.pc = 'queue';
        else nextCpu1(d);
      },
    },
    {
      // T2 `queued = kvfree_rcu_queue_batch(krcp);` under krcp->lock, then T3's unlocked re-read.
      name: 'T kvfree_rcu_barrier: kvfree_rcu_queue_batch',
      fair: 'weak',
      actor: 'teardown',
      at: () => ({ leaf: 'td.pc', is: 'queue' }),
      enabled: (s) => at(s, 'queue') && !s.cpu[s.td.x].locked,
      apply: (d) => {
        if (queueBatch(c, d, d.td.x)) nextCpu1(d);
        else d.td.pc = 'recheck';
      },
    },
    {
      // T3 `if (queued || !need_offload_krc(krcp)) break;` with queued false: unlocked re-read.
      name: 'T kvfree_rcu_barrier: need_offload_krc after a batch was busy',
      fair: 'weak',
      actor: 'teardown',
      at: () => ({ leaf: 'td.pc', is: 'recheck' }),
      enabled: (s) => at(s, 'recheck'),
      apply: (d) => {
        if (!needOffload(d.cpu[d.td.x])) {
          nextCpu1(d);
          return;
        }
        d.td.pc = 'flush1';
        startFlush(c, d, 0);
      },
    },
    {
      // T4 "There are ongoing batches": flush_rcu_work(&krwp->rcu_work) for batch b, then try again.
      name: 'T kvfree_rcu_barrier: flush_rcu_work (busy batch)',
      fair: 'weak',
      actor: 'teardown',
      at: () => ({ leaf: 'td.pc', is: 'flush1' }),
      enabled: (s) => at(s, 'flush1') && batchIdle(s.cpu[s.td.x].krw[s.td.b]),
      apply: (d) => {
        if (d.td.b === 0) {
          startFlush(c, d, 1);
        } else {
          d.td.b = 0;
          d.td.pc = 'queue';
        }
      },
    },
    {
      // T5 second loop: cancel_delayed_work_sync(&krcp->monitor_work), first part:
      // __cancel_work(WORK_CANCEL_DISABLE): a pending timer or queued instance is cancelled, the
      // work disabled (a running instance goes on).
      name: 'T kvfree_rcu_barrier: cancel_delayed_work_sync (cancel, disable)',
      fair: 'weak',
      actor: 'teardown',
      at: () => ({ leaf: 'td.pc', is: 'cancel' }),
      enabled: (s) => at(s, 'cancel'),
      apply: (d) => {
        const k = d.cpu[d.td.x];
        k.monPending = false;
        k.monStage = 'idle';
        k.monDisabled = true;
        d.td.pc = 'cancelwait';
      },
    },
    {
      // T6 ...__flush_work(): wait for a running kfree_rcu_monitor(); enable_work().
      name: 'T kvfree_rcu_barrier: cancel_delayed_work_sync (wait, enable)',
      fair: 'weak',
      actor: 'teardown',
      at: () => ({ leaf: 'td.pc', is: 'cancelwait' }),
      enabled: (s) => at(s, 'cancelwait') && !s.cpu[s.td.x].monRunning,
      apply: (d) => {
        d.cpu[d.td.x].monDisabled = false;
        d.td.b = 0;
        if (c.mutation === 'barrier-no-flush') {
          nextCpu2(d);
        } else {
          d.td.pc = 'flush2';
          startFlush(c, d, 0);
        }
      },
    },
    {
      // T7 second loop: flush_rcu_work(&krwp->rcu_work) for batch b.
      name: 'T kvfree_rcu_barrier: flush_rcu_work',
      fair: 'weak',
      actor: 'teardown',
      at: () => ({ leaf: 'td.pc', is: 'flush2' }),
      enabled: (s) => at(s, 'flush2') && batchIdle(s.cpu[s.td.x].krw[s.td.b]),
      apply: (d) => {
        if (d.td.b === 0) startFlush(c, d, 1);
        else nextCpu2(d);
      },
    },
    ...(destroy
      ? [
          {
            // T8 kmem_cache_destroy(): s->refcount-- reaches 0; __kmem_cache_shutdown() fails if an
            // object of the cache is still allocated (WARN "Slab cache still has objects", the cache
            // is leaked), else kmem_cache_release().
            name: 'T kmem_cache_destroy: __kmem_cache_shutdown',
            fair: 'weak' as const,
            actor: 'teardown',
            at: () => ({ leaf: 'td.pc', is: 'shutdown' }),
            enabled: (s: Readonly<V6State>) => at(s, 'shutdown'),
            apply: (d: V6State) => {
              const busy = d.objs.findIndex((o, i) => c.objects[i].kind === 'slab' && o.frees === 0);
              if (busy >= 0) {
                d.ghost.destroy = 'busy';
                d.ghost.tdAddr = d.objs[busy].addr;
              } else {
                d.ghost.released = true;
              }
              d.td.pc = 'done';
            },
          },
        ]
      : []),
  ];
}
