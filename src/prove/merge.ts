/**
 * `merge`: combine the summaries of several prove shards (or runs) into one.
 *
 * Why this file exists: CI spreads the plan over a matrix (`prove --shard I/N`), each job uploads
 * its report directory, and one last job merges them into a single summary.md/summary.json with
 * every entry's report directory copied alongside, so trace links still resolve. A merge that
 * misses entries of the plan (a shard absent) or holds an entry twice is reported as a difference;
 * summaries that are malformed or come from different plans (each carries its plan's checksum)
 * are refused (150, src/prove/shard-summary.ts), and so is a --report-dir that would replace an
 * input (151).
 *
 * What it must not do: touch `process`, or rerun anything.
 */
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Host } from '../base/host.js';
import { EXIT } from '../base/errors.js';
import { fail } from '../base/host.js';
import { copyInto, ioErrorMessage, probeReportDir, stage, writeInto } from '../report/write.js';
import { RCUCHECK_VERSION } from '../version.js';
import { summaryJson, summaryMarkdown, timingsJson, totals, type EntryResult, type ProveSummary } from './summary.js';
import { mismatch, planChanged, readShardSummary } from './shard-summary.js';

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest (symlinks resolved). */
async function realish(p: string): Promise<string> {
  const abs = resolve(p);
  try {
    return await realpath(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(await realish(parent), basename(abs));
  }
}

/** Would writing the merged report at `out` replace or remove an input? (It is replaced whole.) */
async function overlap(out: string, dirs: readonly string[]): Promise<string | null> {
  const o = await realish(out);
  for (const d of dirs) {
    const r = await realish(d);
    const rel = relative(o, r);
    if (rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))) return `--report-dir ${out} would replace the input ${d}; name another directory`;
  }
  return null;
}

export async function runMerge(ctx: Host, dirs: readonly string[], reportDir: string, json: boolean): Promise<void> {
  const clash = await overlap(reportDir, dirs);
  if (clash !== null) return fail(ctx, EXIT.OPTION, clash);
  const why = await probeReportDir(reportDir);
  if (why !== null) return fail(ctx, EXIT.INPUT, `cannot write the report to --report-dir ${reportDir}: ${why}`);
  const parts: { dir: string; s: ProveSummary }[] = [];
  for (const dir of dirs) {
    const s = await readShardSummary(dir);
    if (!s.ok) return fail(ctx, EXIT.INPUT, s.error);
    parts.push({ dir, s: s.value });
  }
  const differ = mismatch(parts);
  if (differ !== null) return fail(ctx, EXIT.INPUT, `RC004 ${differ}`);
  const changed = await planChanged(parts[0].s);
  if (changed !== null) return fail(ctx, EXIT.INPUT, `RC004 ${changed}`);
  const plans = [parts[0].s.plan];
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
  const planEntries = parts[0].s.planEntries;
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
      planChecksum: parts[0].s.planChecksum,
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
    ctx.exitCode = summary.interrupted ? EXIT.INCOMPLETE : summary.ok ? EXIT.OK : EXIT.DIFFERS;
  } catch (e) {
    await staging.discard().catch(() => undefined);
    const io = ioErrorMessage(e);
    if (io === null) throw e;
    return fail(ctx, EXIT.INPUT, `could not write the report to --report-dir ${reportDir}: ${io}`);
  }
}
