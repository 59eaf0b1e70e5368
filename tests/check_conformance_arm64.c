/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Conformance with a real arm64 kernel: Debian 12's 6.1.0-57-arm64 (6.1.192)
 * under QEMU 7.2's virt machine, UEFI and ACPI (oracle/arm64/README.md).
 * tests/data/oracle/arm64-6.1/<scenario>/<phase>/ holds what it reported
 * before and after each step.  Each scenario imports its first phase into an
 * arm64 machine of kernel=6.1 with the recording's options, replays the
 * steps through the public API and compares after every phase:
 *   /proc/iomem whole;
 *   MemTotal and its delta, and each node's MemTotal (node-meminfo.txt);
 *   memory-blocks.txt byte for byte, lsmem on both sysfs trees, and the files
 *   of /sys/devices/system/memory (memory-sysfs.txt);
 *   every zone of zoneinfo (spanned, present, managed, start_pfn) and zones.txt;
 *   the linear-map and vmemmap runs (page size, physical address, the
 *   contiguous hint) of all memory below 4 GiB, the kernel image's linear
 *   alias [_stext, __init_begin) too, which map_mem() maps apart with
 *   NO_CONT_MAPPINGS (blocks even with rodata=full) and the model with it
 *   (import takes the image from iomem's "Kernel code");
 *   the walks' "# by kind" and "# range" totals of the linear map and the
 *   vmemmap;
 *   the kernel's offline_pages() and remove_memory() lines of dmesg: a
 *   "failed" line in the model's error, "Offlined Pages" the pages offlined.
 * The walks' other flags (ro pages of set_memory_ro(), NORMAL vs
 * NORMAL_TAGGED) are not compared, nor dmesg's other lines: the model logs
 * no zonelist rebuilds and no virtio_mem messages, and arm64 prints no
 * init_memory_mapping() lines.
 */
#include "oracle.h"

#define BLK (128 * MiB)
#define DIMM 0x80000000ull /* virt's device-memory region: the pc-dimm, virtio-mem's region */
/* Debian's arm64 config: no CONFIG_ZONE_DEVICE; memstart_addr 0 (the NOMAP
 * memory at 64 MiB); rodata=full (RODATA_FULL_DEFAULT_ENABLED) */
#define VIRT "phys_offset=0,zone_device=0,rodata_full=1"
/* rodata=on: rodata_full false, can_set_direct_map() false, so the linear map
 * takes blocks and the contiguous hint */
#define VIRT_RODATA_ON "phys_offset=0,zone_device=0,rodata_full=0"

enum op { END = 0, ADD, VIRTIO_ADD, GROUP, RES_ADD, ONLINE, OFFLINE, REMOVE, UNMOVABLE };

struct step {
	enum op op;
	uint64_t start, size;
	int zone; /* ONLINE */
	int rc;   /* expected */
};

struct phase {
	const char *name;
	struct step steps[20];
};

struct scenario {
	const char *dir;
	const char *options;
	struct phase phases[8];
};

/* memhp_add's add_memory(0, start, size, MHP_NONE): no memory group */
#define DIMM_ADD { ADD, DIMM, GiB }
/* offline_and_remove_memory(), or sysfs offline and remove_memory() */
#define DIMM_OFFLINE_REMOVE { OFFLINE, DIMM, GiB }, { REMOVE, DIMM, GiB }
/* device_add of a GiB at `at`, add_memory(), offline_and_remove_memory(), device_del */
#define DIMM_PLUG_UNPLUG(at)                                                                     \
	{ { "before" },                                                                          \
	  { "after-device_add" }, /* no ACPI memory driver: nothing happens */                  \
	  { "after-add_memory", { { ADD, (at), GiB } } },                                        \
	  { "after-remove_memory", { { OFFLINE, (at), GiB }, { REMOVE, (at), GiB } } },          \
	  { "after-device_del" } }
/* virtio_mem: a block at a time, driver-managed, in its dynamic group */
#define VIRTIO_PLUG(i) { VIRTIO_ADD, DIMM + (i) * BLK, BLK }
#define VIRTIO_UNPLUG(i) { OFFLINE, DIMM + (i) * BLK, BLK }, { REMOVE, DIMM + (i) * BLK, BLK }
#define VIRTIO_UNPLUG_ALL                                                                 \
	VIRTIO_UNPLUG(7), VIRTIO_UNPLUG(6), VIRTIO_UNPLUG(5), VIRTIO_UNPLUG(4), VIRTIO_UNPLUG(3), \
		VIRTIO_UNPLUG(2), VIRTIO_UNPLUG(1), VIRTIO_UNPLUG(0)

