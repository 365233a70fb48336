/**
 * The kvfree liveness configurations (issue #14): `eventual-free` checked on every kvfree
 * configuration of the proof plan, faithful and mutation (each one's model and parameters; a
 * liveness check records the whole graph, one thread, no symmetry: the largest, v615-2cpu-barrier,
 * is 460k states and about 6 s), plus the B2 pair (594aa5975b9b: v1 strands objects after a
 * partial detach, v5.9 re-arms the monitor).
 *
 * Why this file exists: the proof plan (src/experiments/kvfree-plan.ts) and the pinned liveness
 * tests must run the same entries with the same expectations, and a liveness entry must take its
 * parameters from the safety configuration it shadows, never a copy of them.
 *
 * What it must not do: compute anything beyond looking a configuration up; it is data.
 */
import { V1_CONFIGS, V1_MUTATIONS, V59_CONFIGS, V59_MUTATIONS, V6_CONFIGS, V6_MUTATIONS, type KvfreeModelParams } from './configs.js';

export type KvfreeLivenessConfig = KvfreeModelParams & {
  id: string;
  /** The named configuration it shadows (absent for the B2 pair). */
  of?: string;
  /** It shadows a mutation (bug-seeded) configuration. */
  mutation?: boolean;
  invariants: readonly string[];
  violates: readonly string[];
  note: string;
};

const NO_READER = { readers: 0, debug: 0 } as const;

const STRANDED_B3 =
  'B3 as a liveness violation: the object sits on a bulk page of a krcp whose monitor nobody arms, and the run ends there (the lasso stutters in the quiescent state no-leak reports)';
const STRANDED_BARRIER =
  "the v615-barrier finding as a liveness violation: an object queued after kvfree_rcu_barrier()'s first loop passed its krcp loses its monitor arm to the second loop's cancel_delayed_work_sync(), and nothing fair re-arms it (the shrinker, which could, is not fair)";
const STRANDED_DYN =
  'the dyn-head tag misread for an object below 4096 (no-leak in the safety entry): the object is dropped from every list and the run ends without freeing it';

const MUTANT_LEAK =
  "the mutation's leak (no-leak in its safety entry) as a liveness violation: the seeded bug drops or strands an object, and the run ends without freeing it (the lasso stutters in the quiescent state no-leak reports)";
const MUTANT_DEADLOCK =
  'the mutation leaves a krcp lock held (its safety entry: context, no-leak): every step that would free the object waits for that lock, and the run stutters with the object unfreed';

/**
 * Where eventual-free fails, and why; every other plan configuration holds it. A quiescent leak
 * (no-leak in the safety entry) is a stuttering lasso, so each of those is listed here (the test
 * in test/models/kvfree-liveness.test.ts checks the two lists agree).
 */
const VIOLATED: Readonly<Record<string, string>> = {
  'v1-boot': STRANDED_B3,
  'v1-boot-headless': STRANDED_B3,
  'v59-boot': STRANDED_B3,
  'v59-boot-headless': STRANDED_B3,
  'v6-dyn-head-low': STRANDED_DYN,
  'v615-barrier': STRANDED_BARRIER,
  'v615-2cpu-barrier': STRANDED_BARRIER,
  'v615-barrier-shrinker-embedded': STRANDED_BARRIER,
  'v1-mut-skip-untag': MUTANT_LEAK,
  'v1-mut-kfree-vmalloc': MUTANT_LEAK,
  'v1-mut-no-unlock': MUTANT_DEADLOCK,
  'v1-mut-leak-batch': MUTANT_LEAK,
  'v59-mut-leak-batch': MUTANT_LEAK,
  'v59-mut-kfree-vmalloc': MUTANT_LEAK,
  'v6-mut-no-gp-wait': MUTANT_LEAK,
  'v6-mut-drain-no-poll': MUTANT_LEAK,
  'v6-mut-busy-batch': MUTANT_LEAK,
  'v6-f32276a37652-mut-drain-no-poll': MUTANT_LEAK,
  'v6-1e237994d9c9-mut-drain-no-poll': MUTANT_LEAK,
};

/** Every kvfree plan configuration, faithful and mutation, in plan order: each has a liveness entry. */
const NAMED = [...V1_CONFIGS, ...V1_MUTATIONS, ...V59_CONFIGS, ...V59_MUTATIONS, ...V6_CONFIGS, ...V6_MUTATIONS];

for (const id of Object.keys(VIOLATED)) if (!NAMED.some((c) => c.id === id)) throw new Error(`liveness-configs: no named configuration ${id}`);

function shadow(c: (typeof NAMED)[number]): KvfreeLivenessConfig {
  const violated = VIOLATED[c.id];
  const note =
    violated ??
    'liveness: every accepted object is eventually freed under weak fairness of the workqueue, timers, grace periods, callbacks, boot and in-call caller steps (one-thread exact BFS, no symmetry)';
  return {
    id: `${c.id}-eventual-free`,
    of: c.id,
    model: c.model,
    params: c.params,
    ...(c.mutation === true ? { mutation: true } : {}),
    invariants: ['eventual-free'],
    violates: violated === undefined ? [] : ['eventual-free'],
    note,
  } as KvfreeLivenessConfig;
}

export const KVFREE_LIVENESS_CONFIGS: readonly KvfreeLivenessConfig[] = [
  ...NAMED.map(shadow),
  {
    id: 'b2-v1-eventual-free',
    model: 'kvfree-v1',
    params: { objects: 'e,e,e,e', ...NO_READER },
    invariants: ['eventual-free'],
    violates: ['eventual-free'],
    note:
      'B2 (594aa5975b9b, v1 to v5.8) as a liveness violation: after a partial detach (one channel taken by a batch, another left because its slot in both batches was busy) the monitor is not re-armed, so the object left on ch3 is never freed',
  },
  {
    id: 'b2-v59-eventual-free',
    model: 'kvfree-v5.9',
    params: { objects: 'e,e,e,e', ...NO_READER },
    invariants: ['eventual-free'],
    violates: [],
    note: 'B2 fixed (v5.9 re-arms the monitor while any channel is busy): every accepted object is eventually freed at the bounds where v1 strands one',
  },
];
