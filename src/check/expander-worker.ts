/**
 * The entry point of one worker thread of a parallel search (started by expander-host.ts).
 *
 * Why this file exists: a worker must compile exactly the model the search compiled. It prepares
 * the same check from the same plain options (prepare.ts, the one place a check becomes a
 * compiled model), builds the same canonicaliser, and runs the engine's expansion loop until the
 * search stops it. Anything that goes wrong is reported through the shared buffers, so the search
 * expands alone instead of waiting.
 *
 * What it must not do: print, or touch anything but the shared buffers.
 */
import { workerData } from 'node:worker_threads';
import { symmetryFor } from '../engine/explore.js';
import { reportExpanderFailure, runExpander } from '../engine/expander.js';
import type { ExpanderWorkerData } from './expander-host.js';
import { prepareCheck } from './prepare.js';

const data = workerData as ExpanderWorkerData;
const prepared = prepareCheck(data.check);
if (!prepared.ok) {
  reportExpanderFailure(data.shared);
} else {
  const m = prepared.value.model;
  const { canon } = symmetryFor(m, data.check.symmetry);
  try {
    runExpander(m, canon, data.shared);
  } catch {
    // runExpander has already told the search, which then expands alone.
  }
}
