/**
 * The search loop over packed states, for any strategy (bfs.ts, dfs.ts), seen set, frontier,
 * canonicaliser (canonical.ts) and visitor (visitor.ts).
 *
 * Why this file exists: this is the hot loop. Per expanded state: take a record from the
 * frontier into the stepper's `cur` mirror (and `next`, kept equal to it). Phase 1: for each
 * ActionId in order run the guard on `cur`; for an enabled one run the recipe on `next`, let the
 * stepper encode what changed on top of the current words into a successor batch and put `next`
 * back (no decode, no allocation per successor), then canonicalise the successor's words (the
 * identity unless the model declares a symmetry): that is expand-state.ts's `StateExpander`,
 * the routine worker threads run too. Phase 2: hash the batch, touch every
 * successor's seen-set slot (their cache misses then overlap), and insert in action order: a new
 * state gets parent/action, its invariants and a frontier push. A state with no enabled action
 * gets terminal properties and deadlock detection.
 *
 * Batching never changes what a search reports: transition properties are checked on the mirrors
 * before the encode, and an edge that fails one ends the batch (the batch is inserted, then that
 * edge is checked, recorded and inserted alone, as one at a time); when a search stops inside a batch (violation,
 * state limit) the successors after the stopping one are uncounted, and a model exception in
 * phase 1 is raised only after the successors generated before it are inserted. So outcomes,
 * counts and traces equal a one-successor-at-a-time search (test/models/reference.test.ts
 * checks this against an independent BFS). With workers, slot-scheduler.ts decides which states
 * go out and in which order they come back; this file inserts what comes back (`insertRecords`,
 * the same phase 2) and keeps properties, ticks and the outcome.
 *
 * Invariants it keeps: ids are dense; every stored state has exactly one parent pointer; the
 * first violation recorded for a property is at minimal depth under BFS; a limit or an abort
 * yields `incomplete`, never `ok`; the memory limit is a ceiling (the search stops before the
 * seen set's next growth, or its other structures' usual rise, would pass it: `memoryFull`);
 * transition properties see the concrete edge, invariants the stored representative (symmetric
 * properties give both the same answer).
 *
 * What it must not do: import immer, graphology, yargs or node:fs; log; allocate per successor;
 * throw for a model bug (model and property exceptions become `error` outcomes with a trace);
 * test a mode flag per state (modes are chosen by which pieces are plugged in).
 */
import type { CompiledModel } from '../model/compile.js';
import { ShapeError, type Mirror, type Stepper } from '../model/codec.js';
import { scratchFloat64, scratchInt32 } from './buffers.js';
import type { Canonicaliser } from './canonical.js';
import { EDGE_FAILS, EXPANDED, NO_ROOM, RECORD_HASH, RECORD_HASH2, RECORD_HEAD, StateExpander, THREW } from './expand-state.js';
import { expanderBytes, type ExpanderSlots } from './expander.js';
import { checkError, type CheckError } from '../base/errors.js';
import { SpillError, type Frontier } from './frontier.js';
import type { Resolved } from './options.js';
import type { MemoryStats, Outcome, SymmetryUse, TraceRef, Verdict, ViolationKind } from './outcome.js';
import { TraceBuilder, type LastEdge } from './paths.js';
import { PropertyBook } from './properties.js';
import { collisionProbability, type SeenSet } from './seen.js';
import { SlotScheduler, SLOTS_EMPTY, SLOTS_STOPPED } from './slot-scheduler.js';
import { StateMeta } from './store.js';
import type { Strategy } from './strategy.js';
import { noVisitor, type SearchVisitor } from './visitor.js';
import { livenessSteps, type LivenessResult } from './liveness/check.js';
import { drain, type Steps } from './liveness/graph.js';
import type { LivenessRecorder } from './liveness/record.js';

