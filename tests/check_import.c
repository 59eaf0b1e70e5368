/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * devmemhp_machine_import() on bad input: each malformed file gives -EINVAL
 * naming the file and line and leaves the machine as it was; thousands of
 * mutated copies of real recordings give an error or a consistent machine,
 * never a crash (run under ASan and valgrind by CI).
 */
#include <ctype.h>
#include <stdarg.h>
#include <dirent.h>
#include <stdbool.h>
#include <syslog.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysroot.h"
#include "testutil.h"

#define QEMU "kernel=6.1,levels=5,phys_bits=40"

/* /proc/iomem of a small QEMU guest, as root reads it. */
static const char base_iomem[] =
	"00000000-00000fff : Reserved\n"              /* 1 */
	"00001000-0009fbff : System RAM\n"            /* 2 */
	"0009fc00-0009ffff : Reserved\n"              /* 3 */
	"000f0000-000fffff : Reserved\n"              /* 4 */
	"00100000-3ffdffff : System RAM\n"            /* 5 */
	"  01000000-01e01d31 : Kernel code\n"         /* 6 */
	"  02000000-028eafff : Kernel rodata\n"       /* 7 */
	"3ffe0000-3fffffff : Reserved\n"              /* 8 */
	"40000000-febfffff : PCI Bus 0000:00\n"       /* 9 */
	"  febfc000-febfffff : 0000:00:02.0\n"        /* 10 */
	"fffc0000-ffffffff : Reserved\n";             /* 11 */

static char *path_of(const char *root, const char *rel)
{
	char *p;

	ck_assert_int_ge(asprintf(&p, "%s/%s", root, rel), 0);
	return p;
}

static void put(const char *root, const char *rel, const char *text, size_t len)
{
	char *p = path_of(root, rel);
	FILE *f = fopen(p, "w");

	ck_assert_msg(f != NULL, "cannot write %s", p);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	free(p);
}

static void put_append(const char *root, const char *rel, const char *text)
{
	char *p = path_of(root, rel);
	FILE *f = fopen(p, "a");

	ck_assert_msg(f != NULL, "cannot append to %s", p);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	free(p);
}

static char *slurp(const char *root, const char *rel, size_t *len)
{
	char *p = path_of(root, rel), *buf = NULL;
	FILE *f = fopen(p, "r"), *o;
	char chunk[4096];
	size_t n, l = 0;

	ck_assert_msg(f != NULL, "cannot read %s", p);
	o = open_memstream(&buf, &l);
	while ((n = fread(chunk, 1, sizeof(chunk), f)))
		fwrite(chunk, 1, n, o);
	fclose(f);
	fclose(o);
	free(p);
	if (len)
		*len = l;
	return buf;
}

static void rm_tree(const char *root)
{
	char *cmd;

	ck_assert_int_ge(asprintf(&cmd, "rm -rf %s", root), 0);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

/* A machine root with only proc/iomem. */
static void small_root(char *root)
{
	char *proc;

	ck_assert_ptr_nonnull(mkdtemp(root));
	proc = path_of(root, "proc");
	ck_assert_int_eq(mkdir(proc, 0755), 0);
	free(proc);
	put(root, "proc/iomem", base_iomem, strlen(base_iomem));
}

/* A machine root made from a phase a kernel recorded. */
static void kernel_root(char *root, const char *kernel, const char *phase)
{
	char *dir;

	ck_assert_ptr_nonnull(mkdtemp(root));
	ck_assert_int_ge(asprintf(&dir, "%s/tests/data/oracle/%s/%s",
				  getenv("srcdir") ? getenv("srcdir") : ".", kernel, phase), 0);
	ck_assert_int_eq(tu_sysroot(dir, root), 0);
	free(dir);
}

/* A machine root made from a phase 6.1 recorded. */
static void recorded_root(char *root, const char *phase)
{
	kernel_root(root, "6.1", phase);
}

/* base_iomem with line `nr` (1-based) replaced by `text` ("" drops it; a
 * text ending in '\n' after a line inserts). */
static char *iomem_with(unsigned int nr, const char *text)
{
	char *out = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&out, &len);
	unsigned int line = 0;

	for (const char *p = base_iomem; *p;) {
		const char *nl = strchr(p, '\n');

		if (++line == nr)
			fputs(text, o);
		else
			fwrite(p, 1, (size_t)(nl - p + 1), o);
		p = nl + 1;
	}
	fclose(o);
	return out;
}

/* What an import may change: the state, and the settings that follow the
 * files (the kernel and why, the block size, auto_online_blocks). */
static char *snapshot(struct devmemhp_machine *m)
{
	struct devmemhp_kernel k = { .size = sizeof(k) };
	struct devmemhp_geometry g = { .size = sizeof(g) };
	char *dump = tu_dump(m), *blocks = tu_view(m, DEVMEMHP_VIEW_MEMORY_BLOCKS), *out;

	ck_assert_int_eq(devmemhp_machine_get_kernel(m, &k), 0);
	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	blocks[strcspn(blocks, "\n")] = '\0';
	ck_assert_int_ge(asprintf(&out, "kernel %s (%s) block_size %#" PRIx64 " leaves %#x image %#"
				  PRIx64 "-%#" PRIx64 "\n%s\n%s", k.name, k.why, g.block_size,
				  g.leaf_levels, g.kernel_image_start, g.kernel_image_end, blocks,
				  dump), 0);
	free(dump);
	free(blocks);
	return out;
}

/* The machine is still the one `before` was a snapshot of. */
static void same_machine(struct devmemhp_machine *m, const char *before)
{
	char *now = snapshot(m);

	ck_assert_str_eq(now, before);
	free(now);
}

START_TEST(test_import_small)
{
	char root[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU);
	struct devmemhp_memory_block b;
	char *iomem = NULL;
	size_t len = 0;
	FILE *f;

	tu_template(root, "import");
	small_root(root);
	OP(m, devmemhp_machine_import(m, root), 0);
	/* the tree comes back as it was read */
	f = open_memstream(&iomem, &len);
	ck_assert_int_eq(devmemhp_write_view(m, DEVMEMHP_VIEW_IOMEM, f), 0);
	fclose(f);
	ck_assert_str_eq(iomem, base_iomem);
	/* without sysfs the boot RAM makes the blocks: 1 GiB in 128 MiB blocks */
	ck_assert_uint_eq(tu_stats(m).memory_blocks, 8);
	b = tu_block(m, 7);
	ck_assert(b.online);
	ck_assert_int_eq(devmemhp_memory_block_get(m, 8, &b), -ENOENT);
	free(iomem);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

/* Free memory: zoneinfo's nr_free_pages, else each node's MemFree, else
 * proc/meminfo's */
START_TEST(test_import_free)
{
	char root[TU_TEMPLATE_MAX], *cmd;
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU);
	struct devmemhp_node_info ni = { .size = sizeof(ni) };

	tu_template(root, "import");
	kernel_root(root, "6.1", "dimm-1g/before");
	OP(m, devmemhp_machine_import(m, root), 0);
	/* the recorded zones' nr_free_pages: 3808 (DMA) + 210301 (DMA32) */
	ck_assert_uint_eq(tu_stats(m).free_bytes, (3808 + 210301) * 4 * KiB);
	ck_assert_int_eq(devmemhp_node_info_get(m, 0, &ni), 0);
	ck_assert_uint_eq(ni.reserved_bytes, ni.managed_bytes - ni.free_bytes);
	/* without them, the node's MemFree */
	ck_assert_int_ge(asprintf(&cmd, "sed -i '/nr_free_pages/d' %s/proc/zoneinfo", root), 0);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	put(root, "sys/devices/system/node/node0/meminfo",
	    "Node 0 MemTotal:         915172 kB\nNode 0 MemFree:          800000 kB\n", 70);
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_uint_eq(tu_stats(m).free_bytes, 800000 * KiB);
	/* without that, proc/meminfo's */
	ck_assert_int_ge(asprintf(&cmd, "rm %s/sys/devices/system/node/node0/meminfo", root), 0);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_uint_eq(tu_stats(m).free_bytes, 856688 * KiB);
	/* and a hot-add's memmap comes out of it (auto_online_blocks=online: +1 GiB) */
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, DEVICE_MEMORY_NONE), 0);
	ck_assert_uint_eq(tu_stats(m).free_bytes, 856688 * KiB - 16 * MiB + GiB);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

/*
 * Recorded on Linux 6.1 (oracle scenario dimm-48g-on-512m): a 512 MiB guest
 * given a 48 GiB DIMM maps it with 1G pages, fails vmemmap_populate() with
 * "vmemmap alloc failure: order:9", WARNs in add_pages(), "add_memory
 * failed", and 18 s later runs out of memory and panics.  Imported from
 * the phase before, the model refuses the add with -ENOMEM in those words
 * and changes nothing.
 */
