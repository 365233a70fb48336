/**
 * Confirm: re-execute an ITF trace against the model and confirm the violation it claims.
 *
 * Why this file exists: a trace that travels (attached to a bug report, edited by hand, produced
 * by an older rcucheck) is only worth something if it can be checked. Confirmation resolves the
 * model and parameters named in `#meta`, refuses a trace from another model version (RC005, by
 * fingerprint), maps each action label to an action id (RC101 if unknown; RC101 too when the
 * file's other records of a step, `#meta.actors` and `states[i].#meta`, disagree with it: the
 * file was edited), replays the path with
 * the reference interpreter (`replayPath`), checks that every replayed state equals the state
 * stored in the file (RC101 naming the first diverging step and field), and finally re-checks the
 * violation itself:
 *  - invariant:  the property is false on the last state;
 *  - transition: the property is false on the last edge;
 *  - terminal:   the last state has no enabled action and the property is false on it;
 *  - deadlock:   the last state has no enabled action and is not a valid end state;
 *  - liveness:   the lasso (`loop`) is a fair behaviour on which p ~> q fails (lasso.ts).
 *
 * What it must not do: read files, print, or exit; it returns a Result (exit status via
 * `exitCodeForError` on failure, `Confirmation.exitCode` on success).
 */
import { checkError, type CheckError } from '../base/errors.js';
import { buildModel, type CompiledModel, type Result } from '../model/compile.js';
import type { ModelDef } from '../model/types.js';
import { enabledActions, stepPlain } from '../model/step.js';
import { isRaceInvariant, isRaceProperty, withRaces } from '../model/races.js';
import { findModel } from '../../models/index.js';
import { RCUCHECK_VERSION } from '../version.js';
import { modelFingerprint } from './fingerprint.js';
import { replayPath, type TraceStep } from './replay.js';
import { diffStates, displayNamesOf, type Trace, type TraceStepView } from './trace.js';
import type { ItfTrace } from './itf.js';
import { formatValue } from './format.js';
import { confirmLasso, confirmMeasured } from './lasso.js';

export interface Confirmation {
  model: string;
  params: Record<string, number | string>;
  property: string;
  kind: ItfTrace['meta']['kind'];
  steps: number;
  /**
   * 12 for safety and terminal violations, 13 for a liveness lasso or a bounded-response
   * (`within`) path, 11 for a deadlock, 75 / 76 when model / property code threw, 0 for a latency
   * witness (it shows a count, not a violation).
   */
  exitCode: 0 | 11 | 12 | 13 | 75 | 76;
  /** One line: what was confirmed. */
  message: string;
  /** Non-fatal remarks (e.g. the trace was written by another rcucheck version). */
  notes: string[];
  /** The trace rebuilt from the replay (for the timeline). */
  trace: Trace;
}

export interface ConfirmOptions {
  /** Model registry lookup (tests inject their own). */
  find?: (id: string) => ModelDef | undefined;
}

const err = (code: CheckError['code'], message: string): { ok: false; error: CheckError } => ({
  ok: false,
  error: checkError(code, message),
});

/** The first leaf where `a` (replayed) and `b` (stored) differ, as `path`, or null if equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): { path: string; model: unknown; trace: unknown } | null {
  if (a === b) return null;
  const objA = typeof a === 'object' && a !== null;
  const objB = typeof b === 'object' && b !== null;
  if (!objA || !objB || Array.isArray(a) !== Array.isArray(b)) return { path: path === '' ? '(state)' : path, model: a, trace: b };
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = [...Object.keys(ra), ...Object.keys(rb).filter((k) => !(k in ra))];
  for (const k of keys) {
    const d = firstDifference(ra[k], rb[k], path === '' ? k : `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

function show(v: unknown): string {
  return v === undefined ? '(missing)' : formatValue(v);
}

/** Resolve the model and parameters named by a trace, refusing another model version (RC005). */
export function resolveTraceModel(itf: ItfTrace, options: ConfirmOptions = {}): Result<{ model: CompiledModel; notes: string[] }> {
  const meta = itf.meta;
  const def = (options.find ?? findModel)(meta.model);
  if (!def) return err('RC001', `the trace is for model '${meta.model}', which this rcucheck (${RCUCHECK_VERSION}) does not know`);
  // A liveness property is compiled only when named (compile.ts).
  const built = buildModel(def, meta.params, meta.kind === 'liveness' ? [meta.property] : undefined);
  // A data race found with --races is an invariant the race check adds to the compiled model (races.ts).
  const c = built.ok && meta.kind === 'invariant' && isRaceProperty(meta.property) ? { ok: true as const, value: withRaces(built.value) } : built;
  if (!c.ok) {
    // Parameters this model no longer takes: the trace is from another version of it.
    if (c.error.code !== 'RC002' && c.error.code !== 'RC003') return c;
    return err('RC005', `the trace was written by rcucheck ${meta.rcucheck} for another version of model ${meta.model}: ${c.error.message}`);
  }
  const m = c.value;
  const notes: string[] = [];
  const fp = modelFingerprint(m);
  if (meta.fingerprint === undefined) {
    notes.push('the trace carries no model fingerprint; its states are checked one by one instead');
  } else if (meta.fingerprint !== fp) {
    return err(
      'RC005',
      `the trace was written by rcucheck ${meta.rcucheck} for another version of model ${meta.model} ` +
        `(model fingerprint ${meta.fingerprint}, this rcucheck ${RCUCHECK_VERSION} has ${fp}: the state shape, ` +
        `actions, properties or initial states changed); re-run 'rcucheck check' to get a current trace`,
    );
  }
  if (meta.rcucheck !== RCUCHECK_VERSION) notes.push(`written by rcucheck ${meta.rcucheck}; the model fingerprint matches this ${RCUCHECK_VERSION}`);
  return { ok: true, value: { model: m, notes } };
}

