/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* resource.c: the physical resource tree (/proc/iomem). */
#ifndef DEVMEMHP_RESOURCE_H
#define DEVMEMHP_RESOURCE_H

#include <stdbool.h>

#include "devmemhp.h"
#include "dirty.h"
#include "private.h"

/* ---- resource.c: the physical resource tree ----------------------------- */

/* include/linux/ioport.h */
#define DMH_IORESOURCE_MEM                     0x00000200ul
#define DMH_IORESOURCE_SYSRAM                  0x01000000ul
#define DMH_IORESOURCE_SYSRAM_DRIVER_MANAGED   0x02000000ul
#define DMH_IORESOURCE_SYSRAM_MERGEABLE        0x04000000ul
#define DMH_IORESOURCE_BUSY                    0x80000000ul
#define DMH_IORESOURCE_SYSTEM_RAM (DMH_IORESOURCE_MEM | DMH_IORESOURCE_SYSRAM)

enum dmh_iores_desc {
	DMH_IORES_DESC_NONE = 0,
	DMH_IORES_DESC_CRASH_KERNEL = 1,
	DMH_IORES_DESC_ACPI_TABLES = 2,
	DMH_IORES_DESC_ACPI_NV_STORAGE = 3,
	DMH_IORES_DESC_PERSISTENT_MEMORY = 4,
	DMH_IORES_DESC_PERSISTENT_MEMORY_LEGACY = 5,
	DMH_IORES_DESC_DEVICE_PRIVATE_MEMORY = 6,
	DMH_IORES_DESC_RESERVED = 7,
	DMH_IORES_DESC_SOFT_RESERVED = 8,
};

/* The values of the public enum devmemhp_iores_desc. */
DMH_SAME_AS_PUBLIC(DMH_IORES_DESC_NONE, DEVMEMHP_IORES_DESC_NONE);
DMH_SAME_AS_PUBLIC(DMH_IORES_DESC_CRASH_KERNEL, DEVMEMHP_IORES_DESC_CRASH_KERNEL);
DMH_SAME_AS_PUBLIC(DMH_IORES_DESC_ACPI_TABLES, DEVMEMHP_IORES_DESC_ACPI_TABLES);
DMH_SAME_AS_PUBLIC(DMH_IORES_DESC_ACPI_NV_STORAGE, DEVMEMHP_IORES_DESC_ACPI_NV_STORAGE);
DMH_SAME_AS_PUBLIC(DMH_IORES_DESC_PERSISTENT_MEMORY, DEVMEMHP_IORES_DESC_PERSISTENT_MEMORY);
DMH_SAME_AS_PUBLIC(DMH_IORES_DESC_PERSISTENT_MEMORY_LEGACY,
		   DEVMEMHP_IORES_DESC_PERSISTENT_MEMORY_LEGACY);
DMH_SAME_AS_PUBLIC(DMH_IORES_DESC_DEVICE_PRIVATE_MEMORY, DEVMEMHP_IORES_DESC_DEVICE_PRIVATE_MEMORY);
DMH_SAME_AS_PUBLIC(DMH_IORES_DESC_RESERVED, DEVMEMHP_IORES_DESC_RESERVED);
DMH_SAME_AS_PUBLIC(DMH_IORES_DESC_SOFT_RESERVED, DEVMEMHP_IORES_DESC_SOFT_RESERVED);

/* A flat pre-order array: descendants follow their parent, siblings by address. */
struct dmh_resource {
	uint64_t start;
	uint64_t end; /* inclusive, as the kernel keeps it */
	unsigned long flags;
	unsigned int desc;
	unsigned int depth; /* 0: child of iomem_resource */
	char *name;         /* dmh_name_new(): shared, never changed */
};

struct dmh_restree {
	const struct dmh_resource *res;
	size_t nr, cap;
	uint64_t root_end; /* iomem_resource.end */
	struct dmh_dirty dirty;
};

/* Resource i, to be written. */
static inline struct dmh_resource *dmh_res_w(struct dmh_restree *t, size_t i)
{
	dmh_dirty_mark(&t->dirty, i, i + 1);
	return (struct dmh_resource *)&t->res[i];
}

/* A resource's name: shared by the clones of a tree, counted. */
char *dmh_name_new(const char *s);
char *dmh_name_get(char *s);
void dmh_name_put(char *s);
void dmh_restree_init(struct dmh_restree *t, uint64_t root_end);
void dmh_restree_free(struct dmh_restree *t);
int dmh_restree_clone(struct dmh_restree *dst, const struct dmh_restree *src);
/* __request_region(): descends into non-busy resources; -EBUSY on conflict. */
int dmh_request_region(struct dmh_restree *t, uint64_t start, uint64_t size, const char *name,
		       unsigned long flags, unsigned int desc, size_t *index);
/* Would __request_region() succeed?  0 or -EBUSY. */
int dmh_region_available(const struct dmh_restree *t, uint64_t start, uint64_t size);
/* Remove resource i, its children move up to its parent (remove_resource()). */
void dmh_release_resource(struct dmh_restree *t, size_t i);
void dmh_release_subtree(struct dmh_restree *t, size_t i);
int dmh_release_adjustable(struct dmh_restree *t, uint64_t start, uint64_t end);
size_t dmh_merge_system_ram(struct dmh_restree *t, size_t i);
long dmh_find_busy(const struct dmh_restree *t, uint64_t start, uint64_t end);
bool dmh_resource_in_subtree(const struct dmh_restree *t, size_t root, size_t i);
/* Index of the resource exactly [start, end] with `name` (NULL: any), or -1. */
long dmh_find_resource(const struct dmh_restree *t, uint64_t start, uint64_t end,
		       const char *name);
/* region_intersects() against resources matching flags (0: any). */
bool dmh_region_intersects(const struct dmh_restree *t, uint64_t start, uint64_t end,
			   unsigned long flags);
/* Does [start, end] touch any top-level resource (__region_intersects with no filter)? */
bool dmh_region_busy(const struct dmh_restree *t, uint64_t start, uint64_t end);
/* The same, and the lowest start of a top-level resource in [start, end]. */
bool dmh_region_conflict(const struct dmh_restree *t, uint64_t start, uint64_t end,
			 uint64_t *lowest);
int dmh_restree_verify(const struct dmh_restree *t, char *why, size_t whylen);

/* resource.c: -EINVAL (logged) when name holds a control character, which a
 * view printing it would turn into a forged line */
int dmh_name_check(const struct devmemhp_machine *m, const char *op, const char *what,
		   const char *name);

#endif /* DEVMEMHP_RESOURCE_H */
