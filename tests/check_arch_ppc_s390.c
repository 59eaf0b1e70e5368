/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The powerpc (ppc64 radix, 64 KiB pages) and s390 backends, both Linux 4.9
 * with the seed patch: geometry, boot state, the linear-map leaves of hot-adds,
 * page-table pages, memmap, zones fixed at add time, memory blocks, and what
 * each refuses (-EFAULT, -ERANGE, -EBUSY, -EINVAL).
 */
#include "testutil.h"

#define PPC_BASE 0xc000000000000000ull    /* PAGE_OFFSET */
#define PPC_VMEMMAP 0xc00a000000000000ull /* RADIX_VMEMMAP_BASE (v4.9) */
#define S390_VMEMMAP 0x400000000000ull    /* 1 << MAX_PHYSMEM_BITS */
#define KERNEL_PROT (DEVMEMHP_PROT_RW | DEVMEMHP_PROT_NX | DEVMEMHP_PROT_GLOBAL)

/* ---- helpers ------------------------------------------------------------------ */

/* Run i is [va, va_end) of 2^shift leaves mapping pa. */
#define RUN(l, i, va_, va_end_, pa_, shift_)                                              \
	do {                                                                              \
		ck_assert_uint_eq((l).v[i].va, (va_));                                    \
		ck_assert_uint_eq((l).v[i].va_end, (va_end_));                            \
		ck_assert_uint_eq((l).v[i].pa, (pa_));                                    \
		ck_assert_uint_eq((l).v[i].page_shift, (shift_));                         \
		ck_assert_uint_eq((l).v[i].prot, KERNEL_PROT);                            \
	} while (0)

/* The dump without the Device zone's line: ZONE_DEVICE spans never shrink. */
static char *without_device_zone(char *dump)
{
	char *line = strstr(dump, "zone 0 Device "), *nl;

	if (line && (nl = strchr(line, '\n')))
		memmove(line, nl + 1, strlen(nl + 1) + 1);
	return dump;
}

static void assert_zone(struct devmemhp_machine *m, enum devmemhp_zone zone, uint64_t start_pfn,
			uint64_t spanned, uint64_t present)
{
	struct devmemhp_zone_info z = tu_zone(m, 0, zone);

	ck_assert_uint_eq(z.start_pfn, start_pfn);
	ck_assert_uint_eq(z.spanned, spanned);
	ck_assert_uint_eq(z.present, present);
	ck_assert_uint_eq(z.managed, present);
}

static void assert_tables(const uint64_t *got, uint64_t l0, uint64_t l1, uint64_t l2, uint64_t l3)
{
	ck_assert_uint_eq(got[0], l0);
	ck_assert_uint_eq(got[1], l1);
	ck_assert_uint_eq(got[2], l2);
	ck_assert_uint_eq(got[3], l3);
	ck_assert_uint_eq(got[4], 0);
}

/* Every block of [start, start + size) is offline in `zone`: its first valid
 * zone (v4.9 show_valid_zones(): the zone of the block's pages first). */
static void assert_fixed_blocks(struct devmemhp_machine *m, uint64_t start, uint64_t size,
				uint64_t bs, enum devmemhp_zone zone)
{
	for (uint64_t id = start / bs; id < (start + size) / bs; id++) {
		struct devmemhp_memory_block b = tu_block(m, id);

		ck_assert_int_eq(b.online, 0);
		ck_assert_uint_ge(b.nr_valid_zones, 1);
		ck_assert_int_eq(b.valid_zones[0], zone);
		ck_assert_int_eq(b.early, 0);
	}
}

/* Block id's valid zones, in order. */
static void assert_valid_zones(struct devmemhp_machine *m, uint64_t id, unsigned int n,
			       const enum devmemhp_zone *want)
{
	struct devmemhp_memory_block b = tu_block(m, id);

	ck_assert_uint_eq(b.nr_valid_zones, n);
	for (unsigned int i = 0; i < n; i++)
		ck_assert_int_eq(b.valid_zones[i], want[i]);
}

/* ---- powerpc ---------------------------------------------------------------------- */

