/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libdevmemhp - a model of how a kernel hot-adds and hot-removes physical
 * memory, above all device memory.
 *
 * Every function returns 0 or a negative errno unless its documentation says
 * otherwise; counts and results go through out-parameters.  Ranges are
 * half-open [start, start + size) physical addresses.  Structs that cross the
 * ABI start with a `size` member that the caller sets to sizeof(struct), so
 * that members can be appended without breaking old callers.
 */
#ifndef DEVMEMHP_H
#define DEVMEMHP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DEVMEMHP_VERSION_MAJOR 1
#define DEVMEMHP_VERSION_MINOR 1
#define DEVMEMHP_VERSION_MICRO 0
#define DEVMEMHP_VERSION_STRING "1.1.0"

const char *devmemhp_version(void);

/* ---- Classification (values are ABI and never change) ------------------ */

#define DEVICE_MEMORY_NONE          0u        /* system RAM (the RAM hotplug path) */
#define DEVICE_MEMORY_DEVICE        (1u << 0) /* device memory backed by struct page, ZONE_DEVICE */
#define DEVICE_MEMORY_MOVABLE       (1u << 1) /* device pages can be migrated (not DAX-pinned) */
#define DEVICE_MEMORY_UNADDRESSABLE (1u << 2) /* CPU cannot access: memmap, no linear map */
#define DEVICE_MEMORY_ALL           0x7u

int devmemhp_flags_validate(unsigned int flags);
int devmemhp_flags_to_string(unsigned int flags, char *buf, size_t size);
int devmemhp_flags_from_string(const char *s, unsigned int *flags);

/* Linux's enum memory_type (include/linux/memremap.h, v6.1); same values. */
enum devmemhp_memory_type {
	DEVMEMHP_MEMORY_DEVICE_PRIVATE = 1,
	DEVMEMHP_MEMORY_DEVICE_COHERENT = 2,
	DEVMEMHP_MEMORY_DEVICE_FS_DAX = 3,
	DEVMEMHP_MEMORY_DEVICE_GENERIC = 4,
	DEVMEMHP_MEMORY_DEVICE_PCI_P2PDMA = 5,
	_DEVMEMHP_MEMORY_TYPE_PAD = 0x7fffffff
};

/* The protection memremap_pages() maps a memory type with. */
enum devmemhp_pgprot {
	DEVMEMHP_PGPROT_KERNEL = 0,    /* PAGE_KERNEL, write-back */
	DEVMEMHP_PGPROT_DECRYPTED = 1, /* pgprot_decrypted(PAGE_KERNEL): FS_DAX */
	DEVMEMHP_PGPROT_NONCACHED = 2, /* pgprot_noncached(PAGE_KERNEL): PCI_P2PDMA */
	_DEVMEMHP_PGPROT_PAD = 0x7fffffff
};

int devmemhp_flags_from_memory_type(enum devmemhp_memory_type type, unsigned int *flags,
				    enum devmemhp_pgprot *pgprot);
int devmemhp_flags_to_memory_type(unsigned int flags, enum devmemhp_memory_type *type);

/* ---- Zones --------------------------------------------------------------- */

enum devmemhp_zone {
	DEVMEMHP_ZONE_DMA = 0,
	DEVMEMHP_ZONE_DMA32 = 1,
	DEVMEMHP_ZONE_NORMAL = 2,
	DEVMEMHP_ZONE_HIGHMEM = 3,
	DEVMEMHP_ZONE_MOVABLE = 4,
	DEVMEMHP_ZONE_DEVICE = 5,
	DEVMEMHP_ZONE_AUTO = 6, /* online: let the online policy decide */
	DEVMEMHP_ZONE_NONE = 7, /* page_info: in no zone (offline, or spans zones) */
	_DEVMEMHP_ZONE_PAD = 0x7fffffff
};

/* The kernel's zone name ("DMA32", "Normal", "Movable", ...), or NULL. */
const char *devmemhp_zone_name(enum devmemhp_zone zone);

/* ---- The machine --------------------------------------------------------- */

struct devmemhp_machine;

typedef void (*devmemhp_log_fn)(void *userdata, int priority, const char *file, int line,
				const char *fn, const char *format, va_list args);

int devmemhp_machine_new(const char *arch, const char *options, struct devmemhp_machine **out);
struct devmemhp_machine *devmemhp_machine_ref(struct devmemhp_machine *m);
struct devmemhp_machine *devmemhp_machine_unref(struct devmemhp_machine *m);
const char *devmemhp_machine_arch(const struct devmemhp_machine *m);
/* Change a setting the kernel lets change at run time: online
 * (auto_online_blocks), online_policy, auto_movable_ratio, auto_movable_numa_aware. */
int devmemhp_machine_set_option(struct devmemhp_machine *m, const char *key, const char *value);
void devmemhp_set_log_fn(struct devmemhp_machine *m, devmemhp_log_fn fn, void *userdata);
void devmemhp_set_log_priority(struct devmemhp_machine *m, int priority);
int devmemhp_get_log_priority(const struct devmemhp_machine *m);
const char *devmemhp_last_error(const struct devmemhp_machine *m);

