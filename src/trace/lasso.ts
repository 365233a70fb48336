/**
 * Lasso confirmation: re-check a liveness counterexample on replayed plain states.
 *
 * Why this file exists: a lasso claims an infinite fair behaviour on which `p ~> q` fails. Given
 * the replayed steps (replay.ts already checked that every action was enabled and gave the next
 * state), this checks the rest of the claim with the reference interpreter, independently of the
 * engine's graph code: the cycle returns to its first state (or, for a stutter, no action is
 * enabled at the last state), p holds at the p-step and q is false from there to the end, and
 * the cycle is fair: every weakly fair action is taken on it or disabled at one of its states,
 * every strongly fair action is taken on it or disabled at all of them.
 *
 * What it must not do: print, read files, or trust the engine's verdict.
 */
import { checkError } from '../base/errors.js';
import type { CompiledModel, Result } from '../model/compile.js';
import { enabledActions } from '../model/step.js';
import type { Measured } from '../engine/outcome.js';
import type { TraceStep } from './replay.js';

export interface LassoClaim {
  property: string;
  instance: number;
  loop: number;
  pIndex: number;
}

function same(m: CompiledModel, a: unknown, b: unknown): boolean {
  const x = m.codec.encode(a);
  const y = m.codec.encode(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Confirm a lasso; the value is one sentence saying what was confirmed. */
export function confirmLasso(m: CompiledModel, steps: readonly TraceStep[], c: LassoClaim): Result<string> {
  const bad = (why: string): Result<string> => ({ ok: false, error: checkError('RC101', `the lasso does not show a violation of ${c.property}: ${why}`) });
  const prop = m.liveness.find((p) => p.name === c.property);
  if (prop === undefined) return { ok: false, error: checkError('RC005', `model ${m.id} has no liveness property '${c.property}'`) };
  const n = steps.length - 1;
  if (c.instance >= (prop.instances ?? 1)) return bad(`instance ${c.instance} does not exist`);
  if (c.loop > n || c.pIndex > n) return bad(`loop ${c.loop} or pIndex ${c.pIndex} is past the last step ${n}`);
  const stutter = c.loop === n;
  if (stutter) {
    const en = enabledActions(m, steps[n].state);
    if (en.length > 0) return bad(`it stutters at step ${n}, but ${m.actionLabel[en[0]]} is enabled there`);
  } else if (!same(m, steps[n].state, steps[c.loop].state)) {
    return bad(`the last state (step ${n}) is not the state of step ${c.loop} where the loop starts`);
  }
  if (!prop.p(steps[c.pIndex].state, c.instance)) return bad(`p does not hold at step ${c.pIndex}`);
  for (let i = c.pIndex; i <= n; i++) if (prop.q(steps[i].state, c.instance)) return bad(`q holds at step ${i}`);
  // Fairness over the cycle: its states are steps loop..n-1 (n equals loop), or just n (stutter).
  const states = stutter ? [steps[n]] : steps.slice(c.loop, n);
  const taken = new Set(stutter ? [] : steps.slice(c.loop + 1).map((s) => s.actionId));
  const enabledAt = states.map((s) => new Set(enabledActions(m, s.state)));
  for (let a = 0; a < m.actionFair.length; a++) {
    const f = m.actionFair[a];
    if (f === 0 || taken.has(a)) continue;
    const count = enabledAt.filter((e) => e.has(a)).length;
    if (f === 1 && count === states.length) return bad(`weakly fair ${m.actionLabel[a]} is enabled at every state of the loop but never taken`);
    if (f === 2 && count > 0) return bad(`strongly fair ${m.actionLabel[a]} is enabled on the loop but never taken`);
  }
  const shape = stutter ? `then stutters at step ${n} forever` : `then repeats steps ${c.loop + 1}..${n} forever`;
  return { ok: true, value: `p holds at step ${c.pIndex}, q never holds after it, and the behaviour ${shape}, fairly` };
}

export interface MeasuredClaim {
  property: string;
  instance: number;
  pIndex: number;
  loop?: number;
  measured: Measured;
}

/**
 * Confirm a path that counts `measure` steps (a latency witness, or a bounded-response
 * counterexample): p and not q hold from `pIndex` to the state before the last (to the last, for
 * a lasso), and the steps taken from those states include `count` of the measured action (for a
 * `within` counterexample: `within + 1`, more than the property allows). An unbounded witness is a
 * lasso whose cycle takes a measured step inside p and not q, or, when it takes none, a lasso that
 * violates `p ~> q` (confirmLasso). The value is one sentence saying what was confirmed.
 */
export function confirmMeasured(m: CompiledModel, steps: readonly TraceStep[], c: MeasuredClaim): Result<string> {
  const x = c.measured;
  const bad = (why: string): Result<string> => ({
    ok: false,
    error: checkError('RC101', `the path does not show ${x.witness === true ? 'the latency it reports' : 'a violation'} of ${c.property}: ${why}`),
  });
  const prop = m.liveness.find((p) => p.name === c.property);
  if (prop === undefined) return { ok: false, error: checkError('RC005', `model ${m.id} has no liveness property '${c.property}'`) };
  if (prop.measure !== x.action) return bad(`it counts ${x.action}, but the property measures ${prop.measure ?? 'nothing'}`);
  const n = steps.length - 1;
  if (c.instance >= (prop.instances ?? 1)) return bad(`instance ${c.instance} does not exist`);
  if (c.pIndex > n || (c.loop !== undefined && c.loop > n)) return bad(`pIndex ${c.pIndex} or loop ${c.loop} is past the last step ${n}`);
  const inRegion = (i: number): boolean => prop.p(steps[i].state, c.instance) && !prop.q(steps[i].state, c.instance);
  const lasso = c.loop !== undefined;
  const end = lasso ? n : n - 1;
  for (let i = c.pIndex; i <= end; i++) if (!inRegion(i)) return bad(`p and not q do not hold at step ${i}`);
  const measuredIn = (from: number, to: number): number => steps.slice(from + 1, to + 1).filter((s) => s.name === x.action).length;
  if (x.within !== undefined) {
    if (x.witness === true || lasso) return bad('a bounded-response counterexample is a finite path');
    if (prop.within !== x.within) return bad(`it claims the bound ${x.within}, but the property allows ${prop.within ?? 'no bound'}`);
    const k = measuredIn(c.pIndex, n);
    if (k <= x.within) return bad(`it takes ${k} ${x.action} step(s) from step ${c.pIndex}, not more than ${x.within}`);
    return { ok: true, value: `p holds and q does not from step ${c.pIndex} to step ${n - 1}, and ${k} ${x.action} steps are taken from those states: more than ${x.within}` };
  }
  if (x.witness !== true) return bad('a measured path is a latency witness or a bounded-response counterexample');
  if (x.count !== 'unbounded') {
    if (lasso) return bad('a bounded latency witness is a finite path');
    const k = measuredIn(c.pIndex, n);
    if (k !== x.count) return bad(`it takes ${k} ${x.action} step(s) from step ${c.pIndex}, not ${x.count}`);
    return { ok: true, value: `${k} ${x.action} step(s) are taken from p-and-not-q states between step ${c.pIndex} and step ${n} (the reported worst case; this path attains it)` };
  }
  if (c.loop === undefined) return bad('an unbounded latency witness is a lasso');
  if (c.loop < n && measuredIn(c.loop, n) > 0) {
    const same = m.codec.encode(steps[n].state).every((v, i) => v === m.codec.encode(steps[c.loop!].state)[i]);
    if (!same) return bad(`the last state (step ${n}) is not the state of step ${c.loop} where the loop starts`);
    return { ok: true, value: `steps ${c.loop + 1}..${n} return to step ${c.loop} inside p and not q and take ${measuredIn(c.loop, n)} ${x.action} step(s): the count is unbounded` };
  }
  const r = confirmLasso(m, steps, { property: c.property, instance: c.instance, loop: c.loop, pIndex: c.pIndex });
  if (!r.ok) return r;
  return { ok: true, value: `unbounded (never): ${r.value}` };
}
