/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The words and numbers of the scenario language (devmemhp-scenario(5)). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "tool.h"

/*
 * Split a line into blank-separated words, in place, up to a '#' outside
 * quotes.  Double quotes group blanks into a word ("System RAM (kmem)") and
 * are taken out.  The number of words; -1 if more than max, -2 if a quote
 * is not closed.
 */
int tool_split(char *line, char **words, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		char *w;
		bool quoted = false;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			return n;
		if (n == max)
			return -1;
		words[n++] = w = p;
		for (; *p && (quoted || (*p != ' ' && *p != '\t' && *p != '#')); p++) {
			if (*p == '"')
				quoted = !quoted;
			else
				*w++ = *p;
		}
		if (quoted)
			return -2;
		if (*p == '#') {
			*w = '\0';
			return n;
		}
		if (*p)
			p++;
		*w = '\0';
	}
}

/* Decimal, or hexadecimal after 0x; the whole word, no sign. */
int tool_parse_u64(const char *s, uint64_t *out)
{
	int base = 10;
	uint64_t v = 0;

	if (!*s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return -EINVAL;
	}
	for (; *s; s++) {
		int c = tolower((unsigned char)*s), d;

		if (isdigit(c))
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			return -EINVAL;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return -ERANGE;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return 0;
}

/* A number with an optional binary suffix: K, M, G, T, P or E (either case). */
int tool_parse_size(const char *s, uint64_t *out)
{
	static const char units[] = "kmgtpe";
	char buf[64];
	size_t n = strlen(s);
	const char *u;
	unsigned int shift = 0;
	uint64_t v;
	int rc;

	if (!n || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n + 1);
	u = strchr(units, tolower((unsigned char)buf[n - 1]));
	/* a trailing hex digit of 0x... is not a suffix */
	if (u && *u && !(buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X') && isxdigit((unsigned char)buf[n - 1]))) {
		shift = 10 * (unsigned int)(u - units + 1);
		buf[--n] = '\0';
	}
	rc = tool_parse_u64(buf, &v);
	if (rc)
		return rc;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = v << shift;
	return 0;
}

static const struct {
	int err;
	const char *name;
} errnos[] = {
	{ EPERM, "EPERM" },   { ENOENT, "ENOENT" }, { EIO, "EIO" },       { ENXIO, "ENXIO" },
	{ E2BIG, "E2BIG" },   { ENOMEM, "ENOMEM" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
	{ EEXIST, "EEXIST" }, { ENODEV, "ENODEV" }, { ENOTDIR, "ENOTDIR" }, { EINVAL, "EINVAL" },
	{ ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ EUCLEAN, "EUCLEAN" }, { ENODATA, "ENODATA" },
};

/* -EEXIST, EEXIST or a number; the value is negative. */
int tool_parse_errno(const char *s, int *out)
{
	const char *name = s[0] == '-' ? s + 1 : s;
	uint64_t v;

	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (strcmp(name, errnos[i].name) == 0) {
			*out = -errnos[i].err;
			return 0;
		}
	if (tool_parse_u64(name, &v) == 0 && v > 0 && v < 4096) {
		*out = -(int)v;
		return 0;
	}
	return -EINVAL;
}

const char *tool_errno_name(int err)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].err == -err)
			return errnos[i].name;
	return "E?";
}

/* The largest binary unit the size is a whole number of ("16 MiB"). */
void tool_format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned int u = 0;

	while (u < 6 && bytes && !(bytes & 1023)) {
		bytes >>= 10;
		u++;
	}
	snprintf(buf, len, "%" PRIu64 " %s", bytes, bytes == 1 && !u ? "byte" : units[u]);
}
