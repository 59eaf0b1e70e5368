/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * show blocks: the memory blocks as util-linux lsmem(1) shows them, from the
 * public API only (devmemhp_memory_block_foreach()).  The text is what
 * `lsmem --sysroot ROOT` 2.38.1 prints for a sysfs tree with the same blocks
 * (tests/lsmem.sh runs the real one on every recording to hold it to that):
 *
 *   - its default columns RANGE SIZE STATE REMOVABLE BLOCK, laid out as
 *     libsmartcols lays out a table that is not on a terminal: each column as
 *     wide as its widest cell, at least as wide as its header, and as its
 *     width hint (SIZE: 5) when its cells reach the header's width
 *     (count_column_width()), RANGE left-aligned, the others right-aligned,
 *     one blank between;
 *   - its merging (read_info(), is_mergeable()): consecutive blocks with the
 *     same state and removable make one range, because the split policy
 *     follows the columns shown; NODE and ZONES are not shown, so blocks of
 *     different nodes and zones merge.  --all: one line a block;
 *   - REMOVABLE only for online blocks; SIZE as size_to_human_string(
 *     SIZE_SUFFIX_1LETTER): "128M", "1.5G", rounded to one decimal;
 *   - the summary of print_summary(), "%-23s %5s" ("%-23s %15" PRId64 with
 *     --bytes), after a blank line.
 *
 * --json is lsmem -J's document ({"memory": [{"range", "size", "state",
 * "removable", "block"}]}) plus each range's "node" and "zones" (lsmem -J -o
 * +NODE,ZONES), split by them as lsmem splits by the columns it shows.  Where
 * sysfs says "None" for an online block spanning zones, "zones" names the
 * zones its pages are in.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

struct lsm_block {
	uint64_t index, count;
	int online;
	int removable;
	int node;
	unsigned int zones; /* bit per enum devmemhp_zone, in that order */
};

struct lsm {
	const struct devmemhp_machine *m;
	uint64_t block_size, mem_online, mem_offline;
	bool all, split_extra; /* split_extra: by node and zones too (--json) */
	struct lsm_block *blocks;
	size_t nr, cap;
	int err;
};

/* Where a page's zone may change inside a block: the zone limits and every
 * zone's span ends (a page's zone is its range's cut at them); more than
 * this many and spanned_zones() asks every page. */
#define ZONE_BOUNDS 64

struct zone_bounds {
	uint64_t lo, hi; /* the block's pfns */
	uint64_t at[ZONE_BOUNDS];
	unsigned int nr;
	bool overflow;
};

static void bound_add(struct zone_bounds *b, uint64_t pfn)
{
	if (pfn <= b->lo || pfn >= b->hi)
		return;
	if (b->nr == ZONE_BOUNDS)
		b->overflow = true;
	else
		b->at[b->nr++] = pfn;
}

static int bound_fn(const struct devmemhp_zone_info *z, void *data)
{
	bound_add(data, z->start_pfn);
	bound_add(data, z->start_pfn + z->spanned);
	return 0;
}

static uint64_t bound_next(const struct zone_bounds *b, uint64_t pfn)
{
	uint64_t next = b->hi;

	for (unsigned int i = 0; i < b->nr; i++)
		if (b->at[i] > pfn && b->at[i] < next)
			next = b->at[i];
	return next;
}

/* The zones of an online block that spans several: those of its pages.  A
 * page's zone holds to its range's end or the next zone bound, so one page
 * of each such piece answers for it; holes are asked page by page. */
static unsigned int spanned_zones(const struct devmemhp_machine *m, uint64_t start)
{
	struct devmemhp_geometry g = { .size = sizeof(g) };
	struct devmemhp_stats s = { .size = sizeof(s) };
	struct zone_bounds b = { 0 };
	unsigned int zones = 0;
	uint64_t pfn;

	devmemhp_machine_get_geometry(m, &g);
	devmemhp_get_stats(m, &s);
	b.lo = start >> g.page_shift;
	b.hi = (start + s.block_size) >> g.page_shift;
	bound_add(&b, g.zone_dma_end >> g.page_shift);
	bound_add(&b, g.zone_dma32_end >> g.page_shift);
	bound_add(&b, g.zone_highmem_start >> g.page_shift);
	devmemhp_zone_foreach(m, bound_fn, &b);
	for (pfn = b.lo; pfn < b.hi;) {
		struct devmemhp_page_info pi = { .size = sizeof(pi) };
		uint64_t end = pfn + 1, range_end;

		if (devmemhp_page_info(m, pfn, &pi) == 0) {
			if ((pi.state & DEVMEMHP_PAGE_ONLINE) &&
			    (unsigned int)pi.zone < DEVMEMHP_ZONE_AUTO)
				zones |= 1u << pi.zone;
			range_end = (pi.range_start + pi.range_size) >> g.page_shift;
			if (!b.overflow)
				end = bound_next(&b, pfn);
			if (range_end < end)
				end = range_end;
		}
		pfn = end > pfn ? end : pfn + 1;
	}
	return zones;
}

