/**
 * Graph export formats: Graphviz DOT, GEXF 1.3 and graphology's JSON serialisation.
 *
 * Why this file exists: `rcucheck graph` hands the state graph to other tools: `dot -Tsvg` for a
 * picture, Gephi (GEXF) for large layouts, and graphology JSON for scripts. DOT and GEXF are
 * written by hand (no extra packages). Marks: initial states have a double border (DOT) / the
 * `initial` attribute; violating states are red; the highlighted trace is blue and thick, with its
 * step numbers on the edges.
 *
 * What it must not do: touch the file system.
 */
import type { EdgeAttrs, NodeAttrs, StateGraph } from './build.js';

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
// GEXF 1.3

function xml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters; they are removed on purpose
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

const NODE_ATTRS: [string, string][] = [
  ['state', 'string'],
  ['depth', 'integer'],
  ['initial', 'boolean'],
  ['end', 'boolean'],
  ['violations', 'string'],
  ['trace', 'boolean'],
  ['traceSteps', 'string'],
];
const EDGE_ATTRS: [string, string][] = [
  ['action', 'integer'],
  ['actor', 'string'],
  ['violations', 'string'],
  ['trace', 'boolean'],
  ['traceSteps', 'string'],
];

function attvalues(values: [string, string | number | boolean][], indent: string): string {
  return (
    `${indent}<attvalues>\n` +
    values.map(([k, v]) => `${indent}  <attvalue for="${k}" value="${xml(String(v))}"/>`).join('\n') +
    `\n${indent}</attvalues>`
  );
}

function color(violating: boolean, trace: boolean, initial = false): string {
  const [r, g, b] = violating ? [207, 34, 46] : trace ? [9, 105, 218] : initial ? [26, 127, 55] : [110, 119, 129];
  return `<viz:color r="${r}" g="${g}" b="${b}"/>`;
}

/** GEXF 1.3 XML text (Gephi). */
export function toGexf(graph: StateGraph): string {
  const a = graph.getAttributes();
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">');
  out.push(`  <meta><creator>rcucheck ${xml(a.rcucheck)}</creator><description>${xml(`${title(graph)}: state graph (${a.fingerprint})`)}</description></meta>`);
  out.push('  <graph defaultedgetype="directed" mode="static">');
  out.push('    <attributes class="node">');
  for (const [id, type] of NODE_ATTRS) out.push(`      <attribute id="${id}" title="${id}" type="${type}"/>`);
  out.push('    </attributes>');
  out.push('    <attributes class="edge">');
  for (const [id, type] of EDGE_ATTRS) out.push(`      <attribute id="${id}" title="${id}" type="${type}"/>`);
  out.push('    </attributes>');
  out.push('    <nodes>');
  graph.forEachNode((k, n) => {
    out.push(`      <node id="${xml(k)}" label="${xml(n.label)}">`);
    out.push(
      attvalues(
        [
          ['state', JSON.stringify(n.state)],
          ['depth', n.depth],
          ['initial', n.initial],
          ['end', n.end],
          ['violations', n.violations.join(',')],
          ['trace', n.trace],
          ['traceSteps', n.traceSteps.join(',')],
        ],
        '        ',
      ),
    );
    out.push(`        ${color(n.violations.length > 0, n.trace, n.initial)}`);
    if (n.trace || n.violations.length > 0) out.push('        <viz:size value="2.0"/>');
    out.push('      </node>');
  });
  out.push('    </nodes>');
  out.push('    <edges>');
  graph.forEachEdge((k, e, s, t) => {
    out.push(`      <edge id="${xml(k)}" source="${xml(s)}" target="${xml(t)}" label="${xml(e.label)}">`);
    out.push(
      attvalues(
        [
          ['action', e.action],
          ['actor', e.actor],
          ['violations', e.violations.join(',')],
          ['trace', e.trace],
          ['traceSteps', e.traceSteps.join(',')],
        ],
        '        ',
      ),
    );
    out.push(`        ${color(e.violations.length > 0, e.trace)}`);
    if (e.trace) out.push('        <viz:thickness value="3.0"/>');
    out.push('      </edge>');
  });
  out.push('    </edges>');
  out.push('  </graph>');
  out.push('</gexf>');
  return out.join('\n') + '\n';
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
