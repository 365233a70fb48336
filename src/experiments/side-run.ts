/**
 * One configuration, one set of properties, one side of a before/after pair: the runner that
 * `rcucheck history` (a bug's buggy and fixed side) and `rcucheck compare` (a patch's knob off and
 * on) share.
 *
 * A side is one check through the check service. Its per-property verdict is `violated` (a
 * violation was found and its trace is kept), `holds` (the search finished and the property was
 * never violated), or `incomplete` (anything else: a limit, Ctrl-C, an error). Two sides of the
 * same property compare as `newly violated`, `no longer violated`, `unchanged` or `undecided`
 * (either side incomplete). A side may run with the data-race check on (`races`, as `rcucheck
 * check --races`); `raceVerdict` then decides the race properties together: violated when any race
 * is found, holds when the search finished without one.
 *
 * Why this file exists: history and compare must search, decide and trace exactly the same way;
 * this is their one door to the check service for a side.
 *
 * What it must not do: render, write, or touch `process`.
 */
import { findingStory } from '../../models/kvfree/common/finding-story.js';
import { storyText } from '../../models/kvfree/common/story.js';
import type { Result } from '../base/errors.js';
import type { CheckRuntime } from '../check/options.js';
import { prepareCheck, type InputError, type PreparedCheck } from '../check/prepare.js';
import { runPreparedAsync, type CheckRun } from '../check/run.js';
import { isRaceProperty } from '../model/races.js';
import type { Trace } from '../trace/trace.js';

export type SideVerdict = 'violated' | 'holds' | 'incomplete';

/** What a side checks: one configuration of one model and the properties named (default all). */
export interface SideSpec {
  model: string;
  params: Readonly<Record<string, string | number>>;
  invariants: readonly string[];
  deadlock: boolean;
  /** Keep searching after a violation, so every property gets a verdict. */
  collect?: boolean;
  maxStates?: number;
  timeoutS?: number;
  memoryMB?: number;
  /** The data-race check (src/model/races.ts): implies collect mode and no symmetry reduction. */
  races?: boolean;
}

export interface SideRun {
  run: CheckRun;
  /** Per property of the outcome (in its order). */
  verdicts: Record<string, SideVerdict>;
}

/** Validate a side without running it (bad input is a value). */
export function prepareSide(s: SideSpec): Result<PreparedCheck, InputError> {
  return prepareCheck({
    model: s.model,
    params: s.params,
    invariants: s.invariants,
    deadlock: s.deadlock,
    collect: s.collect,
    maxStates: s.maxStates,
    timeoutS: s.timeoutS,
    memoryMB: s.memoryMB,
    ...(s.races === true ? { races: true } : {}),
  });
}

/** A property's verdict on a finished run: holds only when the search itself finished. */
export function propertyVerdict(run: CheckRun, property: string): SideVerdict {
  const o = run.outcome;
  const status = o.properties.find((p) => p.name === property)?.status;
  if (status === 'violated') return 'violated';
  return status === 'holds' && o.verdict !== 'incomplete' && o.verdict !== 'error' && o.incompleteReason === undefined ? 'holds' : 'incomplete';
}

/** The race properties of a side run with `races` (one per racing pair of labels; none when no pair conflicts). */
export function raceProperties(run: CheckRun): string[] {
  return run.outcome.properties.map((p) => p.name).filter(isRaceProperty);
}

/**
 * The data-race verdict of a side run with `races`: `violated` with the race found at the fewest
 * steps (the first in the outcome's order on a tie; with BFS the shortest), `holds` when the search finished and found no
 * race (also when no pair of labels can race at all), else `incomplete`.
 */
export function raceVerdict(run: CheckRun): { verdict: SideVerdict; property: string | null } {
  let best: { property: string; steps: number } | null = null;
  for (const v of run.violations) {
    if (!isRaceProperty(v.violation.property)) continue;
    // A trace that does not replay still decides the verdict; sideTrace() then returns null for it.
    const steps = v.trace.ok ? v.trace.value.steps.length : Number.POSITIVE_INFINITY;
    if (best === null || steps < best.steps) best = { property: v.violation.property, steps };
  }
  if (best !== null) return { verdict: 'violated', property: best.property };
  const o = run.outcome;
  const finished = o.verdict !== 'incomplete' && o.verdict !== 'error' && o.incompleteReason === undefined;
  return { verdict: finished && raceProperties(run).every((p) => propertyVerdict(run, p) === 'holds') ? 'holds' : 'incomplete', property: null };
}

/** Run a prepared side. */
export async function runSide(p: PreparedCheck, rt: CheckRuntime): Promise<SideRun> {
  const run = await runPreparedAsync(p, rt);
  const verdicts: Record<string, SideVerdict> = {};
  for (const pr of run.outcome.properties) verdicts[pr.name] = propertyVerdict(run, pr.name);
  return { run, verdicts };
}

/** The replayed shortest trace of a violated property (null when it does not replay). */
export function sideTrace(run: CheckRun, property: string): Trace | null {
  const v = run.violations.find((x) => x.violation.property === property);
  return v?.trace.ok === true ? v.trace.value : null;
}

/** The story read from a violation's trace (kvfree properties; null when there is none). */
export function sideStory(property: string, trace: Trace): string | null {
  const story = findingStory(property, trace);
  return story === null ? null : storyText(story);
}

export type Change = 'newly violated' | 'no longer violated' | 'unchanged' | 'undecided';

/** How a property's verdict moves from the before side to the after side. */
export function changeOf(before: SideVerdict, after: SideVerdict): Change {
  if (before === 'incomplete' || after === 'incomplete') return 'undecided';
  if (before === after) return 'unchanged';
  return after === 'violated' ? 'newly violated' : 'no longer violated';
}
