/*
 * sched.c: the deterministic scheduler of the conformance harness (issue 29, stage 2).
 *
 * Why this file exists: the kernel's kvfree_rcu() code runs in several contexts at once (a
 * caller per CPU, the monitor work, each batch work, the page-cache worker, the shrinker). To
 * check it against the model interleaving by interleaving, each context runs here as a
 * coroutine on its own stack (ucontext) and moves only when the script steps it, from one yield
 * point to the next. The shim yields before every lock acquire and after every release, after
 * every IRQ restore, before every page allocation and after every work queued. A context that
 * finds its lock held blocks: it yields until the holder releases it.
 *
 * What it must not do: switch contexts anywhere but at a yield point or on the script's word;
 * run two contexts at once (one host thread, so the section's plain accesses are never torn);
 * let a context run on past the number of steps the script gave it.
 */
#define _XOPEN_SOURCE 700
#include "kernel.h"
#include "shim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#define MAX_CTX 512
#define STACK_SIZE (256 * 1024)

enum ctx_state { CTX_READY, CTX_DONE };

struct ctx {
	char name[32];
	int cpu;
	enum ctx_state state;
	ucontext_t uc;
	void *stack;
	void (*body)(void *arg);
	void *arg;
	const char *at; /* the yield point it stopped at */
	char what[64];  /* what the point is about (the lock's name for "lock"), or "" */
	int held;       /* locks it holds now */
	bool blocked;   /* stopped because a lock it wants is held */
	bool reclaim;   /* a WQ_MEM_RECLAIM workqueue's worker (check_flush_dependency()) */
	/*
	 * A caller's own context around kvfree_call_rcu() (driver.c client_enter()): its name
	 * (irqoff, spinlock, rqlock, reader), the client locks it holds (a spinlock_t or rq->lock:
	 * not counted in `held`, which is the section's krcp locks that a model step ends without),
	 * and its RCU read-side nesting (current->rcu_read_lock_nesting).
	 */
	char client[16];
	int client_locks;
	int rcu_depth;
};

static struct ctx ctxs[MAX_CTX];
static int n_ctx;
static struct ctx *current;
static ucontext_t sched_uc;

bool conf_in_context(void) { return current != NULL; }
bool conf_ctx_reclaim(void) { return current != NULL && current->reclaim; }

/* The context spawned last runs as a WQ_MEM_RECLAIM workqueue's worker (`spawn ... reclaim`). */
void conf_spawned_reclaim(void)
{
	if (n_ctx > 0)
		ctxs[n_ctx - 1].reclaim = true;
}

void conf_yield_at(const char *point, const char *what)
{
	struct ctx *c = current;
	if (!c)
		return;
	c->at = point;
	snprintf(c->what, sizeof c->what, "%s", what ? what : "");
	swapcontext(&c->uc, &sched_uc);
}

void conf_yield(const char *point) { conf_yield_at(point, NULL); }

/* The running context's client context (driver.c client_enter()), "" outside one. */
void conf_ctx_set_client(const char *context)
{
	if (current)
		snprintf(current->client, sizeof current->client, "%s", context);
}
const char *conf_ctx_client(void) { return current ? current->client : ""; }
void conf_ctx_client_lock(int delta)
{
	if (current)
		current->client_locks += delta;
}
int conf_ctx_client_locks(void) { return current ? current->client_locks : 0; }
void conf_ctx_rcu(int delta)
{
	if (current)
		current->rcu_depth += delta;
}
int conf_ctx_rcu_depth(void) { return current ? current->rcu_depth : 0; }

/* Called by raw_spin_lock()/raw_spin_unlock(): the running context's own lock count. */
void conf_ctx_held(int delta)
{
	if (current)
		current->held += delta;
}

/* Called by raw_spin_lock() while the lock is held by another context. */
void conf_block(const char *lockname)
{
	struct ctx *c = current;
	if (!c) {
		conf_error("deadlock: %s held and no other context can run", lockname);
		fflush(stdout);
		exit(3);
	}
	c->blocked = true;
	conf_yield_at(lockname, c->what);
	c->blocked = false;
}

static void trampoline(int i)
{
	struct ctx *c = &ctxs[i];
	c->body(c->arg);
	c->state = CTX_DONE;
	c->at = "done";
	swapcontext(&c->uc, &sched_uc);
}

void conf_spawn(const char *name, int cpu, void (*body)(void *), void *arg)
{
	struct ctx *c;
	for (int i = 0; i < n_ctx; i++)
		if (!strcmp(ctxs[i].name, name) && ctxs[i].state != CTX_DONE) {
			conf_error("context %s exists", name);
			return;
		}
	if (n_ctx == MAX_CTX)
		abort();
	c = &ctxs[n_ctx];
	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
	c->cpu = cpu;
	c->body = body;
	c->arg = arg;
	c->at = "start";
	c->stack = malloc(STACK_SIZE);
	getcontext(&c->uc);
	c->uc.uc_stack.ss_sp = c->stack;
	c->uc.uc_stack.ss_size = STACK_SIZE;
	c->uc.uc_link = NULL;
	makecontext(&c->uc, (void (*)(void))trampoline, 1, n_ctx);
	n_ctx++;
	conf_event("spawn ctx=%s cpu=%d", name, cpu);
}

