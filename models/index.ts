/**
 * The model registry: every model the CLI, the proof plan and the tests can name.
 *
 * Why this file exists: one place maps a model id to its definition, in a stable order.
 * What it must not do: build models (that happens per parameter set in compileModel).
 */
import type { ModelDef } from '../src/model/types.js';
import { philosophers } from './reference/philosophers.js';
import { KVFREE_VARIANTS } from './kvfree/variants.js';
import { peterson } from './reference/peterson.js';
import { kvfreeLite } from './reference/kvfree-lite.js';

export const MODELS: readonly ModelDef[] = [...KVFREE_VARIANTS.map((v) => v.def), philosophers, peterson, kvfreeLite];

export function findModel(id: string): ModelDef | undefined {
  return MODELS.find((m) => m.id === id);
}