START_TEST(test_recorded_enomem)
{
	static const char *const said[] = { "[mem 0x100000000-0xcffffffff]",
					    "vmemmap alloc failure: order:9" };
	char root[TU_TEMPLATE_MAX], *console, *dump;
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU);
	struct devmemhp_add_params p = { .size = sizeof(p), .start = 4 * GiB, .length = 48 * GiB };
	struct devmemhp_plan plan = { .size = sizeof(plan) };
	size_t len;

	tu_template(root, "import");
	kernel_root(root, "6.1", "dimm-48g-on-512m/before");
	OP(m, devmemhp_machine_import(m, root), 0);
	/* zoneinfo's nr_free_pages (MemFree, read a moment earlier, said 357856 kB) */
	ck_assert_uint_eq(tu_stats(m).free_bytes, 356508 * KiB);
	dump = tu_dump(m);
	ck_assert_int_eq(devmemhp_plan_add(m, &p, &plan), 0);
	ck_assert_int_eq(plan.result, -ENOMEM);
	console = slurp(getenv("srcdir") ? getenv("srcdir") : ".",
			"tests/data/oracle/6.1/dimm-48g-on-512m/console-dimm1.txt", &len);
	for (size_t i = 0; i < sizeof(said) / sizeof(said[0]); i++) {
		ck_assert_ptr_nonnull(strstr(console, said[i]));
		ck_assert_ptr_nonnull(strstr(plan.reason, said[i]));
	}
	ck_assert_ptr_nonnull(strstr(console, "add_memory failed"));
	/* what Linux keeps: the memmap of 172 of the 384 sections, all the
	 * free memory but the watermarks' and a section's worth */
	ck_assert_uint_eq(plan.kernel_leaves_bytes, 172 * 2 * MiB);
	OP(m, devmemhp_add_memory_ex(m, &p), -ENOMEM);
	tu_expect_dump(m, dump);
	free(console);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

struct bad_iomem {
	unsigned int line;
	const char *text;   /* replaces the line */
	const char *where;  /* must be in the message */
	const char *why;
};

static const struct bad_iomem bad_iomems[] = {
	{ 5, "00100000-3ffd\n", "proc/iomem:5:", "not \"start-end : name\"" },   /* truncated */
	{ 5, "00100000-3ffdffff : \n", "proc/iomem:5:", "" },                   /* no name */
	{ 2, "0000zz00-0009fbff : System RAM\n", "proc/iomem:2:", "bad hex" },
	{ 2, "00001000-0009fbfg : System RAM\n", "proc/iomem:2:", "bad hex" },
	{ 2, "00001000-10000000000000000 : System RAM\n", "proc/iomem:2:", "bad hex" },
	{ 3, "0009f000-0009ffff : Reserved\n", "proc/iomem:3:", "overlaps" },    /* overlapping */
	{ 4, "0009fc00-000fffff : Reserved\n", "proc/iomem:4:", "overlaps" },    /* precedes */
	{ 7, "  02000000-4fffffff : Kernel rodata\n", "proc/iomem:7:", "not inside its parent" },
	{ 6, "   01000000-01e01d31 : Kernel code\n", "proc/iomem:6:", "odd indent" },
	{ 6, "    01000000-01e01d31 : Kernel code\n", "proc/iomem:6:", "nested" },
	{ 1, "  00000000-00000fff : Reserved\n", "proc/iomem:1:", "nested" },
	{ 5, "3ffdffff-00100000 : System RAM\n", "proc/iomem:5:", "ends before it starts" },
	{ 11, "fffc0000-10000000000 : Reserved\n", "proc/iomem:11:", "beyond phys_bits=40" },
	{ 5, "00100000-3ffdffff\n", "proc/iomem:5:", "not \"start-end : name\"" },
	{ 5, "00100000 3ffdffff : System RAM\n", "proc/iomem:5:", "not \"start-end : name\"" },
};

/* Log lines into a memstream, for comparing what two imports said. */
static __attribute__((format(printf, 6, 0))) void log_to(void *data, int prio, const char *file,
							  int line, const char *fn,
							  const char *format, va_list args)
{
	(void)file;
	(void)line;
	(void)fn;
	fprintf(data, "%d ", prio);
	vfprintf(data, format, args);
	fputc('\n', data);
}

/* One phase imported from its root and from the same files in memory:
 * the same answer, the same machine, the same words. */
static void same_import(const char *arch, const char *phase_dir)
{
	char root[TU_TEMPLATE_MAX], *said[2] = { NULL, NULL }, *snap[2] = { NULL, NULL };
	size_t len[2], nr;
	struct dmh_import_file *files;
	int rc[2];

	tu_template(root, "import-mem");
	ck_assert_ptr_nonnull(mkdtemp(root));
	ck_assert_int_eq(tu_sysroot(phase_dir, root), 0);
	ck_assert_int_eq(tu_tree_files(root, &files, &nr), 0);
	for (int i = 0; i < 2; i++) {
		struct devmemhp_machine *m = tu_machine(arch, NULL);
		FILE *log = open_memstream(&said[i], &len[i]);

		devmemhp_set_log_fn(m, log_to, log);
		devmemhp_set_log_priority(m, LOG_DEBUG);
		rc[i] = i ? dmh_machine_import_files(m, files, nr) : devmemhp_machine_import(m, root);
		devmemhp_set_log_fn(m, NULL, NULL);
		fclose(log);
		snap[i] = snapshot(m);
		devmemhp_machine_unref(m);
	}
	ck_assert_msg(rc[0] == rc[1], "%s: %d from its root, %d from memory", phase_dir, rc[0], rc[1]);
	ck_assert_str_eq(snap[1], snap[0]);
	/* the messages name the root, or "(memory)" */
	for (char *p; (p = strstr(said[0], root));)
		memmove(p, "(memory)", 8), memmove(p + 8, p + strlen(root), strlen(p + strlen(root)) + 1);
	ck_assert_str_eq(said[1], said[0]);
	for (int i = 0; i < 2; i++) {
		free(said[i]);
		free(snap[i]);
	}
	tu_tree_files_free(files, nr);
	rm_tree(root);
}

/* Import from memory (the fuzzer's way in) reads what import from a root
 * reads: every phase of every recording. */
START_TEST(test_import_from_memory)
{
	static const struct { const char *dir, *arch; } kernels[] = {
		{ "6.1", "x86_64" },    { "6.12", "x86_64" },     { "7.2", "x86_64" },
		{ "cxl-6.1", "x86_64" }, { "cxl-6.12", "x86_64" }, { "arm64-6.1", "arm64" },
	};
	const char *srcdir = getenv("srcdir") ? getenv("srcdir") : ".";
	unsigned int phases = 0;

	for (size_t k = 0; k < sizeof(kernels) / sizeof(kernels[0]); k++) {
		char *dir;
		DIR *sd;
		struct dirent *s;

		ck_assert_int_ge(asprintf(&dir, "%s/tests/data/oracle/%s", srcdir, kernels[k].dir), 0);
		sd = opendir(dir);
		ck_assert_ptr_nonnull(sd);
		while ((s = readdir(sd))) {
			char *scenario;
			DIR *pd;
			struct dirent *p;

			if (s->d_name[0] == '.')
				continue;
			ck_assert_int_ge(asprintf(&scenario, "%s/%s", dir, s->d_name), 0);
			pd = opendir(scenario);
			while (pd && (p = readdir(pd))) {
				char *phase;
				struct stat st;

				if (p->d_name[0] == '.')
					continue;
				ck_assert_int_ge(asprintf(&phase, "%s/%s", scenario, p->d_name), 0);
				if (!stat(phase, &st) && S_ISDIR(st.st_mode)) {
					same_import(kernels[k].arch, phase);
					phases++;
				}
				free(phase);
			}
			if (pd)
				closedir(pd);
			free(scenario);
		}
		closedir(sd);
		free(dir);
	}
	ck_assert_uint_ge(phases, 250);
}
END_TEST

