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
import { renderMarkdown } from '../trace/markdown.js';
import { writeItf } from '../trace/itf.js';
import { renderHtml } from '../trace/html.js';
import { modelFingerprint } from '../trace/fingerprint.js';
import { buildModel, type CompiledModel } from '../model/compile.js';
import { findModel } from '../../models/index.js';

/** The compiled model a trace came from, looked up in the registry (undefined if unknown). */
function modelOf(trace: Trace): CompiledModel | undefined {
  const def = findModel(trace.model);
  if (!def) return undefined;
  const c = buildModel(def, trace.params);
  return c.ok ? c.value : undefined;
}

/** Which of the model's initial states the trace starts from (0 when none matches). */
function initIndexOf(m: CompiledModel, trace: Trace): number {
  if (m.initWords.length <= 1 || trace.steps.length === 0) return 0;
  let w: Int32Array;
  try {
    w = m.codec.encode(trace.steps[0].state);
  } catch {
    return 0;
  }
  const i = m.initWords.findIndex((x) => x.length === w.length && x.every((v, j) => v === w[j]));
  return i < 0 ? 0 : i;
}

/**
 * File name → contents for one violation's trace.
 *
 * @param model The compiled model the trace came from; when omitted it is looked up in the
 *   registry by `trace.model` and `trace.params`. It supplies the model fingerprint stored in the
 *   ITF file, which `rcucheck replay` uses to refuse traces of another model version.
 * @param init Index of the initial state the trace starts from (Violation.trace.init); when omitted
 *   it is found by matching the trace's first state against the model's initial states.
 */
export function traceFiles(trace: Trace, model?: CompiledModel, init?: number): Record<string, string> {
  const m = model ?? modelOf(trace);
  const fingerprint = m === undefined ? undefined : modelFingerprint(m);
  return {
    'trace.md': renderMarkdown(trace),
    'trace.itf.json': writeItf(trace, { fingerprint, init: init ?? (m === undefined ? 0 : initIndexOf(m, trace)) }),
    'trace.html': renderHtml(trace),
  };
}
