/**
 * Proof plans: the committed list of configurations rcucheck publishes, each with its expected
 * verdict, and their validation.
 *
 * Why this file exists: `rcucheck prove` must refuse a malformed plan before running anything,
 * with one line naming the entry and the problem (RC004, exit 150). A plan is JSON:
 *
 *   { "description": "...", "entries": [
 *     { "id": "peterson-n3", "model": "peterson", "params": { "n": 3 }, "expect": "holds" },
 *     { "id": "peterson-mutant", "model": "peterson", "params": { "mutate": 1 },
 *       "expect": { "violates": "mutual-exclusion", "note": "the mutated WAIT guard lets two in" } } ] }
 *
 * `violates` may also be a list of properties; every one must be violated and all others hold.
 *
 * Optional per entry: `invariants` (names; default all), `strategy` (bfs|dfs), `seen`
 * (exact|fp64), `deadlock` (false to explore past deadlocks), `limits` ({maxStates, maxDepth,
 * timeoutS, memoryMB}), `note`, `mutation` (true: a bug-seeded configuration whose parameters do
 * not say so through `mutation`, e.g. a client's double kvfree_rcu(); left out of the coverage gate).
 * Each entry fits on one line, so adding one is a one-line change.
 *
 * What it must not do: run searches or write files.
 */
import { createHash } from 'node:crypto';
import { readInputFile } from '../check/read-input.js';
import { checkError, type CheckError } from '../base/errors.js';
import type { CheckOptions } from '../check/options.js';
import { prepareCheck } from '../check/prepare.js';

/** `holds`, or the property (or properties) the entry must violate, all others holding. */
export type Expect = 'holds' | { violates: string | string[]; note: string };

/** The properties an expectation names as violated (none for `holds`). */
export function expectedViolations(x: Expect): string[] {
  return x === 'holds' ? [] : typeof x.violates === 'string' ? [x.violates] : [...x.violates];
}

export interface PlanEntry {
  id: string;
  model: string;
  params: Record<string, number | string>;
  invariants?: string[];
  strategy?: 'bfs' | 'dfs';
  seen?: 'exact' | 'fp64';
  deadlock?: boolean;
  expect: Expect;
  limits?: { maxStates?: number; maxDepth?: number; timeoutS?: number; memoryMB?: number };
  note?: string;
  /** A bug-seeded configuration (see isMutation in src/check/coverage-gate.ts). */
  mutation?: boolean;
}

export interface Plan {
  /** The file it came from (as given). */
  path: string;
  /** sha256 of the file's bytes: each shard's summary carries it, and `merge` refuses shards of different plans. */
  checksum: string;
  description: string;
  entries: PlanEntry[];
}

type R<T> = { ok: true; value: T } | { ok: false; error: CheckError };

const ENTRY_KEYS = new Set(['id', 'model', 'params', 'invariants', 'strategy', 'seen', 'deadlock', 'expect', 'limits', 'note', 'mutation']);
const LIMIT_KEYS = new Set(['maxStates', 'maxDepth', 'timeoutS', 'memoryMB']);
/** An entry id: also a directory name in the report, so never a path. */
export const ENTRY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The check an entry describes (collect mode, so every property gets its own verdict). */
export function entryRequest(e: PlanEntry): CheckOptions {
  return {
    model: e.model,
    params: e.params,
    invariants: e.invariants ?? [],
    strategy: e.strategy ?? 'bfs',
    seen: e.seen ?? 'exact',
    deadlock: e.deadlock ?? true,
    collect: true,
    maxStates: e.limits?.maxStates,
    maxDepth: e.limits?.maxDepth,
    timeoutS: e.limits?.timeoutS,
    memoryMB: e.limits?.memoryMB,
  };
}

