/**
 * Every reduction checked against the unreduced search, on every plan entry small enough:
 *  - symmetry: for each entry whose model declares a group, the same verdict and per-property
 *    statuses with and without it, `represented` (reduced) = `distinct` (unreduced), the same
 *    depth, the declared group verified on every state (`checkSymmetry`), and every trace of the
 *    reduced run confirmed by replay against the unreduced model (as `rcucheck replay` does);
 *  - fingerprints: exact and fp64 give the same counts and statuses on every plan entry;
 *  - the disk frontier: a tiny in-memory budget (everything spilled) gives the same counts;
 *  - a wrong symmetry is refused (RC013) naming the element and the state.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findModel } from '../../models/index.js';
import { compileModel, resolveParams, type CompiledModel } from '../../src/model/compile.js';
import type { ModelDef } from '../../src/model/types.js';
import { explore, type ExploreOptions } from '../../src/engine/explore.js';
import type { Outcome } from '../../src/engine/outcome.js';
import { entryRequest, type PlanEntry } from '../../src/prove/plan.js';
import { buildTrace } from '../../src/trace/trace.js';
import { traceFiles } from '../../src/report/trace-files.js';
import { readItf } from '../../src/trace/itf.js';
import { confirmTrace } from '../../src/trace/confirm.js';
import { fileSpillStore } from '../../src/spill/file-spill.js';
import { evenCounters, leaky, lopsided } from './fixtures/wrong-symmetry.js';

const plan = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'proofs', 'plan.json'), 'utf8')) as { entries: PlanEntry[] };

function compileDef(def: ModelDef, params: Record<string, string | number>, only: readonly string[] = []): CompiledModel {
  const p = resolveParams(def, params);
  if (!p.ok) throw new Error(p.error.message);
  const m = compileModel(def, p.value, only);
  if (!m.ok) throw new Error(m.error.message);
  return m.value;
}

function entryModel(e: PlanEntry): { m: CompiledModel; o: ExploreOptions } {
  const req = entryRequest(e);
  const m = compileDef(findModel(e.model)!, e.params, req.invariants);
  return { m, o: { strategy: req.strategy, seen: req.seen, deadlock: req.deadlock, collect: true, maxStates: req.maxStates, maxDepth: req.maxDepth } };
}

const statuses = (o: Outcome) => Object.fromEntries(o.properties.map((p) => [p.name, p.status]));
// Entries that check a liveness property run without symmetry and with exact storage whatever is
// asked (explore.ts; test/engine/liveness-models.test.ts compares them with symmetry asked).
const live = (e: PlanEntry): boolean => entryModel(e).m.liveness.length > 0;
const symmetric = plan.entries.filter((e) => {
  const { m } = entryModel(e);
  return (m.instance.symmetry?.elements.length ?? 0) > 0 && !live(e);
});

describe('symmetry reduction against the unreduced search (every plan entry that declares a group)', () => {
  it('the plan has entries with each kind of declared group', () => {
    const kinds = new Set(symmetric.map((e) => entryModel(e).m.instance.symmetry!.description));
    expect([...kinds].some((d) => d.includes('CPUs'))).toBe(true);
    expect([...kinds].some((d) => d.includes('readers'))).toBe(true);
    expect([...kinds].some((d) => d.includes('processes'))).toBe(true);
  });

  it.each(symmetric.map((e) => [e.id, e] as const))('%s', (_id, e) => {
    const { m, o } = entryModel(e);
    const plain = explore(m, { ...o, symmetry: false });
    const reduced = explore(m, { ...o, symmetry: true, checkSymmetry: true });
    expect(reduced.error, reduced.error?.message).toBeUndefined();
    expect(reduced.symmetry.used).toBe(true);
    expect(plain.symmetry.used).toBe(false);
    expect(reduced.verdict).toBe(plain.verdict);
    expect(statuses(reduced)).toEqual(statuses(plain));
    expect(reduced.stats.represented).toBe(plain.stats.distinct);
    expect(plain.stats.represented).toBe(plain.stats.distinct);
    expect(reduced.stats.distinct).toBeLessThan(plain.stats.distinct);
    expect(reduced.stats.maxDepth).toBe(plain.stats.maxDepth);
    // Shortest counterexamples stay shortest; each replays on the unreduced model.
    for (const v of reduced.violations) {
      const twin = plain.violations.find((x) => x.property === v.property)!;
      expect(v.trace.actions.length, v.property).toBe(twin.trace.actions.length);
      const t = buildTrace(m, v);
      expect(t.ok, `${v.property}: ${t.ok ? '' : t.error.message}`).toBe(true);
      if (!t.ok) continue;
      const itf = readItf(traceFiles(t.value, m, v.trace.init)['trace.itf.json']);
      expect(itf.ok).toBe(true);
      if (!itf.ok) continue;
      const c = confirmTrace(itf.value);
      expect(c.ok, `${v.property}: ${c.ok ? '' : c.error.message}`).toBe(true);
    }
  });
});

describe('fingerprints (fp64) against exact storage, every plan entry', () => {
  it.each(plan.entries.filter((e) => !live(e)).map((e) => [e.id, e] as const))('%s', (_id, e) => {
    const { m, o } = entryModel(e);
    const exact = explore(m, { ...o, seen: 'exact' });
    const fp = explore(m, { ...o, seen: 'fp64' });
    expect(fp.seen).toBe('fp64');
    expect(fp.verdict).toBe(exact.verdict);
    expect(statuses(fp)).toEqual(statuses(exact));
    expect(fp.stats.distinct).toBe(exact.stats.distinct);
    expect(fp.stats.represented).toBe(exact.stats.represented);
    expect(fp.stats.generated).toBe(exact.stats.generated);
    expect(fp.stats.maxDepth).toBe(exact.stats.maxDepth);
    expect(fp.violations.map((v) => [v.property, v.trace.actions])).toEqual(exact.violations.map((v) => [v.property, v.trace.actions]));
  });
});

describe('the disk frontier', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const cases: [string, string, Record<string, string | number>][] = [
    ['peterson n=5', 'peterson', { n: 5 }],
    ['v1-capacity2', 'kvfree-v1', { objects: 'h,e', capacity: 2 }],
    ['v1-2cpu', 'kvfree-v1', { cpus: 2, objects: 'h,e' }],
  ];
  it.each(cases)('%s, unreduced: a 16 KB frontier budget spills and gives the in-memory counts', (_name, model, params) => {
    const m = compileDef(findModel(model)!, params);
    const dir = mkdtempSync(join(tmpdir(), 'rcucheck-test-'));
    dirs.push(dir);
    const memory = explore(m, { seen: 'fp64', collect: true, symmetry: false });
    const disk = explore(m, { seen: 'fp64', collect: true, symmetry: false, frontierMB: 16 / 1024, spill: fileSpillStore(dir) });
    expect(memory.stats.memory.spilled).toBe(0);
    expect(disk.stats.distinct).toBe(memory.stats.distinct);
    expect(disk.stats.generated).toBe(memory.stats.generated);
    expect(disk.stats.maxDepth).toBe(memory.stats.maxDepth);
    expect(statuses(disk)).toEqual(statuses(memory));
    expect(disk.violations.map((v) => v.trace.actions)).toEqual(memory.violations.map((v) => v.trace.actions));
    // It really spilled (the frontier outgrew 16 KB), and cleaned up after itself.
    expect(memory.stats.peakFrontier * (m.codec.words + 2) * 4).toBeGreaterThan(64 * 1024);
    expect(disk.stats.memory.frontier).toBeLessThanOrEqual(64 * 1024);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a wrong symmetry is refused', () => {
  it('an element that does not map successors to successors: RC013 naming the element and the state', () => {
    const m = compileDef(lopsided, {});
    const o = explore(m, { checkSymmetry: true });
    expect(o.verdict).toBe('error');
    expect(o.error?.code).toBe('RC013');
    expect(o.error?.message).toContain("declared symmetry 'swap p0/p1' is not a symmetry of model lopsided");
    expect(o.error?.message).toContain('at state 1');
    expect(o.error?.message).toContain('the image of its successor by inc [0] is not a successor');
    expect(o.error?.message).toContain('c[0]: 1 -> 0');
    // The state is given as a trace that replays: one step of p0.
    const v = o.violations.find((x) => x.property === 'symmetry')!;
    expect(v.trace.actions.length).toBe(1);
    const t = buildTrace(m, v);
    expect(t.ok).toBe(true);
  });

  it('an element that claims to assign every field but does not: RC013', () => {
    const o = explore(compileDef(leaky, {}), { checkSymmetry: true });
    expect(o.error?.code).toBe('RC013');
    expect(o.error?.message).toContain('claims to assign every field');
  });

  it('without the check the wrong symmetry silently merges states: why the check exists', () => {
    const m = compileDef(lopsided, {});
    const plain = explore(m, { symmetry: false });
    const reduced = explore(m, { symmetry: true });
    expect(plain.stats.distinct).toBe(12);
    expect(reduced.stats.represented).not.toBe(plain.stats.distinct);
  });

  it('the correct swap of equal counters passes the check and halves what is stored', () => {
    const m = compileDef(evenCounters, {});
    const plain = explore(m, { symmetry: false });
    const reduced = explore(m, { checkSymmetry: true });
    expect(reduced.error).toBeUndefined();
    expect(plain.stats.distinct).toBe(18);
    expect(reduced.stats.distinct).toBe(12);
    expect(reduced.stats.represented).toBe(18);
  });
});
