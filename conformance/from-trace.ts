/**
 * A kvfree-v6 model trace (`trace.itf.json`) as a script of the conformance harness's driver
 * (conformance/shim/driver.c), and the comparison of the code's counts with the model's states,
 * step by step (issue 29, stage 3).
 *
 * Why this file exists: the model's verdicts are about the model; this module replays each model
 * step on the kernel's own code, compiled by harness.ts: a caller, the monitor work, a batch work
 * or the shrinker is a coroutine context (sched.c) run "until" the yield point where the model's
 * step ends (a step of kvfree-v6 runs from a lock acquire to the next point where another actor
 * could see something: the next lock, a page allocation, a grace-period poll, a free, the
 * synchronize_rcu() wait, or the end of the function). The allocation outcome and grace-period
 * progress come from the step's label. After every step the harness prints a `snap` line (per CPU
 * head_count, bulk_count[], nr_bkv_objs, monitor_work pending, each batch's rcu_work pending;
 * per object its frees), compared with the model state after that step.
 *
 * Boot (kfree_rcu_batch_init() and kfree_rcu_scheduler_running() as contexts stopped at each
 * CPU's per_cpu_ptr()), grace-period initialisation (gp-init), the page-cache refill work (its
 * hrtimer, then fill_page_cache_func() as a context) and the teardown (kvfree_rcu_barrier() and
 * kmem_cache_destroy() as a task context; flush_rcu_work() and cancel_delayed_work_sync() wait as
 * the model's T steps split them, shim.c) are driven as well (issue 29, stage 4). Steps it cannot
 * drive (dynamic heads, and any step whose code differs between the
 * trace's `kernel=` and Debian's 6.12.118) end the replay of that trace: they are returned with
 * the reason, never skipped silently.
 *
 * What it must not do: read or change the model's code (it reads the trace file only: the
 * labels and the states, decoded here from ITF's JSON); decide an outcome that the trace does not
 * give; call a step conformant when the code blocked, WARNed, reported an error or ended early.
 */

/** An ITF value with `{"#bigint": "n"}` integers decoded. */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function decode(v: unknown): Json {
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o['#bigint'] === 'string') return Number(o['#bigint']);
    if (Array.isArray(o['#tup'])) return (o['#tup'] as unknown[]).map(decode);
    const r: Record<string, Json> = {};
    for (const [k, x] of Object.entries(o)) r[k] = decode(x);
    return r;
  }
  return v as Json;
}

/** The part of a kvfree-v6 state compared with the code. */
export interface ModelCounts {
  cpus: { hc: number; bc: [number, number]; nr: number; mon: boolean; rw: boolean[]; locked: boolean; rl: number }[];
  frees: number[];
  callerIdx: number[];
  shrX: number;
  /** The teardown actor's program counter and CPU (models/kvfree/v6-teardown.ts), 'idle' without one. */
  td: { pc: string; x: number; b: number };
  /** kmem_cache_destroy()'s outcome as the model records it (ghost `destroy`, `released`). */
  destroy: 'none' | 'busy' | 'released';
  /** The first caller-context violation the model recorded (ghost `ctx`, models/kvfree/common/world.ts recordCtx), 'none' before one. */
  ctx: string;
}

export interface ModelTrace {
  file: string;
  model: string;
  params: Record<string, string | number>;
  actions: string[];
  /** states[0] is the initial state; states[i + 1] follows actions[i]. */
  states: ModelCounts[];
}

interface RawCpu {
  headCount: number;
  bulkCount: number[];
  nrCache: number;
  monPending: boolean;
  locked: boolean;
  /** fill_page_cache_func()'s iterations left (models/kvfree/common/refill.ts); absent before it was modelled. */
  refillLeft?: number;
  krw: { rwPending: boolean }[];
}

