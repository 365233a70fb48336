/**
 * Disk faults through the writer's seam (issue 32, "a fault-injection test layer"): every command
 * that writes (check, prove, merge, graph, report, tags, sweep, history) is run in-process with a
 * file system that fails with ENOSPC, EACCES, EROFS or EIO, at the N-th write or on a path. Each
 * must exit 150 with one line naming where it could not write, and leave nothing half-written:
 * the earlier report exactly as it was, no temporary left behind. Faults while the place is
 * probed (before the work) are 150 too, and nothing runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failingFs, runInProcess, type InProcessRun } from './failing-fs.js';
import { tmp } from './run.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
function scratch(): string {
  const d = tmp('rcucheck-fs-faults-');
  made.push(d);
  return d;
}

/** Every path under `dir` with its content's hash: equal snapshots mean nothing was changed. */
function snapshot(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const r = join(rel, name);
    const p = join(dir, r);
    if (lstatSync(p).isDirectory()) out.push(`${r}/`, ...snapshot(dir, r));
    else out.push(`${r} ${createHash('sha256').update(readFileSync(p)).digest('hex').slice(0, 16)}`);
  }
  return out;
}

/** Exit 150 and exactly one stderr line, an error naming `place` and the injected errno. */
function ioFailure(r: InProcessRun, place: string, code: string): void {
  const where = `exit ${r.code}\nstderr: ${r.stderr}`;
  expect(r.code, where).toBe(150);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, where).toHaveLength(1);
  expect(lines[0], where).toMatch(/^rcucheck: error: /);
  expect(lines[0], where).toContain(place);
  expect(lines[0], where).toContain(code);
  expect(lines[0], where).not.toMatch(/\s+at /);
}

/** A path inside a staging directory or a staged file (`.<name>.tmp-<hex>`): not the probes, not the locks. */
const STAGED = /\.tmp-[0-9a-f]{8}/;

