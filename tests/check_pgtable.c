/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The page table module: x86_64 split_mem_range(), the fill rules of
 * kernel_physical_mapping_init() and the removal rules of remove_pagetable()
 * (arch/x86/mm/init.c, init_64.c, v6.1), on the internal API.
 */
#include "arch.h"
#include "pgtable.h"
#include "testutil.h"

#define L0 1u        /* 4k only */
#define L1 3u        /* 4k and 2M */
#define L2 7u        /* 4k, 2M and 1G */

static struct devmemhp_geometry geometry(const char *options)
{
	struct devmemhp_machine *m = tu_machine_kernel("x86_64", "6.1", options);
	struct devmemhp_geometry g = { .size = sizeof(g) };

	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	devmemhp_machine_unref(m);
	return g;
}

/* memblock_is_region_memory() over one RAM range */
static int is_ram(void *ctx, uint64_t start, uint64_t end)
{
	const uint64_t *ram = ctx;

	return ram[0] <= start && end <= ram[1];
}

struct split_case {
	const char *options;
	uint64_t start, end;
	int boot;
	int nr;
	struct devmemhp_map_run runs[5];
	uint64_t ram[2]; /* boot RAM for the promotion */
};

static const struct split_case splits[] = {
	/* kernel-spec 3.3 worked examples */
	{ "", 4 * GiB + 128 * MiB, 4 * GiB + 256 * MiB, 0, 1,
	  { { 4 * GiB + 128 * MiB, 4 * GiB + 256 * MiB, L1 } } },
	{ "", 64 * GiB, 66 * GiB, 0, 1, { { 64 * GiB, 66 * GiB, L2 } } },
	{ "gbpages=0", 64 * GiB, 66 * GiB, 0, 1, { { 64 * GiB, 66 * GiB, L1 } } },
	{ "", GiB + 2 * MiB, 3 * GiB, 0, 2,
	  { { GiB + 2 * MiB, 2 * GiB, L1 }, { 2 * GiB, 3 * GiB, L2 } } },
	/* 4k heads and tails of unaligned ranges */
	{ "", 4 * GiB + 4 * KiB, 4 * GiB + 4 * MiB + 8 * KiB, 0, 3,
	  { { 4 * GiB + 4 * KiB, 4 * GiB + 2 * MiB, L0 },
	    { 4 * GiB + 2 * MiB, 4 * GiB + 4 * MiB, L1 },
	    { 4 * GiB + 4 * MiB, 4 * GiB + 4 * MiB + 8 * KiB, L0 } } },
	{ "", 4 * GiB + 4 * KiB, 4 * GiB + 12 * KiB, 0, 1,
	  { { 4 * GiB + 4 * KiB, 4 * GiB + 12 * KiB, L0 } } },
	/* all five stages: NR_RANGE_MR */
	{ "", 4 * KiB, 2 * GiB + 2 * MiB + 4 * KiB, 0, 5,
	  { { 4 * KiB, 2 * MiB, L0 }, { 2 * MiB, GiB, L1 }, { GiB, 2 * GiB, L2 },
	    { 2 * GiB, 2 * GiB + 2 * MiB, L1 }, { 2 * GiB + 2 * MiB, 2 * GiB + 2 * MiB + 4 * KiB, L0 } } },
	/* without gbpages the 1G stage carries 2M only and merges with its neighbours */
	{ "gbpages=0", 4 * KiB, 2 * GiB + 2 * MiB + 4 * KiB, 0, 3,
	  { { 4 * KiB, 2 * MiB, L0 }, { 2 * MiB, 2 * GiB + 2 * MiB, L1 },
	    { 2 * GiB + 2 * MiB, 2 * GiB + 2 * MiB + 4 * KiB, L0 } } },
	/* without PSE, 4k only, merged into one */
	{ "pse=0", GiB + 2 * MiB, 3 * GiB, 0, 1, { { GiB + 2 * MiB, 3 * GiB, L0 } } },
	/* the ISA range at boot: [0, 2M) is not all RAM, so no promotion */
	{ "", 0, MiB, 1, 1, { { 0, MiB, L0 } }, { MiB, 4 * GiB } },
	{ "", MiB, 4 * GiB, 1, 3, { { MiB, 2 * MiB, L0 }, { 2 * MiB, GiB, L1 }, { GiB, 4 * GiB, L2 } },
	  { MiB, 4 * GiB } },
	/* at boot, runs surrounded by RAM are promoted, then merged */
	{ "", MiB, 4 * GiB, 1, 1, { { MiB, 4 * GiB, L2 } }, { 0, 4 * GiB } },
	/* ... but never after boot (after_bootmem) */
	{ "", MiB, 4 * GiB, 0, 3, { { MiB, 2 * MiB, L0 }, { 2 * MiB, GiB, L1 }, { GiB, 4 * GiB, L2 } },
	  { 0, 4 * GiB } },
};

