/**
 * The terminal as a user sees it: a 30-second kvfree check run through a 120-column
 * pseudo-terminal (util-linux `script`), its bytes replayed into a headless xterm of the same
 * size. While the search runs the progress line is one row redrawn in place (at most one
 * progress row on the screen at any time); at the end it is gone, and nothing rcucheck printed
 * (header, timeline, summary) wraps.
 *
 * Skipped, with the reason, where `script` is not installed.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, tmp } from './run.js';
import { screenOf } from './screen.js';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const COLS = 120;
// About 27 s here: 3.1 M states, and a 32-step no-leak trace.
const ARGS = ['check', 'kvfree-v1', '-D', 'objects=e,e,e,e', '-D', 'debug=0', '--invariant', 'no-leak', '--no-save-traces'];

/** Run the CLI in a pseudo-terminal of COLS×40 and return everything the terminal received. */
function inPty(args: string[]): { code: number | null; bytes: string } {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-q', '-e', '-c', `stty cols ${COLS} rows 40; ${quoted}`, '/dev/null'], {
    cwd: tmp(),
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, TERM: 'xterm-256color' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, bytes: r.stdout };
}

function positionsOf(s: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) out.push(i);
  return out;
}

const PROGRESS = /^kvfree-v1 objects=e,e,e,e debug=0: [0-9.]+[kM]? distinct/;

describe.skipIf(!hasScript)(`a ${COLS}-column terminal (script(1))`, () => {
  it('one progress row redrawn in place, then a timeline and summary that do not wrap', async () => {
    const { code, bytes } = inPty(ARGS);
    expect(code).toBe(12);

    // During the run: replay the stream up to each redraw and look at the screen then.
    const redraws = positionsOf(bytes, `${String.fromCharCode(27)}[?2026l`); // each ends a synchronized update: one redraw
    expect(redraws.length).toBeGreaterThan(20); // four a second for about 27 s
    // Each redraw but the last (which clears the line) leaves exactly one progress row.
    const during = redraws.slice(0, -1).filter((_, i) => i % 10 === 0);
    for (const at of during) {
      const screen = await screenOf(bytes.slice(0, at), COLS);
      expect(screen.filter((r) => PROGRESS.test(r.text)).length).toBe(1);
      expect(screen.filter((r) => r.wrapped)).toEqual([]);
    }

    // At the end: no progress row left, and no row anywhere continues a wrapped line.
    const screen = await screenOf(bytes, COLS);
    if (process.env.RCUCHECK_DUMP_SCREEN) console.log(screen.map((r) => r.text).join('\n'));
    expect(screen.filter((r) => PROGRESS.test(r.text))).toEqual([]);
    expect(screen.filter((r) => r.wrapped).map((r) => r.text)).toEqual([]);
    const text = screen.map((r) => r.text).join('\n');
    expect(text).toMatch(/verdict: VIOLATION/);
    expect(text).toMatch(/terminal no-leak violated after step 32/);
    // The compact timeline: one row per step, numbered 1..32.
    for (let i = 1; i <= 32; i++) expect(text).toMatch(new RegExp(`^ *${i} `, 'm'));
    expect(Math.max(...screen.map((r) => r.text.length))).toBeLessThanOrEqual(COLS);
  }, 300_000);
});

describe.skipIf(hasScript)('a pseudo-terminal', () => {
  it.skip('needs util-linux script(1), which is not installed here', () => {});
});
