/**
 * The worker threads of a parallel search: the `ExpanderHost` the check service plugs into the
 * engine, with `node:worker_threads`.
 *
 * Why this file exists: the engine (src/engine/expander.ts) defines what a worker computes and
 * the buffers it shares, but starts no threads itself (it imports no node modules, and does not
 * know how to rebuild a model from its name). Here each thread gets the check's plain options
 * and the shared buffers; expander-worker.ts prepares the same check (so it compiles the same
 * model with the same parameters and properties) and runs the engine's loop.
 *
 * What it must not do: decide anything about a search (the engine does), or keep the process
 * alive (threads are unref'd; the search stops them when it is disposed).
 */
import { Worker } from 'node:worker_threads';
import type { ExpanderHost, ExpanderShared, ExpanderThreads } from '../engine/expander.js';
import type { ResolvedCheckOptions } from './options.js';

/** What expander-worker.ts receives as `workerData`. */
export interface ExpanderWorkerData {
  check: ResolvedCheckOptions;
  shared: ExpanderShared;
}

/**
 * The worker script. Under vitest this module is loaded from its TypeScript source, which a
 * worker thread cannot run, so the compiled one in dist/ is used (the test command builds first;
 * a stale build is refused by the model-signature check).
 */
function workerScript(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/src/check/expander-worker.js', here) : new URL('./expander-worker.js', here);
}

/** Threads that expand states of the check `check`. */
export function threadHost(check: ResolvedCheckOptions): ExpanderHost {
  return {
    start(shared: ExpanderShared): ExpanderThreads {
      const threads = Array.from({ length: shared.workers - 1 }, () => {
        const data: ExpanderWorkerData = { check, shared };
        const w = new Worker(workerScript(), { workerData: data });
        w.unref();
        return w;
      });
      let stopped = false;
      return {
        stop() {
          if (stopped) return;
          stopped = true;
          for (const w of threads) void w.terminate();
        },
      };
    },
  };
}
