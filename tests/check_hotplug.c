/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Hot-add and hot-remove through the public API.  The numbers of the DIMM
 * tests are what Debian's Linux 6.1.192 reported for the same hotplug under
 * QEMU (shared oracle, results/<scenario>/summary.txt).
 */
#include <stdarg.h>
#include <syslog.h>

#include "testutil.h"

#define QEMU_1G "kernel=6.1,boot=0x1000-0x9fc00;0x100000-0x3ffe0000"

/* ---- the RAM path --------------------------------------------------------- */

/* oracle dimm-1g: a 1 GiB DIMM at 4 GiB, memhp_default_state=online */
START_TEST(test_dimm_1g)
{
	struct devmemhp_machine *m = tu_machine("x86_64", "kernel=6.1,boot=0x100000-0x3ffe0000,online=online");
	struct devmemhp_stats a = tu_stats(m), b;
	struct devmemhp_zone_info normal;

	OP(m, devmemhp_add_memory(m, 0, 0x100000000ull, GiB, DEVICE_MEMORY_NONE), 0);
	b = tu_stats(m);
	/* [mem 0x100000000-0x13fffffff] page 1G: DirectMap1G +1048576 kB, the rest unchanged */
	ck_assert_uint_eq((b.direct_map_bytes[2] - a.direct_map_bytes[2]) >> 10, 1048576);
	ck_assert_uint_eq(b.direct_map_bytes[1], a.direct_map_bytes[1]);
	ck_assert_uint_eq(b.direct_map_bytes[0], a.direct_map_bytes[0]);
	ck_assert_uint_eq(b.direct_map_table_pages[1], a.direct_map_table_pages[1]);
	/* memory32..39 online in Normal, present memory +1 GiB */
	for (uint64_t id = 32; id < 40; id++) {
		struct devmemhp_memory_block blk = tu_block(m, id);

		ck_assert_int_eq(blk.online, 1);
		ck_assert_int_eq(blk.zone, DEVMEMHP_ZONE_NORMAL);
		ck_assert_uint_eq(blk.nr_valid_zones, 1);
		ck_assert_int_eq(blk.valid_zones[0], DEVMEMHP_ZONE_NORMAL);
		ck_assert_uint_eq(blk.start, id * 128 * MiB);
		ck_assert_int_eq(blk.early, 0);
	}
	ck_assert_uint_eq(b.online_bytes - a.online_bytes, GiB);
	ck_assert_uint_eq(b.managed_bytes - a.managed_bytes, GiB); /* MemTotal +1048576 kB */
	ck_assert_uint_eq(b.present_bytes - a.present_bytes, GiB);
	ck_assert_uint_eq(b.memory_blocks, 16);
	ck_assert_uint_eq(b.memory_blocks_online, 16);
	/* Normal start_pfn=1048576 spanned=present=managed=262144 */
	normal = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(normal.start_pfn, 1048576);
	ck_assert_uint_eq(normal.spanned, 262144);
	ck_assert_uint_eq(normal.present, 262144);
	ck_assert_uint_eq(normal.managed, 262144);
	ck_assert_uint_eq(normal.present_early, 0);
	/* x86_64 add_pages(): max_pfn and high_memory move to the end */
	ck_assert_uint_eq(b.max_pfn, 0x140000);
	ck_assert_uint_eq(b.high_memory, 0xffff888000000000ull + 0x140000000ull);
	/* the memmap of 8 more sections */
	ck_assert_uint_eq(b.memmap_bytes - a.memmap_bytes, 16 * MiB);
	devmemhp_machine_unref(m);
}
END_TEST

/* oracle dimm-1g-nogbpages: page 2M, DirectMap2M +1048576 kB */
START_TEST(test_dimm_1g_nogbpages)
{
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU_1G ",gbpages=0,online=online");
	struct devmemhp_stats a = tu_stats(m), b;

	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	b = tu_stats(m);
	ck_assert_uint_eq((b.direct_map_bytes[1] - a.direct_map_bytes[1]) >> 10, 1048576);
	ck_assert_uint_eq(b.direct_map_bytes[2], 0);
	ck_assert_uint_eq(b.direct_map_leaves[1] - a.direct_map_leaves[1], 512);
	/* one PMD table for the new GiB */
	ck_assert_uint_eq(b.direct_map_table_pages[1] - a.direct_map_table_pages[1], 1);
	devmemhp_machine_unref(m);
}
END_TEST

/* oracle dimm-2g-128m: 2G at 4G (one 1G run), then 128M at 6G ("page 2M") */
START_TEST(test_dimm_2g_128m)
{
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU_1G ",online=online");
	struct devmemhp_stats a = tu_stats(m), b, c;
	struct devmemhp_zone_info normal;

	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, 2 * GiB, 0), 0);
	b = tu_stats(m);
	ck_assert_uint_eq((b.direct_map_bytes[2] - a.direct_map_bytes[2]) >> 10, 2097152);
	OP(m, devmemhp_add_memory(m, 0, 6 * GiB, 128 * MiB, 0), 0);
	c = tu_stats(m);
	ck_assert_uint_eq((c.direct_map_bytes[1] - b.direct_map_bytes[1]) >> 10, 131072);
	ck_assert_uint_eq(c.direct_map_bytes[2], b.direct_map_bytes[2]);
	normal = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(normal.spanned, 557056);
	ck_assert_uint_eq(normal.present, 557056);
	devmemhp_machine_unref(m);
}
END_TEST

/* oracle dimm-2g-unaligned: [0x108000000-0x13fffffff] 2M, [0x140000000-0x17fffffff] 1G,
 * [0x180000000-0x187ffffff] 2M: DirectMap2M +1048576, 1G +1048576 */
START_TEST(test_dimm_2g_unaligned)
{
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU_1G ",online=online");
	struct devmemhp_stats a = tu_stats(m), b;

	OP(m, devmemhp_add_memory(m, 0, 0x108000000ull, 2 * GiB, 0), 0);
	b = tu_stats(m);
	ck_assert_uint_eq((b.direct_map_bytes[1] - a.direct_map_bytes[1]) >> 10, 1048576);
	ck_assert_uint_eq((b.direct_map_bytes[2] - a.direct_map_bytes[2]) >> 10, 1048576);
	ck_assert_uint_eq(b.direct_map_bytes[0], a.direct_map_bytes[0]);
	devmemhp_machine_unref(m);
}
END_TEST

/* oracle dimm-64m-subblock: refused with the kernel's own message */
START_TEST(test_dimm_64m_refused)
{
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU_1G ",online=online");
	char *before = tu_dump(m), *after;

	OP_ERR(m, devmemhp_add_memory(m, 0, 0x100000000ull, 64 * MiB, 0), -EINVAL,
	       "Block size [0x8000000] unaligned hotplug range: start 0x100000000, size 0x4000000");
	after = tu_dump(m);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	devmemhp_machine_unref(m);
}
END_TEST

/* oracle dimm-memmap-on-memory: a 128M DIMM at 4G uses 2 MiB of itself for its
 * memmap; the 1G DIMM at 5G is not one block, so it does not */
