/*
 * driver.c: the harness's main(): reads a script of commands from stdin and drives the kernel's
 * kvfree_rcu() section through them, one command at a time (issue 29, stage 1: sequential).
 *
 * Why this file exists: every step of a conformance run (a kvfree_call_rcu() on a CPU, a grace
 * period starting or ending, the clock moving, a timer firing, ready works running, the
 * shrinker) must be chosen by the harness, never by chance, so that a run is a replayable
 * script. Each command is echoed as "> command" before its events, and the run ends with a
 * summary line per object.
 *
 * Commands (one per line, '#' starts a comment):
 *   cpus N                     possible CPUs (before init; default 1)
 *   verbose 0|1                also print lock and IRQ events
 *   init                       boot: kfree_rcu_batch_init()
 *   scheduler-running          rcu_scheduler_active = RUNNING; kfree_rcu_scheduler_running()
 *   object NAME kmalloc|vmalloc
 *   call NAME embedded|headless [CPU]   kvfree_call_rcu(&obj->rh or NULL, obj) on CPU (default 0)
 *   alloc ok|fail              the outcome of the next page allocation (queued in order)
 *   alloc-default ok|fail      the outcome once the queue is empty (default ok)
 *   gp-start | gp-end | gp     grace-period progress (gp = start then end)
 *   tick N | expire            the clock: N jiffies on, or to the next delayed work's expiry
 *   fire-hrtimers              run every armed hrtimer's function (hard-irq context)
 *   run-works                  run ready works (timer expired, or GP over) until none is ready
 *   shrink-count | shrink-scan N   the shrinker's callbacks
 *   barrier                    kvfree_rcu_barrier()
 *   state                      the per-CPU counts, one line per CPU
 * Interleavings (stage 2, sched.c): a context runs as a coroutine, only when stepped.
 *   spawn CTX call NAME embedded|headless CPU [irqoff|spinlock|rqlock|reader]   a caller context
 *                              on CPU; with a context, the caller enters it before the call and
 *                              leaves it after (client_enter() below)
 *   spawn CTX work WORK [CPU]                   a worker running WORK (e.g. monitor_work@0)
 *   step CTX [N]               run CTX to its next (N-th) yield point
 *   finish CTX                 run CTX to its end
 * Model traces (stage 3, conformance/from-trace.ts writes these):
 *   min-cached N               rcu_min_cached_objs (before init; the model's cacheLimit)
 *   run CTX until P1,P2,.. [N] run CTX until it stops at a listed point holding no lock (N-th
 *                              time; "lock:NAME" names the lock, "done" its end)
 *   migrate CTX CPU            the task goes on on another CPU (it slept in the allocator)
 *   spawn CTX shrink-count [CPU] | spawn CTX shrink-scan N [CPU]   the shrinker's callbacks as a context
 *   expire-work WORK           the clock to WORK's expiry (its timer fires)
 *   spawn CTX barrier CPU [reclaim]   kvfree_rcu_barrier() as a task on CPU (reclaim: in a
 *                              WQ_MEM_RECLAIM workqueue's worker, for check_flush_dependency())
 *   spawn CTX destroy CPU [reclaim]   kmem_cache_destroy() of the kmalloc objects' cache
 *   spawn CTX page-work WORK CPU  the page-cache refill work WORK (fill_page_cache_func())
 *   page-timer CPU             krcp CPU's page-cache refill request goes off (shim.c conf_page_timer)
 *   alloc-clear                drop scripted allocation outcomes no allocation used
 *   names                      name the per-CPU works (boot=boot: before kfree_rcu_batch_init())
 *   spawn CTX batch-init CPU | spawn CTX scheduler-running CPU   kfree_rcu_batch_init() or
 *                              kfree_rcu_scheduler_running() as a context (one CPU per model step)
 *   scheduler-state init|running   rcu_scheduler_active = RCU_SCHEDULER_INIT or _RUNNING only
 *   gpinit 1                   grace-period initialisation is a step of its own (gp-init)
 *   gp-init                    rcu_gp_init() has updated the root rcu_node's gp_seq
 *   rcufn WORK                 the call_rcu() callback of WORK's queue_rcu_work(): checks its GP is over
 *   snap                       one line with every count compared with a model state
 *
 * What it must not do: call anything of the section other than through the kernel's own entry
 * points and the section.c hooks; continue past an unknown command (exit 2).
 */
