/**
 * Test helper: a registered model compiled with the given parameters, or a thrown error naming
 * what was wrong (tests want the model, not a Result).
 */
import { findModel } from '../../models/index.js';
import { compileModel, resolveParams, type CompiledModel } from '../../src/model/compile.js';

export function compiled(id: string, raw: Record<string, number | string>): CompiledModel {
  const def = findModel(id);
  if (def === undefined) throw new Error(`no model ${id}`);
  const p = resolveParams(def, raw);
  if (!p.ok) throw new Error(p.error.message);
  const m = compileModel(def, p.value);
  if (!m.ok) throw new Error(m.error.message);
  return m.value;
}