START_TEST(test_memmap_on_memory)
{
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU_1G ",online=online,memmap_on_memory=1");
	struct devmemhp_stats a = tu_stats(m), b, c;
	struct devmemhp_zone_info normal;
	struct devmemhp_page_info pi = { .size = sizeof(pi) };
	struct devmemhp_memory_block blk;
	uint64_t pa;
	unsigned int shift;

	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, 128 * MiB, 0), 0);
	b = tu_stats(m);
	ck_assert_uint_eq((b.managed_bytes - a.managed_bytes) >> 10, 129024); /* MemTotal +129024 */
	ck_assert_uint_eq((b.direct_map_bytes[1] - a.direct_map_bytes[1]) >> 10, 131072);
	ck_assert_uint_eq(b.memmap_altmap_bytes, 2 * MiB);
	ck_assert_uint_eq(b.memmap_bytes, a.memmap_bytes);
	normal = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(normal.present, 32768);
	ck_assert_uint_eq(normal.managed, 32256);
	blk = tu_block(m, 32);
	ck_assert_uint_eq(blk.nr_vmemmap_pages, 512);
	/* the struct pages of the block live at its start */
	ck_assert_int_eq(devmemhp_page_info(m, 4 * GiB >> 12, &pi), 0);
	ck_assert(pi.state & DEVMEMHP_PAGE_VMEMMAP_SELF);
	ck_assert(pi.state & DEVMEMHP_PAGE_ONLINE);
	ck_assert_int_eq(devmemhp_virt_to_phys(m, pi.memmap_va + 4096, &pa, &shift), 0);
	ck_assert_uint_eq(pa, 4 * GiB + 4096);
	ck_assert_uint_eq(shift, 21);
	ck_assert_int_eq(devmemhp_page_info(m, (4 * GiB + 2 * MiB) >> 12, &pi), 0);
	ck_assert(!(pi.state & DEVMEMHP_PAGE_VMEMMAP_SELF));

	OP(m, devmemhp_add_memory(m, 0, 5 * GiB, GiB, 0), 0);
	c = tu_stats(m);
	ck_assert_uint_eq(c.memmap_altmap_bytes, 2 * MiB);
	ck_assert_uint_eq(c.memmap_bytes - b.memmap_bytes, 16 * MiB);
	normal = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(normal.spanned, 524288);
	ck_assert_uint_eq(normal.present, 294912);
	ck_assert_uint_eq(normal.managed, 294400);
	ck_assert_uint_eq(tu_block(m, 40).nr_vmemmap_pages, 0);

	/* offline and remove the self-hosted block: all of it goes */
	OP(m, devmemhp_offline_memory(m, 4 * GiB, 128 * MiB), 0);
	normal = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(normal.start_pfn, 5 * GiB >> 12);
	ck_assert_uint_eq(normal.spanned, 262144);
	ck_assert_uint_eq(normal.managed, 262144);
	OP(m, devmemhp_remove_memory(m, 4 * GiB, 128 * MiB, 0), 0);
	c = tu_stats(m);
	ck_assert_uint_eq(c.memmap_altmap_bytes, 0);
	ck_assert_uint_eq(c.direct_map_bytes[1], a.direct_map_bytes[1]);
	devmemhp_machine_unref(m);
}
END_TEST

/*
 * oracle results-6.12 dimm-memmap-on-memory and memmap-on-memory-offline-online:
 * from 6.6 on, create_altmaps_and_memory_blocks() gives every block of the
 * 1G DIMM its own memmap at its start and its own arch_add_memory(), so
 * init_memory_mapping() maps it block by block with 2M pages (8 calls, the
 * kernel's pr_debug() lines logged) instead of one 1G page; MemTotal grows
 * by 1032192 kB, not 1048576.
 */
struct mapping_lines {
	unsigned int calls, pages_2m;
};

static __attribute__((format(printf, 6, 0))) void count_mapping(void *data, int prio,
								const char *file, int line,
								const char *fn, const char *format,
								va_list args)
{
	struct mapping_lines *l = data;
	char text[256];

	(void)prio, (void)file, (void)line, (void)fn;
	vsnprintf(text, sizeof(text), format, args);
	l->calls += !strncmp(text, "init_memory_mapping: [mem ", 26);
	l->pages_2m += strstr(text, "] page 2M") != NULL;
}

START_TEST(test_memmap_on_memory_per_block)
{
	struct devmemhp_machine *m =
		tu_machine("x86_64", "kernel=6.12,levels=5,phys_bits=40,memmap_on_memory=1");
	struct devmemhp_stats a = tu_stats(m), b;
	struct devmemhp_zone_info normal;
	struct devmemhp_page_info pi = { .size = sizeof(pi) };
	struct mapping_lines lines = { 0 };
	uint64_t pa;
	unsigned int shift;

	devmemhp_set_log_fn(m, count_mapping, &lines);
	devmemhp_set_log_priority(m, LOG_DEBUG);
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, 128 * MiB, 0), 0);
	OP(m, devmemhp_add_memory(m, 0, 5 * GiB, GiB, 0), 0);
	ck_assert_uint_eq(lines.calls, 1 + 8);
	ck_assert_uint_eq(lines.pages_2m, 1 + 8);
	b = tu_stats(m);
	ck_assert_uint_eq((b.managed_bytes - a.managed_bytes) >> 10, 129024 + 1032192);
	ck_assert_uint_eq((b.direct_map_bytes[1] - a.direct_map_bytes[1]) >> 10, 131072 + 1048576);
	ck_assert_uint_eq(b.direct_map_bytes[2], a.direct_map_bytes[2]);
	ck_assert_uint_eq(b.memmap_altmap_bytes, 9 * 2 * MiB);
	ck_assert_uint_eq(b.memmap_bytes, a.memmap_bytes);
	normal = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(normal.start_pfn, 1048576);
	ck_assert_uint_eq(normal.spanned, 524288);
	ck_assert_uint_eq(normal.present, 294912);
	ck_assert_uint_eq(normal.managed, 290304);
	/* each block's struct pages on its own first 2 MiB */
	for (uint64_t id = 40; id < 48; id++) {
		ck_assert_uint_eq(tu_block(m, id).nr_vmemmap_pages, 512);
		ck_assert_int_eq(devmemhp_page_info(m, id * 32768 + 511, &pi), 0);
		ck_assert(pi.state & DEVMEMHP_PAGE_VMEMMAP_SELF);
		ck_assert_int_eq(devmemhp_virt_to_phys(m, pi.memmap_va, &pa, &shift), 0);
		ck_assert_uint_eq(pa, id * 128 * MiB + 511 * 64);
		ck_assert_uint_eq(shift, 21);
		ck_assert_int_eq(devmemhp_page_info(m, id * 32768 + 512, &pi), 0);
		ck_assert(!(pi.state & DEVMEMHP_PAGE_VMEMMAP_SELF));
	}
	/* offline the last four blocks: they take 131072 present and 129024
	 * managed pages with them; onlined movable, Movable is spanned 131072,
	 * present 131072, managed 129024 (recorded for the DIMM at 4G, whose
	 * blocks start Movable at pfn 1179648; here at 5G, 1441792) */
	OP(m, devmemhp_offline_memory(m, 5 * GiB + 512 * MiB, 512 * MiB), 0);
	normal = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(normal.present, 294912 - 131072);
	ck_assert_uint_eq(normal.managed, 290304 - 129024);
	OP(m, devmemhp_online_memory(m, 5 * GiB + 512 * MiB, 512 * MiB, DEVMEMHP_ZONE_MOVABLE), 0);
	normal = tu_zone(m, 0, DEVMEMHP_ZONE_MOVABLE);
	ck_assert_uint_eq(normal.start_pfn, 1441792);
	ck_assert_uint_eq(normal.spanned, 131072);
	ck_assert_uint_eq(normal.present, 131072);
	ck_assert_uint_eq(normal.managed, 129024);
	/* the whole DIMM goes, every block's memmap with it */
	OP(m, devmemhp_offline_memory(m, 5 * GiB, GiB), 0);
	OP(m, devmemhp_remove_memory(m, 5 * GiB, GiB, 0), 0);
	ck_assert_uint_eq(tu_stats(m).memmap_altmap_bytes, 2 * MiB);
	devmemhp_machine_unref(m);
}
END_TEST

