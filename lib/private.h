/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal types shared between the files of lib/; never installed. */
#ifndef DEVMEMHP_PRIVATE_H
#define DEVMEMHP_PRIVATE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <syslog.h>

#include "devmemhp.h"
#include "size.h"

#define DMH_EXPORT __attribute__((visibility("default")))
#define DMH_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define DMH_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define DMH_ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
#define DMH_ALIGN_UP(x, a) DMH_ALIGN_DOWN((x) + (uint64_t)(a) - 1, (a))
#define DMH_IS_ALIGNED(x, a) (((x) & ((uint64_t)(a) - 1)) == 0)
#define DMH_MIN(a, b) ((a) < (b) ? (a) : (b))
#define DMH_MAX(a, b) ((a) > (b) ? (a) : (b))

/* ---- alloc.c: the one allocator (with a test hook) ---------------------- */

void *dmh_malloc(size_t size);
void *dmh_calloc(size_t nmemb, size_t size);
char *dmh_strdup(const char *s);
void dmh_free(const void *p);
/* Grow an array to hold at least `need` elements; leaves it untouched on failure. */
int dmh_grow(void **array, size_t *cap, size_t need, size_t elem);
/* Test hook: make the nth allocation from now fail (0: never). */
void dmh_alloc_fail_at(unsigned long nth);
unsigned long dmh_alloc_failures(void);

/* ---- log.c --------------------------------------------------------------- */

struct dmh_log {
	devmemhp_log_fn fn;
	void *data;
	int priority;
};

void dmh_log_init(struct dmh_log *log);
void dmh_log(const struct devmemhp_machine *m, int priority, const char *file, int line,
	     const char *fn, const char *fmt, ...) DMH_PRINTF(6, 7);
/* Record why a call failed (devmemhp_last_error), log it at priority (a
 * plan's refusal at LOG_DEBUG), return err. */
int dmh_error(const struct devmemhp_machine *m, int err, int priority, const char *file, int line,
	      const char *fn, const char *fmt, ...) DMH_PRINTF(7, 8);
bool dmh_log_enabled(const struct devmemhp_machine *m, int priority);

/* A reason, where the caller asked for one (why not NULL). */
void dmh_why(char *why, size_t len, const char *fmt, ...) DMH_PRINTF(3, 4);
#define DMH_WHY_LEN 160

#define dmh_err(m, err, ...) dmh_error((m), (err), LOG_ERR, __FILE__, __LINE__, __func__, __VA_ARGS__)
/* A query's "no such thing" (an unmapped address, no such block) is an
 * answer a caller may ask for millions of times: recorded, logged only at
 * LOG_DEBUG. */
#define dmh_miss(m, err, ...)                                                               \
	dmh_error((m), (err), LOG_DEBUG, __FILE__, __LINE__, __func__, __VA_ARGS__)
#define dmh_dbg(m, ...)                                                                     \
	do {                                                                                \
		if (dmh_log_enabled((m), LOG_DEBUG))                                        \
			dmh_log((m), LOG_DEBUG, __FILE__, __LINE__, __func__, __VA_ARGS__); \
	} while (0)

/* ---- options.c: the option string -------------------------------------- */

/* Sizes and numbers (dmh_parse_size, dmh_parse_number) are in size.h;
 * a number of the same grammar, at most max: */
int dmh_parse_uint(const char *s, unsigned long long max, unsigned long long *out);
int dmh_parse_bool(const char *s, bool *out);
/* The one option grammar.  fn() takes one key=value: 0, or -ENOENT for a
 * key it does not know, -EPERM for one it takes only at boot, -ENOMEM, or
 * any other errno for a bad value (with why, or "" for "bad value").  Every
 * refusal is logged as "who: item: reason" and returned as -EINVAL (-EPERM,
 * -ENOMEM). */
