/*
 * shim.h: what the harness (driver.c, section.c) sees of the shim (shim.c): objects, pages,
 * the grace-period counter, works, timers, the shrinker (issue 29, stage 1).
 *
 * Why this file exists: the kernel's section sees only kernel.h; the harness needs the levers
 * behind it (scripted allocation outcomes, GP start/end, running ready works, firing timers)
 * and the records (objects freed, pages live, WARNs, errors).
 *
 * What it must not do: declare anything the kernel's section could call by mistake (every name
 * here starts with conf_), or include kernel text.
 */
#ifndef RCUCHECK_CONFORMANCE_SHIM_H
#define RCUCHECK_CONFORMANCE_SHIM_H

#include <stdbool.h>

/* An object handed to kvfree_call_rcu(): a payload with an embedded rcu_head. */
struct conf_payload {
	long data[2];
	struct rcu_head rh;
};

struct conf_object {
	char name[32];
	struct conf_payload *mem;
	bool vmalloc;
	bool queued;       /* passed to kvfree_call_rcu() */
	bool debug_queued; /* debug-object state of its rcu_head */
	int frees;
};

extern int conf_verbose, conf_warnings, conf_errors;
void conf_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void conf_name(const void *addr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *conf_name_of(const void *addr);
int conf_cpu_of(const void *addr);
void conf_set_irqs_off(int cpu, int off);

struct conf_object *conf_object_new(const char *name, bool vmalloc);
struct conf_object *conf_object_named(const char *name);
struct conf_object *conf_object_at(const void *p);
int conf_object_count(void);
struct conf_object *conf_object_nth(int i);
int conf_pages_live(void);

void conf_alloc_push(bool ok);
void conf_alloc_default(bool ok);
void conf_gp_start(void);
void conf_gp_end(void);
int conf_run_ready_works(void);
void conf_expire_next(void);
int conf_fire_hrtimers(void);
struct shrinker *conf_shrinker(void);
struct work_struct *conf_work_named(const char *name);
void conf_run_work(struct work_struct *w);

/* sched.c: contexts as coroutines, moved only by the script (stage 2). */
bool conf_in_context(void);
void conf_yield(const char *point);
void conf_yield_at(const char *point, const char *what);
void conf_ctx_held(int delta);
void conf_ctx_set_client(const char *context);
const char *conf_ctx_client(void);
void conf_ctx_client_lock(int delta);
int conf_ctx_client_locks(void);
void conf_ctx_rcu(int delta);
int conf_ctx_rcu_depth(void);
void conf_might_sleep(const char *site);
bool conf_run_until(const char *name, const char *set, int n);
void conf_migrate(const char *name, int cpu);
void conf_block(const char *what);
void conf_spawn(const char *name, int cpu, void (*body)(void *), void *arg);
void conf_step(const char *name, int n);
bool conf_ctx_reclaim(void);
void conf_spawned_reclaim(void);

/* section.c: the hooks into the kernel's static functions and per-CPU state. */
void conf_section_init(void);
void conf_section_batch_init(void);
void conf_section_names(void);
void conf_gp_init_mode(bool on);
void conf_gp_init(void);
void conf_alloc_clear(void);
bool conf_page_timer(int cpu);
void conf_section_state(int cpu);
void conf_section_snap(void);
void conf_section_min_cached(int n);
void conf_expire_work(struct work_struct *w);
bool conf_work_ready(struct work_struct *w);

#endif
