/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * x86 32-bit (HIGHMEM64G with PAE, or HIGHMEM4G without), as Linux 4.9 with
 * the HMM seed patch ("mm/memory/hotplug: convert device parameter bool to set
 * of flags") hot-plugs memory:
 *   arch/x86/mm/init_32.c   arch_add_memory(), arch_remove_memory(),
 *                           kernel_physical_mapping_init(), highmem_pfn_init()
 *   arch/x86/mm/init.c      split_mem_range(), init_mem_mapping(), zone_sizes_init()
 *   arch/x86/mm/pageattr.c  arch_report_meminfo()
 *   arch/x86/include/asm/{pgtable_32_types,sparsemem,page_32_types,fixmap}.h
 *
 * Hot-added RAM goes to ZONE_HIGHMEM and is mapped nowhere: arch_add_memory()
 * is zone_for_memory(.., ZONE_HIGHMEM, ..) and __add_pages(), nothing else.
 */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "options.h"
#include "pgtable.h"
#include "private.h"

#define SZ_1M (1ull << 20)
#define SZ_16M (1ull << 24)
#define PG_LEVEL_2M (1u << 1) /* leaf_levels bit of a PMD leaf: 2M with PAE, 4M without */
#define ISA_END_ADDRESS 0x100000ull
#define NR_RANGE_MR 3 /* init.c: CONFIG_X86_32 */

/*
 * MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE (pgtable_32_types.h),
 * VMALLOC_END = PKMAP_BASE - 2 pages, PKMAP_BASE = (FIXADDR_START - (LAST_PKMAP
 * + 1) pages) & PMD_MASK, FIXADDR_START = 0xfffff000 - the permanent fixmap
 * (about 232 pages with i386_defconfig: 8 CPUs x 20 kmap slots, 64 IO-APICs),
 * __VMALLOC_RESERVE = 128M (pgtable_32.c).  The 3G/1G split, no vmalloc=:
 *   PAE:  PKMAP_BASE 0xffc00000 (LAST_PKMAP 512, 2M PMD) -> 0x37bfe000 (~892M),
 *         the same for any fixmap of up to 510 pages;
 *   2-level: PKMAP_BASE 0xff800000 (LAST_PKMAP 1024, 4M PMD) -> 0x377fe000
 *         (~888M), for any fixmap of up to 1022 pages.
 * ("896M" is 1G - 128M, before the fixmap and pkmap are taken off.)
 */
#define PAGE_OFFSET 0xc0000000ull /* CONFIG_PAGE_OFFSET, VMSPLIT_3G */
#define MAXMEM_PAE 0x37bfe000ull
#define MAXMEM_2LEVEL 0x377fe000ull

static const struct devmemhp_geometry x86_32_geometry = {
	.size = sizeof(struct devmemhp_geometry),
	.page_shift = 12,
	.levels = 3,                  /* PAE: PGD (4 entries), PMD, PTE */
	.level_bits = { 9, 9, 2 },    /* pgtable-3level_types.h */
	.leaf_levels = 1u | PG_LEVEL_2M, /* PSE; no gbpages on 32-bit */
	.free_table_levels = 0,       /* the linear map is never torn down */
	.phys_bits = 36,              /* iomem_resource.end from x86_phys_bits */
	.max_physmem_bits = 36,       /* sparsemem.h: CONFIG_X86_PAE */
	.linear_base = PAGE_OFFSET,
	.linear_size = MAXMEM_PAE,    /* lowmem: max_low_pfn = MAXMEM_PFN */
	.vmemmap_base = 0,            /* classic SPARSEMEM (SPARSEMEM_STATIC), no vmemmap */
	.section_shift = 29,
	.subsection_shift = 29,       /* no subsections in 4.9 */
	/* include/linux/mm_types.h v4.9 on 32-bit without CONFIG_MEMCG: flags,
	 * mapping, index, counters (8), lru (8), private = 32 bytes; MEMCG would
	 * add a pointer (36, 40 aligned) */
	.struct_page_size = 32,
	.block_size = 0,              /* no memory_block_size_bytes() override: a section */
	.zone_dma_end = SZ_16M,       /* MAX_DMA_PFN */
	.zone_dma32_end = 0,          /* ZONE_DMA32 is X86_64 only */
	.zone_highmem_start = MAXMEM_PAE,
	.phys_offset = 0,
	.directmap_levels = 1u | PG_LEVEL_2M, /* DirectMap4k and DirectMap2M/4M */
	.vmemmap_mode = DEVMEMHP_VMEMMAP_SECTION,
};

/* The geometry follows geo->levels: 3 with PAE, 2 without. */
static int x86_32_configure(struct devmemhp_geometry *geo, const char *key, const char *value)
{
	bool b;

	if (!key) {
		const bool pae = geo->levels == 3;

		memset(geo->level_bits, 0, sizeof(geo->level_bits));
		if (pae) {
			geo->level_bits[0] = geo->level_bits[1] = 9;
			geo->level_bits[2] = 2;
		} else { /* pgtable-2level_types.h: 1024 PTEs, 1024 PGD entries (4M) */
			geo->level_bits[0] = geo->level_bits[1] = 10;
			if (geo->phys_bits > 32) /* resource_size_t is 32-bit without PAE */
				geo->phys_bits = 32;
		}
		geo->section_shift = geo->subsection_shift = pae ? 29 : 26;
		geo->max_physmem_bits = pae ? 36 : 32;
		geo->linear_size = geo->zone_highmem_start = pae ? MAXMEM_PAE : MAXMEM_2LEVEL;
		return 0;
	}
	if (strcmp(key, "pae") == 0) {
		if (dmh_parse_bool(value, &b))
			return -EINVAL;
		geo->levels = b ? 3 : 2;
		return 0;
	}
	if (strcmp(key, "levels") == 0) { /* the same choice, said the generic way */
		if (strcmp(value, "2") && strcmp(value, "3"))
			return -EINVAL;
		geo->levels = value[0] - '0';
		return 0;
	}
	return -ENOENT;
}

/* arch/x86/mm/init.c v4.9: split_mem_range() with CONFIG_X86_32, and
 * adjust_range_page_size_mask() */
static int x86_32_split(const struct devmemhp_geometry *geo, uint64_t start, uint64_t end, int boot,
			int (*is_ram)(void *ctx, uint64_t start, uint64_t end), void *ctx,
			struct devmemhp_map_run *mr, unsigned int max)
{
	const uint64_t pmd = dmh_level_size(geo, 1), pmd_pages = pmd >> 12;
	const unsigned int page_size_mask = geo->leaf_levels & PG_LEVEL_2M;
	const uint64_t max_low = geo->phys_offset + geo->linear_size; /* max_low_pfn */
	uint64_t limit_pfn = end >> 12, pfn = start >> 12, start_pfn, end_pfn;
	int nr = 0;

	if (max > NR_RANGE_MR)
		max = NR_RANGE_MR;
	/* head: never a large page in the first 2/4M (fixed-size MTRRs there) */
	start_pfn = pfn;
	end_pfn = pfn == 0 ? pmd_pages : DMH_ALIGN_UP(pfn, pmd_pages);
	if (end_pfn > limit_pfn)
		end_pfn = limit_pfn;
	if (start_pfn < end_pfn) {
		nr = dmh_x86_save_mr(mr, nr, max, start_pfn, end_pfn, 0);
		pfn = end_pfn;
	}
	/* big page range: on 32-bit, up to the last whole PMD */
	start_pfn = DMH_ALIGN_UP(pfn, pmd_pages);
	end_pfn = DMH_ALIGN_DOWN(limit_pfn, pmd_pages);
	if (start_pfn < end_pfn) {
		nr = dmh_x86_save_mr(mr, nr, max, start_pfn, end_pfn, page_size_mask);
		pfn = end_pfn;
	}
	/* tail */
	nr = dmh_x86_save_mr(mr, nr, max, pfn, limit_pfn, 0);
	if (nr < 0)
		return nr;

	/* before after_bootmem: a small run becomes large if its whole PMD is RAM
	 * below max_low_pfn; kernel_physical_mapping_init() then maps the PMD */
	for (int i = 0; boot && is_ram && i < nr; i++) {
		uint64_t s = DMH_ALIGN_DOWN(mr[i].start, pmd), e = DMH_ALIGN_UP(mr[i].end, pmd);

		if (!page_size_mask || (mr[i].leaf_levels & PG_LEVEL_2M) || e > max_low)
			continue;
		if (is_ram(ctx, s, e))
			mr[i].leaf_levels |= PG_LEVEL_2M;
	}
	return dmh_x86_merge_mr(mr, nr);
}

/*
 * init_mem_mapping() v4.9 on 32-bit: the ISA range, then memory_map_top_down()
 * up to max_low_pfn (the library hands over the lowmem RAM only).  Highmem
 * gets no permanent mapping.
 */
static int x86_32_boot_map(const struct devmemhp_geometry *geo, const struct devmemhp_phys_range *ram,
			   unsigned int nr_ram, int (*map)(void *ctx, uint64_t start, uint64_t end),
			   int (*table)(void *ctx, uint64_t va, unsigned int level), void *ctx)
{
	(void)table; /* the kernel image lies in the linear map itself */
	return dmh_x86_init_mem_mapping(geo, ram, nr_ram, map, ctx);
}

/*
 * arch_add_memory() v4.9 + seed patch: zone_for_memory(nid, start, size,
 * ZONE_HIGHMEM, flags & MEMORY_DEVICE) and __add_pages(), no mapping at all,
 * for RAM and device memory alike (devm_memremap_pages() would hand out a
 * __va() that is no mapping above lowmem).  MEMORY_UNADDRESSABLE is BUG():
 * the library refuses it before (no DEVMEMHP_ARCH_CAP_UNADDRESSABLE).
 */
static int x86_32_plan_add(const struct devmemhp_geometry *geo, struct devmemhp_arch_plan *plan,
			   int (*zone_span)(void *ctx, int nid, enum devmemhp_zone zone,
					    uint64_t *start_pfn, uint64_t *end_pfn),
			   void *ctx)
{
	plan->linear_map = 0;
	dmh_zone_for_memory(geo, plan, zone_span, ctx, DEVMEMHP_ZONE_HIGHMEM);
	return 0;
}

const struct devmemhp_arch dmh_arch_x86_32 = {
	.version = DEVMEMHP_ARCH_VERSION,
	.name = "x86_32",
	.description = "x86 32-bit, PAE (pae=0: 2-level), Linux 4.9 with the HMM seed patch "
		       "(hot-added memory is highmem, never mapped)",
	.geometry = &x86_32_geometry,
	.kernels = "4.9",
	/* ARCH_ENABLE_MEMORY_HOTPLUG needs X86_32 && HIGHMEM; MEMORY_HOTREMOVE
	 * follows; arch_remove_memory() is __remove_pages() only.  No max_pfn
	 * update (update_end_of_memory_vars() is init_64.c only). */
	.caps = DEVMEMHP_ARCH_CAP_DEVICE | DEVMEMHP_ARCH_CAP_REMOVE | DEVMEMHP_ARCH_CAP_LINEAR_MAP,
	/* a PC with 2 GiB, so that there is highmem at boot: QEMU's pc layout,
	 * but with RAM up to 2G (QEMU reserves 0x7ffe0000-0x7fffffff for its
	 * tables) so that HighMem ends on a section and a hot-add above it,
	 * once offline, gives the boot spans back (shrink_zone_span() ends a
	 * span at a (sub)section of boot memory, holes included) */
	.default_options = "boot=0x1000-0x9fc00;0x100000-0x80000000",
	.configure = x86_32_configure,
	.split_linear_range = x86_32_split,
	.boot_map = x86_32_boot_map,
	.plan_add = x86_32_plan_add,
};
