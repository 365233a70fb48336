/** The progress reporter: redrawn in place on a TTY, periodic lines otherwise, silent with --quiet. */
import { describe, expect, it } from 'vitest';
import type { Progress } from '../../src/engine/explore.js';
import { progressLine, progressReporter } from '../../src/cli/progress.js';
import { screenOf } from './screen.js';

const at = (elapsedMs: number, distinct: number): Progress => ({
  distinct,
  generated: distinct * 3,
  depth: 7,
  frontier: 100,
  bytes: 5 * 1048576,
  elapsedMs,
});

function sink(tty: boolean, columns?: number): { out: string[]; ctx: { stderr: (s: string) => void; stderrIsTTY: boolean; stderrColumns?: number } } {
  const out: string[] = [];
  return { out, ctx: { stderr: (s) => out.push(s), stderrIsTTY: tty, stderrColumns: columns } };
}

describe('progress', () => {
  it('a line names distinct, rate, depth, frontier, memory and elapsed', () => {
    expect(progressLine(at(65_000, 1_500_000), 20_000)).toBe('1.50M distinct  20.0k states/s  depth 7  frontier 100  5 MB  1m05s');
  });

  it('non-TTY: the configuration once, then one short plain line per period (5 s)', () => {
    const { out, ctx } = sink(false);
    const p = progressReporter(ctx, false, 'kvfree-v1 cpus=2 objects=e,e,e,e');
    for (let t = 1000; t <= 12_000; t += 1000) p.onProgress(at(t, t));
    p.done();
    expect(out).toEqual([
      'progress of kvfree-v1 cpus=2 objects=e,e,e,e:\n',
      expect.stringMatching(/^ {2}5000 distinct .*\n$/),
      expect.stringMatching(/^ {2}10.0k distinct {2}1000 states\/s .*\n$/),
    ]);
  });

  it('TTY: a line never wider than the terminal, the figures kept when the label must be cut', async () => {
    const { out, ctx } = sink(true, 80);
    const label = `kvfree-v1 ${Array.from({ length: 12 }, (_, i) => `param${i}=value${i}`).join(' ')}`;
    const p = progressReporter(ctx, false, label);
    p.onProgress(at(65_000, 1_500_000));
    const [line] = (await screenOf(out.join(''), 80)).map((r) => r.text);
    expect(line.length).toBeLessThanOrEqual(79);
    expect(line).toMatch(/^kvfree-v.*\.\.\.: 1\.50M distinct .* 1m05s$/);
    const narrow = sink(true, 30);
    const q = progressReporter(narrow.ctx, false, label);
    q.onProgress(at(65_000, 1_500_000));
    const [cut] = (await screenOf(narrow.out.join(''), 30)).map((r) => r.text);
    expect(cut.length).toBeLessThanOrEqual(29);
    expect(cut.startsWith('1.50M distinct')).toBe(true);
  });

  it('TTY: redrawn in place on one row, and cleared at the end', async () => {
    const { out, ctx } = sink(true, 120);
    const p = progressReporter(ctx, false, 'kvfree-v1 cpus=2 objects=e,e,e,e');
    for (let t = 250; t <= 1000; t += 250) p.onProgress(at(t, t));
    expect(out.length).toBe(4);
    const during = await screenOf(out.join(''), 120);
    expect(during).toEqual([{ text: expect.stringMatching(/^kvfree-v1 cpus=2 objects=e,e,e,e: 1000 distinct .* 1\.0s$/), wrapped: false }]);
    p.done();
    expect(await screenOf(out.join(''), 120)).toEqual([]);
  });

  it('--quiet: nothing', () => {
    const { out, ctx } = sink(true);
    const p = progressReporter(ctx, true, 'm');
    p.onProgress(at(10_000, 5));
    p.done();
    expect(out).toEqual([]);
  });
});
