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
export function makeSearch(m: CompiledModel, options: ExploreOptions = {}): Search {
  const live = m.liveness.length > 0 ? livenessOptions(resolveOptions(options), (m.instance.symmetry?.elements.length ?? 0) > 0) : null;
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
    parts.expander = new ExpanderSlots(makeExpanderShared(o.workers, m, o.slotSizes), o.expanderHost, m, symmetryFor(m, o.symmetry).canon);
  }
  return new Search(m, o, parts);
}

/**
 * A search with liveness properties runs as BFS over the exact seen set on one thread without
 * symmetry reduction: the graph must be complete and over concrete states (a per-object property
 * is not invariant under a permutation that renames its object, so the quotient graph would need
 * its instances permuted along every edge; not done yet). Each change is said in a note.
 */
function livenessOptions(o: Resolved, hasSymmetry: boolean): { o: Resolved; notes: string[] } {
  const notes: string[] = [];
  if (o.strategy !== 'bfs') notes.push(`liveness: --strategy ${o.strategy} replaced by bfs (the check needs the complete state graph)`);
  if (o.seen !== 'exact') notes.push(`liveness: --seen ${o.seen} replaced by exact (a fingerprint collision could hide a cycle)`);
  if (o.workers > 1) notes.push(`liveness: ${o.workers} workers replaced by 1 (the graph is recorded by the search's thread)`);
  if (o.symmetry !== false && hasSymmetry) notes.push('liveness: symmetry reduction is off (the graph is over concrete states)');
  return { o: { ...o, strategy: 'bfs', seen: 'exact', workers: 1, symmetry: false }, notes };
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
