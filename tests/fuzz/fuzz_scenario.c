/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The devmemhp tool's scenario language (devmemhp-scenario(5)), a line at a
 * time through the tool's own command code.  Unlike the tool, a failing line
 * does not end the run: the next lines still explore.  "import" and
 * "export-sysfs" are skipped (they would read and write the host's files).
 * An input starting "#json" runs with --json.  Asserted after each line:
 * a line that failed in the library left the machine exactly as it was; a
 * line that changed it (or made it) left it consistent (devmemhp_check()).
 * Lines that only read it (show, plan, translate…) are not compared on their
 * own: the state before a line is the one after the last line that changed it,
 * so a read that changed the machine shows at the next failing line.
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "tool.h"

static FILE *null_out;

static void close_null(void)
{
	fclose(null_out);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	null_out = fopen("/dev/null", "w");
	FUZZ_ASSERT(null_out, "cannot open /dev/null");
	atexit(close_null); /* valgrind counts what is still reachable */
	return 0;
}

static bool touches_files(const char *command)
{
	return !strcmp(command, "import") || !strcmp(command, "export-sysfs");
}

/* Commands that only read the machine (plans are fuzz_api's to compare with
 * their operations): no state compared around them, for speed. */
static bool reads_only(const char *command)
{
	static const char *const readers[] = { "show", "translate", "echo", "mark", "diff",
					       "plan" };

	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (!strcmp(command, readers[i]))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tool t = { .out = null_out, .arch = "x86_64", .file = "fuzz" };
	char *text = malloc(size + 1), *line, *next;
	struct devmemhp_machine *quiet = NULL;
	char *known = NULL; /* t.m's state as last seen */

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (!strncmp(text, "#json", 5)) {
		t.json = true;
		t.results = json_object_new_array();
	}
	for (line = text; line; line = next) {
		char *words[TOOL_MAX_WORDS];
		struct devmemhp_machine *had;
		int n, rc;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		t.line++;
		if (strlen(line) > TOOL_MAX_LINE)
			continue;
		n = tool_split(line, words, TOOL_MAX_WORDS);
		if (n <= 0 || touches_files(words[0]))
			continue;
		had = t.m;
		/* the state after the last line that changed it is the state before
		 * this one (lines that only read leave it): one snapshot a line */
		if (t.m && !known && !reads_only(words[0]))
			known = fuzz_snapshot_of(t.m, 0);
		t.error[0] = '\0';
		t.err = 0;
		rc = tool_command(&t, words, n);
		if (t.m && t.m != quiet) {
			/* the tool's own notes go to stderr: not here */
			devmemhp_set_log_fn(t.m, fuzz_quiet, NULL);
			quiet = t.m;
		}
		if (t.m != had) {
			free(known);
			known = NULL;
		}
		if (t.m && (known || t.m != had)) {
			char *after = fuzz_snapshot_of(t.m, 0);
			bool same = known && after && !strcmp(known, after);

			/* a library refusal changes nothing; the tool's own failures
			 * (TOOL_FAIL, an expect that did not hold) may follow a change */
			FUZZ_ASSERT(same || !known || rc >= 0 || rc == TOOL_FAIL ||
				    !strcmp(words[0], "expect"),
				    "line %u \"%s\" failed (%d: %s) and changed the machine", t.line,
				    line, rc, t.error);
			/* the same state checks as before: only a change is checked */
			if (!same)
				FUZZ_ASSERT(!devmemhp_check(t.m), "line %u \"%s\" left an "
					    "inconsistent machine: %s", t.line, line,
					    devmemhp_last_error(t.m));
			free(known);
			known = after;
		}
	}
	free(known);
	if (t.results)
		json_object_put(t.results);
	if (t.failure)
		json_object_put(t.failure);
	tool_marks_free(&t);
	devmemhp_machine_unref(t.m);
	free(text);
	return 0;
}
