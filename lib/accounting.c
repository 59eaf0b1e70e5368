/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Free memory, and who pays for a hotplug.
 *
 * The model owns this part of MemFree: a zone's free pages are its managed
 * pages, minus what the kernel holds from boot (reserved=, or what an import
 * read), minus the memmap and page-table pages hot-adds took from it.  Onlined
 * hot-added memory is free as it comes (its managed pages), offlining takes
 * it out again; slab, page cache and user memory are not modelled.
 *
 * Where Linux takes the pages (x86_64, v6.1; the other backends follow the
 * same generic code for the memmap):
 *   - linear-map page tables: arch/x86/mm/init.c alloc_low_pages() after
 *     bootmem: __get_free_pages(GFP_ATOMIC), on the node of the CPU running
 *     the hotplug (numa_node_id()).  The model has no CPUs: node 0.
 *   - vmemmap page tables: mm/sparse-vmemmap.c vmemmap_{pgd,p4d,pud}_populate()
 *     -> vmemmap_alloc_block_zero(PAGE_SIZE, node): the range's node.
 *   - the memmap: arch/x86/mm/init_64.c vmemmap_populate_hugepages() ->
 *     vmemmap_alloc_block_buf(PMD_SIZE, node, altmap) -> alloc_pages_node(node,
 *     GFP_KERNEL|__GFP_RETRY_MAYFAIL|__GFP_NOWARN, 9); when that fails and there
 *     is no altmap, vmemmap_populate_basepages() for the 2 MiB (base pages and
 *     a PTE table).  memmap_on_memory and a device's altmap take it from the
 *     range itself: no free memory.
 * GFP_KERNEL walks the node's zonelist: the node first, then the others;
 * Linux orders them by distance (SLIT), the model has none and takes them in
 * increasing node id.  Inside a node: Normal, DMA32, DMA (never Movable or
 * HighMem).  An allocation must leave the zone's min watermark free
 * (mm/page_alloc.c v6.1 __zone_watermark_ok(); GFP_ATOMIC may go to 3/8 of
 * it: ALLOC_HIGH halves it, ALLOC_HARDER takes a quarter more).  lowmem_reserve
 * and fragmentation are not modelled.
 *
 * What a remove frees goes back to the zone it came from; page tables the
 * remove does not free (remove_pagetable() keeps some) stay charged.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "accounting.h"
#include "kernel.h"
#include "linear.h"
#include "machine.h"
#include "pgtable.h"
#include "private.h"
#include "sparse.h"
#include "state.h"

/* GFP_KERNEL inside one node: the highest kernel zone first */
static const int kernel_zones[] = { DMH_ZONE_NORMAL, DMH_ZONE_DMA32, DMH_ZONE_DMA };
/* the node alloc_low_pages() runs on (see above) */
#define DMH_HOTPLUG_CPU_NODE 0

/* The charges' pages per zone, kept beside them: free memory is asked on
 * every add. */
static uint64_t zone_charged(const struct dmh_state *st, int nid, int zone)
{
	return st->charged[(size_t)nid * DMH_NR_ZONES + (size_t)zone];
}

static void charged_add(struct dmh_state *st, const struct dmh_charge *ch, int64_t pages)
{
	st->charged[(size_t)ch->nid * DMH_NR_ZONES + (size_t)ch->zone] += (uint64_t)pages;
}

int64_t dmh_zone_free(const struct dmh_state *st, int nid, int zone)
{
	const struct dmh_zone *z = dmh_zone(st, nid, zone);

	return (int64_t)z->managed - (int64_t)st->reserved[(size_t)nid * DMH_NR_ZONES + (size_t)zone] -
	       (int64_t)zone_charged(st, nid, zone);
}

uint64_t dmh_node_free(const struct devmemhp_machine *m, const struct dmh_state *st, int nid)
{
	uint64_t sum = 0;

	(void)m;
	for (int z = 0; z < DMH_NR_ZONES; z++) {
		int64_t f = dmh_zone_free(st, nid, z);

		if (f > 0)
			sum += (uint64_t)f;
	}
	return sum;
}

