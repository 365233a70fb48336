/**
 * Conformance, stage 3 (issue 29): published kvfree-v6 model traces replayed on the kernel's own
 * kvfree_rcu() code (Debian's 6.12.118, compiled by conformance/harness.ts), step by step, with
 * no mismatch between the model's counts and the code's (conformance/from-trace.ts).
 *
 * Why this file exists: a model change that breaks conformance must fail a test. It replays a
 * fixed few traces (a head-less and an embedded object through the monitor, both batches and the
 * GP; two CPUs with a migrated caller; the shrinker; and one per family driven from stage 4:
 * teardown by kvfree_rcu_barrier() and by kmem_cache_destroy(), boot, gpinit, refill), not all of them (npm run conformance --
 * --traces does that and writes reports/conformance.md).
 *
 * Skipped, with the reason, where linux-source-6.12 or gcc is absent and cannot be installed.
 * What it must not do: write into the repository.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { coverage, faithfulActionNames, familyOf } from '../../conformance/families.js';
import { plan, readTrace, traceRefusal, type ModelTrace } from '../../conformance/from-trace.js';
import { BUILD_TIMEOUT_MS, ROOT, build, ensureTools, type Build } from '../../conformance/harness.js';
import { replay } from '../../conformance/traces.js';

const why = ensureTools();

const DESTROY_LASSO = 'reports/proofs/v615-destroy-eventual-free/traces/latency/eventual-free-0/trace.itf.json';

// kmem_cache_destroy() reaching __kmem_cache_shutdown() with an object still allocated (the model's
// destroy-clean counterexample at v6.15, with the shrinker): the code's shutdown finds it too.
const DESTROY = 'reports/proofs/v615-destroy-shrinker/traces/destroy-clean/trace.itf.json';

const TRACES = [
  'reports/proofs/v615-shrinker-eventual-free/traces/latency/eventual-free-0/trace.itf.json',
  'reports/proofs/v6-small-eventual-free/traces/latency/eventual-free-1/trace.itf.json',
  'reports/proofs/v6-2cpu-eventual-free/traces/latency/eventual-free-1/trace.itf.json',
  'reports/proofs/v6-vmalloc-eventual-free/traces/latency/eventual-free-0/trace.itf.json',
  DESTROY,
  // One per family driven from stage 4: teardown (kvfree_rcu_barrier() on 2 CPUs; kmem_cache_destroy()),
  // boot, gpinit (kernel=v6.15), refill.
  'reports/proofs/v615-2cpu-barrier/traces/no-leak/trace.itf.json',
  DESTROY_LASSO,
  'reports/proofs/v6-boot-eventual-free/traces/latency/eventual-free-0/trace.itf.json',
  'reports/proofs/v615-gpinit-headless-eventual-free/traces/latency/eventual-free-0/trace.itf.json',
  'reports/proofs/v6-refill-eventual-free/traces/latency/eventual-free-1/trace.itf.json',
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

  it('a kmem_cache_destroy() outcome the code does not reach is a mismatch of the T8 step', () => {
    const t = readTrace(DESTROY, readFileSync(join(ROOT, DESTROY), 'utf8'));
    const k = t.actions.findIndex((a) => a.startsWith('T kmem_cache_destroy: __kmem_cache_shutdown'));
    expect(k).toBeGreaterThan(0);
    expect(t.states[k + 1].destroy).toBe('busy');
    t.states[k + 1] = { ...t.states[k + 1], destroy: 'released' };
    const r = replay(t, get);
    expect(r.mismatches.map((m) => m.step)).toEqual([k + 1]);
  }, 60_000);

  it('a teardown step whose model state differs from the code is a mismatch', () => {
    const file = 'reports/proofs/v615-2cpu-barrier/traces/no-leak/trace.itf.json';
    const t = readTrace(file, readFileSync(join(ROOT, file), 'utf8'));
    // The monitor re-arm a caller tries while cancel_delayed_work_sync() has the work disabled
    // fails in the code (no monitor pending): say the model armed it.
    const k = t.actions.findIndex((a, i) => a.startsWith('C') && t.states[i].td.pc === 'cancelwait');
    expect(k).toBeGreaterThan(0);
    const s = t.states[k + 1];
    t.states[k + 1] = { ...s, cpus: s.cpus.map((c, x) => (x === 0 ? { ...c, mon: !c.mon } : c)) };
    expect(replay(t, get).mismatches.map((m) => m.step)).toContain(k + 1);
  }, 60_000);
});

describe('action families (conformance/families.ts)', () => {
  it('every action name of the faithful kvfree-v6 configurations has a family', () => {
    const names = faithfulActionNames();
    expect(names.filter((n) => familyOf(n).startsWith('other'))).toEqual([]);
    expect(new Set(names.map(familyOf))).toEqual(
      new Set(['caller', 'client: unpublish', 'client: readers', 'grace period and workqueue', 'gpinit', 'monitor', 'batch work', 'shrinker', 'teardown', 'boot', 'refill']),
    );
  });
  it('a family with no compared step is reported missing', () => {
    const names = faithfulActionNames();
    const all = names.map((n) => `${n} [x]`);
    expect(coverage(all, names).missing).toEqual([]);
    const noBoot = all.filter((l) => familyOf(l) !== 'boot');
    expect(coverage(noBoot, names).missing).toEqual(['boot']);
  });
});