/* A Linux version as LINUX_VERSION_CODE spells it: DEVMEMHP_KERNEL_VERSION(6, 12, 0). */
#define DEVMEMHP_KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + (c))

/* The kernel a machine models (option kernel=), and how it was chosen. */
struct devmemhp_kernel {
	size_t size;
	unsigned int version;  /* DEVMEMHP_KERNEL_VERSION() */
	char name[16];         /* "6.12" */
	char why[256];         /* "kernel=6.12", "the x86_64 backend's default", or what
				* machine_import() read ("proc/version: Linux 6.12.117 ...") */
};

int devmemhp_machine_get_kernel(const struct devmemhp_machine *m, struct devmemhp_kernel *kernel);

#define DEVMEMHP_MAX_LEVELS 6

/*
 * The shape of a modelled machine.  Page-table levels are numbered from the
 * bottom: level 0 holds base pages (PTEs), level 1 the next size up (2 MiB
 * PMD leaves on x86_64), and so on; table level L is a table whose entries
 * are level-L entries.
 */
struct devmemhp_geometry {
	size_t size;
	unsigned int page_shift;         /* base page: 12 */
	unsigned int levels;             /* page-table levels, root included */
	unsigned int level_bits[DEVMEMHP_MAX_LEVELS]; /* index bits per table level */
	unsigned int leaf_levels;        /* bit L: level-L entries may be linear-map leaves */
	unsigned int free_table_levels;  /* bit L: an empty level-L table is freed on remove */
	unsigned int phys_bits;          /* CPU physical address bits (iomem_resource end) */
	unsigned int max_physmem_bits;   /* MAX_PHYSMEM_BITS: sparse and hotplug limit */
	uint64_t linear_base;            /* virtual address of phys_offset (PAGE_OFFSET) */
	uint64_t linear_size;            /* physical bytes the linear map can reach */
	uint64_t vmemmap_base;           /* virtual address of phys_offset's struct page; 0: none */
	unsigned int section_shift;      /* SECTION_SIZE_BITS */
	unsigned int subsection_shift;   /* SUBSECTION_SHIFT; == section_shift without subsections */
	unsigned int struct_page_size;   /* sizeof(struct page) */
	uint64_t block_size;             /* memory block size; 0: the backend probes it */
	uint64_t zone_dma_end;           /* ZONE_DMA ends here (0: no ZONE_DMA) */
	uint64_t zone_dma32_end;         /* ZONE_DMA32 ends here (0: none) */
	uint64_t zone_highmem_start;     /* ZONE_HIGHMEM starts here (0: none) */
	uint64_t linear_view_end;        /* ptdump's next marker after the linear map (0: its end) */
	uint64_t vmemmap_view_end;       /* ptdump's next marker after the vmemmap (0: its end) */
	/* Since DEVMEMHP_ARCH_VERSION 2 (a smaller size gives the defaults noted). */
	uint64_t phys_offset;            /* PHYS_OFFSET: the physical address mapped at linear_base,
					  * whose struct page is at vmemmap_base (0) */
	unsigned int directmap_levels;   /* bit L: /proc/meminfo has a DirectMap line for level-L
					  * leaves; 0: none (leaf_levels) */
	unsigned int vmemmap_mode;       /* DEVMEMHP_VMEMMAP_* (SECTION) */
	uint64_t va_prefix;              /* the bits above the translated ones that every address
					  * carries (powerpc's quadrant 3: 0xc000000000000000);
					  * 0: the top translated bit repeated (0) */
	/* Since DEVMEMHP_ARCH_VERSION 3. */
	unsigned int kernel;             /* the kernel the machine models,
					  * DEVMEMHP_KERNEL_VERSION(); set by the library from
					  * kernel= before configure(NULL), so hooks can follow it */
	unsigned int cont_bits[DEVMEMHP_MAX_LEVELS]; /* the contiguous hint: a level-L
					  * linear-map leaf whose aligned run of 2^cont_bits[L]
					  * entries one mapping call maps whole gets
					  * DEVMEMHP_PROT_CONT (arm64's PTE_CONT: 4 at levels 0
					  * and 1); 0: no hint at that level */
	unsigned int kernel_image_leaf_levels; /* bit L: the kernel image's linear alias may
					  * take level-L leaves; the boot map leaves the image
					  * out of the boot RAM it maps and maps it last on its
					  * own, never with the contiguous hint (arm64 map_mem():
					  * NO_CONT_MAPPINGS only, blocks even with rodata_full);
					  * 0: the image is mapped with the rest */
	uint64_t kernel_image_start;     /* the kernel image that alias maps, physical and */
	uint64_t kernel_image_end;       /* end exclusive (arm64 [_stext, __init_begin), iomem's
					  * "Kernel code"; option kernel_image=); 0, 0: none */
};

/* How the memmap of a hot-added range is mapped in the vmemmap. */
#define DEVMEMHP_VMEMMAP_SECTION 0 /* level-1 leaves for a whole section's memmap, base pages
				    * for less (x86_64 vmemmap_populate()) */
