/**
 * `rcucheck prove` and `rcucheck merge`: the proof plan, run and judged; shard summaries merged.
 *
 * What it must not do: touch `process`; the work is in src/prove/.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { runMerge } from '../prove/merge.js';
import { runProve } from '../prove/prove.js';
import type { CliContext } from './context.js';

/**
 * A relative plan or baselines path is looked up in the working directory, then in the package
 * (the plan ships with it), so an installed `rcucheck prove` runs the package's plan from anywhere.
 * Reports still go under the working directory.
 */
export function planPath(ctx: CliContext, p: string): string {
  if (isAbsolute(p) || existsSync(p)) return p;
  const root = resolve(dirname(ctx.cliPath), '..', '..');
  const inPackage = join(root, p);
  if (!existsSync(inPackage)) return p;
  const rel = relative(resolve('.'), inPackage);
  return rel.startsWith('..') ? inPackage : rel;
}

interface ProveArgs {
  plan: string;
  shard?: string;
  'report-dir': string;
  /** false: `--no-baselines`. */
  baselines: string | false;
  /** false: `--no-coverage`. */
  coverage: string | false;
  'update-baselines': boolean;
  workers?: number;
  json: boolean;
  quiet: boolean;
  list: boolean;
}

export function proveCommand(ctx: CliContext): CommandModule<object, ProveArgs> {
  return {
    command: 'prove',
    describe: 'run the proof plan and compare every entry with its expected verdict and baseline',
    builder: (y: Argv) =>
      y
        .option('plan', { type: 'string', default: 'proofs/plan.json', describe: 'plan file, looked up in the working directory, then in the package (deeper bounds: proofs/deep.json)', requiresArg: true })
        .option('shard', { type: 'string', describe: 'run shard I of N (entries whose index mod N is I-1)', requiresArg: true })
        .option('report-dir', { type: 'string', default: 'reports/proofs', describe: 'where summary.md, summary.json and entry reports go', requiresArg: true })
        .option('baselines', { type: 'string', default: 'proofs/baselines.json', describe: 'committed state counts per entry id (looked up as --plan is); a missing file is an error, --no-baselines runs without', requiresArg: true })
        .option('coverage', { type: 'string', default: 'proofs/coverage.json', describe: 'actions allowed never to fire in a faithful entry, with why (looked up as --plan is); --no-coverage skips the gate', requiresArg: true })
        .option('update-baselines', { type: 'boolean', default: false, describe: 'rewrite the baselines with this run\'s counts' })
        .option('workers', { type: 'number', describe: 'entries run in parallel (default: available cores)', requiresArg: true })
        .option('json', { type: 'boolean', default: false, describe: 'print the summary as one JSON object on stdout' })
.option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no per-entry lines on stderr' })
        .option('list', { type: 'boolean', default: false, describe: 'print the entries this run (or shard) would run, and run nothing' })
        .example('$0 prove', 'run proofs/plan.json, write reports/proofs/summary.md')
        .example('$0 prove --shard 2/4 --report-dir reports/shard-2', 'one quarter of the plan (CI matrix)')
        .example('$0 prove --plan proofs/deep.json --report-dir reports/deep', 'the deeper bounds')
        .example('$0 prove --shard 1/3 --list', 'which entries shard 1 of 3 runs')
        .example('$0 prove --update-baselines', 'accept moved state counts (commit proofs/baselines.json)'),
    handler: async (a) => {
      await runProve(ctx, {
        plan: planPath(ctx, a.plan),
        shard: a.shard,
        reportDir: a['report-dir'],
        baselines: a.baselines === false ? null : planPath(ctx, a.baselines),
        ...(a.coverage === false ? {} : { coverage: planPath(ctx, a.coverage) }),
        updateBaselines: a['update-baselines'],
        workers: a.workers,
        json: a.json,
        quiet: a.quiet,
        list: a.list,
      });
    },
  };
}

interface MergeArgs {
  dirs: string[];
  'report-dir': string;
  json: boolean;
}

export function mergeCommand(ctx: CliContext): CommandModule<object, MergeArgs> {
  return {
    command: 'merge <dirs..>',
    describe: 'merge the report directories of prove shards into one summary',
    builder: (y: Argv) =>
      y
        .positional('dirs', { type: 'string', array: true, describe: 'report directories written by prove --shard', demandOption: true })
        .option('report-dir', { type: 'string', default: 'reports/proofs', describe: 'where the merged summary goes', requiresArg: true })
        .option('json', { type: 'boolean', default: false, describe: 'print the merged summary as JSON on stdout' })
        .example('$0 merge reports/shard-1 reports/shard-2', 'one summary in reports/proofs'),
    handler: async (a) => {
      await runMerge(ctx, a.dirs, a['report-dir'], a.json);
    },
  };
}
