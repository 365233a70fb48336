/**
 * The search loop over packed states, for any strategy (bfs.ts, dfs.ts), seen set, frontier,
 * canonicaliser (canonical.ts) and visitor (visitor.ts).
 *
 * Why this file exists: this is the hot loop. Per expanded state: take a record from the
 * frontier into the stepper's `cur` mirror (and `next`, kept equal to it). Phase 1: for each
 * ActionId in order run the guard on `cur`; for an enabled one run the recipe on `next`, let the
 * stepper encode what changed on top of the current words into a successor batch and put `next`
 * back (no decode, no allocation per successor), then canonicalise the successor's words (the
 * identity unless the model declares a symmetry). Phase 2: hash the batch, touch every
 * successor's seen-set slot (their cache misses then overlap), and insert in action order: a new
 * state gets parent/action, its invariants and a frontier push. A state with no enabled action
 * gets terminal properties and deadlock detection.
 *
 * Batching never changes what a search reports: with transition properties the batch holds one
 * successor (edge check, then insert, as before); when a search stops inside a batch (violation,
 * state limit) the successors after the stopping one are uncounted, and a model exception in
 * phase 1 is raised only after the successors generated before it are inserted. So outcomes,
 * counts and traces equal a one-successor-at-a-time search (test/models/reference.test.ts
 * checks this against an independent BFS).
 *
 * Invariants it keeps: ids are dense; every stored state has exactly one parent pointer; the
 * first violation recorded for a property is at minimal depth under BFS; a limit or an abort
 * yields `incomplete`, never `ok`; transition properties see the concrete edge, invariants the
 * stored representative (symmetric properties give both the same answer).
 *
 * What it must not do: import immer, graphology, yargs or node:fs; log; allocate per successor;
 * throw for a model bug (model and property exceptions become `error` outcomes with a trace);
 * test a mode flag per state (modes are chosen by which pieces are plugged in).
 */
import type { CompiledModel } from '../model/compile.js';
import { ShapeError, type Mirror, type Stepper } from '../model/codec.js';
import { scratchFloat64, scratchInt32 } from './buffers.js';
import type { Canonicaliser } from './canonical.js';
import { checkError, type CheckError } from '../base/errors.js';
import type { Frontier } from './frontier.js';
import type { Resolved } from './options.js';
import type { MemoryStats, Outcome, SymmetryUse, TraceRef, Verdict, ViolationKind } from './outcome.js';
import { TraceBuilder, type LastEdge } from './paths.js';
import { PropertyBook } from './properties.js';
import { collisionProbability, type SeenSet } from './seen.js';
import { StateMeta } from './store.js';
import type { Strategy } from './strategy.js';
import { noVisitor, type SearchVisitor } from './visitor.js';

