/**
 * The kvfree entries of proofs/plan.json, generated from the named configurations
 * (models/kvfree/variants.ts): same id, model, parameters, expected violations and note; then the
 * liveness entries (models/kvfree/liveness-configs.ts), each naming only `eventual-free`.
 *
 * Why this file exists: the plan, the pinned model tests and the reports must run the same
 * configurations with the same expectations; writing them twice let them drift. `rcucheck plan`
 * rewrites the plan's kvfree entries from here, and a test fails when the file differs.
 *
 * What it must not do: write files or touch the plan's other entries (the reference models',
 * kept as they are, in order, ahead of the kvfree ones).
 */
import type { KvfreeConfig } from '../../models/kvfree/configs.js';
import { isMutation } from '../check/coverage-gate.js';
import { ALL_KVFREE_CONFIGS } from '../../models/kvfree/variants.js';
import { KVFREE_LIVENESS_CONFIGS, type KvfreeLivenessConfig } from '../../models/kvfree/liveness-configs.js';

interface PlanFile {
  description?: string;
  entries: { model: string }[];
}

/** The plan entry of one kvfree configuration. */
export function planEntry(c: KvfreeConfig): Record<string, unknown> {
  const expect = c.violates.length === 0 ? 'holds' : { violates: c.violates.length === 1 ? c.violates[0] : [...c.violates], note: c.note };
  // A mutation its parameters do not name (for example a double hand-over) is flagged, so the coverage gate leaves it out.
  const flag = c.mutation === true && !isMutation(c.params, undefined) ? { mutation: true } : {};
  return { id: c.id, model: c.model, params: c.params, ...flag, expect, ...(c.violates.length === 0 ? { note: c.note } : {}) };
}

/** The plan entry of one liveness configuration (models/kvfree/liveness-configs.ts): only its named liveness properties. */
export function livenessPlanEntry(c: KvfreeLivenessConfig): Record<string, unknown> {
  const expect = c.violates.length === 0 ? 'holds' : { violates: c.violates.length === 1 ? c.violates[0] : [...c.violates], note: c.note };
  const flag = c.mutation === true && !isMutation(c.params, undefined) ? { mutation: true } : {};
  return { id: c.id, model: c.model, params: c.params, ...flag, invariants: [...c.invariants], expect, ...(c.violates.length === 0 ? { note: c.note } : {}) };
}

/** `planText` with its kvfree entries replaced by the generated ones; one entry per line, so diffs stay readable. */
export function withKvfreeEntries(planText: string): string {
  const plan = JSON.parse(planText) as PlanFile;
  const others = plan.entries.filter((e) => !e.model.startsWith('kvfree-'));
  const entries = [...others, ...ALL_KVFREE_CONFIGS.map(planEntry), ...KVFREE_LIVENESS_CONFIGS.map(livenessPlanEntry)];
  const head = plan.description === undefined ? '' : `  "description": ${JSON.stringify(plan.description)},\n`;
  return `{\n${head}  "entries": [\n${entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]\n}\n`;
}
