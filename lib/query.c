/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Queries.  They take the machine's lock shared, so they may run on many
 * threads while another one hot-plugs; each sees the state before or after
 * a mutation, never the middle of one.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "api.h"
#include "accounting.h"
#include "linear.h"
#include "linindex.h"
#include "machine.h"
#include "memory_block.h"
#include "pgtable.h"
#include "private.h"
#include "query.h"
#include "sparse.h"
#include "state.h"
#include "zone.h"

static bool in_linear(const struct devmemhp_machine *m, uint64_t va)
{
	return (m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP) && va >= m->geo.linear_base &&
	       va - m->geo.linear_base < m->geo.linear_size;
}

static bool in_vmemmap(const struct devmemhp_machine *m, uint64_t va)
{
	return m->geo.vmemmap_base && va >= m->geo.vmemmap_base && va < dmh_vmemmap_end(m);
}

/* A vmemmap page that lives on its own block (altmap): where? */
static int altmap_phys(const struct devmemhp_machine *m, uint64_t va, unsigned int level,
		       uint64_t *pa)
{
	const uint64_t leaf = dmh_level_size(&m->geo, level);
	const uint64_t pfn = dmh_memmap_pfn(m, va);
	long i = dmh_range_find(m->st, pfn << m->geo.page_shift);
	const struct dmh_range *r;
	uint64_t base, owner;

	if (i < 0)
		return -EFAULT;
	r = &m->st->ranges[i];
	/* vmemmap_alloc_block_buf() hands out the altmap in order, after its reserve */
	base = dmh_altmap_base_pfn(m, r, pfn);
	owner = r->altmap_per_block ? DMH_ALIGN_DOWN(pfn, m->block_size >> m->geo.page_shift)
				    : dmh_pfn(m, r->start);
	*pa = (base << m->geo.page_shift) +
	      (DMH_ALIGN_DOWN(va, leaf) - DMH_ALIGN_DOWN(dmh_memmap_va(m, owner), leaf)) +
	      (va & (leaf - 1));
	return 0;
}

DMH_EXPORT int devmemhp_virt_to_phys(const struct devmemhp_machine *m, uint64_t va, uint64_t *pa,
				     unsigned int *page_shift)
{
	unsigned int level, attrs, shift = 0;
	uint64_t phys = 0; /* gcc 12 -O1 cannot see that rc covers it */
	int rc;

	if (!m || !pa)
		return dmh_err(m, -EINVAL, "virt_to_phys: %s is NULL", m ? "pa" : "machine");
	dmh_read_lock(m);
	if (in_linear(m, va)) {
		rc = dmh_linear_lookup(m, m->st, va, &shift);
		phys = dmh_linear_pa(m, va);
	} else if (in_vmemmap(m, va)) {
		rc = pt_lookup(&m->geo, m->st->pgd, va, &level, &attrs);
		if (!rc) {
			shift = dmh_level_shift(&m->geo, level);
			rc = attrs & DMH_PT_ALTMAP ? altmap_phys(m, va, level, &phys) : -ENODATA;
		}
	} else {
		rc = -EFAULT;
	}
	dmh_read_unlock(m);
	if (rc == -ENOENT)
		return dmh_miss(m, -EFAULT, "virt_to_phys: %#" PRIx64 " is not mapped", va);
	if (rc == -ENODATA)
		return dmh_miss(m, -EFAULT, "virt_to_phys: %#" PRIx64 " is a vmemmap page on memory "
			       "the model does not place", va);
	if (rc)
		return dmh_miss(m, -EFAULT, "virt_to_phys: %#" PRIx64 " is neither a linear-map nor a "
			       "vmemmap address", va);
	*pa = phys;
	if (page_shift)
		*page_shift = shift;
	return 0;
}

DMH_EXPORT int devmemhp_phys_to_virt(const struct devmemhp_machine *m, uint64_t pa, uint64_t *va)
{
	int rc = -ENOENT;

	if (!m || !va)
		return dmh_err(m, -EINVAL, "phys_to_virt: %s is NULL", m ? "va" : "machine");
	dmh_read_lock(m);
	if ((m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP) && dmh_linear_covers(m, pa, pa + 1))
		rc = dmh_linear_lookup(m, m->st, dmh_linear_va(m, pa), NULL);
	dmh_read_unlock(m);
	if (rc)
		return dmh_miss(m, -EFAULT, "phys_to_virt: %#" PRIx64 " has no linear-map entry", pa);
	*va = dmh_linear_va(m, pa);
	return 0;
}

