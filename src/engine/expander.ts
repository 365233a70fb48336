/**
 * Parallel expansion: the buffers worker threads share with the search, and the loop a worker
 * runs over them.
 *
 * Why this file exists: a BFS spends most of its time computing successors (guards, recipes,
 * encoding, canonicalisation, invariants), and that work is independent per state. Workers do it
 * in parallel; the search (search.ts) alone inserts the results into the seen set, in exactly the
 * order a one-worker search would (frontier order, then action order). So ids, parents, the
 * actor-switch tie-break, counts, verdicts and every trace are those of `--workers 1`, bit for
 * bit, for any number of workers and any thread timing, and every seen set (the tree-compressed
 * exact one included) works unchanged. The issue suggested a seen set shared through
 * `SharedArrayBuffer` with lock-free insertion; that gives the same counts but
 * timing-dependent ids and parents (traces of equal length, not equal traces), and needs a
 * lock-free version of every seen set. On this machine's two cores the insertion left to one
 * thread is the smaller part of a step, so we keep the determinism.
 *
 * Threads. `--workers N` is N threads in all: N - 1 worker threads plus the search's own, which
 * inserts and, whenever the slot it needs next is not done, expands a waiting slot itself (the
 * newest, so the one it waits for stays with a worker). On two cores that keeps both busy.
 *
 * Layout. `slots` slots that the search fills and consumes in cyclic order; any thread claims a
 * waiting slot (compare-and-swap READY to RUNNING), so the order threads finish in does not
 * matter: the search reads the slots back in the order it filled them. A slot holds up to
 * `perSlot` states' words (input) and, per state, where its successors start, how many there
 * are and a flag; successors are records `[action, orbit size, failed-invariant mask, hash,
 * hash 2, words...]` (the hash words are the search's seen set's, seen.ts `recordHashes`: the
 * inserting thread does not hash).
 * A worker that runs out of record room stops at a state boundary and reports how many states
 * it did (`done`); the search consumes those and hands the rest back.
 *
 * What a worker computes per state is expand-state.ts's `StateExpander`, the very routine the
 * search's own thread runs, asked for invariant masks. A state is flagged RARE (the search then
 * expands it itself, with the one-worker code) when the model threw on it, a transition property
 * failed or threw on one of its edges, an invariant threw, or it has no successor (terminal
 * properties, deadlock). Workers skip nothing else. Which slot the search fills, awaits and
 * consumes next is slot-scheduler.ts's.
 *
 * Failure is never a hang: a worker whose compile or buffer layout differs (a stale build), that
 * throws, or that shows no progress for 30 s while the search waits on it marks the search
 * failed-over, and the search expands every state still handed out, and the rest, alone.
 *
 * What it must not do: import node modules (threads come from an `ExpanderHost` the caller
 * plugs in, as spill stores do); insert into a seen set; decide anything a worker count could
 * change.
 */
import type { CompiledModel } from '../model/compile.js';
import type { Canonicaliser } from './canonical.js';
import { EDGE_FAILS, EXPANDED, RECORD_HEAD, StateExpander, THREW } from './expand-state.js';
import type { HashKind } from './seen.js';

/** Control words (Int32, shared), then per slot: status, states in, states done. */
const C_STOP = 0;
/** Bit i set: invariant i is still checked (collect mode drops a property once it is violated). */
const C_ACTIVE = 1;
/** Bit i set: transition property i is still checked. */
const C_ACTIVE_T = 2;
/** Worker threads that have compiled the model. */
const C_READY = 3;
const C_FAILED = 4;
/** Bumped on every dispatch; idle workers wait on it. */
const C_DISPATCHED = 5;
/** The slot the search will consume next: workers look there first. */
const C_OLDEST = 6;
/** Worker threads asleep waiting for a dispatch (a dispatch wakes them only if there are any: a wake is a system call). */
const C_SLEEPING = 7;
/** 1 while the search's thread sleeps waiting for a slot (a worker's "done" wakes it only then). */
const C_SEARCH_SLEEPS = 8;
/** Bumped by worker threads for every state they expand: a search waiting on a slot sees them alive. */
const C_BEAT = 9;
const C_SLOTS = 10;
/** A worker thread that shows no progress for this long while the search waits on it is taken for dead. */
const DEAD_AFTER_MS = 30_000;
const SLOT_WORDS = 3;

const SLOT_IDLE = 0;
const SLOT_READY = 1;
const SLOT_RUNNING = 2;
const SLOT_DONE = 3;

/** Per-state flag in a slot's output. */
export const STATE_RARE = 1;

