/**
 * Model fingerprint: a short hash of everything a stored trace depends on.
 *
 * Why this file exists: `rcucheck replay` must refuse a trace written against another version of
 * a model (RC005) with a clear message, instead of failing mysteriously at some step. A trace is
 * stored as action labels plus plain states, so it depends on the model id, the parameter values,
 * the state shape (field names, ranges, enum values, order), the ordered action labels and actors,
 * and the property names and kinds. The fingerprint hashes exactly those.
 *
 * What it must not do: hash functions' source text (formatting changes would break old traces).
 */
import { createHash } from 'node:crypto';
import type { CompiledModel } from '../model/compile.js';

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, canonical(o[k])]));
  }
  return v;
}

/** `sha256:` + 16 hex digits over the model's id, params, shape, actions and properties. */
export function modelFingerprint(m: CompiledModel): string {
  const body = JSON.stringify(
    canonical({
      model: m.id,
      params: m.params,
      shape: m.codec.shape,
      actions: m.actionLabel.map((l, i) => [l, m.actionActor[i]]),
      // Safety properties only: adding a liveness property (or fairness) to a model keeps its
      // published safety traces valid; a lasso's fairness is re-checked on replay (lasso.ts).
      properties: m.instance.properties.filter((p) => p.kind !== 'leadsTo').map((p) => [p.name, p.kind]),
      init: m.initWords.map((w) => Array.from(w)),
    }),
  );
  return 'sha256:' + createHash('sha256').update(body).digest('hex').slice(0, 16);
}
