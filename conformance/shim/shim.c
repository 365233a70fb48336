/*
 * shim.c: the world around the kernel's kvfree_rcu() section, in user space (issue 29, stage 1).
 *
 * Why this file exists: the section (cut verbatim out of kernel/rcu/tree.c) calls allocators,
 * workqueues, timers, the grace-period API, WARNs and debug objects. Here each of those is a
 * small piece of state the harness (driver.c) controls: allocation outcomes come from a script,
 * grace periods start and end only when the harness says so, works and timers run only when the
 * harness runs them. Every observable act is printed as one event line on stdout, in order.
 *
 * What it must not do: decide anything by chance or by the clock; run a work, end a grace
 * period or fire a timer on its own (the only exceptions, synchronize_rcu() outside a context and
 * flush_rcu_work(), block in the kernel and are completed inline here, and say so in their
 * events; inside a context, synchronize_rcu() waits for the script's grace period); really free an object (freed objects stay mapped, so a late access or a double free
 * is seen, not a crash); copy any kernel text.
 */
#include "kernel.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shim.h"

/* ---- Events. ---- */
void conf_event(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

int conf_verbose;
int conf_warnings;
int conf_errors;

void conf_warn(const char *file, int line, const char *what)
{
	conf_warnings++;
	conf_event("warn at=%s:%d what=%s", file, line, what);
}

void conf_error(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	conf_errors++;
	conf_event("error %s", buf);
}

/* ---- Names of things the events mention (works, timers, per-CPU copies). ---- */
#define MAX_NAMED 256
static struct {
	const void *addr;
	char name[64];
} named[MAX_NAMED];
static int n_named;

void conf_name(const void *addr, const char *fmt, ...)
{
	va_list ap;
	int i;
	for (i = 0; i < n_named && named[i].addr != addr; i++)
		;
	if (i == n_named) {
		if (n_named == MAX_NAMED)
			abort();
		n_named++;
	}
	named[i].addr = addr;
	va_start(ap, fmt);
	vsnprintf(named[i].name, sizeof named[i].name, fmt, ap);
	va_end(ap);
}

const char *conf_name_of(const void *addr)
{
	static char buf[4][32];
	static int k;
	for (int i = 0; i < n_named; i++)
		if (named[i].addr == addr)
			return named[i].name;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%p", addr);
	return buf[k];
}

/* ---- CPUs and per-CPU copies. ---- */
int conf_nr_cpus = 1;
int conf_cpu;

#define MAX_PERCPU 4
static struct {
	void *templ;
	size_t size;
	void *copy[NR_CPUS];
} percpu[MAX_PERCPU];

void *conf_percpu(void *templ, size_t size, int cpu)
{
	int i;
	if (cpu < 0 || cpu >= conf_nr_cpus) {
		conf_error("per_cpu_ptr cpu=%d outside 0..%d", cpu, conf_nr_cpus - 1);
		abort();
	}
	for (i = 0; i < MAX_PERCPU && percpu[i].templ && percpu[i].templ != templ; i++)
		;
	if (i == MAX_PERCPU)
		abort();
	percpu[i].templ = templ;
	percpu[i].size = size;
	if (!percpu[i].copy[cpu]) {
		percpu[i].copy[cpu] = malloc(size);
		memcpy(percpu[i].copy[cpu], templ, size);
	}
	return percpu[i].copy[cpu];
}

/* per_cpu_ptr() in a for_each_possible_cpu() loop: a point where a context may be preempted. */
void *conf_percpu_loop(void *templ, size_t size, int cpu)
{
	conf_yield("percpu");
	return conf_percpu(templ, size, cpu);
}

int conf_cpu_of(const void *addr)
{
	for (int i = 0; i < MAX_PERCPU && percpu[i].templ; i++)
		for (int c = 0; c < NR_CPUS; c++) {
			const char *b = percpu[i].copy[c];
			if (b && (const char *)addr >= b && (const char *)addr < b + percpu[i].size)
				return c;
		}
	return -1;
}

/* ---- Interrupts, locks, sleeping. ---- */
static int irqs_off[NR_CPUS];
static int locks_held[NR_CPUS];

void conf_irq_save(unsigned long *flags)
{
	*flags = (unsigned long)irqs_off[conf_cpu];
	irqs_off[conf_cpu] = 1;
	if (conf_verbose)
		conf_event("irq-save cpu=%d", conf_cpu);
}

void conf_irq_restore(unsigned long flags)
{
	irqs_off[conf_cpu] = (int)flags;
	if (conf_verbose)
		conf_event("irq-restore cpu=%d off=%d", conf_cpu, (int)flags);
	conf_yield("irq-restore");
}

void conf_set_irqs_off(int cpu, int off) { irqs_off[cpu] = off; }

void raw_spin_lock(raw_spinlock_t *lock)
{
	conf_yield_at("lock", conf_name_of(lock));
	while (lock->locked) {
		/* Held by another context: wait for it (outside a context, nobody can release it). */
		if (!conf_in_context())
			conf_error("%s taken on cpu %d, held by cpu %d", conf_name_of(lock), conf_cpu, lock->locked - 1);
		conf_block("lock-wait");
	}
	lock->locked = 1 + conf_cpu;
	locks_held[conf_cpu]++;
	conf_ctx_held(+1);
	if (conf_verbose)
		conf_event("lock %s cpu=%d", conf_name_of(lock), conf_cpu);
	conf_yield("locked");
}

void raw_spin_unlock(raw_spinlock_t *lock)
{
	if (!lock->locked)
		conf_error("unlock of unlocked %s", conf_name_of(lock));
	else
		locks_held[lock->locked - 1]--;
	lock->locked = 0;
	conf_ctx_held(-1);
	if (conf_verbose)
		conf_event("unlock %s cpu=%d", conf_name_of(lock), conf_cpu);
	conf_yield("unlock");
}

/*
 * might_sleep() (include/linux/kernel.h -> kernel/sched/core.c __might_resched(), 6.12): warns
 * "BUG: sleeping function called from invalid context" when IRQs are disabled, when the preempt
 * count is raised (a raw spinlock or a !PREEMPT_RT spinlock_t held), or (PREEMPT_RCU,
 * 50e081b96e35) inside an RCU read-side critical section (rcu_preempt_depth()). The same check
 * runs where the shim's own functions may sleep: __get_free_page(GFP_KERNEL) and synchronize_rcu().
 * The line says which site and what made the context atomic, so that a model step's `context`
 * violation (models/kvfree/common/caller.ts maySleep) can be matched with it
 * (conformance/from-trace.ts CONTEXT_EVIDENCE).
 */
void conf_might_sleep(const char *site)
{
	int client = conf_ctx_client_locks();
	int rcu = conf_ctx_rcu_depth();
	char what[192];

	if (!irqs_off[conf_cpu] && !locks_held[conf_cpu] && !rcu)
		return;
	snprintf(what, sizeof what, "might_sleep() in atomic context site=%s cpu=%d irqs_off=%d krcp_locks=%d client_lock=%s rcu_depth=%d",
		 site, conf_cpu, irqs_off[conf_cpu] ? 1 : 0, locks_held[conf_cpu] - client, client ? conf_ctx_client() : "none", rcu);
	conf_warn("shim", 0, what);
}

void might_sleep(void) { conf_might_sleep("might_sleep"); }

/*
 * B12 (models/kvfree/common/caller.ts mayWakeUnderRqLock): a wake-up from the context that holds
 * rq->lock (driver.c client_enter(), context rqlock) takes a runqueue lock: try_to_wake_up()
 * from insert_work() -> kick_pool() (kernel/workqueue.c, 6.12) for a work queued with no delay,
 * or wakeup_kswapd() from the page allocator entered with __GFP_KSWAPD_RECLAIM (GFP_KERNEL).
 */
static void wake_check(const char *site, const char *what)
{
	char buf[160];

	if (strcmp(conf_ctx_client(), "rqlock") || conf_ctx_client_locks() == 0)
		return;
	snprintf(buf, sizeof buf, "wake under rq->lock site=%s %s cpu=%d", site, what, conf_cpu);
	conf_warn("shim", 0, buf);
}

void cond_resched_tasks_rcu_qs(void) {}

/* ---- Grace periods: a counter of completed GPs, advanced only by the harness. ---- */
int rcu_scheduler_active = RCU_SCHEDULER_INACTIVE;
struct conf_rcu_state rcu_state = { .name = "rcu_sched" };
struct lockdep_map rcu_callback_map;
static unsigned long gp_completed;
static bool gp_running;

/* The number of completed GPs after which a full GP has elapsed since now. */
static unsigned long gp_snap(void) { return gp_completed + (gp_running ? 2 : 1); }

unsigned long get_state_synchronize_rcu(void)
{
	unsigned long c = gp_snap();
	conf_event("cookie-take cookie=%lu", c);
	return c;
}

bool poll_state_synchronize_rcu(unsigned long cookie)
{
	bool done;

	/* A read of the GP state: a context may be preempted before it (a trace step may end here). */
	conf_yield("poll");
	done = gp_completed >= cookie;
	conf_event("cookie-poll cookie=%lu done=%d", cookie, done);
	return done;
}

void get_state_synchronize_rcu_full(struct rcu_gp_oldstate *rgosp)
{
	rgosp->rgos_norm = get_state_synchronize_rcu();
	rgosp->rgos_exp = rgosp->rgos_norm;
}

bool poll_state_synchronize_rcu_full(struct rcu_gp_oldstate *rgosp)
{
	return poll_state_synchronize_rcu(rgosp->rgos_norm);
}

/*
 * gpinit=1 traces (B8): rcu_gp_init() (kernel/rcu/tree.c) advances rcu_state.gp_seq first and the
 * root rcu_node's gp_seq later ("gp-init"), and no GP ends before its initialisation. 6.12.118's
 * get_state_synchronize_rcu_full() reads rcu_state.gp_seq (85aad7cc4178, stable backport) and its
 * poll_state_synchronize_rcu_full() reads the root's, which during the initialisation shows the
 * same number of completed GPs as rcu_state: so the cookies and polls above read the same values
 * in that window; what the shim adds is the order (gp-end before gp-init is an error).
 */
static bool gp_init_mode, gp_init_pending;

void conf_gp_init_mode(bool on) { gp_init_mode = on; }

void conf_gp_init(void)
{
	if (!gp_init_pending) {
		conf_error("gp-init with no grace period being initialised");
		return;
	}
	gp_init_pending = false;
	conf_event("gp-init root gp_seq updated gp=%lu", gp_completed + 1);
}

void conf_gp_start(void)
{
	if (gp_running) {
		conf_error("gp-start while a grace period runs");
		return;
	}
	gp_running = true;
	gp_init_pending = gp_init_mode;
	conf_event("gp-start gp=%lu", gp_completed + 1);
}

void conf_gp_end(void)
{
	if (!gp_running) {
		conf_error("gp-end with no grace period running");
		return;
	}
	if (gp_init_pending) {
		conf_error("gp-end before rcu_gp_init() updated the root rcu_node");
		return;
	}
	gp_running = false;
	gp_completed++;
	conf_event("gp-end completed=%lu", gp_completed);
}

void synchronize_rcu(void)
{
	unsigned long target;

	/*
	 * kernel/rcu/tree.c synchronize_rcu(): while rcu_scheduler_active is RCU_SCHEDULER_INACTIVE,
	 * rcu_blocking_is_gp() is true (one CPU, one task: the call is itself a grace period), and it
	 * returns at once after `rcu_state.gp_seq += (1 << RCU_SEQ_CTR_SHIFT)`: one more completed GP
	 * here. A context still passes "sync" and "sync-wait", where a trace step may end.
	 */
	if (rcu_scheduler_active == RCU_SCHEDULER_INACTIVE) {
		if (conf_in_context())
			conf_yield("sync");
		gp_completed++;
		conf_event("synchronize_rcu vacuous (rcu_scheduler_active INACTIVE) completed=%lu", gp_completed);
		if (conf_in_context())
			conf_yield("sync-wait");
		return;
	}
	/*
	 * Inside a context (sched.c) the caller waits, as in the kernel, until the script ends a
	 * full GP: "sync" before the snapshot, "sync-wait" after it and while the GP runs.
	 */
	if (conf_in_context()) {
		conf_yield("sync");
		target = gp_snap();
		conf_event("synchronize_rcu cookie=%lu", target);
		conf_might_sleep("synchronize_rcu");
		conf_yield("sync-wait");
		while (gp_completed < target)
			conf_block("sync-wait");
		conf_event("synchronize_rcu-return cookie=%lu", target);
		return;
	}
	/* Outside a context it blocks in the kernel until a full GP: completed inline here, and said so. */
	target = gp_snap();
	conf_event("synchronize_rcu cookie=%lu (inline)", target);
	conf_might_sleep("synchronize_rcu");
	while (gp_completed < target) {
		if (!gp_running)
			conf_gp_start();
		conf_gp_end();
	}
}

void call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	(void)head;
	(void)func;
	conf_error("call_rcu() is not used by the kvfree_rcu() section");
}

