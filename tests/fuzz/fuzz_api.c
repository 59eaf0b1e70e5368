/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * API-sequence fuzz target (issue 12, part 2).  The bytes pick a registered
 * backend and a few machine options, then up to MAX_STEPS calls of the
 * public API with addresses and sizes drawn mostly from values that matter
 * to the machine (block, section and subsection multiples, the end of boot
 * RAM, the top of the physical address space, overflows).  After each call:
 *
 *  - devmemhp_check() is 0;
 *  - a mutating call that failed left every view and the stats byte for
 *    byte as they were;
 *  - before each add and remove, its plan on the same machine: the plan's
 *    result is the operation's errno, its reason the operation's message,
 *    its deltas the change of the stats, its blocks and zones what the
 *    machine then has, and its payers' free memory what the nodes then have;
 *  - a plan alone changes nothing;
 *  - after an add or an online of addressable memory, phys_to_virt() and
 *    virt_to_phys() round-trip wherever the linear map has an entry, and
 *    unaddressable memory has none.
 *
 * A finding prints what failed to stderr and traps.  Only the public API.
 *
 * The input: byte 0 the backend (devmemhp_arch_foreach()'s order), byte 1
 * one of its own options (bit 7 set), byte 2 one or two generic options, then
 * calls, each an op byte and the bytes its arguments take (see
 * gen_api_corpus.py, which writes the seed corpus).  Speed: every call costs
 * what the model does, so the expensive checks run where they can find
 * something: devmemhp_check() after each call that changed the machine (a
 * failed call or a query must leave it as it was, which the views show), and
 * the views only around calls that may fail (see prepare()).  Environment:
 * FUZZ_API_CHECK_ALL=1 checks after every call, FUZZ_API_TRACE=1 prints each
 * call and its result.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devmemhp.h"

/* lib/check.c: every field of the state as text (internal, for tests) */
int dmh_machine_dump(const struct devmemhp_machine *m, FILE *out);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);
const char *__asan_default_options(void);

/* A machine allocates its page-table nodes afresh at every boot: with ASan's
 * default 256 MiB quarantine each boot faults in new pages, which made boots
 * up to three times slower.  ASAN_OPTIONS still overrides it. */
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}

#define MAX_STEPS 32
#define MAX_ARCHES 32
#define MAX_RANGES 8
#define MAX_GROUPS 4
#define GiB ((uint64_t)1 << 30)
#define MiB ((uint64_t)1 << 20)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- input ----------------------------------------------------------------- */

struct input {
	const uint8_t *p;
	size_t n;
};

static uint8_t u8(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint64_t u64(struct input *in)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | u8(in);
	return v;
}

/* ---- the backends and their options --------------------------------------- */

/* the names, copied: the backend passed to the callback is valid during it only */
static char arches[MAX_ARCHES][32];
static unsigned int nr_arches;

static int collect_arch(const struct devmemhp_arch *arch, void *data)
{
	(void)data;
	if (nr_arches < MAX_ARCHES && arch->name && strlen(arch->name) < sizeof(arches[0]))
		snprintf(arches[nr_arches++], sizeof(arches[0]), "%s", arch->name);
	return 0;
}

/* Options any backend takes (some fail on some backends: then without them). */
static const char *const generic_options[] = {
	"",
	"nodes=2",
	"memmap_on_memory=1",
	"memmap_on_memory=force",
	"online=online",
	"online=online_movable",
	"online=online_kernel",
	"online=offline",
	"online_policy=auto-movable",
	"online_policy=auto-movable,auto_movable_ratio=0",
	"online=online,online_policy=auto-movable,nodes=2,cpu_nodes=0",
	"movable_node=1,online=online",
	"reserved=16M",
	"zone_device=0",
	"hypervisor=1",
	"nodes=2,cpu_nodes=",
};

struct arch_options {
	const char *arch;
	const char *options[8];
};

static const struct arch_options arch_options[] = {
	{ "x86_64", { "kernel=6.1", "kernel=7.2", "levels=5", "gbpages=0", "pse=0",
		      "debug_pagealloc=1,kernel=6.1",
		      "nodes=2,boot=0x1000-0x9fc00;0x100000-0x3ffe0000;4G-5G@1",
		      "boot=0x100000-0x7ff00000,kernel=6.1" } },
	{ "x86_32", { "pae=0", "levels=2", "boot=0x1000-0x9fc00;0x100000-0x30000000",
		      "nodes=2,boot=0x100000-0x40000000;0x40000000-0x80000000@1" } },
	{ "powerpc", { "block_size=256M", "boot=0-0x40000000", "boot=0-1G;1G-2G@1,nodes=2" } },
	{ "s390", { "edat=0", "edat=1", "rzm=512M", "rzm=128M", "boot=0-1G" } },
	{ "ia64", { "page_size=4K", "page_size=64K", "levels=4", "page_size=8K,levels=4" } },
	{ "sh", { "boot=0x0c000000-0x0e000000" } },
	{ "tile", { "boot=0-0x100000000", "boot=0-4G;4G-8G@1,nodes=2" } },
	{ "arm64", { "rodata_full=0", "debug_pagealloc=1", "phys_offset=4G,boot=4G-6G",
		     "kernel_image=0x40200000-0x41000000",
		     "rodata_full=0,kernel_image=0x40200000-0x40a00000",
		     "zone_device=1", "boot=0x40000000-0x80000000;0x80000000-0xc0000000@1,nodes=2" } },
	{ "riscv64", { "mode=sv39", "mode=sv48", "levels=4", "debug_pagealloc=1",
		       "kernel=6.11,boot=0x80200000-0xc0000000" } },
};

/* Applied first: a smaller boot RAM than the backend's default where that
 * makes every check and view cheaper (the options above may replace it). */
static const char *const small_boot[][2] = {
	{ "powerpc", "boot=0-0x20000000" },
	{ "s390", "boot=0-0x40000000" },
	{ "tile", "boot=0-0x40000000" },
};

static const char *base_option(const char *arch)
{
	for (size_t a = 0; a < ARRAY_SIZE(small_boot); a++)
		if (!strcmp(small_boot[a][0], arch))
			return small_boot[a][1];
	return "";
}

static const char *arch_option(const char *arch, unsigned int i)
{
	for (size_t a = 0; a < ARRAY_SIZE(arch_options); a++)
		if (!strcmp(arch_options[a].arch, arch))
			return arch_options[a].options[i % ARRAY_SIZE(arch_options[a].options)];
	return NULL;
}

