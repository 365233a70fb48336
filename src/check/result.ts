/**
 * The result of one check as a value: the JSON contract of `check --json`, of the library entry
 * and of summary.json (before its timings are split off).
 *
 * Why this file exists: the check service builds it once from an Outcome and its replayed traces;
 * the CLI prints it, report/summary.ts renders and files it, `prove` reads it back from its
 * children. One shape for all of them.
 *
 * What it must not do: render text, write files, or run searches.
 */
import type { CheckError } from '../base/errors.js';
import type { LatencyResult, Outcome, PropertyStatus, Verdict, ViolationKind } from '../engine/outcome.js';
import type { Change, Trace } from '../trace/trace.js';
import { RCUCHECK_VERSION } from '../version.js';
import { coverageSummary, type CoverageSummary } from './coverage.js';
import type { OptionsRecord } from './options.js';

export interface StepJson {
  index: number;
  action: string;
  name: string;
  actor: string;
  choice: string;
  changes: Change[];
}

export interface ViolationJson {
  property: string;
  kind: ViolationKind;
  description: string;
  /** One sentence in the model's terms (from the property's `explain`), or the description. */
  explanation: string;
  /** Number of actions from the initial state. */
  length: number;
  /** Actor switches along the trace. */
  switches: number;
  trace: StepJson[];
  /** Liveness: the lasso's loop (the step where the cycle starts; the last step returns to it, or stutters when it is the last). */
  loop?: number;
  /** Liveness: the step where p holds; q is false from there on. */
  pIndex?: number;
  /** Liveness: the failing instance of a per-object property. */
  instance?: number;
  /** Trace files written for it, relative to the report directory. */
  files?: Record<string, string>;
  /** Set when the trace could not be rebuilt by replay (RC100/RC101). */
  traceError?: CheckError;
}

/** The trace that attains a worst-case latency (LatencyResult.witness), readable. */
export interface WitnessJson {
  /** One sentence: what the path shows. */
  explanation: string;
  /** Number of actions from the initial state. */
  length: number;
  switches: number;
  /** The step where the measured run starts (p and not q from there on). */
  pIndex: number;
  /** Unbounded: the lasso's loop. */
  loop?: number;
  trace: StepJson[];
  /** Trace files written for it, relative to the report directory. */
  files?: Record<string, string>;
  /** Set when the trace could not be rebuilt by replay (RC100/RC101). */
  traceError?: CheckError;
}

/** One instance's worst-case latency, with the trace that attains it. */
export interface LatencyJson extends Omit<LatencyResult, 'witness'> {
  witness?: WitnessJson;
}

export interface CheckResult {
  rcucheck: string;
  verdict: Verdict;
  exitCode: number;
  model: string;
  params: Record<string, number | string>;
  options: OptionsRecord;
  /** The symmetry reduction used (and the group it used). */
  symmetry: Outcome['symmetry'];
  stats: Outcome['stats'];
  properties: { name: string; kind: string; status: PropertyStatus }[];
  coverage: CoverageSummary;
  neverFired: string[];
  /** The first violation found (BFS: a shortest one). */
  violation?: ViolationJson;
  /** Every violation found (more than one only in `--collect` mode). */
  violations: ViolationJson[];
  incompleteReason?: string;
  error?: CheckError;
  fpCollisionProbability?: number;
  /** With more than one worker: threads and how the work was shared (results do not depend on it). */
  parallel?: Outcome['parallel'];
  /** With liveness properties: how the search was forced and why, the recorded graph's size, and latencies with their witnesses. */
  liveness?: Omit<NonNullable<Outcome['liveness']>, 'latency'> & { latency?: LatencyJson[] };
  reportDir?: string;
  /** What the check service changed about how it ran (e.g. --workers capped at the cores). */
  notes?: string[];
}

export function traceSteps(t: Trace): StepJson[] {
  return t.steps.map((s) => ({
    index: s.index,
    action: s.action,
    name: s.name,
    actor: s.actor,
    choice: s.choice,
    changes: s.changes,
  }));
}

export function checkResult(
  o: Outcome,
  options: OptionsRecord,
  violations: ViolationJson[],
  exitCode: number,
  latency?: LatencyJson[],
): CheckResult {
  const r: CheckResult = {
    rcucheck: RCUCHECK_VERSION,
    verdict: o.verdict,
    exitCode,
    model: o.model,
    params: { ...o.params },
    options,
    symmetry: { ...o.symmetry },
    stats: { ...o.stats },
    properties: o.properties.map((p) => ({ ...p })),
    coverage: coverageSummary(o),
    neverFired: [...o.neverFired],
    violations,
  };
  if (violations.length > 0) r.violation = violations[0];
  if (o.incompleteReason !== undefined) r.incompleteReason = o.incompleteReason;
  if (o.error !== undefined) r.error = o.error;
  if (o.fpCollisionProbability !== undefined) r.fpCollisionProbability = o.fpCollisionProbability;
  if (o.parallel !== undefined) r.parallel = { ...o.parallel };
  if (o.liveness !== undefined) {
    const { latency: raw, ...rest } = o.liveness;
    r.liveness = { ...rest, notes: [...o.liveness.notes] };
    if (raw !== undefined) r.liveness.latency = latency ?? raw.map(({ witness: _w, ...l }) => ({ ...l }));
  }
  return r;
}

