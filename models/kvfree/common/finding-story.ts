/**
 * The story of every other kind of kvfree finding, read off its own trace: a debug-object
 * mismatch, a double or invalid free, a wrongly decoded rcu_head, a read of freed memory, a sleep
 * in atomic context, a counter that drifted from its lists. Each names the steps that cause the
 * violation and the mechanism the trace shows; `findingStory()` is the one entry point for every
 * property (premature frees and leaks come from story.ts).
 *
 * Why this file exists: a published explanation must be generated from the trace it explains,
 * for every finding, so that a test can check each configuration's claimed mechanism against it.
 *
 * What it must not do: run searches, read state paths by their spelling, or decide a verdict: the
 * properties (invariants/kvfree.ts) decide; this only tells how the trace got there.
 */
import { PAGE_SIZE, pageAddr } from './memory.js';
import type { KvConfig, KvState } from './kstate.js';
import { freeStory, leakStory, objectEvents, placeOf, placeText, samePlace, typedStates, type Mechanism, type Story, type StoryTrace } from './story.js';
import { hexAddr } from './world.js';
import { lassoStory } from './lasso-story.js';

/** The story of `property`'s violation along `t` (null when the trace holds nothing to tell). */
export function findingStory(property: string, t: StoryTrace): Story | null {
  switch (property) {
    case 'gp-guarantee':
    case 'reader-safety':
      return freeStory(t);
    case 'no-leak':
      return leakStory(t);
    case 'eventual-free':
    case 'monitor-drains':
      return lassoStory(property, t);
    default: {
      const read = typedStates(t);
      if (read === null || read.states.length < 2) return null;
      const tell = TELLERS[property];
      return tell === undefined ? null : tell({ ...read, t, n: read.states.length - 1 });
    }
  }
}

interface Read {
  c: KvConfig;
  states: KvState[];
  t: StoryTrace;
  /** The last step (the violating one for invariants and transitions; the quiescent end for terminals). */
  n: number;
}

type Teller = (r: Read) => Story | null;

const at = (r: Read, i: number): string => `step ${i} (${r.t.steps[i].action})`;

/** The first step at which `f` becomes true, or -1. */
function firstStep(r: Read, f: (s: KvState) => boolean): number {
  for (let i = 0; i < r.states.length; i++) if (f(r.states[i])) return i;
  return -1;
}

/** What memory address `a` lies in, in the state `s`. */
function ownerOf(c: KvConfig, s: Readonly<KvState>, a: number): { what: string; freed: (x: KvState) => boolean; object: number } | null {
  for (let i = 0; i < s.objs.length; i++) {
    const o = s.objs[i];
    if (a >= o.addr && a < o.addr + c.objSize) return { what: `object ${i} (${hexAddr(o.addr)})`, freed: (x) => x.objs[i].frees > 0, object: i };
    if (o.wrap !== 0 && a >= o.wrap && a < o.wrap + c.wrapSize) return { what: `the wrapper of object ${i} (${hexAddr(o.wrap)})`, freed: (x) => x.objs[i].wfrees > 0, object: i };
  }
  for (let p = 0; p < s.pages.length; p++) {
    const b = pageAddr(p);
    if (a >= b && a < b + PAGE_SIZE) return { what: `bulk page ${p} (${hexAddr(b)})`, freed: (x) => x.pages[p].st === 'freed' || x.pages[p].frees > 0, object: -1 };
  }
  return null;
}

/** The object whose place changed at the last step (the one the violating step handled), or -1. */
function movedAtEnd(r: Read): number {
  const prev = r.states[r.n - 1];
  const s = r.states[r.n];
  for (let o = 0; o < s.objs.length; o++) {
    if (!samePlace(placeOf(r.c, prev, o), placeOf(r.c, s, o))) return o;
    if (s.objs[o].frees !== prev.objs[o].frees || s.objs[o].wfrees !== prev.objs[o].wfrees) return o;
  }
  return -1;
}

