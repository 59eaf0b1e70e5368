/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The modern backends: arm64 (Linux 6.1, Debian 6.1.192) and riscv64 (Linux
 * 6.11).  Exact geometry, boot zones and views, the linear-map leaves each
 * kernel's rules give a hot-add, max_pfn, device memory with and without a
 * linear map, round trips and refusals.
 */
#ifndef _GNU_SOURCE /* open_memstream(), asprintf() */
#define _GNU_SOURCE 1
#endif
#include <stdbool.h>

#include "testutil.h"

#define PFN(pa) ((uint64_t)(pa) >> 12)
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
#define KERNEL_PROT (DEVMEMHP_PROT_RW | DEVMEMHP_PROT_NX | DEVMEMHP_PROT_GLOBAL)

/* arm64, 48-bit VA: PAGE_OFFSET, PAGE_END, VMEMMAP_START, VMEMMAP_END, and
 * PHYS_OFFSET (memstart_addr) of QEMU virt */
#define A64_PAGE_OFFSET 0xffff000000000000ull
#define A64_PAGE_END 0xffff800000000000ull
#define A64_VMEMMAP 0xfffffc0000000000ull
#define A64_VMEMMAP_END 0xfffffe0000000000ull
#define A64_PHYS_OFFSET 0x40000000ull
#define A64_VA(pa) (A64_PAGE_OFFSET + (uint64_t)(pa) - A64_PHYS_OFFSET)
#define A64_MEMMAP(pfn) (A64_VMEMMAP + ((uint64_t)(pfn) - PFN(A64_PHYS_OFFSET)) * 64)
/* 1 GiB of DRAM, a 1 GiB hole, 2 GiB more: max_pfn 0x140000 */
#define A64_HOLE "boot=0x40000000-0x80000000;0xc0000000-0x140000000"
/* the last byte arch_get_mappable_range() reaches: __pa(PAGE_END - 1) */
#define A64_MAPPABLE_END (A64_PHYS_OFFSET + (1ull << 47) - 1)

/* riscv64: phys_ram_base of QEMU virt, and per mode PAGE_OFFSET, PAGE_END
 * (KASAN_SHADOW_START), VMEMMAP_START and VMEMMAP_END (VMALLOC_START) */
#define RV_PHYS 0x80000000ull
#define RV57_PAGE_OFFSET 0xff60000000000000ull
#define RV57_PAGE_END 0xffdf000000000000ull
#define RV57_VMEMMAP 0xff1c000000000000ull
#define RV57_VMEMMAP_END 0xff20000000000000ull
#define RV48_PAGE_OFFSET 0xffffaf8000000000ull
#define RV48_PAGE_END 0xffffef8000000000ull
#define RV48_VMEMMAP 0xffff8d8000000000ull
#define RV48_VMEMMAP_END 0xffff8f8000000000ull
#define RV39_PAGE_OFFSET 0xffffffd600000000ull
#define RV39_PAGE_END 0xfffffff700000000ull
#define RV39_VMEMMAP 0xffffffc500000000ull
#define RV39_VMEMMAP_END 0xffffffc600000000ull

/* ---- helpers ------------------------------------------------------------------ */

/* Leaves of each size a region maps inside [va, va_end). */
struct leaves {
	uint64_t va, va_end;
	uint64_t n[64];   /* by page shift */
	uint64_t runs;
	unsigned int prot; /* or of the runs' protections */
};

static int count_leaves(const struct devmemhp_mapping *map, void *data)
{
	struct leaves *c = data;
	uint64_t s = map->va > c->va ? map->va : c->va;
	uint64_t e = map->va_end < c->va_end ? map->va_end : c->va_end;

	ck_assert_uint_eq(map->size, sizeof(*map));
	if (s >= e)
		return 0;
	c->n[map->page_shift] += (e - s) >> map->page_shift;
	c->runs++;
	c->prot |= map->prot;
	return 0;
}

static struct leaves leaves_in(struct devmemhp_machine *m, enum devmemhp_map_region region,
			       uint64_t va, uint64_t va_end)
{
	struct leaves c = { .va = va, .va_end = va_end };

	ck_assert_int_eq(devmemhp_mapping_foreach(m, region, count_leaves, &c), 0);
	return c;
}

/* The one mapping run of a region that starts at va. */
struct find_run {
	uint64_t va;
	struct devmemhp_mapping run;
	int found;
};

static int find_run_cb(const struct devmemhp_mapping *map, void *data)
{
	struct find_run *f = data;

	if (map->va == f->va) {
		f->run = *map;
		f->found++;
	}
	return 0;
}

static struct devmemhp_mapping run_at(struct devmemhp_machine *m, enum devmemhp_map_region region,
				      uint64_t va)
{
	struct find_run f = { .va = va };

	ck_assert_int_eq(devmemhp_mapping_foreach(m, region, find_run_cb, &f), 0);
	ck_assert_msg(f.found == 1, "no single mapping run starts at %#" PRIx64, va);
	return f.run;
}

static struct devmemhp_geometry geometry(struct devmemhp_machine *m)
{
	struct devmemhp_geometry g = { .size = sizeof(g) };

	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	return g;
}

static struct devmemhp_page_info page(struct devmemhp_machine *m, uint64_t pfn)
{
	struct devmemhp_page_info pi = { .size = sizeof(pi) };

	ck_assert_int_eq(devmemhp_page_info(m, pfn, &pi), 0);
	return pi;
}

/* The machine's dump must still be `before` (which is freed). */
static void assert_dump_at(struct devmemhp_machine *m, char *before, const char *file, int line)
{
	char *after = tu_dump(m);
	size_t i = 0;

	while (before[i] && before[i] == after[i])
		i++;
	ck_assert_msg(!before[i] && !after[i], "%s:%d: the machine differs at byte %zu: \"%.60s\" "
		      "instead of \"%.60s\"", file, line, i, after + i, before + i);
	free(after);
	free(before);
}
#define ASSERT_DUMP(m, before) assert_dump_at((m), (before), __FILE__, __LINE__)

/* A dump with its max_pfn line replaced: what a machine whose max_pfn alone moved prints. */
static char *with_max_pfn(char *dump, uint64_t max_pfn)
{
	char *out = NULL, *rest = strchr(dump, '\n');

	ck_assert_int_eq(strncmp(dump, "max_pfn ", 8), 0);
	ck_assert_int_ge(asprintf(&out, "max_pfn %#" PRIx64 "%s", max_pfn, rest), 0);
	free(dump);
	return out;
}

/* A dump with a zone line appended: ZONE_DEVICE's span, which remove never
 * shrinks ("Zone shrinking code cannot properly deal with ZONE_DEVICE",
 * mm/memory_hotplug.c v6.1: remove_pfn_range_from_zone()), comes last. */
static char *with_device_zone(char *dump, uint64_t start_pfn, uint64_t spanned)
{
	char *out = NULL;

	ck_assert_int_ge(asprintf(&out, "%szone 0 Device start %#" PRIx64 " spanned %" PRIu64
				  " present 0 early 0 managed 0\n", dump, start_pfn, spanned), 0);
	free(dump);
	return out;
}

static int machine_new_rc(const char *arch, const char *options)
{
	struct devmemhp_machine *m = NULL;
	int rc = devmemhp_machine_new(arch, options, &m);

	devmemhp_machine_unref(m);
	return rc;
}

/* RAM the way add_memory() adds it: no memory group */
static int add_plain(struct devmemhp_machine *m, uint64_t start, uint64_t size)
{
	struct devmemhp_add_params p = { .size = sizeof(p), .start = start, .length = size,
					 .options = DEVMEMHP_ADD_NO_GROUP };

	return devmemhp_add_memory_ex(m, &p);
}

/* ==== arm64 ====================================================================== */

