/**
 * Counterexample paths: from a stored state's parent chain to a concrete, replayable path.
 *
 * Why this file exists: the search stores representatives (one per symmetry orbit) and, in fp64
 * mode, no states at all, so a parent chain is not yet a trace. This module re-executes the
 * chain from the model's real initial state with the explorer's interpreter: at each step it
 * takes the stored action if it leads to (the orbit of) the next stored state, else the action
 * that does (with symmetry, the permuted one), and checks every state it reaches against what
 * was stored (words in exact mode, the fingerprint in fp64 mode). The result is concrete: every
 * state is one the unreduced model reaches, and `expected` holds its words, so replay can check
 * the reference interpreter against it step by step.
 *
 * What it must not do: run during the search's hot loop (only when a violation is recorded).
 */
import type { CompiledModel } from '../model/compile.js';
import type { Mirror } from '../model/codec.js';
import type { Canonicaliser } from './canonical.js';
import { checkError, type CheckError } from '../base/errors.js';
import type { TraceRef } from './outcome.js';
import type { SeenSet } from './seen.js';
import type { StateMeta } from './store.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- compiled models are heterogeneous (compile.ts)
type AnyState = any;

/** The last, unstored edge of a path: a transition violation, or an action that threw. */
export interface LastEdge {
  /** The action taken from the stored state (on its representative). */
  action: number;
  /** The successor it gave from the representative (null: the action threw). */
  after: Int32Array | null;
  /** For a transition violation: does (prev, next) violate it? The concrete edge must, too. */
  violates?: (prev: AnyState, next: AnyState) => boolean;
}

export class TraceBuilder {
  private readonly a: Mirror<AnyState>;
  private readonly b: Mirror<AnyState>;
  private readonly words: number;

  constructor(
    private readonly m: CompiledModel,
    private readonly seen: SeenSet,
    private readonly meta: StateMeta,
    private readonly canon: Canonicaliser,
    private readonly actorOf: Int32Array,
  ) {
    this.a = m.codec.makeMirror();
    this.b = m.codec.makeMirror();
    this.words = m.codec.words;
  }

  /** A concrete path to stored state `id` (whose representative words are `w`), optionally one edge further. */
  pathTo(id: number, w: Int32Array, last?: LastEdge): TraceRef | CheckError {
    const p = this.meta.path(id);
    const init: Int32Array = Int32Array.from(this.m.initWords[p.init]);
    const expected: Int32Array[] = [init];
    const actions: number[] = [];
    if (!this.reaches(init, p.ids[0], p.ids.length === 1 ? w : null)) {
      return checkError('RC100', `initial state ${p.init} does not encode to the stored state ${p.ids[0]}`);
    }
    let s: Int32Array = init;
    for (let k = 1; k < p.ids.length; k++) {
      const target = p.ids[k];
      const targetWords = k === p.ids.length - 1 ? w : null;
      const step = this.step(s, p.actions[k - 1], (t) => this.reaches(t, target, targetWords));
      if (step === null) {
        return checkError(
          'RC100',
          `re-executing the path to state ${id}: no action from step ${k - 1} reaches stored state ${target} ` +
            `(stored ${this.m.actionLabel[p.actions[k - 1]]}); the model is not deterministic, or its declared symmetry is wrong`,
        );
      }
      actions.push(step.action);
      expected.push(step.next);
      s = step.next;
    }
    if (last !== undefined) {
      const want = last.after === null ? null : this.canonical(last.after);
      const step =
        want === null
          ? this.throwingStep(s, last.action)
          : this.step(s, last.action, (t, prev, next) => equal(this.canonical(t), want) && (last.violates === undefined || safe(() => last.violates!(prev, next))));
      if (step === null) {
        return checkError('RC100', `re-executing the last edge from state ${id} (${this.m.actionLabel[last.action]}) does not reproduce it`);
      }
      actions.push(step.action);
      if (step.next !== null) expected.push(step.next);
    }
    let switches = 0;
    for (let i = 1; i < actions.length; i++) if (this.actorOf[actions[i]] !== this.actorOf[actions[i - 1]]) switches++;
    return { init: p.init, actions, expected, switches };
  }

