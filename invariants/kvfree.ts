/**
 * The kvfree-family properties (docs/protocol.md §5), written once against the shared World
 * observation (models/kvfree/common/world.ts) plus three small accessors each variant supplies.
 *
 * Why this file exists: every protocol variant must be judged by the same definitions of
 * premature free, double free, invalid free, leak, context discipline, accounting and
 * debug-object pairing; a variant cannot weaken a property by carrying its own copy.
 *
 * What it must not do: inspect protocol-specific state except through `KvfreeSpec`.
 */
import type { Property } from '../src/model/types.js';
import { done, hexAddr as hex, type World } from '../models/kvfree/common/world.js';

/** What a variant tells the shared properties about its own structures. */
export interface KvfreeSpec<S extends World> {
  /** P6: a sentence describing the first krcp whose counter differs from its channels, or null. */
  countMismatch(s: Readonly<S>): string | null;
  /** P5(b): a sentence if a lock is held or IRQs are off between steps where they must not be, or null. */
  atRest(s: Readonly<S>): string | null;
  /** Clients finished and no reader active: the quiescent states P4 and P7 talk about. */
  clientsFinished(s: Readonly<S>): boolean;
  /** CONFIG_DEBUG_OBJECTS_RCU_HEAD is modelled (`debug=1`): every handed-over object was queued in the debug-object table. */
  readonly debug: boolean;
  /** Liveness instances: the number of objects (`eventual-free`) and of CPUs (`monitor-drains`). */
  readonly objects: number;
  readonly cpus: number;
  /**
   * B5 (v6): a sentence if this step is a caller's return from a sleeping page allocation that
   * changed a krcp other than the one whose lock it dropped for it (the krcp whose state justified
   * allocating), or null. Variants without that step leave it out.
   */
  krcpSwitch?(prev: Readonly<S>, next: Readonly<S>): string | null;
}

export const KVFREE_PROPERTY_NAMES = [
  'gp-guarantee',
  'reader-safety',
  'exactly-once',
  'valid-free',
  'no-uaf-read',
  'back-pointer',
  'context',
  'accounting',
  'debug-objects',
  'no-leak',
  'debug-objects-end',
  'krcp-consistent',
  'debug-objects-lost',
  'barrier-complete',
  'destroy-clean',
  'flush-dependency',
  'shrink-stop',
] as const;

/**
 * Liveness (issue #14, ADR 8): checked only when named with `--invariant`, under the actions'
 * fairness (workqueue, timers, grace periods, callbacks, boot and in-call caller steps weakly
 * fair; clients, reader entries, spontaneous GPs and the shrinker not). Kept apart from
 * KVFREE_PROPERTY_NAMES, whose every entry a default check decides.
 */
export const KVFREE_LIVENESS_NAMES = ['eventual-free', 'freed-within', 'monitor-drains'] as const;

/** Does krcp x hold anything on its channels (bulk pages or the ch3 list)? */
export function krcpQueued(s: Readonly<World & { cpu: readonly { head: number; bkvhead: readonly number[] }[] }>, x: number): boolean {
  const k = s.cpu[x];
  return k.head !== 0 || k.bkvhead[0] !== 0 || k.bkvhead[1] !== 0;
}

/** An object handed to kvfree_call_rcu(), never freed, yet no longer active in the debug-object table (debug=1), or -1. */
function lostToDebug(s: Readonly<World>): number {
  return s.objs.findIndex((o) => o.called && o.frees === 0 && !o.dbg);
}

function firstPremature(prev: Readonly<World>, next: Readonly<World>): number {
  for (let i = 0; i < next.objs.length; i++) {
    const o = next.objs[i];
    if (o.frees > prev.objs[i].frees && !(o.called && done(next.gp, o.snap))) return i;
  }
  return -1;
}

