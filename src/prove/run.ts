/**
 * Running plan entries: each entry is one `rcucheck check --collect --json` child process, up to
 * `workers` at a time, each with `--workers` (search threads) such that entries times threads
 * stays within the machine's cores.
 *
 * Why this file exists: entries are independent, and a child process per entry gives parallelism
 * on every core, isolates memory (a large entry cannot starve the others), and exercises the same
 * code path a user runs by hand. The child writes its own report (atomically) into the prove
 * staging directory, under the entry id.
 *
 * What it must not do: touch `process` (paths come from the Host), or decide whether a
 * result matches its expectation (evaluate.ts does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { CheckResult } from '../check/result.js';
import type { Host } from '../base/host.js';
import type { PlanEntry } from './plan.js';

/** The command-line arguments of the `check` an entry describes. */
export function entryArgs(e: PlanEntry, reportDir: string, threads = 1): string[] {
  const args = ['check', e.model];
  for (const [k, v] of Object.entries(e.params)) args.push('-D', `${k}=${v}`);
  for (const i of e.invariants ?? []) args.push('--invariant', i);
  args.push('--strategy', e.strategy ?? 'bfs', '--seen', e.seen ?? 'exact');
  if (e.deadlock === false) args.push('--no-deadlock');
  const l = e.limits ?? {};
  if (l.maxStates !== undefined) args.push('--max-states', String(l.maxStates));
  if (l.maxDepth !== undefined) args.push('--max-depth', String(l.maxDepth));
  if (l.timeoutS !== undefined) args.push('--timeout', String(l.timeoutS));
  if (l.memoryMB !== undefined) args.push('--memory', String(l.memoryMB));
  args.push('--collect', '--json', '--quiet', '--workers', String(threads), '--report-dir', reportDir);
  return args;
}

export interface EntryRun {
  /** The child's `--json` result, or null if it printed none (crash, kill). */
  result: CheckResult | null;
  exitCode: number | null;
  signal: string | null;
  /** Last lines of the child's stderr (for a failure message). */
  stderrTail: string;
  wallMs: number;
  /** The entry was never started (interrupted before its turn). */
  skipped: boolean;
}

function runOne(ctx: Host, e: PlanEntry, reportDir: string, children: Set<ChildProcess>, threads: number): Promise<EntryRun> {
  const started = ctx.now();
  return new Promise((resolveRun) => {
    const child = spawn(ctx.execPath, [ctx.cliPath, ...entryArgs(e, reportDir, threads)], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const finish = (code: number | null, signal: string | null): void => {
      children.delete(child);
      let result: CheckResult | null = null;
      try {
        result = JSON.parse(out) as CheckResult;
      } catch {
        result = null;
      }
      const tail = err.trim().split('\n').slice(-3).join(' | ');
      resolveRun({ result, exitCode: code, signal, stderrTail: tail, wallMs: ctx.now() - started, skipped: false });
    };
    child.on('error', (x) => {
      err += String(x);
      finish(null, null);
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/**
 * Run `entries` (with their plan indices) with at most `workers` children at once; each writes its
 * report to `<stagingDir>/<id>`. On abort, running children get SIGTERM (they stop, marked
 * incomplete, and still report) and entries not yet started are skipped.
 */
export async function runEntries(
  ctx: Host,
  entries: readonly PlanEntry[],
  stagingDir: string,
  workers: number,
  cores: number,
  onDone: (e: PlanEntry, r: EntryRun, done: number) => void,
  onStart: (e: PlanEntry) => void = () => undefined,
): Promise<EntryRun[]> {
  const results: EntryRun[] = new Array<EntryRun>(entries.length);
  const children = new Set<ChildProcess>();
  const onAbort = (): void => {
    // SIGTERM, not SIGINT: after a terminal Ctrl-C the children already have a SIGINT, and a
    // second one would make them quit at once instead of reporting.
    for (const c of children) c.kill('SIGTERM');
  };
  ctx.signal.addEventListener('abort', onAbort);
  // Cores are divided between entries running at once and each entry's search threads.
  const atOnce = Math.max(1, Math.min(workers, entries.length));
  const threads = Math.max(1, Math.floor(cores / atOnce));
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const k = next++;
      if (k >= entries.length) return;
      const e = entries[k];
      if (ctx.signal.aborted) {
        results[k] = { result: null, exitCode: null, signal: null, stderrTail: 'not run: interrupted', wallMs: 0, skipped: true };
      } else {
        onStart(e);
        results[k] = await runOne(ctx, e, join(stagingDir, e.id), children, threads);
      }
      onDone(e, results[k], ++done);
    }
  };
  try {
    await Promise.all(Array.from({ length: atOnce }, worker));
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
  return results;
}