/* oracle numa-node1-movable_node: node 1 has no memory at boot; with
 * movable_node both DIMMs go to Movable, each with a 1G page */
START_TEST(test_numa_movable_node)
{
	struct devmemhp_machine *m =
		tu_machine("x86_64", QEMU_1G ",nodes=2,movable_node=1,online=online");
	struct devmemhp_stats a = tu_stats(m), b;

	OP(m, devmemhp_add_memory(m, 1, 4 * GiB, GiB, 0), 0);
	OP(m, devmemhp_add_memory(m, 0, 5 * GiB, GiB, 0), 0);
	b = tu_stats(m);
	ck_assert_uint_eq((b.direct_map_bytes[2] - a.direct_map_bytes[2]) >> 10, 2 * 1048576);
	ck_assert_int_eq(tu_block(m, 32).zone, DEVMEMHP_ZONE_MOVABLE);
	ck_assert_int_eq(tu_block(m, 32).nid, 1);
	ck_assert_int_eq(tu_block(m, 40).zone, DEVMEMHP_ZONE_MOVABLE);
	ck_assert_int_eq(tu_block(m, 40).nid, 0);
	ck_assert_uint_eq(tu_zone(m, 1, DEVMEMHP_ZONE_MOVABLE).present, 262144);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_MOVABLE).present, 262144);
	ck_assert_uint_eq(tu_zone(m, 1, DEVMEMHP_ZONE_NORMAL).spanned, 0);
	/* a node that does not exist */
	OP_ERR(m, devmemhp_add_memory(m, 2, 6 * GiB, GiB, 0), -EINVAL, "node 2");
	OP_ERR(m, devmemhp_add_memory(m, -1, 6 * GiB, GiB, 0), -EINVAL, "node -1");
	devmemhp_machine_unref(m);
}
END_TEST

/* oracle hotplug-unplug: online_movable, plug 1G, unplug: back to the boot values */
START_TEST(test_plug_unplug_movable)
{
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU_1G ",online=online_movable");
	struct devmemhp_stats a = tu_stats(m), b;
	char *before = tu_dump(m);

	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_MOVABLE).present, 262144);
	ck_assert_int_eq(tu_block(m, 39).valid_zones[0], DEVMEMHP_ZONE_MOVABLE);
	OP_ERR(m, devmemhp_remove_memory(m, 4 * GiB, GiB, 0), -EBUSY, "is onlined");
	OP(m, devmemhp_offline_memory(m, 4 * GiB, GiB), 0);
	OP(m, devmemhp_remove_memory(m, 4 * GiB, GiB, 0), 0);
	b = tu_stats(m);
	/* the direct map is torn down; max_pfn is never lowered */
	ck_assert_uint_eq(b.direct_map_bytes[2], a.direct_map_bytes[2]);
	ck_assert_uint_eq(b.direct_map_table_pages[1], a.direct_map_table_pages[1]);
	ck_assert_uint_eq(b.memory_blocks, a.memory_blocks);
	ck_assert_uint_eq(b.managed_bytes, a.managed_bytes);
	ck_assert_uint_eq(b.memmap_bytes, a.memmap_bytes);
	ck_assert_uint_eq(b.max_pfn, 0x140000);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_MOVABLE).spanned, 0);
	free(before);
	devmemhp_machine_unref(m);
}
END_TEST

/* oracle hotplug-offline-unplug: memory32 stayed online (an unmovable kernel
 * page); 33..39 went offline, Normal shrank to memory32, and the offline
 * blocks report "Normal Movable" */
START_TEST(test_offline_normal)
{
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU_1G ",online=online");
	struct devmemhp_stats a, b;
	struct devmemhp_zone_info normal;
	struct devmemhp_memory_block blk;

	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	a = tu_stats(m);
	OP(m, devmemhp_offline_memory(m, 4 * GiB + 128 * MiB, GiB - 128 * MiB), 0);
	normal = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(normal.spanned, 32768);
	ck_assert_uint_eq(normal.present, 32768);
	blk = tu_block(m, 33);
	ck_assert_int_eq(blk.online, 0);
	ck_assert_uint_eq(blk.nr_valid_zones, 2);
	ck_assert_int_eq(blk.valid_zones[0], DEVMEMHP_ZONE_NORMAL);
	ck_assert_int_eq(blk.valid_zones[1], DEVMEMHP_ZONE_MOVABLE);
	/* offlining does not touch the direct map */
	b = tu_stats(m);
	ck_assert_uint_eq(b.direct_map_bytes[2], a.direct_map_bytes[2]);
	/* the range still has an online block */
	OP_ERR(m, devmemhp_remove_memory(m, 4 * GiB, GiB, 0), -EBUSY, "memory32");
	/* offline the first block too: the zone is empty again */
	OP(m, devmemhp_offline_memory(m, 4 * GiB, 128 * MiB), 0);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL).spanned, 0);
	OP(m, devmemhp_remove_memory(m, 4 * GiB, GiB, 0), 0);
	devmemhp_machine_unref(m);
}
END_TEST

/* Zone spans shrink as shrink_zone_span() does: only at the ends. */
START_TEST(test_zone_span_holes)
{
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU_1G ",online=online");
	struct devmemhp_zone_info normal;

	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	/* a block in the middle: the span keeps the hole */
	OP(m, devmemhp_offline_memory(m, 4 * GiB + 512 * MiB, 128 * MiB), 0);
	normal = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(normal.start_pfn, 4 * GiB >> 12);
	ck_assert_uint_eq(normal.spanned, 262144);
	ck_assert_uint_eq(normal.present, 262144 - 32768);
	/* the last block: the span ends at the last online page */
	OP(m, devmemhp_offline_memory(m, 5 * GiB - 128 * MiB, 128 * MiB), 0);
	normal = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(normal.spanned, 262144 - 32768);
	/* the first block: the span starts at the next online page */
	OP(m, devmemhp_offline_memory(m, 4 * GiB, 128 * MiB), 0);
	normal = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(normal.start_pfn, (4 * GiB + 128 * MiB) >> 12);
	ck_assert_uint_eq(normal.spanned, 6 * 32768); /* memory33..38, with the hole */
	/* online again in the hole: contig-zones inherits Normal */
	OP(m, devmemhp_online_memory(m, 4 * GiB + 512 * MiB, 128 * MiB, DEVMEMHP_ZONE_AUTO), 0);
	ck_assert_int_eq(tu_block(m, 36).zone, DEVMEMHP_ZONE_NORMAL);
	devmemhp_machine_unref(m);
}
END_TEST

