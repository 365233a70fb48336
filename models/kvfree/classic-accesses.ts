/**
 * kvfree-v1's and kvfree-v5.9's memory-access labels for the data-race check (`rcucheck check
 * --races`, src/model/races.ts): every step of the classic base (./classic.ts) that touches
 * krcp->count, and the registered kvfree-v1 and kvfree-v5.9 models with them attached.
 *
 * Why this file exists: issue 28 ("also report what --races finds on the seed's v1 (its shrinker
 * reads krcp->count unlocked) and on every faithful plan configuration"). Same pattern as
 * ./v6-accesses.ts: the labels are data beside the steps, attached by action name; `kvfreeV1` and
 * `kvfreeV59` here are ./v1.ts's and ./v59.ts's definitions with each labelled action given its
 * `accesses`, nothing else (same actions, order, names, actors, guards and recipes, so the same
 * states, counts and model fingerprint).
 *
 * What the code does (kernel/rcu/tree.c; v5.8 = 9154244c1ab6 "rcu/tree: Add a shrinker to prevent
 * OOM due to kfree_rcu() batching" on the kfree_rcu() batching code; the seed series, March 2020,
 * is v1 with the same count accesses; v5.9 adds 8ac88f7177c7 "rcu/tree: Keep kfree_rcu() awake
 * during lock contention", which only changes the lock class, spinlock_t to raw_spinlock_t):
 * - kfree_call_rcu() / kvfree_call_rcu() (seed: "[PATCH 4/7] rcu/tree: support reclaim for
 *   head-less object", hunk `@@ -3104,15 +3170,15 @@`; v5.8, v5.9): `WRITE_ONCE(krcp->count,
 *   krcp->count + 1);` after the object is queued, inside `if (krcp->initialized)
 *   spin_lock(&krcp->lock)` (v1/v5.8; raw_spin_lock() from 8ac88f7177c7) or krc_this_cpu_lock()
 *   (v5.9, always). A plain load of count and a marked store, both under krcp->lock when the krcp
 *   is initialized, under no lock before kfree_rcu_batch_init() (v1, `boot=boot` only). Steps: `C1-C7
 *   kvfree_call_rcu: C3 add_ptr_to_bulk` and `... C4 queue on ch3` (C5 of docs/protocol.md §2).
 * - queue_kfree_rcu_work() (called by kfree_rcu_drain_unlock() with krcp->lock held; v5.8, v5.9):
 *   `WRITE_ONCE(krcp->count, 0);` for each batch it detaches channels into. A marked store under
 *   krcp->lock. Steps: the monitor `M1-M3 kfree_rcu_monitor` and the shrinker's own drain in `S
 *   kfree_rcu_shrink_scan` / `S kfree_rcu_shrink_scan: next CPU`, when a batch is usable.
 * - kfree_rcu_shrink_count() (v5.8 tree.c:3295 in a 5.8 build; v5.9): `for_each_online_cpu(cpu)
 *   count += READ_ONCE(krcp->count);`, no lock. A marked load. Step: `S do_shrink_slab:
 *   kfree_rcu_shrink_count` (shrinkCore=1).
 * - kfree_rcu_shrink_scan() (v5.8 tree.c:3311 in a 5.8 build; v5.9): `count = krcp->count;` and
 *   only then `spin_lock_irqsave(&krcp->lock, flags)` (raw_ from 8ac88f7177c7). A plain load
 *   without the lock, still so in v5.9 (8ac88f7177c7's hunk at `kfree_rcu_shrink_scan` keeps the
 *   line) and until 4c33464ae85e (v6.3) replaced it with krc_count(). Steps: `S
 *   kfree_rcu_shrink_scan` (shrinker=1) and `S kfree_rcu_shrink_scan: next CPU` (shrinkCore=1).
 * So the plain unlocked load races with the marked stores under the lock (LKMM: one of them
 * plain, no lock in common); the check finds it wherever the shrinker's step and a caller's
 * increment or a monitor's zeroing can both run next.
 * - With `fix=4c33464ae85e` (B7, v6.3, a kvfree-v5.9 history row): per-channel atomics
 *   (atomic_inc(&krcp->bulk_count[idx]) / atomic_inc(&krcp->head_count), atomic_set(..., 0) on
 *   detach) and krc_count()'s atomic_read() in the scan: every access marked, no candidate. They
 *   are labelled at the same location `krcp[x].count` (what krc_count() sums).
 *
 * Not labelled: krcp->monitor_todo (every access is under krcp->lock in v5.8 and v5.9: the caller
 * tests it only when rcu_scheduler_active == RCU_SCHEDULER_RUNNING, when the krcp is initialized
 * and locked; kfree_rcu_monitor(), kfree_rcu_shrink_scan() and kfree_rcu_scheduler_running() take
 * the lock first), nor any other field; a race on them cannot be found until they are.
 *
 * What it must not do: change a step's guard, recipe, name, actor or order, or read ghost fields.
 */
