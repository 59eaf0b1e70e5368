/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SuperH (SH-4, 32-bit, 29-bit physical addressing), as Linux 4.9 with the
 * HMM seed patch hot-plugs memory:
 *   arch/sh/mm/init.c        arch_add_memory(), arch_remove_memory(), paging_init()
 *   arch/sh/mm/Kconfig       ARCH_ENABLE_MEMORY_HOTPLUG (SPARSEMEM && MMU), PAGE_OFFSET
 *   arch/sh/include/asm/{page,sparsemem}.h
 *
 * The kernel's memory needs no page tables: it is reached through P1, the
 * fixed cached identity segment at PAGE_OFFSET 0x80000000 (paging_init() v4.9:
 * "it is permanatly mapped using P1. So clear the entire pgd"), so
 * arch_add_memory() maps nothing and the model has no linear map.
 */
#include <errno.h>

#include <string.h>

#include "arch.h"

static const struct devmemhp_geometry sh_geometry = {
	.size = sizeof(struct devmemhp_geometry),
	.page_shift = 12,             /* Kconfig default PAGE_SIZE_4KB */
	.levels = 2,                  /* PGDIR_SHIFT 22: 1024 x 1024 x 4K, no X2TLB */
	.level_bits = { 10, 10 },
	.leaf_levels = 1u,
	.free_table_levels = 0,
	.phys_bits = 32,              /* iomem_resource.end = -1 in a 32-bit resource_size_t */
	.max_physmem_bits = 32,       /* sparsemem.h */
	.linear_base = 0x80000000ull, /* CONFIG_PAGE_OFFSET: P1SEG; ___va(x) = x + PAGE_OFFSET */
	.linear_size = 0,             /* no page tables: P1 */
	.vmemmap_base = 0,            /* SPARSEMEM_STATIC, no vmemmap */
	.section_shift = 26,
	.subsection_shift = 26,
	/* mm_types.h v4.9 on 32-bit without CONFIG_MEMCG: 32 bytes */
	.struct_page_size = 32,
	.block_size = 0,              /* the generic section-sized memory block */
	.zone_dma_end = 0,            /* no ZONE_DMA in arch/sh/Kconfig */
	.zone_dma32_end = 0,
	.zone_highmem_start = 0,      /* no HIGHMEM */
	.phys_offset = 0,             /* 29-bit mode: __MEMORY_START is visible in P1 */
	.directmap_levels = 0,
	.vmemmap_mode = DEVMEMHP_VMEMMAP_SECTION,
};

/*
 * arch_add_memory() v4.9 + seed patch: "We only have ZONE_NORMAL", so
 * zone_for_memory(nid, start, size, ZONE_NORMAL, flags & MEMORY_DEVICE), then
 * __add_pages().  MEMORY_UNADDRESSABLE is BUG(): refused by the library
 * before (no DEVMEMHP_ARCH_CAP_UNADDRESSABLE).
 */
static int sh_plan_add(const struct devmemhp_geometry *geo, struct devmemhp_arch_plan *plan,
		       int (*zone_span)(void *ctx, int nid, enum devmemhp_zone zone,
					uint64_t *start_pfn, uint64_t *end_pfn),
		       void *ctx)
{
	dmh_zone_for_memory(geo, plan, zone_span, ctx, DEVMEMHP_ZONE_NORMAL);
	return 0;
}

/* The generic levels= would keep level_bits and make another machine:
 * pgtable-2level.h: sh builds 2-level tables only (no X2TLB in the model). */
static int sh_configure(struct devmemhp_geometry *geo, const char *key, const char *value)
{
	(void)geo;
	if (key && strcmp(key, "levels") == 0)
		return strcmp(value, "2") ? -EINVAL : 0;
	return key ? -ENOENT : 0;
}

const struct devmemhp_arch dmh_arch_sh = {
	.version = DEVMEMHP_ARCH_VERSION,
	.name = "sh",
	.description = "SuperH 32-bit, 4K pages, SPARSEMEM, Linux 4.9 with the HMM seed patch "
		       "(P1 identity segment: no linear-map page tables)",
	.geometry = &sh_geometry,
	.kernels = "4.9",
	/* ARCH_ENABLE_MEMORY_HOTREMOVE; arch_remove_memory() is __remove_pages() */
	.caps = DEVMEMHP_ARCH_CAP_DEVICE | DEVMEMHP_ARCH_CAP_REMOVE,
	/* CONFIG_MEMORY_START 0x0c000000 (rts7751r2d, shx3 defconfigs; QEMU's r2d)
	 * and the default CONFIG_MEMORY_SIZE 0x04000000 */
	.default_options = "boot=0x0c000000-0x10000000",
	.configure = sh_configure,
	.plan_add = sh_plan_add,
};