static struct ctx *find(const char *name)
{
	for (int i = n_ctx - 1; i >= 0; i--)
		if (!strcmp(ctxs[i].name, name))
			return &ctxs[i];
	return NULL;
}

/* Run a context to its next yield point (or its end). Returns false when it cannot move. */
static bool step1(struct ctx *c)
{
	int saved = conf_cpu;
	if (c->state == CTX_DONE)
		return false;
	current = c;
	conf_cpu = c->cpu;
	swapcontext(&sched_uc, &c->uc);
	current = NULL;
	conf_cpu = saved;
	return true;
}

/* `step NAME N`: N yield points on; `finish NAME`: to its end (n < 0). */
void conf_step(const char *name, int n)
{
	struct ctx *c = find(name);
	if (!c) {
		conf_error("no context %s", name);
		return;
	}
	for (int k = 0; n < 0 || k < n; k++) {
		const char *before = c->at;
		bool was_blocked = c->blocked;
		if (!step1(c)) {
			conf_error("context %s has ended", name);
			return;
		}
		if (c->state == CTX_DONE)
			break;
		if (was_blocked && c->blocked && before == c->at) {
			conf_event("ctx=%s blocked at=%s", c->name, c->at);
			return;
		}
	}
	conf_event("ctx=%s at=%s%s", c->name, c->at, c->blocked ? " blocked" : "");
	if (c->state == CTX_DONE) {
		free(c->stack);
		c->stack = NULL;
	}
}

/* Does the point a context stopped at match `spec` ("POINT" or "POINT:WHAT")? */
static bool matches(const struct ctx *c, const char *spec, size_t len)
{
	const char *colon = memchr(spec, ':', len);
	size_t plen = colon ? (size_t)(colon - spec) : len;

	if (c->state == CTX_DONE)
		return plen == 4 && !strncmp(spec, "done", 4);
	if (strlen(c->at) != plen || strncmp(c->at, spec, plen))
		return false;
	if (!colon)
		return true;
	return strlen(c->what) == len - plen - 1 && !strncmp(c->what, colon + 1, len - plen - 1);
}

/*
 * `run NAME until P1,P2,... [N]` (issue 29, stage 3: a model step): step NAME at least once, and
 * on until it stops, holding no lock, at a point of the list (or ends: "done") for the N-th time.
 * A context that blocks (a held lock, a grace period not over) stops there: the step could not
 * be completed, which the caller reports. Returns true when it stopped at a listed point.
 */
bool conf_run_until(const char *name, const char *set, int n)
{
	struct ctx *c = find(name);
	int hits = 0;

	if (!c) {
		conf_error("no context %s", name);
		return false;
	}
	for (int guard = 0; guard < 100000; guard++) {
		const char *before = c->at;
		bool was_blocked = c->blocked;
		bool hit = false;

		if (!step1(c)) {
			conf_error("context %s has ended", name);
			return false;
		}
		if (was_blocked && c->blocked && before == c->at) {
			conf_event("ctx=%s blocked at=%s what=%s", c->name, c->at, c->what);
			return false;
		}
		if (c->state == CTX_DONE || c->held == 0)
			for (const char *p = set; *p;) {
				const char *e = strchr(p, ',');
				size_t len = e ? (size_t)(e - p) : strlen(p);
				if (matches(c, p, len))
					hit = true;
				p += len + (e ? 1 : 0);
			}
		if (hit && ++hits == n) {
			conf_event("ctx=%s at=%s%s%s", c->name, c->at, c->what[0] && c->state != CTX_DONE ? ":" : "",
				   c->state != CTX_DONE ? c->what : "");
			if (c->state == CTX_DONE) {
				free(c->stack);
				c->stack = NULL;
			}
			return true;
		}
		if (c->state == CTX_DONE) {
			conf_event("ctx=%s at=done (wanted %s)", c->name, set);
			free(c->stack);
			c->stack = NULL;
			return false;
		}
	}
	conf_error("context %s did not reach %s", name, set);
	return false;
}

/* `migrate NAME CPU`: the task runs on another CPU from its next step on (it slept). */
void conf_migrate(const char *name, int cpu)
{
	struct ctx *c = find(name);

	if (!c || c->state == CTX_DONE) {
		conf_error("no running context %s", name);
		return;
	}
	c->cpu = cpu;
	conf_event("ctx=%s migrated cpu=%d", name, cpu);
}
