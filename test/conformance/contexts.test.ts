/**
 * Conformance (issue 29): the caller's context around kvfree_call_rcu() driven on the kernel's own
 * code. The caller enters its context (IRQs off, a spinlock_t, rq->lock, an RCU reader) before the
 * call and leaves it after (conformance/shim/driver.c client_enter()); the shim's might_sleep() and
 * rq->lock wake checks run against the code in that context, and a step where the model records a
 * context violation must show the code's own evidence of it (conformance/from-trace.ts
 * CONTEXT_EVIDENCE).
 *
 * Why this file exists: a harness or model change that makes a context trace differ from the code
 * (a sleep the code does not do, a context not entered) must fail a test.
 *
 * Skipped, with the reason, where linux-source-6.12 or gcc is absent and cannot be installed.
 * What it must not do: write into the repository; build inside a test's clock.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { plan, readTrace, scriptOf, traceRefusal, type ModelTrace } from '../../conformance/from-trace.js';
import { BUILD_TIMEOUT_MS, ROOT, ensureTools } from '../../conformance/harness.js';
import { buildCache, replay } from '../../conformance/traces.js';

const why = ensureTools();

// context=rqlock (B12): a caller holding rq->lock (IRQs off) frees two two-argument objects, with the refill worker.
const RQLOCK = 'reports/proofs/v6-rqlock-eventual-free/traces/latency/eventual-free-0/trace.itf.json';
// context=reader: a head-less call inside the client's RCU reader; the model records sleep-in-reader at C0.
const READER = 'reports/history/B13/hazard-3/trace.itf.json';

const read = (file: string): ModelTrace => readTrace(file, readFileSync(join(ROOT, file), 'utf8'));

describe.skipIf(why !== null)(`caller contexts on the kernel's code${why !== null ? ` (skipped: ${why})` : ''}`, () => {
  const builds = buildCache();
  beforeAll(() => {
    builds(plan(read(RQLOCK)).capacity);
    builds(plan(read(READER)).capacity);
  }, BUILD_TIMEOUT_MS);

  it('context=rqlock: the caller holds rq->lock around each call, every step compared, no mismatch', () => {
    const t = read(RQLOCK);
    expect(t.params.context).toBe('rqlock');
    expect(traceRefusal(t)).toBeNull();
    const pl = plan(t);
    expect(scriptOf(pl).split('\n').filter((l) => / call o\d+ \w+ \d+ rqlock$/.test(l))).toHaveLength(2);
    const r = replay(t, builds);
    expect(r.mismatches).toEqual([]);
    expect(r.stop).toBeNull();
    expect(r.stepsCompared).toBe(t.actions.length);
  }, 60_000);

  it("context=reader: the model's sleep-in-reader at C0 is the code's might_sleep() in the reader, compared", () => {
    const t = read(READER);
    const k = t.states.findIndex((s) => s.ctx !== 'none');
    expect(t.states[k].ctx).toBe('sleep-in-reader');
    expect(plan(t).steps[k - 1].context).toBe('sleep-in-reader');
    const r = replay(t, builds);
    expect(r.mismatches).toEqual([]);
    expect(r.comparedActions).toHaveLength(k);
  }, 60_000);

  it('a context violation the code does not show is a mismatch (the same call from a sleepable caller)', () => {
    const t = read(READER);
    const sleepable = { ...t, params: { ...t.params, context: 'sleepable' } };
    const k = t.states.findIndex((s) => s.ctx !== 'none');
    expect(replay(sleepable, builds).mismatches.map((m) => m.step)).toEqual([k]);
  }, 60_000);
});
