/**
 * Named configurations of the kvfree models: the proof configurations (faithful protocol, bounds
 * written down) and the mutation configurations (one deliberately broken step each, to show that
 * every invariant bites).
 *
 * Why this file exists: tests, the proof plan and reports/kvfree-v1.md all need the same list
 * with the same expectations; the expectations are what the faithful model shows, findings
 * included, each explained in kernel terms.
 *
 * What it must not do: compute anything; it is data.
 */

import type { Mechanism } from './common/story.js';
import type { Mutation as V1Mutation } from './v1.js';
import type { V59_MUTATIONS as V59_MUTATION_NAMES } from './v59.js';
import type { V6_MUTATIONS as V6_MUTATION_NAMES } from './v6.js';

/** The kvfree properties a claim can name (the list in invariants/kvfree.ts; a test checks they agree). */
export type KvfreePropertyName =
  | 'gp-guarantee'
  | 'reader-safety'
  | 'exactly-once'
  | 'valid-free'
  | 'no-uaf-read'
  | 'back-pointer'
  | 'context'
  | 'accounting'
  | 'debug-objects'
  | 'no-leak'
  | 'debug-objects-end'
  | 'debug-objects-lost'
  | 'krcp-consistent'
  | 'barrier-complete'
  | 'destroy-clean'
  | 'flush-dependency'
  | 'shrink-stop';

export type Status = 'holds' | 'violated';

type V59Mutation = (typeof V59_MUTATION_NAMES)[number];
type V6Mutation = (typeof V6_MUTATION_NAMES)[number];
/** A configuration's parameters; `mutation` is typed per model, so a misspelt mutation does not compile. */
type ParamsOf<M extends string> = Readonly<Record<string, number | string>> & { readonly mutation?: M };

/** The model and parameters of a configuration, one case per kvfree variant. */
export type KvfreeModelParams =
  | { model: 'kvfree-v1'; params: ParamsOf<V1Mutation> }
  | { model: 'kvfree-v5.9'; params: ParamsOf<V59Mutation> }
  | { model: 'kvfree-v6'; params: ParamsOf<V6Mutation> };

export type KvfreeConfig = KvfreeModelParams & {
  id: string;
  /** The bounds in words. */
  bounds: string;
  /** Properties expected to be violated (all others are expected to hold). */
  violates: readonly string[];
  /** Why: the finding (faithful configs) or the seeded bug (mutations). */
  note: string;
  /** A mutation configuration (bug-seeded), as opposed to the faithful protocol. */
  mutation?: boolean;
  /** For every violated property: the mechanism its shortest trace shows (models/kvfree/common/finding-story.ts). */
  shown?: Partial<Record<KvfreePropertyName, Mechanism>>;
};

const RACE =
  'Finding B1 (real; fixed upstream in v6.3 by 5da7cb193db3 "rcu/kvfree: Avoid freeing new kfree_rcu() memory after old grace period"): ' +
  'kfree_rcu_monitor() attaches newly queued objects to a batch whose rcu_work is still PENDING, or whose worker is past W0 ' +
  'but not yet at W1, so they are freed under a grace period that began before their kvfree_call_rcu().';
/** B3: the object stays on a bulk page of a krcp whose monitor nobody arms (checked as RACE_SHOWN is). */
const BOOT_SHOWN = { 'no-leak': 'unarmed-monitor', 'debug-objects-end': 'never-unqueued' } as const;
/** The B1 mechanism each shortest trace shows (every claim is checked against its trace's own story in test/models/kvfree-harness.ts). */
const RACE_SHOWN = { 'gp-guarantee': 'pending-piggyback', 'reader-safety': 'w0-w1-window' } as const;
/** The DEBUG finding: W4 debug-unqueues the wrapper (head - P), never queued, and the object's address stays active. */
const DEBUG_SHOWN = { 'debug-objects': 'unqueue-wrapper', 'debug-objects-end': 'unqueue-wrapper' } as const;
const DEBUG =
  'Finding (CONFIG_DEBUG_OBJECTS_RCU_HEAD): C2 debug-queues the object pointer, but for a head-less wrapper W4 ' +
  'debug-unqueues ptr = head - P = the wrapper address, so the object stays active and the wrapper was never queued.';
const BOOT =
  'Finding: an object queued in a bulk page after kfree_rcu_batch_init() but before rcu_scheduler_active = RUNNING ' +
  'never arms the monitor (C6 requires RUNNING), and kfree_rcu_scheduler_running() only looks at krcp->head (ch3), ' +
  'so the bulk page is never drained: the object leaks.';

const B4_V1 =
  'Finding B4 (real, v1 to v5.8; fixed in v5.9 by 8ac88f7177c7 "rcu/tree: Keep kfree_rcu() awake during lock contention", which made ' +
  'krcp->lock a raw_spinlock_t, with 4d2919411867, which keeps a PREEMPT_RT build out of the page allocator under it): kvfree_call_rcu() does local_irq_save() and then spin_lock(&krcp->lock); under PREEMPT_RT a spinlock_t ' +
  'is a sleeping lock, so the two-argument kfree_rcu(), which must work from atomic context, may sleep with IRQs disabled.';

const ARM_WHILE_DISABLED =
  "Finding (v6.12 on; not found reported upstream): kvfree_rcu_barrier() can leave an object queued concurrently with it on a krcp with no monitor armed. Its first loop " +
  "skips a krcp that is empty when it looks; a kvfree_call_rcu() then queues an object there and arms monitor_work, and the second loop's cancel_delayed_work_sync(&krcp->monitor_work) " +
  'cancels that arm; or the call comes while that cancel has the work disabled (v6.10+: __cancel_work_sync() disables it until its flush ends), and queue_delayed_work() in ' +
  "__schedule_delayed_monitor_work() fails. Either way enable_work() queues nothing, and the object waits for the next kvfree_rcu() on that CPU (or a shrinker scan, or another barrier): in " +
  'this bounded run, never. Not a use-after-free: a reclaim delay with no bound, for calls the barrier does not promise to wait for.';
const SHRINKER_FRAME =
  "Finding (v6.12 on; not found reported upstream): kfree_rcu_shrink_scan() calls kfree_rcu_monitor() itself, whose kvfree_rcu_drain_ready() takes ready objects off the krcp " +
  "under krcp->lock and frees them after unlocking. kvfree_rcu_barrier() sees the krcp empty (need_offload_krc() false), waits for the monitor work and the batches, " +
  "but not for the shrinker: it returns while the shrinker still holds objects whose kvfree_rcu() returned before it began, and kmem_cache_destroy()'s __kmem_cache_shutdown() " +
  'finds them allocated (WARN "Slab cache still has objects", the cache leaked); the shrinker then frees them into the leaked cache.';

/** Faithful kvfree-v1 configurations (docs/protocol.md §2, bounds in `bounds`). */
/**
 * B12 (issue #28): a caller holding rq->lock (`context=rqlock`) must not wake a task from inside
 * kvfree_call_rcu(): try_to_wake_up() takes a runqueue lock, the held one for a worker of this CPU.
 */
const B12_RULE =
  'B12 (the design constraint of 56292e8609e3 "rcu/tree: Defer kvfree_rcu() allocation to a clean context", v5.11: "The hrtimer stage is required in order to avoid deadlocks with the scheduler"): ' +
  'a caller that holds rq->lock must not wake a task from kvfree_call_rcu(), because try_to_wake_up() takes a runqueue lock (the one held, for a worker of this CPU). ';

