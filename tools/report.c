/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the text output says about costs, plans and statistics. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "tool.h"


/* The leaf size of page-table level l ("4K", "2M", "1G"). */
void tool_leaf_name(const struct devmemhp_geometry *g, unsigned int l, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	unsigned int shift = g->page_shift;

	for (unsigned int i = 0; i < l; i++)
		shift += g->level_bits[i];
	shift -= 10;
	snprintf(buf, len, "%" PRIu64 "%c", (uint64_t)1 << (shift % 10), units[shift / 10]);
}

/* "+1 x 1G, -512 x 2M"; "none" when nothing changes. */
static void leaves_text(const struct devmemhp_geometry *g, const int64_t *d, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned int l = g->levels; l-- > 0;) {
		char name[16];

		if (!d[l])
			continue;
		tool_leaf_name(g, l, name, sizeof(name));
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%+" PRId64 " x %s",
				      n ? ", " : "", d[l], name);
	}
	if (!n)
		snprintf(buf, len, "none");
}

static int64_t sum(const int64_t *v)
{
	int64_t s = 0;

	for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++)
		s += v[l];
	return s;
}

const char *tool_zone_name(enum devmemhp_zone z)
{
	return devmemhp_zone_name(z) ? devmemhp_zone_name(z) : "none";
}

/* A byte delta: its sign, then its size. */
#define SIGNED_SIZE(buf, v) signed_size((v), (buf), sizeof(buf))
static const char *signed_size(int64_t v, char *buf, size_t len)
{
	buf[0] = v < 0 ? '-' : '+';
	tool_format_size(v < 0 ? -(uint64_t)v : (uint64_t)v, buf + 1, len - 1);
	return buf;
}

static void run_text(const struct devmemhp_plan_run *r, char *buf, size_t len)
{
	if (r->count == 1)
		snprintf(buf, len, "memory%" PRIu64, r->first);
	else
		snprintf(buf, len, "memory%" PRIu64 "-memory%" PRIu64, r->first,
			 r->first + r->count - 1);
}

/* "8 blocks online in Movable" or per run */
static void blocks_text(FILE *out, const struct devmemhp_plan *p)
{
	if (p->nr_runs == 1) {
		fprintf(out, "%" PRIu64 " block%s %s %s", p->nr_blocks, p->nr_blocks == 1 ? "" : "s",
			p->runs[0].online ? "online in" : "offline, to go to", tool_zone_name(p->runs[0].zone));
		return;
	}
	for (unsigned int i = 0; i < p->nr_runs; i++) {
		char name[64];

		run_text(&p->runs[i], name, sizeof(name));
		fprintf(out, "%s%s %s %s", i ? ", " : "", name,
			p->runs[i].online ? "online in" : "offline, to go to", tool_zone_name(p->runs[i].zone));
	}
	if (p->warnings & DEVMEMHP_PLAN_WARN_TRUNCATED)
		fputs(", ...", out);
}

/* "+4 pages (16 KiB) linear, +0 pages vmemmap": page-table pages are base
 * pages */
static void table_pages_text(const struct devmemhp_geometry *g, const struct devmemhp_plan *p,
			     char *buf, size_t len)
{
	static const char *const what[2] = { "linear", "vmemmap" };
	const int64_t n[2] = { sum(p->direct_map_table_pages), sum(p->vmemmap_table_pages) };
	size_t at = 0;

	buf[0] = '\0';
	for (int i = 0; i < 2; i++) {
		char s[TOOL_SIZE_BUF] = "";
		uint64_t pages = n[i] < 0 ? -(uint64_t)n[i] : (uint64_t)n[i];

		if (pages)
			tool_format_size(pages << g->page_shift, s, sizeof(s));
		at += (size_t)snprintf(buf + at, at < len ? len - at : 0, "%s%+" PRId64 " page%s%s%s%s %s",
				       i ? ", " : "", n[i], pages == 1 ? "" : "s", pages ? " (" : "",
				       s, pages ? ")" : "", what[i]);
	}
}

/*
 * Who pays for an operation (the memmap and page tables each node gives, and
 * what it has left) and how MemFree moves; on -ENOMEM for want of memory,
 * what Linux would keep.  inline: after a cost line; else lines of a plan.
 */
