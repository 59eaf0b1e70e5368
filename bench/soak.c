/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Soak: 10,000,000 mixed operations on one machine (hot-add, remove, online,
 * offline, plans, queries, views), picked by a fixed pseudo-random sequence
 * so that every run does the same work, successes and refusals mixed.  Every
 * million operations it checks the machine and prints the resident set and
 * the time per operation; both must stay flat.  Exits 1 if devmemhp_check()
 * fails or if the resident set grows by more than RSS_GROWTH_MAX_PERCENT
 * after the first million (the warm-up).  The time ratio is reported only:
 * on a shared machine it measures the neighbours as much as the library.
 */
#include <inttypes.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <devmemhp.h>

#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define OPS 10000000ul
#define CHECKPOINT 1000000ul
#define RSS_GROWTH_MAX_PERCENT 10.0

/* A two-socket server: 64 GiB per node below, 2 GiB memory blocks. */
#define MACHINE "nodes=2,boot=0x1000-0x9fc00@0;0x100000-0x80000000@0;" \
	"0x100000000-0x1080000000@0;0x1080000000-0x2080000000@1"
/* Where operations go: RAM slots of two blocks, device slots of an odd size
 * (subsections), device-private slots out of the linear map's reach. */
#define SLOTS 16
#define RAM_BASE (256 * GiB)
#define RAM_SIZE (4 * GiB)
#define DEV_BASE (512 * GiB)
#define DEV_SIZE (2 * GiB + 2 * MiB)
#define PRIV_BASE 0x3f0000000000ull
#define PRIV_SIZE GiB

#define DEV_FLAGS DEVICE_MEMORY_DEVICE
#define PRIV_FLAGS (DEVICE_MEMORY_DEVICE | DEVICE_MEMORY_MOVABLE | DEVICE_MEMORY_UNADDRESSABLE)

enum op {
	ADD_RAM, REMOVE_RAM, ONLINE, OFFLINE, ADD_DEV, REMOVE_DEV, ADD_PRIV, REMOVE_PRIV,
	PLAN_ADD, PLAN_REMOVE, REFUSED, FREE_REGION, STATS, PAGE_INFO, TRANSLATE, ZONE_INFO,
	NODE_INFO, BLOCK_INFO, VIEW, NR_OPS
};

static const char *const op_names[NR_OPS] = {
	"add RAM", "remove RAM", "online", "offline", "add device", "remove device",
	"add private", "remove private", "plan add", "plan remove", "bad request",
	"find free region", "stats", "page info", "virt/phys", "zone info", "node info",
	"memory block", "view",
};

/* How often each is picked, out of the sum: queries most, views least
 * (they format the whole machine). */
