/**
 * Environment steps every kvfree variant shares (docs/protocol.md §2.5, §6.3): the krcp lock, delayed
 * work (monitor_work timer and start, M0), queue_rcu_work() + rcu_work_rcufn(), the batch work
 * start (W0) and detach (W1), and the grace-period machinery (G).
 *
 * Why this file exists: a change to one of these steps must be made once for v1, v5.9 and v6.
 *
 * What it must not do: know a variant's monitor body or reclaim steps (they are passed in or
 * live in the variant).
 */
import type { ActionSite, AnyActionDef } from '../../../src/model/types.js';
import type { Batch, KvConfig, KvState, Krcp } from './kstate.js';
import { done, gpCanEnd, gpStart, recordCtx, snap } from './world.js';

/** Can an actor pinned to CPU x step? Not while another actor has IRQs off on x (§2.3). */
export function cpuFree(s: Readonly<KvState>, x: number): boolean {
  return !s.cpu[x].irqOff;
}

/**
 * Can a work item on an unbound workqueue step? A kworker may run it on any CPU, so yes unless
 * every CPU has IRQs off (kvfree-v6 from v6.12, 0aac9daef676: system_unbound_wq).
 */
export function anyCpuFree(s: Readonly<KvState>): boolean {
  return s.cpu.some((k) => !k.irqOff);
}

/** `spin_lock(&krcp->lock)` / `raw_spin_lock` inside a transition: a violation if already held. */
export function lock(d: KvState, x: number): void {
  if (d.cpu[x].locked) recordCtx(d, 'lock-not-held');
  d.cpu[x].locked = true;
}
export function unlock(d: KvState, x: number): void {
  if (!d.cpu[x].locked) recordCtx(d, 'lock-not-held');
  d.cpu[x].locked = false;
}

/**
 * `schedule_delayed_work(monitor_work, delay)` (§2.5): test-and-set PENDING. The model is untimed,
 * so v6's "an armed timer is only ever shortened" is the same no-op when PENDING is set.
 */
export function scheduleMonitor(k: Krcp, delayZero: boolean): boolean {
  if (k.monPending) return false;
  // kvfree-v6 with a teardown: while cancel_delayed_work_sync() disables monitor_work (v6.10+,
  // __cancel_work_sync(): __cancel_work(WORK_CANCEL_DISABLE), __flush_work(), enable_work()),
  // queue_delayed_work() sees the disabled work and returns false: the arm is dropped.
  if (k.monDisabled) return false;
  k.monPending = true;
  k.monStage = delayZero ? 'queued' : 'timer';
  return true;
}

/**
 * `queue_work(system_wq, &krwp->rcu_work)` (kvfree-v6 before 2ca836b1da17, from cc37d52076a9):
 * test-and-set PENDING, the work is queued at once (no grace period).
 */
export function queueWork(b: Batch): boolean {
  if (b.rwPending) return false;
  b.rwPending = true;
  b.rwStage = 'queued';
  return true;
}

/** `queue_rcu_work(wq, &krwp->rcu_work)` (§2.5): test-and-set PENDING, then call_rcu(). */
export function queueRcuWork(d: KvState, b: Batch): boolean {
  if (b.rwPending) return false;
  b.rwPending = true;
  b.rwStage = 'gpwait';
  b.cbSnap = snap(d.gp);
  return true;
}

/** The worker returns when its detached lists are empty. */
export function workerMaybeReturn(b: Batch): void {
  if (b.k1 === 0 && b.k2 === 0 && b.h === 0) {
    b.rwRunning = false;
    b.wphase = 'W1';
  }
}

/** The worker's current bulk page is on channel j (W2 walks ch1's pages first, then W3 ch2's). */
export function onPage(b: Readonly<Batch>, j: number): boolean {
  return j === 0 ? b.k1 !== 0 : b.k1 === 0 && b.k2 !== 0;
}

/** After a page's return: move to page->next on channel j and return if nothing is left. */
export function advancePage(b: Batch, j: number, nxt: number): void {
  if (j === 0) b.k1 = nxt;
  else b.k2 = nxt;
  b.wphase = 'work';
  workerMaybeReturn(b);
}

/** Does anyone need a grace period (a callback or synchronize_rcu waiter not yet done)? */
export function gpNeeded(s: Readonly<KvState>): boolean {
  for (const k of s.cpu) for (const b of k.krw) if (b.rwStage === 'gpwait' && !done(s.gp, b.cbSnap)) return true;
  for (const cl of s.callers) if (cl.pc === 'C8wait' && !done(s.gp, cl.syncSnap)) return true;
  // kvfree-v6 before 2ca836b1da17: kfree_rcu_work() in synchronize_rcu() (cookie in cbSnap).
  for (const k of s.cpu) for (const b of k.krw) if (b.wphase === 'sync' && !done(s.gp, b.cbSnap)) return true;
  return false;
}

export interface BatchRef {
  x: number;
  b: number;
}
export const batchLabel = (p: BatchRef): string => `cpu${p.x} batch ${p.b}`;
/**
 * The action index's site of a batch step (src/model/action-index.ts): batch `p`'s rcu_work is at
 * stage `rwStage`, or its worker at phase `wphase`, as the step's guard first tests.
 */