/** How many invariants (and transition properties) a worker can report per successor (bits of a mask). */
export const MAX_PARALLEL_PROPERTIES = 31;

/** What a worker thread needs to rebuild the shared view (structured-clonable). */
export interface ExpanderShared {
  /** Threads in all, the search's included; `workers - 1` worker threads are started. */
  readonly workers: number;
  readonly slots: number;
  readonly perSlot: number;
  /** Records of room in each slot's output. */
  readonly recordsPerSlot: number;
  readonly words: number;
  /** The search's seen set's: how records' hash words are made (workers write them). */
  readonly hashKind: HashKind;
  /** `modelSignature` of the search's model: a worker whose compile differs refuses to run. */
  readonly signature: string;
  readonly control: SharedArrayBuffer;
  /** Per slot: `perSlot * words` input words. */
  readonly inputs: readonly SharedArrayBuffer[];
  /** Per slot: `perSlot * 3` state words (first record, record count, flags), then the records. */
  readonly outputs: readonly SharedArrayBuffer[];
}

/** Starts `shared.workers - 1` threads; thread i calls `runExpander(itsOwnCompileOfTheModel, itsCanon, shared)`. */
export interface ExpanderHost {
  start(shared: ExpanderShared): ExpanderThreads;
}
export interface ExpanderThreads {
  /** Stop and release the threads (idempotent). */
  stop(): void;
}

/** What must be equal between the search's compile of a model and a worker's. */
export function modelSignature(m: CompiledModel): string {
  const names = (ps: readonly { name: string }[]) => ps.map((p) => p.name).join(',');
  // The buffer layout is part of it: a worker built from other sources (a stale dist/) refuses to run.
  const layout = `control ${C_SLOTS} slot ${SLOT_WORDS} record ${RECORD_HEAD} beat ${C_BEAT}`;
  return [layout, m.id, m.codec.words, m.actionLabel.join('\n'), names(m.invariants), names(m.transitions), names(m.terminals)].join('|');
}

/** Slot sizes: states per slot, and records of room (tests make both small to cross slot boundaries often). */
export interface SlotSizes {
  states?: number;
  records?: number;
}

/** Shared buffers for a search of `m` on `workers` threads. */
export function makeExpanderShared(workers: number, m: CompiledModel, hashKind: HashKind, sizes: SlotSizes = {}): ExpanderShared {
  const words = m.codec.words;
  const actions = Math.max(1, m.actionLabel.length);
  // Four slots a thread: while the search's thread expands a slot it took (the one it waits for
  // was not done), a worker still finds slots waiting (with two a thread, on kvfree-v1 with 2 CPUs
  // the worker thread waited 12% of its time; with four, 4%).
  const slots = 4 * workers;
  const stride = words + RECORD_HEAD;
  const perSlot = Math.max(1, sizes.states ?? 512);
  // About 4 MB of records per slot, and always room for one state with every action enabled.
  const recordsPerSlot = Math.max(actions, sizes.records ?? Math.max(64 * actions, Math.floor((4 << 20) / (4 * stride))));
  const sab = (ints: number) => new SharedArrayBuffer(ints * 4);
  return {
    workers,
    slots,
    perSlot,
    recordsPerSlot,
    words,
    hashKind,
    signature: modelSignature(m),
    control: sab(C_SLOTS + slots * SLOT_WORDS),
    inputs: Array.from({ length: slots }, () => sab(perSlot * words)),
    outputs: Array.from({ length: slots }, () => sab(perSlot * 3 + recordsPerSlot * stride)),
  };
}

/** Bytes the shared buffers hold. */
export function expanderBytes(s: ExpanderShared): number {
  let n = s.control.byteLength;
  for (const b of s.inputs) n += b.byteLength;
  for (const b of s.outputs) n += b.byteLength;
  return n;
}

/** One thread's means to expand slots: its own compile of the model, and a StateExpander (stepper, canonicaliser). */
class SlotExpander {
  private readonly states: StateExpander;
  private readonly cur: Int32Array;
  private readonly control: Int32Array;
  private readonly inputs: Int32Array[];
  private readonly outputs: Int32Array[];

  /** `beats`: a worker thread's expander shows it is alive (the search's own need not). */
  constructor(
    private readonly m: CompiledModel,
    canon: Canonicaliser,
    private readonly shared: ExpanderShared,
    private readonly beats: boolean,
  ) {
    this.states = new StateExpander(m, canon, shared.hashKind);
    this.cur = new Int32Array(shared.words);
    this.control = new Int32Array(shared.control);
    this.inputs = shared.inputs.map((b) => new Int32Array(b));
    this.outputs = shared.outputs.map((b) => new Int32Array(b));
  }

