/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Helpers shared by the Check suites. */
#ifndef DEVMEMHP_TESTUTIL_H
#define DEVMEMHP_TESTUTIL_H

#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devmemhp.h"

#define KiB (1ull << 10)
#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define TiB (1ull << 40)
#define PiB (1ull << 50)

#define DEV (DEVICE_MEMORY_DEVICE)
#define DEV_MOVABLE (DEVICE_MEMORY_DEVICE | DEVICE_MEMORY_MOVABLE)
#define DEV_PRIVATE (DEVICE_MEMORY_DEVICE | DEVICE_MEMORY_MOVABLE | DEVICE_MEMORY_UNADDRESSABLE)
#define DEV_UNADDR (DEVICE_MEMORY_DEVICE | DEVICE_MEMORY_UNADDRESSABLE)

/* A made-up 3-level architecture: 64 KiB pages, 512 MiB sections and
 * leaves, 48 physical bits (a user backend of no hooks). */
extern const struct devmemhp_geometry tu_toy_geometry;

/* The last messages the library logged for the machines of this process. */
extern char tu_log[4096];
extern int tu_log_count;

/* A machine that logs into tu_log; fails the test if it cannot be made. */
struct devmemhp_machine *tu_machine(const char *arch, const char *options);
/* A machine of that kernel: "kernel=KERNEL," before the options. */
struct devmemhp_machine *tu_machine_kernel(const char *arch, const char *kernel,
					   const char *options);
/* devmemhp_check() must pass. */
void tu_check_at(struct devmemhp_machine *m, const char *file, int line);
#define tu_check(m) tu_check_at((m), __FILE__, __LINE__)
struct devmemhp_stats tu_stats(struct devmemhp_machine *m);
struct devmemhp_zone_info tu_zone(struct devmemhp_machine *m, int nid, enum devmemhp_zone zone);
struct devmemhp_memory_block tu_block(struct devmemhp_machine *m, uint64_t id);
/* The whole state as canonical text (malloc'd). */
char *tu_dump(struct devmemhp_machine *m);
/* A view as text (malloc'd); the view must equal `want`. */
char *tu_view(struct devmemhp_machine *m, enum devmemhp_view v);
void tu_expect_view(struct devmemhp_machine *m, enum devmemhp_view v, const char *want);
/* The machine's dump must still be `before` (which is freed); the failure
 * shows the first line that differs. */
void tu_expect_dump_at(struct devmemhp_machine *m, char *before, const char *file, int line);
#define tu_expect_dump(m, before) tu_expect_dump_at((m), (before), __FILE__, __LINE__)
/* The mapping runs devmemhp_mapping_foreach() reports that overlap [lo, hi)
 * (free v); with stop_at set, tu_collect_map returns stop_rc at that call. */
struct tu_map_list {
	struct devmemhp_mapping *v;
	size_t n, cap;
	uint64_t lo, hi;
	unsigned int calls, stop_at;
	int stop_rc;
};
int tu_collect_map(const struct devmemhp_mapping *map, void *data);
struct tu_map_list tu_mappings(struct devmemhp_machine *m, enum devmemhp_map_region region,
			       uint64_t lo, uint64_t hi);
/* How many runs region has. */
size_t tu_mapping_count(struct devmemhp_machine *m, enum devmemhp_map_region region);
/* Take out the line of text that starts with prefix (it must be there). */
char *tu_drop_line(char *text, const char *prefix);
/* Run a call, compare its result, then devmemhp_check(). */
#define OP(m, call, expected)                                                              \
	do {                                                                               \
		int rc_ = (call);                                                          \
		ck_assert_msg(rc_ == (expected), "%s returned %d (%s), expected %d", #call, \
			      rc_, devmemhp_last_error(m), (expected));                    \
		tu_check(m);                                                               \
	} while (0)
/* The same, and the failure message must mention `what`. */
#define OP_ERR(m, call, expected, what)                                                    \
	do {                                                                               \
		OP(m, call, expected);                                                     \
		ck_assert_msg(strstr(devmemhp_last_error(m), (what)) != NULL,              \
			      "%s: message \"%s\" does not mention \"%s\"", #call,         \
			      devmemhp_last_error(m), (what));                             \
	} while (0)

/* A mkdtemp()/mkstemp() template "DIR/devmemhp-WHAT-XXXXXX" in the scratch
 * directory: $TMPDIR, else /dev/shm (a tmpfs: the sysfs exports make and
 * remove thousands of files, four times faster than on ext4), else /tmp. */
#define TU_TEMPLATE_MAX 512
void tu_template(char buf[TU_TEMPLATE_MAX], const char *what);

/* Run a suite (argv-less main of each check_*.c). */
int tu_run(Suite *s);

/* Internal, from the library: canonical dump and the allocation hook. */
int dmh_machine_dump(const struct devmemhp_machine *m, FILE *out);
void dmh_alloc_fail_at(unsigned long nth);
unsigned long dmh_alloc_failures(void);
void dmh_txn_drop_copy(struct devmemhp_machine *m);

#endif
