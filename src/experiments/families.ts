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
import type { KvfreeConfig } from '../../models/kvfree/configs.js';
import { KVFREE_VARIANTS } from '../../models/kvfree/variants.js';
import { writeOutputs } from '../report/write.js';
import { jsonIncomplete, markdownIncomplete } from '../report/incomplete.js';
import type { CoverageAllowances } from '../check/coverage-gate.js';
import { renderKvfreeReport, runConfig, type ConfigResult } from './kvfree-report.js';
import { labelsAccesses, runRaces, type RaceRun } from './kvfree-races.js';

export interface Family {
  title: string;
  intro: string;
  configs: readonly KvfreeConfig[];
  /** What the race table of the family says beside its rows (models/kvfree/variants.ts `racesNote`). */
  racesNote: string;
}

/** Report families: one per registered kvfree variant (models/kvfree/variants.ts). */
export const REPORT_FAMILIES: Readonly<Record<string, Family>> = Object.fromEntries(
  KVFREE_VARIANTS.map((v) => [v.family, { title: v.title, intro: v.intro, configs: [...v.configs, ...v.mutations], racesNote: v.racesNote ?? '' }]),
);

/**
 * Run a family's configurations and write its report under `outDir` (the family must exist).
 * `allowances`: the never-fired justifications the report quotes (proofs/coverage.json, the file
 * `rcucheck prove` gates on), read by the caller before the work so a bad file is found first.
 * Between two configurations the event loop gets a turn, so `signal` (Ctrl-C) is seen: the run
 * then stops and writes the configurations it finished, marked incomplete (`interrupted`; the
 * family's liveness rows, run while rendering, are left out of a partial report).
 * When the family's model labels its steps with accesses, every faithful configuration is then
 * run again with `--races` for the report's race table (./kvfree-races.ts); an interrupted report
 * leaves the table out.
 */
export async function writeFamilyReport(
  family: string,
  outDir: string,
  allowances: CoverageAllowances,
  signal?: { aborted: boolean },
): Promise<{ results: ConfigResult[]; markdown: string; interrupted?: boolean }> {
  const f = REPORT_FAMILIES[family];
  const ran: ConfigResult[] = [];
  for (const c of f.configs) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted === true) break;
    ran.push(runConfig(c, family));
  }
  const races: RaceRun[] = [];
  for (const r of ran.filter((x) => x.config.mutation !== true && labelsAccesses(x.model))) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted === true) break;
    races.push(runRaces(r.config, family));
  }
  await new Promise<void>((resolve) => setImmediate(resolve));
  const reason = signal?.aborted === true ? `interrupted after ${ran.length} of ${f.configs.length} configurations` : undefined;
  // Rendering runs the family's liveness rows (synchronously); an interrupted report leaves them and the race table out.
  const { files, results } = renderKvfreeReport(f.title, f.intro, ran, family, allowances, {
    liveness: reason === undefined,
    ...(reason === undefined ? { races: { runs: races, note: f.racesNote } } : {}),
  });
  if (reason !== undefined) {
    files[`${family}.md`] = markdownIncomplete(files[`${family}.md`], reason);
    files[`${family}.json`] = jsonIncomplete(files[`${family}.json`], reason);
  }
  const traceFiles: Record<string, string> = {};
  for (const [path, content] of Object.entries(files)) {
    if (path.startsWith(`${family}/`)) traceFiles[path.slice(family.length + 1)] = content;
  }
  const markdown = join(outDir, `${family}.md`);
  await writeOutputs([
    { path: join(outDir, family), files: traceFiles },
    { path: join(outDir, `${family}.json`), content: files[`${family}.json`] },
    { path: join(outDir, `${family}.timings.json`), content: files[`${family}.timings.json`] },
    { path: markdown, content: files[`${family}.md`] },
  ]);
  return reason === undefined ? { results, markdown } : { results, markdown, interrupted: true };
}