/* ---- the state of one run ---------------------------------------------------- */

struct range {
	uint64_t start, size;
	unsigned int flags;
};

struct fuzz {
	struct devmemhp_machine *m;
	const char *arch;
	char options[256];
	unsigned int step;
	char call[512];
	/* the machine's shape */
	struct devmemhp_geometry geo;
	uint64_t page, section, subsection, block;
	uint64_t boot_end, top, free_start, linear_end;
	/* what was added, for later calls to aim at */
	struct range ranges[MAX_RANGES];
	unsigned int nr_ranges;
	uint64_t last_start, last_size;
	uint64_t groups[MAX_GROUPS];
	unsigned int nr_groups;
	/* the committed state: all views and the stats as text (stale while
	 * dirty), and the stats */
	char *snap;
	size_t snap_len;
	bool dirty;
	struct devmemhp_stats st;
};

static void nolog(void *userdata, int priority, const char *file, int line, const char *fn,
		  const char *format, va_list args)
{
	(void)userdata, (void)priority, (void)file, (void)line, (void)fn, (void)format;
	(void)args;
}

__attribute__((format(printf, 2, 3), noreturn))
static void finding(const struct fuzz *z, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_api: %s [%s], step %u: %s\n  ", z->arch, z->options, z->step,
		z->call);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n  last error: %s\n", z->m ? devmemhp_last_error(z->m) : "");
	fflush(stderr);
	__builtin_trap();
}

__attribute__((format(printf, 2, 3)))
static void set_call(struct fuzz *z, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(z->call, sizeof(z->call), fmt, ap);
	va_end(ap);
}

static void stats_of(struct fuzz *z, struct devmemhp_stats *st)
{
	int rc;

	memset(st, 0, sizeof(*st));
	st->size = sizeof(*st);
	rc = devmemhp_get_stats(z->m, st);
	if (rc)
		finding(z, "devmemhp_get_stats() = %d", rc);
}

static void print_stats(FILE *f, const struct devmemhp_stats *st)
{
	for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++)
		fprintf(f, "level %d: dm_bytes %" PRIu64 " leaves %" PRIu64 " dm_tables %" PRIu64
			" vm_tables %" PRIu64 "\n", l, st->direct_map_bytes[l],
			st->direct_map_leaves[l], st->direct_map_table_pages[l],
			st->vmemmap_table_pages[l]);
	fprintf(f, "memmap %" PRIu64 " altmap %" PRIu64 " present %" PRIu64 " online %" PRIu64
		" managed %" PRIu64 " device %" PRIu64 " unaddressable %" PRIu64 " blocks %" PRIu64
		" online_blocks %" PRIu64 " block_size %" PRIu64 " max_pfn %" PRIu64
		" high_memory %" PRIx64 " ranges %u free %" PRIu64 "\n",
		st->memmap_bytes, st->memmap_altmap_bytes, st->present_bytes, st->online_bytes,
		st->managed_bytes, st->device_bytes, st->unaddressable_bytes, st->memory_blocks,
		st->memory_blocks_online, st->block_size, st->max_pfn, st->high_memory, st->ranges,
		st->free_bytes);
}

/*
 * The state (every field, which is what the views are made of), the IOMEM
 * and MEMINFO views and the stats, as one text.  The other views are made
 * once an input (render_views()): ptdump walks every table.
 */
static char *render(struct fuzz *z, size_t *len, struct devmemhp_stats *st)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		abort();
	dmh_machine_dump(z->m, f);
	for (int v = DEVMEMHP_VIEW_IOMEM; v <= DEVMEMHP_VIEW_MEMINFO; v++) {
		int rc;

		fprintf(f, "=== view %d\n", v);
		rc = devmemhp_write_view(z->m, (enum devmemhp_view)v, f);
		if (rc)
			finding(z, "devmemhp_write_view(%d) = %d", v, rc);
	}
	stats_of(z, st);
	fprintf(f, "=== stats\n");
	print_stats(f, st);
	if (fclose(f))
		abort();
	return buf;
}

static void snapshot(struct fuzz *z)
{
	free(z->snap);
	z->snap = render(z, &z->snap_len, &z->st);
	z->dirty = false;
}

/*
 * Rendering every view is what a step costs most (ptdump walks every table),
 * so the text of the committed state is made only when a call may fail: before
 * each call without a plan, and before an add or a remove whose plan says it
 * fails.  A plan that says 0 for a call that fails is a finding of its own.
 */
static void prepare(struct fuzz *z)
{
	if (z->dirty)
		snapshot(z);
}

/* The state must be the committed one, byte for byte. */
static void unchanged(struct fuzz *z, const char *why)
{
	struct devmemhp_stats st;
	size_t len, i, line = 0, from = 0;
	char *now = render(z, &len, &st);

	if (len == z->snap_len && !memcmp(now, z->snap, len)) {
		free(now);
		return;
	}
	for (i = 0; i < len && i < z->snap_len && now[i] == z->snap[i]; i++)
		if (now[i] == '\n') {
			line++;
			from = i + 1;
		}
	fprintf(stderr, "--- before (from line %zu)\n%.*s\n--- after\n%.*s\n", line,
		(int)(z->snap_len - from > 400 ? 400 : z->snap_len - from), z->snap + from,
		(int)(len - from > 400 ? 400 : len - from), now + from);
	finding(z, "%s, yet the views or stats changed (line %zu differs)", why, line);
}

static FILE *sink_closer;

static void close_sink(void)
{
	fclose(sink_closer);
}

/* The views render() leaves out, once an input: they must render. */
static void render_views(struct fuzz *z)
{
	static FILE *sink;

	if (!sink && !(sink = fopen("/dev/null", "w")))
		abort();
	if (!sink_closer) {
		atexit(close_sink); /* valgrind counts what is still reachable */
		sink_closer = sink;
	}
	for (int v = DEVMEMHP_VIEW_MEMORY_BLOCKS; v <= DEVMEMHP_VIEW_PTDUMP; v++) {
		int rc = devmemhp_write_view(z->m, (enum devmemhp_view)v, sink);

		if (rc)
			finding(z, "devmemhp_write_view(%d) = %d", v, rc);
	}
}

static void check_machine(struct fuzz *z)
{
	int rc = devmemhp_check(z->m);

	if (rc)
		finding(z, "devmemhp_check() = %d", rc);
}

