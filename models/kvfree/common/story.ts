/**
 * What happened to an object along a kvfree trace, read off the typed states before and after
 * each step: where the object was (a krcp channel, a batch, its worker, freed), which step moved
 * it, and the batch's rcu_work at that moment (PENDING, its callback state, what
 * `queue_rcu_work()` returned). From those events it tells a premature free (`gp-guarantee`,
 * `reader-safety`) or a leak (`no-leak`) as a kernel developer would, with the step numbers, and
 * names the mechanism the trace shows.
 *
 * Why this file exists: explanations written by hand beside a configuration drifted from the
 * traces they were meant to explain (a reader-safety mechanism was given for the gp-guarantee
 * traces). A story built from the trace's own states cannot drift, and tests check each
 * published note's claimed mechanism against it.
 *
 * What it must not do: run searches, or read state paths by their spelling (it reads typed
 * states only); it only observes, so it adds nothing to the state and moves no count.
 */
import { kvConfig, type Batch, type KvConfig, type KvState } from './kstate.js';
import { headOwner } from './world.js';
import { variantOfModel } from '../variants.js';

/** Where an object is in one state. */
export type Place =
  | { at: 'unlisted' }
  | { at: 'krcp'; cpu: number; channel: Channel }
  | { at: 'ready'; cpu: number; channel: Channel }
  | { at: 'batch'; cpu: number; batch: number; channel: Channel }
  | { at: 'worker'; cpu: number; batch: number; channel: Channel }
  /** v6: taken by the shrinker's own kfree_rcu_monitor() call (kvfree_rcu_drain_ready()), not yet freed. */
  | { at: 'shrinker'; channel: Channel }
  | { at: 'freed' };

export type Channel = 'ch1' | 'ch2' | 'ch3';

