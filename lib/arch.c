/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The backend registry.  Built-in backends are registered through the same
 * public struct as users' ones.  A registered backend is kept as a copy in
 * the current layout, with the members its version lacks left NULL, so the
 * rest of the library never looks at `version` again (sqlite3_vfs's iVersion
 * rule).
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "kernel.h"
#include "machine.h"
#include "pgtable.h"
#include "private.h"
#include "resource.h"

struct arch_entry {
	struct devmemhp_arch arch;     /* normalized copy */
	struct devmemhp_geometry geo;  /* copy of *arch.geometry */
	char *name, *description, *default_options, *kernels;
	unsigned int users;            /* machines using it */
	bool builtin;
	struct arch_entry *next;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t builtins_once = PTHREAD_ONCE_INIT;
static struct arch_entry *registry;

/* sizeof(struct devmemhp_arch) as each DEVMEMHP_ARCH_VERSION defined it */
#define ARCH_SIZE_UPTO(member) \
	(offsetof(struct devmemhp_arch, member) + sizeof(((struct devmemhp_arch *)0)->member))
static const size_t arch_size_by_version[] = {
	[1] = ARCH_SIZE_UPTO(boot_map),
	[2] = ARCH_SIZE_UPTO(plan_add),
	[3] = ARCH_SIZE_UPTO(kernels),
};
_Static_assert(sizeof(arch_size_by_version) / sizeof(arch_size_by_version[0]) ==
		       DEVMEMHP_ARCH_VERSION + 1,
	       "every DEVMEMHP_ARCH_VERSION has its size");

/* The geometry members every version knows (the first public layout); a
 * geometry has a later member if its size covers it. */
#define GEOMETRY_V1_SIZE (offsetof(struct devmemhp_geometry, vmemmap_view_end) + sizeof(uint64_t))
#define GEO_HAS(g, member) \
	((g)->size >= offsetof(struct devmemhp_geometry, member) + sizeof((g)->member))

/* A geometry of `size` bytes into the current layout, with the defaults of
 * the members it lacks. */
static void geometry_copy(struct devmemhp_geometry *dst, const struct devmemhp_geometry *src)
{
	memset(dst, 0, sizeof(*dst));
	memcpy(dst, src, DMH_MIN(src->size, sizeof(*dst)));
	if (!GEO_HAS(src, directmap_levels))
		dst->directmap_levels = src->leaf_levels; /* a line per leaf size */
	dst->size = sizeof(*dst);
}

static const struct devmemhp_arch *const builtin_arches[] = {
	&dmh_arch_x86_64, &dmh_arch_x86_32, &dmh_arch_powerpc, &dmh_arch_s390, &dmh_arch_ia64,
	&dmh_arch_sh,     &dmh_arch_tile,   &dmh_arch_arm64,   &dmh_arch_riscv64,
};
static struct arch_entry builtin_entries[DMH_ARRAY_SIZE(builtin_arches)];

/*
 * The largest memory block a backend's kernel lets it set, where the kernel
 * says.  The others' kernels name none; their bound is the physical address
 * space (see dmh_block_size_check()).
 */
static const struct {
	const struct devmemhp_arch *arch;
	uint64_t max;
	const char *source;
} block_size_max[] = {
	/* arch/x86/mm/init_64.c (6.1, 6.12, 7.2): set_memory_block_size_order(),
	 * the one way a size is set rather than probed, refuses more than
	 * MEM_SIZE_FOR_LARGE_BLOCK; the probe stops at MAX_BLOCK_SIZE (2 GiB) */
	{ &dmh_arch_x86_64, 64ull << 30, "the most x86_64's set_memory_block_size_order() takes" },
};

/*
 * drivers/base/memory.c memory_dev_init(): a block is a power of two of at
 * least MIN_MEMORY_BLOCK_SIZE (a section), or the kernel panics.  No block is
 * larger than the physical address space: sparsemem has no section at or
 * above 2^MAX_PHYSMEM_BITS and the resource tree ends at 2^phys_bits.
 */
int dmh_block_size_check(const struct devmemhp_arch *arch, const struct devmemhp_geometry *geo,
			 uint64_t size, char *why, size_t whylen)
{
	const struct devmemhp_arch *builtin = arch ? dmh_arch_builtin(arch) : NULL;
	const unsigned int bits = DMH_MIN(geo->phys_bits, geo->max_physmem_bits);
	const uint64_t section = geo->section_shift < 64 ? (uint64_t)1 << geo->section_shift : 0;
	uint64_t max = bits < 64 ? (uint64_t)1 << bits : UINT64_MAX;
	char space[64];
	const char *source = space;

	snprintf(space, sizeof(space), "the physical address space (2^%u)", bits);
	for (size_t i = 0; builtin && i < DMH_ARRAY_SIZE(block_size_max); i++)
		if (builtin == block_size_max[i].arch && block_size_max[i].max < max) {
			max = block_size_max[i].max;
			source = block_size_max[i].source;
		}
	if (!size || (size & (size - 1)))
		snprintf(why, whylen, "%#llx is not a power of two", (unsigned long long)size);
	else if (!section || size < section)
		snprintf(why, whylen, "%#llx is below the section size %#llx",
			 (unsigned long long)size, (unsigned long long)section);
	else if (size > max)
		snprintf(why, whylen, "%#llx is more than %#llx, %s",
			 (unsigned long long)size, (unsigned long long)max, source);
	else
		return 0;
	return -EINVAL;
}

/* [base, base + size) is one canonical stretch: below the hole or above it.
 * An address space of 32 bits or less is a 32-bit CPU's: no hole, no sign
 * extension (x86_32's PAGE_OFFSET 0xc0000000). */
static bool region_fits(uint64_t base, uint64_t size, unsigned int va_bits, uint64_t prefix)
{
	uint64_t half = va_bits >= 64 ? 0 : (uint64_t)1 << (va_bits - 1);
	uint64_t last = base + size - 1;

	if (!size || last < base)
		return false;
	if (prefix) /* in the one window the bits above select (powerpc's quadrant) */
		return base >> va_bits == prefix >> va_bits && last >> va_bits == prefix >> va_bits;
	if (va_bits <= 32)
		return last >> va_bits == 0;
	if (!half)
		return true;
	if (last < half) /* lower half */
		return true;
	return base >= (uint64_t)0 - half; /* upper half */
}

int dmh_geometry_validate(const struct devmemhp_geometry *geo, char *why, size_t whylen)
{
	unsigned int va_bits = 0;
	uint64_t prefix;
	char bwhy[DMH_WHY_LEN];
#define BAD(...) do { snprintf(why, whylen, __VA_ARGS__); return -EINVAL; } while (0)

	if (geo->size < GEOMETRY_V1_SIZE)
		BAD("geometry.size: %zu is smaller than the first layout (%zu)", geo->size,
		    (size_t)GEOMETRY_V1_SIZE);
	if (geo->page_shift < 10 || geo->page_shift > 20)
		BAD("geometry.page_shift: %u is not between 10 and 20", geo->page_shift);
	if (geo->levels < 1 || geo->levels > DEVMEMHP_MAX_LEVELS)
		BAD("geometry.levels: %u is not between 1 and %d", geo->levels, DEVMEMHP_MAX_LEVELS);
	for (unsigned int l = 0; l < geo->levels; l++) {
		if (geo->level_bits[l] < 1 || geo->level_bits[l] > 16)
			BAD("geometry.level_bits[%u]: %u is not between 1 and 16", l, geo->level_bits[l]);
		va_bits += geo->level_bits[l];
	}
	va_bits += geo->page_shift;
	if (va_bits > 64)
		BAD("geometry.level_bits: %u levels of these bits need %u address bits, more than 64",
		    geo->levels, va_bits);
	if (!(geo->leaf_levels & 1u))
		BAD("geometry.leaf_levels: 0x%x lacks level 0 (base pages)", geo->leaf_levels);
	/* a root table holds leaves only in 2-level paging (x86 non-PAE PSE: 4M PDEs) */
	if (geo->leaf_levels >> (geo->levels > 2 ? geo->levels - 1 : geo->levels))
		BAD("geometry.leaf_levels: 0x%x has leaves at or above the root level %u",
		    geo->leaf_levels, geo->levels - 1);
	if (geo->free_table_levels >> (geo->levels - 1))
		BAD("geometry.free_table_levels: 0x%x frees the root table or beyond",
		    geo->free_table_levels);
	if (geo->phys_bits <= geo->page_shift || geo->phys_bits > 64)
		BAD("geometry.phys_bits: %u is not between %u and 64", geo->phys_bits,
		    geo->page_shift + 1);
	if (geo->section_shift < geo->page_shift || geo->section_shift >= 64)
		BAD("geometry.section_shift: %u gives sections smaller than a page", geo->section_shift);
	if (geo->max_physmem_bits < geo->section_shift || geo->max_physmem_bits > 64)
		BAD("geometry.max_physmem_bits: %u is not between section_shift %u and 64",
		    geo->max_physmem_bits, geo->section_shift);
	if (geo->subsection_shift < geo->page_shift || geo->subsection_shift > geo->section_shift)
		BAD("geometry.subsection_shift: %u is not between page_shift %u and section_shift %u",
		    geo->subsection_shift, geo->page_shift, geo->section_shift);
	if (geo->struct_page_size < 8 || (geo->struct_page_size & (geo->struct_page_size - 1)) ||
	    geo->struct_page_size > (1u << geo->page_shift))
		BAD("geometry.struct_page_size: %u is not a power of two between 8 and a page",
		    geo->struct_page_size);
	if (geo->block_size && dmh_block_size_check(NULL, geo, geo->block_size, bwhy, sizeof(bwhy)))
		BAD("geometry.block_size: %s", bwhy);
	prefix = GEO_HAS(geo, va_prefix) ? geo->va_prefix : 0;
	if (prefix && (va_bits >= 64 || (prefix & (((uint64_t)1 << va_bits) - 1))))
		BAD("geometry.va_prefix: 0x%llx has bits the %u-bit table translates",
		    (unsigned long long)prefix, va_bits);
	if (geo->linear_size) {
		if (!DMH_IS_ALIGNED(geo->linear_base, (uint64_t)1 << geo->page_shift))
			BAD("geometry.linear_base: 0x%llx is not page aligned",
			    (unsigned long long)geo->linear_base);
		if (!region_fits(geo->linear_base, geo->linear_size, va_bits, prefix))
			BAD("geometry.linear_base: 0x%llx + linear_size 0x%llx is not a canonical "
			    "region of a %u-bit address space", (unsigned long long)geo->linear_base,
			    (unsigned long long)geo->linear_size, va_bits);
	}
	if (geo->vmemmap_base) {
		uint64_t span = geo->max_physmem_bits - geo->page_shift >= 64 ? 0 :
				((uint64_t)1 << (geo->max_physmem_bits - geo->page_shift));

		if (!span || span > UINT64_MAX / geo->struct_page_size ||
		    !DMH_IS_ALIGNED(geo->vmemmap_base, (uint64_t)1 << geo->page_shift) ||
		    !region_fits(geo->vmemmap_base, span * geo->struct_page_size, va_bits, prefix))
			BAD("geometry.vmemmap_base: 0x%llx does not hold the struct pages of "
			    "2^max_physmem_bits bytes in a %u-bit address space",
			    (unsigned long long)geo->vmemmap_base, va_bits);
		if (geo->linear_size && geo->vmemmap_base < geo->linear_base + geo->linear_size &&
		    geo->linear_base < geo->vmemmap_base + span * geo->struct_page_size)
			BAD("geometry.vmemmap_base: the vmemmap overlaps the linear map");
	}
	if (GEO_HAS(geo, vmemmap_mode)) {
		if (!DMH_IS_ALIGNED(geo->phys_offset, (uint64_t)1 << geo->section_shift) ||
		    (geo->max_physmem_bits < 64 && geo->phys_offset >> geo->max_physmem_bits))
			BAD("geometry.phys_offset: 0x%llx is not a section-aligned address below "
			    "2^max_physmem_bits", (unsigned long long)geo->phys_offset);
		if (geo->directmap_levels >> geo->levels)
			BAD("geometry.directmap_levels: 0x%x names levels the table does not have",
			    geo->directmap_levels);
		if (geo->vmemmap_mode > DEVMEMHP_VMEMMAP_SECTION_PMD)
			BAD("geometry.vmemmap_mode: %u is no DEVMEMHP_VMEMMAP_*", geo->vmemmap_mode);
		if ((geo->vmemmap_mode == DEVMEMHP_VMEMMAP_LARGE ||
		     geo->vmemmap_mode == DEVMEMHP_VMEMMAP_SECTION_PMD) && geo->levels < 3)
			BAD("geometry.vmemmap_mode: %s needs a level-1 leaf under a table",
			    geo->vmemmap_mode == DEVMEMHP_VMEMMAP_LARGE ? "LARGE" : "SECTION_PMD");
	}
	for (unsigned int l = 0; GEO_HAS(geo, cont_bits) && l < DEVMEMHP_MAX_LEVELS; l++)
		if (geo->cont_bits[l] && (l >= geo->levels || geo->cont_bits[l] > geo->level_bits[l]))
			BAD("geometry.cont_bits[%u]: %u entries do not fit in one table of that level",
			    l, geo->cont_bits[l]);
	if (GEO_HAS(geo, kernel_image_end)) {
		const uint64_t psz = (uint64_t)1 << geo->page_shift;
		const unsigned int kl = geo->kernel_image_leaf_levels;

		if (kl && (!(kl & 1u) || kl >> (geo->levels > 2 ? geo->levels - 1 : geo->levels)))
			BAD("geometry.kernel_image_leaf_levels: 0x%x lacks base pages or has leaves at "
			    "or above the root level", kl);
		if (geo->kernel_image_start > geo->kernel_image_end ||
		    !DMH_IS_ALIGNED(geo->kernel_image_start, psz) ||
		    !DMH_IS_ALIGNED(geo->kernel_image_end, psz))
			BAD("geometry.kernel_image_start: 0x%llx-0x%llx is no range of whole pages",
			    (unsigned long long)geo->kernel_image_start,
			    (unsigned long long)geo->kernel_image_end);
		if (geo->kernel_image_end && !kl)
			BAD("geometry.kernel_image_start: a kernel image, but no "
			    "kernel_image_leaf_levels to map it apart with");
	}
	if ((geo->zone_dma_end && geo->zone_dma32_end && geo->zone_dma_end > geo->zone_dma32_end) ||
	    (geo->zone_highmem_start && geo->zone_dma32_end &&
	     geo->zone_highmem_start < geo->zone_dma32_end))
		BAD("geometry.zone_*: zone limits out of order");
#undef BAD
	return 0;
}

static void entry_free(struct arch_entry *e)
{
	dmh_free(e->name);
	dmh_free(e->description);
	dmh_free(e->default_options);
	dmh_free(e->kernels);
	if (!e->builtin)
		dmh_free(e);
}

/* Built-in entries are static and point at static strings: registering them
 * allocates nothing, so it cannot fail. */
static void builtin_fill(struct arch_entry *e, const struct devmemhp_arch *arch)
{
	e->arch = *arch;
	geometry_copy(&e->geo, arch->geometry);
	e->arch.geometry = &e->geo;
	e->builtin = true;
}

static struct arch_entry *find_locked(const char *name)
{
	for (struct arch_entry *e = registry; e; e = e->next)
		if (strcmp(e->arch.name, name) == 0)
			return e;
	return NULL;
}

static int entry_fill(struct arch_entry *e, const struct devmemhp_arch *arch)
{
	size_t size = arch_size_by_version[arch->version];

	memset(&e->arch, 0, sizeof(e->arch));
	memcpy(&e->arch, arch, size);
	geometry_copy(&e->geo, arch->geometry);
	e->name = dmh_strdup(arch->name);
	e->description = arch->description ? dmh_strdup(arch->description) : NULL;
	e->default_options = arch->default_options ? dmh_strdup(arch->default_options) : NULL;
	e->kernels = e->arch.kernels ? dmh_strdup(e->arch.kernels) : NULL;
	if (!e->name || (arch->description && !e->description) ||
	    (arch->default_options && !e->default_options) || (e->arch.kernels && !e->kernels)) {
		dmh_free(e->name);
		dmh_free(e->description);
		dmh_free(e->default_options);
		dmh_free(e->kernels);
		return -ENOMEM;
	}
	e->arch.name = e->name;
	e->arch.description = e->description;
	e->arch.default_options = e->default_options;
	e->arch.kernels = e->kernels;
	e->arch.geometry = &e->geo;
	return 0;
}

/* The default options as machine_new() takes them, on the backend in the
 * current layout: refused here rather than at every machine_new(). */
static int default_options_check(const struct devmemhp_arch *arch)
{
	struct devmemhp_arch copy = { 0 };
	struct devmemhp_geometry geo;

	memcpy(&copy, arch, arch_size_by_version[arch->version]);
	geometry_copy(&geo, arch->geometry);
	copy.geometry = &geo;
	return dmh_default_options_check(&copy);
}

static int arch_validate(const struct devmemhp_arch *arch)
{
	char why[256];

	if (!arch)
		return dmh_err(NULL, -EINVAL, "arch_register: no backend given");
	if (arch->version == 0)
		return dmh_err(NULL, -EINVAL, "arch_register: version 0 is not a version");
	if (arch->version > DEVMEMHP_ARCH_VERSION)
		return dmh_err(NULL, -EOPNOTSUPP,
			       "arch_register: %s: version %u is newer than this library's %d",
			       arch->name ? arch->name : "(unnamed)", arch->version,
			       DEVMEMHP_ARCH_VERSION);
	if (!arch->name || !*arch->name || strchr(arch->name, ',') || strchr(arch->name, ' '))
		return dmh_err(NULL, -EINVAL, "arch_register: name: missing, empty or with a space");
	if (dmh_name_check(NULL, "arch_register", "name", arch->name))
		return -EINVAL;
	if (arch->description &&
	    dmh_name_check(NULL, "arch_register", "description", arch->description))
		return -EINVAL;
	if (!arch->geometry)
		return dmh_err(NULL, -EINVAL, "arch_register: %s: geometry: missing", arch->name);
	if (arch->caps & ~(DEVMEMHP_ARCH_CAP_DEVICE | DEVMEMHP_ARCH_CAP_UNADDRESSABLE |
			   DEVMEMHP_ARCH_CAP_REMOVE | DEVMEMHP_ARCH_CAP_MEMMAP_ON_MEMORY |
			   DEVMEMHP_ARCH_CAP_LINEAR_MAP | DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN |
			   DEVMEMHP_ARCH_CAP_VMEMMAP_DEDUP | DEVMEMHP_ARCH_CAP_SET_MAX_PFN |
			   DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN_DEVICE))
		return dmh_err(NULL, -EINVAL, "arch_register: %s: caps: unknown bits 0x%x", arch->name,
			       arch->caps);
	if ((arch->caps & (DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN | DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN_DEVICE)) &&
	    (arch->caps & DEVMEMHP_ARCH_CAP_SET_MAX_PFN))
		return dmh_err(NULL, -EINVAL, "arch_register: %s: caps: RAISE_MAX_PFN and "
			       "SET_MAX_PFN exclude each other", arch->name);
	if ((arch->caps & DEVMEMHP_ARCH_CAP_UNADDRESSABLE) && !(arch->caps & DEVMEMHP_ARCH_CAP_DEVICE))
		return dmh_err(NULL, -EINVAL,
			       "arch_register: %s: caps: unaddressable memory without device memory",
			       arch->name);
	if (dmh_geometry_validate(arch->geometry, why, sizeof(why)))
		return dmh_err(NULL, -EINVAL, "arch_register: %s: %s", arch->name, why);
	if (arch->version >= 3 && dmh_kernels_validate(arch, why, sizeof(why)))
		return dmh_err(NULL, -EINVAL, "arch_register: %s: %s", arch->name, why);
	return 0;
}

static int register_locked(const struct devmemhp_arch *arch, struct arch_entry *e)
{
	int rc = 0;

	if (find_locked(arch->name))
		return dmh_err(NULL, -EEXIST, "arch_register: a backend named %s exists", arch->name);
	if (e->builtin)
		builtin_fill(e, arch);
	else
		rc = entry_fill(e, arch);
	if (rc)
		return dmh_err(NULL, rc, "arch_register: %s: out of memory", arch->name);
	e->next = registry;
	registry = e;
	return 0;
}

static void register_builtins(void)
{
	pthread_mutex_lock(&registry_lock);
	for (size_t i = 0; i < DMH_ARRAY_SIZE(builtin_arches); i++) {
		builtin_entries[i].builtin = true;
		if (arch_validate(builtin_arches[i]) == 0)
			register_locked(builtin_arches[i], &builtin_entries[i]);
	}
	pthread_mutex_unlock(&registry_lock);
}

static void registry_init(void)
{
	pthread_once(&builtins_once, register_builtins);
}

DMH_EXPORT int devmemhp_arch_register(const struct devmemhp_arch *arch)
{
	struct arch_entry *e;
	int rc;

	registry_init();
	rc = arch_validate(arch);
	/* not for the built-ins, whose registration allocates nothing: their
	 * defaults are tested (check_arch_all makes each with no options) */
	if (!rc)
		rc = default_options_check(arch);
	if (rc)
		return rc;
	pthread_mutex_lock(&registry_lock);
	e = find_locked(arch->name);
	pthread_mutex_unlock(&registry_lock);
	if (e)
		return dmh_err(NULL, -EEXIST, "arch_register: a backend named %s exists", arch->name);
	e = dmh_calloc(1, sizeof(*e));
	if (!e)
		return dmh_err(NULL, -ENOMEM, "arch_register: %s: out of memory", arch->name);
	pthread_mutex_lock(&registry_lock);
	rc = register_locked(arch, e);
	pthread_mutex_unlock(&registry_lock);
	if (rc)
		dmh_free(e);
	return rc;
}

DMH_EXPORT int devmemhp_arch_unregister(const char *name)
{
	struct arch_entry **pp, *e;
	int rc = 0;

	if (!name)
		return dmh_err(NULL, -EINVAL, "arch_unregister: no name given");
	registry_init();
	pthread_mutex_lock(&registry_lock);
	for (pp = &registry; (e = *pp); pp = &e->next)
		if (strcmp(e->arch.name, name) == 0)
			break;
	if (!e)
		rc = dmh_err(NULL, -ENOENT, "arch_unregister: no backend named %s", name);
	else if (e->users)
		rc = dmh_err(NULL, -EBUSY, "arch_unregister: %s is used by %u machine(s)", name,
			     e->users);
	else
		*pp = e->next;
	pthread_mutex_unlock(&registry_lock);
	if (!rc)
		entry_free(e);
	return rc;
}

DMH_EXPORT int devmemhp_arch_foreach(int (*fn)(const struct devmemhp_arch *arch, void *data),
				     void *data)
{
	struct arch_entry *snap = NULL, *e;
	size_t n = 0, i = 0;
	int rc = 0;

	if (!fn)
		return dmh_err(NULL, -EINVAL, "arch_foreach: no callback given");
	registry_init();
	/* Call back on a snapshot, so the callback may register and unregister. */
	pthread_mutex_lock(&registry_lock);
	for (e = registry; e; e = e->next)
		n++;
	snap = dmh_calloc(n, sizeof(*snap));
	if (!snap)
		rc = -ENOMEM;
	for (e = registry; e && !rc; e = e->next, i++) {
		rc = entry_fill(&snap[i], &e->arch);
		if (!rc)
			snap[i].builtin = true; /* freed with the array */
	}
	pthread_mutex_unlock(&registry_lock);
	if (rc) {
		n = i ? i - 1 : 0;
		rc = dmh_err(NULL, -ENOMEM, "arch_foreach: out of memory");
	}
	/* Oldest registration first: the built-ins, then the user's. */
	for (size_t k = n; k-- > 0 && !rc;)
		rc = fn(&snap[k].arch, data);
	for (i = 0; i < n; i++)
		entry_free(&snap[i]);
	dmh_free(snap);
	return rc;
}

int dmh_arch_get(const char *name, const struct devmemhp_arch **out)
{
	struct arch_entry *e;

	registry_init();
	pthread_mutex_lock(&registry_lock);
	e = find_locked(name);
	if (e) {
		e->users++;
		*out = &e->arch;
	}
	pthread_mutex_unlock(&registry_lock);
	return e ? 0 : -ENOENT;
}

/* The built-in backend a machine's backend is, or NULL for a user's one. */
const struct devmemhp_arch *dmh_arch_builtin(const struct devmemhp_arch *arch)
{
	for (size_t i = 0; i < DMH_ARRAY_SIZE(builtin_entries); i++)
		if (&builtin_entries[i].arch == arch)
			return builtin_arches[i];
	return NULL;
}

void dmh_arch_put(const struct devmemhp_arch *arch)
{
	pthread_mutex_lock(&registry_lock);
	for (struct arch_entry *e = registry; e; e = e->next)
		if (&e->arch == arch) {
			e->users--;
			break;
		}
	pthread_mutex_unlock(&registry_lock);
}

/*
 * The generic split: every piece gets the largest leaf it fills exactly
 * (arm64's alloc_init_pud()/alloc_init_pmd() rule), so no leaf ever maps
 * beyond the request.  At most 2 * levels - 1 runs.
 */
int dmh_arch_default_split(const struct devmemhp_geometry *geo, uint64_t start, uint64_t end,
			   struct devmemhp_map_run *runs, unsigned int max)
{
	unsigned int nr = 0;

