/**
 * The tagging matrix (src/report/tagging.ts): the verdict of every cell is pinned (the set of
 * violated properties), the `none` control fails back-pointer recovery, every decode-unsafe cell
 * has replayable traces whose last state (or edge) breaks the property, and the report names which
 * kvfree() received which address.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALIGN_PROFILES, DECODE_PROPERTIES, renderAnswer, renderTaggingMd, runCell, runTagging, tagMatrix, type CellRun, type TagCellResult } from '../../src/experiments/tagging.js';
import { enabledActions } from '../../src/model/step.js';
import { cli } from '../cli/run.js';

/** Violated properties per cell, as the faithful models show them. */
const PINNED: Record<string, string[]> = {
  'v1-bit0-kernel-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-bit0-obj1-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'gp-guarantee', 'no-leak', 'reader-safety', 'valid-free'],
  'v1-bit0-wrap1-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'gp-guarantee', 'no-leak', 'reader-safety', 'valid-free'],
  'v1-bit0-all2-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-bit0-all1-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'gp-guarantee', 'no-leak', 'reader-safety', 'valid-free'],
  'v1-bit0-vmalloc1-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'gp-guarantee', 'no-leak', 'reader-safety', 'valid-free'],
  'v1-bit0-hvmalloc1-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-bit0-kernel-p4': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-bit0-kernel-p8-tiny': [],
  'v1-bit0-kernel-p8-tiny-wrap': ['back-pointer', 'debug-objects', 'debug-objects-end', 'no-leak', 'valid-free'],
  'v1-offset-half-kernel-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-offset-half-obj1-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-offset-half-wrap1-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-offset-half-all2-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-offset-half-all1-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-offset-half-vmalloc1-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-offset-half-hvmalloc1-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-offset-half-kernel-p4': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-offset-half-kernel-p8-tiny': [],
  'v1-offset-half-kernel-p8-tiny-wrap': ['back-pointer', 'debug-objects-end', 'no-leak'],
  'v1-bit31-kernel-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-bit31-obj1-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-bit31-wrap1-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-bit31-all2-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-bit31-all1-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-bit31-vmalloc1-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-bit31-hvmalloc1-p8': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-bit31-kernel-p4': ['debug-objects', 'debug-objects-end', 'gp-guarantee', 'reader-safety'],
  'v1-bit31-kernel-p8-tiny': [],
  'v1-bit31-kernel-p8-tiny-wrap': ['back-pointer', 'debug-objects-end', 'no-leak'],
  'v1-dyn-head-kernel-p8': ['gp-guarantee', 'reader-safety'],
  'v1-dyn-head-obj1-p8': ['gp-guarantee', 'reader-safety'],
  'v1-dyn-head-wrap1-p8': ['gp-guarantee', 'reader-safety'],
  'v1-dyn-head-all2-p8': ['gp-guarantee', 'reader-safety'],
  'v1-dyn-head-all1-p8': ['gp-guarantee', 'reader-safety'],
  'v1-dyn-head-vmalloc1-p8': ['gp-guarantee', 'reader-safety'],
  'v1-dyn-head-hvmalloc1-p8': ['gp-guarantee', 'reader-safety'],
  'v1-dyn-head-kernel-p4': ['gp-guarantee', 'reader-safety'],
  'v1-dyn-head-kernel-p8-low': ['back-pointer', 'debug-objects', 'debug-objects-end', 'gp-guarantee', 'no-leak', 'reader-safety', 'valid-free'],
  'v1-dyn-head-kernel-p8-tiny': [],
  'v1-dyn-head-kernel-p8-tiny-wrap': ['back-pointer', 'debug-objects', 'debug-objects-end', 'no-leak'],
  'v1-none-kernel-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'gp-guarantee', 'no-leak', 'reader-safety'],
  'v1-none-obj1-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'gp-guarantee', 'no-leak', 'reader-safety'],
  'v1-none-wrap1-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'gp-guarantee', 'no-leak', 'reader-safety'],
  'v1-none-all2-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'gp-guarantee', 'no-leak', 'reader-safety'],
  'v1-none-all1-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'gp-guarantee', 'no-leak', 'reader-safety'],
  'v1-none-vmalloc1-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'gp-guarantee', 'no-leak', 'reader-safety'],
  'v1-none-hvmalloc1-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'gp-guarantee', 'no-leak', 'reader-safety'],
  'v1-none-kernel-p4': ['back-pointer', 'debug-objects', 'debug-objects-end', 'gp-guarantee', 'no-leak', 'reader-safety'],
  'v1-none-kernel-p8-tiny': [],
  'v1-none-kernel-p8-tiny-wrap': ['back-pointer', 'debug-objects', 'debug-objects-end', 'no-leak'],
  'v59-untagged-kernel-p8': ['gp-guarantee', 'reader-safety'],
  'v59-untagged-obj1-p8': ['gp-guarantee', 'reader-safety'],
  'v59-untagged-all1-p8': ['gp-guarantee', 'reader-safety'],
  'v59-untagged-vmalloc1-p8': ['gp-guarantee', 'reader-safety'],
  'v59-untagged-kernel-p4': ['gp-guarantee', 'reader-safety'],
  'v6-none-kernel-p8': [],
  'v6-none-obj1-p8': [],
  'v6-none-wrap1-p8': [],
  'v6-none-all1-p8': [],
  'v6-none-kernel-p4': [],
  'v6-dyn-head-kernel-p8': [],
  'v6-dyn-head-obj1-p8': [],
  'v6-dyn-head-wrap1-p8': [],
  'v6-dyn-head-all1-p8': [],
  'v6-dyn-head-kernel-p4': [],
  'v6-dyn-head-kernel-p8-low': ['back-pointer', 'debug-objects', 'debug-objects-end', 'no-leak', 'valid-free'],
  'v6-offset-half-kernel-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'no-leak', 'valid-free'],
  'v6-offset-half-obj1-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'no-leak', 'valid-free'],
  'v6-offset-half-wrap1-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'no-leak', 'valid-free'],
  'v6-offset-half-all1-p8': ['back-pointer', 'debug-objects', 'debug-objects-end', 'no-leak', 'valid-free'],
  'v6-offset-half-kernel-p4': ['back-pointer', 'debug-objects', 'debug-objects-end', 'no-leak', 'valid-free'],
  'v6-offset-half-kernel-p8-high': ['back-pointer', 'debug-objects', 'debug-objects-end', 'no-leak', 'valid-free'],
  'v6-bit31-kernel-p8': ['debug-objects', 'debug-objects-end'],
  'v6-bit31-obj1-p8': ['debug-objects', 'debug-objects-end'],
  'v6-bit31-wrap1-p8': ['debug-objects', 'debug-objects-end'],
  'v6-bit31-all1-p8': ['debug-objects', 'debug-objects-end'],
  'v6-bit31-kernel-p4': ['back-pointer', 'debug-objects', 'debug-objects-end', 'no-leak'],
  'v6-bit31-kernel-p8-high': ['back-pointer', 'debug-objects', 'debug-objects-end', 'no-leak'],
};

