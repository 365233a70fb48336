/**
 * The options of one check: the single type that goes from parsed arguments (CLI flags, a proof
 * plan entry, a script calling the library) to the engine.
 *
 * Why this file exists: `check`, `prove`, `report`, `tags` and library callers describe a check the
 * same way. `CheckOptions` is plain data (JSON-able), so it is also what summary.json records under
 * `options` (`optionsRecord`), and `exploreOptionsOf` is the one place where it becomes the
 * engine's `ExploreOptions` (seconds to milliseconds, default memory bound, spill store).
 *
 * What it must not do: validate (prepare.ts does), run anything, or read the environment beyond
 * what the caller passes in `CheckRuntime`.
 */
import { availableParallelism } from 'node:os';
import type { ExploreOptions, Progress } from '../engine/options.js';
import type { SpillStoreFactory } from '../engine/frontier.js';
import { threadHost } from './expander-host.js';

export interface CheckOptions {
  /** Model id (see `rcucheck list`). */
  model: string;
  /** Parameters: raw `name=value` strings (from `-D`) or values (from a plan or a script). Missing ones take their defaults. */
  params?: Readonly<Record<string, string | number>>;
  /** Check only these properties (default: all); `deadlock` alone checks only deadlocks. */
  invariants?: readonly string[];
  strategy?: 'bfs' | 'dfs';
  seen?: 'exact' | 'fp64';
  /** Report deadlocks (default true). */
  deadlock?: boolean;
  /** Keep searching after a violation so every property gets a verdict (default false). */
  collect?: boolean;
  maxStates?: number;
  maxDepth?: number;
  timeoutS?: number;
  /** Search memory bound in MB (default: `CheckRuntime.defaultMemoryMB`, else unbounded). */
  memoryMB?: number;
  /** Symmetry reduction: undefined = on when the model declares a group. */
  symmetry?: boolean;
  /** Verify the declared symmetry on every state (slow). */
  checkSymmetry?: boolean;
  /** In-memory budget of a BFS frontier of full states (fp64); beyond it, spill to the runtime's spill store. */
  frontierMB?: number;
  /**
   * Data races (src/model/races.ts): every pair of labelled accesses that can race becomes an
   * invariant. Implies collect mode (each race reported once) and no symmetry reduction.
   */
  races?: boolean;
}

/** Everything a check needs from its surroundings; none of it is part of the result. */
export interface CheckRuntime {
  /** Aborting stops the search with verdict `incomplete` (Ctrl-C). */
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  now?: () => number;
  /** Memory bound when the options give none (kept out of the result's options, so reports diff across machines). */
  defaultMemoryMB?: number;
  /** Where a spilling frontier writes (the CLI passes a temporary-file store). */
  spill?: SpillStoreFactory;
  /**
   * Threads that compute successors (default 1). Results do not depend on it (the search inserts
   * in one-worker order), so it is not part of the result's options.
   */
  workers?: number;
  /**
   * Most threads a search starts (default: this machine's cores, `availableParallelism()`).
   * More `workers` than this are capped to it, with a note in the result: a thread is a whole
   * V8 isolate (about 12 MB), so `--workers 1000` would take gigabytes and gain nothing.
   */
  maxWorkers?: number;
  /** Wait for the workers before expanding (tests: the parallel path then runs from the first state). */
  waitForWorkers?: boolean;
}

/** `CheckOptions` with every default filled in. */
export interface ResolvedCheckOptions {
  model: string;
  params: Readonly<Record<string, string | number>>;
  invariants: readonly string[];
  strategy: 'bfs' | 'dfs';
  seen: 'exact' | 'fp64';
  deadlock: boolean;
  collect: boolean;
  maxStates?: number;
  maxDepth?: number;
  timeoutS?: number;
  memoryMB?: number;
  symmetry?: boolean;
  checkSymmetry: boolean;
  frontierMB?: number;
  races: boolean;
}

export function withDefaults(o: CheckOptions): ResolvedCheckOptions {
  return {
    ...o,
    params: o.params ?? {},
    invariants: o.invariants ?? [],
    strategy: o.strategy ?? 'bfs',
    seen: o.seen ?? 'exact',
    deadlock: o.deadlock ?? true,
    collect: o.collect ?? false,
    checkSymmetry: o.checkSymmetry ?? false,
    races: o.races ?? false,
  };
}

/** The options as summary.json records them: every key present, `null` for "not given". */
export interface OptionsRecord {
  strategy: 'bfs' | 'dfs';
  seen: 'exact' | 'fp64';
  deadlock: boolean;
  collect: boolean;
  invariants: string[];
  maxStates: number | null;
  maxDepth: number | null;
  timeoutS: number | null;
  memoryMB: number | null;
  /** --symmetry / --no-symmetry as given (null: the default, on when the model declares a group). */
  symmetry: boolean | null;
  checkSymmetry: boolean;
  frontierMB: number | null;
  /** --races; present only when given, so the records (and report folders) of other runs stay as they were. */
  races?: true;
}

export function optionsRecord(o: ResolvedCheckOptions): OptionsRecord {
  return {
    strategy: o.strategy,
    seen: o.seen,
    deadlock: o.deadlock,
    collect: o.collect,
    invariants: [...o.invariants],
    maxStates: o.maxStates ?? null,
    maxDepth: o.maxDepth ?? null,
    timeoutS: o.timeoutS ?? null,
    memoryMB: o.memoryMB ?? null,
    symmetry: o.symmetry ?? null,
    checkSymmetry: o.checkSymmetry,
    frontierMB: o.frontierMB ?? null,
    ...(o.races ? { races: true as const } : {}),
  };
}

/** A BFS frontier of full states keeps a quarter of the search memory bound in memory, the rest on disk. */
export function defaultFrontierMB(memoryMB: number | undefined): number | undefined {
  return memoryMB === undefined ? undefined : Math.max(16, Math.floor(memoryMB / 4));
}

/** The threads a check runs with (`rt.workers` capped at `rt.maxWorkers`), and a note when capped. */
export function workersOf(rt: CheckRuntime): { workers: number; note?: string } {
  const asked = rt.workers ?? 1;
  const cap = Math.max(1, rt.maxWorkers ?? availableParallelism());
  if (asked <= cap) return { workers: asked };
  return { workers: cap, note: `workers: ${asked} requested, capped at ${cap} (this machine's cores); results do not depend on it` };
}

/** The engine's options for a check. */
export function exploreOptionsOf(o: ResolvedCheckOptions, rt: CheckRuntime = {}): ExploreOptions {
  const memoryMB = o.memoryMB ?? rt.defaultMemoryMB;
  const { workers } = workersOf(rt);
  return {
    strategy: o.strategy,
    seen: o.seen,
    deadlock: o.deadlock,
    collect: o.collect,
    maxStates: o.maxStates,
    maxDepth: o.maxDepth,
    timeoutMs: o.timeoutS === undefined ? undefined : o.timeoutS * 1000,
    maxMemoryMB: memoryMB,
    symmetry: o.symmetry,
    checkSymmetry: o.checkSymmetry,
    // Without a spill store a frontier stays in memory (bounded by the memory limit alone).
    frontierMB: rt.spill === undefined ? undefined : (o.frontierMB ?? defaultFrontierMB(memoryMB)),
    spill: rt.spill,
    onProgress: rt.onProgress,
    now: rt.now,
    workers,
    expanderHost: workers > 1 ? threadHost(o) : undefined,
    waitForWorkers: rt.waitForWorkers,
  };
}
