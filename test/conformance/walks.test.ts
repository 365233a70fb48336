/**
 * Conformance, stage 3 second part (issue 29): seeded random walks of the faithful kvfree-v6
 * configurations at kernel=v6.15 (conformance/walk.ts), replayed on the kernel's own code with no
 * mismatch; the walks are the same on every run; a corrupted walk state is reported as a
 * mismatch (so the comparison can fail); the shrinker on two CPUs (its next CPU, and nr_to_scan
 * used up after CPU 0) is driven; the targeted walks (kvfree_rcu_barrier() flushing a busy batch)
 * reach their action, compared with no mismatch.
 *
 * Why this file exists: a model or harness change that makes a random execution of the model
 * differ from the code must fail a test. It runs a fixed few walks (20, seed 29; and 10 of the
 * two-CPU shrinker), not the 1000 of `npm run conformance -- --traces --walks 1000`.
 *
 * Skipped, with the reason, where linux-source-6.12 or gcc is absent and cannot be installed.
 * What it must not do: write into the repository; run walks or builds inside a test's clock.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, ensureTools } from '../../conformance/harness.js';
import { buildCache } from '../../conformance/traces.js';
import { replayWalk, runTargeted, runWalks, walk, walkConfigs, walkSeed, walkTotals, type TargetedResult, type WalkRun } from '../../conformance/walk.js';

const why = ensureTools();

describe.skipIf(why !== null)(`random walks on the kernel's code${why !== null ? ` (skipped: ${why})` : ''}`, () => {
  const builds = buildCache();
  let run: WalkRun;
  let shrink2: WalkRun;
  let targeted: TargetedResult[];
  beforeAll(() => {
    builds(1);
    builds(2);
    run = runWalks({ count: 20, seed: 29 }, builds);
    shrink2 = runWalks({ count: 10, seed: 29, ids: ['v6-2cpu-headless-shrinker'] }, builds);
    targeted = runTargeted(builds);
  }, BUILD_TIMEOUT_MS);

  it('the targeted walks: kvfree_rcu_barrier() flushing a busy batch (T4) is driven and compared, no mismatch', () => {
    expect(targeted.length).toBeGreaterThan(0);
    for (const t of targeted) {
      expect(t.result.mismatches).toEqual([]);
      expect(t.result.stop).toBeNull();
      expect(t.result.stepsCompared).toBe(t.result.totalSteps);
      expect(t.reached).toBeGreaterThan(0);
    }
    expect(targeted.map((t) => t.reaches)).toContain('T kvfree_rcu_barrier: flush_rcu_work (busy batch)');
  });

  it('20 walks (seed 29): every step driven, compared, no mismatch', () => {
    const t = walkTotals(run);
    expect(t.mismatches).toEqual([]);
    expect(t.stopReasons).toEqual([]);
    expect(t.walks).toBe(20);
    expect(t.passed).toBe(20);
    expect(t.stepsCompared).toBe(t.steps);
    expect(t.stepsCompared).toBeGreaterThan(200);
  });

  it('the same walks on every run', () => {
    const [cfg] = walkConfigs(['v6-2cpu']);
    expect(walk(cfg, walkSeed(29, 3))).toEqual(walk(cfg, walkSeed(29, 3)));
    expect(walk(cfg, walkSeed(29, 3)).actions).not.toEqual(walk(cfg, walkSeed(29, 4)).actions);
  });

  it('a corrupted walk state is a mismatch at that step', () => {
    const [cfg] = walkConfigs(['v6-small']);
    const t = walk(cfg, walkSeed(29, 0));
    const k = t.states.length - 1;
    expect(replayWalk(t, builds).mismatches).toEqual([]);
    const bad = { ...t, states: t.states.map((s, i) => (i === k ? { ...s, frees: s.frees.map((f, j) => (j === 0 ? f + 1 : f)) } : s)) };
    const r = replayWalk(bad, builds);
    expect(r.mismatches.map((m) => m.step)).toEqual([k]);
  });

  it('the shrinker on two CPUs: the next CPU and nr_to_scan used up after CPU 0, no mismatch', () => {
    const t = walkTotals(shrink2);
    expect(t.mismatches).toEqual([]);
    expect(t.stopped).toBe(0);
    const labels = shrink2.walks.flatMap((w) => w.result.comparedActions);
    expect(labels.filter((l) => l === 'S kfree_rcu_shrink_scan: drain_page_cache (next CPU)').length).toBeGreaterThan(0);
    expect(labels.filter((l) => l === 'S kfree_rcu_monitor: rearm [nr_to_scan used up]').length).toBeGreaterThan(0);
  });
});
