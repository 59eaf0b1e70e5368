/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The machine object: lifecycle, options, reference count, locking. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "accounting.h"
#include "arch.h"
#include "boot.h"
#include "kernel.h"
#include "machine.h"
#include "options.h"
#include "pgtable.h"
#include "private.h"
#include "size.h"
#include "state.h"
#include "txn.h"
#include "zone.h"

DMH_EXPORT const char *devmemhp_version(void)
{
	return DEVMEMHP_VERSION_STRING;
}

static int cmp_boot(const void *a, const void *b)
{
	const struct dmh_boot_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* boot=START-END[@NID][:nomap][;START-END[@NID][:nomap]...] */
static int parse_boot(struct dmh_config *cfg, const char *value)
{
	struct dmh_boot_range *ranges = NULL;
	size_t nr = 0, cap = 0;
	char *copy = dmh_strdup(value), *item, *save = NULL;
	int rc = 0;

	if (!copy)
		return -ENOMEM;
	/* strtok_r() skips empty items: "0-1G;;1G-2G" is a typo, not two ranges */
	if (!*value || *value == ';' || value[strlen(value) - 1] == ';' || strstr(value, ";;"))
		rc = -EINVAL;
	for (item = rc ? NULL : strtok_r(copy, ";", &save); item && !rc;
	     item = strtok_r(NULL, ";", &save)) {
		char *dash = strchr(item, '-'), *at = strchr(item, '@'), *kind = strchr(item, ':');
		unsigned long long nid = 0;
		uint64_t s, e;

		if (!dash || (at && at < dash) || (kind && (kind < dash || (at && kind < at)))) {
			rc = -EINVAL;
			break;
		}
		*dash = '\0';
		if (at)
			*at = '\0';
		if (kind) {
			*kind++ = '\0';
			if (strcmp(kind, "nomap")) {
				rc = -EINVAL;
				break;
			}
		}
		rc = dmh_parse_size(item, &s);
		if (!rc)
			rc = dmh_parse_size(dash + 1, &e);
		if (!rc && at)
			rc = dmh_parse_uint(at + 1, DMH_MAX_NUMNODES - 1, &nid);
		if (!rc && s >= e)
			rc = -EINVAL;
		if (!rc)
			rc = dmh_grow((void **)&ranges, &cap, nr + 1, sizeof(*ranges));
		if (!rc)
			ranges[nr++] = (struct dmh_boot_range){ s, e, (int)nid, kind != NULL };
	}
	dmh_free(copy);
	if (rc) {
		dmh_free(ranges);
		return rc == -ENOMEM ? rc : -EINVAL;
	}
	if (nr > 1)
		qsort(ranges, nr, sizeof(*ranges), cmp_boot);
	dmh_free(cfg->boot);
	cfg->boot = ranges;
	cfg->nr_boot = nr;
	return 0;
}

/* cpu_nodes=LIST: "0", "0-1", "0-1;4" (";" as in boot=, since "," ends the
 * option), or "" for none: the nodes with CPUs (node_states[N_CPU]) */
static int parse_cpu_nodes(struct dmh_config *cfg, const char *value)
{
	uint64_t set[DMH_ARRAY_SIZE(cfg->cpu_nodes)] = { 0 };
	const char *p = value;

	while (*p) {
		unsigned long a, b;
		char *end;

		if (*p < '0' || *p > '9')
			return -EINVAL;
		a = b = strtoul(p, &end, 10);
		if (*end == '-') {
			if (end[1] < '0' || end[1] > '9')
				return -EINVAL;
			b = strtoul(end + 1, &end, 10);
		}
		if (a > b || b >= DMH_MAX_NUMNODES || (*end && *end != ';') || (*end && !end[1]))
			return -EINVAL;
		for (unsigned long n = a; n <= b; n++)
			set[n / 64] |= (uint64_t)1 << (n % 64);
		p = *end ? end + 1 : end;
	}
	memcpy(cfg->cpu_nodes, set, sizeof(set));
	cfg->cpu_nodes_given = true;
	return 0;
}

bool dmh_node_has_cpus(const struct devmemhp_machine *m, int nid)
{
	if (nid < 0 || nid >= DMH_MAX_NUMNODES)
		return false;
	if (m->cfg.cpu_nodes_given)
		return m->cfg.cpu_nodes[nid / 64] >> (nid % 64) & 1;
	/* the default: the nodes with boot memory, as on a machine whose SRAT
	 * gives each socket its memory, and CXL or hotplug nodes none */
	for (size_t i = 0; i < m->cfg.nr_boot; i++)
		if (m->cfg.boot[i].nid == nid)
			return true;
	return false;
}

/* reserved=SIZE[@NID][;SIZE@NID...]: what the kernel holds at boot (the
 * grammar of boot=); without @NID spread over the nodes by their memory */
static int parse_reserved(struct dmh_config *cfg, const char *value)
{
	struct dmh_reserve *list = NULL;
	size_t nr = 0, cap = 0;
	int rc = 0;

	for (const char *p = value; !rc && *p;) {
		const size_t n = strcspn(p, ";");
		unsigned long long nid = 0;
		char item[64], *at;
		uint64_t bytes;

		if (!n || n >= sizeof(item)) {
			rc = -EINVAL;
			break;
		}
		memcpy(item, p, n);
		item[n] = '\0';
		p += n + (p[n] == ';');
		at = strchr(item, '@');
		if (at)
			*at = '\0';
		rc = dmh_parse_size(item, &bytes);
		if (!rc && at)
			rc = dmh_parse_uint(at + 1, DMH_MAX_NUMNODES - 1, &nid);
		if (!rc)
			rc = dmh_grow((void **)&list, &cap, nr + 1, sizeof(*list));
		if (!rc)
			list[nr++] = (struct dmh_reserve){ bytes, at ? (int)nid : -1 };
	}
	if (rc || !nr) {
		dmh_free(list);
		return rc == -ENOMEM ? rc : -EINVAL;
	}
	dmh_free(cfg->reserve);
	cfg->reserve = list;
	cfg->nr_reserve = nr;
	return 0;
}

/* kernel=A.B: one of the versions the backend models */
static int set_kernel(struct devmemhp_machine *m, const char *value, char *why, size_t whylen)
{
	const struct dmh_kernel *k = NULL;
	unsigned int v;
	const char *end;
	char list[128];

	if (!dmh_kernel_parse(value, &v, &end) && !*end)
		k = dmh_kernel_of_arch(m->arch, v);
	if (!k) {
		dmh_kernel_list(m->arch, list, sizeof(list));
		snprintf(why, whylen, "%s models Linux %s", m->arch->name, list);
		return -EINVAL;
	}
	m->kernel = k;
	m->geo.kernel = k->version;
	snprintf(m->kernel_why, sizeof(m->kernel_why), "kernel=%s", k->name);
	return 0;
}

static int set_levels(struct devmemhp_machine *m, const char *value)
{
	unsigned long long n;
	int rc = dmh_parse_uint(value, DEVMEMHP_MAX_LEVELS, &n);

	if (!rc && n < 2)
		rc = -EINVAL;
	if (!rc)
		m->geo.levels = (unsigned int)n;
	return rc;
}

static int set_phys_bits(struct devmemhp_machine *m, const char *value)
{
	unsigned long long n;
	int rc = dmh_parse_uint(value, 64, &n);

	if (!rc)
		m->geo.phys_bits = (unsigned int)n;
	return rc;
}

/* a power of two here; its bounds depend on the other options and are
 * checked once all are in (dmh_block_size_check()) */
static int set_block_size(struct devmemhp_machine *m, const char *value)
{
	uint64_t size;
	int rc = dmh_parse_size(value, &size);

	if (!rc && (!size || (size & (size - 1))))
		rc = -EINVAL;
	if (!rc)
		m->geo.block_size = size;
	return rc;
}

static int set_boot(struct devmemhp_machine *m, const char *value)
{
	return parse_boot(&m->cfg, value);
}

static int set_reserved(struct devmemhp_machine *m, const char *value)
{
	return parse_reserved(&m->cfg, value);
}

static int set_nodes(struct devmemhp_machine *m, const char *value)
{
	unsigned long long n;
	int rc = dmh_parse_uint(value, DMH_MAX_NUMNODES, &n);

	if (!rc && !n)
		rc = -EINVAL;
	if (!rc)
		m->cfg.nodes = (unsigned int)n;
	return rc;
}

static int set_cpu_nodes(struct devmemhp_machine *m, const char *value)
{
	return parse_cpu_nodes(&m->cfg, value);
}

static int set_online(struct devmemhp_machine *m, const char *value)
{
	int rc = dmh_parse_online_type(value, &m->cfg.online_type);

	if (!rc)
		m->cfg.online_given = true;
	return rc;
}

static int set_online_policy(struct devmemhp_machine *m, const char *value)
{
	if (strcmp(value, "contig-zones") == 0)
		m->cfg.online_policy = DMH_POLICY_CONTIG_ZONES;
	else if (strcmp(value, "auto-movable") == 0)
		m->cfg.online_policy = DMH_POLICY_AUTO_MOVABLE;
	else
		return -EINVAL;
	return 0;
}

static int set_auto_movable_ratio(struct devmemhp_machine *m, const char *value)
{
	unsigned long long n;
	int rc = dmh_parse_uint(value, UINT32_MAX, &n);

	if (!rc)
		m->cfg.auto_movable_ratio = (unsigned int)n;
	return rc;
}

static int set_auto_movable_numa_aware(struct devmemhp_machine *m, const char *value)
{
	return dmh_parse_bool(value, &m->cfg.auto_movable_numa_aware);
}

static int set_movable_node(struct devmemhp_machine *m, const char *value)
{
	return dmh_parse_bool(value, &m->cfg.movable_node);
}

/* v6.12 set_memmap_mode(): "force" (or "FORCE"), else a bool; that the
 * kernel knows force is checked once kernel= is in */
static int set_memmap_on_memory(struct devmemhp_machine *m, const char *value)
{
	bool on;

	if (!strcmp(value, "force") || !strcmp(value, "FORCE")) {
		m->cfg.memmap_on_memory = DMH_MOM_FORCE;
		return 0;
	}
	if (dmh_parse_bool(value, &on))
		return -EINVAL;
	m->cfg.memmap_on_memory = on ? DMH_MOM_ON : DMH_MOM_OFF;
	return 0;
}

static int set_hypervisor(struct devmemhp_machine *m, const char *value)
{
	return dmh_parse_bool(value, &m->cfg.hypervisor);
}

static int set_zone_device(struct devmemhp_machine *m, const char *value)
{
	return dmh_parse_bool(value, &m->cfg.zone_device);
}

/* The generic keys; a backend's configure() hook has its own before them. */
static const struct option_key {
	const char *name;
	int (*set)(struct devmemhp_machine *m, const char *value);
	bool runtime; /* machine_set_option() takes it: sysfs auto_online_blocks and
		       * the 0644 parameters of memory_hotplug */
} option_keys[] = {
	{ "levels", set_levels, false },
	{ "phys_bits", set_phys_bits, false },
	{ "block_size", set_block_size, false },
	{ "boot", set_boot, false },
	{ "reserved", set_reserved, false },
	{ "nodes", set_nodes, false },
	{ "cpu_nodes", set_cpu_nodes, false },
	{ "online", set_online, true },
	{ "online_policy", set_online_policy, true },
	{ "auto_movable_ratio", set_auto_movable_ratio, true },
	{ "auto_movable_numa_aware", set_auto_movable_numa_aware, true },
	{ "movable_node", set_movable_node, false },
	{ "memmap_on_memory", set_memmap_on_memory, false },
	{ "kernel", NULL, false }, /* set_kernel(): it has a reason to give */
	{ "hypervisor", set_hypervisor, false },
	{ "zone_device", set_zone_device, false },
};

static const struct option_key *option_key(const char *key)
{
	for (size_t i = 0; i < DMH_ARRAY_SIZE(option_keys); i++)
		if (!strcmp(key, option_keys[i].name))
			return &option_keys[i];
	return NULL;
}

/* One option at machine_new(): the backend's keys first, then the generic. */
static int apply_option(void *ctx, const char *key, const char *value, char *why, size_t whylen)
{
	struct devmemhp_machine *m = ctx;
	const struct option_key *k;
	int rc;

	if (m->arch->configure) {
		rc = m->arch->configure(&m->geo, key, value);
		if (rc != -ENOENT)
			return rc;
	}
	k = option_key(key);
	if (!k)
		return -ENOENT;
	return k->set ? k->set(m, value) : set_kernel(m, value, why, whylen);
}

static int apply_options(struct devmemhp_machine *m, const char *who, const char *options)
{
	const struct dmh_option_ctx oc = { who, m->arch->name, apply_option, m };

	return dmh_options_apply(NULL, &oc, options);
}

/* Memory kept out of the linear map is no RAM to run on. */
static bool all_nomap(const struct dmh_config *cfg)
{
	for (size_t i = 0; i < cfg->nr_boot; i++)
		if (!cfg->boot[i].nomap)
			return false;
	return true;
}

/* The block size once all options are in; arch NULL: a backend whose
 * kernel names no bound. */
static int block_size_refused(const struct devmemhp_machine *m, const char *who,
			      const struct devmemhp_arch *arch, uint64_t size)
{
	char why[DMH_WHY_LEN];

	if (!dmh_block_size_check(arch, &m->geo, size, why, sizeof(why)))
		return 0;
	return dmh_err(NULL, -EINVAL, "%s: block_size: %s", who, why);
}

/* Settings that depend on each other, once all options are in. */
static int validate_config(struct devmemhp_machine *m)
{
	const struct dmh_config *cfg = &m->cfg;
	uint64_t top = m->geo.phys_bits >= 64 ? UINT64_MAX : (uint64_t)1 << m->geo.phys_bits;
	const char *limit = "phys_bits";
	char why[256];

	if (m->geo.block_size && block_size_refused(m, "machine_new", m->arch, m->geo.block_size))
		return -EINVAL;
	if (dmh_geometry_validate(&m->geo, why, sizeof(why)))
		return dmh_err(NULL, -EINVAL, "machine_new: %s: %s", m->arch->name, why);
	if (!cfg->nr_boot || all_nomap(cfg))
		return dmh_err(NULL, -EINVAL, "machine_new: boot: a machine needs boot RAM%s",
			       cfg->nr_boot ? " that is not all nomap" : "");
	if (m->kernel->zones_at_add && cfg->online_type != DMH_MMOP_OFFLINE &&
	    cfg->online_type != DMH_MMOP_ONLINE) /* v4.9 memhp_auto_online is a bool */
		return dmh_err(NULL, -EINVAL, "machine_new: online=%s: Linux %s's auto_online_blocks "
			       "takes online or offline", dmh_online_type_name(cfg->online_type),
			       m->kernel->name);
	if (cfg->zone_device && !(m->arch->caps & DEVMEMHP_ARCH_CAP_DEVICE))
		return dmh_err(NULL, -EINVAL, "machine_new: zone_device=1: %s has no ZONE_DEVICE",
			       m->arch->name);
	/* boot RAM lives below MAX_PHYSMEM_BITS and in the linear map (or, on
	 * an architecture with highmem, beyond it) */
	if (m->geo.max_physmem_bits < 64 && ((uint64_t)1 << m->geo.max_physmem_bits) < top) {
		top = (uint64_t)1 << m->geo.max_physmem_bits;
		limit = "max_physmem_bits";
	}
	if ((m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP) && !m->geo.zone_highmem_start &&
	    m->geo.linear_size < top - m->geo.phys_offset) {
		top = m->geo.phys_offset + m->geo.linear_size;
		limit = "the linear map";
	}
	for (size_t i = 0; i < cfg->nr_boot; i++) {
		const struct dmh_boot_range *b = &cfg->boot[i];

		if ((m->arch->caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP) && b->start < m->geo.phys_offset)
			return dmh_err(NULL, -EINVAL, "machine_new: boot: %#llx-%#llx is below "
				       "PHYS_OFFSET %#llx", (unsigned long long)b->start,
				       (unsigned long long)b->end,
				       (unsigned long long)m->geo.phys_offset);
		if (b->end > top)
			return dmh_err(NULL, -EINVAL,
				       "machine_new: boot: %#llx-%#llx is beyond %s (%#llx, phys_bits=%u)",
				       (unsigned long long)b->start, (unsigned long long)b->end, limit,
				       (unsigned long long)top, m->geo.phys_bits);
		if (b->nid >= (int)cfg->nodes)
			return dmh_err(NULL, -EINVAL, "machine_new: boot: node %d, but nodes=%u",
				       b->nid, cfg->nodes);
		if (i && b->start < cfg->boot[i - 1].end)
			return dmh_err(NULL, -EINVAL, "machine_new: boot: %#llx-%#llx overlaps %#llx-%#llx",
				       (unsigned long long)b->start, (unsigned long long)b->end,
				       (unsigned long long)cfg->boot[i - 1].start,
				       (unsigned long long)cfg->boot[i - 1].end);
		if (DMH_ALIGN_UP(b->start, dmh_page_size(m)) >= DMH_ALIGN_DOWN(b->end, dmh_page_size(m)))
			return dmh_err(NULL, -EINVAL, "machine_new: boot: %#llx-%#llx holds no whole page",
				       (unsigned long long)b->start, (unsigned long long)b->end);
	}
	for (unsigned int n = cfg->nodes; cfg->cpu_nodes_given && n < DMH_MAX_NUMNODES; n++)
		if (cfg->cpu_nodes[n / 64] >> (n % 64) & 1)
			return dmh_err(NULL, -EINVAL, "machine_new: cpu_nodes: node %u, but nodes=%u",
				       n, cfg->nodes);
	for (size_t i = 0; i < cfg->nr_reserve; i++)
		if (cfg->reserve[i].nid >= (int)cfg->nodes)
			return dmh_err(NULL, -EINVAL, "machine_new: reserved: node %d, but nodes=%u",
				       cfg->reserve[i].nid, cfg->nodes);
	if (!dmh_kernel_image_fits(m))
		return dmh_err(NULL, -EINVAL, "machine_new: kernel_image: %#llx-%#llx is not inside "
			       "one boot RAM range the linear map reaches",
			       (unsigned long long)m->geo.kernel_image_start,
			       (unsigned long long)m->geo.kernel_image_end);
	if (m->geo.block_size)
		m->block_size = m->geo.block_size;
	else if (m->arch->probe_block_size)
		m->block_size = m->arch->probe_block_size(&m->geo, m->boot_mem_end, cfg->hypervisor);
	else
		m->block_size = dmh_section_size(m);
	if (block_size_refused(m, "machine_new", m->arch, m->block_size)) /* a probe hook's */
		return -EINVAL;
	return 0;
}

/* A machine of m->arch before any option. */
static int machine_defaults(struct devmemhp_machine *m)
{
	m->geo = *m->arch->geometry;
	m->kernel = dmh_kernel_default(m->arch);
	if (!m->kernel)
		return -EINVAL;
	m->geo.kernel = m->kernel->version;
	snprintf(m->kernel_why, sizeof(m->kernel_why), "the %s backend's default", m->arch->name);
	m->cfg.nodes = 1;
	m->cfg.online_type = -1; /* the kernel's default, unless online= says */
	m->cfg.online_policy = DMH_POLICY_CONTIG_ZONES;
	m->cfg.auto_movable_ratio = 301;
	m->cfg.auto_movable_numa_aware = true;
	m->cfg.zone_device = (m->arch->caps & DEVMEMHP_ARCH_CAP_DEVICE) != 0;
	return 0;
}

/*
 * arch_register(): each default option through the grammar and value checks
 * of machine_new(), then the geometry they give and its block size in its
 * bounds.  What may depend on the user's options (boot RAM, nodes, a
 * configure(NULL) that refuses) is left to machine_new().
 */
int dmh_default_options_check(const struct devmemhp_arch *arch)
{
	const size_t len = strlen(arch->name) + sizeof("arch_register: : default_options");
	struct devmemhp_machine *m = dmh_calloc(1, sizeof(*m));
	char *who = dmh_calloc(1, len), why[256];
	int rc = 0;

	if (!m || !who)
		rc = dmh_err(NULL, -ENOMEM, "arch_register: %s: out of memory", arch->name);
	if (!rc) {
		snprintf(who, len, "arch_register: %s: default_options", arch->name);
		m->arch = arch;
		rc = machine_defaults(m); /* the kernel list was checked before */
	}
	if (!rc)
		rc = apply_options(m, who, arch->default_options);
	/* the geometry as configure(NULL) derives it; if that refuses these
	 * defaults alone, the user's options may yet mend them */
	if (rc || (arch->configure && arch->configure(&m->geo, NULL, NULL)))
		goto out;
	if (m->geo.block_size)
		rc = block_size_refused(m, who, NULL, m->geo.block_size); /* no kernel's bound */
	if (!rc && dmh_geometry_validate(&m->geo, why, sizeof(why)))
		rc = dmh_err(NULL, -EINVAL, "%s: %s", who, why);
out:
	if (m) {
		dmh_free(m->cfg.boot);
		dmh_free(m->cfg.reserve);
	}
	dmh_free(m);
	dmh_free(who);
	return rc;
}

static void machine_free(struct devmemhp_machine *m)
{
	dmh_state_free(m->st);
	dmh_state_free(m->shadow);
	pt_put(m->spent_memo.root);
	pt_cache_free(m->ptcache);
	if (m->arch)
		dmh_arch_put(m->arch);
	dmh_free(m->cfg.boot);
	dmh_free(m->cfg.reserve);
	dmh_lock_destroy(m);
	pthread_mutex_destroy(&m->write_lock);
	dmh_free(m);
}

DMH_EXPORT int devmemhp_machine_new(const char *arch, const char *options,
				    struct devmemhp_machine **out)
{
	struct devmemhp_machine *m;
	int rc;

	if (!out)
		return dmh_err(NULL, -EINVAL, "machine_new: out is NULL");
	*out = NULL;
	if (!arch)
		arch = "x86_64";
	m = dmh_calloc(1, sizeof(*m));
	if (!m)
		return dmh_err(NULL, -ENOMEM, "machine_new: out of memory");
	static atomic_uint_fast64_t next_id = 1;

	atomic_init(&m->refs, 1);
	m->id = atomic_fetch_add(&next_id, 1);
	dmh_log_init(&m->log);
	pthread_mutex_init(&m->write_lock, NULL);
	dmh_lock_init(m);
	if (dmh_arch_get(arch, &m->arch)) {
		m->arch = NULL;
		machine_free(m);
		return dmh_err(NULL, -ENOENT, "machine_new: no architecture backend named %s", arch);
	}
	if (machine_defaults(m)) { /* registration checked the list */
		machine_free(m);
		return dmh_err(NULL, -EINVAL, "machine_new: %s models no kernel", arch);
	}
	/* registration took the defaults: a failure here is the user's */
	rc = apply_options(m, "machine_new", m->arch->default_options);
	if (!rc)
		rc = apply_options(m, "machine_new", options);
	if (!rc && m->cfg.online_type < 0)
		m->cfg.online_type = m->kernel->default_online_type;
	if (!rc && m->arch->configure && m->arch->configure(&m->geo, NULL, NULL))
		rc = dmh_err(NULL, -EINVAL, "machine_new: %s rejects this set of options",
			     m->arch->name);
	if (!rc) {
		m->boot_mem_end = dmh_boot_mem_end(m);
		rc = validate_config(m);
	}
	if (!rc) {
		m->ptcache = pt_cache_new();
		rc = m->ptcache ? dmh_boot(m, &m->st) : -ENOMEM;
		if (rc == -EDOM) /* reserved= holds more than the node has: said */
			rc = -EINVAL;
		else if (rc == -ENOMEM)
			rc = dmh_err(NULL, rc, "machine_new: out of memory while booting");
		else if (rc) /* a backend's boot_map or split refused the boot RAM */
			rc = dmh_err(NULL, rc, "machine_new: %s: the boot RAM cannot be mapped: %s",
				     m->arch->name, strerror(-rc));
	}
	if (rc) {
		machine_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

DMH_EXPORT struct devmemhp_machine *devmemhp_machine_ref(struct devmemhp_machine *m)
{
	if (m)
		atomic_fetch_add(&m->refs, 1);
	return m;
}

DMH_EXPORT struct devmemhp_machine *devmemhp_machine_unref(struct devmemhp_machine *m)
{
	if (!m)
		return NULL;
	if (atomic_fetch_sub(&m->refs, 1) > 1)
		return m;
	machine_free(m);
	return NULL;
}

DMH_EXPORT const char *devmemhp_machine_arch(const struct devmemhp_machine *m)
{
	return m ? m->arch->name : NULL;
}

DMH_EXPORT int devmemhp_machine_get_geometry(const struct devmemhp_machine *m,
					     struct devmemhp_geometry *geo)
{
	struct devmemhp_geometry g;
	int rc;

	/* an import changes the geometry: read it as queries read the state */
	rc = dmh_api_enter(m, "machine_get_geometry", DMH_API_SIZED(geo, "geo"), DMH_API_READ);
	if (rc)
		return rc;
	g = m->geo;
	g.block_size = m->block_size;
	dmh_api_leave(m, DMH_API_READ);
	dmh_copy_sized(geo, &g, sizeof(g));
	return 0;
}

/* One option after boot: a runtime key in the generic table; any other key
 * the backend or the table knows is boot-only. */
static int set_runtime_option(void *ctx, const char *key, const char *value, char *why,
			      size_t whylen)
{
	struct devmemhp_machine *m = ctx;
	const struct option_key *k = option_key(key);
	struct dmh_txn t;
	int rc;

	(void)why;
	(void)whylen;
	if (!k || !k->runtime) {
		struct devmemhp_geometry scratch = m->geo;

		if (!k && (!m->arch->configure || m->arch->configure(&scratch, key, value) == -ENOENT))
			return -ENOENT;
		return -EPERM;
	}
	dmh_writer_lock(m);
	dmh_txn_begin_settings(m, &t);
	rc = k->set(m, value);
	/* v4.9 auto_online_blocks_store(): "online" or "offline" */
	if (!rc && m->kernel->zones_at_add && m->cfg.online_type != DMH_MMOP_OFFLINE &&
	    m->cfg.online_type != DMH_MMOP_ONLINE)
		rc = -EINVAL;
	if (rc)
		dmh_txn_abort(&t);
	else
		dmh_txn_commit(&t);
	dmh_writer_unlock(m);
	return rc;
}

DMH_EXPORT int devmemhp_machine_set_option(struct devmemhp_machine *m, const char *key,
					   const char *value)
{
	struct dmh_option_ctx oc = { "machine_set_option", NULL, set_runtime_option, m };

	if (!m || !key || !value)
		return dmh_err(m, -EINVAL, "machine_set_option: %s is NULL",
			       !m ? "machine" : !key ? "key" : "value");
	oc.arch = m->arch->name;
	return dmh_option_apply(m, &oc, key, value);
}
