/**
 * One published configuration of an experiment (a kvfree report configuration, a tagging cell),
 * run through the check service in collect mode.
 *
 * Why this file exists: the experiments run many fixed configurations and must search, trace and
 * count exactly as `rcucheck check --collect` does; this is their one door to the check service.
 *
 * What it must not do: render or write. A configuration that does not prepare is a defect in the
 * experiment's own registry, so it throws, naming the configuration.
 */
import { prepareCheck } from '../check/prepare.js';
import { runPrepared, type CheckRun } from '../check/run.js';
import type { Trace } from '../trace/trace.js';

export function runCollect(label: string, model: string, params: Readonly<Record<string, string | number>>): CheckRun {
  const p = prepareCheck({ model, params, collect: true });
  if (!p.ok) throw new Error(`configuration ${label}: ${p.error.error.message}`);
  return runPrepared(p.value);
}

/** The replayed trace of one violated property of a run (throws if it does not replay). */
export function traceOf(label: string, run: CheckRun, property: string): Trace {
  const v = run.violations.find((x) => x.violation.property === property);
  if (v === undefined) throw new Error(`configuration ${label}: no violation of ${property}`);
  if (!v.trace.ok) throw new Error(`configuration ${label}: trace of ${property} does not replay: ${v.trace.error.message}`);
  return v.trace.value;
}
