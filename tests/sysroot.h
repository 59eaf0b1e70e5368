/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef DEVMEMHP_TESTS_SYSROOT_H
#define DEVMEMHP_TESTS_SYSROOT_H

#include <stddef.h>

#include "import.h"

/* Build root/proc and root/sys/devices/system/memory from a recorded phase. */
int tu_sysroot(const char *phase, const char *root);

/* Every file under root, and each symbolic link as an empty file: an import
 * from memory of what root holds (the files malloc'ed, freed by the next). */
int tu_tree_files(const char *root, struct dmh_import_file **files, size_t *nr);
void tu_tree_files_free(struct dmh_import_file *files, size_t nr);

#endif
