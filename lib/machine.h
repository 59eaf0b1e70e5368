/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* machine.c and readlock.c: struct devmemhp_machine, its configuration and its locks. */
#ifndef DEVMEMHP_MACHINE_H
#define DEVMEMHP_MACHINE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "devmemhp.h"
#include "private.h"

/* ---- the machine ----------------------------------------------------------- */

#define DMH_MAX_NUMNODES 1024 /* NODES_SHIFT 10 */

struct dmh_boot_range {
	uint64_t start, end; /* bytes as given */
	int nid;
	bool nomap;          /* boot=...:nomap, or an imported top-level "reserved" */
};

struct dmh_config {
	struct dmh_boot_range *boot;
	size_t nr_boot;
	unsigned int nodes;
	int online_type;         /* memhp_default_state */
	bool online_given;       /* by online=, not the kernel's default */
	int online_policy;
	unsigned int auto_movable_ratio;
	bool auto_movable_numa_aware;
	bool movable_node;
	int memmap_on_memory;    /* enum dmh_mom_mode */
	bool hypervisor;
	bool zone_device;        /* CONFIG_ZONE_DEVICE: a distribution may leave it out */
	bool cpu_nodes_given;    /* cpu_nodes= (or an imported cpulist) says which nodes */
	uint64_t cpu_nodes[DMH_MAX_NUMNODES / 64]; /* ...have CPUs */
	struct dmh_reserve *reserve; /* reserved= */
	size_t nr_reserve;
};

/* The zone decisions a plan add collects: the first block of each run of
 * blocks onlined to one zone, and why. */
struct dmh_zone_whys {
	unsigned int n;
	struct {
		uint64_t first;
		int zone;
		char why[DMH_WHY_LEN];
	} e[DEVMEMHP_PLAN_RUNS];
};

/* What a machine is set to: options, geometry, kernel, block size.  Only a
 * transaction changes it, with readers held out (dmh_txn_begin_settings()). */
struct dmh_settings {
	struct dmh_config cfg;
	struct devmemhp_geometry geo;
	const struct dmh_kernel *kernel;
	char kernel_why[256];
	uint64_t block_size, boot_mem_end;
};

struct devmemhp_machine {
	atomic_int refs;
	uint64_t id;                   /* unique in the process: names it in last_error */
	const struct devmemhp_arch *arch;
	const struct dmh_kernel *kernel; /* the kernel it models (geo.kernel) */
	char kernel_why[256];            /* how that was chosen */
	struct devmemhp_geometry geo;
	struct dmh_config cfg;
	struct dmh_log log;
	uint64_t block_size;
	uint64_t boot_mem_end;
	/* readlock.c: queries name the machine in their thread's record; a
	 * commit closes the gate, raises writer and waits for them to leave */
	atomic_uint writer;
	pthread_mutex_t gate;
	pthread_mutex_t write_lock;    /* one mutation at a time */
	struct pt_cache *ptcache;      /* written only under write_lock */
	uint64_t pt_gen;
	struct dmh_state *st;
	/* txn.c: the working copy, equal to st between transactions (NULL:
	 * none yet, the next transaction clones st) */
	struct dmh_state *shadow;
	/* a plan runs an operation dry: its commit keeps the state here (the
	 * working copy, until dmh_dry_drop()) */
	bool dry_run;
	struct dmh_state *dry;
	struct dmh_zone_whys *zone_whys; /* a plan add: its zone decisions */
	/* accounting.c: what the page table with this root spends (written
	 * under write_lock) */
	struct dmh_spent_memo {
		struct pt_node *root;
		uint64_t hash, memmap, vmemmap_pt, linear_pt;
	} spent_memo;
	/* the last add refused for want of memory: what Linux would have left
	 * allocated (-ENOMEM of dmh_acct_add(); written under write_lock) */
	uint64_t enomem_leaves;
	struct devmemhp_plan_payer enomem_payers[DEVMEMHP_PLAN_PAYERS];
	unsigned int enomem_nr_payers;
};

/* readlock.c: the shared lock of queries (nested on one thread it is taken
 * once; it lives in a const machine, hence the casts), and the exclusive one
 * of a commit */
void dmh_read_lock(const struct devmemhp_machine *m);
void dmh_read_unlock(const struct devmemhp_machine *m);
void dmh_lock_init(struct devmemhp_machine *m);
void dmh_lock_destroy(struct devmemhp_machine *m);
void dmh_exclusive_lock(struct devmemhp_machine *m);
void dmh_exclusive_unlock(struct devmemhp_machine *m);

/* Geometry shortcuts. */
static inline uint64_t dmh_pfn(const struct devmemhp_machine *m, uint64_t addr)
{
	return addr >> m->geo.page_shift;
}
static inline uint64_t dmh_pages_per_section(const struct devmemhp_machine *m)
{
	return (uint64_t)1 << (m->geo.section_shift - m->geo.page_shift);
}
static inline uint64_t dmh_section_size(const struct devmemhp_machine *m)
{
	return (uint64_t)1 << m->geo.section_shift;
}
static inline uint64_t dmh_subsection_size(const struct devmemhp_machine *m)
{
	return (uint64_t)1 << m->geo.subsection_shift;
}
static inline uint64_t dmh_page_size(const struct devmemhp_machine *m)
{
	return (uint64_t)1 << m->geo.page_shift;
}
/* The end of boot RAM, whole pages: what sizes memory blocks and zones. */
static inline uint64_t dmh_boot_mem_end(const struct devmemhp_machine *m)
{
	uint64_t end = 0;

	for (size_t i = 0; i < m->cfg.nr_boot; i++)
		end = DMH_MAX(end, DMH_ALIGN_DOWN(m->cfg.boot[i].end, dmh_page_size(m)));
	return end;
}

/* machine.c: a user backend's default_options (arch, in the current
 * layout), as machine_new() would take them (arch_register). */
int dmh_default_options_check(const struct devmemhp_arch *arch);

/* A node has CPUs: cpu_nodes=, else (the default) it has boot memory. */
bool dmh_node_has_cpus(const struct devmemhp_machine *m, int nid);

#endif /* DEVMEMHP_MACHINE_H */
