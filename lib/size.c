/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Sizes: how they are written (dmh_parse_size) and how they are printed
 * (dmh_format_size), once for the library and the tool.
 *
 * The grammar is the kernel's memparse() (lib/cmdline.c of Linux 6.1) made
 * stricter: memparse() takes simple_strtoull(ptr, &endptr, 0), then one of
 * K, M, G, T, P, E in either case, each a power of 1024.  Base 0 makes "010"
 * octal there; here a number is decimal, or hexadecimal after "0x", and a
 * leading zero means nothing.  "iB" or "B" may follow the suffix, so "1G",
 * "1GiB" and "1GB" are all 2^30, as "1G" is on the kernel command line.  In a
 * hexadecimal number the digits come first, as in memparse(): "0x1E" is 30,
 * not 1 EiB.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "size.h"

static int digit(char c, unsigned int base)
{
	unsigned int d;

	if (c >= '0' && c <= '9')
		d = (unsigned int)(c - '0');
	else if (c >= 'a' && c <= 'f')
		d = (unsigned int)(c - 'a') + 10;
	else if (c >= 'A' && c <= 'F')
		d = (unsigned int)(c - 'A') + 10;
	else
		return -1;
	return d < base ? (int)d : -1;
}

/* The digits at s; *end after them.  0, -EINVAL (no digit) or -ERANGE. */
static int parse_digits(const char *s, const char **end, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t v = 0;
	const char *p = s;
	int d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	*end = s;
	if (digit(*p, base) < 0)
		return -EINVAL;
	for (; (d = digit(*p, base)) >= 0; p++) {
		if (v > (UINT64_MAX - (uint64_t)d) / base) {
			while (digit(*p, base) >= 0)
				p++;
			*end = p;
			return -ERANGE;
		}
		v = v * base + (uint64_t)d;
	}
	*end = p;
	*out = v;
	return 0;
}

/* A number, then (if suffix) a suffix; the whole string. */
static int parse(const char *s, bool suffix, uint64_t *out)
{
	static const char units[] = "KMGTPE";
	unsigned int shift = 0;
	const char *end;
	uint64_t v;
	int rc;

	if (!s)
		return -EINVAL;
	rc = parse_digits(s, &end, &v);
	if (rc == -EINVAL)
		return rc;
	for (unsigned int i = 0; suffix && units[i]; i++)
		if (*end == units[i] || *end == units[i] + ('a' - 'A'))
			shift = 10 * (i + 1);
	if (shift) {
		end++;
		if ((end[0] == 'i' || end[0] == 'I') && (end[1] == 'B' || end[1] == 'b'))
			end += 2;
		else if (end[0] == 'B' || end[0] == 'b')
			end++;
	}
	if (*end)
		return -EINVAL; /* garbage is worse news than a big number */
	if (rc)
		return rc;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = v << shift;
	return 0;
}

int dmh_parse_number(const char *s, uint64_t *out)
{
	return parse(s, false, out);
}

int dmh_parse_size(const char *s, uint64_t *out)
{
	return parse(s, true, out);
}

void dmh_format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned int u = 0, shift;
	uint64_t whole, rest, tenths;

	if (!buf || !len)
		return;
	/* exact when short: the largest unit it is a whole number of, if that
	 * number has at most four digits ("1988 MiB", "2 TiB", "1536 bytes") */
	while (u < 6 && bytes && !(bytes & ((UINT64_C(1) << (10 * (u + 1))) - 1)))
		u++;
	if ((bytes >> (10 * u)) < 10000) {
		snprintf(buf, len, "%" PRIu64 " %s", bytes >> (10 * u),
			 bytes == 1 ? "byte" : units[u]);
		return;
	}
	/* else one decimal of the largest unit it reaches, and the count */
	for (u = 1; u < 6 && bytes >> (10 * (u + 1)); u++)
		;
	shift = 10 * u;
	whole = bytes >> shift;
	rest = bytes & ((UINT64_C(1) << shift) - 1);
	/* tenths of the unit, rounded half up; rest < 2^60, so rest * 10 fits */
	tenths = (rest * 10 + (UINT64_C(1) << (shift - 1))) >> shift;
	if (tenths == 10)
		whole++, tenths = 0;
	snprintf(buf, len, "%" PRIu64 ".%" PRIu64 " %s (%" PRIu64 " bytes)", whole, tenths,
		 units[u], bytes);
}

const char *dmh_size_text(uint64_t bytes, char *buf, size_t len)
{
	dmh_format_size(bytes, buf, len);
	return buf;
}
