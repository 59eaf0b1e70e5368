/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The physical resource tree (/proc/iomem), kernel/resource.c of v6.1.
 * Kept as a flat pre-order array: a resource's descendants follow it, and
 * siblings are in address order, which is the order r_show() prints.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "machine.h"
#include "private.h"
#include "resource.h"
#include "state.h"
#include "txn.h"

#define IORESOURCE_TYPE_BITS     0x00001f00ul
#define IORESOURCE_EXT_TYPE_BITS 0x01000000ul

/*
 * Names are shared, immutable and counted: a clone of the tree (every
 * transaction makes one) copies pointers instead of duplicating every
 * string.  The count is plain: a machine's trees are cloned and freed by its
 * one writer at a time.
 */
struct name {
	size_t refs;
	char s[];
};

char *dmh_name_new(const char *s)
{
	size_t len = strlen(s) + 1;
	struct name *n = dmh_malloc(sizeof(*n) + len);

	if (!n)
		return NULL;
	n->refs = 1;
	memcpy(n->s, s, len);
	return n->s;
}

char *dmh_name_get(char *s)
{
	((struct name *)(s - offsetof(struct name, s)))->refs++;
	return s;
}

void dmh_name_put(char *s)
{
	struct name *n;

	if (!s)
		return;
	n = (struct name *)(s - offsetof(struct name, s));
	if (!--n->refs)
		dmh_free(n);
}

void dmh_restree_init(struct dmh_restree *t, uint64_t root_end)
{
	memset(t, 0, sizeof(*t));
	t->root_end = root_end;
}

void dmh_restree_free(struct dmh_restree *t)
{
	for (size_t i = 0; i < t->nr; i++)
		dmh_name_put(t->res[i].name);
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
	memcpy((void *)dst->res, src->res, src->nr * sizeof(*dst->res));
	for (size_t i = 0; i < src->nr; i++)
		dmh_name_get(dst->res[i].name);
	dst->nr = src->nr;
	return 0;
}

/* Resources [lo, hi) to be written: from lo, an insert or delete moves
 * everything up to hi. */
static struct dmh_resource *res_w(struct dmh_restree *t, size_t lo, size_t hi)
{
	dmh_dirty_mark(&t->dirty, lo, hi);
	return (struct dmh_resource *)&t->res[lo];
}

/*
 * The starts of a pre-order array never go down: a resource's descendants
 * start inside it, and its next sibling after its end.  So a binary search
 * finds where an address falls, and the resources that hold it are the
 * ancestors of the last one that starts at or below it.
 */

