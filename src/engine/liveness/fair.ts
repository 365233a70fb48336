/**
 * Fair cycles: decide `p ~> q` for one property instance on a recorded state graph, and build a
 * lasso when it fails.
 *
 * Why this file exists: `p ~> q` fails exactly when some reachable state satisfies p and not q
 * and, from it, a fair behaviour can stay in not-q forever. On a finite graph that is a path in
 * the not-q subgraph from such a state to a *fair* SCC of that subgraph. States with no
 * successor get the implicit stuttering self-loop (a behaviour that ends there stays there). An
 * SCC is fair when every weakly fair action is taken inside it or disabled at one of its states,
 * and every strongly fair action is taken inside it or disabled at all of its states; an SCC that
 * fails only a strong condition is refined (the states where the untaken strongly fair action is
 * enabled are removed and the SCCs of the rest are checked again), as in the usual
 * Emerson-Lei style algorithm. Enabled = has an out-edge with that action in the whole graph.
 *
 * The lasso: the p-state reaching a fair SCC with the smallest id (ids are BFS order, so its
 * parent chain is a shortest path), a shortest not-q path from it to the SCC, and a cycle in the
 * SCC chained from shortest paths that meets every fairness obligation (takes a weakly fair
 * action that is never disabled in the SCC, visits a state where one is disabled, takes every
 * strongly fair action taken in it) and returns to its first state. A stuttering state's cycle is
 * empty: the lasso ends there and repeats its last state.
 *
 * `checkSteps` is resumable (graph.ts `Steps`): the search's driver polls Ctrl-C and the deadline
 * between its slices.
 *
 * What it must not do: build concrete traces (the search does that from the ids), recurse.
 */
import { Csr, SccScratch, sccSteps, STEPS_PER_YIELD, type Steps } from './graph.js';

/** A lasso as state ids and actions: `states[0]` is where p holds; `states[loop]` starts the cycle. */
export interface IdLasso {
  states: number[];
  actions: number[];
  /** Index in `states` where the cycle starts; the last state equals it again, or is it (stutter: loop = last). */
  loop: number;
}

type Obligation = { take: number } | { avoid: number };

interface FairScc {
  states: number[];
  obligations: Obligation[];
}

export class FairCycles {
  private readonly scratch: SccScratch;
  private readonly member: Int32Array;
  private stamp = 0;
  private readonly enabledCount: Int32Array;
  private readonly taken: Uint8Array;
  private rev: Csr | null = null;

  constructor(
    private readonly g: Csr,
    /** Per action: 0 unfair, 1 weak, 2 strong. */
    private readonly fair: Int8Array,
  ) {
    this.scratch = new SccScratch(g.n);
    this.member = new Int32Array(g.n);
    this.enabledCount = new Int32Array(fair.length);
    this.taken = new Uint8Array(fair.length);
  }

