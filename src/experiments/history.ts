/**
 * `rcucheck history`: every row of the kernel's kvfree_rcu() bug history (models/kvfree/history.ts)
 * checked twice at the same bounds, with the row's fix knob at its buggy and at its fixed value
 * (nothing else differs), for the row's property and any further ones it names; an API-hazard
 * row also on every release with the hazardous call; the shortest trace of each violation with
 * the story read from it; written to `<out>/history.md`, `<out>/history.json` and
 * `<out>/history/<row>/<side>/`.
 *
 * Each side is one check through the check service (src/experiments/side-run.ts, shared with
 * `rcucheck compare`) with only the row's property (deadlocks off): BFS stops at the first violation, so its trace is a shortest one and its time is the time
 * to find the bug; a side that holds was searched to the end. A search that hits a limit is
 * `incomplete`, never `holds`. A row whose property is `data-race` (B6) runs each side as
 * `rcucheck check --races --no-deadlock`: every property and every race invariant, collect mode
 * (the whole state space, so its time is the time of the full search); the side is violated when
 * any race is found (its trace: the race found at the fewest steps) and holds when none is.
 *
 * Why this file exists: the history is an experiment over fixed configurations, like the report
 * families; the CLI (src/cli/history.ts) only parses and prints.
 *
 * What it must not do: print, touch `process`, or write except through report/write.ts. Times are
 * the only part of the output that differs between runs; everything else is decided by the search.
 */
import { join } from 'node:path';
import { DATA_RACE, HISTORY, MODEL_SOURCES, rowSides, type HistoryProperty, type HistoryRow, type HistorySide } from '../../models/kvfree/history.js';
import type { CheckRuntime } from '../check/options.js';
import { stableJson } from '../report/summary.js';
import { traceFiles } from '../report/trace-files.js';
import { writeOutputs } from '../report/write.js';
import { jsonIncomplete, markdownIncomplete } from '../report/incomplete.js';
import { prepareSide, propertyVerdict, raceProperties, raceVerdict, runSide as runOneSide, sideStory, sideTrace, type SideVerdict } from './side-run.js';

export type { SideVerdict };

export interface SideResult {
  model: string;
  /** The row's parameters (the `-D` that reproduce it). */
  defines: Record<string, number | string>;
  /** Every parameter, defaults filled in (what the search ran with). */
  params: Record<string, number | string>;
  kernel: string;
  source: string;
  expect: HistorySide['expect'];
  verdict: SideVerdict;
  /** Length of the shortest trace (violated only). */
  steps: number | null;
  distinct: number;
  seconds: number;
  /** The trace directory under the output directory (violated only). */
  trace: string | null;
  /** The property's explanation of the violating state, and the story read from the trace. */
  explanation: string | null;
  story: string | null;
  incompleteReason: string | null;
  /** `data-race` rows: how many race invariants (racing pairs of labels) the side checked, and the one found (violated only). */
  races?: { candidates: number; found: string | null };
}

export type RowStatus = 'shown' | 'differs' | 'open';

/** A further property of the row (`also`), checked on both sides. */
export interface AlsoResult {
  property: HistoryProperty;
  buggy: SideResult;
  fixed: SideResult;
}

export interface RowResult {
  row: HistoryRow;
  status: RowStatus;
  buggy: SideResult | null;
  fixed: SideResult | null;
  also: AlsoResult[];
  /** api-hazard rows: the hazardous call on other releases (each expected violated). */
  hazards: (SideResult & { label: string })[];
  /** The trace files of the row's violations, relative to the output directory. */
  files: Record<string, string>;
}

export interface HistoryOptions {
  /** Only these row ids (default: every row). */
  only?: readonly string[];
  runtime?: CheckRuntime;
  onRow?: (r: RowResult) => void;
}

const round1 = (ms: number): number => Math.round(ms / 100) / 10;