#define DEVMEMHP_VMEMMAP_LARGE   1 /* level-1 leaves always, rounded out
				    * (vmemmap_populate_hugepages(): arm64, riscv, powerpc, s390) */
#define DEVMEMHP_VMEMMAP_BASE    2 /* base pages only (vmemmap_populate_basepages()) */
#define DEVMEMHP_VMEMMAP_SECTION_PMD 3 /* as SECTION, but level-1 leaves whatever leaf_levels
					* allows the linear map, and base pages on the altmap
					* too (arm64 v6.1.192 vmemmap_populate()) */

int devmemhp_machine_get_geometry(const struct devmemhp_machine *m, struct devmemhp_geometry *geo);

/* ---- Hotplug ------------------------------------------------------------- */

int devmemhp_add_memory(struct devmemhp_machine *m, int nid, uint64_t start, uint64_t size,
			unsigned int flags);
int devmemhp_remove_memory(struct devmemhp_machine *m, uint64_t start, uint64_t size,
			   unsigned int flags);
int devmemhp_online_memory(struct devmemhp_machine *m, uint64_t start, uint64_t size,
			   enum devmemhp_zone zone);
int devmemhp_offline_memory(struct devmemhp_machine *m, uint64_t start, uint64_t size);
/* Mark an online page as one the kernel cannot migrate (a kernel allocation,
 * a long-term pin): offlining its block then fails with -EBUSY. */
int devmemhp_set_page_unmovable(struct devmemhp_machine *m, uint64_t pfn, int unmovable);
int devmemhp_find_free_region(struct devmemhp_machine *m, uint64_t size, uint64_t *start);

/* ---- Queries ------------------------------------------------------------- */

int devmemhp_virt_to_phys(const struct devmemhp_machine *m, uint64_t va, uint64_t *pa,
			  unsigned int *page_shift);
int devmemhp_phys_to_virt(const struct devmemhp_machine *m, uint64_t pa, uint64_t *va);

/* Bits of devmemhp_page_info.state. */
#define DEVMEMHP_PAGE_PRESENT      (1u << 0) /* its section has a memmap (struct page) */
#define DEVMEMHP_PAGE_ONLINE       (1u << 1) /* onlined: in a zone, given to the allocator */
#define DEVMEMHP_PAGE_MAPPED       (1u << 2) /* reachable through the linear map */
#define DEVMEMHP_PAGE_EARLY        (1u << 3) /* boot memory */
#define DEVMEMHP_PAGE_DEVICE       (1u << 4) /* ZONE_DEVICE memory */
#define DEVMEMHP_PAGE_VMEMMAP_SELF (1u << 5) /* holds memmap of its own block (memmap_on_memory) */

struct devmemhp_page_info {
	size_t size;
	uint64_t pfn;
	unsigned int state;           /* DEVMEMHP_PAGE_* */
	unsigned int flags;           /* DEVICE_MEMORY_* of the range it belongs to */
	int nid;
	enum devmemhp_zone zone;
	uint64_t section;             /* sparse section number */
	uint64_t block;               /* memory block id; UINT64_MAX for device memory */
	uint64_t range_start;         /* the added (or boot) range holding it */
	uint64_t range_size;
	uint64_t memmap_va;           /* address of its struct page */
	uint64_t linear_va;           /* its linear-map address, if MAPPED */
	unsigned int linear_page_shift; /* size of the leaf mapping it, if MAPPED */
};

int devmemhp_page_info(const struct devmemhp_machine *m, uint64_t pfn,
		       struct devmemhp_page_info *info);

struct devmemhp_stats {
	size_t size;
	/* linear map, per level: DirectMap counters as update_page_count() keeps them */
	uint64_t direct_map_bytes[DEVMEMHP_MAX_LEVELS];
	/* linear map, per level: leaves really present in the page table */
	uint64_t direct_map_leaves[DEVMEMHP_MAX_LEVELS];
	/* page-table pages per table level: linear map, and vmemmap */
	uint64_t direct_map_table_pages[DEVMEMHP_MAX_LEVELS];
	uint64_t vmemmap_table_pages[DEVMEMHP_MAX_LEVELS];
	uint64_t memmap_bytes;        /* struct pages on separately allocated memory */
	uint64_t memmap_altmap_bytes; /* struct pages on the hot-added memory itself */
	uint64_t present_bytes;       /* memory with struct pages, RAM and device */
	uint64_t online_bytes;        /* RAM given to zones (present pages of online blocks) */
	uint64_t managed_bytes;       /* of that, given to the page allocator (MemTotal) */
	uint64_t device_bytes;        /* ZONE_DEVICE memory */
	uint64_t unaddressable_bytes; /* of that, not CPU-addressable */
	uint64_t memory_blocks;
	uint64_t memory_blocks_online;
	uint64_t block_size;
	uint64_t max_pfn;
	uint64_t high_memory;         /* virtual address, as the kernel's high_memory */
	unsigned int ranges;          /* hot-added ranges */
	/* Since 1.1. */
	uint64_t free_bytes;          /* MemFree as the model owns it: boot free memory minus
				       * the memmap and page tables hotplug took, plus onlined
				       * hot-added memory */
};

