/**
 * Edge-collecting exploration for graph export.
 *
 * Why this file exists: the explorer (src/engine) keeps one parent pointer per state and no
 * edges (rule 3), which is right for checking and wrong for drawing. Graph export is for small
 * configurations only, so this is a separate, simple breadth-first search that keeps every edge.
 * It runs the model's compiled guards and recipes on codec mirrors, exactly as the explorer does,
 * so its states are the explorer's states (a test pins the counts against `explore()`).
 *
 * Every state is expanded, violating or not (like the explorer's collect mode); violations are
 * recorded as marks: invariants on states, transition properties on edges, terminal properties
 * and deadlock (no enabled action and not a valid end) on end states.
 *
 * What it must not do: grow past `maxStates` (it stops with RC150 at the first state beyond), or
 * be used for checking (it is O(edges) in memory and keys states by strings).
 */
import { checkError } from '../engine/errors.js';
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

function key(w: Int32Array): string {
  return Array.prototype.join.call(w, ',');
}

/** Explore the whole state graph of `m`, or RC150 when it has more than `maxStates` states. */
export function exploreGraph(m: CompiledModel, options: GraphExploreOptions): Result<StateGraphData> {
  const { maxStates } = options;
  const nWords = m.codec.words;
  const cur = m.codec.makeMirror();
  const next = m.codec.makeMirror();
  const ids = new Map<string, number>();
  const g: StateGraphData = { model: m, words: [], depth: [], initIndex: [], violations: [], end: [], edges: [] };
  const tooBig = () =>
    ({
      ok: false,
      error: checkError(
        'RC150',
        `model ${m.id} has more than ${maxStates} states with these parameters; graph export is for small configurations ` +
          `(raise --max-states, or choose smaller parameters); nothing was written`,
      ),
    }) as const;

  const add = (w: Int32Array, depth: number, init: number): number | null => {
    const k = key(w);
    const old = ids.get(k);
    if (old !== undefined) return old;
    if (g.words.length >= maxStates) return null;
    const id = g.words.length;
    ids.set(k, id);
    g.words.push(Int32Array.from(w));
    g.depth.push(depth);
    g.initIndex.push(init);
    g.violations.push([]);
    g.end.push(false);
    return id;
  };

  let where = 'an initial state';
  try {
    for (let i = 0; i < m.initWords.length; i++) {
      if (add(m.initWords[i], 0, i) === null) return tooBig();
    }
    const out = new Int32Array(nWords);
    for (let id = 0; id < g.words.length; id++) {
      cur.load(g.words[id]);
      const s = cur.state;
      where = `state ${id}`;
      for (const p of m.invariants) if (!p.holds(s)) g.violations[id].push(p.name);
      let enabled = false;
      for (let a = 0; a < m.guards.length; a++) {
        where = `the guard of ${m.actionLabel[a]} in state ${id}`;
        if (!m.guards[a](s, m.actionParam[a])) continue;
        enabled = true;
        where = `${m.actionLabel[a]} from state ${id}`;
        next.load(g.words[id]);
        m.applies[a](next.state, m.actionParam[a]);
        next.store(out);
        const viol: string[] = [];
        for (const p of m.transitions) if (!p.holds(s, next.state)) viol.push(p.name);
        const to = add(out, g.depth[id] + 1, -1);
        if (to === null) return tooBig();
        g.edges.push({ from: id, to, action: a, violations: viol });
      }
      if (!enabled) {
        g.end[id] = true;
        for (const p of m.terminals) if (!p.holds(s)) g.violations[id].push(p.name);
        const valid = m.instance.validEnd;
        if (valid === undefined || !valid(s)) g.violations[id].push('deadlock');
      }
    }
  } catch (e) {
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { ok: false, error: checkError('RC010', `model code threw in ${where}: ${msg}`) };
  }
  return { ok: true, value: g };
}
