/*
 * section.c: the translation unit that compiles the kernel's kvfree_rcu() section
 * (issue 29, stage 1).
 *
 * Why this file exists: the section is cut out of kernel/rcu/tree.c verbatim by
 * conformance/extract.ts into the build directory (kvfree_section.c, found through -I). Its
 * functions are mostly static, so the harness reaches them from the same translation unit: this
 * file includes the shim, then the section, then defines the few conf_* hooks the driver needs
 * (boot, naming the per-CPU works for the event lines, printing the per-CPU state).
 *
 * What it must not do: edit, wrap or redefine any function of the section, or reach into its
 * state other than to read it (conf_section_state) and to name its work items.
 */
#include "kernel.h"
#include "shim.h"

#include "kvfree_section.c"

/* Boot: kfree_rcu_batch_init() (rcu_init()), then the work items named for the events. */
void conf_section_init(void)
{
	int cpu, i;

	kfree_rcu_batch_init();
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
