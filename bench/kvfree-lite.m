-- kvfree-lite in Murphi (for Rumur): the same semantics as models/reference/kvfree-lite.ts and
-- bench/kvfree-lite.pml, written from the same spec page (shared/design/kvfree-lite.md).
--
-- The state is exactly the page's State table; a mask (a set of objects) is an array of N
-- booleans here (element i = object i), a bijection with rcucheck's bit masks, so distinct-state
-- counts are equal. Every transition of the page is one rule (the batch steps one ruleset over
-- b = 0, 1); the M1-M3 locals (q, rep, moved) are rule-local variables, not state. Every variable
-- is assigned in the start state (an undefined value would be a distinct value).
--
-- Parameters are the constants below; bench/kvfree-lite-counts.sh rewrites the lines
-- `  NAME: value;` with sed. PRED: 0 v1, 1 fixed, 2 pendskip; REARM: 0 v1, 1 fixed, 2 v59;
-- COUNT: 0 v1, 1 perchannel. CHECKS = 1 turns on the page's five checks (assertions at every free,
-- invariants otherwise); 0 for state counts.
--
-- Run: rumur --deadlock-detection off kvfree-lite.m -o lite.c; gcc -O2 -mcx16 -pthread -o lite lite.c; ./lite

const
  N: 2;
  CAP: 1;
  PRED: 0;
  REARM: 0;
  COUNT: 0;
  SPONT: 0;
  CHECKS: 0;
  GPMAX: 2 * (N + SPONT);
  SNAPMAX: GPMAX + 3;

type
  obj_t: 1..N;
  mask_t: array [obj_t] of boolean;
  batch_t: 0..1;
  gp_t: 0..GPMAX;
  snap_t: 0..SNAPMAX;
  mstage_t: enum { M_IDLE, M_TIMER, M_QUEUED };
  rw_t: enum { R_IDLE, R_WAITGP, R_QUEUED };
  wpc_t: enum { W_IDLE, W_1, W_2, W_4 };

var
  ncalled: 0..N;
  gp: gp_t;
  kb: mask_t;
  kh: mask_t;
  cache: boolean;
  todo: boolean;
  count: 0..N;
  mstage: mstage_t;
  mrun: boolean;
  fb: array [batch_t] of mask_t;
  fh: array [batch_t] of mask_t;
  rw: array [batch_t] of rw_t;
  cbsnap: array [batch_t] of snap_t;
  wpc: array [batch_t] of wpc_t;
  pb: array [batch_t] of mask_t;
  ph: array [batch_t] of mask_t;
  snap: array [obj_t] of snap_t;
  freed: mask_t;
  pglive: 0..N + 1;
  nspont: 0..SPONT;

function pop(m: mask_t): 0..N;
  var c: 0..N;
begin
  c := 0;
  for i: obj_t do if m[i] then c := c + 1; endif; endfor;
  return c;
end;

function empty(m: mask_t): boolean;
begin
  return pop(m) = 0;
end;

-- TOP(m): the highest object in m (callers only ask for a non-empty m).
function top(m: mask_t): obj_t;
  var t: 0..N;
begin
  t := 0;
  for i: obj_t do if m[i] then t := i; endif; endfor;
  return t;
end;

function pages(m: mask_t): 0..N;
begin
  return (pop(m) + CAP - 1) / CAP;
end;

function firstpg(m: mask_t): 0..N;
begin
  return pop(m) - CAP * ((pop(m) - 1) / CAP);
end;

function snapnow(): snap_t;
begin
  return ((gp + 3) / 2) * 2;
end;

function needpage(): boolean;
begin
  return pop(kb) % CAP = 0;
end;

function needgp(): boolean;
begin
  return (rw[0] = R_WAITGP & gp < cbsnap[0]) | (rw[1] = R_WAITGP & gp < cbsnap[1]);
end;

function nextw(b: batch_t): wpc_t;
begin
  if !empty(pb[b]) then return W_2; endif;
  if !empty(ph[b]) then return W_4; endif;
  return W_IDLE;
end;

function quiescent(): boolean;
begin
  return ncalled = N & mstage = M_IDLE & !mrun & gp % 2 = 0
    & rw[0] = R_IDLE & rw[1] = R_IDLE & wpc[0] = W_IDLE & wpc[1] = W_IDLE;
end;

procedure clearm(var m: mask_t);
begin
  for i: obj_t do m[i] := false; endfor;
end;

procedure sched_monitor(expd: boolean);
begin
  if mstage = M_IDLE then
    if expd then mstage := M_QUEUED; else mstage := M_TIMER; endif;
  endif;
end;

-- C5, C6 and the end of the call.
procedure tail(expd: boolean);
begin
  count := count + 1;
  if !todo then todo := true; sched_monitor(expd); endif;
  ncalled := ncalled + 1;
end;

procedure freeobj(i: obj_t);
begin
  assert CHECKS = 0 | gp >= snap[i] "gp-guarantee";
  assert CHECKS = 0 | !freed[i] "exactly-once";
  freed[i] := true;
end;

procedure count_update(moved: 0..N);
begin
  if COUNT = 0 then count := 0; else count := count - moved; endif;
end;

procedure queue_rcu_work(b: batch_t);
begin
  if rw[b] = R_IDLE then rw[b] := R_WAITGP; cbsnap[b] := snapnow(); endif;
end;

-- 1. C3 without the allocator
rule "C3 no allocation" ncalled < N & !(needpage() & !cache) ==>
  var i: obj_t;
