/**
 * The host: everything a command (CLI handler, `prove`, `merge`) may use from the outside world.
 *
 * Why this file exists: only `src/cli.ts` touches `process` (architecture §9). It builds one
 * `Host` from the real process, and tests build one from buffers, so every command can be run
 * in-process and its output and exit code inspected. It lives on the ground floor so that `prove`
 * and the CLI both use it without `prove` importing the CLI.
 *
 * What it must not do: import anything but the error table (errors.ts), touch `process` or
 * perform I/O itself.
 */
import { exitCodeForError, type CheckError, type ExitStatus } from './errors.js';

export interface Host {
  /** Write to standard output (no newline added). */
  stdout(s: string): void;
  /** Write to standard error (no newline added). */
  stderr(s: string): void;
  /** Is standard output a terminal (colour, timelines)? */
  readonly stdoutIsTTY: boolean;
  /** Is standard error a terminal (progress redrawn in place) or a pipe/log (periodic lines)? */
  readonly stderrIsTTY: boolean;
  /** Width of the terminal standard error is (undefined when it is not a terminal); read at each redraw, so a resize is seen. */
  readonly stderrColumns?: number;
  /** Width of the terminal standard output is (undefined when it is not a terminal: timelines then keep the swimlane). */
  readonly stdoutColumns?: number;
  /** Aborted on Ctrl-C (SIGINT/SIGTERM): searches stop with verdict `incomplete`. */
  readonly signal: AbortSignal;
  /** Absolute path of the Node executable and of the CLI entry (for child processes). */
  readonly execPath: string;
  readonly cliPath: string;
  /** This process's pid, and whether another pid is alive (report-directory locks). */
  readonly pid: number;
  processAlive(pid: number): boolean;
  /** Monotonic clock in milliseconds. */
  now(): number;
  /** The exit status the handler decided on (0 until set). */
  exitCode: number;
}

/**
 * Print one clear error line (the only shape bad input takes) and set the exit status, named in
 * the table `EXIT` (errors.ts). A message that spans lines (a JSON.parse error quotes the text it
 * choked on) is folded onto one.
 */
export function fail(ctx: Host, status: ExitStatus, message: string): void {
  ctx.stderr(`rcucheck: error: ${message.replace(/\s*[\r\n]+\s*/g, ' ').trim()}\n`);
  ctx.exitCode = status;
}

/**
 * Fail with a CheckError: the one place an error value becomes its exit status (errors.ts). The
 * line is `message` when given (a command that adds context, or the `RCnnn: ` prefix), else the
 * error's own message.
 */
export function failWith(ctx: Host, e: CheckError, message: string = e.message): void {
  fail(ctx, exitCodeForError(e), message);
}
