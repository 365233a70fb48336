/**
 * Benchmark: rcucheck (1 and 2 workers, exact and fp64 seen sets) against SPIN (BFS, DFS,
 * BFS+POR, multi-core DFS with NCORE=2) and Rumur (1 and 2 threads) on philosophers, peterson and
 * kvfree-lite, measured side by side in one run; plus rcucheck alone on kvfree-v1 (states/s per
 * worker, the figure the "cheaper step" work of issue #10 is measured by).
 *
 * Why this file exists: issue #10's targets are ratios against the compiled checkers on the same
 * machine at the same time, so every tool runs here, alternating, each configuration `--reps`
 * times (fastest repetition kept, every run recorded in bench.json). Every run is a child process
 * under GNU time (peak RSS is its own):
 *   - rcucheck through its CLI, `node dist/src/cli.js check <model> -D ... --json --no-save-traces`
 *     (+ `--workers N`, `--seen fp64`); figures are the JSON's stats.distinct, stats.generated and
 *     stats.durationMs. A refused configuration (e.g. `--workers 2` before workers exist) is
 *     recorded as "not available: <its error message>", never as a number.
 *   - SPIN: pan from bench/<model>.pml, built in a temporary directory with gcc -O2 -DSAFETY
 *     -DMEMLIM=16384 (+ -DNOREDUCE unless POR, -DBFS for BFS, -DNCORE=2 for multi-core); time is
 *     pan's own clock; a pan that did not complete its search ("Search not completed", "out of
 *     memory") is recorded as not available, never as a rate.
 *   - Rumur: the verifier generated from bench/<model>.m (constants rewritten), built with
 *     gcc -O2 -mcx16 -pthread, run with --threads N baked in; time is the verifier's wall time
 *     (its own clock prints whole seconds).
 * Distinct-state counts of every unreduced configuration must agree; a disagreement is flagged
 * in the report (it does not stop the run). spin, rumur and gcc are installed with apt-get when
 * absent. The run prints an estimate of its duration before it starts and records the load.
 *
 * Writes reports/bench/bench.md and reports/bench/bench.json (`--quick`: small sizes, written to
 * reports/tmp/bench/ so that a smoke test never overwrites the committed report).
 * Usage: npm run bench [-- --reps N] [-- --quick] [-- --render] [-- --wait-idle S] [-- --allow-load]
 * (`--render` rewrites bench.md from bench.json without running anything.)
 * Load gate (bench/load-gate.ts): the run refuses to start, writing nothing, when the 1-minute load
 * average is above 0.5, unless `--allow-load` (then bench.md opens with a "not an idle machine"
 * banner and bench.json has meta.loadOk = false); `--wait-idle S` waits up to S seconds first.
 *
 * What it must not do: run as part of `npm test`; type any figure by hand (every number in the
 * report comes from a run recorded in bench.json).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptInstall, have } from '../conformance/apt.js';
import { gate, LOAD_THRESHOLD, loadBanner, parseGateOptions } from './load-gate.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const cli = join(root, 'dist', 'src', 'cli.js');

// ---------------------------------------------------------------------------------------------
// What is measured.

type ModelId = 'philosophers' | 'peterson' | 'kvfree-lite';

interface Target {
  model: ModelId;
  /** Model parameters, as rcucheck's -D name=value. */
  params: Record<string, string | number>;
  /** rcucheck options that make its run count the same space as the peers'. */
  rcucheckArgs: string[];
  /** SPIN: -D macros for `spin -a`, extra `spin -a` flags, extra pan run flags. */
  spinDefines: Record<string, number>;
  spinFlags: string[];
  panArgs: string[];
  /** Rumur: constants rewritten in bench/<model>.m, and its deadlock detection mode. */
  rumurConsts: Record<string, number>;
  rumurDeadlock: 'off' | 'stuck';
  /** The Promela model's `hidden` globals are scratch, reset at the end of every d_step. */
  spinHiddenScratch: boolean;
  /** Why the options are what they are (printed in the report). */
  note: string;
  /** A rough size, for the duration estimate printed before the run only (never reported). */
  approxStates: number;
}

const LITE_PRED = ['v1', 'fixed', 'pendskip'];
const LITE_REARM = ['v1', 'fixed', 'v59'];
const LITE_COUNT = ['v1', 'perchannel'];

function philosophers(n: number, approxStates: number): Target {
  return {
    model: 'philosophers',
    params: { n },
    rcucheckArgs: ['--no-deadlock'],
    spinDefines: { N: n },
    spinFlags: [],
    panArgs: ['-E'],
    rumurConsts: { N: n },
    rumurDeadlock: 'off',
    spinHiddenScratch: false,
    note: 'the all-LEFT deadlock is explored past: rcucheck `--no-deadlock`, pan `-E`, Rumur `--deadlock-detection off`',
    approxStates,
  };
}

