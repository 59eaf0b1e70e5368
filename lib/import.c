/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Start a model from a real machine's files:
 *   proc/iomem                    the resource tree and the boot RAM (required)
 *   proc/meminfo                  the DirectMap counters
 *   sys/devices/system/memory     block size, blocks, their state, zone and nodes
 *   sys/devices/system/node       nodeK/memoryM: the nodes of blocks without links;
 *                                 nodeK/cpulist: which nodes have CPUs
 *   proc/zoneinfo                 zone spans, present and managed pages
 *   proc/version                  the kernel the machine runs
 * Everything is parsed and checked first; the machine changes only if the
 * files make a consistent machine.  A bad file is -EINVAL naming the file and
 * the line; files that disagree but still make one machine are logged at
 * LOG_WARNING, naming both, once the import is over.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounting.h"
#include "boot.h"
#include "check_state.h"
#include "group.h"
#include "import.h"
#include "kernel.h"
#include "linear.h"
#include "machine.h"
#include "memory_block.h"
#include "pgtable.h"
#include "private.h"
#include "resource.h"
#include "size.h"
#include "sparse.h"
#include "state.h"
#include "txn.h"
#include "zone.h"

#define MAX_FILE (16u << 20)

struct sysfs_block {
	uint64_t id;
	bool online;
	int zone;     /* online: DMH_ZONE_* or DMH_ZONE_NONE */
	int nids[DMH_BLOCK_MAX_NODES]; /* its nodeK links, lowest first */
	unsigned int nr_nids;
	bool warned;  /* a warning named it already */
};

/* node/nodeK/memoryM */
struct node_link {
	uint64_t id;
	int nid;
};

/* A populated zone's span in pfns: where its node's RAM is. */
struct node_span {
	uint64_t start, end;
	int nid;
};

/* A node's Device zone, and the device-private memory put in it so far. */
struct device_zone {
	int nid;
	uint64_t start, spanned; /* start known only if zoneinfo printed it */
	bool have_start;
	uint64_t lo, hi;         /* the hull of what it holds; lo == hi: nothing */
};

#define MAX_WARNINGS 16

struct zoneinfo_entry {
	int nid, zone;
	uint64_t spanned, present, managed, start_pfn, free;
	bool have_spanned, have_present, have_managed, have_start, have_free;
};

struct import {
	struct devmemhp_machine *m;
	const char *root;                   /* the files under a directory, or */
	const struct dmh_import_file *files; /* in memory, sorted by path */
	size_t nr_files;
	char why[512];
	struct dmh_restree iomem;
	/* meminfo */
	bool have_meminfo;
	int64_t directmap[DEVMEMHP_MAX_LEVELS];
	bool have_directmap[DEVMEMHP_MAX_LEVELS];
	uint64_t memfree_kb;         /* MemFree */
	bool have_memfree;
	uint64_t memtotal_kb;        /* MemTotal */
	bool have_memtotal;
	uint64_t *node_free_kb;      /* [nid]: nodeN/meminfo's "Node N MemFree:" */
	bool *have_node_free;
	size_t nr_node_free;
	/* sysfs */
	bool have_sysfs, have_crash_hotplug;
	uint64_t block_size;
	int online_type;
	struct sysfs_block *blocks;
	size_t nr_blocks, cap_blocks;
	struct node_link *links;
	size_t nr_links, cap_links;
	/* zoneinfo */
	bool have_zoneinfo;
	struct zoneinfo_entry *zones;
	size_t nr_zones, cap_zones;
	struct node_span *spans;
	size_t nr_spans;
	/* version */
	char release[80];
	const struct dmh_kernel *kernel; /* NULL: no proc/version */
	enum dmh_kernel_match match;
	/* node/nodeK/cpulist: the nodes with CPUs (an empty list: CPU-less) */
	bool have_cpulist;
	uint64_t cpu_nodes[DMH_MAX_NUMNODES / 64];
	/* the highest node any file names */
	int max_nid;
	/* device-private: the node of iomem resource i, or -1 */
	int *private_nid;
	/* told once the import is over, outside the machine's locks */
	char warnings[MAX_WARNINGS][320];
	int warning_prio[MAX_WARNINGS];
	unsigned int nr_warnings, dropped_warnings;
};

#define BAD(imp, file, line, ...)                                                          \
	import_bad((imp), (file), (line), __VA_ARGS__)

static DMH_PRINTF(4, 5) int import_bad(struct import *imp, const char *file, unsigned int line,
				       const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line)
		snprintf(imp->why, sizeof(imp->why), "%s/%s:%u: %s", imp->root, file, line, msg);
	else
		snprintf(imp->why, sizeof(imp->why), "%s/%s: %s", imp->root, file, msg);
	return -EINVAL;
}

/* Files that disagree: kept to be logged when the import is over. */
static DMH_PRINTF(3, 4) void import_note(struct import *imp, int prio, const char *fmt, ...)
{
	va_list ap;

	if (imp->nr_warnings == MAX_WARNINGS) {
		imp->dropped_warnings++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(imp->warnings[imp->nr_warnings], sizeof(imp->warnings[0]), fmt, ap);
	va_end(ap);
	imp->warning_prio[imp->nr_warnings++] = prio;
}

#define WARN(imp, ...) import_note((imp), LOG_WARNING, __VA_ARGS__)

/* A node number a file names: below MAX_NUMNODES; the machine grows to it. */
static bool take_nid(struct import *imp, uint64_t nid)
{
	if (nid >= DMH_MAX_NUMNODES)
		return false;
	imp->max_nid = DMH_MAX(imp->max_nid, (int)nid);
	return true;
}

/* Put nid into the sorted set nids[n] of at most DMH_BLOCK_MAX_NODES. */
static void nid_add(int *nids, unsigned int *n, int nid)
{
	unsigned int at = 0;

	while (at < *n && nids[at] < nid)
		at++;
	if ((at < *n && nids[at] == nid) || *n == DMH_BLOCK_MAX_NODES)
		return;
	memmove(&nids[at + 1], &nids[at], (*n - at) * sizeof(*nids));
	nids[at] = nid;
	(*n)++;
}

/* "0 and 1", "0, 1 and 2" */
static void nid_list(const int *nids, unsigned int n, char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < n && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%d",
				       !i ? "" : i + 1 == n ? " and " : ", ", nids[i]);
}

/* ---- where the files come from: a directory, or memory ------------------------ */

