/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mark [NAME] and diff [NAME]: what the steps of a scenario changed.  A mark
 * keeps the machine's public views (the text of /proc/iomem and of the
 * /proc/meminfo lines the model owns, the memory blocks, the zones); diff
 * takes them again and prints the difference: lines of iomem and meminfo
 * removed and added, runs of blocks whose state or zone changed, zones whose
 * page counts changed.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

struct mark_block {
	uint64_t id, start;
	int online, nid;
	enum devmemhp_zone zone;
};

struct mark_zone {
	int nid;
	enum devmemhp_zone zone;
	uint64_t spanned, present, managed;
};

struct tool_mark {
	char *name;            /* NULL: unnamed; the first mark is the machine as made */
	unsigned int line;     /* where it was taken */
	char *iomem, *meminfo; /* the views' text */
	struct mark_block *blocks;
	size_t nr_blocks, cap_blocks;
	struct mark_zone *zones;
	size_t nr_zones, cap_zones;
	uint64_t block_size, page_size;
};

static void mark_release(struct tool_mark *k)
{
	free(k->name);
	free(k->iomem);
	free(k->meminfo);
	free(k->blocks);
	free(k->zones);
	memset(k, 0, sizeof(*k));
}

void tool_marks_free(struct tool *t)
{
	for (size_t i = 0; i < t->nr_marks; i++)
		mark_release(&t->marks[i]);
	free(t->marks);
	t->marks = NULL;
	t->nr_marks = 0;
}

/* A view's text, through the public writer. */
static char *view_text(const struct devmemhp_machine *m, enum devmemhp_view v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	if (devmemhp_write_view(m, v, f)) {
		fclose(f);
		free(buf);
		return NULL;
	}
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The array (of *cap elements of elem bytes) with room for its element n,
 * perhaps moved; NULL, the array unchanged, when there is no memory. */
static void *grow(void *array, size_t *cap, size_t n, size_t elem)
{
	size_t want = *cap ? 2 * *cap : 64;
	void *p;

	if (n < *cap)
		return array;
	p = realloc(array, want * elem);
	if (p)
		*cap = want;
	return p;
}

static int block_fn(const struct devmemhp_memory_block *b, void *data)
{
	struct tool_mark *k = data;

	struct mark_block *p = grow(k->blocks, &k->cap_blocks, k->nr_blocks, sizeof(*p));

	if (!p)
		return -1;
	k->blocks = p;
	k->blocks[k->nr_blocks++] = (struct mark_block){ b->id, b->start, b->online, b->nid,
							 b->online ? b->zone : DEVMEMHP_ZONE_NONE };
	return 0;
}

static int zone_fn(const struct devmemhp_zone_info *z, void *data)
{
	struct tool_mark *k = data;

	struct mark_zone *p = grow(k->zones, &k->cap_zones, k->nr_zones, sizeof(*p));

	if (!p)
		return -1;
	k->zones = p;
	k->zones[k->nr_zones++] = (struct mark_zone){ z->nid, z->zone, z->spanned, z->present,
						      z->managed };
	return 0;
}

/* The machine's state now, into k. */
static int take(struct tool *t, struct tool_mark *k)
{
	struct devmemhp_stats s = { .size = sizeof(s) };
	struct devmemhp_geometry g = { .size = sizeof(g) };

	*k = (struct tool_mark){ .line = t->line };
	devmemhp_get_stats(t->m, &s);
	devmemhp_machine_get_geometry(t->m, &g);
	k->block_size = s.block_size;
	k->page_size = (uint64_t)1 << g.page_shift;
	k->iomem = view_text(t->m, DEVMEMHP_VIEW_IOMEM);
	k->meminfo = view_text(t->m, DEVMEMHP_VIEW_MEMINFO);
	if (!k->iomem || !k->meminfo || devmemhp_memory_block_foreach(t->m, block_fn, k) ||
	    devmemhp_zone_foreach(t->m, zone_fn, k)) {
		mark_release(k);
		return tool_fail(t, "out of memory keeping the machine's state");
	}
	return 0;
}

/* Keep the state as mark `name` (NULL: unnamed), replacing one of that name. */
static int add_mark(struct tool *t, const char *name)
{
	struct tool_mark k, *p;
	int rc = take(t, &k);

	if (rc)
		return rc;
	if (name && !(k.name = strdup(name))) {
		mark_release(&k);
		return tool_fail(t, "out of memory keeping the machine's state");
	}
	for (size_t i = 0; name && i < t->nr_marks; i++)
		if (t->marks[i].name && !strcmp(t->marks[i].name, name)) {
			mark_release(&t->marks[i]);
			memmove(&t->marks[i], &t->marks[i + 1],
				(t->nr_marks - i - 1) * sizeof(t->marks[0]));
			t->nr_marks--;
			break;
		}
	p = realloc(t->marks, (t->nr_marks + 1) * sizeof(*p));
	if (!p) {
		mark_release(&k);
		return tool_fail(t, "out of memory keeping the machine's state");
	}
	t->marks = p;
	t->marks[t->nr_marks++] = k;
	return 0;
}

int tool_mark_machine(struct tool *t)
{
	tool_marks_free(t);
	return add_mark(t, NULL);
}

int cmd_mark(struct tool *t, char **w, int n)
{
	if (n > 2)
		return tool_fail(t, "unexpected '%s' after the command; usage: mark [NAME]", w[2]);
	if (tool_machine(t) || add_mark(t, n == 2 ? w[1] : NULL))
		return -1;
	if (t->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "name", n == 2 ? json_object_new_string(w[1]) : NULL);
		tool_emit(t, "mark", o);
	} else {
		fprintf(t->out, "mark%s%s\n", n == 2 ? " " : "", n == 2 ? w[1] : "");
	}
	return 0;
}