  /** Claim `slot` if it waits (READY to RUNNING); false if another thread has it. */
  claim(slot: number): boolean {
    const base = C_SLOTS + slot * SLOT_WORDS;
    return Atomics.compareExchange(this.control, base, SLOT_READY, SLOT_RUNNING) === SLOT_READY;
  }

  /**
   * Compute the successors of a claimed slot's states into its output, then mark it done. A
   * state whose expansion stops (a failing edge, an exception) or has no successor is flagged
   * RARE: the search expands it itself and ignores its records.
   */
  expand(slot: number): void {
    const { m, states, cur, control, shared } = this;
    const words = shared.words;
    const stride = words + RECORD_HEAD;
    const base = C_SLOTS + slot * SLOT_WORDS;
    const nActions = m.guards.length;
    const statesWords = shared.perSlot * 3;
    const room = shared.recordsPerSlot;
    const count = control[base + 1];
    states.checkTransitions(m.transitions, Atomics.load(control, C_ACTIVE_T));
    states.maskInvariants(m.invariants, Atomics.load(control, C_ACTIVE));
    const input = this.inputs[slot];
    const out = this.outputs[slot];
    let rec = 0;
    let i = 0;
    for (; i < count; i++) {
      if (room - rec < nActions) break;
      for (let x = 0; x < words; x++) cur[x] = input[i * words + x];
      if (this.beats) Atomics.add(control, C_BEAT, 1);
      let code: number;
      try {
        states.load(cur);
        code = states.expand(0, out, statesWords + rec * stride, nActions);
      } catch {
        // The load threw (a state the codec refuses): the search re-expands it and reports it.
        states.stepper.reset();
        states.count = 0;
        code = THREW;
      }
      const k = states.count;
      // A failing edge leaves its successor in `next`: put it back before the next load.
      if (code === EDGE_FAILS) states.stepper.reset();
      out[i * 3] = rec;
      out[i * 3 + 1] = k;
      out[i * 3 + 2] = code !== EXPANDED || k === 0 ? STATE_RARE : 0;
      rec += k;
    }
    control[base + 2] = i;
    Atomics.store(control, base, SLOT_DONE);
    if (Atomics.load(control, C_SEARCH_SLEEPS) !== 0) Atomics.notify(control, base);
  }
}

/**
 * The search's side of the shared buffers: fill a slot, hand it out, get it back. One per
 * search; it does not know what a state means.
 */
export class ExpanderSlots {
  readonly control: Int32Array;
  readonly inputs: Int32Array[];
  readonly outputs: Int32Array[];
  private readonly own: SlotExpander;
  private readonly threads: ExpanderThreads;
  private stopped = false;
  /** Slots this thread expanded itself while waiting. */
  expandedHere = 0;

  /** `m` and `canon`: the search's model and a canonicaliser of its own for the slots it expands itself. */
  constructor(
    readonly shared: ExpanderShared,
    host: ExpanderHost,
    m: CompiledModel,
    canon: Canonicaliser,
  ) {
    this.control = new Int32Array(shared.control);
    this.inputs = shared.inputs.map((b) => new Int32Array(b));
    this.outputs = shared.outputs.map((b) => new Int32Array(b));
    this.own = new SlotExpander(m, canon, shared, false);
    this.threads = host.start(shared);
  }

