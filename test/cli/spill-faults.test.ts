/**
 * The frontier spill store failing (issue 32, row 1): a temp directory that is missing, a file,
 * read-only or full is an I/O error, never "model code threw" with a fake model-error trace.
 *
 * The check stops as incomplete (exit 152) and says "I/O error" in its reason; the report it
 * writes is marked incomplete and holds no trace. Disk faults that need a mount (read-only,
 * full) are injected as a failing `SpillStore` through the check service's runtime, so they are
 * tested on any machine; the real TMPDIR cases run the built CLI (on a tmpfs where the test may
 * mount one, skipped with the reason elsewhere).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import type { SpillStore, SpillStoreFactory } from '../../src/engine/frontier.js';
import { canMount, cli, tmp } from './run.js';

const SPILLING = { model: 'philosophers', params: { n: '12' }, deadlock: false, seen: 'fp64' as const, frontierMB: 0.05 };

function errno(code: string): Error {
  return Object.assign(new Error(`${code}: injected fault`), { code });
}

/** A store that keeps blocks in memory and fails as told: at creation, or on the nth write or read. */
function faultyStore(fault: { create?: string; write?: readonly [number, string]; read?: readonly [number, string] }): SpillStoreFactory {
  return (): SpillStore => {
    if (fault.create !== undefined) throw errno(fault.create);
    const blocks: Int32Array[] = [];
    let writes = 0;
    let reads = 0;
    return {
      write(b) {
        if (fault.write !== undefined && ++writes >= fault.write[0]) throw errno(fault.write[1]);
        blocks.push(Int32Array.from(b));
      },
      read(out) {
        if (fault.read !== undefined && ++reads >= fault.read[0]) throw errno(fault.read[1]);
        out.set(blocks.shift()!);
      },
      bytes: () => blocks.length,
      dispose() {},
    };
  };
}

describe('a failing spill store is an I/O error (injected)', () => {
  for (const [name, fault, code] of [
    ['cannot create (read-only or missing temp directory)', { create: 'EROFS' }, 'EROFS'],
    ['disk full on the third block', { write: [3, 'ENOSPC'] }, 'ENOSPC'],
    ['read error on the first block back', { read: [1, 'EIO'] }, 'EIO'],
  ] as const) {
    it(`${name}: incomplete, exit 152, no trace`, async () => {
      const r = await check(SPILLING, { spill: faultyStore(fault), workers: 1 });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const { result, outcome } = r.value;
      expect(outcome.verdict).toBe('incomplete');
      expect(outcome.error).toBeUndefined();
      expect(outcome.violations).toEqual([]);
      expect(result.exitCode).toBe(152);
      expect(result.incompleteReason).toMatch(new RegExp(`^I/O error: .*${code}`));
    });
  }

  it('a healthy injected store still finishes the same search (exit 0)', async () => {
    const r = await check(SPILLING, { spill: faultyStore({}), workers: 1 });
    expect(r.ok && r.value.result.exitCode).toBe(0);
    expect(r.ok && r.value.outcome.stats.memory.spilled).toBe(0);
  });
});

/** A spilling check with TMPDIR=`dir`: exit 152, the reason an I/O error with `code`, no trace. */
function expectSpillIoError(dir: string, code: RegExp): void {
  const out = join(tmp(), 'report');
  const r = cli(
    ['check', 'philosophers', '-D', 'n=12', '--no-deadlock', '--seen', 'fp64', '--frontier-mb', '0.05', '--workers', '1', '--report-dir', out, '--json'],
    undefined,
    { ...process.env, TMPDIR: dir },
  );
  expect(r.code).toBe(152);
  expect(r.stderr).not.toMatch(/RC010|model code threw|\n\s+at /);
  const j = JSON.parse(r.stdout) as { verdict: string; incompleteReason?: string; error?: unknown };
  expect(j.verdict).toBe('incomplete');
  expect(j.error).toBeUndefined();
  expect(j.incompleteReason).toMatch(/^I\/O error: /);
  expect(j.incompleteReason).toMatch(code);
  expect(existsSync(join(out, 'traces'))).toBe(false);
  expect((JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { verdict: string }).verdict).toBe('incomplete');
}

describe('a real TMPDIR that cannot hold the spill file', () => {
  const file = join(tmp(), 'a-file');
  writeFileSync(file, 'not a directory\n');
  const cases: [string, string][] = [
    ['TMPDIR is a file', file],
    ['TMPDIR is missing', join(mkdtempSync(join(tmp(), 'x-')), 'missing')],
  ];
  for (const [name, dir] of cases) {
    it(`${name}: exit 152, "I/O error", the report marked incomplete, no model-error trace`, () => {
      expectSpillIoError(dir, /ENOTDIR|ENOENT/);
    });
  }
});

const mountWhy = canMount();

describe.skipIf(mountWhy !== null)(`a TMPDIR on a read-only or full filesystem${mountWhy ? ` (skipped: ${mountWhy})` : ''}`, () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts.reverse()) spawnSync('umount', ['-l', m]);
  });
  function tmpfs(options: string): string {
    const d = join(tmp(), 'mnt');
    mkdirSync(d);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', d]).status).toBe(0);
    mounts.push(d);
    return d;
  }
  it('read-only: exit 152, an I/O error (EROFS), no trace', () => {
    expectSpillIoError(tmpfs('ro,size=1m'), /EROFS/);
  });
  it('a full 64 KiB tmpfs: exit 152, an I/O error (ENOSPC), no trace, nothing left behind', () => {
    const d = tmpfs('size=64k');
    expectSpillIoError(d, /ENOSPC/);
    expect(spawnSync('ls', ['-A', d]).stdout.toString()).toBe('');
  });
});
