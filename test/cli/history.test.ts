/**
 * `rcucheck history` on the command line: a bad row id is refused before anything runs (151, one
 * line), `--only` checks and prints the named rows and writes nothing, and `--out` receives the
 * whole report with replayable traces.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tmp } from './run.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('rcucheck history', () => {
  it('an unknown row id is exit 151 with one line naming the valid ids, and nothing runs', () => {
    const r = cli(['history', '--only', 'B3,B99']);
    expect(r.code).toBe(151);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown history row 'B99' \(valid: B1, B2, B3/);
  });

  it('--only prints the named rows (buggy violated, fixed holds) and writes nothing', () => {
    const out = tmp('rcucheck-history-');
    made.push(out);
    const r = cli(['history', '--only', 'B3,B8', '--out', out]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^B3 .*no-leak .*shown .*buggy v5\.9 violated \(9 steps\).*fixed v5\.9 \+ d434c00fa3ac holds/);
    expect(lines[1]).toMatch(/^B8 .*reader-safety .*shown .*buggy v6\.14 \(and v6\.13\) violated \(13 steps\).*fixed v6\.15 holds/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('every trace of the published report (buggy sides, further properties, hazard lines) is on disk and replays to a confirmed violation', () => {
    type Side = { trace: string | null } | null;
    const j = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'reports', 'history.json'), 'utf8')) as {
      id: string;
      status: string;
      buggy: Side;
      also: { buggy: Side }[];
      hazards: Side[];
    }[];
    for (const row of j.filter((x) => x.status !== 'open')) {
      expect(row.buggy?.trace, row.id).toMatch(/^history\/.+\/buggy\/trace\.itf\.json$/);
      for (const side of [row.buggy, ...row.also.map((a) => a.buggy), ...row.hazards]) {
        expect(existsSync(join(import.meta.dirname, '..', '..', 'reports', side!.trace!)), row.id).toBe(true);
        const r = cli(['replay', join('reports', side!.trace!)]);
        expect(r.stdout, `${row.id} ${side!.trace}`).toMatch(/confirmed: /);
      }
    }
  });
});
