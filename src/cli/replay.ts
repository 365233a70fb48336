/**
 * `rcucheck replay <trace.itf.json>`: print a stored counterexample as a swimlane timeline and
 * re-execute it against the model to confirm its violation.
 *
 * Exit status: 12 (safety or terminal violation confirmed), 13 (liveness lasso or bounded-response
 * path confirmed), 11 (deadlock confirmed), 0 (a latency witness re-counted), 150 for an
 * unreadable file (RC004), an unknown model (RC001), a trace of another model version (RC005), or
 * a trace that diverges from the model (RC101, naming the step and field).
 *
 * What it must not do: touch `process` (it uses the CliContext) or write files.
 */
import { readInputFile } from '../check/read-input.js';
import type { Argv, CommandModule } from 'yargs';
import { confirmTrace, itfToTrace } from '../trace/confirm.js';
import { readItf } from '../trace/itf.js';
import { renderTimeline } from '../trace/timeline.js';
import { EXIT, fail, failWith, type CliContext } from './context.js';

export interface ReplayArgs {
  trace: string;
  color: boolean | undefined;
  quiet: boolean;
}

/** Colour only on a terminal: `--color` / `--no-color` win, else the context's stdout TTY flag. */
function wantColor(ctx: CliContext, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  return ctx.stdoutIsTTY;
}

/** Run a replay: timeline on stdout, confirmation (stdout) or error (stderr); sets `ctx.exitCode`. */
export async function runReplay(ctx: CliContext, file: string, options: { color: boolean; quiet?: boolean }): Promise<void> {
  let text: string;
  try {
    text = await readInputFile(file);
  } catch (e) {
    const why = e instanceof Error && 'code' in e ? String((e as NodeJS.ErrnoException).code) : String(e);
    fail(ctx, EXIT.INPUT, `RC004: cannot read trace file ${file} (${why})`);
    return;
  }
  const itf = readItf(text);
  if (!itf.ok) {
    failWith(ctx, itf.error, `${itf.error.code}: ${file}: ${itf.error.message}`);
    return;
  }
  const r = confirmTrace(itf.value);
  if (!options.quiet) ctx.stdout(renderTimeline(r.ok ? r.value.trace : itfToTrace(itf.value), { color: options.color, width: ctx.stdoutColumns }));
  if (!r.ok) {
    failWith(ctx, r.error, `${r.error.code}: ${r.error.message}`);
    return;
  }
  for (const n of r.value.notes) ctx.stdout(`note: ${n}\n`);
  ctx.stdout(`${r.value.message}\n`);
  ctx.exitCode = r.value.exitCode;
}

function builder(y: Argv): Argv<ReplayArgs> {
  return y
    .positional('trace', { type: 'string', demandOption: true, describe: 'an ITF trace (trace.itf.json from a report directory)' })
    .option('color', { type: 'boolean', describe: 'colour the timeline (default: when stdout is a terminal)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print only the confirmation, not the timeline' })
    .example('$0 replay reports/kvfree-v1/v1-2cpu/gp-guarantee/trace.itf.json', 're-execute a published trace and confirm its violation (exit 12)');
}

export function replayCommand(ctx: CliContext): CommandModule<object, ReplayArgs> {
  return {
    command: 'replay <trace>',
    describe: 're-execute an ITF trace against its model and confirm the violation',
    builder,
    handler: async (a) => {
      await runReplay(ctx, a.trace, { color: wantColor(ctx, a.color), quiet: a.quiet });
    },
  };
}
