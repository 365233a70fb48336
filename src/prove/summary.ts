/**
 * Judging plan entries and writing the proof summary (summary.json, summary.md).
 *
 * Why this file exists: an entry matches when its run is complete, every property has the
 * expected status (all hold, or exactly the named one is violated and the rest hold), and its
 * state count and depth equal the committed baseline. Anything else is a difference with a
 * reason a person can act on. The summary lists every entry with its verdict, expectation,
 * states, depth, time, per-property statuses and links to its trace files.
 *
 * What it must not do: run searches, write files, or touch `process`.
 */
import type { CheckError } from '../base/errors.js';
import type { PropertyStatus, Stats } from '../engine/outcome.js';
import { stableJson } from '../report/summary.js';
import type { Baseline, Baselines } from './baselines.js';
import { expectedViolations, type Expect, type PlanEntry } from './plan.js';
import type { EntryRun } from './run.js';
import type { CoverageResult } from './coverage.js';

export type EntryVerdict = 'ok' | 'violation' | 'deadlock' | 'error' | 'incomplete' | 'not-run' | 'crashed';

export type EntryStats = Pick<Stats, 'distinct' | 'represented' | 'generated' | 'maxDepth'>;

export interface EntryResult {
  /** Position in the plan (shards keep it, so merged summaries are in plan order). */
  index: number;
  id: string;
  model: string;
  params: Record<string, number | string>;
  expect: Expect;
  note?: string;
  verdict: EntryVerdict;
  exitCode: number | null;
  match: boolean;
  /** Why the entry differs from its expectation or baseline (empty when it matches). */
  reasons: string[];
  /**
   * The search's figures under the names `check --json` gives them in its `stats` (null when the
   * check printed no result): `distinct` states stored (with symmetry, the representatives),
   * `represented` the states of the unreduced space they stand for. Timings are not here: they
   * live in timings.json, so a rerun reproduces this file.
   */
  stats: EntryStats | null;
  timeMs: number;
  baseline: Baseline | null;
  baselineStatus: 'same' | 'moved' | 'none' | 'updated' | 'n/a';
  properties: Record<string, PropertyStatus>;
  /** Violated property → trace file name → path relative to the summary's directory. */
  traces: Record<string, Record<string, string>>;
  explanations: Record<string, string>;
  incompleteReason?: string;
  error?: CheckError;
}

export interface ProveSummary {
  rcucheck: string;
  plan: string;
  /** sha256 of the plan file (src/prove/plan.ts planChecksum): shards of different plans are never merged. */
  planChecksum: string;
  description: string;
  /** Entries in the whole plan (a shard or a merge may hold fewer). */
  planEntries: number;
  shards: { index: number; count: number }[] | null;
  entries: EntryResult[];
  totals: { entries: number; matched: number; differ: number; missing: number };
  ok: boolean;
  interrupted: boolean;
  baselinesUpdated: boolean;
  timings: { wallMs: number };
  /** The coverage gate (absent: not run). */
  coverage?: CoverageResult;
}

/** The states column: the unreduced count, and the stored one when symmetry made it smaller. */
function statesText(st: EntryStats | null): string {
  if (st === null) return '-';
  return `${st.represented}${st.distinct !== st.represented ? ` (${st.distinct} stored)` : ''}`;
}

export function expectText(x: Expect): string {
  return x === 'holds' ? 'holds' : `violates ${expectedViolations(x).join(', ')}`;
}