unsigned int tool_block_zones(const struct devmemhp_machine *m, const struct devmemhp_memory_block *b)
{
	unsigned int zones = 0;

	if (b->online && (unsigned int)b->zone < DEVMEMHP_ZONE_AUTO)
		return 1u << b->zone;
	if (b->online)
		return spanned_zones(m, b->start);
	for (unsigned int i = 0; i < b->nr_valid_zones && i < 3; i++)
		if ((unsigned int)b->valid_zones[i] < DEVMEMHP_ZONE_AUTO)
			zones |= 1u << b->valid_zones[i];
	return zones;
}

/* read_info() and is_mergeable() of lsmem */
static int block_fn(const struct devmemhp_memory_block *b, void *data)
{
	struct lsm *l = data;
	struct lsm_block n = {
		.index = b->id, .count = 1, .online = b->online, .removable = b->removable == 1,
		.node = b->nid, .zones = l->split_extra ? tool_block_zones(l->m, b) : 0,
	};
	struct lsm_block *c = l->nr ? &l->blocks[l->nr - 1] : NULL;

	if (b->online)
		l->mem_online += l->block_size;
	else
		l->mem_offline += l->block_size;
	if (c && !l->all && c->index + c->count == n.index && c->online == n.online &&
	    c->removable == n.removable &&
	    (!l->split_extra || (c->node == n.node && c->zones == n.zones))) {
		c->count++;
		return 0;
	}
	if (l->nr == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct lsm_block *p = realloc(l->blocks, cap * sizeof(*p));

		if (!p) {
			l->err = -ENOMEM;
			return -ENOMEM;
		}
		l->blocks = p;
		l->cap = cap;
	}
	l->blocks[l->nr++] = n;
	return 0;
}

/* size_to_human_string(SIZE_SUFFIX_1LETTER, bytes) of util-linux 2.38.1 */
static void human(uint64_t bytes, char *buf, size_t len)
{
	static const char letters[] = "BKMGTPE";
	unsigned int exp = 0;
	uint64_t dec, frac;

	while (exp < 60 && bytes >= (UINT64_C(1) << (exp + 10)))
		exp += 10;
	dec = exp ? bytes >> exp : bytes;
	frac = exp ? bytes & ((UINT64_C(1) << exp) - 1) : 0;
	if (frac) {
		if (frac >= UINT64_MAX / 1000)
			frac = ((frac / 1024) * 1000) / (UINT64_C(1) << (exp - 10));
		else
			frac = (frac * 1000) / (UINT64_C(1) << exp);
		frac = ((frac + 50) / 100) * 10; /* one digit after the point */
		if (frac == 100) {
			dec++;
			frac = 0;
		}
	}
	if (frac) /* "%d.%02d" less its trailing zero */
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "%c", dec, frac / 10, letters[exp / 10]);
	else
		snprintf(buf, len, "%" PRIu64 "%c", dec, letters[exp / 10]);
}

enum { COL_RANGE, COL_SIZE, COL_STATE, COL_REMOVABLE, COL_BLOCK, NR_COLS };

static void cells(const struct lsm *l, const struct lsm_block *b, bool bytes,
		  char cell[NR_COLS][48])
{
	uint64_t start = b->index * l->block_size, size = b->count * l->block_size;

	snprintf(cell[COL_RANGE], 48, "0x%016" PRIx64 "-0x%016" PRIx64, start, start + size - 1);
	if (bytes)
		snprintf(cell[COL_SIZE], 48, "%" PRIu64, size);
	else
		human(size, cell[COL_SIZE], 48);
	snprintf(cell[COL_STATE], 48, "%s", b->online ? "online" : "offline");
	snprintf(cell[COL_REMOVABLE], 48, "%s", !b->online ? "" : b->removable ? "yes" : "no");
	if (b->count == 1)
		snprintf(cell[COL_BLOCK], 48, "%" PRIu64, b->index);
	else
		snprintf(cell[COL_BLOCK], 48, "%" PRIu64 "-%" PRIu64, b->index,
			 b->index + b->count - 1);
}

