/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The commands of a scenario (devmemhp-scenario(5)), each through the public API. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>
#include <syslog.h>

#include "tool.h"

/* The commands of this file say fail(); those of other files tool_fail(). */
#define fail tool_fail

int tool_fail(struct tool *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->error, sizeof(t->error), fmt, ap);
	va_end(ap);
	t->err = TOOL_FAIL;
	return TOOL_FAIL;
}

/* A library call failed: its errno and its message. */
static int lib_fail(struct tool *t, int rc)
{
	snprintf(t->error, sizeof(t->error), "-%s: %s", tool_errno_name(rc),
		 devmemhp_last_error(t->m));
	t->err = rc;
	return rc;
}

/* The tool says why a call failed; the library need not say it too.  What it
 * warns of (an import's files that disagree) and notes goes to stderr. */
static __attribute__((format(printf, 6, 0))) void log_notes(void *userdata, int priority,
							const char *file, int line,
							const char *fn, const char *format,
							va_list args)
{
	(void)userdata, (void)file, (void)line, (void)fn;
	if (priority != LOG_WARNING && priority != LOG_NOTICE)
		return;
	fprintf(stderr, "devmemhp: %s: ", priority == LOG_WARNING ? "warning" : "note");
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

static void emit(struct tool *t, const char *command, json_object *result);

/* What an import made of a machine: the kernel it models, and why that one. */
static void report_import(struct tool *t, const char *command, const char *root)
{
	struct devmemhp_kernel k = { .size = sizeof(k) };

	devmemhp_machine_get_kernel(t->m, &k);
	if (t->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "root", json_object_new_string(root));
		json_object_object_add(o, "kernel", json_kernel(&k));
		emit(t, command, o);
	} else if (!t->one_shot || command[0] != '-') {
		/* a one-shot command prints only its own answer, as lsmem does */
		fprintf(t->out, "%s %s: models Linux %s (%s)\n", command, root, k.name, k.why);
	}
}

int tool_machine(struct tool *t)
{
	int rc;

	if (t->m)
		return 0;
	tool_marks_free(t);
	rc = devmemhp_machine_new(t->arch, t->options[0] ? t->options : NULL, &t->m);
	if (rc) {
		fail(t, "machine %s: -%s: %s", t->arch, tool_errno_name(rc),
		     devmemhp_last_error(NULL));
		t->err = rc;
		return rc;
	}
	if (!getenv("DEVMEMHP_LOG")) { /* asked for: let the library log to stderr too */
		devmemhp_set_log_fn(t->m, log_notes, NULL);
		devmemhp_set_log_priority(t->m, LOG_NOTICE);
	}
	if (t->import_root) {
		rc = devmemhp_machine_import(t->m, t->import_root);
		if (rc)
			return lib_fail(t, rc);
		report_import(t, "--import", t->import_root);
	}
	return tool_mark_machine(t);
}

/* --json: the command's result */
static void emit(struct tool *t, const char *command, json_object *result)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "line", json_object_new_int((int)t->line));
	json_object_object_add(o, "command", json_object_new_string(command));
	json_object_object_add(o, "result", result);
	json_object_array_add(t->results, o);
}

void tool_emit(struct tool *t, const char *command, json_object *result)
{
	emit(t, command, result);
}

static int want_words(struct tool *t, char **w, int n, int min, int max, const char *usage)
{
	if (n < min)
		return fail(t, "missing argument; usage: %s", usage);
	if (n > max)
		return fail(t, "unexpected '%s' after the command; usage: %s", w[max], usage);
	return 0;
}

static int addr_arg(struct tool *t, const char *s, const char *what, uint64_t *v)
{
	int rc = tool_parse_size(s, v);

	if (rc)
		return fail(t, "%s '%s' is not a number%s", what, s,
			    rc == -ERANGE ? " that fits in 64 bits" : "");
	return 0;
}

static int size_arg(struct tool *t, const char *s, uint64_t *v)
{
	if (addr_arg(t, s, "size", v))
		return -1;
	if (!*v)
		return fail(t, "size '%s' is zero", s);
	return 0;
}

/* "ram", a DEVICE_MEMORY_* set ("device|movable|unaddressable"), or a memory type */
static int type_arg(struct tool *t, const char *s, unsigned int *flags, enum devmemhp_pgprot *pgprot)
{
	static const struct {
		const char *name;
		enum devmemhp_memory_type type;
	} types[] = {
		{ "private", DEVMEMHP_MEMORY_DEVICE_PRIVATE },
		{ "coherent", DEVMEMHP_MEMORY_DEVICE_COHERENT },
		{ "fsdax", DEVMEMHP_MEMORY_DEVICE_FS_DAX },
		{ "generic", DEVMEMHP_MEMORY_DEVICE_GENERIC },
		{ "p2pdma", DEVMEMHP_MEMORY_DEVICE_PCI_P2PDMA },
	};

	*pgprot = DEVMEMHP_PGPROT_KERNEL;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(s, types[i].name) == 0)
			return devmemhp_flags_from_memory_type(types[i].type, flags, pgprot) ? -1 : 0;
	if (devmemhp_flags_from_string(s, flags))
		return fail(t, "'%s' is not a memory type: ram, device[|movable][|unaddressable], "
			    "private, coherent, fsdax, generic or p2pdma", s);
	return 0;
}