	while (start < end) {
		unsigned int top = 0;
		uint64_t stop;

		/* the largest leaf that fits at start */
		for (unsigned int l = geo->levels - 1; l > 0 && !top; l--)
			if ((geo->leaf_levels & (1u << l)) && DMH_IS_ALIGNED(start, dmh_level_size(geo, l)) &&
			    end - start >= dmh_level_size(geo, l))
				top = l;
		/* it goes on until a larger leaf fits, or the end has no room for one */
		stop = top ? DMH_ALIGN_DOWN(end, dmh_level_size(geo, top)) : end;
		for (unsigned int l = top + 1; l < geo->levels; l++) {
			uint64_t size = dmh_level_size(geo, l), next = DMH_ALIGN_UP(start + 1, size);

			if ((geo->leaf_levels & (1u << l)) && next < stop && end - next >= size) {
				stop = next;
				break; /* the finest larger leaf is the nearest */
			}
		}
		if (nr == max)
			return -ENOSPC;
		runs[nr++] = (struct devmemhp_map_run){ start, stop,
							 geo->leaf_levels & ((2u << top) - 1) };
		start = stop;
	}
	return (int)nr;
}

/*
 * mm/memory_hotplug.c v4.9: zone_for_memory(), the zone Linux 4.9 fixed at
 * add time: ZONE_DEVICE for device memory, ZONE_MOVABLE behind a non-empty
 * movable zone (should_add_memory_movable()), else the architecture's default.
 */
void dmh_zone_for_memory(const struct devmemhp_geometry *geo, struct devmemhp_arch_plan *plan,
			 int (*zone_span)(void *ctx, int nid, enum devmemhp_zone zone,
					  uint64_t *start_pfn, uint64_t *end_pfn),
			 void *ctx, enum devmemhp_zone zone_default)
{
	uint64_t s, e;

	if (plan->flags & DEVICE_MEMORY_DEVICE)
		return; /* ZONE_DEVICE, as the library planned it */
	if (zone_span(ctx, plan->nid, DEVMEMHP_ZONE_MOVABLE, &s, &e) == 0 &&
	    s <= plan->start >> geo->page_shift)
		plan->zone = DEVMEMHP_ZONE_MOVABLE;
	else
		plan->zone = zone_default;
}