static const struct scenario scenarios[] = {
	{ "baseline", VIRT, { { "boot" } } },
	/* memhp_default_state=online: the GiB goes to ZONE_NORMAL */
	{ "dimm-1g", VIRT,
	  { { "before" },
	    { "after-device_add" }, /* no ACPI memory driver: nothing happens */
	    { "after-add_memory", { DIMM_ADD } },
	    /* a slab page at pfn 0x80426 ("page dumped because: unmovable page") */
	    { "after-offline",
	      { { UNMOVABLE, 0x80426 }, { OFFLINE, DIMM, BLK, .rc = -EBUSY },
		{ OFFLINE, DIMM + BLK, 7 * BLK } } },
	    { "after-online_movable", { { ONLINE, DIMM + BLK, 7 * BLK, DEVMEMHP_ZONE_MOVABLE } } },
	    { "after-remove_memory",
	      { { OFFLINE, DIMM, BLK, .rc = -EBUSY }, { OFFLINE, DIMM + BLK, 7 * BLK },
		{ REMOVE, DIMM, GiB, .rc = -EBUSY } } } } },
	/* memhp_default_state=offline */
	{ "dimm-1g-offline", VIRT,
	  { { "before" },
	    { "after-add_memory", { DIMM_ADD } },
	    { "after-online_movable", { { ONLINE, DIMM, GiB, DEVMEMHP_ZONE_MOVABLE } } },
	    { "after-remove_memory", { DIMM_OFFLINE_REMOVE } },
	    { "after-device_del" } } },
	/* memhp_default_state=online_movable rodata=full */
	{ "dimm-1g-rodata-full", VIRT, DIMM_PLUG_UNPLUG(DIMM) },
	/* a cold-plugged virtio-mem-pci, block size 2 MiB, online_movable */
	{ "virtio-mem", VIRT,
	  { { "before" },
	    /* virtio_mem's device region, released for its System RAM to nest in */
	    { "after-modprobe", { { RES_ADD, DIMM, GiB } } },
	    { "after-512M",
	      { { GROUP }, VIRTIO_PLUG(0), VIRTIO_PLUG(1), VIRTIO_PLUG(2), VIRTIO_PLUG(3) } },
	    { "after-1G", { VIRTIO_PLUG(4), VIRTIO_PLUG(5), VIRTIO_PLUG(6), VIRTIO_PLUG(7) } },
	    { "after-0", { VIRTIO_UNPLUG_ALL } } } },
	/* memhp_default_state=online_movable rodata=on: a 1G block at PUD level */
	{ "dimm-1g-rodata-on", VIRT_RODATA_ON, DIMM_PLUG_UNPLUG(DIMM) },
	/* the same at 0x88000000: no 1G block, 512 2M blocks with the hint (32 x 32M) */
	{ "dimm-1g-unaligned-rodata-on", VIRT_RODATA_ON, DIMM_PLUG_UNPLUG(DIMM + BLK) },
	/* virtio-mem with rodata=on: each 128 MiB add_memory() is 4 x 32M of
	 * 2M blocks with the hint, never a 1G block */
	{ "virtio-mem-rodata-on", VIRT_RODATA_ON,
	  { { "before" },
	    { "after-modprobe", { { RES_ADD, DIMM, GiB } } },
	    { "after-1G",
	      { { GROUP }, VIRTIO_PLUG(0), VIRTIO_PLUG(1), VIRTIO_PLUG(2), VIRTIO_PLUG(3),
		VIRTIO_PLUG(4), VIRTIO_PLUG(5), VIRTIO_PLUG(6), VIRTIO_PLUG(7) } },
	    { "after-0", { VIRTIO_UNPLUG_ALL } } } },
};

#define NR_SCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

