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
 * Not labelled yet: B6' (nr_bkv_objs read by the shrinker, krcp->head by need_offload_krc()),
 * boot's kfree_rcu_scheduler_running() re-arm, the page-cache work, and every field not named
 * above; a race on them cannot be found until they are.
 *
 * What it must not do: change a step's guard, recipe, name, actor or order, or read ghost fields.
 */
import type { AnyActionDef, Access, ModelDef, ModelInstance, Params } from '../../src/model/types.js';
import { curObj } from './common/caller.js';
import { kvConfig } from './common/kstate.js';
import { kvfreeV6 as kvfreeV6Steps } from './v6.js';
import { needOffload, type V6Config, type V6State } from './v6-monitor.js';
import { V6_DEFAULT_KERNEL, v6Features, type V6Kernel } from './v6-versions.js';

/** The location B6 races on. */
export const expires = (x: number): string => `krcp[${x}].monitor_work.timer.expires`;
const krcpLock = (x: number): string => `krcp[${x}].lock`;
const pendingBit = (x: number): string => `krcp[${x}].monitor_work PENDING`;

const WRITE_CITE = 'kfree_rcu_monitor() → schedule_delayed_monitor_work() → queue_delayed_work() → __mod_timer(), kernel/rcu/tree.c v6.12';
const WRITE_CITE_LOCKED = 'kfree_rcu_monitor() → schedule_delayed_monitor_work() under krcp->lock → queue_delayed_work() → __mod_timer(), kernel/rcu/tree.c v6.13 (a23da88c6c80)';
const READ_CITE = 'kvfree_call_rcu() → schedule_delayed_monitor_work(): delay_left = krcp->monitor_work.timer.expires - jiffies, kernel/rcu/tree.c v6.12';

/**
 * Whether kfree_rcu_monitor()'s re-arm after kvfree_rcu_queue_batch() (./v6-monitor.ts
 * queueBatch) finds something to offload: what the queue step leaves on krcp x's channels.
 */
function offloadAfterQueue(c: V6Config, s: Readonly<V6State>, x: number): boolean {
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
  return {
    'M kvfree_rcu_queue_batch + rearm': [
      {
        loc: (x: number) => expires(x),
        kind: 'write',
        mode: 'plain',
        locks: (x: number) => writeLocks(x),
        when: (s: Readonly<V6State>, x: number) => idle(s, x) && offloadAfterQueue(c, s, x),
        cite: writeCite,
      } satisfies Access<V6State, number>,
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
    ],
    // The shrinker's kfree_rcu_monitor(krcp) call for the CPU it is at (s.shr.x): one label per CPU.
    'S kfree_rcu_monitor: rearm': xs.map(
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
    'C kvfree_call_rcu: add_ptr_to_bulk_krc_lock': [read((p: CallerP) => p.x, running)],
    // Only the two-argument path pushes on ch3 and schedules; the head-less one falls back.
    'C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback': [
      read((p: CallerP) => p.x, (s, p) => running(s) && c.objects[curObj(c, s, p.cpu)].form === 'embedded'),
    ],
    'C kvfree_call_rcu: GFP_KERNEL page, krc_this_cpu_lock (before 309a43165077)': [read((p: CallerP) => p.x, (s, p) => running(s) && p.ok === true)],
    // The krcp re-locked is the one the caller chose before sleeping (callers[cpu].kx): one label per CPU.
    'C kvfree_call_rcu: GFP_KERNEL page, re-lock the same krcp': xs.map((x) =>
      read((_p: { cpu: number; ok: boolean }) => x, (s, p) => running(s) && p.ok && s.callers[p.cpu].kx === x),
    ),
    'C kvfree_call_rcu: dynamic head kmalloc(GFP_KERNEL), krc_this_cpu_lock': [read((p: CallerP) => p.x, (s, p) => running(s) && p.ok === true)],
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
