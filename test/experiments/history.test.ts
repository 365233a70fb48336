/**
 * The bug history (models/kvfree/history.ts, `rcucheck history`): its rows are well formed (same
 * bounds on both sides unless a finding says why), and rerunning them gives the verdicts, trace
 * lengths and state counts published in reports/history.json, with stories read from the traces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HISTORY } from '../../models/kvfree/history.js';
import { historyJson, runHistory } from '../../src/experiments/history.js';

const PUBLISHED = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'reports', 'history.json'), 'utf8')) as {
  id: string;
  status: string;
  buggy: { verdict: string; steps: number | null; distinct: number } | null;
  fixed: { verdict: string; steps: number | null; distinct: number } | null;
}[];
/** Version knobs: the parameters a fixed side may change (the model itself may differ too). */
const VERSION_KNOBS = new Set(['kernel']);
/** Rows whose fixed side takes more than a few seconds (B2's fixed v5.9 side: ~2 M states); rerun by `rcucheck history`. */
const SLOW = new Set(['B2']);

describe('the bug history rows', () => {
  it('ids are unique and every published row is a registry row, in order', () => {
    expect(new Set(HISTORY.map((r) => r.id)).size).toBe(HISTORY.length);
    expect(PUBLISHED.map((r) => r.id)).toEqual(HISTORY.map((r) => r.id));
  });
  it.each(HISTORY.filter((r) => r.open === undefined).map((r) => [r.id, r] as const))('%s: both sides at the same bounds, or a finding saying why not', (_id, r) => {
    const b = r.buggy!;
    const f = r.fixed!;
    expect(b.expect).toBe('violated');
    const keys = new Set([...Object.keys(b.params), ...Object.keys(f.params)]);
    const differ = [...keys].filter((k) => !VERSION_KNOBS.has(k) && b.params[k] !== f.params[k]);
    // Anything but a version knob may differ only where the row's finding says why.
    if (differ.length > 0) expect(r.finding, `${r.id}: ${differ.join(', ')} differ`).toBeDefined();
  });
  it('a row the models cannot express says what is missing and has no sides', () => {
    for (const r of HISTORY.filter((x) => x.open !== undefined)) {
      expect(r.open!.length).toBeGreaterThan(20);
      expect(r.buggy).toBeUndefined();
    }
  });
});

describe('rerunning the history', () => {
  const ids = HISTORY.filter((r) => !SLOW.has(r.id)).map((r) => r.id);
  it(`rows ${ids.join(', ')} give the published verdicts, trace lengths and counts, with stories from their traces`, async () => {
    const results = await runHistory({ only: ids });
    const fresh = JSON.parse(historyJson(results)) as typeof PUBLISHED;
    for (const r of fresh) {
      const p = PUBLISHED.find((x) => x.id === r.id)!;
      expect({ id: r.id, status: r.status }).toEqual({ id: p.id, status: p.status });
      for (const side of ['buggy', 'fixed'] as const) {
        const a = r[side];
        const e = p[side];
        expect(a === null ? null : { verdict: a.verdict, steps: a.steps, distinct: a.distinct }).toEqual(e === null ? null : { verdict: e.verdict, steps: e.steps, distinct: e.distinct });
      }
    }
    for (const r of results.filter((x) => x.status !== 'open')) {
      expect(r.status, r.row.id).toBe('shown');
      expect(r.buggy!.story, `${r.row.id}: a story read from the buggy trace`).not.toBeNull();
      expect(Object.keys(r.files).some((f) => f.endsWith('trace.itf.json'))).toBe(true);
    }
  });
});