START_TEST(test_arm64_defaults)
{
	struct devmemhp_machine *m = tu_machine("arm64", NULL);
	struct devmemhp_geometry g = geometry(m);
	struct devmemhp_stats s = tu_stats(m);
	struct devmemhp_zone_info z;
	struct devmemhp_mapping run;
	struct devmemhp_page_info pi;
	char *text;
	uint64_t pa, va;
	unsigned int shift;

	ck_assert_uint_eq(g.page_shift, 12);
	ck_assert_uint_eq(g.levels, 4);
	for (unsigned int l = 0; l < 4; l++)
		ck_assert_uint_eq(g.level_bits[l], 9);
	ck_assert_uint_eq(g.level_bits[4], 0);
	ck_assert_uint_eq(g.leaf_levels, 0x1);       /* rodata_full: NO_BLOCK_MAPPINGS */
	ck_assert_uint_eq(g.free_table_levels, 0x7); /* PTE, PMD and PUD tables */
	ck_assert_uint_eq(g.phys_bits, 64);
	ck_assert_uint_eq(g.max_physmem_bits, 48);
	ck_assert_uint_eq(g.linear_base, A64_PAGE_OFFSET);
	ck_assert_uint_eq(g.linear_size, 1ull << 47);
	ck_assert_uint_eq(g.vmemmap_base, A64_VMEMMAP);
	ck_assert_uint_eq(g.section_shift, 27);
	ck_assert_uint_eq(g.subsection_shift, 21);
	ck_assert_uint_eq(g.struct_page_size, 64);
	ck_assert_uint_eq(g.block_size, 128 * MiB);
	ck_assert_uint_eq(g.zone_dma_end, 4 * GiB);
	ck_assert_uint_eq(g.zone_dma32_end, 4 * GiB);
	ck_assert_uint_eq(g.zone_highmem_start, 0);
	ck_assert_uint_eq(g.linear_view_end, 0);
	ck_assert_uint_eq(g.vmemmap_view_end, A64_VMEMMAP_END);
	ck_assert_uint_eq(g.phys_offset, A64_PHYS_OFFSET);
	ck_assert_uint_eq(g.directmap_levels, 0);
	ck_assert_uint_eq(g.vmemmap_mode, DEVMEMHP_VMEMMAP_SECTION_PMD);
	ck_assert_uint_eq(g.va_prefix, A64_PAGE_OFFSET);
	for (unsigned int l = 0; l < DEVMEMHP_MAX_LEVELS; l++)
		ck_assert_uint_eq(g.cont_bits[l], 0); /* and NO_CONT_MAPPINGS */

	/* 2 GiB at 1 GiB, all of it ZONE_DMA (max_zone_phys(32) = min(4G, end of DRAM)) */
	z = tu_zone(m, 0, DEVMEMHP_ZONE_DMA);
	ck_assert_uint_eq(z.start_pfn, 0x40000);
	ck_assert_uint_eq(z.spanned, 524288);
	ck_assert_uint_eq(z.present, 524288);
	ck_assert_uint_eq(z.present_early, 524288);
	ck_assert_uint_eq(z.managed, 524288);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_DMA32).spanned, 0);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL).spanned, 0);
	text = tu_view(m, DEVMEMHP_VIEW_MEMINFO);
	ck_assert_str_eq(text, "MemTotal:        2097152 kB\n" "MemFree:         2097152 kB\n"); /* no DirectMap lines */
	free(text);
	text = tu_view(m, DEVMEMHP_VIEW_IOMEM);
	ck_assert_str_eq(text, "40000000-bfffffff : System RAM\n");
	free(text);
	text = tu_view(m, DEVMEMHP_VIEW_ZONEINFO);
	ck_assert_str_eq(text, "Node 0, zone      DMA\n"
			       "        spanned  524288\n"
			       "        present  524288\n"
			       "        managed  524288\n"
			       "  start_pfn:           262144\n"
			       "Node 0, zone    DMA32\n"
			       "        spanned  0\n"
			       "        present  0\n"
			       "        managed  0\n"
			       "Node 0, zone   Normal\n"
			       "        spanned  0\n"
			       "        present  0\n"
			       "        managed  0\n"
			       "Node 0, zone  Movable\n"
			       "        spanned  0\n"
			       "        present  0\n"
			       "        managed  0\n"
			       "Node 0, zone   Device\n"
			       "        spanned  0\n"
			       "        present  0\n"
			       "        managed  0\n");
	free(text);
	ck_assert_uint_eq(s.memory_blocks, 16);
	ck_assert_uint_eq(s.memory_blocks_online, 16);
	ck_assert_int_eq(tu_block(m, 8).zone, DEVMEMHP_ZONE_DMA);
	ck_assert_int_eq(tu_block(m, 8).early, 1);
	ck_assert_int_eq(tu_block(m, 8).removable, 1);
	ck_assert_uint_eq(s.max_pfn, 0xc0000);
	ck_assert_uint_eq(s.high_memory, A64_VA(0xc0000000));

	/* map_mem(): 2 GiB of pages from PAGE_OFFSET, 512 PTE tables per GiB */
	run = run_at(m, DEVMEMHP_MAP_LINEAR, A64_PAGE_OFFSET);
	ck_assert_uint_eq(run.va_end, A64_PAGE_OFFSET + 2 * GiB);
	ck_assert_uint_eq(run.pa, A64_PHYS_OFFSET);
	ck_assert_uint_eq(run.page_shift, 12);
	ck_assert_uint_eq(run.prot, KERNEL_PROT);
	ck_assert_uint_eq(s.direct_map_leaves[0], 524288);
	ck_assert_uint_eq(s.direct_map_leaves[1] + s.direct_map_leaves[2], 0);
	ck_assert_uint_eq(s.direct_map_table_pages[0], 1024);
	ck_assert_uint_eq(s.direct_map_table_pages[1], 2);
	ck_assert_uint_eq(s.direct_map_table_pages[2], 1);
	/* the memmap of 16 sections: 16 PMD leaves from VMEMMAP_START */
	run = run_at(m, DEVMEMHP_MAP_VMEMMAP, A64_VMEMMAP);
	ck_assert_uint_eq(run.va_end, A64_VMEMMAP + 32 * MiB);
	ck_assert_uint_eq(run.page_shift, 21);
	ck_assert_uint_eq(s.memmap_bytes, 32 * MiB);
	ck_assert_uint_eq(s.vmemmap_table_pages[0], 0);
	ck_assert_uint_eq(s.vmemmap_table_pages[1], 1);
	ck_assert_uint_eq(s.vmemmap_table_pages[2], 1);

	/* __va()/__pa() around PHYS_OFFSET */
	ck_assert_int_eq(devmemhp_phys_to_virt(m, A64_PHYS_OFFSET, &va), 0);
	ck_assert_uint_eq(va, A64_PAGE_OFFSET);
	ck_assert_int_eq(devmemhp_virt_to_phys(m, A64_VA(0xbffff000), &pa, &shift), 0);
	ck_assert_uint_eq(pa, 0xbffff000);
	ck_assert_uint_eq(shift, 12);
	OP_ERR(m, devmemhp_phys_to_virt(m, 0x3ffff000, &va), -EFAULT, "no linear-map entry");
	pi = page(m, PFN(A64_PHYS_OFFSET));
	ck_assert_uint_eq(pi.state, DEVMEMHP_PAGE_PRESENT | DEVMEMHP_PAGE_ONLINE |
					    DEVMEMHP_PAGE_MAPPED | DEVMEMHP_PAGE_EARLY);
	ck_assert_int_eq(pi.zone, DEVMEMHP_ZONE_DMA);
	ck_assert_uint_eq(pi.section, 8);
	ck_assert_uint_eq(pi.block, 8);
	ck_assert_uint_eq(pi.memmap_va, A64_VMEMMAP);
	ck_assert_uint_eq(pi.linear_va, A64_PAGE_OFFSET);
	ck_assert_uint_eq(pi.linear_page_shift, 12);
	ck_assert_str_eq(devmemhp_machine_arch(m), "arm64");
	devmemhp_machine_unref(m);
}
END_TEST

/* rodata_full (the default) and debug_pagealloc: can_set_direct_map() gives
 * arch_add_memory() NO_BLOCK_MAPPINGS, so a GiB is 262144 pages */
START_TEST(test_arm64_pages)
{
	static const char *const opts[] = { NULL, "rodata_full=0,debug_pagealloc=1",
					     "debug_pagealloc=1,rodata_full=0" };

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		struct devmemhp_machine *m = tu_machine("arm64", opts[i]);
		struct devmemhp_stats a = tu_stats(m), b;
		struct leaves c;

		ck_assert_uint_eq(geometry(m).leaf_levels, 0x1);
		ck_assert_uint_eq(geometry(m).cont_bits[0] + geometry(m).cont_bits[1], 0);
		OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
		b = tu_stats(m);
		c = leaves_in(m, DEVMEMHP_MAP_LINEAR, A64_VA(4 * GiB), A64_VA(5 * GiB));
		ck_assert_uint_eq(c.n[12], 262144);
		ck_assert_uint_eq(c.n[21] + c.n[30], 0);
		ck_assert_uint_eq(c.prot, KERNEL_PROT);
		ck_assert_uint_eq(b.direct_map_leaves[0] - a.direct_map_leaves[0], 262144);
		/* 512 PTE tables and the PMD table of a new GiB; the PUD table was there */
		ck_assert_uint_eq(b.direct_map_table_pages[0] - a.direct_map_table_pages[0], 512);
		ck_assert_uint_eq(b.direct_map_table_pages[1] - a.direct_map_table_pages[1], 1);
		ck_assert_uint_eq(b.direct_map_table_pages[2], a.direct_map_table_pages[2]);
		/* 8 sections: 8 PMD leaves of memmap */
		ck_assert_uint_eq(b.memmap_bytes - a.memmap_bytes, 16 * MiB);
		devmemhp_machine_unref(m);
	}
}
END_TEST

/* rodata_full=0: alloc_init_pud() and init_pmd() put blocks where address,
 * phys and end are aligned */
START_TEST(test_arm64_blocks)
{
	struct devmemhp_machine *m = tu_machine("arm64", "rodata_full=0");
	struct devmemhp_stats a = tu_stats(m), b, c;
	struct devmemhp_mapping run;
	struct leaves l;
	uint64_t pa;
	unsigned int shift;

	ck_assert_uint_eq(geometry(m).leaf_levels, 0x7);
	/* CONFIG_ARM64_CONT_PTE_SHIFT and CONT_PMD_SHIFT: 16 entries */
	ck_assert_uint_eq(geometry(m).cont_bits[0], 4);
	ck_assert_uint_eq(geometry(m).cont_bits[1], 4);
	ck_assert_uint_eq(geometry(m).cont_bits[2], 0);
	/* boot: the 2 GiB at 1 GiB are two PUD blocks */
	ck_assert_uint_eq(a.direct_map_leaves[2], 2);
	ck_assert_uint_eq(a.direct_map_leaves[0] + a.direct_map_leaves[1], 0);
	ck_assert_uint_eq(a.direct_map_table_pages[0] + a.direct_map_table_pages[1], 0);
	ck_assert_uint_eq(a.direct_map_table_pages[2], 1);

	/* 1 GiB aligned: one 1G block, no table */
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	b = tu_stats(m);
	l = leaves_in(m, DEVMEMHP_MAP_LINEAR, A64_VA(4 * GiB), A64_VA(5 * GiB));
	ck_assert_uint_eq(l.n[30], 1);
	ck_assert_uint_eq(l.n[21] + l.n[12], 0);
	run = run_at(m, DEVMEMHP_MAP_LINEAR, A64_VA(4 * GiB));
	ck_assert_uint_eq(run.va_end, A64_VA(5 * GiB));
	ck_assert_uint_eq(run.pa, 4 * GiB);
	ck_assert_uint_eq(b.direct_map_leaves[2] - a.direct_map_leaves[2], 1);
	for (int t = 0; t < 3; t++)
		ck_assert_uint_eq(b.direct_map_table_pages[t], a.direct_map_table_pages[t]);
	ck_assert_int_eq(devmemhp_virt_to_phys(m, A64_VA(4 * GiB) + 12345, &pa, &shift), 0);
	ck_assert_uint_eq(pa, 4 * GiB + 12345);
	ck_assert_uint_eq(shift, 30);

	/* only 2 MiB aligned (5 GiB + 128 MiB): 512 PMD blocks over two new PMD tables */
	OP(m, devmemhp_add_memory(m, 0, 5 * GiB + 128 * MiB, GiB, 0), 0);
	c = tu_stats(m);
	l = leaves_in(m, DEVMEMHP_MAP_LINEAR, A64_VA(5 * GiB + 128 * MiB), A64_VA(6 * GiB + 128 * MiB));
	ck_assert_uint_eq(l.n[21], 512);
	ck_assert_uint_eq(l.n[30] + l.n[12], 0);
	ck_assert_uint_eq(c.direct_map_leaves[1] - b.direct_map_leaves[1], 512);
	ck_assert_uint_eq(c.direct_map_leaves[2], b.direct_map_leaves[2]);
	ck_assert_uint_eq(c.direct_map_table_pages[1] - b.direct_map_table_pages[1], 2);
	ck_assert_uint_eq(c.direct_map_table_pages[0], b.direct_map_table_pages[0]);

	/* a hot-add beyond the first 512 GiB of the linear map: a new PUD table,
	 * freed again on remove (free_empty_pud_table()) */
	OP(m, devmemhp_add_memory(m, 0, 513 * GiB, GiB, 0), 0);
	ck_assert_uint_eq(tu_stats(m).direct_map_table_pages[2] - c.direct_map_table_pages[2], 1);
	OP(m, devmemhp_remove_memory(m, 513 * GiB, GiB, 0), 0);
	ck_assert_uint_eq(tu_stats(m).direct_map_table_pages[2], c.direct_map_table_pages[2]);
	/* removing the 2M blocks frees their PMD tables */
	OP(m, devmemhp_remove_memory(m, 5 * GiB + 128 * MiB, GiB, 0), 0);
	ck_assert_uint_eq(tu_stats(m).direct_map_table_pages[1], b.direct_map_table_pages[1]);
	ck_assert_uint_eq(tu_stats(m).direct_map_leaves[1], 0);
	devmemhp_machine_unref(m);
}
END_TEST

/* 6.1.192 arch_add_memory(): max_pfn = max(max_pfn, PFN_UP(start + size)),
 * device memory included ("arm64: mm: Correct the update of max_pfn") */
