/**
 * The kvfree CPU swap on configurations the proof plan does not reach with two CPUs: the page-cache
 * refill worker (kvfree-v6 refill=1, kvfree-v5.9 kernel=v5.11). The swap written as code forgot
 * the refill worker's fields (`cpu[].refillRun`, `refillLeft`), so it kept one CPU's refill state
 * on the other: the symmetry check refused it (RC013), and without the check the reduced search
 * represented 1,212,526 states of a space of 874,268 (v6 refill=1, objects=e,e). Written leaf by
 * leaf (models/kvfree/common/symmetry.ts), every field moves with its CPU. Here the reduced
 * search, checked, gives the unreduced verdicts, properties and represented count.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.js';
import type { Outcome } from '../../src/engine/outcome.js';
import { compiled } from './compiled.js';

const statuses = (o: Outcome) => Object.fromEntries(o.properties.map((p) => [p.name, p.status]));

describe('the kvfree CPU swap with the page-cache refill worker', () => {
  it.each([
    ['kvfree-v6', { cpus: 2, objects: 'e,e', readers: 0, refill: 1 }],
    ['kvfree-v5.9', { cpus: 2, objects: 'e,e', readers: 0, kernel: 'v5.11' }],
  ] as const)('%s %j', (id, params) => {
    const m = compiled(id, params);
    expect(m.instance.symmetry?.elements.map((e) => e.name)).toEqual(['swap cpu0/cpu1']);
    // The states the swap written as code mapped wrongly: one CPU's refill work running, not the other's.
    let lopsided = 0;
    const visitor = {
      expanded: (_id: number, w: Int32Array) => {
        const s = m.codec.decode(w) as { cpu: { refillRun: boolean }[] };
        if (s.cpu[0].refillRun !== s.cpu[1].refillRun) lopsided++;
        return null;
      },
      edge: () => undefined,
    };
    const plain = explore(m, { symmetry: false, collect: true, visitor });
    expect(lopsided).toBeGreaterThan(0);
    const reduced = explore(m, { symmetry: true, checkSymmetry: true, collect: true });
    expect(reduced.error, reduced.error?.message).toBeUndefined();
    expect(reduced.verdict).toBe(plain.verdict);
    expect(statuses(reduced)).toEqual(statuses(plain));
    expect(reduced.stats.represented).toBe(plain.stats.distinct);
    expect(reduced.stats.distinct).toBeLessThan(plain.stats.distinct);
  });
});
