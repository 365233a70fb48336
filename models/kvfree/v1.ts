/**
 * kvfree-v1: the seed series' kvfree_call_rcu() (March 2020, -rcu/dev + "Headless support in the
 * kvfree_rcu()" patches 1-4/7 and 7/7), step by step as protocol.md §2 describes it.
 *
 * Actors: one caller per CPU (C0..C8, objects of that CPU in order), the per-CPU monitor work
 * (M0..M3), two batches per CPU with their rcu_work (queue_rcu_work / rcu_work_rcufn / W0..W4),
 * the grace-period machinery (G), readers (R), the shrinker (S) and boot (B).
 *
 * Step granularity (§6.2): C1..C7 is one transition (IRQs off + krcp lock), branching on C2 and on
 * every allocation outcome; M1..M3 is one; W1 is one; W2/W3 one per page; W4 one per ch3 element;
 * C8 is three (unqueue, synchronize_rcu begin/return, kvfree). Actors pinned to CPU x (monitor x,
 * batches of x, callbacks of x) cannot step while another actor has IRQs off on x.
 *
 * What it must not do: read ghost fields in guards or effects to decide anything; simplify a step
 * away. Bug-seeded mutations are explicit, named, and off by default.
 */
import { array, bool, enumOf, int, struct } from '../../src/model/shape.js';
import { defineModel, type ActionDef, type ParamSpecs, type Params } from '../../src/model/types.js';
import { kvfreeProperties, KVFREE_PROPERTY_NAMES } from '../../invariants/kvfree.js';
import {
  candidates,
  clampAddr,
  funcCodec,
  isVmallocAddr,
  objectBase,
  OBJECTS_PATTERN,
  parseObjects,
  pageAddr,
  wrapperBase,
  Words,
  type ObjectSpec,
} from './common/memory.js';
import { decode, embeddedFunc, TAG_SCHEMES, wrapperFunc, type TagScheme } from './common/tags.js';
import {
  debugQueue,
  debugUnqueue,
  done,
  free,
  gpCanEnd,
  gpStart,
  ghostShape,
  headAddr,
  headOwner,
  initialGhost,
  initialObject,
  initialPage,
  objShape,
  pageShape,
  readerActions,
  readerShape,
  readWord,
  recordBadRead,
  recordCtx,
  snap,
  type Ghost,
  type ObjState,
  type PageState,
  type ReaderState,
  type World,
  type WorldConfig,
} from './common/world.js';

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

export const MUTATIONS = [
  'none',
  'no-gp-wait', // rcu_work_rcufn runs without waiting for the grace period
  'double-free', // W4 calls kvfree(ptr) twice
  'skip-untag', // W4 (bit0) forgets `offset -= 1` for a tagged head
  'no-count', // C5 forgets count++
  'no-unqueue', // W4 forgets debug_rcu_head_unqueue()
  'sync-under-lock', // C8's synchronize_rcu() moved inside the IRQ-off/locked section
  'call-before-unpublish', // the client calls kvfree_rcu() before unpublishing the object
  'leak-batch', // M2 forgets queue_rcu_work() for a selected batch
  'kfree-vmalloc', // W3 frees vmalloc records with kfree instead of vfree
  'next-after-free', // W4 reads head->next after freeing the object
  'no-unlock', // M1 returns without spin_unlock when !monitor_todo
] as const;
export type Mutation = (typeof MUTATIONS)[number];

export const V1_PARAMS: ParamSpecs = {
  cpus: { description: 'number of CPUs (one caller, monitor and two batches each)', default: 1, min: 1, max: 2 },
  objects: {
    description:
      'objects handed to kvfree_rcu(), comma-separated, assigned to CPUs round-robin: h = head-less kvfree_rcu(p), e = two-argument with an embedded rcu_head; optional s/v suffix = slab (default) or vmalloc',
    default: 'h,e',
    pattern: OBJECTS_PATTERN,
  },
  P: { description: 'word size in bytes (sizeof(void *))', default: 8, values: [8, 4] },
  offset: { description: 'offset of the embedded rcu_head in two-argument objects (bytes)', default: 16, min: 0, max: 4104 },
  alignObj: { description: 'slab allocator alignment of client objects (1 explores odd and even addresses)', default: 8, values: [1, 2, 8, 32] },
  alignWrap: { description: 'alignment of the 3P-byte wrapper from kmalloc (kmalloc-32 is 32-aligned)', default: 32, values: [1, 2, 8, 32] },
  alignVmalloc: { description: 'alignment of vmalloc objects (vmalloc is page-aligned)', default: 4096, values: [1, 2, 8, 4096] },
  capacity: { description: 'records per bulk page (abstracts KVFREE_BULK_MAX_ENTR = 510)', default: 1, min: 1, max: 2 },
  cache: { description: 'one-slot bulk page cache per channel (bkvcache) on/off', default: 1, values: [0, 1] },
  failures: { description: 'allocation failures allowed: any, or at most k in total', default: 'any', values: ['any', '0', '1', '2', '3'] },
  readers: { description: 'RCU readers (each runs one read-side critical section)', default: 1, min: 0, max: 2 },
  shrinker: { description: 'run kfree_rcu_shrink_scan() once (1) or never (0)', default: 0, values: [0, 1] },
  boot: { description: 'start with the scheduler RUNNING, or model boot: INACTIVE -> batch_init -> INIT -> RUNNING', default: 'running', values: ['running', 'boot'] },
  context: { description: 'caller context: sleepable (may migrate between CPUs at C0/C1) or irqoff (IRQs disabled around the call)', default: 'sleepable', values: ['sleepable', 'irqoff'] },
  tag: { description: 'tagging scheme of a head-less wrapper on ch3 (protocol.md §4)', default: 'bit0', values: TAG_SCHEMES },
  garbage: { description: 'what a misclassifying decoder reads from object data: poison (no allocation) or alias (another object)', default: 'poison', values: ['poison', 'alias'] },
  debug: { description: 'debug-object checks (debug_rcu_head_queue/unqueue) on/off', default: 1, values: [0, 1] },
  spontaneous: { description: 'grace periods that may start with nobody waiting', default: 0, min: 0, max: 2 },
  mutation: { description: 'bug-seeded step (for showing that invariants bite); none = the faithful protocol', default: 'none', values: MUTATIONS },
};

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