export const V1_CONFIGS: readonly KvfreeConfig[] = [
  {
    id: 'v1-one-embedded',
    model: 'kvfree-v1',
    params: { objects: 'e' },
    bounds: '1 CPU, 1 two-argument object, 1 reader, bulk capacity 1, page cache on, any allocation failures',
    violates: [],
    note: 'A single two-argument object is reclaimed correctly on every path (bulk page or ch3).',
  },
  {
    id: 'v1-one-headless',
    model: 'kvfree-v1',
    params: { objects: 'h' },
    bounds: '1 CPU, 1 head-less object, 1 reader, capacity 1, cache on, any failures (bulk, wrapper and synchronize_rcu paths)',
    violates: ['debug-objects', 'debug-objects-end'],
    note: DEBUG,
    shown: DEBUG_SHOWN,
  },
  {
    id: 'v1-one-headless-nodebug',
    model: 'kvfree-v1',
    params: { objects: 'h', debug: 0 },
    bounds: 'as v1-one-headless, debug objects off',
    violates: [],
    note: 'Without debug objects the head-less paths (bulk page, BIT(0)-tagged wrapper, inline synchronize_rcu + kvfree) free the object and wrapper exactly once, after a grace period.',
  },
  {
    id: 'v1-small',
    model: 'kvfree-v1',
    params: { objects: 'h,e' },
    bounds: '1 CPU, a head-less and a two-argument object, 1 reader, capacity 1, cache on, any failures (the default)',
    violates: ['gp-guarantee', 'reader-safety', 'debug-objects', 'debug-objects-end'],
    note: `${RACE} ${DEBUG}`,
    shown: { ...RACE_SHOWN, ...DEBUG_SHOWN },
  },
  {
    id: 'v1-two-embedded-nodebug',
    model: 'kvfree-v1',
    params: { objects: 'e,e', debug: 0 },
    bounds: '1 CPU, two two-argument objects, 1 reader, capacity 1, cache on, any failures, debug objects off',
    violates: ['gp-guarantee', 'reader-safety'],
    note: RACE,
    shown: RACE_SHOWN,
  },
  {
    id: 'v1-readers-shrinker',
    model: 'kvfree-v1',
    params: { objects: 'e', readers: 2, shrinker: 1 },
    bounds: '1 CPU, 1 two-argument object, 2 readers, one kfree_rcu_shrink_scan() run',
    violates: [],
    note: 'The shrinker draining under the lock does not break any property for a single object.',
  },
  {
    id: 'v1-shrink-core',
    model: 'kvfree-v1',
    params: { objects: 'e', readers: 0, debug: 0, shrinkCore: 1 },
    bounds: "1 CPU, 1 two-argument object, no reader, debug objects off, one do_shrink_slab() around the kvfree shrinker (batch 1)",
    violates: ['shrink-stop'],
    shown: { 'shrink-stop': 'scan-after-empty' },
    note: 'B9 on the seed: a scan that finds the krcp already drained returns 0, not SHRINK_STOP, and do_shrink_slab() calls it again (bounded wasted work, not a livelock).',
  },
  {
    id: 'v1-2cpu',
    model: 'kvfree-v1',
    params: { cpus: 2, objects: 'h,e' },
    bounds: '2 CPUs (callers may migrate between C0 and C1), a head-less object on cpu0 and a two-argument one on cpu1, 1 reader',
    violates: ['gp-guarantee', 'reader-safety', 'debug-objects', 'debug-objects-end'],
    note: `${RACE} ${DEBUG}`,
    shown: { ...RACE_SHOWN, ...DEBUG_SHOWN },
  },
  {
    id: 'v1-2cpu-even',
    model: 'kvfree-v1',
    params: { cpus: 2, objects: 'e,e' },
    bounds: '2 CPUs handed the same objects (a two-argument object each: the CPU swap is a symmetry), callers may migrate, 1 reader',
    violates: ['gp-guarantee', 'reader-safety'],
    note: RACE,
    shown: RACE_SHOWN,
  },
  {
    id: 'v1-three',
    model: 'kvfree-v1',
    params: { objects: 'h,e,e' },
    bounds: '1 CPU, three objects (head-less, two-argument, two-argument), 1 reader',
    violates: ['gp-guarantee', 'reader-safety', 'debug-objects', 'debug-objects-end'],
    note: `${RACE} ${DEBUG}`,
    shown: { ...RACE_SHOWN, ...DEBUG_SHOWN },
  },
  {
    id: 'v1-vmalloc',
    model: 'kvfree-v1',
    params: { objects: 'h,ev' },
    bounds: '1 CPU, a head-less slab object and a two-argument vmalloc object (ch1 and ch2), 1 reader',
    violates: ['gp-guarantee', 'reader-safety', 'debug-objects', 'debug-objects-end'],
    note: `${RACE} ${DEBUG}`,
    shown: { ...RACE_SHOWN, ...DEBUG_SHOWN },
  },
  {
    id: 'v1-capacity2',
    model: 'kvfree-v1',
    params: { objects: 'e,e,e', capacity: 2, debug: 0 },
    bounds: '1 CPU, three two-argument objects, bulk pages of 2 records, debug objects off',
    violates: ['gp-guarantee', 'reader-safety'],
    note: RACE,
    shown: RACE_SHOWN,
  },
  {
    id: 'v1-boot',
    model: 'kvfree-v1',
    params: { objects: 'e', boot: 'boot' },
    bounds: '1 CPU from rcu_scheduler_active = INACTIVE through kfree_rcu_batch_init, INIT and RUNNING; 1 two-argument object',
    violates: ['no-leak', 'debug-objects-end'],
    note: BOOT,
    shown: BOOT_SHOWN,
  },
  {
    id: 'v1-irqoff-headless',
    model: 'kvfree-v1',
    params: { objects: 'h', context: 'irqoff', debug: 0 },
    bounds: '1 CPU, a head-less object freed by a caller with IRQs disabled (API misuse)',
    violates: ['context'],
    note: 'Documented rule, not a protocol bug: head-less kvfree_rcu() must be called from might_sleep() context; with IRQs off it reaches might_sleep() at C0 and may block in synchronize_rcu() at C8.',
    shown: { 'context': 'sleep-irqs-off' },
  },
  {
    id: 'v1-reader-headless',
    model: 'kvfree-v1',
    params: { objects: 'h', context: 'reader', debug: 0 },
    bounds: "1 CPU, a head-less object freed inside the client's rcu_read_lock() section (API misuse)",
    violates: ['context'],
    note: 'B13 (the rename to kvfree_rcu_mightsleep() in v6.3, the one-argument macro removed by 7e3f926bf453 in v6.5): the head-less form may sleep; called inside an RCU reader it reaches might_sleep() at C0.',
    shown: { 'context': 'sleep-in-reader' },
  },
  {
    id: 'v1-spinlock-headless',
    model: 'kvfree-v1',
    params: { objects: 'h', context: 'spinlock', debug: 0 },
    bounds: '1 CPU, a head-less object freed while the client holds its own spinlock (API misuse)',
    violates: ['context'],
    note: 'B13: the head-less form may sleep; called under a spinlock it reaches might_sleep() at C0.',
    shown: { 'context': 'sleep-under-spinlock' },
  },
  {
    id: 'v1-reader-embedded',
    model: 'kvfree-v1',
    params: { objects: 'e', context: 'reader' },
    bounds: "1 CPU, a two-argument object freed inside the client's rcu_read_lock() section",
    violates: [],
    note: 'The two-argument form never sleeps, so it may be called inside an RCU reader.',
  },
  // Smallest failing configurations found by `rcucheck sweep kvfree-v1` (reports/sweep/kvfree-v1.md).
  {
    id: 'v1-sweep-one-headless-noreader',
    model: 'kvfree-v1',
    params: { objects: 'h', readers: 0 },
    bounds: '1 CPU, 1 head-less object, no reader, capacity 1, cache on, any failures',
    violates: ['debug-objects', 'debug-objects-end'],
    note: 'Smallest configuration where debug-objects and debug-objects-end fail, found by rcucheck sweep (the head-less debug-object finding of v1-one-headless, without a reader).',
    shown: DEBUG_SHOWN,
  },
  {
    id: 'v1-sweep-two-headless-noreader',
    model: 'kvfree-v1',
    params: { objects: 'h,h', readers: 0 },
    bounds: '1 CPU, two head-less objects, no reader, capacity 1, cache on, any failures',
    violates: ['gp-guarantee', 'debug-objects', 'debug-objects-end'],
    note: 'Smallest configuration where gp-guarantee fails, found by rcucheck sweep (finding B1 with two head-less objects, see v1-small; plus the head-less debug-object finding).',
    shown: { 'gp-guarantee': 'pending-piggyback', 'debug-objects': 'unqueue-wrapper', 'debug-objects-end': 'never-unqueued' },
  },
  {
    id: 'v1-sweep-two-headless',
    model: 'kvfree-v1',
    params: { objects: 'h,h' },
    bounds: '1 CPU, two head-less objects, 1 reader, capacity 1, cache on, any failures',
    violates: ['gp-guarantee', 'reader-safety', 'debug-objects', 'debug-objects-end'],
    note: 'Smallest configuration where reader-safety fails, found by rcucheck sweep (finding B1 with two head-less objects, see v1-small; plus the head-less debug-object finding).',
    shown: { 'gp-guarantee': 'pending-piggyback', 'reader-safety': 'w0-w1-window', 'debug-objects': 'unqueue-wrapper', 'debug-objects-end': 'never-unqueued' },
  },
  // Coverage configurations (proofs/coverage.json): each reaches steps no other faithful configuration takes.
  {
    id: 'v1-boot-headless',
    model: 'kvfree-v1',
    params: { objects: 'h', boot: 'boot', debug: 0 },
    bounds: '1 CPU from INACTIVE through kfree_rcu_batch_init, INIT and RUNNING; 1 head-less object, debug objects off',
    violates: ['no-leak'],
    note:
      `Coverage: a head-less object freed before kfree_rcu_batch_init() takes C3's "krcp not initialized" failure into C4's wrapper kmalloc paths. ${BOOT}`,
    shown: { 'no-leak': BOOT_SHOWN['no-leak'] },
  },
  {
    id: 'v1-spontaneous-capacity2',
    model: 'kvfree-v1',
    params: { objects: 'e,e', capacity: 2, spontaneous: 1, debug: 0 },
    bounds: '1 CPU, two two-argument objects sharing a bulk page of 2 records, one spontaneous grace period, debug objects off',
    violates: ['gp-guarantee', 'reader-safety'],
    note: `Coverage: a grace period that starts with nobody waiting, and a second object appended to a page with room. ${RACE}`,
    shown: RACE_SHOWN,
  },
  {
    id: 'v1-2cpu-capacity2',
    model: 'kvfree-v1',
    params: { cpus: 2, objects: 'e,e', capacity: 2, debug: 0 },
    bounds: '2 CPUs, a two-argument object each, bulk pages of 2 records, debug objects off',
    violates: ['gp-guarantee', 'reader-safety'],
    note: `Coverage: a caller migrated to the other CPU appends to that krcp's page, which has room. ${RACE}`,
    shown: RACE_SHOWN,
  },
  // B4 (PREEMPT_RT lock classes, `rt`): the same bounds in v1, v5.9 and v5.11 (v59-rt-irqoff, v511-rt-irqoff).
  {
    id: 'v1-rt-irqoff',
    model: 'kvfree-v1',
    params: { objects: 'e', context: 'irqoff', rt: 1 },
    bounds: '1 CPU, 1 two-argument object freed by a caller with IRQs disabled, PREEMPT_RT lock rules (rt=1)',
    violates: ['context'],
    note: B4_V1,
    shown: { 'context': 'rt-spinlock-irqs-off' },
  },
  {
    id: 'v1-rt-fixed-headless',
    model: 'kvfree-v1',
    params: { objects: 'h', fix: '8ac88f7177c7+4d2919411867', rt: 2 },
    bounds: '1 CPU, 1 head-less object, 1 reader, a CONFIG_PREEMPT_RT=y build with 8ac88f7177c7 and 4d2919411867 (C3 takes no page from the allocator: get_cached_bnode() only), any wrapper failures',
    violates: ['debug-objects', 'debug-objects-end'],
    note: `Coverage: B4's fixed side with a head-less object, so C3's get_cached_bnode() failure leads into each of C4's wrapper kmalloc paths. ${DEBUG}`,
    shown: DEBUG_SHOWN,
  },
  {
    id: 'v1-rqlock',
    model: 'kvfree-v1',
    params: { objects: 'e', context: 'rqlock' },
    bounds: '1 CPU, 1 two-argument object freed by a caller that holds rq->lock (IRQs off)',
    violates: ['context'],
    note:
      B12_RULE +
      'The seed breaks it: with no page with room and none cached, kvfree_call_rcu_add_ptr_to_bulk() calls __get_free_page(GFP_NOWAIT | __GFP_NOWARN) under the caller\'s rq->lock, ' +
      'and GFP_NOWAIT carries __GFP_KSWAPD_RECLAIM, so the allocator may wake kswapd (wake_all_kswapds() in the slow path every failed attempt takes). ' +
      'Its 0-delay expedited drain after a ch3 queueing is the second wake (v1-rqlock-preempt-rt); v5.9 keeps the allocation (v59-rqlock), v5.11 removes both (v511-rqlock).',
    shown: { 'context': 'alloc-wake-under-rq-lock' },
  },
  {
    id: 'v1-rqlock-preempt-rt',
    model: 'kvfree-v1',
    params: { objects: 'e', context: 'rqlock', fix: '8ac88f7177c7+4d2919411867', rt: 2 },
    bounds: 'as v1-rqlock, on a CONFIG_PREEMPT_RT=y build with 8ac88f7177c7 and 4d2919411867 (no page allocator under krcp->lock)',
    violates: ['context'],
    note:
      B12_RULE +
      'With the allocator out of the way (a PREEMPT_RT build returns false before __get_free_page()), the object goes to ch3 and the seed\'s C6 does ' +
      'schedule_delayed_work(&krcp->monitor_work, expedited_drain ? 0:KFREE_DRAIN_JIFFIES) with expedited_drain set ("[PATCH 3/7] rcu/tree: introduce expedited_drain flag", 2020-03-23): ' +
      'delay 0 makes __queue_delayed_work() call __queue_work() at once, which wakes a worker under the caller\'s rq->lock. v5.9 was merged without the flag (KFREE_DRAIN_JIFFIES: a timer).',
    shown: { 'context': 'wake-under-rq-lock' },
  },
];

