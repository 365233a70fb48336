/**
 * `prove`: run a plan (or one shard of it), judge every entry, write the summary, update
 * baselines on request.
 *
 * Why this file exists: this is rcucheck's main job on a fresh clone and in CI. The whole report
 * directory is staged (children write their entry reports into the staging directory, the summary
 * is added last) and renamed into place, so `reports/proofs` is never half-written; an
 * interrupted run is still written, marked `interrupted`, and exits 152.
 *
 * Exit status: 0 every entry as expected; 1 some entry differs; 152 interrupted; 150 bad plan.
 *
 * What it must not do: touch `process`.
 */
import { availableParallelism } from 'node:os';
import { EXIT } from '../base/errors.js';
import type { Host } from '../base/host.js';
import { fail, failWith } from '../base/host.js';
import { formatDuration } from '../report/summary.js';
import { lockReportDir, probeOutputFile, probeReportDir, stage, writeFileAtomic, writeInto } from '../report/write.js';
import { RCUCHECK_VERSION } from '../version.js';
import { loadBaselines, renderBaselines, type Baselines } from './baselines.js';
import { loadPlan, parseShard, shardIndices, type Plan, type PlanEntry } from './plan.js';
import { runEntries } from './run.js';
import { loadAllowances, type CoverageAllowances } from '../check/coverage-gate.js';
import { coverageOfRun } from './coverage.js';
import { evaluate, expectText, summaryJson, summaryMarkdown, timingsJson, totals, type EntryResult, type ProveSummary } from './summary.js';

export interface ProveOptions {
  plan: string;
  shard?: string;
  reportDir: string;
  /** The committed baselines; null: run without them (`--no-baselines`, every entry "no baseline"). */
  baselines: string | null;
  /** Committed coverage allowances (proofs/coverage.json); absent: the gate is skipped, and said so (`--no-coverage`). */
  coverage?: string;
  updateBaselines: boolean;
  workers?: number;
  json: boolean;
  quiet: boolean;
  /** Print the selected entries (id, model, params, expectation) and run nothing. */
  list?: boolean;
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export async function runProve(ctx: Host, o: ProveOptions): Promise<void> {
  const started = ctx.now();
  let shard: { index: number; count: number } | null = null;
  if (o.shard !== undefined) {
    const s = parseShard(o.shard);
    if (!s.ok) return failWith(ctx, s.error);
    shard = s.value;
  }
  const workers = o.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1) return fail(ctx, EXIT.OPTION, `--workers must be a positive integer (got ${String(o.workers)})`);
  const plan = await loadPlan(o.plan);
  if (!plan.ok) return failWith(ctx, plan.error);
  // A run that selects no entry would report success on nothing.
  const planSize = plan.value.entries.length;
  if (o.list !== true && planSize === 0) return fail(ctx, EXIT.INPUT, `RC004 plan ${o.plan} has no entries: nothing to prove`);
  if (o.list !== true && shard !== null && shardIndices(planSize, shard).length === 0) {
    return fail(ctx, EXIT.OPTION, `--shard ${shard.index}/${shard.count} selects none of the plan's ${planSize} entries: nothing to prove (split it in at most ${planSize} shards)`);
  }
  if (o.baselines === null && o.updateBaselines) return fail(ctx, EXIT.OPTION, '--update-baselines needs a baselines file to write (drop --no-baselines)');
  // Every input is read and judged before anything runs: a bad baselines or coverage file is found now, not after the plan.
  const baselines = o.baselines === null ? { ok: true as const, value: {} } : await loadBaselines(o.baselines, o.updateBaselines);
  if (!baselines.ok) return failWith(ctx, baselines.error);
  let allowances: CoverageAllowances | null = null;
  if (o.coverage !== undefined) {
    const allow = await loadAllowances(o.coverage);
    if (!allow.ok) return fail(ctx, EXIT.INPUT, `RC004 ${allow.error} (run without the coverage gate: --no-coverage)`);
    allowances = allow.value;
  }

