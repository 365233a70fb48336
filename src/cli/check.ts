/**
 * `rcucheck check <model>`: explore one configuration and report the outcome.
 *
 * Why this file exists: the handler is thin (architecture §9): arguments → validated request →
 * `exploreAsync()` → readable traces → report directory → stdout and an exit status. Every piece
 * of bad input (model, parameter, property, option value) is rejected with one line on stderr,
 * exit 150/151, before anything is written.
 *
 * What it must not do: touch `process` (it uses the CliContext), call `process.exit`, or write
 * files except through report/write.ts.
 */
import { createHash } from 'node:crypto';
import { totalmem } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { findModel, MODELS } from '../../models/index.js';
import { compileModel, resolveParams, type CompiledModel } from '../model/compile.js';
import type { CheckError } from '../engine/errors.js';
import { exploreAsync } from '../engine/explore.js';
import { exitCodeFor, exitCodeForError, type Outcome } from '../engine/outcome.js';
import { renderTimeline } from '../trace/timeline.js';
import { buildTrace, type Trace } from '../trace/trace.js';
import { coverageReport } from '../report/coverage.js';
import {
  checkResult,
  renderText,
  stableJson,
  summaryFile,
  timingsFile,
  traceSteps,
  type CheckOptionsJson,
  type CheckResult,
  type ViolationJson,
} from '../report/summary.js';
import { traceFiles } from '../report/trace-files.js';
import { probeReportDir, writeReport } from '../report/write.js';
import { fileSpillStore } from '../spill/file-spill.js';
import { fail, type CliContext } from './context.js';
import { progressReporter } from './progress.js';

/** A check, validated or not: what the CLI flags and a proof-plan entry both describe. */
export interface CheckRequest {
  model: string;
  /** Raw `name=value` strings (from `-D`) or already split values (from a plan). */
  params: Readonly<Record<string, string | number>>;
  invariants: readonly string[];
  strategy: 'bfs' | 'dfs';
  seen: 'exact' | 'fp64';
  deadlock: boolean;
  collect: boolean;
  maxStates?: number;
  maxDepth?: number;
  timeoutS?: number;
  memoryMB?: number;
  /** Symmetry reduction: undefined = on when the model declares a group. */
  symmetry?: boolean;
  /** Verify the declared symmetry on every state (slow). */
  checkSymmetry?: boolean;
  /** In-memory budget of a BFS frontier that holds full states (fp64); beyond it, spill to a temporary file. */
  frontierMB?: number;
}

/** Bad input, as an error value with its exit status (150 model/file, 151 parameter/property/option). */
export interface InputError {
  exitCode: number;
  error: CheckError;
}

function inputError(code: 'RC001' | 'RC002' | 'RC003' | 'RC004', message: string): InputError {
  return { exitCode: exitCodeForError({ code, message }), error: { code, message } };
}

/** Split `-D name=value` strings into a record (RC003 on a malformed or repeated one). */
export function parseDefines(defs: readonly string[]): { ok: true; value: Record<string, string> } | { ok: false; error: InputError } {
  const out: Record<string, string> = {};
  for (const d of defs) {
    const eq = d.indexOf('=');
    const name = eq < 0 ? '' : d.slice(0, eq).trim();
    if (eq < 0 || name === '') {
      return { ok: false, error: inputError('RC003', `-D expects name=value, got '${d}'`) };
    }
    if (name in out) return { ok: false, error: inputError('RC003', `parameter '${name}' is given twice`) };
    out[name] = d.slice(eq + 1).trim();
  }
  return { ok: true, value: out };
}

function positiveInt(name: string, v: number | undefined, allowZero = false): InputError | null {
  if (v === undefined) return null;
  if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) {
    return inputError('RC003', `${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer${Number.isNaN(v) ? ' (got something that is not a number)' : ` (got ${String(v)})`}`);
  }
  return null;
}

function positiveNumber(name: string, v: number | undefined): InputError | null {
  if (v === undefined) return null;
  if (!Number.isFinite(v) || v <= 0) {
    return inputError('RC003', `${name} must be a positive number${Number.isNaN(v) ? ' (got something that is not a number)' : ` (got ${String(v)})`}`);
  }
  return null;
}

