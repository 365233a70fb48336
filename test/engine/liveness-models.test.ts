/**
 * Liveness on the reference models: philosophers' `eventually-eats` fails under weak fairness
 * (n = 2: the deadlock stutters; from n = 3 the shortest-prefix lasso is a starvation cycle of a
 * neighbour), Peterson's filter lock is starvation-free when every step but leaving the
 * non-critical section is weakly fair (and is not without fairness), liveness verdicts are equal
 * with and without symmetry requested, and a lasso goes through ITF and `replay` confirmation.
 */
import { describe, expect, it } from 'vitest';
import { findModel } from '../../models/index.js';
import { explore } from '../../src/engine/explore.js';
import { exitCodeFor } from '../../src/engine/outcome.js';
import { buildModel, type CompiledModel } from '../../src/model/compile.js';
import type { ModelDef } from '../../src/model/types.js';
import { confirmTrace } from '../../src/trace/confirm.js';
import { readItf, writeItf } from '../../src/trace/itf.js';
import { modelFingerprint } from '../../src/trace/fingerprint.js';
import { buildTrace } from '../../src/trace/trace.js';

function compiled(id: string, params: Record<string, number>, only: string[], def?: ModelDef): CompiledModel {
  const d = def ?? findModel(id);
  if (d === undefined) throw new Error(`no model ${id}`);
  const r = buildModel(d, params, only);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Peterson with every action's fairness removed. */
function unfairPeterson(): ModelDef {
  const d = findModel('peterson')!;
  return {
    ...d,
    build: (p) => {
      const inst = d.build(p);
      return { ...inst, actions: inst.actions.map((a) => ({ ...a, fair: undefined })) };
    },
  };
}

describe('philosophers: eventually-eats under weak fairness', () => {
  // [n, lasso length, loop step]: n = 2 ends in the deadlock and stutters there.
  const pinned: [number, number, number][] = [
    [2, 2, 2],
    [3, 5, 1],
    [4, 9, 1],
  ];
  for (const [n, length, loop] of pinned) {
    it(`n=${n}: violated by a lasso of ${length} steps looping at step ${loop}, exit 13, confirmed on replay`, () => {
      const m = compiled('philosophers', { n }, ['eventually-eats']);
      const o = explore(m, { deadlock: false });
      expect(o.verdict).toBe('violation');
      expect(exitCodeFor(o)).toBe(13);
      expect(o.properties).toEqual([{ name: 'eventually-eats', kind: 'leadsTo', status: 'violated' }]);
      const v = o.violations[0];
      expect(v).toMatchObject({ kind: 'liveness', instance: 0 });
      expect(v.trace.actions).toHaveLength(length);
      expect(v.trace.loop).toBe(loop);
      const t = buildTrace(m, v);
      if (!t.ok) throw new Error(t.error.message);
      const itf = readItf(writeItf(t.value, { fingerprint: modelFingerprint(m) }));
      if (!itf.ok) throw new Error(itf.error.message);
      expect(itf.value.loop).toBe(loop);
      const c = confirmTrace(itf.value);
      if (!c.ok) throw new Error(c.error.message);
      expect(c.value.exitCode).toBe(13);
    });
  }

  it('with deadlock detection on (not collecting), the deadlock stops the search: liveness incomplete', () => {
    const o = explore(compiled('philosophers', { n: 3 }, ['eventually-eats']));
    expect(o.verdict).toBe('deadlock');
    expect(o.properties.find((p) => p.name === 'eventually-eats')?.status).toBe('incomplete');
  });

  it('a default check (no property named) does not check liveness and records no graph', () => {
    const r = buildModel(findModel('philosophers')!, { n: 3 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.liveness).toHaveLength(0);
    expect(explore(r.value).liveness).toBeUndefined();
  });
});

describe("peterson: starvation-free (trying ~> critical) with weakly fair steps, start unfair", () => {
  for (const n of [2, 3, 4]) {
    it(`n=${n}: holds`, () => {
      const o = explore(compiled('peterson', { n }, ['starvation-free', 'mutual-exclusion']));
      expect(o.verdict).toBe('ok');
      expect(o.properties.find((p) => p.name === 'starvation-free')?.status).toBe('holds');
    });
  }

  it('without fairness it fails for n=3 (p0 waits while p1 and p2 take turns), and still holds for n=2', () => {
    const m = compiled('peterson', { n: 3 }, ['starvation-free'], unfairPeterson());
    const o = explore(m);
    expect(o.properties.find((p) => p.name === 'starvation-free')?.status).toBe('violated');
    const t = buildTrace(m, o.violations[0]);
    if (!t.ok) throw new Error(t.error.message);
    expect(t.value.steps[t.value.pIndex!].action).toBe('start [p0]');
    // n=2: behaviours never stutter while an action is enabled, and the other process blocks at
    // its WAIT after naming itself victim, so the waiting one is always let through: no fairness
    // is needed.
    const two = explore(compiled('peterson', { n: 2 }, ['starvation-free'], unfairPeterson()));
    expect(two.properties.find((p) => p.name === 'starvation-free')?.status).toBe('holds');
  });

  it('verdicts and lassos are equal with and without symmetry requested (symmetry is turned off for liveness, and said)', () => {
    for (const def of [findModel('peterson')!, unfairPeterson()]) {
      const m = compiled('peterson', { n: 3 }, ['starvation-free'], def);
      const on = explore(m, { symmetry: true });
      const off = explore(m, { symmetry: false });
      expect(on.properties).toEqual(off.properties);
      expect(on.violations.map((v) => v.trace.actions)).toEqual(off.violations.map((v) => v.trace.actions));
      expect(on.symmetry.used).toBe(false);
      expect(on.liveness?.notes.some((x) => x.includes('symmetry reduction is off'))).toBe(true);
    }
  });
});
