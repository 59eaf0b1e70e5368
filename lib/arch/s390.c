/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * s390x as Linux 4.9 hot-plugs memory, with the seed patch's flags ("mm/memory/
 * hotplug: convert device parameter bool to set of flags"):
 *   arch/s390/mm/init.c      arch_add_memory(), arch_remove_memory(),
 *                            memory_block_size_bytes(), paging_init()
 *   arch/s390/mm/vmem.c      vmem_add_mem(), vmemmap_populate(), insert_memory_segment()
 *   arch/s390/kernel/setup.c setup_memory_end(): the address-space layout
 *   arch/s390/mm/pageattr.c  arch_report_meminfo()
 *   arch/s390/include/asm/{sparsemem,dma,pgtable}.h
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "options.h"
#include "private.h"
#include "size.h"

#define SZ_1M (1ull << 20)
#define SZ_256M (1ull << 28)
#define EDAT1 (1u << 1) /* leaf_levels: 1M segment entries */
#define EDAT2 (1u << 2) /* leaf_levels: 2G region-3 entries */

/*
 * setup_memory_end() v4.9 picks a 3-level table (vmax 4 TiB) unless memory
 * (standby included) with its struct pages and 128 GiB of vmalloc and modules
 * needs more; with 4 levels (vmax 2^53) the vmemmap lands at
 * min(..., 1 << MAX_PHYSMEM_BITS) = 0x400000000000, and VMEM_MAX_PHYS, the
 * end of the identity map, is the vmemmap.  The model always takes 4 levels:
 * under a 3-level table the 2G region-3 entries would be root entries, which
 * the model cannot make leaves (there the vmemmap is at 0x3d100000000).
 * Table counts are tables: a region or segment table is 16 KiB
 * (vmem_alloc_pages(2)), a page table 2 KiB (page_table_alloc()).
 */
static const struct devmemhp_geometry s390_geometry = {
	.size = sizeof(struct devmemhp_geometry),
	.page_shift = 12,
	.levels = 4,                    /* region-2, region-3, segment, page tables */
	.level_bits = { 8, 11, 11, 11 }, /* 256 PTEs (1M segments), 2048 crst entries */
	.leaf_levels = 1u | EDAT1 | EDAT2, /* edat=2 */
	.free_table_levels = 0,         /* vmem_remove_range() only invalidates entries */
	.phys_bits = 64,                /* iomem_resource.end = -1 (kernel/resource.c) */
	.max_physmem_bits = 46,         /* asm/sparsemem.h v4.9 */
	.linear_base = 0,               /* identity map, VA == PA */
	.linear_size = 1ull << 46,      /* VMEM_MAX_PHYS */
	.vmemmap_base = 1ull << 46,
	.section_shift = 28,            /* SECTION_SIZE_BITS: 256 MiB */
	.subsection_shift = 28,         /* no subsections in 4.9 */
	.struct_page_size = 64,
	/* max(MIN_MEMORY_BLOCK_SIZE, sclp.rzm): 256 MiB for any increment up to
	 * that (QEMU/KVM picks the smallest power of two from 1M that keeps
	 * within MAX_STORAGE_INCREMENTS; z/VM's increment UNVERIFIED): rzm= */
	.block_size = SZ_256M,
	.zone_dma_end = 0x80000000ull,  /* asm/dma.h: MAX_DMA_ADDRESS, the 31-bit line */
	.directmap_levels = 1u | EDAT1 | EDAT2, /* DirectMap4k, 1M and 2G, always printed */
	/* vmemmap_populate(): 1M frames with EDAT1 ("even if they are only
	 * partially used"), else 4K pages */
	.vmemmap_mode = DEVMEMHP_VMEMMAP_LARGE,
};

static int s390_configure(struct devmemhp_geometry *geo, const char *key, const char *value)
{
	unsigned long long edat;
	uint64_t rzm;

	if (!key)
		return 0;
	if (strcmp(key, "levels") == 0) /* see above: 4 only */
		return strcmp(value, "4") ? -EINVAL : 0;
	/* MACHINE_HAS_EDAT1 / MACHINE_HAS_EDAT2 */
	if (strcmp(key, "edat") == 0) {
		if (dmh_parse_uint(value, 2, &edat))
			return -EINVAL;
		geo->leaf_levels = 1u | (edat >= 1 ? EDAT1 : 0) | (edat >= 2 ? EDAT2 : 0);
		geo->vmemmap_mode = edat ? DEVMEMHP_VMEMMAP_LARGE : DEVMEMHP_VMEMMAP_BASE;
		return 0;
	}
	/* sclp.rzm, the storage increment (rnsize MB); get_memory_block_size()
	 * (drivers/base/memory.c v4.9) falls back to MIN_MEMORY_BLOCK_SIZE when
	 * the result is no power of two */
	if (strcmp(key, "rzm") == 0) {
		if (dmh_parse_size(value, &rzm) || !rzm || !DMH_IS_ALIGNED(rzm, SZ_1M))
			return -EINVAL;
		geo->block_size = rzm > SZ_256M && !(rzm & (rzm - 1)) ? rzm : SZ_256M;
		return 0;
	}
	return -ENOENT;
}

