/**
 * `rcucheck check <model>`: explore one configuration and report the outcome.
 *
 * Why this file exists: the handler only parses and prints (architecture §9): flags → CheckOptions
 * → the check service (prepare, search, traces) → the report layer (files) → stdout and an exit
 * status. Every piece of bad input (model, parameter, property, option value, report directory) is
 * rejected with one line on stderr, exit 150/151, before the search starts; a report that cannot be
 * written after the search is one line and exit 150, with the verdict still printed.
 *
 * What it must not do: touch `process` (it uses the CliContext), call `process.exit`, or write
 * files except through report/write.ts.
 */
import { createHash } from 'node:crypto';
import { availableParallelism, totalmem } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { optionsRecord, type CheckOptions, type ResolvedCheckOptions } from '../check/options.js';
import { parseDefines, prepareCheck, type PreparedCheck } from '../check/prepare.js';
import type { ViolationJson } from '../check/result.js';
import { runPreparedAsync, type CheckRun } from '../check/run.js';
import type { CompiledModel } from '../model/compile.js';
import { checkReportFiles, safeName } from '../report/check-report.js';

import { renderText } from '../report/summary.js';
import { exists, lockReportDir, probeReportDir, writeReport, type ReportLock } from '../report/write.js';
import { fileSpillStore } from '../spill/file-spill.js';
import { renderTimeline } from '../trace/timeline.js';
import { EXIT, fail, type CliContext } from './context.js';
import { progressReporter } from './progress.js';

/** Search memory bound when --memory is not given: half the machine, so a huge run ends `incomplete` instead of swapping. */
export function defaultMemoryMB(): number {
  return Math.floor(totalmem() / 2 / 1048576);
}

/**
 * reports/runs/<model>-<hash of the configuration>: one directory per configuration, stable across
 * runs. The configuration is the parameters and every option that can change the results
 * (properties, strategy, seen set, deadlock, collect, limits, symmetry): two runs that could
 * disagree never share a folder, so one never silently replaces the other's report (issue 32).
 * Options that only change how the work is done (workers, frontier spill size, output) are left
 * out: their runs give the same report.
 */
export function defaultReportDir(model: CompiledModel, options: ResolvedCheckOptions): string {
  const { frontierMB: _spill, ...results } = optionsRecord(options);
  const key = JSON.stringify([
    Object.entries(model.params).sort(([a], [b]) => a.localeCompare(b)),
    Object.entries({ ...results, invariants: [...new Set(results.invariants)].sort() }).sort(([a], [b]) => a.localeCompare(b)),
  ]);
  return `reports/runs/${safeName(model.id)}-${createHash('sha1').update(key).digest('hex').slice(0, 10)}`;
}

/**
 * Where the default save of a run goes: `dir`, unless the run is incomplete and `dir` already
 * holds a report (an interrupted run must not replace a finished one): then the first free
 * `dir-2`, `dir-3`, ...
 */
async function defaultSaveDir(dir: string, incomplete: boolean): Promise<string> {
  if (!incomplete || !(await exists(dir))) return dir;
  for (let k = 2; ; k++) if (!(await exists(`${dir}-${k}`))) return `${dir}-${k}`;
}

