/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The option grammar and the numbers in it: one parser for machine_new()'s
 * string, a backend's default_options and machine_set_option(). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "private.h"
#include "size.h"

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

/* The first control character of s, as "0x0a at byte N" of the whole
 * string that s starts `base` bytes into. */
static bool find_control(const char *s, size_t base, char *bad, size_t badlen)
{
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			snprintf(bad, badlen, "%#04x at byte %zu", (unsigned char)*c,
				 base + (size_t)(c - s));
			return true;
		}
	return false;
}

/* What is wrong with an option: the grammar's findings, then fn()'s. */
enum refusal { BAD_CONTROL, BAD_NO_EQ, BAD_KEY, BAD_VALUE, BAD_NOMEM, BAD_UNKNOWN, BAD_BOOT_ONLY };

static enum refusal refusal_of(int rc)
{
	return rc == -ENOMEM ? BAD_NOMEM : rc == -ENOENT ? BAD_UNKNOWN :
	       rc == -EPERM ? BAD_BOOT_ONLY : BAD_VALUE;
}

/* Every refusal, worded once for all three callers: only oc->who differs. */
static int option_refuse(const struct devmemhp_machine *m, const struct dmh_option_ctx *oc,
			 enum refusal r, const char *key, const char *value, const char *why)
{
	const char *who = oc->who;

	switch (r) {
	case BAD_CONTROL: /* why: where */
		return dmh_err(m, -EINVAL, "%s: the options hold a control character (%s): only ',' "
			       "separates options", who, why);
	case BAD_NO_EQ:
		return dmh_err(m, -EINVAL, "%s: %s: bad value (expected key=value)", who, key);
	case BAD_KEY:
		return dmh_err(m, -EINVAL, "%s: %s=%s: bad key (expected key=value)", who, key, value);
	case BAD_NOMEM:
		return dmh_err(m, -ENOMEM, "%s: out of memory", who);
	case BAD_UNKNOWN:
		return dmh_err(m, -EINVAL, "%s: %s: unknown option key for %s", who, key, oc->arch);
	case BAD_BOOT_ONLY:
		return dmh_err(m, -EPERM, "%s: %s: cannot change after boot (give it to machine_new)",
			       who, key);
	case BAD_VALUE:
		break;
	}
	if (why && *why)
		return dmh_err(m, -EINVAL, "%s: %s=%s: %s", who, key, value, why);
	/* -ERANGE of a number too large is a bad value like any other */
	return dmh_err(m, -EINVAL, "%s: %s=%s: bad value", who, key, value);
}

/* One key=value, split: a key is not empty and holds no '=' or ',', a value
 * no ',' (those two only machine_set_option() can be given). */
static int option_one(const struct devmemhp_machine *m, const struct dmh_option_ctx *oc,
		      const char *key, const char *value)
{
	char why[DMH_WHY_LEN] = "";
	int rc;

	if (!*key || strpbrk(key, "=,"))
		return option_refuse(m, oc, BAD_KEY, key, value, NULL);
	if (strchr(value, ','))
		return option_refuse(m, oc, BAD_VALUE, key, value, "',' separates options");
	rc = oc->fn(oc->ctx, key, value, why, sizeof(why));
	return rc ? option_refuse(m, oc, refusal_of(rc), key, value, why) : 0;
}

int dmh_options_apply(const struct devmemhp_machine *m, const struct dmh_option_ctx *oc,
		      const char *options)
{
	char *copy, *item, *save = NULL, bad[64];
	int rc = 0;

	if (!options)
		return 0;
	/* only ',' separates options: a '\n' or '\t' the trim below would take
	 * for one is refused */
	if (find_control(options, 0, bad, sizeof(bad)))
		return option_refuse(m, oc, BAD_CONTROL, NULL, NULL, bad);
	copy = dmh_strdup(options);
	if (!copy)
		return option_refuse(m, oc, BAD_NOMEM, NULL, NULL, NULL);
	/* blanks around items, keys and values are layout; an empty item is none */
	for (item = strtok_r(copy, ",", &save); item && !rc; item = strtok_r(NULL, ",", &save)) {
		char *key = trim(item), *eq = strchr(key, '=');

		if (!*key)
			continue;
		if (!eq) {
			rc = option_refuse(m, oc, BAD_NO_EQ, key, NULL, NULL);
			break;
		}
		*eq = '\0';
		rc = option_one(m, oc, trim(key), trim(eq + 1));
	}
	dmh_free(copy);
	return rc;
}

int dmh_option_apply(const struct devmemhp_machine *m, const struct dmh_option_ctx *oc,
		     const char *key, const char *value)
{
	char bad[64];

	/* where the byte would be in "key=value" */
	if (find_control(key, 0, bad, sizeof(bad)) ||
	    find_control(value, strlen(key) + 1, bad, sizeof(bad)))
		return option_refuse(m, oc, BAD_CONTROL, NULL, NULL, bad);
	return option_one(m, oc, key, value);
}