export interface SearchParts {
  strategy: Strategy;
  seen: SeenSet;
  canon: Canonicaliser;
  symmetry: SymmetryUse;
  visitor?: SearchVisitor;
  /** Worker threads that compute successors (BFS without a visitor only); the search still inserts alone. */
  expander?: ExpanderSlots;
  /** The liveness recorder (also plugged in as, or with, the visitor): checked when the search completes. */
  liveness?: LivenessRecorder;
  /** Why the options were changed for liveness (outcome.liveness.notes). */
  livenessNotes?: string[];
  /** Block until every worker is ready before expanding anything (tests: the parallel path then runs from the first state). */
  waitForWorkers?: boolean;
}

/**
 * A resumable search. `run(budget)` expands up to `budget` states and returns true when done.
 * `explore()` runs it to the end; `exploreAsync()` yields to the event loop between chunks so
 * that a signal handler can call `abort()`.
 */
export class Search {
  private readonly words: number;
  private readonly seen: SeenSet;
  private readonly meta: StateMeta;
  private readonly frontier: Frontier;
  private readonly canon: Canonicaliser;
  private readonly visitor: SearchVisitor;
  private readonly strategy: Strategy;
  private readonly props: PropertyBook;
  private readonly paths: TraceBuilder;
  private readonly cur: Int32Array;
  private readonly next: Int32Array;
  /** Phase 1 (expand-state.ts, the code workers run too), with its stepper: the state being expanded in `stepper.cur`, the successor a recipe builds in `stepper.next`. */
  private readonly states: StateExpander;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly stepper: Stepper<any>;
  // `checkMirror` holds a new state for its invariants.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly checkMirror: Mirror<any>;
  private readonly actorOf: Int32Array;
  /**
   * Successors of the state being expanded, as records `[action, orbit size, failed-invariant
   * mask or -1 (not checked yet), hash, hash 2, words...]` (`stride` words each, the layout
   * workers write).
   */
  private readonly batch: Int32Array;
  private readonly stride: number;
  /** The state being expanded and the action being run, for the error trace of a model exception. */
  private expandingId = -1;
  private expandingAction = -1;
  private readonly expander: ExpanderSlots | null;
  /** With workers: which slot states go to and come back from (slot-scheduler.ts). */
  private readonly slots: SlotScheduler | null = null;
  /** Keeps the slot reads of `SeenSet.touch` observable, so they are not optimised away. */
  private sink = 0;
  private readonly coverage: Float64Array;
  private generated = 0;
  private represented = 0;
  private maxDepth = 0;
  private truncated: string | null = null;
  private error: CheckError | null = null;
  private done = false;
  private readonly started: number;
  private expansions = 0;
  /**
   * At the previous tick: the search's bytes outside the seen set's index, and its stored
   * states; and the largest rise of each seen between two ticks (`memoryFull`).
   */
  private lastRestBytes = 0;
  private lastSize = 0;
  private maxRestRise = 0;
  private maxTickInserts = 0;
  private layerDepth = -1;
  private layerStart = 0;

  constructor(
    private readonly m: CompiledModel,
    private readonly o: Resolved,
    private readonly parts: SearchParts,
  ) {
    this.words = m.codec.words;
    this.seen = parts.seen;
    this.canon = parts.canon;
    this.strategy = parts.strategy;
    this.visitor = parts.visitor ?? noVisitor;
    this.meta = new StateMeta(m.actionLabel.length);
    this.frontier = parts.strategy.makeFrontier(this.words, this.seen, o);
    this.cur = scratchInt32(this.words);
    this.next = scratchInt32(this.words);
    this.states = new StateExpander(m, parts.canon, parts.seen.hashKind);
    this.stepper = this.states.stepper;
    this.checkMirror = m.codec.makeMirror();
    const actors = [...new Set(m.actionActor)];
    this.actorOf = Int32Array.from(m.actionActor, (a) => actors.indexOf(a));
    this.coverage = scratchFloat64(m.actionLabel.length);
    this.stride = this.words + RECORD_HEAD;
    this.batch = scratchInt32(Math.max(1, m.actionLabel.length) * this.stride);
    this.expander = parts.expander ?? null;
    if (this.expander !== null) {
      // Created once per search: the scheduler calls back per state, no closure per state.
      this.slots = new SlotScheduler(this.expander, this.frontier, this.cur, this.words, o.maxDepth, {
        expandHere: (id, depth) => {
          this.sink ^= this.expandOne(id, depth);
          return this.stateDone();
        },
        insertComputed: (id, depth, out, base, k) => {
          this.consume(id, depth, out, base, k);
          return this.stateDone();
        },
        touchRecords: (out, base, n) => {
          this.sink ^= this.touchRecords(out, base, n);
        },
      });
    }
    this.props = new PropertyBook(m, o.collect, o.deadlock);
    // The search checks invariants at insertion (records' masks stay -1) and stops at a failing edge.
    this.states.checkTransitions(this.props.transitions, -1);
    this.paths = new TraceBuilder(m, this.seen, this.meta, this.canon, this.actorOf);
    this.started = o.now();
    this.publishActive();
    if (this.expander !== null && parts.waitForWorkers === true) this.expander.awaitReady();
    try {
      this.seedInitialStates();
    } catch (e) {
      this.fail(e, -1, -1);
    }
    const bytes = this.bytes();
    this.lastRestBytes = bytes - this.seen.bytes();
    this.lastSize = this.seen.size;
    this.seen.setGrowthBudget(o.maxBytes - this.lastRestBytes);
    if (!this.done && bytes > o.maxBytes) {
      this.truncated = `memory limit ${o.maxBytes / 1048576} MB is below the ${mb(bytes)} MB this storage allocates up front`;
      this.done = true;
    }
  }

