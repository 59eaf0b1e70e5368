/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Hot-add, hot-remove, online and offline: one pipeline.
 *
 *   validate (the kernel's order of checks, against the committed state)
 *   -> apply to a clone of the state (resource, sections and memmap, linear
 *      map, memory blocks, zones)
 *   -> commit the clone, or throw it away (txn.c).
 *
 * Nothing is changed until the commit, so every failure, an allocation
 * failure included, leaves the machine exactly as it was.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "api.h"
#include "accounting.h"
#include "group.h"
#include "hotplug.h"
#include "kernel.h"
#include "linear.h"
#include "machine.h"
#include "memory_block.h"
#include "pgtable.h"
#include "private.h"
#include "resource.h"
#include "size.h"
#include "sparse.h"
#include "state.h"
#include "txn.h"
#include "zone.h"
#include "zone_v4_9.h"

#define KERNEL_ATTRS (DMH_PT_RW | DMH_PT_NX | DMH_PT_GLOBAL)
#define RANGE_FMT "[%#" PRIx64 "-%#" PRIx64 "]"

#define RAM_ONLY_OPTIONS                                                                  \
	(DEVMEMHP_ADD_DRIVER_MANAGED | DEVMEMHP_ADD_MERGE_RESOURCE |                     \
	 DEVMEMHP_ADD_MEMMAP_ON_MEMORY | DEVMEMHP_ADD_NO_MEMMAP_ON_MEMORY |               \
	 DEVMEMHP_ADD_NO_GROUP | DEVMEMHP_ADD_NO_ONLINE)
#define ALL_OPTIONS (RAM_ONLY_OPTIONS | DEVMEMHP_ADD_NO_RESOURCE)

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

/* mhp_get_pluggable_range(): below MAX_PHYSMEM_BITS and, for memory that
 * gets mapped, in arch_get_mappable_range(), the linear map's reach.  An
 * architecture with highmem maps what lies beyond it nowhere instead.  With
 * a vmemmap, never below phys_offset, mapped or not: pfn_to_page() of a pfn
 * there lies below the vmemmap's start, where the model has no memmap and
 * arm64's vmemmap_populate() WARNs (an unaddressable add at 0 on arm64 or
 * riscv64 once got a memmap that no count and no view saw). */
static void pluggable_range(const struct devmemhp_machine *m, bool need_mapping, uint64_t *lo,
			    uint64_t *hi)
{
	*lo = m->geo.vmemmap_base ? m->geo.phys_offset : 0;
	*hi = physmem_end(m);
	if (need_mapping && (m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP) &&
	    !m->geo.zone_highmem_start) {
		*lo = m->geo.phys_offset;
		*hi = DMH_MIN(*hi, m->geo.phys_offset + (m->geo.linear_size - 1));
	}
}

/* mhp_range_allowed() */
static bool range_allowed(const struct devmemhp_machine *m, uint64_t start, uint64_t end,
			  bool need_mapping)
{
	uint64_t lo, hi;

	pluggable_range(m, need_mapping, &lo, &hi);
	return start < end && start >= lo && end - 1 <= hi;
}

static int range_refused(const struct devmemhp_machine *m, int rc, uint64_t start, uint64_t end,
			 bool need_mapping)
{
	uint64_t lo, hi;

	pluggable_range(m, need_mapping, &lo, &hi);
	return dmh_err(m, rc, "add_memory: Hotplug memory [%#" PRIx64 "-%#" PRIx64 "] exceeds "
		       "maximum addressable range [%#" PRIx64 "-%#" PRIx64 "]", start, end, lo, hi);
}

/*
 * mhp_supports_memmap_on_memory() of the machine's kernel, for a RAM add of
 * `size` bytes: true, and the pages each altmap offers (altmap.free), when
 * the memmap goes on the range itself; false and why not otherwise.
 *   v6.1:  one altmap, and only for an add of exactly one memory block whose
 *          memmap fills whole PMDs and leaves whole pageblocks after it;
 *   v6.12: an altmap per memory block of any add (create_altmaps_and_memory_
 *          blocks()), the memmap of one block in whole pages and pageblocks
 *          (memory_block_memmap_on_memory_pages(), padded under force), not
 *          the whole block, and whole PMDs (x86's arch_supports_memmap_on_memory()).
 * Pageblocks are PMD-sized (pageblock_order = HUGETLB_PAGE_ORDER).
 */
bool dmh_memmap_on_memory(const struct devmemhp_machine *m, uint64_t size, uint64_t *free_pages,
			  char *why, size_t len)
{
	const struct dmh_kernel *k = m->kernel;
	const uint64_t psz = dmh_page_size(m), pmd = dmh_level_size(&m->geo, 1);
	const uint64_t pageblock = pmd >> m->geo.page_shift;
	const uint64_t block_pages = m->block_size >> m->geo.page_shift;
	uint64_t vmemmap, pages;
	char scratch[8], a[DMH_SIZE_BUF], b[DMH_SIZE_BUF];

	if (!why) {
		why = scratch;
		len = sizeof(scratch);
	}
	if (!(m->arch->caps & DEVMEMHP_ARCH_CAP_MEMMAP_ON_MEMORY)) {
		snprintf(why, len, "%s cannot put the memmap on hot-added memory", m->arch->name);
		return false;
	}
	if (k->memmap_on_memory == DMH_MOM_NONE) {
		snprintf(why, len, "Linux %s has no memmap_on_memory (it came with 5.12)", k->name);
		return false;
	}
	if (m->cfg.memmap_on_memory == DMH_MOM_OFF) {
		snprintf(why, len, "memory_hotplug.memmap_on_memory is off");
		return false;
	}
	if (m->cfg.memmap_on_memory == DMH_MOM_FORCE && !k->memmap_force) {
		/* v6.1: a bool parameter; parse_args() refuses "force" and it stays N */
		snprintf(why, len, "memory_hotplug.memmap_on_memory=force is no value of Linux %s's "
			 "bool parameter: it stays off", k->name);
		return false;
	}
	if (k->memmap_on_memory == DMH_MOM_SINGLE_BLOCK) {
		vmemmap = (size >> m->geo.page_shift) * m->geo.struct_page_size;
		dmh_format_size(size, a, sizeof(a));
		dmh_format_size(m->block_size, b, sizeof(b));
		if (size != m->block_size)
			snprintf(why, len, "the range is %s, not one memory block of %s (Linux %s's "
				 "mhp_supports_memmap_on_memory())", a, b, k->name);
		else if (!DMH_IS_ALIGNED(vmemmap, pmd))
			snprintf(why, len, "its memmap of %s is not a multiple of %s (PMD_SIZE)",
				 (dmh_format_size(vmemmap, a, sizeof(a)), a),
				 (dmh_format_size(pmd, b, sizeof(b)), b));
		else if (!DMH_IS_ALIGNED(size - vmemmap, pmd))
			snprintf(why, len, "the memory after its memmap is not pageblock aligned");
		else {
			snprintf(why, len, "Linux %s's mhp_supports_memmap_on_memory(): one memory "
				 "block, its memmap of %s at its start, in whole PMDs", k->name,
				 dmh_size_text(vmemmap, a, sizeof(a)));
			*free_pages = size >> m->geo.page_shift;
			return true;
		}
		return false;
	}
	vmemmap = block_pages * m->geo.struct_page_size; /* memory_block_memmap_size() */
	pages = DMH_ALIGN_UP(vmemmap, psz) >> m->geo.page_shift;
	if (m->cfg.memmap_on_memory == DMH_MOM_FORCE)
		pages = DMH_ALIGN_UP(pages, pageblock);
	dmh_format_size(vmemmap, a, sizeof(a));
	dmh_format_size(pmd, b, sizeof(b));
	if (!DMH_IS_ALIGNED(vmemmap, psz))
		snprintf(why, len, "a memory block's memmap of %s is not whole pages", a);
	else if (!DMH_IS_ALIGNED(pages, pageblock))
		snprintf(why, len, "a memory block's memmap of %" PRIu64 " pages is not whole "
			 "pageblocks of %" PRIu64 " (memmap_on_memory=force pads it)", pages, pageblock);
	else if (pages == block_pages)
		snprintf(why, len, "a memory block's memmap would fill the whole block");
	else if (!DMH_IS_ALIGNED(vmemmap, pmd))
		snprintf(why, len, "a memory block's memmap of %s is not a multiple of %s (PMD_SIZE)",
			 a, b);
	else {
		/* v6.12 mm/memory_hotplug.c create_altmaps_and_memory_blocks() */
		snprintf(why, len, "Linux %s puts each memory block's memmap (%s) at its start, "
			 "the %s after it stays free (an altmap per block)", k->name,
			 dmh_size_text(pages << m->geo.page_shift, a, sizeof(a)),
			 dmh_size_text(m->block_size - (pages << m->geo.page_shift), b, sizeof(b)));
		*free_pages = pages;
		return true;
	}
	return false;
}

/* try_offline_node(): a node with nothing left goes offline. */
static void try_offline_node(struct dmh_state *st, int nid)
{
	for (size_t i = 0; i < st->nr_ranges; i++)
		if (st->ranges[i].nid == nid && st->ranges[i].kind == DMH_RANGE_BOOT)
			return; /* boot memory: the node has CPUs and stays */
	for (int z = 0; z < DMH_NR_ZONES; z++)
		if (dmh_zone(st, nid, z)->spanned) /* node_spanned_pages(), ZONE_DEVICE too */
			return;
	for (size_t i = 0; i < st->nr_blocks; i++)
		if (st->blocks[i].nid == nid)
			return;
	st->node_online[nid] = false;
}

/* ---- the architecture's say: arch_add_memory() ------------------------------------ */

/* x86's update_end_of_memory_vars() raises max_pfn for RAM; arm64 v6.1.192
 * raises it after every arch_add_memory(), riscv sets max_pfn =
 * PFN_UP(start + size). */
static void set_max_pfn(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t end,
			bool device)
{
	if ((m->arch->caps & (device ? DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN_DEVICE
				     : DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN)) &&
	    dmh_pfn(m, end) > st->max_pfn)
		st->max_pfn = dmh_pfn(m, end);
	if (m->arch->caps & DEVMEMHP_ARCH_CAP_SET_MAX_PFN)
		st->max_pfn = dmh_pfn(m, DMH_ALIGN_UP(end, dmh_page_size(m)));
}

static int plan_zone_span(void *ctx, int nid, enum devmemhp_zone zone, uint64_t *start_pfn,
			  uint64_t *end_pfn)
{
	const struct devmemhp_machine *m = ctx;
	const struct dmh_zone *z;

	if (nid < 0 || nid >= (int)m->cfg.nodes || (unsigned int)zone >= DMH_NR_ZONES ||
	    !start_pfn || !end_pfn)
		return -EINVAL;
	z = dmh_zone(m->st, nid, (int)zone);
	if (!z->spanned)
		return -ENOENT;
	*start_pfn = z->start_pfn;
	*end_pfn = z->start_pfn + z->spanned;
	return 0;
}

/* Ask the backend what its arch_add_memory() does with [start, end). */
static int arch_plan(const struct devmemhp_machine *m, uint64_t start, uint64_t end,
		     unsigned int flags, int nid, struct devmemhp_arch_plan *plan)
{
	const bool device = flags & DEVICE_MEMORY_DEVICE;
	int rc;

	*plan = (struct devmemhp_arch_plan){
		.size = sizeof(*plan), .start = start, .end = end, .flags = flags, .nid = nid,
		.zone = device ? DEVMEMHP_ZONE_DEVICE : DEVMEMHP_ZONE_AUTO,
		.linear_map = !(flags & DEVICE_MEMORY_UNADDRESSABLE) &&
			      (m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP),
	};
	if (!m->arch->plan_add)
		return 0;
	rc = m->arch->plan_add(&m->geo, plan, plan_zone_span, (void *)m);
	plan->why[sizeof(plan->why) - 1] = '\0';
	if (rc > 0)
		rc = -EINVAL;
	if (rc)
		return dmh_err(m, rc, "add_memory: " RANGE_FMT ": %s refuses it: %s", start, end - 1,
			       m->arch->name, plan->why[0] ? plan->why : strerror(-rc));
	/* what a backend may decide, and what it may not */
	if (plan->nid < 0 || plan->nid >= (int)m->cfg.nodes)
		return dmh_err(m, -EINVAL, "add_memory: %s: plan_add chose node %d (nodes=%u)",
			       m->arch->name, plan->nid, m->cfg.nodes);
	if (device ? plan->zone != DEVMEMHP_ZONE_DEVICE
		   : plan->zone != DEVMEMHP_ZONE_AUTO &&
			     (plan->zone == DEVMEMHP_ZONE_DEVICE || (unsigned int)plan->zone >= DMH_NR_ZONES ||
			      !dmh_zone_exists(m, (int)plan->zone)))
		return dmh_err(m, -EINVAL, "add_memory: %s: plan_add chose zone %d for %s memory",
			       m->arch->name, (int)plan->zone, device ? "device" : "system");
	if (plan->linear_map && ((flags & DEVICE_MEMORY_UNADDRESSABLE) ||
				 !(m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP)))
		return dmh_err(m, -EINVAL, "add_memory: %s: plan_add maps memory it cannot map",
			       m->arch->name);
	return 0;
}

/* A range mhp_range_allowed() refuses: err.  Linux before 5.11 had no
 * mhp_range_allowed(): such a range reached arch_add_memory(), whose own
 * refusal came first (powerpc v4.9: -EFAULT). */
static int refuse_range(const struct devmemhp_machine *m, uint64_t start, uint64_t end,
			unsigned int flags, int nid, int err, bool need_mapping)
{
	struct devmemhp_arch_plan plan;
	int rc = 0;

	if (m->arch->plan_add && nid >= 0 && nid < (int)m->cfg.nodes &&
	    (!(flags & DEVICE_MEMORY_DEVICE) || m->cfg.zone_device))
		rc = arch_plan(m, start, end, flags, nid, &plan);
	return rc ? rc : range_refused(m, err, start, end, need_mapping);
}

static int check_node(const struct devmemhp_machine *m, int nid)
{
	if (nid < 0 || nid >= (int)m->cfg.nodes)
		return dmh_err(m, -EINVAL, "add_memory: node %d is not possible (nodes=%u)", nid,
			       m->cfg.nodes);
	return 0;
}

/* check_hotplug_memory_range() of the machine's kernel */
static int check_hotplug_range(const struct devmemhp_machine *m, const char *op, uint64_t start,
			       uint64_t size)
{
	const uint64_t bs = m->block_size, sec = dmh_section_size(m);

	if (m->kernel->ram_align == DMH_RAM_ALIGN_BLOCK) {
		if (!DMH_IS_ALIGNED(start, bs) || !DMH_IS_ALIGNED(size, bs))
			return dmh_err(m, -EINVAL, "%s: Block size [%#" PRIx64 "] unaligned "
				       "hotplug range: start %#" PRIx64 ", size %#" PRIx64, op, bs,
				       start, size);
		return 0;
	}
	if (!DMH_IS_ALIGNED(start, sec) || !DMH_IS_ALIGNED(size, sec))
		return dmh_err(m, -EINVAL, "%s: Section-unaligned hotplug range: start %#"
			       PRIx64 ", size %#" PRIx64, op, start, size);
	/* register_new_memory() would make a block with only some of its
	 * sections, which memory_block_action() cannot online (-EBUSY) nor
	 * memory_subsys_offline() offline (-EINVAL) */
	if (!DMH_IS_ALIGNED(start, bs) || !DMH_IS_ALIGNED(size, bs)) {
		char b[DMH_SIZE_BUF];

		dmh_format_size(bs, b, sizeof(b));
		return dmh_err(m, -EINVAL, "%s: [%#" PRIx64 "-%#" PRIx64 "]: Linux %s would "
			       "leave memory blocks of %s with sections missing, which it "
			       "can neither online nor offline; the model adds whole blocks", op,
			       start, start + size - 1, m->kernel->name, b);
	}
	return 0;
}

/* register_memory_resource() / devm_request_mem_region(): the range's resource */
static int check_reservable(const struct devmemhp_machine *m, const struct dmh_state *cur,
			    uint64_t start, uint64_t end, const char *name)
{
	if (dmh_region_available(&cur->iomem, start, end - start))
		return dmh_err(m, -EEXIST, "add_memory: " RANGE_FMT " cannot be reserved as %s: it "
			       "conflicts with a busy resource or leaves iomem (phys_bits=%u)",
			       start, end - 1, name, m->geo.phys_bits);
	return 0;
}

/* ---- add: the RAM path, add_memory_resource() ------------------------------------ */

static int add_ram(struct devmemhp_machine *m, const struct dmh_add_req *q)
{
	const uint64_t start = q->start, end = q->end, size = end - start, bs = m->block_size;
	const struct dmh_state *cur = m->st;
	const char *name = q->name ? q->name : "System RAM";
	const bool driver_managed = strcmp(name, "System RAM") != 0;
	struct dmh_range r = { .start = start, .end = end, .kind = DMH_RANGE_RAM,
			       .attrs = KERNEL_ATTRS, .has_resource = true };
	const struct dmh_group *join = dmh_group_find(cur, q->group);
	struct dmh_altmap altmap = { 0 };
	struct dmh_zone_note note = { 0 };
	struct devmemhp_arch_plan plan;
	bool on_memory = false, per_block;
	uint64_t mom_pages = 0;
	char why[160], nomem[512] = "";
	int nid = q->nid;
	struct dmh_txn t = { 0 };
	size_t res;
	int rc;

	/* register_memory_resource() */
	if (!range_allowed(m, start, end, true))
		return refuse_range(m, start, end, q->flags, join ? join->nid : nid, -E2BIG, true);
	if (m->kernel->ram_resource_at_root && dmh_region_busy(&cur->iomem, start, end - 1))
		return dmh_err(m, -EEXIST, "add_memory: System RAM resource [mem %#010" PRIx64 "-%#010"
			       PRIx64 "] cannot be added (Linux %s requests it at the top of "
			       "iomem only)", start, end - 1, m->kernel->name);
	rc = check_reservable(m, cur, start, end, name);
	if (!rc) /* add_memory_resource() */
		rc = check_hotplug_range(m, "add_memory", start, size);
	if (rc)
		return rc;
	if (q->group) { /* MHP_NID_IS_MGID */
		if (!join)
			return dmh_err(m, -EINVAL, "add_memory: there is no memory group %" PRIu64,
				       q->group);
		if (join->implicit) /* it lives and dies with the one add that made it */
			return dmh_err(m, -EINVAL, "add_memory: memory group %" PRIu64 " belongs to "
				       "one add_memory() call; make a shared one with "
				       "memory_group_new", q->group);
		nid = join->nid;
	}
	rc = check_node(m, nid);
	if (rc)
		return rc;
	/* The driver passes MHP_MEMMAP_ON_MEMORY as the ACPI one does (v6.1: if
	 * mhp_supports_memmap_on_memory(size), v6.12: always), unless asked not to.
	 * Asked for where it cannot apply, v6.1's add_memory_resource() fails, v6.12's
	 * adds the memory without it. */
	if (!(q->options & DEVMEMHP_ADD_NO_MEMMAP_ON_MEMORY))
		on_memory = dmh_memmap_on_memory(m, size, &mom_pages, why, sizeof(why));
	if (!on_memory && (q->options & DEVMEMHP_ADD_MEMMAP_ON_MEMORY) &&
	    m->kernel->memmap_on_memory == DMH_MOM_SINGLE_BLOCK)
		return dmh_err(m, -EINVAL, "add_memory: " RANGE_FMT ": MHP_MEMMAP_ON_MEMORY, but "
			       "the memmap cannot go on it: %s", start, end - 1, why);
	per_block = on_memory && m->kernel->memmap_on_memory == DMH_MOM_PER_BLOCK;
	if (dmh_sparse_overlaps(m, cur, start, end))
		return dmh_err(m, -EEXIST, "add_memory: " RANGE_FMT " overlaps present sections",
			       start, end - 1);
	rc = arch_plan(m, start, end, q->flags, nid, &plan);
	if (rc)
		return rc;
	nid = plan.nid;
	r.unmapped = !plan.linear_map;

	r.nid = nid;
	r.group = q->group;
	rc = dmh_txn_begin(m, &t);
	if (!rc && !q->group && !(q->options & DEVMEMHP_ADD_NO_GROUP)) {
		struct dmh_group g = { .nid = nid, .max_pages = size >> m->geo.page_shift,
				       .implicit = true };

		rc = dmh_group_add(t.st, &g, &r.group);
	}
	if (!rc)
		rc = dmh_request_region(&t.st->iomem, start, size, name,
					DMH_IORESOURCE_SYSRAM |
						(driver_managed ? DMH_IORESOURCE_SYSRAM_DRIVER_MANAGED : 0),
					DMH_IORES_DESC_NONE, &res);
	/* arch_add_memory(): init_memory_mapping(), then add_pages(); with an
	 * altmap per block, once per block */
	for (uint64_t at = start, step = per_block ? bs : size; !rc && at < end; at += step) {
		altmap = (struct dmh_altmap){ .base_pfn = dmh_pfn(m, at), .free = mom_pages };
		if (plan.linear_map)
			rc = dmh_init_memory_mapping(m, t.st, &t.c, at, at + step, KERNEL_ATTRS);
		if (!rc)
			rc = dmh_sparse_add(m, t.st, &t.c, at, at + step, on_memory ? &altmap : NULL, 0);
	}
	if (!rc) {
		r.vmemmap_pages = altmap.alloc;
		r.altmap_per_block = per_block;
		rc = dmh_range_insert(t.st, &r);
	}
	/* what that took from free memory, before any block comes online */
	if (!rc)
		rc = dmh_acct_add(m, cur, t.st, &t.c, start, end, nid, nomem, sizeof(nomem));
	if (!rc) {
		/* create_memory_block_devices(): v6.1 counts the altmap's alloc, v6.12
		 * the block's altmap->free (memory_block_online()) */
		/* Linux 4.9 links the pages to a zone now: the backend's, else
		 * ZONE_NORMAL (zone_for_memory()'s default of x86_64, ia64, sh) */
		const int zone = plan.zone != DEVMEMHP_ZONE_AUTO ? (int)plan.zone
				 : m->kernel->zones_at_add ? DMH_ZONE_NORMAL : DMH_ZONE_NONE;
		struct dmh_block_run run = { .first = start / bs, .count = size / bs,
					     .zone = DMH_ZONE_NONE, .nid = nid,
					     .vmemmap_pages = per_block ? mom_pages : altmap.alloc,
					     .group = r.group, .zone_fixed = zone != DMH_ZONE_NONE,
					     .fixed_zone = zone };

		set_max_pfn(m, t.st, end, false);
		t.st->node_online[nid] = true; /* __try_online_node() */
		rc = dmh_blocks_add(t.st, &run); /* create_memory_block_devices(), offline */
		if (!rc && m->kernel->zones_at_add) /* __add_section() -> __add_zone() */
			dmh_v4_9_span_add(m, t.st, nid, zone, dmh_pfn(m, start),
					  size >> m->geo.page_shift);
	}
	if (!rc && (q->options & DEVMEMHP_ADD_MERGE_RESOURCE))
		dmh_merge_system_ram(&t.st->iomem, res);
	/* online pages if requested (mhp_default_online_type) */
	for (uint64_t id = start / bs; !rc && m->cfg.online_type != DMH_MMOP_OFFLINE &&
				       !(q->options & DEVMEMHP_ADD_NO_ONLINE) && id < end / bs; id++) {
		char zwhy[DMH_WHY_LEN];
		int got;

		rc = dmh_online_block(m, t.st, id, m->cfg.online_type, &got, zwhy, sizeof(zwhy));
		if (!rc)
			dmh_zone_note(m, &note, id, got, zwhy);
		if (!m->kernel->zones_at_add)
			continue;
		/* v4.9 online_memory_block(): memory_block_change_state() straight,
		 * past the device core, whose "online" stays 0; walk_memory_range()
		 * stops at the first block that fails, and add_memory() succeeds */
		if (rc == -EINVAL || rc == -EBUSY) {
			rc = 0;
			break;
		}
		if (!rc)
			rc = dmh_block_set_v4_9(t.st, id, -1, 1);
	}
	if (!rc)
		rc = dmh_txn_commit(&t);
	if (rc) {
		dmh_txn_abort(&t);
		if (rc == -ENOMEM && nomem[0])
			return dmh_err(m, rc, "add_memory: %s", nomem);
		if (rc == -ENOSPC) /* vmemmap_populate(): no large leaves to put on the altmap */
			return dmh_err(m, -ENOMEM, "add_memory: " RANGE_FMT ": memmap_on_memory, but "
				       "%s cannot map the memmap on it", start, end - 1, m->arch->name);
		return dmh_err(m, rc, "add_memory: " RANGE_FMT ": %s", start, end - 1, strerror(-rc));
	}
	if (!m->dry_run) /* a plan added nothing */
		dmh_dbg(m, "added %s " RANGE_FMT " node %d, %" PRIu64 " block(s)%s", name, start,
			end - 1, nid, size / bs, altmap.alloc ? ", memmap on memory" : "");
	return 0;
}

/* ---- add: the device path, memremap_pages() -> pagemap_range() ------------------- */

static const char *device_name(unsigned int flags)
{
	if (flags & DEVICE_MEMORY_UNADDRESSABLE)
		return "Device Private Memory";
	if (flags & DEVICE_MEMORY_MOVABLE)
		return "Device Coherent Memory";
	return "Device Memory";
}

static int add_device(struct devmemhp_machine *m, const struct dmh_add_req *q)
{
	const uint64_t start = q->start, end = q->end, size = end - start;
	const uint64_t sub = m->kernel->device_align == DMH_DEVICE_ALIGN_SECTION
				     ? dmh_section_size(m) : dmh_subsection_size(m);
	const uint64_t pages = size >> m->geo.page_shift;
	const bool private = q->flags & DEVICE_MEMORY_UNADDRESSABLE;
	const bool own_resource = !(q->options & DEVMEMHP_ADD_NO_RESOURCE);
	const struct dmh_state *cur = m->st;
	struct dmh_range r = { .start = start, .end = end, .flags = q->flags,
			       .kind = DMH_RANGE_DEVICE, .attrs = q->attrs,
			       .altmap_reserve = q->altmap_reserve, .has_resource = own_resource,
			       .compound_pages = q->compound_size >> m->geo.page_shift };
	const char *name = q->name ? q->name : device_name(q->flags);
	struct dmh_altmap altmap = { .base_pfn = dmh_pfn(m, start) + q->altmap_reserve,
				     .free = q->altmap_free };
	struct devmemhp_arch_plan plan;
	int nid = q->nid;
	struct dmh_txn t = { 0 };
	char nomem[512] = "";
	long hit;
	int rc;

	if (nid == -1) /* memremap_pages(): NUMA_NO_NODE means the local node */
		nid = 0;
	rc = check_node(m, nid);
	if (rc)
		return rc;
	/* v6.1 pagemap_range(): a pgmap at the first or last pfn (-ENOMEM), then
	 * System RAM; v4.9 devm_memremap_pages(): System RAM, then a pgmap in any
	 * section (-EBUSY) */
	hit = dmh_range_find(cur, start);
	if (hit < 0)
		hit = dmh_range_find(cur, end - 1);
	if (!m->kernel->pgmap_collision_busy && hit >= 0 &&
	    cur->ranges[hit].kind == DMH_RANGE_DEVICE)
		return dmh_err(m, -ENOMEM, "add_memory: " RANGE_FMT ": Conflicting mapping in same "
			       "section (device memory " RANGE_FMT ")", start, end - 1,
			       cur->ranges[hit].start, cur->ranges[hit].end - 1);
	if (dmh_region_intersects(&cur->iomem, start, end - 1, DMH_IORESOURCE_SYSTEM_RAM))
		return dmh_err(m, -ENXIO, "add_memory: " RANGE_FMT ": device memory attempted on a "
			       "System RAM region", start, end - 1);
	for (size_t i = 0; m->kernel->pgmap_collision_busy && i < cur->nr_ranges; i++) {
		const struct dmh_range *o = &cur->ranges[i];

		if (o->kind == DMH_RANGE_DEVICE && o->start < DMH_ALIGN_UP(end, sub) &&
		    DMH_ALIGN_DOWN(start, sub) < o->end)
			return dmh_err(m, -EBUSY, "add_memory: devm_memremap_pages: " RANGE_FMT
				       " collides with mapping for " RANGE_FMT, start, end - 1,
				       o->start, o->end - 1);
	}
	if (!range_allowed(m, start, end, !private))
		return refuse_range(m, start, end, q->flags, nid, -EINVAL, !private);
	/* the backend: arch_add_memory(), or add_pages() for unaddressable memory */
	if (!m->cfg.zone_device)
		return dmh_err(m, -EOPNOTSUPP, "add_memory: %s has no ZONE_DEVICE%s", m->arch->name,
			       m->arch->caps & DEVMEMHP_ARCH_CAP_DEVICE ? " (zone_device=0)" : "");
	if (private && !(m->arch->caps & DEVMEMHP_ARCH_CAP_UNADDRESSABLE))
		return dmh_err(m, -EINVAL, "add_memory: %s cannot add unaddressable device memory",
			       m->arch->name);
	/* __add_pages(): the altmap, then check_pfn_span() */
	if (q->altmap_reserve > pages || q->altmap_free > pages - q->altmap_reserve) /* no wrap */
		return dmh_err(m, -EINVAL, "add_memory: " RANGE_FMT ": memory add fail, invalid "
			       "altmap (reserve %" PRIu64 " + free %" PRIu64 " > %" PRIu64 " pages)",
			       start, end - 1, q->altmap_reserve, q->altmap_free, pages);
	/* dev_dax_validate_align(): the compound pages tile the range */
	if (q->compound_size && (!DMH_IS_ALIGNED(start, q->compound_size) ||
				 !DMH_IS_ALIGNED(size, q->compound_size)))
		return dmh_err(m, -EINVAL, "add_memory: " RANGE_FMT " is not aligned to its compound "
			       "page size %#" PRIx64, start, end - 1, q->compound_size);
	if (m->kernel->device_align == DMH_DEVICE_ALIGN_SECTION &&
	    (!DMH_IS_ALIGNED(start, sub) || !DMH_IS_ALIGNED(size, sub))) {
		char b[DMH_SIZE_BUF];

		dmh_format_size(sub, b, sizeof(b));
		return dmh_err(m, -EINVAL, "add_memory: " RANGE_FMT ": Linux %s's "
			       "devm_memremap_pages() maps device memory in whole sections of %s; "
			       "the model takes it so aligned", start, end - 1, m->kernel->name, b);
	}
	if (!DMH_IS_ALIGNED(start, sub) || !DMH_IS_ALIGNED(size, sub))
		return dmh_err(m, -EINVAL, "add_memory: Misaligned __add_pages start: %#" PRIx64
			       " end: %#" PRIx64 " (device memory needs %#" PRIx64 " alignment)",
			       dmh_pfn(m, start), dmh_pfn(m, end) - 1, sub);
	if (dmh_sparse_overlaps(m, cur, start, end)) /* fill_subsection_map() */
		return dmh_err(m, -EEXIST, "add_memory: " RANGE_FMT ": subsections already present",
			       start, end - 1);
	rc = own_resource ? check_reservable(m, cur, start, end, name) : 0;
	if (rc)
		return rc;
	rc = arch_plan(m, start, end, q->flags, nid, &plan);
	if (rc)
		return rc;
	r.nid = nid = plan.nid;
	r.unmapped = !private && !plan.linear_map;

	rc = dmh_txn_begin(m, &t);
	if (!rc && own_resource)
		rc = dmh_request_region(&t.st->iomem, start, size, name, 0,
					private ? DMH_IORES_DESC_DEVICE_PRIVATE_MEMORY
						: DMH_IORES_DESC_NONE, NULL);
	if (!rc && plan.linear_map)
		rc = dmh_init_memory_mapping(m, t.st, &t.c, start, end, r.attrs);
	/* the memmap goes after the reserved pages of the altmap */
	if (!rc)
		rc = dmh_sparse_add(m, t.st, &t.c, start, end, q->altmap_free ? &altmap : NULL,
				    r.compound_pages);
	if (!rc) {
		r.vmemmap_pages = altmap.alloc;
		r.altmap_align = altmap.align;
		rc = dmh_range_insert(t.st, &r);
	}
	if (!rc)
		rc = dmh_acct_add(m, cur, t.st, &t.c, start, end, nid, nomem, sizeof(nomem));
	if (!rc) /* move_pfn_range_to_zone(ZONE_DEVICE); v4.9's __add_zone() */
		rc = dmh_zone_add_device(m, t.st, nid, dmh_pfn(m, start), pages);
	if (!rc && m->kernel->zones_at_add)
		dmh_zone(t.st, nid, DMH_ZONE_DEVICE)->initialized = true;
	if (!rc && !private) /* x86 keeps max_pfn (params->pgmap); arm64 raises it, riscv sets it */
		set_max_pfn(m, t.st, end, true);
	if (!rc)
		rc = dmh_txn_commit(&t);
	if (rc) {
		dmh_txn_abort(&t);
		if (rc == -ENOMEM && nomem[0])
			return dmh_err(m, rc, "add_memory: %s", nomem);
		if (rc == -ENOSPC)
			return dmh_err(m, -ENOMEM, "add_memory: " RANGE_FMT ": the altmap has no room "
				       "for the memmap (%" PRIu64 " free pages after a reserve of %"
				       PRIu64 ", in aligned %#" PRIx64 " leaves)", start, end - 1,
				       q->altmap_free, q->altmap_reserve, dmh_level_size(&m->geo, 1));
		return dmh_err(m, rc, "add_memory: " RANGE_FMT ": %s", start, end - 1, strerror(-rc));
	}
	if (!m->dry_run)
		dmh_dbg(m, "added %s " RANGE_FMT " node %d", name, start, end - 1, nid);
	return 0;
}

int dmh_add_locked(struct devmemhp_machine *m, const struct dmh_add_req *q)
{
	return q->flags & DEVICE_MEMORY_DEVICE ? add_device(m, q) : add_ram(m, q);
}

DMH_EXPORT int devmemhp_add_memory(struct devmemhp_machine *m, int nid, uint64_t start,
				   uint64_t size, unsigned int flags)
{
	struct dmh_add_req q = { .start = start, .end = start + size, .nid = nid, .flags = flags,
			     .attrs = KERNEL_ATTRS };
	int rc;

	rc = dmh_api_enter(m, "add_memory", NULL, DMH_API_NONE);
	if (!rc)
		rc = check_flags(m, "add_memory", flags);
	if (!rc)
		rc = check_range_args(m, "add_memory", start, size);
	if (rc)
		return rc;
	dmh_writer_lock(m);
	rc = dmh_add_locked(m, &q);
	dmh_writer_unlock(m);
	return rc;
}

/* The members of the first struct devmemhp_add_params. */
#define ADD_PARAMS_V1_SIZE (offsetof(struct devmemhp_add_params, compound_size) + sizeof(uint64_t))

int dmh_add_params_check(const struct devmemhp_machine *m, const struct devmemhp_add_params *p,
			struct dmh_add_req *q)
{
	const bool device = p->flags & DEVICE_MEMORY_DEVICE;
	const char *op = "add_memory_ex";
	int rc;

	if (p->size < ADD_PARAMS_V1_SIZE)
		return dmh_err(m, -EINVAL, "%s: params->size %zu is smaller than the first layout (%zu)",
			       op, p->size, (size_t)ADD_PARAMS_V1_SIZE);
	rc = check_flags(m, op, p->flags);
	if (!rc)
		rc = check_range_args(m, op, p->start, p->length);
	if (rc)
		return rc;
	if (p->options & ~ALL_OPTIONS)
		return dmh_err(m, -EINVAL, "%s: unknown option bits %#x", op, p->options & ~ALL_OPTIONS);
	if (device && ((p->options & RAM_ONLY_OPTIONS) || p->group))
		return dmh_err(m, -EINVAL, "%s: options %#x or a group are for system RAM only", op,
			       p->options & RAM_ONLY_OPTIONS);
	if (!device && ((p->options & DEVMEMHP_ADD_NO_RESOURCE) || p->altmap_reserve ||
			p->altmap_free || p->pgprot != DEVMEMHP_PGPROT_KERNEL))
		return dmh_err(m, -EINVAL, "%s: NO_RESOURCE, an altmap or a pgprot other than "
			       "PAGE_KERNEL are for device memory only", op);
	if ((p->options & DEVMEMHP_ADD_MEMMAP_ON_MEMORY) &&
	    (p->options & DEVMEMHP_ADD_NO_MEMMAP_ON_MEMORY))
		return dmh_err(m, -EINVAL, "%s: MEMMAP_ON_MEMORY and NO_MEMMAP_ON_MEMORY", op);
	if ((p->options & DEVMEMHP_ADD_NO_GROUP) && p->group)
		return dmh_err(m, -EINVAL, "%s: NO_GROUP and a group", op);
	if (p->compound_size && (!device || (p->flags & DEVICE_MEMORY_UNADDRESSABLE)))
		return dmh_err(m, -EINVAL, "%s: compound pages are for addressable device memory "
			       "(device-dax) only", op);
	if (p->compound_size && (p->compound_size & (p->compound_size - 1) ||
				 p->compound_size >> m->geo.page_shift < 2))
		return dmh_err(m, -EINVAL, "%s: compound_size %#" PRIx64 " is not a power of two "
			       "of at least two pages", op, p->compound_size);
	if ((unsigned int)p->pgprot > DEVMEMHP_PGPROT_NONCACHED)
		return dmh_err(m, -EINVAL, "%s: pgprot %d is not a protection", op, (int)p->pgprot);
	if (p->name && !*p->name)
		return dmh_err(m, -EINVAL, "%s: the resource name is empty", op);
	if (p->name && dmh_name_check(m, op, "the resource name", p->name))
		return -EINVAL;
	if (!device && ((p->options & DEVMEMHP_ADD_DRIVER_MANAGED) ||
			(p->name && strcmp(p->name, "System RAM")))) {
		/* add_memory_driver_managed(): "System RAM (<driver>)" or nothing */
		size_t n = p->name ? strlen(p->name) : 0;

		/* v6.1 mm/memory_hotplug.c add_memory_driver_managed(): no default name */
		if (!p->name)
			return dmh_err(m, -EINVAL, "%s: driver-managed memory needs a resource name "
				       "(name=, \"System RAM (<driver>)\" such as \"System RAM "
				       "(kmem)\"): add_memory_driver_managed() has no default", op);
		if (strncmp(p->name, "System RAM (", 12) || p->name[n - 1] != ')')
			return dmh_err(m, -EINVAL, "%s: driver-managed memory is named "
				       "\"System RAM (<driver>)\", not \"%s\"", op, p->name);
	}
	*q = (struct dmh_add_req){
		.start = p->start, .end = p->start + p->length, .nid = p->nid, .flags = p->flags,
		.options = p->options, .name = p->name, .attrs = KERNEL_ATTRS, .group = p->group,
		.altmap_reserve = p->altmap_reserve, .altmap_free = p->altmap_free,
		.compound_size = p->compound_size,
	};
	if (p->pgprot == DEVMEMHP_PGPROT_NONCACHED)
		q->attrs |= DMH_PT_PCD;
	return 0;
}

DMH_EXPORT int devmemhp_add_memory_ex(struct devmemhp_machine *m,
				      const struct devmemhp_add_params *params)
{
	struct dmh_add_req q = { 0 };
	int rc;

	rc = dmh_api_enter(m, "add_memory_ex", !params ? "params is NULL" : NULL, DMH_API_NONE);
	if (!rc)
		rc = dmh_add_params_check(m, params, &q);
	if (rc)
		return rc;
	dmh_writer_lock(m);
	rc = dmh_add_locked(m, &q);
	dmh_writer_unlock(m);
	return rc;
}

/* ---- remove ------------------------------------------------------------------ */

/* The first run of blocks that ends after block id: where a walk over the
 * blocks from id on starts, found among the runs, never by block number. */
size_t dmh_block_run_from(const struct dmh_state *st, uint64_t id)
{
	size_t lo = 0, hi = st->nr_blocks;

	while (lo < hi) {
		const size_t mid = lo + (hi - lo) / 2;

		if (st->blocks[mid].first + st->blocks[mid].count <= id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The refusals of remove_memory() that its arguments alone decide, in the
 * kernel's order; devmemhp_remove_memory() and devmemhp_plan_remove() both
 * ask it first, then dmh_remove_locked() for what the model holds, so that
 * neither does work in proportion to the range before refusing it.
 * v6.1 mm/memory_hotplug.c: remove_memory() -> try_remove_memory():
 * BUG_ON(check_hotplug_memory_range(start, size)) -- a RAM range of whole
 * memory blocks (sections before 4.13); device memory leaves through
 * mm/memremap.c memunmap_pages(), which takes the driver's pgmap and checks
 * nothing of the range.
 */
int dmh_remove_check_args(const struct devmemhp_machine *m, uint64_t start, uint64_t size,
			  unsigned int flags)
{
	int rc = check_flags(m, "remove_memory", flags);

	if (!rc)
		rc = check_range_args(m, "remove_memory", start, size);
	if (!rc && !(flags & DEVICE_MEMORY_DEVICE))
		rc = check_hotplug_range(m, "remove_memory", start, size);
	return rc;
}

static int find_added_range(const struct devmemhp_machine *m, const char *op, uint64_t start,
			    uint64_t end, long *index)
{
	const struct dmh_state *st = m->st;

	/* the first range that meets [start, end) */
	for (size_t i = dmh_range_from(st, start); i < st->nr_ranges && st->ranges[i].start < end;
	     i++) {
		const struct dmh_range *r = &st->ranges[i];

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

int dmh_remove_locked(struct devmemhp_machine *m, uint64_t start, uint64_t end,
			 unsigned int flags)
{
	const uint64_t bs = m->block_size;
	struct dmh_txn t = { 0 };
	struct dmh_range r;
	const struct dmh_group *g;
	long i = -1;
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
	/* walk_memory_blocks(check_memblock_offlined_cb): over the runs of blocks */
	for (size_t b = r.kind == DMH_RANGE_RAM ? dmh_block_run_from(m->st, start / bs) : SIZE_MAX;
	     b < m->st->nr_blocks && m->st->blocks[b].first < end / bs; b++) {
		const uint64_t id = DMH_MAX(m->st->blocks[b].first, start / bs);

		/* v6.1 returns -EBUSY; v4.9's remove_memory() is void and BUG()s.
		 * check_memblock_offlined_cb() prints the block with %pa */
		if (m->st->blocks[b].online)
			return dmh_err(m, -EBUSY, "remove_memory: removing memory fails, because "
				       "memory [%#018" PRIx64 "-%#018" PRIx64 "] is onlined "
				       "(memory%" PRIu64 ")%s", id * bs, (id + 1) * bs - 1, id,
				       m->kernel->zones_at_add ? " (and Linux 4.9 BUG()s)" : "");
	}

	rc = dmh_txn_begin(m, &t);
	/* v4.9 __remove_pages(): each section leaves the zone, which shrinks */
	if (!rc && m->kernel->zones_at_add)
		dmh_v4_9_span_remove(m, t.st, &r);
	if (!rc && r.kind == DMH_RANGE_RAM)
		rc = dmh_blocks_remove(t.st, start / bs, (end - start) / bs);
	/* arch_remove_memory(): __remove_pages(), then the linear map */
	if (!rc)
		rc = dmh_sparse_remove(m, t.st, &t.c, start, end);
	/* nothing to unmap where the add mapped nothing (x86_32 v4.9: highmem) */
	if (!rc && !(r.flags & DEVICE_MEMORY_UNADDRESSABLE) && !r.unmapped)
		rc = dmh_linear_unmap(m, t.st, &t.c, start, end);
	/* release_mem_region_adjustable() / the driver's release_mem_region() */
	if (!rc && r.has_resource)
		rc = dmh_release_adjustable(&t.st->iomem, start, end - 1);
	if (!rc) /* the memmap and tables it freed go back where they came from */
		rc = dmh_acct_remove(m, m->st, t.st, &t.c, start);
	if (!rc) {
		dmh_range_delete(t.st, (size_t)i);
		g = dmh_group_find(t.st, r.group);
		if (g && g->implicit)
			dmh_group_delete(t.st, r.group);
		if (r.kind == DMH_RANGE_RAM)
			try_offline_node(t.st, r.nid);
	}
	if (!rc)
		rc = dmh_txn_commit(&t);
	if (rc) {
		dmh_txn_abort(&t);
		return dmh_err(m, rc, "remove_memory: " RANGE_FMT ": %s", start, end - 1,
			       strerror(-rc));
	}
	if (!m->dry_run)
		dmh_dbg(m, "removed " RANGE_FMT, start, end - 1);
	return 0;
}

DMH_EXPORT int devmemhp_remove_memory(struct devmemhp_machine *m, uint64_t start, uint64_t size,
				      unsigned int flags)
{
	int rc;

	rc = dmh_api_enter(m, "remove_memory", NULL, DMH_API_WRITE);
	if (rc)
		return rc;
	rc = dmh_remove_check_args(m, start, size, flags);
	if (!rc)
		rc = dmh_remove_locked(m, start, start + size, flags);
	dmh_api_leave(m, DMH_API_WRITE);
	return rc;
}

/* ---- online / offline ------------------------------------------------------------ */

/* The end of a transaction: commit, or throw it away and say why the op failed. */
static int txn_end(struct devmemhp_machine *m, struct dmh_txn *t, int rc, const char *op,
		   uint64_t start, uint64_t end)
{
	if (!rc)
		rc = dmh_txn_commit(t);
	if (!rc)
		return 0;
	dmh_txn_abort(t);
	return dmh_err(m, rc, "%s: " RANGE_FMT ": %s", op, start, end - 1, strerror(-rc));
}



/* online_pages() and offline_pages() take whole memory blocks: v6.1
 * mm/memory_hotplug.c WARN_ON_ONCE(!nr_pages || !pageblock_aligned(pfn) ||
 * !IS_ALIGNED(pfn + nr_pages, PAGES_PER_SECTION)) -EINVAL; from user space
 * (drivers/base/memory.c state_store()) a block is the unit. */
static int check_block_aligned(const struct devmemhp_machine *m, const char *op, uint64_t start,
			       uint64_t end)
{
	const uint64_t bs = m->block_size;
	char b[DMH_SIZE_BUF];

	if (!DMH_IS_ALIGNED(start, bs) || !DMH_IS_ALIGNED(end, bs)) {
		dmh_format_size(bs, b, sizeof(b));
		return dmh_err(m, -EINVAL, "%s: " RANGE_FMT " is not aligned to the memory block size "
			       "(%s)", op, start, end - 1, b);
	}
	return 0;
}

/* The blocks of [start, end), an aligned range: every one must exist and be
 * RAM.  Walks the runs of blocks, never the block numbers of the range. */
static int check_blocks(const struct devmemhp_machine *m, const char *op, uint64_t start,
			uint64_t end)
{
	const uint64_t bs = m->block_size;
	uint64_t want;

	for (size_t i = 0; i < m->st->nr_ranges; i++) {
		const struct dmh_range *r = &m->st->ranges[i];

		if (r->kind == DMH_RANGE_DEVICE && r->start < end && start < r->end)
			return dmh_err(m, -EINVAL, "%s: " RANGE_FMT " is device memory (ZONE_DEVICE), "
				       "which has no memory blocks and is never onlined", op,
				       r->start, r->end - 1);
	}
	/* the first hole among the runs, not a lookup per block number */
	want = start / bs;
	for (size_t i = dmh_block_run_from(m->st, want);
	     i < m->st->nr_blocks && m->st->blocks[i].first <= want && want < end / bs; i++)
		want = m->st->blocks[i].first + m->st->blocks[i].count;
	if (want < end / bs)
		return dmh_err(m, -ENOENT, "%s: there is no memory block %" PRIu64 " [%#" PRIx64
			       "-%#" PRIx64 "]", op, want, want * bs, (want + 1) * bs - 1);
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
	default: /* DEVMEMHP_ZONE_HIGHMEM; any other was refused by dmh_online_check_args() */
		return dmh_err(m, -EINVAL, "online_memory: hot-added memory is never onlined to "
			       "HighMem (default_kernel_zone_for_pfn() stops at Normal)");
	}
}

/*
 * The refusals of onlining that its arguments alone decide, in the kernel's
 * order, before any block is looked at: v6.1 drivers/base/memory.c
 * state_store() parses the online type first (mhp_online_type_from_str(),
 * -EINVAL), then online_pages() refuses what is not whole blocks.  A zone
 * that some block may be fixed to (Linux 4.9, a backend's zone) is the
 * blocks' to judge.  devmemhp_online_memory() asks it, in online_locked().
 */
int dmh_online_check_args(const struct devmemhp_machine *m, uint64_t start, uint64_t size,
			  enum devmemhp_zone zone)
{
	int rc = check_range_args(m, "online_memory", start, size);

	if (rc)
		return rc;
	if (zone == DEVMEMHP_ZONE_DEVICE)
		return dmh_err(m, -EINVAL, "online_memory: ZONE_DEVICE memory is never onlined");
	if ((unsigned int)zone > DEVMEMHP_ZONE_AUTO)
		return dmh_err(m, -EINVAL, "online_memory: zone %d is not a zone to online to",
			       (int)zone);
	return check_block_aligned(m, "online_memory", start, start + size);
}

/* The same for offlining (offline_pages()); devmemhp_offline_memory() and
 * the offline devmemhp_plan_remove() foresees both ask it, in
 * dmh_offline_locked(). */
int dmh_offline_check_args(const struct devmemhp_machine *m, uint64_t start, uint64_t size)
{
	int rc = check_range_args(m, "offline_memory", start, size);

	return rc ? rc : check_block_aligned(m, "offline_memory", start, start + size);
}

/*
 * Linux 4.9's store_mem_state(): "online" keeps the zone the pages were added
 * to (MMOP_ONLINE_KEEP); online_kernel and online_movable move them to
 * Normal or Movable where zone_can_shift() allows it and keep them where it
 * does not, without an error.  A block the kernel onlined when it was added
 * (its "online" reads 0) only becomes online to the device core.
 */
static int online_v4_9(struct devmemhp_machine *m, uint64_t start, uint64_t end,
		       enum devmemhp_zone zone)
{
	const uint64_t bs = m->block_size;
	struct dmh_zone_note note = { 0 };
	struct dmh_txn t = { 0 };
	int rc;

	/* the refusals, run by run: each run's first block in the range speaks for it */
	for (size_t i = dmh_block_run_from(m->st, start / bs);
	     i < m->st->nr_blocks && m->st->blocks[i].first < end / bs; i++) {
		const struct dmh_block_run *b = &m->st->blocks[i];
		const uint64_t id = DMH_MAX(b->first, start / bs);

		if (b->online && !b->dev_offline)
			return dmh_err(m, -EINVAL, "online_memory: memory%" PRIu64 " is already online",
				       id);
		if (zone != DEVMEMHP_ZONE_AUTO && zone != DEVMEMHP_ZONE_NORMAL &&
		    zone != DEVMEMHP_ZONE_MOVABLE && (!b->zone_fixed || (int)zone != b->fixed_zone))
			return dmh_err(m, -EINVAL, "online_memory: memory%" PRIu64 " is in %s: Linux %s "
				       "onlines memory to its zone (online), or moves it to Normal "
				       "(online_kernel) or Movable (online_movable), not to %s", id,
				       dmh_zone_text(b->zone_fixed ? b->fixed_zone : DMH_ZONE_NONE),
				       m->kernel->name, devmemhp_zone_name(zone) ? devmemhp_zone_name(zone)
									     : "that zone");
	}
	rc = dmh_txn_begin(m, &t);
	for (uint64_t id = start / bs; !rc && id < end / bs; id++) {
		const struct dmh_block_run *b = &t.st->blocks[dmh_block_find(t.st, id)];
		const int type = zone == DEVMEMHP_ZONE_NORMAL	 ? DMH_MMOP_ONLINE_KERNEL
				 : zone == DEVMEMHP_ZONE_MOVABLE ? DMH_MMOP_ONLINE_MOVABLE
								  : DMH_MMOP_ONLINE;
		const int nid = b->nid;
		char zwhy[DMH_WHY_LEN];
		int got;

		if (b->online) { /* device_online(): memory_subsys_online() has nothing to do */
			rc = dmh_block_set_v4_9(t.st, id, -1, 0);
			continue;
		}
		rc = dmh_online_block(m, t.st, id, type, &got, zwhy, sizeof(zwhy));
		if (!rc)
			dmh_zone_note(m, &note, id, got, zwhy);
		if (rc == -EINVAL) {
			dmh_txn_abort(&t);
			return dmh_err(m, rc, "online_memory: memory%" PRIu64 ": online_pages: node %d "
				       "has no memory up to ZONE_NORMAL, so Linux %s onlines none to "
				       "HighMem or Movable (can_online_high_movable())", id, nid,
				       m->kernel->name);
		}
		if (!rc && type != DMH_MMOP_ONLINE && got != (int)zone)
			dmh_log(m, LOG_NOTICE, __FILE__, __LINE__, __func__, "memory%" PRIu64 " stays "
				"in %s: zone_can_shift() moves it to %s only from the edge of its zone",
				id, dmh_zone_text(got), devmemhp_zone_name(zone));
	}
	return txn_end(m, &t, rc, "online_memory", start, end);
}

static int online_locked(struct devmemhp_machine *m, uint64_t start, uint64_t end,
			 enum devmemhp_zone zone)
{
	const uint64_t bs = m->block_size;
	struct dmh_zone_note note = { 0 };
	struct dmh_txn t = { 0 };
	int type = DMH_MMOP_ONLINE, rc;
	bool all_fixed = true;

	rc = dmh_online_check_args(m, start, end - start, zone);
	if (!rc)
		rc = check_blocks(m, "online_memory", start, end);
	if (rc)
		return rc;
	if (m->kernel->zones_at_add)
		return online_v4_9(m, start, end, zone);
	for (size_t i = dmh_block_run_from(m->st, start / bs);
	     i < m->st->nr_blocks && m->st->blocks[i].first < end / bs; i++) {
		const struct dmh_block_run *b = &m->st->blocks[i];
		const uint64_t id = DMH_MAX(b->first, start / bs);

		if (b->online)
			return dmh_err(m, -EINVAL, "online_memory: memory%" PRIu64 " is already online",
				       id);
		all_fixed &= b->zone_fixed;
		/* Linux 4.9 moves pages to another zone only at a zone boundary
		 * (zone_can_shift()); the model keeps the zone they were added to */
		if (b->zone_fixed && zone != DEVMEMHP_ZONE_AUTO && (int)zone != b->fixed_zone)
			return dmh_err(m, -EINVAL, "online_memory: memory%" PRIu64 " was added to "
				       "%s when it was hot-added (%s), not %s", id,
				       devmemhp_zone_name((enum devmemhp_zone)b->fixed_zone),
				       m->arch->name, devmemhp_zone_name(zone) ? devmemhp_zone_name(zone)
									     : "that zone");
	}
	if (!all_fixed)
		rc = online_type_for(m, zone, &type);
	if (rc)
		return rc;
	rc = dmh_txn_begin(m, &t);
	for (uint64_t id = start / bs; !rc && id < end / bs; id++) {
		char zwhy[DMH_WHY_LEN];
		int got;

		rc = dmh_online_block(m, t.st, id, type, &got, zwhy, sizeof(zwhy));
		if (!rc)
			dmh_zone_note(m, &note, id, got, zwhy);
		if (!rc && type == DMH_MMOP_ONLINE_KERNEL && zone != DEVMEMHP_ZONE_NORMAL &&
		    got != (int)zone && !t.st->blocks[dmh_block_find(t.st, id)].zone_fixed) {
			dmh_txn_abort(&t);
			return dmh_err(m, -EINVAL, "online_memory: memory%" PRIu64 " would be onlined "
				       "to %s, not %s (online_kernel picks the lowest kernel zone "
				       "the block touches)", id,
				       devmemhp_zone_name((enum devmemhp_zone)got),
				       devmemhp_zone_name(zone));
		}
	}
	return txn_end(m, &t, rc, "online_memory", start, end);
}

DMH_EXPORT int devmemhp_online_memory(struct devmemhp_machine *m, uint64_t start, uint64_t size,
				      enum devmemhp_zone zone)
{
	int rc;

	rc = dmh_api_enter(m, "online_memory", NULL, DMH_API_WRITE);
	if (rc)
		return rc;
	rc = online_locked(m, start, start + size, zone);
	dmh_api_leave(m, DMH_API_WRITE);
	return rc;
}

int dmh_offline_locked(struct devmemhp_machine *m, uint64_t start, uint64_t end)
{
	const uint64_t bs = m->block_size;
	struct dmh_txn t = { 0 };
	int rc;

	/* end - start is the size even where start + size wrapped */
	rc = dmh_offline_check_args(m, start, end - start);
	if (!rc)
		rc = check_blocks(m, "offline_memory", start, end);
	if (rc)
		return rc;
	for (size_t i = dmh_block_run_from(m->st, start / bs);
	     i < m->st->nr_blocks && m->st->blocks[i].first < end / bs; i++) {
		const struct dmh_block_run *b = &m->st->blocks[i];
		const uint64_t id = DMH_MAX(b->first, start / bs);

		if (!b->online)
			return dmh_err(m, -EINVAL, "offline_memory: memory%" PRIu64 " is already "
				       "offline", id);
		if (b->zone == DMH_ZONE_NONE)
			return dmh_err(m, -EINVAL, "offline_memory: memory%" PRIu64 " spans more than "
				       "one zone and cannot be offlined", id);
	}
	rc = dmh_txn_begin(m, &t);
	for (uint64_t id = start / bs; !rc && id < end / bs; id++) {
		const char *why = m->kernel->zones_at_add ? dmh_v4_9_offline_refusal(m, t.st, id)
							  : NULL;

		if (why) {
			dmh_txn_abort(&t);
			return dmh_err(m, -EINVAL, "offline_memory: memory%" PRIu64 ": %s", id, why);
		}
		rc = dmh_offline_block(m, t.st, id);
		if (rc == -EINVAL || rc == -EBUSY) {
			dmh_txn_abort(&t);
			return dmh_err(m, rc, "offline_memory: memory%" PRIu64 ": memory offlining "
				       "[mem %#010" PRIx64 "-%#010" PRIx64 "] failed due to %s", id,
				       id * bs, (id + 1) * bs - 1,
				       rc == -EBUSY ? "failure to isolate range (an unmovable page)"
						    : "memory holes");
		}
	}
	return txn_end(m, &t, rc, "offline_memory", start, end);
}

DMH_EXPORT int devmemhp_offline_memory(struct devmemhp_machine *m, uint64_t start, uint64_t size)
{
	int rc;

	rc = dmh_api_enter(m, "offline_memory", NULL, DMH_API_WRITE);
	if (rc)
		return rc;
	rc = dmh_offline_locked(m, start, start + size);
	dmh_api_leave(m, DMH_API_WRITE);
	return rc;
}

/* ---- placement ---------------------------------------------------------------------- */

/* kernel/resource.c: get_free_mem_region(GFR_DESCENDING), as request_free_mem_region() */
DMH_EXPORT int devmemhp_find_free_region(struct devmemhp_machine *m, uint64_t size, uint64_t *start)
{
	const uint64_t align = m ? dmh_section_size(m) : 0; /* GFR_DEFAULT_ALIGN */
	uint64_t top, addr, step;
	int rc;

	rc = dmh_api_enter(m, "find_free_region",
			   !start ? "start is NULL" : !size ? "size is 0" : NULL, DMH_API_NONE);
	if (rc)
		return rc;
	if (size > UINT64_MAX - align)
		return dmh_err(m, -ERANGE, "find_free_region: size %#" PRIx64 " is too large", size);
	size = DMH_ALIGN_UP(size, align);
	/* the walk steps by the size (v6.1) or by the alignment (v6.12) */
	step = m->kernel->gfr_step_align ? align : size;
	rc = -ERANGE; /* until the walk finds room */
	dmh_read_lock(m);
	top = DMH_MIN(m->st->iomem.root_end, physmem_end(m));
	/* every step whose range still reaches the conflicting resource is
	 * busy too: jump past them, so the walk costs what iomem holds, not
	 * what the size divides into (a huge size stepping by 128 MiB) */
	for (addr = size - 1 <= top ? top - size + 1 : 0; addr > step;) {
		uint64_t low, gap, n;

		if (!dmh_region_conflict(&m->st->iomem, addr, addr + size - 1, &low)) {
			*start = addr;
			rc = 0;
			break;
		}
		if (low < size) /* nothing below it holds size */
			break;
		gap = addr - (low - size); /* > 0: [addr, addr + size) reaches low */
		n = gap / step + (gap % step != 0);
		if (n > addr / step)
			break;
		addr -= n * step;
	}
	dmh_read_unlock(m);
	if (rc) {
		char b[DMH_SIZE_BUF];

		dmh_format_size(size, b, sizeof(b));
		return dmh_miss(m, rc, "find_free_region: no free %s below %#" PRIx64, b, top);
	}
	return 0;
}

DMH_EXPORT int devmemhp_set_page_unmovable(struct devmemhp_machine *m, uint64_t pfn, int unmovable)
{
	struct dmh_txn t = { 0 };
	size_t pos = 0;
	bool there;
	int rc;

	rc = dmh_api_enter(m, "set_page_unmovable", NULL, DMH_API_WRITE);
	if (rc)
		return rc;
	while (pos < m->st->nr_unmovable && m->st->unmovable[pos] < pfn)
		pos++;
	there = pos < m->st->nr_unmovable && m->st->unmovable[pos] == pfn;
	if (unmovable && dmh_extent_find(m->st, pfn) < 0)
		rc = dmh_err(m, -EINVAL, "set_page_unmovable: pfn %#" PRIx64 " is not online memory",
			     pfn);
	else if (!!unmovable != there)
		rc = dmh_txn_begin(m, &t);
	if (!rc && t.st && unmovable)
		rc = dmh_grow((void **)&t.st->unmovable, &t.st->cap_unmovable, t.st->nr_unmovable + 1,
			      sizeof(*t.st->unmovable));
	if (!rc && t.st) {
		uint64_t *u = dmh_unmovable_w(t.st, pos, t.st->nr_unmovable + !!unmovable);

		if (unmovable) {
			memmove(&u[1], &u[0], (t.st->nr_unmovable - pos) * sizeof(*u));
			u[0] = pfn;
			t.st->nr_unmovable++;
		} else {
			memmove(&u[0], &u[1], (t.st->nr_unmovable - pos - 1) * sizeof(*u));
			t.st->nr_unmovable--;
		}
		rc = dmh_txn_commit(&t);
	}
	if (rc && t.m) {
		dmh_txn_abort(&t);
		rc = dmh_err(m, rc, "set_page_unmovable: out of memory");
	}
	dmh_api_leave(m, DMH_API_WRITE);
	return rc;
}
