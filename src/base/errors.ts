/**
 * The ground floor: error codes, the CheckError value, its exit status, and Result.
 *
 * Why this file exists: every failure the tool reports has a stable string code that tests and
 * users can match on, and a TLC-family exit status, named in the one table of exit statuses
 * (`EXIT`): no command writes a status as a number. Errors travel as values (a `Result`, or inside
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

/**
 * Every exit status rcucheck uses, by name (README, "Exit statuses"). The values follow TLC's
 * family (11 deadlock, 12 safety, 13 liveness, 75 model threw, 150/151 bad input, 255 internal);
 * a test pins them to the documented ones.
 */
export const EXIT = {
  /** Everything checked holds (or the command did what it was asked). */
  OK: 0,
  /** `prove`, `merge`, `history`, `report`, `plan --check`: some row differs from what it should be. */
  DIFFERS: 1,
  /** A reachable state has no successor (deadlock checking on). */
  DEADLOCK: 11,
  /** A safety property (invariant, transition, terminal) is violated. */
  SAFETY: 12,
  /** Only liveness properties (and deadlock, as a stutter) are violated. */
  LIVENESS: 13,
  /** The model's code threw, or a state does not fit its shape, or a symmetry is not one. */
  MODEL_THREW: 75,
  /** A property's code threw. */
  PROPERTY_THREW: 76,
  /** A second Ctrl-C quit at once (128 + SIGINT, as a shell reports it). */
  QUIT: 130,
  /** Bad input: unknown model, unreadable or malformed file, a place that cannot be written. */
  INPUT: 150,
  /** Bad option: unknown or out-of-range option or parameter value, contradictory options. */
  OPTION: 151,
  /** A limit or Ctrl-C stopped the work before every property had its answer. */
  INCOMPLETE: 152,
  /** A checker bug: an internal error (a stack trace on stderr). */
  INTERNAL: 255,
} as const;

/** A name of the exit-status table. */
export type ExitName = keyof typeof EXIT;
/** One of rcucheck's exit statuses. */
export type ExitStatus = (typeof EXIT)[ExitName];

const ERROR_EXIT: Record<ErrorCode, ExitStatus> = {
  RC001: EXIT.INPUT,
  RC002: EXIT.OPTION,
  RC003: EXIT.OPTION,
  RC004: EXIT.INPUT,
  RC005: EXIT.INPUT,
  RC010: EXIT.MODEL_THREW,
  RC011: EXIT.PROPERTY_THREW,
  RC012: EXIT.MODEL_THREW,
  RC013: EXIT.MODEL_THREW,
  RC100: EXIT.MODEL_THREW,
  RC101: EXIT.INPUT,
  RC150: EXIT.INPUT,
  RC255: EXIT.INTERNAL,
};

/** Exit status for a CheckError (bad input INPUT/OPTION, MODEL_THREW, PROPERTY_THREW, INTERNAL). */
export function exitCodeForError(e: CheckError): ExitStatus {
  return ERROR_EXIT[e.code];
}

/** A value or the error that stopped it: how every fallible step of rcucheck answers. */
export type Result<T, E = CheckError> = { ok: true; value: T } | { ok: false; error: E };