/** The parameters that differ from their defaults: the configuration in a few words. */
function configLabel(model: CompiledModel): string {
  return `${model.id}${Object.entries(model.params)
    .filter(([k, v]) => String(model.def.params[k]?.default) !== String(v))
    .map(([k, v]) => ` ${k}=${v}`)
    .join('')}`;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Run a prepared check with the progress line on stderr and Ctrl-C from the context. */
async function runWithProgress(ctx: CliContext, p: PreparedCheck, quiet: boolean, workers: number): Promise<CheckRun> {
  const progress = progressReporter(ctx, quiet, configLabel(p.model));
  try {
    return await runPreparedAsync(p, {
      signal: ctx.signal,
      onProgress: (x) => progress.onProgress(x),
      now: () => ctx.now(),
      defaultMemoryMB: defaultMemoryMB(),
      spill: fileSpillStore(),
      workers,
    });
  } finally {
    progress.done();
  }
}

interface CheckArgs {
  'save-traces': boolean;
  model: string;
  D: string[];
  invariant: string[];
  strategy: 'bfs' | 'dfs';
  seen: 'exact' | 'fp64';
  deadlock: boolean;
  collect: boolean;
  'max-states'?: number;
  'max-depth'?: number;
  timeout?: number;
  memory?: number;
  symmetry?: boolean;
  'check-symmetry': boolean;
  'frontier-mb'?: number;
  races: boolean;
  workers: number;
  'report-dir'?: string;
  json: boolean;
  quiet: boolean;
}

function builder(y: Argv): Argv<CheckArgs> {
  return y
    .positional('model', { type: 'string', describe: 'model id (see `rcucheck list`)', demandOption: true })
    .option('D', { alias: 'define', type: 'string', array: true, default: [] as string[], nargs: 1, describe: 'set a model parameter: -D name=value (repeatable)' })
    .option('invariant', { type: 'string', array: true, default: [] as string[], nargs: 1, describe: 'check only these properties (repeatable; default: all); deadlock is still reported unless --no-deadlock; a liveness (leadsTo) property is checked only when named here, and forces a one-thread exact BFS, with symmetry reduced to the elements declared fixesLiveness (none: no symmetry); NAME:K gives a bounded-response property its bound (freed-within:2)' })
    .option('strategy', { choices: ['bfs', 'dfs'] as const, default: 'bfs' as const, describe: 'bfs finds shortest traces; dfs uses less memory' })
    .option('seen', { choices: ['exact', 'fp64'] as const, default: 'exact' as const, describe: 'seen set: exact states, or 64-bit fingerprints (TLC style)' })
    .option('deadlock', { type: 'boolean', default: true, describe: 'report deadlocks (--no-deadlock explores past them)' })
    .option('collect', { type: 'boolean', default: false, describe: 'keep searching after a violation so every property gets a verdict' })
    .option('max-states', { type: 'number', describe: 'stop (incomplete) after this many distinct states', requiresArg: true })
    .option('max-depth', { type: 'number', describe: 'do not expand states deeper than this (incomplete if cut)', requiresArg: true })
    .option('timeout', { type: 'number', describe: 'stop (incomplete) after this many seconds', requiresArg: true })
    .option('memory', {
      type: 'number',
      describe: `stop (incomplete) before search memory (seen set, states, frontier) would pass this many MB (default: half of this machine's memory, ${defaultMemoryMB()} MB)`,
      requiresArg: true,
    })
    .option('symmetry', {
      type: 'boolean',
      describe: "store one state per orbit of the model's declared symmetry group (default: on when the model declares one; --no-symmetry: off)",
    })
    .option('check-symmetry', { type: 'boolean', default: false, describe: 'verify on every state that the declared symmetry is one (slow; RC013 if not)' })
    .option('frontier-mb', {
      type: 'number',
      describe: 'BFS with --seen fp64: keep at most this many MB of the frontier in memory and spill the rest to a temporary file (default: a quarter of --memory)',
      requiresArg: true,
    })
    .option('races', {
      type: 'boolean',
      default: false,
      describe:
        'data races (KCSAN, exhaustive): two labelled accesses to one location by different actors, one a write, one plain, no lock in common, both enabled in a reachable state; each reported once with the shortest trace to that state (exit 12). Implies --collect and --no-symmetry',
    })
    .option('workers', {
      type: 'number',
      default: availableParallelism(),
      describe:
        'threads that compute successors (default and most: the machine\'s cores, more are capped with a note; BFS only, DFS and --check-symmetry run on one). Counts, verdicts and traces do not depend on it',
      requiresArg: true,
    })
    .option('report-dir', { type: 'string', describe: 'write summary.json, coverage.json and trace files here', requiresArg: true })
    .option('json', { type: 'boolean', default: false, describe: 'print exactly one JSON object on stdout' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress line on stderr' })
    .option('save-traces', {
      type: 'boolean',
      default: true,
      describe: 'without --report-dir, save the report of a run that found violations under reports/runs/<model>-<configuration hash>/, one folder per model, parameters and result-changing options (--no-save-traces: never)',
    })
    .example('$0 check philosophers -D n=5', 'find the deadlock of 5 dining philosophers (exit 11)')
    .example('$0 check peterson -D n=3 --json', 'prove mutual exclusion for 3 processes, JSON on stdout')
    .example('$0 check peterson -D mutate=1 --report-dir reports/pm', 'a violation with trace.md, trace.itf.json, trace.html')
    .example('$0 check philosophers -D n=12 --no-deadlock --max-states 1000000', 'count states, bounded')
    .example('$0 check kvfree-v6 -D cpus=1 -D objects=e,e,e,e -D readers=0 -D kernel=v6.12 --races', "B6: the monitor's re-arm writes monitor_work.timer.expires without krcp->lock (exit 12; kernel=v6.13: exit 0)")
    .example('$0 check philosophers -D n=2 --invariant eventually-eats --no-deadlock', 'a liveness lasso: the deadlock stutters, so phil0 never eats (exit 13)');
}

export function checkCommand(ctx: CliContext): CommandModule<object, CheckArgs> {
  return {
    command: 'check <model>',
    describe: 'explore one model configuration and check its properties',
    builder,
    handler: async (a) => {
      if (!Number.isInteger(a.workers) || a.workers < 1) {
        fail(ctx, EXIT.OPTION, `--workers must be a positive integer (got ${String(a.workers)})`);
        return;
      }
      const defs = parseDefines(a.D);
      if (!defs.ok) {
        fail(ctx, defs.error.exitCode, defs.error.error.message);
        return;
      }
      const options: CheckOptions = {
        model: a.model,
        params: defs.value,
        invariants: a.invariant,
        strategy: a.strategy,
        seen: a.seen,
        deadlock: a.deadlock,
        collect: a.collect,
        maxStates: a['max-states'],
        maxDepth: a['max-depth'],
        timeoutS: a.timeout,
        memoryMB: a.memory,
        symmetry: a.symmetry,
        checkSymmetry: a['check-symmetry'],
        frontierMB: a['frontier-mb'],
        ...(a.races ? { races: true } : {}),
      };
      const prep = prepareCheck(options);
      if (!prep.ok) {
        fail(ctx, prep.error.exitCode, prep.error.error.message);
        return;
      }
      const explicitDir = a['report-dir'];
      let lock: ReportLock | undefined;
      if (explicitDir !== undefined) {
        const why = await probeReportDir(explicitDir);
        if (why !== null) {
          fail(ctx, EXIT.INPUT, `cannot write the report to --report-dir ${explicitDir}: ${why}`);
          return;
        }
        const l = await lockReportDir(explicitDir, { pid: ctx.pid, what: `check ${a.model}`, alive: (p) => ctx.processAlive(p) });
        if (!l.ok) {
          fail(ctx, EXIT.INPUT, l.error);
          return;
        }
        lock = l.value;
      }
      try {
        const run = await runWithProgress(ctx, prep.value, a.quiet, a.workers);
        const { result } = run;
        let writeError: string | undefined;
        // Without --report-dir, a run that found violations still saves their traces (as TLC and SPIN do).
        let dir = explicitDir ?? (a['save-traces'] && result.violations.length > 0 ? defaultReportDir(prep.value.model, prep.value.options) : undefined);
        if (dir !== undefined && explicitDir === undefined) {
          const kept = dir;
          dir = await defaultSaveDir(dir, run.outcome.incompleteReason !== undefined);
          if (dir !== kept) ctx.stderr(`rcucheck: warning: ${kept} holds an earlier report of this configuration; kept it, this incomplete run is saved under ${dir}\n`);
        }
        if (dir !== undefined) {
          try {
            await writeReport(dir, checkReportFiles(run));
            result.reportDir = dir;
          } catch (e) {
            // Nothing was written: print no trace paths that do not exist.
            for (const v of result.violations) delete v.files;
            if (explicitDir !== undefined) writeError = `could not write the report to --report-dir ${dir}: ${message(e)}`;
            // The default save is a convenience: failing to write it must not change the exit status.
            else ctx.stderr(`rcucheck: warning: could not save the traces under ${dir}: ${message(e)}\n`);
          }
        }
        const timeline = (v: ViolationJson): string | undefined => {
          const t = run.violations.find((x) => x.json === v)?.trace;
          return t?.ok === true ? renderTimeline(t.value, { color: ctx.stdoutIsTTY, width: ctx.stdoutColumns }) : undefined;
        };
        // The verdict is printed even when the report could not be written.
        ctx.stdout(a.json ? `${JSON.stringify(result)}\n` : renderText(result, { timeline, config: configLabel(prep.value.model), width: ctx.stdoutColumns }));
        ctx.exitCode = result.exitCode;
        if (writeError !== undefined) fail(ctx, EXIT.INPUT, writeError);
      } finally {
        await lock?.release();
      }
    },
  };
}
