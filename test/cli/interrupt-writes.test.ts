/**
 * An interrupted `tags`, `report`, `sweep` or `history` writes what it has, marked incomplete,
 * and exits 152 (issue 32: "an interrupted command writes what it has, marked incomplete (sweep
 * and history included)"), instead of writing nothing. Run in-process; the Ctrl-C is the
 * command's abort signal, fired after its first cell, configuration or row (or at once).
 * test/cli/experiments-interrupt.test.ts sends a real SIGINT to the built CLI.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failingFs, runInProcess, type InProcessRun } from './failing-fs.js';
import { tmp } from './run.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
function scratch(): string {
  const d = tmp('rcucheck-interrupt-');
  made.push(d);
  return d;
}

/** Exit 152, one stderr line (after any progress lines) saying what was written. */
function incomplete(r: InProcessRun, said: RegExp): void {
  const where = `exit ${r.code}\nstderr: ${r.stderr}`;
  expect(r.code, where).toBe(152);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('rcucheck: error: '));
  expect(errors, where).toHaveLength(1);
  expect(errors[0], where).toMatch(said);
  expect(r.stderr, where).not.toMatch(/\s+at /);
}

/** The Markdown carries the banner and the JSON the reason. */
function marked(md: string, json: string, reason: RegExp): void {
  expect(readFileSync(md, 'utf8')).toMatch(new RegExp(`^> \\*\\*Incomplete: ${reason.source}`, 'm'));
  const j = JSON.parse(readFileSync(json, 'utf8')) as { incomplete?: string };
  expect(j.incomplete).toMatch(reason);
}

describe('interrupted: what was done is written, marked incomplete, exit 152', () => {
  it('tags: after the first cell', async () => {
    const out = join(scratch(), 'reports');
    const r = await runInProcess(['tags', '--only', 'v1-bit0', '-o', out], undefined, (_s, abort) => abort());
    incomplete(r, /tagging matrix interrupted after 1 cells: wrote them to .*tagging\.md, marked incomplete$/);
    marked(join(out, 'tagging.md'), join(out, 'tagging.json'), /interrupted after 1 of \d+ cells/);
    expect((JSON.parse(readFileSync(join(out, 'tagging.json'), 'utf8')) as { cells: unknown[] }).cells).toHaveLength(1);
  }, 60_000);

  it('sweep: after the first configuration', async () => {
    const out = join(scratch(), 'sweeps');
    const r = await runInProcess(['sweep', 'peterson', '--budget', '60', '-o', out], undefined, (s, abort) => {
      if (s.startsWith('#')) abort();
    });
    incomplete(r, /sweep interrupted after 1 configurations: wrote them to .*peterson\.md, marked incomplete$/);
    marked(join(out, 'peterson.md'), join(out, 'peterson.json'), /interrupted after 1 configurations/);
  }, 60_000);

  it('report: at once (no configuration run): an empty report, marked incomplete', async () => {
    const out = join(scratch(), 'reports');
    const r = await runInProcess(['report', 'kvfree-v6', '--out', out], undefined, 'now');
    incomplete(r, /report kvfree-v6 interrupted after 0 configurations: wrote them to .*kvfree-v6\.md, marked incomplete$/);
    marked(join(out, 'kvfree-v6.md'), join(out, 'kvfree-v6.json'), /interrupted after 0 of \d+ configurations/);
    expect((JSON.parse(readFileSync(join(out, 'kvfree-v6.json'), 'utf8')) as { rows: unknown[] }).rows).toEqual([]);
  });

  it('history: after the first row', async () => {
    const out = join(scratch(), 'reports');
    const r = await runInProcess(['history', '--out', out], undefined, (_s, abort) => abort());
    incomplete(r, /history interrupted after \d+ of \d+ rows: wrote them to .*history\.md, marked incomplete$/);
    marked(join(out, 'history.md'), join(out, 'history.json'), /interrupted after \d+ of \d+ rows/);
    expect(existsSync(join(out, 'history'))).toBe(true);
  }, 120_000);

  it('an interrupted report that cannot be written: 150, one line, nothing written', async () => {
    const out = join(scratch(), 'reports');
    const r = await runInProcess(['report', 'kvfree-v6', '--out', out], failingFs({ code: 'ENOSPC', ops: ['writeFile'], path: /\.tmp-[0-9a-f]{8}/ }), 'now');
    expect(r.code).toBe(150);
    expect(r.stderr).toMatch(/^rcucheck: error: could not write the report to --out .*ENOSPC.*\n$/);
    expect(existsSync(join(out, 'kvfree-v6.md'))).toBe(false);
  });
});
