/**
 * Replay: rebuild a readable trace from action ids by re-executing the model from its initial
 * state with the reference (immer) interpreter.
 *
 * Why this file exists: the engine stores only parent pointers and action ids (rule 4). Replay
 * turns them into plain states, and checks at each step that the action is enabled and that the
 * reference successor encodes to exactly the words the explorer stored. A mismatch means the
 * model is not deterministic (or the two interpreters disagree) and is reported as RC100.
 *
 * What it must not do: run inside the explorer's hot loop.
 */
import type { CompiledModel, Result } from '../model/compile.js';
import { enabledPlain, stepPlain } from '../model/step.js';
import { checkError } from '../base/errors.js';

export interface TraceStep {
  /** 0 for the initial state. */
  index: number;
  /** Action id, or -1 for the initial state. */
  actionId: number;
  /** Full label (`C3 add_ptr_to_bulk [cpu=0]`), or `init`. */
  action: string;
  name: string;
  actor: string;
  choice: string;
  state: unknown;
}

export interface Path {
  init: number;
  actions: readonly number[];
  expected?: readonly Int32Array[];
}

function sameWords(got: Int32Array, want: Int32Array): boolean {
  if (want.length !== got.length) return false;
  for (let i = 0; i < got.length; i++) if (got[i] !== want[i]) return false;
  return true;
}

const CAUSES =
  'usual causes: iteration over a Map/Set or object keys in insertion order that differs between runs, ' +
  'Math.random(), Date.now(), state kept outside the draft (closures, module variables), or a recipe that ' +
  'behaves differently on a packed view than on a plain object';

/** Re-execute `path` and return the plain-state trace, or RC101 (divergence) / RC100 (nondeterminism). */
export function replayPath(m: CompiledModel, path: Path): Result<TraceStep[]> {
  if (path.init < 0 || path.init >= m.instance.init.length) {
    return { ok: false, error: checkError('RC101', `trace starts from initial state ${path.init}, but the model has ${m.instance.init.length}`) };
  }
  let state: unknown = m.instance.init[path.init];
  const steps: TraceStep[] = [{ index: 0, actionId: -1, action: 'init', name: 'init', actor: 'init', choice: '', state }];
  const check = (i: number): Result<null> => {
    const want = path.expected?.[i];
    if (want === undefined) return { ok: true, value: null };
    const got = m.codec.encode(state);
    if (!sameWords(got, want)) {
      const what = i === 0 ? 'the initial state' : `step ${i} (${m.actionLabel[path.actions[i - 1]]})`;
      return {
        ok: false,
        error: checkError('RC100', `replay of ${what} does not reproduce the state the explorer stored; ${CAUSES}`),
      };
    }
    return { ok: true, value: null };
  };
  const c0 = check(0);
  if (!c0.ok) return c0;
  for (let i = 0; i < path.actions.length; i++) {
    const a = path.actions[i];
    if (!Number.isInteger(a) || a < 0 || a >= m.actionLabel.length) {
      return { ok: false, error: checkError('RC101', `step ${i + 1}: unknown action id ${a}`) };
    }
    if (!enabledPlain(m, state, a)) {
      return { ok: false, error: checkError('RC101', `step ${i + 1}: action ${m.actionLabel[a]} is not enabled in the state reached so far`) };
    }
    state = stepPlain(m, state, a);
    steps.push({
      index: i + 1,
      actionId: a,
      action: m.actionLabel[a],
      name: m.actionName[a],
      actor: m.actionActor[a],
      choice: m.actionChoice[a],
      state,
    });
    const c = check(i + 1);
    if (!c.ok) return c;
  }
  return { ok: true, value: steps };
}
