#!/usr/bin/env node
/**
 * The rcucheck entry point: the only module that touches `process`.
 *
 * It adapts the real process to a CliContext (stdout, stderr, TTY, clock, paths), turns Ctrl-C
 * (SIGINT) and SIGTERM into an abort signal, so a running search stops with verdict `incomplete`
 * and its report is still written, runs the parser, and sets `process.exitCode`. A second Ctrl-C
 * exits at once with 130.
 */
import { fileURLToPath } from 'node:url';
import type { CliContext } from './cli/context.js';
import { runCli } from './cli/main.js';
import { disposeAllSpillStores } from './spill/file-spill.js';

const abort = new AbortController();
// Per signal: a terminal's Ctrl-C reaches `prove` and its children together, and `prove` also
// forwards SIGTERM to its children, so one Ctrl-C must not count as two.
const seen: Partial<Record<NodeJS.Signals, number>> = {};
const onSignal = (sig: NodeJS.Signals): void => {
  seen[sig] = (seen[sig] ?? 0) + 1;
  if (sig === 'SIGINT' && (seen[sig] ?? 0) > 1) {
    disposeAllSpillStores();
    process.exit(130);
  }
  if (abort.signal.aborted) return;
  process.stderr.write(`\nrcucheck: ${sig}: stopping; the report will be marked incomplete (Ctrl-C again to quit at once)\n`);
  abort.abort(sig);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// `rcucheck replay t.itf.json | head`: a closed pipe ends the output quietly, not with a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
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
  stderrColumns: process.stderr.isTTY === true ? process.stderr.columns : undefined,
  stdoutColumns: process.stdout.isTTY === true ? process.stdout.columns : undefined,
  signal: abort.signal,
  execPath: process.execPath,
  cliPath: fileURLToPath(import.meta.url),
  now: () => performance.now(),
  exitCode: 0,
};

// A spilled frontier's temporary file goes on every way out, a crash included.
process.on('exit', () => disposeAllSpillStores());
process.exitCode = await runCli(process.argv.slice(2), ctx);
process.removeListener('SIGINT', onSignal);
process.removeListener('SIGTERM', onSignal);