#include "kernel.h"
#include "shim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct call_args {
	struct conf_object *o;
	bool embedded;
	int cpu;
	const char *context; /* the caller's context around the call (the model's `context`) */
};

/* The client's own locks around the call, per CPU (a caller is pinned: models/kvfree/common/kstate.ts `pinned`). */
static raw_spinlock_t client_spinlock[NR_CPUS], rq_lock[NR_CPUS];

/*
 * The caller's context around kvfree_call_rcu() (the model's `context` parameter,
 * models/kvfree/common/kstate.ts; docs/protocol.md): entered before the call, left after it. The
 * model's caller steps define it (models/kvfree/common/caller.ts): `irqoff` and `rqlock` set the
 * CPU's irqOff at the client's unpublish step and clear it in nextCall() when the call returns;
 * `spinlock` and `reader` are read by maySleep() (a sleep under the client's spinlock, in the
 * client's RCU reader); `rqlock` (B12) is also read by mayWakeUnderRqLock(). The code of
 * kvfree_call_rcu() is the same in each: only what the caller holds around it differs.
 * - irqoff: local_irq_save(flags) ... local_irq_restore(flags), the shim's (shim.c), per CPU.
 * - spinlock: spin_lock() of a spinlock_t; on !PREEMPT_RT (include/linux/spinlock.h spin_lock()
 *   -> raw_spin_lock(&lock->rlock)) a raw spinlock: the shim's raw_spin_lock(), counted per CPU
 *   by might_sleep(), not in the context's `held` (the section's own locks, where a model step
 *   never ends).
 * - rqlock: rq_lock_irqsave() (kernel/sched/sched.h: local_irq_save() then raw_spin_rq_lock(),
 *   a raw_spinlock_t): raw_spin_lock_irqsave() of a per-CPU rq->lock.
 * - reader: rcu_read_lock() (PREEMPT_RCU: __rcu_read_lock() increments
 *   current->rcu_read_lock_nesting, kernel/rcu/tree_plugin.h), seen by might_sleep().
 * The events say where each is entered and left.
 */
static void client_enter(struct call_args *a, unsigned long *flags)
{
	const char *c = a->context;

	conf_ctx_set_client(c);
	if (!strcmp(c, "irqoff")) {
		local_irq_save(*flags);
	} else if (!strcmp(c, "spinlock")) {
		conf_name(&client_spinlock[a->cpu], "client.spinlock@%d", a->cpu);
		raw_spin_lock(&client_spinlock[a->cpu]);
		conf_ctx_held(-1);
		conf_ctx_client_lock(+1);
	} else if (!strcmp(c, "rqlock")) {
		conf_name(&rq_lock[a->cpu], "rq.lock@%d", a->cpu);
		raw_spin_lock_irqsave(&rq_lock[a->cpu], *flags);
		conf_ctx_held(-1);
		conf_ctx_client_lock(+1);
	} else if (!strcmp(c, "reader")) {
		conf_ctx_rcu(+1);
	}
	conf_event("client-enter context=%s cpu=%d", c, a->cpu);
}

static void client_leave(struct call_args *a, unsigned long flags)
{
	const char *c = a->context;

	if (!strcmp(c, "irqoff")) {
		local_irq_restore(flags);
	} else if (!strcmp(c, "spinlock")) {
		conf_ctx_client_lock(-1);
		conf_ctx_held(+1);
		raw_spin_unlock(&client_spinlock[a->cpu]);
	} else if (!strcmp(c, "rqlock")) {
		conf_ctx_client_lock(-1);
		conf_ctx_held(+1);
		raw_spin_unlock_irqrestore(&rq_lock[a->cpu], flags);
	} else if (!strcmp(c, "reader")) {
		conf_ctx_rcu(-1);
	}
	conf_event("client-leave context=%s cpu=%d", c, a->cpu);
}

static void call_body(void *p)
{
	struct call_args *a = p;
	unsigned long flags = 0;

	if (a->context)
		client_enter(a, &flags);
	a->o->queued = true;
	kvfree_call_rcu(a->embedded ? &a->o->mem->rh : NULL, a->o->mem);
	if (a->context)
		client_leave(a, flags);
	conf_event("call-return obj=%s cpu=%d", a->o->name, a->cpu);
	free(a);
}

static void work_body(void *p)
{
	conf_run_work(p);
}

static void shrink_count_body(void *p)
{
	struct shrink_control sc = { 0 };
	struct shrinker *s = conf_shrinker();

	(void)p;
	conf_event("shrink-count result=%lu", s->count_objects(s, &sc));
}

