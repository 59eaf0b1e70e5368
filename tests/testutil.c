/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "testutil.h"

#include <pthread.h>
#include <syslog.h>
#include <unistd.h>

/* A made-up 3-level architecture with 64 KiB pages and no hooks at all. */
const struct devmemhp_geometry tu_toy_geometry = {
	.size = sizeof(struct devmemhp_geometry),
	.page_shift = 16,
	.levels = 3,
	.level_bits = { 13, 13, 13 },
	.leaf_levels = 0x3, /* 64K pages and 512M blocks */
	.free_table_levels = 0x3,
	.phys_bits = 48,
	.max_physmem_bits = 48,
	.linear_base = 0xffc0000000000000ull,
	.linear_size = 1ull << 48,
	.vmemmap_base = 0xffe0000000000000ull,
	.section_shift = 29,
	.subsection_shift = 21,
	.struct_page_size = 64,
	.block_size = 0,
	.zone_dma_end = 0,
	.zone_dma32_end = 4ull << 30,
};

char tu_log[4096];
int tu_log_count;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static __attribute__((format(printf, 6, 0))) void capture(void *data, int priority, const char *file, int line, const char *fn,
		    const char *format, va_list args)
{
	(void)data;
	(void)priority;
	(void)file;
	(void)line;
	(void)fn;
	/* the library may log from any thread that calls it */
	pthread_mutex_lock(&log_lock);
	vsnprintf(tu_log, sizeof(tu_log), format, args);
	tu_log_count++;
	pthread_mutex_unlock(&log_lock);
}

struct devmemhp_machine *tu_machine(const char *arch, const char *options)
{
	struct devmemhp_machine *m = NULL;
	int rc = devmemhp_machine_new(arch, options, &m);

	ck_assert_msg(rc == 0, "machine_new(%s, %s): %d %s", arch ? arch : "NULL",
		      options ? options : "NULL", rc, devmemhp_last_error(NULL));
	devmemhp_set_log_fn(m, capture, NULL);
	tu_check(m);
	return m;
}

struct devmemhp_machine *tu_machine_kernel(const char *arch, const char *kernel,
					   const char *options)
{
	struct devmemhp_machine *m;
	char *all;

	ck_assert_int_ge(asprintf(&all, "kernel=%s%s%s", kernel, options && *options ? "," : "",
				  options ? options : ""), 0);
	m = tu_machine(arch, all);
	free(all);
	return m;
}

void tu_check_at(struct devmemhp_machine *m, const char *file, int line)
{
	int rc;

	if (!m) /* a call on no machine, e.g. the backend registry */
		return;
	rc = devmemhp_check(m);
	ck_assert_msg(rc == 0, "%s:%d: devmemhp_check: %d %s", file, line, rc,
		      devmemhp_last_error(m));
}

struct devmemhp_stats tu_stats(struct devmemhp_machine *m)
{
	struct devmemhp_stats s = { .size = sizeof(s) };

	ck_assert_int_eq(devmemhp_get_stats(m, &s), 0);
	return s;
}

struct devmemhp_zone_info tu_zone(struct devmemhp_machine *m, int nid, enum devmemhp_zone zone)
{
	struct devmemhp_zone_info z = { .size = sizeof(z) };

	ck_assert_int_eq(devmemhp_zone_info_get(m, nid, zone, &z), 0);
	return z;
}

struct devmemhp_memory_block tu_block(struct devmemhp_machine *m, uint64_t id)
{
	struct devmemhp_memory_block b = { .size = sizeof(b) };
	int rc = devmemhp_memory_block_get(m, id, &b);

	ck_assert_msg(rc == 0, "memory%" PRIu64 ": %d %s", id, rc, devmemhp_last_error(m));
	return b;
}

char *tu_dump(struct devmemhp_machine *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(dmh_machine_dump(m, f), 0);
	fclose(f);
	return buf;
}

int tu_collect_map(const struct devmemhp_mapping *map, void *data)
{
	struct tu_map_list *l = data;

	l->calls++;
	ck_assert_uint_eq(map->size, sizeof(*map));
	if (map->va_end > l->lo && map->va < l->hi) {
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 64;
			l->v = realloc(l->v, l->cap * sizeof(*l->v));
			ck_assert_ptr_nonnull(l->v);
		}
		l->v[l->n++] = *map;
	}
	return l->stop_at && l->calls == l->stop_at ? l->stop_rc : 0;
}

struct tu_map_list tu_mappings(struct devmemhp_machine *m, enum devmemhp_map_region region,
			       uint64_t lo, uint64_t hi)
{
	struct tu_map_list l = { .lo = lo, .hi = hi };

	ck_assert_int_eq(devmemhp_mapping_foreach(m, region, tu_collect_map, &l), 0);
	return l;
}

size_t tu_mapping_count(struct devmemhp_machine *m, enum devmemhp_map_region region)
{
	struct tu_map_list l = tu_mappings(m, region, 0, UINT64_MAX);

	free(l.v);
	return l.n;
}

char *tu_view(struct devmemhp_machine *m, enum devmemhp_view v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	ck_assert_ptr_nonnull(f);
	rc = devmemhp_write_view(m, v, f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_msg(rc == 0, "view %d: %d %s", (int)v, rc, devmemhp_last_error(m));
	return buf;
}

void tu_expect_view(struct devmemhp_machine *m, enum devmemhp_view v, const char *want)
{
	char *got = tu_view(m, v);

	ck_assert_str_eq(got, want);
	free(got);
}

/* The first line where two texts differ, for a short failure message (malloc'd). */
static char *first_difference(const char *a, const char *b)
{
	const char *la = a, *lb = b;
	char *out = NULL;

	while (*a && *a == *b) {
		if (*a == '\n') {
			la = a + 1;
			lb = b + 1;
		}
		a++;
		b++;
	}
	ck_assert_int_ge(asprintf(&out, "before: \"%.*s\"\n after: \"%.*s\"",
				  (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"), lb), 0);
	return out;
}

void tu_expect_dump_at(struct devmemhp_machine *m, char *before, const char *file, int line)
{
	char *after = tu_dump(m), *diff = NULL;

	if (strcmp(after, before))
		diff = first_difference(before, after);
	free(after);
	free(before);
	ck_assert_msg(diff == NULL, "%s:%d: the machine is not as it was:\n%s", file, line, diff);
}

char *tu_drop_line(char *text, const char *prefix)
{
	char *p = text, *next;

	while (p && strncmp(p, prefix, strlen(prefix))) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	ck_assert_msg(p != NULL, "no line \"%s\" in the text", prefix);
	next = strchr(p, '\n');
	next = next ? next + 1 : p + strlen(p);
	memmove(p, next, strlen(next) + 1);
	return text;
}

void tu_template(char buf[TU_TEMPLATE_MAX], const char *what)
{
	const char *dir = getenv("TMPDIR");
	int n;

	if (!dir || !*dir)
		dir = access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" : "/tmp";
	n = snprintf(buf, TU_TEMPLATE_MAX, "%s/devmemhp-%s-XXXXXX", dir, what);
	ck_assert_msg(n > 0 && n < TU_TEMPLATE_MAX, "TMPDIR is too long: %s", dir);
}

int tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