/* ---- Debug objects for rcu_head. ---- */
int debug_rcu_head_queue(void *ptr)
{
	struct conf_object *o = conf_object_at(ptr);
	if (o && o->debug_queued) {
		conf_event("debug-object double-queue obj=%s", o->name);
		return 1;
	}
	if (o)
		o->debug_queued = true;
	return 0;
}

void debug_rcu_head_unqueue(struct rcu_head *head)
{
	struct conf_object *o = conf_object_at(head);
	if (o)
		o->debug_queued = false;
}

/* ---- Objects and pages. ---- */
#define MAX_OBJECTS 4096
static struct conf_object objects[MAX_OBJECTS];
static int n_objects;

struct conf_object *conf_object_new(const char *name, bool vmalloc)
{
	struct conf_object *o;
	if (n_objects == MAX_OBJECTS)
		abort();
	o = &objects[n_objects++];
	snprintf(o->name, sizeof o->name, "%s", name);
	o->mem = aligned_alloc(64, sizeof(struct conf_payload));
	memset(o->mem, 0, sizeof(struct conf_payload));
	o->vmalloc = vmalloc;
	return o;
}

struct conf_object *conf_object_named(const char *name)
{
	for (int i = 0; i < n_objects; i++)
		if (!strcmp(objects[i].name, name))
			return &objects[i];
	return NULL;
}

