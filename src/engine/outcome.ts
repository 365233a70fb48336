/**
 * Outcome: the value every search returns, and its TLC-family exit status.
 *
 * Why this file exists: results are values, not exceptions (architecture rule 6). An outcome
 * says what was decided (verdict), for which bounds (stats), what fired (coverage), each
 * property's status, and, for a violation, the path to it as action ids from an initial state.
 *
 * What it must not do: print, exit, or hold plain-object states (traces are rebuilt on demand).
 */
import { EXIT, exitCodeForError, type CheckError, type ExitStatus } from '../base/errors.js';

export type Verdict = 'ok' | 'violation' | 'deadlock' | 'error' | 'incomplete';

export interface Stats {
  /** Successors computed (edges), including already-seen ones. */
  generated: number;
  distinct: number;
  maxDepth: number;
  durationMs: number;
  peakFrontier: number;
  /** Bytes held in memory by the seen set, state store, state metadata and frontier at the end. */
  bytes: number;
  /**
   * States the stored ones stand for: the sum of the orbit sizes of the stored representatives.
   * Equals `distinct` without symmetry, and the unreduced run's `distinct` with it.
   */
  represented: number;
  /** Bytes per structure at the end (allocated), and per stored state. */
  memory: MemoryStats;
}

export interface MemoryStats {
  /** Hash index of the seen set. */
  seen: number;
  /** States (exact) or fingerprints (fp64) behind the index. */
  store: number;
  /** Parent, action and actor-switch count per state. */
  meta: number;
  /** Frontier records in memory. */
  frontier: number;
  /** Frontier records spilled to disk (not in `bytes`). */
  spilled: number;
  /** With workers: the shared slots states and successors pass through (in `bytes`, fixed size). */
  slots?: number;
  /** (seen + store + meta + frontier) / distinct. */
  bytesPerState: number;
  /** (seen + store + meta) / distinct: what a stored state costs, frontier apart. */
  storedBytesPerState: number;
}

/** Which symmetry reduction a search used. */
export interface SymmetryUse {
  used: boolean;
  /** Group size including the identity (1 when not used). */
  group: number;
  description: string;
}

/** A path: initial state index plus action ids; `words` are the engine's states along it (for replay checks). */
export interface TraceRef {
  init: number;
  actions: number[];
  /** Packed words of each state on the path (length actions + 1), re-executed and checked by the engine (paths.ts). */
  expected: Int32Array[];
  /** Actor switches along the path. */
  switches: number;
  /**
   * Lasso (liveness counterexample): the index of the state where the cycle starts. The last
   * state equals `expected[loop]` again (the cycle returns to it), or is it (`loop` is the last
   * index: the behaviour stutters there forever, no action being enabled).
   */
  loop?: number;
  /** Lasso: the index of the state where `p` holds; `q` is false from there to the end. */
  pIndex?: number;
  /** A path that counts steps of a `measure` action (latency witness, `within` counterexample). */
  measured?: Measured;
}

/**
 * What a path with a `measure` claims, from `pIndex` on: p and not q hold at every state but the
 * last, and `count` steps of `action` are taken from them (a finite path), or the lasso at `loop`
 * repeats such a step, or never reaches q (`unbounded`).
 */
export interface Measured {
  action: string;
  count: number | 'unbounded';
  /** A bounded-response counterexample (`LeadsTo.within`): `count` is `within + 1`. */
  within?: number;
  /** A latency witness (the path that attains a worst-case latency), not a violation. */
  witness?: true;
}

/**
 * Worst-case latency of one instance of a `leadsTo` property with `measure`: the most steps of
 * that action on a path from p to q over the recorded graph, or `unbounded` (never: the instance
 * is violated; or a cycle with such a step inside p and not q, `state` on it).
 */
export interface LatencyResult {
  property: string;
  instance: number;
  action: string;
  worst: number | 'unbounded';
  why?: string;
  state?: number;
  /**
   * The path that attains `worst` (from the BFS root, `pIndex` where the measured run starts): a
   * finite path for a bound, a lasso for `unbounded` (the cycle with a measured step, or the
   * violation's lasso). Absent when no state has p and not q.
   */
  witness?: TraceRef;
}

export type ViolationKind = 'invariant' | 'transition' | 'terminal' | 'deadlock' | 'liveness' | 'error';

export interface Violation {
  property: string;
  kind: ViolationKind;
  description: string;
  /** Liveness: the instance of a per-object property that fails. */
  instance?: number;
  trace: TraceRef;
}

export type PropertyStatus = 'holds' | 'violated' | 'incomplete';

export interface Outcome {
  verdict: Verdict;
  model: string;
  params: Record<string, number | string>;
  strategy: 'bfs' | 'dfs';
  seen: 'exact' | 'fp64';
  symmetry: SymmetryUse;
  stats: Stats;
  /** Times each action id fired, by full label, in action order. */
  coverage: { action: string; actor: string; count: number }[];
  /** Labels of actions that never fired. */
  neverFired: string[];
  properties: { name: string; kind: 'invariant' | 'transition' | 'terminal' | 'deadlock' | 'leadsTo'; status: PropertyStatus }[];
  /** First violation per property, in the order found (BFS: each is a shortest path). */
  violations: Violation[];
  error?: CheckError;
  /** Why a run is incomplete (a limit, or an abort). */
  incompleteReason?: string;
  /** fp64 mode: TLC's optimistic estimate of a missed state. */
  fpCollisionProbability?: number;
  /**
   * With workers: threads in all; states whose successors were computed in slots (the rest were
   * expanded by the search's thread alone: before the workers were ready, and flagged states);
   * slots consumed, and how many of them a worker thread (not the search's) computed.
   */
  /**
   * With liveness (`leadsTo`) properties: how the search was forced (BFS, exact seen set, one
   * thread, no symmetry reduction) and why; the graph's size.
   */
  liveness?: { notes: string[]; edges: number; bytes: number; latency?: LatencyResult[] };
  parallel?: { workers: number; expandedInSlots: number; slots: number; slotsByWorkerThreads: number };
}

/**
 * TLC-family exit status (the table `EXIT`): OK, DEADLOCK, SAFETY, LIVENESS (only liveness
 * properties failed), MODEL_THREW/PROPERTY_THREW, INCOMPLETE.
 */
export function exitCodeFor(o: Pick<Outcome, 'verdict' | 'error'> & { violations?: readonly Pick<Violation, 'kind'>[] }): ExitStatus {
  switch (o.verdict) {
    case 'ok':
      return EXIT.OK;
    case 'deadlock':
      return EXIT.DEADLOCK;
    case 'violation':
      return o.violations !== undefined && o.violations.length > 0 && o.violations.every((v) => v.kind === 'liveness' || v.kind === 'deadlock') ? EXIT.LIVENESS : EXIT.SAFETY;
    case 'incomplete':
      return EXIT.INCOMPLETE;
    case 'error':
      return o.error ? exitCodeForError(o.error) : EXIT.INTERNAL;
  }
}
