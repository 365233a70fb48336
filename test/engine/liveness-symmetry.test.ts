/**
 * Liveness under symmetry reduction (issue 14): a check keeps only the group elements declared
 * `fixesLiveness` (they fix every leadsTo instance and every fair and measured action), and its
 * verdicts, lassos after replay and latencies equal those of the unreduced check.
 *
 * Why this file exists: explore.ts's `livenessOptions` claims the quotient over such a subgroup
 * gives the concrete verdicts (Emerson & Sistla), and paths.ts `follow` turns a lasso over
 * representatives into a concrete one that `replay` confirms. A fixture exercises both: a server
 * whose fair `serve` step is disabled while either of two interchangeable, unfair noise
 * processes is busy (the swap of the two moves no instance and no fair action). Weak fairness:
 * violated (noise keeps toggling, serve is disabled infinitely often); strong: violated too (a
 * noise process may stay busy forever: its steps are unfair); unblocked and weak: holds. A second
 * element that moves a fair action is caught by `--check-symmetry`; an undeclared one is left
 * out (a note says so) and changes nothing. A token fixture makes a quotient lasso whose cycle
 * ends on the image of its start, so the concrete one takes two laps.
 *
 * What it must not do: run big configurations (the kvfree plan entries' symmetric ones run in
 * test/engine/liveness-symmetry-plan.test.ts with their pinned counts).
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.js';
import { buildModel, type CompiledModel } from '../../src/model/compile.js';
import { array, int, struct } from '../../src/model/shape.js';
import { defineModel, type ActionDef, type Fairness, type ModelDef, type Permutation, type Property } from '../../src/model/types.js';
import { confirmTrace } from '../../src/trace/confirm.js';
import { modelFingerprint } from '../../src/trace/fingerprint.js';
import { readItf, writeItf } from '../../src/trace/itf.js';
import { buildTrace } from '../../src/trace/trace.js';

type S = { w: number; g: number; n: number[] };

/** The fixture: `serve` with the given fairness, blocked by busy noise unless `blocking` is false; `lie`: the swap is not declared `fixesLiveness`. */
function fixture(serveFair: Fairness, extra: 'none' | 'lie' = 'none', blocking = true): ModelDef {
  return defineModel({
    id: 'live-sym-fixture',
    description: 'a server whose fair step two interchangeable unfair noise processes can block',
    params: {},
    propertyNames: ['served'],
    build() {
      const shape = struct({ w: int(0, 2), g: int(0, 1), n: array(2, int(0, 1)) });
      const ids = [0, 1];
      const actions: ActionDef<S, number>[] = [
        { name: 'request', actor: 'client', enabled: (s) => s.w === 0, apply: (d) => void (d.w = 1) },
        { name: 'serve', actor: 'server', fair: serveFair, enabled: (s) => s.w === 1 && (!blocking || (s.n[0] === 0 && s.n[1] === 0)), apply: (d) => void (d.w = 2) },
        { name: 'tick', actor: 'gp', fair: 'weak', enabled: (s) => s.w === 1 && s.g === 0, apply: (d) => void (d.g = 1) },
        { name: 'busy', actor: (i) => `noise${i}`, params: ids, label: (i) => `noise${i}`, enabled: (s, i) => s.n[i] === 0, apply: (d, i) => void (d.n[i] = 1) },
        { name: 'idle', actor: (i) => `noise${i}`, params: ids, label: (i) => `noise${i}`, enabled: (s, i) => s.n[i] === 1, apply: (d, i) => void (d.n[i] = 0) },
      ];
      const swap: Permutation<S> = {
        name: 'swap noise0/noise1',
        apply: (s, d) => {
          d.w = s.w;
          d.g = s.g;
          d.n[0] = s.n[1];
          d.n[1] = s.n[0];
        },
        complete: true,
        fixesLiveness: extra !== 'lie',
      };
      const served: Property<S> = { kind: 'leadsTo', name: 'served', description: 'a request is eventually served', p: (s) => s.w === 1, q: (s) => s.w === 2, measure: 'tick' };
      return {
        shape,
        init: [{ w: 0, g: 0, n: [0, 0] }],
        actions,
        properties: [served],
        symmetry: { description: 'the two noise processes', elements: [swap] },
        validEnd: () => true,
      };
    },
  });
}

/**
 * A token passed between the two noise processes (unfair), and an unfair `serve`: the quotient
 * has one representative for both token places, so its lasso's cycle is one `pass` step from the
 * representative to itself, which is concretely half a cycle: `follow` must take a second lap.
 */
function tokenFixture(): ModelDef {
  return defineModel({
    id: 'live-sym-token',
    description: 'an unfair server and a token passed between two interchangeable processes',
    params: {},
    propertyNames: ['served'],
    build() {
      const shape = struct({ w: int(0, 2), g: int(0, 1), n: array(2, int(0, 1)) });
      const actions: ActionDef<S, number>[] = [
        { name: 'request', actor: 'client', enabled: (s) => s.w === 0, apply: (d) => void (d.w = 1) },
        { name: 'serve', actor: 'server', enabled: (s) => s.w === 1, apply: (d) => void (d.w = 2) },
        { name: 'tick', actor: 'gp', fair: 'weak', enabled: (s) => s.w === 1 && s.g === 0, apply: (d) => void (d.g = 1) },
        {
          name: 'pass',
          actor: (i) => `noise${i}`,
          params: [0, 1],
          label: (i) => `noise${i}`,
          enabled: (s, i) => s.n[i] === 1,
          apply: (d, i) => {
            d.n[i] = 0;
            d.n[1 - i] = 1;
          },
        },
      ];
      const swap: Permutation<S> = {
        name: 'swap noise0/noise1',
        apply: (s, d) => {
          d.w = s.w;
          d.g = s.g;
          d.n[0] = s.n[1];
          d.n[1] = s.n[0];
        },
        complete: true,
        fixesLiveness: true,
      };
      const served: Property<S> = { kind: 'leadsTo', name: 'served', description: 'a request is eventually served', p: (s) => s.w === 1, q: (s) => s.w === 2 };
      return { shape, init: [{ w: 0, g: 0, n: [1, 0] }, { w: 0, g: 0, n: [0, 1] }], actions, properties: [served], symmetry: { description: 'the two noise processes', elements: [swap] }, validEnd: () => true };
    },
  });
}

