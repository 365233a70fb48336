/**
 * `rcucheck graph <model> [-D|--define name=value]... --format dot|gexf|json [--max-states N] [--trace F] [--out F]`:
 * export the state graph of a small configuration.
 *
 * Exit status: 0 on success; 150 for an unknown model (RC001), a graph above --max-states
 * (RC150, nothing written), an unreadable trace (RC004), a trace of another model (RC005) or one
 * that does not fit the graph (RC101); 151 for a bad parameter (RC002/RC003); 75 if model code
 * throws (RC010); 150 when --out cannot be written (checked before the export, one line).
 *
 * What it must not do: touch `process`; write anything before the export succeeded.
 */
import { readInputFile } from '../check/read-input.js';
import type { Argv, CommandModule } from 'yargs';
import { findModel, MODELS } from '../../models/index.js';
import { buildModel } from '../model/compile.js';
import { DEFAULT_GRAPH_MAX_STATES, exportGraph } from '../graph/export.js';
import { GRAPH_FORMATS, type GraphFormat } from '../graph/formats.js';
import { readItf, type ItfTrace } from '../trace/itf.js';
import { ioErrorMessage, probeOutputFile, writeFileAtomic } from '../report/write.js';
import { parseDefines } from '../check/prepare.js';
import { EXIT, fail, failWith, type CliContext } from './context.js';

export interface GraphArgs {
  model: string;
  D: string[];
  format: GraphFormat;
  'max-states': number;
  trace: string | undefined;
  out: string | undefined;
}

export interface GraphRequest {
  model: string;
  defines: readonly string[];
  format: GraphFormat;
  maxStates: number;
  trace?: string;
  out?: string;
}

/** Run a graph export: the graph on stdout (or in `out`), a summary line on stderr; sets `ctx.exitCode`. */
export async function runGraph(ctx: CliContext, req: GraphRequest): Promise<void> {
  const def = findModel(req.model);
  if (def === undefined) {
    fail(ctx, EXIT.INPUT, `RC001: unknown model '${req.model}' (valid: ${MODELS.map((m) => m.id).join(', ')})`);
    return;
  }
  // yargs runs a handler even after a failed `choices` check when its .fail() does not throw.
  if (!GRAPH_FORMATS.includes(req.format)) {
    fail(ctx, EXIT.OPTION, `RC002: unknown --format '${String(req.format)}' (valid: ${GRAPH_FORMATS.join(', ')})`);
    return;
  }
  if (!Number.isInteger(req.maxStates) || req.maxStates < 1) {
    fail(ctx, EXIT.OPTION, `RC003: --max-states must be a positive integer (got ${String(req.maxStates)})`);
    return;
  }
  const defs = parseDefines(req.defines);
  if (!defs.ok) {
    fail(ctx, defs.error.exitCode, `${defs.error.error.code}: ${defs.error.error.message}`);
    return;
  }
  const m = buildModel(def, defs.value);
  if (!m.ok) {
    failWith(ctx, m.error, `${m.error.code}: ${m.error.message}`);
    return;
  }
  // The output place is checked before the export (which may be the long part), not after.
  if (req.out !== undefined) {
    const why = await probeOutputFile(req.out);
    if (why !== null) {
      fail(ctx, EXIT.INPUT, `cannot write the graph to --out ${req.out}: ${why}`);
      return;
    }
  }
  let trace: ItfTrace | undefined;
  if (req.trace !== undefined) {
    let text: string;
    try {
      text = await readInputFile(req.trace);
    } catch (e) {
      fail(ctx, EXIT.INPUT, `RC004: cannot read trace file ${req.trace} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      return;
    }
    const t = readItf(text);
    if (!t.ok) {
      fail(ctx, EXIT.INPUT, `RC004: ${req.trace}: ${t.error.message}`);
      return;
    }
    trace = t.value;
  }
  const r = exportGraph(m.value, { format: req.format, maxStates: req.maxStates, trace });
  if (!r.ok) {
    failWith(ctx, r.error, `${r.error.code}: ${r.error.message}`);
    return;
  }
  const summary = `${m.value.id}: ${r.value.states} states, ${r.value.edges} edges (${req.format})`;
  if (req.out === undefined) {
    ctx.stdout(r.value.text);
    ctx.stderr(`${summary}\n`);
  } else {
    try {
      await writeFileAtomic(req.out, r.value.text);
    } catch (e) {
      const io = ioErrorMessage(e);
      if (io === null) throw e;
      fail(ctx, EXIT.INPUT, `could not write the graph to --out ${req.out}: ${io}`);
      return;
    }
    ctx.stderr(`${summary} written to ${req.out}\n`);
  }
  ctx.exitCode = EXIT.OK;
}

function builder(y: Argv): Argv<GraphArgs> {
  return y
    .positional('model', { type: 'string', demandOption: true, describe: 'model id (see rcucheck list)' })
    // Same option as `check` (-D / --define, one name=value each), parsed by check's parseDefines.
    .option('D', { alias: 'define', type: 'string', array: true, default: [] as string[], nargs: 1, describe: 'set a model parameter: -D name=value (repeatable)' })
    .option('format', { type: 'string', choices: GRAPH_FORMATS, default: 'dot', describe: 'output format' })
    .option('max-states', {
      type: 'number',
      default: DEFAULT_GRAPH_MAX_STATES,
      describe: 'refuse (exit 150, nothing written) configurations with more states',
      requiresArg: true,
    })
    .option('trace', { type: 'string', describe: 'an ITF trace of the same configuration; its path is highlighted', requiresArg: true })
    .option('out', { alias: 'o', type: 'string', describe: 'write to this file instead of stdout', requiresArg: true })
    .example('$0 graph philosophers -D n=3 | dot -Tsvg > phil.svg', 'draw the state graph of 3 philosophers')
    .example('$0 graph peterson -D n=2 -D mutate=1 --trace trace.itf.json --format gexf -o pm.gexf', 'for Gephi, trace highlighted') as unknown as Argv<GraphArgs>;
}

export function graphCommand(ctx: CliContext): CommandModule<object, GraphArgs> {
  return {
    command: 'graph <model>',
    describe: 'export the state graph of a small configuration (DOT, GEXF or graphology JSON)',
    builder,
    handler: async (a) => {
      const req: GraphRequest = { model: a.model, defines: a.D, format: a.format, maxStates: a['max-states'] };
      if (a.trace !== undefined) req.trace = a.trace;
      if (a.out !== undefined) req.out = a.out;
      await runGraph(ctx, req);
    },
  };
}
