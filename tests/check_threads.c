/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Many threads on one machine: queries while one thread hot-plugs, the
 * machine's reference count, a query from inside a walk.
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
#define RAM (4 * GiB)
#define PRIVATE 0x3ffff0000000ull

/*
 * Queries on many threads while one thread hot-plugs, sequence-checked:
 * the writer publishes a step counter, odd while a step runs and even once
 * it is committed; a reader reads it before (c0) and after (c1) its queries,
 * and every answer must be the one a committed state in [c0 / 2, (c1 + 1) / 2]
 * gives, never a torn mixture nor a state outside that window.  The answer
 * of every state is recorded first, single-threaded, on a twin machine that
 * goes through the same steps.  Answers are compared as canonical text.
 */
#define MAX_STEPS 16
#define MAX_QUERIES 48
#define STRESS_ROUNDS 80

enum step_kind { ADD, REMOVE, ONLINE, OFFLINE };

struct step {
	enum step_kind kind;
	uint64_t start, size;
	unsigned int arg; /* add, remove: flags; online: the zone */
	int want;         /* 0, or the refusal: the step must then change nothing */
};

struct stress_config {
	const char *arch, *options;
	unsigned int nsteps; /* a round: the last one takes away what it added */
	struct step steps[MAX_STEPS];
};

/* RAM, device memory (the odd size needs subsections) and device-private
 * memory; two refusals between them. */
#define STRESS_STEPS(ram, dev, priv)                                                          \
	10, {                                                                                 \
		{ ADD, ram, GiB, 0, 0 },                                                      \
		{ ONLINE, ram, GiB, DEVMEMHP_ZONE_MOVABLE, 0 },                              \
		{ ADD, priv, 256 * MiB, DEV_PRIVATE, 0 },                                     \
		{ REMOVE, ram, GiB, 0, -EBUSY },         /* still online */                   \
		{ ADD, dev, GiB + 2 * MiB, DEV, 0 },                                          \
		{ ADD, ram, GiB, DEV, -ENXIO },  /* on System RAM */                          \
		{ OFFLINE, ram, GiB, 0, 0 },                                                  \
		{ REMOVE, dev, GiB + 2 * MiB, DEV, 0 },                                       \
		{ REMOVE, ram, GiB, 0, 0 },                                                   \
		{ REMOVE, priv, 256 * MiB, DEV_PRIVATE, 0 },                                  \
	}

static const struct stress_config stress_configs[] = {
	{ "x86_64", OPTIONS, STRESS_STEPS(RAM, 8 * GiB, PRIVATE) },
	{ "arm64", NULL, STRESS_STEPS(RAM, 8 * GiB, PRIVATE) },
};

enum query_kind { Q_STATS, Q_PAGE, Q_P2V, Q_V2P, Q_ZONE, Q_BLOCK, Q_VIEW };

struct query {
	enum query_kind kind;
	uint64_t arg;
};

struct stress {
	const struct stress_config *cfg;
	struct devmemhp_machine *m;
	struct query q[MAX_QUERIES];
	unsigned int nq;
	/* query i after g steps, for every g (no round repeats the one before
	 * exactly: max_pfn stays up, memory group ids grow): the distinct answers
	 * once each, and an index into them per state */
	char **distinct[MAX_QUERIES];
	unsigned int ndistinct[MAX_QUERIES];
	unsigned int (*want)[MAX_QUERIES];
	unsigned long nstates;
	atomic_ulong seq;                   /* 2 * steps committed, + 1 while one runs */
	atomic_int done;
};

struct reader_result {
	struct stress *st;
	unsigned long reads, answers, narrow, bad;
	char first_bad[1024];
};

static void add_query(struct stress *st, enum query_kind kind, uint64_t arg)
{
	ck_assert_uint_lt(st->nq, MAX_QUERIES);
	st->q[st->nq++] = (struct query){ kind, arg };
}

