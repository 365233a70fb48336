/**
 * `rcucheck sweep <model>`: grow the configuration in order of estimated cost within a wall-time
 * budget and report, per property, the smallest configuration where it fails and the largest
 * where it was shown to hold (src/experiments/sweep.ts). Writes `<out>/<model>.md` and `.json`
 * (and the git-ignored `.timings.json`), prints a table (or, with --json, one JSON object).
 *
 * Exit status: 0 every property holds wherever it was checked; 12 some property fails; 75/76 a
 * model or property threw; 150 unknown model or unwritable output; 151 bad option or parameter;
 * 152 incomplete: no property fails but some property holds in no configuration (the budget,
 * --max-states or --memory stopped every one; the report is written, marking it), or interrupted
 * (Ctrl-C: the configurations run so far are written, marked incomplete). Each configuration runs as `check` runs it (threads, spill store),
 * so a memory bound that `check` cannot honour makes the sweep incomplete too.
 *
 * What it must not do: touch `process`, decide anything (the experiments layer does), or write
 * except through the experiments layer's writer (report/write.ts).
 */
import { availableParallelism } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { runSweep, writeSweep, type SweepResult } from '../experiments/sweep.js';
import { fileSpillStore } from '../spill/file-spill.js';
import { defaultMemoryMB } from './check.js';
import { ioErrorMessage, probeOutputDir } from '../report/write.js';
import { EXIT, fail, type CliContext } from './context.js';

export interface SweepArgs {
  model: string;
  define: string[];
  budget: number;
  memory: number | undefined;
  workers: number;
  'max-states': number | undefined;
  kinds: string | undefined;
  out: string;
  json: boolean;
  quiet: boolean;
}

function builder(y: Argv): Argv<SweepArgs> {
  return y
    .positional('model', { type: 'string', demandOption: true, describe: 'model id (see `rcucheck list`)' })
    .option('define', { alias: 'D', type: 'array', string: true, default: [] as string[], describe: 'fix a parameter (not swept): -D name=value (repeatable)' })
    .option('budget', { type: 'number', default: 60, describe: 'total wall time in seconds; a configuration is given what is left as its timeout', requiresArg: true })
    .option('memory', { type: 'number', describe: `search memory bound per configuration in MB (default: half of this machine's memory, ${defaultMemoryMB()} MB)`, requiresArg: true })
    .option('workers', { type: 'number', default: availableParallelism(), describe: "threads per configuration, as for check (default: the machine's cores)", requiresArg: true })
    .option('max-states', { type: 'number', describe: 'stop each configuration (incomplete) after this many distinct states', requiresArg: true })
    .option('kinds', { type: 'string', describe: 'kvfree: object kinds to combine, comma-separated (default h,e; e.g. h,e,ev)', requiresArg: true })
    .option('out', { alias: 'o', type: 'string', default: 'reports/sweep', describe: 'directory for <model>.md, <model>.json (and <model>.timings.json)', requiresArg: true })
    .option('json', { type: 'boolean', default: false, describe: 'print exactly one JSON object on stdout (the .json file\'s content)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no per-configuration lines on stderr' })
    .example('$0 sweep kvfree-v1 --budget 240', 'grow kvfree-v1 for four minutes and write reports/sweep/kvfree-v1.md')
    .example('$0 sweep peterson -D mutate=1 --budget 10', 'the smallest n at which the seeded Peterson bug breaks mutual exclusion');
}

const fmtParams = (p: Readonly<Record<string, string | number>>): string => {
  const s = Object.entries(p).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  return s === '' ? '(defaults)' : s;
};

