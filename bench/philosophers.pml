/*
 * Dining philosophers, the same semantics as models/reference/philosophers.ts.
 *
 * Philosopher i: THINK -> LEFT (takes fork i if free) -> BOTH (takes fork (i+1)%N if free)
 * -> EAT -> THINK (releases both forks). Each arrow is one d_step, so one atomic transition;
 * every process sits at the head of its do-loop between transitions, so SPIN's state vector
 * differs from rcucheck's only by constant program counters and the distinct-state counts match.
 *
 * Run: spin -a -DN=15 philosophers.pml (or edit N); gcc -O2 -DNOREDUCE -DSAFETY -o pan pan.c;
 *      ./pan -E -m100000000 (-E: the all-LEFT deadlock is not reported, the whole space is counted)
 */
#ifndef N
#define N 4
#endif

#define THINK 0
#define LEFT  1
#define BOTH  2
#define EAT   3

byte phil[N];
bool fork[N];

active [N] proctype P() {
  do
  :: d_step { phil[_pid] == THINK && !fork[_pid] -> fork[_pid] = 1; phil[_pid] = LEFT }
  :: d_step { phil[_pid] == LEFT && !fork[(_pid + 1) % N] -> fork[(_pid + 1) % N] = 1; phil[_pid] = BOTH }
  :: d_step { phil[_pid] == BOTH -> phil[_pid] = EAT }
  :: d_step { phil[_pid] == EAT -> fork[_pid] = 0; fork[(_pid + 1) % N] = 0; phil[_pid] = THINK }
  od
}
