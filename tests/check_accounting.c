/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Free memory and who pays for a hotplug (lib/accounting.c): the memmap goes
 * to the range's node or, through the GFP_KERNEL zonelist, to the next one;
 * memmap_on_memory and a device's altmap cost no free memory; reserved= is
 * what the kernel holds at boot; an add the machine cannot afford fails
 * -ENOMEM and changes nothing.
 */
#include "testutil.h"

#define PAGE 4096ull

static struct devmemhp_node_info node(struct devmemhp_machine *m, int nid)
{
	struct devmemhp_node_info ni = { .size = sizeof(ni) };

	ck_assert_int_eq(devmemhp_node_info_get(m, nid, &ni), 0);
	ck_assert_int_eq(ni.nid, nid);
	return ni;
}

static struct devmemhp_plan plan_ram(struct devmemhp_machine *m, int nid, uint64_t start,
				     uint64_t size)
{
	struct devmemhp_add_params p = { .size = sizeof(p), .start = start, .length = size,
					 .nid = nid };
	struct devmemhp_plan plan = { .size = sizeof(plan) };

	ck_assert_int_eq(devmemhp_plan_add(m, &p, &plan), 0);
	return plan;
}

/* Two nodes with 2 GiB each; 1 GiB on node 1 pays its 16 MiB of memmap there. */
START_TEST(test_node_local)
{
	struct devmemhp_machine *m = tu_machine_kernel(
		"x86_64", "6.1", "nodes=2,boot=0x100000-0x80000000@0;0x100000000-0x180000000@1,"
				 "online=offline");
	struct devmemhp_stats a = tu_stats(m), b;
	struct devmemhp_node_info n0 = node(m, 0), n1 = node(m, 1);
	struct devmemhp_plan p = plan_ram(m, 1, 8 * GiB, GiB);

	ck_assert_uint_eq(a.free_bytes, 4095 * MiB);
	ck_assert_uint_eq(n0.free_bytes, 2047 * MiB);
	ck_assert_uint_eq(n1.free_bytes, 2 * GiB);
	ck_assert_uint_eq(n1.zones, 1u << DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(n0.zones, 1u << DEVMEMHP_ZONE_DMA | 1u << DEVMEMHP_ZONE_DMA32);
	/* the plan: node 1 pays 16 MiB, MemFree moves by as much (blocks offline) */
	ck_assert_int_eq(p.result, 0);
	ck_assert_uint_eq(p.nr_payers, 1);
	ck_assert_int_eq(p.payers[0].nid, 1);
	ck_assert_int_eq(p.payers[0].bytes, 16 * MiB);
	ck_assert_uint_eq(p.payers[0].free_after, 2 * GiB - 16 * MiB);
	ck_assert_int_eq(p.free_bytes, -(int64_t)(16 * MiB));
	ck_assert_uint_eq(p.kernel_leaves_bytes, 0);

	OP(m, devmemhp_add_memory(m, 1, 8 * GiB, GiB, DEVICE_MEMORY_NONE), 0);
	b = tu_stats(m);
	ck_assert_uint_eq(b.free_bytes, 4095 * MiB - 16 * MiB);
	n1 = node(m, 1);
	ck_assert_uint_eq(n1.memmap_bytes, 16 * MiB);
	ck_assert_uint_eq(n1.page_table_bytes, 0);
	ck_assert_uint_eq(n1.free_bytes, 2 * GiB - 16 * MiB);
	ck_assert_uint_eq(tu_zone(m, 1, DEVMEMHP_ZONE_NORMAL).free, (2 * GiB - 16 * MiB) / PAGE);
	ck_assert_uint_eq(node(m, 0).memmap_bytes, 0);
	/* onlining hands the GiB to the allocator; offlining takes it back */
	OP(m, devmemhp_online_memory(m, 8 * GiB, GiB, DEVMEMHP_ZONE_MOVABLE), 0);
	ck_assert_uint_eq(tu_stats(m).free_bytes, 4095 * MiB - 16 * MiB + GiB);
	ck_assert_uint_eq(tu_zone(m, 1, DEVMEMHP_ZONE_MOVABLE).free, GiB / PAGE);
	OP(m, devmemhp_offline_memory(m, 8 * GiB, GiB), 0);
	ck_assert_uint_eq(tu_stats(m).free_bytes, 4095 * MiB - 16 * MiB);
	/* the remove gives the memmap back to node 1 */
	OP(m, devmemhp_remove_memory(m, 8 * GiB, GiB, DEVICE_MEMORY_NONE), 0);
	ck_assert_uint_eq(tu_stats(m).free_bytes, 4095 * MiB);
	ck_assert_uint_eq(node(m, 1).memmap_bytes, 0);
	devmemhp_machine_unref(m);
}
END_TEST

/* A memoryless node 1: its memmap falls back to node 0 (the zonelist). */
START_TEST(test_memoryless_node_falls_back)
{
	struct devmemhp_machine *m = tu_machine_kernel("x86_64", "6.1",
						       "nodes=2,boot=0x100000-0x80000000,online=offline");
	struct devmemhp_plan p = plan_ram(m, 1, 4 * GiB, GiB);
	struct devmemhp_node_info n0, n1;

	ck_assert_int_eq(p.result, 0);
	ck_assert_uint_eq(p.nr_payers, 1);
	ck_assert_int_eq(p.payers[0].nid, 0);
	ck_assert_int_eq(p.payers[0].bytes, 16 * MiB);
	ck_assert_uint_eq(p.payers[0].free_after, 2047 * MiB - 16 * MiB);
	OP(m, devmemhp_add_memory(m, 1, 4 * GiB, GiB, DEVICE_MEMORY_NONE), 0);
	OP(m, devmemhp_online_memory(m, 4 * GiB, GiB, DEVMEMHP_ZONE_MOVABLE), 0);
	n0 = node(m, 0);
	n1 = node(m, 1);
	ck_assert_uint_eq(n0.memmap_bytes, 16 * MiB);
	ck_assert_uint_eq(n0.free_bytes, 2047 * MiB - 16 * MiB);
	ck_assert_uint_eq(n1.memmap_bytes, 0);
	ck_assert_uint_eq(n1.free_bytes, GiB);
	ck_assert_uint_eq(n1.managed_bytes, GiB);
	ck_assert_uint_eq(n1.zones, 1u << DEVMEMHP_ZONE_MOVABLE);
	ck_assert_int_eq(n1.online, 1);
	/* the next add on node 1 still cannot use ZONE_MOVABLE: node 0 pays again */
	OP(m, devmemhp_add_memory(m, 1, 5 * GiB, GiB, DEVICE_MEMORY_NONE), 0);
	ck_assert_uint_eq(node(m, 0).memmap_bytes, 32 * MiB);
	ck_assert_uint_eq(node(m, 1).memmap_bytes, 0);
	devmemhp_machine_unref(m);
}
END_TEST

/* memmap_on_memory: the memmap on the block itself, nobody pays. */
START_TEST(test_memmap_on_memory_pays_nothing)
{
	struct devmemhp_machine *m = tu_machine_kernel(
		"x86_64", "6.1", "boot=0x100000-0x80000000,memmap_on_memory=1,online=online_movable");
	struct devmemhp_plan p = plan_ram(m, 0, 4 * GiB, 128 * MiB);

	ck_assert_int_eq(p.result, 0);
	ck_assert_int_eq(p.memmap_on_memory, 1);
	/* the PMD table of the new 2 MiB linear-map leaves, from node 0: nothing else */
	ck_assert_int_eq(p.direct_map_table_pages[1], 1);
	ck_assert_uint_eq(p.nr_payers, 1);
	ck_assert_int_eq(p.payers[0].bytes, (int64_t)PAGE);
	/* onlined: 128 MiB less its 2 MiB of memmap */
	ck_assert_int_eq(p.free_bytes, 126 * MiB - PAGE);
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, 128 * MiB, DEVICE_MEMORY_NONE), 0);
	ck_assert_uint_eq(tu_stats(m).free_bytes, 2047 * MiB + 126 * MiB - PAGE);
	ck_assert_uint_eq(node(m, 0).memmap_bytes, 0);
	ck_assert_uint_eq(node(m, 0).page_table_bytes, PAGE);
	devmemhp_machine_unref(m);
}
END_TEST

