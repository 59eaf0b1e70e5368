/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * devmemhp_machine_import() on files from the fuzzer, held in memory
 * (dmh_machine_import_files(): the same parser, no file system).  The input
 * is a text archive:
 *
 *   arch x86_64                (optional; the default is x86_64)
 *   --- proc/iomem
 *   00000000-00000fff : Reserved
 *   --- sys/devices/system/memory/block_size_bytes
 *   8000000
 *
 * Each "--- PATH" line starts a file that runs to the next such line.
 * Asserted: a refused import leaves the machine exactly as it was; an
 * accepted one makes a machine devmemhp_check() finds consistent, whose
 * views render, and importing the same files again changes nothing.
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "import.h"

#define MAX_FILES 4096

static const char *const arches[] = { "x86_64", "arm64", "riscv64", "x86_32", "powerpc",
				       "s390", "ia64", "sh", "tile" };
static char *fresh[sizeof(arches) / sizeof(arches[0])]; /* a new machine's snapshot */

/* Split the archive into files; the paths are NUL-terminated in a copy. */
static size_t unpack(char *text, size_t len, struct dmh_import_file *files, const char **arch)
{
	char *p = text, *end = text + len;
	size_t nr = 0;

	if (len > 5 && !memcmp(p, "arch ", 5)) {
		char *nl = memchr(p, '\n', len);

		if (nl) {
			*nl = '\0';
			*arch = p + 5;
			p = nl + 1;
		}
	}
	/* find the first header */
	while (p < end && !(end - p > 4 && !memcmp(p, "--- ", 4))) {
		char *nl = memchr(p, '\n', (size_t)(end - p));

		p = nl ? nl + 1 : end;
	}
	while (p < end && nr < MAX_FILES) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *data, *q;

		if (!nl)
			nl = end;
		*nl = '\0';
		data = nl < end ? nl + 1 : end;
		/* the file runs to the next "\n--- " */
		for (q = data; q < end; q++)
			if ((q == data || q[-1] == '\n') && end - q > 4 && !memcmp(q, "--- ", 4))
				break;
		files[nr++] = (struct dmh_import_file){ p + 4, data, (size_t)(q - data) };
		p = q;
	}
	return nr;
}

static struct devmemhp_machine *machine(const char *arch)
{
	struct devmemhp_machine *m = NULL;

	if (devmemhp_machine_new(arch, NULL, &m))
		return NULL;
	devmemhp_set_log_fn(m, fuzz_quiet, NULL);
	return m;
}

static void free_fresh(void)
{
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		free(fresh[i]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	atexit(free_fresh); /* valgrind counts what is still reachable */
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		struct devmemhp_machine *m = machine(arches[i]);

		FUZZ_ASSERT(m, "machine_new(%s) failed", arches[i]);
		fresh[i] = fuzz_snapshot(m);
		devmemhp_machine_unref(m);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dmh_import_file files[MAX_FILES];
	const char *arch = "x86_64";
	char *text = malloc(size + 1), *snap, *again;
	struct devmemhp_machine *m;
	size_t nr, which;
	int rc;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	nr = unpack(text, size, files, &arch);
	for (which = 0; which < sizeof(arches) / sizeof(arches[0]); which++)
		if (!strcmp(arch, arches[which]))
			break;
	if (which == sizeof(arches) / sizeof(arches[0]) || !(m = machine(arch))) {
		free(text);
		return 0;
	}
	rc = dmh_machine_import_files(m, files, nr);
	snap = fuzz_snapshot(m);
	if (rc) {
		FUZZ_ASSERT(rc < 0 && rc > -4096, "import returned %d", rc);
		FUZZ_ASSERT(snap && !strcmp(snap, fresh[which]), "a refused import (%d: %s) changed "
			    "the machine", rc, devmemhp_last_error(m));
	} else {
		rc = devmemhp_check(m);
		FUZZ_ASSERT(!rc, "import made a machine devmemhp_check() refuses: %s",
			    devmemhp_last_error(m));
		rc = dmh_machine_import_files(m, files, nr);
		again = fuzz_snapshot(m);
		FUZZ_ASSERT(!rc, "the same files, imported again, refused: %s",
			    devmemhp_last_error(m));
		FUZZ_ASSERT(snap && again && !strcmp(snap, again),
			    "the same files, imported again, made another machine");
		free(again);
	}
	free(snap);
	devmemhp_machine_unref(m);
	free(text);
	return 0;
}