  private seedInitialStates(): void {
    for (let i = 0; i < this.m.initWords.length && !this.done; i++) {
      this.next.set(this.m.initWords[i]);
      const orbit = this.canon.canonicalize(this.next, 0);
      const r = this.seen.insert(this.next);
      if (r < 0) continue;
      this.meta.add(r, -1, i, 0);
      this.represented += orbit;
      this.checkInvariants(r);
      if (!this.done) this.frontier.push(r, 0, this.next, 0);
    }
  }

  /** Expand up to `budget` states (a few more with workers: whole slots). Returns true when the search is over. */
  run(budget: number): boolean {
    if (this.done) return true;
    const { frontier, cur } = this;
    let sink = 0;
    try {
      for (let n = 0; n < budget; n++) {
        const slots = this.slots;
        if (slots !== null && slots.wanted()) return this.runParallel(slots, budget - n);
        if (frontier.length === 0) {
          this.done = true;
          return true;
        }
        const id = frontier.take(cur);
        sink ^= this.expandOne(id, frontier.takenDepth);
        if (this.stateDone()) return true;
      }
    } catch (e) {
      this.fail(e, this.expandingId, this.expandingAction);
      return true;
    } finally {
      this.sink ^= sink;
    }
    return false;
  }

  /** After each state: is the search over (a decision, a limit), counting the state for ticks? */
  private stateDone(): boolean {
    return this.done || (++this.expansions % this.o.tickEvery === 0 && this.tick());
  }

