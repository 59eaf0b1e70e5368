/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Speed where the users are (issue 13): a simulator's translations from many
 * threads, a sweep's add/remove pairs on busy machines, machine creation,
 * import and the tool.  Each figure is printed as text and as one JSON line
 * ({"bench": ..., "value": ..., "unit": ...}, with its baseline where it has
 * one), every baseline measured in this process, in the same run.
 *
 * usage: bench_speed [TOOL]   (TOOL: the devmemhp program, for the scenario)
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <malloc.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <devmemhp.h>

#define KiB (1ull << 10)
#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define TiB (1ull << 40)
#define PiB (1ull << 50)

/* Every machine of the table: x86_64, 5 levels, 1 GiB pages, 52 phys bits. */
#define MACHINE "levels=5,gbpages=1,phys_bits=52"
#define LOOKUPS (1u << 20) /* addresses per lookup run */
#define BEST_OF 5

extern char **environ;

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void must(struct devmemhp_machine *m, int rc, const char *what)
{
	if (rc) {
		fprintf(stderr, "bench_speed: %s: %d %s\n", what, rc, devmemhp_last_error(m));
		exit(1);
	}
}

static struct devmemhp_machine *machine(const char *options)
{
	struct devmemhp_machine *m;

	must(NULL, devmemhp_machine_new("x86_64", options, &m), options ? options : "machine_new");
	return m;
}

/* One figure: a line of text, then its JSON line.  The ratio is how many
 * times better than its baseline it is (for a rate: value / baseline; for a
 * time: baseline / value). */
static void figure(const char *name, double value, const char *unit, const char *baseline_name,
		   double baseline)
{
	const bool rate = strstr(unit, "/s") != NULL;

	if (baseline_name) {
		printf("%-58s %12.3f %-8s (%s: %.3f; %.2fx as good)\n", name, value, unit,
		       baseline_name, baseline,
		       rate ? (baseline ? value / baseline : 0) : (value ? baseline / value : 0));
		printf("{\"bench\": \"%s\", \"value\": %.3f, \"unit\": \"%s\", \"baseline\": "
		       "{\"name\": \"%s\", \"value\": %.3f}}\n",
		       name, value, unit, baseline_name, baseline);
	} else {
		printf("%-58s %12.3f %s\n", name, value, unit);
		printf("{\"bench\": \"%s\", \"value\": %.3f, \"unit\": \"%s\"}\n", name, value, unit);
	}
	fflush(stdout);
}

/* ---- add + remove pairs among N other ranges ------------------------------- */

/* 128 MiB of addressable device memory added and removed, on a machine that
 * holds n other such ranges: µs a pair, best of BEST_OF batches. */
static double pair_cost(unsigned int n)
{
	struct devmemhp_machine *m = machine(MACHINE ",boot=0x100000-0x80000000;4G-256G");
	const uint64_t base = 1 * TiB, spot = base + (uint64_t)n * 256 * MiB + 64 * GiB;
	const unsigned int pairs = n > 4096 ? 200 : 1000;
	double best = 1e9;

	for (unsigned int i = 0; i < n; i++)
		must(m, devmemhp_add_memory(m, 0, base + (uint64_t)i * 256 * MiB, 128 * MiB,
					    DEVICE_MEMORY_DEVICE), "other ranges");
	for (int run = 0; run < BEST_OF; run++) {
		double t0 = now(), t;

		for (unsigned int i = 0; i < pairs; i++) {
			must(m, devmemhp_add_memory(m, 0, spot, 128 * MiB, DEVICE_MEMORY_DEVICE),
			     "pair add");
			must(m, devmemhp_remove_memory(m, spot, 128 * MiB, DEVICE_MEMORY_DEVICE),
			     "pair remove");
		}
		t = (now() - t0) / pairs;
		if (t < best)
			best = t;
	}
	must(m, devmemhp_check(m), "pairs");
	devmemhp_machine_unref(m);
	return best * 1e6;
}

static void pairs(void)
{
	double c16 = pair_cost(16), c1024 = pair_cost(1024), c16384 = pair_cost(16384);

	figure("add+remove 128M device, 16 other ranges", c16, "us/pair", NULL, 0);
	figure("add+remove 128M device, 1024 other ranges", c1024, "us/pair", "16 other ranges",
	       c16);
	figure("add+remove 128M device, 16384 other ranges", c16384, "us/pair", "16 other ranges",
	       c16);
}

