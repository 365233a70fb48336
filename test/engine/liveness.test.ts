/**
 * Liveness (`p ~> q`) on hand-drawn graphs (test/engine/dgraph.ts): unfair and fair cycles, weak
 * versus strong fairness (with the refinement that removes the states where an untaken strongly
 * fair action is enabled), the implicit stutter at states with no successor, lasso shapes, and
 * `incomplete` (never `holds`) when the graph is not complete.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.js';
import { exitCodeFor, type Outcome } from '../../src/engine/outcome.js';
import type { CompiledModel } from '../../src/model/compile.js';
import { compileModel } from '../../src/model/compile.js';
import { int, struct } from '../../src/model/shape.js';
import { defineModel, type Fairness } from '../../src/model/types.js';
import { buildTrace } from '../../src/trace/trace.js';
import { dgraph, type DGraph } from './dgraph.js';

function run(g: DGraph, opts: Parameters<typeof explore>[1] = {}): { m: CompiledModel; o: Outcome } {
  const m = dgraph(g);
  return { m, o: explore(m, { deadlock: false, ...opts }) };
}

function status(o: Outcome, name = 'live'): string | undefined {
  return o.properties.find((p) => p.name === name)?.status;
}

/** Node numbers along the lasso, and its loop index. */
function lasso(m: CompiledModel, o: Outcome): { nodes: number[]; loop: number | undefined } {
  const v = o.violations.find((x) => x.kind === 'liveness');
  if (v === undefined) throw new Error('no liveness violation');
  const t = buildTrace(m, v);
  if (!t.ok) throw new Error(t.error.message);
  return { nodes: t.value.steps.map((s) => (s.state as { node: number }).node), loop: t.value.loop };
}

const all = (f: Fairness) => () => f;

