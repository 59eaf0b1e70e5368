/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The state of a machine, as one value.  A mutation works on a clone and
 * either commits it or throws it away; the page table inside is persistent,
 * so a clone shares it instead of copying it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <string.h>

#include "accounting.h"
#include "linindex.h"
#include "machine.h"
#include "pgtable.h"
#include "private.h"
#include "resource.h"
#include "state.h"

void dmh_state_free(struct dmh_state *st)
{
	if (!st)
		return;
	pt_put(st->pgd);
	dmh_restree_free(&st->iomem);
	dmh_free(st->ranges);
	dmh_free(st->blocks);
	dmh_free(st->extents);
	dmh_free(st->groups);
	dmh_free(st->zones);
	dmh_free(st->node_online);
	dmh_free(st->unmovable);
	dmh_free(st->reserved);
	dmh_free(st->charges);
	dmh_free(st->charged);
	dmh_linindex_free(atomic_load_explicit(&st->lin_index, memory_order_relaxed));
	dmh_free(st);
}

/* Equal elements, field by field: padding may hold anything (valgrind
 * rightly calls a memcmp() of it a read of uninitialised memory). */
/* A new field changes a size here: compare it below too. */
_Static_assert(sizeof(struct dmh_range) == 80 && sizeof(struct dmh_block_run) == 64 &&
		       sizeof(struct dmh_extent) == 32 && sizeof(struct dmh_group) == 56 &&
		       sizeof(struct dmh_charge) == 32 && sizeof(struct dmh_resource) == 40 &&
		       sizeof(struct dmh_zone) == 48,
	       "the same_*() functions compare every field");
#define SAME(f) (a->f == b->f)
static bool same_range(const void *x, const void *y)
{
	const struct dmh_range *a = x, *b = y;

	return SAME(start) && SAME(end) && SAME(flags) && SAME(nid) && SAME(kind) &&
	       SAME(vmemmap_pages) && SAME(altmap_reserve) && SAME(altmap_align) &&
	       SAME(compound_pages) && SAME(group) && SAME(attrs) && SAME(has_resource) &&
	       SAME(unmapped) && SAME(nomap) && SAME(altmap_per_block);
}

static bool same_block_run(const void *x, const void *y)
{
	const struct dmh_block_run *a = x, *b = y;

	return SAME(first) && SAME(count) && SAME(online) && SAME(zone) && SAME(nid) &&
	       SAME(vmemmap_pages) && SAME(group) && SAME(early) && SAME(zone_fixed) &&
	       SAME(fixed_zone) && SAME(dev_offline);
}

static bool same_extent(const void *x, const void *y)
{
	const struct dmh_extent *a = x, *b = y;

	return SAME(start_pfn) && SAME(end_pfn) && SAME(nid) && SAME(zone) && SAME(early);
}

static bool same_group(const void *x, const void *y)
{
	const struct dmh_group *a = x, *b = y;

	return SAME(id) && SAME(nid) && SAME(dynamic) && SAME(max_pages) && SAME(unit_pages) &&
	       SAME(present_kernel_pages) && SAME(present_movable_pages) && SAME(implicit);
}

static bool same_charge(const void *x, const void *y)
{
	const struct dmh_charge *a = x, *b = y;

	return SAME(owner) && SAME(pages) && SAME(nid) && SAME(zone) && SAME(kind);
}

static bool same_resource(const void *x, const void *y)
{
	const struct dmh_resource *a = x, *b = y;

	return SAME(start) && SAME(end) && SAME(flags) && SAME(desc) && SAME(depth) && SAME(name);
}

static bool same_zone(const void *x, const void *y)
{
	const struct dmh_zone *a = x, *b = y;

	return SAME(start_pfn) && SAME(spanned) && SAME(present) && SAME(present_early) &&
	       SAME(managed) && SAME(initialized);
}

static bool same_u64(const void *x, const void *y)
{
	return *(const uint64_t *)x == *(const uint64_t *)y;
}

static bool same_bool(const void *x, const void *y)
{
	return *(const bool *)x == *(const bool *)y;
}
#undef SAME

