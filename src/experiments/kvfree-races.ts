/**
 * The race table of a kvfree report (issue 28 point 3): every faithful configuration of a family
 * whose model labels its steps with memory accesses, checked again with the data-race check on
 * (`rcucheck check --races`, src/model/races.ts), and rendered as the report's section "Data races
 * (--races)": per configuration the candidate races checked and the races found, each with its
 * location, its two steps, its story and a trace folder that `rcucheck replay` re-executes, or
 * "none".
 *
 * Why this file exists: the kvfree reports publish what the data-race check finds on the plan's
 * configurations next to their verdicts, from a command, never by hand; the verdict runs of
 * ./kvfree-report.ts use symmetry reduction and no race invariants, so the race run is its own
 * search (no symmetry, collect mode), as `check --races` runs it.
 *
 * What it must not do: write files (the trace files go into the report's FileSet), print, touch
 * `process`, or change a configuration's verdicts, counts or traces in the rest of the report.
 */
import type { KvfreeConfig } from '../../models/kvfree/configs.js';
import { prepareCheck } from '../check/prepare.js';
import { runPrepared } from '../check/run.js';
import type { CompiledModel } from '../model/compile.js';
import { isRaceInvariant, isRaceProperty } from '../model/races.js';
import type { Trace } from '../trace/trace.js';
import { traceFiles } from '../report/trace-files.js';
import { traceOf } from './run-config.js';

/** One race found on a configuration: the invariant, its two labelled steps, and its trace. */
export interface FoundRace {
  property: string;
  loc: string;
  /** The two steps as `name (read|write, plain|marked, locks)`. */
  a: string;
  b: string;
  steps: number;
  /** The trace folder, relative to the report root. */
  dir: string;
  story: string;
}

/** The race run of one configuration. */
export interface RaceRun {
  config: KvfreeConfig;
  distinct: number;
  /** Every candidate race (race invariant) the search checked, by name. */
  candidates: string[];
  races: FoundRace[];
  /** Why the search did not finish (null: it did, so "none" means none at these bounds). */
  incomplete: string | null;
  /** The race traces (trace.md, .html, .itf.json), relative to the report root. */
  files: Record<string, string>;
}

/** Whether a compiled model labels any step with its accesses (else `--races` has nothing to check). */
export function labelsAccesses(m: CompiledModel): boolean {
  return m.instance.actions.some((a) => (a.accesses ?? []).length > 0);
}

function stepText(name: string, x: { kind: string; mode: string; locks: readonly string[] }): string {
  return `${name} (${x.kind}, ${x.mode}, ${x.locks.length === 0 ? 'no lock' : `holding ${x.locks.join(' and ')}`})`;
}

/**
 * Run one configuration with `--races` (collect mode, no symmetry) and keep every race found, in
 * the order of the model's race invariants; a configuration that does not prepare is a defect of
 * the registry, so it throws.
 */
export function runRaces(cfg: KvfreeConfig, traceRoot: string): RaceRun {
  const p = prepareCheck({ model: cfg.model, params: cfg.params, collect: true, races: true });
  if (!p.ok) throw new Error(`configuration ${cfg.id} (--races): ${p.error.error.message}`);
  const run = runPrepared(p.value);
  const o = run.outcome;
  const candidates = o.properties.map((x) => x.name).filter(isRaceProperty);
  const files: Record<string, string> = {};
  const races: FoundRace[] = [];
  for (const name of candidates) {
    if (o.properties.find((x) => x.name === name)?.status !== 'violated') continue;
    const inv = run.model.invariants.find((x) => x.name === name);
    if (!isRaceInvariant(inv)) throw new Error(`configuration ${cfg.id}: ${name} is not a race invariant`);
    const trace: Trace = traceOf(cfg.id, run, name);
    const dir = `${traceRoot}/${cfg.id}/races/race-${races.length + 1}`;
    const v = o.violations.find((x) => x.property === name)!;
    for (const [f, content] of Object.entries(traceFiles(trace, run.model, v.trace.init))) files[`${dir}/${f}`] = content;
    races.push({
      property: name,
      loc: inv.race.loc,
      a: stepText(inv.race.a.name, inv.race.a.access),
      b: stepText(inv.race.b.name, inv.race.b.access),
      steps: trace.steps.length - 1,
      dir,
      story: trace.explanation,
    });
  }
  const finished = o.verdict !== 'incomplete' && o.verdict !== 'error' && o.incompleteReason === undefined;
  return { config: cfg, distinct: o.stats.distinct, candidates, races, incomplete: finished ? null : (o.incompleteReason ?? 'the search did not finish'), files };
}

const paramText = (c: KvfreeConfig): string =>
  Object.entries(c.params)
    .map(([k, v]) => `-D ${k}=${String(v)}`)
    .join(' ');

/** The report section "Data races (--races)" (empty when no configuration was run with races). */
export function raceSection(runs: readonly RaceRun[], note: string): string[] {
  if (runs.length === 0) return [];
  const out = ['## Data races (--races)', ''];
  const found = runs.filter((r) => r.races.length > 0).length;
  out.push(
    `Every faithful configuration above checked again with \`rcucheck check <model> -D ... --races\` (src/model/races.ts): a data race is two labelled accesses to one location by different actors, at least one a write and one plain, with no lock in common, both enabled in a reachable state, so some interleaving runs them back to back (KCSAN's run-time sampling, made exhaustive). ` +
      'The search is exhaustive at the configuration\'s bounds with no symmetry reduction (so a two-CPU configuration has more distinct states here than in the verdicts), in collect mode: every race is reported once per pair of labels with the shortest trace to a state that enables both steps. ' +
      `A candidate is a pair of labels that conflict; "none" means the search finished and no state enables a candidate's two steps. ${note}`,
    '',
    `${runs.length} configurations, ${found} with a race.`,
    '',
  );
  out.push('| configuration | distinct (no symmetry) | candidates | races found |', '|---|---|---|---|');
  for (const r of runs) {
    const cell =
      r.incomplete !== null
        ? `incomplete (${r.incomplete})`
        : r.races.length === 0
          ? 'none'
          : r.races.map((x) => `\`${x.loc}\`: ${x.a} / ${x.b}, ${x.steps} steps ([trace](${x.dir}/trace.md), [ITF](${x.dir}/trace.itf.json))`).join('; ');
    out.push(`| ${r.config.id} | ${r.distinct} | ${r.candidates.length} | ${cell} |`);
  }
  out.push('');
  for (const r of runs.filter((x) => x.races.length > 0)) {
    out.push(`### ${r.config.id}: data races`, '', `\`rcucheck check ${r.config.model} ${paramText(r.config)} --races\``, '');
    for (const x of r.races) {
      out.push(`- \`${x.property}\`: ${x.story}. Shortest trace: ${x.steps} steps ([trace.md](${x.dir}/trace.md), [trace.html](${x.dir}/trace.html), [ITF](${x.dir}/trace.itf.json); \`rcucheck replay reports/${x.dir}/trace.itf.json\` re-executes it).`);
    }
    out.push('');
  }
  return out;
}

/** The race run as the report's JSON records it (per configuration). */
export function raceJson(r: RaceRun): unknown {
  return {
    distinct: r.distinct,
    candidates: r.candidates,
    incomplete: r.incomplete,
    found: r.races.map((x) => ({ property: x.property, loc: x.loc, a: x.a, b: x.b, steps: x.steps, trace: `${x.dir}/trace.itf.json` })),
  };
}
