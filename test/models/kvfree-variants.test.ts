/**
 * kvfree-v5.9 and kvfree-v6: pinned verdicts per property and distinct-state counts for every proof
 * and mutation configuration (models/kvfree/configs.ts), replay of every reported trace, the
 * meta-check that the shared invariants bite and hold in the variants too, and packed-step ==
 * immer-step on sampled states (the variants' recipes run on the packed view in the explorer).
 */
import { describe, expect, it } from 'vitest';
import { V59_CONFIGS, V59_MUTATIONS, V6_CONFIGS, V6_MUTATIONS } from '../../models/kvfree/configs.js';
import { KVFREE_PROPERTY_NAMES } from '../../invariants/kvfree.js';
import { assertPackedStepMatchesImmer, configSuite } from './kvfree-harness.js';

/** Distinct states per configuration (exact BFS, collect mode), measured with rcucheck and pinned. */
const PINNED: Record<string, number> = {
  'v59-one-embedded': 122,
  'v59-one-headless': 106,
  'v59-small': 6431,
  'v59-two-embedded-nodebug': 10956,
  'v59-cache1': 6188,
  'v59-readers-shrinker': 2788,
  'v59-2cpu': 45347,
  'v59-2cpu-even': 65084,
  'v59-boot': 285,
  'v59-irqoff-headless': 106,
  'v59-sweep-small-noreader': 862,
  'v59-boot-headless': 287,
  'v59-vmalloc-spontaneous': 16593,
  'v59-2cpu-capacity2-vmalloc': 65096,
  'v59-rt-irqoff': 122,
  'v59-rt-preempt-rt': 64,
  'v511-rt-irqoff': 324,
  'v511-rt-headless': 228,
  'v59-mut-no-gp-wait': 212,
  'v59-mut-double-free': 122,
  'v59-mut-no-count': 122,
  'v59-mut-no-unqueue': 122,
  'v59-mut-leak-batch': 44,
  'v59-mut-kfree-vmalloc': 122,
  'v59-mut-next-after-free': 122,
  'v59-mut-call-before-unpublish': 146,
  'v6-one-embedded': 74,
  'v6-one-headless': 114,
  'v6-small': 3509,
  'v6-spontaneous': 35335,
  'v6-three': 143074,
  'v6-2cpu': 28748,
  'v6-2cpu-even': 20524,
  'v6-vmalloc': 3509,
  'v6-refill': 20533,
  'v6-boot': 16996,
  'v6-dyn-head': 6633,
  'v6-dyn-head-low': 6633,
  'v6-capacity2': 43085,
  'v6-vmalloc-spontaneous': 35335,
  'v6-2cpu-capacity2': 46678,
  'v6-2cpu-dyn-head': 69028,
  'v64-2cpu-headless': 340,
  'v6-2cpu-headless': 216,
  'v612-gpinit-headless': 1398,
  'v615-gpinit-headless': 1156,
  'v6-mut-no-gp-wait': 10690,
  'v6-mut-no-snap-refresh': 43237,
  'v6-mut-drain-no-poll': 16840,
  'v6-mut-busy-batch': 124299,
  'v6-mut-double-free': 74,
  'v6-mut-no-count': 114,
  'v6-mut-call-before-unpublish': 87,
  'v6-f32276a37652-mut-drain-no-poll': 16840,
  'v6-1e237994d9c9-mut-drain-no-poll': 16840,
  'v6-shrinker': 101131,
  'v615-shrinker': 101131,
  'v6-shrinker-2scans': 299379,
  'v6-2cpu-headless-shrinker': 4292,
  'v6-spontaneous-shrinker': 10693,
  'v6-spontaneous-shrinker-slab': 10693,
};

const ALL = [...V59_CONFIGS, ...V59_MUTATIONS, ...V6_CONFIGS, ...V6_MUTATIONS];

configSuite(ALL, PINNED);

