/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel's own text formats, byte for byte, for what the model holds:
 *   IOMEM          kernel/resource.c: r_show()
 *   MEMINFO        fs/proc/meminfo.c: show_val_kb(); arch/x86/mm/pat/set_memory.c:
 *                  arch_report_meminfo()
 *   MEMORY_BLOCKS  drivers/base/memory.c, one line per memoryN directory
 *   ZONEINFO       mm/vmstat.c: zoneinfo_show_print()
 *   PTDUMP         arch/x86/mm/dump_pagetables.c: note_page(), printk_prot();
 *                  on arm64 arch/arm64/mm/ptdump.c: note_page(), dump_prot()
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "accounting.h"
#include "arch.h"
#include "kernel.h"
#include "linear.h"
#include "machine.h"
#include "pgtable.h"
#include "private.h"
#include "resource.h"
#include "sparse.h"
#include "state.h"
#include "zone.h"

static int write_iomem(const struct devmemhp_machine *m, FILE *out)
{
	const struct dmh_restree *t = &m->st->iomem;
	const int width = t->root_end < 0x10000 ? 4 : 8;

	for (size_t i = 0; i < t->nr; i++) {
		const struct dmh_resource *r = &t->res[i];

		/* r_show(): the indent stops at MAX_IORES_LEVEL */
		unsigned int depth = DMH_MIN(r->depth, m->kernel->iomem_max_level);

		fprintf(out, "%*s%0*" PRIx64 "-%0*" PRIx64 " : %s\n", (int)depth * 2, "", width,
			r->start, width, r->end, r->name);
	}
	return 0;
}

/* "DirectMap4k", "DirectMap2M", "DirectMap1G", ... from the leaf size. */
static void leaf_name(uint64_t size, char *buf, size_t len)
{
	static const char units[] = "kMGTP";
	int u = 0;

	size >>= 10;
	while (size >= 1024 && !(size & 1023) && units[u + 1]) {
		size >>= 10;
		u++;
	}
	snprintf(buf, len, "DirectMap%" PRIu64 "%c:", size, units[u]);
}

static int write_meminfo(const struct devmemhp_machine *m, FILE *out)
{
	uint64_t managed = 0;

	for (unsigned int n = 0; n < m->cfg.nodes; n++)
		for (int z = 0; z < DMH_NR_ZONES; z++)
			managed += dmh_zone(m->st, (int)n, z)->managed;
	fprintf(out, "MemTotal:       %8" PRIu64 " kB\n", managed << (m->geo.page_shift - 10));
	/* meminfo_proc_show(): MemFree follows MemTotal; the model's part of it */
	fprintf(out, "MemFree:        %8" PRIu64 " kB\n",
		dmh_free_pages(m, m->st) << (m->geo.page_shift - 10));
	if (!(m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP))
		return 0;
	/* arch_report_meminfo(): the lines the architecture prints (x86: 4k and
	 * 2M always, 1G with direct_gbpages) */
	for (unsigned int l = 0; l < m->geo.levels; l++) {
		char name[32];

		if (!(m->geo.directmap_levels & (1u << l)))
			continue;
		leaf_name(dmh_level_size(&m->geo, l), name, sizeof(name));
		fprintf(out, "%-16s%8" PRIu64 " kB\n", name,
			(uint64_t)m->st->direct_pages[l] << (dmh_level_shift(&m->geo, l) - 10));
	}
	return 0;
}

static int write_blocks(const struct devmemhp_machine *m, FILE *out)
{
	const struct dmh_state *st = m->st;

	fprintf(out, "# block_size_bytes=%" PRIx64 " auto_online_blocks=%s\n", m->block_size,
		dmh_online_type_name(m->cfg.online_type));
	fprintf(out, "# name phys_index start_addr state online removable node valid_zones\n");
	for (size_t i = 0; i < st->nr_blocks; i++) {
		const struct dmh_block_run *b = &st->blocks[i];

		for (uint64_t id = b->first; id < b->first + b->count; id++) {
			char zones[64];

			dmh_valid_zones_text(m, st, id, ",", zones, sizeof(zones));
			/* "online" is the device core's: v4.9's auto-online leaves it 0 */
			fprintf(out, "memory%" PRIu64 " 0x%08" PRIx64 " 0x%" PRIx64 " %s %d %d node%d %s\n",
				id, id, id * m->block_size, b->online ? "online" : "offline",
				b->online && !b->dev_offline,
				!!(m->arch->caps & DEVMEMHP_ARCH_CAP_REMOVE), b->nid, zones);
		}
	}
	return 0;
}

