/**
 * Coverage as a gate: which actions of a model fire in none of a plan's faithful (non-mutation)
 * configurations, and the committed list (proofs/coverage.json) of the ones allowed not to, each
 * with its one-line justification.
 *
 * Why this file exists: an action that never fires is a step the proofs say nothing about (a guard
 * that is always false, a bound too small, a path no configuration takes). `rcucheck prove` and the
 * published kvfree reports both need the same answer from the same data, so the key, the union
 * and the judgement live here, below both (src/prove and src/experiments may not import each
 * other).
 *
 * The key is the action *family*: the action's step name plus its choice label with every
 * instance index renamed by order of first appearance per kind (`caller1 on cpu0 (migrated)` ->
 * `callerA on cpuA (migrated)`, `cpu0 batch 1, W2 slab page, worker on cpu1` -> `cpuA batch A, W2
 * slab page, worker on cpuB`). An instance index is a lowercase word followed by digits, with or
 * without a space (`cpu0`, `batch 1`, `reader0`, `object 1`, `p2`); step ids (`C3`, `W2`) and
 * kernel names are upper case or have no trailing digits and are kept. Why this key: the full label
 * depends on the parameters (cpus, readers, objects make more instances of one step), and under
 * symmetry reduction only orbit representatives are expanded, so `caller1`'s copy of a step may
 * never fire although `caller0`'s does in the mirrored state; renaming indices by first
 * appearance is invariant under every permutation of CPUs, callers, readers, objects and batches,
 * so family coverage is the same with and without reduction and the same at every parameter
 * value. The path a step takes (room in the page, page from the cache, allocation failure,
 * migrated caller, worker on another CPU) is part of the choice text and stays in the key.
 *
 * What it must not do: run searches or write files.
 */
import { readInputFile } from './read-input.js';
import type { CompiledModel } from '../model/compile.js';

const INSTANCE = /\b([a-z]+)( ?)(\d+(?:\.\d+)*)\b/g;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The family of one action: its name and its choice with instance indices renamed (see above). */
export function actionFamily(name: string, choice: string): string {
  const seen = new Map<string, Map<string, string>>();
  const c = choice.replace(INSTANCE, (_m, kind: string, sp: string, idx: string) => {
    let m = seen.get(kind);
    if (m === undefined) seen.set(kind, (m = new Map()));
    if (!m.has(idx)) m.set(idx, LETTERS[m.size] ?? `#${m.size}`);
    return `${kind}${sp}${m.get(idx)}`;
  });
  return c === '' ? name : `${name} [${c}]`;
}

/** Per action id, its family. */
export function actionFamilies(m: Pick<CompiledModel, 'actionName' | 'actionChoice'>): string[] {
  return m.actionName.map((n, i) => actionFamily(n, m.actionChoice[i]));
}

/** The families that fired in one run: every action whose full label is not among `neverFired`. */
export function firedFamilies(m: Pick<CompiledModel, 'actionName' | 'actionChoice' | 'actionLabel'>, neverFired: readonly string[]): string[] {
  const nf = new Set(neverFired);
  const fams = actionFamilies(m);
  return [...new Set(fams.filter((_f, i) => !nf.has(m.actionLabel[i])))];
}

/**
 * A configuration is a mutation (bug-seeded, left out of coverage) when its parameters seed a
 * bug (`mutation` other than `none`) or it says so itself (a client bug such as a double
 * kvfree_rcu() is a parameter of the objects, not a `mutation`).
 */
export function isMutation(params: Readonly<Record<string, string | number>>, flagged: boolean | undefined): boolean {
  return flagged === true || (params.mutation !== undefined && params.mutation !== 'none');
}

/** proofs/coverage.json: the plan it judges and, per model, action family -> why it may never fire. */
export interface CoverageAllowances {
  /** The plan it judges, relative to this file's directory (e.g. `plan.json`): other plans are not gated by it. */
  plan: string;
  models: Record<string, Record<string, string>>;
}

type R<T> = { ok: true; value: T } | { ok: false; error: string };

