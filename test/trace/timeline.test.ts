import { describe, expect, it } from 'vitest';
import { displayChoice, formatChange, lanesOf, renderMarkdown, renderTimeline, verdictLine, wrap } from '../../src/trace/timeline.js';
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
    expect(formatChange({ path: 'cpu[0].head', before: 0, after: 1572872 })).toBe('cpu[0].head: 0 → 0x180008');
    expect(formatChange({ path: 'x', before: 65535, after: -65536 })).toBe('x: 65535 → -0x10000');
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

describe('lane cells', () => {
  it('wraps long step names and choices after commas and spaces', () => {
    expect(wrap('C3 fails (no cached page, __get_free_page fails), wrapper kmalloc(GFP_NOWAIT) succeeds', 30)).toEqual([
      'C3 fails (no cached page,',
      '__get_free_page fails),',
      'wrapper kmalloc(GFP_NOWAIT)',
      'succeeds',
    ]);
    expect(wrap('short', 30)).toEqual(['short']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('', 4)).toEqual(['']);
  });

  it('drops a choice that repeats the actor, and a leading actor prefix', () => {
    expect(displayChoice({ actor: 'phil0', choice: 'phil0' })).toBe('');
    expect(displayChoice({ actor: 'caller0', choice: 'caller0, C3 fails' })).toBe('C3 fails');
    expect(displayChoice({ actor: 'monitor0', choice: 'cpu0' })).toBe('cpu0');
  });

  it('keeps every lane within laneWidth', () => {
    const { trace } = traceOf('philosophers', { n: 2 });
    const long = { ...trace, steps: trace.steps.map((s) => ({ ...s, name: s.index === 0 ? s.name : 'C1-C7 kvfree_call_rcu: C4 queue on ch3 with a long tail' })) };
    const lines = renderTimeline(long, { color: false, laneWidth: 20 }).split('\n');
    const header = lines[1].split(' │ ');
    expect(header[1].length).toBeLessThanOrEqual(20);
    expect(lines.some((l) => l.includes('C1-C7'))).toBe(true);
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
    expect(md).toContain('<details><summary>Initial state</summary>\n\n```\nphil[0] = THINK\n');
    expect(md).toContain('<details><summary>Final state (after step 3)</summary>\n\n```\nphil[0] = LEFT\n');
    expect(md).toContain('rcucheck replay trace.itf.json');
  });

  it('escapes table breaks, emphasis and HTML in cells', () => {
    const { trace } = traceOf('philosophers', { n: 2 });
    const t = { ...trace, explanation: 'a | b, __get_free_page fails, *p, <b>' };
    expect(renderMarkdown(t)).toContain('a \\| b, \\_\\_get\\_free\\_page fails, \\*p, &lt;b>');
  });
});
