/**
 * The kvfree report's race table (src/experiments/kvfree-races.ts, section "Data races (--races)"
 * of reports/kvfree-v6.md): a configuration with B6's bounds gives the one known race with a
 * trace that replays and a table row that links it; the published table is what rerunning gives,
 * and says what it found on every faithful plan configuration (none, today).
 *
 * Why this file exists: the table is published; its outcome on the plan is a finding that must
 * not change silently, and the path that renders a found race must work although the plan finds
 * none. It must not rerun every configuration (the report command does): it reruns a few. kvfree-v1
 * and kvfree-v5.9 (krcp->count, models/kvfree/classic-accesses.ts): their shrinker configurations'
 * race runs are pinned here, from runRaces() (not from reports/, which the integrator regenerates).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { V1_CONFIGS, V59_CONFIGS, V6_CONFIGS, type KvfreeConfig } from '../../models/kvfree/configs.js';
import { KVFREE_VARIANTS } from '../../models/kvfree/variants.js';
import { findModel } from '../../models/index.js';
import { compileModel, resolveParams } from '../../src/model/compile.js';
import { labelsAccesses } from '../../src/experiments/kvfree-races.js';
import { raceJson, raceSection, runRaces } from '../../src/experiments/kvfree-races.js';
import { readItf } from '../../src/trace/itf.js';
import { confirmTrace } from '../../src/trace/confirm.js';

const REPORTS = join(import.meta.dirname, '..', '..', 'reports');
const PUBLISHED = JSON.parse(readFileSync(join(REPORTS, 'kvfree-v6.json'), 'utf8')) as {
  id: string;
  mutation: boolean;
  races?: { distinct: number; candidates: string[]; incomplete: string | null; found: unknown[] };
}[];

const B6 =
  'race krcp[0].monitor_work.timer.expires: M kvfree_rcu_queue_batch + rearm (write) / C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback (read)';

describe('the race table', () => {
  it("B6's bounds (history row B6, kernel=v6.12): the re-arm race, 22 steps, a replaying trace, a linked table row", () => {
    const cfg: KvfreeConfig = { id: 'b6', model: 'kvfree-v6', params: { cpus: 1, objects: 'e,e,e,e', readers: 0, kernel: 'v6.12' }, bounds: 'B6', violates: [], note: 'B6' };
    const r = runRaces(cfg, 'kvfree-v6');
    expect(r.incomplete).toBeNull();
    expect(r.distinct).toBe(237307);
    expect(r.candidates).toHaveLength(4);
    expect(r.races.map((x) => [x.property, x.loc, x.steps, x.dir])).toEqual([[B6, 'krcp[0].monitor_work.timer.expires', 22, 'kvfree-v6/b6/races/race-1']]);
    expect(r.races[0].a).toBe('M kvfree_rcu_queue_batch + rearm (write, plain, holding krcp[0].monitor_work PENDING)');
    expect(r.races[0].b).toBe('C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback (read, plain, holding krcp[0].lock)');
    expect(Object.keys(r.files).sort()).toEqual(['kvfree-v6/b6/races/race-1/trace.html', 'kvfree-v6/b6/races/race-1/trace.itf.json', 'kvfree-v6/b6/races/race-1/trace.md']);
    const itf = readItf(r.files['kvfree-v6/b6/races/race-1/trace.itf.json']);
    if (!itf.ok) throw new Error(itf.error.message);
    const c = confirmTrace(itf.value);
    expect(c.ok && c.value.exitCode).toBe(12);
    const md = raceSection([r], '').join('\n');
    expect(md).toContain('1 configurations, 1 with a race.');
    expect(md).toContain('| b6 | 237307 | 4 | `krcp[0].monitor_work.timer.expires`: M kvfree_rcu_queue_batch + rearm (write, plain, holding krcp[0].monitor_work PENDING) / ');
    expect(md).toContain('[ITF](kvfree-v6/b6/races/race-1/trace.itf.json)');
    expect(md).toContain('`rcucheck replay reports/kvfree-v6/b6/races/race-1/trace.itf.json` re-executes it');
  }, 120_000);

  // v6-boot (default kernel v6.12, boot=boot): kfree_rcu_scheduler_running()'s re-arm writes the
  // timer without krcp->lock (8fc5494ad5fa..v6.12; a23da88c6c80 takes it from v6.13) while a call reads it.
  const BOOT =
    'race krcp[0].monitor_work.timer.expires: B kfree_rcu_scheduler_running (write) / C kvfree_call_rcu: add_ptr_to_bulk fails, ch3 or fallback (read)';
  it('published: every faithful configuration has its race run, finished; only v6-boot has a race (the boot re-arm, v6.12); no mutation has one; v6.15 has no candidate', () => {
    const faithful = V6_CONFIGS.filter((c) => c.mutation !== true).map((c) => c.id);
    expect(PUBLISHED.filter((r) => r.races !== undefined).map((r) => r.id)).toEqual(faithful);
    for (const r of PUBLISHED.filter((x) => x.races !== undefined)) {
      expect(r.races!.incomplete, r.id).toBeNull();
      expect((r.races!.found as { property: string }[]).map((f) => f.property), r.id).toEqual(r.id === 'v6-boot' ? [BOOT] : []);
    }
    const v615 = PUBLISHED.filter((r) => r.races !== undefined && r.id.startsWith('v615-'));
    expect(v615.map((r) => r.races!.candidates.length)).toEqual(v615.map(() => 0));
    expect(v615.length).toBe(V6_CONFIGS.filter((c) => c.mutation !== true && c.id.startsWith('v615-')).length);
    expect(v615.length).toBeGreaterThan(0);
    const md = readFileSync(join(REPORTS, 'kvfree-v6.md'), 'utf8');
    expect(md).toContain('## Data races (--races)');
    expect(md).toContain(`${faithful.length} configurations, 1 with a race.`);
  });

  it.each(['v6-three', 'v6-2cpu-headless-shrinker', 'v6-boot'])('%s: rerunning gives the published race record', (id) => {
    const cfg = V6_CONFIGS.find((c) => c.id === id)!;
    expect(raceJson(runRaces(cfg, 'kvfree-v6'))).toEqual(PUBLISHED.find((r) => r.id === id)!.races);
  }, 120_000);
});

// kvfree-v1 and kvfree-v5.9 label krcp->count (models/kvfree/classic-accesses.ts): their reports
// get the race table too, and the shrinker configurations find kfree_rcu_shrink_scan()'s plain load.
describe('the race table of kvfree-v1 and kvfree-v5.9 (krcp->count)', () => {
  it('every kvfree family labels accesses, so every report runs its faithful configurations with --races, and says what is labelled', () => {
    for (const v of KVFREE_VARIANTS) {
      const cfg = v.configs.find((c) => c.mutation !== true)!;
      const p = resolveParams(findModel(cfg.model)!, cfg.params);
      if (!p.ok) throw new Error(p.error.message);
      const m = compileModel(findModel(cfg.model)!, p.value);
      if (!m.ok) throw new Error(m.error.message);
      expect(labelsAccesses(m.value), v.family).toBe(true);
      expect(v.racesNote ?? '', v.family).toContain('Labelled');
    }
  });

  const R = (a: string, b: string) => `race krcp[0].count: ${a} (write) / ${b} (read)`;
  it.each([
    ['v1-readers-shrinker', V1_CONFIGS, 2524, 6, [R('C1-C7 kvfree_call_rcu: C3 add_ptr_to_bulk', 'S kfree_rcu_shrink_scan'), `${R('C1-C7 kvfree_call_rcu: C4 queue on ch3', 'S kfree_rcu_shrink_scan')} #2`, R('M1-M3 kfree_rcu_monitor', 'S kfree_rcu_shrink_scan')], [2, 2, 4]],
    ['v1-shrink-core', V1_CONFIGS, 426, 6, [R('M1-M3 kfree_rcu_monitor', 'S kfree_rcu_shrink_scan: next CPU')], [6]],
    ['v1-small', V1_CONFIGS, 5533, 1, [], []],
    ['v59-readers-shrinker', V59_CONFIGS, 2788, 3, [R('C1-C7 kvfree_call_rcu: C3 add_ptr_to_bulk', 'S kfree_rcu_shrink_scan'), R('C1-C7 kvfree_call_rcu: C4 queue on ch3', 'S kfree_rcu_shrink_scan'), R('M1-M3 kfree_rcu_monitor', 'S kfree_rcu_shrink_scan')], [2, 2, 5]],
    ['v59-shrink-core', V59_CONFIGS, 420, 3, [R('M1-M3 kfree_rcu_monitor', 'S kfree_rcu_shrink_scan: next CPU')], [7]],
    ['v59-small', V59_CONFIGS, 6431, 0, [], []],
  ] as const)('%s: its race run (distinct, candidates, races and trace lengths), traces that replay', (id, configs, distinct, candidates, races, steps) => {
    const cfg = configs.find((c) => c.id === id)!;
    const family = cfg.model;
    const r = runRaces(cfg, family);
    expect(r.incomplete).toBeNull();
    expect(r.distinct).toBe(distinct);
    expect(r.candidates).toHaveLength(candidates);
    expect(r.races.map((x) => x.property)).toEqual(races);
    expect(r.races.map((x) => x.steps)).toEqual(steps);
    for (const x of r.races) {
      const itf = readItf(r.files[`${x.dir}/trace.itf.json`]);
      if (!itf.ok) throw new Error(itf.error.message);
      const c = confirmTrace(itf.value);
      expect(c.ok && c.value.exitCode, x.property).toBe(12);
    }
  }, 120_000);
});