/** How a premature free came about, as the trace shows it. */
export type Mechanism =
  /** The batch's rcu_work was still PENDING (its grace period over or under way) when the object joined it; queue_rcu_work() returned false. */
  | 'pending-piggyback'
  /** W0 had cleared PENDING but W1 had not detached yet: the object joined, and W1 took it with the old objects. */
  | 'w0-w1-window'
  /** The object joined an idle batch that queued a fresh callback, and was freed before that callback's grace period ended. */
  | 'unwaited-gp'
  /** v6: the object was appended to a bulk page whose gp_snap is older than the object's own snapshot. */
  | 'stale-page-snap'
  /** The object was handed to kvfree_call_rcu() again; a free honouring only the first hand-over's grace period is early for the second. */
  | 'repeat-call'
  /** A reader picked up an object that was still published when it was handed to kvfree_call_rcu(). */
  | 'published-after-call'
  /** A leak: the object sits on a krcp channel whose monitor is not armed, so nothing drains it. */
  | 'unarmed-monitor'
  /** A leak: the object sits in a batch whose rcu_work is not queued, so no worker frees it. */
  | 'stranded-batch'
  /** A leak: the object was taken off every list (by a worker) and never freed. */
  | 'dropped'
  /** debug-objects: debug_rcu_head_unqueue() is given the head-less wrapper's address, never queued, instead of the object's. */
  | 'unqueue-wrapper'
  /** debug-objects: an unqueue of an address that is not active (and no wrapper's). */
  | 'unqueue-inactive'
  /** debug-objects: an address freed while still active. */
  | 'free-active'
  /** debug-objects: debug_rcu_head_queue() of an address already active (a double kvfree_rcu()). */
  | 'requeue-active'
  /** debug-objects-end: an address queued and never unqueued. */
  | 'never-unqueued'
  /** exactly-once: the same object, wrapper or page freed twice. */
  | 'double-free'
  /** valid-free: the free of an interior address, of another allocator's memory, or of no allocation. */
  | 'interior-free'
  | 'wrong-kind-free'
  | 'unallocated-free'
  /** back-pointer: an rcu_head from ch3 decoded to memory other than its object and wrapper. */
  | 'misdecoded-head'
  /** no-uaf-read: a word of memory read after it was freed. */
  | 'read-after-free'
  /** context: a step that may sleep with IRQs off, under krcp->lock, under the client's spinlock, in a reader. */
  | 'sleep-irqs-off'
  | 'sleep-under-krcp-lock'
  | 'sleep-under-spinlock'
  | 'sleep-in-reader'
  /** context under PREEMPT_RT rules (`rt`, B4): a spinlock_t (a sleeping lock) taken with IRQs disabled; the page allocator entered under a raw_spinlock_t. */
  | 'rt-spinlock-irqs-off'
  | 'alloc-under-raw-lock'
  /** context with the caller holding rq->lock (`context=rqlock`, B12): a worker woken at once (a work queued with no delay); the allocator, which may wake kswapd. */
  | 'wake-under-rq-lock'
  | 'alloc-wake-under-rq-lock'
  /** context: a lock not released by its holder, or IRQs not restored. */
  | 'lock-discipline'
  /** accounting: the counter zeroed while objects remain (B7), not incremented for a queued object, or otherwise off. */
  | 'count-reset'
  | 'count-missed'
  | 'count-drift'
  /**
   * krcp-consistent (B5): the caller dropped krcp[x]'s lock for the sleeping page allocation,
   * migrated, and krc_this_cpu_lock() gave it another CPU's krcp, which it then changed.
   */
  | 'krcp-switch'
  /**
   * B8: the object's bulk page took its gp_snap from the root rcu_node's gp_seq while rcu_gp_init()
   * had started a GP in rcu_state.gp_seq but not yet reached the root, so the cookie names the end
   * of the GP already under way, which does not wait for readers that began after it started.
   */
  | 'lagging-root-cookie'
  /** debug-objects-lost (B11): the reclaim path deactivated an object's debug object and then did not free it. */
  | 'unqueued-unfreed'
  /** None of these: the story lists the events without naming a mechanism. */
  /** A leak: kvfree_call_rcu() queued the object while kvfree_rcu_barrier()'s cancel_delayed_work_sync() had monitor_work disabled, so its arm was dropped. */
  | 'arm-while-disabled'
  /** A leak: kvfree_rcu_barrier()'s cancel_delayed_work_sync() cancelled the monitor armed for the object, which its first loop had not queued. */
  | 'monitor-cancelled'
  /** barrier-complete / destroy-clean: the object was in the shrinker's kvfree_rcu_drain_ready() frame, which the barrier does not wait for. */
  | 'shrinker-frame'
  /** destroy-clean: kmem_cache_destroy() shut the cache down with no kvfree_rcu_barrier() (before 6c6c47b063b5). */
  | 'no-barrier'
  /** barrier-complete / destroy-clean: the object was in a batch the barrier did not flush. */
  | 'unflushed-batch'
  /** flush-dependency: a WQ_MEM_RECLAIM worker's flush_rcu_work() found a batch queued or running on a !WQ_MEM_RECLAIM workqueue. */
  | 'flush-non-reclaim'
  /** shrink-stop (B9): a scan found nothing (kfree_rcu_shrink_scan() returned 0, not SHRINK_STOP) and do_shrink_slab() called it again. */
  | 'scan-after-empty'
  | 'other';

/** The steps of a trace as the story reads them: the typed state after each step and its label. */
export interface StoryStep {
  action: string;
  state: unknown;
}

export interface StoryTrace {
  model: string;
  params: Record<string, number | string>;
  steps: readonly StoryStep[];
  /** Liveness lasso: the step where the cycle starts (the last step repeats it, or is it for a stutter). */
  loop?: number;
  /** Liveness: the failing instance of a per-object (or per-CPU) property. */
  instance?: number;
}

export interface Story {
  object: number;
  mechanism: Mechanism;
  /** One sentence per event, each opening with its step number. */
  events: string[];
}


/** The kvfree configuration a trace ran with (null for other models). */
export function storyConfig(t: Pick<StoryTrace, 'model' | 'params'>): KvConfig | null {
  const variant = variantOfModel(t.model)?.variant;
  if (variant === undefined) return null;
  return kvConfig(variant === 'v5.9' ? { ...t.params, tag: 'none' } : t.params, variant);
}

function pageChainHas(s: Readonly<KvState>, first: number, o: number): boolean {
  for (let pg = first; pg !== 0; pg = s.pages[pg - 1].next) {
    const p = s.pages[pg - 1];
    for (let r = 0; r < p.nr; r++) if (p.rec[r] === o + 1) return true;
  }
  return false;
}

/** Index of the page of the chain from `first` that holds object `o`'s record, or -1. */
function pageOf(s: Readonly<KvState>, first: number, o: number): number {
  for (let pg = first; pg !== 0; pg = s.pages[pg - 1].next) if (s.pages[pg - 1].rec.slice(0, s.pages[pg - 1].nr).includes(o + 1)) return pg - 1;
  return -1;
}

