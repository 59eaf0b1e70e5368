/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Conformance with a real Linux 6.1 kernel.  tests/data/oracle/ holds what
 * Debian's 6.1.192 (and a 6.1 built with DEVICE_PRIVATE and TEST_HMM) reported
 * under QEMU before and after each hotplug step.  Each scenario imports the
 * first recorded phase, applies the same operations through the public API,
 * and compares the model with the recording after every step:
 *   /proc/iomem whole; MemTotal and the DirectMap lines, and their deltas;
 *   every memory block; spanned/present/managed of every zone; the direct-map
 *   and vmemmap runs of the hot-plugged ranges against the page-table walk;
 *   the kernel's "[mem A-B] page 4k|2M|1G" lines; ptdump's Vmemmap section.
 * A difference fails with the scenario, the phase and a unified diff.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysroot.h"
#include "testutil.h"

enum op { END = 0, ADD, ADD_EX, REMOVE, ONLINE, OFFLINE, RES_ADD, RES_REMOVE, UNMOVABLE, GROUP,
	  SET, CHUNK };

struct step {
	enum op op;
	uint64_t start, size;
	unsigned int flags;   /* DEVICE_MEMORY_*, or DEVMEMHP_RES_* for RES_ADD */
	int nid;
	int zone;             /* ONLINE */
	const char *name;     /* ADD_EX, RES_*; the key of SET */
	const char *value;    /* SET */
	unsigned int options; /* ADD_EX */
	enum devmemhp_pgprot pgprot;
	bool group;           /* ADD_EX: into the group the last GROUP made */
	uint64_t compound;    /* ADD_EX: device-dax's align */
	int rc;               /* expected */
};

struct phase {
	const char *name;
	struct step steps[20];
	/* Module loading splits direct-map pages (CPA) the model knows nothing
	 * of: compare the DirectMap sum here, carry the split onwards. */
	bool noise;
	/* Hot-plugged ranges whose page-table runs are compared with the walk. */
	uint64_t owned[4][2];
};

struct scenario {
	const char *dir;
	const char *options;
	struct phase phases[8];
	bool ptdump; /* the recording has the kernel's own ptdump */
};

#define QEMU "levels=5,phys_bits=40"
#define BLK (128 * MiB)