struct run {
	const struct scenario *sc;
	char label[64];         /* "arm64-6.1/dimm-1g" */
	struct devmemhp_machine *m;
	uint64_t group;
	char errors[2048];      /* the model's errors of the phase's failed steps */
	uint64_t offlined;      /* pages the phase offlined */
	long long last_total[2]; /* MemTotal kB: recorded, model */
	long long last_free[2];  /* MemFree kB: recorded, model */
	bool have_last;
};

static void do_step(struct run *r, const char *ph, const struct step *s)
{
	struct devmemhp_machine *m = r->m;
	struct devmemhp_add_params p = {
		.size = sizeof(p), .start = s->start, .length = s->size,
		.options = DEVMEMHP_ADD_NO_GROUP,
	};
	int rc = -1;

	switch (s->op) {
	case ADD:
		rc = devmemhp_add_memory_ex(m, &p);
		break;
	case VIRTIO_ADD:
		p.options = DEVMEMHP_ADD_DRIVER_MANAGED | DEVMEMHP_ADD_MERGE_RESOURCE;
		p.name = "System RAM (virtio_mem)";
		p.group = r->group;
		rc = devmemhp_add_memory_ex(m, &p);
		break;
	case GROUP: /* unit: the memory block, as virtio_mem_init() registers it */
		rc = devmemhp_memory_group_new(m, 0, 1, BLK, &r->group);
		break;
	case RES_ADD:
		rc = devmemhp_resource_add(m, s->start, s->size, "virtio1", DEVMEMHP_RES_SYSTEM_RAM,
					   DEVMEMHP_IORES_DESC_NONE);
		break;
	case ONLINE:
		rc = devmemhp_online_memory(m, s->start, s->size, (enum devmemhp_zone)s->zone);
		break;
	case OFFLINE:
		rc = devmemhp_offline_memory(m, s->start, s->size);
		if (!rc)
			r->offlined += s->size >> 12;
		break;
	case REMOVE:
		rc = devmemhp_remove_memory(m, s->start, s->size, 0);
		break;
	case UNMOVABLE:
		rc = devmemhp_set_page_unmovable(m, s->start, 1);
		break;
	case END:
		break;
	}
	ck_assert_msg(rc == s->rc, "%s/%s: step %d returned %d (%s), expected %d", r->label, ph,
		      (int)s->op, rc, devmemhp_last_error(m), s->rc);
	if (rc) {
		size_t n = strlen(r->errors);

		snprintf(r->errors + n, sizeof(r->errors) - n, "%s\n", devmemhp_last_error(m));
	}
	tu_check(m);
}

/* ---- MemTotal, the node's, zones.txt ------------------------------------------ */

static long long mem_total(const char *meminfo)
{
	const char *p = strstr(meminfo, "MemTotal:");
	long long kb = -1;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(sscanf(p, "MemTotal: %lld kB", &kb), 1);
	return kb;
}

static void compare_memtotal(struct run *r, const char *ph, const char *dir)
{
	static const char *const lines[] = { "MemTotal:", NULL };
	static const char *const printed[] = { "MemTotal:", "MemFree:", NULL };
	char *rec = slurp("%s/meminfo.txt", dir), *model = tu_view(r->m, DEVMEMHP_VIEW_MEMINFO);
	char *owned = grep(model, printed, false);
	long long total[2];

	ck_assert_ptr_nonnull(rec);
	compare_file(r->m, r->label, ph, dir, "meminfo.txt", DEVMEMHP_VIEW_MEMINFO, lines);
	/* arm64 has no arch_report_meminfo(): MemTotal and MemFree are all the model prints */
	ck_assert_str_eq(model, owned);
	free(owned);
	total[0] = mem_total(rec);
	total[1] = mem_total(model);
	if (r->have_last)
		ck_assert_msg(total[0] - r->last_total[0] == total[1] - r->last_total[1],
			      "%s/%s: MemTotal moved by %lld kB, the model's by %lld kB", r->label, ph,
			      total[0] - r->last_total[0], total[1] - r->last_total[1]);
	memcpy(r->last_total, total, sizeof(total));
	/* MemFree moves by what the model owns, give or take the kernel's noise
	 * (slab, page cache, per-CPU lists): within 32 MiB, as on x86_64
	 * (check_conformance.c); every error goes to the test log */
	{
		const char *rf = strstr(rec, "MemFree:"), *mf = strstr(model, "MemFree:");
		long long f[2];

		ck_assert_ptr_nonnull(rf);
		ck_assert_ptr_nonnull(mf);
		ck_assert_int_eq(sscanf(rf, "MemFree: %lld kB", &f[0]), 1);
		ck_assert_int_eq(sscanf(mf, "MemFree: %lld kB", &f[1]), 1);
		if (r->have_last) {
			const long long dr = f[0] - r->last_free[0], dm = f[1] - r->last_free[1];

			printf("memfree %s/%s: recorded %+lld kB, model %+lld kB, error %+lld kB\n",
			       r->label, ph, dr, dm, dm - dr);
			fflush(stdout);
			ck_assert_msg(llabs(dm - dr) <= 32 * 1024, "%s/%s: MemFree moved by %lld kB, "
				      "the model's by %lld kB", r->label, ph, dr, dm);
		}
		memcpy(r->last_free, f, sizeof(f));
	}
	r->have_last = true;
	free(rec);
	free(model);
}

