/**
 * Witness paths (src/engine/liveness/witness.ts, latency.ts): the path worstCount returns attains
 * its bound (or goes round a measured cycle when unbounded), and responsePath finds a path with
 * more than K measured steps exactly when the bound exceeds K. Hand-built graphs first, then a
 * brute-force oracle on small random graphs (value iteration over walk lengths, independent of the
 * SCC code).
 */
import { describe, expect, it } from 'vitest';
import { Csr, SccScratch } from '../../src/engine/liveness/graph.js';
import { worstCount, type LatencyBound } from '../../src/engine/liveness/latency.js';
import { joinPaths, responsePath, shortestPath, type IdPath } from '../../src/engine/liveness/witness.js';

type Edge = [number, number, number];
const COUNTED = Uint8Array.from([0, 1]);

function graph(n: number, edges: Edge[]): Csr {
  return new Csr(n, Int32Array.from(edges.flat()), edges.length);
}

/** Every step of `p` is an edge of `g` with that action. */
function isPath(g: Csr, p: IdPath): boolean {
  if (p.actions.length !== p.states.length - 1) return false;
  for (let i = 0; i < p.actions.length; i++) {
    let ok = false;
    for (let e = g.off[p.states[i]]; e < g.off[p.states[i] + 1]; e++) if (g.to[e] === p.states[i + 1] && g.act[e] === p.actions[i]) ok = true;
    if (!ok) return false;
  }
  return true;
}

/** Measured steps taken from region states, counted since the last entry into the region. */
function countSinceEntry(p: IdPath, inR: (s: number) => boolean): number {
  let c = 0;
  for (let i = 0; i < p.actions.length; i++) c = inR(p.states[i]) ? c + COUNTED[p.actions[i]] : 0;
  return c;
}

/** Check worstCount's witness against its own answer; returns the answer. */
function checkedWorst(g: Csr, inR: (s: number) => boolean): LatencyBound {
  const r = worstCount(g, inR, COUNTED, new SccScratch(g.n));
  const p = r.path;
  if (p.states.length === 0) return r;
  expect(isPath(g, p)).toBe(true);
  if ('bound' in r) {
    // Inside the region except perhaps the last state, with exactly `bound` measured steps.
    for (let i = 0; i < p.states.length - 1; i++) expect(inR(p.states[i])).toBe(true);
    expect(countSinceEntry(p, inR)).toBe(r.bound);
  } else {
    const [a, b] = r.cycle;
    expect(p.states[a]).toBe(p.states[b]);
    expect(b).toBeGreaterThan(a);
    for (let i = a; i <= b; i++) expect(inR(p.states[i])).toBe(true);
    expect(p.actions.slice(a, b).some((x) => COUNTED[x] === 1)).toBe(true);
  }
  return r;
}

describe('worstCount witness paths (hand-built)', () => {
  it('follows the longer branch to the exit', () => {
    // 0 -m-> 1 -m-> 3 (out), 0 -> 2 -m-> 3
    const g = graph(4, [[0, 1, 1], [1, 1, 3], [0, 0, 2], [2, 1, 3]]);
    const r = checkedWorst(g, (s) => s < 3);
    expect(r).toEqual({ bound: 2, path: { states: [0, 1, 3], actions: [1, 1] } });
  });
  it('crosses an unmeasured cycle inside a component to the source of its best edge', () => {
    // 0 <-> 1 unmeasured, 1 -m-> 2 -m-> 3 (out)
    const g = graph(4, [[0, 0, 1], [1, 0, 0], [1, 1, 2], [2, 1, 3]]);
    expect(checkedWorst(g, (s) => s < 3)).toEqual({ bound: 2, path: { states: [0, 1, 2, 3], actions: [0, 1, 1] } });
  });
  it('an unbounded answer goes round the measured cycle, then out', () => {
    const g = graph(3, [[0, 1, 1], [1, 0, 0], [1, 0, 2]]);
    const r = checkedWorst(g, (s) => s < 2);
    expect(r).toMatchObject({ unbounded: 'cycle', cycle: [0, 2], path: { states: [0, 1, 0, 1, 2], actions: [1, 0, 1, 0] } });
  });
  it('a self-loop with a measured step, and an empty region', () => {
    const g = graph(2, [[0, 1, 0], [0, 0, 1]]);
    expect(checkedWorst(g, (s) => s === 0)).toMatchObject({ unbounded: 'cycle', size: 1, cycle: [0, 1], path: { states: [0, 0, 1] } });
    expect(checkedWorst(g, () => false)).toEqual({ bound: 0, path: { states: [], actions: [] } });
  });
  it('a region with no exit ends the path where the count is reached', () => {
    // 0 -m-> 1 -> 2 <-> 1 (unmeasured): all inside
    const g = graph(3, [[0, 1, 1], [1, 0, 2], [2, 0, 1]]);
    expect(checkedWorst(g, () => true)).toEqual({ bound: 1, path: { states: [0, 1], actions: [1] } });
  });
});