/* The arrays of a state whose length changes: where each lives in it. */
static const struct state_array {
	size_t array, nr, cap, dirty, elem;
	bool names; /* of resources: each element holds a reference to its name */
	bool (*same)(const void *a, const void *b);
} state_arrays[] = {
#define ARRAY(a, nr_, cap_, dirty_, same_)                                                      \
	{ offsetof(struct dmh_state, a), offsetof(struct dmh_state, nr_),                       \
	  offsetof(struct dmh_state, cap_), offsetof(struct dmh_state, dirty_),                 \
	  sizeof(*((struct dmh_state *)0)->a), false, same_ }
	ARRAY(ranges, nr_ranges, cap_ranges, dirty_ranges, same_range),
	ARRAY(blocks, nr_blocks, cap_blocks, dirty_blocks, same_block_run),
	ARRAY(extents, nr_extents, cap_extents, dirty_extents, same_extent),
	ARRAY(groups, nr_groups, cap_groups, dirty_groups, same_group),
	ARRAY(unmovable, nr_unmovable, cap_unmovable, dirty_unmovable, same_u64),
	ARRAY(charges, nr_charges, cap_charges, dirty_charges, same_charge),
	{ offsetof(struct dmh_state, iomem.res), offsetof(struct dmh_state, iomem.nr),
	  offsetof(struct dmh_state, iomem.cap), offsetof(struct dmh_state, iomem.dirty),
	  sizeof(struct dmh_resource), true, same_resource },
#undef ARRAY
};

_Static_assert(DMH_ARRAY_SIZE(state_arrays) == DMH_STATE_ARRAYS, "struct dmh_state_room's size");

#define FIELD(st, off, type) ((type *)((char *)(st) + (off)))
#define CFIELD(st, off, type) ((const type *)((const char *)(st) + (off)))

/* The arrays of fixed length (per node and zone), copied whole. */
static const struct fixed_array {
	size_t array, per_node, elem;
	bool (*same)(const void *a, const void *b);
} fixed_arrays[] = {
	{ offsetof(struct dmh_state, zones), sizeof(struct dmh_zone) * DMH_NR_ZONES,
	  sizeof(struct dmh_zone), same_zone },
	{ offsetof(struct dmh_state, reserved), sizeof(uint64_t) * DMH_NR_ZONES, sizeof(uint64_t),
	  same_u64 },
	{ offsetof(struct dmh_state, charged), sizeof(uint64_t) * DMH_NR_ZONES, sizeof(uint64_t),
	  same_u64 },
	{ offsetof(struct dmh_state, node_online), sizeof(bool), sizeof(bool), same_bool },
};

/* Do n elements of size elem at x and y compare equal by same()? */
static bool same_all(const void *x, const void *y, size_t n, size_t elem,
		     bool (*same)(const void *a, const void *b))
{
	for (size_t i = 0; i < n; i++)
		if (!same((const char *)x + i * elem, (const char *)y + i * elem))
			return false;
	return true;
}

static void copy_scalars(struct dmh_state *dst, const struct dmh_state *src)
{
	memcpy(dst->direct_pages, src->direct_pages, sizeof(dst->direct_pages));
	memcpy(dst->boot_skew, src->boot_skew, sizeof(dst->boot_skew));
	dst->max_pfn = src->max_pfn;
	dst->next_group_id = src->next_group_id;
	dst->iomem.root_end = src->iomem.root_end;
}

static void names_get(const struct dmh_resource *res, size_t lo, size_t hi)
{
	for (size_t i = lo; i < hi; i++)
		dmh_name_get(res[i].name);
}

static void names_put(const struct dmh_resource *res, size_t lo, size_t hi)
{
	for (size_t i = lo; i < hi; i++)
		dmh_name_put(res[i].name);
}

struct dmh_state *dmh_state_clone(const struct dmh_state *src, unsigned int nodes)
{
	struct dmh_state *st = dmh_calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	copy_scalars(st, src);
	st->pgd = pt_get(src->pgd);
	for (size_t k = 0; k < DMH_ARRAY_SIZE(state_arrays); k++) {
		const struct state_array *a = &state_arrays[k];
		const size_t nr = *CFIELD(src, a->nr, size_t);
		void **dst = FIELD(st, a->array, void *);

		if (nr && dmh_grow(dst, FIELD(st, a->cap, size_t), nr, a->elem))
			goto fail;
		if (nr)
			memcpy(*dst, *CFIELD(src, a->array, void *), nr * a->elem);
		*FIELD(st, a->nr, size_t) = nr;
		if (a->names)
			names_get(st->iomem.res, 0, nr);
	}
	for (size_t k = 0; k < DMH_ARRAY_SIZE(fixed_arrays); k++) {
		const struct fixed_array *f = &fixed_arrays[k];
		const size_t len = f->per_node * nodes;
		void **dst = FIELD(st, f->array, void *);

		*dst = dmh_malloc(len);
		if (!*dst)
			goto fail;
		memcpy(*dst, *CFIELD(src, f->array, void *), len);
	}
	return st;
fail:
	dmh_state_free(st);
	return NULL;
}