/** `objectEvents` of `o` followed by `more`, with `mechanism`. */
function withEvents(r: Read, o: number, mechanism: Mechanism, more: string[]): Story {
  const base = o >= 0 ? objectEvents(r.c, r.t, r.states, o) : { object: -1, mechanism, events: [] };
  return { object: o, mechanism, events: [...base.events, ...more] };
}

/** Every step at which an object's debug-object entry is activated (debug_rcu_head_queue()). */
function queueEvents(r: Read, o: number): string[] {
  const out: string[] = [];
  for (let i = 1; i <= r.n; i++) {
    if (r.states[i].objs[o].dbg && !r.states[i - 1].objs[o].dbg) out.push(`${at(r, i)}: debug_rcu_head_queue(${hexAddr(r.states[i].objs[o].addr)}) makes object ${o}'s address active`);
  }
  return out;
}

/** The step that recorded the first debug-object violation, or -1. */
function dbgStep(r: Read): number {
  return firstStep(r, (s) => s.ghost.dbg !== 'none');
}

function dbgEvent(r: Read, i: number): { text: string; mechanism: Mechanism; object: number } {
  const s = r.states[i];
  const a = s.ghost.dbgAddr;
  const wrapperOf = s.objs.findIndex((o) => o.wrap !== 0 && o.wrap === a);
  const objectAt = s.objs.findIndex((o) => o.addr === a);
  switch (s.ghost.dbg) {
    case 'unqueue-inactive':
      return wrapperOf >= 0
        ? {
            text: `${at(r, i)}: debug_rcu_head_unqueue(${hexAddr(a)}) is given the wrapper of object ${wrapperOf}, which was never queued, while object ${wrapperOf}'s own address ${hexAddr(s.objs[wrapperOf].addr)} ${s.objs[wrapperOf].dbg ? 'stays active' : 'is not active'}`,
            mechanism: 'unqueue-wrapper',
            object: wrapperOf,
          }
        : { text: `${at(r, i)}: debug_rcu_head_unqueue(${hexAddr(a)}) on an address that is not active`, mechanism: 'unqueue-inactive', object: objectAt };
    case 'free-active':
      return { text: `${at(r, i)}: ${hexAddr(a)} is freed while still active in the debug-object table`, mechanism: 'free-active', object: objectAt >= 0 ? objectAt : wrapperOf };
    case 'queue-active':
    case 'none': // not reached: dbgStep() returns a step whose ghost recorded a violation
      return { text: `${at(r, i)}: debug_rcu_head_queue(${hexAddr(a)}) finds it already active: the same object handed to kvfree_call_rcu() twice`, mechanism: 'requeue-active', object: objectAt };
  }
}

/**
 * barrier-complete / destroy-clean: where the object the violation names was when the barrier
 * returned or the cache shut down (the violating step), and how the teardown got there.
 */
function teardownStory(r: Read, what: 'barrier' | 'destroy'): Story | null {
  const s = r.states[r.n];
  const o = s.objs.findIndex((x) => x.addr === s.ghost.tdAddr);
  if (o < 0) return null;
  const more: string[] = [];
  const begin = firstStep(r, (x) => x.td.pc !== 'idle');
  if (begin > 0) {
    const returned = (r.states[begin].td.bset & (1 << o)) !== 0;
    more.push(`${at(r, begin)}: the teardown begins; object ${o}'s kvfree_rcu() ${returned ? 'has returned' : 'has not returned yet'}`);
  }
  const barrierRan = r.states.some((x) => x.td.pc === 'cancel' || x.td.pc === 'check');
  const place = placeOf(r.c, r.states[r.n - 1], o);
  for (let i = begin + 1; i < r.n; i++) {
    if (r.states[i].td.pc === 'cancelwait' && r.states[i - 1].td.pc === 'cancel') {
      more.push(`${at(r, i)}: cancel_delayed_work_sync() on krcp cpu${r.states[i].td.x}: ${r.states[i - 1].cpu[r.states[i].td.x].monRunning ? 'the monitor is running, the barrier waits for it' : 'no monitor is running'}`);
    }
  }
  const end =
    what === 'barrier'
      ? `${at(r, r.n)}: kvfree_rcu_barrier() returns while object ${o} is ${placeText(place)}`
      : `${at(r, r.n)}: __kmem_cache_shutdown() finds object ${o} allocated, ${placeText(place)}: WARN "Slab cache still has objects", the cache is leaked`;
  more.push(end);
  let mechanism: Mechanism = 'other';
  if (place.at === 'shrinker') mechanism = 'shrinker-frame';
  else if (what === 'destroy' && !barrierRan) mechanism = 'no-barrier';
  else if (place.at === 'batch' || place.at === 'worker') mechanism = 'unflushed-batch';
  return withEvents(r, o, mechanism, more);
}

