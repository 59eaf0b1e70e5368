/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * devmemhp --json, read back with json-c: every golden scenario gives one
 * document of the documented shape, and the planner's answers are numbers a
 * program can use (devmemhp(1), JSON OUTPUT).
 */
#include <json-c/json.h>
#include <limits.h>
#include <stdbool.h>
#include <unistd.h>

#include "testutil.h"

static const char *srcdir(void)
{
	return getenv("srcdir") ? getenv("srcdir") : ".";
}

/* Run the tool on tests/tool/NAME.scn in a scratch directory; the document. */
static json_object *run_json(const char *name)
{
	char cwd[PATH_MAX], dir[TU_TEMPLATE_MAX], *cmd, *out = NULL, buf[4096];
	size_t len = 0, n;
	FILE *p, *o;
	json_object *doc;
	enum json_tokener_error err;

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	tu_template(dir, "json");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_ge(asprintf(&cmd, "cp -R %s/tests/tool/qemu-root %s/tests/tool/%s.scn %s/ && "
				  "cd %s && %s/tools/devmemhp --json %s.scn 2>/dev/null",
				  srcdir(), srcdir(), name, dir, dir, cwd, name), 0);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	o = open_memstream(&out, &len);
	while ((n = fread(buf, 1, sizeof(buf), p)))
		fwrite(buf, 1, n, o);
	pclose(p);
	fclose(o);
	free(cmd);
	ck_assert_int_ge(asprintf(&cmd, "rm -rf %s", dir), 0);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	doc = json_tokener_parse_verbose(out, &err);
	ck_assert_msg(doc != NULL, "%s: not JSON (%s):\n%s", name, json_tokener_error_desc(err), out);
	free(out);
	return doc;
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
	"every-command", "plan-alignment", "plan-balance", "plan-memmap", "plan-remove",
	"err-bad-size", "err-expect", "err-library", "err-unknown-command",
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
	a = result(doc, "plan", 0);
	ck_assert(has_string(get(a, "warnings"), "ratio"));
	ck_assert(has_string(get(a, "warnings"), "node_without_kernel_memory"));
	ck_assert_int_eq(num(a, "movable_percent"), 400);
	ck_assert_int_eq(num(a, "node_kernel_bytes"), 0);
	b = result(doc, "plan", 1);
	ck_assert_int_eq(json_object_array_length(get(b, "warnings")), 0);
	json_object_put(doc);
}
END_TEST

START_TEST(test_views)
{
	json_object *doc = run_json("every-command"), *iomem, *ptdump, *stats, *zones, *blocks;

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
	blocks = result(doc, "show blocks", 0);
	ck_assert_int_eq(json_object_array_length(blocks), 10);
	ck_assert_str_eq(json_object_get_string(get(json_object_array_get_idx(blocks, 9), "zone")),
			 "Movable");
	ck_assert_int_eq(num(get(result(doc, "add", 0), "cost"), "memmap_bytes"), 16 * MiB);
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
	tcase_add_test(tc, test_views);
	tcase_add_test(tc, test_accounting_answers);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
