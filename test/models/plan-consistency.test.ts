/**
 * The default proof plan publishes every named kvfree configuration with the same parameters and
 * expected violations as models/kvfree/configs.ts (which the pinned model tests and the reports
 * use), so the two can never drift apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  V1_CONFIGS,
  V1_MUTATIONS,
  V59_CONFIGS,
  V59_MUTATIONS,
  V6_CONFIGS,
  V6_MUTATIONS,
} from '../../models/kvfree/configs.js';
import { withKvfreeEntries } from '../../src/experiments/kvfree-plan.js';
import { KVFREE_LIVENESS_CONFIGS } from '../../models/kvfree/liveness-configs.js';
import { isMutation } from '../../src/check/coverage-gate.js';

interface Entry {
  id: string;
  model: string;
  params: Record<string, string | number>;
  mutation?: boolean;
  expect: 'holds' | { violates: string | string[]; note: string };
}

const plan = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'proofs', 'plan.json'), 'utf8')) as { entries: Entry[] };
const configs = [...V1_CONFIGS, ...V1_MUTATIONS, ...V59_CONFIGS, ...V59_MUTATIONS, ...V6_CONFIGS, ...V6_MUTATIONS];

describe('proofs/plan.json and models/kvfree/configs.ts', () => {
  it('the plan file is exactly what `rcucheck plan` generates from the configurations (notes included)', () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', 'proofs', 'plan.json'), 'utf8');
    expect(text).toBe(withKvfreeEntries(text));
  });
  it('the generator keeps the reference entries and replaces a drifted kvfree note', () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', 'proofs', 'plan.json'), 'utf8');
    const drifted = text.replace('"objects":"e"},"expect":"holds","note":"', '"objects":"e"},"expect":{"violates":"no-leak","note":"drifted"},"note":"');
    expect(drifted).not.toBe(text);
    expect(withKvfreeEntries(drifted)).toBe(text);
  });
  it('the plan has exactly one entry per named kvfree configuration and per liveness configuration, and no other kvfree entry', () => {
    const kv = plan.entries.filter((e) => e.model.startsWith('kvfree-')).map((e) => e.id).sort();
    expect(kv).toEqual([...configs, ...KVFREE_LIVENESS_CONFIGS].map((c) => c.id).sort());
  });
  it.each(KVFREE_LIVENESS_CONFIGS.map((c) => [c.id, c] as const))('%s: a liveness entry naming only its liveness properties', (_id, c) => {
    const e = plan.entries.find((x) => x.id === c.id)! as Entry & { invariants?: string[] };
    expect([e.model, e.params, e.invariants]).toEqual([c.model, c.params, c.invariants]);
    expect(e.expect === 'holds' ? [] : [e.expect.violates].flat()).toEqual([...c.violates]);
  });
  it.each(configs.map((c) => [c.id, c] as const))('%s: same model, parameters and expected violations', (_id, c) => {
    const e = plan.entries.find((x) => x.id === c.id)!;
    expect(e.model).toBe(c.model);
    expect(e.params).toEqual(c.params);
    const violates = e.expect === 'holds' ? [] : typeof e.expect.violates === 'string' ? [e.expect.violates] : e.expect.violates;
    expect([...violates].sort()).toEqual([...c.violates].sort());
    // The coverage gate leaves mutations out: the plan must tell them apart as configs.ts does.
    expect(isMutation(e.params, e.mutation), `${c.id}: mutation in the plan`).toBe(c.mutation === true);
  });
});