begin
  i := ncalled + 1;
  snap[i] := snapnow();
  if needpage() then cache := false; endif;
  kb[i] := true;
  tail(false);
end;

-- 2. C3, __get_free_page succeeds
rule "C3 new page" ncalled < N & needpage() & !cache ==>
  var i: obj_t;
begin
  i := ncalled + 1;
  snap[i] := snapnow();
  pglive := pglive + 1;
  kb[i] := true;
  tail(false);
end;

-- 3. C3 fails, C4 queues on ch3 (expedited)
rule "C4 ch3" ncalled < N & needpage() & !cache ==>
  var i: obj_t;
begin
  i := ncalled + 1;
  snap[i] := snapnow();
  kh[i] := true;
  tail(true);
end;

-- 4. Timer fires
rule "timer fires" mstage = M_TIMER ==>
begin
  mstage := M_QUEUED;
end;

-- 5. M0
rule "M0" mstage = M_QUEUED & !mrun ==>
begin
  mstage := M_IDLE;
  mrun := true;
end;

-- 6. M1-M3, one critical section
rule "M1-M3" mrun ==>
  var q: boolean;
  var rep: boolean;
  var moved: 0..N;
  var again: boolean;
begin
  if todo then
    todo := false;
    q := false;
    rep := false;
    for b: batch_t do
      if PRED = 1 then
        if !q & empty(fb[b]) & empty(fh[b]) & (!empty(kb) | !empty(kh)) then
          moved := pop(kb) + pop(kh);
          fb[b] := kb;
          fh[b] := kh;
          clearm(kb);
          clearm(kh);
          count_update(moved);
          queue_rcu_work(b);
          q := true;
        endif;
      else
        if (PRED = 0 | rw[b] = R_IDLE) & ((!empty(kb) & empty(fb[b])) | (!empty(kh) & empty(fh[b]))) then
          moved := 0;
          if empty(fb[b]) then moved := moved + pop(kb); fb[b] := kb; clearm(kb); endif;
          if empty(fh[b]) then moved := moved + pop(kh); fh[b] := kh; clearm(kh); endif;
          count_update(moved);
          queue_rcu_work(b);
          q := true;
        endif;
      endif;
      if REARM = 2 & (!empty(kb) | !empty(kh)) then rep := true; endif;
    endfor;
    if REARM = 0 then again := !q;
    elsif REARM = 1 then again := !empty(kb) | !empty(kh);
    else again := rep;
    endif;
    if again then todo := true; sched_monitor(false); endif;
  endif;
  mrun := false;
end;

ruleset b: batch_t do

  -- 7. rcu_work_rcufn
  rule "rcu_work_rcufn" rw[b] = R_WAITGP & gp >= cbsnap[b] ==>
  begin
    rw[b] := R_QUEUED;
    cbsnap[b] := 0;
  end;

  -- 8. W0
  rule "W0" rw[b] = R_QUEUED & wpc[b] = W_IDLE ==>
  begin
    rw[b] := R_IDLE;
    wpc[b] := W_1;
  end;

  -- 9. W1
  rule "W1" wpc[b] = W_1 ==>
  begin
    pb[b] := fb[b];
    ph[b] := fh[b];
    clearm(fb[b]);
    clearm(fh[b]);
    wpc[b] := nextw(b);
  end;

  -- 10. W2, the first page of the detached chain
  rule "W2" wpc[b] = W_2 ==>
    var k: 0..N;
    var i: obj_t;
  begin
    k := firstpg(pb[b]);
    for r := 1 to k do
      i := top(pb[b]);
      freeobj(i);
      pb[b][i] := false;
    endfor;
    if !cache then cache := true; else pglive := pglive - 1; endif;
    wpc[b] := nextw(b);
  end;

  -- 11. W4, the next rcu_head
  rule "W4" wpc[b] = W_4 ==>
    var i: obj_t;
  begin
    i := top(ph[b]);
    freeobj(i);
    ph[b][i] := false;
    wpc[b] := nextw(b);
  end;

endruleset;

-- 12-14. Grace periods
rule "GP starts" gp % 2 = 0 & needgp() ==>
begin
  gp := gp + 1;
end;

rule "GP starts (spontaneous)" gp % 2 = 0 & !needgp() & nspont < SPONT ==>
begin
  gp := gp + 1;
  nspont := nspont + 1;
end;

rule "GP ends" gp % 2 = 1 ==>
begin
  gp := gp + 1;
end;

startstate
begin
  ncalled := 0;
  gp := 0;
  clearm(kb);
  clearm(kh);
  cache := false;
  todo := false;
  count := 0;
  mstage := M_IDLE;
  mrun := false;
  for b: batch_t do
    clearm(fb[b]);
    clearm(fh[b]);
    rw[b] := R_IDLE;
    cbsnap[b] := 0;
    wpc[b] := W_IDLE;
    clearm(pb[b]);
    clearm(ph[b]);
  endfor;
  for i: obj_t do snap[i] := 0; endfor;
  clearm(freed);
  pglive := 0;
  nspont := 0;
end;

invariant "accounting" CHECKS = 0 | count = pop(kb) + pop(kh);

invariant "no-leak" CHECKS = 0 | !quiescent() | pop(freed) = N;

invariant "pages" CHECKS = 0
  | pglive = pages(kb) + pages(fb[0]) + pages(fb[1]) + pages(pb[0]) + pages(pb[1]) + (cache ? 1 : 0);
