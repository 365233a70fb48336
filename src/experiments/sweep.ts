/**
 * `rcucheck sweep <model>`: the small-scope search a maintainer runs first (issue #11 item 2).
 * The configuration grows in order of estimated cost; each one is checked in collect mode (every
 * property gets a verdict, deadlocks reported as usual) within what is left of a total wall-time
 * budget and the memory bound, and each property's answer is the smallest configuration where it
 * fails (with its shortest trace) and the largest configuration where it was shown to hold.
 *
 * The order (documented in the report, `SWEEP_ORDER_KVFREE` / `SWEEP_ORDER_GENERIC`):
 *
 * - kvfree models: the objects handed to kvfree_rcu() (1 to 4, every multiset of the object
 *   kinds, head-less `h` before two-argument `e`, i.e. one fixed call order per multiset), CPUs,
 *   page capacity, spontaneous grace periods and readers, each over its model range. The
 *   estimated cost of a configuration is `40^objects · 8^(cpus-1) · 5^spontaneous · 4^readers ·
 *   1.2^(capacity-1)` (the growth factors measured on kvfree-v1: one more object multiplies the
 *   distinct states by ~45, a second CPU by ~7.5, a spontaneous GP by ~6, a reader by ~4.3, a second
 *   page slot by ~1); ties go to fewer objects, then CPUs, capacity, spontaneous GPs, readers, and
 *   the kinds' order.
 * - other models: every integer parameter (not fixed with -D) over its range; estimated cost
 *   `Π 4^(value - min)`, ties in the order the model declares its parameters.
 *
 * Every configuration gets the time that is left of the budget as its check's timeout, so one that
 * would not finish is stopped by the check's own limits and is `incomplete`, never `holds`; once the
 * budget is spent the remaining configurations are not run (and their properties stay unverified).
 *
 * Why this file exists: the search logic is experiments-layer data and computation; the CLI
 * (src/cli/sweep.ts) only parses and prints.
 *
 * What it must not do: print, touch `process`, or write files except through report/write.ts. The
 * result files hold no timings (they go to `<model>.timings.json`, git-ignored).
 */
import { findModel } from '../../models/index.js';
import { EXIT, type Result } from '../base/errors.js';
import type { ModelDef } from '../model/types.js';
import type { SpillStoreFactory } from '../engine/frontier.js';
import type { Progress } from '../engine/options.js';
import { inputError, parseDefines, prepareCheck, type InputError } from '../check/prepare.js';
import { runPreparedAsync } from '../check/run.js';
import { stableJson } from '../report/summary.js';
import { writeOutputs } from '../report/write.js';
import { jsonIncomplete, markdownIncomplete } from '../report/incomplete.js';
import { RCUCHECK_VERSION } from '../version.js';

export const SWEEP_ORDER_KVFREE =
  'objects (1 to 4, every multiset of the kinds, head-less first), CPUs, page capacity, spontaneous grace periods, readers, ' +
  'ordered by the estimated cost 40^objects · 8^(cpus-1) · 5^spontaneous · 4^readers · 1.2^(capacity-1); ' +
  'ties: fewer objects, then CPUs, capacity, spontaneous GPs, readers, kinds in order';
export const SWEEP_ORDER_GENERIC =
  'every integer parameter not fixed with -D over its range, ordered by the estimated cost Π 4^(value - min); ties in the order the model declares its parameters';

/** Object kinds swept by default (kvfree): head-less and two-argument slab objects. */
export const DEFAULT_KINDS = ['h', 'e'] as const;
const MAX_OBJECTS = 4;

export type ParamValue = string | number;

export interface SweepDimension {
  name: string;
  values: ParamValue[];
}

export interface SweepConfig {
  /** Position in the sweep order (1-based). */
  index: number;
  /** The swept values, e.g. `objects=h,e cpus=1 capacity=1 spontaneous=0 readers=1`. */
  id: string;
  /** Every parameter that differs from its default (fixed ones included): what `-D` reproduces it with. */
  params: Record<string, ParamValue>;
  /** The estimated cost (only its order matters). */
  cost: number;
}