static const struct scenario scenarios[] = {
	{ "baseline", QEMU, { { "boot" } } },
	{ "baseline-nogbpages", QEMU ",gbpages=0", { { "boot" } } },
	{ "dimm-1g", QEMU,
	  { { "before" },
	    { "after-dimm1", { { ADD, 4 * GiB, GiB } }, false, { { 4 * GiB, GiB } } } } },
	{ "dimm-1g-nogbpages", QEMU ",gbpages=0",
	  { { "before" },
	    { "after-dimm1", { { ADD, 4 * GiB, GiB } }, false, { { 4 * GiB, GiB } } } } },
	{ "dimm-2g-128m", QEMU,
	  { { "before" },
	    { "after-dimm1", { { ADD, 4 * GiB, 2 * GiB } }, false, { { 4 * GiB, 2 * GiB } } },
	    { "after-dimm2", { { ADD, 6 * GiB, BLK } }, false, { { 6 * GiB, BLK } } } } },
	{ "dimm-2g-unaligned", QEMU,
	  { { "before" },
	    { "after-dimm1", { { ADD, 0x108000000ull, 2 * GiB } }, false,
	      { { 0x108000000ull, 2 * GiB } } } } },
	{ "dimm-64m-subblock", QEMU,
	  { { "before" },
	    { "after-dimm1", { { ADD, 4 * GiB, 64 * MiB, .rc = -EINVAL } } } } },
	{ "dimm-memmap-on-memory", QEMU ",memmap_on_memory=1",
	  { { "before" },
	    { "after-dimm1", { { ADD, 4 * GiB, BLK } }, false, { { 4 * GiB, BLK } } },
	    { "after-dimm2", { { ADD, 5 * GiB, GiB } }, false, { { 5 * GiB, GiB } } } } },
	{ "numa-node1-movable_node", QEMU ",nodes=2,movable_node=1",
	  { { "before" },
	    { "after-dimm1-node1", { { ADD, 4 * GiB, GiB, .nid = 1 } }, false, { { 4 * GiB, GiB } } },
	    { "after-dimm2-node0", { { ADD, 5 * GiB, GiB } }, false, { { 5 * GiB, GiB } } } } },
	{ "hotplug-unplug", QEMU,
	  { { "before" },
	    { "after-plug", { { ADD, 4 * GiB, GiB } }, false, { { 4 * GiB, GiB } } },
	    { "after-unplug", { { OFFLINE, 4 * GiB, GiB }, { REMOVE, 4 * GiB, GiB } }, false,
	      { { 4 * GiB, GiB } } } } },
	{ "hotplug-offline-unplug", QEMU,
	  { { "before" },
	    { "after-plug", { { ADD, 4 * GiB, GiB } }, false, { { 4 * GiB, GiB } } },
	    /* a slab page at pfn 0x100000 stays ("page dumped because: unmovable page") */
	    { "after-offline",
	      { { UNMOVABLE, 0x100000 },
		{ OFFLINE, 4 * GiB, BLK, .rc = -EBUSY },
		{ OFFLINE, 4 * GiB + BLK, 7 * BLK } },
	      false, { { 4 * GiB, GiB } } },
	    { "after-unplug", { { OFFLINE, 4 * GiB, BLK, .rc = -EBUSY } }, false,
	      { { 4 * GiB, GiB } } } } },
	{ "virtio-mem", QEMU,
	  { { "before" },
	    /* virtio_pci and virtio_mem: the driver's regions; loading them splits pages */
	    { "after-modprobe",
	      { { RES_ADD, 0xfebfc000, 0x4000, DEVMEMHP_RES_BUSY, .name = "virtio-pci-modern" },
		{ RES_ADD, 4 * GiB, GiB, DEVMEMHP_RES_SYSTEM_RAM, .name = "virtio0" } },
	      true },
	    { "after-512M",
	      { { GROUP, .size = BLK },
#define VIRTIO_PLUG(i)                                                                       \
	{ ADD_EX, 4 * GiB + (i) * BLK, BLK, .name = "System RAM (virtio_mem)",               \
	  .options = DEVMEMHP_ADD_DRIVER_MANAGED | DEVMEMHP_ADD_MERGE_RESOURCE, .group = true }
		VIRTIO_PLUG(0), VIRTIO_PLUG(1), VIRTIO_PLUG(2), VIRTIO_PLUG(3) },
	      false, { { 4 * GiB, 4 * BLK } } },
	    { "after-1G", { VIRTIO_PLUG(4), VIRTIO_PLUG(5), VIRTIO_PLUG(6), VIRTIO_PLUG(7) }, false,
	      { { 4 * GiB, GiB } } },
#define VIRTIO_UNPLUG(i) { OFFLINE, 4 * GiB + (i) * BLK, BLK }, { REMOVE, 4 * GiB + (i) * BLK, BLK }
	    { "after-0",
	      { VIRTIO_UNPLUG(7), VIRTIO_UNPLUG(6), VIRTIO_UNPLUG(5), VIRTIO_UNPLUG(4),
		VIRTIO_UNPLUG(3), VIRTIO_UNPLUG(2), VIRTIO_UNPLUG(1), VIRTIO_UNPLUG(0) },
	      false, { { 4 * GiB, GiB } } } } },
	{ "pmem-memmap", QEMU,
	  { { "boot" },
	    /* nd_pmem: the namespace's region, then memremap_pages() of FS_DAX */
	    { "pmem-raw",
	      { { ADD_EX, GiB, 512 * MiB, DEV, .name = "namespace0.0",
		  .pgprot = DEVMEMHP_PGPROT_DECRYPTED } },
	      true, { { GiB, 512 * MiB } } },
	    { "fsdax-map-mem",
	      { { REMOVE, GiB, 512 * MiB, DEV },
		{ ADD_EX, GiB, 512 * MiB, DEV, .name = "namespace0.0",
		  .pgprot = DEVMEMHP_PGPROT_DECRYPTED } },
	      false, { { GiB, 512 * MiB } } },
	    /* dax_pmem keeps the info block, device_dax claims the rest and maps it
	     * all in 2 MiB compound pages (align), sharing their tail vmemmap pages */
	    { "devdax",
	      { { REMOVE, GiB, 512 * MiB, DEV },
		{ RES_ADD, GiB, 2 * MiB, DEVMEMHP_RES_BUSY, .name = "namespace0.0" },
		{ RES_ADD, GiB + 2 * MiB, 510 * MiB, DEVMEMHP_RES_BUSY, .name = "dax0.0" },
		{ ADD_EX, GiB, 512 * MiB, DEV, .options = DEVMEMHP_ADD_NO_RESOURCE,
		  .compound = 2 * MiB } },
	      false, { { GiB, 512 * MiB } } },
	    /* daxctl: kmem takes the block-aligned part as driver-managed RAM */
	    { "dax-kmem-system-ram",
	      { { SET, .name = "online", .value = "offline" },
		{ REMOVE, GiB, 512 * MiB, DEV },
		{ RES_REMOVE, GiB + 2 * MiB, 510 * MiB, .name = "dax0.0" },
		{ RES_ADD, 0x48000000, 384 * MiB, DEVMEMHP_RES_SYSTEM_RAM, .name = "dax0.0" },
		{ ADD_EX, 0x48000000, 384 * MiB, .name = "System RAM (kmem)",
		  .options = DEVMEMHP_ADD_DRIVER_MANAGED },
		{ ONLINE, 0x48000000, 384 * MiB, .zone = DEVMEMHP_ZONE_MOVABLE } },
	      false, { { 0x48000000, 384 * MiB } } },
	    { "dax-back-to-devdax",
	      { { OFFLINE, 0x48000000, 384 * MiB },
		{ REMOVE, 0x48000000, 384 * MiB },
		{ RES_REMOVE, 0x48000000, 384 * MiB, .name = "dax0.0" },
		{ RES_ADD, GiB + 2 * MiB, 510 * MiB, DEVMEMHP_RES_BUSY, .name = "dax0.0" },
		{ ADD_EX, GiB, 512 * MiB, DEV, .options = DEVMEMHP_ADD_NO_RESOURCE,
		  .compound = 2 * MiB } },
	      false, { { GiB, 512 * MiB } } } } },
	/* lib/test_hmm.c: 256 MiB chunks from request_free_mem_region() */
	{ "hmm-l5-boot", QEMU, { { "boot" } }, true },
	{ "hmm-l4-boot", "phys_bits=40", { { "boot" } }, true },
	{ "hmm-l5-chunks-dimm", QEMU,
	  { { "boot" },
	    { "after-migrate-dev0-300M", { { CHUNK } } },
	    { "after-dimm-1G-at-4G", { { ADD, 4 * GiB, GiB } }, false, { { 4 * GiB, GiB } } },
	    { "after-migrate-dev1-300M", { { CHUNK } } },
	    { "during-migrate-dev0-600M", { { CHUNK } } },
	    { "after-exit" } },
	  true },
	{ "hmm-l5-release", QEMU,
	  { { "boot" },
	    { "after-migrate-dev0-300M", { { CHUNK } } },
	    /* HMM_DMIRROR_RELEASE: dev0's two chunks go */
	    { "after-release-dev0",
	      { { REMOVE, 0xfcf0000000ull, 256 * MiB, DEV_PRIVATE },
		{ REMOVE, 0xfcd0000000ull, 256 * MiB, DEV_PRIVATE } } },
	    { "after-migrate-dev0-300M-again", { { CHUNK }, { CHUNK } } } },
	  true },
};

