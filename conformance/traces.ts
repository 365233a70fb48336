/**
 * Replay every published kvfree-v6 trace on the kernel's own code and write
 * reports/conformance.md (issue 29, stage 3, first part).
 *
 * Why this file exists: `npm run conformance -- --traces` and test/conformance/traces.test.ts
 * share it. It lists the published traces (reports/kvfree-v6/, reports/proofs/v6-*, 
 * reports/history/), says for each why it is compared or not (conformance/from-trace.ts:
 * traceRefusal), replays the compared ones through the harness (one binary per model
 * `capacity`), and renders the report: source version and tarball checksum, the functions
 * compiled, the version analysis, traces and steps compared, every mismatch, every step not
 * driven and why.
 *
 * What it must not do: write anything but reports/conformance.md (and only when asked); put a
 * timing, a host name or a build path in the report; read or change models/, invariants/ or
 * proofs/; count a trace as conformant when a step was not driven (its later steps are listed
 * as not replayed).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CODE_KERNEL, compare, plan, readTrace, scriptOf, traceRefusal, type Compared, type ModelTrace } from './from-trace.js';
import { ROOT, build, runScript, type Build, type Log } from './harness.js';
import { coverage, FAITHFUL_CONFIGS, type Coverage } from './families.js';
import { runTargeted, walkTotals, type TargetedResult, type WalkRun } from './walk.js';

/** Every trace.itf.json under the published report directories, sorted. */
export function publishedTraces(root: string = ROOT): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n === 'trace.itf.json') out.push(relative(root, p));
    }
  };
  walk(join(root, 'reports', 'kvfree-v6'));
  walk(join(root, 'reports', 'history'));
  for (const d of readdirSync(join(root, 'reports', 'proofs')).sort()) if (d.startsWith('v6')) walk(join(root, 'reports', 'proofs', d));
  return out;
}

export interface TraceResult {
  file: string;
  kernel: string;
  refused: string | null;
  result: Compared | null;
}

/** Replay one trace (already read) on a build for its capacity. */
export function replay(t: ModelTrace, builds: (capacity: number) => Build): Compared {
  const pl = plan(t);
  const b = builds(pl.capacity);
  const r = runScript(b, scriptOf(pl));
  return compare(t, pl, r.lines, r.status, r.stderr);
}

export interface Run {
  build: Build;
  results: TraceResult[];
  /** Steps compared per family and per action name of the faithful configurations (traces and walks). */
  coverage: Coverage;
  /** The seeded random walks (conformance/walk.ts), when run. */
  walks?: WalkRun;
  /** The targeted walks (conformance/walk.ts TARGETED_WALKS), when run. */
  targeted?: TargetedResult[];
  /** The per action name counts of the traces alone, of the targeted walks alone and of the random walks alone. */
  byTraces?: Coverage;
  byTargeted?: Coverage;
  byWalks?: Coverage;
}

const traceLabels = (run: Run): string[] => run.results.flatMap((r) => r.result?.comparedActions ?? []);
const targetedLabels = (run: Run): string[] => (run.targeted ?? []).flatMap((w) => w.result.comparedActions);

/** Add the targeted walks to a run of the published traces: coverage becomes that of both. */
export function withTargeted(run: Run, builds: (capacity: number) => Build): Run {
  const r = { ...run, targeted: runTargeted(builds) };
  return { ...r, coverage: coverage([...traceLabels(r), ...targetedLabels(r)]), byTraces: coverage(traceLabels(r)), byTargeted: coverage(targetedLabels(r)) };
}

/** Add the walks to a run of the published traces (and targeted walks): coverage becomes that of all. */
export function withWalks(run: Run, walks: WalkRun): Run {
  const walkLabels = walks.walks.flatMap((w) => w.result.comparedActions);
  return { ...run, walks, coverage: coverage([...traceLabels(run), ...targetedLabels(run), ...walkLabels]), byTraces: coverage(traceLabels(run)), byWalks: coverage(walkLabels) };
}