uint64_t dmh_free_pages(const struct devmemhp_machine *m, const struct dmh_state *st)
{
	uint64_t sum = 0;

	for (unsigned int n = 0; n < m->cfg.nodes; n++)
		sum += dmh_node_free(m, st, (int)n);
	return sum;
}

uint64_t dmh_node_charged(const struct dmh_state *st, int nid, int kind)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < st->nr_charges; i++)
		if (st->charges[i].nid == nid && (kind < 0 || (int)st->charges[i].kind == kind))
			sum += st->charges[i].pages;
	return sum;
}

/* ---- boot ------------------------------------------------------------------ */

static uint64_t node_managed(const struct dmh_state *st, int nid)
{
	uint64_t sum = 0;

	for (int z = 0; z < DMH_NR_ZONES; z++)
		sum += dmh_zone(st, nid, z)->managed;
	return sum;
}

/* Hold pages of a node, its kernel zones first (memblock allocates top-down
 * from the highest kernel zone), HighMem last; what does not fit: -EDOM. */
static int hold(struct dmh_state *st, int nid, uint64_t pages)
{
	static const int order[] = { DMH_ZONE_NORMAL, DMH_ZONE_DMA32, DMH_ZONE_DMA,
				     DMH_ZONE_HIGHMEM, DMH_ZONE_MOVABLE };

	for (size_t i = 0; i < DMH_ARRAY_SIZE(order) && pages; i++) {
		const size_t k = (size_t)nid * DMH_NR_ZONES + (size_t)order[i];
		const uint64_t managed = st->zones[k].managed;
		const uint64_t take = DMH_MIN(pages, managed - DMH_MIN(managed, st->reserved[k]));

		st->reserved[k] += take;
		pages -= take;
	}
	return pages ? -EDOM : 0;
}

int dmh_acct_boot(const struct devmemhp_machine *m, struct dmh_state *st)
{
	const unsigned int shift = m->geo.page_shift;

	st->reserved = dmh_calloc((size_t)m->cfg.nodes * DMH_NR_ZONES, sizeof(*st->reserved));
	st->charged = dmh_calloc((size_t)m->cfg.nodes * DMH_NR_ZONES, sizeof(*st->charged));
	if (!st->reserved || !st->charged)
		return -ENOMEM;
	for (size_t i = 0; i < m->cfg.nr_reserve; i++) {
		const struct dmh_reserve *r = &m->cfg.reserve[i];
		const uint64_t pages = DMH_ALIGN_UP(r->bytes, (uint64_t)1 << shift) >> shift;
		uint64_t total = 0, left = pages;
		int last = -1;

		if (r->nid >= (int)m->cfg.nodes)
			continue; /* an import with fewer nodes */
		if (r->nid >= 0) {
			if (hold(st, r->nid, pages))
				return dmh_err(m->st ? m : NULL, -EDOM, "machine_new: reserved: %" PRIu64
					       " KiB on node "
					       "%d, which manages %" PRIu64 " KiB", r->bytes >> 10,
					       r->nid, node_managed(st, r->nid) << (shift - 10));
			continue;
		}
		/* spread by the nodes' managed pages, the rest on the last one */
		for (unsigned int n = 0; n < m->cfg.nodes; n++) {
			total += node_managed(st, (int)n);
			if (node_managed(st, (int)n))
				last = (int)n;
		}
		for (unsigned int n = 0; last >= 0 && (int)n < last; n++) {
			const uint64_t share = (uint64_t)((unsigned __int128)pages *
							  node_managed(st, (int)n) / total);

			if (hold(st, (int)n, share))
				break;
			left -= share;
		}
		if (last < 0 || hold(st, last, left))
			return dmh_err(m->st ? m : NULL, -EDOM, "machine_new: reserved: %" PRIu64
				       " KiB, but the "
				       "machine manages %" PRIu64 " KiB", r->bytes >> 10,
				       total << (shift - 10));
	}
	return 0;
}