/* ---- plumbing --------------------------------------------------------------- */

/* The whole of the file named by the printf-style arguments, or NULL. */
static char *slurp(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *slurp(const char *fmt, ...)
{
	char *path;
	va_list ap;
	int n;
	FILE *f;

	va_start(ap, fmt);
	n = vasprintf(&path, fmt, ap);
	va_end(ap);
	ck_assert_int_ge(n, 0);
	f = fopen(path, "r");
	free(path);
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	char chunk[65536];
	size_t got;

	if (!f)
		return NULL;
	out = open_memstream(&buf, &len);
	while ((got = fread(chunk, 1, sizeof(chunk), f)))
		fwrite(chunk, 1, got, out);
	fclose(f);
	fclose(out);
	return buf;
}

/* A unified diff of two texts, for the failure message. */
static char *diff(const char *want, const char *got)
{
	char a[] = "/tmp/devmemhp-want-XXXXXX", b[] = "/tmp/devmemhp-got-XXXXXX", cmd[256];
	int fa = mkstemp(a), fb = mkstemp(b);
	char *out = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&out, &len), *p;
	char line[1024];

	ck_assert(fa >= 0 && fb >= 0);
	ck_assert(write(fa, want, strlen(want)) == (ssize_t)strlen(want));
	ck_assert(write(fb, got, strlen(got)) == (ssize_t)strlen(got));
	close(fa);
	close(fb);
	snprintf(cmd, sizeof(cmd), "diff -u --label recorded --label model %s %s", a, b);
	p = popen(cmd, "r");
	while (p && fgets(line, sizeof(line), p))
		fputs(line, o);
	if (p)
		pclose(p);
	fclose(o);
	unlink(a);
	unlink(b);
	return out;
}

static void same(const char *sc, const char *phase, const char *what, const char *want,
		 const char *got)
{
	if (strcmp(want, got)) {
		char *d = diff(want, got);

		ck_abort_msg("%s/%s: %s differs from the recording:\n%s", sc, phase, what, d);
	}
}

/* The lines of text that start with one of the prefixes (after leading blanks if
 * `trim`), in order. */
static char *grep(const char *text, const char *const *prefixes, bool trim)
{
	char *out = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&out, &len);

	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n'), *s = p;
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);

		while (trim && *s == ' ')
			s++;
		for (const char *const *x = prefixes; *x; x++)
			if (!strncmp(s, *x, strlen(*x))) {
				fwrite(p, 1, n, o);
				break;
			}
		p += n;
	}
	fclose(o);
	return out;
}

/* ---- the page-table runs of the owned ranges ---------------------------------- */

struct runs {
	FILE *out;
	uint64_t lo, hi;   /* VA window */
	bool phys;
	uint64_t base;
};

