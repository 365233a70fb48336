/**
 * Peterson's filter lock for n processes: the engine's reference model for a safety property.
 *
 * Process i has a local level L (0 when idle) and a location; the shared arrays are `level[n]`
 * and `victim[n]` (victim[0] is never written: levels run from 1 to n-1). Every arrow is one
 * atomic transition (interleaving semantics):
 *   NCS -> VICTIM       L := 1, level[i] := 1
 *   VICTIM -> WAIT      victim[L] := i
 *   WAIT -> SETLEVEL    when (every other k has level[k] < L, or victim[L] != i) and L < n-1: L := L+1
 *   WAIT -> CS          when (the same guard) and L = n-1
 *   SETLEVEL -> VICTIM  level[i] := L
 *   CS -> NCS           level[i] := 0, L := 0
 * The WAIT guard is one atomic test over all other processes. Invariant: at most one process is
 * in CS. With `mutate=1` the WAIT guard is replaced by `true`, so two processes can reach CS:
 * the engine's own fixture for a safety violation with a trace.
 * bench/peterson.pml is the same model in Promela, for SPIN's state counts.
 *
 * Liveness: every step except leaving the non-critical section (`start`) is weakly fair, and
 * `starvation-free` (per process: trying ~> critical, trying = VICTIM, WAIT or SETLEVEL) holds:
 * a process waiting at level L can be blocked only while victim[L] = i and another process is at
 * level >= L; nobody else can write i into victim[L], a newcomer to level L writes itself, and
 * the processes above L leave (by induction from the top level), so the guard is eventually true
 * forever and weak fairness makes it pass. Checked only when named (`--invariant starvation-free`).
 *
 * Symmetry: processes are interchangeable, renamed together with the victim values that name
 * them, except p0: every victim[] starts as 0 (as in the Promela twin), which names p0, so only
 * permutations that fix p0 map the initial state to itself. The group is every permutation of
 * p1..p(n-1): (n-1)! elements.
 *
 * What it must not do: depend on the engine; it is plain model data.
 */
import { array, enumOf, int, struct } from '../../src/model/shape.js';
import { defineModel, type ActionDef, type Permutation, type Property, type Symmetry } from '../../src/model/types.js';

const Loc = enumOf(['NCS', 'VICTIM', 'WAIT', 'SETLEVEL', 'CS']);
type LocT = 'NCS' | 'VICTIM' | 'WAIT' | 'SETLEVEL' | 'CS';