START_TEST(test_split_mem_range)
{
	const struct split_case *c = &splits[_i];
	struct devmemhp_geometry g = geometry(c->options);
	struct devmemhp_map_run runs[5];
	int nr = dmh_arch_x86_64.split_linear_range(&g, c->start, c->end, c->boot, is_ram,
						    (void *)c->ram, runs, 5);

	ck_assert_int_eq(nr, c->nr);
	for (int i = 0; i < nr; i++) {
		ck_assert_uint_eq(runs[i].start, c->runs[i].start);
		ck_assert_uint_eq(runs[i].end, c->runs[i].end);
		ck_assert_uint_eq(runs[i].leaf_levels, c->runs[i].leaf_levels);
	}
}
END_TEST

START_TEST(test_split_overflow)
{
	struct devmemhp_geometry g = geometry("");
	struct devmemhp_map_run runs[2];

	/* the kernel panics ("run out of range for init_memory_mapping") */
	ck_assert_int_eq(dmh_arch_x86_64.split_linear_range(&g, 4 * KiB, 2 * GiB + 2 * MiB + 4 * KiB,
							    0, NULL, NULL, runs, 2),
			 -ENOSPC);
}
END_TEST

/* The generic split maps hotplug ranges exactly as x86's does. */
static const uint64_t generic_ranges[][2] = {
	{ 4 * GiB + 128 * MiB, 4 * GiB + 256 * MiB },
	{ 64 * GiB, 66 * GiB },
	{ GiB + 2 * MiB, 3 * GiB },
	{ 4 * GiB + 4 * KiB, 4 * GiB + 4 * MiB + 8 * KiB },
	{ 4 * KiB, 2 * GiB + 2 * MiB + 4 * KiB },
	{ 0x108000000ull, 0x188000000ull },
	{ 3 * GiB - 4 * KiB, 5 * GiB + 4 * KiB },
};

START_TEST(test_default_split)
{
	struct devmemhp_geometry g = geometry(_i % 2 ? "gbpages=0" : "");
	const uint64_t *r = generic_ranges[_i / 2];
	struct devmemhp_map_run x86[5], gen[16];
	int nx = dmh_arch_x86_64.split_linear_range(&g, r[0], r[1], 0, NULL, NULL, x86, 5);
	int ng = dmh_arch_default_split(&g, r[0], r[1], gen, 16);
	struct pt_cache *cache = pt_cache_new();
	struct pt_ctx c = { .geo = &g, .cache = cache, .gen = 1 };
	struct pt_node *a, *b;

	ck_assert_int_gt(nx, 0);
	ck_assert_int_gt(ng, 0);
	ck_assert_uint_eq(gen[0].start, r[0]);
	ck_assert_uint_eq(gen[ng - 1].end, r[1]);
	ck_assert_int_eq(pt_new_root(&c, &a), 0);
	ck_assert_int_eq(pt_new_root(&c, &b), 0);
	for (int i = 0; i < nx; i++)
		ck_assert_int_eq(pt_map(&c, &a, g.linear_base + x86[i].start, g.linear_base + x86[i].end,
					x86[i].leaf_levels, 1), 0);
	for (int i = 0; i < ng; i++) {
		if (i)
			ck_assert_uint_eq(gen[i].start, gen[i - 1].end);
		ck_assert_int_eq(pt_map(&c, &b, g.linear_base + gen[i].start, g.linear_base + gen[i].end,
					gen[i].leaf_levels, 1), 0);
	}
	pt_seal(&c, a);
	pt_seal(&c, b);
	ck_assert_uint_eq(pt_node_hash(a), pt_node_hash(b));
	pt_put(a);
	pt_put(b);
	pt_cache_free(cache);
}
END_TEST

