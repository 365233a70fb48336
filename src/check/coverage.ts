/**
 * Coverage report: how many times each action fired, and which never did.
 *
 * Why this file exists: an action that never fires is a modelling bug until shown otherwise (a
 * guard that is always false, a bound too small). coverage.json lists every action with its
 * count and flags the ones that never fired; the CLI summary repeats the flag.
 *
 * What it must not do: write files (write.ts does).
 */
import type { Outcome } from '../engine/outcome.js';

export interface CoverageSummary {
  /** Action ids (one per parameter value). */
  actions: number;
  fired: number;
  neverFired: number;
}

export interface CoverageReport {
  model: string;
  params: Record<string, number | string>;
  summary: CoverageSummary;
  actions: { action: string; actor: string; count: number; neverFired: boolean }[];
  neverFired: string[];
}

export function coverageSummary(o: Pick<Outcome, 'coverage' | 'neverFired'>): CoverageSummary {
  return { actions: o.coverage.length, fired: o.coverage.length - o.neverFired.length, neverFired: o.neverFired.length };
}

export function coverageReport(o: Outcome): CoverageReport {
  return {
    model: o.model,
    params: { ...o.params },
    summary: coverageSummary(o),
    actions: o.coverage.map((c) => ({ ...c, neverFired: c.count === 0 })),
    neverFired: [...o.neverFired],
  };
}
