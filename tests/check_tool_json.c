/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * devmemhp --json, read back with json-c: every golden scenario gives one
 * document of the documented shape, and the planner's answers are numbers a
 * program can use (devmemhp-json(5)).
 */
#include <json-c/json.h>
#include <limits.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

static const char *srcdir(void)
{
	return getenv("srcdir") ? getenv("srcdir") : ".";
}

/* Run the tool with --json and args in a scratch directory holding
 * tests/tool/NAME.scn (NULL: none) and the machine roots; the document, and
 * the exit status in *status. */
static json_object *run_tool(const char *name, const char *args, int *status)
{
	char cwd[PATH_MAX], dir[TU_TEMPLATE_MAX], *cmd, *out = NULL, buf[4096];
	size_t len = 0, n;
	FILE *p, *o;
	json_object *doc;
	enum json_tokener_error err;

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	tu_template(dir, "json");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_ge(asprintf(&cmd, "cp -R %s/tests/tool/qemu-root %s/tests/tool/numa-root "
				  "%s%s%s%s %s/ && cd %s && %s/tools/devmemhp --json %s 2>/dev/null",
				  srcdir(), srcdir(), name ? srcdir() : "",
				  name ? "/tests/tool/" : "", name ? name : "", name ? ".scn" : "",
				  dir, dir, cwd, args), 0);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	o = open_memstream(&out, &len);
	while ((n = fread(buf, 1, sizeof(buf), p)))
		fwrite(buf, 1, n, o);
	*status = pclose(p);
	*status = WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
	fclose(o);
	free(cmd);
	ck_assert_int_ge(asprintf(&cmd, "rm -rf %s", dir), 0);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	doc = json_tokener_parse_verbose(out, &err);
	ck_assert_msg(doc != NULL, "%s: not JSON (%s):\n%s", args, json_tokener_error_desc(err), out);
	free(out);
	return doc;
}

/* The document of tests/tool/NAME.scn. */
static json_object *run_json(const char *name)
{
	char args[128];
	int status;

	snprintf(args, sizeof(args), "%s.scn", name);
	return run_tool(name, args, &status);
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "no \"%s\" in %s", key,
		      json_object_to_json_string(o));
	return v;
}

static int64_t num(json_object *o, const char *key)
{
	return json_object_get_int64(get(o, key));
}

/* The result of the nth command named `command` (0-based). */
static json_object *result(json_object *doc, const char *command, int nth)
{
	json_object *results = get(doc, "results");

	for (size_t i = 0; i < json_object_array_length(results); i++) {
		json_object *r = json_object_array_get_idx(results, i);

		if (!strcmp(json_object_get_string(get(r, "command")), command) && nth-- == 0)
			return get(r, "result");
	}
	ck_abort_msg("no result of %s", command);
	return NULL;
}

static bool has_string(json_object *array, const char *s)
{
	for (size_t i = 0; i < json_object_array_length(array); i++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(array, i)), s))
			return true;
	return false;
}

/* The document's shape, for every scenario the golden test runs. */
static const char *const scenarios[] = {
	"every-command", "plan-alignment", "plan-balance", "plan-memmap", "plan-reasons",
	"plan-remove",
	"err-bad-size", "err-expect", "err-library", "err-unknown-command", "diff",
};

START_TEST(test_shape)
{
	json_object *doc = run_json(scenarios[_i]), *results = get(doc, "results");
	bool failing = !strncmp(scenarios[_i], "err-", 4);
	char file[64];

	ck_assert(json_object_is_type(doc, json_type_object));
	snprintf(file, sizeof(file), "%s.scn", scenarios[_i]);
	ck_assert_str_eq(json_object_get_string(get(doc, "scenario")), file);
	ck_assert_str_eq(json_object_get_string(get(doc, "status")), failing ? "failed" : "ok");
	ck_assert(json_object_is_type(results, json_type_array));
	for (size_t i = 0; i < json_object_array_length(results); i++) {
		json_object *r = json_object_array_get_idx(results, i);

		ck_assert_int_gt(num(r, "line"), 0);
		ck_assert(json_object_is_type(get(r, "command"), json_type_string));
		get(r, "result");
	}
	if (failing) {
		json_object *e = get(doc, "error");

		ck_assert_int_gt(num(e, "line"), 0);
		ck_assert_ptr_nonnull(strstr(json_object_get_string(get(e, "file")), scenarios[_i]));
		ck_assert_uint_gt(strlen(json_object_get_string(get(e, "message"))), 0);
	}
	json_object_put(doc);
}
END_TEST