/* ---- the device path ------------------------------------------------------ */

/* kernel-spec 3.3 worked examples, through arch_add_memory() of device memory */
static const struct {
	const char *options;
	uint64_t start, size;
	uint64_t leaves[3]; /* 4k, 2M, 1G added */
} worked[] = {
	{ "", 4 * GiB + 128 * MiB, 128 * MiB, { 0, 64, 0 } },
	{ "", 64 * GiB, 2 * GiB, { 0, 0, 2 } },
	{ "gbpages=0", 64 * GiB, 2 * GiB, { 0, 1024, 0 } },
	{ "", GiB + 2 * MiB, 2 * GiB - 2 * MiB, { 0, 511, 1 } },
	{ "levels=5,phys_bits=52", 64 * GiB, 2 * GiB, { 0, 0, 2 } },
	{ "pse=0", 4 * GiB, 4 * MiB, { 1024, 0, 0 } },
};

START_TEST(test_worked_examples)
{
	struct devmemhp_machine *m = tu_machine_kernel("x86_64", "6.1", worked[_i].options);
	struct devmemhp_stats a = tu_stats(m), b, c;

	OP(m, devmemhp_add_memory(m, 0, worked[_i].start, worked[_i].size, DEV), 0);
	b = tu_stats(m);
	for (int l = 0; l < 3; l++) {
		ck_assert_uint_eq(b.direct_map_leaves[l] - a.direct_map_leaves[l], worked[_i].leaves[l]);
		ck_assert_uint_eq(b.direct_map_bytes[l] - a.direct_map_bytes[l],
				  worked[_i].leaves[l] << (12 + 9 * l));
	}
	ck_assert_uint_eq(b.device_bytes, worked[_i].size);
	/* ZONE_DEVICE: no blocks, no managed pages, max_pfn unchanged (6.1.192) */
	ck_assert_uint_eq(b.memory_blocks, a.memory_blocks);
	ck_assert_uint_eq(b.managed_bytes, a.managed_bytes);
	ck_assert_uint_eq(b.max_pfn, a.max_pfn);
	/* a full remove gives every counter its earlier value */
	OP(m, devmemhp_remove_memory(m, worked[_i].start, worked[_i].size, DEV), 0);
	c = tu_stats(m);
	ck_assert_mem_eq(&a, &c, sizeof(a));
	devmemhp_machine_unref(m);
}
END_TEST

/* test_hmm's chunks: request_free_mem_region() from the top of a 46-bit space */
START_TEST(test_unaddressable_placement)
{
	struct devmemhp_machine *m = tu_machine("x86_64", "kernel=6.1,phys_bits=46");
	struct devmemhp_stats a = tu_stats(m), b, c;
	struct devmemhp_page_info pi = { .size = sizeof(pi) };
	uint64_t start, va, pa;

	OP(m, devmemhp_find_free_region(m, 256 * MiB, &start), 0);
	ck_assert_uint_eq(start, 0x3ffff0000000ull);
	OP(m, devmemhp_add_memory(m, 0, start, 256 * MiB, DEV_PRIVATE), 0);
	b = tu_stats(m);
	OP(m, devmemhp_find_free_region(m, 256 * MiB, &start), 0);
	ck_assert_uint_eq(start, 0x3fffe0000000ull);
	OP(m, devmemhp_add_memory(m, 0, start, 256 * MiB, DEV_PRIVATE), 0);
	c = tu_stats(m);
	for (int l = 0; l < 3; l++) {
		ck_assert_uint_eq(b.direct_map_bytes[l], a.direct_map_bytes[l]);
		ck_assert_uint_eq(c.direct_map_bytes[l], a.direct_map_bytes[l]);
	}
	ck_assert_uint_eq(b.memmap_bytes - a.memmap_bytes, 4 * MiB);
	ck_assert_uint_eq(c.memmap_bytes - b.memmap_bytes, 4 * MiB);
	ck_assert_uint_eq(c.unaddressable_bytes, 512 * MiB);
	ck_assert_uint_eq(c.max_pfn, a.max_pfn);
	OP_ERR(m, devmemhp_phys_to_virt(m, 0x3ffff0000000ull, &va), -EFAULT, "0x3ffff0000000");
	OP(m, devmemhp_virt_to_phys(m, 0xffff888000000000ull + 0x3ffff0000000ull, &pa, NULL), -EFAULT);
	ck_assert_int_eq(devmemhp_page_info(m, 0x3ffff0000000ull >> 12, &pi), 0);
	ck_assert_int_eq(pi.zone, DEVMEMHP_ZONE_DEVICE);
	ck_assert_uint_eq(pi.state, DEVMEMHP_PAGE_PRESENT | DEVMEMHP_PAGE_DEVICE);
	ck_assert_uint_eq(pi.flags, DEV_PRIVATE);
	ck_assert_uint_eq(pi.block, UINT64_MAX);
	ck_assert_uint_eq(pi.memmap_va, 0xffffea0000000000ull + (0x3ffff0000000ull >> 12) * 64);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_DEVICE).spanned, 131072);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_DEVICE).present, 0);
	/* the request is rounded up to a section: 2 MiB takes a 128 MiB window */
	OP(m, devmemhp_find_free_region(m, 2 * MiB, &start), 0);
	ck_assert_uint_eq(start, 0x3fffd8000000ull);
	/* addressable device memory is mapped */
	OP(m, devmemhp_add_memory(m, 0, 0x3fffd8000000ull, 128 * MiB, DEV), 0);
	OP(m, devmemhp_phys_to_virt(m, 0x3fffd8000000ull, &va), 0);
	ck_assert_uint_eq(va, 0xffff888000000000ull + 0x3fffd8000000ull);
	devmemhp_machine_unref(m);
}
END_TEST

START_TEST(test_no_free_region)
{
	struct devmemhp_machine *m = tu_machine("x86_64", "kernel=6.1,phys_bits=31,boot=0x100000-0x40000000");
	uint64_t start = 77;

	/* [1G, 2G) is free; the search stops before reaching [size, 2 size) */
	OP(m, devmemhp_find_free_region(m, GiB, &start), -ERANGE);
	ck_assert_uint_eq(start, 77);
	OP(m, devmemhp_find_free_region(m, 512 * MiB, &start), 0);
	ck_assert_uint_eq(start, 0x60000000);
	OP(m, devmemhp_find_free_region(m, 4 * GiB, &start), -ERANGE);
	OP(m, devmemhp_find_free_region(m, 0, &start), -EINVAL);
	OP(m, devmemhp_find_free_region(m, UINT64_MAX, &start), -ERANGE);
	OP(m, devmemhp_find_free_region(m, GiB, NULL), -EINVAL);
	ck_assert_int_eq(devmemhp_find_free_region(NULL, GiB, &start), -EINVAL);
	devmemhp_machine_unref(m);
}
END_TEST

