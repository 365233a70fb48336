/**
 * Tagging schemes for a dynamically attached rcu_head (docs/protocol.md §4): what `func` holds when a
 * head is queued on ch3, and how `kfree_rcu_work()` (W4) decodes it back.
 *
 * Why this file exists: the seed's review asks whether BIT(0) tagging is safe; the same decode
 * step must be checkable under each scheme with exact unsigned arithmetic, including
 * `__is_kvfree_rcu_offset(off)` (= off < 4096) and wrap-around of `off - 1`.
 *
 * What it must not do: touch model state. Decoding returns the kernel's actions (which address is
 * debug-unqueued, which addresses go to kvfree(), whether it WARNs); the model performs them.
 */
import type { Words } from './memory.js';

export type TagScheme = 'bit0' | 'offset-half' | 'bit31' | 'dyn-head' | 'none';
export const TAG_SCHEMES: readonly TagScheme[] = ['bit0', 'offset-half', 'bit31', 'dyn-head', 'none'];

/** `__is_kvfree_rcu_offset(off)`. */
export const KVFREE_OFFSET_LIMIT = 4096n;

/** What W4 does for one list element. */
export interface Decoded {
  /** Argument of `debug_rcu_head_unqueue()`. */
  unqueue: bigint;
  /** Arguments of the `kvfree()` calls, in order. */
  frees: bigint[];
  /** The offset check failed: WARN, nothing freed. */
  warn: boolean;
  /** The decoder classified the head as dynamically attached (wrapper). */
  dynamic: boolean;
}

/**
 * What `func` of an embedded head holds: the offset of the head in its object (v1, v5.9: the
 * two-argument macro passes `offsetof()`), or the object pointer (v6.3+: `kvfree_call_rcu(head,
 * ptr)` stores `head->func = ptr`; also the dyn_rcu_head proposal on any structure).
 */
export type Layout = 'offset' | 'pointer';

/** Does an embedded head store the object pointer under this scheme and structure? */
export function embeddedStoresPointer(scheme: TagScheme, layout: Layout): boolean {
  return scheme === 'dyn-head' || layout === 'pointer';
}

/** `func` stored for a wrapper's head (C4, head-less form). */
export function wrapperFunc(scheme: TagScheme, w: Words): bigint {
  const P = BigInt(w.P);
  switch (scheme) {
    case 'bit0':
      return P + 1n; // v1: func = sizeof(unsigned long *) + 1
    case 'offset-half':
      return 1n << (w.bits - 2n); // any value > LONG_MAX / 2
    case 'bit31':
      return P | (1n << 31n); // RCU_HEADLESS_KFREE = BIT(31)
    case 'dyn-head':
      return P; // offsetof(struct dyn_rcu_head, rh)
    case 'none':
      return P; // control: the plain offset of the head inside the wrapper, untagged
  }
}

/**
 * W4 decode of head `hd` whose `func` is `f`. `readWord(a)` returns the P-byte word at address a.
 * `skipUntag` is the bug-seeded mutation that forgets `off -= 1` in the bit0 decoder.
 */
export function decode(
  scheme: TagScheme,
  w: Words,
  hd: bigint,
  f: bigint,
  readWord: (a: bigint) => bigint,
  skipUntag = false,
  layout: Layout = 'offset',
): Decoded {
  const P = BigInt(w.P);
  if (layout === 'pointer' && scheme !== 'dyn-head') return decodePointerLayout(scheme, w, hd, f, readWord);
  switch (scheme) {
    case 'bit0': {
      // kfree_rcu_work (seed 4/7): headless = ((head - offset) & BIT(0)); if so offset -= 1.
      let off = f;
      const hl = (w.sub(hd, off) & 1n) !== 0n;
      if (hl && !skipUntag) off = w.sub(off, 1n);
      const ptr = w.sub(hd, off);
      return finish(ptr, off, hl, readWord);
    }
    case 'none': {
      const off = f;
      return finish(w.sub(hd, off), off, false, readWord);
    }
    case 'offset-half': {
      // Review proposal: f > LONG_MAX/2 means head-less; the offset is overridden with P.
      const hl = f > w.longMax / 2n;
      const off = hl ? P : f;
      return finish(w.sub(hd, off), off, hl, readWord);
    }
    case 'bit31': {
      // "Make kvfree_rcu() tolerate any alignment": mask before the < 4096 check.
      const tag = 1n << 31n;
      const hl = (f & tag) !== 0n;
      const off = f & ~tag;
      return finish(w.sub(hd, off), off, hl, readWord);
    }
    case 'dyn-head': {
      // 2024 proposal: p = f; off = hd - p; if p < 4096 the head is a dyn_rcu_head.
      let p = f;
      let off = w.sub(hd, p);
      const dynamic = p < KVFREE_OFFSET_LIMIT;
      let drhp = 0n;
      if (dynamic) {
        drhp = w.sub(hd, P);
        off = readWord(w.add(drhp, P + P)); // drhp->rh.func
        p = readWord(drhp); // drhp->ptr
      }
      if (off < KVFREE_OFFSET_LIMIT) {
        return { unqueue: p, frees: dynamic ? [p, drhp] : [p], warn: false, dynamic };
      }
      return { unqueue: p, frees: [], warn: true, dynamic };
    }
  }
}

/**
 * The v6.3+ layout (`func` of an embedded head = object pointer), decoded by
 * `kvfree_rcu_list()`: `ptr = func; offset = head - ptr; debug_rcu_head_unqueue(ptr); if
 * __is_kvfree_rcu_offset(offset) kvfree(ptr) else WARN`. With a tag scheme on top (docs/protocol.md
 * §4.2 "If f carried the object pointer instead of an offset"), the scheme's classifier runs
 * first on the pointer value and a head it classifies as a wrapper is decoded as one: `ptr = head
 * - off'`, `kvfree(*ptr)`, `kvfree(ptr)`. `none` here is upstream v6 (no dynamic head at all).
 */
function decodePointerLayout(scheme: TagScheme, w: Words, hd: bigint, f: bigint, readWord: (a: bigint) => bigint): Decoded {
  const P = BigInt(w.P);
  let hl = false;
  let off = 0n;
  switch (scheme) {
    case 'bit0':
      hl = (w.sub(hd, f) & 1n) !== 0n;
      off = w.sub(f, 1n);
      break;
    case 'offset-half':
      hl = f > w.longMax / 2n;
      off = P;
      break;
    case 'bit31':
      hl = (f & (1n << 31n)) !== 0n;
      off = f & ~(1n << 31n);
      break;
    case 'dyn-head':
    case 'none':
      break; // no tag: every head is embedded, func is the object pointer
  }
  if (hl) return finish(w.sub(hd, off), off, true, readWord);
  const p = f;
  const offset = w.sub(hd, p);
  if (offset < KVFREE_OFFSET_LIMIT) return { unqueue: p, frees: [p], warn: false, dynamic: false };
  return { unqueue: p, frees: [], warn: true, dynamic: false };
}

/** Shared tail of the offset-based decoders: unqueue(ptr); if off < 4096 { if hl kvfree(*ptr); kvfree(ptr) }. */
function finish(ptr: bigint, off: bigint, hl: boolean, readWord: (a: bigint) => bigint): Decoded {
  if (off >= KVFREE_OFFSET_LIMIT) return { unqueue: ptr, frees: [], warn: true, dynamic: hl };
  return { unqueue: ptr, frees: hl ? [readWord(ptr), ptr] : [ptr], warn: false, dynamic: hl };
}