/* Files in memory are checked as a root's are, and named once each. */
START_TEST(test_import_files_bad)
{
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU);
	char *before = snapshot(m);
	const struct dmh_import_file twice[] = {
		{ "proc/iomem", base_iomem, sizeof(base_iomem) - 1 },
		{ "proc/iomem", base_iomem, sizeof(base_iomem) - 1 },
	};
	const struct dmh_import_file nul[] = { { "proc/iomem", "0-fff : Reserved\n\0", 18 } };
	struct dmh_import_file good[2 + 8 * 4] = {
		{ "proc/iomem", base_iomem, sizeof(base_iomem) - 1 },
		{ "sys/devices/system/memory/block_size_bytes", "8000000\n", 8 },
	};
	static const char *const attrs[] = { "phys_index", "state", "valid_zones", "node0" };
	char *paths[8 * 4], index[8][16];
	size_t nr = 2;

	/* 1 GiB of boot RAM: memory0 (DMA and DMA32) and memory1..7 (DMA32), online on node 0 */
	for (int id = 0; id < 8; id++) {
		snprintf(index[id], sizeof(index[id]), "%08x\n", id);
		for (int a = 0; a < 4; a++) {
			const char *text = a == 0 ? index[id] : a == 1 ? "online\n" :
					   a == 2 ? (id ? "DMA32\n" : "none\n") : "";

			ck_assert_int_ge(asprintf(&paths[id * 4 + a], "sys/devices/system/memory/"
						  "memory%d/%s", id, attrs[a]), 0);
			good[nr++] = (struct dmh_import_file){ paths[id * 4 + a], text, strlen(text) };
		}
	}
	ck_assert_int_eq(dmh_machine_import_files(m, twice, 2), -EINVAL);
	ck_assert_int_eq(dmh_machine_import_files(m, NULL, 0), -EINVAL); /* no proc/iomem */
	ck_assert_int_eq(dmh_machine_import_files(m, NULL, 1), -EINVAL);
	ck_assert_int_eq(dmh_machine_import_files(m, nul, 1), -EINVAL);
	same_machine(m, before);
	free(before);
	OP(m, dmh_machine_import_files(m, good, nr), 0);
	ck_assert_int_eq(tu_block(m, 7).nid, 0);
	ck_assert_uint_eq(tu_stats(m).memory_blocks, 8);
	for (size_t i = 0; i < 8 * 4; i++)
		free(paths[i]);
	devmemhp_machine_unref(m);
}
END_TEST

START_TEST(test_bad_iomem)
{
	const struct bad_iomem *c = &bad_iomems[_i];
	char root[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU);
	char *text = iomem_with(c->line, c->text), *before;

	tu_template(root, "import");
	small_root(root);
	put(root, "proc/iomem", text, strlen(text));
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	before = snapshot(m);
	OP_ERR(m, devmemhp_machine_import(m, root), -EINVAL, c->where);
	ck_assert_msg(strstr(devmemhp_last_error(m), c->why), "\"%s\" does not say \"%s\"",
		      devmemhp_last_error(m), c->why);
	same_machine(m, before);
	rm_tree(root);
	free(text);
	free(before);
	devmemhp_machine_unref(m);
}
END_TEST

/* Whole-file problems of proc/iomem. */
START_TEST(test_bad_iomem_file)
{
	static const struct {
		const char *text;
		size_t len;
		const char *why;
	} cases[] = {
		{ "", 0, "proc/iomem: is empty" },
		{ "\n\n", 2, "proc/iomem: is empty" },
		{ "00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n", 60,
		  "CAP_SYS_ADMIN" }, /* what a user without root reads */
		{ "00000000-00000fff : Reserved\n", 29, "no top-level System RAM" },
		{ "00001000-0009fbff : System\0RAM\n", 31, "NUL byte" },
	};
	char root[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU);
	char *before = snapshot(m), *iomem;

	tu_template(root, "import");
	small_root(root);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		put(root, "proc/iomem", cases[i].text, cases[i].len);
		OP_ERR(m, devmemhp_machine_import(m, root), -EINVAL, cases[i].why);
		same_machine(m, before);
	}
	/* no proc/iomem at all */
	iomem = path_of(root, "proc/iomem");
	ck_assert_int_eq(unlink(iomem), 0);
	OP_ERR(m, devmemhp_machine_import(m, root), -EINVAL, "proc/iomem: is missing");
	same_machine(m, before);
	OP_ERR(m, devmemhp_machine_import(m, NULL), -EINVAL, "root is NULL");
	OP_ERR(m, devmemhp_machine_import(m, ""), -EINVAL,
	       "machine_import: root is empty; \"/\" imports this host's own files");
	same_machine(m, before);
	ck_assert_int_eq(devmemhp_machine_import(NULL, root), -EINVAL);
	free(iomem);
	free(before);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

struct bad_file {
	const char *rel;    /* under the root */
	const char *text;   /* its new content */
	int line;           /* the line it replaces (0: the whole file) */
	const char *where;
	const char *why;
};

#define MEM "sys/devices/system/memory/"

static const struct bad_file bad_files[] = {
	/* a block file with an unknown state */
	{ MEM "memory3/state", "sleeping\n", 0, MEM "memory3/state:1:", "unknown state" },
	{ MEM "memory3/state", "", 0, MEM "memory3/state:1:", "unknown state" },
	{ MEM "memory3/state", "online\noffline\n", 0, MEM "memory3/state:1:", "one short line" },
	{ MEM "memory3/phys_index", "0000000z\n", 0, MEM "memory3/phys_index:1:", "index" },
	{ MEM "memory3/phys_index", "00000004\n", 0, MEM "memory3/phys_index:1:", "index" },
	{ MEM "memory3/valid_zones", "Highmem\n", 0, MEM "memory3/valid_zones:1:", "zone" },
	{ MEM "block_size_bytes", "zz\n", 0, MEM "block_size_bytes:1:", "power-of-two" },
	{ MEM "block_size_bytes", "7000000\n", 0, MEM "block_size_bytes:1:", "power-of-two" },
	{ MEM "block_size_bytes", "4000000\n", 0, MEM "block_size_bytes:1:", "power-of-two" },
	{ MEM "auto_online_blocks", "sometimes\n", 0, MEM "auto_online_blocks:1:", "policy" },
	{ "proc/meminfo", "DirectMap2M:    abc kB", 53, "proc/meminfo:53:", "not a number" },
	{ "proc/meminfo", "DirectMap2M:    1024", 53, "proc/meminfo:53:", "kB" },
	{ "proc/meminfo", "DirectMap3M:    1024 kB", 53, "proc/meminfo:53:", "no page" },
	{ "proc/meminfo", "DirectMap2M:    1000 kB", 53, "proc/meminfo:53:", "whole pages" },
	{ "proc/meminfo", "MemTotal 1000 kB", 1, "proc/meminfo:1:", "Key:" },
	{ "proc/zoneinfo", "Node 0, zone    Highmem", 1, "proc/zoneinfo:1:", "no zone" },
	{ "proc/zoneinfo", "Node 1024, zone      DMA", 1, "proc/zoneinfo:1:", "at most 1024 nodes" },
	{ "proc/zoneinfo", "Node 0 zone DMA", 1, "proc/zoneinfo:1:", "Node N, zone NAME" },
	{ "proc/zoneinfo", "        spanned  4o95", 51, "proc/zoneinfo:51:", "not a number" },
	{ "proc/zoneinfo", "        managed  9999", 53, "proc/zoneinfo:", "do not fit" },
};

/* `text` as line `line` of the file, or the whole file. */
static void replace(const char *root, const struct bad_file *c)
{
	char *old, *out = NULL;
	size_t len = 0, olen;
	FILE *o;
	int nr = 0;

	if (!c->line) {
		put(root, c->rel, c->text, strlen(c->text));
		return;
	}
	old = slurp(root, c->rel, &olen);
	o = open_memstream(&out, &len);
	for (const char *p = old; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);

		if (++nr == c->line)
			fprintf(o, "%s\n", c->text);
		else
			fwrite(p, 1, n, o);
		p += n;
	}
	fclose(o);
	ck_assert_int_ge(nr, c->line);
	put(root, c->rel, out, len);
	free(old);
	free(out);
}