/* ---- errors: kernel-spec 8.3 rows for x86_64, and bad input ---------------- */

enum step_op { ADD, REMOVE, ONLINE, OFFLINE };

struct step {
	enum step_op op;
	int nid;
	uint64_t start, size;
	unsigned int flags; /* or the zone for ONLINE */
};

struct error_case {
	const char *name;
	const char *options;
	struct step setup[3];
	int nr_setup;
	struct step op;
	int rc;
	const char *message;
};

static const struct error_case errors[] = {
	/* 8.3: misaligned add_memory */
	{ "ram misaligned start", QEMU_1G, {}, 0, { ADD, 0, 4 * GiB + 64 * MiB, 128 * MiB, 0 }, -EINVAL,
	  "unaligned hotplug range" },
	{ "ram misaligned size", QEMU_1G, {}, 0, { ADD, 0, 4 * GiB, 200 * MiB, 0 }, -EINVAL,
	  "Block size [0x8000000]" },
	{ "device misaligned", QEMU_1G, {}, 0, { ADD, 0, 4 * GiB + 4 * KiB, 2 * MiB, DEV }, -EINVAL,
	  "Misaligned __add_pages" },
	{ "device size misaligned", QEMU_1G, {}, 0, { ADD, 0, 4 * GiB, 3 * MiB, DEV }, -EINVAL,
	  "Misaligned" },
	/* 8.3: outside the pluggable range */
	{ "ram beyond MAX_PHYSMEM_BITS", "phys_bits=52", {}, 0, { ADD, 0, 1ull << 46, GiB, 0 }, -E2BIG,
	  "maximum addressable range" },
	{ "device beyond MAX_PHYSMEM_BITS", "phys_bits=52", {}, 0, { ADD, 0, 1ull << 46, GiB, DEV },
	  -EINVAL, "maximum addressable range" },
	{ "private beyond MAX_PHYSMEM_BITS", "phys_bits=52", {}, 0,
	  { ADD, 0, (1ull << 46) - GiB, 2 * GiB, DEV_PRIVATE }, -EINVAL, "maximum addressable range" },
	/* beyond phys_bits, inside MAX_PHYSMEM_BITS: iomem_resource refuses the region */
	{ "ram beyond phys_bits", "phys_bits=40", {}, 0, { ADD, 0, 1ull << 40, GiB, 0 }, -EEXIST,
	  "phys_bits=40" },
	{ "device beyond phys_bits", "phys_bits=40", {}, 0, { ADD, 0, 1ull << 40, GiB, DEV },
	  -EEXIST, "phys_bits=40" },
	/* 8.3: resource busy */
	{ "ram over ram", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, 0 } }, 1, { ADD, 0, 4 * GiB + GiB / 2, GiB, 0 },
	  -EEXIST, "cannot be reserved" },
	{ "ram over device", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, DEV } }, 1, { ADD, 0, 4 * GiB, GiB, 0 },
	  -EEXIST, "cannot be reserved" },
	{ "ram over boot ram", QEMU_1G, {}, 0, { ADD, 0, 0, 128 * MiB, 0 }, -EEXIST,
	  "cannot be reserved" },
	/* 8.3: subsection overlap */
	{ "device around device", QEMU_1G, { { ADD, 0, 4 * GiB + 2 * MiB, 2 * MiB, DEV } }, 1,
	  { ADD, 0, 4 * GiB, 8 * MiB, DEV }, -EEXIST, "subsections already present" },
	/* 8.3: RAM overlap (device) */
	{ "device over boot ram", QEMU_1G, {}, 0, { ADD, 0, 2 * MiB, 2 * MiB, DEV }, -ENXIO,
	  "System RAM" },
	{ "device over hot-added ram", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, 0 } }, 1,
	  { ADD, 0, 5 * GiB - 2 * MiB, 4 * MiB, DEV_PRIVATE }, -ENXIO, "System RAM" },
	/* 8.3: pgmap conflict at the first or last pfn */
	{ "device start in device", QEMU_1G, { { ADD, 0, 4 * GiB, 4 * MiB, DEV } }, 1,
	  { ADD, 0, 4 * GiB + 2 * MiB, 4 * MiB, DEV }, -ENOMEM, "Conflicting mapping" },
	{ "device end in device", QEMU_1G, { { ADD, 0, 4 * GiB, 4 * MiB, DEV_PRIVATE } }, 1,
	  { ADD, 0, 4 * GiB - 2 * MiB, 4 * MiB, DEV }, -ENOMEM, "Conflicting mapping" },
	/* bad input */
	{ "zero size", QEMU_1G, {}, 0, { ADD, 0, 4 * GiB, 0, 0 }, -EINVAL, "size is 0" },
	{ "overflow", QEMU_1G, {}, 0, { ADD, 0, UINT64_MAX - GiB + 1, 2 * GiB, DEV }, -EINVAL,
	  "overflows 64 bits" },
	{ "unknown flags", QEMU_1G, {}, 0, { ADD, 0, 4 * GiB, GiB, 0x10 | DEV }, -EINVAL,
	  "unknown flag bits 0x10" },
	{ "movable without device", QEMU_1G, {}, 0, { ADD, 0, 4 * GiB, GiB, DEVICE_MEMORY_MOVABLE },
	  -EINVAL, "DEVICE_MEMORY_MOVABLE without DEVICE_MEMORY_DEVICE" },
	{ "unaddressable without device", QEMU_1G, {}, 0,
	  { ADD, 0, 4 * GiB, GiB, DEVICE_MEMORY_UNADDRESSABLE }, -EINVAL,
	  "DEVICE_MEMORY_UNADDRESSABLE without DEVICE_MEMORY_DEVICE" },
	{ "bad node for device", QEMU_1G, {}, 0, { ADD, 5, 4 * GiB, GiB, DEV }, -EINVAL, "node 5" },
	{ "remove with other flags", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, DEV } }, 1,
	  { REMOVE, 0, 4 * GiB, GiB, DEV_MOVABLE }, -EINVAL, "added as device, not device|movable" },
	{ "remove ram as device", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, 0 } }, 1,
	  { REMOVE, 0, 4 * GiB, GiB, DEV }, -EINVAL, "added as ram" },
	{ "remove never added", QEMU_1G, {}, 0, { REMOVE, 0, 4 * GiB, GiB, 0 }, -ENOENT,
	  "nothing was added" },
	{ "remove part", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, 0 } }, 1, { REMOVE, 0, 4 * GiB, 128 * MiB, 0 },
	  -EINVAL, "is not the added range" },
	{ "remove more", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, DEV } }, 1, { REMOVE, 0, 4 * GiB, 2 * GiB, DEV },
	  -EINVAL, "is not the added range" },
	{ "remove boot", QEMU_1G, {}, 0, { REMOVE, 0, 0, GiB, 0 }, -EINVAL, "boot memory" },
	{ "remove zero", QEMU_1G, {}, 0, { REMOVE, 0, 4 * GiB, 0, 0 }, -EINVAL, "size is 0" },
	{ "remove bad flags", QEMU_1G, {}, 0, { REMOVE, 0, 4 * GiB, GiB, 8 }, -EINVAL, "unknown flag" },
	{ "remove online", QEMU_1G ",online=online", { { ADD, 0, 4 * GiB, GiB, 0 } }, 1,
	  { REMOVE, 0, 4 * GiB, GiB, 0 }, -EBUSY, "is onlined" },
	{ "online device", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, DEV } }, 1,
	  { ONLINE, 0, 4 * GiB, 128 * MiB, DEVMEMHP_ZONE_AUTO }, -EINVAL, "never onlined" },
	{ "online to device zone", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, 0 } }, 1,
	  { ONLINE, 0, 4 * GiB, GiB, DEVMEMHP_ZONE_DEVICE }, -EINVAL, "ZONE_DEVICE" },
	{ "online to highmem", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, 0 } }, 1,
	  { ONLINE, 0, 4 * GiB, GiB, DEVMEMHP_ZONE_HIGHMEM }, -EINVAL, "HighMem" },
	{ "online to DMA32 above 4G", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, 0 } }, 1,
	  { ONLINE, 0, 4 * GiB, GiB, DEVMEMHP_ZONE_DMA32 }, -EINVAL, "not DMA32" },
	{ "online bad zone", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, 0 } }, 1,
	  { ONLINE, 0, 4 * GiB, GiB, 42 }, -EINVAL, "zone 42" },
	{ "online nothing there", QEMU_1G, {}, 0, { ONLINE, 0, 4 * GiB, GiB, DEVMEMHP_ZONE_AUTO }, -ENOENT,
	  "no memory block 32" },
	{ "online misaligned", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, 0 } }, 1,
	  { ONLINE, 0, 4 * GiB, 64 * MiB, DEVMEMHP_ZONE_AUTO }, -EINVAL, "memory block size" },
	{ "online twice", QEMU_1G ",online=online", { { ADD, 0, 4 * GiB, GiB, 0 } }, 1,
	  { ONLINE, 0, 4 * GiB, 128 * MiB, DEVMEMHP_ZONE_MOVABLE }, -EINVAL, "already online" },
	{ "online zero", QEMU_1G, {}, 0, { ONLINE, 0, 4 * GiB, 0, DEVMEMHP_ZONE_AUTO }, -EINVAL,
	  "size is 0" },
	{ "offline twice", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, 0 } }, 1, { OFFLINE, 0, 4 * GiB, GiB, 0 },
	  -EINVAL, "already offline" },
	{ "offline across zones", QEMU_1G, {}, 0, { OFFLINE, 0, 0, 128 * MiB, 0 }, -EINVAL,
	  "more than one zone" },
	{ "offline with holes", QEMU_1G, {}, 0, { OFFLINE, 0, 0x38000000, 128 * MiB, 0 }, -EINVAL,
	  "memory holes" },
	{ "offline device", QEMU_1G, { { ADD, 0, 4 * GiB, GiB, DEV_PRIVATE } }, 1,
	  { OFFLINE, 0, 4 * GiB, 128 * MiB, 0 }, -EINVAL, "device memory" },
	{ "offline overflow", QEMU_1G, {}, 0, { OFFLINE, 0, UINT64_MAX, 2, 0 }, -EINVAL, "overflows" },
};