START_TEST(test_arm64_max_pfn)
{
	struct devmemhp_machine *m = tu_machine("arm64", NULL);

	OP(m, devmemhp_add_memory(m, 0, 8 * GiB, GiB, 0), 0);
	ck_assert_uint_eq(tu_stats(m).max_pfn, PFN(9 * GiB));
	/* the lower add leaves it */
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	ck_assert_uint_eq(tu_stats(m).max_pfn, PFN(9 * GiB));
	/* nor does arch_remove_memory() lower it */
	OP(m, devmemhp_remove_memory(m, 8 * GiB, GiB, 0), 0);
	ck_assert_uint_eq(tu_stats(m).max_pfn, PFN(9 * GiB));
	/* addressable device memory goes through arch_add_memory() too */
	OP(m, devmemhp_add_memory(m, 0, 16 * GiB, 256 * MiB, DEV), 0);
	ck_assert_uint_eq(tu_stats(m).max_pfn, PFN(16 * GiB + 256 * MiB));
	/* DEVICE_PRIVATE takes the generic add_pages(): no change */
	OP(m, devmemhp_add_memory(m, 0, 32 * GiB, 256 * MiB, DEV_PRIVATE), 0);
	ck_assert_uint_eq(tu_stats(m).max_pfn, PFN(16 * GiB + 256 * MiB));
	devmemhp_machine_unref(m);
}
END_TEST

/* Device memory below phys_offset, even unaddressable, is refused on both
 * backends with a vmemmap that starts there: its struct pages would lie
 * below the vmemmap.  The API fuzzer found an add at 0 with an altmap that
 * succeeded with a memmap no count saw (devmemhp_check(): "0 vmemmap pages on
 * altmaps, but ranges account 512 altmap pages"). */
START_TEST(test_unaddressable_below_phys_offset)
{
	static const struct {
		const char *arch;
		uint64_t phys_offset;
	} t[] = { { "arm64", A64_PHYS_OFFSET }, { "riscv64", 2 * GiB } };

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct devmemhp_machine *m = tu_machine(t[i].arch, NULL);
		struct devmemhp_add_params p = {
			.size = sizeof(p), .start = 0, .length = 128 * MiB, .flags = DEV_PRIVATE,
			.altmap_free = 513,
		};
		char *boot = tu_dump(m);

		OP_ERR(m, devmemhp_add_memory_ex(m, &p), -EINVAL, "exceeds maximum addressable range");
		p.altmap_free = 0;
		p.start = t[i].phys_offset - 128 * MiB;
		OP_ERR(m, devmemhp_add_memory_ex(m, &p), -EINVAL, "exceeds maximum addressable range");
		tu_expect_dump(m, boot);
		/* from phys_offset on it goes in, its memmap counted */
		p.start = 64 * GiB;
		OP(m, devmemhp_add_memory_ex(m, &p), 0);
		devmemhp_machine_unref(m);
	}
}
END_TEST

/* DEVICE_PRIVATE: memmap, no linear map, inside and beyond its reach */
START_TEST(test_arm64_unaddressable)
{
	struct devmemhp_machine *m = tu_machine("arm64", NULL);
	const uint64_t start = 8 * GiB, top = (1ull << 48) - 256 * MiB;
	char *boot = tu_dump(m);
	struct devmemhp_stats a = tu_stats(m), b;
	struct devmemhp_page_info pi;
	struct leaves l;
	uint64_t pa, found;

	OP(m, devmemhp_add_memory(m, 0, start, 256 * MiB, DEV_PRIVATE), 0);
	b = tu_stats(m);
	l = leaves_in(m, DEVMEMHP_MAP_LINEAR, A64_VA(start), A64_VA(start + 256 * MiB));
	ck_assert_uint_eq(l.runs, 0);
	for (int i = 0; i < DEVMEMHP_MAX_LEVELS; i++) {
		ck_assert_uint_eq(b.direct_map_leaves[i], a.direct_map_leaves[i]);
		ck_assert_uint_eq(b.direct_map_table_pages[i], a.direct_map_table_pages[i]);
	}
	OP_ERR(m, devmemhp_virt_to_phys(m, A64_VA(start), &pa, NULL), -EFAULT, "is not mapped");
	pi = page(m, PFN(start));
	ck_assert_uint_eq(pi.state, DEVMEMHP_PAGE_PRESENT | DEVMEMHP_PAGE_DEVICE);
	ck_assert_int_eq(pi.zone, DEVMEMHP_ZONE_DEVICE);
	ck_assert_uint_eq(pi.memmap_va, A64_MEMMAP(PFN(start)));
	/* two whole sections: two PMD leaves of struct pages */
	l = leaves_in(m, DEVMEMHP_MAP_VMEMMAP, A64_MEMMAP(PFN(start)),
		      A64_MEMMAP(PFN(start + 256 * MiB)));
	ck_assert_uint_eq(l.n[21], 2);
	ck_assert_uint_eq(b.memmap_bytes - a.memmap_bytes, 4 * MiB);
	ck_assert_uint_eq(b.unaddressable_bytes, 256 * MiB);
	ck_assert_uint_eq(b.device_bytes, 256 * MiB);
	ck_assert_uint_eq(b.managed_bytes, a.managed_bytes);

	/* request_free_mem_region() starts at 2^MAX_PHYSMEM_BITS, far beyond the
	 * linear map: no mapping is needed, so mhp_range_allowed() lets it in */
	ck_assert_int_eq(devmemhp_find_free_region(m, 256 * MiB, &found), 0);
	ck_assert_uint_eq(found, top);
	OP(m, devmemhp_add_memory(m, 0, top, 256 * MiB, DEV_PRIVATE), 0);
	/* __va() of it wraps past PAGE_END into the vmemmap area, where nothing maps it */
	ck_assert_uint_eq(A64_VA(top), 0xffffffffb0000000ull);
	OP_ERR(m, devmemhp_virt_to_phys(m, A64_VA(top), &pa, NULL), -EFAULT, "is not mapped");
	pi = page(m, PFN(top));
	ck_assert_uint_eq(pi.state, DEVMEMHP_PAGE_PRESENT | DEVMEMHP_PAGE_DEVICE);
	ck_assert_uint_eq(pi.memmap_va, A64_MEMMAP(PFN(top)));
	ck_assert_uint_eq(leaves_in(m, DEVMEMHP_MAP_VMEMMAP, pi.memmap_va,
				    A64_MEMMAP(PFN(top + 256 * MiB))).n[21], 2);

	OP(m, devmemhp_remove_memory(m, top, 256 * MiB, DEV_PRIVATE), 0);
	OP(m, devmemhp_remove_memory(m, start, 256 * MiB, DEV_PRIVATE), 0);
	boot = with_device_zone(boot, PFN(start), PFN(top + 256 * MiB - start));
	ASSERT_DUMP(m, boot);
	devmemhp_machine_unref(m);
}
END_TEST

/* Addressable device memory: arch_add_memory() maps it like RAM */
START_TEST(test_arm64_device_round_trip)
{
	struct devmemhp_machine *m = tu_machine("arm64", A64_HOLE);
	char *boot = tu_dump(m);
	struct devmemhp_stats a = tu_stats(m), b;
	struct devmemhp_page_info pi;
	struct leaves l;
	uint64_t pa;
	unsigned int shift;

	/* in the hole below max_pfn (0x140000), so max_pfn stays */
	OP(m, devmemhp_add_memory(m, 0, 0x80000000, 512 * MiB, DEV), 0);
	b = tu_stats(m);
	ck_assert_uint_eq(b.max_pfn, 0x140000);
	l = leaves_in(m, DEVMEMHP_MAP_LINEAR, A64_VA(0x80000000), A64_VA(0xa0000000));
	ck_assert_uint_eq(l.n[12], 131072);
	ck_assert_uint_eq(b.direct_map_table_pages[0] - a.direct_map_table_pages[0], 256);
	ck_assert_uint_eq(b.direct_map_table_pages[1] - a.direct_map_table_pages[1], 1);
	ck_assert_int_eq(devmemhp_virt_to_phys(m, A64_VA(0x9ffff000), &pa, &shift), 0);
	ck_assert_uint_eq(pa, 0x9ffff000);
	ck_assert_uint_eq(shift, 12);
	pi = page(m, PFN(0x80000000));
	ck_assert_uint_eq(pi.state, DEVMEMHP_PAGE_PRESENT | DEVMEMHP_PAGE_DEVICE | DEVMEMHP_PAGE_MAPPED);
	ck_assert_uint_eq(pi.linear_va, A64_VA(0x80000000));
	ck_assert_uint_eq(b.device_bytes, 512 * MiB);
	ck_assert_uint_eq(b.unaddressable_bytes, 0);
	ck_assert_uint_eq(b.memmap_bytes - a.memmap_bytes, 8 * MiB);
	OP(m, devmemhp_remove_memory(m, 0x80000000, 512 * MiB, DEV), 0);
	boot = with_device_zone(boot, PFN(0x80000000), PFN(512 * MiB));
	ASSERT_DUMP(m, boot);
	devmemhp_machine_unref(m);
}
END_TEST

/* RAM: add, online, offline, remove, back to the boot machine byte for byte */
START_TEST(test_arm64_ram_round_trip)
{
	struct devmemhp_machine *m = tu_machine("arm64", A64_HOLE);
	char *boot = tu_dump(m);
	struct devmemhp_zone_info z;

	OP(m, add_plain(m, 0x80000000, GiB), 0);
	ck_assert_int_eq(tu_block(m, 16).online, 0);
	/* valid_zones: "DMA Movable", the default first */
	ck_assert_uint_eq(tu_block(m, 16).nr_valid_zones, 2);
	ck_assert_int_eq(tu_block(m, 16).valid_zones[0], DEVMEMHP_ZONE_DMA);
	ck_assert_int_eq(tu_block(m, 16).valid_zones[1], DEVMEMHP_ZONE_MOVABLE);
	OP(m, devmemhp_online_memory(m, 0x80000000, GiB, DEVMEMHP_ZONE_AUTO), 0);
	/* inside ZONE_DMA's span [1G, 4G): it joins DMA; [4G, 5G) is Normal */
	z = tu_zone(m, 0, DEVMEMHP_ZONE_DMA);
	ck_assert_uint_eq(z.start_pfn, 0x40000);
	ck_assert_uint_eq(z.spanned, 0xc0000);
	ck_assert_uint_eq(z.present, 0xc0000);
	ck_assert_uint_eq(z.present_early, 0x80000);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL).present, 0x40000);
	ck_assert_uint_eq(tu_stats(m).managed_bytes, 4 * GiB);
	OP(m, devmemhp_offline_memory(m, 0x80000000, GiB), 0);
	OP(m, devmemhp_remove_memory(m, 0x80000000, GiB, 0), 0);
	ASSERT_DUMP(m, boot);
	devmemhp_machine_unref(m);
}
END_TEST

/* mhp_range_allowed(): [__pa(PAGE_OFFSET), __pa(PAGE_END - 1)], the kernel's errno */
START_TEST(test_arm64_refused)
{
	struct devmemhp_machine *m = tu_machine("arm64", NULL);
	char *boot = tu_dump(m);
	const uint64_t beyond = A64_MAPPABLE_END + 1;

	OP_ERR(m, devmemhp_add_memory(m, 0, 0, 128 * MiB, 0), -E2BIG,
	       "Hotplug memory [0-0x8000000] exceeds maximum addressable range "
	       "[0x40000000-0x80003fffffff]");
	OP_ERR(m, devmemhp_add_memory(m, 0, beyond, 128 * MiB, 0), -E2BIG,
	       "exceeds maximum addressable range [0x40000000-0x80003fffffff]");
	/* the last block below it fits */
	ck_assert_uint_eq(beyond % (128 * MiB), 0);
	OP_ERR(m, devmemhp_add_memory(m, 0, 0x38000000, 128 * MiB, DEV), -EINVAL,
	       "exceeds maximum addressable range [0x40000000-0x80003fffffff]");
	OP_ERR(m, devmemhp_add_memory(m, 0, beyond, 2 * MiB, DEV_MOVABLE), -EINVAL,
	       "exceeds maximum addressable range");
	/* unaddressable memory needs no mapping: MAX_PHYSMEM_BITS, and phys_offset for its memmap */
	OP_ERR(m, devmemhp_add_memory(m, 0, 1ull << 48, 2 * MiB, DEV_PRIVATE), -EINVAL,
	       "exceeds maximum addressable range [0x40000000-0xffffffffffff]");
	ASSERT_DUMP(m, boot);
	/* ... and the last block the linear map reaches is fine */
	OP(m, devmemhp_add_memory(m, 0, beyond - 128 * MiB, 128 * MiB, 0), 0);
	ck_assert_uint_eq(tu_stats(m).max_pfn, PFN(beyond));
	devmemhp_machine_unref(m);
}
END_TEST

