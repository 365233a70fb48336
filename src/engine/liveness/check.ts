/**
 * The liveness verdicts of a finished search: every `leadsTo` instance checked on the recorded
 * graph (fair.ts), each failure turned into a concrete lasso trace; with `measure`, the worst-case
 * latency (latency.ts) with the path that attains it as a trace; with `within`, the bounded
 * response (witness.ts), whose counterexample is a finite trace.
 *
 * Why this file exists: the search (search.ts) calls this once, at the end of a complete search,
 * with what it owns (seen set for the states' words, the trace builder for the prefix); the
 * graph analysis itself knows nothing about traces.
 *
 * `livenessSteps` is resumable (graph.ts `Steps`): the search's driver gives the event loop a turn
 * between slices, so Ctrl-C and the deadline stop the analysis as they stop the search.
 *
 * What it must not do: run during the search; run on an incomplete search (its verdicts would be
 * `holds` for a graph that is not the whole one).
 */
import { checkError, type CheckError } from '../../base/errors.js';
import type { CompiledModel } from '../../model/compile.js';
import type { LatencyResult, Measured, TraceRef, Violation } from '../outcome.js';
import type { TraceBuilder } from '../paths.js';
import type { SeenSet } from '../seen.js';
import { FairCycles } from './fair.js';
import { Csr, SccScratch, type Steps } from './graph.js';
import type { LivenessRecorder } from './record.js';
import { worstCount } from './latency.js';
import { responsePath, type IdPath } from './witness.js';

export interface LivenessResult {
  /** Names of the violated properties. */
  violated: Set<string>;
  violations: Violation[];
  error: CheckError | null;
  /** Worst-case latency of every instance of a property with `measure` (latency.ts), with its witness trace. */
  latency: LatencyResult[];
}

/** A path of state ids, with the index where a lasso's cycle starts and where p begins. */
interface IdTrace extends IdPath {
  loop?: number;
  /** Index in `states` where the measured run (or p) starts; default 0. */
  from?: number;
}

/**
 * Check every liveness instance on the graph `rec` recorded, resumable (it yields between slices
 * of the graph analysis; the search drives it): `states` is the number of stored states, `roots`
 * the ids of the initial states (where bounded-response counterexamples start).
 */
export function* livenessSteps(
  m: CompiledModel,
  rec: LivenessRecorder,
  states: number,
  seen: SeenSet,
  paths: TraceBuilder,
  actorOf: Int32Array,
  roots: readonly number[],
): Steps<LivenessResult> {
  const out: LivenessResult = { violated: new Set(), violations: [], error: null, latency: [] };
  if (rec.states !== states) {
    out.error = checkError('RC011', `liveness: ${states} states stored but ${rec.states} expanded; the graph is incomplete`);
    return out;
  }
  const g = new Csr(states, rec.edges, rec.edgeCount);
  yield;
  const fc = new FairCycles(g, m.actionFair);
  const n = rec.slots.length;
  let scratch: SccScratch | undefined;
  const trace = (p: IdTrace, measured?: Measured): TraceRef | CheckError => idTrace(m, p, seen, paths, actorOf, measured);
  for (let k = 0; k < n; k++) {
    const { property, instance } = rec.slots[k];
    const p = m.liveness[property];
    const measured = p.measure !== undefined;
    if (out.violated.has(p.name) && !measured) continue;
    yield;
    const lasso = yield* fc.checkSteps((s) => rec.flags[s * n + k]);
    const inRegion = (s: number): boolean => rec.flags[s * n + k] === 1;
    const counted = measured ? countedActions(m, p.measure) : new Uint8Array(0);
    let worst: number | 'unbounded' = 'unbounded';
    if (measured) {
      const l = latencyOf(m, g, inRegion, counted, rec.slots[k], lasso === null, () => (scratch ??= new SccScratch(states)));
      const w = l.path === null ? null : lasso !== null ? trace(lasso, { action: p.measure, count: 'unbounded', witness: true }) : trace(l.path, { action: p.measure, count: l.result.worst, witness: true });
      if (w !== null && 'code' in w) {
        out.error = w;
        return out;
      }
      out.latency.push(w === null ? l.result : { ...l.result, witness: w });
      worst = l.result.worst;
    }
    if (out.violated.has(p.name)) continue;
    let ref: TraceRef | CheckError | null = null;
    if (lasso !== null) ref = trace(lasso);
    else if (p.within !== undefined && measured && (worst === 'unbounded' || worst > p.within)) {
      // Only where the latency exceeds the bound (the search is then sure to find a path).
      const r = responsePath(g, roots, inRegion, counted, p.within);
      if (r === null) {
        out.error = checkError('RC011', `liveness: ${p.name} instance ${instance}: latency ${worst} exceeds ${p.within}, but no path from an initial state takes ${p.within + 1} ${p.measure} steps (internal error)`);
        return out;
      }
      ref = trace({ ...r, from: lastEntry(r, inRegion) }, { action: p.measure, count: p.within + 1, within: p.within });
    }
    if (ref === null) continue;
    if ('code' in ref) {
      out.error = ref;
      return out;
    }
    out.violated.add(p.name);
    const many = (p.instances ?? 1) > 1;
    out.violations.push({
      property: p.name,
      kind: 'liveness',
      description: many ? `${p.description} (instance ${instance})` : p.description,
      instance,
      trace: ref,
    });
  }
  return out;
}

