/**
 * Help texts that promise something checkable: `replay --help`'s example names a trace that a
 * fresh clone has (tracked by git, confirmed by replay), and `check --help` says what
 * `--invariant` does to the deadlock check.
 *
 * What it must not do: pin the whole help layout (yargs owns it); only the promises above.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from './run.js';

describe('help texts', () => {
  it('replay --help: the example trace is committed and replays to a confirmed violation', () => {
    const help = cli(['replay', '--help']);
    expect(help.code).toBe(0);
    const paths = [...help.stdout.matchAll(/rcucheck replay (\S+\.itf\.json)/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) {
      const tracked = spawnSync('git', ['ls-files', '--error-unmatch', p], { cwd: ROOT, encoding: 'utf8' });
      expect(tracked.status, `${p} is not tracked by git`).toBe(0);
      const r = cli(['replay', '--quiet', p]);
      expect(r.code, r.stderr).toBe(12);
      expect(r.stdout).toMatch(/^confirmed: /);
    }
  });

  it('check --help: --invariant says deadlock is still reported unless --no-deadlock', () => {
    const help = cli(['check', '--help']);
    expect(help.code).toBe(0);
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('check only these properties (repeatable; default: all); deadlock is still reported unless --no-deadlock');
  });
});