struct dmh_option_ctx {
	const char *who;  /* "machine_new", "machine_set_option", ... */
	const char *arch; /* the backend's name, for an unknown key */
	int (*fn)(void *ctx, const char *key, const char *value, char *why, size_t whylen);
	void *ctx;
};
/* A comma-separated "key=value" list, NULL or "" for none. */
int dmh_options_apply(const struct devmemhp_machine *m, const struct dmh_option_ctx *oc,
		      const char *options);
/* One key and its value, as one item of such a list. */
int dmh_option_apply(const struct devmemhp_machine *m, const struct dmh_option_ctx *oc,
		     const char *key, const char *value);
/* machine.c: a user backend's default_options (arch, in the current
 * layout), as machine_new() would take them (arch_register). */
int dmh_default_options_check(const struct devmemhp_arch *arch);

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

/* ---- geometry helpers ------------------------------------------------------ */

/* log2 of the size one entry of table level `level` maps. */
unsigned int dmh_level_shift(const struct devmemhp_geometry *geo, unsigned int level);
static inline uint64_t dmh_level_size(const struct devmemhp_geometry *geo, unsigned int level)
{
	return (uint64_t)1 << dmh_level_shift(geo, level);
}
/* Number of address bits the page table translates (page offset included). */
unsigned int dmh_va_bits(const struct devmemhp_geometry *geo);
int dmh_geometry_validate(const struct devmemhp_geometry *geo, char *why, size_t whylen);

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

/*
 * The elements of one of a state's arrays that may differ from its twin's
 * (txn.c): [lo, hi), empty when lo >= hi.  Every write marks what it
 * writes; the arrays are const so that the compiler finds a write that
 * does not.
 */
struct dmh_dirty {
	size_t lo, hi;
};

static inline void dmh_dirty_mark(struct dmh_dirty *d, size_t lo, size_t hi)
{
	if (d->lo >= d->hi) {
		d->lo = lo;
		d->hi = hi;
		return;
	}
	d->lo = DMH_MIN(d->lo, lo);
	d->hi = DMH_MAX(d->hi, hi);
}

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

/* mm/memory_hotplug.h: MMOP_* */
enum dmh_online_type { DMH_MMOP_OFFLINE, DMH_MMOP_ONLINE, DMH_MMOP_ONLINE_KERNEL, DMH_MMOP_ONLINE_MOVABLE };
enum dmh_online_policy { DMH_POLICY_CONTIG_ZONES, DMH_POLICY_AUTO_MOVABLE };

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

/* ---- linindex.c: translation of linear-map addresses -------------------- */

struct dmh_lin_index;
/* Is va mapped in st's linear map, and by a leaf of what size (log2, if
 * page_shift): 0, or -ENOENT.  pt_lookup()'s answer; a state queried often
 * answers from an index of its runs. */
int dmh_linear_lookup(const struct devmemhp_machine *m, const struct dmh_state *st, uint64_t va,
		      unsigned int *page_shift);
void dmh_linindex_free(struct dmh_lin_index *x);

/* ---- accounting.c: free memory, and who pays for a hotplug ------------- */

enum dmh_charge_kind {
	DMH_CHARGE_MEMMAP,     /* struct pages: vmemmap_alloc_block_buf() */
	DMH_CHARGE_VMEMMAP_PT, /* vmemmap page tables: vmemmap_*_populate() */
	DMH_CHARGE_LINEAR_PT,  /* linear-map page tables: alloc_low_pages() */
	DMH_NR_CHARGE_KINDS
};
/* The owner of pages a removed range's remove did not free (page tables the
 * kernel keeps). */
#define DMH_CHARGE_KEPT UINT64_MAX