START_TEST(test_ppc_defaults)
{
	struct devmemhp_machine *m = tu_machine("powerpc", NULL);
	struct devmemhp_geometry g = { .size = sizeof(g) };
	struct devmemhp_stats st = tu_stats(m);
	struct devmemhp_memory_block b;
	struct tu_map_list l = { 0 };

	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	ck_assert_uint_eq(g.page_shift, 16);
	ck_assert_uint_eq(g.levels, 4);
	ck_assert_uint_eq(g.level_bits[0], 5);
	ck_assert_uint_eq(g.level_bits[1], 9);
	ck_assert_uint_eq(g.level_bits[2], 9);
	ck_assert_uint_eq(g.level_bits[3], 13);
	ck_assert_uint_eq(g.leaf_levels, 0x7);
	ck_assert_uint_eq(g.free_table_levels, 0x3);
	ck_assert_uint_eq(g.phys_bits, 64);
	ck_assert_uint_eq(g.max_physmem_bits, 46);
	ck_assert_uint_eq(g.linear_base, PPC_BASE);
	ck_assert_uint_eq(g.linear_size, 1ull << 46);
	ck_assert_uint_eq(g.vmemmap_base, PPC_VMEMMAP);
	ck_assert_uint_eq(g.section_shift, 24);
	ck_assert_uint_eq(g.subsection_shift, 24);
	ck_assert_uint_eq(g.struct_page_size, 64);
	ck_assert_uint_eq(g.block_size, 16 * MiB);
	ck_assert_uint_eq(g.zone_dma_end, 1ull << 46);
	ck_assert_uint_eq(g.zone_dma32_end, 1ull << 46);
	ck_assert_uint_eq(g.zone_highmem_start, 0);
	ck_assert_uint_eq(g.phys_offset, 0);
	ck_assert_uint_eq(g.directmap_levels, 0);
	ck_assert_uint_eq(g.vmemmap_mode, DEVMEMHP_VMEMMAP_LARGE);
	ck_assert_uint_eq(g.va_prefix, PPC_BASE);
	/* all of the 2 GiB in ZONE_DMA (32768 pages of 64 KiB), DMA32 and Normal empty */
	assert_zone(m, DEVMEMHP_ZONE_DMA, 0, 32768, 32768);
	assert_zone(m, DEVMEMHP_ZONE_DMA32, 0, 0, 0);
	assert_zone(m, DEVMEMHP_ZONE_NORMAL, 0, 0, 0);
	assert_zone(m, DEVMEMHP_ZONE_MOVABLE, 0, 0, 0);
	/* 128 blocks of 16 MiB */
	ck_assert_uint_eq(st.memory_blocks, 128);
	ck_assert_uint_eq(st.memory_blocks_online, 128);
	ck_assert_uint_eq(st.block_size, 16 * MiB);
	b = tu_block(m, 127);
	ck_assert_int_eq(b.zone, DEVMEMHP_ZONE_DMA);
	ck_assert_int_eq(b.removable, 1);
	/* the linear map: two 1G leaves in one PUD table */
	free(l.v);
	l = tu_mappings(m, DEVMEMHP_MAP_LINEAR, 0, UINT64_MAX);
	ck_assert_uint_eq(l.n, 1);
	RUN(l, 0, PPC_BASE, PPC_BASE + 2 * GiB, 0, 30);
	ck_assert_uint_eq(st.direct_map_leaves[2], 2);
	ck_assert_uint_eq(st.direct_map_bytes[2], 2 * GiB);
	assert_tables(st.direct_map_table_pages, 0, 0, 1, 0);
	/* 2 GiB of 64K pages: 32768 struct pages = one 2M vmemmap leaf */
	free(l.v);
	l = tu_mappings(m, DEVMEMHP_MAP_VMEMMAP, 0, UINT64_MAX);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_uint_eq(l.v[0].va, PPC_VMEMMAP);
	ck_assert_uint_eq(l.v[0].va_end, PPC_VMEMMAP + 2 * MiB);
	ck_assert_uint_eq(l.v[0].page_shift, 21);
	assert_tables(st.vmemmap_table_pages, 0, 1, 0, 0);
	ck_assert_uint_eq(st.memmap_bytes, 2 * MiB);
	ck_assert_uint_eq(st.max_pfn, 32768);
	ck_assert_uint_eq(st.high_memory, PPC_BASE + 2 * GiB);
	/* no arch_report_meminfo() in 4.9: no DirectMap lines */
	tu_expect_view(m, DEVMEMHP_VIEW_MEMINFO, "MemTotal:        2097152 kB\n" "MemFree:         2097152 kB\n");
	tu_expect_view(m, DEVMEMHP_VIEW_IOMEM, "00000000-7fffffff : System RAM\n");
	/* quadrant-3 addresses in the page-table dump */
	tu_expect_view(m, DEVMEMHP_VIEW_PTDUMP,
		    "---[ Low Kernel Mapping ]---\n"
		    "0xc000000000000000-0xc000000080000000           2G     RW         PSE     "
		    "GLB NX pud\n"
		    "0xc000000080000000-0xc000008000000000         510G                            "
		    "   pud\n"
		    "0xc000008000000000-0xc000400000000000       65024G                            "
		    "   pgd\n"
		    "---[ Vmemmap ]---\n"
		    "0xc00a000000000000-0xc00a000000200000           2M     RW         PSE     "
		    "GLB NX pmd\n"
		    "0xc00a000000200000-0xc00a000040000000        1022M                            "
		    "   pmd\n"
		    "0xc00a000040000000-0xc00a001000000000          63G                            "
		    "   pud\n");
	/* levels are radix-64k.h's */
	ck_assert_int_eq(devmemhp_machine_new("powerpc", "levels=3", &(struct devmemhp_machine *){ 0 }),
			 -EINVAL);
	devmemhp_machine_unref(m);
	free(l.v);
}
END_TEST

