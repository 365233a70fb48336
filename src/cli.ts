#!/usr/bin/env node
/**
 * The rcucheck entry point: the only module that touches `process`.
 *
 * It adapts the real process to a CliContext (stdout, stderr, TTY, clock, paths), turns Ctrl-C
 * (SIGINT) and SIGTERM into an abort signal, so a running search stops with verdict `incomplete`
 * and its report is still written (exit 152), runs the parser, and sets `process.exitCode`. A
 * second Ctrl-C, half a second or more after the first, exits at once with 130.
 */
import { fileURLToPath } from 'node:url';
import { EXIT } from './base/errors.js';
import type { CliContext } from './cli/context.js';
import { runCli } from './cli/main.js';
import { releaseAllLocks } from './report/write.js';
import { disposeAllSpillStores } from './spill/file-spill.js';

const abort = new AbortController();
/**
 * Signals that arrive together count once: a terminal's Ctrl-C reaches the whole process group,
 * and `npx`/npm, GNU `timeout` and `prove` forward it as well, so one keypress can deliver two or
 * three SIGINTs (or a SIGINT and a SIGTERM) within milliseconds. Only a SIGINT that arrives once
 * SAME_SIGNAL_MS have passed since the first is a second Ctrl-C, which quits at once (exit 130).
 * The time is that of the event loop, not of the handler: signals that arrived together while a
 * search slice held the loop are dispatched late, one after another, and must still count once,
 * so the second-press arming waits for the timer and then for one more loop turn, whose poll
 * phase delivers whatever was already pending.
 */
const SAME_SIGNAL_MS = 500;
let firstSignalSeen = false;
let secondPressArmed = false;
const onSignal = (sig: NodeJS.Signals): void => {
  if (firstSignalSeen) {
    if (sig === 'SIGINT' && secondPressArmed) {
      disposeAllSpillStores();
      releaseAllLocks();
      process.exit(EXIT.QUIT);
    }
    return;
  }
  firstSignalSeen = true;
  setTimeout(() => setImmediate(() => (secondPressArmed = true)).unref(), SAME_SIGNAL_MS).unref();
  process.stderr.write(`\nrcucheck: ${sig}: stopping; the report will be marked incomplete (Ctrl-C again to quit at once)\n`);
  abort.abort(sig);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// `rcucheck replay t.itf.json | head`: a closed pipe ends the output quietly, not with a crash.
// Any other failure to write the output (`> /dev/full`, a full disk) is exit 150 with one line.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.OK);
    if (stream === process.stdout) {
      try {
        process.stderr.write(`rcucheck: error: cannot write to standard output: ${e.code ?? e.message}\n`);
      } catch {
        // stderr is gone too: the exit status says it
      }
    }
    process.exit(EXIT.INPUT);
  });
}

const ctx: CliContext = {
  stdout: (s) => {
    process.stdout.write(s);
  },
  stderr: (s) => {
    process.stderr.write(s);
  },
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  get stderrColumns() {
    return process.stderr.isTTY === true ? process.stderr.columns : undefined;
  },
  stdoutColumns: process.stdout.isTTY === true ? process.stdout.columns : undefined,
  signal: abort.signal,
  execPath: process.execPath,
  cliPath: fileURLToPath(import.meta.url),
  pid: process.pid,
  processAlive: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  now: () => performance.now(),
  exitCode: EXIT.OK,
};

// A spilled frontier's temporary file goes on every way out, a crash included.
process.on('exit', () => {
  disposeAllSpillStores();
  releaseAllLocks();
});
/**
 * Run from a directory that was deleted (`cd build && rm -rf ../build && rcucheck ...`): Node
 * cannot tell the working directory, and every relative path (and the parser itself) needs it.
 * One line and 150, as for any place that cannot be used, instead of Node's uv_cwd stack.
 */
function missingWorkingDirectory(): string | null {
  try {
    process.cwd();
    return null;
  } catch (e) {
    return `the working directory no longer exists (${(e as NodeJS.ErrnoException).code ?? String(e)}): change to a directory that does`;
  }
}
const noCwd = missingWorkingDirectory();
if (noCwd !== null) process.stderr.write(`rcucheck: error: ${noCwd}\n`);
process.exitCode = noCwd !== null ? EXIT.INPUT : await runCli(process.argv.slice(2), ctx);
process.removeListener('SIGINT', onSignal);
process.removeListener('SIGTERM', onSignal);
