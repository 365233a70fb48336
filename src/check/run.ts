/**
 * The search-and-trace core of the check service: run a prepared check, rebuild every
 * violation's readable trace by replay, and give back the result value.
 *
 * Why this file exists: `check`, the experiments (tagging matrix, kvfree reports), `prove`'s
 * children and library callers all need the same three things from one search: the Outcome, a
 * replayed Trace per violation, and the `CheckResult` with its exit status. They get them here,
 * synchronously (`runPrepared`, for experiments and tests) or with Ctrl-C and progress
 * (`runPreparedAsync`).
 *
 * What it must not do: print, write files (the report layer renders and writes a run), or touch
 * `process`.
 */
import { EXIT, exitCodeForError, type Result } from '../base/errors.js';
import { explore, exploreAsync } from '../engine/explore.js';
import { exitCodeFor, type LatencyResult, type Outcome, type Violation } from '../engine/outcome.js';
import type { CompiledModel } from '../model/compile.js';
import { buildTrace, type Trace } from '../trace/trace.js';
import { exploreOptionsOf, optionsRecord, workersOf, type CheckRuntime } from './options.js';
import type { PreparedCheck } from './prepare.js';
import { checkResult, traceSteps, type CheckResult, type LatencyJson, type ViolationJson } from './result.js';

/** One violation with its trace rebuilt by replay (or the replay error, RC100/RC101). */
export interface TracedViolation {
  violation: Violation;
  trace: Result<Trace>;
  /** The violation as it appears in `result.violations` (same object). */
  json: ViolationJson;
}

/** One instance's worst-case latency with its witness trace rebuilt by replay (when it has one). */
export interface TracedLatency {
  latency: LatencyResult;
  trace: Result<Trace> | null;
  /** The latency as it appears in `result.liveness.latency` (same object). */
  json: LatencyJson;
}

/** A finished check: what was searched, what came out, and the result value. */
export interface CheckRun {
  model: CompiledModel;
  outcome: Outcome;
  violations: TracedViolation[];
  /** Worst-case latencies (liveness properties with `measure`) with their witness traces. */
  latencies: TracedLatency[];
  result: CheckResult;
}

/** Rebuild the readable trace of every violation of an outcome. */
export function traceViolations(m: CompiledModel, o: Outcome): TracedViolation[] {
  return o.violations.map((v) => {
    const t = buildTrace(m, v);
    const json: ViolationJson = t.ok
      ? {
          property: v.property,
          kind: v.kind,
          description: v.description,
          explanation: t.value.explanation,
          length: t.value.steps.length - 1,
          switches: t.value.switches,
          trace: traceSteps(t.value),
          ...(t.value.loop === undefined ? {} : { loop: t.value.loop, pIndex: t.value.pIndex ?? 0, instance: t.value.instance ?? 0 }),
        }
      : {
          property: v.property,
          kind: v.kind,
          description: v.description,
          explanation: v.description,
          length: v.trace.actions.length,
          switches: v.trace.switches,
          trace: [],
          traceError: t.error,
        };
    return { violation: v, trace: t, json };
  });
}

/** Rebuild the witness trace of every worst-case latency of an outcome. */
export function traceLatencies(m: CompiledModel, o: Outcome): TracedLatency[] {
  return (o.liveness?.latency ?? []).map((l) => {
    const { witness, ...rest } = l;
    const json: LatencyJson = { ...rest };
    if (witness === undefined) return { latency: l, trace: null, json };
    const p = m.liveness.find((x) => x.name === l.property);
    const t = buildTrace(m, { property: l.property, kind: 'liveness', description: p?.description ?? l.property, instance: l.instance, trace: witness });
    json.witness = t.ok
      ? {
          explanation: t.value.explanation,
          length: t.value.steps.length - 1,
          switches: t.value.switches,
          pIndex: t.value.pIndex ?? 0,
          ...(t.value.loop === undefined ? {} : { loop: t.value.loop }),
          trace: traceSteps(t.value),
        }
      : { explanation: '', length: witness.actions.length, switches: witness.switches, pIndex: witness.pIndex ?? 0, trace: [], traceError: t.error };
    return { latency: l, trace: t, json };
  });
}

function finish(p: PreparedCheck, outcome: Outcome, rt: CheckRuntime): CheckRun {
  const violations = traceViolations(p.model, outcome);
  const latencies = traceLatencies(p.model, outcome);
  let exitCode = exitCodeFor(outcome);
  // A trace that does not replay is a checker or model defect, louder than the verdict (but an interrupted run stays 152).
  const traceErr = violations.find((v) => !v.trace.ok)?.json.traceError ?? latencies.find((l) => l.json.witness?.traceError !== undefined)?.json.witness?.traceError;
  if (traceErr !== undefined && exitCode !== EXIT.INCOMPLETE) exitCode = exitCodeForError(traceErr);
  const result = checkResult(
    outcome,
    optionsRecord(p.options),
    violations.map((v) => v.json),
    exitCode,
    outcome.liveness?.latency === undefined ? undefined : latencies.map((l) => l.json),
  );
  const capped = workersOf(rt).note;
  if (capped !== undefined) result.notes = [capped];
  return { model: p.model, outcome, violations, latencies, result };
}

/** Run a prepared check to the end (no Ctrl-C, no progress). */
export function runPrepared(p: PreparedCheck, rt: CheckRuntime = {}): CheckRun {
  return finish(p, explore(p.model, exploreOptionsOf(p.options, rt)), rt);
}

/** Run a prepared check; `rt.signal` stops it with verdict `incomplete`, `rt.onProgress` sees it go. */
export async function runPreparedAsync(p: PreparedCheck, rt: CheckRuntime = {}): Promise<CheckRun> {
  return finish(p, await exploreAsync(p.model, exploreOptionsOf(p.options, rt), rt.signal), rt);
}