START_TEST(test_arm64_options)
{
	struct devmemhp_machine *m;
	struct devmemhp_zone_info z;
	char *text;

	ck_assert_int_eq(machine_new_rc("arm64", "rodata_full=2"), -EINVAL);
	ck_assert_int_eq(machine_new_rc("arm64", "debug_pagealloc=maybe"), -EINVAL);
	ck_assert_int_eq(machine_new_rc("arm64", "levels=3"), -EINVAL);
	ck_assert_int_eq(machine_new_rc("arm64", "phys_offset=0x48000000"), -EINVAL); /* PUD_SIZE */
	ck_assert_int_eq(machine_new_rc("arm64", "phys_offset=0x1000000000000"), -EINVAL);
	ck_assert_int_eq(machine_new_rc("arm64", "mode=sv39"), -EINVAL); /* riscv's */
	/* boot RAM below PHYS_OFFSET has no linear address */
	ck_assert_int_eq(machine_new_rc("arm64", "phys_offset=0x80000000"), -EINVAL);

	/* DRAM at 0: all of the low 4 GiB is DMA, the rest Normal */
	m = tu_machine("arm64", "phys_offset=0,boot=0-0x180000000,levels=4");
	ck_assert_uint_eq(geometry(m).phys_offset, 0);
	z = tu_zone(m, 0, DEVMEMHP_ZONE_DMA);
	ck_assert_uint_eq(z.start_pfn, 0);
	ck_assert_uint_eq(z.spanned, 0x100000);
	z = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(z.start_pfn, 0x100000);
	ck_assert_uint_eq(z.spanned, 0x80000);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_DMA32).spanned, 0);
	ck_assert_uint_eq(run_at(m, DEVMEMHP_MAP_LINEAR, A64_PAGE_OFFSET).pa, 0);
	devmemhp_machine_unref(m);

	/* DRAM above 4 GiB (max_zone_phys(): zone_mask = PHYS_ADDR_MAX): all DMA */
	m = tu_machine("arm64", "phys_offset=0x8000000000,boot=0x8000000000-0x8080000000");
	z = tu_zone(m, 0, DEVMEMHP_ZONE_DMA);
	ck_assert_uint_eq(z.start_pfn, PFN(0x8000000000ull));
	ck_assert_uint_eq(z.spanned, 0x80000);
	ck_assert_uint_eq(geometry(m).zone_dma_end, 1ull << 48);
	OP_ERR(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), -E2BIG,
	       "[0x8000000000-0x807fffffffff]");
	devmemhp_machine_unref(m);

	/* options that only boot can set */
	m = tu_machine("arm64", NULL);
	OP_ERR(m, devmemhp_machine_set_option(m, "rodata_full", "0"), -EPERM, "cannot change after boot");
	OP_ERR(m, devmemhp_machine_set_option(m, "zone_device", "0"), -EPERM, "cannot change after boot");
	devmemhp_machine_unref(m);

	/* Debian's arm64 config: no CONFIG_ZONE_DEVICE (the oracle's zoneinfo has
	 * DMA, DMA32, Normal and Movable), so no device memory */
	m = tu_machine("arm64", "zone_device=0");
	text = tu_view(m, DEVMEMHP_VIEW_ZONEINFO);
	ck_assert_ptr_null(strstr(text, "Device"));
	ck_assert_ptr_nonnull(strstr(text, "Node 0, zone  Movable\n"));
	free(text);
	OP_ERR(m, devmemhp_add_memory(m, 0, 8 * GiB, 256 * MiB, DEV), -EOPNOTSUPP,
	       "arm64 has no ZONE_DEVICE (zone_device=0)");
	OP_ERR(m, devmemhp_add_memory(m, 0, 8 * GiB, 256 * MiB, DEV_PRIVATE), -EOPNOTSUPP,
	       "(zone_device=0)");
	OP(m, devmemhp_add_memory(m, 0, 8 * GiB, 256 * MiB, 0), 0);
	devmemhp_machine_unref(m);
}
END_TEST

/* The vmemmap as 6.1.192's vmemmap_populate() makes it: PMD leaves for a whole
 * section whatever rodata_full says, base pages below that, from the altmap too */
START_TEST(test_arm64_vmemmap)
{
	struct devmemhp_machine *m = tu_machine("arm64", "memmap_on_memory=1");
	struct devmemhp_add_params p = { .size = sizeof(p), .start = 16 * GiB, .length = 2 * MiB,
					 .flags = DEV, .altmap_free = 64 };
	struct devmemhp_stats a = tu_stats(m), b;
	struct leaves l;
	uint64_t pa;

	/* memmap_on_memory: the block's 2 MiB memmap is one PMD leaf on itself */
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, 128 * MiB, 0), 0);
	b = tu_stats(m);
	ck_assert_uint_eq(b.memmap_altmap_bytes, 2 * MiB);
	ck_assert_uint_eq(b.memmap_bytes, a.memmap_bytes);
	ck_assert_uint_eq(tu_block(m, 32).nr_vmemmap_pages, 512);
	ck_assert_int_eq(devmemhp_virt_to_phys(m, A64_MEMMAP(PFN(4 * GiB)), &pa, NULL), 0);
	ck_assert_uint_eq(pa, 4 * GiB);

	/* a 2 MiB device range: 32 KiB of memmap, 8 base pages taken from its altmap */
	OP(m, devmemhp_add_memory_ex(m, &p), 0);
	a = b;
	b = tu_stats(m);
	l = leaves_in(m, DEVMEMHP_MAP_VMEMMAP, A64_MEMMAP(PFN(16 * GiB)),
		      A64_MEMMAP(PFN(16 * GiB + 2 * MiB)));
	ck_assert_uint_eq(l.n[12], 8);
	ck_assert_uint_eq(l.n[21], 0);
	ck_assert_uint_eq(l.prot & DEVMEMHP_PROT_ALTMAP, DEVMEMHP_PROT_ALTMAP);
	ck_assert_uint_eq(b.memmap_altmap_bytes - a.memmap_altmap_bytes, 32 * KiB);
	ck_assert_uint_eq(b.memmap_bytes, a.memmap_bytes);
	ck_assert_uint_eq(b.vmemmap_table_pages[0] - a.vmemmap_table_pages[0], 1);
	devmemhp_machine_unref(m);
}
END_TEST

/*
 * The oracle's machine (oracle/arm64: QEMU virt under UEFI, 1 GiB): iomem's
 * System RAM and the NOMAP memory edk2 reports, the top-level "reserved" at
 * 64 MiB and the two EFI reservations; memstart_addr (PHYS_OFFSET) is 0.
 */
#define A64_ORACLE                                                                       \
	"kernel=6.1,phys_offset=0,boot=0x04000000-0x08000000:nomap;0x40000000-0x7c440000;" \
	"0x7c440000-0x7c730000:nomap;0x7c730000-0x7fc00000;0x7fc00000-0x7ffe0000:nomap;"    \
	"0x7ffe0000-0x80000000"
/* Its kernel image [_stext, __init_begin), iomem's "Kernel code" 76410000-77a5ffff,
 * whose linear alias map_mem() maps apart, after the rest, with NO_CONT_MAPPINGS */
#define A64_IMAGE "kernel_image=0x76410000-0x77a60000"
#define A64_ORACLE_IMAGE A64_ORACLE "," A64_IMAGE
/* A64_ORACLE with the kernel image left out of the boot RAM altogether */
#define A64_ORACLE_NO_IMAGE                                                              \
	"kernel=6.1,phys_offset=0,boot=0x04000000-0x08000000:nomap;0x40000000-0x76410000;" \
	"0x77a60000-0x7c440000;0x7c440000-0x7c730000:nomap;0x7c730000-0x7fc00000;"          \
	"0x7fc00000-0x7ffe0000:nomap;0x7ffe0000-0x80000000"
/* the NOMAP pages of A64_ORACLE */
#define A64_NOMAP_PAGES PFN(0x4000000 + 0x2f0000 + 0x3e0000)

/* NOMAP memory: present in ZONE_DMA with struct pages and memory0, but no
 * System RAM, never managed, not in the linear map (results/baseline/boot) */