static int zone_arg(struct tool *t, const char *s, enum devmemhp_zone *z)
{
	static const struct {
		const char *name;
		enum devmemhp_zone zone;
	} zones[] = {
		{ "auto", DEVMEMHP_ZONE_AUTO },       { "movable", DEVMEMHP_ZONE_MOVABLE },
		{ "normal", DEVMEMHP_ZONE_NORMAL },   { "kernel", DEVMEMHP_ZONE_NORMAL },
		{ "dma", DEVMEMHP_ZONE_DMA },         { "dma32", DEVMEMHP_ZONE_DMA32 },
		{ "highmem", DEVMEMHP_ZONE_HIGHMEM },
	};

	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strcasecmp(s, zones[i].name) == 0) {
			*z = zones[i].zone;
			return 0;
		}
	return fail(t, "'%s' is not a zone: auto, movable, normal (or kernel), dma, dma32 or "
		    "highmem", s);
}

static void range_text(uint64_t start, uint64_t size, char *buf, size_t len)
{
	snprintf(buf, len, "[%#" PRIx64 "-%#" PRIx64 "]", start, start + size - 1);
}

/* ---- add, remove and their plans ---------------------------------------------- */

struct add_args {
	struct devmemhp_add_params p;
	bool auto_place;
	char type[64];
};

/* add START|auto SIZE TYPE [nid=N] [name=NAME] [group=ID] [altmap=RESERVE:FREE]
 *     [compound=SIZE] [pgprot=kernel|decrypted|noncached] [FLAG...]
 * Each KEY=VALUE may be spelled --KEY VALUE or --KEY=VALUE, each FLAG --FLAG,
 * and node is another name of nid: `--node 1` is `nid=1`. */
static int parse_add(struct tool *t, char **w, int n, struct add_args *a)
{
	static const struct {
		const char *name;
		unsigned int option;
	} flags[] = {
		{ "driver-managed", DEVMEMHP_ADD_DRIVER_MANAGED },
		{ "merge", DEVMEMHP_ADD_MERGE_RESOURCE },
		{ "memmap-on-memory", DEVMEMHP_ADD_MEMMAP_ON_MEMORY },
		{ "no-memmap-on-memory", DEVMEMHP_ADD_NO_MEMMAP_ON_MEMORY },
		{ "no-group", DEVMEMHP_ADD_NO_GROUP },
		{ "no-online", DEVMEMHP_ADD_NO_ONLINE },
		{ "no-resource", DEVMEMHP_ADD_NO_RESOURCE },
	};
	const char *usage = "add START|auto SIZE TYPE [nid=N] [name=NAME] [group=ID] "
			    "[altmap=RESERVE:FREE] [compound=SIZE] [pgprot=P] [FLAG...]";
	enum devmemhp_pgprot pgprot;
	int rc;

	*a = (struct add_args){ .p = { .size = sizeof(a->p) } };
	if (want_words(t, w, n, 4, TOOL_MAX_WORDS, usage))
		return -1;
	a->auto_place = strcmp(w[1], "auto") == 0;
	if ((!a->auto_place && addr_arg(t, w[1], "start", &a->p.start)) ||
	    size_arg(t, w[2], &a->p.length) || type_arg(t, w[3], &a->p.flags, &pgprot))
		return -1;
	snprintf(a->type, sizeof(a->type), "%s", w[3]);
	a->p.pgprot = pgprot;
	for (int i = 4; i < n; i++) {
		char *word = w[i], *key = word, *v;
		char k[16];
		uint64_t x;
		size_t f, klen;

		if (word[0] == '-' && word[1] == '-' && word[2])
			key = word + 2;
		v = strchr(key, '=');
		klen = v ? (size_t)(v - key) : strlen(key);
		for (f = 0; !v && f < sizeof(flags) / sizeof(flags[0]); f++)
			if (strcmp(key, flags[f].name) == 0)
				break;
		if (!v && f < sizeof(flags) / sizeof(flags[0])) {
			a->p.options |= flags[f].option;
			continue;
		}
		if (!v && key != word) { /* --KEY VALUE */
			if (i + 1 == n)
				return fail(t, "%s needs a value; usage: %s", word, usage);
			v = w[++i];
		} else if (!v) {
			return fail(t, "'%s' is not an add option; usage: %s", word, usage);
		} else {
			v++;
		}
		/* k: the key with its '=', node spelled nid */
		if (klen >= sizeof(k) - 1)
			return fail(t, "'%s' is not an add option; usage: %s", word, usage);
		snprintf(k, sizeof(k), "%.*s=", (int)klen, key);
		if (!strcmp(k, "node="))
			snprintf(k, sizeof(k), "nid=");
		if (!strcmp(k, "nid=")) {
			if (tool_parse_u64(v, &x) || x > 1024)
				return fail(t, "nid '%s' is not a node number", v);
			a->p.nid = (int)x;
		} else if (!strcmp(k, "name=")) {
			if (!*v)
				return fail(t, "name= is empty");
			a->p.name = v;
		} else if (!strcmp(k, "group=")) {
			if (tool_parse_u64(v, &a->p.group))
				return fail(t, "group '%s' is not a group id", v);
		} else if (!strcmp(k, "altmap=")) {
			char *colon = strchr(v, ':');

			if (!colon)
				return fail(t, "altmap '%s' is not RESERVE:FREE (pages)", v);
			*colon = '\0';
			rc = tool_parse_size(v, &a->p.altmap_reserve) ||
			     tool_parse_size(colon + 1, &a->p.altmap_free);
			if (rc)
				return fail(t, "altmap '%s:%s' is not RESERVE:FREE (pages)", v, colon + 1);
		} else if (!strcmp(k, "compound=")) {
			if (tool_parse_size(v, &a->p.compound_size))
				return fail(t, "compound '%s' is not a size", v);
		} else if (!strcmp(k, "pgprot=")) {
			if (!strcmp(v, "kernel"))
				a->p.pgprot = DEVMEMHP_PGPROT_KERNEL;
			else if (!strcmp(v, "decrypted"))
				a->p.pgprot = DEVMEMHP_PGPROT_DECRYPTED;
			else if (!strcmp(v, "noncached"))
				a->p.pgprot = DEVMEMHP_PGPROT_NONCACHED;
			else
				return fail(t, "pgprot '%s' is not kernel, decrypted or noncached", v);
		} else {
			return fail(t, "'%s' is not an add option; usage: %s", word, usage);
		}
	}
	return 0;
}

