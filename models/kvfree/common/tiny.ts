/**
 * kvfree_call_rcu() under CONFIG_TINY_RCU, as an alternative call path of kvfree-v1 (`rcu` param).
 *
 * Why this file exists: the offset tag of the review (docs/protocol.md §4.2) has one precondition
 * that no alignment rule covers: a tagged head must never reach a generic RCU callback invoker,
 * which reads `func >= 4096` as a function pointer. Under Tiny RCU there is no kfree_rcu_work():
 * every head given to call_rcu() is invoked by kernel/rcu/tiny.c rcu_reclaim_tiny()
 * (v5.6: `if (__is_kfree_rcu_offset(offset)) kfree((void *)head - offset); else { f = head->func;
 * f(head); }`; the series spells it kvfree / __is_kvfree_rcu_offset so vmalloc objects work; the
 * tagging cells use slab objects only, where the two agree).
 *
 * Two flavours:
 *  - `tiny`: the Tiny RCU kvfree_call_rcu() of the series (rcutiny.h, as written in the May 2020
 *    review of the repost's patch 21/24 "rcu/tiny: move kvfree_call_rcu() out of header", and in
 *    rcutiny.h from v5.9):
 *    `if (head) { call_rcu(head, func); return; } might_sleep(); synchronize_rcu();
 *    kvfree((void *) func);`. No wrapper is ever attached, so no tagged head exists under Tiny.
 *    Source caveat: the seed (/work/shared/seed) quotes patch 4/7 only. The March 2020 patch 6/7
 *    ("rcu/tiny: support reclaim for head-less object", Message-Id
 *    20200323113621.12048-7-urezki@gmail.com) first tries a Tiny bulk-page array with its own
 *    monitor and only on failure takes this same fallback (call_rcu() for an embedded head,
 *    synchronize_rcu() + kvfree() for a head-less object); that array path is not modelled here.
 *    Neither form attaches a wrapper, so the conclusion (no tagged head under Tiny) holds for both.
 *  - `tiny-wrap`: HYPOTHETICAL, proposed by nobody: Tiny keeps the tree's head-less emergency path
 *    (attach_rcu_head_to_object() + the scheme's tag, seed 4/7) and hands the wrapper to
 *    call_rcu(head, func). It exists only to show that the precondition bites.
 *
 * Abstraction: Tiny's callback list (rcu_ctrlblk) is the model's krcp->head list, drained after a
 * grace period by the existing batch machinery; only the per-element invoker differs
 * (`tinyReclaim`, replacing W4's decode). Debug objects stay keyed by the object pointer as in the
 * tree model (Tiny's call_rcu() queues the head itself; that difference is not modelled).
 *
 * What it must not do: change anything under `rcu=tree` (the default; every pinned count holds),
 * read ghost fields to decide a step, or give tags a meaning rcu_reclaim_tiny() does not have.
 */
import type { AnyActionDef, Params } from '../../../src/model/types.js';
import { copyState, type KvConfig, type KvState } from './kstate.js';
import { candidates, clampAddr, wrapperBase } from './memory.js';
import { KVFREE_OFFSET_LIMIT, wrapperFunc } from './tags.js';
import { debugUnqueue, free, headAddr, headOwner, readWord, recordBadRead } from './world.js';
import { callerAt, curObj } from './caller.js';

export const RCU_FLAVOURS = ['tree', 'tiny', 'tiny-wrap'] as const;
export type RcuFlavour = (typeof RCU_FLAVOURS)[number];

export const RCU_PARAM = {
  description:
    'RCU flavour: tree (kfree_rcu_work decodes ch3), tiny (CONFIG_TINY_RCU: head -> call_rcu(head, func), head-less -> synchronize_rcu() + kvfree(); rcu_reclaim_tiny() invokes), tiny-wrap (hypothetical: the tagged head-less wrapper handed to call_rcu())',
  default: 'tree',
  values: RCU_FLAVOURS,
} as const;

export function rcuFlavour(p: Params): RcuFlavour {
  return ((p.rcu as string | undefined) ?? 'tree') as RcuFlavour;
}

