/**
 * Benchmark: rcucheck (single worker, BFS and DFS) against SPIN (BFS and DFS) on the reference
 * models, measured side by side in one run.
 *
 * Why this file exists: the performance target is stated as a ratio against SPIN's
 * fastest exhaustive mode on the same machine at the same time, so both run here, alternating,
 * each configuration `--reps` times (best time kept, every run recorded). Each rcucheck run is a
 * child process, so its peak RSS is its own. SPIN's pan is generated from bench/<model>.pml,
 * compiled with -O2 -DNOREDUCE -DSAFETY (plus -DBFS for BFS) in a temporary directory; its
 * state counts must equal rcucheck's, or the run fails. Debian's spin is installed when absent.
 *
 * Writes reports/bench/bench.md (side-by-side table with ratios) and reports/bench/bench.json.
 * Usage: npm run bench [-- --reps 3] [-- --quick]
 *
 * What it must not do: run as part of `npm test`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

interface Config {
  model: 'philosophers' | 'peterson';
  n: number;
}

interface Run {
  tool: 'rcucheck' | 'spin';
  mode: 'bfs' | 'dfs';
  distinct: number;
  transitions: number;
  seconds: number;
  peakRssMB: number | null;
  bytesPerState: number | null;
  /** SPIN only: its own memory accounting ("total actual memory usage"). */
  spinMemoryMB?: number;
}

// ---------------------------------------------------------------------------------------------
// Child mode: one rcucheck run, reported as one JSON line.

async function child(model: string, n: number, strategy: 'bfs' | 'dfs'): Promise<void> {
  const { findModel } = await import('../models/index.js');
  const { buildModel } = await import('../src/model/compile.js');
  const { explore } = await import('../src/engine/explore.js');
  const def = findModel(model);
  if (def === undefined) throw new Error(`unknown model ${model}`);
  const m = buildModel(def, { n });
  if (!m.ok) throw new Error(m.error.message);
  // Philosophers deadlock by design; count the whole space, as SPIN does with -E.
  const t0 = performance.now();
  const o = explore(m.value, { strategy, deadlock: model !== 'philosophers' });
  const seconds = (performance.now() - t0) / 1000;
  const out = {
    verdict: o.verdict,
    distinct: o.stats.distinct,
    generated: o.stats.generated,
    seconds,
    bytes: o.stats.bytes,
    maxRssKB: process.resourceUsage().maxRSS,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function runRcucheck(c: Config, mode: 'bfs' | 'dfs'): Run {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', c.model, String(c.n), mode], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`rcucheck ${c.model} n=${c.n} ${mode} failed: ${r.stderr}`);
  const o = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as {
    verdict: string;
    distinct: number;
    generated: number;
    seconds: number;
    bytes: number;
    maxRssKB: number;
  };
  if (o.verdict !== 'ok') throw new Error(`rcucheck ${c.model} n=${c.n} ${mode}: verdict ${o.verdict}`);
  return {
    tool: 'rcucheck',
    mode,
    distinct: o.distinct,
    // SPIN counts the initial state as a transition; so do we here, to compare like with like.
    transitions: o.generated + 1,
    seconds: o.seconds,
    peakRssMB: o.maxRssKB / 1024,
    bytesPerState: o.bytes / o.distinct,
  };
}

// ---------------------------------------------------------------------------------------------
// SPIN.

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Install a Debian package with apt-get when its command is missing (spin; gcc, which pan needs). */
function ensure(cmd: string, pkg: string): void {
  if (have(cmd)) return;
  console.log(`${cmd} not found: installing ${pkg} with apt-get`);
  let r = spawnSync('apt-get', ['install', '-y', pkg], { stdio: 'inherit' });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    r = spawnSync('apt-get', ['install', '-y', pkg], { stdio: 'inherit' });
  }
  if (r.status !== 0 || !have(cmd)) throw new Error(`could not install ${pkg} (apt-get install -y ${pkg})`);
}

/** Build pan for one config and mode; returns its path. */
function buildPan(dir: string, c: Config, mode: 'bfs' | 'dfs'): string {
  const d = join(dir, `${c.model}-${c.n}-${mode}`);
  mkdirSync(d, { recursive: true });
  execFileSync('spin', ['-a', `-DN=${c.n}`, join(root, 'bench', `${c.model}.pml`)], { cwd: d, stdio: 'pipe' });
  const flags = ['-O2', '-DNOREDUCE', '-DSAFETY', ...(mode === 'bfs' ? ['-DBFS'] : []), '-w', '-o', 'pan', 'pan.c'];
  execFileSync('gcc', flags, { cwd: d, stdio: 'pipe' });
  return join(d, 'pan');
}

function num(text: string, re: RegExp): number {
  const m = re.exec(text);
  if (m === null) throw new Error(`pan output lacks ${re}:\n${text}`);
  return Number(m[1]);
}

function runSpin(pan: string, c: Config, mode: 'bfs' | 'dfs', states: number): Run {
  // -E: the philosophers deadlock is not an error, so the whole space is counted.
  // -m: depth bound; no path is longer than the number of states (rcucheck's count, checked
  // equal below), and pan's DFS stack is sized by it, so it is not made larger than needed.
  const args = [...(c.model === 'philosophers' ? ['-E'] : []), `-m${states + 1000}`];
  const timed = existsSync('/usr/bin/time');
  const cmd = timed ? '/usr/bin/time' : pan;
  const argv = timed ? ['-f', 'maxrss-kb %M', pan, ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd: dirname(pan), encoding: 'utf8', maxBuffer: 1 << 24 });
  const wall = (performance.now() - t0) / 1000;
  const text = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`pan failed (${r.status}):\n${text}`);
  if (num(text, /errors: (\d+)/) !== 0) throw new Error(`pan reported errors:\n${text}`);
  const elapsed = num(text, /elapsed time ([\d.e+-]+) seconds/);
  const rss = /maxrss-kb (\d+)/.exec(text);
  const distinct = num(text, /(\d+) states, stored/);
  return {
    tool: 'spin',
    mode,
    distinct,
    transitions: num(text, /(\d+) transitions \(= stored\+matched\)/),
    // pan's own clock (search only, like rcucheck's); its resolution is 0.01 s, so fall back to
    // the process's wall time for tiny runs.
    seconds: elapsed >= 0.05 ? elapsed : wall,
    peakRssMB: rss ? Number(rss[1]) / 1024 : null,
    bytesPerState: rss ? (Number(rss[1]) * 1024) / distinct : null,
    spinMemoryMB: num(text, /([\d.]+)\s+total actual memory usage/),
  };
}

