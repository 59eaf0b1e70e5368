/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The machine: options, lifecycle, logging, the reason of the last failure. */
#include <stdbool.h>
#include <stddef.h>
#include <syslog.h>

#include "size.h" /* lib/: the size grammar the library and the tool share */
#include "testutil.h"

/* Options that make a machine, and what its geometry becomes. */
static const struct {
	const char *options;
	unsigned int levels, max_physmem_bits, phys_bits, leaf_levels;
	uint64_t linear_base, vmemmap_base, block_size;
} good[] = {
	{ NULL, 4, 46, 46, 0x7, 0xffff888000000000ull, 0xffffea0000000000ull, 128 * MiB },
	{ "", 4, 46, 46, 0x7, 0xffff888000000000ull, 0xffffea0000000000ull, 128 * MiB },
	{ "levels=5", 5, 52, 46, 0x7, 0xff11000000000000ull, 0xffd4000000000000ull, 128 * MiB },
	{ "levels=5,phys_bits=52", 5, 52, 52, 0x7, 0xff11000000000000ull, 0xffd4000000000000ull,
	  128 * MiB },
	{ "gbpages=0", 4, 46, 46, 0x3, 0xffff888000000000ull, 0xffffea0000000000ull, 128 * MiB },
	{ "pse=0,gbpages=1", 4, 46, 46, 0x1, 0xffff888000000000ull, 0xffffea0000000000ull, 128 * MiB },
	{ "debug_pagealloc=1", 4, 46, 46, 0x1, 0xffff888000000000ull, 0xffffea0000000000ull, 128 * MiB },
	{ " phys_bits = 40 , block_size=1G ", 4, 46, 40, 0x7, 0xffff888000000000ull,
	  0xffffea0000000000ull, GiB },
	{ "block_size=0x8000000,nodes=4,online=online_movable,online_policy=auto-movable,"
	  "auto_movable_ratio=0,auto_movable_numa_aware=n,movable_node=yes,memmap_on_memory=1,"
	  "hypervisor=0,boot=0-1G@3",
	  4, 46, 46, 0x7, 0xffff888000000000ull, 0xffffea0000000000ull, 128 * MiB },
	/* probe_memory_block_size(): 64 GiB and more on bare metal: 2 GiB blocks */
	{ "boot=0x100000-0x80000000;4G-66G", 4, 46, 46, 0x7, 0xffff888000000000ull,
	  0xffffea0000000000ull, 2 * GiB },
	{ "boot=0x100000-0x80000000;4G-66G,hypervisor=1", 4, 46, 46, 0x7, 0xffff888000000000ull,
	  0xffffea0000000000ull, 2 * GiB },
	/* in a VM, the largest block up to 2 GiB that divides the end of boot memory */
	{ "boot=0x100000-0x80000000;4G-65G,hypervisor=1", 4, 46, 46, 0x7, 0xffff888000000000ull,
	  0xffffea0000000000ull, GiB },
	{ "boot=4G-0x1008000000,hypervisor=1", 4, 46, 46, 0x7, 0xffff888000000000ull,
	  0xffffea0000000000ull, 128 * MiB },
	{ "boot=4G-0x1010000000,hypervisor=y", 4, 46, 46, 0x7, 0xffff888000000000ull,
	  0xffffea0000000000ull, 256 * MiB },
	/* the size grammar (lib/size.c): 1GB, 1GiB and 1g are 2^30, 010 is ten */
	{ "block_size=1GB,phys_bits=040", 4, 46, 40, 0x7, 0xffff888000000000ull,
	  0xffffea0000000000ull, GiB },
	{ "block_size=256MiB,boot=0x100000-1gib", 4, 46, 46, 0x7, 0xffff888000000000ull,
	  0xffffea0000000000ull, 256 * MiB },
	/* below 64 GiB it is 128 MiB either way */
	{ "boot=0-0xfff000000", 4, 46, 46, 0x7, 0xffff888000000000ull, 0xffffea0000000000ull,
	  128 * MiB },
};

START_TEST(test_good_options)
{
	struct devmemhp_machine *m = tu_machine("x86_64", good[_i].options);
	struct devmemhp_geometry g = { .size = sizeof(g) };

	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	ck_assert_uint_eq(g.size, sizeof(g));
	ck_assert_uint_eq(g.levels, good[_i].levels);
	ck_assert_uint_eq(g.max_physmem_bits, good[_i].max_physmem_bits);
	ck_assert_uint_eq(g.phys_bits, good[_i].phys_bits);
	ck_assert_uint_eq(g.leaf_levels, good[_i].leaf_levels);
	ck_assert_uint_eq(g.linear_base, good[_i].linear_base);
	ck_assert_uint_eq(g.vmemmap_base, good[_i].vmemmap_base);
	ck_assert_uint_eq(g.block_size, good[_i].block_size);
	ck_assert_uint_eq(g.page_shift, 12);
	ck_assert_uint_eq(g.section_shift, 27);
	ck_assert_uint_eq(g.subsection_shift, 21);
	ck_assert_uint_eq(g.struct_page_size, 64);
	ck_assert_str_eq(devmemhp_machine_arch(m), "x86_64");
	ck_assert_ptr_null(devmemhp_machine_unref(m));
}
END_TEST