/** The compared part of a decoded state (an ITF state, or a plain state of the model: conformance/walk.ts). */
export function countsOf(d: Record<string, unknown>): ModelCounts {
  const ks = (d.cpu as RawCpu[]).map((k) => ({
      hc: k.headCount,
      bc: [k.bulkCount[0], k.bulkCount[1]] as [number, number],
      nr: k.nrCache,
      mon: k.monPending,
      rw: k.krw.map((b) => b.rwPending),
      locked: k.locked,
      rl: k.refillLeft ?? 0,
    }));
  const frees = (d.objs as { frees: number }[]).map((o) => o.frees);
  const callerIdx = (d.callers as { idx: number }[]).map((c) => c.idx);
  const shrX = (d.shr as { x?: number } | undefined)?.x ?? 0;
  const td = d.td as { pc?: string; x?: number; b?: number } | undefined;
  const ghost = d.ghost as { destroy?: string; released?: boolean; ctx?: string } | undefined;
  const destroy = ghost?.destroy === 'busy' ? 'busy' : ghost?.released === true ? 'released' : 'none';
  return { cpus: ks, frees, callerIdx, shrX, td: { pc: td?.pc ?? 'idle', x: td?.x ?? 0, b: td?.b ?? 0 }, destroy, ctx: ghost?.ctx ?? 'none' };
}

export function readTrace(file: string, text: string): ModelTrace {
  const raw = JSON.parse(text) as { '#meta': Record<string, unknown>; states: unknown[] };
  const meta = raw['#meta'];
  const states = raw.states.map((s) => countsOf(decode(s) as Record<string, unknown>));
  return {
    file,
    model: String(meta.model),
    params: meta.params as Record<string, string | number>,
    actions: (meta.actions as string[]).slice(),
    states,
  };
}

/** The versions whose code equals 6.12.118's at every step replayed (see conformance/traces.ts). */
export const CODE_KERNEL = 'v6.15';

/** Why a trace as a whole is not compared, or null. */
export function traceRefusal(t: ModelTrace): string | null {
  const p = t.params;
  if (t.model !== 'kvfree-v6') return `model ${t.model}, not kvfree-v6`;
  if (!['v6.12', 'v6.13', 'v6.15'].includes(String(p.kernel)))
    return `kernel=${String(p.kernel)}: its code differs from 6.12.118 at a modelled step (see the version table above)`;
  if (String(p.mutation ?? 'none') !== 'none') return `mutation=${String(p.mutation)}: a deliberately wrong model, not the code`;
  if (String(p.tag ?? 'none') !== 'none') return `tag=${String(p.tag)}: dynamic rcu_head wrappers, not in 6.12.118`;
  if (!CONTEXTS.includes(String(p.context ?? 'sleepable'))) return `context=${String(p.context)}: not a caller context the harness drives`;
  if (Number(p.rt ?? 0) !== 0) return `rt=${String(p.rt)}: PREEMPT_RT lock rules, not the shim's (!PREEMPT_RT)`;
  if (String(p.garbage ?? 'poison') !== 'poison' || Number(p.P ?? 8) !== 8) return 'not a 64-bit poison layout';
  return null;
}

/**
 * The caller contexts the harness drives (driver.c client_enter(): the caller enters its context
 * before kvfree_call_rcu() and leaves it after; `sleepable` enters none).
 */
export const CONTEXTS: readonly string[] = ['sleepable', 'irqoff', 'spinlock', 'reader', 'rqlock'];

/**
 * What the code prints at the step where the model records a caller-context violation (ghost
 * `ctx` goes from 'none' to the kind; models/kvfree/common/caller.ts maySleep() and
 * mayWakeUnderRqLock(), v6.ts's GFP_KERNEL allocation steps): the shim's might_sleep() check
 * (shim.c conf_might_sleep(), with the site and what made the context atomic) or its rq->lock
 * wake check (shim.c wake_check()). A kind not listed here is not observed by the shim: the trace
 * stops at that step, never counted as passed.
 */
export const CONTEXT_EVIDENCE: Readonly<Record<string, RegExp>> = {
  // might_sleep() at C0 (head-less), or __get_free_page(GFP_KERNEL), with IRQs off.
  'might_sleep-atomic': /^warn at=shim:0 what=might_sleep\(\) in atomic context site=(might_sleep|__get_free_page) cpu=\d+ irqs_off=1 /,
  'synchronize_rcu-atomic': /^warn at=shim:0 what=might_sleep\(\) in atomic context site=synchronize_rcu cpu=\d+ irqs_off=1 /,
  'sleep-under-spinlock': /^warn at=shim:0 what=might_sleep\(\) in atomic context site=\S+ cpu=\d+ irqs_off=\d krcp_locks=0 client_lock=spinlock /,
  'sleep-in-reader': /^warn at=shim:0 what=might_sleep\(\) in atomic context site=\S+ cpu=\d+ irqs_off=0 krcp_locks=0 client_lock=none rcu_depth=[1-9]/,
  'sleep-under-krcp-lock': /^warn at=shim:0 what=might_sleep\(\) in atomic context site=\S+ cpu=\d+ irqs_off=\d krcp_locks=[1-9]/,
  'wake-under-rq-lock': /^warn at=shim:0 what=wake under rq->lock site=(queue_delayed_work|mod_delayed_work) /,
  'alloc-wake-under-rq-lock': /^warn at=shim:0 what=wake under rq->lock site=__get_free_page /,
};

