/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The Linux versions the model follows, and the generic memory-hotplug rules
 * that differ between them.  Each rule is one member of struct dmh_kernel,
 * with the source it comes from; the rest of the library reads the member,
 * never the version number.  An architecture's own differences stay in its
 * backend (lib/arch/), which sees the version in geometry.kernel.
 *
 * Each row is the kernel as Debian builds it, the one the oracle boots: a
 * default that comes from Debian's configuration says so.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "kernel.h"
#include "machine.h"
#include "private.h"
#include "zone.h"

#define V(a, b) DEVMEMHP_KERNEL_VERSION(a, b, 0)

static const struct dmh_kernel kernels[] = {
	{
		.version = V(4, 9), .name = "4.9",
		/* v4.9 mm/memory_hotplug.c: check_hotplug_memory_range() wants sections */
		.ram_align = DMH_RAM_ALIGN_SECTION,
		/* v4.9 kernel/memremap.c: devm_memremap_pages() aligns to sections */
		.device_align = DMH_DEVICE_ALIGN_SECTION,
		.memmap_on_memory = DMH_MOM_NONE, /* came with v5.12 */
		/* Debian 9's config-4.9: MEMORY_HOTPLUG_DEFAULT_ONLINE is not set */
		.default_online_type = DMH_MMOP_OFFLINE,
		.iomem_max_level = 5, /* v4.9 kernel/resource.c: MAX_IORES_LEVEL */
		/* v4.9 mm/memory_hotplug.c: __add_section() -> __add_zone() */
		.zones_at_add = true,
		/* v4.9 register_memory_resource(): request_resource(&iomem_resource) */
		.ram_resource_at_root = true,
		/* v4.9 mm/vmstat.c: zoneinfo_show() walks populated zones only */
		.zoneinfo_populated_only = true,
		/* v4.9 kernel/memremap.c: devm_memremap_pages() "collides with mapping" */
		.pgmap_collision_busy = true,
		.mm = &dmh_mm_v4_9,
	},
	{
		.version = V(6, 1), .name = "6.1",
		.ram_align = DMH_RAM_ALIGN_BLOCK,       /* v6.1 check_hotplug_memory_range() */
		.device_align = DMH_DEVICE_ALIGN_SUBSECTION, /* v6.1 check_pfn_span() */
		/* v6.1 mhp_supports_memmap_on_memory(size): a single memory block
		 * whose whole memmap sits at its start */
		.memmap_on_memory = DMH_MOM_SINGLE_BLOCK,
		/* Debian 12's config-6.1: MEMORY_HOTPLUG_DEFAULT_ONLINE is not set
		 * (oracle/results: auto_online_blocks reads offline) */
		.default_online_type = DMH_MMOP_OFFLINE,
		.iomem_max_level = 5,
		.mm = &dmh_mm_v6,
	},
	{
		/* riscv64's backend: 6.11 runs the same generic code as 6.12 where
		 * the model looks (memory_hotplug.c, memory.c, memremap.c) */
		.version = V(6, 11), .name = "6.11",
		.ram_align = DMH_RAM_ALIGN_BLOCK,
		.device_align = DMH_DEVICE_ALIGN_SUBSECTION,
		.memmap_on_memory = DMH_MOM_PER_BLOCK,
		.memmap_force = true,
		.default_online_type = DMH_MMOP_OFFLINE,
		.crash_hotplug = true,
		.gfr_step_align = true,
		.iomem_max_level = 5,
		.mm = &dmh_mm_v6,
	},
	{
		.version = V(6, 12), .name = "6.12",
		.ram_align = DMH_RAM_ALIGN_BLOCK,
		.device_align = DMH_DEVICE_ALIGN_SUBSECTION,
		/* v6.12 mm/memory_hotplug.c: create_altmaps_and_memory_blocks()
		 * (since 6.6): arch_add_memory() and an altmap per memory block */
		.memmap_on_memory = DMH_MOM_PER_BLOCK,
		/* v6.12 set_memmap_mode(): memory_hotplug.memmap_on_memory=force */
		.memmap_force = true,
		/* Debian 13's config-6.12: MHP_DEFAULT_ONLINE_TYPE_ONLINE_AUTO
		 * (oracle/results-6.12: auto_online_blocks reads online) */
		.default_online_type = DMH_MMOP_ONLINE,
		/* v6.12 drivers/base/memory.c: crash_hotplug (CONFIG_CRASH_HOTPLUG) */
		.crash_hotplug = true,
		/* v6.12 kernel/resource.c: get_free_mem_region() walks by align */
		.gfr_step_align = true,
		.iomem_max_level = 5, /* v6.12 kernel/resource.c: MAX_IORES_LEVEL */
		.mm = &dmh_mm_v6,
	},
	{
		/* oracle/results-7.2: every hotplug delta of every scenario as 6.12 */
		.version = V(7, 2), .name = "7.2",
		.ram_align = DMH_RAM_ALIGN_BLOCK,
		.device_align = DMH_DEVICE_ALIGN_SUBSECTION,
		.memmap_on_memory = DMH_MOM_PER_BLOCK,
		.memmap_force = true,
		.default_online_type = DMH_MMOP_ONLINE, /* Debian sid's config-7.2 */
		.crash_hotplug = true,
		.gfr_step_align = true,
		.iomem_max_level = 8, /* v7.2 kernel/resource.c: MAX_IORES_LEVEL */
		.mm = &dmh_mm_v6,
	},
};

