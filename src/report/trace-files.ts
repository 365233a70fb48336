/**
 * Trace files: the three renderings of a counterexample that go into a report directory.
 *
 * Why this file exists: `rcucheck check` writes, for every violation, `trace.md` (swimlane
 * timeline), `trace.itf.json` (Informal Trace Format, replayable with `rcucheck replay`) and
 * `trace.html` (self-contained, opens from disk). This module only renders; report/write.ts
 * writes.
 *
 * What it must not do: touch the file system or `process`.
 */
import type { Trace } from '../trace/trace.js';
import { renderMarkdown } from '../trace/timeline.js';
import { writeItf } from '../trace/itf.js';
import { renderHtml } from '../trace/html.js';

/** File name → contents for one violation's trace. */
export function traceFiles(trace: Trace): Record<string, string> {
  return {
    'trace.md': renderMarkdown(trace),
    'trace.itf.json': writeItf(trace),
    'trace.html': renderHtml(trace),
  };
}