/* Options that must be refused, and what the message must name. */
static const struct {
	const char *options;
	const char *named;
} bad[] = {
	{ "frobnicate=1", "frobnicate" },
	{ "levels=3", "levels=3" },
	{ "levels=6", "levels=6" },
	{ "levels=four", "levels=four" },
	{ "gbpages=maybe", "gbpages=maybe" },
	{ "phys_bits=65", "phys_bits=65" },
	{ "phys_bits=-1", "phys_bits=-1" },
	{ "phys_bits=12", "phys_bits" },
	{ "block_size=3M", "block_size=3M" },
	{ "block_size=64M", "block_size" },
	{ "block_size=0", "block_size=0" },
	{ "block_size=1Q", "block_size=1Q" },
	{ "block_size=99999999999999999999", "block_size=" },
	{ "nodes=0", "nodes=0" },
	{ "nodes=1025", "nodes=1025" },
	{ "online=always", "online=always" },
	{ "online_policy=random", "online_policy=random" },
	{ "auto_movable_ratio=x", "auto_movable_ratio=x" },
	{ "movable_node=2", "movable_node=2" },
	{ "memmap_on_memory=", "memmap_on_memory=" },
	{ "hypervisor=kvm", "hypervisor=kvm" },
	{ "zone_device=maybe", "zone_device=maybe" },
	{ "boot=", "boot" },
	{ "boot=1G", "boot=1G" },
	{ "boot=2G-1G", "boot=2G-1G" },
	{ "boot=0-1G;0x30000000-2G", "overlaps" },
	{ "boot=0-1G@1", "node 1" },
	{ "boot=0-1G@x", "boot=0-1G@x" },
	{ "boot=0x100-0x200", "no whole page" },
	{ "boot=0-1G:reserved", "boot=0-1G:reserved" },
	{ "boot=0-1G:nomap@0;1G-2G", "boot=0-1G:nomap@0;1G-2G" },
	{ "boot=0-1G:nomap;1G-2G:nomap", "not all nomap" },
	{ "phys_bits=36,boot=0-128G", "phys_bits=36" },
	/* boot RAM beyond MAX_PHYSMEM_BITS (46 with 4 levels), though the CPU has 52 bits */
	{ "phys_bits=52,boot=0-1G;70T-71T", "max_physmem_bits" },
	{ "levels", "levels" },
	{ "=4", "=4" },
	/* cpu_nodes=LIST: nodes below nodes=, ranges a-b, ";" between them */
	{ "nodes=2,cpu_nodes=2", "cpu_nodes: node 2, but nodes=2" },
	{ "cpu_nodes=1-0", "cpu_nodes=1-0" },
	{ "cpu_nodes=0;", "cpu_nodes=0;" },
	{ "cpu_nodes=x", "cpu_nodes=x" },
	{ "cpu_nodes=0-", "cpu_nodes=0-" },
	{ "cpu_nodes=1024", "cpu_nodes=1024" },
};

/* One grammar for every size and number (lib/size.c), as memparse() reads
 * sizes but never octal. */
static const struct {
	const char *s;
	int rc;          /* of dmh_parse_size() */
	uint64_t size;
	int number_rc;   /* of dmh_parse_number(): no suffix */
} sizes[] = {
	{ "0", 0, 0, 0 },
	{ "010", 0, 10, 0 },
	{ "0x10", 0, 16, 0 },
	{ "0X1f", 0, 31, 0 },
	{ "0x1E", 0, 30, 0 },           /* hex digits first, as in memparse() */
	{ "0x1GB", 0, GiB, -EINVAL },
	{ "4k", 0, 4096, -EINVAL },
	{ "4K", 0, 4096, -EINVAL },
	{ "128MiB", 0, 128 * MiB, -EINVAL },
	{ "128mib", 0, 128 * MiB, -EINVAL },
	{ "1G", 0, GiB, -EINVAL },
	{ "1GiB", 0, GiB, -EINVAL },
	{ "1GB", 0, GiB, -EINVAL },
	{ "1gb", 0, GiB, -EINVAL },
	{ "2T", 0, 2ull << 40, -EINVAL },
	{ "1P", 0, 1ull << 50, -EINVAL },
	{ "15E", 0, 15ull << 60, -EINVAL },
	{ "16E", -ERANGE, 0, -EINVAL },
	{ "18446744073709551615", 0, UINT64_MAX, 0 },
	{ "18446744073709551616", -ERANGE, 0, -ERANGE },
	{ "0xffffffffffffffff", 0, UINT64_MAX, 0 },
	{ "0x10000000000000000", -ERANGE, 0, -ERANGE },
	{ "18446744073709551616x", -EINVAL, 0, -EINVAL }, /* garbage first */
	{ "", -EINVAL, 0, -EINVAL },
	{ "0x", -EINVAL, 0, -EINVAL },
	{ "G", -EINVAL, 0, -EINVAL },
	{ "-1", -EINVAL, 0, -EINVAL },
	{ "+1", -EINVAL, 0, -EINVAL },
	{ " 1", -EINVAL, 0, -EINVAL },
	{ "1 ", -EINVAL, 0, -EINVAL },
	{ "1 G", -EINVAL, 0, -EINVAL },
	{ "1B", -EINVAL, 0, -EINVAL },
	{ "1iB", -EINVAL, 0, -EINVAL },
	{ "1GiBB", -EINVAL, 0, -EINVAL },
	{ "1Q", -EINVAL, 0, -EINVAL },
	{ "1.5G", -EINVAL, 0, -EINVAL },
	{ "09", 0, 9, 0 },
};

START_TEST(test_size_grammar)
{
	uint64_t v = 12345;

	ck_assert_int_eq(dmh_parse_size(sizes[_i].s, &v), sizes[_i].rc);
	ck_assert_uint_eq(v, sizes[_i].rc ? 12345 : sizes[_i].size);
	v = 12345;
	ck_assert_int_eq(dmh_parse_number(sizes[_i].s, &v), sizes[_i].number_rc);
	ck_assert_uint_eq(v, sizes[_i].number_rc ? 12345 : sizes[_i].size);
}
END_TEST

/* What people read: exact when short, else one decimal and the count. */
static const struct {
	uint64_t bytes;
	const char *text;
} formats[] = {
	{ 0, "0 bytes" },
	{ 1, "1 byte" },
	{ 1023, "1023 bytes" },
	{ 1536, "1536 bytes" },
	{ 4096, "4 KiB" },
	{ 2084569088, "1988 MiB" },
	{ 2ull << 40, "2 TiB" },
	{ 1073348608, "1023.6 MiB (1073348608 bytes)" },
	{ 1073741432ull << 10, "1024.0 GiB (1099511226368 bytes)" },
	{ 10000ull << 20, "9.8 GiB (10485760000 bytes)" },
	{ 9999ull << 20, "9999 MiB" },
	{ 12345, "12.1 KiB (12345 bytes)" },
	{ UINT64_MAX, "16.0 EiB (18446744073709551615 bytes)" },
	{ 8ull << 60, "8 EiB" },
};

START_TEST(test_size_format)
{
	char buf[DMH_SIZE_BUF], small[8];

	dmh_format_size(formats[_i].bytes, buf, sizeof(buf));
	ck_assert_str_eq(buf, formats[_i].text);
	dmh_format_size(formats[_i].bytes, small, sizeof(small)); /* truncated, terminated */
	ck_assert_uint_lt(strlen(small), sizeof(small));
}
END_TEST

