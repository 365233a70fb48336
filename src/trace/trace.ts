/**
 * Trace: the readable counterexample, rebuilt from a Violation by replay.
 *
 * Why this file exists: renderers (terminal timeline, trace.md, ITF JSON, HTML, graph
 * highlighting) all start from the same value: every step with its action, actor, the
 * nondeterministic choice taken, the full plain state, and the leaves that changed; plus the
 * violated property and one sentence explaining it in the model's terms.
 *
 * What it must not do: print or write files (renderers and report/write do that).
 */
import { isRaceInvariant } from '../model/races.js';
import type { CompiledModel, Result } from '../model/compile.js';
import type { Measured, Violation, ViolationKind } from '../engine/outcome.js';
import { RCUCHECK_VERSION } from '../version.js';
import { displayNamer } from '../model/display.js';
import { replayPath, type TraceStep } from './replay.js';

export interface Change {
  /** Leaf path, e.g. `cpu[0].count`. */
  path: string;
  before: unknown;
  after: unknown;
}

export interface TraceStepView extends TraceStep {
  /** Leaves that differ from the previous state (empty for the initial state). */
  changes: Change[];
}

export interface Trace {
  rcucheck: string;
  model: string;
  params: Record<string, number | string>;
  property: string;
  kind: ViolationKind;
  description: string;
  /** One sentence saying why the last state (or edge) violates the property. */
  explanation: string;
  /** Number of switches between actors along the trace. */
  switches: number;
  steps: TraceStepView[];
  /**
   * Lasso (liveness counterexample): the step where the cycle starts. The last step's state
   * equals `steps[loop]`'s (the cycle repeats steps loop+1..last forever), or `loop` is the last
   * step (the behaviour stutters there forever: no action is enabled).
   */
  loop?: number;
  /** Lasso: the step where `p` holds; `q` is false from there on. */
  pIndex?: number;
  /** Liveness: the failing instance of a per-object property. */
  instance?: number;
  /**
   * A path that counts `measure` steps from `pIndex`: a latency witness (`witness`, not a
   * violation) or a bounded-response counterexample (`within`).
   */
  measured?: Measured;
  /**
   * Display name per leaf path, for leaves whose name the model renames (ModelInstance.display);
   * absent or missing entries mean "show the raw path". Renderers only: ITF keeps raw paths.
   */
  names?: Readonly<Record<string, string>>;
}

/** Leaf paths of a plain state, in shape order (`cpu[0].krw[1].h`). */
export function leafPaths(v: unknown, path = ''): string[] {
  if (typeof v !== 'object' || v === null) return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => leafPaths(x, `${path}[${i}]`));
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => leafPaths(x, path === '' ? k : `${path}.${k}`));
}

/** The model's display names for every leaf of `state` that it renames (empty when none). */
export function displayNamesOf(m: CompiledModel, state: unknown): Record<string, string> {
  const name = displayNamer(m.instance.display);
  const out: Record<string, string> = {};
  for (const p of leafPaths(state)) {
    const n = name(p);
    if (n !== p) out[p] = n;
  }
  return out;
}

/** How a trace shows a leaf path: the model's display name, else the raw path. */
export function fieldName(trace: Pick<Trace, 'names'>, path: string): string {
  return trace.names?.[path] ?? path;
}

/** Leaf-by-leaf differences between two plain states (in shape order). */
export function diffStates(before: unknown, after: unknown, path = ''): Change[] {
  if (before === after) return [];
  if (typeof before !== 'object' || before === null || typeof after !== 'object' || after === null) {
    return [{ path, before, after }];
  }
  const out: Change[] = [];
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      out.push(...diffStates(before[i], after[i], `${path}[${i}]`));
    }
    return out;
  }
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const k of Object.keys(a)) out.push(...diffStates(b[k], a[k], path === '' ? k : `${path}.${k}`));
  return out;
}

