/**
 * The recorded state graph in adjacency form, and its strongly connected components.
 *
 * Why this file exists: the fair-cycle search (fair.ts) needs out-edges per state (CSR: offsets,
 * targets, actions) and SCCs of subgraphs given by a membership mask. Tarjan's algorithm runs
 * here with explicit stacks (no recursion: state graphs are millions of states deep).
 *
 * The long loops are resumable (`sccSteps`, a generator that yields every STEPS_PER_YIELD inner
 * steps) so the search's driver can give the event loop a turn between slices: Ctrl-C and the
 * deadline stop the liveness analysis as they stop the search (issue 32). `drain` runs one to the
 * end for synchronous callers.
 *
 * What it must not do: know about properties or fairness; allocate per edge.
 */

/** Inner steps of a graph algorithm between two yields: a few milliseconds of work. */
export const STEPS_PER_YIELD = 1 << 16;

/** A resumable step of the liveness analysis: yields (nothing) between slices, returns its value. */
export type Steps<T> = Generator<void, T, void>;

/** Run resumable steps to the end, synchronously. */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

export class Csr {
  /** Out-edges of state s are `to[off[s]..off[s+1]-1]` with actions `act[...]`. */
  readonly off: Int32Array;
  readonly to: Int32Array;
  readonly act: Int32Array;

  /** From `count` (from, action, to) triples over states `0..n-1`, in recording order per state. */
  constructor(
    readonly n: number,
    triples: Int32Array,
    count: number,
  ) {
    const off = new Int32Array(n + 1);
    for (let e = 0; e < count; e++) off[triples[3 * e] + 1]++;
    for (let s = 0; s < n; s++) off[s + 1] += off[s];
    const fill = off.slice(0, n);
    this.to = new Int32Array(count);
    this.act = new Int32Array(count);
    for (let e = 0; e < count; e++) {
      const at = fill[triples[3 * e]]++;
      this.act[at] = triples[3 * e + 1];
      this.to[at] = triples[3 * e + 2];
    }
    this.off = off;
  }

  outDegree(s: number): number {
    return this.off[s + 1] - this.off[s];
  }

  /** Is action `a` enabled at `s` (does `s` have an `a` edge)? */
  enabled(s: number, a: number): boolean {
    for (let e = this.off[s]; e < this.off[s + 1]; e++) if (this.act[e] === a) return true;
    return false;
  }

  /** The same graph with every edge reversed (actions kept). */
  reversed(): Csr {
    const t = new Int32Array(3 * this.to.length);
    let k = 0;
    for (let s = 0; s < this.n; s++) {
      for (let e = this.off[s]; e < this.off[s + 1]; e++) {
        t[k++] = this.to[e];
        t[k++] = this.act[e];
        t[k++] = s;
      }
    }
    return new Csr(this.n, t, this.to.length);
  }
}

/** Scratch arrays of length n for `sccs` (index and low hold -1, onStack 0, between calls). */
export class SccScratch {
  readonly index: Int32Array;
  readonly low: Int32Array;
  readonly onStack: Uint8Array;
  constructor(n: number) {
    this.index = new Int32Array(n).fill(-1);
    this.low = new Int32Array(n).fill(-1);
    this.onStack = new Uint8Array(n);
  }
}

/**
 * SCCs of the subgraph of `g` on the states `roots` with `member[s] === stamp` (edges leaving it
 * are ignored), by Tarjan's algorithm with explicit stacks. Returns the components (each a list
 * of states).
 */
export function sccs(g: Csr, roots: readonly number[] | Int32Array, member: Int32Array, stamp: number, scratch: SccScratch): number[][] {
  return drain(sccSteps(g, roots, member, stamp, scratch));
}

/** `sccs`, resumable: yields every STEPS_PER_YIELD steps. */
export function* sccSteps(g: Csr, roots: readonly number[] | Int32Array, member: Int32Array, stamp: number, scratch: SccScratch): Steps<number[][]> {
  const { index, low, onStack } = scratch;
  let budget = STEPS_PER_YIELD;
  const out: number[][] = [];
  const stack: number[] = [];
  const callState: number[] = [];
  const callEdge: number[] = [];
  let next = 0;
  const touched: number[] = [];
  /** Tarjan's "call strongconnect(v)": number v and push it on both stacks. */
  const enter = (v: number): void => {
    index[v] = low[v] = next++;
    touched.push(v);
    stack.push(v);
    onStack[v] = 1;
    callState.push(v);
    callEdge.push(g.off[v]);
  };
  for (const r of roots) {
    if (member[r] !== stamp || index[r] !== -1) continue;
    enter(r);
    while (callState.length > 0) {
      if (--budget === 0) {
        budget = STEPS_PER_YIELD;
        yield;
      }
      const top = callState.length - 1;
      const v = callState[top];
      const e = callEdge[top];
      if (e < g.off[v + 1]) {
        callEdge[top] = e + 1;
        const w = g.to[e];
        if (member[w] !== stamp) continue;
        if (index[w] === -1) {
          enter(w);
        } else if (onStack[w] === 1 && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      callState.pop();
      callEdge.pop();
      if (callState.length > 0) {
        const u = callState[callState.length - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          comp.push(w);
        } while (w !== v);
        out.push(comp);
      }
    }
  }
  for (const t of touched) index[t] = low[t] = -1;
  return out;
}
