/**
 * `rcucheck tags`: run the tagging matrix (scheme × alignment × variant, every kvfree property
 * per cell) and write `reports/tagging.md`, `reports/tagging.json` and the traces of every
 * violated property under `reports/tagging/<cell-id>/`.
 *
 * Why this file exists: issue 4 asks for one command that produces the table kernel developers
 * asked for. The handler is thin: options → report/tagging.ts → a summary on stdout.
 *
 * Exit status: 0 written; 151 an --only that matches no cell; 152 interrupted (Ctrl-C between two
 * cells: the cells done are written, marked incomplete); 255 a cell failed.
 *
 * What it must not do: touch `process`, decide verdicts, or write files except through
 * report/write.ts (via runTagging).
 */
import type { Argv, CommandModule } from 'yargs';
import { runTagging, type TagCellResult } from '../experiments/tagging.js';
import { ioErrorMessage, probeOutputDir } from '../report/write.js';
import { EXIT, fail, type CliContext } from './context.js';

export interface TagsArgs {
  out: string;
  only: string | undefined;
  json: boolean;
}

function builder(y: Argv): Argv<TagsArgs> {
  return y
    .option('out', { alias: 'o', type: 'string', default: 'reports', describe: 'directory for tagging.md, tagging.json and tagging/', requiresArg: true })
    .option('only', { type: 'string', describe: 'run only the cells whose id contains this text (e.g. v6-, -bit0-)', requiresArg: true })
    .option('json', { type: 'boolean', default: false, describe: 'print the per-cell results as JSON lines instead of text' })
    .example('$0 tags', 'run the whole matrix (about a minute) and write reports/tagging.md')
    .example('$0 tags --only v1-bit0 -o /tmp/r', 'only the v1 BIT(0) rows');
}

export function tagsCommand(ctx: CliContext): CommandModule<object, TagsArgs> {
  return {
    command: 'tags',
    describe: 'run the tagging matrix (scheme × alignment × variant) and write reports/tagging.md and .json',
    builder,
    handler: async (a) => {
      const line = (r: TagCellResult): string => {
        const bad = Object.entries(r.properties)
          .filter(([, c]) => c.status === 'violated')
          .map(([p]) => p);
        return `${r.id.padEnd(34)} ${String(r.distinct).padStart(7)} states  ${r.decodeSafe ? 'decode-safe' : 'DECODE-UNSAFE'}${bad.length ? `  violated: ${bad.join(', ')}` : ''}\n`;
      };
      if (a.only !== undefined && a.only.trim() === '') {
        fail(ctx, EXIT.OPTION, 'RC003: --only is empty: it would match every cell (drop --only to run the whole matrix)');
        return;
      }
      const why = await probeOutputDir(a.out);
      if (why !== null) {
        fail(ctx, EXIT.INPUT, `cannot write the tagging report to --out ${a.out}: ${why}`);
        return;
      }
      try {
        const run = await runTagging(a.out, {
          ...(a.only === undefined ? {} : { filter: a.only }),
          onCell: (r) => (a.json ? ctx.stdout(`${JSON.stringify({ id: r.id, distinct: r.distinct, decodeSafe: r.decodeSafe })}\n`) : ctx.stdout(line(r))),
          signal: ctx.signal,
        });
        if (run.interrupted === true) {
          fail(ctx, EXIT.INCOMPLETE, `tagging matrix interrupted after ${run.results.length} cells: wrote them to ${a.out}/tagging.md, marked incomplete`);
          return;
        }
        if (run.results.length === 0) {
          fail(ctx, EXIT.OPTION, `RC003: --only '${a.only ?? ''}' matches no cell`);
          return;
        }
        ctx.stderr(`${run.results.length} cells in ${(run.totalMs / 1000).toFixed(1)} s; ${run.results.filter((r) => r.decodeSafe).length} decode-safe; written to ${a.out}/tagging.md\n`);
        ctx.exitCode = EXIT.OK;
      } catch (e) {
        const io = ioErrorMessage(e);
        if (io !== null) fail(ctx, EXIT.INPUT, `could not write the tagging report to --out ${a.out}: ${io}`);
        else fail(ctx, EXIT.INTERNAL, `tagging matrix failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}
