/**
 * The data-race check (`--races`, src/model/races.ts) on the race fixture (./race-fixture.ts),
 * whose races are known by reading it, and on kvfree-v6's B6 (models/kvfree/v6-accesses.ts).
 * kvfree-v1's and kvfree-v5.9's krcp->count labels (models/kvfree/classic-accesses.ts).
 * Every outcome asserted here is pinned: which races, their traces, stories and replays.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.js';
import { exitCodeFor } from '../../src/engine/outcome.js';
import { compileModel } from '../../src/model/compile.js';
import { actionAccesses, raceCandidates, withRaces } from '../../src/model/races.js';
import { resolveParams } from '../../src/model/compile.js';
import type { ModelDef } from '../../src/model/types.js';
import { findModel } from '../../models/index.js';
import { krcpHead } from '../../models/kvfree/v6-accesses.js';
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

describe("kvfree-v6 B6' labels (krcp->head): need_offload_krc()'s unlocked load against the WRITE_ONCE() stores under krcp->lock", () => {
  // The smallest bounds where the re-arm's load and a ch3 push can run back to back: one CPU,
  // two objects with their own rcu_head (the first is detached, the second pushed on ch3).
  const params = (kernel: string) => ({ cpus: 1, objects: 'e,e', readers: 0, kernel });
  const build = (def: ModelDef, kernel: string) => {
    const p = resolveParams(def, params(kernel));
    if (!p.ok) throw new Error(p.error.message);
    const c = compileModel(def, p.value);
    if (!c.ok) throw new Error(c.error.message);
    return c.value;
  };
  const kvfreeV6 = findModel('kvfree-v6')!;
  const headPairs = (m: ReturnType<typeof build>) => raceCandidates(m).filter((r) => r.loc === krcpHead(0));

  it('the labels: the load is marked and unlocked on the re-arm steps, the stores marked under krcp->lock; every version has 9627456101ec, so no pair is a candidate', () => {
    for (const kernel of ['v6.4', 'v6.12', 'v6.15']) {
      const m = build(kvfreeV6, kernel);
      const acc = actionAccesses(m);
      const named = (name: string) => acc.filter((_, i) => m.actionName[i] === name).flat().filter((a) => a.loc === krcpHead(0));
      expect(named('M kvfree_rcu_queue_batch + rearm').map((a) => [a.kind, a.mode, a.locks])).toEqual([
        ['write', 'marked', ['krcp[0].lock']],
        ['read', 'marked', []],
      ]);
      expect(named('C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback').map((a) => [a.kind, a.mode, a.locks])).toEqual([['write', 'marked', ['krcp[0].lock']]]);
      expect(named('M kvfree_rcu_drain_ready detach').map((a) => [a.kind, a.mode, a.locks])).toEqual([['write', 'marked', ['krcp[0].lock']]]);
      expect(headPairs(m)).toEqual([]);
    }
  });

  it('preview, not a kernel version: with the load plain (as at 8fc5494ad5fa..cc37d52076a9) the same labels race on v6.4 code, the re-arm against the ch3 push', () => {
    // Only the mode of need_offload_krc()'s label changes; the steps are v6.4's, so this is what
    // the labels can find, not a claim about the v6.3 merge-window tree (row B6' says what that needs).
    const plainLoad: ModelDef = {
      ...kvfreeV6,
      build(p) {
        const m = kvfreeV6.build(p);
        const actions = m.actions.map((a) =>
          a.accesses === undefined ? a : { ...a, accesses: a.accesses.map((x) => (x.kind === 'read' && x.cite?.startsWith('need_offload_krc()') === true ? { ...x, mode: 'plain' as const } : x)) },
        );
        return { ...m, actions };
      },
    };
    const plain = build(plainLoad, 'v6.4');
    expect(headPairs(plain).map((r) => `${r.a.name} (${r.a.access.kind}) / ${r.b.name} (${r.b.access.kind})`)).toEqual([
      'C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback (write) / M kvfree_rcu_queue_batch + rearm (read)',
      'C kvfree_call_rcu: dynamic head kmalloc(GFP_KERNEL), krc_this_cpu_lock (write) / M kvfree_rcu_queue_batch + rearm (read)',
    ]);
    const m = withRaces(plain);
    const o = explore(m, { strategy: 'bfs', collect: true });
    expect(o.stats.distinct).toBe(429);
    expect(o.violations.map((v) => v.property)).toEqual(['race krcp[0].head: C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback (write) / M kvfree_rcu_queue_batch + rearm (read)']);
    const t = traceViolations(m, o)[0].trace;
    if (!t.ok) throw new Error(t.error.message);
    expect(t.value.steps.length - 1).toBe(8);
    // Two calls, the timer fires, drain_ready leaves ch3 (its snapshot has not polled done): the
    // monitor's kvfree_rcu_queue_batch() + re-arm and the second call's ch3 push are both next.
    expect(t.value.steps.map((s) => s.action).slice(-3)).toEqual(['G monitor timer fires [cpu0]', 'M0 workqueue starts kfree_rcu_monitor [cpu0]', 'M kvfree_rcu_drain_ready detach [cpu0]']);
    expect(t.value.explanation).toMatch(
      /^after step 8 both are enabled: step 9 \(C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback \[caller0\], caller0\) writes \(marked\) krcp\[0\]\.head holding krcp\[0\]\.lock .* while \(M kvfree_rcu_queue_batch \+ rearm \[cpu0\], monitor0\) reads it without a lock /,
    );
    // As registered (marked load): the same search finds no race.
    const marked = withRaces(build(kvfreeV6, 'v6.4'));
    const om = explore(marked, { strategy: 'bfs', collect: true });
    expect(om.stats.distinct).toBe(429);
    expect(om.violations).toEqual([]);
  });
});

describe('kvfree-v1 / kvfree-v5.9 krcp->count labels (models/kvfree/classic-accesses.ts): kfree_rcu_shrink_scan() loads count plain, before krcp->lock', () => {
  const build = (def: ModelDef, params: Record<string, string | number>) => {
    const p = resolveParams(def, params);
    if (!p.ok) throw new Error(p.error.message);
    const c = compileModel(def, p.value);
    if (!c.ok) throw new Error(c.error.message);
    return c.value;
  };
  // The plain definitions (./v1.ts, ./v59.ts), without labels, against the registered ones.
  const unlabelled = (def: ModelDef): ModelDef => ({ ...def, build: (p) => ({ ...def.build(p), actions: def.build(p).actions.map((a) => ({ ...a, accesses: undefined })) }) });
  const small = { objects: 'e', readers: 0, shrinker: 1 };

  it.each([
    ['kvfree-v1', { objects: 'e', readers: 2, shrinker: 1 }, 1489],
    ['kvfree-v5.9', { objects: 'e', readers: 2, shrinker: 1 }, 1645],
    ['kvfree-v1', { objects: 'e', readers: 0, debug: 0, shrinkCore: 1 }, 426],
    ['kvfree-v5.9', { objects: 'e', readers: 0, debug: 0, shrinkCore: 1 }, 420],
  ] as const)('%s %o: the labels change no count and no fingerprint', (model, params, distinct) => {
    const def = findModel(model)!;
    const labelled = build(def, params);
    const plain = build(unlabelled(def), params);
    expect(actionAccesses(labelled).some((a) => a.length > 0)).toBe(true);
    expect(actionAccesses(plain).every((a) => a.length === 0)).toBe(true);
    expect(modelFingerprint(labelled)).toBe(modelFingerprint(plain));
    const a = explore(labelled, { strategy: 'bfs', collect: true });
    const b = explore(plain, { strategy: 'bfs', collect: true });
    expect(a.stats.distinct).toBe(distinct);
    expect(b.stats.distinct).toBe(distinct);
  });

  it('the labels: the scan loads plain without a lock, the increment and the zeroing store marked under krcp->lock', () => {
    for (const model of ['kvfree-v1', 'kvfree-v5.9']) {
      const m = build(findModel(model)!, small);
      const acc = actionAccesses(m);
      const named = (name: string) => [...new Set(acc.filter((_, i) => m.actionName[i] === name).flat().map((a) => JSON.stringify([a.loc, a.kind, a.mode, a.locks])))];
      expect(named('S kfree_rcu_shrink_scan')).toEqual([JSON.stringify(['krcp[0].count', 'read', 'plain', []]), JSON.stringify(['krcp[0].count', 'write', 'marked', ['krcp[0].lock']])]);
      expect(named('C1-C7 kvfree_call_rcu: C3 add_ptr_to_bulk')).toEqual([JSON.stringify(['krcp[0].count', 'read', 'plain', ['krcp[0].lock']]), JSON.stringify(['krcp[0].count', 'write', 'marked', ['krcp[0].lock']])]);
      expect(named('M1-M3 kfree_rcu_monitor')).toEqual([JSON.stringify(['krcp[0].count', 'write', 'marked', ['krcp[0].lock']])]);
    }
    // 4c33464ae85e (B7, v6.3): per-channel atomics and krc_count(): every access marked, no candidate.
    const fixed = build(findModel('kvfree-v5.9')!, { ...small, fix: '4c33464ae85e' });
    expect(raceCandidates(fixed)).toEqual([]);
  });

  const found = (model: string, params: Record<string, string | number>) => {
    const m = withRaces(build(findModel(model)!, params));
    const o = explore(m, { strategy: 'bfs', collect: true });
    return { m, o, races: o.violations.map((v) => v.property).filter((p) => p.startsWith('race ')) };
  };

  it.each(['kvfree-v1', 'kvfree-v5.9'])('%s, one object, no reader, shrinker=1: the scan\'s plain load races with the caller\'s increment and with the monitor\'s zeroing', (model) => {
    const { m, o, races } = found(model, small);
    expect(races).toEqual([
      'race krcp[0].count: C1-C7 kvfree_call_rcu: C3 add_ptr_to_bulk (write) / S kfree_rcu_shrink_scan (read)',
      model === 'kvfree-v1'
        ? 'race krcp[0].count: C1-C7 kvfree_call_rcu: C4 queue on ch3 (write) / S kfree_rcu_shrink_scan (read) #2'
        : 'race krcp[0].count: C1-C7 kvfree_call_rcu: C4 queue on ch3 (write) / S kfree_rcu_shrink_scan (read)',
      'race krcp[0].count: M1-M3 kfree_rcu_monitor (write) / S kfree_rcu_shrink_scan (read)',
    ]);
    const t = traceViolations(m, o).find((v) => v.violation.property.startsWith('race krcp[0].count: C1-C7 kvfree_call_rcu: C3'))!.trace;
    if (!t.ok) throw new Error(t.error.message);
    expect(t.value.explanation).toMatch(/writes \(marked\) krcp\[0\]\.count holding krcp\[0\]\.lock .* while \(S kfree_rcu_shrink_scan .*\) reads it without a lock /);
  });

  // One object: do_shrink_slab() scans only after kfree_rcu_shrink_count() saw it, so after the
  // only increment; the monitor's zeroing is what can still run next to the scan's load.
  it.each(['kvfree-v1', 'kvfree-v5.9'])('%s, shrinkCore=1: the same load in do_shrink_slab()\'s scan races with the monitor; kfree_rcu_shrink_count()\'s READ_ONCE() does not', (model) => {
    const { races } = found(model, { objects: 'e', readers: 0, debug: 0, shrinkCore: 1 });
    expect(races).toEqual(['race krcp[0].count: M1-M3 kfree_rcu_monitor (write) / S kfree_rcu_shrink_scan: next CPU (read)']);
  });

  it('no shrinker: candidates only, no race (every other access to count is under krcp->lock)', () => {
    for (const model of ['kvfree-v1', 'kvfree-v5.9']) expect(found(model, { objects: 'e', readers: 0 }).races).toEqual([]);
  });
});

describe('kvfree-v6: the boot re-arm (kfree_rcu_scheduler_running()) writes monitor_work.timer.expires without krcp->lock until v6.13', () => {
  // The v6-boot configuration (models/kvfree/configs.ts): a head-less object whose call sleeps in
  // __get_free_page() across INIT → RUNNING, then a two-argument call; the boot re-arm and the
  // second call's schedule_delayed_monitor_work() are both next.
  const params = (kernel: string) => ({ objects: 'h,e', boot: 'boot', kernel });
  const RACE =
    'race krcp[0].monitor_work.timer.expires: B kfree_rcu_scheduler_running (write) / C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback (read)';

  it('v6.12: the boot re-arm races with the caller in 9 steps (exit 12); v6.13 (a23da88c6c80: schedule_delayed_monitor_work() takes krcp->lock): none, 16996 states', async () => {
    const buggy = await check({ model: 'kvfree-v6', params: params('v6.12'), races: true }, { workers: 1 });
    const fixed = await check({ model: 'kvfree-v6', params: params('v6.13'), races: true }, { workers: 1 });
    if (!buggy.ok || !fixed.ok) throw new Error('check failed to start');
    expect(buggy.value.result.exitCode).toBe(12);
    expect(buggy.value.violations.map((v) => v.violation.property)).toEqual([RACE]);
    const t = buggy.value.violations[0].trace;
    if (!t.ok) throw new Error(t.error.message);
    expect(t.value.steps.length - 1).toBe(9);
    expect(t.value.explanation).toMatch(
      /^after step 9 both are enabled: step 10 \(B kfree_rcu_scheduler_running \[next CPU\], boot\) writes krcp\[0\]\.monitor_work\.timer\.expires holding krcp\[0\]\.monitor_work PENDING .* while \(C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback \[caller0\], caller0\) reads it holding krcp\[0\]\.lock /,
    );
    expect(fixed.value.result.exitCode).toBe(0);
    expect(fixed.value.violations).toEqual([]);
    expect(fixed.value.outcome.stats.distinct).toBe(16996);
  }, 120_000);
});

describe("kvfree-v6 B6' (9627456101ec): need_offload_krc()'s plain load of krcp->head at cc37d52076a9", () => {
  const params = (kernel: string) => ({ cpus: 1, objects: 'e,e', readers: 0, kernel });
  const RACE = 'race krcp[0].head: C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback (write) / M kvfree_rcu_queue_batch + rearm (read)';
  it('v6.3-merge-cc37d52076a9: the re-arm\'s plain load races with the ch3 push in 7 steps (exit 12); v6.3-merge-9627456101ec: none, 227 states', async () => {
    const buggy = await check({ model: 'kvfree-v6', params: params('v6.3-merge-cc37d52076a9'), races: true, deadlock: false }, { workers: 1 });
    const fixed = await check({ model: 'kvfree-v6', params: params('v6.3-merge-9627456101ec'), races: true, deadlock: false }, { workers: 1 });
    if (!buggy.ok || !fixed.ok) throw new Error('check failed to start');
    expect(buggy.value.result.exitCode).toBe(12);
    expect(buggy.value.violations.map((v) => v.violation.property)).toEqual([RACE]);
    const t = buggy.value.violations[0].trace;
    if (!t.ok) throw new Error(t.error.message);
    expect(t.value.steps.length - 1).toBe(7);
    expect(t.value.explanation).toMatch(
      /^after step 7 both are enabled: step 8 \(C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback \[caller0\], caller0\) writes \(marked\) krcp\[0\]\.head holding krcp\[0\]\.lock .* while \(M kvfree_rcu_queue_batch \+ rearm \[cpu0\], monitor0\) reads it without a lock \[need_offload_krc\(\): return !!krcp->head \(plain\)/,
    );
    expect(fixed.value.result.exitCode).toBe(0);
    expect(fixed.value.violations).toEqual([]);
    expect(fixed.value.outcome.stats.distinct).toBe(227);
  }, 120_000);
});
