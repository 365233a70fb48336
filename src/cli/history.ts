/**
 * `rcucheck history [--only B1,B7] [--out DIR]`: the kernel's kvfree_rcu() bug history, each bug
 * checked on the modelled version that has it and on the one with its fix (src/experiments/history.ts),
 * written to `<out>/history.md`, `<out>/history.json` and `<out>/history/`. With `--only` the named
 * rows are checked and printed, and nothing is written (a partial table must not replace the report).
 *
 * Exit status: 0 when every modelled row is violated on its buggy version and holds on its fixed
 * one; 1 when some row differs (the report is still written, marking it); 151 for an unknown row id
 * or an --only that names none; 150 when --out cannot be written (checked before the work);
 * 152 interrupted (Ctrl-C: the rows checked so far are written, marked incomplete).
 *
 * What it must not do: touch `process`, decide anything (the experiments layer does), or write
 * except through the experiments layer's writer.
 */
import type { Argv, CommandModule } from 'yargs';
import { HISTORY } from '../../models/kvfree/history.js';
import { runHistory, writeHistory, type RowResult, type SideResult } from '../experiments/history.js';
import { defaultMemoryMB } from './check.js';
import { ioErrorMessage, probeOutputDir } from '../report/write.js';
import { EXIT, fail, type CliContext } from './context.js';

export interface HistoryArgs {
  only: string | undefined;
  out: string;
}

const side = (s: SideResult): string => `${s.kernel} ${s.verdict}${s.steps === null ? '' : ` (${s.steps} steps)`} ${s.seconds} s`;

function line(r: RowResult): string {
  const head = `${r.row.id.padEnd(8)} ${r.row.commit.padEnd(12)}  ${r.row.property.padEnd(14)}`;
  if (r.buggy === null || r.fixed === null) return `${head} not modelled yet: ${r.row.open ?? ''}\n`;
  return `${head} ${r.status === 'shown' ? 'shown  ' : 'DIFFERS'}  buggy ${side(r.buggy)}; fixed ${side(r.fixed)}\n`;
}

export async function runHistoryCommand(ctx: CliContext, a: HistoryArgs): Promise<void> {
  const only = a.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (only !== undefined && only.length === 0) {
    fail(ctx, EXIT.OPTION, `RC002: --only names no history row (valid: ${HISTORY.map((r) => r.id).join(', ')})`);
    return;
  }
  const unknown = (only ?? []).filter((id) => !HISTORY.some((r) => r.id === id));
  if (unknown.length > 0) {
    fail(ctx, EXIT.OPTION, `RC002: unknown history row ${unknown.map((u) => `'${u}'`).join(', ')} (valid: ${HISTORY.map((r) => r.id).join(', ')})`);
    return;
  }
  const modelled = HISTORY.filter((r) => only?.includes(r.id) === true && r.open === undefined);
  if (only !== undefined && modelled.length === 0) {
    fail(ctx, EXIT.OPTION, `RC002: --only ${only.join(',')} names no row the models can express yet, so nothing would be checked (not modelled: ${only.join(', ')})`);
    return;
  }
  if (only === undefined) {
    const why = await probeOutputDir(a.out);
    if (why !== null) {
      fail(ctx, EXIT.INPUT, `cannot write the history report to --out ${a.out}: ${why}`);
      return;
    }
  }
  const results = await runHistory({ only, runtime: { signal: ctx.signal, defaultMemoryMB: defaultMemoryMB() }, onRow: (r) => ctx.stdout(line(r)) });
  // Interrupted: the rows checked so far are written, marked incomplete (with --only nothing is written anyway).
  const interrupted = ctx.signal.aborted ? `interrupted after ${results.length} of ${HISTORY.length} rows` : undefined;
  const differing = results.filter((r) => r.status === 'differs').length;
  if (only === undefined) {
    try {
      await writeHistory(a.out, results, interrupted);
    } catch (e) {
      const io = ioErrorMessage(e);
      if (io === null) throw e;
      fail(ctx, EXIT.INPUT, `could not write the history report to --out ${a.out}: ${io}`);
      return;
    }
    if (interrupted === undefined) ctx.stdout(`wrote ${a.out}/history.md and history.json (${results.length} rows, ${differing} differing from expectation)\n`);
  }
  if (interrupted !== undefined) {
    fail(ctx, EXIT.INCOMPLETE, `history ${interrupted}${only === undefined ? `: wrote them to ${a.out}/history.md, marked incomplete` : ''}`);
    return;
  }
  ctx.exitCode = differing === 0 ? EXIT.OK : EXIT.DIFFERS;
}

function builder(y: Argv): Argv<HistoryArgs> {
  return y
    .option('only', { type: 'string', describe: `check only these rows, comma-separated (${HISTORY.map((r) => r.id).join(', ')}); nothing is written`, requiresArg: true })
    .option('out', { type: 'string', default: 'reports', describe: 'directory that receives history.md, history.json and history/', requiresArg: true })
    .example('$0 history', 'check every bug of the history on its buggy and its fixed kernel version and rewrite reports/history.md')
    .example('$0 history --only B2,B7', 'the monitor re-arm and count-reset bugs only, printed, nothing written');
}

export function historyCommand(ctx: CliContext): CommandModule<object, HistoryArgs> {
  return {
    command: 'history',
    describe: "the kernel's kvfree_rcu() bug history: each bug found on its buggy version and shown gone on its fixed one",
    builder,
    handler: async (a) => {
      await runHistoryCommand(ctx, a);
    },
  };
}