describe('leadsTo on graph fixtures', () => {
  // 0 -> 1, 1 -> 1, 1 -> 2; p at 0, q at 2.
  const selfLoop: DGraph = { nodes: 3, edges: [[0, 1], [1, 1], [1, 2], [2, 2]], leadsTo: { live: { p: [0], q: [2] } } };

  it('an unfair self-loop violates p ~> q: lasso 0 -> 1 then 1 -> 1 forever, exit 13', () => {
    const { m, o } = run(selfLoop);
    expect(o.verdict).toBe('violation');
    expect(exitCodeFor(o)).toBe(13);
    expect(status(o)).toBe('violated');
    expect(o.violations[0]).toMatchObject({ property: 'live', kind: 'liveness' });
    expect(lasso(m, o)).toEqual({ nodes: [0, 1, 1], loop: 1 });
  });

  it('weak fairness of the exit edge (always enabled on the loop, never taken) makes it hold', () => {
    const { o } = run({ ...selfLoop, fair: (e) => (e === 2 ? 'weak' : undefined) });
    expect(o.verdict).toBe('ok');
    expect(exitCodeFor(o)).toBe(0);
    expect(status(o)).toBe('holds');
  });

  it('a state with no successor stutters: a fair lasso that ends there (loop = last step), even with every action fair', () => {
    const g: DGraph = { nodes: 4, edges: [[0, 1], [1, 3], [2, 2]], init: [0], leadsTo: { live: { p: [0], q: [2] } }, fair: all('weak') };
    const { m, o } = run(g);
    expect(status(o)).toBe('violated');
    expect(lasso(m, o)).toEqual({ nodes: [0, 1, 3], loop: 2 });
  });

  // 0 <-> 1, 1 -> 2 (q): the exit is enabled only at 1.
  const flicker: DGraph = { nodes: 3, edges: [[0, 1], [1, 0], [1, 2], [2, 2]], leadsTo: { live: { p: [0], q: [2] } } };

  it('weak fairness does not force an exit that is disabled at a state of the cycle', () => {
    const { m, o } = run({ ...flicker, fair: all('weak') });
    expect(status(o)).toBe('violated');
    // The cycle visits 0, where the weakly fair exit is disabled.
    expect(lasso(m, o)).toEqual({ nodes: [0, 1, 0], loop: 0 });
  });

  it('strong fairness does: enabled infinitely often, so taken', () => {
    const { o } = run({ ...flicker, fair: (e) => (e === 2 ? 'strong' : 'weak') });
    expect(status(o)).toBe('holds');
  });

  it('strong fairness refinement keeps the sub-cycle where the exit is never enabled', () => {
    // 0 <-> 1, 0 -> 0, 1 -> 2 (q, strongly fair): removing 1 leaves the self-loop at 0.
    const g: DGraph = { nodes: 3, edges: [[0, 1], [1, 0], [0, 0], [1, 2], [2, 2]], leadsTo: { live: { p: [0], q: [2] } }, fair: (e) => (e === 3 ? 'strong' : undefined) };
    const { m, o } = run(g);
    expect(status(o)).toBe('violated');
    expect(lasso(m, o)).toEqual({ nodes: [0, 0], loop: 0 });
  });

  it('the cycle takes a strongly fair action that is taken inside the SCC', () => {
    // SCC {1,2,3}: 1 <-> 2 and 1 <-> 3; 1 -> 3 is strongly fair, the exit 1 -> 4 unfair. The
    // first cycle from 1 would be 1 -> 2 -> 1; the fair one must take 1 -> 3.
    const g: DGraph = {
      nodes: 5,
      edges: [[0, 1], [1, 2], [2, 1], [1, 3], [3, 1], [1, 4], [4, 4]],
      leadsTo: { live: { p: [0], q: [4] } },
      fair: (e) => (e === 3 ? 'strong' : undefined),
    };
    const { m, o } = run(g);
    expect(status(o)).toBe('violated');
    expect(lasso(m, o)).toEqual({ nodes: [0, 1, 3, 1], loop: 1 });
  });

  it('a cycle reachable only through q does not count; nor does one where p never held before', () => {
    // 0 -> 1 (q) -> 2 <-> 3 with p at 0 only: after q, nothing is asked.
    const g: DGraph = { nodes: 4, edges: [[0, 1], [1, 2], [2, 3], [3, 2]], leadsTo: { live: { p: [0], q: [1] } } };
    expect(status(run(g).o)).toBe('holds');
    // p at 3 and q at 2: every cycle through 3 passes 2.
    const h: DGraph = { nodes: 4, edges: [[0, 1], [1, 2], [2, 3], [3, 2]], leadsTo: { live: { p: [3], q: [2] } } };
    expect(status(run(h).o)).toBe('holds');
  });

  it('an incomplete search gives incomplete for the liveness property, never holds', () => {
    const { o } = run({ ...selfLoop, fair: (e) => (e === 2 ? 'weak' : undefined) }, { maxStates: 2 });
    expect(o.verdict).toBe('incomplete');
    expect(status(o)).toBe('incomplete');
    const d = run({ ...selfLoop, edges: [[0, 1], [1, 1], [1, 2]], fair: (e) => (e === 2 ? 'weak' : undefined) }, { deadlock: true });
    // The deadlock at 2 stops the search first (not collecting): the graph is not complete.
    expect(d.o.verdict).toBe('deadlock');
    expect(status(d.o)).toBe('incomplete');
  });

  it('a safety violation and a liveness violation together exit 12 (safety first, as TLC)', () => {
    const { o } = run({ ...selfLoop, invariants: { 'not-2': [2] } }, { collect: true });
    expect(o.violations.map((v) => v.kind).sort()).toEqual(['invariant', 'liveness']);
    expect(exitCodeFor(o)).toBe(12);
  });

  it('DFS, fp64 and workers fall back to a one-thread exact BFS, and say so', () => {
    const { o } = run(selfLoop, { strategy: 'dfs', seen: 'fp64', workers: 2 });
    expect(o.strategy).toBe('bfs');
    expect(o.seen).toBe('exact');
    expect(o.liveness?.notes).toHaveLength(3);
    expect(status(o)).toBe('violated');
  });

  it('a throwing p is an RC011 error with a trace, exit 76, and the property is incomplete', () => {
    const def = defineModel({
      id: 'throws',
      description: 'p throws at node 1',
      params: {},
      propertyNames: ['boom'],
      build: () => ({
        shape: struct({ node: int(0, 1) }),
        init: [{ node: 0 }],
        actions: [{ name: 'go', actor: 'a', enabled: (s: { node: number }) => s.node === 0, apply: (d: { node: number }) => void (d.node = 1) }],
        properties: [
          {
            kind: 'leadsTo' as const,
            name: 'boom',
            description: 'throws',
            p: (s: { node: number }) => {
              if (s.node === 1) throw new Error('bad p');
              return true;
            },
            q: () => false,
          },
        ],
      }),
    });
    const r = compileModel(def, {}, ['boom']);
    if (!r.ok) throw new Error(r.error.message);
    const o = explore(r.value, { deadlock: false });
    expect(o.verdict).toBe('error');
    expect(o.error?.code).toBe('RC011');
    expect(exitCodeFor(o)).toBe(76);
    expect(o.violations[0]).toMatchObject({ property: 'liveness', kind: 'error' });
    expect(status(o, 'boom')).toBe('incomplete');
  });

  it('a search without liveness properties records no graph', () => {
    const o = explore(dgraph({ nodes: 2, edges: [[0, 1], [1, 0]] }));
    expect(o.liveness).toBeUndefined();
  });
});