function listHas(c: KvConfig, s: Readonly<KvState>, head: number, o: number): boolean {
  for (let hd = head, n = 0; hd !== 0 && n <= s.objs.length; n++) {
    const i = headOwner(c, s, hd);
    if (i < 0) return false;
    if (i === o) return true;
    hd = s.objs[i].hnext;
  }
  return false;
}

const CHANNELS: readonly Channel[] = ['ch1', 'ch2'];

/** Where object `o` is in state `s`. */
export function placeOf(c: KvConfig, s: Readonly<KvState>, o: number): Place {
  if (s.objs[o].frees > 0) return { at: 'freed' };
  for (let cpu = 0; cpu < s.cpu.length; cpu++) {
    const k = s.cpu[cpu];
    for (let j = 0; j < k.bkvhead.length; j++) if (pageChainHas(s, k.bkvhead[j], o)) return { at: 'krcp', cpu, channel: CHANNELS[j] };
    if (listHas(c, s, k.head, o)) return { at: 'krcp', cpu, channel: 'ch3' };
    for (let j = 0; j < k.rdy.length; j++) if (pageChainHas(s, k.rdy[j], o)) return { at: 'ready', cpu, channel: CHANNELS[j] };
    if (listHas(c, s, k.rdyH, o)) return { at: 'ready', cpu, channel: 'ch3' };
    for (let batch = 0; batch < k.krw.length; batch++) {
      const b = k.krw[batch];
      for (let j = 0; j < b.bkvFree.length; j++) if (pageChainHas(s, b.bkvFree[j], o)) return { at: 'batch', cpu, batch, channel: CHANNELS[j] };
      if (listHas(c, s, b.headFree, o)) return { at: 'batch', cpu, batch, channel: 'ch3' };
      if (pageChainHas(s, b.k1, o)) return { at: 'worker', cpu, batch, channel: 'ch1' };
      if (pageChainHas(s, b.k2, o)) return { at: 'worker', cpu, batch, channel: 'ch2' };
      if (listHas(c, s, b.h, o)) return { at: 'worker', cpu, batch, channel: 'ch3' };
    }
  }
  for (let j = 0; j < s.shr.rdy.length; j++) if (pageChainHas(s, s.shr.rdy[j], o)) return { at: 'shrinker', channel: CHANNELS[j] };
  if (listHas(c, s, s.shr.rdyH, o)) return { at: 'shrinker', channel: 'ch3' };
  return { at: 'unlisted' };
}

export function samePlace(a: Place, b: Place): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const CHANNEL_TEXT: Record<Channel, string> = { ch1: 'a bulk page (ch1)', ch2: 'a vmalloc bulk page (ch2)', ch3: 'the rcu_head list (ch3)' };

function batchName(cpu: number, batch: number): string {
  return `krw_arr[${batch}] of cpu${cpu}`;
}

/** The batch's rcu_work as the monitor found it, in words. */
function workText(b: Readonly<Batch>): string {
  if (!b.rwPending) return b.rwRunning ? `its rcu_work is not PENDING but its worker is running, ${b.wphase === 'W1' ? 'past W0 and not yet at W1' : `at ${b.wphase}`}` : 'its rcu_work is idle';
  if (b.rwStage === 'queued') return 'its rcu_work is still PENDING with its grace period already over, the callback run and the worker not yet started';
  if (b.rwStage === 'gpwait') return `its rcu_work is still PENDING, waiting for the grace period of cookie ${b.cbSnap}`;
  return 'its rcu_work is still PENDING';
}

/** The trace's configuration and its states as kvfree states (null for other models). */
export function typedStates(t: StoryTrace): { c: KvConfig; states: KvState[] } | null {
  const c = storyConfig(t);
  return c === null ? null : { c, states: t.steps.map((s) => s.state as KvState) };
}

/**
 * The story of the object a trace's last step frees: the one freed before its grace period if
 * there is one (a `gp-guarantee` violation), else the first one freed (for example the object a
 * reader still holds, a `reader-safety` violation). Null when the last step frees no object.
 */
