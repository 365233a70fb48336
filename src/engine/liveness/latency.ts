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
 * Why this file exists: reclaim latency in grace periods (issue #14) is a property of the whole
 * graph, computed once after the search, next to the fair-cycle check that shares the graph.
 *
 * What it must not do: run on a violated instance (its answer there is "never": the lasso says
 * it), know about kvfree, or build traces.
 */
import { Csr, SccScratch, sccs } from './graph.js';

export type LatencyBound = { bound: number } | { unbounded: 'cycle'; state: number; size: number };

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
  if (roots.length === 0) return { bound: 0 };
  const comps = sccs(g, roots, member, 1, scratch);
  const compOf = new Int32Array(g.n).fill(-1);
  comps.forEach((c, i) => {
    for (const s of c) compOf[s] = i;
  });
  const best = new Int32Array(comps.length);
  let worst = 0;
  for (let i = 0; i < comps.length; i++) {
    let b = 0;
    for (const v of comps[i]) {
      for (let e = g.off[v]; e < g.off[v + 1]; e++) {
        const w = g.to[e];
        const c = counted[g.act[e]];
        if (member[w] === 1 && compOf[w] === i) {
          if (c === 1) return { unbounded: 'cycle', state: v, size: comps[i].length };
          continue;
        }
        const via = c + (member[w] === 1 ? best[compOf[w]] : 0);
        if (via > b) b = via;
      }
    }
    best[i] = b;
    if (b > worst) worst = b;
  }
  return { bound: worst };
}
