/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Queries on many threads while one thread hot-plugs: every answer must be
 * one the machine gives before or after some operation, never a mixture.
 * The set of possible answers is recorded first, single-threaded, on a
 * machine that goes through the same operations.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "testutil.h"

#define QEMU_1G "kernel=6.1,boot=0x1000-0x9fc00;0x100000-0x3ffe0000"
#define OPTIONS QEMU_1G ",levels=5"
#define READERS 4
#define ROUNDS 60
#define RAM (4 * GiB)
#define PRIVATE 0x3ffff0000000ull
#define MAX_STATES 16

static int op(struct devmemhp_machine *m, int step)
{
	switch (step) {
	case 0: return devmemhp_add_memory(m, 0, RAM, GiB, 0);
	case 1: return devmemhp_online_memory(m, RAM, GiB, DEVMEMHP_ZONE_MOVABLE);
	case 2: return devmemhp_add_memory(m, 0, PRIVATE, 256 * MiB, DEV_PRIVATE);
	case 3: return devmemhp_add_memory(m, 0, 8 * GiB, GiB + 2 * MiB, DEV);
	case 4: return devmemhp_offline_memory(m, RAM, GiB);
	case 5: return devmemhp_remove_memory(m, 8 * GiB, GiB + 2 * MiB, DEV);
	case 6: return devmemhp_remove_memory(m, RAM, GiB, 0);
	case 7: return devmemhp_remove_memory(m, PRIVATE, 256 * MiB, DEV_PRIVATE);
	}
	return -1;
}
#define STEPS 8

struct answers {
	struct devmemhp_stats stats[MAX_STATES];
	struct devmemhp_page_info info[MAX_STATES];
	int info_rc[MAX_STATES];
	int n;
};

static struct answers expected;
static struct devmemhp_machine *shared;
static atomic_int done;

static void record(struct devmemhp_machine *m)
{
	int i = expected.n++;

	ck_assert_int_lt(i, MAX_STATES);
	expected.stats[i] = tu_stats(m);
	expected.info[i] = (struct devmemhp_page_info){ .size = sizeof(expected.info[i]) };
	expected.info_rc[i] = devmemhp_page_info(m, RAM >> 12, &expected.info[i]);
}

static bool known_stats(const struct devmemhp_stats *s)
{
	for (int i = 0; i < expected.n; i++)
		if (memcmp(s, &expected.stats[i], sizeof(*s)) == 0)
			return true;
	return false;
}

static bool known_info(int rc, const struct devmemhp_page_info *pi)
{
	for (int i = 0; i < expected.n; i++)
		if (rc == expected.info_rc[i] &&
		    (rc || memcmp(pi, &expected.info[i], sizeof(*pi)) == 0))
			return true;
	return false;
}

static void *reader(void *arg)
{
	unsigned long n = 0, *bad = arg;

	while (!done || n < 10) {
		struct devmemhp_stats s = { .size = sizeof(s) };
		struct devmemhp_page_info pi = { .size = sizeof(pi) };
		uint64_t pa = 0, va = 0;
		unsigned int shift = 0;
		int rc;

		n++;
		if (devmemhp_get_stats(shared, &s) || !known_stats(&s))
			(*bad)++;
		rc = devmemhp_page_info(shared, RAM >> 12, &pi);
		if (!known_info(rc, &pi))
			(*bad)++;
		/* RAM is mapped with a 1G leaf, or not at all */
		rc = devmemhp_virt_to_phys(shared, 0xff11000000000000ull + RAM + 4096, &pa, &shift);
		if (rc ? rc != -EFAULT : (pa != RAM + 4096 || shift != 30))
			(*bad)++;
		rc = devmemhp_phys_to_virt(shared, 8 * GiB + GiB, &va);
		if (rc ? rc != -EFAULT : va != 0xff11000000000000ull + 9 * GiB)
			(*bad)++;
		/* unaddressable memory never has a linear-map entry */
		if (devmemhp_phys_to_virt(shared, PRIVATE, &va) != -EFAULT)
			(*bad)++;
	}
	return NULL;
}