export interface SweepSpace {
  model: string;
  order: string;
  /** The parameters fixed with -D (not swept). */
  fixed: Record<string, string>;
  dimensions: SweepDimension[];
  configs: SweepConfig[];
}

function isKvfree(def: ModelDef): boolean {
  return ['objects', 'cpus', 'capacity', 'spontaneous', 'readers'].every((k) => def.params[k] !== undefined);
}

function range(def: ModelDef, name: string): number[] {
  const s = def.params[name];
  if (s?.min === undefined || s.max === undefined) return [Number(s?.default)];
  return Array.from({ length: s.max - s.min + 1 }, (_, i) => (s.min as number) + i);
}

/** Every multiset of `kinds` of size n, as comma lists in the kinds' order (h,h  h,e  e,e ...). */
export function objectMultisets(kinds: readonly string[], n: number): string[] {
  const out: string[] = [];
  const rec = (from: number, acc: string[]): void => {
    if (acc.length === n) {
      out.push(acc.join(','));
      return;
    }
    for (let k = from; k < kinds.length; k++) rec(k, [...acc, kinds[k]]);
  };
  rec(0, []);
  return out;
}

/** The configurations of a sweep, in order. `fixed` are the -D parameters (already validated). */
export function sweepSpace(def: ModelDef, fixed: Readonly<Record<string, string>>, kinds: readonly string[] = DEFAULT_KINDS): SweepSpace {
  const swept = (name: string): boolean => !(name in fixed);
  type Raw = { values: Record<string, ParamValue>; cost: number; key: number[] };
  const raws: Raw[] = [];
  let dimensions: SweepDimension[];
  let order: string;
  if (isKvfree(def)) {
    order = SWEEP_ORDER_KVFREE;
    const objects: { value: string; n: number }[] = [];
    if (swept('objects')) {
      for (let n = 1; n <= MAX_OBJECTS; n++) for (const v of objectMultisets(kinds, n)) objects.push({ value: v, n });
    }
    const objValues = swept('objects') ? objects : [{ value: fixed.objects, n: fixed.objects.split(',').length }];
    const dim = (name: string): number[] => (swept(name) ? range(def, name) : [Number(fixed[name])]);
    const [cpus, capacity, spont, readers] = [dim('cpus'), dim('capacity'), dim('spontaneous'), dim('readers')];
    dimensions = [
      { name: 'objects', values: objValues.map((o) => o.value) },
      { name: 'cpus', values: cpus },
      { name: 'capacity', values: capacity },
      { name: 'spontaneous', values: spont },
      { name: 'readers', values: readers },
    ].filter((d) => swept(d.name));
    objValues.forEach((o, oi) => {
      for (const c of cpus)
        for (const cap of capacity)
          for (const sp of spont)
            for (const r of readers) {
              const cost = 40 ** o.n * 8 ** (c - 1) * 5 ** sp * 4 ** r * 1.2 ** (cap - 1);
              raws.push({ values: { objects: o.value, cpus: c, capacity: cap, spontaneous: sp, readers: r }, cost, key: [o.n, c, cap, sp, r, oi] });
            }
    });
  } else {
    order = SWEEP_ORDER_GENERIC;
    dimensions = Object.keys(def.params)
      .filter((k) => swept(k) && def.params[k].min !== undefined && def.params[k].max !== undefined)
      .map((k) => ({ name: k, values: range(def, k) }));
    const rec = (i: number, acc: Record<string, ParamValue>, cost: number, key: number[]): void => {
      if (i === dimensions.length) {
        raws.push({ values: { ...acc }, cost, key });
        return;
      }
      const d = dimensions[i];
      const min = d.values[0] as number;
      for (const v of d.values as number[]) rec(i + 1, { ...acc, [d.name]: v }, cost * 4 ** (v - min), [...key, v]);
    };
    rec(0, {}, 1, []);
  }
  raws.sort((a, b) => {
    if (a.cost !== b.cost) return a.cost - b.cost;
    for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
    return 0;
  });
  const names = dimensions.map((d) => d.name);
  // -D values arrive as text: numeric parameters become numbers (as a plan entry writes them).
  const typed: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(fixed)) {
    const spec = def.params[k];
    const numeric = spec !== undefined && (spec.min !== undefined || (spec.values?.some((x) => typeof x === 'number') === true && !spec.values.some((x) => typeof x === 'string')));
    typed[k] = numeric && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  }
  const configs = raws.map((r, i): SweepConfig => {
    const all: Record<string, ParamValue> = { ...typed, ...r.values };
    const params: Record<string, ParamValue> = {};
    for (const k of Object.keys(def.params)) {
      if (k in all && String(def.params[k].default) !== String(all[k])) params[k] = all[k];
    }
    const id = names.length === 0 ? '(the fixed parameters)' : names.map((k) => `${k}=${String(r.values[k])}`).join(' ');
    return { index: i + 1, id, params, cost: r.cost };
  });
  return { model: def.id, order, fixed: { ...fixed }, dimensions, configs };
}