/* Device memory: the memmap from RAM, or on the device with an altmap. */
START_TEST(test_device_altmap)
{
	struct devmemhp_machine *m = tu_machine_kernel("x86_64", "6.1", "boot=0x100000-0x80000000");
	struct devmemhp_add_params pmem = { .size = sizeof(pmem), .start = 8 * GiB, .length = GiB,
					    .flags = DEV, .altmap_free = 8192 };
	struct devmemhp_plan p = { .size = sizeof(p) };

	ck_assert_int_eq(devmemhp_plan_add(m, &pmem, &p), 0);
	ck_assert_int_eq(p.result, 0);
	ck_assert_int_eq(p.memmap_altmap_bytes, 16 * MiB);
	ck_assert_uint_eq(p.nr_payers, 0);
	ck_assert_int_eq(p.free_bytes, 0);
	OP(m, devmemhp_add_memory_ex(m, &pmem), 0);
	ck_assert_uint_eq(tu_stats(m).free_bytes, 2047 * MiB);
	/* without an altmap node 0 pays, though ZONE_DEVICE adds nothing free */
	OP(m, devmemhp_add_memory(m, 0, 16 * GiB, GiB, DEV), 0);
	ck_assert_uint_eq(tu_stats(m).free_bytes, 2047 * MiB - 16 * MiB);
	ck_assert_uint_eq(node(m, 0).memmap_bytes, 16 * MiB);
	ck_assert_uint_eq(node(m, 0).device_bytes, 2 * GiB);
	OP(m, devmemhp_remove_memory(m, 16 * GiB, GiB, DEV), 0);
	ck_assert_uint_eq(tu_stats(m).free_bytes, 2047 * MiB);
	devmemhp_machine_unref(m);
}
END_TEST