struct conf_object *conf_object_at(const void *p)
{
	for (int i = 0; i < n_objects; i++)
		if ((const void *)objects[i].mem == p)
			return &objects[i];
	return NULL;
}

int conf_object_count(void) { return n_objects; }
struct conf_object *conf_object_nth(int i) { return &objects[i]; }

static void free_object(const void *p, const char *how)
{
	struct conf_object *o = conf_object_at(p);
	if (!o) {
		conf_error("%s of an unknown address %p", how, p);
		return;
	}
	o->frees++;
	conf_event("free obj=%s how=%s addr=%p", o->name, how, p);
	if (o->frees > 1)
		conf_error("double free obj=%s", o->name);
	if (!o->queued)
		conf_error("free of obj=%s that was never passed to kvfree_call_rcu()", o->name);
	if (!strcmp(how, "vfree") && !o->vmalloc)
		conf_error("vfree of kmalloc obj=%s", o->name);
	if (!strcmp(how, "kfree_bulk") && o->vmalloc)
		conf_error("kfree_bulk of vmalloc obj=%s", o->name);
}

/* A free is a step of its own in a model trace: a context may stop just before it ("free"). */
void kvfree(const void *p)
{
	conf_yield("free");
	free_object(p, "kvfree");
}

void vfree(const void *p)
{
	conf_yield("free");
	free_object(p, "vfree");
}
void kfree_bulk(size_t n, void **p)
{
	conf_yield("free");
	for (size_t i = 0; i < n; i++)
		free_object(p[i], "kfree_bulk");
}