const TELLERS: Readonly<Record<string, Teller>> = {
  'barrier-complete': (r) => teardownStory(r, 'barrier'),
  'destroy-clean': (r) => (r.states[r.n].ghost.destroy === 'busy' ? teardownStory(r, 'destroy') : null),
  'flush-dependency': (r) => {
    const i = firstStep(r, (s) => s.ghost.flushDep);
    if (i < 1) return null;
    const s = r.states[i];
    const w = s.cpu[s.td.x].krw[s.td.b];
    const begin = firstStep(r, (x) => x.td.pc !== 'idle');
    const state = w.rwRunning ? 'its worker is running' : w.rwStage === 'queued' ? 'it is queued on the workqueue' : 'it waits for its grace period (rcu_barrier(), then flush_work() of the queued work)';
    return {
      object: -1,
      mechanism: 'flush-non-reclaim',
      events: [
        ...(begin > 0 ? [`${at(r, begin)}: the teardown begins in a WQ_MEM_RECLAIM worker`] : []),
        `${at(r, i)}: flush_rcu_work() of krw_arr[${s.td.b}] of cpu${s.td.x}, whose rcu_work is on system_unbound_wq (not WQ_MEM_RECLAIM): ${state}, so check_flush_dependency() WARNs`,
      ],
    };
  },
  'krcp-consistent': (r) => krcpSwitchStory(r),
  'shrink-stop': (r) => {
    const i = firstStep(r, (s) => s.ghost.shrinkWasted > 0);
    if (i < 1) return null;
    const counted = firstStep(r, (s) => s.core.pc !== 'idle');
    const empty = firstStep(r, (s) => s.core.empty);
    const events: string[] = [];
    if (counted > 0) events.push(`${at(r, counted)}: kfree_rcu_shrink_count() returns ${r.states[counted].core.freeable}, so total_scan = ${r.states[counted].core.total}`);
    if (empty > 0) events.push(`${at(r, empty)}: kfree_rcu_shrink_scan() found nothing on any krcp and returned 0, not SHRINK_STOP; total_scan is ${r.states[empty].core.total}`);
    events.push(`${at(r, i)}: do_shrink_slab() calls kfree_rcu_shrink_scan() again (call ${r.states[i].core.calls})`);
    return { object: -1, mechanism: 'scan-after-empty', events };
  },

  'debug-objects': (r) => {
    const i = dbgStep(r);
    if (i < 0) return null;
    const e = dbgEvent(r, i);
    return withEvents(r, e.object, e.mechanism, [...(e.object >= 0 ? queueEvents(r, e.object) : []), e.text]);
  },

  'debug-objects-lost': (r) => {
    const last = r.states[r.n];
    const o = last.objs.findIndex((x) => x.called && x.frees === 0 && !x.dbg);
    if (o < 0) return null;
    let off = -1;
    for (let i = 1; i <= r.n; i++) if (r.states[i - 1].objs[o].dbg && !r.states[i].objs[o].dbg) off = i;
    const events = [...queueEvents(r, o)];
    if (off >= 0) events.push(`${at(r, off)}: the reclaim path deactivates object ${o}'s address ${hexAddr(last.objs[o].addr)} in the debug-object table (debug_rcu_head_unqueue / debug_rcu_bhead_unqueue) and then does not free the object`);
    events.push(`step ${r.n} (the end): object ${o} is never freed, and the debug-object table no longer knows it`);
    return withEvents(r, o, 'unqueued-unfreed', events);
  },

  'debug-objects-end': (r) => {
    const last = r.states[r.n];
    const o = last.objs.findIndex((x) => x.dbg);
    if (o < 0) return null;
    const i = dbgStep(r);
    const e = i >= 0 ? dbgEvent(r, i) : null;
    const mechanism: Mechanism = e !== null && e.object === o && e.mechanism === 'unqueue-wrapper' ? 'unqueue-wrapper' : 'never-unqueued';
    const end = `step ${r.n} (the end): object ${o}'s address ${hexAddr(last.objs[o].addr)} is still active in the debug-object table${last.objs[o].frees > 0 ? ', though the object has been freed' : ''}`;
    return withEvents(r, o, mechanism, [...queueEvents(r, o), ...(e !== null && e.object === o ? [e.text] : []), end]);
  },

  'exactly-once': (r) => {
    const last = r.states[r.n];
    const pick = (() => {
      for (let o = 0; o < last.objs.length; o++) {
        if (last.objs[o].frees > 1) return { o, what: `object ${o} (${hexAddr(last.objs[o].addr)})`, count: (s: KvState) => s.objs[o].frees };
        if (last.objs[o].wfrees > 1) return { o, what: `the wrapper of object ${o} (${hexAddr(last.objs[o].wrap)})`, count: (s: KvState) => s.objs[o].wfrees };
      }
      const p = last.pages.findIndex((x) => x.frees > 1);
      return p < 0 ? null : { o: -1, what: `bulk page ${p}`, count: (s: KvState) => s.pages[p].frees };
    })();
    if (pick === null) return null;
    const frees: string[] = [];
    for (let i = 1; i <= r.n; i++) {
      const k = pick.count(r.states[i]) - pick.count(r.states[i - 1]);
      if (k > 0) frees.push(`${at(r, i)}: ${pick.what} is freed ${k === 1 ? 'once' : `${k} times`} (${pick.count(r.states[i])} in all)`);
    }
    const calls: string[] = [];
    if (pick.o >= 0) {
      for (let i = 1; i <= r.n; i++) {
        const a = r.states[i - 1].callers;
        const b = r.states[i].callers;
        for (let k = 0; k < b.length; k++) if (a[k].pc === 'unpub' && b[k].pc !== 'unpub' && b[k].idx === pick.o) calls.push(`${at(r, i)}: caller${k} hands object ${pick.o} to kvfree_call_rcu()`);
      }
    }
    return { object: pick.o, mechanism: 'double-free', events: [...(calls.length > 1 ? calls : []), ...frees] };
  },

  'valid-free': (r) => {
    const i = firstStep(r, (s) => s.ghost.invalid !== 'none');
    if (i < 0) return null;
    const g = r.states[i].ghost;
    const o = r.states[i].ghost.decode > 0 ? r.states[i].ghost.decode - 1 : movedAtEnd(r);
    const decoded = r.states[i].ghost.decode > 0 ? `; the rcu_head was decoded to ${hexAddr(g.decodeAddr)}` : '';
    const mechanism: Mechanism = g.invalid === 'interior' ? 'interior-free' : g.invalid === 'wrong-kind' ? 'wrong-kind-free' : 'unallocated-free';
    const why = g.invalid === 'interior' ? 'an address inside an allocation, not its start' : g.invalid === 'wrong-kind' ? 'an allocation of another kind (slab, vmalloc or page)' : 'an address where no allocation starts';
    return withEvents(r, o, mechanism, [`${at(r, i)}: ${g.invalidFn}(${hexAddr(g.invalidAddr)}) is given ${why}${decoded}`]);
  },

  'back-pointer': (r) => {
    const i = firstStep(r, (s) => s.ghost.decode > 0);
    if (i < 0) return null;
    const s = r.states[i];
    const o = s.ghost.decode - 1;
    const own = `${hexAddr(s.objs[o].addr)}${s.objs[o].wrap !== 0 ? ` (wrapper ${hexAddr(s.objs[o].wrap)})` : ''}`;
    return withEvents(r, o, 'misdecoded-head', [`${at(r, i)}: kfree_rcu_work() decodes object ${o}'s rcu_head from its func word (code ${s.objs[o].hfunc}) to ${hexAddr(s.ghost.decodeAddr)}, not to ${own}`]);
  },

  'no-uaf-read': (r) => {
    const i = firstStep(r, (s) => s.ghost.uaf);
    if (i < 0) return null;
    const a = r.states[i].ghost.uafAddr;
    const owner = ownerOf(r.c, r.states[i], a);
    if (owner === null) return { object: -1, mechanism: 'read-after-free', events: [`${at(r, i)}: the reclaim path reads the word at ${hexAddr(a)}, in freed memory`] };
    const f = firstStep(r, owner.freed);
    const freed = f > 0 ? [`${at(r, f)}: ${owner.what} is freed`] : [];
    return {
      object: owner.object,
      mechanism: 'read-after-free',
      events: [...freed, `${at(r, i)}: the reclaim path reads the word at ${hexAddr(a)}, inside ${owner.what}${f > 0 ? `, freed at step ${f}` : ''}`],
    };
  },

  context: (r) => {
    const i = firstStep(r, (s) => s.ghost.ctx !== 'none');
    const events: string[] = [];
    for (let j = 1; j <= r.n; j++) {
      const a = r.states[j - 1].callers;
      const b = r.states[j].callers;
      for (let k = 0; k < b.length; k++) {
        if (a[k].held === 0 && b[k].held !== 0) events.push(`${at(r, j)}: caller${k} takes krcp->lock of cpu${b[k].held - 1} and keeps it`);
        if (a[k].pc === 'unpub' && b[k].pc !== 'unpub' && r.c.context !== 'sleepable') events.push(`${at(r, j)}: caller${k} calls kvfree_rcu() ${CONTEXT_TEXT[r.c.context]}`);
      }
    }
    if (i < 0) return { object: -1, mechanism: 'lock-discipline', events: [...events, `step ${r.n} (${r.t.steps[r.n].action}): a lock is still held or IRQs still off after the step that took them returned`] };
    const why = r.states[i].ghost.ctx;
    if (why === 'rt-spinlock-atomic' || why === 'alloc-under-raw-lock') return rtStory(r, i, why, events);
    if (why === 'wake-under-rq-lock' || why === 'alloc-wake-under-rq-lock') return rqWakeStory(r, i, why, events);
    const mechanism: Mechanism =
      why === 'might_sleep-atomic' || why === 'synchronize_rcu-atomic'
        ? 'sleep-irqs-off'
        : why === 'sleep-under-krcp-lock' || why === 'sleep-under-spinlock' || why === 'sleep-in-reader'
          ? why
          : 'lock-discipline';
    const what = why === 'synchronize_rcu-atomic' || why === 'sleep-under-krcp-lock' ? 'calls synchronize_rcu(), which may block' : why.startsWith('lock') || why === 'irq-not-restored' ? `breaks the lock/IRQ discipline (${why})` : 'reaches might_sleep()';
    return { object: -1, mechanism, events: [...events, `${at(r, i)}: the caller ${what}`] };
  },

  accounting: (r) => {
    // v6 before 4c33464ae85e keeps krcp->count like v1/v5.9; the counters a version does not have stay 0.
    const counted = (s: KvState, x: number): number => (r.c.variant === 'v6' ? s.cpu[x].bulkCount.reduce((a, b) => a + b, 0) + s.cpu[x].headCount + s.cpu[x].count : s.cpu[x].count);
    const held = (s: KvState, x: number): number => s.objs.filter((_, o) => { const p = placeOf(r.c, s, o); return p.at === 'krcp' && p.cpu === x; }).length;
    const last = r.states[r.n];
    const x = last.cpu.findIndex((_, cpu) => counted(last, cpu) !== held(last, cpu));
    if (x < 0) return null;
    const events: string[] = [];
    let mechanism: Mechanism = 'count-drift';
    for (let i = 1; i <= r.n; i++) {
      const a = r.states[i - 1];
      const b = r.states[i];
      const dc = counted(b, x) - counted(a, x);
      const dh = held(b, x) - held(a, x);
      if (dc === dh) continue;
      events.push(`${at(r, i)}: krcp cpu${x}'s counter goes from ${counted(a, x)} to ${counted(b, x)} while the objects on its channels go from ${held(a, x)} to ${held(b, x)}`);
      if (counted(b, x) === 0 && held(b, x) > 0 && dc < 0) mechanism = 'count-reset';
      else if (dh > 0 && dc === 0 && mechanism === 'count-drift') mechanism = 'count-missed';
    }
    return { object: -1, mechanism, events };
  },
};