static void shrink_scan_body(void *p)
{
	struct shrink_control sc = { .nr_to_scan = (unsigned long)p };
	struct shrinker *s = conf_shrinker();

	conf_event("shrink-scan result=%lu", s->scan_objects(s, &sc));
}

static void barrier_body(void *p)
{
	(void)p;
	kvfree_rcu_barrier();
	conf_event("kvfree_rcu_barrier-return");
}

/*
 * kmem_cache_destroy() (mm/slab_common.c, 6.12.118, line 515 of Debian's tarball): of the cache
 * the kmalloc objects come from: kvfree_rcu_barrier() (6c6c47b063b5), no rcu_barrier() (not
 * SLAB_TYPESAFE_BY_RCU), then (s->refcount reaches 0) __kmem_cache_shutdown(), which fails if any
 * object of the cache is still allocated: WARN "Slab cache still has objects", cache leaked. Only
 * the barrier is the section's code; the shutdown check is the shim's ("shutdown" point first).
 */
static void destroy_body(void *p)
{
	int busy = -1;

	(void)p;
	kvfree_rcu_barrier();
	conf_yield("shutdown");
	for (int i = 0; i < conf_object_count() && busy < 0; i++)
		if (!conf_object_nth(i)->vmalloc && conf_object_nth(i)->frees == 0)
			busy = i;
	if (busy >= 0)
		conf_event("kmem_cache_destroy shutdown=busy obj=%s", conf_object_nth(busy)->name);
	else
		conf_event("kmem_cache_destroy shutdown=released");
}

static void batch_init_body(void *p)
{
	(void)p;
	conf_section_batch_init();
}

static void scheduler_running_body(void *p)
{
	(void)p;
	kfree_rcu_scheduler_running();
}

static void fail(int line, const char *msg, const char *arg)
{
	fprintf(stderr, "script line %d: %s%s%s\n", line, msg, arg ? ": " : "", arg ? arg : "");
	exit(2);
}