const struct dmh_kernel *dmh_kernel_find(unsigned int version)
{
	for (size_t i = 0; i < DMH_ARRAY_SIZE(kernels); i++)
		if (kernels[i].version == version)
			return &kernels[i];
	return NULL;
}

/* "6.12" or "6.12.117..." (a release string): the version, patch level kept. */
int dmh_kernel_parse(const char *s, unsigned int *version, const char **end)
{
	unsigned long part[3] = { 0, 0, 0 };
	const char *p = s;
	int n = 0;

	while (n < 3) {
		unsigned long v = 0;
		const char *d = p;

		while (*p >= '0' && *p <= '9' && p - d < 4)
			v = v * 10 + (unsigned long)(*p++ - '0');
		if (p == d || (*p >= '0' && *p <= '9'))
			break;
		part[n++] = v;
		if (*p != '.' || p[1] < '0' || p[1] > '9')
			break;
		p++;
	}
	if (n < 2 || part[0] > 255 || part[1] > 255)
		return -EINVAL;
	/* include/linux/version.h: KERNEL_VERSION() clamps the sublevel (4.9.256 on) */
	if (part[2] > 255)
		part[2] = 255;
	*version = DEVMEMHP_KERNEL_VERSION((unsigned int)part[0], (unsigned int)part[1],
					   (unsigned int)part[2]);
	if (end)
		*end = p;
	return 0;
}

void dmh_kernel_name(unsigned int version, char *buf, size_t len)
{
	if (version & 0xff)
		snprintf(buf, len, "%u.%u.%u", version >> 16, (version >> 8) & 0xff, version & 0xff);
	else
		snprintf(buf, len, "%u.%u", version >> 16, (version >> 8) & 0xff);
}

/*
 * The versions a backend models, as its `kernels` list says: each one in
 * turn to fn, the default first.  A backend older than DEVMEMHP_ARCH_VERSION
 * 3, or one that says nothing, models 6.1, the kernel the library followed
 * when it was written.
 */
int dmh_kernel_foreach(const struct devmemhp_arch *arch,
		       int (*fn)(void *ctx, const struct dmh_kernel *k), void *ctx)
{
	const char *p = arch->kernels ? arch->kernels : "6.1";

	while (*p) {
		unsigned int v;
		const char *end;
		const struct dmh_kernel *k;
		int rc;

		if (dmh_kernel_parse(p, &v, &end) || (*end && (*end != ',' || !end[1])))
			return -EINVAL;
		k = dmh_kernel_find(v);
		if (!k)
			return -ENOENT;
		rc = fn(ctx, k);
		if (rc)
			return rc;
		p = *end ? end + 1 : end;
	}
	return 0;
}

static int take_first(void *ctx, const struct dmh_kernel *k)
{
	*(const struct dmh_kernel **)ctx = k;
	return 1;
}

const struct dmh_kernel *dmh_kernel_default(const struct devmemhp_arch *arch)
{
	const struct dmh_kernel *k = NULL;

	return dmh_kernel_foreach(arch, take_first, &k) == 1 ? k : NULL;
}