const Sched = enumOf(['INACTIVE', 'INIT', 'RUNNING']);
const WorkStage = enumOf(['idle', 'timer', 'queued']);
const RcuWorkStage = enumOf(['idle', 'gpwait', 'queued']);
const WorkerPhase = enumOf(['W1', 'work']);
const CallerPc = enumOf(['unpub', 'C0', 'C1', 'C8unqueue', 'C8sync', 'C8wait', 'C8free', 'done']);

interface Batch {
  headFree: number;
  bkvFree: number[];
  rwPending: boolean;
  rwStage: 'idle' | 'gpwait' | 'queued';
  rwRunning: boolean;
  cbSnap: number;
  wphase: 'W1' | 'work';
  k1: number;
  k2: number;
  h: number;
}
interface Krcp {
  initialized: boolean;
  locked: boolean;
  irqOff: boolean;
  head: number;
  bkvhead: number[];
  bkvcache: number[];
  count: number;
  monitorTodo: boolean;
  monPending: boolean;
  monStage: 'idle' | 'timer' | 'queued';
  monRunning: boolean;
  krw: Batch[];
}
interface Caller {
  pc: 'unpub' | 'C0' | 'C1' | 'C8unqueue' | 'C8sync' | 'C8wait' | 'C8free' | 'done';
  idx: number;
  syncSnap: number;
}
export interface V1State extends World {
  sched: 'INACTIVE' | 'INIT' | 'RUNNING';
  boot: number;
  shrink: number;
  spont: number;
  fails: number;
  cpu: Krcp[];
  callers: Caller[];
  objs: ObjState[];
  pages: PageState[];
  readers: ReaderState[];
  ghost: Ghost;
}

/** Everything fixed by the parameters. */
export interface V1Config extends WorldConfig {
  cpus: number;
  capacity: number;
  cache: boolean;
  maxFails: number;
  nReaders: number;
  shrinker: boolean;
  boot: boolean;
  irqoff: boolean;
  tag: TagScheme;
  alignWrap: number;
  spontaneous: number;
  mutation: Mutation;
  /** Objects of each CPU's caller, in call order. */
  perCpu: number[][];
  func: ReturnType<typeof funcCodec>;
}

export function v1Config(p: Params): V1Config {
  const cpus = p.cpus as number;
  const objects: ObjectSpec[] = parseObjects(p.objects as string, cpus);
  const w = new Words(p.P as number);
  const offset = p.offset as number;
  const n = objects.length;
  // Each waiter (one batch callback per moved channel set, one synchronize_rcu per head-less
  // object) needs at most two GP starts; spontaneous GPs add theirs.
  const gpMax = 2 * (2 * (2 * n + 2) + (p.spontaneous as number)) + 1;
  return {
    objects,
    w,
    offset,
    objSize: Math.max(64, offset + 2 * w.P),
    wrapSize: 3 * w.P,
    garbage: p.garbage as 'poison' | 'alias',
    debug: p.debug === 1,
    gpMax,
    cpus,
    capacity: p.capacity as number,
    cache: p.cache === 1,
    maxFails: p.failures === 'any' ? Number.POSITIVE_INFINITY : Number(p.failures),
    nReaders: p.readers as number,
    shrinker: p.shrinker === 1,
    boot: p.boot === 'boot',
    irqoff: p.context === 'irqoff',
    tag: p.tag as TagScheme,
    alignWrap: p.alignWrap as number,
    spontaneous: p.spontaneous as number,
    mutation: p.mutation as Mutation,
    perCpu: Array.from({ length: cpus }, (_, c) => objects.flatMap((o, i) => (o.cpu === c ? [i] : []))),
    func: funcCodec(w),
  };
}

function v1Shape(c: V1Config) {
  const n = c.objects.length;
  const maxPages = n;
  const batch = struct({
    headFree: int(0, 0xffffff),
    bkvFree: array(2, int(0, maxPages)),
    rwPending: bool(),
    rwStage: RcuWorkStage,
    rwRunning: bool(),
    cbSnap: int(0, c.gpMax + 3),
    wphase: WorkerPhase,
    k1: int(0, maxPages),
    k2: int(0, maxPages),
    h: int(0, 0xffffff),
  });
  return struct({
    sched: Sched,
    boot: int(0, 2 * c.cpus + 2),
    shrink: int(0, c.cpus + 1),
    spont: int(0, c.spontaneous),
    fails: int(0, Number.isFinite(c.maxFails) ? c.maxFails : 0),
    gp: int(0, c.gpMax),
    cpu: array(
      c.cpus,
      struct({
        initialized: bool(),
        locked: bool(),
        irqOff: bool(),
        head: int(0, 0xffffff),
        bkvhead: array(2, int(0, maxPages)),
        bkvcache: array(2, int(0, maxPages)),
        count: int(0, n),
        monitorTodo: bool(),
        monPending: bool(),
        monStage: WorkStage,
        monRunning: bool(),
        krw: array(2, batch),
      }),
    ),
    callers: array(c.cpus, struct({ pc: CallerPc, idx: int(0, n), syncSnap: int(0, c.gpMax + 3) })),
    objs: array(n, objShape(c.gpMax)),
    pages: array(maxPages, pageShape(c.capacity, maxPages, n)),
    readers: array(c.nReaders, readerShape(c.gpMax, n)),
    ghost: ghostShape,
  });
}

