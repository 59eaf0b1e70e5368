/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /sys/devices/system/memory as files (drivers/base/memory.c of v6.1), so
 * that util-linux's lsmem and chmem read the model as they read a machine:
 *   block_size_bytes, auto_online_blocks, crash_hotplug (6.6 on),
 *   memoryN/{phys_index,state,online,phys_device,removable,valid_zones},
 *   memoryN/nodeM -> ../../node/nodeM and node/nodeM/memoryN back, for
 *   every node the block holds RAM of.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel.h"
#include "machine.h"
#include "memory_block.h"
#include "private.h"
#include "state.h"
#include "zone.h"

struct out {
	const struct devmemhp_machine *m;
	char path[4700]; /* base (4095) and two names */
	int err;
};

/* The export stops at path: errno says why. */
static int out_fail(struct out *o, const char *path)
{
	snprintf(o->path, sizeof(o->path), "%s", path);
	return o->err = -errno;
}

static int make_dir(struct out *o, const char *fmt, ...) DMH_PRINTF(2, 3);
static int make_dir(struct out *o, const char *fmt, ...)
{
	char path[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	/* mkdir -p */
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			goto fail;
		*p = '/';
	}
	if (mkdir(path, 0755) && errno != EEXIST)
		goto fail;
	return 0;
fail:
	return out_fail(o, path);
}

static int write_attr(struct out *o, const char *path, const char *fmt, ...) DMH_PRINTF(3, 4);
static int write_attr(struct out *o, const char *path, const char *fmt, ...)
{
	FILE *f = fopen(path, "we");
	va_list ap;
	int rc = 0;

	if (!f)
		goto fail;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	if (ferror(f))
		rc = -EIO;
	if (fclose(f) && !rc)
		rc = -errno;
	if (!rc)
		return 0;
	errno = -rc;
fail:
	return out_fail(o, path);
}

static int make_link(struct out *o, const char *target, const char *path)
{
	if (unlink(path) && errno != ENOENT)
		goto fail;
	if (symlink(target, path))
		goto fail;
	return 0;
fail:
	return out_fail(o, path);
}

static int export_block(struct out *o, const char *base, uint64_t id,
			const struct dmh_block_run *b)
{
	const struct devmemhp_machine *m = o->m;
	char dir[4400], path[4600], target[64];
	char vz[64];
	int nids[DMH_BLOCK_MAX_NODES];
	unsigned int nr;

	dmh_valid_zones_text(m, m->st, id, " ", vz, sizeof(vz));
	snprintf(dir, sizeof(dir), "%s/memory/memory%" PRIu64, base, id);
	if (make_dir(o, "%s", dir))
		return o->err;
#define ATTR(name, ...) \
	(snprintf(path, sizeof(path), "%s/" name, dir), write_attr(o, path, __VA_ARGS__))
	if (ATTR("phys_index", "%08" PRIx64 "\n", id) ||
	    ATTR("state", "%s\n", b->online ? "online" : "offline") ||
	    ATTR("online", "%d\n", b->online && !b->dev_offline) ||
	    ATTR("phys_device", "0\n") ||
	    ATTR("removable", "%d\n", !!(m->arch->caps & DEVMEMHP_ARCH_CAP_REMOVE)) ||
	    ATTR("valid_zones", "%s\n", vz))
		return o->err;
#undef ATTR
	/* do_register_memory_block_under_node(): links both ways, to every node
	 * the block holds RAM of, lowest first */
	nr = dmh_block_nodes(m, m->st, id, nids, DMH_BLOCK_MAX_NODES);
	for (unsigned int i = 0; i < nr; i++) {
		if (make_dir(o, "%s/node/node%d", base, nids[i]))
			return o->err;
		snprintf(target, sizeof(target), "../../node/node%d", nids[i]);
		snprintf(path, sizeof(path), "%s/node%d", dir, nids[i]);
		if (make_link(o, target, path))
			return o->err;
		snprintf(target, sizeof(target), "../../memory/memory%" PRIu64, id);
		snprintf(path, sizeof(path), "%s/node/node%d/memory%" PRIu64, base, nids[i], id);
		if (make_link(o, target, path))
			return o->err;
	}
	return 0;
}

