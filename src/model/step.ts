/**
 * The reference interpreter: runs a model's recipes with immer on plain objects.
 *
 * Why this file exists: traces, replay, reports and tests need readable states and an
 * independent check of the packed explorer. Both interpreters run the same `apply` recipe; a
 * fast-check property (test/model/step.test.ts) shows they produce the same successor.
 *
 * What it must not do: be used by the explorer's hot loop (immer costs microseconds per step).
 */
import { Immer } from 'immer';
import type { CompiledModel } from './compile.js';

const engineImmer = new Immer({ autoFreeze: false });
const frozenImmer = new Immer({ autoFreeze: true });

/** Is action `a` enabled in plain state `s`? */
export function enabledPlain(m: CompiledModel, s: unknown, a: number): boolean {
  return m.guards[a](s, m.actionParam[a]);
}

/** The successor of plain state `s` under action `a` (which must be enabled). */
export function stepPlain(m: CompiledModel, s: unknown, a: number, freeze = false): unknown {
  const im = freeze ? frozenImmer : engineImmer;
  return im.produce(s, (d: unknown) => {
    m.applies[a](d, m.actionParam[a]);
  });
}

/** Ids of the actions enabled in plain state `s`, in order. */
export function enabledActions(m: CompiledModel, s: unknown): number[] {
  const out: number[] = [];
  for (let a = 0; a < m.guards.length; a++) if (enabledPlain(m, s, a)) out.push(a);
  return out;
}
