/**
 * The explorer: breadth-first (shortest counterexamples) or depth-first (explicit stack) search
 * over packed states.
 *
 * Why this file exists: this is the hot loop. Per expanded state: take a record from the
 * frontier and load it into the stepper's `cur` mirror (and `next`, kept equal to it). Phase 1:
 * for each ActionId in order run the guard on `cur`; for an enabled one run the recipe on
 * `next`, and let the stepper encode what changed on top of the current words into a successor
 * batch and put `next` back (no decode, no allocation per successor). Phase 2: hash the batch,
 * touch every successor's seen-set slot (their cache misses then overlap, the largest single
 * saving on big state spaces), and insert in action order: a new state gets parent/action/depth,
 * its invariants and a frontier push. A state with no enabled action gets terminal properties
 * and deadlock detection.
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
 * yields `incomplete`, never `ok`.
 *
 * What it must not do: import immer, graphology, yargs or node:fs; log; allocate per successor;
 * throw for a model bug (model and property exceptions become `error` outcomes with a trace).
 */
import type { CompiledModel } from '../model/compile.js';
import { ShapeError, type Mirror, type Stepper } from '../model/codec.js';
import { scratchFloat64, scratchInt32 } from './buffers.js';
import { checkError, type CheckError } from './errors.js';
import { Frontier } from './frontier.js';
import type { Outcome, PropertyStatus, TraceRef, Verdict, Violation, ViolationKind } from './outcome.js';
import { collisionProbability, ExactSeenSet, FingerprintSeenSet, type SeenSet } from './seen.js';
import { StateMeta } from './store.js';

export interface Progress {
  distinct: number;
  generated: number;
  depth: number;
  frontier: number;
  bytes: number;
  elapsedMs: number;
}

export interface ExploreOptions {
  strategy?: 'bfs' | 'dfs';
  seen?: 'exact' | 'fp64';
  /** Report deadlocks (states with no enabled action that are not valid ends). Default true. */
  deadlock?: boolean;
  /** Keep searching after a violation, recording the first violation of each property. */
  collect?: boolean;
  maxStates?: number;
  maxDepth?: number;
  timeoutMs?: number;
  maxMemoryMB?: number;
  /** Called every `tickEvery` expansions (default 16384). Chosen up front; default no-op. */
  onProgress?: (p: Progress) => void;
  tickEvery?: number;
  /** Clock (injectable for tests). */
  now?: () => number;
}

interface Resolved {
  strategy: 'bfs' | 'dfs';
  seen: 'exact' | 'fp64';
  deadlock: boolean;
  collect: boolean;
  maxStates: number;
  maxDepth: number;
  timeoutMs: number;
  maxBytes: number;
  onProgress: (p: Progress) => void;
  tickEvery: number;
  now: () => number;
}

function resolve(o: ExploreOptions): Resolved {
  return {
    strategy: o.strategy ?? 'bfs',
    seen: o.seen ?? 'exact',
    deadlock: o.deadlock ?? true,
    collect: o.collect ?? false,
    maxStates: o.maxStates ?? Number.POSITIVE_INFINITY,
    maxDepth: o.maxDepth ?? Number.POSITIVE_INFINITY,
    timeoutMs: o.timeoutMs ?? Number.POSITIVE_INFINITY,
    maxBytes: o.maxMemoryMB === undefined ? Number.POSITIVE_INFINITY : o.maxMemoryMB * 1024 * 1024,
    onProgress: o.onProgress ?? (() => undefined),
    tickEvery: o.tickEvery ?? 16384,
    now: o.now ?? (() => performance.now()),
  };
}

/**
 * A resumable search. `run(budget)` expands up to `budget` states and returns true when done.
 * `explore()` runs it to the end; `exploreAsync()` yields to the event loop between chunks so
 * that a signal handler can call `abort()`.
 */