struct zones_text {
	FILE *out;
	uint64_t node_kb[4];
};

/* oracle-helpers zones: "nodeN ZONE start_pfn=.. spanned=.. present=.. managed=..",
 * start_pfn "-" where zoneinfo prints none (an unpopulated zone) */
static int zone_line(const struct devmemhp_zone_info *z, void *data)
{
	struct zones_text *t = data;
	char start[32] = "-";

	if (z->present)
		snprintf(start, sizeof(start), "%" PRIu64, z->start_pfn);
	fprintf(t->out, "node%d %-8s start_pfn=%s spanned=%" PRIu64 " present=%" PRIu64
		" managed=%" PRIu64 "\n", z->nid, devmemhp_zone_name(z->zone), start, z->spanned,
		z->present, z->managed);
	if (z->nid < 4)
		t->node_kb[z->nid] += z->managed * 4;
	return 0;
}

/* zones.txt, and node_read_meminfo()'s "Node N MemTotal:" of node-meminfo.txt */
static void compare_zones(struct run *r, const char *ph, const char *dir)
{
	static const char *const zonelines[] = { "Node ", "spanned ", "present ", "managed ",
						 "start_pfn:", NULL };
	static const char *const nodelines[] = { "Node 0 MemTotal:", "Node 1 MemTotal:", NULL };
	struct zones_text t = { 0 };
	char *want, *got = NULL, *rec, *nodes = NULL;
	size_t len = 0;

	compare_file(r->m, r->label, ph, dir, "zoneinfo.txt", DEVMEMHP_VIEW_ZONEINFO, zonelines);
	t.out = open_memstream(&got, &len);
	ck_assert_int_eq(devmemhp_zone_foreach(r->m, zone_line, &t), 0);
	fclose(t.out);
	want = slurp("%s/zones.txt", dir);
	ck_assert_ptr_nonnull(want);
	same(r->label, ph, "zones.txt", want, got);
	free(want);
	free(got);

	rec = slurp("%s/node-meminfo.txt", dir);
	ck_assert_ptr_nonnull(rec);
	want = grep(rec, nodelines, false);
	t.out = open_memstream(&nodes, &len);
	for (int n = 0; n < 4; n++)
		if (t.node_kb[n] || n == 0)
			fprintf(t.out, "Node %d MemTotal:       %8" PRIu64 " kB\n", n, t.node_kb[n]);
	fclose(t.out);
	same(r->label, ph, "node-meminfo.txt's MemTotal", want, nodes);
	free(rec);
	free(want);
	free(nodes);
}

/* ---- the page tables ------------------------------------------------------------- */

/* kB of leaves by kind, as the oracle's walks count them */
enum { K4, K4_CONT, K2M, K2M_CONT, K1G, NR_KINDS };

struct kinds {
	uint64_t lo, hi; /* VA window */
	int64_t kb[NR_KINDS];
};

static void kinds_add(struct kinds *k, uint64_t va, uint64_t va_end, unsigned int shift, bool cont)
{
	uint64_t s = va > k->lo ? va : k->lo, e = va_end < k->hi ? va_end : k->hi;
	int kind = shift == 12 ? K4 : shift == 21 ? K2M : K1G;

	if (s < e)
		k->kb[kind + (cont && kind != K1G)] += (int64_t)((e - s) >> 10);
}

