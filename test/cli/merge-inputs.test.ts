/**
 * `merge` believes nothing it did not check (issue 32, row 6): shards carry their plan's checksum
 * and shards of different plans (one plan edited between two shards) are refused; a tampered
 * summary (an entry id that is a path, a `match` that is not a boolean, a negative plan size) is
 * refused with one line; a --report-dir that would replace an input is refused. Nothing is written.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tmp } from './run.js';

const ENTRIES = [
  { id: 'a', model: 'peterson', params: { n: 2 }, expect: 'holds' },
  { id: 'b', model: 'philosophers', params: { n: 2 }, expect: { violates: 'deadlock', note: 'circular wait' } },
];

function writePlan(dir: string, entries: unknown[]): string {
  const p = join(dir, 'plan.json');
  writeFileSync(p, JSON.stringify({ description: 'merge inputs', entries }));
  return p;
}

function shard(dir: string, plan: string, i: number, n: number): string {
  const out = join(dir, `s${i}`);
  const r = cli(['prove', '--plan', plan, '--shard', `${i}/${n}`, '--report-dir', out, '--no-baselines', '--no-coverage', '-q']);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

function refused(r: ReturnType<typeof cli>, code: number, msg: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^rcucheck: error: /);
  expect(lines[0]).toMatch(msg);
}

let base: { dir: string; s1: string; s2: string } | undefined;
/** Two good shards of one plan, run once for the file. */
function good(): { dir: string; s1: string; s2: string } {
  if (base === undefined) {
    const dir = tmp();
    const plan = writePlan(dir, ENTRIES);
    base = { dir, s1: shard(dir, plan, 1, 2), s2: shard(dir, plan, 2, 2) };
  }
  return base;
}

/** A copy of shard 1 with its summary.json edited. */
function tampered(edit: (s: Record<string, unknown> & { entries: Record<string, unknown>[] }) => void): string {
  const { s1 } = good();
  const d = join(tmp(), 'bad');
  cpSync(s1, d, { recursive: true });
  const s = JSON.parse(readFileSync(join(d, 'summary.json'), 'utf8')) as Record<string, unknown> & { entries: Record<string, unknown>[] };
  edit(s);
  writeFileSync(join(d, 'summary.json'), JSON.stringify(s));
  return d;
}

describe('merge refuses what it cannot vouch for', () => {
  it('good shards merge, and each summary carries the plan checksum', () => {
    const { dir, s1, s2 } = good();
    const s = JSON.parse(readFileSync(join(s1, 'summary.json'), 'utf8')) as { planChecksum: string };
    expect(s.planChecksum).toMatch(/^[0-9a-f]{64}$/);
    const m = cli(['merge', s1, s2, '--report-dir', join(dir, 'all')]);
    expect(m.code, m.stderr).toBe(0);
  });

  it('a plan edited between two shards: refused (150), not "as expected"', () => {
    const dir = tmp();
    const plan = writePlan(dir, ENTRIES);
    const s1 = shard(dir, plan, 1, 2);
    writePlan(dir, [ENTRIES[0], { id: 'c', model: 'peterson', params: { n: 3 }, expect: 'holds' }, ENTRIES[1]]);
    const s2 = shard(dir, plan, 2, 2);
    const m = cli(['merge', s1, s2, '--report-dir', join(dir, 'all')]);
    refused(m, 150, /ran different plans.*edited between shards/);
    expect(existsSync(join(dir, 'all'))).toBe(false);
  });

  it('a plan edited after every shard ran: refused (150) when the plan is at hand', () => {
    const dir = tmp();
    const plan = writePlan(dir, ENTRIES);
    const s1 = shard(dir, plan, 1, 2);
    const s2 = shard(dir, plan, 2, 2);
    writePlan(dir, [...ENTRIES, { id: 'c', model: 'peterson', params: { n: 3 }, expect: 'holds' }]);
    refused(cli(['merge', s1, s2, '--report-dir', join(dir, 'all')]), 150, /has changed since the shards ran it/);
    expect(existsSync(join(dir, 'all'))).toBe(false);
  });

  const cases: [string, (s: Record<string, unknown> & { entries: Record<string, unknown>[] }) => void, RegExp][] = [
    ['an entry id that is a path', (s) => (s.entries[0].id = '../../etc'), /id "\.\.\/\.\.\/etc" is not a plan entry id/],
    ['"match": "yes"', (s) => (s.entries[0].match = 'yes'), /"match" must be true or false/],
    ['planEntries -3', (s) => (s.planEntries = -3), /"planEntries" must be a positive integer/],
    ['an index outside the plan', (s) => (s.entries[0].index = 7), /index 7 is not a position/],
    ['match true with reasons', (s) => (s.entries[0].reasons = ['moved']), /"match" is true but it lists 1 reasons/],
    ['no plan checksum', (s) => delete s.planChecksum, /no plan checksum/],
    ['a trace link outside the entry', (s) => (s.entries[0].traces = { p: { 'trace.md': '../x' } }), /trace link/],
  ];
  for (const [what, edit, msg] of cases) {
    it(`a tampered summary is refused (150, one line): ${what}`, () => {
      const { s2 } = good();
      const bad = tampered(edit);
      const out = join(tmp(), 'm');
      refused(cli(['merge', bad, s2, '--report-dir', out]), 150, msg);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('--report-dir naming an input (or a folder holding one) is refused (151); the input is kept', () => {
    const { dir, s1, s2 } = good();
    const before = readFileSync(join(s1, 'summary.json'), 'utf8');
    refused(cli(['merge', s1, s2, '--report-dir', s1]), 151, /would replace the input/);
    refused(cli(['merge', s1, s2, '--report-dir', dir]), 151, /would replace the input/);
    expect(readFileSync(join(s1, 'summary.json'), 'utf8')).toBe(before);
  });
});
