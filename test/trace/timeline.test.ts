import { describe, expect, it } from 'vitest';
import { COMPACT_BELOW, displayChoice, formatChange, lanesOf, renderMarkdown, renderTimeline, verdictLine, wrap } from '../../src/trace/timeline.js';
import { renderSwimlane } from '../../src/trace/timeline.js';
import { renderCompact, pack } from '../../src/trace/compact.js';
import { visibleWidth } from '../../src/trace/format.js';
import { traceFiles } from '../../src/report/trace-files.js';
import type { Trace } from '../../src/trace/trace.js';
import { hasModel, publishedTrace, traceOf, TWO_CPU_TRACE } from './fixtures.js';

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

function twoCpuTrace(): Trace {
  return publishedTrace(TWO_CPU_TRACE);
}

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
  it('renders the compact timeline in a text block, the verdict and the initial state (golden)', () => {
    const { trace } = traceOf('philosophers', { n: 3 });
    const md = renderMarkdown(trace);
    expect(md).toContain(
      [
        '```text',
        'philosophers n=3: deadlock (deadlock)',
        '─'.repeat(80),
        '0         initial state',
        '1  phil0  take left',
        '          phil[0]: THINK → LEFT; fork[0]: false → true',
        '2  phil1  take left',
        '          phil[1]: THINK → LEFT; fork[1]: false → true',
        '3  phil2  take left',
        '          phil[2]: THINK → LEFT; fork[2]: false → true',
        '─'.repeat(80),
        '✗ deadlock after step 3: no action is enabled after step 3, and the state is not a valid end state (3 steps, 2 actor',
        '  switches)',
        '```',
        '',
        '**✗ deadlock after step 3: no action is enabled after step 3, and the state is not a valid end state (3 steps, 2 actor switches)**',
      ].join('\n'),
    );
    expect(md.startsWith('# philosophers: deadlock\n')).toBe(true);
    expect(md).toContain('- trace: 3 steps, 2 actor switches');
    expect(md).toContain('<details><summary>Initial state</summary>\n\n```\nphil[0] = THINK\n');
    expect(md).toContain('<details><summary>Final state (after step 3)</summary>\n\n```\nphil[0] = LEFT\n');
    expect(md).toContain('rcucheck replay trace.itf.json');
  });

  it('escapes emphasis, table breaks and HTML in prose', () => {
    const { trace } = traceOf('philosophers', { n: 2 });
    const t = { ...trace, explanation: 'a | b, __get_free_page fails, *p, <b>' };
    expect(renderMarkdown(t)).toContain('a \\| b, \\_\\_get\\_free\\_page fails, \\*p, &lt;b>');
  });
});

