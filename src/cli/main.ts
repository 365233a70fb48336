/**
 * The command-line parser: registers every command module and runs one.
 *
 * Why this file exists: `src/cli.ts` only adapts the real process to a CliContext; everything
 * else (parsing, dispatch, usage errors) lives here so tests can run it in-process. Parsing is
 * `.strict()` and `.exitProcess(false)`, and a usage error becomes one line on stderr with exit
 * 151 (an unknown option or option value is bad input, like an unknown parameter). An I/O error
 * that escapes a command (ENOSPC, EROFS, ...) is exit 150 with one line, never a stack trace.
 *
 * What it must not do: touch `process`.
 */
import yargs from 'yargs';
import { ioErrorMessage } from '../report/write.js';
import { RCUCHECK_VERSION } from '../version.js';
import { checkCommand } from './check.js';
import { compareCommand } from './compare.js';
import { EXIT, type CliContext } from './context.js';
import { listCommand } from './list.js';
import { mergeCommand, proveCommand } from './prove.js';
import { replayCommand } from './replay.js';
import { graphCommand } from './graph.js';
import { historyCommand } from './history.js';
import { reportCommand } from './report.js';
import { planCommand } from './plan.js';
import { sweepCommand } from './sweep.js';
import { tagsCommand } from './tags.js';

/** Parse `argv` (without node and script) and run the command. Resolves to the exit status. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  let usageError = false;
  const parser = yargs([...argv])
    .scriptName('rcucheck')
    .usage('rcucheck <command> [options]\n\nExplicit-state model checker for the Linux kvfree_rcu() reclaim protocol.')
    .command(listCommand(ctx))
    .command(checkCommand(ctx))
    .command(proveCommand(ctx))
    .command(mergeCommand(ctx))
    .command(replayCommand(ctx))
    .command(graphCommand(ctx))
    .command(reportCommand(ctx))
    .command(planCommand(ctx))
    .command(tagsCommand(ctx))
    .command(sweepCommand(ctx))
    .command(historyCommand(ctx))
    .command(compareCommand(ctx))
    .demandCommand(1, 'name a command: list, check, prove, merge, replay, graph, report, tags, sweep, history, compare')
    .recommendCommands()
    .strict()
    .exitProcess(false)
    .version(RCUCHECK_VERSION)
    .help()
    .alias('h', 'help')
    .wrap(null)
    .epilogue('Exit status: 0 ok, 11 deadlock, 12 violation, 75/76 model/property threw, 150/151 bad input, 152 incomplete, 255 internal.')
    .fail((msg: string | null, err: Error | null) => {
      if (msg !== null && msg !== undefined) {
        // Throwing stops yargs from running the handler after a validation failure.
        usageError = true;
        ctx.stderr(`rcucheck: error: ${msg.replace(/\s*\n\s*/g, ' ').trim()} (see rcucheck --help)\n`);
        ctx.exitCode = EXIT.OPTION;
        throw new Error(msg);
      }
      throw err ?? new Error('unknown parser failure');
    });
  try {
    await parser.parseAsync();
  } catch (e) {
    const io = usageError ? null : ioErrorMessage(e);
    if (io !== null) {
      // A file system error (a full disk, a read-only or vanished directory) is not a bug: one line, 150.
      ctx.stderr(`rcucheck: error: ${io}\n`);
      ctx.exitCode = EXIT.INPUT;
    } else if (!usageError) {
      ctx.stderr(`rcucheck: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      ctx.exitCode = EXIT.INTERNAL;
    }
  }
  return ctx.exitCode;
}
