/**
 * `rcucheck check` end to end: the real binary, its exit statuses, its JSON contract, its report
 * directory, its refusal of bad input (one stderr line, exit 150/151, nothing written), and
 * Ctrl-C (exit 152, report marked incomplete).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliAsync, LONG_RUN, tmp } from './run.js';

interface Json {
  verdict: string;
  model: string;
  params: Record<string, unknown>;
  stats: { distinct: number; represented: number; generated: number; maxDepth: number; durationMs: number };
  symmetry: { used: boolean; group: number; description: string };
  properties: { name: string; status: string }[];
  coverage: { actions: number; fired: number; neverFired: number };
  neverFired: string[];
  violation?: {
    property: string;
    kind: string;
    explanation: string;
    trace: { index: number; action: string; name: string; actor: string; choice: string; changes: unknown[] }[];
  };
  incompleteReason?: string;
}

function json(stdout: string): Json {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as Json;
}

describe('check: exit statuses and the JSON contract', () => {
  it('ok: peterson n=3 holds (exit 0)', () => {
    const r = cli(['check', 'peterson', '-D', 'n=3', '--json']);
    expect(r.code).toBe(0);
    const j = json(r.stdout);
    expect(j.verdict).toBe('ok');
    expect(j.model).toBe('peterson');
    expect(j.params).toEqual({ n: 3, mutate: 0 });
    // Peterson declares a symmetry (p1..p(n-1)), on by default: 217 representatives stand for
    // the 417 states of the unreduced space.
    expect(j.symmetry).toMatchObject({ used: true, group: 2 });
    expect(j.stats.distinct).toBe(217);
    expect(j.stats.represented).toBe(417);
    expect(j.stats.maxDepth).toBe(17);
    expect(j.stats.generated).toBeGreaterThan(j.stats.distinct);
    expect(typeof j.stats.durationMs).toBe('number');
    expect(j.properties).toEqual([
      { name: 'mutual-exclusion', kind: 'invariant', status: 'holds' },
      { name: 'deadlock', kind: 'deadlock', status: 'holds' },
    ]);
    expect(j.coverage.neverFired).toBe(j.neverFired.length);
    expect(j.violation).toBeUndefined();
  });

  it('violation: peterson mutate=1 violates mutual-exclusion with a readable trace (exit 12)', () => {
    const r = cli(['check', 'peterson', '-D', 'n=2', '-D', 'mutate=1', '--json', '--no-save-traces']);
    expect(r.code).toBe(12);
    const j = json(r.stdout);
    expect(j.verdict).toBe('violation');
    const v = j.violation!;
    expect(v.property).toBe('mutual-exclusion');
    expect(v.kind).toBe('invariant');
    expect(v.explanation).toMatch(/critical section/);
    expect(v.trace).toHaveLength(7);
    expect(v.trace[0]).toMatchObject({ index: 0, action: 'init', changes: [] });
    for (const [i, s] of v.trace.entries()) {
      expect(s.index).toBe(i);
      expect(Object.keys(s).sort()).toEqual(['action', 'actor', 'changes', 'choice', 'index', 'name']);
    }
    expect(v.trace.slice(1).every((s) => s.changes.length > 0)).toBe(true);
  });

  it('deadlock: philosophers n=4 (exit 11), shortest trace of 4 left-fork steps', () => {
    const r = cli(['check', 'philosophers', '-D', 'n=4', '--json', '--no-save-traces']);
    expect(r.code).toBe(11);
    const j = json(r.stdout);
    expect(j.verdict).toBe('deadlock');
    expect(j.violation!.property).toBe('deadlock');
    expect(j.violation!.kind).toBe('deadlock');
    expect(j.violation!.trace.slice(1).map((s) => s.name)).toEqual(['take left', 'take left', 'take left', 'take left']);
  });

  it('--no-deadlock counts the whole state space (exit 0)', () => {
    const r = cli(['check', 'philosophers', '-D', 'n=4', '--no-deadlock', '--json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).stats.distinct).toBe(56);
  });

  it('incomplete: a state limit gives exit 152, never ok', () => {
    const r = cli(['check', 'philosophers', '-D', 'n=12', '--no-deadlock', '--max-states', '500', '--json']);
    expect(r.code).toBe(152);
    const j = json(r.stdout);
    expect(j.verdict).toBe('incomplete');
    expect(j.incompleteReason).toMatch(/state limit/);
  });

  it('dfs strategy and fp64 seen set reach the same count', () => {
    const r = cli(['check', 'peterson', '-D', 'n=3', '--strategy', 'dfs', '--seen', 'fp64', '--json', '--no-symmetry']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).symmetry.used).toBe(false);
    expect(json(r.stdout).stats.distinct).toBe(417);
  });

  it('--invariant selects properties', () => {
    const r = cli(['check', 'peterson', '-D', 'mutate=1', '--invariant', 'mutual-exclusion', '--json', '--no-save-traces']);
    expect(r.code).toBe(12);
    expect(json(r.stdout).properties.map((p) => p.name)).toEqual(['mutual-exclusion', 'deadlock']);
  });

  it('without --json prints a readable summary', () => {
    const r = cli(['check', 'peterson', '-D', 'n=2', '-D', 'mutate=1', '--no-save-traces']);
    expect(r.code).toBe(12);
    expect(r.stdout).toMatch(/verdict: VIOLATION/);
    expect(r.stdout).toMatch(/mutual-exclusion/);
    expect(r.stdout).toMatch(/states: \d+ distinct/);
  });
});

describe('check: bad input is one stderr line, exit 150/151, nothing written', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['unknown model', ['check', 'nosuchmodel'], 150, /unknown model 'nosuchmodel' \(valid: .*philosophers.*peterson/],
    ['unknown parameter', ['check', 'peterson', '-D', 'k=2'], 151, /no parameter 'k' \(valid: n, mutate\)/],
    ['value out of range', ['check', 'peterson', '-D', 'n=99'], 151, /n=99 is out of range \[2, 6\]/],
    ['value not allowed', ['check', 'peterson', '-D', 'mutate=7'], 151, /mutate=7 is not allowed \(valid: 0, 1\)/],
    ['-D without =', ['check', 'peterson', '-D', 'n'], 151, /-D expects name=value/],
    ['unknown invariant', ['check', 'peterson', '--invariant', 'safety'], 151, /no property 'safety' \(valid: mutual-exclusion, starvation-free, deadlock\)/],
    ['bad strategy', ['check', 'peterson', '--strategy', 'random'], 151, /strategy.*bfs.*dfs/],
    ['bad limit', ['check', 'peterson', '--max-states', '-3'], 151, /--max-states must be a positive integer/],
    ['zero workers', ['check', 'peterson', '--workers', '0'], 151, /--workers must be a positive integer \(got 0\)/],
    ['fractional workers', ['check', 'peterson', '--workers', '1.5'], 151, /--workers must be a positive integer \(got 1.5\)/],
    ['unknown option', ['check', 'peterson', '--frobnicate'], 151, /Unknown argument: frobnicate/],
  ];
  for (const [what, args, code, msg] of cases) {
    it(what, () => {
      const dir = join(tmp(), 'report');
      const r = cli([...args, '--report-dir', dir, '--json']);
      expect(r.code).toBe(code);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^rcucheck: error: /);
      expect(lines[0]).toMatch(msg);
      expect(existsSync(dir)).toBe(false);
    });
  }
});

describe('check: report directory', () => {
  it('without --report-dir, a run with violations saves them under reports/runs/; a clean run saves nothing', () => {
    const cwd = tmp();
    expect(cli(['check', 'peterson', '-D', 'n=2', '-q'], cwd).code).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
    expect(cli(['check', 'peterson', '-D', 'n=2', '-D', 'mutate=1', '-q', '--no-save-traces'], cwd).code).toBe(12);
    expect(readdirSync(cwd)).toEqual([]);
    const r = cli(['check', 'peterson', '-D', 'n=2', '-D', 'mutate=1', '--json'], cwd);
    expect(r.code).toBe(12);
    const j = JSON.parse(r.stdout) as { reportDir: string };
    expect(j.reportDir).toMatch(/^reports\/runs\/peterson-[0-9a-f]{10}$/);
    expect(existsSync(join(cwd, j.reportDir, 'traces', 'mutual-exclusion', 'trace.itf.json'))).toBe(true);
    // The report's options do not depend on the machine (the default memory bound is not recorded).
    const s = JSON.parse(readFileSync(join(cwd, j.reportDir, 'summary.json'), 'utf8')) as { options: { memoryMB: unknown } };
    expect(s.options.memoryMB).toBeNull();
  });

  it('an unwritable --report-dir is refused before the search (exit 150)', () => {
    const parent = tmp();
    const file = join(parent, 'f');
    writeFileSync(file, 'x');
    const r = cli(['check', 'peterson', '-D', 'n=2', '--report-dir', join(file, 'sub')]);
    expect(r.code).toBe(150);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cannot write the report .* is not a directory/);
    expect(cli(['check', 'peterson', '-D', 'n=2', '--report-dir', file]).code).toBe(150);
  });

  it('never replaces a directory that is not a report', () => {
    const parent = tmp();
    writeFileSync(join(parent, 'precious.txt'), 'keep me');
    const r = cli(['check', 'peterson', '-D', 'n=2', '--report-dir', parent]);
    expect(r.code).toBe(150);
    expect(r.stderr).toMatch(/is not an rcucheck report/);
    expect(readFileSync(join(parent, 'precious.txt'), 'utf8')).toBe('keep me');
    const p = cli(['prove', '--plan', 'proofs/plan.json', '--report-dir', parent]);
    expect(p.code).toBe(150);
    expect(readdirSync(parent)).toEqual(['precious.txt']);
  });

  it('writes summary.json (sorted keys, timings apart), coverage.json and trace files, atomically', () => {
    const parent = tmp();
    const dir = join(parent, 'pm');
    const r = cli(['check', 'peterson', '-D', 'n=2', '-D', 'mutate=1', '--report-dir', dir, '--quiet']);
    expect(r.code).toBe(12);
    expect(readdirSync(parent)).toEqual(['pm']); // no temporary sibling left behind
    expect(readdirSync(dir).sort()).toEqual(['coverage.json', 'summary.json', 'timings.json', 'traces']);
    expect(readdirSync(join(dir, 'traces', 'mutual-exclusion')).sort()).toEqual(['trace.html', 'trace.itf.json', 'trace.md']);
    const text = readFileSync(join(dir, 'summary.json'), 'utf8');
    const s = JSON.parse(text) as Record<string, unknown> & { stats: Record<string, unknown> };
    expect(Object.keys(s)).toEqual(Object.keys(s).sort());
    expect(s.verdict).toBe('violation');
    expect(s.stats.durationMs).toBeUndefined();
    expect(s.timings).toBeUndefined();
    const timings = JSON.parse(readFileSync(join(dir, 'timings.json'), 'utf8')) as Record<string, unknown>;
    expect(typeof timings.durationMs).toBe('number');
    // A second run of the same configuration gives the same summary, byte for byte.
    const dir2 = join(parent, 'pm2');
    cli(['check', 'peterson', '-D', 'n=2', '-D', 'mutate=1', '--report-dir', dir2, '--quiet']);
    expect(readFileSync(join(dir2, 'summary.json'), 'utf8')).toBe(text);
    const cov = JSON.parse(readFileSync(join(dir, 'coverage.json'), 'utf8')) as { neverFired: string[]; actions: unknown[] };
    expect(cov.actions.length).toBeGreaterThan(0);
    expect(cov.neverFired.length).toBeGreaterThan(0);
    // The ITF trace replays and confirms the violation.
    const rep = cli(['replay', join(dir, 'traces', 'mutual-exclusion', 'trace.itf.json'), '--quiet']);
    expect(rep.code).toBe(12);
  });

  it('an existing report directory is replaced whole', () => {
    const dir = join(tmp(), 'r');
    expect(cli(['check', 'peterson', '-D', 'n=2', '-D', 'mutate=1', '--report-dir', dir, '-q']).code).toBe(12);
    expect(cli(['check', 'peterson', '-D', 'n=2', '--report-dir', dir, '-q']).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['coverage.json', 'summary.json', 'timings.json']);
  });
});

describe('check: Ctrl-C', () => {
  it('SIGINT stops the search: exit 152, report written and marked incomplete', async () => {
    const dir = join(tmp(), 'int');
    const { child, done, stderrMatch } = cliAsync([...LONG_RUN, '--json', '--report-dir', dir]);
    // The first progress line (after ~5 s) shows the search is under way and the handler installed.
    await stderrMatch(/distinct .* states\/s/);
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(152);
    const j = json(r.stdout);
    expect(j.verdict).toBe('incomplete');
    expect(j.incompleteReason).toMatch(/SIGINT/);
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { verdict: string; incompleteReason: string };
    expect(s.verdict).toBe('incomplete');
    expect(s.incompleteReason).toMatch(/aborted/);
  });
});

describe('check: a spilled frontier', () => {
  it('spills beyond --frontier-mb, gives the in-memory counts and leaves no temporary file', () => {
    const t = tmp();
    const args = ['check', 'kvfree-v1', '-D', 'cpus=2', '-D', 'objects=h,e', '--seen', 'fp64', '--collect', '--json', '--no-save-traces', '--quiet'];
    const memory = json(cli(args).stdout);
    const r = cli([...args, '--frontier-mb', '0.02'], undefined, { ...process.env, TMPDIR: t });
    expect(r.code).toBe(12);
    const j = json(r.stdout) as Json & { stats: { memory: { frontier: number } } };
    expect(j.stats.distinct).toBe(memory.stats.distinct);
    expect(j.stats.generated).toBe(memory.stats.generated);
    expect(j.properties).toEqual(memory.properties);
    expect(j.stats.memory.frontier).toBeLessThan(100 * 1024);
    expect(readdirSync(t)).toEqual([]);
  });

  it('Ctrl-C during a spilling run removes the spill file too', async () => {
    const t = tmp();
    const { child, done, stderrMatch } = cliAsync(
      [...LONG_RUN, '--seen', 'fp64', '--frontier-mb', '0.05', '--json', '--no-save-traces'],
      undefined,
      { ...process.env, TMPDIR: t },
    );
    await stderrMatch(/distinct .* states\/s/);
    expect(readdirSync(t).some((f) => f.startsWith('rcucheck-spill-'))).toBe(true);
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(152);
    expect(readdirSync(t)).toEqual([]);
  });
});

describe('list', () => {
  it('--json lists models, parameters and properties', () => {
    const r = cli(['list', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { models: { id: string; params: { name: string; default: unknown }[]; properties: { name: string }[] }[] };
    const p = j.models.find((m) => m.id === 'peterson')!;
    expect(p.params.map((x) => x.name)).toEqual(['n', 'mutate']);
    expect(p.properties.map((x) => x.name)).toEqual(['mutual-exclusion', 'starvation-free', 'deadlock']);
    expect(j.models.map((m) => m.id)).toContain('philosophers');
  });

  it('text form names defaults and ranges', () => {
    const r = cli(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/n=3 +number of processes\n +range: 2\.\.6\n/);
    expect(r.stdout).toMatch(/mutate=0 +1 replaces .*\n +one of: 0\|1\n/);
  });

  it('a named model lists that model only; an unknown one is refused with 150', () => {
    const r = cli(['list', 'peterson']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^peterson: /);
    expect(r.stdout).not.toMatch(/philosophers:/);
    const bad = cli(['list', 'nosuch']);
    expect(bad.code).toBe(150);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^rcucheck: error: RC001: unknown model 'nosuch' \(valid: kvfree-v1, [^\n]*peterson[^\n]*\)\n$/);
  });
});

describe('help', () => {
  it('every command has --help with a worked example', () => {
    for (const c of ['check', 'list', 'prove', 'merge', 'replay', 'graph', 'report', 'tags', 'sweep']) {
      const r = cli([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Examples:/);
    }
  });
  it('no command is a usage error', () => {
    const r = cli([]);
    expect(r.code).toBe(151);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