export class Search {
  private readonly o: Resolved;
  private readonly m: CompiledModel;
  private readonly words: number;
  private readonly seen: SeenSet;
  private readonly meta = new StateMeta();
  private readonly frontier: Frontier;
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
  private readonly violated: Set<string> = new Set();
  private readonly violations: Violation[] = [];
  private generated = 0;
  private maxDepth = 0;
  private truncated: string | null = null;
  private error: CheckError | null = null;
  private done = false;
  private readonly started: number;
  private expansions = 0;
  private layerDepth = -1;
  private layerStart = 0;
  // Property arrays filtered as they get violated in collect mode.
  private invariants: CompiledModel['invariants'];
  private transitions: CompiledModel['transitions'];
  private terminals: CompiledModel['terminals'];

  constructor(model: CompiledModel, options: ExploreOptions = {}) {
    this.o = resolve(options);
    this.m = model;
    this.words = model.codec.words;
    this.seen = this.o.seen === 'exact' ? new ExactSeenSet(this.words) : new FingerprintSeenSet(this.words);
    this.frontier = new Frontier(this.words);
    this.cur = scratchInt32(this.words);
    this.next = scratchInt32(this.words);
    this.stepper = model.codec.makeStepper();
    this.checkMirror = model.codec.makeMirror();
    const actors = [...new Set(model.actionActor)];
    this.actorOf = Int32Array.from(model.actionActor, (a) => actors.indexOf(a));
    this.coverage = scratchFloat64(model.actionLabel.length);
    this.batch = scratchInt32(Math.max(1, model.actionLabel.length) * this.words);
    this.batchAction = scratchInt32(Math.max(1, model.actionLabel.length));
    this.batchHash = scratchInt32(Math.max(1, model.actionLabel.length));
    this.invariants = model.invariants;
    this.transitions = model.transitions;
    this.terminals = model.terminals;
    this.started = this.o.now();
    this.seedInitialStates();
  }

  private seedInitialStates(): void {
    for (let i = 0; i < this.m.initWords.length && !this.done; i++) {
      this.next.set(this.m.initWords[i]);
      const r = this.seen.insert(this.next);
      if (r < 0) continue;
      this.meta.add(r, -1, i, 0, 0);
      this.checkInvariants(r);
      if (!this.done) this.frontier.push(r, this.next);
    }
  }

