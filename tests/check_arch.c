/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Backends: the registry, its validation, and a backend a user plugs in. */
#include <stddef.h>

#include "testutil.h"

static struct devmemhp_arch toy = {
	.version = DEVMEMHP_ARCH_VERSION,
	.name = "toy",
	.description = "made-up 3-level architecture with 64K pages",
	.geometry = &tu_toy_geometry,
	.caps = DEVMEMHP_ARCH_CAP_DEVICE | DEVMEMHP_ARCH_CAP_UNADDRESSABLE |
		DEVMEMHP_ARCH_CAP_REMOVE | DEVMEMHP_ARCH_CAP_LINEAR_MAP,
	.default_options = "boot=0-2G",
};

static int collect(const struct devmemhp_arch *arch, void *data)
{
	char *names = data;

	strcat(names, arch->name);
	strcat(names, " ");
	return 0;
}

START_TEST(test_foreach)
{
	char names[256] = "";

	ck_assert_int_eq(devmemhp_arch_foreach(collect, names), 0);
	ck_assert_str_eq(names, "x86_64 x86_32 powerpc s390 ia64 sh tile arm64 riscv64 ");
	ck_assert_int_eq(devmemhp_arch_foreach(NULL, NULL), -EINVAL);
}
END_TEST

static int stop_at_first(const struct devmemhp_arch *arch, void *data)
{
	(void)arch;
	(*(int *)data)++;
	return 42;
}

static int register_inside(const struct devmemhp_arch *arch, void *data)
{
	(void)data;
	if (strcmp(arch->name, "x86_64") == 0)
		ck_assert_int_eq(devmemhp_arch_register(&toy), 0);
	return 0;
}

START_TEST(test_foreach_callback)
{
	int calls = 0;
	char names[256] = "";

	ck_assert_int_eq(devmemhp_arch_foreach(stop_at_first, &calls), 42);
	ck_assert_int_eq(calls, 1);
	/* the callback works on a snapshot and may register */
	ck_assert_int_eq(devmemhp_arch_foreach(register_inside, NULL), 0);
	ck_assert_int_eq(devmemhp_arch_foreach(collect, names), 0);
	ck_assert_str_eq(names, "x86_64 x86_32 powerpc s390 ia64 sh tile arm64 riscv64 toy ");
	ck_assert_int_eq(devmemhp_arch_unregister("toy"), 0);
}
END_TEST

START_TEST(test_register_refuses_control_characters)
{
	struct devmemhp_arch bad = toy;

	bad.name = "toy\nx86_64";
	OP_ERR(NULL, devmemhp_arch_register(&bad), -EINVAL,
	       "arch_register: name holds a control character (0x0a at byte 3)");
	bad.name = "toy";
	bad.description = "a toy\tbackend";
	OP_ERR(NULL, devmemhp_arch_register(&bad), -EINVAL,
	       "arch_register: description holds a control character (0x09 at byte 5)");
	OP(NULL, devmemhp_arch_unregister("toy"), -ENOENT);
}
END_TEST

