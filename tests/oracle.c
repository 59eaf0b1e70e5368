/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The oracle's recordings (tests/data/oracle/) read, and compared with the
 * model: what the conformance suites of every architecture share.
 */
#include <dirent.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oracle.h"
#include "sysroot.h"

/* The whole of the file named by the printf-style arguments, or NULL. */
char *slurp(const char *fmt, ...)
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
	char a[TU_TEMPLATE_MAX], b[TU_TEMPLATE_MAX], cmd[2 * TU_TEMPLATE_MAX + 64];
	tu_template(a, "want");
	tu_template(b, "got");
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

void same(const char *sc, const char *phase, const char *what, const char *want,
		 const char *got)
{
	if (strcmp(want, got)) {
		char *d = diff(want, got);

		ck_abort_msg("%s/%s: %s differs from the recording:\n%s", sc, phase, what, d);
	}
}

/* The lines of text that start with one of the prefixes (after leading blanks if
 * `trim`), in order. */
char *grep(const char *text, const char *const *prefixes, bool trim)
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
};

static const char *size_name(unsigned int shift)
{
	return shift == 12 ? "4k" : shift == 21 ? "2M" : shift == 30 ? "1G" : "?";
}

/* "va-va [phys pa ]N x 4k|2M|1G[ cont]": cont for arm64's contiguous hint */
static void run_line(FILE *o, uint64_t va, uint64_t va_end, uint64_t pa, unsigned int shift,
		     bool phys, bool cont)
{
	fprintf(o, "%#" PRIx64 "-%#" PRIx64, va, va_end);
	if (phys)
		fprintf(o, " phys %#" PRIx64, pa);
	fprintf(o, " %" PRIu64 " x %s%s\n", (va_end - va) >> shift, size_name(shift),
		cont ? " cont" : "");
}

static int model_run(const struct devmemhp_mapping *map, void *data)
{
	struct runs *r = data;
	uint64_t s = map->va > r->lo ? map->va : r->lo;
	uint64_t e = map->va_end < r->hi ? map->va_end : r->hi;

	if (s < e)
		run_line(r->out, s, e, map->pa + (s - map->va), map->page_shift, r->phys,
			 map->prot & DEVMEMHP_PROT_CONT);
	return 0;
}

