/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * riscv64, Sv39/Sv48/Sv57, as Linux 6.11 hot-plugs memory (memory hotplug
 * came in 6.11, Bjorn Topel's series: c75a74f4ba19 "riscv: mm: Add memory
 * hotplugging support"):
 *   arch/riscv/mm/init.c    arch_add_memory(), arch_remove_memory(),
 *                           arch_get_mappable_range(), create_linear_mapping_range(),
 *                           best_map_size(), create_linear_mapping_page_table(),
 *                           remove_pgd_mapping(), pgtable_cache_init(), setup_bootmem(),
 *                           zone_sizes_init(), vmemmap_populate()
 *   arch/riscv/include/asm/{page,pgtable,pgtable-64,kasan,sparsemem}.h, arch/riscv/Kconfig
 *
 * The paging mode is the largest the hardware has (set_satp_mode() probes
 * Sv57, then Sv48, else Sv39; "no5lvl"/"no4lvl" lower it): QEMU's rv64 CPUs
 * have Sv57, the default here.  Addresses are sign-extended from bit
 * VA_BITS - 1 as on x86.  riscv has no arch_report_meminfo(): no DirectMap
 * lines.
 */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "options.h"
#include "pgtable.h"
#include "private.h"

#define SZ_2G (1ull << 31)
#define SZ_4G (1ull << 32)
#define PAGE_OFFSET_L5 0xff60000000000000ull /* CONFIG_PAGE_OFFSET */
#define PAGE_OFFSET_L4 0xffffaf8000000000ull
#define PAGE_OFFSET_L3 0xffffffd600000000ull
#define KERNEL_LINK_ADDR (0ull - SZ_2G)          /* ADDRESS_SPACE_END - SZ_2G + 1 */
#define MODULES_LOWEST_VADDR (KERNEL_LINK_ADDR - SZ_2G)
#define PHYS_RAM_BASE 0x80000000ull              /* QEMU virt's DRAM */

static const struct devmemhp_geometry riscv64_geometry = {
	.size = sizeof(struct devmemhp_geometry),
	.page_shift = 12,
	.levels = 5, /* Sv57; configure() derives the rest from the mode */
	.level_bits = { 9, 9, 9, 9, 9 },
	.leaf_levels = 0xf,
	.free_table_levels = 0x7,
	.phys_bits = 64, /* iomem_resource.end stays -1 (kernel/resource.c) */
	.max_physmem_bits = 56,
	.linear_base = PAGE_OFFSET_L5,
	.linear_size = 0x7f000000000000ull,
	.vmemmap_base = 0xff1c000000000000ull,
	.section_shift = 27,    /* SECTION_SIZE_BITS */
	.subsection_shift = 21, /* SUBSECTION_SHIFT */
	.struct_page_size = 64,
	.block_size = 0,        /* memory_block_size_bytes(): the generic section */
	.zone_dma_end = 0,
	.zone_dma32_end = SZ_4G, /* zone_sizes_init(): dma32_phys_limit = min(4G, end of DRAM) */
	.zone_highmem_start = 0,
	.linear_view_end = 0,
	.vmemmap_view_end = 0xff20000000000000ull,
	/* phys_ram_base = memblock_start_of_DRAM() & PMD_MASK (setup_bootmem());
	 * OpenSBI's no-map reserved memory still counts as DRAM there */
	.phys_offset = PHYS_RAM_BASE,
	.directmap_levels = 0,
	.vmemmap_mode = DEVMEMHP_VMEMMAP_LARGE, /* vmemmap_populate(): vmemmap_populate_hugepages() */
};

/* mode=sv39|sv48|sv57 (levels=3|4|5), debug_pagealloc=0|1 */
static int riscv64_configure(struct devmemhp_geometry *geo, const char *key, const char *value)
{
	static const char *const modes[2][3] = { { "sv39", "sv48", "sv57" }, { "3", "4", "5" } };
	bool b;

	if (!key) {
		const unsigned int levels = geo->levels, va_bits = 12 + 9 * levels;
		const uint64_t pgdir = 1ull << (12 + 9 * (levels - 1));
		const uint64_t page_offset = levels == 5 ? PAGE_OFFSET_L5
					     : levels == 4 ? PAGE_OFFSET_L4 : PAGE_OFFSET_L3;
		/* KERN_VIRT_SIZE: a quarter of the PGD; vmalloc is half of it below PAGE_OFFSET */
		const uint64_t vmalloc_start = page_offset - (128 * pgdir) / 2;
		/* VMEMMAP_SIZE = BIT(VA_BITS - PAGE_SHIFT - 1 + STRUCT_PAGE_MAX_SHIFT) */
		const uint64_t vmemmap_start = vmalloc_start - (1ull << (va_bits - 12 - 1 + 6));
		/* init.c: PAGE_END is KASAN_SHADOW_START, defined with or without KASAN */
		const uint64_t page_end =
			(MODULES_LOWEST_VADDR - (1ull << (va_bits - 1 - 3))) & ~(pgdir - 1);

		if (levels < 3 || levels > 5)
			return -EINVAL;
		memset(geo->level_bits, 0, sizeof(geo->level_bits));
		for (unsigned int l = 0; l < levels; l++)
			geo->level_bits[l] = 9;
		/* best_map_size(): PAGE_SIZE with debug_pagealloc; else PMD, PUD with
		 * pgtable_l4_enabled, P4D with pgtable_l5_enabled: never the PGD */
		if (geo->leaf_levels != 1u)
			geo->leaf_levels = (1u << (levels - 1)) - 1;
		/* remove_pgd_mapping(): PTE tables are freed, PMD tables only with
		 * pgtable_l4_enabled, PUD tables only with pgtable_l5_enabled: never
		 * the tables right under the PGD (pgtable_cache_init() made them) */
		geo->free_table_levels = (1u << (levels - 2)) - 1;
		geo->linear_base = page_offset;
		geo->linear_size = page_end - page_offset;
		geo->vmemmap_base = vmemmap_start;
		geo->vmemmap_view_end = vmalloc_start; /* VMEMMAP_END */
		/* MAX_PHYSMEM_BITS is 56 in every mode, but VMEMMAP_SIZE holds the
		 * struct pages of 2^(VA_BITS - 1) bytes only: Sv39 and Sv48 stop sparse
		 * memory there, so no memmap lands outside the vmemmap */
		geo->max_physmem_bits = levels == 5 ? 56 : va_bits - 1;
		return 0;
	}
	if (strcmp(key, "mode") == 0 || strcmp(key, "levels") == 0) {
		const char *const *names = modes[key[0] == 'l'];

		for (unsigned int i = 0; i < 3; i++)
			if (strcmp(value, names[i]) == 0) {
				geo->levels = 3 + i;
				return 0;
			}
		return -EINVAL;
	}
	if (strcmp(key, "debug_pagealloc") == 0) {
		if (dmh_parse_bool(value, &b))
			return -EINVAL;
		geo->leaf_levels = b ? 1u : 0xfu; /* the mode's leaves: see above */
		return 0;
	}
	return -ENOENT;
}

/*
 * create_linear_mapping_range(start, end, 0, &pgprot): best_map_size(pa, va,
 * end - pa) at each step, the largest leaf both pa and va are aligned to that
 * fits.  That is the generic split, but for leaves the linear offset
 * (PAGE_OFFSET - phys_ram_base) is not aligned to: they never fit (P4D
 * leaves in Sv57 with DRAM at 2G).
 */
static int riscv64_split(const struct devmemhp_geometry *geo, uint64_t start, uint64_t end,
			 int boot, int (*is_ram)(void *ctx, uint64_t start, uint64_t end), void *ctx,
			 struct devmemhp_map_run *runs, unsigned int max)
{
	struct devmemhp_geometry g = *geo;
	const uint64_t offset = geo->linear_base - geo->phys_offset;

	(void)boot;
	(void)is_ram;
	(void)ctx;
	for (unsigned int l = 1; l < geo->levels; l++)
		if (!DMH_IS_ALIGNED(offset, dmh_level_size(geo, l)))
			g.leaf_levels &= ~(1u << l);
	return dmh_arch_default_split(&g, start, end, runs, max);
}

/* pgtable_cache_init() -> preallocate_pgd_pages_range(): the table under each
 * PGD entry of [start, end) */
static int preallocate(const struct devmemhp_geometry *geo, uint64_t start, uint64_t end,
		       int (*table)(void *ctx, uint64_t va, unsigned int level), void *ctx)
{
	const uint64_t pgdir = dmh_level_size(geo, geo->levels - 1);
	int rc = 0;

	for (uint64_t va = start; !rc && va < end && va >= start; va = DMH_ALIGN_UP(va + 1, pgdir))
		rc = table(ctx, va, geo->levels - 2);
	return rc;
}

/*
 * setup_vm_final() -> create_linear_mapping_page_table(): each memblock range
 * through create_linear_mapping_range().  The kernel text and rodata, taken
 * out and mapped on their own so no PUD covers them, are not modelled.  Then,
 * with MEMORY_HOTPLUG, pgtable_cache_init() preallocates the tables under
 * the PGD for the vmemmap and the whole direct map.
 */
static int riscv64_boot_map(const struct devmemhp_geometry *geo,
			    const struct devmemhp_phys_range *ram, unsigned int nr_ram,
			    int (*map)(void *ctx, uint64_t start, uint64_t end),
			    int (*table)(void *ctx, uint64_t va, unsigned int level), void *ctx)
{
	int rc = 0;

	for (unsigned int i = 0; i < nr_ram && !rc; i++)
		rc = map(ctx, ram[i].start, ram[i].end);
	if (!rc)
		rc = preallocate(geo, geo->vmemmap_base, geo->vmemmap_view_end, table, ctx);
	if (!rc)
		rc = preallocate(geo, geo->linear_base, geo->linear_base + geo->linear_size, table, ctx);
	return rc;
}

const struct devmemhp_arch dmh_arch_riscv64 = {
	.version = DEVMEMHP_ARCH_VERSION,
	.name = "riscv64",
	.description = "riscv64, 4K pages, Sv57 (mode=sv39|sv48|sv57), Linux 6.11; debug_pagealloc=1 "
		       "maps the linear map with pages",
	.geometry = &riscv64_geometry,
	.kernels = "6.11",
	/* arch_add_memory() sets max_pfn = PFN_UP(start + size), addressable
	 * ZONE_DEVICE memory included; DEVICE_PRIVATE takes add_pages() */
	.caps = DEVMEMHP_ARCH_CAP_DEVICE | DEVMEMHP_ARCH_CAP_UNADDRESSABLE | DEVMEMHP_ARCH_CAP_REMOVE |
		DEVMEMHP_ARCH_CAP_MEMMAP_ON_MEMORY | /* ARCH_MHP_MEMMAP_ON_MEMORY_ENABLE */
		DEVMEMHP_ARCH_CAP_LINEAR_MAP | DEVMEMHP_ARCH_CAP_SET_MAX_PFN |
		DEVMEMHP_ARCH_CAP_VMEMMAP_DEDUP, /* ARCH_WANT_OPTIMIZE_DAX_VMEMMAP */
	/* QEMU virt, 2 GiB at 0x80000000, from the kernel's load address
	 * (FW_JUMP_ADDR 0x80200000): OpenSBI's no-map reservation at the start of
	 * DRAM is smaller and firmware-dependent, the model leaves out all 2 MiB */
	.default_options = "boot=0x80200000-0x100000000",
	.configure = riscv64_configure,
	.split_linear_range = riscv64_split,
	.boot_map = riscv64_boot_map,
};