  /** Have the worker threads compiled the model? (Until then the search expands alone.) */
  ready(): boolean {
    return Atomics.load(this.control, C_READY) >= this.shared.workers - 1;
  }
  /** A worker thread failed (its compile differs, or it threw); the search then expands alone. */
  failed(): boolean {
    return Atomics.load(this.control, C_FAILED) !== 0;
  }
  /** Block until every worker thread is ready or one failed (at most `ms`). */
  awaitReady(ms = 60_000): void {
    const until = Date.now() + ms;
    for (;;) {
      const r = Atomics.load(this.control, C_READY);
      if (r >= this.shared.workers - 1 || this.failed() || Date.now() > until) return;
      Atomics.wait(this.control, C_READY, r, 100);
    }
  }
  /** Which invariants and transition properties are still checked (bit i: property i of the model's list). */
  setActive(invariants: number, transitions: number): void {
    Atomics.store(this.control, C_ACTIVE, invariants);
    Atomics.store(this.control, C_ACTIVE_T, transitions);
  }
  /** Hand `count` states (their words already in `inputs[slot]`) out. */
  dispatch(slot: number, count: number): void {
    const c = this.control;
    const base = C_SLOTS + slot * SLOT_WORDS;
    c[base + 1] = count;
    c[base + 2] = 0;
    Atomics.store(c, base, SLOT_READY);
    Atomics.add(c, C_DISPATCHED, 1);
    if (Atomics.load(c, C_SLEEPING) > 0) Atomics.notify(c, C_DISPATCHED);
  }
  /**
   * Wait until `slot` is done and return how many of its states were done. While it is not,
   * expand a waiting slot here: `slot` itself if nobody has claimed it, else the newest of the
   * `out` slots handed out after it. Returns -1 if a worker thread failed.
   */
  await(slot: number, out: number): number {
    const c = this.control;
    const slots = this.shared.slots;
    const base = C_SLOTS + slot * SLOT_WORDS;
    Atomics.store(c, C_OLDEST, slot);
    let beat = Atomics.load(c, C_BEAT);
    let beatAt = Date.now();
    for (;;) {
      const st = Atomics.load(c, base);
      if (st === SLOT_DONE) break;
      if (this.failed()) return -1;
      const b = Atomics.load(c, C_BEAT);
      if (b !== beat) {
        beat = b;
        beatAt = Date.now();
      } else if (Date.now() - beatAt > DEAD_AFTER_MS) {
        // The thread that claimed this slot stopped (killed, or out of memory): expand alone.
        Atomics.store(c, C_FAILED, 1);
        return -1;
      }
      if (st === SLOT_READY && this.own.claim(slot)) {
        this.own.expand(slot);
        this.expandedHere++;
        break;
      }
      let stole = false;
      for (let k = out - 1; k >= 1 && !stole; k--) {
        const s = (slot + k) % slots;
        if (this.own.claim(s)) {
          this.own.expand(s);
          this.expandedHere++;
          stole = true;
        }
      }
      if (!stole) {
        Atomics.store(c, C_SEARCH_SLEEPS, 1);
        Atomics.wait(c, base, SLOT_RUNNING, 50);
        Atomics.store(c, C_SEARCH_SLEEPS, 0);
      }
    }
    const done = Atomics.load(c, base + 2);
    Atomics.store(c, base, SLOT_IDLE);
    return done;
  }
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    Atomics.store(this.control, C_STOP, 1);
    Atomics.add(this.control, C_DISPATCHED, 1);
    Atomics.notify(this.control, C_DISPATCHED);
    this.threads.stop();
  }
}

/**
 * A host that starts no thread: the search's own thread expands every slot while it waits. It
 * runs the whole slot path (records, flags, slot boundaries) in one thread, so tests can compare
 * it with the one-worker search on models a worker thread could not rebuild (test fixtures).
 */
export const inThreadHost: ExpanderHost = {
  start(shared: ExpanderShared): ExpanderThreads {
    Atomics.store(new Int32Array(shared.control), C_READY, shared.workers - 1);
    return { stop: () => undefined };
  },
};

/** Called by a worker thread that could not start or threw: the search stops waiting for it and expands alone. */
export function reportExpanderFailure(shared: ExpanderShared): void {
  const c = new Int32Array(shared.control);
  Atomics.store(c, C_FAILED, 1);
  for (let s = 0; s < shared.slots; s++) Atomics.notify(c, C_SLOTS + s * SLOT_WORDS);
}

/**
 * A worker thread's loop: claim waiting slots (the one the search needs next first), expand
 * them, until the search stops. `m` and `canon` are the thread's own compile of the search's
 * model (the signature check makes sure it has the same ActionIds and encoding).
 */
export function runExpander(m: CompiledModel, canon: Canonicaliser, shared: ExpanderShared): void {
  if (modelSignature(m) !== shared.signature) {
    reportExpanderFailure(shared);
    throw new Error(`a worker's compile of model ${m.id} differs from the search's (a stale build?)`);
  }
  try {
    const own = new SlotExpander(m, canon, shared, true);
    const c = new Int32Array(shared.control);
    Atomics.add(c, C_READY, 1);
    Atomics.notify(c, C_READY);
    for (;;) {
      if (Atomics.load(c, C_STOP) !== 0) return;
      const seen = Atomics.load(c, C_DISPATCHED);
      const oldest = Atomics.load(c, C_OLDEST);
      let found = false;
      for (let k = 0; k < shared.slots; k++) {
        const s = (oldest + k) % shared.slots;
        if (own.claim(s)) {
          own.expand(s);
          found = true;
          break;
        }
      }
      if (!found) {
        Atomics.add(c, C_SLEEPING, 1);
        Atomics.wait(c, C_DISPATCHED, seen, 200);
        Atomics.sub(c, C_SLEEPING, 1);
      }
    }
  } catch (e) {
    reportExpanderFailure(shared);
    throw e;
  }
}
