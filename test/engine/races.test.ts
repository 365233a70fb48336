/**
 * The data-race check (`--races`, src/model/races.ts) on the race fixture (./race-fixture.ts),
 * whose races are known by reading it, and on kvfree-v6's B6 (models/kvfree/v6-accesses.ts).
 * Every outcome asserted here is pinned: which races, their traces, stories and replays.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.js';
import { exitCodeFor } from '../../src/engine/outcome.js';
import { compileModel } from '../../src/model/compile.js';
import { raceCandidates, withRaces } from '../../src/model/races.js';
import { traceViolations } from '../../src/check/run.js';
import { confirmTrace } from '../../src/trace/confirm.js';
import { modelFingerprint } from '../../src/trace/fingerprint.js';
import { readItf, writeItf } from '../../src/trace/itf.js';
import { check } from '../../src/check/index.js';
import { traceFiles } from '../../src/report/trace-files.js';
import { raceFixture } from './race-fixture.js';

function fixture(mutate: number) {
  const c = compileModel(raceFixture, { mutate });
  if (!c.ok) throw new Error(c.error.message);
  return c.value;
}

describe('race fixture', () => {
  it('adds invariants only to the compiled model: actions, properties and fingerprint unchanged', () => {
    const m = fixture(0);
    const r = withRaces(m);
    expect(modelFingerprint(r)).toBe(modelFingerprint(m));
    expect(r.actionLabel).toEqual(m.actionLabel);
    expect(m.invariants).toHaveLength(0);
    expect(r.invariants.map((p) => p.name)).toEqual([
      'race x: W write x (write) / R read x (read)',
      'race x: W write x (write) / C read x (read)',
      'race q: S1 write q (write) / S2 read q (read)',
    ]);
  });

  it('the candidates leave out marked pairs, a common lock, the same actor and two reads (C and S2 are left to the search)', () => {
    const names = raceCandidates(fixture(0)).map((r) => `${r.loc}: ${r.a.name} / ${r.b.name}`);
    expect(names).toEqual(['x: W write x / R read x', 'x: W write x / C read x', 'q: S1 write q / S2 read q']);
  });

  it('finds exactly the race on x, with the shortest trace and a story; S1/S2 are never both enabled, C never reads', () => {
    const m = withRaces(fixture(0));
    const o = explore(m, { strategy: 'bfs', collect: true });
    expect(o.verdict).toBe('violation');
    expect(exitCodeFor(o)).toBe(12);
    expect(o.violations.map((v) => v.property)).toEqual(['race x: W write x (write) / R read x (read)']);
    expect(o.properties.filter((p) => p.status === 'holds').map((p) => p.name)).toEqual([
      'race x: W write x (write) / C read x (read)',
      'race q: S1 write q (write) / S2 read q (read)',
      'deadlock',
    ]);
    const t = traceViolations(m, o)[0];
    expect(t.trace.ok).toBe(true);
    if (!t.trace.ok) return;
    expect(t.trace.value.steps.map((s) => s.action)).toEqual(['init', 'R start']);
    expect(t.trace.value.explanation).toBe(
      'after step 1 both are enabled: step 2 (W write x, w) writes x without a lock while (R read x, r) reads it without a lock; ' +
        'no lock orders them, so either runs as step 2 and the other as step 3: a data race',
    );
  });

  it('a mutation that drops the lock L is caught as a race on z', () => {
    const m = withRaces(fixture(1));
    const o = explore(m, { strategy: 'bfs', collect: true });
    expect(o.violations.map((v) => v.property).sort()).toEqual(['race x: W write x (write) / R read x (read)', 'race z: L1 write z (write) / L2 read z (read)']);
    const z = traceViolations(m, o).find((v) => v.violation.property.startsWith('race z'));
    expect(z?.trace.ok && z.trace.value.steps.length).toBe(1); // both enabled in the initial state
  });

  it('the race trace replays: confirmTrace rebuilds the race invariants from the property name', () => {
    const plain = fixture(0);
    const m = withRaces(plain);
    const t = traceViolations(m, explore(m, { strategy: 'bfs', collect: true }))[0];
    if (!t.trace.ok) throw new Error('no trace');
    const itf = readItf(writeItf(t.trace.value, { fingerprint: modelFingerprint(plain) }));
    if (!itf.ok) throw new Error(itf.error.message);
    const r = confirmTrace(itf.value, { find: (id) => (id === raceFixture.id ? raceFixture : undefined) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.exitCode).toBe(12);
    expect(r.value.property).toBe('race x: W write x (write) / R read x (read)');
    expect(r.value.trace.explanation).toBe(t.trace.value.explanation);
  });
});

describe('kvfree-v6 B6 (a23da88c6c80): the monitor re-arm writes monitor_work.timer.expires without krcp->lock until v6.13', () => {
  // The smallest bounds found where the re-arm writes while a call is due: two batches busy, one
  // object left on ch3 after kvfree_rcu_queue_batch(), the caller's fourth call next.
  const params = (kernel: string) => ({ cpus: 1, objects: 'e,e,e,e', readers: 0, kernel });
  const B6 =
    'race krcp[0].monitor_work.timer.expires: M kvfree_rcu_queue_batch + rearm (write) / C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback (read)';

  it('v6.12: one race, B6, with a 22-step trace that replays (exit 12); v6.13: none; the labels change no count', async () => {
    const buggy = await check({ model: 'kvfree-v6', params: params('v6.12'), races: true }, { workers: 1 });
    const fixed = await check({ model: 'kvfree-v6', params: params('v6.13'), races: true }, { workers: 1 });
    const plain = await check({ model: 'kvfree-v6', params: params('v6.12') }, { workers: 1 });
    if (!buggy.ok || !fixed.ok || !plain.ok) throw new Error('check failed to start');
    expect(plain.value.outcome.verdict).toBe('ok');
    expect(buggy.value.outcome.stats.distinct).toBe(237307);
    expect(fixed.value.outcome.stats.distinct).toBe(237307);
    expect(plain.value.outcome.stats.distinct).toBe(237307);
    expect(buggy.value.result.exitCode).toBe(12);
    expect(buggy.value.violations.map((v) => v.violation.property)).toEqual([B6]);
    expect(fixed.value.result.exitCode).toBe(0);
    expect(fixed.value.violations).toEqual([]);
    const t = buggy.value.violations[0].trace;
    if (!t.ok) throw new Error(t.error.message);
    expect(t.value.steps.length - 1).toBe(22);
    expect(t.value.explanation).toMatch(
      /^after step 22 both are enabled: step 23 \(M kvfree_rcu_queue_batch \+ rearm \[cpu0\], monitor0\) writes krcp\[0\]\.monitor_work\.timer\.expires holding krcp\[0\]\.monitor_work PENDING .* while \(C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback \[caller0\], caller0\) reads it holding krcp\[0\]\.lock /,
    );
    const itf = readItf(traceFiles(t.value)['trace.itf.json']);
    if (!itf.ok) throw new Error(itf.error.message);
    const r = confirmTrace(itf.value);
    expect(r.ok && r.value.exitCode).toBe(12);
  }, 120_000);
});