/*
 * devmemhp_check() walks the whole model (every page-table node: some 130
 * tables of 512 entries on riscv64), which would cost more than the calls.
 * It runs after every call that changed the machine and at the end of each
 * input; a call that failed or only queried must leave the state as it was,
 * which the views and stats show byte for byte, so its check would be the
 * previous one again.  FUZZ_API_CHECK_ALL=1 in the environment checks after
 * every call as well.
 */
static bool check_all;
/* FUZZ_API_TRACE=1: print each call and what it returned, to see what an input does. */
static bool trace;

static void trace_call(const struct fuzz *z, int rc)
{
	if (trace)
		fprintf(stderr, "%s step %u: %s = %d\n", z->arch, z->step, z->call, rc);
}

/* After a mutating call: consistent, and unchanged if it failed. */
static void after(struct fuzz *z, int rc)
{
	trace_call(z, rc);
	if (rc) {
		if (check_all)
			check_machine(z);
		if (z->dirty)
			finding(z, "returned %d, but nothing rendered the state before it", rc);
		unchanged(z, "the call failed");
	} else {
		check_machine(z);
		stats_of(z, &z->st);
		z->dirty = true;
	}
}

static void check_result(struct fuzz *z, const struct devmemhp_plan *p, int rc)
{
	if (p->result != rc)
		finding(z, "plan result %d (%s), the operation returned %d (%s)", p->result,
			p->reason, rc, rc ? devmemhp_last_error(z->m) : "");
}

/* ---- value generators ---------------------------------------------------------- */

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return a ? (v + a - 1) / a * a : v;
}

static const struct range *pick_range(struct fuzz *z, unsigned int k)
{
	return z->nr_ranges ? &z->ranges[k % z->nr_ranges] : NULL;
}

static uint64_t gen_addr(struct fuzz *z, struct input *in)
{
	const uint8_t b = u8(in);
	const unsigned int k = b >> 4;
	const struct range *r;

	switch (b & 15) {
	case 0:
		return k & 1 ? z->page * k : 0;
	case 1:
		return align_up(z->boot_end, z->block) + (uint64_t)k * z->block;
	case 2:
		return align_up(z->boot_end, GiB) + (uint64_t)k * z->block;
	case 3:
		return z->free_start + (uint64_t)k * z->block;
	case 4:
		return (uint64_t)(u8(in) | 1) * z->section;
	case 5:
		return 4 * GiB + (uint64_t)u8(in) * 2 * MiB;
	case 6:
		return (uint64_t)(k + 1) * GiB;
	case 7:
		return z->top - (uint64_t)(k + 1) * z->block;
	case 8:
		r = pick_range(z, k);
		return r ? r->start : z->last_start;
	case 9:
		r = pick_range(z, k);
		return (r ? r->start : z->free_start) + (uint64_t)u8(in) * z->subsection;
	case 10:
		return u64(in);
	case 11:
		return z->last_start + (k & 8 ? (uint64_t)(k & 7) * z->block : 0);
	case 12:
		return k & 1 ? z->top : z->linear_end - (uint64_t)(k / 2) * z->block;
	case 13:
		return UINT64_MAX - (uint64_t)k * z->block;
	case 14:
		return z->geo.phys_offset + (uint64_t)k * z->block;
	default:
		return z->free_start + (uint64_t)u8(in) * z->subsection;
	}
}

static uint64_t gen_size(struct fuzz *z, struct input *in, uint64_t start)
{
	const uint8_t b = u8(in);
	const unsigned int k = b >> 4;
	const struct range *r;

	switch (b & 15) {
	case 0:
	case 15:
		return (uint64_t)(k % 8 + 1) * z->block;
	case 1:
		return (uint64_t)(k % 8 + 1) * z->section;
	case 2:
		return (uint64_t)(k + 1) * z->subsection;
	case 3:
		return (uint64_t)(k % 4 + 1) * GiB;
	case 4:
		return k & 1 ? 1 : 0;
	case 5:
		return 0 - start + (uint64_t)k * z->page; /* start + size wraps */
	case 6:
		r = pick_range(z, k);
		return r ? r->size : z->last_size;
	case 7:
		return u64(in);
	case 8:
		return (uint64_t)(k % 4 + 1) * z->block - z->subsection;
	case 9:
		return (uint64_t)(k + 1) * z->page;
	case 10:
		return (uint64_t)(k + 1) * 2 * MiB;
	case 11:
		return z->last_size;
	case 12:
		return (uint64_t)(u8(in) + 1) * z->block;
	case 13:
		return z->top - start;
	default:
		return z->block;
	}
}

static unsigned int gen_flags(struct input *in)
{
	static const unsigned int table[] = {
		DEVICE_MEMORY_NONE,
		DEVICE_MEMORY_NONE,
		DEVICE_MEMORY_NONE,
		DEVICE_MEMORY_DEVICE,
		DEVICE_MEMORY_DEVICE | DEVICE_MEMORY_MOVABLE,
		DEVICE_MEMORY_DEVICE | DEVICE_MEMORY_UNADDRESSABLE,
		DEVICE_MEMORY_DEVICE | DEVICE_MEMORY_MOVABLE | DEVICE_MEMORY_UNADDRESSABLE,
		DEVICE_MEMORY_UNADDRESSABLE,
		DEVICE_MEMORY_MOVABLE,
	};
	const uint8_t b = u8(in);

	if (b >= 0xf0)
		return (unsigned int)u8(in) << (b & 7); /* raw bits */
	return table[b % ARRAY_SIZE(table)];
}

static int gen_nid(struct input *in)
{
	const uint8_t b = u8(in);

	switch (b & 7) {
	case 1:
	case 2:
		return 1;
	case 3:
		return -1;
	case 4:
		return (int)(b >> 3);
	case 5:
		return b & 0x80 ? INT32_MIN : 1024;
	default:
		return 0;
	}
}

static enum devmemhp_zone gen_zone(struct input *in)
{
	static const int table[] = {
		DEVMEMHP_ZONE_AUTO, DEVMEMHP_ZONE_AUTO, DEVMEMHP_ZONE_AUTO, DEVMEMHP_ZONE_AUTO,
		DEVMEMHP_ZONE_MOVABLE, DEVMEMHP_ZONE_MOVABLE, DEVMEMHP_ZONE_NORMAL,
		DEVMEMHP_ZONE_NORMAL, DEVMEMHP_ZONE_DMA32, DEVMEMHP_ZONE_DMA,
		DEVMEMHP_ZONE_HIGHMEM, DEVMEMHP_ZONE_DEVICE, DEVMEMHP_ZONE_NONE, 8, -1, 0x7fffffff,
	};

