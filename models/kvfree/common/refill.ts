/**
 * The page-cache refill work, `fill_page_cache_func()`, requested by `run_page_cache_worker()`:
 * in sleepable work context with no lock held it allocates a page with
 * __get_free_page(GFP_KERNEL | __GFP_NORETRY | __GFP_NOMEMALLOC | __GFP_NOWARN), then under the
 * krcp's raw lock put_cached_bnode() (free_page() if the cache is full), one step per page; the
 * loop may stop at any iteration (an allocation failure), and then clears work_in_progress.
 * kvfree-v5.9 with kernel=v5.11 (kernel/rcu/tree.c v5.11, 56292e8609e3) and kvfree-v6 with
 * refill=1 run the same code; only the CPU the work may run on differs (system_wq before v6.12,
 * system_unbound_wq from 0aac9daef676), passed in as `workFree`.
 *
 * Why this file exists: both variants had their own copy of the same two steps.
 *
 * What it must not do: decide when the work is requested (the callers' run_page_cache_worker() does).
 */
import type { AnyActionDef } from '../../../src/model/types.js';
import type { KvConfig, KvState } from './kstate.js';
import { freePage, putCachedBnode, unusedPage } from './pages.js';
import { cpuFree, lock, unlock } from './workqueue.js';

/**
 * `workFree(s, x)`: can krcp x's page_cache_work run now (default: pinned to CPU x, system_wq).
 * `backoff` (kvfree-v6: kernel/rcu/tree.c v6.4..v6.13, mm/slab_common.c v6.14+ fill_page_cache_func()):
 * `nr_pages = atomic_read(&krcp->backoff_page_cache_fill) ? 1 : rcu_min_cached_objs;`, and the work
 * ends with `atomic_set(&krcp->backoff_page_cache_fill, 0)` after clearing work_in_progress.
 * `startAtNr` (60888b77a06e "rcu/kvfree: Make fill page cache start from krcp->nr_bkv_objs", v6.5;
 * in Debian's 6.12.118 at kernel/rcu/tree.c lines 3691-3709):
 * the loop is `for (i = READ_ONCE(krcp->nr_bkv_objs); i < nr_pages; i++)`; before it (v5.11
 * 56292e8609e3 `for (i = 0; i < rcu_min_cached_objs; i++)`, v6.4 `i < nr_pages`) it starts at 0.
 * Either way the bound is fixed when the work starts: a page a caller takes from the cache meanwhile
 * is not refilled by this run (found by the conformance walks: the model used to re-read nr_bkv_objs
 * before each page).
 */
export function fillPageCacheActions(
  c: KvConfig,
  workFree: (s: Readonly<KvState>, x: number) => boolean = cpuFree,
  backoff = false,
  startAtNr = false,
): AnyActionDef<KvState>[] {
  const xs = Array.from({ length: c.cpus }, (_, i) => i);
  return [
    {
      // fill_page_cache_func() starts: nr_pages = backoff ? 1 : rcu_min_cached_objs; i = READ_ONCE(krcp->nr_bkv_objs) (or 0).
      name: 'refill fill_page_cache_func: starts',
      fair: 'weak',
      actor: (x: number) => `refill${x}`,
      params: xs,
      label: (x: number) => `cpu${x}`,
      at: (x) => ({ leaf: `cpu[${x}].refill`, is: true }),
      enabled: (s, x) => s.cpu[x].refill && !s.cpu[x].refillRun && workFree(s, x),
      apply: (d, x) => {
        const k = d.cpu[x];
        const nrPages = backoff && k.backoff ? 1 : c.cacheLimit;
        k.refillRun = true;
        k.refillLeft = Math.max(0, nrPages - (startAtNr ? k.nrCache : 0));
      },
    },
    {
      // One iteration: __get_free_page(GFP_KERNEL) succeeds outside any lock; raw_spin_lock_irqsave();
      // put_cached_bnode(); unlock; `if (!pushed) { free_page(); break; }`.
      name: 'refill fill_page_cache_func: page cached',
      fair: 'weak',
      actor: (x: number) => `refill${x}`,
      params: xs,
      label: (x: number) => `cpu${x}`,
      at: (x) => ({ leaf: `cpu[${x}].refillRun`, is: true }),
      enabled: (s, x) => s.cpu[x].refillRun && s.cpu[x].refillLeft > 0 && unusedPage(s) !== 0 && !s.cpu[x].locked && workFree(s, x),
      apply: (d, x) => {
        const pg = unusedPage(d);
        d.pages[pg - 1].st = 'inuse';
        lock(d, x);
        const pushed = putCachedBnode(c, d, d.cpu[x], pg);
        unlock(d, x);
        if (pushed) {
          d.cpu[x].refillLeft -= 1;
        } else {
          freePage(c, d, pg);
          d.cpu[x].refillLeft = 0;
        }
      },
    },
    {
      // fill_page_cache_func() returns (its loop ended, or __get_free_page() failed: v6 breaks, v5.11
      // skips the page; either way fewer pages): atomic_set(&work_in_progress, 0).
      name: 'refill fill_page_cache_func: returns',
      fair: 'weak',
      actor: (x: number) => `refill${x}`,
      params: xs,
      label: (x: number) => `cpu${x}`,
      at: (x) => ({ leaf: `cpu[${x}].refillRun`, is: true }),
      enabled: (s, x) => s.cpu[x].refillRun && workFree(s, x),
      apply: (d, x) => {
        const k = d.cpu[x];
        k.refill = false;
        k.refillRun = false;
        k.refillLeft = 0;
        if (backoff) k.backoff = false;
      },
    },
  ];
}
