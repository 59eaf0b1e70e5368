/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Turn one phase of an oracle recording into the file tree a real machine
 * has: proc/{iomem,meminfo,zoneinfo,version} as recorded, and the
 * sys/devices/system/memory tree rebuilt from memory-blocks.txt (the harness
 * wrote one line per memoryN directory with every attribute in it).
 */
#include <errno.h>
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

int tu_sysroot(const char *phase, const char *root)
{
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
		if (!rc && strcmp(node, "node?")) {
			char link[4600], target[64];

			snprintf(link, sizeof(link), "%s/%s", dir, node);
			snprintf(target, sizeof(target), "../../node/%s", node);
			if (symlink(target, link) && errno != EEXIST)
				rc = -errno;
			snprintf(link, sizeof(link), "%s/sys/devices/system/node/%s", root, node);
			if (!rc)
				rc = mkdirs(link);
		}
	}
	fclose(blocks);
	return rc;
}
