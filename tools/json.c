/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * --json: the views, statistics and plans as JSON objects, built with json-c
 * from the library's structured access (the schema is in devmemhp-json(5)).
 */
#include <string.h>

#include "tool.h"

/* {"version": "6.12", "code": 396288, "why": "..."} */
json_object *json_kernel(const struct devmemhp_kernel *k)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "version", json_object_new_string(k->name));
	json_object_object_add(o, "code", json_object_new_int64(k->version));
	json_object_object_add(o, "why", json_object_new_string(k->why));
	return o;
}

json_object *json_u64(uint64_t v)
{
	return json_object_new_uint64(v);
}

static void put(json_object *o, const char *key, json_object *v)
{
	json_object_object_add(o, key, v);
}

static json_object *zone_json(enum devmemhp_zone z)
{
	const char *name = devmemhp_zone_name(z);

	return name ? json_object_new_string(name) : NULL;
}

struct bit_name {
	unsigned int bit;
	const char *name;
};

/* The names of the bits set in bits, as an array of strings. */
static json_object *bits_json(unsigned int bits, const struct bit_name *names, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		if (bits & names[i].bit)
			json_object_array_add(a, json_object_new_string(names[i].name));
	return a;
}

static int res_fn(const struct devmemhp_resource *r, void *data)
{
	json_object *o = json_object_new_object();

	put(o, "start", json_u64(r->start));
	put(o, "end", json_u64(r->end));
	put(o, "name", json_object_new_string(r->name));
	put(o, "depth", json_object_new_int((int)r->depth));
	put(o, "busy", json_object_new_boolean(r->flags & DEVMEMHP_RES_BUSY));
	put(o, "system_ram", json_object_new_boolean(r->flags & DEVMEMHP_RES_SYSTEM_RAM));
	put(o, "driver_managed", json_object_new_boolean(r->flags & DEVMEMHP_RES_DRIVER_MANAGED));
	put(o, "desc", json_object_new_int((int)r->desc));
	json_object_array_add(data, o);
	return 0;
}

struct blocks_ctx {
	const struct devmemhp_machine *m;
	json_object *a;
};

static int block_fn(const struct devmemhp_memory_block *b, void *data)
{
	struct blocks_ctx *c = data;
	json_object *o = json_object_new_object(), *vz = json_object_new_array();

	put(o, "id", json_u64(b->id));
	put(o, "start", json_u64(b->start));
	put(o, "online", json_object_new_boolean(b->online));
	put(o, "node", json_object_new_int(b->nid));
	put(o, "zone", zone_json(b->zone));
	/* sysfs says "none" for a block spanning zones: no name here, and
	 * "zones" names the zones its pages are in */
	for (unsigned int i = 0; i < b->nr_valid_zones; i++)
		if (devmemhp_zone_name(b->valid_zones[i]))
			json_object_array_add(vz, zone_json(b->valid_zones[i]));
	put(o, "valid_zones", vz);
	put(o, "zones", tool_zones_json(tool_block_zones(c->m, b)));
	put(o, "removable", json_object_new_boolean(b->removable));
	put(o, "memmap_pages", json_u64(b->nr_vmemmap_pages));
	put(o, "early", json_object_new_boolean(b->early));
	put(o, "group", json_u64(b->group));
	json_object_array_add(c->a, o);
	return 0;
}

static int zone_fn(const struct devmemhp_zone_info *z, void *data)
{
	json_object *o = json_object_new_object();

	put(o, "node", json_object_new_int(z->nid));
	put(o, "zone", zone_json(z->zone));
	put(o, "start_pfn", json_u64(z->start_pfn));
	put(o, "spanned", json_u64(z->spanned));
	put(o, "present", json_u64(z->present));
	put(o, "present_early", json_u64(z->present_early));
	put(o, "managed", json_u64(z->managed));
	json_object_array_add(data, o);
	return 0;
}

static int map_fn(const struct devmemhp_mapping *r, void *data)
{
	static const struct bit_name prots[] = {
		{ DEVMEMHP_PROT_RW, "rw" },       { DEVMEMHP_PROT_NX, "nx" },
		{ DEVMEMHP_PROT_GLOBAL, "global" }, { DEVMEMHP_PROT_PCD, "uncached" },
		{ DEVMEMHP_PROT_ENC, "encrypted" }, { DEVMEMHP_PROT_ALTMAP, "altmap" },
		{ DEVMEMHP_PROT_SHARED, "shared" },
	};
	json_object *o = json_object_new_object();

	put(o, "va", json_u64(r->va));
	put(o, "va_end", json_u64(r->va_end));
	if (r->pa != UINT64_MAX)
		put(o, "pa", json_u64(r->pa));
	put(o, "page_size", json_u64((uint64_t)1 << r->page_shift));
	put(o, "pages", json_u64((r->va_end - r->va) >> r->page_shift));
	put(o, "prot", bits_json(r->prot, prots, sizeof(prots) / sizeof(prots[0])));
	json_object_array_add(data, o);
	return 0;
}