bool is_vmalloc_addr(const void *p)
{
	struct conf_object *o = conf_object_at(p);
	return o && o->vmalloc;
}

#define MAX_PAGES 4096
static struct {
	void *addr;
	bool freed;
} pages[MAX_PAGES];
static int n_pages;
/* The scripted outcomes of the next page allocations, then the default. */
static bool alloc_script[256];
static int alloc_head, alloc_tail;
static bool alloc_default = true;

void conf_alloc_push(bool ok) { alloc_script[alloc_tail++ % 256] = ok; }
void conf_alloc_default(bool ok) { alloc_default = ok; }

/* Drop the scripted outcomes no allocation used (a refill loop that ended at its bound). */
void conf_alloc_clear(void)
{
	conf_event("alloc-clear dropped=%d", alloc_tail - alloc_head);
	alloc_head = alloc_tail;
}

unsigned long __get_free_page(gfp_t gfp)
{
	bool ok;

	(void)gfp;
	conf_might_sleep("__get_free_page"); /* GFP_KERNEL may sleep. */
	wake_check("__get_free_page", "gfp=GFP_KERNEL"); /* __GFP_KSWAPD_RECLAIM: wakeup_kswapd() */
	conf_yield("alloc");
	/* Decided when the allocation goes on (after the yield), so a script may say it late. */
	ok = alloc_head < alloc_tail ? alloc_script[alloc_head++ % 256] : alloc_default;
	if (!ok) {
		conf_event("page-alloc cpu=%d fail", conf_cpu);
		return 0;
	}
	if (n_pages == MAX_PAGES)
		abort();
	pages[n_pages].addr = aligned_alloc(CONF_PAGE_BYTES, CONF_PAGE_BYTES);
	memset(pages[n_pages].addr, 0xa5, CONF_PAGE_BYTES);
	conf_event("page-alloc cpu=%d page=p%d", conf_cpu, n_pages);
	return (unsigned long)pages[n_pages++].addr;
}