/** Bug-seeded kvfree-v1 configurations: each breaks one step and must violate the named property. */
export const V1_MUTATIONS: readonly KvfreeConfig[] = [
  {
    id: 'v1-mut-no-gp-wait',
    model: 'kvfree-v1',
    params: { objects: 'e', mutation: 'no-gp-wait' },
    bounds: '1 CPU, 1 two-argument object, 1 reader',
    violates: ['gp-guarantee', 'reader-safety'],
    note: 'rcu_work_rcufn runs without waiting for its grace period.',
    mutation: true,
    shown: { 'gp-guarantee': 'unwaited-gp', 'reader-safety': 'unwaited-gp' },
  },
  {
    id: 'v1-mut-call-before-unpublish',
    model: 'kvfree-v1',
    params: { objects: 'e', mutation: 'call-before-unpublish' },
    bounds: '1 CPU, 1 two-argument object, 1 reader',
    violates: ['reader-safety'],
    note: 'The client calls kvfree_rcu() while the object is still published: a reader can take it after the grace period started.',
    mutation: true,
    shown: { 'reader-safety': 'published-after-call' },
  },
  {
    id: 'v1-mut-double-free',
    model: 'kvfree-v1',
    params: { objects: 'e', mutation: 'double-free' },
    bounds: '1 CPU, 1 two-argument object, 1 reader',
    violates: ['exactly-once'],
    note: 'W4 calls kvfree(ptr) twice.',
    mutation: true,
    shown: { 'exactly-once': 'double-free' },
  },
  {
    id: 'v1-mut-skip-untag',
    model: 'kvfree-v1',
    params: { objects: 'h', debug: 0, mutation: 'skip-untag' },
    bounds: '1 CPU, 1 head-less object, debug objects off',
    violates: ['valid-free', 'back-pointer', 'no-leak'],
    note: 'W4 forgets `offset -= 1` for a BIT(0)-tagged wrapper: kvfree(*(W-1)) and kvfree(W-1).',
    mutation: true,
    shown: { 'valid-free': 'unallocated-free', 'back-pointer': 'misdecoded-head', 'no-leak': 'dropped' },
  },
  {
    id: 'v1-mut-kfree-vmalloc',
    model: 'kvfree-v1',
    params: { objects: 'ev', mutation: 'kfree-vmalloc' },
    bounds: '1 CPU, 1 two-argument vmalloc object',
    violates: ['valid-free', 'no-leak', 'debug-objects-lost'],
    note: 'W3 frees vmalloc records with kfree() instead of vfree(): the debug object was already deactivated, so the object that is never freed is lost to the debug-object table too.',
    mutation: true,
    shown: { 'valid-free': 'wrong-kind-free', 'no-leak': 'dropped', 'debug-objects-lost': 'unqueued-unfreed' },
  },
  {
    id: 'v1-mut-next-after-free',
    model: 'kvfree-v1',
    params: { objects: 'e', mutation: 'next-after-free' },
    bounds: '1 CPU, 1 two-argument object',
    violates: ['no-uaf-read'],
    note: 'W4 reads head->next after kvfree() of the object that embeds the head.',
    mutation: true,
    shown: { 'no-uaf-read': 'read-after-free' },
  },
  {
    id: 'v1-mut-sync-under-lock',
    model: 'kvfree-v1',
    params: { objects: 'h', debug: 0, mutation: 'sync-under-lock' },
    bounds: '1 CPU, 1 head-less object, debug objects off',
    violates: ['context'],
    note: 'synchronize_rcu() moved inside the IRQ-off, krcp-locked section.',
    mutation: true,
    shown: { 'context': 'sleep-under-krcp-lock' },
  },
  {
    id: 'v1-mut-no-unlock',
    model: 'kvfree-v1',
    params: { objects: 'e', shrinker: 1, mutation: 'no-unlock' },
    bounds: '1 CPU, 1 two-argument object, one shrinker run',
    violates: ['context', 'no-leak', 'debug-objects-end'],
    note: 'kfree_rcu_monitor() returns without spin_unlock() when monitor_todo is clear.',
    mutation: true,
    shown: { 'context': 'lock-discipline', 'no-leak': 'stranded-batch', 'debug-objects-end': 'never-unqueued' },
  },
  {
    id: 'v1-mut-no-count',
    model: 'kvfree-v1',
    params: { objects: 'e', mutation: 'no-count' },
    bounds: '1 CPU, 1 two-argument object',
    violates: ['accounting'],
    note: 'C5 forgets count++.',
    mutation: true,
    shown: { 'accounting': 'count-missed' },
  },
  {
    id: 'v1-mut-no-unqueue',
    model: 'kvfree-v1',
    params: { objects: 'e', mutation: 'no-unqueue' },
    bounds: '1 CPU, 1 two-argument object',
    violates: ['debug-objects', 'debug-objects-end'],
    note: 'W4 forgets debug_rcu_head_unqueue() before kvfree().',
    mutation: true,
    shown: { 'debug-objects': 'free-active', 'debug-objects-end': 'never-unqueued' },
  },
  {
    id: 'v1-mut-leak-batch',
    model: 'kvfree-v1',
    params: { objects: 'e', mutation: 'leak-batch' },
    bounds: '1 CPU, 1 two-argument object',
    violates: ['no-leak', 'debug-objects-end'],
    note: 'M2 moves a channel into a batch but forgets queue_rcu_work().',
    mutation: true,
    shown: { 'no-leak': 'stranded-batch', 'debug-objects-end': 'never-unqueued' },
  },
  {
    id: 'v1-mut-double-call',
    model: 'kvfree-v1',
    params: { objects: 'e,=0' },
    bounds: '1 CPU, one two-argument object handed to kvfree_rcu() twice (a client bug)',
    violates: ['exactly-once', 'no-uaf-read', 'debug-objects', 'gp-guarantee'],
    note: 'The client calls kvfree_rcu() twice on one object. C2 (debug_rcu_head_queue(), "Double-freed call") refuses the second call only while the first is still queued; once the object is freed it is queued again and freed twice.',
    mutation: true,
    shown: { 'gp-guarantee': 'repeat-call', 'exactly-once': 'double-free', 'no-uaf-read': 'read-after-free', 'debug-objects': 'requeue-active' },
  },
  {
    id: 'v1-mut-page-next-after-free',
    model: 'kvfree-v1',
    params: { objects: 'e', cache: 0, mutation: 'page-next-after-free' },
    bounds: '1 CPU, 1 two-argument object on a bulk page, page cache off (the page is freed)',
    violates: ['no-uaf-read'],
    note: 'W2 reads bnode->next after free_page(): a read of a freed page header.',
    mutation: true,
    shown: { 'no-uaf-read': 'read-after-free' },
  },
];