/** What a path with a measure shows, in one sentence (latency witnesses and `within` counterexamples). */
export function measuredText(x: Measured, pIndex: number, last: number, loop?: number): string {
  const steps = (n: number | 'unbounded'): string => `${n} \`${x.action}\` step${n === 1 ? '' : 's'}`;
  if (x.within !== undefined) {
    return `p holds and q does not from step ${pIndex} to step ${last - 1}, and ${steps(x.count)} are taken from those states: more than the ${x.within} allowed`;
  }
  if (x.count !== 'unbounded') {
    return `worst-case latency: ${steps(x.count)} from p-and-not-q states, from step ${pIndex} until q holds or the path ends (step ${last})`;
  }
  return loop !== undefined && loop < last
    ? `unbounded latency: p holds and q does not from step ${pIndex}; steps ${loop + 1}..${last} repeat forever`
    : `unbounded latency: p holds and q does not from step ${pIndex} on`;
}

function explain(m: CompiledModel, v: Violation, steps: TraceStep[]): string {
  const last = steps[steps.length - 1].state;
  const prev = steps.length > 1 ? steps[steps.length - 2].state : last;
  if (v.kind === 'invariant') {
    const p = m.invariants.find((x) => x.name === v.property);
    // A data race (--races) names the two steps that can run next: steps n + 1 and n + 2.
    if (isRaceInvariant(p)) return p.story(last, steps.length - 1);
    if (p?.explain) return p.explain(last);
  } else if (v.kind === 'terminal') {
    const p = m.terminals.find((x) => x.name === v.property);
    if (p?.explain) return p.explain(last);
  } else if (v.kind === 'transition') {
    const p = m.transitions.find((x) => x.name === v.property);
    if (p?.explain) return p.explain(prev, last);
  } else if (v.kind === 'liveness' && v.trace.measured !== undefined && (v.trace.measured.witness === true || v.trace.loop === undefined)) {
    return measuredText(v.trace.measured, v.trace.pIndex ?? 0, steps.length - 1, v.trace.loop);
  } else if (v.kind === 'liveness') {
    const p = m.liveness.find((x) => x.name === v.property);
    const at = v.trace.pIndex ?? 0;
    if (p?.explain) return p.explain(steps[at].state, v.instance ?? 0);
    const loop = v.trace.loop ?? steps.length - 1;
    const tail = loop === steps.length - 1 ? `stutters at step ${loop} forever` : `repeats steps ${loop + 1}..${steps.length - 1} forever`;
    return `p holds at step ${at} and q never holds after it: the behaviour ${tail} (${v.description})`;
  } else if (v.kind === 'deadlock') {
    return `no action is enabled after step ${steps.length - 1}, and the state is not a valid end state`;
  }
  return v.description;
}

/** Replay a violation's path and build the readable trace (RC100/RC101 if replay fails). */
export function buildTrace(m: CompiledModel, v: Violation): Result<Trace> {
  // An `error` violation's last action threw; replay up to the state before it.
  const actions = v.kind === 'error' && v.trace.expected.length === v.trace.actions.length ? v.trace.actions.slice(0, -1) : v.trace.actions;
  const r = replayPath(m, { init: v.trace.init, actions, expected: v.trace.expected.slice(0, actions.length + 1) });
  if (!r.ok) return r;
  const steps: TraceStepView[] = r.value.map((s, i) => ({
    ...s,
    changes: i === 0 ? [] : diffStates(r.value[i - 1].state, s.state),
  }));
  return {
    ok: true,
    value: {
      rcucheck: RCUCHECK_VERSION,
      model: m.id,
      params: { ...m.params },
      property: v.property,
      kind: v.kind,
      description: v.description,
      explanation: explain(m, v, r.value),
      switches: v.trace.switches,
      steps,
      ...(v.trace.loop === undefined ? {} : { loop: v.trace.loop, pIndex: v.trace.pIndex ?? 0, instance: v.instance ?? 0 }),
      ...(v.trace.measured === undefined ? {} : { measured: { ...v.trace.measured }, pIndex: v.trace.pIndex ?? 0, instance: v.instance ?? 0 }),
      names: displayNamesOf(m, steps[0]?.state),
    },
  };
}
