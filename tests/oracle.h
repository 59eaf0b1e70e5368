/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Reading the oracle's recordings and comparing the model with them. */
#ifndef DEVMEMHP_TESTS_ORACLE_H
#define DEVMEMHP_TESTS_ORACLE_H

#include <stdbool.h>
#include <stddef.h>

#include "testutil.h"

/* The whole of the file named by the printf-style arguments, or NULL. */
char *slurp(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Fail with a unified diff unless want and got are the same text. */
void same(const char *sc, const char *phase, const char *what, const char *want, const char *got);
/* The lines of text that start with one of the prefixes (after leading blanks
 * if trim), in order (malloc'd). */
char *grep(const char *text, const char *const *prefixes, bool trim);
/* A recorded file of the phase against a view of the model, whole or the
 * lines that start with one of the prefixes. */
void compare_file(struct devmemhp_machine *m, const char *label, const char *ph, const char *dir,
		  const char *file, enum devmemhp_view v, const char *const *prefixes);
/* The linear-map and vmemmap runs of [start, start + size) against the
 * phase's ptwalk-*.txt: page size, physical address and the contiguous hint. */
void compare_runs(struct devmemhp_machine *m, const char *sc, const char *ph, const char *dir,
		  uint64_t start, uint64_t size);
/* A run of a recorded walk (ptwalk-*.txt: "va-va  phys pa-pa  N x 2M  flags");
 * arm64's flags mark the contiguous hint CONT. */
struct walk_run {
	uint64_t va, va_end, pa;
	unsigned int shift;
	bool cont;
};
/* fn for each run of the walk, in order, until it returns non-zero. */
int walk_runs(const char *walk, int (*fn)(void *ctx, const struct walk_run *run), void *ctx);
/* util-linux lsmem on the model's exported sysfs and on the recorded one. */
void compare_lsmem(struct devmemhp_machine *m, const char *label, const char *ph, const char *dir);
/* The top of /sys/devices/system/memory and the files of a block, where the
 * recording lists them (memory-sysfs.txt). */
void compare_sysfs_top(struct devmemhp_machine *m, const char *label, const char *ph,
		       const char *dir);
/* $srcdir, or "." */
const char *data_dir(void);
/* Import the recorded phase into m, which has the scenario's options. */
void import_phase(struct devmemhp_machine *m, const char *label, const char *ph, const char *dir);
bool is_dir(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A suite's scenarios: rows that start with their directory's name, each
 * with an array of phases that start with theirs (a NULL name ends it). */
struct scenario_table {
	const void *rows;
	size_t nr, row_size;
	size_t phases_offset, phase_size, max_phases;
};
#define SCENARIO_TABLE(rows, type)                                                          \
	((struct scenario_table){ (rows), sizeof(rows) / sizeof((rows)[0]), sizeof(type),     \
				  offsetof(type, phases), sizeof((rows)[0].phases[0]),            \
				  sizeof((rows)[0].phases) / sizeof((rows)[0].phases[0]) })
/* Every scenario directory under kdir, and every phase directory in those,
 * is one the table replays; returns the number of scenarios.  label names
 * kdir in the messages. */
int check_recorded(const char *kdir, const char *label, const struct scenario_table *t);
void rm_tree(const char *root);

#endif
