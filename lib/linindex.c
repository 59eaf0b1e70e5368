/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Translation without a page-table walk.  The linear map is linear: a
 * direct-map address translates by subtracting the map's base once it is
 * known to be mapped, and at which leaf size.  A committed state is never
 * changed, so its mapped runs (maximal spans of leaves of one size) are
 * collected once, into a sorted array with a table of granules in front: a
 * lookup is a shift, a load and a step or two along the runs, on a few
 * kilobytes instead of five levels of page-table nodes spread over memory.
 *
 * A state is indexed only after it has answered DMH_LININDEX_AFTER lookups
 * by walking: a sweep that commits a state, asks once and moves on never
 * pays for an index.  The first query past that builds it and publishes it
 * with a compare-and-swap; a concurrent builder frees its own copy.  The
 * index is freed with the state.
 */
#include <errno.h>
#include <stdatomic.h>

#include "linindex.h"
#include "machine.h"
#include "pgtable.h"
#include "private.h"
#include "state.h"

#define DMH_LININDEX_AFTER 64
/* A map of more runs than this is walked (an index would cost more memory
 * than it saves time). */
#define DMH_LININDEX_MAX_RUNS (1u << 20)

/* 16 bytes: four to a cache line */
struct lin_run {
	uint64_t va_shift; /* its start, page-aligned, | log2 of its leaves' size */
	uint64_t last;     /* inclusive: the map may end at 2^64 */
};

#define RUN_SHIFT_MASK 0x3fu
#define RUN_VA(r) ((r)->va_shift & ~(uint64_t)RUN_SHIFT_MASK)

struct dmh_lin_index {
	uint64_t base;          /* granule 0 starts here */
	unsigned int shift;     /* log2 of the granule size */
	size_t nr_granules;
	uint32_t *first;        /* [granule]: its first run that ends in or after it */
	size_t nr;
	struct lin_run *runs;   /* in address order */
};

/* A state whose index could not be made: walk, and never try again. */
static struct dmh_lin_index no_index;

void dmh_linindex_free(struct dmh_lin_index *x)
{
	if (!x || x == &no_index)
		return;
	dmh_free(x->first);
	dmh_free(x->runs);
	dmh_free(x);
}

struct collect {
	const struct devmemhp_geometry *geo;
	struct lin_run *runs;
	size_t nr, cap;
};

static int collect_run(void *ctx, uint64_t va, uint64_t va_end, unsigned int level,
		       unsigned int attrs)
{
	struct collect *c = ctx;
	struct lin_run *prev = c->nr ? &c->runs[c->nr - 1] : NULL;
	const unsigned int shift = dmh_level_shift(c->geo, level);

	(void)attrs; /* a translation needs the leaf size only */
	if (prev && (prev->va_shift & RUN_SHIFT_MASK) == shift && prev->last + 1 == va) {
		prev->last = va_end - 1;
		return 0;
	}
	if (c->nr == DMH_LININDEX_MAX_RUNS)
		return -E2BIG;
	if (dmh_grow((void **)&c->runs, &c->cap, c->nr + 1, sizeof(*c->runs)))
		return -ENOMEM;
	c->runs[c->nr++] = (struct lin_run){ va | shift, va_end - 1 };
	return 0;
}

static struct dmh_lin_index *build(const struct devmemhp_machine *m, const struct dmh_state *st)
{
	const uint64_t start = m->geo.linear_base;
	const uint64_t end = m->geo.linear_size > UINT64_MAX - start ? UINT64_MAX
								    : start + m->geo.linear_size;
	struct collect c = { .geo = &m->geo };
	struct dmh_lin_index *x;
	uint64_t span;
	size_t g, r;

	if (pt_walk_leaves(&m->geo, st->pgd, start, end, collect_run, &c) || !c.nr) {
		dmh_free(c.runs);
		return &no_index; /* too big, no memory, or empty: walk */
	}
	x = dmh_calloc(1, sizeof(*x));
	if (!x) {
		dmh_free(c.runs);
		return &no_index;
	}
	x->runs = c.runs;
	x->nr = c.nr;
	/* granules about as many as the runs (at least 4096, 16 KiB): a lookup
	 * steps over one run or two */
	span = c.runs[c.nr - 1].last - RUN_VA(&c.runs[0]);
	x->shift = m->geo.page_shift;
	while (x->shift < 63 && (span >> x->shift) > DMH_MAX(2 * c.nr, 4096))
		x->shift++;
	x->base = RUN_VA(&c.runs[0]) & ~(((uint64_t)1 << x->shift) - 1);
	x->nr_granules = (size_t)((c.runs[c.nr - 1].last - x->base) >> x->shift) + 1;
	x->first = dmh_calloc(x->nr_granules, sizeof(*x->first));
	if (!x->first) {
		dmh_linindex_free(x);
		return &no_index;
	}
	for (g = 0, r = 0; g < x->nr_granules; g++) {
		const uint64_t gs = x->base + ((uint64_t)g << x->shift);

		while (r < x->nr && x->runs[r].last < gs)
			r++;
		x->first[g] = (uint32_t)r;
	}
	return x;
}

static inline int index_lookup(const struct dmh_lin_index *x, uint64_t va, unsigned int *page_shift)
{
	size_t g, i;

	if (va < x->base)
		return -ENOENT;
	g = (size_t)((va - x->base) >> x->shift);
	if (g >= x->nr_granules)
		return -ENOENT;
	for (i = x->first[g]; i < x->nr && x->runs[i].last < va; i++)
		;
	if (i == x->nr || RUN_VA(&x->runs[i]) > va)
		return -ENOENT;
	*page_shift = (unsigned int)(x->runs[i].va_shift & RUN_SHIFT_MASK);
	return 0;
}

int dmh_linear_lookup(const struct devmemhp_machine *m, const struct dmh_state *st, uint64_t va,
		      unsigned int *page_shift)
{
	struct dmh_state *w = (struct dmh_state *)st; /* its index, made once */
	struct dmh_lin_index *x = atomic_load_explicit(&w->lin_index, memory_order_acquire);
	unsigned int shift, level;
	int rc;

	if (!page_shift)
		page_shift = &shift;
	if (x && x != &no_index)
		return index_lookup(x, va, page_shift);
	if (!x && atomic_fetch_add_explicit(&w->lin_walks, 1, memory_order_relaxed) >=
			  DMH_LININDEX_AFTER) {
		struct dmh_lin_index *mine = build(m, st), *seen = NULL;

		if (!atomic_compare_exchange_strong_explicit(&w->lin_index, &seen, mine,
							     memory_order_acq_rel,
							     memory_order_acquire)) {
			dmh_linindex_free(mine);
			mine = seen;
		}
		if (mine != &no_index)
			return index_lookup(mine, va, page_shift);
	}
	rc = pt_lookup(&m->geo, st->pgd, va, &level, NULL);
	if (!rc)
		*page_shift = dmh_level_shift(&m->geo, level);
	return rc;
}
