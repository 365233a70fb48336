/**
 * The kernel's kvfree_rcu() bug history as data: for each bug, the fix commit, the releases it
 * lived in, the property that catches it, and one configuration `rcucheck history` runs twice: with
 * the fix's knob at its buggy value and at its fixed value, nothing else changed. The knob is a
 * fix commit (`fix=`, models/kvfree/classic-versions.ts) or a release in a model's ordered version
 * table (`kernel=`) whose neighbour differs by that fix alone; an API change (B13) changes the
 * call the client makes.
 *
 * Why this file exists: the history report (reports/history.md, .json) and its test need the same
 * rows; a row names a configuration and a knob, the search decides the verdicts. A bug the models
 * cannot express yet is a row with `open` saying what is missing, so the report shows it instead of
 * leaving it out.
 *
 * What it must not do: compute anything, or state a verdict: the expectations (buggy violated,
 * fixed holding, every hazard side violated) are claims the report checks against the search.
 */
import type { KvfreeModelParams, KvfreePropertyName } from './configs.js';

/** The kernel source each kvfree model was read from (docs/protocol.md, the models' headers). */
export const MODEL_SOURCES: Readonly<Record<KvfreeModelParams['model'], string>> = {
  'kvfree-v1': 'the seed series (March 2020: -rcu/dev kernel/rcu/tree.c + "Headless support in the kvfree_rcu()" patches 1-4/7, 7/7); fixes from models/kvfree/classic-versions.ts',
  'kvfree-v5.9': 'kernel/rcu/tree.c at v5.9 (kernel=v5.11: 56292e8609e3); fixes from models/kvfree/classic-versions.ts',
  'kvfree-v6': 'kernel/rcu/tree.c at v6.12 (mm/slab_common.c from v6.14 on), other releases from the version table in models/kvfree/v6.ts',
};

export type HistoryValue = number | string;

/**
 * The property of a row whose bug is a data race (B6): its sides run with the data-race check on
 * (`rcucheck check --races`, src/model/races.ts); a side violates it when the search finds any race
 * between labelled accesses, and holds it when the search finishes without one.
 */
export const DATA_RACE = 'data-race';

/** What a row checks: a kvfree property, or the data-race check. */
export type HistoryProperty = KvfreePropertyName | typeof DATA_RACE;

/** A configuration the row runs (model and `-D` parameters). */
export interface HistoryConfig {
  model: KvfreeModelParams['model'];
  params: Readonly<Record<string, HistoryValue>>;
}

/** The one parameter a row's two sides differ in, with the values and what each side is. */
export interface HistoryKnob {
  name: string;
  buggy: HistoryValue;
  fixed: HistoryValue;
  /** What each side models, in kernel terms (a release, or a release with the fix applied). */
  buggyLabel: string;
  fixedLabel: string;
}

export interface HistoryRow {
  id: string;
  /** The fix commit(s) (short hash) and subject. */
  commit: string;
  subject: string;
  year: number;
  what: string;
  /** The first mainline release with the bug (and the commit that brought it, where known). */
  introduced: string;
  /** The first mainline release with the fix (stable backports where known). */
  fixedIn: string;
  /** Where `introduced` / `fixedIn` come from: a Fixes: tag or commit read, or the catalogue of issue #12 not yet checked. */
  livedSource: string;
  /** `unreleased`: introduced and fixed inside one merge window; `api-hazard`: a rule of the API, not a version pair. */
  kind?: 'unreleased' | 'api-hazard';
  property: HistoryProperty;
  /** Further properties checked on both sides, each with its own trace line (B1, B8: the ghost-snapshot check beside the reader's use-after-free). */
  also?: readonly KvfreePropertyName[];
  /** Why these bounds: the smallest at which the bug shows. */
  bounds: string;
  /** Present when the models cannot express the bug yet: what is missing, and which issue adds it. */
  open?: string;
  config?: HistoryConfig;
  knob?: HistoryKnob;
  /** api-hazard rows: the same call on other releases that have the form, each expected to violate the property. */
  hazardOn?: readonly (HistoryConfig & { label: string })[];
  /** What a maintainer needs to read the row right (a mutation it needs, what the fix is not). */
  finding?: string;
}

/** One side of a row, derived: the row's configuration with the knob at the side's value. */
export interface HistorySide extends HistoryConfig {
  kernel: string;
  expect: 'violated' | 'holds';
}

/** The buggy and fixed sides of a modelled row; they differ in `knob.name` only, by construction. */
export function rowSides(row: HistoryRow): { buggy: HistorySide; fixed: HistorySide } | null {
  if (row.config === undefined || row.knob === undefined) return null;
  const { model, params } = row.config;
  const k = row.knob;
  return {
    buggy: { model, params: { ...params, [k.name]: k.buggy }, kernel: k.buggyLabel, expect: 'violated' },
    fixed: { model, params: { ...params, [k.name]: k.fixed }, kernel: k.fixedLabel, expect: 'holds' },
  };
}

const NO_READER = { readers: 0, debug: 0 } as const;