export interface Step {
  index: number;
  action: string;
  /** Driver commands; empty for client steps (unpublish, readers) that run no kernel code. */
  commands: string[];
  client: boolean;
  /** Event lines the harness must print during the step (e.g. kmem_cache_destroy()'s outcome). */
  expect: string[];
  /** The model records this caller-context violation at this step: the code's evidence must be printed in it (CONTEXT_EVIDENCE). */
  context?: string;
}

export interface Plan {
  preamble: string[];
  capacity: number;
  steps: Step[];
  /** The first step not driven, with the reason; the steps after it are not replayed either. */
  stop: { index: number; action: string; reason: string } | null;
}

const labelOf = (action: string): { name: string; arg: string } => {
  const m = /^(.*?) \[(.*)\]$/.exec(action);
  return m ? { name: m[1], arg: m[2] } : { name: action, arg: '' };
};
const num = (re: RegExp, s: string): number => {
  const m = re.exec(s);
  if (!m) throw new Error(`no ${String(re)} in "${s}"`);
  return Number(m[1]);
};

/** Turn a trace into driver commands, one group per model step. */
export function plan(t: ModelTrace): Plan {
  const p = t.params;
  const cpus = Number(p.cpus);
  const objs = String(p.objects).split(',');
  if (objs.some((o) => o.startsWith('='))) throw new Error('repeated hand-over (=k) is refused by traceRefusal');
  // Objects in order; caller i (on CPU i) calls objects i, i + cpus, ... (models/kvfree/common/memory.ts).
  const calls: number[][] = Array.from({ length: cpus }, () => []);
  objs.forEach((_, i) => calls[i % cpus].push(i));
  const cacheLimit = Number(p.cache ?? 1) === 1 ? Number(p.cacheLimit ?? 2) : 0;
  const boot = String(p.boot) === 'boot';
  const context = String(p.context ?? 'sleepable');
  // boot=boot: the model starts before rcu_init(): the works are only named, kfree_rcu_batch_init()
  // and kfree_rcu_scheduler_running() run as the B steps say (rcu_scheduler_active INACTIVE).
  const preamble = [`cpus ${cpus}`, `min-cached ${cacheLimit}`, boot ? 'names' : 'init'];
  if (!boot) preamble.push('scheduler-running');
  if (Number(p.gpinit ?? 0) === 1) preamble.push('gpinit 1');
  objs.forEach((o, i) => preamble.push(`object o${i} ${o[1] === 'v' ? 'vmalloc' : 'kmalloc'}`));

  const steps: Step[] = [];
  const callerCtx = new Map<number, string>();
  const monCtx = new Map<number, string>();
  const workCtx = new Map<string, string>();
  let shrCtx = '';
  let bootCtx = '';
  let tdCtx = '';
  const refillCtx = new Map<number, string>();
  /** Refill works whose loop had nothing to do: they ended at their start. */
  const refillEnded = new Set<number>();
  let n = 0;
  const fresh = (base: string): string => `${base}_${n++}`;
  for (let i = 0; i < t.actions.length; i++) {
    const action = t.actions[i];
    const before = t.states[i];
    const after = t.states[i + 1];
    const { name, arg } = labelOf(action);
    const cmds: string[] = [];
    const expect: string[] = [];
    let client = false;
    let refuse: string | null = null;
    const caller = (): number => num(/^caller(\d+)/, arg);
    const migrated = (): void => {
      const m = / on cpu(\d+) \(migrated\)/.exec(arg);
      if (m) cmds.push(`migrate ${callerCtx.get(caller()) ?? '?'} ${m[1]}`);
    };
    const run = (ctx: string | undefined, until: string, k = 1): void => {
      if (ctx === undefined) throw new Error(`step ${i + 1} (${action}): no context to run`);
      cmds.push(`run ${ctx} until ${until}${k === 1 ? '' : ` ${k}`}`);
    };
    const cpuArg = (): number => num(/cpu(\d+)/, arg);
    const batchKey = (): string => `${cpuArg()}.${num(/batch (\d+)/, arg)}`;
    const form = (c: number): string => (objs[calls[c][before.callerIdx[c]]][0] === 'h' ? 'headless' : 'embedded');
    // The works are unbound (6.12.118: rcu_reclaim_wq, WQ_UNBOUND) and the shrinker runs in any
    // reclaiming task: each runs in a kworker on a CPU of its own, beyond the possible CPUs the
    // per-CPU krc covers (NR_CPUS is 8 in kernel.h), so that a caller stopped with IRQs off on its
    // CPU never sees a work run "on top of it", which the kernel could not do either.
    // The teardown task (a sleeping task, IRQs on) on a CPU of its own as well (NR_CPUS is 16).
    // So is krcp x's page-cache refill work: the model lets it run on any CPU with IRQs on
    // (models/kvfree/v6-monitor.ts workFree(): anyCpuFree when `unboundWq`, every version
    // replayed), and in 6.12.118 it runs where krcp->hrtimer fired (schedule_page_work_fn() queues it
    // on system_highpri_wq; the hrtimer is not pinned), never on a CPU whose caller is in its
    // IRQs-off or non-preemptible context (context=irqoff, spinlock, rqlock).
    const unboundCpu = (who: 'monitor' | 'batch' | 'shrinker' | 'teardown' | 'refill', x: number, b = 0): number =>
      who === 'monitor' ? cpus + x : who === 'batch' ? 2 * cpus + 2 * x + b : who === 'shrinker' ? 4 * cpus : who === 'teardown' ? 4 * cpus + 1 : 4 * cpus + 2 + x;
    // The model records only the first context violation (world.ts recordCtx): after it, a
    // further violation of the code would have no model counterpart to be compared with.
    if (before.ctx !== 'none') {
      const reason = `the model records only its first caller-context violation (${before.ctx}, models/kvfree/common/world.ts recordCtx); the code's later context checks have no model state to compare with`;
      return { preamble, capacity: Number(p.capacity), steps, stop: { index: i + 1, action, reason } };
    }
    const rearmDiffers = (x: number): boolean => String(p.kernel) !== 'v6.13' && String(p.kernel) !== CODE_KERNEL && before.cpus[x].locked;

    if (name.startsWith('unpublish') || name.startsWith('R ')) client = true;
    else if (name === 'C0 kvfree_call_rcu entry') {
      const c = caller();
      const ctx = fresh(`C${c}`);
      callerCtx.set(c, ctx);
      cmds.push(`spawn ${ctx} call o${calls[c][before.callerIdx[c]]} ${form(c)} ${c}${context === 'sleepable' ? '' : ` ${context}`}`);
      run(ctx, 'entered,done');
    } else if (name === 'C kvfree_call_rcu: add_ptr_to_bulk_krc_lock') {
      migrated();
      run(callerCtx.get(caller()), 'done');
    } else if (name === 'C kvfree_call_rcu: no page, unlock for __get_free_page(GFP_KERNEL)') {
      migrated();
      run(callerCtx.get(caller()), 'alloc');
    } else if (name === 'C kvfree_call_rcu: GFP_KERNEL page, re-lock the same krcp') {
      const ok = arg.endsWith('page allocated');
      cmds.push(`alloc ${ok ? 'ok' : 'fail'}`);
      // Allocated: the record goes in, the call returns. Failed (head-less): fall back, unlock.
      run(callerCtx.get(caller()), ok ? 'done' : 'irq-restore');
    } else if (name === 'C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback') {
      migrated();
      run(callerCtx.get(caller()), form(caller()) === 'embedded' ? 'done' : 'irq-restore');
    } else if (name === 'C8 debug_rcu_head_unqueue') run(callerCtx.get(caller()), 'sync');
    else if (name === 'C8 synchronize_rcu') run(callerCtx.get(caller()), 'sync-wait');
    else if (name === 'C8 synchronize_rcu returns') run(callerCtx.get(caller()), 'free');
    else if (name === 'C8 kvfree') run(callerCtx.get(caller()), 'done');
    else if ((name === 'G grace period starts' || name === 'G grace period starts (spontaneous)') && Number(p.gpinit ?? 0) === 1 && String(p.kernel) !== CODE_KERNEL)
      refuse = `kernel=${String(p.kernel)} with gpinit=1 takes get_state_synchronize_rcu_full()'s cookie from the root rcu_node while rcu_gp_init() runs; 6.12.118 has 85aad7cc4178 (fullSnapFromState: rcu_state.gp_seq)`;
    else if (name === 'G grace period starts' || name === 'G grace period starts (spontaneous)') cmds.push('gp-start');
    else if (name === 'GI rcu_gp_init: root rcu_node gp_seq updated') cmds.push('gp-init');
    else if (name === 'G grace period ends') cmds.push('gp-end');
    else if (name === 'G monitor timer fires') cmds.push(`expire-work monitor_work@${cpuArg()}`);
    else if (name === 'M0 workqueue starts kfree_rcu_monitor') {
      const x = cpuArg();
      const ctx = fresh(`M${x}`);
      monCtx.set(x, ctx);
      cmds.push(`spawn ${ctx} work monitor_work@${x} ${unboundCpu('monitor', x)}`);
      run(ctx, 'lock');
    } else if (name === 'M kvfree_rcu_drain_ready detach') run(monCtx.get(cpuArg()), 'poll,free,lock,done');
    else if (name === 'M kvfree_rcu_drain_ready: kvfree_rcu_bulk records') run(monCtx.get(cpuArg()), 'lock');
    else if (name === 'M kvfree_rcu_drain_ready: kvfree_rcu_bulk page return') run(monCtx.get(cpuArg()), 'poll,free,lock,done');
    else if (name === 'M kvfree_rcu_drain_ready: kvfree_rcu_list element') run(monCtx.get(cpuArg()), 'free,lock,done');
    else if (name === 'M kvfree_rcu_queue_batch + rearm') run(monCtx.get(cpuArg()), 'done');
    else if (name === 'M kvfree_rcu_queue_batch') run(monCtx.get(cpuArg()), 'irq-restore');
    else if (name === 'M kfree_rcu_monitor: rearm') {
      if (rearmDiffers(cpuArg())) refuse = `kernel=${String(p.kernel)} re-arms without krcp->lock while the model's lock is held; 6.12.118 has a23da88c6c80 (rearmUnderLock)`;
      else run(monCtx.get(cpuArg()), 'done');
    } else if (name === 'G rcu_work_rcufn (call_rcu callback)') cmds.push(`rcufn krw_arr[${num(/batch (\d+)/, arg)}]@${cpuArg()}`);
    else if (name === 'W0 workqueue starts kfree_rcu_work') {
      const key = batchKey();
      const [x, b] = key.split('.');
      const ctx = fresh(`W${x}b${b}`);
      workCtx.set(key, ctx);
      cmds.push(`spawn ${ctx} work krw_arr[${b}]@${x} ${unboundCpu('batch', Number(x), Number(b))}`);
      run(ctx, 'lock');
    } else if (name === 'W1 kfree_rcu_work detach') run(workCtx.get(batchKey()), 'poll,done');
    else if (name === 'W kfree_rcu_work: kvfree_rcu_bulk records') run(workCtx.get(batchKey()), 'lock');
    else if (name === 'W kfree_rcu_work: kvfree_rcu_bulk page return') run(workCtx.get(batchKey()), 'poll,done');
    else if (name === 'W kfree_rcu_work: poll head_free_gp_snap') run(workCtx.get(batchKey()), 'free,done');
    else if (name === 'W kfree_rcu_work: kvfree_rcu_list element') run(workCtx.get(batchKey()), 'free,done');
    else if (name === 'S kfree_rcu_shrink_count') {
      const ctx = fresh('Scount');
      cmds.push(`spawn ${ctx} shrink-count ${unboundCpu('shrinker', 0)}`);
      run(ctx, 'done');
    } else if (name === 'S kfree_rcu_shrink_scan: drain_page_cache') {
      shrCtx = fresh('Sscan');
      cmds.push(`spawn ${shrCtx} shrink-scan ${nrToScan(t, i, before, cacheLimit)} ${unboundCpu('shrinker', 0)}`);
      // drain_page_cache()'s lock, then the monitor call's first lock (kvfree_rcu_drain_ready()).
      run(shrCtx, 'lock', cacheLimit > 0 ? 2 : 1);
    } else if (name === 'S kfree_rcu_shrink_scan: drain_page_cache (next CPU)') {
      // The same for the next CPU of the loop: the previous step stopped at its per_cpu_ptr().
      run(shrCtx, 'lock', cacheLimit > 0 ? 2 : 1);
    } else if (name === 'S kfree_rcu_monitor: kvfree_rcu_drain_ready detach') run(shrCtx, 'poll,free,lock,done');
    else if (name === 'S kfree_rcu_monitor: kvfree_rcu_drain_ready: kvfree_rcu_bulk records') run(shrCtx, 'lock');
    else if (name === 'S kfree_rcu_monitor: kvfree_rcu_drain_ready: kvfree_rcu_bulk page return') run(shrCtx, 'poll,free,lock,done');
    else if (name === 'S kfree_rcu_monitor: kvfree_rcu_drain_ready: kvfree_rcu_list element') run(shrCtx, 'free,lock,done');
    else if (name === 'S kfree_rcu_monitor: kvfree_rcu_queue_batch') run(shrCtx, 'irq-restore');
    else if (name === 'S kfree_rcu_monitor: rearm') {
      if (rearmDiffers(before.shrX)) refuse = `kernel=${String(p.kernel)} re-arms without krcp->lock while the model's lock is held; 6.12.118 has a23da88c6c80`;
      // [next CPU] before the last CPU: the loop goes on, to the next CPU's per_cpu_ptr(); else
      // (the last CPU, or nr_to_scan used up: nrToScan made the code break there) the scan returns.
      else run(shrCtx, arg === 'next CPU' && before.shrX < cpus - 1 ? 'percpu' : 'done');
    } else if (name === 'B kfree_rcu_batch_init' || name === 'B kfree_rcu_scheduler_running') {
      // One CPU of the function's for_each_possible_cpu() loop: from its per_cpu_ptr() to the next
      // CPU's, or to the function's end (kfree_rcu_batch_init() then registers the shrinker).
      // Both run on the boot CPU, 0 (rcu_init() and rcu_set_runtime_mode() are boot-time calls).
      const kind = name === 'B kfree_rcu_batch_init' ? 'batch-init' : 'scheduler-running';
      if (!bootCtx.startsWith(kind)) {
        bootCtx = fresh(kind);
        cmds.push(`spawn ${bootCtx} ${kind} 0`);
        run(bootCtx, 'percpu');
      }
      run(bootCtx, 'percpu,done');
    } else if (name === 'B scheduler starting (rcu_scheduler_active = INIT)') cmds.push('scheduler-state init');
    else if (name === 'B rcu_set_runtime_mode (RUNNING)') cmds.push('scheduler-state running');
    else if (name.startsWith('refill fill_page_cache_func: ')) {
      const x = cpuArg();
      if (name.endsWith('starts')) {
        // run_page_cache_worker() armed krcp->hrtimer (or queued the delayed work on backoff):
        // it fires, schedule_page_work_fn() queues page_cache_work, a worker starts it. It reads
        // its bound (nr_pages, and from v6.5 i = READ_ONCE(krcp->nr_bkv_objs)): with a page to get
        // it stops inside __get_free_page() before the allocation is decided ("alloc"), else it ends.
        const ctx = fresh(`P${x}`);
        refillCtx.set(x, ctx);
        cmds.push(`page-timer ${x}`, `spawn ${ctx} work page_cache_work@${x} ${unboundCpu('refill', x)}`);
        if (after.cpus[x].rl > 0) run(ctx, 'alloc');
        else {
          run(ctx, 'done');
          refillEnded.add(x);
        }
      } else if (name.endsWith('page cached')) {
        // __get_free_page() succeeds; put_cached_bnode() under krcp->lock; the step ends at the unlock.
        cmds.push('alloc ok');
        run(refillCtx.get(x), 'irq-restore');
      } else {
        // The loop stops: its bound reached, a page refused, or __get_free_page() fails.
        if (!refillEnded.has(x)) {
          cmds.push('alloc fail');
          run(refillCtx.get(x), 'done');
        }
        cmds.push('alloc-clear');
        refillCtx.delete(x);
        refillEnded.delete(x);
      }
    } else if (name.startsWith('T ')) {
      if (name === 'T kvfree_rcu_barrier begins' || name === 'T kmem_cache_destroy begins') {
        tdCtx = fresh('TD');
        const reclaim = String(p.teardownIn ?? 'task') === 'reclaim-worker' ? ' reclaim' : '';
        cmds.push(`spawn ${tdCtx} ${name === 'T kmem_cache_destroy begins' ? 'destroy' : 'barrier'} ${unboundCpu('teardown', 0)}${reclaim}`);
      }
      // Where kvfree_rcu_barrier() stops after the step is given by the model's pc after it.
      const target = TEARDOWN_POINT[after.td.pc];
      if (target === undefined) refuse = `teardown pc ${after.td.pc} has no code point`;
      else run(tdCtx, target);
      if (name === 'T kmem_cache_destroy: __kmem_cache_shutdown')
        expect.push(after.destroy === 'busy' ? 'kmem_cache_destroy shutdown=busy' : 'kmem_cache_destroy shutdown=released');
    } else refuse = notDrivenReason(name);
    const violation = after.ctx !== 'none' ? after.ctx : undefined;
    if (refuse === null && violation !== undefined && CONTEXT_EVIDENCE[violation] === undefined)
      refuse = `the model records the caller-context violation ${violation} here, which the shim does not observe`;
    if (refuse !== null) return { preamble, capacity: Number(p.capacity), steps, stop: { index: i + 1, action, reason: refuse } };
    steps.push({ index: i + 1, action, commands: cmds, client, expect, ...(violation === undefined ? {} : { context: violation }) });
  }
  return { preamble, capacity: Number(p.capacity), steps, stop: null };
}

