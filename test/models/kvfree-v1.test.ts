/**
 * kvfree-v1: pinned verdicts per property and distinct-state counts for every proof and mutation
 * configuration (models/kvfree/configs.ts), replay of every reported trace, and the meta-check
 * that every kvfree invariant bites somewhere and holds somewhere.
 */
import { describe, expect, it } from 'vitest';
import { V1_CONFIGS, V1_MUTATIONS } from '../../models/kvfree/configs.js';
import { KVFREE_PROPERTY_NAMES } from '../../invariants/kvfree.js';
import { assertPackedStepMatchesImmer, configSuite } from './kvfree-harness.js';

/** Distinct states per configuration (exact BFS, collect mode), measured with rcucheck and pinned. */
const PINNED: Record<string, number> = {
  'v1-one-embedded': 118,
  'v1-one-headless': 154,
  'v1-one-headless-nodebug': 154,
  'v1-small': 5533,
  'v1-two-embedded-nodebug': 5392,
  'v1-readers-shrinker': 2524,
  'v1-2cpu': 41163,
  'v1-2cpu-even': 36428,
  'v1-three': 244794,
  'v1-vmalloc': 4923,
  'v1-capacity2': 241001,
  'v1-boot': 281,
  'v1-irqoff-headless': 154,
  'v1-sweep-one-headless-noreader': 30,
  'v1-sweep-two-headless-noreader': 1020,
  'v1-sweep-two-headless': 7577,
  'v1-mut-no-gp-wait': 208,
  'v1-mut-call-before-unpublish': 142,
  'v1-mut-double-free': 118,
  'v1-mut-skip-untag': 154,
  'v1-mut-kfree-vmalloc': 118,
  'v1-mut-next-after-free': 118,
  'v1-mut-sync-under-lock': 154,
  'v1-mut-no-unlock': 540,
  'v1-mut-no-count': 118,
  'v1-mut-no-unqueue': 118,
  'v1-mut-leak-batch': 40,
};

configSuite([...V1_CONFIGS, ...V1_MUTATIONS], PINNED);

describe('kvfree invariants bite', () => {
  it('each property is violated by some configuration and holds in some faithful one', () => {
    const all = [...V1_CONFIGS, ...V1_MUTATIONS];
    for (const name of KVFREE_PROPERTY_NAMES) {
      expect(all.some((c) => c.violates.includes(name)), `${name} never bites`).toBe(true);
      expect(V1_CONFIGS.some((c) => !c.violates.includes(name)), `${name} never holds`).toBe(true);
    }
  });
});

describe('kvfree-v1 packed step equals the immer reference', () => {
  it('on sampled reachable states of v1-small and v1-2cpu (fast-check, seed 4242)', () => {
    for (const id of ['v1-small', 'v1-2cpu']) assertPackedStepMatchesImmer(V1_CONFIGS.find((c) => c.id === id)!, 30);
  });
});