import type { AnyActionDef, Access, ModelDef, ModelInstance, Params } from '../../src/model/types.js';
import { v1Config, type V1Config, type V1State } from './classic.js';
import { kvfreeV1 as kvfreeV1Steps, v1RulesOf } from './v1.js';
import { kvfreeV59 as kvfreeV59Steps, v59RulesOf } from './v59.js';

/** The location the classic labels are about. */
export const krcpCount = (x: number): string => `krcp[${x}].count`;
const krcpLock = (x: number): string => `krcp[${x}].lock`;

const INC_CITE =
  'kvfree_call_rcu(): WRITE_ONCE(krcp->count, krcp->count + 1) under krcp->lock (spin_lock() if krcp->initialized: seed [PATCH 4/7] and v5.8, 9154244c1ab6; raw from 8ac88f7177c7; krc_this_cpu_lock() in v5.9), kernel/rcu/tree.c';
const INC_CITE_ATOMIC = 'add_ptr_to_bulk_krc_lock() / kvfree_call_rcu(): atomic_inc(&krcp->bulk_count[idx]) / atomic_inc(&krcp->head_count) (4c33464ae85e, v6.3)';
const ZERO_CITE = 'queue_kfree_rcu_work() (from kfree_rcu_drain_unlock(), krcp->lock held): WRITE_ONCE(krcp->count, 0), kernel/rcu/tree.c v5.8 (9154244c1ab6) and v5.9';
const ZERO_CITE_ATOMIC = 'kfree_rcu_monitor(): atomic_set(&krcp->bulk_count[j], 0) / atomic_set(&krcp->head_count, 0) under krcp->lock (4c33464ae85e, v6.3)';
const SCAN_CITE =
  'kfree_rcu_shrink_scan(): count = krcp->count; before spin_lock_irqsave(&krcp->lock) (raw_ from 8ac88f7177c7), kernel/rcu/tree.c v5.8 (9154244c1ab6; line 3311 in a 5.8 build) and v5.9; plain until 4c33464ae85e (v6.3)';
const SCAN_CITE_ATOMIC = 'kfree_rcu_shrink_scan(): count = krc_count(krcp) (atomic_read(), 4c33464ae85e, v6.3), no lock';
const COUNT_CITE = 'kfree_rcu_shrink_count(): count += READ_ONCE(krcp->count), no lock, kernel/rcu/tree.c v5.8 (9154244c1ab6; line 3295 in a 5.8 build) and v5.9';
const COUNT_CITE_ATOMIC = 'kfree_rcu_shrink_count(): count += krc_count(krcp) (atomic_read(), 4c33464ae85e, v6.3), no lock';

/**
 * Does kfree_rcu_drain_unlock() on krcp x store to the count (queue_kfree_rcu_work() finds a
 * usable batch: ./classic.ts drainUnlock's `usable`)? Batch 0 unusable leaves the krcp as it was,
 * so batch 1 is judged on the same state.
 */
function detaches(c: V1Config, s: Readonly<V1State>, x: number): boolean {
  const k = s.cpu[x];
  return k.krw.some((b) =>
    c.rules.batchWhenAllIdle
      ? b.bkvFree[0] === 0 && b.bkvFree[1] === 0 && b.headFree === 0 && (k.bkvhead[0] !== 0 || k.bkvhead[1] !== 0 || k.head !== 0)
      : (k.bkvhead[0] !== 0 && b.bkvFree[0] === 0) || (k.bkvhead[1] !== 0 && b.bkvFree[1] === 0) || (k.head !== 0 && b.headFree === 0),
  );
}

// Each action's own parameter type is checked where its labels are written (`satisfies`).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyAccess = Access<V1State, any>;