int devmemhp_get_stats(const struct devmemhp_machine *m, struct devmemhp_stats *st);

/* A zone of a node, as /proc/zoneinfo counts it (pages). */
struct devmemhp_zone_info {
	size_t size;
	int nid;
	enum devmemhp_zone zone;
	uint64_t start_pfn;      /* zone_start_pfn */
	uint64_t spanned;        /* spanned_pages: the span, holes included */
	uint64_t present;        /* present_pages */
	uint64_t present_early;  /* of which boot memory */
	uint64_t managed;        /* managed_pages: given to the page allocator */
	/* Since 1.1. */
	uint64_t free;           /* nr_free_pages as the model owns it (0 when it owes) */
};

int devmemhp_zone_info_get(const struct devmemhp_machine *m, int nid, enum devmemhp_zone zone,
			   struct devmemhp_zone_info *info);

/* A node, as /sys/devices/system/node/nodeN/meminfo counts it (since 1.1). */
struct devmemhp_node_info {
	size_t size;
	int nid;
	int online;                /* node_online(): it has or had memory */
	uint64_t present_bytes;    /* present pages of its zones (ZONE_DEVICE excluded) */
	uint64_t managed_bytes;    /* MemTotal */
	uint64_t free_bytes;       /* MemFree, as the model owns it */
	uint64_t reserved_bytes;   /* held by the kernel since boot (reserved=, or imported) */
	uint64_t memmap_bytes;     /* hot-plug memmap (struct pages) this node paid for */
	uint64_t page_table_bytes; /* hot-plug page tables (vmemmap and linear map) it paid for */
	uint64_t device_bytes;     /* ZONE_DEVICE memory of the node */
	unsigned int zones;        /* bit (1u << enum devmemhp_zone): the zone has present pages */
};

int devmemhp_node_info_get(const struct devmemhp_machine *m, int nid,
			   struct devmemhp_node_info *info);

/* A memory block, as /sys/devices/system/memory/memoryN shows it. */
struct devmemhp_memory_block {
	size_t size;
	uint64_t id;                 /* N of memoryN; phys_index */
	uint64_t start;              /* physical address: id * block size */
	int online;                  /* state: 1 online, 0 offline */
	int nid;
	enum devmemhp_zone zone;     /* online: its zone, NONE if it spans zones; offline: NONE */
	unsigned int nr_valid_zones; /* valid_zones: for an offline block the zone onlining */
	enum devmemhp_zone valid_zones[3]; /* picks first, then the other choices */
	int removable;
	uint64_t nr_vmemmap_pages;   /* pages of its own memmap (memmap_on_memory) */
	int early;                   /* boot memory */
	uint64_t group;              /* memory group id; 0: none */
};

int devmemhp_memory_block_get(const struct devmemhp_machine *m, uint64_t id,
			      struct devmemhp_memory_block *block);
int devmemhp_memory_block_foreach(const struct devmemhp_machine *m,
				  int (*fn)(const struct devmemhp_memory_block *block, void *data),
				  void *data);
int devmemhp_check(const struct devmemhp_machine *m);

/* ---- Extended hot-add: what drivers pass to the kernel -------------------- */

/* Bits of devmemhp_add_params.options. */
#define DEVMEMHP_ADD_NO_RESOURCE         (1u << 0) /* device: the driver holds its resources itself */
#define DEVMEMHP_ADD_DRIVER_MANAGED      (1u << 1) /* RAM: add_memory_driver_managed() */
#define DEVMEMHP_ADD_MERGE_RESOURCE      (1u << 2) /* RAM: MHP_MERGE_RESOURCE */
#define DEVMEMHP_ADD_MEMMAP_ON_MEMORY    (1u << 3) /* RAM: MHP_MEMMAP_ON_MEMORY, where eligible */
#define DEVMEMHP_ADD_NO_MEMMAP_ON_MEMORY (1u << 4) /* RAM: not even with memmap_on_memory=1 */
#define DEVMEMHP_ADD_NO_GROUP            (1u << 5) /* RAM: in no memory group (plain add_memory()) */
#define DEVMEMHP_ADD_NO_ONLINE           (1u << 6) /* RAM: leave the blocks offline whatever online= says */

struct devmemhp_add_params {
	size_t size;                 /* sizeof(struct devmemhp_add_params) */
	uint64_t start;
	uint64_t length;
	int nid;                     /* ignored when group is set: the group's node */
	unsigned int flags;          /* DEVICE_MEMORY_* */
	unsigned int options;        /* DEVMEMHP_ADD_* */
	const char *name;            /* resource name; NULL: "System RAM" or a device default */
	enum devmemhp_pgprot pgprot; /* device memory: how memremap_pages() maps it */
	uint64_t group;              /* RAM: join this memory group (MHP_NID_IS_MGID); 0: a new static one */
	uint64_t altmap_reserve;     /* device: pages at the start the driver keeps (vmem_altmap.reserve) */
	uint64_t altmap_free;        /* device: pages after them for the memmap (vmem_altmap.free) */
	uint64_t compound_size;      /* device: bytes per compound page (device-dax "align",
				      * pgmap->vmemmap_shift); 0: base pages */
};