/* A bare page table over a machine's geometry. */
struct table {
	struct devmemhp_geometry g;
	struct pt_cache *cache;
	struct pt_node *root;
	struct pt_ctx c;
};

static void table_init(struct table *t, const char *options)
{
	t->g = geometry(options);
	t->cache = pt_cache_new();
	ck_assert_ptr_nonnull(t->cache);
	t->c = (struct pt_ctx){ .geo = &t->g, .cache = t->cache, .gen = 1 };
	ck_assert_int_eq(pt_new_root(&t->c, &t->root), 0);
}

static void table_free(struct table *t)
{
	pt_put(t->root);
	pt_cache_free(t->cache);
}

static void counted_reset(struct table *t)
{
	memset(t->c.counted, 0, sizeof(t->c.counted));
}

/* Start a new transaction: what exists becomes read-only. */
static void table_commit(struct table *t)
{
	pt_seal(&t->c, t->root);
	t->c.gen++;
}

static const struct pt_stats *table_stats(struct table *t)
{
	pt_seal(&t->c, t->root);
	return pt_node_stats(t->root);
}

static int lookup(struct table *t, uint64_t va, unsigned int *level, unsigned int *attrs)
{
	return pt_lookup(&t->g, t->root, va, level, attrs);
}

#define VA(t, pa) ((t)->g.linear_base + (pa))
#define A (DMH_PT_RW | DMH_PT_NX | DMH_PT_GLOBAL)

START_TEST(test_fill_counts)
{
	struct table t;
	const struct pt_stats *st;

	table_init(&t, "");
	/* [4G+128M, 4G+256M): 64 x 2M, in a new PMD table under a new PUD table */
	counted_reset(&t);
	ck_assert_int_eq(pt_map(&t.c, &t.root, VA(&t, 4 * GiB + 128 * MiB), VA(&t, 4 * GiB + 256 * MiB),
				L1, A), 0);
	ck_assert_int_eq(t.c.counted[1], 64);
	st = table_stats(&t);
	ck_assert_uint_eq(st->leaves[1], 64);
	ck_assert_uint_eq(st->tables[3], 1);
	ck_assert_uint_eq(st->tables[2], 1);
	ck_assert_uint_eq(st->tables[1], 1);
	ck_assert_uint_eq(st->tables[0], 0);
	/* mapping it again sets nothing and, after boot, counts nothing */
	table_commit(&t);
	counted_reset(&t);
	ck_assert_int_eq(pt_map(&t.c, &t.root, VA(&t, 4 * GiB + 128 * MiB), VA(&t, 4 * GiB + 256 * MiB),
				L1, A), 0);
	ck_assert_int_eq(t.c.counted[1], 0);
	/* before after_bootmem kept entries are counted again (the boot double count) */
	t.c.boot = true;
	ck_assert_int_eq(pt_map(&t.c, &t.root, VA(&t, 4 * GiB + 128 * MiB), VA(&t, 4 * GiB + 256 * MiB),
				L1, A), 0);
	ck_assert_int_eq(t.c.counted[1], 64);
	t.c.boot = false;
	ck_assert_uint_eq(table_stats(&t)->leaves[1], 64);
	/* a 1G leaf is set even where the run only partly covers its slot */
	counted_reset(&t);
	ck_assert_int_eq(pt_map(&t.c, &t.root, VA(&t, 8 * GiB + 512 * MiB), VA(&t, 9 * GiB), L2, A), 0);
	ck_assert_int_eq(t.c.counted[2], 1);
	ck_assert_int_eq(lookup(&t, VA(&t, 8 * GiB), NULL, NULL), 0);
	table_free(&t);
}
END_TEST

START_TEST(test_split_existing_leaf)
{
	struct table t;
	unsigned int level, attrs;

	table_init(&t, "");
	ck_assert_int_eq(pt_map(&t.c, &t.root, VA(&t, 4 * GiB), VA(&t, 4 * GiB + 2 * MiB), L1, A), 0);
	table_commit(&t);
	/* 4k only now: the 2M leaf is split keeping its attributes, and, as the
	 * kernel does, only the requested part is filled in the new table */
	counted_reset(&t);
	ck_assert_int_eq(pt_map(&t.c, &t.root, VA(&t, 4 * GiB + MiB), VA(&t, 4 * GiB + 2 * MiB), L0,
				DMH_PT_RW), 0);
	ck_assert_int_eq(t.c.counted[0], 256);
	ck_assert_int_eq(t.c.counted[1], 0);
	ck_assert_int_eq(lookup(&t, VA(&t, 4 * GiB + MiB), &level, &attrs), 0);
	ck_assert_uint_eq(level, 0);
	ck_assert_uint_eq(attrs, A);
	ck_assert_int_eq(lookup(&t, VA(&t, 4 * GiB), NULL, NULL), -ENOENT);
	table_free(&t);
}
END_TEST

