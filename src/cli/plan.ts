/**
 * `rcucheck plan [--check] [--file F]`: regenerate the kvfree entries of the proof plan from the
 * named configurations (src/experiments/kvfree-plan.ts). With `--check` nothing is written and
 * the exit status says whether the file is up to date (0) or not (1).
 *
 * Exit status: 150 for an unreadable plan or one that cannot be written back (one line, checked
 * before the write).
 *
 * What it must not do: touch `process`; leave the plan half-written (written atomically).
 */
import { readInputFile } from '../check/read-input.js';
import type { Argv, CommandModule } from 'yargs';
import { withKvfreeEntries } from '../experiments/kvfree-plan.js';
import { ioErrorMessage, probeOutputFile, writeFileAtomic } from '../report/write.js';
import { EXIT, fail, type CliContext } from './context.js';
import { planPath } from './prove.js';

export interface PlanArgs {
  check: boolean;
  file: string;
}

export async function runPlan(ctx: CliContext, a: PlanArgs): Promise<void> {
  let text: string;
  try {
    text = await readInputFile(a.file);
  } catch (e) {
    fail(ctx, EXIT.INPUT, `RC001: cannot read plan ${a.file}: ${(e as Error).message}`);
    return;
  }
  let next: string;
  try {
    next = withKvfreeEntries(text);
  } catch (e) {
    fail(ctx, EXIT.INPUT, `RC001: ${a.file} is not a proof plan: ${(e as Error).message}`);
    return;
  }
  if (!a.check && next !== text) {
    const why = await probeOutputFile(a.file);
    if (why !== null) {
      fail(ctx, EXIT.INPUT, `cannot write the plan ${a.file}: ${why}`);
      return;
    }
  }
  if (a.check) {
    ctx.stdout(next === text ? `${a.file}: kvfree entries up to date\n` : `${a.file}: kvfree entries differ from models/kvfree/configs.ts (run rcucheck plan)\n`);
    ctx.exitCode = next === text ? EXIT.OK : EXIT.DIFFERS;
    return;
  }
  if (next !== text) {
    try {
      await writeFileAtomic(a.file, next);
    } catch (e) {
      const io = ioErrorMessage(e);
      if (io === null) throw e;
      fail(ctx, EXIT.INPUT, `could not write the plan ${a.file}: ${io}`);
      return;
    }
  }
  ctx.stdout(`${a.file}: ${next === text ? 'already up to date' : 'kvfree entries regenerated'}\n`);
  ctx.exitCode = EXIT.OK;
}

export function planCommand(ctx: CliContext): CommandModule<object, PlanArgs> {
  return {
    command: 'plan',
    describe: "regenerate the proof plan's kvfree entries from the named configurations",
    builder: (y: Argv) =>
      y
        .option('check', { type: 'boolean', default: false, describe: 'write nothing; exit 1 if the plan is out of date' })
        .option('file', { type: 'string', default: 'proofs/plan.json', describe: 'the plan file (looked up in the working directory, then in the package)', requiresArg: true }),
    handler: async (a) => {
      // The package's plan from any directory, as prove finds it.
      await runPlan(ctx, { check: a.check, file: planPath(ctx, a.file) });
    },
  };
}