	return (enum devmemhp_zone)table[u8(in) % ARRAY_SIZE(table)];
}

static const char *gen_name(struct input *in)
{
	static const char *const table[] = {
		NULL, NULL, NULL, NULL, "System RAM (kmem)", "System RAM (virtio_mem)", "dax0.0",
		"Persistent Memory", "", "System RAM", "bad\nname", "System RAM (driver",
		"pmem0", "Device Memory", "reserved", "Soft Reserved",
	};

	return table[u8(in) % ARRAY_SIZE(table)];
}

static void gen_add_params(struct fuzz *z, struct input *in, struct devmemhp_add_params *p)
{
	static const unsigned int options[] = {
		0, 0, 0, 0, DEVMEMHP_ADD_NO_ONLINE, DEVMEMHP_ADD_MEMMAP_ON_MEMORY,
		DEVMEMHP_ADD_NO_MEMMAP_ON_MEMORY, DEVMEMHP_ADD_DRIVER_MANAGED,
		DEVMEMHP_ADD_DRIVER_MANAGED | DEVMEMHP_ADD_MERGE_RESOURCE, DEVMEMHP_ADD_NO_GROUP,
		DEVMEMHP_ADD_NO_RESOURCE, DEVMEMHP_ADD_NO_RESOURCE, DEVMEMHP_ADD_NO_ONLINE |
		DEVMEMHP_ADD_NO_GROUP, DEVMEMHP_ADD_MEMMAP_ON_MEMORY | DEVMEMHP_ADD_NO_ONLINE,
		DEVMEMHP_ADD_MERGE_RESOURCE,
	};
	const uint8_t extra = u8(in);

	memset(p, 0, sizeof(*p));
	p->size = sizeof(*p);
	p->start = gen_addr(z, in);
	p->length = gen_size(z, in, p->start);
	p->nid = gen_nid(in);
	p->flags = gen_flags(in);
	if (!(extra & 1))
		return; /* what devmemhp_add_memory() passes */
	{
		const uint8_t o = u8(in);

		p->options = o < 0xf8 ? options[o % ARRAY_SIZE(options)] : (unsigned int)u8(in);
	}
	p->name = gen_name(in);
	if (p->options & DEVMEMHP_ADD_DRIVER_MANAGED && (extra & 2))
		p->name = extra & 4 ? "System RAM (virtio_mem)" : "System RAM (kmem)";
	if (extra & 8)
		p->pgprot = (enum devmemhp_pgprot)(u8(in) % 4);
	if (extra & 16) {
		const uint8_t g = u8(in);

		if (g & 0x80)
			p->group = (uint64_t)g << 24;
		else if (z->nr_groups)
			p->group = z->groups[g % z->nr_groups];
	}
	if (extra & 32) { /* an altmap big enough for the memmap, or not */
		const uint8_t a = u8(in);
		const uint64_t pages = p->length / z->page;
		const uint64_t memmap = pages / (z->page / z->geo.struct_page_size) + 1;

		p->altmap_reserve = a & 3 ? (uint64_t)(a & 3) * 2 : 0;
		p->altmap_free = a & 4 ? (uint64_t)u8(in) : memmap + (uint64_t)(a >> 3) * 512;
	}
	if (extra & 64) {
		static const uint64_t sizes[] = { 2 * MiB, GiB, 8192, 1 * MiB, 3 * MiB, 0 };
		const uint8_t c = u8(in);

		p->compound_size = c < 0xc0 ? sizes[c % ARRAY_SIZE(sizes)] : (uint64_t)1 << (c & 63);
	}
}

/*
 * An add of more than 1 TiB that fits below the top of the physical space
 * succeeds where nothing pays for its memmap (memmap_on_memory, an altmap),
 * and then costs what its page tables hold: 64 TiB of RAM with
 * memmap_on_memory, 2 MiB leaves block by block, took 44 s under ASan.  Such
 * adds (and their plans) are not made; those that overflow or reach beyond
 * the top still are, as they must be refused before any work.
 */
static bool too_big(const struct fuzz *z, const struct devmemhp_add_params *p)
{
	return p->length > ((uint64_t)1 << 40) && p->start + p->length > p->start &&
	       p->start + p->length <= z->top;
}

static void remember(struct fuzz *z, uint64_t start, uint64_t size, unsigned int flags)
{
	if (z->nr_ranges == MAX_RANGES)
		memmove(z->ranges, z->ranges + 1, sizeof(z->ranges[0]) * (MAX_RANGES - 1)),
			z->nr_ranges--;
	z->ranges[z->nr_ranges++] = (struct range){ start, size, flags };
	z->last_start = start;
	z->last_size = size;
}

static void forget(struct fuzz *z, uint64_t start)
{
	for (unsigned int i = 0; i < z->nr_ranges; i++)
		if (z->ranges[i].start == start) {
			memmove(z->ranges + i, z->ranges + i + 1,
				sizeof(z->ranges[0]) * (z->nr_ranges - i - 1));
			z->nr_ranges--;
			return;
		}
}

/* ---- the checks ------------------------------------------------------------------ */

/* phys_to_virt() and virt_to_phys() agree with each other and with
 * page_info() at a few addresses of [start, start + size). */
