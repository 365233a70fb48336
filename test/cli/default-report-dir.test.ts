/**
 * The default report folder (`reports/runs/<model>-<hash>/`, used when a run finds violations and
 * no --report-dir is given) never silently replaces the results of a run with other options
 * (issue 32, row 2): the hash covers every option that changes results, not only the parameters.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, cliAsync, tmp } from './run.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function reportDir(args: string[], cwd: string): string {
  const r = cli([...args, '--json'], cwd);
  expect(r.code).toBe(12);
  return (JSON.parse(r.stdout) as { reportDir: string }).reportDir;
}

describe('the default report folder', () => {
  it('a run with other options (--invariant, --collect) keeps the earlier report', () => {
    const cwd = tmp();
    made.push(cwd);
    const base = ['check', 'kvfree-v1', '-D', 'objects=h,e', '-q'];
    const all = reportDir([...base, '--collect'], cwd);
    const traces = readdirSync(join(cwd, all, 'traces')).sort();
    expect(traces.length).toBeGreaterThan(1);
    const one = reportDir([...base, '--invariant', 'debug-objects'], cwd);
    expect(one).not.toBe(all);
    expect(one).toMatch(/^reports\/runs\/kvfree-v1-[0-9a-f]{10}$/);
    // The earlier report is untouched.
    expect(readdirSync(join(cwd, all, 'traces')).sort()).toEqual(traces);
    expect(readdirSync(join(cwd, one, 'traces'))).toEqual(['debug-objects']);
    // Options that do not change results (threads, progress output) keep the folder.
    expect(reportDir([...base, '--collect', '--workers', '1'], cwd)).toBe(all);
    // The same options in another order are the same configuration.
    const inv = (xs: string[]) => xs.flatMap((x) => ['--invariant', x]);
    expect(reportDir([...base, ...inv(['gp-guarantee', 'debug-objects'])], cwd)).toBe(reportDir([...base, ...inv(['debug-objects', 'gp-guarantee'])], cwd));
    expect(existsSync(join(cwd, all, 'summary.json'))).toBe(true);
  });
});

describe('an interrupted rerun of the same configuration', () => {
  // Both runs are of a configuration whose search takes minutes (kvfree-v1, 2 CPUs x 4 objects),
  // interrupted once it runs, so neither can finish first on any machine: the outcome does not
  // depend on timing. The first leaves a report (marked incomplete) in the default folder.
  const args = ['check', 'kvfree-v1', '-D', 'cpus=2', '-D', 'objects=h,e,h,e', '--collect', '-q', '--workers', '1', '--json'];
  async function interrupted(cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const run = cliAsync(args, cwd);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    run.child.kill('SIGINT');
    return run.done;
  }
  it('keeps the earlier report and saves under <folder>-2, with a warning', async () => {
    const cwd = tmp();
    made.push(cwd);
    const r1 = await interrupted(cwd);
    const first = (JSON.parse(r1.stdout) as { reportDir: string }).reportDir;
    expect(first).toMatch(/^reports\/runs\/kvfree-v1-[0-9a-f]{10}$/);
    const earlier = readFileSync(join(cwd, first, 'summary.json'), 'utf8');
    const r = await interrupted(cwd);
    // Violations found before the interrupt decide the exit status (12); the run is still incomplete.
    expect(r.code).toBe(12);
    const j = JSON.parse(r.stdout) as { reportDir: string; incompleteReason?: string };
    expect(j.incompleteReason).toMatch(/^aborted \(SIGINT\)/);
    expect(j.reportDir).toBe(`${first}-2`);
    expect(r.stderr).toContain(`warning: ${first} holds an earlier report of this configuration; kept it`);
    expect(readFileSync(join(cwd, first, 'summary.json'), 'utf8')).toBe(earlier);
    expect(existsSync(join(cwd, `${first}-2`, 'summary.json'))).toBe(true);
  }, 120_000);
});