  /**
   * A concrete continuation of a path of stored states (liveness lassos and witnesses): from the
   * concrete state `from` (in the orbit of `ids[0]`), take `actions[k]` (or, under symmetry, the
   * action that reaches the orbit of `ids[k + 1]`) at each step. With `loop` (the cycle starts
   * at `ids[loop]`; the last id repeats it, or is it for a stutter) the cycle of stored states may
   * end at an image of the concrete state it started from: it is then followed again, up to the
   * group's size times, until a lap ends on a concrete state met at an earlier lap boundary, which
   * becomes the loop start. Without symmetry this is the stored path itself, and `loop` is kept.
   */
  follow(from: Int32Array, ids: readonly number[], actions: readonly number[], loop?: number): { actions: number[]; expected: Int32Array[]; loop?: number } | CheckError {
    const out: number[] = [];
    const expected: Int32Array[] = [];
    let s = from;
    const walk = (k0: number, k1: number): CheckError | null => {
      for (let k = k0; k < k1; k++) {
        const step = this.step(s, actions[k], (t) => this.reaches(t, ids[k + 1], null));
        if (step === null) {
          return checkError('RC100', `re-executing a liveness path: no action from stored state ${ids[k]} reaches stored state ${ids[k + 1]} (stored ${this.m.actionLabel[actions[k]]}); the model is not deterministic, or its declared symmetry is wrong`);
        }
        out.push(step.action);
        expected.push(step.next);
        s = step.next;
      }
      return null;
    };
    const e = walk(0, actions.length);
    if (e !== null) return e;
    if (loop === undefined || loop >= actions.length) return { actions: out, expected, ...(loop === undefined ? {} : { loop }) };
    // Lap boundaries: index in the concrete path (0 is `from`) of each lap's first state.
    const at = (i: number): Int32Array => (i === 0 ? from : expected[i - 1]);
    const boundaries = [loop];
    for (let lap = 0; lap <= this.canon.groupSize; lap++) {
      const end = out.length;
      const hit = boundaries.find((b) => equal(at(b), at(end)));
      // The concrete cycle is the laps from `hit` to the end (without symmetry: the first, `loop`).
      if (hit !== undefined) return { actions: out, expected, loop: hit };
      boundaries.push(end);
      const again = walk(loop, actions.length);
      if (again !== null) return again;
    }
    return checkError('RC100', `re-executing a liveness lasso: its cycle does not close on a concrete state within ${this.canon.groupSize} laps; the declared symmetry is wrong`);
  }

  private canonical(t: Int32Array): Int32Array {
    const c = Int32Array.from(t);
    this.canon.canonicalize(c, 0);
    return c;
  }

  /** Is `t` (concrete) in the orbit stored as `id` (whose words are `words` when known)? */
  private reaches(t: Int32Array, id: number, words: Int32Array | null): boolean {
    const c = this.canonical(t);
    return words !== null ? equal(c, words) : this.seen.matches(id, c, 0);
  }

  /** The first enabled action from `s` (the preferred one first) whose successor passes `ok`. */
  private step(
    s: Int32Array,
    preferred: number,
    ok: (t: Int32Array, prev: AnyState, next: AnyState) => boolean,
  ): { action: number; next: Int32Array } | null {
    const n = this.m.guards.length;
    for (let i = -1; i < n; i++) {
      const act = i < 0 ? preferred : i;
      if (i === preferred) continue;
      const t = this.successor(s, act);
      if (t !== null && ok(t, this.a.state, this.b.state)) return { action: act, next: t };
    }
    return null;
  }

  /** Successor of `s` by `act` (null: disabled or threw); leaves prev/next in mirrors a/b. */
  private successor(s: Int32Array, act: number): Int32Array | null {
    const m = this.m;
    try {
      this.a.load(s);
      if (!m.guards[act](this.a.state, m.actionParam[act])) return null;
      this.b.load(s);
      m.applies[act](this.b.state, m.actionParam[act]);
      const t = new Int32Array(this.words);
      this.b.store(t);
      return t;
    } catch {
      return null;
    }
  }

  /** An enabled action from `s` whose recipe throws (the preferred one first). */
  private throwingStep(s: Int32Array, preferred: number): { action: number; next: null } | null {
    const m = this.m;
    for (let i = -1; i < m.guards.length; i++) {
      const act = i < 0 ? preferred : i;
      if (i === preferred) continue;
      try {
        this.a.load(s);
        if (!m.guards[act](this.a.state, m.actionParam[act])) continue;
        this.b.load(s);
        m.applies[act](this.b.state, m.actionParam[act]);
        this.b.store(new Int32Array(this.words));
      } catch {
        return { action: act, next: null };
      }
    }
    return null;
  }
}

function equal(x: Int32Array, y: Int32Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function safe(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}
