/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Plans: an operation run dry.  It goes through the same code as the real
 * one, whose commit keeps the new state aside instead of installing it, so a
 * plan can never disagree with what the operation does.  The plan compares
 * the two states and adds what a user deciding on a hotplug asks: how much
 * of the range the alignment leaves, which zone each block gets, what the
 * memmap and page tables cost, why memmap_on_memory does not apply, which
 * blocks stop a remove, whether what an add makes can come back out, and
 * whether the machine left breaks the auto-movable ratio or leaves a node
 * with CPUs without kernel memory.  Each zone comes with the rule that
 * picked it, as the online path decided it (zone.c), not guessed after.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "accounting.h"
#include "hotplug.h"
#include "kernel.h"
#include "machine.h"
#include "private.h"
#include "query.h"
#include "size.h"
#include "state.h"
#include "txn.h"
#include "zone.h"

static void plan_alignment(struct devmemhp_plan *p, uint64_t start, uint64_t end, uint64_t g)
{
	const uint64_t us = DMH_ALIGN_UP(start, g), ue = DMH_ALIGN_DOWN(end, g);

	p->granule = g;
	if (us < start || us >= ue) { /* not one aligned granule inside */
		p->usable_start = p->usable_end = start;
		p->lost_head = end - start;
		p->lost_tail = 0;
	} else {
		p->usable_start = us;
		p->usable_end = ue;
		p->lost_head = us - start;
		p->lost_tail = end - ue;
	}
	p->cover_start = DMH_ALIGN_DOWN(start, g);
	p->cover_end = DMH_ALIGN_UP(end, g);
}

static void plan_deltas(const struct devmemhp_machine *m, const struct dmh_state *before,
			const struct dmh_state *after, struct devmemhp_plan *p)
{
	struct devmemhp_stats a, b;

	dmh_stats_of(m, before, &a);
	dmh_stats_of(m, after, &b);
	for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++) {
		p->direct_map_leaves[l] = (int64_t)(b.direct_map_leaves[l] - a.direct_map_leaves[l]);
		p->direct_map_table_pages[l] =
			(int64_t)(b.direct_map_table_pages[l] - a.direct_map_table_pages[l]);
		p->vmemmap_table_pages[l] =
			(int64_t)(b.vmemmap_table_pages[l] - a.vmemmap_table_pages[l]);
	}
	p->memmap_bytes = (int64_t)(b.memmap_bytes - a.memmap_bytes);
	p->memmap_altmap_bytes = (int64_t)(b.memmap_altmap_bytes - a.memmap_altmap_bytes);
	p->managed_bytes = (int64_t)(b.managed_bytes - a.managed_bytes);
}

/* Who pays: the nodes whose hot-plug charges or free memory the operation
 * changes, and MemFree's delta. */
static void plan_payers(const struct devmemhp_machine *m, const struct dmh_state *before,
			const struct dmh_state *after, struct devmemhp_plan *p)
{
	const unsigned int shift = m->geo.page_shift;

	p->free_bytes = ((int64_t)dmh_free_pages(m, after) - (int64_t)dmh_free_pages(m, before)) *
			(int64_t)dmh_page_size(m);
	for (unsigned int n = 0; n < m->cfg.nodes && p->nr_payers < DEVMEMHP_PLAN_PAYERS; n++) {
		const int64_t paid = (int64_t)dmh_node_charged(after, (int)n, -1) -
				     (int64_t)dmh_node_charged(before, (int)n, -1);

		if (!paid)
			continue;
		p->payers[p->nr_payers++] = (struct devmemhp_plan_payer){
			.nid = (int)n, .bytes = paid * (int64_t)dmh_page_size(m),
			.free_after = dmh_node_free(m, after, (int)n) << shift,
		};
	}
}

static unsigned int percent(uint64_t part, uint64_t whole)
{
	return whole ? (unsigned int)DMH_MIN(part * 100 / whole, UINT32_MAX) : part ? UINT32_MAX : 0;
}

/* The machine a plan leaves: auto_movable_can_online_movable()'s sums, for
 * the machine and for the node, and what they mean under its online policy. */