static char *all_views(struct devmemhp_machine *m)
{
	static const enum devmemhp_view views[] = { DEVMEMHP_VIEW_IOMEM, DEVMEMHP_VIEW_MEMINFO,
						    DEVMEMHP_VIEW_MEMORY_BLOCKS,
						    DEVMEMHP_VIEW_ZONEINFO, DEVMEMHP_VIEW_PTDUMP };
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		ck_assert_int_eq(devmemhp_write_view(m, views[i], f), 0);
	fclose(f);
	return out;
}

/* 2 TiB on a 1 GiB machine: 32 GiB of memmap it cannot pay.  GFP_KERNEL on
 * node 0: 501 order-9 blocks in DMA32 and 7 in DMA above their min watermarks
 * (min_free_kbytes 4093: 1008 and 14 pages), then one more 2 MiB section in
 * base pages from what is left; the 510th section fails. */
START_TEST(test_enomem_unchanged)
{
	struct devmemhp_machine *m = tu_machine_kernel("x86_64", "6.1", "boot=0x100000-0x40000000");
	char *dump = tu_dump(m), *views = all_views(m), *after;
	struct devmemhp_plan p = plan_ram(m, 0, 4 * GiB, 2 * TiB);

	ck_assert_int_eq(p.result, -ENOMEM);
	ck_assert_ptr_nonnull(strstr(p.reason, "vmemmap alloc failure: order:9"));
	ck_assert_uint_eq(p.kernel_leaves_bytes, 509 * 2 * MiB);
	ck_assert_uint_eq(p.nr_payers, 1);
	ck_assert_int_eq(p.payers[0].nid, 0);
	OP_ERR(m, devmemhp_add_memory(m, 0, 4 * GiB, 2 * TiB, DEVICE_MEMORY_NONE), -ENOMEM,
	       "retry of the range cannot succeed");
	ck_assert_ptr_nonnull(strstr(devmemhp_last_error(m), "Linux 6.1 keeps 1018 MiB of it and "
							     "the linear map"));
	tu_expect_dump(m, dump);
	after = all_views(m);
	ck_assert_str_eq(after, views);
	free(after);
	free(views);
	/* 1 TiB less fits nowhere either; 32 GiB (512 MiB of memmap) fits */
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, TiB, DEVICE_MEMORY_NONE), -ENOMEM);
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, 32 * GiB, DEVICE_MEMORY_NONE), 0);
	ck_assert_uint_eq(node(m, 0).memmap_bytes, 512 * MiB);
	devmemhp_machine_unref(m);
}
END_TEST

/* The recorded one: a 512 MiB guest, a 48 GiB DIMM (768 MiB of memmap); Linux
 * keeps 254 sections' memmap, 508 MiB, and runs out of memory. */