START_TEST(test_partial_leaves_stay)
{
	struct table t;
	unsigned int level;

	table_init(&t, "");
	/* [4G, 4G+4M) as 2 x 2M; removing [4G+1M, 4G+3M) covers each leaf only
	 * partly: remove_pmd_table() leaves both in place */
	ck_assert_int_eq(pt_map(&t.c, &t.root, VA(&t, 4 * GiB), VA(&t, 4 * GiB + 4 * MiB), L1, A), 0);
	table_commit(&t);
	counted_reset(&t);
	ck_assert_int_eq(pt_unmap(&t.c, &t.root, VA(&t, 4 * GiB + MiB), VA(&t, 4 * GiB + 3 * MiB)), 0);
	ck_assert_int_eq(t.c.counted[1], 0);
	ck_assert_int_eq(lookup(&t, VA(&t, 4 * GiB + 2 * MiB), &level, NULL), 0);
	ck_assert_uint_eq(level, 1);
	ck_assert_uint_eq(table_stats(&t)->leaves[1], 2);
	/* one 2M subsection inside a 1G leaf: the 1G leaf stays mapped */
	ck_assert_int_eq(pt_map(&t.c, &t.root, VA(&t, 8 * GiB), VA(&t, 9 * GiB), L2, A), 0);
	table_commit(&t);
	counted_reset(&t);
	ck_assert_int_eq(pt_unmap(&t.c, &t.root, VA(&t, 8 * GiB + 2 * MiB), VA(&t, 8 * GiB + 4 * MiB)), 0);
	ck_assert_int_eq(t.c.counted[2], 0);
	ck_assert_int_eq(lookup(&t, VA(&t, 8 * GiB + 2 * MiB), &level, NULL), 0);
	ck_assert_uint_eq(level, 2);
	/* a whole covered 2M leaf goes */
	counted_reset(&t);
	ck_assert_int_eq(pt_unmap(&t.c, &t.root, VA(&t, 4 * GiB), VA(&t, 4 * GiB + 2 * MiB)), 0);
	ck_assert_int_eq(t.c.counted[1], -1);
	ck_assert_int_eq(lookup(&t, VA(&t, 4 * GiB), NULL, NULL), -ENOENT);
	table_free(&t);
}
END_TEST

/* Which tables remove_pagetable() frees: PTE and PMD tables when empty, PUD
 * tables only with 5 levels, never the top. */
static const struct {
	const char *options;
	uint64_t pud_after, p4d_after;
} freeing[] = {
	{ "", 1, 0 },
	{ "levels=5", 0, 1 },
};

START_TEST(test_table_freeing)
{
	struct table t;
	const struct pt_stats *st;

	table_init(&t, freeing[_i].options);
	ck_assert_int_eq(pt_map(&t.c, &t.root, VA(&t, 4 * GiB + 4 * KiB), VA(&t, 4 * GiB + 2 * MiB), L0,
				A), 0);
	st = table_stats(&t);
	ck_assert_uint_eq(st->tables[0], 1);
	ck_assert_uint_eq(st->tables[1], 1);
	ck_assert_uint_eq(st->tables[2], 1);
	ck_assert_uint_eq(st->leaves[0], 511);
	table_commit(&t);
	/* leave one PTE: nothing is freed */
	ck_assert_int_eq(pt_unmap(&t.c, &t.root, VA(&t, 4 * GiB + 8 * KiB), VA(&t, 4 * GiB + 2 * MiB)),
			 0);
	st = table_stats(&t);
	ck_assert_uint_eq(st->tables[0], 1);
	ck_assert_uint_eq(st->leaves[0], 1);
	table_commit(&t);
	counted_reset(&t);
	ck_assert_int_eq(pt_unmap(&t.c, &t.root, VA(&t, 4 * GiB), VA(&t, 4 * GiB + 8 * KiB)), 0);
	ck_assert_int_eq(t.c.counted[0], -1);
	st = table_stats(&t);
	ck_assert_uint_eq(st->tables[0], 0);
	ck_assert_uint_eq(st->tables[1], 0);
	ck_assert_uint_eq(st->tables[2], freeing[_i].pud_after);
	if (t.g.levels == 5)
		ck_assert_uint_eq(st->tables[3], freeing[_i].p4d_after);
	ck_assert_uint_eq(st->tables[t.g.levels - 1], 1);
	ck_assert_uint_eq(st->leaves[0], 0);
	table_free(&t);
}
END_TEST