void report_payers(FILE *out, const struct devmemhp_plan *p, bool inline_)
{
	char a[TOOL_SIZE_BUF], b[TOOL_SIZE_BUF];

	if (inline_) {
		for (unsigned int i = 0; i < p->nr_payers; i++)
			fprintf(out, "; node %d %s %s, %s free after", p->payers[i].nid,
				p->payers[i].bytes < 0 ? "gets back" : "pays",
				SIZE(a, (uint64_t)(p->payers[i].bytes < 0 ? -p->payers[i].bytes
									  : p->payers[i].bytes)),
				SIZE(b, p->payers[i].free_after));
		if (p->free_bytes)
			fprintf(out, "; MemFree %s", SIGNED_SIZE(a, p->free_bytes));
		return;
	}
	if (p->result && !p->kernel_leaves_bytes)
		return;
	for (unsigned int i = 0; i < p->nr_payers; i++)
		fprintf(out, "  %s node %d: %s, %s free after\n", i ? "             " : "who pays:    ",
			p->payers[i].nid, SIGNED_SIZE(a, p->payers[i].bytes),
			SIZE(b, p->payers[i].free_after));
	if (!p->result && !p->nr_payers)
		fprintf(out, "  who pays:     nobody\n");
	if (p->result) {
		fprintf(out, "  Linux:        would leave %s of memmap allocated and the linear map in "
			"place (its __add_pages() keeps the sections it made), and a retry of the range "
			"cannot succeed\n", SIZE(a, p->kernel_leaves_bytes));
		return;
	}
	fprintf(out, "  MemFree:      %s\n", SIGNED_SIZE(a, p->free_bytes));
}

void report_cost(FILE *out, const char *what, const struct devmemhp_plan *p,
		 const struct devmemhp_geometry *g)
{
	char a[TOOL_SIZE_BUF], b[TOOL_SIZE_BUF], leaves[256], pt[2 * TOOL_SIZE_BUF + 64];

	fprintf(out, "%s", what);
	if (p->nr_blocks) {
		fputs(": ", out);
		blocks_text(out, p);
	}
	leaves_text(g, p->direct_map_leaves, leaves, sizeof(leaves));
	fprintf(out, "; memmap %s", SIGNED_SIZE(a, p->memmap_bytes));
	if (p->memmap_altmap_bytes)
		fprintf(out, " (%s on the range itself)", SIGNED_SIZE(b, p->memmap_altmap_bytes));
	table_pages_text(g, p, pt, sizeof(pt));
	fprintf(out, "; linear map %s; page tables %s", leaves, pt);
	if (p->managed_bytes)
		fprintf(out, "; MemTotal %s", SIGNED_SIZE(a, p->managed_bytes));
	report_payers(out, p, true);
	fputc('\n', out);
}

static void blocker_text(unsigned int b, char *buf, size_t len)
{
	static const struct {
		unsigned int bit;
		const char *text;
	} names[] = {
		{ DEVMEMHP_BLOCKER_ONLINE, "online" },
		{ DEVMEMHP_BLOCKER_UNMOVABLE, "holds an unmovable page" },
		{ DEVMEMHP_BLOCKER_KERNEL_ZONE, "in a kernel zone" },
		{ DEVMEMHP_BLOCKER_MEMMAP, "holds its memmap" },
		{ DEVMEMHP_BLOCKER_NO_REMOVE, "the architecture cannot remove" },
	};
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (b & names[i].bit)
			n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? ", " : "",
					      names[i].text);
	if (!n)
		snprintf(buf, len, "nothing");
}

static const char *removable_name(int r)
{
	static const char *const names[] = {
		[DEVMEMHP_REMOVABLE_UNKNOWN] = "unknown", [DEVMEMHP_REMOVABLE_YES] = "yes",
		[DEVMEMHP_REMOVABLE_MAYBE] = "maybe", [DEVMEMHP_REMOVABLE_WHOLE] = "whole add only",
		[DEVMEMHP_REMOVABLE_NEVER] = "never",
	};

	return (unsigned int)r < sizeof(names) / sizeof(names[0]) ? names[r] : "unknown";
}

const char *tool_removable_name(int r)
{
	return removable_name(r);
}

/* remove: the only obstacle is that blocks are online, and offlining them
 * first would succeed (remove_memory()'s last check is the online one) */
static bool remove_after_offline(const struct devmemhp_plan *p)
{
	return p->result == -EBUSY && (p->blockers & DEVMEMHP_BLOCKER_ONLINE) && !p->offline_result &&
	       !(p->blockers & DEVMEMHP_BLOCKER_NO_REMOVE);
}

bool tool_remove_after_offline(const struct devmemhp_plan *p)
{
	return remove_after_offline(p);
}