export function rwStageAt(p: BatchRef, is: Batch['rwStage']): ActionSite {
  return { leaf: `cpu[${p.x}].krw[${p.b}].rwStage`, is };
}
export function wphaseAt(p: BatchRef, is: Batch['wphase']): ActionSite {
  return { leaf: `cpu[${p.x}].krw[${p.b}].wphase`, is };
}

export function batchRefs(c: KvConfig): BatchRef[] {
  return Array.from({ length: c.cpus }, (_, x) => [0, 1].map((b) => ({ x, b }))).flat();
}

/**
 * The workqueue around the monitor and the batches: timer fires, M0, rcu_work_rcufn, W0. The
 * monitor body (M1..) is the variant's; `m0` adds variant state reset at monitor start.
 * `workFree(s, x)`: can krcp x's monitor or batch work run now (default: pinned to CPU x, a
 * per-CPU workqueue; kvfree-v6 passes anyCpuFree for an unbound one). rcu_work_rcufn(), an RCU
 * callback, always runs on CPU x.
 */
export function workqueueActions(
  c: KvConfig,
  noGpWait: boolean,
  workFree: (s: Readonly<KvState>, x: number) => boolean = cpuFree,
  afterDetach: 'work' | 'poll' = 'work',
): AnyActionDef<KvState>[] {
  const xs = Array.from({ length: c.cpus }, (_, i) => i);
  const batches = batchRefs(c);
  return [
    {
      // Workqueue timer: the delayed monitor_work's timer fires (untimed: any time after arming).
      name: 'G monitor timer fires',
      fair: 'weak',
      actor: (x: number) => `monitor${x}`,
      params: xs,
      label: (x: number) => `cpu${x}`,
      at: (x) => ({ leaf: `cpu[${x}].monStage`, is: 'timer' }),
      enabled: (s, x) => s.cpu[x].monStage === 'timer',
      apply: (d, x) => {
        d.cpu[x].monStage = 'queued';
      },
    },
    {
      // M0: a worker starts monitor_work: PENDING cleared immediately before kfree_rcu_monitor().
      name: 'M0 workqueue starts kfree_rcu_monitor',
      fair: 'weak',
      actor: (x: number) => `monitor${x}`,
      params: xs,
      label: (x: number) => `cpu${x}`,
      at: (x) => ({ leaf: `cpu[${x}].monStage`, is: 'queued' }),
      enabled: (s, x) => s.cpu[x].monStage === 'queued' && !s.cpu[x].monRunning && workFree(s, x),
      apply: (d, x) => {
        const k = d.cpu[x];
        k.monStage = 'idle';
        k.monPending = false;
        k.monRunning = true;
      },
    },
    {
      // rcu_work_rcufn(): the RCU callback posted by queue_rcu_work() runs after its grace period
      // and queues kfree_rcu_work on the workqueue (PENDING stays set).
      name: 'G rcu_work_rcufn (call_rcu callback)',
      fair: 'weak',
      actor: () => `gp`,
      params: batches,
      label: batchLabel,
      at: (p) => rwStageAt(p, 'gpwait'),
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        return b.rwStage === 'gpwait' && (noGpWait || done(s.gp, b.cbSnap)) && cpuFree(s, p.x);
      },
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        b.rwStage = 'queued';
        b.cbSnap = 0;
      },
    },
    {
      // W0: a worker starts krwp->rcu_work: PENDING cleared (never two runs at once).
      name: 'W0 workqueue starts kfree_rcu_work',
      fair: 'weak',
      actor: (p: BatchRef) => `worker${p.x}.${p.b}`,
      params: batches,
      label: batchLabel,
      at: (p) => rwStageAt(p, 'queued'),
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        return b.rwStage === 'queued' && !b.rwRunning && workFree(s, p.x);
      },
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        b.rwStage = 'idle';
        b.rwPending = false;
        b.rwRunning = true;
        b.wphase = 'W1';
      },
    },
    {
      // W1 kfree_rcu_work(): under the owner krcp's lock take bkvhead_free[0..1] and head_free
      // (v6: and head_free_gp_snap into a local).
      name: 'W1 kfree_rcu_work detach',
      fair: 'weak',
      actor: (p: BatchRef) => `worker${p.x}.${p.b}`,
      params: batches,
      label: batchLabel,
      at: (p) => wphaseAt(p, 'W1'),
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        return b.rwRunning && b.wphase === 'W1' && workFree(s, p.x) && !s.cpu[p.x].locked;
      },
      apply: (d, p) => {
        lock(d, p.x);
        const b = d.cpu[p.x].krw[p.b];
        b.k1 = b.bkvFree[0];
        b.k2 = b.bkvFree[1];
        b.h = b.headFree;
        b.bkvFree[0] = 0;
        b.bkvFree[1] = 0;
        b.headFree = 0;
        if (c.variant === 'v6') b.hSnap = b.headFreeSnap;
        unlock(d, p.x);
        b.wphase = afterDetach; // 'poll': kvfree-v6 before 2ca836b1da17 (cc37d52076a9's polled worker)
        workerMaybeReturn(b);
      },
    },
  ];
}