/**
 * The `sc->nr_to_scan` a shrink-scan starting at step i is given. kfree_rcu_shrink_scan()
 * (6.12.118) does `sc->nr_to_scan -= count; if (sc->nr_to_scan <= 0) break;` on an unsigned
 * long, so it breaks after CPU 0 exactly when nr_to_scan equals CPU 0's count. The model leaves
 * the choice to the shrinker core (`S kfree_rcu_monitor: rearm [nr_to_scan used up]` or `[next
 * CPU]`), so the trace is read ahead to this scan's first re-arm: used up there, the count that
 * CPU 0 will report (krc_count() + the pages drain_page_cache() frees, both unchanged until the
 * scan's first step reads them, which is this step); else more than any count can add up to.
 */
function nrToScan(t: ModelTrace, i: number, before: ModelCounts, cacheLimit: number): number {
  const rearm = t.actions.slice(i + 1).find((a) => a.startsWith('S kfree_rcu_monitor: rearm'));
  if (rearm === undefined || !rearm.endsWith('[nr_to_scan used up]')) return 1_000_000;
  const k = before.cpus[0];
  return k.hc + k.bc[0] + k.bc[1] + (cacheLimit > 0 ? k.nr : 0);
}

/**
 * kvfree_rcu_barrier() (kernel/rcu/tree.c, 6.12.118) stopped where the model's teardown pc says
 * (models/kvfree/v6-teardown.ts T0..T8): the point the code reaches next.
 * - check (first loop, CPU x): per_cpu_ptr() of CPU x, before `if (!need_offload_krc(krcp))`
 * - queue: kvfree_rcu_queue_batch()'s raw_spin_lock_irqsave(&krcp->lock)
 * - recheck: after kvfree_rcu_queue_batch()'s unlock, before `if (queued || !need_offload_krc(krcp))`
 * - flush1, flush2: the entry of flush_rcu_work(&krcp->krw_arr[b].rcu_work) (shim.c)
 * - cancel (second loop, CPU x): per_cpu_ptr() of CPU x, before cancel_delayed_work_sync()
 * - cancelwait: cancel_delayed_work_sync() between __cancel_work(DISABLE) and the wait (shim.c)
 * - shutdown: kmem_cache_destroy() after kvfree_rcu_barrier() returned (driver.c destroy_body)
 * - done: the teardown returned
 */
