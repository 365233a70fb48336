/**
 * `merge`: combine the summaries of several prove shards (or runs) into one.
 *
 * Why this file exists: CI spreads the plan over a matrix (`prove --shard I/N`), each job uploads
 * its report directory, and one last job merges them into a single summary.md/summary.json with
 * every entry's report directory copied alongside, so trace links still resolve. A merge that
 * misses entries of the plan (a shard absent) or holds an entry twice is reported as a difference.
 *
 * What it must not do: touch `process`, or rerun anything.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Host } from '../base/host.js';
import { fail } from '../base/host.js';
import { copyInto, probeReportDir, stage, writeInto } from '../report/write.js';
import { RCUCHECK_VERSION } from '../version.js';
import { PROVE_DIFFERS } from './prove.js';
import { summaryJson, summaryMarkdown, timingsJson, totals, type EntryResult, type ProveSummary } from './summary.js';
import { stat } from 'node:fs/promises';

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

export async function runMerge(ctx: Host, dirs: readonly string[], reportDir: string, json: boolean): Promise<void> {
  const why = await probeReportDir(reportDir);
  if (why !== null) return fail(ctx, 150, `cannot write the report to --report-dir ${reportDir}: ${why}`);
  const parts: { dir: string; s: ProveSummary }[] = [];
  for (const dir of dirs) {
    const file = join(dir, 'summary.json');
    let s: ProveSummary;
    try {
      s = JSON.parse(await readFile(file, 'utf8')) as ProveSummary;
    } catch (e) {
      return fail(ctx, 150, `RC004 cannot read prove summary ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (typeof s !== 'object' || s === null || !Array.isArray(s.entries) || typeof s.plan !== 'string') {
      return fail(ctx, 150, `RC004 ${file} is not a prove summary.json`);
    }
    parts.push({ dir, s });
  }
  const plans = [...new Set(parts.map((p) => p.s.plan))];
  if (plans.length > 1) return fail(ctx, 150, `RC004 the summaries come from different plans (${plans.join(', ')})`);
  const seen = new Map<string, string>();
  const entries: (EntryResult & { from: string })[] = [];
  const dup: string[] = [];
  for (const { dir, s } of parts) {
    for (const e of s.entries) {
      if (seen.has(e.id)) dup.push(`${e.id} (in ${seen.get(e.id)} and ${dir})`);
      else {
        seen.set(e.id, dir);
        entries.push({ ...e, from: dir });
      }
    }
  }
  entries.sort((a, b) => a.index - b.index);
  const planEntries = Math.max(...parts.map((p) => p.s.planEntries));
  const staging = await stage(reportDir);
  try {
    for (const e of entries) if (await isDir(join(e.from, e.id))) await copyInto(staging.path, e.id, join(e.from, e.id));
    const clean: EntryResult[] = entries.map(({ from: _from, ...rest }) => {
      void _from;
      return rest;
    });
    const shards = parts.flatMap((p) => p.s.shards ?? []).sort((a, b) => a.index - b.index);
    const summary: ProveSummary = {
      rcucheck: RCUCHECK_VERSION,
      plan: plans[0],
      description: parts[0]?.s.description ?? '',
      planEntries,
      shards: shards.length === 0 ? null : shards,
      entries: clean,
      totals: totals(clean, planEntries),
      ok: false,
      interrupted: parts.some((p) => p.s.interrupted),
      baselinesUpdated: parts.some((p) => p.s.baselinesUpdated),
      timings: { wallMs: parts.reduce((a, p) => Math.max(a, p.s.timings?.wallMs ?? 0), 0) },
    };
    summary.ok = summary.totals.differ === 0 && summary.totals.missing === 0 && dup.length === 0 && !summary.interrupted;
    await writeInto(staging.path, { 'summary.json': summaryJson(summary), 'summary.md': summaryMarkdown(summary), 'timings.json': timingsJson(summary) });
    await staging.commit();
    if (dup.length > 0) ctx.stderr(`rcucheck merge: entries present twice: ${dup.join(', ')}\n`);
    if (summary.totals.missing > 0) ctx.stderr(`rcucheck merge: ${summary.totals.missing} of the plan's ${planEntries} entries are missing (a shard absent?)\n`);
    ctx.stderr(
      `rcucheck merge: ${parts.length} summaries, ${summary.totals.matched}/${summary.totals.entries} entries as expected; summary in ${reportDir}/summary.md\n`,
    );
    if (json) ctx.stdout(`${JSON.stringify(summary)}\n`);
    ctx.exitCode = summary.interrupted ? 152 : summary.ok ? 0 : PROVE_DIFFERS;
  } catch (e) {
    await staging.discard();
    throw e;
  }
}
