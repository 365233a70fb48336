/**
 * Golden tests of the reference models (philosophers, peterson): pinned state counts, each
 * derived independently of rcucheck, BFS/DFS and exact/fp64 agreement, and the two seeded
 * failures (the philosophers deadlock, peterson with its wait guard mutated) with traces that
 * replay.
 *
 * Where the pinned figures come from:
 *  - SPIN 6.5.2 on bench/philosophers.pml and bench/peterson.pml (same semantics, one d_step per
 *    arrow), compiled with -DNOREDUCE -DSAFETY; recorded by bench/spin-counts.sh in
 *    bench/spin-counts.json. SPIN's "transitions (= stored+matched)" counts the initial state
 *    too, so it is rcucheck's `generated` + 1.
 *  - philosophers, closed form: a state is fixed by the phases alone (fork i is held iff
 *    philosopher i is in LEFT/BOTH/EAT or philosopher i-1 is in BOTH/EAT), and a phase vector is
 *    reachable iff no fork is claimed twice: philosopher i-1 in BOTH/EAT forbids philosopher i in
 *    LEFT/BOTH/EAT. Around the ring that is trace(M^n) for the 4x4 transfer matrix with rows
 *    THINK, LEFT = [1 1 1 1] and BOTH, EAT = [1 0 0 0], whose non-zero eigenvalues solve
 *    x^2 = 2x + 2: a(n) = (1+sqrt 3)^n + (1-sqrt 3)^n, i.e. a(n) = 2a(n-1) + 2a(n-2), a(0) = a(1) = 2:
 *    8, 20, 56, 152, 416, 1136, 3104, 8480, 23168 for n = 2..10.
 *  - peterson n=2, by hand (levels are 0/1, SETLEVEL is never used, victim[1] = v is the only
 *    shared value that varies): both processes in NCS/VICTIM: 4 location pairs x v in {0,1} = 8;
 *    exactly one in WAIT/CS and the other in NCS/VICTIM: v is the former's id (the other cannot
 *    have written since, or it would be blocked at WAIT), 2 x 2 x 2 = 8; both in WAIT: v either
 *    way, 2; one in WAIT and one in CS: the waiting one is the victim, 2; both in CS: none.
 *    Total 20.
 */
import { describe, expect, it } from 'vitest';
import { findModel } from '../../models/index.js';
import { explore, type ExploreOptions } from '../../src/engine/explore.js';
import { exitCodeFor } from '../../src/engine/outcome.js';
import { resolveParams, type CompiledModel } from '../../src/model/compile.js';
import { compiled } from './compiled.js';
import { enabledPlain, stepPlain } from '../../src/model/step.js';
import { replayPath } from '../../src/trace/replay.js';
import spin from '../../bench/spin-counts.json' with { type: 'json' };


/** a(n) = 2a(n-1) + 2a(n-2), a(0) = a(1) = 2 (see the header). */
function philosophersClosedForm(n: number): number {
  let a = 2;
  let b = 2;
  for (let i = 2; i <= n; i++) [a, b] = [b, 2 * b + 2 * a];
  return b;
}

const spinCounts = spin as unknown as Record<string, { states: number; transitions: number }>;

// Pinned [n, distinct, generated]. distinct = SPIN's states stored (and the closed form / hand
// count above); generated = SPIN's transitions - 1.
const PHILOSOPHERS: [number, number, number][] = [
  [2, 8, 10],
  [3, 20, 36],
  [4, 56, 136],
  [5, 152, 460],
  [6, 416, 1512],
  [7, 1136, 4816],
  [8, 3104, 15040],
  [10, 23168, 140320],
];
const PETERSON: [number, number, number][] = [
  [2, 20, 34],
  [3, 417, 945],
  [4, 9272, 25792],
  [5, 223105, 741065],
];

describe('pinned state counts (equal to SPIN on the Promela versions)', () => {
  it.each(PHILOSOPHERS)('philosophers n=%i: %i distinct, %i generated', (n, distinct, generated) => {
    expect(philosophersClosedForm(n)).toBe(distinct);
    expect(spinCounts[`philosophers n=${n}`]).toMatchObject({ states: distinct, transitions: generated + 1 });
    // The whole space: the all-LEFT deadlock is explored past (SPIN's -E).
    const o = explore(compiled('philosophers', { n }), { deadlock: false });
    expect(o.verdict).toBe('ok');
    expect(o.stats).toMatchObject({ distinct, generated });
  });

  it.each(PETERSON)('peterson n=%i: %i distinct, %i generated', (n, distinct, generated) => {
    expect(spinCounts[`peterson n=${n}`]).toMatchObject({ states: distinct, transitions: generated + 1 });
    // Deadlock detection stays on: the filter lock never deadlocks, and mutual exclusion holds.
    const o = explore(compiled('peterson', { n }), { symmetry: false });
    expect(o.verdict).toBe('ok');
    expect(exitCodeFor(o)).toBe(0);
    expect(o.stats).toMatchObject({ distinct, generated });
    expect(o.properties).toEqual([
      { name: 'mutual-exclusion', kind: 'invariant', status: 'holds' },
      { name: 'deadlock', kind: 'deadlock', status: 'holds' },
    ]);
    expect(o.neverFired).toEqual(
      // With two processes no one ever climbs a level.
      n === 2 ? ['pass level [p0]', 'pass level [p1]', 'set level [p0]', 'set level [p1]'] : [],
    );
  });
});