DMH_EXPORT int devmemhp_page_info(const struct devmemhp_machine *m, uint64_t pfn,
				  struct devmemhp_page_info *info)
{
	struct devmemhp_page_info pi = { .size = sizeof(pi) };
	const uint64_t psz = m ? dmh_page_size(m) : 0;
	const struct dmh_range *r = NULL;
	long i, x;
	int rc;

	rc = dmh_api_enter(m, "page_info", DMH_API_SIZED(info, "info"), DMH_API_NONE);
	if (rc)
		return rc;
	if (pfn > (UINT64_MAX >> m->geo.page_shift))
		return dmh_err(m, -ENOENT, "page_info: pfn %#" PRIx64 " is beyond 64 bits", pfn);
	dmh_read_lock(m);
	i = dmh_range_find(m->st, pfn << m->geo.page_shift);
	if (i >= 0) {
		r = &m->st->ranges[i];
		/* a boot range holds whole pages only */
		if (pfn < dmh_pfn(m, DMH_ALIGN_UP(r->start, psz)) || pfn >= dmh_pfn(m, r->end))
			r = NULL;
	}
	if (r) {
		pi.pfn = pfn;
		pi.state = DEVMEMHP_PAGE_PRESENT;
		pi.flags = r->flags;
		pi.nid = r->nid;
		pi.zone = DEVMEMHP_ZONE_NONE;
		pi.section = pfn >> (m->geo.section_shift - m->geo.page_shift);
		pi.block = pfn / (m->block_size >> m->geo.page_shift);
		pi.range_start = r->start;
		pi.range_size = r->end - r->start;
		pi.memmap_va = dmh_memmap_va(m, pfn);
		if (r->kind == DMH_RANGE_BOOT)
			pi.state |= DEVMEMHP_PAGE_EARLY;
		if (r->kind == DMH_RANGE_DEVICE) {
			pi.state |= DEVMEMHP_PAGE_DEVICE;
			pi.zone = DEVMEMHP_ZONE_DEVICE;
			pi.block = UINT64_MAX;
		}
		if (pfn >= dmh_altmap_base_pfn(m, r, pfn) &&
		    pfn < dmh_altmap_base_pfn(m, r, pfn) + r->vmemmap_pages)
			pi.state |= DEVMEMHP_PAGE_VMEMMAP_SELF;
		x = dmh_extent_find(m->st, pfn);
		if (x >= 0) {
			pi.state |= DEVMEMHP_PAGE_ONLINE;
			pi.zone = (enum devmemhp_zone)m->st->extents[x].zone;
		}
		if ((m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP) &&
		    dmh_linear_covers(m, pfn << m->geo.page_shift, (pfn + 1) << m->geo.page_shift) &&
		    dmh_linear_lookup(m, m->st, dmh_linear_va(m, pfn << m->geo.page_shift),
				      &pi.linear_page_shift) == 0) {
			pi.state |= DEVMEMHP_PAGE_MAPPED;
			pi.linear_va = dmh_linear_va(m, pfn << m->geo.page_shift);
		}
	}
	dmh_read_unlock(m);
	if (!r)
		return dmh_miss(m, -ENOENT, "page_info: pfn %#" PRIx64 " is not memory of this machine",
			       pfn);
	dmh_copy_sized(info, &pi, sizeof(pi));
	return 0;
}

void dmh_stats_of(const struct devmemhp_machine *m, const struct dmh_state *st,
		  struct devmemhp_stats *s)
{
	struct pt_stats lin, vmm;

	*s = (struct devmemhp_stats){ .size = sizeof(*s) };
	dmh_linear_stats(m, st, &lin);
	if (m->geo.vmemmap_base)
		pt_region_stats(&m->geo, st->pgd, m->geo.vmemmap_base, dmh_vmemmap_end(m), &vmm);
	else
		memset(&vmm, 0, sizeof(vmm));
	for (unsigned int l = 0; l < DEVMEMHP_MAX_LEVELS; l++) {
		if (l < m->geo.levels)
			s->direct_map_bytes[l] = (uint64_t)st->direct_pages[l] << dmh_level_shift(&m->geo, l);
		s->direct_map_leaves[l] = lin.leaves[l];
		s->direct_map_table_pages[l] = lin.tables[l];
		s->vmemmap_table_pages[l] = vmm.tables[l];
	}
	dmh_memmap_bytes(m, st, &s->memmap_bytes, &s->memmap_altmap_bytes);
	for (size_t i = 0; i < st->nr_ranges; i++) {
		const struct dmh_range *r = &st->ranges[i];
		uint64_t len = r->kind == DMH_RANGE_BOOT
				       ? DMH_ALIGN_DOWN(r->end, dmh_page_size(m)) -
					 DMH_ALIGN_UP(r->start, dmh_page_size(m))
				       : r->end - r->start;

		s->present_bytes += len;
		if (r->kind == DMH_RANGE_DEVICE) {
			s->device_bytes += len;
			if (r->flags & DEVICE_MEMORY_UNADDRESSABLE)
				s->unaddressable_bytes += len;
		}
		if (r->kind != DMH_RANGE_BOOT)
			s->ranges++;
	}
	for (unsigned int n = 0; n < m->cfg.nodes; n++)
		for (int z = 0; z < DMH_NR_ZONES; z++) {
			s->online_bytes += dmh_zone(st, (int)n, z)->present << m->geo.page_shift;
			s->managed_bytes += dmh_zone(st, (int)n, z)->managed << m->geo.page_shift;
		}
	s->free_bytes = dmh_free_pages(m, st) << m->geo.page_shift;
	s->memory_blocks = dmh_blocks_count(st, false);
	s->memory_blocks_online = dmh_blocks_count(st, true);
	s->block_size = m->block_size;
	s->max_pfn = st->max_pfn;
	/* with highmem, __va() of where highmem starts (x86 init_32.c: initmem_init()) */
	s->high_memory = dmh_linear_va(m, m->geo.zone_highmem_start
						  ? DMH_MIN(st->max_pfn << m->geo.page_shift,
							    m->geo.zone_highmem_start)
						  : st->max_pfn << m->geo.page_shift);
}