// ---------------------------------------------------------------------------------------------
// kvfree-v5.9 (docs/protocol.md §3.1)
// ---------------------------------------------------------------------------------------------

const RACE59 =
  'Finding B1 (real, still present in v5.9; fixed in v6.3 by 5da7cb193db3): the batching of v1 is unchanged by the merge: ' +
  'queue_kfree_rcu_work() attaches newly queued objects to a batch whose rcu_work is still PENDING, or whose worker is past ' +
  'W0 but not yet at W1, so they are freed under a grace period that began before their kvfree_call_rcu().';
const BOOT59 =
  'Finding (real in v5.9; fixed when kfree_rcu_scheduler_running() started using need_offload_krc()): an object put in a bulk ' +
  'page while rcu_scheduler_active is INIT does not arm the monitor (C6 needs RUNNING) and kfree_rcu_scheduler_running() ' +
  'only tests krcp->head, so the page is never drained.';

/** Faithful kvfree-v5.9 configurations. */
export const V59_CONFIGS: readonly KvfreeConfig[] = [
  {
    id: 'v59-one-embedded',
    model: 'kvfree-v5.9',
    params: { objects: 'e' },
    bounds: '1 CPU, 1 two-argument object, 1 reader, capacity 1, page cache list (limit 2), any allocation failures',
    violates: [],
    note: 'A single two-argument object is reclaimed correctly on the bulk and ch3 paths.',
  },
  {
    id: 'v59-one-headless',
    model: 'kvfree-v5.9',
    params: { objects: 'h' },
    bounds: '1 CPU, 1 head-less object, 1 reader (bulk page or synchronize_rcu() + kvfree() fallback)',
    violates: [],
    note: 'Without a wrapper the debug-object mismatch of v1 is gone: C2 queues and W2/C8 unqueue the same object pointer.',
  },
  {
    id: 'v59-small',
    model: 'kvfree-v5.9',
    params: { objects: 'h,e' },
    bounds: '1 CPU, a head-less and a two-argument object, 1 reader, capacity 1, cache limit 2',
    violates: ['gp-guarantee', 'reader-safety'],
    note: RACE59,
    shown: RACE_SHOWN,
  },
  {
    id: 'v59-two-embedded-nodebug',
    model: 'kvfree-v5.9',
    params: { objects: 'e,e', debug: 0 },
    bounds: '1 CPU, two two-argument objects, debug objects off',
    violates: ['gp-guarantee', 'reader-safety'],
    note: RACE59,
    shown: RACE_SHOWN,
  },
  {
    id: 'v59-cache1',
    model: 'kvfree-v5.9',
    params: { objects: 'h,h', capacity: 2, cacheLimit: 1 },
    bounds: '1 CPU, two head-less objects, bulk pages of 2 records, rcu_min_cached_objs = 1',
    violates: [],
    note: 'Head-less objects sharing one page, page returned to the cache list or freed when the list is full.',
  },
  {
    id: 'v59-readers-shrinker',
    model: 'kvfree-v5.9',
    params: { objects: 'e', readers: 2, shrinker: 1 },
    bounds: '1 CPU, 1 two-argument object, 2 readers, one kfree_rcu_shrink_scan() run',
    violates: [],
    note: 'The shrinker draining under the raw lock does not break any property for a single object.',
  },
  {
    id: 'v59-shrink-core',
    model: 'kvfree-v5.9',
    params: { objects: 'e', readers: 0, debug: 0, shrinkCore: 1 },
    bounds: "1 CPU, 1 two-argument object, no reader, debug objects off, one do_shrink_slab() around the kvfree shrinker (batch 1)",
    violates: [],
    note: 'B9 fixed (c6dfd72b7a3b, in v5.9): a scan that finds nothing returns SHRINK_STOP and the loop ends.',
  },
  {
    id: 'v59-2cpu',
    model: 'kvfree-v5.9',
    params: { cpus: 2, objects: 'h,e' },
    bounds: '2 CPUs (callers may migrate; W2/W3 return pages to the cache of the CPU the worker runs on), 1 reader',
    violates: ['gp-guarantee', 'reader-safety'],
    note: RACE59,
    shown: RACE_SHOWN,
  },
  {
    id: 'v59-2cpu-even',
    model: 'kvfree-v5.9',
    params: { cpus: 2, objects: 'e,e' },
    bounds: '2 CPUs handed the same objects (a two-argument object each: the CPU swap is a symmetry), callers may migrate, 1 reader',
    violates: ['gp-guarantee', 'reader-safety'],
    note: RACE59,
    shown: RACE_SHOWN,
  },
  {
    id: 'v59-boot',
    model: 'kvfree-v5.9',
    params: { objects: 'e', boot: 'boot' },
    bounds: '1 CPU from INACTIVE through kfree_rcu_batch_init, INIT and RUNNING; 1 two-argument object',
    violates: ['no-leak', 'debug-objects-end'],
    note: BOOT59,
    shown: BOOT_SHOWN,
  },
  {
    id: 'v59-irqoff-headless',
    model: 'kvfree-v5.9',
    params: { objects: 'h', context: 'irqoff', debug: 0 },
    bounds: '1 CPU, a head-less object freed with IRQs disabled (API misuse)',
    violates: ['context'],
    note: 'Documented rule: head-less kvfree_rcu() may block in synchronize_rcu() and must be called from might_sleep() context.',
    shown: { 'context': 'sleep-irqs-off' },
  },
  // Smallest failing configuration found by `rcucheck sweep kvfree-v5.9` (reports/sweep/kvfree-v5.9.md).
  {
    id: 'v59-sweep-small-noreader',
    model: 'kvfree-v5.9',
    params: { objects: 'h,e', readers: 0 },
    bounds: '1 CPU, a head-less and a two-argument object, no reader, capacity 1, cache limit 2',
    violates: ['gp-guarantee'],
    note: 'Smallest configuration where gp-guarantee fails, found by rcucheck sweep (finding B1 of v59-small, without a reader).',
    shown: { 'gp-guarantee': 'pending-piggyback' },
  },
  // Coverage configurations (proofs/coverage.json): each reaches steps no other faithful configuration takes.
  {
    id: 'v59-boot-headless',
    model: 'kvfree-v5.9',
    params: { objects: 'h', boot: 'boot', debug: 0 },
    bounds: '1 CPU from INACTIVE through kfree_rcu_batch_init, INIT and RUNNING; 1 head-less object, debug objects off',
    violates: ['no-leak'],
    note:
      `Coverage: a head-less object freed before kfree_rcu_batch_init() takes C3's "krcp not initialized" failure into the synchronize_rcu() + kvfree() fallback. ${BOOT59}`,
    shown: { 'no-leak': BOOT_SHOWN['no-leak'] },
  },
  {
    id: 'v59-vmalloc-spontaneous',
    model: 'kvfree-v5.9',
    params: { objects: 'h,ev', spontaneous: 1 },
    bounds: '1 CPU, a head-less and a two-argument vmalloc object, 1 reader, one spontaneous grace period',
    violates: ['gp-guarantee', 'reader-safety'],
    note: `Coverage: W3 vfree()s a vmalloc page and returns it, and a grace period starts with nobody waiting. ${RACE59}`,
    shown: RACE_SHOWN,
  },
  {
    id: 'v59-2cpu-capacity2-vmalloc',
    model: 'kvfree-v5.9',
    params: { cpus: 2, objects: 'ev,ev', capacity: 2, debug: 0 },
    bounds: '2 CPUs, a two-argument vmalloc object each, bulk pages of 2 records, debug objects off',
    violates: ['gp-guarantee', 'reader-safety'],
    note: `Coverage: a migrated caller appends to the other krcp's page (room), and a vmalloc page is returned by a worker on either CPU. ${RACE59}`,
    shown: RACE_SHOWN,
  },
  // B4 (PREEMPT_RT lock classes, `rt`), at the bounds of v1-rt-irqoff.
  {
    id: 'v59-rt-irqoff',
    model: 'kvfree-v5.9',
    params: { objects: 'e', context: 'irqoff', rt: 1 },
    bounds: '1 CPU, 1 two-argument object freed by a caller with IRQs disabled, PREEMPT_RT lock rules checked on a !PREEMPT_RT build (rt=1)',
    violates: ['context'],
    note:
      'Finding B4-alloc (real in v5.9; fixed in v5.11 by 56292e8609e3 "rcu/tree: Defer kvfree_rcu() allocation to a clean context"): with krcp->lock ' +
      'raw since 8ac88f7177c7, kvfree_call_rcu_add_ptr_to_bulk() still calls __get_free_page(GFP_NOWAIT | __GFP_NOWARN) under it when no page is ' +
      'cached; the allocator takes zone->lock, a spinlock_t, inside the raw lock, which CONFIG_PROVE_RAW_LOCK_NESTING reports on a !PREEMPT_RT ' +
      'build (as Sebastian Andrzej Siewior pointed out in review; a CONFIG_PREEMPT_RT build skips the call, see v59-rt-preempt-rt).',
    shown: { 'context': 'alloc-under-raw-lock' },
  },
  {
    id: 'v59-rt-preempt-rt',
    model: 'kvfree-v5.9',
    params: { objects: 'e', context: 'irqoff', rt: 2 },
    bounds: '1 CPU, 1 two-argument object freed by a caller with IRQs disabled, a CONFIG_PREEMPT_RT=y build (rt=2)',
    violates: [],
    note:
      'On a CONFIG_PREEMPT_RT build v5.9 does not enter the allocator under the raw lock: kvfree_call_rcu_add_ptr_to_bulk() has ' +
      '`if (IS_ENABLED(CONFIG_PREEMPT_RT)) return false;` before __get_free_page(), so without a cached page every object takes ch3 ' +
      '(or, head-less, synchronize_rcu()); B4-alloc remains on !PREEMPT_RT builds checked with CONFIG_PROVE_RAW_LOCK_NESTING (v59-rt-irqoff).',
  },
  {
    id: 'v511-rt-irqoff',
    model: 'kvfree-v5.9',
    params: { objects: 'e', context: 'irqoff', rt: 1, kernel: 'v5.11' },
    bounds: '1 CPU, 1 two-argument object freed by a caller with IRQs disabled, PREEMPT_RT lock rules (rt=1), the v5.11 kvfree_call_rcu()',
    violates: [],
    note:
      'B4-alloc fixed (v5.11, 56292e8609e3): kvfree_call_rcu_add_ptr_to_bulk() takes get_cached_bnode() only; when it fails kvfree_call_rcu() calls ' +
      'run_page_cache_worker() and queues the object on ch3 (head-less: synchronize_rcu() + kvfree()), and fill_page_cache_func() allocates ' +
      'pages with GFP_KERNEL from workqueue context with no lock held, taking the raw lock only for put_cached_bnode().',
  },
  {
    id: 'v511-rt-headless',
    model: 'kvfree-v5.9',
    params: { objects: 'h', rt: 1, kernel: 'v5.11' },
    bounds: '1 CPU, 1 head-less object from sleepable context, PREEMPT_RT lock rules (rt=1), the v5.11 kvfree_call_rcu()',
    violates: [],
    note:
      'Coverage (v5.11, 56292e8609e3): a head-less object with no cached page takes `if (head == NULL) goto unlock_return` after ' +
      'run_page_cache_worker(), then synchronize_rcu() + kvfree() outside the lock; or a page the refill work cached.',
  },
  {
    id: 'v59-rqlock',
    model: 'kvfree-v5.9',
    params: { objects: 'e', context: 'rqlock' },
    bounds: '1 CPU, 1 two-argument object freed by a caller that holds rq->lock (IRQs off)',
    violates: ['context'],
    note:
      B12_RULE +
      'v5.9 breaks it: C6 arms monitor_work with KFREE_DRAIN_JIFFIES (a timer, no wake), but with no page with room and none cached kvfree_call_rcu_add_ptr_to_bulk() calls ' +
      '__get_free_page(GFP_NOWAIT | __GFP_NOWARN) under the caller\'s rq->lock, and the allocator may wake kswapd. Fixed in v5.11 by 56292e8609e3 (v511-rqlock; history row B12).',
    shown: { 'context': 'alloc-wake-under-rq-lock' },
  },
  {
    id: 'v511-rqlock',
    model: 'kvfree-v5.9',
    params: { objects: 'e', context: 'rqlock', kernel: 'v5.11' },
    bounds: '1 CPU, 1 two-argument object freed by a caller that holds rq->lock (IRQs off), the v5.11 kvfree_call_rcu()',
    violates: [],
    note:
      B12_RULE +
      'v5.11 (56292e8609e3) keeps it: no allocator under the lock, and run_page_cache_worker() kicks the refill through hrtimer_start(&krcp->hrtimer, 0, HRTIMER_MODE_REL), ' +
      'whose schedule_page_work_fn() does queue_work(system_highpri_wq, &krcp->page_cache_work) from the hrtimer interrupt, outside the caller; C6 is a KFREE_DRAIN_JIFFIES timer. ' +
      'The rule bites on the wake-direct mutation (v511-mut-wake-direct).',
  },
];