START_TEST(test_bad_options)
{
	struct devmemhp_machine *m = (void *)0x1;

	ck_assert_int_eq(devmemhp_machine_new("x86_64", bad[_i].options, &m), -EINVAL);
	ck_assert_ptr_null(m);
	ck_assert_msg(strstr(devmemhp_last_error(NULL), bad[_i].named),
		      "\"%s\": message \"%s\" does not name \"%s\"", bad[_i].options,
		      devmemhp_last_error(NULL), bad[_i].named);
}
END_TEST

/* Messages at one priority, all of them. */
struct infos {
	char text[2048];
	int count;
};

static __attribute__((format(printf, 6, 0))) void info_logger(void *data, int priority,
							      const char *file, int line,
							      const char *fn, const char *format,
							      va_list args)
{
	struct infos *l = data;
	size_t n = strlen(l->text);

	(void)file;
	(void)line;
	(void)fn;
	if (priority != LOG_INFO)
		return;
	l->count++;
	vsnprintf(l->text + n, sizeof(l->text) - n, format, args);
	n = strlen(l->text);
	snprintf(l->text + n, sizeof(l->text) - n, "\n");
}

/* A real online says at LOG_INFO which zone each run of blocks got and why
 * (the rule of v6.1 zone_for_pfn_range()); a plan says it in the plan only. */
START_TEST(test_zone_reason_logged)
{
	struct devmemhp_machine *m = tu_machine("x86_64", "kernel=6.1,online=online");
	struct devmemhp_add_params p = { .size = sizeof(p), .start = 4 * GiB, .length = GiB };
	struct devmemhp_plan plan = { .size = sizeof(plan) };
	struct infos l = { .text = "" };

	devmemhp_set_log_fn(m, info_logger, &l);
	devmemhp_set_log_priority(m, LOG_INFO);
	OP(m, devmemhp_plan_add(m, &p, &plan), 0);
	ck_assert_int_eq(l.count, 0);
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	ck_assert_str_eq(l.text, "memory32 (and the blocks after it to the same zone) online to "
			 "Normal: contig-zones: no zone of node 0 spans the range: Normal\n");
	OP(m, devmemhp_offline_memory(m, 4 * GiB, GiB), 0);
	l.text[0] = '\0';
	OP(m, devmemhp_online_memory(m, 4 * GiB + 128 * MiB, 128 * MiB, DEVMEMHP_ZONE_MOVABLE), 0);
	OP(m, devmemhp_online_memory(m, 4 * GiB + 384 * MiB, 128 * MiB, DEVMEMHP_ZONE_MOVABLE), 0);
	OP(m, devmemhp_online_memory(m, 4 * GiB + 256 * MiB, 128 * MiB, DEVMEMHP_ZONE_AUTO), 0);
	ck_assert_str_eq(l.text, "memory33 (and the blocks after it to the same zone) online to "
			 "Movable: online_movable: Movable\n"
			 "memory35 (and the blocks after it to the same zone) online to "
			 "Movable: online_movable: Movable\n"
			 "memory34 (and the blocks after it to the same zone) online to Movable: "
			 "contig-zones: node 0's Movable spans [0x108000000-0x11fffffff], which holds "
			 "the range, and Normal does not\n");
	devmemhp_machine_unref(m);
}
END_TEST

START_TEST(test_new_errors)
{
	struct devmemhp_machine *m = (void *)0x1;

	ck_assert_int_eq(devmemhp_machine_new("vax", NULL, &m), -ENOENT);
	ck_assert_ptr_null(m);
	ck_assert_ptr_nonnull(strstr(devmemhp_last_error(NULL), "vax"));
	ck_assert_int_eq(devmemhp_machine_new("x86_64", "kernel=6.1", NULL), -EINVAL);
	/* NULL arch is the default backend */
	ck_assert_int_eq(devmemhp_machine_new(NULL, NULL, &m), 0);
	ck_assert_str_eq(devmemhp_machine_arch(m), "x86_64");
	ck_assert_ptr_null(devmemhp_machine_unref(m));
	ck_assert_ptr_null(devmemhp_machine_arch(NULL));
	ck_assert_ptr_null(devmemhp_machine_unref(NULL));
	ck_assert_ptr_null(devmemhp_machine_ref(NULL));
}
END_TEST

START_TEST(test_refcount)
{
	struct devmemhp_machine *m = tu_machine(NULL, NULL);

	ck_assert_ptr_eq(devmemhp_machine_ref(m), m);
	ck_assert_ptr_eq(devmemhp_machine_ref(m), m);
	ck_assert_ptr_eq(devmemhp_machine_unref(m), m);
	ck_assert_ptr_eq(devmemhp_machine_unref(m), m);
	tu_check(m);
	ck_assert_ptr_null(devmemhp_machine_unref(m));
}
END_TEST

struct logged {
	int count, last_priority;
	char last[512];
};

static __attribute__((format(printf, 6, 0))) void logger(void *data, int priority, const char *file, int line, const char *fn,
		   const char *format, va_list args)
{
	struct logged *l = data;

	ck_assert_ptr_nonnull(file);
	ck_assert_int_gt(line, 0);
	ck_assert_ptr_nonnull(fn);
	l->count++;
	l->last_priority = priority;
	vsnprintf(l->last, sizeof(l->last), format, args);
}

