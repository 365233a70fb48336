/**
 * Baselines: the committed state counts (distinct states, maximum depth) of every plan entry.
 * `distinct` is always the unreduced count (with symmetry, the states the stored ones stand for,
 * `stats.represented`), so turning a reduction on cannot move it; `stored` is the number of
 * representatives a symmetry-reduced run stores, for entries that use one.
 *
 * Why this file exists: a model change that moves a state count is either a bug or a deliberate
 * change; `prove` fails on a moved count until `--update-baselines` rewrites it, so the change
 * shows up in review as a diff of proofs/baselines.json (one line per entry, sorted by id).
 *
 * What it must not do: write files itself (it renders text for report/write.ts).
 */
import { readInputFile } from '../check/read-input.js';
import { checkError, type CheckError } from '../base/errors.js';

export interface Baseline {
  distinct: number;
  maxDepth: number;
  /** Symmetry-reduced entries: representatives stored. */
  stored?: number;
}
export type Baselines = Record<string, Baseline>;

/**
 * Read baselines; a malformed one is RC004. A missing file is RC004 too, unless `missingOk` (the
 * run writes them: `--update-baselines`): a mistyped path must not turn every comparison into
 * "no baseline" and pass.
 */
export async function loadBaselines(
  path: string,
  missingOk = false,
): Promise<{ ok: true; value: Baselines } | { ok: false; error: CheckError }> {
  let text: string;
  try {
    text = await readInputFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && missingOk) return { ok: true, value: {} };
    if (code === 'ENOENT') {
      return { ok: false, error: checkError('RC004', `no baselines file ${path} (name one with --baselines, or run without baselines: --no-baselines)`) };
    }
    return { ok: false, error: checkError('RC004', `cannot read baselines ${path}: ${code ?? String(e)}`) };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: checkError('RC004', `malformed baselines ${path}: ${e instanceof Error ? e.message : String(e)}`) };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, error: checkError('RC004', `malformed baselines ${path}: expected an object of id -> {distinct, maxDepth}`) };
  }
  const out: Baselines = {};
  for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
    const b = v as Partial<Baseline> | null;
    if (b === null || typeof b !== 'object' || Array.isArray(b) || !count(b.distinct) || !count(b.maxDepth)) {
      return { ok: false, error: checkError('RC004', `malformed baselines ${path}: entry '${id}' needs distinct and maxDepth as non-negative integers`) };
    }
    for (const k of Object.keys(b)) {
      if (k !== 'distinct' && k !== 'maxDepth' && k !== 'stored') {
        return { ok: false, error: checkError('RC004', `malformed baselines ${path}: entry '${id}' has an unknown key '${k}' (valid: distinct, maxDepth, stored)`) };
      }
    }
    if (b.stored !== undefined && !count(b.stored)) {
      return { ok: false, error: checkError('RC004', `malformed baselines ${path}: entry '${id}' has a stored count that is not a non-negative integer`) };
    }
    out[id] = { distinct: b.distinct as number, maxDepth: b.maxDepth as number };
    if (b.stored !== undefined) out[id].stored = b.stored;
  }
  return { ok: true, value: out };
}

function count(v: unknown): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** One entry per line, sorted by id, so an update is a one-line diff. */
export function renderBaselines(b: Baselines): string {
  const ids = Object.keys(b).sort();
  if (ids.length === 0) return '{}\n';
  const lines = ids.map(
    (id) => `  ${JSON.stringify(id)}: { "distinct": ${b[id].distinct}, "maxDepth": ${b[id].maxDepth}${b[id].stored === undefined ? '' : `, "stored": ${b[id].stored}`} }`,
  );
  return `{\n${lines.join(',\n')}\n}\n`;
}