static int kinds_model(const struct devmemhp_mapping *map, void *data)
{
	kinds_add(data, map->va, map->va_end, map->page_shift, map->prot & DEVMEMHP_PROT_CONT);
	return 0;
}

static void kinds_text(const int64_t kb[NR_KINDS], char *buf, size_t len)
{
	snprintf(buf, len, "4k=%" PRId64 "kB 4k-cont=%" PRId64 "kB (%" PRId64 " x 64K) 2M=%" PRId64
		 "kB 2M-cont=%" PRId64 "kB (%" PRId64 " x 32M) 1G=%" PRId64 "kB", kb[K4], kb[K4_CONT],
		 kb[K4_CONT] / 64, kb[K2M], kb[K2M_CONT], kb[K2M_CONT] / (32 * 1024), kb[K1G]);
}

/* The model's kinds in the VA window [lo, hi) of a region. */
static void model_kinds(struct devmemhp_machine *m, enum devmemhp_map_region region, uint64_t lo,
			uint64_t hi, int64_t kb[NR_KINDS])
{
	struct kinds k = { .lo = lo, .hi = hi };

	ck_assert_int_eq(devmemhp_mapping_foreach(m, region, kinds_model, &k), 0);
	memcpy(kb, k.kb, sizeof(k.kb));
}

/* "# by kind: ..." of a walk, and each "# range S-E (System RAM...): ..." */
static void compare_totals(struct run *r, const char *ph, const char *dir, bool linear)
{
	struct devmemhp_geometry g = { .size = sizeof(g) };
	enum devmemhp_map_region region = linear ? DEVMEMHP_MAP_LINEAR : DEVMEMHP_MAP_VMEMMAP;
	char *walk = slurp("%s/ptwalk-%s.txt", dir, linear ? "directmap" : "vmemmap");
	char *want = NULL, *got = NULL, line[256];
	size_t wl = 0, gl = 0;
	FILE *w = open_memstream(&want, &wl), *o = open_memstream(&got, &gl);
	uint64_t base, end;
	int64_t kb[NR_KINDS];

	ck_assert_ptr_nonnull(walk);
	ck_assert_int_eq(devmemhp_machine_get_geometry(r->m, &g), 0);
	base = linear ? g.linear_base : g.vmemmap_base;
	end = linear ? g.linear_base + g.linear_size : g.vmemmap_view_end;
	for (const char *p = walk; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		uint64_t s, e;
		int at = 0;

		if (!strncmp(p, "# by kind: ", 11)) {
			fprintf(w, "%.*s\n", (int)n, p);
			model_kinds(r->m, region, base, end, kb);
			kinds_text(kb, line, sizeof(line));
			fprintf(o, "# by kind: %s\n", line);
		} else if (sscanf(p, "# range %" SCNx64 "-%" SCNx64 " (System RAM%*[^:]: %n", &s, &e,
				  &at) == 2 && at) { /* "(System RAM)", "(System RAM (virtio_mem))" */
			fprintf(w, "%.*s\n", (int)n, p);
			model_kinds(r->m, region, g.linear_base + s - g.phys_offset,
				    g.linear_base + e + 1 - g.phys_offset, kb);
			kinds_text(kb, line, sizeof(line));
			fprintf(o, "%.*s%s\n", at, p, line);
		}
		p = nl ? nl + 1 : p + n;
	}
	fclose(w);
	fclose(o);
	same(r->label, ph, linear ? "the linear map's totals" : "the vmemmap's totals", want, got);
	free(walk);
	free(want);
	free(got);
}

/* ---- dmesg ------------------------------------------------------------------- */

/* offline_pages() and try_remove_memory(): each "failed" line is in the model's
 * error of a step, and the "Offlined Pages N" add up to what the phase offlined */
