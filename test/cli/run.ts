/**
 * Test helper: run the real, built CLI (`node dist/src/cli.js`, built by `npm test`'s tsc step)
 * and capture its exit status, stdout and stderr.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'src', 'cli.js');

/**
 * A check that holds and lasts many times the 5 s before its first progress line (the 21-million-
 * state kvfree-lite, checking two properties that hold there: about 20 s in fp64, more in exact
 * mode, on one core): a signal test must find it still running however fast the engine gets
 * (peterson n=6 once took 13 s and finishes in 5 now).
 */
export const LONG_RUN = ['check', 'kvfree-lite', '-D', 'N=4', '-D', 'CAP=1', '-D', 'PRED=pendskip', '-D', 'REARM=v59', '-D', 'COUNT=v1', '-D', 'SPONT=2', '--invariant', 'exactly-once', '--invariant', 'no-leak', '--no-deadlock'];

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], cwd = ROOT, env?: NodeJS.ProcessEnv): Run {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm test\` (tsc builds it first)`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: env ?? process.env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Start the CLI without waiting (for Ctrl-C tests); `stderrMatch(re)` resolves when stderr matches. */
export function cliAsync(
  args: string[],
  cwd = ROOT,
  env?: NodeJS.ProcessEnv,
): { child: ReturnType<typeof spawn>; done: Promise<Run>; stderrMatch: (re: RegExp) => Promise<void> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  let stdout = '';
  let stderr = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const w of waiters.filter((x) => x.re.test(stderr))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const done = new Promise<Run>((res) => child.on('close', (code) => res({ code, stdout, stderr })));
  const stderrMatch = (re: RegExp): Promise<void> =>
    re.test(stderr) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ re, resolve }));
  return { child, done, stderrMatch };
}

export function tmp(prefix = 'rcucheck-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Why this test process cannot mount a tmpfs (not root, or mount refused), or null when it can. */
export function canMount(): string | null {
  if (process.getuid?.() !== 0) return 'not root';
  const d = tmp('rcucheck-mnt-probe-');
  const m = spawnSync('mount', ['-t', 'tmpfs', 'tmpfs', d]);
  if (m.status !== 0) {
    rmSync(d, { recursive: true, force: true });
    return `mount failed: ${m.stderr.toString().trim()}`;
  }
  spawnSync('umount', [d]);
  rmSync(d, { recursive: true, force: true });
  return null;
}
