/**
 * `npm install -g .` puts `rcucheck` on the PATH, and every command works from any directory:
 * the package's plan is found, reports go under the working directory, and the commands that
 * rcucheck prints (trace file paths, the trace's replay hint) work as printed where it says.
 *
 * The install goes into a temporary prefix (`npm_config_prefix`), offline and without scripts:
 * a global install of a folder links it, so the test runs this checkout's built CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tmp } from './run.js';

const prefix = tmp('rcucheck-prefix-');
const install = spawnSync('npm', ['install', '-g', ROOT, '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
  encoding: 'utf8',
  env: { ...process.env, npm_config_prefix: prefix },
  timeout: 120_000,
});
const bin = join(prefix, 'bin', 'rcucheck');

function rcucheck(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(bin, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}` } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('installed with npm install -g', () => {
  it('puts rcucheck on the PATH', () => {
    expect(install.status, install.stderr).toBe(0);
    expect(existsSync(bin)).toBe(true);
  });

  it('check, the printed trace paths and the replay hint work from another directory', () => {
    const away = tmp('rcucheck-away-');
    const r = rcucheck(['check', 'peterson', '-D', 'n=2', '-D', 'mutate=1'], away);
    expect(r.code).toBe(12);
    const files = /trace files: (.*)\n/.exec(r.stdout)?.[1].split(', ') ?? [];
    expect(files.length).toBe(3);
    for (const f of files) expect(existsSync(join(away, f)), f).toBe(true);
    const itf = files.find((f) => f.endsWith('trace.itf.json'))!;
    const folder = join(away, dirname(itf));
    const hint = /`rcucheck (replay [^`]+)`/.exec(readFileSync(join(folder, 'trace.md'), 'utf8'))?.[1];
    expect(hint).toBe('replay trace.itf.json');
    const replay = rcucheck(hint!.split(' '), folder);
    expect(replay.code).toBe(12);
    expect(replay.stdout).toMatch(/confirmed: invariant mutual-exclusion violated after step 6/);
  });

  it('prove finds the package plan and baselines from any directory, and reports go there', () => {
    const away = tmp('rcucheck-away-');
    const plan = JSON.parse(readFileSync(join(ROOT, 'proofs', 'plan.json'), 'utf8')) as { entries: { id: string }[] };
    const listed = rcucheck(['prove', '--list'], away);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split('\n').map((l) => l.split('\t')[1])).toEqual(plan.entries.map((e) => e.id));
    // One quick shard of the real plan, judged against the package's baselines.
    mkdirSync(join(away, 'sub'));
    const shard = rcucheck(['prove', '--shard', `1/${plan.entries.length}`, '-q', '--json'], join(away, 'sub'));
    expect(shard.code, shard.stderr).toBe(0);
    const s = JSON.parse(shard.stdout) as { entries: { id: string; match: boolean; baselineStatus: string }[] };
    expect(s.entries).toEqual([expect.objectContaining({ id: plan.entries[0].id, match: true, baselineStatus: 'same' })]);
    expect(existsSync(join(away, 'sub', 'reports', 'proofs', 'summary.md'))).toBe(true);
  });
});