static void check_translation(struct fuzz *z, uint64_t start, uint64_t size, unsigned int flags)
{
	const uint64_t end = start + size;
	const uint64_t probes[] = { start, start + z->page + 0x18, start + size / 2 + 0x123,
				    end - z->page, end - 1 };

	if (!size || end < start)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++) {
		const uint64_t pa = probes[i];
		struct devmemhp_page_info info = { .size = sizeof(info) };
		uint64_t va = 0, back = 0;
		unsigned int shift = 0;
		int rc, irc;

		if (pa < start || pa >= end)
			continue;
		rc = devmemhp_phys_to_virt(z->m, pa, &va);
		irc = devmemhp_page_info(z->m, pa / z->page, &info);
		if (flags & DEVICE_MEMORY_UNADDRESSABLE) {
			if (!irc && info.state & DEVMEMHP_PAGE_MAPPED)
				finding(z, "page_info(%#" PRIx64 "): unaddressable memory is mapped",
					pa / z->page);
			if (!rc)
				finding(z, "phys_to_virt(%#" PRIx64 ") = 0 (va %#" PRIx64
					"): unaddressable memory has no linear-map address", pa, va);
			continue;
		}
		if (!irc && (info.state & DEVMEMHP_PAGE_MAPPED) && rc)
			finding(z, "phys_to_virt(%#" PRIx64 ") = %d, but page_info says mapped at %#"
				PRIx64, pa, rc, info.linear_va);
		if (rc)
			continue;
		if (!irc && (info.state & DEVMEMHP_PAGE_MAPPED) &&
		    info.linear_va != va - pa % z->page)
			finding(z, "phys_to_virt(%#" PRIx64 ") = %#" PRIx64 ", page_info linear_va %#"
				PRIx64, pa, va, info.linear_va);
		rc = devmemhp_virt_to_phys(z->m, va, &back, &shift);
		if (rc || back != pa)
			finding(z, "phys_to_virt(%#" PRIx64 ") = %#" PRIx64 ", virt_to_phys(it) = %d,"
				" pa %#" PRIx64 " (expected the same phys)", pa, va, rc, back);
		if (!irc && (info.state & DEVMEMHP_PAGE_MAPPED) && shift != info.linear_page_shift)
			finding(z, "virt_to_phys(%#" PRIx64 ") leaf shift %u, page_info %u", va, shift,
				info.linear_page_shift);
	}
}

static void plan_init(struct devmemhp_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->size = sizeof(*p);
}

static void check_plan_rc(struct fuzz *z, const char *what, int prc)
{
	if (prc)
		finding(z, "%s() = %d, expected 0", what, prc);
}

#define DELTA(field) ((int64_t)(b->field - a->field))
#define EXPECT_DELTA(pfield, field)                                                      \
	do {                                                                             \
		if (p->pfield != DELTA(field))                                            \
			finding(z, "plan " #pfield " %" PRId64 ", the operation changed " \
				#field " by %" PRId64, (int64_t)p->pfield, DELTA(field));  \
	} while (0)

static const char *after_name(const char *msg)
{
	const char *colon = strstr(msg, ": ");

	return colon && !memchr(msg, ' ', (size_t)(colon - msg)) ? colon + 2 : msg;
}

/* The plan made just before the operation says what it did. */
static void compare_plan(struct fuzz *z, const struct devmemhp_plan *p, int rc,
			 const struct devmemhp_stats *a, const struct devmemhp_stats *b, bool add,
			 bool ram)
{
	check_result(z, p, rc);
	if (rc) {
		/* the same message, but for the name of the call it starts with
		 * (a plan says add_memory_ex for devmemhp_add_memory()) */
		if (strncmp(after_name(p->reason), after_name(devmemhp_last_error(z->m)),
			    sizeof(p->reason) - 1 - (size_t)(after_name(p->reason) - p->reason)))
			finding(z, "plan reason \"%s\", the operation's error \"%s\"", p->reason,
				devmemhp_last_error(z->m));
		return;
	}
	for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++) {
		EXPECT_DELTA(direct_map_leaves[l], direct_map_leaves[l]);
		EXPECT_DELTA(direct_map_table_pages[l], direct_map_table_pages[l]);
		EXPECT_DELTA(vmemmap_table_pages[l], vmemmap_table_pages[l]);
	}
	EXPECT_DELTA(memmap_bytes, memmap_bytes);
	EXPECT_DELTA(memmap_altmap_bytes, memmap_altmap_bytes);
	EXPECT_DELTA(managed_bytes, managed_bytes);
	EXPECT_DELTA(free_bytes, free_bytes);
	if ((add ? (int64_t)p->nr_blocks : -(int64_t)p->nr_blocks) != DELTA(memory_blocks))
		finding(z, "plan nr_blocks %" PRIu64 ", the operation changed memory_blocks by %"
			PRId64, p->nr_blocks, DELTA(memory_blocks));
	if (add && !ram && p->nr_blocks)
		finding(z, "plan of a device add has %" PRIu64 " blocks", p->nr_blocks);
	if (!add && p->blockers & (DEVMEMHP_BLOCKER_ONLINE | DEVMEMHP_BLOCKER_UNMOVABLE |
				   DEVMEMHP_BLOCKER_NO_REMOVE))
		finding(z, "the remove succeeded, yet its plan has blockers %#x", p->blockers);
	if (add && !(p->warnings & DEVMEMHP_PLAN_WARN_TRUNCATED)) {
		int64_t online = 0;

		for (unsigned int i = 0; i < p->nr_runs && i < DEVMEMHP_PLAN_RUNS; i++)
			if (p->runs[i].online)
				online += (int64_t)p->runs[i].count;
		if (online != DELTA(memory_blocks_online))
			finding(z, "plan onlines %" PRId64 " blocks, the operation %" PRId64, online,
				DELTA(memory_blocks_online));
	}
	if (add) { /* each run's blocks are as the plan said */
		for (unsigned int i = 0; i < p->nr_runs && i < DEVMEMHP_PLAN_RUNS; i++) {
			const struct devmemhp_plan_run *r = &p->runs[i];
			struct devmemhp_memory_block blk = { .size = sizeof(blk) };
			int brc = devmemhp_memory_block_get(z->m, r->first, &blk);
			enum devmemhp_zone zone;

			if (brc)
				finding(z, "plan run %u: memory%" PRIu64 " does not exist (%d)", i,
					r->first, brc);
			zone = blk.online ? blk.zone : blk.nr_valid_zones ? blk.valid_zones[0]
									 : DEVMEMHP_ZONE_NONE;
			if (blk.online != r->online || (zone != r->zone && blk.nr_valid_zones))
				finding(z, "plan run %u: memory%" PRIu64 " online %d zone %d, the "
					"block is online %d zone %d", i, r->first, r->online, r->zone,
					blk.online, zone);
		}
	}
	for (unsigned int i = 0; i < p->nr_payers && i < DEVMEMHP_PLAN_PAYERS; i++) {
		struct devmemhp_node_info ni = { .size = sizeof(ni) };
		int nrc = devmemhp_node_info_get(z->m, p->payers[i].nid, &ni);

		if (nrc || ni.free_bytes != p->payers[i].free_after)
			finding(z, "plan payer node %d free_after %" PRIu64 ", the node has %" PRIu64
				" (%d)", p->payers[i].nid, p->payers[i].free_after, ni.free_bytes,
				nrc);
	}
}

