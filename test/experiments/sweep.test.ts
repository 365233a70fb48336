/**
 * `rcucheck sweep` (src/experiments/sweep.ts, src/cli/sweep.ts): the smallest failing
 * configuration per property, `incomplete` (never `holds`) for what the budget did not verify,
 * the same JSON on every run, and one-line errors with the documented exit codes for bad input.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findModel } from '../../models/index.js';
import { renderSweepMd, runSweep, sweepJson, sweepSpace, type SweepOptions, type SweepResult } from '../../src/experiments/sweep.js';
import { cli, cliAsync, tmp } from '../cli/run.js';

async function sweep(o: SweepOptions): Promise<SweepResult> {
  const r = await runSweep(o);
  if (!r.ok) throw new Error(r.error.error.message);
  expect(r.value.interrupted).toBe(false);
  return r.value.result;
}

const prop = (r: SweepResult, name: string) => r.properties.find((p) => p.name === name)!;

/** Peterson with the WAIT guard broken; the state limit (not the clock) stops n >= 4, so the result is the same on any machine. */
const MUTANT: SweepOptions = { model: 'peterson', defines: ['mutate=1'], budgetS: 60, maxStates: 5000 };

describe('sweep order', () => {
  it('kvfree: grows objects, CPUs, capacity, spontaneous GPs and readers by estimated cost, the same every time', () => {
    const s = sweepSpace(findModel('kvfree-v1')!, {});
    expect(s.configs.map((c) => c.id).slice(0, 3)).toEqual([
      'objects=h cpus=1 capacity=1 spontaneous=0 readers=0',
      'objects=e cpus=1 capacity=1 spontaneous=0 readers=0',
      'objects=h cpus=1 capacity=2 spontaneous=0 readers=0',
    ]);
    // 1-4 objects as multisets of {h, e} (2+3+4+5) × 2 CPUs × 2 capacities × 3 spontaneous × 3 readers
    expect(s.configs).toHaveLength(14 * 36);
    expect(new Set(s.configs.map((c) => c.id)).size).toBe(s.configs.length);
    for (let i = 1; i < s.configs.length; i++) expect(s.configs[i].cost).toBeGreaterThanOrEqual(s.configs[i - 1].cost);
    expect(sweepSpace(findModel('kvfree-v1')!, {}).configs).toEqual(s.configs);
    // A fixed parameter is not swept and appears in every configuration's parameters.
    const fixed = sweepSpace(findModel('kvfree-v6')!, { cpus: '2', debug: '0' });
    expect(fixed.dimensions.map((d) => d.name)).toEqual(['objects', 'capacity', 'spontaneous', 'readers']);
    expect(fixed.configs.every((c) => c.params.cpus === 2 && c.params.debug === 0)).toBe(true);
  });
  it('other models: every integer parameter over its range', () => {
    expect(sweepSpace(findModel('peterson')!, {}).configs.map((c) => c.id)).toEqual(['n=2', 'n=3', 'n=4', 'n=5', 'n=6']);
  });
});