/* ---- translations --------------------------------------------------------- */

/* The 1 TiB direct map of 1024 boot ranges, in groups of four per 4 GiB:
 * 256 MiB, 256 MiB, 512 MiB and 3 GiB, each with a 4K head and tail of a
 * varying number of pages, so that it is mapped by 4K, 2M and 1G leaves. */
#define RANGES 1024

struct run {
	uint64_t va, va_end, pa;
};

static struct run runs[RANGES];
static uint64_t linear_base;

static char *map_options(void)
{
	static const uint64_t offset[4] = { 0, 256 * MiB, 512 * MiB, 1 * GiB };
	static const uint64_t length[4] = { 256 * MiB, 256 * MiB, 512 * MiB, 3 * GiB };
	size_t cap = 64 + RANGES * 48, len;
	char *s = malloc(cap);

	if (!s)
		exit(1);
	len = (size_t)snprintf(s, cap, "%s,boot=", MACHINE);
	for (unsigned int i = 0; i < RANGES; i++) {
		uint64_t group = (uint64_t)(i / 4) * 4 * GiB;
		uint64_t head = 4 * KiB * (1 + i % 200), tail = 4 * KiB * (1 + i % 150);
		uint64_t start = group + offset[i % 4] + head;
		uint64_t end = group + offset[i % 4] + length[i % 4] - tail;

		runs[i].pa = start;
		runs[i].va_end = end; /* a physical end until the base is known */
		len += (size_t)snprintf(s + len, cap - len, "%s%#" PRIx64 "-%#" PRIx64,
					i ? ";" : "", start, end);
	}
	return s;
}

/* The baseline: a plain binary search over the sorted runs. */
static inline int bsearch_runs(uint64_t va, uint64_t *pa)
{
	size_t lo = 0, hi = RANGES;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (va < runs[mid].va)
			hi = mid;
		else if (va >= runs[mid].va_end)
			lo = mid + 1;
		else {
			*pa = va - runs[mid].va + runs[mid].pa;
			return 0;
		}
	}
	return -EFAULT;
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

struct lookup_job {
	const struct devmemhp_machine *m;
	const uint64_t *va;
	unsigned int n, rounds;
	uint64_t sum;
	unsigned int misses;
};

static void *lookup_thread(void *data)
{
	struct lookup_job *j = data;
	uint64_t sum = 0; /* not in *j: two threads' jobs share a cache line */
	unsigned int misses = 0;

	for (unsigned int r = 0; r < j->rounds; r++)
		for (unsigned int i = 0; i < j->n; i++) {
			uint64_t pa;

			if (devmemhp_virt_to_phys(j->m, j->va[i], &pa, NULL) == 0)
				sum += pa;
			else
				misses++;
		}
	j->sum = sum;
	j->misses = misses;
	return NULL;
}

/* ns a lookup through the library, best of BEST_OF */
static double library_ns(const struct devmemhp_machine *m, const uint64_t *va, unsigned int n,
			 uint64_t *sum)
{
	double best = 1e9;

	for (int run = 0; run < BEST_OF; run++) {
		struct lookup_job j = { .m = m, .va = va, .n = n, .rounds = 1 };
		double t0 = now(), t;

		lookup_thread(&j);
		t = (now() - t0) / n;
		if (t < best)
			best = t;
		*sum = j.sum;
	}
	return best * 1e9;
}

static double bsearch_ns(const uint64_t *va, unsigned int n, uint64_t *sum)
{
	double best = 1e9;

	for (int run = 0; run < BEST_OF; run++) {
		double t0 = now(), t;
		uint64_t s = 0;

		for (unsigned int i = 0; i < n; i++) {
			uint64_t pa;

			if (bsearch_runs(va[i], &pa) == 0)
				s += pa;
		}
		t = (now() - t0) / n;
		if (t < best)
			best = t;
		*sum = s;
	}
	return best * 1e9;
}

/* Lookups a second from `threads` threads at once, best of BEST_OF. */
static double throughput(const struct devmemhp_machine *m, const uint64_t *va, unsigned int n,
			 unsigned int threads)
{
	double best = 0;

	for (int run = 0; run < BEST_OF; run++) {
		struct lookup_job j[2];
		pthread_t t[2];
		double t0 = now(), rate;

		for (unsigned int i = 0; i < threads; i++) {
			j[i] = (struct lookup_job){ .m = m, .va = va, .n = n, .rounds = 4 };
			if (pthread_create(&t[i], NULL, lookup_thread, &j[i]))
				exit(1);
		}
		for (unsigned int i = 0; i < threads; i++)
			pthread_join(t[i], NULL);
		rate = (double)n * 4 * threads / (now() - t0);
		if (rate > best)
			best = rate;
	}
	return best;
}

