/**
 * Build a graphology graph from an explored state graph, optionally highlighting a trace.
 *
 * Why this file exists: graphology is the interchange point for every export format (its own
 * JSON serialisation, DOT, GEXF) and for anyone who wants to analyse the graph further. Nodes are
 * states (`s<id>`, BFS order), edges are labelled by action (`e<n>`, one per action firing, so a
 * multi-graph with self-loops). Initial states, violating states (invariant, terminal, deadlock)
 * and violating edges (transition properties) are marked; a given ITF trace's path is marked with
 * its step numbers.
 *
 * What it must not do: hold large graphs (~1.2 KB per node): callers bound the size first.
 */
import { MultiDirectedGraph } from 'graphology';
import type { Attributes } from 'graphology-types';
import { checkError } from '../base/errors.js';
import type { Result } from '../model/compile.js';
import { RCUCHECK_VERSION } from '../version.js';
import { actionIdsOf } from '../trace/confirm.js';
import { modelFingerprint } from '../trace/fingerprint.js';
import type { ItfTrace } from '../trace/itf.js';
import { formatValue } from '../trace/format.js';
import { diffStates } from '../trace/trace.js';
import type { StateGraphData } from './explore-graph.js';


export interface NodeAttrs extends Attributes {
  label: string;
  /** Leaves that differ from the first initial state, as `path=value` (compact DOT labels). */
  delta: string[];
  state: unknown;
  depth: number;
  initial: boolean;
  /** Index of the initial state, when initial. */
  init?: number;
  end: boolean;
  violations: string[];
  trace: boolean;
  /** Trace steps that are at this state (a trace may revisit a state). */
  traceSteps: number[];
}

export interface EdgeAttrs extends Attributes {
  label: string;
  action: number;
  actor: string;
  violations: string[];
  trace: boolean;
  traceSteps: number[];
}

export interface GraphAttrs extends Attributes {
  model: string;
  params: Record<string, number | string>;
  rcucheck: string;
  fingerprint: string;
  states: number;
  edges: number;
  trace?: { property: string; kind: string; steps: number };
}

export type StateGraph = InstanceType<typeof MultiDirectedGraph<NodeAttrs, EdgeAttrs, GraphAttrs>>;

/** One-line summary of a plain state: `phil=[THINK,LEFT] fork=[true,false]`. */
export function stateLabel(state: unknown): string {
  const compact = (v: unknown): string =>
    Array.isArray(v)
      ? `[${v.map(compact).join(',')}]`
      : typeof v === 'object' && v !== null
        ? `{${Object.entries(v as Record<string, unknown>)
            .map(([k, x]) => `${k}:${compact(x)}`)
            .join(',')}}`
        : formatValue(v);
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return compact(state);
  return Object.entries(state as Record<string, unknown>)
    .map(([k, v]) => `${k}=${compact(v)}`)
    .join(' ');
}

/** The graphology graph of `g`; with `trace`, its path is marked (RC005/RC101 if it does not fit). */
export function buildStateGraph(g: StateGraphData, trace?: ItfTrace): Result<StateGraph> {
  const m = g.model;
  const graph: StateGraph = new MultiDirectedGraph<NodeAttrs, EdgeAttrs, GraphAttrs>({ allowSelfLoops: true });
  graph.replaceAttributes({
    model: m.id,
    params: { ...m.params },
    rcucheck: RCUCHECK_VERSION,
    fingerprint: modelFingerprint(m),
    states: g.words.length,
    edges: g.edges.length,
  });
  const first = g.words.length > 0 ? m.codec.decode(g.words[0]) : undefined;
  for (let i = 0; i < g.words.length; i++) {
    const state = m.codec.decode(g.words[i]);
    const a: NodeAttrs = {
      label: stateLabel(state),
      delta: diffStates(first, state).map((c) => `${c.path}=${formatValue(c.after)}`),
      state,
      depth: g.depth[i],
      initial: g.initIndex[i] >= 0,
      end: g.end[i],
      violations: g.violations[i],
      trace: false,
      traceSteps: [],
    };
    if (g.initIndex[i] >= 0) a.init = g.initIndex[i];
    graph.addNode(`s${i}`, a);
  }
  g.edges.forEach((e, j) => {
    graph.addDirectedEdgeWithKey(`e${j}`, `s${e.from}`, `s${e.to}`, {
      label: m.actionLabel[e.action],
      action: e.action,
      actor: m.actionActor[e.action],
      violations: e.violations,
      trace: false,
      traceSteps: [],
    });
  });
  if (trace) {
    const r = markTrace(graph, g, trace);
    if (!r.ok) return r;
  }
  return { ok: true, value: graph };
}

function sameParams(a: Record<string, number | string>, b: Record<string, number | string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => String(a[k]) === String(b[k]));
}

function markTrace(graph: StateGraph, g: StateGraphData, trace: ItfTrace): Result<null> {
  const m = g.model;
  const meta = trace.meta;
  if (meta.model !== m.id || !sameParams(meta.params, m.params)) {
    const ps = (p: Record<string, number | string>) =>
      Object.entries(p)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
    return {
      ok: false,
      error: checkError('RC005', `the trace is for ${meta.model} ${ps(meta.params)}, but the graph is of ${m.id} ${ps(m.params)}`),
    };
  }
  const fp = modelFingerprint(m);
  if (meta.fingerprint !== undefined && meta.fingerprint !== fp) {
    return {
      ok: false,
      error: checkError('RC005', `the trace was written by rcucheck ${meta.rcucheck} for another version of model ${m.id} (fingerprint ${meta.fingerprint}, now ${fp})`),
    };
  }
  const ids = actionIdsOf(m, trace);
  if (!ids.ok) return ids;
  let node = g.initIndex.indexOf(meta.init);
  if (node < 0) return { ok: false, error: checkError('RC101', `the trace starts from initial state ${meta.init}, which the model does not have`) };
  const mark = (n: number, step: number) => {
    graph.setNodeAttribute(`s${n}`, 'trace', true);
    graph.updateNodeAttribute(`s${n}`, 'traceSteps', (s) => [...(s ?? []), step]);
  };
  mark(node, 0);
  for (let i = 0; i < ids.value.length; i++) {
    const a = ids.value[i];
    const e = graph.findOutEdge(`s${node}`, (_k, attrs) => attrs.action === a);
    if (e === undefined) {
      return {
        ok: false,
        error: checkError('RC101', `trace diverges at step ${i + 1}: ${m.actionLabel[a]} is not enabled in state s${node}`),
      };
    }
    graph.setEdgeAttribute(e, 'trace', true);
    graph.updateEdgeAttribute(e, 'traceSteps', (s) => [...(s ?? []), i + 1]);
    node = Number(graph.target(e).slice(1));
    mark(node, i + 1);
  }
  graph.setAttribute('trace', { property: meta.property, kind: meta.kind, steps: ids.value.length });
  return { ok: true, value: null };
}
