/**
 * Worst-case latency of a `leadsTo` instance that holds: the largest number of steps of one
 * measured action (`LeadsTo.measure`, for kvfree `G grace period ends`) on a path of the recorded
 * graph that stays in the p-and-not-q region, from entering it to leaving it (q), or `unbounded`.
 *
 * Method: SCCs of the region (graph.ts, Tarjan, emitted sinks first), then the longest path over
 * the DAG of components counting measured edges (each component's value is the best over its
 * out-edges, a measured edge counting 1, a target outside the region 0). A component with an
 * internal measured edge makes the count unbounded: a path may go round it any number of times and
 * then leave (if the component is fair the run may even stay; either way no bound exists). The
 * region is closed under successors except through q for the kvfree use (p = accepted and q = freed
 * are both stable), so the maximum over the region is the maximum over its entry states. Paths
 * into unfair components that never leave them are not fair behaviours; they add nothing to the
 * bound, since only edges leaving a component contribute.
 *
 * The answer carries the path that attains it (see LatencyBound; check.ts makes it a trace), built
 * from each component's best out-edge with shortest paths inside components (witness.ts).
 *
 * Why this file exists: reclaim latency in grace periods (issue #14) is a property of the whole
 * graph, computed once after the search, next to the fair-cycle check that shares the graph.
 *
 * What it must not do: run on a violated instance (its answer there is "never": the lasso says
 * it), know about kvfree, or build traces.
 */
import { Csr, SccScratch, sccs } from './graph.js';
import { joinPaths, shortestPath, type IdPath } from './witness.js';

/**
 * The count, and a path inside the region that attains it (from its first state, the lowest-id
 * state of the worst component, to the first state outside the region, or to where it ends).
 * An empty region gives bound 0 and an empty path (no witness).
 * Unbounded: `path` goes once round a cycle with a measured edge (states `cycle[0]..cycle[1]` of
 * the path, the same state) and then, where it can, out of the region.
 */
export type LatencyBound = { bound: number; path: IdPath } | { unbounded: 'cycle'; state: number; size: number; path: IdPath; cycle: [number, number] };

/**
 * The worst count of `counted` action edges on a path inside the states with `inRegion(s)`.
 * `counted[a]` is 1 for a measured action id.
 */
export function worstCount(g: Csr, inRegion: (s: number) => boolean, counted: Uint8Array, scratch: SccScratch): LatencyBound {
  const member = new Int32Array(g.n);
  const roots: number[] = [];
  for (let s = 0; s < g.n; s++) {
    if (inRegion(s)) {
      member[s] = 1;
      roots.push(s);
    }
  }
  if (roots.length === 0) return { bound: 0, path: { states: [], actions: [] } };
  const comps = sccs(g, roots, member, 1, scratch);
  const compOf = new Int32Array(g.n).fill(-1);
  comps.forEach((c, i) => {
    for (const s of c) compOf[s] = i;
  });
  const best = new Int32Array(comps.length);
  /** The edge (index into g.to) leaving component i that attains best[i], or -1 (no edge leaves it). */
  const bestEdge = new Int32Array(comps.length).fill(-1);
  const bestSrc = new Int32Array(comps.length).fill(-1);
  const inComp = (i: number) => (s: number) => member[s] === 1 && compOf[s] === i;
  let worst = 0;
  let worstComp = 0;
  for (let i = 0; i < comps.length; i++) {
    let b = -1;
    for (const v of comps[i]) {
      for (let e = g.off[v]; e < g.off[v + 1]; e++) {
        const w = g.to[e];
        const c = counted[g.act[e]];
        if (member[w] === 1 && compOf[w] === i) {
          if (c === 1) return unboundedAt(g, comps[i], v, e, inComp(i), (s) => member[s] === 1);
          continue;
        }
        const via = c + (member[w] === 1 ? best[compOf[w]] : 0);
        if (via > b) {
          b = via;
          bestEdge[i] = e;
          bestSrc[i] = v;
        }
      }
    }
    best[i] = Math.max(b, 0);
    if (best[i] > worst || i === 0) {
      worst = best[i];
      worstComp = i;
    }
  }
  // The attaining path: from the worst component's lowest-id state, inside each component to the
  // source of its best edge, along it, and on from the component it enters.
  let path: IdPath = { states: [lowest(comps[worstComp])], actions: [] };
  for (let i = worstComp; i >= 0 && bestEdge[i] >= 0; ) {
    const e = bestEdge[i];
    const src = bestSrc[i];
    const inside = shortestPath(g, path.states[path.states.length - 1], (s) => s === src, inComp(i));
    if (inside === null) throw new Error('latency: no path inside a strongly connected component');
    const w = g.to[e];
    path = joinPaths(joinPaths(path, inside), { states: [src, w], actions: [g.act[e]] });
    i = member[w] === 1 ? compOf[w] : -1;
  }
  return { bound: worst, path };
}

/** The lowest state id of a component (no spread: components can hold millions of states). */
function lowest(c: readonly number[]): number {
  let m = c[0];
  for (const s of c) if (s < m) m = s;
  return m;
}

/** The unbounded answer for a measured edge `e` from `v` inside component `comp`, with its witness. */
function unboundedAt(g: Csr, comp: number[], v: number, e: number, inComp: (s: number) => boolean, inRegion: (s: number) => boolean): LatencyBound {
  const start = lowest(comp);
  const to = shortestPath(g, start, (s) => s === v, inComp);
  const back = shortestPath(g, g.to[e], (s) => s === start, inComp);
  if (to === null || back === null) throw new Error('latency: no path inside a strongly connected component');
  const round = joinPaths(joinPaths(to, { states: [v, g.to[e]], actions: [g.act[e]] }), back);
  const out = shortestPath(g, start, (s) => !inRegion(s), () => true);
  const path = out === null ? round : joinPaths(round, out);
  return { unbounded: 'cycle', state: v, size: comp.length, path, cycle: [0, round.states.length - 1] };
}
