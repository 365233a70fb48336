/**
 * Real traces for the trace tests: found by the explorer (BFS) and rebuilt by buildTrace.
 */
import { compileModel, resolveParams, type CompiledModel } from '../../src/model/compile.js';
import { explore } from '../../src/engine/explore.js';
import { buildTrace, type Trace } from '../../src/trace/trace.js';
import { findModel } from '../../models/index.js';

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