/** Judge one entry's run against its expectation and baseline. */
export function evaluate(
  index: number,
  e: PlanEntry,
  run: EntryRun,
  baselines: Baselines,
  updateBaselines: boolean,
): EntryResult {
  const out: EntryResult = {
    index,
    id: e.id,
    model: e.model,
    params: { ...e.params },
    expect: e.expect,
    verdict: 'crashed',
    exitCode: run.exitCode,
    match: false,
    reasons: [],
    stats: null,
    timeMs: Math.round(run.wallMs),
    baseline: baselines[e.id] ?? null,
    baselineStatus: 'n/a',
    properties: {},
    traces: {},
    explanations: {},
  };
  if (e.note !== undefined) out.note = e.note;
  if (run.skipped) {
    out.verdict = 'not-run';
    out.reasons.push('not run: the proof run was interrupted');
    return out;
  }
  const r = run.result;
  if (r === null) {
    out.reasons.push(`check exited with ${run.signal ?? String(run.exitCode)} and printed no result${run.stderrTail ? `: ${run.stderrTail}` : ''}`);
    return out;
  }
  out.verdict = r.verdict;
  out.stats = { distinct: r.stats.distinct, represented: r.stats.represented, generated: r.stats.generated, maxDepth: r.stats.maxDepth };
  out.timeMs = Math.round(r.stats.durationMs);
  for (const p of r.properties) out.properties[p.name] = p.status;
  for (const v of r.violations) {
    out.explanations[v.property] = v.explanation;
    if (v.files !== undefined) {
      out.traces[v.property] = Object.fromEntries(Object.entries(v.files).map(([k, f]) => [k, `${e.id}/${f}`]));
    }
  }
  if (r.incompleteReason !== undefined) out.incompleteReason = r.incompleteReason;
  if (r.error !== undefined) out.error = r.error;
  if (r.verdict === 'error') {
    out.reasons.push(`error: ${r.error ? `${r.error.code} ${r.error.message}` : 'unknown'}`);
  } else if (r.verdict === 'incomplete') {
    out.reasons.push(`incomplete (${r.incompleteReason ?? 'limit'}): no verdict`);
  } else {
    const want = expectedViolations(e.expect);
    for (const w of want) {
      if (out.properties[w] !== 'violated') out.reasons.push(`expected ${w} to be violated, but it ${out.properties[w] ?? 'was not checked'}`);
    }
    for (const [name, status] of Object.entries(out.properties)) {
      if (want.includes(name) || status === 'holds') continue;
      out.reasons.push(`${name} ${status === 'violated' ? 'is violated' : status} (expected to hold)`);
    }
    for (const v of r.violations) {
      if (v.traceError !== undefined) out.reasons.push(`trace of ${v.property} does not replay: ${v.traceError.code} ${v.traceError.message}`);
    }
    if (updateBaselines) {
      out.baselineStatus = 'updated';
    } else if (out.baseline === null) {
      out.baselineStatus = 'none';
    } else if (
      out.baseline.distinct === r.stats.represented &&
      out.baseline.maxDepth === r.stats.maxDepth &&
      // A baseline without `stored` predates the reduction: the unreduced count is what it pins.
      (out.baseline.stored === undefined || out.baseline.stored === r.stats.distinct)
    ) {
      out.baselineStatus = 'same';
    } else {
      out.baselineStatus = 'moved';
      const stored = (n: number | undefined, represented: number) => (n === undefined || n === represented ? '' : ` (${n} stored)`);
      out.reasons.push(
        `state count moved: baseline ${out.baseline.distinct} states${stored(out.baseline.stored, out.baseline.distinct)} / depth ${out.baseline.maxDepth}, now ` +
          `${r.stats.represented}${stored(r.stats.distinct, r.stats.represented)} / ${r.stats.maxDepth} (if intended, rerun with --update-baselines and commit proofs/baselines.json)`,
      );
    }
  }
  out.match = out.reasons.length === 0;
  return out;
}

export function totals(entries: readonly EntryResult[], planEntries: number): ProveSummary['totals'] {
  const matched = entries.filter((e) => e.match).length;
  return { entries: entries.length, matched, differ: entries.length - matched, missing: Math.max(0, planEntries - entries.length) };
}

/** summary.json: everything but timings (they are in timings.json), so a rerun rewrites it identically. */
export function summaryJson(s: ProveSummary): string {
  const { timings: _t, entries, ...rest } = s;
  void _t;
  return stableJson({ ...rest, entries: entries.map(({ timeMs: _ms, ...e }) => (void _ms, e)) });
}

/** timings.json (git-ignored): the run's wall time and each entry's search time. */
export function timingsJson(s: ProveSummary): string {
  return stableJson({ wallMs: s.timings.wallMs, entries: Object.fromEntries(s.entries.map((e) => [e.id, e.timeMs])) });
}

