/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The one size grammar of the library and the tool, and the one way both
 * print a size to people.  lib/size.c is compiled into the library (hidden:
 * not exported) and, as its own copy, into the tool.  Self-contained: no
 * config.h, no private.h.
 */
#ifndef DEVMEMHP_SIZE_H
#define DEVMEMHP_SIZE_H

#include <stddef.h>
#include <stdint.h>

/* A number: decimal, or hexadecimal after 0x; never octal ("010" is ten).
 * The whole string, no sign, no blanks.  0, -EINVAL or -ERANGE. */
int dmh_parse_number(const char *s, uint64_t *out);
/* A number with an optional binary suffix K, M, G, T, P or E in either case,
 * itself optionally followed by "iB" or "B": "1G", "1GiB", "1GB" and "1g" are
 * all 2^30, as the kernel's memparse() reads "1G".  0, -EINVAL or -ERANGE. */
int dmh_parse_size(const char *s, uint64_t *out);
/* For people: exact when short, as the largest unit it is a whole number of
 * if that number has at most four digits ("2 TiB", "1988 MiB", "512 bytes");
 * else one decimal of the largest unit it reaches and the exact count:
 * "1023.6 MiB (1073348608 bytes)".  Always NUL-terminated; DMH_SIZE_BUF
 * is always enough. */
#define DMH_SIZE_BUF 48
void dmh_format_size(uint64_t bytes, char *buf, size_t len);
/* dmh_format_size() as an expression: buf */
const char *dmh_size_text(uint64_t bytes, char *buf, size_t len);

#endif