/*
 * Make dst equal src again, where dirt (dst or src) marks all that differs
 * between them: its dirty elements are copied from src, the rest is the
 * same already.  A transaction's working copy and the committed state are
 * twins: an abort copies the working copy's changes back from the
 * committed state, a commit copies them to the state it replaced, which
 * becomes the next working copy (txn.c).  -ENOMEM only when dst must grow
 * (never for an abort: its arrays held src's before the transaction).
 */
int dmh_state_copy_changes(struct dmh_state *dst, const struct dmh_state *src,
			   const struct dmh_state *dirt, unsigned int nodes)
{
	for (size_t k = 0; k < DMH_ARRAY_SIZE(state_arrays); k++) {
		const struct state_array *a = &state_arrays[k];
		const struct dmh_dirty *d = CFIELD(dirt, a->dirty, struct dmh_dirty);
		const size_t nr = *CFIELD(src, a->nr, size_t);
		size_t *dst_nr = FIELD(dst, a->nr, size_t);
		const size_t lo = DMH_MIN(d->lo, nr), hi = d->lo < d->hi ? DMH_MIN(d->hi, nr) : lo;
		void **to = FIELD(dst, a->array, void *);
		const char *from = *CFIELD(src, a->array, char *);

		if (dmh_grow(to, FIELD(dst, a->cap, size_t), nr, a->elem))
			return -ENOMEM;
		if (a->names) { /* dst's names it overwrites, and those past nr */
			names_put(dst->iomem.res, lo, DMH_MAX(lo, DMH_MIN(hi, *dst_nr)));
			names_put(dst->iomem.res, nr, *dst_nr);
		}
		if (hi > lo)
			memcpy((char *)*to + lo * a->elem, from + lo * a->elem, (hi - lo) * a->elem);
		if (a->names)
			names_get(dst->iomem.res, lo, hi);
		*dst_nr = nr;
	}
	for (size_t k = 0; k < DMH_ARRAY_SIZE(fixed_arrays); k++) {
		const struct fixed_array *f = &fixed_arrays[k];

		memcpy(*FIELD(dst, f->array, void *), *CFIELD(src, f->array, void *),
		       f->per_node * nodes);
	}
	copy_scalars(dst, src);
	if (dst->pgd != src->pgd) {
		pt_put(dst->pgd);
		dst->pgd = pt_get(src->pgd);
	}
	return 0;
}

int dmh_state_room_get(const struct dmh_state *dst, const struct dmh_state *src,
		       struct dmh_state_room *room)
{
	memset(room, 0, sizeof(*room));
	for (size_t k = 0; k < DMH_ARRAY_SIZE(state_arrays); k++) {
		const struct state_array *a = &state_arrays[k];
		const size_t nr = *CFIELD(src, a->nr, size_t), cap = *CFIELD(dst, a->cap, size_t);

		if (nr <= cap)
			continue;
		room->cap[k] = DMH_MAX(nr, 2 * cap);
		room->buf[k] = dmh_malloc(room->cap[k] * a->elem);
		if (!room->buf[k]) {
			for (size_t j = 0; j < k; j++)
				dmh_free(room->buf[j]);
			return -ENOMEM;
		}
	}
	return 0;
}

void dmh_state_room_put(struct dmh_state *dst, struct dmh_state_room *room)
{
	for (size_t k = 0; k < DMH_ARRAY_SIZE(state_arrays); k++) {
		const struct state_array *a = &state_arrays[k];
		void **array = FIELD(dst, a->array, void *);
		const size_t nr = *FIELD(dst, a->nr, size_t);

		if (!room->buf[k])
			continue;
		if (nr)
			memcpy(room->buf[k], *array, nr * a->elem);
		dmh_free(*array);
		*array = room->buf[k];
		*FIELD(dst, a->cap, size_t) = room->cap[k];
	}
}

void dmh_state_clean(struct dmh_state *st)
{
	for (size_t k = 0; k < DMH_ARRAY_SIZE(state_arrays); k++)
		*FIELD(st, state_arrays[k].dirty, struct dmh_dirty) = (struct dmh_dirty){ 0, 0 };
}

