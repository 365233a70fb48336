/**
 * The report directory of one check: which files it holds and what is in them.
 *
 * Why this file exists: `rcucheck check --report-dir`, the default save of a run that found
 * violations, and `prove`'s children all file a run the same way: per violation
 * `traces/<property>/` (trace.md, trace.itf.json, trace.html), per worst-case latency the trace that
 * attains it in `traces/latency/<property>-<instance>/`, then coverage.json, summary.json
 * and the git-ignored timings.json. The violation values get the paths of their files.
 *
 * What it must not do: write (write.ts does), run searches, or touch `process`.
 */
import { coverageReport } from '../check/coverage.js';
import type { CheckRun } from '../check/run.js';
import { stableJson, summaryFile, timingsFile } from './summary.js';
import { traceFiles } from './trace-files.js';
import type { FileSet } from './write.js';

/** A file or directory name made of safe characters. */
export function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_') || '_';
}

/** The files of a run's report; records each violation's file paths in `run.result`. */
export function checkReportFiles(run: CheckRun): FileSet {
  const files: Record<string, string> = {};
  for (const v of run.violations) {
    if (!v.trace.ok) continue;
    const dir = `traces/${safeName(v.json.property)}`;
    v.json.files = {};
    for (const [name, content] of Object.entries(traceFiles(v.trace.value, run.model, v.violation.trace.init))) {
      files[`${dir}/${name}`] = content;
      v.json.files[name] = `${dir}/${name}`;
    }
  }
  // The trace that attains each worst-case latency (issue #14): replayable, exit 0 when confirmed.
  for (const l of run.latencies) {
    if (l.trace === null || !l.trace.ok || l.json.witness === undefined) continue;
    const dir = `traces/latency/${safeName(l.latency.property)}-${l.latency.instance}`;
    l.json.witness.files = {};
    for (const [name, content] of Object.entries(traceFiles(l.trace.value, run.model, l.latency.witness?.init))) {
      files[`${dir}/${name}`] = content;
      l.json.witness.files[name] = `${dir}/${name}`;
    }
  }
  files['coverage.json'] = stableJson(coverageReport(run.outcome));
  files['summary.json'] = summaryFile(run.result);
  files['timings.json'] = timingsFile(run.result);
  return files;
}
