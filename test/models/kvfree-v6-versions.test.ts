/**
 * kvfree-v6's kernel versions (models/kvfree/v6-versions.ts): one ordered table in which a later
 * version has every fix of the earlier ones, the `kernel` parameter offering exactly its rows, and
 * the version-dependent steps behaving as the code of each version does (issue 26, point 3).
 */
import { describe, expect, it } from 'vitest';
import { findModel } from '../../models/index.js';
import { V6_DEFAULT_KERNEL, V6_KERNELS, V6_RELEASES, v6Features, type V6Features } from '../../models/kvfree/v6-versions.js';
import { explore } from '../../src/engine/explore.js';
import { compiled } from './compiled.js';

const FEATURES = Object.keys(v6Features('v6.4')) as (keyof V6Features)[];

function run(raw: Record<string, string | number>): { distinct: number; violated: string[] } {
  const o = explore(compiled('kvfree-v6', raw), { collect: true });
  return { distinct: o.stats.distinct, violated: o.properties.filter((p) => p.status === 'violated').map((p) => p.name).sort() };
}

describe('kvfree-v6 version table', () => {
  it('is ordered: every version has every feature of the versions before it, and each row adds at least one (but the base)', () => {
    for (let i = 1; i < V6_RELEASES.length; i++) {
      const before = v6Features(V6_RELEASES[i - 1].kernel);
      const now = v6Features(V6_RELEASES[i].kernel);
      for (const f of FEATURES) if (before[f]) expect(now[f], `${V6_RELEASES[i].kernel} keeps ${f}`).toBe(true);
      expect(V6_RELEASES[i].adds.length).toBeGreaterThan(0);
    }
    expect(V6_RELEASES[0].adds).toEqual([]);
    expect(Object.values(v6Features('v6.3-merge-cc37d52076a9')).every((x) => !x)).toBe(true);
    expect(Object.values(v6Features('v6.15')).every((x) => x)).toBe(true);
    expect(new Set(V6_RELEASES.flatMap((r) => r.adds)).size).toBe(FEATURES.length);
  });

  it('names what the audit asks: v6.4 without the WARN checks and _full snapshots, B11 only at f32276a37652, v6.12/v6.13 differ at the re-arm', () => {
    expect(v6Features('v6.4')).toMatchObject({ fullGpSnap: false, bulkGpWarn: false, headGpWarn: false, consistentKrcp: false });
    expect(v6Features('v6.5-merge-f32276a37652')).toMatchObject({ fullGpSnap: true, bulkGpWarn: true, headGpWarn: true, unqueueAfterPoll: false, consistentKrcp: false });
    expect(v6Features('v6.5-merge-1e237994d9c9')).toMatchObject({ unqueueAfterPoll: true, consistentKrcp: false });
    expect(v6Features('v6.5')).toMatchObject({ consistentKrcp: true, unboundWq: false });
    const diff = (a: string, b: string): string[] => FEATURES.filter((f) => v6Features(a as never)[f] !== v6Features(b as never)[f]);
    expect(diff('v6.3-merge-cc37d52076a9', 'v6.3-merge-9627456101ec')).toEqual(['headReadOnce']);
    expect(diff('v6.3-merge-9627456101ec', 'v6.4').sort()).toEqual(['batchWhenAllIdle', 'countPerChannel', 'drainReady']);
    expect(diff('v6.12', 'v6.13')).toEqual(['rearmUnderLock']);
    expect(diff('v6.13', 'v6.14')).toEqual(['reclaimWq']);
    expect(diff('v6.14', 'v6.15')).toEqual(['fullSnapFromState']);
    expect(diff('v6.5-merge-f32276a37652', 'v6.5-merge-1e237994d9c9')).toEqual(['unqueueAfterPoll']);
    expect(diff('v6.5-merge-1e237994d9c9', 'v6.5-merge-309a43165077')).toEqual(['consistentKrcp']);
    expect(diff('v6.5-merge-309a43165077', 'v6.5')).toEqual(['refillFromNr']);
  });

  it('the kernel parameter offers exactly the table, oldest first, default v6.12, each value described with its commits', () => {
    const spec = findModel('kvfree-v6')!.params.kernel;
    expect(spec.values).toEqual(V6_RELEASES.map((r) => r.kernel));
    expect(V6_KERNELS).toEqual(V6_RELEASES.map((r) => r.kernel));
    expect(spec.default).toBe('v6.12');
    expect(V6_DEFAULT_KERNEL).toBe('v6.12');
    for (const k of V6_KERNELS) expect(spec.description).toContain(k);
    for (const c of ['9627456101ec', '5da7cb193db3', '4c33464ae85e', '2ca836b1da17', 'cdfa0f6fa6b7', 'f32276a37652', '1e237994d9c9', '309a43165077', '0aac9daef676', 'a23da88c6c80', '85aad7cc4178']) expect(spec.description).toContain(c);
  });
});