int main(void)
{
	char buf[512];
	int lineno = 0;
	bool booted = false;

	while (fgets(buf, sizeof buf, stdin)) {
		char *hash = strchr(buf, '#');
		char *tok[7] = { 0 };
		int n = 0;

		lineno++;
		if (hash)
			*hash = '\0';
		for (char *t = strtok(buf, " \t\r\n"); t && n < 7; t = strtok(NULL, " \t\r\n"))
			tok[n++] = t;
		if (n == 0)
			continue;
		printf(">");
		for (int i = 0; i < n; i++)
			printf(" %s", tok[i]);
		printf("\n");
		fflush(stdout);

		if (!strcmp(tok[0], "cpus") && n == 2) {
			if (booted)
				fail(lineno, "cpus after init", NULL);
			conf_nr_cpus = atoi(tok[1]);
			if (conf_nr_cpus < 1 || conf_nr_cpus > NR_CPUS)
				fail(lineno, "cpus out of range", tok[1]);
		} else if (!strcmp(tok[0], "verbose") && n == 2) {
			conf_verbose = atoi(tok[1]);
		} else if (!strcmp(tok[0], "init") && n == 1) {
			conf_section_init();
			booted = true;
		} else if (!strcmp(tok[0], "scheduler-running") && n == 1) {
			rcu_scheduler_active = RCU_SCHEDULER_RUNNING;
			kfree_rcu_scheduler_running();
		} else if (!strcmp(tok[0], "object") && n == 3) {
			if (conf_object_named(tok[1]))
				fail(lineno, "object exists", tok[1]);
			if (strcmp(tok[2], "kmalloc") && strcmp(tok[2], "vmalloc"))
				fail(lineno, "kmalloc or vmalloc", tok[2]);
			conf_object_new(tok[1], !strcmp(tok[2], "vmalloc"));
		} else if (!strcmp(tok[0], "call") && (n == 3 || n == 4)) {
			struct conf_object *o = conf_object_named(tok[1]);
			bool embedded = !strcmp(tok[2], "embedded");
			int cpu = n == 4 ? atoi(tok[3]) : 0;

			if (!o)
				fail(lineno, "no such object", tok[1]);
			if (!embedded && strcmp(tok[2], "headless"))
				fail(lineno, "embedded or headless", tok[2]);
			if (cpu < 0 || cpu >= conf_nr_cpus)
				fail(lineno, "no such cpu", tok[3]);
			conf_cpu = cpu;
			o->queued = true;
			kvfree_call_rcu(embedded ? &o->mem->rh : NULL, o->mem);
			conf_event("call-return obj=%s cpu=%d", o->name, cpu);
		} else if (!strcmp(tok[0], "alloc") && n == 2) {
			conf_alloc_push(!strcmp(tok[1], "ok"));
		} else if (!strcmp(tok[0], "alloc-default") && n == 2) {
			conf_alloc_default(!strcmp(tok[1], "ok"));
		} else if (!strcmp(tok[0], "gp-start") && n == 1) {
			conf_gp_start();
		} else if (!strcmp(tok[0], "gp-end") && n == 1) {
			conf_gp_end();
		} else if (!strcmp(tok[0], "gp") && n == 1) {
			conf_gp_start();
			conf_gp_end();
		} else if (!strcmp(tok[0], "tick") && n == 2) {
			jiffies += strtoul(tok[1], NULL, 10);
			conf_event("jiffies now=%lu", jiffies);
		} else if (!strcmp(tok[0], "expire") && n == 1) {
			conf_expire_next();
		} else if (!strcmp(tok[0], "fire-hrtimers") && n == 1) {
			conf_fire_hrtimers();
		} else if (!strcmp(tok[0], "run-works") && n == 1) {
			conf_run_ready_works();
		} else if (!strcmp(tok[0], "shrink-count") && n == 1) {
			struct shrink_control sc = { 0 };
			struct shrinker *s = conf_shrinker();
			if (!s)
				fail(lineno, "no shrinker registered", NULL);
			conf_event("shrink-count result=%lu", s->count_objects(s, &sc));
		} else if (!strcmp(tok[0], "shrink-scan") && n == 2) {
			struct shrink_control sc = { .nr_to_scan = strtoul(tok[1], NULL, 10) };
			struct shrinker *s = conf_shrinker();
			if (!s)
				fail(lineno, "no shrinker registered", NULL);
			conf_event("shrink-scan result=%lu", s->scan_objects(s, &sc));
		} else if (!strcmp(tok[0], "barrier") && n == 1) {
			kvfree_rcu_barrier();
		} else if (!strcmp(tok[0], "spawn") && (n == 6 || n == 7) && !strcmp(tok[2], "call")) {
			struct call_args *a = malloc(sizeof *a);
			static const char *const contexts[] = { "irqoff", "spinlock", "rqlock", "reader" };

			a->context = NULL;
			for (int k = 0; n == 7 && k < 4; k++)
				if (!strcmp(tok[6], contexts[k]))
					a->context = contexts[k];
			if (n == 7 && !a->context)
				fail(lineno, "irqoff, spinlock, rqlock or reader", tok[6]);
			a->o = conf_object_named(tok[3]);
			a->embedded = !strcmp(tok[4], "embedded");
			a->cpu = atoi(tok[5]);
			if (!a->o)
				fail(lineno, "no such object", tok[3]);
			if (!a->embedded && strcmp(tok[4], "headless"))
				fail(lineno, "embedded or headless", tok[4]);
			if (a->cpu < 0 || a->cpu >= conf_nr_cpus)
				fail(lineno, "no such cpu", tok[5]);
			conf_spawn(tok[1], a->cpu, call_body, a);
		} else if (!strcmp(tok[0], "spawn") && (n == 4 || n == 5) && !strcmp(tok[2], "work")) {
			struct work_struct *w = conf_work_named(tok[3]);

			if (!w)
				fail(lineno, "no such work", tok[3]);
			if (!w->pending)
				fail(lineno, "work not pending", tok[3]);
			/* Unbound works may run on any CPU: the script may say which. */
			conf_spawn(tok[1], n == 5 ? atoi(tok[4]) : conf_cpu_of(w) < 0 ? 0 : conf_cpu_of(w), work_body, w);
		} else if (!strcmp(tok[0], "step") && (n == 2 || n == 3)) {
			conf_step(tok[1], n == 3 ? atoi(tok[2]) : 1);
		} else if (!strcmp(tok[0], "finish") && n == 2) {
			conf_step(tok[1], -1);
		} else if (!strcmp(tok[0], "min-cached") && n == 2) {
			if (booted)
				fail(lineno, "min-cached after init", NULL);
			conf_section_min_cached(atoi(tok[1]));
		} else if (!strcmp(tok[0], "run") && (n == 4 || n == 5) && !strcmp(tok[2], "until")) {
			conf_run_until(tok[1], tok[3], n == 5 ? atoi(tok[4]) : 1);
		} else if (!strcmp(tok[0], "migrate") && n == 3) {
			int cpu = atoi(tok[2]);

			if (cpu < 0 || cpu >= conf_nr_cpus)
				fail(lineno, "no such cpu", tok[2]);
			conf_migrate(tok[1], cpu);
		} else if (!strcmp(tok[0], "spawn") && (n == 3 || n == 4) && !strcmp(tok[2], "shrink-count")) {
			if (!conf_shrinker())
				fail(lineno, "no shrinker registered", NULL);
			conf_spawn(tok[1], n == 4 ? atoi(tok[3]) : 0, shrink_count_body, NULL);
		} else if (!strcmp(tok[0], "spawn") && (n == 4 || n == 5) && !strcmp(tok[2], "shrink-scan")) {
			if (!conf_shrinker())
				fail(lineno, "no shrinker registered", NULL);
			conf_spawn(tok[1], n == 5 ? atoi(tok[4]) : 0, shrink_scan_body, (void *)strtoul(tok[3], NULL, 10));
		} else if (!strcmp(tok[0], "spawn") && (n == 4 || n == 5) &&
			   (!strcmp(tok[2], "barrier") || !strcmp(tok[2], "destroy"))) {
			if (n == 5 && strcmp(tok[4], "reclaim"))
				fail(lineno, "reclaim or nothing", tok[4]);
			conf_spawn(tok[1], atoi(tok[3]), !strcmp(tok[2], "barrier") ? barrier_body : destroy_body, NULL);
			if (n == 5)
				conf_spawned_reclaim();
		} else if (!strcmp(tok[0], "spawn") && n == 4 && (!strcmp(tok[2], "batch-init") || !strcmp(tok[2], "scheduler-running"))) {
			if (!strcmp(tok[2], "batch-init"))
				booted = true;
			conf_spawn(tok[1], atoi(tok[3]), !strcmp(tok[2], "batch-init") ? batch_init_body : scheduler_running_body, NULL);
		} else if (!strcmp(tok[0], "names") && n == 1) {
			conf_section_names();
		} else if (!strcmp(tok[0], "scheduler-state") && n == 2) {
			if (!strcmp(tok[1], "init"))
				rcu_scheduler_active = RCU_SCHEDULER_INIT;
			else if (!strcmp(tok[1], "running"))
				rcu_scheduler_active = RCU_SCHEDULER_RUNNING;
			else
				fail(lineno, "init or running", tok[1]);
			conf_event("rcu_scheduler_active=%s", tok[1]);
		} else if (!strcmp(tok[0], "gpinit") && n == 2) {
			conf_gp_init_mode(atoi(tok[1]) != 0);
		} else if (!strcmp(tok[0], "gp-init") && n == 1) {
			conf_gp_init();
		} else if (!strcmp(tok[0], "page-timer") && n == 2) {
			if (!conf_page_timer(atoi(tok[1])))
				conf_error("page-timer %s: no refill request pending", tok[1]);
		} else if (!strcmp(tok[0], "alloc-clear") && n == 1) {
			conf_alloc_clear();
		} else if (!strcmp(tok[0], "expire-work") && n == 2) {
			struct work_struct *w = conf_work_named(tok[1]);

			if (!w)
				fail(lineno, "no such work", tok[1]);
			conf_expire_work(w);
		} else if (!strcmp(tok[0], "rcufn") && n == 2) {
			struct work_struct *w = conf_work_named(tok[1]);

			if (!w)
				fail(lineno, "no such work", tok[1]);
			if (!w->pending || !conf_work_ready(w))
				conf_error("rcufn %s: no grace period over for a queued rcu_work", tok[1]);
			else
				conf_event("rcufn work=%s ready=1", tok[1]);
		} else if (!strcmp(tok[0], "snap") && n == 1) {
			conf_section_snap();
		} else if (!strcmp(tok[0], "state") && n == 1) {
			for (int c = 0; c < conf_nr_cpus; c++)
				conf_section_state(c);
		} else {
			fail(lineno, "unknown command", tok[0]);
		}
	}
	for (int i = 0; i < conf_object_count(); i++) {
		struct conf_object *o = conf_object_nth(i);
		conf_event("summary obj=%s queued=%d frees=%d", o->name, o->queued, o->frees);
	}
	conf_event("summary pages_live=%d warnings=%d errors=%d", conf_pages_live(), conf_warnings, conf_errors);
	return conf_errors ? 1 : 0;
}
