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
import { modelFingerprint } from '../trace/fingerprint.js';
import { compileModel, resolveParams, type CompiledModel } from '../model/compile.js';
import { findModel } from '../../models/index.js';

/** The compiled model a trace came from, looked up in the registry (undefined if unknown). */
function modelOf(trace: Trace): CompiledModel | undefined {
  const def = findModel(trace.model);
  if (!def) return undefined;
  const p = resolveParams(def, trace.params);
  if (!p.ok) return undefined;
  const c = compileModel(def, p.value);
  return c.ok ? c.value : undefined;
}

/**
 * File name → contents for one violation's trace.
 *
 * @param model The compiled model the trace came from; when omitted it is looked up in the
 *   registry by `trace.model` and `trace.params`. It supplies the model fingerprint stored in the
 *   ITF file, which `rcucheck replay` uses to refuse traces of another model version.
 * @param init Index of the initial state the trace starts from (Violation.trace.init; default 0).
 */
export function traceFiles(trace: Trace, model?: CompiledModel, init = 0): Record<string, string> {
  const m = model ?? modelOf(trace);
  const fingerprint = m === undefined ? undefined : modelFingerprint(m);
  return {
    'trace.md': renderMarkdown(trace),
    'trace.itf.json': writeItf(trace, { fingerprint, init }),
    'trace.html': renderHtml(trace),
  };
}
