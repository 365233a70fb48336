/**
 * The symmetry of a kvfree configuration: swapping the two CPUs (with their krcp, batches,
 * monitor, caller and the objects handed to them), and permuting the RCU readers.
 *
 * Why this file exists: the protocol treats every CPU alike, so when each CPU's caller is handed
 * the same sequence of object kinds, a state and its CPU-swapped image behave alike. The image
 * moves `cpu[x]` and `callers[x]` to the other CPU, object k of CPU 0's list to object k of CPU 1's list and back, and renames everything
 * that names an object: every address-valued field (object, embedded head, wrapper, tagged and
 * pointer-coded `func` values, the ghost's recorded addresses: each object's regions are laid out
 * at the same offsets, memory.ts), page records (object index + 1), the decode ghost, and each
 * reader's `holds` bitmask. Bulk pages are not renamed: pages are handed out in the global order
 * of allocation (first unused), which the swapped run repeats, so page indices stay as they are.
 * Readers are interchangeable among themselves.
 *
 * When the swap is not a symmetry it is not declared: a CPU list of another length or kinds, the
 * shrinker, the teardown and boot (they visit CPUs in index order), `lowObj` (one object placed apart) and
 * `garbage=alias` (object i reads object i+1's address), and v6 with head-less objects (its
 * caller's `kx` is a CPU index whose initial value 0 also names CPU 0). `--check-symmetry` verifies the claim on
 * every reachable state (test/models/kvfree-symmetry.test.ts runs it on the plan's entries).
 *
 * What it must not do: be declared where the conditions above fail; read ghost fields to decide.
 */
import type { Permutation, Symmetry } from '../../../src/model/types.js';
import type { KvConfig, KvState } from './kstate.js';
import { FUNC_CODE_BASE, OBJ_STRIDE, PTR_CODE_BASE, SLAB_BASE, VMALLOC_START, WRAP_BASE, WRAP_STRIDE } from './memory.js';

const VMALLOC_STRIDE = 0x10000;

/** Why the CPU swap is not a symmetry of `c` (null: it is). */
export function cpuSwapRefusal(c: KvConfig): string | null {
  if (c.cpus !== 2) return 'one CPU';
  if (c.perCpu.flat().length !== c.objects.length) return 'an object is handed over twice';
  const [a, b] = c.perCpu;
  const kinds = (l: number[]) => l.map((i) => `${c.objects[i].form}/${c.objects[i].kind}`).join(',');
  if (kinds(a) !== kinds(b)) return `the CPUs are handed different object sequences (${kinds(a)} vs ${kinds(b)})`;
  if (c.shrinker) return 'the shrinker visits CPUs in order';
  if (c.teardown !== 'none') return 'kvfree_rcu_barrier() visits CPUs in order';
  if (c.boot) return 'boot initialises CPUs in order';
  if (c.lowObj) return 'lowObj places one object apart';
  if (c.garbage === 'alias') return 'garbage=alias reads the next object by index';
  if (c.variant === 'v6' && c.objects.some((o) => o.form === 'headless')) {
    // The v6 caller's `kx` (the krcp whose lock it dropped) keeps the last CPU it named and starts
    // at 0, which also names CPU 0: the swap would map the initial state out of the initial set.
    return "v6's head-less caller records a CPU index (kx) that starts as CPU 0";
  }
  return null;
}

interface Renaming {
  cpu: (x: number) => number;
  obj: readonly number[];
  reader: readonly number[];
}