/** Map each step's action label to its action id (RC101 naming the first unknown label). */
export function actionIdsOf(m: CompiledModel, itf: ItfTrace): Result<number[]> {
  const byLabel = new Map<string, number>();
  m.actionLabel.forEach((l, i) => byLabel.set(l, i));
  const ids: number[] = [];
  const s0 = itf.states[0]?.meta;
  if (s0 !== undefined && (s0.action !== 'init' || (s0.actor !== '' && s0.actor !== 'init'))) {
    return err('RC101', `trace is inconsistent at the initial state: states[0]["#meta"] says ${JSON.stringify(s0.action)} by ${JSON.stringify(s0.actor)}, expected "init"`);
  }
  for (let i = 0; i < itf.meta.actions.length; i++) {
    const a = byLabel.get(itf.meta.actions[i]);
    if (a === undefined) {
      return err('RC101', `trace diverges at step ${i + 1}: model ${m.id} has no action '${itf.meta.actions[i]}'`);
    }
    // Each state repeats the label of the step that led to it; a trace whose two records of a
    // step disagree was edited, and is refused rather than confirmed on one of them.
    const sm = itf.states[i + 1]?.meta;
    if (sm !== undefined && (sm.action !== itf.meta.actions[i] || (sm.actor !== '' && sm.actor !== m.actionActor[a]))) {
      return err(
        'RC101',
        `trace is inconsistent at step ${i + 1}: states[${i + 1}]["#meta"] says ${JSON.stringify(sm.action)} by ${JSON.stringify(sm.actor)}, ` +
          `but "#meta".actions says ${JSON.stringify(itf.meta.actions[i])} by ${m.actionActor[a]}`,
      );
    }
    const actor = itf.meta.actors[i];
    if (actor !== undefined && actor !== m.actionActor[a]) {
      return err(
        'RC101',
        `trace is inconsistent at step ${i + 1}: "#meta".actors says ${JSON.stringify(actor)}, but ${JSON.stringify(itf.meta.actions[i])} is taken by ${m.actionActor[a]}`,
      );
    }
    ids.push(a);
  }
  return { ok: true, value: ids };
}

/** Compare replayed steps with the stored states; RC101 at the first diverging step and field. */
function compareStates(m: CompiledModel, steps: readonly TraceStep[], itf: ItfTrace): Result<null> {
  for (const s of steps) {
    const d = firstDifference(s.state, itf.states[s.index].state);
    if (d) {
      const where = s.index === 0 ? `the initial state (${itf.meta.init})` : `step ${s.index} (${m.actionLabel[s.actionId]})`;
      return err(
        'RC101',
        `trace diverges from model ${m.id} at ${where}: field ${d.path} is ${show(d.model)} in the model but ${show(d.trace)} in the trace`,
      );
    }
  }
  return { ok: true, value: null };
}

/** Replay the trace's path and check each state (RC101 at the earliest divergence). */
export function replayItf(m: CompiledModel, itf: ItfTrace, actions: readonly number[]): Result<TraceStep[]> {
  const path = { init: itf.meta.init, actions };
  const r = replayPath(m, path);
  if (r.ok) {
    const c = compareStates(m, r.value, itf);
    return c.ok ? r : c;
  }
  // The replay stopped (an action not enabled). A stored state may diverge earlier, which is the
  // better report: find the longest prefix that replays and compare it first.
  let lo = 0;
  let hi = actions.length;
  let best: TraceStep[] = [];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const p = replayPath(m, { init: itf.meta.init, actions: actions.slice(0, mid) });
    if (p.ok) {
      best = p.value;
      lo = mid + 1;
    } else hi = mid;
  }
  if (best.length > 0) {
    const c = compareStates(m, best, itf);
    if (!c.ok) return c;
  }
  return err('RC101', `trace diverges from model ${m.id}: ${r.error.message}`);
}