START_TEST(test_user_backend)
{
	struct devmemhp_machine *m;
	struct devmemhp_stats a, b;
	struct devmemhp_geometry g = { .size = sizeof(g) };
	uint64_t va;

	ck_assert_int_eq(devmemhp_arch_register(&toy), 0);
	OP(NULL, devmemhp_arch_register(&toy), -EEXIST);
	m = tu_machine("toy", NULL);
	ck_assert_str_eq(devmemhp_machine_arch(m), "toy");
	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	ck_assert_uint_eq(g.block_size, 512 * MiB); /* no probe hook: one section */
	a = tu_stats(m);
	/* boot: 2 GiB in four 512M leaves, memmap of 4 sections on 64K pages */
	ck_assert_uint_eq(a.direct_map_leaves[1], 4);
	ck_assert_uint_eq(a.memmap_bytes, 2 * GiB / (64 * KiB) * 64);
	/* a full cycle on RAM */
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	OP(m, devmemhp_online_memory(m, 4 * GiB, GiB, DEVMEMHP_ZONE_MOVABLE), 0);
	ck_assert_int_eq(tu_block(m, 8).zone, DEVMEMHP_ZONE_MOVABLE);
	OP(m, devmemhp_phys_to_virt(m, 4 * GiB, &va), 0);
	ck_assert_uint_eq(va, 0xffc0000000000000ull + 4 * GiB);
	b = tu_stats(m);
	ck_assert_uint_eq(b.direct_map_leaves[1] - a.direct_map_leaves[1], 2);
	OP(m, devmemhp_offline_memory(m, 4 * GiB, GiB), 0);
	OP(m, devmemhp_remove_memory(m, 4 * GiB, GiB, 0), 0);
	/* device memory at 2 MiB granularity maps with 64K pages */
	OP(m, devmemhp_add_memory(m, 0, 8 * GiB, 2 * MiB, DEV), 0);
	ck_assert_uint_eq(tu_stats(m).direct_map_leaves[0] - a.direct_map_leaves[0], 32);
	OP(m, devmemhp_remove_memory(m, 8 * GiB, 2 * MiB, DEV), 0);
	b = tu_stats(m);
	ck_assert_mem_eq(b.direct_map_leaves, a.direct_map_leaves, sizeof(a.direct_map_leaves));
	ck_assert_uint_eq(b.memmap_bytes, a.memmap_bytes);
	/* a backend in use cannot go */
	OP_ERR(NULL, devmemhp_arch_unregister("toy"), -EBUSY, "used by 1 machine");
	devmemhp_machine_unref(m);
	ck_assert_int_eq(devmemhp_arch_unregister("toy"), 0);
	OP_ERR(NULL, devmemhp_arch_unregister("toy"), -ENOENT, "toy");
	ck_assert_int_eq(devmemhp_machine_new("toy", NULL, &m), -ENOENT);
	ck_assert_int_eq(devmemhp_arch_unregister(NULL), -EINVAL);
}
END_TEST

/* A backend without device memory has no ZONE_DEVICE, whatever zone_device says. */
START_TEST(test_no_zone_device)
{
	struct devmemhp_arch copy = toy;
	struct devmemhp_machine *m;
	char *text;

	copy.name = "toy-ram";
	copy.caps = DEVMEMHP_ARCH_CAP_REMOVE | DEVMEMHP_ARCH_CAP_LINEAR_MAP;
	ck_assert_int_eq(devmemhp_arch_register(&copy), 0);
	ck_assert_int_eq(devmemhp_machine_new("toy-ram", "zone_device=1", &m), -EINVAL);
	ck_assert_ptr_nonnull(strstr(devmemhp_last_error(NULL), "zone_device=1: toy-ram has no "
							       "ZONE_DEVICE"));
	m = tu_machine("toy-ram", "zone_device=0");
	OP_ERR(m, devmemhp_add_memory(m, 0, 8 * GiB, 2 * MiB, DEV), -EOPNOTSUPP,
	       "toy-ram has no ZONE_DEVICE");
	text = tu_view(m, DEVMEMHP_VIEW_ZONEINFO);
	ck_assert_ptr_null(strstr(text, "Device"));
	free(text);
	devmemhp_machine_unref(m);
	ck_assert_int_eq(devmemhp_arch_unregister("toy-ram"), 0);
}
END_TEST

/* The registry copies the backend: the caller's struct may change afterwards. */
START_TEST(test_registry_copies)
{
	struct devmemhp_arch copy = toy;
	struct devmemhp_geometry geo = tu_toy_geometry;
	struct devmemhp_machine *m;
	char name[] = "scratch";

	copy.name = name;
	copy.geometry = &geo;
	ck_assert_int_eq(devmemhp_arch_register(&copy), 0);
	name[0] = 'X';
	geo.page_shift = 99;
	m = tu_machine("scratch", NULL);
	devmemhp_machine_unref(m);
	ck_assert_int_eq(devmemhp_arch_unregister("scratch"), 0);
}
END_TEST

/* Bad backends, and the member the message must name. */
enum field { F_VERSION, F_NAME, F_GEO, F_CAPS, F_PAGE_SHIFT, F_LEVELS, F_BITS0, F_BITS_SUM, F_LEAF0, F_LEAF_ROOT, F_FREE_ROOT,
	     F_PHYS, F_SECTION, F_PHYSMEM, F_SUBSECTION, F_STRUCT_PAGE, F_BLOCK, F_BLOCK_SMALL, F_LINEAR, F_ZONES,
	     F_NONCANONICAL, F_LINEAR_WRAP, F_VMEMMAP_OVERLAP, F_PHYS_OFFSET, F_DIRECTMAP,
	     F_VMEMMAP_MODE, F_MAX_PFN_CAPS };