export type SweepStatus = 'holds' | 'violated' | 'incomplete';

export interface SweepPropertyCell {
  status: SweepStatus;
  /** Shortest trace (actions from the initial state), when violated. */
  length?: number;
  explanation?: string;
}

export interface SweepConfigResult {
  index: number;
  id: string;
  params: Record<string, ParamValue>;
  verdict: string;
  /** The search finished (no limit stopped it). */
  complete: boolean;
  /** Distinct states and depth (null when the time limit stopped it: those depend on the machine). */
  distinct: number | null;
  maxDepth: number | null;
  incompleteReason?: string;
  error?: string;
  properties: Record<string, SweepPropertyCell>;
}

export interface SweepFailure {
  config: string;
  index: number;
  params: Record<string, ParamValue>;
  length: number;
  explanation: string;
  /** Every property that configuration violates. */
  violates: string[];
  /** The command that reproduces the trace. */
  reproduce: string;
}

export interface SweepProperty {
  name: string;
  kind: string;
  /** violated: fails somewhere; holds: holds in every configuration of the space; incomplete: no failure found, not all verified. */
  status: SweepStatus;
  smallestFailing: SweepFailure | null;
  largestHolding: { config: string; index: number; params: Record<string, ParamValue> } | null;
  /** Configurations where it was shown to hold. */
  holdsIn: number;
  /** The first configuration (in order) where it was not verified, and why. */
  firstUnverified: { config: string; index: number; reason: string } | null;
}

export interface SweepResult {
  rcucheck: string;
  model: string;
  fixed: Record<string, string>;
  kinds: string[] | null;
  budgetS: number;
  memoryMB: number | null;
  maxStates: number | null;
  order: string;
  dimensions: SweepDimension[];
  spaceSize: number;
  /** Configurations run, in order (the last may be incomplete). */
  configs: SweepConfigResult[];
  /** Configurations the budget left no time for. */
  notRun: number;
  nextNotRun: string | null;
  properties: SweepProperty[];
  /** 0: every property holds wherever checked; 12: some property fails; 75/76: a model or property threw; 152: none fails but some property holds nowhere (every configuration stopped by the budget or a limit). */
  exitCode: number;
}

export interface SweepTimings {
  totalMs: number;
  configs: { index: number; id: string; durationMs: number; distinct: number; maxDepth: number }[];
}

export interface SweepOptions {
  model: string;
  /** -D strings: fixed parameters, not swept. */
  defines?: readonly string[];
  budgetS: number;
  memoryMB?: number;
  maxStates?: number;
  /** kvfree object kinds to combine (default h, e). */
  kinds?: readonly string[];
}

