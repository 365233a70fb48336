import { describe, expect, it } from 'vitest';
import { formatChange, lanesOf, renderMarkdown, renderTimeline, verdictLine } from '../../src/trace/timeline.js';
import { hasModel, traceOf } from './fixtures.js';

describe('terminal timeline', () => {
  it('renders the philosophers deadlock as a swimlane (golden)', () => {
    const { trace } = traceOf('philosophers', { n: 3 });
    expect(renderTimeline(trace, { color: false })).toBe(
      [
        'philosophers n=3: deadlock (deadlock)',
        '# │ phil0     │ phil1     │ phil2     │ changed fields',
        '──┼───────────┼───────────┼───────────┼───────────────',
        '0 │           │           │           │ initial state',
        '1 │ take left │           │           │ phil[0]: THINK → LEFT',
        '  │           │           │           │ fork[0]: false → true',
        '2 │           │ take left │           │ phil[1]: THINK → LEFT',
        '  │           │           │           │ fork[1]: false → true',
        '3 │           │           │ take left │ phil[2]: THINK → LEFT',
        '  │           │           │           │ fork[2]: false → true',
        '──┴───────────┴───────────┴───────────┴───────────────',
        '✗ deadlock after step 3: no action is enabled after step 3, and the state is not a valid end state (3 steps, 2 actor switches)',
        '',
      ].join('\n'),
    );
  });

  it('uses ANSI colours only when asked', () => {
    const { trace } = traceOf('philosophers', { n: 3 });
    expect(renderTimeline(trace, { color: false })).not.toContain('\x1b[');
    const coloured = renderTimeline(trace, { color: true });
    expect(coloured).toContain('\x1b[31m');
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(renderTimeline(trace, { color: false }));
  });

  it('orders lanes naturally and formats changes', () => {
    const steps = ['cpu10', 'gp', 'cpu2', 'init'].map((actor, index) => ({ actor, index: index + 1 }));
    expect(lanesOf({ steps } as never)).toEqual(['cpu2', 'cpu10', 'gp', 'init']);
    expect(formatChange({ path: 'objects[2].state', before: 'live', after: 'queued' })).toBe('objects[2].state: live → queued');
    expect(formatChange({ path: 'x', before: 1, after: [1, 2] })).toBe('x: 1 → [1,2]');
  });

  it.runIf(hasModel('peterson'))('shows choices and the invariant explanation for peterson mutate=1', () => {
    const { trace } = traceOf('peterson', { mutate: 1 });
    const text = renderTimeline(trace, { color: false });
    const last = text.trimEnd().split('\n').at(-1);
    expect(last).toBe(verdictLine(trace));
    expect(last).toMatch(/^✗ invariant mutual-exclusion violated after step \d+: .+ \(\d+ steps, \d+ actor switches\)$/);
    for (const l of lanesOf(trace)) expect(text.split('\n')[1]).toContain(l);
  });
});

describe('trace.md', () => {
  it('renders a Markdown swimlane with the verdict and the initial state (golden)', () => {
    const { trace } = traceOf('philosophers', { n: 3 });
    const md = renderMarkdown(trace);
    expect(md).toContain(
      [
        '| # | phil0 | phil1 | phil2 | changed fields |',
        '|--:|---|---|---|---|',
        '| 0 |  |  |  | _initial state_ |',
        '| 1 | **take left** |  |  | `phil[0]: THINK → LEFT`<br>`fork[0]: false → true` |',
        '| 2 |  | **take left** |  | `phil[1]: THINK → LEFT`<br>`fork[1]: false → true` |',
        '| 3 |  |  | **take left** | `phil[2]: THINK → LEFT`<br>`fork[2]: false → true` |',
        '| ✗ |  |  |  | **deadlock**: no action is enabled after step 3, and the state is not a valid end state |',
      ].join('\n'),
    );
    expect(md.startsWith('# philosophers: deadlock\n')).toBe(true);
    expect(md).toContain('- trace: 3 steps, 2 actor switches');
    expect(md).toContain('phil[0] = THINK');
    expect(md).toContain('rcucheck replay trace.itf.json');
  });

  it('escapes pipes in cells', () => {
    const { trace } = traceOf('philosophers', { n: 2 });
    const t = { ...trace, explanation: 'a | b' };
    expect(renderMarkdown(t)).toContain('a \\| b');
  });
});
