/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Memory blocks (drivers/base/memory.c): the units RAM is onlined and
 * offlined in.  Kept as runs of consecutive blocks in the same state, merged
 * whenever two neighbours become equal, so a terabyte of blocks that were
 * added and onlined together is one record.
 */
#include <errno.h>
#include <string.h>

#include "api.h"
#include "hotplug.h"
#include "machine.h"
#include "memory_block.h"
#include "private.h"
#include "state.h"
#include "zone.h"

long dmh_block_find(const struct dmh_state *st, uint64_t id)
{
	size_t lo = 0, hi = st->nr_blocks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct dmh_block_run *r = &st->blocks[mid];

		if (id < r->first)
			hi = mid;
		else if (id >= r->first + r->count)
			lo = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

static bool same_state(const struct dmh_block_run *a, const struct dmh_block_run *b)
{
	return a->online == b->online && a->zone == b->zone && a->nid == b->nid &&
	       a->vmemmap_pages == b->vmemmap_pages && a->group == b->group &&
	       a->early == b->early && a->zone_fixed == b->zone_fixed &&
	       (!a->zone_fixed || a->fixed_zone == b->fixed_zone) &&
	       a->dev_offline == b->dev_offline;
}

/* Merge run i with its right neighbour while they are contiguous and equal. */
static void merge_right(struct dmh_state *st, size_t i)
{
	while (i + 1 < st->nr_blocks) {
		const struct dmh_block_run *a = &st->blocks[i], *b = &st->blocks[i + 1];

		if (a->first + a->count != b->first || !same_state(a, b))
			return;
		dmh_blocks_w(st, i, i + 1)->count += b->count;
		memmove(dmh_blocks_w(st, i + 1, st->nr_blocks), b + 1,
			(st->nr_blocks - i - 2) * sizeof(*b));
		st->nr_blocks--;
	}
}

static void merge_around(struct dmh_state *st, size_t i)
{
	merge_right(st, i);
	if (i > 0)
		merge_right(st, i - 1);
}

int dmh_blocks_add(struct dmh_state *st, const struct dmh_block_run *run)
{
	size_t pos = dmh_block_run_from(st, run->first);

	if (dmh_grow((void **)&st->blocks, &st->cap_blocks, st->nr_blocks + 1, sizeof(*st->blocks)))
		return -ENOMEM;
	while (pos < st->nr_blocks && st->blocks[pos].first < run->first)
		pos++;
	memmove(dmh_blocks_w(st, pos, st->nr_blocks + 1) + 1, &st->blocks[pos],
		(st->nr_blocks - pos) * sizeof(*st->blocks));
	*dmh_blocks_w(st, pos, pos + 1) = *run;
	st->nr_blocks++;
	merge_around(st, pos);
	return 0;
}

/* Make block `id` a run of its own; returns its index or -ENOMEM. */
static long isolate(struct dmh_state *st, uint64_t id)
{
	long i = dmh_block_find(st, id);
	struct dmh_block_run *r;

	if (i < 0)
		return -ENOENT;
	if (st->blocks[i].count == 1)
		return i;
	/* up to two more runs: [first, id) [id] (id, end) */
	if (dmh_grow((void **)&st->blocks, &st->cap_blocks, st->nr_blocks + 2, sizeof(*st->blocks)))
		return -ENOMEM;
	r = dmh_blocks_w(st, (size_t)i, st->nr_blocks + 2);
	if (id > r->first) {
		memmove(r + 1, r, (st->nr_blocks - (size_t)i) * sizeof(*r));
		st->nr_blocks++;
		r[0].count = id - r[0].first;
		r[1].first = id;
		r[1].count -= r[0].count;
		i++;
		r++;
	}
	if (r->count > 1) {
		memmove(r + 1, r, (st->nr_blocks - (size_t)i) * sizeof(*r));
		st->nr_blocks++;
		r[1].first = id + 1;
		r[1].count = r[0].count - 1;
		r[0].count = 1;
	}
	return i;
}

int dmh_block_assign(struct dmh_state *st, uint64_t id, bool online, int zone, int nid)
{
	long i = isolate(st, id);
	struct dmh_block_run *r;

	if (i < 0)
		return (int)i;
	r = dmh_blocks_w(st, (size_t)i, (size_t)i + 1);
	r->online = online;
	r->zone = zone;
	r->nid = nid;
	merge_around(st, (size_t)i);
	return 0;
}

/* Linux 4.9: the zone block id's pages are linked to, and whether the device
 * core still thinks it offline; a negative value keeps what it was */
int dmh_block_set_v4_9(struct dmh_state *st, uint64_t id, int fixed_zone, int dev_offline)
{
	long i = isolate(st, id);
	struct dmh_block_run *r;

	if (i < 0)
		return (int)i;
	r = dmh_blocks_w(st, (size_t)i, (size_t)i + 1);
	if (fixed_zone >= 0) {
		r->zone_fixed = true;
		r->fixed_zone = fixed_zone;
	}
	if (dev_offline >= 0)
		r->dev_offline = dev_offline;
	merge_around(st, (size_t)i);
	return 0;
}

int dmh_block_set(struct dmh_state *st, uint64_t id, bool online, int zone)
{
	long i = dmh_block_find(st, id);

	if (i < 0)
		return -ENOENT;
	return dmh_block_assign(st, id, online, zone, st->blocks[i].nid);
}

int dmh_blocks_remove(struct dmh_state *st, uint64_t first, uint64_t count)
{
	long a, b;

	/* split at both ends, then drop everything in between */
	a = isolate(st, first);
	if (a < 0)
		return (int)a;
	b = isolate(st, first + count - 1);
	if (b < 0)
		return (int)b;
	memmove(dmh_blocks_w(st, (size_t)a, st->nr_blocks), &st->blocks[b + 1],
		(st->nr_blocks - (size_t)b - 1) * sizeof(*st->blocks));
	st->nr_blocks -= (size_t)(b - a + 1);
	return 0;
}

/* Put nid into the sorted set nids[n], if new and there is room. */
static void add_node(int *nids, unsigned int *n, unsigned int max, int nid)
{
	unsigned int i = 0;

	while (i < *n && nids[i] < nid)
		i++;
	if ((i < *n && nids[i] == nid) || *n >= max)
		return;
	memmove(&nids[i + 1], &nids[i], (*n - i) * sizeof(*nids));
	nids[i] = nid;
	(*n)++;
}

uint64_t dmh_blocks_count(const struct dmh_state *st, bool online_only)
{
	uint64_t n = 0;

	for (size_t i = 0; i < st->nr_blocks; i++)
		if (!online_only || st->blocks[i].online)
			n += st->blocks[i].count;
	return n;
}

/*
 * The nodes block `id` is linked to (memoryN/nodeK), lowest first: its own,
 * and for an early block every node whose boot RAM shares it (v6.12
 * drivers/base/node.c register_mem_block_under_node_early() links a block to
 * each node one of its pfns is on).  Returns how many; fills at most max.
 */
unsigned int dmh_block_nodes(const struct devmemhp_machine *m, const struct dmh_state *st,
			     uint64_t id, int *nids, unsigned int max)
{
	const uint64_t bpages = m->block_size >> m->geo.page_shift;
	long k = dmh_block_find(st, id);
	unsigned int n = 0;
	size_t lo = 0, hi = st->nr_ranges;

	if (k < 0)
		return 0;
	add_node(nids, &n, max, st->blocks[k].nid);
	if (!st->blocks[k].early)
		return n;
	/* the first range that ends past the block's start: ranges do not overlap */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (dmh_pfn(m, st->ranges[mid].end - 1) / bpages < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < st->nr_ranges && dmh_pfn(m, st->ranges[i].start) / bpages <= id; i++)
		if (st->ranges[i].kind == DMH_RANGE_BOOT)
			add_node(nids, &n, max, st->ranges[i].nid);
	return n;
}

static void block_info(const struct devmemhp_machine *m, const struct dmh_state *st, uint64_t id,
		       struct devmemhp_memory_block *b)
{
	const struct dmh_block_run *run = &st->blocks[dmh_block_find(st, id)];
	int zones[3];

	memset(b, 0, sizeof(*b));
	b->size = sizeof(*b);
	b->id = id;
	b->start = id * m->block_size;
	b->online = run->online;
	b->nid = run->nid;
	b->zone = dmh_zone_public(run->zone);
	b->nr_valid_zones = dmh_valid_zones(m, st, id, zones);
	for (unsigned int i = 0; i < b->nr_valid_zones; i++)
		b->valid_zones[i] = dmh_zone_public(zones[i]);
	/* v6.1: the legacy "removable" is 1 whenever hot-remove is built in */
	b->removable = !!(m->arch->caps & DEVMEMHP_ARCH_CAP_REMOVE);
	b->nr_vmemmap_pages = run->vmemmap_pages;
	b->early = run->early;
	b->group = run->group;
}

DMH_EXPORT int devmemhp_memory_block_get(const struct devmemhp_machine *m, uint64_t id,
					 struct devmemhp_memory_block *block)
{
	struct devmemhp_memory_block b;
	int rc;

	rc = dmh_api_enter(m, "memory_block_get", DMH_API_SIZED(block, "block"), DMH_API_READ);
	if (rc)
		return rc;
	if (dmh_block_find(m->st, id) < 0)
		rc = -ENOENT;
	else
		block_info(m, m->st, id, &b);
	dmh_api_leave(m, DMH_API_READ);
	if (rc)
		return dmh_miss(m, rc, "memory_block_get: there is no memory%llu",
			       (unsigned long long)id);
	dmh_copy_sized(block, &b, sizeof(b));
	return 0;
}

DMH_EXPORT int devmemhp_memory_block_foreach(const struct devmemhp_machine *m,
					     int (*fn)(const struct devmemhp_memory_block *block,
						       void *data),
					     void *data)
{
	int rc;

	/* The callback runs under the shared lock: it may query, not mutate. */
	rc = dmh_api_enter(m, "memory_block_foreach", !fn ? "fn is NULL" : NULL, DMH_API_READ);
	if (rc)
		return rc;
	for (size_t i = 0; i < m->st->nr_blocks && !rc; i++)
		for (uint64_t id = m->st->blocks[i].first;
		     id < m->st->blocks[i].first + m->st->blocks[i].count && !rc; id++) {
			struct devmemhp_memory_block b;

			block_info(m, m->st, id, &b);
			rc = fn(&b, data);
		}
	dmh_api_leave(m, DMH_API_READ);
	return rc;
}
