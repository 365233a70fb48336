/**
 * The explorer on hand-drawn graphs (test/engine/dgraph.ts): BFS shortest traces, DFS depth
 * bounds, transition and terminal properties, collect mode, deadlocks, limits (always
 * `incomplete`, never `ok`), and model errors as `error` outcomes with a trace.
 */
import { describe, expect, it } from 'vitest';
import { explore, exploreAsync } from '../../src/engine/explore.js';
import { exitCodeFor } from '../../src/engine/outcome.js';
import type { Outcome } from '../../src/engine/outcome.js';
import type { CompiledModel } from '../../src/model/compile.js';
import { replayPath } from '../../src/trace/replay.js';
import { dgraph } from './dgraph.js';

/** Replay a violation's path and return the node numbers along it. */
function nodesOf(m: CompiledModel, o: Outcome, i = 0): number[] {
  const v = o.violations[i];
  const r = replayPath(m, v.trace);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.map((s) => (s.state as { node: number }).node);
}

/** A chain 0 -> 1 -> ... -> n-1 whose last node is a valid end. */
function chain(n: number): CompiledModel {
  return dgraph({
    nodes: n,
    edges: Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as const),
    validEnd: [n - 1],
  });
}

describe('BFS and DFS on a graph with a short and a long path to a bad node', () => {
  // 0 -> 4 -> 6 (short, edges listed first) and 0 -> 1 -> 2 -> 3 -> 6 (long); 6 is bad.
  const g = dgraph({
    nodes: 7,
    edges: [
      [0, 4],
      [4, 6],
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 6],
      [6, 0],
      [5, 5],
    ],
    invariants: { 'not-6': [6] },
  });

  it('BFS finds the shortest trace (2 steps), which replays to node 6', () => {
    const o = explore(g, { strategy: 'bfs' });
    expect(o.verdict).toBe('violation');
    expect(exitCodeFor(o)).toBe(12);
    expect(o.violations).toHaveLength(1);
    expect(o.violations[0]).toMatchObject({ property: 'not-6', kind: 'invariant' });
    expect(o.violations[0].trace.actions).toEqual([0, 1]);
    expect(nodesOf(g, o)).toEqual([0, 4, 6]);
    expect(o.properties).toEqual([{ name: 'not-6', kind: 'invariant', status: 'violated' }, { name: 'deadlock', kind: 'deadlock', status: 'incomplete' }]);
  });

  it('DFS (explicit stack, last pushed first) takes the long path: 4 steps', () => {
    const o = explore(g, { strategy: 'dfs' });
    expect(o.verdict).toBe('violation');
    expect(nodesOf(g, o)).toEqual([0, 1, 2, 3, 6]);
  });

  it('without the invariant, BFS and DFS both see nodes 0..4 and 6, and 7 of the 8 edges fire', () => {
    const h = dgraph({ nodes: 7, edges: [[0, 4], [4, 6], [0, 1], [1, 2], [2, 3], [3, 6], [6, 0], [5, 5]] });
    for (const strategy of ['bfs', 'dfs'] as const) {
      const o = explore(h, { strategy });
      expect(o.verdict).toBe('ok');
      // Node 5 is unreachable, so its self-loop never fires and is listed.
      expect(o.stats).toMatchObject({ distinct: 6, generated: 7 });
      expect(o.neverFired).toEqual(['go [5->5]']);
      expect(o.coverage.map((c) => c.count)).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    }
  });
});

describe('depth bound', () => {
  it('DFS with maxDepth 3 on a 10-node chain stops at depth 3: incomplete, never ok', () => {
    const o = explore(chain(10), { strategy: 'dfs', maxDepth: 3 });
    expect(o.verdict).toBe('incomplete');
    expect(exitCodeFor(o)).toBe(152);
    expect(o.stats.maxDepth).toBe(3);
    expect(o.stats.distinct).toBe(4);
    expect(o.incompleteReason).toMatch(/depth limit 3/);
  });

  it('a depth bound that cuts nothing leaves the verdict ok', () => {
    const o = explore(chain(4), { strategy: 'dfs', maxDepth: 3 });
    expect(o.verdict).toBe('ok');
    expect(o.stats.maxDepth).toBe(3);
  });

  it('BFS with maxDepth gives incomplete too', () => {
    const o = explore(chain(10), { strategy: 'bfs', maxDepth: 5 });
    expect(o.verdict).toBe('incomplete');
    expect(o.stats.maxDepth).toBe(5);
  });
});