void dmh_acct_set_free(const struct devmemhp_machine *m, struct dmh_state *st, int nid, int zone,
		       uint64_t free_pages)
{
	uint64_t managed, charged;

	(void)m;
	if (zone >= 0) {
		const size_t k = (size_t)nid * DMH_NR_ZONES + (size_t)zone;

		managed = st->zones[k].managed;
		charged = zone_charged(st, nid, zone);
		st->reserved[k] = managed - DMH_MIN(managed, free_pages + charged);
		return;
	}
	for (int z = 0; z < DMH_NR_ZONES; z++)
		st->reserved[(size_t)nid * DMH_NR_ZONES + (size_t)z] = 0;
	managed = node_managed(st, nid);
	charged = dmh_node_charged(st, nid, -1);
	hold(st, nid, managed - DMH_MIN(managed, free_pages + charged));
}

/* ---- charging ---------------------------------------------------------------- */

struct placer {
	const struct devmemhp_machine *m;
	struct dmh_state *st;
	int64_t *avail;     /* [nid * DMH_NR_ZONES + zone]: pages above the min watermark */
	int64_t *min;       /* the min watermark */
	uint64_t owner;
	uint64_t *paid;     /* [nid]: pages this add took from the node */
	int last_fit_nid, last_fit_zone; /* bulk_units(): the zone that takes them */
};

static uint64_t isqrt(uint64_t x) /* lib/math/int_sqrt.c: floor(sqrt(x)) */
{
	uint64_t r = 0, b = (uint64_t)1 << 62;

	while (b > x)
		b >>= 2;
	while (b) {
		if (x >= r + b) {
			x -= r + b;
			r = (r >> 1) + b;
		} else {
			r >>= 1;
		}
		b >>= 2;
	}
	return r;
}

/*
 * The min watermark of each zone, as mm/page_alloc.c v6.1 sets it:
 * init_per_zone_wmark_min(): min_free_kbytes = int_sqrt(lowmem_kbytes * 16)
 * clamped to [128, 262144], lowmem_kbytes from nr_free_buffer_pages() (the
 * model: the managed pages of DMA, DMA32 and Normal, high watermarks not
 * taken off); __setup_per_zone_wmarks(): each non-highmem zone its share by
 * managed pages; HighMem managed/1024 clamped to [32, 128].
 */
static void watermarks(const struct devmemhp_machine *m, const struct dmh_state *st, int64_t *min)
{
	uint64_t lowmem_kb = 0, lowmem_pages = 0, min_kb, pages_min;
	const size_t nz = (size_t)m->cfg.nodes * DMH_NR_ZONES;

	for (size_t k = 0; k < nz; k++) {
		const int z = (int)(k % DMH_NR_ZONES);

		if (z <= DMH_ZONE_NORMAL)
			lowmem_kb += st->zones[k].managed << (m->geo.page_shift - 10);
		if (z != DMH_ZONE_HIGHMEM)
			lowmem_pages += st->zones[k].managed;
	}
	min_kb = DMH_MIN(DMH_MAX(isqrt(lowmem_kb * 16), 128), 262144);
	pages_min = min_kb >> (m->geo.page_shift - 10);
	for (size_t k = 0; k < nz; k++) {
		const uint64_t managed = st->zones[k].managed;

		if (k % DMH_NR_ZONES == DMH_ZONE_HIGHMEM)
			min[k] = (int64_t)DMH_MIN(DMH_MAX(managed / 1024, 32), 128);
		else
			min[k] = lowmem_pages ? (int64_t)(pages_min * managed / lowmem_pages) : 0;
	}
}

static int charge(struct placer *p, int nid, int zone, enum dmh_charge_kind kind, uint64_t pages)
{
	struct dmh_state *st = p->st;
	const struct dmh_charge *last = st->nr_charges ? &st->charges[st->nr_charges - 1] : NULL;
	const struct dmh_charge ch = { .owner = p->owner, .pages = pages, .nid = nid,
				       .zone = zone, .kind = kind };

	if (last && last->owner == p->owner && last->nid == nid && last->zone == zone &&
	    last->kind == kind) {
		dmh_charges_w(st, st->nr_charges - 1, st->nr_charges)->pages += pages;
	} else {
		if (dmh_grow((void **)&st->charges, &st->cap_charges, st->nr_charges + 1,
			     sizeof(*st->charges)))
			return -ENOMEM;
		*dmh_charges_w(st, st->nr_charges, st->nr_charges + 1) = ch;
		st->nr_charges++;
	}
	charged_add(st, &ch, (int64_t)pages);
	p->avail[(size_t)nid * DMH_NR_ZONES + (size_t)zone] -= (int64_t)pages;
	p->paid[nid] += pages;
	return 0;
}