function heldFreed(s: Readonly<World>): { r: number; o: number } | null {
  for (let r = 0; r < s.readers.length; r++) {
    const rd = s.readers[r];
    if (rd.ph !== 'in' || rd.holds === 0) continue;
    for (let o = 0; o < s.objs.length; o++) if ((rd.holds & (1 << o)) !== 0 && s.objs[o].frees > 0) return { r, o };
  }
  return null;
}

function overFreed(s: Readonly<World>): string | null {
  for (let i = 0; i < s.objs.length; i++) {
    const o = s.objs[i];
    if (o.frees > 1) return `object ${i} (${hex(o.addr)}) was freed ${o.frees} times`;
    if (o.wfrees > 1) return `the wrapper of object ${i} (${hex(o.wrap)}) was freed ${o.wfrees} times`;
  }
  for (let p = 0; p < s.pages.length; p++) if (s.pages[p].frees > 1) return `bulk page ${p} was freed ${s.pages[p].frees} times`;
  return null;
}

function leaked(s: Readonly<World>): string | null {
  for (let i = 0; i < s.objs.length; i++) {
    const o = s.objs[i];
    if (o.accepted && o.frees === 0) return `object ${i} (${hex(o.addr)}) was accepted by kvfree_call_rcu() but is never freed`;
    if (o.wrap !== 0 && o.wfrees === 0) return `the wrapper ${hex(o.wrap)} attached to object ${i} is never freed`;
  }
  for (let p = 0; p < s.pages.length; p++) {
    if (s.pages[p].st === 'inuse') return `bulk page ${p} is still chained but nothing will process it`;
  }
  return null;
}

/** P5 in words, from the ghost the sleeping step recorded (null when only `atRest` failed). */
function contextText(s: Readonly<World>): string | null {
  switch (s.ghost.ctx) {
    case 'none':
      return null;
    case 'might_sleep-atomic':
      return 'the head-less kvfree_rcu() reached might_sleep() (C0) with IRQs disabled: it may block in synchronize_rcu()';
    case 'synchronize_rcu-atomic':
      return 'synchronize_rcu() (C8) was called with IRQs disabled';
    case 'sleep-under-krcp-lock':
      return 'synchronize_rcu() (C8) was called while its caller still holds krcp->lock (and IRQs off) from C1';
    case 'sleep-under-spinlock':
      return "the head-less kvfree_rcu() reached might_sleep() (C0) while the client holds its own spinlock: it may block in synchronize_rcu() (B13: the one-argument form may sleep)";
    case 'sleep-in-reader':
      return "the head-less kvfree_rcu() reached might_sleep() (C0) inside the client's RCU read-side critical section: it may block in synchronize_rcu() (B13: the one-argument form may sleep)";
    case 'rt-spinlock-atomic':
      return 'kvfree_call_rcu() (C1) took krcp->lock, a spinlock_t, after local_irq_save(): under PREEMPT_RT a spinlock_t is a sleeping lock, so it may sleep with IRQs disabled (B4; krcp->lock made raw by 8ac88f7177c7 in v5.9)';
    case 'alloc-under-raw-lock':
      return 'kvfree_call_rcu() (C3) entered the page allocator (__get_free_page(GFP_NOWAIT)) under the raw_spinlock_t krcp->lock: the allocator takes spinlock_t zone->lock, a sleeping lock under PREEMPT_RT, inside a raw lock (CONFIG_PROVE_RAW_LOCK_NESTING; B4, moved to the page-cache work in v5.11)';
    case 'wake-under-rq-lock':
      return 'kvfree_call_rcu() queued a work item with no delay while its caller holds rq->lock: __queue_work() wakes a worker (wake_up_process() -> try_to_wake_up()), which takes a runqueue lock, the one held when the worker is on this CPU (B12; mainline arms a timer or an hrtimer instead)';
    case 'alloc-wake-under-rq-lock':
      return 'kvfree_call_rcu() entered the page allocator with __GFP_KSWAPD_RECLAIM (GFP_NOWAIT / GFP_ATOMIC) while its caller holds rq->lock: the allocator may wake kswapd (wake_all_kswapds() -> wakeup_kswapd() -> try_to_wake_up()), which takes a runqueue lock (B12; no allocation under the lock from v5.11, 56292e8609e3)';
    case 'lock-not-held':
    case 'lock-held-at-rest':
    case 'irq-not-restored':
      return `lock/IRQ discipline broken: ${s.ghost.ctx}`;
  }
}

