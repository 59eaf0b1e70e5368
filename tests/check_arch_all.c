/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Every registered backend, table-driven: names unique, geometry rules,
 * defaults that boot a consistent machine, and the generic behaviour its
 * capabilities promise for RAM, addressable and unaddressable device memory.
 */
#include "testutil.h"

#define MAX_ARCHES 32

static char names[MAX_ARCHES][32];
static unsigned int caps[MAX_ARCHES];
static int nr_arches;

/* Outside a test (main() sizes the loops): no ck_assert here. */
static int collect(const struct devmemhp_arch *arch, void *data)
{
	(void)data;
	if (nr_arches == MAX_ARCHES || strlen(arch->name) >= sizeof(names[0]))
		return -ENOSPC;
	strcpy(names[nr_arches], arch->name);
	caps[nr_arches++] = arch->caps;
	return 0;
}

static int load(void)
{
	return nr_arches ? 0 : devmemhp_arch_foreach(collect, NULL);
}

/* The built-in backends, in registration order. */
START_TEST(test_the_builtins)
{
	static const char *const want[] = { "x86_64", "x86_32", "powerpc", "s390", "ia64",
					     "sh",     "tile",   "arm64",   "riscv64" };

	ck_assert_int_eq(nr_arches, (int)(sizeof(want) / sizeof(want[0])));
	for (int i = 0; i < nr_arches; i++) {
		ck_assert_str_eq(names[i], want[i]);
		for (int j = 0; j < i; j++)
			ck_assert_str_ne(names[i], names[j]);
	}
}
END_TEST

static int check_registered(const struct devmemhp_arch *arch, void *data)
{
	const struct devmemhp_geometry *g = arch->geometry;
	unsigned int va_bits = g->page_shift;

	(void)data;
	ck_assert_msg(arch->description && *arch->description, "%s: no description", arch->name);
	ck_assert_uint_eq(arch->version, DEVMEMHP_ARCH_VERSION);
	ck_assert_uint_eq(g->size, sizeof(*g));
	for (unsigned int l = 0; l < g->levels; l++)
		va_bits += g->level_bits[l];
	ck_assert_msg(va_bits <= 64, "%s: %u virtual address bits", arch->name, va_bits);
	ck_assert_uint_ge(g->section_shift, g->page_shift);
	ck_assert_uint_ge(g->subsection_shift, g->page_shift);
	ck_assert_uint_le(g->subsection_shift, g->section_shift);
	ck_assert_uint_le(g->section_shift, g->max_physmem_bits);
	ck_assert_msg(g->leaf_levels & 1u, "%s: no base pages", arch->name);
	ck_assert_msg(!(g->leaf_levels >> (g->levels - 1)), "%s: leaves at the root", arch->name);
	ck_assert_msg(!(g->directmap_levels >> g->levels), "%s: DirectMap lines beyond the table",
		      arch->name);
	ck_assert_msg(!(arch->caps & DEVMEMHP_ARCH_CAP_UNADDRESSABLE) ||
			      (arch->caps & DEVMEMHP_ARCH_CAP_DEVICE),
		      "%s: unaddressable without device memory", arch->name);
	ck_assert_msg(arch->default_options && strstr(arch->default_options, "boot="),
		      "%s: no default boot RAM", arch->name);
	return 0;
}

START_TEST(test_registered_structs)
{
	ck_assert_int_eq(devmemhp_arch_foreach(check_registered, NULL), 0);
}
END_TEST

static int top_ram(const struct devmemhp_resource *res, void *data)
{
	uint64_t *end = data;

	if (res->depth == 0 && !strcmp(res->name, "System RAM") && res->end + 1 > *end)
		*end = res->end + 1;
	return 0;
}