/* Are twins a and b equal (devmemhp_check()): 0 or -EUCLEAN and why. */
int dmh_state_twins_verify(const struct dmh_state *a, const struct dmh_state *b,
			   unsigned int nodes, char *why, size_t whylen)
{
	for (size_t k = 0; k < DMH_ARRAY_SIZE(state_arrays); k++) {
		const struct state_array *s = &state_arrays[k];
		const size_t nr = *CFIELD(a, s->nr, size_t);

		if (nr != *CFIELD(b, s->nr, size_t) ||
		    !same_all(*CFIELD(a, s->array, void *), *CFIELD(b, s->array, void *), nr,
			      s->elem, s->same)) {
			dmh_why(why, whylen, "the working copy's array %zu differs from the "
				"committed state's", k);
			return -EUCLEAN;
		}
	}
	for (size_t k = 0; k < DMH_ARRAY_SIZE(fixed_arrays); k++) {
		const struct fixed_array *f = &fixed_arrays[k];

		if (!same_all(*CFIELD(a, f->array, void *), *CFIELD(b, f->array, void *),
			      f->per_node * nodes / f->elem, f->elem, f->same)) {
			dmh_why(why, whylen, "the working copy's per-node array %zu differs from "
				"the committed state's", k);
			return -EUCLEAN;
		}
	}
	if (a->pgd != b->pgd || a->max_pfn != b->max_pfn || a->next_group_id != b->next_group_id ||
	    a->iomem.root_end != b->iomem.root_end ||
	    memcmp(a->direct_pages, b->direct_pages, sizeof(a->direct_pages)) ||
	    memcmp(a->boot_skew, b->boot_skew, sizeof(a->boot_skew))) {
		dmh_why(why, whylen, "the working copy's page table or counters differ from the "
			"committed state's");
		return -EUCLEAN;
	}
	return 0;
}

