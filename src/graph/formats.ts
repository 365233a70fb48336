/**
 * Graph export formats: Graphviz DOT, GEXF 1.3 and graphology's JSON serialisation.
 *
 * Why this file exists: `rcucheck graph` hands the state graph to other tools: `dot -Tsvg` for a
 * picture, Gephi (GEXF) for large layouts, and graphology JSON for scripts. DOT is written here;
 * GEXF by graphology's own graphology-gexf (gexf.ts says why); JSON is graphology's `export()`. Marks: initial states have a double border (DOT) / the
 * `initial` attribute; violating states are red; the highlighted trace is blue and thick, with its
 * step numbers on the edges.
 *
 * What it must not do: touch the file system.
 */
import type { EdgeAttrs, NodeAttrs, StateGraph } from './build.js';
import { writeGexf } from './gexf.js';

export type GraphFormat = 'dot' | 'gexf' | 'json';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['dot', 'gexf', 'json'];

function title(graph: StateGraph): string {
  const a = graph.getAttributes();
  const ps = Object.entries(a.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `${a.model}${ps === '' ? '' : ' ' + ps}`;
}

// ---------------------------------------------------------------------------------------------
// DOT

function dotString(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
}

function dotAttrs(attrs: Record<string, string | number>): string {
  return (
    '[' +
    Object.entries(attrs)
      .map(([k, v]) => `${k}=${typeof v === 'number' ? v : dotString(v)}`)
      .join(', ') +
    ']'
  );
}

/** Above this length a DOT label shows only the leaves that differ from the first initial state. */
const DOT_LABEL_MAX = 120;

function nodeDot(key: string, a: NodeAttrs): string {
  const body = a.label.length <= DOT_LABEL_MAX ? a.label : a.delta.length === 0 ? '(initial state)' : a.delta.join('\n');
  const attrs: Record<string, string | number> = { label: `${key}\n${body}` };
  const tip: string[] = [];
  if (a.initial) {
    attrs.peripheries = 2;
    tip.push('initial');
  }
  if (a.violations.length > 0) {
    attrs.color = 'red';
    attrs.fontcolor = 'red';
    attrs.style = 'filled';
    attrs.fillcolor = '#ffebe9';
    attrs.label += `\nviolates: ${a.violations.join(', ')}`;
    tip.push(`violates ${a.violations.join(', ')}`);
  }
  if (a.trace) {
    attrs.penwidth = 3;
    if (a.violations.length === 0) attrs.color = 'blue';
    tip.push(`trace step ${a.traceSteps.join(', ')}`);
  }
  if (tip.length > 0) attrs.tooltip = tip.join('; ');
  return `  ${dotString(key)} ${dotAttrs(attrs)};`;
}

function edgeDot(src: string, dst: string, a: EdgeAttrs): string {
  const attrs: Record<string, string | number> = { label: a.label };
  if (a.violations.length > 0) {
    attrs.color = 'red';
    attrs.fontcolor = 'red';
    attrs.label += `\nviolates: ${a.violations.join(', ')}`;
  }
  if (a.trace) {
    attrs.color = a.violations.length > 0 ? 'red' : 'blue';
    attrs.penwidth = 3;
    attrs.label = `${a.traceSteps.map((s) => `#${s}`).join(',')} ${attrs.label}`;
  }
  return `  ${dotString(src)} -> ${dotString(dst)} ${dotAttrs(attrs)};`;
}

/** Graphviz DOT text. */
export function toDot(graph: StateGraph): string {
  const a = graph.getAttributes();
  const lines = [
    `digraph ${dotString(title(graph))} {`,
    `  graph ${dotAttrs({ label: `${title(graph)}: ${a.states} states, ${a.edges} edges (rcucheck ${a.rcucheck})`, labelloc: 't', rankdir: 'TB' })};`,
    `  node [shape=box, fontname="monospace", fontsize=10];`,
    `  edge [fontname="monospace", fontsize=9];`,
  ];
  graph.forEachNode((k, n) => lines.push(nodeDot(k, n)));
  graph.forEachEdge((_k, e, s, t) => lines.push(edgeDot(s, t, e)));
  lines.push('}');
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// GEXF 1.3 (written by graphology-gexf, see gexf.ts)

/** GEXF 1.3 XML text (Gephi). */
export function toGexf(graph: StateGraph): string {
  return writeGexf(graph, title(graph));
}

// ---------------------------------------------------------------------------------------------
// JSON

/** graphology's serialisation format (`graph.export()`), loadable with `Graph.from(json)`. */
export function toGraphologyJson(graph: StateGraph): string {
  return JSON.stringify(graph.export(), null, 2) + '\n';
}

export function renderGraph(graph: StateGraph, format: GraphFormat): string {
  switch (format) {
    case 'dot':
      return toDot(graph);
    case 'gexf':
      return toGexf(graph);
    case 'json':
      return toGraphologyJson(graph);
  }
}
