/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * x86_64, as Linux 6.1 (Debian 6.1.192), 6.12 (Debian 6.12.117) and 7.2 (Debian
 * 7.2.13) hot-plug memory; what this file models is the same code in all three
 * (see ../kernel.c for the generic rules that differ):
 *   arch/x86/mm/init.c     split_mem_range(), init_mem_mapping()
 *   arch/x86/mm/init_64.c  arch_add_memory(), probe_memory_block_size()
 *   arch/x86/include/asm/{page_64_types,pgtable_64_types,sparsemem}.h
 */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "options.h"
#include "private.h"

#define SZ_1M (1ull << 20)
#define SZ_2M (1ull << 21)
#define SZ_1G (1ull << 30)
#define PG_LEVEL_2M (1u << 1) /* leaf_levels bits, as page_size_mask */
#define PG_LEVEL_1G (1u << 2)

static const struct devmemhp_geometry x86_64_geometry = {
	.size = sizeof(struct devmemhp_geometry),
	.page_shift = 12,
	.levels = 4,
	.level_bits = { 9, 9, 9, 9, 9 },
	.leaf_levels = 1u | PG_LEVEL_2M | PG_LEVEL_1G, /* PSE and GBPAGES */
	.free_table_levels = 0x3, /* PTE and PMD tables; PUD tables only with 5 levels */
	.phys_bits = 46,
	.max_physmem_bits = 46,
	.linear_base = 0xffff888000000000ull, /* __PAGE_OFFSET_BASE_L4 */
	.linear_size = 1ull << 46,            /* 64 TB direct mapping */
	.vmemmap_base = 0xffffea0000000000ull, /* __VMEMMAP_BASE_L4 */
	.section_shift = 27,
	.subsection_shift = 21,
	.struct_page_size = 64,
	.block_size = 0, /* probed */
	.zone_dma_end = 16ull << 20,  /* MAX_DMA_PFN */
	.zone_dma32_end = 4ull << 30, /* MAX_DMA32_PFN */
	.directmap_levels = 1u | PG_LEVEL_2M | PG_LEVEL_1G,
	.vmemmap_mode = DEVMEMHP_VMEMMAP_SECTION,
};

static int x86_64_configure(struct devmemhp_geometry *geo, const char *key, const char *value)
{
	bool b;

	if (!key) {
		/* probe_page_size_mask(): no PSE (or debug_pagealloc) means no gbpages either */
		if (!(geo->leaf_levels & PG_LEVEL_2M))
			geo->leaf_levels &= ~PG_LEVEL_1G;
		/* arch_report_meminfo(): DirectMap4k and 2M always, 1G with direct_gbpages */
		geo->directmap_levels = 1u | PG_LEVEL_2M | (geo->leaf_levels & PG_LEVEL_1G);
		/* ptdump's markers after the two regions: VMALLOC_START, CPU_ENTRY_AREA_BASE */
		geo->vmemmap_view_end = 0xfffffe0000000000ull;
		if (geo->levels == 5) {
			geo->linear_view_end = 0xffa0000000000000ull;
			geo->max_physmem_bits = 52;
			geo->linear_base = 0xff11000000000000ull;  /* __PAGE_OFFSET_BASE_L5 */
			geo->linear_size = 1ull << 55;             /* 32 PB */
			geo->vmemmap_base = 0xffd4000000000000ull; /* __VMEMMAP_BASE_L5 */
			geo->free_table_levels = 0x7; /* remove_p4d_table(): free_pud_table() */
		} else {
			geo->linear_view_end = 0xffffc90000000000ull;
			geo->max_physmem_bits = 46;
			geo->linear_base = 0xffff888000000000ull;
			geo->linear_size = 1ull << 46;
			geo->vmemmap_base = 0xffffea0000000000ull;
			geo->free_table_levels = 0x3;
		}
		return 0;
	}
	if (strcmp(key, "levels") == 0) {
		if (strcmp(value, "4") && strcmp(value, "5"))
			return -EINVAL;
		geo->levels = value[0] - '0';
		return 0;
	}
	if (strcmp(key, "gbpages") == 0 || strcmp(key, "pse") == 0 ||
	    strcmp(key, "debug_pagealloc") == 0) {
		unsigned int bit = key[0] == 'g' ? PG_LEVEL_1G : PG_LEVEL_2M;

		if (dmh_parse_bool(value, &b))
			return -EINVAL;
		if (key[0] == 'd')
			b = !b;
		if (b)
			geo->leaf_levels |= bit;
		else
			geo->leaf_levels &= ~bit;
		return 0;
	}
	return -ENOENT;
}

/* arch/x86/mm/init_64.c: probe_memory_block_size() */
static uint64_t x86_64_probe_block_size(const struct devmemhp_geometry *geo, uint64_t boot_mem_end,
					int hypervisor)
{
	const uint64_t min_block = (uint64_t)1 << geo->section_shift;
	const uint64_t max_block = 2 * SZ_1G;
	uint64_t bz;

	if (boot_mem_end < 64 * SZ_1G) /* MEM_SIZE_FOR_LARGE_BLOCK */
		return min_block;
	if (!hypervisor) /* bare metal: the largest block */
		return max_block;
	for (bz = max_block; bz > min_block; bz >>= 1)
		if (DMH_IS_ALIGNED(boot_mem_end, bz))
			break;
	return bz;
}

