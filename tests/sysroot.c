/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Turn one phase of an oracle recording into the file tree a real machine
 * has: proc/{iomem,meminfo,zoneinfo,version} as recorded, and the
 * sys/devices/system/memory tree rebuilt from memory-blocks.txt (the harness
 * wrote one line per memoryN directory with every attribute in it, and the
 * first of its nodeK links).  A block linked to several nodes gets them all
 * where the phase has memory-node-links.txt ("memory6 online nodes=0 1
 * valid_zones=none": every link, as the guest listed them).  Each link is
 * made both ways, memoryN/nodeK and node/nodeK/memoryN.
 */
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysroot.h"

static int put(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	fputs(text, f);
	return fclose(f) ? -errno : 0;
}

static int mkdirs(const char *path)
{
	char p[4096];

	snprintf(p, sizeof(p), "%s", path);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0755) && errno != EEXIST)
				return -errno;
			*s = '/';
		}
	return mkdir(p, 0755) && errno != EEXIST ? -errno : 0;
}

static int copy(const char *from, const char *to)
{
	FILE *in = fopen(from, "r"), *out;
	char buf[65536];
	size_t n;

	if (!in)
		return errno == ENOENT ? 0 : -errno; /* an absent file stays absent */
	out = fopen(to, "w");
	if (!out) {
		fclose(in);
		return -errno;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)))
		fwrite(buf, 1, n, out);
	fclose(in);
	return fclose(out) ? -errno : 0;
}

/* memoryN/nodeK -> ../../node/nodeK and node/nodeK/memoryN back */
static int link_node(const char *root, const char *dir, const char *name, const char *node)
{
	char link[4600], target[64];
	int rc;

	snprintf(link, sizeof(link), "%s/%s", dir, node);
	snprintf(target, sizeof(target), "../../node/%s", node);
	if (symlink(target, link) && errno != EEXIST)
		return -errno;
	snprintf(link, sizeof(link), "%s/sys/devices/system/node/%s", root, node);
	rc = mkdirs(link);
	if (rc)
		return rc;
	snprintf(link, sizeof(link), "%s/sys/devices/system/node/%s/%s", root, node, name);
	snprintf(target, sizeof(target), "../../memory/%s", name);
	return symlink(target, link) && errno != EEXIST ? -errno : 0;
}