/* A 1 GiB-aligned GiB: one 1G leaf, in ZONE_DMA (zone index 0). */
START_TEST(test_ppc_add_1g)
{
	struct devmemhp_machine *m = tu_machine("powerpc", NULL);
	struct devmemhp_stats a = tu_stats(m), b;
	struct devmemhp_page_info pi = { .size = sizeof(pi) };
	unsigned int shift = 0;
	struct tu_map_list l = { 0 };
	uint64_t pa = 0;

	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	b = tu_stats(m);
	free(l.v);
	l = tu_mappings(m, DEVMEMHP_MAP_LINEAR, 0, UINT64_MAX);
	ck_assert_uint_eq(l.n, 2);
	RUN(l, 1, PPC_BASE + 4 * GiB, PPC_BASE + 5 * GiB, 4 * GiB, 30);
	ck_assert_uint_eq(b.direct_map_leaves[2] - a.direct_map_leaves[2], 1);
	ck_assert_uint_eq(b.direct_map_leaves[1], 0);
	ck_assert_uint_eq(b.direct_map_leaves[0], 0);
	assert_tables(b.direct_map_table_pages, 0, 0, 1, 0); /* the boot PUD table holds it */
	/* 16384 struct pages (1 MiB) in a new 2M leaf at vmemmap + 4M */
	free(l.v);
	l = tu_mappings(m, DEVMEMHP_MAP_VMEMMAP, 0, UINT64_MAX);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_uint_eq(l.v[1].va, PPC_VMEMMAP + 4 * MiB);
	ck_assert_uint_eq(l.v[1].va_end, PPC_VMEMMAP + 6 * MiB);
	ck_assert_uint_eq(b.memmap_bytes - a.memmap_bytes, 2 * MiB);
	assert_tables(b.vmemmap_table_pages, 0, 1, 0, 0);
	/* 64 blocks, fixed to DMA when added; no max_pfn update in 4.9 */
	ck_assert_uint_eq(b.memory_blocks, 128 + 64);
	ck_assert_uint_eq(b.memory_blocks_online, 128);
	assert_fixed_blocks(m, 4 * GiB, GiB, 16 * MiB, DEVMEMHP_ZONE_DMA);
	ck_assert_uint_eq(b.max_pfn, a.max_pfn);
	ck_assert_uint_eq(b.present_bytes - a.present_bytes, GiB);
	/* the zone it was added to; the block that ends DMA could move up to
	 * Normal or Movable, past DMA32 and Normal that never held memory (v4.9
	 * zone_can_shift(), show_valid_zones()) */
	assert_valid_zones(m, 256, 1, (const enum devmemhp_zone[]){ DEVMEMHP_ZONE_DMA });
	assert_valid_zones(m, 319, 3,
			   (const enum devmemhp_zone[]){ DEVMEMHP_ZONE_DMA, DEVMEMHP_ZONE_NORMAL,
							 DEVMEMHP_ZONE_MOVABLE });
	OP(m, devmemhp_online_memory(m, 4 * GiB, GiB, DEVMEMHP_ZONE_AUTO), 0);
	ck_assert_int_eq(tu_block(m, 256).zone, DEVMEMHP_ZONE_DMA);
	assert_zone(m, DEVMEMHP_ZONE_DMA, 0, 81920, 49152);
	assert_zone(m, DEVMEMHP_ZONE_NORMAL, 0, 0, 0);
	ck_assert_int_eq(devmemhp_page_info(m, (4 * GiB) >> 16, &pi), 0);
	ck_assert_int_eq(pi.zone, DEVMEMHP_ZONE_DMA);
	ck_assert_uint_eq(pi.linear_va, PPC_BASE + 4 * GiB);
	ck_assert_uint_eq(pi.linear_page_shift, 30);
	ck_assert_uint_eq(pi.memmap_va, PPC_VMEMMAP + 4 * MiB);
	/* quadrant 3 translates; the same offset in quadrant 0 is no kernel address */
	OP(m, devmemhp_virt_to_phys(m, PPC_BASE + 4 * GiB + 0x1234, &pa, &shift), 0);
	ck_assert_uint_eq(pa, 4 * GiB + 0x1234);
	ck_assert_uint_eq(shift, 30);
	OP_ERR(m, devmemhp_virt_to_phys(m, PPC_BASE + 3 * GiB, &pa, &shift), -EFAULT, "not mapped");
	OP_ERR(m, devmemhp_virt_to_phys(m, 4 * GiB, &pa, &shift), -EFAULT, "neither");
	tu_expect_view(m, DEVMEMHP_VIEW_MEMINFO, "MemTotal:        3145728 kB\n" "MemFree:         3143680 kB\n");
	devmemhp_machine_unref(m);
	free(l.v);
}
END_TEST

/* 16 MiB: eight 2M leaves in a new PMD table; 1.5 GiB from 3.5 GiB: 2M, then 1G. */
START_TEST(test_ppc_add_2m)
{
	struct devmemhp_machine *m = tu_machine("powerpc", NULL);
	struct devmemhp_stats a = tu_stats(m), b, c;
	struct tu_map_list l = { 0 };
	uint64_t va;

	OP(m, devmemhp_add_memory(m, 0, 8 * GiB, 16 * MiB, 0), 0);
	b = tu_stats(m);
	free(l.v);
	l = tu_mappings(m, DEVMEMHP_MAP_LINEAR, 0, UINT64_MAX);
	ck_assert_uint_eq(l.n, 2);
	RUN(l, 1, PPC_BASE + 8 * GiB, PPC_BASE + 8 * GiB + 16 * MiB, 8 * GiB, 21);
	ck_assert_uint_eq(b.direct_map_leaves[1], 8);
	ck_assert_uint_eq(b.direct_map_bytes[1], 16 * MiB);
	assert_tables(b.direct_map_table_pages, 0, 1, 1, 0);
	/* 256 struct pages (16 KiB) still cost a whole 2M leaf, at vmemmap + 8M */
	ck_assert_uint_eq(b.memmap_bytes - a.memmap_bytes, 2 * MiB);
	free(l.v);
	l = tu_mappings(m, DEVMEMHP_MAP_VMEMMAP, 0, UINT64_MAX);
	ck_assert_uint_eq(l.v[1].va, PPC_VMEMMAP + 8 * MiB);
	ck_assert_uint_eq(b.memory_blocks, 129);
	assert_fixed_blocks(m, 8 * GiB, 16 * MiB, 16 * MiB, DEVMEMHP_ZONE_DMA);
	OP(m, devmemhp_phys_to_virt(m, 8 * GiB + 16 * MiB - 1, &va), 0);
	ck_assert_uint_eq(va, PPC_BASE + 8 * GiB + 16 * MiB - 1);
	/* [3.5G, 4G) in 256 2M leaves (a PMD table), [4G, 5G) one 1G leaf */
	OP(m, devmemhp_add_memory(m, 0, 3584 * MiB, 1536 * MiB, 0), 0);
	c = tu_stats(m);
	free(l.v);
	l = tu_mappings(m, DEVMEMHP_MAP_LINEAR, 0, UINT64_MAX);
	ck_assert_uint_eq(l.n, 4);
	RUN(l, 1, PPC_BASE + 3584 * MiB, PPC_BASE + 4 * GiB, 3584 * MiB, 21);
	RUN(l, 2, PPC_BASE + 4 * GiB, PPC_BASE + 5 * GiB, 4 * GiB, 30);
	ck_assert_uint_eq(c.direct_map_leaves[1] - b.direct_map_leaves[1], 256);
	ck_assert_uint_eq(c.direct_map_leaves[2] - b.direct_map_leaves[2], 1);
	assert_tables(c.direct_map_table_pages, 0, 2, 1, 0);
	/* the memmap of [3.5G, 5G) is vmemmap + [3.5M, 5M): the 2M leaves at 2M and 4M */
	ck_assert_uint_eq(c.memmap_bytes - b.memmap_bytes, 4 * MiB);
	ck_assert_uint_eq(c.memory_blocks - b.memory_blocks, 96);
	devmemhp_machine_unref(m);
	free(l.v);
}
END_TEST