struct caps_ctx {
	const char *name;
	unsigned int caps;
};

static int caps_fn(const struct devmemhp_arch *a, void *data)
{
	struct caps_ctx *c = data;

	if (strcmp(a->name, c->name) == 0)
		c->caps = a->caps;
	return 0;
}

/* The DirectMap lines as numbers: leaf size and kB, from the statistics. */
static json_object *meminfo_json(struct devmemhp_machine *m)
{
	struct devmemhp_stats s = { .size = sizeof(s) };
	struct devmemhp_geometry g = { .size = sizeof(g) };
	struct caps_ctx c = { devmemhp_machine_arch(m), 0 };
	json_object *o = json_object_new_object(), *dm = json_object_new_array();
	unsigned int shift;

	devmemhp_get_stats(m, &s);
	devmemhp_machine_get_geometry(m, &g);
	devmemhp_arch_foreach(caps_fn, &c);
	put(o, "MemTotal_kB", json_u64(s.managed_bytes >> 10));
	put(o, "MemFree_kB", json_u64(s.free_bytes >> 10));
	shift = g.page_shift;
	for (unsigned int l = 0; l < g.levels; shift += g.level_bits[l], l++) {
		json_object *line;

		if (!(c.caps & DEVMEMHP_ARCH_CAP_LINEAR_MAP) || !(g.directmap_levels & (1u << l)))
			continue;
		line = json_object_new_object();
		put(line, "page_size", json_u64((uint64_t)1 << shift));
		put(line, "kB", json_u64(s.direct_map_bytes[l] >> 10));
		json_object_array_add(dm, line);
	}
	put(o, "DirectMap", dm);
	return o;
}

json_object *json_view(struct devmemhp_machine *m, enum devmemhp_view v)
{
	json_object *a, *b, *o;

	switch (v) {
	case DEVMEMHP_VIEW_IOMEM:
		a = json_object_new_array();
		devmemhp_resource_foreach(m, res_fn, a);
		return a;
	case DEVMEMHP_VIEW_MEMINFO:
		return meminfo_json(m);
	case DEVMEMHP_VIEW_MEMORY_BLOCKS: {
		struct blocks_ctx c = { m, json_object_new_array() };

		devmemhp_memory_block_foreach(m, block_fn, &c);
		return c.a;
	}
	case DEVMEMHP_VIEW_ZONEINFO:
		a = json_object_new_array();
		devmemhp_zone_foreach(m, zone_fn, a);
		return a;
	default:
		o = json_object_new_object();
		a = json_object_new_array();
		b = json_object_new_array();
		devmemhp_mapping_foreach(m, DEVMEMHP_MAP_LINEAR, map_fn, a);
		devmemhp_mapping_foreach(m, DEVMEMHP_MAP_VMEMMAP, map_fn, b);
		put(o, "linear", a);
		put(o, "vmemmap", b);
		return o;
	}
}

static json_object *levels_json(const uint64_t *v)
{
	json_object *a = json_object_new_array();

	for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++)
		json_object_array_add(a, json_u64(v[l]));
	return a;
}

static json_object *deltas_json(const int64_t *v)
{
	json_object *a = json_object_new_array();

	for (int l = 0; l < DEVMEMHP_MAX_LEVELS; l++)
		json_object_array_add(a, json_object_new_int64(v[l]));
	return a;
}

