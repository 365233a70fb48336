/**
 * Witness paths for counted responses on the recorded graph: the path that attains a worst-case
 * latency (latency.ts gives the number), and the shortest path on which an instance of a
 * bounded-response property (`LeadsTo.within`) sees more than `within` measured steps while p holds
 * and q does not.
 *
 * Why this file exists: issue #14 asks for the trace that attains each reported latency and for a
 * `freed-within K` property with a shortest counterexample. Both are paths over the same CSR graph
 * and region mask as the latency count; the trace itself (words, replay) is built by check.ts.
 *
 * What it must not do: know about kvfree, build traces, or run on a violated leads-to instance
 * (its witness is the lasso).
 */
import type { Csr } from './graph.js';

/** A path of state ids with the action of each edge (`actions.length === states.length - 1`). */
export interface IdPath {
  states: number[];
  actions: number[];
}

/**
 * The shortest path from one of `roots` on which more than `within` measured edges are taken from
 * region states since the last entry into the region (the count latency.ts bounds: a measured edge
 * that leaves the region counts too), by BFS over (state, count) pairs; the count is 0 outside the
 * region. The path ends with the edge that makes the count `within + 1`. Null if there is none,
 * which is exactly when worstCount's answer is a bound <= `within` (test/engine/liveness-witness).
 */
export function responsePath(g: Csr, roots: readonly number[], inRegion: (s: number) => boolean, counted: Uint8Array, within: number): IdPath | null {
  const levels = within + 2;
  const key = (s: number, c: number): number => s * levels + c;
  const parent = new Int32Array(g.n * levels).fill(-2);
  const via = new Int32Array(g.n * levels);
  const queue = new Int32Array(g.n * levels);
  let tail = 0;
  for (const r of roots) {
    const k = key(r, 0);
    if (parent[k] !== -2) continue;
    parent[k] = -1;
    queue[tail++] = k;
  }
  for (let head = 0; head < tail; head++) {
    const k = queue[head];
    const v = (k / levels) | 0;
    const c = k % levels;
    const inside = inRegion(v);
    for (let e = g.off[v]; e < g.off[v + 1]; e++) {
      const w = g.to[e];
      const c2 = inside ? c + counted[g.act[e]] : 0;
      if (c2 > within) {
        // The goal: level within + 1 is never queued, so this key is free.
        const t = key(w, within + 1);
        parent[t] = k;
        via[t] = g.act[e];
        return unwind(t, parent, via, levels);
      }
      const t = key(w, inRegion(w) ? c2 : 0);
      if (parent[t] !== -2) continue;
      parent[t] = k;
      via[t] = g.act[e];
      queue[tail++] = t;
    }
  }
  return null;
}

function unwind(t: number, parent: Int32Array, via: Int32Array, levels: number): IdPath {
  const states: number[] = [];
  const actions: number[] = [];
  for (let k = t; k !== -1; k = parent[k]) {
    states.push((k / levels) | 0);
    if (parent[k] !== -1) actions.push(via[k]);
  }
  return { states: states.reverse(), actions: actions.reverse() };
}

/**
 * A shortest path from `from` to a state with `target(s)`, through states with `allowed(s)`
 * (`from` itself counts). Null if there is none.
 */
export function shortestPath(g: Csr, from: number, target: (s: number) => boolean, allowed: (s: number) => boolean): IdPath | null {
  if (target(from)) return { states: [from], actions: [] };
  const parent = new Map<number, number>([[from, -1]]);
  const act = new Map<number, number>();
  const queue = [from];
  for (let h = 0; h < queue.length; h++) {
    const v = queue[h];
    for (let e = g.off[v]; e < g.off[v + 1]; e++) {
      const w = g.to[e];
      if (parent.has(w) || !allowed(w)) continue;
      parent.set(w, v);
      act.set(w, g.act[e]);
      if (target(w)) {
        const states: number[] = [];
        const actions: number[] = [];
        for (let x = w; x !== -1; x = parent.get(x) as number) {
          states.push(x);
          if (x !== from) actions.push(act.get(x) as number);
        }
        return { states: states.reverse(), actions: actions.reverse() };
      }
      queue.push(w);
    }
  }
  return null;
}

/** `a` followed by `b`, where `b` starts at `a`'s last state. */
export function joinPaths(a: IdPath, b: IdPath): IdPath {
  return { states: [...a.states, ...b.states.slice(1)], actions: [...a.actions, ...b.actions] };
}