/* "<prefix><decimal>": the number, or -1. */
static int64_t numbered(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	uint64_t v = 0;

	if (strncmp(name, prefix, n) || !name[n] || strspn(name + n, "0123456789") != strlen(name + n))
		return -1;
	for (const char *p = name + n; *p; p++) {
		if (v > (UINT64_MAX >> 4))
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	return (int64_t)v;
}

/* Does the model have block `id` (nid < 0), linked to node nid? */
static bool block_on(const struct devmemhp_machine *m, int64_t id, int64_t nid)
{
	int nids[DMH_BLOCK_MAX_NODES];
	unsigned int nr = id < 0 ? 0 : dmh_block_nodes(m, m->st, (uint64_t)id, nids,
						     DMH_BLOCK_MAX_NODES);

	for (unsigned int i = 0; i < nr && nid >= 0; i++)
		if (nids[i] == nid)
			return true;
	return nr && nid < 0;
}

/*
 * A tree exported before may hold blocks the model has since removed, or
 * node links it has since moved: take away what this code wrote and the
 * model no longer has, nothing else.
 */
static int prune(struct out *o, const char *base)
{
	static const char *const attrs[] = { "phys_index", "state", "online", "phys_device",
					     "removable", "valid_zones" };
	char path[4700];
	DIR *d, *sub;
	struct dirent *e, *se;

	snprintf(path, sizeof(path), "%s/memory", base);
	d = opendir(path);
	while (d && (e = readdir(d))) {
		int64_t id = numbered(e->d_name, "memory");
		bool have = block_on(o->m, id, -1);

		if (id < 0)
			continue;
		snprintf(path, sizeof(path), "%s/memory/%s", base, e->d_name);
		sub = opendir(path);
		while (sub && (se = readdir(sub))) {
			int64_t n = numbered(se->d_name, "node");

			if (n >= 0 && !block_on(o->m, id, n)) {
				snprintf(path, sizeof(path), "%s/memory/%s/%s", base, e->d_name,
					 se->d_name);
				if (unlink(path))
					goto fail;
			}
		}
		if (sub)
			closedir(sub);
		sub = NULL;
		if (have)
			continue;
		for (size_t a = 0; a < DMH_ARRAY_SIZE(attrs); a++) {
			snprintf(path, sizeof(path), "%s/memory/%s/%s", base, e->d_name, attrs[a]);
			if (unlink(path) && errno != ENOENT)
				goto fail;
		}
		snprintf(path, sizeof(path), "%s/memory/%s", base, e->d_name);
		if (rmdir(path))
			goto fail;
	}
	if (d)
		closedir(d);
	snprintf(path, sizeof(path), "%s/node", base);
	d = opendir(path);
	while (d && (e = readdir(d))) {
		int64_t n = numbered(e->d_name, "node");

		if (n < 0)
			continue;
		snprintf(path, sizeof(path), "%s/node/%s", base, e->d_name);
		sub = opendir(path);
		while (sub && (se = readdir(sub))) {
			int64_t id = numbered(se->d_name, "memory");

			if (id < 0 || block_on(o->m, id, n))
				continue;
			snprintf(path, sizeof(path), "%s/node/%s/%s", base, e->d_name, se->d_name);
			if (unlink(path))
				goto fail;
		}
		if (sub)
			closedir(sub);
		sub = NULL;
	}
	if (d)
		closedir(d);
	return 0;
fail:
	out_fail(o, path);
	if (sub)
		closedir(sub);
	closedir(d);
	return o->err;
}

DMH_EXPORT int devmemhp_export_sysfs(const struct devmemhp_machine *m, const char *dir)
{
	struct out o = { .m = m };
	char base[4096], path[4200];

	if (!m || !dir || !*dir)
		return dmh_err(m, -EINVAL, "export_sysfs: %s", !m ? "machine is NULL"
							   : !dir ? "dir is NULL" : "dir is empty");
	snprintf(base, sizeof(base), "%s/sys/devices/system", dir);
	dmh_read_lock(m);
	if (!prune(&o, base) && !make_dir(&o, "%s/memory", base)) {
		snprintf(path, sizeof(path), "%s/memory/block_size_bytes", base);
		if (!write_attr(&o, path, "%" PRIx64 "\n", m->block_size)) {
			snprintf(path, sizeof(path), "%s/memory/auto_online_blocks", base);
			write_attr(&o, path, "%s\n", dmh_online_type_name(m->cfg.online_type));
		}
		/* v6.12 crash_hotplug_show(): no kdump kernel is loaded */
		snprintf(path, sizeof(path), "%s/memory/crash_hotplug", base);
		if (!o.err && m->kernel->crash_hotplug)
			write_attr(&o, path, "0\n");
		else if (!o.err && unlink(path) && errno != ENOENT)
			out_fail(&o, path);
	}
	for (unsigned int n = 0; !o.err && n < m->cfg.nodes; n++)
		if (m->st->node_online[n])
			make_dir(&o, "%s/node/node%u", base, n);
	for (size_t i = 0; !o.err && i < m->st->nr_blocks; i++) {
		const struct dmh_block_run *b = &m->st->blocks[i];

		for (uint64_t id = b->first; id < b->first + b->count && !o.err; id++)
			export_block(&o, base, id, b);
	}
	dmh_read_unlock(m);
	if (o.err)
		return dmh_err(m, o.err, "export_sysfs: %s: %s", o.path, strerror(-o.err));
	return 0;
}