/** Validate parsed JSON as a plan; every problem names the entry. */
export function validatePlan(path: string, raw: unknown): R<Omit<Plan, 'checksum'>> {
  const bad = (msg: string): R<Omit<Plan, 'checksum'>> => ({ ok: false, error: checkError('RC004', `malformed plan ${path}: ${msg}`) });
  if (!isObject(raw)) return bad('expected an object with an "entries" array');
  for (const k of Object.keys(raw)) if (k !== 'entries' && k !== 'description' && k !== '$comment') return bad(`unknown top-level key '${k}' (valid: description, entries)`);
  if (!Array.isArray(raw.entries)) return bad('"entries" must be an array');
  if (raw.description !== undefined && typeof raw.description !== 'string') return bad('"description" must be a string');
  const ids = new Set<string>();
  const entries: PlanEntry[] = [];
  for (let i = 0; i < raw.entries.length; i++) {
    const e: unknown = raw.entries[i];
    const where = `entry ${i + 1}`;
    if (!isObject(e)) return bad(`${where} is not an object`);
    if (typeof e.id !== 'string' || !ENTRY_ID.test(e.id)) return bad(`${where}: "id" must be a string of letters, digits, '.', '_' or '-'`);
    const at = `entry '${e.id}'`;
    if (ids.has(e.id)) return bad(`${at}: duplicate id`);
    ids.add(e.id);
    for (const k of Object.keys(e)) if (!ENTRY_KEYS.has(k)) return bad(`${at}: unknown key '${k}' (valid: ${[...ENTRY_KEYS].join(', ')})`);
    if (typeof e.model !== 'string') return bad(`${at}: "model" must be a string`);
    const params = e.params ?? {};
    if (!isObject(params) || Object.values(params).some((v) => typeof v !== 'number' && typeof v !== 'string')) {
      return bad(`${at}: "params" must map names to numbers or strings`);
    }
    if (e.invariants !== undefined && (!Array.isArray(e.invariants) || e.invariants.some((x) => typeof x !== 'string'))) {
      return bad(`${at}: "invariants" must be an array of property names`);
    }
    if (e.strategy !== undefined && e.strategy !== 'bfs' && e.strategy !== 'dfs') return bad(`${at}: "strategy" must be bfs or dfs`);
    if (e.seen !== undefined && e.seen !== 'exact' && e.seen !== 'fp64') return bad(`${at}: "seen" must be exact or fp64`);
    if (e.deadlock !== undefined && typeof e.deadlock !== 'boolean') return bad(`${at}: "deadlock" must be true or false`);
    if (e.note !== undefined && typeof e.note !== 'string') return bad(`${at}: "note" must be a string`);
    if (e.mutation !== undefined && typeof e.mutation !== 'boolean') return bad(`${at}: "mutation" must be true or false`);
    let expect: Expect;
    if (e.expect === 'holds') expect = 'holds';
    else if (
      isObject(e.expect) &&
      (typeof e.expect.violates === 'string' ||
        (Array.isArray(e.expect.violates) && e.expect.violates.length > 0 && e.expect.violates.every((x) => typeof x === 'string'))) &&
      typeof e.expect.note === 'string'
    ) {
      for (const k of Object.keys(e.expect)) if (k !== 'violates' && k !== 'note') return bad(`${at}: unknown key '${k}' in "expect"`);
      if (e.expect.note.trim() === '') return bad(`${at}: an expected violation needs a one-line "note" saying what the finding is`);
      expect = { violates: e.expect.violates, note: e.expect.note };
    } else {
      return bad(`${at}: "expect" must be "holds" or {"violates": "<property>" or ["<property>", ...], "note": "<what the finding is>"}`);
    }
    let limits: PlanEntry['limits'];
    if (e.limits !== undefined) {
      if (!isObject(e.limits)) return bad(`${at}: "limits" must be an object`);
      for (const [k, v] of Object.entries(e.limits)) {
        if (!LIMIT_KEYS.has(k)) return bad(`${at}: unknown limit '${k}' (valid: ${[...LIMIT_KEYS].join(', ')})`);
        if (typeof v !== 'number') return bad(`${at}: limit ${k} must be a number`);
      }
      limits = e.limits;
    }
    const entry: PlanEntry = { id: e.id, model: e.model, params: params as Record<string, number | string>, expect };
    if (e.invariants !== undefined) entry.invariants = e.invariants as string[];
    if (e.strategy !== undefined) entry.strategy = e.strategy;
    if (e.seen !== undefined) entry.seen = e.seen;
    if (e.deadlock !== undefined) entry.deadlock = e.deadlock;
    if (limits !== undefined) entry.limits = limits;
    if (e.note !== undefined) entry.note = e.note;
    if (e.mutation !== undefined) entry.mutation = e.mutation;
    // The entry must describe a valid check: model, parameters, properties, limits.
    const prep = prepareCheck(entryRequest(entry));
    if (!prep.ok) return bad(`${at}: ${prep.error.error.message}`);
    if (expect !== 'holds') {
      const m = prep.value.model;
      const names = [...m.invariants, ...m.transitions, ...m.terminals, ...m.liveness].map((p) => p.name);
      if (entry.deadlock !== false) names.push('deadlock');
      for (const v of expectedViolations(expect)) {
        if (!names.includes(v)) return bad(`${at}: expects a violation of '${v}', which this entry does not check (valid: ${names.join(', ')})`);
      }
    }
    entries.push(entry);
  }
  return { ok: true, value: { path, description: typeof raw.description === 'string' ? raw.description : '', entries } };
}

/** Read and validate a plan file (RC004 if unreadable or malformed). */
export async function loadPlan(path: string): Promise<R<Plan>> {
  let text: string;
  try {
    text = await readInputFile(path);
  } catch (e) {
    return { ok: false, error: checkError('RC004', `cannot read plan ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`) };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: checkError('RC004', `malformed plan ${path}: not JSON (${e instanceof Error ? e.message : String(e)})`) };
  }
  const v = validatePlan(path, raw);
  return v.ok ? { ok: true, value: { ...v.value, checksum: planChecksum(text) } } : v;
}

/** The plan checksum of a plan file's text. */
export function planChecksum(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `I/N` (1-based). */
export function parseShard(s: string): R<{ index: number; count: number }> {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || i < 1 || i > n) {
    return { ok: false, error: checkError('RC002', `--shard expects I/N with 1 <= I <= N (got '${s}')`) };
  }
  return { ok: true, value: { index: i, count: n } };
}

/**
 * Shard I of N: the entries whose plan index is congruent to I-1 modulo N. Deterministic, and the
 * N shards partition the plan exactly (each entry in one shard).
 */
export function shardIndices(total: number, shard: { index: number; count: number } | null): number[] {
  const out: number[] = [];
  for (let k = 0; k < total; k++) if (shard === null || k % shard.count === shard.index - 1) out.push(k);
  return out;
}