json_object *json_stats(const struct devmemhp_stats *s)
{
	json_object *o = json_object_new_object();

	put(o, "direct_map_bytes", levels_json(s->direct_map_bytes));
	put(o, "direct_map_leaves", levels_json(s->direct_map_leaves));
	put(o, "direct_map_table_pages", levels_json(s->direct_map_table_pages));
	put(o, "vmemmap_table_pages", levels_json(s->vmemmap_table_pages));
	put(o, "memmap_bytes", json_u64(s->memmap_bytes));
	put(o, "memmap_altmap_bytes", json_u64(s->memmap_altmap_bytes));
	put(o, "present_bytes", json_u64(s->present_bytes));
	put(o, "online_bytes", json_u64(s->online_bytes));
	put(o, "managed_bytes", json_u64(s->managed_bytes));
	put(o, "device_bytes", json_u64(s->device_bytes));
	put(o, "unaddressable_bytes", json_u64(s->unaddressable_bytes));
	put(o, "memory_blocks", json_u64(s->memory_blocks));
	put(o, "memory_blocks_online", json_u64(s->memory_blocks_online));
	put(o, "block_size", json_u64(s->block_size));
	put(o, "max_pfn", json_u64(s->max_pfn));
	put(o, "high_memory", json_u64(s->high_memory));
	put(o, "ranges", json_object_new_int((int)s->ranges));
	put(o, "free_bytes", json_u64(s->free_bytes));
	return o;
}

