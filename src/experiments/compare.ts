/**
 * `rcucheck compare <model> --before k=v --after k=v`: what a patch changes. The same model at the
 * same bounds, checked twice per configuration (the patch's knob off, then on; nothing else
 * differs), every property in collect mode; per configuration and property the verdict moves as
 * `newly violated`, `no longer violated`, `unchanged` or `undecided` (either side did not finish).
 * The configurations: one (the -D's), the small-scope sweep's within a wall-time budget
 * (src/experiments/sweep.ts), or a list the caller gives (every proof-plan entry of the model).
 *
 * Each side is one check through src/experiments/side-run.ts (the runner `rcucheck history`
 * uses). A violation's shortest trace is kept with its story and, when the caller names a report
 * directory, its files (as `rcucheck check` writes them) go to `<label>/<before|after>/`.
 *
 * Why this file exists: the decision (what changed, the exit status) is experiments-layer
 * computation; the CLI (src/cli/compare.ts) only parses, writes and prints.
 *
 * What it must not do: print, touch `process`, or write (it returns the files).
 */
import { findModel } from '../../models/index.js';
import { EXIT, type Result } from '../base/errors.js';
import type { CheckRuntime } from '../check/options.js';
import { inputError, parseDefines, type InputError, type PreparedCheck } from '../check/prepare.js';
import { checkReportFiles, safeName } from '../report/check-report.js';
import { RCUCHECK_VERSION } from '../version.js';
import { changeOf, prepareSide, runSide, sideStory, sideTrace, type Change, type SideVerdict } from './side-run.js';
import { prepareSweep } from './sweep.js';

type Params = Record<string, string | number>;

/** One configuration to compare (the knob is added per side). */
export interface CompareConfig {
  label: string;
  params: Params;
  /** Properties to check (default: every safety property). */
  invariants?: string[];
  deadlock?: boolean;
  /** Not compared, and why (said in the output, never silent). */
  skip?: string;
}

export type CompareSource = { kind: 'one' } | { kind: 'sweep'; budgetS: number; kinds?: readonly string[] } | { kind: 'plan'; configs: CompareConfig[] };

export interface CompareOptions {
  model: string;
  /** `k=v[,k=v]` texts. */
  before: string;
  after: string;
  /** -D strings: the configuration (one), or parameters fixed for every configuration. */
  defines?: readonly string[];
  source: CompareSource;
  /** Compare configurations that name liveness properties too (one-thread whole-graph searches). */
  liveness?: boolean;
  maxStates?: number;
  memoryMB?: number;
  /** Where the trace files will be written (for the replay commands), or null. */
  reportDir: string | null;
}

export interface SideSummary {
  /** Every -D of this side (the knob included). */
  defines: Params;
  verdict: string;
  distinct: number;
  maxDepth: number;
  complete: boolean;
  incompleteReason: string | null;
}

export interface ChangeTrace {
  side: 'before' | 'after';
  steps: number;
  explanation: string;
  story: string | null;
  /** `rcucheck replay ...` when the files are written, else null. */
  replay: string | null;
  /** `rcucheck check ...` reproducing the trace. */
  reproduce: string;
}

export interface PropertyChange {
  property: string;
  kind: string;
  before: SideVerdict;
  after: SideVerdict;
  change: Change;
  /** newly violated: the after side's trace; no longer violated: the before side's. */
  trace: ChangeTrace | null;
}

export interface ConfigComparison {
  label: string;
  params: Params;
  status: 'compared' | 'skipped' | 'not run';
  reason: string | null;
  before: SideSummary | null;
  after: SideSummary | null;
  properties: PropertyChange[];
}

export interface CompareResult {
  rcucheck: string;
  model: string;
  before: Params;
  after: Params;
  mode: CompareSource['kind'];
  configs: ConfigComparison[];
  totals: Record<'newly violated' | 'no longer violated' | 'unchanged' | 'undecided' | 'skipped' | 'not run', number>;
  /** 12 the patch introduces a violation; 152 something stayed undecided, or nothing was compared; 75/76 a model or property threw; 0 otherwise. */
  exitCode: number;
}

export interface CompareRun {
  result: CompareResult;
  /** Trace report files, relative to the report directory. */
  files: Record<string, string>;
  interrupted: boolean;
}

export interface CompareRuntime extends CheckRuntime {
  onConfig?: (c: ConfigComparison) => void;
}

