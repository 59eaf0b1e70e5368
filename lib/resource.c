/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The physical resource tree (/proc/iomem), kernel/resource.c of v6.1.
 * Kept as a flat pre-order array: a resource's descendants follow it, and
 * siblings are in address order, which is the order r_show() prints.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

#define IORESOURCE_TYPE_BITS     0x00001f00ul
#define IORESOURCE_EXT_TYPE_BITS 0x01000000ul

void dmh_restree_init(struct dmh_restree *t, uint64_t root_end)
{
	memset(t, 0, sizeof(*t));
	t->root_end = root_end;
}

void dmh_restree_free(struct dmh_restree *t)
{
	for (size_t i = 0; i < t->nr; i++)
		dmh_free(t->res[i].name);
	dmh_free(t->res);
	memset(t, 0, sizeof(*t));
}

int dmh_restree_clone(struct dmh_restree *dst, const struct dmh_restree *src)
{
	dmh_restree_init(dst, src->root_end);
	if (!src->nr)
		return 0;
	if (dmh_grow((void **)&dst->res, &dst->cap, src->nr, sizeof(*dst->res)))
		return -ENOMEM;
	for (size_t i = 0; i < src->nr; i++) {
		dst->res[i] = src->res[i];
		dst->res[i].name = dmh_strdup(src->res[i].name);
		if (!dst->res[i].name) {
			dst->nr = i;
			dmh_restree_free(dst);
			return -ENOMEM;
		}
	}
	dst->nr = src->nr;
	return 0;
}

/* One past the last descendant of resource i (-1: the root). */
static size_t subtree_end(const struct dmh_restree *t, long i)
{
	size_t j;

	if (i < 0)
		return t->nr;
	for (j = (size_t)i + 1; j < t->nr && t->res[j].depth > t->res[i].depth; j++)
		;
	return j;
}

/*
 * Where __request_region() would put [start, end]: the parent (-1: the root)
 * and the array position; -EBUSY if it conflicts with a busy resource.
 */
static int find_slot(const struct dmh_restree *t, uint64_t start, uint64_t end, long *parent_out,
		     size_t *pos_out)
{
	long parent = -1;

	for (;;) {
		uint64_t ps = parent < 0 ? 0 : t->res[parent].start;
		uint64_t pe = parent < 0 ? t->root_end : t->res[parent].end;
		size_t lim = subtree_end(t, parent), pos;
		long conflict = -1;

		/* __request_resource() */
		if (end < start || start < ps || end > pe)
			return -EBUSY; /* the conflict is the parent itself */
		for (pos = (size_t)(parent + 1); pos < lim; pos = subtree_end(t, (long)pos)) {
			if (t->res[pos].start > end)
				break;
			if (t->res[pos].end < start)
				continue;
			conflict = (long)pos;
			break;
		}
		if (conflict < 0) {
			*parent_out = parent;
			*pos_out = pos;
			return 0;
		}
		/* __request_region_locked(): nest inside a resource nobody owns */
		if (t->res[conflict].flags & DMH_IORESOURCE_BUSY)
			return -EBUSY;
		parent = conflict;
	}
}

int dmh_region_available(const struct dmh_restree *t, uint64_t start, uint64_t size)
{
	long parent;
	size_t pos;

	if (!size || start + size - 1 < start)
		return -EINVAL;
	return find_slot(t, start, start + size - 1, &parent, &pos);
}