static void print_row(FILE *out, char cell[NR_COLS][48], const size_t *width)
{
	for (int c = 0; c < NR_COLS; c++) {
		if (c == COL_RANGE)
			fprintf(out, "%-*s", (int)width[c], cell[c]);
		else
			fprintf(out, "%*s", (int)width[c], cell[c]);
		fputc(c + 1 < NR_COLS ? ' ' : '\n', out);
	}
}

static void print_table(FILE *out, const struct lsm *l, bool bytes)
{
	static const char *const headers[NR_COLS] = { "RANGE", "SIZE", "STATE", "REMOVABLE",
						      "BLOCK" };
	static const size_t hints[NR_COLS] = { 0, 5, 0, 0, 0 }; /* coldescs[].whint */
	size_t width[NR_COLS] = { 0 };
	char cell[NR_COLS][48];

	for (size_t i = 0; i < l->nr; i++) {
		cells(l, &l->blocks[i], bytes, cell);
		for (int c = 0; c < NR_COLS; c++)
			if (strlen(cell[c]) > width[c])
				width[c] = strlen(cell[c]);
	}
	/* count_column_width(): at least the header; else the width hint, if the
	 * header is narrower than it ("1G" makes SIZE 4 wide, "128M" 5) */
	for (int c = 0; c < NR_COLS; c++) {
		if (width[c] < strlen(headers[c]))
			width[c] = strlen(headers[c]);
		else if (width[c] < hints[c] && strlen(headers[c]) < hints[c])
			width[c] = hints[c];
	}
	for (int c = 0; c < NR_COLS; c++)
		snprintf(cell[c], sizeof(cell[c]), "%s", headers[c]);
	print_row(out, cell, width);
	for (size_t i = 0; i < l->nr; i++) {
		cells(l, &l->blocks[i], bytes, cell);
		print_row(out, cell, width);
	}
}

static void print_summary(FILE *out, const struct lsm *l, bool bytes)
{
	static const char *const names[] = { "Memory block size:", "Total online memory:",
					     "Total offline memory:" };
	const uint64_t v[] = { l->block_size, l->mem_online, l->mem_offline };

	for (int i = 0; i < 3; i++) {
		char h[48];

		if (bytes) {
			fprintf(out, "%-23s %15" PRIu64 "\n", names[i], v[i]);
		} else {
			human(v[i], h, sizeof(h));
			fprintf(out, "%-23s %5s\n", names[i], h);
		}
	}
}

/* ["DMA", "DMA32"]: the zones of a tool_block_zones() set, in the kernel's order */
json_object *tool_zones_json(unsigned int zones)
{
	json_object *a = json_object_new_array();

	for (unsigned int z = 0; z < DEVMEMHP_ZONE_AUTO; z++)
		if (zones & (1u << z))
			json_object_array_add(a, json_object_new_string(
							 devmemhp_zone_name((enum devmemhp_zone)z)));
	return a;
}

static json_object *to_json(const struct lsm *l, bool bytes)
{
	json_object *doc = json_object_new_object(), *a = json_object_new_array();

	for (size_t i = 0; i < l->nr; i++) {
		const struct lsm_block *b = &l->blocks[i];
		json_object *o = json_object_new_object();
		char cell[NR_COLS][48];

		cells(l, b, bytes, cell);
		json_object_object_add(o, "range", json_object_new_string(cell[COL_RANGE]));
		json_object_object_add(o, "size", bytes ? json_u64(b->count * l->block_size)
							: json_object_new_string(cell[COL_SIZE]));
		json_object_object_add(o, "state", json_object_new_string(cell[COL_STATE]));
		json_object_object_add(o, "removable",
				       json_object_new_boolean(b->online && b->removable));
		json_object_object_add(o, "block", json_object_new_string(cell[COL_BLOCK]));
		json_object_object_add(o, "node", json_object_new_int(b->node));
		json_object_object_add(o, "zones", tool_zones_json(b->zones));
		json_object_array_add(a, o);
	}
	json_object_object_add(doc, "memory", a);
	return doc;
}

int tool_lsmem(const struct devmemhp_machine *m, FILE *out, bool all, bool bytes, json_object **json)
{
	struct devmemhp_stats s = { .size = sizeof(s) };
	struct lsm l = { .m = m, .all = all, .split_extra = json != NULL };
	int rc;

	rc = devmemhp_get_stats(m, &s);
	if (rc)
		return rc;
	l.block_size = s.block_size;
	rc = devmemhp_memory_block_foreach(m, block_fn, &l);
	if (!rc && l.err)
		rc = l.err;
	if (!rc && json) {
		*json = to_json(&l, bytes);
	} else if (!rc) {
		print_table(out, &l, bytes);
		fputc('\n', out);
		print_summary(out, &l, bytes);
	}
	free(l.blocks);
	return rc;
}
