/**
 * GEXF 1.3 export of a state graph (for Gephi), written by graphology's own `graphology-gexf`.
 *
 * Why this file exists, and why the library: the state graph already is a graphology graph, and
 * graphology-gexf is graphology's GEXF writer and parser. It owns the XML (escaping, the 1.3
 * namespaces and schema location, the attribute model with inferred types, viz elements), so we
 * do not maintain a second, hand-written XML serialiser, and the tests can parse the output back
 * with the same package. This module only decides what each node and edge carries: its label, the
 * attributes `state` (JSON), `depth`, `initial`, `end`, `violations`, `trace`, `traceSteps`
 * (edges: `action`, `actor`, `violations`, `trace`, `traceSteps`), and the marks: initial states
 * green, violating elements red, the highlighted trace blue and thicker. Lists are written as
 * comma-separated strings (as before the library, and readable by every Gephi version); an empty
 * one (no violation, not on the trace) is left out of that element's attvalues, as GEXF allows.
 *
 * What it must not do: touch the file system; write XML by hand.
 */
import { MultiDirectedGraph } from 'graphology';
import { write } from 'graphology-gexf';
import type { Attributes } from 'graphology-types';
import type { EdgeAttrs, NodeAttrs, StateGraph } from './build.js';

/** XML 1.0 forbids these characters even escaped; graphology-gexf does not remove them. */
// eslint-disable-next-line no-control-regex -- removing the characters XML forbids is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const clean = (s: string): string => s.replace(XML_FORBIDDEN, '');

/** Colours as `rgb(...)`, which graphology-gexf writes as `<viz:color r= g= b=>`. */
const RED = 'rgb(207,34,46)';
const BLUE = 'rgb(9,105,218)';
const GREEN = 'rgb(26,127,55)';
const GREY = 'rgb(110,119,129)';

function color(violating: boolean, trace: boolean, initial = false): string {
  return violating ? RED : trace ? BLUE : initial ? GREEN : GREY;
}

function formatNode(_key: string, n: NodeAttrs) {
  const viz: { color: string; size?: number } = { color: color(n.violations.length > 0, n.trace, n.initial) };
  if (n.trace || n.violations.length > 0) viz.size = 2;
  return {
    label: clean(n.label),
    attributes: {
      state: clean(JSON.stringify(n.state)),
      depth: n.depth,
      initial: n.initial,
      end: n.end,
      violations: clean(n.violations.join(',')),
      trace: n.trace,
      traceSteps: n.traceSteps.join(','),
    },
    viz,
  };
}

function formatEdge(_key: string, e: EdgeAttrs) {
  const viz: { color: string; thickness?: number } = { color: color(e.violations.length > 0, e.trace) };
  if (e.trace) viz.thickness = 3;
  return {
    label: clean(e.label),
    attributes: {
      action: e.action,
      actor: clean(e.actor),
      violations: clean(e.violations.join(',')),
      trace: e.trace,
      traceSteps: e.traceSteps.join(','),
    },
    viz,
  };
}

/** GEXF 1.3 XML text. `<meta>` holds only GEXF's own creator and description. */
export function writeGexf(graph: StateGraph, title: string): string {
  const a = graph.getAttributes();
  // graphology-gexf writes every scalar graph attribute into <meta>; the schema allows only
  // creator, keywords and description there, so the writer sees a copy with just those two.
  const meta = { creator: clean(`rcucheck ${a.rcucheck}`), description: clean(`${title}: state graph (${a.fingerprint})`) };
  const g = MultiDirectedGraph.from<NodeAttrs, EdgeAttrs, Attributes>({ ...graph.export(), attributes: meta });
  return write(g, { version: '1.3', pedantic: true, formatNode, formatEdge });
}
