/**
 * End to end with the built CLI: every trace `rcucheck check` writes is confirmed by
 * `rcucheck replay` (exit 12, or 11 for a deadlock), and a corrupted copy is refused with the step.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tmp } from '../cli/run.js';
import { hasModel } from './fixtures.js';

function traceDirs(report: string): string[] {
  const root = join(report, 'traces');
  return existsSync(root) ? readdirSync(root).map((d) => join(root, d)) : [];
}

const CASES: [string, string[], number][] = [
  ['philosophers', ['-D', 'n=4'], 11],
  ...(hasModel('peterson') ? [['peterson', ['-D', 'mutate=1'], 12] as [string, string[], number]] : []),
  ...(hasModel('kvfree-v1') ? [['kvfree-v1', ['-D', 'mutation=no-gp-wait', '--collect'], 12] as [string, string[], number]] : []),
];

describe('check → replay (built CLI)', () => {
  for (const [model, args, exit] of CASES) {
    it(`${model} ${args.join(' ')}: every written trace replays to its violation`, () => {
      const report = join(tmp(), 'r');
      const c = cli(['check', model, ...args, '--report-dir', report, '-q']);
      expect(c.code).toBe(exit);
      const dirs = traceDirs(report);
      expect(dirs.length).toBeGreaterThan(0);
      for (const d of dirs) {
        for (const f of ['trace.md', 'trace.itf.json', 'trace.html']) expect(existsSync(join(d, f))).toBe(true);
        const itf = join(d, 'trace.itf.json');
        const kind = JSON.parse(readFileSync(itf, 'utf8'))['#meta'].kind as string;
        const r = cli(['replay', itf]);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(kind === 'deadlock' ? 11 : 12);
        expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^confirmed: /);
      }
      // A corrupted copy of the first trace is refused, naming the step.
      const doc = JSON.parse(readFileSync(join(dirs[0], 'trace.itf.json'), 'utf8'));
      const k = doc.states.length - 1;
      doc['#meta'].actions[k - 1] = 'no such action';
      const bad = join(tmp(), 'bad.itf.json');
      writeFileSync(bad, JSON.stringify(doc));
      const r = cli(['replay', bad]);
      expect(r.code).toBe(150);
      expect(r.stderr).toContain(`RC101: trace diverges at step ${k}: model ${model} has no action 'no such action'`);
    });
  }
});