describe('limits end a run with incomplete and its statistics', () => {
  it('maxStates', () => {
    const o = explore(chain(100), { maxStates: 5 });
    expect(o.verdict).toBe('incomplete');
    expect(o.incompleteReason).toMatch(/state limit 5/);
    expect(o.stats.distinct).toBeGreaterThanOrEqual(5);
    expect(o.stats.distinct).toBeLessThan(100);
    expect(o.properties.find((p) => p.name === 'deadlock')?.status).toBe('incomplete');
  });

  it('timeoutMs with an injected clock (each reading advances 1000 ms)', () => {
    let t = 0;
    const now = (): number => (t += 1000);
    const o = explore(chain(100), { timeoutMs: 5000, tickEvery: 1, now });
    expect(o.verdict).toBe('incomplete');
    expect(o.incompleteReason).toMatch(/time limit 5s/);
    expect(o.stats.distinct).toBeLessThan(100);
  });

  it('a time limit that is never reached does not matter', () => {
    const o = explore(chain(100), { timeoutMs: 1e9, tickEvery: 1, now: () => 0 });
    expect(o.verdict).toBe('ok');
    expect(o.stats.distinct).toBe(100);
  });

  it('maxMemoryMB', () => {
    const o = explore(chain(100), { maxMemoryMB: 0.01, tickEvery: 1 });
    expect(o.verdict).toBe('incomplete');
    expect(o.incompleteReason).toMatch(/memory limit 0.01 MB/);
  });

  it('an abort (exploreAsync signal) is incomplete', async () => {
    const o = await exploreAsync(chain(100), { tickEvery: 1 }, { aborted: true, reason: 'SIGINT' });
    expect(o.verdict).toBe('incomplete');
    expect(o.incompleteReason).toMatch(/aborted \(SIGINT\)/);
  });

  it('onProgress is called every tickEvery expansions', () => {
    const seen: number[] = [];
    explore(chain(10), { tickEvery: 3, onProgress: (p) => seen.push(p.distinct) });
    expect(seen).toEqual([4, 7, 10]);
  });
});

describe('transition (action) properties are checked on every edge', () => {
  // 0 -> 1 -> 2 -> 0; crossing 1 -> 2 is forbidden.
  const g = dgraph({
    nodes: 3,
    edges: [
      [0, 1],
      [1, 2],
      [2, 0],
    ],
    transitions: { 'no-1-2': [[1, 2]] },
  });
  it('the violating edge ends the trace, and the trace replays', () => {
    const o = explore(g);
    expect(o.verdict).toBe('violation');
    expect(o.violations[0]).toMatchObject({ property: 'no-1-2', kind: 'transition' });
    expect(o.violations[0].trace.actions).toEqual([0, 1]);
    expect(o.violations[0].trace.expected).toHaveLength(3);
    expect(nodesOf(g, o)).toEqual([0, 1, 2]);
  });

  it('is checked on edges to already-seen states too', () => {
    // 0 -> 1, 0 -> 2, 1 -> 2 (2 is seen when 1 -> 2 is taken); 1 -> 2 is forbidden.
    const h = dgraph({ nodes: 3, edges: [[0, 1], [0, 2], [1, 2], [2, 2]], transitions: { 'no-1-2': [[1, 2]] } });
    const o = explore(h);
    expect(o.verdict).toBe('violation');
    expect(nodesOf(h, o)).toEqual([0, 1, 2]);
  });
});

describe('terminal properties and deadlocks', () => {
  it('a terminal property is checked on states with no enabled action', () => {
    const g = dgraph({ nodes: 3, edges: [[0, 1], [0, 2]], terminals: { 'not-at-2': [2] }, validEnd: [1, 2] });
    const o = explore(g);
    expect(o.verdict).toBe('violation');
    expect(o.violations[0]).toMatchObject({ property: 'not-at-2', kind: 'terminal' });
    expect(nodesOf(g, o)).toEqual([0, 2]);
  });

  it('a state with no enabled action that is not a valid end is a deadlock (exit 11)', () => {
    const g = dgraph({ nodes: 3, edges: [[0, 1], [1, 2]] });
    const o = explore(g);
    expect(o.verdict).toBe('deadlock');
    expect(exitCodeFor(o)).toBe(11);
    expect(o.violations[0]).toMatchObject({ property: 'deadlock', kind: 'deadlock' });
    expect(nodesOf(g, o)).toEqual([0, 1, 2]);
  });

  it('deadlock: false explores past it', () => {
    const g = dgraph({ nodes: 3, edges: [[0, 1], [1, 2]] });
    const o = explore(g, { deadlock: false });
    expect(o.verdict).toBe('ok');
    expect(o.properties).toEqual([]);
  });
});

