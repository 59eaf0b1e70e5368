/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The state a machine boots into: e820 "System RAM" resources, zones from
 * free_area_init(), the linear map of init_mem_mapping(), the memmap of
 * sparse_init() and the memory blocks of memory_dev_init().
 */
#include <errno.h>
#include <stdlib.h>

#include "accounting.h"
#include "boot.h"
#include "kernel.h"
#include "linear.h"
#include "machine.h"
#include "memory_block.h"
#include "pgtable.h"
#include "private.h"
#include "resource.h"
#include "sparse.h"
#include "state.h"
#include "zone.h"

#define KERNEL_ATTRS (DMH_PT_RW | DMH_PT_NX | DMH_PT_GLOBAL)

struct boot_ctx {
	struct devmemhp_machine *m;
	struct dmh_state *st;
	struct pt_ctx *c;
};

static int boot_map_one(void *ctx, uint64_t start, uint64_t end)
{
	struct boot_ctx *b = ctx;

	return dmh_linear_map(b->m, b->st, b->c, start, end, KERNEL_ATTRS);
}

static int boot_table(void *ctx, uint64_t va, unsigned int level)
{
	struct boot_ctx *b = ctx;

	if (level >= b->m->geo.levels)
		return -EINVAL;
	return pt_touch(b->c, &b->st->pgd, va, level);
}

/* Is the kernel image mapped apart (geometry.kernel_image_leaf_levels), and where? */
static bool kernel_image(const struct devmemhp_machine *m, uint64_t *start, uint64_t *end)
{
	*start = m->geo.kernel_image_start;
	*end = m->geo.kernel_image_end;
	return m->geo.kernel_image_leaf_levels && *start < *end;
}

/* The whole pages of a boot range the linear map reaches (lowmem) and maps:
 * for_each_mem_range() of map_mem() skips MEMBLOCK_NOMAP.  False if none. */
static bool memblock_range(const struct devmemhp_machine *m, const struct dmh_boot_range *b,
			   uint64_t *start, uint64_t *end)
{
	const uint64_t psz = dmh_page_size(m);
	const uint64_t lo = m->geo.phys_offset;
	const uint64_t hi = lo + DMH_MIN(m->geo.linear_size, UINT64_MAX - lo);

	*start = DMH_MAX(DMH_ALIGN_UP(b->start, psz), lo);
	*end = DMH_MIN(DMH_ALIGN_DOWN(b->end, psz), hi);
	return !b->nomap && *start < *end;
}

/* memblock's view of the boot RAM map_mem() maps, adjacent ranges merged,
 * the kernel image left out where the geometry maps it apart: map_mem()
 * marks it NOMAP meanwhile */
static int memblock_ranges(const struct devmemhp_machine *m, struct devmemhp_phys_range **out,
			   unsigned int *nr)
{
	const struct dmh_boot_range *boot = m->cfg.boot;
	/* the image splits one range in two at most */
	struct devmemhp_phys_range *ram = dmh_calloc(m->cfg.nr_boot + 1, sizeof(*ram));
	uint64_t ks, ke;
	bool cut = kernel_image(m, &ks, &ke);
	unsigned int n = 0;

	if (!ram)
		return -ENOMEM;
	for (size_t i = 0; i < m->cfg.nr_boot; i++) {
		uint64_t s, e;

		if (!memblock_range(m, &boot[i], &s, &e))
			continue;
		if (n && ram[n - 1].end == s)
			ram[n - 1].end = e;
		else
			ram[n++] = (struct devmemhp_phys_range){ s, e };
	}
	for (unsigned int i = 0; cut && i < n; i++) {
		const struct devmemhp_phys_range r = ram[i];
		struct devmemhp_phys_range piece[2] = { { r.start, ks }, { ke, r.end } };
		unsigned int np = 0;

		if (ks < r.start || ke > r.end)
			continue;
		/* memblock_mark_nomap(kernel_start, kernel_end - kernel_start) */
		for (unsigned int p = 0; p < 2; p++)
			if (piece[p].start < piece[p].end)
				piece[np++] = piece[p];
		memmove(&ram[i + np], &ram[i + 1], (n - i - 1) * sizeof(*ram));
		memcpy(&ram[i], piece, np * sizeof(*ram));
		n = n - 1 + np;
		break;
	}
	*out = ram;
	*nr = n;
	return 0;
}

