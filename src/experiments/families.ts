/**
 * The published kvfree report families (`rcucheck report <family>`): which configurations each
 * runs, and writing a family's report (reports/<family>.md, .json and the trace directory).
 *
 * Why this file exists: the families are data of the experiments layer, not of the CLI; the CLI
 * names one and prints what came back.
 *
 * What it must not do: print, or write anything but through report/write.ts.
 */
import { join } from 'node:path';
import type { Variant } from '../../models/kvfree/common/kstate.js';
import type { KvfreeConfig } from '../../models/kvfree/configs.js';
import { KVFREE_VARIANTS } from '../../models/kvfree/variants.js';
import { writeFileAtomic, writeReport } from '../report/write.js';
import { loadAllowances } from '../check/coverage-gate.js';

/** The never-fired justifications the reports quote (the same file `rcucheck prove` gates on). */
const COVERAGE_FILE = 'proofs/coverage.json';
import { kvfreeReport, type ConfigResult } from './kvfree-report.js';

export interface Family {
  title: string;
  intro: string;
  configs: readonly KvfreeConfig[];
}

/** Each variant's report title and introduction (a Record over Variant: a new variant without its text does not compile). */
const FAMILY_TEXT: Readonly<Record<Variant, Omit<Family, 'configs'>>> = {
  v1: {
    title: 'kvfree-v1: the seed series\' kvfree_call_rcu(), checked exhaustively',
    intro:
      'Model: `models/kvfree/v1.ts` (v1\'s rules on the classic base `models/kvfree/classic.ts`), every step of docs/protocol.md §2 (C0-C8, M0-M3, W0-W4, grace periods, readers, ' +
      'shrinker, boot). Properties: `invariants/kvfree.ts` (docs/protocol.md §5). Protocol configurations show what the ' +
      'faithful v1 protocol does within their bounds, findings included; mutation configurations each break one step ' +
      'on purpose and show that the property guarding it fails.',
  },
  'v5.9': {
    title: 'kvfree-v5.9: the merged v5.9 kvfree_call_rcu(), checked exhaustively',
    intro:
      'Model: `models/kvfree/v59.ts` (docs/protocol.md §3.1: v5.9\'s rules on the classic base `models/kvfree/classic.ts` it shares ' +
      'with kvfree-v1, and `models/kvfree/common/`). Same properties and report layout as kvfree-v1.',
  },
  v6: {
    title: 'kvfree-v6: the current kvfree_call_rcu() structure (v6.3 onwards), checked exhaustively',
    intro:
      'Model: `models/kvfree/v6.ts` (docs/protocol.md §3.2: per-page grace-period snapshots, drain_ready, batches queued ' +
      'only when all their slots are empty). Same properties and report layout as kvfree-v1.',
  },
};

/** Report families: one per registered kvfree variant (models/kvfree/variants.ts). */
export const REPORT_FAMILIES: Readonly<Record<string, Family>> = Object.fromEntries(
  KVFREE_VARIANTS.map((v) => [v.family, { ...FAMILY_TEXT[v.variant], configs: [...v.configs, ...v.mutations] }]),
);

/** Run a family's configurations and write its report under `outDir` (the family must exist). */
export async function writeFamilyReport(family: string, outDir: string): Promise<{ results: ConfigResult[]; markdown: string }> {
  const f = REPORT_FAMILIES[family];
  const allowances = await loadAllowances(COVERAGE_FILE);
  if (!allowances.ok) throw new Error(allowances.error);
  const { files, results } = kvfreeReport(f.title, f.intro, f.configs, family, allowances.value);
  const traceFiles: Record<string, string> = {};
  for (const [path, content] of Object.entries(files)) {
    if (path.startsWith(`${family}/`)) traceFiles[path.slice(family.length + 1)] = content;
  }
  await writeReport(join(outDir, family), traceFiles);
  await writeFileAtomic(join(outDir, `${family}.json`), files[`${family}.json`]);
  await writeFileAtomic(join(outDir, `${family}.timings.json`), files[`${family}.timings.json`]);
  const markdown = join(outDir, `${family}.md`);
  await writeFileAtomic(markdown, files[`${family}.md`]);
  return { results, markdown };
}
