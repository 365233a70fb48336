/**
 * Liveness under symmetry on the proof plan's liveness entries whose configuration declares a
 * symmetry (issue 14): kvfree's reader swap (readers=2) and CPU swap (2 CPUs, equal object lists),
 * and Peterson's process renaming. None of their elements fixes every leadsTo instance and fair
 * action (the CPU swap renames objects; the reader swap maps reader0's weakly fair
 * rcu_read_unlock to reader1's; Peterson's renaming moves processes and their instances), so
 * a liveness check leaves the group out (explore.ts `livenessOptions`, with its note): the verdict
 * with symmetry requested is the entry's expected one and its count is the unreduced one pinned
 * in proofs/baselines.json. The check must keep refusing them: declaring the reader swap or
 * Peterson's renaming `fixesLiveness` is caught by `--check-symmetry` (RC013).
 *
 * Why this file exists: the self-check the issue asks for ("liveness verdicts equal with and
 * without symmetry") on every such plan entry, and the evidence that the elements the engine
 * refuses would indeed be unsound to use.
 *
 * What it must not do: pin a count a second time (counts come from proofs/baselines.json), or run
 * any other plan entry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findModel } from '../../models/index.js';
import { explore } from '../../src/engine/explore.js';
import { buildModel, type CompiledModel } from '../../src/model/compile.js';

interface Entry {
  id: string;
  model: string;
  params: Record<string, number | string>;
  invariants: string[];
  expect: string;
}
const ROOT = join(import.meta.dirname, '..', '..');
const plan = JSON.parse(readFileSync(join(ROOT, 'proofs', 'plan.json'), 'utf8')) as { entries: Entry[] };
const BASELINES = JSON.parse(readFileSync(join(ROOT, 'proofs', 'baselines.json'), 'utf8')) as Record<string, { distinct: number }>;

function compiled(e: Entry): CompiledModel {
  const r = buildModel(findModel(e.model)!, e.params, e.invariants);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The plan's entries with a leadsTo property whose configuration declares a symmetry. */
const SYMMETRIC = plan.entries.filter((e) => {
  const m = compiled(e);
  return m.liveness.length > 0 && (m.instance.symmetry?.elements.length ?? 0) > 0;
});

describe('liveness plan entries with a declared symmetry', () => {
  it('are the eight known ones (kvfree reader and CPU swaps, Peterson n=3)', () => {
    expect(SYMMETRIC.map((e) => e.id).sort()).toEqual([
      'peterson-n3-starvation-free',
      'v1-2cpu-capacity2-eventual-free',
      'v1-2cpu-even-eventual-free',
      'v1-readers-shrinker-eventual-free',
      'v59-2cpu-capacity2-vmalloc-eventual-free',
      'v59-2cpu-even-eventual-free',
      'v59-readers-shrinker-eventual-free',
      'v6-2cpu-even-eventual-free',
    ]);
  });

  it.each(SYMMETRIC.map((e) => [e.id, e] as const))('%s: no element fixes liveness; with symmetry requested the verdict is the expected one and the count the pinned unreduced one', (_id, e) => {
    const m = compiled(e);
    expect(m.instance.symmetry!.elements.filter((x) => x.fixesLiveness === true)).toEqual([]);
    const o = explore(m, { symmetry: true });
    expect(o.symmetry.used).toBe(false);
    expect(o.liveness?.notes).toContain('liveness: symmetry reduction is off (the graph is over concrete states)');
    const live = o.properties.filter((p) => p.kind === 'leadsTo');
    expect(live.length).toBeGreaterThan(0);
    for (const p of live) expect(p.status, p.name).toBe(e.expect === 'holds' ? 'holds' : 'violated');
    expect(o.stats.distinct).toBe(BASELINES[e.id].distinct);
  });

  it.each([['v1-readers-shrinker-eventual-free', 'R rcu_read_unlock'], ['peterson-n3-starvation-free', 'starvation-free']] as const)(
    '%s: declaring its group fixesLiveness is caught by --check-symmetry (it moves %s)',
    (id, moved) => {
      const m = compiled(SYMMETRIC.find((e) => e.id === id)!);
      const sym = m.instance.symmetry!;
      const lying = { ...m, instance: { ...m.instance, symmetry: { ...sym, elements: sym.elements.map((x) => ({ ...x, fixesLiveness: true })) } } };
      const o = explore(lying, { symmetry: true, checkSymmetry: true, deadlock: false });
      expect(o.verdict).toBe('error');
      expect(o.error?.code).toBe('RC013');
      expect(o.error?.message).toContain('claims to fix liveness');
      expect(o.error?.message).toContain(moved);
    },
  );
});
