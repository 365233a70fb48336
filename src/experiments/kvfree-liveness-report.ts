/**
 * The liveness section of a kvfree report: each liveness configuration of the family's model
 * (models/kvfree/liveness-configs.ts) checked for `eventual-free`, with its verdict, states, the
 * lasso (length, loop step, story read from it) and the worst-case reclaim latency in grace
 * periods per object, with the trace that attains it (its steps from the measured run on).
 *
 * Why this file exists: the published reports list the safety verdicts of the named
 * configurations; issue #14's liveness verdicts belong next to them, run by the same command.
 *
 * What it must not do: write files, or run anything but the family's liveness configurations.
 */
import { findModel } from '../../models/index.js';
import { findingStory } from '../../models/kvfree/common/finding-story.js';
import { storyText } from '../../models/kvfree/common/story.js';
import { KVFREE_LIVENESS_CONFIGS, type KvfreeLivenessConfig } from '../../models/kvfree/liveness-configs.js';
import { explore } from '../engine/explore.js';
import { buildModel } from '../model/compile.js';
import { buildTrace } from '../trace/trace.js';

export interface LivenessRow {
  config: KvfreeLivenessConfig;
  status: string;
  distinct: number;
  lasso: { steps: number; loop: number; instance: number; story: string | null } | null;
  latency: (number | 'unbounded')[];
  /** Per object: the trace that attains its latency, in one line (null: no witness). */
  witness: ({ steps: number; pIndex: number; loop?: number; text: string } | null)[];
  unexpected: boolean;
}

export function runLiveness(c: KvfreeLivenessConfig): LivenessRow {
  const def = findModel(c.model);
  if (def === undefined) throw new Error(`no model ${c.model}`);
  const m = buildModel(def, c.params, [...c.invariants]);
  if (!m.ok) throw new Error(m.error.message);
  const o = explore(m.value, {});
  const status = o.properties.find((p) => p.name === 'eventual-free')?.status ?? 'incomplete';
  const v = o.violations.find((x) => x.property === 'eventual-free');
  let lasso: LivenessRow['lasso'] = null;
  if (v !== undefined) {
    const t = buildTrace(m.value, v);
    const story = t.ok ? findingStory('eventual-free', t.value) : null;
    lasso = { steps: v.trace.actions.length, loop: v.trace.loop ?? v.trace.actions.length, instance: v.instance ?? 0, story: story === null ? null : storyText(story) };
  }
  const latency = (o.liveness?.latency ?? []).map((l) => l.worst);
  const witness = (o.liveness?.latency ?? []).map((l) => {
    if (l.witness === undefined) return null;
    const t = buildTrace(m.value, { property: l.property, kind: 'liveness', description: '', instance: l.instance, trace: l.witness });
    if (!t.ok) return { steps: l.witness.actions.length, pIndex: l.witness.pIndex ?? 0, text: `${t.error.code}: ${t.error.message}` };
    const from = t.value.pIndex ?? 0;
    const text = t.value.steps
      .slice(from + 1)
      .map((s) => `${s.index} ${s.action}`)
      .join(' → ');
    return { steps: t.value.steps.length - 1, pIndex: from, ...(t.value.loop === undefined ? {} : { loop: t.value.loop }), text };
  });
  return { config: c, status, distinct: o.stats.distinct, lasso, latency, witness, unexpected: (status === 'violated') !== c.violates.includes('eventual-free') || status === 'incomplete' };
}

/** The section's lines for `model` (empty when it has no liveness configuration). */
export function livenessLines(model: string): string[] {
  const rows = KVFREE_LIVENESS_CONFIGS.filter((c) => c.model === model).map(runLiveness);
  if (rows.length === 0) return [];
  const out = ['## Liveness: eventual-free (issue #14)', ''];
  out.push(
    'Every accepted object is eventually freed on every weakly fair behaviour (workqueue workers, timers, grace periods, callbacks, boot and in-call caller steps fair; clients, reader entries, spontaneous GPs and the shrinker not; docs/protocol.md P4(b)). One-thread exact BFS without symmetry over the recorded graph. Latency: the most `G grace period ends` steps between an object\'s acceptance and its free over the graph, per object.',
    '',
  );
  out.push('| configuration | distinct | eventual-free | lasso | worst latency (GP ends) |', '|---|---|---|---|---|');
  for (const r of rows) {
    const lasso = r.lasso === null ? '' : `${r.lasso.steps} steps, loop at ${r.lasso.loop}, object ${r.lasso.instance}`;
    out.push(`| ${r.config.id} | ${r.distinct} | ${r.status === 'violated' ? '**VIOLATED**' : r.status}${r.unexpected ? ' (**differs from expectation**)' : ''} | ${lasso} | ${r.latency.join(', ')} |`);
  }
  out.push('');
  out.push(
    'The trace that attains each latency (`rcucheck check <model> -D ... --invariant eventual-free --report-dir DIR` writes it to `DIR/traces/latency/`, and `rcucheck replay` confirms its count), from the step where the measured run starts:',
    '',
  );
  for (const r of rows) {
    r.witness.forEach((w, i) => {
      if (w === null) return;
      const shape = w.loop === undefined ? `${w.steps} steps, measured from step ${w.pIndex}` : `a lasso of ${w.steps} steps, loop at ${w.loop}`;
      out.push(`- ${r.config.id}, object ${i} (${r.latency[i]}): ${shape}: ${w.text}`);
    });
  }
  out.push('');
  for (const r of rows.filter((x) => x.lasso !== null)) {
    out.push(`- ${r.config.id}: ${r.config.note}.${r.lasso!.story === null ? '' : ` Read from the lasso: ${r.lasso!.story}`}`);
  }
  out.push('');
  return out;
}