function paramText(p: Record<string, number | string>): string {
  const s = Object.entries(p)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return s === '' ? '(defaults)' : s;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function traceLinks(t: Record<string, string>): string {
  const order = ['trace.md', 'trace.itf.json', 'trace.html'];
  const rank = (n: string): number => (order.includes(n) ? order.indexOf(n) : order.length);
  const names = Object.keys(t).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return names.map((n) => `[${n.replace(/^trace\./, '')}](${t[n]})`).join(' · ');
}

/** summary.md: a table of every entry, then the differences, then the documented findings. */
export function summaryMarkdown(s: ProveSummary): string {
  const L: string[] = [];
  L.push('# rcucheck proof summary', '');
  const shard = s.shards === null ? '' : ` (shard${s.shards.length > 1 ? 's' : ''} ${s.shards.map((x) => `${x.index}/${x.count}`).join(', ')})`;
  L.push(`Plan \`${s.plan}\`${shard}, rcucheck ${s.rcucheck}.${s.description ? ` ${s.description}` : ''}`, '');
  const t = s.totals;
  const status = s.interrupted ? '**INTERRUPTED (incomplete)**' : s.ok ? '**all entries as expected**' : '**DIFFERENCES FOUND**';
  L.push(
    `${status}: ${t.entries} entries run, ${t.matched} as expected, ${t.differ} differ` +
      `${t.missing > 0 ? `, ${t.missing} of the plan's ${s.planEntries} not in this summary` : ''}` +
      `${s.interrupted ? '; the run was interrupted (incomplete)' : ''}${s.baselinesUpdated ? '; baselines updated' : ''}.`,
    '',
  );
  L.push('| entry | model | params | expected | verdict | states | depth | result | traces |');
  L.push('|---|---|---|---|---|---:|---:|---|---|');
  for (const e of s.entries) {
    const traces = Object.entries(e.traces)
      .map(([p, files]) => `${p}: ${traceLinks(files)}`)
      .join('<br>');
    const baseline = e.baselineStatus === 'none' ? ' (no baseline)' : e.baselineStatus === 'updated' ? ' (baseline updated)' : '';
    L.push(
      `| ${cell(e.id)} | ${cell(e.model)} | ${cell(paramText(e.params))} | ${cell(expectText(e.expect))} | ${e.verdict} | ` +
        `${statesText(e.stats)} | ${e.stats?.maxDepth ?? '-'} | ${e.match ? 'as expected' : '**DIFFERS**'}${baseline} | ${traces} |`,
    );
  }
  const differ = s.entries.filter((e) => !e.match);
  if (differ.length > 0) {
    L.push('', '## Differences', '');
    for (const e of differ) L.push(`- **${e.id}**: ${e.reasons.join('; ')}`);
  }
  const findings = s.entries.filter((e) => e.expect !== 'holds');
  if (findings.length > 0) {
    L.push('', '## Documented findings (expected violations)', '');
    for (const e of findings) {
      const x = e.expect as Exclude<Expect, 'holds'>;
      const names = expectedViolations(x);
      L.push(`- **${e.id}** violates ${names.map((n) => `\`${n}\``).join(', ')}: ${x.note.replace(/\.$/, '')}.`);
      for (const n of names) {
        const files = e.traces[n];
        const expl = e.explanations[n];
        if (expl === undefined && files === undefined) continue;
        L.push(`  - \`${n}\`${expl ? `: ${expl.replace(/\.$/, '')}.` : ''}${files ? ` Trace: ${traceLinks(files)}` : ''}`);
      }
    }
  }
  const cov = s.coverage;
  if (cov !== undefined) {
    L.push('', '## Coverage over the faithful entries', '');
    if (cov.skipped) L.push(`Coverage gate skipped: ${cov.reason}.`);
    else {
      L.push(cov.ok ? '**Coverage gate passed.**' : '**COVERAGE GATE FAILED**', '');
      for (const p of cov.problems) L.push(`- ${cell(p)}`);
      for (const m of cov.models) {
        L.push(`- **${m.model}**: ${m.actions - m.neverFired.length}/${m.actions} action families fired over ${m.entries.length} faithful entries${m.neverFired.length === 0 ? '; every action fired' : ''}`);
        for (const n of m.neverFired) L.push(`  - never fired: \`${n.action}\` — ${n.justification ?? '**not justified**'}`);
      }
    }
  }
  L.push('', '## Properties per entry', '');
  for (const e of s.entries) {
    const props = Object.entries(e.properties)
      .map(([n, st]) => `${n} ${st}`)
      .join(', ');
    const none = e.stats === null ? '(no result)' : '(no property checked: state count only)';
    L.push(`- ${e.id}: ${props === '' ? none : props}`);
  }
  L.push('');
  return L.join('\n');
}
