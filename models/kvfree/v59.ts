/**
 * kvfree-v5.9: kvfree_call_rcu() as merged in v5.9 (August 2020; kernel/rcu/tree.c at v5.9,
 * docs/protocol.md §3.1), on the classic base (./classic.ts) with v5.9's rules: the monitor
 * repeats while any channel is busy (594aa5975b9b), krc_this_cpu_lock() always, no expedited
 * drain, one page-cache list (get_cached_bnode() / put_cached_bnode() with nr_bkv_objs), no
 * wrapper (a head-less object without a page falls back to synchronize_rcu() + kvfree()), pages
 * returned under the lock of the CPU the worker runs on. krcp->lock is a raw_spinlock_t
 * (8ac88f7177c7); under `rt` C3's __get_free_page() inside it is finding B4. `kernel=v5.10` is the
 * v5.10 kvfree_call_rcu(): no allocation under the lock, run_page_cache_worker() and the
 * fill_page_cache_func() refill work instead (56292e8609e3).
 *
 * What it must not do: implement steps (they are the base's and ./common/'s); it only chooses.
 */
import { defineModel, type ParamSpecs } from '../../src/model/types.js';
import { KVFREE_LIVENESS_NAMES, KVFREE_PROPERTY_NAMES } from '../../invariants/kvfree.js';
import { buildClassic, COMMON_PARAMS, RT_PARAM, type ClassicRules } from './classic.js';

export const V59_MUTATIONS = ['none', 'no-gp-wait', 'double-free', 'no-count', 'no-unqueue', 'leak-batch', 'kfree-vmalloc', 'next-after-free', 'call-before-unpublish'] as const;

export const V59_PARAMS: ParamSpecs = {
  ...COMMON_PARAMS,
  cache: { description: 'page cache (bkvcache list with nr_bkv_objs) on/off', default: 1, values: [0, 1] },
  cacheLimit: { description: 'rcu_min_cached_objs: pages the cache list may hold', default: 2, values: [1, 2] },
  shrinker: { description: 'run kfree_rcu_shrink_scan() once (1) or never (0)', default: 0, values: [0, 1] },
  rt: RT_PARAM, // PREEMPT_RT lock classes (B4): krcp->lock is a raw_spinlock_t from v5.9 on
  kernel: {
    description:
      "v5.9 (as merged: C3 may __get_free_page(GFP_NOWAIT) under the raw krcp->lock) or v5.10 (C3 takes get_cached_bnode() only; on failure run_page_cache_worker() and the ch3 / synchronize_rcu() fallback; fill_page_cache_func() refills the cache from sleepable work)",
    default: 'v5.9',
    values: ['v5.9', 'v5.10'],
  },
  mutation: { description: 'bug-seeded step (for showing that invariants bite); none = the faithful protocol', default: 'none', values: V59_MUTATIONS },
};

/** v5.9's choices at every point where the classic versions differ (docs/protocol.md §3.1). */
export const V59_RULES: ClassicRules = {
  variant: 'v5.9',
  rearmWhenBusy: true,
  lockAlways: true,
  expedite: false,
  cacheList: true,
  wrapper: false,
  returnToWorkerCpu: true,
  rawLock: true, // raw_spinlock_t krcp->lock (8ac88f7177c7)
};

export const kvfreeV59 = defineModel({
  id: 'kvfree-v5.9',
  description: 'kvfree_call_rcu() as merged in v5.9 (August 2020): raw lock, page-cache list, no wrapper; head-less without a page falls back to synchronize_rcu() + kvfree()',
  params: V59_PARAMS,
  propertyNames: [...KVFREE_PROPERTY_NAMES, ...KVFREE_LIVENESS_NAMES],
  build(params) {
    const m = buildClassic(params, V59_RULES);
    return { shape: m.shape, display: m.display, init: m.init, actions: m.actions as never[], properties: m.properties, validEnd: m.validEnd, symmetry: m.symmetry };
  },
});