export interface SearchParts {
  strategy: Strategy;
  seen: SeenSet;
  canon: Canonicaliser;
  symmetry: SymmetryUse;
  visitor?: SearchVisitor;
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
  // The state being expanded (`stepper.cur`) and the successor a recipe builds (`stepper.next`,
  // equal to `cur` between successors); `checkMirror` holds a new state for its invariants.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly stepper: Stepper<any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly checkMirror: Mirror<any>;
  private readonly actorOf: Int32Array;
  /** Successors of the state being expanded (`words` each), their action ids and table hashes. */
  private readonly batch: Int32Array;
  private readonly batchAction: Int32Array;
  private readonly batchHash: Int32Array;
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
  /** Search memory at the previous tick, and the largest rise seen between two ticks. */
  private lastTickBytes = 0;
  private maxTickRise = 0;
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
    this.stepper = m.codec.makeStepper();
    this.checkMirror = m.codec.makeMirror();
    const actors = [...new Set(m.actionActor)];
    this.actorOf = Int32Array.from(m.actionActor, (a) => actors.indexOf(a));
    this.coverage = scratchFloat64(m.actionLabel.length);
    this.batch = scratchInt32(Math.max(1, m.actionLabel.length) * this.words);
    this.batchAction = scratchInt32(Math.max(1, m.actionLabel.length));
    this.batchHash = scratchInt32(Math.max(1, m.actionLabel.length));
    this.props = new PropertyBook(m, o.collect, o.deadlock);
    this.paths = new TraceBuilder(m, this.seen, this.meta, this.canon, this.actorOf);
    this.started = o.now();
    try {
      this.seedInitialStates();
    } catch (e) {
      this.fail(e, -1, -1);
    }
    this.lastTickBytes = this.bytes();
    if (!this.done && this.lastTickBytes > o.maxBytes) {
      this.truncated = `memory limit ${o.maxBytes / 1048576} MB is below the ${mb(this.lastTickBytes)} MB this storage allocates up front`;
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

  /** Expand up to `budget` states. Returns true when the search is over. */
  run(budget: number): boolean {
    if (this.done) return true;
    const { m, o, cur, next, frontier, seen, meta, coverage, actorOf, batch, batchAction, batchHash, words, canon, visitor } = this;
    const guards = m.guards;
    const applies = m.applies;
    const params = m.actionParam;
    const nActions = guards.length;
    const stepper = this.stepper;
    const curState = stepper.cur;
    const nextState = stepper.next;
    let action = -1;
    let id = -1;
    // First id created at depth `layerDepth` (BFS only; DFS's is +Infinity).
    let layerDepth = this.layerDepth;
    let layerStart = this.layerStart;
    let sink = 0;
    try {
      for (let n = 0; n < budget; n++) {
        if (frontier.length === 0) {
          this.done = true;
          return true;
        }
        id = frontier.take(cur);
        const depth = frontier.takenDepth;
        stepper.load(cur);
        seen.expand(id, cur);
        const refused = visitor.expanded(id, cur);
        if (refused !== null) {
          const trace = this.path(id, cur);
          if (trace !== null) this.props.violations.push({ property: 'symmetry', kind: 'error', description: refused.message, trace });
          this.error = refused;
          this.done = true;
          return true;
        }
        const sw = meta.switches(id);
        const lastActor = meta.parent(id) === -1 ? -1 : actorOf[meta.action(id)];
        if (depth + 1 !== layerDepth) {
          layerDepth = depth + 1;
          layerStart = this.strategy.layerStart(seen.size);
        }
        let enabled = false;
        let stop = false;
        action = 0;
        while (action < nActions && !stop) {
          // Phase 1: successors into `batch`, in action order. Without transition properties the
          // batch takes all of them; with some, one at a time, so the order of checks (edge,
          // insert, invariants) is exactly that of a one-successor-at-a-time search.
          let k = 0;
          let thrown: unknown = null;
          let thrownAt = -1;
          try {
            for (; action < nActions; action++) {
              if (!guards[action](curState, params[action])) continue;
              enabled = true;
              if (depth >= o.maxDepth) {
                this.truncated = `depth limit ${o.maxDepth} reached`;
                stop = true;
                break;
              }
              // `nextState` equals `curState` here; the recipe mutates it and the stepper encodes
              // what changed on top of `cur`, then puts `nextState` back (no decode, no allocation).
              applies[action](nextState, params[action]);
              if (this.props.transitions.length === 0) {
                canon.imagesOf(nextState, k);
                stepper.storeReset(batch, cur, k * words);
                canon.pick(batch, k * words, k);
                this.generated++;
                coverage[action]++;
                batchAction[k++] = action;
              } else {
                stepper.store(next, cur);
                this.generated++;
                coverage[action]++;
                const ok = this.checkTransitions(id, action);
                canon.imagesOf(nextState, 0);
                stepper.reset();
                if (!ok && this.done) return true;
                for (let j = 0; j < words; j++) batch[j] = next[j];
                canon.pick(batch, 0, 0);
                batchAction[k++] = action;
                action++;
                break;
              }
            }
          } catch (e) {
            // Successors generated before the throw are still inserted (below), as they would
            // have been one at a time; then the error ends the search.
            thrown = e;
            thrownAt = action;
          }
          // Touch every successor's table slot first, so their cache misses overlap.
          for (let j = 0; j < k; j++) {
            const h = seen.hash(batch, j * words);
            batchHash[j] = h;
            sink += seen.touch(h);
          }
          // Phase 2: insert in action order.
          for (let j = 0; j < k; j++) {
            const a = batchAction[j];
            const off = j * words;
            const r = seen.insertAt(batch, off, batchHash[j]);
            const nsw = lastActor === -1 || lastActor === actorOf[a] ? sw : sw + 1;
            if (r >= 0) {
              for (let x = 0; x < words; x++) next[x] = batch[off + x];
              meta.add(r, id, a, nsw);
              this.represented += canon.orbitSize(j);
              visitor.edge(id, a, r, batch, off);
              if (depth + 1 > this.maxDepth) this.maxDepth = depth + 1;
              if (r + 1 > o.maxStates) {
                this.truncated = `state limit ${o.maxStates} reached`;
                this.done = true;
              } else {
                // In collect mode a violating state is still explored, so other properties stay exact.
                this.checkInvariants(r);
                if (!this.done) frontier.push(r, depth + 1, next, 0);
              }
              if (this.done) {
                // Successors after this one would not have been generated one at a time.
                this.uncount(j + 1, k);
                return true;
              }
            } else {
              const old = -r - 1;
              visitor.edge(id, a, old, batch, off);
              // Among shortest paths prefer fewer actor switches: re-parent on an equal-depth hit.
              // BFS ids grow with depth, so `old >= layerStart` means the old state is one level
              // below this one without storing depths (DFS: layerStart is +Infinity).
              if (old >= layerStart && nsw < meta.switches(old)) meta.reparent(old, id, a, nsw);
            }
          }
          if (thrown !== null) {
            action = thrownAt;
            // eslint-disable-next-line @typescript-eslint/only-throw-error -- re-throws what model code threw, unchanged
            throw thrown;
          }
        }
        action = -1;
        if (!enabled) this.checkEnd(id);
        if (this.done) return true;
        if (++this.expansions % o.tickEvery === 0 && this.tick()) return true;
      }
    } catch (e) {
      this.fail(e, id, action);
      return true;
    } finally {
      this.layerDepth = layerDepth;
      this.layerStart = layerStart;
      this.sink ^= sink;
    }
    return false;
  }

  /** Take back the counts of batched successors `from..to-1` that a one-at-a-time search would not have generated. */
  private uncount(from: number, to: number): void {
    for (let j = from; j < to; j++) {
      this.generated--;
      this.coverage[this.batchAction[j]]--;
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
    // The limit is a ceiling, not a trigger: structures grow in steps (an index doubles, a chunk
    // is added) between two ticks, so the search stops while twice the largest rise seen between
    // ticks would still fit. An index that doubles rises at most twice its previous step.
    this.maxTickRise = Math.max(this.maxTickRise, bytes - this.lastTickBytes);
    this.lastTickBytes = bytes;
    if (elapsed > this.o.timeoutMs) this.truncated = `time limit ${this.o.timeoutMs / 1000}s reached`;
    else if (bytes + 2 * this.maxTickRise > this.o.maxBytes) this.truncated = `memory limit ${this.o.maxBytes / 1048576} MB reached`;
    if (this.truncated !== null) this.done = true;
    return this.done;
  }

  /** Stop the search now; the outcome becomes `incomplete` unless it was already decided. */
  abort(reason: string): void {
    if (!this.done) {
      this.truncated = reason;
      this.done = true;
    }
  }

  /** Release what the search holds outside the JS heap (a spilled frontier's file). */
  dispose(): void {
    this.frontier.dispose();
  }

  private bytes(): number {
    return this.seen.bytes() + this.seen.storeBytes() + this.meta.bytes() + this.frontier.bytes();
  }

  private memory(): MemoryStats {
    const seen = this.seen.bytes();
    const store = this.seen.storeBytes();
    const meta = this.meta.bytes();
    const frontier = this.frontier.bytes();
    const n = Math.max(1, this.seen.size);
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      seen,
      store,
      meta,
      frontier,
      spilled: this.frontier.spilledBytes(),
      bytesPerState: round((seen + store + meta + frontier) / n),
      storedBytesPerState: round((seen + store + meta) / n),
    };
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
  }

  private propertyThrew(name: string, e: unknown, id: number, w: Int32Array, last?: LastEdge): void {
    const error = checkError('RC011', `property ${name} threw: ${describeError(e)}`);
    const trace = this.path(id, w, last);
    this.error = error;
    if (trace !== null) this.props.violations.push({ property: name, kind: 'error', description: error.message, trace });
    this.done = true;
  }

  private fail(e: unknown, id: number, action: number): void {
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

  outcome(): Outcome {
    const m = this.m;
    const durationMs = this.o.now() - this.started;
    const violations = this.props.violations;
    const firstKind = violations[0]?.kind;
    let verdict: Verdict;
    if (this.error !== null) verdict = 'error';
    else if (violations.some((v) => v.kind !== 'deadlock')) verdict = 'violation';
    else if (firstKind === 'deadlock') verdict = 'deadlock';
    else if (this.truncated !== null || !this.done) verdict = 'incomplete';
    else verdict = 'ok';
    const complete = this.truncated === null && this.done && this.error === null;
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
    if (this.error !== null) out.error = this.error;
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
