/**
 * Seeded random walks of the faithful kvfree-v6 model at kernel=v6.15, replayed on the kernel's
 * own code (issue 29, stage 3, second part).
 *
 * Why this file exists: the published traces are counterexamples and shortest witnesses, so they
 * reach a small, biased part of the model's behaviours. A random walk takes the model's own
 * successor function (src/model/step.ts: enabledActions, stepPlain, on the model's plain states)
 * from an initial state, choosing uniformly among the enabled actions for a bounded number of
 * steps (or until no enabled action changes the state), and becomes the same ModelTrace that
 * conformance/from-trace.ts reads from a published `trace.itf.json` (labels from the compiled
 * model's actionLabel, states through countsOf); it is then planned, run and compared exactly as a published trace is (conformance/traces.ts replay).
 *
 * Randomness: a tiny seeded PRNG (mulberry32, below), not fast-check's generator. The walks must
 * be the same on every run and on every machine for a given --seed, and the sequence here is
 * fixed by these dozen lines: a fast-check or pure-rand upgrade cannot change it (their
 * generators are not promised stable across versions), and the command needs no dev dependency.
 * Walk i uses its own seed, derived from (seed, i), so that one walk can be rerun alone.
 *
 * What it must not do: change or re-implement the model (it only calls the compiled model's
 * guards and applies); use Math.random or the clock; count a walk as passed when a step was not
 * driven (plan() stops there: the walk is reported as stopped at that step, never as passed);
 * write anything.
 */
import { V6_CONFIGS } from '../models/kvfree/configs.js';
import { kvfreeV6 } from '../models/kvfree/v6.js';
import { buildModel, type CompiledModel } from '../src/model/compile.js';
import { enabledActions, stepPlain } from '../src/model/step.js';
import { CODE_KERNEL, countsOf, plan, scriptOf, compare, type Compared, type ModelTrace } from './from-trace.js';
import { runScript, type Build } from './harness.js';

