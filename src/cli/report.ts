/**
 * `rcucheck report <family> [--out DIR]`: regenerate a published proof report (for example
 * reports/kvfree-v1.md) from its named configurations, with every violation's trace files.
 *
 * Exit status: 0 when every configuration gives exactly its expected verdicts; 1 when some
 * result differs (the report is still written, marking the difference); 150 for an unknown family,
 * an unreadable proofs/coverage.json, or an --out that cannot be written (checked before the work);
 * 152 interrupted (Ctrl-C between two configurations: the ones done are written, marked incomplete).
 *
 * What it must not do: touch `process`; leave a half-written report (trace directory staged and
 * renamed, Markdown and JSON written atomically).
 */
import type { Argv, CommandModule } from 'yargs';
import { REPORT_FAMILIES, writeFamilyReport } from '../experiments/families.js';
import { loadAllowances } from '../check/coverage-gate.js';
import { ioErrorMessage, probeOutputDir } from '../report/write.js';
import { EXIT, fail, type CliContext } from './context.js';
import { planPath } from './prove.js';

export interface ReportArgs {
  family: string;
  out: string;
}

export async function runReport(ctx: CliContext, family: string, outDir: string): Promise<void> {
  if (REPORT_FAMILIES[family] === undefined) {
    fail(ctx, EXIT.INPUT, `RC001: unknown report family '${family}' (valid: ${Object.keys(REPORT_FAMILIES).join(', ')})`);
    return;
  }
  // Inputs and the output place are checked before the work: the package's coverage allowances
  // (found from any directory, as prove finds its plan) and a real write where the report goes.
  const coverage = planPath(ctx, 'proofs/coverage.json');
  const allowances = await loadAllowances(coverage);
  if (!allowances.ok) {
    fail(ctx, EXIT.INPUT, `RC004 ${allowances.error}`);
    return;
  }
  const why = await probeOutputDir(outDir);
  if (why !== null) {
    fail(ctx, EXIT.INPUT, `cannot write the report to --out ${outDir}: ${why}`);
    return;
  }
  let written: Awaited<ReturnType<typeof writeFamilyReport>>;
  try {
    written = await writeFamilyReport(family, outDir, allowances.value, ctx.signal);
  } catch (e) {
    const io = ioErrorMessage(e);
    if (io === null) throw e;
    fail(ctx, EXIT.INPUT, `could not write the report to --out ${outDir}: ${io}`);
    return;
  }
  const { results, markdown, interrupted } = written;
  const differing = results.filter((r) => r.unexpected.length > 0);
  for (const r of results) {
    ctx.stdout(`${r.unexpected.length === 0 ? 'as expected' : 'DIFFERS    '}  ${r.config.id.padEnd(32)} ${String(r.outcome.stats.distinct).padStart(8)} states  ${r.outcome.verdict}${r.unexpected.length ? `  (${r.unexpected.join('; ')})` : ''}\n`);
  }
  if (interrupted === true) {
    fail(ctx, EXIT.INCOMPLETE, `report ${family} interrupted after ${results.length} configurations: wrote them to ${markdown}, marked incomplete`);
    return;
  }
  ctx.stdout(`wrote ${markdown} (${results.length} configurations, ${differing.length} differing from expectation)\n`);
  ctx.exitCode = differing.length === 0 ? EXIT.OK : EXIT.DIFFERS;
}

function builder(y: Argv): Argv<ReportArgs> {
  return y
    .positional('family', { type: 'string', demandOption: true, describe: `report to regenerate (${Object.keys(REPORT_FAMILIES).join(', ')})` })
    .option('out', { type: 'string', default: 'reports', requiresArg: true, describe: 'directory that receives <family>.md, <family>.json and <family>/' })
    .example('rcucheck report kvfree-v1', 'rerun every kvfree-v1 proof and mutation configuration and rewrite reports/kvfree-v1.md');
}

export function reportCommand(ctx: CliContext): CommandModule<object, ReportArgs> {
  return {
    command: 'report <family>',
    describe: 'regenerate a published proof report (verdict per invariant, counts, shortest traces)',
    builder,
    handler: async (a) => {
      await runReport(ctx, a.family, a.out);
    },
  };
}
