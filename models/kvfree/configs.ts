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

export type Status = 'holds' | 'violated';

export interface KvfreeConfig {
  id: string;
  model: string;
  params: Record<string, number | string>;
  /** The bounds in words. */
  bounds: string;
  /** Properties expected to be violated (all others are expected to hold). */
  violates: readonly string[];
  /** Why: the finding (faithful configs) or the seeded bug (mutations). */
  note: string;
  /** A mutation configuration (bug-seeded), as opposed to the faithful protocol. */
  mutation?: boolean;
}

const RACE =
  'Finding (real, fixed upstream in v6.3 by "rcu/kvfree: Avoid freeing new kfree_rcu() memory after old grace period"): ' +
  "W0 clears the batch's rcu_work PENDING bit before W1 takes the lock; in that window M2 sees an empty bkvhead_free slot, " +
  'moves newly queued pages into the same batch and re-arms queue_rcu_work(); W1 then detaches and frees them at once, ' +
  'before any grace period that started after their kvfree_call_rcu().';
const DEBUG =
  'Finding (CONFIG_DEBUG_OBJECTS_RCU_HEAD): C2 debug-queues the object pointer, but for a head-less wrapper W4 ' +
  'debug-unqueues ptr = head - P = the wrapper address, so the object stays active and the wrapper was never queued.';
const BOOT =
  'Finding: an object queued in a bulk page after kfree_rcu_batch_init() but before rcu_scheduler_active = RUNNING ' +
  'never arms the monitor (C6 requires RUNNING), and kfree_rcu_scheduler_running() only looks at krcp->head (ch3), ' +
  'so the bulk page is never drained: the object leaks.';