START_TEST(test_logging)
{
	struct devmemhp_machine *m = tu_machine(NULL, NULL), *other = tu_machine(NULL, NULL);
	struct logged l = { 0 };

	devmemhp_set_log_fn(m, logger, &l);
	ck_assert_int_eq(devmemhp_get_log_priority(m), LOG_ERR);
	OP(m, devmemhp_add_memory(m, 0, 1, 0, 0), -EINVAL);
	ck_assert_int_eq(l.count, 1);
	ck_assert_int_eq(l.last_priority, LOG_ERR);
	ck_assert_str_eq(l.last, devmemhp_last_error(m));
	ck_assert_ptr_nonnull(strstr(l.last, "size is 0"));
	/* debug messages only at LOG_DEBUG */
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, 128 * MiB, 0), 0);
	ck_assert_int_eq(l.count, 1);
	devmemhp_set_log_priority(m, LOG_DEBUG);
	ck_assert_int_eq(devmemhp_get_log_priority(m), LOG_DEBUG);
	OP(m, devmemhp_add_memory(m, 0, 5 * GiB, 128 * MiB, 0), 0);
	/* x86's init_memory_mapping() pr_debug() pair, the zone onlining
	 * picked and why (LOG_INFO), then the add */
	ck_assert_int_eq(l.count, 5);
	ck_assert_int_eq(l.last_priority, LOG_DEBUG);
	ck_assert_ptr_nonnull(strstr(l.last, "added System RAM [0x140000000-0x147ffffff]"));
	/* a plan adds nothing, and says nothing that a kernel would */
	{
		struct devmemhp_add_params p = { .size = sizeof(p), .start = 6 * GiB,
						 .length = 128 * MiB };
		struct devmemhp_plan plan = { .size = sizeof(plan) };

		OP(m, devmemhp_plan_add(m, &p, &plan), 0);
		ck_assert_int_eq(l.count, 5);
		devmemhp_set_log_priority(m, LOG_ERR);
		OP(m, devmemhp_offline_memory(m, 5 * GiB, 128 * MiB), 0);
		devmemhp_set_log_priority(m, LOG_DEBUG);
		OP(m, devmemhp_plan_remove(m, 5 * GiB, 128 * MiB, 0, &plan), 0);
		ck_assert_msg(l.count == 5, "%s", l.last);
		ck_assert_int_eq(plan.nr_blocks, 1);
	}
	/* silence */
	devmemhp_set_log_priority(m, LOG_CRIT);
	OP(m, devmemhp_add_memory(m, 0, 5 * GiB, 128 * MiB, 0), -EEXIST);
	ck_assert_int_eq(l.count, 5);
	devmemhp_set_log_priority(m, 99);
	ck_assert_int_eq(devmemhp_get_log_priority(m), LOG_DEBUG);
	devmemhp_set_log_fn(m, NULL, NULL);
	OP(m, devmemhp_add_memory(m, 0, 5 * GiB, 128 * MiB, 0), -EEXIST);
	ck_assert_int_eq(l.count, 5);
	ck_assert_int_eq(devmemhp_get_log_priority(NULL), -EINVAL);
	/* the reason is per machine: the other machine did not fail */
	ck_assert_str_eq(devmemhp_last_error(other), "");
	ck_assert_ptr_nonnull(strstr(devmemhp_last_error(m), "0x140000000"));
	devmemhp_machine_unref(other);
	devmemhp_machine_unref(m);
}
END_TEST

START_TEST(test_log_environment)
{
	struct devmemhp_machine *m;

	setenv("DEVMEMHP_LOG", "debug", 1);
	m = tu_machine(NULL, NULL);
	ck_assert_int_eq(devmemhp_get_log_priority(m), LOG_DEBUG);
	devmemhp_machine_unref(m);
	setenv("DEVMEMHP_LOG", "6", 1);
	m = tu_machine(NULL, NULL);
	ck_assert_int_eq(devmemhp_get_log_priority(m), LOG_INFO);
	devmemhp_machine_unref(m);
	setenv("DEVMEMHP_LOG", "loud", 1); /* ignored */
	m = tu_machine(NULL, NULL);
	ck_assert_int_eq(devmemhp_get_log_priority(m), LOG_ERR);
	devmemhp_machine_unref(m);
	unsetenv("DEVMEMHP_LOG");
}
END_TEST

/* The reason belongs to a machine, not to an address a new machine may reuse. */
START_TEST(test_last_error_identity)
{
	for (int i = 0; i < 8; i++) {
		struct devmemhp_machine *m = tu_machine(NULL, NULL);

		ck_assert_str_eq(devmemhp_last_error(m), "");
		OP(m, devmemhp_add_memory(m, 0, 0, 0, 0), -EINVAL);
		ck_assert_str_ne(devmemhp_last_error(m), "");
		devmemhp_machine_unref(m);
	}
}
END_TEST

START_TEST(test_geometry_errors)
{
	struct devmemhp_machine *m = tu_machine(NULL, NULL);
	struct devmemhp_geometry g = { .size = 0 };
	struct {
		size_t size;
		unsigned int page_shift;
		unsigned int levels;
	} old = { .size = sizeof(old), .levels = 99 };

	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), -EINVAL);
	ck_assert_int_eq(devmemhp_machine_get_geometry(m, NULL), -EINVAL);
	ck_assert_int_eq(devmemhp_machine_get_geometry(NULL, &g), -EINVAL);
	/* an older, shorter struct gets only what it has room for */
	ck_assert_int_eq(devmemhp_machine_get_geometry(m, (struct devmemhp_geometry *)&old), 0);
	ck_assert_uint_eq(old.size, sizeof(old));
	ck_assert_uint_eq(old.page_shift, 12);
	ck_assert_uint_eq(old.levels, 4);
	devmemhp_machine_unref(m);
}
END_TEST

/* Options are ','-separated key=value items: no other separator, no empty
 * boot range. */
START_TEST(test_options_refuse_control_characters_and_empty_ranges)
{
	static const struct {
		const char *options, *msg;
	} cases[] = {
		{ "nodes=2\ngbpages=0", "machine_new: the options hold a control character "
					 "(0x0a at byte 7): only ',' separates options" },
		{ "nodes=2,\tgbpages=0", "machine_new: the options hold a control character "
					  "(0x09 at byte 8): only ',' separates options" },
		{ "boot=0-1G;;1G-2G", "machine_new: boot=0-1G;;1G-2G: bad value" },
		{ "boot=0-1G;", "machine_new: boot=0-1G;: bad value" },
		{ "boot=;0-1G", "machine_new: boot=;0-1G: bad value" },
	};
	struct devmemhp_machine *m = NULL;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(devmemhp_machine_new("x86_64", cases[i].options, &m), -EINVAL);
		ck_assert_ptr_null(m);
		ck_assert_str_eq(devmemhp_last_error(NULL), cases[i].msg);
	}
	ck_assert_int_eq(devmemhp_machine_new("x86_64", "boot=0-1G;1G-2G, nodes=1", &m), 0);
	devmemhp_machine_unref(m);
}
END_TEST