/* add: why each run of blocks the add onlined went to its zone */
void report_zone_whys(FILE *out, const struct devmemhp_plan *p)
{
	for (unsigned int i = 0; i < p->nr_runs; i++) {
		char name[64];

		if (!p->runs[i].online || !p->zone_why[i][0])
			continue;
		run_text(&p->runs[i], name, sizeof(name));
		fprintf(out, "  %s to %s: %s\n", name, tool_zone_name(p->runs[i].zone), p->zone_why[i]);
	}
}

void report_plan(FILE *out, const struct devmemhp_machine *m, const struct devmemhp_plan *p,
		 bool remove, unsigned int flags)
{
	struct devmemhp_geometry g = { .size = sizeof(g) };
	char a[TOOL_SIZE_BUF], b[TOOL_SIZE_BUF], c[TOOL_SIZE_BUF], leaves[256];

	(void)flags;
	devmemhp_machine_get_geometry(m, &g);
	if (remove && remove_after_offline(p))
		fprintf(out, "  result:       would fail with -EBUSY as asked (memory is online); "
			"offline it first and the remove would succeed\n  why:          %s\n",
			p->reason);
	else if (p->result)
		fprintf(out, "  result:       would fail with -%s: %s\n", tool_errno_name(p->result),
			p->reason);
	else
		fprintf(out, "  result:       would succeed\n");
	if (!remove && !p->result)
		fprintf(out, "  removable:    %s: %s\n", removable_name(p->removable), p->removable_why);
	if (p->granule) {
		/* the granule the plan took, not the type the request named */
		fprintf(out, "  alignment:    %s of %s", p->granule == g.block_size ? "memory blocks"
									 : "subsections",
			SIZE(a, p->granule));
		if (p->usable_end > p->usable_start)
			fprintf(out, "; usable [%#" PRIx64 "-%#" PRIx64 "] (%s), %s lost before it, %s after\n",
				p->usable_start, p->usable_end - 1, SIZE(b, p->usable_end - p->usable_start),
				SIZE(c, p->lost_head), SIZE(a, p->lost_tail));
		else
			fprintf(out, "; not one aligned granule inside: all %s lost\n", SIZE(b, p->lost_head));
		if (p->lost_head || p->lost_tail)
			fprintf(out, "  nearest:      [%#" PRIx64 "-%#" PRIx64 "] (%s) covers it\n",
				p->cover_start, p->cover_end - 1, SIZE(a, p->cover_end - p->cover_start));
	}
	for (unsigned int i = 0; i < p->nr_runs; i++) {
		char name[64], why[160];

		run_text(&p->runs[i], name, sizeof(name));
		fprintf(out, "  %s %s: %s %s", i ? "             " : "blocks:      ", name,
			p->runs[i].online ? (remove ? "online in" : "onlined to") : "offline, to go to",
			tool_zone_name(p->runs[i].zone));
		if (remove) {
			blocker_text(p->runs[i].blockers, why, sizeof(why));
			fprintf(out, "; in the way: %s", why);
		}
		fputc('\n', out);
		if (p->zone_why[i][0])
			fprintf(out, "                  zone: %s\n", p->zone_why[i]);
	}
	if (p->warnings & DEVMEMHP_PLAN_WARN_TRUNCATED)
		fprintf(out, "                (%" PRIu64 " blocks in all; more runs than shown)\n",
			p->nr_blocks);
	if (remove && (p->blockers & DEVMEMHP_BLOCKER_ONLINE)) {
		if (p->offline_result)
			fprintf(out, "  offlining:    would fail with -%s first\n",
				tool_errno_name(p->offline_result));
		else
			fprintf(out, "  offlining:    would succeed first%s\n",
				p->blockers & DEVMEMHP_BLOCKER_KERNEL_ZONE
					? " (while no kernel allocation lands in its kernel zone)" : "");
	}
	if (!remove && p->memmap_on_memory)
		fprintf(out, "  memmap_on_memory: yes%s%s\n", p->memmap_on_memory_why[0] ? ": " : "",
			p->memmap_on_memory_why);
	else if (!remove && p->memmap_on_memory_why[0])
		fprintf(out, "  memmap_on_memory: no: %s\n", p->memmap_on_memory_why);
	report_payers(out, p, false);
	if (p->result)
		return;
	leaves_text(&g, p->direct_map_leaves, leaves, sizeof(leaves));
	fprintf(out, "  memmap:       %s on separate memory, %s on the range\n",
		SIGNED_SIZE(a, p->memmap_bytes), SIGNED_SIZE(b, p->memmap_altmap_bytes));
	fprintf(out, "  linear map:   %s\n", leaves);
	table_pages_text(&g, p, leaves, sizeof(leaves));
	fprintf(out, "  page tables:  %s\n", leaves);
	fprintf(out, "  MemTotal:     %s\n", SIGNED_SIZE(a, p->managed_bytes));
	fprintf(out, "  movable:      %s, %u%% of %s boot kernel memory (auto_movable_ratio %u%%)%s\n",
		SIZE(a, p->movable_bytes), p->movable_percent, SIZE(b, p->kernel_early_bytes),
		p->auto_movable_ratio, p->warnings & DEVMEMHP_PLAN_WARN_RATIO ? ": above the ratio" : "");
	if (p->balance_why[0])
		fprintf(out, "                %s\n", p->balance_why);
	snprintf(c, sizeof(c), "node %d:", p->nid);
	fprintf(out, "  %-14s%s the kernel can use%s\n", c, SIZE(a, p->node_kernel_bytes),
		p->warnings & DEVMEMHP_PLAN_WARN_NODE ? ": none, all of its memory is movable, and "
							  "it has CPUs"
		: !p->node_has_cpus ? " (no CPUs: its kernel allocations come from the nodes with "
				      "CPUs)" : "");
}