describe('compact timeline', () => {
  it('pins a small kvfree trace at 72 columns, with kernel display names (golden)', () => {
    const { trace } = traceOf('kvfree-v1', { objects: 'e', mutation: 'no-count' });
    expect(renderTimeline(trace, { color: false, width: 72 })).toBe(
      [
        'kvfree-v1 cpus=1 objects=e P=8 offset=16 alignObj=8 alignVmalloc=4096',
        'physHigh=0 lowObj=0 capacity=1 failures=any readers=1 boot=running',
        'context=sleepable garbage=poison debug=1 spontaneous=0 alignWrap=32',
        'cache=1 shrinker=0 shrinkCore=0 shrinkBatch=1 tag=bit0 rt=0 rcu=tree',
        'fix=none mutation=no-count: accounting (invariant)',
        '─'.repeat(72),
        '0           initial state',
        '1  caller0  unpublish (rcu_assign_pointer(slot, NULL))',
        '            caller0.pc: unpub → C0; obj[0].published: true → false',
        '2  caller0  C0 kvfree_call_rcu entry',
        '            caller0.pc: C0 → C1; ghost.obj[0].called: false → true',
        '            ghost.obj[0].snap: 0 → 2',
        '3  caller0  C1-C7 kvfree_call_rcu: C3 add_ptr_to_bulk',
        '            [__get_free_page(GFP_NOWAIT) succeeds]',
        '            krcp[0].bkvhead[0]: 0 → 1',
        '            krcp[0].monitor_todo: false → true',
        '            krcp[0].monitor_work.pending: false → true',
        '            krcp[0].monitor_work.state: idle → timer',
        '            caller0.pc: C1 → done; caller0.idx: 0 → 1',
        '            ghost.obj[0].accepted: false → true',
        '            obj[0].debug_active: false → true',
        '            bnode[0].page: unused → inuse; bnode[0].nr_records: 0 → 1',
        '            bnode[0].records[0]: 0 → 1',
        '─'.repeat(72),
        '✗ invariant accounting violated after step 3: krcp[0].count is 0 but',
        '  its bulk pages and ch3 list hold 1 object(s) (3 steps, 0 actor',
        '  switches)',
        '',
      ].join('\n'),
    );
  });

  it.runIf(hasModel('peterson'))('pins the peterson mutate=1 trace at 64 columns (golden)', () => {
    const { trace } = traceOf('peterson', { mutate: 1 });
    expect(renderTimeline(trace, { color: false, width: 64 })).toBe(
      [
        'peterson n=3 mutate=1: mutual-exclusion (invariant)',
        '─'.repeat(64),
        ' 0      initial state',
        ' 1  p0  start',
        '        proc[0].loc: NCS → VICTIM; proc[0].L: 0 → 1',
        '        level[0]: 0 → 1',
        ' 2  p0  set victim',
        '        proc[0].loc: VICTIM → WAIT',
        ' 3  p0  pass level',
        '        proc[0].loc: WAIT → SETLEVEL; proc[0].L: 1 → 2',
        ' 4  p0  set level',
        '        proc[0].loc: SETLEVEL → VICTIM; level[0]: 1 → 2',
        ' 5  p0  set victim',
        '        proc[0].loc: VICTIM → WAIT',
        ' 6  p0  enter cs',
        '        proc[0].loc: WAIT → CS',
        ' 7  p1  start',
        '        proc[1].loc: NCS → VICTIM; proc[1].L: 0 → 1',
        '        level[1]: 0 → 1',
        ' 8  p1  set victim',
        '        proc[1].loc: VICTIM → WAIT; victim[1]: 0 → 1',
        ' 9  p1  pass level',
        '        proc[1].loc: WAIT → SETLEVEL; proc[1].L: 1 → 2',
        '10  p1  set level',
        '        proc[1].loc: SETLEVEL → VICTIM; level[1]: 1 → 2',
        '11  p1  set victim',
        '        proc[1].loc: VICTIM → WAIT; victim[2]: 0 → 1',
        '12  p1  enter cs',
        '        proc[1].loc: WAIT → CS',
        '─'.repeat(64),
        '✗ invariant mutual-exclusion violated after step 12: p0 and p1',
        '  are in the critical section at the same time (12 steps, 1',
        '  actor switches)',
        '',
      ].join('\n'),
    );
  });

  it('chooses the layout by width: none or >= COMPACT_BELOW is the swimlane, narrower is compact', () => {
    const { trace } = traceOf('philosophers', { n: 3 });
    const swim = renderSwimlane(trace, { color: false });
    expect(renderTimeline(trace, { color: false })).toBe(swim);
    expect(renderTimeline(trace, { color: false, width: COMPACT_BELOW })).toBe(swim);
    expect(renderTimeline(trace, { color: false, width: COMPACT_BELOW - 1 })).toBe(renderCompact(trace, { color: false, width: COMPACT_BELOW - 1 }));
    expect(COMPACT_BELOW).toBe(160);
  });

  it('keeps every line of a two-CPU kvfree trace within 120 visible columns, coloured or not', () => {
    const trace = twoCpuTrace();
    expect(lanesOf(trace)).toEqual(expect.arrayContaining(['caller0', 'caller1', 'monitor0', 'worker0.0', 'gp']));
    // The swimlane of this trace is wider than a 120-column terminal, which is why compact exists.
    expect(Math.max(...renderTimeline(trace, { color: false }).split('\n').map(visibleWidth))).toBeGreaterThan(120);
    for (const color of [false, true]) {
      const lines = renderTimeline(trace, { color, width: 120 }).trimEnd().split('\n');
      const widest = Math.max(...lines.map((l) => visibleWidth(stripAnsi(l))));
      expect(widest).toBeLessThanOrEqual(120);
      expect(widest).toBeGreaterThan(100); // the width is used, not just respected
    }
    const text = renderTimeline(trace, { color: false, width: 120 });
    expect(text).toContain('16  worker0.0  W1 kfree_rcu_work detach [cpu0 batch 0]');
    expect(text).toContain('krcp[0].krw_arr[0].head_free: 0x180008 → 0; krcp[0].krw_arr[0].bkvhead_free[0]: 1 → 0');
    expect(text).toContain('worker0.0.pc: W1 → work; worker0.0.bkvhead[0]: 0 → 1; worker0.0.head: 0 → 0x180008');
    expect(text).not.toMatch(/cpu\[0\]\.krw|wphase|headFree/);
  });

  it('never exceeds the width at any width from 20 to 159, and colours change nothing else', () => {
    const trace = twoCpuTrace();
    for (let w = 20; w < COMPACT_BELOW; w++) {
      const plain = renderTimeline(trace, { color: false, width: w });
      for (const l of plain.split('\n')) expect(visibleWidth(l), `width ${w}: ${l}`).toBeLessThanOrEqual(w);
      expect(stripAnsi(renderTimeline(trace, { color: true, width: w }))).toBe(plain);
    }
  });

  it('packs items with a separator, wrapping an item wider than the line on its own', () => {
    expect(pack(['a: 1 → 2', 'b: 3 → 4', 'c: 5 → 6'], 20)).toEqual(['a: 1 → 2; b: 3 → 4', 'c: 5 → 6']);
    expect(pack(['short', 'a very long item that wraps', 'x'], 12)).toEqual(['short', 'a very long', 'item that', 'wraps', 'x']);
    expect(pack([], 10)).toEqual([]);
  });

  it('measures visible width: arrows 1 column, wide characters 2, ANSI codes 0', () => {
    expect(visibleWidth('a → b')).toBe(5);
    expect(visibleWidth('漢字')).toBe(4);
    expect(visibleWidth('\x1b[1mab\x1b[0m')).toBe(2);
    expect(wrap('漢字漢字漢字', 5)).toEqual(['漢字', '漢字', '漢字']);
  });
});