const TEARDOWN_POINT: Record<string, string> = {
  check: 'percpu',
  queue: 'lock',
  recheck: 'irq-restore',
  flush1: 'flush',
  flush2: 'flush',
  cancel: 'percpu',
  cancelwait: 'cancel-wait',
  shutdown: 'shutdown',
  done: 'done',
};

/** Why a model step has no driver commands yet. */
export function notDrivenReason(name: string): string {
  if (name.includes('dynamic head')) return 'dynamic rcu_head wrappers are not 6.12.118 code';
  if (name.includes('krc_this_cpu_lock (before 309a43165077)')) return 'the re-lock of another CPU\'s krcp is not 6.12.118 code (309a43165077)';
  return 'no mapping to driver commands yet';
}

/** The driver script of a plan: the preamble, then each step's commands followed by `snap`. */
export function scriptOf(pl: Plan): string {
  const lines = [...pl.preamble, 'snap'];
  for (const s of pl.steps) lines.push(`# step ${s.index}: ${s.action.replace(/#/g, '')}`, ...s.commands, 'snap');
  return `${lines.join('\n')}\n`;
}

export interface Mismatch {
  step: number;
  action: string;
  expected: string;
  code: string;
}

export interface Compared {
  file: string;
  /** The actions of the steps whose state was compared (in order; a harness that stopped early ends the list). */
  comparedActions: string[];
  stepsCompared: number;
  clientSteps: number;
  mismatches: Mismatch[];
  stop: Plan['stop'];
  totalSteps: number;
}