/* The n-th zone of node nid's GFP_KERNEL zonelist, or -1 past its end. */
static int zonelist(const struct devmemhp_machine *m, int nid, unsigned int i, int *zone)
{
	const unsigned int per = DMH_ARRAY_SIZE(kernel_zones);
	unsigned int n = i / per;

	if (n >= m->cfg.nodes)
		return -1;
	*zone = kernel_zones[i % per];
	/* the node itself, then the others by increasing id */
	return n == 0 ? nid : (int)(n - 1) < nid ? (int)(n - 1) : (int)n;
}

/* floor: how far below the min watermark the allocation may go, in 1/8 of it */
static int64_t room(const struct placer *p, size_t k, unsigned int floor_eighths)
{
	return p->avail[k] + p->min[k] - p->min[k] * (int64_t)floor_eighths / 8;
}

/* Pages one at a time (order 0): as many from each zone as it has. */
static int place_pages(struct placer *p, int nid, enum dmh_charge_kind kind, uint64_t pages,
		       unsigned int floor_eighths)
{
	int zone, n;

	for (unsigned int i = 0; pages && (n = zonelist(p->m, nid, i, &zone)) >= 0; i++) {
		const size_t k = (size_t)n * DMH_NR_ZONES + (size_t)zone;
		const int64_t r = room(p, k, floor_eighths);
		uint64_t take;
		int rc;

		if (r <= 0)
			continue;
		take = DMH_MIN(pages, (uint64_t)r);
		rc = charge(p, n, zone, kind, take);
		if (rc)
			return rc;
		pages -= take;
	}
	return pages ? -EAGAIN : 0;
}

/* One block of 2^order pages from a single zone. */
static int place_block(struct placer *p, int nid, enum dmh_charge_kind kind, uint64_t pages)
{
	int zone, n;

	for (unsigned int i = 0; (n = zonelist(p->m, nid, i, &zone)) >= 0; i++) {
		const size_t k = (size_t)n * DMH_NR_ZONES + (size_t)zone;

		if (room(p, k, 8) >= (int64_t)pages)
			return charge(p, n, zone, kind, pages);
	}
	return -EAGAIN;
}

/*
 * Whole sections' memmaps (unit pages each, in blocks of chunk) that the
 * first zone with room for a block takes in full, at most max: blocks go to
 * that zone one after another until it has no room for one, so taking as
 * many whole sections as fit at once places them as the loop would, in time
 * per zone instead of per section.  The zone is left in last_fit_*.
 */
static uint64_t bulk_units(struct placer *p, int nid, uint64_t unit, uint64_t chunk, uint64_t max)
{
	int zone, n;

	if (!max || unit % chunk)
		return 0;
	for (unsigned int i = 0; (n = zonelist(p->m, nid, i, &zone)) >= 0; i++) {
		const int64_t r = room(p, (size_t)n * DMH_NR_ZONES + (size_t)zone, 8);

		if (r < (int64_t)chunk)
			continue;
		p->last_fit_nid = n;
		p->last_fit_zone = zone;
		return DMH_MIN((uint64_t)r / unit, max);
	}
	return 0;
}

static uint64_t table_pages(const struct pt_stats *ps)
{
	uint64_t sum = 0;

	for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++)
		sum += ps->tables[l];
	return sum;
}

/* What st spends: memmap on separate memory, vmemmap and linear-map tables. */
/*
 * The pages st's memmap and page tables take.  Every add and remove asks it
 * of the state before and after: the state before is the one the last call
 * asked about after, so the answer for a page table (its root and hash) is
 * kept, with a reference to the root, until another replaces it.
 */