/*
 * One option grammar: each item refused as machine_new()'s option string on
 * x86_64, as machine_set_option(key, value) split at the first '=', and as
 * the default_options of a registered backend ("plain", of tu_toy_geometry:
 * 48 physical bits, 512 MiB sections, no hooks), with the same errno and, but
 * for the prefix naming the call, the same message.
 */
#define SET_SKIP 1 /* no '=': no key and value to give machine_set_option() */
static const struct {
	const char *item;
	int new_rc, set_rc, reg_rc;
	const char *named;     /* every refusal names it */
	const char *reg_named; /* arch_register's names this instead */
	bool same;             /* arch_register's message is machine_new's */
} one_grammar[] = {
	/* block sizes: above the bound (x86_64: set_memory_block_size_order()'s
	 * 64 GiB; plain: 2^48), no power of two, below a section */
	{ "block_size=8E", -EINVAL, -EPERM, -EINVAL, "block_size", NULL, false },
	{ "block_size=128G", -EINVAL, -EPERM, 0, "block_size", NULL, false },
	{ "block_size=512T", -EINVAL, -EPERM, -EINVAL, "block_size", NULL, false },
	{ "block_size=3M", -EINVAL, -EPERM, -EINVAL, "block_size=3M", NULL, true },
	{ "block_size=64K", -EINVAL, -EPERM, -EINVAL, "block_size", NULL, false },
	{ "block_size=256M", 0, -EPERM, -EINVAL, "block_size", NULL, false },
	/* x86_64 takes 4 or 5; plain has level_bits for 3 */
	{ "levels=6", -EINVAL, -EPERM, -EINVAL, "levels=6", "geometry.level_bits[3]", false },
	{ "levels=7", -EINVAL, -EPERM, -EINVAL, "levels=7", NULL, true },
	{ "bogus=1", -EINVAL, -EINVAL, -EINVAL, "bogus", NULL, false },
	{ "nodes=99999999999999999999", -EINVAL, -EPERM, -EINVAL, "nodes=99999999999999999999",
	  NULL, true },
	{ "nodes=0", -EINVAL, -EPERM, -EINVAL, "nodes=0", NULL, true },
	{ "kernel=5.0", -EINVAL, -EPERM, -EINVAL, "kernel=5.0", NULL, false },
	{ "=1", -EINVAL, -EINVAL, -EINVAL, "=1", NULL, true },
	{ "a=1\nb=2", -EINVAL, -EINVAL, -EINVAL, "0x0a at byte 3", NULL, true },
	{ "online=\toffline", -EINVAL, -EINVAL, -EINVAL, "0x09 at byte 7", NULL, true },
	{ "online=always", -EINVAL, -EINVAL, -EINVAL, "online=always", NULL, true },
	{ "auto_movable_ratio=4294967296", -EINVAL, -EINVAL, -EINVAL,
	  "auto_movable_ratio=4294967296", NULL, true },
	/* machine_set_option() takes one item */
	{ "online=online,nodes=2", 0, -EINVAL, 0, "',' separates options", NULL, false },
	{ "levels", -EINVAL, SET_SKIP, -EINVAL, "levels", NULL, true },
};

/* The message of the last NULL-machine failure, after its prefix. */
static const char *after_prefix(const char *msg, const char *prefix)
{
	ck_assert_msg(!strncmp(msg, prefix, strlen(prefix)), "\"%s\" does not start with \"%s\"",
		      msg, prefix);
	return msg + strlen(prefix);
}

START_TEST(test_one_option_grammar)
{
	const char *item = one_grammar[_i].item, *eq = strchr(item, '=');
	struct devmemhp_arch plain = {
		.version = DEVMEMHP_ARCH_VERSION, .name = "plain", .geometry = &tu_toy_geometry,
		.caps = DEVMEMHP_ARCH_CAP_LINEAR_MAP | DEVMEMHP_ARCH_CAP_REMOVE,
		.default_options = item,
	};
	struct devmemhp_machine *m = (void *)0x1, *x86 = tu_machine("x86_64", NULL);
	struct devmemhp_geometry g0 = { .size = sizeof(g0) }, g1 = { .size = sizeof(g1) };
	char new_msg[512] = "", *dump, *blocks, *blocks_after;
	int rc;

	/* machine_new: no machine */
	rc = devmemhp_machine_new("x86_64", item, &m);
	ck_assert_msg(rc == one_grammar[_i].new_rc, "machine_new(%s): %d %s", item, rc,
		      devmemhp_last_error(NULL));
	if (rc) {
		ck_assert_ptr_null(m);
		snprintf(new_msg, sizeof(new_msg), "%s",
			 after_prefix(devmemhp_last_error(NULL), "machine_new: "));
		ck_assert_msg(strstr(new_msg, one_grammar[_i].named), "machine_new(%s): \"%s\"",
			      item, new_msg);
	}
	devmemhp_machine_unref(m);

	/* machine_set_option: the machine as it was, its log names the item */
	if (one_grammar[_i].set_rc != SET_SKIP) {
		char key[64];

		snprintf(key, sizeof(key), "%.*s", (int)(eq - item), item);
		ck_assert_int_eq(devmemhp_machine_get_geometry(x86, &g0), 0);
		dump = tu_dump(x86);
		blocks = tu_view(x86, DEVMEMHP_VIEW_MEMORY_BLOCKS);
		tu_log[0] = '\0';
		rc = devmemhp_machine_set_option(x86, key, eq + 1);
		ck_assert_msg(rc == one_grammar[_i].set_rc, "set_option(%s): %d %s", item, rc,
			      devmemhp_last_error(x86));
		ck_assert_str_eq(tu_log, devmemhp_last_error(x86));
		if (rc == -EPERM)
			ck_assert_msg(strstr(tu_log, key), "set_option(%s): \"%s\"", item, tu_log);
		if (rc == -EINVAL) {
			const char *set_msg = after_prefix(tu_log, "machine_set_option: ");

			ck_assert_msg(strstr(set_msg, one_grammar[_i].named), "set_option(%s): \"%s\"",
				      item, set_msg);
			if (one_grammar[_i].new_rc == -EINVAL)
				ck_assert_str_eq(set_msg, new_msg);
		}
		tu_expect_dump(x86, dump);
		ck_assert_int_eq(devmemhp_machine_get_geometry(x86, &g1), 0);
		ck_assert_mem_eq(&g0, &g1, sizeof(g0));
		blocks_after = tu_view(x86, DEVMEMHP_VIEW_MEMORY_BLOCKS);
		ck_assert_str_eq(blocks_after, blocks);
		free(blocks);
		free(blocks_after);
	}
	devmemhp_machine_unref(x86);

	/* arch_register: refused, and not registered */
	rc = devmemhp_arch_register(&plain);
	ck_assert_msg(rc == one_grammar[_i].reg_rc, "arch_register(%s): %d %s", item, rc,
		      devmemhp_last_error(NULL));
	if (rc) {
		const char *reg_msg = after_prefix(devmemhp_last_error(NULL),
						   "arch_register: plain: default_options: ");

		ck_assert_msg(strstr(reg_msg, one_grammar[_i].reg_named ? one_grammar[_i].reg_named
									: one_grammar[_i].named),
			      "arch_register(%s): \"%s\"", item, reg_msg);
		if (one_grammar[_i].same)
			ck_assert_str_eq(reg_msg, new_msg);
		m = (void *)0x1;
		ck_assert_int_eq(devmemhp_machine_new("plain", "boot=0-2G", &m), -ENOENT);
		ck_assert_ptr_null(m);
		ck_assert_int_eq(devmemhp_arch_unregister("plain"), -ENOENT);
	} else {
		ck_assert_int_eq(devmemhp_arch_unregister("plain"), 0);
	}
}
END_TEST

