/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* kernel.c: the Linux versions modelled and their generic rules. */
#ifndef DEVMEMHP_KERNEL_H
#define DEVMEMHP_KERNEL_H

#include <stdbool.h>

#include "devmemhp.h"

/* ---- kernel.c: the Linux versions modelled and their generic rules ---------- */

#define DMH_KERNEL_MAJOR_MINOR(v) ((v) & ~0xffu)

/* check_hotplug_memory_range(): what a RAM hot-add is aligned to */
enum dmh_ram_align { DMH_RAM_ALIGN_SECTION, DMH_RAM_ALIGN_BLOCK };
/* what device memory (ZONE_DEVICE) is aligned to */
enum dmh_device_align { DMH_DEVICE_ALIGN_SECTION, DMH_DEVICE_ALIGN_SUBSECTION };
/* memmap_on_memory: none; one altmap for a one-block add (v6.1); an altmap
 * per memory block of any add (v6.6+) */
enum dmh_mom { DMH_MOM_NONE, DMH_MOM_SINGLE_BLOCK, DMH_MOM_PER_BLOCK };
enum dmh_kernel_match { DMH_KERNEL_EXACT, DMH_KERNEL_OLDER, DMH_KERNEL_NEWER };
/* memory_hotplug.memmap_on_memory= */
enum dmh_mom_mode { DMH_MOM_OFF, DMH_MOM_ON, DMH_MOM_FORCE };

struct dmh_state;
struct dmh_mm_ops;

struct dmh_kernel {
	unsigned int version; /* DEVMEMHP_KERNEL_VERSION(a, b, 0) */
	const char *name;     /* "6.12" */
	enum dmh_ram_align ram_align;
	enum dmh_device_align device_align;
	enum dmh_mom memmap_on_memory;
	bool memmap_force;       /* memmap_on_memory=force exists */
	int default_online_type; /* auto_online_blocks at boot (the distribution's config) */
	bool crash_hotplug;      /* /sys/devices/system/memory/crash_hotplug */
	bool gfr_step_align;     /* get_free_mem_region() steps by the alignment, not the size */
	unsigned int iomem_max_level; /* MAX_IORES_LEVEL: /proc/iomem indents no deeper */
	/* Linux 4.9: memory gets its zone when it is added (page links, spans) */
	bool zones_at_add;
	bool ram_resource_at_root;  /* register_memory_resource(): request_resource() */
	bool zoneinfo_populated_only; /* zoneinfo_show_print() skips unpopulated zones */
	bool pgmap_collision_busy;  /* a device range colliding with another: -EBUSY */
	const struct dmh_mm_ops *mm; /* the zone rules of its generation */
};

const struct dmh_kernel *dmh_kernel_find(unsigned int version);
/* "6.12" or "6.12.117-1": *end after the numbers */
int dmh_kernel_parse(const char *s, unsigned int *version, const char **end);
void dmh_kernel_name(unsigned int version, char *buf, size_t len);
int dmh_kernel_foreach(const struct devmemhp_arch *arch,
		       int (*fn)(void *ctx, const struct dmh_kernel *k), void *ctx);
const struct dmh_kernel *dmh_kernel_default(const struct devmemhp_arch *arch);
const struct dmh_kernel *dmh_kernel_of_arch(const struct devmemhp_arch *arch, unsigned int version);
const struct dmh_kernel *dmh_kernel_nearest(const struct devmemhp_arch *arch, unsigned int version,
					    enum dmh_kernel_match *how);
void dmh_kernel_list(const struct devmemhp_arch *arch, char *buf, size_t len);
int dmh_kernels_validate(const struct devmemhp_arch *arch, char *why, size_t len);

#endif /* DEVMEMHP_KERNEL_H */
