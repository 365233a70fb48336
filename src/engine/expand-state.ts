/**
 * Phase 1 of a search step, written once: the successor records of one state.
 *
 * Why this file exists: the search's own thread (search.ts, `expandOne`) and every worker thread
 * (expander.ts, `SlotExpander`) compute successors the same way, and they must stay the same
 * code, or `--workers N` could report other counts or traces than `--workers 1` (ADR 7). For
 * each ActionId in order from `from`: the guard on the stepper's `cur` mirror; for an enabled
 * one the recipe on `next`, the transition properties still checked on the edge (mirrors, before
 * the encode), optionally the failed-invariant mask on the mirror, the canonicaliser's images,
 * `stepper.storeReset` into a record `[action, orbit size, failed-invariant mask or -1, hash,
 * hash 2, words...]`, `canon.pick`, and the seen set's two hash words of the stored (canonical)
 * words (seen.ts `recordHashes`: so a worker thread, not the inserting one, hashes). Only the
 * guards of the state's candidate actions (the model's action index, model/action-index.ts) are
 * tried; the others cannot be enabled. The callers differ only in policy, set once per search or
 * per slot, never tested per successor: the search leaves invariants to insertion (mask -1), and
 * gives no record room at the depth limit; a worker asks for masks. What happens at a stop (a
 * failing edge, no room, an exception) is the caller's, from the return code: the search inserts
 * the records so far and then handles the edge or the exception one at a time; a worker flags
 * the state RARE.
 *
 * What it must not do: insert, count, record violations or build traces (the search does);
 * allocate or create closures per state or per successor; import immer, graphology, yargs or
 * node:fs.
 */
import type { CompiledModel } from '../model/compile.js';
import type { Stepper } from '../model/codec.js';
import { allActions, candidates, type ActionIndex } from '../model/action-index.js';
import type { Canonicaliser } from './canonical.js';
import { recordHashes, type HashKind } from './seen.js';

/** Record header words before a successor's words: action, orbit size, failed-invariant mask, the seen set's two hash words. */
export const RECORD_HEAD = 5;
/** Where a record's hash words are (offsets from the record's start). */
export const RECORD_HASH = 3;
export const RECORD_HASH2 = 4;

/** Return codes of `StateExpander.expand`. Every action from `from` on was tried. */
export const EXPANDED = 0;
/**
 * Stopped at action `at`: its edge fails (or throws in) a transition property. Its successor is
 * still in `stepper.next` (not written): the caller stores it or calls `stepper.reset()`.
 */
export const EDGE_FAILS = 1;
/** Stopped at action `at`, enabled, with `room` records written (the search's depth limit: room 0). */
export const NO_ROOM = 2;
/** Model or property code threw at action `at` (`thrown`); the stepper is reset. */
export const THREW = 3;

type Props<T> = readonly T[];

export class StateExpander {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly stepper: Stepper<any>;
  /** Records written by the last `expand`. */
  count = 0;
  /** The action the last `expand` stopped at (the number of actions when it did not stop). */
  at = 0;
  /** What model code threw (code THREW). */
  thrown: unknown = null;
  private readonly stride: number;
  /** The words `stepper.cur` was loaded from (the base of the incremental encode). */
  private base: Int32Array;
  private transitions: Props<CompiledModel['transitions'][number]> = [];
  private activeT = -1;
  private invariants: Props<CompiledModel['invariants'][number]> = [];
  private activeI = 0;
  /** The mask a record starts with: -1 (invariants checked at insertion) or 0 (masks computed here). */
  private maskInit = -1;
  /** The model's action index (null: every action is a candidate). */
  private readonly index: ActionIndex | null;
  /** Bitset over ActionIds: the loaded state's candidate actions (only their guards are tried). */
  private readonly cand: Int32Array;

  /** `hashKind`: the seen set's (its records' hash words are made here). */
  constructor(
    private readonly m: CompiledModel,
    private readonly canon: Canonicaliser,
    private readonly hashKind: HashKind,
  ) {
    this.stepper = m.codec.makeStepper();
    this.stride = m.codec.words + RECORD_HEAD;
    this.base = new Int32Array(m.codec.words);
    this.index = m.actionIndex;
    this.cand = allActions(m.guards.length);
  }