/* ---- the calls ---------------------------------------------------------------------- */

static void do_add(struct fuzz *z, struct input *in, bool ex)
{
	struct devmemhp_add_params params;
	struct devmemhp_plan plan;
	struct devmemhp_stats before = z->st, now;
	int rc;

	gen_add_params(z, in, &params);
	if (!ex) { /* devmemhp_add_memory(): the other members are 0 */
		const struct devmemhp_add_params plain = {
			.size = sizeof(plain), .start = params.start, .length = params.length,
			.nid = params.nid, .flags = params.flags,
		};
		params = plain;
	}
	if (too_big(z, &params))
		return;
	set_call(z, "%s(nid %d, start %#" PRIx64 ", length %#" PRIx64 ", flags %#x, options "
		 "%#x, name %s%s%s, pgprot %d, group %#" PRIx64 ", altmap %" PRIu64 "+%" PRIu64
		 ", compound %#" PRIx64 ")", ex ? "add_memory_ex" : "add_memory", params.nid,
		 params.start, params.length, params.flags, params.options,
		 params.name ? "\"" : "", params.name ? params.name : "NULL",
		 params.name ? "\"" : "", (int)params.pgprot, params.group, params.altmap_reserve,
		 params.altmap_free, params.compound_size);
	plan_init(&plan);
	check_plan_rc(z, "devmemhp_plan_add", devmemhp_plan_add(z->m, &params, &plan));
	if (plan.result)
		prepare(z);
	if (ex)
		rc = devmemhp_add_memory_ex(z->m, &params);
	else
		rc = devmemhp_add_memory(z->m, params.nid, params.start, params.length,
					 params.flags);
	check_result(z, &plan, rc);
	after(z, rc);
	now = z->st;
	compare_plan(z, &plan, rc, &before, &now, true, !(params.flags & DEVICE_MEMORY_DEVICE));
	if (!rc) { /* the node, and where the memmap went, as the plan said */
		struct devmemhp_page_info info = { .size = sizeof(info) };
		const int irc = devmemhp_page_info(z->m, params.start / z->page, &info);

		if (irc || info.nid != plan.nid)
			finding(z, "plan nid %d, page_info(%#" PRIx64 ") = %d, nid %d", plan.nid,
				params.start / z->page, irc, info.nid);
		if (!(params.flags & DEVICE_MEMORY_DEVICE) &&
		    !plan.memmap_on_memory != !(info.state & DEVMEMHP_PAGE_VMEMMAP_SELF))
			finding(z, "plan memmap_on_memory %d, page_info state %#x", plan.memmap_on_memory,
				info.state);
		remember(z, params.start, params.length, params.flags);
		check_translation(z, params.start, params.length, params.flags);
	}
}

static void do_remove(struct fuzz *z, struct input *in)
{
	const uint8_t how = u8(in);
	const struct range *r = pick_range(z, how >> 2);
	uint64_t start, size;
	unsigned int flags;
	struct devmemhp_plan plan;
	struct devmemhp_stats before = z->st, now;
	int rc;

	if (r && (how & 3) != 3) { /* mostly what was added, whole */
		start = r->start;
		size = r->size;
		flags = (how & 3) == 2 ? gen_flags(in) : r->flags;
	} else {
		start = gen_addr(z, in);
		size = gen_size(z, in, start);
		flags = gen_flags(in);
	}
	set_call(z, "remove_memory(start %#" PRIx64 ", size %#" PRIx64 ", flags %#x)", start, size,
		 flags);
	plan_init(&plan);
	check_plan_rc(z, "devmemhp_plan_remove",
		      devmemhp_plan_remove(z->m, start, size, flags, &plan));
	if (plan.result)
		prepare(z);
	rc = devmemhp_remove_memory(z->m, start, size, flags);
	check_result(z, &plan, rc);
	after(z, rc);
	now = z->st;
	compare_plan(z, &plan, rc, &before, &now, false, !(flags & DEVICE_MEMORY_DEVICE));
	if (!rc)
		forget(z, start);
}

static void gen_range(struct fuzz *z, struct input *in, uint64_t *start, uint64_t *size)
{
	const uint8_t how = u8(in);
	const struct range *r = pick_range(z, how >> 2);

	if (r && !(how & 2)) {
		*start = r->start;
		*size = r->size;
		if (how & 1) { /* one block of it */
			*start += (uint64_t)(u8(in) % 8) * z->block;
			*size = z->block;
		}
	} else {
		*start = gen_addr(z, in);
		*size = gen_size(z, in, *start);
	}
}

static void do_online(struct fuzz *z, struct input *in)
{
	uint64_t start, size;
	enum devmemhp_zone zone;
	int rc;

	gen_range(z, in, &start, &size);
	zone = gen_zone(in);
	set_call(z, "online_memory(start %#" PRIx64 ", size %#" PRIx64 ", zone %d)", start, size,
		 (int)zone);
	prepare(z);
	rc = devmemhp_online_memory(z->m, start, size, zone);
	after(z, rc);
	if (!rc)
		check_translation(z, start, size, DEVICE_MEMORY_NONE);
}

static void do_offline(struct fuzz *z, struct input *in)
{
	uint64_t start, size;

	gen_range(z, in, &start, &size);
	set_call(z, "offline_memory(start %#" PRIx64 ", size %#" PRIx64 ")", start, size);
	prepare(z);
	after(z, devmemhp_offline_memory(z->m, start, size));
}

static void do_resource(struct fuzz *z, struct input *in)
{
	static const unsigned int flags[] = {
		0, DEVMEMHP_RES_BUSY, DEVMEMHP_RES_BUSY | DEVMEMHP_RES_SYSTEM_RAM,
		DEVMEMHP_RES_SYSTEM_RAM | DEVMEMHP_RES_DRIVER_MANAGED, DEVMEMHP_RES_BUSY,
		DEVMEMHP_RES_SYSTEM_RAM, 8, 0x80000000u,
	};
	const uint8_t how = u8(in);
	uint64_t start, size;
	const char *name = gen_name(in);
	int rc;

	gen_range(z, in, &start, &size);
	if (how & 1) {
		const unsigned int f = flags[(how >> 1) % ARRAY_SIZE(flags)];
		const int desc = how >> 4 == 15 ? (int)u8(in) - 8 : (how >> 4) % 9;

		set_call(z, "resource_add(start %#" PRIx64 ", size %#" PRIx64 ", name %s, flags %#x,"
			 " desc %d)", start, size, name ? name : "NULL", f, desc);
		prepare(z);
		rc = devmemhp_resource_add(z->m, start, size, name, f, (enum devmemhp_iores_desc)desc);
	} else {
		set_call(z, "resource_remove(start %#" PRIx64 ", size %#" PRIx64 ", name %s)", start,
			 size, name ? name : "NULL");
		prepare(z);
		rc = devmemhp_resource_remove(z->m, start, size, name);
	}
	after(z, rc);
}

