/**
 * The stories of kvfree findings (models/kvfree/common/story.ts, finding-story.ts) tell what their
 * own trace shows and nothing else: the claim vocabulary covers every property, a story reads
 * the steps it names, and a trace that does not reach the violation tells no story.
 */
import { describe, expect, it } from 'vitest';
import { KVFREE_PROPERTY_NAMES } from '../../invariants/kvfree.js';
import { findingStory } from '../../models/kvfree/common/finding-story.js';
import { storyText } from '../../models/kvfree/common/story.js';
import { V1_CONFIGS, V1_MUTATIONS, type KvfreeConfig, type KvfreePropertyName } from '../../models/kvfree/configs.js';
import { runCollect, traceOf } from '../../src/experiments/run-config.js';

const ALL: Record<KvfreePropertyName, true> = {
  'gp-guarantee': true,
  'reader-safety': true,
  'exactly-once': true,
  'valid-free': true,
  'no-uaf-read': true,
  'back-pointer': true,
  context: true,
  accounting: true,
  'debug-objects': true,
  'no-leak': true,
  'debug-objects-end': true,
  'krcp-consistent': true,
  'debug-objects-lost': true,
  'barrier-complete': true,
  'destroy-clean': true,
  'flush-dependency': true,
  'shrink-stop': true,
};

const byId = (id: string): KvfreeConfig => [...V1_CONFIGS, ...V1_MUTATIONS].find((c) => c.id === id)!;

function traceFor(id: string, property: string) {
  const cfg = byId(id);
  const run = runCollect(cfg.id, cfg.model, cfg.params);
  return traceOf(cfg.id, run, property);
}

describe('kvfree finding stories', () => {
  it('a claim can name exactly the kvfree properties', () => {
    expect(Object.keys(ALL).sort()).toEqual([...KVFREE_PROPERTY_NAMES].sort());
  });

  it('tells the debug-object mismatch of a head-less wrapper with the steps of its queue and unqueue', () => {
    const t = traceFor('v1-one-headless', 'debug-objects');
    const st = findingStory('debug-objects', t)!;
    expect(st.mechanism).toBe('unqueue-wrapper');
    const text = storyText(st);
    expect(text).toMatch(/step \d+ \(.*\): debug_rcu_head_queue\(0x[0-9a-f]+\) makes object 0's address active/);
    expect(text).toMatch(new RegExp(`step ${t.steps.length - 1} .*debug_rcu_head_unqueue\\(0x[0-9a-f]+\\) is given the wrapper of object 0`));
  });

  it('tells no story for a trace cut before its violating step', () => {
    for (const [id, property] of [
      ['v1-one-headless', 'debug-objects'],
      ['v1-mut-double-free', 'exactly-once'],
      ['v1-mut-next-after-free', 'no-uaf-read'],
      ['v1-mut-skip-untag', 'back-pointer'],
      ['v1-irqoff-headless', 'context'],
    ] as const) {
      const t = traceFor(id, property);
      expect(findingStory(property, t), `${id} ${property}`).not.toBeNull();
      const cut = { ...t, steps: t.steps.slice(0, -1) };
      const st = findingStory(property, cut);
      expect(st === null || st.mechanism === 'lock-discipline', `${id} ${property}: ${st === null ? '' : storyText(st)}`).toBe(true);
    }
  });

  it('names the second free of a double free and the freed memory a read falls in', () => {
    const d = findingStory('exactly-once', traceFor('v1-mut-double-free', 'exactly-once'))!;
    expect(d.events.some((e) => /is freed (2 times|once) \(2 in all\)/.test(e))).toBe(true);
    const u = findingStory('no-uaf-read', traceFor('v1-mut-next-after-free', 'no-uaf-read'))!;
    expect(storyText(u)).toMatch(/inside object 0 \(0x[0-9a-f]+\), freed at step \d+/);
  });

  it('tells a count that C5 forgot to increment from a count reset', () => {
    expect(findingStory('accounting', traceFor('v1-mut-no-count', 'accounting'))!.mechanism).toBe('count-missed');
  });
});