export function kvSymmetry<S extends KvState>(c: KvConfig): Symmetry<S> {
  const n = c.objects.length;
  const identityObjs = Array.from({ length: n }, (_, i) => i);
  const identityReaders = Array.from({ length: c.nReaders }, (_, i) => i);
  const cpuSwap = cpuSwapRefusal(c) === null;
  const swappedObjs = identityObjs.slice();
  if (cpuSwap) {
    c.perCpu[0].forEach((o, k) => {
      swappedObjs[o] = c.perCpu[1][k];
      swappedObjs[c.perCpu[1][k]] = o;
    });
  }
  const elements: Permutation<S>[] = [];
  const add = (name: string, r: Renaming) => elements.push({ name, apply: (src, dst) => rename(r, src as S, dst), complete: true });
  const readerSwap = c.nReaders === 2 ? [1, 0] : null;
  if (cpuSwap) add('swap cpu0/cpu1', { cpu: (x) => 1 - x, obj: swappedObjs, reader: identityReaders });
  if (readerSwap) add('swap reader0/reader1', { cpu: (x) => x, obj: identityObjs, reader: readerSwap });
  if (cpuSwap && readerSwap) add('swap cpu0/cpu1 and reader0/reader1', { cpu: (x) => 1 - x, obj: swappedObjs, reader: readerSwap });
  const parts = [cpuSwap ? 'the two CPUs (krcp, batches, caller and their objects)' : '', readerSwap ? 'the two readers' : ''].filter((x) => x !== '');
  return { description: parts.length === 0 ? `none (${cpuSwapRefusal(c) ?? 'no readers to swap'})` : parts.join('; '), elements };
}

/** Region-preserving renaming of an address: object i's slab, wrapper or vmalloc region to object obj[i]'s. */
function renameAddr(obj: readonly number[], v: number): number {
  const n = obj.length;
  if (v >= SLAB_BASE && v < SLAB_BASE + n * OBJ_STRIDE) {
    const i = Math.floor((v - SLAB_BASE) / OBJ_STRIDE);
    return v + (obj[i] - i) * OBJ_STRIDE;
  }
  if (v >= WRAP_BASE && v < WRAP_BASE + n * WRAP_STRIDE) {
    const i = Math.floor((v - WRAP_BASE) / WRAP_STRIDE);
    return v + (obj[i] - i) * WRAP_STRIDE;
  }
  if (v >= VMALLOC_START && v < VMALLOC_START + n * VMALLOC_STRIDE) {
    const i = Math.floor((v - VMALLOC_START) / VMALLOC_STRIDE);
    return v + (obj[i] - i) * VMALLOC_STRIDE;
  }
  return v;
}

/** `func` field codes: pointer codes carry a model address; small values and tag codes are not addresses. */
function renameFunc(obj: readonly number[], code: number): number {
  return code >= PTR_CODE_BASE && code < FUNC_CODE_BASE ? PTR_CODE_BASE + renameAddr(obj, code - PTR_CODE_BASE) : code;
}

function renameIndex1(obj: readonly number[], v: number): number {
  return v === 0 ? 0 : obj[v - 1] + 1;
}

