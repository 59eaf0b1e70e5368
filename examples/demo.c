/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What hot-plugging costs on a server: 64 GiB of boot RAM, a 256 GiB CXL
 * memory expander onlined movable, 48 GiB of GPU memory the CPU cannot
 * address, and 512 GiB of persistent memory it can.  Uses only the public API.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>

#include <devmemhp.h>

#define GiB (1ull << 30)
#define TiB (1ull << 40)

static struct devmemhp_stats stats(struct devmemhp_machine *m)
{
	struct devmemhp_stats s = { .size = sizeof(s) };

	if (devmemhp_get_stats(m, &s) || devmemhp_check(m)) {
		fprintf(stderr, "demo: %s\n", devmemhp_last_error(m));
		exit(1);
	}
	return s;
}

static void size_str(uint64_t bytes, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	int u = 0;

	while (u < 5 && bytes >= 1024 && !(bytes & 1023)) {
		bytes >>= 10;
		u++;
	}
	snprintf(buf, len, "%" PRIu64 " %s", bytes, unit[u]);
}

static uint64_t sum(const uint64_t *v)
{
	uint64_t n = 0;

	for (int i = 0; i < DEVMEMHP_MAX_LEVELS; i++)
		n += v[i];
	return n;
}

/* What a step cost: the difference of the machine's statistics. */
static void report(const char *what, const struct devmemhp_stats *a, const struct devmemhp_stats *b)
{
	char memmap[32], online[32];

	size_str(b->memmap_bytes + b->memmap_altmap_bytes - a->memmap_bytes - a->memmap_altmap_bytes,
		 memmap, sizeof(memmap));
	size_str(b->managed_bytes - a->managed_bytes, online, sizeof(online));
	printf("%s\n", what);
	printf("  linear map:   +%" PRIu64 " x 4k, +%" PRIu64 " x 2M, +%" PRIu64 " x 1G leaves"
	       " (DirectMap1G %+" PRId64 " kB), +%" PRIu64 " page-table pages\n",
	       b->direct_map_leaves[0] - a->direct_map_leaves[0],
	       b->direct_map_leaves[1] - a->direct_map_leaves[1],
	       b->direct_map_leaves[2] - a->direct_map_leaves[2],
	       (int64_t)(b->direct_map_bytes[2] - a->direct_map_bytes[2]) / 1024,
	       sum(b->direct_map_table_pages) - sum(a->direct_map_table_pages));
	printf("  struct pages: +%s (+%" PRIu64 " vmemmap page-table pages)\n", memmap,
	       sum(b->vmemmap_table_pages) - sum(a->vmemmap_table_pages));
	printf("  memory blocks: +%" PRIu64 ", online +%" PRIu64 "; to the page allocator: +%s\n",
	       b->memory_blocks - a->memory_blocks,
	       b->memory_blocks_online - a->memory_blocks_online, online);
}

static void must(struct devmemhp_machine *m, int rc)
{
	if (rc) {
		fprintf(stderr, "demo: %s\n", devmemhp_last_error(m));
		exit(1);
	}
}

int main(void)
{
	/* two sockets' worth of a server: RAM below 2 GiB and from 4 GiB to 66 GiB;
	 * node 1 is the CXL expander, which has no memory at boot */
	/* online=offline: the blocks wait for the demo to online them movable, as
	 * daxctl wants auto_online_blocks for the CXL memory it onlines itself */
	const char *options = "boot=0x1000-0x9fc00;0x100000-0x80000000;0x100000000-0x1080000000,"
			      "nodes=2,phys_bits=46,online=offline";
	const uint64_t cxl = 1 * TiB, cxl_size = 256 * GiB;
	const uint64_t pmem = 2 * TiB, pmem_size = 512 * GiB;
	const uint64_t gpu_size = 48 * GiB;
	struct devmemhp_machine *m;
	struct devmemhp_stats s0, s1, s2, s3;
	struct devmemhp_memory_block blk = { .size = sizeof(blk) };
	uint64_t gpu, va;
	char buf[32], title[128];
	int rc;

	rc = devmemhp_machine_new("x86_64", options, &m);
	if (rc) {
		fprintf(stderr, "demo: %s\n", devmemhp_last_error(NULL));
		return 1;
	}
	/* the demo reports failures itself; one expected -EFAULT needs no log line */
	devmemhp_set_log_priority(m, LOG_CRIT);
	s0 = stats(m);
	size_str(s0.block_size, buf, sizeof(buf));
	printf("libdevmemhp %s: an x86_64 server, 4-level paging, 64 GiB of boot RAM, "
	       "%s memory blocks\n\n", devmemhp_version(), buf);

	/* CXL RAM: hot-added as System RAM on its own node, onlined movable */
	must(m, devmemhp_add_memory(m, 1, cxl, cxl_size, DEVICE_MEMORY_NONE));
	must(m, devmemhp_online_memory(m, cxl, cxl_size, DEVMEMHP_ZONE_MOVABLE));
	must(m, devmemhp_memory_block_get(m, cxl / s0.block_size, &blk));
	s1 = stats(m);
	report("+ 256 GiB of CXL RAM at 0x10000000000, node 1, onlined movable", &s0, &s1);
	printf("  zone of memory%" PRIu64 ": %s\n\n", blk.id, devmemhp_zone_name(blk.zone));

	/* GPU memory: device private, placed like request_free_mem_region() */
	must(m, devmemhp_find_free_region(m, gpu_size, &gpu));
	must(m, devmemhp_add_memory(m, 1, gpu, gpu_size,
				    DEVICE_MEMORY_DEVICE | DEVICE_MEMORY_MOVABLE |
					    DEVICE_MEMORY_UNADDRESSABLE));
	s2 = stats(m);
	snprintf(title, sizeof(title), "+ 48 GiB of GPU memory (unaddressable), placed at %#" PRIx64,
		 gpu);
	report(title, &s1, &s2);
	printf("  phys_to_virt(%#" PRIx64 "): %s\n\n", gpu,
	       devmemhp_phys_to_virt(m, gpu, &va) == -EFAULT ? "-EFAULT, no linear map" : "mapped?");

	/* persistent memory: addressable device memory (fsdax/devdax), ZONE_DEVICE */
	must(m, devmemhp_add_memory(m, 0, pmem, pmem_size, DEVICE_MEMORY_DEVICE));
	s3 = stats(m);
	report("+ 512 GiB of persistent memory (addressable) at 0x20000000000", &s2, &s3);

	size_str(s3.memmap_bytes + s3.memmap_altmap_bytes, buf, sizeof(buf));
	printf("\nin all: %s of struct pages for %" PRIu64 " GiB of memory; DirectMap4k %" PRIu64
	       " kB, DirectMap2M %" PRIu64 " kB, DirectMap1G %" PRIu64 " kB\n",
	       buf, s3.present_bytes >> 30, s3.direct_map_bytes[0] >> 10,
	       s3.direct_map_bytes[1] >> 10, s3.direct_map_bytes[2] >> 10);
	devmemhp_machine_unref(m);
	return 0;
}
