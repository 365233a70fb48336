/*
 * section.c: the translation unit that compiles the kernel's kvfree_rcu() section
 * (issue 29, stage 1).
 *
 * Why this file exists: the section is cut out of kernel/rcu/tree.c verbatim by
 * conformance/extract.ts into the build directory (kvfree_section.c, found through -I). Its
 * functions are mostly static, so the harness reaches them from the same translation unit: this
 * file includes the shim, then the section, then defines the few conf_* hooks the driver needs
 * (boot, naming the per-CPU works for the event lines, printing the per-CPU state, and setting
 * the rcu_min_cached_objs module parameter before boot, as the kernel command line does).
 *
 * What it must not do: edit, wrap or redefine any function of the section, or reach into its
 * state other than to read it (conf_section_state) and to name its work items.
 */
#include "kernel.h"
#include "shim.h"

#include "kvfree_section.c"

#include <stdio.h>

/* Boot: kfree_rcu_batch_init() (rcu_init()), then the work items named for the events. */
void conf_section_init(void)
{
	kfree_rcu_batch_init();
	conf_section_names();
}

/* kfree_rcu_batch_init() alone (boot=boot traces run it as a context, one CPU per model step). */
void conf_section_batch_init(void) { kfree_rcu_batch_init(); }

/* The per-CPU works, timers and locks named for the event lines (their addresses are fixed). */
void conf_section_names(void)
{
	int cpu, i;

	for_each_possible_cpu(cpu) {
		struct kfree_rcu_cpu *krcp = per_cpu_ptr(&krc, cpu);

		conf_name(&krcp->monitor_work.work, "monitor_work@%d", cpu);
		conf_name(&krcp->page_cache_work.work, "page_cache_work@%d", cpu);
		conf_name(&krcp->hrtimer, "page_cache_hrtimer@%d", cpu);
		conf_name(&krcp->lock, "krc.lock@%d", cpu);
		for (i = 0; i < KFREE_N_BATCHES; i++)
			conf_name(&krcp->krw_arr[i].rcu_work.work, "krw_arr[%d]@%d", i, cpu);
	}
}

/* One event line with the per-CPU counts the model also has. */
void conf_section_state(int cpu)
{
	struct kfree_rcu_cpu *krcp = per_cpu_ptr(&krc, cpu);

	conf_event("state cpu=%d head_count=%d bulk_count=%d,%d nr_bkv_objs=%d krc_count=%d "
		   "need_offload=%d monitor_pending=%d",
		   cpu, atomic_read(&krcp->head_count), atomic_read(&krcp->bulk_count[0]),
		   atomic_read(&krcp->bulk_count[1]), krcp->nr_bkv_objs, krc_count(krcp),
		   need_offload_krc(krcp), delayed_work_pending(&krcp->monitor_work));
}

/*
 * rcutree.rcu_min_cached_objs=N on the kernel command line (a module parameter, read only by the
 * section's functions): the model's `cacheLimit` (issue 29, stage 3).
 */
void conf_section_min_cached(int n)
{
	rcu_min_cached_objs = n;
}

/*
 * One machine-readable line with everything a model state is compared on (issue 29, stage 3):
 * per CPU head_count, bulk_count[], nr_bkv_objs, monitor_work pending, each batch's rcu_work
 * pending; per object the number of frees.
 */
void conf_section_snap(void)
{
	char buf[2048];
	int len = 0, cpu, i;

	for_each_possible_cpu(cpu) {
		struct kfree_rcu_cpu *krcp = per_cpu_ptr(&krc, cpu);

		len += snprintf(buf + len, sizeof buf - len, "%scpu%d:hc=%d,bc=%d/%d,nr=%d,mon=%d,rw=", cpu ? " " : "", cpu,
				atomic_read(&krcp->head_count), atomic_read(&krcp->bulk_count[0]),
				atomic_read(&krcp->bulk_count[1]), krcp->nr_bkv_objs,
				delayed_work_pending(&krcp->monitor_work));
		for (i = 0; i < KFREE_N_BATCHES; i++)
			len += snprintf(buf + len, sizeof buf - len, "%s%d", i ? "/" : "",
					work_pending(&krcp->krw_arr[i].rcu_work.work));
	}
	len += snprintf(buf + len, sizeof buf - len, " frees=");
	for (i = 0; i < conf_object_count(); i++)
		len += snprintf(buf + len, sizeof buf - len, "%s%d", i ? "/" : "", conf_object_nth(i)->frees);
	conf_event("snap %s", buf);
}

#ifdef CONF_PAGE_SIZE
/* harness.ts computes CONF_PAGE_SIZE as 40 + 8 * capacity: the header must be 40 bytes. */
_Static_assert(sizeof(struct kvfree_rcu_bulk_data) == 40, "kvfree_rcu_bulk_data is not 40 bytes");
#endif