size_t dmh_range_from(const struct dmh_state *st, uint64_t addr)
{
	size_t lo = 0, hi = st->nr_ranges;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (st->ranges[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Ranges are sorted and never overlap: a binary search finds the one. */
long dmh_range_find(const struct dmh_state *st, uint64_t pfn_addr)
{
	size_t i = dmh_range_from(st, pfn_addr);

	return i < st->nr_ranges && st->ranges[i].start <= pfn_addr ? (long)i : -1;
}

int dmh_range_insert(struct dmh_state *st, const struct dmh_range *r)
{
	size_t pos = dmh_range_from(st, r->start);

	if (dmh_grow((void **)&st->ranges, &st->cap_ranges, st->nr_ranges + 1, sizeof(*r)))
		return -ENOMEM;
	/* the first that ends after r's start starts after it: they never overlap */
	while (pos < st->nr_ranges && st->ranges[pos].start < r->start)
		pos++;
	memmove(dmh_ranges_w(st, pos, st->nr_ranges + 1) + 1, &st->ranges[pos],
		(st->nr_ranges - pos) * sizeof(*r));
	*dmh_ranges_w(st, pos, pos + 1) = *r;
	st->nr_ranges++;
	return 0;
}

void dmh_range_delete(struct dmh_state *st, size_t i)
{
	memmove(dmh_ranges_w(st, i, st->nr_ranges), &st->ranges[i + 1],
		(st->nr_ranges - i - 1) * sizeof(*st->ranges));
	st->nr_ranges--;
}

static const char *kind_name(enum dmh_range_kind k)
{
	return k == DMH_RANGE_BOOT ? "boot" : k == DMH_RANGE_RAM ? "ram" : "device";
}

static int dump_run(void *ctx, uint64_t va, uint64_t va_end, unsigned int level, unsigned int attrs)
{
	fprintf(ctx, "  leaves %#018" PRIx64 "-%#018" PRIx64 " level %u attrs %#x\n", va, va_end,
		level, attrs);
	return 0;
}

/*
 * Everything, in one canonical text: two states print the same iff they model
 * the same machine.  Tests compare it across a failed call.
 */
int dmh_state_dump(const struct devmemhp_machine *m, const struct dmh_state *st, FILE *out)
{
	const struct pt_stats *ps = pt_node_stats(st->pgd);

	fprintf(out, "max_pfn %#" PRIx64 "\n", st->max_pfn);
	for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++)
		fprintf(out, "direct_pages[%d] %" PRId64 " skew %" PRId64 " tables %" PRIu64
			" leaves %" PRIu64 " altmap %" PRIu64 "\n",
			l, st->direct_pages[l], st->boot_skew[l], ps->tables[l], ps->leaves[l],
			ps->altmap_leaves[l]);
	fprintf(out, "pgtable hash %#" PRIx64 "\n", pt_node_hash(st->pgd));
	pt_walk_leaves(&m->geo, st->pgd, 0, UINT64_MAX, dump_run, out);
	for (size_t i = 0; i < st->iomem.nr; i++) {
		const struct dmh_resource *r = &st->iomem.res[i];

		fprintf(out, "resource %*s%#" PRIx64 "-%#" PRIx64 " %s flags %#lx desc %u\n",
			(int)r->depth * 2, "", r->start, r->end, r->name, r->flags, r->desc);
	}
	for (size_t i = 0; i < st->nr_ranges; i++) {
		const struct dmh_range *r = &st->ranges[i];

		fprintf(out, "range %#" PRIx64 "-%#" PRIx64 " %s flags %#x nid %d vmemmap %" PRIu64
			"%s reserve %" PRIu64 "+%" PRIu64 " compound %" PRIu64 " group %" PRIu64
			" attrs %#x%s%s%s\n",
			r->start, r->end, kind_name(r->kind), r->flags, r->nid, r->vmemmap_pages,
			r->altmap_per_block ? " per block" : "", r->altmap_reserve, r->altmap_align,
			r->compound_pages, r->group, r->attrs, r->has_resource ? " resource" : "",
			r->unmapped ? " unmapped" : "", r->nomap ? " nomap" : "");
	}
	for (size_t i = 0; i < st->nr_blocks; i++) {
		const struct dmh_block_run *b = &st->blocks[i];

		fprintf(out, "blocks %" PRIu64 "+%" PRIu64 " %s zone %s nid %d vmemmap %" PRIu64
			" group %" PRIu64 "%s%s%s%s\n",
			b->first, b->count, b->online ? "online" : "offline", dmh_zone_text(b->zone), b->nid,
			b->vmemmap_pages, b->group, b->early ? " early" : "",
			b->zone_fixed ? " fixed " : "", b->zone_fixed ? dmh_zone_text(b->fixed_zone) : "",
			b->dev_offline ? " dev-offline" : "");
	}
	for (size_t i = 0; i < st->nr_extents; i++) {
		const struct dmh_extent *x = &st->extents[i];

		fprintf(out, "extent %#" PRIx64 "-%#" PRIx64 " nid %d zone %s%s\n", x->start_pfn,
			x->end_pfn, x->nid, dmh_zone_text(x->zone), x->early ? " early" : "");
	}
	for (size_t i = 0; i < st->nr_groups; i++) {
		const struct dmh_group *g = &st->groups[i];

		fprintf(out, "group %" PRIu64 " nid %d %s max %" PRIu64 " unit %" PRIu64
			" kernel %" PRIu64 " movable %" PRIu64 "%s\n",
			g->id, g->nid, g->dynamic ? "dynamic" : "static", g->max_pages, g->unit_pages,
			g->present_kernel_pages, g->present_movable_pages,
			g->implicit ? " implicit" : "");
	}
	fprintf(out, "next_group %" PRIu64 "\n", st->next_group_id);
	for (unsigned int n = 0; n < m->cfg.nodes; n++)
		fprintf(out, "node %u %s\n", n, st->node_online[n] ? "online" : "offline");
	for (size_t i = 0; i < st->nr_unmovable; i++)
		fprintf(out, "unmovable %#" PRIx64 "\n", st->unmovable[i]);
	for (size_t i = 0; i < st->nr_charges; i++) {
		const struct dmh_charge *ch = &st->charges[i];

		fprintf(out, "charge %#" PRIx64 " nid %d zone %s kind %d pages %" PRIu64 "\n",
			ch->owner, ch->nid, dmh_zone_text(ch->zone), (int)ch->kind, ch->pages);
	}
	for (size_t k = 0; st->reserved && k < (size_t)m->cfg.nodes * DMH_NR_ZONES; k++)
		if (st->reserved[k])
			fprintf(out, "reserved %zu %s %" PRIu64 "\n", k / DMH_NR_ZONES,
				dmh_zone_text((int)(k % DMH_NR_ZONES)), st->reserved[k]);
	for (unsigned int n = 0; n < m->cfg.nodes; n++)
		for (int z = 0; z < DMH_NR_ZONES; z++) {
			const struct dmh_zone *zn = dmh_zone(st, (int)n, z);

			if (!zn->spanned && !zn->present && !zn->managed && !zn->initialized)
				continue;
			fprintf(out, "zone %u %s start %#" PRIx64 " spanned %" PRIu64 " present %" PRIu64
				" early %" PRIu64 " managed %" PRIu64 "%s\n",
				n, dmh_zone_text(z), zn->start_pfn, zn->spanned, zn->present,
				zn->present_early, zn->managed, zn->initialized ? " initialized" : "");
		}
	return ferror(out) ? -EIO : 0;
}

int dmh_machine_dump(const struct devmemhp_machine *m, FILE *out)
{
	int rc;

	dmh_read_lock(m);
	rc = dmh_state_dump(m, m->st, out);
	dmh_read_unlock(m);
	return rc;
}
