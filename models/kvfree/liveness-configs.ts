/**
 * The kvfree liveness configurations (issue #14): `eventual-free` checked on the small faithful
 * named configurations (each one's model and parameters, at most about 50k states: a liveness
 * check records the whole graph, one thread, no symmetry), plus the B2 pair (594aa5975b9b: v1
 * strands objects after a partial detach, v5.9 re-arms the monitor).
 *
 * Why this file exists: the proof plan (src/experiments/kvfree-plan.ts) and the pinned liveness
 * tests must run the same entries with the same expectations, and a liveness entry must take its
 * parameters from the safety configuration it shadows, never a copy of them.
 *
 * What it must not do: compute anything beyond looking a configuration up; it is data.
 */
import { V1_CONFIGS, V59_CONFIGS, V6_CONFIGS, type KvfreeModelParams } from './configs.js';

export type KvfreeLivenessConfig = KvfreeModelParams & {
  id: string;
  /** The named configuration it shadows (absent for the B2 pair). */
  of?: string;
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

/** Faithful configurations small enough for a liveness check, with the ones where eventual-free fails and why. */
const SHADOWED: readonly { id: string; violated?: string }[] = [
  ...[
    'v1-one-embedded',
    'v1-one-headless',
    'v1-one-headless-nodebug',
    'v1-small',
    'v1-two-embedded-nodebug',
    'v1-readers-shrinker',
    'v1-shrink-core',
    'v1-2cpu',
    'v1-2cpu-even',
    'v1-vmalloc',
    'v1-irqoff-headless',
    'v1-reader-headless',
    'v1-spinlock-headless',
    'v1-reader-embedded',
    'v1-sweep-two-headless',
    'v1-spontaneous-capacity2',
    'v1-2cpu-capacity2',
    'v1-rt-irqoff',
  ].map((id) => ({ id })),
  { id: 'v1-boot', violated: STRANDED_B3 },
  { id: 'v1-boot-headless', violated: STRANDED_B3 },
  ...[
    'v59-one-embedded',
    'v59-one-headless',
    'v59-small',
    'v59-two-embedded-nodebug',
    'v59-cache1',
    'v59-readers-shrinker',
    'v59-shrink-core',
    'v59-2cpu',
    'v59-irqoff-headless',
    'v59-sweep-small-noreader',
    'v59-vmalloc-spontaneous',
    'v59-rt-irqoff',
    'v59-rt-preempt-rt',
    'v511-rt-irqoff',
    'v511-rt-headless',
  ].map((id) => ({ id })),
  { id: 'v59-boot', violated: STRANDED_B3 },
  { id: 'v59-boot-headless', violated: STRANDED_B3 },
  ...[
    'v6-one-embedded',
    'v6-one-headless',
    'v6-small',
    'v6-spontaneous',
    'v6-2cpu',
    'v6-2cpu-even',
    'v6-vmalloc',
    'v6-refill',
    'v6-boot',
    'v6-dyn-head',
    'v6-capacity2',
    'v6-vmalloc-spontaneous',
    'v6-2cpu-capacity2',
    'v64-2cpu-headless',
    'v6-2cpu-headless',
    'v612-gpinit-headless',
    'v615-gpinit-headless',
    'v6-shrinker',
    'v615-shrinker',
    'v6-2cpu-headless-shrinker',
    'v615-destroy',
    'v615-destroy-reclaim',
  ].map((id) => ({ id })),
  { id: 'v6-dyn-head-low', violated: STRANDED_DYN },
  { id: 'v615-barrier-shrinker-embedded', violated: STRANDED_BARRIER },
];

const NAMED = [...V1_CONFIGS, ...V59_CONFIGS, ...V6_CONFIGS];

function shadow(id: string, violated: string | undefined): KvfreeLivenessConfig {
  const c = NAMED.find((x) => x.id === id);
  if (c === undefined) throw new Error(`liveness-configs: no named configuration ${id}`);
  const note =
    violated ??
    'liveness: every accepted object is eventually freed under weak fairness of the workqueue, timers, grace periods, callbacks, boot and in-call caller steps (one-thread exact BFS, no symmetry)';
  return { id: `${id}-eventual-free`, of: id, model: c.model, params: c.params, invariants: ['eventual-free'], violates: violated === undefined ? [] : ['eventual-free'], note } as KvfreeLivenessConfig;
}

export const KVFREE_LIVENESS_CONFIGS: readonly KvfreeLivenessConfig[] = [
  ...SHADOWED.map((s) => shadow(s.id, s.violated)),
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
