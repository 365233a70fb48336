/**
 * kvfree-v6's teardown actor (models/kvfree/v6-teardown.ts, issue 27 stage 3): the kernel versions
 * that have kvfree_rcu_barrier() and the kmem_cache_destroy() that calls it, the refusal of a
 * barrier on a version without one, and the properties it brings decided at pinned bounds (the
 * named configurations in models/kvfree/configs.ts carry the findings and the mutation).
 */
import { describe, expect, it } from 'vitest';
import { findModel } from '../../models/index.js';
import { v6Features } from '../../models/kvfree/v6-versions.js';
import { buildModel } from '../../src/model/compile.js';
import { explore } from '../../src/engine/explore.js';
import { compiled } from './compiled.js';

function violated(raw: Record<string, string | number>): string[] {
  const o = explore(compiled('kvfree-v6', raw), { collect: true });
  expect(o.verdict).not.toBe('incomplete');
  return o.properties.filter((p) => p.status === 'violated').map((p) => p.name).sort();
}

describe('kvfree-v6 teardown', () => {
  it('the barrier arrives with 2b55d6a42d14 and kmem_cache_destroy() calls it from 6c6c47b063b5; the two rows differ in that alone', () => {
    expect(v6Features('v6.5')).toMatchObject({ barrierApi: false, destroyBarrier: false });
    expect(v6Features('v6.12-merge-2b55d6a42d14')).toMatchObject({ barrierApi: true, destroyBarrier: false, unboundWq: false });
    expect(v6Features('v6.12-merge-6c6c47b063b5')).toMatchObject({ barrierApi: true, destroyBarrier: true, unboundWq: false });
    expect(v6Features('v6.12')).toMatchObject({ barrierApi: true, destroyBarrier: true, unboundWq: true });
  });

  it('teardown=barrier on a kernel without kvfree_rcu_barrier() is refused as bad input (RC003), naming the commit', () => {
    const def = findModel('kvfree-v6')!;
    const r = buildModel(def, { teardown: 'barrier', kernel: 'v6.5' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('RC003');
      expect(r.error.message).toContain('2b55d6a42d14');
    }
    expect(buildModel(def, { teardown: 'destroy', kernel: 'v6.5' }).ok).toBe(true);
  });

  it('B10: kmem_cache_destroy() without the barrier finds an object still queued; with it, every property holds', () => {
    expect(violated({ teardown: 'destroy', kernel: 'v6.12-merge-2b55d6a42d14' })).toEqual(['destroy-clean']);
    expect(violated({ teardown: 'destroy', kernel: 'v6.12-merge-6c6c47b063b5' })).toEqual([]);
  });

  it("B10': kmem_cache_destroy() from a WQ_MEM_RECLAIM worker breaks the flush dependency until the batches move to rcu_reclaim_wq", () => {
    expect(v6Features('v6.13').reclaimWq).toBe(false);
    expect(v6Features('v6.14').reclaimWq).toBe(true);
    expect(violated({ teardown: 'destroy', teardownIn: 'reclaim-worker', kernel: 'v6.13' })).toEqual(['flush-dependency']);
    expect(violated({ teardown: 'destroy', teardownIn: 'reclaim-worker', kernel: 'v6.14' })).toEqual([]);
    expect(violated({ teardown: 'destroy', teardownIn: 'task', kernel: 'v6.13' })).toEqual([]);
  });

  it('barrier-complete bites when the barrier skips its flushes, and holds on the faithful barrier at the same bounds', () => {
    expect(violated({ objects: 'e,e', readers: 0, teardown: 'barrier', mutation: 'barrier-no-flush' })).toContain('barrier-complete');
    expect(violated({ objects: 'e,e', readers: 0, teardown: 'barrier' })).not.toContain('barrier-complete');
  });
});
