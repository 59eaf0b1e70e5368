/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Hot-add, hot-remove, online and offline: one pipeline.
 *
 *   validate (the kernel's order of checks, against the committed state)
 *   -> apply to a clone of the state (resource, sections and memmap, linear
 *      map, memory blocks, zones)
 *   -> commit the clone, or throw it away.
 *
 * Nothing is changed until the commit, so every failure, an allocation
 * failure included, leaves the machine exactly as it was.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "private.h"

#define KERNEL_ATTRS (DMH_PT_RW | DMH_PT_NX | DMH_PT_GLOBAL)

struct txn {
	struct devmemhp_machine *m;
	struct dmh_state *st;
	struct pt_ctx c;
};

static void lock_writer(struct devmemhp_machine *m)
{
	pthread_mutex_lock(&m->write_lock);
}

static void unlock_writer(struct devmemhp_machine *m)
{
	pthread_mutex_unlock(&m->write_lock);
}

/* With the writer lock held: a working copy of the committed state. */
static int txn_begin(struct devmemhp_machine *m, struct txn *t)
{
	t->m = m;
	m->pt_gen++;
	t->st = dmh_state_clone(m->st, m->cfg.nodes);
	if (!t->st)
		return -ENOMEM;
	dmh_pt_ctx_init(m, &t->c, false);
	return 0;
}

static void txn_commit(struct txn *t)
{
	struct devmemhp_machine *m = t->m;
	struct dmh_state *old = m->st;

	pt_seal(&t->c, t->st->pgd);
	pthread_rwlock_wrlock(&m->lock);
	m->st = t->st;
	pthread_rwlock_unlock(&m->lock);
	dmh_state_free(old);
}

static void txn_abort(struct txn *t)
{
	dmh_state_free(t->st);
	t->st = NULL;
}

#define RANGE_FMT "[%#" PRIx64 "-%#" PRIx64 "]"

static int check_range_args(const struct devmemhp_machine *m, const char *op, uint64_t start,
			    uint64_t size)
{
	if (!size)
		return dmh_err(m, -EINVAL, "%s: size is 0", op);
	if (start + size < start)
		return dmh_err(m, -EINVAL, "%s: start %#" PRIx64 " + size %#" PRIx64
			       " overflows 64 bits", op, start, size);
	return 0;
}

static int check_flags(const struct devmemhp_machine *m, const char *op, unsigned int flags)
{
	if (flags & ~DEVICE_MEMORY_ALL)
		return dmh_err(m, -EINVAL, "%s: unknown flag bits %#x", op, flags & ~DEVICE_MEMORY_ALL);
	if (devmemhp_flags_validate(flags))
		return dmh_err(m, -EINVAL, "%s: %s without DEVICE_MEMORY_DEVICE: system RAM never "
			       "takes the device path", op,
			       flags & DEVICE_MEMORY_UNADDRESSABLE ? "DEVICE_MEMORY_UNADDRESSABLE"
								   : "DEVICE_MEMORY_MOVABLE");
	return 0;
}

static uint64_t physmem_end(const struct devmemhp_machine *m)
{
	return m->geo.max_physmem_bits >= 64 ? UINT64_MAX
					     : ((uint64_t)1 << m->geo.max_physmem_bits) - 1;
}

/* mhp_range_allowed(): inside mhp_get_pluggable_range(need_mapping)? */
static bool range_allowed(const struct devmemhp_machine *m, uint64_t start, uint64_t end,
			  bool need_mapping)
{
	uint64_t limit = physmem_end(m);

	if (need_mapping && (m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP))
		limit = DMH_MIN(limit, m->geo.linear_size - 1); /* arch_get_mappable_range() */
	return start < end && end - 1 <= limit;
}

/* mhp_supports_memmap_on_memory() */
static bool memmap_on_memory_ok(const struct devmemhp_machine *m, uint64_t size)
{
	const uint64_t pmd = dmh_level_size(&m->geo, 1);
	uint64_t vmemmap = (size >> m->geo.page_shift) * m->geo.struct_page_size;

	return m->cfg.memmap_on_memory && (m->arch->caps & DEVMEMHP_ARCH_CAP_MEMMAP_ON_MEMORY) &&
	       size == m->block_size && DMH_IS_ALIGNED(vmemmap, pmd) &&
	       DMH_IS_ALIGNED(size - vmemmap, pmd) /* pageblock */;
}

/* ---- add ------------------------------------------------------------------- */

static int add_ram(struct devmemhp_machine *m, int nid, uint64_t start, uint64_t size)
{
	const uint64_t end = start + size, bs = m->block_size;
	const uint64_t altmap = memmap_on_memory_ok(m, size) ? size >> m->geo.page_shift : 0;
	const struct dmh_state *cur = m->st;
	struct dmh_range r = { .start = start, .end = end, .nid = nid, .kind = DMH_RANGE_RAM,
			       .attrs = KERNEL_ATTRS };
	struct dmh_block_run run;
	struct dmh_group g = { 0 };
	struct txn t;
	uint64_t used = 0;
	int rc;

	/* __add_memory(): register_memory_resource() first */
	if (!range_allowed(m, start, end, true))
		return dmh_err(m, -E2BIG, "add_memory: " RANGE_FMT " exceeds the maximum addressable "
			       "range [0-%#" PRIx64 "]", start, end - 1,
			       DMH_MIN(physmem_end(m), m->geo.linear_size - 1));
	if (dmh_region_available(&cur->iomem, start, size))
		return dmh_err(m, -EEXIST, "add_memory: " RANGE_FMT " cannot be reserved as System "
			       "RAM: it conflicts with a busy resource or leaves iomem (phys_bits=%u)",
			       start, end - 1, m->geo.phys_bits);
	/* add_memory_resource() */
	if (!DMH_IS_ALIGNED(start, bs) || !DMH_IS_ALIGNED(size, bs))
		return dmh_err(m, -EINVAL, "add_memory: Block size [%#" PRIx64 "] unaligned hotplug "
			       "range: start %#" PRIx64 ", size %#" PRIx64, bs, start, size);
	if (nid < 0 || nid >= (int)m->cfg.nodes)
		return dmh_err(m, -EINVAL, "add_memory: node %d is not possible (nodes=%u)", nid,
			       m->cfg.nodes);
	if (dmh_sparse_overlaps(m, cur, start, end))
		return dmh_err(m, -EEXIST, "add_memory: " RANGE_FMT " overlaps present sections",
			       start, end - 1);

	rc = txn_begin(m, &t);
	if (!rc) {
		g = (struct dmh_group){ .id = t.st->next_group_id++, .nid = nid,
					.max_pages = size >> m->geo.page_shift };
		r.group = g.id;
		rc = dmh_request_region(&t.st->iomem, start, size, "System RAM",
					DMH_IORESOURCE_SYSRAM, DMH_IORES_DESC_NONE, NULL);
	}
	if (!rc)
		rc = dmh_grow((void **)&t.st->groups, &t.st->cap_groups, t.st->nr_groups + 1,
			      sizeof(g));
	if (!rc) {
		t.st->groups[t.st->nr_groups++] = g;
		/* arch_add_memory(): init_memory_mapping(), then add_pages() */
		rc = dmh_linear_map(m, t.st, &t.c, start, end, KERNEL_ATTRS);
	}
	if (!rc)
		rc = dmh_sparse_add(m, t.st, &t.c, start, end, altmap, &used);
	if (!rc) {
		r.vmemmap_pages = used;
		rc = dmh_range_insert(t.st, &r);
	}
	if (!rc) {
		if ((m->arch->caps & DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN) &&
		    dmh_pfn(m, end) > t.st->max_pfn) /* update_end_of_memory_vars() */
			t.st->max_pfn = dmh_pfn(m, end);
		/* create_memory_block_devices(), offline */
		run = (struct dmh_block_run){ .first = start / bs, .count = size / bs, .online = false,
					      .zone = DMH_ZONE_NONE, .nid = nid, .vmemmap_pages = used,
					      .group = g.id };
		rc = dmh_blocks_add(t.st, &run);
	}
	/* online pages if requested (mhp_default_online_type) */
	for (uint64_t id = start / bs; !rc && m->cfg.online_type != DMH_MMOP_OFFLINE && id < end / bs;
	     id++)
		rc = dmh_online_block(m, t.st, id, m->cfg.online_type, NULL);
	if (rc) {
		if (t.st)
			txn_abort(&t);
		return dmh_err(m, rc, "add_memory: " RANGE_FMT ": %s", start, end - 1, strerror(-rc));
	}
	txn_commit(&t);
	dmh_dbg(m, "added System RAM " RANGE_FMT " node %d, %" PRIu64 " block(s)%s", start, end - 1,
		nid, size / bs, used ? ", memmap on memory" : "");
	return 0;
}

static const char *device_name(unsigned int flags)
{
	if (flags & DEVICE_MEMORY_UNADDRESSABLE)
		return "Device Private Memory";
	if (flags & DEVICE_MEMORY_MOVABLE)
		return "Device Coherent Memory";
	return "Device Memory";
}

static int add_device(struct devmemhp_machine *m, int nid, uint64_t start, uint64_t size,
		      unsigned int flags)
{
	const uint64_t end = start + size, sub = dmh_subsection_size(m);
	const bool private = flags & DEVICE_MEMORY_UNADDRESSABLE;
	const struct dmh_state *cur = m->st;
	struct dmh_range r = { .start = start, .end = end, .flags = flags, .kind = DMH_RANGE_DEVICE,
			       .attrs = KERNEL_ATTRS };
	long hit;
	struct txn t;
	int rc;

	if (nid == -1) /* memremap_pages(): NUMA_NO_NODE means the local node */
		nid = 0;
	if (nid < 0 || nid >= (int)m->cfg.nodes)
		return dmh_err(m, -EINVAL, "add_memory: node %d is not possible (nodes=%u)", nid,
			       m->cfg.nodes);
	r.nid = nid;
	/* pagemap_range() */
	hit = dmh_range_find(cur, start);
	if (hit < 0)
		hit = dmh_range_find(cur, end - 1);
	if (hit >= 0 && cur->ranges[hit].kind == DMH_RANGE_DEVICE)
		return dmh_err(m, -ENOMEM, "add_memory: " RANGE_FMT ": Conflicting mapping in same "
			       "section (device memory " RANGE_FMT ")", start, end - 1,
			       cur->ranges[hit].start, cur->ranges[hit].end - 1);
	if (dmh_region_intersects(&cur->iomem, start, end - 1, DMH_IORESOURCE_SYSTEM_RAM))
		return dmh_err(m, -ENXIO, "add_memory: " RANGE_FMT ": device memory attempted on a "
			       "System RAM region", start, end - 1);
	if (!range_allowed(m, start, end, !private))
		return dmh_err(m, -EINVAL, "add_memory: " RANGE_FMT " exceeds the maximum addressable "
			       "range [0-%#" PRIx64 "]", start, end - 1,
			       private ? physmem_end(m)
				       : DMH_MIN(physmem_end(m), m->geo.linear_size - 1));
	/* the backend: arch_add_memory(), or add_pages() for unaddressable memory */
	if (!(m->arch->caps & DEVMEMHP_ARCH_CAP_DEVICE))
		return dmh_err(m, -EOPNOTSUPP, "add_memory: %s has no ZONE_DEVICE", m->arch->name);
	if (private && !(m->arch->caps & DEVMEMHP_ARCH_CAP_UNADDRESSABLE))
		return dmh_err(m, -EINVAL, "add_memory: %s cannot add unaddressable device memory",
			       m->arch->name);
	if (!DMH_IS_ALIGNED(start, sub) || !DMH_IS_ALIGNED(size, sub)) /* check_pfn_span() */
		return dmh_err(m, -EINVAL, "add_memory: Misaligned __add_pages start: %#" PRIx64
			       " end: %#" PRIx64 " (device memory needs %#" PRIx64 " alignment)",
			       dmh_pfn(m, start), dmh_pfn(m, end) - 1, sub);
	if (dmh_sparse_overlaps(m, cur, start, end)) /* fill_subsection_map() */
		return dmh_err(m, -EEXIST, "add_memory: " RANGE_FMT ": subsections already present",
			       start, end - 1);
	if (dmh_region_available(&cur->iomem, start, size))
		return dmh_err(m, -EEXIST, "add_memory: " RANGE_FMT " cannot be reserved: it "
			       "conflicts with a busy resource or leaves iomem (phys_bits=%u)",
			       start, end - 1, m->geo.phys_bits);

	rc = txn_begin(m, &t);
	if (!rc)
		rc = dmh_request_region(&t.st->iomem, start, size, device_name(flags), 0,
					private ? DMH_IORES_DESC_DEVICE_PRIVATE_MEMORY
						: DMH_IORES_DESC_NONE, NULL);
	if (!rc && !private)
		rc = dmh_linear_map(m, t.st, &t.c, start, end, r.attrs);
	if (!rc)
		rc = dmh_sparse_add(m, t.st, &t.c, start, end, 0, NULL);
	if (!rc)
		rc = dmh_range_insert(t.st, &r);
	if (!rc) /* move_pfn_range_to_zone(ZONE_DEVICE); max_pfn stays (params->pgmap) */
		rc = dmh_zone_add_device(m, t.st, nid, dmh_pfn(m, start), size >> m->geo.page_shift);
	if (rc) {
		if (t.st)
			txn_abort(&t);
		return dmh_err(m, rc, "add_memory: " RANGE_FMT ": %s", start, end - 1, strerror(-rc));
	}
	txn_commit(&t);
	dmh_dbg(m, "added device memory " RANGE_FMT " node %d%s", start, end - 1, nid,
		private ? ", unaddressable" : "");
	return 0;
}

DMH_EXPORT int devmemhp_add_memory(struct devmemhp_machine *m, int nid, uint64_t start,
				   uint64_t size, unsigned int flags)
{
	int rc;

	if (!m)
		return dmh_err(NULL, -EINVAL, "add_memory: no machine");
	rc = check_flags(m, "add_memory", flags);
	if (!rc)
		rc = check_range_args(m, "add_memory", start, size);
	if (rc)
		return rc;
	lock_writer(m);
	rc = flags & DEVICE_MEMORY_DEVICE ? add_device(m, nid, start, size, flags)
					  : add_ram(m, nid, start, size);
	unlock_writer(m);
	return rc;
}

/* ---- remove ------------------------------------------------------------------ */

static int find_added_range(const struct devmemhp_machine *m, const char *op, uint64_t start,
			    uint64_t end, long *index)
{
	const struct dmh_state *st = m->st;

	for (size_t i = 0; i < st->nr_ranges; i++) {
		const struct dmh_range *r = &st->ranges[i];

		if (r->end <= start || r->start >= end)
			continue;
		if (r->kind == DMH_RANGE_BOOT)
			return dmh_err(m, -EINVAL, "%s: " RANGE_FMT " is boot memory, which the model "
				       "does not hot-remove", op, start, end - 1);
		if (r->start != start || r->end != end)
			return dmh_err(m, -EINVAL, "%s: " RANGE_FMT " is not the added range " RANGE_FMT
				       ": remove exactly what was added", op, start, end - 1,
				       r->start, r->end - 1);
		*index = (long)i;
		return 0;
	}
	return dmh_err(m, -ENOENT, "%s: nothing was added at " RANGE_FMT, op, start, end - 1);
}

static int remove_locked(struct devmemhp_machine *m, uint64_t start, uint64_t end,
			 unsigned int flags)
{
	const uint64_t bs = m->block_size;
	struct dmh_range r;
	struct txn t;
	long i = -1, res;
	int rc;

	rc = find_added_range(m, "remove_memory", start, end, &i);
	if (rc)
		return rc;
	r = m->st->ranges[i];
	if (r.flags != flags) {
		char want[64], got[64];

		devmemhp_flags_to_string(r.flags, want, sizeof(want));
		devmemhp_flags_to_string(flags, got, sizeof(got));
		return dmh_err(m, -EINVAL, "remove_memory: " RANGE_FMT " was added as %s, not %s",
			       start, end - 1, want, got);
	}
	if (!(m->arch->caps & DEVMEMHP_ARCH_CAP_REMOVE))
		return dmh_err(m, -EBUSY, "remove_memory: %s cannot hot-remove memory", m->arch->name);
	if (r.kind == DMH_RANGE_RAM) {
		for (uint64_t id = start / bs; id < end / bs; id++) {
			long b = dmh_block_find(m->st, id);

			if (b >= 0 && m->st->blocks[b].online)
				return dmh_err(m, -EBUSY, "remove_memory: removing memory fails, because "
					       "memory [%#" PRIx64 "-%#" PRIx64 "] (memory%" PRIu64
					       ") is onlined", id * bs, (id + 1) * bs - 1, id);
		}
	}

	rc = txn_begin(m, &t);
	if (!rc && r.kind == DMH_RANGE_RAM)
		rc = dmh_blocks_remove(t.st, start / bs, (end - start) / bs);
	/* arch_remove_memory(): __remove_pages(), then the linear map */
	if (!rc)
		rc = dmh_sparse_remove(m, t.st, &t.c, start, end);
	if (!rc && !(r.flags & DEVICE_MEMORY_UNADDRESSABLE))
		rc = dmh_linear_unmap(m, t.st, &t.c, start, end);
	if (!rc) {
		res = dmh_find_resource(&t.st->iomem, start, end - 1, NULL);
		if (res >= 0)
			dmh_release_resource(&t.st->iomem, (size_t)res);
		dmh_range_delete(t.st, (size_t)i);
		for (size_t g = 0; g < t.st->nr_groups; g++)
			if (r.group && t.st->groups[g].id == r.group) {
				memmove(&t.st->groups[g], &t.st->groups[g + 1],
					(t.st->nr_groups - g - 1) * sizeof(*t.st->groups));
				t.st->nr_groups--;
				break;
			}
	}
	if (rc) {
		if (t.st)
			txn_abort(&t);
		return dmh_err(m, rc, "remove_memory: " RANGE_FMT ": %s", start, end - 1, strerror(-rc));
	}
	txn_commit(&t);
	dmh_dbg(m, "removed " RANGE_FMT, start, end - 1);
	return 0;
}

DMH_EXPORT int devmemhp_remove_memory(struct devmemhp_machine *m, uint64_t start, uint64_t size,
				      unsigned int flags)
{
	int rc;

	if (!m)
		return dmh_err(NULL, -EINVAL, "remove_memory: no machine");
	rc = check_flags(m, "remove_memory", flags);
	if (!rc)
		rc = check_range_args(m, "remove_memory", start, size);
	if (rc)
		return rc;
	lock_writer(m);
	rc = remove_locked(m, start, start + size, flags);
	unlock_writer(m);
	return rc;
}

/* ---- online / offline ------------------------------------------------------------ */

/* The blocks of [start, end): every one must exist and be RAM. */
static int check_blocks(const struct devmemhp_machine *m, const char *op, uint64_t start,
			uint64_t end)
{
	const uint64_t bs = m->block_size;

	if (!DMH_IS_ALIGNED(start, bs) || !DMH_IS_ALIGNED(end, bs))
		return dmh_err(m, -EINVAL, "%s: " RANGE_FMT " is not aligned to the memory block size "
			       "%#" PRIx64, op, start, end - 1, bs);
	for (size_t i = 0; i < m->st->nr_ranges; i++) {
		const struct dmh_range *r = &m->st->ranges[i];

		if (r->kind == DMH_RANGE_DEVICE && r->start < end && start < r->end)
			return dmh_err(m, -EINVAL, "%s: " RANGE_FMT " is device memory (ZONE_DEVICE), "
				       "which has no memory blocks and is never onlined", op,
				       r->start, r->end - 1);
	}
	for (uint64_t id = start / bs; id < end / bs; id++)
		if (dmh_block_find(m->st, id) < 0)
			return dmh_err(m, -ENOENT, "%s: there is no memory block %" PRIu64
				       " [%#" PRIx64 "-%#" PRIx64 "]", op, id, id * bs,
				       (id + 1) * bs - 1);
	return 0;
}

static int online_type_for(const struct devmemhp_machine *m, enum devmemhp_zone zone, int *type)
{
	switch (zone) {
	case DEVMEMHP_ZONE_AUTO:
		*type = DMH_MMOP_ONLINE;
		return 0;
	case DEVMEMHP_ZONE_MOVABLE:
		*type = DMH_MMOP_ONLINE_MOVABLE;
		return 0;
	case DEVMEMHP_ZONE_DMA:
	case DEVMEMHP_ZONE_DMA32:
	case DEVMEMHP_ZONE_NORMAL:
		*type = DMH_MMOP_ONLINE_KERNEL;
		return 0;
	case DEVMEMHP_ZONE_HIGHMEM:
		return dmh_err(m, -EINVAL, "online_memory: hot-added memory is never onlined to "
			       "HighMem (default_kernel_zone_for_pfn() stops at Normal)");
	case DEVMEMHP_ZONE_DEVICE:
		return dmh_err(m, -EINVAL, "online_memory: ZONE_DEVICE memory is never onlined");
	default:
		return dmh_err(m, -EINVAL, "online_memory: zone %d is not a zone to online to",
			       (int)zone);
	}
}

static int online_locked(struct devmemhp_machine *m, uint64_t start, uint64_t end,
			 enum devmemhp_zone zone)
{
	const uint64_t bs = m->block_size;
	struct txn t;
	int type = DMH_MMOP_ONLINE, rc;

	rc = online_type_for(m, zone, &type);
	if (!rc)
		rc = check_blocks(m, "online_memory", start, end);
	if (rc)
		return rc;
	for (uint64_t id = start / bs; id < end / bs; id++)
		if (m->st->blocks[dmh_block_find(m->st, id)].online)
			return dmh_err(m, -EINVAL, "online_memory: memory%" PRIu64 " is already online",
				       id);
	rc = txn_begin(m, &t);
	for (uint64_t id = start / bs; !rc && id < end / bs; id++) {
		int got;

		rc = dmh_online_block(m, t.st, id, type, &got);
		if (!rc && type == DMH_MMOP_ONLINE_KERNEL && zone != DEVMEMHP_ZONE_NORMAL &&
		    got != (int)zone) {
			txn_abort(&t);
			return dmh_err(m, -EINVAL, "online_memory: memory%" PRIu64 " would be onlined "
				       "to %s, not %s (online_kernel picks the lowest kernel zone "
				       "the block touches)", id,
				       devmemhp_zone_name((enum devmemhp_zone)got),
				       devmemhp_zone_name(zone));
		}
	}
	if (rc) {
		if (t.st)
			txn_abort(&t);
		return dmh_err(m, rc, "online_memory: " RANGE_FMT ": %s", start, end - 1, strerror(-rc));
	}
	txn_commit(&t);
	return 0;
}

DMH_EXPORT int devmemhp_online_memory(struct devmemhp_machine *m, uint64_t start, uint64_t size,
				      enum devmemhp_zone zone)
{
	int rc;

	if (!m)
		return dmh_err(NULL, -EINVAL, "online_memory: no machine");
	rc = check_range_args(m, "online_memory", start, size);
	if (rc)
		return rc;
	lock_writer(m);
	rc = online_locked(m, start, start + size, zone);
	unlock_writer(m);
	return rc;
}

static int offline_locked(struct devmemhp_machine *m, uint64_t start, uint64_t end)
{
	const uint64_t bs = m->block_size;
	struct txn t;
	int rc;

	rc = check_blocks(m, "offline_memory", start, end);
	if (rc)
		return rc;
	for (uint64_t id = start / bs; id < end / bs; id++) {
		const struct dmh_block_run *b = &m->st->blocks[dmh_block_find(m->st, id)];

		if (!b->online)
			return dmh_err(m, -EINVAL, "offline_memory: memory%" PRIu64 " is already "
				       "offline", id);
		if (b->zone == DMH_ZONE_NONE)
			return dmh_err(m, -EINVAL, "offline_memory: memory%" PRIu64 " spans more than "
				       "one zone and cannot be offlined", id);
	}
	rc = txn_begin(m, &t);
	for (uint64_t id = start / bs; !rc && id < end / bs; id++) {
		rc = dmh_offline_block(m, t.st, id);
		if (rc == -EINVAL) {
			txn_abort(&t);
			return dmh_err(m, rc, "offline_memory: memory%" PRIu64 ": memory offlining "
				       "[mem %#010" PRIx64 "-%#010" PRIx64 "] failed due to memory "
				       "holes", id, id * bs, (id + 1) * bs - 1);
		}
	}
	if (rc) {
		if (t.st)
			txn_abort(&t);
		return dmh_err(m, rc, "offline_memory: " RANGE_FMT ": %s", start, end - 1, strerror(-rc));
	}
	txn_commit(&t);
	return 0;
}

DMH_EXPORT int devmemhp_offline_memory(struct devmemhp_machine *m, uint64_t start, uint64_t size)
{
	int rc;

	if (!m)
		return dmh_err(NULL, -EINVAL, "offline_memory: no machine");
	rc = check_range_args(m, "offline_memory", start, size);
	if (rc)
		return rc;
	lock_writer(m);
	rc = offline_locked(m, start, start + size);
	unlock_writer(m);
	return rc;
}

/* ---- placement ---------------------------------------------------------------------- */

/* kernel/resource.c: get_free_mem_region(GFR_DESCENDING), as request_free_mem_region() */
DMH_EXPORT int devmemhp_find_free_region(struct devmemhp_machine *m, uint64_t size, uint64_t *start)
{
	const uint64_t align = m ? dmh_section_size(m) : 0;
	uint64_t top, addr;
	int rc = -ERANGE;

	if (!m)
		return dmh_err(NULL, -EINVAL, "find_free_region: no machine");
	if (!start)
		return dmh_err(m, -EINVAL, "find_free_region: start is NULL");
	if (!size)
		return dmh_err(m, -EINVAL, "find_free_region: size is 0");
	if (size > UINT64_MAX - align)
		return dmh_err(m, -ERANGE, "find_free_region: size %#" PRIx64 " is too large", size);
	size = DMH_ALIGN_UP(size, align);
	pthread_rwlock_rdlock(&m->lock);
	top = DMH_MIN(m->st->iomem.root_end, physmem_end(m));
	if (size - 1 <= top) {
		for (addr = top - size + 1; addr > size; addr -= size) {
			if (!dmh_region_busy(&m->st->iomem, addr, addr + size - 1)) {
				*start = addr;
				rc = 0;
				break;
			}
		}
	}
	pthread_rwlock_unlock(&m->lock);
	if (rc)
		return dmh_err(m, rc, "find_free_region: no free %#" PRIx64 " bytes below %#" PRIx64,
			       size, top);
	return 0;
}