/** Writes every field of `d` (the element is `complete`): what it renames, and the rest as it is. */
function rename<S extends KvState>(r: Renaming, s: Readonly<S>, d: S): void {
  const obj = r.obj;
  d.sched = s.sched;
  d.boot = s.boot;
  d.shrink = s.shrink;
  d.shr.pc = s.shr.pc;
  d.shr.x = s.shr.x; // the CPU swap is refused with a shrinker (cpuSwapRefusal), so x stays 0 under it
  d.shr.cnt = s.shr.cnt;
  d.shr.rdy[0] = s.shr.rdy[0];
  d.shr.rdy[1] = s.shr.rdy[1];
  d.shr.rdyH = renameAddr(obj, s.shr.rdyH);
  d.shr.scans = s.shr.scans;
  d.core.pc = s.core.pc;
  d.core.freeable = s.core.freeable;
  d.core.total = s.core.total;
  d.core.req = s.core.req;
  d.core.nr = s.core.nr;
  d.core.wrap = s.core.wrap;
  d.core.x = s.core.x; // the CPU swap is refused with a shrinker (cpuSwapRefusal)
  d.core.freed = s.core.freed;
  d.core.calls = s.core.calls;
  d.core.empty = s.core.empty;
  d.spont = s.spont;
  d.fails = s.fails;
  d.gp = s.gp;
  for (let x = 0; x < s.cpu.length; x++) {
    const from = s.cpu[r.cpu(x)];
    const to = d.cpu[x];
    to.initialized = from.initialized;
    to.locked = from.locked;
    to.irqOff = from.irqOff;
    to.head = renameAddr(obj, from.head);
    to.bkvhead[0] = from.bkvhead[0];
    to.bkvhead[1] = from.bkvhead[1];
    to.bkvcache[0] = from.bkvcache[0];
    to.bkvcache[1] = from.bkvcache[1];
    to.nrCache = from.nrCache;
    to.count = from.count;
    to.bulkCount[0] = from.bulkCount[0];
    to.bulkCount[1] = from.bulkCount[1];
    to.headCount = from.headCount;
    to.headSnap = from.headSnap;
    to.monitorTodo = from.monitorTodo;
    to.monPending = from.monPending;
    to.monStage = from.monStage;
    to.monRunning = from.monRunning;
    to.mphase = from.mphase;
    to.rdy[0] = from.rdy[0];
    to.rdy[1] = from.rdy[1];
    to.rdyH = renameAddr(obj, from.rdyH);
    to.refill = from.refill;
    to.backoff = from.backoff;
    for (let b = 0; b < 2; b++) {
      const fb = from.krw[b];
      const tb = to.krw[b];
      tb.headFree = renameAddr(obj, fb.headFree);
      tb.bkvFree[0] = fb.bkvFree[0];
      tb.bkvFree[1] = fb.bkvFree[1];
      tb.headFreeSnap = fb.headFreeSnap;
      tb.rwPending = fb.rwPending;
      tb.rwStage = fb.rwStage;
      tb.rwRunning = fb.rwRunning;
      tb.cbSnap = fb.cbSnap;
      tb.wphase = fb.wphase;
      tb.k1 = fb.k1;
      tb.k2 = fb.k2;
      tb.h = renameAddr(obj, fb.h);
      tb.hSnap = fb.hSnap;
    }
    const fc = s.callers[r.cpu(x)];
    const tc = d.callers[x];
    tc.pc = fc.pc;
    tc.idx = fc.idx;
    tc.syncSnap = fc.syncSnap;
    tc.kx = fc.kx; // never set where the swap is declared (cpuSwapRefusal)
    tc.held = fc.held === 0 ? 0 : r.cpu(fc.held - 1) + 1; // a CPU value: the swap is its own inverse
  }
  for (let i = 0; i < s.objs.length; i++) {
    const from = s.objs[i];
    const to = d.objs[obj[i]];
    to.addr = renameAddr(obj, from.addr);
    to.published = from.published;
    to.called = from.called;
    to.accepted = from.accepted;
    to.snap = from.snap;
    to.frees = from.frees;
    to.dbg = from.dbg;
    to.hnext = renameAddr(obj, from.hnext);
    to.hfunc = renameFunc(obj, from.hfunc);
    to.wrap = renameAddr(obj, from.wrap);
    to.wword0 = renameAddr(obj, from.wword0);
    to.wfrees = from.wfrees;
  }
  for (let p = 0; p < s.pages.length; p++) {
    const from = s.pages[p];
    const to = d.pages[p];
    to.st = from.st;
    to.nr = from.nr;
    to.next = from.next;
    to.frees = from.frees;
    to.snap = from.snap;
    for (let k = 0; k < from.rec.length; k++) to.rec[k] = renameIndex1(obj, from.rec[k]);
  }
  for (let q = 0; q < s.readers.length; q++) {
    const from = s.readers[q];
    const to = d.readers[r.reader[q]];
    to.ph = from.ph;
    to.start = from.start;
    let holds = 0;
    for (let i = 0; i < obj.length; i++) if ((from.holds & (1 << i)) !== 0) holds |= 1 << obj[i];
    to.holds = holds;
  }
  const g = s.ghost;
  d.ghost.invalid = g.invalid;
  d.ghost.invalidFn = g.invalidFn;
  d.ghost.uaf = g.uaf;
  d.ghost.ctx = g.ctx;
  d.ghost.dbg = g.dbg;
  d.ghost.invalidAddr = renameAddr(obj, g.invalidAddr);
  d.ghost.uafAddr = renameAddr(obj, g.uafAddr);
  d.ghost.decodeAddr = renameAddr(obj, g.decodeAddr);
  d.ghost.dbgAddr = renameAddr(obj, g.dbgAddr);
  d.ghost.decode = renameIndex1(obj, g.decode);
  d.ghost.shrinkWasted = g.shrinkWasted;
}