int dmh_request_region(struct dmh_restree *t, uint64_t start, uint64_t size, const char *name,
		       unsigned long flags, unsigned int desc, size_t *index)
{
	struct dmh_resource r;
	long parent;
	size_t pos;
	int rc = dmh_region_available(t, start, size);

	if (rc)
		return rc;
	find_slot(t, start, start + size - 1, &parent, &pos);
	if (dmh_grow((void **)&t->res, &t->cap, t->nr + 1, sizeof(*t->res)))
		return -ENOMEM;
	r.start = start;
	r.end = start + size - 1;
	r.flags = DMH_IORESOURCE_BUSY | flags |
		  ((parent < 0 ? DMH_IORESOURCE_MEM : t->res[parent].flags) &
		   (IORESOURCE_TYPE_BITS | IORESOURCE_EXT_TYPE_BITS));
	r.desc = desc != DMH_IORES_DESC_NONE ? desc
					      : parent < 0 ? DMH_IORES_DESC_NONE : t->res[parent].desc;
	r.depth = parent < 0 ? 0 : t->res[parent].depth + 1;
	r.name = dmh_strdup(name);
	if (!r.name)
		return -ENOMEM;
	memmove(&t->res[pos + 1], &t->res[pos], (t->nr - pos) * sizeof(*t->res));
	t->res[pos] = r;
	t->nr++;
	if (index)
		*index = pos;
	return 0;
}

void dmh_release_resource(struct dmh_restree *t, size_t i)
{
	size_t end = subtree_end(t, (long)i);

	for (size_t j = i + 1; j < end; j++)
		t->res[j].depth--;
	dmh_free(t->res[i].name);
	memmove(&t->res[i], &t->res[i + 1], (t->nr - i - 1) * sizeof(*t->res));
	t->nr--;
}

long dmh_find_resource(const struct dmh_restree *t, uint64_t start, uint64_t end, const char *name)
{
	for (size_t i = 0; i < t->nr; i++)
		if (t->res[i].start == start && t->res[i].end == end &&
		    (!name || strcmp(t->res[i].name, name) == 0))
			return (long)i;
	return -1;
}

bool dmh_region_intersects(const struct dmh_restree *t, uint64_t start, uint64_t end,
			   unsigned long flags)
{
	for (size_t i = 0; i < t->nr; i++) {
		const struct dmh_resource *r = &t->res[i];

		if (r->start <= end && start <= r->end && (r->flags & flags) == flags)
			return true;
	}
	return false;
}

bool dmh_region_busy(const struct dmh_restree *t, uint64_t start, uint64_t end)
{
	for (size_t i = 0; i < t->nr; i++)
		if (t->res[i].depth == 0 && t->res[i].start <= end && start <= t->res[i].end)
			return true;
	return false;
}

int dmh_restree_verify(const struct dmh_restree *t, char *why, size_t whylen)
{
	/* stack of open ancestors by depth */
	const struct dmh_resource *open[64] = { 0 };

	for (size_t i = 0; i < t->nr; i++) {
		const struct dmh_resource *r = &t->res[i];
		const struct dmh_resource *parent = r->depth ? open[r->depth - 1] : NULL;
		const struct dmh_resource *prev = r->depth < 64 ? open[r->depth] : NULL;

		if (!r->name || r->start > r->end || r->end > t->root_end || r->depth >= 64 ||
		    (i == 0 && r->depth) || (i > 0 && r->depth > t->res[i - 1].depth + 1)) {
			snprintf(why, whylen, "resource %zu [%#llx-%#llx] is malformed", i,
				 (unsigned long long)r->start, (unsigned long long)r->end);
			return -EUCLEAN;
		}
		if (parent && (r->start < parent->start || r->end > parent->end)) {
			snprintf(why, whylen, "resource %s [%#llx-%#llx] is outside its parent %s",
				 r->name, (unsigned long long)r->start, (unsigned long long)r->end,
				 parent->name);
			return -EUCLEAN;
		}
		/* the previous sibling, if the previous entry at this depth shares our parent */
		if (prev && i > 0 && t->res[i - 1].depth >= r->depth && prev->end >= r->start) {
			snprintf(why, whylen, "resources %s and %s overlap or are out of order",
				 prev->name, r->name);
			return -EUCLEAN;
		}
		open[r->depth] = r;
		for (unsigned int d = r->depth + 1; d < 64 && open[d]; d++)
			open[d] = NULL;
	}
	return 0;
}