json_object *json_nodes(struct devmemhp_machine *m)
{
	struct devmemhp_node_info ni = { .size = sizeof(ni) };
	json_object *a = json_object_new_array();

	for (int nid = 0; devmemhp_node_info_get(m, nid, &ni) == 0; nid++) {
		json_object *o = json_object_new_object(), *zones = json_object_new_array();

		put(o, "nid", json_object_new_int(nid));
		put(o, "online", json_object_new_boolean(ni.online));
		for (int z = DEVMEMHP_ZONE_DMA; z <= DEVMEMHP_ZONE_DEVICE; z++)
			if (ni.zones & (1u << z))
				json_object_array_add(zones, zone_json((enum devmemhp_zone)z));
		put(o, "zones", zones);
		put(o, "present_bytes", json_u64(ni.present_bytes));
		put(o, "managed_bytes", json_u64(ni.managed_bytes));
		put(o, "free_bytes", json_u64(ni.free_bytes));
		put(o, "reserved_bytes", json_u64(ni.reserved_bytes));
		put(o, "memmap_bytes", json_u64(ni.memmap_bytes));
		put(o, "page_table_bytes", json_u64(ni.page_table_bytes));
		put(o, "device_bytes", json_u64(ni.device_bytes));
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *blockers_json(unsigned int b)
{
	static const struct bit_name names[] = {
		{ DEVMEMHP_BLOCKER_ONLINE, "online" },
		{ DEVMEMHP_BLOCKER_UNMOVABLE, "unmovable" },
		{ DEVMEMHP_BLOCKER_KERNEL_ZONE, "kernel_zone" },
		{ DEVMEMHP_BLOCKER_MEMMAP, "memmap_on_memory" },
		{ DEVMEMHP_BLOCKER_NO_REMOVE, "no_remove" },
	};

	return bits_json(b, names, sizeof(names) / sizeof(names[0]));
}

json_object *json_plan(const struct devmemhp_plan *p, bool remove)
{
	json_object *o = json_object_new_object(), *runs = json_object_new_array();
	json_object *warn = json_object_new_array();

	put(o, "operation", json_object_new_string(remove ? "remove" : "add"));
	put(o, "result", json_object_new_int(p->result));
	if (p->result) {
		put(o, "error", json_object_new_string(tool_errno_name(p->result)));
		put(o, "reason", json_object_new_string(p->reason));
	}
	put(o, "granule", json_u64(p->granule));
	put(o, "usable_start", json_u64(p->usable_start));
	put(o, "usable_end", json_u64(p->usable_end));
	put(o, "lost_head", json_u64(p->lost_head));
	put(o, "lost_tail", json_u64(p->lost_tail));
	put(o, "cover_start", json_u64(p->cover_start));
	put(o, "cover_end", json_u64(p->cover_end));
	put(o, "direct_map_leaves", deltas_json(p->direct_map_leaves));
	put(o, "direct_map_table_pages", deltas_json(p->direct_map_table_pages));
	put(o, "vmemmap_table_pages", deltas_json(p->vmemmap_table_pages));
	put(o, "memmap_bytes", json_object_new_int64(p->memmap_bytes));
	put(o, "memmap_altmap_bytes", json_object_new_int64(p->memmap_altmap_bytes));
	put(o, "managed_bytes", json_object_new_int64(p->managed_bytes));
	put(o, "nid", json_object_new_int(p->nid));
	if (!remove) {
		put(o, "memmap_on_memory", json_object_new_boolean(p->memmap_on_memory));
		if (p->memmap_on_memory_why[0])
			put(o, "memmap_on_memory_why", json_object_new_string(p->memmap_on_memory_why));
		if (!p->result) {
			put(o, "removable", json_object_new_string(tool_removable_name(p->removable)));
			put(o, "removable_why", json_object_new_string(p->removable_why));
		}
	}
	put(o, "blocks", json_u64(p->nr_blocks));
	for (unsigned int i = 0; i < p->nr_runs; i++) {
		json_object *r = json_object_new_object();

		put(r, "first", json_u64(p->runs[i].first));
		put(r, "count", json_u64(p->runs[i].count));
		put(r, "online", json_object_new_boolean(p->runs[i].online));
		put(r, "zone", zone_json(p->runs[i].zone));
		if (p->zone_why[i][0])
			put(r, "zone_why", json_object_new_string(p->zone_why[i]));
		if (remove)
			put(r, "blockers", blockers_json(p->runs[i].blockers));
		json_object_array_add(runs, r);
	}
	put(o, "runs", runs);
	if (remove) {
		put(o, "blockers", blockers_json(p->blockers));
		put(o, "offline_result", json_object_new_int(p->offline_result));
		/* the answer the text headlines: remove after offlining succeeds */
		put(o, "remove_after_offline", json_object_new_boolean(tool_remove_after_offline(p)));
	}
	put(o, "movable_bytes", json_u64(p->movable_bytes));
	put(o, "kernel_early_bytes", json_u64(p->kernel_early_bytes));
	put(o, "movable_percent", json_u64(p->movable_percent));
	put(o, "auto_movable_ratio", json_u64(p->auto_movable_ratio));
	put(o, "online_policy", json_object_new_string(p->online_policy == DEVMEMHP_POLICY_AUTO_MOVABLE
							    ? "auto-movable" : "contig-zones"));
	if (p->balance_why[0])
		put(o, "balance_why", json_object_new_string(p->balance_why));
	put(o, "node_kernel_bytes", json_u64(p->node_kernel_bytes));
	put(o, "node_movable_bytes", json_u64(p->node_movable_bytes));
	put(o, "node_kernel_early_bytes", json_u64(p->node_kernel_early_bytes));
	put(o, "node_movable_percent", json_u64(p->node_movable_percent));
	put(o, "node_has_cpus", json_object_new_boolean(p->node_has_cpus));
	{
		json_object *payers = json_object_new_array();

		for (unsigned int i = 0; i < p->nr_payers; i++) {
			json_object *y = json_object_new_object();

			put(y, "nid", json_object_new_int(p->payers[i].nid));
			put(y, "bytes", json_object_new_int64(p->payers[i].bytes));
			put(y, "free_after", json_u64(p->payers[i].free_after));
			json_object_array_add(payers, y);
		}
		put(o, "payers", payers);
		put(o, "free_bytes", json_object_new_int64(p->free_bytes));
		if (p->kernel_leaves_bytes)
			put(o, "kernel_leaves_bytes", json_u64(p->kernel_leaves_bytes));
	}
	if (p->warnings & DEVMEMHP_PLAN_WARN_RATIO)
		json_object_array_add(warn, json_object_new_string("ratio"));
	if (p->warnings & DEVMEMHP_PLAN_WARN_NODE)
		json_object_array_add(warn, json_object_new_string("node_without_kernel_memory"));
	if (p->warnings & DEVMEMHP_PLAN_WARN_TRUNCATED)
		json_object_array_add(warn, json_object_new_string("runs_truncated"));
	put(o, "warnings", warn);
	return o;
}

/* The blocks of [start, start + size): how many, and how many in each zone. */
json_object *json_zones(struct devmemhp_machine *m, uint64_t start, uint64_t size)
{
	struct devmemhp_stats s = { .size = sizeof(s) };
	json_object *o = json_object_new_object(), *zones = json_object_new_object();
	uint64_t count = 0, by_zone[DEVMEMHP_ZONE_NONE + 1] = { 0 };

	devmemhp_get_stats(m, &s);
	for (uint64_t id = start / s.block_size; id < (start + size) / s.block_size; id++) {
		struct devmemhp_memory_block b = { .size = sizeof(b) };

		if (devmemhp_memory_block_get(m, id, &b) || (unsigned int)b.zone > DEVMEMHP_ZONE_NONE)
			continue;
		count++;
		by_zone[b.zone]++;
	}
	for (unsigned int z = 0; z <= DEVMEMHP_ZONE_NONE; z++)
		if (by_zone[z])
			put(zones, tool_zone_name((enum devmemhp_zone)z), json_u64(by_zone[z]));
	put(o, "count", json_u64(count));
	put(o, "zones", zones);
	return o;
}