START_TEST(test_readers_and_writer)
{
	struct devmemhp_machine *ref = tu_machine("x86_64", OPTIONS);
	pthread_t threads[READERS];
	unsigned long bad[READERS] = { 0 };

	expected.n = 0;
	record(ref);
	for (int step = 0; step < STEPS; step++) {
		OP(ref, op(ref, step), 0);
		record(ref);
	}
	devmemhp_machine_unref(ref);

	shared = tu_machine("x86_64", OPTIONS);
	done = 0;
	for (int i = 0; i < READERS; i++)
		ck_assert_int_eq(pthread_create(&threads[i], NULL, reader, &bad[i]), 0);
	for (int round = 0; round < ROUNDS; round++)
		for (int step = 0; step < STEPS; step++)
			ck_assert_int_eq(op(shared, step), 0);
	done = 1;
	for (int i = 0; i < READERS; i++) {
		ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
		ck_assert_msg(bad[i] == 0, "reader %d saw %lu answers no state gives", i, bad[i]);
	}
	tu_check(shared);
	devmemhp_machine_unref(shared);
}
END_TEST

/* A reference keeps a machine alive across threads. */
static void *unref_later(void *arg)
{
	struct devmemhp_machine *m = arg;

	ck_assert_int_eq(devmemhp_check(m), 0);
	devmemhp_machine_unref(m);
	return NULL;
}

START_TEST(test_refcount_threads)
{
	struct devmemhp_machine *m = tu_machine("x86_64", OPTIONS);
	pthread_t threads[READERS];

	for (int i = 0; i < READERS; i++)
		ck_assert_int_eq(pthread_create(&threads[i], NULL, unref_later,
						devmemhp_machine_ref(m)), 0);
	OP(m, devmemhp_add_memory(m, 0, RAM, GiB, 0), 0);
	for (int i = 0; i < READERS; i++)
		ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
	ck_assert_ptr_null(devmemhp_machine_unref(m));
}
END_TEST

/*
 * The shared lock lets a waiting writer go first, so that queries cannot
 * starve a hot-plug; a query from a walk's callback must still not queue
 * behind that writer, which waits for the walk: it would wait for itself.
 */
struct nested_walk {
	struct devmemhp_machine *m;
	pthread_t writer;
	atomic_int writer_started;
	int calls, writer_rc;
	uint64_t blocks_seen;
};

static void *add_during_walk(void *arg)
{
	struct nested_walk *w = arg;

	atomic_store(&w->writer_started, 1);
	w->writer_rc = devmemhp_add_memory(w->m, 0, RAM, GiB, 0);
	return NULL;
}

static int query_inside_walk(const struct devmemhp_zone_info *zone, void *data)
{
	struct nested_walk *w = data;
	struct devmemhp_stats s = { .size = sizeof(s) };
	const struct timespec pause = { .tv_nsec = 200 * 1000 * 1000 };

	(void)zone;
	if (w->calls++)
		return 0;
	ck_assert_int_eq(pthread_create(&w->writer, NULL, add_during_walk, w), 0);
	while (!atomic_load(&w->writer_started))
		sched_yield();
	nanosleep(&pause, NULL); /* the add now waits for this walk to end */
	ck_assert_int_eq(devmemhp_get_stats(w->m, &s), 0);
	w->blocks_seen = s.memory_blocks;
	return 0;
}

START_TEST(test_query_in_walk_with_writer_waiting)
{
	struct nested_walk w = { .m = tu_machine("x86_64", OPTIONS) };

	ck_assert_int_eq(devmemhp_zone_foreach(w.m, query_inside_walk, &w), 0);
	ck_assert_int_eq(pthread_join(w.writer, NULL), 0);
	ck_assert_int_eq(w.writer_rc, 0);
	ck_assert_uint_eq(w.blocks_seen, 8); /* the walk saw the machine before the add */
	ck_assert_uint_eq(tu_stats(w.m).memory_blocks, 16);
	devmemhp_machine_unref(w.m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("threads");
	TCase *tc = tcase_create("threads");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_readers_and_writer);
	tcase_add_test(tc, test_refcount_threads);
	suite_add_tcase(s, tc);
	tc = tcase_create("nested");
	tcase_set_timeout(tc, 30); /* a deadlock fails here rather than hangs */
	tcase_add_test(tc, test_query_in_walk_with_writer_waiting);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