void free_page(unsigned long addr)
{
	for (int i = 0; i < n_pages; i++)
		if (pages[i].addr == (void *)addr) {
			if (pages[i].freed)
				conf_error("double free of page p%d", i);
			pages[i].freed = true;
			conf_event("page-free page=p%d", i);
			return;
		}
	conf_error("free_page of an unknown address %#lx", addr);
}

int conf_pages_live(void)
{
	int n = 0;
	for (int i = 0; i < n_pages; i++)
		n += !pages[i].freed;
	return n;
}

/* ---- Works and timers. ---- */
unsigned long jiffies;
static struct workqueue_struct highpri = { .name = "system_highpri_wq" };
struct workqueue_struct *system_highpri_wq = &highpri;

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...)
{
	static struct workqueue_struct wq;
	(void)max_active;
	wq.name = fmt;
	wq.flags = flags;
	conf_event("alloc_workqueue name=%s mem_reclaim=%d", fmt, !!(flags & WQ_MEM_RECLAIM));
	return &wq;
}

#define MAX_WORKS 64
static struct {
	struct work_struct *w;
	enum conf_work_kind kind;
} works[MAX_WORKS];
static int n_works;

void conf_init_work(struct work_struct *w, work_func_t f, enum conf_work_kind kind)
{
	int i;
	for (i = 0; i < n_works && works[i].w != w; i++)
		;
	if (i == n_works) {
		if (n_works == MAX_WORKS)
			abort();
		n_works++;
	}
	works[i].w = w;
	works[i].kind = kind;
	w->func = f;
	w->pending = false;
	w->wq = NULL;
}

bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw, unsigned long delay)
{
	/* kernel/workqueue.c (v6.10+, 86898fa6b8cd): a disabled work is not queued, false returned. */
	if (dw->work.disabled) {
		conf_event("queue_delayed_work work=%s delay=%lu queued=0 disabled=1", conf_name_of(&dw->work), delay);
		return false;
	}
	if (dw->work.pending) {
		conf_event("queue_delayed_work work=%s delay=%lu queued=0", conf_name_of(&dw->work), delay);
		return false;
	}
	dw->work.pending = true;
	dw->work.wq = wq;
	dw->timer.expires = jiffies + delay;
	conf_event("queue_delayed_work work=%s delay=%lu queued=1", conf_name_of(&dw->work), delay);
	if (delay == 0) /* __queue_delayed_work(): no timer, __queue_work() at once */
		wake_check("queue_delayed_work", conf_name_of(&dw->work));
	conf_yield("queue");
	return true;
}

bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw, unsigned long delay)
{
	bool was = dw->work.pending;
	if (dw->work.disabled) {
		/* kernel/workqueue.c mod_delayed_work_on(): grabs PENDING, queues only if not disabled. */
		dw->work.pending = false;
		conf_event("mod_delayed_work work=%s delay=%lu was_pending=%d disabled=1", conf_name_of(&dw->work), delay, was);
		return was;
	}
	dw->work.pending = true;
	dw->work.wq = wq;
	dw->timer.expires = jiffies + delay;
	conf_event("mod_delayed_work work=%s delay=%lu was_pending=%d", conf_name_of(&dw->work), delay, was);
	if (delay == 0)
		wake_check("mod_delayed_work", conf_name_of(&dw->work));
	return was;
}

/*
 * cancel_delayed_work_sync() (kernel/workqueue.c, v6.10+ 86898fa6b8cd, so 6.12.118):
 * __cancel_work_sync() = __cancel_work(WORK_CANCEL_DISABLE) (PENDING taken, timer or queued
 * instance cancelled, the work disabled), then __flush_work() (wait for a running instance), then
 * enable_work(). Inside a context the wait is a point of its own ("cancel-wait"), as the model's
 * kvfree_rcu_barrier() steps T5/T6 split it; outside one (the sequential `barrier` command) no
 * instance can be running, since works run only when the script runs them.
 */
bool cancel_delayed_work_sync(struct delayed_work *dw)
{
	bool was = dw->work.pending;
	dw->work.pending = false;
	dw->work.disabled = true;
	conf_event("cancel_delayed_work_sync work=%s was_pending=%d running=%d", conf_name_of(&dw->work), was, dw->work.running);
	if (conf_in_context()) {
		conf_yield_at("cancel-wait", conf_name_of(&dw->work));
		while (dw->work.running)
			conf_block("cancel-wait");
	} else if (dw->work.running) {
		conf_error("cancel_delayed_work_sync(%s) outside a context while it runs", conf_name_of(&dw->work));
	}
	dw->work.disabled = false;
	conf_event("cancel_delayed_work_sync-return work=%s", conf_name_of(&dw->work));
	return was;
}

bool queue_rcu_work(struct workqueue_struct *wq, struct rcu_work *rw)
{
	if (rw->work.pending) {
		conf_event("queue_rcu_work work=%s queued=0", conf_name_of(&rw->work));
		return false;
	}
	rw->work.pending = true;
	rw->work.wq = wq;
	rw->waiting_gp = true;
	rw->gp_cookie = gp_snap();
	conf_event("queue_rcu_work work=%s cookie=%lu queued=1", conf_name_of(&rw->work), rw->gp_cookie);
	conf_yield("queue");
	return true;
}