static int place(struct tool *t, struct add_args *a)
{
	int rc;

	if (!a->auto_place)
		return 0;
	rc = devmemhp_find_free_region(t->m, a->p.length, &a->p.start);
	return rc ? lib_fail(t, rc) : 0;
}

static int cmd_add(struct tool *t, char **w, int n)
{
	struct devmemhp_geometry g = { .size = sizeof(g) };
	struct devmemhp_plan plan = { .size = sizeof(plan) };
	struct add_args a;
	char what[160], r[64];
	int rc;

	if (parse_add(t, w, n, &a) || tool_machine(t) || place(t, &a))
		return -1;
	devmemhp_plan_add(t->m, &a.p, &plan);
	rc = devmemhp_add_memory_ex(t->m, &a.p);
	if (rc)
		return lib_fail(t, rc);
	if (plan.result) /* the plan runs the same code: it cannot disagree */
		return fail(t, "the plan said -%s, the add succeeded", tool_errno_name(plan.result));
	range_text(a.p.start, a.p.length, r, sizeof(r));
	snprintf(what, sizeof(what), "add %s %s%s%s", r, a.type, a.p.name ? " " : "",
		 a.p.name ? a.p.name : "");
	devmemhp_machine_get_geometry(t->m, &g);
	if (t->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "start", json_u64(a.p.start));
		json_object_object_add(o, "end", json_u64(a.p.start + a.p.length));
		json_object_object_add(o, "type", json_object_new_string(a.type));
		json_object_object_add(o, "flags", json_object_new_int((int)a.p.flags));
		json_object_object_add(o, "nid", json_object_new_int(a.p.nid));
		if (a.p.name)
			json_object_object_add(o, "name", json_object_new_string(a.p.name));
		json_object_object_add(o, "options", json_object_new_int((int)a.p.options));
		json_object_object_add(o, "cost", json_plan(&plan, false));
		emit(t, "add", o);
	} else {
		report_cost(t->out, what, &plan, &g);
		report_zone_whys(t->out, &plan);
	}
	return 0;
}

static int parse_range_type(struct tool *t, char **w, int n, const char *usage, uint64_t *start,
			    uint64_t *size, unsigned int *flags)
{
	enum devmemhp_pgprot pgprot;

	if (want_words(t, w, n, 4, 4, usage) || addr_arg(t, w[1], "start", start) ||
	    size_arg(t, w[2], size) || type_arg(t, w[3], flags, &pgprot))
		return -1;
	return 0;
}

static int cmd_remove(struct tool *t, char **w, int n)
{
	struct devmemhp_geometry g = { .size = sizeof(g) };
	struct devmemhp_plan plan = { .size = sizeof(plan) };
	uint64_t start, size;
	unsigned int flags;
	char what[160], r[64];
	int rc;

	if (parse_range_type(t, w, n, "remove START SIZE TYPE", &start, &size, &flags) ||
	    tool_machine(t))
		return -1;
	devmemhp_plan_remove(t->m, start, size, flags, &plan);
	rc = devmemhp_remove_memory(t->m, start, size, flags);
	if (rc)
		return lib_fail(t, rc);
	range_text(start, size, r, sizeof(r));
	snprintf(what, sizeof(what), "remove %s %s", r, w[3]);
	devmemhp_machine_get_geometry(t->m, &g);
	if (t->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "start", json_u64(start));
		json_object_object_add(o, "end", json_u64(start + size));
		json_object_object_add(o, "type", json_object_new_string(w[3]));
		json_object_object_add(o, "cost", json_plan(&plan, true));
		emit(t, "remove", o);
	} else {
		plan.nr_blocks = 0; /* the blocks are gone: say what it cost */
		report_cost(t->out, what, &plan, &g);
	}
	return 0;
}