describe('variant invariants bite', () => {
  it('in v6 every property that v1/v5.9 violate is either violated by a v6 mutation or holds in every faithful v6 config', () => {
    for (const name of KVFREE_PROPERTY_NAMES) {
      expect(V6_CONFIGS.some((c) => !c.violates.includes(name)), `${name} never holds in v6`).toBe(true);
      expect(V59_CONFIGS.some((c) => !c.violates.includes(name)), `${name} never holds in v5.9`).toBe(true);
    }
    const bitten = new Set([...V59_MUTATIONS, ...V6_MUTATIONS, ...V6_CONFIGS, ...V59_CONFIGS].flatMap((c) => c.violates));
    for (const name of KVFREE_PROPERTY_NAMES.filter((n) => n !== 'context')) expect(bitten.has(name), `${name} never bites in the variants`).toBe(true);
  });
  it('v6 holds gp-guarantee and reader-safety wherever v1 and v5.9 show the W0/W1 race (fixed in v6.3)', () => {
    for (const id of ['v6-small', 'v6-three', 'v6-2cpu', 'v6-vmalloc']) {
      const cfg = V6_CONFIGS.find((c) => c.id === id)!;
      expect(cfg.violates).not.toContain('gp-guarantee');
    }
    expect(V59_CONFIGS.find((c) => c.id === 'v59-small')!.violates).toContain('gp-guarantee');
  });
  it('krcp-consistent bites on the v6.4 code (B5) and holds on the fixed code at the same bounds', () => {
    const buggy = V6_CONFIGS.find((c) => c.id === 'v64-2cpu-headless')!;
    const fixed = V6_CONFIGS.find((c) => c.id === 'v6-2cpu-headless')!;
    expect(buggy.violates).toEqual(['krcp-consistent']);
    expect(fixed.violates).toEqual([]);
    expect({ ...buggy.params, kernel: 'v6.12' }).toEqual(fixed.params);
  });
  it('B11: the order at f32276a37652 (v6.5 merge window) hides the leaked records of a WARNed page from debug-objects-end; 1e237994d9c9 alone fixes it', () => {
    const buggy = V6_MUTATIONS.find((c) => c.id === 'v6-f32276a37652-mut-drain-no-poll')!;
    const fixed = V6_MUTATIONS.find((c) => c.id === 'v6-1e237994d9c9-mut-drain-no-poll')!;
    const v612 = V6_MUTATIONS.find((c) => c.id === 'v6-mut-drain-no-poll')!;
    expect({ ...buggy.params, kernel: 'v6.5-merge-1e237994d9c9' }).toEqual(fixed.params);
    expect({ ...buggy.params, kernel: undefined }).toEqual({ ...v612.params, kernel: undefined });
    for (const f of [fixed, v612]) {
      expect(f.violates).toContain('debug-objects-end');
      expect(f.violates).not.toContain('debug-objects-lost');
    }
    expect(buggy.violates).not.toContain('debug-objects-end');
    expect(buggy.violates).toContain('no-leak');
    expect(buggy.violates).toContain('debug-objects-lost');
  });
  it('B8: the root-rcu_node cookie (v6.12) breaks gp-guarantee and reader-safety once GP initialisation is a step; the rcu_state cookie (v6.15) holds at the same bounds', () => {
    const buggy = V6_CONFIGS.find((c) => c.id === 'v612-gpinit-headless')!;
    const fixed = V6_CONFIGS.find((c) => c.id === 'v615-gpinit-headless')!;
    expect([...buggy.violates].sort()).toEqual(['gp-guarantee', 'reader-safety']);
    expect(fixed.violates).toEqual([]);
    expect({ ...buggy.params, kernel: 'v6.15' }).toEqual(fixed.params);
  });
});

describe('kvfree variants: packed step equals the immer reference', () => {
  it.each(['v59-small', 'v59-2cpu', 'v6-small', 'v6-2cpu', 'v6-refill', 'v6-dyn-head', 'v64-2cpu-headless', 'v6-f32276a37652-mut-drain-no-poll', 'v612-gpinit-headless', 'v6-2cpu-headless-shrinker', 'v6-spontaneous-shrinker'])('on sampled reachable states of %s (fast-check, seed 4242)', (id) => {
    assertPackedStepMatchesImmer(ALL.find((c) => c.id === id)!, 40);
  });
});