/** One build per capacity, made on first use (build() runs gcc each time it is called). */
export function buildCache(log: Log = () => {}): (capacity: number) => Build {
  const cache = new Map<number, Build>();
  return (capacity: number): Build => {
    let b = cache.get(capacity);
    if (b === undefined) {
      b = build(log, capacity);
      cache.set(capacity, b);
    }
    return b;
  };
}

/** Replay every published trace that is of kvfree-v6 at a version whose code is 6.12.118's. */
export function runAll(log: Log = () => {}, files: string[] = publishedTraces(), builds: (capacity: number) => Build = buildCache(log)): Run {
  const results: TraceResult[] = [];
  for (const file of files) {
    const t = readTrace(file, readFileSync(join(ROOT, file), 'utf8'));
    if (t.model !== 'kvfree-v6') continue;
    const refused = traceRefusal(t);
    results.push({ file, kernel: String(t.params.kernel), refused, result: refused === null ? replay(t, builds) : null });
  }
  return { build: builds(1), results, coverage: coverage(results.flatMap((r) => r.result?.comparedActions ?? [])) };
}

/** The version analysis (hand-checked against the extracted kernel/rcu/tree.c and mm/slab_common.c). */
export const VERSION_ANALYSIS = [
  '| feature (models/kvfree/v6-versions.ts) | commit | in 6.12.118? | where in the Debian source |',
  '|---|---|---|---|',
  '| fullGpSnap | cdfa0f6fa6b7 | yes | add_ptr_to_bulk_krc_lock(): `get_state_synchronize_rcu_full(&bnode->gp_snap)` |',
  '| bulkGpWarn | cdfa0f6fa6b7 | yes | kvfree_rcu_bulk(): `if (!WARN_ON_ONCE(!poll_state_synchronize_rcu_full(&bnode->gp_snap)))` |',
  '| headGpWarn | f32276a37652 | yes | kfree_rcu_work(): `if (head && !WARN_ON_ONCE(!poll_state_synchronize_rcu_full(&head_gp_snap)))` |',
  '| unqueueAfterPoll | 1e237994d9c9 | yes | kvfree_rcu_bulk(): debug_rcu_bhead_unqueue() inside the polled-done branch |',
  '| batchWhenAllIdle | 5da7cb193db3 | yes | kvfree_rcu_queue_batch(): `if (need_wait_for_krwp_work(krwp)) continue;` (a batch is taken only when all its slots are free) |',
  '| countPerChannel | 4c33464ae85e | yes | kvfree_rcu_queue_batch(): `atomic_set(&krcp->bulk_count[j], 0)` per detached channel; krc_count() sums them |',
  '| drainReady | 2ca836b1da17 | yes | kvfree_rcu_queue_batch(): `queue_rcu_work(rcu_reclaim_wq, &krwp->rcu_work)`; kfree_rcu_monitor(): `kvfree_rcu_drain_ready(krcp)` |',
  "| headReadOnce | 9627456101ec | yes | need_offload_krc(): `return !!READ_ONCE(krcp->head);` |",
  '| refillFromNr | 60888b77a06e | yes | fill_page_cache_func(): `for (i = READ_ONCE(krcp->nr_bkv_objs); i < nr_pages; i++)` |',
  '| consistentKrcp | 309a43165077 | yes | add_ptr_to_bulk_krc_lock(): `raw_spin_lock_irqsave(&(*krcp)->lock, *flags)` after __get_free_page() |',
  '| unboundWq | 0aac9daef676, dfd3df31c9db | yes | works queued on `rcu_reclaim_wq` = alloc_workqueue("kvfree_rcu_reclaim", WQ_UNBOUND \\| WQ_MEM_RECLAIM, 0) (dfd3df31c9db backported; v6.12 had system_unbound_wq: both unbound) |',
  '| barrierApi | 2b55d6a42d14 | yes | kvfree_rcu_barrier() in kernel/rcu/tree.c |',
  '| destroyBarrier | 6c6c47b063b5 | yes | mm/slab_common.c kmem_cache_destroy(): `kvfree_rcu_barrier()` before the shutdown |',
  '| rearmUnderLock | a23da88c6c80 | yes (stable backport) | kfree_rcu_monitor() re-arms through schedule_delayed_monitor_work(), which takes krcp->lock |',
  '| fullSnapFromState | 85aad7cc4178 | yes (stable backport) | get_state_synchronize_rcu_full(): `rgosp->rgos_norm = rcu_seq_snap(&rcu_state.gp_seq)` |',
].join('\n');