START_TEST(test_enomem_48g_on_512m)
{
	struct devmemhp_machine *m = tu_machine_kernel("x86_64", "6.1", "boot=0x100000-0x20000000");
	char *dump = tu_dump(m);
	struct devmemhp_plan p = plan_ram(m, 0, 4 * GiB, 48 * GiB);

	ck_assert_int_eq(p.result, -ENOMEM);
	ck_assert_uint_eq(p.kernel_leaves_bytes, 254 * 2 * MiB);
	OP_ERR(m, devmemhp_add_memory(m, 0, 4 * GiB, 48 * GiB, DEVICE_MEMORY_NONE), -ENOMEM,
	       "the memmap needs 768 MiB");
	tu_expect_dump(m, dump);
	devmemhp_machine_unref(m);
}
END_TEST

START_TEST(test_reserved_option)
{
	struct devmemhp_machine *m = tu_machine("x86_64", "boot=0x100000-0x40000000,reserved=64M");
	struct devmemhp_machine *bad = NULL;

	ck_assert_uint_eq(tu_stats(m).free_bytes, 1023 * MiB - 64 * MiB);
	ck_assert_uint_eq(node(m, 0).reserved_bytes, 64 * MiB);
	ck_assert_uint_eq(tu_stats(m).managed_bytes, 1023 * MiB);
	devmemhp_machine_unref(m);

	/* per node, in boot='s grammar */
	m = tu_machine("x86_64", "nodes=2,boot=0x100000-0x80000000@0;0x100000000-0x180000000@1,"
				 "reserved=100M@0;1G@1");
	ck_assert_uint_eq(node(m, 0).free_bytes, 2047 * MiB - 100 * MiB);
	ck_assert_uint_eq(node(m, 1).free_bytes, GiB);
	devmemhp_machine_unref(m);

	/* spread by managed memory: 2047/4095 and 2048/4095 of 4095 MiB */
	m = tu_machine("x86_64", "nodes=2,boot=0x100000-0x80000000@0;0x100000000-0x180000000@1,"
				 "reserved=4095M");
	ck_assert_uint_eq(node(m, 0).free_bytes, 0);
	ck_assert_uint_eq(node(m, 1).free_bytes, 0);
	devmemhp_machine_unref(m);

	ck_assert_int_eq(devmemhp_machine_new("x86_64", "boot=0x100000-0x40000000,reserved=2G", &bad),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(devmemhp_last_error(NULL), "reserved"));
	ck_assert_int_eq(devmemhp_machine_new("x86_64", "nodes=2,reserved=1M@2", &bad), -EINVAL);
	ck_assert_int_eq(devmemhp_machine_new("x86_64", "reserved=1M@x", &bad), -EINVAL);
	ck_assert_int_eq(devmemhp_machine_new("x86_64", "reserved=", &bad), -EINVAL);
	ck_assert_ptr_null(bad);
}
END_TEST

START_TEST(test_node_info_errors)
{
	struct devmemhp_machine *m = tu_machine("x86_64", "nodes=2");
	struct devmemhp_node_info ni = { .size = sizeof(ni) };
	struct devmemhp_node_info small = { .size = offsetof(struct devmemhp_node_info, online) };

	ck_assert_int_eq(devmemhp_node_info_get(m, 2, &ni), -ENOENT);
	ck_assert_int_eq(devmemhp_node_info_get(m, -1, &ni), -ENOENT);
	ck_assert_int_eq(devmemhp_node_info_get(NULL, 0, &ni), -EINVAL);
	ck_assert_int_eq(devmemhp_node_info_get(m, 0, NULL), -EINVAL);
	/* an older, smaller struct gets what it has room for */
	ck_assert_int_eq(devmemhp_node_info_get(m, 1, &small), 0);
	ck_assert_int_eq(small.nid, 1);
	ck_assert_int_eq(small.online, 0);
	ck_assert_int_eq(devmemhp_node_info_get(m, 1, &ni), 0);
	ck_assert_int_eq(ni.online, 0);
	ck_assert_uint_eq(ni.free_bytes, 0);
	devmemhp_machine_unref(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("accounting");
	TCase *tc = tcase_create("free");

	tcase_add_test(tc, test_node_local);
	tcase_add_test(tc, test_memoryless_node_falls_back);
	tcase_add_test(tc, test_memmap_on_memory_pays_nothing);
	tcase_add_test(tc, test_device_altmap);
	tcase_add_test(tc, test_enomem_unchanged);
	tcase_add_test(tc, test_enomem_48g_on_512m);
	tcase_add_test(tc, test_reserved_option);
	tcase_add_test(tc, test_node_info_errors);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