  /**
   * Expand state `id` (its words in `cur`) at `depth`, on this thread. Phase 1 (`StateExpander`,
   * the routine workers run): the successor records of the state into `batch`, in action order,
   * until an edge fails a transition property (checked on the mirrors, before the encode).
   * Phase 2 (`insertRecords`): insert them in action order. A failing edge (or a property that
   * throws on it) ends a batch: the batch is inserted, then that edge goes through
   * `checkTransitions` and is inserted alone, and phase 1 goes on after it, so the order of checks
   * (edge, insert, invariants) is exactly that of a one-successor-at-a-time search. At the depth
   * limit there is no record room: the first enabled action stops it. Returns a value of the slot
   * touches (kept so they are not optimised away).
   */
  private expandOne(id: number, depth: number): number {
    const { m, o, cur, next, seen, coverage, batch, canon, visitor, states, stepper } = this;
    const nextState = stepper.next;
    this.expandingId = id;
    this.expandingAction = -1;
    states.load(cur);
    seen.expand(id, cur);
    const refused = visitor.expanded(id, cur);
    if (refused !== null) {
      const trace = this.path(id, cur);
      // A visitor refuses a state for a wrong symmetry (RC013) or a throwing liveness p/q (RC011).
      const property = refused.code === 'RC011' ? 'liveness' : 'symmetry';
      if (trace !== null) this.props.violations.push({ property, kind: 'error', description: refused.message, trace });
      this.error = refused;
      this.done = true;
      return 0;
    }
    const { sw, lastActor } = this.enterState(id, depth);
    const room = depth >= o.maxDepth ? 0 : m.guards.length;
    let sink = 0;
    let enabled = false;
    let from = 0;
    for (;;) {
      const code = states.expand(from, batch, 0, room);
      const k = states.count;
      if (k !== 0 || code !== EXPANDED) enabled = true;
      // Successors generated before a throw are still inserted, as they would have been one at
      // a time; then the error ends the search.
      this.countRecords(batch, 0, k);
      sink ^= this.touchRecords(batch, 0, k);
      this.insertRecords(id, depth, sw, lastActor, batch, 0, k);
      if (this.done) return sink;
      if (code === THREW) {
        this.expandingAction = states.at;
        throw states.thrown;
      }
      if (code === NO_ROOM) {
        this.truncated = `depth limit ${o.maxDepth} reached`;
        break;
      }
      if (code !== EDGE_FAILS) break;
      // The edge of `action` (its successor still in `nextState`) fails a transition property.
      const action = states.at;
      stepper.store(next, cur);
      this.generated++;
      coverage[action]++;
      const ok = this.checkTransitions(id, action);
      canon.imagesOf(nextState, 0);
      stepper.reset();
      if (!ok && this.done) return sink;
      for (let j = 0; j < this.words; j++) batch[RECORD_HEAD + j] = next[j];
      states.finishRecord(batch, 0, action, -1);
      this.insertRecords(id, depth, sw, lastActor, batch, 0, 1);
      if (this.done) return sink;
      from = action + 1;
    }
    if (!enabled) this.checkEnd(id);
    return sink;
  }

  /** Count `k` successor records at `buf[base]` as generated, per action. */
  private countRecords(buf: Int32Array, base: number, k: number): void {
    for (let j = 0; j < k; j++) {
      this.generated++;
      this.coverage[buf[base + j * this.stride]]++;
    }
  }

  /** Per state expanded: its actor-switch count and last actor, and the BFS layer bookkeeping. */
  private enterState(id: number, depth: number): { sw: number; lastActor: number } {
    const meta = this.meta;
    if (depth + 1 !== this.layerDepth) {
      this.layerDepth = depth + 1;
      this.layerStart = this.strategy.layerStart(this.seen.size);
    }
    this.enterResult.sw = meta.switches(id);
    this.enterResult.lastActor = meta.parent(id) === -1 ? -1 : this.actorOf[meta.action(id)];
    return this.enterResult;
  }
  private readonly enterResult = { sw: 0, lastActor: -1 };

  /**
   * Phase 2: insert the `k` successor records of state `id` starting at `buf[base]`, in order,
   * with the hash words phase 1 put in them (the caller has touched their table slots with
   * `touchRecords`, a batch or a whole slot at a time, so their cache misses overlap). A new
   * state gets parent/action, its invariants (checked now, or the failures a worker found: the
   * record's mask) and a frontier push; a hit may re-parent (BFS tie-break).
   */
  private insertRecords(id: number, depth: number, sw: number, lastActor: number, buf: Int32Array, base: number, k: number): void {
    const { o, next, seen, meta, frontier, actorOf, stride, words, visitor } = this;
    for (let j = 0; j < k; j++) {
      const rec = base + j * stride;
      const a = buf[rec];
      const off = rec + RECORD_HEAD;
      const r = seen.insertAt(buf, off, buf[rec + RECORD_HASH], buf[rec + RECORD_HASH2]);
      const nsw = lastActor === -1 || lastActor === actorOf[a] ? sw : sw + 1;
      if (r >= 0) {
        for (let x = 0; x < words; x++) next[x] = buf[off + x];
        meta.add(r, id, a, nsw);
        this.represented += buf[rec + 1];
        visitor.edge(id, a, r, buf, off);
        if (depth + 1 > this.maxDepth) this.maxDepth = depth + 1;
        if (r + 1 > o.maxStates) {
          this.truncated = `state limit ${o.maxStates} reached`;
          this.done = true;
        } else {
          // In collect mode a violating state is still explored, so other properties stay exact.
          const mask = buf[rec + 2];
          if (mask < 0) this.checkInvariants(r);
          else if (mask !== 0) this.recordInvariants(r, mask);
          if (!this.done) frontier.push(r, depth + 1, next, 0);
        }
        if (this.done) {
          // Successors after this one would not have been generated one at a time.
          this.uncount(buf, base, j + 1, k);
          return;
        }
      } else {
        const old = -r - 1;
        visitor.edge(id, a, old, buf, off);
        // Among shortest paths prefer fewer actor switches: re-parent on an equal-depth hit.
        // BFS ids grow with depth, so `old >= layerStart` means the old state is one level
        // below this one without storing depths (DFS: layerStart is +Infinity).
        if (old >= this.layerStart && nsw < meta.switches(old)) meta.reparent(old, id, a, nsw);
      }
    }
  }

