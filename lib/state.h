/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* state.c: everything a machine holds (ranges, blocks, zones, groups), cloned per transaction. */
#ifndef DEVMEMHP_STATE_H
#define DEVMEMHP_STATE_H

#include <stdatomic.h>
#include <stdbool.h>

#include "devmemhp.h"
#include "private.h"
#include "resource.h"

/* ---- state: everything a machine holds, cloned per transaction ---------- */

enum dmh_zone_idx {
	DMH_ZONE_DMA = DEVMEMHP_ZONE_DMA,
	DMH_ZONE_DMA32 = DEVMEMHP_ZONE_DMA32,
	DMH_ZONE_NORMAL = DEVMEMHP_ZONE_NORMAL,
	DMH_ZONE_HIGHMEM = DEVMEMHP_ZONE_HIGHMEM,
	DMH_ZONE_MOVABLE = DEVMEMHP_ZONE_MOVABLE,
	DMH_ZONE_DEVICE = DEVMEMHP_ZONE_DEVICE,
	DMH_NR_ZONES
};

/* DMH_ZONE_* are the public zones, DEVMEMHP_ZONE_AUTO and NONE left out. */
DMH_SAME_AS_PUBLIC(DMH_NR_ZONES, DEVMEMHP_ZONE_AUTO);

#define DMH_ZONE_NONE (-1)
/* A DMH_ZONE_* as the API names it, and as the kernel prints it ("none"). */
static inline enum devmemhp_zone dmh_zone_public(int zone)
{
	return zone == DMH_ZONE_NONE ? DEVMEMHP_ZONE_NONE : (enum devmemhp_zone)zone;
}
static inline const char *dmh_zone_text(int zone)
{
	return zone == DMH_ZONE_NONE ? "none" : devmemhp_zone_name((enum devmemhp_zone)zone);
}

enum dmh_range_kind { DMH_RANGE_BOOT, DMH_RANGE_RAM, DMH_RANGE_DEVICE };

/* Memory with struct pages: a boot RAM range, or one hot-add. */
struct dmh_range {
	uint64_t start, end;     /* bytes; boot ranges page-granular, others subsection-aligned */
	unsigned int flags;      /* DEVICE_MEMORY_* */
	int nid;
	enum dmh_range_kind kind;
	uint64_t vmemmap_pages;  /* pages of its own memmap (memmap_on_memory, device altmap),
				  * per memory block if altmap_per_block */
	uint64_t altmap_reserve; /* device altmap: pages the driver keeps before that memmap */
	uint64_t altmap_align;   /* then pages skipped to align the memmap's first leaf */
	uint64_t compound_pages; /* device: pages per compound page; 0: none */
	uint64_t group;          /* memory group id; 0: none */
	unsigned int attrs;      /* linear-map leaf attributes (DMH_PT_*) */
	bool has_resource;       /* it requested a resource, to give back on remove */
	bool unmapped;           /* addressable, but the arch gave it no linear map (highmem) */
	bool nomap;              /* boot memory memblock marks NOMAP: present, in its zone,
				  * never managed, no System RAM, no linear map */
	bool altmap_per_block;   /* each memory block holds its own memmap at its start
				  * (memmap_on_memory since v6.6) */
};

/* Consecutive memory blocks in the same state. */
struct dmh_block_run {
	uint64_t first, count;  /* block ids */
	bool online;
	int zone;               /* mem->zone: DMH_ZONE_*, or DMH_ZONE_NONE */
	int nid;
	uint64_t vmemmap_pages; /* per block */
	uint64_t group;
	bool early;
	bool zone_fixed;        /* the zone was chosen when it was added (Linux 4.9) */
	int fixed_zone;         /* ...this one */
	bool dev_offline;       /* Linux 4.9: auto-onlined past the device core, whose
				 * "online" attribute still reads 0 */
};

/* Pages given to a zone (online), as [start_pfn, end_pfn). */
struct dmh_extent {
	uint64_t start_pfn, end_pfn;
	int nid;
	int zone;
	bool early;
};

struct dmh_zone {
	uint64_t start_pfn, spanned; /* zone_start_pfn, spanned_pages */
	uint64_t present, present_early, managed;
	bool initialized;            /* Linux 4.9's zone->initialized: set once, kept */
};

/* A memory group (include/linux/memory.h: struct memory_group). */
struct dmh_group {
	uint64_t id;
	int nid;
	bool dynamic;
	uint64_t max_pages;     /* static */
	uint64_t unit_pages;    /* dynamic */
	uint64_t present_kernel_pages, present_movable_pages;
	bool implicit;          /* made by one hot-add, and gone with it */
};

