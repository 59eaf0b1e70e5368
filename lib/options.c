/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Parsing of the option string and of the numbers in it. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

int dmh_parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	uint64_t v;
	int rc = dmh_parse_number(s, &v);

	if (rc)
		return rc;
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int dmh_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "y", "yes", "on", "true" };
	static const char *const no[] = { "0", "n", "no", "off", "false" };

	for (size_t i = 0; i < DMH_ARRAY_SIZE(yes); i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int dmh_options_foreach(const char *options, int (*fn)(void *ctx, const char *key, const char *value),
			void *ctx, char *bad, size_t badlen)
{
	char *copy, *item, *save = NULL;
	int rc = 0;

	if (!options)
		return 0;
	/* only ',' separates options: a '\n' or '\t' the trim below would take
	 * for one is refused, as machine_set_option() refuses it */
	for (const char *c = options; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			snprintf(bad, badlen, "%#04x at byte %zu", (unsigned char)*c,
				 (size_t)(c - options));
			return -EILSEQ;
		}
	copy = dmh_strdup(options);
	if (!copy)
		return -ENOMEM;
	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *eq, *key, *value;

		key = trim(item);
		if (!*key)
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			snprintf(bad, badlen, "%s", key);
			rc = -EINVAL;
			break;
		}
		*eq = '\0';
		value = trim(eq + 1);
		key = trim(key);
		rc = fn(ctx, key, value);
		if (rc) {
			snprintf(bad, badlen, "%s=%s", key, value);
			break;
		}
	}
	dmh_free(copy);
	return rc;
}