static void spent(const struct devmemhp_machine *m, const struct dmh_state *st, uint64_t *memmap,
		  uint64_t *vmemmap_pt, uint64_t *linear_pt)
{
	struct dmh_spent_memo *memo = &((struct devmemhp_machine *)m)->spent_memo;
	const uint64_t hash = pt_node_hash(st->pgd);
	struct pt_stats ps;
	uint64_t altmap;

	if (!m->geo.vmemmap_base) /* classic sparse: the memmap is per section, off the tables */
		dmh_memmap_bytes(m, st, memmap, &altmap);
	if (memo->root != st->pgd || memo->hash != hash) {
		memo->memmap = memo->vmemmap_pt = memo->linear_pt = 0;
		if (m->geo.vmemmap_base) {
			pt_region_stats(&m->geo, st->pgd, m->geo.vmemmap_base, dmh_vmemmap_end(m),
					&ps);
			dmh_memmap_bytes_of(m, &ps, &memo->memmap, &altmap);
			memo->vmemmap_pt = table_pages(&ps);
		}
		if (m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP) {
			dmh_linear_stats(m, st, &ps);
			memo->linear_pt = table_pages(&ps);
		}
		pt_put(memo->root);
		memo->root = pt_get(st->pgd);
		memo->hash = hash;
	}
	if (m->geo.vmemmap_base)
		*memmap = memo->memmap;
	*memmap >>= m->geo.page_shift;
	*vmemmap_pt = memo->vmemmap_pt;
	*linear_pt = memo->linear_pt;
}

static uint64_t delta(uint64_t after, uint64_t before)
{
	return after > before ? after - before : 0;
}

static void format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char units[][4] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned int u = 0;

	while (bytes >= 1024 && !(bytes & 1023) && u + 1 < DMH_ARRAY_SIZE(units)) {
		bytes >>= 10;
		u++;
	}
	snprintf(buf, len, "%" PRIu64 " %s", bytes, units[u]);
}

static void payers_of(const struct devmemhp_machine *m, const struct dmh_state *st,
		      const uint64_t *paid)
{
	struct devmemhp_machine *w = (struct devmemhp_machine *)m;

	w->enomem_nr_payers = 0;
	for (unsigned int n = 0; n < m->cfg.nodes && w->enomem_nr_payers < DEVMEMHP_PLAN_PAYERS; n++)
		if (paid[n])
			w->enomem_payers[w->enomem_nr_payers++] = (struct devmemhp_plan_payer){
				.nid = (int)n, .bytes = (int64_t)(paid[n] << m->geo.page_shift),
				.free_after = dmh_node_free(m, st, (int)n) << m->geo.page_shift,
			};
}

int dmh_acct_add(struct devmemhp_machine *m, const struct dmh_state *before, struct dmh_state *after,
		 struct pt_ctx *c, uint64_t start, uint64_t end, int nid, char *why, size_t whylen)
{
	const size_t nz = (size_t)m->cfg.nodes * DMH_NR_ZONES;
	const unsigned int shift = m->geo.page_shift;
	uint64_t mb, vb, lb, ma, va, la, memmap, unit, chunk, units, done = 0, leaves;
	struct placer p = { .m = m, .st = after, .owner = start };
	char need[32], left[32], has[32];
	int rc = 0;

