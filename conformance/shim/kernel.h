/*
 * kernel.h: the user-space stand-ins for every kernel type, macro and helper that the
 * kvfree_rcu() section of kernel/rcu/tree.c uses (issue 29, stage 1).
 *
 * Why this file exists: the conformance harness compiles the kernel's own functions, cut out of
 * tree.c verbatim by conformance/extract.ts, in a user-space program. Nothing of the kernel's
 * headers is taken: each definition here is the project's own, written from the kernel's
 * documented semantics, and every point where the kernel would touch the outside world
 * (allocation, freeing, work queueing, timers, grace periods, WARNs, debug objects) calls into
 * shim.c, which records it as an event line and lets the harness decide its outcome.
 *
 * What it must not do: change the meaning of a kernel API the section relies on (list order,
 * llist LIFO order, queue_*_work() returning false when already pending, the polled grace-period
 * API answering true only after a full grace period since the cookie); hide a WARN; contain any
 * text copied from the kernel.
 */
#ifndef RCUCHECK_CONFORMANCE_KERNEL_H
#define RCUCHECK_CONFORMANCE_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Configuration the section is compiled with (Debian 6.12 amd64: HZ=250). ---- */
#define HZ 250
/*
 * The page the section sees. A conformance run against a model trace compiles with
 * -DCONF_PAGE_SIZE=(40 + 8 * capacity), so that KVFREE_BULK_MAX_ENTR (computed by the kernel's
 * own macro from PAGE_SIZE) equals the model's `capacity` records per bulk page; the shim still
 * allocates CONF_PAGE_BYTES for each page.
 */
#ifdef CONF_PAGE_SIZE
#define PAGE_SIZE ((unsigned long)(CONF_PAGE_SIZE))
#else
#define PAGE_SIZE 4096UL
#endif
#define CONF_PAGE_BYTES 4096UL
#define MSEC_PER_SEC 1000L
/* The section's possible CPUs are conf_nr_cpus (<= 2 in model traces); the rest are CPUs for
 * unbound kworkers, the shrinker and the teardown task (conformance/from-trace.ts unboundCpu). */
#define NR_CPUS 16
#ifndef CONFIG_DEBUG_OBJECTS_RCU_HEAD
#define CONFIG_DEBUG_OBJECTS_RCU_HEAD 1
#endif

/* ---- Compiler annotations. ---- */
#define __counted_by(member)
#define __read_mostly
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define __init
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define READ_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define clamp(v, lo, hi) ((v) < (lo) ? (lo) : (v) > (hi) ? (hi) : (v))

typedef unsigned int gfp_t;
#define GFP_KERNEL 0x1u
#define __GFP_NORETRY 0x2u
#define __GFP_NOMEMALLOC 0x4u
#define __GFP_NOWARN 0x8u