describe('sweep results', () => {
  it('peterson mutate=1: mutual exclusion fails first at n=2 with its shortest trace; deadlock holds up to n=3, unverified beyond', async () => {
    const r = await sweep(MUTANT);
    const me = prop(r, 'mutual-exclusion');
    expect(me.status).toBe('violated');
    expect(me.smallestFailing).toMatchObject({
      config: 'n=2',
      index: 1,
      length: 6,
      explanation: 'p0 and p1 are in the critical section at the same time',
      violates: ['mutual-exclusion'],
      reproduce: 'rcucheck check peterson -D n=2 -D mutate=1 --collect',
    });
    const dl = prop(r, 'deadlock');
    expect(dl.status).toBe('incomplete');
    expect(dl.smallestFailing).toBeNull();
    expect(dl.largestHolding?.config).toBe('n=3');
    expect(dl.firstUnverified).toEqual({ config: 'n=4', index: 3, reason: 'state limit 5000 reached' });
    expect(r.configs.map((c) => c.complete)).toEqual([true, true, false, false, false]);
    expect(r.exitCode).toBe(12);
  });

  it('is deterministic: two runs give identical JSON (no timings in it)', async () => {
    const a = sweepJson(await sweep(MUTANT));
    const b = sweepJson(await sweep(MUTANT));
    expect(a).toBe(b);
    expect(a).not.toMatch(/durationMs|elapsed/);
    // The report rendered from the file is the report rendered from the run.
    const r = await sweep(MUTANT);
    expect(renderSweepMd(JSON.parse(sweepJson(r)) as SweepResult)).toBe(renderSweepMd(r));
  });

  it('an exhausted budget leaves the unverified sizes incomplete, never holds', async () => {
    const r = await sweep({ model: 'peterson', budgetS: 0.05 });
    expect(r.configs.length + r.notRun).toBe(5);
    expect(r.configs.some((c) => !c.complete) || r.notRun > 0).toBe(true);
    for (const p of r.properties) {
      expect(p.status).toBe('incomplete');
      expect(p.firstUnverified).not.toBeNull();
    }
    // 152 when some property holds nowhere (no configuration finished in time), else 0.
    expect(r.exitCode).toBe(r.properties.some((p) => p.holdsIn === 0) ? 152 : 0);
  });

  it('kvfree-v1, one CPU, no readers: debug objects fail with one head-less object, the B1 race with two objects', async () => {
    const r = await sweep({ model: 'kvfree-v1', defines: ['cpus=1', 'capacity=1', 'spontaneous=0', 'readers=0'], budgetS: 60, maxStates: 20_000 });
    expect(r.configs.slice(0, 5).map((c) => c.id)).toEqual(['objects=h', 'objects=e', 'objects=h,h', 'objects=h,e', 'objects=e,e']);
    expect(prop(r, 'debug-objects').smallestFailing).toMatchObject({ config: 'objects=h', index: 1, reproduce: 'rcucheck check kvfree-v1 -D objects=h -D readers=0 --collect' });
    expect(prop(r, 'gp-guarantee').smallestFailing?.config).toMatch(/^objects=[he],[he]$/);
    expect(prop(r, 'reader-safety').status).not.toBe('violated'); // nobody reads
    expect(prop(r, 'exactly-once').status).toBe('incomplete'); // 4 objects pass the state limit
  });
});

describe('rcucheck sweep (CLI)', () => {
  it('writes <model>.md and .json (timings apart) and --json prints the same object', () => {
    const out = tmp();
    const r = cli(['sweep', 'peterson', '-D', 'mutate=1', '--max-states', '5000', '--budget', '60', '--out', out, '--json', '-q']);
    expect(r.code).toBe(12);
    expect(r.stderr).toBe('');
    const printed = JSON.parse(r.stdout) as SweepResult;
    expect(JSON.parse(readFileSync(join(out, 'peterson.json'), 'utf8'))).toEqual(printed);
    expect(readFileSync(join(out, 'peterson.md'), 'utf8')).toMatch(/rcucheck check peterson -D n=2 -D mutate=1 --collect/);
    expect(JSON.parse(readFileSync(join(out, 'peterson.timings.json'), 'utf8'))).toHaveProperty('totalMs');
    const text = cli(['sweep', 'peterson', '-D', 'mutate=1', '--max-states', '5000', '--out', out, '-q']);
    expect(text.stdout).toMatch(/^property +status +smallest failing/);
    expect(text.stdout).toMatch(/mutual-exclusion +violated +#1 n=2 +6/);
  });

  it('Ctrl-C stops the sweep with exit 152 and writes what it has, marked incomplete (issue 32)', async () => {
    const out = join(tmp(), 'sweep');
    const run = cliAsync(['sweep', 'kvfree-v1', '--budget', '120', '--out', out]);
    await run.stderrMatch(/^#2 /m);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(152);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/rcucheck: error: sweep interrupted after \d+ configurations: wrote them to .*kvfree-v1\.md, marked incomplete\n$/);
    expect(readFileSync(join(out, 'kvfree-v1.md'), 'utf8')).toMatch(/Incomplete/);
  });

  it.each([
    [['sweep', 'nosuch'], 150, /^rcucheck: error: unknown model 'nosuch' \(valid: kvfree-v1, /],
    [['sweep', 'peterson', '--budget', '0'], 151, /^rcucheck: error: --budget must be a positive number of seconds \(got 0\)/],
    [['sweep', 'peterson', '--budget', 'soon'], 151, /^rcucheck: error: --budget must be a positive number/],
    [['sweep', 'peterson', '-D', 'n=9'], 151, /^rcucheck: error: parameter n=9 is out of range/],
    [['sweep', 'peterson', '--kinds', 'h'], 151, /^rcucheck: error: --kinds applies to the kvfree models only/],
    [['sweep', 'kvfree-v1', '--kinds', 'h,x'], 151, /^rcucheck: error: --kinds expects distinct object kinds/],
  ])('%j: exit %i, one line, nothing written', (args, code, re) => {
    const out = tmp();
    const r = cli([...args, '--out', join(out, 'sweep')]);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(re);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(out, 'sweep'))).toBe(false);
  });
});
