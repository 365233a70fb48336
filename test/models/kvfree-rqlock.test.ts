/**
 * B12 (issue #28): a caller that holds rq->lock (`context=rqlock`) must not wake a task from
 * kvfree_call_rcu(), because try_to_wake_up() takes a runqueue lock (P5(f), docs/protocol.md).
 * Per release: the seed's C3 __get_free_page(GFP_NOWAIT) (and its 0-delay expedited drain, "[PATCH
 * 3/7] rcu/tree: introduce expedited_drain flag") and v5.9's C3 __get_free_page(GFP_NOWAIT) break
 * it; v5.11 (56292e8609e3: no allocator under the lock, the refill kicked through an hrtimer) and
 * v6.12 keep it; the `wake-direct` mutation (the refill queued from the caller) shows the rule bites
 * on both. The named configurations (models/kvfree/configs.ts) are checked as every other one is
 * (statuses, pinned counts, replay, claimed mechanisms); this file pins the traces' steps and the
 * default contexts' state spaces.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.js';
import { buildTrace } from '../../src/trace/trace.js';
import { findingStory } from '../../models/kvfree/common/finding-story.js';
import { storyText } from '../../models/kvfree/common/story.js';
import { V1_CONFIGS, V59_CONFIGS, V59_MUTATIONS, V6_CONFIGS, V6_MUTATIONS, type KvfreeConfig } from '../../models/kvfree/configs.js';
import { compileConfig, configSuite } from './kvfree-harness.js';

const B12 = [...V1_CONFIGS, ...V59_CONFIGS, ...V59_MUTATIONS, ...V6_CONFIGS, ...V6_MUTATIONS].filter((c) => c.params.context === 'rqlock');
const byId = (id: string): KvfreeConfig => B12.find((c) => c.id === id)!;

configSuite(B12);

function contextTrace(c: KvfreeConfig) {
  const m = compileConfig(c);
  const o = explore(m, { collect: true, symmetry: false });
  const v = o.violations.find((x) => x.property === 'context');
  if (v === undefined) return { o, t: null };
  const t = buildTrace(m, v);
  if (!t.ok) throw new Error(t.error.message);
  return { o, t: t.value };
}

describe('B12: no worker woken synchronously under the caller\'s rq->lock', () => {
  it('names the seven configurations, faithful and mutated, per release', () => {
    expect(B12.map((c) => [c.id, c.violates])).toEqual([
      ['v1-rqlock', ['context']],
      ['v1-rqlock-preempt-rt', ['context']],
      ['v59-rqlock', ['context']],
      ['v511-rqlock', []],
      ['v511-mut-wake-direct', ['context']],
      ['v6-rqlock', []],
      ['v6-mut-wake-direct', ['context']],
    ]);
  });

  it.each([
    ['v1-rqlock', 'alloc-wake-under-rq-lock', 'C1-C7 kvfree_call_rcu: C3 add_ptr_to_bulk', /__get_free_page\(GFP_NOWAIT \| __GFP_NOWARN\) for a bulk page/],
    ['v59-rqlock', 'alloc-wake-under-rq-lock', 'C1-C7 kvfree_call_rcu: C3 add_ptr_to_bulk', /__get_free_page\(GFP_NOWAIT \| __GFP_NOWARN\) for a bulk page/],
    ['v1-rqlock-preempt-rt', 'wake-under-rq-lock', 'C1-C7 kvfree_call_rcu: C4 queue on ch3', /monitor_work with delay 0/],
    ['v511-mut-wake-direct', 'wake-under-rq-lock', 'C1-C7 kvfree_call_rcu: C4 queue on ch3', /page_cache_work at once/],
    ['v6-mut-wake-direct', 'wake-under-rq-lock', 'C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback', /page_cache_work at once/],
  ])('%s: violated in 3 steps (unpublish, C0, the locked section), mechanism %s', (id, mechanism, section, text) => {
    const { t } = contextTrace(byId(id));
    expect(t).not.toBeNull();
    const actions = t!.steps.slice(1).map((s) => s.action.split(' [')[0]);
    expect(actions).toEqual(['unpublish (rcu_assign_pointer(slot, NULL))', 'C0 kvfree_call_rcu entry', section]);
    const last = t!.steps[t!.steps.length - 1].state as { ghost: { ctx: string } };
    expect(last.ghost.ctx).toBe(mechanism);
    const story = findingStory('context', t!);
    expect(story?.mechanism).toBe(mechanism);
    expect(storyText(story!)).toMatch(text);
    expect(storyText(story!)).toMatch(/rq->lock/);
  });

  it('v5.11 and v6.12 hold: the refill is kicked through the hrtimer and the monitor through a timer', () => {
    for (const id of ['v511-rqlock', 'v6-rqlock']) {
      const { o, t } = contextTrace(byId(id));
      expect(t, id).toBeNull();
      expect(o.properties.find((p) => p.name === 'context')?.status, id).toBe('holds');
    }
  });

  it('the mutation changes nothing but the ghost: the same states as the faithful side', () => {
    expect(explore(compileConfig(byId('v511-mut-wake-direct')), { collect: true, symmetry: false }).stats.distinct).toBe(
      explore(compileConfig(byId('v511-rqlock')), { collect: true, symmetry: false }).stats.distinct,
    );
  });

  it('rqlock is irqoff plus the wake rule: where nothing wakes (v5.11, v6.12), the state spaces are the same', () => {
    for (const c of [byId('v511-rqlock'), byId('v6-rqlock')]) {
      const irqoff = { ...c, id: `${c.id}-irqoff`, params: { ...c.params, context: 'irqoff' } } as KvfreeConfig;
      const a = explore(compileConfig(c), { collect: true, symmetry: false }).stats.distinct;
      const b = explore(compileConfig(irqoff), { collect: true, symmetry: false }).stats.distinct;
      expect(a, c.id).toBe(b);
    }
  });
});