struct dmh_state {
	struct pt_node *pgd;                          /* linear map and vmemmap */
	int64_t direct_pages[DEVMEMHP_MAX_LEVELS];    /* update_page_count() counters */
	int64_t boot_skew[DEVMEMHP_MAX_LEVELS];       /* counters minus leaves after boot */
	uint64_t max_pfn;
	struct dmh_restree iomem;
	/* the arrays are written through dmh_*_w() and the helpers of their
	 * files, which mark what they write in dirty_* */
	const struct dmh_range *ranges; /* sorted by start */
	size_t nr_ranges, cap_ranges;
	const struct dmh_block_run *blocks; /* sorted by block id */
	size_t nr_blocks, cap_blocks;
	const struct dmh_extent *extents; /* sorted by pfn */
	size_t nr_extents, cap_extents;
	const struct dmh_group *groups;
	size_t nr_groups, cap_groups;
	uint64_t next_group_id;
	struct dmh_zone *zones;         /* [nid * DMH_NR_ZONES + zone] */
	bool *node_online;              /* [nid]: node_online(), what zoneinfo lists */
	const uint64_t *unmovable;      /* sorted pfns offlining cannot migrate */
	size_t nr_unmovable, cap_unmovable;
	/* accounting.c: free memory.  A zone's free pages are its managed pages
	 * minus what the kernel holds from boot (reserved[]) minus what hotplug
	 * took from it (charges) */
	uint64_t *reserved;             /* [nid * DMH_NR_ZONES + zone] pages */
	const struct dmh_charge *charges; /* in the order they were taken */
	uint64_t *charged;              /* [nid * DMH_NR_ZONES + zone]: their pages per zone */
	size_t nr_charges, cap_charges;
	struct dmh_dirty dirty_ranges, dirty_blocks, dirty_extents, dirty_groups, dirty_unmovable,
		dirty_charges;
	/* linindex.c: the linear map's runs, made by the queries of a committed
	 * state (never copied by a clone) */
	_Atomic(struct dmh_lin_index *) lin_index;
	atomic_uint lin_walks;
};

/* The elements [lo, hi) of one of a state's arrays, to be written (hi past
 * the last one an insert or delete moves). */
#define DMH_STATE_ARRAY_W(array, type)                                                    \
	static inline type *dmh_##array##_w(struct dmh_state *st, size_t lo, size_t hi)   \
	{                                                                                 \
		dmh_dirty_mark(&st->dirty_##array, lo, hi);                               \
		return (type *)&st->array[lo];                                            \
	}
DMH_STATE_ARRAY_W(ranges, struct dmh_range)
DMH_STATE_ARRAY_W(blocks, struct dmh_block_run)
DMH_STATE_ARRAY_W(extents, struct dmh_extent)
DMH_STATE_ARRAY_W(groups, struct dmh_group)
DMH_STATE_ARRAY_W(unmovable, uint64_t)

/* state.c */
struct dmh_state *dmh_state_clone(const struct dmh_state *st, unsigned int nodes);
int dmh_state_copy_changes(struct dmh_state *dst, const struct dmh_state *src,
			   const struct dmh_state *dirt, unsigned int nodes);
/* Room for dst to hold src's arrays, allocated while dst's own arrays are
 * still read (get), moved into dst once they are not (put). */
#define DMH_STATE_ARRAYS 7
struct dmh_state_room {
	void *buf[DMH_STATE_ARRAYS];
	size_t cap[DMH_STATE_ARRAYS];
};
int dmh_state_room_get(const struct dmh_state *dst, const struct dmh_state *src,
		       struct dmh_state_room *room);
void dmh_state_room_put(struct dmh_state *dst, struct dmh_state_room *room);
/* Forget what was marked dirty. */
void dmh_state_clean(struct dmh_state *st);
int dmh_state_twins_verify(const struct dmh_state *a, const struct dmh_state *b,
			   unsigned int nodes, char *why, size_t whylen);
void dmh_state_free(struct dmh_state *st);
int dmh_state_dump(const struct devmemhp_machine *m, const struct dmh_state *st, FILE *out);
/* Internal: canonical text of the whole machine state (tests compare it). */
int dmh_machine_dump(const struct devmemhp_machine *m, FILE *out);
long dmh_range_find(const struct dmh_state *st, uint64_t pfn);
/* The first range that ends after addr (nr_ranges: none). */
size_t dmh_range_from(const struct dmh_state *st, uint64_t addr);
int dmh_range_insert(struct dmh_state *st, const struct dmh_range *r);
void dmh_range_delete(struct dmh_state *st, size_t i);

static inline struct dmh_zone *dmh_zone(const struct dmh_state *st, int nid, int zone)
{
	return &st->zones[(size_t)nid * DMH_NR_ZONES + (size_t)zone];
}

#endif /* DEVMEMHP_STATE_H */
