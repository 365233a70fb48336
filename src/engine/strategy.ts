/**
 * A search strategy: the order states are expanded in, as a frontier, plus the one BFS-only
 * rule (re-parenting on an equal-depth hit).
 *
 * Why this file exists: the search loop is written once; a strategy decides which frontier it
 * uses and from which id on a hit is "one level down". bfs.ts and dfs.ts are the two.
 *
 * What it must not do: look at states or properties.
 */
import type { Frontier } from './frontier.js';
import type { Resolved } from './options.js';
import type { SeenSet } from './seen.js';

export interface Strategy {
  readonly name: 'bfs' | 'dfs';
  makeFrontier(words: number, seen: SeenSet, o: Resolved): Frontier;
  /**
   * Called when the search starts expanding states of depth `depth - 1`, with the seen set's
   * size: a hit on an id >= the returned value is a state one level below the one expanded (BFS
   * prefers, among shortest paths, the one with fewer actor switches). DFS returns +Infinity.
   */
  layerStart(size: number): number;
}