static void do_set_option(struct fuzz *z, struct input *in)
{
	static const char *const table[][2] = {
		{ "online", "offline" }, { "online", "online" }, { "online", "online_kernel" },
		{ "online", "online_movable" }, { "online_policy", "auto-movable" },
		{ "online_policy", "contig-zones" }, { "auto_movable_ratio", "0" },
		{ "auto_movable_ratio", "301" }, { "auto_movable_ratio", "100" },
		{ "auto_movable_numa_aware", "0" }, { "auto_movable_numa_aware", "1" },
		{ "nodes", "2" }, { "online", "bogus" }, { "online", " online" },
		{ "auto_movable_ratio", "99999999999999999999" }, { "memmap_on_memory", "1" },
		{ "bogus", "1" }, { "online", "online\n" }, { "auto_movable_ratio", "" },
	};
	const unsigned int i = u8(in) % ARRAY_SIZE(table);

	set_call(z, "set_option(%s, %s)", table[i][0], table[i][1]);
	prepare(z);
	after(z, devmemhp_machine_set_option(z->m, table[i][0], table[i][1]));
}

static void do_unmovable(struct fuzz *z, struct input *in)
{
	const uint8_t how = u8(in);
	const struct range *r = pick_range(z, how >> 1);
	uint64_t pfn;

	if (r && how != 0xff)
		pfn = (r->start + (uint64_t)u8(in) * z->page * 97 % (r->size ? r->size : 1)) /
		      z->page;
	else
		pfn = gen_addr(z, in) / z->page;
	set_call(z, "set_page_unmovable(pfn %#" PRIx64 ", %d)", pfn, how & 1);
	prepare(z);
	after(z, devmemhp_set_page_unmovable(z->m, pfn, how & 1));
}

static void do_group(struct fuzz *z, struct input *in)
{
	const uint8_t how = u8(in);
	int rc;

	if (how & 1 || !z->nr_groups) {
		const int nid = gen_nid(in);
		const uint64_t bytes = how & 2 ? (uint64_t)(u8(in) % 4 + 1) * z->block
					       : gen_size(z, in, 0);
		uint64_t id = 0;

		set_call(z, "memory_group_new(nid %d, dynamic %d, bytes %#" PRIx64 ")", nid,
			 (how >> 2) & 1, bytes);
		prepare(z);
		rc = devmemhp_memory_group_new(z->m, nid, (how >> 2) & 1, bytes, &id);
		after(z, rc);
		if (!rc && z->nr_groups < MAX_GROUPS)
			z->groups[z->nr_groups++] = id;
	} else {
		const unsigned int i = (how >> 1) % z->nr_groups;
		const uint64_t id = how >= 0xf0 ? (uint64_t)how << 32 : z->groups[i];

		set_call(z, "memory_group_remove(%#" PRIx64 ")", id);
		prepare(z);
		rc = devmemhp_memory_group_remove(z->m, id);
		after(z, rc);
		if (!rc && id == z->groups[i])
			z->groups[i] = z->groups[--z->nr_groups];
	}
}

static int count_zone(const struct devmemhp_zone_info *zone, void *data)
{
	(void)zone;
	++*(unsigned int *)data;
	return 0;
}

static int count_block(const struct devmemhp_memory_block *block, void *data)
{
	(void)block;
	++*(unsigned int *)data;
	return 0;
}

static int count_mapping(const struct devmemhp_mapping *map, void *data)
{
	(void)map;
	return ++*(unsigned int *)data > 64; /* a few are enough */
}

static int count_resource(const struct devmemhp_resource *res, void *data)
{
	(void)res;
	++*(unsigned int *)data;
	return 0;
}

/* Queries and plans alone: they change nothing. */
static void do_query(struct fuzz *z, struct input *in)
{
	const uint8_t how = u8(in);
	/* plans and find_free_region take the writer lock: they too change nothing */
	const bool writer = (how & 7) >= 4 && (how & 7) <= 6;
	uint64_t start = gen_addr(z, in), x = 0;
	unsigned int n = 0;
	int rc = 0;

	if (writer)
		prepare(z);

	switch (how & 7) {
	case 0: {
		struct devmemhp_page_info info = { .size = sizeof(info) };

		set_call(z, "page_info(pfn %#" PRIx64 ")", start / z->page);
		rc = devmemhp_page_info(z->m, start / z->page, &info);
		break;
	}
	case 1: {
		struct devmemhp_zone_info info = { .size = sizeof(info) };
		struct devmemhp_node_info ni = { .size = sizeof(ni) };
		const int nid = gen_nid(in);
		const enum devmemhp_zone zone = gen_zone(in);

		set_call(z, "zone_info_get(%d, %d), node_info_get", nid, (int)zone);
		rc = devmemhp_zone_info_get(z->m, nid, zone, &info);
		rc = devmemhp_node_info_get(z->m, nid, &ni);
		break;
	}
	case 2: {
		struct devmemhp_memory_block blk = { .size = sizeof(blk) };

		set_call(z, "memory_block_get(%" PRIu64 "), foreach", start / z->block);
		rc = devmemhp_memory_block_get(z->m, start / z->block, &blk);
		devmemhp_memory_block_foreach(z->m, count_block, &n);
		devmemhp_zone_foreach(z->m, count_zone, &n);
		devmemhp_resource_foreach(z->m, count_resource, &n);
		break;
	}
	case 3: {
		unsigned int shift;

		set_call(z, "virt_to_phys(%#" PRIx64 "), mapping_foreach", start);
		rc = devmemhp_virt_to_phys(z->m, start, &x, &shift);
		devmemhp_mapping_foreach(z->m, (enum devmemhp_map_region)(how >> 7), count_mapping,
					 &n);
		break;
	}
	case 4: {
		const uint64_t size = gen_size(z, in, 0);

		set_call(z, "find_free_region(size %#" PRIx64 ")", size);
		rc = devmemhp_find_free_region(z->m, size, &x);
		if (!rc && size && x % z->subsection == 0) {
			z->last_start = x;
			z->last_size = size;
		}
		break;
	}
	case 5: {
		struct devmemhp_add_params params;
		struct devmemhp_plan plan;

		gen_add_params(z, in, &params);
		if (too_big(z, &params))
			break;
		set_call(z, "plan_add(start %#" PRIx64 ", length %#" PRIx64 ", flags %#x) alone",
			 params.start, params.length, params.flags);
		plan_init(&plan);
		check_plan_rc(z, "devmemhp_plan_add", devmemhp_plan_add(z->m, &params, &plan));
		break;
	}
	case 6: {
		const uint64_t size = gen_size(z, in, start);
		const unsigned int flags = gen_flags(in);
		struct devmemhp_plan plan;

		set_call(z, "plan_remove(start %#" PRIx64 ", size %#" PRIx64 ", flags %#x) alone",
			 start, size, flags);
		plan_init(&plan);
		check_plan_rc(z, "devmemhp_plan_remove",
			      devmemhp_plan_remove(z->m, start, size, flags, &plan));
		break;
	}
	default: {
		uint64_t va = 0;

		set_call(z, "phys_to_virt(%#" PRIx64 ")", start);
		rc = devmemhp_phys_to_virt(z->m, start, &va);
		if (!rc && (devmemhp_virt_to_phys(z->m, va, &x, NULL) || x != start))
			finding(z, "phys_to_virt(%#" PRIx64 ") = %#" PRIx64 ", virt_to_phys(it) gives %#"
				PRIx64, start, va, x);
		break;
	}
	}
	trace_call(z, rc);
	if (check_all)
		check_machine(z);
	if (writer)
		unchanged(z, "a query or a plan alone");
}