START_TEST(test_arm64_nomap)
{
	struct devmemhp_machine *m = tu_machine("arm64", A64_ORACLE);
	struct devmemhp_zone_info z = tu_zone(m, 0, DEVMEMHP_ZONE_DMA);
	struct devmemhp_page_info pi;
	struct devmemhp_mapping run;
	struct leaves l;
	char *text, *boot;
	uint64_t va;

	text = tu_view(m, DEVMEMHP_VIEW_IOMEM); /* iomem.txt's top-level memory lines */
	ck_assert_str_eq(text, "04000000-07ffffff : reserved\n"
			       "40000000-7c43ffff : System RAM\n"
			       "7c440000-7c72ffff : reserved\n"
			       "7c730000-7fbfffff : System RAM\n"
			       "7fc00000-7ffdffff : reserved\n"
			       "7ffe0000-7fffffff : System RAM\n");
	free(text);
	/* zones.txt: DMA start_pfn=16384 spanned=507904 present=278528 */
	ck_assert_uint_eq(z.start_pfn, 16384);
	ck_assert_uint_eq(z.spanned, 507904);
	ck_assert_uint_eq(z.present, 278528);
	/* memblock_free_all() frees no NOMAP page (the kernel's own reservations
	 * make the recorded 247817 smaller still) */
	ck_assert_uint_eq(z.managed, 278528 - A64_NOMAP_PAGES);
	/* memory-blocks.txt: memory0 and memory8..15, online, DMA */
	ck_assert_uint_eq(tu_stats(m).memory_blocks, 9);
	ck_assert_uint_eq(tu_stats(m).memory_blocks_online, 9);
	ck_assert_int_eq(tu_block(m, 0).zone, DEVMEMHP_ZONE_DMA);
	ck_assert_int_eq(tu_block(m, 0).early, 1);
	ck_assert_int_eq(tu_block(m, 0).removable, 1);
	ck_assert_uint_eq(tu_stats(m).max_pfn, 0x80000);
	/* ptwalk-vmemmap.txt: 1 x 2M for section 0, 8 x 2M for sections 8..15 */
	run = run_at(m, DEVMEMHP_MAP_VMEMMAP, A64_VMEMMAP);
	ck_assert_uint_eq(run.va_end, 0xfffffc0000200000ull);
	ck_assert_uint_eq(run.page_shift, 21);
	run = run_at(m, DEVMEMHP_MAP_VMEMMAP, 0xfffffc0001000000ull);
	ck_assert_uint_eq(run.va_end, 0xfffffc0002000000ull);
	ck_assert_uint_eq(tu_stats(m).memmap_bytes, 18432 * KiB);
	/* ptwalk-directmap.txt: 4k=1021120 kB and 2M=20480 kB (the kernel image's
	 * alias, which the model maps as the rest), nothing over NOMAP memory */
	l = leaves_in(m, DEVMEMHP_MAP_LINEAR, A64_PAGE_OFFSET, A64_PAGE_END);
	ck_assert_uint_eq(l.n[12] * 4, 1021120 + 20480);
	ck_assert_uint_eq(l.runs, 3);
	ck_assert_uint_eq(run_at(m, DEVMEMHP_MAP_LINEAR, A64_PAGE_OFFSET + 0x7c730000).va_end,
			  A64_PAGE_OFFSET + 0x7fc00000);
	OP_ERR(m, devmemhp_phys_to_virt(m, 0x04000000, &va), -EFAULT, "no linear-map entry");
	pi = page(m, PFN(0x04000000));
	ck_assert_uint_eq(pi.state, DEVMEMHP_PAGE_PRESENT | DEVMEMHP_PAGE_ONLINE | DEVMEMHP_PAGE_EARLY);
	ck_assert_int_eq(pi.zone, DEVMEMHP_ZONE_DMA);
	ck_assert_uint_eq(pi.block, 0);
	ck_assert_uint_eq(pi.memmap_va, A64_VMEMMAP + PFN(0x04000000) * 64);

	/* offline_pages(): walk_system_ram_range() finds "memory holes" */
	boot = tu_dump(m);
	OP(m, devmemhp_offline_memory(m, 0, 128 * MiB), -EINVAL);
	OP(m, devmemhp_offline_memory(m, 0x78000000, 128 * MiB), -EINVAL);
	/* the boot made the "reserved" of NOMAP memory, nobody may take it away */
	OP_ERR(m, devmemhp_resource_remove(m, 0x04000000, 64 * MiB, "reserved"), -EBUSY,
	       "holds boot RAM");
	/* its section is present */
	OP(m, devmemhp_add_memory(m, 0, 0, 128 * MiB, 0), -EEXIST);
	ASSERT_DUMP(m, boot);
	/* a block without holes goes */
	OP(m, devmemhp_offline_memory(m, 0x70000000, 128 * MiB), 0);
	devmemhp_machine_unref(m);

	/* at least one range must be RAM; a kind must be nomap, after the node */
	ck_assert_int_eq(machine_new_rc("arm64", "boot=0x40000000-0x80000000:nomap"), -EINVAL);
	ck_assert_int_eq(machine_new_rc("arm64", "boot=0x40000000-0x80000000:ram"), -EINVAL);
	ck_assert_int_eq(machine_new_rc("arm64", "boot=0x40000000-0x80000000:nomap@0"), -EINVAL);
	m = tu_machine("arm64", "boot=0x40000000-0x80000000@0:nomap;0x80000000-0xc0000000");
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_DMA).present, PFN(2 * GiB));
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_DMA).managed, PFN(GiB));
	devmemhp_machine_unref(m);
}
END_TEST

/* Leaves of the linear map in [pa, pa_end), in kB by kind, as the oracle's
 * walk counts them ("# by kind: 4k= 4k-cont= 2M= 2M-cont= 1G="). */
struct kinds {
	uint64_t kb_4k, kb_4k_cont, kb_2m, kb_2m_cont, kb_1g;
};

static struct kinds kinds_in(struct devmemhp_machine *m, uint64_t pa, uint64_t pa_end)
{
	struct tu_map_list l = tu_mappings(m, DEVMEMHP_MAP_LINEAR, A64_PAGE_OFFSET + pa,
					   A64_PAGE_OFFSET + pa_end);
	struct kinds k = { 0 };

	for (size_t i = 0; i < l.n; i++) {
		uint64_t kb = (l.v[i].va_end - l.v[i].va) >> 10;
		bool cont = l.v[i].prot & DEVMEMHP_PROT_CONT;

		/* the kernel image's alias is read-only (mark_linear_text_alias_ro()) */
		ck_assert_uint_eq(l.v[i].prot & ~DEVMEMHP_PROT_CONT & ~DEVMEMHP_PROT_RW,
				  KERNEL_PROT & ~DEVMEMHP_PROT_RW);
		if (l.v[i].page_shift == 12)
			*(cont ? &k.kb_4k_cont : &k.kb_4k) += kb;
		else if (l.v[i].page_shift == 21)
			*(cont ? &k.kb_2m_cont : &k.kb_2m) += kb;
		else
			k.kb_1g += kb;
		ck_assert_msg(!cont || l.v[i].page_shift != 30, "a 1G block with the hint");
	}
	free(l.v);
	return k;
}

/*
 * The contiguous hint with rodata=on (rodata_full=0), from the oracle's
 * README: alloc_init_cont_pte() / alloc_init_cont_pmd() set PTE_CONT on 16
 * aligned entries that one call maps whole; it changes no count.
 */
START_TEST(test_arm64_cont)
{
	struct devmemhp_machine *m = tu_machine("arm64", A64_ORACLE_IMAGE ",rodata_full=0");
	struct devmemhp_stats a = tu_stats(m), b;
	struct kinds k = kinds_in(m, 0, 4 * GiB);

	/*
	 * boot, rodata=on: 4k=2368 kB, 4k-cont=2944 kB (46 x 64K), 2M=86016 kB,
	 * 2M-cont=950272 kB (29 x 32M).  The kernel image's alias is 496 + 96
	 * pages and 10 x 2M without the hint; around it map_mem()'s calls end and
	 * start, so 0x76000000-0x78000000 is no 32M run of one call.
	 */
	ck_assert_uint_eq(k.kb_4k, 2368);
	ck_assert_uint_eq(k.kb_4k_cont, 2944);
	ck_assert_uint_eq(k.kb_4k_cont / 64, 46);
	ck_assert_uint_eq(k.kb_2m, 86016);
	ck_assert_uint_eq(k.kb_2m_cont, 950272);
	ck_assert_uint_eq(k.kb_2m_cont / (32 * 1024), 29);
	ck_assert_uint_eq(k.kb_1g, 0);
	k = kinds_in(m, 0x76000000, 0x78000000);
	ck_assert_uint_eq(k.kb_2m, 14 * 2048);                  /* 2 + 10 + 2 blocks */
	ck_assert_uint_eq(k.kb_4k_cont, 64 + 416 * 4);          /* 0x76400000, 0x77a60000 */
	ck_assert_uint_eq(k.kb_4k, (496 + 96) * 4);             /* the alias's pages */
	ck_assert_uint_eq(k.kb_2m_cont, 0);

	/* a GiB at 0x88000000: 512 x 2M = 32 x 32M, all with the hint */
	OP(m, devmemhp_add_memory(m, 0, 0x88000000, GiB, 0), 0);
	b = tu_stats(m);
	k = kinds_in(m, 0x88000000, 0xc8000000);
	ck_assert_uint_eq(k.kb_2m_cont, 1048576);
	ck_assert_uint_eq(k.kb_2m + k.kb_4k + k.kb_4k_cont + k.kb_1g, 0);
	/* the hint changes no count */
	ck_assert_uint_eq(b.direct_map_leaves[1] - a.direct_map_leaves[1], 512);
	ck_assert_uint_eq(b.direct_map_table_pages[1] - a.direct_map_table_pages[1], 2);
	ck_assert_uint_eq(b.direct_map_table_pages[0], a.direct_map_table_pages[0]);
	OP(m, devmemhp_remove_memory(m, 0x88000000, GiB, 0), 0);

	/* at 0x80000000: one 1G block */
	OP(m, devmemhp_add_memory(m, 0, 0x80000000, GiB, 0), 0);
	k = kinds_in(m, 0x80000000, 0xc0000000);
	ck_assert_uint_eq(k.kb_1g, 1048576);
	ck_assert_uint_eq(k.kb_2m + k.kb_2m_cont + k.kb_4k + k.kb_4k_cont, 0);
	OP(m, devmemhp_remove_memory(m, 0x80000000, GiB, 0), 0);

	/* virtio-mem adds 128 MiB at a time: 512 x 2M, all CONT, never a 1G block */
	for (uint64_t at = 0x80000000; at < 0xc0000000; at += 128 * MiB)
		OP(m, devmemhp_add_memory(m, 0, at, 128 * MiB, 0), 0);
	k = kinds_in(m, 0x80000000, 0xc0000000);
	ck_assert_uint_eq(k.kb_2m_cont, 1048576);
	ck_assert_uint_eq(k.kb_2m + k.kb_1g + k.kb_4k + k.kb_4k_cont, 0);
	devmemhp_machine_unref(m);

	/* rodata=full (the default): 262144 x 4K, no hint, at boot nor hot-added;
	 * only the kernel image's alias has blocks: 4k=1021120 kB, 2M=20480 kB */
	m = tu_machine("arm64", A64_ORACLE_IMAGE);
	OP(m, devmemhp_add_memory(m, 0, 0x80000000, GiB, 0), 0);
	k = kinds_in(m, 0, 4 * GiB);
	ck_assert_uint_eq(k.kb_4k, 1021120 + 1048576);
	ck_assert_uint_eq(k.kb_2m, 20480);
	ck_assert_uint_eq(k.kb_4k_cont + k.kb_2m_cont + k.kb_1g, 0);
	devmemhp_machine_unref(m);
	/* without kernel_image=, the alias is mapped as the rest */
	m = tu_machine("arm64", A64_ORACLE);
	k = kinds_in(m, 0, 4 * GiB);
	ck_assert_uint_eq(k.kb_4k, 1021120 + 20480);
	ck_assert_uint_eq(k.kb_4k_cont + k.kb_2m + k.kb_2m_cont + k.kb_1g, 0);
	devmemhp_machine_unref(m);
}
END_TEST

/*
 * kernel_image=: map_mem() (v6.1 arch/arm64/mm/mmu.c) marks [_stext,
 * __init_begin) NOMAP while it maps the memblocks, then maps its linear alias
 * on its own with NO_CONT_MAPPINGS only (blocks whatever rodata says), and
 * mark_linear_text_alias_ro() takes the write permission away.
 */
