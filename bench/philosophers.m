-- Dining philosophers in Murphi (for Rumur): the same semantics as
-- models/reference/philosophers.ts and bench/philosophers.pml.
--
-- Philosopher i: THINK -> LEFT (takes fork i if free) -> BOTH (takes fork (i+1) mod N if free)
-- -> EAT -> THINK (releases both forks). Each arrow is one rule (one atomic transition); the
-- state is exactly rcucheck's (phil[N], fork[N]), so distinct-state counts are equal.
-- Indices are ranges, not scalarsets: Rumur applies no symmetry reduction.
--
-- Parameter: the constant N below; bench/run.ts rewrites the line `  N: value;`.
-- Run: rumur --deadlock-detection off philosophers.m -o phil.c; gcc -O2 -mcx16 -pthread -o phil phil.c; ./phil
-- (deadlock detection off: the all-LEFT deadlock is explored past, as rcucheck --no-deadlock
-- and pan -E do.)

const
  N: 4;

type
  pid_t: 0..N - 1;
  phase_t: enum { THINK, LEFT, BOTH, EAT };

var
  phil: array [pid_t] of phase_t;
  fork: array [pid_t] of boolean;

ruleset i: pid_t do
  rule "take left" phil[i] = THINK & !fork[i] ==>
  begin
    fork[i] := true;
    phil[i] := LEFT;
  end;

  rule "take right" phil[i] = LEFT & !fork[(i + 1) % N] ==>
  begin
    fork[(i + 1) % N] := true;
    phil[i] := BOTH;
  end;

  rule "eat" phil[i] = BOTH ==>
  begin
    phil[i] := EAT;
  end;

  rule "release" phil[i] = EAT ==>
  begin
    fork[i] := false;
    fork[(i + 1) % N] := false;
    phil[i] := THINK;
  end;
endruleset;

startstate
begin
  for i: pid_t do
    phil[i] := THINK;
    fork[i] := false;
  endfor;
end;