/* ---- a line diff ---------------------------------------------------------------- */

struct lines {
	char **v;
	size_t n;
};

/* Split text into its lines, in place. */
static int split_lines(char *text, struct lines *l)
{
	size_t cap = 0;

	l->v = NULL;
	l->n = 0;
	for (char *p = text; *p;) {
		char *nl = strchr(p, '\n'), **v = grow(l->v, &cap, l->n, sizeof(*v));

		if (!v)
			return -1;
		l->v = v;
		l->v[l->n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return 0;
}

/* Called for each line removed ('-') or added ('+'), in the order of a
 * unified diff. */
typedef void (*line_fn)(char op, const char *line, void *data);

/* The longest common subsequence of what lies between the common head and
 * tail; a middle too large for that is all removed, then all added. */
#define LCS_MAX_CELLS (4u << 20)
static int diff_lines(const struct lines *a, const struct lines *b, line_fn fn, void *data)
{
	size_t head = 0, tail = 0, n, m;
	uint32_t *len = NULL;

	while (head < a->n && head < b->n && !strcmp(a->v[head], b->v[head]))
		head++;
	while (tail < a->n - head && tail < b->n - head &&
	       !strcmp(a->v[a->n - 1 - tail], b->v[b->n - 1 - tail]))
		tail++;
	n = a->n - head - tail;
	m = b->n - head - tail;
	if (n && m && (n + 1) * (m + 1) <= LCS_MAX_CELLS) {
		len = calloc((n + 1) * (m + 1), sizeof(*len));
		if (!len)
			return -1;
	}
	if (len) {
		char *const *x = a->v + head, *const *y = b->v + head;
		size_t i = 0, j = 0;

		/* len[i][j]: the LCS of x[i..] and y[j..] */
		for (size_t ii = n; ii-- > 0;)
			for (size_t jj = m; jj-- > 0;)
				len[ii * (m + 1) + jj] =
					!strcmp(x[ii], y[jj])
						? len[(ii + 1) * (m + 1) + jj + 1] + 1
					: len[(ii + 1) * (m + 1) + jj] >= len[ii * (m + 1) + jj + 1]
						? len[(ii + 1) * (m + 1) + jj]
						: len[ii * (m + 1) + jj + 1];
		while (i < n || j < m) {
			if (i < n && j < m && !strcmp(x[i], y[j])) {
				i++, j++;
			} else if (j == m || (i < n && len[(i + 1) * (m + 1) + j] >=
							 len[i * (m + 1) + j + 1])) {
				fn('-', x[i++], data);
			} else {
				fn('+', y[j++], data);
			}
		}
		free(len);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		fn('-', a->v[head + i], data);
	for (size_t j = 0; j < m; j++)
		fn('+', b->v[head + j], data);
	return 0;
}

/* ---- what diff prints -------------------------------------------------------------- */

struct out {
	struct tool *t;
	const char *section; /* printed before the first line of the section */
	bool any;            /* something changed */
	json_object *array;  /* --json */
};

static void section(struct out *o)
{
	if (o->section) {
		fprintf(o->t->out, "%s:\n", o->section);
		o->section = NULL;
	}
	o->any = true;
}

/* "  10000000-1fffffff : name", its depth, start, end and name */
static json_object *iomem_json(char op, const char *line)
{
	json_object *r = json_object_new_object();
	const char *p = line + strspn(line, " ");
	unsigned long long start, last;
	int at = 0;

	json_object_object_add(r, "op", json_object_new_string(op == '-' ? "removed" : "added"));
	json_object_object_add(r, "line", json_object_new_string(line));
	if (sscanf(p, "%llx-%llx : %n", &start, &last, &at) == 2 && at) {
		json_object_object_add(r, "depth", json_object_new_int((int)(p - line) / 2));
		json_object_object_add(r, "start", json_u64(start));
		json_object_object_add(r, "end", json_u64((uint64_t)last + 1));
		json_object_object_add(r, "name", json_object_new_string(p + at));
	}
	return r;
}

static void iomem_line(char op, const char *line, void *data)
{
	struct out *o = data;

	if (o->array) {
		json_object_array_add(o->array, iomem_json(op, line));
		return;
	}
	section(o);
	fprintf(o->t->out, "%c%s\n", op, line);
}

static void meminfo_line(char op, const char *line, void *data)
{
	struct out *o = data;

	if (o->array) { /* gathered by name below */
		json_object *r = json_object_new_object();
		unsigned long long v;
		char unit[8] = "";
		const char *colon = strchr(line, ':');

		json_object_object_add(r, "op", json_object_new_string(op == '-' ? "removed"
										  : "added"));
		json_object_object_add(r, "line", json_object_new_string(line));
		if (colon) {
			json_object_object_add(r, "name", json_object_new_string_len(
								 line, (int)(colon - line)));
			if (sscanf(colon + 1, "%llu %7s", &v, unit) >= 1) {
				json_object_object_add(r, "value", json_u64(v));
				if (unit[0])
					json_object_object_add(r, "unit", json_object_new_string(unit));
			}
		}
		json_object_array_add(o->array, r);
		return;
	}
	section(o);
	fprintf(o->t->out, "%c%s\n", op, line);
}

static int text_diff(struct out *o, char *before, char *after, line_fn fn)
{
	struct lines a, b;
	int rc = -1;

	if (!split_lines(before, &a) && !split_lines(after, &b)) {
		rc = diff_lines(&a, &b, fn, o);
		free(b.v);
	}
	free(a.v);
	return rc;
}

/* A block's state: absent (a NULL block), offline or online in a zone, on a node. */
static bool same_state(const struct mark_block *a, const struct mark_block *b)
{
	if (!a || !b)
		return !a && !b;
	return a->online == b->online && a->nid == b->nid && a->zone == b->zone;
}

static void state_text(const struct mark_block *b, char *buf, size_t len)
{
	if (!b)
		snprintf(buf, len, "absent");
	else if (b->online)
		snprintf(buf, len, "online in %s, node %d", tool_zone_name(b->zone), b->nid);
	else
		snprintf(buf, len, "offline, node %d", b->nid);
}

static json_object *state_json(const struct mark_block *b)
{
	json_object *o = json_object_new_object();
	const char *zone = b && b->online ? devmemhp_zone_name(b->zone) : NULL;

	json_object_object_add(o, "state", json_object_new_string(!b	     ? "absent"
								  : b->online ? "online"
									      : "offline"));
	json_object_object_add(o, "zone", zone ? json_object_new_string(zone) : NULL);
	json_object_object_add(o, "node", b ? json_object_new_int(b->nid) : NULL);
	return o;
}

/* A run of blocks first..last that went from state a to state b. */
static void block_run(struct out *o, uint64_t first, uint64_t last, uint64_t block_size,
		      const struct mark_block *a, const struct mark_block *b)
{
	char name[64], range[64], s[32], sa[64], sb[64];

	if (o->array) {
		json_object *r = json_object_new_object();

		json_object_object_add(r, "first", json_u64(first));
		json_object_object_add(r, "last", json_u64(last));
		json_object_object_add(r, "start", json_u64(first * block_size));
		json_object_object_add(r, "end", json_u64((last + 1) * block_size));
		json_object_object_add(r, "before", state_json(a));
		json_object_object_add(r, "after", state_json(b));
		json_object_array_add(o->array, r);
		return;
	}
	section(o);
	if (first == last)
		snprintf(name, sizeof(name), "memory%" PRIu64, first);
	else
		snprintf(name, sizeof(name), "memory%" PRIu64 "-memory%" PRIu64, first, last);
	snprintf(range, sizeof(range), "[%#" PRIx64 "-%#" PRIx64 "]", first * block_size,
		 (last + 1) * block_size - 1);
	state_text(a, sa, sizeof(sa));
	state_text(b, sb, sizeof(sb));
	fprintf(o->t->out, "  %s %s (%s): %s -> %s\n", name, range,
		SIZE(s, (last - first + 1) * block_size), sa, sb);
}

/* The blocks of a and b, both in the order of their ids, walked together. */
static void blocks_diff(struct out *o, const struct tool_mark *a, const struct tool_mark *b)
{
	size_t i = 0, j = 0;
	bool open = false;
	uint64_t first = 0, last = 0;
	const struct mark_block *ra = NULL, *rb = NULL; /* the open run's states */

	while (i < a->nr_blocks || j < b->nr_blocks) {
		const struct mark_block *x = NULL, *y = NULL;
		uint64_t id;

		if (j == b->nr_blocks || (i < a->nr_blocks && a->blocks[i].id < b->blocks[j].id))
			id = (x = &a->blocks[i++])->id;
		else if (i == a->nr_blocks || b->blocks[j].id < a->blocks[i].id)
			id = (y = &b->blocks[j++])->id;
		else
			id = (x = &a->blocks[i++], y = &b->blocks[j++])->id;
		if (same_state(x, y))
			continue;
		if (open && id == last + 1 && same_state(ra, x) && same_state(rb, y)) {
			last = id;
			continue;
		}
		if (open)
			block_run(o, first, last, b->block_size, ra, rb);
		open = true;
		first = last = id;
		ra = x;
		rb = y;
	}
	if (open)
		block_run(o, first, last, b->block_size, ra, rb);
}

static const struct mark_zone *find_zone(const struct tool_mark *k, int nid, enum devmemhp_zone z)
{
	for (size_t i = 0; i < k->nr_zones; i++)
		if (k->zones[i].nid == nid && k->zones[i].zone == z)
			return &k->zones[i];
	return NULL;
}

static json_object *pages_json(const struct mark_zone *z)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "spanned", json_u64(z ? z->spanned : 0));
	json_object_object_add(o, "present", json_u64(z ? z->present : 0));
	json_object_object_add(o, "managed", json_u64(z ? z->managed : 0));
	return o;
}

/* A zone's counts before and after, in pages; a zone missing on one side has none. */
static void zone_change(struct out *o, const struct tool_mark *k, const struct mark_zone *a,
			const struct mark_zone *b)
{
	const struct mark_zone *z = b ? b : a;
	uint64_t managed_a = a ? a->managed : 0, managed_b = b ? b->managed : 0;
	char s[32];

	if (a && b && a->spanned == b->spanned && a->present == b->present &&
	    a->managed == b->managed)
		return;
	if (!a && !b->spanned && !b->present && !b->managed)
		return;
	if (!b && !a->spanned && !a->present && !a->managed)
		return;
	if (o->array) {
		json_object *r = json_object_new_object();

		json_object_object_add(r, "node", json_object_new_int(z->nid));
		json_object_object_add(r, "zone", json_object_new_string(tool_zone_name(z->zone)));
		json_object_object_add(r, "before", pages_json(a));
		json_object_object_add(r, "after", pages_json(b));
		json_object_array_add(o->array, r);
		return;
	}
	section(o);
	fprintf(o->t->out, "  node %d %s: spanned %" PRIu64 " -> %" PRIu64 ", present %" PRIu64
		" -> %" PRIu64 ", managed %" PRIu64 " -> %" PRIu64 " pages (%c%s managed)\n",
		z->nid, tool_zone_name(z->zone), a ? a->spanned : 0, b ? b->spanned : 0,
		a ? a->present : 0, b ? b->present : 0, managed_a, managed_b,
		managed_b < managed_a ? '-' : '+',
		SIZE(s, (managed_b < managed_a ? managed_a - managed_b : managed_b - managed_a) *
				k->page_size));
}

static void zones_diff(struct out *o, const struct tool_mark *a, const struct tool_mark *b)
{
	for (size_t i = 0; i < b->nr_zones; i++)
		zone_change(o, b, find_zone(a, b->zones[i].nid, b->zones[i].zone), &b->zones[i]);
	for (size_t i = 0; i < a->nr_zones; i++)
		if (!find_zone(b, a->zones[i].nid, a->zones[i].zone))
			zone_change(o, b, &a->zones[i], NULL);
}

/* diff [NAME]: against the mark NAME, or the last mark, or the machine as made. */
int cmd_diff(struct tool *t, char **w, int n)
{
	const struct tool_mark *a = NULL;
	struct tool_mark b;
	struct out o = { .t = t };
	json_object *doc = NULL;
	int rc;

	if (n > 2)
		return tool_fail(t, "unexpected '%s' after the command; usage: diff [NAME]", w[2]);
	if (tool_machine(t))
		return -1;
	for (size_t i = t->nr_marks; !a && i-- > 0;)
		if (n == 1 || (t->marks[i].name && !strcmp(t->marks[i].name, w[1])))
			a = &t->marks[i];
	if (!a)
		return tool_fail(t, "no mark '%s' on this machine", w[1]);
	rc = take(t, &b);
	if (rc)
		return rc;
	if (t->json) {
		doc = json_object_new_object();
		json_object_object_add(doc, "since", json_object_new_string(a == t->marks ? "machine"
										     : "mark"));
		json_object_object_add(doc, "against", a->name ? json_object_new_string(a->name)
							       : NULL);
		json_object_object_add(doc, "since_line", json_object_new_int((int)a->line));
	} else if (a == t->marks) {
		fprintf(t->out, "diff since the machine was made (line %u)\n", a->line);
	} else {
		fprintf(t->out, "diff since mark%s%s (line %u)\n", a->name ? " " : "",
			a->name ? a->name : "", a->line);
	}
	/* text_diff() splits the texts in place: diff copies */
	char *ia = strdup(a->iomem), *ma = strdup(a->meminfo);

	rc = !ia || !ma;
#define SECTION(key, title, call)                                     \
	do {                                                          \
		o.section = title;                                    \
		o.array = doc ? json_object_new_array() : NULL;       \
		if (!rc && (call))                                    \
			rc = 1;                                       \
		if (doc)                                              \
			json_object_object_add(doc, key, o.array);    \
	} while (0)
	SECTION("iomem", "iomem", text_diff(&o, ia, b.iomem, iomem_line));
	SECTION("blocks", "memory blocks", (blocks_diff(&o, a, &b), 0));
	SECTION("zones", "zones", (zones_diff(&o, a, &b), 0));
	SECTION("meminfo", "meminfo", text_diff(&o, ma, b.meminfo, meminfo_line));
#undef SECTION
	free(ia);
	free(ma);
	mark_release(&b);
	if (rc) {
		json_object_put(doc);
		return tool_fail(t, "out of memory comparing the machine's states");
	}
	if (doc)
		tool_emit(t, "diff", doc);
	else if (!o.any)
		fputs("  no change\n", t->out);
	return 0;
}