#define MiB (1ull << 20)

START_TEST(test_alignment_answers)
{
	json_object *doc = run_json("plan-alignment");
	json_object *a = result(doc, "plan", 0), *b = result(doc, "plan", 1), *c = result(doc, "plan", 2);

	/* 250 MiB on 2 GiB blocks: refused, all of it lost, a 2 GiB block covers it */
	ck_assert_int_eq(num(a, "result"), -EINVAL);
	ck_assert_int_eq(num(a, "granule"), 2048 * MiB);
	ck_assert_int_eq(num(a, "usable_end") - num(a, "usable_start"), 0);
	ck_assert_int_eq(num(a, "lost_head"), 250 * MiB);
	ck_assert_int_eq(num(a, "cover_end") - num(a, "cover_start"), 2048 * MiB);
	/* 10 GiB truncated to 8 GiB: 1988 MiB before, 60 MiB after */
	ck_assert_int_eq(num(b, "usable_end") - num(b, "usable_start"), 8192 * MiB);
	ck_assert_int_eq(num(b, "lost_head"), 1988 * MiB);
	ck_assert_int_eq(num(b, "lost_tail"), 60 * MiB);
	/* as device memory nothing is lost */
	ck_assert_int_eq(num(c, "result"), 0);
	ck_assert_int_eq(num(c, "granule"), 2 * MiB);
	ck_assert_int_eq(num(c, "lost_head") + num(c, "lost_tail"), 0);
	ck_assert_int_eq(num(c, "memmap_bytes"), 160 * MiB);
	json_object_put(doc);
}
END_TEST

START_TEST(test_remove_answers)
{
	json_object *doc = run_json("plan-remove"), *p = result(doc, "plan", 0), *runs;

	ck_assert_int_eq(num(p, "result"), -EBUSY);
	ck_assert_int_eq(num(p, "offline_result"), -EBUSY);
	ck_assert(has_string(get(p, "blockers"), "unmovable"));
	ck_assert(has_string(get(p, "blockers"), "kernel_zone"));
	runs = get(p, "runs");
	ck_assert_int_eq(json_object_array_length(runs), 3);
	ck_assert_int_eq(num(json_object_array_get_idx(runs, 1), "first"), 33);
	ck_assert(has_string(get(json_object_array_get_idx(runs, 1), "blockers"), "unmovable"));
	/* movable: offlining first works, then the remove */
	ck_assert_int_eq(num(result(doc, "plan", 1), "offline_result"), 0);
	ck_assert_int_eq(num(result(doc, "plan", 2), "result"), 0);
	ck_assert_int_eq(num(result(doc, "plan", 2), "memmap_bytes"), -(int64_t)(16 * MiB));
	/* s390 */
	ck_assert(has_string(get(result(doc, "plan", 3), "blockers"), "no_remove"));
	json_object_put(doc);
}
END_TEST

