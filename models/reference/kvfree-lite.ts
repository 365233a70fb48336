/**
 * kvfree-lite: a small, exact abstraction of v1's monitor/batch protocol (docs/protocol.md §2),
 * written from its spec page (shared/design/kvfree-lite.md) so that rcucheck, SPIN and Rumur can
 * be run side by side on the same semantics on a kvfree-shaped workload.
 *
 * Why this file exists: the engine's third reference model, the first with a kvfree shape (work
 * items, two batches, a GP ghost). bench/kvfree-lite.pml (Promela) and bench/kvfree-lite.m (Murphi)
 * are the same model; with every check off the three distinct-state counts are equal
 * (bench/kvfree-lite-counts.sh records SPIN's and Rumur's in bench/kvfree-lite-counts.json,
 * test/models/kvfree-lite.test.ts compares). It is not a replacement for kvfree-v1: one CPU, one
 * client making two-argument calls, no readers, no head-less objects, no ch2, no boot, no shrinker.
 *
 * State: exactly the variables of the spec's State table, nothing else (a mask is a set of objects,
 * bit i-1 = object i; objects are numbered 1..N in call order). Every transition of the spec's
 * Transitions list is exactly one action; M1-M3 is one action whose locals (q, rep, moved) are not
 * state. The checks are the spec's five, with the page's names; the two "at every free(i)" checks
 * are transition properties that read the objects a step removed from a batch's detached lists.
 *
 * What it must not do: depend on the engine; it is plain model data. Nothing here may be stored
 * that the Promela and Murphi twins do not store, or the counts stop being comparable.
 */
import { array, bool, enumOf, int, struct } from '../../src/model/shape.js';
import { defineModel, type AnyActionDef, type Property, type RO } from '../../src/model/types.js';

type MStage = 'IDLE' | 'TIMER' | 'QUEUED';
type RwStage = 'IDLE' | 'WAITGP' | 'QUEUED';
type WPc = 'IDLE' | 'W1' | 'W2' | 'W4';
interface Batch {
  fb: number;
  fh: number;
  rw: RwStage;
  cbsnap: number;
  wpc: WPc;
  pb: number;
  ph: number;
}
interface S {
  ncalled: number;
  gp: number;
  kb: number;
  kh: number;
  cache: boolean;
  todo: boolean;
  count: number;
  mstage: MStage;
  mrun: boolean;
  batch: Batch[];
  snap: number[];
  freed: number;
  pglive: number;
  nspont: number;
}

/** POP(m): number of objects in m. */
function pop(m: number): number {
  let c = 0;
  for (let x = m; x !== 0; x &= x - 1) c++;
  return c;
}
/** TOP(m): highest object in m (0 if empty). */
const top = (m: number): number => 32 - Math.clz32(m);
const bit = (i: number): number => 1 << (i - 1);
/** SNAP = (gp + 3) with bit 0 cleared: the end of the next full GP. */
const snapOf = (gp: number): number => (gp + 3) & ~1;

