/*
 * kvfree-lite in Promela: the same semantics as models/reference/kvfree-lite.ts, written from
 * the same spec page (shared/design/kvfree-lite.md), for SPIN's state counts.
 *
 * The state vector is exactly the page's State table (globals below), plus one process whose
 * program counter never changes: every transition of the page is one d_step guarded by its first
 * expression, taken from the head of the process's single do-loop, which sits at an end label
 * (quiescent states are valid ends). The M1-M3 locals (q, rep, moved) and loop counters are
 * `hidden` globals, which SPIN does not store. Masks: bit i-1 = object i (N <= 4).
 *
 * Parameters (-D): N (1..4), CAP (1..2), PRED (0 v1, 1 fixed, 2 pendskip), REARM (0 v1,
 * 1 fixed, 2 v59), COUNT (0 v1, 1 perchannel), SPONT (0..2), CHECKS (1: assert gp-guarantee and
 * exactly-once at every free, and accounting and pages after every step; 0 for state counts).
 *
 * -o2 keeps write-only variables (osnap, read only by the checks) in the state vector.
 *
 * Run: spin -a -o2 -DN=3 kvfree-lite.pml; gcc -O2 -DNOREDUCE -DSAFETY -o pan pan.c; ./pan -m100000000
 */
#ifndef N
#define N 2
#endif
#ifndef CAP
#define CAP 1
#endif
#ifndef PRED
#define PRED 0
#endif
#ifndef REARM
#define REARM 0
#endif
#ifndef COUNT
#define COUNT 0
#endif
#ifndef SPONT
#define SPONT 0
#endif
#ifndef CHECKS
#define CHECKS 0
#endif

/* mstage, rw[b] */
#define IDLE   0
#define TIMER  1
#define QUEUED 2
#define WAITGP 1
/* wpc[b] */
#define W1 1
#define W2 2
#define W4 3

byte ncalled;
byte gp;
byte kb;
byte kh;
bool cache;
bool todo;
byte count;
byte mstage;
bool mrun;
byte fb[2];
byte fh[2];
byte rw[2];
byte cbsnap[2];
byte wpc[2];
byte pb[2];
byte ph[2];
byte osnap[N];   /* the page's snap[i] (object i = osnap[i-1]); "snap" is taken by pan.c */
byte freed;
byte pglive;
byte nspont;

hidden byte q;
hidden byte rep;
hidden byte moved;
hidden byte b;
hidden byte i;
hidden byte r;
hidden byte k;

#define BIT(x)     (1 << ((x) - 1))
#define POP(m)     (((m) & 1) + (((m) >> 1) & 1) + (((m) >> 2) & 1) + (((m) >> 3) & 1))
#define TOP(m)     (((m) & 8) -> 4 : (((m) & 4) -> 3 : (((m) & 2) -> 2 : (((m) & 1) -> 1 : 0))))
#define PAGES(m)   ((POP(m) + CAP - 1) / CAP)
#define FIRSTPG(m) (POP(m) - CAP * ((POP(m) - 1) / CAP))
#define NEEDPAGE   (POP(kb) % CAP == 0)
#define SNAP       ((gp + 3) & 254)
#define NEEDGP     ((rw[0] == WAITGP && gp < cbsnap[0]) || (rw[1] == WAITGP && gp < cbsnap[1]))
#define NEXTW(x)   (pb[x] != 0 -> W2 : (ph[x] != 0 -> W4 : IDLE))
#define PAGESHELD  (PAGES(kb) + PAGES(fb[0]) + PAGES(fb[1]) + PAGES(pb[0]) + PAGES(pb[1]) + (cache -> 1 : 0))

#if CHECKS
#define FREE(x)    assert(gp >= osnap[(x) - 1]); assert((freed & BIT(x)) == 0); freed = freed | BIT(x)
#define INV        assert(count == POP(kb) + POP(kh)); assert(pglive == PAGESHELD)
#else
#define FREE(x)    freed = freed | BIT(x)
#define INV        skip
#endif

#define SCHED(expd) if :: mstage == IDLE -> mstage = (expd -> QUEUED : TIMER) :: else -> skip fi
#define TAIL(expd)  count = count + 1; if :: !todo -> todo = true; SCHED(expd) :: else -> skip fi; ncalled = ncalled + 1

/* M2 for batch b (the page's Transitions 6). */
#define COUNTUPD   if :: COUNT == 0 -> count = 0 :: else -> count = count - moved fi
#define QUEUEWORK  if :: rw[b] == IDLE -> rw[b] = WAITGP; cbsnap[b] = SNAP :: else -> skip fi; q = true
#define M2V1 \
  if \
  :: (PRED == 0 || rw[b] == IDLE) && ((kb != 0 && fb[b] == 0) || (kh != 0 && fh[b] == 0)) -> \
     moved = 0; \
     if :: fb[b] == 0 -> moved = moved + POP(kb); fb[b] = kb; kb = 0 :: else -> skip fi; \
     if :: fh[b] == 0 -> moved = moved + POP(kh); fh[b] = kh; kh = 0 :: else -> skip fi; \
     COUNTUPD; QUEUEWORK \
  :: else -> skip \
  fi