describe('display names in trace files', () => {
  it('trace.md shows kernel names, trace.itf.json keeps the raw field names', () => {
    const trace = twoCpuTrace();
    const files = traceFiles(trace);
    const md = files['trace.md'];
    for (const name of ['krcp[0].krw_arr[0].head_free', 'krcp[0].krw_arr[0].bkvhead_free[0]', 'obj[0].rcu_head.func', 'obj[0].wrapper.ptr', 'worker0.0.head', 'gp_seq']) {
      expect(md).toContain(name);
    }
    expect(md).not.toMatch(/cpu\[0\]\.krw\[0\]|\bhfunc\b|\bwword0\b|\bwphase\b/);
    // The compact block fits GitHub's and an editor's 120 columns.
    const block = /```text\n([\s\S]*?)\n```/.exec(md)?.[1] ?? '';
    expect(block.split('\n').length).toBeGreaterThan(30);
    for (const l of block.split('\n')) expect(visibleWidth(l)).toBeLessThanOrEqual(120);
    const itf = files['trace.itf.json'];
    for (const raw of ['"headFree"', '"bkvFree"', '"hfunc"', '"wword0"', '"wphase"', '"monitorTodo"']) expect(itf).toContain(raw);
    expect(itf).not.toMatch(/head_free|krw_arr|rcu_head\.func|monitor_todo/);
  });

  it('a trace without display names (a model that declares none) shows raw paths', () => {
    const { trace } = traceOf('philosophers', { n: 2 });
    expect(trace.names).toEqual({});
    expect(renderTimeline(trace, { color: false, width: 80 })).toContain('phil[0]: THINK → LEFT');
  });
});
