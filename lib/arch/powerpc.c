/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ppc64 (book3s, radix MMU, 64 KiB pages) as Linux 4.9 hot-plugs memory, with
 * the seed patch's flags ("mm/memory/hotplug: convert device parameter bool
 * to set of flags"):
 *   arch/powerpc/mm/mem.c              arch_add_memory(), arch_remove_memory()
 *   arch/powerpc/include/asm/book3s/64/radix{,-64k}.h, asm/sparsemem.h
 *   arch/powerpc/mm/init_64.c          vmemmap_populate(), vmemmap_free()
 *   arch/powerpc/kernel/setup_64.c     memory_block_size_bytes()
 * v4.9's create_section_mapping() is the hash MMU's (hash_utils_64.c): on
 * radix it reaches htab_bolt_mapping() with no hash ops and BUG()s, and
 * radix__vmemmap_remove_mapping() is a FIXME stub.  Radix got its own in 4.11
 * (6cc27341b21a "powerpc/mm: add radix__create_section_mapping()",
 * 4b5d62ca17a1 "...add radix__remove_section_mapping()", "powerpc/mm: unstub
 * radix__vmemmap_remove_mapping()"): the linear map, the vmemmap and their
 * removal follow those here.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"

#define SZ_16M (1ull << 24)
#define PPC_PAGE_OFFSET 0xc000000000000000ull
/* hash-64k.h v4.9: H_PGTABLE_RANGE, 1 << (8 + 5 + 5 + 12 + 16): get_kernel_vsid()
 * is 0 from there on, so v4.9's create_section_mapping() maps nothing beyond */
#define H_PGTABLE_RANGE (1ull << 46)

static const struct devmemhp_geometry powerpc_geometry = {
	.size = sizeof(struct devmemhp_geometry),
	.page_shift = 16,                /* CONFIG_PPC_64K_PAGES */
	.levels = 4,
	.level_bits = { 5, 9, 9, 13 },   /* radix-64k.h: RADIX_{PTE,PMD,PUD,PGD}_INDEX_SIZE */
	.leaf_levels = 0x7,              /* 64K, 2M (PMD) and 1G (PUD) */
	/* remove_pagetable() (4.11): free_pte_table(), free_pmd_table(); a PUD
	 * table is never freed (free_pud_table(): 5.9, commit 9ce8853b4a73) */
	.free_table_levels = 0x3,
	.phys_bits = 64,                 /* iomem_resource.end = -1 (kernel/resource.c) */
	.max_physmem_bits = 46,          /* asm/sparsemem.h v4.9: MAX_PHYSMEM_BITS */
	.linear_base = PPC_PAGE_OFFSET,
	/* radix's own linear region would reach 2^51 (RADIX_KERN_VIRT_START) */
	.linear_size = H_PGTABLE_RANGE,
	.vmemmap_base = 0xc00a000000000000ull, /* radix.h v4.9: RADIX_VMEMMAP_BASE = RADIX_VMALLOC_END */
	.section_shift = 24,             /* SECTION_SIZE_BITS: 16 MiB */
	.subsection_shift = 24,          /* no subsections in 4.9 */
	.struct_page_size = 64,
	.block_size = SZ_16M,            /* MIN_MEMORY_BLOCK_SIZE (see below) */
	/* mem.c v4.9: paging_init() limits ZONE_DMA, DMA32 and NORMAL all to the
	 * top of RAM (limit_zone_pfn(TOP_ZONE, ...)): ZONE_DMA holds everything,
	 * DMA32 (Kconfig: y on PPC64) and Normal stay empty */
	.zone_dma_end = 1ull << 46,
	.zone_dma32_end = 1ull << 46,
	/* no DirectMap lines: powerpc's arch_report_meminfo() came in 4.19 (a2dc009afa9a) */
	.directmap_levels = 0,
	/* vmemmap_populate(): mmu_vmemmap_psize (2M on radix, radix_dt_scan_page_sizes())
	 * chunks, the start aligned down, each mapped whole */
	.vmemmap_mode = DEVMEMHP_VMEMMAP_LARGE,
	.va_prefix = PPC_PAGE_OFFSET, /* quadrant 3: the kernel's radix tree translates EA[51:0] */
};

static int powerpc_configure(struct devmemhp_geometry *geo, const char *key, const char *value)
{
	(void)geo;
	if (!key)
		return 0;
	/* radix-64k.h: 13/9/9/5, nothing else */
	if (strcmp(key, "levels") == 0)
		return strcmp(value, "4") ? -EINVAL : 0;
	return -ENOENT;
}

/*
 * arch/powerpc/mm/mem.c v4.9: arch_add_memory() with the seed patch.
 * The memory block size is MIN_MEMORY_BLOCK_SIZE: pseries_memory_block_size()
 * (platforms/pseries/hotplug-memory.c v4.9) returns it when there is no
 * /ibm,dynamic-reconfiguration-memory and no second /memory node, as on a
 * QEMU pseries guest without maxmem; with them, ibm,lmb-size (256 MiB on
 * QEMU's spapr and PowerVM) or 256 MiB on powernv: give block_size=256M.
 */
static int powerpc_plan_add(const struct devmemhp_geometry *geo, struct devmemhp_arch_plan *plan,
			    int (*zone_span)(void *ctx, int nid, enum devmemhp_zone zone,
					     uint64_t *start_pfn, uint64_t *end_pfn),
			    void *ctx)
{
	uint64_t s, e;

	/* if (flags & MEMORY_UNADDRESSABLE) { BUG(); return -EINVAL; } */
	if (plan->flags & DEVICE_MEMORY_UNADDRESSABLE) {
		snprintf(plan->why, sizeof(plan->why), "BUG(): powerpc takes no unaddressable memory");
		return -EINVAL;
	}
	/* create_section_mapping(__va(start), __va(start) + size) fails: -EFAULT */
	if (plan->end - geo->phys_offset > geo->linear_size) {
		snprintf(plan->why, sizeof(plan->why), "Unable to create mapping for hot added memory "
			 "%#" PRIx64 "..%#" PRIx64 ": -1", geo->linear_base + plan->start,
			 geo->linear_base + plan->end);
		return -EFAULT;
	}
	/* zone_for_memory(nid, start, size, 0, flags & MEMORY_DEVICE) */
	if (plan->flags & DEVICE_MEMORY_DEVICE)
		return 0; /* ZONE_DEVICE */
	/* should_add_memory_movable() is handed __va(start): its pfn is above any
	 * zone start, so a node with a ZONE_MOVABLE always gets ZONE_MOVABLE */
	if (zone_span(ctx, plan->nid, DEVMEMHP_ZONE_MOVABLE, &s, &e) == 0)
		plan->zone = DEVMEMHP_ZONE_MOVABLE;
	else
		plan->zone = DEVMEMHP_ZONE_DMA; /* zone index 0: "should work for most non-highmem platforms" */
	return 0;
}

const struct devmemhp_arch dmh_arch_powerpc = {
	.version = DEVMEMHP_ARCH_VERSION,
	.name = "powerpc",
	.description = "ppc64 book3s, radix MMU, 64 KiB pages, Linux 4.9 with the seed patch "
		       "(radix hot-add and remove as 4.11)",
	.geometry = &powerpc_geometry,
	.kernels = "4.9",
	.caps = DEVMEMHP_ARCH_CAP_DEVICE | DEVMEMHP_ARCH_CAP_REMOVE | DEVMEMHP_ARCH_CAP_LINEAR_MAP,
	/* a QEMU pseries guest with 2 GiB: one memory@0 node */
	.default_options = "boot=0-0x80000000",
	.configure = powerpc_configure,
	/* radix create_physical_mapping() (4.11): 1G where PUD-aligned and the range
	 * covers it, else 2M, else 64K -- the generic split's rule.  6.1 also caps it
	 * at radix_mem_block_size.  v4.9's boot radix_init_pgtable() agrees on 1G-
	 * aligned RAM (the default); elsewhere it skips heads and its 2M entries
	 * land in the PUD slot (radix__map_kernel_page(): ptep = pudp) */
	.split_linear_range = NULL,
	.plan_add = powerpc_plan_add,
};
