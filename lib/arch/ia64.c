/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ia64 (Itanium), as Linux 4.9 with the HMM seed patch hot-plugs memory:
 *   arch/ia64/mm/init.c       arch_add_memory(), arch_remove_memory(), MAX_DMA_ADDRESS
 *   arch/ia64/mm/discontig.c  paging_init() (IA64_GENERIC selects NUMA: DISCONTIGMEM
 *                             or SPARSEMEM)
 *   arch/ia64/include/asm/{page,pgtable,sparsemem}.h, arch/ia64/Kconfig
 *
 * No page tables map the kernel's view of memory: region 7 (PAGE_OFFSET =
 * RGN_BASE(RGN_KERNEL)) is identity-mapped by the alternate DTLB miss handler
 * (arch/ia64/kernel/ivt.S v4.9: alt_dtlb_miss inserts a PAGE_KERNEL translation
 * of the faulting address' own physical bits), so arch_add_memory() builds
 * none and the model has no linear map (and /proc/meminfo no DirectMap lines:
 * arch_report_meminfo() is x86 and s390 only).
 */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "size.h"

#define SZ_4G (1ull << 32)
#define PAGE_OFFSET 0xe000000000000000ull /* RGN_BASE(RGN_KERNEL) */
#define FORCE_MAX_ZONEORDER 17 /* Kconfig: default with HUGETLB_PAGE (defconfigs) */

static const struct devmemhp_geometry ia64_geometry = {
	.size = sizeof(struct devmemhp_geometry),
	.page_shift = 14,             /* Kconfig default IA64_PAGE_SIZE_16KB */
	.levels = 3,                  /* PGTABLE_LEVELS default 3 */
	.level_bits = { 11, 11, 11 }, /* PTRS_PER_PTD_SHIFT = PAGE_SHIFT - 3 */
	.leaf_levels = 1u,
	.free_table_levels = 0,
	.phys_bits = 64,              /* iomem_resource.end stays -1 (kernel/resource.c) */
	.max_physmem_bits = 50,       /* sparsemem.h; IA64_MAX_PHYS_BITS is 50 too */
	.linear_base = PAGE_OFFSET,   /* __va(): + PAGE_OFFSET (region 7) */
	.linear_size = 0,             /* no page tables: see above */
	/* SPARSEMEM_VMEMMAP would map the memmap at VMALLOC_END in region 5 with
	 * base pages (discontig.c: vmemmap_populate_basepages()); its tables hang
	 * off the per-region PGD slices, which this radix model cannot express.
	 * Whole sections only (4.9), so the memmap bytes are the same: classic. */
	.vmemmap_base = 0,
	.section_shift = 30,          /* max(30, FORCE_MAX_ZONEORDER - 1 + PAGE_SHIFT) */
	.subsection_shift = 30,
	/* mm_types.h v4.9 on 64-bit: 56 bytes, 64 with CONFIG_MEMCG (distribution
	 * kernels); the model needs a power of two */
	.struct_page_size = 64,
	.block_size = 0,              /* memory_block_size_bytes(): the generic section */
	.zone_dma_end = SZ_4G,        /* MAX_DMA_ADDRESS = PAGE_OFFSET + 4G; ZONE_DMA if !SGI_SN2 */
	.zone_dma32_end = 0,
	.zone_highmem_start = 0,
	.phys_offset = 0,
	.directmap_levels = 0,
	.vmemmap_mode = DEVMEMHP_VMEMMAP_BASE,
};

/* page_size=4K|8K|16K|64K (IA64_PAGE_SIZE_*), levels=3|4 (PGTABLE_LEVELS) */
static int ia64_configure(struct devmemhp_geometry *geo, const char *key, const char *value)
{
	uint64_t size;

	if (!key) {
		unsigned int order_bits = FORCE_MAX_ZONEORDER - 1 + geo->page_shift;

		/* "int "Page Table Levels" if !IA64_PAGE_SIZE_64KB": 64K pages have 3 */
		if (geo->levels != 3 && (geo->levels != 4 || geo->page_shift == 16))
			return -EINVAL;
		memset(geo->level_bits, 0, sizeof(geo->level_bits));
		for (unsigned int l = 0; l < geo->levels; l++)
			geo->level_bits[l] = geo->page_shift - 3;
		/* sparsemem.h: SECTION_SIZE_BITS raised to MAX_ORDER - 1 + PAGE_SHIFT */
		geo->section_shift = geo->subsection_shift = order_bits > 30 ? order_bits : 30;
		return 0;
	}
	if (strcmp(key, "page_size") == 0) {
		if (dmh_parse_size(value, &size) ||
		    (size != 4096 && size != 8192 && size != 16384 && size != 65536))
			return -EINVAL;
		geo->page_shift = (unsigned int)__builtin_ctzll(size);
		return 0;
	}
	if (strcmp(key, "levels") == 0) {
		if (strcmp(value, "3") && strcmp(value, "4"))
			return -EINVAL;
		geo->levels = value[0] - '0';
		return 0;
	}
	return -ENOENT;
}

/*
 * arch_add_memory() v4.9 + seed patch: zone_for_memory(nid, start, size,
 * ZONE_NORMAL, flags & MEMORY_DEVICE), then __add_pages(); no mapping.
 * MEMORY_UNADDRESSABLE is BUG(): refused by the library before (no
 * DEVMEMHP_ARCH_CAP_UNADDRESSABLE).
 */
static int ia64_plan_add(const struct devmemhp_geometry *geo, struct devmemhp_arch_plan *plan,
			 int (*zone_span)(void *ctx, int nid, enum devmemhp_zone zone,
					  uint64_t *start_pfn, uint64_t *end_pfn),
			 void *ctx)
{
	dmh_zone_for_memory(geo, plan, zone_span, ctx, DEVMEMHP_ZONE_NORMAL);
	return 0;
}

const struct devmemhp_arch dmh_arch_ia64 = {
	.version = DEVMEMHP_ARCH_VERSION,
	.name = "ia64",
	.description = "ia64, 16K pages (page_size=), SPARSEMEM, Linux 4.9 with the HMM seed patch "
		       "(region 7 identity-mapped: no linear-map page tables)",
	.geometry = &ia64_geometry,
	.kernels = "4.9",
	/* ARCH_ENABLE_MEMORY_HOTPLUG and _HOTREMOVE; arch_remove_memory() is
	 * __remove_pages().  No max_pfn update on add. */
	.caps = DEVMEMHP_ARCH_CAP_DEVICE | DEVMEMHP_ARCH_CAP_REMOVE,
	/* an EFI map of a 4 GiB box: legacy RAM below 640K, 2 GiB below the
	 * 32-bit PCI hole, 2 GiB above 4 GiB, so ZONE_DMA and ZONE_NORMAL */
	.default_options = "boot=0-0xa0000;0x100000-0x80000000;0x100000000-0x180000000",
	.configure = ia64_configure,
	.plan_add = ia64_plan_add,
};