/* The bound of a block: per backend, from its kernel or its address space. */
START_TEST(test_block_size_bounds)
{
	static const struct {
		const char *arch, *options, *msg;
	} cases[] = {
		{ "x86_64", "block_size=128G", "0x2000000000 is more than 0x1000000000, the most "
					       "x86_64's set_memory_block_size_order() takes" },
		{ "x86_64", "block_size=8E,levels=5,phys_bits=52", "set_memory_block_size_order()" },
		{ "arm64", "block_size=8E", "0x8000000000000000 is more than 0x1000000000000, the "
					    "physical address space (2^48)" },
		{ "x86_32", "block_size=128G", "the physical address space (2^36)" },
		{ "powerpc", "block_size=1M", "0x100000 is below the section size 0x1000000" },
		{ "x86_64", "block_size=0x6000000", "block_size=0x6000000: bad value" },
	};
	struct devmemhp_machine *m;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = (void *)0x1;
		ck_assert_int_eq(devmemhp_machine_new(cases[i].arch, cases[i].options, &m), -EINVAL);
		ck_assert_ptr_null(m);
		ck_assert_msg(strstr(devmemhp_last_error(NULL), cases[i].msg), "%s %s: \"%s\"",
			      cases[i].arch, cases[i].options, devmemhp_last_error(NULL));
		ck_assert_msg(strstr(devmemhp_last_error(NULL), "machine_new: block_size"), "%s",
			      devmemhp_last_error(NULL));
	}
	/* the largest each takes */
	m = tu_machine("x86_64", "block_size=64G");
	ck_assert_uint_eq(tu_stats(m).block_size, 64 * GiB);
	devmemhp_machine_unref(m);
	m = tu_machine("arm64", "block_size=256T");
	ck_assert_uint_eq(tu_stats(m).block_size, 256ull << 40);
	devmemhp_machine_unref(m);
}
END_TEST

/* The default boot layout is QEMU's pc machine with 1 GiB, as the oracle boots it. */
/* kernel=: the versions each backend models, its default, and how it was chosen. */
static const struct {
	const char *arch, *options;
	int rc;
	const char *name;      /* the kernel modelled, or the message of the refusal */
	unsigned int version;
	const char *why;
} kernels[] = {
	{ "x86_64", NULL, 0, "6.12", DEVMEMHP_KERNEL_VERSION(6, 12, 0), "the x86_64 backend's default" },
	{ "x86_64", "kernel=6.1", 0, "6.1", DEVMEMHP_KERNEL_VERSION(6, 1, 0), "kernel=6.1" },
	{ "x86_64", "kernel=7.2", 0, "7.2", DEVMEMHP_KERNEL_VERSION(7, 2, 0), "kernel=7.2" },
	{ "x86_64", "kernel=6.1,kernel=6.12", 0, "6.12", DEVMEMHP_KERNEL_VERSION(6, 12, 0), "kernel=6.12" },
	{ "x86_64", "kernel=4.9", -EINVAL, "kernel=4.9: x86_64 models Linux 6.12, 6.1, 7.2", 0, NULL },
	{ "x86_64", "kernel=6.12.117", -EINVAL, "x86_64 models Linux 6.12, 6.1, 7.2", 0, NULL },
	{ "x86_64", "kernel=6", -EINVAL, "x86_64 models Linux", 0, NULL },
	{ "x86_64", "kernel=", -EINVAL, "x86_64 models Linux", 0, NULL },
	{ "x86_64", "kernel=six", -EINVAL, "x86_64 models Linux", 0, NULL },
	{ "arm64", NULL, 0, "6.1", DEVMEMHP_KERNEL_VERSION(6, 1, 0), "the arm64 backend's default" },
	{ "arm64", "kernel=6.12", -EINVAL, "arm64 models Linux 6.1", 0, NULL },
	{ "riscv64", NULL, 0, "6.11", DEVMEMHP_KERNEL_VERSION(6, 11, 0), "the riscv64 backend's default" },
	{ "x86_32", NULL, 0, "4.9", DEVMEMHP_KERNEL_VERSION(4, 9, 0), "the x86_32 backend's default" },
	{ "s390", "kernel=6.1", -EINVAL, "s390 models Linux 4.9", 0, NULL },
	{ "tile", "kernel=4.9", 0, "4.9", DEVMEMHP_KERNEL_VERSION(4, 9, 0), "kernel=4.9" },
};

START_TEST(test_kernel_option)
{
	struct devmemhp_kernel k = { .size = sizeof(k) };
	struct devmemhp_machine *m = NULL;
	int rc = devmemhp_machine_new(kernels[_i].arch, kernels[_i].options, &m);

	ck_assert_msg(rc == kernels[_i].rc, "%s %s: %d %s", kernels[_i].arch, kernels[_i].options,
		      rc, devmemhp_last_error(NULL));
	if (rc) {
		ck_assert_ptr_null(m);
		ck_assert_ptr_nonnull(strstr(devmemhp_last_error(NULL), kernels[_i].name));
		return;
	}
	ck_assert_int_eq(devmemhp_machine_get_kernel(m, &k), 0);
	ck_assert_uint_eq(k.size, sizeof(k));
	ck_assert_uint_eq(k.version, kernels[_i].version);
	ck_assert_str_eq(k.name, kernels[_i].name);
	ck_assert_str_eq(k.why, kernels[_i].why);
	devmemhp_machine_unref(m);
}
END_TEST

