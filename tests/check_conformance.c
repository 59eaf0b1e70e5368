/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Conformance with real x86_64 kernels.  tests/data/oracle/KERNEL/ holds what
 * Debian's Linux of that version reported under QEMU before and after each
 * hotplug step (6.1/ also a 6.1 built with DEVICE_PRIVATE and TEST_HMM;
 * cxl-6.1/ and cxl-6.12/ CXL memory brought up as system RAM).  Each scenario
 * runs on every kernel that recorded it, as a machine of that kernel=: it
 * imports the first recorded phase, applies the same operations through the
 * public API, and compares the model with the recording after every step:
 *   /proc/iomem whole; MemTotal and the DirectMap lines, and their deltas;
 *   every memory block; spanned/present/managed of every zone; the direct-map
 *   and vmemmap runs of the hot-plugged ranges against the page-table walk;
 *   the kernel's init_memory_mapping() lines ("init_memory_mapping: [mem A-B]",
 *   " [mem A-B] page 4k|2M|1G") against what the model logs; the top-level
 *   files of /sys/devices/system/memory; ptdump's Vmemmap section.
 * A difference fails with the kernel, the scenario, the phase and a unified diff.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "oracle.h"

enum op { END = 0, ADD, ADD_EX, REMOVE, ONLINE, OFFLINE, RES_ADD, RES_REMOVE, UNMOVABLE, GROUP,
	  SET, CHUNK };

struct step {
	enum op op;
	uint64_t start, size;
	unsigned int flags;   /* DEVICE_MEMORY_*, or DEVMEMHP_RES_* for RES_ADD */
	int nid;
	int zone;             /* ONLINE */
	const char *name;     /* ADD_EX, RES_*; the key of SET */
	const char *value;    /* SET */
	unsigned int options; /* ADD_EX */
	enum devmemhp_pgprot pgprot;
	bool group;           /* ADD_EX: into the group the last GROUP made */
	uint64_t compound;    /* ADD_EX: device-dax's align */
	uint64_t reserve, free; /* ADD_EX: the device altmap, pages (map=dev namespaces) */
	int rc;               /* expected */
	unsigned int kernels; /* K_*: only on these kernels' recordings; 0: all */
};

/* The kernels a step is for, when they differ. */
#define K61 (1u << 0)
#define K612 (1u << 1)
#define K72 (1u << 2)
#define KNONE (1u << 31) /* on no recording */

struct phase {
	const char *name;
	struct step steps[20];
	/* Module loading splits direct-map pages (CPA) the model knows nothing
	 * of: compare the DirectMap sum here, carry the split onwards. */
	bool noise;
	/* Hot-plugged ranges whose page-table runs are compared with the walk. */
	uint64_t owned[4][2];
};

struct scenario {
	const char *dir;
	const char *options;
	struct phase phases[8];
	bool ptdump; /* the recording has the kernel's own ptdump */
};

#define QEMU "levels=5,phys_bits=40"
#define BLK (128 * MiB)

/* oracle/cxl: a q35 guest, CFMWS window 0 for node 1 */
#define CXL_QEMU QEMU ",nodes=2"
#define CXL_WIN 0x12d0000000ull
#define CXL_DAX 0x12d1200000ull  /* after the namespace's 18 MiB */
#define CXL_KMEM 0x12d8000000ull /* the next memory block */
#define CXL_END 0x1310000000ull
/* the boot phase, and cxl_acpi, cxl_pci and cxl_mem loaded: their register
 * blocks, the window.  6.1 names the component registers "endpoint2"; 6.12
 * claims more of them, and without its workarounds probes no mem0 (mem0:
 * the kernels whose cxl_pci got that far). */
#define CXL_ENUMERATE(mem0)                                                                   \
	{ "boot" },                                                                           \
	{ "cxl-enumerated",                                                                   \
	  { { RES_ADD, 0xfe600000, 0x10000, DEVMEMHP_RES_BUSY, .name = "endpoint2",            \
	      .kernels = K61 },                                                                \
	    { RES_ADD, 0xfe601080, 0x58, DEVMEMHP_RES_BUSY, .name = "0000:0d:00.0",             \
	      .kernels = (mem0) },                                                             \
	    { RES_ADD, 0xfe601110, 0x30, DEVMEMHP_RES_BUSY, .name = "endpoint2",               \
	      .kernels = (mem0) },                                                             \
	    { RES_ADD, 0xfe610080, 0x8, DEVMEMHP_RES_BUSY, .name = "0000:0d:00.0",              \
	      .kernels = K61 | (mem0) },                                                       \
	    { RES_ADD, 0xfe610088, 0x820, DEVMEMHP_RES_BUSY, .name = "0000:0d:00.0",             \
	      .kernels = K61 | (mem0) },                                                       \
	    { RES_ADD, 0xfe6108a8, 0x8, DEVMEMHP_RES_BUSY, .name = "0000:0d:00.0",              \
	      .kernels = K61 | (mem0) },                                                       \
	    { RES_ADD, 0xfe801080, 0x58, DEVMEMHP_RES_BUSY, .name = "mem0", .kernels = (mem0) }, \
	    { RES_ADD, 0x12c0001110, 0x30, DEVMEMHP_RES_BUSY, .name = "port1", .kernels = K612 }, \
	    { RES_ADD, CXL_WIN, 4 * GiB, 0, .name = "CXL Window 0" } },                          \
	  true }
/* region, devdax, kmem, back to devdax, region destroyed */
#define CXL_DEVDAX(k)                                                                         \
	{ ADD_EX, CXL_WIN, GiB, DEV, .options = DEVMEMHP_ADD_NO_RESOURCE, .compound = 2 * MiB,  \
	  .reserve = 512, .free = 4096, .kernels = (k) }
