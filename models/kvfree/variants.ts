/**
 * The one registry of kvfree protocol variants: for each, its model, its named configurations
 * (faithful and mutation) and its published report family with the report's title and
 * introduction. The model registry, the report families, the tagging matrix, the proof plan's
 * kvfree entries and the trace stories all read it; a new variant is its model file plus one
 * entry here (and its configurations).
 *
 * Why this file exists: adding a variant used to touch about nine places that each listed the
 * variants again; lists that can disagree did.
 *
 * What it must not do: compute anything; import anything but the variants' model definitions and
 * their configurations.
 */
import type { ModelDef } from '../../src/model/types.js';
import type { Variant } from './common/kstate.js';
import { kvfreeV1, kvfreeV59 } from './classic-accesses.js';
import { kvfreeV6 } from './v6-accesses.js';
import { V1_CONFIGS, V1_MUTATIONS, V59_CONFIGS, V59_MUTATIONS, V6_CONFIGS, V6_MUTATIONS, type KvfreeConfig, type KvfreeModelParams } from './configs.js';

export interface KvfreeVariant {
  variant: Variant;
  model: KvfreeModelParams['model'];
  def: ModelDef;
  /** The published report's title and introduction. */
  title: string;
  intro: string;
  /** The report family (`rcucheck report <family>`, reports/<family>.md). */
  family: string;
  configs: readonly KvfreeConfig[];
  mutations: readonly KvfreeConfig[];
  /** The report's race table (`--races` on the faithful configurations): which accesses are labelled, where a known race shows. Only for a model that labels accesses. */
  racesNote?: string;
}

export const KVFREE_VARIANTS: readonly KvfreeVariant[] = [
  {
    variant: 'v1',
    model: 'kvfree-v1',
    def: kvfreeV1,
    family: 'kvfree-v1',
    configs: V1_CONFIGS,
    mutations: V1_MUTATIONS,
    title: "kvfree-v1: the seed series' kvfree_call_rcu(), checked exhaustively",
    intro:
      "Model: `models/kvfree/v1.ts` (v1's rules on the classic base `models/kvfree/classic.ts`), every step of docs/protocol.md §2 (C0-C8, M0-M3, W0-W4, grace periods, readers, " +
      'shrinker, boot). Properties: `invariants/kvfree.ts` (docs/protocol.md §5). Protocol configurations show what the ' +
      'faithful v1 protocol does within their bounds, findings included; mutation configurations each break one step ' +
      'on purpose and show that the property guarding it fails.',
    racesNote:
      'Labelled (models/kvfree/classic-accesses.ts): every access to `krcp[x].count`: kvfree_call_rcu()\'s `WRITE_ONCE(krcp->count, krcp->count + 1)` (a plain load and a marked store, under krcp->lock on an initialized krcp, under none before kfree_rcu_batch_init()), queue_kfree_rcu_work()\'s `WRITE_ONCE(krcp->count, 0)` under krcp->lock (the monitor\'s and the shrinker\'s drain), kfree_rcu_shrink_count()\'s `READ_ONCE(krcp->count)` without a lock, and kfree_rcu_shrink_scan()\'s `count = krcp->count;`, plain and before it takes krcp->lock (9154244c1ab6, v5.8, as in the seed series). ' +
      'The plain unlocked load races with both marked stores wherever the shrinker runs (`shrinker=1`, `shrinkCore=1`); configurations without a shrinker have only the candidate of the uninitialized path, which no reachable state enables. krcp->monitor_todo is always accessed under krcp->lock and is not labelled; no other field is.',
  },
  {
    variant: 'v5.9',
    model: 'kvfree-v5.9',
    def: kvfreeV59,
    family: 'kvfree-v5.9',
    configs: V59_CONFIGS,
    mutations: V59_MUTATIONS,
    title: 'kvfree-v5.9: the merged v5.9 kvfree_call_rcu(), checked exhaustively',
    intro:
      "Model: `models/kvfree/v59.ts` (docs/protocol.md §3.1: v5.9's rules on the classic base `models/kvfree/classic.ts` it shares " +
      'with kvfree-v1, and `models/kvfree/common/`). Same properties and report layout as kvfree-v1.',
    racesNote:
      'Labelled (models/kvfree/classic-accesses.ts): as kvfree-v1, every access to `krcp[x].count`; v5.9 keeps kfree_rcu_shrink_scan()\'s plain `count = krcp->count;` before raw_spin_lock_irqsave(&krcp->lock) (8ac88f7177c7 changed only the lock class; the load became krc_count()\'s atomic_read() in 4c33464ae85e, v6.3), and krc_this_cpu_lock() always takes the lock, so configurations without a shrinker have no candidate. ' +
      'The plain unlocked load races with kvfree_call_rcu()\'s and queue_kfree_rcu_work()\'s WRITE_ONCE() stores under krcp->lock wherever the shrinker runs. krcp->monitor_todo is always accessed under krcp->lock and is not labelled; no other field is.',
  },
  {
    variant: 'v6',
    model: 'kvfree-v6',
    def: kvfreeV6,
    family: 'kvfree-v6',
    configs: V6_CONFIGS,
    mutations: V6_MUTATIONS,
    title: 'kvfree-v6: the current kvfree_call_rcu() structure (v6.3 onwards), checked exhaustively',
    intro:
      'Model: `models/kvfree/v6.ts` (docs/protocol.md §3.2: per-page grace-period snapshots, drain_ready, batches queued ' +
      'only when all their slots are empty). Same properties and report layout as kvfree-v1.',
    racesNote:
      'Labelled so far (models/kvfree/v6-accesses.ts): B6\'s accesses, the monitor re-arm\'s and the boot re-arm\'s (kfree_rcu_scheduler_running()) writes of `krcp[x].monitor_work.timer.expires` (without krcp->lock on v6.3..v6.12, under it from v6.13, a23da88c6c80) and kvfree_call_rcu()\'s read of it under krcp->lock; ' +
      "B6''s krcp->head (need_offload_krc()'s unlocked load, marked from 9627456101ec, against the WRITE_ONCE() stores under the lock). nr_bkv_objs and every other field are not labelled, so no race on them can be found here. " +
      'v6-boot (v6.12) has a race: the boot re-arm writes the timer without krcp->lock while a call reads it. ' +
      'B6 shows only where the re-arm is due while a caller still has to schedule the monitor (both batches busy, an object left on ch3 after kvfree_rcu_queue_batch(), one more call to come): the smallest bounds found are those of the history row B6, four two-argument objects on one CPU (reports/history.md, `rcucheck check kvfree-v6 -D cpus=1 -D objects=e,e,e,e -D readers=0 -D kernel=v6.12 --races`, exit 12), which no configuration here has. ' +
      'Configurations on v6.15 have no candidate at all (both accesses hold krcp->lock).',
  },
];

/** The variant of a kvfree model id (undefined for other models). */
export function variantOfModel(model: string): KvfreeVariant | undefined {
  return KVFREE_VARIANTS.find((v) => v.model === model);
}

/** Every named kvfree configuration, variant by variant, faithful ones first. */
export const ALL_KVFREE_CONFIGS: readonly KvfreeConfig[] = KVFREE_VARIANTS.flatMap((v) => [...v.configs, ...v.mutations]);