static int run_step(struct devmemhp_machine *m, const struct step *s)
{
	switch (s->op) {
	case ADD:
		return devmemhp_add_memory(m, s->nid, s->start, s->size, s->flags);
	case REMOVE:
		return devmemhp_remove_memory(m, s->start, s->size, s->flags);
	case ONLINE:
		return devmemhp_online_memory(m, s->start, s->size, (enum devmemhp_zone)s->flags);
	case OFFLINE:
		return devmemhp_offline_memory(m, s->start, s->size);
	}
	return -1;
}

START_TEST(test_errors)
{
	const struct error_case *c = &errors[_i];
	struct devmemhp_machine *m = tu_machine_kernel("x86_64", "6.1", c->options);
	char *before, *after;
	int rc;

	for (int i = 0; i < c->nr_setup; i++)
		OP(m, run_step(m, &c->setup[i]), 0);
	before = tu_dump(m);
	rc = run_step(m, &c->op);
	ck_assert_msg(rc == c->rc, "%s: %d (%s), expected %d", c->name, rc, devmemhp_last_error(m),
		      c->rc);
	ck_assert_msg(strstr(devmemhp_last_error(m), c->message), "%s: \"%s\" lacks \"%s\"", c->name,
		      devmemhp_last_error(m), c->message);
	tu_check(m);
	/* a failed call leaves the machine exactly as it was */
	after = tu_dump(m);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	devmemhp_machine_unref(m);
}
END_TEST

START_TEST(test_null_machine)
{
	uint64_t x;
	struct devmemhp_stats st = { .size = sizeof(st) };
	struct devmemhp_page_info pi = { .size = sizeof(pi) };

	ck_assert_int_eq(devmemhp_add_memory(NULL, 0, 4 * GiB, GiB, 0), -EINVAL);
	ck_assert_ptr_nonnull(strstr(devmemhp_last_error(NULL), "no machine"));
	ck_assert_int_eq(devmemhp_remove_memory(NULL, 4 * GiB, GiB, 0), -EINVAL);
	ck_assert_int_eq(devmemhp_online_memory(NULL, 4 * GiB, GiB, DEVMEMHP_ZONE_AUTO), -EINVAL);
	ck_assert_int_eq(devmemhp_offline_memory(NULL, 4 * GiB, GiB), -EINVAL);
	ck_assert_int_eq(devmemhp_virt_to_phys(NULL, 0, &x, NULL), -EINVAL);
	ck_assert_int_eq(devmemhp_phys_to_virt(NULL, 0, &x), -EINVAL);
	ck_assert_int_eq(devmemhp_page_info(NULL, 0, &pi), -EINVAL);
	ck_assert_int_eq(devmemhp_get_stats(NULL, &st), -EINVAL);
	ck_assert_int_eq(devmemhp_check(NULL), -EINVAL);
	ck_assert_int_eq(devmemhp_zone_info_get(NULL, 0, DEVMEMHP_ZONE_DMA, NULL), -EINVAL);
	ck_assert_int_eq(devmemhp_memory_block_get(NULL, 0, NULL), -EINVAL);
}
END_TEST