/** The table on stdout: one line per property. */
export function sweepTable(r: SweepResult): string {
  const rows = r.properties.map((p) => [
    p.name,
    p.status,
    p.smallestFailing === null ? '-' : `#${p.smallestFailing.index} ${p.smallestFailing.config}`,
    p.smallestFailing === null ? '-' : String(p.smallestFailing.length),
    p.largestHolding === null ? '-' : `#${p.largestHolding.index} ${p.largestHolding.config}`,
  ]);
  const head = ['property', 'status', 'smallest failing', 'trace', 'largest holding'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => `${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(w[i]))).join('  ')}\n`;
  let out = line(head);
  for (const row of rows) out += line(row);
  const complete = r.configs.filter((c) => c.complete).length;
  out += `${r.configs.length} of ${r.spaceSize} configurations run (${complete} complete), ${r.notRun} not run within the budget of ${r.budgetS} s\n`;
  for (const p of r.properties) if (p.smallestFailing !== null) out += `  ${p.name}: ${p.smallestFailing.reproduce}\n`;
  return out;
}

export function sweepCommand(ctx: CliContext): CommandModule<object, SweepArgs> {
  return {
    command: 'sweep <model>',
    describe: 'small-scope search: grow the configuration within a time budget; per property the smallest failing and largest holding configuration',
    builder,
    handler: async (a) => {
      if (!Number.isInteger(a.workers) || a.workers < 1) {
        fail(ctx, EXIT.OPTION, `--workers must be a positive integer (got ${String(a.workers)})`);
        return;
      }
      const kinds = a.kinds === undefined ? undefined : a.kinds.split(',').map((k) => k.trim());
      // Where the report goes is checked before the budget is spent, not after.
      const why = await probeOutputDir(a.out);
      if (why !== null) {
        fail(ctx, EXIT.INPUT, `cannot write the sweep report to ${a.out}: ${why}`);
        return;
      }
      const run = await runSweep(
        { model: a.model, defines: a.define.map(String), budgetS: a.budget, memoryMB: a.memory, maxStates: a['max-states'], kinds },
        {
          signal: ctx.signal,
          now: () => ctx.now(),
          defaultMemoryMB: defaultMemoryMB(),
          workers: a.workers,
          spill: fileSpillStore(),
          onConfig: (r, ms, distinct) => {
            if (a.quiet) return;
            const bad = Object.entries(r.properties)
              .filter(([, c]) => c.status === 'violated')
              .map(([n]) => n);
            ctx.stderr(
              `#${r.index} ${r.id}: ${r.verdict}${r.incompleteReason === undefined ? '' : ` (${r.incompleteReason})`}, ${distinct} states, ${(ms / 1000).toFixed(1)} s${bad.length ? `; violated: ${bad.join(', ')}` : ''}\n`,
            );
          },
        },
      );
      if (!run.ok) {
        fail(ctx, run.error.exitCode, run.error.error.message);
        return;
      }
      const r = run.value.result;
      const interrupted = run.value.interrupted ? `interrupted after ${r.configs.length} configurations` : undefined;
      try {
        const w = await writeSweep(a.out, run.value, interrupted);
        if (interrupted !== undefined) {
          fail(ctx, EXIT.INCOMPLETE, `sweep ${interrupted}: wrote them to ${w.markdown}, marked incomplete`);
          return;
        }
        if (!a.quiet) ctx.stderr(`wrote ${w.markdown} and ${w.json} in ${(run.value.timings.totalMs / 1000).toFixed(1)} s; ${fmtParams(r.fixed)}\n`);
      } catch (e) {
        fail(ctx, EXIT.INPUT, `cannot write the sweep report to ${a.out}: ${ioErrorMessage(e) ?? (e instanceof Error ? e.message : String(e))}`);
        return;
      }
      ctx.stdout(a.json ? `${JSON.stringify(r)}\n` : sweepTable(r));
      ctx.exitCode = r.exitCode;
      if (r.exitCode === EXIT.INCOMPLETE) {
        const none = r.properties.filter((p) => p.status === 'incomplete' && p.holdsIn === 0).map((p) => p.name);
        ctx.stderr(`rcucheck: sweep incomplete: no configuration finished for ${none.join(', ')} (budget or limits too small)\n`);
      }
    },
  };
}