/* arch/x86/mm/init.c: split_mem_range() and adjust_range_page_size_mask() */
static int x86_64_split(const struct devmemhp_geometry *geo, uint64_t start, uint64_t end, int boot,
			int (*is_ram)(void *ctx, uint64_t start, uint64_t end), void *ctx,
			struct devmemhp_map_run *mr, unsigned int max)
{
	const uint64_t p2m = SZ_2M >> 12, p1g = SZ_1G >> 12;
	const unsigned int page_size_mask = geo->leaf_levels & (PG_LEVEL_2M | PG_LEVEL_1G);
	uint64_t limit_pfn = end >> 12, pfn = start >> 12, start_pfn, end_pfn;
	int nr = 0;

	/* head if not big page alignment */
	start_pfn = pfn;
	end_pfn = DMH_ALIGN_UP(pfn, p2m);
	if (end_pfn > limit_pfn)
		end_pfn = limit_pfn;
	if (start_pfn < end_pfn) {
		nr = dmh_x86_save_mr(mr, nr, max, start_pfn, end_pfn, 0);
		pfn = end_pfn;
	}
	/* big page (2M) range */
	start_pfn = DMH_ALIGN_UP(pfn, p2m);
	end_pfn = DMH_ALIGN_UP(pfn, p1g);
	if (end_pfn > DMH_ALIGN_DOWN(limit_pfn, p2m))
		end_pfn = DMH_ALIGN_DOWN(limit_pfn, p2m);
	if (start_pfn < end_pfn) {
		nr = dmh_x86_save_mr(mr, nr, max, start_pfn, end_pfn, page_size_mask & PG_LEVEL_2M);
		pfn = end_pfn;
	}
	/* big page (1G) range */
	start_pfn = DMH_ALIGN_UP(pfn, p1g);
	end_pfn = DMH_ALIGN_DOWN(limit_pfn, p1g);
	if (start_pfn < end_pfn) {
		nr = dmh_x86_save_mr(mr, nr, max, start_pfn, end_pfn,
				     page_size_mask & (PG_LEVEL_2M | PG_LEVEL_1G));
		pfn = end_pfn;
	}
	/* tail is not big page (1G) alignment */
	start_pfn = DMH_ALIGN_UP(pfn, p2m);
	end_pfn = DMH_ALIGN_DOWN(limit_pfn, p2m);
	if (start_pfn < end_pfn) {
		nr = dmh_x86_save_mr(mr, nr, max, start_pfn, end_pfn, page_size_mask & PG_LEVEL_2M);
		pfn = end_pfn;
	}
	/* tail is not big page (2M) alignment */
	nr = dmh_x86_save_mr(mr, nr, max, pfn, limit_pfn, 0);
	if (nr < 0)
		return nr;

	/* Only before after_bootmem: promote runs whose surroundings are all RAM. */
	for (int i = 0; boot && is_ram && i < nr; i++) {
		if ((page_size_mask & PG_LEVEL_2M) && !(mr[i].leaf_levels & PG_LEVEL_2M) &&
		    is_ram(ctx, DMH_ALIGN_DOWN(mr[i].start, SZ_2M), DMH_ALIGN_UP(mr[i].end, SZ_2M)))
			mr[i].leaf_levels |= PG_LEVEL_2M;
		if ((page_size_mask & PG_LEVEL_1G) && !(mr[i].leaf_levels & PG_LEVEL_1G) &&
		    is_ram(ctx, DMH_ALIGN_DOWN(mr[i].start, SZ_1G), DMH_ALIGN_UP(mr[i].end, SZ_1G)))
			mr[i].leaf_levels |= PG_LEVEL_1G;
	}
	return dmh_x86_merge_mr(mr, nr);
}

/* init_mem_mapping(), after head_64.S built the kernel image's tables */
static int x86_64_boot_map(const struct devmemhp_geometry *geo, const struct devmemhp_phys_range *ram,
			   unsigned int nr_ram, int (*map)(void *ctx, uint64_t start, uint64_t end),
			   int (*table)(void *ctx, uint64_t va, unsigned int level), void *ctx)
{
	/* The kernel image's tables at __START_KERNEL_map, down to its PMD
	 * table: they hold the top of the address space ptdump walks. */
	int rc = table(ctx, 0xffffffff80000000ull, 1);

	return rc ? rc : dmh_x86_init_mem_mapping(geo, ram, nr_ram, map, ctx);
}

const struct devmemhp_arch dmh_arch_x86_64 = {
	.version = DEVMEMHP_ARCH_VERSION,
	.name = "x86_64",
	.description = "x86-64, 4- or 5-level paging, Linux 6.12 (kernel=6.1, 7.2 too)",
	.geometry = &x86_64_geometry,
	.kernels = "6.12,6.1,7.2",
	.caps = DEVMEMHP_ARCH_CAP_VMEMMAP_DEDUP | /* ARCH_WANT_HUGETLB_PAGE_OPTIMIZE_VMEMMAP */
		DEVMEMHP_ARCH_CAP_DEVICE | DEVMEMHP_ARCH_CAP_UNADDRESSABLE | DEVMEMHP_ARCH_CAP_REMOVE |
		DEVMEMHP_ARCH_CAP_MEMMAP_ON_MEMORY | DEVMEMHP_ARCH_CAP_LINEAR_MAP |
		DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN,
	/* QEMU's pc machine with 1 GiB: the layout the oracle recordings start from */
	.default_options = "boot=0x1000-0x9fc00;0x100000-0x3ffe0000",
	.configure = x86_64_configure,
	.probe_block_size = x86_64_probe_block_size,
	.split_linear_range = x86_64_split,
	.boot_map = x86_64_boot_map,
};
