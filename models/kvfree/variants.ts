/**
 * The one registry of kvfree protocol variants: for each, its model id, its named configurations
 * (faithful and mutation) and its published report family. The report families, the tagging
 * matrix, the proof plan's kvfree entries and the trace stories all read it; a new variant is its
 * model file plus one line here (and its configurations).
 *
 * Why this file exists: adding a variant used to touch about nine places that each listed the
 * variants again; lists that can disagree did.
 *
 * What it must not do: compute anything, or import the models' runtime code (configurations are
 * data; the models register themselves in models/index.ts).
 */
import type { Variant } from './common/kstate.js';
import { V1_CONFIGS, V1_MUTATIONS, V59_CONFIGS, V59_MUTATIONS, V6_CONFIGS, V6_MUTATIONS, type KvfreeConfig, type KvfreeModelParams } from './configs.js';

export interface KvfreeVariant {
  variant: Variant;
  model: KvfreeModelParams['model'];
  /** The report family (`rcucheck report <family>`, reports/<family>.md). */
  family: string;
  configs: readonly KvfreeConfig[];
  mutations: readonly KvfreeConfig[];
}

export const KVFREE_VARIANTS: readonly KvfreeVariant[] = [
  { variant: 'v1', model: 'kvfree-v1', family: 'kvfree-v1', configs: V1_CONFIGS, mutations: V1_MUTATIONS },
  { variant: 'v5.9', model: 'kvfree-v5.9', family: 'kvfree-v5.9', configs: V59_CONFIGS, mutations: V59_MUTATIONS },
  { variant: 'v6', model: 'kvfree-v6', family: 'kvfree-v6', configs: V6_CONFIGS, mutations: V6_MUTATIONS },
];

/** The variant of a kvfree model id (undefined for other models). */
export function variantOfModel(model: string): KvfreeVariant | undefined {
  return KVFREE_VARIANTS.find((v) => v.model === model);
}

/** Every named kvfree configuration, variant by variant, faithful ones first. */
export const ALL_KVFREE_CONFIGS: readonly KvfreeConfig[] = KVFREE_VARIANTS.flatMap((v) => [...v.configs, ...v.mutations]);
