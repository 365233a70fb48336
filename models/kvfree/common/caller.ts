/**
 * The caller program skeleton every variant shares (docs/protocol.md §1.3, §2.3): the client's
 * unpublish, C0 (`might_sleep()` for head-less calls, snap for P1(b)), the C8 fallback
 * (`debug_rcu_head_unqueue`, `synchronize_rcu()` begin/return, inline `kvfree()`), and moving on
 * to the next object. The C1..C7 critical sections are each variant's own.
 *
 * Why this file exists: one copy of C0 and C8 for v1, v5.9 and v6.
 *
 * What it must not do: implement a variant's locked section.
 */
import type { ActionSite, AnyActionDef } from '../../../src/model/types.js';
import type { Caller, KvConfig, KvState } from './kstate.js';
import { cpuFree, unlock } from './workqueue.js';
import { debugUnqueue, done, free, recordCtx, snap } from './world.js';

/**
 * The action index's site of a caller step (src/model/action-index.ts): the caller of `cpu` is at
 * `pc`. Every caller step's guard starts with that test (C1..C7 through `sectionEnabled`).
 */
export function callerAt(cpu: number, pc: Caller['pc']): ActionSite {
  return { leaf: `callers[${cpu}].pc`, is: pc };
}

/** The object the caller of CPU `cpu` is working on. */
export function curObj(c: KvConfig, s: Readonly<KvState>, cpu: number): number {
  return c.perCpu[cpu][s.callers[cpu].idx];
}

/** The call returned: IRQs back on for an irqoff-context caller; move to the next object. */
export function nextCall(c: KvConfig, d: KvState, cpu: number): void {
  const cl = d.callers[cpu];
  if (c.irqoff) d.cpu[cpu].irqOff = false;
  cl.idx += 1;
  cl.pc = cl.idx < c.perCpu[cpu].length ? 'unpub' : 'done';
}

/**
 * A step that may sleep (`might_sleep()` at C0, `synchronize_rcu()` at C8): record the first
 * context that forbids it (P5): a krcp lock this caller holds or the client's own spinlock, IRQs
 * off, or the client's RCU read-side critical section (`context` parameter).
 */
export function maySleep(c: KvConfig, d: KvState, cpu: number, what: 'might_sleep' | 'synchronize_rcu'): void {
  if (d.callers[cpu].held !== 0) recordCtx(d, 'sleep-under-krcp-lock');
  else if (c.context === 'spinlock') recordCtx(d, 'sleep-under-spinlock');
  else if (d.cpu[cpu].irqOff) recordCtx(d, what === 'might_sleep' ? 'might_sleep-atomic' : 'synchronize_rcu-atomic');
  else if (c.context === 'reader') recordCtx(d, 'sleep-in-reader');
}

/**
 * B12, `context=rqlock`: the caller holds rq->lock (raw_spin_lock_irqsave(), as the scheduler's
 * own paths do), and the step it runs synchronously may wake a task, which takes a runqueue lock:
 * a work item queued with no delay (queue_work(), or queue_delayed_work() with delay 0:
 * kernel/workqueue.c __queue_delayed_work() `if (!delay) { __queue_work(); return; }`, then
 * insert_work() -> wake_up_worker() -> wake_up_process() -> try_to_wake_up(), which takes the
 * worker's rq->lock, this CPU's for a per-CPU workqueue: recursion on the lock held), or the page
 * allocator entered with __GFP_KSWAPD_RECLAIM (GFP_NOWAIT, GFP_ATOMIC: mm/page_alloc.c
 * __alloc_pages_slowpath() wake_all_kswapds() -> wakeup_kswapd() -> wake_up_interruptible(&pgdat->kswapd_wait)).
 * A delay > 0 only arms a timer (add_timer()), and hrtimer_start() only enqueues an hrtimer: the
 * callback queues later, from the timer interrupt, outside the caller. Record the first (P5).
 */
export function mayWakeUnderRqLock(c: KvConfig, d: KvState, why: 'wake-under-rq-lock' | 'alloc-wake-under-rq-lock'): void {
  if (c.context === 'rqlock') recordCtx(d, why);
}

/** Allocation-failure budget (`failures` parameter). */
export function budgetAllows(c: KvConfig, s: Readonly<KvState>, failures: number): boolean {
  return failures === 0 || s.fails + failures <= c.maxFails;
}
export function spend(c: KvConfig, d: KvState, failures: number): void {
  if (failures > 0 && Number.isFinite(c.maxFails)) d.fails += failures;
}

/**
 * Client unpublish and C0. `atC0` runs at the end of C0 (v6: `debug_rcu_head_queue()` before any
 * lock) and may end the call.
 */
