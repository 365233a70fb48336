/**
 * kvfree-v6's memory-access labels for the data-race check (`rcucheck check --races`,
 * src/model/races.ts), keyed by action name, and the registered kvfree-v6 model with them
 * attached.
 *
 * Why this file exists: issue 28 points 1-3 (B6). The labels are data beside the steps, cited
 * like the steps, but kept out of ./v6.ts so the protocol's steps and the race labels can change
 * independently: `kvfreeV6` here is ./v6.ts's model definition with each labelled action given
 * its `accesses`, nothing else (same actions in the same order, same names, actors, guards and
 * recipes, so the same states, counts and model fingerprint).
 *
 * What is labelled (B6, a23da88c6c80 "rcu/kvfree: Fix data-race in __mod_timer /
 * kvfree_call_rcu", v6.13; fixes 8fc5494ad5fa, v6.3). KCSAN's report in the fix's message, on
 * 6.12.0-rc2: "read ... by task ... on cpu 1: schedule_delayed_monitor_work kernel/rcu/tree.c:3520
 * [inline] kvfree_call_rcu" and "write ... on cpu 0: __mod_timer kernel/time/timer.c:1173,
 * add_timer_global, __queue_delayed_work, queue_delayed_work_on, schedule_delayed_monitor_work
 * kernel/rcu/tree.c:3525 [inline], kfree_rcu_monitor" (address 0xffff888237d1cce8, the monitor
 * work's timer.expires):
 * - the WRITE of `krcp[x].monitor_work.timer.expires`: kfree_rcu_monitor()'s re-arm,
 *   `if (need_offload_krc(krcp)) schedule_delayed_monitor_work(krcp);` → queue_delayed_work() →
 *   __queue_delayed_work() (`timer->expires = jiffies + delay`) / __mod_timer(). It happens only
 *   when the re-arm finds work to offload and monitor_work not pending (queue_delayed_work() wins
 *   test_and_set_bit(WORK_STRUCT_PENDING_BIT); a pending work is only read). The winner of that
 *   bit owns the timer until it fires, so the label counts the bit as a lock the writer holds
 *   (`krcp[x].monitor_work PENDING`): two re-arms (the monitor work's and the shrinker's own
 *   kfree_rcu_monitor() call) never both write. v6.3..v6.12 hold nothing else; from v6.13
 *   (`rearmUnderLock`) schedule_delayed_monitor_work() takes krcp->lock around
 *   __schedule_delayed_monitor_work(). Steps: `M kvfree_rcu_queue_batch + rearm` (shrinker=0: the
 *   re-arm ends the step, so `when` computes what kvfree_rcu_queue_batch() leaves), `M
 *   kfree_rcu_monitor: rearm` and `S kfree_rcu_monitor: rearm` (shrinker>0: their own steps).
 * - the READ of `krcp[x].monitor_work.timer.expires` under krcp->lock by kvfree_call_rcu() →
 *   schedule_delayed_monitor_work() (__schedule_delayed_monitor_work() from v6.13):
 *   `if (delayed_work_pending(&krcp->monitor_work)) { delay_left =
 *   krcp->monitor_work.timer.expires - jiffies; ...`, on every caller step that schedules the
 *   monitor while RUNNING. The read is labelled whether or not the work is pending before the
 *   step: a concurrent queue_delayed_work() sets PENDING before it stores expires, which is
 *   exactly KCSAN's interleaving. Its write path (mod_delayed_work() when `delay < delay_left`)
 *   is not labelled: delay is 1 jiffy only when krc_count() >= KVFREE_BULK_MAX_ENTR (510), which
 *   the model's page capacity (1..2) never reaches, so the caller never modifies the timer; its
 *   queue_delayed_work() of an idle work is serialised with the re-arm's by the PENDING bit.
 *
 * What is labelled for B6' (krcp->head; issue 28, row B6' of ./history.ts). need_offload_krc()
 * (kernel/rcu/tree.c v6.4..v6.12, mm/slab_common.c from v6.14):
 * `for (i = 0; i < FREE_N_CHANNELS; i++) if (!list_empty(&krcp->bulk_head[i])) return true;
 * return !!READ_ONCE(krcp->head);`, so it loads krcp->head only when both bulk lists are empty.
 * 8fc5494ad5fa "rcu/kvfree: Move need_offload_krc() out of krcp->lock" ("[PATCH rcu 4/8]",
 * 2023-01-04, v6.3 merge window; posted as "[PATCH 3/4]" 2022-11-28) made its callers
 * kfree_rcu_monitor() (after raw_spin_unlock_irqrestore()) and kfree_rcu_scheduler_running() (its
 * raw_spin_lock_irqsave() removed) call it without krcp->lock, and made the stores to krcp->head
 * WRITE_ONCE(); the load stayed plain (`return !!krcp->head;`) until 9627456101ec "rcu/kvfree: Use
 * READ_ONCE() when access to krcp->head" (6/8, same series). `kernel=v6.3-merge-cc37d52076a9`
 * (5/8) has 8fc5494ad5fa but not 9627456101ec (`headReadOnce` off): the load is plain there and
 * races with the stores; from `v6.3-merge-9627456101ec` on every read and every store is marked, so
 * no pair of them conflicts (the race check needs one plain access).
 * - the READ of `krcp[x].head`, marked, no lock, when both bulk lists are empty: the monitor's
 *   re-arm (`M kvfree_rcu_queue_batch + rearm`, on what kvfree_rcu_queue_batch() leaves; `M
 *   kfree_rcu_monitor: rearm`; the shrinker's `S kfree_rcu_monitor: rearm`), the boot re-arm `B
 *   kfree_rcu_scheduler_running` (no lock since 8fc5494ad5fa, although the model's step takes it:
 *   no lock is held across steps, so that changes no state), and kvfree_rcu_barrier()'s two
 *   unlocked need_offload_krc() calls (`T kvfree_rcu_barrier: need_offload_krc`, `... after a
 *   batch was busy`; 2b55d6a42d14, v6.12).
 * - the WRITEs of `krcp[x].head`, marked (WRITE_ONCE()), holding krcp->lock: kvfree_call_rcu()'s
 *   ch3 push `head->next = krcp->head; WRITE_ONCE(krcp->head, head);` (`C kvfree_call_rcu:
 *   add_ptr_to_bulk fails, ch3 or fallback` for an object with its own rcu_head, the dynamic-head
 *   push), kvfree_rcu_queue_batch()'s detach `WRITE_ONCE(krcp->head, NULL)` when the batch taken
 *   has its head_free slot free (the monitor's, the shrinker's and the barrier's queue steps), and
 *   kvfree_rcu_drain_ready()'s `WRITE_ONCE(krcp->head, NULL)` when head_gp_snap polls done (the
 *   monitor's and the shrinker's detach steps).
 * Before 5da7cb193db3 (`batchWhenAllIdle` off) the batch loop may fill both batches; the `when`s
 * of the queue steps then run ./v6-monitor.ts queueBatch on a copy of the state (afterQueue).
 *
 * The boot re-arm (`B kfree_rcu_scheduler_running`) also WRITEs `krcp[x].monitor_work.timer.expires`
 * when need_offload_krc() holds and the work is idle, holding the PENDING bit and, from v6.13
 * (a23da88c6c80), krcp->lock: schedule_delayed_monitor_work() is the same function the monitor's
 * re-arm calls, and kfree_rcu_scheduler_running() (no krcp->lock since 8fc5494ad5fa) calls it.
 *
 * Not labelled yet: nr_bkv_objs (B6': no tree read it unlocked and plain), the page-cache work, and every field not named above; a race on them cannot be
 * found until they are.
 *
 * What it must not do: change a step's guard, recipe, name, actor or order, or read ghost fields.
 */
