/**
 * kvfree-v1: pinned verdicts per property and distinct-state counts for every proof and mutation
 * configuration (models/kvfree/configs.ts), replay of every reported trace, and the meta-check
 * that every kvfree invariant bites somewhere and holds somewhere.
 */
import { describe, expect, it } from 'vitest';
import { V1_CONFIGS, V1_MUTATIONS } from '../../models/kvfree/configs.js';
import { KVFREE_PROPERTY_NAMES } from '../../invariants/kvfree.js';
import { explore } from '../../src/engine/explore.js';
import { buildTrace } from '../../src/trace/trace.js';
import { assertPackedStepMatchesImmer, compileConfig, configSuite } from './kvfree-harness.js';

configSuite([...V1_CONFIGS, ...V1_MUTATIONS]);

describe('kvfree invariants bite', () => {
  it('each property is violated by some configuration and holds in some faithful one', () => {
    const all = [...V1_CONFIGS, ...V1_MUTATIONS];
    // krcp-consistent judges a v6-only step (the re-lock after the sleeping page allocation), and
    // barrier-complete / destroy-clean / flush-dependency the v6-only teardown (kvfree_rcu_barrier() is v6.12 code):
    // they bite in kvfree-v6 (kvfree-variants.test.ts).
    const v6Only = ['krcp-consistent', 'barrier-complete', 'destroy-clean', 'flush-dependency'];
    for (const name of KVFREE_PROPERTY_NAMES.filter((n) => !v6Only.includes(n))) {
      expect(all.some((c) => c.violates.includes(name)), `${name} never bites`).toBe(true);
      expect(V1_CONFIGS.some((c) => !c.violates.includes(name)), `${name} never holds`).toBe(true);
    }
  });
});

describe('kvfree-v1 packed step equals the immer reference', () => {
  it('on sampled reachable states of v1-small and v1-2cpu (fast-check, seed 4242)', () => {
    for (const id of ['v1-small', 'v1-2cpu']) assertPackedStepMatchesImmer(V1_CONFIGS.find((c) => c.id === id)!, 30);
  });
});

describe('context (P5) is judged at the step that sleeps, and a held lock needs its holder', () => {
  const byId = (id: string) => [...V1_CONFIGS, ...V1_MUTATIONS].find((c) => c.id === id)!;
  const contextTrace = (id: string) => {
    const m = compileConfig(byId(id));
    const o = explore(m, { collect: true, deadlock: false });
    const v = o.violations.find((x) => x.property === 'context')!;
    const t = buildTrace(m, v);
    if (!t.ok) throw new Error(t.error.message);
    return t.value;
  };

  it('sync-under-lock: synchronize_rcu() runs while its caller holds krcp->lock; the lock held across steps is not itself the finding', () => {
    const t = contextTrace('v1-mut-sync-under-lock');
    expect(t.steps[t.steps.length - 1].action).toMatch(/^C8 synchronize_rcu /);
    expect(t.explanation).toMatch(/synchronize_rcu\(\) \(C8\) was called while its caller still holds krcp->lock/);
    // The steps before it hold the lock with a holder, and context held there.
    expect(t.steps.slice(1, -1).some((s) => (s.state as { callers: { held: number }[] }).callers[0].held === 1)).toBe(true);
  });

  it('no-unlock: a lock left held with no holder is caught at rest', () => {
    expect(contextTrace('v1-mut-no-unlock').explanation).toMatch(/still held after the step that took it returned, and no caller holds it/);
  });

  it('reader and spinlock contexts: the head-less call is caught at might_sleep() (C0); the two-argument call is not', () => {
    expect(contextTrace('v1-reader-headless').explanation).toMatch(/inside the client's RCU read-side critical section/);
    expect(contextTrace('v1-spinlock-headless').explanation).toMatch(/while the client holds its own spinlock/);
    expect(byId('v1-reader-embedded').violates).toEqual([]);
  });
});

describe('C2 (debug_rcu_head_queue() finds the head active) is reachable', () => {
  it('a second kvfree_rcu() of a queued object takes the "Double-freed call" branch', () => {
    const m = compileConfig([...V1_CONFIGS, ...V1_MUTATIONS].find((c) => c.id === 'v1-mut-double-call')!);
    const o = explore(m, { collect: true, deadlock: false });
    expect(o.coverage.find((a) => a.action.startsWith('C1-C7 kvfree_call_rcu: C2 already queued'))?.count).toBeGreaterThan(0);
    expect(o.neverFired.filter((a) => a.startsWith('C1-C7 kvfree_call_rcu: C2'))).toEqual([]);
  });
});