describe('kvfree-v6 version-dependent steps', () => {
  it("v6.3 merge window (cc37d52076a9's polled worker, one krcp->count, the old batch choice): the states differ from v6.4's, no property is violated at v6-small's bounds, and a stale page snapshot bites in the worker's reverse walk", () => {
    expect(run({ objects: 'h,e', kernel: 'v6.3-merge-cc37d52076a9' })).toEqual({ distinct: 1534, violated: [] });
    expect(run({ objects: 'h,e', kernel: 'v6.3-merge-9627456101ec' })).toEqual({ distinct: 1534, violated: [] });
    expect(run({ objects: 'h,e', kernel: 'v6.4' })).toEqual({ distinct: 3449, violated: [] });
    expect(run({ objects: 'h,h', capacity: 2, spontaneous: 1, kernel: 'v6.3-merge-cc37d52076a9' }).violated).toEqual([]);
    expect(run({ objects: 'h,h', capacity: 2, spontaneous: 1, mutation: 'no-snap-refresh', kernel: 'v6.3-merge-cc37d52076a9' }).violated).toEqual(['gp-guarantee', 'reader-safety']);
  });

  const drainNoPoll = { objects: 'h,h', spontaneous: 1, mutation: 'drain-no-poll' };
  it('drain-no-poll: v6.4 (no WARN in kvfree_rcu_bulk()) frees early; at f32276a37652 the WARN leaks and hides the records (B11); from 1e237994d9c9 they stay visible', () => {
    expect(run({ ...drainNoPoll, kernel: 'v6.4' }).violated).toEqual(['gp-guarantee', 'reader-safety']);
    expect(run({ ...drainNoPoll, kernel: 'v6.5-merge-f32276a37652' }).violated).toEqual(['debug-objects-lost', 'no-leak']);
    expect(run({ ...drainNoPoll, kernel: 'v6.5-merge-1e237994d9c9' }).violated).toEqual(['debug-objects-end', 'no-leak']);
  });

  it("v6.4's non-_full gp_snap (rcu_state) has no B8; v6.12's root-rcu_node cookie has it; v6.15 fixes it", () => {
    const b8 = { objects: 'h', spontaneous: 1, gpinit: 1, debug: 0 };
    expect(run({ ...b8, kernel: 'v6.4' }).violated).toEqual([]);
    expect(run({ ...b8, kernel: 'v6.12' }).violated).toEqual(['gp-guarantee', 'reader-safety']);
    expect(run({ ...b8, kernel: 'v6.15' }).violated).toEqual([]);
  });

  it('unbound workqueue (v6.12, 0aac9daef676): with IRQs off around calls on 2 CPUs the work runs on the other CPU, reaching states the per-CPU system_wq (v6.5) cannot', () => {
    const irqoff = { cpus: 2, objects: 'e,e,e', context: 'irqoff', readers: 0, debug: 0 };
    const v65 = run({ ...irqoff, kernel: 'v6.5' });
    const v612 = run({ ...irqoff, kernel: 'v6.12' });
    expect(v65).toEqual({ distinct: 42750, violated: [] });
    expect(v612).toEqual({ distinct: 44526, violated: [] });
  });

  it('v6.12 (re-arm without krcp->lock) and v6.13 (a23da88c6c80, under it) reach the same states: the data race is on a timer field the untimed model does not have', () => {
    const cfg = { cpus: 2, objects: 'h,e' };
    expect(run({ ...cfg, kernel: 'v6.13' })).toEqual(run({ ...cfg, kernel: 'v6.12' }));
  });
});