START_TEST(test_memmap_and_balance_answers)
{
	json_object *doc = run_json("plan-memmap"), *a = result(doc, "plan", 0), *b = result(doc, "plan", 1);

	ck_assert(!json_object_get_boolean(get(a, "memmap_on_memory")));
	ck_assert_ptr_nonnull(strstr(json_object_get_string(get(a, "memmap_on_memory_why")),
				     "not one memory block"));
	ck_assert(json_object_get_boolean(get(b, "memmap_on_memory")));
	ck_assert_int_eq(num(b, "memmap_altmap_bytes"), 2 * MiB);
	ck_assert_int_eq(num(b, "memmap_bytes"), 0);
	json_object_put(doc);
	doc = run_json("plan-balance");
	/* contig-zones, CPU-less node 1: the ratio is advisory, no warning */
	a = result(doc, "plan", 0);
	ck_assert_int_eq(json_object_array_length(get(a, "warnings")), 0);
	ck_assert_int_eq(num(a, "movable_percent"), 400);
	ck_assert_int_eq(num(a, "node_kernel_bytes"), 0);
	ck_assert_int_eq(num(a, "nid"), 1);
	ck_assert(!json_object_get_boolean(get(a, "node_has_cpus")));
	ck_assert_str_eq(json_object_get_string(get(a, "online_policy")), "contig-zones");
	ck_assert_str_eq(json_object_get_string(get(a, "balance_why")), "above auto_movable_ratio, "
			 "which is advisory: online_policy=contig-zones never applies it");
	/* the same node with CPUs (cpu_nodes=0-1) */
	b = result(doc, "plan", 1);
	ck_assert(json_object_get_boolean(get(b, "node_has_cpus")));
	ck_assert_int_eq(json_object_array_length(get(b, "warnings")), 1);
	ck_assert(has_string(get(b, "warnings"), "node_without_kernel_memory"));
	/* auto-movable, machine-wide: within the ratio, so no warning */
	ck_assert_int_eq(json_object_array_length(get(result(doc, "plan", 2), "warnings")), 0);
	/* the node-aware ratio decided, and says so */
	a = result(doc, "plan", 3);
	ck_assert_str_eq(json_object_get_string(get(json_object_array_get_idx(get(a, "runs"), 0),
						    "zone_why")),
			 "auto-movable, node 1: 0 bytes kernel, 1 GiB movable: movable would exceed "
			 "auto_movable_ratio 301% of the node's kernel memory");
	ck_assert_str_eq(json_object_get_string(get(a, "removable")), "maybe");
	ck_assert_int_eq(num(a, "node_kernel_early_bytes"), 0);
	/* online_movable past the ratio under auto-movable: the warning */
	a = result(doc, "plan", 5);
	ck_assert(has_string(get(a, "warnings"), "ratio"));
	ck_assert_str_eq(json_object_get_string(get(a, "online_policy")), "auto-movable");
	json_object_put(doc);
}
END_TEST

/* plan-reasons: zone reasons, removability, the remove headline, boot memory. */
START_TEST(test_reasons_answers)
{
	json_object *doc = run_json("plan-reasons"), *p, *runs;

	/* contig-zones: the neighbour zone that decided */
	p = result(doc, "plan", 0);
	ck_assert(json_object_get_boolean(get(p, "remove_after_offline")));
	ck_assert_int_eq(num(p, "result"), -EBUSY);
	runs = get(p, "runs");
	ck_assert_str_eq(json_object_get_string(get(json_object_array_get_idx(runs, 1), "zone_why")),
			 "contig-zones: node 0's Movable spans [0x100000000-0x13fffffff], which holds "
			 "the range, and Normal does not");
	/* online_kernel */
	p = result(doc, "plan", 1);
	ck_assert_str_eq(json_object_get_string(get(json_object_array_get_idx(get(p, "runs"), 0),
						    "zone_why")), "online_kernel: Normal");
	ck_assert_str_eq(json_object_get_string(get(p, "removable_why")), "memory8 online in Normal: "
			 "offlining fails with -EBUSY once an unmovable kernel allocation lands there");
	/* memmap_on_memory: whole add only */
	ck_assert_str_eq(json_object_get_string(get(result(doc, "plan", 4), "removable")),
			 "whole add only");
	ck_assert_str_eq(json_object_get_string(get(result(doc, "plan", 5), "removable")), "yes");
	/* s390: never */
	ck_assert_str_eq(json_object_get_string(get(result(doc, "plan", 6), "removable")), "never");
	/* boot memory: memory blocks, its node */
	p = result(doc, "plan", 8);
	ck_assert_int_eq(num(p, "granule"), 128 * MiB);
	ck_assert_int_eq(num(p, "nid"), 0);
	ck_assert(!json_object_get_boolean(get(p, "remove_after_offline")));
	json_object_put(doc);
}
END_TEST