function initialStates(c: V1Config): V1State[] {
  // One initial state per combination of allocator choices for the client objects' addresses.
  let addrs: number[][] = [[]];
  c.objects.forEach((o, i) => {
    const align = o.kind === 'vmalloc' ? alignVmallocOf(c) : alignObjOf(c);
    const next: number[][] = [];
    for (const prefix of addrs) for (const a of candidates(objectBase(i, o.kind), align)) next.push([...prefix, a]);
    addrs = next;
  });
  return addrs.map((as) => ({
    sched: c.boot ? 'INACTIVE' : 'RUNNING',
    boot: 0,
    shrink: 0,
    spont: c.spontaneous,
    fails: 0,
    gp: 0,
    cpu: Array.from({ length: c.cpus }, () => ({
      initialized: !c.boot,
      locked: false,
      irqOff: false,
      head: 0,
      bkvhead: [0, 0],
      bkvcache: [0, 0],
      count: 0,
      monitorTodo: false,
      monPending: false,
      monStage: 'idle' as const,
      monRunning: false,
      krw: [0, 1].map(() => ({
        headFree: 0,
        bkvFree: [0, 0],
        rwPending: false,
        rwStage: 'idle' as const,
        rwRunning: false,
        cbSnap: 0,
        wphase: 'W1' as const,
        k1: 0,
        k2: 0,
        h: 0,
      })),
    })),
    callers: c.perCpu.map((list) => ({ pc: list.length === 0 ? ('done' as const) : ('unpub' as const), idx: 0, syncSnap: 0 })),
    objs: as.map((a) => initialObject(a)),
    pages: Array.from({ length: c.objects.length }, () => initialPage(c.capacity)),
    readers: Array.from({ length: c.nReaders }, () => ({ ph: 'idle' as const, start: 0, holds: 0 })),
    ghost: initialGhost(),
  }));
}

// Alignment parameters are kept on the config through these two accessors (set in build()).
const alignments = new WeakMap<V1Config, { obj: number; vmalloc: number }>();
function alignObjOf(c: V1Config): number {
  return alignments.get(c)!.obj;
}
function alignVmallocOf(c: V1Config): number {
  return alignments.get(c)!.vmalloc;
}

// ---------------------------------------------------------------------------------------------
// Shared step helpers
// ---------------------------------------------------------------------------------------------

/** Can an actor pinned to CPU x step? Not while another actor has IRQs off on x (§2.3). */
function cpuFree(s: Readonly<V1State>, x: number): boolean {
  return !s.cpu[x].irqOff;
}

/** The object the caller of CPU c is working on. */
function curObj(c: V1Config, s: Readonly<V1State>, cpu: number): number {
  return c.perCpu[cpu][s.callers[cpu].idx];
}

/** `schedule_delayed_work(monitor_work, delay)` (§2.5): test-and-set PENDING. */
function scheduleMonitor(k: Krcp, delayZero: boolean): void {
  if (k.monPending) return;
  k.monPending = true;
  k.monStage = delayZero ? 'queued' : 'timer';
}

/** `queue_rcu_work(system_wq, &krwp->rcu_work)` (§2.5): test-and-set PENDING, then call_rcu(). */
function queueRcuWork(d: V1State, b: Batch): void {
  if (b.rwPending) return;
  b.rwPending = true;
  b.rwStage = 'gpwait';
  b.cbSnap = snap(d.gp);
}

/** `spin_lock(&krcp->lock)` inside a transition: records a discipline violation if already held. */
function lock(d: V1State, x: number): void {
  if (d.cpu[x].locked) recordCtx(d, 'lock-not-held');
  d.cpu[x].locked = true;
}
function unlock(d: V1State, x: number): void {
  if (!d.cpu[x].locked) recordCtx(d, 'lock-not-held');
  d.cpu[x].locked = false;
}

/**
 * M2 + M3 (`kfree_rcu_drain_unlock` → `queue_kfree_rcu_work`), entered with krcp x locked and
 * `monitor_todo` set; returns with the lock released. Shared by the monitor and the shrinker.
 */
function drainUnlock(c: V1Config, d: V1State, x: number): void {
  const k = d.cpu[x];
  // M2
  k.monitorTodo = false;
  let queued = false;
  for (let i = 0; i < 2; i++) {
    const b = k.krw[i];
    if (
      (k.bkvhead[0] !== 0 && b.bkvFree[0] === 0) ||
      (k.bkvhead[1] !== 0 && b.bkvFree[1] === 0) ||
      (k.head !== 0 && b.headFree === 0)
    ) {
      for (let j = 0; j < 2; j++) {
        if (b.bkvFree[j] === 0) {
          b.bkvFree[j] = k.bkvhead[j]; // (a) whole chain, possibly empty
          k.bkvhead[j] = 0;
        }
      }
      if (b.headFree === 0) {
        b.headFree = k.head; // (b)
        k.head = 0;
      }
      k.count = 0; // (c)
      if (c.mutation !== 'leak-batch') queueRcuWork(d, b); // (d) result unused
      queued = true; // (e)
    }
  }
  // M3
  if (!queued) {
    k.monitorTodo = true;
    scheduleMonitor(k, false);
  }
  unlock(d, x);
}

/** The worker of batch b of CPU x returns when its detached lists are empty. */
function workerMaybeReturn(b: Batch): void {
  if (b.k1 === 0 && b.k2 === 0 && b.h === 0) {
    b.rwRunning = false;
    b.wphase = 'W1';
  }
}

