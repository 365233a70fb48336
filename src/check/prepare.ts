/**
 * Preparing a check: validate its options and compile its model, before anything runs or is
 * written.
 *
 * Why this file exists: every way of asking for a check (the CLI, a proof plan entry, the
 * experiments, a library caller) is refused the same way for the same bad input: one `InputError`
 * naming the problem, with the exit status it maps to (150 unknown model, 151 bad parameter,
 * property or option value, 75 a model that cannot be built).
 *
 * What it must not do: run a search, print, or touch files.
 */
import { findModel, MODELS } from '../../models/index.js';
import { exitCodeForError, type CheckError, type ErrorCode, type ExitStatus, type Result } from '../base/errors.js';
import { buildModel, type CompiledModel } from '../model/compile.js';
import { withRaces } from '../model/races.js';
import { withDefaults, type CheckOptions, type ResolvedCheckOptions } from './options.js';

/** Bad input, as an error value with its exit status. */
export interface InputError {
  exitCode: ExitStatus;
  error: CheckError;
}

export function inputError(code: ErrorCode, message: string): InputError {
  return { exitCode: exitCodeForError({ code, message }), error: { code, message } };
}

/** Split `-D name=value` strings into a record (RC003 on a malformed or repeated one). */
export function parseDefines(defs: readonly string[]): Result<Record<string, string>, InputError> {
  const out: Record<string, string> = {};
  for (const d of defs) {
    const eq = d.indexOf('=');
    const name = eq < 0 ? '' : d.slice(0, eq).trim();
    if (eq < 0 || name === '') {
      return { ok: false, error: inputError('RC003', `-D expects name=value, got '${d}'`) };
    }
    if (name in out) return { ok: false, error: inputError('RC003', `parameter '${name}' is given twice`) };
    out[name] = d.slice(eq + 1).trim();
  }
  return { ok: true, value: out };
}

function notANumber(v: number): string {
  return Number.isNaN(v) ? ' (got something that is not a number)' : ` (got ${String(v)})`;
}

function positiveInt(name: string, v: number | undefined, allowZero = false): InputError | null {
  if (v === undefined) return null;
  if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) {
    return inputError('RC003', `${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer${notANumber(v)}`);
  }
  return null;
}

function positiveNumber(name: string, v: number | undefined): InputError | null {
  if (v === undefined) return null;
  if (!Number.isFinite(v) || v <= 0) return inputError('RC003', `${name} must be a positive number${notANumber(v)}`);
  return null;
}

/** A validated check: its options with defaults filled in, and its compiled model. */
export interface PreparedCheck {
  options: ResolvedCheckOptions;
  model: CompiledModel;
}

/** Validate a check and compile its model. Nothing is run or written. */
export function prepareCheck(given: CheckOptions): Result<PreparedCheck, InputError> {
  const o = withDefaults(given);
  const def = findModel(o.model);
  if (def === undefined) {
    return { ok: false, error: inputError('RC001', `unknown model '${o.model}' (valid: ${MODELS.map((m) => m.id).join(', ')})`) };
  }
  for (const e of [
    positiveInt('--max-states', o.maxStates),
    positiveInt('--max-depth', o.maxDepth, true),
    positiveNumber('--timeout', o.timeoutS),
    positiveNumber('--memory', o.memoryMB),
    positiveNumber('--frontier-mb', o.frontierMB),
  ]) {
    if (e !== null) return { ok: false, error: e };
  }
  // Only a BFS over a fingerprint seen set keeps a frontier of full states that can spill: an
  // exact seen set is its own queue and DFS keeps a stack, so the option would be silently ignored.
  if (o.frontierMB !== undefined && (o.seen !== 'fp64' || o.strategy !== 'bfs')) {
    return { ok: false, error: inputError('RC002', `--frontier-mb has no effect with --seen ${o.seen} --strategy ${o.strategy}: only a BFS with --seen fp64 keeps a frontier that can spill (use --strategy bfs --seen fp64, or drop --frontier-mb)`) };
  }
  if (o.invariants.includes('deadlock') && !o.deadlock) {
    return { ok: false, error: inputError('RC002', `--invariant deadlock contradicts --no-deadlock`) };
  }
  const only = o.invariants.filter((n) => n !== 'deadlock');
  const built = buildModel(def, o.params, only);
  if (!built.ok) {
    // The model does not know the deadlock pseudo-property: name it among the valid choices.
    const message = built.error.message.replace(/\(valid: (.*)\)$/, (_m, v: string) =>
      built.error.code === 'RC002' && / property '/.test(built.error.message) ? `(valid: ${v === '' ? '' : `${v}, `}deadlock)` : `(valid: ${v})`,
    );
    return { ok: false, error: { exitCode: exitCodeForError(built.error), error: { ...built.error, message } } };
  }
  const onlyDeadlock = o.invariants.length > 0 && only.length === 0;
  const model = onlyDeadlock ? { ...built.value, invariants: [], transitions: [], terminals: [] } : built.value;
  if (!o.races) return { ok: true, value: { options: o, model } };
  // --races: a race on one CPU's krcp and its image on the other's are different invariants, which
  // a symmetry quotient would not keep apart; and every race is reported, so the search collects.
  if (o.symmetry === true) return { ok: false, error: inputError('RC003', '--races checks every location by name and needs the unreduced state space: drop --symmetry') };
  if (!model.instance.actions.some((a) => (a.accesses ?? []).length > 0)) {
    return { ok: false, error: inputError('RC003', `--races: model ${def.id} labels no step with its accesses (ActionDef.accesses), so there is nothing to check`) };
  }
  const races = withRaces(model);
  return { ok: true, value: { options: { ...o, collect: true, symmetry: false }, model: races } };
}