static void plan_balance(const struct devmemhp_machine *m, const struct dmh_state *st, int nid,
			 struct devmemhp_plan *p)
{
	uint64_t movable = 0, kernel_early = 0, node_kernel = 0, node_present = 0;
	uint64_t node_movable = 0, node_early = 0;
	const bool auto_movable = m->cfg.online_policy == DMH_POLICY_AUTO_MOVABLE;
	const unsigned int ratio = m->cfg.auto_movable_ratio;
	char a[DMH_SIZE_BUF], b[DMH_SIZE_BUF];

	for (unsigned int n = 0; n < m->cfg.nodes; n++)
		for (int z = 0; z < DMH_NR_ZONES; z++) {
			const struct dmh_zone *zone = dmh_zone(st, (int)n, z);

			if (z == DMH_ZONE_DEVICE)
				continue;
			if (z == DMH_ZONE_MOVABLE)
				movable += zone->present;
			else
				kernel_early += zone->present_early;
			if ((int)n != nid)
				continue;
			node_present += zone->present;
			if (z == DMH_ZONE_MOVABLE) {
				node_movable += zone->present;
			} else {
				node_kernel += zone->managed;
				node_early += zone->present_early;
			}
		}
	p->movable_bytes = movable << m->geo.page_shift;
	p->kernel_early_bytes = kernel_early << m->geo.page_shift;
	p->movable_percent = percent(movable, kernel_early);
	p->node_kernel_bytes = node_kernel << m->geo.page_shift;
	p->node_movable_bytes = node_movable << m->geo.page_shift;
	p->node_kernel_early_bytes = node_early << m->geo.page_shift;
	p->node_movable_percent = percent(node_movable, node_early);
	p->node_has_cpus = dmh_node_has_cpus(m, nid);
	p->auto_movable_ratio = ratio;
	p->online_policy = auto_movable ? DEVMEMHP_POLICY_AUTO_MOVABLE : DEVMEMHP_POLICY_CONTIG_ZONES;
	/* v6.1 auto_movable_zone_for_pfn(): only online_policy=auto-movable
	 * applies the ratio; contig-zones (default_zone_for_pfn()) never does */
	if (movable > (uint64_t)ratio * kernel_early / 100 && !auto_movable) {
		snprintf(p->balance_why, sizeof(p->balance_why), "above auto_movable_ratio, which is "
			 "advisory: online_policy=contig-zones never applies it");
	} else if (movable > (uint64_t)ratio * kernel_early / 100) {
		p->warnings |= DEVMEMHP_PLAN_WARN_RATIO;
		snprintf(p->balance_why, sizeof(p->balance_why), "above auto_movable_ratio: "
			 "auto-movable onlines no more memory to Movable (online_movable, or boot "
			 "or earlier memory put it there)");
	} else if (auto_movable && m->cfg.auto_movable_numa_aware && nid >= 0 &&
		   node_movable > (uint64_t)ratio * node_early / 100) {
		snprintf(p->balance_why, sizeof(p->balance_why), "node %d: %s movable, %u%% of its %s "
			 "kernel boot memory: above auto_movable_ratio on the node, where "
			 "auto_movable_numa_aware applies it too", nid,
			 dmh_size_text(p->node_movable_bytes, a, sizeof(a)), p->node_movable_percent,
			 dmh_size_text(p->node_kernel_early_bytes, b, sizeof(b)));
	}
	/* a CPU-less node (CXL, memory-only) with only movable memory is the
	 * layout memory tiering wants: its kernel allocations fall back to the
	 * CPUs' nodes */
	if (node_present && !node_kernel && p->node_has_cpus)
		p->warnings |= DEVMEMHP_PLAN_WARN_NODE;
}

/* Why each run of p has its zone: for blocks the operation onlined, the
 * decision as it was taken (whys); for offline ones, what onlining picks. */