static const struct {
	enum field field;
	int rc;
	const char *named;
} bad[] = {
	{ F_VERSION, -EINVAL, "version 0" },
	{ F_NAME, -EINVAL, "name" },
	{ F_GEO, -EINVAL, "geometry: missing" },
	{ F_CAPS, -EINVAL, "caps" },
	{ F_PAGE_SHIFT, -EINVAL, "geometry.page_shift" },
	{ F_LEVELS, -EINVAL, "geometry.levels" },
	{ F_BITS0, -EINVAL, "geometry.level_bits[0]" },
	{ F_BITS_SUM, -EINVAL, "more than 64" },
	{ F_LEAF0, -EINVAL, "geometry.leaf_levels" },
	{ F_LEAF_ROOT, -EINVAL, "root level" },
	{ F_FREE_ROOT, -EINVAL, "geometry.free_table_levels" },
	{ F_PHYS, -EINVAL, "geometry.phys_bits" },
	{ F_SECTION, -EINVAL, "geometry.section_shift" },
	{ F_PHYSMEM, -EINVAL, "geometry.max_physmem_bits" },
	{ F_SUBSECTION, -EINVAL, "geometry.subsection_shift" },
	{ F_STRUCT_PAGE, -EINVAL, "geometry.struct_page_size" },
	{ F_BLOCK, -EINVAL, "geometry.block_size" },
	{ F_BLOCK_SMALL, -EINVAL, "geometry.block_size" },
	{ F_LINEAR, -EINVAL, "geometry.linear_base" },
	{ F_ZONES, -EINVAL, "geometry.zone_" },
	{ F_NONCANONICAL, -EINVAL, "not a canonical region" },
	{ F_LINEAR_WRAP, -EINVAL, "geometry.linear_base" },
	{ F_VMEMMAP_OVERLAP, -EINVAL, "overlaps the linear map" },
	{ F_PHYS_OFFSET, -EINVAL, "geometry.phys_offset" },
	{ F_DIRECTMAP, -EINVAL, "geometry.directmap_levels" },
	{ F_VMEMMAP_MODE, -EINVAL, "geometry.vmemmap_mode" },
	{ F_MAX_PFN_CAPS, -EINVAL, "RAISE_MAX_PFN and SET_MAX_PFN" },
};

START_TEST(test_bad_backends)
{
	struct devmemhp_arch a = toy;
	struct devmemhp_geometry g = tu_toy_geometry;

	a.name = "bad";
	a.geometry = &g;
	switch (bad[_i].field) {
	case F_VERSION: a.version = 0; break;
	case F_NAME: a.name = "has space"; break;
	case F_GEO: a.geometry = NULL; break;
	case F_CAPS: a.caps = DEVMEMHP_ARCH_CAP_UNADDRESSABLE; break;
	case F_PAGE_SHIFT: g.page_shift = 9; break;
	case F_LEVELS: g.levels = 7; break;
	case F_BITS0: g.level_bits[0] = 0; break;
	case F_BITS_SUM: g.levels = 5; g.level_bits[3] = g.level_bits[4] = 13; break;
	case F_LEAF0: g.leaf_levels = 0x2; break;
	case F_LEAF_ROOT: g.leaf_levels = 0x7; break;
	case F_FREE_ROOT: g.free_table_levels = 0x7; break;
	case F_PHYS: g.phys_bits = 16; break;
	case F_SECTION: g.section_shift = 12; break;
	case F_PHYSMEM: g.max_physmem_bits = 20; break;
	case F_SUBSECTION: g.subsection_shift = 30; break;
	case F_STRUCT_PAGE: g.struct_page_size = 56; break;
	case F_BLOCK: g.block_size = 768 * MiB; break;
	case F_BLOCK_SMALL: g.block_size = 256 * MiB; break;
	case F_LINEAR: g.linear_base = 0xffc0000000000100ull; break;
	case F_ZONES: g.zone_dma_end = 8ull << 30; break;
	case F_NONCANONICAL: g.linear_base = 0xff00000000000000ull; break; /* in the 55-bit hole */
	case F_LINEAR_WRAP: g.linear_size = 1ull << 60; break;
	case F_VMEMMAP_OVERLAP: g.vmemmap_base = g.linear_base + (1ull << 40); break;
	case F_PHYS_OFFSET: g.phys_offset = 0x40010000; break; /* not section aligned */
	case F_DIRECTMAP: g.directmap_levels = 0x9; break;     /* level 3 of a 3-level table */
	case F_VMEMMAP_MODE: g.vmemmap_mode = 7; break;
	case F_MAX_PFN_CAPS:
		a.caps |= DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN | DEVMEMHP_ARCH_CAP_SET_MAX_PFN;
		break;
	}
	OP_ERR(NULL, devmemhp_arch_register(&a), bad[_i].rc, bad[_i].named);
	ck_assert_int_eq(devmemhp_arch_unregister("bad"), -ENOENT);
}
END_TEST

