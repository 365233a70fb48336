/**
 * `rcucheck compare <model> --before k=v[,k=v] --after k=v[,k=v] [-D ...] [--sweep | --plan]`:
 * what a patch changes (src/experiments/compare.ts). The same model at the same bounds with the
 * patch's knob off and on, over one configuration (the -D's), the small-scope sweep's
 * configurations within --budget, or every proof-plan entry of the model (--plan; liveness entries
 * and entries whose baseline is over --state-budget are skipped, each with a `skipped (reason)`
 * line). Per configuration and property: newly violated (with the shortest trace, its story and
 * the replay command), no longer violated, unchanged, undecided; the state-space size before and after.
 *
 * Exit status: 12 the patch introduces a violation; 0 it introduces none; 152 something stayed
 * undecided (or Ctrl-C: nothing written); 75/76 a model or property threw; 150/151 bad input
 * (one line, nothing written). The report directory holds `summary.json` (the --json object) and
 * `<configuration>/<before|after>/`, each side's report as `rcucheck check` writes it.
 *
 * What it must not do: touch `process`, decide anything (the experiments layer does), or write
 * except through report/write.ts.
 */
import { createHash } from 'node:crypto';
import type { Argv, CommandModule } from 'yargs';
import { prepareCompare, runCompare, type CompareConfig, type CompareResult, type ConfigComparison } from '../experiments/compare.js';
import { loadBaselines } from '../prove/baselines.js';
import { loadPlan } from '../prove/plan.js';
import { stableJson } from '../report/summary.js';
import { probeReportDir, writeReport } from '../report/write.js';
import { defaultMemoryMB } from './check.js';
import { EXIT, fail, type CliContext } from './context.js';
import { planPath } from './prove.js';

export interface CompareArgs {
  model: string;
  before: string;
  after: string;
  define: string[];
  sweep: boolean;
  plan: boolean;
  budget: number | undefined;
  kinds: string | undefined;
  'state-budget': number | undefined;
  liveness: boolean;
  'max-states': number | undefined;
  memory: number | undefined;
  'report-dir': string | undefined;
  'save-traces': boolean;
  json: boolean;
  quiet: boolean;
}

/** Plan entries over this many distinct states (their baseline) are skipped unless --state-budget says otherwise. */
export const DEFAULT_STATE_BUDGET = 250_000;
const DEFAULT_BUDGET_S = 60;