/* ---- Events and WARNs (shim.c). ---- */
void conf_event(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void conf_warn(const char *file, int line, const char *what);
#define WARN_ON_ONCE(cond)                                                      \
	({                                                                      \
		static bool __warned;                                           \
		bool __c = !!(cond);                                            \
		if (__c && !__warned) {                                         \
			__warned = true;                                        \
			conf_warn(__FILE__, __LINE__, "WARN_ON_ONCE(" #cond ")"); \
		}                                                               \
		__c;                                                            \
	})
#define WARN_ON(cond)                                                           \
	({                                                                      \
		bool __c = !!(cond);                                            \
		if (__c)                                                        \
			conf_warn(__FILE__, __LINE__, "WARN_ON(" #cond ")");    \
		__c;                                                            \
	})
#define WARN_ONCE(cond, ...)                                                    \
	({                                                                      \
		static bool __warned;                                           \
		bool __c = !!(cond);                                            \
		if (__c && !__warned) {                                         \
			__warned = true;                                        \
			conf_warn(__FILE__, __LINE__, "WARN_ONCE(" #cond ")");  \
		}                                                               \
		__c;                                                            \
	})
#define pr_info(...) conf_event("pr_info " __VA_ARGS__)
#define pr_err(...) conf_event("pr_err " __VA_ARGS__)

/* ---- CPUs, per-CPU variables, interrupts, sleeping. ---- */
extern int conf_nr_cpus;   /* possible CPUs, set by the harness */
extern int conf_cpu;       /* the CPU the running context is on */
#define smp_processor_id() (conf_cpu)
#define for_each_possible_cpu(cpu) for ((cpu) = 0; (cpu) < conf_nr_cpus; (cpu)++)
/*
 * A per-CPU variable is defined once, as the kernel's template in .data..percpu is; each CPU
 * gets its own copy of the pristine template on first use (conf_percpu, shim.c).
 */
#define DEFINE_PER_CPU(type, name) type name
void *conf_percpu(void *templ, size_t size, int cpu);
/*
 * per_cpu_ptr(): another CPU's copy, taken by the section's for_each_possible_cpu() loops
 * (kvfree_rcu_barrier(), the shrinker, boot). A context may be preempted there ("percpu"), so a
 * model step that ends between two CPUs of such a loop (kvfree_rcu_barrier()'s need_offload_krc()
 * reads) ends there in the code too. this_cpu_ptr() (krc_this_cpu_lock()) has no yield point.
 */
void *conf_percpu_loop(void *templ, size_t size, int cpu);
#define per_cpu_ptr(ptr, cpu) ((__typeof__(ptr))conf_percpu_loop((void *)(ptr), sizeof(*(ptr)), (cpu)))
#define this_cpu_ptr(ptr) ((__typeof__(ptr))conf_percpu((void *)(ptr), sizeof(*(ptr)), smp_processor_id()))

void conf_irq_save(unsigned long *flags);
void conf_irq_restore(unsigned long flags);
#define local_irq_save(flags) conf_irq_save(&(flags))
#define local_irq_restore(flags) conf_irq_restore(flags)
void might_sleep(void);
void cond_resched_tasks_rcu_qs(void);

/* ---- Atomics (the harness is one thread at a time: plain operations suffice). ---- */
typedef struct {
	int counter;
} atomic_t;
static inline int atomic_read(const atomic_t *v) { return READ_ONCE(v->counter); }
static inline void atomic_set(atomic_t *v, int i) { WRITE_ONCE(v->counter, i); }
static inline void atomic_inc(atomic_t *v) { v->counter++; }
static inline void atomic_sub(int i, atomic_t *v) { v->counter -= i; }
static inline int atomic_xchg(atomic_t *v, int n)
{
	int o = v->counter;
	v->counter = n;
	return o;
}

/* ---- Raw spinlocks. ---- */
typedef struct {
	int locked;    /* 0, or 1 + the CPU holding it */
	const char *name;
} raw_spinlock_t;
#define __RAW_SPIN_LOCK_UNLOCKED(lockname) { .locked = 0, .name = #lockname }
void raw_spin_lock(raw_spinlock_t *lock);
void raw_spin_unlock(raw_spinlock_t *lock);
#define raw_spin_lock_irqsave(lock, flags) \
	do {                               \
		local_irq_save(flags);     \
		raw_spin_lock(lock);       \
	} while (0)
#define raw_spin_unlock_irqrestore(lock, flags) \
	do {                                    \
		raw_spin_unlock(lock);          \
		local_irq_restore(flags);       \
	} while (0)

/* ---- Doubly linked lists (semantics of include/linux/list.h). ---- */
struct list_head {
	struct list_head *next, *prev;
};
static inline void INIT_LIST_HEAD(struct list_head *l) { l->next = l->prev = l; }
static inline bool list_empty(const struct list_head *h) { return READ_ONCE(h->next) == h; }
static inline void __list_link(struct list_head *n, struct list_head *prev, struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}
static inline void list_add(struct list_head *n, struct list_head *h) { __list_link(n, h, h->next); }
static inline void __list_unlink(struct list_head *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
}
static inline void list_move(struct list_head *e, struct list_head *h)
{
	__list_unlink(e);
	list_add(e, h);
}
/* Put `n` in place of `old` (old's neighbours now point at n), then make `old` empty. */
static inline void list_replace_init(struct list_head *old, struct list_head *n)
{
	if (list_empty(old)) {
		INIT_LIST_HEAD(n);
	} else {
		n->next = old->next;
		n->next->prev = n;
		n->prev = old->prev;
		n->prev->next = n;
	}
	INIT_LIST_HEAD(old);
}
#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry_or_null(head, type, member) \
	(list_empty(head) ? NULL : list_entry((head)->next, type, member))
#define list_for_each_entry_safe(pos, n, head, member)                                   \
	for (pos = list_entry((head)->next, __typeof__(*pos), member),                   \
	    n = list_entry(pos->member.next, __typeof__(*pos), member);                  \
	     &pos->member != (head);                                                     \
	     pos = n, n = list_entry(n->member.next, __typeof__(*n), member))
#define list_for_each_entry_safe_reverse(pos, n, head, member)                           \
	for (pos = list_entry((head)->prev, __typeof__(*pos), member),                   \
	    n = list_entry(pos->member.prev, __typeof__(*pos), member);                  \
	     &pos->member != (head);                                                     \
	     pos = n, n = list_entry(n->member.prev, __typeof__(*n), member))

/* ---- Lock-less lists (a LIFO stack, semantics of include/linux/llist.h). ---- */
struct llist_node {
	struct llist_node *next;
};
struct llist_head {
	struct llist_node *first;
};
static inline bool llist_add(struct llist_node *n, struct llist_head *h)
{
	n->next = h->first;
	h->first = n;
	return n->next == NULL;
}
static inline struct llist_node *llist_del_first(struct llist_head *h)
{
	struct llist_node *e = h->first;
	if (e)
		h->first = e->next;
	return e;
}
static inline struct llist_node *llist_del_all(struct llist_head *h)
{
	struct llist_node *e = h->first;
	h->first = NULL;
	return e;
}
#define llist_for_each_safe(pos, n, node) \
	for ((pos) = (node); (pos) && ((n) = (pos)->next, true); (pos) = (n))

/* ---- RCU: heads, callbacks, the polled grace-period API driven by the harness. ---- */
struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};
typedef void (*rcu_callback_t)(struct rcu_head *head);
struct rcu_gp_oldstate {
	unsigned long rgos_norm;
	unsigned long rgos_exp;
};
unsigned long get_state_synchronize_rcu(void);
bool poll_state_synchronize_rcu(unsigned long cookie);
void get_state_synchronize_rcu_full(struct rcu_gp_oldstate *rgosp);
bool poll_state_synchronize_rcu_full(struct rcu_gp_oldstate *rgosp);
void synchronize_rcu(void);
void call_rcu(struct rcu_head *head, rcu_callback_t func);
#define RCU_SCHEDULER_INACTIVE 0
#define RCU_SCHEDULER_INIT 1
#define RCU_SCHEDULER_RUNNING 2
extern int rcu_scheduler_active;
struct conf_rcu_state {
	const char *name;
};
extern struct conf_rcu_state rcu_state;
struct lockdep_map {
	int unused;
};
extern struct lockdep_map rcu_callback_map;
static inline void rcu_lock_acquire(struct lockdep_map *m) { (void)m; }
static inline void rcu_lock_release(struct lockdep_map *m) { (void)m; }
/* An offset below a page in ->func marks a kvfree_rcu() head (include/linux/rcupdate.h). */
#define __is_kvfree_rcu_offset(offset) ((offset) < 4096)

/* Debug objects for rcu_head: recorded, a second queue of a queued object is reported. */
int debug_rcu_head_queue(void *ptr);
void debug_rcu_head_unqueue(struct rcu_head *head);

/* Tracepoints, KASAN, kmemleak: no effect on the protocol, so no-ops (arguments still typed). */
static inline void trace_rcu_invoke_kfree_bulk_callback(const char *rn, unsigned long nr, void **p)
{ (void)rn; (void)nr; (void)p; }
static inline void trace_rcu_invoke_kvfree_callback(const char *rn, void *p, unsigned long off)
{ (void)rn; (void)p; (void)off; }
/*
 * kvfree_call_rcu() calls this right after debug_rcu_head_queue() and before
 * krc_this_cpu_lock(): the shim makes it a yield point ("entered"), where a model trace's
 * "C0 kvfree_call_rcu entry" step ends and a sleepable caller may still migrate.
 */
void conf_yield(const char *point);
static inline void kasan_record_aux_stack_noalloc(void *p) { (void)p; conf_yield("entered"); }
static inline void kmemleak_ignore(const void *p) { (void)p; }

/* ---- Memory: every outcome is the harness's (shim.c). ---- */
unsigned long __get_free_page(gfp_t gfp);
void free_page(unsigned long addr);
void kfree_bulk(size_t n, void **p);
void kvfree(const void *p);
void vfree(const void *p);
bool is_vmalloc_addr(const void *p);

/* ---- Time, work items, workqueues, hrtimers (queued and run by the harness). ---- */
extern unsigned long jiffies;
static inline unsigned long msecs_to_jiffies(unsigned int m) { return ((unsigned long)m * HZ + 999) / 1000; }

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);
struct work_struct {
	work_func_t func;
	bool pending;
	bool running;  /* its function runs now (a context stopped inside it) */
	bool disabled; /* cancel_delayed_work_sync() between its cancel and its enable_work() */
	struct workqueue_struct *wq;
};
struct timer_list {
	unsigned long expires;
};
struct delayed_work {
	struct work_struct work;
	struct timer_list timer;
};
struct rcu_work {
	struct work_struct work;
	struct rcu_head rcu;
	unsigned long gp_cookie; /* the grace period queue_rcu_work() waits for */
	bool waiting_gp;
	struct workqueue_struct *wq;
};
struct workqueue_struct {
	const char *name;
	unsigned int flags; /* WQ_MEM_RECLAIM is what check_flush_dependency() reads */
};
extern struct workqueue_struct *system_highpri_wq;
#define WQ_UNBOUND 0x2u
#define WQ_MEM_RECLAIM 0x8u
struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...);

enum conf_work_kind { CONF_WORK_DELAYED, CONF_WORK_RCU };
void conf_init_work(struct work_struct *w, work_func_t f, enum conf_work_kind kind);
#define INIT_DELAYED_WORK(dw, f) conf_init_work(&(dw)->work, (f), CONF_WORK_DELAYED)
#define INIT_RCU_WORK(rw, f) conf_init_work(&(rw)->work, (f), CONF_WORK_RCU)
static inline struct rcu_work *to_rcu_work(struct work_struct *w) { return container_of(w, struct rcu_work, work); }
static inline bool work_pending(struct work_struct *w) { return w->pending; }
#define delayed_work_pending(dw) work_pending(&(dw)->work)
bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw, unsigned long delay);
bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw, unsigned long delay);
bool cancel_delayed_work_sync(struct delayed_work *dw);
bool queue_rcu_work(struct workqueue_struct *wq, struct rcu_work *rw);
bool flush_rcu_work(struct rcu_work *rw);

