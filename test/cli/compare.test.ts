/**
 * `rcucheck compare` on the command line: B1's fix on a small configuration (no longer violated,
 * exit 0), the reverse (newly violated with traces, exit 12), undecided under a state limit (152),
 * --json, and bad input: one line, 150/151, nothing written.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tmp } from './run.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const B1 = ['compare', 'kvfree-v5.9', '-D', 'objects=e,e'];

describe('rcucheck compare', () => {
  it("B1's fix: reader-safety and gp-guarantee no longer violated, nothing newly violated, exit 0", () => {
    const r = cli([...B1, '--before', 'fix=none', '--after', 'fix=5da7cb193db3', '--no-save-traces']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}reader-safety +no longer violated \(before: shortest trace 20 steps\)$/m);
    expect(r.stdout).toMatch(/^ {2}gp-guarantee +no longer violated/m);
    expect(r.stdout).toContain('0 newly violated, 2 no longer violated, 16 unchanged, 0 undecided');
  });

  it('the reverse introduces the violations: exit 12, traces written and replayable, --json one object', () => {
    const dir = tmp('rcucheck-compare-');
    made.push(dir);
    const r = cli([...B1, '--before', 'fix=5da7cb193db3', '--after', 'fix=none', '--report-dir', dir, '--json']);
    expect(r.code).toBe(12);
    const j = JSON.parse(r.stdout) as { exitCode: number; totals: Record<string, number>; configs: { properties: { property: string; change: string; trace: { replay: string; story: string } | null }[] }[] };
    expect(j.exitCode).toBe(12);
    expect(j.totals['newly violated']).toBe(2);
    const rs = j.configs[0].properties.find((p) => p.property === 'reader-safety')!;
    expect(rs.change).toBe('newly violated');
    expect(rs.trace?.story).toMatch(/W0/);
    const itf = rs.trace!.replay.replace(/^rcucheck replay /, '');
    expect(itf).toBe(join(dir, 'objects_e_e', 'after', 'traces', 'reader-safety', 'trace.itf.json'));
    expect(cli(['replay', itf]).code).toBe(12);
    // The directory is a report (summary.json: the same object), so a rerun replaces it.
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toEqual(j);
    expect(cli([...B1, '--before', 'fix=5da7cb193db3', '--after', 'fix=none', '--report-dir', dir, '--quiet']).code).toBe(12);
  });

  it('a side stopped by a limit is undecided: exit 152', () => {
    const r = cli([...B1, '--before', 'fix=none', '--after', 'fix=5da7cb193db3', '--max-states', '50', '--no-save-traces']);
    expect(r.code).toBe(152);
    expect(r.stdout).toMatch(/undecided \(before/);
  });

  it.each([
    [['compare', 'nope', '--before', 'fix=none', '--after', 'fix=x'], 150, /unknown model 'nope'/],
    [[...B1, '--before', 'fix=none', '--after', 'fix=bogus'], 151, /fix=bogus is not allowed/],
    [[...B1, '--before', 'fix', '--after', 'fix=none'], 151, /--before expects k=v/],
    [[...B1, '--before', 'fix=none', '--after', 'fix=none'], 151, /the same configuration/],
    [[...B1, '--before', 'fix=none', '--after', 'fix=5da7cb193db3', '--plan', '--sweep'], 151, /exclusive/],
    [['compare', 'kvfree-v5.9', '-D', 'fix=none', '--before', 'fix=none', '--after', 'fix=5da7cb193db3'], 151, /both a -D and the compared knob/],
    [[...B1, '--before', 'fix=none', '--after', 'fix=5da7cb193db3', '--budget', '5'], 151, /--sweep only/],
  ])('bad input %j: one line, exit %i, nothing written', (args, code, msg) => {
    const dir = join(tmp('rcucheck-compare-bad-'), 'out');
    made.push(dir);
    const r = cli([...args, '--report-dir', dir]);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(msg);
    expect(existsSync(dir)).toBe(false);
  });
});