void conf_run_work(struct work_struct *w)
{
	int saved = conf_cpu;
	int cpu = conf_cpu_of(w);
	/* Sequential runs put a work on its owner's CPU; a context (sched.c) keeps its own. */
	if (!conf_in_context())
		conf_cpu = cpu < 0 ? 0 : cpu;
	w->pending = false; /* cleared before the function runs, as the workqueue does */
	w->running = true;
	conf_event("work-run work=%s", conf_name_of(w));
	w->func(w);
	w->running = false;
	conf_event("work-done work=%s", conf_name_of(w));
	if (irqs_off[conf_cpu] || locks_held[conf_cpu])
		conf_error("work %s returned in atomic context", conf_name_of(w));
	if (!conf_in_context())
		conf_cpu = saved;
}

struct work_struct *conf_work_named(const char *name)
{
	for (int i = 0; i < n_works; i++)
		if (!strcmp(conf_name_of(works[i].w), name))
			return works[i].w;
	return NULL;
}

/* Is this pending work ready to run: its timer expired, or its grace period over? */
static bool work_ready(int i)
{
	struct work_struct *w = works[i].w;
	if (!w->pending)
		return false;
	if (works[i].kind == CONF_WORK_DELAYED)
		return container_of(w, struct delayed_work, work)->timer.expires <= jiffies;
	return gp_completed >= to_rcu_work(w)->gp_cookie;
}

/* Is this pending work ready (its timer expired, or its GP over)? */
bool conf_work_ready(struct work_struct *w)
{
	for (int i = 0; i < n_works; i++)
		if (works[i].w == w)
			return work_ready(i);
	return false;
}

/* Move the clock to this pending delayed work's expiry (its timer fires), never backwards. */
void conf_expire_work(struct work_struct *w)
{
	unsigned long e;

	if (!w->pending) {
		conf_error("expire-work %s: not pending", conf_name_of(w));
		return;
	}
	e = container_of(w, struct delayed_work, work)->timer.expires;
	if (e > jiffies)
		jiffies = e;
	conf_event("jiffies now=%lu", jiffies);
}

int conf_run_ready_works(void)
{
	int ran = 0;
	for (bool again = true; again;) {
		again = false;
		for (int i = 0; i < n_works; i++)
			if (work_ready(i)) {
				conf_run_work(works[i].w);
				ran++;
				again = true;
			}
	}
	return ran;
}

/* Move the clock to the earliest pending delayed work's expiry (no earlier than now). */
void conf_expire_next(void)
{
	unsigned long best = 0;
	bool any = false;
	for (int i = 0; i < n_works; i++)
		if (works[i].kind == CONF_WORK_DELAYED && works[i].w->pending) {
			unsigned long e = container_of(works[i].w, struct delayed_work, work)->timer.expires;
			if (!any || e < best)
				best = e;
			any = true;
		}
	if (any && best > jiffies)
		jiffies = best;
	conf_event("jiffies now=%lu", jiffies);
}

/*
 * flush_rcu_work() (kernel/workqueue.c, 6.12.118): if the rcu_work is PENDING, rcu_barrier() then
 * flush_work(), else flush_work(): it returns once the instance queued or running when it was
 * called has finished; __flush_work() -> start_flush_work() -> check_flush_dependency() WARNs
 * when a WQ_MEM_RECLAIM worker flushes a queued or running work of a !WQ_MEM_RECLAIM workqueue.
 * Inside a context (the teardown task, model steps T3/T4/T7) it stops at its entry ("flush") and
 * then waits, as a blocked context, until the work is neither pending (GP wait or queued) nor
 * running: the grace period, rcu_work_rcufn() and the work itself are the script's steps.
 * Outside a context (the sequential `barrier` command) it completes them inline, and says so.
 */
bool flush_rcu_work(struct rcu_work *rw)
{
	if (conf_in_context()) {
		bool was = rw->work.pending;

		conf_yield_at("flush", conf_name_of(&rw->work));
		if (conf_ctx_reclaim() && (rw->work.pending || rw->work.running) &&
		    !(rw->work.wq && (rw->work.wq->flags & WQ_MEM_RECLAIM)))
			conf_warn("kernel/workqueue.c", 0, "check_flush_dependency: WQ_MEM_RECLAIM worker flushing !WQ_MEM_RECLAIM work");
		while (rw->work.pending || rw->work.running)
			conf_block("flush-wait");
		conf_event("flush_rcu_work-return work=%s was_pending=%d", conf_name_of(&rw->work), was);
		return was;
	}
	if (!rw->work.pending)
		return false;
	/* Blocks in the kernel until the GP and the work are done: completed inline here. */
	conf_event("flush_rcu_work work=%s (inline)", conf_name_of(&rw->work));
	while (gp_completed < rw->gp_cookie) {
		if (!gp_running)
			conf_gp_start();
		conf_gp_end();
	}
	conf_run_work(&rw->work);
	return true;
}