export function kvfreeProperties<S extends World & { cpu: readonly { head: number; bkvhead: readonly number[] }[] }>(spec: KvfreeSpec<S>): Property<S>[] {
  return [
    {
      kind: 'transition',
      name: 'gp-guarantee',
      description: 'P1(b): an object is freed only after a full grace period that started after its kvfree_call_rcu() began',
      holds: (prev, next) => firstPremature(prev, next) < 0,
      explain: (prev, next) => {
        const i = firstPremature(prev, next);
        const o = next.objs[i];
        return o.called
          ? `object ${i} (${hex(o.addr)}) was freed at GP sequence ${next.gp}, but kvfree_call_rcu() took snap ${o.snap} at C0, so a full grace period had not elapsed`
          : `object ${i} (${hex(o.addr)}) was freed before kvfree_call_rcu() was called for it`;
      },
    },
    {
      kind: 'invariant',
      name: 'reader-safety',
      description: 'P1(a): no reader inside its read-side critical section holds a reference to a freed object',
      holds: (s) => heldFreed(s) === null,
      explain: (s) => {
        const h = heldFreed(s)!;
        return `reader ${h.r} (began at GP sequence ${s.readers[h.r].start}) still holds object ${h.o} (${hex(s.objs[h.o].addr)}), which has been freed (GP sequence now ${s.gp})`;
      },
    },
    {
      kind: 'invariant',
      name: 'exactly-once',
      description: 'P2: no object, wrapper or bulk page is freed twice',
      holds: (s) => overFreed(s) === null,
      explain: (s) => overFreed(s)!,
    },
    {
      kind: 'invariant',
      name: 'valid-free',
      description: 'P3: every free gets the start address of a live allocation of the matching kind',
      holds: (s) => s.ghost.invalid === 'none',
      explain: (s) =>
        `${s.ghost.invalidFn}(${hex(s.ghost.invalidAddr)}) is an invalid free: ${
          s.ghost.invalid === 'interior'
            ? 'the address lies inside an allocation but is not its start'
            : s.ghost.invalid === 'wrong-kind'
              ? 'the allocation is of another kind (slab/vmalloc/page)'
              : 'no allocation starts there'
        }`,
    },
    {
      kind: 'invariant',
      name: 'no-uaf-read',
      description: 'P3b: the protocol never reads a word of freed memory',
      holds: (s) => !s.ghost.uaf,
      explain: (s) => `the reclaim path read the word at ${hex(s.ghost.uafAddr)}, which lies in memory that was already freed`,
    },
    {
      kind: 'invariant',
      name: 'back-pointer',
      description: 'the memory freed for an rcu_head taken from ch3 is exactly the object (and its wrapper) queued with it',
      holds: (s) => s.ghost.decode === 0,
      explain: (s) => {
        const i = s.ghost.decode - 1;
        const o = s.objs[i];
        return `kfree_rcu_work() decoded the rcu_head of object ${i} (${hex(o.addr)}${o.wrap ? `, wrapper ${hex(o.wrap)}` : ''}) to ${hex(s.ghost.decodeAddr)} instead`;
      },
    },
    {
      kind: 'invariant',
      name: 'context',
      description: 'P5: nothing sleeps with IRQs off, a spinlock held or inside a reader; nothing wakes a task while the caller holds rq->lock (context=rqlock, B12); locks are released by their holder; IRQ state is restored',
      holds: (s) => s.ghost.ctx === 'none' && spec.atRest(s) === null,
      explain: (s) => contextText(s) ?? spec.atRest(s)!,
    },
    {
      kind: 'invariant',
      name: 'accounting',
      description: 'P6: whenever no krcp lock is held, krcp->count equals the records in its bulk pages plus the length of its ch3 list',
      holds: (s) => spec.countMismatch(s) === null,
      explain: (s) => spec.countMismatch(s)!,
    },
    {
      kind: 'invariant',
      name: 'debug-objects',
      description: 'P7: debug_rcu_head_unqueue() only on active addresses; no active address is freed; no unexpected re-queue',
      holds: (s) => s.ghost.dbg === 'none',
      explain: (s) =>
        s.ghost.dbg === 'unqueue-inactive'
          ? `debug_rcu_head_unqueue(${hex(s.ghost.dbgAddr)}) on an address that is not active in the debug-object table`
          : s.ghost.dbg === 'free-active'
            ? `${hex(s.ghost.dbgAddr)} was freed while still active in the debug-object table`
            : `debug_rcu_head_queue(${hex(s.ghost.dbgAddr)}) found it already active (double kvfree_rcu())`,
    },
    {
      kind: 'invariant',
      name: 'barrier-complete',
      description:
        "P9 (issue 27): when kvfree_rcu_barrier() returns, every object whose kvfree_rcu() call returned before the barrier began has been freed (the barrier's contract, its comment in kernel/rcu/tree.c v6.12: \"Wait until all in-flight kvfree_rcu() complete\")",
      holds: (s) => s.ghost.barrier === 'none',
      explain: (s) =>
        `kvfree_rcu_barrier() returned while object ${hex(s.ghost.tdAddr)}, whose kvfree_rcu() returned before the barrier began, was still not freed`,
    },
    {
      kind: 'invariant',
      name: 'destroy-clean',
      description:
        'P10 (issue 27, B10): kmem_cache_destroy() finds no object of the cache still allocated when __kmem_cache_shutdown() runs (else WARN "Slab cache still has objects" and the cache is leaked), and nothing is freed into the cache after it was released',
      holds: (s) => s.ghost.destroy === 'none',
      explain: (s) =>
        s.ghost.destroy === 'busy'
          ? `kmem_cache_destroy(): __kmem_cache_shutdown() found object ${hex(s.ghost.tdAddr)} still allocated ("Slab cache still has objects"): kvfree_rcu() had not freed it yet`
          : `object ${hex(s.ghost.tdAddr)} was freed into its kmem_cache after kmem_cache_destroy() released the cache`,
    },
    {
      kind: 'invariant',
      name: 'flush-dependency',
      description:
        "P11 (issue 27, B10'): no flush from a WQ_MEM_RECLAIM worker waits on a queued or running work of a workqueue that is not WQ_MEM_RECLAIM (kernel/workqueue.c check_flush_dependency(): WARN \"WQ_MEM_RECLAIM ... is flushing !WQ_MEM_RECLAIM ...\"; such a flush can deadlock under memory pressure)",
      holds: (s) => !s.ghost.flushDep,
      explain: () =>
        'kvfree_rcu_barrier(), run by a WQ_MEM_RECLAIM worker, flush_rcu_work()s a batch queued or running on system_unbound_wq, which is not WQ_MEM_RECLAIM: check_flush_dependency() WARNs',
    },
    {
      kind: 'invariant',
      name: 'shrink-stop',
      description:
        'P12 (v1, v5.9; B9): within one do_shrink_slab() (mm/vmscan.c), scan_objects() is not called again after a call that found nothing (kfree_rcu_shrink_scan() reports SHRINK_STOP then, c6dfd72b7a3b); judged with shrinkCore=1, the only wasted work counted is calls after that one',
      holds: (s) => s.ghost.shrinkWasted === 0,
      explain: () =>
        'do_shrink_slab() called kfree_rcu_shrink_scan() again after a call of the same invocation found nothing and returned 0 instead of SHRINK_STOP: a wasted call (total_scan still bounds the loop)',
    },
    {
      kind: 'terminal',
      name: 'no-leak',
      description: 'P4/P2: once clients are done and nothing can run, every accepted object and wrapper is freed and every bulk page is freed or cached',
      holds: (s) => !spec.clientsFinished(s) || leaked(s) === null,
      explain: (s) => `quiescent state: ${leaked(s)}`,
    },
    {
      kind: 'terminal',
      name: 'debug-objects-end',
      description: 'P7: in a quiescent state no address queued by the protocol is still active in the debug-object table',
      holds: (s) => !spec.clientsFinished(s) || s.objs.every((o) => !o.dbg),
      explain: (s) => {
        const i = s.objs.findIndex((o) => o.dbg);
        return `quiescent state: object ${i} (${hex(s.objs[i].addr)}) is still active in the debug-object table`;
      },
    },
    {
      kind: 'terminal',
      name: 'debug-objects-lost',
      description:
        'P7(c) (B11): with debug objects on, in a quiescent state an object handed to kvfree_call_rcu() and never freed is still active in the debug-object table, so CONFIG_DEBUG_OBJECTS_RCU_HEAD can report it (no reclaim path deactivates what it does not free)',
      holds: (s) => !spec.debug || !spec.clientsFinished(s) || lostToDebug(s) < 0,
      explain: (s) => {
        const i = lostToDebug(s);
        return `quiescent state: object ${i} (${hex(s.objs[i].addr)}) was handed to kvfree_call_rcu() and never freed, but it is no longer active in the debug-object table: the leak is invisible to CONFIG_DEBUG_OBJECTS_RCU_HEAD`;
      },
    },
    {
      kind: 'transition',
      name: 'krcp-consistent',
      description:
        'P8 (B5): the step that returns from the sleeping page allocation of add_ptr_to_bulk_krc_lock() changes (page attached, record, counters, refill request, monitor) only the krcp whose lock it dropped for it, the krcp whose state justified allocating (a lock released by a non-holder is a context violation)',
      holds: (prev, next) => (spec.krcpSwitch === undefined ? true : spec.krcpSwitch(prev, next) === null),
      explain: (prev, next) => spec.krcpSwitch!(prev, next)!,
    },
    {
      kind: 'leadsTo',
      name: 'eventual-free',
      description:
        'P4(b) (issue #14): every object accepted by kvfree_call_rcu() is eventually freed, whatever the scheduler does, as long as work items, timers and grace periods are not starved (weak fairness)',
      instances: spec.objects,
      p: (s, i) => s.objs[i].accepted,
      q: (s, i) => s.objs[i].frees > 0,
      // Worst-case reclaim latency in grace periods (outcome.liveness.latency).
      measure: 'G grace period ends',
      explain: (s, i) => `object ${i} (${hex(s.objs[i].addr)}) was accepted by kvfree_call_rcu(), and a fair behaviour never frees it`,
    },
    {
      kind: 'leadsTo',
      name: 'freed-within',
      description:
        'P4(d) (issue #14): every object accepted by kvfree_call_rcu() is freed, on every fair behaviour, and at most K grace periods end between its acceptance and its free (`freed-within:K`; `freed-within` is K = 2)',
      instances: spec.objects,
      p: (s, i) => s.objs[i].accepted,
      q: (s, i) => s.objs[i].frees > 0,
      measure: 'G grace period ends',
      within: 2,
      explain: (s, i) => `object ${i} (${hex(s.objs[i].addr)}) was accepted by kvfree_call_rcu(), and a fair behaviour never frees it`,
    },
    {
      kind: 'leadsTo',
      name: 'monitor-drains',
      description: 'P4(c): once a krcp holds anything on its channels (bulk pages or ch3), it is eventually empty, per CPU, on every fair behaviour',
      instances: spec.cpus,
      p: (s, x) => krcpQueued(s, x),
      q: (s, x) => !krcpQueued(s, x),
      explain: (_s, x) => `krcp cpu${x} holds objects on its channels, and a fair behaviour never empties it`,
    },
  ];
}