import type { AnyActionDef, Access, ModelDef, ModelInstance, Params } from '../../src/model/types.js';
import { curObj } from './common/caller.js';
import { done } from './common/world.js';
import { copyState, kvConfig } from './common/kstate.js';
import { kvfreeV6 as kvfreeV6Steps } from './v6.js';
import { needOffload, queueBatch, type V6Config, type V6State } from './v6-monitor.js';
import { V6_DEFAULT_KERNEL, v6Features, type V6Kernel } from './v6-versions.js';

/** The location B6 races on. */
export const expires = (x: number): string => `krcp[${x}].monitor_work.timer.expires`;
const krcpLock = (x: number): string => `krcp[${x}].lock`;
const pendingBit = (x: number): string => `krcp[${x}].monitor_work PENDING`;
/** The location B6' is about: ch3's list head, loaded by need_offload_krc() without the lock. */
export const krcpHead = (x: number): string => `krcp[${x}].head`;

const HEAD_READ_CITE =
  'need_offload_krc(): return !!READ_ONCE(krcp->head), called without krcp->lock (8fc5494ad5fa; READ_ONCE() from 9627456101ec, v6.3), kernel/rcu/tree.c v6.12';
const HEAD_READ_CITE_PLAIN =
  'need_offload_krc(): return !!krcp->head (plain), called without krcp->lock since 8fc5494ad5fa, kernel/rcu/tree.c at cc37d52076a9 (before 9627456101ec)';
