/**
 * The data-race check (`rcucheck check --races`): KCSAN's run-time sampling made exhaustive.
 *
 * Why this file exists: a model may label its steps with the memory accesses they make
 * (`ActionDef.accesses`: location, read or write, plain or marked, locks held). Two accesses
 * race when they are to the same location, by different actors, at least one a write and at
 * least one plain, with no lock in common, and both steps are enabled in some reachable state
 * (so some interleaving runs them back to back). This module turns every such candidate pair of
 * labels into one invariant, "no state enables both": the ordinary search then finds the first
 * (with BFS the shortest) trace to a state where both are enabled, collect mode reports each
 * once, and trace files and `rcucheck replay` treat it as any invariant (replay rebuilds the same
 * invariants from the property's `race ` prefix, `isRaceProperty`).
 *
 * Candidates are grouped by location and the two labelled steps (action name, read/write, mode,
 * locks): one invariant per group, so a race is reported once per location pair, not once per
 * parameter value.
 *
 * What it must not do: change the model's actions, state or properties (the invariants are added
 * to the compiled model only, so the model fingerprint, which hashes `instance.properties`, is
 * unchanged), or run a search.
 */
import type { CompiledModel } from './compile.js';
import type { Access, Property, RO } from './types.js';

// Compiled models are heterogeneous (compile.ts).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyState = any;

/** Every race invariant's name starts with this. */
export const RACE_PREFIX = 'race ';

export function isRaceProperty(name: string): boolean {
  return name.startsWith(RACE_PREFIX);
}

/** One access of one action id, with its parameter-dependent parts resolved. */
export interface ResolvedAccess {
  readonly loc: string;
  readonly kind: 'read' | 'write';
  readonly mode: 'plain' | 'marked';
  readonly locks: readonly string[];
  readonly cite?: string;
  readonly when?: (s: RO<AnyState>, p: unknown) => boolean;
}

/** One racing pair of labels, as the report and the story name it. */
export interface RaceInfo {
  readonly loc: string;
  readonly a: { readonly name: string; readonly access: ResolvedAccess };
  readonly b: { readonly name: string; readonly access: ResolvedAccess };
  /** The action ids (different actors) and their accesses whose joint enabling is the race. */
  readonly pairs: readonly RacePair[];
}

/** Two action ids, each with the access it makes (`when` is checked with its guard). */
export interface RacePair {
  readonly i: number;
  readonly j: number;
  readonly x: ResolvedAccess;
  readonly y: ResolvedAccess;
}

/** A race invariant: an invariant plus what it is about and its story at a trace's step n. */
export type RaceInvariant = Extract<Property<AnyState>, { kind: 'invariant' }> & {
  readonly race: RaceInfo;
  /** The story of the race in a state reached after step `n`. */
  readonly story: (s: RO<AnyState>, n?: number) => string;
};

export function isRaceInvariant(p: unknown): p is RaceInvariant {
  return typeof p === 'object' && p !== null && 'race' in p && 'story' in p;
}

/** Per action id (compile.ts order), the step's accesses with `loc` and `locks` resolved. */
export function actionAccesses(m: CompiledModel): ResolvedAccess[][] {
  const out: ResolvedAccess[][] = [];
  for (const a of m.instance.actions) {
    const ps: readonly unknown[] = a.params ?? [undefined];
    for (const p of ps) {
      out.push(
        ((a.accesses ?? []) as readonly Access<AnyState, unknown>[]).map((x) => ({
          loc: typeof x.loc === 'function' ? x.loc(p) : x.loc,
          kind: x.kind,
          mode: x.mode,
          locks: [...(typeof x.locks === 'function' ? x.locks(p) : (x.locks ?? []))].sort(),
          ...(x.cite === undefined ? {} : { cite: x.cite }),
          ...(x.when === undefined ? {} : { when: x.when }),
        })),
      );
    }
  }
  if (out.length !== m.actionName.length) throw new Error(`races: ${out.length} labelled action ids, the compiled model has ${m.actionName.length}`);
  return out;
}

/** Whether two accesses conflict: same location, one a write, one plain, no lock in common. */
export function conflicts(x: ResolvedAccess, y: ResolvedAccess): boolean {
  if (x.loc !== y.loc) return false;
  if (x.kind !== 'write' && y.kind !== 'write') return false;
  if (x.mode !== 'plain' && y.mode !== 'plain') return false;
  return !x.locks.some((l) => y.locks.includes(l));
}

function signature(name: string, x: ResolvedAccess): string {
  return JSON.stringify([name, x.kind, x.mode, x.locks]);
}

