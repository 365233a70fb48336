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
import { kvfreeV1 } from './v1.js';
import { kvfreeV59 } from './v59.js';
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