export interface SweepRuntime {
  signal?: AbortSignal;
  now?: () => number;
  defaultMemoryMB?: number;
  /** Threads and spill store of each configuration's check, as `check` gets them, so `--memory` means the same in both. */
  workers?: number;
  spill?: SpillStoreFactory;
  onProgress?: (p: Progress) => void;
  /** Called before a configuration runs, and after with its result. */
  onStart?: (c: SweepConfig, total: number) => void;
  onConfig?: (r: SweepConfigResult, durationMs: number, distinct: number) => void;
}

export interface SweepRun {
  result: SweepResult;
  timings: SweepTimings;
  /** Ctrl-C stopped it (what was run is written, marked incomplete). */
  interrupted: boolean;
}

/** The reproduce command of a configuration. */
export function reproduceCommand(model: string, params: Readonly<Record<string, ParamValue>>): string {
  const ds = Object.entries(params).map(([k, v]) => ` -D ${k}=${String(v)}`);
  return `rcucheck check ${model}${ds.join('')} --collect`;
}

/** Validate a sweep's input without running anything. */
export function prepareSweep(o: SweepOptions): Result<{ def: ModelDef; space: SweepSpace }, InputError> {
  const def = findModel(o.model);
  const base = prepareCheck({ model: o.model, params: {} });
  if (!base.ok || def === undefined) return base.ok ? { ok: false, error: inputError('RC001', `unknown model '${o.model}'`) } : base;
  if (!Number.isFinite(o.budgetS) || o.budgetS <= 0) {
    return { ok: false, error: inputError('RC003', `--budget must be a positive number of seconds${Number.isNaN(o.budgetS) ? ' (got something that is not a number)' : ` (got ${String(o.budgetS)})`}`) };
  }
  const defs = parseDefines(o.defines ?? []);
  if (!defs.ok) return defs;
  const check = prepareCheck({ model: o.model, params: defs.value, memoryMB: o.memoryMB, maxStates: o.maxStates });
  if (!check.ok) return check;
  const kinds = o.kinds ?? DEFAULT_KINDS;
  if (o.kinds !== undefined) {
    if (!isKvfree(def)) return { ok: false, error: inputError('RC002', `--kinds applies to the kvfree models only (${o.model} has no objects parameter)`) };
    const bad = kinds.find((k) => !/^[he][sv]?$/.test(k));
    if (bad !== undefined || kinds.length === 0 || new Set(kinds).size !== kinds.length) {
      return { ok: false, error: inputError('RC003', `--kinds expects distinct object kinds h, e, hs, es, hv, ev${bad === undefined ? '' : ` (got '${bad}')`}`) };
    }
  }
  return { ok: true, value: { def, space: sweepSpace(def, defs.value, kinds) } };
}