#define CXL_BRING_UP(k)                                                                       \
	{ "cxl-region",                                                                       \
	  { { RES_ADD, CXL_WIN, GiB, 0, .name = "Persistent Memory", .kernels = (k) },          \
	    { RES_ADD, CXL_WIN, GiB, 0, .name = "region0", .kernels = (k) } } },                \
	{ "devdax",                                                                           \
	  { { RES_ADD, CXL_WIN, CXL_DAX - CXL_WIN, DEVMEMHP_RES_BUSY, .name = "namespace0.0",    \
	      .kernels = (k) },                                                                \
	    { RES_ADD, CXL_DAX, CXL_END - CXL_DAX, DEVMEMHP_RES_BUSY, .name = "dax0.0",          \
	      .kernels = (k) },                                                                \
	    CXL_DEVDAX(k) },                                                                   \
	  false, { { CXL_WIN, GiB } } },                                                       \
	{ "system-ram",                                                                       \
	  { { SET, .name = "online", .value = "offline" }, /* the harness, for daxctl */     \
	    { REMOVE, CXL_WIN, GiB, DEV, .kernels = (k) },                                      \
	    { RES_REMOVE, CXL_DAX, CXL_END - CXL_DAX, .name = "dax0.0", .kernels = (k) },        \
	    { RES_ADD, CXL_KMEM, CXL_END - CXL_KMEM, DEVMEMHP_RES_SYSTEM_RAM, .name = "dax0.0",  \
	      .kernels = (k) },                                                                \
	    { ADD_EX, CXL_KMEM, CXL_END - CXL_KMEM, .nid = 1, .name = "System RAM (kmem)",       \
	      .options = DEVMEMHP_ADD_DRIVER_MANAGED, .kernels = (k) },                          \
	    { ONLINE, CXL_KMEM, CXL_END - CXL_KMEM, .zone = DEVMEMHP_ZONE_MOVABLE, .kernels = (k) } }, \
	  false, { { CXL_KMEM, CXL_END - CXL_KMEM } } },                                       \
	{ "back-to-devdax",                                                                   \
	  { { OFFLINE, CXL_KMEM, CXL_END - CXL_KMEM, .kernels = (k) },                          \
	    { REMOVE, CXL_KMEM, CXL_END - CXL_KMEM, .kernels = (k) },                           \
	    { RES_REMOVE, CXL_KMEM, CXL_END - CXL_KMEM, .name = "dax0.0", .kernels = (k) },      \
	    { RES_ADD, CXL_DAX, CXL_END - CXL_DAX, DEVMEMHP_RES_BUSY, .name = "dax0.0",          \
	      .kernels = (k) },                                                                \
	    CXL_DEVDAX(k) },                                                                   \
	  false, { { CXL_WIN, GiB } } },                                                       \
	{ "region-destroyed",                                                                 \
	  { { REMOVE, CXL_WIN, GiB, DEV, .kernels = (k) },                                      \
	    { RES_REMOVE, CXL_DAX, CXL_END - CXL_DAX, .name = "dax0.0", .kernels = (k) },        \
	    { RES_REMOVE, CXL_WIN, CXL_DAX - CXL_WIN, .name = "namespace0.0", .kernels = (k) },  \
	    { RES_REMOVE, CXL_WIN, GiB, .name = "region0", .kernels = (k) },                     \
	    { RES_REMOVE, CXL_WIN, GiB, .name = "Persistent Memory", .kernels = (k) } } }

