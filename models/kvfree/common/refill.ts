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
 * `nr_pages = atomic_read(&krcp->backoff_page_cache_fill) ? 1 : rcu_min_cached_objs;` bounds the
 * loop `for (i = READ_ONCE(krcp->nr_bkv_objs); i < nr_pages; i++)`, and the work ends with
 * `atomic_set(&krcp->backoff_page_cache_fill, 0)` after clearing work_in_progress.
 */
export function fillPageCacheActions(
  c: KvConfig,
  workFree: (s: Readonly<KvState>, x: number) => boolean = cpuFree,
  backoff = false,
): AnyActionDef<KvState>[] {
  const xs = Array.from({ length: c.cpus }, (_, i) => i);
  return [
    {
      // fill_page_cache_func(): __get_free_page(GFP_KERNEL) succeeds outside any lock; raw_spin_lock_irqsave(); put_cached_bnode(); unlock.
      name: 'refill fill_page_cache_func: page cached',
      fair: 'weak',
      actor: (x: number) => `refill${x}`,
      params: xs,
      label: (x: number) => `cpu${x}`,
      enabled: (s, x) => s.cpu[x].refill && s.cpu[x].nrCache < (backoff && s.cpu[x].backoff ? 1 : c.cacheLimit) && unusedPage(s) !== 0 && !s.cpu[x].locked && workFree(s, x),
      apply: (d, x) => {
        const pg = unusedPage(d);
        d.pages[pg - 1].st = 'inuse';
        lock(d, x);
        const pushed = putCachedBnode(c, d, d.cpu[x], pg);
        unlock(d, x);
        if (!pushed) freePage(c, d, pg);
      },
    },
    {
      // fill_page_cache_func() returns (the cache is full or __get_free_page failed): atomic_set(&work_in_progress, 0).
      name: 'refill fill_page_cache_func: returns',
      fair: 'weak',
      actor: (x: number) => `refill${x}`,
      params: xs,
      label: (x: number) => `cpu${x}`,
      enabled: (s, x) => s.cpu[x].refill && workFree(s, x),
      apply: (d, x) => {
        d.cpu[x].refill = false;
        if (backoff) d.cpu[x].backoff = false;
      },
    },
  ];
}