int devmemhp_add_memory_ex(struct devmemhp_machine *m, const struct devmemhp_add_params *params);

/* ---- Plans: what an operation would do, and why, without doing it ---------- */

/* Why a memory block stands in the way of a remove. */
#define DEVMEMHP_BLOCKER_ONLINE      (1u << 0) /* online: it must be offlined first */
#define DEVMEMHP_BLOCKER_UNMOVABLE   (1u << 1) /* holds a page that cannot migrate: offlining
						* fails with -EBUSY */
#define DEVMEMHP_BLOCKER_KERNEL_ZONE (1u << 2) /* online in a kernel zone: offlining fails
						* once kernel allocations land there */
#define DEVMEMHP_BLOCKER_MEMMAP      (1u << 3) /* holds its own memmap (memmap_on_memory):
						* it goes only with its whole range */
#define DEVMEMHP_BLOCKER_NO_REMOVE   (1u << 4) /* the architecture cannot hot-remove */

/* Warnings about the machine a plan leaves. */
#define DEVMEMHP_PLAN_WARN_RATIO     (1u << 0) /* online_policy=auto-movable: MOVABLE above
						* auto_movable_ratio % of the kernel's boot
						* memory (contig-zones never applies it) */
#define DEVMEMHP_PLAN_WARN_NODE      (1u << 1) /* a node with CPUs and memory, but none a
						* kernel allocation can use */
#define DEVMEMHP_PLAN_WARN_TRUNCATED (1u << 2) /* more block runs than plan.runs holds */

/* Can memory a plan adds come back out (devmemhp_plan.removable)? */
enum devmemhp_removable {
	DEVMEMHP_REMOVABLE_UNKNOWN = 0,  /* the add fails: nothing to remove */
	DEVMEMHP_REMOVABLE_YES,          /* offline (it is Movable, offline or device memory),
					  * then remove */
	DEVMEMHP_REMOVABLE_MAYBE,        /* online in a kernel zone: offlining fails once an
					  * unmovable allocation lands there */
	DEVMEMHP_REMOVABLE_WHOLE,        /* it holds its own memmap (memmap_on_memory): only
					  * the whole add comes out, at once */
	DEVMEMHP_REMOVABLE_NEVER,        /* the architecture cannot hot-remove */
};

/* online_policy (devmemhp_plan.online_policy) */
#define DEVMEMHP_POLICY_CONTIG_ZONES 0
#define DEVMEMHP_POLICY_AUTO_MOVABLE 1

/* A run of memory blocks the operation treats alike. */
struct devmemhp_plan_run {
	uint64_t first, count;      /* block ids */
	int online;                 /* add: onlined by the add (auto-online); remove: online now */
	enum devmemhp_zone zone;    /* its zone, or the one onlining with ZONE_AUTO would pick */
	unsigned int blockers;      /* remove: DEVMEMHP_BLOCKER_* */
};

#define DEVMEMHP_PLAN_RUNS 16
#define DEVMEMHP_PLAN_PAYERS 8

/* A node whose free memory an operation changes (since 1.1). */
struct devmemhp_plan_payer {
	int nid;
	int64_t bytes;       /* memmap and page tables it pays (negative: gets back) */
	uint64_t free_after; /* its free memory afterwards */
};