describe('responsePath (hand-built)', () => {
  // 5 -> 0 (entry) -m-> 1 -m-> 2 -m-> 3 (out); 0 -> 4 -m-> 3
  const g = graph(6, [[5, 0, 0], [0, 1, 1], [1, 1, 2], [2, 1, 3], [0, 0, 4], [4, 1, 3]]);
  const inR = (s: number): boolean => s <= 2 || s === 4;
  it('counts the measured step that leaves the region', () => {
    expect(checkedWorst(g, inR)).toMatchObject({ bound: 3 });
    expect(responsePath(g, [5], inR, COUNTED, 3)).toBeNull();
    expect(responsePath(g, [5], inR, COUNTED, 2)).toEqual({ states: [5, 0, 1, 2, 3], actions: [0, 1, 1, 1] });
    expect(responsePath(g, [5], inR, COUNTED, 1)).toEqual({ states: [5, 0, 1, 2], actions: [0, 1, 1] });
    expect(responsePath(g, [5], inR, COUNTED, 0)).toEqual({ states: [5, 0, 1], actions: [0, 1] });
  });
  it('the count restarts on re-entry into the region', () => {
    // 0 -m-> 1 (out) -> 0 -m-> 1 ...: never more than one measured step per visit
    const h = graph(2, [[0, 1, 1], [1, 0, 0]]);
    expect(responsePath(h, [0], (s) => s === 0, COUNTED, 1)).toBeNull();
    expect(responsePath(h, [0], (s) => s === 0, COUNTED, 0)).toEqual({ states: [0, 1], actions: [1] });
  });
  it('shortestPath and joinPaths', () => {
    const p = shortestPath(g, 5, (s) => s === 3, () => true);
    expect(p).toEqual({ states: [5, 0, 4, 3], actions: [0, 0, 1] });
    expect(shortestPath(g, 3, (s) => s === 5, () => true)).toBeNull();
    expect(joinPaths({ states: [5, 0], actions: [0] }, { states: [0, 1], actions: [1] })).toEqual({ states: [5, 0, 1], actions: [0, 1] });
  });
});

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The oracle: f_L(s) = the most measured steps on a walk of at most L edges from s inside the
 * region (the last edge may leave it). Bounded answers are at most n (one per component), so
 * after n * n + n rounds a value above n means unbounded.
 */
function oracle(n: number, edges: Edge[], inR: (s: number) => boolean): number | 'unbounded' {
  let f = new Array<number>(n).fill(0);
  for (let round = 0; round < n * n + n + 2; round++) {
    const next = f.slice();
    for (const [a, act, b] of edges) {
      if (!inR(a)) continue;
      const v = COUNTED[act] + (inR(b) ? f[b] : 0);
      if (v > next[a]) next[a] = v;
    }
    f = next;
  }
  let m = 0;
  for (let s = 0; s < n; s++) if (inR(s) && f[s] > m) m = f[s];
  return m > n ? 'unbounded' : m;
}

/** Does some walk of at most `len` edges, from any state, take more than K measured steps since its last entry into the region? */
function shortestBrute(g: Csr, inR: (s: number) => boolean, K: number, len: number): boolean {
  const walk = (v: number, c: number, left: number): boolean => {
    if (left === 0) return false;
    for (let e = g.off[v]; e < g.off[v + 1]; e++) {
      const c2 = inR(v) ? c + COUNTED[g.act[e]] : 0;
      if (c2 > K) return true;
      if (walk(g.to[e], inR(g.to[e]) ? c2 : 0, left - 1)) return true;
    }
    return false;
  };
  for (let s = 0; s < g.n; s++) if (walk(s, 0, len)) return true;
  return false;
}

describe('witness paths on random graphs (brute force)', () => {
  it('the path attains the bound, and responsePath exists exactly when the bound exceeds K', () => {
    const next = rng(14);
    let bounded = 0;
    let unbounded = 0;
    for (let t = 0; t < 400; t++) {
      const n = 1 + Math.floor(next() * 6);
      const m = Math.floor(next() * 2.5 * n);
      const edges: Edge[] = [];
      for (let k = 0; k < m; k++) edges.push([Math.floor(next() * n), next() < 0.5 ? 1 : 0, Math.floor(next() * n)]);
      const region = Array.from({ length: n }, () => next() < 0.7);
      const inR = (s: number): boolean => region[s];
      const g = graph(n, edges);
      const r = checkedWorst(g, inR);
      const want = oracle(n, edges, inR);
      expect('bound' in r ? r.bound : 'unbounded').toBe(want);
      if (want === 'unbounded') unbounded++;
      else bounded++;
      const all = Array.from({ length: n }, (_, s) => s);
      for (let K = 0; K <= 3; K++) {
        const p = responsePath(g, all, inR, COUNTED, K);
        expect(p !== null).toBe(want === 'unbounded' || want > K);
        if (p !== null) {
          expect(isPath(g, p)).toBe(true);
          expect(countSinceEntry(p, inR)).toBe(K + 1);
          // Shortest: no walk with fewer edges gets there (exhaustive for short paths).
          if (p.actions.length <= 7) expect(shortestBrute(g, inR, K, p.actions.length - 1)).toBe(false);
        }
      }
    }
    expect(bounded).toBeGreaterThan(50);
    expect(unbounded).toBeGreaterThan(50);
  });
});