const countSteps = (rs: TraceResult[]): { traces: number; steps: number; client: number; mism: number; notDriven: number; total: number } => {
  let traces = 0;
  let steps = 0;
  let client = 0;
  let mism = 0;
  let notDriven = 0;
  let total = 0;
  for (const r of rs) {
    if (r.result === null) continue;
    traces++;
    steps += r.result.stepsCompared;
    client += r.result.clientSteps;
    mism += r.result.mismatches.length;
    total += r.result.totalSteps;
    if (r.result.stop) notDriven += r.result.totalSteps - r.result.stop.index + 1;
  }
  return { traces, steps, client, mism, notDriven, total };
};

/** reports/conformance.md: deterministic (no timings, no paths outside the repository). */
export function renderReport(run: Run): string {
  const b = run.build;
  const c = countSteps(run.results);
  const compared = run.results.filter((r) => r.result !== null);
  const refused = run.results.filter((r) => r.result === null);
  const L: string[] = [];
  L.push('# Conformance: the kvfree-v6 model against the kernel\'s own code');
  L.push('');
  L.push('Generated by `npm run conformance -- --traces` (conformance/traces.ts, issue 29 stage 3). Do not edit.');
  L.push('');
  L.push('## Source');
  L.push('');
  L.push(`- Debian package linux-source-6.12, version ${b.version}`);
  L.push(`- tarball sha256 ${b.tarballSha256}`);
  L.push(`- kernel/rcu/tree.c sha256 ${b.treeSha256}`);
  L.push(`- compiled from kernel/rcu/tree.c, verbatim (conformance/extract.ts): ${b.kept.map((k) => `${k.name} (line ${k.line})`).join(', ')}`);
  L.push('- per model `capacity`, PAGE_SIZE = 40 + 8 × capacity so that the kernel\'s own KVFREE_BULK_MAX_ENTR is `capacity` (conformance/shim/kernel.h); `rcu_min_cached_objs` = the model\'s `cacheLimit`');
  L.push('');
  L.push('## Which model version is 6.12.118');
  L.push('');
  L.push(VERSION_ANALYSIS);
  L.push('');
  L.push('Every feature of the table is in 6.12.118, so its code at the modelled steps is `kernel=v6.15`\'s (the last row). ' +
    '`kernel=v6.12` differs at two features: rearmUnderLock (the monitor\'s re-arm step; a v6.12 trace is replayed only up to a re-arm taken while the model\'s krcp lock is held) ' +
    'and fullSnapFromState (visible only when grace-period initialisation is its own step, `gpinit=1`: a v6.12 or v6.13 trace with gpinit=1 is replayed only up to its first grace-period start). `kernel=v6.13` differs at fullSnapFromState only. ' +
    'Older rows differ at consistentKrcp, refillFromNr, unqueueAfterPoll, unboundWq, barrierApi or destroyBarrier (and the v6.3 merge-window rows also at batchWhenAllIdle, countPerChannel, drainReady and headReadOnce) and are not compared.');
  L.push('');
  L.push('## Figures');
  L.push('');
  L.push(`- published kvfree-v6 traces: ${run.results.length}; replayed: ${c.traces}; not replayed (whole trace): ${refused.length}`);
  L.push(`- model steps of the replayed traces: ${c.total}; driven and compared: ${c.steps} (of which ${c.client} client steps that run no kernel code: unpublish, readers); not driven: ${c.notDriven}`);
  L.push(`- mismatches: ${c.mism}`);
  L.push('');
  L.push('Each step is compared on: per CPU head_count, bulk_count[0..1], nr_bkv_objs, monitor_work pending, each batch\'s rcu_work pending; per object the number of frees; and the code must not WARN, report a harness error, block, or end before the point where the model\'s step ends.');
  L.push('');
  L.push('## Action families driven');
  L.push('');
  L.push(`The required families are those of every action name of kvfree-v6 in the faithful configurations at kernel=v6.15 (conformance/families.ts: ${FAITHFUL_CONFIGS.length} configurations, mutation=none, tag=none, boot=boot, gpinit=1, refill=1, shrinker 0/1, teardown barrier/destroy, 1 and 2 CPUs). \`npm run conformance -- --traces\` exits 1 when one of them has no compared step.`);
  L.push('');
  const w = run.byTraces !== undefined && run.byWalks !== undefined ? { t: run.byTraces, w: run.byWalks } : null;
  const famOf = (c: Coverage, f: string): number => c.families.find((x) => x.family === f)?.steps ?? 0;
  const actOf = (c: Coverage, n: string): number => c.actions.find((x) => x.name === n)?.steps ?? 0;
  const tg = run.byTargeted;
  if (w === null) {
    L.push('| family | required | steps compared |');
    L.push('|---|---|---|');
    for (const f of run.coverage.families) L.push(`| ${f.family} | ${f.required ? 'yes' : 'no'} | ${f.steps} |`);
  } else {
    L.push(`| family | required | steps compared | of which in published traces |${tg ? ' in targeted walks |' : ''} in random walks |`);
    L.push(`|---|---|---|---|${tg ? '---|' : ''}---|`);
    for (const f of run.coverage.families)
      L.push(`| ${f.family} | ${f.required ? 'yes' : 'no'} | ${f.steps} | ${famOf(w.t, f.family)} |${tg ? ` ${famOf(tg, f.family)} |` : ''} ${famOf(w.w, f.family)} |`);
  }
  L.push('');
  L.push(run.coverage.missing.length === 0 ? 'Every required family was driven.' : `Never driven: ${run.coverage.missing.join(', ')}.`);
  L.push('');
  L.push(`Per action name of the faithful configurations (an action with 0 is not driven by any replayed trace${w === null ? '' : ' or walk'}):`);
  L.push('');
  if (w === null) {
    L.push('| action | family | steps compared |');
    L.push('|---|---|---|');
    for (const a of run.coverage.actions) L.push(`| ${a.name} | ${a.family} | ${a.steps} |`);
  } else {
    L.push(`| action | family | steps compared | published traces |${tg ? ' targeted walks |' : ''} random walks |`);
    L.push(`|---|---|---|---|${tg ? '---|' : ''}---|`);
    for (const a of run.coverage.actions) L.push(`| ${a.name} | ${a.family} | ${a.steps} | ${actOf(w.t, a.name)} |${tg ? ` ${actOf(tg, a.name)} |` : ''} ${actOf(w.w, a.name)} |`);
  }
  L.push('');
  L.push('## Mismatches');
  L.push('');
  const withMism = compared.filter((r) => r.result !== null && r.result.mismatches.length > 0);
  if (withMism.length === 0) L.push('None.');
  for (const r of withMism) {
    for (const m of r.result?.mismatches ?? []) {
      L.push(`- ${r.file} step ${m.step} \`${m.action}\`: model \`${m.expected}\`; code \`${m.code}\``);
    }
  }
  L.push('');
  if (run.targeted !== undefined) renderTargeted(L, run.targeted);
  if (run.walks !== undefined) renderWalks(L, run.walks);
  L.push('## Traces replayed');
  L.push('');
  L.push('| trace | kernel= | steps | compared | first step not driven |');
  L.push('|---|---|---|---|---|');
  for (const r of compared) {
    const x = r.result as Compared;
    L.push(`| ${r.file} | ${r.kernel} | ${x.totalSteps} | ${x.stepsCompared} | ${x.stop ? `${x.stop.index} \`${x.stop.action}\`: ${x.stop.reason}` : '-'} |`);
  }
  L.push('');
  L.push('## Steps not driven, by reason');
  L.push('');
  const reasons = new Map<string, number>();
  for (const r of compared) if (r.result?.stop) reasons.set(r.result.stop.reason, (reasons.get(r.result.stop.reason) ?? 0) + 1);
  if (reasons.size === 0) L.push('None.');
  for (const [why, n] of [...reasons.entries()].sort()) L.push(`- ${n} trace(s) stop at: ${why}`);
  L.push('');
  L.push('## Traces not replayed');
  L.push('');
  L.push('| trace | kernel= | why |');
  L.push('|---|---|---|');
  for (const r of refused) L.push(`| ${r.file} | ${r.kernel} | ${r.refused ?? ''} |`);
  L.push('');
  return `${L.join('\n')}\n`;
}

/** The targeted walks' section of the report. */
function renderTargeted(L: string[], ts: TargetedResult[]): void {
  L.push('## Targeted walks');
  L.push('');
  L.push('Single walks (conformance/walk.ts TARGETED_WALKS: a configuration and a seed, the walk generator of the random walks below) chosen because they reach an action no published trace reaches; ' +
    'each is replayed and compared as a published trace is. `npm run conformance -- --traces` exits 1 when one no longer reaches its action compared, or has a mismatch.');
  L.push('');
  L.push('| configuration | seed | steps | compared | reaches | steps of it compared | mismatches | first step not driven |');
  L.push('|---|---|---|---|---|---|---|---|');
  for (const t of ts) {
    const x = t.result;
    L.push(`| ${t.config} | ${t.seed} | ${x.totalSteps} | ${x.stepsCompared} | ${t.reaches} | ${t.reached} | ${x.mismatches.length} | ${x.stop ? `${x.stop.index} \`${x.stop.action}\`: ${x.stop.reason}` : '-'} |`);
  }
  L.push('');
  const mism = ts.flatMap((t) => t.result.mismatches.map((m) => `- ${t.config} seed ${t.seed} step ${m.step} \`${m.action}\`: model \`${m.expected}\`; code \`${m.code}\``));
  if (mism.length > 0) L.push(...mism, '');
}