/* plan add ... | plan remove START SIZE TYPE */
static int cmd_plan(struct tool *t, char **w, int n)
{
	struct devmemhp_plan plan = { .size = sizeof(plan) };
	bool remove;
	uint64_t start, size;
	unsigned int flags;
	int nid = 0;
	char r[64], s[TOOL_SIZE_BUF];

	if (n < 2 || (strcmp(w[1], "add") && strcmp(w[1], "remove")))
		return fail(t, "usage: plan add ... | plan remove START SIZE TYPE");
	remove = w[1][0] == 'r';
	if (remove) {
		if (parse_range_type(t, w + 1, n - 1, "plan remove START SIZE TYPE", &start, &size,
				     &flags) || tool_machine(t))
			return -1;
		devmemhp_plan_remove(t->m, start, size, flags, &plan);
	} else {
		struct add_args a;

		if (parse_add(t, w + 1, n - 1, &a) || tool_machine(t) || place(t, &a))
			return -1;
		devmemhp_plan_add(t->m, &a.p, &plan);
		start = a.p.start;
		size = a.p.length;
		flags = a.p.flags;
		nid = a.p.nid;
	}
	if (plan.result)
		t->failed_plans++;
	if (t->json) {
		json_object *o = json_plan(&plan, remove);

		json_object_object_add(o, "start", json_u64(start));
		json_object_object_add(o, "end", json_u64(start + size));
		json_object_object_add(o, "type", json_object_new_string(w[4]));
		if (!remove)
			json_object_object_add(o, "node", json_object_new_int(nid));
		emit(t, "plan", o);
		return 0;
	}
	range_text(start, size, r, sizeof(r));
	fprintf(t->out, "plan %s %s %s (%s)\n", w[1], r, w[4], SIZE(s, size));
	report_plan(t->out, t->m, &plan, remove, flags);
	return 0;
}

/* ---- online, offline, set, unmovable ---------------------------------------------- */

/* "8 blocks in Movable" after an online */
static void zones_text(struct tool *t, uint64_t start, uint64_t size, char *buf, size_t len)
{
	struct devmemhp_stats s = { .size = sizeof(s) };
	enum devmemhp_zone first = DEVMEMHP_ZONE_NONE;
	bool mixed = false;
	uint64_t count = 0;

	devmemhp_get_stats(t->m, &s);
	for (uint64_t id = start / s.block_size; id < (start + size) / s.block_size; id++) {
		struct devmemhp_memory_block b = { .size = sizeof(b) };

		if (devmemhp_memory_block_get(t->m, id, &b))
			continue;
		if (!count++)
			first = b.zone;
		else if (b.zone != first)
			mixed = true;
	}
	snprintf(buf, len, "%" PRIu64 " block%s%s%s", count, count == 1 ? "" : "s",
		 mixed ? " in several zones" : " in ", mixed ? "" : tool_zone_name(first));
}

static int cmd_online(struct tool *t, char **w, int n)
{
	enum devmemhp_zone zone = DEVMEMHP_ZONE_AUTO;
	uint64_t start, size;
	char r[64], z[96];
	int rc;

	if (want_words(t, w, n, 3, 4,
		       "online START SIZE [auto|movable|normal|kernel|dma|dma32|highmem]") ||
	    addr_arg(t, w[1], "start", &start) || size_arg(t, w[2], &size) ||
	    (n == 4 && zone_arg(t, w[3], &zone)) || tool_machine(t))
		return -1;
	rc = devmemhp_online_memory(t->m, start, size, zone);
	if (rc)
		return lib_fail(t, rc);
	if (t->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "start", json_u64(start));
		json_object_object_add(o, "end", json_u64(start + size));
		json_object_object_add(o, "blocks", json_zones(t->m, start, size));
		emit(t, "online", o);
	} else {
		range_text(start, size, r, sizeof(r));
		zones_text(t, start, size, z, sizeof(z));
		fprintf(t->out, "online %s: %s\n", r, z);
	}
	return 0;
}

static int cmd_offline(struct tool *t, char **w, int n)
{
	struct devmemhp_stats s = { .size = sizeof(s) };
	uint64_t start, size;
	char r[64];
	int rc;

	if (want_words(t, w, n, 3, 3, "offline START SIZE") || addr_arg(t, w[1], "start", &start) ||
	    size_arg(t, w[2], &size) || tool_machine(t))
		return -1;
	rc = devmemhp_offline_memory(t->m, start, size);
	if (rc)
		return lib_fail(t, rc);
	devmemhp_get_stats(t->m, &s);
	range_text(start, size, r, sizeof(r));
	if (t->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "start", json_u64(start));
		json_object_object_add(o, "end", json_u64(start + size));
		json_object_object_add(o, "blocks", json_u64(size / s.block_size));
		emit(t, "offline", o);
	} else {
		fprintf(t->out, "offline %s: %" PRIu64 " block%s\n", r, size / s.block_size,
			size / s.block_size == 1 ? "" : "s");
	}
	return 0;
}

static int cmd_set(struct tool *t, char **w, int n)
{
	char *eq;
	int rc;

	if (want_words(t, w, n, 2, 2, "set KEY=VALUE") || tool_machine(t))
		return -1;
	eq = strchr(w[1], '=');
	if (!eq || eq == w[1])
		return fail(t, "'%s' is not KEY=VALUE", w[1]);
	*eq = '\0';
	rc = devmemhp_machine_set_option(t->m, w[1], eq + 1);
	if (rc)
		return lib_fail(t, rc);
	if (t->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "key", json_object_new_string(w[1]));
		json_object_object_add(o, "value", json_object_new_string(eq + 1));
		emit(t, "set", o);
	}
	else
		fprintf(t->out, "set %s=%s\n", w[1], eq + 1);
	return 0;
}