/** `k=v[,k=v]` → record (RC003 on a malformed one). Values hold no comma (objects lists go in -D). */
export function parseKnob(flag: string, text: string): Result<Record<string, string>, InputError> {
  const parts = text.split(',').map((s) => s.trim());
  if (text.trim() === '' || parts.some((p) => p === '' || !/^[^=]+=/.test(p))) return { ok: false, error: inputError('RC003', `${flag} expects k=v[,k=v], got '${text}'`) };
  const r = parseDefines(parts);
  return r.ok ? r : { ok: false, error: inputError('RC003', `${flag}: ${r.error.error.message}`) };
}

const typedValue = (def: NonNullable<ReturnType<typeof findModel>>, k: string, v: string | number): string | number => {
  const spec = def.params[k];
  if (typeof v === 'number' || spec === undefined) return v;
  const numeric = spec.min !== undefined || (spec.values?.some((x) => typeof x === 'number') === true && !spec.values.some((x) => typeof x === 'string'));
  return numeric && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
};

export const defineText = (p: Readonly<Params>): string =>
  Object.entries(p)
    .map(([k, v]) => `-D ${k}=${String(v)}`)
    .join(' ');

const paramsLabel = (p: Readonly<Params>): string => {
  const s = Object.entries(p)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  return s === '' ? '(defaults)' : s;
};

interface Planned {
  config: CompareConfig;
  sides: { before: PreparedCheck; after: PreparedCheck } | null;
  /** Sweep: the side's timeout is what is left of the budget (prepared at run time). */
  lazy: boolean;
}

interface Prepared {
  model: string;
  before: Params;
  after: Params;
  planned: Planned[];
}

/** Validate everything before anything runs: the knob, the -D's, every configuration's both sides. */
export function prepareCompare(o: CompareOptions): Result<Prepared, InputError> {
  const def = findModel(o.model);
  if (def === undefined) {
    const p = prepareSide({ model: o.model, params: {}, invariants: [], deadlock: true });
    return p.ok ? { ok: false, error: inputError('RC001', `unknown model '${o.model}'`) } : p;
  }
  const b = parseKnob('--before', o.before);
  if (!b.ok) return b;
  const a = parseKnob('--after', o.after);
  if (!a.ok) return a;
  const keys = [...new Set([...Object.keys(b.value), ...Object.keys(a.value)])];
  const before: Params = {};
  const after: Params = {};
  for (const k of keys) {
    if (def.params[k] === undefined) return { ok: false, error: inputError('RC002', `unknown parameter '${k}' of ${o.model} in --before/--after (valid: ${Object.keys(def.params).join(', ')})`) };
    // A key only one side names takes the model's default on the other: the two sides still differ in the knob alone.
    before[k] = typedValue(def, k, b.value[k] ?? String(def.params[k].default));
    after[k] = typedValue(def, k, a.value[k] ?? String(def.params[k].default));
  }
  if (keys.every((k) => String(before[k]) === String(after[k]))) {
    return { ok: false, error: inputError('RC003', `--before and --after give the same configuration (${paramsLabel(before)}): nothing to compare`) };
  }
  const defs = parseDefines(o.defines ?? []);
  if (!defs.ok) return defs;
  const clash = keys.find((k) => k in defs.value);
  if (clash !== undefined) return { ok: false, error: inputError('RC003', `parameter '${clash}' is both a -D and the compared knob: give it in --before/--after only`) };
  const fixed: Params = {};
  for (const [k, v] of Object.entries(defs.value)) fixed[k] = typedValue(def, k, v);
  for (const [flag, v] of [['--max-states', o.maxStates], ['--memory', o.memoryMB]] as const) {
    if (v !== undefined && (!Number.isFinite(v) || v <= 0)) return { ok: false, error: inputError('RC003', `${flag} must be a positive number (got ${String(v)})`) };
  }
  let configs: CompareConfig[];
  let lazy = false;
  if (o.source.kind === 'one') {
    configs = [{ label: paramsLabel(fixed), params: fixed }];
  } else if (o.source.kind === 'plan') {
    configs = o.source.configs.map((c) => (c.skip !== undefined ? c : { ...c, params: { ...c.params, ...fixed } }));
    if (configs.length === 0) return { ok: false, error: inputError('RC002', `the plan has no entry of model ${o.model}`) };
  } else {
    // The knob is held at its before value so a swept integer parameter is never the knob.
    const sw = prepareSweep({
      model: o.model,
      defines: [...(o.defines ?? []), ...keys.map((k) => `${k}=${String(before[k])}`)],
      budgetS: o.source.budgetS,
      kinds: o.source.kinds,
      memoryMB: o.memoryMB,
      maxStates: o.maxStates,
    });
    if (!sw.ok) return sw;
    configs = sw.value.space.configs.map((c) => {
      const params: Params = { ...c.params };
      for (const k of keys) delete params[k];
      return { label: `#${c.index} ${c.id}`, params };
    });
    lazy = true;
  }
  // The same configuration twice (two plan entries that differ only in the knob) is compared once.
  const seen = new Map<string, string>();
  const planned: Planned[] = [];
  for (const c of configs) {
    if (c.skip !== undefined) {
      planned.push({ config: c, sides: null, lazy: false });
      continue;
    }
    const base: Params = { ...c.params };
    for (const k of keys) delete base[k];
    const key = JSON.stringify([Object.entries(base).sort(([x], [y]) => x.localeCompare(y)), c.invariants ?? [], c.deadlock ?? true]);
    const same = seen.get(key);
    if (same !== undefined) {
      planned.push({ config: { ...c, params: base, skip: `the same configuration as ${same} once the knob is set` }, sides: null, lazy: false });
      continue;
    }
    seen.set(key, c.label);
    const spec = (knob: Params): Parameters<typeof prepareSide>[0] => ({
      model: o.model,
      params: { ...base, ...knob },
      invariants: c.invariants ?? [],
      deadlock: c.deadlock ?? true,
      collect: true,
      maxStates: o.maxStates,
      memoryMB: o.memoryMB,
    });
    const pb = prepareSide(spec(before));
    if (!pb.ok) return { ok: false, error: { ...pb.error, error: { ...pb.error.error, message: `${c.label} (before): ${pb.error.error.message}` } } };
    const pa = prepareSide(spec(after));
    if (!pa.ok) return { ok: false, error: { ...pa.error, error: { ...pa.error.error, message: `${c.label} (after): ${pa.error.error.message}` } } };
    if (o.liveness !== true && pb.value.model.liveness.length > 0) {
      planned.push({ config: { ...c, params: base, skip: `liveness (${pb.value.model.liveness.map((p) => p.name).join(', ')}): a one-thread whole-graph search; --liveness includes it` }, sides: null, lazy: false });
      continue;
    }
    planned.push({ config: { ...c, params: base }, sides: { before: pb.value, after: pa.value }, lazy });
  }
  return { ok: true, value: { model: o.model, before, after, planned } };
}

