/**
 * Worst-case latency (src/engine/liveness/latency.ts) on hand-built graphs: the longest path over
 * the SCC condensation counts measured edges, a component's internal unmeasured cycle adds
 * nothing, a measured edge on a cycle inside the region is `unbounded`, and edges leaving the
 * region count once.
 */
import { describe, expect, it } from 'vitest';
import { Csr, SccScratch } from '../../src/engine/liveness/graph.js';
import { worstCount } from '../../src/engine/liveness/latency.js';

/** Action 1 is measured, action 0 is not. Edges: [from, action, to]. */
function worst(n: number, edges: [number, number, number][], region: number[]) {
  const g = new Csr(n, Int32Array.from(edges.flat()), edges.length);
  const inR = new Set(region);
  return worstCount(g, (s) => inR.has(s), Uint8Array.from([0, 1]), new SccScratch(n));
}

describe('worstCount', () => {
  it('takes the longest of two branches', () => {
    // 0 -m-> 1 -m-> 3 (out), 0 -> 2 -m-> 3
    expect(worst(4, [[0, 1, 1], [1, 1, 3], [0, 0, 2], [2, 1, 3]], [0, 1, 2])).toMatchObject({ bound: 2 });
  });
  it('an unmeasured cycle inside the region adds nothing; the exit edge counts', () => {
    // 0 <-> 1 unmeasured, 1 -m-> 2 -m-> 3 (out)
    expect(worst(4, [[0, 0, 1], [1, 0, 0], [1, 1, 2], [2, 1, 3]], [0, 1, 2])).toMatchObject({ bound: 2 });
  });
  it('a measured edge on a cycle inside the region is unbounded', () => {
    expect(worst(3, [[0, 1, 1], [1, 0, 0], [1, 0, 2]], [0, 1])).toMatchObject({ unbounded: 'cycle', size: 2 });
    expect(worst(2, [[0, 1, 0], [0, 0, 1]], [0])).toMatchObject({ unbounded: 'cycle', size: 1 });
  });
  it('an empty region has bound 0, and edges outside the region are ignored', () => {
    expect(worst(2, [[0, 1, 1], [1, 1, 0]], [])).toMatchObject({ bound: 0 });
    expect(worst(3, [[0, 1, 1], [1, 1, 2], [2, 1, 1]], [0])).toMatchObject({ bound: 1 });
  });
});
