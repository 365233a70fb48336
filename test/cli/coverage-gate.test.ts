/**
 * The coverage gate (src/check/coverage-gate.ts): a never-fired action that is not listed fails
 * with a message naming the model and action; a listed action that fired is stale; and the
 * committed proofs/coverage.json names only action families of the faithful plan entries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionFamilies, actionFamily, isMutation, judgeCoverage, validateAllowances } from '../../src/check/coverage-gate.js';
import { prepareCheck } from '../../src/check/prepare.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('coverage gate', () => {
  it('action families rename instance indices by first appearance and keep step ids', () => {
    expect(actionFamily('C3 add', 'caller1 on cpu0 (migrated), room in the first page')).toBe('C3 add [callerA on cpuA (migrated), room in the first page]');
    expect(actionFamily('W2/W3 return', 'cpu1 batch 1, W2 slab page, worker on cpu0')).toBe('W2/W3 return [cpuA batch A, W2 slab page, worker on cpuB]');
    expect(actionFamily('G grace period ends', '')).toBe('G grace period ends');
  });

  it('fails on a new never-fired action, naming model and action; flags a stale listing', () => {
    const allow = { plan: 'plan.json', models: { m: { 'b [x]': 'why b cannot fire', 'a': 'claimed never to fire' } } };
    const g = judgeCoverage(
      [
        { id: 'e1', model: 'm', families: ['a', 'b [x]', 'c'], fired: ['a'] },
        { id: 'e2', model: 'm', families: ['a', 'b [x]'], fired: [] },
      ],
      allow,
    );
    expect(g.ok).toBe(false);
    expect(g.problems.some((p) => p.includes("m: action 'c' fires in none"))).toBe(true);
    expect(g.problems.some((p) => p.includes("'a' is listed as never firing") && p.includes('stale') && p.includes('e1'))).toBe(true);
    expect(g.models[0].neverFired).toEqual([
      { action: 'b [x]', justification: 'why b cannot fire' },
      { action: 'c', justification: null },
    ]);
    const ok = judgeCoverage([{ id: 'e1', model: 'm', families: ['a', 'b [x]'], fired: ['a'] }], { plan: 'plan.json', models: { m: { 'b [x]': 'why' } } });
    expect(ok).toMatchObject({ ok: true, problems: [] });
  });

  it('proofs/coverage.json names only action families of the faithful plan entries', () => {
    const raw: unknown = JSON.parse(readFileSync(join(ROOT, 'proofs', 'coverage.json'), 'utf8'));
    const allow = validateAllowances('proofs/coverage.json', raw);
    if (!allow.ok) throw new Error(allow.error);
    const plan = JSON.parse(readFileSync(join(ROOT, 'proofs', 'plan.json'), 'utf8')) as {
      entries: { id: string; model: string; params: Record<string, string | number>; mutation?: boolean }[];
    };
    const families = new Map<string, Set<string>>();
    for (const e of plan.entries) {
      if (isMutation(e.params, e.mutation)) continue;
      const p = prepareCheck({ model: e.model, params: e.params });
      if (!p.ok) throw new Error(p.error.error.message);
      const s = families.get(e.model) ?? new Set<string>();
      for (const f of actionFamilies(p.value.model)) s.add(f);
      families.set(e.model, s);
    }
    for (const [model, list] of Object.entries(allow.value.models)) {
      expect(families.has(model), model).toBe(true);
      for (const action of Object.keys(list)) expect(families.get(model)!.has(action), `${model}: ${action}`).toBe(true);
    }
  });
});