/* The first in-memory file whose path is >= rel (files are sorted). */
static size_t file_lower_bound(const struct import *imp, const char *rel)
{
	size_t lo = 0, hi = imp->nr_files;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(imp->files[mid].path, rel) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct dmh_import_file *mem_file(const struct import *imp, const char *rel)
{
	size_t i = file_lower_bound(imp, rel);

	return i < imp->nr_files && !strcmp(imp->files[i].path, rel) ? &imp->files[i] : NULL;
}

/* A directory's entries, from readdir() or from the paths under it in memory. */
struct src_dir {
	DIR *d;
	const struct import *imp;
	size_t next, prefix_len;
	char prefix[352], name[256];
};

/* 0, or -ENOENT when there is no such directory */
static int dir_open(const struct import *imp, const char *rel, struct src_dir *it)
{
	char *path;

	memset(it, 0, sizeof(*it));
	it->imp = imp;
	if (!imp->files) {
		if (asprintf(&path, "%s/%s", imp->root, rel) < 0)
			return -ENOMEM;
		it->d = opendir(path);
		free(path);
		return it->d ? 0 : -ENOENT;
	}
	it->prefix_len = (size_t)snprintf(it->prefix, sizeof(it->prefix), "%s/", rel);
	if (it->prefix_len >= sizeof(it->prefix))
		return -ENOENT;
	it->next = file_lower_bound(imp, it->prefix);
	if (it->next == imp->nr_files ||
	    strncmp(imp->files[it->next].path, it->prefix, it->prefix_len))
		return -ENOENT;
	return 0;
}

/* The next entry's name, or NULL.  Sorted paths keep a directory's entries
 * together, so each name is told once. */
static const char *dir_next(struct src_dir *it)
{
	const struct import *imp = it->imp;
	struct dirent *de;

	if (!imp->files) {
		de = readdir(it->d);
		return de ? de->d_name : NULL;
	}
	while (it->next < imp->nr_files) {
		const char *p = imp->files[it->next].path;
		size_t n;

		if (strncmp(p, it->prefix, it->prefix_len))
			return NULL;
		p += it->prefix_len;
		n = strcspn(p, "/");
		it->next++;
		if (!n || n >= sizeof(it->name) ||
		    (!strncmp(it->name, p, n) && it->name[n] == '\0'))
			continue;
		memcpy(it->name, p, n);
		it->name[n] = '\0';
		return it->name;
	}
	return NULL;
}

static void dir_close(struct src_dir *it)
{
	if (it->d)
		closedir(it->d);
	it->d = NULL;
}

static bool file_exists(const struct import *imp, const char *rel)
{
	char *path;
	bool yes;

	if (imp->files)
		return mem_file(imp, rel) != NULL;
	if (asprintf(&path, "%s/%s", imp->root, rel) < 0)
		return false;
	yes = !access(path, F_OK);
	free(path);
	return yes;
}

/* The bytes of a file under the root: *out malloc'ed with room for a NUL. */
static int read_raw(struct import *imp, const char *rel, char **out, size_t *len)
{
	char path[4096];
	FILE *f;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/%s", imp->root, rel);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ENOENT : BAD(imp, rel, 0, "cannot be read: %s", strerror(errno));
	for (;;) {
		size_t got;

		if (dmh_grow((void **)&buf, &cap, n + 4097, 1)) {
			rc = -ENOMEM;
			break;
		}
		got = fread(buf + n, 1, 4096, f);
		n += got;
		if (got < 4096)
			break;
		if (n > MAX_FILE) {
			rc = BAD(imp, rel, 0, "is larger than %u bytes", MAX_FILE);
			break;
		}
	}
	if (!rc && ferror(f))
		rc = BAD(imp, rel, 0, "cannot be read");
	fclose(f);
	if (rc) {
		dmh_free(buf);
		return rc;
	}
	*out = buf;
	*len = n;
	return 0;
}

/* The whole file, NUL-terminated; -ENOENT if it is not there. */
static int read_file(struct import *imp, const char *rel, char **out, size_t *len)
{
	char *buf;
	size_t n;
	int rc;

	if (imp->files) {
		const struct dmh_import_file *f = mem_file(imp, rel);

		if (!f)
			return -ENOENT;
		if (f->len > MAX_FILE)
			return BAD(imp, rel, 0, "is larger than %u bytes", MAX_FILE);
		n = f->len;
		buf = dmh_malloc(n + 1);
		if (!buf)
			return -ENOMEM;
		memcpy(buf, f->data, n);
	} else {
		rc = read_raw(imp, rel, &buf, &n);
		if (rc)
			return rc;
	}
	if (memchr(buf, '\0', n)) {
		dmh_free(buf);
		return BAD(imp, rel, 0, "holds a NUL byte: not a text file");
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

/* Split buf into lines in place; calls fn(line, number) for each. */
static int for_each_line(char *buf, int (*fn)(struct import *imp, char *line, unsigned int nr),
			 struct import *imp)
{
	unsigned int nr = 0;
	char *p = buf;

	while (*p) {
		char *nl = strchr(p, '\n');
		int rc;

		if (nl)
			*nl = '\0';
		rc = fn(imp, p, ++nr);
		if (rc)
			return rc;
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

static bool parse_hex(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (!len || len > 16)
		return false;
	for (size_t i = 0; i < len; i++) {
		int c = tolower((unsigned char)s[i]);

		if (!isxdigit(c))
			return false;
		v = v << 4 | (uint64_t)(isdigit(c) ? c - '0' : c - 'a' + 10);
	}
	*out = v;
	return true;
}

static bool parse_dec(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!isdigit((unsigned char)*s))
		return false;
	for (; isdigit((unsigned char)*s); s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return *s == '\0';
}

/* ---- proc/iomem ----------------------------------------------------------- */

static const char *const private_names[] = {
	/* request_free_mem_region() callers of v6.1 */
	"hmm_dmirror", "nouveau_dmem", "kvmppc_uvmem", "Device Private Memory",
};

static bool is_private(const char *name)
{
	for (size_t i = 0; i < DMH_ARRAY_SIZE(private_names); i++)
		if (strcmp(name, private_names[i]) == 0)
			return true;
	return false;
}

static bool is_driver_ram(const char *name)
{
	size_t n = strlen(name);

	return strncmp(name, "System RAM (", 12) == 0 && name[n - 1] == ')';
}

/* pci_name(): "DDDD:BB:DD.F", the name of a device's BAR resources */
static bool is_pci_device(const char *n)
{
	unsigned int dom, bus, dev, fn;
	int end = 0;

	return sscanf(n, "%4x:%2x:%2x.%1u%n", &dom, &bus, &dev, &fn, &end) == 4 && !n[end] &&
	       end == 12;
}

/* What the kernel marked the resource with, from what /proc/iomem shows. */
static void iomem_flags(struct dmh_restree *t, size_t i)
{
	struct dmh_resource *r = dmh_res_w(t, i);
	bool children = i + 1 < t->nr && t->res[i + 1].depth > r->depth;
	const char *n = r->name;

	r->flags = DMH_IORESOURCE_MEM;
	r->desc = DMH_IORES_DESC_NONE;
	if (!strcmp(n, "System RAM") || !strncmp(n, "Kernel ", 7) || !strcmp(n, "Crash kernel")) {
		r->flags |= DMH_IORESOURCE_SYSRAM | DMH_IORESOURCE_BUSY;
		if (!strcmp(n, "Crash kernel"))
			r->desc = DMH_IORES_DESC_CRASH_KERNEL;
	} else if (is_driver_ram(n)) {
		r->flags |= DMH_IORESOURCE_SYSRAM | DMH_IORESOURCE_SYSRAM_DRIVER_MANAGED |
			    DMH_IORESOURCE_BUSY;
	} else if (!strcmp(n, "Reserved")) {
		r->desc = DMH_IORES_DESC_RESERVED;
		if (r->depth || r->start < (1ull << 20)) /* do_mark_busy() */
			r->flags |= DMH_IORESOURCE_BUSY;
	} else if (!strcmp(n, "Persistent Memory (legacy)")) {
		r->desc = DMH_IORES_DESC_PERSISTENT_MEMORY_LEGACY;
	} else if (!strcmp(n, "Persistent Memory")) {
		r->desc = DMH_IORES_DESC_PERSISTENT_MEMORY;
	} else if (!strcmp(n, "Soft Reserved")) {
		r->desc = DMH_IORES_DESC_SOFT_RESERVED;
	} else if (!strcmp(n, "ACPI Tables")) {
		r->desc = DMH_IORES_DESC_ACPI_TABLES;
		r->flags |= DMH_IORESOURCE_BUSY;
	} else if (!strcmp(n, "ACPI Non-volatile Storage")) {
		r->desc = DMH_IORES_DESC_ACPI_NV_STORAGE;
		r->flags |= DMH_IORESOURCE_BUSY;
	} else if (!strncmp(n, "PCI Bus", 7) || is_pci_device(n)) {
		/* a bridge window, or a BAR: drivers request regions inside */
	} else if (!strncmp(n, "virtio", 6) && n[6] && strspn(n + 6, "0123456789") == strlen(n + 6)) {
		/* virtio-mem's device region: IORESOURCE_SYSTEM_RAM, then not busy */
		r->flags |= DMH_IORESOURCE_SYSRAM;
	} else if (is_private(n)) {
		r->desc = DMH_IORES_DESC_DEVICE_PRIVATE_MEMORY;
		r->flags |= DMH_IORESOURCE_BUSY;
	} else if (children) {
		/* a parent someone released to nest in (dax/kmem, virtio-mem, a BAR) */
		if (is_driver_ram(t->res[i + 1].name))
			r->flags |= DMH_IORESOURCE_SYSRAM;
	} else {
		r->flags |= DMH_IORESOURCE_BUSY; /* a driver's own region */
	}
}

static int iomem_line(struct import *imp, char *line, unsigned int nr)
{
	struct dmh_restree *t = &imp->iomem;
	const char *file = "proc/iomem";
	size_t indent = 0;
	char *dash, *colon;
	uint64_t start, end;
	unsigned int depth;
	struct dmh_resource r;

	if (!*line)
		return 0;
	while (line[indent] == ' ')
		indent++;
	if (indent & 1)
		return BAD(imp, file, nr, "an odd indent of %zu spaces", indent);
	depth = (unsigned int)(indent / 2);
	dash = strchr(line + indent, '-');
	colon = strstr(line + indent, " : ");
	if (!dash || !colon || dash > colon)
		return BAD(imp, file, nr, "not \"start-end : name\"");
	if (!parse_hex(line + indent, (size_t)(dash - line - indent), &start) ||
	    !parse_hex(dash + 1, (size_t)(colon - dash - 1), &end))
		return BAD(imp, file, nr, "bad hex address");
	if (!colon[3])
		return BAD(imp, file, nr, "a resource without a name");
	if (end < start)
		return BAD(imp, file, nr, "ends before it starts");
	if (end > t->root_end)
		return BAD(imp, file, nr, "%#" PRIx64 " is beyond phys_bits=%u", end,
			   imp->m->geo.phys_bits);
	if ((t->nr == 0 && depth) || (t->nr && depth > t->res[t->nr - 1].depth + 1))
		return BAD(imp, file, nr, "nested %u levels deeper than the line before",
			   depth - (t->nr ? t->res[t->nr - 1].depth : 0));
	/* inside its parent, after its previous sibling */
	for (size_t i = t->nr; i-- > 0;) {
		const struct dmh_resource *o = &t->res[i];

		if (o->depth == depth && start <= o->end)
			return BAD(imp, file, nr, "overlaps or precedes %s [%#" PRIx64 "-%#" PRIx64 "]",
				   o->name, o->start, o->end);
		if (o->depth + 1 == depth) {
			if (start < o->start || end > o->end)
				return BAD(imp, file, nr, "is not inside its parent %s", o->name);
			break;
		}
		if (o->depth < depth)
			break;
	}
	if (dmh_grow((void **)&t->res, &t->cap, t->nr + 1, sizeof(*t->res)))
		return -ENOMEM;
	r = (struct dmh_resource){ .start = start, .end = end, .depth = depth };
	r.name = dmh_name_new(colon + 3);
	if (!r.name)
		return -ENOMEM;
	*dmh_res_w(t, t->nr) = r;
	t->nr++;
	return 0;
}

/* r_show() prints every address as zeros to readers without CAP_SYS_ADMIN. */
static bool only_zero_addresses(const char *buf)
{
	bool any = false;

	for (const char *p = buf; *p;) {
		const char *nl = strchr(p, '\n'), *s = p + strspn(p, " ");
		size_t n = nl ? (size_t)(nl - p) : strlen(p), z = strspn(s, "0"), z2;

		if (s < p + n) {
			if (!z || s[z] != '-')
				return false;
			z2 = strspn(s + z + 1, "0");
			if (!z2 || s[z + 1 + z2] != ' ')
				return false;
			any = true;
		}
		p += n + (nl != NULL);
	}
	return any;
}

static int parse_iomem(struct import *imp)
{
	char *buf;
	size_t len;
	int rc = read_file(imp, "proc/iomem", &buf, &len);

	if (rc == -ENOENT)
		return BAD(imp, "proc/iomem", 0, "is missing");
	if (rc)
		return rc;
	if (only_zero_addresses(buf)) {
		dmh_free(buf);
		return BAD(imp, "proc/iomem", 0, "has only zero addresses: it was read without "
			   "CAP_SYS_ADMIN");
	}
	rc = for_each_line(buf, iomem_line, imp);
	dmh_free(buf);
	if (rc)
		return rc;
	for (size_t i = 0; i < imp->iomem.nr; i++)
		iomem_flags(&imp->iomem, i);
	if (!imp->iomem.nr)
		return BAD(imp, "proc/iomem", 0, "is empty");
	return 0;
}

/* ---- proc/meminfo ---------------------------------------------------------- */

static int meminfo_line(struct import *imp, char *line, unsigned int nr)
{
	const char *file = "proc/meminfo";
	char *colon = strchr(line, ':'), *p, *unit;
	uint64_t value, size;
	int level = -1;

	if (!*line)
		return 0;
	if (!colon)
		return BAD(imp, file, nr, "no \"Key:\"");
	if (!strncmp(line, "MemTotal:", 9)) { /* checked against zoneinfo's managed pages */
		if (sscanf(colon + 1, " %" SCNu64 " kB", &value) != 1)
			return BAD(imp, file, nr, "MemTotal: not \"<number> kB\"");
		imp->memtotal_kb = value;
		imp->have_memtotal = true;
		return 0;
	}
	if (!strncmp(line, "MemFree:", 8)) { /* the model's part of it, from here on */
		if (sscanf(colon + 1, " %" SCNu64 " kB", &value) != 1)
			return BAD(imp, file, nr, "MemFree: not \"<number> kB\"");
		imp->memfree_kb = value;
		imp->have_memfree = true;
		return 0;
	}
	if (strncmp(line, "DirectMap", 9))
		return 0; /* counters the model does not own */
	*colon = '\0';
	for (p = colon + 1; *p == ' '; p++)
		;
	unit = strchr(p, ' ');
	if (!unit || strcmp(unit, " kB"))
		return BAD(imp, file, nr, "%s: not \"<number> kB\"", line);
	*unit = '\0';
	if (!parse_dec(p, &value))
		return BAD(imp, file, nr, "%s: \"%s\" is not a number", line, p);
	if (dmh_parse_size(line + 9, &size)) /* "4k", "2M", "1G": the size grammar reads all */
		return BAD(imp, file, nr, "%s: no page size", line);
	for (unsigned int l = 0; l < imp->m->geo.levels; l++)
		if (dmh_level_size(&imp->m->geo, l) == size)
			level = (int)l;
	if (level < 0)
		return BAD(imp, file, nr, "%s: %s has no page of that size", line, imp->m->arch->name);
	if (value % (size >> 10))
		return BAD(imp, file, nr, "%s: %" PRIu64 " kB is not whole pages", line, value);
	imp->directmap[level] = (int64_t)(value / (size >> 10));
	imp->have_directmap[level] = true;
	return 0;
}

/* A file import can do without: each line to fn; 1 if it is not there. */
static int parse_optional(struct import *imp, const char *rel,
			  int (*fn)(struct import *imp, char *line, unsigned int nr))
{
	char *buf;
	size_t len;
	int rc = read_file(imp, rel, &buf, &len);

	if (rc)
		return rc == -ENOENT ? 1 : rc;
	rc = for_each_line(buf, fn, imp);
	dmh_free(buf);
	return rc;
}

static int parse_meminfo(struct import *imp)
{
	int rc = parse_optional(imp, "proc/meminfo", meminfo_line);

	if (rc > 0)
		return 0;
	imp->have_meminfo = !rc;
	return rc;
}

/* ---- sys/devices/system/memory --------------------------------------------- */

/* A one-line sysfs attribute, its newline dropped. */
static int read_attr(struct import *imp, const char *rel, char *out, size_t size)
{
	char *buf;
	size_t len;
	int rc = read_file(imp, rel, &buf, &len);

	if (rc == -ENOENT)
		return BAD(imp, rel, 0, "is missing");
	if (rc)
		return rc;
	if (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	if (strchr(buf, '\n') || len >= size) {
		dmh_free(buf);
		return BAD(imp, rel, 1, "is not one short line");
	}
	memcpy(out, buf, len + 1);
	dmh_free(buf);
	return 0;
}

static int zone_by_name(const struct devmemhp_machine *m, const char *name)
{
	for (int z = 0; z < DMH_NR_ZONES; z++)
		if (dmh_zone_exists(m, z) && !strcmp(name, devmemhp_zone_name((enum devmemhp_zone)z)))
			return z;
	return -1;
}

static int cmp_block(const void *a, const void *b)
{
	const struct sysfs_block *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int sysfs_block(struct import *imp, const char *dir, uint64_t id)
{
	char rel[512], val[256];
	struct sysfs_block b = { .id = id, .zone = DMH_ZONE_NONE };
	uint64_t index;
	struct src_dir d;
	const char *name;
	int rc;

	snprintf(rel, sizeof(rel), "%s/memory%" PRIu64 "/phys_index", dir, id);
	rc = read_attr(imp, rel, val, sizeof(val));
	if (rc)
		return rc;
	if (!parse_hex(val, strlen(val), &index) || index != id)
		return BAD(imp, rel, 1, "\"%s\" is not memory%" PRIu64 "'s index", val, id);
	snprintf(rel, sizeof(rel), "%s/memory%" PRIu64 "/state", dir, id);
	rc = read_attr(imp, rel, val, sizeof(val));
	if (rc)
		return rc;
	if (!strcmp(val, "online") || !strcmp(val, "going-offline"))
		b.online = true;
	else if (strcmp(val, "offline"))
		return BAD(imp, rel, 1, "unknown state \"%s\"", val);
	if (b.online) {
		snprintf(rel, sizeof(rel), "%s/memory%" PRIu64 "/valid_zones", dir, id);
		rc = read_attr(imp, rel, val, sizeof(val));
		if (rc)
			return rc;
		if (strcmp(val, "none")) {
			b.zone = zone_by_name(imp->m, val);
			if (b.zone < 0)
				return BAD(imp, rel, 1, "\"%s\" is not one zone of %s", val,
					   imp->m->arch->name);
		}
	}
	/* the nodes: a nodeK link for each node whose RAM the block holds (v6.12
	 * drivers/base/node.c do_register_memory_block_under_node()) */
	snprintf(rel, sizeof(rel), "%s/memory%" PRIu64, dir, id);
	rc = dir_open(imp, rel, &d);
	if (rc)
		return rc == -ENOENT ? BAD(imp, rel, 0, "cannot be listed") : rc;
	while ((name = dir_next(&d))) {
		uint64_t nid;
		if (strncmp(name, "node", 4) || !parse_dec(name + 4, &nid))
			continue;
		if (!take_nid(imp, nid)) {
			dir_close(&d);
			return BAD(imp, rel, 0, "is on node %" PRIu64 ", but Linux has at most %d nodes",
				   nid, DMH_MAX_NUMNODES);
		}
		if (b.nr_nids == DMH_BLOCK_MAX_NODES) {
			dir_close(&d);
			return BAD(imp, rel, 0, "is linked to more than %d nodes", DMH_BLOCK_MAX_NODES);
		}
		nid_add(b.nids, &b.nr_nids, (int)nid);
	}
	dir_close(&d);
	if (dmh_grow((void **)&imp->blocks, &imp->cap_blocks, imp->nr_blocks + 1, sizeof(b)))
		return -ENOMEM;
	imp->blocks[imp->nr_blocks++] = b;
	return 0;
}

/* Block b's links are not the nodes `other` names: say so, once per block. */
static void warn_links(struct import *imp, struct sysfs_block *b, const int *nids, unsigned int n,
		       const char *other)
{
	char la[64], lb[64];

	if (b->warned || (n == b->nr_nids && !memcmp(nids, b->nids, n * sizeof(*nids))))
		return;
	nid_list(b->nids, b->nr_nids, la, sizeof(la));
	nid_list(nids, n, lb, sizeof(lb));
	WARN(imp, "sys/devices/system/memory/memory%" PRIu64 " is linked to node%s %s, but %s "
	     "node%s %s", b->id, b->nr_nids > 1 ? "s" : "", la, other, n > 1 ? "s" : "", lb);
	b->warned = true;
}

static struct sysfs_block *find_block(const struct import *imp, uint64_t id)
{
	size_t lo = 0, hi = imp->nr_blocks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (imp->blocks[mid].id == id)
			return &imp->blocks[mid];
		if (imp->blocks[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int cmp_link(const void *a, const void *b)
{
	const struct node_link *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->nid < y->nid ? -1 : x->nid > y->nid;
}

/* nodeK/cpulist ("0-3,8-11\n", or "\n" on a CPU-less node; drivers/base/
 * node.c node_read_cpulist()): whether node K has CPUs.  A machine whose
 * files have no cpulist keeps the default (the nodes with boot memory). */
static int node_cpulist(struct import *imp, const char *node_dir, int nid)
{
	char rel[352], *buf;
	size_t len;
	int rc;

	snprintf(rel, sizeof(rel), "%s/cpulist", node_dir);
	rc = read_file(imp, rel, &buf, &len);
	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	imp->have_cpulist = true;
	for (size_t i = 0; i < len; i++)
		if (buf[i] >= '0' && buf[i] <= '9') {
			imp->cpu_nodes[nid / 64] |= (uint64_t)1 << (nid % 64);
			break;
		} else if (!isspace((unsigned char)buf[i])) {
			dmh_free(buf);
			return BAD(imp, rel, 1, "is not a CPU list such as \"0-3,8-11\"");
		}
	dmh_free(buf);
	return 0;
}

/*
 * sys/devices/system/node/nodeK/memoryM, the other end of each block's link
 * (v6.12 drivers/base/node.c do_register_memory_block_under_node() makes
 * both): the nodes of blocks whose directory has no nodeK link, and a check
 * of those that have.
 */
/* nodeN/meminfo: node_read_meminfo()'s "Node N MemFree:", when it is there */
static int node_memfree(struct import *imp, const char *dir, int nid)
{
	char rel[352], *buf, *p;
	size_t len;
	unsigned long long n, kb;
	int rc;

	snprintf(rel, sizeof(rel), "%s/meminfo", dir);
	rc = read_file(imp, rel, &buf, &len);
	if (rc)
		return rc == -ENOENT ? 0 : rc;
	p = strstr(buf, "MemFree:");
	if (p && p - buf >= 7 && sscanf(p - 7, "Node %llu MemFree: %llu kB", &n, &kb) == 2 &&
	    n == (unsigned long long)nid) {
		if ((size_t)nid >= imp->nr_node_free) {
			size_t cap = imp->nr_node_free, cap2 = imp->nr_node_free;

			if (dmh_grow((void **)&imp->node_free_kb, &cap, (size_t)nid + 1,
				     sizeof(*imp->node_free_kb)) ||
			    dmh_grow((void **)&imp->have_node_free, &cap2, (size_t)nid + 1,
				     sizeof(*imp->have_node_free))) {
				dmh_free(buf);
				return -ENOMEM;
			}
			for (size_t i = imp->nr_node_free; i <= (size_t)nid; i++)
				imp->have_node_free[i] = false;
			imp->nr_node_free = (size_t)nid + 1;
		}
		imp->node_free_kb[nid] = kb;
		imp->have_node_free[nid] = true;
	}
	dmh_free(buf);
	return 0;
}

static int parse_node_dirs(struct import *imp)
{
	static const char dir[] = "sys/devices/system/node";
	char rel[320];
	struct src_dir d, nd;
	const char *name;
	int rc;

	rc = dir_open(imp, dir, &d);
	if (rc)
		return rc == -ENOENT ? 0 : rc;
	while ((name = dir_next(&d))) {
		uint64_t nid, id;
		bool listed;

		if (strncmp(name, "node", 4) || !parse_dec(name + 4, &nid))
			continue;
		snprintf(rel, sizeof(rel), "%s/%s", dir, name);
		if (!take_nid(imp, nid)) {
			dir_close(&d);
			return BAD(imp, rel, 0, "is node %" PRIu64 ", but Linux has at most %d nodes",
				   nid, DMH_MAX_NUMNODES);
		}
		rc = dir_open(imp, rel, &nd);
		listed = !rc;
		if (rc == -ENOENT)
			rc = 0;
		if (!rc)
			rc = node_memfree(imp, rel, (int)nid);
		if (!rc && listed)
			rc = node_cpulist(imp, rel, (int)nid);
		while (!rc && listed && (name = dir_next(&nd))) {
			if (strncmp(name, "memory", 6) || !parse_dec(name + 6, &id))
				continue;
			if (dmh_grow((void **)&imp->links, &imp->cap_links, imp->nr_links + 1,
				     sizeof(*imp->links)))
				rc = -ENOMEM;
			else
				imp->links[imp->nr_links++] = (struct node_link){ id, (int)nid };
		}
		dir_close(&nd);
		if (rc) {
			dir_close(&d);
			return rc;
		}
	}
	dir_close(&d);
	if (imp->nr_links > 1)
		qsort(imp->links, imp->nr_links, sizeof(*imp->links), cmp_link);
	/* blocks without links take the node directories' word; the others are
	 * checked against it */
	for (size_t i = 0, j = 0; i < imp->nr_blocks; i++) {
		struct sysfs_block *b = &imp->blocks[i];
		int nids[DMH_BLOCK_MAX_NODES];
		unsigned int n = 0;

		while (j < imp->nr_links && imp->links[j].id < b->id)
			j++;
		for (; j < imp->nr_links && imp->links[j].id == b->id; j++)
			if (n < DMH_BLOCK_MAX_NODES)
				nids[n++] = imp->links[j].nid;
		if (!b->nr_nids) {
			memcpy(b->nids, nids, n * sizeof(nids[0]));
			b->nr_nids = n;
		} else if (n) {
			warn_links(imp, b, nids, n, "sys/devices/system/node lists it under");
		}
	}
	return 0;
}

static int parse_sysfs(struct import *imp)
{
	static const char dir[] = "sys/devices/system/memory";
	char val[256];
	const char *name;
	uint64_t bs = 0;
	struct src_dir d;
	int rc;

	rc = dir_open(imp, dir, &d);
	if (rc)
		return rc == -ENOENT ? 0 : rc; /* no sysfs: blocks follow from the RAM */
	imp->have_sysfs = true;
	rc = read_attr(imp, "sys/devices/system/memory/block_size_bytes", val, sizeof(val));
	if (!rc && (!parse_hex(val, strlen(val), &bs) || !bs || (bs & (bs - 1)) ||
		    bs < dmh_section_size(imp->m)))
		rc = BAD(imp, "sys/devices/system/memory/block_size_bytes", 1,
			 "\"%s\" is not a power-of-two multiple of the section size", val);
	imp->block_size = bs;
	imp->online_type = -1;
	if (!rc) {
		/* optional, but running out of memory is no absence */
		int got = read_attr(imp, "sys/devices/system/memory/auto_online_blocks", val,
				    sizeof(val));

		if (got == -ENOMEM)
			rc = got;
		else if (!got && dmh_parse_online_type(val, &imp->online_type))
			rc = BAD(imp, "sys/devices/system/memory/auto_online_blocks", 1,
				 "unknown policy \"%s\"", val);
	}
	/* v6.6 drivers/base/memory.c: crash_hotplug */
	if (!rc)
		imp->have_crash_hotplug = file_exists(imp, "sys/devices/system/memory/crash_hotplug");
	while (!rc && (name = dir_next(&d))) {
		uint64_t id;

		if (!strncmp(name, "memory", 6) && parse_dec(name + 6, &id))
			rc = sysfs_block(imp, dir, id);
	}
	dir_close(&d);
	if (!rc && imp->nr_blocks > 1)
		qsort(imp->blocks, imp->nr_blocks, sizeof(*imp->blocks), cmp_block);
	if (!rc)
		rc = parse_node_dirs(imp);
	return rc;
}

/* ---- proc/zoneinfo ----------------------------------------------------------- */

static int zoneinfo_line(struct import *imp, char *line, unsigned int nr)
{
	const char *file = "proc/zoneinfo";
	struct zoneinfo_entry *z = imp->nr_zones ? &imp->zones[imp->nr_zones - 1] : NULL;
	char key[32], value[64];
	uint64_t v;

	if (!strncmp(line, "Node ", 5)) {
		char name[32];
		unsigned long long nid;
		int n = 0, zone;

		if (sscanf(line, "Node %llu, zone %31s%n", &nid, name, &n) != 2 || line[n])
			return BAD(imp, file, nr, "not \"Node N, zone NAME\"");
		if (!take_nid(imp, nid))
			return BAD(imp, file, nr, "node %llu, but Linux has at most %d nodes", nid,
				   DMH_MAX_NUMNODES);
		zone = zone_by_name(imp->m, name);
		if (zone < 0)
			return BAD(imp, file, nr, "%s is no zone of %s", name, imp->m->arch->name);
		for (size_t i = 0; i < imp->nr_zones; i++)
			if (imp->zones[i].nid == (int)nid && imp->zones[i].zone == zone)
				return BAD(imp, file, nr, "node %llu zone %s a second time", nid, name);
		if (dmh_grow((void **)&imp->zones, &imp->cap_zones, imp->nr_zones + 1,
			     sizeof(*imp->zones)))
			return -ENOMEM;
		imp->zones[imp->nr_zones++] = (struct zoneinfo_entry){ .nid = (int)nid, .zone = zone };
		return 0;
	}
	if (sscanf(line, " %31s %63s", key, value) != 2)
		return 0;
	if (strcmp(key, "spanned") && strcmp(key, "present") && strcmp(key, "managed") &&
	    strcmp(key, "start_pfn:") && strcmp(key, "nr_free_pages"))
		return 0;
	if (!z)
		return BAD(imp, file, nr, "%s before any \"Node N, zone NAME\"", key);
	if (!parse_dec(value, &v))
		return BAD(imp, file, nr, "%s \"%s\" is not a number", key, value);
	if (!strcmp(key, "spanned")) {
		z->spanned = v;
		z->have_spanned = true;
	} else if (!strcmp(key, "present")) {
		z->present = v;
		z->have_present = true;
	} else if (!strcmp(key, "managed")) {
		z->managed = v;
		z->have_managed = true;
	} else if (!strcmp(key, "nr_free_pages")) {
		z->free = v;
		z->have_free = true;
	} else {
		z->start_pfn = v;
		z->have_start = true;
	}
	return 0;
}

static int cmp_span(const void *a, const void *b)
{
	const struct node_span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * Where each node's RAM is, page-exact: the span of every populated zone but
 * ZONE_DEVICE (mm/mm_init.c free_area_init_core(): a node's zones lie in its
 * [node_start_pfn, node_end_pfn), clipped to the zone limits; hot-added RAM
 * grows them, move_pfn_range_to_zone()).
 */
static int zone_spans(struct import *imp)
{
	size_t n = 0;

	imp->spans = dmh_calloc(imp->nr_zones, sizeof(*imp->spans));
	if (!imp->spans)
		return -ENOMEM;
	for (size_t i = 0; i < imp->nr_zones; i++) {
		const struct zoneinfo_entry *z = &imp->zones[i];

		if (z->zone == DMH_ZONE_DEVICE || !z->have_start || !z->spanned)
			continue;
		if (z->start_pfn > UINT64_MAX - z->spanned)
			return BAD(imp, "proc/zoneinfo", 0, "node %d zone %s: start_pfn %" PRIu64
				   " and spanned %" PRIu64 " overflow", z->nid,
				   devmemhp_zone_name((enum devmemhp_zone)z->zone), z->start_pfn,
				   z->spanned);
		imp->spans[n++] = (struct node_span){ z->start_pfn, z->start_pfn + z->spanned, z->nid };
	}
	imp->nr_spans = n;
	if (n > 1)
		qsort(imp->spans, n, sizeof(*imp->spans), cmp_span);
	return 0;
}

static int parse_zoneinfo(struct import *imp)
{
	int rc = parse_optional(imp, "proc/zoneinfo", zoneinfo_line);

	if (rc > 0)
		return 0;
	for (size_t i = 0; !rc && i < imp->nr_zones; i++) {
		const struct zoneinfo_entry *z = &imp->zones[i];

		if (!z->have_spanned || !z->have_present || !z->have_managed)
			rc = BAD(imp, "proc/zoneinfo", 0, "node %d zone %s lacks spanned, present or "
				 "managed", z->nid, devmemhp_zone_name((enum devmemhp_zone)z->zone));
		else if (z->present > z->spanned || z->managed > z->present ||
			 (z->present && !z->have_start))
			rc = BAD(imp, "proc/zoneinfo", 0, "node %d zone %s: spanned %" PRIu64
				 ", present %" PRIu64 ", managed %" PRIu64 " do not fit", z->nid,
				 devmemhp_zone_name((enum devmemhp_zone)z->zone), z->spanned,
				 z->present, z->managed);
	}
	imp->have_zoneinfo = !rc && imp->nr_zones;
	if (imp->have_zoneinfo)
		rc = zone_spans(imp);
	return rc;
}

/* ---- proc/version ------------------------------------------------------------ */

/*
 * "Linux version 6.12.117+deb13-amd64 (...) #1 SMP ..." (init/version.c
 * linux_banner): the nearest kernel the backend models, not newer than it.
 */
static int parse_version(struct import *imp)
{
	const char *file = "proc/version", *p;
	char *buf;
	size_t len, n;
	unsigned int v;
	int rc = read_file(imp, file, &buf, &len);

	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	p = buf;
	if (strncmp(p, "Linux version ", 14)) {
		dmh_free(buf);
		return BAD(imp, file, 1, "not \"Linux version RELEASE ...\"");
	}
	p += 14;
	n = strcspn(p, " \t\n");
	snprintf(imp->release, sizeof(imp->release), "%.*s", (int)DMH_MIN(n, 64), p);
	dmh_free(buf);
	if (dmh_kernel_parse(imp->release, &v, NULL))
		return BAD(imp, file, 1, "\"%s\" is no kernel release such as 6.12.117",
			   imp->release);
	imp->kernel = dmh_kernel_nearest(imp->m->arch, v, &imp->match);
	if (!imp->kernel) /* registration checked the backend's list */
		return BAD(imp, file, 1, "%s models no kernel", imp->m->arch->name);
	return 0;
}

/* The sentence devmemhp_machine_get_kernel() gives as why. */
static void kernel_why(const struct import *imp, char *buf, size_t len)
{
	const struct dmh_kernel *k = imp->kernel;
	unsigned int v = 0;
	char want[16];

	dmh_kernel_parse(imp->release, &v, NULL);
	dmh_kernel_name(DMH_KERNEL_MAJOR_MINOR(v), want, sizeof(want));
	if (imp->match == DMH_KERNEL_EXACT)
		snprintf(buf, len, "proc/version: Linux version %s", imp->release);
	else if (imp->match == DMH_KERNEL_OLDER)
		snprintf(buf, len, "proc/version: Linux version %s: %s does not model %s; %s is the "
			 "nearest older kernel it does", imp->release, imp->m->arch->name, want, k->name);
	else
		snprintf(buf, len, "proc/version: Linux version %s: older than every kernel %s models; "
			 "%s is the oldest", imp->release, imp->m->arch->name, k->name);
}

/* ---- device-private memory ------------------------------------------------------ */

/* Could Device zone z hold [s, e) (pfns) as well as what it holds? */
static bool device_zone_fits(const struct device_zone *z, uint64_t s, uint64_t e)
{
	if (z->have_start)
		return s >= z->start && e - z->start <= z->spanned;
	if (z->lo == z->hi)
		return e - s <= z->spanned;
	return DMH_MAX(z->hi, e) - DMH_MIN(z->lo, s) <= z->spanned;
}

/*
 * Device-private memory (mm/memremap.c memremap_pages() of
 * MEMORY_DEVICE_PRIVATE) takes a region of its own at the top of iomem
 * (kernel/resource.c __request_free_mem_region(): busy, named after the
 * driver or, for devm_request_free_mem_region(), the device: amdgpu's SVM is
 * "0000:03:00.0"), subsection aligned, with pages in its node's ZONE_DEVICE
 * and no linear map.  A top-level leaf cannot be a BAR: BARs nest in a host
 * bridge's "PCI Bus" window, and top-level resources do not overlap.  So a
 * region is device-private if it has a driver's name for it, or if it is a
 * top-level busy leaf that a node's Device zone in proc/zoneinfo has room for
 * (that zone prints its span but not its start: the hull of what it holds
 * must fit in it).  Named ones are placed first.
 */
static int find_private(struct import *imp)
{
	struct devmemhp_machine *m = imp->m;
	const uint64_t sub = dmh_subsection_size(m);
	struct device_zone dz[16];
	size_t nz = 0;

	imp->private_nid = dmh_malloc(imp->iomem.nr * sizeof(*imp->private_nid));
	if (!imp->private_nid)
		return -ENOMEM;
	for (size_t i = 0; i < imp->iomem.nr; i++)
		imp->private_nid[i] = -1;
	for (size_t i = 0; i < imp->nr_zones && nz < DMH_ARRAY_SIZE(dz); i++) {
		const struct zoneinfo_entry *e = &imp->zones[i];

		if (e->zone == DMH_ZONE_DEVICE && e->spanned)
			dz[nz++] = (struct device_zone){ .nid = e->nid, .start = e->start_pfn,
							 .spanned = e->spanned,
							 .have_start = e->have_start };
	}
	for (int named = 1; named >= 0; named--)
		for (size_t i = 0; i < imp->iomem.nr; i++) {
			const struct dmh_resource *r = &imp->iomem.res[i];
			bool leaf = i + 1 == imp->iomem.nr || imp->iomem.res[i + 1].depth == 0;
			uint64_t s = dmh_pfn(m, r->start), e = dmh_pfn(m, r->end + 1);
			size_t k;

			if (r->depth || is_private(r->name) != named)
				continue;
			if (!named && (!leaf || r->desc != DMH_IORES_DESC_NONE ||
				       (r->flags & DMH_IORESOURCE_SYSRAM) || !strncmp(r->name, "PCI Bus", 7) ||
				       !DMH_IS_ALIGNED(r->start, sub) || !DMH_IS_ALIGNED(r->end + 1, sub)))
				continue;
			for (k = 0; k < nz && !device_zone_fits(&dz[k], s, e); k++)
				;
			if (k == nz && !named)
				continue;
			if (k == nz && imp->have_zoneinfo)
				return BAD(imp, "proc/iomem", (unsigned int)i + 1, "%s is device-private "
					   "memory, but no node's Device zone in proc/zoneinfo has room for "
					   "it", r->name);
			if (k < nz) {
				dz[k].lo = dz[k].lo == dz[k].hi ? s : DMH_MIN(dz[k].lo, s);
				dz[k].hi = DMH_MAX(dz[k].hi, e);
			}
			imp->private_nid[i] = k < nz ? dz[k].nid : 0;
			dmh_res_w(&imp->iomem, i)->desc = DMH_IORES_DESC_DEVICE_PRIVATE_MEMORY;
			dmh_res_w(&imp->iomem, i)->flags |= DMH_IORESOURCE_BUSY;
		}
	return 0;
}

/* ---- the boot RAM, node by node ------------------------------------------------------ */

/*
 * The node of the RAM at pfn, and the pfn before which that answer holds (at
 * most limit).  proc/zoneinfo's zone spans tell it page-exact; where they do
 * not (no populated zone spans the pfn: offline memory, or no zoneinfo; or
 * zones of two nodes interleave), the block's nodeK links do.
 */
static void ram_node(struct import *imp, uint64_t pfn, uint64_t limit, int *nid, uint64_t *end)
{
	const unsigned int shift = imp->m->geo.page_shift;
	int cand[DMH_BLOCK_MAX_NODES], pick[DMH_BLOCK_MAX_NODES];
	unsigned int nc = 0, np = 0;
	uint64_t next = limit, bpages = 0;
	struct sysfs_block *b = NULL;
	char la[64];

	for (size_t i = 0; i < imp->nr_spans; i++) {
		const struct node_span *sp = &imp->spans[i];

		if (sp->start > pfn) {
			next = DMH_MIN(next, sp->start);
			break;
		}
		if (pfn >= sp->end)
			continue;
		next = DMH_MIN(next, sp->end);
		nid_add(cand, &nc, sp->nid);
	}
	if (nc == 1) {
		*nid = cand[0];
		*end = next;
		return;
	}
	if (imp->have_sysfs) {
		bpages = imp->block_size >> shift;
		next = DMH_MIN(next, (pfn / bpages + 1) * bpages);
		b = find_block(imp, pfn / bpages);
	}
	*end = next;
	/* the links, or those of them zoneinfo allows */
	for (unsigned int i = 0; b && i < b->nr_nids; i++) {
		bool ok = !nc;

		for (unsigned int c = 0; c < nc; c++)
			ok |= cand[c] == b->nids[i];
		if (ok)
			pick[np++] = b->nids[i];
	}
	if (np == 1) {
		*nid = pick[0];
		return;
	}
	if (np > 1) {
		/* the block's RAM is on all of them, but where each part is, only
		 * SRAT knew: equal parts, lowest node first, keep the links and the
		 * block in no single zone as the kernel has them */
		uint64_t part = bpages / np, first = b->id * bpages;
		uint64_t k = DMH_MIN((pfn - first) / part, (uint64_t)np - 1);

		*nid = pick[k];
		*end = DMH_MIN(next, k + 1 == np ? first + bpages : first + (k + 1) * part);
		if (!b->warned) {
			nid_list(pick, np, la, sizeof(la));
			WARN(imp, "sys/devices/system/memory/memory%" PRIu64 " is linked to nodes %s, "
			     "and proc/zoneinfo does not tell where in it one node's RAM ends: it is "
			     "split in equal parts", b->id, la);
			b->warned = true;
		}
		return;
	}
	*nid = nc ? cand[0] : 0;
	if (nc > 1) {
		nid_list(cand, nc, la, sizeof(la));
		WARN(imp, "proc/zoneinfo: zones of nodes %s all span pfn %#" PRIx64 ", and no memory "
		     "block link tells them apart: it goes to node %d", la, pfn, *nid);
	}
}

static int add_boot(struct dmh_boot_range **b, size_t *n, size_t *cap, uint64_t start, uint64_t end,
		    int nid, bool merge)
{
	if (merge && *n && (*b)[*n - 1].end == start && (*b)[*n - 1].nid == nid) {
		(*b)[*n - 1].end = end;
		return 0;
	}
	if (dmh_grow((void **)b, cap, *n + 1, sizeof(**b)))
		return -ENOMEM;
	(*b)[(*n)++] = (struct dmh_boot_range){ .start = start, .end = end, .nid = nid };
	return 0;
}

/*
 * The boot RAM: top-level "System RAM", one range per node piece.  Firmware
 * hands over e820 entries that ignore nodes, and e820__reserve_resources()
 * makes one resource of each, so a resource may hold RAM of several nodes;
 * the node boundaries come from ACPI SRAT (arch/x86/mm/numa.c), which only
 * zoneinfo's zone spans and the blocks' node links show.
 */
static int collect_boot(struct import *imp, struct dmh_boot_range **out, size_t *nr)
{
	const uint64_t psz = dmh_page_size(imp->m);
	struct dmh_boot_range *b = NULL;
	size_t n = 0, cap = 0;
	int nid, rc = 0;

	for (size_t i = 0; i < imp->iomem.nr && !rc; i++) {
		const struct dmh_resource *r = &imp->iomem.res[i];
		uint64_t s = r->start, e = r->end + 1, p = DMH_ALIGN_UP(s, psz) / psz, pe = e / psz;
		uint64_t at = s, next;
		bool first = true;

		if (r->depth || strcmp(r->name, "System RAM"))
			continue;
		if (p >= pe) { /* not one whole page */
			ram_node(imp, s / psz, s / psz + 1, &nid, &next);
			rc = add_boot(&b, &n, &cap, s, e, nid, false);
			continue;
		}
		for (; p < pe && !rc; p = next, first = false) {
			uint64_t to;

			ram_node(imp, p, pe, &nid, &next);
			to = next >= pe ? e : next * psz;
			rc = add_boot(&b, &n, &cap, at, to, nid, !first);
			at = to;
		}
	}
	if (!rc && !n)
		rc = BAD(imp, "proc/iomem", 0, "has no top-level System RAM");
	if (rc) {
		dmh_free(b);
		return rc;
	}
	*out = b;
	*nr = n;
	return 0;
}

/*
 * Boot memory memblock marks NOMAP: arm64's request_standard_resources()
 * (v6.1 arch/arm64/kernel/setup.c) names it a top-level "reserved",
 * IORESOURCE_MEM and not busy, where the rest is "System RAM"; x86's e820
 * reservations are "Reserved".  Each joins the boot ranges, in order; on
 * failure the list is freed.
 */
static int collect_nomap(struct import *imp, struct dmh_boot_range **boot, size_t *nr)
{
	struct dmh_boot_range *b;
	size_t n = 0, k = 0;

	for (size_t i = 0; i < imp->iomem.nr; i++)
		n += !imp->iomem.res[i].depth && !strcmp(imp->iomem.res[i].name, "reserved");
	if (!n)
		return 0;
	b = dmh_calloc(*nr + n, sizeof(*b));
	if (!b) { /* the caller has nothing to free then */
		dmh_free(*boot);
		*boot = NULL;
		return -ENOMEM;
	}
	for (size_t i = 0, j = 0; i < imp->iomem.nr; i++) {
		const struct dmh_resource *r = &imp->iomem.res[i];

		if (r->depth || strcmp(r->name, "reserved"))
			continue;
		dmh_res_w(&imp->iomem, i)->flags = DMH_IORESOURCE_MEM;
		while (j < *nr && (*boot)[j].start < r->start)
			b[k++] = (*boot)[j++];
		uint64_t pfn = r->start >> imp->m->geo.page_shift, next;
		int nid;

		ram_node(imp, pfn, pfn + 1, &nid, &next);
		b[k++] = (struct dmh_boot_range){ .start = r->start, .end = r->end + 1, .nid = nid,
						  .nomap = true };
		if (--n == 0)
			while (j < *nr)
				b[k++] = (*boot)[j++];
	}
	dmh_free(*boot);
	*boot = b;
	*nr = k;
	return 0;
}

/*
 * Do the blocks' nodeK links name the nodes whose RAM the split put in them
 * (drivers/base/node.c register_mem_block_under_node_early() links exactly
 * those)?  Each block is named once.
 */
static void check_links(struct import *imp, const struct dmh_boot_range *boot, size_t nr)
{
	const uint64_t bs = imp->block_size;
	size_t j = 0;

	for (size_t i = 0; i < imp->nr_blocks; i++) {
		struct sysfs_block *b = &imp->blocks[i];
		int nids[DMH_BLOCK_MAX_NODES];
		unsigned int n = 0;
		uint64_t s = b->id * bs, e = s + bs;

		while (j < nr && boot[j].end <= s)
			j++;
		for (size_t k = j; k < nr && boot[k].start < e; k++)
			nid_add(nids, &n, boot[k].nid);
		if (n && b->nr_nids)
			warn_links(imp, b, nids, n, "proc/zoneinfo's zone spans put its RAM on");
	}
}

/*
 * Where the geometry maps the kernel image's linear alias apart, the image is
 * iomem's "Kernel code" in System RAM: arm64's request_standard_resources()
 * (v6.1 arch/arm64/kernel/setup.c) makes it [__pa_symbol(_stext),
 * __pa_symbol(__init_begin - 1)], the range map_mem() maps apart.  None where
 * the files name none; a part page or one outside the boot RAM is logged and
 * left out.
 */
static void kernel_code(struct import *imp)
{
	struct devmemhp_machine *m = imp->m;
	const uint64_t psz = dmh_page_size(m);

	m->geo.kernel_image_start = m->geo.kernel_image_end = 0;
	if (!m->geo.kernel_image_leaf_levels)
		return;
	for (size_t i = 0; i < imp->iomem.nr; i++) {
		const struct dmh_resource *r = &imp->iomem.res[i];

		if (r->depth != 1 || strcmp(r->name, "Kernel code"))
			continue;
		m->geo.kernel_image_start = r->start;
		m->geo.kernel_image_end = r->end + 1;
		if (!DMH_IS_ALIGNED(r->start, psz) || !DMH_IS_ALIGNED(r->end + 1, psz) ||
		    !dmh_kernel_image_fits(m)) {
			WARN(imp, "proc/iomem: Kernel code %#" PRIx64 "-%#" PRIx64 " is not whole pages "
			     "of boot RAM: its linear alias is mapped with the rest", r->start, r->end);
			m->geo.kernel_image_start = m->geo.kernel_image_end = 0;
		}
		return;
	}
}

/* ---- building the state --------------------------------------------------------- */

/* Hot-added RAM ("System RAM (kmem)", ...) and device-private regions. */
static int add_imported_ranges(struct import *imp, struct dmh_state *st, struct pt_ctx *c)
{
	struct devmemhp_machine *m = imp->m;
	const uint64_t bs = m->block_size;

	for (size_t i = 0; i < imp->iomem.nr; i++) {
		const struct dmh_resource *res = &imp->iomem.res[i];
		uint64_t start = res->start, end = res->end + 1, step;
		struct dmh_range r = { .start = start, .end = end, .attrs = DMH_PT_RW | DMH_PT_NX |
							    DMH_PT_GLOBAL, .has_resource = true };
		int rc;

		if (is_driver_ram(res->name)) {
			struct dmh_group g = { .max_pages = (end - start) >> m->geo.page_shift,
					       .implicit = true };
			struct dmh_block_run run = { .first = start / bs, .count = (end - start) / bs,
						     .zone = DMH_ZONE_NONE };

			if (!DMH_IS_ALIGNED(start, bs) || !DMH_IS_ALIGNED(end, bs)) {
				char b[DMH_SIZE_BUF];

				dmh_format_size(bs, b, sizeof(b));
				return BAD(imp, "proc/iomem", (unsigned int)i + 1, "%s is not aligned to "
					   "the memory block size (%s)", res->name, b);
			}
			r.kind = DMH_RANGE_RAM;
			ram_node(imp, dmh_pfn(m, start), dmh_pfn(m, end), &r.nid, &(uint64_t){ 0 });
			g.nid = run.nid = r.nid;
			rc = dmh_group_add(st, &g, &r.group);
			run.group = r.group;
			/* one mapping call per add_memory_driver_managed(): virtio_mem adds
			 * a memory block at a time (v6.1 drivers/virtio/virtio_mem.c
			 * virtio_mem_sbm_add_mb(); big blocks only for a device block of a
			 * memory block or more, which iomem does not tell), dax/kmem each
			 * range whole; the contiguous hint and blocks follow the calls */
			step = !strcmp(res->name, "System RAM (virtio_mem)") ? bs : end - start;
			for (uint64_t s = start; !rc && s < end; s += step)
				rc = dmh_linear_map(m, st, c, s, s + step, r.attrs);
			if (!rc)
				rc = dmh_sparse_add(m, st, c, start, end, NULL, 0);
			if (!rc)
				rc = dmh_range_insert(st, &r);
			if (!rc)
				rc = dmh_blocks_add(st, &run);
			if (rc)
				return rc;
			st->max_pfn = DMH_MAX(st->max_pfn, dmh_pfn(m, end));
			st->node_online[r.nid] = true;
		} else if (imp->private_nid[i] >= 0) {
			if (!DMH_IS_ALIGNED(start, dmh_subsection_size(m)) ||
			    !DMH_IS_ALIGNED(end, dmh_subsection_size(m)))
				return BAD(imp, "proc/iomem", (unsigned int)i + 1, "device memory %s is "
					   "not subsection aligned", res->name);
			r.kind = DMH_RANGE_DEVICE;
			r.nid = imp->private_nid[i];
			r.flags = DEVICE_MEMORY_DEVICE | DEVICE_MEMORY_MOVABLE | DEVICE_MEMORY_UNADDRESSABLE;
			rc = dmh_sparse_add(m, st, c, start, end, NULL, 0);
			if (!rc)
				rc = dmh_range_insert(st, &r);
			if (!rc)
				rc = dmh_zone_add_device(m, st, r.nid, dmh_pfn(m, start),
							 (end - start) >> m->geo.page_shift);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/*
 * The blocks as sysfs lists them.  The RAM must have made exactly these; where
 * one's state or zone differs from the boot, replay what the kernel did to
 * it: offline it, and online it to the zone sysfs names.
 */
static int apply_blocks(struct import *imp, struct dmh_state *st)
{
	const char *file = "sys/devices/system/memory";
	struct devmemhp_machine *m = imp->m;

	if (!imp->have_sysfs)
		return 0;
	if (dmh_blocks_count(st, false) != imp->nr_blocks)
		return BAD(imp, file, 0, "lists %zu memory blocks, but the System RAM of proc/iomem "
			   "makes %" PRIu64, imp->nr_blocks, dmh_blocks_count(st, false));
	for (size_t i = 0; i < imp->nr_blocks; i++) {
		const struct sysfs_block *b = &imp->blocks[i];
		long k = dmh_block_find(st, b->id);
		struct dmh_block_run run;
		int rc = 0;

		if (k < 0)
			return BAD(imp, file, 0, "memory%" PRIu64 " has no System RAM in proc/iomem",
				   b->id);
		run = st->blocks[k];
		if (run.online == b->online && (!b->online || run.zone == b->zone))
			continue;
		if (run.online)
			rc = dmh_offline_block(m, st, b->id);
		if (rc == -EINVAL)
			return BAD(imp, file, 0, "memory%" PRIu64 " is %s in zone %s, which its holes or "
				   "zones rule out", b->id, b->online ? "online" : "offline",
				   dmh_zone_text(b->zone));
		if (!rc && b->online) {
			if (b->zone == DMH_ZONE_NONE)
				return BAD(imp, file, 0, "memory%" PRIu64 " is online in no zone, but it "
					   "is not boot memory that spans zones", b->id);
			rc = dmh_online_block_to(m, st, b->id, b->zone);
		}
		if (rc)
			return rc;
	}
	return 0;
}

static int apply_zoneinfo(struct import *imp, struct dmh_state *st)
{
	struct devmemhp_machine *m = imp->m;

	if (!imp->have_zoneinfo)
		return 0;
	for (unsigned int n = 0; n < m->cfg.nodes; n++)
		st->node_online[n] = false;
	for (size_t i = 0; i < imp->nr_zones; i++) {
		const struct zoneinfo_entry *e = &imp->zones[i];
		struct dmh_zone *z = dmh_zone(st, e->nid, e->zone);
		uint64_t early = z->present_early;

		st->node_online[e->nid] = true;
		if (e->zone == DMH_ZONE_DEVICE && !e->have_start && e->spanned) {
			/* an unpopulated zone prints no start_pfn: keep the one the ranges give */
			if (!z->spanned)
				z->start_pfn = 0;
		} else {
			z->start_pfn = e->have_start ? e->start_pfn : 0;
		}
		z->spanned = e->spanned;
		if (z->present != e->present)
			return BAD(imp, "proc/zoneinfo", 0, "node %d zone %s has %" PRIu64 " present "
				   "pages, but the System RAM and memory blocks give %" PRIu64, e->nid,
				   devmemhp_zone_name((enum devmemhp_zone)e->zone), e->present,
				   z->present);
		z->managed = e->managed;
		z->present_early = DMH_MIN(early, e->present);
	}
	return 0;
}

static int apply_meminfo(struct import *imp, struct dmh_state *st)
{
	struct devmemhp_machine *m = imp->m;
	struct pt_stats ps;

	if (!imp->have_meminfo)
		return 0;
	dmh_linear_stats(m, st, &ps);
	for (unsigned int l = 0; l < m->geo.levels; l++) {
		if (!imp->have_directmap[l])
			continue;
		st->direct_pages[l] = imp->directmap[l];
		st->boot_skew[l] = imp->directmap[l] - (int64_t)ps.leaves[l];
	}
	return 0;
}

/*
 * Free memory: what the kernel holds is what MemFree leaves of the managed
 * pages.  zoneinfo's nr_free_pages per zone where it has them, else each
 * node's MemFree, else /proc/meminfo's spread over the nodes by their
 * managed pages.
 */
static void apply_free(struct import *imp, struct dmh_state *st)
{
	struct devmemhp_machine *m = imp->m;
	const unsigned int kshift = m->geo.page_shift - 10;
	bool zones = false;

	for (size_t i = 0; imp->have_zoneinfo && i < imp->nr_zones; i++)
		if (imp->zones[i].have_free && imp->zones[i].nid < (int)m->cfg.nodes) {
			dmh_acct_set_free(m, st, imp->zones[i].nid, imp->zones[i].zone,
					  imp->zones[i].free);
			zones = true;
		}
	if (zones)
		return;
	if (imp->nr_node_free) {
		for (size_t n = 0; n < imp->nr_node_free && n < m->cfg.nodes; n++)
			if (imp->have_node_free[n])
				dmh_acct_set_free(m, st, (int)n, -1, imp->node_free_kb[n] >> kshift);
		return;
	}
	if (imp->have_memfree) {
		uint64_t total = 0, left = imp->memfree_kb >> kshift;
		int last = -1;

		for (unsigned int n = 0; n < m->cfg.nodes; n++)
			for (int z = 0; z < DMH_NR_ZONES; z++)
				if (dmh_zone(st, (int)n, z)->managed)
					last = (int)n;
		for (unsigned int n = 0; n < m->cfg.nodes; n++)
			for (int z = 0; z < DMH_NR_ZONES; z++)
				total += dmh_zone(st, (int)n, z)->managed;
		for (int n = 0; n <= last; n++) {
			uint64_t managed = 0, share;

			for (int z = 0; z < DMH_NR_ZONES; z++)
				managed += dmh_zone(st, n, z)->managed;
			share = n == last ? left
					  : (uint64_t)((unsigned __int128)(imp->memfree_kb >> kshift) *
						       managed / total);
			share = DMH_MIN(share, left);
			dmh_acct_set_free(m, st, n, -1, share);
			left -= share;
		}
	}
}

static void import_free(struct import *imp)
{
	dmh_free(imp->node_free_kb);
	dmh_free(imp->have_node_free);
	dmh_restree_free(&imp->iomem);
	dmh_free(imp->blocks);
	dmh_free(imp->links);
	dmh_free(imp->zones);
	dmh_free(imp->spans);
	dmh_free(imp->private_nid);
}

/*
 * MemTotal is totalram_pages(), which adjust_managed_page_count() moves with
 * every zone's managed_pages (v6.1 mm/page_alloc.c): on a real machine the
 * two files agree.  When they do not, the model follows zoneinfo and says so.
 */
static void check_memtotal(struct import *imp)
{
	const unsigned int kshift = imp->m->geo.page_shift - 10;
	uint64_t managed = 0;

	if (!imp->have_memtotal || !imp->have_zoneinfo)
		return;
	for (size_t i = 0; i < imp->nr_zones; i++)
		managed += imp->zones[i].managed;
	if (managed << kshift != imp->memtotal_kb)
		WARN(imp, "proc/meminfo: MemTotal is %" PRIu64 " kB, but proc/zoneinfo's managed "
		     "pages add up to %" PRIu64 " kB: the model follows proc/zoneinfo",
		     imp->memtotal_kb, managed << kshift);
}

/* What proc/version's kernel means for the rest of the machine. */
static int check_kernel(struct import *imp)
{
	const struct dmh_kernel *k = imp->kernel;
	const struct devmemhp_machine *m = imp->m;

	if (m->cfg.memmap_on_memory == DMH_MOM_FORCE && !k->memmap_force)
		return BAD(imp, "proc/version", 1, "Linux %s has no memmap_on_memory=force (it came "
			   "with 6.6), which the machine was made with", k->name);
	if (imp->have_crash_hotplug && !k->crash_hotplug)
		WARN(imp, "sys/devices/system/memory/crash_hotplug is there, which came with Linux "
		     "6.6, but proc/version says Linux version %s", imp->release);
	if (k != m->kernel)
		import_note(imp, LOG_NOTICE, "proc/version: Linux version %s: the machine models "
			    "Linux %s now, not %s (%s)", imp->release, k->name, m->kernel->name,
			    m->kernel_why);
	return 0;
}

/* Build the state from what was parsed, with m's settings already moved. */
static int build(struct import *imp, struct dmh_state **out)
{
	struct devmemhp_machine *m = imp->m;
	struct dmh_state *st = NULL;
	struct pt_ctx c;
	int rc;

	rc = dmh_boot(m, &st);
	if (rc)
		return rc;
	dmh_pt_ctx_init(m, &c, false);
	dmh_restree_free(&st->iomem);
	rc = dmh_restree_clone(&st->iomem, &imp->iomem);
	if (!rc)
		rc = add_imported_ranges(imp, st, &c);
	if (!rc)
		rc = apply_blocks(imp, st);
	if (!rc)
		rc = apply_zoneinfo(imp, st);
	if (!rc) {
		pt_seal(&c, st->pgd);
		rc = apply_meminfo(imp, st);
	}
	if (!rc)
		apply_free(imp, st);
	if (!rc && dmh_state_verify(m, st, imp->why, sizeof(imp->why)))
		rc = -EINVAL;
	if (rc) {
		dmh_state_free(st);
		return rc;
	}
	*out = st;
	return 0;
}

/* Parse, check and commit: the files of imp->root or imp->files */
static int import_run(struct import *imp_)
{
	struct import imp = *imp_;
	struct devmemhp_machine *m = imp.m;
	const char *root = imp.root;
	struct dmh_txn t;
	struct dmh_boot_range *boot = NULL;
	struct dmh_state *st = NULL;
	size_t nr_boot = 0;
	int rc;

	dmh_writer_lock(m);
	dmh_restree_init(&imp.iomem, m->st->iomem.root_end);
	rc = parse_iomem(&imp);
	if (!rc)
		rc = parse_meminfo(&imp);
	if (!rc)
		rc = parse_sysfs(&imp);
	if (!rc)
		rc = parse_zoneinfo(&imp);
	if (!rc)
		rc = parse_version(&imp);
	if (!rc && imp.kernel)
		rc = check_kernel(&imp);
	if (!rc)
		rc = find_private(&imp);
	if (!rc)
		rc = collect_boot(&imp, &boot, &nr_boot);
	if (!rc)
		rc = collect_nomap(&imp, &boot, &nr_boot);
	if (rc)
		goto out;
	if (imp.have_sysfs && imp.have_zoneinfo)
		check_links(&imp, boot, nr_boot);
	check_memtotal(&imp);

	/* The machine's settings follow the files: a settings transaction
	 * gives them back if the build fails, and swaps the state in if not. */
	dmh_txn_begin_settings(m, &t);
	m->cfg.boot = boot;
	m->cfg.nr_boot = nr_boot;
	/* every node a file names exists */
	m->cfg.nodes = DMH_MAX(m->cfg.nodes, (unsigned int)(imp.max_nid + 1));
	if (imp.kernel) {
		m->kernel = imp.kernel;
		m->geo.kernel = imp.kernel->version;
		kernel_why(&imp, m->kernel_why, sizeof(m->kernel_why));
	}
	if (imp.have_cpulist) {
		memcpy(m->cfg.cpu_nodes, imp.cpu_nodes, sizeof(imp.cpu_nodes));
		m->cfg.cpu_nodes_given = true;
	}
	if (imp.have_sysfs)
		m->block_size = imp.block_size;
	/* auto_online_blocks, else online=, else the kernel's default */
	if (imp.have_sysfs && imp.online_type >= 0)
		m->cfg.online_type = imp.online_type;
	else if (!m->cfg.online_given)
		m->cfg.online_type = m->kernel->default_online_type;
	/* x86 prints DirectMap1G only with direct_gbpages */
	for (unsigned int l = 2; imp.have_meminfo && l < m->geo.levels; l++)
		if (m->arch->geometry->leaf_levels & (1u << l)) {
			if (imp.have_directmap[l]) {
				m->geo.leaf_levels |= 1u << l;
				m->geo.directmap_levels |= 1u << l;
			} else {
				m->geo.leaf_levels &= ~(1u << l);
				m->geo.directmap_levels &= ~(1u << l);
			}
		}
	kernel_code(&imp);
	m->boot_mem_end = dmh_boot_mem_end(m);
	rc = build(&imp, &st);
	t.st = st;
	if (rc)
		dmh_txn_abort(&t);
	else
		dmh_txn_commit(&t);
out:
	dmh_writer_unlock(m);
	/* no lock held: the log function may query the machine */
	for (unsigned int i = 0; i < imp.nr_warnings; i++)
		dmh_log(m, imp.warning_prio[i], __FILE__, __LINE__, __func__, "machine_import: %s: %s",
			root, imp.warnings[i]);
	if (imp.dropped_warnings)
		dmh_log(m, LOG_WARNING, __FILE__, __LINE__, __func__, "machine_import: %s: %u more "
			"warnings like these", root, imp.dropped_warnings);
	if (rc && !imp.why[0])
		snprintf(imp.why, sizeof(imp.why), "%s", strerror(-rc));
	import_free(&imp);
	if (rc)
		return dmh_err(m, rc, "machine_import: %s", imp.why);
	return 0;
}

DMH_EXPORT int devmemhp_machine_import(struct devmemhp_machine *m, const char *root)
{
	if (!m || !root)
		return dmh_err(m, -EINVAL, "machine_import: %s is NULL", !m ? "machine" : "root");
	/* "" would read this host's /proc and /sys, as "/" does: ask for that */
	if (!*root)
		return dmh_err(m, -EINVAL, "machine_import: root is empty; \"/\" imports this "
			       "host's own files");
	return import_run(&(struct import){ .m = m, .root = root, .max_nid = -1 });
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct dmh_import_file *)a)->path,
		      ((const struct dmh_import_file *)b)->path);
}

/* The same from files in memory, for the fuzzer: no file system in the way. */
int dmh_machine_import_files(struct devmemhp_machine *m, const struct dmh_import_file *files,
			     size_t nr)
{
	struct dmh_import_file *sorted;
	int rc;

	if (!m || (!files && nr))
		return dmh_err(m, -EINVAL, "machine_import: %s is NULL", !m ? "machine" : "files");
	for (size_t i = 0; i < nr; i++)
		if (!files[i].path || (!files[i].data && files[i].len))
			return dmh_err(m, -EINVAL, "machine_import: file %zu has no %s", i,
				       !files[i].path ? "path" : "data");
	sorted = dmh_calloc(nr ? nr : 1, sizeof(*sorted));
	if (!sorted)
		return dmh_err(m, -ENOMEM, "machine_import: out of memory");
	if (nr)
		memcpy(sorted, files, nr * sizeof(*sorted));
	qsort(sorted, nr, sizeof(*sorted), cmp_file);
	for (size_t i = 1; i < nr; i++)
		if (!strcmp(sorted[i - 1].path, sorted[i].path)) {
			rc = dmh_err(m, -EINVAL, "machine_import: %s is given twice", sorted[i].path);
			dmh_free(sorted);
			return rc;
		}
	rc = import_run(&(struct import){ .m = m, .root = "(memory)", .files = sorted,
					  .nr_files = nr, .max_nid = -1 });
	dmh_free(sorted);
	return rc;
}