describe('collect mode records the first violation of each property and keeps searching', () => {
  // 0 -> 1 -> 2 -> 0 and 0 -> 3 -> 4 -> 2; 2 and 4 are bad, 3 -> 4 is a bad edge, 5 unreachable.
  const spec = {
    nodes: 6,
    edges: [
      [0, 1],
      [1, 2],
      [2, 0],
      [0, 3],
      [3, 4],
      [4, 2],
      [5, 5],
    ] as const,
    invariants: { A: [2], B: [4], C: [5] },
    transitions: { T: [[3, 4]] as const },
  };
  it('in order found, each a shortest trace; the unviolated property holds', () => {
    const g = dgraph(spec);
    const o = explore(g, { collect: true });
    expect(o.verdict).toBe('violation');
    expect(o.violations.map((v) => v.property)).toEqual(['A', 'T', 'B']);
    expect(nodesOf(g, o, 0)).toEqual([0, 1, 2]);
    expect(nodesOf(g, o, 1)).toEqual([0, 3, 4]);
    expect(nodesOf(g, o, 2)).toEqual([0, 3, 4]);
    expect(o.properties.map((p) => `${p.name}:${p.status}`)).toEqual(['A:violated', 'B:violated', 'C:holds', 'T:violated', 'deadlock:holds']);
    // The whole graph was still explored.
    expect(o.stats.distinct).toBe(5);
  });
  it('a state that breaks two invariants (and an edge that breaks two transitions) is the shortest counterexample of each', () => {
    // 0 -> 1 -> 2 -> 3: 2 breaks A and B, 3 breaks B again; the edge 1 -> 2 breaks T and U.
    const g = dgraph({ nodes: 4, edges: [[0, 1], [1, 2], [2, 3]], invariants: { A: [2], B: [2, 3] }, transitions: { T: [[1, 2]], U: [[1, 2]] }, validEnd: [3] });
    const o = explore(g, { collect: true });
    expect(o.violations.map((v) => v.property).sort()).toEqual(['A', 'B', 'T', 'U']);
    for (let i = 0; i < 4; i++) expect(nodesOf(g, o, i), o.violations[i].property).toEqual([0, 1, 2]);
  });
  it('without collect the search stops at the first', () => {
    const o = explore(dgraph(spec));
    expect(o.violations.map((v) => v.property)).toEqual(['A']);
    expect(o.properties.map((p) => `${p.name}:${p.status}`)).toEqual(['A:violated', 'B:incomplete', 'C:incomplete', 'T:incomplete', 'deadlock:incomplete']);
  });
});

describe('model errors become error outcomes with a trace', () => {
  it('a recipe that throws: RC010, exit 75, the trace ends with the throwing action', () => {
    const g = dgraph({ nodes: 3, edges: [[0, 1], [1, 2]], throwOn: 1, validEnd: [2] });
    const o = explore(g);
    expect(o.verdict).toBe('error');
    expect(o.error?.code).toBe('RC010');
    expect(o.error?.message).toMatch(/action go \[1->2\].*edge 1 throws/);
    expect(exitCodeFor(o)).toBe(75);
    const v = o.violations[0];
    expect(v).toMatchObject({ property: 'model-error', kind: 'error' });
    expect(v.trace.actions).toEqual([0, 1]);
    // The path up to the throwing action replays.
    const r = replayPath(g, { init: v.trace.init, actions: v.trace.actions.slice(0, -1), expected: v.trace.expected });
    expect(r.ok && r.value.map((s) => (s.state as { node: number }).node)).toEqual([0, 1]);
  });

  it('successors generated before a throw are still counted, as one at a time', () => {
    // Edges from 0 in order: 0->1, 0->2 (throws). 1 is inserted before the throw.
    const g = dgraph({ nodes: 3, edges: [[0, 1], [0, 2]], throwOn: 1, validEnd: [1, 2] });
    const o = explore(g);
    expect(o.error?.code).toBe('RC010');
    expect(o.stats).toMatchObject({ distinct: 2, generated: 1 });
  });

  it('a value outside its declared range: ShapeError, RC012', () => {
    const g = dgraph({ nodes: 3, edges: [[0, 1], [1, 2]], shapeErrorOn: 1, validEnd: [2] });
    const o = explore(g);
    expect(o.verdict).toBe('error');
    expect(o.error?.code).toBe('RC012');
    expect(o.error?.message).toMatch(/ShapeError: node: 8 does not fit int\(0, 2\)/);
    expect(exitCodeFor(o)).toBe(75);
    expect(o.violations[0].trace.actions).toEqual([0, 1]);
  });

  it('a property that throws: RC011, exit 76', () => {
    const g = dgraph({ nodes: 2, edges: [[0, 1]], validEnd: [1] });
    const bad = { ...g, invariants: [{ kind: 'invariant' as const, name: 'boom', description: 'throws', holds: (): boolean => { throw new Error('boom'); } }] };
    const o = explore(bad);
    expect(o.verdict).toBe('error');
    expect(o.error?.code).toBe('RC011');
    expect(exitCodeFor(o)).toBe(76);
  });
});

describe('several initial states', () => {
  it('each is explored and a trace starts from the right one', () => {
    const g = dgraph({ nodes: 4, edges: [[0, 1], [2, 3]], init: [0, 2], invariants: { 'not-3': [3] }, validEnd: [1, 3] });
    const o = explore(g);
    expect(o.verdict).toBe('violation');
    expect(o.violations[0].trace.init).toBe(1);
    expect(nodesOf(g, o)).toEqual([2, 3]);
  });
});