/** Run a sweep: every configuration in order until the budget is spent. Bad input is an InputError value. */
export async function runSweep(o: SweepOptions, rt: SweepRuntime = {}): Promise<Result<SweepRun, InputError>> {
  const prep = prepareSweep(o);
  if (!prep.ok) return prep;
  const { def, space } = prep.value;
  const now = rt.now ?? (() => Date.now());
  const t0 = now();
  const results: SweepConfigResult[] = [];
  const timings: SweepTimings['configs'] = [];
  let interrupted = false;
  let notRun = 0;
  let nextNotRun: string | null = null;
  const propertyKinds = new Map<string, string>();
  const aborted = (): boolean => rt.signal?.aborted === true;
  for (const c of space.configs) {
    const left = o.budgetS - (now() - t0) / 1000;
    if (interrupted || left <= 0) {
      notRun++;
      nextNotRun ??= c.id;
      continue;
    }
    // A small search finishes without giving the event loop a turn: give it one, so Ctrl-C is seen between configurations.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (aborted()) {
      interrupted = true;
      notRun++;
      nextNotRun ??= c.id;
      continue;
    }
    rt.onStart?.(c, space.configs.length);
    const p = prepareCheck({ model: o.model, params: c.params, collect: true, deadlock: true, timeoutS: left, memoryMB: o.memoryMB, maxStates: o.maxStates });
    if (!p.ok) throw new Error(`sweep configuration ${c.id}: ${p.error.error.message}`); // the space is built from the model's own ranges
    const c0 = now();
    const run = await runPreparedAsync(p.value, { signal: rt.signal, now: rt.now, defaultMemoryMB: rt.defaultMemoryMB, onProgress: rt.onProgress, workers: rt.workers, spill: rt.spill });
    const durationMs = now() - c0;
    if (aborted()) {
      interrupted = true;
      notRun++;
      nextNotRun ??= c.id;
      continue;
    }
    const out = run.outcome;
    const properties: Record<string, SweepPropertyCell> = {};
    for (const pr of out.properties) {
      propertyKinds.set(pr.name, pr.kind);
      const v = run.result.violations.find((x) => x.property === pr.name);
      properties[pr.name] = v === undefined ? { status: pr.status } : { status: 'violated', length: v.length, explanation: v.explanation };
    }
    // Where the time limit stopped a search depends on the machine: its counts go to the timings file only.
    const timeLimited = out.incompleteReason?.startsWith('time limit') === true;
    const r: SweepConfigResult = {
      index: c.index,
      id: c.id,
      params: c.params,
      verdict: out.verdict,
      complete: out.incompleteReason === undefined && out.verdict !== 'incomplete',
      distinct: timeLimited ? null : out.stats.distinct,
      maxDepth: timeLimited ? null : out.stats.maxDepth,
      properties,
    };
    if (out.incompleteReason !== undefined) r.incompleteReason = timeLimited ? 'time limit reached (the budget was spent)' : out.incompleteReason;
    if (out.error !== undefined) r.error = `${out.error.code}: ${out.error.message}`;
    results.push(r);
    timings.push({ index: c.index, id: c.id, durationMs: Math.round(durationMs), distinct: out.stats.distinct, maxDepth: out.stats.maxDepth });
    rt.onConfig?.(r, durationMs, out.stats.distinct);
  }
  // The outcome's order (the model's properties, then deadlock); without any run, the model's list.
  const names = propertyKinds.size > 0 ? [...propertyKinds.keys()] : [...def.propertyNames, 'deadlock'];
  const properties = names.map((name) => summarizeProperty(o.model, name, propertyKinds.get(name) ?? 'unknown', results, notRun, nextNotRun, space));
  const threw = results.find((r) => r.verdict === 'error');
  // 152: no property fails, but some property was answered nowhere (no configuration finished
  // for it: the budget or a limit stopped every one), so the sweep verified nothing about it.
  const unanswered = properties.some((p) => p.status === 'incomplete' && p.holdsIn === 0);
  const exitCode =
    threw !== undefined ? (threw.error?.startsWith('RC011') === true ? EXIT.PROPERTY_THREW : EXIT.MODEL_THREW) : properties.some((p) => p.status === 'violated') ? EXIT.SAFETY : unanswered ? EXIT.INCOMPLETE : EXIT.OK;
  const result: SweepResult = {
    rcucheck: RCUCHECK_VERSION,
    model: o.model,
    fixed: space.fixed,
    kinds: isKvfree(def) ? [...(o.kinds ?? DEFAULT_KINDS)] : null,
    budgetS: o.budgetS,
    memoryMB: o.memoryMB ?? null,
    maxStates: o.maxStates ?? null,
    order: space.order,
    dimensions: space.dimensions,
    spaceSize: space.configs.length,
    configs: results,
    notRun,
    nextNotRun,
    properties,
    exitCode,
  };
  return { ok: true, value: { result, timings: { totalMs: Math.round(now() - t0), configs: timings }, interrupted } };
}