/** Re-execute an ITF trace and confirm its violation. */
export function confirmTrace(itf: ItfTrace, options: ConfirmOptions = {}): Result<Confirmation> {
  const meta = itf.meta;
  const res = resolveTraceModel(itf, options);
  if (!res.ok) return res;
  const { model: m, notes } = res.value;
  if (itf.loop !== undefined && meta.kind !== 'liveness') notes.push(`the trace has a loop at state ${itf.loop}; only its safety violation is confirmed`);
  const vars = Object.keys(m.instance.init[0] as object);
  const missing = vars.filter((v) => !itf.vars.includes(v));
  const extra = itf.vars.filter((v) => !vars.includes(v));
  if (missing.length > 0 || extra.length > 0) {
    return err(
      'RC005',
      `the trace's variables do not match model ${m.id}` +
        (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
        (extra.length > 0 ? `; unknown: ${extra.join(', ')}` : ''),
    );
  }
  const ids = actionIdsOf(m, itf);
  if (!ids.ok) return ids;
  const r = replayItf(m, itf, ids.value);
  if (!r.ok) return r;
  const steps = r.value;
  const n = steps.length - 1;
  const last = steps[n].state;
  const prev = n > 0 ? steps[n - 1].state : last;
  const notViolated = (why: string) =>
    err('RC101', `the trace replays, but does not end in the violation it reports: ${meta.kind} ${meta.property} ${why}`);
  let explanation = meta.explanation;
  let errorExit: 75 | 76 | null = null;
  switch (meta.kind) {
    case 'invariant': {
      const p = m.invariants.find((x) => x.name === meta.property);
      if (!p) return err('RC005', `model ${m.id} has no invariant '${meta.property}'`);
      if (p.holds(last)) return notViolated(`holds on the last state (step ${n})`);
      if (isRaceInvariant(p)) explanation = p.story(last, n);
      else if (p.explain) explanation = p.explain(last);
      break;
    }
    case 'transition': {
      const p = m.transitions.find((x) => x.name === meta.property);
      if (!p) return err('RC005', `model ${m.id} has no action property '${meta.property}'`);
      if (n === 0) return notViolated('needs at least one step');
      if (p.holds(prev, last)) return notViolated(`holds on the last step (${n})`);
      if (p.explain) explanation = p.explain(prev, last);
      break;
    }
    case 'terminal': {
      const p = m.terminals.find((x) => x.name === meta.property);
      if (!p) return err('RC005', `model ${m.id} has no terminal property '${meta.property}'`);
      const en = enabledActions(m, last);
      if (en.length > 0) return notViolated(`is not checked: ${m.actionLabel[en[0]]} is still enabled after step ${n}`);
      if (p.holds(last)) return notViolated(`holds on the end state (step ${n})`);
      if (p.explain) explanation = p.explain(last);
      break;
    }
    case 'deadlock': {
      const en = enabledActions(m, last);
      if (en.length > 0) return notViolated(`is not reached: ${m.actionLabel[en[0]]} is still enabled after step ${n}`);
      if (m.instance.validEnd?.(last as never)) return notViolated(`is not reached: the end state after step ${n} is a valid end state`);
      break;
    }
    case 'liveness': {
      const ms = meta.measured;
      if (ms !== undefined && (ms.witness === true || itf.loop === undefined)) {
        const r = confirmMeasured(m, steps, { property: meta.property, instance: meta.instance ?? 0, pIndex: meta.pIndex ?? 0, loop: itf.loop, measured: ms });
        if (!r.ok) return r;
        explanation = r.value;
        break;
      }
      if (itf.loop === undefined) return notViolated('has no "loop": a liveness counterexample is a lasso');
      const r = confirmLasso(m, steps, { property: meta.property, instance: meta.instance ?? 0, loop: itf.loop, pIndex: meta.pIndex ?? 0 });
      if (!r.ok) return r;
      explanation = r.value;
      break;
    }
    case 'error': {
      const threw = confirmThrow(m, meta.property, prev, last);
      if (threw === null) return notViolated(`does not throw again after step ${n}`);
      explanation = threw.message;
      errorExit = threw.exit;
      break;
    }
  }
  const trace: Trace = {
    rcucheck: RCUCHECK_VERSION,
    model: m.id,
    params: { ...m.params },
    property: meta.property,
    kind: meta.kind,
    description: meta.description,
    explanation,
    switches: countSwitches(steps),
    steps: steps.map((s, i): TraceStepView => ({ ...s, changes: i === 0 ? [] : diffStates(steps[i - 1].state, s.state) })),
    ...(itf.loop === undefined ? {} : { loop: itf.loop, pIndex: meta.pIndex ?? 0, instance: meta.instance ?? 0 }),
    ...(meta.measured === undefined ? {} : { measured: { ...meta.measured }, pIndex: meta.pIndex ?? 0, instance: meta.instance ?? 0 }),
    names: displayNamesOf(m, steps[0]?.state),
  };
  const witness = meta.measured?.witness === true;
  const what = witness
    ? `latency witness for ${meta.property} (instance ${meta.instance ?? 0}) of ${meta.measured!.count} ${meta.measured!.action} step(s)`
    : meta.kind === 'deadlock' ? 'deadlock' : meta.kind === 'error' ? `${meta.property === 'model-error' ? 'model' : 'property'} code threw` : `${meta.kind} ${meta.property} violated`;
  return {
    ok: true,
    value: {
      model: m.id,
      params: { ...m.params },
      property: meta.property,
      kind: meta.kind,
      steps: n,
      exitCode: witness ? 0 : (errorExit ?? (meta.kind === 'deadlock' ? 11 : meta.kind === 'liveness' ? 13 : 12)),
      message: witness ? `confirmed: ${what} on ${m.id}: ${explanation}` : `confirmed: ${what} after step ${n} of ${m.id}: ${explanation}`,
      notes,
      trace,
    },
  };
}

function describeThrow(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * An `error` trace ends where code threw: for `model-error`, in the state before the action (or
 * guard) that threw; otherwise in the state (or on the edge) where the named property threw.
 * Re-run that code and report what it throws now (null if nothing throws).
 */
function confirmThrow(m: CompiledModel, property: string, prev: unknown, last: unknown): { exit: 75 | 76; message: string } | null {
  if (property === 'model-error') {
    for (let a = 0; a < m.guards.length; a++) {
      try {
        if (!m.guards[a](last, m.actionParam[a])) continue;
      } catch (e) {
        return { exit: 75, message: `model code threw in the guard of ${m.actionLabel[a]}: ${describeThrow(e)}` };
      }
      try {
        stepPlain(m, last, a);
      } catch (e) {
        return { exit: 75, message: `model code threw in action ${m.actionLabel[a]}: ${describeThrow(e)}` };
      }
    }
    return null;
  }
  const tries: (() => unknown)[] = [
    ...m.invariants.filter((p) => p.name === property).map((p) => () => p.holds(last)),
    ...m.terminals.filter((p) => p.name === property).map((p) => () => p.holds(last)),
    ...m.transitions.filter((p) => p.name === property).map((p) => () => p.holds(prev, last)),
  ];
  for (const t of tries) {
    try {
      t();
    } catch (e) {
      return { exit: 76, message: `property ${property} threw: ${describeThrow(e)}` };
    }
  }
  return null;
}

/** The trace exactly as stored in an ITF file (for printing it even when it does not replay). */
export function itfToTrace(itf: ItfTrace): Trace {
  const m = itf.meta;
  return {
    rcucheck: m.rcucheck,
    model: m.model,
    params: { ...m.params },
    property: m.property,
    kind: m.kind,
    description: m.description,
    explanation: m.explanation,
    switches: m.switches,
    ...(itf.loop === undefined ? {} : { loop: itf.loop, pIndex: m.pIndex ?? 0, instance: m.instance ?? 0 }),
    ...(m.measured === undefined ? {} : { measured: { ...m.measured }, pIndex: m.pIndex ?? 0, instance: m.instance ?? 0 }),
    steps: itf.states.map((s, i): TraceStepView => ({
      index: i,
      actionId: -1,
      action: s.meta.action,
      name: i === 0 ? 'init' : stepName(s.meta.action, s.meta.choice),
      actor: s.meta.actor,
      choice: s.meta.choice,
      state: s.state,
      changes: i === 0 ? [] : diffStates(itf.states[i - 1].state, s.state),
    })),
  };
}

/** `C3 add_ptr_to_bulk [cpu=0]` with choice `cpu=0` → `C3 add_ptr_to_bulk`. */
function stepName(label: string, choice: string): string {
  const suffix = ` [${choice}]`;
  return choice !== '' && label.endsWith(suffix) ? label.slice(0, -suffix.length) : label;
}

function countSwitches(steps: readonly TraceStep[]): number {
  let n = 0;
  for (let i = 2; i < steps.length; i++) if (steps[i].actor !== steps[i - 1].actor) n++;
  return n;
}