  /**
   * The search with workers (slot-scheduler.ts): frontier states go to the workers' slots in
   * order and come back in order; a state a worker flagged (exception, failed transition
   * property, no successor) or at the depth limit is expanded here by `expandOne`, so every
   * outcome equals the one-worker search's.
   */
  private runParallel(slots: SlotScheduler, budget: number): boolean {
    // Exceptions reach `run`'s handler (this is called from inside it).
    const r = slots.run(budget);
    if (r === SLOTS_EMPTY) {
      this.done = true;
      return true;
    }
    return r === SLOTS_STOPPED;
  }

  /** Insert the successors a worker computed for state `id` (its words in `cur`). */
  private consume(id: number, depth: number, out: Int32Array, base: number, k: number): void {
    this.expandingId = id;
    this.expandingAction = -1;
    this.seen.expand(id, this.cur);
    const { sw, lastActor } = this.enterState(id, depth);
    this.countRecords(out, base, k);
    this.insertRecords(id, depth, sw, lastActor, out, base, k);
  }

  /** Touch the table slots of `n` records at `buf[base]` (a whole slot's, before its states are inserted: their cache misses overlap). */
  private touchRecords(buf: Int32Array, base: number, n: number): number {
    const { seen, stride } = this;
    let sink = 0;
    for (let j = 0; j < n; j++) sink += seen.touch(buf[base + j * stride + RECORD_HASH]);
    return sink;
  }

  /** Take back the counts of batched successors `from..to-1` that a one-at-a-time search would not have generated. */
  private uncount(buf: Int32Array, base: number, from: number, to: number): void {
    for (let j = from; j < to; j++) {
      this.generated--;
      this.coverage[buf[base + j * this.stride]]--;
    }
  }

  /** Tell the workers which properties are still checked (collect mode drops violated ones). */
  private publishActive(): void {
    if (this.expander === null) return;
    const live = (all: readonly { name: string }[], left: readonly { name: string }[]) => {
      let mask = 0;
      for (let i = 0; i < all.length && i < 31; i++) if (left.some((p) => p.name === all[i].name)) mask |= 1 << i;
      return mask;
    };
    this.expander.setActive(live(this.m.invariants, this.props.invariants), live(this.m.transitions, this.props.transitions));
  }

  /** Record the invariants a worker found violated in new state `id` (its words in `next`), in the model's order. */
  private recordInvariants(id: number, mask: number): void {
    const invs = this.m.invariants;
    for (let i = 0; i < invs.length; i++) {
      if ((mask & (1 << i)) === 0) continue;
      this.record(invs[i].name, 'invariant', invs[i].description, id, this.next);
      if (this.done) return;
    }
  }

  private tick(): boolean {
    const elapsed = this.o.now() - this.started;
    const bytes = this.bytes();
    this.o.onProgress({
      distinct: this.seen.size,
      generated: this.generated,
      depth: this.maxDepth,
      frontier: this.frontier.length,
      bytes,
      elapsedMs: elapsed,
    });
    if (elapsed > this.o.timeoutMs) this.truncated = `time limit ${this.o.timeoutMs / 1000}s reached`;
    else if (this.memoryFull(bytes)) this.truncated = `memory limit ${this.o.maxBytes / 1048576} MB reached`;
    if (this.truncated !== null) this.done = true;
    return this.done;
  }