function summarizeProperty(
  model: string,
  name: string,
  kind: string,
  results: readonly SweepConfigResult[],
  notRun: number,
  nextNotRun: string | null,
  space: SweepSpace,
): SweepProperty {
  let smallestFailing: SweepFailure | null = null;
  let largestHolding: SweepProperty['largestHolding'] = null;
  let firstUnverified: SweepProperty['firstUnverified'] = null;
  let holdsIn = 0;
  for (const r of results) {
    const cell = r.properties[name];
    if (cell === undefined) continue;
    if (cell.status === 'violated' && smallestFailing === null) {
      smallestFailing = {
        config: r.id,
        index: r.index,
        params: r.params,
        length: cell.length ?? 0,
        explanation: cell.explanation ?? '',
        violates: Object.entries(r.properties)
          .filter(([, c]) => c.status === 'violated')
          .map(([n]) => n),
        reproduce: reproduceCommand(model, r.params),
      };
    } else if (cell.status === 'holds') {
      holdsIn++;
      largestHolding = { config: r.id, index: r.index, params: r.params };
    } else if (cell.status === 'incomplete' && firstUnverified === null) {
      firstUnverified = { config: r.id, index: r.index, reason: r.error ?? r.incompleteReason ?? 'search not finished' };
    }
  }
  if (firstUnverified === null && notRun > 0 && nextNotRun !== null) {
    const c = space.configs.find((x) => x.id === nextNotRun)!;
    firstUnverified = { config: c.id, index: c.index, reason: 'not run: the budget was spent' };
  }
  const status: SweepStatus = smallestFailing !== null ? 'violated' : firstUnverified === null ? 'holds' : 'incomplete';
  return { name, kind, status, smallestFailing, largestHolding, holdsIn, firstUnverified };
}

// ---------------------------------------------------------------------------------------------
// Rendering and writing

/** Parameters in name order (as the JSON file has them), so a report rendered from the file is the same text. */
const paramText = (p: Readonly<Record<string, ParamValue>>): string =>
  Object.keys(p).length === 0
    ? '(defaults)'
    : Object.keys(p)
        .sort()
        .map((k) => `${k}=${String(p[k])}`)
        .join(' ');

