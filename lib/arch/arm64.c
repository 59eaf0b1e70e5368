/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * arm64, 4K granule, 48-bit VA, as Linux 6.1 (Debian 6.1.192) hot-plugs memory:
 *   arch/arm64/mm/mmu.c       arch_add_memory(), arch_get_mappable_range(), map_mem(),
 *                             alloc_init_pud()/init_pmd(), vmemmap_populate(),
 *                             unmap_hotplug_range(), free_empty_tables()
 *   arch/arm64/mm/pageattr.c  can_set_direct_map()
 *   arch/arm64/mm/init.c      arm64_memblock_init(), zone_sizes_init(), max_zone_phys()
 *   arch/arm64/include/asm/{memory,pgtable-hwdef,kernel-pgtable,sparsemem}.h
 *
 * The kernel's table is the TTBR1 one: it translates the top 2^48 bytes
 * (va_prefix), the linear map in their lower half (PAGE_OFFSET = -(1 << 48)),
 * the vmemmap near the top.  The generic split is arm64's own rule:
 * alloc_init_pud() and init_pmd() put a block wherever virtual and physical
 * address and the end are aligned to it, and the linear offset (PAGE_OFFSET -
 * PHYS_OFFSET) is 1 GiB aligned, so physical alignment decides.
 * Contiguous-bit mappings (alloc_init_cont_pte(): 16 x 4K, alloc_init_cont_pmd():
 * 16 x 2M, cont_bits) only set a hint bit in the same entries, so they change
 * no count; NO_CONT_MAPPINGS comes with NO_BLOCK_MAPPINGS.  Boot: map_mem()
 * marks the kernel image [_stext, __init_begin) NOMAP for a while and maps
 * each memblock range around it with the same flags (the generic boot map),
 * then the image's linear alias on its own with NO_CONT_MAPPINGS only: blocks
 * even with rodata_full, never the hint (geometry.kernel_image_leaf_levels;
 * kernel_image= or import give where it is).  crashkernel= (crash_mem_map)
 * and an early KFENCE pool are not modelled.  arm64 has no
 * arch_report_meminfo(): no DirectMap lines.
 */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "options.h"
#include "private.h"
#include "size.h"

#define SZ_1G (1ull << 30)
#define SZ_4G (1ull << 32)
#define VA_BITS 48
#define PAGE_OFFSET (0ull - (1ull << VA_BITS)) /* _PAGE_OFFSET(VA_BITS) */
#define PAGE_END (0ull - (1ull << (VA_BITS - 1))) /* _PAGE_END(VA_BITS_MIN) */
/* VMEMMAP_SHIFT = PAGE_SHIFT - STRUCT_PAGE_MAX_SHIFT = 12 - 6 */
#define VMEMMAP_START (0ull - (1ull << (VA_BITS - 6)))
#define VMEMMAP_END (VMEMMAP_START + ((PAGE_END - PAGE_OFFSET) >> 6))
#define PMD_BLOCK (1u << 1) /* leaf_levels bits */
#define PUD_BLOCK (1u << 2) /* pud_sect_supported(): 4K pages */
/* Option state while options are read, above every real level bit; the
 * final configure() call folds it into leaf_levels. */
#define OPT_RODATA_FULL (1u << 30)
#define OPT_DEBUG_PAGEALLOC (1u << 29)

static const struct devmemhp_geometry arm64_geometry = {
	.size = sizeof(struct devmemhp_geometry),
	.page_shift = 12,
	.levels = 4,                    /* CONFIG_PGTABLE_LEVELS for 4K and 48 bits */
	.level_bits = { 9, 9, 9, 9 },
	.leaf_levels = 1u,              /* rodata_full: pages only (see configure) */
	.free_table_levels = 0x7,       /* free_empty_{pte,pmd,pud}_table(); never the PGD */
	.phys_bits = 64,                /* iomem_resource.end stays -1 (kernel/resource.c) */
	.max_physmem_bits = 48,         /* CONFIG_ARM64_PA_BITS */
	.linear_base = PAGE_OFFSET,
	.linear_size = PAGE_END - PAGE_OFFSET, /* __pa(PAGE_END - 1) is the last reachable */
	.vmemmap_base = VMEMMAP_START,  /* vmemmap = VMEMMAP_START - (memstart_addr >> PAGE_SHIFT) */
	.section_shift = 27,            /* SECTION_SIZE_BITS for 4K pages */
	.subsection_shift = 21,         /* SUBSECTION_SHIFT */
	.struct_page_size = 64,
	.block_size = 0,                /* memory_block_size_bytes(): the generic section */
	.zone_dma_end = SZ_4G,          /* see configure() */
	.zone_dma32_end = SZ_4G,
	.zone_highmem_start = 0,
	.linear_view_end = 0,           /* ptdump: "Linear Mapping end" is PAGE_END */
	.vmemmap_view_end = VMEMMAP_END, /* ptdump: "vmemmap end" */
	.phys_offset = SZ_1G,           /* memstart_addr: QEMU virt's DRAM base */
	.directmap_levels = 0,
	.vmemmap_mode = DEVMEMHP_VMEMMAP_SECTION_PMD,
	.va_prefix = PAGE_OFFSET,       /* TTBR1: every kernel address has bits 63..48 set */
	.cont_bits = { 4, 4 },          /* CONFIG_ARM64_CONT_PTE_SHIFT, _CONT_PMD_SHIFT; see configure */
	/* map_mem(): __map_memblock(pgdp, kernel_start, kernel_end, PAGE_KERNEL,
	 * NO_CONT_MAPPINGS), blocks wherever aligned whatever can_set_direct_map() */
	.kernel_image_leaf_levels = 1u | PMD_BLOCK | PUD_BLOCK,
	.kernel_image_start = 0,        /* none unless kernel_image= or import says */
	.kernel_image_end = 0,
};