export const HISTORY: readonly HistoryRow[] = [
  {
    id: 'B1',
    commit: '5da7cb193db3',
    subject: 'rcu/kvfree: Avoid freeing new kfree_rcu() memory after old grace period',
    year: 2023,
    what: 'kfree_rcu_monitor() attaches new objects to a batch whose rcu_work is already pending: they are freed after a grace period that began before their kvfree_call_rcu(), while a reader may still hold them',
    introduced: 'v5.7 (34c881745549 "rcu: Support kfree_bulk() interface in kfree_rcu()": the second free channel, detached while the other is busy; the Fixes: tags also name 5f3c8d620447 "rcu/tree: Maintain separate array for vmalloc ptrs", v5.9)',
    fixedIn: 'v6.3 (stable: 6.2.14, 5.15.118, 5.10.185; a 6.1.y backport was posted, its release not verified)',
    livedSource:
      'Fixes: 34c881745549 and 5f3c8d620447, as carried by the stable backports of 5da7cb193db3 (6.2/6.1/5.15/5.10, Apr-Jun 2023); 0392bebebf26 (v5.6) was only a placeholder tag in -next, replaced after the 2023-04 thread (Joel/Paul: "the fix is actually to 34c881745549"); ' +
      '34c881745549: tip-bot core/rcu 2020-03-24 (v5.7 merge window); 5f3c8d620447: "[GIT PULL tip/core/rcu] RCU commits for v5.9"; 5da7cb193db3 merged after the platform-drivers-x86-v6.3-5 tag (v6.3-rc), in stable queue/6.2 2023-04-30; 5.15.118/5.10.185 not re-checked here',
    property: 'reader-safety',
    also: ['gp-guarantee'],
    bounds: '1 CPU, two two-argument objects, one reader (the reader must take the second object before it is unpublished)',
    config: { model: 'kvfree-v5.9', params: { objects: 'e,e' } },
    knob: { name: 'fix', buggy: 'none', fixed: '5da7cb193db3', buggyLabel: 'v5.9', fixedLabel: 'v5.9 + 5da7cb193db3' },
  },
  {
    id: 'B2',
    commit: '594aa5975b9b',
    subject: 'rcu/tree: Repeat the monitor if any free channel is busy',
    year: 2020,
    what: 'after a partial detach (one channel taken by a batch, another left because its slot in both batches was busy) the monitor is not re-armed: the objects left behind are stranded',
    introduced: 'v5.7 (34c881745549 "rcu: Support kfree_bulk() interface in kfree_rcu()": two channels per batch, queue_kfree_rcu_work() reports success after a partial detach); the seed series has it too',
    fixedIn: 'v5.9 (stable: 5.7.16; 5.8.y review of 2020-08-17, 025/464)',
    livedSource:
      'Fixes: 34c881745549 of the fix ("[PATCH tip/core/rcu 04/17]", 2020-06-24); 34c881745549: tip-bot core/rcu 2020-03-24 (v5.7 merge window); fix: "[GIT PULL tip/core/rcu] RCU commits for v5.9" (2020-07-14), AUTOSEL 5.7/5.8 2020-08-08 naming upstream 594aa5975b9b, 5.7.16-rc1 review 2020-08-17',
    property: 'no-leak',
    bounds: '1 CPU, four two-argument objects, no reader, debug objects off (a partial detach needs both batches partly busy)',
    config: { model: 'kvfree-v1', params: { objects: 'e,e,e,e', ...NO_READER } },
    knob: { name: 'fix', buggy: 'none', fixed: '594aa5975b9b', buggyLabel: 'v1 (seed series)', fixedLabel: 'v1 + 594aa5975b9b' },
  },
  {
    id: 'B3',
    commit: 'd434c00fa3ac',
    subject: 'kvfree_rcu: Add a bulk-list check when a scheduler is run',
    year: 2021,
    what: 'kfree_rcu_scheduler_running() arms the monitor only when ch3 (krcp->head) is non-empty: an object put on a bulk page before the scheduler runs is never drained',
    introduced: 'v5.7 (34c881745549 added the bulk channel krcp->bhead, filled from krcp->initialized on, while kfree_rcu_scheduler_running() kept checking krcp->head only; 5f3c8d620447 added bkvhead[1] in v5.9)',
    fixedIn: 'v5.14',
    livedSource:
      'no Fixes: tag (tip-bot core/rcu 2021-06-30, d434c00fa3ac); introduced by reading the diffs of 34c881745549 (tip-bot core/rcu 2020-03-24, v5.7) and of the fix; fix: "[GIT PULL] RCU changes for v5.14" (2021-07-04); the mainline subject starts "kvfree_rcu:", not "rcu/kvfree:"',
    property: 'no-leak',
    bounds: '1 CPU from INACTIVE through kfree_rcu_batch_init(), INIT and RUNNING; one two-argument object',
    config: { model: 'kvfree-v5.9', params: { objects: 'e', boot: 'boot' } },
    knob: { name: 'fix', buggy: 'none', fixed: 'd434c00fa3ac', buggyLabel: 'v5.9', fixedLabel: 'v5.9 + d434c00fa3ac' },
  },
  {
    id: 'B4',
    commit: '8ac88f7177c7, 4d2919411867',
    subject: 'rcu/tree: Keep kfree_rcu() awake during lock contention (krcp->lock made a raw_spinlock_t); rcu/tree: Skip entry into the page allocator for PREEMPT_RT',
    year: 2020,
    what: 'kvfree_call_rcu() takes krcp->lock, a spinlock_t, after local_irq_save(): on a PREEMPT_RT kernel a spinlock_t is a sleeping lock, taken here with IRQs off',
    introduced: 'v5.6 (a35d16905efc "rcu: Add basic support for kfree_rcu() batching": kfree_call_rcu() does local_irq_save() then spin_lock(&krcp->lock), a spinlock_t)',
    fixedIn: 'v5.9',
    livedSource:
      'no Fixes: tag on 8ac88f7177c7 / 4d2919411867; introduced by reading a35d16905efc (tip-bot core/rcu 2020-01-25, "[PATCH tip/core/rcu 0/7] kfree_rcu() updates for v5.6"); fixes: tip-bot core/rcu 2020-07-31 and "[GIT PULL tip/core/rcu] RCU commits for v5.9" (2020-07-14)',
    property: 'context',
    bounds: '1 CPU, one two-argument object from sleepable context, on a CONFIG_PREEMPT_RT=y build (rt=2)',
    config: { model: 'kvfree-v1', params: { objects: 'e', rt: 2 } },
    knob: { name: 'fix', buggy: 'none', fixed: '8ac88f7177c7+4d2919411867', buggyLabel: 'v1 (seed series), PREEMPT_RT', fixedLabel: 'v1 + 8ac88f7177c7 + 4d2919411867, PREEMPT_RT' },
    finding:
      '8ac88f7177c7 alone (`-D fix=8ac88f7177c7`) still violates `context` on PREEMPT_RT: with krcp->lock raw, C3 enters __get_free_page() under it, and the page allocator takes sleeping locks on RT. ' +
      '4d2919411867, the next commit of the same series (both merged for v5.9), returns before the allocator when IS_ENABLED(CONFIG_PREEMPT_RT); the fixed side carries both.',
  },
  {
    id: 'B4-alloc',
    commit: '56292e8609e3',
    subject: 'rcu/tree: Defer kvfree_rcu() allocation to a clean context',
    year: 2020,
    what: 'v5.9 calls __get_free_page(GFP_NOWAIT) with the raw krcp->lock held: the page allocator takes spinlock_t zone->lock, a sleeping lock inside a raw one, which CONFIG_PROVE_RAW_LOCK_NESTING reports on any build (a PREEMPT_RT build skips the allocation, 4d2919411867)',
    introduced: 'v5.9 (8ac88f7177c7 made the lock raw around the existing allocation)',
    fixedIn: 'v5.11 (stable: 5.10.4)',
    livedSource:
      'the audit of issue #26 against 56292e8609e3; 8ac88f7177c7 in v5.9 ("[GIT PULL tip/core/rcu] RCU commits for v5.9"; its diff makes krcp->lock raw around kfree_call_rcu_add_ptr_to_bulk()); fix merged with fixes.2020.11.19b for v5.11 and listed in the "Linux 5.10.4" announcement (2020-12-30); the fix\'s Fixes: tag not checked',
    property: 'context',
    bounds: '1 CPU, one two-argument object freed with IRQs disabled, raw-lock nesting rules without CONFIG_PREEMPT_RT (rt=1)',
    config: { model: 'kvfree-v5.9', params: { objects: 'e', context: 'irqoff', rt: 1 } },
    knob: { name: 'kernel', buggy: 'v5.9', fixed: 'v5.11', buggyLabel: 'v5.9', fixedLabel: 'v5.11 (56292e8609e3)' },
  },
  {
    id: 'B5',
    commit: '309a43165077',
    subject: 'rcu/kvfree: Use consistent krcp when growing kfree_rcu() page cache',
    year: 2023,
    what: "add_ptr_to_bulk_krc_lock() drops the lock for a sleeping page allocation, the task migrates, and krc_this_cpu_lock() re-locks and changes another CPU's krcp than the one whose state justified allocating",
    introduced: 'v5.13 (148e3731d124 "kvfree_rcu: Directly allocate page for single-argument case": unlock, __get_free_page(GFP_KERNEL...), then krc_this_cpu_lock() again)',
    fixedIn: 'v6.5',
    livedSource:
      'no Fixes: tag on 309a43165077 (as queued, 2023-04); introduced by reading 148e3731d124 ("[PATCH 1/3] kvfree_rcu: Allocate a page for a single argument", 2021-01-20), tip-bot core/rcu 2021-04-11 and "[GIT PULL] RCU changes for v5.13" (2021-04-28), not v5.12; ' +
      'fix: "[PATCH rcu 5/8]" of the v6.5 kvfree_rcu() series, after 1e237994d9c9, and "[GIT PULL] RCU changes for v6.5" (2023-06-25)',
    property: 'krcp-consistent',
    bounds: '2 CPUs, one head-less object (the caller may migrate during __get_free_page(GFP_KERNEL))',
    config: { model: 'kvfree-v6', params: { cpus: 2, objects: 'h' } },
    knob: {
      name: 'kernel',
      buggy: 'v6.5-merge-1e237994d9c9',
      fixed: 'v6.5-merge-309a43165077',
      buggyLabel: 'the v6.5 merge window at 1e237994d9c9 (v6.4 plus the GP debug checks)',
      fixedLabel: 'the v6.5 merge window at 309a43165077 (released in v6.5)',
    },
  },
  {
    id: 'B6',
    commit: 'a23da88c6c80',
    subject: 'rcu/kvfree: Fix data-race in __mod_timer / kvfree_call_rcu',
    year: 2024,
    what: "kfree_rcu_monitor() re-armed monitor_work (queue_delayed_work() writes timer.expires) without the krcp lock while kvfree_call_rcu() read timer.expires under it in schedule_delayed_monitor_work()",
    introduced: 'v6.3 (8fc5494ad5fa "rcu/kvfree: Move need_offload_krc() out of krcp->lock")',
    fixedIn: 'v6.13 (stable review: 6.12 and 6.11 2024-12-03, 6.6 2024-12-06)',
    livedSource:
      'Fixes: 8fc5494ad5fa of the fix; 8fc5494ad5fa in "[GIT PULL] RCU changes for v6.3" (2023-02-18); fix "[PATCH 8/8]" 2024-11-06 (Frederic), stable reviews naming upstream a23da88c6c80 after v6.13-rc1 (6.12 069/826, 6.11 118/817, 6.6 094/676); point releases not verified',
    property: DATA_RACE,
    bounds: '1 CPU, four two-argument objects, no reader (the monitor re-arms while objects are still on ch3 and a caller schedules the monitor)',
    config: { model: 'kvfree-v6', params: { cpus: 1, objects: 'e,e,e,e', readers: 0 } },
    knob: { name: 'kernel', buggy: 'v6.12', fixed: 'v6.13', buggyLabel: 'v6.12', fixedLabel: 'v6.13 (a23da88c6c80)' },
    finding:
      'KCSAN\'s report, quoted in the fix as posted ("[PATCH] rcu/kvfree: Fix data-race in __mod_timer / kvfree_call_rcu", Uladzislau Rezki, 2024-10-22; Reported-by: syzbot+061d370693bdd99f9d34, 6.12.0-rc2-syzkaller): "BUG: KCSAN: data-race in __mod_timer / kvfree_call_rcu", ' +
      '"read to 0xffff888237d1cce8 of 8 bytes by task 10149 on cpu 1: schedule_delayed_monitor_work kernel/rcu/tree.c:3520 [inline] kvfree_call_rcu+0x3b8/0x510" and ' +
      '"write to 0xffff888237d1cce8 of 8 bytes by task 56 on cpu 0: __mod_timer+0x578/0x7f0 kernel/time/timer.c:1173 ... queue_delayed_work include/linux/workqueue.h:677 [inline], schedule_delayed_monitor_work kernel/rcu/tree.c:3525 [inline], kfree_rcu_monitor+0x5e8/0x660" (the monitor work\'s timer.expires); the fix: "kfree_rcu_monitor() rearms the work if a krcp has to be still offloaded and this is done without holding krcp->lock, whereas the kvfree_call_rcu() holds it". ' +
      'The accesses are the labels of models/kvfree/v6-accesses.ts; a race is two of them to one location by different actors, at least one a write and one plain, with no lock in common, both enabled in a reachable state. ' +
      'On v6.13 both the re-arm\'s write and the caller\'s read hold krcp->lock, so no pair of labels conflicts: the fixed side has no race to find, and its search (every other property, the same states) finishes.',
  },
  {
    id: "B6'",
    commit: '9627456101ec',
    subject: 'rcu/kvfree: Use READ_ONCE() when access to krcp->head (and nr_bkv_objs, read without the lock: no buggy side)',
    year: 2022,
    what: 'need_offload_krc() loads krcp->head without krcp->lock and without READ_ONCE() while kvfree_call_rcu() stores it with WRITE_ONCE() under the lock (and the shrinker reads nr_bkv_objs without the lock): data races KCSAN reports',
    introduced:
      'krcp->head: 8fc5494ad5fa ("[PATCH rcu 4/8]" of the v6.3 series: need_offload_krc() loses krcp->lock, its load of krcp->head stays plain while the stores become WRITE_ONCE()), two commits before 9627456101ec (6/8): never in a release; nr_bkv_objs: never (see finding)',
    fixedIn: 'v6.3 merge window (9627456101ec); nr_bkv_objs: v5.14 (ac7625ebd5f7)',
    livedSource:
      'ac7625ebd5f7 in "[GIT PULL] RCU changes for v5.14" (tip-bot core/rcu 2021-05-10; its diff: kfree_rcu_shrink_count() read nr_bkv_objs under raw_spin_lock_irqsave(&krcp->lock) before it, READ_ONCE() without the lock after it, with WRITE_ONCE() in get_cached_bnode(), put_cached_bnode() and drain_page_cache()); ' +
      '8fc5494ad5fa, cc37d52076a9 and 9627456101ec are 4/8, 5/8 and 6/8 of "[PATCH rcu 0/8]" (2023-01-04, Paul McKenney; 9627456101ec first posted 2022-12-02: "A need_offload_krc() function is now lock-free"), all in "[GIT PULL] RCU changes for v6.3"; no Fixes: tags. ' +
      'The two sides are kvfree-v6\'s rows v6.3-merge-cc37d52076a9 and v6.3-merge-9627456101ec (models/kvfree/v6-versions.ts): the tree at 5/8 differs from v6.4 in cc37d52076a9\'s polled worker (until 2ca836b1da17, 8/8, `drainReady`), the single krcp->count (until 4c33464ae85e, 7/8, `countPerChannel`) and the pre-5da7cb193db3 batch choice (`batchWhenAllIdle`), each modelled as a feature off in both rows',
    property: DATA_RACE,
    bounds: '1 CPU, two two-argument objects, no reader (the monitor re-arms after detaching the first object while the second call pushes on ch3)',
    config: { model: 'kvfree-v6', params: { cpus: 1, objects: 'e,e', readers: 0 } },
    knob: { name: 'kernel', buggy: 'v6.3-merge-cc37d52076a9', fixed: 'v6.3-merge-9627456101ec', buggyLabel: 'cc37d52076a9 (5/8)', fixedLabel: '9627456101ec (6/8)' },
    finding:
      'The accesses are the labels of models/kvfree/v6-accesses.ts: need_offload_krc()\'s load of `krcp[x].head` without a lock (plain before 9627456101ec, `headReadOnce`) on the monitor\'s re-arm, the shrinker\'s, the boot re-arm and kvfree_rcu_barrier()\'s checks, against the WRITE_ONCE() stores under krcp->lock (the ch3 push, the batch detach, kvfree_rcu_drain_ready()\'s detach). ' +
      'At cc37d52076a9 the re-arm\'s plain load and the second call\'s ch3 push race; at 9627456101ec both are marked, so no pair conflicts and the search (every other property, the same states) finishes. ' +
      'nr_bkv_objs has no buggy side: per the diff read for this row (livedSource), ac7625ebd5f7 (v5.14) dropped krcp->lock from kfree_rcu_shrink_count() and marked the accesses (READ_ONCE() there, WRITE_ONCE() in get_cached_bnode(), put_cached_bnode() and drain_page_cache()) in the same commit, so no tree read it without the lock and plain; a row for it would show no race on either side (a finding, not a bug). Its accesses are not labelled.',
  },
  {
    id: 'B7',
    commit: '4c33464ae85e',
    subject: 'rcu/kvfree: Carefully reset number of objects in krcp',
    year: 2022,
    what: 'kfree_rcu_monitor() zeroes krcp->count on a partial detach, while objects remain on the channels it did not take',
    introduced: 'v5.8 (9154244c1ab6 "rcu/tree: Add a shrinker to prevent OOM due to kfree_rcu() batching": krcp->count, zeroed in queue_kfree_rcu_work() on any detach)',
    fixedIn: 'v6.3',
    livedSource:
      'no Fixes: tag ("[PATCH rcu 7/8]", 2023-01-04); introduced by reading 9154244c1ab6 ("[PATCH tip/core/rcu 2/4]", 2020-04-15; "[GIT PULL] RCU updates for v5.8", 2020-06-01); fix in "[GIT PULL] RCU changes for v6.3" (2023-02-18)',
    property: 'accounting',
    bounds: '1 CPU, four two-argument objects, no reader, debug objects off (a partial detach needs both batches partly busy)',
    config: { model: 'kvfree-v5.9', params: { objects: 'e,e,e,e', ...NO_READER } },
    knob: { name: 'fix', buggy: 'none', fixed: '4c33464ae85e', buggyLabel: 'v5.9', fixedLabel: 'v5.9 + 4c33464ae85e' },
  },
  {
    id: 'B8',
    commit: '85aad7cc4178',
    subject: 'rcu: Fix get_state_synchronize_rcu_full() GP-start detection',
    year: 2025,
    what: "the polled-GP cookie is taken from the root rcu_node's gp_seq before grace-period initialisation has updated it: the cookie names the end of the GP already under way, which does not wait for a reader on a CPU that came online during the initialisation; a too-short grace period, a reader's use-after-free",
    introduced: 'v6.5 for kvfree_rcu() (cdfa0f6fa6b7 takes bnode->gp_snap with get_state_synchronize_rcu_full(); the _full API itself since v6.0, 91a967fd6934; kernel=v6.4 holds at these bounds)',
    fixedIn: 'v6.15 (stable: 6.14.y review 2025-05-27; AUTOSEL 6.14/6.12 2025-05-05)',
    livedSource:
      'the audit of issue #26 and cdfa0f6fa6b7 ("[GIT PULL] RCU changes for v6.5"); the fix\'s message says it fixes 91a967fd6934 (no Fixes: tag; v6.0 of 91a967fd6934 not re-checked); fix "[PATCH rcu 03/10]" 2025-03-04, in next-20250303 (v6.15 merge window), 6.14-stable review naming upstream 85aad7cc4178',
    property: 'reader-safety',
    also: ['gp-guarantee'],
    bounds: "1 CPU, one head-less object, one reader, one spontaneous GP, grace-period initialisation as its own step (gpinit=1: rcu_state.gp_seq advances before the root rcu_node's gp_seq)",
    config: { model: 'kvfree-v6', params: { objects: 'h', spontaneous: 1, gpinit: 1, debug: 0 } },
    knob: { name: 'kernel', buggy: 'v6.14', fixed: 'v6.15', buggyLabel: 'v6.14 (and v6.13)', fixedLabel: 'v6.15' },
  },
  {
    id: 'B9',
    commit: 'c6dfd72b7a3b',
    subject: 'rcu: Stop shrinker loop',
    year: 2020,
    what: "count and scan are separated in time; a scan that finds nothing returned 0 instead of SHRINK_STOP, so the shrinker core could keep calling it",
    introduced: 'v5.8 (9154244c1ab6 added kfree_rcu_shrink_scan(), returning freed even when 0)',
    fixedIn: 'v5.9',
    livedSource:
      'no Fixes: tag (tip-bot core/rcu 2020-07-31, c6dfd72b7a3b); introduced by reading 9154244c1ab6 ("[GIT PULL] RCU updates for v5.8"); the fix as posted: "[PATCH] rcu: Stop shrinker loop" (Peter Enderborg, 2020-06-04: "The count and scan can be separated in time. It is a fair chance that all work is already done when the scan starts. It then might retry. This is can be avoided with returning SHRINK_STOP."), ' +
      'Reviewed-by Uladzislau Rezki ("The loop will be stopped anyway sooner or later, but sooner is better :)"), queued by Paul McKenney the same day; in "[GIT PULL tip/core/rcu] RCU commits for v5.9"',
    property: 'shrink-stop',
    bounds:
      "1 CPU, one two-argument object, no reader, debug objects off; one do_shrink_slab() at priority 0 (drop_slab()) around the shrinker (shrinkCore=1) with batch_size abstracted to 1 (shrinkBatch=1: SHRINK_BATCH is 128, so the loop makes a second call only when freeable >= 128)",
    config: { model: 'kvfree-v1', params: { objects: 'e', ...NO_READER, shrinkCore: 1 } },
    knob: { name: 'fix', buggy: 'none', fixed: 'c6dfd72b7a3b', buggyLabel: 'v1 (seed series; kfree_rcu_shrink_scan() as in v5.8)', fixedLabel: 'v1 + c6dfd72b7a3b (as in v5.9)' },
    finding:
      'Bounded wasted work, not a livelock. do_shrink_slab() (mm/vmscan.c v5.8) counts (freeable = 1, total_scan = 2 * freeable at priority 0 with DEFAULT_SEEKS), the monitor drains the krcp before the scan runs (count and scan separated in time), the first kfree_rcu_shrink_scan() finds nothing and returns 0, and the batch loop calls it again: 1 wasted call at these bounds (10 steps); with the fix the first call returns SHRINK_STOP and the loop breaks. ' +
      'The loop is bounded by total_scan either way (each call lowers it by nr_to_scan; the kvfree scan never lowers nr_scanned), so the wasted calls are at most floor(2 * freeable / batch_size) - 1 per do_shrink_slab(): with SHRINK_BATCH = 128, none below freeable = 128, and about freeable / 64 - 1 above it, each a lock/unlock of every online krcp. ' +
      'kvfree-v5.9 has the fix from its release (v5.9); the pair is therefore the seed series (whose scan returns freed, as v5.8 does) without and with c6dfd72b7a3b. What the fix does not cover: a scan that reads a non-zero count but detaches nothing (both batches busy) still returns that count.',
  },
  {
    id: 'B10',
    commit: '6c6c47b063b5',
    subject: 'mm, slab: call kvfree_rcu_barrier() from kmem_cache_destroy()',
    year: 2024,
    what: 'kmem_cache_destroy() shuts a cache down while kvfree_rcu() objects of it are still queued (in a channel, a batch, or waiting for their grace period): __kmem_cache_shutdown() finds them allocated, WARNs "Slab cache still has objects" and leaks the cache, and kvfree_rcu() frees them later into that cache after the module that owned it is gone',
    introduced:
      'no single commit: a hazard since kfree_rcu() may be given kmem_cache objects (kfree() of them became valid with SLOB\'s removal, v6.4); modules had to keep call_rcu() + rcu_barrier() for them (not re-checked before v6.4)',
    fixedIn: 'v6.12',
    livedSource:
      '2b55d6a42d14 "rcu/kvfree: Add kvfree_rcu_barrier() API" and 6c6c47b063b5 in the slab tree for v6.12 (merged 2024-09-16, Linus\' reply on the merge; both in v6.12-rc1); Vlastimil Babka, 2024-10: "as of 6.12-rc1 - commit 6c6c47b063b5 ... it should be possible to restart this effort for the remaining cases which had to be postponed until kmem_cache_destroy() / module unload is sorted out" (the call_rcu() to kfree_rcu() conversions)',
    property: 'destroy-clean',
    bounds: '1 CPU, one head-less and one embedded slab object, one reader; a module exit calls kmem_cache_destroy() of their cache after both kvfree_rcu() calls returned (teardown=destroy)',
    config: { model: 'kvfree-v6', params: { teardown: 'destroy' } },
    knob: {
      name: 'kernel',
      buggy: 'v6.12-merge-2b55d6a42d14',
      fixed: 'v6.12-merge-6c6c47b063b5',
      buggyLabel: 'v6.11 (kmem_cache_destroy() as at 2b55d6a42d14, the commit before the fix)',
      fixedLabel: '6c6c47b063b5 (v6.12)',
    },
  },
  {
    id: "B10'",
    commit: 'dfd3df31c9db',
    subject: 'mm/slab/kvfree_rcu: Switch to WQ_MEM_RECLAIM wq',
    year: 2025,
    what: "kvfree_rcu_barrier(), reached from kmem_cache_destroy() in a WQ_MEM_RECLAIM worker (nvme-wq's nvme_scan_work), flush_rcu_work()s a batch queued on system_unbound_wq, which is not WQ_MEM_RECLAIM: check_flush_dependency() WARNs (a reclaim worker waiting on work that may get no worker under memory pressure)",
    introduced: 'v6.12 (6c6c47b063b5: kmem_cache_destroy() calls kvfree_rcu_barrier(); the batches were on system_unbound_wq since 0aac9daef676, v6.12)',
    fixedIn: 'v6.14 (stable: backport for 6.12.y and 6.13.y posted 2025-03-11)',
    livedSource:
      'Fixes: 6c6c47b063b5 of dfd3df31c9db, "Reported-by: Keith Busch", the WARN at kernel/workqueue.c:3719 on 6.13.2 in its message; fix in slab/for-6.15/fixes-cleanups (2025-03-04), upstream by 2025-03-09 ("failed to apply to 6.13-stable"), before v6.14',
    property: 'flush-dependency',
    bounds: '1 CPU, one head-less and one embedded slab object, one reader; kmem_cache_destroy() of their cache after both calls returned, run by a WQ_MEM_RECLAIM worker (teardown=destroy, teardownIn=reclaim-worker)',
    config: { model: 'kvfree-v6', params: { teardown: 'destroy', teardownIn: 'reclaim-worker' } },
    knob: { name: 'kernel', buggy: 'v6.13', fixed: 'v6.14', buggyLabel: 'v6.13 (and v6.12)', fixedLabel: 'v6.14' },
  },
  {
    id: 'B11',
    commit: '1e237994d9c9',
    subject: 'rcu/kvfree: Invoke debug_rcu_bhead_unqueue() after checking bnode->gp_snap',
    year: 2023,
    what: 'kvfree_rcu_bulk() unqueues the debug objects of a page before checking that its grace period has elapsed; when that check WARNs, the records are left unfreed but are no longer known to CONFIG_DEBUG_OBJECTS_RCU_HEAD',
    introduced: 'cdfa0f6fa6b7 (the gp_snap WARN checks), in the v6.5 merge window',
    fixedIn: 'v6.5 (the same merge window: never in a release)',
    livedSource: 'the v6.5 kvfree_rcu() series ("[PATCH rcu 0/8] kvfree_rcu() changes for v6.5": 2/8 cdfa0f6fa6b7, 3/8 f32276a37652, 4/8 1e237994d9c9), all three in "[GIT PULL] RCU changes for v6.5" (2023-06-25, after v6.4)',
    kind: 'unreleased',
    property: 'debug-objects-lost',
    bounds: '1 CPU, two head-less objects, one reader, one spontaneous GP, with the seeded drain-no-poll mutation that lets a page reach kvfree_rcu_bulk() before its grace period',
    config: { model: 'kvfree-v6', params: { objects: 'h,h', spontaneous: 1, mutation: 'drain-no-poll' } },
    knob: {
      name: 'kernel',
      buggy: 'v6.5-merge-f32276a37652',
      fixed: 'v6.5-merge-1e237994d9c9',
      buggyLabel: 'the v6.5 merge window at f32276a37652 + mutation',
      fixedLabel: 'the v6.5 merge window at 1e237994d9c9 + mutation',
    },
    finding:
      'Introduced and fixed inside the v6.5 merge window (cdfa0f6fa6b7 added the WARN checks with the unqueue before them; 1e237994d9c9, two commits later, moved it after them), so no release had the bug; the two sides are the tree just before and at 1e237994d9c9. ' +
      "It is an error-path bug: the order matters only when kvfree_rcu_bulk()'s WARN_ON_ONCE(!poll_state_synchronize_rcu_full(&bnode->gp_snap)) fires, which the faithful protocol never reaches; " +
      'both sides therefore carry the same seeded mutation (drain-no-poll) that reaches the WARN. Found by the model of the intermediate code, but not without a mutation.',
  },
  {
    id: 'B12',
    commit: '56292e8609e3',
    subject: 'rcu/tree: Defer kvfree_rcu() allocation to a clean context (the design constraint: no worker woken directly from kvfree_call_rcu() while the caller may hold rq->lock)',
    year: 2020,
    what: "waking a task directly from kvfree_call_rcu() while the caller holds rq->lock recurses on it (try_to_wake_up() takes a runqueue lock): a 0-delay schedule_delayed_work() or a queue_work() wakes a worker, and the page allocator with __GFP_KSWAPD_RECLAIM (v5.9's __get_free_page(GFP_NOWAIT) under krcp->lock) may wake kswapd; 56292e8609e3 takes the allocator out of the call and kicks the refill worker through an hrtimer (\"The hrtimer stage is required in order to avoid deadlocks with the scheduler\")",
    introduced: 'the seed series (March 2020: C3 __get_free_page(GFP_NOWAIT) under the lock, and "[PATCH 3/7] rcu/tree: introduce expedited_drain flag", not merged); v5.9 kept the allocation',
    fixedIn: 'v5.11 (56292e8609e3; 5.10.y through stable)',
    livedSource:
      'kvfree_call_rcu_add_ptr_to_bulk() in kernel/rcu/tree.c v5.9 (__get_free_page(GFP_NOWAIT | __GFP_NOWARN) under raw_spin_lock(&krcp->lock)); 56292e8609e3 (its diff and message; "Fixes: 3042f83f19be"); ' +
      '"[PATCH 16/16] rcu/tree: Use delayed work instead of hrtimer to refill the cache" (Uladzislau Rezki, 2020-10-29: "An immediate placing a task on a current CPU can lead to rq->lock double lock. That is why a delayed method is in place"), which mainline did not take (v6.12 still kicks through the hrtimer)',
    property: 'context',
    bounds: '1 CPU, one two-argument object freed by a caller that holds rq->lock (context=rqlock: IRQs off, nothing may wake a task), one reader',
    config: { model: 'kvfree-v5.9', params: { objects: 'e', context: 'rqlock' } },
    knob: { name: 'kernel', buggy: 'v5.9', fixed: 'v5.11', buggyLabel: 'v5.9', fixedLabel: 'v5.11 (56292e8609e3)' },
    finding:
      "A design constraint, checked on every modelled release (models/kvfree/configs.ts, context=rqlock): the seed and v5.9 break it in the caller's locked section, where C3's __get_free_page(GFP_NOWAIT) (and the seed's wrapper kmalloc()s) may wake kswapd (v1-rqlock, v59-rqlock); " +
      "the seed's 0-delay expedited drain (schedule_delayed_work(&krcp->monitor_work, expedited_drain ? 0:KFREE_DRAIN_JIFFIES)) is a second wake, shown where the allocator is skipped (v1-rqlock-preempt-rt); v5.9's C6 is a KFREE_DRAIN_JIFFIES timer. " +
      'v5.11 and v6.12 hold (v511-rqlock, v6-rqlock: no allocator in the call, the monitor armed with a delay of 1 or KFREE_DRAIN_JIFFIES, the refill kicked through hrtimer_start()); the rule bites on the wake-direct mutation (the refill queued from the caller, as a direct queue_work() would: v511-mut-wake-direct, v6-mut-wake-direct). ' +
      'The allocation is the side of the bug the pair shows: the sides differ by 56292e8609e3 alone, whose own message names deadlocks with the scheduler as the reason for the hrtimer.',
  },
  {
    id: 'B13',
    commit: '7e3f926bf453',
    subject: 'rcu/kvfree: Eliminate k[v]free_rcu() single argument macro (after v6.3 added kvfree_rcu_mightsleep())',
    year: 2023,
    what: 'the one-argument (head-less) kvfree_rcu(ptr) may sleep (synchronize_rcu() when no page is available); called inside an RCU reader it sleeps there',
    introduced: 'v5.9 (the head-less kvfree_rcu(ptr): "rcu: Introduce single argument kvfree_rcu() interface", Headless support series)',
    fixedIn: 'v6.5 (the one-argument kvfree_rcu() removed; kvfree_rcu_mightsleep(ptr), added in v6.3, keeps the head-less call under a name that states the rule)',
    livedSource:
      '"rcu: Introduce single argument kvfree_rcu() interface" in "[GIT PULL tip/core/rcu] RCU commits for v5.9" (2020-07-14); "rcu/kvfree: Add kvfree_rcu_mightsleep() and kfree_rcu_mightsleep()" in "[GIT PULL] RCU changes for v6.3" (added beside the old spelling, not a rename); 7e3f926bf453 in "[GIT PULL] RCU changes for v6.5" (2023-06-25)',
    kind: 'api-hazard',
    property: 'context',
    bounds: '1 CPU, one object freed from inside an RCU read-side critical section, debug objects off',
    config: { model: 'kvfree-v6', params: { context: 'reader', debug: 0, kernel: 'v6.4' } },
    knob: {
      name: 'objects',
      buggy: 'h',
      fixed: 'e',
      buggyLabel: 'v6.4, kvfree_rcu(ptr) (head-less)',
      fixedLabel: 'v6.4, kvfree_rcu(ptr, rhf) (what a caller in a reader writes after 7e3f926bf453)',
    },
    hazardOn: [
      { model: 'kvfree-v1', params: { objects: 'h', context: 'reader', debug: 0 }, label: 'v1 (seed series)' },
      { model: 'kvfree-v5.9', params: { objects: 'h', context: 'reader', debug: 0 }, label: 'v5.9' },
      { model: 'kvfree-v6', params: { objects: 'h', context: 'reader', debug: 0 }, label: 'v6.12, kvfree_rcu_mightsleep(ptr)' },
    ],
    finding:
      'An API hazard, not a protocol bug a version fixed: the head-less call may sleep on every release that has it (the hazard lines below), and 7e3f926bf453 removed only the one-argument spelling. ' +
      "The pair therefore differs in the call the client makes: the same release, caller and bounds with the object's own rcu_head (kvfree_rcu(ptr, rhf), which never sleeps).",
  },
];
