/*
 * Peterson's filter lock for N processes, the same semantics as models/reference/peterson.ts.
 *
 * Locations and levels are global arrays (pc[i], L[i]) so that the state vector is exactly the
 * model's; every arrow is one d_step from the head of each process's do-loop (one atomic
 * transition), and the WAIT guard is one atomic expression over all other processes.
 * Mutual exclusion is asserted on entry to CS (the first state with two processes in CS is
 * always reached by such an entry). MUTATE=1 replaces the WAIT guard by true.
 *
 * Run: spin -a -DN=3 peterson.pml; gcc -O2 -DNOREDUCE -DSAFETY -o pan pan.c; ./pan -m100000000
 */
#ifndef N
#define N 3
#endif
#ifndef MUTATE
#define MUTATE 0
#endif

#define NCS      0
#define VICTIM   1
#define WAIT     2
#define SETLEVEL 3
#define CS       4

byte pc[N];
byte L[N];
byte level[N];
byte victim[N];

/* Other process k is below my level (trivially true for k = me or k >= N). */
#define BELOW(k)  (k >= N || k == _pid || level[k] < L[_pid])
#define ALLBELOW  (BELOW(0) && BELOW(1) && BELOW(2) && BELOW(3) && BELOW(4) && BELOW(5))
#define MAYPASS   (MUTATE || victim[L[_pid]] != _pid || ALLBELOW)
/* No other process is in CS. */
#define OUT(k)    (k >= N || k == _pid || pc[k] != CS)
#define NOOTHERCS (OUT(0) && OUT(1) && OUT(2) && OUT(3) && OUT(4) && OUT(5))

active [N] proctype P() {
  do
  :: d_step { pc[_pid] == NCS -> L[_pid] = 1; level[_pid] = 1; pc[_pid] = VICTIM }
  :: d_step { pc[_pid] == VICTIM -> victim[L[_pid]] = _pid; pc[_pid] = WAIT }
  :: d_step { pc[_pid] == WAIT && L[_pid] < N - 1 && MAYPASS -> L[_pid] = L[_pid] + 1; pc[_pid] = SETLEVEL }
  :: d_step { pc[_pid] == WAIT && L[_pid] == N - 1 && MAYPASS -> assert(NOOTHERCS); pc[_pid] = CS }
  :: d_step { pc[_pid] == SETLEVEL -> level[_pid] = L[_pid]; pc[_pid] = VICTIM }
  :: d_step { pc[_pid] == CS -> level[_pid] = 0; L[_pid] = 0; pc[_pid] = NCS }
  od
}
