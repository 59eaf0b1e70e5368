/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef DEVMEMHP_TESTS_SYSROOT_H
#define DEVMEMHP_TESTS_SYSROOT_H

/* Build root/proc and root/sys/devices/system/memory from a recorded phase. */
int tu_sysroot(const char *phase, const char *root);

#endif