	*why = '\0';
	m->enomem_leaves = 0;
	m->enomem_nr_payers = 0;
	pt_seal(c, after->pgd);
	spent(m, before, &mb, &vb, &lb);
	spent(m, after, &ma, &va, &la);
	memmap = delta(ma, mb);
	if (!memmap && va <= vb && la <= lb)
		return 0;
	p.avail = dmh_calloc(nz, sizeof(*p.avail));
	p.min = dmh_calloc(nz, sizeof(*p.min));
	p.paid = dmh_calloc(m->cfg.nodes, sizeof(*p.paid));
	if (!p.avail || !p.min || !p.paid) {
		rc = -ENOMEM;
		goto out;
	}
	watermarks(m, before, p.min);
	for (size_t k = 0; k < nz; k++)
		p.avail[k] = dmh_zone_free(after, (int)(k / DMH_NR_ZONES), (int)(k % DMH_NR_ZONES)) -
			     p.min[k];
	/* arch_add_memory(): init_memory_mapping() first, GFP_ATOMIC */
	rc = place_pages(&p, DMH_HOTPLUG_CPU_NODE, DMH_CHARGE_LINEAR_PT, delta(la, lb), 3);
	/* then add_pages() -> __add_pages(): section by section, each populating
	 * its vmemmap tables, then its memmap in PMD_SIZE blocks */
	if (!rc)
		rc = place_pages(&p, nid, DMH_CHARGE_VMEMMAP_PT, delta(va, vb), 8);
	unit = DMH_MAX((dmh_pages_per_section(m) * m->geo.struct_page_size) >> shift, 1);
	chunk = m->geo.vmemmap_base && m->geo.levels > 1
			? DMH_MIN(unit, dmh_level_size(&m->geo, 1) >> shift) : unit;
	chunk = DMH_MAX(chunk, 1);
	units = (memmap + unit - 1) / unit;
	for (uint64_t u = 0; !rc && u < units; u++) {
		const uint64_t this = DMH_MIN(unit, memmap - u * unit);
		const uint64_t whole = bulk_units(&p, nid, unit, chunk, memmap / unit - u);

		if (whole) { /* what the blocks one by one would do, at once */
			rc = charge(&p, p.last_fit_nid, p.last_fit_zone, DMH_CHARGE_MEMMAP,
				    whole * unit);
			if (!rc)
				done += whole * unit;
			u += whole - 1;
			continue;
		}

		for (uint64_t off = 0; !rc && off < this; off += chunk) {
			const uint64_t n = DMH_MIN(chunk, this - off);

			rc = place_block(&p, nid, DMH_CHARGE_MEMMAP, n);
			/* vmemmap_populate_basepages(): the pages and a PTE table */
			if (rc == -EAGAIN && n > 1)
				rc = place_pages(&p, nid, DMH_CHARGE_MEMMAP, n + 1, 8);
		}
		if (!rc)
			done += this;
	}
	if (rc != -EAGAIN)
		goto out;
	/* Linux: section_activate() frees the failing section's memmap, and
	 * __add_pages() returns with the sections before it in place */
	leaves = done << shift;
	m->enomem_leaves = leaves;
	payers_of(m, after, p.paid);
	format_size(memmap << shift, need, sizeof(need));
	format_size(leaves, left, sizeof(left));
	{
		uint64_t above = 0;
		int zone, n;

		for (unsigned int i = 0; (n = zonelist(m, nid, i, &zone)) >= 0; i++) {
			const size_t k = (size_t)n * DMH_NR_ZONES + (size_t)zone;
			const int64_t f = dmh_zone_free(before, n, zone) - p.min[k];

			above += f > 0 ? (uint64_t)f : 0;
		}
		format_size(above << shift, has, sizeof(has));
	}
	rc = -ENOMEM;
	snprintf(why, whylen, "[mem %#010" PRIx64 "-%#010" PRIx64 "]: vmemmap alloc failure: "
		 "order:%u: the memmap needs %s, GFP_KERNEL finds %s on node %d and its fallbacks; "
		 "Linux %s keeps %s of it and the linear map: a retry of the range cannot succeed",
		 start, end - 1, (unsigned int)__builtin_ctzll(chunk), need, has, nid,
		 m->kernel->name, left);
out:
	dmh_free(p.avail);
	dmh_free(p.min);
	dmh_free(p.paid);
	return rc;
}

/*
 * The charges of owner: those one add took, side by side since it took them
 * after all before it ([*lo, *hi), empty if none).  The last add comes out
 * first most often, so the search starts from the end.
 */
static void owned(const struct dmh_state *st, uint64_t owner, size_t *lo, size_t *hi)
{
	size_t i = st->nr_charges;

	while (i > 0 && st->charges[i - 1].owner != owner)
		i--;
	if (!i) { /* none */
		*lo = *hi = st->nr_charges;
		return;
	}
	*hi = i;
	while (i > 0 && st->charges[i - 1].owner == owner)
		i--;
	*lo = i;
}

