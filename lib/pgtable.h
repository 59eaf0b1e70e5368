/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pgtable.c: a persistent radix page table, and the sizes of its levels. */
#ifndef DEVMEMHP_PGTABLE_H
#define DEVMEMHP_PGTABLE_H

#include <stdbool.h>

#include "devmemhp.h"
#include "private.h"

/* ---- geometry helpers ------------------------------------------------------ */

/* log2 of the size one entry of table level `level` maps. */
unsigned int dmh_level_shift(const struct devmemhp_geometry *geo, unsigned int level);
static inline uint64_t dmh_level_size(const struct devmemhp_geometry *geo, unsigned int level)
{
	return (uint64_t)1 << dmh_level_shift(geo, level);
}
/* Number of address bits the page table translates (page offset included). */
unsigned int dmh_va_bits(const struct devmemhp_geometry *geo);

/* ---- pgtable.c: a persistent radix page table ---------------------------- */

/* Leaf attributes (a small model of pgprot). */
#define DMH_PT_RW     (1u << 0)
#define DMH_PT_NX     (1u << 1)
#define DMH_PT_GLOBAL (1u << 2)
#define DMH_PT_PCD    (1u << 3) /* uncached */
#define DMH_PT_ENC    (1u << 4) /* encrypted unless pgprot_decrypted() */
#define DMH_PT_ALTMAP (1u << 5) /* vmemmap backed by the hot-added range (altmap) */
#define DMH_PT_SHARED (1u << 6) /* vmemmap page shared by compound tails (vmemmap dedup) */
#define DMH_PT_CONT   (1u << 7) /* contiguous hint (geometry.cont_bits) */
#define DMH_PT_ATTRS  0xffu
/* The bits a real page-table entry holds: what ptdump sees and merges on. */
#define DMH_PT_HW     (DMH_PT_RW | DMH_PT_NX | DMH_PT_GLOBAL | DMH_PT_PCD | DMH_PT_ENC | DMH_PT_CONT)

/* query.c hands attrs out as DEVMEMHP_PROT_*: the same bits. */
DMH_SAME_AS_PUBLIC(DMH_PT_RW, DEVMEMHP_PROT_RW);
DMH_SAME_AS_PUBLIC(DMH_PT_NX, DEVMEMHP_PROT_NX);
DMH_SAME_AS_PUBLIC(DMH_PT_GLOBAL, DEVMEMHP_PROT_GLOBAL);
DMH_SAME_AS_PUBLIC(DMH_PT_PCD, DEVMEMHP_PROT_PCD);
DMH_SAME_AS_PUBLIC(DMH_PT_ENC, DEVMEMHP_PROT_ENC);
DMH_SAME_AS_PUBLIC(DMH_PT_ALTMAP, DEVMEMHP_PROT_ALTMAP);
DMH_SAME_AS_PUBLIC(DMH_PT_SHARED, DEVMEMHP_PROT_SHARED);
DMH_SAME_AS_PUBLIC(DMH_PT_CONT, DEVMEMHP_PROT_CONT);

struct pt_node;

struct pt_stats {
	uint64_t tables[DEVMEMHP_MAX_LEVELS];        /* table pages per table level */
	uint64_t leaves[DEVMEMHP_MAX_LEVELS];        /* leaves per entry level */
	uint64_t altmap_leaves[DEVMEMHP_MAX_LEVELS]; /* of which DMH_PT_ALTMAP */
	uint64_t shared_leaves[DEVMEMHP_MAX_LEVELS]; /* of which DMH_PT_SHARED */
};

/*
 * A periodic leaf pattern: the base page at offset o from `origin` gets
 * `attrs` added when o mod `period` >= `unique` (vmemmap_populate_compound_pages():
 * each compound page's head and first tail vmemmap pages are its own, the rest
 * map the first tail page).  period 0: no pattern.
 */
struct pt_pattern {
	uint64_t origin, period, unique;
	unsigned int attrs;
};

/* Memo of shared subtrees; lives as long as the machine. */
struct pt_cache;

struct pt_ctx {
	const struct devmemhp_geometry *geo;
	struct pt_cache *cache;
	uint64_t gen;    /* nodes of this generation may be changed in place */
	bool boot;       /* before after_bootmem: kept entries are counted again */
	int64_t counted[DEVMEMHP_MAX_LEVELS]; /* update_page_count() deltas of the call */
	struct pt_pattern pattern; /* of the base pages pt_map() sets */
	/* cont: the next pt_map()s set the geometry's contiguous hints (the
	 * linear map) for the whole mapping call [cont_va, cont_end) */
	bool cont;
	uint64_t cont_va, cont_end;
};

struct pt_cache *pt_cache_new(void);
void pt_cache_free(struct pt_cache *cache);
struct pt_node *pt_get(struct pt_node *node);
void pt_put(struct pt_node *node);
/* An empty root table. */
int pt_new_root(struct pt_ctx *c, struct pt_node **root);
/* Map [va, va_end) as kernel_physical_mapping_init() fills a range. */
int pt_map(struct pt_ctx *c, struct pt_node **root, uint64_t va, uint64_t va_end,
	   unsigned int leaf_levels, unsigned int attrs);
/* Make the tables down to table level `level` exist for va. */
int pt_touch(struct pt_ctx *c, struct pt_node **root, uint64_t va, unsigned int level);
/* Every entry, holes included, as maximal runs of equal hardware bits
 * (DMH_PT_HW), as ptdump's note_page() merges them. */
typedef int (*pt_entry_fn)(void *ctx, uint64_t va, uint64_t va_end, unsigned int level,
			   bool present, unsigned int attrs);
int pt_walk_entries(const struct devmemhp_geometry *geo, const struct pt_node *root, uint64_t va,
		    uint64_t va_end, pt_entry_fn fn, void *ctx);
/* Unmap [va, va_end) as remove_pagetable() does. */
int pt_unmap(struct pt_ctx *c, struct pt_node **root, uint64_t va, uint64_t va_end);
/* Recompute the summaries of the nodes changed since pt_ctx.gen began. */
void pt_seal(struct pt_ctx *c, struct pt_node *root);
/* Once a committed state holds root and the state it replaced is gone: its
 * copies stop borrowing children from the nodes they copied (taking them
 * over where they hold the last reference). */
void pt_settle(struct pt_node *root);
/* Translate va: 0 and the leaf level/attrs, or -ENOENT. */
int pt_lookup(const struct devmemhp_geometry *geo, const struct pt_node *root, uint64_t va,
	      unsigned int *level, unsigned int *attrs);
/* Statistics of the part of the table that maps [va, va_end). */
void pt_region_stats(const struct devmemhp_geometry *geo, const struct pt_node *root, uint64_t va,
		     uint64_t va_end, struct pt_stats *st);
const struct pt_stats *pt_node_stats(const struct pt_node *node);
uint64_t pt_node_hash(const struct pt_node *node);
/* Maximal runs of leaves with equal level and attributes, in VA order. */
typedef int (*pt_run_fn)(void *ctx, uint64_t va, uint64_t va_end, unsigned int level,
			 unsigned int attrs);
int pt_walk_leaves(const struct devmemhp_geometry *geo, const struct pt_node *root, uint64_t va,
		   uint64_t va_end, pt_run_fn fn, void *ctx);
/* Recompute every summary from scratch and compare: 0 or -EUCLEAN. */
int pt_verify(const struct devmemhp_geometry *geo, const struct pt_node *root, char *why,
	      size_t whylen);

#endif /* DEVMEMHP_PGTABLE_H */
