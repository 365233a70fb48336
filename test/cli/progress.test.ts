/** The progress reporter: redrawn in place on a TTY, periodic lines otherwise, silent with --quiet. */
import { describe, expect, it } from 'vitest';
import type { Progress } from '../../src/engine/explore.js';
import { progressLine, progressReporter } from '../../src/cli/progress.js';

const at = (elapsedMs: number, distinct: number): Progress => ({
  distinct,
  generated: distinct * 3,
  depth: 7,
  frontier: 100,
  bytes: 5 * 1048576,
  elapsedMs,
});

function sink(tty: boolean): { out: string[]; ctx: { stderr: (s: string) => void; stderrIsTTY: boolean } } {
  const out: string[] = [];
  return { out, ctx: { stderr: (s) => out.push(s), stderrIsTTY: tty } };
}

describe('progress', () => {
  it('a line names distinct, rate, depth, frontier, memory and elapsed', () => {
    expect(progressLine(at(65_000, 1_500_000), 20_000)).toBe('1.50M distinct  20.0k states/s  depth 7  frontier 100  5 MB  1m05s');
  });

  it('non-TTY: one plain line per period (5 s)', () => {
    const { out, ctx } = sink(false);
    const p = progressReporter(ctx, false, 'm');
    for (let t = 1000; t <= 12_000; t += 1000) p.onProgress(at(t, t));
    p.done();
    expect(out).toHaveLength(2);
    expect(out.every((l) => l.startsWith('m: ') && l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    expect(out[1]).toMatch(/1000 states\/s/);
  });

  it('TTY: redrawn in place, and cleared at the end', () => {
    const { out, ctx } = sink(true);
    const p = progressReporter(ctx, false, 'm');
    for (let t = 250; t <= 1000; t += 250) p.onProgress(at(t, t));
    p.done();
    expect(out.length).toBeGreaterThanOrEqual(4);
    expect(out.slice(0, -1).every((l) => l.startsWith('\r\x1b[2K') && !l.endsWith('\n'))).toBe(true);
    expect(out[out.length - 1]).toBe('\r\x1b[2K');
  });

  it('--quiet: nothing', () => {
    const { out, ctx } = sink(true);
    const p = progressReporter(ctx, true, 'm');
    p.onProgress(at(10_000, 5));
    p.done();
    expect(out).toEqual([]);
  });
});