/*
 * A backend written for DEVMEMHP_ARCH_VERSION 1: its struct ends after
 * boot_map and its geometry after vmemmap_view_end.  What follows them in
 * memory is not its own and must not be read: here a plan_add that would
 * refuse everything, and geometry members that would fail validation.
 */
static int refuse_all(const struct devmemhp_geometry *geo, struct devmemhp_arch_plan *plan,
		      int (*zone_span)(void *, int, enum devmemhp_zone, uint64_t *, uint64_t *),
		      void *ctx)
{
	(void)geo;
	(void)plan;
	(void)zone_span;
	(void)ctx;
	return -EPERM;
}

START_TEST(test_older_version)
{
	struct devmemhp_arch a = toy;
	struct devmemhp_geometry g = tu_toy_geometry;
	struct devmemhp_kernel k = { .size = sizeof(k) };
	struct devmemhp_machine *m;
	char *meminfo = NULL;
	size_t len = 0;
	FILE *f;

	a.version = 1;
	a.name = "toy-v1";
	a.geometry = &g;
	a.plan_add = refuse_all;
	a.kernels = "not a list"; /* version 3 on: not read */
	g.size = offsetof(struct devmemhp_geometry, vmemmap_view_end) + sizeof(uint64_t);
	g.phys_offset = 12345;       /* misaligned, if anyone looked */
	g.directmap_levels = 0xff;   /* beyond the table, if anyone looked */
	g.vmemmap_mode = 99;
	OP(NULL, devmemhp_arch_register(&a), 0);
	m = tu_machine("toy-v1", NULL);
	/* the hook it cannot have is not called; the defaults of version 1 hold,
	 * and it models Linux 6.1, the kernel the library followed then */
	ck_assert_int_eq(devmemhp_machine_get_kernel(m, &k), 0);
	ck_assert_str_eq(k.name, "6.1");
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	f = open_memstream(&meminfo, &len);
	ck_assert_int_eq(devmemhp_write_view(m, DEVMEMHP_VIEW_MEMINFO, f), 0);
	fclose(f);
	/* MemFree (the boot RAM less the GiB's memmap, plus the GiB), then a
	 * DirectMap line per leaf size: 64K pages and 512M blocks */
	ck_assert_str_eq(strchr(meminfo, '\n') + 1,
			 "MemFree:         2096128 kB\n"
			 "DirectMap64k:          0 kB\n"
			 "DirectMap512M:   3145728 kB\n");
	free(meminfo);
	devmemhp_machine_unref(m);
	ck_assert_int_eq(devmemhp_arch_unregister("toy-v1"), 0);
}
END_TEST

/* A backend says which kernels it models; the first is its default. */
START_TEST(test_backend_kernels)
{
	static const struct {
		const char *kernels;
		int rc;
		const char *named;
	} lists[] = {
		{ "", -EINVAL, "kernels: empty" },
		{ "5.15", -EINVAL, "names a kernel the library does not model (it models 4.9, 6.1, "
				   "6.11, 6.12, 7.2)" },
		{ "6.12,", -EINVAL, "is not a comma-separated list" },
		{ "6.12;6.1", -EINVAL, "is not a comma-separated list" },
		{ "6.x", -EINVAL, "is not a comma-separated list" },
	};
	struct devmemhp_arch a = toy;
	struct devmemhp_kernel k = { .size = sizeof(k) };
	struct devmemhp_machine *m = NULL;

	a.name = "toy-k";
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		a.kernels = lists[i].kernels;
		OP_ERR(NULL, devmemhp_arch_register(&a), lists[i].rc, lists[i].named);
	}
	a.kernels = "6.12,6.1";
	OP(NULL, devmemhp_arch_register(&a), 0);
	m = tu_machine("toy-k", NULL);
	ck_assert_int_eq(devmemhp_machine_get_kernel(m, &k), 0);
	ck_assert_str_eq(k.name, "6.12");
	ck_assert_str_eq(k.why, "the toy-k backend's default");
	devmemhp_machine_unref(m);
	m = tu_machine("toy-k", "kernel=6.1");
	ck_assert_int_eq(devmemhp_machine_get_kernel(m, &k), 0);
	ck_assert_str_eq(k.name, "6.1");
	devmemhp_machine_unref(m);
	m = NULL;
	ck_assert_int_eq(devmemhp_machine_new("toy-k", "kernel=7.2", &m), -EINVAL);
	ck_assert_ptr_nonnull(strstr(devmemhp_last_error(NULL), "toy-k models Linux 6.12, 6.1"));
	ck_assert_int_eq(devmemhp_arch_unregister("toy-k"), 0);
}
END_TEST

