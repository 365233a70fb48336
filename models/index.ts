/**
 * The model registry: every model the CLI, the proof plan and the tests can name.
 *
 * Why this file exists: one place maps a model id to its definition, in a stable order.
 * What it must not do: build models (that happens per parameter set in compileModel).
 */
import type { ModelDef } from '../src/model/types.js';
import { philosophers } from './reference/philosophers.js';
import { kvfreeV1 } from './kvfree/v1.js';
import { kvfreeV59 } from './kvfree/v59.js';
import { kvfreeV6 } from './kvfree/v6.js';
import { peterson } from './reference/peterson.js';
import { kvfreeLite } from './reference/kvfree-lite.js';

export const MODELS: readonly ModelDef[] = [kvfreeV1, kvfreeV59, kvfreeV6, philosophers, peterson, kvfreeLite];

export function findModel(id: string): ModelDef | undefined {
  return MODELS.find((m) => m.id === id);
}