export function callerEntryActions(c: KvConfig, atC0?: (d: KvState, cpu: number, obj: number) => void): AnyActionDef<KvState>[] {
  const cpus = Array.from({ length: c.cpus }, (_, i) => i);
  // Fairness (liveness, ADR 8): the client's decision to unpublish and to call (C0) is unfair, a
  // client may stop before any call; every step after C0 is weakly fair (the caller holds
  // krcp->lock, has IRQs off, or sleeps in an allocation or synchronize_rcu(), and must not stop
  // there forever).
  return [
    {
      // Client: rcu_assign_pointer(slot, NULL) before kvfree_rcu(x) (§1.3).
      name: 'unpublish (rcu_assign_pointer(slot, NULL))',
      actor: (cpu: number) => `caller${cpu}`,
      params: cpus,
      label: (cpu: number) => `caller${cpu}`,
      at: (cpu) => callerAt(cpu, 'unpub'),
      enabled: (s, cpu) => s.callers[cpu].pc === 'unpub' && cpuFree(s, cpu) && (s.sched !== 'INACTIVE' || cpu === 0),
      apply: (d, cpu) => {
        const obj = curObj(c, d, cpu);
        if (c.mutation !== 'call-before-unpublish') d.objs[obj].published = false; // rcu_assign_pointer(slot, NULL)
        if (c.irqoff) d.cpu[cpu].irqOff = true; // the client's own local_irq_save() around the call
        d.callers[cpu].pc = 'C0';
      },
    },
    {
      // kvfree_call_rcu() C0: ptr := head - func, or might_sleep() and ptr := func. snap(x) for P1(b).
      name: 'C0 kvfree_call_rcu entry',
      actor: (cpu: number) => `caller${cpu}`,
      params: cpus,
      label: (cpu: number) => `caller${cpu}`,
      at: (cpu) => callerAt(cpu, 'C0'),
      enabled: (s, cpu) => s.callers[cpu].pc === 'C0',
      apply: (d, cpu) => {
        const obj = curObj(c, d, cpu);
        const o = d.objs[obj];
        if (c.objects[obj].form === 'headless') maySleep(c, d, cpu, 'might_sleep');
        o.called = true;
        o.snap = snap(d.gp);
        d.callers[cpu].pc = 'C1';
        if (atC0) atC0(d, cpu, obj);
      },
    },
  ];
}

/** C8: after the lock and IRQs are released, `debug_rcu_head_unqueue(ptr); synchronize_rcu(); kvfree(ptr)`. */
export function callerC8Actions(c: KvConfig): AnyActionDef<KvState>[] {
  const cpus = Array.from({ length: c.cpus }, (_, i) => i);
  return [
    {
      // C8: debug_rcu_head_unqueue(ptr) after IRQs are restored.
      name: 'C8 debug_rcu_head_unqueue',
      fair: 'weak',
      actor: (cpu: number) => `caller${cpu}`,
      params: cpus,
      label: (cpu: number) => `caller${cpu}`,
      at: (cpu) => callerAt(cpu, 'C8unqueue'),
      enabled: (s, cpu) => s.callers[cpu].pc === 'C8unqueue',
      apply: (d, cpu) => {
        debugUnqueue(c, d, BigInt(d.objs[curObj(c, d, cpu)].addr));
        d.callers[cpu].pc = 'C8sync';
      },
    },
    {
      // C8: synchronize_rcu() begins (returns at once while rcu_scheduler_active = INACTIVE).
      name: 'C8 synchronize_rcu',
      fair: 'weak',
      actor: (cpu: number) => `caller${cpu}`,
      params: cpus,
      label: (cpu: number) => `caller${cpu}`,
      at: (cpu) => callerAt(cpu, 'C8sync'),
      enabled: (s, cpu) => s.callers[cpu].pc === 'C8sync',
      apply: (d, cpu) => {
        maySleep(c, d, cpu, 'synchronize_rcu');
        const cl = d.callers[cpu];
        if (d.sched === 'INACTIVE') {
          // rcu_blocking_is_gp(): one CPU, one task, no reader can exist, so the call itself is a
          // full grace period. Advance the sequence by one so that done(snap) holds for earlier calls.
          d.gp = snap(d.gp);
          cl.pc = 'C8free';
        } else {
          cl.syncSnap = snap(d.gp);
          cl.pc = 'C8wait';
        }
      },
    },
    {
      // C8: synchronize_rcu() returns once a full GP has elapsed.
      name: 'C8 synchronize_rcu returns',
      fair: 'weak',
      actor: (cpu: number) => `caller${cpu}`,
      params: cpus,
      label: (cpu: number) => `caller${cpu}`,
      at: (cpu) => callerAt(cpu, 'C8wait'),
      enabled: (s, cpu) => s.callers[cpu].pc === 'C8wait' && done(s.gp, s.callers[cpu].syncSnap),
      apply: (d, cpu) => {
        d.callers[cpu].pc = 'C8free';
        d.callers[cpu].syncSnap = 0;
      },
    },
    {
      // C8: kvfree(ptr) inline.
      name: 'C8 kvfree',
      fair: 'weak',
      actor: (cpu: number) => `caller${cpu}`,
      params: cpus,
      label: (cpu: number) => `caller${cpu}`,
      at: (cpu) => callerAt(cpu, 'C8free'),
      enabled: (s, cpu) => s.callers[cpu].pc === 'C8free',
      apply: (d, cpu) => {
        free(c, d, 'kvfree', BigInt(d.objs[curObj(c, d, cpu)].addr));
        const cl = d.callers[cpu];
        if (cl.held !== 0) {
          // The section is still open (only the sync-under-lock mutation keeps it over C8):
          // spin_unlock(); local_irq_restore() by the caller that took them.
          unlock(d, cl.held - 1);
          if (!c.irqoff) d.cpu[cl.held - 1].irqOff = false;
          cl.held = 0;
        }
        nextCall(c, d, cpu);
      },
    },
  ];
}
