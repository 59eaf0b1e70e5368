/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the fuzz targets share: how a finding is told, and a machine's state
 * as text to compare before and after a call. */
#ifndef DEVMEMHP_FUZZ_H
#define DEVMEMHP_FUZZ_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "devmemhp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* lib/check.c: every field of the state, for tests (internal, not exported) */
int dmh_machine_dump(const struct devmemhp_machine *m, FILE *out);

/* A finding: say what, then trap, for libFuzzer and for the replay driver. */
#define FUZZ_ASSERT(cond, ...)                                                            \
	do {                                                                              \
		if (!(cond)) {                                                            \
			fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, #cond);       \
			fprintf(stderr, __VA_ARGS__);                                     \
			fputc('\n', stderr);                                              \
			__builtin_trap();                                                 \
		}                                                                         \
	} while (0)

static inline void fuzz_quiet(void *data, int prio, const char *file, int line, const char *fn,
			      const char *format, va_list args)
{
	(void)data, (void)prio, (void)file, (void)line, (void)fn, (void)format, (void)args;
}

/* Machines with more memory blocks are compared by their stats alone: their
 * views have a line per block (266 M for riscv64's largest boot memory). */
#define FUZZ_MAX_VIEW_BLOCKS 65536

/* Views in a snapshot: a bit per enum devmemhp_view */
#define FUZZ_VIEWS_ALL 0x1fu
#define FUZZ_VIEWS_NO_PTDUMP (FUZZ_VIEWS_ALL & ~(1u << DEVMEMHP_VIEW_PTDUMP))

/* The whole state, the settings an import takes from its files, and the
 * views of mask, malloc'ed: what a refused call must not change.  The state
 * alone (mask 0) decides the views; rendering them also tries their code. */
static inline char *fuzz_snapshot_of(struct devmemhp_machine *m, unsigned int views)
{
	struct devmemhp_kernel k = { .size = sizeof(k) };
	struct devmemhp_geometry g = { .size = sizeof(g) };
	struct devmemhp_stats st = { .size = sizeof(st) };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	if (!devmemhp_get_stats(m, &st))
		fwrite(&st, sizeof(st), 1, f);
	if (st.memory_blocks > FUZZ_MAX_VIEW_BLOCKS) {
		fclose(f);
		return text;
	}
	dmh_machine_dump(m, f);
	if (!devmemhp_machine_get_kernel(m, &k))
		fprintf(f, "kernel %s (%s)\n", k.name, k.why);
	if (!devmemhp_machine_get_geometry(m, &g))
		fprintf(f, "block_size %#llx leaves %#x directmap %#x image %#llx-%#llx\n",
			(unsigned long long)g.block_size, g.leaf_levels, g.directmap_levels,
			(unsigned long long)g.kernel_image_start,
			(unsigned long long)g.kernel_image_end);
	for (int v = DEVMEMHP_VIEW_IOMEM; v <= DEVMEMHP_VIEW_PTDUMP; v++)
		if (views & (1u << v))
			devmemhp_write_view(m, (enum devmemhp_view)v, f);
	fclose(f);
	return text;
}

static inline char *fuzz_snapshot(struct devmemhp_machine *m)
{
	return fuzz_snapshot_of(m, FUZZ_VIEWS_ALL);
}

#endif