START_TEST(test_views)
{
	json_object *doc = run_json("every-command"), *iomem, *ptdump, *stats, *zones, *blocks, *b;

	iomem = result(doc, "show iomem", 0);
	ck_assert_int_gt(json_object_array_length(iomem), 10);
	ck_assert_str_eq(json_object_get_string(get(json_object_array_get_idx(iomem, 0), "name")),
			 "Reserved");
	ptdump = result(doc, "show ptdump", 0);
	ck_assert_int_gt(json_object_array_length(get(ptdump, "linear")), 0);
	ck_assert_int_gt(json_object_array_length(get(ptdump, "vmemmap")), 0);
	stats = result(doc, "show stats", 0);
	ck_assert_int_eq(num(stats, "block_size"), 128 * MiB);
	zones = result(doc, "show zoneinfo", 0);
	ck_assert_str_eq(json_object_get_string(get(json_object_array_get_idx(zones, 0), "zone")),
			 "DMA");
	blocks = result(doc, "show memory-blocks", 0);
	ck_assert_int_eq(json_object_array_length(blocks), 10);
	ck_assert_str_eq(json_object_get_string(get(json_object_array_get_idx(blocks, 9), "zone")),
			 "Movable");
	/* memory0 spans DMA and DMA32: sysfs says "none", the JSON names both */
	b = json_object_array_get_idx(blocks, 0);
	ck_assert(json_object_is_type(get(b, "zone"), json_type_null));
	ck_assert_int_eq(json_object_array_length(get(b, "valid_zones")), 0);
	ck_assert_int_eq(json_object_array_length(get(b, "zones")), 2);
	ck_assert(has_string(get(b, "zones"), "DMA"));
	ck_assert(has_string(get(b, "zones"), "DMA32"));
	/* show blocks: lsmem -J's ranges, split by node and zones too */
	blocks = get(result(doc, "show blocks", 0), "memory");
	ck_assert_int_eq(json_object_array_length(blocks), 3);
	b = json_object_array_get_idx(blocks, 0);
	ck_assert_str_eq(json_object_get_string(get(b, "range")),
			 "0x0000000000000000-0x0000000007ffffff");
	ck_assert_str_eq(json_object_get_string(get(b, "size")), "128M");
	ck_assert_str_eq(json_object_get_string(get(b, "state")), "online");
	ck_assert(json_object_get_boolean(get(b, "removable")));
	ck_assert_str_eq(json_object_get_string(get(b, "block")), "0");
	ck_assert_int_eq(num(b, "node"), 0);
	ck_assert_str_eq(json_object_to_json_string(get(b, "zones")), "[ \"DMA\", \"DMA32\" ]");
	b = json_object_array_get_idx(blocks, 1);
	ck_assert_str_eq(json_object_get_string(get(b, "block")), "1-7");
	ck_assert_str_eq(json_object_get_string(get(b, "size")), "896M");
	ck_assert_str_eq(json_object_to_json_string(get(b, "zones")), "[ \"DMA32\" ]");
	b = json_object_array_get_idx(blocks, 2);
	ck_assert_str_eq(json_object_get_string(get(b, "block")), "40-41");
	ck_assert_str_eq(json_object_to_json_string(get(b, "zones")), "[ \"Movable\" ]");
	/* --all: a range a block; --bytes: the size a number */
	ck_assert_int_eq(json_object_array_length(get(result(doc, "show blocks", 1), "memory")), 10);
	b = json_object_array_get_idx(get(result(doc, "show blocks", 2), "memory"), 1);
	ck_assert(json_object_is_type(get(b, "size"), json_type_int));
	ck_assert_int_eq(num(b, "size"), 896 * MiB);
	ck_assert_int_eq(num(get(result(doc, "add", 0), "cost"), "memmap_bytes"), 16 * MiB);
	json_object_put(doc);
}
END_TEST

