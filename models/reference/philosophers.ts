/**
 * Dining philosophers: the engine's reference model for state counts and deadlock detection.
 *
 * Philosopher i moves THINK -> LEFT (takes fork i if free) -> BOTH (takes fork (i+1) mod n if
 * free) -> EAT (no other change) -> THINK (releases both forks). Each arrow is one atomic
 * transition (interleaving semantics). The state where every philosopher holds its left fork is
 * a deadlock. bench/philosophers.pml is the same model in Promela, for SPIN's state counts.
 *
 * Liveness: every step is weakly fair, and `eventually-eats` (per philosopher: holding the left
 * fork ~> eating) fails: the deadlock stutters forever, so weak fairness forces nothing. It is
 * checked only when named (`--invariant eventually-eats`; liveness needs the whole graph).
 *
 * What it must not do: depend on the engine; it is plain model data.
 */
import { array, bool, enumOf, struct } from '../../src/model/shape.js';
import { defineModel, type ActionDef, type Property } from '../../src/model/types.js';

const Phase = enumOf(['THINK', 'LEFT', 'BOTH', 'EAT']);

export const philosophers = defineModel({
  id: 'philosophers',
  description: 'Dining philosophers (deadlocks when all hold their left fork)',
  params: { n: { description: 'number of philosophers', default: 6, min: 2, max: 16 } },
  propertyNames: ['eventually-eats'],
  build(params) {
    const n = params.n as number;
    const shape = struct({ phil: array(n, Phase), fork: array(n, bool()) });
    type S = { phil: ('THINK' | 'LEFT' | 'BOTH' | 'EAT')[]; fork: boolean[] };
    const ids = Array.from({ length: n }, (_, i) => i);
    const actor = (i: number): string => `phil${i}`;
    const actions: ActionDef<S, number>[] = [
      {
        name: 'take left',
        actor,
        params: ids,
        label: (i) => `phil${i}`,
        fair: 'weak',
        at: (i) => ({ leaf: `phil[${i}]`, is: 'THINK' }),
        enabled: (s, i) => s.phil[i] === 'THINK' && !s.fork[i],
        apply: (d, i) => {
          d.fork[i] = true;
          d.phil[i] = 'LEFT';
        },
      },
      {
        name: 'take right',
        actor,
        params: ids,
        label: (i) => `phil${i}`,
        fair: 'weak',
        at: (i) => ({ leaf: `phil[${i}]`, is: 'LEFT' }),
        enabled: (s, i) => s.phil[i] === 'LEFT' && !s.fork[(i + 1) % n],
        apply: (d, i) => {
          d.fork[(i + 1) % n] = true;
          d.phil[i] = 'BOTH';
        },
      },
      {
        name: 'eat',
        actor,
        params: ids,
        label: (i) => `phil${i}`,
        fair: 'weak',
        at: (i) => ({ leaf: `phil[${i}]`, is: 'BOTH' }),
        enabled: (s, i) => s.phil[i] === 'BOTH',
        apply: (d, i) => {
          d.phil[i] = 'EAT';
        },
      },
      {
        name: 'release',
        actor,
        params: ids,
        label: (i) => `phil${i}`,
        fair: 'weak',
        at: (i) => ({ leaf: `phil[${i}]`, is: 'EAT' }),
        enabled: (s, i) => s.phil[i] === 'EAT',
        apply: (d, i) => {
          d.fork[i] = false;
          d.fork[(i + 1) % n] = false;
          d.phil[i] = 'THINK';
        },
      },
    ];
    const init: S = { phil: ids.map(() => 'THINK' as const), fork: ids.map(() => false) };
    const eventuallyEats: Property<S> = {
      kind: 'leadsTo',
      name: 'eventually-eats',
      description: 'a philosopher holding its left fork eventually eats',
      instances: n,
      p: (s, i) => s.phil[i] === 'LEFT',
      q: (s, i) => s.phil[i] === 'EAT',
      explain: (_s, i) => `phil${i} holds its left fork but never eats`,
    };
    return {
      shape,
      init: [init],
      actions,
      properties: [eventuallyEats],
      // No state is a valid end: philosophers think, eat and think again forever, so a state with
      // no enabled action (every philosopher holding its left fork) is reported as a deadlock.
      validEnd: () => false,
    };
  },
});