export function freeStory(t: StoryTrace): Story | null {
  const read = typedStates(t);
  if (read === null || read.states.length < 2) return null;
  const { c, states } = read;
  const n = states.length - 1;
  const last = states[n];
  const before = states[n - 1];
  const freedNow = last.objs.map((x, i) => (x.frees > before.objs[i].frees ? i : -1)).filter((i) => i >= 0);
  const o = freedNow.find((i) => !(last.objs[i].called && last.gp >= last.objs[i].snap)) ?? freedNow[0];
  if (o === undefined) return readerStory(t, states, c);
  return objectEvents(c, t, states, o);
}

/** A reader-safety violation whose last step frees nothing: a reader picked up an object already handed over or freed. */
function readerStory(t: StoryTrace, states: readonly KvState[], c: KvConfig): Story | null {
  const n = states.length - 1;
  const prev = states[n - 1];
  const last = states[n];
  for (let r = 0; r < last.readers.length; r++) {
    const got = last.readers[r].holds & ~prev.readers[r].holds;
    for (let o = 0; o < last.objs.length; o++) {
      if ((got & (1 << o)) === 0 || last.objs[o].frees === 0) continue;
      const st = objectEvents(c, t, states, o);
      const unpub = states.findIndex((s) => !s.objs[o].published);
      st.events.push(
        `step ${n} (${t.steps[n].action}): reader ${r} picks up object ${o}, which is still published${unpub < 0 ? '' : ` until step ${unpub}`} though it was handed to kvfree_call_rcu() and freed`,
      );
      st.mechanism = 'published-after-call';
      return st;
    }
  }
  return null;
}

/**
 * The story of the object a `no-leak` violation strands: the first object accepted and never
 * freed in the trace's last (quiescent) state, where it still is, and why nothing will move it.
 */
export function leakStory(t: StoryTrace): Story | null {
  const read = typedStates(t);
  if (read === null || read.states.length === 0) return null;
  const { c, states } = read;
  const n = states.length - 1;
  const last = states[n];
  const o = last.objs.findIndex((x) => x.accepted && x.frees === 0);
  if (o < 0) return null;
  const st = objectEvents(c, t, states, o);
  for (let i = 1; i <= n; i++) {
    if (states[i - 1].sched !== 'RUNNING' && states[i].sched === 'RUNNING') {
      const k = states[i].cpu.map((x, cpu) => `krcp cpu${cpu} ${x.monitorTodo ? 'armed' : 'not armed'}`).join(', ');
      st.events.push(`step ${i} (${t.steps[i].action}): rcu_scheduler_active becomes RUNNING; kfree_rcu_scheduler_running() looks at krcp->head only: ${k}`);
    }
  }
  const place = placeOf(c, last, o);
  const end = `step ${n} (the end): object ${o} is still ${placeText(place)}`;
  if (place.at === 'krcp') {
    const k = last.cpu[place.cpu];
    const armed = k.monitorTodo || k.monPending || k.monRunning;
    st.events.push(`${end}, and the monitor of that krcp is ${armed ? 'armed' : 'not armed (monitor_todo false, monitor_work idle)'}: nothing will drain it`);
    if (!armed) st.mechanism = 'unarmed-monitor';
    const lost = barrierLostArm(c, t, states, o, place.cpu, n);
    st.events.push(...lost.events);
    if (!armed && lost.mechanism !== null) st.mechanism = lost.mechanism;
  } else if (place.at === 'batch') {
    const b = last.cpu[place.cpu].krw[place.batch];
    st.events.push(`${end}, and that batch's rcu_work is ${b.rwPending ? 'PENDING' : 'idle'}: nothing will free it`);
    if (!b.rwPending) st.mechanism = 'stranded-batch';
  } else {
    st.events.push(`${end}: nothing will free it`);
    if (place.at === 'unlisted') st.mechanism = 'dropped';
  }
  return st;
}

/**
 * How kvfree_rcu_barrier() lost the monitor arm of object `o`, now on krcp `cpu`, up to step `n`:
 * its cancel_delayed_work_sync() cancelled the monitor armed for the object (`monitor-cancelled`),
 * or the object was queued while that cancel had monitor_work disabled, so its arm was dropped
 * (`arm-while-disabled`). No events and null when neither happened.
 */