static const struct scenario scenarios[] = {
	{ "baseline", QEMU, { { "boot" } } },
	{ "baseline-nogbpages", QEMU ",gbpages=0", { { "boot" } } },
	{ "dimm-1g", QEMU,
	  { { "before" },
	    { "after-dimm1", { { ADD, 4 * GiB, GiB } }, false, { { 4 * GiB, GiB } } } } },
	{ "dimm-1g-nogbpages", QEMU ",gbpages=0",
	  { { "before" },
	    { "after-dimm1", { { ADD, 4 * GiB, GiB } }, false, { { 4 * GiB, GiB } } } } },
	{ "dimm-2g-128m", QEMU,
	  { { "before" },
	    { "after-dimm1", { { ADD, 4 * GiB, 2 * GiB } }, false, { { 4 * GiB, 2 * GiB } } },
	    { "after-dimm2", { { ADD, 6 * GiB, BLK } }, false, { { 6 * GiB, BLK } } } } },
	/* 6.1 fails the 48 GiB add and panics: the phase before is all there is
	 * (check_import's test_recorded_enomem replays the refusal) */
	{ "dimm-48g-on-512m", QEMU, { { "before" } } },
	{ "dimm-2g-unaligned", QEMU,
	  { { "before" },
	    { "after-dimm1", { { ADD, 0x108000000ull, 2 * GiB } }, false,
	      { { 0x108000000ull, 2 * GiB } } } } },
	{ "dimm-64m-subblock", QEMU,
	  { { "before" },
	    { "after-dimm1", { { ADD, 4 * GiB, 64 * MiB, .rc = -EINVAL } } } } },
	{ "dimm-memmap-on-memory", QEMU ",memmap_on_memory=1",
	  { { "before" },
	    { "after-dimm1", { { ADD, 4 * GiB, BLK } }, false, { { 4 * GiB, BLK } } },
	    { "after-dimm2", { { ADD, 5 * GiB, GiB } }, false, { { 5 * GiB, GiB } } } } },
	/* memory_hotplug.memmap_on_memory=force (6.6+): 128 MiB blocks waste nothing */
	{ "x-memmap-on-memory-force", QEMU ",memmap_on_memory=force",
	  { { "before" },
	    { "after-dimm1", { { ADD, 4 * GiB, BLK } }, false, { { 4 * GiB, BLK } } },
	    { "after-dimm2", { { ADD, 5 * GiB, GiB } }, false, { { 5 * GiB, GiB } } } } },
	/* memory_hotplug.memmap_on_memory=1 on a 1 GiB DIMM: 6.1 leaves it off (not
	 * one block), 6.6 on put a memmap in every block; offline, online
	 * movable, and unplug (offline + remove) of such blocks */
	{ "memmap-on-memory-unplug", QEMU ",memmap_on_memory=1",
	  { { "before" },
	    { "after-plug", { { ADD, 4 * GiB, GiB } }, false, { { 4 * GiB, GiB } } },
	    { "after-unplug", { { OFFLINE, 4 * GiB, GiB }, { REMOVE, 4 * GiB, GiB } }, false,
	      { { 4 * GiB, GiB } } } } },
	{ "memmap-on-memory-unplug-128m", QEMU ",memmap_on_memory=1",
	  { { "before" },
	    { "after-plug", { { ADD, 4 * GiB, BLK } }, false, { { 4 * GiB, BLK } } },
	    { "after-unplug", { { OFFLINE, 4 * GiB, BLK }, { REMOVE, 4 * GiB, BLK } }, false,
	      { { 4 * GiB, BLK } } } } },
	{ "memmap-on-memory-offline-online", QEMU ",memmap_on_memory=1",
	  { { "before" },
	    { "after-plug", { { ADD, 4 * GiB, GiB } }, false, { { 4 * GiB, GiB } } },
	    { "after-offline", { { OFFLINE, 4 * GiB + 4 * BLK, 4 * BLK } }, false,
	      { { 4 * GiB, GiB } } },
	    { "after-online-movable",
	      { { ONLINE, 4 * GiB + 4 * BLK, 4 * BLK, .zone = DEVMEMHP_ZONE_MOVABLE } }, false,
	      { { 4 * GiB, GiB } } } } },
	{ "numa-node1-movable_node", QEMU ",nodes=2,movable_node=1",
	  { { "before" },
	    { "after-dimm1-node1", { { ADD, 4 * GiB, GiB, .nid = 1 } }, false, { { 4 * GiB, GiB } } },
	    { "after-dimm2-node0", { { ADD, 5 * GiB, GiB } }, false, { { 5 * GiB, GiB } } } } },
	/*
	 * Two nodes whose boot RAM is one e820 System RAM resource, split by SRAT:
	 * at 1 GiB, at 768 MiB, and at 800 MiB inside memory6, which is linked to
	 * both nodes and so in no single zone.  DIMMs go to node 1 at 4 GiB, then
	 * (numa-span-2node) to node 0 at 5 GiB.
	 */
#define NUMA_SPAN_DIMM1 { "after-dimm1-node1", { { ADD, 4 * GiB, GiB, .nid = 1 } }, false, \
			  { { 4 * GiB, GiB } } }
	{ "numa-span-2node", QEMU ",nodes=2",
	  { { "before" }, NUMA_SPAN_DIMM1,
	    { "after-dimm2-node0", { { ADD, 5 * GiB, GiB } }, false, { { 5 * GiB, GiB } } } } },
	{ "numa-span-uneven", QEMU ",nodes=2", { { "before" }, NUMA_SPAN_DIMM1 } },
	{ "x-numa-span-unaligned", QEMU ",nodes=2", { { "before" }, NUMA_SPAN_DIMM1 } },
	{ "hotplug-unplug", QEMU,
	  { { "before" },
	    { "after-plug", { { ADD, 4 * GiB, GiB } }, false, { { 4 * GiB, GiB } } },
	    { "after-unplug", { { OFFLINE, 4 * GiB, GiB }, { REMOVE, 4 * GiB, GiB } }, false,
	      { { 4 * GiB, GiB } } } } },
	{ "hotplug-offline-unplug", QEMU,
	  { { "before" },
	    { "after-plug", { { ADD, 4 * GiB, GiB } }, false, { { 4 * GiB, GiB } } },
	    /* a slab page at pfn 0x100000 stays ("page dumped because: unmovable page") */
	    { "after-offline",
	      { { UNMOVABLE, 0x100000 },
		{ OFFLINE, 4 * GiB, BLK, .rc = -EBUSY },
		{ OFFLINE, 4 * GiB + BLK, 7 * BLK } },
	      false, { { 4 * GiB, GiB } } },
	    { "after-unplug", { { OFFLINE, 4 * GiB, BLK, .rc = -EBUSY } }, false,
	      { { 4 * GiB, GiB } } } } },
	{ "virtio-mem", QEMU,
	  { { "before" },
	    /* virtio_pci and virtio_mem: the driver's regions; loading them splits pages
	     * (virtio_pci is built into 6.12 and 7.2: its region is there at boot) */
	    { "after-modprobe",
	      { { RES_ADD, 0xfebfc000, 0x4000, DEVMEMHP_RES_BUSY, .name = "virtio-pci-modern",
		  .kernels = K61 },
		{ RES_ADD, 4 * GiB, GiB, DEVMEMHP_RES_SYSTEM_RAM, .name = "virtio0" } },
	      true },
	    { "after-512M",
	      { { GROUP, .size = BLK },
#define VIRTIO_PLUG(i)                                                                       \
	{ ADD_EX, 4 * GiB + (i) * BLK, BLK, .name = "System RAM (virtio_mem)",               \
	  .options = DEVMEMHP_ADD_DRIVER_MANAGED | DEVMEMHP_ADD_MERGE_RESOURCE, .group = true }
		VIRTIO_PLUG(0), VIRTIO_PLUG(1), VIRTIO_PLUG(2), VIRTIO_PLUG(3) },
	      false, { { 4 * GiB, 4 * BLK } } },
	    { "after-1G", { VIRTIO_PLUG(4), VIRTIO_PLUG(5), VIRTIO_PLUG(6), VIRTIO_PLUG(7) }, false,
	      { { 4 * GiB, GiB } } },
#define VIRTIO_UNPLUG(i) { OFFLINE, 4 * GiB + (i) * BLK, BLK }, { REMOVE, 4 * GiB + (i) * BLK, BLK }
	    { "after-0",
	      { VIRTIO_UNPLUG(7), VIRTIO_UNPLUG(6), VIRTIO_UNPLUG(5), VIRTIO_UNPLUG(4),
		VIRTIO_UNPLUG(3), VIRTIO_UNPLUG(2), VIRTIO_UNPLUG(1), VIRTIO_UNPLUG(0) },
	      false, { { 4 * GiB, GiB } } } } },
	{ "pmem-memmap", QEMU,
	  { { "boot" },
	    /* nd_pmem: the namespace's region, then memremap_pages() of FS_DAX */
	    { "pmem-raw",
	      { { ADD_EX, GiB, 512 * MiB, DEV, .name = "namespace0.0",
		  .pgprot = DEVMEMHP_PGPROT_DECRYPTED } },
	      true, { { GiB, 512 * MiB } } },
	    { "fsdax-map-mem",
	      { { REMOVE, GiB, 512 * MiB, DEV },
		{ ADD_EX, GiB, 512 * MiB, DEV, .name = "namespace0.0",
		  .pgprot = DEVMEMHP_PGPROT_DECRYPTED } },
	      false, { { GiB, 512 * MiB } } },
	    /* dax_pmem keeps the info block, device_dax claims the rest and maps it
	     * all in 2 MiB compound pages (align), sharing their tail vmemmap pages */
	    { "devdax",
	      { { REMOVE, GiB, 512 * MiB, DEV },
		{ RES_ADD, GiB, 2 * MiB, DEVMEMHP_RES_BUSY, .name = "namespace0.0" },
		{ RES_ADD, GiB + 2 * MiB, 510 * MiB, DEVMEMHP_RES_BUSY, .name = "dax0.0" },
		{ ADD_EX, GiB, 512 * MiB, DEV, .options = DEVMEMHP_ADD_NO_RESOURCE,
		  .compound = 2 * MiB } },
	      false, { { GiB, 512 * MiB } } },
	    /* daxctl: kmem takes the block-aligned part as driver-managed RAM */
	    { "dax-kmem-system-ram",
	      { { SET, .name = "online", .value = "offline" },
		{ REMOVE, GiB, 512 * MiB, DEV },
		{ RES_REMOVE, GiB + 2 * MiB, 510 * MiB, .name = "dax0.0" },
		{ RES_ADD, 0x48000000, 384 * MiB, DEVMEMHP_RES_SYSTEM_RAM, .name = "dax0.0" },
		{ ADD_EX, 0x48000000, 384 * MiB, .name = "System RAM (kmem)",
		  .options = DEVMEMHP_ADD_DRIVER_MANAGED },
		{ ONLINE, 0x48000000, 384 * MiB, .zone = DEVMEMHP_ZONE_MOVABLE } },
	      false, { { 0x48000000, 384 * MiB } } },
	    { "dax-back-to-devdax",
	      { { OFFLINE, 0x48000000, 384 * MiB },
		{ REMOVE, 0x48000000, 384 * MiB },
		{ RES_REMOVE, 0x48000000, 384 * MiB, .name = "dax0.0" },
		{ RES_ADD, GiB + 2 * MiB, 510 * MiB, DEVMEMHP_RES_BUSY, .name = "dax0.0" },
		{ ADD_EX, GiB, 512 * MiB, DEV, .options = DEVMEMHP_ADD_NO_RESOURCE,
		  .compound = 2 * MiB } },
	      false, { { GiB, 512 * MiB } } } } },
	/*
	 * CXL memory as users of QEMU 7.2 meet it (oracle/cxl): cxl_acpi inserts
	 * the CFMWS window, cxl create-region a pmem region, ndctl a devdax
	 * namespace with its memmap on the device (map=dev: 2 MiB info block, 16
	 * MiB altmap), then daxctl hands it to kmem, which starts System RAM
	 * (kmem) at the next memory block and onlines it movable on the
	 * memoryless node the firmware made for the window.  6.12 needs
	 * -cpu hypervisor=off and pcie_ports=compat to get that far (the -hvoff
	 * scenarios); without them it stops at enumeration.
	 */
	{ "cxl-pmem-kmem", CXL_QEMU, { CXL_ENUMERATE(KNONE), CXL_BRING_UP(K61) } },
	{ "cxl-pmem-kmem-hvoff", CXL_QEMU, { CXL_ENUMERATE(K612), CXL_BRING_UP(0) } },
	/* 6.12 with pcie_ports=compat only: the region's commit fails in a VM */
	{ "x-cxl-pmem-kmem-compat-only", CXL_QEMU,
	  { CXL_ENUMERATE(K612), { "cxl-region" }, { "devdax" },
	    { "system-ram", { { SET, .name = "online", .value = "offline" } } },
	    { "back-to-devdax" }, { "region-destroyed" } } },
	/* lib/test_hmm.c: 256 MiB chunks from request_free_mem_region() */
	{ "hmm-l5-boot", QEMU, { { "boot" } }, true },
	{ "hmm-l4-boot", "phys_bits=40", { { "boot" } }, true },
	{ "hmm-l5-chunks-dimm", QEMU,
	  { { "boot" },
	    { "after-migrate-dev0-300M", { { CHUNK } } },
	    { "after-dimm-1G-at-4G", { { ADD, 4 * GiB, GiB } }, false, { { 4 * GiB, GiB } } },
	    { "after-migrate-dev1-300M", { { CHUNK } } },
	    { "during-migrate-dev0-600M", { { CHUNK } } },
	    { "after-exit" } },
	  true },
	{ "hmm-l5-release", QEMU,
	  { { "boot" },
	    { "after-migrate-dev0-300M", { { CHUNK } } },
	    /* HMM_DMIRROR_RELEASE: dev0's two chunks go */
	    { "after-release-dev0",
	      { { REMOVE, 0xfcf0000000ull, 256 * MiB, DEV_PRIVATE },
		{ REMOVE, 0xfcd0000000ull, 256 * MiB, DEV_PRIVATE } } },
	    { "after-migrate-dev0-300M-again", { { CHUNK }, { CHUNK } } } },
	  true },
};