#define M2FIXED \
  if \
  :: !q && fb[b] == 0 && fh[b] == 0 && (kb != 0 || kh != 0) -> \
     moved = POP(kb) + POP(kh); fb[b] = kb; fh[b] = kh; kb = 0; kh = 0; \
     COUNTUPD; QUEUEWORK \
  :: else -> skip \
  fi
#define M2 \
  if :: PRED == 1 -> M2FIXED :: else -> M2V1 fi; \
  if :: REARM == 2 && (kb != 0 || kh != 0) -> rep = true :: else -> skip fi

active proctype lite() {
end:
  do
  /* 1. C3 without the allocator */
  :: d_step { ncalled < N && !(NEEDPAGE && !cache) ->
       i = ncalled + 1; osnap[i - 1] = SNAP;
       if :: NEEDPAGE -> cache = false :: else -> skip fi;
       kb = kb | BIT(i); TAIL(false); i = 0; INV }
  /* 2. C3, __get_free_page succeeds */
  :: d_step { ncalled < N && NEEDPAGE && !cache ->
       i = ncalled + 1; osnap[i - 1] = SNAP; pglive = pglive + 1;
       kb = kb | BIT(i); TAIL(false); i = 0; INV }
  /* 3. C3 fails, C4 queues on ch3 (expedited) */
  :: d_step { ncalled < N && NEEDPAGE && !cache ->
       i = ncalled + 1; osnap[i - 1] = SNAP;
       kh = kh | BIT(i); TAIL(true); i = 0; INV }
  /* 4. Timer fires */
  :: d_step { mstage == TIMER -> mstage = QUEUED; INV }
  /* 5. M0 */
  :: d_step { mstage == QUEUED && !mrun -> mstage = IDLE; mrun = true; INV }
  /* 6. M1-M3 */
  :: d_step { mrun ->
       if
       :: todo ->
          todo = false; q = false; rep = false;
          b = 0; M2; b = 1; M2;
          if
          :: (REARM == 0 && !q) || (REARM == 1 && (kb != 0 || kh != 0)) || (REARM == 2 && rep) ->
             todo = true; SCHED(false)
          :: else -> skip
          fi;
          q = false; rep = false; moved = 0; b = 0
       :: else -> skip
       fi;
       mrun = false; INV }
  /* 7-11 for batch 0 and batch 1 */
  :: d_step { rw[0] == WAITGP && gp >= cbsnap[0] -> rw[0] = QUEUED; cbsnap[0] = 0; INV }
  :: d_step { rw[1] == WAITGP && gp >= cbsnap[1] -> rw[1] = QUEUED; cbsnap[1] = 0; INV }
  :: d_step { rw[0] == QUEUED && wpc[0] == IDLE -> rw[0] = IDLE; wpc[0] = W1; INV }
  :: d_step { rw[1] == QUEUED && wpc[1] == IDLE -> rw[1] = IDLE; wpc[1] = W1; INV }
  :: d_step { wpc[0] == W1 -> pb[0] = fb[0]; ph[0] = fh[0]; fb[0] = 0; fh[0] = 0; wpc[0] = NEXTW(0); INV }
  :: d_step { wpc[1] == W1 -> pb[1] = fb[1]; ph[1] = fh[1]; fb[1] = 0; fh[1] = 0; wpc[1] = NEXTW(1); INV }
  :: d_step { wpc[0] == W2 ->
       k = FIRSTPG(pb[0]); r = 0;
       do :: r < k -> i = TOP(pb[0]); FREE(i); pb[0] = pb[0] & (15 - BIT(i)); r = r + 1 :: else -> break od;
       if :: !cache -> cache = true :: else -> pglive = pglive - 1 fi;
       wpc[0] = NEXTW(0); i = 0; r = 0; k = 0; INV }
  :: d_step { wpc[1] == W2 ->
       k = FIRSTPG(pb[1]); r = 0;
       do :: r < k -> i = TOP(pb[1]); FREE(i); pb[1] = pb[1] & (15 - BIT(i)); r = r + 1 :: else -> break od;
       if :: !cache -> cache = true :: else -> pglive = pglive - 1 fi;
       wpc[1] = NEXTW(1); i = 0; r = 0; k = 0; INV }
  :: d_step { wpc[0] == W4 -> i = TOP(ph[0]); FREE(i); ph[0] = ph[0] & (15 - BIT(i)); wpc[0] = NEXTW(0); i = 0; INV }
  :: d_step { wpc[1] == W4 -> i = TOP(ph[1]); FREE(i); ph[1] = ph[1] & (15 - BIT(i)); wpc[1] = NEXTW(1); i = 0; INV }
  /* 12-14 grace periods */
  :: d_step { gp % 2 == 0 && NEEDGP -> gp = gp + 1; INV }
  :: d_step { gp % 2 == 0 && !NEEDGP && nspont < SPONT -> gp = gp + 1; nspont = nspont + 1; INV }
  :: d_step { gp % 2 == 1 -> gp = gp + 1; INV }
  od
}
