/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The devmemhp tool: what its parts share.  A client of the public API only. */
#ifndef DEVMEMHP_TOOL_H
#define DEVMEMHP_TOOL_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "devmemhp.h"

#define TOOL_MAX_LINE 4096 /* bytes of a scenario line, its newline excluded */
#define TOOL_MAX_WORDS 64
#define TOOL_FAIL (-100000)        /* a command failed on its own, not in the library */

struct tool {
	char arch[64];               /* -a, or the last `machine` */
	char options[TOOL_MAX_LINE]; /* -o, or the last `machine` and -o */
	char cli_arch[64];           /* -a as given */
	char cli_options[TOOL_MAX_LINE]; /* -o as given */
	bool cli_arch_noted;
	const char *import_root;     /* --import, --sysroot */
	bool json;                   /* -J, --json */
	bool plan_ok;                /* --plan-ok: a plan that would fail is no failure */
	bool one_shot;               /* devmemhp COMMAND ARG...: no scenario */
	unsigned int failed_plans;   /* plans whose operation would fail */
	struct tool_mark *marks;     /* mark: the states diff compares with, oldest first */
	size_t nr_marks;
	struct devmemhp_machine *m;  /* made on first use */
	const char *file;            /* the scenario being run, for messages */
	unsigned int line;
	FILE *out;
	json_object *results;        /* --json: one entry per command */
	json_object *failure;        /* --json: where and why the scenario stopped */
	char error[512];             /* why the current command failed */
	int err;                     /* its errno, or TOOL_FAIL */
};

/* scenario.c: words and numbers */
int tool_split(char *line, char **words, int max);
int tool_parse_u64(const char *s, uint64_t *out);
int tool_parse_size(const char *s, uint64_t *out);
int tool_parse_errno(const char *s, int *out);
const char *tool_errno_name(int err);
extern bool tool_bytes; /* -b, --bytes: tool_format_size() prints exact byte counts */
void tool_format_size(uint64_t bytes, char *buf, size_t len);
#define TOOL_SIZE_BUF 64 /* enough for any tool_format_size() */
/* tool_format_size() into an array, as an expression */
#define SIZE(buf, v) (tool_format_size((v), (buf), sizeof(buf)), (buf))

/* commands.c: run one command (words[0] is its name): 0, or the library's
 * negative errno or TOOL_FAIL, with t->error */
int tool_command(struct tool *t, char **words, int n);
/* A command fails on its own: the reason in t->error; TOOL_FAIL */
int tool_fail(struct tool *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool tool_is_command(const char *name);
int tool_machine(struct tool *t);
void tool_emit(struct tool *t, const char *command, json_object *result);

/* diff.c: mark and diff, the states of a scenario compared */
struct tool_mark;
int tool_mark_machine(struct tool *t); /* the machine as made or imported */
void tool_marks_free(struct tool *t);
int cmd_mark(struct tool *t, char **w, int n);
int cmd_diff(struct tool *t, char **w, int n);

/* report.c: what the text output says */
const char *tool_zone_name(enum devmemhp_zone z); /* "none" for no zone */
void tool_leaf_name(const struct devmemhp_geometry *g, unsigned int l, char *buf, size_t len);
void report_plan(FILE *out, const struct devmemhp_machine *m, const struct devmemhp_plan *p,
		 bool remove, unsigned int flags);
void report_payers(FILE *out, const struct devmemhp_plan *p, bool inline_);
void report_nodes(FILE *out, struct devmemhp_machine *m);
json_object *json_nodes(struct devmemhp_machine *m);
void report_stats(FILE *out, const struct devmemhp_stats *s, const struct devmemhp_geometry *g);
void report_cost(FILE *out, const char *what, const struct devmemhp_plan *p,
		 const struct devmemhp_geometry *g);
/* add: one line per run of blocks the add onlined, with the rule that picked its zone */
void report_zone_whys(FILE *out, const struct devmemhp_plan *p);
/* "yes", "maybe", "whole add only", "never" (DEVMEMHP_REMOVABLE_*) */
const char *tool_removable_name(int removable);
/* remove: fails only because blocks are online, and offlining them first succeeds */
bool tool_remove_after_offline(const struct devmemhp_plan *p);

/* lsmem.c: show blocks, as lsmem(1) shows them: text to out, or a JSON
 * document to *json when json is not NULL; 0 or a negative errno */
int tool_lsmem(const struct devmemhp_machine *m, FILE *out, bool all, bool bytes,
	       json_object **json);
/* The zones a memory block is in (online; all of them when it spans zones)
 * or could be onlined to (offline): a bit per enum devmemhp_zone */
unsigned int tool_block_zones(const struct devmemhp_machine *m,
			      const struct devmemhp_memory_block *b);
json_object *tool_zones_json(unsigned int zones);

/* json.c: the same as JSON, built with json-c */
json_object *json_view(struct devmemhp_machine *m, enum devmemhp_view v);
json_object *json_stats(const struct devmemhp_stats *s);
json_object *json_plan(const struct devmemhp_plan *p, bool remove);
json_object *json_u64(uint64_t v);
json_object *json_kernel(const struct devmemhp_kernel *k);
json_object *json_zones(struct devmemhp_machine *m, uint64_t start, uint64_t size);

#endif