/* The lines init_memory_mapping() prints at pr_debug(), without timestamps:
 * "init_memory_mapping: [mem A-B]" and "[mem A-B] page 4k|2M|1G". */
static char *mapping_lines(const char *text)
{
	char *out = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&out, &len);

	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n'), *e = nl ? nl : p + strlen(p);
		char line[512];
		const char *at;

		snprintf(line, sizeof(line), "%.*s", (int)(e - p), p);
		if ((at = strstr(line, "init_memory_mapping: [mem ")))
			fprintf(o, "%s\n", at);
		else if ((at = strstr(line, " [mem ")) && strstr(at, "] page ") &&
			 strspn(at + 1, "[mem 0x123456789abcdef-]") > 10)
			fprintf(o, "%s\n", at + 1);
		p = nl ? nl + 1 : e;
	}
	fclose(o);
	return out;
}

/* The kernel's init_memory_mapping() calls of the phase, as the model logged them. */
static void compare_mapping_calls(const char *sc, const char *ph, const char *dir,
				  const char *logged)
{
	char *dmesg = slurp("%s/dmesg-memory.txt", dir), *want, *got;

	if (!dmesg)
		return;
	want = mapping_lines(dmesg);
	got = mapping_lines(logged);
	same(sc, ph, "the init_memory_mapping() lines", want, got);
	free(dmesg);
	free(want);
	free(got);
}

