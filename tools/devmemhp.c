/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * devmemhp: run a hotplug scenario, or one command of it, on the model and say
 * what it did, what it would do (plan) and what it cost.  See devmemhp(1),
 * devmemhp-scenario(5) and devmemhp-json(5).
 * Exit status: 0 every command ran and every plan would succeed, 1 a command
 * failed or a plan would fail (0 with --plan-ok), 2 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "default-scenario.h"
#include "tool.h"

static void usage(FILE *out)
{
	fputs("usage: devmemhp [OPTIONS] [FILE|-]\n"
	      "       devmemhp [OPTIONS] COMMAND [ARG...]\n"
	      "Run a memory-hotplug scenario (FILE, - for standard input; without one, the\n"
	      "bundled default), or one command of it, on the libdevmemhp model of a kernel.\n"
	      "  -a, --arch ARCH         the architecture backend (default x86_64)\n"
	      "  -o, --options OPTS      machine options, KEY=VALUE[,KEY=VALUE...]\n"
	      "  -i, --import ROOT       start from a real machine's files under ROOT\n"
	      "      --sysroot ROOT      the same, as lsmem(1) names it\n"
	      "  -J, -j, --json          print one JSON document instead of text\n"
	      "  -b, --bytes             print sizes in bytes rather than in KiB, MiB, GiB...\n"
	      "      --plan-ok           exit 0 even when a planned operation would fail\n"
	      "  -h, --help              this help\n"
	      "  -V, --version           the library's version\n"
	      "Commands: machine import set add remove online offline unmovable group resource\n"
	      "          show translate export-sysfs plan expect echo mark diff\n"
	      "          (devmemhp-scenario(5)); a first word that names one is a command.\n"
	      "Exit status: 0 ok, 1 a command failed or a plan would fail, 2 usage.\n",
	      out);
}

/* Run one line; 0, or 1 when its command failed. */
static int run_line(struct tool *t, char *line)
{
	char *words[TOOL_MAX_WORDS];
	int n = tool_split(line, words, TOOL_MAX_WORDS);

	if (n == -1) {
		snprintf(t->error, sizeof(t->error), "more than %d words", TOOL_MAX_WORDS);
		return 1;
	}
	if (n == -2) {
		snprintf(t->error, sizeof(t->error), "a double quote is not closed");
		return 1;
	}
	if (n == 0)
		return 0;
	return tool_command(t, words, n) ? 1 : 0;
}

static void report_failure(struct tool *t, const char *command)
{
	if (t->json) {
		t->failure = json_object_new_object();
		json_object_object_add(t->failure, "file", json_object_new_string(t->file));
		json_object_object_add(t->failure, "line", json_object_new_int((int)t->line));
		json_object_object_add(t->failure, "command", json_object_new_string(command));
		json_object_object_add(t->failure, "message", json_object_new_string(t->error));
	}
	fprintf(stderr, "devmemhp: %s:%u: %s: %s\n", t->file, t->line, command, t->error);
}

/* The lines of a scenario, one at a time; 1 on the first failure. */
static int line_error(struct tool *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int line_error(struct tool *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->error, sizeof(t->error), fmt, ap);
	va_end(ap);
	report_failure(t, "(line)");
	return 1;
}

static int run_stream(struct tool *t, FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	int rc = 0;

	while (!rc && (got = getline(&line, &cap, in)) != -1) {
		size_t len = (size_t)got;
		char command[TOOL_MAX_LINE + 1];
		const char *p;

		t->line++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (memchr(line, '\0', len)) {
			rc = line_error(t, "a NUL byte: not a text file");
			break;
		}
		if (len > TOOL_MAX_LINE) {
			rc = line_error(t, "the line is longer than %u bytes", TOOL_MAX_LINE);
			break;
		}
		for (p = line; *p; p++)
			if ((unsigned char)*p < 0x20 && *p != '\t')
				break;
		if (*p) {
			rc = line_error(t, "control character %#x: not a text file", (unsigned char)*p);
			break;
		}
		p = line + strspn(line, " \t");
		snprintf(command, sizeof(command), "%.*s", (int)strcspn(p, " \t#"), p);
		if (run_line(t, line)) {
			report_failure(t, command);
			rc = 1;
		}
	}
	if (!rc && ferror(in)) {
		snprintf(t->error, sizeof(t->error), "read error: %s", strerror(errno));
		report_failure(t, "(read)");
		rc = 1;
	}
	free(line);
	return rc;
}