/** Validate a request and compile its model. Nothing is run or written. */
export function prepareCheck(req: CheckRequest): { ok: true; model: CompiledModel } | { ok: false; error: InputError } {
  const def = findModel(req.model);
  if (def === undefined) {
    return { ok: false, error: inputError('RC001', `unknown model '${req.model}' (valid: ${MODELS.map((m) => m.id).join(', ')})`) };
  }
  for (const e of [
    positiveInt('--max-states', req.maxStates),
    positiveInt('--max-depth', req.maxDepth, true),
    positiveNumber('--timeout', req.timeoutS),
    positiveNumber('--memory', req.memoryMB),
    positiveNumber('--frontier-mb', req.frontierMB),
  ]) {
    if (e !== null) return { ok: false, error: e };
  }
  const params = resolveParams(def, req.params);
  if (!params.ok) return { ok: false, error: { exitCode: exitCodeForError(params.error), error: params.error } };
  const only = req.invariants.filter((n) => n !== 'deadlock');
  const wantsOnlyDeadlock = req.invariants.length > 0 && only.length === 0;
  if (req.invariants.includes('deadlock') && !req.deadlock) {
    return { ok: false, error: inputError('RC002', `--invariant deadlock contradicts --no-deadlock`) };
  }
  let compiled;
  try {
    compiled = compileModel(def, params.value, only);
  } catch (e) {
    const message = `model ${def.id} could not be built: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, error: { exitCode: 75, error: { code: 'RC010', message } } };
  }
  if (!compiled.ok) {
    // compileModel does not know the deadlock pseudo-property: name it among the valid choices.
    const msg = compiled.error.message.replace(/\(valid: (.*)\)$/, (_m, v: string) => `(valid: ${v === '' ? '' : `${v}, `}deadlock)`);
    return { ok: false, error: { exitCode: exitCodeForError(compiled.error), error: { ...compiled.error, message: msg } } };
  }
  const model = wantsOnlyDeadlock ? { ...compiled.value, invariants: [], transitions: [], terminals: [] } : compiled.value;
  return { ok: true, model };
}

/** Turn an outcome's violations into readable traces (replayed), with files when a report is written. */
function violationsOf(m: CompiledModel, o: Outcome): { list: ViolationJson[]; traces: Map<ViolationJson, Trace> } {
  const list: ViolationJson[] = [];
  const traces = new Map<ViolationJson, Trace>();
  for (const v of o.violations) {
    const t = buildTrace(m, v);
    if (t.ok) {
      const j: ViolationJson = {
        property: v.property,
        kind: v.kind,
        description: v.description,
        explanation: t.value.explanation,
        length: t.value.steps.length - 1,
        switches: t.value.switches,
        trace: traceSteps(t.value),
      };
      traces.set(j, t.value);
      list.push(j);
    } else {
      list.push({
        property: v.property,
        kind: v.kind,
        description: v.description,
        explanation: v.description,
        length: v.trace.actions.length,
        switches: v.trace.switches,
        trace: [],
        traceError: t.error,
      });
    }
  }
  return { list, traces };
}

/** Search memory bound when --memory is not given: half the machine, so a huge run ends `incomplete` instead of swapping. */
export function defaultMemoryMB(): number {
  return Math.floor(totalmem() / 2 / 1048576);
}

/** A BFS frontier of full states keeps a quarter of the search memory bound in memory, the rest on disk. */
export function defaultFrontierMB(memoryMB: number | undefined): number | undefined {
  return memoryMB === undefined ? undefined : Math.max(16, Math.floor(memoryMB / 4));
}

/** reports/runs/<model>-<hash of the parameters>: one directory per configuration, stable across runs. */
export function defaultReportDir(model: CompiledModel): string {
  const key = JSON.stringify(Object.entries(model.params).sort(([a], [b]) => a.localeCompare(b)));
  return `reports/runs/${safeName(model.id)}-${createHash('sha1').update(key).digest('hex').slice(0, 10)}`;
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_') || '_';
}

/** Run a validated check: search, traces, report. Returns the result (exit status inside). */
export async function runCheck(
  ctx: CliContext,
  req: CheckRequest,
  model: CompiledModel,
  opts: {
    reportDir?: string;
    quiet: boolean;
    /** Where to save the report of a run that found violations when no --report-dir is given. */
    violationReportDir?: string;
    /** Search memory bound when the request gives none (kept out of the report's options, so reports diff across machines). */
    defaultMemoryMB?: number;
  },
): Promise<{ result: CheckResult; traces: Map<ViolationJson, Trace> }> {
  // The parameters that differ from their defaults: the configuration in a few words.
  const label = `${model.id}${Object.entries(model.params)
    .filter(([k, v]) => String(model.def.params[k]?.default) !== String(v))
    .map(([k, v]) => ` ${k}=${v}`)
    .join('')}`;
  const progress = progressReporter(ctx, opts.quiet, label);
  let outcome: Outcome;
  try {
    outcome = await exploreAsync(
      model,
      {
        strategy: req.strategy,
        seen: req.seen,
        deadlock: req.deadlock,
        collect: req.collect,
        maxStates: req.maxStates,
        maxDepth: req.maxDepth,
        timeoutMs: req.timeoutS === undefined ? undefined : req.timeoutS * 1000,
        maxMemoryMB: req.memoryMB ?? opts.defaultMemoryMB,
        symmetry: req.symmetry,
        checkSymmetry: req.checkSymmetry ?? false,
        frontierMB: req.frontierMB ?? defaultFrontierMB(req.memoryMB ?? opts.defaultMemoryMB),
        spill: fileSpillStore(),
        onProgress: (p) => progress.onProgress(p),
        now: () => ctx.now(),
      },
      ctx.signal,
    );
  } finally {
    progress.done();
  }
  const { list, traces } = violationsOf(model, outcome);
  let exitCode = exitCodeFor(outcome);
  const traceErr = list.find((v) => v.traceError !== undefined)?.traceError;
  if (traceErr !== undefined && exitCode !== 152) exitCode = exitCodeForError(traceErr);
  const options: CheckOptionsJson = {
    strategy: req.strategy,
    seen: req.seen,
    deadlock: req.deadlock,
    collect: req.collect,
    invariants: [...req.invariants],
    maxStates: req.maxStates ?? null,
    maxDepth: req.maxDepth ?? null,
    timeoutS: req.timeoutS ?? null,
    memoryMB: req.memoryMB ?? null,
    symmetry: req.symmetry ?? null,
    checkSymmetry: req.checkSymmetry ?? false,
    frontierMB: req.frontierMB ?? null,
  };
  const result = checkResult(outcome, options, list, exitCode);
  // Without --report-dir, a run that found violations still saves their traces (as TLC and SPIN do).
  const reportDir = opts.reportDir ?? (list.length > 0 ? opts.violationReportDir : undefined);
  if (reportDir !== undefined) {
    const files: Record<string, string> = {};
    for (const [k, v] of list.entries()) {
      const t = traces.get(v);
      if (t === undefined) continue;
      const tf = traceFiles(t, model, outcome.violations[k].trace.init);
      const dir = `traces/${safeName(v.property)}`;
      v.files = {};
      for (const [name, content] of Object.entries(tf)) {
        files[`${dir}/${name}`] = content;
        v.files[name] = `${dir}/${name}`;
      }
    }
    files['coverage.json'] = stableJson(coverageReport(outcome));
    files['summary.json'] = summaryFile(result);
    files['timings.json'] = timingsFile(result);
    if (opts.reportDir !== undefined) {
      await writeReport(reportDir, files);
      result.reportDir = reportDir;
    } else {
      // The default save is a convenience: failing to write it must not turn a verdict into a crash.
      try {
        await writeReport(reportDir, files);
        result.reportDir = reportDir;
      } catch (e) {
        ctx.stderr(`rcucheck: warning: could not save the traces under ${reportDir}: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    }
  }
  return { result, traces };
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
  workers: number;
  'report-dir'?: string;
  json: boolean;
  quiet: boolean;
}