/** The model's counts in the `snap` line's words. */
export function expectedSnap(s: ModelCounts): string {
  const cpus = s.cpus.map((k, x) => `cpu${x}:hc=${k.hc},bc=${k.bc[0]}/${k.bc[1]},nr=${k.nr},mon=${k.mon ? 1 : 0},rw=${k.rw.map((r) => (r ? 1 : 0)).join('/')}`);
  return `${cpus.join(' ')} frees=${s.frees.join('/')}`;
}

/**
 * Compare the harness's output for scriptOf(pl) with the trace: the k-th `snap` line (k = 0 the
 * initial state) with states[step index]; any `error`, `warn`, blocked context or context that
 * ended before its stop point between two snaps is a mismatch of that step.
 */
export function compare(t: ModelTrace, pl: Plan, lines: string[], status: number | null, stderr: string): Compared {
  const mismatches: Mismatch[] = [];
  const groups: string[][] = [[]];
  for (const l of lines) {
    if (l === '> snap') continue;
    if (l.startsWith('snap ')) {
      groups[groups.length - 1].push(l);
      groups.push([]);
    } else groups[groups.length - 1].push(l);
  }
  const at: { index: number; action: string; expect: string[]; context?: string }[] = [{ index: 0, action: 'init', expect: [] }, ...pl.steps];
  const comparedActions: string[] = [];
  for (let k = 0; k < at.length; k++) {
    const g = groups[k] ?? [];
    const snap = g.find((l) => l.startsWith('snap '));
    const want = expectedSnap(t.states[at[k].index]);
    // A step where the model records a caller-context violation: the code's evidence of it is
    // expected there (and is then no mismatch); any other warning still is.
    const evidence = at[k].context === undefined ? undefined : CONTEXT_EVIDENCE[at[k].context as string];
    const bad = g.filter((l) => /^(error |warn |ctx=\S+ blocked|ctx=\S+ at=done \(wanted)/.test(l) && !(evidence?.test(l) ?? false));
    if (snap === undefined) {
      mismatches.push({ step: at[k].index, action: at[k].action, expected: want, code: `the harness stopped (exit ${String(status)}${stderr ? `: ${stderr.trim()}` : ''})` });
      break;
    }
    const got = snap.slice('snap '.length);
    const missing = at[k].expect.filter((e) => !g.some((l) => l === e || l.startsWith(`${e} `)));
    if (evidence !== undefined && !g.some((l) => evidence.test(l))) missing.push(`the code's ${at[k].context ?? ''} (${evidence.source})`);
    if (k > 0) comparedActions.push(at[k].action);
    if (got !== want || bad.length > 0 || missing.length > 0)
      mismatches.push({ step: at[k].index, action: at[k].action, expected: [want, ...at[k].expect, ...(at[k].context === undefined ? [] : [`context ${at[k].context}`])].join('; '), code: [got, ...bad, ...missing.map((e) => `no "${e}"`)].join('; ') });
  }
  return {
    file: t.file,
    comparedActions,
    stepsCompared: comparedActions.length,
    clientSteps: pl.steps.filter((s) => s.client).length,
    mismatches,
    stop: pl.stop,
    totalSteps: t.actions.length,
  };
}