function peterson(n: number, approxStates: number): Target {
  return {
    model: 'peterson',
    params: { n },
    rcucheckArgs: ['--no-symmetry'],
    spinDefines: { N: n },
    spinFlags: [],
    panArgs: [],
    rumurConsts: { N: n },
    rumurDeadlock: 'stuck',
    spinHiddenScratch: false,
    note: 'mutual exclusion checked by every tool; rcucheck `--no-symmetry` (the model declares a symmetry group, the peers have none); deadlock detection on (there is none)',
    approxStates,
  };
}

function kvfreeLite(p: { N: number; CAP: number; PRED: string; REARM: string; COUNT: string; SPONT: number }, approxStates: number): Target {
  const idx = (v: string, list: string[]): number => {
    const i = list.indexOf(v);
    if (i < 0) throw new Error(`kvfree-lite: unknown value ${v}`);
    return i;
  };
  const macros = { N: p.N, CAP: p.CAP, PRED: idx(p.PRED, LITE_PRED), REARM: idx(p.REARM, LITE_REARM), COUNT: idx(p.COUNT, LITE_COUNT), SPONT: p.SPONT, CHECKS: 0 };
  return {
    model: 'kvfree-lite',
    params: { N: p.N, CAP: p.CAP, PRED: p.PRED, REARM: p.REARM, COUNT: p.COUNT, SPONT: p.SPONT },
    rcucheckArgs: ['--collect', '--no-deadlock'],
    spinDefines: macros,
    spinFlags: ['-o2'],
    panArgs: [],
    rumurConsts: macros,
    rumurDeadlock: 'off',
    spinHiddenScratch: true,
    note:
      "as bench/kvfree-lite-counts.sh: SPIN and Rumur with CHECKS=0 (no checks), `spin -a -o2`; rcucheck evaluates the model's five checks in " +
      '`--collect` mode with `--no-deadlock` (it has no switch to turn them off, so it does that extra work); ' +
      "pan refuses `hidden` variables in BFS and NCORE builds, so those build from a copy of kvfree-lite.pml without `hidden` (its hidden globals are scratch, reset at the end of every d_step; DFS keeps them hidden)",
    approxStates,
  };
}

// The kvfree-lite configurations: the largest SPONT=0, N=4 space pinned in bench/kvfree-lite-counts.json
// (about 1 million states: SPIN's DFS takes 1.5 s, too short to compare rates fairly), and the same
// with SPONT=2 (about 21 million states, pinned in the same file: SPIN's DFS, the fastest peer,
// takes over 20 s; issue #31).
const LITE_FULL = { N: 4, CAP: 1, PRED: 'pendskip', REARM: 'v59', COUNT: 'v1', SPONT: 0 };
const LITE_LARGE = { ...LITE_FULL, SPONT: 2 };
const LITE_QUICK = { ...LITE_FULL, N: 3 };

const FULL: Target[] = [philosophers(15, 3.5e6), peterson(6, 5.8e6), kvfreeLite(LITE_FULL, 1.1e6), kvfreeLite(LITE_LARGE, 2.1e7)];
const QUICK: Target[] = [philosophers(12, 1.7e5), peterson(5, 2.2e5), kvfreeLite(LITE_QUICK, 5.2e4)];

/** kvfree-v1 per worker: rcucheck alone (the cheaper-step figure of issue #10). */
const V1_FULL = ['-D', 'objects=e,e,e,e', '-D', 'readers=0', '-D', 'debug=0', '--collect'];
const V1_QUICK = ['-D', 'objects=e,e', '-D', 'readers=0', '-D', 'debug=0', '--collect'];

type Tool = 'rcucheck' | 'spin' | 'rumur';

interface Variant {
  tool: Tool;
  /** Key in the report, e.g. "rcucheck 2 workers exact". */
  key: string;
  /** Explores fewer states than the full space by design (partial-order reduction). */
  reduced: boolean;
  workers: number;
  /** rcucheck: seen set. */
  seen?: 'exact' | 'fp64';
  /** SPIN: search mode. */
  spinMode?: 'bfs' | 'dfs' | 'bfs-por' | 'dfs-ncore2';
}

const VARIANTS: Variant[] = [
  { tool: 'rcucheck', key: 'rcucheck 1 worker exact', reduced: false, workers: 1, seen: 'exact' },
  { tool: 'rcucheck', key: 'rcucheck 1 worker fp64', reduced: false, workers: 1, seen: 'fp64' },
  { tool: 'rcucheck', key: 'rcucheck 2 workers exact', reduced: false, workers: 2, seen: 'exact' },
  { tool: 'rcucheck', key: 'rcucheck 2 workers fp64', reduced: false, workers: 2, seen: 'fp64' },
  { tool: 'spin', key: 'SPIN BFS', reduced: false, workers: 1, spinMode: 'bfs' },
  { tool: 'spin', key: 'SPIN DFS', reduced: false, workers: 1, spinMode: 'dfs' },
  { tool: 'spin', key: 'SPIN BFS+POR', reduced: true, workers: 1, spinMode: 'bfs-por' },
  { tool: 'spin', key: 'SPIN DFS NCORE=2', reduced: false, workers: 2, spinMode: 'dfs-ncore2' },
  { tool: 'rumur', key: 'Rumur 1 thread', reduced: false, workers: 1 },
  { tool: 'rumur', key: 'Rumur 2 threads', reduced: false, workers: 2 },
];