function builder(y: Argv): Argv<CompareArgs> {
  return y
    .positional('model', { type: 'string', demandOption: true, describe: 'model id (see `rcucheck list`)' })
    .option('before', { type: 'string', demandOption: true, describe: 'the knob without the patch: k=v[,k=v] (e.g. fix=none)', requiresArg: true })
    .option('after', { type: 'string', demandOption: true, describe: 'the knob with the patch: k=v[,k=v] (e.g. fix=5da7cb193db3)', requiresArg: true })
    .option('define', { alias: 'D', type: 'array', string: true, default: [] as string[], describe: 'the configuration (or, with --sweep/--plan, a parameter fixed for all): -D name=value (repeatable)' })
    .option('sweep', { type: 'boolean', default: false, describe: "the small-scope sweep's configurations, in order, within --budget" })
    .option('plan', { type: 'boolean', default: false, describe: 'every entry of proofs/plan.json for this model' })
    .option('budget', { type: 'number', describe: `--sweep: total wall time in seconds (default ${DEFAULT_BUDGET_S})`, requiresArg: true })
    .option('kinds', { type: 'string', describe: '--sweep, kvfree: object kinds to combine (default h,e)', requiresArg: true })
    .option('state-budget', { type: 'number', describe: `--plan: skip entries whose baseline has more distinct states than this (default ${DEFAULT_STATE_BUDGET})`, requiresArg: true })
    .option('liveness', { type: 'boolean', default: false, describe: 'also compare configurations that name liveness properties (skipped by default: one-thread whole-graph searches)' })
    .option('max-states', { type: 'number', describe: 'stop each side (undecided) after this many distinct states', requiresArg: true })
    .option('memory', { type: 'number', describe: `search memory bound per side in MB (default: half of this machine's memory, ${defaultMemoryMB()} MB)`, requiresArg: true })
    .option('report-dir', { type: 'string', describe: 'write each side\'s report (summary.json, traces) under DIR/<configuration>/<before|after>/', requiresArg: true })
    .option('save-traces', { type: 'boolean', default: true, describe: 'without --report-dir, save the traces under reports/compare/<model>-<hash>/ (--no-save-traces: never)' })
    .option('json', { type: 'boolean', default: false, describe: 'print exactly one JSON object on stdout' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no per-configuration lines on stderr' })
    .example('$0 compare kvfree-v5.9 --before fix=none --after fix=5da7cb193db3 -D objects=e,e', "B1's fix on one configuration: reader-safety and gp-guarantee no longer violated (exit 0)")
    .example('$0 compare kvfree-v5.9 --before fix=none --after fix=5da7cb193db3 --plan', 'the same fix over every plan configuration of kvfree-v5.9')
    .example('$0 compare kvfree-v5.9 --before fix=5da7cb193db3 --after fix=none -D objects=e,e', 'the reverse: the patch introduces the violations, with traces (exit 12)');
}

const cell = (c: ConfigComparison['properties'][number]): string => {
  if (c.change === 'unchanged') return `unchanged (${c.after})`;
  if (c.change === 'undecided') return `undecided (before ${c.before}, after ${c.after})`;
  return c.change;
};

/** The text report of one configuration. */
export function configText(c: ConfigComparison): string {
  if (c.status !== 'compared') return `${c.label}: ${c.status} (${c.reason ?? ''})\n`;
  const b = c.before!;
  const a = c.after!;
  const size = (s: typeof b): string => `${s.distinct} states${s.complete ? '' : ` (incomplete: ${s.incompleteReason ?? ''})`}`;
  let out = `${c.label}: before ${size(b)}, after ${size(a)}\n`;
  const w = Math.max(...c.properties.map((p) => p.property.length));
  const unchanged = c.properties.filter((p) => p.change === 'unchanged');
  for (const p of c.properties) {
    if (p.change === 'unchanged') continue;
    out += `  ${p.property.padEnd(w)}  ${cell(p)}`;
    const t = p.trace;
    if (t === null) {
      out += '\n';
      continue;
    }
    out += ` (${t.side === 'after' ? 'after' : 'before'}: shortest trace ${t.steps} steps)\n`;
    if (p.change === 'newly violated') {
      out += `    ${t.explanation}.\n`;
      if (t.story !== null) out += `    How, read from this trace: ${t.story}\n`;
      if (t.replay !== null) out += `    replay: ${t.replay}\n`;
      out += `    reproduce: ${t.reproduce}\n`;
    } else if (t.replay !== null) {
      out += `    the trace it had: ${t.replay}\n`;
    }
  }
  if (unchanged.length > 0) {
    const held = unchanged.filter((p) => p.after === 'holds').map((p) => p.property);
    const bad = unchanged.filter((p) => p.after === 'violated').map((p) => p.property);
    out += `  unchanged: ${[held.length > 0 ? `holds ${held.join(', ')}` : '', bad.length > 0 ? `violated ${bad.join(', ')}` : ''].filter((s) => s !== '').join('; ')}\n`;
  }
  return out;
}

export function totalsText(r: CompareResult): string {
  const t = r.totals;
  return (
    `${r.model}: ${Object.entries(r.before).map(([k, v]) => `${k}=${String(v)}`).join(',')} -> ${Object.entries(r.after).map(([k, v]) => `${k}=${String(v)}`).join(',')}: ` +
    `${t['newly violated']} newly violated, ${t['no longer violated']} no longer violated, ${t.unchanged} unchanged, ${t.undecided} undecided ` +
    `(${r.configs.filter((c) => c.status === 'compared').length} configurations compared, ${t.skipped} skipped, ${t['not run']} not run)\n`
  );
}

export async function runCompareCommand(ctx: CliContext, a: CompareArgs): Promise<void> {
  if (a.sweep && a.plan) return fail(ctx, EXIT.OPTION, '--sweep and --plan are exclusive: name one source of configurations');
  if ((a.budget !== undefined || a.kinds !== undefined) && !a.sweep) return fail(ctx, EXIT.OPTION, '--budget and --kinds apply to --sweep only');
  if (a['state-budget'] !== undefined && !a.plan) return fail(ctx, EXIT.OPTION, '--state-budget applies to --plan only');
  if (a['state-budget'] !== undefined && !(Number.isFinite(a['state-budget']) && a['state-budget'] > 0)) return fail(ctx, EXIT.OPTION, `--state-budget must be a positive number (got ${String(a['state-budget'])})`);
  let source: Parameters<typeof runCompare>[0]['source'] = { kind: 'one' };
  if (a.sweep) {
    source = { kind: 'sweep', budgetS: a.budget ?? DEFAULT_BUDGET_S, kinds: a.kinds?.split(',').map((k) => k.trim()) };
  } else if (a.plan) {
    const plan = await loadPlan(planPath(ctx, 'proofs/plan.json'));
    if (!plan.ok) return fail(ctx, EXIT.INPUT, plan.error.message);
    const baselines = await loadBaselines(planPath(ctx, 'proofs/baselines.json'));
    if (!baselines.ok) return fail(ctx, EXIT.INPUT, baselines.error.message);
    const budget = a['state-budget'] ?? DEFAULT_STATE_BUDGET;
    const configs = plan.value.entries
      .filter((e) => e.model === a.model)
      .map((e): CompareConfig => {
        const n = baselines.value[e.id]?.distinct;
        const c: CompareConfig = { label: e.id, params: { ...e.params }, invariants: e.invariants, deadlock: e.deadlock };
        if (n !== undefined && n > budget) c.skip = `baseline ${n} states > --state-budget ${budget}`;
        return c;
      });
    source = { kind: 'plan', configs };
  }
  const explicit = a['report-dir'];
  const key = JSON.stringify([a.model, a.before, a.after, [...a.define].map(String).sort(), a.sweep, a.plan]);
  const reportDir = explicit ?? (a['save-traces'] ? `reports/compare/${a.model}-${createHash('sha1').update(key).digest('hex').slice(0, 10)}` : null);
  const options = { model: a.model, before: a.before, after: a.after, defines: a.define.map(String), source, liveness: a.liveness, maxStates: a['max-states'], memoryMB: a.memory, reportDir };
  if (explicit !== undefined) {
    // Bad input first (one line, nothing written), then the place the report goes, then the work.
    const p = prepareCompare(options);
    if (!p.ok) return fail(ctx, p.error.exitCode, p.error.error.message);
    const why = await probeReportDir(explicit);
    if (why !== null) return fail(ctx, EXIT.INPUT, `cannot write the report to --report-dir ${explicit}: ${why}`);
  }
  const run = await runCompare(options, {
    signal: ctx.signal,
    now: () => ctx.now(),
    defaultMemoryMB: defaultMemoryMB(),
    onConfig: (c) => {
      if (!a.quiet && !a.json) ctx.stdout(configText(c));
      else if (!a.quiet) ctx.stderr(`${c.label}: ${c.status}\n`);
    },
  });
  if (!run.ok) return fail(ctx, run.error.exitCode, run.error.error.message);
  if (run.value.interrupted) return fail(ctx, EXIT.INCOMPLETE, 'compare interrupted: nothing written');
  const r = run.value.result;
  let writeError: string | undefined;
  // An explicit --report-dir is always written; the default place only when there are traces to keep.
  if (reportDir !== null && (explicit !== undefined || Object.keys(run.value.files).length > 0)) {
    try {
      // summary.json: the comparison itself (no timings), which also marks the directory as a report a rerun may replace.
      await writeReport(reportDir, { ...run.value.files, 'summary.json': stableJson(r) });
    } catch (e) {
      const m = e instanceof Error ? e.message : String(e);
      if (explicit !== undefined) writeError = `could not write the report to --report-dir ${reportDir}: ${m}`;
      else ctx.stderr(`rcucheck: warning: could not save the traces under ${reportDir}: ${m}\n`);
    }
  }
  if (a.json) ctx.stdout(`${JSON.stringify(r)}\n`);
  else {
    if (a.quiet) for (const c of r.configs) if (c.status !== 'not run' || c.before !== null) ctx.stdout(configText(c));
    ctx.stdout(totalsText(r));
  }
  ctx.exitCode = r.exitCode;
  if (writeError !== undefined) fail(ctx, EXIT.INPUT, writeError);
}

export function compareCommand(ctx: CliContext): CommandModule<object, CompareArgs> {
  return {
    command: 'compare <model>',
    describe: "what a patch changes: the same configurations with the patch's knob off (--before) and on (--after), per property",
    builder,
    handler: async (a) => {
      await runCompareCommand(ctx, a);
    },
  };
}