/** Faithful kvfree-v1 configurations (protocol.md §2, bounds in `bounds`). */
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
  },
  {
    id: 'v1-two-embedded-nodebug',
    model: 'kvfree-v1',
    params: { objects: 'e,e', debug: 0 },
    bounds: '1 CPU, two two-argument objects, 1 reader, capacity 1, cache on, any failures, debug objects off',
    violates: ['gp-guarantee', 'reader-safety'],
    note: RACE,
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
    id: 'v1-2cpu',
    model: 'kvfree-v1',
    params: { cpus: 2, objects: 'h,e' },
    bounds: '2 CPUs (callers may migrate between C0 and C1), a head-less object on cpu0 and a two-argument one on cpu1, 1 reader',
    violates: ['gp-guarantee', 'reader-safety', 'debug-objects', 'debug-objects-end'],
    note: `${RACE} ${DEBUG}`,
  },
  {
    id: 'v1-three',
    model: 'kvfree-v1',
    params: { objects: 'h,e,e' },
    bounds: '1 CPU, three objects (head-less, two-argument, two-argument), 1 reader',
    violates: ['gp-guarantee', 'reader-safety', 'debug-objects', 'debug-objects-end'],
    note: `${RACE} ${DEBUG}`,
  },
  {
    id: 'v1-vmalloc',
    model: 'kvfree-v1',
    params: { objects: 'h,ev' },
    bounds: '1 CPU, a head-less slab object and a two-argument vmalloc object (ch1 and ch2), 1 reader',
    violates: ['gp-guarantee', 'reader-safety', 'debug-objects', 'debug-objects-end'],
    note: `${RACE} ${DEBUG}`,
  },
  {
    id: 'v1-capacity2',
    model: 'kvfree-v1',
    params: { objects: 'e,e,e', capacity: 2, debug: 0 },
    bounds: '1 CPU, three two-argument objects, bulk pages of 2 records, debug objects off',
    violates: ['gp-guarantee', 'reader-safety'],
    note: RACE,
  },
  {
    id: 'v1-boot',
    model: 'kvfree-v1',
    params: { objects: 'e', boot: 'boot' },
    bounds: '1 CPU from rcu_scheduler_active = INACTIVE through kfree_rcu_batch_init, INIT and RUNNING; 1 two-argument object',
    violates: ['no-leak', 'debug-objects-end'],
    note: BOOT,
  },
  {
    id: 'v1-irqoff-headless',
    model: 'kvfree-v1',
    params: { objects: 'h', context: 'irqoff', debug: 0 },
    bounds: '1 CPU, a head-less object freed by a caller with IRQs disabled (API misuse)',
    violates: ['context'],
    note: 'Documented rule, not a protocol bug: head-less kvfree_rcu() must be called from might_sleep() context; with IRQs off it reaches might_sleep() at C0 and may block in synchronize_rcu() at C8.',
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
  },
  {
    id: 'v1-mut-call-before-unpublish',
    model: 'kvfree-v1',
    params: { objects: 'e', mutation: 'call-before-unpublish' },
    bounds: '1 CPU, 1 two-argument object, 1 reader',
    violates: ['reader-safety'],
    note: 'The client calls kvfree_rcu() while the object is still published: a reader can take it after the grace period started.',
    mutation: true,
  },
  {
    id: 'v1-mut-double-free',
    model: 'kvfree-v1',
    params: { objects: 'e', mutation: 'double-free' },
    bounds: '1 CPU, 1 two-argument object, 1 reader',
    violates: ['exactly-once'],
    note: 'W4 calls kvfree(ptr) twice.',
    mutation: true,
  },
  {
    id: 'v1-mut-skip-untag',
    model: 'kvfree-v1',
    params: { objects: 'h', debug: 0, mutation: 'skip-untag' },
    bounds: '1 CPU, 1 head-less object, debug objects off',
    violates: ['valid-free', 'back-pointer', 'no-leak'],
    note: 'W4 forgets `offset -= 1` for a BIT(0)-tagged wrapper: kvfree(*(W-1)) and kvfree(W-1).',
    mutation: true,
  },
  {
    id: 'v1-mut-kfree-vmalloc',
    model: 'kvfree-v1',
    params: { objects: 'ev', mutation: 'kfree-vmalloc' },
    bounds: '1 CPU, 1 two-argument vmalloc object',
    violates: ['valid-free', 'no-leak'],
    note: 'W3 frees vmalloc records with kfree() instead of vfree().',
    mutation: true,
  },
  {
    id: 'v1-mut-next-after-free',
    model: 'kvfree-v1',
    params: { objects: 'e', mutation: 'next-after-free' },
    bounds: '1 CPU, 1 two-argument object',
    violates: ['no-uaf-read'],
    note: 'W4 reads head->next after kvfree() of the object that embeds the head.',
    mutation: true,
  },
  {
    id: 'v1-mut-sync-under-lock',
    model: 'kvfree-v1',
    params: { objects: 'h', debug: 0, mutation: 'sync-under-lock' },
    bounds: '1 CPU, 1 head-less object, debug objects off',
    violates: ['context'],
    note: 'synchronize_rcu() moved inside the IRQ-off, krcp-locked section.',
    mutation: true,
  },
  {
    id: 'v1-mut-no-unlock',
    model: 'kvfree-v1',
    params: { objects: 'e', shrinker: 1, mutation: 'no-unlock' },
    bounds: '1 CPU, 1 two-argument object, one shrinker run',
    violates: ['context', 'no-leak', 'debug-objects-end'],
    note: 'kfree_rcu_monitor() returns without spin_unlock() when monitor_todo is clear.',
    mutation: true,
  },
  {
    id: 'v1-mut-no-count',
    model: 'kvfree-v1',
    params: { objects: 'e', mutation: 'no-count' },
    bounds: '1 CPU, 1 two-argument object',
    violates: ['accounting'],
    note: 'C5 forgets count++.',
    mutation: true,
  },
  {
    id: 'v1-mut-no-unqueue',
    model: 'kvfree-v1',
    params: { objects: 'e', mutation: 'no-unqueue' },
    bounds: '1 CPU, 1 two-argument object',
    violates: ['debug-objects', 'debug-objects-end'],
    note: 'W4 forgets debug_rcu_head_unqueue() before kvfree().',
    mutation: true,
  },
  {
    id: 'v1-mut-leak-batch',
    model: 'kvfree-v1',
    params: { objects: 'e', mutation: 'leak-batch' },
    bounds: '1 CPU, 1 two-argument object',
    violates: ['no-leak', 'debug-objects-end'],
    note: 'M2 moves a channel into a batch but forgets queue_rcu_work().',
    mutation: true,
  },
];
