/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Machine options: devmemhp_machine_new(), devmemhp_machine_set_option() and
 * a backend's default_options.  The input: one byte picks the backend, then
 * NUL-separated strings: the options, then KEY, VALUE pairs for set_option.
 * Asserted: a machine made is consistent (devmemhp_check()); a refused
 * set_option changes nothing, an accepted one leaves a consistent machine; a
 * backend registered with the options as its defaults makes the same machine
 * as the options given to its original.
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"

#define MAX_ARCHES 32
#define MAX_STRINGS 9

/* The backends, copied: arch_foreach() lends them only for the call. */
static struct backend {
	struct devmemhp_arch arch;
	struct devmemhp_geometry geometry;
} backends[MAX_ARCHES];
static unsigned int nr_arches;

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int take_arch(const struct devmemhp_arch *arch, void *data)
{
	struct backend *b = &backends[nr_arches];

	(void)data;
	if (nr_arches == MAX_ARCHES)
		return 0;
	b->arch = *arch;
	b->geometry = *arch->geometry;
	b->arch.geometry = &b->geometry;
	b->arch.name = dup_or_null(arch->name);
	b->arch.description = dup_or_null(arch->description);
	b->arch.default_options = dup_or_null(arch->default_options);
	b->arch.kernels = arch->version >= 3 ? dup_or_null(arch->kernels) : NULL;
	nr_arches++;
	return 0;
}

static void free_backends(void)
{
	for (unsigned int i = 0; i < nr_arches; i++) {
		free((char *)backends[i].arch.name);
		free((char *)backends[i].arch.description);
		free((char *)backends[i].arch.default_options);
		free((char *)backends[i].arch.kernels);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	atexit(free_backends); /* valgrind counts what is still reachable */
	devmemhp_arch_foreach(take_arch, NULL);
	FUZZ_ASSERT(nr_arches >= 9, "only %u backends", nr_arches);
	return 0;
}

static struct devmemhp_machine *machine(const char *arch, const char *options, int *rc)
{
	struct devmemhp_machine *m = NULL;

	*rc = devmemhp_machine_new(arch, options, &m);
	FUZZ_ASSERT(*rc ? !m && *rc < 0 : m != NULL, "machine_new(%s, \"%s\") = %d", arch,
		    options, *rc);
	if (m) {
		devmemhp_set_log_fn(m, fuzz_quiet, NULL);
		FUZZ_ASSERT(!devmemhp_check(m), "machine_new(%s, \"%s\") made an inconsistent "
			    "machine: %s", arch, options, devmemhp_last_error(m));
	}
	return m;
}

/* text with every "the FROM backend" said of "the TO backend" instead */
static char *renamed(const char *text, const char *from, const char *to)
{
	char *out = NULL, pat[96];
	size_t len = 0, plen;
	FILE *f = open_memstream(&out, &len);

	snprintf(pat, sizeof(pat), "the %s backend", from);
	plen = strlen(pat);
	for (const char *p = text, *hit; f; p = hit + plen) {
		hit = strstr(p, pat);
		if (!hit) {
			fputs(p, f);
			break;
		}
		fprintf(f, "%.*sthe %s backend", (int)(hit - p), p, to);
	}
	if (f)
		fclose(f);
	return out;
}

/* The options as another backend's defaults (after the original's): the
 * same machine. */
static void as_defaults(const struct devmemhp_arch *base, const char *options, int rc,
			struct devmemhp_machine *orig)
{
	struct devmemhp_arch copy = *base;
	struct devmemhp_machine *m;
	char *snap2, *defaults;
	int rc2, reg;

	/* its own defaults first, as machine_new() applies them */
	if (asprintf(&defaults, "%s%s%s", base->default_options ? base->default_options : "",
		     base->default_options && *options ? "," : "", options) < 0)
		return;
	copy.name = "fuzz-defaults";
	copy.default_options = defaults;
	reg = devmemhp_arch_register(&copy);
	free(defaults);
	if (reg)
		return; /* refused at once: fine, as long as machine_new refused it too */
	m = machine(copy.name, NULL, &rc2);
	FUZZ_ASSERT(rc2 == rc, "\"%s\": %d as options of %s, %d as its defaults (%s)", options,
		    rc, base->name, rc2, devmemhp_last_error(NULL));
	if (m) {
		/* the kernel's why names the backend; the state decides the views
		 * (but for ptdump's format: arm64's only for the built-in) */
		char *snap = fuzz_snapshot_of(orig, 0), *raw = fuzz_snapshot_of(m, 0);


		snap2 = raw ? renamed(raw, copy.name, base->name) : NULL;
		FUZZ_ASSERT(snap2 && !strcmp(snap, snap2), "\"%s\": another machine as defaults",
			    options);
		free(raw);
		free(snap2);
		free(snap);
		devmemhp_machine_unref(m);
	}
	devmemhp_arch_unregister(copy.name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct devmemhp_arch *arch;
	const char *s[MAX_STRINGS];
	struct devmemhp_machine *m;
	char *text, *snap;
	unsigned int n = 0;
	int rc;

	if (!size)
		return 0;
	arch = &backends[data[0] % nr_arches].arch;
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	for (char *p = text; n < MAX_STRINGS && p < text + size; p += strlen(p) + 1)
		s[n++] = p;
	m = machine(arch->name, s[0], &rc);
	as_defaults(arch, s[0], rc, m);
	/* the state decides the views: compare it, render none */
	snap = m && n > 2 ? fuzz_snapshot_of(m, 0) : NULL;
	for (unsigned int i = 1; m && i + 1 < n; i += 2) {
		int set = devmemhp_machine_set_option(m, s[i], s[i + 1]);
		char *now = fuzz_snapshot_of(m, 0);

		if (set) {
			FUZZ_ASSERT(set < 0, "set_option(%s, %s) = %d", s[i], s[i + 1], set);
			FUZZ_ASSERT(!strcmp(now, snap), "a refused set_option(%s, %s) changed the "
				    "machine", s[i], s[i + 1]);
		} else {
			FUZZ_ASSERT(!devmemhp_check(m), "set_option(%s, %s) left an inconsistent "
				    "machine: %s", s[i], s[i + 1], devmemhp_last_error(m));
		}
		free(snap);
		snap = now;
	}
	free(snap);
	devmemhp_machine_unref(m);
	free(text);
	return 0;
}
