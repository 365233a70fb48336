/**
 * The parallel search's self-check on fixtures: with workers, every outcome (verdict, counts,
 * coverage, property statuses, every counterexample's path) equals the one-worker search's.
 * `inThreadHost` runs the whole slot path (records, flagged states, slot boundaries, the
 * search expanding slots while it waits) in this thread, so hand-drawn and random graphs can be
 * compared; test/check/parallel-plan.test.ts does the same with real worker threads on the
 * proof plan's entries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore, type ExploreOptions } from '../../src/engine/explore.js';
import { inThreadHost } from '../../src/engine/expander.js';
import type { Outcome } from '../../src/engine/outcome.js';
import { comparable } from './comparable.js';
import { buildModel, type CompiledModel } from '../../src/model/compile.js';
import { findModel } from '../../models/index.js';
import { dgraph, type DGraph } from './dgraph.js';


function both(m: CompiledModel, opts: ExploreOptions, slotSizes?: ExploreOptions['slotSizes']): { one: Outcome; many: Outcome } {
  const one = explore(m, opts);
  const many = explore(m, { ...opts, workers: 2, expanderHost: inThreadHost, waitForWorkers: true, slotSizes });
  return { one, many };
}

describe('with workers, a search gives exactly the one-worker outcome', () => {
  const spec: DGraph = {
    nodes: 8,
    edges: [
      [0, 4],
      [4, 6],
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 6],
      [6, 0],
      [5, 5],
      [6, 7],
    ],
    invariants: { 'not-6': [6], 'not-3': [3] },
    transitions: { 'no-2-3': [[2, 3]] },
    terminals: { 'not-7': [7] },
  };
  const g = dgraph(spec);

  it('on a graph with invariant, transition and terminal violations, in collect mode and not', () => {
    for (const collect of [false, true]) {
      const { one, many } = both(g, { collect });
      expect(comparable(many)).toEqual(comparable(one));
      expect(many.parallel?.expandedInSlots).toBeGreaterThan(0);
    }
    expect(both(g, { collect: true }).one.violations.map((v) => v.property).sort()).toEqual(['deadlock', 'no-2-3', 'not-3', 'not-6', 'not-7']);
  });

  it('when model code throws (RC010) and when a recipe writes outside the shape (RC012)', () => {
    for (const extra of [{ throwOn: 3 }, { shapeErrorOn: 4 }]) {
      const { one, many } = both(dgraph({ ...spec, ...extra }), { collect: true });
      expect(one.verdict).toBe('error');
      expect(comparable(many)).toEqual(comparable(one));
    }
  });

  it('at state and depth limits (incomplete, with the same counts)', () => {
    for (const opts of [{ maxStates: 4 }, { maxDepth: 2 }, { maxDepth: 2, collect: true }]) {
      const { one, many } = both(g, opts);
      expect(one.verdict === 'incomplete' || one.verdict === 'violation').toBe(true);
      expect(comparable(many)).toEqual(comparable(one));
    }
  });

  it('on philosophers n=6 and Peterson n=3 (mutated too) with one-state slots of one state\'s room', () => {
    for (const [id, params] of [
      ['philosophers', { n: 6 }],
      ['peterson', { n: 3 }],
      ['peterson', { n: 3, mutate: 1 }],
    ] as const) {
      const def = findModel(id);
      if (def === undefined) throw new Error(id);
      const built = buildModel(def, params);
      if (!built.ok) throw new Error(built.error.message);
      for (const sizes of [undefined, { states: 3, records: 1 }]) {
        const { one, many } = both(built.value, { collect: true }, sizes);
        expect(comparable(many)).toEqual(comparable(one));
      }
    }
  });

  it('on random graphs with random properties, exceptions and limits (fast-check)', () => {
    const edge = (n: number) => fc.tuple(fc.nat(n - 1), fc.nat(n - 1)).map(([a, b]) => [a, b] as const);
    const arb = fc.integer({ min: 2, max: 9 }).chain((n) =>
      fc.record({
        nodes: fc.constant(n),
        edges: fc.array(edge(n), { minLength: 1, maxLength: 20 }),
        init: fc.uniqueArray(fc.nat(n - 1), { minLength: 1, maxLength: 2 }),
        bad: fc.uniqueArray(fc.nat(n - 1), { maxLength: 2 }),
        badEdge: fc.array(edge(n), { maxLength: 2 }),
        badEnd: fc.uniqueArray(fc.nat(n - 1), { maxLength: 2 }),
        throwOn: fc.option(fc.nat(19), { nil: undefined }),
        collect: fc.boolean(),
        deadlock: fc.boolean(),
        maxStates: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
        maxDepth: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
        states: fc.integer({ min: 1, max: 4 }),
      }),
    );
    fc.assert(
      fc.property(arb, (r) => {
        const spec: DGraph = {
          nodes: r.nodes,
          edges: r.edges,
          init: r.init,
          invariants: r.bad.length > 0 ? { bad: r.bad } : {},
          transitions: r.badEdge.length > 0 ? { 'bad-edge': r.badEdge } : {},
          terminals: r.badEnd.length > 0 ? { 'bad-end': r.badEnd } : {},
          throwOn: r.throwOn,
        };
        const { one, many } = both(dgraph(spec), { collect: r.collect, deadlock: r.deadlock, maxStates: r.maxStates, maxDepth: r.maxDepth }, { states: r.states, records: 1 });
        expect(comparable(many)).toEqual(comparable(one));
      }),
      { numRuns: 300, seed: 20261202 },
    );
  });
});