START_TEST(test_bad_file)
{
	const struct bad_file *c = &bad_files[_i];
	char root[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU);
	char *before;

	tu_template(root, "import");
	recorded_root(root, "dimm-1g/before");
	OP(m, devmemhp_machine_import(m, root), 0); /* the untouched recording imports */
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	before = snapshot(m);
	replace(root, c);
	OP_ERR(m, devmemhp_machine_import(m, root), -EINVAL, c->where);
	ck_assert_msg(strstr(devmemhp_last_error(m), c->why), "\"%s\" does not say \"%s\"",
		      devmemhp_last_error(m), c->why);
	same_machine(m, before);
	free(before);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

/* Files that disagree with each other. */
START_TEST(test_inconsistent)
{
	char root[TU_TEMPLATE_MAX], hmm[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU);
	char *before = snapshot(m), *cmd;

	tu_template(root, "import");
	/* a block sysfs lists, but no System RAM holds */
	recorded_root(root, "dimm-1g/after-dimm1");
	ck_assert_int_ge(asprintf(&cmd, "cp -r %s/" MEM "memory32 %s/" MEM "memory64", root, root),
			 0);
	ck_assert_int_eq(system(cmd), 0);
	put(root, MEM "memory64/phys_index", "00000040\n", 9);
	OP_ERR(m, devmemhp_machine_import(m, root), -EINVAL, "memory blocks");
	same_machine(m, before);
	free(cmd);
	free(before);
	rm_tree(root);
	devmemhp_machine_unref(m);

	/* device-private memory on a kernel built without ZONE_DEVICE */
	m = tu_machine("x86_64", QEMU ",zone_device=0");
	before = snapshot(m);
	tu_template(hmm, "import");
	recorded_root(hmm, "hmm-l5-boot/boot");
	OP_ERR(m, devmemhp_machine_import(m, hmm), -EINVAL, "Device is no zone of x86_64");
	ck_assert_int_ge(asprintf(&cmd, "rm %s/proc/zoneinfo", hmm), 0);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	OP_ERR(m, devmemhp_machine_import(m, hmm), -EINVAL, "no ZONE_DEVICE (zone_device=0)");
	same_machine(m, before);
	free(before);
	rm_tree(hmm);
	devmemhp_machine_unref(m);
}
END_TEST

/* ---- helpers for hand-edited roots --------------------------------------------- */

/* In root/rel, the first `old` after `anchor` becomes `new`. */
static void edit(const char *root, const char *rel, const char *anchor, const char *old,
		 const char *new)
{
	char *text = slurp(root, rel, NULL), *out;
	char *a = strstr(text, anchor), *o;

	ck_assert_msg(a != NULL, "%s has no \"%s\"", rel, anchor);
	o = strstr(a, old);
	ck_assert_msg(o != NULL, "%s has no \"%s\" after \"%s\"", rel, old, anchor);
	ck_assert_int_ge(asprintf(&out, "%.*s%s%s", (int)(o - text), text, new, o + strlen(old)), 0);
	put(root, rel, out, strlen(out));
	free(out);
	free(text);
}

static void rm_path(const char *root, const char *rel)
{
	char *p = path_of(root, rel);

	ck_assert_msg(unlink(p) == 0 || rmdir(p) == 0, "cannot remove %s", p);
	free(p);
}

static void ln(const char *root, const char *target, const char *rel)
{
	char *p = path_of(root, rel);

	ck_assert_msg(symlink(target, p) == 0, "cannot link %s", p);
	free(p);
}

static bool exists(const char *root, const char *rel)
{
	char *p = path_of(root, rel);
	struct stat st;
	bool yes = lstat(p, &st) == 0;

	free(p);
	return yes;
}

/* The warnings the library logs, one a line. */
struct warnings {
	char *text;
	size_t len;
	FILE *f;
};

static __attribute__((format(printf, 6, 0))) void keep_warning(void *data, int priority,
							       const char *file, int line,
							       const char *fn, const char *format,
							       va_list args)
{
	struct warnings *w = data;

	(void)file, (void)line, (void)fn;
	if (priority != LOG_WARNING)
		return;
	vfprintf(w->f, format, args);
	fputc('\n', w->f);
	fflush(w->f);
}

static void watch(struct devmemhp_machine *m, struct warnings *w)
{
	w->f = open_memstream(&w->text, &w->len);
	fflush(w->f); /* text and len hold "" from now on */
	devmemhp_set_log_fn(m, keep_warning, w);
	devmemhp_set_log_priority(m, LOG_WARNING);
}

static void unwatch(struct warnings *w)
{
	fclose(w->f);
	free(w->text);
}

static struct devmemhp_page_info page(struct devmemhp_machine *m, uint64_t pfn)
{
	struct devmemhp_page_info pi = { .size = sizeof(pi) };

	OP(m, devmemhp_page_info(m, pfn, &pi), 0);
	return pi;
}

static struct devmemhp_kernel kernel_of(struct devmemhp_machine *m)
{
	struct devmemhp_kernel k = { .size = sizeof(k) };

	ck_assert_int_eq(devmemhp_machine_get_kernel(m, &k), 0);
	return k;
}

#define X86 "levels=5,phys_bits=40" /* the QEMU guest, the backend's default kernel (6.12) */
#define DEBIAN_612 "Linux version 6.12.117+deb13-amd64 (debian-kernel@lists.debian.org) " \
	"(x86_64-linux-gnu-gcc-14 (Debian 14.2.0-19) 14.2.0, GNU ld (GNU Binutils for Debian) " \
	"2.44) #1 SMP PREEMPT_DYNAMIC Debian 6.12.117-1 (2026-11-12)\n"
#define DEBIAN_61 "Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org) (gcc-12 " \
	"(Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP " \
	"PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-08)\n"

/* ---- proc/version: which kernel the machine models ------------------------------- */

static const struct {
	const char *version; /* proc/version */
	const char *kernel;  /* the kernel modelled then */
	const char *why;     /* devmemhp_machine_get_kernel()'s why */
} versions[] = {
	/* oracle/results-6.12's Debian 13 */
	{ DEBIAN_612, "6.12", "proc/version: Linux version 6.12.117+deb13-amd64" },
	{ DEBIAN_61, "6.1", "proc/version: Linux version 6.1.0-56-amd64" },
	/* an older point release of a modelled kernel */
	{ "Linux version 6.12.5 (builder@host) (gcc (GCC) 14.2.1) #1 SMP PREEMPT_DYNAMIC\n", "6.12",
	  "proc/version: Linux version 6.12.5" },
	/* between two modelled kernels: the older */
	{ "Linux version 6.8.0-51-generic (buildd@lcy02-amd64-091) (x86_64-linux-gnu-gcc-13) "
	  "#52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024\n", "6.1",
	  "proc/version: Linux version 6.8.0-51-generic: x86_64 does not model 6.8; 6.1 is the "
	  "nearest older kernel it does" },
	{ "Linux version 7.4.1-arch1-1 (linux@archlinux) (gcc (GCC) 15.1.1) #1 SMP\n", "7.2",
	  "proc/version: Linux version 7.4.1-arch1-1: x86_64 does not model 7.4; 7.2 is the "
	  "nearest older kernel it does" },
	/* older than every modelled kernel: the oldest */
	{ "Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) "
	  "11.4.0) #101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023\n", "6.1",
	  "proc/version: Linux version 5.15.0-91-generic: older than every kernel x86_64 models; "
	  "6.1 is the oldest" },
	/* a sublevel past 255, as KERNEL_VERSION() clamps it */
	{ "Linux version 4.19.325-cip113 (root@host) #1 SMP\n", "6.1",
	  "proc/version: Linux version 4.19.325-cip113: older than every kernel x86_64 models; "
	  "6.1 is the oldest" },
};

START_TEST(test_version)
{
	char root[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", X86);
	struct devmemhp_kernel k;

	tu_template(root, "import");
	small_root(root);
	put(root, "proc/version", versions[_i].version, strlen(versions[_i].version));
	OP(m, devmemhp_machine_import(m, root), 0);
	k = kernel_of(m);
	ck_assert_str_eq(k.name, versions[_i].kernel);
	ck_assert_str_eq(k.why, versions[_i].why);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

/* auto_online_blocks of sysfs, else online=, else the default of the kernel */
START_TEST(test_version_online)
{
	char root[TU_TEMPLATE_MAX], root2[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", X86);
	struct devmemhp_machine *given = tu_machine("x86_64", X86 ",online=online_movable");
	char *blocks;

	tu_template(root, "import");
	tu_template(root2, "import");
	/* no sysfs: Debian 12's 6.1 boots with auto_online_blocks offline */
	small_root(root);
	put(root, "proc/version", DEBIAN_61, strlen(DEBIAN_61));
	OP(m, devmemhp_machine_import(m, root), 0);
	blocks = tu_view(m, DEVMEMHP_VIEW_MEMORY_BLOCKS);
	ck_assert_msg(!strncmp(blocks, "# block_size_bytes=8000000 auto_online_blocks=offline\n", 53),
		      "%s", blocks);
	free(blocks);
	OP(given, devmemhp_machine_import(given, root), 0);
	blocks = tu_view(given, DEVMEMHP_VIEW_MEMORY_BLOCKS);
	ck_assert_msg(strstr(blocks, "auto_online_blocks=online_movable\n") != NULL, "%s", blocks);
	free(blocks);
	/* 6.1 booted with memhp_default_state=online: sysfs says so */
	kernel_root(root2, "6.1", "numa-span-2node/before");
	OP(m, devmemhp_machine_import(m, root2), 0);
	ck_assert_str_eq(kernel_of(m).name, "6.1");
	blocks = tu_view(m, DEVMEMHP_VIEW_MEMORY_BLOCKS);
	ck_assert_msg(strstr(blocks, "auto_online_blocks=online\n") != NULL, "%s", blocks);
	free(blocks);
	rm_tree(root);
	rm_tree(root2);
	devmemhp_machine_unref(m);
	devmemhp_machine_unref(given);
}
END_TEST

/* A proc/version that is no kernel's banner is a bad file, as any other. */
START_TEST(test_version_bad)
{
	static const char *const bad[] = {
		"", "\n", "Linux 6.12.117\n", "Linux version\n", "Linux version banana (gcc) #1\n",
		"Linux version 6 (gcc) #1 SMP\n", "linux version 6.12.117 (gcc)\n",
		"Linux version 300.1.2 (gcc)\n",
	};
	char root[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", X86);
	char *before = snapshot(m);

	tu_template(root, "import");
	small_root(root);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put(root, "proc/version", bad[i], strlen(bad[i]));
		OP_ERR(m, devmemhp_machine_import(m, root), -EINVAL, "proc/version:1:");
		same_machine(m, before);
	}
	ck_assert_str_eq(kernel_of(m).why, "the x86_64 backend's default");
	free(before);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

/* A failed import takes back the kernel proc/version chose, and the rest. */
START_TEST(test_version_restore)
{
	char root[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", X86);
	struct devmemhp_machine *force = tu_machine("x86_64", X86 ",memmap_on_memory=force");
	char *before = snapshot(m), *cmd;

	tu_template(root, "import");
	/* a block sysfs lists, but no System RAM holds: found after the kernel moved */
	recorded_root(root, "dimm-1g/after-dimm1");
	put(root, "proc/version", DEBIAN_61, strlen(DEBIAN_61));
	ck_assert_int_ge(asprintf(&cmd, "cp -r %s/" MEM "memory32 %s/" MEM "memory64", root, root),
			 0);
	ck_assert_int_eq(system(cmd), 0);
	put(root, MEM "memory64/phys_index", "00000040\n", 9);
	OP_ERR(m, devmemhp_machine_import(m, root), -EINVAL, "memory blocks");
	same_machine(m, before);
	ck_assert_str_eq(kernel_of(m).name, "6.12");
	ck_assert_str_eq(kernel_of(m).why, "the x86_64 backend's default");
	/* 6.1 has no memmap_on_memory=force */
	free(before);
	before = snapshot(force);
	free(cmd);
	ck_assert_int_ge(asprintf(&cmd, "rm -r %s/" MEM "memory64", root), 0);
	ck_assert_int_eq(system(cmd), 0);
	OP_ERR(force, devmemhp_machine_import(force, root), -EINVAL, "proc/version:1:");
	ck_assert_msg(strstr(devmemhp_last_error(force), "force"), "%s", devmemhp_last_error(force));
	same_machine(force, before);
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_str_eq(kernel_of(m).name, "6.1");
	free(cmd);
	free(before);
	rm_tree(root);
	devmemhp_machine_unref(m);
	devmemhp_machine_unref(force);
}
END_TEST

/* ---- device-private memory by what it is ----------------------------------------- */

#define GPU "fc00000000-fc3fffffff : 0000:03:00.0\n" /* amdgpu SVM's 1 GiB */

START_TEST(test_private_structure)
{
	char root[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", X86);
	struct devmemhp_page_info pi;
	struct devmemhp_zone_info z;
	char *iomem, *view;
	uint64_t va;

	tu_template(root, "import");
	/* a top-level region the size of node 0's Device zone (spanned 262144, no start_pfn) */
	kernel_root(root, "6.12", "dimm-1g/before");
	edit(root, "proc/iomem", "12c0000000", "fd00000000", GPU "fd00000000");
	edit(root, "proc/zoneinfo", "Node 0, zone   Device", "spanned  0", "spanned  262144");
	OP(m, devmemhp_machine_import(m, root), 0);
	pi = page(m, 0xfc00000);
	ck_assert_uint_eq(pi.flags, DEV_PRIVATE);
	ck_assert_int_eq(pi.zone, DEVMEMHP_ZONE_DEVICE);
	ck_assert_int_eq(pi.nid, 0);
	ck_assert_uint_eq(pi.range_size, GiB);
	ck_assert_int_eq(devmemhp_phys_to_virt(m, 0xfc00000000ull, &va), -EFAULT);
	z = tu_zone(m, 0, DEVMEMHP_ZONE_DEVICE);
	ck_assert_uint_eq(z.start_pfn, 0xfc00000);
	ck_assert_uint_eq(z.spanned, 262144);
	iomem = slurp(root, "proc/iomem", NULL);
	view = tu_view(m, DEVMEMHP_VIEW_IOMEM);
	ck_assert_str_eq(view, iomem);
	free(view);
	free(iomem);
	/* the Device zone has no room for it: a driver's region, no memory */
	edit(root, "proc/zoneinfo", "Node 0, zone   Device", "spanned  262144", "spanned  131072");
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_int_eq(devmemhp_page_info(m, 0xfc00000, &pi), -ENOENT);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

/* What is not device-private: a BAR, a region no Device zone has room for. */
START_TEST(test_private_not)
{
	char root[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", X86);
	struct devmemhp_page_info pi = { .size = sizeof(pi) };
	char *before;

	tu_template(root, "import");
	kernel_root(root, "6.12", "dimm-1g/before");
	/* a BAR inside the host bridge's window, with room in the Device zone */
	edit(root, "proc/iomem", "12c0000000-133fffffff : PCI Bus 0000:00\n", "fd00000000",
	     "  12c0000000-12ffffffff : 0000:03:00.0\nfd00000000");
	OP(m, devmemhp_machine_import(m, root), 0);
	OP(m, devmemhp_page_info(m, 0x12c00000, &pi), -ENOENT);
	/* top level, but no node has a Device zone: a driver's region */
	rm_tree(root);
	tu_template(root, "import");
	kernel_root(root, "6.12", "dimm-1g/before");
	edit(root, "proc/iomem", "12c0000000", "fd00000000", GPU "fd00000000");
	OP(m, devmemhp_machine_import(m, root), 0);
	OP(m, devmemhp_page_info(m, 0xfc00000, &pi), -ENOENT);
	/* named as test_hmm names it, but proc/zoneinfo has no Device zone for it */
	edit(root, "proc/iomem", "12c0000000", "0000:03:00.0", "hmm_dmirror");
	before = snapshot(m);
	OP_ERR(m, devmemhp_machine_import(m, root), -EINVAL, "proc/iomem:20:");
	ck_assert_msg(strstr(devmemhp_last_error(m), "no node's Device zone"), "%s",
		      devmemhp_last_error(m));
	same_machine(m, before);
	free(before);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

/* On the node whose Device zone holds it. */
START_TEST(test_private_node)
{
	char root[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", X86);

	tu_template(root, "import");
	kernel_root(root, "6.12", "numa-span-2node/before");
	edit(root, "proc/iomem", "1280000000", "fd00000000", GPU "fd00000000");
	edit(root, "proc/zoneinfo", "Node 1, zone   Device", "spanned  0", "spanned  262144");
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_int_eq(page(m, 0xfc00000).nid, 1);
	ck_assert_int_eq(page(m, 0xfc00000).zone, DEVMEMHP_ZONE_DEVICE);
	ck_assert_uint_eq(tu_zone(m, 1, DEVMEMHP_ZONE_DEVICE).spanned, 262144);
	ck_assert_uint_eq(tu_zone(m, 0, DEVMEMHP_ZONE_DEVICE).spanned, 0);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

/* ---- nodes ------------------------------------------------------------------------- */

static const char *const kernels[] = { "6.1", "6.12", "7.2" };
static const char *const numa_phases[] = {
	"numa-span-2node/before", "numa-span-2node/after-dimm1-node1",
	"numa-span-2node/after-dimm2-node0", "numa-span-uneven/before",
	"numa-span-uneven/after-dimm1-node1", "x-numa-span-unaligned/before",
	"x-numa-span-unaligned/after-dimm1-node1",
};

/* The linear-map runs of [pa, pa_end) on arm64 (PHYS_OFFSET 0), one a line. */
static char *arm64_runs(struct devmemhp_machine *m, uint64_t pa, uint64_t pa_end)
{
	const uint64_t page_offset = 0xffff000000000000ull;
	struct tu_map_list l = tu_mappings(m, DEVMEMHP_MAP_LINEAR, page_offset + pa,
					   page_offset + pa_end);
	char *out = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&out, &len);

	for (size_t i = 0; i < l.n; i++) /* clipped to the window */
		fprintf(o, "%#" PRIx64 "-%#" PRIx64 " %u%s%s\n",
			l.v[i].va - page_offset > pa ? l.v[i].va - page_offset : pa,
			l.v[i].va_end - page_offset < pa_end ? l.v[i].va_end - page_offset : pa_end,
			l.v[i].page_shift,
			l.v[i].prot & DEVMEMHP_PROT_RW ? "" : " ro",
			l.v[i].prot & DEVMEMHP_PROT_CONT ? " cont" : "");
	fclose(o);
	free(l.v);
	return out;
}

#define ARM64_VIRT "phys_offset=0,zone_device=0,rodata_full=0"

/*
 * arm64: iomem's "Kernel code" is the kernel image whose linear alias
 * map_mem() maps apart (geometry.kernel_image_*).  The machine has rodata=on
 * (a recording of rodata=full serves: the model makes the map).
 */
START_TEST(test_arm64_kernel_code)
{
	char root[TU_TEMPLATE_MAX], *iomem, *runs, *before, *p;
	struct devmemhp_machine *m = tu_machine("arm64", ARM64_VIRT);
	struct devmemhp_geometry g = { .size = sizeof(g) };
	struct warnings w;
	size_t len;

	tu_template(root, "import");
	kernel_root(root, "arm64-6.1", "virtio-mem/after-1G");
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	ck_assert_uint_eq(g.kernel_image_start, 0x76410000);
	ck_assert_uint_eq(g.kernel_image_end, 0x77a60000);
	runs = arm64_runs(m, 0x76000000, 0x78000000);
	ck_assert_str_eq(runs, "0x76000000-0x76400000 21\n"
			       "0x76400000-0x76410000 12 cont\n"
			       "0x76410000-0x76600000 12 ro\n"
			       "0x76600000-0x77a00000 21 ro\n"
			       "0x77a00000-0x77a60000 12 ro\n"
			       "0x77a60000-0x77c00000 12 cont\n"
			       "0x77c00000-0x78000000 21\n");
	free(runs);

	/* "Kernel code" of part pages: logged, and mapped with the rest */
	iomem = slurp(root, "proc/iomem", &len);
	p = strstr(iomem, "76410000-77a5ffff : Kernel code");
	ck_assert_ptr_nonnull(p);
	memcpy(p, "76410800", 8);
	put(root, "proc/iomem", iomem, len);
	watch(m, &w);
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_msg(strstr(w.text, "Kernel code 0x76410800-0x77a5ffff is not whole pages") != NULL,
		      "%s", w.text);
	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	ck_assert_uint_eq(g.kernel_image_start + g.kernel_image_end, 0);
	runs = arm64_runs(m, 0x76000000, 0x78000000);
	ck_assert_str_eq(runs, "0x76000000-0x78000000 21 cont\n");
	free(runs);

	/* a failed import keeps the image there was */
	memcpy(p, "76410000", 8);
	put(root, "proc/iomem", iomem, len);
	OP(m, devmemhp_machine_import(m, root), 0);
	before = snapshot(m);
	ck_assert_msg(strstr(before, "image 0x76410000-0x77a60000") != NULL, "%s", before);
	put(root, "proc/iomem", "", 0);
	OP(m, devmemhp_machine_import(m, root), -EINVAL);
	same_machine(m, before);
	free(before);
	/* none named: none */
	memcpy(p, "76410000-77a5ffff : Kernel cod_", 31);
	put(root, "proc/iomem", iomem, len);
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	ck_assert_uint_eq(g.kernel_image_start + g.kernel_image_end, 0);
	free(iomem);
	rm_tree(root);
	devmemhp_machine_unref(m);
	unwatch(&w);

	/* x86 maps its image with the rest: "Kernel code" is no image to it */
	m = tu_machine("x86_64", QEMU);
	tu_template(root, "import");
	recorded_root(root, "virtio-mem/after-1G");
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	ck_assert_uint_eq(g.kernel_image_leaf_levels + g.kernel_image_start + g.kernel_image_end, 0);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

/*
 * virtio_mem added its System RAM a memory block a call (SBM), so on arm64
 * with rodata=on a GiB of it is 32 x 32M of 2M blocks with the hint, never
 * the 1G block one call would make (arm64-6.1's rodata=on walks); dax/kmem
 * adds its range in one call.
 */
START_TEST(test_driver_ram_calls)
{
	char root[TU_TEMPLATE_MAX], *iomem, *runs, *p;
	struct devmemhp_machine *m = tu_machine("arm64", ARM64_VIRT);
	size_t len;

	tu_template(root, "import");
	kernel_root(root, "arm64-6.1", "virtio-mem/after-1G");
	OP(m, devmemhp_machine_import(m, root), 0);
	runs = arm64_runs(m, 0x80000000, 0xc0000000);
	ck_assert_str_eq(runs, "0x80000000-0xc0000000 21 cont\n");
	free(runs);
	/* the same GiB as kmem's */
	iomem = slurp(root, "proc/iomem", &len);
	p = strstr(iomem, "System RAM (virtio_mem)");
	ck_assert_ptr_nonnull(p);
	put(root, "proc/iomem", iomem, (size_t)(p - iomem));
	put_append(root, "proc/iomem", "System RAM (kmem)");
	put_append(root, "proc/iomem", p + strlen("System RAM (virtio_mem)"));
	OP(m, devmemhp_machine_import(m, root), 0);
	runs = arm64_runs(m, 0x80000000, 0xc0000000);
	ck_assert_str_eq(runs, "0x80000000-0xc0000000 30\n");
	free(runs);
	free(iomem);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

/* Every two-node recording imports into a one-node machine, which grows to
 * two, and warns of nothing. */
START_TEST(test_numa_quiet)
{
	struct devmemhp_machine *m = tu_machine("x86_64", X86);
	struct warnings w;

	watch(m, &w);
	for (size_t k = 0; k < sizeof(kernels) / sizeof(kernels[0]); k++)
		for (size_t i = 0; i < sizeof(numa_phases) / sizeof(numa_phases[0]); i++) {
			char root[TU_TEMPLATE_MAX];

			tu_template(root, "import");
			kernel_root(root, kernels[k], numa_phases[i]);
			OP(m, devmemhp_machine_import(m, root), 0);
			ck_assert_msg(w.len == 0, "%s/%s: %s", kernels[k], numa_phases[i], w.text);
			ck_assert_uint_eq(tu_block(m, 8).nid, 1);
			rm_tree(root);
		}
	unwatch(&w);
	devmemhp_machine_unref(m);
}
END_TEST

/* The node boundary inside memory6 (SRAT: node 1 from 0x32000000): the block
 * is linked to both nodes and in no single zone; each page is on its node. */
START_TEST(test_numa_unaligned)
{
	char root[TU_TEMPLATE_MAX], out[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", X86);
	struct devmemhp_memory_block b;
	struct devmemhp_zone_info z;
	char *blocks;

	tu_template(root, "import");
	tu_template(out, "export");
	kernel_root(root, "6.12", "x-numa-span-unaligned/before");
	OP(m, devmemhp_machine_import(m, root), 0);
	b = tu_block(m, 6);
	ck_assert_int_eq(b.nid, 0);
	ck_assert(b.online);
	ck_assert_int_eq(b.zone, DEVMEMHP_ZONE_NONE);
	ck_assert_int_eq(page(m, 0x31fff).nid, 0);
	ck_assert_int_eq(page(m, 0x32000).nid, 1);
	ck_assert_uint_eq(page(m, 0x32000).range_start, 0x32000000);
	/* zones.txt: node0 DMA32 start_pfn=4096 spanned=200704, node1 DMA32
	 * start_pfn=204800 spanned=319456 */
	z = tu_zone(m, 0, DEVMEMHP_ZONE_DMA32);
	ck_assert_uint_eq(z.start_pfn, 4096);
	ck_assert_uint_eq(z.spanned, 200704);
	ck_assert_uint_eq(z.present, 200704);
	z = tu_zone(m, 1, DEVMEMHP_ZONE_DMA32);
	ck_assert_uint_eq(z.start_pfn, 204800);
	ck_assert_uint_eq(z.spanned, 319456);
	ck_assert_uint_eq(z.present, 319456);
	blocks = tu_view(m, DEVMEMHP_VIEW_MEMORY_BLOCKS);
	ck_assert_msg(strstr(blocks, "\nmemory6 0x00000006 0x30000000 online 1 1 node0 none\n"),
		      "%s", blocks);
	free(blocks);
	/* memory_block_offline(): no zone, no offlining */
	OP(m, devmemhp_offline_memory(m, 0x30000000, 128 * MiB), -EINVAL);
	/* links both ways, to both nodes */
	ck_assert_ptr_nonnull(mkdtemp(out));
	OP(m, devmemhp_export_sysfs(m, out), 0);
	ck_assert(exists(out, "sys/devices/system/memory/memory6/node0"));
	ck_assert(exists(out, "sys/devices/system/memory/memory6/node1"));
	ck_assert(exists(out, "sys/devices/system/node/node0/memory6"));
	ck_assert(exists(out, "sys/devices/system/node/node1/memory6"));
	ck_assert(!exists(out, "sys/devices/system/memory/memory5/node1"));
	ck_assert(!exists(out, "sys/devices/system/memory/memory7/node0"));
	rm_tree(out);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

/* No sysfs: proc/zoneinfo's zone spans alone split the System RAM. */
START_TEST(test_numa_zoneinfo_only)
{
	char root[TU_TEMPLATE_MAX], *cmd;
	struct devmemhp_machine *m = tu_machine("x86_64", X86);
	struct devmemhp_zone_info z;
	struct devmemhp_kernel k;

	tu_template(root, "import");
	kernel_root(root, "6.12", "numa-span-2node/before");
	ck_assert_int_ge(asprintf(&cmd, "rm -r %s/sys", root), 0);
	ck_assert_int_eq(system(cmd), 0);
	OP(m, devmemhp_machine_import(m, root), 0);
	k = kernel_of(m);
	ck_assert_str_eq(k.why, "proc/version: Linux version 6.12.117+deb13-amd64");
	/* zones.txt: node0 DMA32 start_pfn=4096 spanned=258048 present=258048,
	 * node1 DMA32 start_pfn=262144 spanned=262112 present=262112 managed=240814 */
	z = tu_zone(m, 0, DEVMEMHP_ZONE_DMA32);
	ck_assert_uint_eq(z.spanned, 258048);
	ck_assert_uint_eq(z.present, 258048);
	z = tu_zone(m, 1, DEVMEMHP_ZONE_DMA32);
	ck_assert_uint_eq(z.start_pfn, 262144);
	ck_assert_uint_eq(z.spanned, 262112);
	ck_assert_uint_eq(z.present, 262112);
	ck_assert_uint_eq(z.managed, 240814);
	ck_assert_int_eq(page(m, 0x3ffff).nid, 0);
	ck_assert_int_eq(page(m, 0x40000).nid, 1);
	ck_assert_int_eq(tu_block(m, 7).nid, 0);
	ck_assert_int_eq(tu_block(m, 8).nid, 1);
	ck_assert_uint_eq(tu_stats(m).memory_blocks, 16);
	/* and a DIMM into node 1 at 4 GiB: after-dimm1-node1/zones.txt, node1
	 * Normal start_pfn=1048576 spanned=262144 present=262144 */
	OP(m, devmemhp_add_memory(m, 1, 4 * GiB, GiB, 0), 0);
	z = tu_zone(m, 1, DEVMEMHP_ZONE_NORMAL);
	ck_assert_uint_eq(z.start_pfn, 1048576);
	ck_assert_uint_eq(z.spanned, 262144);
	ck_assert_uint_eq(z.present, 262144);
	free(cmd);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

/* Blocks without nodeK links: node/nodeK/memoryM says where they are. */
START_TEST(test_numa_node_dirs)
{
	char root[TU_TEMPLATE_MAX], rel[128];
	struct devmemhp_machine *m = tu_machine("x86_64", X86);
	struct warnings w;

	tu_template(root, "import");
	kernel_root(root, "6.12", "numa-span-2node/before");
	rm_path(root, "proc/zoneinfo");
	for (int i = 0; i < 16; i++) {
		snprintf(rel, sizeof(rel), MEM "memory%d/node%d", i, i < 8 ? 0 : 1);
		rm_path(root, rel);
	}
	watch(m, &w);
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_msg(w.len == 0, "%s", w.text);
	ck_assert_int_eq(page(m, 0x3ffff).nid, 0);
	ck_assert_int_eq(page(m, 0x40000).nid, 1);
	ck_assert_int_eq(tu_block(m, 8).nid, 1);
	unwatch(&w);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

/* node/nodeK/cpulist: an empty list is a CPU-less node (a plan's node_has_cpus);
 * without cpulist files the nodes with boot memory have CPUs. */
START_TEST(test_numa_cpulist)
{
	char root[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", X86);
	struct devmemhp_add_params p = { .size = sizeof(p), .start = 0x1000000000, .length = GiB,
					 .nid = 1 };
	struct devmemhp_plan plan = { .size = sizeof(plan) };
	char *before;

	tu_template(root, "import");
	kernel_root(root, "6.12", "numa-span-2node/before");
	OP(m, devmemhp_machine_import(m, root), 0);
	OP(m, devmemhp_plan_add(m, &p, &plan), 0);
	ck_assert_int_eq(plan.result, 0);
	ck_assert_int_eq(plan.node_has_cpus, 1);
	put(root, "sys/devices/system/node/node0/cpulist", "0-1\n", 4);
	put(root, "sys/devices/system/node/node1/cpulist", "\n", 1);
	OP(m, devmemhp_machine_import(m, root), 0);
	OP(m, devmemhp_plan_add(m, &p, &plan), 0);
	ck_assert_int_eq(plan.node_has_cpus, 0);
	p.nid = 0;
	OP(m, devmemhp_plan_add(m, &p, &plan), 0);
	ck_assert_int_eq(plan.node_has_cpus, 1);
	/* not a CPU list: -EINVAL naming the file, the machine as it was */
	put(root, "sys/devices/system/node/node1/cpulist", "cpus\n", 5);
	before = tu_dump(m);
	OP_ERR(m, devmemhp_machine_import(m, root), -EINVAL,
	       "sys/devices/system/node/node1/cpulist:1: is not a CPU list such as \"0-3,8-11\"");
	tu_expect_dump(m, before);
	p.nid = 1;
	OP(m, devmemhp_plan_add(m, &p, &plan), 0);
	ck_assert_int_eq(plan.node_has_cpus, 0);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

/* ---- files that disagree: a warning naming both ------------------------------------ */

START_TEST(test_disagree)
{
	char root[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", X86);
	struct warnings w;

	watch(m, &w);
	tu_template(root, "import");
	/* memory9 moved to node 0, both ways: proc/zoneinfo's spans win */
	kernel_root(root, "6.12", "numa-span-2node/before");
	rm_path(root, MEM "memory9/node1");
	rm_path(root, "sys/devices/system/node/node1/memory9");
	ln(root, "../../node/node0", MEM "memory9/node0");
	ln(root, "../../memory/memory9", "sys/devices/system/node/node0/memory9");
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_ptr_nonnull(strstr(w.text, ": sys/devices/system/memory/memory9 is linked to node 0, "
				 "but proc/zoneinfo's zone spans put its RAM on node 1\n"));
	ck_assert_int_eq(tu_block(m, 9).nid, 1);
	ck_assert_int_eq(page(m, 9 * 0x8000).nid, 1);
	rm_tree(root);
	unwatch(&w);

	/* memory9's own link moved, the node directory's not */
	watch(m, &w);
	tu_template(root, "import");
	kernel_root(root, "6.12", "numa-span-2node/before");
	rm_path(root, MEM "memory9/node1");
	ln(root, "../../node/node0", MEM "memory9/node0");
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_ptr_nonnull(strstr(w.text, ": sys/devices/system/memory/memory9 is linked to node 0, "
				 "but sys/devices/system/node lists it under node 1\n"));
	rm_tree(root);
	unwatch(&w);

	/* crash_hotplug came with 6.6: a 6.1 proc/version cannot have it */
	watch(m, &w);
	tu_template(root, "import");
	kernel_root(root, "6.1", "numa-span-2node/before");
	put(root, MEM "crash_hotplug", "0\n", 2);
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_ptr_nonnull(strstr(w.text, ": sys/devices/system/memory/crash_hotplug is there, "
				 "which came with Linux 6.6, but proc/version says Linux version "
				 "6.1.0-56-amd64\n"));
	ck_assert_str_eq(kernel_of(m).name, "6.1");
	rm_tree(root);
	unwatch(&w);

	/* MemTotal is the sum of the zones' managed pages on a real machine:
	 * one that differs is named, and zoneinfo's count is the model's */
	watch(m, &w);
	tu_template(root, "import");
	kernel_root(root, "6.12", "numa-span-2node/before");
	{
		size_t len;
		char *text = slurp(root, "proc/meminfo", &len), *at = strstr(text, "1955552 kB");

		ck_assert_ptr_nonnull(at);
		memcpy(at, "1955548", 7);
		put(root, "proc/meminfo", text, len);
		free(text);
	}
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_ptr_nonnull(strstr(w.text, ": proc/meminfo: MemTotal is 1955548 kB, but "
				 "proc/zoneinfo's managed pages add up to 1955552 kB: the model "
				 "follows proc/zoneinfo\n"));
	ck_assert_uint_eq(tu_stats(m).managed_bytes, 1955552ull * 1024);
	rm_tree(root);
	unwatch(&w);

	/* the same files as recorded: no warning */
	watch(m, &w);
	tu_template(root, "import");
	kernel_root(root, "6.12", "numa-span-2node/before");
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_str_eq(w.text, "");
	rm_tree(root);
	unwatch(&w);

	/* memory6 holds RAM of two nodes, and no proc/zoneinfo tells where
	 * node 0's ends: half of it each */
	watch(m, &w);
	tu_template(root, "import");
	kernel_root(root, "6.12", "x-numa-span-unaligned/before");
	rm_path(root, "proc/zoneinfo");
	OP(m, devmemhp_machine_import(m, root), 0);
	ck_assert_ptr_nonnull(strstr(w.text, ": sys/devices/system/memory/memory6 is linked to nodes "
				 "0 and 1, and proc/zoneinfo does not tell where in it one node's "
				 "RAM ends: it is split in equal parts\n"));
	ck_assert_int_eq(page(m, 0x33fff).nid, 0);
	ck_assert_int_eq(page(m, 0x34000).nid, 1);
	ck_assert_int_eq(tu_block(m, 6).zone, DEVMEMHP_ZONE_NONE);
	rm_tree(root);
	unwatch(&w);
	devmemhp_machine_unref(m);
}
END_TEST

/* ---- fuzz ------------------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: reproducible from the seed the failure prints */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static size_t pick(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

/* One mutation of the kind a truncated copy, a bad edit or a bit flip makes. */
static char *mutate(const char *in, size_t len, size_t *out_len)
{
	static const char alphabet[] = "0123456789abcdefx- :\n\t,()ZNz\377";
	char *out = NULL;
	size_t olen = 0;
	FILE *o = open_memstream(&out, &olen);
	size_t at = pick(len + 1), span = 1 + pick(24);

	switch (rnd() % 8) {
	case 0: /* truncate */
		fwrite(in, 1, at, o);
		break;
	case 1: /* overwrite a byte */
		fwrite(in, 1, len, o);
		fflush(o);
		if (len)
			out[pick(len)] = alphabet[pick(sizeof(alphabet) - 1)];
		break;
	case 2: /* delete a span */
		fwrite(in, 1, at, o);
		if (at + span < len)
			fwrite(in + at + span, 1, len - at - span, o);
		break;
	case 3: /* insert bytes */
		fwrite(in, 1, at, o);
		for (size_t i = 0; i < span; i++)
			fputc(alphabet[pick(sizeof(alphabet) - 1)], o);
		fwrite(in + at, 1, len - at, o);
		break;
	case 4: { /* duplicate the line at `at` */
		const char *s = in + at, *e;

		while (s > in && s[-1] != '\n')
			s--;
		e = memchr(s, '\n', (size_t)(in + len - s));
		e = e ? e + 1 : in + len;
		fwrite(in, 1, (size_t)(e - in), o);
		fwrite(s, 1, (size_t)(e - s), o);
		fwrite(e, 1, (size_t)(in + len - e), o);
		break;
	}
	case 5: /* change a hex digit */
		fwrite(in, 1, len, o);
		fflush(o);
		for (size_t i = 0, p = pick(len); i < len; i++, p = (p + 1) % len)
			if (isxdigit((unsigned char)out[p])) {
				out[p] = "0123456789abcdef"[pick(16)];
				break;
			}
		break;
	case 6: /* swap two lines: move the first `at` bytes' last line to the end */
	{
		const char *s = in + at;

		while (s > in && s[-1] != '\n')
			s--;
		fwrite(in, 1, (size_t)(s - in), o);
		fwrite(in + at, 1, len - at, o);
		fwrite(s, 1, (size_t)(in + at - s), o);
		break;
	}
	default: /* indent or unindent a line */
		fwrite(in, 1, at, o);
		if (rnd() & 1)
			fputs("  ", o);
		else if (at + 2 <= len)
			at += 2;
		fwrite(in + at, 1, len - at, o);
		break;
	}
	fclose(o);
	*out_len = olen;
	return out;
}

/* The files a mutation may hit: the proc files and every attribute under memory/. */
static size_t list_files(const char *root, char ***out)
{
	static const char *const procs[] = { "proc/iomem", "proc/meminfo", "proc/zoneinfo" };
	char **files = NULL, *mem = path_of(root, "sys/devices/system/memory");
	size_t n = 0;
	DIR *d = opendir(mem);
	struct dirent *e;

	files = calloc(4096, sizeof(*files));
	for (size_t i = 0; i < 3; i++)
		files[n++] = strdup(procs[i]);
	files[n++] = strdup(MEM "block_size_bytes");
	files[n++] = strdup(MEM "auto_online_blocks");
	while (d && (e = readdir(d)) && n < 4090) {
		static const char *const attrs[] = { "state", "phys_index", "valid_zones" };

		if (strncmp(e->d_name, "memory", 6) || !isdigit((unsigned char)e->d_name[6]))
			continue;
		for (size_t a = 0; a < 3; a++)
			ck_assert_int_ge(asprintf(&files[n++], MEM "%s/%s", e->d_name, attrs[a]), 0);
	}
	if (d)
		closedir(d);
	free(mem);
	*out = files;
	return n;
}

static const char *const fuzz_phases[] = {
	"pmem-memmap/dax-kmem-system-ram", "virtio-mem/after-1G",
	"numa-node1-movable_node/after-dimm2-node0", "hmm-l5-chunks-dimm/after-dimm-1G-at-4G",
	"hotplug-offline-unplug/after-offline",
};
static const char *const fuzz_options[] = {
	QEMU, QEMU, QEMU ",nodes=2,movable_node=1", QEMU, QEMU,
};

START_TEST(test_fuzz)
{
	const char *env = getenv("DEVMEMHP_FUZZ_ITERATIONS");
	const char *seed_env = getenv("DEVMEMHP_FUZZ_SEED");
	const unsigned long iterations = env ? strtoul(env, NULL, 0) : 3000;
	const uint64_t seed = seed_env ? strtoull(seed_env, NULL, 0) : 0x6465766d656d6870ull + (uint64_t)_i;
	char root[TU_TEMPLATE_MAX];
	struct devmemhp_machine *m = tu_machine("x86_64", fuzz_options[_i]);
	unsigned long ok = 0, bad = 0;
	char **files;
	size_t nr_files;

	rng_state = seed;
	tu_template(root, "fuzz");
	recorded_root(root, fuzz_phases[_i]);
	nr_files = list_files(root, &files);
	for (unsigned long it = 0; it < iterations / 5; it++) {
		const char *rel = files[pick(nr_files)];
		size_t len, mlen;
		char *orig = slurp(root, rel, &len), *mut = mutate(orig, len, &mlen), *before;
		int rc;

		/* start each import from a machine the last one left */
		before = snapshot(m);
		put(root, rel, mut, mlen);
		rc = devmemhp_machine_import(m, root);
		ck_assert_msg(rc == 0 || rc == -EINVAL || rc == -ENOMEM || rc == -E2BIG ||
			      rc == -ERANGE || rc == -EEXIST || rc == -EBUSY,
			      "seed %#" PRIx64 " iteration %lu (%s): import returned %d: %s", seed, it,
			      rel, rc, devmemhp_last_error(m));
		if (rc) {
			char *after = snapshot(m);

			bad++;
			ck_assert_msg(!strcmp(before, after), "seed %#" PRIx64 " iteration %lu (%s): a "
				      "failed import changed the machine", seed, it, rel);
			ck_assert_msg(strstr(devmemhp_last_error(m), "machine_import: ") != NULL,
				      "%s", devmemhp_last_error(m));
			free(after);
		} else {
			ok++;
		}
		ck_assert_msg(devmemhp_check(m) == 0, "seed %#" PRIx64 " iteration %lu (%s): %s", seed,
			      it, rel, devmemhp_last_error(m));
		put(root, rel, orig, len);
		free(orig);
		free(mut);
		free(before);
	}
	/* both outcomes happen: the mutations are neither all fatal nor all harmless */
	ck_assert_msg(iterations < 50 || (ok && bad), "%lu imports succeeded, %lu failed", ok, bad);
	for (size_t i = 0; i < nr_files; i++)
		free(files[i]);
	free(files);
	rm_tree(root);
	devmemhp_machine_unref(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("import");
	TCase *tc = tcase_create("malformed");
	TCase *fz = tcase_create("fuzz");
	TCase *kv = tcase_create("proc-version");
	TCase *dp = tcase_create("device-private");
	TCase *nn = tcase_create("nodes");

	tcase_add_test(tc, test_import_small);
	tcase_add_test(tc, test_import_free);
	tcase_add_test(tc, test_recorded_enomem);
	tcase_add_test(tc, test_import_files_bad);
	tcase_add_loop_test(tc, test_bad_iomem, 0, sizeof(bad_iomems) / sizeof(bad_iomems[0]));
	tcase_add_test(tc, test_bad_iomem_file);
	tcase_add_loop_test(tc, test_bad_file, 0, sizeof(bad_files) / sizeof(bad_files[0]));
	tcase_add_test(tc, test_inconsistent);
	suite_add_tcase(s, tc);
	tcase_add_loop_test(kv, test_version, 0, sizeof(versions) / sizeof(versions[0]));
	tcase_add_test(kv, test_version_online);
	tcase_add_test(kv, test_version_bad);
	tcase_add_test(kv, test_version_restore);
	tcase_add_test(kv, test_arm64_kernel_code);
	tcase_add_test(kv, test_driver_ram_calls);
	suite_add_tcase(s, kv);
	tcase_add_test(dp, test_private_structure);
	tcase_add_test(dp, test_private_not);
	tcase_add_test(dp, test_private_node);
	suite_add_tcase(s, dp);
	tcase_set_timeout(nn, 60);
	tcase_add_test(nn, test_numa_quiet);
	tcase_add_test(nn, test_numa_unaligned);
	tcase_add_test(nn, test_numa_zoneinfo_only);
	tcase_add_test(nn, test_numa_node_dirs);
	tcase_add_test(nn, test_numa_cpulist);
	tcase_add_test(nn, test_disagree);
	suite_add_tcase(s, nn);
	tcase_set_timeout(fz, 600);
	tcase_add_test(fz, test_import_from_memory);
	tcase_add_loop_test(fz, test_fuzz, 0, sizeof(fuzz_phases) / sizeof(fuzz_phases[0]));
	suite_add_tcase(s, fz);
	return tu_run(s);
}