/* One range of that view holds the kernel image whole, or there is none. */
bool dmh_kernel_image_fits(const struct devmemhp_machine *m)
{
	uint64_t ks, ke, run = 0, run_end = 0;

	if (!kernel_image(m, &ks, &ke))
		return true;
	for (size_t i = 0; i < m->cfg.nr_boot; i++) {
		uint64_t s, e;

		if (!memblock_range(m, &m->cfg.boot[i], &s, &e))
			continue;
		if (s != run_end || run == run_end)
			run = s;
		run_end = e;
		if (run <= ks && ke <= run_end)
			return true;
	}
	return false;
}

static int boot_linear_map(struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c)
{
	struct boot_ctx b = { m, st, c };
	struct devmemhp_phys_range *ram;
	unsigned int nr;
	uint64_t ks, ke;
	int rc;

	if (!(m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP))
		return 0;
	rc = memblock_ranges(m, &ram, &nr);
	if (rc)
		return rc;
	if (m->arch->boot_map) {
		rc = m->arch->boot_map(&m->geo, ram, nr, boot_map_one, boot_table, &b);
	} else {
		for (unsigned int i = 0; i < nr && !rc; i++)
			rc = boot_map_one(&b, ram[i].start, ram[i].end);
	}
	dmh_free(ram);
	/* then the image's linear alias on its own, read-only once
	 * mark_linear_text_alias_ro() has run (PAGE_KERNEL_RO) */
	if (!rc && kernel_image(m, &ks, &ke))
		rc = dmh_linear_map_apart(m, st, c, ks, ke, KERNEL_ATTRS & ~DMH_PT_RW,
					  m->geo.kernel_image_leaf_levels);
	return rc;
}

/*
 * The first block after id whose answer from early_node_zone_for_memory_block()
 * may differ from id's: a block holding the first or the end pfn of one of the
 * node's zones, or the block after it.  Every block between two of these lies
 * wholly inside or wholly outside each zone, so they all get the same zone.
 */
static uint64_t next_zone_edge(const struct devmemhp_machine *m, const struct dmh_state *st,
			       int nid, uint64_t id)
{
	const uint64_t bpages = m->block_size >> m->geo.page_shift;
	uint64_t next = UINT64_MAX;

	for (int zid = 0; zid < DMH_NR_ZONES; zid++) {
		const struct dmh_zone *z = dmh_zone(st, nid, zid);
		const uint64_t edge[2] = { z->start_pfn, z->start_pfn + z->spanned };

		if (!z->present || !z->spanned)
			continue;
		for (int e = 0; e < 2; e++) {
			const uint64_t b = edge[e] / bpages;

			if (b > id)
				next = DMH_MIN(next, b);
			if (b + 1 > id)
				next = DMH_MIN(next, b + 1);
		}
	}
	return next;
}

/* The first block after id that already has a run, or UINT64_MAX. */
static uint64_t next_taken(const struct dmh_state *st, uint64_t id)
{
	for (size_t i = 0; i < st->nr_blocks; i++)
		if (st->blocks[i].first > id)
			return st->blocks[i].first;
	return UINT64_MAX;
}

/* memory_dev_init(): a block for every present section, online; then
 * register_one_node() links each to the nodes whose RAM it holds.  Blocks
 * are added a run at a time: boot costs what the ranges and zones cost, not
 * what the blocks do. */
static int boot_blocks(const struct devmemhp_machine *m, struct dmh_state *st)
{
	const uint64_t bpages = m->block_size >> m->geo.page_shift;

	for (size_t i = 0; i < st->nr_ranges; i++) {
		const struct dmh_range *r = &st->ranges[i];
		const uint64_t first = dmh_pfn(m, r->start) / bpages;
		const uint64_t last = (dmh_pfn(m, r->end - 1)) / bpages;

		for (uint64_t id = first; id <= last;) {
			struct dmh_block_run run = {
				.first = id, .online = true, .nid = r->nid, .early = true,
			};
			long k = dmh_block_find(st, id);
			uint64_t end;
			int rc;

			/* v6.12 drivers/base/memory.c memory_block_add_nid(): RAM of a
			 * second node in an early block leaves it in no single zone
			 * (valid_zones "none", never offlined); it keeps the lowest node,
			 * the first of its nodeN links as ls(1) lists them */
			if (k >= 0 && st->blocks[k].nid != r->nid) {
				rc = dmh_block_assign(st, id, true, DMH_ZONE_NONE,
						      DMH_MIN(st->blocks[k].nid, r->nid));
				if (rc)
					return rc;
				id++;
				continue;
			}
			if (k >= 0) { /* the same node's blocks: nothing to add */
				end = st->blocks[k].first + st->blocks[k].count;
				id = end > last ? last + 1 : end;
				continue;
			}
			end = DMH_MIN(DMH_MIN(next_zone_edge(m, st, r->nid, id), next_taken(st, id)),
				      last + 1);
			run.count = end - id;
			run.zone = dmh_early_block_zone(m, st, r->nid, id * bpages, bpages);
			/* Linux 4.9 keeps each block's zone in its pages, offline too */
			run.zone_fixed = m->kernel->zones_at_add && run.zone != DMH_ZONE_NONE;
			run.fixed_zone = run.zone_fixed ? run.zone : 0;
			rc = dmh_blocks_add(st, &run);
			if (rc)
				return rc;
			id = end;
		}
	}
	return 0;
}