/** mulberry32: a 32-bit state, period 2^32; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of walk `i` of a run seeded `seed` (a splitmix-style mix, so neighbouring walks differ). */
export function walkSeed(seed: number, i: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b9) + Math.imul(i + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * The faithful configurations walked (models/kvfree/configs.ts V6_CONFIGS, their params plus
 * kernel=v6.15; no mutation, no tag): one and two CPUs, capacity 1 and 2, spontaneous grace
 * periods, vmalloc, refill, boot, gpinit, the shrinker (one and two scans, and on two CPUs),
 * both teardowns, and the one caller context other than sleepable that V6_CONFIGS has (v6-rqlock:
 * a caller holding rq->lock, IRQs off; faithful, no mutation, at kernel=v6.15 like the others).
 */
export const WALK_CONFIG_IDS: readonly string[] = [
  'v6-small',
  'v6-spontaneous',
  'v6-three',
  'v6-2cpu',
  'v6-2cpu-even',
  'v6-vmalloc-spontaneous',
  'v6-refill',
  'v6-boot',
  'v6-capacity2',
  'v6-2cpu-capacity2',
  'v615-gpinit-headless',
  'v615-shrinker',
  'v6-shrinker-2scans',
  'v6-2cpu-headless-shrinker',
  'v6-spontaneous-shrinker',
  'v6-spontaneous-shrinker-slab',
  'v615-destroy',
  'v615-barrier',
  'v615-barrier-shrinker-embedded',
  'v615-2cpu-barrier',
  // A caller that holds rq->lock around the call (B12; IRQs off), driven by the harness with the
  // caller's context (conformance/shim/driver.c client_enter()).
  'v6-rqlock',
];

export interface WalkConfig {
  id: string;
  model: CompiledModel;
}

/** Compile the walked configurations at CODE_KERNEL. Throws if one is missing, mutated or tagged. */
export function walkConfigs(ids: readonly string[] = WALK_CONFIG_IDS): WalkConfig[] {
  return ids.map((id) => {
    const c = V6_CONFIGS.find((x) => x.id === id);
    if (c === undefined) throw new Error(`no kvfree-v6 configuration ${id}`);
    if (c.mutation === true || String(c.params.mutation ?? 'none') !== 'none' || String(c.params.tag ?? 'none') !== 'none')
      throw new Error(`${id} is not a faithful configuration`);
    const m = buildModel(kvfreeV6, { ...c.params, kernel: CODE_KERNEL });
    if (!m.ok) throw new Error(`kvfree-v6 ${id}: ${JSON.stringify(m.error)}`);
    return { id, model: m.value };
  });
}

/** The seed `--walks N` uses when no `--seed` is given. */
export const DEFAULT_SEED = 29;

/** The default bound on a walk's length (model steps). */
export const WALK_STEPS = 80;

/**
 * One walk: from an initial state (chosen by the PRNG), at most `maxSteps` steps, each an action
 * chosen uniformly among those enabled; it ends earlier where none is, or where every enabled action
 * leaves the state unchanged. `corrupt` (tests only)
 * changes the compared counts of one state after the walk, so that a test can show a wrong model
 * state is reported as a mismatch.
 */
export function walk(cfg: WalkConfig, seed: number, maxSteps: number = WALK_STEPS): ModelTrace {
  const m = cfg.model;
  const rnd = mulberry32(seed);
  const pick = (n: number): number => Math.min(n - 1, Math.floor(rnd() * n));
  const inits = m.instance.init;
  let s: unknown = inits[pick(inits.length)];
  const actions: string[] = [];
  const states = [countsOf(s as Record<string, unknown>)];
  for (let k = 0; k < maxSteps; k++) {
    const en = enabledActions(m, s);
    // No action enabled, or only ones that leave the state as it is (e.g. kfree_rcu_shrink_count()
    // finding nothing, forever): nothing more can be compared, the walk ends.
    const here = JSON.stringify(s);
    if (en.every((b) => JSON.stringify(stepPlain(m, s, b)) === here)) break;
    const a = en[pick(en.length)];
    s = stepPlain(m, s, a);
    actions.push(m.actionLabel[a]);
    states.push(countsOf(s as Record<string, unknown>));
  }
  return { file: `walk ${cfg.id} seed ${seed}`, model: m.id, params: { ...m.params }, actions, states };
}

export interface WalkResult {
  index: number;
  config: string;
  seed: number;
  result: Compared;
}

export interface WalkRun {
  count: number;
  seed: number;
  maxSteps: number;
  configs: string[];
  walks: WalkResult[];
}

/** Replay one walk's trace on the build for its capacity. */
export function replayWalk(t: ModelTrace, builds: (capacity: number) => Build): Compared {
  const pl = plan(t);
  const r = runScript(builds(pl.capacity), scriptOf(pl));
  return compare(t, pl, r.lines, r.status, r.stderr);
}

/** `count` walks, walk i of configuration i mod (number of configurations), seeded walkSeed(seed, i). */
export function runWalks(
  opts: { count: number; seed: number; maxSteps?: number; ids?: readonly string[] },
  builds: (capacity: number) => Build,
  onWalk: (w: WalkResult) => void = () => {},
): WalkRun {
  const cfgs = walkConfigs(opts.ids);
  const maxSteps = opts.maxSteps ?? WALK_STEPS;
  const walks: WalkResult[] = [];
  for (let i = 0; i < opts.count; i++) {
    const cfg = cfgs[i % cfgs.length];
    const seed = walkSeed(opts.seed, i);
    const w = { index: i, config: cfg.id, seed, result: replayWalk(walk(cfg, seed, maxSteps), builds) };
    walks.push(w);
    onWalk(w);
  }
  return { count: opts.count, seed: opts.seed, maxSteps, configs: cfgs.map((c) => c.id), walks };
}

export interface WalkTotals {
  walks: number;
  /** Walks every step of which was driven and compared with no mismatch. */
  passed: number;
  /** Walks with a step plan() refused (their later steps not replayed), by reason. */
  stopped: number;
  stopReasons: [string, number][];
  withMismatch: number;
  steps: number;
  stepsCompared: number;
  clientSteps: number;
  mismatches: { walk: number; config: string; seed: number; step: number; action: string; expected: string; code: string }[];
}

export function walkTotals(run: WalkRun): WalkTotals {
  const reasons = new Map<string, number>();
  const mismatches: WalkTotals['mismatches'] = [];
  let passed = 0;
  let stopped = 0;
  let withMismatch = 0;
  let steps = 0;
  let stepsCompared = 0;
  let clientSteps = 0;
  for (const w of run.walks) {
    const r = w.result;
    steps += r.totalSteps;
    stepsCompared += r.stepsCompared;
    clientSteps += r.clientSteps;
    if (r.stop !== null) {
      stopped++;
      const why = `${r.stop.action.replace(/ \[.*\]$/, '')}: ${r.stop.reason}`;
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
    if (r.mismatches.length > 0) withMismatch++;
    for (const m of r.mismatches) mismatches.push({ walk: w.index, config: w.config, seed: w.seed, ...m });
    if (r.stop === null && r.mismatches.length === 0 && r.stepsCompared === r.totalSteps) passed++;
  }
  return { walks: run.walks.length, passed, stopped, stopReasons: [...reasons.entries()].sort(), withMismatch, steps, stepsCompared, clientSteps, mismatches };
}

/**
 * Targeted walks: single walks (configuration, seed, the default WALK_STEPS bound) chosen because
 * they reach an action that neither the published traces nor the seeded random walks compare.
 * Each was found by walking its configuration with seeds 1, 2, ... until the walk's actions
 * included `reaches` (a search in the model only; the code is run on the chosen walk alone). The
 * run checks that the walk still reaches it and that the step was compared (runTargeted).
 */
export const TARGETED_WALKS: readonly { config: string; seed: number; reaches: string }[] = [
  // kvfree_rcu_barrier() finds both batches of a krcp busy (kvfree_rcu_queue_batch() false, T2/T3)
  // and flushes them (T4, flush_rcu_work() of a batch still waiting or running), then tries again.
  { config: 'v615-barrier', seed: 131, reaches: 'T kvfree_rcu_barrier: flush_rcu_work (busy batch)' },
  { config: 'v615-2cpu-barrier', seed: 590, reaches: 'T kvfree_rcu_barrier: flush_rcu_work (busy batch)' },
];

export interface TargetedResult extends WalkResult {
  reaches: string;
  /** Steps of the `reaches` action that were driven and compared. */
  reached: number;
}

/** Replay the targeted walks (TARGETED_WALKS). */
export function runTargeted(builds: (capacity: number) => Build): TargetedResult[] {
  return TARGETED_WALKS.map((w, index) => {
    const t = walk(walkConfigs([w.config])[0], w.seed);
    const result = replayWalk(t, builds);
    const reached = result.comparedActions.filter((a) => a.replace(/ \[.*\]$/, '') === w.reaches).length;
    return { index, config: w.config, seed: w.seed, result, reaches: w.reaches, reached };
  });
}
