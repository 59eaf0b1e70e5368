/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * devmemhp: run a hotplug scenario on the model and say what it did, what it
 * would do (plan) and what it cost.  See devmemhp(1) and devmemhp-scenario(5).
 * Exit status: 0 every command ran, 1 a command failed, 2 usage.
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
	fputs("usage: devmemhp [-a ARCH] [-o OPTIONS] [--import ROOT] [--json] [--bytes] [FILE|-]\n"
	      "Run a memory-hotplug scenario (FILE, - for standard input; without one, the\n"
	      "bundled default) on the libdevmemhp model of a kernel.\n"
	      "  -a, --arch ARCH       the architecture backend (default x86_64)\n"
	      "  -o, --options OPTS    machine options, KEY=VALUE[,KEY=VALUE...]\n"
	      "  -i, --import ROOT     start from a real machine's files under ROOT\n"
	      "  -j, --json            print one JSON document instead of text\n"
	      "  -b, --bytes           print sizes in bytes rather than in KiB, MiB, GiB...\n"
	      "  -h, --help            this help\n"
	      "  -V, --version         the library's version\n"
	      "Commands: machine import set add remove online offline unmovable group resource\n"
	      "          show translate export-sysfs plan expect echo (devmemhp-scenario(5))\n",
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

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "arch", required_argument, NULL, 'a' },  { "options", required_argument, NULL, 'o' },
		{ "import", required_argument, NULL, 'i' }, { "json", no_argument, NULL, 'j' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },        { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct tool t = { .out = stdout, .arch = "x86_64" };
	FILE *in = NULL;
	int c, rc;

	opterr = 0; /* the messages below name the tool, not its libtool wrapper */
	while ((c = getopt_long(argc, argv, ":a:o:i:jbhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			snprintf(t.arch, sizeof(t.arch), "%s", optarg);
			snprintf(t.cli_arch, sizeof(t.cli_arch), "%s", optarg);
			break;
		case 'o':
			if (strlen(optarg) >= sizeof(t.options)) {
				fprintf(stderr, "devmemhp: -o: the options are too long\n");
				return 2;
			}
			snprintf(t.options, sizeof(t.options), "%s", optarg);
			snprintf(t.cli_options, sizeof(t.cli_options), "%s", optarg);
			break;
		case 'i':
			t.import_root = optarg;
			break;
		case 'j':
			t.json = true;
			break;
		case 'b':
			tool_bytes = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("devmemhp %s\n", devmemhp_version());
			return 0;
		case ':':
			fprintf(stderr, "devmemhp: option '%s' needs an argument\n", argv[optind - 1]);
			usage(stderr);
			return 2;
		default:
			if (optopt)
				fprintf(stderr, "devmemhp: unknown option '-%c'\n", optopt);
			else
				fprintf(stderr, "devmemhp: unknown option '%s'\n", argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "devmemhp: one scenario at a time ('%s' is one too many)\n",
			argv[optind + 1]);
		usage(stderr);
		return 2;
	}
	if (optind == argc) {
		t.file = "(default scenario)";
		in = fmemopen((void *)default_scenario, strlen(default_scenario), "r");
	} else if (strcmp(argv[optind], "-") == 0) {
		t.file = "(stdin)";
		in = stdin;
	} else {
		t.file = argv[optind];
		in = fopen(t.file, "r");
		if (in && binary_file(in)) {
			fprintf(stderr, "devmemhp: %s: a NUL byte: not a text file\n", t.file);
			fclose(in);
			return 1;
		}
	}
	if (!in) {
		fprintf(stderr, "devmemhp: %s: %s\n", t.file, strerror(errno));
		return 1;
	}
	if (t.json)
		t.results = json_object_new_array();
	rc = run_stream(&t, in);
	if (in != stdin)
		fclose(in);
	if (t.json) {
		json_object *doc = json_object_new_object();

		json_object_object_add(doc, "scenario", json_object_new_string(t.file));
		json_object_object_add(doc, "status", json_object_new_string(rc ? "failed" : "ok"));
		json_object_object_add(doc, "results", t.results);
		if (t.failure)
			json_object_object_add(doc, "error", t.failure);
		fputs(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE),
		      stdout);
		fputc('\n', stdout);
		json_object_put(doc);
	}
	devmemhp_machine_unref(t.m);
	return rc;
}