/*
 * vmem_add_mem() v4.9: a 2G region-3 or 1M segment entry only where the slot
 * is empty, aligned and wholly inside the range, the address is not 0 and
 * debug_pagealloc is off (the model has it off).  So the first segment of
 * physical memory is always mapped with 4K pages.
 */
static int s390_split(const struct devmemhp_geometry *geo, uint64_t start, uint64_t end, int boot,
		      int (*is_ram)(void *ctx, uint64_t start, uint64_t end), void *ctx,
		      struct devmemhp_map_run *runs, unsigned int max)
{
	unsigned int nr = 0;
	int rc;

	(void)boot;
	(void)is_ram;
	(void)ctx;
	if (start == 0 && end > 0) {
		if (!max)
			return -ENOSPC;
		runs[nr++] = (struct devmemhp_map_run){ 0, DMH_MIN(end, SZ_1M), 1u };
		start = DMH_MIN(end, SZ_1M);
	}
	if (start >= end)
		return (int)nr;
	rc = dmh_arch_default_split(geo, start, end, runs + nr, max - nr);
	return rc < 0 ? rc : rc + (int)nr;
}

/* arch/s390/mm/init.c v4.9: arch_add_memory() with the seed patch */
static int s390_plan_add(const struct devmemhp_geometry *geo, struct devmemhp_arch_plan *plan,
			 int (*zone_span)(void *ctx, int nid, enum devmemhp_zone zone,
					  uint64_t *start_pfn, uint64_t *end_pfn),
			 void *ctx)
{
	static const enum devmemhp_zone kernel_zones[] = { DEVMEMHP_ZONE_DMA, DEVMEMHP_ZONE_NORMAL };
	const uint64_t start_pfn = plan->start >> geo->page_shift;
	const uint64_t end_pfn = plan->end >> geo->page_shift;

	/* if (flags & MEMORY_UNADDRESSABLE) { BUG(); return -EINVAL; } */
	if (plan->flags & DEVICE_MEMORY_UNADDRESSABLE) {
		snprintf(plan->why, sizeof(plan->why), "BUG(): s390 takes no unaddressable memory");
		return -EINVAL;
	}
	/* vmem_add_mapping() -> insert_memory_segment(): -ERANGE beyond VMEM_MAX_PHYS */
	if (plan->end - geo->phys_offset > geo->linear_size) {
		snprintf(plan->why, sizeof(plan->why), "vmem_add_mapping(): %#" PRIx64 " is beyond "
			 "VMEM_MAX_PHYS %#" PRIx64, plan->end, geo->phys_offset + geo->linear_size);
		return -ERANGE;
	}
	/* device memory: ZONE_DEVICE, as the seed patch's MEMORY_DEVICE asks (s390's
	 * own zone walk would have put it in a kernel zone or ZONE_MOVABLE) */
	if (plan->flags & DEVICE_MEMORY_DEVICE)
		return 0;
	/* "Add range within existing zone limits, if possible", the rest to
	 * ZONE_MOVABLE.  The kernel splits a range across zones; the model fixes
	 * one zone per add and refuses a range it would split. */
	for (size_t i = 0; i < DMH_ARRAY_SIZE(kernel_zones); i++) {
		uint64_t zs, ze;

		if (zone_span(ctx, plan->nid, kernel_zones[i], &zs, &ze) || start_pfn < zs ||
		    start_pfn >= ze)
			continue;
		if (end_pfn > ze) {
			snprintf(plan->why, sizeof(plan->why), "arch_add_memory() would put "
				 "[%#" PRIx64 "-%#" PRIx64 "] in %s and the rest elsewhere; add the "
				 "parts one by one", plan->start, (ze << geo->page_shift) - 1,
				 devmemhp_zone_name(kernel_zones[i]));
			return -EINVAL;
		}
		plan->zone = kernel_zones[i];
		return 0;
	}
	plan->zone = DEVMEMHP_ZONE_MOVABLE;
	return 0;
}

const struct devmemhp_arch dmh_arch_s390 = {
	.version = DEVMEMHP_ARCH_VERSION,
	.name = "s390",
	.description = "s390x, 4-level kernel table, EDAT1/EDAT2 large pages (edat=), Linux 4.9 "
		       "with the seed patch (remove refused)",
	.geometry = &s390_geometry,
	.kernels = "4.9",
	/* no CAP_REMOVE: arch_remove_memory() returns -EBUSY, "There is no hardware
	 * or firmware interface which could trigger a hot memory remove on s390" */
	.caps = DEVMEMHP_ARCH_CAP_DEVICE | DEVMEMHP_ARCH_CAP_LINEAR_MAP,
	.default_options = "boot=0-0x100000000",
	.configure = s390_configure,
	.split_linear_range = s390_split,
	.plan_add = s390_plan_add,
};