static void translations(void)
{
	char *options = map_options();
	struct devmemhp_machine *m = machine(options);
	uint64_t *va = malloc(LOOKUPS * sizeof(*va)), *hot = malloc(LOOKUPS * sizeof(*hot));
	uint64_t seed = 0x9e3779b97f4a7c15ull, lib_sum, bs_sum, hot_base;
	double lib, bs, hot_lib, hot_bs, one, two;

	free(options);
	if (!va || !hot)
		exit(1);
	must(m, devmemhp_phys_to_virt(m, runs[0].pa, &linear_base), "linear base");
	linear_base -= runs[0].pa;
	for (unsigned int i = 0; i < RANGES; i++) {
		runs[i].va = linear_base + runs[i].pa;
		runs[i].va_end += linear_base;
	}
	/* random addresses over the whole map; the hot region: 4 MiB inside the
	 * 2M-mapped middle of the 3 GiB range of group 100 */
	for (unsigned int i = 0; i < LOOKUPS; i++)
		va[i] = linear_base + xorshift(&seed) % (runs[RANGES - 1].pa + 3 * GiB);
	hot_base = linear_base + 100 * 4 * GiB + 1 * GiB + 512 * MiB;
	for (unsigned int i = 0; i < LOOKUPS; i++)
		hot[i] = hot_base + xorshift(&seed) % (4 * MiB);

	lib = library_ns(m, va, LOOKUPS, &lib_sum);
	bs = bsearch_ns(va, LOOKUPS, &bs_sum);
	if (lib_sum != bs_sum) {
		fprintf(stderr, "bench_speed: virt_to_phys and the binary search disagree\n");
		exit(1);
	}
	hot_lib = library_ns(m, hot, LOOKUPS, &lib_sum);
	hot_bs = bsearch_ns(hot, LOOKUPS, &bs_sum);
	if (lib_sum != bs_sum) {
		fprintf(stderr, "bench_speed: virt_to_phys and the binary search disagree (hot)\n");
		exit(1);
	}
	figure("virt_to_phys, random over 1 TiB of 1024 ranges", lib, "ns", "binary search", bs);
	figure("virt_to_phys, one hot 4 MiB region", hot_lib, "ns", "binary search", hot_bs);

	devmemhp_set_log_priority(m, LOG_ERR);
	one = throughput(m, va, LOOKUPS, 1);
	two = throughput(m, va, LOOKUPS, 2);
	figure("virt_to_phys from 2 threads (no writer)", two / 1e6, "M/s", "1 thread", one / 1e6);
	devmemhp_machine_unref(m);
	free(va);
	free(hot);
}

/* ---- a huge device range, machine creation, import, the tool --------------- */

static void huge_device(void)
{
	/* its 16 TiB of memmap comes from boot RAM */
	struct devmemhp_machine *m =
		machine("levels=5,gbpages=0,phys_bits=52,boot=0x100000-0x80000000;4G-20T");
	size_t before = mallinfo2().uordblks, held;
	double t0 = now(), t1, t2;

	must(m, devmemhp_add_memory(m, 0, 1 * PiB, 1 * PiB, DEVICE_MEMORY_DEVICE), "1 PiB");
	t1 = now();
	held = mallinfo2().uordblks - before;
	must(m, devmemhp_remove_memory(m, 1 * PiB, 1 * PiB, DEVICE_MEMORY_DEVICE), "1 PiB");
	t2 = now();
	figure("1 PiB device range at 2M leaves: add", (t1 - t0) * 1e3, "ms", NULL, 0);
	figure("1 PiB device range at 2M leaves: remove", (t2 - t1) * 1e3, "ms", NULL, 0);
	figure("1 PiB device range at 2M leaves: model heap", held / 1024.0, "KiB", NULL, 0);
	devmemhp_machine_unref(m);
}

