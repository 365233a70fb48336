/**
 * Worst-case reclaim latency with the trace that attains it, and `freed-within K` (issue #14), on
 * kvfree-v6 objects=h,e (plan entry v6-small-eventual-free): the latency the tool computes is 2
 * grace-period ends for both objects (the pin in kvfree-liveness.test.ts), so `freed-within:2`
 * (and plain `freed-within`, K = 2) holds and `freed-within:1` is violated by a finite trace
 * (exit 13). Every witness and the counterexample replay: in-process through ITF, and through the
 * CLI's --report-dir files and `rcucheck replay`. State counts come from proofs/baselines.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findModel } from '../../models/index.js';
import { explore } from '../../src/engine/explore.js';
import { exitCodeFor } from '../../src/engine/outcome.js';
import { buildModel, type CompiledModel } from '../../src/model/compile.js';
import { confirmTrace } from '../../src/trace/confirm.js';
import { modelFingerprint } from '../../src/trace/fingerprint.js';
import { readItf, writeItf } from '../../src/trace/itf.js';
import { buildTrace, type Trace } from '../../src/trace/trace.js';
import { cli, ROOT, tmp } from '../cli/run.js';

const BASELINES = JSON.parse(readFileSync(join(ROOT, 'proofs', 'baselines.json'), 'utf8')) as Record<string, { distinct: number }>;
const DISTINCT = BASELINES['v6-small-eventual-free'].distinct;
const PARAMS = { objects: 'h,e' };
const GP = 'G grace period ends';

function compiled(only: string[]): CompiledModel {
  const r = buildModel(findModel('kvfree-v6')!, PARAMS, only);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function confirmed(m: CompiledModel, t: Trace) {
  const itf = readItf(writeItf(t, { fingerprint: modelFingerprint(m) }));
  if (!itf.ok) throw new Error(itf.error.message);
  const r = confirmTrace(itf.value);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('kvfree-v6 objects=h,e: latency witnesses and freed-within', () => {
  it('freed-within:2 holds; each object latency (2) comes with a trace that attains it and replays (exit 0)', () => {
    const m = compiled(['freed-within:2']);
    const o = explore(m, {});
    expect(o.verdict).toBe('ok');
    expect(o.stats.distinct).toBe(DISTINCT);
    const lat = o.liveness!.latency!;
    expect(lat.map((l) => [l.property, l.instance, l.worst])).toEqual([
      ['freed-within:2', 0, 2],
      ['freed-within:2', 1, 2],
    ]);
    for (const l of lat) {
      expect(l.witness).toMatchObject({ measured: { action: GP, count: 2, witness: true } });
      expect(l.witness!.loop).toBeUndefined();
      const t = buildTrace(m, { property: l.property, kind: 'liveness', description: '', instance: l.instance, trace: l.witness! });
      if (!t.ok) throw new Error(t.error.message);
      // The count on the trace itself: GP ends taken from states where the object is accepted and not freed.
      const p = m.liveness[0];
      const steps = t.value.steps;
      const measured = steps.slice(1).filter((s, i) => s.name === GP && p.p(steps[i].state, l.instance) && !p.q(steps[i].state, l.instance));
      expect(measured).toHaveLength(2);
      const c = confirmed(m, t.value);
      expect(c.exitCode).toBe(0);
    }
  }, 60_000);
  it('freed-within (K = 2 by default) holds', () => {
    expect(explore(compiled(['freed-within']), {}).verdict).toBe('ok');
  }, 60_000);
  it('freed-within:1 is violated by a finite trace with 2 grace-period ends (exit 13), confirmed by replay (exit 13)', () => {
    const m = compiled(['freed-within:1']);
    const o = explore(m, {});
    expect(o.stats.distinct).toBe(DISTINCT);
    expect(exitCodeFor(o)).toBe(13);
    const v = o.violations[0];
    expect(v).toMatchObject({ property: 'freed-within:1', kind: 'liveness', trace: { measured: { action: GP, count: 2, within: 1 } } });
    expect(v.trace.loop).toBeUndefined();
    const t = buildTrace(m, v);
    if (!t.ok) throw new Error(t.error.message);
    expect(t.value.steps[t.value.steps.length - 1].name).toBe(GP);
    expect(confirmed(m, t.value).exitCode).toBe(13);
  }, 60_000);
});

describe('the CLI: --json, --report-dir and replay', () => {
  it('freed-within:1: exit 13, and the counterexample file replays with exit 13', () => {
    const dir = tmp();
    const r = cli(['check', 'kvfree-v6', '-D', 'objects=h,e', '--invariant', 'freed-within:1', '--json', '--report-dir', dir, '--workers', '1']);
    expect(r.code, r.stderr).toBe(13);
    const j = JSON.parse(r.stdout) as { violation: { property: string; files: Record<string, string>; loop?: number }; liveness: { latency: { worst: number; witness: { files: Record<string, string>; length: number; pIndex: number; trace: unknown[] } }[] } };
    expect(j.violation.property).toBe('freed-within:1');
    expect(j.violation.loop).toBeUndefined();
    expect(cli(['replay', '-q', join(dir, j.violation.files['trace.itf.json'])]).code).toBe(13);
    // The latency is reported with its witness even where the bound fails.
    expect(j.liveness.latency.map((l) => l.worst)).toEqual([2, 2]);
    for (const l of j.liveness.latency) {
      expect(l.witness.trace).toHaveLength(l.witness.length + 1);
      const rep = cli(['replay', '-q', join(dir, l.witness.files['trace.itf.json'])]);
      expect(rep.code, rep.stderr).toBe(0);
      expect(rep.stdout).toContain(`confirmed: latency witness for freed-within:1`);
    }
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { liveness: { latency: { witness: Record<string, unknown> }[] } };
    // summary.json keeps the files, not the steps.
    expect(summary.liveness.latency[0].witness.trace).toBeUndefined();
    expect(summary.liveness.latency[0].witness.files).toBeDefined();
  }, 120_000);
});
