/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Model cost grows with ranges, not pages.  Prints, for each case, the time
 * of the operation (best of several runs), the heap the machine holds
 * afterwards, and what the modelled kernel would hold.
 */
#include <errno.h>
#include <inttypes.h>
#include <malloc.h>
#include <stdio.h>
#include <syslog.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <devmemhp.h>

#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define TiB (1ull << 40)
#define PiB (1ull << 50)
#define RUNS 5
#define BOOT_20T "boot=0x100000-0x80000000;4G-20T"
#define BOOT_2T "boot=0x100000-0x80000000;4G-2T"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t heap(void)
{
	return mallinfo2().uordblks;
}

static void must(struct devmemhp_machine *m, int rc, const char *what)
{
	if (rc) {
		fprintf(stderr, "bench: %s: %s\n", what, devmemhp_last_error(m));
		exit(1);
	}
}

static struct devmemhp_machine *machine(const char *options)
{
	struct devmemhp_machine *m;

	must(NULL, devmemhp_machine_new("x86_64", options, &m), options);
	return m;
}

static uint64_t sum(const uint64_t *v)
{
	uint64_t n = 0;

	for (int i = 0; i < DEVMEMHP_MAX_LEVELS; i++)
		n += v[i];
	return n;
}

/* Add one big range: time it, weigh it, print what the kernel would hold. */
static void one_range(const char *name, const char *options, uint64_t start, uint64_t size,
		      unsigned int flags)
{
	double best_add = 1e9, best_remove = 1e9;
	size_t bytes = 0;
	struct devmemhp_stats s = { .size = sizeof(s) };

	for (int run = 0; run < RUNS; run++) {
		struct devmemhp_machine *m = machine(options);
		size_t before = heap();
		double t0 = now(), t1;

		must(m, devmemhp_add_memory(m, 0, start, size, flags), name);
		t1 = now();
		if (t1 - t0 < best_add)
			best_add = t1 - t0;
		bytes = heap() - before;
		must(m, devmemhp_get_stats(m, &s), name);
		must(m, devmemhp_check(m), name);
		t0 = now();
		must(m, devmemhp_remove_memory(m, start, size, flags), name);
		t1 = now();
		if (t1 - t0 < best_remove)
			best_remove = t1 - t0;
		devmemhp_machine_unref(m);
	}
	printf("%-44s add %8.3f ms  remove %8.3f ms  model heap %7.1f KiB\n", name, best_add * 1e3,
	       best_remove * 1e3, bytes / 1024.0);
	printf("%-44s kernel: %" PRIu64 " x 4k + %" PRIu64 " x 2M + %" PRIu64 " x 1G leaves, "
	       "%" PRIu64 " page-table pages, %" PRIu64 " GiB of struct pages\n", "",
	       s.direct_map_leaves[0], s.direct_map_leaves[1], s.direct_map_leaves[2],
	       sum(s.direct_map_table_pages) + sum(s.vmemmap_table_pages),
	       (s.memmap_bytes + s.memmap_altmap_bytes) >> 30);
}

/* Many ranges: the cost per operation as their number grows. */
static void many_ranges(unsigned int n)
{
	/* 64 GiB of boot RAM below the ranges: their memmap comes from it */
	struct devmemhp_machine *m = machine("levels=5,phys_bits=52,boot=0x100000-0x80000000;4G-64G");
	size_t before = heap();
	double t0 = now(), t1;

	for (unsigned int i = 0; i < n; i++)
		must(m, devmemhp_add_memory(m, 0, 64 * GiB + (uint64_t)i * 4 * GiB, 2 * GiB + 2 * MiB,
					    DEVICE_MEMORY_DEVICE), "many");
	t1 = now();
	printf("%5u device ranges of 2 GiB + 2 MiB%*s add %8.3f ms each, model heap %7.1f KiB\n",
	       n, 10, "", (t1 - t0) * 1e3 / n, (heap() - before) / 1024.0);
	must(m, devmemhp_check(m), "many");
	devmemhp_machine_unref(m);
}