  /** The transition properties checked on every edge: those of `list` whose bit is set in `active` (-1: all). */
  checkTransitions(list: Props<CompiledModel['transitions'][number]>, active: number): void {
    this.transitions = list;
    this.activeT = active;
  }

  /**
   * Compute each record's failed-invariant mask here, over the invariants of `list` whose bit is
   * set in `active` (bit i: list[i]; at most 31). Without this call masks are -1: not checked.
   */
  maskInvariants(list: Props<CompiledModel['invariants'][number]>, active: number): void {
    this.invariants = list;
    this.activeI = active;
    this.maskInit = 0;
  }

  /** Decode the state to expand (`words` is kept as the encode's base until the next load). */
  load(words: Int32Array): void {
    this.base = words;
    this.stepper.load(words);
    if (this.index !== null) candidates(this.index, words, this.cand);
  }

  /**
   * Write the successor records of the loaded state for actions `from..`, at most `room` of
   * them, at `out[off]` (`words + RECORD_HEAD` words each, in action order). Returns a code
   * (EXPANDED, EDGE_FAILS, NO_ROOM, THREW); `count` and `at` tell how far it got.
   */
  expand(from: number, out: Int32Array, off: number, room: number): number {
    const m = this.m;
    const guards = m.guards;
    const applies = m.applies;
    const params = m.actionParam;
    const nActions = guards.length;
    const { stepper, canon, stride, base, transitions, invariants, activeI, maskInit, cand } = this;
    const curState = stepper.cur;
    const nextState = stepper.next;
    const nT = transitions.length;
    const nI = invariants.length;
    let code = EXPANDED;
    let k = 0;
    let a = from;
    try {
      for (; a < nActions; a++) {
        if ((cand[a >>> 5] & (1 << (a & 31))) === 0 || !guards[a](curState, params[a])) continue;
        if (k === room) {
          code = NO_ROOM;
          break;
        }
        // `nextState` equals `curState` here; the recipe mutates it and the stepper encodes what
        // changed on top of `base`, then puts `nextState` back (no decode, no allocation).
        applies[a](nextState, params[a]);
        if (nT !== 0 && this.edgeFails(curState, nextState)) {
          code = EDGE_FAILS;
          break;
        }
        let mask = maskInit;
        for (let v = 0; v < nI; v++) if ((activeI & (1 << v)) !== 0 && !invariants[v].holds(nextState)) mask |= 1 << v;
        const rec = off + k * stride;
        canon.imagesOf(nextState, 0);
        stepper.storeReset(out, base, rec + RECORD_HEAD);
        this.finishRecord(out, rec, a, mask);
        k++;
      }
    } catch (e) {
      // A recipe that threw leaves `next` changed: reset before the stepper's next load.
      this.thrown = e;
      code = THREW;
      stepper.reset();
    }
    this.count = k;
    this.at = a;
    return code;
  }

  /**
   * Complete the record at `out[rec]` whose successor words were just written after its header,
   * the canonicaliser's images made from the successor (`canon.imagesOf`) since: keep the least
   * of them (`canon.pick`), then the header (action, orbit size, `mask`) and the seen set's hash
   * words. The search's one-edge path (a failing edge) writes its record with it too.
   */
  finishRecord(out: Int32Array, rec: number, action: number, mask: number): void {
    const canon = this.canon;
    const at = rec + RECORD_HEAD;
    canon.pick(out, at, 0);
    out[rec] = action;
    out[rec + 1] = canon.orbitSize(0);
    out[rec + 2] = mask;
    recordHashes(this.hashKind, out, at, this.stride - RECORD_HEAD, out, rec + RECORD_HASH);
  }

  /** Does a transition property still checked fail (or throw) on the edge `cur` to `next`? */
  private edgeFails(prev: unknown, nxt: unknown): boolean {
    const ts = this.transitions;
    const active = this.activeT;
    try {
      for (let t = 0; t < ts.length; t++) if ((active & (1 << t)) !== 0 && !ts[t].holds(prev, nxt)) return true;
    } catch {
      return true;
    }
    return false;
  }
}
