/**
 * The engine's entry points: put a search together from its pieces and run it.
 *
 * Why this file exists: one place decides which strategy (bfs.ts, dfs.ts), seen set
 * (seen.ts, tree-seen.ts), canonicaliser (canonical.ts) and visitors (symmetry-check.ts, the
 * caller's) a set of options means; search.ts runs whatever it is given. `explore()` runs to the
 * end synchronously; `exploreAsync()` yields to the event loop between chunks so that a signal
 * handler can abort.
 *
 * What it must not do: import immer, graphology, yargs or node:fs; do I/O (a spill store comes
 * in through the options).
 */
import type { CompiledModel } from '../model/compile.js';
import { bfs } from './bfs.js';
import { identityCanonicaliser, SymmetryCanonicaliser, type Canonicaliser } from './canonical.js';
import { dfs } from './dfs.js';
import { ExpanderSlots, makeExpanderShared, MAX_PARALLEL_PROPERTIES } from './expander.js';
import { resolveOptions, type ExploreOptions, type Resolved } from './options.js';
import { LivenessRecorder } from './liveness/record.js';
import type { Outcome, SymmetryUse } from './outcome.js';
import { Search, type SearchParts } from './search.js';
import { FingerprintSeenSet, type SeenSet } from './seen.js';
import { TreeSeenSet } from './tree-seen.js';
import { symmetryCheck } from './symmetry-check.js';
import { bothVisitors } from './visitor.js';

export type { ExploreOptions, Progress } from './options.js';
export { Search } from './search.js';

/** The symmetry a search of `m` uses under `o` (on by default when the model declares a group). */
export function symmetryFor(m: CompiledModel, want: boolean | undefined): { canon: Canonicaliser; use: SymmetryUse } {
  // One image slot per batch position (a state has at most one successor per action id).
  const sym = m.instance.symmetry;
  if (want === false || sym === undefined || sym.elements.length === 0) {
    return { canon: identityCanonicaliser, use: { used: false, group: 1, description: sym?.description ?? 'none declared' } };
  }
  return { canon: new SymmetryCanonicaliser(m.codec, sym, Math.max(1, m.actionLabel.length)), use: { used: true, group: sym.elements.length + 1, description: sym.description } };
}

function makeSeen(mode: 'exact' | 'fp64', words: number): SeenSet {
  return mode === 'exact' ? new TreeSeenSet(words) : new FingerprintSeenSet(words);
}

/** A search of `m` with `options`, ready to `run`. */
export function makeSearch(model: CompiledModel, options: ExploreOptions = {}): Search {
  const live = model.liveness.length > 0 ? livenessOptions(resolveOptions(options), model) : null;
  const m = live?.m ?? model;
  const o = live?.o ?? resolveOptions(options);
  const { canon, use } = symmetryFor(m, o.symmetry);
  let visitor = o.visitor;
  const recorder = live === null ? undefined : new LivenessRecorder(m);
  if (recorder !== undefined) visitor = visitor === undefined ? recorder : bothVisitors(recorder, visitor);
  if (o.checkSymmetry && canon.groupSize > 1) {
    const check = symmetryCheck(m, canon);
    visitor = visitor === undefined ? check : bothVisitors(check, visitor);
  }
  const parts: SearchParts = {
    strategy: o.strategy === 'bfs' ? bfs : dfs,
    seen: makeSeen(o.seen, m.codec.words),
    canon,
    symmetry: use,
    visitor,
    waitForWorkers: o.waitForWorkers,
  };
  if (recorder !== undefined && live !== null) {
    parts.liveness = recorder;
    parts.livenessNotes = live.notes;
  }
  if (parallelWorkers(m, o.workers, o.strategy, visitor) > 1 && o.expanderHost !== undefined) {
    parts.expander = new ExpanderSlots(makeExpanderShared(o.workers, m, parts.seen.hashKind, o.slotSizes), o.expanderHost, m, symmetryFor(m, o.symmetry).canon);
  }
  return new Search(m, o, parts);
}