/* The first resource of [lo, hi) that starts above addr (hi: none). */
static size_t first_after(const struct dmh_restree *t, size_t lo, size_t hi, uint64_t addr)
{
	while (lo < hi) {
		const size_t mid = lo + (hi - lo) / 2;

		if (t->res[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Resource i's ancestor at depth d (i itself if it is there; depth(i) >= d):
 * going back, the first resource no deeper than d. */
static size_t ancestor_at(const struct dmh_restree *t, size_t i, unsigned int depth)
{
	while (t->res[i].depth > depth)
		i--;
	return i;
}

/* The child of parent (-1: the root) whose children lie in [first, lim)
 * that starts last at or below addr: the only one that may hold addr; -1
 * if none. *next: the index of the child after it (or the first child). */
static long child_at(const struct dmh_restree *t, long parent, size_t lim, uint64_t addr,
		     size_t *next)
{
	const size_t first = (size_t)(parent + 1);
	const unsigned int depth = parent < 0 ? 0 : t->res[parent].depth + 1;

	*next = first_after(t, first, lim, addr);
	return *next > first ? (long)ancestor_at(t, *next - 1, depth) : -1;
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
		long conflict;

		/* __request_resource(): the first child that ends at or after
		 * start conflicts if it starts at or before end */
		if (end < start || start < ps || end > pe)
			return -EBUSY; /* the conflict is the parent itself */
		conflict = child_at(t, parent, lim, start, &pos);
		if (conflict >= 0 && t->res[conflict].end < start)
			conflict = -1; /* pos is the next child */
		if (conflict < 0 && pos < lim && t->res[pos].start <= end)
			conflict = (long)pos;
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

/* Where [start, start + size) would go, or why it cannot. */
static int region_slot(const struct dmh_restree *t, uint64_t start, uint64_t size, long *parent,
		       size_t *pos)
{
	if (!size || start + size - 1 < start)
		return -EINVAL;
	return find_slot(t, start, start + size - 1, parent, pos);
}

int dmh_region_available(const struct dmh_restree *t, uint64_t start, uint64_t size)
{
	long parent;
	size_t pos;

	return region_slot(t, start, size, &parent, &pos);
}

int dmh_request_region(struct dmh_restree *t, uint64_t start, uint64_t size, const char *name,
		       unsigned long flags, unsigned int desc, size_t *index)
{
	struct dmh_resource r;
	long parent;
	size_t pos;
	int rc = region_slot(t, start, size, &parent, &pos);

	if (rc)
		return rc;
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
	r.name = dmh_name_new(name);
	if (!r.name)
		return -ENOMEM;
	memmove(res_w(t, pos, t->nr + 1) + 1, &t->res[pos], (t->nr - pos) * sizeof(*t->res));
	*dmh_res_w(t, pos) = r;
	t->nr++;
	if (index)
		*index = pos;
	return 0;
}

/* Remove resource i and everything under it (release_resource()). */
void dmh_release_subtree(struct dmh_restree *t, size_t i)
{
	size_t end = subtree_end(t, (long)i);

	for (size_t j = i; j < end; j++)
		dmh_name_put(t->res[j].name);
	memmove(res_w(t, i, t->nr), &t->res[end], (t->nr - end) * sizeof(*t->res));
	t->nr -= end - i;
}

/*
 * release_mem_region_adjustable(): give back [start, end] of the busy
 * resource that holds it, shrinking or splitting it if it holds more (a
 * merged "System RAM (virtio_mem)", say).  -ENOENT if none holds it.
 */
int dmh_release_adjustable(struct dmh_restree *t, uint64_t start, uint64_t end)
{
	long parent = -1;

	for (;;) {
		size_t lim = subtree_end(t, parent), next, i;
		const long at = child_at(t, parent, lim, start, &next);
		const struct dmh_resource *r = NULL;

		i = at < 0 ? 0 : (size_t)at;
		if (at >= 0 && t->res[i].end >= end)
			r = &t->res[i];
		if (!r || !(r->flags & DMH_IORESOURCE_MEM))
			return -ENOENT;
		if (!(r->flags & DMH_IORESOURCE_BUSY)) {
			parent = (long)i;
			continue;
		}
		if (r->start == start && r->end == end) {
			dmh_release_subtree(t, i);
		} else if (r->start == start) {
			dmh_res_w(t, i)->start = end + 1;
		} else if (r->end == end) {
			dmh_res_w(t, i)->end = start - 1;
		} else {
			struct dmh_resource right = *r;

			if (subtree_end(t, (long)i) != i + 1)
				return -EBUSY; /* __adjust_resource() with children in the way */
			if (dmh_grow((void **)&t->res, &t->cap, t->nr + 1, sizeof(*t->res)))
				return -ENOMEM;
			right.name = dmh_name_get(right.name);
			right.start = end + 1;
			dmh_res_w(t, i)->end = start - 1;
			memmove(res_w(t, i + 1, t->nr + 1) + 1, &t->res[i + 1],
				(t->nr - i - 1) * sizeof(*t->res));
			*dmh_res_w(t, i + 1) = right;
			t->nr++;
		}
		return 0;
	}
}

/*
 * merge_system_ram_resource(): mark resource i mergeable and fold it into
 * equal neighbours that continue it (same flags, name and desc, no
 * children).  Returns the index it ends up at.
 */
size_t dmh_merge_system_ram(struct dmh_restree *t, size_t i)
{
	dmh_res_w(t, i)->flags |= DMH_IORESOURCE_SYSRAM_MERGEABLE;
	for (int side = 0; side < 2; side++) {
		size_t a, b;

		if (side == 0) { /* the next sibling */
			a = i;
			b = subtree_end(t, (long)i);
		} else { /* the previous sibling */
			long p;

			for (p = (long)i - 1; p >= 0 && t->res[p].depth > t->res[i].depth; p--)
				;
			if (p < 0 || t->res[p].depth != t->res[i].depth)
				continue;
			a = (size_t)p;
			b = i;
		}
		if (b >= t->nr || t->res[b].depth != t->res[a].depth ||
		    subtree_end(t, (long)a) != a + 1 || subtree_end(t, (long)b) != b + 1 ||
		    t->res[a].flags != t->res[b].flags || t->res[a].desc != t->res[b].desc ||
		    t->res[a].end + 1 != t->res[b].start || strcmp(t->res[a].name, t->res[b].name))
			continue;
		dmh_res_w(t, a)->end = t->res[b].end;
		dmh_name_put(t->res[b].name);
		memmove(res_w(t, b, t->nr), &t->res[b + 1], (t->nr - b - 1) * sizeof(*t->res));
		t->nr--;
		i = a;
	}
	return i;
}

/* The busy resource __request_region() made for [start, end], or -1. */
long dmh_find_busy(const struct dmh_restree *t, uint64_t start, uint64_t end)
{
	size_t i = first_after(t, 0, t->nr, start);

	/* those that hold start: the last that starts at or below it and its
	 * ancestors, deepest first */
	while (i-- > 0) {
		if ((t->res[i].flags & DMH_IORESOURCE_BUSY) && t->res[i].end >= end)
			return (long)i;
		if (!t->res[i].depth)
			break;
		i = ancestor_at(t, i, t->res[i].depth - 1) + 1;
	}
	return -1;
}

bool dmh_resource_in_subtree(const struct dmh_restree *t, size_t root, size_t i)
{
	return i >= root && i < subtree_end(t, (long)root);
}

void dmh_release_resource(struct dmh_restree *t, size_t i)
{
	size_t end = subtree_end(t, (long)i);

	for (size_t j = i + 1; j < end; j++)
		dmh_res_w(t, j)->depth--;
	dmh_name_put(t->res[i].name);
	memmove(res_w(t, i, t->nr), &t->res[i + 1], (t->nr - i - 1) * sizeof(*t->res));
	t->nr--;
}

long dmh_find_resource(const struct dmh_restree *t, uint64_t start, uint64_t end, const char *name)
{
	for (size_t i = start ? first_after(t, 0, t->nr, start - 1) : 0;
	     i < t->nr && t->res[i].start == start; i++)
		if (t->res[i].end == end && (!name || strcmp(t->res[i].name, name) == 0))
			return (long)i;
	return -1;
}

bool dmh_region_intersects(const struct dmh_restree *t, uint64_t start, uint64_t end,
			   unsigned long flags)
{
	const size_t last = first_after(t, 0, t->nr, end);
	size_t next, i;
	long top = child_at(t, -1, t->nr, start, &next);

	/* from the top-level resource that may hold start, through all that
	 * start inside [start, end] */
	for (i = top < 0 ? next : (size_t)top; i < last; i++) {
		const struct dmh_resource *r = &t->res[i];

		if (start <= r->end && (r->flags & flags) == flags)
			return true;
	}
	return false;
}

bool dmh_region_busy(const struct dmh_restree *t, uint64_t start, uint64_t end)
{
	uint64_t lowest;

	return dmh_region_conflict(t, start, end, &lowest);
}

bool dmh_region_conflict(const struct dmh_restree *t, uint64_t start, uint64_t end,
			 uint64_t *lowest)
{
	size_t next;
	long top = child_at(t, -1, t->nr, start, &next);

	/* the lowest top-level resource that meets [start, end] */
	if (top >= 0 && t->res[top].end >= start) {
		*lowest = t->res[top].start;
		return true;
	}
	if (next < t->nr && t->res[next].start <= end) {
		*lowest = t->res[next].start;
		return true;
	}
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

/* ---- the public face -------------------------------------------------------- */

#define RES_FLAGS (DEVMEMHP_RES_BUSY | DEVMEMHP_RES_SYSTEM_RAM | DEVMEMHP_RES_DRIVER_MANAGED)

/* Is resource i, or one under it, what a hot-added range requested, or
 * System RAM the machine booted with? */
static bool in_use(const struct dmh_state *st, size_t i)
{
	const struct dmh_restree *t = &st->iomem;
	const size_t end = subtree_end(t, (long)i);
	for (size_t k = 0; k < st->nr_ranges; k++) {
		const struct dmh_range *r = &st->ranges[k];
		long own;

		if (r->kind == DMH_RANGE_BOOT && r->nomap) { /* the "reserved" that is its own */
			for (size_t j = i; j < end; j++)
				if (t->res[j].start == r->start && t->res[j].end == r->end - 1)
					return true;
			continue;
		}
		if (r->kind == DMH_RANGE_BOOT) {
			for (size_t j = i; j < end; j++)
				if ((t->res[j].flags & DMH_IORESOURCE_SYSRAM) &&
				    (t->res[j].flags & DMH_IORESOURCE_BUSY) && t->res[j].start < r->end &&
				    r->start <= t->res[j].end)
					return true;
			continue;
		}
		if (!r->has_resource)
			continue;
		own = dmh_find_busy(t, r->start, r->end - 1);
		if (own >= 0 && dmh_resource_in_subtree(t, i, (size_t)own))
			return true;
	}
	return false;
}

/*
 * A name a view prints as it is (/proc/iomem's "start-end : name" lines):
 * one with a control character -- a byte below 0x20, or 0x7f -- could forge
 * lines ("dax0\n100000000-13fffffff : System RAM") that whoever reads the
 * view, the library's own import included, would believe.  The kernel's
 * names are string literals and driver names; none holds one.  -EINVAL and
 * where, or 0.
 */
int dmh_name_check(const struct devmemhp_machine *m, const char *op, const char *what,
		   const char *name)
{
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return dmh_err(m, -EINVAL, "%s: %s holds a control character (%#04x at byte "
				       "%zu); names are printed in views as they are, so they may "
				       "not hold bytes below 0x20 or 0x7f", op, what, *c,
				       (size_t)(c - (const unsigned char *)name));
	return 0;
}

DMH_EXPORT int devmemhp_resource_add(struct devmemhp_machine *m, uint64_t start, uint64_t size,
				     const char *name, unsigned int flags,
				     enum devmemhp_iores_desc desc)
{
	struct dmh_txn t = { 0 };
	size_t i;
	int rc;

	rc = dmh_api_enter(m, "resource_add", NULL, DMH_API_NONE);
	if (rc)
		return rc;
	if (!size || start + size - 1 < start)
		return dmh_err(m, -EINVAL, "resource_add: [%#llx, +%#llx) is empty or wraps",
			       (unsigned long long)start, (unsigned long long)size);
	if (!name || !*name)
		return dmh_err(m, -EINVAL, "resource_add: a resource needs a name");
	if (dmh_name_check(m, "resource_add", "the name", name))
		return -EINVAL;
	if (flags & ~RES_FLAGS)
		return dmh_err(m, -EINVAL, "resource_add: unknown flag bits %#x", flags & ~RES_FLAGS);
	if ((unsigned int)desc > DEVMEMHP_IORES_DESC_SOFT_RESERVED)
		return dmh_err(m, -EINVAL, "resource_add: %d is not an IORES_DESC", (int)desc);
	dmh_writer_lock(m);
	rc = dmh_region_available(&m->st->iomem, start, size);
	if (rc) {
		dmh_writer_unlock(m);
		return dmh_err(m, -EBUSY, "resource_add: %s [%#llx-%#llx] conflicts with a busy "
			       "resource or leaves iomem", name, (unsigned long long)start,
			       (unsigned long long)(start + size - 1));
	}
	rc = dmh_txn_begin(m, &t);
	if (!rc)
		rc = dmh_request_region(&t.st->iomem, start, size, name,
					(flags & DEVMEMHP_RES_SYSTEM_RAM ? DMH_IORESOURCE_SYSRAM : 0) |
					(flags & DEVMEMHP_RES_DRIVER_MANAGED
						 ? DMH_IORESOURCE_SYSRAM_DRIVER_MANAGED : 0),
					(unsigned int)desc, &i);
	if (!rc) {
		if (!(flags & DEVMEMHP_RES_BUSY)) /* let others nest inside */
			dmh_res_w(&t.st->iomem, i)->flags &= ~DMH_IORESOURCE_BUSY;
		rc = dmh_txn_commit(&t);
	}
	if (rc) {
		dmh_txn_abort(&t);
		rc = dmh_err(m, rc, "resource_add: %s: %s", name, strerror(-rc));
	}
	dmh_writer_unlock(m);
	return rc;
}

DMH_EXPORT int devmemhp_resource_remove(struct devmemhp_machine *m, uint64_t start, uint64_t size,
					const char *name)
{
	struct dmh_txn t = { 0 };
	long i;
	int rc;

	rc = dmh_api_enter(m, "resource_remove",
			   !size || start + size - 1 < start || !name
				   ? "no name, or an empty or wrapping range" : NULL,
			   DMH_API_WRITE);
	if (rc)
		return rc;
	i = dmh_find_resource(&m->st->iomem, start, start + size - 1, name);
	if (i < 0) {
		rc = dmh_err(m, -ENOENT, "resource_remove: there is no %s [%#llx-%#llx]", name,
			     (unsigned long long)start, (unsigned long long)(start + size - 1));
	} else if (in_use(m->st, (size_t)i)) {
		rc = dmh_err(m, -EBUSY, "resource_remove: %s [%#llx-%#llx] holds boot RAM or "
			     "hot-added memory: remove the memory first", name, (unsigned long long)start,
			     (unsigned long long)(start + size - 1));
	} else {
		rc = dmh_txn_begin(m, &t);
		if (!rc) {
			dmh_release_subtree(&t.st->iomem, (size_t)i); /* release_resource() */
			rc = dmh_txn_commit(&t);
		}
		if (rc) {
			dmh_txn_abort(&t);
			rc = dmh_err(m, rc, "resource_remove: out of memory");
		}
	}
	dmh_api_leave(m, DMH_API_WRITE);
	return rc;
}

DMH_EXPORT int devmemhp_resource_foreach(const struct devmemhp_machine *m,
					 int (*fn)(const struct devmemhp_resource *res, void *data),
					 void *data)
{
	int rc;

	rc = dmh_api_enter(m, "resource_foreach", !fn ? "fn is NULL" : NULL, DMH_API_READ);
	if (rc)
		return rc;
	for (size_t i = 0; i < m->st->iomem.nr && !rc; i++) {
		const struct dmh_resource *r = &m->st->iomem.res[i];
		struct devmemhp_resource out = {
			.size = sizeof(out), .start = r->start, .end = r->end, .name = r->name,
			.depth = r->depth, .desc = (enum devmemhp_iores_desc)r->desc,
			.flags = (r->flags & DMH_IORESOURCE_BUSY ? DEVMEMHP_RES_BUSY : 0) |
				 (r->flags & DMH_IORESOURCE_SYSRAM ? DEVMEMHP_RES_SYSTEM_RAM : 0) |
				 (r->flags & DMH_IORESOURCE_SYSRAM_DRIVER_MANAGED
					  ? DEVMEMHP_RES_DRIVER_MANAGED : 0),
		};

		rc = fn(&out, data);
	}
	dmh_api_leave(m, DMH_API_READ);
	return rc;
}
