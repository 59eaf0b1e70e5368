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
	dmh_linindex_free(atomic_load_explicit(&st->lin_index, memory_order_relaxed));
	dmh_free(st);
}

static int dup_array(void **dst, size_t *cap, const void *src, size_t nr, size_t elem)
{
	*dst = NULL;
	*cap = 0;
	if (!nr)
		return 0;
	if (dmh_grow(dst, cap, nr, elem))
		return -ENOMEM;
	memcpy(*dst, src, nr * elem);
	return 0;
}

struct dmh_state *dmh_state_clone(const struct dmh_state *src, unsigned int nodes)
{
	struct dmh_state *st = dmh_calloc(1, sizeof(*st));
	size_t zcap = 0;

	if (!st)
		return NULL;
	memcpy(st->direct_pages, src->direct_pages, sizeof(st->direct_pages));
	memcpy(st->boot_skew, src->boot_skew, sizeof(st->boot_skew));
	st->max_pfn = src->max_pfn;
	st->nr_ranges = src->nr_ranges;
	st->nr_blocks = src->nr_blocks;
	st->nr_extents = src->nr_extents;
	st->nr_groups = src->nr_groups;
	st->nr_unmovable = src->nr_unmovable;
	st->nr_charges = src->nr_charges;
	st->next_group_id = src->next_group_id;
	st->pgd = pt_get(src->pgd);
	if (dmh_restree_clone(&st->iomem, &src->iomem) ||
	    dup_array((void **)&st->ranges, &st->cap_ranges, src->ranges, src->nr_ranges,
		      sizeof(*st->ranges)) ||
	    dup_array((void **)&st->blocks, &st->cap_blocks, src->blocks, src->nr_blocks,
		      sizeof(*st->blocks)) ||
	    dup_array((void **)&st->extents, &st->cap_extents, src->extents, src->nr_extents,
		      sizeof(*st->extents)) ||
	    dup_array((void **)&st->groups, &st->cap_groups, src->groups, src->nr_groups,
		      sizeof(*st->groups)) ||
	    dup_array((void **)&st->zones, &zcap, src->zones, (size_t)nodes * DMH_NR_ZONES,
		      sizeof(*st->zones)) ||
	    dup_array((void **)&st->node_online, &zcap, src->node_online, nodes,
		      sizeof(*st->node_online)) ||
	    dup_array((void **)&st->unmovable, &st->cap_unmovable, src->unmovable,
		      src->nr_unmovable, sizeof(*st->unmovable)) ||
	    dup_array((void **)&st->reserved, &zcap, src->reserved, (size_t)nodes * DMH_NR_ZONES,
		      sizeof(*st->reserved)) ||
	    dup_array((void **)&st->charges, &st->cap_charges, src->charges, src->nr_charges,
		      sizeof(*st->charges))) {
		dmh_state_free(st);
		return NULL;
	}
	return st;
}

long dmh_range_find(const struct dmh_state *st, uint64_t pfn_addr)
{
	for (size_t i = 0; i < st->nr_ranges && st->ranges[i].start <= pfn_addr; i++)
		if (pfn_addr < st->ranges[i].end)
			return (long)i;
	return -1;
}

int dmh_range_insert(struct dmh_state *st, const struct dmh_range *r)
{
	size_t pos = 0;

	if (dmh_grow((void **)&st->ranges, &st->cap_ranges, st->nr_ranges + 1, sizeof(*r)))
		return -ENOMEM;
	while (pos < st->nr_ranges && st->ranges[pos].start < r->start)
		pos++;
	memmove(&st->ranges[pos + 1], &st->ranges[pos], (st->nr_ranges - pos) * sizeof(*r));
	st->ranges[pos] = *r;
	st->nr_ranges++;
	return 0;
}

void dmh_range_delete(struct dmh_state *st, size_t i)
{
	memmove(&st->ranges[i], &st->ranges[i + 1], (st->nr_ranges - i - 1) * sizeof(*st->ranges));
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