/* diff: the changes a text diff prints, as values */
START_TEST(test_diff)
{
	json_object *doc = run_json("diff"), *d = result(doc, "diff", 0), *x, *b;

	ck_assert_str_eq(json_object_get_string(get(d, "since")), "mark");
	ck_assert_str_eq(json_object_get_string(get(d, "against")), "before");
	ck_assert_int_eq(num(d, "since_line"), 3);
	x = get(d, "iomem");
	ck_assert_int_eq(json_object_array_length(x), 1);
	x = json_object_array_get_idx(x, 0);
	ck_assert_str_eq(json_object_get_string(get(x, "op")), "added");
	ck_assert_str_eq(json_object_get_string(get(x, "name")), "System RAM");
	ck_assert_uint_eq(num(x, "start"), 0x100000000);
	ck_assert_uint_eq(num(x, "end"), 0x140000000);
	ck_assert_int_eq(num(x, "depth"), 0);
	x = get(d, "blocks");
	ck_assert_int_eq(json_object_array_length(x), 1);
	x = json_object_array_get_idx(x, 0);
	ck_assert_int_eq(num(x, "first"), 32);
	ck_assert_int_eq(num(x, "last"), 39);
	ck_assert_uint_eq(num(x, "end"), 0x140000000);
	ck_assert_str_eq(json_object_get_string(get(get(x, "before"), "state")), "absent");
	b = get(x, "after");
	ck_assert_str_eq(json_object_get_string(get(b, "state")), "online");
	ck_assert_str_eq(json_object_get_string(get(b, "zone")), "Movable");
	ck_assert_int_eq(num(b, "node"), 1);
	x = json_object_array_get_idx(get(d, "zones"), 0);
	ck_assert_int_eq(num(x, "node"), 1);
	ck_assert_str_eq(json_object_get_string(get(x, "zone")), "Movable");
	ck_assert_int_eq(num(get(x, "before"), "managed"), 0);
	ck_assert_int_eq(num(get(x, "after"), "managed"), 262144);
	x = get(d, "meminfo");
	ck_assert_int_eq(json_object_array_length(x), 6);
	ck_assert_str_eq(json_object_get_string(get(json_object_array_get_idx(x, 2), "name")),
			 "MemTotal");
	ck_assert_int_eq(num(json_object_array_get_idx(x, 2), "value"), 2096632);
	/* node 0 pays the 16 MiB memmap of node 1's GiB */
	ck_assert_str_eq(json_object_get_string(get(json_object_array_get_idx(x, 3), "name")),
			 "MemFree");
	ck_assert_int_eq(num(json_object_array_get_idx(x, 3), "value"), 2096632 - 16384);
	/* after a mark and nothing else: every list empty */
	d = result(doc, "diff", 1);
	ck_assert(json_object_is_type(get(d, "against"), json_type_null));
	ck_assert_int_eq(json_object_array_length(get(d, "iomem")), 0);
	ck_assert_int_eq(json_object_array_length(get(d, "blocks")), 0);
	ck_assert_int_eq(json_object_array_length(get(d, "zones")), 0);
	ck_assert_int_eq(json_object_array_length(get(d, "meminfo")), 0);
	ck_assert(json_object_is_type(get(result(doc, "mark", 1), "name"), json_type_null));
	/* the last diff: against the machine as the second machine command made it */
	d = result(doc, "diff", 4);
	ck_assert_str_eq(json_object_get_string(get(d, "since")), "machine");
	ck_assert_int_eq(num(d, "since_line"), 16);
	json_object_put(doc);
}
END_TEST

/* One command on the command line: the same document, its plan's node, and
 * the plans that would fail counted and in the exit status. */
