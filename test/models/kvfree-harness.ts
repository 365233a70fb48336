/**
 * Shared test harness for the kvfree model families: for each named configuration, the expected
 * status of every property, the pinned distinct-state count, and replay of every reported trace to
 * a state (or edge) that breaks its property. Used by kvfree-v1.test.ts and kvfree-variants.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { findModel } from '../../models/index.js';
import type { KvfreeConfig } from '../../models/kvfree/configs.js';
import { KVFREE_PROPERTY_NAMES } from '../../invariants/kvfree.js';
import { compileModel, resolveParams, type CompiledModel } from '../../src/model/compile.js';
import { explore } from '../../src/engine/explore.js';
import type { Outcome } from '../../src/engine/outcome.js';
import { buildTrace } from '../../src/trace/trace.js';
import { findingStory } from '../../models/kvfree/common/finding-story.js';
import { storyText } from '../../models/kvfree/common/story.js';
import { enabledActions, stepPlain } from '../../src/model/step.js';

export function compileConfig(cfg: KvfreeConfig): CompiledModel {
  const def = findModel(cfg.model)!;
  const p = resolveParams(def, cfg.params);
  if (!p.ok) throw new Error(p.error.message);
  const m = compileModel(def, p.value);
  if (!m.ok) throw new Error(m.error.message);
  return m.value;
}

const outcomes = new Map<string, Outcome>();
function run(cfg: KvfreeConfig): { m: CompiledModel; o: Outcome } {
  const m = compileConfig(cfg);
  if (!outcomes.has(cfg.id)) outcomes.set(cfg.id, explore(m, { collect: true, symmetry: false }));
  return { m, o: outcomes.get(cfg.id)! };
}

/** The distinct-state counts pinned once, in proofs/baselines.json (exact BFS, collect mode, no symmetry: the plan's kvfree entries are run so). */
const PINNED = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'proofs', 'baselines.json'), 'utf8')) as Record<string, { distinct: number }>;

/** One describe block per configuration: expected statuses + pinned count, and trace replay. */
export function configSuite(configs: readonly KvfreeConfig[]): void {
  describe.each(configs)('$id', (cfg) => {
    it('gives the expected status for every property and the pinned state count', () => {
      const { o } = run(cfg);
      const got = Object.fromEntries(o.properties.filter((p) => p.name !== 'deadlock').map((p) => [p.name, p.status]));
      const want = Object.fromEntries(KVFREE_PROPERTY_NAMES.map((n) => [n, cfg.violates.includes(n) ? 'violated' : 'holds']));
      expect(got).toEqual(want);
      expect(o.properties.find((p) => p.name === 'deadlock')?.status).toBe('holds');
      expect(o.verdict).toBe(cfg.violates.length === 0 ? 'ok' : 'violation');
      expect(PINNED[cfg.id], `${cfg.id} has a count in proofs/baselines.json`).toBeDefined();
      expect(o.stats.distinct).toBe(PINNED[cfg.id].distinct);
    });

    it('every reported violation replays to a state (or edge) that breaks its property', () => {
      const { m, o } = run(cfg);
      for (const v of o.violations) {
        const t = buildTrace(m, v);
        expect(t.ok, `${v.property}: ${t.ok ? '' : t.error.message}`).toBe(true);
        if (!t.ok) continue;
        const last = t.value.steps[t.value.steps.length - 1].state;
        const prev = t.value.steps.length > 1 ? t.value.steps[t.value.steps.length - 2].state : last;
        if (v.kind === 'invariant') expect(m.invariants.find((p) => p.name === v.property)!.holds(last)).toBe(false);
        if (v.kind === 'transition') expect(m.transitions.find((p) => p.name === v.property)!.holds(prev, last)).toBe(false);
        if (v.kind === 'terminal') {
          expect(enabledActions(m, last)).toEqual([]);
          expect(m.terminals.find((p) => p.name === v.property)!.holds(last)).toBe(false);
        }
        expect(t.value.explanation.length).toBeGreaterThan(20);
      }
    });

    it('the mechanism claimed for each finding is the one its own trace shows', () => {
      const { m, o } = run(cfg);
      for (const [property, claimed] of Object.entries(cfg.shown ?? {})) {
        const v = o.violations.find((x) => x.property === property);
        expect(v, `${property}: claimed but not violated`).toBeDefined();
        const t = buildTrace(m, v!);
        if (!t.ok) throw new Error(t.error.message);
        const story = findingStory(property, t.value);
        expect(story?.mechanism, `${property}: ${story === null ? 'no story' : storyText(story)}`).toBe(claimed);
        // Every event names a step of this trace.
        for (const e of story!.events) expect(Number(/^step (\d+) /.exec(e)?.[1])).toBeLessThanOrEqual(t.value.steps.length - 1);
      }
      // Every violation, of a finding or of a seeded bug, says which mechanism its trace shows, and names one.
      for (const property of cfg.violates) {
        const claimed = cfg.shown?.[property as keyof NonNullable<KvfreeConfig['shown']>];
        expect(claimed, `${cfg.id}: ${property} has no claimed mechanism`).toBeDefined();
        expect(claimed, `${cfg.id}: ${property}`).not.toBe('other');
      }
    });
  });
}

/**
 * fast-check (seed 4242): along random walks of up to `maxSteps` steps from the initial state,
 * the packed successor (mirror load → recipe → store) equals the immer reference successor.
 */
export function assertPackedStepMatchesImmer(cfg: KvfreeConfig, maxSteps: number): void {
  const m = compileConfig(cfg);
  const mirror = m.codec.makeMirror();
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 0, maxLength: maxSteps }), (choices) => {
      let s: unknown = m.instance.init[0];
      for (const ch of choices) {
        const en = enabledActions(m, s);
        if (en.length === 0) break;
        const a = en[ch % en.length];
        const ref = stepPlain(m, s, a);
        mirror.load(m.codec.encode(s));
        m.applies[a](mirror.state, m.actionParam[a]);
        const packed = new Int32Array(m.codec.words);
        mirror.store(packed);
        expect(Array.from(packed)).toEqual(Array.from(m.codec.encode(ref)));
        s = ref;
      }
    }),
    { seed: 4242, numRuns: 60 },
  );
}
