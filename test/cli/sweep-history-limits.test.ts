/**
 * Sweep and history never report success on nothing checked (issue 32, row 4): a sweep whose
 * budget or limits stop every configuration exits 152 (report written, properties incomplete), a
 * sweep honours --memory as `check` does, and `history --only ""` is bad input (151).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tmp } from './run.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
function scratch(): string {
  const d = tmp('rcucheck-sweep-limits-');
  made.push(d);
  return d;
}

interface SweepJson {
  exitCode: number;
  properties: { name: string; status: string; holdsIn: number }[];
}

describe('sweep: nothing verified is not success', () => {
  it.each([
    [['--budget', '1e-9']],
    [['--max-states', '1']],
  ])('sweep peterson %j: exit 152, every property incomplete, the report written', (extra) => {
    const out = join(scratch(), 'sweep');
    const r = cli(['sweep', 'peterson', ...extra, '--out', out, '--json', '-q']);
    expect(r.code).toBe(152);
    const j = JSON.parse(r.stdout) as SweepJson;
    expect(j.exitCode).toBe(152);
    for (const p of j.properties) expect(p.status).toBe('incomplete');
    expect(JSON.parse(readFileSync(join(out, 'peterson.json'), 'utf8'))).toEqual(j);
    expect(r.stderr).toMatch(/^rcucheck: sweep incomplete: no configuration finished for mutual-exclusion\b.*\n$/);
  });

  it('--memory is honoured as check honours it: a bound check refuses is no "holds"', () => {
    const chk = cli(['check', 'peterson', '-D', 'n=5', '--memory', '1', '--workers', '2', '-q']);
    expect(chk.code).toBe(152);
    const out = join(scratch(), 'sweep');
    const r = cli(['sweep', 'peterson', '-D', 'n=5', '--memory', '1', '--workers', '2', '--out', out, '--json', '-q']);
    expect(r.code).toBe(152);
    for (const p of (JSON.parse(r.stdout) as SweepJson).properties) expect(p.status).toBe('incomplete');
  });

  it('--workers 0 is bad input (151)', () => {
    const r = cli(['sweep', 'peterson', '--workers', '0', '--out', join(scratch(), 'sweep')]);
    expect(r.code).toBe(151);
  });
});

describe('history: an --only that names no row', () => {
  it.each([[''], [' , ']])('--only %j: exit 151, one line, nothing written', (only) => {
    const out = scratch();
    const r = cli(['history', '--only', only, '--out', join(out, 'h')]);
    expect(r.code).toBe(151);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^rcucheck: error: RC002: --only names no history row .*\n$/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(out, 'h'))).toBe(false);
  });
});