/** Bug-seeded kvfree-v5.9 configurations. */
export const V59_MUTATIONS: readonly KvfreeConfig[] = [
  { id: 'v59-mut-no-gp-wait', model: 'kvfree-v5.9', params: { objects: 'e', mutation: 'no-gp-wait' }, bounds: '1 CPU, 1 two-argument object', violates: ['gp-guarantee', 'reader-safety'], note: 'rcu_work_rcufn runs without waiting for its grace period.', mutation: true, shown: { 'gp-guarantee': 'unwaited-gp', 'reader-safety': 'unwaited-gp' } },
  { id: 'v59-mut-double-free', model: 'kvfree-v5.9', params: { objects: 'e', mutation: 'double-free' }, bounds: '1 CPU, 1 two-argument object', violates: ['exactly-once'], note: 'W4 calls kvfree(ptr) twice.', mutation: true, shown: { 'exactly-once': 'double-free' } },
  { id: 'v59-mut-no-count', model: 'kvfree-v5.9', params: { objects: 'e', mutation: 'no-count' }, bounds: '1 CPU, 1 two-argument object', violates: ['accounting'], note: 'C5 forgets count++.', mutation: true, shown: { 'accounting': 'count-missed' } },
  { id: 'v59-mut-no-unqueue', model: 'kvfree-v5.9', params: { objects: 'e', mutation: 'no-unqueue' }, bounds: '1 CPU, 1 two-argument object', violates: ['debug-objects', 'debug-objects-end'], note: 'W4 forgets debug_rcu_head_unqueue().', mutation: true, shown: { 'debug-objects': 'free-active', 'debug-objects-end': 'never-unqueued' } },
  { id: 'v59-mut-leak-batch', model: 'kvfree-v5.9', params: { objects: 'e', mutation: 'leak-batch' }, bounds: '1 CPU, 1 two-argument object', violates: ['no-leak', 'debug-objects-end'], note: 'M2 moves a channel into a batch but forgets queue_rcu_work().', mutation: true, shown: { 'no-leak': 'stranded-batch', 'debug-objects-end': 'never-unqueued' } },
  { id: 'v59-mut-kfree-vmalloc', model: 'kvfree-v5.9', params: { objects: 'ev', mutation: 'kfree-vmalloc' }, bounds: '1 CPU, 1 two-argument vmalloc object', violates: ['valid-free', 'no-leak', 'debug-objects-lost'], note: 'W3 frees vmalloc records with kfree() (the debug object was already deactivated).', mutation: true, shown: { 'valid-free': 'wrong-kind-free', 'no-leak': 'dropped', 'debug-objects-lost': 'unqueued-unfreed' } },
  { id: 'v59-mut-next-after-free', model: 'kvfree-v5.9', params: { objects: 'e', mutation: 'next-after-free' }, bounds: '1 CPU, 1 two-argument object', violates: ['no-uaf-read'], note: 'W4 reads head->next after kvfree().', mutation: true, shown: { 'no-uaf-read': 'read-after-free' } },
  { id: 'v59-mut-call-before-unpublish', model: 'kvfree-v5.9', params: { objects: 'e', mutation: 'call-before-unpublish' }, bounds: '1 CPU, 1 two-argument object', violates: ['reader-safety'], note: 'The client calls kvfree_rcu() while the object is still published.', mutation: true, shown: { 'reader-safety': 'published-after-call' } },
  {
    id: 'v511-mut-wake-direct',
    model: 'kvfree-v5.9',
    params: { objects: 'e', context: 'rqlock', kernel: 'v5.11', mutation: 'wake-direct' },
    bounds: 'as v511-rqlock',
    violates: ['context'],
    note: 'run_page_cache_worker() queues page_cache_work from the caller at once instead of through the hrtimer (B12): the worker is woken under the caller\'s rq->lock.',
    mutation: true,
    shown: { 'context': 'wake-under-rq-lock' },
  },
];