interface Run {
  key: string;
  tool: Tool;
  reduced: boolean;
  /** null when the configuration is not available (then `unavailable` says why). */
  distinct: number | null;
  /** Successors generated (rcucheck's stats.generated = Rumur's rules fired = SPIN's transitions - 1). */
  generated: number | null;
  /** The tool's search time (see the header). */
  seconds: number | null;
  /** The child process's wall time. */
  wallSeconds: number;
  peakRssMB: number | null;
  verdict?: string;
  unavailable?: string;
  /** The command that was run (for the README's "how to reproduce"). */
  command: string;
}

// ---------------------------------------------------------------------------------------------
// Processes.

const timed = existsSync('/usr/bin/time');

interface Proc {
  status: number | null;
  stdout: string;
  /** stderr without GNU time's line. */
  stderr: string;
  wall: number;
  rssMB: number | null;
}

function run(cmd: string, args: string[], cwd: string): Proc {
  const argv = timed ? ['-f', 'maxrss-kb %M', cmd, ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(timed ? '/usr/bin/time' : cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  const lines = (r.stderr ?? '').split('\n');
  const rssLine = lines.filter((l) => l.startsWith('maxrss-kb ')).pop();
  const rest = lines.filter((l) => !l.startsWith('maxrss-kb ') && !l.startsWith('Command exited with non-zero status'));
  return {
    status: r.status,
    stdout: r.stdout ?? '',
    stderr: rest.join('\n').trim(),
    wall,
    rssMB: rssLine === undefined ? null : Number(rssLine.slice('maxrss-kb '.length)) / 1024,
  };
}

const shellQuote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
const cmdline = (cmd: string, args: string[]): string => [cmd, ...args].map(shellQuote).join(' ');

/** Install a Debian package with apt-get when its command is missing (conformance/apt.ts). */
function ensure(cmd: string, pkg: string): void {
  if (have(cmd)) return;
  console.log(`${cmd} not found: installing ${pkg} with apt-get`);
  const why = aptInstall(pkg, 'inherit');
  if (why !== null || !have(cmd)) throw new Error(`could not install ${pkg}: ${why ?? `no ${cmd} after apt-get install -y ${pkg}`}`);
}

// ---------------------------------------------------------------------------------------------
// rcucheck.

function rcucheckArgs(model: string, params: Record<string, string | number>, extra: string[], v: { workers: number; seen: string }): string[] {
  const defs = Object.entries(params).flatMap(([k, x]) => ['-D', `${k}=${x}`]);
  return ['check', model, ...defs, ...extra, '--workers', String(v.workers), '--seen', v.seen, '--json', '--no-save-traces', '-q'];
}

function runRcucheck(model: string, params: Record<string, string | number>, extra: string[], v: Variant): Run {
  const args = rcucheckArgs(model, params, extra, { workers: v.workers, seen: v.seen ?? 'exact' });
  const p = run(process.execPath, [cli, ...args], root);
  const base = { key: v.key, tool: v.tool, reduced: v.reduced, wallSeconds: p.wall, peakRssMB: p.rssMB, command: cmdline('node dist/src/cli.js', args) };
  let o: { verdict?: string; stats?: { distinct: number; generated: number; durationMs: number } } | undefined;
  try {
    o = JSON.parse(p.stdout.trim().split('\n').pop() ?? '') as typeof o;
  } catch {
    o = undefined;
  }
  const complete = o?.stats !== undefined && (o.verdict === 'ok' || (o.verdict === 'violation' && extra.includes('--collect')));
  if (o?.stats === undefined || !complete) {
    const why = p.stderr.split('\n').filter((l) => l.trim() !== '').pop() ?? (o?.verdict !== undefined ? `verdict ${o.verdict}` : `exit status ${String(p.status)}`);
    return { ...base, distinct: null, generated: null, seconds: null, unavailable: `${why} (exit ${String(p.status)})` };
  }
  return { ...base, distinct: o.stats.distinct, generated: o.stats.generated, seconds: o.stats.durationMs / 1000, verdict: o.verdict };
}

// ---------------------------------------------------------------------------------------------
// SPIN.

/** pan's memory ceiling in MB (-DMEMLIM): room for every size here on a 24 GB machine. */
const SPIN_MEMLIM_MB = 16384;

function spinBuildFlags(mode: NonNullable<Variant['spinMode']>): string[] {
  switch (mode) {
    case 'bfs':
      return ['-DNOREDUCE', '-DBFS'];
    case 'dfs':
      return ['-DNOREDUCE'];
    case 'bfs-por':
      return ['-DBFS'];
    case 'dfs-ncore2':
      return ['-DNOREDUCE', '-DNCORE=2'];
  }
}

interface Built {
  dir: string;
  exe: string;
  /** The build commands, for the report. */
  build: string;
  error?: string;
}

function buildPan(dir: string, t: Target, mode: NonNullable<Variant['spinMode']>): Built {
  const d = join(dir, `spin-${t.model}-${mode}`);
  mkdirSync(d, { recursive: true });
  // pan refuses `hidden` variables in BFS and multi-core builds; kvfree-lite's hidden globals are
  // scratch reset at the end of every d_step, so a copy without `hidden` has the same state space
  // (the run's count agreement check confirms it).
  const stripHidden = t.spinHiddenScratch && mode !== 'dfs';
  let source = join(root, 'bench', `${t.model}.pml`);
  if (stripHidden) {
    writeFileSync(join(d, `${t.model}.pml`), readFileSync(source, 'utf8').replace(/^hidden /gm, ''));
    source = `${t.model}.pml`;
  }
  const spinArgs = ['-a', ...t.spinFlags, ...Object.entries(t.spinDefines).map(([k, x]) => `-D${k}=${x}`), source];
  // MEMLIM (MB): pan's own memory ceiling; at its default a multi-core pan stops at about 2 GB
  // ("pan: out of memory", "Search not completed") on the largest kvfree-lite size.
  const gccArgs = ['-O2', '-DSAFETY', `-DMEMLIM=${SPIN_MEMLIM_MB}`, ...spinBuildFlags(mode), '-w', '-o', 'pan', 'pan.c'];
  const build =
    (stripHidden ? `sed 's/^hidden //' bench/${t.model}.pml > ${t.model}.pml && ` : '') + `${cmdline('spin', spinArgs).replace(root + '/', '')} && ${cmdline('gcc', gccArgs)}`;
  try {
    execFileSync('spin', spinArgs, { cwd: d, stdio: 'pipe' });
    execFileSync('gcc', gccArgs, { cwd: d, stdio: 'pipe' });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    return { dir: d, exe: join(d, 'pan'), build, error: `build failed: ${(err.stderr?.toString() ?? err.message).trim().split('\n').slice(-3).join(' ')}` };
  }
  return { dir: d, exe: join(d, 'pan'), build };
}

function num(text: string, re: RegExp): number | null {
  const m = re.exec(text);
  return m === null ? null : Number(m[1]);
}

function runSpin(b: Built, t: Target, v: Variant, depth: number): Run {
  // -m: depth bound; no path is longer than the number of states (the reference count), and pan's
  // DFS stack is sized by it, so it is not made larger than needed.
  const args = [...t.panArgs, `-m${depth}`];
  const command = `${b.build} && ${cmdline('./pan', args)}`;
  if (b.error !== undefined) {
    return { key: v.key, tool: 'spin', reduced: v.reduced, distinct: null, generated: null, seconds: null, wallSeconds: 0, peakRssMB: null, unavailable: b.error, command };
  }
  const p = run(b.exe, args, b.dir);
  const text = `${p.stdout}\n${p.stderr}`;
  const base = { key: v.key, tool: 'spin' as const, reduced: v.reduced, wallSeconds: p.wall, peakRssMB: p.rssMB, command };
  const distinct = num(text, /(\d+) states, stored/);
  const transitions = num(text, /(\d+) transitions \(= stored\+matched\)/);
  const errors = num(text, /errors: (\d+)/);
  const elapsed = num(text, /elapsed time ([\d.e+-]+) seconds/);
  const problem =
    p.status !== 0
      ? `pan exited with status ${String(p.status)}: ${text.trim().split('\n').slice(-3).join(' ')}`
      : distinct === null || transitions === null
        ? `pan output lacks its state counts: ${text.trim().split('\n').slice(-3).join(' ')}`
        : errors !== 0
          ? `pan reported ${String(errors)} errors`
          : /max search depth too small/.test(text)
            ? 'pan: max search depth too small'
            : /Search not completed|out of memory/.test(text)
              ? `pan did not complete its search: ${(/stop - [^\n]*/.exec(text) ?? ['Search not completed'])[0]}`
              : undefined;
  if (problem !== undefined || distinct === null || transitions === null) {
    return { ...base, distinct: null, generated: null, seconds: null, unavailable: problem ?? 'no counts' };
  }
  return {
    ...base,
    distinct,
    generated: transitions - 1,
    // pan's own clock (search only, like rcucheck's); its resolution is 0.01 s, so fall back to
    // the process's wall time for tiny runs.
    seconds: elapsed !== null && elapsed >= 0.05 ? elapsed : p.wall,
    verdict: 'ok',
  };
}

// ---------------------------------------------------------------------------------------------
// Rumur.

function buildRumur(dir: string, t: Target, threads: number): Built {
  const d = join(dir, `rumur-${t.model}-${threads}`);
  mkdirSync(d, { recursive: true });
  let src = readFileSync(join(root, 'bench', `${t.model}.m`), 'utf8');
  for (const [k, x] of Object.entries(t.rumurConsts)) {
    const re = new RegExp(`^  ${k}: .*;$`, 'm');
    if (!re.test(src)) throw new Error(`bench/${t.model}.m has no line "  ${k}: ...;"`);
    src = src.replace(re, `  ${k}: ${x};`);
  }
  writeFileSync(join(d, 'model.m'), src);
  const rumurArgs = ['--deadlock-detection', t.rumurDeadlock, '--threads', String(threads), 'model.m', '-o', 'model.c'];
  const gccArgs = ['-O2', '-mcx16', '-pthread', '-w', '-o', 'verifier', 'model.c'];
  const consts = Object.entries(t.rumurConsts).map(([k, x]) => `${k}=${x}`).join(' ');
  const build = `(bench/${t.model}.m with ${consts}) ${cmdline('rumur', rumurArgs)} && ${cmdline('gcc', gccArgs)}`;
  try {
    execFileSync('rumur', rumurArgs, { cwd: d, stdio: 'pipe' });
    execFileSync('gcc', gccArgs, { cwd: d, stdio: 'pipe' });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    return { dir: d, exe: join(d, 'verifier'), build, error: `build failed: ${(err.stderr?.toString() ?? err.message).trim().split('\n').slice(-3).join(' ')}` };
  }
  return { dir: d, exe: join(d, 'verifier'), build };
}

function runRumur(b: Built, v: Variant): Run {
  const command = `${b.build} && ./verifier`;
  if (b.error !== undefined) {
    return { key: v.key, tool: 'rumur', reduced: false, distinct: null, generated: null, seconds: null, wallSeconds: 0, peakRssMB: null, unavailable: b.error, command };
  }
  const p = run(b.exe, [], b.dir);
  const text = `${p.stdout}\n${p.stderr}`;
  const m = /(\d+) states, (\d+) rules fired/.exec(text);
  const base = { key: v.key, tool: 'rumur' as const, reduced: false, wallSeconds: p.wall, peakRssMB: p.rssMB, command };
  if (p.status !== 0 || m === null || !/No error found/.test(text)) {
    return { ...base, distinct: null, generated: null, seconds: null, unavailable: `verifier failed (status ${String(p.status)}): ${text.trim().split('\n').slice(-3).join(' ')}` };
  }
  return { ...base, distinct: Number(m[1]), generated: Number(m[2]), seconds: p.wall, verdict: 'ok' };
}

// ---------------------------------------------------------------------------------------------
// Report.

interface Row {
  model: ModelId;
  params: Record<string, string | number>;
  note: string;
  runs: Run[]; // every repetition
  best: Record<string, Run>; // key -> fastest repetition (or the one saying why it is not available)
  /** Pinned counts for this configuration (bench/spin-counts.json, bench/kvfree-lite-counts.json), when there are any. */
  pinned: number | null;
}

interface Bench {
  meta: Record<string, string | number | boolean>;
  rows: Row[];
  v1: { args: string[]; runs: Run[]; best: Record<string, Run> };
}

const fmt = (x: number, d = 0): string => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const rate = (r: Run): number | null => (r.distinct !== null && r.seconds !== null && r.seconds > 0 ? r.distinct / r.seconds : null);
const paramText = (p: Record<string, string | number>): string =>
  Object.entries(p)
    .map(([k, x]) => `${k}=${x}`)
    .join(' ');

/** The reference count of a row: rcucheck 1 worker exact, else the first unreduced count. */
function reference(row: Row): number | null {
  const r = row.best['rcucheck 1 worker exact'];
  if (r?.distinct != null) return r.distinct;
  return Object.values(row.best).find((x) => !x.reduced && x.distinct !== null)?.distinct ?? null;
}

/** Unreduced rows whose distinct count differs from the reference (or from the pinned count). */
function disagreements(row: Row): string[] {
  const ref = reference(row);
  const out: string[] = [];
  for (const r of row.runs) {
    if (r.reduced || r.distinct === null) continue;
    if (ref !== null && r.distinct !== ref) out.push(`${r.key}: ${fmt(r.distinct)} distinct, rcucheck 1 worker exact ${fmt(ref)}`);
    else if (row.pinned !== null && r.distinct !== row.pinned) out.push(`${r.key}: ${fmt(r.distinct)} distinct, pinned ${fmt(row.pinned)}`);
  }
  return [...new Set(out)];
}

function fastestPeer(row: Row): Run | undefined {
  return Object.values(row.best)
    .filter((r) => r.tool !== 'rcucheck' && !r.reduced && rate(r) !== null)
    .sort((a, b) => (rate(b) ?? 0) - (rate(a) ?? 0))[0];
}

function markdown(b: Bench): string {
  const m = b.meta;
  const L: string[] = [];
  L.push('# rcucheck vs SPIN and Rumur, side by side');
  L.push('');
  if (m.loadOk === false) {
    L.push(loadBanner(String(m.loadavg).split(' ')[0] ?? String(m.loadavg)));
    L.push('');
  }
  L.push(
    `Generated by \`npm run bench${m.quick === true ? ' -- --quick' : ''}\` on ${String(m.date)} (commit ${String(m.commit)}). Machine: ${String(m.cpu)}, ` +
      `${String(m.cpus)} CPUs, ${String(m.memGB)} GB; **load average at start ${String(m.loadavg)}** (at the end ${String(m.loadavgEnd)}). ` +
      `node ${String(m.node)}, ${String(m.spin)}, ${String(m.rumur)}, ${String(m.gcc)}. Wall time of the whole run: ${String(m.totalSeconds)} s.`,
  );
  L.push('');
  L.push(
    `Each configuration ran ${String(m.reps)} time(s), the tools alternating; the tables show the fastest repetition (every run, with its ` +
      'exact command, is in bench.json). **time** is the search as each tool clocks it: rcucheck `stats.durationMs` from `check --json`; ' +
      "SPIN pan's own elapsed time; Rumur the verifier's wall time (its own clock prints whole seconds). **wall** is the child process's " +
      "wall time (start-up and, for rcucheck, model compilation included). Peak RSS is the whole process (GNU time). **generated** is " +
      "rcucheck's `stats.generated` = Rumur's rules fired = SPIN's transitions - 1 (SPIN counts the initial state as a transition). " +
      `SPIN: \`gcc -O2 -DSAFETY -DMEMLIM=${SPIN_MEMLIM_MB}\` + \`-DNOREDUCE\` (every row but BFS+POR) + \`-DBFS\` / \`-DNCORE=2\`, \`pan -m<states+1000>\`; a pan that reports "Search not completed" counts as not run. ` +
      'Rumur: `--threads N`, `gcc -O2 -mcx16 -pthread`.',
  );
  L.push('');
  for (const row of b.rows) {
    L.push(`## ${row.model} ${paramText(row.params)}`);
    L.push('');
    L.push(`Options: ${row.note}.`);
    L.push('');
    L.push('| configuration | distinct | generated | time (s) | states/s | wall (s) | peak RSS (MB) |');
    L.push('|---|---:|---:|---:|---:|---:|---:|');
    for (const v of VARIANTS) {
      const r = row.best[v.key];
      if (r === undefined) continue;
      if (r.distinct === null) {
        L.push(`| ${r.key} | not available: ${r.unavailable ?? '?'} | | | | | |`);
        continue;
      }
      const full = reference(row);
      const por = !r.reduced
        ? ''
        : full !== null && r.distinct < full
          ? ` (partial-order reduction on: explores fewer states, ${fmt((100 * r.distinct) / full, 1)}% of the full space; not comparable)`
          : ' (partial-order reduction on: explores fewer states where it can reduce; on this model it finds no reduction)';
      L.push(
        `| ${r.key}${por} | ${fmt(r.distinct)} | ${r.generated === null ? '—' : fmt(r.generated)} | ${fmt(r.seconds ?? 0, 2)} | ` +
          `${fmt(rate(r) ?? 0)} | ${fmt(r.wallSeconds, 2)} | ${r.peakRssMB === null ? '—' : fmt(r.peakRssMB)} |`,
      );
    }
    L.push('');
    const bad = disagreements(row);
    const ref = reference(row);
    if (bad.length > 0) {
      L.push(`**COUNTS DISAGREE** on ${row.model} ${paramText(row.params)}:`);
      L.push('');
      for (const x of bad) L.push(`- **${x}**`);
    } else {
      L.push(
        `Counts: every unreduced configuration that ran found ${ref === null ? '—' : fmt(ref)} distinct states` +
          (row.pinned === null ? ' (no pinned count at this size).' : `, equal to the pinned count ${fmt(row.pinned)}.`),
      );
    }
    L.push('');
  }
  L.push('## Ratios (distinct states per second)');
  L.push('');
  L.push('rcucheck against the fastest unreduced SPIN or Rumur configuration of the same model (BFS+POR excluded: it explores fewer states).');
  L.push('');
  L.push('| model | fastest unreduced peer | its states/s | rcucheck 2 workers exact | rcucheck 2 workers fp64 | rcucheck 1 worker exact | rcucheck 1 worker fp64 | counts agree |');
  L.push('|---|---|---:|---:|---:|---:|---:|---|');
  for (const row of b.rows) {
    const peer = fastestPeer(row);
    const pr = peer === undefined ? null : rate(peer);
    const cell = (key: string): string => {
      const r = row.best[key];
      if (r === undefined) return '—';
      const x = rate(r);
      if (x === null) return 'not available';
      return pr === null ? `${fmt(x)}/s` : `**${fmt(x / pr, 2)}×** (${fmt(x)}/s)`;
    };
    L.push(
      `| ${row.model} ${paramText(row.params)} | ${peer?.key ?? '—'} | ${pr === null ? '—' : fmt(pr)} | ${cell('rcucheck 2 workers exact')} | ` +
        `${cell('rcucheck 2 workers fp64')} | ${cell('rcucheck 1 worker exact')} | ${cell('rcucheck 1 worker fp64')} | ${disagreements(row).length === 0 ? 'yes' : '**NO**'} |`,
    );
  }
  L.push('');
  const unavailable = b.rows.flatMap((row) => Object.values(row.best).filter((r) => r.unavailable !== undefined).map((r) => `${row.model}: ${r.key}: ${r.unavailable ?? ''}`));
  if (unavailable.length > 0) {
    L.push('Not available in this run:');
    L.push('');
    for (const x of unavailable) L.push(`- ${x}`);
    L.push('');
  }
  L.push('## kvfree-v1 per worker');
  L.push('');
  L.push(`rcucheck alone: \`rcucheck check kvfree-v1 ${b.v1.args.join(' ')}\` (the figure issue #10's "cheaper step" is measured by: states/s with 1 worker).`);
  L.push('');
  L.push('| configuration | verdict | distinct | generated | time (s) | states/s | wall (s) | peak RSS (MB) |');
  L.push('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const key of ['rcucheck 1 worker exact', 'rcucheck 2 workers exact']) {
    const r = b.v1.best[key];
    if (r === undefined) continue;
    if (r.distinct === null) {
      L.push(`| ${key} | not available: ${r.unavailable ?? '?'} | | | | | | |`);
      continue;
    }
    L.push(
      `| ${key} | ${r.verdict ?? '—'} | ${fmt(r.distinct)} | ${fmt(r.generated ?? 0)} | ${fmt(r.seconds ?? 0, 2)} | ${fmt(rate(r) ?? 0)} | ` +
        `${fmt(r.wallSeconds, 2)} | ${r.peakRssMB === null ? '—' : fmt(r.peakRssMB)} |`,
    );
  }
  L.push('');
  L.push('Exact commands of every figure: bench.json (`command` of each run).');
  L.push('');
  return L.join('\n');
}

function atomicWrite(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

function pinnedCount(t: Target): number | null {
  try {
    if (t.model === 'kvfree-lite') {
      const j = JSON.parse(readFileSync(join(root, 'bench', 'kvfree-lite-counts.json'), 'utf8')) as { configs: Record<string, { spin: number }> };
      return j.configs[paramText(t.params)]?.spin ?? null;
    }
    const j = JSON.parse(readFileSync(join(root, 'bench', 'spin-counts.json'), 'utf8')) as Record<string, { states?: number }>;
    return j[`${t.model} n=${String(t.params.n)}`]?.states ?? null;
  } catch {
    return null;
  }
}

function keep(best: Record<string, Run>, r: Run): void {
  const old = best[r.key];
  if (old === undefined || (old.seconds === null && r.seconds !== null) || (r.seconds !== null && old.seconds !== null && r.seconds < old.seconds)) best[r.key] = r;
}

function log(label: string, r: Run): void {
  console.log(
    r.distinct === null
      ? `${label} ${r.key}: not available: ${r.unavailable ?? '?'}`
      : `${label} ${r.key}: ${fmt(r.distinct)} states, ${fmt(r.seconds ?? 0, 2)} s, ${fmt(rate(r) ?? 0)} states/s (wall ${fmt(r.wallSeconds, 2)} s)`,
  );
}

/** A rough duration, printed before the run: guessed per-tool speeds, plus builds. */
function estimate(targets: Target[], reps: number, quick: boolean): number {
  const perSecond: Record<Tool, number> = { rcucheck: 2e5, spin: 2.5e5, rumur: 5e4 };
  let s = 0;
  for (const t of targets) {
    s += 6 * 3; // builds: 4 pans + 2 Rumur verifiers, a few seconds each
    for (const v of VARIANTS) s += (reps * t.approxStates * (v.spinMode === 'bfs-por' ? 0.5 : 1)) / perSecond[v.tool] + reps * 0.5;
  }
  s += reps * 2 * (quick ? 1 : 10); // kvfree-v1
  return Math.round(s);
}

async function main(argv: string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const out = quick ? join(root, 'reports', 'tmp', 'bench') : join(root, 'reports', 'bench');
  if (argv.includes('--render')) {
    const b = JSON.parse(readFileSync(join(out, 'bench.json'), 'utf8')) as Bench;
    atomicWrite(join(out, 'bench.md'), markdown(b));
    console.log(`rewrote ${join(out, 'bench.md')} from bench.json`);
    return;
  }
  const repsAt = argv.indexOf('--reps');
  const reps = repsAt >= 0 ? Number(argv[repsAt + 1]) : 1;
  if (!Number.isInteger(reps) || reps < 1) throw new Error('--reps wants a positive integer');
  // The load gate comes before anything is installed, built or written.
  const g = await gate(parseGateOptions(argv));
  if (g.action === 'refuse') {
    console.error(`bench: ${g.message}`);
    process.exitCode = 2;
    return;
  }
  if (!g.loadOk) console.error(`bench: --allow-load: running at load ${g.load.toFixed(2)}; the report is marked not comparable`);
  const targets = quick ? QUICK : FULL;
  const v1Args = quick ? V1_QUICK : V1_FULL;
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (npm run build)`);
  ensure('gcc', 'gcc');
  ensure('spin', 'spin');
  ensure('rumur', 'rumur');
  const t0 = performance.now();
  const est = estimate(targets, reps, quick);
  const meta: Record<string, string | number | boolean> = {
    date: new Date().toISOString(),
    commit: spawnSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || 'unknown',
    quick,
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    memGB: Math.round(totalmem() / 2 ** 30),
    loadavg: loadavg().map((x) => x.toFixed(2)).join(' '),
    loadOk: g.loadOk,
    loadThreshold: LOAD_THRESHOLD,
    node: process.version,
    spin: execFileSync('spin', ['-V'], { encoding: 'utf8' }).trim().split('\n')[0],
    rumur: (spawnSync('rumur', ['--version'], { encoding: 'utf8' }).stdout || '').trim().split('\n')[0],
    gcc: execFileSync('gcc', ['--version'], { encoding: 'utf8' }).split('\n')[0],
    reps,
    estimateSeconds: est,
  };
  console.log(
    `bench: ${targets.map((t) => `${t.model} ${paramText(t.params)}`).join('; ')}; ${VARIANTS.length} configurations each, ${reps} rep(s), ` +
      `plus kvfree-v1 ${v1Args.join(' ')}.\nload average ${String(meta.loadavg)} on ${String(meta.cpus)} CPUs. ` +
      `Estimated duration: about ${Math.ceil(est / 60)} min (${est} s; a guess from rough per-tool speeds, longer on a loaded machine).`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'rcucheck-bench-'));
  const rows: Row[] = [];
  const v1: Bench['v1'] = { args: v1Args, runs: [], best: {} };
  try {
    for (const t of targets) {
      const label = `${t.model} ${paramText(t.params)}`;
      const row: Row = { model: t.model, params: t.params, note: t.note, runs: [], best: {}, pinned: pinnedCount(t) };
      const built = new Map<string, Built>();
      for (let rep = 0; rep < reps; rep++) {
        for (const v of VARIANTS) {
          let r: Run;
          if (v.tool === 'rcucheck') {
            r = runRcucheck(t.model, t.params, t.rcucheckArgs, v);
          } else if (v.tool === 'spin') {
            const mode = v.spinMode ?? 'dfs';
            if (!built.has(v.key)) built.set(v.key, buildPan(dir, t, mode));
            const depth = (reference(row) ?? row.pinned ?? t.approxStates * 2) + 1000;
            r = runSpin(built.get(v.key) as Built, t, v, depth);
          } else {
            if (!built.has(v.key)) built.set(v.key, buildRumur(dir, t, v.workers));
            r = runRumur(built.get(v.key) as Built, v);
          }
          row.runs.push(r);
          keep(row.best, r);
          log(`${label} rep ${rep + 1}/${reps}`, r);
        }
      }
      for (const x of disagreements(row)) console.error(`COUNTS DISAGREE: ${label}: ${x}`);
      rows.push(row);
    }
    for (let rep = 0; rep < reps; rep++) {
      for (const v of VARIANTS.filter((x) => x.tool === 'rcucheck' && x.seen === 'exact')) {
        const r = runRcucheck('kvfree-v1', {}, v1Args, v);
        v1.runs.push(r);
        keep(v1.best, r);
        log(`kvfree-v1 rep ${rep + 1}/${reps}`, r);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  meta.loadavgEnd = loadavg().map((x) => x.toFixed(2)).join(' ');
  meta.totalSeconds = Math.round((performance.now() - t0) / 1000);
  const b: Bench = { meta, rows, v1 };
  const md = markdown(b);
  atomicWrite(join(out, 'bench.json'), JSON.stringify(b, null, 2) + '\n');
  atomicWrite(join(out, 'bench.md'), md);
  console.log(`\n${md}\nwrote ${join(out, 'bench.md')} and bench.json`);
}

try {
  await main(process.argv.slice(2));
} catch (e: unknown) {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
}