/* Pages a hotplug took from one zone. */
struct dmh_charge {
	uint64_t owner;     /* the start of the range that took them, or DMH_CHARGE_KEPT */
	uint64_t pages;
	int nid, zone;
	enum dmh_charge_kind kind;
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
DMH_STATE_ARRAY_W(charges, struct dmh_charge)
#undef DMH_STATE_ARRAY_W

/* reserved=SIZE[@NID][;SIZE@NID...]: what the kernel holds at boot */
struct dmh_reserve {
	uint64_t bytes;
	int nid; /* -1: spread over the nodes by their managed pages */
};

/* The boot holdings of cfg.reserve in st's zones (after dmh_zones_boot()). */
int dmh_acct_boot(const struct devmemhp_machine *m, struct dmh_state *st);
/* Set a node's boot holdings so that its free memory is free_pages (import);
 * zone >= 0: that zone's only. */
void dmh_acct_set_free(const struct devmemhp_machine *m, struct dmh_state *st, int nid, int zone,
		       uint64_t free_pages);
/* Free pages of a zone (negative: the model's zone owes more than it has). */
int64_t dmh_zone_free(const struct dmh_state *st, int nid, int zone);
uint64_t dmh_node_free(const struct devmemhp_machine *m, const struct dmh_state *st, int nid);
uint64_t dmh_free_pages(const struct devmemhp_machine *m, const struct dmh_state *st);
/* Pages the hotplugs charged to a node (kind < 0: all kinds). */
uint64_t dmh_node_charged(const struct dmh_state *st, int nid, int kind);
/* Charge the memmap and page tables an add made (after minus before) to the
 * zones Linux takes them from; -ENOMEM (with the kernel's message) when the
 * machine cannot afford it.  owner: the range's start. */
int dmh_acct_add(struct devmemhp_machine *m, const struct dmh_state *before, struct dmh_state *after,
		 struct pt_ctx *c, uint64_t start, uint64_t end, int nid, char *why, size_t whylen);
/* Give back what a remove freed. */
int dmh_acct_remove(const struct devmemhp_machine *m, const struct dmh_state *before,
		    struct dmh_state *after, struct pt_ctx *c, uint64_t owner);
int dmh_acct_verify(const struct devmemhp_machine *m, const struct dmh_state *st, char *why,
		    size_t whylen);
/* The per-node figures of the public API. */
void dmh_node_info_of(const struct devmemhp_machine *m, const struct dmh_state *st, int nid,
		      struct devmemhp_node_info *info);

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

/* ---- the machine ----------------------------------------------------------- */

#define DMH_MAX_NUMNODES 1024 /* NODES_SHIFT 10 */

struct dmh_boot_range {
	uint64_t start, end; /* bytes as given */
	int nid;
	bool nomap;          /* boot=...:nomap, or an imported top-level "reserved" */
};

struct dmh_config {
	struct dmh_boot_range *boot;
	size_t nr_boot;
	unsigned int nodes;
	int online_type;         /* memhp_default_state */
	bool online_given;       /* by online=, not the kernel's default */
	int online_policy;
	unsigned int auto_movable_ratio;
	bool auto_movable_numa_aware;
	bool movable_node;
	int memmap_on_memory;    /* enum dmh_mom_mode */
	bool hypervisor;
	bool zone_device;        /* CONFIG_ZONE_DEVICE: a distribution may leave it out */
	bool cpu_nodes_given;    /* cpu_nodes= (or an imported cpulist) says which nodes */
	uint64_t cpu_nodes[DMH_MAX_NUMNODES / 64]; /* ...have CPUs */
	struct dmh_reserve *reserve; /* reserved= */
	size_t nr_reserve;
};

/* The zone decisions a plan add collects: the first block of each run of
 * blocks onlined to one zone, and why. */
struct dmh_zone_whys {
	unsigned int n;
	struct {
		uint64_t first;
		int zone;
		char why[DMH_WHY_LEN];
	} e[DEVMEMHP_PLAN_RUNS];
};

struct devmemhp_machine {
	atomic_int refs;
	uint64_t id;                   /* unique in the process: names it in last_error */
	const struct devmemhp_arch *arch;
	const struct dmh_kernel *kernel; /* the kernel it models (geo.kernel) */
	char kernel_why[256];            /* how that was chosen */
	struct devmemhp_geometry geo;
	struct dmh_config cfg;
	struct dmh_log log;
	uint64_t block_size;
	uint64_t boot_mem_end;
	/* readlock.c: queries name the machine in their thread's record; a
	 * commit closes the gate, raises writer and waits for them to leave */
	atomic_uint writer;
	pthread_mutex_t gate;
	pthread_mutex_t write_lock;    /* one mutation at a time */
	struct pt_cache *ptcache;      /* written only under write_lock */
	uint64_t pt_gen;
	struct dmh_state *st;
	/* txn.c: the working copy, equal to st between transactions (NULL:
	 * none yet, the next transaction clones st) */
	struct dmh_state *shadow;
	/* a plan runs an operation dry: its commit keeps the state here (the
	 * working copy, until dmh_dry_drop()) */
	bool dry_run;
	struct dmh_state *dry;
	struct dmh_zone_whys *zone_whys; /* a plan add: its zone decisions */
	/* accounting.c: what the page table with this root spends (written
	 * under write_lock) */
	struct dmh_spent_memo {
		struct pt_node *root;
		uint64_t hash, memmap, vmemmap_pt, linear_pt;
	} spent_memo;
	/* the last add refused for want of memory: what Linux would have left
	 * allocated (-ENOMEM of dmh_acct_add(); written under write_lock) */
	uint64_t enomem_leaves;
	struct devmemhp_plan_payer enomem_payers[DEVMEMHP_PLAN_PAYERS];
	unsigned int enomem_nr_payers;
};

/* readlock.c: the shared lock of queries (nested on one thread it is taken
 * once; it lives in a const machine, hence the casts), and the exclusive one
 * of a commit */
void dmh_read_lock(const struct devmemhp_machine *m);
void dmh_read_unlock(const struct devmemhp_machine *m);
void dmh_lock_init(struct devmemhp_machine *m);
void dmh_lock_destroy(struct devmemhp_machine *m);
void dmh_exclusive_lock(struct devmemhp_machine *m);
void dmh_exclusive_unlock(struct devmemhp_machine *m);

/* api.c: a public function's entry.  -EINVAL for no machine, then for bad
 * (the caller's verdict on its other arguments, NULL if fine), logged as
 * "<who>: no machine" or "<who>: <bad>" from the caller's line; else 0 with
 * the lock taken, which dmh_api_leave() drops. */
enum dmh_api_lock { DMH_API_NONE, DMH_API_READ, DMH_API_WRITE };
int dmh_api_enter_at(const struct devmemhp_machine *m, const char *who, const char *bad,
		     enum dmh_api_lock lock, const char *file, int line, const char *fn);
#define dmh_api_enter(m, who, bad, lock) \
	dmh_api_enter_at((m), (who), (bad), (lock), __FILE__, __LINE__, __func__)
void dmh_api_leave(const struct devmemhp_machine *m, enum dmh_api_lock lock);
/* The verdict on a sized out-struct p, called name (a literal), for bad. */
#define DMH_API_SIZED(p, name) \
	(!(p) || (p)->size < sizeof(size_t) ? name " is NULL or " name "->size is unset" : NULL)

/* Copy a struct that starts with its size to a caller's copy of maybe
 * another (older or newer) size, leaving the caller's size alone. */
static inline void dmh_copy_sized(void *dst, const void *src, size_t src_size)
{
	size_t n = DMH_MIN(*(const size_t *)dst, src_size);

	memcpy((char *)dst + sizeof(size_t), (const char *)src + sizeof(size_t), n - sizeof(size_t));
}

/* txn.c: all-or-nothing mutations */
struct dmh_txn {
	struct devmemhp_machine *m;
	struct dmh_state *st; /* the working copy */
	struct pt_ctx c;
};
/* hotplug.c: the operations, with the writer lock held (plan.c runs them dry) */
struct dmh_add_req {
	uint64_t start, end;
	int nid;
	unsigned int flags, options;
	const char *name;
	unsigned int attrs;
	uint64_t group;
	uint64_t altmap_reserve, altmap_free;
	uint64_t compound_size;
};
int dmh_add_params_check(const struct devmemhp_machine *m, const struct devmemhp_add_params *p,
			 struct dmh_add_req *q);
int dmh_add_locked(struct devmemhp_machine *m, const struct dmh_add_req *q);
int dmh_remove_locked(struct devmemhp_machine *m, uint64_t start, uint64_t end, unsigned int flags);
/* remove_memory()'s refusals that need only its arguments (flags, size,
 * overflow, alignment), in the kernel's order: the remove and its plan ask it first */
int dmh_remove_check_args(const struct devmemhp_machine *m, uint64_t start, uint64_t size,
			  unsigned int flags);
/* online_memory()'s and offline_memory()'s refusals that need only their
 * arguments (size, overflow, zone, block alignment), in the kernel's order;
 * online_locked() and dmh_offline_locked() ask them first */
int dmh_online_check_args(const struct devmemhp_machine *m, uint64_t start, uint64_t size,
			  enum devmemhp_zone zone);
int dmh_offline_check_args(const struct devmemhp_machine *m, uint64_t start, uint64_t size);
int dmh_offline_locked(struct devmemhp_machine *m, uint64_t start, uint64_t end);
/* mhp_supports_memmap_on_memory() of the machine's kernel: does a RAM add of
 * size bytes take its memmap from itself, with altmaps of *free_pages; why not */
bool dmh_memmap_on_memory(const struct devmemhp_machine *m, uint64_t size, uint64_t *free_pages,
			  char *why, size_t len);
/* Where the memmap of range r's page pfn lives on r itself: the first pfn of
 * the altmap holding it (after any reserve and alignment) */
uint64_t dmh_altmap_base_pfn(const struct devmemhp_machine *m, const struct dmh_range *r,
			     uint64_t pfn);
/* query.c: the statistics of a state */
void dmh_stats_of(const struct devmemhp_machine *m, const struct dmh_state *st,
		  struct devmemhp_stats *s);

void dmh_writer_lock(struct devmemhp_machine *m);
void dmh_writer_unlock(struct devmemhp_machine *m);
/* With the writer lock held. */
int dmh_txn_begin(struct devmemhp_machine *m, struct dmh_txn *t);
/* 0, or -ENOMEM and the transaction aborted. */
int dmh_txn_commit(struct dmh_txn *t);
void dmh_txn_abort(struct dmh_txn *t);
/* Test hook: the next transaction starts from a clone of the committed
 * state, as the first one does. */
void dmh_txn_drop_copy(struct devmemhp_machine *m);
/* A plan is done with the state its dry commit kept. */
void dmh_dry_drop(struct devmemhp_machine *m);
/* A new committed state made apart (import): swap it in, the old one and the
 * working copy go. */
void dmh_txn_replace(struct devmemhp_machine *m, struct dmh_state *st);

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

/* Geometry shortcuts. */
static inline uint64_t dmh_pfn(const struct devmemhp_machine *m, uint64_t addr)
{
	return addr >> m->geo.page_shift;
}
static inline uint64_t dmh_pages_per_section(const struct devmemhp_machine *m)
{
	return (uint64_t)1 << (m->geo.section_shift - m->geo.page_shift);
}
static inline uint64_t dmh_section_size(const struct devmemhp_machine *m)
{
	return (uint64_t)1 << m->geo.section_shift;
}
static inline uint64_t dmh_subsection_size(const struct devmemhp_machine *m)
{
	return (uint64_t)1 << m->geo.subsection_shift;
}
static inline uint64_t dmh_page_size(const struct devmemhp_machine *m)
{
	return (uint64_t)1 << m->geo.page_shift;
}
/* The end of boot RAM, whole pages: what sizes memory blocks and zones. */
static inline uint64_t dmh_boot_mem_end(const struct devmemhp_machine *m)
{
	uint64_t end = 0;

	for (size_t i = 0; i < m->cfg.nr_boot; i++)
		end = DMH_MAX(end, DMH_ALIGN_DOWN(m->cfg.boot[i].end, dmh_page_size(m)));
	return end;
}
static inline struct dmh_zone *dmh_zone(const struct dmh_state *st, int nid, int zone)
{
	return &st->zones[(size_t)nid * DMH_NR_ZONES + (size_t)zone];
}

/* linear.c: the linear map and the vmemmap on top of the page table */
int dmh_linear_map(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
		   uint64_t start, uint64_t end, unsigned int attrs);
/* A mapping call of its own with leaves of leaf_levels only and no contiguous
 * hint: the kernel image's alias (geometry.kernel_image_leaf_levels) */
int dmh_linear_map_apart(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
			 uint64_t start, uint64_t end, unsigned int attrs, unsigned int leaf_levels);
/* dmh_linear_map() for a hot-add, logged as init_memory_mapping() */
int dmh_init_memory_mapping(const struct devmemhp_machine *m, struct dmh_state *st,
			    struct pt_ctx *c, uint64_t start, uint64_t end, unsigned int attrs);
int dmh_linear_unmap(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
		     uint64_t start, uint64_t end);
int dmh_linear_runs(const struct devmemhp_machine *m, uint64_t start, uint64_t end, bool boot,
		    const struct dmh_state *st, struct devmemhp_map_run *runs, unsigned int max);
static inline uint64_t dmh_linear_va(const struct devmemhp_machine *m, uint64_t pa)
{
	return m->geo.linear_base + (pa - m->geo.phys_offset);
}

static inline uint64_t dmh_linear_pa(const struct devmemhp_machine *m, uint64_t va)
{
	return va - m->geo.linear_base + m->geo.phys_offset;
}
void dmh_linear_stats(const struct devmemhp_machine *m, const struct dmh_state *st,
		      struct pt_stats *ps);
bool dmh_linear_covers(const struct devmemhp_machine *m, uint64_t start, uint64_t end);
void dmh_pt_ctx_init(struct devmemhp_machine *m, struct pt_ctx *c, bool boot);

/* sparse.c: sections, subsections and their memmap */

/* struct vmem_altmap: the memmap allocated from the added range itself */
struct dmh_altmap {
	uint64_t base_pfn; /* the first pfn it may hand out (after the reserve) */
	uint64_t free;     /* pages it may hand out, padding included */
	uint64_t alloc;    /* handed out */
	uint64_t align;    /* skipped to align what it handed out */
};

/* -ENOSPC: the altmap has no room for the memmap (the kernel's -ENOMEM). */
int dmh_sparse_add(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
		   uint64_t start, uint64_t end, struct dmh_altmap *altmap, uint64_t compound_pages);
int dmh_sparse_remove(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c,
		      uint64_t start, uint64_t end);
/* Is any subsection of [start, end) present? */
bool dmh_sparse_overlaps(const struct devmemhp_machine *m, const struct dmh_state *st,
			 uint64_t start, uint64_t end);
bool dmh_section_early(const struct devmemhp_machine *m, const struct dmh_state *st,
		       uint64_t section);
uint64_t dmh_memmap_va(const struct devmemhp_machine *m, uint64_t pfn);
/* The pfn whose struct page is at va. */
uint64_t dmh_memmap_pfn(const struct devmemhp_machine *m, uint64_t va);
/* The end of the vmemmap: the struct page of 2^max_physmem_bits. */
uint64_t dmh_vmemmap_end(const struct devmemhp_machine *m);
/* Bytes of memmap populated, on separate memory and on altmaps. */
void dmh_memmap_bytes(const struct devmemhp_machine *m, const struct dmh_state *st,
		      uint64_t *separate, uint64_t *altmap);
/* The same from the statistics of the vmemmap's part of the page table. */
void dmh_memmap_bytes_of(const struct devmemhp_machine *m, const struct pt_stats *ps,
			 uint64_t *separate, uint64_t *altmap);
int dmh_sparse_boot(const struct devmemhp_machine *m, struct dmh_state *st, struct pt_ctx *c);

/* memory_block.c: /sys/devices/system/memory */
long dmh_block_find(const struct dmh_state *st, uint64_t id);
/* resource.c: -EINVAL (logged) when name holds a control character, which a
 * view printing it would turn into a forged line */
int dmh_name_check(const struct devmemhp_machine *m, const char *op, const char *what,
		   const char *name);
/* hotplug.c: the index of the first run of blocks that ends after block id */
size_t dmh_block_run_from(const struct dmh_state *st, uint64_t id);
int dmh_blocks_add(struct dmh_state *st, const struct dmh_block_run *run);
int dmh_blocks_remove(struct dmh_state *st, uint64_t first, uint64_t count);
int dmh_block_set(struct dmh_state *st, uint64_t id, bool online, int zone);
int dmh_block_assign(struct dmh_state *st, uint64_t id, bool online, int zone, int nid);
/* Linux 4.9: set a block's zone (fixed_zone >= 0) and device-core state
 * (dev_offline >= 0) */
int dmh_block_set_v4_9(struct dmh_state *st, uint64_t id, int fixed_zone, int dev_offline);
uint64_t dmh_blocks_count(const struct dmh_state *st, bool online_only);
/* The nodes a block is linked to, lowest first (more than one: an early block
 * whose boot RAM is on several nodes); how many, at most max filled. */
#define DMH_BLOCK_MAX_NODES 8
unsigned int dmh_block_nodes(const struct devmemhp_machine *m, const struct dmh_state *st,
			     uint64_t id, int *nids, unsigned int max);

/* zone.c: zones and the online policy; the zone rules of a kernel generation
 * (zone.c for 4.14 on, zone_v4_9.c for 4.9) */
struct dmh_mm_ops {
	/* memory_block_online() with online_type (DMH_MMOP_*): *zone_out the zone, why
	 * (when not NULL) the rule that picked it */
	int (*online_block)(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id,
			    int online_type, int *zone_out, char *why, size_t len);
	/* memory_block_offline(): -EINVAL where the kernel refuses, -EBUSY for an
	 * unmovable page */
	int (*offline_block)(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id);
	/* valid_zones_show(): the zones, the one "online" picks first */
	unsigned int (*valid_zones)(const struct devmemhp_machine *m, const struct dmh_state *st,
				    uint64_t id, int zones[3]);
};
extern const struct dmh_mm_ops dmh_mm_v6, dmh_mm_v4_9;
int dmh_extent_add(struct dmh_state *st, const struct dmh_extent *x);
int dmh_extent_remove(struct dmh_state *st, uint64_t start, uint64_t end);
void dmh_zone_grow(struct dmh_zone *z, uint64_t start_pfn, uint64_t nr);
void dmh_adjust_present(struct dmh_state *st, int nid, int zone, bool early,
			struct dmh_group *group, int64_t nr);
/* zone_v4_9.c: what Linux 4.9 does to zone spans when memory comes and goes */
void dmh_v4_9_span_add(const struct devmemhp_machine *m, struct dmh_state *st, int nid, int zone,
		       uint64_t start_pfn, uint64_t nr);
void dmh_v4_9_span_remove(const struct devmemhp_machine *m, struct dmh_state *st,
			  const struct dmh_range *r);
/* Why Linux 4.9 refuses to offline block id, or NULL */
const char *dmh_v4_9_offline_refusal(const struct devmemhp_machine *m, const struct dmh_state *st,
				     uint64_t id);
/* Linux 4.9's zone_can_shift(): the zone "online_kernel" or "online_movable"
 * would move the block to, or its own zone */
int dmh_v4_9_shift_target(const struct devmemhp_machine *m, const struct dmh_state *st,
			  uint64_t id, int online_type);
bool dmh_zone_intersects(const struct dmh_zone *z, uint64_t start_pfn, uint64_t nr);
int dmh_zone_for_pfn_range(const struct devmemhp_machine *m, const struct dmh_state *st,
			   int online_type, int nid, const struct dmh_group *group,
			   uint64_t start_pfn, uint64_t nr);
/* The same, and why: the rule that decided, with the numbers it compared. */
int dmh_zone_for_pfn_range_why(const struct devmemhp_machine *m, const struct dmh_state *st,
			       int online_type, int nid, const struct dmh_group *group,
			       uint64_t start_pfn, uint64_t nr, char *why, size_t len);
/* Why offline block id of st would go to the zone onlining picks. */
void dmh_block_zone_why(const struct devmemhp_machine *m, const struct dmh_state *st,
			uint64_t id, char *why, size_t len);
/* The zone decisions of a sequence of onlines, one per run of blocks to the
 * same zone: logged at LOG_INFO, and kept in a plan's m->zone_whys. */
struct dmh_zone_note {
	bool any;
	uint64_t next_id;
	int zone;
};
void dmh_zone_note(const struct devmemhp_machine *m, struct dmh_zone_note *n, uint64_t id,
		   int zone, const char *why);
/* A node has CPUs: cpu_nodes=, else (the default) it has boot memory. */
bool dmh_node_has_cpus(const struct devmemhp_machine *m, int nid);
int dmh_online_block(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id,
		     int online_type, int *zone_out, char *why, size_t len);
int dmh_online_block_to(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id,
			int zone);
int dmh_offline_block(const struct devmemhp_machine *m, struct dmh_state *st, uint64_t id);
/* valid_zones_show(): the zones onlining could pick, default first. */
unsigned int dmh_valid_zones(const struct devmemhp_machine *m, const struct dmh_state *st,
			     uint64_t id, int zones[3]);
/* The same as text, names joined by sep (valid_zones in sysfs: " "). */
void dmh_valid_zones_text(const struct devmemhp_machine *m, const struct dmh_state *st,
			  uint64_t id, const char *sep, char *buf, size_t len);
int dmh_zone_add_device(const struct devmemhp_machine *m, struct dmh_state *st, int nid,
			uint64_t start_pfn, uint64_t nr);
bool dmh_has_unmovable(const struct dmh_state *st, uint64_t first_pfn, uint64_t end_pfn);
long dmh_extent_find(const struct dmh_state *st, uint64_t pfn);
/* group.c: memory groups */
const struct dmh_group *dmh_group_find(const struct dmh_state *st, uint64_t id);
/* The same, to be written. */
struct dmh_group *dmh_group_find_w(struct dmh_state *st, uint64_t id);
int dmh_group_add(struct dmh_state *st, const struct dmh_group *g, uint64_t *id);
void dmh_group_delete(struct dmh_state *st, uint64_t id);
int dmh_zones_boot(const struct devmemhp_machine *m, struct dmh_state *st);
bool dmh_zone_exists(const struct devmemhp_machine *m, int zone);
/* A zone's boot limits in pfns: [lo, hi). */
void dmh_zone_limits(const struct devmemhp_machine *m, int zone, uint64_t *lo, uint64_t *hi);
int dmh_early_block_zone(const struct devmemhp_machine *m, const struct dmh_state *st, int nid,
			 uint64_t start_pfn, uint64_t nr);

/* boot.c */
int dmh_boot(struct devmemhp_machine *m, struct dmh_state **out);
/* The boot RAM map_mem() maps holds geometry.kernel_image whole, or there is none. */
bool dmh_kernel_image_fits(const struct devmemhp_machine *m);

/* check.c */
int dmh_state_verify(const struct devmemhp_machine *m, const struct dmh_state *st, char *why,
		     size_t whylen);

/* Online type and policy names. */
const char *dmh_online_type_name(int type);
/* The DMH_MMOP_* of a name; -EINVAL (*out untouched) if none. */
int dmh_parse_online_type(const char *name, int *out);
const char *dmh_online_policy_name(int policy);

#endif /* DEVMEMHP_PRIVATE_H */