START_TEST(test_arm64_kernel_image)
{
	struct devmemhp_machine *m = tu_machine("arm64", A64_ORACLE_IMAGE);
	struct devmemhp_geometry g = geometry(m);
	struct devmemhp_mapping run;
	uint64_t pa;
	unsigned int shift;

	ck_assert_uint_eq(g.kernel_image_leaf_levels, 0x7);
	ck_assert_uint_eq(g.kernel_image_start, 0x76410000);
	ck_assert_uint_eq(g.kernel_image_end, 0x77a60000);
	/* rodata=full: pages up to the image, then its alias: 496 pages, 10 blocks,
	 * 96 pages, read-only */
	run = run_at(m, DEVMEMHP_MAP_LINEAR, A64_PAGE_OFFSET + 0x40000000);
	ck_assert_uint_eq(run.va_end, A64_PAGE_OFFSET + 0x76410000);
	ck_assert_uint_eq(run.prot, KERNEL_PROT);
	run = run_at(m, DEVMEMHP_MAP_LINEAR, A64_PAGE_OFFSET + 0x76410000);
	ck_assert_uint_eq(run.va_end, A64_PAGE_OFFSET + 0x76600000);
	ck_assert_uint_eq(run.page_shift, 12);
	ck_assert_uint_eq(run.prot, KERNEL_PROT & ~DEVMEMHP_PROT_RW);
	run = run_at(m, DEVMEMHP_MAP_LINEAR, A64_PAGE_OFFSET + 0x76600000);
	ck_assert_uint_eq(run.va_end, A64_PAGE_OFFSET + 0x77a00000);
	ck_assert_uint_eq(run.page_shift, 21);
	ck_assert_uint_eq(run.prot, KERNEL_PROT & ~DEVMEMHP_PROT_RW);
	run = run_at(m, DEVMEMHP_MAP_LINEAR, A64_PAGE_OFFSET + 0x77a00000);
	ck_assert_uint_eq(run.va_end, A64_PAGE_OFFSET + 0x77a60000);
	ck_assert_uint_eq(run.page_shift, 12);
	ck_assert_int_eq(devmemhp_virt_to_phys(m, A64_PAGE_OFFSET + 0x77000123, &pa, &shift), 0);
	ck_assert_uint_eq(pa, 0x77000123);
	ck_assert_uint_eq(shift, 21);
	/* the image is boot RAM like the rest: System RAM, its blocks, its zone */
	ck_assert_uint_eq(tu_stats(m).memory_blocks, 9);
	ck_assert_int_eq(devmemhp_machine_set_option(m, "kernel_image", "0-0"), -EPERM);
	devmemhp_machine_unref(m);

	/* the image may start or end a boot range, or take one whole */
	m = tu_machine("arm64", "boot=0x40000000-0x80000000,rodata_full=0,"
				"kernel_image=0x40000000-0x40400000");
	run = run_at(m, DEVMEMHP_MAP_LINEAR, A64_VA(0x40000000));
	ck_assert_uint_eq(run.va_end, A64_VA(0x40400000));
	ck_assert_uint_eq(run.page_shift, 21);
	ck_assert_uint_eq(run.prot, KERNEL_PROT & ~DEVMEMHP_PROT_RW); /* no hint */
	run = run_at(m, DEVMEMHP_MAP_LINEAR, A64_VA(0x40400000));
	ck_assert_uint_eq(run.va_end, A64_VA(0x42000000));
	ck_assert_uint_eq(run.prot, KERNEL_PROT);                     /* 15 x 2M, no 32M run */
	ck_assert_uint_eq(run_at(m, DEVMEMHP_MAP_LINEAR, A64_VA(0x42000000)).prot,
			  KERNEL_PROT | DEVMEMHP_PROT_CONT);
	devmemhp_machine_unref(m);
	m = tu_machine("arm64", "boot=0x40000000-0x40200000;0x40200000-0x40400000,"
				"kernel_image=0x40200000-0x40400000");
	ck_assert_uint_eq(run_at(m, DEVMEMHP_MAP_LINEAR, A64_VA(0x40200000)).page_shift, 21);
	ck_assert_uint_eq(run_at(m, DEVMEMHP_MAP_LINEAR, A64_VA(0x40000000)).page_shift, 12);
	devmemhp_machine_unref(m);
	/* an empty range: no image */
	m = tu_machine("arm64", "kernel_image=0x50000000-0x50000000");
	ck_assert_uint_eq(geometry(m).kernel_image_end, 0);
	devmemhp_machine_unref(m);

	/* whole pages of one range of boot RAM that map_mem() maps */
	ck_assert_int_eq(machine_new_rc("arm64", "kernel_image=0x40000800-0x40400000"), -EINVAL);
	ck_assert_int_eq(machine_new_rc("arm64", "kernel_image=0x40400000-0x40000000"), -EINVAL);
	ck_assert_int_eq(machine_new_rc("arm64", "kernel_image=0x40000000"), -EINVAL);
	ck_assert_int_eq(machine_new_rc("arm64", "kernel_image=0xbfe00000-0xc0200000"), -EINVAL);
	ck_assert_int_eq(machine_new_rc("arm64", A64_ORACLE ",kernel_image=0x7c400000-0x7c800000"),
			 -EINVAL);
	ck_assert_int_eq(machine_new_rc("arm64", A64_ORACLE ",kernel_image=0x04000000-0x04200000"),
			 -EINVAL);
	/* an arm64 option */
	ck_assert_int_eq(machine_new_rc("x86_64", "kernel_image=0x1000000-0x2000000"), -EINVAL);
}
END_TEST

/*
 * DEVMEMHP_VIEW_PTDUMP in arm64's format (arch/arm64/mm/ptdump.c v6.1):
 * pte_bits[] gives a kernel leaf "RW NX SHD AF", "CON" with the hint, "BLK"
 * above the PTEs, "UXN", and the MAIR type: map_mem() and pgprot_mhp() map RAM
 * NORMAL_TAGGED (the oracle's walks), memremap_pages() PAGE_KERNEL.
 */
START_TEST(test_arm64_ptdump)
{
	struct devmemhp_machine *m = tu_machine("arm64", A64_ORACLE_NO_IMAGE ",rodata_full=0");
	char *text;

	OP(m, devmemhp_add_memory(m, 0, 0x88000000, GiB, 0), 0);
	OP(m, devmemhp_add_memory(m, 0, 0x100000000, 4 * MiB, DEV), 0);
	text = tu_view(m, DEVMEMHP_VIEW_PTDUMP);
	ck_assert_msg(strstr(text,
		"---[ Linear Mapping start ]---\n"
		"0xffff000000000000-0xffff000040000000           1G PUD\n"
		"0xffff000040000000-0xffff000076000000         864M PMD       RW NX SHD AF    CON BLK UXN    MEM/NORMAL-TAGGED\n"
		"0xffff000076000000-0xffff000076400000           4M PMD       RW NX SHD AF        BLK UXN    MEM/NORMAL-TAGGED\n"
		"0xffff000076400000-0xffff000076410000          64K PTE       RW NX SHD AF    CON     UXN    MEM/NORMAL-TAGGED\n"
		"0xffff000076410000-0xffff000076600000        1984K PTE\n") != NULL, "%s", text);
	/* the hot-added GiB, then the device memory: two 2M blocks, too few for the hint */
	ck_assert_msg(strstr(text,
		"0xffff000088000000-0xffff0000c8000000           1G PMD       RW NX SHD AF    CON BLK UXN    MEM/NORMAL-TAGGED\n"
		"0xffff0000c8000000-0xffff000100000000         896M PMD\n"
		"0xffff000100000000-0xffff000100400000           4M PMD       RW NX SHD AF        BLK UXN    MEM/NORMAL\n"
		"0xffff000100400000-0xffff000140000000        1020M PMD\n") != NULL, "%s", text);
	ck_assert_msg(strstr(text,
		"0xffff008000000000-0xffff800000000000      130560G PGD\n"
		"---[ Linear Mapping end ]---\n"
		"---[ vmemmap start ]---\n"
		"0xfffffc0000000000-0xfffffc0000200000           2M PMD       RW NX SHD AF        BLK UXN    MEM/NORMAL\n") != NULL,
		"%s", text);
	ck_assert_msg(strstr(text, "0xfffffc8000000000-0xfffffe0000000000        1536G PGD\n"
				   "---[ vmemmap end ]---\n") != NULL, "%s", text);
	free(text);
	devmemhp_machine_unref(m);
}
END_TEST

/* ==== riscv64 ==================================================================== */

START_TEST(test_riscv_defaults)
{
	struct devmemhp_machine *m = tu_machine("riscv64", NULL);
	struct devmemhp_geometry g = geometry(m);
	struct devmemhp_stats s = tu_stats(m);
	struct devmemhp_zone_info z;
	struct devmemhp_mapping run;
	struct devmemhp_page_info pi;
	char *text;
	uint64_t va;

	/* Sv57 */
	ck_assert_uint_eq(g.page_shift, 12);
	ck_assert_uint_eq(g.levels, 5);
	for (unsigned int l = 0; l < 5; l++)
		ck_assert_uint_eq(g.level_bits[l], 9);
	ck_assert_uint_eq(g.leaf_levels, 0xf);       /* 4K, 2M, 1G and 512G (P4D) */
	ck_assert_uint_eq(g.free_table_levels, 0x7); /* not the P4D tables under the PGD */
	ck_assert_uint_eq(g.phys_bits, 64);
	ck_assert_uint_eq(g.max_physmem_bits, 56);
	ck_assert_uint_eq(g.linear_base, RV57_PAGE_OFFSET);
	ck_assert_uint_eq(g.linear_size, RV57_PAGE_END - RV57_PAGE_OFFSET);
	ck_assert_uint_eq(g.linear_size, 0x7f000000000000ull);
	ck_assert_uint_eq(g.vmemmap_base, RV57_VMEMMAP);
	ck_assert_uint_eq(g.section_shift, 27);
	ck_assert_uint_eq(g.subsection_shift, 21);
	ck_assert_uint_eq(g.struct_page_size, 64);
	ck_assert_uint_eq(g.block_size, 128 * MiB);
	ck_assert_uint_eq(g.zone_dma_end, 0);
	ck_assert_uint_eq(g.zone_dma32_end, 4 * GiB);
	ck_assert_uint_eq(g.zone_highmem_start, 0);
	ck_assert_uint_eq(g.linear_view_end, 0);
	ck_assert_uint_eq(g.vmemmap_view_end, RV57_VMEMMAP_END);
	ck_assert_uint_eq(g.phys_offset, RV_PHYS);
	ck_assert_uint_eq(g.directmap_levels, 0);
	ck_assert_uint_eq(g.vmemmap_mode, DEVMEMHP_VMEMMAP_LARGE);
	ck_assert_uint_eq(g.va_prefix, 0);

	/* QEMU virt with 2 GiB, OpenSBI's 2 MiB off: all DMA32, no ZONE_DMA */
	z = tu_zone(m, 0, DEVMEMHP_ZONE_DMA32);
	ck_assert_uint_eq(z.start_pfn, 0x80200);
	ck_assert_uint_eq(z.spanned, 523776);
	ck_assert_uint_eq(z.present, 523776);
	ck_assert_uint_eq(z.managed, 523776);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL).spanned, 0);
	text = tu_view(m, DEVMEMHP_VIEW_MEMINFO);
	ck_assert_str_eq(text, "MemTotal:        2095104 kB\n" "MemFree:         2095104 kB\n");
	free(text);
	text = tu_view(m, DEVMEMHP_VIEW_IOMEM);
	ck_assert_str_eq(text, "80200000-ffffffff : System RAM\n");
	free(text);
	text = tu_view(m, DEVMEMHP_VIEW_ZONEINFO); /* CONFIG_ZONE_DMA32 only */
	ck_assert_str_eq(text, "Node 0, zone    DMA32\n"
			       "        spanned  523776\n"
			       "        present  523776\n"
			       "        managed  523776\n"
			       "  start_pfn:           524800\n"
			       "Node 0, zone   Normal\n"
			       "        spanned  0\n"
			       "        present  0\n"
			       "        managed  0\n"
			       "Node 0, zone  Movable\n"
			       "        spanned  0\n"
			       "        present  0\n"
			       "        managed  0\n"
			       "Node 0, zone   Device\n"
			       "        spanned  0\n"
			       "        present  0\n"
			       "        managed  0\n");
	free(text);
	ck_assert_uint_eq(s.memory_blocks, 16);
	ck_assert_int_eq(tu_block(m, 16).zone, DEVMEMHP_ZONE_DMA32);
	ck_assert_uint_eq(s.max_pfn, 0x100000);

	/* best_map_size(): 511 PMD leaves up to 3 GiB, then a PUD leaf */
	run = run_at(m, DEVMEMHP_MAP_LINEAR, RV57_PAGE_OFFSET + 2 * MiB);
	ck_assert_uint_eq(run.va_end, RV57_PAGE_OFFSET + GiB);
	ck_assert_uint_eq(run.pa, 0x80200000);
	ck_assert_uint_eq(run.page_shift, 21);
	run = run_at(m, DEVMEMHP_MAP_LINEAR, RV57_PAGE_OFFSET + GiB);
	ck_assert_uint_eq(run.va_end, RV57_PAGE_OFFSET + 2 * GiB);
	ck_assert_uint_eq(run.page_shift, 30);
	ck_assert_uint_eq(s.direct_map_leaves[1], 511);
	ck_assert_uint_eq(s.direct_map_leaves[2], 1);
	ck_assert_uint_eq(s.direct_map_leaves[0] + s.direct_map_leaves[3], 0);
	/* pgtable_cache_init(): a P4D table under each of the direct map's 127 PGD
	 * entries; one PUD and one PMD table hold the boot RAM */
	ck_assert_uint_eq(s.direct_map_table_pages[3], 127);
	ck_assert_uint_eq(s.direct_map_table_pages[2], 1);
	ck_assert_uint_eq(s.direct_map_table_pages[1], 1);
	ck_assert_uint_eq(s.direct_map_table_pages[0], 0);
	/* the vmemmap: 16 PMD leaves; of its 4 preallocated P4D tables, the
	 * statistics (which stop at the struct page of 2^56) hold the 3 whole ones */
	run = run_at(m, DEVMEMHP_MAP_VMEMMAP, RV57_VMEMMAP);
	ck_assert_uint_eq(run.va_end, RV57_VMEMMAP + 32 * MiB);
	ck_assert_uint_eq(run.page_shift, 21);
	ck_assert_uint_eq(s.vmemmap_table_pages[3], 3);
	ck_assert_uint_eq(s.vmemmap_table_pages[2], 1);
	ck_assert_uint_eq(s.vmemmap_table_pages[1], 1);
	ck_assert_uint_eq(s.memmap_bytes, 32 * MiB);

	ck_assert_int_eq(devmemhp_phys_to_virt(m, 0x80200000, &va), 0);
	ck_assert_uint_eq(va, RV57_PAGE_OFFSET + 2 * MiB);
	pi = page(m, PFN(0x80200000));
	ck_assert_uint_eq(pi.state, DEVMEMHP_PAGE_PRESENT | DEVMEMHP_PAGE_ONLINE |
					    DEVMEMHP_PAGE_MAPPED | DEVMEMHP_PAGE_EARLY);
	ck_assert_uint_eq(pi.memmap_va, RV57_VMEMMAP + 0x200 * 64);
	ck_assert_uint_eq(pi.linear_page_shift, 21);
	devmemhp_machine_unref(m);
}
END_TEST