static int cmd_unmovable(struct tool *t, char **w, int n)
{
	struct devmemhp_geometry g = { .size = sizeof(g) };
	bool clear;
	uint64_t addr;
	int rc;

	if (want_words(t, w, n, 2, 3, "unmovable ADDR [clear]") || addr_arg(t, w[1], "address", &addr))
		return -1;
	clear = n == 3;
	if (clear && strcmp(w[2], "clear"))
		return fail(t, "unexpected '%s' after the command; usage: unmovable ADDR [clear]",
			    w[2]);
	if (tool_machine(t))
		return -1;
	devmemhp_machine_get_geometry(t->m, &g);
	rc = devmemhp_set_page_unmovable(t->m, addr >> g.page_shift, !clear);
	if (rc)
		return lib_fail(t, rc);
	if (t->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "pfn", json_u64(addr >> g.page_shift));
		json_object_object_add(o, "unmovable", json_object_new_boolean(!clear));
		emit(t, "unmovable", o);
	}
	else
		fprintf(t->out, "unmovable pfn %#" PRIx64 ": %s\n", addr >> g.page_shift,
			clear ? "movable again" : "a page offlining cannot migrate");
	return 0;
}

/* group static|dynamic NID SIZE */
static int cmd_group(struct tool *t, char **w, int n)
{
	uint64_t nid, size, id;
	int rc;

	if (want_words(t, w, n, 4, 4, "group static|dynamic NID SIZE"))
		return -1;
	if (strcmp(w[1], "static") && strcmp(w[1], "dynamic"))
		return fail(t, "'%s' is neither static nor dynamic", w[1]);
	if (tool_parse_u64(w[2], &nid) || nid > 1024)
		return fail(t, "nid '%s' is not a node number", w[2]);
	if (size_arg(t, w[3], &size) || tool_machine(t))
		return -1;
	rc = devmemhp_memory_group_new(t->m, (int)nid, w[1][0] == 'd', size, &id);
	if (rc)
		return lib_fail(t, rc);
	if (t->json)
		emit(t, "group", json_u64(id));
	else
		fprintf(t->out, "group %" PRIu64 "\n", id);
	return 0;
}

/* resource add START SIZE NAME [busy] [system-ram] [driver-managed] | resource remove START SIZE NAME */
static int cmd_resource(struct tool *t, char **w, int n)
{
	const char *usage = "resource add START SIZE NAME [busy] [system-ram] [driver-managed] | "
			    "resource remove START SIZE NAME";
	uint64_t start, size;
	unsigned int flags = 0;
	char r[64];
	int rc;

	if (n < 2 || (strcmp(w[1], "add") && strcmp(w[1], "remove")))
		return fail(t, "usage: %s", usage);
	if (want_words(t, w, n, 5, w[1][0] == 'a' ? 8 : 5, usage) ||
	    addr_arg(t, w[2], "start", &start) || size_arg(t, w[3], &size))
		return -1;
	for (int i = 5; i < n; i++) {
		if (!strcmp(w[i], "busy"))
			flags |= DEVMEMHP_RES_BUSY;
		else if (!strcmp(w[i], "system-ram"))
			flags |= DEVMEMHP_RES_SYSTEM_RAM;
		else if (!strcmp(w[i], "driver-managed"))
			flags |= DEVMEMHP_RES_DRIVER_MANAGED;
		else
			return fail(t, "'%s' is not a resource flag; usage: %s", w[i], usage);
	}
	if (tool_machine(t))
		return -1;
	rc = w[1][0] == 'a' ? devmemhp_resource_add(t->m, start, size, w[4], flags,
						    DEVMEMHP_IORES_DESC_NONE)
			    : devmemhp_resource_remove(t->m, start, size, w[4]);
	if (rc)
		return lib_fail(t, rc);
	range_text(start, size, r, sizeof(r));
	if (t->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "action", json_object_new_string(w[1]));
		json_object_object_add(o, "start", json_u64(start));
		json_object_object_add(o, "end", json_u64(start + size));
		json_object_object_add(o, "name", json_object_new_string(w[4]));
		json_object_object_add(o, "flags", json_object_new_int((int)flags));
		emit(t, "resource", o);
	}
	else
		fprintf(t->out, "resource %s %s %s\n", w[1], r, w[4]);
	return 0;
}

/* ---- show, translate, export-sysfs, echo ------------------------------------------- */