export const peterson = defineModel({
  id: 'peterson',
  description: "Peterson's filter lock for n processes (mutate=1 breaks the wait guard)",
  params: {
    n: { description: 'number of processes', default: 3, min: 2, max: 6 },
    mutate: { description: '1 replaces the WAIT guard by true (mutual exclusion then fails)', default: 0, values: [0, 1] },
  },
  propertyNames: ['mutual-exclusion', 'starvation-free'],
  build(params) {
    const n = params.n as number;
    const mutate = params.mutate === 1;
    const shape = struct({
      proc: array(n, struct({ loc: Loc, L: int(0, n - 1) })),
      level: array(n, int(0, n - 1)),
      victim: array(n, int(0, n - 1)),
    });
    type S = { proc: { loc: LocT; L: number }[]; level: number[]; victim: number[] };
    const ids = Array.from({ length: n }, (_, i) => i);
    const actor = (i: number): string => `p${i}`;
    const label = (i: number): string => `p${i}`;
    /** The filter lock's wait condition for process i at its level L (one atomic test). */
    const mayPass = (s: Readonly<S>, i: number): boolean => {
      if (mutate) return true;
      const L = s.proc[i].L;
      if (s.victim[L] !== i) return true;
      for (let k = 0; k < n; k++) if (k !== i && s.level[k] >= L) return false;
      return true;
    };
    const actions: ActionDef<S, number>[] = [
      {
        name: 'start', // NCS -> VICTIM
        actor,
        params: ids,
        label,
        // Unfair: a process may stay in its non-critical section forever.
        at: (i) => ({ leaf: `proc[${i}].loc`, is: 'NCS' }),
        enabled: (s, i) => s.proc[i].loc === 'NCS',
        apply: (d, i) => {
          d.proc[i].L = 1;
          d.level[i] = 1;
          d.proc[i].loc = 'VICTIM';
        },
      },
      {
        name: 'set victim', // VICTIM -> WAIT
        actor,
        params: ids,
        label,
        fair: 'weak',
        at: (i) => ({ leaf: `proc[${i}].loc`, is: 'VICTIM' }),
        enabled: (s, i) => s.proc[i].loc === 'VICTIM',
        apply: (d, i) => {
          d.victim[d.proc[i].L] = i;
          d.proc[i].loc = 'WAIT';
        },
      },
      {
        name: 'pass level', // WAIT -> SETLEVEL
        actor,
        params: ids,
        label,
        fair: 'weak',
        at: (i) => ({ leaf: `proc[${i}].loc`, is: 'WAIT' }),
        enabled: (s, i) => s.proc[i].loc === 'WAIT' && s.proc[i].L < n - 1 && mayPass(s, i),
        apply: (d, i) => {
          d.proc[i].L = d.proc[i].L + 1;
          d.proc[i].loc = 'SETLEVEL';
        },
      },
      {
        name: 'enter cs', // WAIT -> CS
        actor,
        params: ids,
        label,
        fair: 'weak',
        at: (i) => ({ leaf: `proc[${i}].loc`, is: 'WAIT' }),
        enabled: (s, i) => s.proc[i].loc === 'WAIT' && s.proc[i].L === n - 1 && mayPass(s, i),
        apply: (d, i) => {
          d.proc[i].loc = 'CS';
        },
      },
      {
        name: 'set level', // SETLEVEL -> VICTIM
        actor,
        params: ids,
        label,
        fair: 'weak',
        at: (i) => ({ leaf: `proc[${i}].loc`, is: 'SETLEVEL' }),
        enabled: (s, i) => s.proc[i].loc === 'SETLEVEL',
        apply: (d, i) => {
          d.level[i] = d.proc[i].L;
          d.proc[i].loc = 'VICTIM';
        },
      },
      {
        name: 'exit cs', // CS -> NCS
        actor,
        params: ids,
        label,
        fair: 'weak',
        at: (i) => ({ leaf: `proc[${i}].loc`, is: 'CS' }),
        enabled: (s, i) => s.proc[i].loc === 'CS',
        apply: (d, i) => {
          d.level[i] = 0;
          d.proc[i].L = 0;
          d.proc[i].loc = 'NCS';
        },
      },
    ];
    const inCs = (s: Readonly<S>): number[] => ids.filter((i) => s.proc[i].loc === 'CS');
    const init: S = {
      proc: ids.map(() => ({ loc: 'NCS' as const, L: 0 })),
      level: ids.map(() => 0),
      victim: ids.map(() => 0),
    };
    const mutualExclusion: Property<S> = {
      kind: 'invariant',
      name: 'mutual-exclusion',
      description: 'at most one process is in its critical section',
      holds: (s) => {
        let c = 0;
        for (let i = 0; i < n; i++) if (s.proc[i].loc === 'CS') c++;
        return c <= 1;
      },
      explain: (s) => `${inCs(s).map((i) => `p${i}`).join(' and ')} are in the critical section at the same time`,
    };
    const trying = (s: Readonly<S>, i: number): boolean => s.proc[i].loc === 'VICTIM' || s.proc[i].loc === 'WAIT' || s.proc[i].loc === 'SETLEVEL';
    const starvationFree: Property<S> = {
      kind: 'leadsTo',
      name: 'starvation-free',
      description: 'a process trying to enter its critical section eventually enters it',
      instances: n,
      p: trying,
      q: (s, i) => s.proc[i].loc === 'CS',
      explain: (_s, i) => `p${i} is trying to enter its critical section but never does`,
    };
    return {
      shape,
      init: [init],
      actions,
      properties: [mutualExclusion, starvationFree],
      symmetry: processSymmetry(n),
      // The filter lock is deadlock-free: every state has an enabled action (a process in CS can
      // leave; otherwise the highest waiting process passes). No state is a valid end, so a dead
      // state would be reported as a deadlock, which would be a modelling bug.
      validEnd: () => false,
    };
  },
});

type PetersonState = { proc: { loc: LocT; L: number }[]; level: number[]; victim: number[] };

/** Every permutation of 1..n-1 (p0 fixed), identity excluded, as state renamings. */
function processSymmetry(n: number): Symmetry<PetersonState> {
  const perms: number[][] = [];
  const rest = (xs: number[]): number[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => rest([...xs.slice(0, i), ...xs.slice(i + 1)]).map((r) => [x, ...r])));
  for (const r of rest(Array.from({ length: n - 1 }, (_, i) => i + 1))) {
    const pi = [0, ...r];
    if (pi.some((v, i) => v !== i)) perms.push(pi);
  }
  const elements = perms.map(
    (pi): Permutation<PetersonState> => ({
      name: `rename ${pi.map((v, i) => (v === i ? '' : `p${i}->p${v}`)).filter((x) => x !== '').join(' ')}`,
      apply: (s, d) => {
        for (let i = 0; i < n; i++) {
          d.proc[pi[i]].loc = s.proc[i].loc;
          d.proc[pi[i]].L = s.proc[i].L;
          d.level[pi[i]] = s.level[i];
          d.victim[i] = pi[s.victim[i]];
        }
      },
      complete: true,
    }),
  );
  return { description: `processes p1..p${n - 1} (with the victim values naming them)`, elements };
}