/** Every candidate race of a compiled model, grouped, in a deterministic order. */
export function raceCandidates(m: CompiledModel): RaceInfo[] {
  const acc = actionAccesses(m);
  const groups = new Map<string, { loc: string; a: RaceInfo['a']; b: RaceInfo['b']; pairs: RacePair[] }>();
  for (let i = 0; i < acc.length; i++) {
    for (let j = i + 1; j < acc.length; j++) {
      if (m.actionActor[i] === m.actionActor[j]) continue;
      for (const x of acc[i]) {
        for (const y of acc[j]) {
          if (!conflicts(x, y)) continue;
          let first = { name: m.actionName[i], access: x, id: i };
          let second = { name: m.actionName[j], access: y, id: j };
          // A write first, then by signature: the same two labels give one key whichever id came first.
          const sa = signature(first.name, first.access);
          const sb = signature(second.name, second.access);
          if ((first.access.kind === 'read' && second.access.kind === 'write') || (first.access.kind === second.access.kind && sb < sa)) {
            [first, second] = [second, first];
          }
          const key = JSON.stringify([x.loc, signature(first.name, first.access), signature(second.name, second.access)]);
          let g = groups.get(key);
          if (g === undefined) {
            g = { loc: x.loc, a: { name: first.name, access: first.access }, b: { name: second.name, access: second.access }, pairs: [] };
            groups.set(key, g);
          }
          g.pairs.push({ i: first.id, j: second.id, x: first.access, y: second.access });
        }
      }
    }
  }
  return [...groups.values()];
}

function holding(locks: readonly string[]): string {
  return locks.length === 0 ? 'without a lock' : `holding ${locks.join(' and ')}`;
}

function verb(x: ResolvedAccess): string {
  return `${x.kind === 'write' ? 'writes' : 'reads'}${x.mode === 'marked' ? ' (marked)' : ''}`;
}

/** The race invariants of a model's labels (empty when no step is labelled). */
export function raceInvariants(m: CompiledModel): RaceInvariant[] {
  const used = new Set<string>();
  return raceCandidates(m).map((r) => {
    const base = `${RACE_PREFIX}${r.loc}: ${r.a.name} (${r.a.access.kind}) / ${r.b.name} (${r.b.access.kind})`;
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base} #${k}`;
    used.add(name);
    const makes = (id: number, x: ResolvedAccess, s: RO<AnyState>): boolean =>
      m.guards[id](s, m.actionParam[id]) && (x.when === undefined || x.when(s, m.actionParam[id]));
    const enabledPair = (s: RO<AnyState>): RacePair | undefined => r.pairs.find((p) => makes(p.i, p.x, s) && makes(p.j, p.y, s));
    const step = (id: number): string => `${m.actionLabel[id]}, ${m.actionActor[id]}`;
    const story = (s: RO<AnyState>, n?: number): string => {
      const p = enabledPair(s);
      if (p === undefined) return `no pair of ${r.a.name} and ${r.b.name} is enabled here`;
      const { i, j } = p;
      const cite = (x: ResolvedAccess): string => (x.cite === undefined ? '' : ` [${x.cite}]`);
      const at = n === undefined ? 'both are enabled: ' : `after step ${n} both are enabled: step ${n + 1} `;
      const order = n === undefined ? 'they can run back to back in either order' : `either runs as step ${n + 1} and the other as step ${n + 2}`;
      return (
        `${at}(${step(i)}) ${verb(r.a.access)} ${r.loc} ${holding(r.a.access.locks)}${cite(r.a.access)} ` +
        `while (${step(j)}) ${verb(r.b.access)} it ${holding(r.b.access.locks)}${cite(r.b.access)}; ` +
        `no lock orders them, so ${order}: a data race`
      );
    };
    return {
      kind: 'invariant' as const,
      name,
      description:
        `no data race on ${r.loc}: ${r.a.name} ${verb(r.a.access)} it ${holding(r.a.access.locks)} and ${r.b.name} ` +
        `${verb(r.b.access)} it ${holding(r.b.access.locks)} (different actors, no lock in common, at least one plain) are never both enabled`,
      holds: (s: RO<AnyState>) => enabledPair(s) === undefined,
      explain: (s: RO<AnyState>) => story(s),
      race: r,
      story,
    };
  });
}

/** The compiled model with its race invariants added (properties, actions and fingerprint unchanged). */
export function withRaces(m: CompiledModel): CompiledModel {
  return { ...m, invariants: [...m.invariants, ...raceInvariants(m)] };
}