/** The labels, by action name, for one configuration. */
export function classicAccesses(c: V1Config): Record<string, readonly AnyAccess[]> {
  const xs = Array.from({ length: c.cpus }, (_, i) => i);
  const atomic = c.rules.countPerChannel;
  type CallP = { cpu: number; x: number; why?: 'uninitialized' | 'no-page' };
  // v1 takes krcp->lock only on an initialized krcp (C4's `uninitialized` outcome); v5.9 always.
  const callerLocks = (p: CallP): string[] => (c.rules.lockAlways || p.why !== 'uninitialized' ? [krcpLock(p.x)] : []);
  const increment: AnyAccess[] =
    c.mutation === 'no-count'
      ? []
      : atomic
        ? [{ loc: (p: CallP) => krcpCount(p.x), kind: 'write', mode: 'marked', locks: callerLocks, cite: INC_CITE_ATOMIC } satisfies Access<V1State, CallP>]
        : [
            { loc: (p: CallP) => krcpCount(p.x), kind: 'read', mode: 'plain', locks: callerLocks, cite: INC_CITE } satisfies Access<V1State, CallP>,
            { loc: (p: CallP) => krcpCount(p.x), kind: 'write', mode: 'marked', locks: callerLocks, cite: INC_CITE } satisfies Access<V1State, CallP>,
          ];
  const zero = (x: number, when: (s: Readonly<V1State>) => boolean, how: string): AnyAccess =>
    ({
      loc: krcpCount(x),
      kind: 'write',
      mode: 'marked',
      locks: [krcpLock(x)],
      when: (s: Readonly<V1State>) => when(s) && s.cpu[x].monitorTodo && detaches(c, s, x),
      cite: `${atomic ? ZERO_CITE_ATOMIC : ZERO_CITE}${how}`,
    }) satisfies Access<V1State, undefined>;
  const scanRead = (x: number, when: (s: Readonly<V1State>) => boolean): AnyAccess =>
    ({ loc: krcpCount(x), kind: 'read', mode: atomic ? 'marked' : 'plain', locks: [], when, cite: atomic ? SCAN_CITE_ATOMIC : SCAN_CITE }) satisfies Access<
      V1State,
      undefined
    >;
  const viaShrinker = ' (kfree_rcu_shrink_scan() → kfree_rcu_drain_unlock())';
  return {
    'C1-C7 kvfree_call_rcu: C3 add_ptr_to_bulk': increment,
    'C1-C7 kvfree_call_rcu: C4 queue on ch3': increment,
    'M1-M3 kfree_rcu_monitor': [
      {
        loc: (x: number) => krcpCount(x),
        kind: 'write',
        mode: 'marked',
        locks: (x: number) => [krcpLock(x)],
        when: (s: Readonly<V1State>, x: number) => s.cpu[x].monitorTodo && detaches(c, s, x),
        cite: atomic ? ZERO_CITE_ATOMIC : ZERO_CITE,
      } satisfies Access<V1State, number>,
    ],
    // shrinker=1: one step per CPU (s.shrink): the unlocked load, then the locked drain.
    'S kfree_rcu_shrink_scan': xs.flatMap((x) => [scanRead(x, (s) => s.shrink === x), zero(x, (s) => s.shrink === x, viaShrinker)]),
    // shrinkCore=1: count_objects reads every CPU's count, the scan one CPU per step (s.core.x).
    'S do_shrink_slab: kfree_rcu_shrink_count': xs.map(
      (x) => ({ loc: krcpCount(x), kind: 'read', mode: 'marked', locks: [], cite: atomic ? COUNT_CITE_ATOMIC : COUNT_CITE }) satisfies Access<V1State, undefined>,
    ),
    'S kfree_rcu_shrink_scan: next CPU': xs.flatMap((x) => [scanRead(x, (s) => s.core.x === x), zero(x, (s) => s.core.x === x, viaShrinker)]),
  };
}

/** `actions` with the labels of `c` attached by name (same array order, nothing else changed). */
export function withClassicAccesses(actions: readonly AnyActionDef<V1State>[], c: V1Config): AnyActionDef<V1State>[] {
  const table = classicAccesses(c);
  return actions.map((a) => (table[a.name] === undefined || table[a.name].length === 0 ? a : { ...a, accesses: table[a.name] }));
}

function labelled(steps: ModelDef, rulesOf: typeof v1RulesOf): ModelDef {
  return {
    ...steps,
    build(params: Params) {
      const m = steps.build(params);
      const c = v1Config(params, rulesOf(params));
      return { ...m, actions: withClassicAccesses(m.actions, c) as unknown as ModelInstance['actions'] };
    },
  };
}

/** kvfree-v1 as registered (./variants.ts): ./v1.ts's model with its access labels. */
export const kvfreeV1: ModelDef = labelled(kvfreeV1Steps, v1RulesOf);
/** kvfree-v5.9 as registered (./variants.ts): ./v59.ts's model with its access labels. */
export const kvfreeV59: ModelDef = labelled(kvfreeV59Steps, v59RulesOf);