  /**
   * The memory rule, at a tick: the limit is a ceiling, not a trigger. Structures grow in steps
   * between two ticks, so the search stops while what they may add before the next tick or so
   * would still fit. The seen set's index says exactly what its growths within twice the most
   * states stored between two ticks add at their peak (old and new index alive at once); the
   * other structures (frontier, metadata, store, liveness graph: chunks or doublings) are
   * counted as twice their largest rise between two ticks (a doubling array rises at most twice
   * its previous step; a chunked one by a chunk). The seen set gets the rest as its
   * growth budget, so it grows by smaller steps rather than not at all (seen.ts).
   */
  private memoryFull(bytes: number): boolean {
    const seen = this.seen;
    const rest = bytes - seen.bytes();
    this.maxRestRise = Math.max(this.maxRestRise, rest - this.lastRestBytes);
    this.maxTickInserts = Math.max(this.maxTickInserts, seen.size - this.lastSize);
    this.lastRestBytes = rest;
    this.lastSize = seen.size;
    const margin = 2 * this.maxRestRise;
    seen.setGrowthBudget(this.o.maxBytes - rest - margin);
    return bytes + margin + seen.growthBytes(2 * this.maxTickInserts) > this.o.maxBytes;
  }

  /** Stop the search now; the outcome becomes `incomplete` unless it was already decided. */
  abort(reason: string): void {
    if (!this.done || this.analysing) {
      this.truncated = reason;
      this.done = true;
    }
    // Free the cores at once (Ctrl-C): the report is still to be written.
    this.expander?.stop();
  }

  /** Release what the search holds outside the JS heap (a spilled frontier's file). */
  dispose(): void {
    this.frontier.dispose();
    this.expander?.stop();
  }

  private bytes(): number {
    // With a liveness property the recorded graph counts towards the memory limit too.
    return this.seen.bytes() + this.seen.storeBytes() + this.meta.bytes() + this.frontier.bytes() + this.slotBytes() + (this.parts.liveness?.bytes() ?? 0);
  }

  /** With workers, the shared slots states and successors pass through. */
  private slotBytes(): number {
    return this.expander === null ? 0 : expanderBytes(this.expander.shared);
  }

  private memory(): MemoryStats {
    const seen = this.seen.bytes();
    const store = this.seen.storeBytes();
    const meta = this.meta.bytes();
    const frontier = this.frontier.bytes();
    const n = Math.max(1, this.seen.size);
    const round = (x: number) => Math.round(x * 10) / 10;
    const out: MemoryStats = {
      seen,
      store,
      meta,
      frontier,
      spilled: this.frontier.spilledBytes(),
      bytesPerState: round((seen + store + meta + frontier) / n),
      storedBytesPerState: round((seen + store + meta) / n),
    };
    if (this.expander !== null) out.slots = this.slotBytes();
    return out;
  }

  private checkInvariants(id: number): boolean {
    const invs = this.props.invariants;
    if (invs.length === 0) return true;
    this.checkMirror.load(this.next);
    const s = this.checkMirror.state;
    let i = 0;
    let ok = true;
    try {
      // Every invariant is checked on the state: in collect mode one state may be the shortest
      // counterexample of several properties at once.
      for (; i < invs.length; i++) {
        if (!invs[i].holds(s)) {
          this.record(invs[i].name, 'invariant', invs[i].description, id, this.next);
          if (this.done) return false;
          ok = false;
        }
      }
    } catch (e) {
      this.propertyThrew(invs[i].name, e, id, this.next);
      return false;
    }
    return ok;
  }