static void creation(void)
{
	double best = 1e9;

	for (int run = 0; run < 50; run++) {
		struct devmemhp_machine *m;
		double t0 = now(), t;

		must(NULL, devmemhp_machine_new("x86_64", NULL, &m), "machine_new");
		t = now() - t0;
		if (t < best)
			best = t;
		devmemhp_machine_unref(m);
	}
	figure("machine_new x86_64 (defaults)", best * 1e6, "us", NULL, 0);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void write_file(struct devmemhp_machine *m, const char *root, const char *name,
		       enum devmemhp_view view)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	f = fopen(path, "w");
	if (!f)
		exit(1);
	must(m, devmemhp_write_view(m, view, f), name);
	fclose(f);
}

/* A recording of 2048 memory blocks (256 GiB of boot RAM), made by export. */
static void import(void)
{
	struct devmemhp_machine *m = machine("boot=0x100000-0x80000000;4G-258G,block_size=128M");
	char root[] = "/tmp/bench_speed.XXXXXX", proc[4096];
	struct devmemhp_stats s = { .size = sizeof(s) };
	double best = 1e9;

	if (!mkdtemp(root))
		exit(1);
	snprintf(proc, sizeof(proc), "%s/proc", root);
	mkdir(proc, 0755);
	must(m, devmemhp_export_sysfs(m, root), "export");
	write_file(m, root, "proc/iomem", DEVMEMHP_VIEW_IOMEM);
	write_file(m, root, "proc/meminfo", DEVMEMHP_VIEW_MEMINFO);
	write_file(m, root, "proc/zoneinfo", DEVMEMHP_VIEW_ZONEINFO);
	must(m, devmemhp_get_stats(m, &s), "stats");
	devmemhp_machine_unref(m);
	for (int run = 0; run < BEST_OF; run++) {
		double t0 = now(), t;

		m = machine(NULL);
		must(m, devmemhp_machine_import(m, root), "import");
		t = now() - t0;
		if (t < best)
			best = t;
		devmemhp_machine_unref(m);
	}
	nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	printf("(the recording: %" PRIu64 " memory blocks)\n", s.memory_blocks);
	figure("machine_import of a 2048-block recording", best * 1e3, "ms", NULL, 0);
}

/* 1000 steps through the tool: add, online, offline and remove of RAM and
 * device memory, a plan and a translation, over and over. */
static void scenario(const char *tool)
{
	char path[] = "/tmp/bench_speed.XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	double best = 1e9;

	if (!f)
		exit(1);
	fprintf(f, "machine x86_64 boot=0x100000-0x80000000;4G-64G nodes=2\nset online=offline\n");
	for (int i = 0; i < 111; i++) {
		uint64_t at = 128 * GiB + (uint64_t)(i % 16) * 4 * GiB;

		fprintf(f, "plan add %#" PRIx64 " 2G ram\n", at);
		fprintf(f, "add %#" PRIx64 " 2G ram nid=1\n", at);
		fprintf(f, "online %#" PRIx64 " 2G movable\n", at);
		fprintf(f, "translate %#" PRIx64 "\n", (uint64_t)(at + 4096));
		fprintf(f, "offline %#" PRIx64 " 2G\n", at);
		fprintf(f, "remove %#" PRIx64 " 2G ram\n", at);
		fprintf(f, "add %#" PRIx64 " 1G fsdax\n", (uint64_t)(at + 2 * GiB));
		fprintf(f, "translate %#" PRIx64 "\n", (uint64_t)(at + 2 * GiB));
		fprintf(f, "remove %#" PRIx64 " 1G fsdax\n", (uint64_t)(at + 2 * GiB));
	}
	fclose(f);
	for (int run = 0; run < BEST_OF; run++) {
		char *argv[] = { (char *)tool, path, NULL };
		double t0 = now(), t;
		int status;
		pid_t pid;
		posix_spawn_file_actions_t fa;

		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		if (posix_spawn(&pid, tool, &fa, NULL, argv, environ) ||
		    waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			fprintf(stderr, "bench_speed: %s %s failed\n", tool, path);
			exit(1);
		}
		posix_spawn_file_actions_destroy(&fa);
		t = now() - t0;
		if (t < best)
			best = t;
	}
	unlink(path);
	figure("devmemhp: a 1001-step scenario (process included)", best * 1e3, "ms", NULL, 0);
}

int main(int argc, char **argv)
{
	translations();
	pairs();
	huge_device();
	creation();
	import();
	if (argc > 1)
		scenario(argv[1]);
	return 0;
}