/** The classic helpers the Tiny call path shares with the tree C1..C7 (passed in by ../classic.ts, which does not export them). */
export interface SectionHelpers {
  sectionEnabled(c: KvConfig, s: Readonly<KvState>, cpu: number, x: number): boolean;
  enterSection(c: KvConfig, d: KvState, x: number, obj: number): boolean;
  finishSection(c: KvConfig, d: KvState, cpu: number, x: number, expedited: boolean): void;
  leaveSection(c: KvConfig, d: KvState, cpu: number, x: number, success: boolean): void;
}

/**
 * Tiny kvfree_call_rcu() as one step per call (Tiny RCU is UP: local_irq_save around call_rcu()):
 * `head != NULL` → call_rcu(head, func) with func = offset; head-less → C8 (synchronize_rcu() +
 * kvfree()) under `tiny`, or (hypothetical `tiny-wrap`) a kmalloc'ed wrapper tagged per scheme and
 * call_rcu()'d, or C8 when that kmalloc fails.
 */
export function tinyCallActions(c: KvConfig, rcu: RcuFlavour, h: SectionHelpers): AnyActionDef<KvState>[] {
  const cpus = Array.from({ length: c.cpus }, (_, i) => i);
  const onCpus = cpus.map((cpu) => ({ cpu, x: cpu })); // Tiny RCU: one CPU, no migration
  const ready = (s: Readonly<KvState>, p: { cpu: number; x: number }): boolean =>
    h.sectionEnabled(c, s, p.cpu, p.x) && !(c.debug && s.objs[curObj(c, s, p.cpu)].dbg);
  const pushCallback = (d: KvState, p: { cpu: number; x: number }, obj: number): void => {
    const k = d.cpu[p.x];
    const o = d.objs[obj];
    o.hnext = k.head; // rcu_ctrlblk.curtail: the callback list
    k.head = headAddr(c, d, obj);
    h.finishSection(c, d, p.cpu, p.x, false);
  };
  const parities = c.alignWrap === 1 ? [0, 1] : [0];
  const actions: AnyActionDef<KvState>[] = [
    {
      // rcutiny.h kvfree_call_rcu(): if (head) { call_rcu(head, func); return; } — func = offset.
      name: 'T kvfree_call_rcu (Tiny): call_rcu(head, func)',
      fair: 'weak',
      actor: (p: { cpu: number }) => `caller${p.cpu}`,
      params: onCpus,
      label: (p: { cpu: number }) => `caller${p.cpu}, embedded rcu_head`,
      at: (p) => callerAt(p.cpu, 'C1'),
      enabled: (s, p) => ready(s, p) && c.objects[curObj(c, s, p.cpu)].form === 'embedded',
      apply: (d, p) => {
        const obj = curObj(c, d, p.cpu);
        h.enterSection(c, d, p.x, obj);
        d.objs[obj].hfunc = c.func.encode(BigInt(c.offset)); // head->func = (rcu_callback_t) offset
        pushCallback(d, p, obj);
      },
    },
    {
      // rcutiny.h kvfree_call_rcu(), head == NULL: might_sleep(); synchronize_rcu(); kvfree(ptr)
      // — the C8 steps. Under tiny-wrap: the wrapper kmalloc failed (seed 4/7 `goto unlock_return`).
      name: rcu === 'tiny' ? 'T kvfree_call_rcu (Tiny): head-less, synchronize_rcu() + kvfree()' : 'T kvfree_call_rcu (Tiny, hypothetical wrapper): kmalloc fails',
      fair: 'weak',
      actor: (p: { cpu: number }) => `caller${p.cpu}`,
      params: onCpus,
      label: (p: { cpu: number }) => `caller${p.cpu}, head-less`,
      at: (p) => callerAt(p.cpu, 'C1'),
      enabled: (s, p) => ready(s, p) && c.objects[curObj(c, s, p.cpu)].form === 'headless',
      apply: (d, p) => {
        h.enterSection(c, d, p.x, curObj(c, d, p.cpu));
        h.leaveSection(c, d, p.cpu, p.x, false);
      },
    },
  ];
  if (rcu === 'tiny-wrap') {
    actions.push({
      // HYPOTHETICAL: attach_rcu_head_to_object() (seed 4/7), func = the scheme's tag, call_rcu(head, func).
      name: 'T kvfree_call_rcu (Tiny, hypothetical wrapper): tagged wrapper to call_rcu()',
      fair: 'weak',
      actor: (p: { cpu: number }) => `caller${p.cpu}`,
      params: onCpus.flatMap((p) => parities.map((parity) => ({ ...p, parity }))),
      label: (p: { cpu: number; parity: number }) => `caller${p.cpu}, head-less, wrapper kmalloc succeeds${c.alignWrap === 1 ? (p.parity ? ' at an odd address' : ' at an even address') : ''}`,
      at: (p) => callerAt(p.cpu, 'C1'),
      enabled: (s, p) => ready(s, p) && c.objects[curObj(c, s, p.cpu)].form === 'headless',
      apply: (d, p) => {
        const obj = curObj(c, d, p.cpu);
        h.enterSection(c, d, p.x, obj);
        const o = d.objs[obj];
        o.wrap = candidates(wrapperBase(obj), c.alignWrap)[p.parity];
        o.wword0 = o.addr; // ptr[0] = obj
        o.hfunc = c.func.encode(wrapperFunc(c.tag, c.w)); // head->func = tag
        pushCallback(d, p, obj);
      },
    });
  }
  return actions;
}

