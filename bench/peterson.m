-- Peterson's filter lock for N processes in Murphi (for Rumur): the same semantics as
-- models/reference/peterson.ts and bench/peterson.pml.
--
-- The state is exactly rcucheck's: per process a location pc[i] and a level L[i], and the shared
-- arrays level[N] and victim[N] (victim[0] is never written; every victim starts as 0). Every
-- arrow is one rule (one atomic transition); the WAIT guard is one atomic test over all other
-- processes. Mutual exclusion is an invariant. Indices are ranges, not scalarsets: Rumur applies
-- no symmetry reduction (rcucheck runs with --no-symmetry in the benchmark).
--
-- Parameter: the constant N below; bench/run.ts rewrites the line `  N: value;`.
-- Run: rumur --deadlock-detection stuck peterson.m -o pet.c; gcc -O2 -mcx16 -pthread -o pet pet.c; ./pet

const
  N: 3;

type
  pid_t: 0..N - 1;
  lvl_t: 0..N - 1;
  loc_t: enum { NCS, VICTIM, WAIT, SETLEVEL, CS };

var
  pc: array [pid_t] of loc_t;
  L: array [pid_t] of lvl_t;
  level: array [pid_t] of lvl_t;
  victim: array [lvl_t] of pid_t;

-- The filter lock's wait condition for process i at its level.
function maypass(i: pid_t): boolean;
begin
  if victim[L[i]] != i then return true; endif;
  for k: pid_t do
    if k != i & level[k] >= L[i] then return false; endif;
  endfor;
  return true;
end;

ruleset i: pid_t do
  rule "start" pc[i] = NCS ==>
  begin
    L[i] := 1;
    level[i] := 1;
    pc[i] := VICTIM;
  end;

  rule "set victim" pc[i] = VICTIM ==>
  begin
    victim[L[i]] := i;
    pc[i] := WAIT;
  end;

  rule "pass level" pc[i] = WAIT & L[i] < N - 1 & maypass(i) ==>
  begin
    L[i] := L[i] + 1;
    pc[i] := SETLEVEL;
  end;

  rule "enter cs" pc[i] = WAIT & L[i] = N - 1 & maypass(i) ==>
  begin
    pc[i] := CS;
  end;

  rule "set level" pc[i] = SETLEVEL ==>
  begin
    level[i] := L[i];
    pc[i] := VICTIM;
  end;

  rule "exit cs" pc[i] = CS ==>
  begin
    level[i] := 0;
    L[i] := 0;
    pc[i] := NCS;
  end;
endruleset;

startstate
begin
  for i: pid_t do
    pc[i] := NCS;
    L[i] := 0;
    level[i] := 0;
    victim[i] := 0;
  endfor;
end;

invariant "mutual-exclusion"
  forall i: pid_t do forall j: pid_t do
    (i != j & pc[i] = CS) -> pc[j] != CS
  endforall endforall;
