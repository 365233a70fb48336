/**
 * rcucheck as a library: typed options in, an Outcome (and the result value) out.
 *
 *   import { check } from 'rcucheck';
 *   const r = await check({ model: 'kvfree-v1', params: { objects: 'e,h' }, collect: true });
 *   if (!r.ok) throw new Error(r.error.error.message);
 *   console.log(r.value.outcome.verdict, r.value.outcome.stats.distinct);
 *
 * Why this file exists: a script or another tool can run a check without spawning the CLI, with
 * the same validation, the same search and the same replayed traces as `rcucheck check`. It is the
 * package's `exports` entry.
 *
 * What it must not do: print, write files, or touch `process` (reports are written by the CLI
 * through report/check-report.ts and report/write.ts).
 */
import type { Result } from '../base/errors.js';
import type { CheckOptions, CheckRuntime } from './options.js';
import { prepareCheck, type InputError } from './prepare.js';
import { runPreparedAsync, type CheckRun } from './run.js';

/** Validate, compile and run one check. Bad input is an `InputError` value, never an exception. */
export async function check(options: CheckOptions, runtime: CheckRuntime = {}): Promise<Result<CheckRun, InputError>> {
  const p = prepareCheck(options);
  if (!p.ok) return p;
  return { ok: true, value: await runPreparedAsync(p.value, runtime) };
}

export type { CheckError, ErrorCode, Result } from '../base/errors.js';
export type { Outcome, Verdict, Violation, PropertyStatus, Stats } from '../engine/outcome.js';
export type { Trace } from '../trace/trace.js';
export type { CheckOptions, CheckRuntime, OptionsRecord } from './options.js';
export type { CheckResult, ViolationJson, StepJson } from './result.js';
export type { CheckRun, TracedViolation } from './run.js';
export { prepareCheck, parseDefines, type InputError, type PreparedCheck } from './prepare.js';
export { runPrepared, runPreparedAsync } from './run.js';
export { MODELS } from '../../models/index.js';