struct devmemhp_plan {
	size_t size;                /* sizeof(struct devmemhp_plan) */
	int result;                 /* 0, or the negative errno the operation would return */
	char reason[256];           /* why, when result is not 0 */
	/* the request's alignment: the granule the path needs (a memory block for
	 * system RAM, a subsection for device memory) */
	uint64_t granule;
	uint64_t usable_start, usable_end; /* the largest aligned range inside it (empty: equal) */
	uint64_t lost_head, lost_tail;     /* bytes of the request outside that */
	uint64_t cover_start, cover_end;   /* the smallest aligned range around it */
	/* what it would change (result 0): after minus before */
	int64_t direct_map_leaves[DEVMEMHP_MAX_LEVELS];
	int64_t direct_map_table_pages[DEVMEMHP_MAX_LEVELS];
	int64_t vmemmap_table_pages[DEVMEMHP_MAX_LEVELS];
	int64_t memmap_bytes;        /* struct pages on separate memory */
	int64_t memmap_altmap_bytes; /* struct pages on the range itself */
	int64_t managed_bytes;       /* MemTotal */
	int memmap_on_memory;        /* add: the memmap goes on the range */
	char memmap_on_memory_why[160]; /* add of system RAM: why it does or does not */
	/* the blocks it creates (add) or removes (remove) */
	uint64_t nr_blocks;
	unsigned int nr_runs;
	struct devmemhp_plan_run runs[DEVMEMHP_PLAN_RUNS];
	unsigned int blockers;       /* remove: every DEVMEMHP_BLOCKER_* of its blocks */
	int offline_result;          /* remove: what offlining its online blocks first returns */
	/* the machine it leaves (result 0): the auto-movable ratio and the node */
	uint64_t movable_bytes;      /* present in ZONE_MOVABLE */
	uint64_t kernel_early_bytes; /* present in kernel zones at boot */
	unsigned int movable_percent; /* movable_bytes / kernel_early_bytes, in % */
	unsigned int auto_movable_ratio; /* the machine's limit for it, in % */
	uint64_t node_kernel_bytes;  /* the node's managed memory outside ZONE_MOVABLE */
	unsigned int warnings;       /* DEVMEMHP_PLAN_WARN_* */
	/* reasons (1.1): why each zone, whether it can come back out, the node */
	int nid;                     /* the node of the request (add: the group's, as placed) */
	char zone_why[DEVMEMHP_PLAN_RUNS][160]; /* the rule that picked runs[i].zone, with
						 * the numbers it compared */
	int removable;               /* add: DEVMEMHP_REMOVABLE_*; 0: no answer (it fails) */
	char removable_why[160];
	int online_policy;           /* DEVMEMHP_POLICY_*: whether the ratio is the kernel's */
	uint64_t node_movable_bytes;      /* the node's ZONE_MOVABLE, present */
	uint64_t node_kernel_early_bytes; /* the node's kernel zones at boot, present */
	unsigned int node_movable_percent; /* the two, in % (UINT32_MAX: movable, no kernel) */
	int node_has_cpus;           /* the node has CPUs (machine option cpu_nodes=) */
	char balance_why[256];       /* what the ratio and the node mean on this machine */
	/* Since 1.1: who pays.  On success, the nodes whose free memory changes; on
	 * -ENOMEM, the nodes whose memory Linux would have spent before failing. */
	unsigned int nr_payers;
	struct devmemhp_plan_payer payers[DEVMEMHP_PLAN_PAYERS];
	int64_t free_bytes;          /* MemFree: after minus before */
	uint64_t kernel_leaves_bytes; /* -ENOMEM: memmap Linux 6.1 would leave allocated
				       * (its __add_pages() keeps the sections it made) */
};

/* Plan devmemhp_add_memory_ex(m, params), or devmemhp_remove_memory(): the
 * model is not changed.  0 when plan is filled in (the operation's own
 * outcome is plan->result), -EINVAL for a NULL argument. */
int devmemhp_plan_add(struct devmemhp_machine *m, const struct devmemhp_add_params *params,
		      struct devmemhp_plan *plan);
int devmemhp_plan_remove(struct devmemhp_machine *m, uint64_t start, uint64_t size,
			 unsigned int flags, struct devmemhp_plan *plan);

/* Memory groups (include/linux/memory.h): static as ACPI and dax/kmem make them,
 * dynamic as virtio-mem makes them, unit the granularity it plugs in. */
int devmemhp_memory_group_new(struct devmemhp_machine *m, int nid, int dynamic, uint64_t bytes,
			      uint64_t *id);
int devmemhp_memory_group_remove(struct devmemhp_machine *m, uint64_t id);

/* ---- The resource tree (/proc/iomem) -------------------------------------- */

/* include/linux/ioport.h: IORES_DESC_* */
enum devmemhp_iores_desc {
	DEVMEMHP_IORES_DESC_NONE = 0,
	DEVMEMHP_IORES_DESC_CRASH_KERNEL = 1,
	DEVMEMHP_IORES_DESC_ACPI_TABLES = 2,
	DEVMEMHP_IORES_DESC_ACPI_NV_STORAGE = 3,
	DEVMEMHP_IORES_DESC_PERSISTENT_MEMORY = 4,
	DEVMEMHP_IORES_DESC_PERSISTENT_MEMORY_LEGACY = 5,
	DEVMEMHP_IORES_DESC_DEVICE_PRIVATE_MEMORY = 6,
	DEVMEMHP_IORES_DESC_RESERVED = 7,
	DEVMEMHP_IORES_DESC_SOFT_RESERVED = 8,
	_DEVMEMHP_IORES_DESC_PAD = 0x7fffffff
};

/* Bits of devmemhp_resource.flags and of devmemhp_resource_add()'s flags. */
#define DEVMEMHP_RES_BUSY           (1u << 0) /* owned: nothing nests inside it */
#define DEVMEMHP_RES_SYSTEM_RAM     (1u << 1) /* IORESOURCE_SYSRAM */
#define DEVMEMHP_RES_DRIVER_MANAGED (1u << 2) /* IORESOURCE_SYSRAM_DRIVER_MANAGED */

struct devmemhp_resource {
	size_t size;
	uint64_t start;
	uint64_t end;                   /* inclusive, as /proc/iomem prints it */
	const char *name;               /* valid during the callback */
	unsigned int depth;             /* 0: a child of iomem_resource */
	unsigned int flags;             /* DEVMEMHP_RES_* */
	enum devmemhp_iores_desc desc;
};

