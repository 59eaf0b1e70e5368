/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mksysroot PHASE ROOT: the file tree of one recorded phase, as the import
 * tests build it (sysroot.c), for the shell tests that run real tools such
 * as lsmem --sysroot ROOT on it.
 */
#include <stdio.h>
#include <string.h>

#include "sysroot.h"

int main(int argc, char **argv)
{
	int rc;

	if (argc != 3) {
		fputs("usage: mksysroot PHASE ROOT\n", stderr);
		return 2;
	}
	rc = tu_sysroot(argv[1], argv[2]);
	if (rc) {
		fprintf(stderr, "mksysroot: %s: %s\n", argv[1], strerror(-rc));
		return 1;
	}
	return 0;
}