/* The links memory-node-links.txt lists for block `name` ("0 1"), or NULL. */
static const char *all_links(const char *links, const char *name, char *buf, size_t len)
{
	size_t n = strlen(name);

	for (const char *p = links; p && *p;) {
		const char *nl = strchr(p, '\n'), *at = strstr(p, " nodes="), *end;

		if (!strncmp(p, name, n) && p[n] == ' ' && at && (!nl || at < nl)) {
			at += 7;
			end = strstr(at, "valid_zones=");
			if (!end || (nl && end > nl))
				end = nl ? nl : at + strlen(at);
			snprintf(buf, len, "%.*s", (int)(end - at), at);
			return buf;
		}
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static char *slurp_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, chunk[4096];
	size_t len = 0, n;
	FILE *o;

	if (!f)
		return NULL;
	o = open_memstream(&buf, &len);
	while ((n = fread(chunk, 1, sizeof(chunk), f)))
		fwrite(chunk, 1, n, o);
	fclose(f);
	fclose(o);
	return buf;
}

int tu_sysroot(const char *phase, const char *root)
{
	char *links;
	char path[4096], to[4096], mem[4096], line[1024];
	static const char *const procs[] = { "iomem", "meminfo", "zoneinfo", "version" };
	FILE *blocks;
	int rc;

	snprintf(path, sizeof(path), "%s/proc", root);
	rc = mkdirs(path);
	for (size_t i = 0; !rc && i < sizeof(procs) / sizeof(procs[0]); i++) {
		/* proc/version: the boot log's banner (linux_banner), kept as proc-version.txt */
		snprintf(path, sizeof(path), "%s/%s%s.txt", phase, strcmp(procs[i], "version") ? "" : "proc-",
			 procs[i]);
		snprintf(to, sizeof(to), "%s/proc/%s", root, procs[i]);
		rc = copy(path, to);
	}
	if (rc)
		return rc;
	snprintf(path, sizeof(path), "%s/memory-blocks.txt", phase);
	blocks = fopen(path, "r");
	if (!blocks)
		return errno == ENOENT ? 0 : -errno;
	snprintf(path, sizeof(path), "%s/memory-node-links.txt", phase);
	links = slurp_file(path);
	snprintf(mem, sizeof(mem), "%s/sys/devices/system/memory", root);
	rc = mkdirs(mem);
	while (!rc && fgets(line, sizeof(line), blocks)) {
		char name[64], pi[64], start[64], state[64], online[8], removable[8], node[32];
		char zones[128] = "", dir[4400], text[256];
		char bs[64], policy[64];

		if (sscanf(line, "# block_size_bytes=%63s auto_online_blocks=%63s", bs, policy) == 2) {
			snprintf(text, sizeof(text), "%s\n", bs);
			rc = put(mem, "block_size_bytes", text);
			snprintf(text, sizeof(text), "%s\n", policy);
			if (!rc)
				rc = put(mem, "auto_online_blocks", text);
			continue;
		}
		if (line[0] == '#' ||
		    sscanf(line, "%63s %63s %63s %63s %7s %7s %31s %127s", name, pi, start, state,
			   online, removable, node, zones) < 7)
			continue;
		for (char *c = zones; *c; c++)
			if (*c == ',')
				*c = ' ';
		snprintf(dir, sizeof(dir), "%s/%s", mem, name);
		rc = mkdirs(dir);
		snprintf(text, sizeof(text), "%s\n", pi + 2); /* "0x00000020" -> "00000020" */
		if (!rc)
			rc = put(dir, "phys_index", text);
		snprintf(text, sizeof(text), "%s\n", state);
		if (!rc)
			rc = put(dir, "state", text);
		snprintf(text, sizeof(text), "%s\n", online);
		if (!rc)
			rc = put(dir, "online", text);
		snprintf(text, sizeof(text), "%s\n", removable);
		if (!rc)
			rc = put(dir, "removable", text);
		if (!rc)
			rc = put(dir, "phys_device", "0\n");
		snprintf(text, sizeof(text), "%s\n", zones);
		if (!rc)
			rc = put(dir, "valid_zones", text);
		if (!rc && all_links(links, name, text, sizeof(text))) {
			char *save = NULL, nn[32];

			for (char *t = strtok_r(text, " ", &save); t && !rc; t = strtok_r(NULL, " ", &save)) {
				snprintf(nn, sizeof(nn), "node%s", t);
				rc = link_node(root, dir, name, nn);
			}
		} else if (!rc && strcmp(node, "node?")) {
			rc = link_node(root, dir, name, node);
		}
	}
	fclose(blocks);
	free(links);
	return rc;
}

/* ---- a root's files in memory, for dmh_machine_import_files() ----------------- */

static struct tree_read {
	size_t root_len;
	struct dmh_import_file *files;
	size_t nr, cap;
	int err;
} tree;

static int tree_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct dmh_import_file *f;
	char *data = NULL;
	size_t len = 0;

	(void)ftw;
	if (type != FTW_F && type != FTW_SL)
		return 0;
	if (type == FTW_F) {
		FILE *in = fopen(path, "r");

		if (!in)
			goto fail;
		data = malloc((size_t)st->st_size + 1);
		len = data ? fread(data, 1, (size_t)st->st_size, in) : 0;
		fclose(in);
		if (!data)
			goto fail;
	}
	if (tree.nr == tree.cap) {
		size_t cap = tree.cap ? 2 * tree.cap : 64;
		void *p = realloc(tree.files, cap * sizeof(*tree.files));

		if (!p)
			goto fail;
		tree.files = p;
		tree.cap = cap;
	}
	f = &tree.files[tree.nr++];
	/* a symbolic link (memoryN/nodeK) is there as an empty file */
	f->path = strdup(path + tree.root_len + 1);
	f->data = data ? data : strdup("");
	f->len = len;
	if (!f->path || !f->data) {
		tree.nr--;
		free((char *)f->path);
		free((char *)f->data);
		return -1;
	}
	return 0;
fail:
	free(data);
	tree.err = -errno;
	return -1;
}

int tu_tree_files(const char *root, struct dmh_import_file **files, size_t *nr)
{
	tree = (struct tree_read){ .root_len = strlen(root) };
	if (nftw(root, tree_entry, 16, FTW_PHYS)) {
		tu_tree_files_free(tree.files, tree.nr);
		return tree.err ? tree.err : -EIO;
	}
	*files = tree.files;
	*nr = tree.nr;
	return 0;
}

void tu_tree_files_free(struct dmh_import_file *files, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		free((char *)files[i].path);
		free((char *)files[i].data);
	}
	free(files);
}