/** reports/sweep/<model>.md */
export function renderSweepMd(r: SweepResult): string {
  const out: string[] = [];
  const fixed = Object.entries(r.fixed).map(([k, v]) => ` -D ${k}=${v}`).join('');
  out.push(`# Small-scope sweep: ${r.model}`);
  out.push('');
  out.push(
    `Generated by \`rcucheck sweep ${r.model}${fixed}${r.kinds !== null && r.kinds.join(',') !== DEFAULT_KINDS.join(',') ? ` --kinds ${r.kinds.join(',')}` : ''} --budget ${r.budgetS}` +
      `${r.memoryMB === null ? '' : ` --memory ${r.memoryMB}`}${r.maxStates === null ? '' : ` --max-states ${r.maxStates}`}\` (src/experiments/sweep.ts).`,
  );
  out.push('Every configuration is one exhaustive collect-mode BFS (every property gets a verdict; deadlocks reported as usual), run with what was left of the');
  out.push('total wall-time budget as its timeout, so a configuration that would not finish is `incomplete`, never `holds`. The order and the result of');
  out.push('every configuration that finished are the same on every run; how far the budget reaches depends on the machine. "Smallest" is the first');
  out.push('configuration in the order where the property fails, "largest" the last one where it was shown to hold (the highest estimated cost).');
  out.push('');
  out.push(`Order: ${r.order}.`);
  if (Object.keys(r.fixed).length > 0) out.push(`Fixed: ${Object.entries(r.fixed).map(([k, v]) => `${k}=${v}`).join(' ')}.`);
  if (r.kinds !== null) out.push(`Object kinds combined: ${r.kinds.join(', ')} (h = head-less \`kvfree_rcu(p)\`, e = two-argument \`kvfree_rcu(p, rh)\`; v suffix = vmalloc). Other parameters take their defaults.`);
  out.push('');
  const complete = r.configs.filter((c) => c.complete).length;
  out.push(
    `Configurations: ${r.spaceSize} in the space; ${r.configs.length} run (${complete} complete, ${r.configs.length - complete} stopped by a limit); ` +
      `${r.notRun} not run (budget spent)${r.nextNotRun === null ? '' : `, the first of them: \`${r.nextNotRun}\``}.`,
  );
  out.push('');
  out.push('## Per property');
  out.push('');
  out.push('| property | status | smallest failing configuration | trace length | largest configuration where it holds | holds in |');
  out.push('|---|---|---|---:|---|---:|');
  for (const p of r.properties) {
    const f = p.smallestFailing;
    out.push(
      `| ${p.name} | ${p.status === 'violated' ? '**violated**' : p.status} | ${f === null ? '—' : `#${f.index} \`${f.config}\``} | ${f === null ? '—' : f.length} | ` +
        `${p.largestHolding === null ? '—' : `#${p.largestHolding.index} \`${p.largestHolding.config}\``} | ${p.holdsIn} |`,
    );
  }
  out.push('');
  for (const p of r.properties) {
    out.push(`### ${p.name}`);
    out.push('');
    if (p.smallestFailing !== null) {
      const f = p.smallestFailing;
      out.push(`Fails first at #${f.index} \`${f.config}\` (${paramText(f.params)}): shortest trace ${f.length} steps. ${f.explanation}.`);
      out.push(`That configuration violates: ${f.violates.join(', ')}.`);
      out.push('');
      out.push(`    ${f.reproduce}`);
      out.push('');
    }
    if (p.largestHolding !== null) out.push(`Holds in ${p.holdsIn} configuration${p.holdsIn === 1 ? '' : 's'}; the largest: #${p.largestHolding.index} \`${p.largestHolding.config}\` (${paramText(p.largestHolding.params)}).`);
    else out.push('Shown to hold in no configuration.');
    if (p.status === 'holds') out.push('It holds in every configuration of the space.');
    else if (p.firstUnverified !== null) out.push(`Not verified from #${p.firstUnverified.index} \`${p.firstUnverified.config}\` on (${p.firstUnverified.reason}).`);
    out.push('');
  }
  out.push('## Configurations run');
  out.push('');
  out.push('| # | configuration | verdict | states | depth | violated |');
  out.push('|---:|---|---|---:|---:|---|');
  for (const c of r.configs) {
    // In the properties' order (the config's record has sorted keys once read back from the file).
    const bad = r.properties.filter((p) => c.properties[p.name]?.status === 'violated').map((p) => `${p.name} (${c.properties[p.name].length})`);
    const verdict = `${c.verdict}${c.error === undefined ? '' : ` (${c.error})`}${c.complete ? '' : ` (incomplete: ${c.incompleteReason ?? 'search not finished'})`}`;
    out.push(`| ${c.index} | \`${c.id}\` | ${verdict} | ${c.distinct ?? '—'} | ${c.maxDepth ?? '—'} | ${bad.join(', ')} |`);
  }
  out.push('');
  return out.join('\n');
}

/** The JSON file and stdout's --json object: the result (no timings), stable key order. */
export function sweepJson(r: SweepResult): string {
  return stableJson(r);
}

/** Write `<dir>/<model>.md`, `.json` and the git-ignored `.timings.json`, together (write.ts writeOutputs). */
export async function writeSweep(dir: string, run: SweepRun, incomplete?: string): Promise<{ markdown: string; json: string }> {
  const base = `${dir}/${run.result.model}`;
  await writeOutputs([
    { path: `${base}.timings.json`, content: stableJson(run.timings) },
    { path: `${base}.json`, content: incomplete === undefined ? sweepJson(run.result) : jsonIncomplete(sweepJson(run.result), incomplete) },
    { path: `${base}.md`, content: incomplete === undefined ? renderSweepMd(run.result) : markdownIncomplete(renderSweepMd(run.result), incomplete) },
  ]);
  return { markdown: `${base}.md`, json: `${base}.json` };
}
