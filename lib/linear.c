/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel linear (direct) map on top of the page table:
 * init_memory_mapping() and kernel_physical_mapping_remove(), with the
 * DirectMap counters kept as update_page_count() keeps them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "arch.h"
#include "linear.h"
#include "machine.h"
#include "pgtable.h"
#include "private.h"
#include "state.h"

#define MAX_RUNS 16

void dmh_pt_ctx_init(struct devmemhp_machine *m, struct pt_ctx *c, bool boot)
{
	*c = (struct pt_ctx){ .geo = &m->geo, .cache = m->ptcache, .gen = m->pt_gen, .boot = boot };
}

/* __phys_to_virt(): the linear map starts at PHYS_OFFSET */
/* The leaves and tables of the linear map's region. */
void dmh_linear_stats(const struct devmemhp_machine *m, const struct dmh_state *st,
		      struct pt_stats *ps)
{
	pt_region_stats(&m->geo, st->pgd, m->geo.linear_base, m->geo.linear_base + m->geo.linear_size,
			ps);
}

/* [start, end) lies in what the linear map can reach (arch_get_mappable_range()) */
bool dmh_linear_covers(const struct devmemhp_machine *m, uint64_t start, uint64_t end)
{
	return start < end && start >= m->geo.phys_offset &&
	       end - m->geo.phys_offset <= m->geo.linear_size;
}

struct ram_ctx {
	const struct dmh_state *st;
};

/* memblock_is_region_memory(): inside one boot RAM range */
static int boot_is_ram(void *ctx, uint64_t start, uint64_t end)
{
	const struct dmh_state *st = ((struct ram_ctx *)ctx)->st;

	for (size_t i = 0; i < st->nr_ranges; i++) {
		const struct dmh_range *r = &st->ranges[i];

		if (r->kind == DMH_RANGE_BOOT && r->start <= start && end <= r->end)
			return 1;
	}
	return 0;
}

int dmh_linear_runs(const struct devmemhp_machine *m, uint64_t start, uint64_t end, bool boot,
		    const struct dmh_state *st, struct devmemhp_map_run *runs, unsigned int max)
{
	struct ram_ctx rc = { st };

	if (!m->arch->split_linear_range)
		return dmh_arch_default_split(&m->geo, start, end, runs, max);
	return m->arch->split_linear_range(&m->geo, start, end, boot, boot_is_ram, &rc, runs, max);
}

int dmh_linear_map(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
		   uint64_t start, uint64_t end, unsigned int attrs)
{
	struct devmemhp_map_run runs[MAX_RUNS];
	int nr, rc = 0;

	if (!(m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP))
		return 0;
	nr = dmh_linear_runs(m, start, end, c->boot, st, runs, MAX_RUNS);
	if (nr < 0)
		return nr;
	/* the contiguous hints follow the whole call (__create_pgd_mapping()) */
	c->cont = true;
	c->cont_va = dmh_linear_va(m, start);
	c->cont_end = dmh_linear_va(m, end);
	for (int i = 0; i < nr && !rc; i++) {
		rc = pt_map(c, &st->pgd, dmh_linear_va(m, runs[i].start), dmh_linear_va(m, runs[i].end),
			    runs[i].leaf_levels & m->geo.leaf_levels, attrs);
		for (int l = 0; l < DEVMEMHP_MAX_LEVELS && !rc; l++)
			st->direct_pages[l] += c->counted[l];
	}
	c->cont = false;
	return rc;
}

int dmh_linear_map_apart(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
			 uint64_t start, uint64_t end, unsigned int attrs, unsigned int leaf_levels)
{
	struct devmemhp_geometry geo = m->geo;
	struct devmemhp_map_run runs[MAX_RUNS];
	int nr, rc = 0;

	if (!(m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP))
		return 0;
	/* arm64's alloc_init_pud() and init_pmd(): a block wherever aligned */
	geo.leaf_levels = leaf_levels;
	nr = dmh_arch_default_split(&geo, start, end, runs, MAX_RUNS);
	if (nr < 0)
		return nr;
	c->cont = false;
	for (int i = 0; i < nr && !rc; i++) {
		rc = pt_map(c, &st->pgd, dmh_linear_va(m, runs[i].start), dmh_linear_va(m, runs[i].end),
			    runs[i].leaf_levels & leaf_levels, attrs);
		for (int l = 0; l < DEVMEMHP_MAX_LEVELS && !rc; l++)
			st->direct_pages[l] += c->counted[l];
	}
	return rc;
}

/* "4k", "2M", "1G": the largest leaf a run may use (x86's page_size_string()) */
static void leaf_string(const struct devmemhp_geometry *geo, unsigned int leaf_levels, char *buf,
			size_t len)
{
	static const char units[] = "kMGTPE";
	unsigned int top = 0;
	uint64_t size;
	int u = 0;

	for (unsigned int l = 0; l < geo->levels; l++)
		if (leaf_levels & (1u << l))
			top = l;
	size = dmh_level_size(geo, top) >> 10;
	while (size >= 1024 && !(size & 1023) && units[u + 1]) {
		size >>= 10;
		u++;
	}
	snprintf(buf, len, "%" PRIu64 "%c", size, units[u]);
}

/*
 * A hot-add's linear map: one init_memory_mapping() call.  At LOG_DEBUG it
 * logs what x86's init_memory_mapping() and split_mem_range() pr_debug() (the
 * lines the oracle records with dyndbg), for every architecture; a plan,
 * which runs the add dry, logs nothing.
 */
int dmh_init_memory_mapping(const struct devmemhp_machine *m, struct dmh_state *st,
			    struct pt_ctx *c, uint64_t start, uint64_t end, unsigned int attrs)
{
	struct devmemhp_map_run runs[MAX_RUNS];
	int nr;

	if (!(m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP))
		return 0;
	if (!m->dry_run && dmh_log_enabled(m, LOG_DEBUG)) {
		nr = dmh_linear_runs(m, start, end, false, st, runs, MAX_RUNS);
		dmh_dbg(m, "init_memory_mapping: [mem %#010" PRIx64 "-%#010" PRIx64 "]", start,
			end - 1);
		for (int i = 0; i < nr; i++) {
			char page[32];

			leaf_string(&m->geo, runs[i].leaf_levels & m->geo.leaf_levels, page,
				    sizeof(page));
			dmh_dbg(m, " [mem %#010" PRIx64 "-%#010" PRIx64 "] page %s", runs[i].start,
				runs[i].end - 1, page);
		}
	}
	return dmh_linear_map(m, st, c, start, end, attrs);
}

int dmh_linear_unmap(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
		     uint64_t start, uint64_t end)
{
	int rc;

	if (!(m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP))
		return 0;
	rc = pt_unmap(c, &st->pgd, dmh_linear_va(m, start), dmh_linear_va(m, end));
	if (rc)
		return rc;
	for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++)
		st->direct_pages[l] += c->counted[l];
	return 0;
}
