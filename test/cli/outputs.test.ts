/**
 * Every place a command writes is checked before the work and an I/O error is exit 150 with one
 * line (issue 32, row 7): graph --out, report --out, history --out, plan --file, tags --out and
 * standard output, against a file in the way, a path under /proc, /dev/full and (where the test
 * can mount a tmpfs) a read-only and a full filesystem. Also: every command works from any
 * directory (`report` finds the package's proofs/coverage.json from /tmp).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, CLI, tmp, type Run } from './run.js';

/** Refused with one line, exit 150, nothing on stdout (the work never started), no stack trace. */
function refused(r: Run, msg: RegExp): void {
  expect(r.code, r.stderr).toBe(150);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^rcucheck: error: /);
  expect(lines[0]).toMatch(msg);
  expect(r.stdout).toBe('');
}

/** A regular file, so that `<file>/sub/x` cannot be created (works as root, unlike chmod). */
function fileInTheWay(): string {
  const f = join(tmp(), 'file');
  writeFileSync(f, 'x');
  return f;
}

describe('output places checked before the work (150, one line)', () => {
  const away = tmp('rcucheck-away-'); // not the clone: every command must work from here
  const commands: [string, (bad: string) => string[], RegExp][] = [
    ['graph --out', (bad) => ['graph', 'philosophers', '-D', 'n=2', '-o', `${bad}/g.dot`], /cannot write the graph/],
    ['report --out (from outside the clone)', (bad) => ['report', 'kvfree-v6', '--out', bad], /cannot write the report to --out/],
    ['history --out', (bad) => ['history', '--out', bad], /cannot write the history report/],
    ['tags --out', (bad) => ['tags', '--only', 'v1-bit0', '-o', bad], /cannot write the tagging report/],
    ['sweep --out', (bad) => ['sweep', 'peterson', '--budget', '5', '-o', bad], /cannot write the sweep report/],
  ];
  for (const [what, args, msg] of commands) {
    it(`${what}: a file in the way`, () => {
      refused(cli(args(`${fileInTheWay()}/sub`), away), msg);
    });
    it(`${what}: a path under /proc`, () => {
      refused(cli(args('/proc/rcucheck-nope'), away), msg);
    });
  }

  it('graph --out /dev/full: refused, the device left alone', () => {
    refused(cli(['graph', 'philosophers', '-D', 'n=2', '-o', '/dev/full'], away), /not a regular file/);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('plan --file where the plan cannot be read or written back', () => {
    const r = cli(['plan', '--file', `${fileInTheWay()}/plan.json`], away);
    expect(r.code).toBe(150);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('run from a deleted working directory: 150 with one line, not Node\'s uv_cwd stack', () => {
    const gone = join(tmp(), 'gone');
    mkdirSync(gone);
    for (const args of [['check', 'peterson', '-D', 'n=2', '-q'], ['list']]) {
      const r = spawnSync('sh', ['-c', 'cd "$1" && rmdir "$1" && shift && exec "$@"', 'sh', gone, process.execPath, CLI, ...args], { encoding: 'utf8' });
      mkdirSync(gone);
      expect(r.status, r.stderr).toBe(150);
      expect(r.stderr).toMatch(/^rcucheck: error: the working directory no longer exists \(ENOENT\): change to a directory that does\n$/);
      expect(r.stdout).toBe('');
    }
  });

  it('check ... > /dev/full: 150 with one line, no stack trace', () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [CLI, 'check', 'peterson', '-D', 'n=2', '--no-save-traces'], { cwd: away, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      expect(r.status).toBe(150);
      expect(r.stderr).toMatch(/^rcucheck: error: cannot write to standard output: ENOSPC\n$/);
    } finally {
      closeSync(fd);
    }
  });
});

function canMount(): string | null {
  if (process.getuid?.() !== 0) return 'not root';
  const d = tmp('rcucheck-mnt-probe-');
  const m = spawnSync('mount', ['-t', 'tmpfs', 'tmpfs', d]);
  if (m.status !== 0) return `mount failed: ${m.stderr.toString().trim()}`;
  spawnSync('umount', [d]);
  return null;
}
const mountWhy = canMount();

describe.skipIf(mountWhy !== null)(`read-only and full filesystems${mountWhy ? ` (skipped: ${mountWhy})` : ''}`, () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts.reverse()) spawnSync('umount', ['-l', m]);
  });
  function tmpfs(options: string, fill?: (d: string) => void, ro = false): string {
    const d = join(tmp(), 'mnt');
    mkdirSync(d);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', d]).status).toBe(0);
    mounts.push(d);
    fill?.(d);
    if (ro) expect(spawnSync('mount', ['-o', 'remount,ro', d]).status).toBe(0);
    return d;
  }
  const plan = (d: string): void => writeFileSync(join(d, 'plan.json'), '{"description":"x","entries":[]}');
  const full = (d: string): void => {
    // Fill it: a file as large as it lets, then nothing more fits.
    const fd = openSync(join(d, 'filler'), 'w');
    try {
      for (;;) writeFileSync(fd, Buffer.alloc(4096));
    } catch {
      // ENOSPC: full
    } finally {
      closeSync(fd);
    }
  };

  it('read-only: graph, report, history, tags and plan refuse before the work', () => {
    const ro = tmpfs('size=1m', plan, true);
    refused(cli(['graph', 'philosophers', '-D', 'n=2', '-o', join(ro, 'g.dot')]), /read-only filesystem/);
    refused(cli(['report', 'kvfree-v6', '--out', join(ro, 'r')]), /read-only filesystem/);
    refused(cli(['history', '--out', join(ro, 'r')]), /read-only filesystem/);
    refused(cli(['tags', '--only', 'v1-bit0', '-o', join(ro, 'r')]), /read-only filesystem/);
    refused(cli(['plan', '--file', join(ro, 'plan.json')]), /cannot write the plan .*read-only filesystem/);
    expect(readFileSync(join(ro, 'plan.json'), 'utf8')).toBe('{"description":"x","entries":[]}');
  });

  it('full: graph, report, history and tags refuse before the work', () => {
    const d = tmpfs('size=64k', full);
    refused(cli(['graph', 'philosophers', '-D', 'n=2', '-o', join(d, 'g.dot')]), /ENOSPC/);
    refused(cli(['report', 'kvfree-v6', '--out', join(d, 'r')]), /ENOSPC/);
    refused(cli(['history', '--out', join(d, 'r')]), /ENOSPC/);
    refused(cli(['tags', '--only', 'v1-bit0', '-o', join(d, 'r')]), /ENOSPC/);
    rmSync(join(d, 'filler'));
  });
});