static const char *size_name(unsigned int shift)
{
	return shift == 12 ? "4k" : shift == 21 ? "2M" : shift == 30 ? "1G" : "?";
}

static void run_line(FILE *o, uint64_t va, uint64_t va_end, uint64_t pa, unsigned int shift,
		     bool phys)
{
	if (phys)
		fprintf(o, "%#" PRIx64 "-%#" PRIx64 " phys %#" PRIx64 " %" PRIu64 " x %s\n", va, va_end, pa,
			(va_end - va) >> shift, size_name(shift));
	else
		fprintf(o, "%#" PRIx64 "-%#" PRIx64 " %" PRIu64 " x %s\n", va, va_end,
			(va_end - va) >> shift, size_name(shift));
}

static int model_run(const struct devmemhp_mapping *map, void *data)
{
	struct runs *r = data;
	uint64_t s = map->va > r->lo ? map->va : r->lo;
	uint64_t e = map->va_end < r->hi ? map->va_end : r->hi;

	if (s < e)
		run_line(r->out, s, e, map->pa + (s - map->va), map->page_shift, r->phys);
	return 0;
}

/* The recorded walk: "va-va  phys pa-pa  N x 2M  flags", clipped to the window. */
static char *recorded_runs(const char *walk, uint64_t lo, uint64_t hi, bool phys)
{
	char *out = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&out, &len);

	for (const char *p = walk; p && *p;) {
		const char *nl = strchr(p, '\n');
		uint64_t va, va_end, pa, pa_end, n;
		char size[8];

		if (sscanf(p, "%" SCNx64 "-%" SCNx64 " phys %" SCNx64 "-%" SCNx64 " %" SCNu64 " x %7s",
			   &va, &va_end, &pa, &pa_end, &n, size) == 6) {
			unsigned int shift = !strcmp(size, "4k") ? 12 : !strcmp(size, "2M") ? 21 : 30;
			uint64_t s = va > lo ? va : lo, e = va_end < hi ? va_end : hi;

			if (s < e)
				run_line(o, s, e, pa + (s - va), shift, phys);
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	fclose(o);
	return out;
}

/* Merge adjacent runs of equal page size (the walk splits on flags too). */
static char *merge_runs(const char *text)
{
	char *out = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&out, &len);
	uint64_t cs = 0, ce = 0, cp = 0;
	unsigned int cshift = 0;
	bool have = false, phys = strstr(text, " phys ") != NULL;

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		uint64_t s, e, pa = 0, n;
		char size[8];
		int got = phys ? sscanf(p, "%" SCNx64 "-%" SCNx64 " phys %" SCNx64 " %" SCNu64 " x %7s",
					&s, &e, &pa, &n, size)
			       : sscanf(p, "%" SCNx64 "-%" SCNx64 " %" SCNu64 " x %7s", &s, &e, &n, size);
		unsigned int shift = !strcmp(size, "4k") ? 12 : !strcmp(size, "2M") ? 21 : 30;

		if (got >= 4) {
			if (have && s == ce && shift == cshift && (!phys || pa == cp + (ce - cs))) {
				ce = e;
			} else {
				if (have)
					run_line(o, cs, ce, cp, cshift, phys);
				cs = s;
				ce = e;
				cp = pa;
				cshift = shift;
				have = true;
			}
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	if (have)
		run_line(o, cs, ce, cp, cshift, phys);
	fclose(o);
	return out;
}

static void compare_runs(struct devmemhp_machine *m, const char *sc, const char *ph,
			 const char *dir, uint64_t start, uint64_t size)
{
	struct devmemhp_geometry g = { .size = sizeof(g) };
	char *walk, *want, *got, *mw, *mg;
	size_t len = 0;
	struct runs r;
	char what[128];

	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	for (int region = 0; region < 2; region++) {
		bool linear = region == 0;
		uint64_t lo = linear ? g.linear_base + start : g.vmemmap_base + (start >> 12) * 64;
		uint64_t hi = linear ? lo + size : lo + (size >> 12) * 64;

		walk = slurp("%s/ptwalk-%s.txt", dir, linear ? "directmap" : "vmemmap");
		if (!walk)
			continue;
		want = recorded_runs(walk, lo, hi, linear);
		r = (struct runs){ open_memstream(&got, &len), lo, hi, linear, 0 };
		ck_assert_int_eq(devmemhp_mapping_foreach(m, linear ? DEVMEMHP_MAP_LINEAR
								 : DEVMEMHP_MAP_VMEMMAP,
						       model_run, &r), 0);
		fclose(r.out);
		mw = merge_runs(want);
		mg = merge_runs(got);
		snprintf(what, sizeof(what), "the %s runs of [%#" PRIx64 ", +%#" PRIx64 ")",
			 linear ? "direct-map" : "vmemmap", start, size);
		same(sc, ph, what, mw, mg);
		free(walk);
		free(want);
		free(got);
		free(mw);
		free(mg);
	}
}

/* "[mem 0x...-0x...] page 2M" lines: the kernel's split of each new mapping. */
static void compare_page_lines(struct devmemhp_machine *m, const char *sc, const char *ph,
			       const char *dir, const struct phase *phase)
{
	static const char *const mem[] = { "[mem ", NULL };
	struct devmemhp_geometry g = { .size = sizeof(g) };
	char *dmesg, *want, *lines = NULL, *got = NULL;
	size_t len = 0, glen = 0;
	FILE *o = open_memstream(&lines, &len), *out;

	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	dmesg = slurp("%s/dmesg-memory.txt", dir);
	if (!dmesg) {
		fclose(o);
		free(lines);
		return;
	}
	/* the " [mem A-B] page X" lines, without their timestamps */
	for (const char *p = dmesg; *p;) {
		const char *nl = strchr(p, '\n'), *at = strstr(p, " [mem ");
		const char *page = at ? strstr(at, "] page ") : NULL;

		if (page && (!nl || page < nl))
			fprintf(o, "%.*s\n", (int)((nl ? nl : p + strlen(p)) - at - 1), at + 1);
		p = nl ? nl + 1 : p + strlen(p);
	}
	fclose(o);
	want = grep(lines, mem, false);
	/* the model: its leaves in each range added in this phase, by size */
	out = open_memstream(&got, &glen);
	for (const struct step *s = phase->steps; s->op; s++) {
		struct runs r;
		char *raw = NULL, *merged;
		size_t rlen = 0;

		if ((s->op != ADD && s->op != ADD_EX) || s->rc || (s->flags & DEVICE_MEMORY_UNADDRESSABLE))
			continue;
		r = (struct runs){ open_memstream(&raw, &rlen), g.linear_base + s->start,
				   g.linear_base + s->start + s->size, true, 0 };
		devmemhp_mapping_foreach(m, DEVMEMHP_MAP_LINEAR, model_run, &r);
		fclose(r.out);
		merged = merge_runs(raw);
		for (const char *p = merged; *p;) {
			const char *nl = strchr(p, '\n');
			uint64_t vs, ve, pa, n;
			char size[8];

			if (sscanf(p, "%" SCNx64 "-%" SCNx64 " phys %" SCNx64 " %" SCNu64 " x %7s", &vs, &ve,
				   &pa, &n, size) == 5)
				fprintf(out, "[mem %#010" PRIx64 "-%#010" PRIx64 "] page %s\n", pa,
					pa + (ve - vs) - 1, size);
			p = nl ? nl + 1 : p + strlen(p);
		}
		free(raw);
		free(merged);
	}
	fclose(out);
	same(sc, ph, "the \"page 4k|2M|1G\" lines", want, got);
	free(dmesg);
	free(lines);
	free(want);
	free(got);
}

/* ---- one scenario --------------------------------------------------------------- */

struct run {
	const struct scenario *sc;
	struct devmemhp_machine *m;
	uint64_t group;
	int64_t carried[3];   /* DirectMap kB per level the model lacks (CPA splits) */
	int64_t last_rec[3], last_model[3];
	bool have_last;
};

static void do_step(struct run *r, const char *ph, const struct step *s)
{
	struct devmemhp_machine *m = r->m;
	uint64_t at;
	int rc = -1;

	switch (s->op) {
	case ADD:
		rc = devmemhp_add_memory(m, s->nid, s->start, s->size, s->flags);
		break;
	case ADD_EX: {
		struct devmemhp_add_params p = {
			.size = sizeof(p), .start = s->start, .length = s->size, .nid = s->nid,
			.flags = s->flags, .options = s->options, .name = s->name, .pgprot = s->pgprot,
			.group = s->group ? r->group : 0, .compound_size = s->compound,
		};

		rc = devmemhp_add_memory_ex(m, &p);
		break;
	}
	case REMOVE:
		rc = devmemhp_remove_memory(m, s->start, s->size, s->flags);
		break;
	case ONLINE:
		rc = devmemhp_online_memory(m, s->start, s->size, (enum devmemhp_zone)s->zone);
		break;
	case OFFLINE:
		rc = devmemhp_offline_memory(m, s->start, s->size);
		break;
	case RES_ADD:
		rc = devmemhp_resource_add(m, s->start, s->size, s->name, s->flags,
					   DEVMEMHP_IORES_DESC_NONE);
		break;
	case RES_REMOVE:
		rc = devmemhp_resource_remove(m, s->start, s->size, s->name);
		break;
	case UNMOVABLE:
		rc = devmemhp_set_page_unmovable(m, s->start, 1);
		break;
	case GROUP:
		rc = devmemhp_memory_group_new(m, s->nid, 1, s->size, &r->group);
		break;
	case SET:
		rc = devmemhp_machine_set_option(m, s->name, s->value);
		break;
	case CHUNK: /* dmirror_allocate_chunk() */
		rc = devmemhp_find_free_region(m, 256 * MiB, &at);
		if (!rc)
			rc = devmemhp_add_memory_ex(m, &(struct devmemhp_add_params){
				.size = sizeof(struct devmemhp_add_params), .start = at,
				.length = 256 * MiB, .flags = DEV_PRIVATE, .name = "hmm_dmirror" });
		break;
	case END:
		break;
	}
	ck_assert_msg(rc == s->rc, "%s/%s: step %d returned %d (%s), expected %d", r->sc->dir, ph,
		      (int)s->op, rc, devmemhp_last_error(m), s->rc);
	tu_check(m);
}

static void parse_directmap(const char *meminfo, int64_t kb[3])
{
	kb[0] = kb[1] = kb[2] = 0;
	for (const char *p = meminfo; p && *p;) {
		const char *nl = strchr(p, '\n');
		long long v;

		if (sscanf(p, "DirectMap4k: %lld", &v) == 1)
			kb[0] = v;
		else if (sscanf(p, "DirectMap2M: %lld", &v) == 1)
			kb[1] = v;
		else if (sscanf(p, "DirectMap1G: %lld", &v) == 1)
			kb[2] = v;
		p = nl ? nl + 1 : p + strlen(p);
	}
}

static void compare_meminfo(struct run *r, const char *ph, const char *dir, bool noise)
{
	static const char *const lines[] = { "MemTotal:", "DirectMap", NULL };
	char *rec, *want, *model, *got, *adjusted = NULL;
	int64_t rk[3], mk[3];
	size_t len = 0;
	FILE *o;

	rec = slurp("%s/meminfo.txt", dir);
	ck_assert_ptr_nonnull(rec);
	want = grep(rec, lines, false);
	model = tu_view(r->m, DEVMEMHP_VIEW_MEMINFO);
	parse_directmap(want, rk);
	parse_directmap(model, mk);
	if (noise) {
		/* CPA splits move pages between sizes; the sum stays */
		ck_assert_msg(rk[0] + rk[1] + rk[2] == mk[0] + mk[1] + mk[2] + r->carried[0] +
								   r->carried[1] + r->carried[2],
			      "%s/%s: the DirectMap sum is %lld kB, the model's %lld kB", r->sc->dir,
			      ph, (long long)(rk[0] + rk[1] + rk[2]), (long long)(mk[0] + mk[1] + mk[2]));
		for (int l = 0; l < 3; l++)
			r->carried[l] = rk[l] - mk[l];
	}
	/* the model's lines plus what unmodelled splits carried, as the kernel prints them */
	o = open_memstream(&adjusted, &len);
	for (const char *p = model; *p;) {
		const char *nl = strchr(p, '\n');
		char name[32];
		long long v;

		if (sscanf(p, "%31[^:]: %lld kB", name, &v) == 2 && !strncmp(name, "DirectMap", 9)) {
			int l = !strcmp(name, "DirectMap4k") ? 0 : !strcmp(name, "DirectMap2M") ? 1 : 2;
			char label[40];

			snprintf(label, sizeof(label), "%s:", name);
			fprintf(o, "%-16s%8lld kB\n", label, v + (long long)r->carried[l]);
		} else {
			fwrite(p, 1, nl ? (size_t)(nl - p + 1) : strlen(p), o);
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	fclose(o);
	got = grep(adjusted, lines, false);
	same(r->sc->dir, ph, "MemTotal and the DirectMap lines", want, got);
	/* and the deltas of the step */
	if (r->have_last && !noise)
		for (int l = 0; l < 3; l++)
			ck_assert_msg(rk[l] - r->last_rec[l] == mk[l] - r->last_model[l],
				      "%s/%s: DirectMap level %d moved by %lld kB, the model's by %lld kB",
				      r->sc->dir, ph, l, (long long)(rk[l] - r->last_rec[l]),
				      (long long)(mk[l] - r->last_model[l]));
	memcpy(r->last_rec, rk, sizeof(rk));
	memcpy(r->last_model, mk, sizeof(mk));
	r->have_last = true;
	free(rec);
	free(want);
	free(model);
	free(got);
	free(adjusted);
}

static void compare_file(struct run *r, const char *ph, const char *dir, const char *file,
			 enum devmemhp_view v, const char *const *prefixes)
{
	char *rec, *want, *got;

	rec = slurp("%s/%s", dir, file);
	ck_assert_msg(rec != NULL, "%s/%s is missing", dir, file);
	got = tu_view(r->m, v);
	want = prefixes ? grep(rec, prefixes, true) : rec;
	same(r->sc->dir, ph, file, want, got);
	if (want != rec)
		free(want);
	free(rec);
	free(got);
}

/* ptdump: the whole Vmemmap section, and the linear map from 1 GiB up (the
 * boot RAM's GiB below holds the kernel image's splits, which the model lacks). */
static void compare_ptdump(struct run *r, const char *ph, const char *dir)
{
	const char *sections[] = { "---[ Vmemmap ]---\n", "---[ Low Kernel Mapping ]---\n" };
	struct devmemhp_geometry g = { .size = sizeof(g) };
	char *rec, *model, from[32];

	ck_assert_int_eq(devmemhp_machine_get_geometry(r->m, &g), 0);
	snprintf(from, sizeof(from), "0x%016" PRIx64 "-", g.linear_base + (uint64_t)GiB);
	rec = slurp("%s/ptdump.txt", dir);
	ck_assert_ptr_nonnull(rec);
	model = tu_view(r->m, DEVMEMHP_VIEW_PTDUMP);
	for (int i = 0; i < 2; i++) {
		const char *rs = strstr(rec, sections[i]), *ms = strstr(model, sections[i]);
		const char *re, *me;
		char *want, *got;

		ck_assert_ptr_nonnull(rs);
		ck_assert_ptr_nonnull(ms);
		rs += strlen(sections[i]);
		ms += strlen(sections[i]);
		re = strstr(rs, "---[");
		me = strstr(ms, "---[");
		if (!me)
			me = ms + strlen(ms);
		if (i == 1) {
			rs = strstr(rs, from);
			ms = strstr(ms, from);
			ck_assert_msg(rs && ms, "%s/%s: no ptdump line starts at %s", r->sc->dir, ph, from);
		}
		want = strndup(rs, (size_t)(re - rs));
		got = strndup(ms, (size_t)(me - ms));
		same(r->sc->dir, ph, i ? "ptdump's linear map from 1 GiB" : "ptdump's Vmemmap", want,
		     got);
		free(want);
		free(got);
	}
	free(rec);
	free(model);
}

/* Run the real lsmem on a tree; its output, or the test fails. */
static char *run_lsmem(const char *root)
{
	char *cmd, *out = NULL, line[1024];
	size_t len = 0;
	FILE *o = open_memstream(&out, &len), *p;
	int status;

	ck_assert_int_ge(asprintf(&cmd, "lsmem --sysroot %s -o RANGE,SIZE,STATE,REMOVABLE,BLOCK,"
				  "NODE,ZONES 2>&1", root), 0);
	p = popen(cmd, "r");
	ck_assert_msg(p != NULL, "cannot run lsmem (util-linux)");
	while (fgets(line, sizeof(line), p))
		fputs(line, o);
	status = pclose(p);
	fclose(o);
	ck_assert_msg(status == 0, "%s failed (%d): %s", cmd, status, out);
	free(cmd);
	return out;
}

static void rm_tree(const char *root)
{
	char *cmd;

	ck_assert_int_ge(asprintf(&cmd, "rm -rf %s", root), 0);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

/* lsmem on the model's exported sysfs, and on the recorded machine's. */
static void compare_lsmem(struct run *r, const char *ph, const char *dir)
{
	char rec_root[] = "/tmp/devmemhp-rec-XXXXXX", model_root[] = "/tmp/devmemhp-model-XXXXXX";
	char *want, *got;
	int rc;

	ck_assert_ptr_nonnull(mkdtemp(rec_root));
	ck_assert_ptr_nonnull(mkdtemp(model_root));
	ck_assert_int_eq(tu_sysroot(dir, rec_root), 0);
	rc = devmemhp_export_sysfs(r->m, model_root);
	ck_assert_msg(rc == 0, "%s/%s: export_sysfs: %s", r->sc->dir, ph,
		      devmemhp_last_error(r->m));
	want = run_lsmem(rec_root);
	got = run_lsmem(model_root);
	rm_tree(rec_root);
	rm_tree(model_root);
	same(r->sc->dir, ph, "lsmem --sysroot", want, got);
	free(want);
	free(got);
}

static void compare_phase(struct run *r, const struct phase *p, const char *dir)
{
	static const char *const zonelines[] = { "Node ", "spanned ", "present ", "managed ",
						 "start_pfn:", NULL };

	compare_file(r, p->name, dir, "iomem.txt", DEVMEMHP_VIEW_IOMEM, NULL);
	compare_meminfo(r, p->name, dir, p->noise);
	compare_file(r, p->name, dir, "memory-blocks.txt", DEVMEMHP_VIEW_MEMORY_BLOCKS, NULL);
	compare_lsmem(r, p->name, dir);
	compare_file(r, p->name, dir, "zoneinfo.txt", DEVMEMHP_VIEW_ZONEINFO, zonelines);
	for (int i = 0; i < 4 && p->owned[i][1]; i++)
		compare_runs(r->m, r->sc->dir, p->name, dir, p->owned[i][0], p->owned[i][1]);
	compare_page_lines(r->m, r->sc->dir, p->name, dir, p);
	if (r->sc->ptdump)
		compare_ptdump(r, p->name, dir);
}

static const char *data_dir(void)
{
	const char *s = getenv("srcdir");

	return s ? s : ".";
}


/* Import the recorded phase into machine m (made with the scenario's options). */
static void import_phase(struct devmemhp_machine *m, const char *sc, const char *ph,
			 const char *dir)
{
	char root[] = "/tmp/devmemhp-root-XXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(root));
	ck_assert_int_eq(tu_sysroot(dir, root), 0);
	ck_assert_msg(devmemhp_machine_import(m, root) == 0, "%s/%s: import: %s", sc, ph,
		      devmemhp_last_error(m));
	rm_tree(root);
	tu_check(m);
}

START_TEST(test_scenario)
{
	const struct scenario *sc = &scenarios[_i];
	struct run r = { .sc = sc };
	char *dir;

	r.m = tu_machine("x86_64", sc->options);
	for (const struct phase *p = sc->phases; p->name; p++) {
		ck_assert_int_ge(asprintf(&dir, "%s/tests/data/oracle/%s/%s", data_dir(), sc->dir,
					  p->name), 0);
		if (p == sc->phases) /* start from the recorded machine */
			import_phase(r.m, sc->dir, p->name, dir);
		for (const struct step *s = p->steps; s->op; s++)
			do_step(&r, p->name, s);
		compare_phase(&r, p, dir);
		free(dir);
	}
	devmemhp_machine_unref(r.m);
}
END_TEST

/*
 * Round trip: every recorded phase, imported on its own and written back,
 * gives the recorded files' compared parts unchanged.
 */
START_TEST(test_roundtrip)
{
	static const char *const zonelines[] = { "Node ", "spanned ", "present ", "managed ",
						 "start_pfn:", NULL };
	const struct scenario *sc = &scenarios[_i];
	char *dir;

	for (const struct phase *p = sc->phases; p->name; p++) {
		struct run r = { .sc = sc };

		ck_assert_int_ge(asprintf(&dir, "%s/tests/data/oracle/%s/%s", data_dir(), sc->dir,
					  p->name), 0);
		r.m = tu_machine("x86_64", sc->options);
		import_phase(r.m, sc->dir, p->name, dir);
		compare_file(&r, p->name, dir, "iomem.txt", DEVMEMHP_VIEW_IOMEM, NULL);
		compare_meminfo(&r, p->name, dir, false);
		compare_file(&r, p->name, dir, "memory-blocks.txt", DEVMEMHP_VIEW_MEMORY_BLOCKS, NULL);
		compare_lsmem(&r, p->name, dir);
		compare_file(&r, p->name, dir, "zoneinfo.txt", DEVMEMHP_VIEW_ZONEINFO, zonelines);
		if (sc->ptdump)
			compare_ptdump(&r, p->name, dir);
		devmemhp_machine_unref(r.m);
		free(dir);
	}
}
END_TEST

/* Every recorded phase is in the table above: nothing is skipped unseen. */
START_TEST(test_every_recording)
{
	char *top;
	DIR *d;
	struct dirent *e;
	int n = 0;

	ck_assert_int_ge(asprintf(&top, "%s/tests/data/oracle", data_dir()), 0);
	d = opendir(top);
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		const struct scenario *sc = NULL;
		char *sub;
		DIR *pd;
		struct dirent *pe;

		if (e->d_name[0] == '.' || !strcmp(e->d_name, "README"))
			continue;
		for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
			if (!strcmp(scenarios[i].dir, e->d_name))
				sc = &scenarios[i];
		ck_assert_msg(sc != NULL, "recording %s has no scenario", e->d_name);
		n++;
		ck_assert_int_ge(asprintf(&sub, "%s/%s", top, e->d_name), 0);
		pd = opendir(sub);
		ck_assert_ptr_nonnull(pd);
		while ((pe = readdir(pd))) {
			bool known = false;

			if (pe->d_name[0] == '.' || !strcmp(pe->d_name, "commands.log"))
				continue;
			for (const struct phase *p = sc->phases; p->name; p++)
				known |= !strcmp(p->name, pe->d_name);
			ck_assert_msg(known, "phase %s/%s is not replayed", e->d_name, pe->d_name);
		}
		closedir(pd);
		free(sub);
	}
	closedir(d);
	free(top);
	ck_assert_int_eq(n, (int)(sizeof(scenarios) / sizeof(scenarios[0])));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("conformance");
	TCase *tc = tcase_create("oracle");
	TCase *rt = tcase_create("roundtrip");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_every_recording);
	tcase_add_loop_test(tc, test_scenario, 0, sizeof(scenarios) / sizeof(scenarios[0]));
	suite_add_tcase(s, tc);
	tcase_set_timeout(rt, 60);
	tcase_add_loop_test(rt, test_roundtrip, 0, sizeof(scenarios) / sizeof(scenarios[0]));
	suite_add_tcase(s, rt);
	return tu_run(s);
}