// ---------------------------------------------------------------------------------------------
// kvfree-v6 (docs/protocol.md §3.2)
// ---------------------------------------------------------------------------------------------

const V6_HOLDS =
  'Expected from history and confirmed: v6.3 ("Avoid freeing new kfree_rcu() memory after old grace period") removed the ' +
  'W0/W1 race: kvfree_rcu_queue_batch() only uses a batch whose three slots are all empty, i.e. whose kfree_rcu_work() ' +
  'has passed W1, and every page/list carries its own grace-period snapshot.';
const V6_WARN =
  "v6's second line of defence: kfree_rcu_work() and kvfree_rcu_bulk() poll each page's / the list's snapshot and WARN " +
  'instead of freeing early, so the seeded bug shows up as a leak (objects left on a WARNed page or list), not as a premature free.';

/** Faithful kvfree-v6 configurations. */
export const V6_CONFIGS: readonly KvfreeConfig[] = [
  {
    id: 'v6-one-embedded',
    model: 'kvfree-v6',
    params: { objects: 'e' },
    bounds: '1 CPU, 1 two-argument object, 1 reader, capacity 1, cache limit 2, no refill worker',
    violates: [],
    note: 'A two-argument object with no cached page goes to ch3 (can_alloc is false) and is reclaimed after its snapshot.',
  },
  {
    id: 'v6-one-headless',
    model: 'kvfree-v6',
    params: { objects: 'h' },
    bounds: '1 CPU, 1 head-less object (lock dropped for the GFP_KERNEL page; synchronize_rcu() + kvfree() on failure)',
    violates: [],
    note: 'Dropping and re-taking the same krcp lock around the sleeping page allocation is safe.',
  },
  {
    id: 'v6-small',
    model: 'kvfree-v6',
    params: { objects: 'h,e' },
    bounds: '1 CPU, a head-less and a two-argument object, 1 reader (the v1-small and v59-small scenario)',
    violates: [],
    note: V6_HOLDS,
  },
  {
    id: 'v6-spontaneous',
    model: 'kvfree-v6',
    params: { objects: 'h,e', spontaneous: 1 },
    bounds: 'as v6-small plus one spontaneous grace period (so kvfree_rcu_drain_ready() finds pages and lists already safe)',
    violates: [],
    note: 'drain_ready frees pages and the ch3 list whose snapshots already polled done, without a batch.',
  },
  {
    id: 'v6-three',
    model: 'kvfree-v6',
    params: { objects: 'h,e,e' },
    bounds: '1 CPU, three objects (head-less, two-argument, two-argument), 1 reader',
    violates: [],
    note: V6_HOLDS,
  },
  {
    id: 'v6-2cpu',
    model: 'kvfree-v6',
    params: { cpus: 2, objects: 'h,e' },
    bounds: '2 CPUs (callers may migrate, also across the sleeping page allocation), 1 reader',
    violates: [],
    note: 'Re-locking the same krcp after migrating during the GFP_KERNEL allocation keeps the page on the krcp that owns its snapshot.',
  },
  {
    id: 'v6-2cpu-even',
    model: 'kvfree-v6',
    params: { cpus: 2, objects: 'e,e' },
    bounds: '2 CPUs handed the same objects (a two-argument object each: the CPU swap is a symmetry), callers may migrate, 1 reader',
    violates: [],
    note: 'With a two-argument object on each CPU every object waits for a grace period that started after its call, on every interleaving.',
  },
  {
    id: 'v6-vmalloc',
    model: 'kvfree-v6',
    params: { objects: 'h,ev' },
    bounds: '1 CPU, a head-less slab object and a two-argument vmalloc object',
    violates: [],
    note: V6_HOLDS,
  },
  {
    id: 'v6-refill',
    model: 'kvfree-v6',
    params: { objects: 'h,e', refill: 1 },
    bounds: 'as v6-small with the page-cache refill worker (run_page_cache_worker → fill_page_cache_func)',
    violates: [],
    note: 'Refilled cached pages let later calls take the bulk path; nothing is lost.',
  },
  {
    id: 'v6-boot',
    model: 'kvfree-v6',
    params: { objects: 'h,e', boot: 'boot' },
    bounds: '1 CPU from INACTIVE through kvfree_rcu_init, INIT and RUNNING; a head-less and a two-argument object',
    violates: [],
    note: 'The v1/v5.9 boot leak is gone: kfree_rcu_scheduler_running() arms the monitor when any channel (need_offload_krc) is non-empty.',
  },
  {
    id: 'v6-dyn-head',
    model: 'kvfree-v6',
    params: { objects: 'h,e', tag: 'dyn-head' },
    bounds: 'as v6-small with the 2024 dyn_rcu_head proposal for head-less objects without a page',
    violates: [],
    note: 'dyn_rcu_head (func = object pointer for embedded heads, P for dynamic heads) decodes every head back to its object and frees the dynamic head; it debug-unqueues the object, not the head.',
  },
  {
    id: 'v6-dyn-head-low',
    model: 'kvfree-v6',
    params: { objects: 'h,e', tag: 'dyn-head', lowObj: 1 },
    bounds: 'as v6-dyn-head with the two-argument object placed at 0x800 (below 4096)',
    violates: ['valid-free', 'back-pointer', 'debug-objects', 'no-leak', 'debug-objects-end'],
    note: 'Protocol §4.3 requirement shown: func = 0x810 < 4096 makes kvfree_rcu_list() treat the embedded head as a dyn_rcu_head: it frees the garbage word before the head and the interior address head - P; the object is never freed.',
    shown: { 'valid-free': 'unallocated-free', 'back-pointer': 'misdecoded-head', 'debug-objects': 'unqueue-inactive', 'no-leak': 'dropped', 'debug-objects-end': 'never-unqueued' },
  },
  // Coverage configurations (proofs/coverage.json): each reaches steps no other faithful configuration takes.
  {
    id: 'v6-capacity2',
    model: 'kvfree-v6',
    params: { objects: 'h,h', capacity: 2, spontaneous: 1 },
    bounds: '1 CPU, two head-less objects sharing a bulk page of 2 records, one spontaneous grace period (v6-mut-no-snap-refresh without the mutation)',
    violates: [],
    note: "Coverage: the second object is appended to a non-empty page; add_ptr_to_bulk_krc_lock() refreshes bnode->gp_snap on every append, so drain_ready never frees it early (the mutation that skips the refresh does).",
  },
  {
    id: 'v6-vmalloc-spontaneous',
    model: 'kvfree-v6',
    params: { objects: 'h,ev', spontaneous: 1 },
    bounds: '1 CPU, a head-less and a two-argument vmalloc object, 1 reader, one spontaneous grace period',
    violates: [],
    note: 'Coverage: kvfree_rcu_drain_ready() frees a vmalloc page whose snapshot already polled done (vfree() path) and returns it, without a batch.',
  },
  {
    id: 'v6-2cpu-capacity2',
    model: 'kvfree-v6',
    params: { cpus: 2, objects: 'h,h', capacity: 2 },
    bounds: '2 CPUs, a head-less object each, bulk pages of 2 records',
    violates: [],
    note: "Coverage: a caller migrated to the other CPU appends to that krcp's non-empty page; nothing is freed early, twice or leaked.",
  },
  {
    id: 'v6-2cpu-dyn-head',
    model: 'kvfree-v6',
    params: { cpus: 2, objects: 'h,e', tag: 'dyn-head' },
    bounds: '2 CPUs, a head-less and a two-argument object, the dyn_rcu_head proposal',
    violates: [],
    note: 'Coverage: a caller running on the other CPU (migrated) takes the dynamic-head path (kmalloc(GFP_KERNEL), then krc_this_cpu_lock() of that CPU); every head still decodes to its object, freed once after its grace period.',
  },
  // B5 (kernel=v6.4 against the fixed code at the same bounds).
  {
    id: 'v64-2cpu-headless',
    model: 'kvfree-v6',
    params: { cpus: 2, objects: 'h', kernel: 'v6.4' },
    bounds: '2 CPUs, one head-less object (on cpu0; the caller may migrate across the sleeping page allocation), 1 reader, v6.4 code',
    violates: ['krcp-consistent'],
    note:
      'Finding B5 (real, v5.12..v6.4; fixed in v6.5 by 309a43165077 "rcu/kvfree: Use consistent krcp when growing kfree_rcu() page cache"): ' +
      "add_ptr_to_bulk_krc_lock() finds no page with room and no cached page on krcp[0], drops its lock for __get_free_page(GFP_KERNEL), the task migrates to cpu1, " +
      "and `*krcp = krc_this_cpu_lock(flags)` locks krcp[1]: the page is list_add()ed to krcp[1]'s bulk_head (or run_page_cache_worker() runs on krcp[1]) on a decision taken on krcp[0]. " +
      'kvfree_call_rcu() then unlocks krcp[1], the lock it took, and the object is still freed once after its grace period, so only krcp-consistent fails.',
    shown: { 'krcp-consistent': 'krcp-switch' },
  },
  {
    id: 'v6-2cpu-headless',
    model: 'kvfree-v6',
    params: { cpus: 2, objects: 'h', kernel: 'v6.12' },
    bounds: 'as v64-2cpu-headless with the fixed code (v6.5+: re-lock the same krcp)',
    violates: [],
    note: 'B5 fixed (309a43165077): raw_spin_lock_irqsave(&(*krcp)->lock) re-takes the krcp whose state justified the allocation, even after a migration; krcp-consistent holds.',
  },
  {
    id: 'v612-gpinit-headless',
    model: 'kvfree-v6',
    params: { objects: 'h', spontaneous: 1, gpinit: 1, debug: 0 },
    bounds: "1 CPU, one head-less object, one reader, one spontaneous GP, grace-period initialisation as its own step (the root rcu_node's gp_seq lags rcu_state.gp_seq until rcu_gp_init() reaches it)",
    violates: ['gp-guarantee', 'reader-safety'],
    note:
      'Finding B8 (real; fixed in v6.15 by 85aad7cc4178 "rcu: Fix get_state_synchronize_rcu_full() GP-start detection"): a grace period starts in rcu_state.gp_seq; a reader begins after that (on a CPU that came online during the initialisation, which this GP need not wait for) and picks up the object; ' +
      "kvfree_call_rcu() appends the object to a bulk page whose gp_snap get_state_synchronize_rcu_full() takes from the root rcu_node's gp_seq, not yet updated, so the cookie names the end of the GP under way; that GP ends without waiting for the reader, and kvfree_rcu_drain_ready() frees the page while the reader holds the object.",
    shown: { 'gp-guarantee': 'lagging-root-cookie', 'reader-safety': 'lagging-root-cookie' },
  },
  {
    id: 'v615-gpinit-headless',
    model: 'kvfree-v6',
    params: { objects: 'h', spontaneous: 1, gpinit: 1, debug: 0, kernel: 'v6.15' },
    bounds: 'as v612-gpinit-headless with the fixed cookie (v6.15+)',
    violates: [],
    note: 'B8 fixed (85aad7cc4178): get_state_synchronize_rcu_full() takes the cookie from rcu_state.gp_seq, which already shows the started grace period, so the page waits for the next one, which waits for the reader.',
  },
  {
    id: 'v6-shrinker',
    model: 'kvfree-v6',
    params: { objects: 'h,e', shrinker: 1 },
    bounds: 'as v6-small with one kfree_rcu_shrink_scan() (after a kfree_rcu_shrink_count() that found something): drain_page_cache() and kfree_rcu_monitor() in the shrinker, concurrently with the monitor work',
    violates: [],
    note: "The shrinker's own kvfree_rcu_drain_ready(), kvfree_rcu_queue_batch() and re-arm on the same krcp as the monitor work: each detaches under krcp->lock into its own frame, so nothing is freed early, twice or lost.",
  },
  {
    id: 'v615-shrinker',
    model: 'kvfree-v6',
    params: { objects: 'h,e', shrinker: 1, kernel: 'v6.15' },
    bounds: 'as v6-shrinker on mm/slab_common.c v6.15 (the re-arm under krcp->lock, a23da88c6c80; the _full cookie from rcu_state, 85aad7cc4178)',
    violates: [],
    note: "Today's code with the shrinker: the re-arm of both the monitor work and the shrinker's kfree_rcu_monitor() takes krcp->lock; every property holds.",
  },
  {
    id: 'v6-shrinker-2scans',
    model: 'kvfree-v6',
    params: { objects: 'h,e', shrinker: 2 },
    bounds: 'as v6-shrinker with up to two kfree_rcu_shrink_scan() calls',
    violates: [],
    note: 'A second scan (with or without a new count in between) drains and queues again; nothing changes.',
  },
  {
    id: 'v6-2cpu-headless-shrinker',
    model: 'kvfree-v6',
    params: { cpus: 2, objects: 'h', shrinker: 1 },
    bounds: '2 CPUs, one head-less object, 1 reader, one kfree_rcu_shrink_scan() over both CPUs (it may stop after a CPU whose count used up nr_to_scan)',
    violates: [],
    note: "The shrinker visits both krcps in order, running kfree_rcu_monitor() on each while their monitor works may run on other CPUs; every property holds.",
  },
  {
    id: 'v6-spontaneous-shrinker-slab',
    model: 'kvfree-v6',
    params: { objects: 'h', spontaneous: 1, shrinker: 1 },
    bounds: '1 CPU, a head-less slab object (a bulk page of ch1), one spontaneous GP, one kfree_rcu_shrink_scan(): as v6-spontaneous-shrinker on the slab channel',
    violates: [],
    note: "The shrinker's and the monitor work's kvfree_rcu_drain_ready() race for the ready slab page; each takes it under krcp->lock, so the page is freed once, after its grace period.",
  },
  {
    id: 'v6-spontaneous-shrinker',
    model: 'kvfree-v6',
    params: { objects: 'hv', spontaneous: 1, shrinker: 1 },
    bounds: '1 CPU, a head-less vmalloc object (a bulk page of ch2), one spontaneous GP, one kfree_rcu_shrink_scan(): a page whose gp_snap has already passed is freed by whichever kvfree_rcu_drain_ready() detaches it first (the 2-CPU and refill shrinker configurations are in proofs/deep.json)',
    violates: [],
    note: "The shrinker's and the monitor work's kvfree_rcu_drain_ready() race for the ready vmalloc page; each takes it under krcp->lock, so the page is freed once, after its grace period.",
  },
  // Today's kernel, whole (issue 27): the newest modelled release with kvfree_rcu_barrier() and
  // kmem_cache_destroy() beside the callers, the monitor work, the batches and the shrinker (the
  // 2-CPU barrier is in proofs/deep.json). B10's pair is in the bug history (models/kvfree/history.ts).
  {
    id: 'v615-destroy',
    model: 'kvfree-v6',
    params: { kernel: 'v6.15', teardown: 'destroy' },
    bounds: '1 CPU, a head-less and a two-argument slab object, 1 reader; a module exit calls kmem_cache_destroy() of their cache after both kvfree_rcu() calls returned',
    violates: [],
    note: 'kmem_cache_destroy() calls kvfree_rcu_barrier() (6c6c47b063b5), which queues what is left on the krcp, waits for the monitor and flushes both batches: every object is freed before __kmem_cache_shutdown(), which finds the cache empty.',
  },
  {
    id: 'v615-barrier',
    model: 'kvfree-v6',
    params: { kernel: 'v6.15', teardown: 'barrier' },
    bounds: '1 CPU, a head-less and a two-argument slab object, 1 reader; kvfree_rcu_barrier() once, at any time, concurrently with the calls',
    violates: ['no-leak', 'debug-objects-end'],
    note: ARM_WHILE_DISABLED,
    shown: { 'no-leak': 'arm-while-disabled', 'debug-objects-end': 'never-unqueued' },
  },
  {
    id: 'v615-barrier-shrinker-embedded',
    model: 'kvfree-v6',
    params: { kernel: 'v6.15', teardown: 'barrier', shrinker: 1, objects: 'e' },
    bounds: '1 CPU, one two-argument object, 1 reader, one kfree_rcu_shrink_scan(), kvfree_rcu_barrier() once at any time',
    violates: [],
    note: "Safety holds: the shrinker, the monitor work and the barrier each take the object under krcp->lock, it is freed at most once and never before its grace period, and the barrier never returns before an object whose call returned before it. Liveness does not (its eventual-free entry): an object queued after the barrier's first loop passed its krcp loses its monitor to the second loop's cancel, and only the shrinker, which is not fair, could still drain it.",
  },
  {
    id: 'v615-destroy-reclaim',
    model: 'kvfree-v6',
    params: { kernel: 'v6.15', teardown: 'destroy', teardownIn: 'reclaim-worker' },
    bounds: 'as v615-destroy, kmem_cache_destroy() run by a WQ_MEM_RECLAIM worker (as nvme-wq tears a namespace down)',
    violates: [],
    note: "The batches are on rcu_reclaim_wq (WQ_MEM_RECLAIM, dfd3df31c9db), so the barrier's flush_rcu_work() from a reclaim worker breaks no flush dependency; every object is freed before the cache shuts down.",
  },
  {
    id: 'v613-destroy-reclaim',
    model: 'kvfree-v6',
    params: { kernel: 'v6.13', teardown: 'destroy', teardownIn: 'reclaim-worker' },
    bounds: 'as v615-destroy-reclaim on v6.13, before dfd3df31c9db',
    violates: ['flush-dependency'],
    note: "Finding B10' (real; reported by Keith Busch on 6.13.2 from nvme_scan_work, fixed in v6.14 by dfd3df31c9db): the batches are on system_unbound_wq, not WQ_MEM_RECLAIM, and kvfree_rcu_barrier() from kmem_cache_destroy() in a WQ_MEM_RECLAIM worker flush_rcu_work()s one that is queued: check_flush_dependency() WARNs.",
    shown: { 'flush-dependency': 'flush-non-reclaim' },
  },
  {
    id: 'v615-2cpu-barrier',
    model: 'kvfree-v6',
    params: { kernel: 'v6.15', cpus: 2, objects: 'e,e', readers: 0, teardown: 'barrier' },
    bounds: '2 CPUs, a two-argument object each, no reader; kvfree_rcu_barrier() once, at any time (with a reader: proofs/deep.json)',
    violates: ['no-leak', 'debug-objects-end'],
    note: `The barrier's two every-CPU loops: every object whose call returned before it began is freed before it returns (barrier-complete holds). ${ARM_WHILE_DISABLED}`,
    shown: { 'no-leak': 'arm-while-disabled', 'debug-objects-end': 'never-unqueued' },
  },
  {
    id: 'v615-destroy-shrinker',
    model: 'kvfree-v6',
    params: { kernel: 'v6.15', teardown: 'destroy', shrinker: 1, readers: 0 },
    bounds: '1 CPU, a head-less and a two-argument slab object, no reader, one kfree_rcu_shrink_scan(); kmem_cache_destroy() of their cache after both calls returned',
    violates: ['barrier-complete', 'destroy-clean'],
    note: SHRINKER_FRAME,
    shown: { 'barrier-complete': 'shrinker-frame', 'destroy-clean': 'shrinker-frame' },
  },
  {
    id: 'v6-rqlock',
    model: 'kvfree-v6',
    params: { objects: 'e,e', context: 'rqlock', refill: 1 },
    bounds: '1 CPU, 2 two-argument objects freed by a caller that holds rq->lock (IRQs off), with the page-cache refill worker',
    violates: [],
    note:
      B12_RULE +
      'v6.12 keeps it: add_ptr_to_bulk_krc_lock() allocates only for a head-less call (which may sleep anyway), __schedule_delayed_monitor_work() uses a delay of ' +
      '1 or KFREE_DRAIN_JIFFIES (a timer), and run_page_cache_worker() kicks the refill through an hrtimer. The rule bites on the wake-direct mutation (v6-mut-wake-direct).',
  },
];