describe('check: a disk fault while the report is written', () => {
  it('ENOSPC on the third staged write: 150, one line, the earlier report intact', async () => {
    const d = scratch();
    const out = join(d, 'out');
    const args = ['check', 'peterson', '-D', 'n=2', '-D', 'mutate=1', '-q', '--report-dir', out];
    expect((await runInProcess(args)).code).toBe(12);
    const before = snapshot(d);
    const fs = failingFs({ code: 'ENOSPC', ops: ['writeFile'], path: STAGED, at: 3 });
    const r = await runInProcess(args, fs);
    ioFailure(r, `--report-dir ${out}`, 'ENOSPC');
    expect(fs.failed).toHaveLength(1);
    expect(r.stdout).toMatch(/verdict: VIOLATION|violat/i); // the verdict is still told
    expect(snapshot(d)).toEqual(before);
  });

  it('EROFS when the report is probed: 150 before the search, nothing written', async () => {
    const d = scratch();
    const r = await runInProcess(['check', 'peterson', '-D', 'n=2', '-q', '--report-dir', join(d, 'out')], failingFs({ code: 'EROFS', ops: ['open'] }));
    expect(r.code).toBe(150);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^rcucheck: error: cannot (write|create).*\n$/);
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('prove and merge', () => {
  const plan = JSON.stringify({
    entries: [
      { id: 'p2', model: 'peterson', params: { n: 2 }, expect: 'holds' },
      { id: 'ph3', model: 'philosophers', params: { n: 3 }, expect: { violates: 'deadlock', note: 'the circular wait' } },
    ],
  });
  const prove = (d: string, out: string, shard?: string): string[] => [
    'prove', '--plan', join(d, 'plan.json'), '--no-baselines', '--no-coverage', '-q', '--workers', '1', '--report-dir', out,
    ...(shard === undefined ? [] : ['--shard', shard]),
  ];

  it('prove: EIO writing the summary: 150, one line, the earlier proof report intact', async () => {
    const d = scratch();
    writeFileSync(join(d, 'plan.json'), plan);
    const out = join(d, 'proofs');
    expect((await runInProcess(prove(d, out))).code).toBe(0);
    const before = snapshot(d);
    const r = await runInProcess(prove(d, out), failingFs({ code: 'EIO', ops: ['writeFile'], path: /summary\.json$/ }));
    ioFailure(r, `--report-dir ${out}`, 'EIO');
    expect(snapshot(d)).toEqual(before);
  }, 60_000);

  it('merge: EROFS copying a shard\'s entry: 150, one line, the earlier merged report intact', async () => {
    const d = scratch();
    writeFileSync(join(d, 'plan.json'), plan);
    for (const i of [1, 2]) expect((await runInProcess(prove(d, join(d, `s${i}`), `${i}/2`))).code).toBe(0);
    const out = join(d, 'merged');
    const args = ['merge', join(d, 's1'), join(d, 's2'), '--report-dir', out];
    expect((await runInProcess(args)).code).toBe(0);
    const before = snapshot(d);
    const r = await runInProcess(args, failingFs({ code: 'EROFS', ops: ['cp', 'writeFile'], path: STAGED, at: 2 }));
    ioFailure(r, `--report-dir ${out}`, 'EROFS');
    expect(snapshot(d)).toEqual(before);
  }, 60_000);
});

describe('graph, tags and sweep: a fault while writing', () => {
  it('graph -o: EACCES writing the file: 150, one line, the old file intact', async () => {
    const d = scratch();
    const out = join(d, 'g.dot');
    writeFileSync(out, 'old graph\n');
    const before = snapshot(d);
    const r = await runInProcess(['graph', 'philosophers', '-D', 'n=2', '-o', out], failingFs({ code: 'EACCES', ops: ['writeFile'], path: STAGED }));
    ioFailure(r, `--out ${out}`, 'EACCES');
    expect(snapshot(d)).toEqual(before);
  });

  it('tags -o: ENOSPC writing tagging.json (after the trace folder was staged): 150, the earlier report intact', async () => {
    const d = scratch();
    const out = join(d, 'reports');
    mkdirSync(join(out, 'tagging', 'old-cell'), { recursive: true });
    writeFileSync(join(out, 'tagging', 'old-cell', 'trace.md'), 'old trace\n');
    writeFileSync(join(out, 'tagging.json'), '{"old":true}\n');
    writeFileSync(join(out, 'tagging.md'), '# old\n');
    const before = snapshot(d);
    const fs = failingFs({ code: 'ENOSPC', ops: ['writeFile'], path: /tagging\.json\.tmp-/ });
    const r = await runInProcess(['tags', '--only', 'v1-bit0', '-o', out], fs);
    ioFailure(r, `--out ${out}`, 'ENOSPC');
    expect(fs.failed).toHaveLength(1);
    expect(snapshot(d)).toEqual(before);
  }, 60_000);

  it('sweep -o: EIO on the second file: 150, one line, nothing half-written', async () => {
    const d = scratch();
    const out = join(d, 'sweeps');
    mkdirSync(out);
    writeFileSync(join(out, 'peterson.md'), '# an earlier sweep\n');
    const before = snapshot(d);
    const r = await runInProcess(
      ['sweep', 'peterson', '-D', 'n=2', '-D', 'mutate=1', '--budget', '10', '-q', '-o', out],
      failingFs({ code: 'EIO', ops: ['writeFile'], path: STAGED, at: 2 }),
    );
    ioFailure(r, out, 'EIO');
    expect(snapshot(d)).toEqual(before);
  });
});

describe('report and history: a fault when the output place is probed (before the work)', () => {
  for (const [what, args, msg] of [
    ['report', (out: string) => ['report', 'kvfree-v6', '--out', out], 'cannot write the report to --out'],
    ['history', (out: string) => ['history', '--out', out], 'cannot write the history report to --out'],
    ['tags', (out: string) => ['tags', '--only', 'v1-bit0', '-o', out], 'cannot write the tagging report to --out'],
    ['sweep', (out: string) => ['sweep', 'peterson', '--budget', '5', '-o', out], 'cannot write the sweep report to'],
  ] as const) {
    it(`${what}: EROFS: 150, one line, nothing run or written`, async () => {
      const d = scratch();
      const out = join(d, 'out');
      const r = await runInProcess([...args(out)], failingFs({ code: 'EROFS', ops: ['open'], path: /rcucheck-probe/ }));
      expect(r.code).toBe(150);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^rcucheck: error: ${msg} .*read-only filesystem\\n$`));
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('report and history: a fault while writing (an at-once Ctrl-C keeps the work cheap: the empty, incomplete report is still written)', () => {
  for (const [what, args, place, name] of [
    ['report', (out: string) => ['report', 'kvfree-v6', '--out', out], '--out', 'kvfree-v6'],
    ['history', (out: string) => ['history', '--out', out], '--out', 'history'],
  ] as const) {
    it(`${what}: EIO writing the JSON: 150, one line, the earlier report intact`, async () => {
      const d = scratch();
      const out = join(d, 'reports');
      mkdirSync(join(out, name), { recursive: true });
      writeFileSync(join(out, name, 'old.md'), 'old trace\n');
      writeFileSync(join(out, `${name}.json`), '[]\n');
      writeFileSync(join(out, `${name}.md`), '# old\n');
      const before = snapshot(d);
      const r = await runInProcess([...args(out)], failingFs({ code: 'EIO', ops: ['writeFile'], path: new RegExp(`${name}\\.json\\.tmp-`) }), 'now');
      ioFailure(r, `${place} ${out}`, 'EIO');
      expect(snapshot(d)).toEqual(before);
    });
  }
});