/* The queries: of each step's range, and the machine-wide ones. */
static void make_queries(struct stress *st, struct devmemhp_machine *m)
{
	struct devmemhp_geometry geo = { .size = sizeof(geo) };
	static const enum devmemhp_zone zones[] = { DEVMEMHP_ZONE_DMA32, DEVMEMHP_ZONE_NORMAL,
						    DEVMEMHP_ZONE_MOVABLE, DEVMEMHP_ZONE_DEVICE };
	static const enum devmemhp_view views[] = { DEVMEMHP_VIEW_IOMEM, DEVMEMHP_VIEW_MEMORY_BLOCKS,
						    DEVMEMHP_VIEW_ZONEINFO, DEVMEMHP_VIEW_MEMINFO };

	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &geo), 0);
	st->nq = 0;
	add_query(st, Q_STATS, 0);
	for (unsigned int i = 0; i < st->cfg->nsteps; i++) {
		const struct step *s = &st->cfg->steps[i];
		uint64_t pa = s->start + s->size - (4ull << geo.page_shift);
		bool seen = false;

		if (s->kind != ADD || s->want)
			continue;
		for (unsigned int j = 0; j < st->nq; j++)
			seen |= st->q[j].kind == Q_P2V && st->q[j].arg == pa;
		if (seen)
			continue;
		add_query(st, Q_PAGE, s->start >> geo.page_shift);
		add_query(st, Q_PAGE, pa >> geo.page_shift);
		add_query(st, Q_P2V, pa);
		add_query(st, Q_V2P, geo.linear_base + (pa - geo.phys_offset));
		if (!(s->arg & DEVICE_MEMORY_DEVICE))
			add_query(st, Q_BLOCK, s->start / tu_stats(m).block_size);
	}
	for (unsigned int i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		add_query(st, Q_ZONE, zones[i]);
	for (unsigned int i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		add_query(st, Q_VIEW, views[i]);
}

/* One answer, as canonical text (malloc'd): every field, so that any
 * difference between two states shows. */
static char *answer(struct devmemhp_machine *m, const struct query *q)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc = 0;

	ck_assert_ptr_nonnull(f);
	switch (q->kind) {
	case Q_STATS: {
		struct devmemhp_stats s = { .size = sizeof(s) };

		rc = devmemhp_get_stats(m, &s);
		for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++)
			fprintf(f, "%" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 ",",
				s.direct_map_bytes[l], s.direct_map_leaves[l],
				s.direct_map_table_pages[l], s.vmemmap_table_pages[l]);
		fprintf(f, " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
			" %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIx64 " %u %"
			PRIu64, s.memmap_bytes, s.memmap_altmap_bytes, s.present_bytes,
			s.online_bytes, s.managed_bytes, s.device_bytes, s.unaddressable_bytes,
			s.memory_blocks, s.memory_blocks_online, s.block_size, s.max_pfn,
			s.high_memory, s.ranges, s.free_bytes);
		break;
	}
	case Q_PAGE: {
		struct devmemhp_page_info p = { .size = sizeof(p) };

		rc = devmemhp_page_info(m, q->arg, &p);
		if (!rc)
			fprintf(f, "%" PRIx64 " %x %x %d %d %" PRIu64 " %" PRIu64 " %" PRIx64 " %"
				PRIx64 " %" PRIx64 " %" PRIx64 " %u", p.pfn, p.state, p.flags, p.nid,
				(int)p.zone, p.section, p.block, p.range_start, p.range_size,
				p.memmap_va, p.linear_va, p.linear_page_shift);
		break;
	}
	case Q_P2V: {
		uint64_t va = 0;

		rc = devmemhp_phys_to_virt(m, q->arg, &va);
		if (!rc)
			fprintf(f, "%" PRIx64, va);
		break;
	}
	case Q_V2P: {
		uint64_t pa = 0;
		unsigned int shift = 0;

		rc = devmemhp_virt_to_phys(m, q->arg, &pa, &shift);
		if (!rc)
			fprintf(f, "%" PRIx64 " %u", pa, shift);
		break;
	}
	case Q_ZONE: {
		struct devmemhp_zone_info z = { .size = sizeof(z) };

		rc = devmemhp_zone_info_get(m, 0, (enum devmemhp_zone)q->arg, &z);
		if (!rc)
			fprintf(f, "%" PRIx64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %"
				PRIu64, z.start_pfn, z.spanned, z.present, z.present_early,
				z.managed, z.free);
		break;
	}
	case Q_BLOCK: {
		struct devmemhp_memory_block b = { .size = sizeof(b) };

		rc = devmemhp_memory_block_get(m, q->arg, &b);
		if (!rc)
			fprintf(f, "%d %d %d %u %d %d %d %d %" PRIu64 " %d %" PRIu64, b.online,
				b.nid, (int)b.zone, b.nr_valid_zones, (int)b.valid_zones[0],
				(int)b.valid_zones[1], (int)b.valid_zones[2], b.removable,
				b.nr_vmemmap_pages, b.early, b.group);
		break;
	}
	case Q_VIEW:
		rc = devmemhp_write_view(m, (enum devmemhp_view)q->arg, f);
		break;
	}
	fprintf(f, " = %d", rc);
	ck_assert_int_eq(fclose(f), 0);
	return text;
}

