/**
 * Worker threads on the proof plan: for every entry of proofs/plan.json small enough to run twice
 * here, `--workers 2` (one worker thread plus the search's own) gives exactly the outcome of
 * `--workers 1`: counts, verdicts, property statuses, coverage and every counterexample's path
 * (hence its length). The worker thread compiles the model itself from the check's options, as
 * in `rcucheck check --workers 2`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareCheck } from '../../src/check/prepare.js';
import { runPrepared } from '../../src/check/run.js';
import { comparable } from '../engine/comparable.js';
import { entryRequest, type PlanEntry } from '../../src/prove/plan.js';

const ROOT = join(import.meta.dirname, '..', '..');
const plan = JSON.parse(readFileSync(join(ROOT, 'proofs', 'plan.json'), 'utf8')) as { entries: PlanEntry[] };
const baselines = JSON.parse(readFileSync(join(ROOT, 'proofs', 'baselines.json'), 'utf8')) as Record<string, { distinct: number }>;
/** Entries up to this many stored states run twice (73 entries, about 230 k states, today). */
const SMALL = 30_000;
/** Entries checking a liveness property run on one thread whatever is asked (explore.ts): not compared here. */
const live = (e: PlanEntry): boolean => {
  const p = prepareCheck(entryRequest(e));
  return p.ok && p.value.model.liveness.length > 0;
};
const small = plan.entries.filter((e) => (baselines[e.id]?.distinct ?? Infinity) <= SMALL && !live(e));


describe('--workers 2 equals --workers 1 on every small plan entry', () => {
  it('covers most of the plan', () => {
    expect(small.length).toBeGreaterThanOrEqual(70);
  });
  let threadSlots = 0;
  it.each(small.map((e) => [e.id, e] as const))('%s', (_id, e) => {
    const p = prepareCheck(entryRequest(e));
    if (!p.ok) throw new Error(p.error.error.message);
    const one = runPrepared(p.value).outcome;
    // maxWorkers: 2 so a one-core machine still runs the parallel path (by default workers are capped at the cores).
    const two = runPrepared(p.value, { workers: 2, maxWorkers: 2, waitForWorkers: true }).outcome;
    expect(comparable(two)).toEqual(comparable(one));
    expect(one.parallel).toBeUndefined();
    expect(two.parallel?.workers).toBe(2);
    threadSlots += two.parallel?.slotsByWorkerThreads ?? 0;
  });
  it('the worker threads did compute successors', () => {
    expect(threadSlots).toBeGreaterThan(0);
  });
});