  /**
   * Check one instance, resumable (yields every STEPS_PER_YIELD or so steps): `pq(s)` gives bit 0
   * p, bit 1 q at state s. Returns null when `p ~> q` holds on every fair behaviour, else a lasso.
   */
  *checkSteps(pq: (s: number) => number): Steps<IdLasso | null> {
    const g = this.g;
    const notQ = new Uint8Array(g.n);
    const roots: number[] = [];
    for (let s = 0; s < g.n; s++) {
      if (s % STEPS_PER_YIELD === STEPS_PER_YIELD - 1) yield;
      if ((pq(s) & 2) === 0) {
        notQ[s] = 1;
        roots.push(s);
      }
    }
    if (roots.length === 0) return null;
    const fairSccs = yield* this.fairSccs(roots);
    if (fairSccs.length === 0) return null;
    // Which not-q states reach a fair SCC inside not-q: backward search from all fair states.
    const inFair = new Int32Array(g.n).fill(-1);
    fairSccs.forEach((c, i) => {
      for (const s of c.states) inFair[s] = i;
    });
    const rev = (this.rev ??= g.reversed());
    const reach = new Uint8Array(g.n);
    const queue: number[] = [];
    for (const c of fairSccs) {
      for (const s of c.states) {
        if (reach[s] === 1) continue;
        reach[s] = 1;
        queue.push(s);
      }
    }
    for (let h = 0; h < queue.length; h++) {
      if (h % STEPS_PER_YIELD === STEPS_PER_YIELD - 1) yield;
      const v = queue[h];
      for (let e = rev.off[v]; e < rev.off[v + 1]; e++) {
        const u = rev.to[e];
        if (notQ[u] === 1 && reach[u] === 0) {
          reach[u] = 1;
          queue.push(u);
        }
      }
    }
    let start = -1;
    for (let s = 0; s < g.n; s++) {
      if (reach[s] === 1 && (pq(s) & 1) === 1) {
        start = s;
        break;
      }
    }
    if (start < 0) return null;
    const stem = this.path(start, (s) => inFair[s] >= 0, (s) => notQ[s] === 1);
    if (stem === null) throw new Error('liveness: a state that reaches a fair SCC has no path to it');
    const entry = stem.states[stem.states.length - 1];
    const cycle = this.cycle(fairSccs[inFair[entry]], entry);
    return {
      states: [...stem.states, ...cycle.states.slice(1)],
      actions: [...stem.actions, ...cycle.actions],
      loop: stem.states.length - 1,
    };
  }

  /** The fair SCCs of the subgraph on `roots` (the not-q states), strong fairness refined. */
  private *fairSccs(roots: number[]): Steps<FairScc[]> {
    const g = this.g;
    const member = this.member;
    const stamp = ++this.stamp;
    for (const s of roots) member[s] = stamp;
    const work = yield* sccSteps(g, roots, member, stamp, this.scratch);
    const out: FairScc[] = [];
    let budget = STEPS_PER_YIELD;
    while (work.length > 0) {
      const c = work.pop() as number[];
      budget -= c.length;
      if (budget <= 0) {
        budget = STEPS_PER_YIELD;
        yield;
      }
      const st = ++this.stamp;
      for (const s of c) member[s] = st;
      if (!this.isCycle(c, st)) continue;
      const r = this.judge(c, st);
      if (r === 'unfair') continue;
      if (Array.isArray(r)) {
        // Strong fairness: drop the states where an untaken strongly fair action is enabled.
        const keep = c.filter((s) => !r.some((a) => g.enabled(s, a)));
        const st2 = ++this.stamp;
        for (const s of keep) member[s] = st2;
        work.push(...(yield* sccSteps(g, keep, member, st2, this.scratch)));
        continue;
      }
      out.push({ states: c, obligations: r.obligations });
    }
    return out;
  }

  /** A non-trivial SCC: several states, a self-loop, or one state with no successor (stutter). */
  private isCycle(c: number[], st: number): boolean {
    if (c.length > 1) return true;
    const s = c[0];
    const g = this.g;
    if (g.outDegree(s) === 0) return true;
    for (let e = g.off[s]; e < g.off[s + 1]; e++) if (g.to[e] === s && this.member[s] === st) return true;
    return false;
  }

  /** Fairness of SCC `c` (members stamped `st`): unfair, the strongly fair actions to refine by, or its obligations. */
  private judge(c: number[], st: number): 'unfair' | number[] | { obligations: Obligation[] } {
    const { g, fair, enabledCount, taken, member } = this;
    const seenActions: number[] = [];
    for (const s of c) {
      for (let e = g.off[s]; e < g.off[s + 1]; e++) {
        const a = g.act[e];
        if (fair[a] === 0) continue;
        if (enabledCount[a] === 0 && taken[a] === 0) seenActions.push(a);
        enabledCount[a]++;
        if (member[g.to[e]] === st) taken[a] = 1;
      }
    }
    let unfair = false;
    const refine: number[] = [];
    const obligations: Obligation[] = [];
    for (const a of seenActions) {
      const always = enabledCount[a] === c.length;
      if (fair[a] === 1) {
        if (taken[a] === 1) obligations.push(always ? { take: a } : { avoid: a });
        else if (always) unfair = true;
        else obligations.push({ avoid: a });
      } else if (taken[a] === 1) obligations.push({ take: a });
      else refine.push(a);
      enabledCount[a] = 0;
      taken[a] = 0;
    }
    if (unfair) return 'unfair';
    if (refine.length > 0) return refine;
    return { obligations };
  }