/* ---- one scenario --------------------------------------------------------------- */

/* A directory of recordings and the kernel they are of. */
struct recording {
	const char *dir;    /* under tests/data/oracle */
	const char *kernel; /* kernel= */
	unsigned int mask;  /* K_* */
};

static const struct recording recordings[] = {
	{ "6.1", "6.1", K61 },         { "6.12", "6.12", K612 },         { "7.2", "7.2", K72 },
	{ "cxl-6.1", "6.1", K61 },     { "cxl-6.12", "6.12", K612 },
};

struct run {
	const struct scenario *sc;
	const struct recording *rec;
	char label[96];       /* "6.12/dimm-1g": where the messages point */
	char *log;            /* what the model logged during the phase's steps */
	size_t loglen;
	FILE *logf;
	struct devmemhp_machine *m;
	uint64_t group;
	int64_t carried[3];   /* DirectMap kB per level the model lacks (CPA splits) */
	int64_t last_rec[3], last_model[3];
	bool have_last;
	/* MemFree kB, machine-wide [0] and per node [1 + nid], as recorded and modelled */
	long long free_rec[5], free_model[5];
	bool have_free[5];
};

static void do_step(struct run *r, const char *ph, const struct step *s)
{
	struct devmemhp_machine *m = r->m;
	uint64_t at;
	int rc = -1;

	if (s->kernels && !(s->kernels & r->rec->mask))
		return;
	switch (s->op) {
	case ADD:
		rc = devmemhp_add_memory(m, s->nid, s->start, s->size, s->flags);
		break;
	case ADD_EX: {
		struct devmemhp_add_params p = {
			.size = sizeof(p), .start = s->start, .length = s->size, .nid = s->nid,
			.flags = s->flags, .options = s->options, .name = s->name, .pgprot = s->pgprot,
			.group = s->group ? r->group : 0, .compound_size = s->compound,
			.altmap_reserve = s->reserve, .altmap_free = s->free,
		};

		rc = devmemhp_add_memory_ex(m, &p);
		break;
	}
	case REMOVE:
		rc = devmemhp_remove_memory(m, s->start, s->size, s->flags);
		break;
	case ONLINE:
		rc = devmemhp_online_memory(m, s->start, s->size, (enum devmemhp_zone)s->zone);
		break;
	case OFFLINE:
		rc = devmemhp_offline_memory(m, s->start, s->size);
		break;
	case RES_ADD:
		rc = devmemhp_resource_add(m, s->start, s->size, s->name, s->flags,
					   DEVMEMHP_IORES_DESC_NONE);
		break;
	case RES_REMOVE:
		rc = devmemhp_resource_remove(m, s->start, s->size, s->name);
		break;
	case UNMOVABLE:
		rc = devmemhp_set_page_unmovable(m, s->start, 1);
		break;
	case GROUP:
		rc = devmemhp_memory_group_new(m, s->nid, 1, s->size, &r->group);
		break;
	case SET:
		rc = devmemhp_machine_set_option(m, s->name, s->value);
		break;
	case CHUNK: /* dmirror_allocate_chunk() */
		rc = devmemhp_find_free_region(m, 256 * MiB, &at);
		if (!rc)
			rc = devmemhp_add_memory_ex(m, &(struct devmemhp_add_params){
				.size = sizeof(struct devmemhp_add_params), .start = at,
				.length = 256 * MiB, .flags = DEV_PRIVATE, .name = "hmm_dmirror" });
		break;
	case END:
		break;
	}
	ck_assert_msg(rc == s->rc, "%s/%s: step %d returned %d (%s), expected %d", r->label, ph,
		      (int)s->op, rc, devmemhp_last_error(m), s->rc);
	tu_check(m);
}