struct pick {
	unsigned int want;
	const struct dmh_kernel *exact, *below, *lowest;
};

static int pick_one(void *ctx, const struct dmh_kernel *k)
{
	struct pick *p = ctx;

	if (k->version == DMH_KERNEL_MAJOR_MINOR(p->want))
		p->exact = k;
	if (k->version <= p->want && (!p->below || k->version > p->below->version))
		p->below = k;
	if (!p->lowest || k->version < p->lowest->version)
		p->lowest = k;
	return 0;
}

/*
 * The kernel a backend models for a machine that runs `version`: the same
 * major.minor, else the newest one not newer, else (a kernel older than
 * every modelled one) the oldest.  *how says which of the three.
 */
const struct dmh_kernel *dmh_kernel_nearest(const struct devmemhp_arch *arch, unsigned int version,
					    enum dmh_kernel_match *how)
{
	struct pick p = { .want = version };

	if (dmh_kernel_foreach(arch, pick_one, &p))
		return NULL;
	if (p.exact) {
		*how = DMH_KERNEL_EXACT;
		return p.exact;
	}
	if (p.below) {
		*how = DMH_KERNEL_OLDER;
		return p.below;
	}
	*how = DMH_KERNEL_NEWER;
	return p.lowest;
}

struct names {
	char *buf;
	size_t len, n;
};

static int add_name(void *ctx, const struct dmh_kernel *k)
{
	struct names *s = ctx;

	if (s->n < s->len)
		s->n += (size_t)snprintf(s->buf + s->n, s->len - s->n, "%s%s", s->n ? ", " : "",
					 k->name);
	return 0;
}

/* "6.12, 6.1, 7.2" */
void dmh_kernel_list(const struct devmemhp_arch *arch, char *buf, size_t len)
{
	struct names s = { buf, len, 0 };

	buf[0] = '\0';
	dmh_kernel_foreach(arch, add_name, &s);
}

struct find {
	unsigned int version;
	const struct dmh_kernel *k;
};

static int find_one(void *ctx, const struct dmh_kernel *k)
{
	struct find *f = ctx;

	if (k->version == f->version) {
		f->k = k;
		return 1;
	}
	return 0;
}

/* The kernel `version` if the backend models it, else NULL. */
const struct dmh_kernel *dmh_kernel_of_arch(const struct devmemhp_arch *arch, unsigned int version)
{
	struct find f = { version, NULL };

	dmh_kernel_foreach(arch, find_one, &f);
	return f.k;
}

/* Is a backend's list well formed, and made of modelled kernels? */
int dmh_kernels_validate(const struct devmemhp_arch *arch, char *why, size_t len)
{
	struct names s = { why, len, 0 };
	int rc;

	if (arch->kernels && !*arch->kernels) {
		snprintf(why, len, "kernels: empty");
		return -EINVAL;
	}
	rc = dmh_kernel_foreach(arch, add_name, &s);
	if (rc == -ENOENT) {
		char all[64] = "";

		for (size_t i = 0, n = 0; i < DMH_ARRAY_SIZE(kernels) && n < sizeof(all); i++)
			n += (size_t)snprintf(all + n, sizeof(all) - n, "%s%s", i ? ", " : "",
					      kernels[i].name);
		snprintf(why, len, "kernels: \"%s\" names a kernel the library does not model "
			 "(it models %s)", arch->kernels, all);
	} else if (rc) {
		snprintf(why, len, "kernels: \"%s\" is not a comma-separated list of versions "
			 "such as \"6.12,6.1\"", arch->kernels);
	}
	return rc;
}

DMH_EXPORT int devmemhp_machine_get_kernel(const struct devmemhp_machine *m,
					   struct devmemhp_kernel *kernel)
{
	struct devmemhp_kernel k = { .size = sizeof(k) };
	int rc;

	rc = dmh_api_enter(m, "machine_get_kernel", DMH_API_SIZED(kernel, "kernel"), DMH_API_READ);
	if (rc)
		return rc;
	k.version = m->kernel->version;
	snprintf(k.name, sizeof(k.name), "%s", m->kernel->name);
	snprintf(k.why, sizeof(k.why), "%s", m->kernel_why);
	dmh_api_leave(m, DMH_API_READ);
	dmh_copy_sized(kernel, &k, sizeof(k));
	return 0;
}