async function runSide(row: HistoryRow, property: HistoryProperty, dir: string, s: HistorySide, rt: CheckRuntime, files: Record<string, string>): Promise<SideResult> {
  const racing = property === DATA_RACE;
  // A data-race side is `check --races --no-deadlock`: every property and the race invariants.
  const prepared = prepareSide({ model: s.model, params: s.params, invariants: racing ? [] : [property], deadlock: false, ...(racing ? { races: true } : {}) });
  // A row that does not prepare is a defect of the registry (models/kvfree/history.ts), not input.
  if (!prepared.ok) throw new Error(`history ${row.id} (${dir}): ${prepared.error.error.message}`);
  const { run } = await runOneSide(prepared.value, rt);
  const o = run.outcome;
  const race = racing ? raceVerdict(run) : null;
  const verdict = race === null ? propertyVerdict(run, property) : race.verdict;
  // The property whose violation is the side's trace: the row's, or the race found.
  const found = race === null ? property : race.property;
  const base: SideResult = {
    model: s.model,
    defines: { ...s.params },
    params: { ...o.params },
    kernel: s.kernel,
    source: MODEL_SOURCES[s.model],
    expect: s.expect,
    verdict,
    steps: null,
    distinct: o.stats.distinct,
    seconds: round1(o.stats.durationMs),
    trace: null,
    explanation: null,
    story: null,
    incompleteReason: verdict === 'incomplete' ? (o.incompleteReason ?? 'the search did not finish') : null,
    ...(race === null ? {} : { races: { candidates: raceProperties(run).length, found: race.property } }),
  };
  if (verdict !== 'violated' || found === null) return base;
  const v = run.violations.find((x) => x.violation.property === found);
  const trace = sideTrace(run, found);
  if (v === undefined || trace === null) throw new Error(`history ${row.id} (${dir}): the trace of ${found} does not replay`);
  const path = `history/${row.id}/${dir}`;
  for (const [name, content] of Object.entries(traceFiles(trace, run.model, v.violation.trace.init))) files[`${path}/${name}`] = content;
  const steps = trace.steps.length - 1;
  if (race !== null) {
    // A race's story is the trace's own explanation: the two labelled steps enabled after its last step.
    return { ...base, steps, trace: path, explanation: `the data race \`${found}\`: both of its steps are enabled after step ${steps}`, story: trace.explanation };
  }
  return { ...base, steps, trace: path, explanation: trace.explanation, story: sideStory(property, trace) };
}

const asExpected = (s: SideResult): boolean => s.verdict === s.expect;

/** Run the rows (all, or `only`), one side after the other. */
export async function runHistory(opts: HistoryOptions = {}): Promise<RowResult[]> {
  const rows = opts.only === undefined ? HISTORY : HISTORY.filter((r) => opts.only!.includes(r.id));
  const rt = opts.runtime ?? {};
  const out: RowResult[] = [];
  for (const row of rows) {
    const files: Record<string, string> = {};
    const sides = row.open === undefined ? rowSides(row) : null;
    let result: RowResult;
    if (sides === null) {
      result = { row, status: 'open', buggy: null, fixed: null, also: [], hazards: [], files };
    } else {
      const buggy = await runSide(row, row.property, 'buggy', sides.buggy, rt, files);
      const fixed = await runSide(row, row.property, 'fixed', sides.fixed, rt, files);
      const also: AlsoResult[] = [];
      for (const property of row.also ?? []) {
        also.push({ property, buggy: await runSide(row, property, `buggy-${property}`, sides.buggy, rt, files), fixed: await runSide(row, property, `fixed-${property}`, sides.fixed, rt, files) });
      }
      const hazards: RowResult['hazards'] = [];
      for (const [i, h] of (row.hazardOn ?? []).entries()) {
        hazards.push({ ...(await runSide(row, row.property, `hazard-${i + 1}`, { ...h, kernel: h.label, expect: 'violated' }, rt, files)), label: h.label });
      }
      const all = [buggy, fixed, ...also.flatMap((a) => [a.buggy, a.fixed]), ...hazards];
      result = { row, status: all.every(asExpected) ? 'shown' : 'differs', buggy, fixed, also, hazards, files };
    }
    out.push(result);
    opts.onRow?.(result);
  }
  return out;
}

const defineText = (p: Readonly<Record<string, number | string>>): string =>
  Object.entries(p)
    .map(([k, v]) => `-D ${k}=${String(v)}`)
    .join(' ');

function sideCell(s: SideResult): string {
  const v = s.verdict === 'violated' ? `**violated** in ${s.steps} steps` : s.verdict;
  return `${v}${s.verdict === s.expect ? '' : ` (expected ${s.expect})`}`;
}