static int write_zoneinfo(const struct devmemhp_machine *m, FILE *out)
{
	for (unsigned int n = 0; n < m->cfg.nodes; n++) {
		if (!m->st->node_online[n])
			continue;
		for (int z = 0; z < DMH_NR_ZONES; z++) {
			const struct dmh_zone *zn = dmh_zone(m->st, (int)n, z);

			if (!dmh_zone_exists(m, z))
				continue;
			/* v4.9 zoneinfo_show(): populated zones only */
			if (m->kernel->zoneinfo_populated_only && !zn->present)
				continue;
			fprintf(out, "Node %u, zone %8s\n", n, devmemhp_zone_name((enum devmemhp_zone)z));
			fprintf(out, "        spanned  %" PRIu64 "\n", zn->spanned);
			fprintf(out, "        present  %" PRIu64 "\n", zn->present);
			fprintf(out, "        managed  %" PRIu64 "\n", zn->managed);
			if (zn->present) /* an unpopulated zone stops before start_pfn */
				fprintf(out, "  start_pfn:           %" PRIu64 "\n", zn->start_pfn);
		}
	}
	return 0;
}

/* ---- ptdump --------------------------------------------------------------- */

struct ptdump {
	const struct devmemhp_machine *m;
	FILE *out;
};

/* level_name[] of printk_prot(): the root is "pgd" whatever the paging depth */
static const char *ptdump_level(const struct devmemhp_geometry *geo, unsigned int level)
{
	static const char *const names[] = { "pte", "pmd", "pud", "p4d" };

	if (level == geo->levels - 1 || level >= DMH_ARRAY_SIZE(names))
		return "pgd";
	return names[level];
}

static int ptdump_run(void *ctx, uint64_t va, uint64_t va_end, unsigned int level, bool present,
		      unsigned int attrs)
{
	static const char units[] = "BKMGTPE";
	struct ptdump *p = ctx;
	const char *unit = units;
	uint64_t delta = va_end - va;

	while (!(delta & 1023) && unit[1]) {
		delta >>= 10;
		unit++;
	}
	fprintf(p->out, "0x%016" PRIx64 "-0x%016" PRIx64 "   %9" PRIu64 "%c ", va, va_end, delta, *unit);
	if (!present)
		fputs("                              ", p->out);
	else
		fprintf(p->out, "    %s    %s%s    %s%s", attrs & DMH_PT_RW ? "RW " : "ro ",
			attrs & DMH_PT_PCD ? "PCD " : "    ", level ? "PSE " : "    ",
			attrs & DMH_PT_GLOBAL ? "GLB " : "    ", attrs & DMH_PT_NX ? "NX " : "x  ");
	fprintf(p->out, "%s\n", ptdump_level(&p->m->geo, level));
	return 0;
}

static int write_ptdump(const struct devmemhp_machine *m, FILE *out)
{
	struct ptdump p = { m, out };
	const struct devmemhp_geometry *g = &m->geo;
	int rc = 0;

	if (m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP) {
		fputs("---[ Low Kernel Mapping ]---\n", out);
		rc = pt_walk_entries(g, m->st->pgd, g->linear_base,
				     g->linear_view_end ? g->linear_view_end
							: g->linear_base + g->linear_size,
				     ptdump_run, &p);
	}
	if (!rc && g->vmemmap_base) {
		fputs("---[ Vmemmap ]---\n", out);
		rc = pt_walk_entries(g, m->st->pgd, g->vmemmap_base,
				     g->vmemmap_view_end ? g->vmemmap_view_end : dmh_vmemmap_end(m),
				     ptdump_run, &p);
	}
	return rc;
}

/* ---- arm64's ptdump -------------------------------------------------------- */

/* The MAIR attributes pte_bits[] names */
enum a64_type { A64_NORMAL, A64_NORMAL_TAGGED, A64_DEVICE_nGnRnE };
static const char *const a64_types[] = { "MEM/NORMAL", "MEM/NORMAL-TAGGED", "DEVICE/nGnRnE" };

struct a64dump {
	const struct devmemhp_machine *m;
	FILE *out;
	bool linear;
	bool pending, present;
	uint64_t start, end;
	unsigned int level, attrs;
	enum a64_type type;
};

/* pg_level[].name: PGD, PUD, PMD, PTE with the P4D folded (4 levels) */
static const char *a64_level(const struct devmemhp_geometry *geo, unsigned int level)
{
	static const char *const names[] = { "PTE", "PMD", "PUD", "P4D" };

	return level == geo->levels - 1 || level >= DMH_ARRAY_SIZE(names) ? "PGD" : names[level];
}

static void a64_flush(struct a64dump *p)
{
	static const char units[] = "KMGTPE";
	const char *unit = units;
	uint64_t delta = (p->end - p->start) >> 10;

	fprintf(p->out, "0x%016" PRIx64 "-0x%016" PRIx64 "   ", p->start, p->end);
	while (!(delta & 1023) && unit[1]) {
		delta >>= 10;
		unit++;
	}
	fprintf(p->out, "%9" PRIu64 "%c %s", delta, *unit, a64_level(&p->m->geo, p->level));
	if (p->present) {
		/* dump_prot() over pte_bits[]: kernel mappings are valid, not
		 * user, shared, accessed, UXN, not GP; a leaf above the PTEs is
		 * a block (PTE_TABLE_BIT clear) */
		const char *const cols[] = {
			" ", "   ", p->attrs & DMH_PT_RW ? "RW" : "ro", p->attrs & DMH_PT_NX ? "NX" : "x ",
			"SHD", "AF", p->attrs & DMH_PT_GLOBAL ? "  " : "NG",
			p->attrs & DMH_PT_CONT ? "CON" : "   ", p->level ? "BLK" : "   ", "UXN", "  ",
			a64_types[p->type],
		};

		for (size_t i = 0; i < DMH_ARRAY_SIZE(cols); i++)
			fprintf(p->out, " %s", cols[i]);
	}
	fputc('\n', p->out);
}

