/**
 * The ground floor: error codes, the CheckError value, its exit status, and Result.
 *
 * Why this file exists: every failure the tool reports has a stable string code that tests and
 * users can match on, and a TLC-family exit status. Errors travel as values (a `Result`, or inside
 * an Outcome); only checker bugs are thrown. Every layer (model, engine, trace, check service,
 * reports, prove, CLI) imports these from here, so no arrow has to point up to reach them.
 *
 * What it must not do: import anything, print, exit, or touch the file system.
 */

/**
 * - RC001 unknown model
 * - RC002 unknown parameter, invariant or option value
 * - RC003 parameter value out of range or of the wrong type
 * - RC004 unreadable or malformed input file (trace, plan)
 * - RC005 trace belongs to another model, parameters or rcucheck version
 * - RC010 model code threw while computing a successor or guard
 * - RC011 a property threw
 * - RC012 a state value does not fit the declared shape
 * - RC013 a declared symmetry is not one (found by the symmetry check)
 * - RC100 replay does not reproduce the stored state (nondeterministic model code)
 * - RC101 replay diverged: an action in the trace is not enabled / unknown
 * - RC150 graph export above its size limit
 * - RC255 internal error
 */
export type ErrorCode =
  | 'RC001'
  | 'RC002'
  | 'RC003'
  | 'RC004'
  | 'RC005'
  | 'RC010'
  | 'RC011'
  | 'RC012'
  | 'RC013'
  | 'RC100'
  | 'RC101'
  | 'RC150'
  | 'RC255';

export interface CheckError {
  readonly code: ErrorCode;
  readonly message: string;
}

export function checkError(code: ErrorCode, message: string): CheckError {
  return { code, message };
}

const ERROR_EXIT: Record<ErrorCode, number> = {
  RC001: 150,
  RC002: 151,
  RC003: 151,
  RC004: 150,
  RC005: 150,
  RC010: 75,
  RC011: 76,
  RC012: 75,
  RC013: 75,
  RC100: 75,
  RC101: 150,
  RC150: 150,
  RC255: 255,
};

/** Exit status for a CheckError (bad input 150/151, model threw 75, property threw 76, internal 255). */
export function exitCodeForError(e: CheckError): number {
  return ERROR_EXIT[e.code];
}

/** A value or the error that stopped it: how every fallible step of rcucheck answers. */
export type Result<T, E = CheckError> = { ok: true; value: T } | { ok: false; error: E };
