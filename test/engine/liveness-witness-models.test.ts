/**
 * Latency witnesses and bounded response end to end on hand-drawn graphs (dgraph): the search
 * reports each latency with the trace that attains it (a finite path, or a lasso when unbounded),
 * `within` is violated by the shortest finite path with one measured step too many (a liveness
 * violation without a loop: exit 13) and holds where the latency is at most `within`, and every
 * such trace goes through ITF and is confirmed by replay (confirmTrace): witnesses with exit 0.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.js';
import { exitCodeFor } from '../../src/engine/outcome.js';
import type { CompiledModel } from '../../src/model/compile.js';
import { confirmTrace } from '../../src/trace/confirm.js';
import { modelFingerprint } from '../../src/trace/fingerprint.js';
import { readItf, writeItf } from '../../src/trace/itf.js';
import { buildTrace, type Trace } from '../../src/trace/trace.js';
import { dgraph, type DGraph } from './dgraph.js';

/** Write `t` as ITF, read it back and confirm it against `m`'s definition. */
function replayed(m: CompiledModel, t: Trace) {
  const itf = readItf(writeItf(t, { fingerprint: modelFingerprint(m) }));
  if (!itf.ok) throw new Error(itf.error.message);
  return confirmTrace(itf.value, { find: () => m.def });
}

function witnessTraces(m: CompiledModel, o: ReturnType<typeof explore>): Trace[] {
  return (o.liveness?.latency ?? []).map((l) => {
    const t = buildTrace(m, { property: l.property, kind: 'liveness', description: '', instance: l.instance, trace: l.witness! });
    if (!t.ok) throw new Error(t.error.message);
    return t.value;
  });
}

// 0 -> 1 (p) -tick-> 2 -tick-> 3 (q); 1 -> 3 directly; 3 -> 3. Edges are actions 0..4.
const LINE: DGraph = {
  nodes: 4,
  edges: [
    [0, 1],
    [1, 2],
    [2, 3],
    [1, 3],
    [3, 3],
  ],
  tick: [1, 2],
  leadsTo: { lat: { p: [1, 2], q: [3], measure: true }, w: { p: [1, 2], q: [3], measure: true, within: 2 } },
};

describe('latency witness on a hand-drawn graph', () => {
  it('a bound: the finite path that takes both ticks, replayed with exit 0', () => {
    const m = dgraph(LINE, ['lat']);
    const o = explore(m, {});
    expect(o.verdict).toBe('ok');
    const [l] = o.liveness!.latency!;
    expect(l).toMatchObject({ property: 'lat', worst: 2 });
    expect(l.witness).toMatchObject({ actions: [0, 1, 2], pIndex: 1, measured: { action: 'tick', count: 2, witness: true } });
    expect(l.witness!.loop).toBeUndefined();
    const [t] = witnessTraces(m, o);
    const r = replayed(m, t);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.exitCode).toBe(0);
    expect(r.value.message).toContain('2 tick step(s) are taken from p-and-not-q states between step 1 and step 3');
  });
  it('replay refuses a witness whose count is wrong', () => {
    const m = dgraph(LINE, ['lat']);
    const [t] = witnessTraces(m, explore(m, {}));
    const r = replayed(m, { ...t, measured: { ...t.measured!, count: 3 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('takes 2 tick step(s) from step 1, not 3');
  });
  it('unbounded: the lasso round the measured cycle, replayed with exit 0', () => {
    // 0 -> 1 (p) -tick-> 2 -> 1; 2 -> 3 (q), strongly fair: every fair run leaves, after any number of ticks.
    const m = dgraph(
      {
        nodes: 4,
        edges: [
          [0, 1],
          [1, 2],
          [2, 1],
          [2, 3],
        ],
        tick: [1],
        fair: (e) => (e === 3 ? 'strong' : undefined),
        leadsTo: { lat: { p: [1, 2], q: [3], measure: true } },
      },
      ['lat'],
    );
    const o = explore(m, { deadlock: false });
    const [l] = o.liveness!.latency!;
    expect(l).toMatchObject({ worst: 'unbounded', state: 1 });
    expect(l.witness).toMatchObject({ actions: [0, 1, 2], loop: 1, pIndex: 1, measured: { count: 'unbounded', witness: true } });
    const r = replayed(m, witnessTraces(m, o)[0]);
    if (!r.ok) throw new Error(r.error.message);
    expect([r.value.exitCode, r.value.message]).toEqual([0, expect.stringContaining('the count is unbounded')]);
  });
});

describe('bounded response (within)', () => {
  it('holds where the latency is at most K', () => {
    const o = explore(dgraph(LINE, ['w']), {});
    expect(o.properties.find((p) => p.name === 'w')?.status).toBe('holds');
    expect(o.liveness!.latency!.map((l) => l.worst)).toEqual([2]);
    expect(explore(dgraph(LINE, ['w:2']), {}).verdict).toBe('ok');
  });
  it('w:1 is violated by the shortest path with two ticks (exit 13), confirmed by replay (exit 13)', () => {
    const m = dgraph(LINE, ['w:1']);
    const o = explore(m, {});
    expect(o.verdict).toBe('violation');
    expect(exitCodeFor(o)).toBe(13);
    const v = o.violations[0];
    expect(v).toMatchObject({ property: 'w:1', kind: 'liveness', trace: { actions: [0, 1, 2], pIndex: 1, measured: { count: 2, within: 1 } } });
    expect(v.trace.loop).toBeUndefined();
    const t = buildTrace(m, v);
    if (!t.ok) throw new Error(t.error.message);
    expect(t.value.explanation).toContain('2 `tick` steps are taken from those states: more than the 1 allowed');
    const r = replayed(m, t.value);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.exitCode).toBe(13);
  });
  it('w:0 stops at the first tick; a bad argument is RC002', () => {
    const o = explore(dgraph(LINE, ['w:0']), {});
    expect(o.violations[0].trace.actions).toEqual([0, 1]);
    expect(() => dgraph(LINE, ['w:two'])).toThrow(/non-negative integer/);
  });
  it('a violated p ~> q is a lasso for within too', () => {
    // 0 -> 1 (p) -> 1 forever (fair self-loop), never q.
    const m = dgraph(
      {
        nodes: 3,
        edges: [
          [0, 1],
          [1, 1],
          [1, 2],
        ],
        fair: () => undefined,
        leadsTo: { w: { p: [1], q: [2], measure: true, within: 5 } },
      },
      ['w'],
    );
    const o = explore(m, { deadlock: false });
    expect(o.violations[0]).toMatchObject({ property: 'w', kind: 'liveness', trace: { loop: 1 } });
    expect(o.liveness!.latency![0]).toMatchObject({ worst: 'unbounded', why: expect.stringMatching(/^never/) });
  });
});
