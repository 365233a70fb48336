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
 * Readers are interchangeable among themselves. Each element is written leaf by leaf
 * (`renaming` below, compiled by src/model/leaf-permutation.ts): every leaf is asked for, so a
 * field added to a CPU's, caller's, object's or reader's struct moves with it (the element once
 * written as code forgot the refill worker's `refillRun` / `refillLeft`, and the reduced search of
 * `refill=1` or `kernel=v5.11` on two CPUs represented 1.4 times the states there are).
 *
 * When the swap is not a symmetry it is not declared: a CPU list of another length or kinds, the
 * shrinker, the teardown and boot (they visit CPUs in index order), `lowObj` (one object placed apart) and
 * `garbage=alias` (object i reads object i+1's address), and v6 with head-less objects (its
 * caller's `kx` is a CPU index whose initial value 0 also names CPU 0). `--check-symmetry` verifies the claim on
 * every reachable state (test/models/kvfree-symmetry.test.ts runs it on the plan's entries).
 *
 * What it must not do: be declared where the conditions above fail; read ghost fields to decide.
 */
import { leafPermutation, type LeafMap } from '../../../src/model/leaf-permutation.js';
import type { Permutation, Symmetry } from '../../../src/model/types.js';
import { kvShape, type KvConfig, type KvState } from './kstate.js';
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
  const shape = kvShape(c);
  const elements: Permutation<S>[] = [];
  const add = (name: string, r: Renaming) => elements.push(leafPermutation<S>(shape, name, renaming(r)));
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

/** The fields whose value names an object's memory (renamed with the objects' regions). */
const ADDRESS_FIELDS = new Set([
  'shr.rdyH',
  'cpu[].head',
  'cpu[].rdyH',
  'cpu[].krw[].headFree',
  'cpu[].krw[].h',
  'objs[].addr',
  'objs[].hnext',
  'objs[].wrap',
  'objs[].wword0',
  'ghost.invalidAddr',
  'ghost.uafAddr',
  'ghost.decodeAddr',
  'ghost.dbgAddr',
  'ghost.tdAddr',
]);

/** The arrays indexed by CPU, object and reader: the image's element i is the state's element `source(i)`. */
const MOVED = /^(cpu|callers|objs|readers)\[(\d+)\](.*)$/;

/**
 * The element as a leaf map: CPU x's krcp (`cpu[x]`, with its batches) and caller are CPU
 * `r.cpu(x)`'s, object `obj[i]` is object i, reader `reader[q]` is reader q; every value that
 * names an object is renamed with it (addresses, `func` pointer codes, page records and the
 * decode ghost as object index + 1, a reader's `holds` bitmask) and a caller's `held` (1 + a CPU)
 * with the CPUs. Everything else keeps its place and value: the shrinker's and teardown's CPU
 * (`shr.x`, `core.x`, `td.x`) and v6's `callers[].kx` stay as they are, since the swap is not
 * declared where they ever name a CPU (cpuSwapRefusal); bulk pages keep their index.
 */
function renaming(r: Renaming): LeafMap {
  const obj = r.obj;
  const objFrom: number[] = [];
  obj.forEach((to, i) => (objFrom[to] = i));
  const readerFrom: number[] = [];
  r.reader.forEach((to, q) => (readerFrom[to] = q));
  const addr = (v: number) => renameAddr(obj, v);
  const func = (v: number) => renameFunc(obj, v);
  const index1 = (v: number) => renameIndex1(obj, v);
  const held = (v: number) => (v === 0 ? 0 : r.cpu(v - 1) + 1); // a CPU value: the swap is its own inverse
  const holds = (v: number) => {
    let out = 0;
    for (let i = 0; i < obj.length; i++) if ((v & (1 << i)) !== 0) out |= 1 << obj[i];
    return out;
  };
  return (path) => {
    const field = path.replace(/\[\d+\]/g, '[]');
    let from = path;
    const m = MOVED.exec(path);
    if (m !== null) {
      const i = Number(m[2]);
      const k = m[1] === 'cpu' || m[1] === 'callers' ? r.cpu(i) : m[1] === 'objs' ? objFrom[i] : readerFrom[i];
      from = `${m[1]}[${k}]${m[3]}`;
    }
    if (ADDRESS_FIELDS.has(field)) return { from, map: addr };
    if (field === 'objs[].hfunc') return { from, map: func };
    if (field === 'pages[].rec[]' || field === 'ghost.decode') return { from, map: index1 };
    if (field === 'callers[].held') return { from, map: held };
    if (field === 'readers[].holds') return { from, map: holds };
    return { from };
  };
}
