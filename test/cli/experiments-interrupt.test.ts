/**
 * `rcucheck tags` and `rcucheck report` see Ctrl-C (issue 32, row 3): they give the event loop a
 * turn between cells (configurations), so SIGINT stops them promptly with exit 152, and what was
 * done is written, marked incomplete, instead of running every cell to the end and exiting 0
 * (interrupt-writes.test.ts checks the marks in-process, sweep and history included).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliAsync, tmp } from './run.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('tags: Ctrl-C', () => {
  it('stops between two cells: exit 152, one line, the cells done written and marked incomplete', async () => {
    const dir = tmp();
    made.push(dir);
    const out = join(dir, 'reports');
    const run = cliAsync(['tags', '-o', out]);
    let firstCell: () => void = () => undefined;
    const cell = new Promise<void>((resolve) => (firstCell = resolve));
    run.child.stdout?.on('data', () => firstCell());
    await cell;
    const t0 = Date.now();
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(152);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.stderr).toMatch(/rcucheck: error: tagging matrix interrupted after \d+ cells: wrote them to .*tagging\.md, marked incomplete\n$/);
    expect(readFileSync(join(out, 'tagging.md'), 'utf8')).toMatch(/^> \*\*Incomplete: interrupted after \d+ of \d+ cells/m);
  }, 60_000);
});

describe('report: Ctrl-C', () => {
  it('stops between two configurations: exit 152, one line, the configurations done written and marked incomplete', async () => {
    const dir = tmp();
    made.push(dir);
    const out = join(dir, 'reports');
    const run = cliAsync(['report', 'kvfree-v1', '--out', out]);
    // The family takes tens of seconds; a few seconds in, it is inside its configurations.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const t0 = Date.now();
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(152);
    expect(Date.now() - t0).toBeLessThan(20_000);
    // The configurations done are listed, as a complete run lists them all.
    for (const l of r.stdout.split('\n').filter((x) => x !== '')) expect(l).toMatch(/^(as expected|DIFFERS) /);
    expect(r.stderr).toMatch(/rcucheck: error: report kvfree-v1 interrupted after \d+ configurations: wrote them to .*kvfree-v1\.md, marked incomplete\n$/);
    expect(readFileSync(join(out, 'kvfree-v1.md'), 'utf8')).toMatch(/^> \*\*Incomplete: interrupted after \d+ of \d+ configurations/m);
  }, 90_000);
});
