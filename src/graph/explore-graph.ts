/**
 * Edge-collecting exploration for graph export: the engine's own search, watched by a visitor.
 *
 * Why this file exists: the explorer keeps one parent pointer per state and no edges (rule 3),
 * which is right for checking and wrong for drawing. Graph export is for small configurations
 * only, so a visitor (src/engine/visitor.ts) records every state the search expands and every
 * edge it generates; the states, ids and edges are therefore exactly the explorer's (unreduced:
 * a drawn graph shows concrete states, so symmetry is off). Every state is expanded, violating
 * or not (collect mode); violations are recorded as marks: invariants on states, transition
 * properties on edges, terminal properties and deadlock (no enabled action and not a valid end)
 * on end states.
 *
 * What it must not do: grow past `maxStates` (it stops with RC150), or be used for checking (it
 * is O(edges) in memory).
 */
import { checkError } from '../base/errors.js';
import { explore } from '../engine/explore.js';
import type { SearchVisitor } from '../engine/visitor.js';
import type { CompiledModel, Result } from '../model/compile.js';

export interface GraphEdge {
  from: number;
  to: number;
  action: number;
  /** Transition properties violated on this edge. */
  violations: string[];
}

export interface StateGraphData {
  model: CompiledModel;
  /** Packed words of each state, in BFS discovery order (state 0 is the first initial state). */
  words: Int32Array[];
  depth: number[];
  /** Initial-state index for initial states, -1 otherwise. */
  initIndex: number[];
  /** Invariants and terminal properties violated in each state (and `deadlock`). */
  violations: string[][];
  /** Has no enabled action. */
  end: boolean[];
  edges: GraphEdge[];
}

export interface GraphExploreOptions {
  /** Refuse (RC150) configurations with more distinct states than this. */
  maxStates: number;
}

/** Explore the whole state graph of `m`, or RC150 when it has more than `maxStates` states. */
export function exploreGraph(m: CompiledModel, options: GraphExploreOptions): Result<StateGraphData> {
  const { maxStates } = options;
  const a = m.codec.makeMirror();
  const b = m.codec.makeMirror();
  const g: StateGraphData = { model: m, words: [], depth: [], initIndex: [], violations: [], end: [], edges: [] };
  const key = (w: ArrayLike<number>) => Array.prototype.join.call(w, ',');
  const inits = m.initWords.map(key);
  const discover = (id: number, w: Int32Array, depth: number, init: number): void => {
    if (id < g.words.length) return;
    g.words.push(w);
    g.depth.push(depth);
    g.initIndex.push(init);
    g.violations.push([]);
    g.end.push(true);
  };
  const visitor: SearchVisitor = {
    expanded(id, w) {
      // Initial states are expanded before anything can point at them.
      if (id >= g.words.length) discover(id, Int32Array.from(w), 0, inits.indexOf(key(w)));
      a.load(w);
      for (const p of m.invariants) if (!p.holds(a.state)) g.violations[id].push(p.name);
      return null;
    },
    edge(from, action, to, w, off) {
      const words = w.slice(off, off + m.codec.words);
      discover(to, words, g.depth[from] + 1, -1);
      g.end[from] = false;
      a.load(g.words[from]);
      b.load(words);
      const viol: string[] = [];
      for (const p of m.transitions) if (!p.holds(a.state, b.state)) viol.push(p.name);
      g.edges.push({ from, to, action, violations: viol });
    },
  };
  const o = explore(m, { collect: true, deadlock: false, symmetry: false, maxStates, visitor });
  if (o.error !== undefined) {
    const code = o.error.code === 'RC011' ? 'RC011' : 'RC010';
    return { ok: false, error: checkError(code, o.error.message) };
  }
  if (o.verdict === 'incomplete') {
    return {
      ok: false,
      error: checkError(
        'RC150',
        `model ${m.id} has more than ${maxStates} states with these parameters; graph export is for small configurations ` +
          `(raise --max-states, or choose smaller parameters); nothing was written`,
      ),
    };
  }
  for (let id = 0; id < g.words.length; id++) {
    if (!g.end[id]) continue;
    a.load(g.words[id]);
    for (const p of m.terminals) if (!p.holds(a.state)) g.violations[id].push(p.name);
    const valid = m.instance.validEnd;
    if (valid === undefined || !valid(a.state)) g.violations[id].push('deadlock');
  }
  return { ok: true, value: g };
}