export function validateAllowances(path: string, raw: unknown): R<CoverageAllowances> {
  const bad = (m: string): R<CoverageAllowances> => ({ ok: false, error: `malformed coverage allowances ${path}: ${m}` });
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!obj(raw)) return bad('expected an object {"plan": ..., "models": {...}}');
  for (const k of Object.keys(raw)) if (k !== 'plan' && k !== 'models' && k !== '$comment') return bad(`unknown key '${k}' (valid: plan, models)`);
  if (typeof raw.plan !== 'string' || raw.plan === '') return bad('"plan" must name the plan file it judges (e.g. "plan.json")');
  if (!obj(raw.models)) return bad('"models" must map model ids to {action family: justification}');
  const models: Record<string, Record<string, string>> = {};
  for (const [model, list] of Object.entries(raw.models)) {
    if (!obj(list)) return bad(`"models.${model}" must map action families to one-line justifications`);
    models[model] = {};
    for (const [action, why] of Object.entries(list)) {
      if (typeof why !== 'string' || why.trim() === '') return bad(`${model}: '${action}' needs a one-line justification`);
      if (why.includes('\n')) return bad(`${model}: the justification of '${action}' must be one line`);
      models[model][action] = why;
    }
  }
  return { ok: true, value: { plan: raw.plan, models } };
}

export async function loadAllowances(path: string): Promise<R<CoverageAllowances>> {
  let text: string;
  try {
    text = await readInputFile(path);
  } catch (e) {
    return { ok: false, error: `cannot read coverage allowances ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `malformed coverage allowances ${path}: not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  return validateAllowances(path, raw);
}

/** One faithful configuration's coverage: every family of its model at its parameters, and those that fired. */
export interface EntryCoverage {
  id: string;
  model: string;
  families: readonly string[];
  fired: readonly string[];
}

export interface ModelCoverage {
  model: string;
  /** The faithful configurations whose coverage was united. */
  entries: string[];
  /** Families of the model over those configurations' parameters. */
  actions: number;
  /** Families that fired in none of them, with the committed justification (null: none, the gate fails). */
  neverFired: { action: string; justification: string | null }[];
  /** Listed as allowed never to fire, but fired (the justification is stale). */
  stale: { action: string; justification: string; firedIn: string[] }[];
  /** Listed, but no such family at these parameters (misspelt or removed). */
  unknown: string[];
}

export interface CoverageGate {
  models: ModelCoverage[];
  ok: boolean;
  /** One line per failure, naming the model and the action. */
  problems: string[];
}

/** Unite the faithful entries' coverage per model and judge it against the allowances. */
export function judgeCoverage(entries: readonly EntryCoverage[], allowances: CoverageAllowances): CoverageGate {
  const byModel = new Map<string, EntryCoverage[]>();
  for (const e of entries) {
    const l = byModel.get(e.model) ?? [];
    l.push(e);
    byModel.set(e.model, l);
  }
  const problems: string[] = [];
  const models: ModelCoverage[] = [];
  for (const [model, list] of byModel) {
    const all = new Set<string>();
    const firedIn = new Map<string, string[]>();
    for (const e of list) {
      for (const f of e.families) all.add(f);
      for (const f of e.fired) firedIn.set(f, [...(firedIn.get(f) ?? []), e.id]);
    }
    const allowed = allowances.models[model] ?? {};
    const mc: ModelCoverage = { model, entries: list.map((e) => e.id), actions: all.size, neverFired: [], stale: [], unknown: [] };
    for (const f of all) {
      if (firedIn.has(f)) continue;
      const why = allowed[f] ?? null;
      mc.neverFired.push({ action: f, justification: why });
      if (why === null) {
        problems.push(
          `${model}: action '${f}' fires in none of the faithful plan entries (${list.length}) and is not listed in the coverage allowances: ` +
            'add a faithful configuration that reaches it, or list it with a one-line justification',
        );
      }
    }
    for (const [f, why] of Object.entries(allowed)) {
      if (!all.has(f)) {
        mc.unknown.push(f);
        problems.push(`${model}: the coverage allowances list '${f}', which is no action of this model at the faithful entries' parameters`);
      } else if (firedIn.has(f)) {
        mc.stale.push({ action: f, justification: why, firedIn: firedIn.get(f)! });
        problems.push(`${model}: action '${f}' is listed as never firing ("${why}") but fired in ${firedIn.get(f)!.join(', ')}: the justification is stale, remove it`);
      }
    }
    models.push(mc);
  }
  for (const model of Object.keys(allowances.models)) {
    if (!byModel.has(model)) problems.push(`${model}: the coverage allowances list this model, but no faithful plan entry runs it`);
  }
  models.sort((a, b) => a.model.localeCompare(b.model));
  return { models, ok: problems.length === 0, problems };
}