static const char *query_name(const struct query *q)
{
	static const char *const names[] = { "stats", "page_info", "phys_to_virt", "virt_to_phys",
					     "zone_info", "memory_block", "view" };

	return names[q->kind];
}

static int run_step(struct devmemhp_machine *m, const struct step *s)
{
	switch (s->kind) {
	case ADD: return devmemhp_add_memory(m, 0, s->start, s->size, s->arg);
	case REMOVE: return devmemhp_remove_memory(m, s->start, s->size, s->arg);
	case ONLINE: return devmemhp_online_memory(m, s->start, s->size, (enum devmemhp_zone)s->arg);
	case OFFLINE: return devmemhp_offline_memory(m, s->start, s->size);
	}
	return -1;
}

/* The twin: every state's answers, for every step of every round; a
 * refused step changes nothing. */
static void record_states(struct stress *st)
{
	const struct stress_config *cfg = st->cfg;
	struct devmemhp_machine *twin = tu_machine(cfg->arch, cfg->options);

	make_queries(st, twin);
	st->nstates = STRESS_ROUNDS * cfg->nsteps + 1;
	st->want = calloc(st->nstates, sizeof(*st->want));
	ck_assert_ptr_nonnull(st->want);
	for (unsigned long g = 0; g < st->nstates; g++) {
		for (unsigned int i = 0; i < st->nq; i++) {
			char *a = answer(twin, &st->q[i]);
			unsigned int d = 0;

			while (d < st->ndistinct[i] && strcmp(a, st->distinct[i][d]))
				d++;
			if (d == st->ndistinct[i]) {
				st->distinct[i] = realloc(st->distinct[i], (d + 1) * sizeof(char *));
				ck_assert_ptr_nonnull(st->distinct[i]);
				st->distinct[i][st->ndistinct[i]++] = a;
			} else {
				free(a);
			}
			st->want[g][i] = d;
		}
		if (g + 1 < st->nstates) {
			const struct step *step = &cfg->steps[g % cfg->nsteps];
			char *before = step->want ? tu_dump(twin) : NULL;

			OP(twin, run_step(twin, step), step->want);
			if (before)
				tu_expect_dump(twin, before);
		}
	}
	devmemhp_machine_unref(twin);
}

