/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* options.c: the one option grammar (key=value lists). */
#ifndef DEVMEMHP_OPTIONS_H
#define DEVMEMHP_OPTIONS_H

#include <stdbool.h>

#include "devmemhp.h"

/* ---- options.c: the option string -------------------------------------- */

/* Sizes and numbers (dmh_parse_size, dmh_parse_number) are in size.h;
 * a number of the same grammar, at most max: */
int dmh_parse_uint(const char *s, unsigned long long max, unsigned long long *out);
int dmh_parse_bool(const char *s, bool *out);
/* The one option grammar.  fn() takes one key=value: 0, or -ENOENT for a
 * key it does not know, -EPERM for one it takes only at boot, -ENOMEM, or
 * any other errno for a bad value (with why, or "" for "bad value").  Every
 * refusal is logged as "who: item: reason" and returned as -EINVAL (-EPERM,
 * -ENOMEM). */
struct dmh_option_ctx {
	const char *who;  /* "machine_new", "machine_set_option", ... */
	const char *arch; /* the backend's name, for an unknown key */
	int (*fn)(void *ctx, const char *key, const char *value, char *why, size_t whylen);
	void *ctx;
};
/* A comma-separated "key=value" list, NULL or "" for none. */
int dmh_options_apply(const struct devmemhp_machine *m, const struct dmh_option_ctx *oc,
		      const char *options);
/* One key and its value, as one item of such a list. */
int dmh_option_apply(const struct devmemhp_machine *m, const struct dmh_option_ctx *oc,
		     const char *key, const char *value);

#endif /* DEVMEMHP_OPTIONS_H */
