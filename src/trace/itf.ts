/**
 * ITF: write a Trace in the Informal Trace Format (Apalache / Quint).
 */
import type { Trace } from './trace.js';

export function writeItf(trace: Trace): string {
  const states = trace.steps.map((s) => ({
    '#meta': { index: s.index, action: s.action, actor: s.actor, choice: s.choice },
    ...(s.state as Record<string, unknown>),
  }));
  const vars = Object.keys((trace.steps[0]?.state ?? {}) as Record<string, unknown>);
  return JSON.stringify(
    {
      '#meta': {
        format: 'ITF',
        model: trace.model,
        params: trace.params,
        property: trace.property,
        kind: trace.kind,
        explanation: trace.explanation,
        rcucheck: trace.rcucheck,
        actions: trace.steps.map((s) => s.action),
      },
      vars,
      states,
    },
    null,
    2,
  ) + '\n';
}