  if (o.list !== true) {
    const why = await probeReportDir(o.reportDir);
    if (why !== null) return fail(ctx, EXIT.INPUT, `cannot write the report to --report-dir ${o.reportDir}: ${why}`);
    // --update-baselines writes the baselines after the run: find out now whether it can.
    const bwhy = o.updateBaselines && o.baselines !== null ? await probeOutputFile(o.baselines) : null;
    if (bwhy !== null) return fail(ctx, EXIT.INPUT, `cannot write the baselines ${o.baselines ?? ''}: ${bwhy}`);
  }
  const indices = shardIndices(plan.value.entries.length, shard);
  const entries = indices.map((k) => plan.value.entries[k]);
  if (o.list === true) {
    const rows = entries.map((e, k) => ({ index: indices[k], id: e.id, model: e.model, params: e.params, expect: expectText(e.expect) }));
    if (o.json) ctx.stdout(`${JSON.stringify({ plan: o.plan, planEntries: plan.value.entries.length, shard, entries: rows })}\n`);
    else for (const r of rows) ctx.stdout(`${r.index}\t${r.id}\t${r.model}\t${JSON.stringify(r.params)}\t${r.expect}\n`);
    ctx.exitCode = EXIT.OK;
    return;
  }
  // One run per report directory: a second prove into it refuses at once instead of replacing its results.
  const lock = await lockReportDir(o.reportDir, { pid: ctx.pid, what: `prove ${o.plan}`, alive: (p) => ctx.processAlive(p) });
  if (!lock.ok) return fail(ctx, EXIT.INPUT, lock.error);
  try {
    await proveLocked(ctx, o, started, plan.value, { baselines: baselines.value, allowances }, entries, indices, shard, workers);
  } finally {
    await lock.value.release();
  }
}