/* RAM: add, online and offline many blocks (their 64 GiB of memmap comes from
 * boot RAM). */
static void blocks(void)
{
	struct devmemhp_machine *m = machine("boot=0x100000-0x80000000;4G-130G,nodes=2,online=offline");
	double t0 = now(), t1, t2, t3;

	must(m, devmemhp_add_memory(m, 1, 2 * TiB, 4 * TiB, 0), "blocks");
	t1 = now();
	must(m, devmemhp_online_memory(m, 2 * TiB, 4 * TiB, DEVMEMHP_ZONE_MOVABLE), "blocks");
	t2 = now();
	must(m, devmemhp_offline_memory(m, 2 * TiB, 4 * TiB), "blocks");
	t3 = now();
	printf("%-44s add %8.3f ms  online %8.3f ms  offline %8.3f ms (2048 blocks of 2 GiB)\n",
	       "4 TiB of RAM", (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3);
	must(m, devmemhp_check(m), "blocks");
	devmemhp_machine_unref(m);
}

/* Machine creation: boot memory of millions of blocks costs what a few do. */
static void boot(const char *arch, const char *options)
{
	double best = 1e9;
	size_t bytes = 0;
	struct devmemhp_stats s = { .size = sizeof(s) };

	for (int run = 0; run < RUNS; run++) {
		struct devmemhp_machine *m;
		size_t before = heap();
		double t0 = now(), t1;

		must(NULL, devmemhp_machine_new(arch, options, &m), options);
		t1 = now();
		if (t1 - t0 < best)
			best = t1 - t0;
		bytes = heap() - before;
		must(m, devmemhp_get_stats(m, &s), options);
		devmemhp_machine_unref(m);
	}
	printf("%-8s %-35s new %8.3f ms  model heap %7.1f KiB\n", arch, options, best * 1e3,
	       bytes / 1024.0);
	printf("%-44s kernel: %" PRIu64 " memory blocks, %" PRIu64 " GiB present\n", "",
	       s.memory_blocks, s.present_bytes >> 30);
}

/* Refusals cost nothing in the size of the request: a plan and a remove
 * over 16 EiB, from inside boot RAM, answer from the stored runs. */
/* One refused call, best of RUNS: 'o' online, 'f' offline, 'r' find_free_region. */
static void refused(struct devmemhp_machine *m, const char *what, char op, uint64_t start,
		    uint64_t size, int err)
{
	double best = 1e9;
	uint64_t at;
	int rc = 0;

	for (int i = 0; i < RUNS; i++) {
		double t0 = now(), t;

		rc = op == 'o'	 ? devmemhp_online_memory(m, start, size, DEVMEMHP_ZONE_MOVABLE)
		     : op == 'f' ? devmemhp_offline_memory(m, start, size)
				 : devmemhp_find_free_region(m, size, &at);
		t = now() - t0;
		best = t < best ? t : best;
		if (rc != err) {
			fprintf(stderr, "bench: %s: %d, not %d: %s\n", what, rc, err,
				devmemhp_last_error(m));
			exit(1);
		}
	}
	printf("%-48s %8.3f ms (%s)\n", what, best * 1e3, strerror(-rc));
}

static void refusals(void)
{
	struct devmemhp_machine *m = machine("boot=0-8G");
	struct devmemhp_plan plan = { .size = sizeof(plan) };
	const uint64_t huge = 0xfffffff000000000ull;
	double best_plan = 1e9, best_remove = 1e9;

	devmemhp_set_log_priority(m, LOG_CRIT); /* the refusals are expected */
	for (int i = 0; i < RUNS; i++) {
		double t0 = now(), t1, t2;

		must(m, devmemhp_plan_remove(m, 4 * GiB, huge, DEVICE_MEMORY_NONE, &plan), "plan");
		t1 = now();
		if (plan.result != -EINVAL || devmemhp_remove_memory(m, 4 * GiB, huge, 0) != -EINVAL) {
			fprintf(stderr, "bench: refusals: %s\n", devmemhp_last_error(m));
			exit(1);
		}
		t2 = now();
		best_plan = t1 - t0 < best_plan ? t1 - t0 : best_plan;
		best_remove = t2 - t1 < best_remove ? t2 - t1 : best_remove;
	}
	printf("%-44s plan %8.3f ms  remove %8.3f ms (refused: %s)\n",
	       "plan remove 4G 0xfffffff000000000 ram", best_plan * 1e3, best_remove * 1e3,
	       "boot memory");
	refused(m, "online 4G 0xfffffff000000000 movable", 'o', 4 * GiB, huge, -ENOENT);
	refused(m, "offline 4G 0xfffffff000000000", 'f', 4 * GiB, huge, -ENOENT);
	refused(m, "offline 0 0xfffffffffffff000", 'f', 0, 0xfffffffffffff000ull, -EINVAL);
	devmemhp_machine_unref(m);

	/* 266 M boot blocks in one run, the last offline: refused at its end */
	must(NULL, devmemhp_machine_new("riscv64", "boot=0x80000000-0x7f000000000000", &m), "riscv64");
	devmemhp_set_log_priority(m, LOG_CRIT);
	must(m, devmemhp_offline_memory(m, 0x7f000000000000ull - 128 * MiB, 128 * MiB), "offline");
	refused(m, "offline 266M blocks, the last offline (riscv64)", 'f', 0x80000000ull,
		0x7f000000000000ull - 0x80000000ull, -EINVAL);
	devmemhp_machine_unref(m);

	/* 2^24 sections to step through, every one busy */
	m = machine("kernel=6.12,levels=5,phys_bits=52,boot=0-4G");
	devmemhp_set_log_priority(m, LOG_CRIT);
	must(m, devmemhp_resource_add(m, PiB * 2, GiB, "top", DEVMEMHP_RES_BUSY,
				      DEVMEMHP_IORES_DESC_NONE), "resource_add");
	refused(m, "find_free_region 2P, none fits (6.12, 52 bits)", 'r', 0, PiB * 2, -ERANGE);
	devmemhp_machine_unref(m);
}

int main(void)
{
	printf("libdevmemhp %s scale benchmark (best of %d runs)\n\n", devmemhp_version(), RUNS);
	refusals();
	printf("\n");
	/* the memmap of the device memory comes from boot RAM (16 TiB for a PiB):
	 * the machines boot with enough of it */
	one_range("1 PiB device, 5-level, gbpages=0", "levels=5,phys_bits=52,gbpages=0," BOOT_20T,
		  PiB, PiB, DEVICE_MEMORY_DEVICE);
	one_range("1 PiB device, 5-level, 1G pages", "levels=5,phys_bits=52," BOOT_20T, PiB, PiB,
		  DEVICE_MEMORY_DEVICE);
	one_range("1 PiB device, 5-level, 4K only (pse=0)", "levels=5,phys_bits=52,pse=0," BOOT_20T,
		  PiB, PiB, DEVICE_MEMORY_DEVICE);
	one_range("1 PiB unaddressable, 5-level", "levels=5,phys_bits=52," BOOT_20T, PiB, PiB,
		  DEVICE_MEMORY_DEVICE | DEVICE_MEMORY_MOVABLE | DEVICE_MEMORY_UNADDRESSABLE);
	one_range("32 TiB device, 4-level, odd ends", BOOT_2T, 8 * TiB + 2 * MiB,
		  32 * TiB - 4 * MiB, DEVICE_MEMORY_DEVICE);
	printf("\n");
	for (unsigned int n = 10; n <= 1000; n *= 10)
		many_ranges(n);
	printf("\n");
	blocks();
	printf("\n");
	boot("x86_64", "boot=0-64T");
	boot("riscv64", "boot=0x80000000-0x7f000000000000");
	return 0;
}
