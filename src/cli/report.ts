/**
 * `rcucheck report <family> [--out DIR]`: regenerate a published proof report (for example
 * reports/kvfree-v1.md) from its named configurations, with every violation's trace files.
 *
 * Exit status: 0 when every configuration gives exactly its expected verdicts; 1 when some
 * result differs (the report is still written, marking the difference); 150 for an unknown family.
 *
 * What it must not do: touch `process`; leave a half-written report (trace directory staged and
 * renamed, Markdown and JSON written atomically).
 */
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import {
  V1_CONFIGS,
  V1_MUTATIONS,
  V59_CONFIGS,
  V59_MUTATIONS,
  V6_CONFIGS,
  V6_MUTATIONS,
  type KvfreeConfig,
} from '../../models/kvfree/configs.js';
import { kvfreeReport } from '../report/kvfree-report.js';
import { writeFileAtomic, writeReport } from '../report/write.js';
import { fail, type CliContext } from './context.js';

interface Family {
  title: string;
  intro: string;
  configs: readonly KvfreeConfig[];
}

/** Report families: name → configurations. Add a line here to publish another family. */
export const REPORT_FAMILIES: Readonly<Record<string, Family>> = {
  'kvfree-v1': {
    title: 'kvfree-v1: the seed series\' kvfree_call_rcu(), checked exhaustively',
    intro:
      'Model: `models/kvfree/v1.ts`, every step of docs/protocol.md §2 (C0-C8, M0-M3, W0-W4, grace periods, readers, ' +
      'shrinker, boot). Properties: `invariants/kvfree.ts` (docs/protocol.md §5). Protocol configurations show what the ' +
      'faithful v1 protocol does within their bounds, findings included; mutation configurations each break one step ' +
      'on purpose and show that the property guarding it fails.',
    configs: [...V1_CONFIGS, ...V1_MUTATIONS],
  },
  'kvfree-v5.9': {
    title: 'kvfree-v5.9: the merged v5.9 kvfree_call_rcu(), checked exhaustively',
    intro:
      'Model: `kvfree-v5.9` (docs/protocol.md §3.1 as differences to v1, sharing every common step with kvfree-v1 through ' +
      '`models/kvfree/common/`). Same properties and report layout as kvfree-v1.',
    configs: [...V59_CONFIGS, ...V59_MUTATIONS],
  },
  'kvfree-v6': {
    title: 'kvfree-v6: the current kvfree_call_rcu() structure (v6.3 onwards), checked exhaustively',
    intro:
      'Model: `models/kvfree/v6.ts` (docs/protocol.md §3.2: per-page grace-period snapshots, drain_ready, batches queued ' +
      'only when all their slots are empty). Same properties and report layout as kvfree-v1.',
    configs: [...V6_CONFIGS, ...V6_MUTATIONS],
  },
};

export interface ReportArgs {
  family: string;
  out: string;
}

export async function runReport(ctx: CliContext, family: string, outDir: string): Promise<void> {
  const f = REPORT_FAMILIES[family];
  if (f === undefined) {
    fail(ctx, 150, `RC001: unknown report family '${family}' (valid: ${Object.keys(REPORT_FAMILIES).join(', ')})`);
    return;
  }
  const { files, results } = kvfreeReport(f.title, f.intro, f.configs, family);
  const traceFiles: Record<string, string> = {};
  for (const [path, content] of Object.entries(files)) {
    if (path.startsWith(`${family}/`)) traceFiles[path.slice(family.length + 1)] = content;
  }
  await writeReport(join(outDir, family), traceFiles);
  await writeFileAtomic(join(outDir, `${family}.json`), files[`${family}.json`]);
  await writeFileAtomic(join(outDir, `${family}.md`), files[`${family}.md`]);
  const differing = results.filter((r) => r.unexpected.length > 0);
  for (const r of results) {
    ctx.stdout(`${r.unexpected.length === 0 ? 'as expected' : 'DIFFERS    '}  ${r.config.id.padEnd(32)} ${String(r.outcome.stats.distinct).padStart(8)} states  ${r.outcome.verdict}${r.unexpected.length ? `  (${r.unexpected.join('; ')})` : ''}\n`);
  }
  ctx.stdout(`wrote ${join(outDir, `${family}.md`)} (${results.length} configurations, ${differing.length} differing from expectation)\n`);
  ctx.exitCode = differing.length === 0 ? 0 : 1;
}

function builder(y: Argv): Argv<ReportArgs> {
  return y
    .positional('family', { type: 'string', demandOption: true, describe: `report to regenerate (${Object.keys(REPORT_FAMILIES).join(', ')})` })
    .option('out', { type: 'string', default: 'reports', describe: 'directory that receives <family>.md, <family>.json and <family>/' })
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
