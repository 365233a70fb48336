/**
 * kvfree-v5.9: kvfree_call_rcu() as merged in v5.9 (August 2020; kernel/rcu/tree.c at v5.9,
 * docs/protocol.md §3.1), on the classic base (./classic.ts) with v5.9's rules: the monitor
 * repeats while any channel is busy (594aa5975b9b), krc_this_cpu_lock() always, no expedited
 * drain, one page-cache list (get_cached_bnode() / put_cached_bnode() with nr_bkv_objs), no
 * wrapper (a head-less object without a page falls back to synchronize_rcu() + kvfree()), pages
 * returned under the lock of the CPU the worker runs on. krcp->lock is a raw_spinlock_t
 * (8ac88f7177c7); under `rt` C3's __get_free_page() inside it is finding B4. `kernel=v5.11` is
 * 56292e8609e3 (v5.11): no allocation under the lock, run_page_cache_worker() and the
 * fill_page_cache_func() refill work instead, pages returned under the owning krcp's lock.
 * `fix=` applies one later fix alone (the bug history's rows): the table is
 * ./classic-versions.ts.
 *
 * What it must not do: implement steps (they are the base's and ./common/'s); it only chooses.
 */
import { defineModel, type ParamSpecs, type Params } from '../../src/model/types.js';
import { KVFREE_LIVENESS_NAMES, KVFREE_PROPERTY_NAMES } from '../../invariants/kvfree.js';
import { buildClassic, COMMON_PARAMS, RT_PARAM, SHRINK_CORE_PARAMS, type ClassicRules } from './classic.js';
import { classicRules, fixValues, V59_FIXES, V59_RELEASES } from './classic-versions.js';

export const V59_MUTATIONS = ['none', 'no-gp-wait', 'double-free', 'no-count', 'no-unqueue', 'leak-batch', 'kfree-vmalloc', 'next-after-free', 'call-before-unpublish', 'wake-direct'] as const;

export const V59_PARAMS: ParamSpecs = {
  ...COMMON_PARAMS,
  cache: { description: 'page cache (bkvcache list with nr_bkv_objs) on/off', default: 1, values: [0, 1] },
  cacheLimit: { description: 'rcu_min_cached_objs: pages the cache list may hold', default: 2, values: [1, 2] },
  shrinker: { description: 'run kfree_rcu_shrink_scan() once (1) or never (0)', default: 0, values: [0, 1] },
  ...SHRINK_CORE_PARAMS, // B9: do_shrink_slab() around the scan (off by default)
  rt: RT_PARAM, // PREEMPT_RT lock classes (B4): krcp->lock is a raw_spinlock_t from v5.9 on
  kernel: {
    description:
      'kernel release within the classic structure (models/kvfree/classic-versions.ts): v5.9 as merged (C3 may __get_free_page(GFP_NOWAIT) under the raw krcp->lock; pages returned under the worker CPU\'s lock); v5.11 = 56292e8609e3 "Defer kvfree_rcu() allocation to a clean context" (C3 takes get_cached_bnode() only, run_page_cache_worker() and fill_page_cache_func() refill the cache; pages returned under the owning krcp\'s lock)',
    default: 'v5.9',
    values: V59_RELEASES.map((r) => r.id),
  },
  fix: {
    description:
      'one later fix applied to the release and nothing else (models/kvfree/classic-versions.ts): 5da7cb193db3 (B1, the monitor skips a batch with any busy channel), d434c00fa3ac (B3, the boot hook checks the bulk lists), 4c33464ae85e (B7, per-channel counts)',
    default: 'none',
    values: fixValues(V59_FIXES),
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
  pageReturn: 'worker-cpu-lock',
  rawLock: true, // raw_spinlock_t krcp->lock (8ac88f7177c7)
  rtSkipAlloc: true, // 4d2919411867
  deferAlloc: false,
  batchWhenAllIdle: false,
  bootChecksBulk: false,
  countPerChannel: false,
  scanStopsWhenEmpty: true, // c6dfd72b7a3b "rcu: Stop shrinker loop" (v5.9)
};

/** The rules kvfree-v5.9 builds with for `params` (its `kernel` and `fix`); ./classic-accesses.ts labels by the same. */
export function v59RulesOf(params: Params): ClassicRules {
  return classicRules(V59_RULES, V59_RELEASES, String(params.kernel), V59_FIXES, String(params.fix));
}

export const kvfreeV59 = defineModel({
  id: 'kvfree-v5.9',
  description: 'kvfree_call_rcu() as merged in v5.9 (August 2020): raw lock, page-cache list, no wrapper; head-less without a page falls back to synchronize_rcu() + kvfree()',
  params: V59_PARAMS,
  propertyNames: [...KVFREE_PROPERTY_NAMES, ...KVFREE_LIVENESS_NAMES],
  build(params) {
    const m = buildClassic(params, v59RulesOf(params));
    return { shape: m.shape, display: m.display, init: m.init, actions: m.actions as never[], properties: m.properties, validEnd: m.validEnd, symmetry: m.symmetry };
  },
});