describe('BFS, DFS, exact and fp64 agree', () => {
  const cases: [string, Record<string, number>][] = [
    ['philosophers', { n: 3 }],
    ['philosophers', { n: 6 }],
    ['philosophers', { n: 8 }],
    ['peterson', { n: 2 }],
    ['peterson', { n: 3 }],
    ['peterson', { n: 4 }],
  ];
  it.each(cases)('%s %o', (id, raw) => {
    const m = compiled(id, raw);
    const runs = (['bfs', 'dfs'] as const).flatMap((strategy) =>
      (['exact', 'fp64'] as const).map((seen) => explore(m, { strategy, seen, deadlock: false })),
    );
    for (const o of runs) {
      expect(o.verdict).toBe('ok');
      expect(o.stats.distinct).toBe(runs[0].stats.distinct);
      expect(o.stats.generated).toBe(runs[0].stats.generated);
      expect(o.coverage).toEqual(runs[0].coverage);
    }
    expect(runs[1].fpCollisionProbability).toBeLessThan(1e-9);
    expect(runs[0].fpCollisionProbability).toBeUndefined();
  });
});

/**
 * An independent, one-successor-at-a-time BFS over plain states with the reference (immer)
 * interpreter and string keys: the counts at which the engine's batched search stops must be
 * exactly these.
 */
function referenceBfs(m: CompiledModel, deadlock: boolean): { verdict: string; distinct: number; generated: number; depth: number } {
  const key = (s: unknown): string => m.codec.encode(s).join(',');
  const seen = new Set<string>();
  const queue: [unknown, number][] = [];
  let generated = 0;
  const bad = (s: unknown): boolean => m.invariants.some((p) => !p.holds(s));
  for (const s of m.instance.init) {
    seen.add(key(s));
    if (bad(s)) return { verdict: 'violation', distinct: seen.size, generated, depth: 0 };
    queue.push([s, 0]);
  }
  for (let head = 0; head < queue.length; head++) {
    const [s, d] = queue[head];
    let any = false;
    for (let a = 0; a < m.actionLabel.length; a++) {
      if (!enabledPlain(m, s, a)) continue;
      any = true;
      const t = stepPlain(m, s, a);
      generated++;
      const k = key(t);
      if (seen.has(k)) continue;
      seen.add(k);
      if (bad(t)) return { verdict: 'violation', distinct: seen.size, generated, depth: d + 1 };
      queue.push([t, d + 1]);
    }
    if (!any && deadlock && !(m.instance.validEnd?.(s as never) ?? false)) {
      return { verdict: 'deadlock', distinct: seen.size, generated, depth: d };
    }
  }
  return { verdict: 'ok', distinct: seen.size, generated, depth: -1 };
}

describe('the philosophers deadlock', () => {
  it.each([2, 3, 4, 5, 6])('n=%i: BFS finds the all-LEFT state in n steps; the trace replays', (n) => {
    const m = compiled('philosophers', { n });
    const o = explore(m);
    expect(o.verdict).toBe('deadlock');
    expect(exitCodeFor(o)).toBe(11);
    const v = o.violations[0];
    expect(v).toMatchObject({ property: 'deadlock', kind: 'deadlock' });
    expect(v.trace.actions).toHaveLength(n);
    const r = replayPath(m, v.trace);
    if (!r.ok) throw new Error(r.error.message);
    const last = r.value[r.value.length - 1].state as { phil: string[]; fork: boolean[] };
    expect(last.phil).toEqual(Array(n).fill('LEFT'));
    expect(last.fork).toEqual(Array(n).fill(true));
    expect(r.value.slice(1).map((s) => s.name)).toEqual(Array(n).fill('take left'));
    // Stopped exactly where a one-at-a-time search stops.
    const ref = referenceBfs(m, true);
    expect(ref.verdict).toBe('deadlock');
    expect(o.stats).toMatchObject({ distinct: ref.distinct, generated: ref.generated });
  });

  it('DFS finds it too, and its trace replays to the all-LEFT state', () => {
    const m = compiled('philosophers', { n: 5 });
    const o = explore(m, { strategy: 'dfs' });
    expect(o.verdict).toBe('deadlock');
    const r = replayPath(m, o.violations[0].trace);
    if (!r.ok) throw new Error(r.error.message);
    expect((r.value[r.value.length - 1].state as { phil: string[] }).phil).toEqual(Array(5).fill('LEFT'));
  });
});