  /** A cycle from `entry` through SCC `c` meeting its obligations and returning to `entry`. */
  private cycle(c: FairScc, entry: number): { states: number[]; actions: number[] } {
    const g = this.g;
    const st = ++this.stamp;
    for (const s of c.states) this.member[s] = st;
    const inC = (s: number): boolean => this.member[s] === st;
    const states = [entry];
    const actions: number[] = [];
    const append = (p: { states: number[]; actions: number[] }): void => {
      states.push(...p.states.slice(1));
      actions.push(...p.actions);
    };
    const met = (o: Obligation): boolean =>
      'take' in o ? actions.includes(o.take) : states.some((s) => !g.enabled(s, o.avoid));
    for (const o of c.obligations) {
      if (met(o)) continue;
      const cur = states[states.length - 1];
      if ('avoid' in o) {
        const p = this.path(cur, (s) => !g.enabled(s, o.avoid), inC);
        if (p === null) throw new Error('liveness: no path inside an SCC');
        append(p);
      } else {
        const hasEdge = (s: number): boolean => {
          for (let e = g.off[s]; e < g.off[s + 1]; e++) if (g.act[e] === o.take && inC(g.to[e])) return true;
          return false;
        };
        const p = this.path(cur, hasEdge, inC);
        if (p === null) throw new Error('liveness: no path inside an SCC');
        append(p);
        const u = states[states.length - 1];
        for (let e = g.off[u]; e < g.off[u + 1]; e++) {
          if (g.act[e] === o.take && inC(g.to[e])) {
            states.push(g.to[e]);
            actions.push(o.take);
            break;
          }
        }
      }
    }
    if (actions.length === 0) {
      // Stutter at a state with no successor: the cycle is empty.
      if (g.outDegree(entry) === 0) return { states, actions };
      for (let e = g.off[entry]; e < g.off[entry + 1]; e++) {
        if (inC(g.to[e])) {
          states.push(g.to[e]);
          actions.push(g.act[e]);
          break;
        }
      }
    }
    const last = states[states.length - 1];
    if (last !== entry) {
      const back = this.path(last, (s) => s === entry, inC, true);
      if (back === null) throw new Error('liveness: no path back inside an SCC');
      append(back);
    }
    return { states, actions };
  }

  /**
   * A shortest path from `from` to a state passing `target`, through states passing `allowed`
   * (`from` itself counts unless `leave`: then at least one step is taken).
   */
  private path(from: number, target: (s: number) => boolean, allowed: (s: number) => boolean, leave = false): { states: number[]; actions: number[] } | null {
    const g = this.g;
    if (!leave && target(from)) return { states: [from], actions: [] };
    const parent = new Map<number, number>();
    const via = new Map<number, number>();
    const queue = [from];
    parent.set(from, -1);
    for (let h = 0; h < queue.length; h++) {
      const v = queue[h];
      for (let e = g.off[v]; e < g.off[v + 1]; e++) {
        const w = g.to[e];
        if (!allowed(w)) continue;
        if (target(w)) {
          const states = [w];
          const actions = [g.act[e]];
          for (let x = v; x !== -1; x = parent.get(x) as number) {
            states.push(x);
            if (x !== from) actions.push(via.get(x) as number);
          }
          return { states: states.reverse(), actions: actions.reverse() };
        }
        if (parent.has(w)) continue;
        parent.set(w, v);
        via.set(w, g.act[e]);
        queue.push(w);
      }
    }
    return null;
  }
}
