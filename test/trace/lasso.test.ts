/**
 * Lasso traces in every format and through `replay`: the swimlane and compact timelines mark
 * where the loop starts and what repeats, ITF carries `loop` (and `instance`, `pIndex` in
 * `#meta`), trace.md and trace.html say it is a lasso, and confirmation refuses a tampered lasso
 * (loop moved, q made true, an unfair cycle). Also the CLI: `check --invariant <leadsTo>` in text
 * and --json, exit 13, and `replay` of the written trace (exit 13).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findModel } from '../../models/index.js';
import { explore } from '../../src/engine/explore.js';
import { buildModel, type CompiledModel } from '../../src/model/compile.js';
import { renderCompact } from '../../src/trace/compact.js';
import { confirmTrace } from '../../src/trace/confirm.js';
import { modelFingerprint } from '../../src/trace/fingerprint.js';
import { renderHtml } from '../../src/trace/html.js';
import { readItf, writeItf, type ItfTrace } from '../../src/trace/itf.js';
import { confirmLasso } from '../../src/trace/lasso.js';
import { renderMarkdown } from '../../src/trace/markdown.js';
import { renderSwimlane } from '../../src/trace/timeline.js';
import { buildTrace, type Trace } from '../../src/trace/trace.js';
import { replayPath } from '../../src/trace/replay.js';
import { cli, tmp } from '../cli/run.js';

function lassoOf(n: number): { m: CompiledModel; trace: Trace } {
  const r = buildModel(findModel('philosophers')!, { n }, ['eventually-eats']);
  if (!r.ok) throw new Error(r.error.message);
  const o = explore(r.value, { deadlock: false });
  const t = buildTrace(r.value, o.violations[0]);
  if (!t.ok) throw new Error(t.error.message);
  return { m: r.value, trace: t.value };
}

function itfOf(m: CompiledModel, trace: Trace): ItfTrace {
  const r = readItf(writeItf(trace, { fingerprint: modelFingerprint(m) }));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('lasso rendering', () => {
  const cycle = lassoOf(3); // loop at step 1, steps 2..5 repeat
  const stutter = lassoOf(2); // stutters at step 2

  it('the swimlane and the compact timeline mark the loop start and the return', () => {
    const s = renderSwimlane(cycle.trace, { color: false });
    expect(s).toContain('↻ loop starts here: steps 2..5 repeat forever');
    expect(s).toContain('↻ back to the state of step 1; the loop repeats');
    const lines = s.split('\n');
    const mark = lines.findIndex((l) => l.includes('loop starts here'));
    expect(lines[mark + 1].startsWith('2 │')).toBe(true);
    const c = renderCompact(cycle.trace, { color: false, width: 60 });
    expect(c).toContain('↻ loop starts here');
    for (const l of c.split('\n')) expect(l.length).toBeLessThanOrEqual(60);
    expect(renderSwimlane(stutter.trace, { color: false })).toContain('↻ stutters here forever (no action is enabled)');
  });

  it('ITF carries loop, instance and pIndex; trace.md and trace.html say lasso', () => {
    const doc = JSON.parse(writeItf(cycle.trace)) as { loop: number; '#meta': { kind: string; instance: number; pIndex: number } };
    expect(doc.loop).toBe(1);
    expect(doc['#meta']).toMatchObject({ kind: 'liveness', instance: 0, pIndex: 1 });
    const md = renderMarkdown(cycle.trace);
    expect(md).toContain('(liveness)');
    expect(md).toContain('lasso of 5 steps');
    const html = renderHtml(cycle.trace);
    expect(html).toContain('class="loop-row" data-loop="1"');
    expect(html).toContain('lasso of 5 steps');
  });

  it('confirmation accepts both lassos (exit 13) and refuses tampered ones', () => {
    for (const { m, trace } of [cycle, stutter]) {
      const c = confirmTrace(itfOf(m, trace));
      if (!c.ok) throw new Error(c.error.message);
      expect(c.value.exitCode).toBe(13);
      expect(c.value.trace.loop).toBe(trace.loop);
    }
    const moved = itfOf(cycle.m, cycle.trace);
    moved.loop = 2;
    expect(confirmTrace(moved)).toMatchObject({ ok: false, error: { code: 'RC101', message: expect.stringMatching(/is not the state of step 2/) as unknown } });
    const noLoop = itfOf(cycle.m, cycle.trace);
    delete noLoop.loop;
    expect(confirmTrace(noLoop)).toMatchObject({ ok: false, error: { code: 'RC101' } });
    const early = itfOf(stutter.m, stutter.trace);
    early.loop = 1;
    expect(confirmTrace(early).ok).toBe(false);
  });

  it('confirmLasso checks q along the lasso and that the cycle returns', () => {
    const { m, trace } = cycle;
    const steps = replayPath(m, { init: 0, actions: trace.steps.slice(1).map((s) => s.actionId) });
    if (!steps.ok) throw new Error(steps.error.message);
    expect(confirmLasso(m, steps.value, { property: 'eventually-eats', instance: 0, loop: 1, pIndex: 1 }).ok).toBe(true);
    // Instance 1 (phil1) eats on the cycle: q holds.
    expect(confirmLasso(m, steps.value, { property: 'eventually-eats', instance: 1, loop: 1, pIndex: 2 })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/q holds at step 4/) as unknown } });
    // A loop start the last state does not return to is refused.
    expect(confirmLasso(m, steps.value, { property: 'eventually-eats', instance: 0, loop: 3, pIndex: 1 }).ok).toBe(false);
  });
});

describe('confirmLasso and fairness', () => {
  it('a lasso found without fairness is refused by the fair model: a weakly fair step is starved', () => {
    const d = findModel('peterson')!;
    const unfair = { ...d, build: (p: Parameters<typeof d.build>[0]) => { const i = d.build(p); return { ...i, actions: i.actions.map((a) => ({ ...a, fair: undefined })) }; } };
    const u = buildModel(unfair, { n: 3 }, ['starvation-free']);
    const f = buildModel(d, { n: 3 }, ['starvation-free']);
    if (!u.ok || !f.ok) throw new Error('build');
    const v = explore(u.value).violations[0];
    const steps = replayPath(f.value, v.trace);
    if (!steps.ok) throw new Error(steps.error.message);
    const claim = { property: 'starvation-free', instance: v.instance ?? 0, loop: v.trace.loop!, pIndex: v.trace.pIndex! };
    expect(confirmLasso(u.value, steps.value, claim).ok).toBe(true);
    expect(confirmLasso(f.value, steps.value, claim)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/weakly fair .* never taken/) as unknown } });
  });
});

describe('CLI', () => {
  it('check --invariant eventually-eats: text and --json say liveness and show the lasso; replay confirms it (exit 13)', () => {
    const dir = tmp();
    const text = cli(['check', 'philosophers', '-D', 'n=3', '--invariant', 'eventually-eats', '--no-deadlock', '-q', '--report-dir', dir, '--workers', '1']);
    expect(text.code).toBe(13);
    expect(text.stdout).toContain('property eventually-eats (liveness) violated by a lasso of 5 steps (p at step 1; loops from step 1: steps 2..5 repeat forever)');
    expect(text.stdout).toContain('↻ loop starts here');
    const json = cli(['check', 'philosophers', '-D', 'n=3', '--invariant', 'eventually-eats', '--no-deadlock', '--json', '--no-save-traces']);
    expect(json.code).toBe(13);
    const r = JSON.parse(json.stdout) as { exitCode: number; properties: unknown[]; violation: { kind: string; loop: number; pIndex: number; length: number }; liveness: { notes: string[] } };
    expect(r.exitCode).toBe(13);
    expect(r.properties).toEqual([{ name: 'eventually-eats', kind: 'leadsTo', status: 'violated' }]);
    expect(r.violation).toMatchObject({ kind: 'liveness', loop: 1, pIndex: 1, length: 5 });
    const itf = join(dir, 'traces', 'eventually-eats', 'trace.itf.json');
    expect((JSON.parse(readFileSync(itf, 'utf8')) as { loop: number }).loop).toBe(1);
    const rep = cli(['replay', itf, '-q']);
    expect(rep.code).toBe(13);
    expect(rep.stdout).toContain('confirmed: liveness eventually-eats violated');
  });
});
