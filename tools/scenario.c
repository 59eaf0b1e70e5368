/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The words and numbers of the scenario language (devmemhp-scenario(5)). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "tool.h"
#include "../lib/size.h"

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

/* Decimal, or hexadecimal after 0x; the whole word, no sign (lib/size.c). */
int tool_parse_u64(const char *s, uint64_t *out)
{
	return dmh_parse_number(s, out);
}

/* The size grammar of the library, from the same source (lib/size.c): a
 * number with an optional binary suffix, "1G", "1GiB", "1GB", "0x40000000". */
int tool_parse_size(const char *s, uint64_t *out)
{
	return dmh_parse_size(s, out);
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

bool tool_bytes; /* -b, --bytes: exact byte counts in text output */

/* "2 TiB", "1023.6 MiB (1073348608 bytes)" (lib/size.c); with --bytes,
 * "1073348608 bytes". */
void tool_format_size(uint64_t bytes, char *buf, size_t len)
{
	if (tool_bytes)
		snprintf(buf, len, "%" PRIu64 " byte%s", bytes, bytes == 1 ? "" : "s");
	else
		dmh_format_size(bytes, buf, len);
}