/* The struct is size-first: an older, shorter one gets what it has room for. */
START_TEST(test_get_kernel_errors)
{
	struct devmemhp_machine *m = tu_machine(NULL, "kernel=7.2");
	struct devmemhp_kernel k = { .size = offsetof(struct devmemhp_kernel, name) };

	memset(k.name, 'x', sizeof(k.name));
	ck_assert_int_eq(devmemhp_machine_get_kernel(m, &k), 0);
	ck_assert_uint_eq(k.version, DEVMEMHP_KERNEL_VERSION(7, 2, 0));
	ck_assert_int_eq(k.name[0], 'x');
	OP_ERR(NULL, devmemhp_machine_get_kernel(NULL, &k), -EINVAL, "no machine");
	OP_ERR(m, devmemhp_machine_get_kernel(m, NULL), -EINVAL, "kernel is NULL");
	k.size = 0;
	OP_ERR(m, devmemhp_machine_get_kernel(m, &k), -EINVAL, "kernel->size is unset");
	/* the kernel is fixed at boot */
	OP_ERR(m, devmemhp_machine_set_option(m, "kernel", "6.1"), -EPERM, "cannot change after boot");
	devmemhp_machine_unref(m);
}
END_TEST

/* What follows the kernel: auto_online_blocks as Debian configures each one,
 * crash_hotplug from 6.6 on, and memmap_on_memory=force, which 6.1's bool
 * parameter does not take (parse_args() refuses it and it stays off). */
START_TEST(test_kernel_defaults)
{
	struct devmemhp_machine *k612 = tu_machine(NULL, "kernel=6.12,memmap_on_memory=force");
	struct devmemhp_machine *k61 = tu_machine(NULL, "kernel=6.1,memmap_on_memory=force");
	struct devmemhp_add_params p = { .size = sizeof(p), .start = 4 * GiB, .length = 128 * MiB };
	struct devmemhp_plan plan = { .size = sizeof(plan) };
	char *v;

	v = tu_view(k612, DEVMEMHP_VIEW_MEMORY_BLOCKS);
	ck_assert_ptr_nonnull(strstr(v, "auto_online_blocks=online\n"));
	free(v);
	v = tu_view(k61, DEVMEMHP_VIEW_MEMORY_BLOCKS);
	ck_assert_ptr_nonnull(strstr(v, "auto_online_blocks=offline\n"));
	free(v);
	OP(k612, devmemhp_plan_add(k612, &p, &plan), 0);
	ck_assert_int_eq(plan.memmap_on_memory, 1);
	ck_assert_int_eq(plan.memmap_altmap_bytes, 2 * MiB);
	memset(&plan, 0, sizeof(plan));
	plan.size = sizeof(plan);
	OP(k61, devmemhp_plan_add(k61, &p, &plan), 0);
	ck_assert_int_eq(plan.memmap_on_memory, 0);
	ck_assert_str_eq(plan.memmap_on_memory_why, "memory_hotplug.memmap_on_memory=force is no "
			 "value of Linux 6.1's bool parameter: it stays off");
	devmemhp_machine_unref(k612);
	devmemhp_machine_unref(k61);
}
END_TEST

START_TEST(test_default_boot)
{
	struct devmemhp_machine *m = tu_machine(NULL, NULL);
	struct devmemhp_stats s = tu_stats(m);
	struct devmemhp_zone_info dma = tu_zone(m, 0, DEVMEMHP_ZONE_DMA);
	struct devmemhp_zone_info dma32 = tu_zone(m, 0, DEVMEMHP_ZONE_DMA32);
	struct devmemhp_zone_info normal = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	struct devmemhp_memory_block b0 = tu_block(m, 0), b7 = tu_block(m, 7);
	struct devmemhp_memory_block none = { .size = sizeof(none) };

	/* oracle/results/baseline: zones DMA start_pfn=1 spanned=4095 present=3998,
	 * DMA32 start_pfn=4096 spanned=present=258016; blocks memory0..7 */
	ck_assert_uint_eq(dma.start_pfn, 1);
	ck_assert_uint_eq(dma.spanned, 4095);
	ck_assert_uint_eq(dma.present, 3998);
	ck_assert_uint_eq(dma32.start_pfn, 4096);
	ck_assert_uint_eq(dma32.spanned, 258016);
	ck_assert_uint_eq(dma32.present, 258016);
	ck_assert_uint_eq(normal.spanned, 0);
	ck_assert_uint_eq(s.memory_blocks, 8);
	ck_assert_uint_eq(s.memory_blocks_online, 8);
	ck_assert_uint_eq(s.block_size, 128 * MiB);
	ck_assert_uint_eq(s.max_pfn, 0x3ffe0);
	ck_assert_uint_eq(s.high_memory, 0xffff888000000000ull + 0x3ffe0000);
	/* the direct map holds 1048448 kB, the sum /proc/meminfo shows */
	ck_assert_uint_eq((s.direct_map_bytes[0] + s.direct_map_bytes[1] + s.direct_map_bytes[2]) >> 10,
			  1048448);
	/* init_mem_mapping(): 4k for the ISA range and [1M,2M), and for the tail
	 * [0x3fe00000, 0x3ffe0000) that is not a whole 2M of RAM */
	ck_assert_uint_eq(s.direct_map_bytes[0] >> 10, 1024 + 1024 + 1920);
	ck_assert_uint_eq(s.direct_map_bytes[2], 0);
	/* memory0 spans DMA and DMA32: valid_zones "none" */
	ck_assert_int_eq(b0.online, 1);
	ck_assert_int_eq(b0.zone, DEVMEMHP_ZONE_NONE);
	ck_assert_uint_eq(b0.nr_valid_zones, 1);
	ck_assert_int_eq(b0.valid_zones[0], DEVMEMHP_ZONE_NONE);
	ck_assert_int_eq(b7.zone, DEVMEMHP_ZONE_DMA32);
	ck_assert_int_eq(b7.early, 1);
	ck_assert_int_eq(b7.removable, 1);
	ck_assert_int_eq(devmemhp_memory_block_get(m, 8, &none), -ENOENT);
	/* the memmap of the 8 boot sections: 8 x 2 MiB */
	ck_assert_uint_eq(s.memmap_bytes, 16 * MiB);
	devmemhp_machine_unref(m);
}
END_TEST

