/**
 * The liveness verdicts of a finished search: every `leadsTo` instance checked on the recorded
 * graph (fair.ts), each failure turned into a concrete lasso trace.
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
import type { TraceRef, Violation } from '../outcome.js';
import type { TraceBuilder } from '../paths.js';
import type { SeenSet } from '../seen.js';
import { FairCycles } from './fair.js';
import { Csr, drain, type Steps } from './graph.js';
import type { LivenessRecorder } from './record.js';
import { SccScratch } from './graph.js';
import { worstCount } from './latency.js';
import type { LatencyResult } from '../outcome.js';

export interface LivenessResult {
  /** Names of the violated properties. */
  violated: Set<string>;
  violations: Violation[];
  error: CheckError | null;
  /** Worst-case latency of every instance of a property with `measure` (latency.ts). */
  latency: LatencyResult[];
}

/** Check every liveness instance on the graph `rec` recorded; `states` is the number of stored states. */
export function checkLiveness(m: CompiledModel, rec: LivenessRecorder, states: number, seen: SeenSet, paths: TraceBuilder, actorOf: Int32Array): LivenessResult {
  return drain(livenessSteps(m, rec, states, seen, paths, actorOf));
}

/** `checkLiveness`, resumable: yields between slices of the graph analysis. */
export function* livenessSteps(m: CompiledModel, rec: LivenessRecorder, states: number, seen: SeenSet, paths: TraceBuilder, actorOf: Int32Array): Steps<LivenessResult> {
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
  for (let k = 0; k < n; k++) {
    const { property, instance } = rec.slots[k];
    const p = m.liveness[property];
    const measured = p.measure !== undefined;
    if (out.violated.has(p.name) && !measured) continue;
    yield;
    const lasso = yield* fc.checkSteps((s) => rec.flags[s * n + k]);
    if (measured) out.latency.push(latencyOf(m, g, rec, n, k, lasso !== null, () => (scratch ??= new SccScratch(states))));
    if (lasso === null || out.violated.has(p.name)) continue;
    const trace = lassoTrace(m, lasso, seen, paths, actorOf);
    if ('code' in trace) {
      out.error = trace;
      return out;
    }
    out.violated.add(p.name);
    const many = (p.instances ?? 1) > 1;
    out.violations.push({
      property: p.name,
      kind: 'liveness',
      description: many ? `${p.description} (instance ${instance})` : p.description,
      instance,
      trace,
    });
  }
  return out;
}

/** The latency of slot `k` (its property has `measure`): `unbounded` ("never") when the instance is violated. */
function latencyOf(m: CompiledModel, g: Csr, rec: LivenessRecorder, n: number, k: number, violated: boolean, scratch: () => SccScratch): LatencyResult {
  const { property, instance } = rec.slots[k];
  const p = m.liveness[property];
  const action = p.measure!;
  const base = { property: p.name, instance, action };
  if (violated) return { ...base, worst: 'unbounded', why: 'never: a fair behaviour never reaches q (the lasso of the violation)' };
  const counted = new Uint8Array(m.actionName.length);
  m.actionName.forEach((a, i) => {
    if (a === action) counted[i] = 1;
  });
  const r = worstCount(g, (s) => rec.flags[s * n + k] === 1, counted, scratch());
  if ('bound' in r) return { ...base, worst: r.bound };
  return { ...base, worst: 'unbounded', why: `cycle: state ${r.state} lies on a cycle of ${r.size} state(s) inside p and not q with a ${action} step`, state: r.state };
}

function lassoTrace(
  m: CompiledModel,
  lasso: { states: number[]; actions: number[]; loop: number },
  seen: SeenSet,
  paths: TraceBuilder,
  actorOf: Int32Array,
): TraceRef | CheckError {
  const words = (id: number): Int32Array => {
    const w = new Int32Array(m.codec.words);
    seen.read(id, w);
    return w;
  };
  const prefix = paths.pathTo(lasso.states[0], words(lasso.states[0]));
  if ('code' in prefix) return prefix;
  const actions = [...prefix.actions, ...lasso.actions];
  const expected = [...prefix.expected, ...lasso.states.slice(1).map(words)];
  let switches = 0;
  for (let i = 1; i < actions.length; i++) if (actorOf[actions[i]] !== actorOf[actions[i - 1]]) switches++;
  return { init: prefix.init, actions, expected, switches, loop: prefix.actions.length + lasso.loop, pIndex: prefix.actions.length };
}