/** Bug-seeded kvfree-v6 configurations. */
export const V6_MUTATIONS: readonly KvfreeConfig[] = [
  {
    id: 'v6-mut-non-reclaim-wq',
    model: 'kvfree-v6',
    params: { kernel: 'v6.15', teardown: 'destroy', teardownIn: 'reclaim-worker', mutation: 'non-reclaim-wq' },
    bounds: 'as v615-destroy-reclaim',
    violates: ['flush-dependency'],
    note: 'The batches on a workqueue without WQ_MEM_RECLAIM on today\'s code: the barrier in a reclaim worker flushes one that is queued (what v6.12 and v6.13 do, B10\').',
    mutation: true,
    shown: { 'flush-dependency': 'flush-non-reclaim' },
  },
  {
    id: 'v6-mut-barrier-no-flush',
    model: 'kvfree-v6',
    params: { objects: 'e,e', readers: 0, teardown: 'destroy', mutation: 'barrier-no-flush' },
    bounds: '1 CPU, two two-argument objects, no reader; kmem_cache_destroy() after both calls returned',
    violates: ['barrier-complete', 'destroy-clean'],
    note: "kvfree_rcu_barrier()'s second loop cancels the monitor but does not flush_rcu_work() the batches: it returns while a batch still holds an object, and the cache shuts down with it allocated.",
    mutation: true,
    shown: { 'barrier-complete': 'unflushed-batch', 'destroy-clean': 'unflushed-batch' },
  },
  { id: 'v6-mut-no-gp-wait', model: 'kvfree-v6', params: { objects: 'h,e', mutation: 'no-gp-wait' }, bounds: '1 CPU, a head-less and a two-argument object', violates: ['no-leak', 'debug-objects-end'], note: `rcu_work_rcufn runs without waiting for its grace period. ${V6_WARN}`, mutation: true, shown: { 'no-leak': 'dropped', 'debug-objects-end': 'never-unqueued' } },
  { id: 'v6-mut-no-snap-refresh', model: 'kvfree-v6', params: { objects: 'h,h', capacity: 2, spontaneous: 1, mutation: 'no-snap-refresh' }, bounds: '1 CPU, two head-less objects sharing a page, one spontaneous GP', violates: ['gp-guarantee', 'reader-safety'], note: 'bnode->gp_snap is taken only when the page is attached: drain_ready frees a record appended after that snapshot before its grace period.', mutation: true, shown: { 'gp-guarantee': 'stale-page-snap', 'reader-safety': 'stale-page-snap' } },
  { id: 'v6-mut-drain-no-poll', model: 'kvfree-v6', params: { objects: 'h,h', spontaneous: 1, mutation: 'drain-no-poll' }, bounds: '1 CPU, two head-less objects, one spontaneous GP', violates: ['no-leak', 'debug-objects-end'], note: `kvfree_rcu_drain_ready() takes pages without polling their snapshot. ${V6_WARN}`, mutation: true, shown: { 'no-leak': 'dropped', 'debug-objects-end': 'never-unqueued' } },
  { id: 'v6-mut-busy-batch', model: 'kvfree-v6', params: { objects: 'h,e,e', debug: 0, mutation: 'busy-batch' }, bounds: '1 CPU, three objects, debug objects off', violates: ['no-leak'], note: `kvfree_rcu_queue_batch() with the pre-v6.3 predicate (a batch with one free slot) re-creates the W0/W1 window. ${V6_WARN}`, mutation: true, shown: { 'no-leak': 'dropped' } },
  { id: 'v6-mut-double-free', model: 'kvfree-v6', params: { objects: 'e', mutation: 'double-free' }, bounds: '1 CPU, 1 two-argument object', violates: ['exactly-once'], note: 'kvfree_rcu_list() calls kvfree(ptr) twice.', mutation: true, shown: { 'exactly-once': 'double-free' } },
  { id: 'v6-mut-no-count', model: 'kvfree-v6', params: { objects: 'h', mutation: 'no-count' }, bounds: '1 CPU, 1 head-less object', violates: ['accounting'], note: 'The caller forgets atomic_inc(&krcp->bulk_count[idx]).', mutation: true, shown: { 'accounting': 'count-missed' } },
  {
    id: 'v6-f32276a37652-mut-drain-no-poll',
    model: 'kvfree-v6',
    params: { objects: 'h,h', spontaneous: 1, mutation: 'drain-no-poll', kernel: 'v6.5-merge-f32276a37652' },
    bounds: 'as v6-mut-drain-no-poll with the code at f32276a37652 (v6.5 merge window, never released)',
    violates: ['no-leak', 'debug-objects-lost'],
    note:
      'B11 (introduced by cdfa0f6fa6b7 and fixed by 1e237994d9c9 "rcu/kvfree: Invoke debug_rcu_bhead_unqueue() after checking bnode->gp_snap" inside the v6.5 merge window: never in a released kernel) shown with a mutation, ' +
      'because the WARN in kvfree_rcu_bulk() is unreachable in the faithful protocol: with the seeded drain-no-poll a page reaches kvfree_rcu_bulk() before its grace period; ' +
      'the tree at f32276a37652 (1e237994d9c9^) calls debug_rcu_bhead_unqueue() before the poll, so the records it then WARNs on and leaks are already inactive in the debug-object table: ' +
      'debug-objects-end, violated by v6-1e237994d9c9-mut-drain-no-poll (the fixed order, same bounds), holds here, and debug-objects-lost (P7(c)) catches the records the debug-object table no longer knows.',
    mutation: true,
    shown: { 'no-leak': 'dropped', 'debug-objects-lost': 'unqueued-unfreed' },
  },
  {
    id: 'v6-1e237994d9c9-mut-drain-no-poll',
    model: 'kvfree-v6',
    params: { objects: 'h,h', spontaneous: 1, mutation: 'drain-no-poll', kernel: 'v6.5-merge-1e237994d9c9' },
    bounds: 'as v6-f32276a37652-mut-drain-no-poll with 1e237994d9c9 applied (its only difference)',
    violates: ['no-leak', 'debug-objects-end'],
    note: `B11 fixed (1e237994d9c9): kvfree_rcu_bulk() debug-unqueues a page's records only when their snapshot polled done, so the records it WARNs on and leaks stay active in the debug-object table. ${V6_WARN}`,
    mutation: true,
    shown: { 'no-leak': 'dropped', 'debug-objects-end': 'never-unqueued' },
  },
  { id: 'v6-mut-call-before-unpublish', model: 'kvfree-v6', params: { objects: 'e', mutation: 'call-before-unpublish' }, bounds: '1 CPU, 1 two-argument object', violates: ['reader-safety'], note: 'The client calls kvfree_rcu() while the object is still published.', mutation: true, shown: { 'reader-safety': 'published-after-call' } },
  {
    id: 'v6-mut-wake-direct',
    model: 'kvfree-v6',
    params: { objects: 'e,e', context: 'rqlock', refill: 1, mutation: 'wake-direct' },
    bounds: 'as v6-rqlock',
    violates: ['context'],
    note: 'run_page_cache_worker() queues page_cache_work from the caller at once instead of through the hrtimer (B12): the worker is woken under the caller\'s rq->lock.',
    mutation: true,
    shown: { 'context': 'wake-under-rq-lock' },
  },
];