async function proveLocked(
  ctx: Host,
  o: ProveOptions,
  started: number,
  plan: Plan,
  inputs: { baselines: Baselines; allowances: CoverageAllowances | null },
  entries: PlanEntry[],
  indices: number[],
  shard: { index: number; count: number } | null,
  workers: number,
): Promise<void> {
  const baselineValues = inputs.baselines;
  const staging = await stage(o.reportDir);
  const log = (s: string): void => {
    if (!o.quiet) ctx.stderr(`${s}\n`);
  };
  log(
    `rcucheck prove: ${entries.length} of ${plan.entries.length} entries from ${o.plan}` +
      `${shard ? ` (shard ${shard.index}/${shard.count})` : ''}, ${Math.min(workers, Math.max(1, entries.length))} at a time`,
  );
  let results: EntryResult[];
  // Heartbeat for long entries: which are still running, and for how long (children are quiet).
  const running = new Map<string, number>();
  const period = ctx.stderrIsTTY ? 1000 : 30_000;
  let drawn = false;
  const clear = (): void => {
    if (drawn) ctx.stderr('\r\x1b[2K');
    drawn = false;
  };
  const heartbeat = o.quiet
    ? null
    : setInterval(() => {
        const now = ctx.now();
        const long = [...running].filter(([, t]) => now - t >= period);
        if (long.length === 0) return;
        const line = `running: ${long.map(([id, t]) => `${id} (${formatDuration(now - t)})`).join(', ')}`;
        if (ctx.stderrIsTTY) {
          ctx.stderr(`\r\x1b[2K${line}`);
          drawn = true;
        } else {
          ctx.stderr(`${line}\n`);
        }
      }, period);
  heartbeat?.unref();
  try {
    const runs = await runEntries(ctx, entries, staging.path, workers, defaultWorkers(), (e, r, done) => {
      running.delete(e.id);
      clear();
      const res = r.result;
      const what = r.skipped ? 'not run' : res === null ? `crashed (${r.signal ?? String(r.exitCode)})` : res.verdict;
      const size = res === null ? '' : ` ${res.stats.distinct} states, depth ${res.stats.maxDepth}, ${formatDuration(res.stats.durationMs)}`;
      log(`[${done}/${entries.length}] ${e.id}: ${what} (expected ${expectText(e.expect)})${size}`);
    }, (e) => running.set(e.id, ctx.now()));
    if (heartbeat !== null) clearInterval(heartbeat);
    clear();
    results = runs.map((r, k) => evaluate(indices[k], entries[k], r, baselineValues, o.updateBaselines));
    const summary: ProveSummary = {
      rcucheck: RCUCHECK_VERSION,
      plan: o.plan,
      planChecksum: plan.checksum,
      description: plan.description,
      planEntries: plan.entries.length,
      shards: shard === null ? null : [shard],
      entries: results,
      totals: totals(results, shard === null ? plan.entries.length : entries.length),
      ok: false,
      interrupted: ctx.signal.aborted,
      baselinesUpdated: o.updateBaselines,
      timings: { wallMs: Math.round(ctx.now() - started) },
    };
    summary.ok = summary.totals.differ === 0 && summary.totals.missing === 0 && !summary.interrupted;
    // The coverage gate: only over the whole plan (a shard or an interrupted run would miss what the rest fires).
    if (o.coverage !== undefined && inputs.allowances !== null) {
      const whole = shard === null && !summary.interrupted;
      const partial = shard !== null ? `shard ${shard.index}/${shard.count}` : 'the run was interrupted';
      summary.coverage = coverageOfRun({ planPath: o.plan, allowancesPath: o.coverage, whole, partial }, entries, runs, inputs.allowances);
      if (!summary.coverage.skipped && !summary.coverage.ok) summary.ok = false;
    }
    try {
      await writeInto(staging.path, { 'summary.json': summaryJson(summary), 'summary.md': summaryMarkdown(summary), 'timings.json': timingsJson(summary) });
      await staging.commit();
    } catch (e) {
      // The results are still told: the totals on stderr, the summary with --json; the exit says the report is missing.
      await staging.discard().catch(() => undefined);
      log(`${summary.totals.matched}/${summary.totals.entries} entries as expected`);
      if (o.json) ctx.stdout(`${JSON.stringify(summary)}\n`);
      return fail(ctx, EXIT.INPUT, `could not write the report to --report-dir ${o.reportDir}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (o.updateBaselines && o.baselines !== null && !summary.interrupted) {
      const next: Baselines = { ...baselineValues };
      for (const r of results) {
        const st = r.stats;
        if (st !== null && (r.verdict === 'ok' || r.verdict === 'violation' || r.verdict === 'deadlock')) {
          next[r.id] = { distinct: st.represented, maxDepth: st.maxDepth };
          if (st.distinct !== st.represented) next[r.id].stored = st.distinct;
        }
      }
      try {
        await writeFileAtomic(o.baselines, renderBaselines(next));
      } catch (e) {
        return fail(ctx, EXIT.INPUT, `could not write the baselines ${o.baselines}: ${e instanceof Error ? e.message : String(e)} (the summary is in ${o.reportDir})`);
      }
      log(`baselines written to ${o.baselines}`);
    }
    for (const r of results.filter((x) => !x.match)) log(`DIFFERS ${r.id}: ${r.reasons.join('; ')}`);
    const cov = summary.coverage;
    if (cov === undefined) log('coverage gate: not run (--no-coverage)');
    else if (cov.skipped) log(`coverage gate: skipped (${cov.reason})`);
    else if (cov.ok) log(`coverage gate: passed (${cov.models.map((m) => `${m.model} ${m.actions - m.neverFired.length}/${m.actions}`).join(', ')} action families fired; the rest justified)`);
    else for (const p of cov.problems) ctx.stderr(`COVERAGE ${p}\n`);
    log(
      `${summary.interrupted ? 'INTERRUPTED' : summary.ok ? 'all as expected' : 'DIFFERENCES FOUND'}: ${summary.totals.matched}/${summary.totals.entries} entries as expected; ` +
        `summary in ${o.reportDir}/summary.md`,
    );
    if (o.json) ctx.stdout(`${JSON.stringify(summary)}\n`);
    ctx.exitCode = summary.interrupted ? EXIT.INCOMPLETE : summary.ok ? EXIT.OK : EXIT.DIFFERS;
  } catch (e) {
    if (heartbeat !== null) clearInterval(heartbeat);
    await staging.discard();
    throw e;
  }
}
