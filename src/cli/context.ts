/**
 * The command-line context: everything a command handler may use from the outside world.
 *
 * Why this file exists: only `src/cli.ts` touches `process` (architecture §9). It builds one
 * `CliContext` from the real process, and tests build one from buffers, so every handler can be
 * run in-process and its output and exit code inspected.
 *
 * What it must not do: import `process` or perform I/O itself.
 */

export interface CliContext {
  /** Write to standard output (no newline added). */
  stdout(s: string): void;
  /** Write to standard error (no newline added). */
  stderr(s: string): void;
  /** Is standard output a terminal (colour, timelines)? */
  readonly stdoutIsTTY: boolean;
  /** Is standard error a terminal (progress redrawn in place) or a pipe/log (periodic lines)? */
  readonly stderrIsTTY: boolean;
  /** Width of the terminal standard error is (undefined when it is not a terminal). */
  readonly stderrColumns?: number;
  /** Width of the terminal standard output is (undefined when it is not a terminal: timelines then keep the swimlane). */
  readonly stdoutColumns?: number;
  /** Aborted on Ctrl-C (SIGINT/SIGTERM): searches stop with verdict `incomplete`. */
  readonly signal: AbortSignal;
  /** Absolute path of the Node executable and of the CLI entry (for child processes). */
  readonly execPath: string;
  readonly cliPath: string;
  /** Monotonic clock in milliseconds. */
  now(): number;
  /** The exit status the handler decided on (0 until set). */
  exitCode: number;
}

/** Print one clear error line (the only shape bad input takes) and set the exit status. */
export function fail(ctx: CliContext, code: number, message: string): void {
  ctx.stderr(`rcucheck: error: ${message}\n`);
  ctx.exitCode = code;
}