export function barrierLostArm(c: KvConfig, t: StoryTrace, states: readonly KvState[], o: number, cpu: number, n: number): { events: string[]; mechanism: Mechanism | null } {
  const events: string[] = [];
  let mechanism: Mechanism | null = null;
  const here = (s: Readonly<KvState>): boolean => {
    const p = placeOf(c, s, o);
    return p.at === 'krcp' && p.cpu === cpu;
  };
  for (let i = 1; i <= n; i++) {
    const a = states[i - 1];
    const b = states[i];
    if (a.cpu[cpu].monDisabled && !here(a) && here(b)) {
      events.push(
        `step ${i} (${t.steps[i].action}): monitor_work of krcp cpu${cpu} is disabled by kvfree_rcu_barrier()'s cancel_delayed_work_sync() (v6.10+ disables the work until its flush ends), so queue_delayed_work() in __schedule_delayed_monitor_work() returns false: the arm is dropped, and enable_work() re-arms nothing`,
      );
      mechanism = 'arm-while-disabled';
    }
    if (here(a) && a.cpu[cpu].monPending && !b.cpu[cpu].monPending && a.td.pc === 'cancel' && b.td.pc === 'cancelwait' && b.td.x === cpu) {
      events.push(
        `step ${i} (${t.steps[i].action}): kvfree_rcu_barrier()'s second loop cancels the monitor armed for object ${o}, which its first loop did not queue (krcp cpu${cpu} was empty when it looked): nothing re-arms it`,
      );
      mechanism = 'monitor-cancelled';
    }
  }
  return { events, mechanism };
}

export function placeText(p: Place): string {
  switch (p.at) {
    case 'krcp':
      return `on ${CHANNEL_TEXT[p.channel]} of krcp cpu${p.cpu}`;
    case 'ready':
      return `on the ready list of krcp cpu${p.cpu}`;
    case 'batch':
      return `in ${batchName(p.cpu, p.batch)}`;
    case 'worker':
      return `with the worker of ${batchName(p.cpu, p.batch)}`;
    case 'shrinker':
      return `in the shrinker's kvfree_rcu_drain_ready() frame (taken off ${CHANNEL_TEXT[p.channel]}, not yet freed)`;
    case 'freed':
      return 'freed';
    case 'unlisted':
      return 'on no kvfree list (not yet handed over, or dropped without a free)';
  }
}

/** Object `o`'s call and every step that moves it, with the batch's state where it joins one. */
export function objectEvents(c: KvConfig, t: StoryTrace, states: readonly KvState[], o: number): Story {
  const events: string[] = [];
  let mechanism: Mechanism = 'other';
  const obj = states[states.length - 1].objs[o];
  let fresh = false;
  let stale = false;
  let lagging = -1;
  let repeated = false;
  for (let i = 1; i < states.length; i++) {
    const prev = states[i - 1];
    const s = states[i];
    const at = `step ${i} (${t.steps[i].action})`;
    if (s.objs[o].called && !prev.objs[o].called) events.push(`${at}: kvfree_call_rcu() for object ${o} takes snap ${s.objs[o].snap} (GP sequence ${s.gp})`);
    else if (s.objs[o].called && s.objs[o].snap !== prev.objs[o].snap) {
      repeated = true;
      events.push(`${at}: kvfree_call_rcu() is called for object ${o} again and takes snap ${s.objs[o].snap} (GP sequence ${s.gp})`);
    }
    if (lagging >= 0 && prev.gpInit && !s.gpInit) {
      events.push(`${at}: rcu_gp_init() reaches the root rcu_node; the page's cookie now names the end of this GP, which waits only for readers that began before it started`);
    }
    const from = placeOf(c, prev, o);
    const to = placeOf(c, s, o);
    if (samePlace(from, to)) continue;
    if (to.at === 'krcp' || to.at === 'ready') {
      const boot = to.at === 'krcp' && s.sched !== 'RUNNING' ? ` while rcu_scheduler_active is ${s.sched}` : '';
      const pg = to.at === 'krcp' && to.channel !== 'ch3' && c.variant === 'v6' ? pageOf(s, s.cpu[to.cpu].bkvhead[CHANNELS.indexOf(to.channel)], o) : -1;
      const snap = pg >= 0 && obj.called && s.pages[pg].snap < obj.snap ? `, whose gp_snap ${s.pages[pg].snap} is older than the object's snap ${obj.snap}` : '';
      if (snap !== '') stale = true;
      const lag = snap !== '' && s.gpInit ? `, taken from the root rcu_node's gp_seq (${s.gp - 1}) while rcu_gp_init() has already started GP ${s.gp} in rcu_state.gp_seq` : '';
      if (lag !== '') lagging = i;
      events.push(`${at}: object ${o} goes ${placeText(to)}${boot}${snap}${lag}`);

    } else if (to.at === 'batch') {
      const was = prev.cpu[to.cpu].krw[to.batch];
      const now = s.cpu[to.cpu].krw[to.batch];
      const queued = !was.rwPending && now.rwPending;
      events.push(
        `${at}: object ${o} is attached to ${batchName(to.cpu, to.batch)} while ${workText(was)}${history(states, to.cpu, to.batch, i)}; ` +
          `queue_rcu_work() ${queued ? `returned true (a new callback, cookie ${now.cbSnap})` : 'returned false (nothing new queued)'}`,
      );
      fresh = queued;
      if (was.rwPending) mechanism = 'pending-piggyback';
      else if (was.rwRunning && was.wphase === 'W1') mechanism = 'w0-w1-window';
    } else if (to.at === 'worker') {
      events.push(`${at}: kfree_rcu_work() detaches ${batchName(to.cpu, to.batch)} with object ${o} (W1)`);
    } else if (to.at === 'freed') {
      const early = !(obj.called && s.gp >= obj.snap);
      events.push(`${at}: object ${o} is freed at GP sequence ${s.gp} ${early ? `< snap ${obj.snap}: no full grace period since its kvfree_call_rcu()` : `(snap ${obj.snap})`}`);
      if (early && mechanism === 'other') mechanism = repeated ? 'repeat-call' : lagging >= 0 ? 'lagging-root-cookie' : stale ? 'stale-page-snap' : fresh ? 'unwaited-gp' : 'other';
    }
  }
  return { object: o, mechanism, events };
}