const HEAD_PUSH_CITE = 'kvfree_call_rcu(): head->next = krcp->head; WRITE_ONCE(krcp->head, head) under krcp->lock, kernel/rcu/tree.c v6.12';
const HEAD_DETACH_CITE = 'kvfree_rcu_queue_batch(): krwp->head_free = krcp->head; WRITE_ONCE(krcp->head, NULL) under krcp->lock, kernel/rcu/tree.c v6.12';
const HEAD_DRAIN_CITE = 'kvfree_rcu_drain_ready(): head_ready = krcp->head; WRITE_ONCE(krcp->head, NULL) under krcp->lock, kernel/rcu/tree.c v6.12';

/** Both bulk lists of krcp k empty: need_offload_krc() goes on to load krcp->head. */
const bulkEmpty = (k: Readonly<V6State['cpu'][number]>): boolean => k.bkvhead[0] === 0 && k.bkvhead[1] === 0;

/**
 * The batch kvfree_rcu_queue_batch() (./v6-monitor.ts queueBatch) takes on krcp x, or -1 when it
 * takes none (every batch busy, or nothing to offload).
 */
function takenBatch(c: V6Config, s: Readonly<V6State>, x: number): number {
  const k = s.cpu[x];
  if (!needOffload(k)) return -1;
  for (let i = 0; i < k.krw.length; i++) {
    const b = k.krw[i];
    if (c.mutation === 'busy-batch') {
      const fits = (k.bkvhead[0] !== 0 && b.bkvFree[0] === 0) || (k.bkvhead[1] !== 0 && b.bkvFree[1] === 0) || (k.head !== 0 && b.headFree === 0);
      if (fits) return i;
    } else if (b.bkvFree[0] === 0 && b.bkvFree[1] === 0 && b.headFree === 0) return i;
  }
  return -1;
}

/**
 * krcp x after the batch loop, by running it (./v6-monitor.ts queueBatch) on a copy: before
 * 5da7cb193db3 (`batchWhenAllIdle` off) the loop may fill both batches, which takenBatch() does not
 * describe.
 */
function afterQueue(c: V6Config, s: Readonly<V6State>, x: number): Readonly<V6State['cpu'][number]> {
  const d = copyState(c, s);
  queueBatch(c, d, x);
  return d.cpu[x];
}

/** Does kvfree_rcu_queue_batch() on krcp x store NULL to krcp->head (the batch taken has its head_free slot free)? */
function queueStoresHead(c: V6Config, s: Readonly<V6State>, x: number): boolean {
  if (!c.v.batchWhenAllIdle) return s.cpu[x].head !== 0 && afterQueue(c, s, x).head === 0;
  const i = takenBatch(c, s, x);
  return i >= 0 && s.cpu[x].krw[i].headFree === 0;
}

/** Are both bulk lists of krcp x empty after kvfree_rcu_queue_batch() (what the combined re-arm reads)? */
function bulkEmptyAfterQueue(c: V6Config, s: Readonly<V6State>, x: number): boolean {
  if (!c.v.batchWhenAllIdle) return bulkEmpty(afterQueue(c, s, x));
  const k = s.cpu[x];
  const i = takenBatch(c, s, x);
  if (i < 0) return bulkEmpty(k);
  const b = k.krw[i];
  return (k.bkvhead[0] === 0 || b.bkvFree[0] === 0) && (k.bkvhead[1] === 0 || b.bkvFree[1] === 0);
}

