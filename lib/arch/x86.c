/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What x86_64 and x86_32 share, as they share arch/x86/mm/init.c:
 * split_mem_range()'s bookkeeping and init_mem_mapping()'s top-down walk.
 */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "pgtable.h"
#include "private.h"

#define ISA_END_ADDRESS 0x100000ull

/* save_mr(): one run, unless it is empty */
int dmh_x86_save_mr(struct devmemhp_map_run *mr, int nr, unsigned int max, uint64_t start_pfn,
		    uint64_t end_pfn, unsigned int mask)
{
	if (start_pfn < end_pfn) {
		if (nr < 0 || (unsigned int)nr >= max)
			return -ENOSPC; /* the kernel panics: "run out of range for init_memory_mapping" */
		mr[nr].start = start_pfn << 12;
		mr[nr].end = end_pfn << 12;
		mr[nr].leaf_levels = mask;
		nr++;
	}
	return nr;
}

/* split_mem_range()'s end: "try to merge same page size and continuous", and
 * every run may use base pages */
int dmh_x86_merge_mr(struct devmemhp_map_run *mr, int nr)
{
	for (int i = 0; nr > 1 && i < nr - 1; i++) {
		if (mr[i].end != mr[i + 1].start || mr[i].leaf_levels != mr[i + 1].leaf_levels)
			continue;
		mr[i + 1].start = mr[i].start;
		memmove(&mr[i], &mr[i + 1], (size_t)(nr - 1 - i) * sizeof(*mr));
		nr--;
		i--;
	}
	for (int i = 0; i < nr; i++)
		mr[i].leaf_levels |= 1u;
	return nr;
}

struct boot_walk {
	const struct devmemhp_phys_range *ram;
	unsigned int nr_ram;
	int (*map)(void *ctx, uint64_t start, uint64_t end);
	void *ctx;
};

/* init_range_memory_mapping(): map the RAM inside [r_start, r_end) */
static int map_ram_in(struct boot_walk *w, uint64_t r_start, uint64_t r_end, uint64_t *mapped)
{
	for (unsigned int i = 0; i < w->nr_ram; i++) {
		uint64_t s = DMH_MIN(DMH_MAX(w->ram[i].start, r_start), r_end);
		uint64_t e = DMH_MIN(DMH_MAX(w->ram[i].end, r_start), r_end);
		int rc;

		if (s >= e)
			continue;
		rc = w->map(w->ctx, s, e);
		if (rc)
			return rc;
		*mapped += e - s;
	}
	return 0;
}

/*
 * init_mem_mapping(): the ISA range, then memory_map_top_down(ISA_END_ADDRESS,
 * end) in steps that start at a PMD and grow by get_new_step_size() once as
 * much is mapped.  The RAM given is what the linear map reaches (lowmem).
 */
int dmh_x86_init_mem_mapping(const struct devmemhp_geometry *geo,
			     const struct devmemhp_phys_range *ram, unsigned int nr_ram,
			     int (*map)(void *ctx, uint64_t start, uint64_t end), void *ctx)
{
	struct boot_walk w = { ram, nr_ram, map, ctx };
	const uint64_t pmd = dmh_level_size(geo, 1);
	const unsigned int grow = dmh_level_shift(geo, 1) - geo->page_shift - 1;
	uint64_t end = nr_ram ? ram[nr_ram - 1].end : 0;
	uint64_t real_end = 0, last_start, step = pmd, mapped = 0;
	int rc;

	rc = map(ctx, 0, ISA_END_ADDRESS); /* always mapped, holes or not */
	if (rc || end <= ISA_END_ADDRESS)
		return rc;
	/* memblock_phys_alloc_range(PMD_SIZE, PMD_SIZE, ...): the top-most free PMD */
	for (unsigned int i = nr_ram; i-- > 0 && !real_end;) {
		uint64_t top = DMH_ALIGN_DOWN(ram[i].end, pmd);

		if (top >= pmd && top - pmd >= DMH_MAX(ram[i].start, ISA_END_ADDRESS))
			real_end = top;
	}
	if (!real_end)
		real_end = DMH_MAX(ISA_END_ADDRESS, DMH_ALIGN_DOWN(end, pmd));
	last_start = real_end;
	while (last_start > ISA_END_ADDRESS) {
		uint64_t start;

		if (last_start > step) {
			start = DMH_ALIGN_DOWN(last_start - 1, step);
			if (start < ISA_END_ADDRESS)
				start = ISA_END_ADDRESS;
		} else {
			start = ISA_END_ADDRESS;
		}
		rc = map_ram_in(&w, start, last_start, &mapped);
		if (rc)
			return rc;
		last_start = start;
		if (mapped >= step)
			step <<= grow;
	}
	if (real_end < end)
		rc = map_ram_in(&w, real_end, end, &mapped);
	return rc;
}