START_TEST(test_null_out)
{
	struct devmemhp_machine *m = tu_machine(NULL, NULL);
	struct devmemhp_stats st = { .size = 0 };
	struct devmemhp_page_info pi = { .size = 0 };
	struct devmemhp_zone_info zi = { .size = sizeof(zi) };
	uint64_t x;

	OP(m, devmemhp_virt_to_phys(m, 0xffff888000000000ull, NULL, NULL), -EINVAL);
	OP(m, devmemhp_phys_to_virt(m, 0, NULL), -EINVAL);
	OP(m, devmemhp_page_info(m, 1, NULL), -EINVAL);
	OP(m, devmemhp_page_info(m, 1, &pi), -EINVAL);
	OP(m, devmemhp_get_stats(m, NULL), -EINVAL);
	OP(m, devmemhp_get_stats(m, &st), -EINVAL);
	OP(m, devmemhp_zone_info_get(m, 0, DEVMEMHP_ZONE_DMA, NULL), -EINVAL);
	OP(m, devmemhp_zone_info_get(m, 1, DEVMEMHP_ZONE_DMA, &zi), -ENOENT);
	OP(m, devmemhp_zone_info_get(m, 0, DEVMEMHP_ZONE_AUTO, &zi), -EINVAL);
	OP(m, devmemhp_memory_block_get(m, 0, NULL), -EINVAL);
	OP(m, devmemhp_memory_block_foreach(m, NULL, NULL), -EINVAL);
	OP(m, devmemhp_find_free_region(m, GiB, NULL), -EINVAL);
	OP(m, devmemhp_page_info(m, 0xa0, &(struct devmemhp_page_info){ .size = sizeof(pi) }), -ENOENT);
	OP(m, devmemhp_page_info(m, UINT64_MAX, &(struct devmemhp_page_info){ .size = sizeof(pi) }),
	   -ENOENT);
	OP(m, devmemhp_virt_to_phys(m, 0x1000, &x, NULL), -EFAULT);
	devmemhp_machine_unref(m);
}
END_TEST

/* ---- online and offline ------------------------------------------------------ */

START_TEST(test_online_zones)
{
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU_1G);
	struct devmemhp_memory_block blk;

	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	/* created offline (memhp_default_state=offline) */
	blk = tu_block(m, 32);
	ck_assert_int_eq(blk.online, 0);
	ck_assert_int_eq(blk.zone, DEVMEMHP_ZONE_NONE);
	ck_assert_uint_eq(blk.nr_valid_zones, 2);
	ck_assert_int_eq(blk.valid_zones[0], DEVMEMHP_ZONE_NORMAL);
	ck_assert_int_eq(blk.valid_zones[1], DEVMEMHP_ZONE_MOVABLE);
	ck_assert_uint_eq(tu_stats(m).memory_blocks_online, 8);
	OP(m, devmemhp_online_memory(m, 4 * GiB, 128 * MiB, DEVMEMHP_ZONE_MOVABLE), 0);
	OP(m, devmemhp_online_memory(m, 4 * GiB + 128 * MiB, 128 * MiB, DEVMEMHP_ZONE_NORMAL), 0);
	ck_assert_int_eq(tu_block(m, 32).zone, DEVMEMHP_ZONE_MOVABLE);
	ck_assert_int_eq(tu_block(m, 33).zone, DEVMEMHP_ZONE_NORMAL);
	/* memory34 touches both spans: contig-zones can no longer inherit one */
	blk = tu_block(m, 34);
	ck_assert_uint_eq(blk.nr_valid_zones, 2);
	ck_assert_int_eq(blk.valid_zones[0], DEVMEMHP_ZONE_NORMAL);
	ck_assert_int_eq(blk.valid_zones[1], DEVMEMHP_ZONE_MOVABLE);
	OP(m, devmemhp_online_memory(m, 4 * GiB + 256 * MiB, 768 * MiB, DEVMEMHP_ZONE_AUTO), 0);
	ck_assert_int_eq(tu_block(m, 39).zone, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_MOVABLE).present, 32768);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL).present, 7 * 32768);
	/* zones overlap: Movable [4G, 4G+128M) lies inside Normal's span */
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL).start_pfn, (4 * GiB + 128 * MiB) >> 12);
	/* a boot block without holes may go offline and come back */
	OP(m, devmemhp_offline_memory(m, 128 * MiB, 128 * MiB), 0);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_DMA32).present, 258016 - 32768);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_DMA32).present_early, 258016 - 32768);
	/* online_kernel picks DMA32, the lowest kernel zone the block touches */
	OP(m, devmemhp_online_memory(m, 128 * MiB, 128 * MiB, DEVMEMHP_ZONE_DMA32), 0);
	ck_assert_int_eq(tu_block(m, 1).zone, DEVMEMHP_ZONE_DMA32);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_DMA32).present_early, 258016);
	devmemhp_machine_unref(m);
}
END_TEST

/* auto-movable: MOVABLE while MOVABLE:KERNEL_EARLY stays within the ratio */
START_TEST(test_auto_movable)
{
	struct devmemhp_machine *m =
		tu_machine("x86_64", QEMU_1G ",online=online,online_policy=auto-movable");
	/* early kernel pages: 3998 + 258016 = 262014; 301% of that is 788662 pages */

	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, 2 * GiB, 0), 0);
	ck_assert_int_eq(tu_block(m, 32).zone, DEVMEMHP_ZONE_MOVABLE);
	ck_assert_int_eq(tu_block(m, 47).zone, DEVMEMHP_ZONE_MOVABLE);
	/* 524288 + 262144 = 786432 <= 788662: still movable */
	OP(m, devmemhp_add_memory(m, 0, 6 * GiB, GiB, 0), 0);
	ck_assert_int_eq(tu_block(m, 48).zone, DEVMEMHP_ZONE_MOVABLE);
	/* a whole static group must fit: this one does not, all of it goes Normal */
	OP(m, devmemhp_add_memory(m, 0, 8 * GiB, 128 * MiB, 0), 0);
	ck_assert_int_eq(tu_block(m, 64).zone, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_MOVABLE).present, 786432);
	devmemhp_machine_unref(m);

	/* a ratio of 0 disables MOVABLE */
	m = tu_machine("x86_64", QEMU_1G ",online=online,online_policy=auto-movable,"
				 "auto_movable_ratio=0");
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, 128 * MiB, 0), 0);
	ck_assert_int_eq(tu_block(m, 32).zone, DEVMEMHP_ZONE_NORMAL);
	devmemhp_machine_unref(m);

	/* NUMA aware: node 1 has no early kernel memory, so nothing there is movable */
	m = tu_machine("x86_64", QEMU_1G ",nodes=2,online=online,online_policy=auto-movable");
	OP(m, devmemhp_add_memory(m, 1, 4 * GiB, 128 * MiB, 0), 0);
	ck_assert_int_eq(tu_block(m, 32).zone, DEVMEMHP_ZONE_NORMAL);
	devmemhp_machine_unref(m);
	m = tu_machine("x86_64", QEMU_1G ",nodes=2,online=online,online_policy=auto-movable,"
				 "auto_movable_numa_aware=0");
	OP(m, devmemhp_add_memory(m, 1, 4 * GiB, 128 * MiB, 0), 0);
	ck_assert_int_eq(tu_block(m, 32).zone, DEVMEMHP_ZONE_MOVABLE);
	devmemhp_machine_unref(m);
}
END_TEST

/* ---- translation ------------------------------------------------------------ */