const WRITE_CITE = 'kfree_rcu_monitor() → schedule_delayed_monitor_work() → queue_delayed_work() → __mod_timer(), kernel/rcu/tree.c v6.12';
const WRITE_CITE_LOCKED = 'kfree_rcu_monitor() → schedule_delayed_monitor_work() under krcp->lock → queue_delayed_work() → __mod_timer(), kernel/rcu/tree.c v6.13 (a23da88c6c80)';
const BOOT_WRITE_CITE =
  'kfree_rcu_scheduler_running() → schedule_delayed_monitor_work() → queue_delayed_work() → __mod_timer(), without krcp->lock (8fc5494ad5fa), kernel/rcu/tree.c v6.12';
const BOOT_WRITE_CITE_LOCKED =
  'kfree_rcu_scheduler_running() → schedule_delayed_monitor_work() under krcp->lock (a23da88c6c80) → __schedule_delayed_monitor_work() → queue_delayed_work(), kernel/rcu/tree.c v6.13';
const READ_CITE = 'kvfree_call_rcu() → schedule_delayed_monitor_work(): delay_left = krcp->monitor_work.timer.expires - jiffies, kernel/rcu/tree.c v6.12';

/**
 * Whether kfree_rcu_monitor()'s re-arm after kvfree_rcu_queue_batch() (./v6-monitor.ts
 * queueBatch) finds something to offload: what the queue step leaves on krcp x's channels.
 */
function offloadAfterQueue(c: V6Config, s: Readonly<V6State>, x: number): boolean {
  if (!c.v.batchWhenAllIdle) return needOffload(afterQueue(c, s, x));
  const k = s.cpu[x];
  if (!needOffload(k)) return false;
  for (const b of k.krw) {
    const busy = b.bkvFree[0] !== 0 || b.bkvFree[1] !== 0 || b.headFree !== 0;
    if (c.mutation === 'busy-batch') {
      const fits = (k.bkvhead[0] !== 0 && b.bkvFree[0] === 0) || (k.bkvhead[1] !== 0 && b.bkvFree[1] === 0) || (k.head !== 0 && b.headFree === 0);
      if (!fits) continue;
    } else if (busy) continue;
    // This batch takes every channel whose slot is empty; the others stay.
    return (k.bkvhead[0] !== 0 && b.bkvFree[0] !== 0) || (k.bkvhead[1] !== 0 && b.bkvFree[1] !== 0) || (k.head !== 0 && b.headFree !== 0);
  }
  return true;
}

// Each action's own parameter type is checked where its labels are written (`satisfies`, `read`).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyAccess = Access<V6State, any>;

