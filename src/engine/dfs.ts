/**
 * Depth-first search: an explicit stack, no re-parenting (paths are not shortest).
 *
 * Why this file exists: DFS's frontier. It reaches deep states with a small frontier, at the
 * price of long counterexamples.
 *
 * What it must not do: recurse.
 */
import { StackFrontier } from './frontier.js';
import type { Strategy } from './strategy.js';

export const dfs: Strategy = {
  name: 'dfs',
  makeFrontier: (words) => new StackFrontier(words),
  layerStart: () => Number.POSITIVE_INFINITY,
};
