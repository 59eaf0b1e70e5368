/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A backend from outside the library, written against the installed
 * <devmemhp.h> only, as a user writes one: "toy64k", a made-up architecture
 * with 64 KiB pages and three levels of 8192-entry tables (55-bit virtual
 * addresses), whose linear map has 64 KiB and 512 MiB leaves.  Its memory
 * controllers interleave in 1 TiB banks: a hot-add may not straddle two, and
 * RAM in the far banks (from 1 TiB up) goes to ZONE_MOVABLE when it is added.
 *
 * Run without arguments it registers the backend, runs a machine through an
 * add, online, offline and remove cycle, checks what the model says at each
 * step, and unregisters: exit status 0 when everything is as expected.
 */
#include <devmemhp.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define TiB (1ull << 40)
#define BANK TiB

static const struct devmemhp_geometry toy_geometry = {
	.size = sizeof(struct devmemhp_geometry),
	.page_shift = 16,
	.levels = 3,
	.level_bits = { 13, 13, 13 },
	.leaf_levels = 0x3,       /* 64 KiB pages and 512 MiB blocks */
	.free_table_levels = 0x1, /* empty PTE tables are freed, the rest stay */
	.phys_bits = 48,
	.max_physmem_bits = 48,
	.linear_base = 0xffc0000000000000ull,
	.linear_size = 1ull << 48,
	.vmemmap_base = 0xffe0000000000000ull,
	.section_shift = 29,      /* 512 MiB sections, and memory blocks */
	.subsection_shift = 21,
	.struct_page_size = 64,
	.zone_dma32_end = 4 * GiB,
	.directmap_levels = 0x3,  /* DirectMap64k and DirectMap512M */
	.vmemmap_mode = DEVMEMHP_VMEMMAP_BASE,
};

/* The one decision toy64k makes differently: banks and far memory. */
static int toy_plan_add(const struct devmemhp_geometry *geo, struct devmemhp_arch_plan *plan,
			int (*zone_span)(void *ctx, int nid, enum devmemhp_zone zone,
					 uint64_t *start_pfn, uint64_t *end_pfn),
			void *ctx)
{
	(void)geo;
	(void)zone_span;
	(void)ctx;
	if (plan->start / BANK != (plan->end - 1) / BANK) {
		snprintf(plan->why, sizeof(plan->why), "[%#" PRIx64 "-%#" PRIx64 "] straddles "
			 "a 1 TiB memory bank", plan->start, plan->end - 1);
		return -EINVAL;
	}
	if (!(plan->flags & DEVICE_MEMORY_DEVICE) && plan->start >= BANK)
		plan->zone = DEVMEMHP_ZONE_MOVABLE; /* far memory */
	return 0;
}

static const struct devmemhp_arch toy = {
	.version = DEVMEMHP_ARCH_VERSION,
	.name = "toy64k",
	.description = "made-up: 64 KiB pages, 3 levels, 1 TiB memory banks",
	.geometry = &toy_geometry,
	.caps = DEVMEMHP_ARCH_CAP_DEVICE | DEVMEMHP_ARCH_CAP_UNADDRESSABLE |
		DEVMEMHP_ARCH_CAP_REMOVE | DEVMEMHP_ARCH_CAP_LINEAR_MAP,
	.default_options = "boot=0-4G",
	.plan_add = toy_plan_add,
};

static int failures;

#define EXPECT(what, cond)                                                \
	do {                                                              \
		if (cond) {                                               \
			printf("ok    %s\n", what);                       \
		} else {                                                  \
			printf("FAIL  %s (line %d)\n", what, __LINE__);   \
			failures++;                                       \
		}                                                         \
	} while (0)

static struct devmemhp_stats stats(struct devmemhp_machine *m)
{
	struct devmemhp_stats st = { .size = sizeof(st) };

	devmemhp_get_stats(m, &st);
	return st;
}

static enum devmemhp_zone block_zone(struct devmemhp_machine *m, uint64_t addr)
{
	struct devmemhp_memory_block b = { .size = sizeof(b) };

	if (devmemhp_memory_block_get(m, addr / (512 * MiB), &b))
		return DEVMEMHP_ZONE_NONE;
	return b.zone;
}