function compiled(def: ModelDef): CompiledModel {
  const r = buildModel(def, {}, ['served']);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The violation's lasso, through ITF and `replay`'s confirmation. */
function confirmed(def: ModelDef, m: CompiledModel, o: ReturnType<typeof explore>): number {
  const t = buildTrace(m, o.violations[0]);
  if (!t.ok) throw new Error(t.error.message);
  const itf = readItf(writeItf(t.value, { fingerprint: modelFingerprint(m) }));
  if (!itf.ok) throw new Error(itf.error.message);
  const c = confirmTrace(itf.value, { find: (id) => (id === def.id ? def : undefined) });
  if (!c.ok) throw new Error(c.error.message);
  return c.value.exitCode;
}

describe('liveness with symmetry reduction on a subgroup that fixes instances and fair actions', () => {
  for (const [fair, blocking, status] of [
    ['weak', true, 'violated'],
    ['strong', true, 'violated'],
    ['weak', false, 'holds'],
  ] as const) {
    it(`serve ${fair}ly fair${blocking ? '' : ', never blocked'}: ${status}, equal with and without symmetry, fewer states with it`, () => {
      const def = fixture(fair, 'none', blocking);
      const m = compiled(def);
      const on = explore(m, { symmetry: true, checkSymmetry: true, deadlock: false });
      const off = explore(m, { symmetry: false, deadlock: false });
      expect(on.symmetry.used).toBe(true);
      expect(off.symmetry.used).toBe(false);
      expect(on.properties).toEqual([{ name: 'served', kind: 'leadsTo', status }]);
      expect(on.properties).toEqual(off.properties);
      // 3 * 2 * 4 concrete states less the unreachable g = 1 with w = 0: 20; reduced: 15.
      expect(off.stats.distinct).toBe(20);
      expect(on.stats.distinct).toBe(15);
      expect(on.stats.represented).toBe(off.stats.distinct);
      expect(on.liveness?.latency?.map((l) => l.worst)).toEqual(off.liveness?.latency?.map((l) => l.worst));
      if (status === 'violated') {
        expect(confirmed(def, m, on)).toBe(13);
        expect(confirmed(def, m, off)).toBe(13);
        expect(on.violations[0].trace.loop).toBeDefined();
      }
    });
  }

  it('the lasso under symmetry is concrete: its cycle closes on a real state after the laps it needs', () => {
    const def = fixture('weak');
    const m = compiled(def);
    const v = explore(m, { symmetry: true, deadlock: false }).violations[0];
    const loop = v.trace.loop!;
    const last = v.trace.expected[v.trace.expected.length - 1];
    expect(Array.from(v.trace.expected[loop])).toEqual(Array.from(last));
  });

  it('a quotient cycle that ends on an image of its start is followed for a second lap, and replays', () => {
    const def = tokenFixture();
    const m = compiled(def);
    const on = explore(m, { symmetry: true, checkSymmetry: true, deadlock: false });
    const off = explore(m, { symmetry: false, deadlock: false });
    expect(on.properties).toEqual([{ name: 'served', kind: 'leadsTo', status: 'violated' }]);
    expect(off.properties).toEqual(on.properties);
    expect([on.stats.distinct, off.stats.distinct]).toEqual([5, 10]);
    const t = on.violations[0].trace;
    // request, tick, then the concrete cycle: noise0 passes, noise1 passes back (two laps of one step).
    expect(t.actions.map((a) => m.actionLabel[a])).toEqual(['request', 'tick', 'pass [noise0]', 'pass [noise1]']);
    expect(t.loop).toBe(2);
    expect(confirmed(def, m, on)).toBe(13);
  });

  it('an element declared fixesLiveness that moves a fair action is caught by --check-symmetry', () => {
    const m = compiled(fixture('weak', 'none'));
    const moved: ModelDef = {
      ...fixture('weak'),
      build: (p) => {
        const inst = fixture('weak').build(p);
        // Make the noise steps weakly fair: the swap now maps busy[noise0] to busy[noise1].
        return { ...inst, actions: inst.actions.map((a) => (a.name === 'idle' ? { ...a, fair: 'weak' as const } : a)) };
      },
    };
    expect(explore(m, { symmetry: true, checkSymmetry: true, deadlock: false }).verdict).not.toBe('error');
    const o = explore(compiled(moved), { symmetry: true, checkSymmetry: true, deadlock: false });
    expect(o.verdict).toBe('error');
    expect(o.error?.code).toBe('RC013');
    expect(o.error?.message).toContain('claims to fix liveness');
  });

  it('an element not declared fixesLiveness is left out, with the note, and the verdict is the unreduced one', () => {
    const m = compiled(fixture('weak', 'lie'));
    const on = explore(m, { symmetry: true, deadlock: false });
    expect(on.symmetry.used).toBe(false);
    expect(on.stats.distinct).toBe(20);
    expect(on.properties).toEqual([{ name: 'served', kind: 'leadsTo', status: 'violated' }]);
    expect(on.liveness?.notes).toContain('liveness: symmetry reduction is off (the graph is over concrete states)');
  });
});