function traceLines(out: string[], s: SideResult): void {
  if (s.trace === null) return;
  out.push(`  - ${s.explanation}.`);
  if (s.story !== null) out.push(`  - How, read from this trace: ${s.story}`);
  out.push(`  - Shortest trace: [trace.md](${s.trace}/trace.md), [trace.html](${s.trace}/trace.html), [ITF](${s.trace}/trace.itf.json) (\`rcucheck replay reports/${s.trace}/trace.itf.json\` re-executes it)`);
}

/** The options of the `rcucheck check` command that reruns a side. */
const checkOptions = (property: string): string => (property === DATA_RACE ? '--races --no-deadlock' : `--invariant ${property} --no-deadlock`);

function raceText(s: SideResult): string {
  if (s.races === undefined) return '';
  const n = s.races.candidates;
  return n === 0
    ? '; no two labelled accesses to one location by different actors, one a write and one plain, lack a common lock: there is no candidate race to violate'
    : `; ${n} candidate race${n === 1 ? '' : 's'} (pairs of labels that conflict with no lock in common) checked`;
}

function sideLines(out: string[], label: string, s: SideResult, property: string): void {
  out.push(`- ${label}: ${s.kernel}, model \`${s.model}\` read from ${s.source}; \`rcucheck check ${s.model} ${defineText(s.defines)} ${checkOptions(property)}\``);
  out.push(`  - ${sideCell(s)}, ${s.distinct} distinct states, ${s.seconds} s${s.incompleteReason === null ? '' : ` (${s.incompleteReason})`}${raceText(s)}`);
  traceLines(out, s);
}

const KIND_TEXT = { unreleased: 'never in a release', 'api-hazard': 'an API hazard' } as const;

/** The Markdown report. */
export function historyMarkdown(results: readonly RowResult[]): string {
  const out: string[] = ['# The kvfree_rcu() bug history, found and fixed', ''];
  out.push(
    'Generated by `rcucheck history` (src/experiments/history.ts) from the rows of `models/kvfree/history.ts`. ' +
      'Each modelled row is one configuration checked twice for its property, with the fix\'s knob at its buggy and at its fixed value and nothing else changed: ' +
      'a fix commit applied alone (`fix=`, models/kvfree/classic-versions.ts), or two neighbouring releases of a model\'s version table (`kernel=`) that differ by that fix. ' +
      'Each check is an exhaustive BFS (exact seen set, symmetry reduction where the model declares it) that stops at the first violation, so the trace is a shortest one and the time is the time to find it. ' +
      "A `data-race` row (B6) runs each side as `rcucheck check --races --no-deadlock` (the data-race check of src/model/races.ts, no symmetry reduction): the whole state space is searched, every race reported, and the side's trace is the race found at the fewest steps. " +
      'Times are from the run that wrote this file and differ between machines; every other figure is decided by the search.',
    '',
  );
  const shown = results.filter((r) => r.status === 'shown').length;
  const open = results.filter((r) => r.status === 'open').length;
  const differs = results.filter((r) => r.status === 'differs').length;
  out.push(`${results.length} rows: ${shown} found with the bug and holding with the fix, ${differs} differing from that, ${open} not modelled yet.`, '');
  out.push('| id | fix | lived | property | knob | buggy side | verdict | time | fixed side | verdict |', '|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const fix = `\`${r.row.commit}\``;
    const lived = `${r.row.introduced} to ${r.row.fixedIn}${r.row.kind === undefined ? '' : ` (${KIND_TEXT[r.row.kind]})`}`;
    if (r.buggy === null || r.fixed === null || r.row.knob === undefined) {
      out.push(`| ${r.row.id} | ${fix} | ${lived} | \`${r.row.property}\` | - | not modelled yet | - | - | - | - |`);
      continue;
    }
    const k = r.row.knob;
    out.push(
      `| [${r.row.id}](#${r.row.id.toLowerCase()}) | ${fix} | ${lived} | \`${r.row.property}\` | \`${k.name}\`: ${k.buggy} → ${k.fixed} | ${r.buggy.kernel} (\`${r.buggy.model}\`) | ${sideCell(r.buggy)} | ${r.buggy.seconds} s | ${r.fixed.kernel} | ${sideCell(r.fixed)} |`,
    );
  }
  out.push('');
  for (const r of results) {
    out.push(`## ${r.row.id}`, '');
    out.push(`**${r.row.commit}** "${r.row.subject}" (${r.row.year}).`, '');
    out.push(`Lived: introduced ${r.row.introduced}; fixed ${r.row.fixedIn} (from ${r.row.livedSource}).${r.row.kind === undefined ? '' : ` This row is ${KIND_TEXT[r.row.kind]}.`}`, '');
    out.push(`What: ${r.row.what}.`, '');
    if (r.buggy === null || r.fixed === null || r.row.knob === undefined) {
      out.push(`**Not modelled yet**: ${r.row.open ?? 'no configurations'}.`, '');
      continue;
    }
    out.push(`Property \`${r.row.property}\`; bounds: ${r.row.bounds}. The two sides differ in \`${r.row.knob.name}\` only (${r.row.knob.buggy} → ${r.row.knob.fixed}).`, '');
    sideLines(out, 'Buggy', r.buggy, r.row.property);
    sideLines(out, 'Fixed', r.fixed, r.row.property);
    for (const a of r.also) {
      out.push(`- Also \`${a.property}\` at the same bounds: buggy ${sideCell(a.buggy)} (${a.buggy.distinct} distinct states), fixed ${sideCell(a.fixed)} (${a.fixed.distinct} distinct states).`);
      traceLines(out, a.buggy);
    }
    for (const h of r.hazards) {
      out.push(`- The same call on ${h.label}: \`rcucheck check ${h.model} ${defineText(h.defines)} ${checkOptions(r.row.property)}\`: ${sideCell(h)}, ${h.distinct} distinct states.`);
      traceLines(out, h);
    }
    out.push('');
    if (r.row.finding !== undefined) out.push(`Note: ${r.row.finding}`, '');
    if (r.status === 'differs') out.push('**This row differs from its expectation**: a finding to explain, not hidden.', '');
  }
  return out.join('\n') + '\n';
}

