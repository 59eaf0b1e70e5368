/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Import from files held in memory: what devmemhp_machine_import() reads
 * under a root, without a file system (the fuzzer's way in). */
#ifndef DEVMEMHP_IMPORT_H
#define DEVMEMHP_IMPORT_H

#include <stddef.h>

struct devmemhp_machine;

/* One file: its path relative to the root ("proc/iomem"); a directory is
 * there when some path lies under it. */
struct dmh_import_file {
	const char *path;
	const char *data;
	size_t len;
};

/* devmemhp_machine_import() of these files: 0 or a negative errno with the
 * same messages; a path given twice is -EINVAL. */
int dmh_machine_import_files(struct devmemhp_machine *m, const struct dmh_import_file *files,
			     size_t nr);

#endif
