/**
 * B9 (c6dfd72b7a3b "rcu: Stop shrinker loop", v5.9): the shrinker core's do_shrink_slab() around
 * kfree_rcu_shrink_scan() (`shrinkCore=1`, models/kvfree/classic.ts) and property P12
 * `shrink-stop`. The seed series (v5.8's scan, returning 0) makes one wasted call after a scan
 * that found nothing; with the fix (and in kvfree-v5.9, whose release has it) the loop stops; the
 * loop ends on both sides (bounded work, no livelock); off by default.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.js';
import { buildTrace } from '../../src/trace/trace.js';
import { findingStory } from '../../models/kvfree/common/finding-story.js';
import { compileConfig } from './kvfree-harness.js';
import type { KvfreeConfig } from '../../models/kvfree/configs.js';

const cfg = (model: 'kvfree-v1' | 'kvfree-v5.9', params: Record<string, string | number>): KvfreeConfig =>
  ({ id: 'b9', model, params, bounds: '', violates: [], note: '' }) as KvfreeConfig;
const B9 = { objects: 'e', readers: 0, debug: 0, shrinkCore: 1 };

function check(c: KvfreeConfig) {
  const m = compileConfig(c);
  const o = explore(m, { collect: true });
  const status = Object.fromEntries(o.properties.map((p) => [p.name, p.status]));
  return { m, o, status };
}

describe('B9: do_shrink_slab() around kfree_rcu_shrink_scan()', () => {
  it('seed series (scan returns 0): shrink-stop violated in 10 steps, a second call after an empty one; everything else holds', () => {
    const { m, o, status } = check(cfg('kvfree-v1', { ...B9, fix: 'none' }));
    expect(o.stats.distinct).toBe(426);
    expect(Object.entries(status).filter(([, v]) => v !== 'holds')).toEqual([['shrink-stop', 'violated']]);
    const v = o.violations.find((x) => x.property === 'shrink-stop')!;
    const t = buildTrace(m, v);
    if (!t.ok) throw new Error(t.error.message);
    const actions = t.value.steps.slice(1).map((s) => s.action.split(' [')[0]);
    expect(actions.length).toBe(10);
    // count, first scan (finds nothing after the monitor drained), its return, the wasted call.
    expect(actions.filter((a) => a === 'S do_shrink_slab: scan_objects').length).toBe(2);
    expect(actions.indexOf('M1-M3 kfree_rcu_monitor')).toBeLessThan(actions.indexOf('S kfree_rcu_shrink_scan: next CPU'));
    expect(findingStory('shrink-stop', t.value)?.mechanism).toBe('scan-after-empty');
  });

  it('seed series + c6dfd72b7a3b, and kvfree-v5.9 as released: every property holds, and no deadlock (the loop ends)', () => {
    for (const c of [cfg('kvfree-v1', { ...B9, fix: 'c6dfd72b7a3b' }), cfg('kvfree-v5.9', B9)]) {
      const { status } = check(c);
      expect(Object.values(status).every((s) => s === 'holds'), JSON.stringify(status)).toBe(true);
    }
  });

  it('off by default: no do_shrink_slab() step exists', () => {
    const m = compileConfig(cfg('kvfree-v1', { objects: 'e', shrinker: 1 }));
    expect(m.actionName.some((a) => a.startsWith('S do_shrink_slab'))).toBe(false);
    expect(m.actionName).toContain('S kfree_rcu_shrink_scan');
  });
});