START_TEST(test_persistence)
{
	struct table t;
	struct pt_node *old;
	uint64_t hash;

	table_init(&t, "");
	ck_assert_int_eq(pt_map(&t.c, &t.root, VA(&t, 4 * GiB), VA(&t, 6 * GiB), L2, A), 0);
	table_commit(&t);
	old = pt_get(t.root);
	hash = pt_node_hash(old);
	/* a later change copies its path: the old root is untouched */
	ck_assert_int_eq(pt_unmap(&t.c, &t.root, VA(&t, 4 * GiB), VA(&t, 5 * GiB)), 0);
	ck_assert_ptr_ne(old, t.root);
	ck_assert_uint_eq(pt_node_hash(old), hash);
	ck_assert_int_eq(pt_lookup(&t.g, old, VA(&t, 4 * GiB), NULL, NULL), 0);
	ck_assert_int_eq(lookup(&t, VA(&t, 4 * GiB), NULL, NULL), -ENOENT);
	ck_assert_int_eq(pt_verify(&t.g, old, (char[128]){ 0 }, 128), 0);
	pt_put(old);
	/* equal content, equal hash, whatever the history */
	ck_assert_int_eq(pt_map(&t.c, &t.root, VA(&t, 4 * GiB), VA(&t, 5 * GiB), L2, A), 0);
	pt_seal(&t.c, t.root);
	ck_assert_uint_eq(pt_node_hash(t.root), hash);
	table_free(&t);
}
END_TEST

static int count_runs(void *ctx, uint64_t va, uint64_t va_end, unsigned int level, unsigned int attrs)
{
	uint64_t *n = ctx;

	(void)va;
	(void)va_end;
	(void)level;
	(void)attrs;
	(*n)++;
	return 0;
}

START_TEST(test_petabyte_is_shared)
{
	struct table t;
	const struct pt_stats *st;
	uint64_t runs = 0;

	table_init(&t, "levels=5,phys_bits=52,gbpages=0");
	ck_assert_int_eq(pt_map(&t.c, &t.root, VA(&t, PiB), VA(&t, 2 * PiB), L1, A), 0);
	st = table_stats(&t);
	/* what the kernel would hold ... */
	ck_assert_uint_eq(st->leaves[1], PiB >> 21);
	ck_assert_uint_eq(st->tables[1], PiB >> 30);
	ck_assert_uint_eq(st->tables[2], PiB >> 39);
	ck_assert_uint_eq(st->tables[3], PiB >> 48);
	ck_assert_uint_eq(st->tables[4], 1);
	/* ... is one run to walk */
	ck_assert_int_eq(pt_walk_leaves(&t.g, t.root, 0, UINT64_MAX, count_runs, &runs), 0);
	ck_assert_uint_eq(runs, 1);
	ck_assert_int_eq(pt_verify(&t.g, t.root, (char[128]){ 0 }, 128), 0);
	table_free(&t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pgtable");
	TCase *tc = tcase_create("pgtable");

	tcase_add_loop_test(tc, test_split_mem_range, 0, sizeof(splits) / sizeof(splits[0]));
	tcase_add_test(tc, test_split_overflow);
	tcase_add_loop_test(tc, test_default_split, 0, 2 * sizeof(generic_ranges) / sizeof(generic_ranges[0]));
	tcase_add_test(tc, test_fill_counts);
	tcase_add_test(tc, test_split_existing_leaf);
	tcase_add_test(tc, test_partial_leaves_stay);
	tcase_add_loop_test(tc, test_table_freeing, 0, sizeof(freeing) / sizeof(freeing[0]));
	tcase_add_test(tc, test_persistence);
	tcase_add_test(tc, test_petabyte_is_shared);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
