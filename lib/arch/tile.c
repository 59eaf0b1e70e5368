/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * TILE-Gx (tilegx, 64-bit), as Linux 4.9 with the HMM seed patch would
 * hot-plug memory:
 *   arch/tile/mm/init.c                 arch_add_memory(), arch_remove_memory()
 *   arch/tile/kernel/setup.c            zone_sizes_init()
 *   arch/tile/include/asm/{page,pgtable_64}.h, hv/hypervisor.h, arch/tile/Kconfig
 *
 * arch_add_memory(u64 start, u64 size, bool for_device) has no node: the pages
 * go to contig_page_data (node 0) in its last zone, node_zones + MAX_NR_ZONES-1
 * ("always add memory to the highmem for now").  It is dead code in 4.9: it is
 * built only without CONFIG_NEED_MULTIPLE_NODES, tile forces NUMA on
 * DISCONTIGMEM, has no ARCH_ENABLE_MEMORY_HOTPLUG, and it calls a 3-argument
 * __add_pages() that no longer exists.  The model runs it as written.
 *
 * No linear map is modelled: lowmem is mapped at boot with huge (16M) PTEs the
 * hypervisor walks, with per-page homecaching bits, and arch_add_memory() adds
 * no mapping at all, so a hot-add changes no page table; tile has no
 * arch_report_meminfo(), so /proc/meminfo has no DirectMap lines either.
 */
#include <errno.h>

#include <string.h>

#include "arch.h"

#define SZ_4G (1ull << 32)
#define PAGE_OFFSET 0xfffffe0000000000ull /* -(1 << (CHIP_VA_WIDTH() - 1)), 42-bit VA */

static const struct devmemhp_geometry tile_geometry = {
	.size = sizeof(struct devmemhp_geometry),
	.page_shift = 16,             /* Kconfig default PAGE_SIZE_64KB */
	.levels = 3,
	/* pgtable_64.h: PTRS_PER_PTE 2^(HPAGE_SHIFT 24 - 16), PTRS_PER_PMD
	 * 2^(HV_LOG2_L1_SPAN 32 - 24), PTRS_PER_PGD 2^(42 - 32) */
	.level_bits = { 8, 8, 10 },
	.leaf_levels = 1u | (1u << 1), /* 16M huge pages at the PMD */
	.free_table_levels = 0,
	.phys_bits = 64,              /* iomem_resource.end stays -1 (kernel/resource.c) */
	/* DISCONTIGMEM has no MAX_PHYSMEM_BITS: CHIP_PA_WIDTH() is the limit */
	.max_physmem_bits = 40,
	.linear_base = PAGE_OFFSET,   /* !HIGHMEM: phys_to_virt() is + PAGE_OFFSET */
	.linear_size = 0,
	.vmemmap_base = 0,            /* DISCONTIGMEM: a node_mem_map per node */
	/*
	 * DISCONTIGMEM has no sections; the model's bookkeeping unit (and so the
	 * add alignment and the memory block) is 16M: HPAGE_SIZE, the unit of the
	 * kernel's lowmem mapping, and MAX_ORDER - 1 + PAGE_SHIFT (page.h:
	 * FORCE_MAX_ZONEORDER = HPAGE_SHIFT - PAGE_SHIFT + 1), the smallest
	 * SECTION_SIZE_BITS SPARSEMEM would accept.
	 */
	.section_shift = 24,
	.subsection_shift = 24,
	/* mm_types.h v4.9 on 64-bit: 56 bytes, 64 with CONFIG_MEMCG; the model
	 * needs a power of two */
	.struct_page_size = 64,
	.block_size = 0,
	/* Kconfig: ZONE_DMA def_bool y, HIGHMEM default !TILEGX; setup.c:
	 * zone_sizes_init(): dma_end = 1 << (32 - PAGE_SHIFT) pfns */
	.zone_dma_end = SZ_4G,
	.zone_dma32_end = 0,
	.zone_highmem_start = 0,
	.phys_offset = 0,
	.directmap_levels = 0,
	.vmemmap_mode = DEVMEMHP_VMEMMAP_SECTION,
};

/*
 * Node 0 whatever was asked.  The zone is MAX_NR_ZONES-1 of tilegx's zones in
 * 4.9 (include/linux/mmzone.h: DMA, NORMAL, MOVABLE; no HIGHMEM on tilegx and
 * no ZONE_DEVICE, which "depends on X86_64" in mm/Kconfig): ZONE_MOVABLE, for
 * every add - there is no zone_for_memory() call.  Device memory the library
 * still puts in ZONE_DEVICE, as the seed patch's premise has it (with
 * CONFIG_ZONE_DEVICE, MAX_NR_ZONES-1 would be ZONE_DEVICE, for RAM too).
 * MEMORY_UNADDRESSABLE is BUG() in the seed patch: refused by the library
 * before (no DEVMEMHP_ARCH_CAP_UNADDRESSABLE).
 */
static int tile_plan_add(const struct devmemhp_geometry *geo, struct devmemhp_arch_plan *plan,
			 int (*zone_span)(void *ctx, int nid, enum devmemhp_zone zone,
					  uint64_t *start_pfn, uint64_t *end_pfn),
			 void *ctx)
{
	(void)geo;
	(void)zone_span;
	(void)ctx;
	plan->nid = 0; /* &contig_page_data */
	if (!(plan->flags & DEVICE_MEMORY_DEVICE))
		plan->zone = DEVMEMHP_ZONE_MOVABLE;
	return 0;
}

/* The generic levels= would keep level_bits and make another machine:
 * tilegx: three levels (pgtable_64.h). */
static int tile_configure(struct devmemhp_geometry *geo, const char *key, const char *value)
{
	(void)geo;
	if (key && strcmp(key, "levels") == 0)
		return strcmp(value, "3") ? -EINVAL : 0;
	return key ? -ENOENT : 0;
}

const struct devmemhp_arch dmh_arch_tile = {
	.version = DEVMEMHP_ARCH_VERSION,
	.name = "tile",
	.description = "TILE-Gx, 64K pages, DISCONTIGMEM (16M bookkeeping sections), Linux 4.9 "
		       "with the HMM seed patch (hot-added memory: node 0, last zone, no remove)",
	.geometry = &tile_geometry,
	.kernels = "4.9",
	/* arch_remove_memory(): "TODO", return -EBUSY: no DEVMEMHP_ARCH_CAP_REMOVE */
	.caps = DEVMEMHP_ARCH_CAP_DEVICE,
	/* 8 GiB on memory controller 0 (PA high bits 0): ZONE_DMA below 4 GiB,
	 * ZONE_NORMAL above */
	.default_options = "boot=0-0x200000000",
	.configure = tile_configure,
	.plan_add = tile_plan_add,
};