START_TEST(test_translation)
{
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU_1G ",levels=5,online=online");
	struct devmemhp_page_info pi = { .size = sizeof(pi) };
	uint64_t pa, va;
	unsigned int shift;

	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	OP(m, devmemhp_virt_to_phys(m, 0xff11000000000000ull + 4 * GiB + 12345, &pa, &shift), 0);
	ck_assert_uint_eq(pa, 4 * GiB + 12345);
	ck_assert_uint_eq(shift, 30);
	OP(m, devmemhp_virt_to_phys(m, 0xff11000000000000ull + 0x500000, &pa, &shift), 0);
	ck_assert_uint_eq(shift, 21);
	OP(m, devmemhp_virt_to_phys(m, 0xff11000000000000ull + 0x1000, &pa, &shift), 0);
	ck_assert_uint_eq(shift, 12);
	OP(m, devmemhp_phys_to_virt(m, 4 * GiB, &va), 0);
	ck_assert_uint_eq(va, 0xff11000000000000ull + 4 * GiB);
	/* the ISA hole is mapped at boot, RAM or not */
	OP(m, devmemhp_phys_to_virt(m, 0xa0000, &va), 0);
	OP(m, devmemhp_phys_to_virt(m, 3 * GiB, &va), -EFAULT);
	/* a vmemmap page on separate memory: the model does not place it */
	OP_ERR(m, devmemhp_virt_to_phys(m, 0xffd4000000000000ull, &pa, NULL), -EFAULT, "vmemmap");
	ck_assert_int_eq(devmemhp_page_info(m, 4 * GiB >> 12, &pi), 0);
	ck_assert_uint_eq(pi.state, DEVMEMHP_PAGE_PRESENT | DEVMEMHP_PAGE_ONLINE | DEVMEMHP_PAGE_MAPPED);
	ck_assert_int_eq(pi.zone, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(pi.block, 32);
	ck_assert_uint_eq(pi.section, 32);
	ck_assert_uint_eq(pi.linear_page_shift, 30);
	ck_assert_uint_eq(pi.range_start, 4 * GiB);
	ck_assert_uint_eq(pi.range_size, GiB);
	ck_assert_uint_eq(pi.memmap_va, 0xffd4000000000000ull + (4 * GiB >> 12) * 64);
	ck_assert_int_eq(devmemhp_page_info(m, 0x100, &pi), 0);
	ck_assert_uint_eq(pi.state, DEVMEMHP_PAGE_PRESENT | DEVMEMHP_PAGE_ONLINE |
				    DEVMEMHP_PAGE_MAPPED | DEVMEMHP_PAGE_EARLY);
	ck_assert_int_eq(pi.zone, DEVMEMHP_ZONE_DMA);
	devmemhp_machine_unref(m);
}
END_TEST

/* ---- 5-level paging frees PUD tables ----------------------------------------- */

START_TEST(test_five_level_remove)
{
	/* 64 GiB of boot RAM pays the 32 GiB of memmap */
	struct devmemhp_machine *m = tu_machine("x86_64", "kernel=6.1,levels=5,phys_bits=52,gbpages=0,"
						"boot=0x100000-0x1000000000");
	struct devmemhp_stats a = tu_stats(m), b, c;

	/* 2 TiB at 1 PiB: new PUD tables (one per 512 GiB) and PMD tables */
	OP(m, devmemhp_add_memory(m, 0, PiB, 2 * TiB, DEV), 0);
	b = tu_stats(m);
	ck_assert_uint_eq(b.direct_map_table_pages[2] - a.direct_map_table_pages[2], 4);
	ck_assert_uint_eq(b.direct_map_table_pages[1] - a.direct_map_table_pages[1], 2048);
	ck_assert_uint_eq(b.direct_map_leaves[1] - a.direct_map_leaves[1], 2 * TiB >> 21);
	OP(m, devmemhp_remove_memory(m, PiB, 2 * TiB, DEV), 0);
	c = tu_stats(m);
	/* PUD and PMD tables are freed; the P4D table never is (no free_p4d_table()) */
	for (int l = 0; l < 3; l++)
		ck_assert_uint_eq(c.direct_map_table_pages[l], a.direct_map_table_pages[l]);
	ck_assert_uint_eq(c.direct_map_table_pages[3], a.direct_map_table_pages[3] + 1);
	devmemhp_machine_unref(m);

	/* with 4 levels the PUD table stays (remove_p4d_table() frees none) */
	m = tu_machine("x86_64", "kernel=6.1,gbpages=0,boot=0x100000-0x1000000000");
	a = tu_stats(m);
	OP(m, devmemhp_add_memory(m, 0, 16 * TiB, 2 * TiB, DEV), 0);
	b = tu_stats(m);
	ck_assert_uint_eq(b.direct_map_table_pages[2] - a.direct_map_table_pages[2], 4);
	OP(m, devmemhp_remove_memory(m, 16 * TiB, 2 * TiB, DEV), 0);
	c = tu_stats(m);
	ck_assert_uint_eq(c.direct_map_table_pages[2] - a.direct_map_table_pages[2], 4);
	ck_assert_uint_eq(c.direct_map_table_pages[1], a.direct_map_table_pages[1]);
	/* the memmap and the freed tables went back; the 4 PUD tables stay paid */
	ck_assert_uint_eq(b.free_bytes, a.free_bytes - 32 * GiB -
			  (b.direct_map_table_pages[2] - a.direct_map_table_pages[2] +
			   b.direct_map_table_pages[1] - a.direct_map_table_pages[1] +
			   b.vmemmap_table_pages[2] - a.vmemmap_table_pages[2] +
			   b.vmemmap_table_pages[1] - a.vmemmap_table_pages[1]) * 4096);
	ck_assert_uint_eq(c.free_bytes, a.free_bytes - 4 * 4096);
	ck_assert_uint_eq(c.direct_map_bytes[1], a.direct_map_bytes[1]);
	devmemhp_machine_unref(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hotplug");
	TCase *ram = tcase_create("ram"), *dev = tcase_create("device"), *err = tcase_create("errors");
	TCase *onl = tcase_create("online");

	tcase_add_test(ram, test_dimm_1g);
	tcase_add_test(ram, test_dimm_1g_nogbpages);
	tcase_add_test(ram, test_dimm_2g_128m);
	tcase_add_test(ram, test_dimm_2g_unaligned);
	tcase_add_test(ram, test_dimm_64m_refused);
	tcase_add_test(ram, test_memmap_on_memory);
	tcase_add_test(ram, test_memmap_on_memory_per_block);
	tcase_add_test(ram, test_numa_movable_node);
	tcase_add_test(ram, test_plug_unplug_movable);
	tcase_add_test(ram, test_offline_normal);
	tcase_add_test(ram, test_zone_span_holes);
	tcase_add_loop_test(dev, test_worked_examples, 0, sizeof(worked) / sizeof(worked[0]));
	tcase_add_test(dev, test_unaddressable_placement);
	tcase_add_test(dev, test_no_free_region);
	tcase_add_test(dev, test_translation);
	tcase_add_test(dev, test_five_level_remove);
	tcase_add_loop_test(err, test_errors, 0, sizeof(errors) / sizeof(errors[0]));
	tcase_add_test(err, test_null_machine);
	tcase_add_test(err, test_null_out);
	tcase_add_test(onl, test_online_zones);
	tcase_add_test(onl, test_auto_movable);
	suite_add_tcase(s, ram);
	suite_add_tcase(s, dev);
	suite_add_tcase(s, err);
	suite_add_tcase(s, onl);
	return tu_run(s);
}