describe('peterson with mutate=1 violates mutual exclusion', () => {
  it.each([2, 3, 4])('n=%i: the shortest trace has 2 x (3n-3) steps and replays to two processes in CS', (n) => {
    const m = compiled('peterson', { n, mutate: 1 });
    // Unreduced: the counts are compared with an independent BFS below.
    const o = explore(m, { symmetry: false });
    expect(o.verdict).toBe('violation');
    expect(exitCodeFor(o)).toBe(12);
    const v = o.violations[0];
    expect(v).toMatchObject({ property: 'mutual-exclusion', kind: 'invariant' });
    // Each of two processes: start, then per level 1..n-2 set victim, pass level, set level,
    // then at level n-1 set victim and enter cs: 1 + 3(n-2) + 2 = 3n-3 steps.
    expect(v.trace.actions).toHaveLength(2 * (3 * n - 3));
    const r = replayPath(m, v.trace);
    if (!r.ok) throw new Error(r.error.message);
    const last = r.value[r.value.length - 1].state as { proc: { loc: string }[] };
    expect(last.proc.filter((p) => p.loc === 'CS')).toHaveLength(2);
    expect(m.invariants[0].holds(last)).toBe(false);
    expect(m.invariants[0].explain?.(last)).toMatch(/^p\d and p\d are in the critical section at the same time$/);
    if (n <= 3) {
      // (n=4 takes seconds through immer.)
      const ref = referenceBfs(m, true);
      expect(ref).toMatchObject({ verdict: 'violation', depth: v.trace.actions.length });
      expect(o.stats).toMatchObject({ distinct: ref.distinct, generated: ref.generated });
    }
  });

  it('n=3 pinned: the violation is found after 796 distinct states and 1790 successors', () => {
    const o = explore(compiled('peterson', { n: 3, mutate: 1 }), { symmetry: false });
    expect(o.stats).toMatchObject({ distinct: 796, generated: 1790, maxDepth: 12 });
  });

  it('DFS finds one too, and it replays', () => {
    const m = compiled('peterson', { n: 3, mutate: 1 });
    const o = explore(m, { strategy: 'dfs' });
    expect(o.verdict).toBe('violation');
    expect(replayPath(m, o.violations[0].trace).ok).toBe(true);
  });

  it('collect mode with every limit off still reports it once', () => {
    const opts: ExploreOptions = { collect: true };
    const o = explore(compiled('peterson', { n: 3, mutate: 1 }), opts);
    expect(o.violations.map((v) => v.property)).toEqual(['mutual-exclusion']);
    expect(o.properties.find((p) => p.name === 'deadlock')?.status).toBe('holds');
  });
});

describe('parameters', () => {
  it('ranges and values are enforced (RC003)', () => {
    const def = findModel('peterson');
    if (def === undefined) throw new Error('no peterson');
    expect(resolveParams(def, {})).toEqual({ ok: true, value: { n: 3, mutate: 0 } });
    expect(resolveParams(def, { n: 7 })).toMatchObject({ ok: false, error: { code: 'RC003' } });
    expect(resolveParams(def, { n: 1 })).toMatchObject({ ok: false, error: { code: 'RC003' } });
    expect(resolveParams(def, { mutate: 2 })).toMatchObject({ ok: false, error: { code: 'RC003' } });
    expect(resolveParams(def, { mutate: '1' })).toEqual({ ok: true, value: { n: 3, mutate: 1 } });
    expect(def.propertyNames).toEqual(['mutual-exclusion', 'starvation-free']);
  });
});

describe('--memory is a ceiling', () => {
  // The limit is checked every tick; structures grow in steps between ticks. The search must stop
  // before its memory passes the limit, in every storage and strategy, not at the first tick after.
  const m = compiled('peterson', { n: 6 });
  for (const strategy of ['bfs', 'dfs'] as const) {
    for (const seen of ['exact', 'fp64'] as const) {
      const upFront = explore(m, { strategy, seen, symmetry: false, maxStates: 1 }).stats.bytes / 1048576;
      it(`${strategy} ${seen}: a limit below what the storage allocates up front stops at once`, () => {
        const o = explore(m, { strategy, seen, symmetry: false, maxMemoryMB: upFront / 2 });
        expect(o.verdict).toBe('incomplete');
        expect(o.incompleteReason).toMatch(/is below the [0-9.]+ MB this storage allocates up front/);
        expect(o.stats.generated).toBe(0);
      });
      for (const extra of [1, 2, 3, 5]) {
        const mb = Math.ceil(upFront) + extra;
        it(`${strategy} ${seen} ${mb} MB`, () => {
          const o = explore(m, { strategy, seen, symmetry: false, maxMemoryMB: mb, tickEvery: 1024 });
          expect(o.verdict).toBe('incomplete');
          expect(o.incompleteReason).toMatch(new RegExp(`memory limit ${mb} MB`));
          expect(o.stats.bytes).toBeLessThanOrEqual(mb * 1048576);
        });
      }
    }
  }
});
