/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Memory groups (drivers/base/memory.c: memory_group_register_static(),
 * memory_group_register_dynamic(), v6.1).  The auto-movable policy decides
 * for a whole static group, and per unit within a dynamic one.  A plain
 * hot-add gets a static group of its own, as an ACPI memory device does.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "api.h"
#include "group.h"
#include "machine.h"
#include "private.h"
#include "state.h"
#include "txn.h"

static long group_index(const struct dmh_state *st, uint64_t id)
{
	for (size_t i = 0; id && i < st->nr_groups; i++)
		if (st->groups[i].id == id)
			return (long)i;
	return -1;
}

const struct dmh_group *dmh_group_find(const struct dmh_state *st, uint64_t id)
{
	long i = group_index(st, id);

	return i < 0 ? NULL : &st->groups[i];
}

struct dmh_group *dmh_group_find_w(struct dmh_state *st, uint64_t id)
{
	long i = group_index(st, id);

	return i < 0 ? NULL : dmh_groups_w(st, (size_t)i, (size_t)i + 1);
}

int dmh_group_add(struct dmh_state *st, const struct dmh_group *g, uint64_t *id)
{
	struct dmh_group *n;

	if (dmh_grow((void **)&st->groups, &st->cap_groups, st->nr_groups + 1, sizeof(*g)))
		return -ENOMEM;
	n = dmh_groups_w(st, st->nr_groups, st->nr_groups + 1);
	*n = *g;
	n->id = st->next_group_id++;
	*id = n->id;
	st->nr_groups++;
	return 0;
}

void dmh_group_delete(struct dmh_state *st, uint64_t id)
{
	for (size_t i = 0; i < st->nr_groups; i++)
		if (st->groups[i].id == id) {
			memmove(dmh_groups_w(st, i, st->nr_groups), &st->groups[i + 1],
				(st->nr_groups - i - 1) * sizeof(*st->groups));
			st->nr_groups--;
			return;
		}
}

DMH_EXPORT int devmemhp_memory_group_new(struct devmemhp_machine *m, int nid, int dynamic,
					 uint64_t bytes, uint64_t *id)
{
	struct dmh_group g = { .nid = nid, .dynamic = !!dynamic };
	uint64_t pages, block_pages;
	struct dmh_txn t;
	int rc;

	rc = dmh_api_enter(m, "memory_group_new", !id ? "id is NULL" : NULL, DMH_API_NONE);
	if (rc)
		return rc;
	if (nid < 0 || nid >= (int)m->cfg.nodes)
		return dmh_err(m, -EINVAL, "memory_group_new: node %d is not possible (nodes=%u)", nid,
			       m->cfg.nodes);
	pages = bytes >> m->geo.page_shift;
	block_pages = m->block_size >> m->geo.page_shift;
	if (dynamic && (!pages || (pages & (pages - 1)) || pages < block_pages))
		return dmh_err(m, -EINVAL, "memory_group_new: a dynamic group's unit %#" PRIx64
			       " must be a power of two of at least the block size %#" PRIx64,
			       bytes, m->block_size);
	if (!dynamic && !pages)
		return dmh_err(m, -EINVAL, "memory_group_new: a static group needs a size");
	if (dynamic)
		g.unit_pages = pages;
	else
		g.max_pages = pages;
	dmh_writer_lock(m);
	rc = dmh_txn_begin(m, &t);
	if (!rc)
		rc = dmh_group_add(t.st, &g, id);
	if (!rc)
		rc = dmh_txn_commit(&t);
	if (rc)
		dmh_txn_abort(&t);
	dmh_writer_unlock(m);
	return rc ? dmh_err(m, rc, "memory_group_new: out of memory") : 0;
}

DMH_EXPORT int devmemhp_memory_group_remove(struct devmemhp_machine *m, uint64_t id)
{
	const struct dmh_group *g;
	struct dmh_txn t;
	int rc;

	rc = dmh_api_enter(m, "memory_group_remove", NULL, DMH_API_WRITE);
	if (rc)
		return rc;
	g = dmh_group_find(m->st, id);
	if (!g || g->implicit) {
		rc = dmh_err(m, -ENOENT, "memory_group_remove: no memory group %" PRIu64
			     " was made with memory_group_new", id);
	} else {
		for (size_t i = 0; i < m->st->nr_blocks && !rc; i++)
			if (m->st->blocks[i].group == id)
				rc = dmh_err(m, -EBUSY, "memory_group_remove: memory%" PRIu64
					     " still belongs to group %" PRIu64,
					     m->st->blocks[i].first, id);
	}
	if (!rc) {
		rc = dmh_txn_begin(m, &t);
		if (!rc) {
			dmh_group_delete(t.st, id);
			rc = dmh_txn_commit(&t);
		}
		if (rc) {
			dmh_txn_abort(&t);
			rc = dmh_err(m, rc, "memory_group_remove: out of memory");
		}
	}
	dmh_api_leave(m, DMH_API_WRITE);
	return rc;
}