static void plan_zone_whys(const struct devmemhp_machine *m, const struct dmh_state *st,
			   const struct dmh_zone_whys *whys, struct devmemhp_plan *p)
{
	for (unsigned int i = 0; i < p->nr_runs; i++) {
		const struct devmemhp_plan_run *r = &p->runs[i];
		char *why = p->zone_why[i];

		if (!r->online) {
			dmh_block_zone_why(m, st, r->first, why, sizeof(p->zone_why[i]));
			continue;
		}
		for (unsigned int k = whys ? whys->n : 0; k-- > 0;)
			if (whys->e[k].first <= r->first) {
				if (whys->e[k].zone == (int)r->zone)
					snprintf(why, sizeof(p->zone_why[i]), "%s", whys->e[k].why);
				break;
			}
	}
}

/* The blocks [first, first + count) of st as runs; `removing`: with what
 * stops their remove. */
static void plan_blocks(const struct devmemhp_machine *m, const struct dmh_state *st,
			uint64_t first, uint64_t count, bool removing, struct devmemhp_plan *p)
{
	const uint64_t pages = m->block_size >> m->geo.page_shift;
	/* the blocks there are, run by run: a range with none costs nothing */
	size_t i = dmh_block_run_from(st, first);

	for (uint64_t id = first; i < st->nr_blocks && id < first + count; id++) {
		const struct dmh_block_run *b = &st->blocks[i];
		struct devmemhp_plan_run r = { .first = id, .count = 1 };

		if (id >= b->first + b->count && ++i == st->nr_blocks)
			break;
		b = &st->blocks[i];
		if (id < b->first)
			id = b->first;
		if (id >= first + count)
			break;
		r.first = id;
		r.online = b->online;
		if (b->online) {
			const uint64_t last = DMH_MIN(b->first + b->count, first + count);

			r.zone = dmh_zone_public(b->zone);
			/* the rest of an online run is alike unless an unmovable page
			 * sets one block apart: take it whole */
			if (!removing || !dmh_has_unmovable(st, id * pages, last * pages))
				r.count = last - id;
		} else {
			int zones[3];

			dmh_valid_zones(m, st, id, zones);
			r.zone = dmh_zone_public(zones[0]);
		}
		if (removing) {
			if (b->online)
				r.blockers |= DEVMEMHP_BLOCKER_ONLINE;
			if (b->online && dmh_has_unmovable(st, id * pages, (id + 1) * pages))
				r.blockers |= DEVMEMHP_BLOCKER_UNMOVABLE;
			if (b->online && b->zone != DMH_ZONE_MOVABLE)
				r.blockers |= DEVMEMHP_BLOCKER_KERNEL_ZONE;
			if (b->vmemmap_pages)
				r.blockers |= DEVMEMHP_BLOCKER_MEMMAP;
			if (!(m->arch->caps & DEVMEMHP_ARCH_CAP_REMOVE))
				r.blockers |= DEVMEMHP_BLOCKER_NO_REMOVE;
			p->blockers |= r.blockers;
		}
		p->nr_blocks += r.count;
		id += r.count - 1;
		if (p->nr_runs) {
			struct devmemhp_plan_run *last = &p->runs[p->nr_runs - 1];

			if (last->first + last->count == r.first && last->online == r.online &&
			    last->zone == r.zone && last->blockers == r.blockers) {
				last->count += r.count;
				continue;
			}
		}
		if (p->nr_runs == DEVMEMHP_PLAN_RUNS) {
			p->warnings |= DEVMEMHP_PLAN_WARN_TRUNCATED;
			continue;
		}
		p->runs[p->nr_runs++] = r;
	}
}

/* Why the memmap of a system-RAM add does not go on the range. */
static void memmap_on_memory_why(const struct devmemhp_machine *m, const struct dmh_add_req *q,
				 struct devmemhp_plan *p)
{
	char *why = p->memmap_on_memory_why;
	const size_t len = sizeof(p->memmap_on_memory_why);
	uint64_t pages;

	if (q->flags & DEVICE_MEMORY_DEVICE)
		snprintf(why, len, "device memory: its memmap goes where the driver's altmap says");
	else if (q->options & DEVMEMHP_ADD_NO_MEMMAP_ON_MEMORY)
		snprintf(why, len, "the add asks for no memmap_on_memory");
	else if (dmh_memmap_on_memory(m, q->end - q->start, &pages, why, len) &&
		 !p->memmap_on_memory)
		snprintf(why, len, "the add failed before the memmap was placed");
}