/* The block runs of a machine's state: the "blocks" lines of its dump. */
static unsigned int block_runs(struct devmemhp_machine *m)
{
	char *dump = tu_dump(m);
	unsigned int n = 0;

	for (const char *p = dump; (p = strstr(p, "\nblocks ")); p++)
		n++;
	free(dump);
	return n;
}

/*
 * A huge machine costs what a small one does: boot RAM from 2 GiB to
 * 2^55 - 2^48 is 266338288 memory blocks of 128 MiB, held as two runs (DMA32
 * below 4 GiB, Normal above).  Offlining one block in the middle splits the
 * Normal run, onlining it again merges it back.
 */
START_TEST(test_huge_boot)
{
	const uint64_t start = 0x80000000ull, end = 0x7f000000000000ull, bs = 128 * MiB;
	const uint64_t nr = (end - start) / bs, mid = 0x1000000000000ull;
	struct devmemhp_machine *m = tu_machine("riscv64", "boot=0x80000000-0x7f000000000000");
	struct devmemhp_stats s = tu_stats(m);
	struct devmemhp_zone_info dma32 = tu_zone(m, 0, DEVMEMHP_ZONE_DMA32);
	struct devmemhp_zone_info normal = tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL);
	struct devmemhp_memory_block first = tu_block(m, start / bs), last = tu_block(m, end / bs - 1);
	struct devmemhp_memory_block b = { .size = sizeof(b) };

	ck_assert_uint_eq(nr, 266338288);
	ck_assert_uint_eq(s.block_size, bs);
	ck_assert_uint_eq(s.memory_blocks, 266338288);
	ck_assert_uint_eq(s.memory_blocks_online, 266338288);
	ck_assert_uint_eq(s.present_bytes, 35747319894769664ull);
	ck_assert_uint_eq(s.present_bytes, end - start);
	ck_assert_uint_eq(s.max_pfn, end >> 12);
	ck_assert_uint_eq(dma32.start_pfn, 0x80000);
	ck_assert_uint_eq(dma32.spanned, 0x80000);
	ck_assert_uint_eq(dma32.present, 0x80000);
	ck_assert_uint_eq(normal.start_pfn, 0x100000);
	ck_assert_uint_eq(normal.spanned, (end >> 12) - 0x100000);
	ck_assert_uint_eq(normal.present, (end >> 12) - 0x100000);
	ck_assert_uint_eq(first.id, 16);
	ck_assert_int_eq(first.zone, DEVMEMHP_ZONE_DMA32);
	ck_assert_int_eq(first.early, 1);
	ck_assert_uint_eq(last.id, 16 + 266338288 - 1);
	ck_assert_uint_eq(last.start, end - bs);
	ck_assert_int_eq(last.zone, DEVMEMHP_ZONE_NORMAL);
	ck_assert_int_eq(last.online, 1);
	ck_assert_int_eq(devmemhp_memory_block_get(m, 15, &b), -ENOENT);
	ck_assert_int_eq(devmemhp_memory_block_get(m, end / bs, &b), -ENOENT);
	ck_assert_uint_eq(block_runs(m), 2);
	tu_check(m);

	ck_assert_int_eq(devmemhp_offline_memory(m, mid, bs), 0);
	s = tu_stats(m);
	b = tu_block(m, mid / bs);
	ck_assert_int_eq(b.online, 0);
	ck_assert_uint_eq(s.memory_blocks, 266338288);
	ck_assert_uint_eq(s.memory_blocks_online, 266338288 - 1);
	ck_assert_int_eq(tu_block(m, mid / bs - 1).zone, DEVMEMHP_ZONE_NORMAL);
	ck_assert_int_eq(tu_block(m, mid / bs + 1).zone, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL).present,
			  (end >> 12) - 0x100000 - (bs >> 12));
	ck_assert_uint_eq(block_runs(m), 4);
	tu_check(m);

	ck_assert_int_eq(devmemhp_online_memory(m, mid, bs, DEVMEMHP_ZONE_NORMAL), 0);
	s = tu_stats(m);
	ck_assert_uint_eq(s.memory_blocks_online, 266338288);
	ck_assert_int_eq(tu_block(m, mid / bs).zone, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_NORMAL).present, (end >> 12) - 0x100000);
	ck_assert_uint_eq(block_runs(m), 2);
	tu_check(m);
	devmemhp_machine_unref(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("machine");
	TCase *tc = tcase_create("machine");

	tcase_add_loop_test(tc, test_good_options, 0, sizeof(good) / sizeof(good[0]));
	tcase_add_loop_test(tc, test_bad_options, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_loop_test(tc, test_size_grammar, 0, sizeof(sizes) / sizeof(sizes[0]));
	tcase_add_loop_test(tc, test_size_format, 0, sizeof(formats) / sizeof(formats[0]));
	tcase_add_test(tc, test_new_errors);
	tcase_add_test(tc, test_options_refuse_control_characters_and_empty_ranges);
	tcase_add_loop_test(tc, test_one_option_grammar, 0, sizeof(one_grammar) / sizeof(one_grammar[0]));
	tcase_add_test(tc, test_block_size_bounds);
	tcase_add_test(tc, test_refcount);
	tcase_add_test(tc, test_logging);
	tcase_add_test(tc, test_zone_reason_logged);
	tcase_add_test(tc, test_log_environment);
	tcase_add_test(tc, test_geometry_errors);
	tcase_add_test(tc, test_last_error_identity);
	tcase_add_test(tc, test_default_boot);
	tcase_add_test(tc, test_huge_boot);
	tcase_add_loop_test(tc, test_kernel_option, 0, sizeof(kernels) / sizeof(kernels[0]));
	tcase_add_test(tc, test_get_kernel_errors);
	tcase_add_test(tc, test_kernel_defaults);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