/* The boot RAM's resource: e820 RAM is marked busy (do_mark_busy()); arm64's
 * request_standard_resources() names NOMAP memory "reserved", IORESOURCE_MEM
 * and not busy. */
static int boot_resource(struct dmh_state *st, const struct dmh_boot_range *b)
{
	size_t i;
	int rc;

	if (!b->nomap)
		return dmh_request_region(&st->iomem, b->start, b->end - b->start, "System RAM",
					  DMH_IORESOURCE_SYSRAM, DMH_IORES_DESC_NONE, NULL);
	rc = dmh_request_region(&st->iomem, b->start, b->end - b->start, "reserved", 0,
				DMH_IORES_DESC_NONE, &i);
	if (!rc)
		dmh_res_w(&st->iomem, i)->flags = DMH_IORESOURCE_MEM;
	return rc;
}

int dmh_boot(struct devmemhp_machine *m, struct dmh_state **out)
{
	struct dmh_state *st = dmh_calloc(1, sizeof(*st));
	struct pt_ctx c;
	struct pt_stats ps;
	int rc = -ENOMEM;

	if (!st)
		return -ENOMEM;
	m->pt_gen++;
	dmh_pt_ctx_init(m, &c, true);
	st->next_group_id = 1;
	dmh_restree_init(&st->iomem, m->geo.phys_bits >= 64 ? UINT64_MAX
							    : ((uint64_t)1 << m->geo.phys_bits) - 1);
	st->zones = dmh_calloc((size_t)m->cfg.nodes * DMH_NR_ZONES, sizeof(*st->zones));
	st->node_online = dmh_calloc(m->cfg.nodes, sizeof(*st->node_online));
	if (!st->zones || !st->node_online)
		goto fail;
	for (size_t i = 0; i < m->cfg.nr_boot; i++) {
		const struct dmh_boot_range *b = &m->cfg.boot[i];
		struct dmh_range r = {
			.start = b->start, .end = b->end, .nid = b->nid, .kind = DMH_RANGE_BOOT,
			.attrs = KERNEL_ATTRS, .nomap = b->nomap,
		};

		rc = dmh_range_insert(st, &r);
		if (!rc)
			rc = boot_resource(st, b);
		if (rc)
			goto fail;
		st->max_pfn = DMH_MAX(st->max_pfn, dmh_pfn(m, b->end)); /* e820__end_of_ram_pfn() */
		st->node_online[b->nid] = true;
	}
	rc = dmh_zones_boot(m, st);
	if (!rc)
		rc = dmh_acct_boot(m, st);
	for (size_t z = 0; !rc && m->kernel->zones_at_add && z < m->cfg.nodes * DMH_NR_ZONES; z++)
		st->zones[z].initialized = st->zones[z].spanned != 0; /* free_area_init_core() */
	if (!rc)
		rc = boot_blocks(m, st);
	if (!rc)
		rc = pt_new_root(&c, &st->pgd);
	if (!rc)
		rc = boot_linear_map(m, st, &c);
	if (!rc)
		rc = dmh_sparse_boot(m, st, &c);
	if (rc)
		goto fail;
	pt_seal(&c, st->pgd);
	/* The counters count kept entries again at boot; remember by how much. */
	dmh_linear_stats(m, st, &ps);
	for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++)
		st->boot_skew[l] = st->direct_pages[l] - (int64_t)ps.leaves[l];
	*out = st;
	return 0;
fail:
	dmh_state_free(st);
	return rc;
}
