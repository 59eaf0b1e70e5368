/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mksysroot PHASE ROOT: the file tree of one recorded phase, as the import
 * tests build it (sysroot.c), for the shell tests that run real tools such
 * as lsmem --sysroot ROOT on it.
 *
 * mksysroot --archive OUTDIR PHASE...: each phase's tree as one import
 * archive for fuzz_import (tests/fuzz/README): "arch arm64" first for an
 * arm64 recording, then "--- PATH" before each file (a symbolic link is an
 * empty file), named KERNEL-SCENARIO-PHASE.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysroot.h"

static int cmp_path(const void *a, const void *b)
{
	return strcmp(((const struct dmh_import_file *)a)->path,
		      ((const struct dmh_import_file *)b)->path);
}

/* tests/data/oracle/KERNEL/SCENARIO/PHASE[/] -> KERNEL-SCENARIO-PHASE */
static void archive_name(const char *phase, char *out, size_t len)
{
	char buf[4096], *part[3];

	snprintf(buf, sizeof(buf), "%s", phase);
	for (size_t n = strlen(buf); n > 1 && buf[n - 1] == '/'; n--)
		buf[n - 1] = '\0';
	for (int i = 2; i >= 0; i--) {
		char *slash = strrchr(buf, '/');

		part[i] = slash ? slash + 1 : buf;
		if (slash)
			*slash = '\0';
	}
	snprintf(out, len, "%s-%s-%s", part[0], part[1], part[2]);
}

static int archive(const char *outdir, const char *phase)
{
	char root[] = "/tmp/mksysroot-XXXXXX", name[1024], *path, *cmd;
	struct dmh_import_file *files;
	size_t nr;
	FILE *out;
	int rc;

	if (!mkdtemp(root))
		return -errno;
	rc = tu_sysroot(phase, root);
	if (!rc)
		rc = tu_tree_files(root, &files, &nr);
	if (asprintf(&cmd, "rm -rf '%s'", root) >= 0) {
		if (system(cmd))
			rc = rc ? rc : -EIO;
		free(cmd);
	}
	if (rc)
		return rc;
	qsort(files, nr, sizeof(*files), cmp_path);
	archive_name(phase, name, sizeof(name));
	if (asprintf(&path, "%s/%s", outdir, name) < 0) {
		tu_tree_files_free(files, nr);
		return -ENOMEM;
	}
	out = fopen(path, "w");
	free(path);
	if (!out) {
		tu_tree_files_free(files, nr);
		return -errno;
	}
	if (!strncmp(name, "arm64-", 6))
		fputs("arch arm64\n", out);
	for (size_t i = 0; i < nr; i++) {
		fprintf(out, "--- %s\n", files[i].path);
		fwrite(files[i].data, 1, files[i].len, out);
	}
	tu_tree_files_free(files, nr);
	return fclose(out) ? -errno : 0;
}

int main(int argc, char **argv)
{
	int rc;

	if (argc >= 3 && !strcmp(argv[1], "--archive")) {
		for (int i = 3; i < argc; i++) {
			rc = archive(argv[2], argv[i]);
			if (rc) {
				fprintf(stderr, "mksysroot: %s: %s\n", argv[i], strerror(-rc));
				return 1;
			}
		}
		return 0;
	}
	if (argc != 3) {
		fputs("usage: mksysroot PHASE ROOT\n       mksysroot --archive OUTDIR PHASE...\n",
		      stderr);
		return 2;
	}
	rc = tu_sysroot(argv[1], argv[2]);
	if (rc) {
		fprintf(stderr, "mksysroot: %s: %s\n", argv[1], strerror(-rc));
		return 1;
	}
	return 0;
}