static int cmd_show(struct tool *t, char **w, int n)
{
	static const struct {
		const char *name;
		enum devmemhp_view view;
	} views[] = {
		{ "iomem", DEVMEMHP_VIEW_IOMEM },     { "meminfo", DEVMEMHP_VIEW_MEMINFO },
		{ "memory-blocks", DEVMEMHP_VIEW_MEMORY_BLOCKS }, { "zoneinfo", DEVMEMHP_VIEW_ZONEINFO },
		{ "ptdump", DEVMEMHP_VIEW_PTDUMP },
	};
	const char *usage = "show iomem|meminfo|blocks [--all] [--bytes]|memory-blocks|zoneinfo|"
			    "ptdump|stats|nodes";
	int rc;

	if (n >= 2 && !strcmp(w[1], "blocks")) { /* lsmem's table (lsmem.c) */
		bool all = false, bytes = tool_bytes;
		json_object *doc = NULL;

		for (int i = 2; i < n; i++) {
			if (!strcmp(w[i], "--all") || !strcmp(w[i], "-a"))
				all = true;
			else if (!strcmp(w[i], "--bytes") || !strcmp(w[i], "-b"))
				bytes = true;
			else
				return fail(t, "'%s' is not an option of show blocks; usage: %s", w[i],
					    usage);
		}
		if (tool_machine(t))
			return -1;
		rc = tool_lsmem(t->m, t->out, all, bytes, t->json ? &doc : NULL);
		if (rc)
			return lib_fail(t, rc);
		if (doc)
			emit(t, "show blocks", doc);
		return 0;
	}
	if (want_words(t, w, n, 2, 2, usage) || tool_machine(t))
		return -1;
	if (!strcmp(w[1], "stats")) {
		struct devmemhp_stats s = { .size = sizeof(s) };
		struct devmemhp_geometry g = { .size = sizeof(g) };

		devmemhp_get_stats(t->m, &s);
		devmemhp_machine_get_geometry(t->m, &g);
		if (t->json)
			emit(t, "show stats", json_stats(&s));
		else
			report_stats(t->out, &s, &g);
		return 0;
	}
	if (!strcmp(w[1], "nodes")) {
		if (t->json)
			emit(t, "show nodes", json_nodes(t->m));
		else
			report_nodes(t->out, t->m);
		return 0;
	}
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		if (strcmp(w[1], views[i].name))
			continue;
		if (t->json) {
			char name[32];

			snprintf(name, sizeof(name), "show %s", views[i].name);
			emit(t, name, json_view(t->m, views[i].view));
			return 0;
		}
		rc = devmemhp_write_view(t->m, views[i].view, t->out);
		return rc ? lib_fail(t, rc) : 0;
	}
	return fail(t, "'%s' is not a view; usage: %s", w[1], usage);
}

/* translate ADDR: a linear-map or vmemmap address to its physical one, or a
 * physical address to its page and its linear-map address */
static int cmd_translate(struct tool *t, char **w, int n)
{
	struct devmemhp_geometry g = { .size = sizeof(g) };
	struct devmemhp_page_info pi = { .size = sizeof(pi) };
	json_object *o;
	uint64_t addr, pa, va;
	unsigned int shift;
	char s[TOOL_SIZE_BUF];

	if (want_words(t, w, n, 2, 2, "translate ADDR") || addr_arg(t, w[1], "address", &addr) ||
	    tool_machine(t))
		return -1;
	devmemhp_machine_get_geometry(t->m, &g);
	if (devmemhp_virt_to_phys(t->m, addr, &pa, &shift) == 0) {
		if (t->json) {
			o = json_object_new_object();
			json_object_object_add(o, "va", json_u64(addr));
			json_object_object_add(o, "pa", json_u64(pa));
			json_object_object_add(o, "page_size", json_u64((uint64_t)1 << shift));
			emit(t, "translate", o);
		} else {
			fprintf(t->out, "va %#" PRIx64 " -> pa %#" PRIx64 " (%s page)\n", addr, pa,
				SIZE(s, (uint64_t)1 << shift));
		}
		return 0;
	}
	if (devmemhp_page_info(t->m, addr >> g.page_shift, &pi))
		return fail(t, "%#" PRIx64 " is neither a mapped virtual address nor a physical "
			    "address of this machine", addr);
	va = pi.state & DEVMEMHP_PAGE_MAPPED ? pi.linear_va + (addr & ((1ull << g.page_shift) - 1)) : 0;
	if (t->json) {
		o = json_object_new_object();
		json_object_object_add(o, "pa", json_u64(addr));
		json_object_object_add(o, "pfn", json_u64(pi.pfn));
		json_object_object_add(o, "present", json_object_new_boolean(pi.state & DEVMEMHP_PAGE_PRESENT));
		json_object_object_add(o, "online", json_object_new_boolean(pi.state & DEVMEMHP_PAGE_ONLINE));
		json_object_object_add(o, "device", json_object_new_boolean(pi.state & DEVMEMHP_PAGE_DEVICE));
		json_object_object_add(o, "node", json_object_new_int(pi.nid));
		json_object_object_add(o, "zone", devmemhp_zone_name(pi.zone)
						       ? json_object_new_string(devmemhp_zone_name(pi.zone))
						       : NULL);
		if (va) {
			json_object_object_add(o, "va", json_u64(va));
			json_object_object_add(o, "page_size", json_u64(1ull << pi.linear_page_shift));
		}
		emit(t, "translate", o);
		return 0;
	}
	fprintf(t->out, "pa %#" PRIx64 ": pfn %#" PRIx64 ", %s", addr, pi.pfn,
		!(pi.state & DEVMEMHP_PAGE_PRESENT) ? "no struct page"
		: pi.state & DEVMEMHP_PAGE_DEVICE   ? "device memory"
		: pi.state & DEVMEMHP_PAGE_ONLINE   ? "online"
						    : "offline");
	if (pi.state & DEVMEMHP_PAGE_PRESENT)
		fprintf(t->out, ", node %d, zone %s", pi.nid,
			tool_zone_name(pi.zone));
	if (va)
		fprintf(t->out, "; va %#" PRIx64 " (%s page)\n", va,
			SIZE(s, (uint64_t)1 << pi.linear_page_shift));
	else
		fprintf(t->out, "; not in the linear map\n");
	return 0;
}