/** Does anyone need a grace period (a callback or synchronize_rcu waiter not yet done)? */
function gpNeeded(s: Readonly<V1State>): boolean {
  for (const k of s.cpu) for (const b of k.krw) if (b.rwStage === 'gpwait' && !done(s.gp, b.cbSnap)) return true;
  for (const cl of s.callers) if (cl.pc === 'C8wait' && !done(s.gp, cl.syncSnap)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Caller: C0 .. C8
// ---------------------------------------------------------------------------------------------

type PageChoice = 'current' | 'cached' | 'new';
type FailReason = 'uninitialized' | 'no-page';
type WrapChoice = 'embedded' | 'nowait' | 'atomic';

interface CallFacts {
  obj: number;
  ptr: number;
  idx: number;
  initialized: boolean;
  /** C3 outcome without allocation: the first page has room, or a cached page exists. */
  page: PageChoice | null;
}

/** What C1..C3 would see for the caller of CPU `cpu` running on CPU `x` (guards only). */
function callFacts(c: V1Config, s: Readonly<V1State>, cpu: number, x: number): CallFacts {
  const obj = curObj(c, s, cpu);
  const ptr = s.objs[obj].addr;
  const k = s.cpu[x];
  const idx = isVmallocAddr(ptr) ? 1 : 0;
  let page: PageChoice | null = null;
  if (k.initialized) {
    const first = k.bkvhead[idx];
    if (first !== 0 && s.pages[first - 1].nr < c.capacity) page = 'current';
    else if (c.cache && k.bkvcache[idx] !== 0) page = 'cached';
  }
  return { obj, ptr, idx, initialized: k.initialized, page };
}

/** May the caller of `cpu` run its C1..C7 section on CPU x now? */
function sectionEnabled(c: V1Config, s: Readonly<V1State>, cpu: number, x: number): boolean {
  if (s.callers[cpu].pc !== 'C1') return false;
  if (x !== cpu && (c.irqoff || s.sched === 'INACTIVE')) return false; // no migration with IRQs off / at boot
  if (s.sched === 'INACTIVE' && x !== 0) return false; // before INIT only the boot CPU runs
  if (x !== cpu && !cpuFree(s, x)) return false;
  return !s.cpu[x].locked;
}

function budgetAllows(c: V1Config, s: Readonly<V1State>, failures: number): boolean {
  return failures === 0 || s.fails + failures <= c.maxFails;
}
function spend(c: V1Config, d: V1State, failures: number): void {
  if (failures > 0 && Number.isFinite(c.maxFails)) d.fails += failures;
}

/** C1: local_irq_save; krcp := this CPU's; spin_lock if initialized. Returns the C2 outcome. */
function enterSection(c: V1Config, d: V1State, x: number, obj: number): boolean {
  if (d.cpu[x].initialized) lock(d, x);
  return debugQueue(c, d, obj); // C2: debug_rcu_head_queue(ptr)
}

/** C5 + C6 + C7 on a success path. */
function finishSection(c: V1Config, d: V1State, cpu: number, x: number, expedited: boolean): void {
  const k = d.cpu[x];
  if (c.mutation !== 'no-count') k.count += 1; // C5: WRITE_ONCE(krcp->count, krcp->count + 1)
  if (d.sched === 'RUNNING' && !k.monitorTodo) {
    // C6
    k.monitorTodo = true;
    scheduleMonitor(k, expedited);
  }
  leaveSection(c, d, cpu, x, true);
}

/** C7: spin_unlock if initialized (read again); local_irq_restore. Then the call returns or goes to C8. */
function leaveSection(c: V1Config, d: V1State, cpu: number, x: number, success: boolean): void {
  if (d.cpu[x].initialized) unlock(d, x);
  const cl = d.callers[cpu];
  const obj = c.perCpu[cpu][cl.idx];
  d.objs[obj].accepted = true;
  if (success) nextCall(c, d, cpu);
  else cl.pc = 'C8unqueue';
}

/** The call returned: IRQs back on for an irqoff-context caller; move to the next object. */
function nextCall(c: V1Config, d: V1State, cpu: number): void {
  const cl = d.callers[cpu];
  if (c.irqoff) d.cpu[cpu].irqOff = false;
  cl.idx += 1;
  cl.pc = cl.idx < c.perCpu[cpu].length ? 'unpub' : 'done';
}

function callerActions(c: V1Config): ActionDef<V1State, any>[] {
  const cpus = Array.from({ length: c.cpus }, (_, i) => i);
  const onCpus = cpus.flatMap((cpu) => cpus.map((x) => ({ cpu, x })));
  const at = (p: { cpu: number; x: number }): string => (p.x === p.cpu ? '' : ` on cpu${p.x} (migrated)`);
  const pageParams = onCpus.flatMap((p) => (['current', 'cached', 'new'] as PageChoice[]).map((page) => ({ ...p, page })));
  const parities = c.alignWrap === 1 ? [0, 1] : [0];
  const ch3Params = onCpus.flatMap((p) =>
    (['uninitialized', 'no-page'] as FailReason[]).flatMap((why) =>
      (['embedded', 'nowait', 'atomic'] as WrapChoice[]).flatMap((wrap) =>
        (wrap === 'embedded' ? [0] : parities).map((parity) => ({ ...p, why, wrap, parity })),
      ),
    ),
  );
  const failParams = onCpus.flatMap((p) => (['uninitialized', 'no-page'] as FailReason[]).map((why) => ({ ...p, why })));

  /** Is the C3 failure reason `why` what C3 would do here, and what does it cost? */
  const c3Fails = (f: CallFacts, why: FailReason): boolean =>
    why === 'uninitialized' ? !f.initialized : f.initialized && f.page === null;
  const c3Cost = (why: FailReason): number => (why === 'no-page' ? 1 : 0);

  const unpublish = (d: V1State, obj: number): void => {
    d.objs[obj].published = false; // rcu_assign_pointer(slot, NULL)
  };

  return [
    {
      // Client: rcu_assign_pointer(slot, NULL) before kvfree_rcu(x) (§1.3).
      name: 'unpublish (rcu_assign_pointer(slot, NULL))',
      actor: (cpu: number) => `caller${cpu}`,
      params: cpus,
      label: (cpu: number) => `caller${cpu}`,
      enabled: (s, cpu) => s.callers[cpu].pc === 'unpub' && cpuFree(s, cpu) && (s.sched !== 'INACTIVE' || cpu === 0),
      apply: (d, cpu) => {
        const obj = curObj(c, d, cpu);
        if (c.mutation !== 'call-before-unpublish') unpublish(d, obj);
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
      enabled: (s, cpu) => s.callers[cpu].pc === 'C0',
      apply: (d, cpu) => {
        const obj = curObj(c, d, cpu);
        const o = d.objs[obj];
        if (c.objects[obj].form === 'headless' && d.cpu[cpu].irqOff) recordCtx(d, 'might_sleep-atomic'); // might_sleep()
        o.called = true;
        o.snap = snap(d.gp);
        d.callers[cpu].pc = 'C1';
      },
    },
    {
      // C1 + C2 "Double-freed call": debug_rcu_head_queue() found ptr active; nothing queued; C7.
      name: 'C1-C7 kvfree_call_rcu: C2 already queued',
      actor: (p: { cpu: number; x: number }) => `caller${p.cpu}`,
      params: onCpus,
      label: (p: { cpu: number; x: number }) => `caller${p.cpu}${at(p)}`,
      enabled: (s, p) => sectionEnabled(c, s, p.cpu, p.x) && c.debug && s.objs[curObj(c, s, p.cpu)].dbg,
      apply: (d, p) => {
        const obj = curObj(c, d, p.cpu);
        enterSection(c, d, p.x, obj);
        if (d.ghost.dbg === 'none') {
          d.ghost.dbg = 'queue-active';
          d.ghost.dbgAddr = d.objs[obj].addr;
        }
        if (d.cpu[p.x].initialized) unlock(d, p.x);
        nextCall(c, d, p.cpu); // success := true, nothing queued, not accepted
      },
    },
    {
      // C1..C3 kvfree_call_rcu_add_ptr_to_bulk() succeeds (first page has room / cached page via
      // xchg / __get_free_page(GFP_NOWAIT) succeeds), then C5, C6 (KFREE_DRAIN_JIFFIES), C7.
      name: 'C1-C7 kvfree_call_rcu: C3 add_ptr_to_bulk',
      actor: (p: { cpu: number }) => `caller${p.cpu}`,
      params: pageParams,
      label: (p: { cpu: number; x: number; page: PageChoice }) =>
        `caller${p.cpu}${at(p)}, ${p.page === 'current' ? 'room in the first page' : p.page === 'cached' ? 'page taken from bkvcache' : '__get_free_page(GFP_NOWAIT) succeeds'}`,
      enabled: (s, p) => {
        if (!sectionEnabled(c, s, p.cpu, p.x)) return false;
        if (c.debug && s.objs[curObj(c, s, p.cpu)].dbg) return false;
        const f = callFacts(c, s, p.cpu, p.x);
        if (!f.initialized) return false;
        return p.page === 'new' ? f.page === null : f.page === p.page;
      },
      apply: (d, p) => {
        const f = callFacts(c, d, p.cpu, p.x);
        enterSection(c, d, p.x, f.obj);
        const k = d.cpu[p.x];
        if (p.page !== 'current') {
          let pg: number;
          if (p.page === 'cached') {
            pg = k.bkvcache[f.idx]; // xchg(&krcp->bkvcache[idx], NULL)
            k.bkvcache[f.idx] = 0;
          } else {
            pg = d.pages.findIndex((x) => x.st === 'unused') + 1; // __get_free_page()
          }
          const page = d.pages[pg - 1];
          page.st = 'inuse';
          page.nr = 0;
          page.next = k.bkvhead[f.idx];
          k.bkvhead[f.idx] = pg;
        }
        const first = d.pages[k.bkvhead[f.idx] - 1];
        first.rec[first.nr] = f.obj + 1; // records[nr_records++] = ptr
        first.nr += 1;
        finishSection(c, d, p.cpu, p.x, false);
      },
    },
    {
      // C3 failed (not initialized, or no cached page and __get_free_page failed); C4 pushes the
      // rcu_head on ch3: the embedded one, or a wrapper from kmalloc(GFP_NOWAIT), else
      // kmalloc(GFP_ATOMIC) (attach_rcu_head_to_object), tagged by the scheme. Then C5, C6 (delay 0), C7.
      name: 'C1-C7 kvfree_call_rcu: C4 queue on ch3',
      actor: (p: { cpu: number }) => `caller${p.cpu}`,
      params: ch3Params,
      label: (p: { cpu: number; x: number; why: FailReason; wrap: WrapChoice; parity: number }) =>
        `caller${p.cpu}${at(p)}, C3 fails (${p.why === 'uninitialized' ? 'krcp not initialized' : 'no cached page, __get_free_page fails'})` +
        (p.wrap === 'embedded'
          ? ', embedded rcu_head'
          : p.wrap === 'nowait'
            ? ', wrapper kmalloc(GFP_NOWAIT) succeeds'
            : ', kmalloc(GFP_NOWAIT) fails, kmalloc(GFP_ATOMIC) succeeds') +
        (c.alignWrap === 1 && p.wrap !== 'embedded' ? (p.parity ? ' at an odd address' : ' at an even address') : ''),
      enabled: (s, p) => {
        if (!sectionEnabled(c, s, p.cpu, p.x)) return false;
        const f = callFacts(c, s, p.cpu, p.x);
        if (c.debug && s.objs[f.obj].dbg) return false;
        if (!c3Fails(f, p.why)) return false;
        if ((c.objects[f.obj].form === 'embedded') !== (p.wrap === 'embedded')) return false;
        return budgetAllows(c, s, c3Cost(p.why) + (p.wrap === 'atomic' ? 1 : 0));
      },
      apply: (d, p) => {
        const f = callFacts(c, d, p.cpu, p.x);
        enterSection(c, d, p.x, f.obj);
        spend(c, d, c3Cost(p.why) + (p.wrap === 'atomic' ? 1 : 0));
        const k = d.cpu[p.x];
        const o = d.objs[f.obj];
        let func: bigint;
        if (p.wrap === 'embedded') {
          func = embeddedFunc(c.tag, BigInt(o.addr), BigInt(c.offset));
        } else {
          o.wrap = candidates(wrapperBase(f.obj), c.alignWrap)[p.parity]; // attach_rcu_head_to_object()
          o.wword0 = f.ptr; // ptr[0] = obj
          func = wrapperFunc(c.tag, c.w);
        }
        o.hfunc = c.func.encode(func); // head->func = func
        o.hnext = k.head; // head->next = krcp->head
        k.head = headAddr(c, d, f.obj); // krcp->head = head
        finishSection(c, d, p.cpu, p.x, true); // expedited_drain = true
      },
    },
    {
      // C4: head-less and both wrapper kmallocs fail: success := false; C7; the caller goes to C8.
      name: 'C1-C7 kvfree_call_rcu: C4 wrapper kmalloc fails',
      actor: (p: { cpu: number }) => `caller${p.cpu}`,
      params: failParams,
      label: (p: { cpu: number; x: number; why: FailReason }) =>
        `caller${p.cpu}${at(p)}, C3 fails (${p.why === 'uninitialized' ? 'krcp not initialized' : 'no cached page, __get_free_page fails'}), kmalloc(GFP_NOWAIT) and kmalloc(GFP_ATOMIC) fail`,
      enabled: (s, p) => {
        if (!sectionEnabled(c, s, p.cpu, p.x)) return false;
        const f = callFacts(c, s, p.cpu, p.x);
        if (c.debug && s.objs[f.obj].dbg) return false;
        if (!c3Fails(f, p.why) || c.objects[f.obj].form !== 'headless') return false;
        return budgetAllows(c, s, c3Cost(p.why) + 2);
      },
      apply: (d, p) => {
        const f = callFacts(c, d, p.cpu, p.x);
        enterSection(c, d, p.x, f.obj);
        spend(c, d, c3Cost(p.why) + 2);
        if (c.mutation === 'sync-under-lock') recordCtx(d, 'synchronize_rcu-atomic');
        leaveSection(c, d, p.cpu, p.x, false);
      },
    },
    {
      // C8: debug_rcu_head_unqueue(ptr) after IRQs are restored.
      name: 'C8 debug_rcu_head_unqueue',
      actor: (cpu: number) => `caller${cpu}`,
      params: cpus,
      label: (cpu: number) => `caller${cpu}`,
      enabled: (s, cpu) => s.callers[cpu].pc === 'C8unqueue',
      apply: (d, cpu) => {
        debugUnqueue(c, d, BigInt(d.objs[curObj(c, d, cpu)].addr));
        d.callers[cpu].pc = 'C8sync';
      },
    },
    {
      // C8: synchronize_rcu() begins (returns at once while rcu_scheduler_active = INACTIVE).
      name: 'C8 synchronize_rcu',
      actor: (cpu: number) => `caller${cpu}`,
      params: cpus,
      label: (cpu: number) => `caller${cpu}`,
      enabled: (s, cpu) => s.callers[cpu].pc === 'C8sync',
      apply: (d, cpu) => {
        if (d.cpu[cpu].irqOff) recordCtx(d, 'synchronize_rcu-atomic');
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
      actor: (cpu: number) => `caller${cpu}`,
      params: cpus,
      label: (cpu: number) => `caller${cpu}`,
      enabled: (s, cpu) => s.callers[cpu].pc === 'C8wait' && done(s.gp, s.callers[cpu].syncSnap),
      apply: (d, cpu) => {
        d.callers[cpu].pc = 'C8free';
        d.callers[cpu].syncSnap = 0;
      },
    },
    {
      // C8: kvfree(ptr) inline.
      name: 'C8 kvfree',
      actor: (cpu: number) => `caller${cpu}`,
      params: cpus,
      label: (cpu: number) => `caller${cpu}`,
      enabled: (s, cpu) => s.callers[cpu].pc === 'C8free',
      apply: (d, cpu) => {
        free(c, d, 'kvfree', BigInt(d.objs[curObj(c, d, cpu)].addr));
        nextCall(c, d, cpu);
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Monitor (M0..M3), workqueue, GP machinery, batch worker (W0..W4)
// ---------------------------------------------------------------------------------------------

function monitorActions(c: V1Config): ActionDef<V1State, any>[] {
  const xs = Array.from({ length: c.cpus }, (_, i) => i);
  const batches = xs.flatMap((x) => [0, 1].map((b) => ({ x, b })));
  const bl = (p: { x: number; b: number }): string => `cpu${p.x} batch ${p.b}`;
  return [
    {
      // Workqueue timer: the delayed monitor_work's timer fires (untimed: any time after arming).
      name: 'G monitor timer fires',
      actor: (x: number) => `monitor${x}`,
      params: xs,
      label: (x: number) => `cpu${x}`,
      enabled: (s, x) => s.cpu[x].monStage === 'timer',
      apply: (d, x) => {
        d.cpu[x].monStage = 'queued';
      },
    },
    {
      // M0: a worker starts monitor_work: PENDING cleared immediately before kfree_rcu_monitor().
      name: 'M0 workqueue starts kfree_rcu_monitor',
      actor: (x: number) => `monitor${x}`,
      params: xs,
      label: (x: number) => `cpu${x}`,
      enabled: (s, x) => s.cpu[x].monStage === 'queued' && !s.cpu[x].monRunning && cpuFree(s, x),
      apply: (d, x) => {
        const k = d.cpu[x];
        k.monStage = 'idle';
        k.monPending = false;
        k.monRunning = true;
      },
    },
    {
      // M1..M3 kfree_rcu_monitor(): spin_lock_irqsave; if monitor_todo: kfree_rcu_drain_unlock()
      // (M2 queue_kfree_rcu_work over krw_arr[0..1], M3 re-arm if nothing queued); else unlock.
      name: 'M1-M3 kfree_rcu_monitor',
      actor: (x: number) => `monitor${x}`,
      params: xs,
      label: (x: number) => `cpu${x}`,
      enabled: (s, x) => s.cpu[x].monRunning && cpuFree(s, x) && !s.cpu[x].locked,
      apply: (d, x) => {
        const k = d.cpu[x];
        lock(d, x);
        if (k.monitorTodo) drainUnlock(c, d, x);
        else if (c.mutation !== 'no-unlock') unlock(d, x);
        k.monRunning = false;
      },
    },
    {
      // rcu_work_rcufn(): the RCU callback posted by queue_rcu_work() runs after its grace period
      // and queues kfree_rcu_work on system_wq (PENDING stays set).
      name: 'G rcu_work_rcufn (call_rcu callback)',
      actor: () => `gp`,
      params: batches,
      label: bl,
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        return b.rwStage === 'gpwait' && (c.mutation === 'no-gp-wait' || done(s.gp, b.cbSnap)) && cpuFree(s, p.x);
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
      actor: (p: { x: number; b: number }) => `worker${p.x}.${p.b}`,
      params: batches,
      label: bl,
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        return b.rwStage === 'queued' && !b.rwRunning && cpuFree(s, p.x);
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
      // W1 kfree_rcu_work(): under the owner krcp's lock take bkvhead_free[0..1] and head_free.
      name: 'W1 kfree_rcu_work detach',
      actor: (p: { x: number; b: number }) => `worker${p.x}.${p.b}`,
      params: batches,
      label: bl,
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        return b.rwRunning && b.wphase === 'W1' && cpuFree(s, p.x) && !s.cpu[p.x].locked;
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
        unlock(d, p.x);
        b.wphase = 'work';
        workerMaybeReturn(b);
      },
    },
    {
      // W2/W3 per page: debug_rcu_bhead_unqueue + kfree_bulk (ch1) or vfree each (ch2); then
      // cmpxchg(&krcp->bkvcache[j], NULL, page) or free_page().
      name: 'W2/W3 kfree_rcu_work free bulk page',
      actor: (p: { x: number; b: number; j: number }) => `worker${p.x}.${p.b}`,
      params: batches.flatMap((p) => [0, 1].map((j) => ({ ...p, j }))),
      label: (p: { x: number; b: number; j: number }) => `${bl(p)}, ${p.j === 0 ? 'W2 slab page: kfree_bulk' : 'W3 vmalloc page: vfree'}`,
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        if (!b.rwRunning || b.wphase !== 'work' || !cpuFree(s, p.x)) return false;
        return p.j === 0 ? b.k1 !== 0 : b.k1 === 0 && b.k2 !== 0;
      },
      apply: (d, p) => {
        const k = d.cpu[p.x];
        const b = k.krw[p.b];
        const pg = p.j === 0 ? b.k1 : b.k2;
        const page = d.pages[pg - 1];
        const nxt = page.next;
        for (let r = 0; r < page.nr; r++) debugUnqueue(c, d, BigInt(d.objs[page.rec[r] - 1].addr));
        const fn = p.j === 0 || c.mutation === 'kfree-vmalloc' ? 'kfree' : 'vfree';
        for (let r = 0; r < page.nr; r++) free(c, d, fn, BigInt(d.objs[page.rec[r] - 1].addr));
        page.nr = 0;
        page.next = 0;
        for (let r = 0; r < page.rec.length; r++) page.rec[r] = 0;
        if (c.cache && k.bkvcache[p.j] === 0) {
          k.bkvcache[p.j] = pg; // cmpxchg succeeded: page parked
          page.st = 'cached';
        } else {
          free(c, d, 'free_page', BigInt(pageAddr(pg - 1)));
        }
        if (p.j === 0) b.k1 = nxt;
        else b.k2 = nxt;
        workerMaybeReturn(b);
      },
    },
    {
      // W4: one ch3 element: off := func; next; headless := ((head - off) & BIT(0)) (per tag
      // scheme); debug_rcu_head_unqueue(ptr); if __is_kvfree_rcu_offset(off): [kvfree(*ptr)]; kvfree(ptr).
      name: 'W4 kfree_rcu_work decode ch3 element',
      actor: (p: { x: number; b: number }) => `worker${p.x}.${p.b}`,
      params: batches,
      label: bl,
      enabled: (s, p) => {
        const b = s.cpu[p.x].krw[p.b];
        return b.rwRunning && b.wphase === 'work' && b.k1 === 0 && b.k2 === 0 && b.h !== 0 && cpuFree(s, p.x);
      },
      apply: (d, p) => {
        const b = d.cpu[p.x].krw[p.b];
        const hd = BigInt(b.h);
        const P = BigInt(c.w.P);
        const read = (a: bigint): bigint => readWord(c, d, a, c.func.decode);
        const f = read(hd + P); // head->func
        let nxt = read(hd); // head->next
        const owner = headOwner(c, d, b.h);
        const dec = decode(c.tag, c.w, hd, f, read, c.mutation === 'skip-untag');
        if (c.mutation !== 'no-unqueue') debugUnqueue(c, d, dec.unqueue);
        for (const a of dec.frees) free(c, d, 'kvfree', a);
        if (c.mutation === 'double-free' && dec.frees.length > 0) free(c, d, 'kvfree', dec.frees[dec.frees.length - 1]);
        if (c.mutation === 'next-after-free') nxt = read(hd);
        // Back-pointer recovery: the frees must be exactly the owner object (and its wrapper).
        if (owner >= 0 && d.ghost.decode === 0) {
          const o = d.objs[owner];
          const want = o.wrap !== 0 ? [BigInt(o.addr), BigInt(o.wrap)] : [BigInt(o.addr)];
          const missing = want.some((a) => !dec.frees.includes(a));
          const stray = dec.frees.find((a) => !want.includes(a));
          if (missing || stray !== undefined) {
            d.ghost.decode = owner + 1;
            d.ghost.decodeAddr = clampAddr(stray ?? dec.unqueue);
          }
        }
        // A next pointer that names no rcu_head would be followed into garbage by the kernel:
        // record it as a bad read (P3b) and stop walking the list.
        if (nxt !== 0n && headOwner(c, d, clampAddr(nxt)) < 0) {
          recordBadRead(d, nxt);
          nxt = 0n;
        }
        b.h = Number(nxt);
        workerMaybeReturn(b);
      },
    },
  ];
}

function gpActions(c: V1Config): ActionDef<V1State, any>[] {
  return [
    {
      // GP start (§6.3): when a callback or synchronize_rcu() waiter needs one.
      name: 'G grace period starts',
      actor: 'gp',
      enabled: (s) => (s.gp & 1) === 0 && gpNeeded(s),
      apply: (d) => gpStart(d, c.gpMax),
    },
    {
      name: 'G grace period starts (spontaneous)',
      actor: 'gp',
      enabled: (s) => (s.gp & 1) === 0 && s.spont > 0 && !gpNeeded(s),
      apply: (d) => {
        d.spont -= 1;
        gpStart(d, c.gpMax);
      },
    },
    {
      // GP end: every reader that began before this GP started has ended.
      name: 'G grace period ends',
      actor: 'gp',
      enabled: (s) => gpCanEnd(s),
      apply: (d) => {
        d.gp += 1;
      },
    },
  ];
}

function shrinkerActions(c: V1Config): ActionDef<V1State, any>[] {
  if (!c.shrinker) return [];
  return [
    {
      // S kfree_rcu_shrink_scan(), one CPU section: c := count (plain read); spin_lock_irqsave;
      // if monitor_todo: M2-M3 (kfree_rcu_drain_unlock) else unlock.
      name: 'S kfree_rcu_shrink_scan',
      actor: 'shrinker',
      label: () => 'next CPU',
      enabled: (s) => s.sched === 'RUNNING' && s.shrink < c.cpus && !s.cpu[s.shrink].locked,
      apply: (d) => {
        const x = d.shrink;
        lock(d, x);
        if (d.cpu[x].monitorTodo) drainUnlock(c, d, x);
        else unlock(d, x);
        d.shrink += 1;
      },
    },
  ];
}

function bootActions(c: V1Config): ActionDef<V1State, any>[] {
  if (!c.boot) return [];
  const C = c.cpus;
  // boot counter: [0, C) batch_init per CPU; C: → INIT; C+1: → RUNNING; [C+2, 2C+2): scheduler_running per CPU.
  return [
    {
      // B rcu_init() → kfree_rcu_batch_init(): per CPU, initialise and set krcp->initialized.
      name: 'B kfree_rcu_batch_init',
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
      actor: 'boot',
      enabled: (s) => s.boot === C + 1,
      apply: (d) => {
        d.sched = 'RUNNING';
        d.boot += 1;
      },
    },
    {
      // kfree_rcu_scheduler_running(), one CPU: if krcp->head && !monitor_todo: arm the monitor.
      name: 'B kfree_rcu_scheduler_running',
      actor: 'boot',
      label: () => 'next CPU',
      enabled: (s) => s.boot >= C + 2 && s.boot < 2 * C + 2 && !s.cpu[s.boot - C - 2].locked && cpuFree(s, s.boot - C - 2),
      apply: (d) => {
        const x = d.boot - C - 2;
        const k = d.cpu[x];
        lock(d, x);
        if (k.head !== 0 && !k.monitorTodo) {
          k.monitorTodo = true;
          scheduleMonitor(k, false);
        }
        unlock(d, x);
        d.boot += 1;
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Variant-specific accessors for the shared properties
// ---------------------------------------------------------------------------------------------

function chainRecords(s: Readonly<V1State>, first: number): number {
  let n = 0;
  for (let pg = first; pg !== 0; pg = s.pages[pg - 1].next) n += s.pages[pg - 1].nr;
  return n;
}

function listLength(c: V1Config, s: Readonly<V1State>, head: number): number {
  let n = 0;
  for (let hd = head; hd !== 0 && n <= s.objs.length; ) {
    const o = headOwner(c, s, hd);
    if (o < 0) break;
    n++;
    hd = s.objs[o].hnext;
  }
  return n;
}

export function v1Spec(c: V1Config) {
  return {
    countMismatch(s: Readonly<V1State>): string | null {
      for (let x = 0; x < s.cpu.length; x++) {
        const k = s.cpu[x];
        if (k.locked) continue; // P6 is stated for states where nobody holds the lock
        const want = chainRecords(s, k.bkvhead[0]) + chainRecords(s, k.bkvhead[1]) + listLength(c, s, k.head);
        if (k.count !== want) {
          return `krcp[${x}].count is ${k.count} but its bulk pages and ch3 list hold ${want} object(s)`;
        }
      }
      return null;
    },
    atRest(s: Readonly<V1State>): string | null {
      for (let x = 0; x < s.cpu.length; x++) {
        if (s.cpu[x].locked) return `krcp[${x}].lock is still held after the step that took it returned`;
        const cl = s.callers[x];
        const inCall = cl.pc !== 'unpub' && cl.pc !== 'done';
        if (s.cpu[x].irqOff && !(c.irqoff && inCall)) return `IRQs on cpu${x} are still disabled after the call returned`;
      }
      return null;
    },
    clientsFinished(s: Readonly<V1State>): boolean {
      return s.callers.every((cl) => cl.pc === 'done') && s.readers.every((r) => r.ph !== 'in');
    },
  };
}

export function buildV1(params: Params) {
  const c = v1Config(params);
  alignments.set(c, { obj: params.alignObj as number, vmalloc: params.alignVmalloc as number });
  const actions: ActionDef<V1State, any>[] = [
    ...callerActions(c),
    ...monitorActions(c),
    ...gpActions(c),
    ...(readerActions(c.nReaders, c.objects.length, (s) => (s as V1State).sched !== 'INACTIVE') as ActionDef<V1State, any>[]),
    ...shrinkerActions(c),
    ...bootActions(c),
  ];
  return {
    config: c,
    shape: v1Shape(c),
    init: initialStates(c),
    actions,
    properties: kvfreeProperties<V1State>(v1Spec(c)),
    validEnd: (s: Readonly<V1State>) => v1Spec(c).clientsFinished(s) && s.readers.every((r) => r.ph === 'done') && (!c.boot || s.boot === 2 * c.cpus + 2),
  };
}

export const kvfreeV1 = defineModel({
  id: 'kvfree-v1',
  description: 'kvfree_call_rcu() of the seed series (v1, March 2020) with head-less wrappers tagged per scheme',
  params: V1_PARAMS,
  propertyNames: KVFREE_PROPERTY_NAMES,
  build(params) {
    const m = buildV1(params);
    return { shape: m.shape, init: m.init as never[], actions: m.actions as never[], properties: m.properties as never[], validEnd: m.validEnd as never };
  },
});
