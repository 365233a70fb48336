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
import { describe, expect, it } from 'vitest';
import { readTrace, traceRefusal } from '../../conformance/from-trace.js';
import { ROOT, build, ensureTools, type Build } from '../../conformance/harness.js';
import { replay } from '../../conformance/traces.js';

const why = ensureTools();

const TRACES = [
  'reports/proofs/v615-shrinker-eventual-free/traces/latency/eventual-free-0/trace.itf.json',
  'reports/proofs/v6-small-eventual-free/traces/latency/eventual-free-1/trace.itf.json',
  'reports/proofs/v6-2cpu-eventual-free/traces/latency/eventual-free-1/trace.itf.json',
  'reports/proofs/v6-vmalloc-eventual-free/traces/latency/eventual-free-0/trace.itf.json',
];

describe.skipIf(why !== null)(`published traces on the kernel's code${why !== null ? ` (skipped: ${why})` : ''}`, () => {
  const builds = new Map<number, Build>();
  const get = (capacity: number): Build => {
    const b = builds.get(capacity) ?? build(() => {}, capacity);
    builds.set(capacity, b);
    return b;
  };
  for (const file of TRACES) {
    it(`replays ${file} with no mismatch`, () => {
      const t = readTrace(file, readFileSync(join(ROOT, file), 'utf8'));
      expect(traceRefusal(t)).toBeNull();
      const r = replay(t, get);
      expect(r.mismatches).toEqual([]);
      expect(r.stop).toBeNull();
      expect(r.stepsCompared).toBe(t.actions.length);
    }, 60_000);
  }
});