export const kvfreeLite = defineModel({
  id: 'kvfree-lite',
  description: "Small exact model of v1's monitor/batch protocol, for cross-checks with SPIN and Rumur",
  params: {
    N: { description: 'objects handed over, one call after the other', default: 2, min: 1, max: 4 },
    CAP: { description: 'records per bulk page (510 in the kernel)', default: 1, min: 1, max: 2 },
    PRED: { description: "the monitor's batch choice (M2): v1, fixed (all slots empty), pendskip (rcu_work idle)", default: 'v1', values: ['v1', 'fixed', 'pendskip'] },
    REARM: { description: "the monitor's re-arm rule (M3): v1 (nothing queued), fixed (work left), v59 (work left after a batch)", default: 'v1', values: ['v1', 'fixed', 'v59'] },
    COUNT: { description: 'count update at M2: v1 (count := 0) or perchannel (count -= records moved)', default: 'v1', values: ['v1', 'perchannel'] },
    SPONT: { description: 'grace periods that may start with nobody waiting', default: 0, min: 0, max: 2 },
  },
  propertyNames: ['gp-guarantee', 'exactly-once', 'accounting', 'no-leak', 'pages'],
  build(params) {
    const n = params.N as number;
    const cap = params.CAP as number;
    const pred = params.PRED as 'v1' | 'fixed' | 'pendskip';
    const rearm = params.REARM as 'v1' | 'fixed' | 'v59';
    const perChannel = params.COUNT === 'perchannel';
    const spont = params.SPONT as number;
    const all = (1 << n) - 1;
    // Each successful queue_rcu_work (at most one per object moved) and each spontaneous GP
    // starts at most one GP, so gp <= 2(N + SPONT) and every SNAP <= gp + 3. The codec refuses
    // (RC012) a value outside these ranges, so an error in the bound cannot go unnoticed.
    const gpMax = 2 * (n + spont);
    const snapMax = gpMax + 3;
    const mask = int(0, all);
    const shape = struct({
      ncalled: int(0, n),
      gp: int(0, gpMax),
      kb: mask,
      kh: mask,
      cache: bool(),
      todo: bool(),
      count: int(0, n),
      mstage: enumOf(['IDLE', 'TIMER', 'QUEUED']),
      mrun: bool(),
      batch: array(
        2,
        struct({
          fb: mask,
          fh: mask,
          rw: enumOf(['IDLE', 'WAITGP', 'QUEUED']),
          cbsnap: int(0, snapMax),
          wpc: enumOf(['IDLE', 'W1', 'W2', 'W4']),
          pb: mask,
          ph: mask,
        }),
      ),
      snap: array(n, int(0, snapMax)),
      freed: mask,
      pglive: int(0, n + 1),
      nspont: int(0, spont),
    });

    const pages = (m: number): number => Math.ceil(pop(m) / cap);
    /** FIRSTPG(m): records on the first (newest) page of a chain of POP(m) records. */
    const firstPg = (m: number): number => pop(m) - cap * Math.floor((pop(m) - 1) / cap);
    const needPage = (s: RO<S>): boolean => pop(s.kb) % cap === 0;
    const needGp = (s: RO<S>): boolean => s.batch.some((w) => w.rw === 'WAITGP' && s.gp < w.cbsnap);
    const nextW = (w: RO<Batch>): WPc => (w.pb !== 0 ? 'W2' : w.ph !== 0 ? 'W4' : 'IDLE');
    const schedMonitor = (d: S, expd: boolean): void => {
      if (d.mstage === 'IDLE') d.mstage = expd ? 'QUEUED' : 'TIMER';
    };
    /** C5, C6 (docs/protocol.md §2.3), and the end of the call. */
    const tail = (d: S, expd: boolean): void => {
      d.count = d.count + 1;
      if (!d.todo) {
        d.todo = true;
        schedMonitor(d, expd);
      }
      d.ncalled = d.ncalled + 1;
    };
    const calling = (s: RO<S>): boolean => s.ncalled < n;
    const quiescent = (s: RO<S>): boolean =>
      s.ncalled === n && s.mstage === 'IDLE' && !s.mrun && s.gp % 2 === 0 && s.batch.every((w) => w.rw === 'IDLE' && w.wpc === 'IDLE');
    const batches = [0, 1];
    const worker = (b: number): string => `worker${b}`;
    const label = (b: number): string => `batch ${b}`;

    const actions: AnyActionDef<S>[] = [
      {
        // Spec: Transitions 1 (docs/protocol.md §2.3 C3, the cached page or room on the first page).
        name: 'C3 add_ptr_to_bulk (no allocation)',
        actor: 'client',
        enabled: (s) => calling(s) && !(needPage(s) && !s.cache),
        apply: (d) => {
          const i = d.ncalled + 1;
          d.snap[i - 1] = snapOf(d.gp);
          if (needPage(d)) d.cache = false;
          d.kb = d.kb | bit(i);
          tail(d, false);
        },
      },
      {
        // Spec: Transitions 2 (docs/protocol.md §2.3 C3, __get_free_page succeeds).
        name: 'C3 add_ptr_to_bulk (new page)',
        actor: 'client',
        enabled: (s) => calling(s) && needPage(s) && !s.cache,
        apply: (d) => {
          const i = d.ncalled + 1;
          d.snap[i - 1] = snapOf(d.gp);
          d.pglive = d.pglive + 1;
          d.kb = d.kb | bit(i);
          tail(d, false);
        },
      },
      {
        // Spec: Transitions 3 (docs/protocol.md §2.3 C3 fails, C4 queues on ch3, expedited drain).
        name: 'C4 queue on ch3 (no page)',
        actor: 'client',
        enabled: (s) => calling(s) && needPage(s) && !s.cache,
        apply: (d) => {
          const i = d.ncalled + 1;
          d.snap[i - 1] = snapOf(d.gp);
          d.kh = d.kh | bit(i);
          tail(d, true);
        },
      },
      {
        // Spec: Transitions 4 (docs/protocol.md §2.5, the monitor's timer fires).
        name: 'G monitor timer fires',
        actor: 'monitor',
        enabled: (s) => s.mstage === 'TIMER',
        apply: (d) => {
          d.mstage = 'QUEUED';
        },
      },
      {
        // Spec: Transitions 5 (docs/protocol.md §2.4 M0: PENDING cleared, the monitor starts).
        name: 'M0 monitor_work starts',
        actor: 'monitor',
        enabled: (s) => s.mstage === 'QUEUED' && !s.mrun,
        apply: (d) => {
          d.mstage = 'IDLE';
          d.mrun = true;
        },
      },
      {
        // Spec: Transitions 6 (docs/protocol.md §2.4, M1 to M3 as one critical section).
        name: 'M1-M3 kfree_rcu_monitor',
        actor: 'monitor',
        enabled: (s) => s.mrun,
        apply: (d) => {
          if (d.todo) {
            d.todo = false;
            let q = false;
            let rep = false;
            for (const b of batches) {
              const w = d.batch[b];
              let moved = -1; // -1: this batch was not taken
              if (pred === 'fixed') {
                if (!q && w.fb === 0 && w.fh === 0 && (d.kb !== 0 || d.kh !== 0)) {
                  moved = pop(d.kb) + pop(d.kh);
                  w.fb = d.kb;
                  w.fh = d.kh;
                  d.kb = 0;
                  d.kh = 0;
                }
              } else if ((pred === 'v1' || w.rw === 'IDLE') && ((d.kb !== 0 && w.fb === 0) || (d.kh !== 0 && w.fh === 0))) {
                moved = 0;
                if (w.fb === 0) {
                  moved += pop(d.kb);
                  w.fb = d.kb;
                  d.kb = 0;
                }
                if (w.fh === 0) {
                  moved += pop(d.kh);
                  w.fh = d.kh;
                  d.kh = 0;
                }
              }
              if (moved >= 0) {
                d.count = perChannel ? d.count - moved : 0;
                // queue_rcu_work(b): call_rcu only if the rcu_work was idle; v1 ignores the result.
                if (w.rw === 'IDLE') {
                  w.rw = 'WAITGP';
                  w.cbsnap = snapOf(d.gp);
                }
                q = true;
              }
              if (rearm === 'v59' && (d.kb !== 0 || d.kh !== 0)) rep = true;
            }
            const again = rearm === 'v1' ? !q : rearm === 'fixed' ? d.kb !== 0 || d.kh !== 0 : rep;
            if (again) {
              d.todo = true;
              schedMonitor(d, false);
            }
          }
          d.mrun = false;
        },
      },
      {
        // Spec: Transitions 7 (docs/protocol.md §2.5, rcu_work_rcufn after a full GP).
        name: 'G rcu_work_rcufn (call_rcu callback)',
        actor: 'gp',
        params: batches,
        label,
        enabled: (s, b: number) => s.batch[b].rw === 'WAITGP' && s.gp >= s.batch[b].cbsnap,
        apply: (d, b: number) => {
          d.batch[b].rw = 'QUEUED';
          d.batch[b].cbsnap = 0;
        },
      },
      {
        // Spec: Transitions 8 (docs/protocol.md §2.6 W0: PENDING cleared).
        name: 'W0 rcu_work starts',
        actor: worker,
        params: batches,
        label,
        enabled: (s, b: number) => s.batch[b].rw === 'QUEUED' && s.batch[b].wpc === 'IDLE',
        apply: (d, b: number) => {
          d.batch[b].rw = 'IDLE';
          d.batch[b].wpc = 'W1';
        },
      },
      {
        // Spec: Transitions 9 (docs/protocol.md §2.6 W1: detach the batch's slots).
        name: 'W1 detach the batch',
        actor: worker,
        params: batches,
        label,
        enabled: (s, b: number) => s.batch[b].wpc === 'W1',
        apply: (d, b: number) => {
          const w = d.batch[b];
          w.pb = w.fb;
          w.ph = w.fh;
          w.fb = 0;
          w.fh = 0;
          w.wpc = nextW(w);
        },
      },
      {
        // Spec: Transitions 10 (docs/protocol.md §2.6 W2: the first page of the detached chain).
        name: 'W2 kfree_bulk one page',
        actor: worker,
        params: batches,
        label,
        enabled: (s, b: number) => s.batch[b].wpc === 'W2',
        apply: (d, b: number) => {
          const w = d.batch[b];
          const k = firstPg(w.pb);
          for (let r = 0; r < k; r++) {
            const i = top(w.pb);
            d.freed = d.freed | bit(i);
            w.pb = w.pb & ~bit(i);
          }
          if (!d.cache) d.cache = true;
          else d.pglive = d.pglive - 1;
          w.wpc = nextW(w);
        },
      },
      {
        // Spec: Transitions 11 (docs/protocol.md §2.6 W4: the next rcu_head).
        name: 'W4 kvfree one rcu_head',
        actor: worker,
        params: batches,
        label,
        enabled: (s, b: number) => s.batch[b].wpc === 'W4',
        apply: (d, b: number) => {
          const w = d.batch[b];
          const i = top(w.ph);
          d.freed = d.freed | bit(i);
          w.ph = w.ph & ~bit(i);
          w.wpc = nextW(w);
        },
      },
      {
        // Spec: Transitions 12 (docs/protocol.md §2.5, a GP starts because someone waits).
        name: 'G grace period starts',
        actor: 'gp',
        enabled: (s) => s.gp % 2 === 0 && needGp(s),
        apply: (d) => {
          d.gp = d.gp + 1;
        },
      },
      {
        // Spec: Transitions 13 (docs/protocol.md §2.5, a GP nobody waits for; at most SPONT).
        name: 'G grace period starts (spontaneous)',
        actor: 'gp',
        enabled: (s) => s.gp % 2 === 0 && !needGp(s) && s.nspont < spont,
        apply: (d) => {
          d.gp = d.gp + 1;
          d.nspont = d.nspont + 1;
        },
      },
      {
        // Spec: Transitions 14 (docs/protocol.md §2.5).
        name: 'G grace period ends',
        actor: 'gp',
        enabled: (s) => s.gp % 2 === 1,
        apply: (d) => {
          d.gp = d.gp + 1;
        },
      },
    ];

    /** The objects a step freed: what it removed from a batch's detached chain or list. */
    const freedBy = (prev: RO<S>, next: RO<S>): number => {
      let m = 0;
      for (const b of batches) m |= (prev.batch[b].pb & ~next.batch[b].pb) | (prev.batch[b].ph & ~next.batch[b].ph);
      return m;
    };
    const objects = (m: number): string =>
      Array.from({ length: n }, (_, k) => k + 1)
        .filter((i) => (m & bit(i)) !== 0)
        .map((i) => `obj${i}`)
        .join(', ');
    const early = (prev: RO<S>, next: RO<S>): number => {
      const m = freedBy(prev, next);
      let bad = 0;
      for (let i = 1; i <= n; i++) if ((m & bit(i)) !== 0 && prev.gp < prev.snap[i - 1]) bad |= bit(i);
      return bad;
    };
    const gpGuarantee: Property<S> = {
      kind: 'transition',
      name: 'gp-guarantee',
      description: 'at every free(i): gp >= snap[i], a full GP that started after the call has ended',
      holds: (prev, next) => early(prev, next) === 0,
      explain: (prev, next) => `${objects(early(prev, next))} freed at gp=${prev.gp}, before the GP its call waits for has ended`,
    };
    const exactlyOnce: Property<S> = {
      kind: 'transition',
      name: 'exactly-once',
      description: 'at every free(i): i was not freed before',
      holds: (prev, next) => (freedBy(prev, next) & prev.freed) === 0,
      explain: (prev, next) => `${objects(freedBy(prev, next) & prev.freed)} freed a second time`,
    };
    const queued = (s: RO<S>): number => pop(s.kb) + pop(s.kh);
    const accounting: Property<S> = {
      kind: 'invariant',
      name: 'accounting',
      description: 'count = POP(kb) + POP(kh) in every state',
      holds: (s) => s.count === queued(s),
      explain: (s) => `count = ${s.count} but ${queued(s)} object(s) are queued on ch1/ch3`,
    };
    const noLeak: Property<S> = {
      kind: 'invariant',
      name: 'no-leak',
      description: 'every quiescent state has freed all N objects',
      holds: (s) => !quiescent(s) || s.freed === all,
      explain: (s) => `quiescent, but ${objects(all & ~s.freed)} never freed`,
    };
    const pagesHeld = (s: RO<S>): number =>
      pages(s.kb) + pages(s.batch[0].fb) + pages(s.batch[1].fb) + pages(s.batch[0].pb) + pages(s.batch[1].pb) + (s.cache ? 1 : 0);
    const pagesProp: Property<S> = {
      kind: 'invariant',
      name: 'pages',
      description: 'pglive = the pages on ch1, in the batches, detached, and in the cache',
      holds: (s) => s.pglive === pagesHeld(s),
      explain: (s) => `${s.pglive} page(s) allocated but ${pagesHeld(s)} held`,
    };

    const init: S = {
      ncalled: 0,
      gp: 0,
      kb: 0,
      kh: 0,
      cache: false,
      todo: false,
      count: 0,
      mstage: 'IDLE',
      mrun: false,
      batch: batches.map(() => ({ fb: 0, fh: 0, rw: 'IDLE' as const, cbsnap: 0, wpc: 'IDLE' as const, pb: 0, ph: 0 })),
      snap: Array.from({ length: n }, () => 0),
      freed: 0,
      pglive: 0,
      nspont: 0,
    };
    return {
      shape,
      init: [init],
      actions,
      properties: [gpGuarantee, exactlyOnce, accounting, noLeak, pagesProp],
      // Quiescent states are exactly the terminal states (spec: Checks); they are valid ends.
      validEnd: quiescent,
    };
  },
});