int main(void)
{
	struct devmemhp_machine *m = NULL;
	struct devmemhp_stats boot, st;
	uint64_t va, pa, gpu;
	int rc;

	EXPECT("register toy64k", devmemhp_arch_register(&toy) == 0);
	EXPECT("a second toy64k is refused", devmemhp_arch_register(&toy) == -EEXIST);
	rc = devmemhp_machine_new("toy64k", NULL, &m);
	EXPECT("a machine with 4 GiB of boot RAM", rc == 0);
	if (rc)
		return 1;
	boot = stats(m);
	EXPECT("boot RAM is eight 512 MiB leaves", boot.direct_map_leaves[1] == 8);
	EXPECT("its memory blocks are 512 MiB", boot.block_size == 512 * MiB);

	/* near memory: the zone is chosen when it is onlined */
	EXPECT("add 1 GiB of RAM at 8 GiB", devmemhp_add_memory(m, 0, 8 * GiB, GiB, 0) == 0);
	EXPECT("online it", devmemhp_online_memory(m, 8 * GiB, GiB, DEVMEMHP_ZONE_AUTO) == 0);
	EXPECT("it is in Normal", block_zone(m, 8 * GiB) == DEVMEMHP_ZONE_NORMAL);
	st = stats(m);
	EXPECT("it is mapped by two 512 MiB leaves",
	       st.direct_map_leaves[1] - boot.direct_map_leaves[1] == 2);
	EXPECT("__va(8 GiB) translates back",
	       devmemhp_phys_to_virt(m, 8 * GiB, &va) == 0 &&
		       devmemhp_virt_to_phys(m, va, &pa, NULL) == 0 && pa == 8 * GiB);

	/* far memory: the backend fixes ZONE_MOVABLE when it is added */
	EXPECT("add 1 GiB of RAM at 1 TiB", devmemhp_add_memory(m, 0, TiB, GiB, 0) == 0);
	EXPECT("online it", devmemhp_online_memory(m, TiB, GiB, DEVMEMHP_ZONE_AUTO) == 0);
	EXPECT("it is in Movable", block_zone(m, TiB) == DEVMEMHP_ZONE_MOVABLE);

	/* the backend's refusal, with its reason */
	rc = devmemhp_add_memory(m, 0, 2 * TiB - GiB, 2 * GiB, 0);
	EXPECT("an add across two banks is refused with -EINVAL", rc == -EINVAL);
	EXPECT("and the message says why",
	       strstr(devmemhp_last_error(m), "straddles a 1 TiB memory bank") != NULL);

	/* unaddressable device memory: struct pages, no linear map */
	EXPECT("find room for 2 GiB of GPU memory",
	       devmemhp_find_free_region(m, 2 * GiB, &gpu) == 0);
	EXPECT("add it as unaddressable device memory",
	       devmemhp_add_memory(m, 0, gpu, 2 * GiB,
				   DEVICE_MEMORY_DEVICE | DEVICE_MEMORY_MOVABLE |
					   DEVICE_MEMORY_UNADDRESSABLE) == 0);
	EXPECT("it has no linear-map entry", devmemhp_phys_to_virt(m, gpu, &va) == -EFAULT);

	/* and back to the machine it booted as */
	EXPECT("remove the GPU memory",
	       devmemhp_remove_memory(m, gpu, 2 * GiB,
				      DEVICE_MEMORY_DEVICE | DEVICE_MEMORY_MOVABLE |
					      DEVICE_MEMORY_UNADDRESSABLE) == 0);
	EXPECT("offline the far RAM", devmemhp_offline_memory(m, TiB, GiB) == 0);
	EXPECT("remove it", devmemhp_remove_memory(m, TiB, GiB, 0) == 0);
	EXPECT("offline the near RAM", devmemhp_offline_memory(m, 8 * GiB, GiB) == 0);
	EXPECT("remove it", devmemhp_remove_memory(m, 8 * GiB, GiB, 0) == 0);
	st = stats(m);
	EXPECT("the linear map is as it booted",
	       memcmp(st.direct_map_leaves, boot.direct_map_leaves, sizeof(st.direct_map_leaves)) == 0);
	EXPECT("the struct pages are as they booted", st.memmap_bytes == boot.memmap_bytes);
	EXPECT("the model is consistent", devmemhp_check(m) == 0);

	EXPECT("toy64k cannot go while a machine uses it",
	       devmemhp_arch_unregister("toy64k") == -EBUSY);
	devmemhp_machine_unref(m);
	EXPECT("unregister toy64k", devmemhp_arch_unregister("toy64k") == 0);
	printf("%s\n", failures ? "toyarch: FAILED" : "toyarch: all as expected");
	return failures ? 1 : 0;
}