/* Remove: the machine is back where it booted (a plain add_memory(): 4.9 has
 * no memory groups). */
START_TEST(test_ppc_remove)
{
	struct devmemhp_machine *m = tu_machine("powerpc", NULL);
	struct devmemhp_add_params p = { .size = sizeof(p), .start = 4 * GiB, .length = GiB,
					 .options = DEVMEMHP_ADD_NO_GROUP };
	struct devmemhp_stats a = tu_stats(m), b;
	char *boot = tu_dump(m), *now;

	OP(m, devmemhp_add_memory_ex(m, &p), 0);
	OP(m, devmemhp_online_memory(m, 4 * GiB, GiB, DEVMEMHP_ZONE_AUTO), 0);
	OP_ERR(m, devmemhp_remove_memory(m, 4 * GiB, GiB, 0), -EBUSY, "is onlined");
	OP(m, devmemhp_offline_memory(m, 4 * GiB, GiB), 0);
	OP(m, devmemhp_remove_memory(m, 4 * GiB, GiB, 0), 0);
	now = tu_dump(m);
	ck_assert_str_eq(now, boot);
	free(now);
	/* in a new PGD slot (512 GiB each): its PMD table goes, its PUD table stays
	 * (4.11's remove_pagetable() has no free_pud_table()) */
	p.start = TiB;
	p.length = 16 * MiB;
	OP(m, devmemhp_add_memory_ex(m, &p), 0);
	b = tu_stats(m);
	assert_tables(b.direct_map_table_pages, 0, 1, 2, 0);
	assert_tables(b.vmemmap_table_pages, 0, 2, 0, 0); /* vmemmap + 1G: a PMD table */
	ck_assert_uint_eq(b.direct_map_leaves[1], 8);
	OP(m, devmemhp_remove_memory(m, TiB, 16 * MiB, 0), 0);
	b = tu_stats(m);
	assert_tables(b.direct_map_table_pages, 0, 0, 2, 0);
	assert_tables(b.vmemmap_table_pages, 0, 1, 0, 0);
	ck_assert_mem_eq(b.direct_map_leaves, a.direct_map_leaves, sizeof(a.direct_map_leaves));
	ck_assert_uint_eq(b.memmap_bytes, a.memmap_bytes);
	ck_assert_uint_eq(b.memory_blocks, 128);
	free(boot);
	devmemhp_machine_unref(m);
}
END_TEST

START_TEST(test_ppc_refused)
{
	struct devmemhp_machine *m = tu_machine("powerpc", NULL);
	char *before = tu_dump(m);

	/* create_section_mapping() fails beyond H_PGTABLE_RANGE: arch_add_memory() -EFAULT */
	OP_ERR(m, devmemhp_add_memory(m, 0, 1ull << 46, 16 * MiB, 0), -EFAULT,
	       "Unable to create mapping for hot added memory 0xc000400000000000..0xc000400001000000");
	OP_ERR(m, devmemhp_add_memory(m, 0, (1ull << 46) - 16 * MiB, 32 * MiB, 0), -EFAULT,
	       "powerpc refuses it");
	OP_ERR(m, devmemhp_add_memory(m, 0, 1ull << 50, GiB, DEV), -EFAULT,
	       "Unable to create mapping");
	/* the seed patch: BUG(); return -EINVAL */
	OP_ERR(m, devmemhp_add_memory(m, 0, 16 * GiB, 16 * MiB, DEV_PRIVATE), -EINVAL,
	       "cannot add unaddressable device memory");
	OP_ERR(m, devmemhp_add_memory(m, 0, 1ull << 46, 16 * MiB, DEV_UNADDR), -EINVAL, "BUG()");
	/* sections of 16 MiB */
	OP_ERR(m, devmemhp_add_memory(m, 0, 4 * GiB, 8 * MiB, 0), -EINVAL,
	       "Section-unaligned hotplug range");
	OP_ERR(m, devmemhp_add_memory(m, 0, 4 * GiB + 8 * MiB, 16 * MiB, DEV), -EINVAL,
	       "in whole sections");
	tu_expect_dump(m, before);
	/* the last 16 MiB below 2^46 still map */
	OP(m, devmemhp_add_memory(m, 0, (1ull << 46) - 16 * MiB, 16 * MiB, 0), 0);
	ck_assert_uint_eq(tu_stats(m).direct_map_leaves[1], 8);
	devmemhp_machine_unref(m);
}
END_TEST