/* The result of a command that hands the library one path (w[1]): the command
 * and the path, or why the library refused. */
static int path_result(struct tool *t, char **w, int rc)
{
	if (rc)
		return lib_fail(t, rc);
	if (t->json)
		emit(t, w[0], json_object_new_string(w[1]));
	else
		fprintf(t->out, "%s %s\n", w[0], w[1]);
	return 0;
}

static int cmd_export(struct tool *t, char **w, int n)
{
	if (want_words(t, w, n, 2, 2, "export-sysfs DIR") || tool_machine(t))
		return -1;
	return path_result(t, w, devmemhp_export_sysfs(t->m, w[1]));
}

/* Appends the n words to buf at *len, sep between them and after what buf
 * held; *len counts what did not fit too. */
static void append_words(char *buf, size_t size, size_t *len, char *const *w, int n,
			 const char *sep)
{
	for (int i = 0; i < n; i++) {
		size_t room = *len < size ? size - *len : 0;

		*len += (size_t)snprintf(room ? buf + *len : NULL, room, "%s%s",
					 i || *len ? sep : "", w[i]);
	}
}

static int cmd_echo(struct tool *t, char **w, int n)
{
	char text[TOOL_MAX_LINE] = "";
	size_t len = 0;

	append_words(text, sizeof(text), &len, w + 1, n - 1, " ");
	if (t->json)
		emit(t, "echo", json_object_new_string(text));
	else
		fprintf(t->out, "%s\n", text);
	return 0;
}

/* ---- machine, import ---------------------------------------------------------------- */

static int cmd_machine(struct tool *t, char **w, int n)
{
	struct devmemhp_stats s = { .size = sizeof(s) };
	struct devmemhp_kernel k = { .size = sizeof(k) };
	size_t len = 0;
	char a[TOOL_SIZE_BUF], b[TOOL_SIZE_BUF];

	if (want_words(t, w, n, 2, TOOL_MAX_WORDS, "machine ARCH [KEY=VALUE...]"))
		return -1;
	t->options[0] = '\0';
	append_words(t->options, sizeof(t->options), &len, w + 2, n - 2, ",");
	/* -o adjusts every machine of the scenario: its options come last and win */
	if (t->cli_options[0])
		append_words(t->options, sizeof(t->options), &len, &(char *){ t->cli_options }, 1, ",");
	if (len >= sizeof(t->options))
		return fail(t, "the machine's options are longer than %zu bytes", sizeof(t->options) - 1);
	if (t->cli_arch[0] && strcmp(t->cli_arch, w[1]) && !t->cli_arch_noted) {
		fprintf(stderr, "devmemhp: %s:%u: note: the scenario's machine is %s, not -a %s\n",
			t->file, t->line, w[1], t->cli_arch);
		t->cli_arch_noted = true;
	}
	snprintf(t->arch, sizeof(t->arch), "%s", w[1]);
	devmemhp_machine_unref(t->m);
	t->m = NULL;
	if (tool_machine(t))
		return -1;
	devmemhp_get_stats(t->m, &s);
	devmemhp_machine_get_kernel(t->m, &k);
	if (t->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "arch", json_object_new_string(t->arch));
		json_object_object_add(o, "kernel", json_kernel(&k));
		json_object_object_add(o, "stats", json_stats(&s));
		emit(t, "machine", o);
	} else {
		fprintf(t->out, "machine %s (Linux %s): %s of boot RAM in %" PRIu64 " memory block%s "
			"of %s\n", t->arch, k.name, SIZE(a, s.present_bytes), s.memory_blocks,
			s.memory_blocks == 1 ? "" : "s", SIZE(b, s.block_size));
	}
	return 0;
}

static int cmd_import(struct tool *t, char **w, int n)
{
	int rc;

	if (want_words(t, w, n, 2, 2, "import ROOT") || tool_machine(t))
		return -1;
	rc = devmemhp_machine_import(t->m, w[1]);
	if (rc)
		return lib_fail(t, rc);
	report_import(t, w[0], w[1]);
	return tool_mark_machine(t); /* a diff starts from the machine imported */
}

/* ---- expect --------------------------------------------------------------------------- */

/* A statistic by its name in show stats: a member, or a per-level member
 * with the level's leaf size ("direct_map_leaves[2M]") or number. */
