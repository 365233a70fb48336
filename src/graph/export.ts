/**
 * Graph export, end to end: explore (bounded) → graphology graph (trace marked) → text.
 *
 * What it must not do: write files (the CLI does, and only after this succeeded, so a refused
 * export writes nothing).
 */
import type { CompiledModel, Result } from '../model/compile.js';
import type { ItfTrace } from '../trace/itf.js';
import { buildStateGraph, type StateGraph } from './build.js';
import { exploreGraph } from './explore-graph.js';
import { renderGraph, type GraphFormat } from './formats.js';

export const DEFAULT_GRAPH_MAX_STATES = 5000;

export interface GraphExportOptions {
  format: GraphFormat;
  maxStates?: number;
  trace?: ItfTrace;
}

/** The state graph of `m` as a graphology graph (RC150 above the size limit). */
export function stateGraph(m: CompiledModel, options: { maxStates?: number; trace?: ItfTrace } = {}): Result<StateGraph> {
  const g = exploreGraph(m, { maxStates: options.maxStates ?? DEFAULT_GRAPH_MAX_STATES });
  if (!g.ok) return g;
  return buildStateGraph(g.value, options.trace);
}

/** The state graph of `m` rendered in `format`, plus its size. */
export function exportGraph(m: CompiledModel, options: GraphExportOptions): Result<{ text: string; states: number; edges: number }> {
  const g = stateGraph(m, options);
  if (!g.ok) return g;
  return { ok: true, value: { text: renderGraph(g.value, options.format), states: g.value.order, edges: g.value.size } };
}