/* Addressable device memory: ZONE_DEVICE, mapped, no memory blocks; removed. */
START_TEST(test_ppc_device)
{
	struct devmemhp_machine *m = tu_machine("powerpc", NULL);
	struct devmemhp_stats a = tu_stats(m), b;
	struct devmemhp_page_info pi = { .size = sizeof(pi) };
	char *boot = tu_dump(m), *now;
	struct tu_map_list l = { 0 };

	OP(m, devmemhp_add_memory(m, 0, 16 * GiB, 32 * MiB, DEV), 0);
	b = tu_stats(m);
	free(l.v);
	l = tu_mappings(m, DEVMEMHP_MAP_LINEAR, 0, UINT64_MAX);
	ck_assert_uint_eq(l.n, 2);
	RUN(l, 1, PPC_BASE + 16 * GiB, PPC_BASE + 16 * GiB + 32 * MiB, 16 * GiB, 21);
	ck_assert_uint_eq(b.direct_map_leaves[1], 16);
	ck_assert_uint_eq(b.device_bytes, 32 * MiB);
	ck_assert_uint_eq(b.unaddressable_bytes, 0);
	ck_assert_uint_eq(b.memory_blocks, a.memory_blocks);
	ck_assert_uint_eq(b.memmap_bytes - a.memmap_bytes, 2 * MiB);
	ck_assert_int_eq(devmemhp_page_info(m, (16 * GiB) >> 16, &pi), 0);
	ck_assert_int_eq(pi.zone, DEVMEMHP_ZONE_DEVICE);
	ck_assert_uint_eq(pi.state & DEVMEMHP_PAGE_DEVICE, DEVMEMHP_PAGE_DEVICE);
	assert_zone(m, DEVMEMHP_ZONE_DEVICE, (16 * GiB) >> 16, 512, 0);
	OP_ERR(m, devmemhp_online_memory(m, 16 * GiB, 16 * MiB, DEVMEMHP_ZONE_AUTO), -EINVAL,
	       "never onlined");
	OP_ERR(m, devmemhp_remove_memory(m, 16 * GiB, 32 * MiB, 0), -EINVAL, "was added as");
	OP(m, devmemhp_remove_memory(m, 16 * GiB, 32 * MiB, DEV), 0);
	now = tu_dump(m);
	ck_assert_str_eq(without_device_zone(now), boot);
	free(now);
	free(boot);
	devmemhp_machine_unref(m);
	free(l.v);
}
END_TEST

/* ---- s390 ------------------------------------------------------------------------- */

/* A boot block holding RAM of two nodes is in no zone, as 4.9's
 * valid_zones says, and the model's check holds for it. */
START_TEST(test_ppc_block_of_two_nodes)
{
	struct devmemhp_machine *m =
		tu_machine("powerpc", "nodes=2,boot=0x100000-0x4100000@0;0x4100000-0x10000000@1");
	struct devmemhp_memory_block b = tu_block(m, 4);

	ck_assert_int_eq(devmemhp_check(m), 0);
	ck_assert_int_eq(b.nid, 0);
	ck_assert(b.online);
	ck_assert_int_eq(b.zone, DEVMEMHP_ZONE_NONE);
	ck_assert_int_eq(tu_block(m, 5).nid, 1);
	ck_assert_int_eq(tu_block(m, 5).zone, DEVMEMHP_ZONE_DMA);
	devmemhp_machine_unref(m);
}
END_TEST

START_TEST(test_s390_defaults)
{
	struct devmemhp_machine *m = tu_machine("s390", NULL);
	struct devmemhp_geometry g = { .size = sizeof(g) };
	struct devmemhp_stats st = tu_stats(m);
	struct tu_map_list l = { 0 };

	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	ck_assert_uint_eq(g.page_shift, 12);
	ck_assert_uint_eq(g.levels, 4);
	ck_assert_uint_eq(g.level_bits[0], 8);
	ck_assert_uint_eq(g.level_bits[1], 11);
	ck_assert_uint_eq(g.level_bits[2], 11);
	ck_assert_uint_eq(g.level_bits[3], 11);
	ck_assert_uint_eq(g.leaf_levels, 0x7);
	ck_assert_uint_eq(g.free_table_levels, 0);
	ck_assert_uint_eq(g.phys_bits, 64);
	ck_assert_uint_eq(g.max_physmem_bits, 46);
	ck_assert_uint_eq(g.linear_base, 0);
	ck_assert_uint_eq(g.linear_size, 1ull << 46);
	ck_assert_uint_eq(g.vmemmap_base, S390_VMEMMAP);
	ck_assert_uint_eq(g.section_shift, 28);
	ck_assert_uint_eq(g.subsection_shift, 28);
	ck_assert_uint_eq(g.struct_page_size, 64);
	ck_assert_uint_eq(g.block_size, 256 * MiB);
	ck_assert_uint_eq(g.zone_dma_end, 2 * GiB);
	ck_assert_uint_eq(g.zone_dma32_end, 0);
	ck_assert_uint_eq(g.zone_highmem_start, 0);
	ck_assert_uint_eq(g.phys_offset, 0);
	ck_assert_uint_eq(g.directmap_levels, 0x7);
	ck_assert_uint_eq(g.vmemmap_mode, DEVMEMHP_VMEMMAP_LARGE);
	ck_assert_uint_eq(g.va_prefix, 0);
	/* ZONE_DMA below 2 GiB (MAX_DMA_ADDRESS), ZONE_NORMAL above */
	assert_zone(m, DEVMEMHP_ZONE_DMA, 0, 524288, 524288);
	assert_zone(m, DEVMEMHP_ZONE_NORMAL, 524288, 524288, 524288);
	assert_zone(m, DEVMEMHP_ZONE_MOVABLE, 0, 0, 0);
	ck_assert_uint_eq(st.memory_blocks, 16);
	ck_assert_uint_eq(st.block_size, 256 * MiB);
	ck_assert_int_eq(tu_block(m, 7).zone, DEVMEMHP_ZONE_DMA);
	ck_assert_int_eq(tu_block(m, 8).zone, DEVMEMHP_ZONE_NORMAL);
	ck_assert_int_eq(tu_block(m, 8).removable, 0);
	/* vmem_add_mem(): the segment at 0 in 4K pages, 1M segments up to 2G, one 2G region */
	free(l.v);
	l = tu_mappings(m, DEVMEMHP_MAP_LINEAR, 0, UINT64_MAX);
	ck_assert_uint_eq(l.n, 3);
	RUN(l, 0, 0, MiB, 0, 12);
	RUN(l, 1, MiB, 2 * GiB, MiB, 20);
	RUN(l, 2, 2 * GiB, 4 * GiB, 2 * GiB, 31);
	ck_assert_uint_eq(st.direct_map_leaves[0], 256);
	ck_assert_uint_eq(st.direct_map_leaves[1], 2047);
	ck_assert_uint_eq(st.direct_map_leaves[2], 1);
	assert_tables(st.direct_map_table_pages, 1, 1, 1, 0);
	/* 16 sections x 4 MiB of struct pages, in 1M frames */
	free(l.v);
	l = tu_mappings(m, DEVMEMHP_MAP_VMEMMAP, 0, UINT64_MAX);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_uint_eq(l.v[0].va, S390_VMEMMAP);
	ck_assert_uint_eq(l.v[0].va_end, S390_VMEMMAP + 64 * MiB);
	ck_assert_uint_eq(l.v[0].page_shift, 20);
	ck_assert_uint_eq(st.memmap_bytes, 64 * MiB);
	assert_tables(st.vmemmap_table_pages, 0, 1, 0, 0);
	ck_assert_uint_eq(st.high_memory, 4 * GiB);
	tu_expect_view(m, DEVMEMHP_VIEW_MEMINFO,
		    "MemTotal:        4194304 kB\n"
		    "MemFree:         4194304 kB\n"
		    "DirectMap4k:        1024 kB\n"
		    "DirectMap1M:     2096128 kB\n"
		    "DirectMap2G:     2097152 kB\n");
	tu_expect_view(m, DEVMEMHP_VIEW_ZONEINFO,
		    "Node 0, zone      DMA\n"
		    "        spanned  524288\n"
		    "        present  524288\n"
		    "        managed  524288\n"
		    "  start_pfn:           0\n"
		    "Node 0, zone   Normal\n"
		    "        spanned  524288\n"
		    "        present  524288\n"
		    "        managed  524288\n"
		    "  start_pfn:           524288\n");
	/* v4.9 mm/vmstat.c: zoneinfo_show() prints populated zones only */
	devmemhp_machine_unref(m);
	free(l.v);
}
END_TEST

