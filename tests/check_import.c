/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * devmemhp_machine_import() on bad input: each malformed file gives -EINVAL
 * naming the file and line and leaves the machine as it was; thousands of
 * mutated copies of real recordings give an error or a consistent machine,
 * never a crash (run under ASan and valgrind by CI).
 */
#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
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

/* A machine root made from a recorded phase. */
static void recorded_root(char *root, const char *phase)
{
	char *dir;

	ck_assert_ptr_nonnull(mkdtemp(root));
	ck_assert_int_ge(asprintf(&dir, "%s/tests/data/oracle/6.1/%s",
				  getenv("srcdir") ? getenv("srcdir") : ".", phase), 0);
	ck_assert_int_eq(tu_sysroot(dir, root), 0);
	free(dir);
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

/* The machine is still the one `before` dumped. */
static void same_machine(struct devmemhp_machine *m, const char *before)
{
	char *now = tu_dump(m);

	ck_assert_str_eq(now, before);
	free(now);
}

START_TEST(test_import_small)
{
	char root[] = "/tmp/devmemhp-import-XXXXXX";
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU);
	struct devmemhp_memory_block b;
	char *iomem = NULL;
	size_t len = 0;
	FILE *f;

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

START_TEST(test_bad_iomem)
{
	const struct bad_iomem *c = &bad_iomems[_i];
	char root[] = "/tmp/devmemhp-import-XXXXXX";
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU);
	char *text = iomem_with(c->line, c->text), *before;

	small_root(root);
	put(root, "proc/iomem", text, strlen(text));
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	before = tu_dump(m);
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
	char root[] = "/tmp/devmemhp-import-XXXXXX";
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU);
	char *before = tu_dump(m), *iomem;

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
	{ "proc/zoneinfo", "Node 9, zone      DMA", 1, "proc/zoneinfo:1:", "nodes=1" },
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
	char root[] = "/tmp/devmemhp-import-XXXXXX";
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU);
	char *before;

	recorded_root(root, "dimm-1g/before");
	OP(m, devmemhp_machine_import(m, root), 0); /* the untouched recording imports */
	OP(m, devmemhp_add_memory(m, 0, 4 * GiB, GiB, 0), 0);
	before = tu_dump(m);
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
	char root[] = "/tmp/devmemhp-import-XXXXXX";
	struct devmemhp_machine *m = tu_machine("x86_64", QEMU);
	char *before = tu_dump(m), *cmd;

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
	char root[] = "/tmp/devmemhp-fuzz-XXXXXX";
	struct devmemhp_machine *m = tu_machine("x86_64", fuzz_options[_i]);
	unsigned long ok = 0, bad = 0;
	char **files;
	size_t nr_files;

	rng_state = seed;
	recorded_root(root, fuzz_phases[_i]);
	nr_files = list_files(root, &files);
	for (unsigned long it = 0; it < iterations / 5; it++) {
		const char *rel = files[pick(nr_files)];
		size_t len, mlen;
		char *orig = slurp(root, rel, &len), *mut = mutate(orig, len, &mlen), *before;
		int rc;

		/* start each import from a machine the last one left */
		before = tu_dump(m);
		put(root, rel, mut, mlen);
		rc = devmemhp_machine_import(m, root);
		ck_assert_msg(rc == 0 || rc == -EINVAL || rc == -ENOMEM || rc == -E2BIG ||
			      rc == -ERANGE || rc == -EEXIST || rc == -EBUSY,
			      "seed %#" PRIx64 " iteration %lu (%s): import returned %d: %s", seed, it,
			      rel, rc, devmemhp_last_error(m));
		if (rc) {
			char *after = tu_dump(m);

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

	tcase_add_test(tc, test_import_small);
	tcase_add_loop_test(tc, test_bad_iomem, 0, sizeof(bad_iomems) / sizeof(bad_iomems[0]));
	tcase_add_test(tc, test_bad_iomem_file);
	tcase_add_loop_test(tc, test_bad_file, 0, sizeof(bad_files) / sizeof(bad_files[0]));
	tcase_add_test(tc, test_inconsistent);
	suite_add_tcase(s, tc);
	tcase_set_timeout(fz, 600);
	tcase_add_loop_test(fz, test_fuzz, 0, sizeof(fuzz_phases) / sizeof(fuzz_phases[0]));
	suite_add_tcase(s, fz);
	return tu_run(s);
}