function builder(y: Argv): Argv<CheckArgs> {
  return y
    .positional('model', { type: 'string', describe: 'model id (see `rcucheck list`)', demandOption: true })
    .option('D', { alias: 'define', type: 'string', array: true, default: [] as string[], nargs: 1, describe: 'set a model parameter: -D name=value (repeatable)' })
    .option('invariant', { type: 'string', array: true, default: [] as string[], nargs: 1, describe: 'check only this property (repeatable; default: all)' })
    .option('strategy', { choices: ['bfs', 'dfs'] as const, default: 'bfs' as const, describe: 'bfs finds shortest traces; dfs uses less memory' })
    .option('seen', { choices: ['exact', 'fp64'] as const, default: 'exact' as const, describe: 'seen set: exact states, or 64-bit fingerprints (TLC style)' })
    .option('deadlock', { type: 'boolean', default: true, describe: 'report deadlocks (--no-deadlock explores past them)' })
    .option('collect', { type: 'boolean', default: false, describe: 'keep searching after a violation so every property gets a verdict' })
    .option('max-states', { type: 'number', describe: 'stop (incomplete) after this many distinct states', requiresArg: true })
    .option('max-depth', { type: 'number', describe: 'do not expand states deeper than this (incomplete if cut)', requiresArg: true })
    .option('timeout', { type: 'number', describe: 'stop (incomplete) after this many seconds', requiresArg: true })
    .option('memory', {
      type: 'number',
      describe: `stop (incomplete) when search memory exceeds this many MB (default: half of this machine's memory, ${defaultMemoryMB()} MB)`,
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
    .option('workers', { type: 'number', default: 1, describe: 'search workers (single worker only for now)' })
    .option('report-dir', { type: 'string', describe: 'write summary.json, coverage.json and trace files here', requiresArg: true })
    .option('json', { type: 'boolean', default: false, describe: 'print exactly one JSON object on stdout' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress line on stderr' })
    .option('save-traces', {
      type: 'boolean',
      default: true,
      describe: 'without --report-dir, save the report of a run that found violations under reports/runs/<model>-<params hash>/ (--no-save-traces: never)',
    })
    .example('$0 check philosophers -D n=5', 'find the deadlock of 5 dining philosophers (exit 11)')
    .example('$0 check peterson -D n=3 --json', 'prove mutual exclusion for 3 processes, JSON on stdout')
    .example('$0 check peterson -D mutate=1 --report-dir reports/pm', 'a violation with trace.md, trace.itf.json, trace.html')
    .example('$0 check philosophers -D n=12 --no-deadlock --max-states 1000000', 'count states, bounded');
}

export function checkCommand(ctx: CliContext): CommandModule<object, CheckArgs> {
  return {
    command: 'check <model>',
    describe: 'explore one model configuration and check its properties',
    builder,
    handler: async (a) => {
      if (!Number.isInteger(a.workers) || a.workers < 1) {
        fail(ctx, 151, `--workers must be a positive integer (got ${String(a.workers)})`);
        return;
      }
      if (a.workers > 1) {
        fail(ctx, 151, `check runs a single worker for now (got --workers ${a.workers}); \`rcucheck prove --workers N\` runs plan entries in parallel`);
        return;
      }
      const defs = parseDefines(a.D);
      if (!defs.ok) {
        fail(ctx, defs.error.exitCode, defs.error.error.message);
        return;
      }
      const req: CheckRequest = {
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
      };
      const prep = prepareCheck(req);
      if (!prep.ok) {
        fail(ctx, prep.error.exitCode, prep.error.error.message);
        return;
      }
      if (a['report-dir'] !== undefined) {
        const why = await probeReportDir(a['report-dir']);
        if (why !== null) {
          fail(ctx, 150, `cannot write the report to --report-dir ${a['report-dir']}: ${why}`);
          return;
        }
      }
      const { result, traces } = await runCheck(ctx, req, prep.model, {
        reportDir: a['report-dir'],
        quiet: a.quiet,
        violationReportDir: a['save-traces'] ? defaultReportDir(prep.model) : undefined,
        defaultMemoryMB: defaultMemoryMB(),
      });
      const timeline = (v: ViolationJson): string | undefined => {
        const t = traces.get(v);
        return t === undefined ? undefined : renderTimeline(t, { color: ctx.stdoutIsTTY, width: ctx.stdoutColumns });
      };
      ctx.stdout(a.json ? `${JSON.stringify(result)}\n` : renderText(result, timeline));
      ctx.exitCode = result.exitCode;
    },
  };
}