// ---------------------------------------------------------------------------------------------
// Report.

interface Row {
  config: Config;
  runs: Run[]; // every repetition
  best: Record<string, Run>; // `${tool} ${mode}` -> fastest repetition
}

const fmt = (x: number, d = 0): string => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const rate = (r: Run): number => r.distinct / r.seconds;

function markdown(rows: Row[], meta: Record<string, unknown>): string {
  const lines: string[] = [];
  lines.push('# rcucheck vs SPIN: reference models, single worker');
  lines.push('');
  lines.push(`Generated by \`npm run bench\` on ${String(meta.date)}. Machine: ${String(meta.cpu)} (${String(meta.cpus)} CPUs), ` +
    `load average at start ${String(meta.loadavg)}; node ${String(meta.node)}, ${String(meta.spin)}, ${String(meta.gcc)}.`);
  lines.push('');
  lines.push(`Each configuration ran ${String(meta.reps)} times, rcucheck and SPIN alternating; the table shows the fastest ` +
    'repetition (all are in bench.json). rcucheck: `explore()` in a fresh child process, exact seen set, one worker; ' +
    'time is the search alone. SPIN: pan from bench/<model>.pml, `gcc -O2 -DNOREDUCE -DSAFETY` (+`-DBFS`), ' +
    '`pan -m<states+1000>` (+`-E` for philosophers, whose deadlock is explored past, as rcucheck does with deadlock ' +
    "detection off); time is pan's own elapsed time. Transitions include the initial state (SPIN's convention). " +
    'Peak RSS is the whole process (SPIN via /usr/bin/time); bytes/state is rcucheck\'s seen set + metadata + frontier ' +
    'over distinct states, and peak RSS over distinct states for SPIN.');
  lines.push('');
  lines.push('| model | n | tool | mode | distinct | transitions | time (s) | states/s | transitions/s | peak RSS (MB) | bytes/state |');
  lines.push('|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    for (const key of ['rcucheck bfs', 'rcucheck dfs', 'spin bfs', 'spin dfs']) {
      const r = row.best[key];
      if (r === undefined) continue;
      lines.push(
        `| ${row.config.model} | ${row.config.n} | ${r.tool} | ${r.mode} | ${fmt(r.distinct)} | ${fmt(r.transitions)} | ${fmt(r.seconds, 3)} | ` +
          `${fmt(rate(r))} | ${fmt(r.transitions / r.seconds)} | ${r.peakRssMB === null ? '—' : fmt(r.peakRssMB, 0)} | ` +
          `${r.bytesPerState === null ? '—' : fmt(r.bytesPerState, 1)} |`,
      );
    }
  }
  lines.push('');
  lines.push('## Ratios (distinct states per second)');
  lines.push('');
  lines.push("SPIN's fastest exhaustive mode is the faster of its BFS and DFS runs for that configuration.");
  lines.push('');
  lines.push('| model | n | rcucheck BFS / SPIN BFS | rcucheck DFS / SPIN DFS | best rcucheck / fastest SPIN | counts equal |');
  lines.push('|---|---:|---:|---:|---:|---|');
  for (const row of rows) {
    const b = row.best;
    const ratio = (a: Run | undefined, s: Run | undefined): string => (a && s ? `${fmt(rate(a) / rate(s), 2)}×` : '—');
    const bestRc = [b['rcucheck bfs'], b['rcucheck dfs']].filter((x): x is Run => x !== undefined).sort((x, y) => rate(y) - rate(x))[0];
    const bestSpin = [b['spin bfs'], b['spin dfs']].filter((x): x is Run => x !== undefined).sort((x, y) => rate(y) - rate(x))[0];
    const equal = row.runs.every((r) => r.distinct === row.runs[0].distinct && r.transitions === row.runs[0].transitions);
    lines.push(
      `| ${row.config.model} | ${row.config.n} | ${ratio(b['rcucheck bfs'], b['spin bfs'])} | ${ratio(b['rcucheck dfs'], b['spin dfs'])} | ` +
        `${ratio(bestRc, bestSpin)} (${bestRc?.mode ?? '—'} vs ${bestSpin?.mode ?? '—'}) | ${equal ? 'yes' : 'NO'} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

function atomicWrite(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') {
    await child(argv[1], Number(argv[2]), argv[3] as 'bfs' | 'dfs');
    return;
  }
  const repsAt = argv.indexOf('--reps');
  const reps = repsAt >= 0 ? Number(argv[repsAt + 1]) : 3;
  const quick = argv.includes('--quick');
  const configs: Config[] = quick
    ? [
        { model: 'philosophers', n: 10 },
        { model: 'peterson', n: 3 },
      ]
    : [
        { model: 'philosophers', n: 12 },
        { model: 'philosophers', n: 13 },
        { model: 'philosophers', n: 14 },
        { model: 'philosophers', n: 15 },
        { model: 'peterson', n: 3 },
        { model: 'peterson', n: 4 },
      ];
  ensure('spin', 'spin');
  ensure('gcc', 'gcc');
  const meta: Record<string, unknown> = {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    loadavg: loadavg().map((x) => x.toFixed(2)).join(' '),
    node: process.version,
    spin: execFileSync('spin', ['-V'], { encoding: 'utf8' }).trim(),
    gcc: execFileSync('gcc', ['--version'], { encoding: 'utf8' }).split('\n')[0],
    reps,
  };
  const dir = mkdtempSync(join(tmpdir(), 'rcucheck-bench-'));
  const rows: Row[] = [];
  try {
    for (const config of configs) {
      const pans = { bfs: buildPan(dir, config, 'bfs'), dfs: buildPan(dir, config, 'dfs') };
      const row: Row = { config, runs: [], best: {} };
      for (let rep = 0; rep < reps; rep++) {
        for (const mode of ['bfs', 'dfs'] as const) {
          for (const tool of ['rcucheck', 'spin'] as const) {
            const r = tool === 'rcucheck' ? runRcucheck(config, mode) : runSpin(pans[mode], config, mode, row.runs[0].distinct);
            row.runs.push(r);
            const key = `${tool} ${mode}`;
            if (row.best[key] === undefined || r.seconds < row.best[key].seconds) row.best[key] = r;
            console.log(
              `${config.model} n=${config.n} ${key} rep ${rep + 1}/${reps}: ${fmt(r.distinct)} states, ` +
                `${fmt(r.seconds, 3)} s, ${fmt(rate(r))} states/s`,
            );
          }
        }
      }
      const d0 = row.runs[0];
      for (const r of row.runs) {
        if (r.distinct !== d0.distinct || r.transitions !== d0.transitions) {
          throw new Error(`${config.model} n=${config.n}: ${r.tool} ${r.mode} counts ${r.distinct}/${r.transitions}, expected ${d0.distinct}/${d0.transitions}`);
        }
      }
      rows.push(row);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // A quick run (a smoke test of this script) must not overwrite the committed report.
  const out = quick ? join(root, 'reports', 'tmp', 'bench') : join(root, 'reports', 'bench');
  const md = markdown(rows, meta);
  atomicWrite(join(out, 'bench.md'), md);
  atomicWrite(join(out, 'bench.json'), JSON.stringify({ meta, rows }, null, 2) + '\n');
  console.log(`\n${md}\nwrote ${join(out, 'bench.md')} and bench.json`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : String(e));
  process.exitCode = 1;
});