/**
 * A PREEMPT_RT lock-class violation (`rt`, B4), read off the step that recorded it: which caller's
 * section it was, on which krcp, the class of that krcp's lock (spinlock_t in v1, raw_spinlock_t
 * from v5.9 on), and whether the allocator call it made got a page.
 */
function rtStory(r: Read, i: number, why: 'rt-spinlock-atomic' | 'alloc-under-raw-lock', events: string[]): Story {
  const prev = r.states[i - 1];
  const s = r.states[i];
  const k = s.callers.findIndex((cl, idx) => cl.pc !== prev.callers[idx].pc || cl.idx !== prev.callers[idx].idx);
  const who = k < 0 ? 'a caller' : `caller${k}`;
  const cls = r.c.variant === 'v1' ? 'a spinlock_t' : 'a raw_spinlock_t';
  const gotPage = s.pages.some((p, pg) => prev.pages[pg].st === 'unused' && p.st !== 'unused');
  const irq = r.c.context === 'irqoff' ? "(the client had already disabled them, and kvfree_call_rcu()'s local_irq_save() keeps them off)" : "(kvfree_call_rcu()'s local_irq_save())";
  if (why === 'rt-spinlock-atomic') {
    events.push(`${at(r, i)}: ${who} takes krcp->lock, ${cls}, with IRQs disabled ${irq}: under PREEMPT_RT a spinlock_t is a sleeping lock (an rt_mutex), so this may sleep with IRQs off`);
    return { object: -1, mechanism: 'rt-spinlock-irqs-off', events };
  }
  events.push(
    `${at(r, i)}: ${who} holds krcp->lock, ${cls}, with IRQs disabled ${irq}, finds no page with room and none cached, and calls __get_free_page(GFP_NOWAIT | __GFP_NOWARN), which ${gotPage ? 'returns a page' : 'fails'}: ` +
      'the allocator takes zone->lock, a spinlock_t (a sleeping lock under PREEMPT_RT), inside the raw lock',
  );
  return { object: -1, mechanism: 'alloc-under-raw-lock', events };
}

