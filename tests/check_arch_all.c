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

/* The linear map's runs, as the public walk gives them. */
struct runs {
	struct devmemhp_mapping r[4096];
	size_t nr;
};

static int add_run(const struct devmemhp_mapping *map, void *data)
{
	struct runs *rs = data;

	if (rs->nr == sizeof(rs->r) / sizeof(rs->r[0]))
		return -ENOSPC;
	rs->r[rs->nr++] = *map;
	return 0;
}

static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* virt_to_phys and phys_to_virt of every edge of every run, and of random
 * addresses, against the runs: twice, so that the answers of a walk (a
 * state's first lookups) and of its index (the later ones) are both held
 * to the page table. */
static void translations_hold(struct devmemhp_machine *m, const char *arch)
{
	static struct runs rs;
	struct devmemhp_geometry g = { .size = sizeof(g) };
	uint64_t seed = 0x2545f4914f6cdd1dull, lo, hi;
	unsigned int checked = 0;

	rs.nr = 0;
	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	ck_assert_int_eq(devmemhp_mapping_foreach(m, DEVMEMHP_MAP_LINEAR, add_run, &rs), 0);
	ck_assert_uint_gt(rs.nr, 0);
	lo = rs.r[0].va > g.linear_base + (1ull << 30) ? rs.r[0].va - (1ull << 30) : g.linear_base;
	hi = rs.r[rs.nr - 1].va_end - 1;
	hi = hi - g.linear_base < g.linear_size - (1ull << 30) ? hi + (1ull << 30)
							   : g.linear_base + g.linear_size - 1;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < rs.nr * 6 + 20000; i++) {
			const struct devmemhp_mapping *r = &rs.r[i % rs.nr];
			uint64_t va, pa, back, want_pa = UINT64_MAX;
			unsigned int shift = 0, want_shift = 0;
			int rc;

			switch (i < rs.nr * 6 ? i / rs.nr : 6) {
			case 0: va = r->va; break;
			case 1: va = r->va_end - 1; break;
			case 2: va = r->va_end; break;
			case 3: va = r->va - 1; break;
			case 4: va = r->va + (r->va_end - r->va) / 2; break;
			case 5: va = r->va + (next_random(&seed) % (r->va_end - r->va)); break;
			default: va = lo + next_random(&seed) % (hi - lo + 1); break;
			}
			if (va < g.linear_base || va - g.linear_base >= g.linear_size)
				continue;
			for (size_t k = 0; k < rs.nr; k++)
				if (va >= rs.r[k].va && va - rs.r[k].va < rs.r[k].va_end - rs.r[k].va) {
					want_pa = rs.r[k].pa + (va - rs.r[k].va);
					want_shift = rs.r[k].page_shift;
				}
			rc = devmemhp_virt_to_phys(m, va, &pa, &shift);
			if (want_pa == UINT64_MAX) {
				ck_assert_msg(rc == -EFAULT, "%s: va %#" PRIx64 " is not mapped, "
					      "virt_to_phys says %d (pa %#" PRIx64 ")", arch, va, rc, pa);
				continue;
			}
			ck_assert_msg(rc == 0 && pa == want_pa && shift == want_shift,
				      "%s pass %d: va %#" PRIx64 ": %d pa %#" PRIx64 " shift %u, the "
				      "walk says pa %#" PRIx64 " shift %u", arch, pass, va, rc, pa, shift,
				      want_pa, want_shift);
			ck_assert_int_eq(devmemhp_phys_to_virt(m, pa, &back), 0);
			ck_assert_uint_eq(back, va);
			checked++;
		}
	ck_assert_uint_gt(checked, 0);
}

/* Translation's fast path answers as the page table does, on every backend,
 * before and after a hot-add and a hot-remove (new states, new indexes). */
START_TEST(test_translation_fast_path_equals_walk)
{
	struct devmemhp_machine *m;
	struct devmemhp_stats st;
	uint64_t at;

	if (!(caps[_i] & DEVMEMHP_ARCH_CAP_LINEAR_MAP))
		return;
	m = tu_machine(names[_i], NULL);
	st = tu_stats(m);
	translations_hold(m, names[_i]);
	ck_assert_int_eq(devmemhp_find_free_region(m, 3 * st.block_size, &at), 0);
	/* some backends' RAM hot-add wants more (an aligned size, a node) */
	if (devmemhp_add_memory(m, 0, at, 3 * st.block_size, 0) == 0) {
		translations_hold(m, names[_i]);
		devmemhp_offline_memory(m, at, 3 * st.block_size); /* if it was onlined */
		if (devmemhp_remove_memory(m, at, 3 * st.block_size, 0) == 0) /* 4.9: may be busy */
			translations_hold(m, names[_i]);
	}
	devmemhp_machine_unref(m);
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
	tcase_add_loop_test(tc, test_translation_fast_path_equals_walk, 0, n);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
