/**
 * `rcucheck prove` and `rcucheck merge` end to end: plan validation, expectations, baselines,
 * shards that partition the plan exactly once, and merging shard reports.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shardIndices } from '../../src/prove/plan.js';
import { cli, cliAsync, ROOT, tmp } from './run.js';

interface Summary {
  ok: boolean;
  planEntries: number;
  entries: {
    id: string;
    index: number;
    match: boolean;
    verdict: string;
    reasons: string[];
    stats: { distinct: number; represented: number; generated: number; maxDepth: number } | null;
    baselineStatus: string;
    properties: Record<string, string>;
    traces: Record<string, Record<string, string>>;
  }[];
  totals: { entries: number; matched: number; differ: number; missing: number };
}

function writePlan(dir: string, entries: unknown[]): string {
  const p = join(dir, 'plan.json');
  writeFileSync(p, JSON.stringify({ description: 'test plan', entries }));
  return p;
}

const SMALL = [
  { id: 'phil4', model: 'philosophers', params: { n: 4 }, expect: { violates: 'deadlock', note: 'circular wait' } },
  { id: 'pet2', model: 'peterson', params: { n: 2 }, expect: 'holds' },
  { id: 'pet2-mutant', model: 'peterson', params: { n: 2, mutate: 1 }, expect: { violates: 'mutual-exclusion', note: 'seeded bug' } },
];

function prove(dir: string, plan: string, extra: string[] = []): ReturnType<typeof cli> {
  // A missing baselines file is an error (issue 32): start every test from an empty one.
  if (!existsSync(join(dir, 'baselines.json'))) writeFileSync(join(dir, 'baselines.json'), '{}\n');
  return cli(['prove', '--plan', plan, '--report-dir', join(dir, 'out'), '--baselines', join(dir, 'baselines.json'), '--json', '-q', ...extra]);
}

describe('prove', () => {
  it('runs a plan, writes summary.md/summary.json with trace links, and exits 0 when all match', () => {
    const dir = tmp();
    const r = prove(dir, writePlan(dir, SMALL), ['--workers', '2']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.ok).toBe(true);
    expect(s.totals).toEqual({ entries: 3, matched: 3, differ: 0, missing: 0 });
    expect(s.entries.map((e) => e.verdict)).toEqual(['deadlock', 'ok', 'violation']);
    expect(s.entries.map((e) => e.baselineStatus)).toEqual(['none', 'none', 'none']);
    expect(s.entries[2].properties).toEqual({ 'mutual-exclusion': 'violated', deadlock: 'holds' });
    // The figures sit under `stats`, with the names and values `check --json` gives them.
    const c = JSON.parse(cli(['check', 'peterson', '-D', 'n=2', '--json', '--no-save-traces']).stdout) as { stats: Record<string, number> };
    expect(s.entries[1].stats).toEqual({ distinct: c.stats.distinct, represented: c.stats.represented, generated: c.stats.generated, maxDepth: c.stats.maxDepth });
    expect(Object.keys(s.entries[1])).not.toContain('distinct');
    const link = s.entries[2].traces['mutual-exclusion']['trace.itf.json'];
    expect(existsSync(join(dir, 'out', link))).toBe(true);
    expect(readFileSync(join(dir, 'out', 'summary.md'), 'utf8')).toMatch(/\| pet2-mutant \| peterson \| n=2 mutate=1 \| violates mutual-exclusion \| violation \|/);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'))).toMatchObject({ ok: true });
    expect(readdirSync(dir).sort()).toEqual(['baselines.json', 'out', 'plan.json']); // no staging directory left
  });

  it('exits 1 when an expected violation does not appear, or a proof fails', () => {
    const dir = tmp();
    const plan = writePlan(dir, [
      { id: 'no-bug', model: 'peterson', params: { n: 2 }, expect: { violates: 'mutual-exclusion', note: 'wrongly expected' } },
      { id: 'bug', model: 'peterson', params: { n: 2, mutate: 1 }, expect: 'holds' },
    ]);
    const r = prove(dir, plan);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.entries.map((e) => e.match)).toEqual([false, false]);
    expect(s.entries[0].reasons[0]).toMatch(/expected mutual-exclusion to be violated, but it holds/);
    expect(s.entries[1].reasons[0]).toMatch(/mutual-exclusion is violated \(expected to hold\)/);
    expect(readFileSync(join(dir, 'out', 'summary.md'), 'utf8')).toMatch(/## Differences/);
  });

  it('an expectation may name several violated properties; each must be violated', () => {
    const dir = tmp();
    const plan = writePlan(dir, [
      { id: 'one', model: 'peterson', params: { n: 2, mutate: 1 }, expect: { violates: ['mutual-exclusion'], note: 'seeded' } },
      { id: 'two', model: 'peterson', params: { n: 2, mutate: 1 }, expect: { violates: ['mutual-exclusion', 'deadlock'], note: 'seeded' } },
    ]);
    const r = prove(dir, plan);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.entries.map((e) => e.match)).toEqual([true, false]);
    expect(s.entries[1].reasons).toEqual(['expected deadlock to be violated, but it holds']);
  });

  it('catches a moved state count, and --update-baselines accepts it', () => {
    const dir = tmp();
    const plan = writePlan(dir, SMALL.slice(1, 2));
    writeFileSync(join(dir, 'baselines.json'), JSON.stringify({ pet2: { distinct: 21, maxDepth: 6 } }));
    const r = prove(dir, plan);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.entries[0].baselineStatus).toBe('moved');
    expect(s.entries[0].reasons[0]).toMatch(/state count moved: baseline 21 states \/ depth 6, now 20 \/ 6/);
    const u = prove(dir, plan, ['--update-baselines']);
    expect(u.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'baselines.json'), 'utf8'))).toEqual({ pet2: { distinct: 20, maxDepth: 6 } });
    const again = prove(dir, plan);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as Summary).entries[0].baselineStatus).toBe('same');
  });

  it('an incomplete entry (limit hit) is a difference', () => {
    const dir = tmp();
    const plan = writePlan(dir, [{ id: 'cut', model: 'peterson', params: { n: 4 }, expect: 'holds', limits: { maxStates: 100 } }]);
    const r = prove(dir, plan);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Summary).entries[0].reasons[0]).toMatch(/incomplete/);
  });

  const malformed: [string, string, RegExp][] = [
    ['not JSON', '{ entries: [', /not JSON/],
    ['no entries', '{}', /"entries" must be an array/],
    ['unknown key', JSON.stringify({ entries: [{ id: 'a', model: 'peterson', params: {}, expect: 'holds', colour: 1 }] }), /unknown key 'colour'/],
    ['bad expect', JSON.stringify({ entries: [{ id: 'a', model: 'peterson', params: {}, expect: 'fine' }] }), /"expect" must be/],
    ['violation without note', JSON.stringify({ entries: [{ id: 'a', model: 'peterson', expect: { violates: 'deadlock', note: '' } }] }), /one-line "note"/],
    ['unknown model', JSON.stringify({ entries: [{ id: 'a', model: 'nope', expect: 'holds' }] }), /entry 'a': unknown model 'nope'/],
    ['bad parameter', JSON.stringify({ entries: [{ id: 'a', model: 'peterson', params: { n: 40 }, expect: 'holds' }] }), /entry 'a': parameter n=40 is out of range/],
    ['unknown expected property', JSON.stringify({ entries: [{ id: 'a', model: 'peterson', expect: { violates: 'liveness', note: 'x' } }] }), /'liveness'.*valid: mutual-exclusion, deadlock/],
    ['duplicate id', JSON.stringify({ entries: [{ id: 'a', model: 'peterson', expect: 'holds' }, { id: 'a', model: 'peterson', expect: 'holds' }] }), /duplicate id/],
  ];
  for (const [what, text, msg] of malformed) {
    it(`a malformed plan is refused before anything runs: ${what} (RC004, exit 150)`, () => {
      const dir = tmp();
      const plan = join(dir, 'plan.json');
      writeFileSync(plan, text);
      const r = prove(dir, plan);
      expect(r.code).toBe(150);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^rcucheck: error: malformed plan /);
      expect(lines[0]).toMatch(msg);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    });
  }

  it('Ctrl-C: running entries stop incomplete, the rest are not run, the summary is written (exit 152)', async () => {
    const dir = tmp();
    const plan = writePlan(dir, [
      { id: 'long', model: 'peterson', params: { n: 6 }, expect: 'holds' },
      { id: 'later', model: 'peterson', params: { n: 2 }, expect: 'holds' },
    ]);
    const { child, done, stderrMatch } = cliAsync(['prove', '--plan', plan, '--workers', '1', '--report-dir', join(dir, 'out'), '--no-baselines']);
    await stderrMatch(/rcucheck prove: 2 of 2 entries/);
    // Give the child time to boot and install its signal handler (else it dies: verdict 'crashed').
    await new Promise((r) => setTimeout(r, 3000));
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(152);
    const s = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as Summary & { interrupted: boolean };
    expect(s.interrupted).toBe(true);
    expect(['incomplete', 'crashed']).toContain(s.entries[0].verdict);
    expect(s.entries[1].verdict).toBe('not-run');
    expect(readFileSync(join(dir, 'out', 'summary.md'), 'utf8')).toMatch(/INTERRUPTED/);
  });

  it('a missing plan file is exit 150', () => {
    const dir = tmp();
    const r = prove(dir, join(dir, 'absent.json'));
    expect(r.code).toBe(150);
    expect(r.stderr).toMatch(/cannot read plan/);
  });

  it('a bad --shard is exit 151', () => {
    const dir = tmp();
    for (const s of ['0/2', '3/2', 'x', '1/0']) expect(prove(dir, writePlan(dir, SMALL), ['--shard', s]).code).toBe(151);
  });
});

describe('shards', () => {
  it('shardIndices partitions every plan size exactly once', () => {
    for (let total = 0; total <= 20; total++) {
      for (let n = 1; n <= 6; n++) {
        const all = Array.from({ length: n }, (_, i) => shardIndices(total, { index: i + 1, count: n })).flat();
        expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, k) => k));
      }
    }
  });

  it('--shard I/N partitions the committed plans exactly once (prove --list runs nothing)', () => {
    for (const file of ['proofs/plan.json', 'proofs/deep.json']) {
      const plan = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { entries: { id: string }[] };
      for (const n of [1, 2, 3, 4]) {
        const ids: string[] = [];
        for (let i = 1; i <= n; i++) {
          const r = cli(['prove', '--plan', file, '--shard', `${i}/${n}`, '--list', '--json']);
          expect(r.code, r.stderr).toBe(0);
          const l = JSON.parse(r.stdout) as { entries: { id: string; index: number }[] };
          expect(l.entries.every((e) => e.index % n === i - 1)).toBe(true);
          ids.push(...l.entries.map((e) => e.id));
        }
        expect([...ids].sort()).toEqual(plan.entries.map((e) => e.id).sort());
      }
    }
  });

  it('shards run and merged cover every entry once, with working trace links', () => {
    const dir = tmp();
    const entries = [
      ...SMALL,
      { id: 'phil5', model: 'philosophers', params: { n: 5 }, expect: { violates: 'deadlock', note: 'circular wait' } },
      { id: 'pet3', model: 'peterson', params: { n: 3 }, expect: 'holds' },
    ];
    const plan = writePlan(dir, entries);
    const seen: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const r = cli(['prove', '--plan', plan, '--shard', `${i}/3`, '--report-dir', join(dir, `s${i}`), '--no-baselines', '--json', '-q']);
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout) as Summary;
      expect(s.entries.every((e) => e.index % 3 === i - 1)).toBe(true);
      seen.push(...s.entries.map((e) => e.id));
    }
    expect([...seen].sort()).toEqual(entries.map((e) => e.id).sort());
    const m = cli(['merge', join(dir, 's1'), join(dir, 's2'), join(dir, 's3'), '--report-dir', join(dir, 'all'), '--json']);
    expect(m.code, m.stderr).toBe(0);
    const merged = JSON.parse(m.stdout) as Summary;
    expect(merged.entries.map((e) => e.id)).toEqual(entries.map((e) => e.id));
    expect(merged.totals).toEqual({ entries: entries.length, matched: entries.length, differ: 0, missing: 0 });
    for (const e of merged.entries) {
      for (const files of Object.values(e.traces)) for (const f of Object.values(files)) expect(existsSync(join(dir, 'all', f))).toBe(true);
    }
    // A merge that misses a shard is a difference.
    const part = cli(['merge', join(dir, 's1'), join(dir, 's2'), '--report-dir', join(dir, 'part'), '--json']);
    expect(part.code).toBe(1);
    expect(part.stderr).toMatch(/missing/);
    // Merging a shard twice is a difference too.
    const twice = cli(['merge', join(dir, 's1'), join(dir, 's1'), join(dir, 's2'), join(dir, 's3'), '--report-dir', join(dir, 'dup')]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/present twice/);
  });

  it('merge of a directory without a summary is exit 150', () => {
    const dir = tmp();
    const r = cli(['merge', dir, '--report-dir', join(dir, 'm')]);
    expect(r.code).toBe(150);
    expect(existsSync(join(dir, 'm'))).toBe(false);
  });
});
