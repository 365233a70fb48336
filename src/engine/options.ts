/**
 * Search options: what a caller may set, and the resolved form the search reads.
 *
 * Why this file exists: one options type from the check service to the engine; defaults are
 * decided here, once.
 *
 * What it must not do: import anything above the engine, or read the environment.
 */
import type { ExpanderHost, SlotSizes } from './expander.js';
import type { SpillStoreFactory } from './frontier.js';
import type { SearchVisitor } from './visitor.js';

export interface Progress {
  distinct: number;
  generated: number;
  depth: number;
  frontier: number;
  bytes: number;
  elapsedMs: number;
}

export interface ExploreOptions {
  strategy?: 'bfs' | 'dfs';
  seen?: 'exact' | 'fp64';
  /** Report deadlocks (states with no enabled action that are not valid ends). Default true. */
  deadlock?: boolean;
  /** Keep searching after a violation, recording the first violation of each property. */
  collect?: boolean;
  /** Store one representative per orbit of the model's symmetry group. Default: on when the model declares one. */
  symmetry?: boolean;
  /** Verify on every expanded state that the declared symmetry is one (slow; tests and `--check-symmetry`). */
  checkSymmetry?: boolean;
  maxStates?: number;
  maxDepth?: number;
  timeoutMs?: number;
  maxMemoryMB?: number;
  /** BFS frontiers that hold full states: keep at most this many MB in memory and spill the rest. */
  frontierMB?: number;
  /** Where a spilling frontier writes (required with `frontierMB`). */
  spill?: SpillStoreFactory;
  /** Called every `tickEvery` expansions (default 16384). Chosen up front; default no-op. */
  onProgress?: (p: Progress) => void;
  tickEvery?: number;
  /** Sees every expanded state and every edge (graph export, symmetry check). */
  visitor?: SearchVisitor;
  /** Clock (injectable for tests). */
  now?: () => number;
  /**
   * Threads that compute successors (BFS only; DFS and searches with a visitor run on one).
   * Default 1. More than one needs `expanderHost`, which starts them.
   */
  workers?: number;
  expanderHost?: ExpanderHost;
  /** Wait for the workers before the first expansion (tests), instead of expanding alone until they are ready. */
  waitForWorkers?: boolean;
  /** Slot sizes of a search with workers (default: 512 states, about 4 MB of successors). */
  slotSizes?: SlotSizes;
}

export interface Resolved {
  strategy: 'bfs' | 'dfs';
  seen: 'exact' | 'fp64';
  deadlock: boolean;
  collect: boolean;
  symmetry: boolean | undefined;
  checkSymmetry: boolean;
  maxStates: number;
  maxDepth: number;
  timeoutMs: number;
  maxBytes: number;
  frontierBytes: number;
  spill: SpillStoreFactory | undefined;
  onProgress: (p: Progress) => void;
  tickEvery: number;
  visitor: SearchVisitor | undefined;
  now: () => number;
  workers: number;
  expanderHost: ExpanderHost | undefined;
  waitForWorkers: boolean;
  slotSizes: SlotSizes;
}

export function resolveOptions(o: ExploreOptions): Resolved {
  return {
    strategy: o.strategy ?? 'bfs',
    seen: o.seen ?? 'exact',
    deadlock: o.deadlock ?? true,
    collect: o.collect ?? false,
    symmetry: o.symmetry,
    checkSymmetry: o.checkSymmetry ?? false,
    maxStates: o.maxStates ?? Number.POSITIVE_INFINITY,
    maxDepth: o.maxDepth ?? Number.POSITIVE_INFINITY,
    timeoutMs: o.timeoutMs ?? Number.POSITIVE_INFINITY,
    maxBytes: o.maxMemoryMB === undefined ? Number.POSITIVE_INFINITY : o.maxMemoryMB * 1024 * 1024,
    frontierBytes: o.frontierMB === undefined ? Number.POSITIVE_INFINITY : o.frontierMB * 1024 * 1024,
    spill: o.spill,
    onProgress: o.onProgress ?? (() => undefined),
    tickEvery: o.tickEvery ?? 16384,
    visitor: o.visitor,
    now: o.now ?? (() => performance.now()),
    workers: o.workers ?? 1,
    expanderHost: o.expanderHost,
    waitForWorkers: o.waitForWorkers ?? false,
    slotSizes: o.slotSizes ?? {},
  };
}