/** What the batch did before step `i`: when its callback last ran, when its worker last started. */
function history(states: readonly KvState[], cpu: number, batch: number, i: number): string {
  const parts: string[] = [];
  for (let j = i - 1; j >= 1; j--) {
    const a = states[j - 1].cpu[cpu].krw[batch];
    const b = states[j].cpu[cpu].krw[batch];
    if (parts.length === 0 && a.rwStage === 'gpwait' && b.rwStage === 'queued') parts.push(`its callback ran at step ${j}, at GP sequence ${states[j].gp}, for cookie ${a.cbSnap}`);
    if (!a.rwRunning && b.rwRunning) {
      parts.push(`W0 started its worker at step ${j}`);
      break;
    }
    if (a.rwPending === false && b.rwPending === true) break;
  }
  return parts.length === 0 ? '' : ` (${parts.join('; ')})`;
}

/** One paragraph: the mechanism in a clause, then the events. */
export function storyText(st: Story): string {
  const what: Record<Mechanism, string> = {
    'pending-piggyback': 'the object joins a batch whose rcu_work is still PENDING, so queue_rcu_work() queues nothing and the earlier grace period is taken for its own',
    'w0-w1-window': 'the object joins a batch between W0 (PENDING cleared) and W1 (detach), so W1 frees it with the old objects',
    'unarmed-monitor': 'the object is queued where no armed monitor will ever drain it',
    'stranded-batch': 'the object sits in a batch that no rcu_work will ever process',
    dropped: 'the object is taken off every list and never freed',
    'unqueue-wrapper': "debug_rcu_head_unqueue() is given the head-less wrapper's address, which was never queued, while the object's own queued address stays active",
    'unqueue-inactive': 'debug_rcu_head_unqueue() is given an address that is not active',
    'free-active': 'memory is freed while its address is still active in the debug-object table',
    'requeue-active': 'debug_rcu_head_queue() finds the address already active: the object was handed over twice',
    'never-unqueued': 'an address queued in the debug-object table is never unqueued',
    'double-free': 'the same memory is freed twice',
    'interior-free': 'a free is given an address inside an allocation, not its start',
    'wrong-kind-free': "a free is given another allocator's memory",
    'unallocated-free': 'a free is given an address where no allocation starts',
    'misdecoded-head': 'an rcu_head taken from ch3 is decoded to the wrong memory',
    'read-after-free': 'the reclaim path reads memory it has already freed',
    'sleep-irqs-off': 'a step that may sleep runs with IRQs disabled',
    'sleep-under-krcp-lock': 'a step that may sleep runs under krcp->lock',
    'sleep-under-spinlock': "a step that may sleep runs under the client's spinlock",
    'sleep-in-reader': 'a step that may sleep runs inside an RCU read-side critical section',
    'lock-discipline': 'a lock or the IRQ state is not given back by the step that took it',
    'rt-spinlock-irqs-off': 'under PREEMPT_RT a spinlock_t krcp->lock, a sleeping lock, is taken with IRQs disabled',
    'alloc-under-raw-lock': 'the page allocator, which takes spinlock_t locks (sleeping under PREEMPT_RT), is entered under the raw_spinlock_t krcp->lock',
    'wake-under-rq-lock': 'a work item is queued with no delay while the caller holds rq->lock, so try_to_wake_up() takes a runqueue lock inside it',
    'alloc-wake-under-rq-lock': 'the page allocator, which may wake kswapd, is entered while the caller holds rq->lock',
    'count-reset': "the krcp counter is zeroed while objects remain on its channels (B7's partial-detach reset)",
    'count-missed': 'an object is queued on a krcp without its counter being incremented',
    'count-drift': 'the krcp counter drifts from what its channels hold',
    'unwaited-gp': "the object joins an idle batch whose fresh callback's grace period is not waited for before the free",
    'unqueued-unfreed': 'the reclaim path deactivates the debug object of an object it then leaves unfreed, so the leak is invisible to CONFIG_DEBUG_OBJECTS_RCU_HEAD',
    'lagging-root-cookie':
      "get_state_synchronize_rcu_full() reads the root rcu_node's gp_seq while rcu_gp_init() has started a grace period only in rcu_state.gp_seq, so the page's cookie names the end of the grace period already under way, which does not wait for a reader that began after it started (on a CPU that came online during the initialisation)",
    'stale-page-snap': "the object is appended to a bulk page whose gp_snap is older than its own, and the page is freed on the page's grace period",
    'repeat-call': "the object is handed to kvfree_call_rcu() a second time, and the first hand-over's free comes before the second's grace period",
    'published-after-call': 'a reader still finds the object published after it was handed to kvfree_call_rcu()',
    'krcp-switch': "the caller drops one krcp's lock for the sleeping page allocation, migrates, and krc_this_cpu_lock() gives it another CPU's krcp, which it changes on the first krcp's decision",
    'arm-while-disabled':
      "kvfree_call_rcu() queues the object while kvfree_rcu_barrier()'s cancel_delayed_work_sync() has monitor_work disabled, so its arm is dropped and, once the barrier enables the work again, nothing drains that krcp until the next kvfree_rcu() on it",
    'monitor-cancelled':
      "kvfree_call_rcu() queues the object after kvfree_rcu_barrier()'s first loop found its krcp empty and arms the monitor, and the barrier's second loop then cancels that monitor with cancel_delayed_work_sync(): nothing drains that krcp until the next kvfree_rcu() on it",
    'shrinker-frame':
      "the shrinker's own kfree_rcu_monitor() call (kfree_rcu_shrink_scan()) has taken the object off its krcp in kvfree_rcu_drain_ready() and not yet freed it, and kvfree_rcu_barrier() waits for the monitor work and the batches but not for the shrinker",
    'no-barrier': 'kmem_cache_destroy() shuts the cache down without waiting for kvfree_rcu() (no kvfree_rcu_barrier() before 6c6c47b063b5), while the object is still queued',
    'unflushed-batch': 'the object is in a batch that kvfree_rcu_barrier() did not flush before returning',
    'flush-non-reclaim':
      'kvfree_rcu_barrier() runs in a WQ_MEM_RECLAIM worker and flush_rcu_work() waits on a batch queued or running on system_unbound_wq, which is not WQ_MEM_RECLAIM: check_flush_dependency() WARNs (under memory pressure the reclaim worker could wait on a work that cannot get a worker)',
    'scan-after-empty':
      "do_shrink_slab() counted objects, a kfree_rcu_shrink_scan() call of its batch loop found none (returned 0, not SHRINK_STOP) and the loop called it again while total_scan lasted: wasted work, bounded by total_scan, not a livelock",
    other: 'what happened to the object',
  };
  return `${what[st.mechanism]}: ${byStep(st.events).join('; ')}.`;
}

/** Events in step order (stable: events of one step keep their order). */
export function byStep(events: readonly string[]): string[] {
  const n = (e: string): number => Number(/^step (\d+) /.exec(e)?.[1] ?? Infinity);
  return events.map((e, i) => ({ e, i })).sort((a, b) => n(a.e) - n(b.e) || a.i - b.i).map((x) => x.e);
}
