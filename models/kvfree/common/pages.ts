/**
 * Bulk pages and ch3 lists, shared by every variant: allocating a page from the pool, freeing a
 * page's records (W2/W3 `kfree_bulk` / `vfree`), the v5.9/v6 page-cache list
 * (`get_cached_bnode` / `put_cached_bnode`), walking chains and lists for the accounting
 * property, and the decode of one ch3 element (W4 / `kvfree_rcu_list`) with its back-pointer
 * ghost check.
 *
 * Why this file exists: one copy of each page and list step for v1, v5.9 and v6.
 *
 * What it must not do: take locks or decide when a step runs (the variants do).
 */
import { clampAddr, pageAddr } from './memory.js';
import { copyState, type KvConfig, type KvState, type Krcp } from './kstate.js';
import { decode } from './tags.js';
import { debugUnqueue, free, headOwner, readWord, recordBadRead, type PageState } from './world.js';

/** Records in a page chain. */
export function chainRecords(s: Readonly<KvState>, first: number): number {
  let n = 0;
  for (let pg = first; pg !== 0; pg = s.pages[pg - 1].next) n += s.pages[pg - 1].nr;
  return n;
}

/** Length of a ch3 list (stops at anything that is not an object's rcu_head). */
export function listLength(c: KvConfig, s: Readonly<KvState>, head: number): number {
  let n = 0;
  for (let hd = head; hd !== 0 && n <= s.objs.length; ) {
    const o = headOwner(c, s, hd);
    if (o < 0) break;
    n++;
    hd = s.objs[o].hnext;
  }
  return n;
}

/** Index + 1 of a never-used page in the pool (a fresh `__get_free_page()`), or 0 if the pool is exhausted. */
export function unusedPage(s: Readonly<KvState>): number {
  for (let p = 0; p < s.pages.length; p++) if (s.pages[p].st === 'unused') return p + 1;
  return 0;
}

/** Push page `pg` (index + 1) as the new first page of channel `idx`: nr_records = 0, next = old first. */
export function attachPage(d: KvState, k: Krcp, idx: number, pg: number): void {
  const page = d.pages[pg - 1];
  page.st = 'inuse';
  page.nr = 0;
  page.next = k.bkvhead[idx];
  k.bkvhead[idx] = pg;
}

/** `records[nr_records++] = ptr` on the first page of channel `idx`. */
export function appendRecord(d: KvState, k: Krcp, idx: number, obj: number): void {
  const first = d.pages[k.bkvhead[idx] - 1];
  first.rec[first.nr] = obj + 1;
  first.nr += 1;
}

/** A read of page `pg`'s header or records: a use-after-free (P3b) once the page has been freed. */
function readPage(d: KvState, pg: number): PageState {
  const page = d.pages[pg - 1];
  if (page.st === 'freed') recordBadRead(d, BigInt(pageAddr(pg - 1)));
  return page;
}

/** `bnode->next` (the page header), read as the reclaimer walks a page chain. */
export function pageNext(d: KvState, pg: number): number {
  return readPage(d, pg).next;
}

/** debug_rcu_bhead_unqueue(): debug_rcu_head_unqueue() of each record of page `pg`. */
export function unqueueRecords(c: KvConfig, d: KvState, pg: number): void {
  const page = readPage(d, pg);
  for (let r = 0; r < page.nr; r++) debugUnqueue(c, d, BigInt(d.objs[page.rec[r] - 1].addr));
}

/**
 * debug_rcu_bhead_unqueue() each record (unless `unqueue` is false: the caller already did), then
 * kfree_bulk() / vfree() them; the page itself is untouched.
 */
export function freeRecords(c: KvConfig, d: KvState, pg: number, fn: 'kfree' | 'vfree', unqueue = true): void {
  const page = readPage(d, pg);
  if (unqueue) unqueueRecords(c, d, pg);
  for (let r = 0; r < page.nr; r++) free(c, d, fn, BigInt(d.objs[page.rec[r] - 1].addr));
}

/** Reset a page header (records dropped, not freed: used when v6 WARNs and leaves them). */
export function clearPage(d: KvState, pg: number): void {
  const page = d.pages[pg - 1];
  page.nr = 0;
  page.next = 0;
  page.snap = 0;
  for (let r = 0; r < page.rec.length; r++) page.rec[r] = 0;
}

