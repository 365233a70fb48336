/**
 * The bug history (models/kvfree/history.ts, `rcucheck history`): its rows are well formed (the two
 * sides of a row are one model and one configuration that differ in the row's fix knob alone; a
 * `fix=` knob names a fix of the model's table; every catalogue row B1-B13 is there), and rerunning
 * them gives the verdicts, trace lengths and state counts published in reports/history.json, with
 * stories read from the traces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HISTORY, rowSides } from '../../models/kvfree/history.js';
import { V1_FIXES, V59_FIXES, V59_RELEASES } from '../../models/kvfree/classic-versions.js';
import { V6_RELEASES } from '../../models/kvfree/v6-versions.js';
import { historyJson, runHistory } from '../../src/experiments/history.js';

const PUBLISHED = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'reports', 'history.json'), 'utf8')) as {
  id: string;
  status: string;
  knob: { name: string } | null;
  buggy: { model: string; defines: Record<string, unknown>; verdict: string; steps: number | null; distinct: number } | null;
  fixed: { model: string; defines: Record<string, unknown>; verdict: string; steps: number | null; distinct: number } | null;
}[];
/** Rows whose fixed side takes more than a few seconds (B2, B7: ~2 M states each); rerun by `rcucheck history`. */
const SLOW = new Set(['B2', 'B7']);
/** The fix commits each model's `fix=` knob can apply (models/kvfree/classic-versions.ts). */
const FIXES: Record<string, readonly { id: string; commit: string }[]> = { 'kvfree-v1': V1_FIXES, 'kvfree-v5.9': V59_FIXES };