const sideJson = (s: SideResult | null): unknown =>
  s === null
    ? null
    : {
        model: s.model,
        defines: s.defines,
        params: s.params,
        kernel: s.kernel,
        source: s.source,
        expect: s.expect,
        verdict: s.verdict,
        steps: s.steps,
        distinct: s.distinct,
        seconds: s.seconds,
        trace: s.trace === null ? null : `${s.trace}/trace.itf.json`,
        explanation: s.explanation,
        story: s.story,
        // Only data-race rows carry it, so the other rows' records stay as they were.
        ...(s.races === undefined ? {} : { races: s.races }),
      };

/** The JSON report: one object per row. */
export function historyJson(results: readonly RowResult[]): string {
  return stableJson(
    results.map((r) => ({
      id: r.row.id,
      commit: r.row.commit,
      subject: r.row.subject,
      year: r.row.year,
      introduced: r.row.introduced,
      fixedIn: r.row.fixedIn,
      livedSource: r.row.livedSource,
      kind: r.row.kind ?? null,
      what: r.row.what,
      property: r.row.property,
      bounds: r.row.bounds,
      status: r.status,
      open: r.row.open ?? null,
      finding: r.row.finding ?? null,
      knob: r.row.knob ?? null,
      buggy: sideJson(r.buggy),
      fixed: sideJson(r.fixed),
      also: r.also.map((a) => ({ property: a.property, buggy: sideJson(a.buggy), fixed: sideJson(a.fixed) })),
      hazards: r.hazards.map((h) => ({ label: h.label, ...(sideJson(h) as object) })),
    })),
  );
}

/**
 * Write `<outDir>/history.md`, `.json` and the trace directory `<outDir>/history/` (staged, then
 * renamed); `incomplete`: why the rows are not all there (an interrupted run), marked in both.
 */
export async function writeHistory(outDir: string, results: readonly RowResult[], incomplete?: string): Promise<void> {
  const traces: Record<string, string> = {};
  for (const r of results) for (const [path, content] of Object.entries(r.files)) traces[path.slice('history/'.length)] = content;
  await writeOutputs([
    { path: join(outDir, 'history'), files: traces },
    { path: join(outDir, 'history.json'), content: incomplete === undefined ? historyJson(results) : jsonIncomplete(historyJson(results), incomplete) },
    { path: join(outDir, 'history.md'), content: incomplete === undefined ? historyMarkdown(results) : markdownIncomplete(historyMarkdown(results), incomplete) },
  ]);
}