static void a64_note(struct a64dump *p, uint64_t s, uint64_t e, unsigned int level, bool present,
		     unsigned int attrs, enum a64_type type)
{
	if (p->pending && p->end == s && p->level == level && p->present == present &&
	    p->attrs == attrs && p->type == type) {
		p->end = e;
		return;
	}
	if (p->pending)
		a64_flush(p);
	p->pending = true;
	p->start = s;
	p->end = e;
	p->level = level;
	p->present = present;
	p->attrs = attrs;
	p->type = type;
}

/*
 * The memory type of a run: map_mem() maps RAM with pgprot_tagged(PAGE_KERNEL)
 * and so does pgprot_mhp() for hot-added RAM; memremap_pages() gives device
 * memory PAGE_KERNEL, and pgprot_noncached() is Device-nGnRnE; the vmemmap
 * is PAGE_KERNEL.  A run of the linear map is cut where that changes.
 */
static int a64_run(void *ctx, uint64_t va, uint64_t va_end, unsigned int level, bool present,
		   unsigned int attrs)
{
	struct a64dump *p = ctx;
	const struct dmh_state *st = p->m->st;

	if (!present || !p->linear || (attrs & DMH_PT_PCD)) {
		a64_note(p, va, va_end, level, present, attrs,
			 attrs & DMH_PT_PCD ? A64_DEVICE_nGnRnE : A64_NORMAL);
		return 0;
	}
	while (va < va_end) {
		uint64_t pa = dmh_linear_pa(p->m, va), end = dmh_linear_pa(p->m, va_end);
		bool ram = false;

		for (size_t i = 0; i < st->nr_ranges; i++) {
			const struct dmh_range *r = &st->ranges[i];

			if (r->end <= pa)
				continue;
			if (r->start <= pa)
				ram = r->kind != DMH_RANGE_DEVICE;
			end = DMH_MIN(end, r->start <= pa ? r->end : r->start);
			break;
		}
		end = dmh_linear_va(p->m, end);
		a64_note(p, va, end, level, true, attrs, ram ? A64_NORMAL_TAGGED : A64_NORMAL);
		va = end;
	}
	return 0;
}

/* The sections it owns of /sys/kernel/debug/kernel_page_tables, between the
 * address_markers[] that bound them. */
static int write_ptdump_arm64(const struct devmemhp_machine *m, FILE *out)
{
	const struct devmemhp_geometry *g = &m->geo;
	struct a64dump p = { .m = m, .out = out, .linear = true };
	int rc;

	fputs("---[ Linear Mapping start ]---\n", out);
	rc = pt_walk_entries(g, m->st->pgd, g->linear_base, g->linear_base + g->linear_size, a64_run,
			     &p);
	if (p.pending)
		a64_flush(&p);
	fputs("---[ Linear Mapping end ]---\n", out);
	p = (struct a64dump){ .m = m, .out = out };
	fputs("---[ vmemmap start ]---\n", out);
	if (!rc)
		rc = pt_walk_entries(g, m->st->pgd, g->vmemmap_base,
				     g->vmemmap_view_end ? g->vmemmap_view_end : dmh_vmemmap_end(m),
				     a64_run, &p);
	if (p.pending)
		a64_flush(&p);
	fputs("---[ vmemmap end ]---\n", out);
	return rc;
}

DMH_EXPORT int devmemhp_write_view(const struct devmemhp_machine *m, enum devmemhp_view view,
				   FILE *out)
{
	int rc;

	if (!m || !out)
		return dmh_err(m, -EINVAL, "write_view: %s is NULL", !m ? "machine" : "out");
	dmh_read_lock(m);
	switch (view) {
	case DEVMEMHP_VIEW_IOMEM:
		rc = write_iomem(m, out);
		break;
	case DEVMEMHP_VIEW_MEMINFO:
		rc = write_meminfo(m, out);
		break;
	case DEVMEMHP_VIEW_MEMORY_BLOCKS:
		rc = write_blocks(m, out);
		break;
	case DEVMEMHP_VIEW_ZONEINFO:
		rc = write_zoneinfo(m, out);
		break;
	case DEVMEMHP_VIEW_PTDUMP:
		if (dmh_arch_builtin(m->arch) == &dmh_arch_arm64)
			rc = write_ptdump_arm64(m, out);
		else
			rc = write_ptdump(m, out);
		break;
	default:
		rc = -EINVAL;
	}
	dmh_read_unlock(m);
	if (rc == -EINVAL)
		return dmh_err(m, rc, "write_view: %d is not a view", (int)view);
	if (!rc && ferror(out))
		rc = -EIO;
	if (rc)
		return dmh_err(m, rc, "write_view: %s", strerror(-rc));
	return 0;
}