/** The labels, by action name, for one configuration. */
export function v6Accesses(c: V6Config): Record<string, readonly AnyAccess[]> {
  const xs = Array.from({ length: c.cpus }, (_, i) => i);
  const writeLocks = (x: number): string[] => (c.v.rearmUnderLock ? [krcpLock(x), pendingBit(x)] : [pendingBit(x)]);
  const writeCite = c.v.rearmUnderLock ? WRITE_CITE_LOCKED : WRITE_CITE;
  const idle = (s: Readonly<V6State>, x: number): boolean => !s.cpu[x].monPending;
  const running = (s: Readonly<V6State>): boolean => s.sched === 'RUNNING';
  const read = <P>(loc: (p: P) => number, when: (s: Readonly<V6State>, p: P) => boolean): Access<V6State, P> => ({
    loc: (p) => expires(loc(p)),
    kind: 'read',
    mode: 'plain',
    locks: (p) => [krcpLock(loc(p))],
    when,
    cite: READ_CITE,
  });
  type CallerP = { cpu: number; x: number; ok?: boolean };
  // B6': need_offload_krc()'s load of krcp->head (marked from 9627456101ec, in every version here).
  const headRead = <P>(loc: (p: P) => number, when: (s: Readonly<V6State>, p: P) => boolean, how: string): AnyAccess =>
    ({
      loc: (p: P) => krcpHead(loc(p)),
      kind: 'read',
      // Plain before 9627456101ec (`headReadOnce`): `return !!krcp->head;` (8fc5494ad5fa..cc37d52076a9).
      mode: c.v.headReadOnce ? 'marked' : 'plain',
      locks: [],
      when,
      cite: `${c.v.headReadOnce ? HEAD_READ_CITE : HEAD_READ_CITE_PLAIN}${how}`,
    }) satisfies Access<V6State, P>;
  const headWrite = <P>(loc: (p: P) => number, when: (s: Readonly<V6State>, p: P) => boolean, cite: string): AnyAccess =>
    ({
      loc: (p: P) => krcpHead(loc(p)),
      kind: 'write',
      mode: 'marked',
      locks: (p: P) => [krcpLock(loc(p))],
      when,
      cite,
    }) satisfies Access<V6State, P>;
  const self = (x: number): number => x;
  const perCpu = (f: (x: number) => AnyAccess): AnyAccess[] => xs.map(f);
  const drainStores = (s: Readonly<V6State>, x: number): boolean => s.cpu[x].head !== 0 && done(s.gp, s.cpu[x].headSnap);
  const bootX = (s: Readonly<V6State>): number => s.boot - c.cpus - 2;
  return {
    'M kvfree_rcu_queue_batch': [headWrite(self, (s, x: number) => queueStoresHead(c, s, x), HEAD_DETACH_CITE)],
    'M kvfree_rcu_drain_ready detach': [headWrite(self, (s, x: number) => drainStores(s, x), HEAD_DRAIN_CITE)],
    'S kfree_rcu_monitor: kvfree_rcu_drain_ready detach': perCpu((x) =>
      headWrite((_p: undefined) => x, (s) => s.shr.x === x && drainStores(s, x), `${HEAD_DRAIN_CITE} (kfree_rcu_shrink_scan() → kfree_rcu_monitor())`),
    ),
    'S kfree_rcu_monitor: kvfree_rcu_queue_batch': perCpu((x) =>
      headWrite((_p: undefined) => x, (s) => s.shr.x === x && queueStoresHead(c, s, x), `${HEAD_DETACH_CITE} (kfree_rcu_shrink_scan() → kfree_rcu_monitor())`),
    ),
    'T kvfree_rcu_barrier: kvfree_rcu_queue_batch': perCpu((x) =>
      headWrite((_p: undefined) => x, (s) => s.td.x === x && queueStoresHead(c, s, x), `${HEAD_DETACH_CITE} (kvfree_rcu_barrier())`),
    ),
    'T kvfree_rcu_barrier: need_offload_krc': perCpu((x) =>
      headRead((_p: undefined) => x, (s) => s.td.x === x && bulkEmpty(s.cpu[x]), ' (kvfree_rcu_barrier(): if (!need_offload_krc(krcp)) continue;)'),
    ),
    'T kvfree_rcu_barrier: need_offload_krc after a batch was busy': perCpu((x) =>
      headRead((_p: undefined) => x, (s) => s.td.x === x && bulkEmpty(s.cpu[x]), ' (kvfree_rcu_barrier(): if (queued || !need_offload_krc(krcp)) break;)'),
    ),
    'B kfree_rcu_scheduler_running': [
      ...perCpu((x) =>
        headRead((_p: undefined) => x, (s) => bootX(s) === x && bulkEmpty(s.cpu[x]), ' (kfree_rcu_scheduler_running(), no krcp->lock since 8fc5494ad5fa)'),
      ),
      // The boot re-arm's write of the timer: `if (need_offload_krc(krcp)) schedule_delayed_monitor_work(krcp);`,
      // as the monitor's re-arm (queue_delayed_work() of an idle work: PENDING won, then expires
      // stored). No krcp->lock from 8fc5494ad5fa (v6.3) to v6.12; from a23da88c6c80 (v6.13,
      // `rearmUnderLock`) schedule_delayed_monitor_work() takes it (kfree_rcu_scheduler_running() is
      // unchanged by the fix and calls the locking wrapper).
      ...perCpu(
        (x) =>
          ({
            loc: expires(x),
            kind: 'write',
            mode: 'plain',
            locks: writeLocks(x),
            when: (s: Readonly<V6State>) => bootX(s) === x && idle(s, x) && needOffload(s.cpu[x]),
            cite: c.v.rearmUnderLock ? BOOT_WRITE_CITE_LOCKED : BOOT_WRITE_CITE,
          }) satisfies Access<V6State, undefined>,
      ),
    ],
    'C kvfree_call_rcu: dynamic head kmalloc(GFP_KERNEL), krc_this_cpu_lock': [
      read((p: CallerP) => p.x, (s, p) => running(s) && p.ok === true),
      headWrite((p: CallerP) => p.x, (_s, p) => p.ok === true, HEAD_PUSH_CITE),
    ],
    'M kvfree_rcu_queue_batch + rearm': [
      {
        loc: (x: number) => expires(x),
        kind: 'write',
        mode: 'plain',
        locks: (x: number) => writeLocks(x),
        when: (s: Readonly<V6State>, x: number) => idle(s, x) && offloadAfterQueue(c, s, x),
        cite: writeCite,
      } satisfies Access<V6State, number>,
      headWrite(self, (s, x: number) => queueStoresHead(c, s, x), HEAD_DETACH_CITE),
      headRead(self, (s, x: number) => bulkEmptyAfterQueue(c, s, x), ' (kfree_rcu_monitor() after kvfree_rcu_queue_batch())'),
    ],
    'M kfree_rcu_monitor: rearm': [
      {
        loc: (x: number) => expires(x),
        kind: 'write',
        mode: 'plain',
        locks: (x: number) => writeLocks(x),
        when: (s: Readonly<V6State>, x: number) => idle(s, x) && needOffload(s.cpu[x]),
        cite: writeCite,
      } satisfies Access<V6State, number>,
      headRead(self, (s, x: number) => bulkEmpty(s.cpu[x]), ' (kfree_rcu_monitor())'),
    ],
    // The shrinker's kfree_rcu_monitor(krcp) call for the CPU it is at (s.shr.x): one label per CPU.
    'S kfree_rcu_monitor: rearm': [
      ...xs.map(
        (x) =>
          ({
            loc: expires(x),
            kind: 'write',
            mode: 'plain',
            locks: writeLocks(x),
            when: (s: Readonly<V6State>) => s.shr.x === x && idle(s, x) && needOffload(s.cpu[x]),
            cite: `${writeCite} (kfree_rcu_shrink_scan() → kfree_rcu_monitor())`,
          }) satisfies Access<V6State, boolean>,
      ),
      ...perCpu((x) => headRead((_p: boolean) => x, (s) => s.shr.x === x && bulkEmpty(s.cpu[x]), ' (kfree_rcu_shrink_scan() → kfree_rcu_monitor())')),
    ],
    'C kvfree_call_rcu: add_ptr_to_bulk_krc_lock': [read((p: CallerP) => p.x, running)],
    // Only the two-argument path pushes on ch3 and schedules; the head-less one falls back.
    'C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback': [
      read((p: CallerP) => p.x, (s, p) => running(s) && c.objects[curObj(c, s, p.cpu)].form === 'embedded'),
      headWrite((p: CallerP) => p.x, (s, p) => c.objects[curObj(c, s, p.cpu)].form === 'embedded', HEAD_PUSH_CITE),
    ],
    'C kvfree_call_rcu: GFP_KERNEL page, krc_this_cpu_lock (before 309a43165077)': [read((p: CallerP) => p.x, (s, p) => running(s) && p.ok === true)],
    // The krcp re-locked is the one the caller chose before sleeping (callers[cpu].kx): one label per CPU.
    'C kvfree_call_rcu: GFP_KERNEL page, re-lock the same krcp': xs.map((x) =>
      read((_p: { cpu: number; ok: boolean }) => x, (s, p) => running(s) && p.ok && s.callers[p.cpu].kx === x),
    ),
  };
}

/** The configuration kvfree-v6's build uses (./v6.ts buildV6), for the labels' `when`. */
function v6Config(params: Params): V6Config {
  const kernel = (params.kernel === undefined ? V6_DEFAULT_KERNEL : String(params.kernel)) as V6Kernel;
  return { ...kvConfig(params, 'v6'), kernel, v: v6Features(kernel) };
}

/** `actions` with the labels of `c` attached by name (same array order, nothing else changed). */
export function withV6Accesses(actions: readonly AnyActionDef<V6State>[], c: V6Config): AnyActionDef<V6State>[] {
  const table = v6Accesses(c);
  return actions.map((a) => (table[a.name] === undefined ? a : { ...a, accesses: table[a.name] }));
}

/** kvfree-v6 as registered (./variants.ts): ./v6.ts's model with its access labels. */
export const kvfreeV6: ModelDef = {
  ...kvfreeV6Steps,
  build(params: Params) {
    const m = kvfreeV6Steps.build(params);
    return { ...m, actions: withV6Accesses(m.actions, v6Config(params)) as unknown as ModelInstance['actions'] };
  },
};