/* A NUL byte makes a file binary: fgets() cannot say, so look first. */
static bool binary_file(FILE *f)
{
	char buf[4096];
	size_t n;
	bool bin = false;

	while (!bin && (n = fread(buf, 1, sizeof(buf), f)))
		bin = memchr(buf, '\0', n) != NULL;
	rewind(f);
	return bin;
}

enum { OPT_PLAN_OK = 0x100, OPT_SYSROOT };

static const struct option longopts[] = {
	{ "arch", required_argument, NULL, 'a' },    { "options", required_argument, NULL, 'o' },
	{ "import", required_argument, NULL, 'i' },  { "sysroot", required_argument, NULL, OPT_SYSROOT },
	{ "json", no_argument, NULL, 'J' },          { "bytes", no_argument, NULL, 'b' },
	{ "plan-ok", no_argument, NULL, OPT_PLAN_OK }, { "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },       { NULL, 0, NULL, 0 },
};

#define DONE (-1)  /* -h or -V: exit 0 */
#define USAGE (-2) /* exit 2 */

static bool needs_argument(int c)
{
	return c == 'a' || c == 'o' || c == 'i' || c == OPT_SYSROOT;
}

/* One option (c as getopt_long() returns it, arg its argument): 0, DONE or USAGE. */
static int take_option(struct tool *t, int c, char *arg)
{
	switch (c) {
	case 'a':
		snprintf(t->arch, sizeof(t->arch), "%s", arg);
		snprintf(t->cli_arch, sizeof(t->cli_arch), "%s", arg);
		return 0;
	case 'o':
		if (strlen(arg) >= sizeof(t->options)) {
			fprintf(stderr, "devmemhp: -o: the options are too long\n");
			return USAGE;
		}
		snprintf(t->options, sizeof(t->options), "%s", arg);
		snprintf(t->cli_options, sizeof(t->cli_options), "%s", arg);
		return 0;
	case 'i':
	case OPT_SYSROOT:
		t->import_root = arg;
		return 0;
	case 'j':
	case 'J':
		t->json = true;
		return 0;
	case 'b':
		tool_bytes = true;
		return 0;
	case OPT_PLAN_OK:
		t->plan_ok = true;
		return 0;
	case 'h':
		usage(stdout);
		return DONE;
	case 'V':
		printf("devmemhp %s\n", devmemhp_version());
		return DONE;
	}
	return USAGE;
}

/*
 * The tool's own options among the words of a one-shot command, up to a
 * "--": spelled out in full (-J, --json, --json=..., not an abbreviation),
 * so that the command keeps every other word, -EBUSY and --node among them.
 * Compacts words to the command's; their number, or DONE or USAGE.
 */
static int command_options(struct tool *t, char **words, int n)
{
	int kept = 0;

	for (int i = 0; i < n; i++) {
		char *w = words[i], *arg = NULL;
		int c = 0, rc;

		if (!strcmp(w, "--")) {
			while (++i < n)
				words[kept++] = words[i];
			break;
		}
		if (w[0] == '-' && w[1] && w[1] != '-' && !w[2] && strchr("aoijJbhV", w[1])) {
			c = w[1];
		} else if (w[0] == '-' && w[1] == '-') {
			size_t len = strcspn(w + 2, "=");

			for (const struct option *o = longopts; o->name; o++)
				if (strlen(o->name) == len && !strncmp(o->name, w + 2, len)) {
					c = o->val;
					if (w[2 + len] == '=') {
						if (o->has_arg == no_argument) {
							fprintf(stderr, "devmemhp: option '--%s' takes "
								"no argument\n", o->name);
							usage(stderr);
							return USAGE;
						}
						arg = w + 3 + len;
					}
				}
		}
		if (!c) {
			words[kept++] = w;
			continue;
		}
		if (!arg && needs_argument(c)) {
			if (i + 1 == n) {
				fprintf(stderr, "devmemhp: option '%s' needs an argument\n", w);
				usage(stderr);
				return USAGE;
			}
			arg = words[++i];
		}
		rc = take_option(t, c, arg);
		if (rc)
			return rc;
	}
	return kept;
}

/* devmemhp [OPTIONS] COMMAND ARG...: one command, as the line of a scenario. */
static int run_command(struct tool *t, char **words, int n)
{
	char *w[TOOL_MAX_WORDS];

	if (n > TOOL_MAX_WORDS) {
		fprintf(stderr, "devmemhp: more than %d words\n", TOOL_MAX_WORDS);
		return 2;
	}
	memcpy(w, words, (size_t)n * sizeof(w[0]));
	t->file = "(command line)";
	t->line = 1;
	t->one_shot = true;
	if (tool_command(t, w, n) == 0)
		return 0;
	if (t->json) {
		t->failure = json_object_new_object();
		json_object_object_add(t->failure, "file", json_object_new_string(t->file));
		json_object_object_add(t->failure, "line", json_object_new_int(1));
		json_object_object_add(t->failure, "command", json_object_new_string(words[0]));
		json_object_object_add(t->failure, "message", json_object_new_string(t->error));
	}
	fprintf(stderr, "devmemhp: %s: %s\n", words[0], t->error);
	return 1;
}

static FILE *open_scenario(struct tool *t, const char *file)
{
	FILE *in;

	if (!file) {
		t->file = "(default scenario)";
		return fmemopen((void *)default_scenario, strlen(default_scenario), "r");
	}
	if (!strcmp(file, "-")) {
		t->file = "(stdin)";
		return stdin;
	}
	t->file = file;
	in = fopen(file, "r");
	if (in && binary_file(in)) {
		fclose(in);
		errno = 0; /* not an errno: a NUL byte */
		return NULL;
	}
	return in;
}

int main(int argc, char **argv)
{
	struct tool t = { .out = stdout, .arch = "x86_64" };
	const char *file = NULL;
	FILE *in = NULL;
	int c, rc, first = 0, nwords = 0;
	bool dashes = false;

	opterr = 0; /* the messages below name the tool, not its libtool wrapper */
	/* Options and at most one FILE, in any order, up to a "--"; the first
	 * word that names a command ends them: the rest is the command's (with
	 * the tool's options among its words, see command_options()). */
	for (;;) {
		int before = optind;

		c = dashes ? -1 : getopt_long(argc, argv, "+:a:o:i:jJbhV", longopts, NULL);
		if (c == -1) {
			if (!dashes && optind == before + 1 && !strcmp(argv[before], "--"))
				dashes = true;
			if (optind == argc)
				break;
			if (!file && tool_is_command(argv[optind])) {
				first = optind;
				nwords = dashes ? argc - first
						: command_options(&t, argv + first, argc - first);
				break;
			}
			if (file) {
				fprintf(stderr, "devmemhp: one scenario at a time ('%s' is one too "
					"many)\n", argv[optind]);
				usage(stderr);
				return 2;
			}
			file = argv[optind++];
			continue;
		}
		if (c == ':') {
			fprintf(stderr, "devmemhp: option '%s' needs an argument\n", argv[optind - 1]);
			usage(stderr);
			return 2;
		}
		if (c == '?') {
			if (optopt)
				fprintf(stderr, "devmemhp: unknown option '-%c'\n", optopt);
			else
				fprintf(stderr, "devmemhp: unknown option '%s'\n", argv[optind - 1]);
			usage(stderr);
			return 2;
		}
		rc = take_option(&t, c, optarg);
		if (rc)
			return rc == DONE ? 0 : 2;
	}
	if (nwords == DONE)
		return 0;
	if (nwords == USAGE)
		return 2;
	if (t.json)
		t.results = json_object_new_array();
	if (first) {
		rc = run_command(&t, argv + first, nwords);
	} else {
		in = open_scenario(&t, file);
		if (!in) {
			fprintf(stderr, "devmemhp: %s: %s\n", t.file,
				errno ? strerror(errno) : "a NUL byte: not a text file");
			json_object_put(t.results);
			return 1;
		}
		rc = run_stream(&t, in);
		if (in != stdin)
			fclose(in);
	}
	/* a plan whose operation would fail answers no, as a failed command does */
	if (!rc && t.failed_plans && !t.plan_ok)
		rc = 1;
	if (t.json) {
		json_object *doc = json_object_new_object();

		json_object_object_add(doc, "scenario", json_object_new_string(t.file));
		json_object_object_add(doc, "status", json_object_new_string(
							       t.failure ? "failed" : "ok"));
		json_object_object_add(doc, "failed_plans", json_object_new_int((int)t.failed_plans));
		json_object_object_add(doc, "results", t.results);
		if (t.failure)
			json_object_object_add(doc, "error", t.failure);
		fputs(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE),
		      stdout);
		fputc('\n', stdout);
		json_object_put(doc);
	}
	tool_marks_free(&t);
	devmemhp_machine_unref(t.m);
	return rc;
}
