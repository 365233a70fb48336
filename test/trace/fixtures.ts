/**
 * Real traces for the trace tests: found by the explorer (BFS) and rebuilt by buildTrace.
 */
import { compileModel, resolveParams, type CompiledModel } from '../../src/model/compile.js';
import { explore } from '../../src/engine/explore.js';
import { buildTrace, type Trace } from '../../src/trace/trace.js';
import { findModel } from '../../models/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readItf } from '../../src/trace/itf.js';
import { confirmTrace } from '../../src/trace/confirm.js';

export function compiled(id: string, raw: Record<string, string | number> = {}): CompiledModel {
  const def = findModel(id);
  if (!def) throw new Error(`no model ${id}`);
  const p = resolveParams(def, raw);
  if (!p.ok) throw new Error(p.error.message);
  const m = compileModel(def, p.value);
  if (!m.ok) throw new Error(m.error.message);
  return m.value;
}

/** The first violation's trace for model `id` (BFS, so shortest with fewest switches). */
export function traceOf(id: string, raw: Record<string, string | number> = {}): { model: CompiledModel; trace: Trace } {
  const model = compiled(id, raw);
  const o = explore(model, { strategy: 'bfs' });
  const v = o.violations[0];
  if (!v) throw new Error(`${id}: no violation (${o.verdict})`);
  const t = buildTrace(model, v);
  if (!t.ok) throw new Error(t.error.message);
  return { model, trace: t.value };
}

/** Is the model registered (peterson arrives from another engineer)? */
export function hasModel(id: string): boolean {
  return findModel(id) !== undefined;
}

/** A counterexample published under reports/ (path relative to reports/), re-executed against the current model. */
export function publishedTrace(rel: string): Trace {
  const itf = readItf(readFileSync(join(import.meta.dirname, '..', '..', 'reports', rel), 'utf8'));
  if (!itf.ok) throw new Error(itf.error.message);
  const c = confirmTrace(itf.value);
  if (!c.ok) throw new Error(c.error.message);
  return c.value.trace;
}

/** The two-CPU kvfree-v1 trace the width tests use (17 steps: both callers, monitor, GP, worker). */
export const TWO_CPU_TRACE = 'kvfree-v1/v1-2cpu/gp-guarantee/trace.itf.json';