/* What a plan_add may not decide. */
static enum devmemhp_zone bad_zone;
static int bad_node;

static int misplan(const struct devmemhp_geometry *geo, struct devmemhp_arch_plan *plan,
		   int (*zone_span)(void *, int, enum devmemhp_zone, uint64_t *, uint64_t *),
		   void *ctx)
{
	(void)geo;
	(void)zone_span;
	(void)ctx;
	plan->zone = bad_zone;
	plan->nid = bad_node;
	return 0;
}

START_TEST(test_plan_add_checked)
{
	struct devmemhp_arch a = toy;
	struct devmemhp_machine *m;
	char *before;

	a.name = "misplanned";
	a.plan_add = misplan;
	OP(NULL, devmemhp_arch_register(&a), 0);
	m = tu_machine("misplanned", NULL);
	before = tu_dump(m);
	bad_zone = DEVMEMHP_ZONE_DEVICE;
	OP_ERR(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), -EINVAL,
	       "plan_add chose zone 5 for system memory");
	bad_zone = DEVMEMHP_ZONE_HIGHMEM; /* toy has no highmem */
	OP_ERR(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), -EINVAL, "chose zone 3");
	bad_zone = DEVMEMHP_ZONE_NORMAL;
	OP_ERR(m, devmemhp_add_memory(m, 0, 8 * GiB, 2 * MiB, DEV), -EINVAL,
	       "chose zone 2 for device memory");
	bad_zone = DEVMEMHP_ZONE_AUTO;
	bad_node = 3;
	OP_ERR(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), -EINVAL, "plan_add chose node 3");
	{
		char *after = tu_dump(m);

		ck_assert_str_eq(after, before);
		free(after);
	}
	/* a fixed zone: onlined into it, and no other */
	bad_node = 0;
	bad_zone = DEVMEMHP_ZONE_MOVABLE;
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	OP_ERR(m, devmemhp_online_memory(m, 4 * GiB, GiB, DEVMEMHP_ZONE_NORMAL), -EINVAL,
	       "memory8 was added to Movable");
	OP(m, devmemhp_online_memory(m, 4 * GiB, GiB, DEVMEMHP_ZONE_AUTO), 0);
	ck_assert_int_eq(tu_block(m, 8).zone, DEVMEMHP_ZONE_MOVABLE);
	free(before);
	devmemhp_machine_unref(m);
	ck_assert_int_eq(devmemhp_arch_unregister("misplanned"), 0);
}
END_TEST

START_TEST(test_newer_version)
{
	struct devmemhp_arch a = toy;

	a.version = DEVMEMHP_ARCH_VERSION + 1;
	OP_ERR(NULL, devmemhp_arch_register(&a), -EOPNOTSUPP, "newer");
	OP(NULL, devmemhp_arch_register(NULL), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("arch");
	TCase *tc = tcase_create("arch");

	tcase_add_test(tc, test_foreach);
	tcase_add_test(tc, test_foreach_callback);
	tcase_add_test(tc, test_user_backend);
	tcase_add_test(tc, test_register_refuses_control_characters);
	tcase_add_test(tc, test_registry_copies);
	tcase_add_test(tc, test_no_zone_device);
	tcase_add_loop_test(tc, test_bad_backends, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_newer_version);
	tcase_add_test(tc, test_older_version);
	tcase_add_test(tc, test_backend_kernels);
	tcase_add_test(tc, test_plan_add_checked);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
