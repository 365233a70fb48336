/**
 * What of an outcome must not depend on the number of workers: everything but time, memory and
 * the parallel report. Shared by the parallel self-checks (fixtures and plan entries).
 */
import type { Outcome } from '../../src/engine/outcome.js';

export function comparable(o: Outcome): unknown {
  const stats: Partial<Outcome['stats']> = { ...o.stats };
  delete stats.durationMs;
  delete stats.bytes;
  delete stats.memory;
  delete stats.peakFrontier;
  const rest: Partial<Outcome> = { ...o, stats: stats as Outcome['stats'] };
  delete rest.parallel;
  return rest;
}