/* 4 GiB at 4 GiB with each EDAT level: leaves, tables, DirectMap, memmap, zone. */
static const struct {
	const char *options;
	unsigned int shift;       /* of the new leaves */
	uint64_t leaves;
	uint64_t tables[2];       /* new PTE and segment tables */
	unsigned int vmemmap_shift;
	uint64_t vmemmap_pte_tables;
	const char *meminfo;
} edat[] = {
	{ "", 31, 2, { 0, 0 }, 20, 0,
	  "MemTotal:        8388608 kB\n"
	  "MemFree:         8323072 kB\n"
	  "DirectMap4k:        1024 kB\n"
	  "DirectMap1M:     2096128 kB\n"
	  "DirectMap2G:     6291456 kB\n" },
	{ "edat=1", 20, 4096, { 0, 2 }, 20, 0,
	  "MemTotal:        8388608 kB\n"
	  "MemFree:         8323064 kB\n"
	  "DirectMap4k:        1024 kB\n"
	  "DirectMap1M:     8387584 kB\n"
	  "DirectMap2G:           0 kB\n" },
	{ "edat=0", 12, 1048576, { 4096, 2 }, 12, 64,
	  "MemTotal:        8388608 kB\n"
	  "MemFree:         8306424 kB\n"
	  "DirectMap4k:     8388608 kB\n"
	  "DirectMap1M:           0 kB\n"
	  "DirectMap2G:           0 kB\n" },
};

START_TEST(test_s390_add_edat)
{
	struct devmemhp_machine *m = tu_machine("s390", edat[_i].options);
	struct devmemhp_stats a = tu_stats(m), b;
	const unsigned int level = edat[_i].shift == 31 ? 2 : edat[_i].shift == 20 ? 1 : 0;
	struct tu_map_list l = { 0 };

	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, 4 * GiB, 0), 0);
	b = tu_stats(m);
	free(l.v);
	l = tu_mappings(m, DEVMEMHP_MAP_LINEAR, 0, UINT64_MAX);
	RUN(l, l.n - 1, level == 2 ? 2 * GiB : level == 1 ? MiB : 0, 8 * GiB,
	    level == 2 ? 2 * GiB : level == 1 ? MiB : 0, edat[_i].shift);
	ck_assert_uint_eq(b.direct_map_leaves[level] - a.direct_map_leaves[level], edat[_i].leaves);
	for (unsigned int x = 0; x < 3; x++)
		if (x != level)
			ck_assert_uint_eq(b.direct_map_leaves[x], a.direct_map_leaves[x]);
	ck_assert_uint_eq(b.direct_map_bytes[level] - a.direct_map_bytes[level], 4 * GiB);
	ck_assert_uint_eq(b.direct_map_table_pages[0] - a.direct_map_table_pages[0], edat[_i].tables[0]);
	ck_assert_uint_eq(b.direct_map_table_pages[1] - a.direct_map_table_pages[1], edat[_i].tables[1]);
	ck_assert_uint_eq(b.direct_map_table_pages[2], a.direct_map_table_pages[2]);
	/* 64 MiB of struct pages: 1M frames with EDAT1, else 4K pages in 64 PTE tables */
	ck_assert_uint_eq(b.memmap_bytes - a.memmap_bytes, 64 * MiB);
	free(l.v);
	l = tu_mappings(m, DEVMEMHP_MAP_VMEMMAP, 0, UINT64_MAX);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_uint_eq(l.v[0].va_end, S390_VMEMMAP + 128 * MiB);
	ck_assert_uint_eq(l.v[0].page_shift, edat[_i].vmemmap_shift);
	ck_assert_uint_eq(b.vmemmap_table_pages[0] - a.vmemmap_table_pages[0],
			  edat[_i].vmemmap_pte_tables);
	ck_assert_uint_eq(b.vmemmap_table_pages[1], a.vmemmap_table_pages[1]);
	/* beyond the boot zones: ZONE_MOVABLE, fixed when added */
	ck_assert_uint_eq(b.memory_blocks, 32);
	assert_fixed_blocks(m, 4 * GiB, 4 * GiB, 256 * MiB, DEVMEMHP_ZONE_MOVABLE);
	/* the first block starts Movable, with nothing between it and Normal:
	 * online_kernel could move it down (v4.9 zone_can_shift()); the last
	 * ends Movable, where it is already */
	assert_valid_zones(m, 16, 2,
			   (const enum devmemhp_zone[]){ DEVMEMHP_ZONE_MOVABLE, DEVMEMHP_ZONE_NORMAL });
	assert_valid_zones(m, 31, 1, (const enum devmemhp_zone[]){ DEVMEMHP_ZONE_MOVABLE });
	OP(m, devmemhp_online_memory(m, 4 * GiB, 4 * GiB, DEVMEMHP_ZONE_AUTO), 0);
	ck_assert_int_eq(tu_block(m, 31).zone, DEVMEMHP_ZONE_MOVABLE);
	assert_zone(m, DEVMEMHP_ZONE_MOVABLE, 1048576, 1048576, 1048576);
	assert_zone(m, DEVMEMHP_ZONE_NORMAL, 524288, 524288, 524288);
	ck_assert_uint_eq(tu_stats(m).max_pfn, a.max_pfn); /* no update_end_of_memory_vars() */
	tu_expect_view(m, DEVMEMHP_VIEW_MEMINFO, edat[_i].meminfo);
	devmemhp_machine_unref(m);
	free(l.v);
}
END_TEST