/* Can what the add makes come back out, and why (it succeeded). */
static void plan_removable(const struct devmemhp_machine *m, const struct dmh_add_req *q,
			   struct devmemhp_plan *p)
{
	const size_t len = sizeof(p->removable_why);
	char *why = p->removable_why;
	const struct devmemhp_plan_run *kernel = NULL;
	/* v6.1 try_remove_memory(): memory whose memmap lives on it goes only
	 * as the one block it was added as ("wrong granularity"); from v6.6
	 * each block has its own altmap and goes as any other block */
	const bool whole = p->memmap_on_memory &&
			   m->kernel->memmap_on_memory == DMH_MOM_SINGLE_BLOCK;
	bool offline = false;

	for (unsigned int i = 0; i < p->nr_runs; i++) {
		if (!p->runs[i].online)
			offline = true;
		else if (p->runs[i].zone != DEVMEMHP_ZONE_MOVABLE && !kernel)
			kernel = &p->runs[i];
	}
	if (!(m->arch->caps & DEVMEMHP_ARCH_CAP_REMOVE)) {
		p->removable = DEVMEMHP_REMOVABLE_NEVER;
		snprintf(why, len, "%s cannot hot-remove memory", m->arch->name);
	} else if (q->flags & DEVICE_MEMORY_DEVICE) {
		p->removable = DEVMEMHP_REMOVABLE_YES;
		snprintf(why, len, "device memory: it has no blocks to offline; the driver's "
			 "memunmap_pages() takes it out");
	} else if (kernel) {
		char name[48];

		p->removable = DEVMEMHP_REMOVABLE_MAYBE;
		if (kernel->count == 1)
			snprintf(name, sizeof(name), "memory%" PRIu64, kernel->first);
		else
			snprintf(name, sizeof(name), "memory%" PRIu64 "-memory%" PRIu64, kernel->first,
				 kernel->first + kernel->count - 1);
		/* v6.1 mm/memory_hotplug.c offline_pages(): start_isolate_page_range()
		 * fails on an unmovable page */
		dmh_why(why, len, "%s online in %s: offlining fails with -EBUSY once an unmovable "
			"kernel allocation lands there%s", name,
			devmemhp_zone_name(kernel->zone) ? devmemhp_zone_name(kernel->zone) : "none",
			whole ? "; it holds its memmap: only whole" : "");
	} else if (whole) {
		p->removable = DEVMEMHP_REMOVABLE_WHOLE;
		snprintf(why, len, "its memmap lives on it (memmap_on_memory): offline it, then "
			 "remove the whole add at once (Linux %s's try_remove_memory())",
			 m->kernel->name);
	} else {
		p->removable = DEVMEMHP_REMOVABLE_YES;
		snprintf(why, len, offline ? "its blocks stay offline: remove it as it is, or online "
			 "it to Movable to keep it removable" : "Movable: offline it (its pages "
			 "migrate), then remove it");
	}
}

/* A dry run, under the writer lock dmh_api_enter() took: commits that keep
 * their state aside. */
static void plan_begin(struct devmemhp_machine *m)
{
	m->dry_run = true;
}

static void plan_end(struct devmemhp_machine *m, const struct devmemhp_plan *p,
		     struct devmemhp_plan *out)
{
	dmh_dry_drop(m);
	m->dry_run = false;
	dmh_api_leave(m, DMH_API_WRITE);
	dmh_copy_sized(out, p, sizeof(*p));
}

static void plan_failed(const struct devmemhp_machine *m, int rc, struct devmemhp_plan *p)
{
	p->result = rc;
	snprintf(p->reason, sizeof(p->reason), "%s", devmemhp_last_error(m));
}

DMH_EXPORT int devmemhp_plan_add(struct devmemhp_machine *m, const struct devmemhp_add_params *params,
				 struct devmemhp_plan *plan)
{
	struct devmemhp_plan p = { .size = sizeof(p) };
	struct dmh_zone_whys whys = { 0 };
	struct dmh_add_req q;
	int rc;