/** G: grace-period start (when needed, or spontaneous) and end (§6.3). */
export function gpActions(c: KvConfig): AnyActionDef<KvState>[] {
  // gpinit=1 (B8): kernel/rcu/tree.c rcu_gp_init() (v6.12): rcu_seq_start(&rcu_state.gp_seq) first
  // (step G), then the CPU-hotplug scan (qsmaskinitnext → qsmaskinit: a CPU offline now is not waited
  // for, even if it comes online before the GP ends), then rcu_for_each_node_breadth_first():
  // WRITE_ONCE(rnp->gp_seq, rcu_state.gp_seq), the root first (step GI). The GP waits only for
  // readers that began before step G: a reader that begins after it stands for one on a CPU that
  // came online during the initialisation (85aad7cc4178's steps 2-4), which no GP of this
  // sequence number waits for.
  const start = (d: KvState): void => {
    gpStart(d, c.gpMax);
    if (c.gpInit) d.gpInit = true;
  };
  return [
    {
      // GP start (§6.3): when a callback or synchronize_rcu() waiter needs one.
      name: 'G grace period starts',
      fair: 'weak',
      actor: 'gp',
      enabled: (s) => (s.gp & 1) === 0 && gpNeeded(s),
      apply: start,
    },
    {
      name: 'G grace period starts (spontaneous)',
      actor: 'gp',
      enabled: (s) => (s.gp & 1) === 0 && s.spont > 0 && !gpNeeded(s),
      apply: (d) => {
        d.spont -= 1;
        start(d);
      },
    },
    ...(c.gpInit
      ? [
          {
            // GI: rcu_gp_init() copies rcu_state.gp_seq into the root rcu_node's gp_seq (v6.12).
            name: 'GI rcu_gp_init: root rcu_node gp_seq updated',
            fair: 'weak' as const,
            actor: 'gp',
            enabled: (s: Readonly<KvState>) => s.gpInit,
            apply: (d: KvState) => {
              d.gpInit = false;
            },
          },
        ]
      : []),
    {
      // GP end: every reader that began before this GP started has ended (and, gpinit=1, the
      // initialisation is over: quiescent states are reported against the root's gp_seq).
      // rcu_gp_cleanup() updates every rnp->gp_seq, then rcu_state.gp_seq: one step here.
      name: 'G grace period ends',
      fair: 'weak',
      actor: 'gp',
      enabled: (s) => !s.gpInit && gpCanEnd(s),
      apply: (d) => {
        d.gp += 1;
      },
    },
  ];
}

/** The root rcu_node's gp_seq (rcu_get_root()->gp_seq): rcu_state.gp_seq, or one behind while rcu_gp_init() has not reached it. */
export function rootGpSeq(s: Readonly<KvState>): number {
  return s.gpInit ? s.gp - 1 : s.gp;
}

/**
 * B: boot (§2.8): kfree_rcu_batch_init per CPU, INIT, RUNNING, then kfree_rcu_scheduler_running()
 * per CPU with the variant's body (run with that krcp locked).
 */
export function bootActions(c: KvConfig, schedulerRunning: (d: KvState, x: number) => void): AnyActionDef<KvState>[] {
  if (!c.boot) return [];
  const C = c.cpus;
  // boot counter: [0, C) batch_init per CPU; C: → INIT; C+1: → RUNNING; [C+2, 2C+2): scheduler_running per CPU.
  return [
    {
      // B rcu_init() → kfree_rcu_batch_init(): per CPU, initialise and set krcp->initialized.
      name: 'B kfree_rcu_batch_init',
      fair: 'weak',
      actor: 'boot',
      label: () => 'next CPU',
      enabled: (s) => s.boot < C && !s.cpu[s.boot].locked,
      apply: (d) => {
        d.cpu[d.boot].initialized = true;
        d.boot += 1;
      },
    },
    {
      name: 'B scheduler starting (rcu_scheduler_active = INIT)',
      fair: 'weak',
      actor: 'boot',
      enabled: (s) => s.boot === C,
      apply: (d) => {
        d.sched = 'INIT';
        d.boot += 1;
      },
    },
    {
      // rcu_set_runtime_mode(): rcu_scheduler_active = RUNNING, then kfree_rcu_scheduler_running().
      name: 'B rcu_set_runtime_mode (RUNNING)',
      fair: 'weak',
      actor: 'boot',
      enabled: (s) => s.boot === C + 1,
      apply: (d) => {
        d.sched = 'RUNNING';
        d.boot += 1;
      },
    },
    {
      name: 'B kfree_rcu_scheduler_running',
      fair: 'weak',
      actor: 'boot',
      label: () => 'next CPU',
      enabled: (s) => s.boot >= C + 2 && s.boot < 2 * C + 2 && !s.cpu[s.boot - C - 2].locked && cpuFree(s, s.boot - C - 2),
      apply: (d) => {
        const x = d.boot - C - 2;
        lock(d, x);
        schedulerRunning(d, x);
        unlock(d, x);
        d.boot += 1;
      },
    },
  ];
}
