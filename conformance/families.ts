/**
 * The action families of kvfree-v6 and which of them the conformance replay drove (issue 29:
 * "every action family of the faithful kvfree-v6 configurations for that version is driven
 * against the code at least once").
 *
 * Why this file exists: the replay's figures must show, per family, how many model steps were
 * compared with the code, and the run must fail when a family of the faithful configurations was
 * never driven. The required families are not typed here: they are read from the model itself
 * (every action name of kvfree-v6 at kernel=v6.15, mutation=none, tag=none, with each optional
 * actor on), so a family the model gains is required at once.
 *
 * What it must not do: change the model, run it (it only builds its action list), or count a
 * step as driven when its state was not compared (conformance/from-trace.ts comparedActions).
 */
import { buildModel } from '../src/model/compile.js';
import { kvfreeV6 } from '../models/kvfree/v6.js';
import { CODE_KERNEL } from './from-trace.js';

/** Families by the leading word of the action name (models/kvfree/: C0/C/C8 callers, G ..., T teardown). */
const BY_PREFIX: readonly [string, string][] = [
  ['unpublish', 'client: unpublish'],
  ['R', 'client: readers'],
  ['C0', 'caller'],
  ['C', 'caller'],
  ['C8', 'caller'],
  ['G', 'grace period and workqueue'],
  ['GI', 'gpinit'],
  ['M0', 'monitor'],
  ['M', 'monitor'],
  ['W0', 'batch work'],
  ['W1', 'batch work'],
  ['W', 'batch work'],
  ['S', 'shrinker'],
  ['T', 'teardown'],
  ['B', 'boot'],
  ['refill', 'refill'],
];

/** The family of an action name (a label's name part), or `other: <word>`. */
export function familyOf(name: string): string {
  const base = name.replace(/ \[.*\]$/, '');
  const word = base.split(' ')[0];
  return BY_PREFIX.find(([p]) => p === word)?.[1] ?? `other: ${word}`;
}

/** The faithful kvfree-v6 configurations at CODE_KERNEL whose action names make the required list. */
export const FAITHFUL_CONFIGS: readonly Record<string, string | number>[] = (['barrier', 'destroy'] as const).flatMap((teardown) =>
  [0, 1].flatMap((shrinker) =>
    [1, 2].map((cpus) => ({ kernel: CODE_KERNEL, mutation: 'none', tag: 'none', cpus, objects: 'h,e', shrinker, teardown, boot: 'boot', gpinit: 1, refill: 1, readers: 1 })),
  ),
);

/** Every action name of the faithful configurations (sorted, distinct). */
export function faithfulActionNames(): string[] {
  const names = new Set<string>();
  for (const params of FAITHFUL_CONFIGS) {
    const m = buildModel(kvfreeV6, params);
    if (!m.ok) throw new Error(`kvfree-v6 ${JSON.stringify(params)}: ${JSON.stringify(m.error)}`);
    for (const n of m.value.actionName) names.add(n);
  }
  return [...names].sort();
}

export interface Coverage {
  /** Per family: the steps compared (0 = never driven), required families first-class. */
  families: { family: string; required: boolean; steps: number }[];
  /** Per action name of the faithful configurations: the steps compared. */
  actions: { name: string; family: string; steps: number }[];
  /** Required families with no compared step. */
  missing: string[];
}

/** Count the compared steps (action labels) per family and per action name. */
export function coverage(comparedLabels: readonly string[], required: readonly string[] = faithfulActionNames()): Coverage {
  const perName = new Map<string, number>();
  for (const l of comparedLabels) {
    const n = l.replace(/ \[.*\]$/, '');
    perName.set(n, (perName.get(n) ?? 0) + 1);
  }
  const reqFamilies = new Set(required.map(familyOf));
  const famSteps = new Map<string, number>();
  for (const f of reqFamilies) famSteps.set(f, 0);
  for (const [n, k] of perName) famSteps.set(familyOf(n), (famSteps.get(familyOf(n)) ?? 0) + k);
  const families = [...famSteps.entries()].map(([family, steps]) => ({ family, required: reqFamilies.has(family), steps })).sort((a, b) => a.family.localeCompare(b.family));
  const actions = required.map((name) => ({ name, family: familyOf(name), steps: perName.get(name) ?? 0 }));
  return { families, actions, missing: families.filter((f) => f.required && f.steps === 0).map((f) => f.family) };
}