  /** Expand up to `budget` states. Returns true when the search is over. */
  run(budget: number): boolean {
    if (this.done) return true;
    const { m, o, cur, next, frontier, seen, meta, coverage, actorOf, batch, batchAction, batchHash, words } = this;
    const guards = m.guards;
    const applies = m.applies;
    const params = m.actionParam;
    const nActions = guards.length;
    const stepper = this.stepper;
    const curState = stepper.cur;
    const nextState = stepper.next;
    const bfs = o.strategy === 'bfs';
    let action = -1;
    let id = -1;
    // First id created at depth `layerDepth` (BFS only).
    let layerDepth = this.layerDepth;
    let layerStart = this.layerStart;
    let sink = 0;
    try {
      for (let n = 0; n < budget; n++) {
        if (frontier.length === 0) {
          this.done = true;
          return true;
        }
        id = bfs ? frontier.shift(cur) : frontier.pop(cur);
        stepper.load(cur);
        const depth = meta.depth[id];
        const sw = meta.switches[id];
        const lastActor = meta.parent[id] === -1 ? -1 : actorOf[meta.action[id]];
        if (depth + 1 !== layerDepth) {
          layerDepth = depth + 1;
          layerStart = seen.size;
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
              if (this.transitions.length === 0) {
                stepper.storeReset(batch, cur, k * words);
                this.generated++;
                coverage[action]++;
                batchAction[k++] = action;
              } else {
                stepper.store(next, cur);
                this.generated++;
                coverage[action]++;
                const ok = this.checkTransitions(id, action);
                stepper.reset();
                if (!ok && this.done) return true;
                for (let j = 0; j < words; j++) batch[j] = next[j];
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
              meta.add(r, id, a, depth + 1, nsw);
              if (depth + 1 > this.maxDepth) this.maxDepth = depth + 1;
              if (r + 1 > o.maxStates) {
                this.truncated = `state limit ${o.maxStates} reached`;
                this.done = true;
              } else {
                // In collect mode a violating state is still explored, so other properties stay exact.
                this.checkInvariants(r);
                if (!this.done) frontier.push(r, next);
              }
              if (this.done) {
                // Successors after this one would not have been generated one at a time.
                this.uncount(j + 1, k);
                return true;
              }
            } else if (bfs && -r - 1 >= layerStart) {
              // Among shortest paths prefer fewer actor switches: re-parent on an equal-depth hit.
              // BFS ids grow with depth, so `old >= layerStart` means depth[old] === depth + 1
              // without touching depth[] (a cache miss per hit).
              const old = -r - 1;
              if (nsw < meta.switches[old]) {
                meta.parent[old] = id;
                meta.action[old] = a;
                meta.switches[old] = nsw;
              }
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
    if (elapsed > this.o.timeoutMs) this.truncated = `time limit ${this.o.timeoutMs / 1000}s reached`;
    else if (bytes > this.o.maxBytes) this.truncated = `memory limit ${this.o.maxBytes / 1048576} MB reached`;
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

  private bytes(): number {
    return this.seen.bytes() + this.meta.bytes() + this.frontier.bytes();
  }

  private checkInvariants(id: number): boolean {
    const invs = this.invariants;
    if (invs.length === 0) return true;
    this.checkMirror.load(this.next);
    const s = this.checkMirror.state;
    let i = 0;
    try {
      for (; i < invs.length; i++) {
        if (!invs[i].holds(s)) {
          this.record(invs[i].name, 'invariant', invs[i].description, this.pathTo(id, this.next));
          return false;
        }
      }
    } catch (e) {
      this.propertyThrew(invs[i].name, e, this.pathTo(id, this.next));
      return false;
    }
    return true;
  }

  private checkTransitions(from: number, action: number): boolean {
    const ts = this.transitions;
    const prev = this.stepper.cur;
    const nxt = this.stepper.next;
    let i = 0;
    try {
      for (; i < ts.length; i++) {
        if (!ts[i].holds(prev, nxt)) {
          this.record(ts[i].name, 'transition', ts[i].description, this.pathTo(from, this.cur, action, this.next));
          return false;
        }
      }
    } catch (e) {
      this.propertyThrew(ts[i].name, e, this.pathTo(from, this.cur, action, this.next));
      return false;
    }
    return true;
  }

  /** A state with no enabled action: terminal properties, then deadlock. */
  private checkEnd(id: number): void {
    const s = this.stepper.cur;
    const ts = this.terminals;
    let i = 0;
    try {
      for (; i < ts.length; i++) {
        if (!ts[i].holds(s)) this.record(ts[i].name, 'terminal', ts[i].description, this.pathTo(id, this.cur));
        if (this.done) return;
      }
      if (this.o.deadlock && !this.violated.has('deadlock')) {
        const valid = this.m.instance.validEnd;
        if (valid === undefined || !valid(s)) {
          this.record('deadlock', 'deadlock', 'a state with no enabled action that is not a valid end state', this.pathTo(id, this.cur));
        }
      }
    } catch (e) {
      this.propertyThrew(i < ts.length ? ts[i].name : 'validEnd', e, this.pathTo(id, this.cur));
    }
  }

  private record(property: string, kind: ViolationKind, description: string, trace: TraceRef): void {
    if (this.violated.has(property)) return;
    this.violated.add(property);
    this.violations.push({ property, kind, description, trace });
    if (!this.o.collect) {
      this.done = true;
      return;
    }
    // Collect mode: stop checking a property once it has its (shortest) counterexample.
    this.invariants = this.invariants.filter((p) => p.name !== property);
    this.transitions = this.transitions.filter((p) => p.name !== property);
    this.terminals = this.terminals.filter((p) => p.name !== property);
  }

  private propertyThrew(name: string, e: unknown, trace: TraceRef): void {
    this.error = checkError('RC011', `property ${name} threw: ${describeError(e)}`);
    this.violations.push({ property: name, kind: 'error', description: this.error.message, trace });
    this.done = true;
  }

  private fail(e: unknown, id: number, action: number): void {
    const code = e instanceof ShapeError ? 'RC012' : 'RC010';
    const where = action >= 0 ? `action ${this.m.actionLabel[action]}` : 'a guard';
    this.error = checkError(code, `model code threw in ${where}: ${describeError(e)}`);
    if (id >= 0) {
      const trace = action >= 0 ? this.pathTo(id, this.cur, action, null) : this.pathTo(id, this.cur);
      this.violations.push({ property: 'model-error', kind: 'error', description: this.error.message, trace });
    }
    this.done = true;
  }

  /** Path to stored state `id` (whose words are `w`), optionally extended by one more edge. */
  private pathTo(id: number, w: Int32Array, action?: number, after?: Int32Array | null): TraceRef {
    const p = this.meta.path(id);
    const expected: (Int32Array | readonly [number, number])[] = p.ids.map((sid, i) => {
      if (i === p.ids.length - 1) return Int32Array.from(w);
      const out = new Int32Array(this.words);
      return this.seen.read(sid, out) ? out : (this.seen.storedFingerprint(sid) as [number, number]);
    });
    const actions = p.actions;
    let switches = this.meta.switches[id];
    if (action !== undefined) {
      const last = actions.length > 0 ? this.actorOf[actions[actions.length - 1]] : -1;
      if (last !== -1 && last !== this.actorOf[action]) switches++;
      actions.push(action);
      if (after) expected.push(Int32Array.from(after));
    }
    return { init: p.init, actions, expected, switches };
  }

  outcome(): Outcome {
    const m = this.m;
    const durationMs = this.o.now() - this.started;
    const firstKind = this.violations[0]?.kind;
    let verdict: Verdict;
    if (this.error !== null) verdict = 'error';
    else if (this.violations.some((v) => v.kind !== 'deadlock')) verdict = 'violation';
    else if (firstKind === 'deadlock') verdict = 'deadlock';
    else if (this.truncated !== null || !this.done) verdict = 'incomplete';
    else verdict = 'ok';
    const complete = this.truncated === null && this.done && this.error === null;
    const status = (name: string): PropertyStatus =>
      this.violated.has(name) ? 'violated' : complete && (this.o.collect || this.violations.length === 0) ? 'holds' : 'incomplete';
    const properties: Outcome['properties'] = [
      ...m.invariants.map((p) => ({ name: p.name, kind: p.kind, status: status(p.name) })),
      ...m.transitions.map((p) => ({ name: p.name, kind: p.kind, status: status(p.name) })),
      ...m.terminals.map((p) => ({ name: p.name, kind: p.kind, status: status(p.name) })),
    ];
    if (this.o.deadlock) properties.push({ name: 'deadlock', kind: 'deadlock', status: status('deadlock') });
    const coverage = m.actionLabel.map((action, i) => ({ action, actor: m.actionActor[i], count: this.coverage[i] }));
    const out: Outcome = {
      verdict,
      model: m.id,
      params: { ...m.params },
      strategy: this.o.strategy,
      seen: this.o.seen,
      stats: {
        generated: this.generated,
        distinct: this.seen.size,
        maxDepth: this.maxDepth,
        durationMs,
        peakFrontier: this.frontier.peak,
        bytes: this.bytes(),
      },
      coverage,
      neverFired: coverage.filter((c) => c.count === 0).map((c) => c.action),
      properties,
      violations: this.violations,
    };
    if (this.error !== null) out.error = this.error;
    if (verdict === 'incomplete') out.incompleteReason = this.truncated ?? 'search not finished';
    else if (this.truncated !== null) out.incompleteReason = this.truncated;
    if (this.o.seen === 'fp64') out.fpCollisionProbability = collisionProbability(this.seen.size, this.generated);
    return out;
  }
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Run a search to the end, synchronously. */
export function explore(model: CompiledModel, options: ExploreOptions = {}): Outcome {
  const s = new Search(model, options);
  while (!s.run(1 << 20));
  return s.outcome();
}

/** Run a search, yielding to the event loop between chunks; `signal` aborts it (outcome `incomplete`). */
export async function exploreAsync(
  model: CompiledModel,
  options: ExploreOptions = {},
  signal?: { aborted: boolean; reason?: unknown },
): Promise<Outcome> {
  const s = new Search(model, options);
  const chunk = options.tickEvery ?? 16384;
  for (;;) {
    if (signal?.aborted) s.abort(`aborted (${typeof signal.reason === 'string' ? signal.reason : 'interrupt'})`);
    if (s.run(chunk)) break;
    await new Promise<void>((r) => setImmediate(r));
  }
  return s.outcome();
}