/** The random walks' section of the report. */
function renderWalks(L: string[], run: WalkRun): void {
  const t = walkTotals(run);
  L.push('## Random walks');
  L.push('');
  L.push(`Generated with \`--walks ${run.count} --seed ${run.seed}\` (conformance/walk.ts): walk i is a random execution of the faithful configuration i mod ${run.configs.length} of this list, ` +
    `models/kvfree/configs.ts V6_CONFIGS with their parameters plus kernel=${CODE_KERNEL} (no mutation, no tag): ${run.configs.join(', ')}. ` +
    `Each walk starts from an initial state and takes at most ${run.maxSteps} steps, each chosen uniformly among the actions the model enables (the model's own successor function), ` +
    'seeded by a mulberry32 generator from (seed, i), so the walks are the same on every run; a walk ends earlier when no enabled action changes the state. ' +
    'Each walk is turned into the trace a published `trace.itf.json` would be and replayed and compared exactly as those are.');
  L.push('');
  L.push(`- walks: ${t.walks}; every step driven and compared with no mismatch: ${t.passed}; stopped at a step the harness does not drive (later steps not replayed, not counted as passed): ${t.stopped}; with a mismatch: ${t.withMismatch}`);
  L.push(`- model steps: ${t.steps}; driven and compared: ${t.stepsCompared} (of which ${t.clientSteps} client steps); not driven: ${t.steps - t.stepsCompared}`);
  L.push(`- mismatches: ${t.mismatches.length}`);
  L.push('');
  if (t.stopReasons.length > 0) {
    L.push('Walks stopped, by the step not driven:');
    L.push('');
    for (const [why, n] of t.stopReasons) L.push(`- ${n} walk(s) stop at ${why}`);
    L.push('');
  }
  L.push('Mismatches of the walks (walk index, configuration, the walk\'s own seed, step):');
  L.push('');
  if (t.mismatches.length === 0) L.push('None.');
  for (const m of t.mismatches) L.push(`- walk ${m.walk} (${m.config}, seed ${m.seed}) step ${m.step} \`${m.action}\`: model \`${m.expected}\`; code \`${m.code}\``);
  L.push('');
}