/* Sv39 and Sv48: their PAGE_OFFSET, KASAN_SHADOW_START and vmemmap */
START_TEST(test_riscv_modes)
{
	static const struct {
		const char *opt;
		unsigned int levels, leaf, free, physmem_bits;
		uint64_t page_offset, page_end, vmemmap, vmemmap_end;
		uint64_t boot_pmd, boot_pud, prealloc;
	} modes[] = {
		/* no PUD leaves without pgtable_l4_enabled; 132 PMD tables for 132 GiB */
		{ "mode=sv39", 3, 0x3, 0x1, 38, RV39_PAGE_OFFSET, RV39_PAGE_END, RV39_VMEMMAP,
		  RV39_VMEMMAP_END, 1023, 0, 132 },
		{ "levels=3", 3, 0x3, 0x1, 38, RV39_PAGE_OFFSET, RV39_PAGE_END, RV39_VMEMMAP,
		  RV39_VMEMMAP_END, 1023, 0, 132 },
		/* 128 PUD tables for 64 TiB */
		{ "mode=sv48", 4, 0x7, 0x3, 47, RV48_PAGE_OFFSET, RV48_PAGE_END, RV48_VMEMMAP,
		  RV48_VMEMMAP_END, 511, 1, 128 },
		{ "mode=sv57", 5, 0xf, 0x7, 56, RV57_PAGE_OFFSET, RV57_PAGE_END, RV57_VMEMMAP,
		  RV57_VMEMMAP_END, 511, 1, 127 },
	};

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		struct devmemhp_machine *m = tu_machine("riscv64", modes[i].opt);
		struct devmemhp_geometry g = geometry(m);
		struct devmemhp_stats s = tu_stats(m);

		ck_assert_uint_eq(g.levels, modes[i].levels);
		ck_assert_uint_eq(g.level_bits[g.levels - 1], 9);
		ck_assert_uint_eq(g.leaf_levels, modes[i].leaf);
		ck_assert_uint_eq(g.free_table_levels, modes[i].free);
		ck_assert_uint_eq(g.max_physmem_bits, modes[i].physmem_bits);
		ck_assert_uint_eq(g.linear_base, modes[i].page_offset);
		ck_assert_uint_eq(g.linear_size, modes[i].page_end - modes[i].page_offset);
		ck_assert_uint_eq(g.vmemmap_base, modes[i].vmemmap);
		ck_assert_uint_eq(g.vmemmap_view_end, modes[i].vmemmap_end);
		/* VMEMMAP_SIZE holds the struct pages of 2^(VA_BITS - 1) bytes */
		ck_assert_uint_eq(modes[i].vmemmap_end - modes[i].vmemmap,
				  (1ull << (12 + 9 * g.levels - 1)) / 4096 * 64);
		ck_assert_uint_eq(s.direct_map_leaves[1], modes[i].boot_pmd);
		ck_assert_uint_eq(s.direct_map_leaves[2], modes[i].boot_pud);
		ck_assert_uint_eq(s.direct_map_table_pages[g.levels - 2], modes[i].prealloc);
		ck_assert_uint_eq(run_at(m, DEVMEMHP_MAP_LINEAR, modes[i].page_offset + 2 * MiB).pa,
				  0x80200000);
		ck_assert_uint_eq(run_at(m, DEVMEMHP_MAP_VMEMMAP, modes[i].vmemmap).page_shift, 21);
		devmemhp_machine_unref(m);
	}
	ck_assert_int_eq(machine_new_rc("riscv64", "mode=sv32"), -EINVAL);
	ck_assert_int_eq(machine_new_rc("riscv64", "levels=2"), -EINVAL);
	ck_assert_int_eq(machine_new_rc("riscv64", "debug_pagealloc=2"), -EINVAL);
	ck_assert_int_eq(machine_new_rc("riscv64", "rodata_full=0"), -EINVAL); /* arm64's */
	/* Sv39's linear map ends 132 GiB above phys_ram_base */
	ck_assert_int_eq(machine_new_rc("riscv64", "mode=sv39,boot=0x80200000-0x2200000000"), -EINVAL);
}
END_TEST

struct rv_leaf_case {
	const char *opt;
	uint64_t va_base;
	uint64_t aligned[3];   /* 1 GiB at 4 GiB: leaves of 4K, 2M, 1G */
	uint64_t unaligned[3]; /* device GiB at 5 GiB + 2 MiB */
};

static const struct rv_leaf_case rv_leaf_cases[] = {
	{ "mode=sv39", RV39_PAGE_OFFSET, { 0, 512, 0 }, { 0, 512, 0 } },
	{ "mode=sv48", RV48_PAGE_OFFSET, { 0, 0, 1 }, { 0, 512, 0 } },
	{ "mode=sv57", RV57_PAGE_OFFSET, { 0, 0, 1 }, { 0, 512, 0 } },
	{ "debug_pagealloc=1", RV57_PAGE_OFFSET, { 262144, 0, 0 }, { 262144, 0, 0 } },
	{ "debug_pagealloc=1,mode=sv39,debug_pagealloc=0", RV39_PAGE_OFFSET, { 0, 512, 0 },
	  { 0, 512, 0 } },
};

/* create_linear_mapping_range(): best_map_size() per step */
START_TEST(test_riscv_leaves)
{
	const struct rv_leaf_case *t = &rv_leaf_cases[_i];
	struct devmemhp_machine *m = tu_machine("riscv64", t->opt);
	const uint64_t dev = 5 * GiB + 2 * MiB;
	struct devmemhp_stats a = tu_stats(m), b;
	struct leaves l;

	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	b = tu_stats(m);
	l = leaves_in(m, DEVMEMHP_MAP_LINEAR, t->va_base + 4 * GiB - RV_PHYS,
		      t->va_base + 5 * GiB - RV_PHYS);
	ck_assert_uint_eq(l.n[12], t->aligned[0]);
	ck_assert_uint_eq(l.n[21], t->aligned[1]);
	ck_assert_uint_eq(l.n[30], t->aligned[2]);
	ck_assert_uint_eq(b.direct_map_leaves[0] - a.direct_map_leaves[0], t->aligned[0]);
	ck_assert_uint_eq(b.direct_map_leaves[1] - a.direct_map_leaves[1], t->aligned[1]);
	ck_assert_uint_eq(b.direct_map_leaves[2] - a.direct_map_leaves[2], t->aligned[2]);
	/* the tables under the PGD were all preallocated at boot */
	ck_assert_uint_eq(b.direct_map_table_pages[geometry(m).levels - 2],
			  a.direct_map_table_pages[geometry(m).levels - 2]);

	OP(m, devmemhp_add_memory(m, 0, dev, GiB, DEV), 0);
	l = leaves_in(m, DEVMEMHP_MAP_LINEAR, t->va_base + dev - RV_PHYS,
		      t->va_base + dev + GiB - RV_PHYS);
	ck_assert_uint_eq(l.n[12], t->unaligned[0]);
	ck_assert_uint_eq(l.n[21], t->unaligned[1]);
	ck_assert_uint_eq(l.n[30], t->unaligned[2]);
	devmemhp_machine_unref(m);
}
END_TEST

/* best_map_size() wants pa and va aligned: with phys_ram_base 2 GiB, no 512G
 * P4D leaf ever fits Sv57's linear map */
START_TEST(test_riscv_no_p4d_leaf)
{
	/* 14 GiB of boot RAM pays the 8 GiB of memmap */
	struct devmemhp_machine *m = tu_machine("riscv64", "boot=0x80200000-0x400000000");
	struct devmemhp_stats a = tu_stats(m), b;
	struct leaves l;

	OP(m, devmemhp_add_memory(m, 0, 512 * GiB, 512 * GiB, 0), 0);
	b = tu_stats(m);
	l = leaves_in(m, DEVMEMHP_MAP_LINEAR, RV57_PAGE_OFFSET + 512 * GiB - RV_PHYS,
		      RV57_PAGE_OFFSET + 1024 * GiB - RV_PHYS);
	ck_assert_uint_eq(l.n[39], 0);
	ck_assert_uint_eq(l.n[30], 512);
	ck_assert_uint_eq(b.direct_map_leaves[3], 0);
	ck_assert_uint_eq(b.direct_map_leaves[2] - a.direct_map_leaves[2], 512);
	/* the GiBs straddle two PUD tables (va = pa - 2 GiB + PAGE_OFFSET) */
	ck_assert_uint_eq(b.direct_map_table_pages[2] - a.direct_map_table_pages[2], 1);
	ck_assert_uint_eq(b.memory_blocks - a.memory_blocks, 4096);
	devmemhp_machine_unref(m);
}
END_TEST