static int stat_value(const struct devmemhp_stats *s, const struct devmemhp_geometry *g,
		      const char *name, uint64_t *v)
{
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
#define F(f) { #f, offsetof(struct devmemhp_stats, f) }
		F(memmap_bytes), F(memmap_altmap_bytes), F(present_bytes), F(online_bytes),
		F(managed_bytes), F(device_bytes), F(unaddressable_bytes), F(memory_blocks),
		F(memory_blocks_online), F(block_size), F(max_pfn), F(high_memory),
#undef F
	};
	static const struct {
		const char *name;
		size_t off;
	} levels[] = {
		{ "direct_map_bytes", offsetof(struct devmemhp_stats, direct_map_bytes) },
		{ "direct_map_leaves", offsetof(struct devmemhp_stats, direct_map_leaves) },
		{ "direct_map_table_pages", offsetof(struct devmemhp_stats, direct_map_table_pages) },
		{ "vmemmap_table_pages", offsetof(struct devmemhp_stats, vmemmap_table_pages) },
	};
	const char *br = strchr(name, '[');

	if (!strcmp(name, "ranges")) {
		*v = s->ranges;
		return 0;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strcmp(name, fields[i].name)) {
			memcpy(v, (const char *)s + fields[i].off, sizeof(*v));
			return 0;
		}
	for (size_t i = 0; br && i < sizeof(levels) / sizeof(levels[0]); i++) {
		uint64_t l;
		char idx[8];

		if (strncmp(name, levels[i].name, (size_t)(br - name)) ||
		    strlen(levels[i].name) != (size_t)(br - name) || strlen(br) > sizeof(idx) ||
		    br[strlen(br) - 1] != ']')
			continue;
		snprintf(idx, sizeof(idx), "%.*s", (int)strlen(br) - 2, br + 1);
		if (tool_parse_u64(idx, &l)) {
			for (l = 0; l < g->levels; l++) {
				char leaf[16];

				tool_leaf_name(g, (unsigned int)l, leaf, sizeof(leaf));
				if (!strcasecmp(leaf, idx))
					break;
			}
		}
		if (l >= g->levels)
			return -EINVAL;
		memcpy(v, (const char *)s + levels[i].off + l * sizeof(uint64_t), sizeof(*v));
		return 0;
	}
	return -EINVAL;
}

/* expect error ERRNO COMMAND... | expect stat NAME VALUE | expect zone ADDR ZONE|offline */
static int cmd_expect(struct tool *t, char **w, int n)
{
	const char *usage = "expect error ERRNO COMMAND... | expect stat NAME VALUE | "
			    "expect zone ADDR ZONE|offline";

	if (n >= 2 && !strcmp(w[1], "error")) {
		int want, rc;

		if (n < 4)
			return fail(t, "missing argument; usage: %s", usage);
		if (tool_parse_errno(w[2], &want))
			return fail(t, "'%s' is not an errno: -EEXIST, EEXIST or a number", w[2]);
		rc = tool_command(t, w + 3, n - 3);
		if (rc == 0)
			return fail(t, "expected -%s, but %s succeeded", tool_errno_name(want), w[3]);
		if (rc != want) {
			char why[sizeof(t->error)];

			snprintf(why, sizeof(why), "%s", t->error);
			return fail(t, "expected -%s, but %s failed otherwise: %s",
				    tool_errno_name(want), w[3], why);
		}
		t->error[0] = '\0';
		return 0;
	}
	if (n >= 2 && !strcmp(w[1], "stat")) {
		struct devmemhp_stats s = { .size = sizeof(s) };
		struct devmemhp_geometry g = { .size = sizeof(g) };
		uint64_t want, got;

		if (want_words(t, w, n, 4, 4, usage) || tool_machine(t))
			return -1;
		if (tool_parse_size(w[3], &want))
			return fail(t, "'%s' is not a number", w[3]);
		devmemhp_get_stats(t->m, &s);
		devmemhp_machine_get_geometry(t->m, &g);
		if (stat_value(&s, &g, w[2], &got))
			return fail(t, "'%s' is not a statistic (see show stats)", w[2]);
		if (got != want)
			return fail(t, "%s is %" PRIu64 ", not %" PRIu64, w[2], got, want);
		return 0;
	}
	if (n >= 2 && !strcmp(w[1], "zone")) {
		struct devmemhp_stats s = { .size = sizeof(s) };
		struct devmemhp_memory_block b = { .size = sizeof(b) };
		uint64_t addr;
		const char *got;
		int rc;

		if (want_words(t, w, n, 4, 4, usage) || addr_arg(t, w[2], "address", &addr) ||
		    tool_machine(t))
			return -1;
		devmemhp_get_stats(t->m, &s);
		rc = devmemhp_memory_block_get(t->m, addr / s.block_size, &b);
		if (rc)
			return lib_fail(t, rc);
		got = !b.online ? "offline" : tool_zone_name(b.zone);
		if (strcasecmp(got, w[3]))
			return fail(t, "memory%" PRIu64 " is %s%s, not %s", b.id,
				    b.online ? "in " : "", got, w[3]);
		return 0;
	}
	return fail(t, "usage: %s", usage);
}

/* ---- the table -------------------------------------------------------------------------- */

static const struct {
	const char *name;
	int (*fn)(struct tool *t, char **w, int n);
} commands[] = {
	{ "machine", cmd_machine },   { "import", cmd_import },     { "set", cmd_set },
	{ "add", cmd_add },           { "remove", cmd_remove },     { "online", cmd_online },
	{ "offline", cmd_offline },   { "unmovable", cmd_unmovable }, { "group", cmd_group },
	{ "resource", cmd_resource }, { "show", cmd_show },         { "translate", cmd_translate },
	{ "export-sysfs", cmd_export }, { "plan", cmd_plan },       { "expect", cmd_expect },
	{ "echo", cmd_echo },         { "mark", cmd_mark },         { "diff", cmd_diff },
};

bool tool_is_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name))
			return true;
	return false;
}

int tool_command(struct tool *t, char **w, int n)
{
	t->error[0] = '\0';
	t->err = 0;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(w[0], commands[i].name))
			return commands[i].fn(t, w, n) ? (t->err ? t->err : TOOL_FAIL) : 0;
	return fail(t, "'%s' is not a command", w[0]);
}