describe('the bug history rows', () => {
  it('ids are unique and every published row is a registry row, in order', () => {
    expect(new Set(HISTORY.map((r) => r.id)).size).toBe(HISTORY.length);
    expect(PUBLISHED.map((r) => r.id)).toEqual(HISTORY.map((r) => r.id));
  });
  it.each(HISTORY.filter((r) => r.open === undefined).map((r) => [r.id, r] as const))('%s: one model, one configuration, the two sides differ in the fix knob alone', (_id, r) => {
    const sides = rowSides(r)!;
    expect(sides.buggy.model).toBe(sides.fixed.model);
    const keys = new Set([...Object.keys(sides.buggy.params), ...Object.keys(sides.fixed.params)]);
    expect([...keys].filter((k) => sides.buggy.params[k] !== sides.fixed.params[k])).toEqual([r.knob!.name]);
    // The published sides too (what a maintainer reruns).
    const p = PUBLISHED.find((x) => x.id === r.id)!;
    expect(p.buggy!.model).toBe(p.fixed!.model);
    const pk = new Set([...Object.keys(p.buggy!.defines), ...Object.keys(p.fixed!.defines)]);
    expect([...pk].filter((k) => p.buggy!.defines[k] !== p.fixed!.defines[k])).toEqual([r.knob!.name]);
    if (r.knob!.name === 'fix') {
      // A fix knob applies a fix of the model's table, and the row names that fix's commits.
      const fix = FIXES[r.config!.model].find((f) => f.id === r.knob!.fixed)!;
      expect(fix, `${r.id}: ${String(r.knob!.fixed)} is in the fix table`).toBeDefined();
      expect(r.knob!.buggy).toBe('none');
      for (const c of fix.commit.split(', ')) expect(r.commit).toContain(c);
    }
    if (r.knob!.name === 'kernel') {
      // Neighbouring rows of the model's version table, the later one bringing exactly the row's fix.
      const table = r.config!.model === 'kvfree-v5.9' ? V59_RELEASES.map((x) => ({ id: x.id, commits: [x.commit] })) : V6_RELEASES.map((x) => ({ id: x.kernel, commits: [...x.commits] }));
      const i = table.findIndex((x) => x.id === r.knob!.buggy);
      expect(i, `${r.id}: ${String(r.knob!.buggy)} is in the ${r.config!.model} table`).toBeGreaterThanOrEqual(0);
      expect(table[i + 1]?.id).toBe(r.knob!.fixed);
      expect(table[i + 1].commits).toEqual([r.commit]);
    }
  });
  it('every catalogue row B1-B13 is listed, modelled or open', () => {
    for (const id of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9', 'B10', "B10'", 'B11', 'B12', 'B13']) expect(HISTORY.map((r) => r.id)).toContain(id);
  });
  it('a row the models cannot express says what is missing and has no sides', () => {
    for (const r of HISTORY.filter((x) => x.open !== undefined)) {
      expect(r.open!.length).toBeGreaterThan(20);
      expect(r.config).toBeUndefined();
      expect(rowSides(r)).toBeNull();
    }
  });
});

describe('B6, the data-race row (a23da88c6c80; `--races` on kvfree-v6, models/kvfree/v6-accesses.ts)', () => {
  // What the rerun below checks the published record against, pinned here by name and count.
  const RACE =
    'race krcp[0].monitor_work.timer.expires: M kvfree_rcu_queue_batch + rearm (write) / C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback (read)';
  type RaceSide = { verdict: string; steps: number | null; distinct: number; defines: Record<string, unknown>; trace: string | null; races?: { candidates: number; found: string | null } };
  const row = PUBLISHED.find((r) => r.id === 'B6') as unknown as { status: string; property: string; buggy: RaceSide; fixed: RaceSide };
  it('v6.12: the re-arm race on monitor_work.timer.expires in 22 steps, one of 4 racing label pairs; v6.13: no pair can race, the same 237307 states searched', () => {
    expect(row.status).toBe('shown');
    expect(row.property).toBe('data-race');
    expect(row.buggy).toMatchObject({ verdict: 'violated', steps: 22, distinct: 237307, trace: 'history/B6/buggy/trace.itf.json', races: { candidates: 4, found: RACE } });
    expect(row.fixed).toMatchObject({ verdict: 'holds', steps: null, distinct: 237307, trace: null, races: { candidates: 0, found: null } });
    expect(row.buggy.defines).toEqual({ cpus: 1, objects: 'e,e,e,e', readers: 0, kernel: 'v6.12' });
    expect(row.fixed.defines).toEqual({ cpus: 1, objects: 'e,e,e,e', readers: 0, kernel: 'v6.13' });
  });
});

describe("B6', the krcp->head row (9627456101ec; `--races` on kvfree-v6's v6.3 merge-window rows)", () => {
  const row = HISTORY.find((r) => r.id === "B6'")!;
  it('is a data-race row between neighbouring rows of the version table; nr_bkv_objs stays a finding', () => {
    expect(row.property).toBe('data-race');
    expect(row.open).toBeUndefined();
    expect(row.knob).toMatchObject({ name: 'kernel', buggy: 'v6.3-merge-cc37d52076a9', fixed: 'v6.3-merge-9627456101ec' });
    expect(rowSides(row)).not.toBeNull();
    expect(row.finding).toMatch(/nr_bkv_objs has no buggy side/);
    expect(V6_RELEASES.slice(0, 3).map((r) => r.kernel)).toEqual(['v6.3-merge-cc37d52076a9', 'v6.3-merge-9627456101ec', 'v6.4']);
  });
});

describe('rerunning the history', () => {
  const ids = HISTORY.filter((r) => !SLOW.has(r.id)).map((r) => r.id);
  it(`rows ${ids.join(', ')} give the published verdicts, trace lengths and counts, with stories from their traces`, async () => {
    const results = await runHistory({ only: ids });
    const fresh = JSON.parse(historyJson(results)) as typeof PUBLISHED;
    // Everything but the times: verdicts, trace lengths, counts, explanations and stories of every
    // side, the further properties (`also`) and the hazard lines.
    const noTimes = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'seconds' ? undefined : x)));
    for (const r of fresh) expect(noTimes(r)).toEqual(noTimes(PUBLISHED.find((x) => x.id === r.id)));
    for (const r of results.filter((x) => x.status !== 'open')) {
      expect(r.status, r.row.id).toBe('shown');
      expect(r.buggy!.story, `${r.row.id}: a story read from the buggy trace`).not.toBeNull();
      expect(Object.keys(r.files).some((f) => f.endsWith('trace.itf.json'))).toBe(true);
    }
  });
});