/* arch_remove_memory(): -EBUSY, nothing changes. */
START_TEST(test_s390_remove_refused)
{
	struct devmemhp_machine *m = tu_machine("s390", "online=online");
	char *before;

	OP(m, devmemhp_add_memory(m, 0, 8 * GiB, GiB, 0), 0);
	ck_assert_int_eq(tu_block(m, 32).zone, DEVMEMHP_ZONE_MOVABLE);
	ck_assert_int_eq(tu_block(m, 32).removable, 0);
	/* v4.9 auto-online bypassed the device core: "online" first */
	OP_ERR(m, devmemhp_offline_memory(m, 8 * GiB, GiB), -EINVAL, "device_offline()");
	OP(m, devmemhp_online_memory(m, 8 * GiB, GiB, DEVMEMHP_ZONE_AUTO), 0);
	OP(m, devmemhp_offline_memory(m, 8 * GiB, GiB), 0);
	before = tu_dump(m);
	OP_ERR(m, devmemhp_remove_memory(m, 8 * GiB, GiB, 0), -EBUSY, "s390 cannot hot-remove memory");
	tu_expect_dump(m, before);
	devmemhp_machine_unref(m);
}
END_TEST

/* The zone walk: inside a kernel zone's span that zone, else ZONE_MOVABLE. */
START_TEST(test_s390_zones)
{
	/* RAM [0, 1G) and [2.5G, 4G): DMA spans [0, 2G), Normal [2G, 4G) */
	struct devmemhp_machine *m = tu_machine("s390", "boot=0-0x40000000;0xa0000000-0x100000000");
	char *before;

	assert_zone(m, DEVMEMHP_ZONE_DMA, 0, 524288, 262144);
	assert_zone(m, DEVMEMHP_ZONE_NORMAL, 524288, 524288, 393216);
	/* [1.5G, 2.5G): the kernel would split it between DMA and Normal */
	before = tu_dump(m);
	OP_ERR(m, devmemhp_add_memory(m, 0, 1536 * MiB, GiB, 0), -EINVAL,
	       "would put [0x60000000-0x7fffffff] in DMA");
	tu_expect_dump(m, before);
	OP(m, devmemhp_add_memory(m, 0, GiB, 256 * MiB, 0), 0);
	assert_fixed_blocks(m, GiB, 256 * MiB, 256 * MiB, DEVMEMHP_ZONE_DMA);
	OP(m, devmemhp_add_memory(m, 0, 2 * GiB, 256 * MiB, 0), 0);
	assert_fixed_blocks(m, 2 * GiB, 256 * MiB, 256 * MiB, DEVMEMHP_ZONE_NORMAL);
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, 256 * MiB, 0), 0);
	assert_fixed_blocks(m, 4 * GiB, 256 * MiB, 256 * MiB, DEVMEMHP_ZONE_MOVABLE);
	OP(m, devmemhp_online_memory(m, GiB, 256 * MiB, DEVMEMHP_ZONE_AUTO), 0);
	OP(m, devmemhp_online_memory(m, 2 * GiB, 256 * MiB, DEVMEMHP_ZONE_AUTO), 0);
	OP(m, devmemhp_online_memory(m, 4 * GiB, 256 * MiB, DEVMEMHP_ZONE_AUTO), 0);
	assert_zone(m, DEVMEMHP_ZONE_DMA, 0, 524288, 262144 + 65536);
	assert_zone(m, DEVMEMHP_ZONE_NORMAL, 524288, 524288, 393216 + 65536);
	assert_zone(m, DEVMEMHP_ZONE_MOVABLE, 1048576, 65536, 65536);
	/* the 2G region at 2G is not wholly RAM: 1M segments, as hot-added */
	ck_assert_uint_eq(tu_stats(m).direct_map_leaves[2], 0);
	devmemhp_machine_unref(m);
}
END_TEST

/* memory_block_size_bytes() = max(MIN_MEMORY_BLOCK_SIZE, sclp.rzm) */
static const struct {
	const char *options;
	int rc;
	uint64_t block_size;
} rzm[] = {
	{ "rzm=1M", 0, 256 * MiB },
	{ "rzm=256M", 0, 256 * MiB },
	{ "rzm=1G", 0, GiB },
	{ "rzm=768M", 0, 256 * MiB }, /* no power of two: get_memory_block_size() falls back */
	{ "rzm=0", -EINVAL, 0 },
	{ "rzm=1536K", -EINVAL, 0 },
	{ "edat=3", -EINVAL, 0 },
	{ "levels=3", -EINVAL, 0 },
};