function countedActions(m: CompiledModel, action: string): Uint8Array {
  const counted = new Uint8Array(m.actionName.length);
  m.actionName.forEach((a, i) => {
    if (a === action) counted[i] = 1;
  });
  return counted;
}

/** The index in `p` where its last run inside the region starts (the run the count is about). */
function lastEntry(p: IdPath, inRegion: (s: number) => boolean): number {
  let i = p.states.length - 2;
  while (i > 0 && inRegion(p.states[i - 1])) i--;
  return Math.max(i, 0);
}

/**
 * The latency of one slot (its property has `measure`): `unbounded` ("never") when the instance is
 * violated; with the id path that attains it (null when there is nothing to show: violated, the
 * lasso is the witness; or no state has p and not q).
 */
function latencyOf(
  m: CompiledModel,
  g: Csr,
  inRegion: (s: number) => boolean,
  counted: Uint8Array,
  slot: { property: number; instance: number },
  holds: boolean,
  scratch: () => SccScratch,
): { result: LatencyResult; path: IdTrace | null } {
  const p = m.liveness[slot.property];
  const action = p.measure!;
  const base = { property: p.name, instance: slot.instance, action };
  if (!holds) return { result: { ...base, worst: 'unbounded', why: 'never: a fair behaviour never reaches q (the lasso of the violation)' }, path: { states: [], actions: [] } };
  const r = worstCount(g, inRegion, counted, scratch());
  const path = r.path.states.length === 0 ? null : r.path;
  if ('bound' in r) return { result: { ...base, worst: r.bound }, path };
  // The lasso: round the cycle once (it starts and ends at path.states[cycle[0]]).
  const [a, b] = r.cycle;
  const lasso: IdTrace = { states: r.path.states.slice(0, b + 1), actions: r.path.actions.slice(0, b), loop: a, from: a };
  return {
    result: { ...base, worst: 'unbounded', why: `cycle: state ${r.state} lies on a cycle of ${r.size} state(s) inside p and not q with a ${action} step`, state: r.state },
    path: lasso,
  };
}

/** A concrete trace for an id path: the BFS parent chain to its first state, then the path. */
function idTrace(m: CompiledModel, p: IdTrace, seen: SeenSet, paths: TraceBuilder, actorOf: Int32Array, measured?: Measured): TraceRef | CheckError {
  const words = (id: number): Int32Array => {
    const w = new Int32Array(m.codec.words);
    seen.read(id, w);
    return w;
  };
  const prefix = paths.pathTo(p.states[0], words(p.states[0]));
  if ('code' in prefix) return prefix;
  // Under symmetry the ids are orbit representatives: re-execute them into concrete states (the
  // identity without symmetry), closing a lasso's cycle on a concrete state (paths.ts `follow`).
  const rest = paths.follow(prefix.expected[prefix.expected.length - 1], p.states, p.actions, p.loop);
  if ('code' in rest) return rest;
  const actions = [...prefix.actions, ...rest.actions];
  const expected = [...prefix.expected, ...rest.expected];
  let switches = 0;
  for (let i = 1; i < actions.length; i++) if (actorOf[actions[i]] !== actorOf[actions[i - 1]]) switches++;
  const at = prefix.actions.length;
  return {
    init: prefix.init,
    actions,
    expected,
    switches,
    ...(rest.loop === undefined ? {} : { loop: at + rest.loop }),
    pIndex: at + (p.from ?? 0),
    ...(measured === undefined ? {} : { measured }),
  };
}