/**
 * A search with liveness properties runs as BFS over the exact seen set on one thread: the graph
 * must be complete. Symmetry reduction keeps only the declared elements that fix every leadsTo
 * instance and every fair and measured action (`Permutation.fixesLiveness`); they form a subgroup
 * (the stabiliser of those instances and actions), and `m` comes back with it as its symmetry.
 *
 * Why that is sound: under such a subgroup H every proposition the fair-leadsTo check reads (p and
 * q of each instance, "action a is enabled", "action a is taken" for every fair or measured a) is
 * H-invariant, so the quotient graph over orbit representatives is bisimilar to the concrete one
 * with those labels kept (Emerson & Sistla, "Symmetry and model checking", FMSD 9, 1996: a CTL*
 * formula over G-invariant propositions holds in M iff in M/G), and fairness expressed over those
 * labels is preserved. An element that renames an instance (kvfree's CPU swap moves objects and
 * CPUs) or a fair action (its reader swap maps reader0's weakly fair rcu_read_unlock to
 * reader1's) is left out: on the quotient, per-action-id weak fairness would then be read off the
 * wrong action ("fairness under symmetry", Emerson & Sistla, TOPLAS 19(4), 1997, which needs
 * annotated quotients; not done here). Each change is said in a note.
 */
function livenessOptions(o: Resolved, m: CompiledModel): { o: Resolved; m: CompiledModel; notes: string[] } {
  const notes: string[] = [];
  if (o.strategy !== 'bfs') notes.push(`liveness: --strategy ${o.strategy} replaced by bfs (the check needs the complete state graph)`);
  if (o.seen !== 'exact') notes.push(`liveness: --seen ${o.seen} replaced by exact (a fingerprint collision could hide a cycle)`);
  if (o.workers > 1) notes.push(`liveness: ${o.workers} workers replaced by 1 (the graph is recorded by the search's thread)`);
  const r = { ...o, strategy: 'bfs' as const, seen: 'exact' as const, workers: 1 };
  const sym = m.instance.symmetry;
  if (o.symmetry === false || sym === undefined || sym.elements.length === 0) return { o: { ...r, symmetry: false }, m, notes };
  const kept = sym.elements.filter((e) => e.fixesLiveness === true);
  const dropped = sym.elements.filter((e) => e.fixesLiveness !== true).map((e) => e.name);
  if (kept.length === 0) {
    // Worded as before this subgroup existed: the proof summaries under reports/ quote it.
    notes.push('liveness: symmetry reduction is off (the graph is over concrete states)');
    return { o: { ...r, symmetry: false }, m, notes };
  }
  if (dropped.length > 0) notes.push(`liveness: symmetry reduced to the elements that fix every leadsTo instance and fair action (${kept.map((e) => e.name).join('; ')}; left out: ${dropped.join('; ')})`);
  const group = { description: dropped.length === 0 ? sym.description : `${kept.map((e) => e.name).join('; ')} (for liveness)`, elements: kept };
  return { o: r, m: { ...m, instance: { ...m.instance, symmetry: group } }, notes };
}

/**
 * How many threads a search of `m` expands with: `workers` for a BFS without a visitor whose
 * properties fit a worker's report (at most 31 invariants and 31 transition properties), else 1.
 */
export function parallelWorkers(m: CompiledModel, workers: number, strategy: 'bfs' | 'dfs', visitor: unknown): number {
  if (workers <= 1 || strategy !== 'bfs' || visitor !== undefined) return 1;
  if (m.invariants.length > MAX_PARALLEL_PROPERTIES || m.transitions.length > MAX_PARALLEL_PROPERTIES) return 1;
  return workers;
}

/** Run a search to the end, synchronously. */
export function explore(model: CompiledModel, options: ExploreOptions = {}): Outcome {
  const s = makeSearch(model, options);
  try {
    while (!s.run(1 << 20));
    return s.outcome();
  } finally {
    s.dispose();
  }
}

/**
 * Run a search, yielding to the event loop between chunks, then its liveness analysis the same way;
 * `signal` aborts either (outcome `incomplete`).
 */
export async function exploreAsync(
  model: CompiledModel,
  options: ExploreOptions = {},
  signal?: { aborted: boolean; reason?: unknown },
): Promise<Outcome> {
  const s = makeSearch(model, options);
  const chunk = options.tickEvery ?? 16384;
  try {
    for (;;) {
      if (signal?.aborted) s.abort(`aborted (${typeof signal.reason === 'string' ? signal.reason : 'interrupt'})`);
      if (s.run(chunk)) break;
      await new Promise<void>((r) => setImmediate(r));
    }
    // The liveness analysis after the search: the same turns of the event loop, the same stop.
    const analysis = s.analysis();
    for (;;) {
      if (signal?.aborted) s.abort(`aborted (${typeof signal.reason === 'string' ? signal.reason : 'interrupt'}) in the liveness analysis`);
      if (analysis.next().done === true) break;
      await new Promise<void>((r) => setImmediate(r));
    }
    return s.outcome();
  } finally {
    s.dispose();
  }
}