  private checkTransitions(from: number, action: number): boolean {
    const ts = this.props.transitions;
    const prev = this.stepper.cur;
    const nxt = this.stepper.next;
    let i = 0;
    let ok = true;
    try {
      for (; i < ts.length; i++) {
        if (!ts[i].holds(prev, nxt)) {
          const p = ts[i];
          this.record(p.name, 'transition', p.description, from, this.cur, {
            action,
            after: Int32Array.from(this.next),
            violates: (a, b) => !p.holds(a, b),
          });
          if (this.done) return false;
          ok = false;
        }
      }
    } catch (e) {
      this.propertyThrew(ts[i].name, e, from, this.cur, { action, after: Int32Array.from(this.next) });
      return false;
    }
    return ok;
  }

  /** A state with no enabled action: terminal properties, then deadlock. */
  private checkEnd(id: number): void {
    const s = this.stepper.cur;
    const ts = this.props.terminals;
    let i = 0;
    try {
      for (; i < ts.length; i++) {
        if (!ts[i].holds(s)) this.record(ts[i].name, 'terminal', ts[i].description, id, this.cur);
        if (this.done) return;
      }
      if (this.o.deadlock && !this.props.violated.has('deadlock')) {
        const valid = this.m.instance.validEnd;
        if (valid === undefined || !valid(s)) {
          this.record('deadlock', 'deadlock', 'a state with no enabled action that is not a valid end state', id, this.cur);
        }
      }
    } catch (e) {
      this.propertyThrew(i < ts.length ? ts[i].name : 'validEnd', e, id, this.cur);
    }
  }

  /** The concrete path to `id` (one edge further with `last`); an RC100 from re-execution ends the search. */
  private path(id: number, w: Int32Array, last?: LastEdge): TraceRef | null {
    const p = this.paths.pathTo(id, w, last);
    if ('code' in p) {
      this.error = p;
      this.done = true;
      return null;
    }
    return p;
  }

  private record(property: string, kind: ViolationKind, description: string, id: number, w: Int32Array, last?: LastEdge): void {
    if (this.props.violated.has(property)) return;
    const trace = this.path(id, w, last);
    if (trace !== null && this.props.record(property, kind, description, trace)) this.done = true;
    // Collect mode drops a violated property: phase 1 stops checking it too.
    this.states.checkTransitions(this.props.transitions, -1);
    this.publishActive();
  }

  private propertyThrew(name: string, e: unknown, id: number, w: Int32Array, last?: LastEdge): void {
    const error = checkError('RC011', `property ${name} threw: ${describeError(e)}`);
    const trace = this.path(id, w, last);
    this.error = error;
    if (trace !== null) this.props.violations.push({ property: name, kind: 'error', description: error.message, trace });
    this.done = true;
  }

  private fail(e: unknown, id: number, action: number): void {
    if (e instanceof SpillError) {
      // The disk failed, not the model: stop as incomplete (exit 152, the report so far marked
      // so) and never blame the state being expanded with a model-error trace.
      this.truncated = `I/O error: ${e.message}`;
      this.done = true;
      return;
    }
    const code = e instanceof ShapeError ? 'RC012' : 'RC010';
    const where = action >= 0 ? `action ${this.m.actionLabel[action]}` : id >= 0 ? 'a guard' : 'an initial state';
    const error = checkError(code, `model code threw in ${where}: ${describeError(e)}`);
    if (id >= 0) {
      const trace = action >= 0 ? this.path(id, this.cur, { action, after: null }) : this.path(id, this.cur);
      if (trace !== null) this.props.violations.push({ property: 'model-error', kind: 'error', description: error.message, trace });
    }
    this.error = error;
    this.done = true;
  }

  private livenessResult: LivenessResult | null = null;
  /** The liveness analysis is running: `abort` (Ctrl-C) still stops it. */
  private analysing = false;
  /** The search itself finished (the analysis started): a stopped analysis leaves the safety verdicts standing. */
  private searched = false;

  /** Liveness needs the whole graph: a search stopped by a limit or a safety violation (not collecting) is not. */
  private graphComplete(): boolean {
    return this.truncated === null && this.done && this.error === null && (this.o.collect || this.props.violations.length === 0);
  }

