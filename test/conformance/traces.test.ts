/**
 * Conformance, stage 3 (issue 29): published kvfree-v6 model traces replayed on the kernel's own
 * kvfree_rcu() code (Debian's 6.12.118, compiled by conformance/harness.ts), step by step, with
 * no mismatch between the model's counts and the code's (conformance/from-trace.ts).
 *
 * Why this file exists: a model change that breaks conformance must fail a test. It replays a
 * fixed few traces (a head-less and an embedded object through the monitor, both batches and the
 * GP; two CPUs with a migrated caller; the shrinker), not all of them (npm run conformance --
 * --traces does that and writes reports/conformance.md).
 *
 * Skipped, with the reason, where linux-source-6.12 or gcc is absent and cannot be installed.
 * What it must not do: write into the repository.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { plan, readTrace, traceRefusal, type ModelTrace } from '../../conformance/from-trace.js';
import { BUILD_TIMEOUT_MS, ROOT, build, ensureTools, type Build } from '../../conformance/harness.js';
import { replay } from '../../conformance/traces.js';

const why = ensureTools();

const TRACES = [
  'reports/proofs/v615-shrinker-eventual-free/traces/latency/eventual-free-0/trace.itf.json',
  'reports/proofs/v6-small-eventual-free/traces/latency/eventual-free-1/trace.itf.json',
  'reports/proofs/v6-2cpu-eventual-free/traces/latency/eventual-free-1/trace.itf.json',
  'reports/proofs/v6-vmalloc-eventual-free/traces/latency/eventual-free-0/trace.itf.json',
];

describe.skipIf(why !== null)(`published traces on the kernel's code${why !== null ? ` (skipped: ${why})` : ''}`, () => {
  // Every trace is read and every binary it needs built before the tests, outside their clocks
  // (the first build on a fresh machine extracts tree.c from a 150 MB tarball).
  const builds = new Map<number, Build>();
  const get = (capacity: number): Build => {
    const b = builds.get(capacity) ?? build(() => {}, capacity);
    builds.set(capacity, b);
    return b;
  };
  const traces = new Map<string, ModelTrace>();
  beforeAll(() => {
    for (const file of TRACES) {
      const t = readTrace(file, readFileSync(join(ROOT, file), 'utf8'));
      traces.set(file, t);
      if (traceRefusal(t) === null) get(plan(t).capacity);
    }
  }, BUILD_TIMEOUT_MS);
  for (const file of TRACES) {
    it(`replays ${file} with no mismatch`, () => {
      const t = traces.get(file)!;
      expect(traceRefusal(t)).toBeNull();
      const r = replay(t, get);
      expect(r.mismatches).toEqual([]);
      expect(r.stop).toBeNull();
      expect(r.stepsCompared).toBe(t.actions.length);
    }, 60_000);
  }
});
