/**
 * `prove` judges every input before anything runs (issue 32, row 5): a missing or malformed
 * baselines file and a missing or malformed coverage file are exit 150 with one line, with no
 * entry run and nothing written; `--no-baselines` and `--no-coverage` say so explicitly.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tmp } from './run.js';

const PLAN = { description: 'inputs', entries: [{ id: 'pet2', model: 'peterson', params: { n: 2 }, expect: 'holds' }] };

function setup(): { dir: string; plan: string; out: string } {
  const dir = tmp();
  const plan = join(dir, 'plan.json');
  writeFileSync(plan, JSON.stringify(PLAN));
  return { dir, plan, out: join(dir, 'out') };
}

/** Refused before anything ran: exit 150, one line, no entry line, no report. */
function refusedUpFront(r: ReturnType<typeof cli>, out: string, msg: RegExp): void {
  expect(r.code, r.stderr).toBe(150);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^rcucheck: error: /);
  expect(lines[0]).toMatch(msg);
  expect(r.stdout).toBe('');
  expect(existsSync(out)).toBe(false);
}

describe('prove baselines', () => {
  it('a missing baselines file is exit 150 before anything runs (it used to pass as "no baseline")', () => {
    const { plan, out } = setup();
    refusedUpFront(cli(['prove', '--plan', plan, '--report-dir', out, '--baselines', '/nonexistent.json']), out, /no baselines file \/nonexistent\.json.*--no-baselines/);
  });

  for (const [what, b] of [
    ['a negative distinct count', { pet2: { distinct: -5, maxDepth: 6 } }],
    ['a fractional depth', { pet2: { distinct: 20, maxDepth: 6.5 } }],
    ['a negative stored count', { pet2: { distinct: 20, maxDepth: 6, stored: -1 } }],
    ['a count as a string', { pet2: { distinct: '20', maxDepth: 6 } }],
    ['an unknown key', { pet2: { distinct: 20, maxDepth: 6, depth: 6 } }],
    ['an array', [1, 2]],
  ] as const) {
    it(`a baselines file with ${what} is exit 150 before anything runs`, () => {
      const { dir, plan, out } = setup();
      writeFileSync(join(dir, 'b.json'), JSON.stringify(b));
      refusedUpFront(cli(['prove', '--plan', plan, '--report-dir', out, '--baselines', join(dir, 'b.json')]), out, /malformed baselines/);
    });
  }

  it('--no-baselines runs without them; --update-baselines may create the file', () => {
    const { dir, plan, out } = setup();
    const r = cli(['prove', '--plan', plan, '--report-dir', out, '--no-baselines', '--json', '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { entries: { baselineStatus: string }[] }).entries[0].baselineStatus).toBe('none');
    const u = cli(['prove', '--plan', plan, '--report-dir', out, '--baselines', join(dir, 'new.json'), '--update-baselines', '-q']);
    expect(u.code, u.stderr).toBe(0);
    expect(existsSync(join(dir, 'new.json'))).toBe(true);
    const both = cli(['prove', '--plan', plan, '--report-dir', out, '--no-baselines', '--update-baselines', '-q']);
    expect(both.code).toBe(151);
  });

  it('--update-baselines into a place that cannot be written is refused before anything runs', () => {
    const { plan, out } = setup();
    refusedUpFront(cli(['prove', '--plan', plan, '--report-dir', out, '--baselines', '/proc/rcucheck-b.json', '--update-baselines']), out, /cannot write the baselines/);
  });
});

describe('prove coverage allowances', () => {
  for (const [what, text] of [
    ['truncated', '{"plan": "plan.json", "models": {'],
    ['an array', '[]'],
    ['missing', null],
  ] as const) {
    it(`a coverage file ${what} is exit 150 before anything runs`, () => {
      const { dir, plan, out } = setup();
      writeFileSync(join(dir, 'b.json'), '{}');
      const cov = join(dir, 'coverage.json');
      if (text !== null) writeFileSync(cov, text);
      refusedUpFront(cli(['prove', '--plan', plan, '--report-dir', out, '--baselines', join(dir, 'b.json'), '--coverage', cov]), out, /coverage allowances/);
    });
  }

  it('--no-coverage skips the gate and says so', () => {
    const { plan, out } = setup();
    const r = cli(['prove', '--plan', plan, '--report-dir', out, '--no-baselines', '--no-coverage']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/coverage gate: not run \(--no-coverage\)/);
  });
});