int walk_runs(const char *walk, int (*fn)(void *ctx, const struct walk_run *run), void *ctx)
{
	for (const char *p = walk; p && *p;) {
		const char *nl = strchr(p, '\n');
		uint64_t pa_end, n;
		char size[8];
		int end = 0, rc;
		struct walk_run r;

		if (sscanf(p, "%" SCNx64 "-%" SCNx64 " phys %" SCNx64 "-%" SCNx64 " %" SCNu64 " x %7s%n",
			   &r.va, &r.va_end, &r.pa, &pa_end, &n, size, &end) == 6) {
			const char *flags = p + end, *line_end = nl ? nl : p + strlen(p);
			const char *cont = strstr(flags, " CONT");

			r.shift = !strcmp(size, "4k") ? 12 : !strcmp(size, "2M") ? 21 : 30;
			r.cont = cont && cont < line_end && (cont[5] == ' ' || cont + 5 == line_end);
			rc = fn(ctx, &r);
			if (rc)
				return rc;
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	return 0;
}

struct clip {
	FILE *out;
	uint64_t lo, hi;
	bool phys;
};

static int clip_run(void *ctx, const struct walk_run *r)
{
	struct clip *c = ctx;
	uint64_t s = r->va > c->lo ? r->va : c->lo, e = r->va_end < c->hi ? r->va_end : c->hi;

	if (s < e)
		run_line(c->out, s, e, r->pa + (s - r->va), r->shift, c->phys, r->cont);
	return 0;
}

/* The recorded runs clipped to the window. */
static char *recorded_runs(const char *walk, uint64_t lo, uint64_t hi, bool phys)
{
	char *out = NULL;
	size_t len = 0;
	struct clip c = { open_memstream(&out, &len), lo, hi, phys };

	walk_runs(walk, clip_run, &c);
	fclose(c.out);
	return out;
}

/* Merge adjacent runs of equal page size and hint (the walk splits on flags too). */
static char *merge_runs(const char *text)
{
	char *out = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&out, &len);
	uint64_t cs = 0, ce = 0, cp = 0;
	unsigned int cshift = 0;
	bool have = false, ccont = false, phys = strstr(text, " phys ") != NULL;

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		uint64_t s, e, pa = 0, n;
		char size[8];
		int end = 0;
		int got = phys ? sscanf(p, "%" SCNx64 "-%" SCNx64 " phys %" SCNx64 " %" SCNu64 " x %7s%n",
					&s, &e, &pa, &n, size, &end)
			       : sscanf(p, "%" SCNx64 "-%" SCNx64 " %" SCNu64 " x %7s%n", &s, &e, &n, size,
					&end);
		unsigned int shift = !strcmp(size, "4k") ? 12 : !strcmp(size, "2M") ? 21 : 30;
		bool cont = got >= 4 && !strncmp(p + end, " cont", 5);

		if (got >= 4) {
			if (have && s == ce && shift == cshift && cont == ccont &&
			    (!phys || pa == cp + (ce - cs))) {
				ce = e;
			} else {
				if (have)
					run_line(o, cs, ce, cp, cshift, phys, ccont);
				cs = s;
				ce = e;
				cp = pa;
				cshift = shift;
				ccont = cont;
				have = true;
			}
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	if (have)
		run_line(o, cs, ce, cp, cshift, phys, ccont);
	fclose(o);
	return out;
}

void compare_runs(struct devmemhp_machine *m, const char *sc, const char *ph, const char *dir,
		  uint64_t start, uint64_t size)
{
	struct devmemhp_geometry g = { .size = sizeof(g) };
	char *walk, *want, *got, *mw, *mg;
	size_t len = 0;
	struct runs r;
	char what[128];

	ck_assert_int_eq(devmemhp_machine_get_geometry(m, &g), 0);
	for (int region = 0; region < 2; region++) {
		bool linear = region == 0;
		uint64_t lo = linear ? g.linear_base + start - g.phys_offset
				     : g.vmemmap_base + ((start - g.phys_offset) >> 12) * 64;
		uint64_t hi = linear ? lo + size : lo + (size >> 12) * 64;

		walk = slurp("%s/ptwalk-%s.txt", dir, linear ? "directmap" : "vmemmap");
		if (!walk)
			continue;
		want = recorded_runs(walk, lo, hi, linear);
		r = (struct runs){ open_memstream(&got, &len), lo, hi, linear };
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

void compare_file(struct devmemhp_machine *m, const char *label, const char *ph, const char *dir,
		  const char *file, enum devmemhp_view v, const char *const *prefixes)
{
	char *rec, *want, *got;

	rec = slurp("%s/%s", dir, file);
	ck_assert_msg(rec != NULL, "%s/%s is missing", dir, file);
	got = tu_view(m, v);
	want = prefixes ? grep(rec, prefixes, true) : rec;
	if (v == DEVMEMHP_VIEW_MEMINFO && prefixes) {
		/* MemFree is the model's part of it only: compared as deltas */
		char *owned = grep(got, prefixes, true);

		free(got);
		got = owned;
	}
	same(label, ph, file, want, got);
	if (want != rec)
		free(want);
	free(rec);
	free(got);
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

void rm_tree(const char *root)
{
	char *cmd;

	ck_assert_int_ge(asprintf(&cmd, "rm -rf %s", root), 0);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

/* lsmem on the model's exported sysfs, and on the recorded machine's. */
void compare_lsmem(struct devmemhp_machine *m, const char *label, const char *ph, const char *dir)
{
	char rec_root[TU_TEMPLATE_MAX], model_root[TU_TEMPLATE_MAX];
	char *want, *got;
	int rc;

	tu_template(rec_root, "rec");
	tu_template(model_root, "model");
	ck_assert_ptr_nonnull(mkdtemp(rec_root));
	ck_assert_ptr_nonnull(mkdtemp(model_root));
	ck_assert_int_eq(tu_sysroot(dir, rec_root), 0);
	rc = devmemhp_export_sysfs(m, model_root);
	ck_assert_msg(rc == 0, "%s/%s: export_sysfs: %s", label, ph, devmemhp_last_error(m));
	want = run_lsmem(rec_root);
	got = run_lsmem(model_root);
	rm_tree(rec_root);
	rm_tree(model_root);
	same(label, ph, "lsmem --sysroot", want, got);
	free(want);
	free(got);
}

/* What /sys/devices/system/memory holds at its top and in a block's
 * directory, as memory-sysfs.txt lists it ("# top level:" name=value lines,
 * "# memoryN/: names"), without what the device core adds to every device
 * (power/, subsystem, uevent), the ACPI binding of a DIMM's blocks
 * (firmware_node: acpi_bind_memory_blocks(), no part of the model) and the
 * write-only files. */
static bool sysfs_kept(const char *name)
{
	static const char *const core[] = { "power/", "power", "subsystem", "uevent",
					    "firmware_node", "hard_offline_page",
					    "soft_offline_page" };

	for (size_t i = 0; i < sizeof(core) / sizeof(core[0]); i++)
		if (!strcmp(name, core[i]))
			return false;
	return true;
}

static char *recorded_sysfs(const char *text)
{
	char *out = NULL, line[1024];
	size_t len = 0;
	FILE *o = open_memstream(&out, &len), *in = fmemopen((void *)text, strlen(text), "r");
	bool top = false;

	while (fgets(line, sizeof(line), in)) {
		char name[128], *eq, *tok, *save = NULL;

		line[strcspn(line, "\n")] = '\0';
		if (!strcmp(line, "# top level:")) {
			top = true;
		} else if (line[0] == '#' && sscanf(line, "# memory%*u/: %127s", name) == 1) {
			top = false;
			fputs("block:", o);
			for (tok = strtok_r(strchr(line, ':') + 1, " ", &save); tok;
			     tok = strtok_r(NULL, " ", &save))
				if (sysfs_kept(tok))
					fprintf(o, " %s", !strncmp(tok, "node", 4) ? "nodeN" : tok);
			fputc('\n', o);
		} else if (top && (eq = strchr(line, '='))) {
			snprintf(name, sizeof(name), "%.*s", (int)(eq - line), line);
			if (sysfs_kept(name))
				fprintf(o, "%s\n", line);
		}
	}
	fclose(in);
	fclose(o);
	return out;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in a directory, sorted, those of memoryN and nodeN directories
 * left out (top) or written "nodeN" (a block). */
static int list_dir(const char *path, bool top, char **names, int max)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) && n < max) {
		if (e->d_name[0] == '.')
			continue;
		if (top && (!strncmp(e->d_name, "memory", 6) || !strncmp(e->d_name, "node", 4)))
			continue;
		names[n++] = strdup(!top && !strncmp(e->d_name, "node", 4) ? "nodeN" : e->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(*names), cmp_str);
	return n;
}

static char *model_sysfs(struct devmemhp_machine *m, const char *label, const char *ph,
			 const char *text)
{
	char root[TU_TEMPLATE_MAX], *mem, *names[64], *out = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&out, &len);
	int n, rc;
	struct devmemhp_memory_block b = { .size = sizeof(b) };

	tu_template(root, "sysfs");
	ck_assert_ptr_nonnull(mkdtemp(root));
	rc = devmemhp_export_sysfs(m, root);
	ck_assert_msg(rc == 0, "%s/%s: export_sysfs: %s", label, ph, devmemhp_last_error(m));
	ck_assert_int_ge(asprintf(&mem, "%s/sys/devices/system/memory", root), 0);
	n = list_dir(mem, true, names, 64);
	for (int i = 0; i < n; i++) {
		char *path, value[128] = "";
		FILE *f;

		ck_assert_int_ge(asprintf(&path, "%s/%s", mem, names[i]), 0);
		f = fopen(path, "r");
		if (f && fgets(value, sizeof(value), f))
			value[strcspn(value, "\n")] = '\0';
		if (f)
			fclose(f);
		fprintf(o, "%s=%s\n", names[i], value);
		free(path);
		free(names[i]);
	}
	/* a block's directory, once for every "# memoryN/:" the recording lists */
	for (const char *p = text; (p = strstr(p, "\n# memory")); p++) {
		unsigned long id;
		char *path;

		if (sscanf(p, "\n# memory%lu/:", &id) != 1)
			continue;
		ck_assert_int_eq(devmemhp_memory_block_get(m, id, &b), 0);
		ck_assert_int_ge(asprintf(&path, "%s/memory%lu", mem, id), 0);
		n = list_dir(path, false, names, 64);
		fputs("block:", o);
		for (int i = 0; i < n; i++) {
			fprintf(o, " %s", names[i]);
			free(names[i]);
		}
		fputc('\n', o);
		free(path);
	}
	fclose(o);
	rm_tree(root);
	free(mem);
	return out;
}

/* The top of /sys/devices/system/memory and a block's files, where the
 * recording lists them (memory-sysfs.txt, since the 6.12 recordings). */
void compare_sysfs_top(struct devmemhp_machine *m, const char *label, const char *ph,
		       const char *dir)
{
	char *text = slurp("%s/memory-sysfs.txt", dir), *want, *got;

	if (!text)
		return;
	want = recorded_sysfs(text);
	got = model_sysfs(m, label, ph, text);
	same(label, ph, "memory-sysfs.txt", want, got);
	free(text);
	free(want);
	free(got);
}

const char *data_dir(void)
{
	const char *s = getenv("srcdir");

	return s ? s : ".";
}

/* Import the recorded phase into machine m (made with the scenario's options). */
void import_phase(struct devmemhp_machine *m, const char *label, const char *ph, const char *dir)
{
	char root[TU_TEMPLATE_MAX];

	tu_template(root, "root");
	ck_assert_ptr_nonnull(mkdtemp(root));
	ck_assert_int_eq(tu_sysroot(dir, root), 0);
	ck_assert_msg(devmemhp_machine_import(m, root) == 0, "%s/%s: import: %s", label, ph,
		      devmemhp_last_error(m));
	rm_tree(root);
	tu_check(m);
}

bool is_dir(const char *fmt, ...)
{
	struct stat st;
	char *path;
	va_list ap;
	int n;
	bool yes;

	va_start(ap, fmt);
	n = vasprintf(&path, fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	yes = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	free(path);
	return yes;
}

/* Is there a scenario of that name in the table, and is the phase one of its
 * (phase NULL: the scenario)? */
static bool replayed(const struct scenario_table *t, const char *name, const char *phase)
{
	for (size_t i = 0; i < t->nr; i++) {
		const char *row = (const char *)t->rows + i * t->row_size;

		if (strcmp(*(const char *const *)row, name))
			continue;
		for (size_t k = 0; phase && k < t->max_phases; k++) {
			const char *p = *(const char *const *)(row + t->phases_offset + k * t->phase_size);

			if (p && !strcmp(p, phase))
				return true;
		}
		return !phase;
	}
	return false;
}

int check_recorded(const char *kdir, const char *label, const struct scenario_table *t)
{
	DIR *d = opendir(kdir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		char *sub;
		DIR *pd;
		struct dirent *pe;

		if (e->d_name[0] == '.')
			continue;
		ck_assert_msg(replayed(t, e->d_name, NULL), "recording %s/%s has no scenario",
			      label, e->d_name);
		n++;
		ck_assert_int_ge(asprintf(&sub, "%s/%s", kdir, e->d_name), 0);
		pd = opendir(sub);
		ck_assert_ptr_nonnull(pd);
		while ((pe = readdir(pd)))
			if (pe->d_name[0] != '.' && is_dir("%s/%s", sub, pe->d_name))
				ck_assert_msg(replayed(t, e->d_name, pe->d_name),
					      "phase %s/%s/%s is not replayed", label, e->d_name,
					      pe->d_name);
		closedir(pd);
		free(sub);
	}
	closedir(d);
	return n;
}