enum hrtimer_restart { HRTIMER_NORESTART, HRTIMER_RESTART };
enum hrtimer_mode { HRTIMER_MODE_REL = 1 };
#define CLOCK_MONOTONIC 1
struct hrtimer {
	enum hrtimer_restart (*function)(struct hrtimer *);
	bool armed;
};
void hrtimer_init(struct hrtimer *t, int clock, enum hrtimer_mode mode);
void hrtimer_start(struct hrtimer *t, long ns, enum hrtimer_mode mode);

/* ---- Shrinker API. ---- */
struct shrink_control {
	unsigned long nr_to_scan;
};
#define SHRINK_STOP (~0UL)
#define SHRINK_EMPTY (~0UL - 1)
struct shrinker {
	unsigned long (*count_objects)(struct shrinker *, struct shrink_control *);
	unsigned long (*scan_objects)(struct shrinker *, struct shrink_control *);
};
struct shrinker *shrinker_alloc(unsigned int flags, const char *fmt, ...);
void shrinker_register(struct shrinker *s);

/* The section's entry point that the kernel declares in include/linux/rcutree.h. */
void kvfree_call_rcu(struct rcu_head *head, void *ptr);
void kvfree_rcu_barrier(void);
void kfree_rcu_scheduler_running(void);

#endif