/**
 * B12 (`context=rqlock`): the step that woke, or may have woken, a task while the caller holds
 * rq->lock, read off the step: which caller, which krcp, and what it started (monitor_work queued
 * at once, the page-cache refill queued at once, or a page or wrapper allocation).
 */
function rqWakeStory(r: Read, i: number, why: 'wake-under-rq-lock' | 'alloc-wake-under-rq-lock', events: string[]): Story {
  const prev = r.states[i - 1];
  const s = r.states[i];
  const k = s.callers.findIndex((cl, idx) => cl.pc !== prev.callers[idx].pc || cl.idx !== prev.callers[idx].idx);
  const who = k < 0 ? 'a caller' : `caller${k}`;
  if (why === 'wake-under-rq-lock') {
    // monitor_work queued at once (monStage `queued`, not `timer`), else the refill work newly requested.
    const armedNow = (y: number): boolean => s.cpu[y].monPending && !prev.cpu[y].monPending && s.cpu[y].monStage === 'queued';
    const mx = s.cpu.findIndex((_, y) => armedNow(y));
    const x = mx >= 0 ? mx : s.cpu.findIndex((c, y) => c.refill && !prev.cpu[y].refill);
    const monitor = mx >= 0;
    const what = x < 0
      ? 'queues a work item with no delay'
      : monitor
        ? `queues krcp[${x}]'s monitor_work with delay 0 (schedule_delayed_work(..., 0): the expedited drain after a ch3 queueing)`
        : `queues krcp[${x}]'s page_cache_work at once (run_page_cache_worker() without the hrtimer)`;
    events.push(`${at(r, i)}: ${who} ${what}: __queue_work() wakes a worker with try_to_wake_up(), which takes a runqueue lock while the caller holds rq->lock`);
    return { object: -1, mechanism: 'wake-under-rq-lock', events };
  }
  const gotPage = s.pages.some((p, pg) => prev.pages[pg].st === 'unused' && p.st !== 'unused');
  const wrapped = s.objs.some((o, n) => o.wrap !== 0 && prev.objs[n].wrap === 0);
  const what = gotPage
    ? 'calls __get_free_page(GFP_NOWAIT | __GFP_NOWARN) for a bulk page, which returns one'
    : wrapped
      ? 'kmallocs a head-less wrapper (GFP_NOWAIT, then GFP_ATOMIC)'
      : 'finds no cached page and calls the allocator (__get_free_page(GFP_NOWAIT), or the wrapper kmalloc()s), which fails after its slow path';
  events.push(`${at(r, i)}: ${who} ${what}, under rq->lock: the allocator's __GFP_KSWAPD_RECLAIM may wake kswapd (wake_all_kswapds() -> wakeup_kswapd() -> try_to_wake_up())`);
  return { object: -1, mechanism: 'alloc-wake-under-rq-lock', events };
}

