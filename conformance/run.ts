/**
 * `npm run conformance`: build the kernel's own kvfree_rcu() code in user space and run scripts
 * through it (issue 29, stages 1 and 2: extraction, shim, a sequential smoke run, and
 * hand-written interleavings run by the deterministic scheduler, conformance/shim/sched.c).
 *
 * Why this file exists: it is the command-line entry of conformance/harness.ts, as bench/run.ts
 * is of the benchmark. It installs linux-source-6.12 and gcc with apt-get when absent, extracts
 * kernel/rcu/tree.c from the tarball into a build directory outside the repository, cuts the
 * kvfree_rcu() section out by name (conformance/extract.ts), compiles it with the hand-written
 * shim (conformance/shim/: no library runs kernel/rcu/tree.c in user space), and runs a script.
 *
 * Usage: npm run conformance [-- --smoke] [-- --script FILE] [-- --traces]
 *   --traces: replay every published kvfree-v6 trace and the targeted walks (conformance/walk.ts
 *     TARGETED_WALKS) on the code (conformance/traces.ts) and write reports/conformance.md; exit 1 on a mismatch or when an action family of the
 *     faithful kvfree-v6 configurations has no compared step (conformance/families.ts)
 *   --traces --walks N [--seed S]: also N seeded random walks of faithful kvfree-v6
 *     configurations at kernel=v6.15 (conformance/walk.ts; S defaults to DEFAULT_SEED), replayed
 *     the same way, their totals and mismatches in the report; a walk mismatch also exits 1
 *   (no option, or --smoke): the smoke script, conformance/scripts/smoke.txt
 *   --script FILE: a script of driver commands (conformance/shim/driver.c lists them), e.g.
 *     conformance/scripts/interleave.txt
 * Prints the build's provenance (package version, tarball sha256, functions compiled, the gcc
 * command line), then the run's event lines. Exit 0 when the run reports no error and (for the
 * smoke run) every object was freed exactly once and none before the grace period.
 *
 * What it must not do: run as part of `npm test` (test/conformance/ calls the library); write
 * into the repository; write any timing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, build, ensureTools, runScript, smokeScript } from './harness.js';
import { buildCache, renderReport, runAll, withTargeted, withWalks } from './traces.js';
import { DEFAULT_SEED, runWalks, walkTotals, type WalkRun } from './walk.js';
import { checkSmoke } from './smoke.js';

/** The value of `--name N` (a non-negative integer), null when absent, NaN when malformed. */
function intOption(argv: string[], name: string): number | null {
  const at = argv.indexOf(name);
  if (at < 0) return null;
  const v = argv[at + 1];
  return v !== undefined && /^[0-9]{1,9}$/.test(v) ? Number(v) : NaN;
}

function main(argv: string[]): number {
  const scriptAt = argv.indexOf('--script');
  const traces = argv.includes('--traces');
  const valued = ['--script', '--walks', '--seed'];
  const unknown = argv.filter((a, i) => a !== '--smoke' && a !== '--traces' && !valued.includes(a) && !valued.includes(argv[i - 1] ?? ''));
  const walks = intOption(argv, '--walks');
  const seed = intOption(argv, '--seed');
  const bad = Number.isNaN(walks) || Number.isNaN(seed) || (seed !== null && walks === null) || (walks !== null && !traces);
  if (unknown.length > 0 || (scriptAt >= 0 && argv[scriptAt + 1] === undefined) || bad) {
    console.error(`usage: npm run conformance [-- --smoke] [-- --script FILE] [-- --traces [--walks N [--seed S]]] (${unknown.length > 0 ? `unknown: ${unknown.join(' ')}` : scriptAt >= 0 && argv[scriptAt + 1] === undefined ? '--script needs a file' : '--walks N and --seed S take non-negative integers, --walks goes with --traces, --seed with --walks'})`);
    return 2;
  }
  const log = (line: string): void => console.log(`# ${line}`);
  const why = ensureTools(log);
  if (why !== null) {
    console.error(`conformance: ${why}`);
    return 1;
  }
  if (traces) {
    const builds = buildCache(log);
    let run = withTargeted(runAll(log, undefined, builds), builds);
    const targeted = run.targeted ?? [];
    const targetedBad = targeted.filter((t) => t.result.mismatches.length > 0 || t.reached === 0);
    for (const t of targeted)
      console.log(`# targeted walk ${t.config} seed ${t.seed}: ${t.result.stepsCompared} of ${t.result.totalSteps} steps compared, ${t.reached} step(s) of "${t.reaches}", ${t.result.mismatches.length} mismatches`);
    for (const t of targetedBad) console.error(`conformance: targeted walk ${t.config} seed ${t.seed}: ${t.reached === 0 ? `no compared step of "${t.reaches}"` : 'mismatch'}`);
    let walkMism = 0;
    if (walks !== null) {
      const s = seed ?? DEFAULT_SEED;
      log(`${walks} random walks, seed ${s}`);
      run = withWalks(run, runWalks({ count: walks, seed: s }, builds));
      const t = walkTotals(run.walks as WalkRun);
      walkMism = t.mismatches.length;
      console.log(`# walks: ${t.walks} (seed ${s}): ${t.passed} passed, ${t.stopped} stopped at a step not driven, ${t.withMismatch} with a mismatch; ${t.stepsCompared} of ${t.steps} steps compared, ${t.mismatches.length} mismatches`);
      for (const m of t.mismatches) console.error(`conformance: walk ${m.walk} (${m.config}, seed ${m.seed}) step ${m.step} ${m.action}: model ${m.expected}; code ${m.code}`);
    }
    const report = renderReport(run);
    writeFileSync(join(ROOT, 'reports', 'conformance.md'), report);
    const mism = walkMism + run.results.reduce((n, r) => n + (r.result?.mismatches.length ?? 0), 0);
    const compared = run.results.filter((r) => r.result !== null);
    console.log(`# ${compared.length} traces replayed, ${compared.reduce((n, r) => n + (r.result?.stepsCompared ?? 0), 0)} steps compared, ${mism} mismatches: reports/conformance.md`);
    for (const f of run.coverage.families) console.log(`# family ${f.family}: ${f.steps} steps compared${f.required ? '' : ' (not required)'}`);
    if (run.coverage.missing.length > 0) console.error(`conformance: action families of the faithful kvfree-v6 configurations never driven: ${run.coverage.missing.join(', ')}`);
    return mism === 0 && targetedBad.length === 0 && run.coverage.missing.length === 0 ? 0 : 1;
  }
  const b = build(log);
  log(`source: ${b.version}, tarball sha256 ${b.tarballSha256}, kernel/rcu/tree.c sha256 ${b.treeSha256}`);
  log(`compiled from kernel/rcu/tree.c: ${b.kept.map((k) => `${k.name}:${k.line}`).join(' ')}`);
  log(`build directory: ${b.dir}`);
  const smoke = scriptAt < 0;
  const r = runScript(b, smoke ? smokeScript() : readFileSync(argv[scriptAt + 1], 'utf8'));
  for (const l of r.lines) console.log(l);
  if (r.stderr !== '') console.error(r.stderr.trimEnd());
  if (r.status !== 0) {
    console.error(`conformance: the harness exited with status ${String(r.status)}`);
    return 1;
  }
  if (smoke) {
    const problems = checkSmoke(r.lines, ['e0', 'h0']);
    for (const p of problems) console.error(`conformance: smoke: ${p}`);
    if (problems.length > 0) return 1;
    console.log('# smoke: every object freed exactly once, none before the grace period');
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