static const unsigned int weights[NR_OPS] = {
	[ADD_RAM] = 6, [REMOVE_RAM] = 6, [ONLINE] = 6, [OFFLINE] = 6, [ADD_DEV] = 4,
	[REMOVE_DEV] = 4, [ADD_PRIV] = 3, [REMOVE_PRIV] = 3, [PLAN_ADD] = 4, [PLAN_REMOVE] = 4,
	[REFUSED] = 4, [FREE_REGION] = 2, [STATS] = 8, [PAGE_INFO] = 10, [TRANSLATE] = 10,
	[ZONE_INFO] = 6, [NODE_INFO] = 4, [BLOCK_INFO] = 8, [VIEW] = 2,
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

/* splitmix64: deterministic, and the same on every platform */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned int below(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The resident set now (not its peak), in kB. */
static long rss_kb(void)
{
	long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f || fscanf(f, "%ld %ld", &size, &resident) != 2) {
		perror("soak: /proc/self/statm");
		exit(1);
	}
	fclose(f);
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static void quiet(void *data, int priority, const char *file, int line, const char *fn,
		  const char *format, va_list args)
{
	(void)data, (void)priority, (void)file, (void)line, (void)fn, (void)format, (void)args;
}

static const enum devmemhp_zone online_zones[] = {
	DEVMEMHP_ZONE_MOVABLE, DEVMEMHP_ZONE_NORMAL, DEVMEMHP_ZONE_AUTO,
};

/* An address somewhere in the slots, boot memory or nowhere. */
static uint64_t some_address(void)
{
	static const uint64_t bases[] = { RAM_BASE, DEV_BASE, PRIV_BASE, 0, 64 * GiB };

	return bases[below(5)] + (rnd() % (SLOTS * RAM_SIZE) & ~0xfffull);
}

static int run(struct devmemhp_machine *m, enum op op, FILE *null)
{
	unsigned int slot = below(SLOTS);
	uint64_t ram = RAM_BASE + slot * RAM_SIZE, dev = DEV_BASE + slot * 4 * GiB;
	uint64_t priv = PRIV_BASE + slot * 2 * GiB, addr = some_address(), out = 0;
	unsigned int shift = 0;

	switch (op) {
	case ADD_RAM:
		return devmemhp_add_memory(m, (int)(slot & 1), ram, RAM_SIZE, 0);
	case REMOVE_RAM:
		return devmemhp_remove_memory(m, ram, RAM_SIZE, 0);
	case ONLINE:
		return devmemhp_online_memory(m, ram, RAM_SIZE, online_zones[below(3)]);
	case OFFLINE:
		return devmemhp_offline_memory(m, ram, RAM_SIZE);
	case ADD_DEV:
		return devmemhp_add_memory(m, (int)(slot & 1), dev, DEV_SIZE, DEV_FLAGS);
	case REMOVE_DEV:
		return devmemhp_remove_memory(m, dev, DEV_SIZE, DEV_FLAGS);
	case ADD_PRIV:
		return devmemhp_add_memory(m, (int)(slot & 1), priv, PRIV_SIZE, PRIV_FLAGS);
	case REMOVE_PRIV:
		return devmemhp_remove_memory(m, priv, PRIV_SIZE, PRIV_FLAGS);
	case PLAN_ADD: {
		struct devmemhp_add_params p = { .size = sizeof(p), .nid = (int)(slot & 1),
						 .start = below(2) ? ram : dev,
						 .length = below(2) ? RAM_SIZE : DEV_SIZE,
						 .flags = below(2) ? 0 : DEV_FLAGS };
		struct devmemhp_plan plan = { .size = sizeof(plan) };
		int rc = devmemhp_plan_add(m, &p, &plan);

		return rc ? rc : plan.result;
	}
	case PLAN_REMOVE: {
		struct devmemhp_plan plan = { .size = sizeof(plan) };
		int rc = devmemhp_plan_remove(m, ram, RAM_SIZE, 0, &plan);

		return rc ? rc : plan.result;
	}
	case REFUSED:
		/* unaligned, overflowing, or nothing there: refused before any work */
		switch (below(3)) {
		case 0: return devmemhp_add_memory(m, 0, ram + 4096, RAM_SIZE, 0);
		case 1: return devmemhp_remove_memory(m, 4 * GiB, 0xfffffff000000000ull, 0);
		default: return devmemhp_offline_memory(m, DEV_BASE + 64 * GiB, RAM_SIZE);
		}
	case FREE_REGION:
		return devmemhp_find_free_region(m, below(2) ? RAM_SIZE : DEV_SIZE, &out);
	case STATS: {
		struct devmemhp_stats s = { .size = sizeof(s) };

		return devmemhp_get_stats(m, &s);
	}
	case PAGE_INFO: {
		struct devmemhp_page_info pi = { .size = sizeof(pi) };

		return devmemhp_page_info(m, addr >> 12, &pi);
	}
	case TRANSLATE: {
		int rc = devmemhp_phys_to_virt(m, addr, &out);

		return rc ? rc : devmemhp_virt_to_phys(m, out, &out, &shift);
	}
	case ZONE_INFO: {
		struct devmemhp_zone_info z = { .size = sizeof(z) };

		return devmemhp_zone_info_get(m, (int)(slot & 1), (enum devmemhp_zone)below(6), &z);
	}
	case NODE_INFO: {
		struct devmemhp_node_info n = { .size = sizeof(n) };

		return devmemhp_node_info_get(m, (int)below(3), &n);
	}
	case BLOCK_INFO: {
		struct devmemhp_memory_block b = { .size = sizeof(b) };

		return devmemhp_memory_block_get(m, addr / (2 * GiB), &b);
	}
	case VIEW:
		return devmemhp_write_view(m, (enum devmemhp_view)below(5), null);
	case NR_OPS:
		break;
	}
	return -1;
}

int main(int argc, char **argv)
{
	unsigned long ops = argc > 1 ? strtoul(argv[1], NULL, 0) : OPS;
	unsigned long done[NR_OPS] = { 0 }, ok[NR_OPS] = { 0 };
	unsigned int total_weight = 0;
	struct devmemhp_machine *m;
	FILE *null = fopen("/dev/null", "w");
	double t0 = now(), fastest = 1e9, slowest = 0;
	long rss_warm = 0, rss = 0;
	double growth;
	int failed = 0, rc;

	if (!null || ops < CHECKPOINT || ops % CHECKPOINT) {
		fprintf(stderr, "soak: usage: soak [OPS, a multiple of %lu]\n", CHECKPOINT);
		return 2;
	}
	rc = devmemhp_machine_new("x86_64", MACHINE, &m);
	if (rc) {
		fprintf(stderr, "soak: machine_new: %s\n", devmemhp_last_error(NULL));
		return 1;
	}
	/* refusals are half the point: keep them out of stderr */
	devmemhp_set_log_fn(m, quiet, NULL);
	devmemhp_set_log_priority(m, LOG_CRIT);
	for (int i = 0; i < NR_OPS; i++)
		total_weight += weights[i];
	printf("libdevmemhp %s soak: %lu operations on x86_64 %s\n", devmemhp_version(), ops,
	       MACHINE);
	printf("%12s %10s %10s %10s\n", "ops", "RSS kB", "heap kB", "ns/op");
	for (unsigned long n = 1; n <= ops; n++) {
		unsigned int w = below(total_weight);
		enum op op = 0;

		while (w >= weights[op])
			w -= weights[op++];
		done[op]++;
		ok[op] += run(m, op, null) == 0;
		if (n % CHECKPOINT == 0) {
			double t1 = now(), per_op = (t1 - t0) * 1e9 / CHECKPOINT;

			rc = devmemhp_check(m);
			rss = rss_kb();
			if (n == CHECKPOINT)
				rss_warm = rss;
			fastest = per_op < fastest ? per_op : fastest;
			slowest = per_op > slowest ? per_op : slowest;
			/* the heap in use tells a leak from the allocator's own growth */
			printf("%12lu %10ld %10zu %10.0f%s\n", n, rss, mallinfo2().uordblks / 1024,
			       per_op, rc ? "  check FAILED" : "");
			fflush(stdout);
			if (rc) {
				fprintf(stderr, "soak: devmemhp_check: %s\n", devmemhp_last_error(m));
				failed = 1;
			}
			t0 = now(); /* the check is not an operation */
		}
	}
	printf("\n%-18s %10s %10s\n", "operation", "done", "succeeded");
	for (int i = 0; i < NR_OPS; i++)
		printf("%-18s %10lu %10lu\n", op_names[i], done[i], ok[i]);
	growth = 100.0 * (double)(rss - rss_warm) / (double)rss_warm;

	if (growth > RSS_GROWTH_MAX_PERCENT)
		failed = 1;
	printf("\nverdict: %s; RSS %ld kB after the first million, %ld kB at the end "
	       "(%+.1f%%, limit +%.0f%%); slowest million %.2fx the fastest\n",
	       failed ? "FAIL" : "PASS", rss_warm, rss, growth, RSS_GROWTH_MAX_PERCENT,
	       slowest / fastest);
	devmemhp_machine_unref(m);
	fclose(null);
	return failed;
}