static void parse_directmap(const char *meminfo, int64_t kb[3])
{
	kb[0] = kb[1] = kb[2] = 0;
	for (const char *p = meminfo; p && *p;) {
		const char *nl = strchr(p, '\n');
		long long v;

		if (sscanf(p, "DirectMap4k: %lld", &v) == 1)
			kb[0] = v;
		else if (sscanf(p, "DirectMap2M: %lld", &v) == 1)
			kb[1] = v;
		else if (sscanf(p, "DirectMap1G: %lld", &v) == 1)
			kb[2] = v;
		p = nl ? nl + 1 : p + strlen(p);
	}
}

static void compare_meminfo(struct run *r, const char *ph, const char *dir, bool noise)
{
	static const char *const lines[] = { "MemTotal:", "DirectMap", NULL };
	char *rec, *want, *model, *got, *adjusted = NULL;
	int64_t rk[3], mk[3];
	size_t len = 0;
	FILE *o;

	rec = slurp("%s/meminfo.txt", dir);
	ck_assert_ptr_nonnull(rec);
	want = grep(rec, lines, false);
	model = tu_view(r->m, DEVMEMHP_VIEW_MEMINFO);
	parse_directmap(want, rk);
	parse_directmap(model, mk);
	if (noise) {
		/* CPA splits move pages between sizes; the sum stays */
		ck_assert_msg(rk[0] + rk[1] + rk[2] == mk[0] + mk[1] + mk[2] + r->carried[0] +
								   r->carried[1] + r->carried[2],
			      "%s/%s: the DirectMap sum is %lld kB, the model's %lld kB", r->label,
			      ph, (long long)(rk[0] + rk[1] + rk[2]), (long long)(mk[0] + mk[1] + mk[2]));
		for (int l = 0; l < 3; l++)
			r->carried[l] = rk[l] - mk[l];
	}
	/* the model's lines plus what unmodelled splits carried, as the kernel prints them */
	o = open_memstream(&adjusted, &len);
	for (const char *p = model; *p;) {
		const char *nl = strchr(p, '\n');
		char name[32];
		long long v;

		if (sscanf(p, "%31[^:]: %lld kB", name, &v) == 2 && !strncmp(name, "DirectMap", 9)) {
			int l = !strcmp(name, "DirectMap4k") ? 0 : !strcmp(name, "DirectMap2M") ? 1 : 2;
			char label[40];

			snprintf(label, sizeof(label), "%s:", name);
			fprintf(o, "%-16s%8lld kB\n", label, v + (long long)r->carried[l]);
		} else {
			fwrite(p, 1, nl ? (size_t)(nl - p + 1) : strlen(p), o);
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	fclose(o);
	got = grep(adjusted, lines, false);
	same(r->label, ph, "MemTotal and the DirectMap lines", want, got);
	/* and the deltas of the step */
	if (r->have_last && !noise)
		for (int l = 0; l < 3; l++)
			ck_assert_msg(rk[l] - r->last_rec[l] == mk[l] - r->last_model[l],
				      "%s/%s: DirectMap level %d moved by %lld kB, the model's by %lld kB",
				      r->label, ph, l, (long long)(rk[l] - r->last_rec[l]),
				      (long long)(mk[l] - r->last_model[l]));
	memcpy(r->last_rec, rk, sizeof(rk));
	memcpy(r->last_model, mk, sizeof(mk));
	r->have_last = true;
	free(rec);
	free(want);
	free(model);
	free(got);
	free(adjusted);
}

/* "KEY: N kB" (first match after `from`), or -1 */
static long long kb_of(const char *text, const char *key)
{
	const char *p = text ? strstr(text, key) : NULL;
	long long v;

	return p && sscanf(p + strlen(key), " %lld kB", &v) == 1 ? v : -1;
}

/*
 * MemFree: a recording's absolute value holds slab, page cache, per-CPU
 * lists and user memory, which the model does not have; what a hotplug does
 * to it is what the model owns (the memmap and page tables it allocates, the
 * memory it onlines).  So the deltas from phase to phase are compared,
 * machine-wide (meminfo.txt) and per node (node-meminfo.txt), within
 * MEMFREE_SLACK_KB.  The largest error measured over the 256 deltas of all
 * recordings but HMM's is 25560 kB (7.2 x-numa-span-unaligned: the kernel's
 * MemFree grew 25 MiB less than the GiB onlined minus its memmap), most are
 * under 6 MiB: slab for the new memory blocks and sysfs files, page cache
 * and per-CPU lists the oracle's own reads fill or drain.  The HMM
 * scenarios' phases migrate the test's anonymous memory (hmm-l5-release's
 * 300 MiB: 43 MiB of MemFree): user memory, printed but not compared.
 * Every error is printed to the test log.
 */
#define MEMFREE_SLACK_KB (32 * 1024)

static void compare_memfree(struct run *r, const char *ph, const char *dir)
{
	char *rec = slurp("%s/meminfo.txt", dir), *nodes = slurp("%s/node-meminfo.txt", dir);
	struct devmemhp_stats st = { .size = sizeof(st) };

	ck_assert_ptr_nonnull(rec);
	ck_assert_int_eq(devmemhp_get_stats(r->m, &st), 0);
	for (int i = 0; i < 5; i++) {
		struct devmemhp_node_info ni = { .size = sizeof(ni) };
		long long want, got;
		char key[32];

		if (i == 0) {
			want = kb_of(rec, "MemFree:");
			got = (long long)(st.free_bytes >> 10);
		} else {
			snprintf(key, sizeof(key), "Node %d MemFree:", i - 1);
			want = kb_of(nodes, key);
			if (want < 0 || devmemhp_node_info_get(r->m, i - 1, &ni))
				continue;
			got = (long long)(ni.free_bytes >> 10);
		}
		if (want < 0)
			continue;
		if (r->have_free[i]) {
			long long dr = want - r->free_rec[i], dm = got - r->free_model[i];

			printf("memfree %s/%s %s: recorded %+lld kB, model %+lld kB, error %+lld kB\n",
			       r->label, ph, i ? key : "MemFree:", dr, dm, dm - dr);
			fflush(stdout);
			ck_assert_msg(!strncmp(r->sc->dir, "hmm-", 4) ||
					      llabs(dm - dr) <= MEMFREE_SLACK_KB,
				      "%s/%s: %s moved by %lld kB, the model's by %lld kB (more than %d kB "
				      "apart)", r->label, ph, i ? key : "MemFree", dr, dm, MEMFREE_SLACK_KB);
		}
		r->free_rec[i] = want;
		r->free_model[i] = got;
		r->have_free[i] = true;
	}
	free(rec);
	free(nodes);
}

/* ptdump: the whole Vmemmap section, and the linear map from 1 GiB up (the
 * boot RAM's GiB below holds the kernel image's splits, which the model lacks). */
static void compare_ptdump(struct run *r, const char *ph, const char *dir)
{
	const char *sections[] = { "---[ Vmemmap ]---\n", "---[ Low Kernel Mapping ]---\n" };
	struct devmemhp_geometry g = { .size = sizeof(g) };
	char *rec, *model, from[32];

	ck_assert_int_eq(devmemhp_machine_get_geometry(r->m, &g), 0);
	snprintf(from, sizeof(from), "0x%016" PRIx64 "-", g.linear_base + (uint64_t)GiB);
	rec = slurp("%s/ptdump.txt", dir);
	ck_assert_ptr_nonnull(rec);
	model = tu_view(r->m, DEVMEMHP_VIEW_PTDUMP);
	for (int i = 0; i < 2; i++) {
		const char *rs = strstr(rec, sections[i]), *ms = strstr(model, sections[i]);
		const char *re, *me;
		char *want, *got;

		ck_assert_ptr_nonnull(rs);
		ck_assert_ptr_nonnull(ms);
		rs += strlen(sections[i]);
		ms += strlen(sections[i]);
		re = strstr(rs, "---[");
		me = strstr(ms, "---[");
		if (!me)
			me = ms + strlen(ms);
		if (i == 1) {
			rs = strstr(rs, from);
			ms = strstr(ms, from);
			ck_assert_msg(rs && ms, "%s/%s: no ptdump line starts at %s", r->label, ph, from);
		}
		want = strndup(rs, (size_t)(re - rs));
		got = strndup(ms, (size_t)(me - ms));
		same(r->label, ph, i ? "ptdump's linear map from 1 GiB" : "ptdump's Vmemmap", want,
		     got);
		free(want);
		free(got);
	}
	free(rec);
	free(model);
}

static void compare_phase(struct run *r, const struct phase *p, const char *dir)
{
	static const char *const zonelines[] = { "Node ", "spanned ", "present ", "managed ",
						 "start_pfn:", NULL };

	compare_file(r->m, r->label, p->name, dir, "iomem.txt", DEVMEMHP_VIEW_IOMEM, NULL);
	compare_meminfo(r, p->name, dir, p->noise);
	compare_memfree(r, p->name, dir);
	compare_file(r->m, r->label, p->name, dir, "memory-blocks.txt", DEVMEMHP_VIEW_MEMORY_BLOCKS,
		     NULL);
	compare_lsmem(r->m, r->label, p->name, dir);
	compare_file(r->m, r->label, p->name, dir, "zoneinfo.txt", DEVMEMHP_VIEW_ZONEINFO, zonelines);
	for (int i = 0; i < 4 && p->owned[i][1]; i++)
		compare_runs(r->m, r->label, p->name, dir, p->owned[i][0], p->owned[i][1]);
	if (r->logf) {
		fflush(r->logf);
		compare_mapping_calls(r->label, p->name, dir, r->log ? r->log : "");
	}
	compare_sysfs_top(r->m, r->label, p->name, dir);
	if (r->sc->ptdump)
		compare_ptdump(r, p->name, dir);
}

/* The (recording, scenario) pairs there are: made once, before the tests fork. */
struct pair {
	const struct recording *rec;
	const struct scenario *sc;
};
static struct pair pairs[sizeof(recordings) / sizeof(recordings[0]) *
			 sizeof(scenarios) / sizeof(scenarios[0])];
static int nr_pairs;

static void find_pairs(void)
{
	for (size_t k = 0; k < sizeof(recordings) / sizeof(recordings[0]); k++)
		for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
			if (is_dir("%s/tests/data/oracle/%s/%s", data_dir(), recordings[k].dir,
				   scenarios[i].dir))
				pairs[nr_pairs++] = (struct pair){ &recordings[k], &scenarios[i] };
}

/* A machine of the recording's kernel with the scenario's options. */
static struct devmemhp_machine *pair_machine(const struct pair *pr)
{
	return tu_machine_kernel("x86_64", pr->rec->kernel, pr->sc->options);
}

static __attribute__((format(printf, 6, 0))) void keep_log(void *data, int priority,
							   const char *file, int line,
							   const char *fn, const char *format,
							   va_list args)
{
	struct run *r = data;

	(void)priority, (void)file, (void)line, (void)fn;
	if (r->logf) {
		vfprintf(r->logf, format, args);
		fputc('\n', r->logf);
	}
}

START_TEST(test_scenario)
{
	const struct pair *pr = &pairs[_i];
	const struct scenario *sc = pr->sc;
	struct run r = { .sc = sc, .rec = pr->rec };
	char *dir;

	snprintf(r.label, sizeof(r.label), "%s/%s", pr->rec->dir, sc->dir);
	r.m = pair_machine(pr);
	for (const struct phase *p = sc->phases; p->name; p++) {
		ck_assert_int_ge(asprintf(&dir, "%s/tests/data/oracle/%s/%s/%s", data_dir(),
					  pr->rec->dir, sc->dir, p->name), 0);
		if (p == sc->phases) { /* start from the recorded machine */
			import_phase(r.m, r.label, p->name, dir);
			/* then keep what it logs, the init_memory_mapping() lines among it */
			devmemhp_set_log_fn(r.m, keep_log, &r);
			devmemhp_set_log_priority(r.m, LOG_DEBUG);
		}
		r.logf = open_memstream(&r.log, &r.loglen);
		for (const struct step *s = p->steps; s->op; s++)
			do_step(&r, p->name, s);
		compare_phase(&r, p, dir);
		fclose(r.logf);
		r.logf = NULL;
		free(r.log);
		r.log = NULL;
		free(dir);
	}
	devmemhp_machine_unref(r.m);
}
END_TEST

/*
 * Round trip: every recorded phase, imported on its own and written back,
 * gives the recorded files' compared parts unchanged.
 */
START_TEST(test_roundtrip)
{
	static const char *const zonelines[] = { "Node ", "spanned ", "present ", "managed ",
						 "start_pfn:", NULL };
	const struct pair *pr = &pairs[_i];
	const struct scenario *sc = pr->sc;
	char *dir;

	for (const struct phase *p = sc->phases; p->name; p++) {
		struct run r = { .sc = sc, .rec = pr->rec };

		snprintf(r.label, sizeof(r.label), "%s/%s", pr->rec->dir, sc->dir);
		ck_assert_int_ge(asprintf(&dir, "%s/tests/data/oracle/%s/%s/%s", data_dir(),
					  pr->rec->dir, sc->dir, p->name), 0);
		r.m = pair_machine(pr);
		import_phase(r.m, r.label, p->name, dir);
		compare_file(r.m, r.label, p->name, dir, "iomem.txt", DEVMEMHP_VIEW_IOMEM, NULL);
		compare_meminfo(&r, p->name, dir, false);
		compare_file(r.m, r.label, p->name, dir, "memory-blocks.txt",
			     DEVMEMHP_VIEW_MEMORY_BLOCKS, NULL);
		compare_lsmem(r.m, r.label, p->name, dir);
		compare_file(r.m, r.label, p->name, dir, "zoneinfo.txt", DEVMEMHP_VIEW_ZONEINFO,
			     zonelines);
		compare_sysfs_top(r.m, r.label, p->name, dir);
		if (sc->ptdump)
			compare_ptdump(&r, p->name, dir);
		devmemhp_machine_unref(r.m);
		free(dir);
	}
}
END_TEST

/* Every recorded scenario and phase is in the tables above, and every
 * kernel directory has a row: nothing is skipped unseen. */
START_TEST(test_every_recording)
{
	const struct scenario_table table = SCENARIO_TABLE(scenarios, struct scenario);
	char *top;
	DIR *d;
	struct dirent *e;
	int n = 0;

	ck_assert_int_ge(asprintf(&top, "%s/tests/data/oracle", data_dir()), 0);
	d = opendir(top);
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		const struct recording *rec = NULL;
		char *kdir;

		/* arm64-*: check_conformance_arm64 replays those */
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "README") ||
		    !strncmp(e->d_name, "arm64-", 6))
			continue;
		for (size_t k = 0; k < sizeof(recordings) / sizeof(recordings[0]); k++)
			if (!strcmp(recordings[k].dir, e->d_name))
				rec = &recordings[k];
		ck_assert_msg(rec != NULL, "recordings %s are of no kernel in the table", e->d_name);
		ck_assert_int_ge(asprintf(&kdir, "%s/%s", top, e->d_name), 0);
		n += check_recorded(kdir, e->d_name, &table);
		free(kdir);
	}
	closedir(d);
	free(top);
	ck_assert_int_eq(n, nr_pairs);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("conformance");
	TCase *tc = tcase_create("oracle");
	TCase *rt = tcase_create("roundtrip");

	find_pairs();
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_every_recording);
	tcase_add_loop_test(tc, test_scenario, 0, nr_pairs);
	suite_add_tcase(s, tc);
	tcase_set_timeout(rt, 60);
	tcase_add_loop_test(rt, test_roundtrip, 0, nr_pairs);
	suite_add_tcase(s, rt);
	return tu_run(s);
}