/* Request a region as __request_region() does (nesting into resources nobody
 * owns); without DEVMEMHP_RES_BUSY it is released for others to nest in, as
 * dax/kmem and virtio-mem do with their parents. */
int devmemhp_resource_add(struct devmemhp_machine *m, uint64_t start, uint64_t size,
			  const char *name, unsigned int flags, enum devmemhp_iores_desc desc);
int devmemhp_resource_remove(struct devmemhp_machine *m, uint64_t start, uint64_t size,
			     const char *name);
int devmemhp_resource_foreach(const struct devmemhp_machine *m,
			      int (*fn)(const struct devmemhp_resource *res, void *data), void *data);

/* ---- Structured access ------------------------------------------------------- */

/* Every zone of every online node, in /proc/zoneinfo's order. */
int devmemhp_zone_foreach(const struct devmemhp_machine *m,
			  int (*fn)(const struct devmemhp_zone_info *zone, void *data), void *data);

enum devmemhp_map_region {
	DEVMEMHP_MAP_LINEAR = 0,  /* the linear (direct) map */
	DEVMEMHP_MAP_VMEMMAP = 1, /* the struct pages */
	_DEVMEMHP_MAP_REGION_PAD = 0x7fffffff
};

/* Bits of devmemhp_mapping.prot. */
#define DEVMEMHP_PROT_RW     (1u << 0)
#define DEVMEMHP_PROT_NX     (1u << 1)
#define DEVMEMHP_PROT_GLOBAL (1u << 2)
#define DEVMEMHP_PROT_PCD    (1u << 3) /* uncached */
#define DEVMEMHP_PROT_ENC    (1u << 4) /* encrypted (memory encryption) */
#define DEVMEMHP_PROT_ALTMAP (1u << 5) /* vmemmap on the memory it describes */
#define DEVMEMHP_PROT_SHARED (1u << 6) /* vmemmap page shared by compound tails */
#define DEVMEMHP_PROT_CONT   (1u << 7) /* contiguous hint (arm64 PTE_CONT), geometry.cont_bits */

/* A run of leaves of one size and protection. */
struct devmemhp_mapping {
	size_t size;
	uint64_t va;
	uint64_t va_end;
	uint64_t pa;             /* linear map: va - base; vmemmap: UINT64_MAX */
	unsigned int page_shift; /* log2 of the leaf size */
	unsigned int prot;       /* DEVMEMHP_PROT_* */
};

int devmemhp_mapping_foreach(const struct devmemhp_machine *m, enum devmemhp_map_region region,
			     int (*fn)(const struct devmemhp_mapping *map, void *data), void *data);

/* ---- Views: the kernel's own text formats -------------------------------------- */

enum devmemhp_view {
	DEVMEMHP_VIEW_IOMEM = 0,         /* /proc/iomem as root reads it */
	DEVMEMHP_VIEW_MEMINFO = 1,       /* the lines of /proc/meminfo the model owns */
	DEVMEMHP_VIEW_MEMORY_BLOCKS = 2, /* /sys/devices/system/memory, a line per block */
	DEVMEMHP_VIEW_ZONEINFO = 3,      /* /proc/zoneinfo, the fields the model owns */
	DEVMEMHP_VIEW_PTDUMP = 4,        /* the linear-map and vmemmap parts of ptdump */
	_DEVMEMHP_VIEW_PAD = 0x7fffffff
};

int devmemhp_write_view(const struct devmemhp_machine *m, enum devmemhp_view view, FILE *out);
/* Write dir/sys/devices/system/memory and the node links lsmem follows, for
 * lsmem --sysroot dir; blocks a former export wrote and the model no longer
 * has are taken away. */
int devmemhp_export_sysfs(const struct devmemhp_machine *m, const char *dir);
/* Replace m's state by a real machine's, read from root/proc/iomem,
 * root/proc/meminfo, root/sys/devices/system/memory and root/proc/zoneinfo. */
int devmemhp_machine_import(struct devmemhp_machine *m, const char *root);

/* ---- Architecture backends ---------------------------------------------- */

#define DEVMEMHP_ARCH_VERSION 3

/* Capabilities of a backend. */
#define DEVMEMHP_ARCH_CAP_DEVICE           (1u << 0) /* ZONE_DEVICE */
#define DEVMEMHP_ARCH_CAP_UNADDRESSABLE    (1u << 1) /* memmap without linear map */
#define DEVMEMHP_ARCH_CAP_REMOVE           (1u << 2) /* hot-remove */
#define DEVMEMHP_ARCH_CAP_MEMMAP_ON_MEMORY (1u << 3) /* memmap on the hot-added range */
#define DEVMEMHP_ARCH_CAP_LINEAR_MAP       (1u << 4) /* builds linear-map page tables */
#define DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN    (1u << 5) /* RAM hot-add raises max_pfn */
#define DEVMEMHP_ARCH_CAP_VMEMMAP_DEDUP    (1u << 6) /* compound device pages share their
							 * tail vmemmap pages */