/* Give back up to *pages of kind from the charges [lo, hi) matching owner;
 * *low: the lowest charge it took from, if lower. */
static void release(struct dmh_state *st, size_t lo, size_t hi, uint64_t owner,
		    enum dmh_charge_kind kind, uint64_t *pages, size_t *low)
{
	for (size_t i = hi; i-- > lo && *pages;) {
		const struct dmh_charge *ch = &st->charges[i];
		uint64_t give;

		if (ch->owner != owner || ch->kind != kind)
			continue;
		give = DMH_MIN(*pages, ch->pages);
		dmh_charges_w(st, i, i + 1)->pages -= give;
		charged_add(st, ch, -(int64_t)give);
		*pages -= give;
		*low = DMH_MIN(*low, i);
	}
}

int dmh_acct_remove(const struct devmemhp_machine *m, const struct dmh_state *before,
		    struct dmh_state *after, struct pt_ctx *c, uint64_t owner)
{
	uint64_t mb, vb, lb, ma, va, la, v, l, all = UINT64_MAX;
	size_t lo, hi, j;

	pt_seal(c, after->pgd);
	spent(m, before, &mb, &vb, &lb);
	spent(m, after, &ma, &va, &la);
	v = delta(vb, va);
	l = delta(lb, la);
	owned(after, owner, &lo, &hi);
	/* the memmap goes back whole: depopulate_section_memmap() */
	j = lo;
	release(after, lo, hi, owner, DMH_CHARGE_MEMMAP, &all, &j);
	/* the tables remove_pagetable() freed: the range's own, then kept ones */
	release(after, lo, hi, owner, DMH_CHARGE_VMEMMAP_PT, &v, &j);
	if (v)
		release(after, 0, after->nr_charges, DMH_CHARGE_KEPT, DMH_CHARGE_VMEMMAP_PT, &v, &j);
	release(after, lo, hi, owner, DMH_CHARGE_LINEAR_PT, &l, &j);
	if (l)
		release(after, 0, after->nr_charges, DMH_CHARGE_KEPT, DMH_CHARGE_LINEAR_PT, &l, &j);
	/* what stays is kept by the kernel, owned by no range; emptied charges
	 * go.  Nothing below j changed. */
	for (size_t i = j; i < after->nr_charges; i++) {
		struct dmh_charge ch = after->charges[i];

		if (!ch.pages)
			continue;
		if (ch.owner == owner)
			ch.owner = DMH_CHARGE_KEPT;
		*dmh_charges_w(after, j, after->nr_charges) = ch;
		j++;
	}
	after->nr_charges = j;
	return 0;
}

