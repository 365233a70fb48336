/**
 * Hand-drawn graph models: the engine's test fixture family (after stateright's DGraph).
 *
 * A state is one node number; each edge `[from, to]` is one action (in edge order) enabled at
 * `from` that moves to `to`. Properties name bad nodes (invariants, terminals) or bad edges
 * (transition properties), so a test can draw the exact graph whose verdict, trace and counts it
 * asserts. `throwOn` makes an edge's recipe throw (RC010); `shapeErrorOn` makes it write a node
 * number outside the declared range (RC012).
 */
import { compileModel, type CompiledModel } from '../../src/model/compile.js';
import { int, struct } from '../../src/model/shape.js';
import { defineModel, type ActionDef, type Fairness, type Property } from '../../src/model/types.js';

export interface DGraph {
  nodes: number;
  edges: readonly (readonly [number, number])[];
  init?: readonly number[];
  invariants?: Record<string, readonly number[]>;
  transitions?: Record<string, readonly (readonly [number, number])[]>;
  terminals?: Record<string, readonly number[]>;
  validEnd?: readonly number[];
  throwOn?: number;
  shapeErrorOn?: number;
  /** Actor of each edge (default: `n<from>`). */
  actor?: (edge: number) => string;
  /** Fairness of each edge (each edge is then its own action definition; same ids and labels). */
  fair?: (edge: number) => Fairness | undefined;
  /**
   * Liveness properties `p ~> q`: the nodes where p holds and where q holds; `measure` counts the
   * `tick` edges (latency), `within` bounds them (bounded response).
   */
  leadsTo?: Record<string, { p: readonly number[]; q: readonly number[]; measure?: true; within?: number }>;
  /** Edges whose action is named `tick` instead of `go` (each edge is then its own action definition). */
  tick?: readonly number[];
}

type S = { node: number };

export function dgraph(g: DGraph, only?: readonly string[]): CompiledModel {
  const def = defineModel({
    id: 'dgraph',
    description: 'hand-drawn graph',
    params: {},
    propertyNames: [...Object.keys(g.invariants ?? {}), ...Object.keys(g.transitions ?? {}), ...Object.keys(g.terminals ?? {}), ...Object.keys(g.leadsTo ?? {})],
    build() {
      const shape = struct({ node: int(0, g.nodes - 1) });
      const go: ActionDef<S, number> = {
        name: 'go',
        actor: (e) => (g.actor ? g.actor(e) : `n${g.edges[e][0]}`),
        params: g.edges.map((_, i) => i),
        label: (e) => `${g.edges[e][0]}->${g.edges[e][1]}`,
        enabled: (s, e) => s.node === g.edges[e][0],
        apply: (d, e) => {
          if (e === g.throwOn) throw new Error(`edge ${e} throws`);
          d.node = e === g.shapeErrorOn ? g.nodes + 5 : g.edges[e][1];
        },
      };
      const fair = g.fair;
      const tick = g.tick;
      const actions: ActionDef<S, number>[] =
        fair === undefined && tick === undefined
          ? [go]
          : g.edges.map((_, i) => {
              const f = fair?.(i);
              return { ...go, params: [i], ...(tick?.includes(i) ? { name: 'tick' } : {}), ...(f === undefined ? {} : { fair: f }) };
            });
      const properties: Property<S>[] = [
        ...Object.entries(g.invariants ?? {}).map(
          ([name, bad]): Property<S> => ({
            kind: 'invariant',
            name,
            description: `never at ${bad.join(',')}`,
            holds: (s) => !bad.includes(s.node),
            explain: (s) => `node ${s.node} is bad`,
          }),
        ),
        ...Object.entries(g.transitions ?? {}).map(
          ([name, bad]): Property<S> => ({
            kind: 'transition',
            name,
            description: `never crosses ${bad.map(([a, b]) => `${a}->${b}`).join(',')}`,
            holds: (p, n) => !bad.some(([a, b]) => a === p.node && b === n.node),
          }),
        ),
        ...Object.entries(g.terminals ?? {}).map(
          ([name, bad]): Property<S> => ({
            kind: 'terminal',
            name,
            description: `never ends at ${bad.join(',')}`,
            holds: (s) => !bad.includes(s.node),
          }),
        ),
        ...Object.entries(g.leadsTo ?? {}).map(
          ([name, { p, q, measure, within }]): Property<S> => ({
            kind: 'leadsTo',
            name,
            description: `${p.join(',')} ~> ${q.join(',')}`,
            p: (s) => p.includes(s.node),
            q: (s) => q.includes(s.node),
            ...(measure === true ? { measure: 'tick' } : {}),
            ...(within === undefined ? {} : { within }),
          }),
        ),
      ];
      const valid = g.validEnd;
      return {
        shape,
        init: (g.init ?? [0]).map((node) => ({ node })),
        actions,
        properties,
        ...(valid ? { validEnd: (s: Readonly<S>) => valid.includes(s.node) } : {}),
      };
    },
  });
  const r = compileModel(def, {}, only ?? (g.leadsTo === undefined ? undefined : def.propertyNames));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