#define DEVMEMHP_ARCH_CAP_SET_MAX_PFN      (1u << 7) /* every arch_add_memory() sets max_pfn to
							 * its end, even lower (riscv) */
#define DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN_DEVICE (1u << 8) /* addressable device memory raises
							     * max_pfn too (arm64 v6.1.192) */

/* A physical range [start, end). */
struct devmemhp_phys_range {
	uint64_t start;
	uint64_t end;
};

/* One piece of a linear-map request and the leaf levels it may use. */
struct devmemhp_map_run {
	uint64_t start;
	uint64_t end;
	unsigned int leaf_levels; /* bit L: level-L leaves allowed in this run */
};

/*
 * What the architecture's arch_add_memory() does with one hot-add, decided by
 * the plan_add hook.  The library fills it with the request and the defaults,
 * the hook changes what its architecture does differently or refuses.
 */
struct devmemhp_arch_plan {
	size_t size;             /* sizeof(struct devmemhp_arch_plan) */
	uint64_t start, end;     /* in: [start, end) */
	unsigned int flags;      /* in: DEVICE_MEMORY_* */
	int nid;                 /* in: the node asked for; out: the node it goes to */
	enum devmemhp_zone zone; /* in: AUTO for RAM (chosen when onlined, Linux 4.14 on), DEVICE
				  * for device memory; out: a zone fixed at add (Linux 4.9's
				  * zone_for_memory()) or AUTO */
	int linear_map;          /* in: 1 when addressable and the arch has a linear map;
				  * out: 0 to leave the range unmapped (x86_32 highmem) */
	char why[128];           /* out: why it refuses, when it returns an errno */
};

/*
 * A backend: data first, then the few hooks that really differ.  A NULL hook
 * takes the generic behaviour.  The library reads only the members that the
 * backend's `version` says exist, so a backend written for an older
 * DEVMEMHP_ARCH_VERSION keeps working; members are only ever appended.
 */
struct devmemhp_arch {
	unsigned int version;                      /* DEVMEMHP_ARCH_VERSION written for */
	const char *name;
	const char *description;
	const struct devmemhp_geometry *geometry;  /* defaults; options may change them */
	unsigned int caps;                         /* DEVMEMHP_ARCH_CAP_* */
	const char *default_options;               /* applied before the user's options */

	/* Handle a backend-specific option; key == NULL: all options are in,
	 * derive what depends on them.  Return -ENOENT for a key it does not know. */
	int (*configure)(struct devmemhp_geometry *geo, const char *key, const char *value);

	/* Memory block size when geometry->block_size is 0. */
	uint64_t (*probe_block_size)(const struct devmemhp_geometry *geo, uint64_t boot_mem_end,
				     int hypervisor);

	/* Split a linear-map request into runs (x86: split_mem_range()).  `boot`:
	 * before the allocator is up, where is_ram() lets runs be promoted.
	 * Returns the number of runs or a negative errno. */
	int (*split_linear_range)(const struct devmemhp_geometry *geo, uint64_t start, uint64_t end,
				  int boot, int (*is_ram)(void *ctx, uint64_t start, uint64_t end),
				  void *ctx, struct devmemhp_map_run *runs, unsigned int max_runs);

	/* The linear-map requests made at boot for the boot RAM (sorted, page
	 * aligned); call map() for each, in the kernel's order (x86:
	 * init_mem_mapping()).  table() makes the page-table pages down to a
	 * table level exist for a virtual address the model does not map itself
	 * (the kernel image's, say).  The generic one maps each RAM range. */
	int (*boot_map)(const struct devmemhp_geometry *geo, const struct devmemhp_phys_range *ram,
			unsigned int nr_ram, int (*map)(void *ctx, uint64_t start, uint64_t end),
			int (*table)(void *ctx, uint64_t va, unsigned int level), void *ctx);

	/* Since version 2. */

	/* Plan a hot-add after the generic checks passed: change the plan, or
	 * refuse with a negative errno and plan->why.  zone_span() gives the
	 * pfns [start, end) a node's zone spans, -ENOENT if it is empty.  A
	 * range beyond the pluggable range comes here first, so that a kernel
	 * older than mhp_range_allowed() (5.11) refuses it its own way. */
	int (*plan_add)(const struct devmemhp_geometry *geo, struct devmemhp_arch_plan *plan,
			int (*zone_span)(void *ctx, int nid, enum devmemhp_zone zone,
					 uint64_t *start_pfn, uint64_t *end_pfn),
			void *ctx);

	/* Since version 3. */

	/* The kernel versions it models, comma-separated, its default first
	 * ("6.12,6.1,7.2"); kernel= takes one of them.  NULL, or a backend of
	 * an older version: "6.1". */
	const char *kernels;
};

int devmemhp_arch_register(const struct devmemhp_arch *arch);
int devmemhp_arch_unregister(const char *name);
int devmemhp_arch_foreach(int (*fn)(const struct devmemhp_arch *arch, void *data), void *data);

#ifdef __cplusplus
}
#endif

#endif /* DEVMEMHP_H */