int dmh_acct_verify(const struct devmemhp_machine *m, const struct dmh_state *st, char *why,
		    size_t whylen)
{
	const unsigned int shift = m->geo.page_shift;
	const size_t nr_zones = (size_t)m->cfg.nodes * DMH_NR_ZONES;

	for (size_t k = 0; k < nr_zones; k++) {
		uint64_t sum = 0;

		for (size_t i = 0; i < st->nr_charges; i++)
			if ((size_t)st->charges[i].nid * DMH_NR_ZONES + (size_t)st->charges[i].zone == k)
				sum += st->charges[i].pages;
		if (sum != st->charged[k]) {
			snprintf(why, whylen, "node %zu zone %s: charged %" PRIu64 " pages, its charges "
				 "hold %" PRIu64, k / DMH_NR_ZONES, dmh_zone_text((int)(k % DMH_NR_ZONES)),
				 st->charged[k], sum);
			return -EUCLEAN;
		}
	}
	for (size_t i = 0; i < st->nr_charges; i++) {
		const struct dmh_charge *ch = &st->charges[i];
		uint64_t memmap = 0, most;
		long r;

		if (ch->nid < 0 || ch->nid >= (int)m->cfg.nodes || ch->zone < 0 ||
		    ch->zone > DMH_ZONE_NORMAL || !ch->pages ||
		    (unsigned int)ch->kind >= DMH_NR_CHARGE_KINDS) {
			snprintf(why, whylen, "charge %zu: %" PRIu64 " pages of node %d zone %d kind %d",
				 i, ch->pages, ch->nid, ch->zone, (int)ch->kind);
			return -EUCLEAN;
		}
		if (ch->owner == DMH_CHARGE_KEPT) {
			if (ch->kind == DMH_CHARGE_MEMMAP) {
				snprintf(why, whylen, "charge %zu: memmap of no range", i);
				return -EUCLEAN;
			}
			continue;
		}
		r = dmh_range_find(st, ch->owner);
		if (r < 0 || st->ranges[r].start != ch->owner || st->ranges[r].kind == DMH_RANGE_BOOT) {
			snprintf(why, whylen, "charge %zu: owner %#" PRIx64 " is no hot-added range", i,
				 ch->owner);
			return -EUCLEAN;
		}
		/* a range pays at most its own memmap, rounded to whole PMD blocks
		 * each with a PTE table where it fell back to base pages */
		for (size_t j = 0; j < st->nr_charges; j++)
			if (st->charges[j].owner == ch->owner && st->charges[j].kind == DMH_CHARGE_MEMMAP)
				memmap += st->charges[j].pages;
		most = ((st->ranges[r].end - st->ranges[r].start) >> shift) * m->geo.struct_page_size;
		most = (DMH_ALIGN_UP(most, dmh_level_size(&m->geo, 1)) +
			2 * dmh_level_size(&m->geo, 1)) >> shift; /* rounded out at both ends */
		most += most / 512 + 1;
		if (memmap > most) {
			snprintf(why, whylen, "range %#" PRIx64 ": charged %" PRIu64 " memmap pages, its "
				 "memmap has at most %" PRIu64, ch->owner, memmap, most);
			return -EUCLEAN;
		}
	}
	return 0;
}

void dmh_node_info_of(const struct devmemhp_machine *m, const struct dmh_state *st, int nid,
		      struct devmemhp_node_info *info)
{
	const unsigned int shift = m->geo.page_shift;

	*info = (struct devmemhp_node_info){ .size = sizeof(*info), .nid = nid,
					     .online = st->node_online[nid] };
	for (int z = 0; z < DMH_NR_ZONES; z++) {
		const struct dmh_zone *zn = dmh_zone(st, nid, z);

		if (z != DMH_ZONE_DEVICE)
			info->present_bytes += zn->present << shift;
		info->managed_bytes += zn->managed << shift;
		info->reserved_bytes += st->reserved[(size_t)nid * DMH_NR_ZONES + (size_t)z] << shift;
		if (zn->present)
			info->zones |= 1u << z;
	}
	for (size_t i = 0; i < st->nr_ranges; i++)
		if (st->ranges[i].kind == DMH_RANGE_DEVICE && st->ranges[i].nid == nid)
			info->device_bytes += st->ranges[i].end - st->ranges[i].start;
	info->free_bytes = dmh_node_free(m, st, nid) << shift;
	info->memmap_bytes = dmh_node_charged(st, nid, DMH_CHARGE_MEMMAP) << shift;
	info->page_table_bytes = (dmh_node_charged(st, nid, DMH_CHARGE_VMEMMAP_PT) +
				  dmh_node_charged(st, nid, DMH_CHARGE_LINEAR_PT)) << shift;
}

DMH_EXPORT int devmemhp_node_info_get(const struct devmemhp_machine *m, int nid,
				      struct devmemhp_node_info *info)
{
	struct devmemhp_node_info ni;
	int rc;

	rc = dmh_api_enter(m, "node_info_get", DMH_API_SIZED(info, "info"), DMH_API_NONE);
	if (rc)
		return rc;
	if (nid < 0 || nid >= (int)m->cfg.nodes)
		return dmh_err(m, -ENOENT, "node_info_get: there is no node %d (nodes=%u)", nid,
			       m->cfg.nodes);
	dmh_read_lock(m);
	dmh_node_info_of(m, m->st, nid, &ni);
	dmh_read_unlock(m);
	dmh_copy_sized(info, &ni, sizeof(ni));
	return 0;
}
