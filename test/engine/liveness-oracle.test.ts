/**
 * Liveness against a brute-force oracle (fast-check, fixed seed): on random small graphs with
 * random weak/strong fairness per edge and random p and q, `p ~> q` fails exactly when some
 * reachable p-and-not-q state reaches, inside not-q, a set S of not-q states that is strongly
 * connected (a real cycle, or one state with no successor: the stutter) and fair (every weakly
 * fair action taken inside S or disabled somewhere in S, every strongly fair action taken inside
 * S or disabled everywhere in S): a fair behaviour can then visit exactly S forever. The oracle
 * tries every subset; every lasso the engine reports is also confirmed on replay (lasso.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.js';
import type { Fairness } from '../../src/model/types.js';
import { replayPath } from '../../src/trace/replay.js';
import { confirmLasso } from '../../src/trace/lasso.js';
import { dgraph } from './dgraph.js';

interface G {
  nodes: number;
  edges: [number, number][];
  fair: (Fairness | undefined)[];
  p: number[];
  q: number[];
}

function oracle(g: G): boolean {
  const n = g.nodes;
  const reach = new Set([0]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [a, b] of g.edges) {
      if (reach.has(a) && !reach.has(b)) {
        reach.add(b);
        changed = true;
      }
    }
  }
  const notQ = (s: number) => !g.q.includes(s);
  const out = (s: number) => g.edges.filter(([a]) => a === s);
  for (let mask = 1; mask < 1 << n; mask++) {
    const S = Array.from({ length: n }, (_, i) => i).filter((i) => (mask >> i) & 1);
    if (!S.every(notQ)) continue;
    const inS = (s: number) => ((mask >> s) & 1) === 1;
    // Strongly connected inside S?
    const from = (s: number): Set<number> => {
      const r = new Set([s]);
      for (let ch = true; ch; ) {
        ch = false;
        for (const [a, b] of g.edges) {
          if (r.has(a) && inS(b) && !r.has(b)) {
            r.add(b);
            ch = true;
          }
        }
      }
      return r;
    };
    if (!S.every((s) => S.every((t) => from(s).has(t)))) continue;
    if (S.length === 1) {
      const s = S[0];
      const loops = g.edges.some(([a, b]) => a === s && b === s);
      if (!loops && out(s).length > 0) continue;
    }
    let fair = true;
    g.edges.forEach(([a, b], e) => {
      const f = g.fair[e];
      if (f === undefined || !inS(a)) return;
      const taken = inS(b);
      if (taken) return;
      if (f === 'strong') fair = false;
      else if (S.length === 1) fair = false; // enabled at every state of S (it is only enabled at a)
    });
    if (!fair) continue;
    // Some reachable p-and-not-q state reaching S inside not-q?
    for (const s0 of reach) {
      if (!g.p.includes(s0) || !notQ(s0)) continue;
      const r = new Set([s0]);
      for (let ch = true; ch; ) {
        ch = false;
        for (const [a, b] of g.edges) {
          if (r.has(a) && notQ(b) && !r.has(b)) {
            r.add(b);
            ch = true;
          }
        }
      }
      if (S.some((t) => r.has(t))) return false;
    }
  }
  return true;
}

const graphs = fc
  .integer({ min: 1, max: 6 })
  .chain((nodes) =>
    fc.record({
      nodes: fc.constant(nodes),
      edges: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: nodes - 1 }), fc.integer({ min: 0, max: nodes - 1 })), {
        maxLength: 12,
        selector: ([a, b]) => `${a}-${b}`,
      }),
      fair: fc.array(fc.constantFrom<Fairness | undefined>(undefined, 'weak', 'strong'), { minLength: 12, maxLength: 12 }),
      p: fc.subarray(Array.from({ length: nodes }, (_, i) => i)),
      q: fc.subarray(Array.from({ length: nodes }, (_, i) => i)),
    }),
  );

describe('leadsTo against a brute-force oracle', () => {
  it('agrees on random graphs with weak and strong fairness, and every lasso confirms on replay', () => {
    const seen = { holds: 0, violated: 0 };
    fc.assert(
      fc.property(graphs, (g) => {
        const m = dgraph({
          nodes: g.nodes,
          edges: g.edges,
          fair: (e) => g.fair[e],
          leadsTo: { live: { p: g.p, q: g.q } },
        });
        const o = explore(m, { deadlock: false });
        const status = o.properties.find((x) => x.name === 'live')?.status;
        const want = oracle(g) ? 'holds' : 'violated';
        expect(status).toBe(want);
        seen[want]++;
        const v = o.violations.find((x) => x.kind === 'liveness');
        if (v !== undefined) {
          const r = replayPath(m, v.trace);
          if (!r.ok) throw new Error(r.error.message);
          const c = confirmLasso(m, r.value, { property: 'live', instance: 0, loop: v.trace.loop ?? -1, pIndex: v.trace.pIndex ?? -1 });
          if (!c.ok) throw new Error(c.error.message);
        }
      }),
      { seed: 1414, numRuns: 600 },
    );
    // Both verdicts occur often enough for the agreement to mean something.
    expect(seen.holds).toBeGreaterThan(100);
    expect(seen.violated).toBeGreaterThan(100);
  });
});
