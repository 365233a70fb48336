/**
 * The coverage gate of a proof run: per model, the action families that fired in none of the
 * plan's faithful entries, judged against the committed allowances (proofs/coverage.json).
 *
 * Why this file exists: a proof that holds says nothing about a step no configuration reaches.
 * After a run of the whole plan, `prove` fails when an action family fires in no faithful entry
 * and is not listed with a justification, and when a listed one did fire (a stale justification).
 * The key, the union and the judgement are src/check/coverage-gate.ts (the kvfree reports use
 * the same); this file turns the entries' runs into its input and decides when the gate applies.
 *
 * What it must not do: run searches, write files, touch `process`, or gate a partial run (a shard,
 * an interrupted run, another plan than the one the allowances judge): a partial union would
 * report actions as never fired that the rest of the plan fires.
 */
import { basename, dirname, resolve } from 'node:path';
import { actionFamilies, firedFamilies, isMutation, judgeCoverage, type CoverageAllowances, type CoverageGate, type EntryCoverage } from '../check/coverage-gate.js';
import { prepareCheck } from '../check/prepare.js';
import { entryRequest, type PlanEntry } from './plan.js';
import type { EntryRun } from './run.js';

/** The gate's verdict in a summary: judged, or skipped with the reason. */
export type CoverageResult = ({ skipped: false } & CoverageGate) | { skipped: true; reason: string };

/** Coverage of one faithful entry's run, or why it has none (no complete result, a changed action list). */
export function entryCoverage(e: PlanEntry, run: EntryRun): { ok: true; value: EntryCoverage } | { ok: false; reason: string } {
  const r = run.result;
  if (r === null || (r.verdict !== 'ok' && r.verdict !== 'violation' && r.verdict !== 'deadlock')) {
    return { ok: false, reason: `${e.id} has no complete result (${r === null ? 'no result' : r.verdict})` };
  }
  const prep = prepareCheck(entryRequest(e));
  if (!prep.ok) return { ok: false, reason: `${e.id}: ${prep.error.error.message}` };
  const m = prep.value.model;
  if (r.coverage.actions !== m.actionLabel.length) {
    return { ok: false, reason: `${e.id}: its run reports ${r.coverage.actions} actions, the model here has ${m.actionLabel.length}` };
  }
  return { ok: true, value: { id: e.id, model: e.model, families: [...new Set(actionFamilies(m))], fired: firedFamilies(m, r.neverFired) } };
}

export interface GateScope {
  planPath: string;
  /** The allowances file: its `plan` is resolved against its directory. */
  allowancesPath: string;
  /** The run covers the whole plan (no shard, not interrupted). */
  whole: boolean;
  /** Why not, for the message. */
  partial?: string;
}

/** Judge the run's coverage, or say why the gate does not apply. */
export function coverageOfRun(scope: GateScope, entries: readonly PlanEntry[], runs: readonly EntryRun[], allowances: CoverageAllowances): CoverageResult {
  if (!scope.whole) return { skipped: true, reason: `${scope.partial ?? 'part of the plan ran'}: coverage is judged only over the whole plan` };
  if (resolve(scope.planPath) !== resolve(dirname(scope.allowancesPath), allowances.plan)) {
    return { skipped: true, reason: `the coverage allowances judge ${allowances.plan}, this run is ${basename(scope.planPath)} (${scope.planPath})` };
  }
  const covs: EntryCoverage[] = [];
  const missing: string[] = [];
  entries.forEach((e, k) => {
    if (isMutation(e.params, e.mutation)) return;
    const c = entryCoverage(e, runs[k]);
    if (c.ok) covs.push(c.value);
    else missing.push(c.reason);
  });
  if (missing.length > 0) return { skipped: true, reason: `some faithful entries have no coverage (${missing.join('; ')}); the run already differs` };
  return { skipped: false, ...judgeCoverage(covs, allowances) };
}
