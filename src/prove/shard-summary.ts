/**
 * Reading a prove summary.json back for `merge`, and checking that the summaries fit together.
 *
 * Why this file exists: `merge` reads files that a CI job uploaded (or a person edited), then
 * turns their ids into directory names and their `match` flags into the verdict of the whole
 * plan. A summary is therefore judged before anything of it is believed (issue 32): every entry
 * id is a plain name (never a path such as `../../etc`), every index lies in the plan, `match` is
 * a boolean that agrees with its reasons, `planEntries` is a positive count, and every summary
 * carries the checksum of the plan it ran. Summaries of different plans (or of one plan edited
 * between two shards) are refused rather than merged into an "as expected" that never ran.
 *
 * What it must not do: write files, touch `process`, or rerun anything.
 */
import { readInputFile } from '../check/read-input.js';
import { join } from 'node:path';
import { ENTRY_ID, planChecksum } from './plan.js';
import type { EntryResult, ProveSummary } from './summary.js';

type R<T> = { ok: true; value: T } | { ok: false; error: string };

const VERDICTS = new Set(['ok', 'violation', 'deadlock', 'error', 'incomplete', 'not-run', 'crashed']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function count(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
}

/** A link to a trace file: relative, under the entry's own directory, no `..`. */
function traceLinkOk(id: string, link: unknown): boolean {
  return typeof link === 'string' && link.startsWith(`${id}/`) && !link.split(/[\\/]/).some((p) => p === '..' || p === '');
}

/** Judge one entry of a summary (where: for the message). */
function entryProblem(e: unknown, k: number, planEntries: number): string | null {
  if (!isObject(e)) return `entry ${k + 1} is not an object`;
  if (typeof e.id !== 'string' || !ENTRY_ID.test(e.id)) return `entry ${k + 1}: id ${JSON.stringify(e.id)} is not a plan entry id (letters, digits, '.', '_', '-')`;
  const at = `entry '${e.id}'`;
  if (!count(e.index, 0) || e.index >= planEntries) return `${at}: index ${JSON.stringify(e.index)} is not a position in a plan of ${planEntries} entries`;
  if (typeof e.match !== 'boolean') return `${at}: "match" must be true or false (got ${JSON.stringify(e.match)})`;
  if (typeof e.verdict !== 'string' || !VERDICTS.has(e.verdict)) return `${at}: unknown verdict ${JSON.stringify(e.verdict)}`;
  if (!Array.isArray(e.reasons) || e.reasons.some((r) => typeof r !== 'string')) return `${at}: "reasons" must be a list of strings`;
  if (e.match === (e.reasons.length > 0)) return `${at}: "match" is ${String(e.match)} but it lists ${e.reasons.length} reasons`;
  if (e.match && (e.verdict === 'not-run' || e.verdict === 'crashed' || e.verdict === 'error' || e.verdict === 'incomplete')) {
    return `${at}: "match" is true for verdict ${e.verdict}`;
  }
  if (!isObject(e.traces)) return `${at}: "traces" must be an object`;
  for (const files of Object.values(e.traces)) {
    if (!isObject(files) || Object.values(files).some((l) => !traceLinkOk(e.id as string, l))) return `${at}: a trace link lies outside the entry's directory`;
  }
  return null;
}

/** Read `<dir>/summary.json` and judge it (RC004 message on failure). */
export async function readShardSummary(dir: string): Promise<R<ProveSummary>> {
  const file = join(dir, 'summary.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readInputFile(file));
  } catch (e) {
    return { ok: false, error: `RC004 cannot read prove summary ${file}: ${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}` };
  }
  const bad = (m: string): R<ProveSummary> => ({ ok: false, error: `RC004 ${file} is not a valid prove summary: ${m}` });
  if (!isObject(raw) || !Array.isArray(raw.entries) || typeof raw.plan !== 'string') return bad('expected an object with "plan" and "entries"');
  if (typeof raw.planChecksum !== 'string' || !/^[0-9a-f]{64}$/.test(raw.planChecksum)) {
    return bad('it carries no plan checksum (written by an older rcucheck, or edited); rerun that shard');
  }
  if (!count(raw.planEntries, 1)) return bad(`"planEntries" must be a positive integer (got ${JSON.stringify(raw.planEntries)})`);
  const planEntries = raw.planEntries;
  if (typeof raw.interrupted !== 'boolean' || typeof raw.baselinesUpdated !== 'boolean') return bad('"interrupted" and "baselinesUpdated" must be true or false');
  let shards: { index: number; count: number }[] | null = null;
  if (raw.shards !== null) {
    if (!Array.isArray(raw.shards) || raw.shards.length === 0) return bad('"shards" must be null or a list of {index, count}');
    shards = [];
    for (const s of raw.shards as unknown[]) {
      if (!isObject(s) || !count(s.count, 1) || !count(s.index, 1) || s.index > s.count) return bad(`shard ${JSON.stringify(s)} is not {index: I, count: N} with 1 <= I <= N`);
      shards.push({ index: s.index, count: s.count });
    }
  }
  const indices = new Set<number>();
  for (const [k, e] of (raw.entries as unknown[]).entries()) {
    const why = entryProblem(e, k, planEntries);
    if (why !== null) return bad(why);
    const x = e as EntryResult;
    if (indices.has(x.index)) return bad(`two entries at plan index ${x.index}`);
    indices.add(x.index);
    if (shards !== null && !shards.some((s) => x.index % s.count === s.index - 1)) return bad(`entry '${x.id}' (index ${x.index}) is in none of its shards`);
  }
  return { ok: true, value: raw as unknown as ProveSummary };
}

/**
 * Has the plan the summaries ran changed since? Judged when its file is readable from here (CI
 * merges in the same checkout); a plan that cannot be found here is not judged (null).
 */
export async function planChanged(s: ProveSummary): Promise<string | null> {
  let text: string;
  try {
    text = await readInputFile(s.plan);
  } catch {
    return null;
  }
  const now = planChecksum(text);
  return now === s.planChecksum ? null : `${s.plan} has changed since the shards ran it (checksum ${s.planChecksum.slice(0, 12)}, now ${now.slice(0, 12)}): rerun every shard`;
}

/** Do the summaries come from one plan, split one way? The reason they do not, or null. */
export function mismatch(parts: readonly { dir: string; s: ProveSummary }[]): string | null {
  const first = parts[0];
  for (const p of parts.slice(1)) {
    if (p.s.planChecksum !== first.s.planChecksum || p.s.plan !== first.s.plan) {
      return `${p.dir} and ${first.dir} ran different plans (${p.s.plan} ${p.s.planChecksum.slice(0, 12)}, ${first.s.plan} ${first.s.planChecksum.slice(0, 12)}): was the plan edited between shards? rerun every shard`;
    }
    if (p.s.planEntries !== first.s.planEntries) return `${p.dir} and ${first.dir} disagree on the plan's size (${p.s.planEntries}, ${first.s.planEntries})`;
  }
  const counts = new Set(parts.flatMap((p) => (p.s.shards ?? []).map((s) => s.count)));
  if (counts.size > 1) return `the summaries split the plan different ways (--shard I/N with N = ${[...counts].join(', ')})`;
  return null;
}