/* arch_add_memory(): max_pfn = PFN_UP(start + size), even lower */
START_TEST(test_riscv_max_pfn)
{
	struct devmemhp_machine *m = tu_machine("riscv64", NULL);

	OP(m, devmemhp_add_memory(m, 0, 8 * GiB, GiB, 0), 0);
	ck_assert_uint_eq(tu_stats(m).max_pfn, PFN(9 * GiB));
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	ck_assert_uint_eq(tu_stats(m).max_pfn, PFN(5 * GiB));
	/* addressable device memory goes through arch_add_memory() too */
	OP(m, devmemhp_add_memory(m, 0, 6 * GiB, 2 * MiB, DEV), 0);
	ck_assert_uint_eq(tu_stats(m).max_pfn, PFN(6 * GiB + 2 * MiB));
	/* DEVICE_PRIVATE does not */
	OP(m, devmemhp_add_memory(m, 0, 16 * GiB, 2 * MiB, DEV_PRIVATE), 0);
	ck_assert_uint_eq(tu_stats(m).max_pfn, PFN(6 * GiB + 2 * MiB));
	/* arch_remove_memory() leaves it */
	OP(m, devmemhp_remove_memory(m, 6 * GiB, 2 * MiB, DEV), 0);
	ck_assert_uint_eq(tu_stats(m).max_pfn, PFN(6 * GiB + 2 * MiB));
	devmemhp_machine_unref(m);
}
END_TEST

START_TEST(test_riscv_unaddressable)
{
	struct devmemhp_machine *m = tu_machine("riscv64", "mode=sv39");
	const uint64_t start = 8 * GiB, top = (1ull << 38) - 128 * MiB;
	char *boot = tu_dump(m);
	struct devmemhp_stats a = tu_stats(m), b;
	struct devmemhp_page_info pi;
	struct leaves l;
	uint64_t pa, found;

	/* a subsection: the memmap's PMD leaf is rounded out (vmemmap_populate_hugepages()) */
	OP(m, devmemhp_add_memory(m, 0, start, 2 * MiB, DEV_PRIVATE), 0);
	b = tu_stats(m);
	ck_assert_uint_eq(leaves_in(m, DEVMEMHP_MAP_LINEAR, RV39_PAGE_OFFSET + start - RV_PHYS,
				    RV39_PAGE_OFFSET + start + 2 * MiB - RV_PHYS).runs, 0);
	for (int i = 0; i < DEVMEMHP_MAX_LEVELS; i++)
		ck_assert_uint_eq(b.direct_map_leaves[i], a.direct_map_leaves[i]);
	OP_ERR(m, devmemhp_virt_to_phys(m, RV39_PAGE_OFFSET + start - RV_PHYS, &pa, NULL), -EFAULT,
	       "is not mapped");
	pi = page(m, PFN(start));
	ck_assert_uint_eq(pi.state, DEVMEMHP_PAGE_PRESENT | DEVMEMHP_PAGE_DEVICE);
	ck_assert_uint_eq(pi.memmap_va, RV39_VMEMMAP + (PFN(start) - PFN(RV_PHYS)) * 64);
	l = leaves_in(m, DEVMEMHP_MAP_VMEMMAP, ALIGN_DOWN(pi.memmap_va, 2 * MiB),
		      ALIGN_DOWN(pi.memmap_va, 2 * MiB) + 2 * MiB);
	ck_assert_uint_eq(l.n[21], 1);
	ck_assert_uint_eq(b.memmap_bytes - a.memmap_bytes, 2 * MiB);
	ck_assert_uint_eq(b.max_pfn, a.max_pfn);

	/* request_free_mem_region() from the top of what Sv39's vmemmap describes */
	ck_assert_int_eq(devmemhp_find_free_region(m, 128 * MiB, &found), 0);
	ck_assert_uint_eq(found, top);
	OP(m, devmemhp_add_memory(m, 0, top, 128 * MiB, DEV_PRIVATE), 0);
	OP_ERR(m, devmemhp_virt_to_phys(m, RV39_PAGE_OFFSET + top - RV_PHYS, &pa, NULL), -EFAULT,
	       "neither a linear-map nor a vmemmap address");
	ck_assert_uint_eq(page(m, PFN(top)).state, DEVMEMHP_PAGE_PRESENT | DEVMEMHP_PAGE_DEVICE);
	OP(m, devmemhp_remove_memory(m, top, 128 * MiB, DEV_PRIVATE), 0);
	OP(m, devmemhp_remove_memory(m, start, 2 * MiB, DEV_PRIVATE), 0);
	boot = with_device_zone(boot, PFN(start), PFN(top + 128 * MiB - start));
	ASSERT_DUMP(m, boot);
	devmemhp_machine_unref(m);
}
END_TEST

/* Addressable device memory and RAM: add, (online, offline,) remove; the
 * machine is the boot one again but for max_pfn, which arch_remove_memory()
 * leaves at the end of the last add */
START_TEST(test_riscv_round_trips)
{
	static const char *const opts[] = { "mode=sv39", "mode=sv48", "mode=sv57",
					    "debug_pagealloc=1" };
	struct devmemhp_machine *m = tu_machine("riscv64", opts[_i]);
	char *boot = tu_dump(m);
	struct devmemhp_zone_info z;
	struct devmemhp_page_info pi;

	OP(m, devmemhp_add_memory(m, 0, 5 * GiB + 2 * MiB, 510 * MiB, DEV), 0);
	pi = page(m, PFN(5 * GiB + 2 * MiB));
	ck_assert_uint_eq(pi.state, DEVMEMHP_PAGE_PRESENT | DEVMEMHP_PAGE_DEVICE | DEVMEMHP_PAGE_MAPPED);
	ck_assert_uint_eq(tu_stats(m).max_pfn, PFN(5 * GiB + 512 * MiB));
	OP(m, devmemhp_remove_memory(m, 5 * GiB + 2 * MiB, 510 * MiB, DEV), 0);
	boot = with_device_zone(with_max_pfn(boot, PFN(5 * GiB + 512 * MiB)),
				PFN(5 * GiB + 2 * MiB), PFN(510 * MiB));
	ASSERT_DUMP(m, boot);

	boot = tu_dump(m);
	OP(m, add_plain(m, 4 * GiB, GiB), 0);
	OP(m, devmemhp_online_memory(m, 4 * GiB, GiB, DEVMEMHP_ZONE_AUTO), 0);
	z = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(z.start_pfn, PFN(4 * GiB));
	ck_assert_uint_eq(z.spanned, 262144);
	ck_assert_uint_eq(z.managed, 262144);
	ck_assert_uint_eq(tu_stats(m).max_pfn, PFN(5 * GiB));
	OP(m, devmemhp_offline_memory(m, 4 * GiB, GiB), 0);
	OP(m, devmemhp_remove_memory(m, 4 * GiB, GiB, 0), 0);
	boot = with_max_pfn(boot, PFN(5 * GiB));
	ASSERT_DUMP(m, boot);
	devmemhp_machine_unref(m);
}
END_TEST

/* mhp_range_allowed(): [__pa(PAGE_OFFSET), __pa(PAGE_END - 1)], PAGE_END
 * being KASAN_SHADOW_START */
START_TEST(test_riscv_refused)
{
	struct devmemhp_machine *m = tu_machine("riscv64", "mode=sv39");
	char *boot = tu_dump(m);
	const uint64_t beyond = RV_PHYS + (RV39_PAGE_END - RV39_PAGE_OFFSET); /* 0x2180000000 */

	OP_ERR(m, devmemhp_add_memory(m, 0, 0x40000000, 128 * MiB, 0), -E2BIG,
	       "Hotplug memory [0x40000000-0x48000000] exceeds maximum addressable range "
	       "[0x80000000-0x217fffffff]");
	OP_ERR(m, devmemhp_add_memory(m, 0, beyond, 128 * MiB, 0), -E2BIG,
	       "exceeds maximum addressable range [0x80000000-0x217fffffff]");
	OP_ERR(m, devmemhp_add_memory(m, 0, 0x7fe00000, 2 * MiB, DEV), -EINVAL,
	       "exceeds maximum addressable range [0x80000000-0x217fffffff]");
	OP_ERR(m, devmemhp_add_memory(m, 0, beyond - 2 * MiB, 4 * MiB, DEV), -EINVAL,
	       "exceeds maximum addressable range");
	OP_ERR(m, devmemhp_add_memory(m, 0, 1ull << 38, 2 * MiB, DEV_PRIVATE), -EINVAL,
	       "exceeds maximum addressable range [0x80000000-0x3fffffffff]");
	ASSERT_DUMP(m, boot);
	OP(m, devmemhp_add_memory(m, 0, beyond - 128 * MiB, 128 * MiB, 0), 0);
	devmemhp_machine_unref(m);

	m = tu_machine("riscv64", NULL);
	boot = tu_dump(m);
	OP_ERR(m, devmemhp_add_memory(m, 0, 0, 128 * MiB, 0), -E2BIG,
	       "exceeds maximum addressable range [0x80000000-0x7f00007fffffff]");
	OP_ERR(m, devmemhp_add_memory(m, 0, 1ull << 56, 2 * MiB, DEV_PRIVATE), -EINVAL,
	       "exceeds maximum addressable range [0x80000000-0xffffffffffffff]");
	ASSERT_DUMP(m, boot);
	devmemhp_machine_unref(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("arch_modern");
	TCase *arm64 = tcase_create("arm64");
	TCase *riscv64 = tcase_create("riscv64");

	tcase_set_timeout(arm64, 60); /* valgrind */
	tcase_set_timeout(riscv64, 60);
	tcase_add_test(arm64, test_arm64_defaults);
	tcase_add_test(arm64, test_arm64_pages);
	tcase_add_test(arm64, test_arm64_blocks);
	tcase_add_test(arm64, test_arm64_max_pfn);
	tcase_add_test(arm64, test_arm64_unaddressable);
	tcase_add_test(arm64, test_unaddressable_below_phys_offset);
	tcase_add_test(arm64, test_arm64_device_round_trip);
	tcase_add_test(arm64, test_arm64_ram_round_trip);
	tcase_add_test(arm64, test_arm64_refused);
	tcase_add_test(arm64, test_arm64_options);
	tcase_add_test(arm64, test_arm64_vmemmap);
	tcase_add_test(arm64, test_arm64_nomap);
	tcase_add_test(arm64, test_arm64_cont);
	tcase_add_test(arm64, test_arm64_kernel_image);
	tcase_add_test(arm64, test_arm64_ptdump);
	suite_add_tcase(s, arm64);
	tcase_add_test(riscv64, test_riscv_defaults);
	tcase_add_test(riscv64, test_riscv_modes);
	tcase_add_loop_test(riscv64, test_riscv_leaves, 0,
			    sizeof(rv_leaf_cases) / sizeof(rv_leaf_cases[0]));
	tcase_add_test(riscv64, test_riscv_no_p4d_leaf);
	tcase_add_test(riscv64, test_riscv_max_pfn);
	tcase_add_test(riscv64, test_riscv_unaddressable);
	tcase_add_loop_test(riscv64, test_riscv_round_trips, 0, 4);
	tcase_add_test(riscv64, test_riscv_refused);
	suite_add_tcase(s, riscv64);
	return tu_run(s);
}