static void compare_dmesg(struct run *r, const char *ph, const char *dir)
{
	char *dmesg = slurp("%s/dmesg-memory.txt", dir);
	uint64_t offlined = 0;

	ck_assert_ptr_nonnull(dmesg);
	for (const char *p = dmesg; *p;) {
		const char *nl = strchr(p, '\n'), *msg = strstr(p, "] ");
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char text[256];
		unsigned long long pages;

		if (msg && msg < p + n) {
			msg += 2;
			snprintf(text, sizeof(text), "%.*s", (int)(p + n - msg), msg);
			if (sscanf(text, "Offlined Pages %llu", &pages) == 1)
				offlined += pages;
			else if (!strncmp(text, "memory offlining [mem ", 22) ||
				 !strncmp(text, "removing memory fails, ", 23))
				ck_assert_msg(strstr(r->errors, text) != NULL,
					      "%s/%s: the kernel said \"%s\", the model:\n%s", r->label,
					      ph, text, r->errors);
		}
		p = nl ? nl + 1 : p + n;
	}
	ck_assert_msg(offlined == r->offlined, "%s/%s: the kernel offlined %" PRIu64 " pages, the "
		      "model %" PRIu64, r->label, ph, offlined, r->offlined);
	free(dmesg);
}

/* ---- one phase, one scenario ----------------------------------------------------- */

/* replayed: the steps' errors and offlined pages are there to compare with dmesg */
static void compare_phase(struct run *r, const char *ph, const char *dir, bool replayed)
{
	compare_file(r->m, r->label, ph, dir, "iomem.txt", DEVMEMHP_VIEW_IOMEM, NULL);
	compare_memtotal(r, ph, dir);
	compare_file(r->m, r->label, ph, dir, "memory-blocks.txt", DEVMEMHP_VIEW_MEMORY_BLOCKS,
		     NULL);
	compare_lsmem(r->m, r->label, ph, dir);
	compare_sysfs_top(r->m, r->label, ph, dir);
	compare_zones(r, ph, dir);
	/* all of memory below 4 GiB */
	compare_runs(r->m, r->label, ph, dir, 0, 4 * GiB);
	compare_totals(r, ph, dir, true);
	compare_totals(r, ph, dir, false);
	if (replayed)
		compare_dmesg(r, ph, dir);
}

static char *phase_dir(const struct scenario *sc, const struct phase *p)
{
	char *dir;

	ck_assert_int_ge(asprintf(&dir, "%s/tests/data/oracle/arm64-6.1/%s/%s", data_dir(), sc->dir,
				  p->name), 0);
	return dir;
}

START_TEST(test_scenario)
{
	const struct scenario *sc = &scenarios[_i];
	struct run r = { .sc = sc };

	snprintf(r.label, sizeof(r.label), "arm64-6.1/%s", sc->dir);
	r.m = tu_machine_kernel("arm64", "6.1", sc->options);
	for (const struct phase *p = sc->phases; p->name; p++) {
		char *dir = phase_dir(sc, p);

		if (p == sc->phases) /* start from the recorded machine */
			import_phase(r.m, r.label, p->name, dir);
		r.errors[0] = '\0';
		r.offlined = 0;
		for (const struct step *s = p->steps; s->op; s++)
			do_step(&r, p->name, s);
		compare_phase(&r, p->name, dir, true);
		free(dir);
	}
	devmemhp_machine_unref(r.m);
}
END_TEST

/* Every recorded phase, imported on its own, gives its files back. */
START_TEST(test_roundtrip)
{
	const struct scenario *sc = &scenarios[_i];

	for (const struct phase *p = sc->phases; p->name; p++) {
		struct run r = { .sc = sc };
		char *dir = phase_dir(sc, p);

		snprintf(r.label, sizeof(r.label), "arm64-6.1/%s", sc->dir);
		r.m = tu_machine_kernel("arm64", "6.1", sc->options);
		import_phase(r.m, r.label, p->name, dir);
		compare_phase(&r, p->name, dir, false);
		devmemhp_machine_unref(r.m);
		free(dir);
	}
}
END_TEST

/* Every recorded scenario and phase is replayed: nothing is skipped unseen. */
START_TEST(test_every_recording)
{
	const struct scenario_table table = SCENARIO_TABLE(scenarios, struct scenario);
	char *top;

	ck_assert_int_ge(asprintf(&top, "%s/tests/data/oracle/arm64-6.1", data_dir()), 0);
	ck_assert_int_eq(check_recorded(top, "arm64-6.1", &table), (int)NR_SCENARIOS);
	free(top);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("conformance_arm64");
	TCase *tc = tcase_create("oracle");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_every_recording);
	tcase_add_loop_test(tc, test_scenario, 0, NR_SCENARIOS);
	tcase_add_loop_test(tc, test_roundtrip, 0, NR_SCENARIOS);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