void report_stats(FILE *out, const struct devmemhp_stats *s, const struct devmemhp_geometry *g)
{
	char a[TOOL_SIZE_BUF];

	for (unsigned int l = 0; l < g->levels; l++) {
		char name[16];

		tool_leaf_name(g, l, name, sizeof(name));
		fprintf(out, "direct_map_bytes[%s] %" PRIu64 "\n", name, s->direct_map_bytes[l]);
		fprintf(out, "direct_map_leaves[%s] %" PRIu64 "\n", name, s->direct_map_leaves[l]);
	}
	for (unsigned int l = 0; l < g->levels; l++)
		fprintf(out, "direct_map_table_pages[%u] %" PRIu64 "\n", l, s->direct_map_table_pages[l]);
	for (unsigned int l = 0; l < g->levels; l++)
		fprintf(out, "vmemmap_table_pages[%u] %" PRIu64 "\n", l, s->vmemmap_table_pages[l]);
/* the exact count, then for people what it is, without the count again */
#define BYTES(f)                                                                    \
	do {                                                                        \
		SIZE(a, s->f);                                                      \
		a[strcspn(a, "(")] = '\0';                                           \
		a[strlen(a) - (a[0] && a[strlen(a) - 1] == ' ')] = '\0';             \
		if (tool_bytes)                                                     \
			fprintf(out, #f " %" PRIu64 "\n", s->f);                     \
		else                                                                \
			fprintf(out, #f " %" PRIu64 " (%s)\n", s->f, a);             \
	} while (0)
	BYTES(memmap_bytes);
	BYTES(memmap_altmap_bytes);
	BYTES(present_bytes);
	BYTES(online_bytes);
	BYTES(managed_bytes);
	BYTES(free_bytes);
	BYTES(device_bytes);
	BYTES(unaddressable_bytes);
	fprintf(out, "memory_blocks %" PRIu64 "\n", s->memory_blocks);
	fprintf(out, "memory_blocks_online %" PRIu64 "\n", s->memory_blocks_online);
	BYTES(block_size);
#undef BYTES
	fprintf(out, "max_pfn %#" PRIx64 "\n", s->max_pfn);
	fprintf(out, "high_memory %#" PRIx64 "\n", s->high_memory);
	fprintf(out, "ranges %u\n", s->ranges);
}

/* show nodes: a block per node, as numactl -H and nodeN/meminfo count it */
void report_nodes(FILE *out, struct devmemhp_machine *m)
{
	struct devmemhp_node_info ni = { .size = sizeof(ni) };
	char a[32];

	for (int nid = 0; devmemhp_node_info_get(m, nid, &ni) == 0; nid++) {
		fprintf(out, "node %d: %s, zones", nid, ni.online ? "online" : "offline");
		if (!ni.zones)
			fputs(" none", out);
		for (int z = DEVMEMHP_ZONE_DMA; z <= DEVMEMHP_ZONE_DEVICE; z++)
			if (ni.zones & (1u << z))
				fprintf(out, " %s", tool_zone_name((enum devmemhp_zone)z));
		fputc('\n', out);
#define LINE(name, f) fprintf(out, "  %-13s %s\n", name, SIZE(a, ni.f))
		LINE("present", present_bytes);
		LINE("MemTotal", managed_bytes);
		LINE("MemFree", free_bytes);
		LINE("reserved", reserved_bytes);
		LINE("memmap paid", memmap_bytes);
		LINE("page tables", page_table_bytes);
		if (ni.device_bytes)
			LINE("device", device_bytes);
#undef LINE
	}
}