const runs = new Map<string, CellRun>();
function run(id: string): CellRun {
  if (!runs.has(id)) runs.set(id, runCell(tagMatrix().find((c) => c.id === id)!));
  return runs.get(id)!;
}

describe('tagging matrix', () => {
  it('has exactly the pinned cells, in a fixed order', () => {
    expect(tagMatrix().map((c) => c.id)).toEqual(Object.keys(PINNED));
  });

  it.each(Object.keys(PINNED))('%s: pinned verdict per property', (id) => {
    const r = run(id).result;
    const got = Object.entries(r.properties)
      .filter(([, c]) => c.status === 'violated')
      .map(([p]) => p)
      .sort();
    expect(got).toEqual(PINNED[id]);
    expect(Object.values(r.properties).every((c) => c.status === 'holds' || c.status === 'violated')).toBe(true);
    expect(r.decodeSafe).toBe(DECODE_PROPERTIES.every((p) => !PINNED[id].includes(p)));
  });

  it('the untagged control (none) fails back-pointer recovery in every v1 tree cell', () => {
    const ids = Object.keys(PINNED).filter((id) => id.startsWith('v1-none-') && !id.includes('-tiny')); // Tiny has no ch3 decode
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) expect(PINNED[id]).toContain('back-pointer');
  });

  it.each(Object.keys(PINNED).filter((id) => DECODE_PROPERTIES.some((p) => PINNED[id].includes(p))))(
    '%s: decode traces replay, end in a violating state, and show which kvfree() got which address',
    (id) => {
      const { result, traces, model, files } = run(id);
      const decodeViolated = DECODE_PROPERTIES.filter((p) => PINNED[id].includes(p));
      expect(traces.map((t) => t.property).sort()).toEqual([...decodeViolated].sort());
      for (const { property, trace } of traces) {
        const last = trace.steps[trace.steps.length - 1].state;
        const p = [...model.invariants, ...model.terminals].find((x) => x.name === property)!;
        expect(p.holds(last), property).toBe(false);
        if (property === 'no-leak') expect(enabledActions(model, last)).toEqual([]);
        expect(trace.steps.length - 1).toBe(result.properties[property].traceLength);
        expect(files[`${property}/trace.md`]).toContain(property);
        expect(files[`${property}/trace.itf.json`]).toBeTruthy();
        expect(files[`${property}/trace.html`]).toBeTruthy();
        expect(trace.explanation).toMatch(/kvfree_rcu\(p(, rh)?\) for object \d+ at 0x/);
      }
      expect(result.kvfreeLog.some((l) => /decoded as .*(kvfree\(|WARN)|rcu_reclaim_tiny\(\) on head .*(kvfree\(|f\(head\) is called)/.test(l))).toBe(true);
    },
  );

  it('writes tagging.md, tagging.json and the trace directories atomically', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rcucheck-tags-'));
    try {
      const r = await runTagging(dir, { filter: 'v1-bit0-' });
      expect(r.results.map((x) => x.id)).toEqual(Object.keys(PINNED).filter((id) => id.includes('v1-bit0-')));
      const md = await readFile(join(dir, 'tagging.md'), 'utf8');
      expect(md).toBe(renderTaggingMd(r.results));
      expect(md).toContain('**unsafe** with');
      const json = JSON.parse(await readFile(join(dir, 'tagging.json'), 'utf8')) as { cells: { id: string }[] };
      expect(json.cells.length).toBe(r.results.length);
      const unsafe = r.results.find((x) => !x.decodeSafe)!;
      const t = await readFile(join(dir, unsafe.properties['back-pointer'].trace!, 'trace.md'), 'utf8');
      expect(t).toContain('back-pointer');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rcucheck tags --only runs the selected cells, writes the report and exits 0; an unmatched --only is bad input (151)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rcucheck-tags-cli-'));
    try {
      const r = cli(['tags', '--only', 'v6-dyn-head-kernel-p8', '-o', dir]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('v6-dyn-head-kernel-p8-low');
      expect(r.stdout).toContain('DECODE-UNSAFE');
      expect(r.stderr).toMatch(/2 cells .* 1 decode-safe/);
      expect(await readFile(join(dir, 'tagging.md'), 'utf8')).toContain('| v6 | dyn-head | kernel (object below 4096) | 8 |');
      const before = await readFile(join(dir, 'tagging.md'), 'utf8');
      const bad = cli(['tags', '--only', 'no-such-cell', '-o', dir]);
      expect(bad.code).toBe(151);
      expect(await readFile(join(dir, 'tagging.md'), 'utf8')).toBe(before); // nothing written
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('hypothetical markers exactly where an embedded-head object (alignObj < 8; alignVmalloc < 8 for ev) or an existing wrapper (alignWrap < 8) is under-aligned', () => {
    for (const c of tagMatrix()) {
      const a = ALIGN_PROFILES.find((x) => x.id === c.align)!;
      const toks = a.objects.split(',');
      const wrapper = c.variant === 'v1' || (c.variant === 'v6' && c.scheme !== 'none');
      const want = (toks.includes('e') && a.alignObj < 8) || (toks.includes('ev') && a.alignVmalloc < 8) || (wrapper && a.alignWrap < 8);
      expect(c.hypothetical, c.id).toBe(want);
      expect(c.transplant, c.id).toBe(c.variant === 'v6' && (c.scheme === 'offset-half' || c.scheme === 'bit31'));
    }
    expect(tagMatrix().find((c) => c.id === 'v1-bit0-kernel-p8')!.hypothetical).toBe(false);
    expect(tagMatrix().find((c) => c.id === 'v1-bit0-hvmalloc1-p8')!.hypothetical).toBe(false);
  });

  it('the head-less vmalloc cell exists (hv at alignVmalloc 1) and is decode-safe under bit0', () => {
    const c = tagMatrix().find((x) => x.id === 'v1-bit0-hvmalloc1-p8')!;
    expect(c.params).toMatchObject({ objects: 'hv,e', alignVmalloc: 1, tag: 'bit0' });
    expect(run(c.id).result.decodeSafe).toBe(true);
  });

  it('tiny cells: rcu=tiny is decode-safe for every scheme; rcu=tiny-wrap with offset-half breaks back-pointer and no-leak (f >= 4096 is called)', () => {
    const tiny = tagMatrix().filter((c) => c.rcu !== 'tree');
    expect(tiny.length).toBe(10);
    for (const c of tiny.filter((x) => x.rcu === 'tiny')) expect(run(c.id).result.decodeSafe, c.id).toBe(true);
    const tw = run('v1-offset-half-kernel-p8-tiny-wrap').result;
    expect(decodeBroken(tw)).toEqual(['back-pointer', 'no-leak']);
    expect(tw.kvfreeLog.some((l) => /rcu_reclaim_tiny\(\) on head .* f\(head\) is called/.test(l))).toBe(true);
    expect(decodeBroken(run('v1-bit0-kernel-p8-tiny-wrap').result)).toContain('valid-free');
  });

  it('the answer is derived: flipping a cell result changes its sentence', () => {
    const ids = ['v1-bit0-hvmalloc1-p8', 'v1-bit0-kernel-p8', 'v1-bit0-wrap1-p8', 'v1-bit0-obj1-p8', 'v1-offset-half-kernel-p8-tiny', 'v1-offset-half-kernel-p8-tiny-wrap', 'v1-bit31-kernel-p8-tiny-wrap', 'v1-bit0-kernel-p8-tiny-wrap', 'v1-offset-half-kernel-p8', 'v6-offset-half-kernel-p8'];
    const rs = ids.map((id) => run(id).result);
    const md = renderAnswer(rs).join('\n');
    expect(md).toContain('is decode-safe under bit0');
    expect(md).toContain('is marked **hypothetical**');
    expect(md).toContain('no tagged head exists there');
    expect(md).toContain('**transplant**');
    const flip = (id: string, f: (r: TagCellResult) => TagCellResult): TagCellResult[] => rs.map((r) => (r.id === id ? f(structuredClone(r)) : r));
    const unsafe = (r: TagCellResult): TagCellResult => ({ ...r, decodeSafe: false, properties: { ...r.properties, 'valid-free': { status: 'violated', traceLength: 3, trace: null, explanation: null } } });
    const m1 = renderAnswer(flip('v1-bit0-hvmalloc1-p8', unsafe)).join('\n');
    expect(m1).not.toContain('is decode-safe under bit0');
    expect(m1).toContain('does matter here');
    const m2 = renderAnswer(flip('v1-bit0-kernel-p8', (r) => ({ ...unsafe(r), hypothetical: false }))).join('\n');
    expect(m2).toContain("bit0 also fails in cells C's alignment allows: `v1-bit0-kernel-p8`");
    const m3 = renderAnswer(flip('v1-offset-half-kernel-p8-tiny', unsafe)).join('\n');
    expect(m3).not.toContain('no tagged head exists there');
    const m4 = renderAnswer(rs.filter((r) => r.id !== 'v1-bit0-hvmalloc1-p8')).join('\n');
    expect(m4).toContain('Not computed in this run');
  });
});

function decodeBroken(r: TagCellResult): string[] {
  return DECODE_PROPERTIES.filter((p) => r.properties[p].status === 'violated').sort();
}