function summary(defines: Params, run: Awaited<ReturnType<typeof runSide>>['run']): SideSummary {
  const o = run.outcome;
  const complete = o.incompleteReason === undefined && o.verdict !== 'incomplete' && o.verdict !== 'error';
  return {
    defines,
    verdict: o.verdict,
    distinct: o.stats.distinct,
    maxDepth: o.stats.maxDepth,
    complete,
    incompleteReason: complete ? null : (o.incompleteReason ?? (o.error === undefined ? 'the search did not finish' : `${o.error.code}: ${o.error.message}`)),
  };
}

/** Run every configuration's both sides, in order. Bad input is an InputError value, before anything runs. */
export async function runCompare(o: CompareOptions, rt: CompareRuntime = {}): Promise<Result<CompareRun, InputError>> {
  const prep = prepareCompare(o);
  if (!prep.ok) return prep;
  const { before, after, planned } = prep.value;
  const now = rt.now ?? (() => Date.now());
  const t0 = now();
  const files: Record<string, string> = {};
  const out: ConfigComparison[] = [];
  let interrupted = false;
  let worst: number = EXIT.OK;
  const dirs = new Set<string>();
  const aborted = (): boolean => rt.signal?.aborted === true;
  for (const p of planned) {
    const c = p.config;
    if (p.sides === null) {
      const r: ConfigComparison = { label: c.label, params: c.params, status: 'skipped', reason: c.skip ?? null, before: null, after: null, properties: [] };
      out.push(r);
      rt.onConfig?.(r);
      continue;
    }
    let sides = p.sides;
    if (p.lazy && o.source.kind === 'sweep') {
      const left = o.source.budgetS - (now() - t0) / 1000;
      if (interrupted || left <= 0) {
        out.push({ label: c.label, params: c.params, status: 'not run', reason: 'the budget was spent', before: null, after: null, properties: [] });
        continue;
      }
      // Each side gets what is left of the budget: one that would not finish is undecided, never a verdict.
      const withTimeout = (x: PreparedCheck): PreparedCheck => ({ ...x, options: { ...x.options, timeoutS: left } });
      sides = { before: withTimeout(sides.before), after: withTimeout(sides.after) };
    }
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (interrupted || aborted()) {
      interrupted = true;
      break;
    }
    const bRun = await runSide(sides.before, rt);
    const aRun = await runSide(sides.after, rt);
    if (aborted()) {
      interrupted = true;
      break;
    }
    let dir = safeName(c.label);
    for (let i = 2; dirs.has(dir); i++) dir = `${safeName(c.label)}-${i}`;
    dirs.add(dir);
    for (const [side, run] of [['before', bRun.run], ['after', aRun.run]] as const) {
      if (run.violations.length === 0) continue;
      for (const [name, content] of Object.entries(checkReportFiles(run))) files[`${dir}/${side}/${name}`] = content;
    }
    const bDefs = { ...c.params, ...before };
    const aDefs = { ...c.params, ...after };
    const properties: PropertyChange[] = bRun.run.outcome.properties.map((pr) => {
      const bv = bRun.verdicts[pr.name] ?? 'incomplete';
      const av = aRun.verdicts[pr.name] ?? 'incomplete';
      const change = changeOf(bv, av);
      let trace: ChangeTrace | null = null;
      const side = change === 'newly violated' ? 'after' : change === 'no longer violated' ? 'before' : null;
      if (side !== null) {
        const run = side === 'after' ? aRun.run : bRun.run;
        const t = sideTrace(run, pr.name);
        if (t !== null) {
          const defs = side === 'after' ? aDefs : bDefs;
          const inv = pr.kind === 'deadlock' ? '' : ` --invariant ${pr.name}`;
          trace = {
            side,
            steps: t.steps.length - 1,
            explanation: t.explanation,
            story: sideStory(pr.name, t),
            replay: o.reportDir === null ? null : `rcucheck replay ${o.reportDir}/${dir}/${side}/traces/${safeName(pr.name)}/trace.itf.json`,
            reproduce: `rcucheck check ${o.model} ${defineText(defs)}${inv}`.replace(/\s+$/, ''),
          };
        }
      }
      return { property: pr.name, kind: pr.kind, before: bv, after: av, change, trace };
    });
    for (const r of [bRun.run.result.exitCode, aRun.run.result.exitCode]) if (r === EXIT.MODEL_THREW || r === EXIT.PROPERTY_THREW) worst = Math.max(worst, r);
    const [bs, as] = [summary(bDefs, bRun.run), summary(aDefs, aRun.run)];
    // --sweep: the configuration the budget ran out in is outside the budget, not undecided (as `sweep` leaves it unverified).
    const cut = p.lazy && [bRun.run, aRun.run].some((x) => x.outcome.incompleteReason?.startsWith('time limit') === true);
    const r: ConfigComparison = cut
      ? { label: c.label, params: c.params, status: 'not run', reason: `the budget ran out during it (before ${bs.distinct} states, after ${as.distinct})`, before: bs, after: as, properties: [] }
      : { label: c.label, params: c.params, status: 'compared', reason: null, before: bs, after: as, properties };
    out.push(r);
    rt.onConfig?.(r);
  }
  const totals: CompareResult['totals'] = { 'newly violated': 0, 'no longer violated': 0, unchanged: 0, undecided: 0, skipped: 0, 'not run': 0 };
  for (const c of out) {
    if (c.status !== 'compared') totals[c.status]++;
    for (const p of c.properties) totals[p.change]++;
  }
  // Nothing compared (every configuration skipped or outside the budget) decides nothing: never 0.
  const none = !out.some((c) => c.status === 'compared');
  const exitCode = worst !== EXIT.OK ? worst : totals['newly violated'] > 0 ? EXIT.SAFETY : totals.undecided > 0 || none ? EXIT.INCOMPLETE : EXIT.OK;
  const result: CompareResult = { rcucheck: RCUCHECK_VERSION, model: o.model, before, after, mode: o.source.kind, configs: out, totals, exitCode };
  return { ok: true, value: { result, files, interrupted } };
}

