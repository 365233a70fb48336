/**
 * Bad inputs found by the adversarial pass of issue 32 (rows 8, 9 and 10): each must be refused
 * in one stderr line with the documented exit status (150/151), or handled without breaking the
 * contract (never a stack trace, never a report lost or faked).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import { canMount, CLI, cli, tmp } from './run.js';

describe('--workers beyond the cores (row 8)', () => {
  it('the check service caps the threads at maxWorkers and notes it', async () => {
    const r = await check({ model: 'peterson', params: { n: '3' } }, { workers: 6, maxWorkers: 2, waitForWorkers: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.result.exitCode).toBe(0);
    expect(r.value.result.parallel?.workers).toBe(2);
    expect(r.value.result.notes).toEqual([expect.stringMatching(/6 requested, capped at 2/)]);
  });

  it('no note when the workers fit', async () => {
    const r = await check({ model: 'peterson', params: { n: '2' } }, { workers: 2, maxWorkers: 2 });
    expect(r.ok && r.value.result.notes).toBeUndefined();
  });

  it('check -D n=2 --workers 1000: runs on the cores, exit 0, the cap in --json notes', () => {
    const r = cli(['check', 'peterson', '-D', 'n=2', '--workers', '1000', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { notes?: string[]; parallel?: { workers: number } };
    expect(j.notes).toEqual([`workers: 1000 requested, capped at ${availableParallelism()} (this machine's cores); results do not depend on it`]);
    expect(j.parallel?.workers ?? 1).toBeLessThanOrEqual(availableParallelism());
  });
});

describe('-D objects with a reference to an object not listed before it (row 9)', () => {
  for (const [value, ref] of [
    ['h,=1', "'=1' hands over object 1, but only object 0 comes before it"],
    ['h,e,=2', "'=2' hands over object 2, but only objects 0..1 come before it"],
  ] as const) {
    it(`objects=${value}: exit 151, one line naming the bad reference, nothing written`, () => {
      const r = cli(['check', 'kvfree-v1', '-D', `objects=${value}`, '--report-dir', '/nonexistent/never-written']);
      expect(r.code).toBe(151);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`rcucheck: error: parameter objects=${value} is not valid: ${ref}\n`);
    });
  }

  it('a reference to an earlier object is still accepted (objects=h,=0)', async () => {
    const r = await check({ model: 'kvfree-v1', params: { objects: 'h,=0' }, maxStates: 10 });
    expect(r.ok).toBe(true);
  });
});

describe('report directories and trace files (row 10)', () => {
  const base = tmp();
  const real = join(base, 'real');
  const VIOLATION = ['check', 'peterson', '-D', 'n=2', '-D', 'mutate=1', '-q'];
  let itf = '';
  beforeAll(() => {
    expect(cli([...VIOLATION, '--report-dir', real]).code).toBe(12);
    const [prop] = readdirSync(join(real, 'traces'));
    itf = readFileSync(join(real, 'traces', prop, 'trace.itf.json'), 'utf8');
  });

  it('--report-dir a symbolic link to an earlier report: written through the link, which stays a link', () => {
    const link = join(base, 'link');
    symlinkSync(real, link);
    const before = readFileSync(join(real, 'summary.json'), 'utf8');
    writeFileSync(join(real, 'summary.json'), before.replace('"verdict"', '"stale": true, "verdict"'));
    const r = cli([...VIOLATION, '--report-dir', link]);
    expect(r.code).toBe(12);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(real, 'summary.json'), 'utf8')).toBe(before);
    expect(existsSync(join(real, 'traces'))).toBe(true);
  });

  it('--report-dir a dangling symbolic link: refused before the search (150, one line), nothing created', () => {
    const dangling = join(base, 'dangling');
    symlinkSync(join(base, 'nowhere'), dangling);
    const r = cli([...VIOLATION, '--report-dir', dangling]);
    expect(r.code).toBe(150);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^rcucheck: error: .*dangling is a symbolic link to .*nowhere, which does not exist\n$/);
    expect(existsSync(join(base, 'nowhere'))).toBe(false);
  });

  it('--report-dir whose name is not UTF-8: refused before the search (150, one line), nothing renamed', () => {
    const dir = tmp();
    const r = spawnSync('bash', ['-c', `d=$(printf 'x\\377y'); exec "$0" "$1" check peterson -D n=2 -D mutate=1 -q --report-dir "$d"`, process.execPath, CLI], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status).toBe(150);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^rcucheck: error: .*is not valid UTF-8.*\n$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  function replay(name: string, text: string): ReturnType<typeof cli> {
    const f = join(base, name);
    writeFileSync(f, text);
    return cli(['replay', '-q', f]);
  }

  it('an ITF file with a UTF-8 byte order mark is read (the mark is not JSON)', () => {
    const r = replay('bom.itf.json', `\uFEFF${itf}`);
    expect(r.code).toBe(12);
    expect(r.stdout).toMatch(/^confirmed: /);
  });

  it('an edited "#meta".actors is refused (150, one line naming it)', () => {
    const doc = JSON.parse(itf) as { '#meta': { actors: string[] } };
    doc['#meta'].actors[0] = 'reader9';
    const r = replay('actors.itf.json', JSON.stringify(doc, null, 2));
    expect(r.code).toBe(150);
    expect(r.stderr).toMatch(/^rcucheck: error: RC101: .*"#meta".actors says "reader9".*\n$/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an edited states[0]["#meta"].action is refused (150, one line)', () => {
    const doc = JSON.parse(itf) as { states: { '#meta': { action: string } }[] };
    doc.states[0]['#meta'].action = 'start [p1]';
    const r = replay('init-action.itf.json', JSON.stringify(doc, null, 2));
    expect(r.code).toBe(150);
    expect(r.stderr).toMatch(/^rcucheck: error: RC101: .*initial state.*"start \[p1\]".*\n$/);
  });

  it('a JSON error quoting text across lines is still one line', () => {
    const r = replay('broken.itf.json', '{\n  "#meta":\n  x\n}\n');
    expect(r.code).toBe(150);
    expect(r.stderr).toMatch(/^rcucheck: error: RC004: .*not JSON/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

const mountWhy = canMount();

describe.skipIf(mountWhy !== null)(`a --report-dir on a full filesystem (row 10)${mountWhy ? ` (skipped: ${mountWhy})` : ''}`, () => {
  let mnt = '';
  afterAll(() => {
    if (mnt !== '') spawnSync('umount', ['-l', mnt]);
  });
  it('exit 150 with one line; the verdict is printed but no trace paths that were never written', () => {
    mnt = join(tmp(), 'mnt');
    mkdirSync(mnt);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8k', 'tmpfs', mnt]).status).toBe(0);
    const r = cli(['check', 'peterson', '-D', 'n=2', '-D', 'mutate=1', '-q', '--report-dir', join(mnt, 'out')]);
    expect(r.code).toBe(150);
    expect(r.stdout).toMatch(/^verdict: VIOLATION/m);
    expect(r.stdout).not.toMatch(/trace files:|^report: /m);
    expect(r.stderr).toMatch(/^rcucheck: error: could not write the report .*ENOSPC.*\n$/);
    expect(existsSync(join(mnt, 'out'))).toBe(false);
  });
});