static unsigned int popcount(unsigned int v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* The defaults boot a machine whose views and numbers agree with each other. */
START_TEST(test_defaults_boot)
{
	struct devmemhp_machine *m;
	struct devmemhp_geometry g = { .size = sizeof(g) };
	struct devmemhp_stats st;
	char *meminfo = NULL;
	size_t len = 0, lines = 0;
	FILE *f;

	m = tu_machine(names[_i], NULL);
	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	st = tu_stats(m);
	ck_assert_uint_ge(g.block_size, 1ull << g.section_shift);
	ck_assert_msg(!(g.block_size & (g.block_size - 1)), "%s: block size %#" PRIx64, names[_i],
		      g.block_size);
	ck_assert_uint_eq(st.block_size, g.block_size);
	ck_assert_uint_gt(st.memory_blocks, 0);
	ck_assert_uint_eq(st.memory_blocks_online, st.memory_blocks);
	/* every present page has its struct page (round-outs may add more) */
	ck_assert_uint_ge(st.memmap_bytes, (st.present_bytes >> g.page_shift) * g.struct_page_size);
	ck_assert_uint_gt(st.managed_bytes, 0);
	if (caps[_i] & DEVMEMHP_ARCH_CAP_LINEAR_MAP) {
		ck_assert_msg(st.direct_map_leaves[0] + st.direct_map_leaves[1] +
				      st.direct_map_leaves[2] + st.direct_map_leaves[3] > 0,
			      "%s: boot RAM has no linear map", names[_i]);
	} else {
		for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++)
			ck_assert_uint_eq(st.direct_map_leaves[l], 0);
	}
	/* MemTotal and one DirectMap line per bit of directmap_levels */
	f = open_memstream(&meminfo, &len);
	ck_assert_int_eq(devmemhp_write_view(m, DEVMEMHP_VIEW_MEMINFO, f), 0);
	fclose(f);
	ck_assert_msg(!strncmp(meminfo, "MemTotal:", 9), "%s", meminfo);
	for (const char *p = meminfo; (p = strstr(p, "DirectMap")); p++)
		lines++;
	ck_assert_uint_eq(lines, (caps[_i] & DEVMEMHP_ARCH_CAP_LINEAR_MAP)
					 ? popcount(g.directmap_levels) : 0);
	free(meminfo);
	devmemhp_machine_unref(m);
}
END_TEST

static char *comparable(char *dump)
{
	return tu_drop_line(tu_drop_line(dump, "max_pfn "), "next_group ");
}

/* What the capabilities promise, on the default machine of each backend. */
START_TEST(test_caps_hold)
{
	const unsigned int c = caps[_i];
	/* blocks stay offline whatever the kernel's default auto-online is */
	struct devmemhp_machine *m = tu_machine(names[_i], "online=offline");
	struct devmemhp_geometry g = { .size = sizeof(g) };
	char *boot = tu_dump(m), *now;
	uint64_t end = 0, at, dev, va;
	int rc;

	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	ck_assert_int_eq(devmemhp_resource_foreach(m, top_ram, &end), 0);
	/* RAM: one block above the boot RAM */
	at = (end + g.block_size - 1) / g.block_size * g.block_size + g.block_size;
	OP(m, devmemhp_add_memory(m, 0, at, g.block_size, 0), 0);
	OP(m, devmemhp_online_memory(m, at, g.block_size, DEVMEMHP_ZONE_AUTO), 0);
	OP(m, devmemhp_offline_memory(m, at, g.block_size), 0);
	now = tu_dump(m);
	rc = devmemhp_remove_memory(m, at, g.block_size, 0);
	if (c & DEVMEMHP_ARCH_CAP_REMOVE) {
		ck_assert_msg(rc == 0, "%s: remove: %s", names[_i], devmemhp_last_error(m));
		free(now);
		now = comparable(tu_dump(m));
		ck_assert_str_eq(now, comparable(boot));
	} else {
		char *after = tu_dump(m);

		ck_assert_int_eq(rc, -EBUSY);
		ck_assert_str_eq(after, now);
		free(after);
	}
	free(now);
	tu_check(m);
	/* unaddressable device memory: taken with no linear map, or refused */
	ck_assert_int_eq(devmemhp_find_free_region(m, 1ull << g.section_shift, &dev), 0);
	now = tu_dump(m);
	rc = devmemhp_add_memory(m, 0, dev, 1ull << g.section_shift, DEV_PRIVATE);
	if (c & DEVMEMHP_ARCH_CAP_UNADDRESSABLE) {
		ck_assert_msg(rc == 0, "%s: %s", names[_i], devmemhp_last_error(m));
		ck_assert_int_eq(devmemhp_phys_to_virt(m, dev, &va), -EFAULT);
		ck_assert_uint_eq(tu_stats(m).unaddressable_bytes, 1ull << g.section_shift);
		OP(m, devmemhp_remove_memory(m, dev, 1ull << g.section_shift, DEV_PRIVATE), 0);
	} else {
		char *after = tu_dump(m);

		/* the seed patch's BUG() as -EINVAL; no ZONE_DEVICE at all: -EOPNOTSUPP */
		ck_assert_int_eq(rc, (c & DEVMEMHP_ARCH_CAP_DEVICE) ? -EINVAL : -EOPNOTSUPP);
		ck_assert_str_eq(after, now);
		free(after);
	}
	free(now);
	tu_check(m);
	devmemhp_machine_unref(m);
	free(boot);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("every backend");
	TCase *tc = tcase_create("backends");
	int n;

	if (load())
		return 1;
	n = nr_arches;
	tcase_add_test(tc, test_the_builtins);
	tcase_add_test(tc, test_registered_structs);
	tcase_add_loop_test(tc, test_defaults_boot, 0, n);
	tcase_add_loop_test(tc, test_caps_hold, 0, n);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