  /**
   * The liveness verdicts, once, after a complete search, in slices: a caller that yields to the
   * event loop between them (exploreAsync) lets Ctrl-C reach `abort`; the deadline is polled here
   * between slices. Either stop leaves the verdicts unset, the liveness properties `incomplete`.
   * Nothing to do without a liveness property or after an incomplete search.
   */
  *analysis(): Steps<void> {
    const rec = this.parts.liveness;
    if (rec === undefined || this.livenessResult !== null || !this.graphComplete()) return;
    this.analysing = true;
    this.searched = true;
    try {
      // The initial states (no parent): where a bounded-response counterexample starts.
      const roots: number[] = [];
      for (let id = 0; id < this.seen.size; id++) if (this.meta.parent(id) === -1) roots.push(id);
      const steps = livenessSteps(this.m, rec, this.seen.size, this.seen, this.paths, this.actorOf, roots);
      for (;;) {
        if (this.truncated !== null) return;
        if (this.o.now() - this.started > this.o.timeoutMs) {
          this.truncated = `time limit ${this.o.timeoutMs / 1000}s reached (in the liveness analysis)`;
          return;
        }
        const r = steps.next();
        if (r.done === true) {
          this.livenessResult = r.value;
          this.props.violations.push(...r.value.violations);
          if (r.value.error !== null) this.error = r.value.error;
          return;
        }
        yield;
      }
    } finally {
      this.analysing = false;
    }
  }

  outcome(): Outcome {
    const m = this.m;
    // The safety part's completeness, before a liveness analysis that may be stopped.
    const searchComplete = this.searched || (this.truncated === null && this.done && this.error === null);
    if (this.graphComplete()) drain(this.analysis());
    const durationMs = this.o.now() - this.started;
    const live = this.livenessResult;
    const violations = this.props.violations;
    const firstKind = violations[0]?.kind;
    let verdict: Verdict;
    if (this.error !== null) verdict = 'error';
    else if (violations.some((v) => v.kind !== 'deadlock')) verdict = 'violation';
    else if (firstKind === 'deadlock') verdict = 'deadlock';
    else if (this.truncated !== null || !this.done) verdict = 'incomplete';
    else verdict = 'ok';
    const complete = searchComplete && this.error === null;
    const coverage = m.actionLabel.map((action, i) => ({ action, actor: m.actionActor[i], count: this.coverage[i] }));
    const out: Outcome = {
      verdict,
      model: m.id,
      params: { ...m.params },
      strategy: this.strategy.name,
      seen: this.seen.mode,
      symmetry: this.parts.symmetry,
      stats: {
        generated: this.generated,
        distinct: this.seen.size,
        maxDepth: this.maxDepth,
        durationMs,
        peakFrontier: this.frontier.peak,
        bytes: this.bytes(),
        represented: this.represented,
        memory: this.memory(),
      },
      coverage,
      neverFired: coverage.filter((c) => c.count === 0).map((c) => c.action),
      properties: this.props.statuses(complete),
      violations,
    };
    const rec = this.parts.liveness;
    if (rec !== undefined) {
      for (const p of m.liveness) {
        out.properties.push({ name: p.name, kind: 'leadsTo', status: live === null || live.error !== null ? 'incomplete' : live.violated.has(p.name) ? 'violated' : 'holds' });
      }
      out.liveness = { notes: this.parts.livenessNotes ?? [], edges: rec.edgeCount, bytes: rec.bytes(), ...(live !== null && live.latency.length > 0 ? { latency: live.latency } : {}) };
    }
    if (this.error !== null) out.error = this.error;
    if (this.expander !== null) {
      const ex = this.expander;
      const sl = this.slots as SlotScheduler;
      out.parallel = { workers: ex.shared.workers, expandedInSlots: sl.expandedInSlots, slots: sl.slotsConsumed, slotsByWorkerThreads: sl.slotsConsumed - ex.expandedHere };
    }
    if (verdict === 'incomplete') out.incompleteReason = this.truncated ?? 'search not finished';
    else if (this.truncated !== null) out.incompleteReason = this.truncated;
    if (this.seen.mode === 'fp64') out.fpCollisionProbability = collisionProbability(this.seen.size, this.generated);
    return out;
  }
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Megabytes with one decimal, for messages. */
function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}