START_TEST(test_s390_options)
{
	struct devmemhp_machine *m = NULL;
	int rc = devmemhp_machine_new("s390", rzm[_i].options, &m);

	ck_assert_msg(rc == rzm[_i].rc, "%s: %d %s", rzm[_i].options, rc, devmemhp_last_error(NULL));
	if (rc)
		return;
	tu_check(m);
	ck_assert_uint_eq(tu_stats(m).block_size, rzm[_i].block_size);
	ck_assert_uint_eq(tu_stats(m).memory_blocks, 4 * GiB / rzm[_i].block_size);
	if (rzm[_i].block_size == GiB) {
		/* one 256M section of a 1G block: v4.9 would make a block it can
		 * neither online nor offline; the model refuses */
		OP_ERR(m, devmemhp_add_memory(m, 0, 4 * GiB, 256 * MiB, 0), -EINVAL,
		       "with sections missing");
		OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
		ck_assert_uint_eq(tu_stats(m).memory_blocks, 5);
	}
	devmemhp_machine_unref(m);
}
END_TEST

START_TEST(test_s390_refused)
{
	struct devmemhp_machine *m = tu_machine("s390", NULL);
	char *before = tu_dump(m);

	/* vmem_add_mapping() -> insert_memory_segment(): -ERANGE beyond VMEM_MAX_PHYS */
	OP_ERR(m, devmemhp_add_memory(m, 0, 1ull << 46, 256 * MiB, 0), -ERANGE,
	       "0x400010000000 is beyond VMEM_MAX_PHYS 0x400000000000");
	OP_ERR(m, devmemhp_add_memory(m, 0, 1ull << 50, 256 * MiB, DEV), -ERANGE, "VMEM_MAX_PHYS");
	/* the seed patch: BUG(); return -EINVAL */
	OP_ERR(m, devmemhp_add_memory(m, 0, 8 * GiB, 256 * MiB, DEV_PRIVATE), -EINVAL,
	       "cannot add unaddressable device memory");
	OP_ERR(m, devmemhp_add_memory(m, 0, 1ull << 46, 256 * MiB, DEV_UNADDR), -EINVAL, "BUG()");
	/* sections and blocks of 256 MiB */
	OP_ERR(m, devmemhp_add_memory(m, 0, 4 * GiB, 128 * MiB, 0), -EINVAL,
	       "Section-unaligned hotplug range: start 0x100000000, size 0x8000000");
	OP_ERR(m, devmemhp_add_memory(m, 0, 4 * GiB, 128 * MiB, DEV), -EINVAL,
	       "in whole sections");
	tu_expect_dump(m, before);
	devmemhp_machine_unref(m);
}
END_TEST

/* Addressable device memory: ZONE_DEVICE, mapped; remove refused like RAM's. */
START_TEST(test_s390_device)
{
	struct devmemhp_machine *m = tu_machine("s390", NULL);
	struct devmemhp_stats a = tu_stats(m), b;
	struct devmemhp_page_info pi = { .size = sizeof(pi) };
	char *before;
	struct tu_map_list l = { 0 };

	OP(m, devmemhp_add_memory(m, 0, 8 * GiB, 256 * MiB, DEV), 0);
	b = tu_stats(m);
	/* 256 MiB does not fill a 2G region: 1M segments in a new segment table */
	free(l.v);
	l = tu_mappings(m, DEVMEMHP_MAP_LINEAR, 0, UINT64_MAX);
	RUN(l, l.n - 1, 8 * GiB, 8 * GiB + 256 * MiB, 8 * GiB, 20);
	ck_assert_uint_eq(b.direct_map_leaves[1] - a.direct_map_leaves[1], 256);
	ck_assert_uint_eq(b.direct_map_table_pages[1] - a.direct_map_table_pages[1], 1);
	ck_assert_uint_eq(b.memmap_bytes - a.memmap_bytes, 4 * MiB);
	ck_assert_uint_eq(b.device_bytes, 256 * MiB);
	ck_assert_uint_eq(b.memory_blocks, a.memory_blocks);
	ck_assert_int_eq(devmemhp_page_info(m, (8 * GiB) >> 12, &pi), 0);
	ck_assert_int_eq(pi.zone, DEVMEMHP_ZONE_DEVICE);
	assert_zone(m, DEVMEMHP_ZONE_DEVICE, (8 * GiB) >> 12, 65536, 0);
	before = tu_dump(m);
	OP_ERR(m, devmemhp_remove_memory(m, 8 * GiB, 256 * MiB, DEV), -EBUSY, "cannot hot-remove");
	tu_expect_dump(m, before);
	devmemhp_machine_unref(m);
	free(l.v);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("powerpc and s390");
	TCase *ppc = tcase_create("powerpc");
	TCase *s390 = tcase_create("s390");

	tcase_add_test(ppc, test_ppc_defaults);
	tcase_add_test(ppc, test_ppc_add_1g);
	tcase_add_test(ppc, test_ppc_add_2m);
	tcase_add_test(ppc, test_ppc_remove);
	tcase_add_test(ppc, test_ppc_refused);
	tcase_add_test(ppc, test_ppc_device);
	tcase_add_test(ppc, test_ppc_block_of_two_nodes);
	suite_add_tcase(s, ppc);
	tcase_add_test(s390, test_s390_defaults);
	tcase_add_loop_test(s390, test_s390_add_edat, 0, sizeof(edat) / sizeof(edat[0]));
	tcase_add_test(s390, test_s390_remove_refused);
	tcase_add_test(s390, test_s390_zones);
	tcase_add_loop_test(s390, test_s390_options, 0, sizeof(rzm) / sizeof(rzm[0]));
	tcase_add_test(s390, test_s390_refused);
	tcase_add_test(s390, test_s390_device);
	suite_add_tcase(s, s390);
	return tu_run(s);
}