#define MAX_TIMERS 16
static struct hrtimer *timers[MAX_TIMERS];
static int n_timers;

void hrtimer_init(struct hrtimer *t, int clock, enum hrtimer_mode mode)
{
	int i;
	(void)clock;
	(void)mode;
	for (i = 0; i < n_timers && timers[i] != t; i++)
		;
	if (i == n_timers) {
		if (n_timers == MAX_TIMERS)
			abort();
		timers[n_timers++] = t;
	}
	t->function = NULL;
	t->armed = false;
}

void hrtimer_start(struct hrtimer *t, long ns, enum hrtimer_mode mode)
{
	(void)mode;
	t->armed = true;
	conf_event("hrtimer_start timer=%s ns=%ld", conf_name_of(t), ns);
}

/*
 * `page-timer CPU`: krcp CPU's page-cache refill request goes off. run_page_cache_worker()
 * (kernel/rcu/tree.c, 6.12.118) either armed krcp->hrtimer (hrtimer_start(.., 0, REL)), whose
 * function schedule_page_work_fn() runs in hard-irq context on that CPU and queues page_cache_work
 * on system_highpri_wq with no delay, or (backoff_page_cache_fill set) queued page_cache_work on
 * rcu_reclaim_wq with rcu_delay_page_cache_fill_msec: then its timer expires. False when neither.
 */
bool conf_page_timer(int cpu)
{
	char want[64];

	snprintf(want, sizeof want, "page_cache_hrtimer@%d", cpu);
	for (int i = 0; i < n_timers; i++)
		if (timers[i]->armed && !strcmp(conf_name_of(timers[i]), want)) {
			int saved = conf_cpu;
			timers[i]->armed = false;
			conf_cpu = cpu;
			conf_event("hrtimer-fire timer=%s", want);
			irqs_off[conf_cpu]++; /* hard-irq context */
			timers[i]->function(timers[i]);
			irqs_off[conf_cpu]--;
			conf_cpu = saved;
			return true;
		}
	snprintf(want, sizeof want, "page_cache_work@%d", cpu);
	{
		struct work_struct *w = conf_work_named(want);
		if (w && w->pending) {
			conf_expire_work(w);
			return true;
		}
	}
	return false;
}

int conf_fire_hrtimers(void)
{
	int fired = 0;
	for (int i = 0; i < n_timers; i++)
		if (timers[i]->armed) {
			int saved = conf_cpu, cpu = conf_cpu_of(timers[i]);
			timers[i]->armed = false;
			conf_cpu = cpu < 0 ? 0 : cpu;
			conf_event("hrtimer-fire timer=%s", conf_name_of(timers[i]));
			irqs_off[conf_cpu]++; /* hard-irq context */
			timers[i]->function(timers[i]);
			irqs_off[conf_cpu]--;
			conf_cpu = saved;
			fired++;
		}
	return fired;
}

/* ---- Shrinker. ---- */
static struct shrinker the_shrinker;
static bool shrinker_registered;

struct shrinker *shrinker_alloc(unsigned int flags, const char *fmt, ...)
{
	(void)flags;
	conf_event("shrinker_alloc name=%s", fmt);
	return &the_shrinker;
}

void shrinker_register(struct shrinker *s)
{
	(void)s;
	shrinker_registered = true;
}

struct shrinker *conf_shrinker(void) { return shrinker_registered ? &the_shrinker : NULL; }