/** v5.9/v6 `get_cached_bnode()`: pop a page from the krcp's cache list (0 if empty). */
export function getCachedBnode(d: KvState, k: Krcp): number {
  const pg = k.bkvcache[0];
  if (pg === 0) return 0;
  k.bkvcache[0] = d.pages[pg - 1].next;
  d.pages[pg - 1].next = 0;
  k.nrCache -= 1;
  return pg;
}

/** v5.9/v6 `put_cached_bnode()`: push if `nr_bkv_objs < rcu_min_cached_objs`, else false. */
export function putCachedBnode(c: KvConfig, d: KvState, k: Krcp, pg: number): boolean {
  if (!c.cache || k.nrCache >= c.cacheLimit) return false;
  const page = d.pages[pg - 1];
  page.st = 'cached';
  page.next = k.bkvcache[0];
  k.bkvcache[0] = pg;
  k.nrCache += 1;
  return true;
}

/** `free_page(pg)`. */
export function freePage(c: KvConfig, d: KvState, pg: number): void {
  free(c, d, 'free_page', BigInt(pageAddr(pg - 1)));
}

/**
 * Decode and free one ch3 element at model address `h` (v1/v5.9 W4, v6 `kvfree_rcu_list`): read
 * `func` and `next` (kernel addresses through the config's map), run the scheme's decoder,
 * debug-unqueue and kvfree() what it says, and record in the ghost when the memory freed is not
 * exactly the element's owner (and its wrapper). Returns the model address of the next element
 * (0 at the end, or when `next` names no rcu_head: then the bad read is recorded, P3b).
 */
export function decodeElement(c: KvConfig, d: KvState, h: number): number {
  const map = c.map!;
  const hd = map.toReal(BigInt(h));
  const P = BigInt(c.w.P);
  const read = (a: bigint): bigint => readWord(c, d, a, (code) => c.func.decode(code));
  const f = read(c.w.add(hd, P)); // head->func
  let nxt = read(hd); // head->next
  const owner = headOwner(c, d, h);
  const dec = decode(c.tag, c.w, hd, f, read, c.mutation === 'skip-untag', c.layout);
  const frees = dec.frees.map((a) => map.toModel(a));
  const unq = map.toModel(dec.unqueue);
  if (c.mutation !== 'no-unqueue') debugUnqueue(c, d, unq);
  for (const a of frees) free(c, d, 'kvfree', a);
  if (c.mutation === 'double-free' && frees.length > 0) free(c, d, 'kvfree', frees[frees.length - 1]);
  if (c.mutation === 'next-after-free') nxt = read(hd);
  // Back-pointer recovery: the frees must be exactly the owner object (and its wrapper).
  if (owner >= 0 && d.ghost.decode === 0) {
    const o = d.objs[owner];
    const want = o.wrap !== 0 ? [BigInt(o.addr), BigInt(o.wrap)] : [BigInt(o.addr)];
    const missing = want.some((a) => !frees.includes(a));
    const stray = frees.find((a) => !want.includes(a));
    if (missing || stray !== undefined) {
      d.ghost.decode = owner + 1;
      d.ghost.decodeAddr = clampAddr(stray ?? unq);
    }
  }
  let next = nxt === 0n ? 0n : map.toModel(nxt);
  // A next pointer that names no rcu_head would be followed into garbage by the kernel:
  // record it as a bad read (P3b) and stop walking the list.
  if (next !== 0n && headOwner(c, d, clampAddr(next)) < 0) {
    recordBadRead(d, next);
    next = 0n;
  }
  return Number(next);
}

/**
 * What `decodeElement` would do for the ch3 element at model address `h` in state `s`, without
 * changing `s` (for reports): the address debug-unqueued, the addresses handed to kvfree(), and
 * whether the offset check WARNed. Addresses are model addresses (direct-map offsets).
 */
export function previewDecode(
  c: KvConfig,
  s: Readonly<KvState>,
  h: number,
): { unqueue: bigint; frees: bigint[]; warn: boolean; dynamic: boolean; real: { unqueue: bigint; frees: bigint[] } } {
  const d = copyState(c, s);
  const map = c.map!;
  const hd = map.toReal(BigInt(h));
  const read = (a: bigint): bigint => readWord(c, d, a, (code) => c.func.decode(code));
  const f = read(c.w.add(hd, BigInt(c.w.P)));
  const dec = decode(c.tag, c.w, hd, f, read, c.mutation === 'skip-untag', c.layout);
  return {
    unqueue: map.toModel(dec.unqueue),
    frees: dec.frees.map((a) => map.toModel(a)),
    warn: dec.warn,
    dynamic: dec.dynamic,
    real: { unqueue: dec.unqueue, frees: dec.frees },
  };
}
