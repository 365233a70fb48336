/**
 * Every action instance of every proof-plan configuration has a label of its own: a trace names
 * its steps by label (ITF `#meta.actions`), and `rcucheck replay` maps each label back to one
 * transition (src/trace/confirm.ts actionIdsOf). Two instances with one label made a published
 * latency witness (v6-2cpu-dyn-head: a failed dynamic-head kmalloc on each CPU) replay the wrong one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findModel } from '../../models/index.js';
import { buildModel } from '../../src/model/compile.js';

interface Entry {
  id: string;
  model: string;
  params: Record<string, string | number>;
}
const plan = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'proofs', 'plan.json'), 'utf8')) as { entries: Entry[] };

describe('action labels', () => {
  it.each(plan.entries.map((e) => [e.id, e] as const))('%s: one label per action instance', (_id, e) => {
    const r = buildModel(findModel(e.model)!, e.params, []);
    if (!r.ok) throw new Error(r.error.message);
    const seen = new Set<string>();
    const twice = r.value.actionLabel.filter((l) => (seen.has(l) ? true : (seen.add(l), false)));
    expect(twice).toEqual([]);
  });
});
