/**
 * Test helper: run the real, built CLI (`node dist/src/cli.js`, built by `npm test`'s tsc step)
 * and capture its exit status, stdout and stderr.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'src', 'cli.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], cwd = ROOT): Run {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm test\` (tsc builds it first)`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Start the CLI without waiting (for Ctrl-C tests). */
export function cliAsync(args: string[], cwd = ROOT): { child: ReturnType<typeof spawn>; done: Promise<Run> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Run>((res) => child.on('close', (code) => res({ code, stdout, stderr })));
  return { child, done };
}

export function tmp(prefix = 'rcucheck-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