/* rodata_full=0|1, debug_pagealloc=0|1, phys_offset=ADDR, kernel_image=START-END, levels=4 */
static int arm64_configure(struct devmemhp_geometry *geo, const char *key, const char *value)
{
	uint64_t addr;
	bool b;

	if (!key) {
		/* can_set_direct_map(): rodata_full or debug_pagealloc give NO_BLOCK_MAPPINGS
		 * to map_mem() and arch_add_memory(); the PMD and PUD blocks otherwise,
		 * and the contiguous hint */
		bool pages = geo->leaf_levels & (OPT_RODATA_FULL | OPT_DEBUG_PAGEALLOC);

		geo->leaf_levels = pages ? 1u : 1u | PMD_BLOCK | PUD_BLOCK;
		/* ... and NO_CONT_MAPPINGS with it */
		geo->cont_bits[0] = geo->cont_bits[1] = pages ? 0 : 4;
		/* zone_sizes_init(): zone_dma_bits = 32 without DT dma-ranges or IORT, and
		 * max_zone_phys(32) gives ZONE_DMA and ZONE_DMA32 the same end, min(4G, end
		 * of DRAM): DMA32 stays empty.  DRAM starting above 4G: all of it is DMA. */
		if (geo->phys_offset >= SZ_4G)
			geo->zone_dma_end = geo->zone_dma32_end = 1ull << geo->max_physmem_bits;
		else
			geo->zone_dma_end = geo->zone_dma32_end = SZ_4G;
		return 0;
	}
	if (strcmp(key, "rodata_full") == 0 || strcmp(key, "debug_pagealloc") == 0) {
		unsigned int bit = key[0] == 'r' ? OPT_RODATA_FULL : OPT_DEBUG_PAGEALLOC;

		if (dmh_parse_bool(value, &b))
			return -EINVAL;
		if (b)
			geo->leaf_levels |= bit;
		else
			geo->leaf_levels &= ~bit;
		return 0;
	}
	if (strcmp(key, "phys_offset") == 0) {
		/* arm64_memblock_init(): memstart_addr = round_down(DRAM start,
		 * ARM64_MEMSTART_ALIGN), PUD_SIZE with 4K pages */
		if (dmh_parse_size(value, &addr) || !DMH_IS_ALIGNED(addr, SZ_1G) ||
		    addr >> geo->max_physmem_bits)
			return -EINVAL;
		geo->phys_offset = addr;
		return 0;
	}
	if (strcmp(key, "kernel_image") == 0) {
		/* [_stext, __init_begin), whole pages; an empty range: none */
		const char *dash = strchr(value, '-');
		char start[32];
		uint64_t end;

		if (!dash || (size_t)(dash - value) >= sizeof(start))
			return -EINVAL;
		memcpy(start, value, (size_t)(dash - value));
		start[dash - value] = '\0';
		if (dmh_parse_size(start, &addr) || dmh_parse_size(dash + 1, &end) || addr > end ||
		    !DMH_IS_ALIGNED(addr, 1ull << geo->page_shift) ||
		    !DMH_IS_ALIGNED(end, 1ull << geo->page_shift) || end >> geo->max_physmem_bits)
			return -EINVAL;
		geo->kernel_image_start = addr < end ? addr : 0;
		geo->kernel_image_end = addr < end ? end : 0;
		return 0;
	}
	if (strcmp(key, "levels") == 0) /* 4K pages and VA_BITS 48 */
		return strcmp(value, "4") ? -EINVAL : 0;
	return -ENOENT;
}

const struct devmemhp_arch dmh_arch_arm64 = {
	.version = DEVMEMHP_ARCH_VERSION,
	.name = "arm64",
	.description = "arm64, 4K pages, 48-bit VA, Linux 6.1 (Debian 6.1.192); rodata_full=1 "
		       "(RODATA_FULL_DEFAULT_ENABLED) maps the linear map with pages, rodata_full=0 "
		       "with 2M/1G blocks; phys_offset= is memstart_addr",
	.geometry = &arm64_geometry,
	.kernels = "6.1",
	/* arch_add_memory() raises max_pfn (6.1.192: "arm64: mm: Correct the update of
	 * max_pfn"), for addressable ZONE_DEVICE memory too; DEVICE_PRIVATE takes
	 * the generic add_pages() and leaves it */
	.caps = DEVMEMHP_ARCH_CAP_DEVICE | DEVMEMHP_ARCH_CAP_UNADDRESSABLE | DEVMEMHP_ARCH_CAP_REMOVE |
		DEVMEMHP_ARCH_CAP_MEMMAP_ON_MEMORY | /* ARCH_MHP_MEMMAP_ON_MEMORY_ENABLE */
		DEVMEMHP_ARCH_CAP_LINEAR_MAP | DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN |
		DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN_DEVICE,
	/* QEMU virt: 2 GiB of DRAM at 0x40000000 */
	.default_options = "boot=0x40000000-0xc0000000,rodata_full=1,debug_pagealloc=0",
	.configure = arm64_configure,
};
