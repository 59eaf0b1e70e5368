/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* boot.c: the machine as it boots. */
#ifndef DEVMEMHP_BOOT_H
#define DEVMEMHP_BOOT_H

#include <stdbool.h>

#include "devmemhp.h"
#include "state.h"

/* boot.c */
int dmh_boot(struct devmemhp_machine *m, struct dmh_state **out);
/* The boot RAM map_mem() maps holds geometry.kernel_image whole, or there is none. */
bool dmh_kernel_image_fits(const struct devmemhp_machine *m);

#endif /* DEVMEMHP_BOOT_H */