/** What rcu_reclaim_tiny() does with the callback at model address `h` (pure; for the step and for reports). */
export function tinyPreview(c: KvConfig, s: Readonly<KvState>, h: number): { f: bigint; frees: bigint[]; calls: boolean } {
  return tinyCompute(c, copyState(c, s), h);
}

/** rcu_reclaim_tiny()'s reads on `d` (a read of freed memory is recorded on `d`, as in the step). */
function tinyCompute(c: KvConfig, d: KvState, h: number): { f: bigint; frees: bigint[]; calls: boolean } {
  const hd = c.map!.toReal(BigInt(h));
  const f = readWord(c, d, c.w.add(hd, BigInt(c.w.P)), (code) => c.func.decode(code));
  if (f < KVFREE_OFFSET_LIMIT) return { f, frees: [c.map!.toModel(c.w.sub(hd, f))], calls: false };
  return { f, frees: [], calls: true };
}

/**
 * kernel/rcu/tiny.c rcu_process_callbacks() → rcu_reclaim_tiny() for one callback `h` (model
 * address): `offset = head->func; if (__is_kvfree_rcu_offset(offset)) kvfree(head - offset);
 * else f(head)`. A call through a `func` that is no function (a tagged head-less wrapper) frees
 * nothing; the back-pointer ghost records that the head was not turned back into its object (the
 * same check W4's decode makes), and the object stays allocated (no-leak). Returns head->next.
 */
export function tinyReclaim(c: KvConfig, d: KvState, h: number): number {
  const map = c.map!;
  const hd = map.toReal(BigInt(h));
  const read = (a: bigint): bigint => readWord(c, d, a, (code) => c.func.decode(code));
  const nxt = read(hd); // next = list->next, before the invocation
  const owner = headOwner(c, d, h);
  const pv = tinyCompute(c, d, h);
  if (!pv.calls) {
    debugUnqueue(c, d, pv.frees[0]);
    free(c, d, 'kvfree', pv.frees[0]);
  }
  if (owner >= 0 && d.ghost.decode === 0) {
    const o = d.objs[owner];
    const want = o.wrap !== 0 ? [BigInt(o.addr), BigInt(o.wrap)] : [BigInt(o.addr)];
    const missing = want.some((a) => !pv.frees.includes(a));
    const stray = pv.frees.find((a) => !want.includes(a));
    if (missing || stray !== undefined) {
      d.ghost.decode = owner + 1;
      d.ghost.decodeAddr = clampAddr(stray ?? (pv.calls ? pv.f : hd));
    }
  }
  let next = nxt === 0n ? 0n : map.toModel(nxt);
  if (next !== 0n && headOwner(c, d, clampAddr(next)) < 0) {
    recordBadRead(d, next);
    next = 0n;
  }
  return Number(next);
}