/* ---- the machine -------------------------------------------------------------- */

static int new_machine(struct fuzz *z, struct input *in)
{
	const uint8_t o = u8(in), g = u8(in);
	const char *own = o & 0x80 ? arch_option(z->arch, o & 0x7f) : NULL;
	const char *generic = generic_options[g % ARRAY_SIZE(generic_options)];
	const char *generic2 = g >= 0xc0 ? generic_options[(g >> 4) % ARRAY_SIZE(generic_options)]
					 : "";
	const char *tries[3][4] = {
		{ base_option(z->arch), own, generic, generic2 },
		{ base_option(z->arch), own, NULL, NULL },
		{ base_option(z->arch), NULL, NULL, NULL },
	};

	for (int t = 0; t < 3; t++) {
		size_t len = 0;

		z->options[0] = 0;
		for (int i = 0; i < 4; i++)
			if (tries[t][i] && *tries[t][i] && len < sizeof(z->options))
				len += (size_t)snprintf(z->options + len, sizeof(z->options) - len,
							"%s%s", len ? "," : "", tries[t][i]);
		if (!devmemhp_machine_new(z->arch, z->options, &z->m))
			return 0;
	}
	return -1;
}

static void setup(struct fuzz *z)
{
	struct devmemhp_stats st;
	unsigned int lim;
	int rc;

	devmemhp_set_log_fn(z->m, nolog, NULL);
	devmemhp_set_log_priority(z->m, 0);
	z->geo.size = sizeof(z->geo);
	set_call(z, "machine_new");
	rc = devmemhp_machine_get_geometry(z->m, &z->geo);
	if (rc)
		finding(z, "get_geometry() = %d", rc);
	check_machine(z);
	z->page = (uint64_t)1 << z->geo.page_shift;
	z->section = (uint64_t)1 << z->geo.section_shift;
	z->subsection = (uint64_t)1 << z->geo.subsection_shift;
	z->block = z->geo.block_size ? z->geo.block_size : z->section;
	stats_of(z, &st);
	z->boot_end = st.max_pfn << z->geo.page_shift;
	lim = z->geo.phys_bits < z->geo.max_physmem_bits ? z->geo.phys_bits
							   : z->geo.max_physmem_bits;
	z->top = lim >= 64 ? UINT64_MAX - z->block + 1 : (uint64_t)1 << lim;
	z->linear_end = z->geo.linear_size ? z->geo.phys_offset + z->geo.linear_size : z->top;
	if (devmemhp_find_free_region(z->m, z->block, &z->free_start))
		z->free_start = align_up(z->boot_end, z->block);
	z->last_start = z->free_start;
	z->last_size = z->block;
	z->st = st;
	z->dirty = true;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *all = getenv("FUZZ_API_CHECK_ALL");
	const char *tr = getenv("FUZZ_API_TRACE");

	(void)argc, (void)argv;
	check_all = all && *all && strcmp(all, "0");
	trace = tr && *tr && strcmp(tr, "0");
	if (!nr_arches)
		devmemhp_arch_foreach(collect_arch, NULL);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct fuzz z;

	if (!nr_arches)
		LLVMFuzzerInitialize(NULL, NULL);
	if (!nr_arches || size < 3)
		return 0;
	memset(&z, 0, sizeof(z));
	z.arch = arches[u8(&in) % nr_arches];
	if (new_machine(&z, &in))
		return 0;
	if (trace)
		fprintf(stderr, "%s [%s]\n", z.arch, z.options);
	setup(&z);
	for (z.step = 1; z.step <= MAX_STEPS && in.n; z.step++) {
		const uint8_t op = u8(&in);

		switch (op % 16) {
		case 0:
		case 1:
		case 2:
			do_add(&z, &in, true);
			break;
		case 3:
			do_add(&z, &in, false);
			break;
		case 4:
		case 5:
			do_remove(&z, &in);
			break;
		case 6:
		case 7:
			do_online(&z, &in);
			break;
		case 8:
		case 9:
			do_offline(&z, &in);
			break;
		case 10:
			do_resource(&z, &in);
			break;
		case 11:
			do_set_option(&z, &in);
			break;
		case 12:
			do_unmovable(&z, &in);
			break;
		case 13:
			do_group(&z, &in);
			break;
		default:
			do_query(&z, &in);
			break;
		}
	}
	z.step = 0;
	set_call(&z, "the end of the input");
	check_machine(&z);
	render_views(&z);
	free(z.snap);
	devmemhp_machine_unref(z.m);
	return 0;
}