/** krcp-consistent (B5): where the caller dropped a krcp lock for the page allocation, and which krcp it changed afterwards. */
function krcpSwitchStory(r: Read): Story | null {
  const prev = r.states[r.n - 1];
  const last = r.states[r.n];
  const cpu = prev.callers.findIndex((cl, k) => cl.pc === 'C3alloc' && last.callers[k].pc !== 'C3alloc');
  if (cpu < 0) return null;
  const x = prev.callers[cpu].kx;
  const changed = last.cpu.findIndex((k, y) => y !== x && (k.bkvhead[0] !== prev.cpu[y].bkvhead[0] || k.bkvhead[1] !== prev.cpu[y].bkvhead[1] || k.refill !== prev.cpu[y].refill || k.monPending !== prev.cpu[y].monPending));
  if (changed < 0) return null;
  const o = r.c.perCpu[cpu][prev.callers[cpu].idx];
  const events: string[] = [];
  for (let i = 1; i < r.n; i++) {
    if (r.states[i - 1].callers[cpu].pc !== 'C3alloc' && r.states[i].callers[cpu].pc === 'C3alloc') {
      const k = r.states[i].cpu[x];
      const idx = k.bkvhead[0] === 0 && k.bkvhead[1] === 0 ? 'no bulk page' : 'no bulk page with room';
      events.push(`${at(r, i)}: caller${cpu} finds ${idx} and no cached page on krcp[${x}] for object ${o}, and drops krcp[${x}].lock for the sleeping __get_free_page(GFP_KERNEL)`);
    }
  }
  const attached = last.cpu[changed].bkvhead.some((pg, j) => pg !== prev.cpu[changed].bkvhead[j]);
  events.push(
    `${at(r, r.n)}: the allocation returns on cpu${changed}; krc_this_cpu_lock() locks krcp[${changed}], not krcp[${x}], and ${
      attached ? `the new page is attached to krcp[${changed}]'s bulk_head with object ${o}'s record` : `krcp[${changed}] is changed (run_page_cache_worker / monitor)`
    }, although its page state was never checked; krc_this_cpu_unlock() then releases krcp[${changed}].lock`,
  );
  return { object: o, mechanism: 'krcp-switch', events };
}

const CONTEXT_TEXT: Record<KvConfig['context'], string> = {
  sleepable: 'from sleepable context',
  irqoff: 'with IRQs disabled',
  spinlock: 'while holding its own spinlock',
  reader: 'inside an RCU read-side critical section',
  rqlock: 'while holding its runqueue lock rq->lock (IRQs off), as the scheduler does',
};