static void *sequence_reader(void *arg)
{
	struct reader_result *r = arg;
	struct stress *st = r->st;
	char *got[MAX_QUERIES];

	while (!atomic_load(&st->done) || r->reads < 10) {
		unsigned long c0 = atomic_load(&st->seq), c1, lo, hi;

		for (unsigned int i = 0; i < st->nq; i++)
			got[i] = answer(st->m, &st->q[i]);
		c1 = atomic_load(&st->seq);
		lo = c0 / 2;       /* committed at c0 */
		hi = (c1 + 1) / 2; /* committed by the time of c1, or being committed */
		r->reads++;
		r->narrow += hi - lo <= 1;
		for (unsigned int i = 0; i < st->nq; i++) {
			bool ok = false;

			for (unsigned long g = lo; g <= hi && g < st->nstates && !ok; g++)
				ok = strcmp(got[i], st->distinct[i][st->want[g][i]]) == 0;
			r->answers++;
			if (!ok && !r->bad++)
				snprintf(r->first_bad, sizeof(r->first_bad),
					 "%s: %s(%#" PRIx64 "), read while %lu to %lu steps were done, "
					 "answered\n%.400s\nafter %lu steps the answer is\n%.400s",
					 st->cfg->arch,
					 query_name(&st->q[i]), st->q[i].arg, lo, hi, got[i], lo,
					 st->distinct[i][st->want[lo][i]]);
			free(got[i]);
		}
	}
	return NULL;
}

static void stress(const struct stress_config *cfg)
{
	static struct stress st;
	pthread_t threads[READERS];
	struct reader_result res[READERS];
	unsigned long reads = 0, answers = 0, narrow = 0, g = 0;
	struct timespec t0, t1;
	const struct timespec pause = { .tv_nsec = 100 * 1000 };

	memset(&st, 0, sizeof(st));
	st.cfg = cfg;
	record_states(&st);
	st.m = tu_machine(cfg->arch, cfg->options);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < READERS; i++) {
		res[i] = (struct reader_result){ .st = &st };
		ck_assert_int_eq(pthread_create(&threads[i], NULL, sequence_reader, &res[i]), 0);
	}
	for (int round = 0; round < STRESS_ROUNDS; round++)
		for (unsigned int s = 0; s < cfg->nsteps; s++, g++) {
			int rc;

			atomic_store(&st.seq, 2 * g + 1);
			rc = run_step(st.m, &cfg->steps[s]);
			ck_assert_msg(rc == cfg->steps[s].want, "%s: step %u returned %d (%s)",
				      cfg->arch, s, rc, devmemhp_last_error(st.m));
			atomic_store(&st.seq, 2 * g + 2);
			/* the lock lets a waiting writer go first: a pause lets the
			 * readers see each committed state too, not only the steps */
			nanosleep(&pause, NULL);
		}
	atomic_store(&st.done, 1);
	for (int i = 0; i < READERS; i++) {
		ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
		ck_assert_msg(res[i].bad == 0, "reader %d: %lu of %lu answers were no state of "
			      "their window; the first: %s", i, res[i].bad, res[i].answers,
			      res[i].first_bad);
		reads += res[i].reads;
		answers += res[i].answers;
		narrow += res[i].narrow;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	tu_check(st.m);
	devmemhp_machine_unref(st.m);
	for (unsigned int i = 0; i < st.nq; i++) {
		for (unsigned int d = 0; d < st.ndistinct[i]; d++)
			free(st.distinct[i][d]);
		free(st.distinct[i]);
	}
	free(st.want);
	printf("threads: %s: %lu steps, %d readers, %lu reads of %u queries (%lu answers) "
	       "sequence-checked, %lu of them within one step, %.2f s\n", cfg->arch, g, READERS,
	       reads, st.nq, answers, narrow,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	/* the check means something only if readers ran during the steps */
	ck_assert_uint_gt(reads, 10 * READERS);
}

START_TEST(test_sequence_checked)
{
	stress(&stress_configs[_i]);
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
	tcase_add_loop_test(tc, test_sequence_checked, 0,
			    sizeof(stress_configs) / sizeof(stress_configs[0]));
	tcase_add_test(tc, test_refcount_threads);
	suite_add_tcase(s, tc);
	tc = tcase_create("nested");
	tcase_set_timeout(tc, 30); /* a deadlock fails here rather than hangs */
	tcase_add_test(tc, test_query_in_walk_with_writer_waiting);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