DMH_EXPORT int devmemhp_get_stats(const struct devmemhp_machine *m, struct devmemhp_stats *out)
{
	struct devmemhp_stats s;
	int rc;

	rc = dmh_api_enter(m, "get_stats", DMH_API_SIZED(out, "st"), DMH_API_READ);
	if (rc)
		return rc;
	dmh_stats_of(m, m->st, &s);
	dmh_api_leave(m, DMH_API_READ);
	dmh_copy_sized(out, &s, sizeof(s));
	return 0;
}

_Static_assert(DMH_PT_RW == DEVMEMHP_PROT_RW && DMH_PT_NX == DEVMEMHP_PROT_NX &&
		       DMH_PT_GLOBAL == DEVMEMHP_PROT_GLOBAL && DMH_PT_PCD == DEVMEMHP_PROT_PCD &&
		       DMH_PT_ENC == DEVMEMHP_PROT_ENC && DMH_PT_ALTMAP == DEVMEMHP_PROT_ALTMAP &&
		       DMH_PT_SHARED == DEVMEMHP_PROT_SHARED && DMH_PT_CONT == DEVMEMHP_PROT_CONT &&
		       DMH_PT_ATTRS == 0xff,
	       "leaf attributes are reported as DEVMEMHP_PROT_* unchanged");

struct mapping_walk {
	const struct devmemhp_machine *m;
	enum devmemhp_map_region region;
	int (*fn)(const struct devmemhp_mapping *map, void *data);
	void *data;
};

static int mapping_run(void *ctx, uint64_t va, uint64_t va_end, unsigned int level,
		       unsigned int attrs)
{
	struct mapping_walk *w = ctx;
	struct devmemhp_mapping map = {
		.size = sizeof(map), .va = va, .va_end = va_end,
		.pa = w->region == DEVMEMHP_MAP_LINEAR ? dmh_linear_pa(w->m, va) : UINT64_MAX,
		.page_shift = dmh_level_shift(&w->m->geo, level),
		.prot = attrs, /* DMH_PT_* has the values of DEVMEMHP_PROT_* */
	};

	return w->fn(&map, w->data);
}

DMH_EXPORT int devmemhp_mapping_foreach(const struct devmemhp_machine *m,
				       enum devmemhp_map_region region,
				       int (*fn)(const struct devmemhp_mapping *map, void *data),
				       void *data)
{
	struct mapping_walk w = { m, region, fn, data };
	uint64_t va, va_end;
	int rc;

	rc = dmh_api_enter(m, "mapping_foreach", !fn ? "fn is NULL" : NULL, DMH_API_NONE);
	if (rc)
		return rc;
	if (region == DEVMEMHP_MAP_LINEAR) {
		if (!(m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP))
			return 0;
		va = m->geo.linear_base;
		va_end = m->geo.linear_base + m->geo.linear_size;
	} else if (region == DEVMEMHP_MAP_VMEMMAP) {
		if (!m->geo.vmemmap_base)
			return 0;
		va = m->geo.vmemmap_base;
		va_end = dmh_vmemmap_end(m);
	} else {
		return dmh_err(m, -EINVAL, "mapping_foreach: %d is not a region", (int)region);
	}
	dmh_read_lock(m);
	rc = pt_walk_leaves(&m->geo, m->st->pgd, va, va_end, mapping_run, &w);
	dmh_read_unlock(m);
	return rc;
}
