/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* arch.c and arch/: the backend registry and what backends share. */
#ifndef DEVMEMHP_ARCH_H
#define DEVMEMHP_ARCH_H

#include "devmemhp.h"

/* ---- arch.c: the backend registry --------------------------------------- */

int dmh_arch_get(const char *name, const struct devmemhp_arch **out);
void dmh_arch_put(const struct devmemhp_arch *arch);
const struct devmemhp_arch *dmh_arch_builtin(const struct devmemhp_arch *arch);
/* A memory block size of backend `arch` (NULL: any) with geometry geo: 0 or
 * -EINVAL and why. */
int dmh_block_size_check(const struct devmemhp_arch *arch, const struct devmemhp_geometry *geo,
			 uint64_t size, char *why, size_t whylen);
int dmh_arch_default_split(const struct devmemhp_geometry *geo, uint64_t start, uint64_t end,
			   struct devmemhp_map_run *runs, unsigned int max);
/* arch.c: Linux 4.9's zone_for_memory(), for the seed-era backends */
void dmh_zone_for_memory(const struct devmemhp_geometry *geo, struct devmemhp_arch_plan *plan,
			 int (*zone_span)(void *ctx, int nid, enum devmemhp_zone zone,
					  uint64_t *start_pfn, uint64_t *end_pfn),
			 void *ctx, enum devmemhp_zone zone_default);
/* arch/x86.c: what x86_64 and x86_32 share (arch/x86/mm/init.c) */
int dmh_x86_save_mr(struct devmemhp_map_run *mr, int nr, unsigned int max, uint64_t start_pfn,
		    uint64_t end_pfn, unsigned int mask);
int dmh_x86_merge_mr(struct devmemhp_map_run *mr, int nr);
int dmh_x86_init_mem_mapping(const struct devmemhp_geometry *geo,
			     const struct devmemhp_phys_range *ram, unsigned int nr_ram,
			     int (*map)(void *ctx, uint64_t start, uint64_t end), void *ctx);

extern const struct devmemhp_arch dmh_arch_x86_64, dmh_arch_x86_32, dmh_arch_powerpc,
	dmh_arch_s390, dmh_arch_ia64, dmh_arch_sh, dmh_arch_tile, dmh_arch_arm64,
	dmh_arch_riscv64;

int dmh_geometry_validate(const struct devmemhp_geometry *geo, char *why, size_t whylen);

#endif /* DEVMEMHP_ARCH_H */