	rc = dmh_api_enter(m, "plan_add", !params ? "params is NULL" : DMH_API_SIZED(plan, "plan"),
			   DMH_API_WRITE);
	if (rc)
		return rc;
	plan_begin(m);
	rc = dmh_add_params_check(m, params, &q);
	if (rc) {
		plan_failed(m, rc, &p);
	} else {
		const bool device = q.flags & DEVICE_MEMORY_DEVICE;
		int nid = q.nid;

		plan_alignment(&p, q.start, q.end, device ? dmh_subsection_size(m) : m->block_size);
		m->zone_whys = &whys;
		m->enomem_leaves = 0;
		m->enomem_nr_payers = 0;
		rc = dmh_add_locked(m, &q);
		m->zone_whys = NULL;
		p.nid = nid;
		if (rc) {
			plan_failed(m, rc, &p);
			/* -ENOMEM for want of memory: what Linux would spend and keep */
			p.kernel_leaves_bytes = m->enomem_leaves;
			p.nr_payers = m->enomem_nr_payers;
			memcpy(p.payers, m->enomem_payers, sizeof(p.payers));
		} else {
			long r = dmh_range_find(m->dry, q.start);

			if (r >= 0) {
				nid = p.nid = m->dry->ranges[r].nid;
				p.memmap_on_memory = !device && m->dry->ranges[r].vmemmap_pages;
			}
			plan_deltas(m, m->st, m->dry, &p);
			plan_payers(m, m->st, m->dry, &p);
			if (!device) {
				plan_blocks(m, m->dry, q.start / m->block_size,
					    (q.end - q.start) / m->block_size, false, &p);
				plan_zone_whys(m, m->dry, &whys, &p);
			}
			plan_balance(m, m->dry, nid, &p);
		}
		memmap_on_memory_why(m, &q, &p);
		if (!rc)
			plan_removable(m, &q, &p);
	}
	plan_end(m, &p, plan);
	return 0;
}

DMH_EXPORT int devmemhp_plan_remove(struct devmemhp_machine *m, uint64_t start, uint64_t size,
				    unsigned int flags, struct devmemhp_plan *plan)
{
	struct devmemhp_plan p = { .size = sizeof(p) };
	const uint64_t end = start + size;
	int rc, nid = 0;
	long r;

	rc = dmh_api_enter(m, "plan_remove", DMH_API_SIZED(plan, "plan"), DMH_API_WRITE);
	if (rc)
		return rc;
	plan_begin(m);
	/* the remove's own verdict on its arguments (hotplug.c), in its order;
	 * the picture of the range below walks only the runs of blocks there
	 * are, so a huge range costs what the model holds, not what it spans */
	rc = dmh_remove_check_args(m, start, size, flags);
	if (rc)
		plan_failed(m, rc, &p);
	r = size && end > start ? dmh_range_find(m->st, start) : -1;
	if (r >= 0) {
		const struct dmh_range *range = &m->st->ranges[r];
		/* boot RAM has memory blocks too (plan.c once took it for device memory) */
		const bool ram = range->kind != DMH_RANGE_DEVICE;

		nid = range->nid;
		plan_alignment(&p, start, end, ram ? m->block_size : dmh_subsection_size(m));
		if (ram) {
			plan_blocks(m, m->st, start / m->block_size, size / m->block_size, true, &p);
			plan_zone_whys(m, m->st, NULL, &p);
		}
		/* what offlining the online blocks would say, each run from now */
		for (unsigned int i = 0; i < p.nr_runs && !p.offline_result; i++) {
			const struct devmemhp_plan_run *run = &p.runs[i];

			if (run->online)
				p.offline_result = dmh_offline_locked(
					m, run->first * m->block_size,
					(run->first + run->count) * m->block_size);
		}
		dmh_dry_drop(m);
	}
	p.nid = nid;
	if (!rc && (rc = dmh_remove_locked(m, start, end, flags)) != 0) {
		plan_failed(m, rc, &p);
	} else if (!rc) {
		plan_deltas(m, m->st, m->dry, &p);
		plan_payers(m, m->st, m->dry, &p);
		plan_balance(m, m->dry, nid, &p);
	}
	plan_end(m, &p, plan);
	return 0;
}