START_TEST(test_one_shot)
{
	int status;
	json_object *doc = run_tool(NULL, "-o nodes=2 plan add 0x100000000 1G ram --node 1", &status);
	json_object *p = result(doc, "plan", 0);

	ck_assert_int_eq(status, 0);
	ck_assert_str_eq(json_object_get_string(get(doc, "scenario")), "(command line)");
	ck_assert_str_eq(json_object_get_string(get(doc, "status")), "ok");
	ck_assert_int_eq(num(doc, "failed_plans"), 0);
	ck_assert_int_eq(num(p, "node"), 1);
	ck_assert_str_eq(json_object_get_string(get(p, "type")), "ram");
	ck_assert_int_eq(num(p, "result"), 0);
	ck_assert_uint_eq(num(p, "start"), 0x100000000);
	ck_assert_uint_eq(num(p, "end"), 0x140000000);
	json_object_put(doc);

	doc = run_tool(NULL, "plan add 0x100000000 64M ram", &status);
	ck_assert_int_eq(status, 1);
	ck_assert_str_eq(json_object_get_string(get(doc, "status")), "ok");
	ck_assert_int_eq(num(doc, "failed_plans"), 1);
	ck_assert_int_eq(num(result(doc, "plan", 0), "result"), -EINVAL);
	json_object_put(doc);

	doc = run_tool(NULL, "--plan-ok plan add 0x100000000 64M ram", &status);
	ck_assert_int_eq(status, 0);
	ck_assert_int_eq(num(doc, "failed_plans"), 1);
	json_object_put(doc);

	doc = run_tool(NULL, "add 0x100000000 64M ram", &status);
	ck_assert_int_eq(status, 1);
	ck_assert_str_eq(json_object_get_string(get(doc, "status")), "failed");
	ck_assert_str_eq(json_object_get_string(get(get(doc, "error"), "command")), "add");
	json_object_put(doc);

	/* --sysroot: the import's result, then the view */
	doc = run_tool(NULL, "show meminfo --sysroot numa-root", &status);
	ck_assert_int_eq(status, 0);
	ck_assert_str_eq(json_object_get_string(get(result(doc, "--import", 0), "root")), "numa-root");
	get(result(doc, "show meminfo", 0), "MemTotal_kB");
	json_object_put(doc);
}
END_TEST

/* accounting.scn: who pays, the nodes, MemFree */
START_TEST(test_accounting_answers)
{
	json_object *doc = run_json("accounting");
	json_object *nodes = result(doc, "show nodes", 1), *plan = result(doc, "plan", 0);
	json_object *n0 = json_object_array_get_idx(nodes, 0), *n1 = json_object_array_get_idx(nodes, 1);
	json_object *payer, *fail = result(doc, "plan", 2);

	ck_assert_int_eq(json_object_array_length(nodes), 2);
	ck_assert_int_eq(num(n0, "memmap_bytes"), 16 * MiB);
	ck_assert_int_eq(num(n0, "reserved_bytes"), 64 * MiB);
	ck_assert_int_eq(num(n0, "free_bytes"), 2047 * MiB - 64 * MiB - 16 * MiB);
	ck_assert_int_eq(num(n1, "free_bytes"), GiB);
	ck_assert(has_string(get(n1, "zones"), "Movable"));
	ck_assert_int_eq(json_object_array_length(get(plan, "payers")), 1);
	payer = json_object_array_get_idx(get(plan, "payers"), 0);
	ck_assert_int_eq(num(payer, "nid"), 0);
	ck_assert_int_eq(num(payer, "bytes"), 16 * MiB);
	ck_assert_int_eq(num(plan, "free_bytes"), -(int64_t)(16 * MiB));
	ck_assert_int_eq(num(fail, "result"), -ENOMEM);
	ck_assert_int_gt(num(fail, "kernel_leaves_bytes"), 0);
	ck_assert_int_eq(num(result(doc, "show meminfo", 0), "MemFree_kB"),
			 (2047 - 64 - 16 + 1024) * 1024);
	json_object_put(doc);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tool json");
	TCase *tc = tcase_create("json");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_shape, 0, sizeof(scenarios) / sizeof(scenarios[0]));
	tcase_add_test(tc, test_alignment_answers);
	tcase_add_test(tc, test_remove_answers);
	tcase_add_test(tc, test_memmap_and_balance_answers);
	tcase_add_test(tc, test_reasons_answers);
	tcase_add_test(tc, test_views);
	tcase_add_test(tc, test_diff);
	tcase_add_test(tc, test_one_shot);
	tcase_add_test(tc, test_accounting_answers);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
