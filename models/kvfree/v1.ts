/**
 * kvfree-v1: kvfree_call_rcu() of the seed series (March 2020, -rcu/dev + "Headless support in
 * the kvfree_rcu()" patches 1-4/7 and 7/7; docs/protocol.md §2), on the classic base
 * (./classic.ts) with v1's rules: re-arm only when no batch was free, the lock only on an
 * initialized krcp, an expedited drain after ch3, one cached page per channel, a kmalloc'ed
 * wrapper tagged per scheme for head-less objects, pages returned by a lockless cmpxchg, and
 * krcp->lock a spinlock_t (a sleeping lock under PREEMPT_RT: `rt`, finding B4).
 *
 * What it must not do: implement steps (they are the base's and ./common/'s); it only chooses.
 */
import { defineModel, type ParamSpecs, type Params } from '../../src/model/types.js';
import { KVFREE_LIVENESS_NAMES, KVFREE_PROPERTY_NAMES } from '../../invariants/kvfree.js';
import { TAG_SCHEMES } from './common/tags.js';
import { RCU_PARAM } from './common/tiny.js';
import { buildClassic, COMMON_PARAMS, RT_PARAM, SHRINK_CORE_PARAMS, type ClassicRules } from './classic.js';
import { classicRules, fixValues, V1_FIXES, V1_RELEASES } from './classic-versions.js';

export const MUTATIONS = [
  'none',
  'no-gp-wait', // rcu_work_rcufn runs without waiting for the grace period
  'double-free', // W4 calls kvfree(ptr) twice
  'skip-untag', // W4 (bit0) forgets `offset -= 1` for a tagged head
  'no-count', // C5 forgets count++
  'no-unqueue', // W4 forgets debug_rcu_head_unqueue()
  'sync-under-lock', // C8's synchronize_rcu() moved inside the IRQ-off/locked section
  'call-before-unpublish', // the client calls kvfree_rcu() before unpublishing the object
  'leak-batch', // M2 forgets queue_rcu_work() for a selected batch
  'kfree-vmalloc', // W3 frees vmalloc records with kfree instead of vfree
  'next-after-free', // W4 reads head->next after freeing the object
  'no-unlock', // M1 returns without spin_unlock when !monitor_todo
  'page-next-after-free', // W2/W3 read bnode->next after the page went back to the cache or free_page()
] as const;
export type Mutation = (typeof MUTATIONS)[number];

export const V1_PARAMS: ParamSpecs = {
  ...COMMON_PARAMS,
  alignWrap: { description: 'alignment of the 3P-byte wrapper from kmalloc (kmalloc-32 is 32-aligned)', default: 32, values: [1, 2, 8, 32] },
  cache: { description: 'one-slot bulk page cache per channel (bkvcache) on/off', default: 1, values: [0, 1] },
  shrinker: { description: 'run kfree_rcu_shrink_scan() once (1) or never (0)', default: 0, values: [0, 1] },
  ...SHRINK_CORE_PARAMS, // B9: do_shrink_slab() around the scan (off by default)
  tag: { description: 'tagging scheme of a head-less wrapper on ch3 (docs/protocol.md §4)', default: 'bit0', values: TAG_SCHEMES },
  rt: RT_PARAM, // PREEMPT_RT lock classes (B4): krcp->lock is a spinlock_t in v1
  rcu: RCU_PARAM, // CONFIG_TINY_RCU call path (./common/tiny.ts); tree = the classic C1..C7 and W4
  fix: {
    description:
      'one later fix applied to the seed series and nothing else (models/kvfree/classic-versions.ts): 594aa5975b9b (B2, re-arm while any channel is busy), 8ac88f7177c7 (B4, krcp->lock a raw_spinlock_t), 8ac88f7177c7+4d2919411867 (and no page allocator under it on PREEMPT_RT), c6dfd72b7a3b (B9, kfree_rcu_shrink_scan() returns SHRINK_STOP when it freed nothing)',
    default: 'none',
    values: fixValues(V1_FIXES),
  },
  mutation: { description: 'bug-seeded step (for showing that invariants bite); none = the faithful protocol', default: 'none', values: MUTATIONS },
};

/** v1's choices at every point where the classic versions differ (docs/protocol.md §2). */
export const V1_RULES: ClassicRules = {
  variant: 'v1',
  rearmWhenBusy: false,
  lockAlways: false,
  expedite: true,
  cacheList: false,
  wrapper: true,
  pageReturn: 'cmpxchg-slot',
  rawLock: false, // spinlock_t krcp->lock (as in v5.8)
  rtSkipAlloc: false,
  deferAlloc: false,
  batchWhenAllIdle: false,
  bootChecksBulk: false,
  countPerChannel: false,
  scanStopsWhenEmpty: false, // kfree_rcu_shrink_scan() returns freed, 0 included (v5.8, 9154244c1ab6)
};

/** The rules kvfree-v1 builds with for `params` (its `fix`); ./classic-accesses.ts labels by the same. */
export function v1RulesOf(params: Params): ClassicRules {
  return classicRules(V1_RULES, V1_RELEASES, 'v1', V1_FIXES, String(params.fix));
}

export const kvfreeV1 = defineModel({
  id: 'kvfree-v1',
  description: 'kvfree_call_rcu() of the seed series (v1, March 2020) with head-less wrappers tagged per scheme',
  params: V1_PARAMS,
  propertyNames: [...KVFREE_PROPERTY_NAMES, ...KVFREE_LIVENESS_NAMES],
  build(params) {
    const m = buildClassic(params, v1RulesOf(params));
    return { shape: m.shape, display: m.display, init: m.init, actions: m.actions as never[], properties: m.properties, validEnd: m.validEnd, symmetry: m.symmetry };
  },
});
