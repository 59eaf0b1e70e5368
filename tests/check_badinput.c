/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Bad input at the API edge, as a table: each row is one exported function,
 * one argument case and the result the man page promises (issue 12, part 4).
 *
 * Every row runs on one machine of each backend in `backends` (x86_64 and
 * arm64), which no row may change, and asserts:
 *   - the exact return value (a negative errno, 0 where the documentation
 *     allows the input, or NULL/non-NULL for functions returning pointers);
 *   - the message: a failure concerning the machine went to its log function
 *     at LOG_ERR with the text devmemhp_last_error(m) returns (a query's "no
 *     such thing" at LOG_DEBUG: nothing at the default priority); a failure
 *     concerning no machine is in devmemhp_last_error(NULL) and reached no log
 *     function; calls documented to record nothing left the record as it was;
 *   - the machine is unchanged: stats, the IOMEM view and the canonical dump
 *     are byte-identical, devmemhp_check() is 0, and a sized out-struct has
 *     not been written past its .size.
 *
 * Rows never depend on each other.  Columns: function, the case, the expected
 * result, the message kind, then the arguments that case sets.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "testutil.h"

/* ---- the functions ------------------------------------------------------------ */

enum fn {
	F_VERSION,
	F_FLAGS_VALIDATE,
	F_FLAGS_TO_STRING,
	F_FLAGS_FROM_STRING,
	F_FLAGS_FROM_MEMORY_TYPE,
	F_FLAGS_TO_MEMORY_TYPE,
	F_ZONE_NAME,
	F_MACHINE_NEW,
	F_MACHINE_REF,
	F_MACHINE_UNREF,
	F_MACHINE_ARCH,
	F_SET_OPTION,
	F_GET_GEOMETRY,
	F_SET_LOG_FN,
	F_SET_LOG_PRIORITY,
	F_GET_LOG_PRIORITY,
	F_LAST_ERROR,
	F_GET_KERNEL,
	F_ADD_MEMORY,
	F_REMOVE_MEMORY,
	F_ONLINE_MEMORY,
	F_OFFLINE_MEMORY,
	F_SET_PAGE_UNMOVABLE,
	F_FIND_FREE_REGION,
	F_VIRT_TO_PHYS,
	F_PHYS_TO_VIRT,
	F_PAGE_INFO,
	F_GET_STATS,
	F_ZONE_INFO_GET,
	F_NODE_INFO_GET,
	F_MEMORY_BLOCK_GET,
	F_MEMORY_BLOCK_FOREACH,
	F_CHECK,
	F_ARCH_REGISTER,
	F_ARCH_UNREGISTER,
	F_ARCH_FOREACH,
	F_ADD_MEMORY_EX,
	F_PLAN_ADD,
	F_PLAN_REMOVE,
	F_GROUP_NEW,
	F_GROUP_REMOVE,
	F_RESOURCE_ADD,
	F_RESOURCE_REMOVE,
	F_RESOURCE_FOREACH,
	F_ZONE_FOREACH,
	F_MAPPING_FOREACH,
	F_WRITE_VIEW,
	F_EXPORT_SYSFS,
	F_MACHINE_IMPORT,
	F_COUNT
};

static const char *const fn_names[F_COUNT] = {
	"version", "flags_validate", "flags_to_string", "flags_from_string",
	"flags_from_memory_type", "flags_to_memory_type", "zone_name", "machine_new",
	"machine_ref", "machine_unref", "machine_arch", "machine_set_option",
	"machine_get_geometry", "set_log_fn", "set_log_priority", "get_log_priority",
	"last_error", "machine_get_kernel", "add_memory", "remove_memory", "online_memory",
	"offline_memory", "set_page_unmovable", "find_free_region", "virt_to_phys",
	"phys_to_virt", "page_info", "get_stats", "zone_info_get", "node_info_get",
	"memory_block_get", "memory_block_foreach", "check", "arch_register",
	"arch_unregister", "arch_foreach", "add_memory_ex", "plan_add", "plan_remove",
	"memory_group_new", "memory_group_remove", "resource_add", "resource_remove",
	"resource_foreach", "zone_foreach", "mapping_foreach", "write_view", "export_sysfs",
	"machine_import",
};

/* Results of functions that return a pointer (or nothing). */
#define R_NULL 1    /* returned NULL */
#define R_NONNULL 2 /* returned a pointer (the right one, where that is known) */

/* What the row expects of the message record and the log function. */
enum msg {
	MSG_M,     /* logged at LOG_ERR to m's log function; devmemhp_last_error(m) */
	MSG_NULLM, /* devmemhp_last_error(NULL); no log function called */
	MSG_NONE,  /* nothing recorded, nothing logged */
	MSG_PLAN,  /* a plan's answer: plan.reason; nothing logged at LOG_ERR */
	MSG_MISS,  /* a query's "no such thing": devmemhp_last_error(m), logged at
		    * LOG_DEBUG only (nothing at the default priority) */
};

/* Pointer arguments passed as NULL (bit per argument, m first). */
#define N_M (1u << 0)
#define N_1 (1u << 1) /* the first pointer argument after m */
#define N_2 (1u << 2)
#define N_3 (1u << 3)

/* A sized struct's .size. */
enum sz { SZ_FULL, SZ_0, SZ_1, SZ_WORD_1, SZ_SHORT, SZ_V1, SZ_MAX };

/* What an address column is relative to (per backend). */
enum base { B_ABS, B_FREE, B_BOOT, B_VA };

struct row {
	enum fn fn;
	const char *what;
	int want;          /* the return value */
	enum msg msg;
	unsigned int nul;  /* N_*: pointer arguments that are NULL */
	enum sz sz;        /* .size of the struct argument */
	enum base base;    /* a is relative to this */
	uint64_t a, b;     /* start/size, pfn, va, pa, id ... */
	long long i;       /* nid, zone, view, region, desc, priority, type, unmovable */
	long long j;       /* second int: zone for zone_info_get, dynamic for group_new */
	unsigned int f;    /* flags, DEVMEMHP_RES_* */
	const char *s1, *s2; /* arch/options, key/value, name, dir, root */
	/* add_params */
	unsigned int opt;
	long long pg;
	uint64_t grp, altr, altf, cmp;
	int res;           /* plan: the expected plan.result */
	enum sz psz;       /* plan_add: params.size (.sz is plan.size) */
	const char *only;  /* run on this backend only (phys_bits differ) */
	/* arch_register: the member to break */
	int arch_bad;
};

#define R(F, W, M, WHAT, ...) { .fn = F, .want = W, .msg = M, .what = WHAT, __VA_ARGS__ }
#define NOSZ .sz = SZ_FULL

/* arch_register: what to break in an otherwise valid backend */
enum arch_bad {
	AB_NONE, AB_VERSION0, AB_VERSION_FUTURE, AB_NAME_NULL, AB_NAME_EMPTY, AB_NAME_COMMA,
	AB_NAME_SPACE, AB_NAME_NEWLINE, AB_NAME_DEL, AB_DESC_TAB, AB_DESC_ESC, AB_GEO_NULL,
	AB_CAPS_UNKNOWN, AB_CAPS_UNADDR, AB_CAPS_MAXPFN, AB_GEO_SIZE, AB_KERNELS_EMPTY,
	AB_KERNELS_BOGUS, AB_KERNELS_UNKNOWN, AB_NAME_TAKEN, AB_GEO_PAGE_SHIFT,
	AB_GEO_LEVELS, AB_KERNELS_SEP,
};

/* Long strings, filled in by main() before the rows run. */
static char long_options[70000];  /* "a=aaaa...": an unknown key, 64 KiB of value */
static char long_value[70000];    /* "nodes=000...01": 65 KiB of digits, a number that is 1 */
static char long_commas[70000];   /* ",,,, ... ,": empty items only */
static char long_name[70000];     /* 64 KiB name */
static char long_dir[8192];       /* a directory path longer than PATH_MAX */

#define BLK (128 * MiB)
#define NOMOVE (DEVICE_MEMORY_MOVABLE)
#define NOUNADDR (DEVICE_MEMORY_UNADDRESSABLE)
#define U64MAX UINT64_MAX
#define OVF_START (UINT64_MAX - 4095) /* with a size of 8192, start+size overflows */

static const struct row rows[] = {
	/* ---- version, classification: no pointers but outputs ---------------- */
	R(F_VERSION, R_NONNULL, MSG_NONE, "the version string"),
	R(F_FLAGS_VALIDATE, -EINVAL, MSG_NONE, "bit 3", .f = 0x8),
	R(F_FLAGS_VALIDATE, -EINVAL, MSG_NONE, "bit 31", .f = 0x80000000u),
	R(F_FLAGS_VALIDATE, -EINVAL, MSG_NONE, "all bits", .f = UINT_MAX),
	R(F_FLAGS_VALIDATE, -EINVAL, MSG_NONE, "MOVABLE without DEVICE", .f = NOMOVE),
	R(F_FLAGS_VALIDATE, -EINVAL, MSG_NONE, "UNADDRESSABLE without DEVICE", .f = NOUNADDR),
	R(F_FLAGS_VALIDATE, -EINVAL, MSG_NONE, "DEVICE and bit 4", .f = DEV | 0x10),
	R(F_FLAGS_TO_STRING, -EINVAL, MSG_NONE, "buf NULL", .nul = N_1, .b = 64),
	R(F_FLAGS_TO_STRING, -EINVAL, MSG_NONE, "buf NULL, size 0", .nul = N_1, .b = 0),
	R(F_FLAGS_TO_STRING, -EINVAL, MSG_NONE, "size 0", .b = 0),
	R(F_FLAGS_TO_STRING, -ERANGE, MSG_NONE, "size 1", .b = 1),
	R(F_FLAGS_TO_STRING, -ERANGE, MSG_NONE, "size 3 for ram", .b = 3),
	R(F_FLAGS_TO_STRING, -ERANGE, MSG_NONE, "size 6 for device", .b = 6, .f = DEV),
	R(F_FLAGS_TO_STRING, -ERANGE, MSG_NONE, "size 7 for device|movable", .b = 7, .f = DEV_MOVABLE),
	R(F_FLAGS_TO_STRING, -EINVAL, MSG_NONE, "unknown bits", .b = 64, .f = 0x100),
	R(F_FLAGS_TO_STRING, -EINVAL, MSG_NONE, "MOVABLE without DEVICE", .b = 64, .f = NOMOVE),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "s NULL", .nul = N_1),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "flags NULL", .nul = N_2, .s1 = "device"),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "both NULL", .nul = N_1 | N_2),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "empty", .s1 = ""),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "a lone |", .s1 = "|"),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "trailing |", .s1 = "device|"),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "empty name between |", .s1 = "device||movable"),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "unknown name", .s1 = "bogus"),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "movable alone", .s1 = "movable"),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "unaddressable alone", .s1 = "unaddressable"),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "a newline", .s1 = "device\n"),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "a tab separator", .s1 = "device\tmovable"),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "a comma separator", .s1 = "device,movable"),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "ram|device", .s1 = "ram|device"),
	R(F_FLAGS_FROM_STRING, -EINVAL, MSG_NONE, "64 KiB name", .s1 = long_name),
	R(F_FLAGS_FROM_MEMORY_TYPE, -EINVAL, MSG_NONE, "type 0", .i = 0),
	R(F_FLAGS_FROM_MEMORY_TYPE, -EINVAL, MSG_NONE, "type 6", .i = 6),
	R(F_FLAGS_FROM_MEMORY_TYPE, -EINVAL, MSG_NONE, "type -1", .i = -1),
	R(F_FLAGS_FROM_MEMORY_TYPE, -EINVAL, MSG_NONE, "type INT_MAX", .i = INT_MAX),
	R(F_FLAGS_FROM_MEMORY_TYPE, -EINVAL, MSG_NONE, "type INT_MIN", .i = INT_MIN),
	R(F_FLAGS_FROM_MEMORY_TYPE, 0, MSG_NONE, "flags NULL (allowed)", .i = 1, .nul = N_1),
	R(F_FLAGS_FROM_MEMORY_TYPE, 0, MSG_NONE, "pgprot NULL (allowed)", .i = 3, .nul = N_2),
	R(F_FLAGS_FROM_MEMORY_TYPE, 0, MSG_NONE, "both NULL (allowed)", .i = 5, .nul = N_1 | N_2),
	R(F_FLAGS_FROM_MEMORY_TYPE, -EINVAL, MSG_NONE, "type 0, both NULL", .i = 0, .nul = N_1 | N_2),
	R(F_FLAGS_TO_MEMORY_TYPE, -EINVAL, MSG_NONE, "type NULL", .f = DEV, .nul = N_1),
	R(F_FLAGS_TO_MEMORY_TYPE, -EINVAL, MSG_NONE, "system RAM", .f = 0),
	R(F_FLAGS_TO_MEMORY_TYPE, -EINVAL, MSG_NONE, "unknown bits", .f = DEV | 0x8),
	R(F_FLAGS_TO_MEMORY_TYPE, -EINVAL, MSG_NONE, "MOVABLE without DEVICE", .f = NOMOVE),
	R(F_FLAGS_TO_MEMORY_TYPE, -EINVAL, MSG_NONE, "UINT_MAX", .f = UINT_MAX),
	R(F_ZONE_NAME, R_NULL, MSG_NONE, "AUTO", .i = DEVMEMHP_ZONE_AUTO),
	R(F_ZONE_NAME, R_NULL, MSG_NONE, "NONE", .i = DEVMEMHP_ZONE_NONE),
	R(F_ZONE_NAME, R_NULL, MSG_NONE, "8", .i = 8),
	R(F_ZONE_NAME, R_NULL, MSG_NONE, "-1", .i = -1),
	R(F_ZONE_NAME, R_NULL, MSG_NONE, "INT_MAX", .i = INT_MAX),
	R(F_ZONE_NAME, R_NULL, MSG_NONE, "INT_MIN", .i = INT_MIN),

	/* ---- machine_new: out, arch, the option grammar --------------------- */
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "out NULL", .nul = N_3, .s1 = "x86_64"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "out NULL, arch unknown", .nul = N_3, .s1 = "bogus"),
	R(F_MACHINE_NEW, 0, MSG_NONE, "arch NULL is x86_64 (allowed)", .nul = N_1),
	R(F_MACHINE_NEW, 0, MSG_NONE, "options NULL (allowed)", .nul = N_2, .s1 = "x86_64"),
	R(F_MACHINE_NEW, 0, MSG_NONE, "options empty", .s1 = "x86_64", .s2 = ""),
	R(F_MACHINE_NEW, 0, MSG_NONE, "empty items and spaces", .s1 = "x86_64", .s2 = " , ,nodes = 2 ,,"),
	R(F_MACHINE_NEW, 0, MSG_NONE, "64 KiB of commas", .s1 = "x86_64", .s2 = long_commas),
	R(F_MACHINE_NEW, 0, MSG_NONE, "65 KiB of leading zeros", .s1 = "x86_64", .s2 = long_value),
	R(F_MACHINE_NEW, -ENOENT, MSG_NULLM, "arch empty", .s1 = ""),
	R(F_MACHINE_NEW, -ENOENT, MSG_NULLM, "arch unknown", .s1 = "vax"),
	R(F_MACHINE_NEW, -ENOENT, MSG_NULLM, "arch with a newline", .s1 = "x86_64\n"),
	R(F_MACHINE_NEW, -ENOENT, MSG_NULLM, "arch with a control character", .s1 = "x86\x01" "64"),
	R(F_MACHINE_NEW, -ENOENT, MSG_NULLM, "arch of 64 KiB", .s1 = long_name),
	R(F_MACHINE_NEW, -ENOENT, MSG_NULLM, "arch X86_64 (case)", .s1 = "X86_64"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "nodes=99999999999999999999", .s1 = "x86_64", .s2 = "nodes=99999999999999999999"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "nodes=18446744073709551616", .s1 = "x86_64", .s2 = "nodes=18446744073709551616"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "nodes=0", .s1 = "x86_64", .s2 = "nodes=0"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "nodes=-1", .s1 = "x86_64", .s2 = "nodes=-1"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "nodes=1025", .s1 = "x86_64", .s2 = "nodes=1025"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "nodes=0x", .s1 = "x86_64", .s2 = "nodes=0x"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "nodes=1x", .s1 = "x86_64", .s2 = "nodes=1x"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "nodes=", .s1 = "x86_64", .s2 = "nodes="),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot=0-1G;;1G-2G", .s1 = "x86_64", .s2 = "boot=0-1G;;1G-2G"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot=;0-1G", .s1 = "x86_64", .s2 = "boot=;0-1G"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot=0-1G;", .s1 = "x86_64", .s2 = "boot=0-1G;"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot=", .s1 = "x86_64", .s2 = "boot="),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot=;", .s1 = "x86_64", .s2 = "boot=;"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot=1G-0 (ends before it starts)", .s1 = "x86_64", .s2 = "boot=1G-0"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot=0-0", .s1 = "x86_64", .s2 = "boot=0-0"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot=0-1G; 1G-2G (a space)", .s1 = "x86_64", .s2 = "boot=0-1G; 1G-2G"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot overlapping", .s1 = "x86_64", .s2 = "boot=0-1G;512M-2G"),
	R(F_MACHINE_NEW, 0, MSG_NONE, "boot out of order (sorted)", .s1 = "x86_64", .s2 = "boot=1G-2G;0-512M"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot on node 1 of 1", .s1 = "x86_64", .s2 = "boot=0-1G@1"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot@99999999999", .s1 = "x86_64", .s2 = "boot=0-1G@99999999999"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot@-1", .s1 = "x86_64", .s2 = "boot=0-1G@-1"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot@ empty", .s1 = "x86_64", .s2 = "boot=0-1G@"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot:bogus", .s1 = "x86_64", .s2 = "boot=0-1G:bogus"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot beyond phys_bits", .s1 = "x86_64", .s2 = "boot=0-0xffffffffffffffff"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot=0-99999999999999999999", .s1 = "x86_64", .s2 = "boot=0-99999999999999999999"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot=0-16E (overflows)", .s1 = "x86_64", .s2 = "boot=0-16E"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot holding no whole page", .s1 = "x86_64", .s2 = "boot=0x1000-0x1800"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "boot all nomap", .s1 = "x86_64", .s2 = "boot=0-1G:nomap"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "a=1\\nb=2", .s1 = "x86_64", .s2 = "a=1\nb=2"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "nodes=2\\nonline=offline", .s1 = "x86_64", .s2 = "nodes=2\nonline=offline"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "a tab between items", .s1 = "x86_64", .s2 = "nodes=2\tonline=offline"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "a carriage return", .s1 = "x86_64", .s2 = "nodes=2\r"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "DEL", .s1 = "x86_64", .s2 = "nodes=2\x7f"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "ESC in a key", .s1 = "x86_64", .s2 = "no\x1b" "des=2"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "=1 (no key)", .s1 = "x86_64", .s2 = "=1"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "= alone", .s1 = "x86_64", .s2 = "="),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "no =", .s1 = "x86_64", .s2 = "nodes"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "a=1 (unknown key)", .s1 = "x86_64", .s2 = "a=1"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "NODES=2 (case)", .s1 = "x86_64", .s2 = "NODES=2"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "nodes==2", .s1 = "x86_64", .s2 = "nodes==2"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "a ; separator", .s1 = "x86_64", .s2 = "nodes=2;online=offline"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "a space separator", .s1 = "x86_64", .s2 = "nodes=2 online=offline"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "levels=", .s1 = "x86_64", .s2 = "levels="),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "levels=1", .s1 = "x86_64", .s2 = "levels=1"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "levels=7", .s1 = "x86_64", .s2 = "levels=7"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "levels=4294967300", .s1 = "x86_64", .s2 = "levels=4294967300"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "phys_bits=65", .s1 = "x86_64", .s2 = "phys_bits=65"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "phys_bits=0", .s1 = "x86_64", .s2 = "phys_bits=0"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "phys_bits=12", .s1 = "x86_64", .s2 = "phys_bits=12"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "online=bogus", .s1 = "x86_64", .s2 = "online=bogus"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "online=", .s1 = "x86_64", .s2 = "online="),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "online_policy=", .s1 = "x86_64", .s2 = "online_policy="),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "online_policy=Auto-Movable", .s1 = "x86_64", .s2 = "online_policy=Auto-Movable"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "auto_movable_ratio=4294967296", .s1 = "x86_64", .s2 = "auto_movable_ratio=4294967296"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "auto_movable_ratio=-1", .s1 = "x86_64", .s2 = "auto_movable_ratio=-1"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "auto_movable_numa_aware=2", .s1 = "x86_64", .s2 = "auto_movable_numa_aware=2"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "movable_node=maybe", .s1 = "x86_64", .s2 = "movable_node=maybe"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "memmap_on_memory=Force", .s1 = "x86_64", .s2 = "memmap_on_memory=Force"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "hypervisor=", .s1 = "x86_64", .s2 = "hypervisor="),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "zone_device=yes please", .s1 = "x86_64", .s2 = "zone_device=yes please"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "kernel=", .s1 = "x86_64", .s2 = "kernel="),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "kernel=9.99", .s1 = "x86_64", .s2 = "kernel=9.99"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "kernel=6.1.0.0", .s1 = "x86_64", .s2 = "kernel=6.1.0.0"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "kernel=99999999999999999999.1", .s1 = "x86_64", .s2 = "kernel=99999999999999999999.1"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "cpu_nodes=5 of 1", .s1 = "x86_64", .s2 = "cpu_nodes=5"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "cpu_nodes=99999999999999999999", .s1 = "x86_64", .s2 = "cpu_nodes=99999999999999999999"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "reserved=bogus", .s1 = "x86_64", .s2 = "reserved=bogus"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "reserved on node 3 of 1", .s1 = "x86_64", .s2 = "reserved=1M@3"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "reserved=99999999999999999999", .s1 = "x86_64", .s2 = "reserved=99999999999999999999"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "64 KiB unknown option", .s1 = "x86_64", .s2 = long_options),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "the good then a bad item", .s1 = "x86_64", .s2 = "nodes=2,online=offline,bogus"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "arm64 key on x86_64", .s1 = "x86_64", .s2 = "rodata_full=1"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "arm64 rodata_full=2", .s1 = "arm64", .s2 = "rodata_full=2"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "arm64 a=1\\nb=2", .s1 = "arm64", .s2 = "a=1\nb=2"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "arm64 boot=0-1G;;1G-2G", .s1 = "arm64", .s2 = "boot=1G-2G;;2G-3G"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "arm64 boot below PHYS_OFFSET", .s1 = "arm64", .s2 = "boot=0-1G"),
	R(F_MACHINE_NEW, -EINVAL, MSG_NULLM, "riscv64 nodes=99999999999999999999", .s1 = "riscv64", .s2 = "nodes=99999999999999999999"),

	/* ---- ref, unref, arch: NULL is allowed ------------------------------------ */
	R(F_MACHINE_REF, R_NULL, MSG_NONE, "m NULL (allowed)", .nul = N_M),
	R(F_MACHINE_REF, R_NONNULL, MSG_NONE, "m (a reference taken and dropped)"),
	R(F_MACHINE_UNREF, R_NULL, MSG_NONE, "m NULL (allowed)", .nul = N_M),
	R(F_MACHINE_ARCH, R_NULL, MSG_NONE, "m NULL", .nul = N_M),
	R(F_MACHINE_ARCH, R_NONNULL, MSG_NONE, "m"),

	/* ---- machine_set_option ------------------------------------------------ */
	R(F_SET_OPTION, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .s1 = "online", .s2 = "offline"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "key NULL", .nul = N_1, .s2 = "offline"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "value NULL", .nul = N_2, .s1 = "online"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "key and value NULL", .nul = N_1 | N_2),
	R(F_SET_OPTION, -EINVAL, MSG_NULLM, "all NULL", .nul = N_M | N_1 | N_2),
	R(F_SET_OPTION, -EINVAL, MSG_M, "key empty", .s1 = "", .s2 = "1"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "key unknown", .s1 = "bogus", .s2 = "1"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "key with a newline", .s1 = "online\n", .s2 = "offline"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "key of 64 KiB", .s1 = long_name, .s2 = "1"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "key=value as the key", .s1 = "online=offline", .s2 = "offline"),
	R(F_SET_OPTION, -EPERM, MSG_M, "nodes (boot only)", .s1 = "nodes", .s2 = "2"),
	R(F_SET_OPTION, -EPERM, MSG_M, "boot (boot only)", .s1 = "boot", .s2 = "0-1G"),
	R(F_SET_OPTION, -EPERM, MSG_M, "kernel (boot only)", .s1 = "kernel", .s2 = "6.1"),
	R(F_SET_OPTION, -EPERM, MSG_M, "levels (boot only, bad value too)", .s1 = "levels", .s2 = "99"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "online=bogus", .s1 = "online", .s2 = "bogus"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "online empty", .s1 = "online", .s2 = ""),
	R(F_SET_OPTION, -EINVAL, MSG_M, "online=offline\\n", .s1 = "online", .s2 = "offline\n"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "online=offline,online=online", .s1 = "online", .s2 = "offline,online=online"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "online_policy=bogus", .s1 = "online_policy", .s2 = "bogus"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "auto_movable_ratio=99999999999999999999", .s1 = "auto_movable_ratio", .s2 = "99999999999999999999"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "auto_movable_ratio=4294967296", .s1 = "auto_movable_ratio", .s2 = "4294967296"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "auto_movable_ratio=-1", .s1 = "auto_movable_ratio", .s2 = "-1"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "auto_movable_ratio=0x", .s1 = "auto_movable_ratio", .s2 = "0x"),
	R(F_SET_OPTION, -EINVAL, MSG_M, "auto_movable_ratio of 64 KiB", .s1 = "auto_movable_ratio", .s2 = long_name),
	R(F_SET_OPTION, -EINVAL, MSG_M, "auto_movable_numa_aware=2", .s1 = "auto_movable_numa_aware", .s2 = "2"),

	/* ---- sized out-structs: geometry, kernel, stats, page/zone/node/block -- */
	R(F_GET_GEOMETRY, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M),
	R(F_GET_GEOMETRY, -EINVAL, MSG_M, "geo NULL", .nul = N_1),
	R(F_GET_GEOMETRY, -EINVAL, MSG_M, "size 0", .sz = SZ_0),
	R(F_GET_GEOMETRY, -EINVAL, MSG_M, "size 1", .sz = SZ_1),
	R(F_GET_GEOMETRY, -EINVAL, MSG_M, "size sizeof(size_t)-1", .sz = SZ_WORD_1),
	R(F_GET_GEOMETRY, 0, MSG_NONE, "size short of v1 (filled up to it)", .sz = SZ_SHORT),
	R(F_GET_GEOMETRY, 0, MSG_NONE, "size of v1 (vmemmap_view_end)", .sz = SZ_V1),
	R(F_GET_GEOMETRY, 0, MSG_NONE, "size SIZE_MAX (filled up to sizeof)", .sz = SZ_MAX),
	R(F_GET_KERNEL, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M),
	R(F_GET_KERNEL, -EINVAL, MSG_M, "kernel NULL", .nul = N_1),
	R(F_GET_KERNEL, -EINVAL, MSG_M, "size 0", .sz = SZ_0),
	R(F_GET_KERNEL, -EINVAL, MSG_M, "size 1", .sz = SZ_1),
	R(F_GET_KERNEL, -EINVAL, MSG_M, "size sizeof(size_t)-1", .sz = SZ_WORD_1),
	R(F_GET_KERNEL, 0, MSG_NONE, "size short", .sz = SZ_SHORT),
	R(F_GET_KERNEL, 0, MSG_NONE, "size SIZE_MAX", .sz = SZ_MAX),
	R(F_GET_STATS, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M),
	R(F_GET_STATS, -EINVAL, MSG_M, "st NULL", .nul = N_1),
	R(F_GET_STATS, -EINVAL, MSG_M, "size 0", .sz = SZ_0),
	R(F_GET_STATS, -EINVAL, MSG_M, "size 1", .sz = SZ_1),
	R(F_GET_STATS, -EINVAL, MSG_M, "size sizeof(size_t)-1", .sz = SZ_WORD_1),
	R(F_GET_STATS, 0, MSG_NONE, "size short", .sz = SZ_SHORT),
	R(F_GET_STATS, 0, MSG_NONE, "size of 1.0 (before free_bytes)", .sz = SZ_V1),
	R(F_GET_STATS, 0, MSG_NONE, "size SIZE_MAX", .sz = SZ_MAX),
	R(F_PAGE_INFO, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .base = B_BOOT),
	R(F_PAGE_INFO, -EINVAL, MSG_M, "info NULL", .nul = N_1, .base = B_BOOT),
	R(F_PAGE_INFO, -EINVAL, MSG_M, "size 0", .sz = SZ_0, .base = B_BOOT),
	R(F_PAGE_INFO, -EINVAL, MSG_M, "size 1", .sz = SZ_1, .base = B_BOOT),
	R(F_PAGE_INFO, -EINVAL, MSG_M, "size sizeof(size_t)-1", .sz = SZ_WORD_1, .base = B_BOOT),
	R(F_PAGE_INFO, 0, MSG_NONE, "size short", .sz = SZ_SHORT, .base = B_BOOT),
	R(F_PAGE_INFO, 0, MSG_NONE, "size SIZE_MAX", .sz = SZ_MAX, .base = B_BOOT),
	R(F_PAGE_INFO, -ENOENT, MSG_M, "pfn UINT64_MAX", .a = U64MAX),
	R(F_PAGE_INFO, -ENOENT, MSG_M, "pfn 2^52 (beyond 64-bit addresses)", .a = 1ull << 52),
	R(F_PAGE_INFO, -ENOENT, MSG_MISS, "pfn of free space", .base = B_FREE),
	R(F_PAGE_INFO, -EINVAL, MSG_M, "size 0 wins over a bad pfn", .sz = SZ_0, .a = U64MAX),
	R(F_ZONE_INFO_GET, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .j = DEVMEMHP_ZONE_NORMAL),
	R(F_ZONE_INFO_GET, -EINVAL, MSG_M, "info NULL", .nul = N_1, .j = DEVMEMHP_ZONE_NORMAL),
	R(F_ZONE_INFO_GET, -EINVAL, MSG_M, "size 0", .sz = SZ_0, .j = DEVMEMHP_ZONE_NORMAL),
	R(F_ZONE_INFO_GET, -EINVAL, MSG_M, "size 1", .sz = SZ_1, .j = DEVMEMHP_ZONE_NORMAL),
	R(F_ZONE_INFO_GET, -EINVAL, MSG_M, "size sizeof(size_t)-1", .sz = SZ_WORD_1, .j = DEVMEMHP_ZONE_NORMAL),
	R(F_ZONE_INFO_GET, 0, MSG_NONE, "size short", .sz = SZ_SHORT, .j = DEVMEMHP_ZONE_NORMAL),
	R(F_ZONE_INFO_GET, 0, MSG_NONE, "size of 1.0 (before free)", .sz = SZ_V1, .j = DEVMEMHP_ZONE_NORMAL),
	R(F_ZONE_INFO_GET, 0, MSG_NONE, "size SIZE_MAX", .sz = SZ_MAX, .j = DEVMEMHP_ZONE_NORMAL),
	R(F_ZONE_INFO_GET, -ENOENT, MSG_M, "nid -1", .i = -1, .j = DEVMEMHP_ZONE_NORMAL),
	R(F_ZONE_INFO_GET, -ENOENT, MSG_M, "nid 1 of 1", .i = 1, .j = DEVMEMHP_ZONE_NORMAL),
	R(F_ZONE_INFO_GET, -ENOENT, MSG_M, "nid INT_MAX", .i = INT_MAX, .j = DEVMEMHP_ZONE_NORMAL),
	R(F_ZONE_INFO_GET, -ENOENT, MSG_M, "nid INT_MIN", .i = INT_MIN, .j = DEVMEMHP_ZONE_NORMAL),
	R(F_ZONE_INFO_GET, -EINVAL, MSG_M, "zone AUTO", .j = DEVMEMHP_ZONE_AUTO),
	R(F_ZONE_INFO_GET, -EINVAL, MSG_M, "zone NONE", .j = DEVMEMHP_ZONE_NONE),
	R(F_ZONE_INFO_GET, -EINVAL, MSG_M, "zone 8", .j = 8),
	R(F_ZONE_INFO_GET, -EINVAL, MSG_M, "zone -1", .j = -1),
	R(F_ZONE_INFO_GET, -EINVAL, MSG_M, "zone INT_MAX", .j = INT_MAX),
	R(F_ZONE_INFO_GET, -ENOENT, MSG_M, "bad nid before bad zone", .i = 7, .j = 8),
	R(F_NODE_INFO_GET, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M),
	R(F_NODE_INFO_GET, -EINVAL, MSG_M, "info NULL", .nul = N_1),
	R(F_NODE_INFO_GET, -EINVAL, MSG_M, "size 0", .sz = SZ_0),
	R(F_NODE_INFO_GET, -EINVAL, MSG_M, "size 1", .sz = SZ_1),
	R(F_NODE_INFO_GET, -EINVAL, MSG_M, "size sizeof(size_t)-1", .sz = SZ_WORD_1),
	R(F_NODE_INFO_GET, 0, MSG_NONE, "size short", .sz = SZ_SHORT),
	R(F_NODE_INFO_GET, 0, MSG_NONE, "size SIZE_MAX", .sz = SZ_MAX),
	R(F_NODE_INFO_GET, -ENOENT, MSG_M, "nid -1", .i = -1),
	R(F_NODE_INFO_GET, -ENOENT, MSG_M, "nid 1 of 1", .i = 1),
	R(F_NODE_INFO_GET, -ENOENT, MSG_M, "nid 1024", .i = 1024),
	R(F_NODE_INFO_GET, -ENOENT, MSG_M, "nid INT_MAX", .i = INT_MAX),
	R(F_NODE_INFO_GET, -ENOENT, MSG_M, "nid INT_MIN", .i = INT_MIN),
	R(F_MEMORY_BLOCK_GET, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .a = 8),
	R(F_MEMORY_BLOCK_GET, -EINVAL, MSG_M, "block NULL", .nul = N_1, .a = 8),
	R(F_MEMORY_BLOCK_GET, -EINVAL, MSG_M, "size 0", .sz = SZ_0, .a = 8),
	R(F_MEMORY_BLOCK_GET, -EINVAL, MSG_M, "size 1", .sz = SZ_1, .a = 8),
	R(F_MEMORY_BLOCK_GET, -EINVAL, MSG_M, "size sizeof(size_t)-1", .sz = SZ_WORD_1, .a = 8),
	R(F_MEMORY_BLOCK_GET, 0, MSG_NONE, "size short", .sz = SZ_SHORT, .a = 8),
	R(F_MEMORY_BLOCK_GET, 0, MSG_NONE, "size SIZE_MAX", .sz = SZ_MAX, .a = 8),
	R(F_MEMORY_BLOCK_GET, -ENOENT, MSG_MISS, "id UINT64_MAX", .a = U64MAX),
	R(F_MEMORY_BLOCK_GET, -ENOENT, MSG_MISS, "id 2^52", .a = 1ull << 52),
	R(F_MEMORY_BLOCK_GET, -ENOENT, MSG_MISS, "id of free space", .a = 64),

	/* ---- logging ---------------------------------------------------------- */
	R(F_SET_LOG_FN, 0, MSG_NONE, "m NULL (does nothing)", .nul = N_M),
	R(F_SET_LOG_FN, 0, MSG_NONE, "m NULL, fn NULL (does nothing)", .nul = N_M | N_1),
	R(F_SET_LOG_FN, -EINVAL, MSG_NONE, "fn NULL turns logging off (then a failure)", .nul = N_1),
	R(F_SET_LOG_PRIORITY, 0, MSG_NONE, "m NULL (does nothing)", .nul = N_M, .i = LOG_DEBUG),
	R(F_SET_LOG_PRIORITY, LOG_EMERG, MSG_NONE, "-1 clamps to LOG_EMERG", .i = -1),
	R(F_SET_LOG_PRIORITY, LOG_EMERG, MSG_NONE, "INT_MIN clamps to LOG_EMERG", .i = INT_MIN),
	R(F_SET_LOG_PRIORITY, LOG_DEBUG, MSG_NONE, "8 clamps to LOG_DEBUG", .i = 8),
	R(F_SET_LOG_PRIORITY, LOG_DEBUG, MSG_NONE, "INT_MAX clamps to LOG_DEBUG", .i = INT_MAX),
	R(F_GET_LOG_PRIORITY, -EINVAL, MSG_NONE, "m NULL", .nul = N_M),
	R(F_LAST_ERROR, R_NONNULL, MSG_NONE, "m NULL: never NULL", .nul = N_M),
	R(F_LAST_ERROR, R_NONNULL, MSG_NONE, "m: never NULL"),

	/* ---- add_memory: argument checks in the documented order ---------------- */
	R(F_ADD_MEMORY, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .base = B_FREE, .b = BLK),
	R(F_ADD_MEMORY, -EINVAL, MSG_NULLM, "m NULL wins over bad flags", .nul = N_M, .b = 0, .f = 0x8),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "flags bit 3", .base = B_FREE, .b = BLK, .f = 0x8),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "flags bit 31", .base = B_FREE, .b = BLK, .f = 0x80000000u),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "flags MOVABLE without DEVICE", .base = B_FREE, .b = BLK, .f = NOMOVE),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "flags UNADDRESSABLE without DEVICE", .base = B_FREE, .b = BLK, .f = NOUNADDR),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "bad flags win over size 0", .base = B_FREE, .b = 0, .f = 0x8),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "RAM size 0", .base = B_FREE, .b = 0),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "device size 0", .base = B_FREE, .b = 0, .f = DEV),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "RAM start+size overflows", .a = OVF_START, .b = 8192),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "device start+size overflows", .a = OVF_START, .b = 8192, .f = DEV),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "RAM size UINT64_MAX at 1", .a = 1, .b = U64MAX),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "RAM start UINT64_MAX, size 1", .a = U64MAX, .b = 1),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "device size UINT64_MAX at 4G", .base = B_FREE, .b = U64MAX, .f = DEV_PRIVATE),
	R(F_ADD_MEMORY, -E2BIG, MSG_M, "RAM size UINT64_MAX at 0", .a = 0, .b = U64MAX),
	R(F_ADD_MEMORY, -E2BIG, MSG_M, "RAM beyond max_physmem_bits", .a = 1ull << 62, .b = BLK),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "RAM size 1", .base = B_FREE, .b = 1),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "RAM start unaligned", .base = B_FREE, .a = 4096, .b = BLK),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "RAM size unaligned", .base = B_FREE, .b = BLK + 4096),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "RAM size half a block", .base = B_FREE, .b = BLK / 2),
	R(F_ADD_MEMORY, -EEXIST, MSG_M, "RAM over boot RAM", .base = B_BOOT, .b = BLK),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "RAM nid -2", .base = B_FREE, .b = BLK, .i = -2),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "RAM nid 1 of 1", .base = B_FREE, .b = BLK, .i = 1),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "RAM nid INT_MAX", .base = B_FREE, .b = BLK, .i = INT_MAX),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "RAM nid INT_MIN", .base = B_FREE, .b = BLK, .i = INT_MIN),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "device nid -2", .base = B_FREE, .b = BLK, .i = -2, .f = DEV),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "device nid 1 of 1", .base = B_FREE, .b = BLK, .i = 1, .f = DEV),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "device nid INT_MIN", .base = B_FREE, .b = BLK, .i = INT_MIN, .f = DEV_PRIVATE),
	R(F_ADD_MEMORY, -ENXIO, MSG_M, "device over boot RAM", .base = B_BOOT, .b = BLK, .f = DEV),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "device start unaligned (subsection)", .base = B_FREE, .a = 4096, .b = 2 * MiB, .f = DEV),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "device size 1", .base = B_FREE, .b = 1, .f = DEV),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "device size 4096", .base = B_FREE, .b = 4096, .f = DEV_PRIVATE),
	R(F_ADD_MEMORY, -EINVAL, MSG_M, "device beyond max_physmem_bits", .a = 1ull << 62, .b = 2 * MiB, .f = DEV_PRIVATE),

	/* ---- remove_memory ----------------------------------------------------- */
	R(F_REMOVE_MEMORY, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .base = B_FREE, .b = BLK),
	R(F_REMOVE_MEMORY, -EINVAL, MSG_M, "flags bit 3", .base = B_FREE, .b = BLK, .f = 0x8),
	R(F_REMOVE_MEMORY, -EINVAL, MSG_M, "flags MOVABLE without DEVICE", .base = B_FREE, .b = BLK, .f = NOMOVE),
	R(F_REMOVE_MEMORY, -EINVAL, MSG_M, "size 0", .base = B_FREE, .b = 0),
	R(F_REMOVE_MEMORY, -EINVAL, MSG_M, "start+size overflows", .a = OVF_START, .b = 8192),
	R(F_REMOVE_MEMORY, -EINVAL, MSG_M, "start UINT64_MAX, size 1", .a = U64MAX, .b = 1),
	R(F_REMOVE_MEMORY, -EINVAL, MSG_M, "size UINT64_MAX at 0: boot memory first", .a = 0, .b = U64MAX),
	R(F_REMOVE_MEMORY, -EINVAL, MSG_M, "boot memory", .base = B_BOOT, .b = BLK),
	R(F_REMOVE_MEMORY, -ENOENT, MSG_M, "nothing added there", .base = B_FREE, .b = BLK),
	R(F_REMOVE_MEMORY, -EINVAL, MSG_M, "RAM size 1 (unaligned before nothing there)", .base = B_FREE, .b = 1),
	R(F_REMOVE_MEMORY, -EINVAL, MSG_M, "RAM start unaligned", .base = B_FREE, .a = 4096, .b = BLK),
	R(F_REMOVE_MEMORY, -ENOENT, MSG_M, "device size 4096, nothing there", .base = B_FREE, .b = 4096, .f = DEV),
	R(F_REMOVE_MEMORY, -ENOENT, MSG_M, "nothing added, device", .base = B_FREE, .b = BLK, .f = DEV_PRIVATE),
	R(F_REMOVE_MEMORY, -ENOENT, MSG_M, "4G, 0xfffffff000000000 (huge, refused at once)", .base = B_FREE, .b = 0xfffffff000000000ull),

	/* ---- online / offline / unmovable ---------------------------------------- */
	R(F_ONLINE_MEMORY, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .base = B_FREE, .b = BLK, .i = DEVMEMHP_ZONE_AUTO),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "size 0", .base = B_FREE, .b = 0, .i = DEVMEMHP_ZONE_AUTO),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "start+size overflows", .a = OVF_START, .b = 8192, .i = DEVMEMHP_ZONE_AUTO),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "size UINT64_MAX at 1", .a = 1, .b = U64MAX, .i = DEVMEMHP_ZONE_AUTO),
	R(F_ONLINE_MEMORY, -ENOENT, MSG_M, "zone HIGHMEM (depends on the block)", .base = B_FREE, .b = BLK, .i = DEVMEMHP_ZONE_HIGHMEM),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "zone HIGHMEM, online boot block", .base = B_BOOT, .b = BLK, .i = DEVMEMHP_ZONE_HIGHMEM),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "zone DEVICE", .base = B_FREE, .b = BLK, .i = DEVMEMHP_ZONE_DEVICE),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "zone NONE", .base = B_FREE, .b = BLK, .i = DEVMEMHP_ZONE_NONE),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "zone 8", .base = B_FREE, .b = BLK, .i = 8),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "zone -1", .base = B_FREE, .b = BLK, .i = -1),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "zone INT_MAX", .base = B_FREE, .b = BLK, .i = INT_MAX),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "zone INT_MIN", .base = B_FREE, .b = BLK, .i = INT_MIN),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "size 0 wins over a bad zone", .base = B_FREE, .b = 0, .i = 8),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "start unaligned", .base = B_FREE, .a = 4096, .b = BLK, .i = DEVMEMHP_ZONE_AUTO),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "size unaligned", .base = B_FREE, .b = 4096, .i = DEVMEMHP_ZONE_MOVABLE),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "size 1", .base = B_FREE, .b = 1, .i = DEVMEMHP_ZONE_NORMAL),
	R(F_ONLINE_MEMORY, -ENOENT, MSG_M, "no such block", .base = B_FREE, .b = BLK, .i = DEVMEMHP_ZONE_MOVABLE),
	R(F_ONLINE_MEMORY, -ENOENT, MSG_M, "no such block, huge", .base = B_FREE, .b = 1ull << 44, .i = DEVMEMHP_ZONE_AUTO),
	R(F_ONLINE_MEMORY, -EINVAL, MSG_M, "a boot block, online already", .base = B_BOOT, .b = BLK, .i = DEVMEMHP_ZONE_AUTO),
	R(F_OFFLINE_MEMORY, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .base = B_BOOT, .b = BLK),
	R(F_OFFLINE_MEMORY, -EINVAL, MSG_M, "size 0", .base = B_BOOT, .b = 0),
	R(F_OFFLINE_MEMORY, -EINVAL, MSG_M, "start+size overflows", .a = OVF_START, .b = 8192),
	R(F_OFFLINE_MEMORY, -EINVAL, MSG_M, "size UINT64_MAX at 1", .a = 1, .b = U64MAX),
	R(F_OFFLINE_MEMORY, -EINVAL, MSG_M, "start unaligned", .base = B_BOOT, .a = 4096, .b = BLK),
	R(F_OFFLINE_MEMORY, -EINVAL, MSG_M, "size unaligned", .base = B_BOOT, .b = BLK - 4096),
	R(F_OFFLINE_MEMORY, -EINVAL, MSG_M, "size 1", .base = B_BOOT, .b = 1),
	R(F_OFFLINE_MEMORY, -ENOENT, MSG_M, "no such block", .base = B_FREE, .b = BLK),
	R(F_OFFLINE_MEMORY, -ENOENT, MSG_M, "no such block, huge", .base = B_FREE, .b = 1ull << 44),
	R(F_SET_PAGE_UNMOVABLE, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .base = B_BOOT, .i = 1),
	R(F_SET_PAGE_UNMOVABLE, -EINVAL, MSG_M, "pfn UINT64_MAX", .a = U64MAX, .i = 1),
	R(F_SET_PAGE_UNMOVABLE, -EINVAL, MSG_M, "pfn of free space", .base = B_FREE, .i = 1),
	R(F_SET_PAGE_UNMOVABLE, -EINVAL, MSG_M, "pfn 2^52, unmovable -1", .a = 1ull << 52, .i = -1),
	R(F_SET_PAGE_UNMOVABLE, 0, MSG_NONE, "unmovable 0 on free space (allowed)", .base = B_FREE, .i = 0),
	R(F_SET_PAGE_UNMOVABLE, 0, MSG_NONE, "unmovable 0 at pfn UINT64_MAX (allowed)", .a = U64MAX, .i = 0),

	/* ---- find_free_region ------------------------------------------------------ */
	R(F_FIND_FREE_REGION, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .b = BLK),
	R(F_FIND_FREE_REGION, -EINVAL, MSG_M, "start NULL", .nul = N_1, .b = BLK),
	R(F_FIND_FREE_REGION, -EINVAL, MSG_M, "size 0", .b = 0),
	R(F_FIND_FREE_REGION, -EINVAL, MSG_M, "start NULL, size 0", .nul = N_1, .b = 0),
	R(F_FIND_FREE_REGION, -ERANGE, MSG_M, "size UINT64_MAX", .b = U64MAX),
	R(F_FIND_FREE_REGION, -ERANGE, MSG_MISS, "size 2^63 + 1 (no free window)", .b = (1ull << 63) + 1),
	R(F_FIND_FREE_REGION, -ERANGE, MSG_MISS, "size 2^63 (no free window)", .b = 1ull << 63),
	R(F_FIND_FREE_REGION, 0, MSG_NONE, "size 1 (rounded to a section)", .b = 1),

	/* ---- translations ------------------------------------------------------------ */
	R(F_VIRT_TO_PHYS, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .base = B_VA),
	R(F_VIRT_TO_PHYS, -EINVAL, MSG_M, "pa NULL", .nul = N_1, .base = B_VA),
	R(F_VIRT_TO_PHYS, -EINVAL, MSG_M, "pa and page_shift NULL", .nul = N_1 | N_2, .base = B_VA),
	R(F_VIRT_TO_PHYS, 0, MSG_NONE, "page_shift NULL (allowed)", .nul = N_2, .base = B_VA),
	R(F_VIRT_TO_PHYS, -EFAULT, MSG_MISS, "va 0", .a = 0),
	R(F_VIRT_TO_PHYS, -EFAULT, MSG_MISS, "va UINT64_MAX", .a = U64MAX),
	R(F_VIRT_TO_PHYS, -EFAULT, MSG_MISS, "va non-canonical", .a = 0x8000000000000000ull),
	R(F_VIRT_TO_PHYS, -EFAULT, MSG_MISS, "va of free space in the linear map", .base = B_VA, .a = 3 * GiB),
	R(F_PHYS_TO_VIRT, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .base = B_BOOT),
	R(F_PHYS_TO_VIRT, -EINVAL, MSG_M, "va NULL", .nul = N_1, .base = B_BOOT),
	R(F_PHYS_TO_VIRT, -EFAULT, MSG_MISS, "pa UINT64_MAX", .a = U64MAX),
	R(F_PHYS_TO_VIRT, -EFAULT, MSG_MISS, "pa 2^62", .a = 1ull << 62),
	R(F_PHYS_TO_VIRT, -EFAULT, MSG_MISS, "pa of free space", .base = B_FREE),

	/* ---- walks -------------------------------------------------------------------- */
	R(F_MEMORY_BLOCK_FOREACH, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M),
	R(F_MEMORY_BLOCK_FOREACH, -EINVAL, MSG_M, "fn NULL", .nul = N_1),
	R(F_MEMORY_BLOCK_FOREACH, -EINVAL, MSG_NULLM, "both NULL", .nul = N_M | N_1),
	R(F_RESOURCE_FOREACH, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M),
	R(F_RESOURCE_FOREACH, -EINVAL, MSG_M, "fn NULL", .nul = N_1),
	R(F_RESOURCE_FOREACH, -EINVAL, MSG_NULLM, "both NULL", .nul = N_M | N_1),
	R(F_ZONE_FOREACH, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M),
	R(F_ZONE_FOREACH, -EINVAL, MSG_M, "fn NULL", .nul = N_1),
	R(F_ZONE_FOREACH, -EINVAL, MSG_NULLM, "both NULL", .nul = N_M | N_1),
	R(F_MAPPING_FOREACH, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .i = DEVMEMHP_MAP_LINEAR),
	R(F_MAPPING_FOREACH, -EINVAL, MSG_M, "fn NULL", .nul = N_1, .i = DEVMEMHP_MAP_LINEAR),
	R(F_MAPPING_FOREACH, -EINVAL, MSG_M, "fn NULL, vmemmap", .nul = N_1, .i = DEVMEMHP_MAP_VMEMMAP),
	R(F_MAPPING_FOREACH, -EINVAL, MSG_M, "region 2", .i = 2),
	R(F_MAPPING_FOREACH, -EINVAL, MSG_M, "region -1", .i = -1),
	R(F_MAPPING_FOREACH, -EINVAL, MSG_M, "region INT_MAX", .i = INT_MAX),
	R(F_MAPPING_FOREACH, -EINVAL, MSG_M, "region INT_MIN", .i = INT_MIN),
	R(F_CHECK, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M),

	/* ---- the backend registry ------------------------------------------------------ */
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "arch NULL", .nul = N_1),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "version 0", .arch_bad = AB_VERSION0),
	R(F_ARCH_REGISTER, -EOPNOTSUPP, MSG_NULLM, "version from the future", .arch_bad = AB_VERSION_FUTURE),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "name NULL", .arch_bad = AB_NAME_NULL),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "name empty", .arch_bad = AB_NAME_EMPTY),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "name with a comma", .arch_bad = AB_NAME_COMMA),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "name with a space", .arch_bad = AB_NAME_SPACE),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "name with a newline", .arch_bad = AB_NAME_NEWLINE),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "name with DEL", .arch_bad = AB_NAME_DEL),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "description with a tab", .arch_bad = AB_DESC_TAB),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "description with ESC", .arch_bad = AB_DESC_ESC),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "geometry NULL", .arch_bad = AB_GEO_NULL),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "caps unknown bit", .arch_bad = AB_CAPS_UNKNOWN),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "caps UNADDRESSABLE without DEVICE", .arch_bad = AB_CAPS_UNADDR),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "caps RAISE_MAX_PFN with SET_MAX_PFN", .arch_bad = AB_CAPS_MAXPFN),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "geometry.size 0", .arch_bad = AB_GEO_SIZE, .sz = SZ_0),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "geometry.size 1", .arch_bad = AB_GEO_SIZE, .sz = SZ_1),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "geometry.size short of v1", .arch_bad = AB_GEO_SIZE, .sz = SZ_SHORT),
	R(F_ARCH_REGISTER, 0, MSG_NONE, "geometry.size of v1 (defaults for the rest)", .arch_bad = AB_GEO_SIZE, .sz = SZ_V1),
	R(F_ARCH_REGISTER, 0, MSG_NONE, "geometry.size SIZE_MAX", .arch_bad = AB_GEO_SIZE, .sz = SZ_MAX),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "geometry.page_shift 64", .arch_bad = AB_GEO_PAGE_SHIFT),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "geometry.levels 7", .arch_bad = AB_GEO_LEVELS),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "kernels empty", .arch_bad = AB_KERNELS_EMPTY),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "kernels not versions", .arch_bad = AB_KERNELS_BOGUS),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "kernels 9.99", .arch_bad = AB_KERNELS_UNKNOWN),
	R(F_ARCH_REGISTER, -EINVAL, MSG_NULLM, "kernels with a newline separator", .arch_bad = AB_KERNELS_SEP),
	R(F_ARCH_REGISTER, -EEXIST, MSG_NULLM, "name x86_64 (taken)", .arch_bad = AB_NAME_TAKEN),
	R(F_ARCH_UNREGISTER, -EINVAL, MSG_NULLM, "name NULL", .nul = N_1),
	R(F_ARCH_UNREGISTER, -ENOENT, MSG_NULLM, "name empty", .s1 = ""),
	R(F_ARCH_UNREGISTER, -ENOENT, MSG_NULLM, "name unknown", .s1 = "vax"),
	R(F_ARCH_UNREGISTER, -ENOENT, MSG_NULLM, "name with a newline", .s1 = "x86_64\n"),
	R(F_ARCH_UNREGISTER, -ENOENT, MSG_NULLM, "name of 64 KiB", .s1 = long_name),
	R(F_ARCH_UNREGISTER, -EBUSY, MSG_NULLM, "the machine's own backend", .s1 = NULL, .i = 1),
	R(F_ARCH_FOREACH, -EINVAL, MSG_NULLM, "fn NULL", .nul = N_1),

	/* ---- add_memory_ex: NULLs, the struct's size, each parameter check --------------- */
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .base = B_FREE, .b = BLK),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "params NULL", .nul = N_1),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_NULLM, "both NULL", .nul = N_M | N_1),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "size 0", .sz = SZ_0, .base = B_FREE, .b = BLK),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "size 1", .sz = SZ_1, .base = B_FREE, .b = BLK),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "size sizeof(size_t)-1", .sz = SZ_WORD_1, .base = B_FREE, .b = BLK),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "size short of v1", .sz = SZ_SHORT, .base = B_FREE, .b = BLK),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "size v1 - 1", .sz = SZ_V1, .base = B_FREE, .b = BLK),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "size SIZE_MAX, length 0", .sz = SZ_MAX, .base = B_FREE, .b = 0),
	R(F_ADD_MEMORY_EX, -EEXIST, MSG_M, "size SIZE_MAX, over boot RAM", .sz = SZ_MAX, .base = B_BOOT, .b = BLK),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "flags bit 3", .base = B_FREE, .b = BLK, .f = 0x8),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "flags MOVABLE without DEVICE", .base = B_FREE, .b = BLK, .f = NOMOVE),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "length 0", .base = B_FREE, .b = 0),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "start+length overflows", .a = OVF_START, .b = 8192),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "device start+length overflows", .a = OVF_START, .b = 8192, .f = DEV),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "options bit 7", .base = B_FREE, .b = BLK, .opt = 1u << 7),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "options bit 31", .base = B_FREE, .b = BLK, .opt = 1u << 31),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "device with DRIVER_MANAGED", .base = B_FREE, .b = BLK, .f = DEV, .opt = DEVMEMHP_ADD_DRIVER_MANAGED),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "device with NO_ONLINE", .base = B_FREE, .b = BLK, .f = DEV, .opt = DEVMEMHP_ADD_NO_ONLINE),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "device with a group", .base = B_FREE, .b = BLK, .f = DEV, .grp = 1),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "RAM with NO_RESOURCE", .base = B_FREE, .b = BLK, .opt = DEVMEMHP_ADD_NO_RESOURCE),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "RAM with altmap_reserve", .base = B_FREE, .b = BLK, .altr = 1),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "RAM with altmap_free", .base = B_FREE, .b = BLK, .altf = U64MAX),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "RAM with pgprot NONCACHED", .base = B_FREE, .b = BLK, .pg = DEVMEMHP_PGPROT_NONCACHED),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "RAM with pgprot -1", .base = B_FREE, .b = BLK, .pg = -1),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "MEMMAP_ON_MEMORY and NO_MEMMAP_ON_MEMORY", .base = B_FREE, .b = BLK, .opt = DEVMEMHP_ADD_MEMMAP_ON_MEMORY | DEVMEMHP_ADD_NO_MEMMAP_ON_MEMORY),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "NO_GROUP and a group", .base = B_FREE, .b = BLK, .opt = DEVMEMHP_ADD_NO_GROUP, .grp = 1),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "compound_size for RAM", .base = B_FREE, .b = BLK, .cmp = 2 * MiB),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "compound_size for unaddressable", .base = B_FREE, .b = BLK, .f = DEV_PRIVATE, .cmp = 2 * MiB),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "compound_size not a power of two", .base = B_FREE, .b = BLK, .f = DEV, .cmp = 3 * MiB),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "compound_size one page", .base = B_FREE, .b = BLK, .f = DEV, .cmp = 4096),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "compound_size 1", .base = B_FREE, .b = BLK, .f = DEV, .cmp = 1),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "compound_size UINT64_MAX", .base = B_FREE, .b = BLK, .f = DEV, .cmp = U64MAX),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "compound_size 2^63 (length not a multiple)", .base = B_FREE, .b = BLK, .f = DEV, .cmp = 1ull << 63),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "pgprot 3", .base = B_FREE, .b = BLK, .f = DEV, .pg = 3),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "pgprot -1", .base = B_FREE, .b = BLK, .f = DEV, .pg = -1),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "pgprot INT_MAX", .base = B_FREE, .b = BLK, .f = DEV, .pg = INT_MAX),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "name empty", .base = B_FREE, .b = BLK, .s1 = ""),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "device name with a newline", .base = B_FREE, .b = BLK, .f = DEV, .s1 = "dax0\n100000000-13fffffff : System RAM"),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "device name with a tab", .base = B_FREE, .b = BLK, .f = DEV, .s1 = "dax\t0"),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "device name with DEL", .base = B_FREE, .b = BLK, .f = DEV, .s1 = "dax\x7f"),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "device name with ESC", .base = B_FREE, .b = BLK, .f = DEV, .s1 = "\x1b[31mdax"),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "RAM name with a newline", .base = B_FREE, .b = BLK, .s1 = "System RAM (kmem)\n"),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "RAM name not System RAM (driver)", .base = B_FREE, .b = BLK, .s1 = "dax0"),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "RAM name System RAM (kmem without )", .base = B_FREE, .b = BLK, .s1 = "System RAM (kmem"),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "RAM name System RAM(kmem)", .base = B_FREE, .b = BLK, .s1 = "System RAM(kmem)"),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "DRIVER_MANAGED without a name", .base = B_FREE, .b = BLK, .opt = DEVMEMHP_ADD_DRIVER_MANAGED),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "DRIVER_MANAGED named System RAM", .base = B_FREE, .b = BLK, .opt = DEVMEMHP_ADD_DRIVER_MANAGED, .s1 = "System RAM"),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "RAM unaligned start", .base = B_FREE, .a = 4096, .b = BLK),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "RAM group that does not exist", .base = B_FREE, .b = BLK, .grp = 12345),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "RAM group UINT64_MAX", .base = B_FREE, .b = BLK, .grp = U64MAX),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "RAM nid 1 of 1", .base = B_FREE, .b = BLK, .i = 1),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "device nid INT_MAX", .base = B_FREE, .b = BLK, .f = DEV, .i = INT_MAX),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "device altmap larger than the range", .base = B_FREE, .b = 2 * MiB, .f = DEV, .altr = 256, .altf = 512),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "device altmap_reserve UINT64_MAX", .base = B_FREE, .b = 2 * MiB, .f = DEV, .altr = U64MAX, .altf = 1),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "device length not a multiple of compound_size", .base = B_FREE, .b = 2 * MiB, .f = DEV, .cmp = 1 * GiB),
	R(F_ADD_MEMORY_EX, -EINVAL, MSG_M, "device subsection-unaligned length", .base = B_FREE, .b = 2 * MiB + 4096, .f = DEV),
	R(F_ADD_MEMORY_EX, -ENXIO, MSG_M, "device over boot RAM", .base = B_BOOT, .b = BLK, .f = DEV_PRIVATE),

	/* ---- plans: only NULLs and plan.size fail; the rest is plan.result ------------ */
	R(F_PLAN_ADD, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .base = B_FREE, .b = BLK),
	R(F_PLAN_ADD, -EINVAL, MSG_M, "params NULL", .nul = N_1),
	R(F_PLAN_ADD, -EINVAL, MSG_M, "plan NULL", .nul = N_2, .base = B_FREE, .b = BLK),
	R(F_PLAN_ADD, -EINVAL, MSG_M, "params and plan NULL", .nul = N_1 | N_2),
	R(F_PLAN_ADD, -EINVAL, MSG_NULLM, "all NULL", .nul = N_M | N_1 | N_2),
	R(F_PLAN_ADD, -EINVAL, MSG_M, "plan.size 0", .sz = SZ_0, .base = B_FREE, .b = BLK),
	R(F_PLAN_ADD, -EINVAL, MSG_M, "plan.size 1", .sz = SZ_1, .base = B_FREE, .b = BLK),
	R(F_PLAN_ADD, -EINVAL, MSG_M, "plan.size sizeof(size_t)-1", .sz = SZ_WORD_1, .base = B_FREE, .b = BLK),
	R(F_PLAN_ADD, 0, MSG_NONE, "plan.size short", .sz = SZ_SHORT, .base = B_FREE, .b = BLK),
	R(F_PLAN_ADD, 0, MSG_NONE, "plan.size SIZE_MAX", .sz = SZ_MAX, .base = B_FREE, .b = BLK),
	R(F_PLAN_ADD, 0, MSG_PLAN, "params length 0", .base = B_FREE, .b = 0, .res = -EINVAL),
	R(F_PLAN_ADD, 0, MSG_PLAN, "params start+length overflows", .a = OVF_START, .b = 8192, .res = -EINVAL),
	R(F_PLAN_ADD, 0, MSG_PLAN, "params flags bit 3", .base = B_FREE, .b = BLK, .f = 0x8, .res = -EINVAL),
	R(F_PLAN_ADD, 0, MSG_PLAN, "params options bit 31", .base = B_FREE, .b = BLK, .opt = 1u << 31, .res = -EINVAL),
	R(F_PLAN_ADD, 0, MSG_PLAN, "params name with a newline", .base = B_FREE, .b = BLK, .f = DEV, .s1 = "a\nb", .res = -EINVAL),
	R(F_PLAN_ADD, 0, MSG_PLAN, "params pgprot 3", .base = B_FREE, .b = BLK, .f = DEV, .pg = 3, .res = -EINVAL),
	R(F_PLAN_ADD, 0, MSG_PLAN, "params RAM unaligned", .base = B_FREE, .a = 4096, .b = BLK, .res = -EINVAL),
	R(F_PLAN_ADD, 0, MSG_PLAN, "params RAM nid INT_MIN", .base = B_FREE, .b = BLK, .i = INT_MIN, .res = -EINVAL),
	R(F_PLAN_ADD, 0, MSG_PLAN, "params RAM over boot RAM", .base = B_BOOT, .b = BLK, .res = -EEXIST),
	R(F_PLAN_ADD, 0, MSG_PLAN, "params device over boot RAM", .base = B_BOOT, .b = BLK, .f = DEV, .res = -ENXIO),
	R(F_PLAN_ADD, 0, MSG_PLAN, "params.size 0", .psz = SZ_0, .base = B_FREE, .b = BLK, .res = -EINVAL),
	R(F_PLAN_ADD, 0, MSG_PLAN, "params.size 1", .psz = SZ_1, .base = B_FREE, .b = BLK, .res = -EINVAL),
	R(F_PLAN_ADD, 0, MSG_PLAN, "params.size SIZE_MAX, length 0", .psz = SZ_MAX, .base = B_FREE, .b = 0, .res = -EINVAL),
	R(F_PLAN_REMOVE, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .base = B_FREE, .b = BLK),
	R(F_PLAN_REMOVE, -EINVAL, MSG_M, "plan NULL", .nul = N_1, .base = B_FREE, .b = BLK),
	R(F_PLAN_REMOVE, -EINVAL, MSG_M, "plan.size 0", .sz = SZ_0, .base = B_FREE, .b = BLK),
	R(F_PLAN_REMOVE, -EINVAL, MSG_M, "plan.size 1", .sz = SZ_1, .base = B_FREE, .b = BLK),
	R(F_PLAN_REMOVE, 0, MSG_PLAN, "plan.size SIZE_MAX", .sz = SZ_MAX, .base = B_FREE, .b = BLK, .res = -ENOENT),
	R(F_PLAN_REMOVE, 0, MSG_PLAN, "size 0", .base = B_FREE, .b = 0, .res = -EINVAL),
	R(F_PLAN_REMOVE, 0, MSG_PLAN, "start+size overflows", .a = OVF_START, .b = 8192, .res = -EINVAL),
	R(F_PLAN_REMOVE, 0, MSG_PLAN, "flags bit 3", .base = B_FREE, .b = BLK, .f = 0x8, .res = -EINVAL),
	R(F_PLAN_REMOVE, 0, MSG_PLAN, "boot memory", .base = B_BOOT, .b = BLK, .res = -EINVAL),
	R(F_PLAN_REMOVE, 0, MSG_PLAN, "nothing added", .base = B_FREE, .b = BLK, .res = -ENOENT),
	R(F_PLAN_REMOVE, 0, MSG_PLAN, "nothing added, unaddressable (as remove)", .base = B_FREE, .b = GiB, .f = NOUNADDR | DEV, .res = -ENOENT),
	R(F_PLAN_REMOVE, 0, MSG_PLAN, "4G, 0xfffffff000000000 (at once)", .base = B_FREE, .b = 0xfffffff000000000ull, .res = -ENOENT),

	/* ---- memory groups ----------------------------------------------------------------- */
	R(F_GROUP_NEW, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .b = BLK),
	R(F_GROUP_NEW, -EINVAL, MSG_M, "id NULL", .nul = N_1, .b = BLK),
	R(F_GROUP_NEW, -EINVAL, MSG_M, "nid -1", .i = -1, .b = BLK),
	R(F_GROUP_NEW, -EINVAL, MSG_M, "nid 1 of 1", .i = 1, .b = BLK),
	R(F_GROUP_NEW, -EINVAL, MSG_M, "nid INT_MIN", .i = INT_MIN, .b = BLK),
	R(F_GROUP_NEW, -EINVAL, MSG_M, "dynamic unit 0", .j = 1, .b = 0),
	R(F_GROUP_NEW, -EINVAL, MSG_M, "dynamic unit 3 blocks", .j = 1, .b = 3 * BLK),
	R(F_GROUP_NEW, -EINVAL, MSG_M, "dynamic unit below a block", .j = 1, .b = BLK / 2),
	R(F_GROUP_NEW, -EINVAL, MSG_M, "dynamic unit UINT64_MAX", .j = 1, .b = U64MAX),
	R(F_GROUP_NEW, -EINVAL, MSG_M, "dynamic unit 1", .j = 1, .b = 1),
	R(F_GROUP_NEW, -EINVAL, MSG_M, "static 0 bytes", .j = 0, .b = 0),
	R(F_GROUP_NEW, -EINVAL, MSG_M, "static less than a page", .j = 0, .b = 4095),
	R(F_GROUP_REMOVE, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .a = 1),
	R(F_GROUP_REMOVE, -ENOENT, MSG_M, "id 0", .a = 0),
	R(F_GROUP_REMOVE, -ENOENT, MSG_M, "id 1 (never made)", .a = 1),
	R(F_GROUP_REMOVE, -ENOENT, MSG_M, "id UINT64_MAX", .a = U64MAX),

	/* ---- the resource tree --------------------------------------------------------------- */
	R(F_RESOURCE_ADD, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .base = B_FREE, .b = BLK, .s1 = "dax0"),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "size 0", .base = B_FREE, .b = 0, .s1 = "dax0"),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "start+size-1 overflows", .a = OVF_START, .b = 8192, .s1 = "dax0"),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "start UINT64_MAX, size 2", .a = U64MAX, .b = 2, .s1 = "dax0"),
	R(F_RESOURCE_ADD, -EBUSY, MSG_M, "start UINT64_MAX, size 1 (beyond phys_bits=46)", .a = U64MAX, .b = 1, .s1 = "dax0", .only = "x86_64"),
	R(F_RESOURCE_ADD, -EBUSY, MSG_M, "0, UINT64_MAX (beyond phys_bits)", .a = 0, .b = U64MAX, .s1 = "dax0"),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "name NULL", .nul = N_1, .base = B_FREE, .b = BLK),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "size 0 before name NULL", .nul = N_1, .base = B_FREE, .b = 0),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "name empty", .base = B_FREE, .b = BLK, .s1 = ""),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "name forging a System RAM line", .base = B_FREE, .b = BLK, .s1 = "dax0\n100000000-13fffffff : System RAM"),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "name ending in a newline", .base = B_FREE, .b = BLK, .s1 = "dax0\n"),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "name with a carriage return", .base = B_FREE, .b = BLK, .s1 = "dax0\r"),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "name with a tab", .base = B_FREE, .b = BLK, .s1 = "dax\t0"),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "name with 0x01", .base = B_FREE, .b = BLK, .s1 = "\x01"),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "name with 0x1f", .base = B_FREE, .b = BLK, .s1 = "dax\x1f"),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "name with DEL", .base = B_FREE, .b = BLK, .s1 = "dax\x7f"),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "name with ESC", .base = B_FREE, .b = BLK, .s1 = "\x1b[2J"),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "flags bit 3", .base = B_FREE, .b = BLK, .s1 = "dax0", .f = 0x8),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "flags bit 31", .base = B_FREE, .b = BLK, .s1 = "dax0", .f = 0x80000000u),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "desc 9", .base = B_FREE, .b = BLK, .s1 = "dax0", .i = 9),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "desc -1", .base = B_FREE, .b = BLK, .s1 = "dax0", .i = -1),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "desc INT_MAX", .base = B_FREE, .b = BLK, .s1 = "dax0", .i = INT_MAX),
	R(F_RESOURCE_ADD, -EINVAL, MSG_M, "bad name before bad flags", .base = B_FREE, .b = BLK, .s1 = "a\nb", .f = 0x8),
	R(F_RESOURCE_ADD, -EBUSY, MSG_M, "busy over boot RAM", .base = B_BOOT, .b = BLK, .s1 = "dax0", .f = DEVMEMHP_RES_BUSY),
	R(F_RESOURCE_ADD, -EBUSY, MSG_M, "across the end of boot RAM", .base = B_BOOT, .a = -(uint64_t)4096, .b = 2 * 4096, .s1 = "dax0"),
	R(F_RESOURCE_REMOVE, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .base = B_FREE, .b = BLK, .s1 = "dax0"),
	R(F_RESOURCE_REMOVE, -EINVAL, MSG_M, "name NULL", .nul = N_1, .base = B_FREE, .b = BLK),
	R(F_RESOURCE_REMOVE, -EINVAL, MSG_M, "size 0", .base = B_FREE, .b = 0, .s1 = "dax0"),
	R(F_RESOURCE_REMOVE, -EINVAL, MSG_M, "start+size-1 overflows", .a = OVF_START, .b = 8192, .s1 = "dax0"),
	R(F_RESOURCE_REMOVE, -ENOENT, MSG_M, "nothing there", .base = B_FREE, .b = BLK, .s1 = "dax0"),
	R(F_RESOURCE_REMOVE, -ENOENT, MSG_M, "name with a newline", .base = B_FREE, .b = BLK, .s1 = "dax0\n"),
	R(F_RESOURCE_REMOVE, -ENOENT, MSG_M, "name empty", .base = B_FREE, .b = BLK, .s1 = ""),
	R(F_RESOURCE_REMOVE, -ENOENT, MSG_M, "start UINT64_MAX, size 1", .a = U64MAX, .b = 1, .s1 = "dax0"),

	/* ---- views, export, import -------------------------------------------------------------- */
	R(F_WRITE_VIEW, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .i = DEVMEMHP_VIEW_IOMEM),
	R(F_WRITE_VIEW, -EINVAL, MSG_M, "out NULL", .nul = N_1, .i = DEVMEMHP_VIEW_IOMEM),
	R(F_WRITE_VIEW, -EINVAL, MSG_M, "view 5", .i = 5),
	R(F_WRITE_VIEW, -EINVAL, MSG_M, "view -1", .i = -1),
	R(F_WRITE_VIEW, -EINVAL, MSG_M, "view INT_MAX", .i = INT_MAX),
	R(F_WRITE_VIEW, -EINVAL, MSG_M, "view INT_MIN", .i = INT_MIN),
	R(F_WRITE_VIEW, -EINVAL, MSG_M, "out NULL, view 5", .nul = N_1, .i = 5),
	R(F_WRITE_VIEW, -EIO, MSG_M, "a stream in error", .i = DEVMEMHP_VIEW_MEMINFO, .j = 1),
	R(F_EXPORT_SYSFS, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .s1 = "/nonexistent"),
	R(F_EXPORT_SYSFS, -EINVAL, MSG_M, "dir NULL", .nul = N_1),
	R(F_EXPORT_SYSFS, -EINVAL, MSG_M, "dir empty", .s1 = ""),
	R(F_EXPORT_SYSFS, -ENOTDIR, MSG_M, "dir under a file", .s1 = "/dev/null/x"),
	R(F_EXPORT_SYSFS, -ENAMETOOLONG, MSG_M, "dir longer than PATH_MAX", .s1 = long_dir),
	R(F_MACHINE_IMPORT, -EINVAL, MSG_NULLM, "m NULL", .nul = N_M, .s1 = "/nonexistent"),
	R(F_MACHINE_IMPORT, -EINVAL, MSG_M, "root NULL", .nul = N_1),
	R(F_MACHINE_IMPORT, -EINVAL, MSG_NULLM, "both NULL", .nul = N_M | N_1),
	R(F_MACHINE_IMPORT, -EINVAL, MSG_M, "root empty", .s1 = ""),
	R(F_MACHINE_IMPORT, -EINVAL, MSG_M, "root without proc/iomem", .s1 = "/nonexistent-devmemhp-root"),
	R(F_MACHINE_IMPORT, -EINVAL, MSG_M, "root a file", .s1 = "/dev/null"),
	R(F_MACHINE_IMPORT, -EINVAL, MSG_M, "root of 64 KiB", .s1 = long_name),
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* ---- the backends the table runs on -------------------------------------------- */

static const struct backend {
	const char *arch;
	uint64_t boot;  /* a whole online boot block */
	uint64_t free;  /* a free, block-aligned address nothing is at */
} backends[] = {
	{ "x86_64", 128 * MiB, 4 * GiB },
	{ "arm64", 1 * GiB, 4 * GiB },
};

/* ---- the log -------------------------------------------------------------------- */

static struct {
	int count, priority;
	char text[1024];
} logged;

static __attribute__((format(printf, 6, 0))) void capture(void *data, int priority,
							   const char *file, int line,
							   const char *fn, const char *format,
							   va_list args)
{
	(void)data;
	(void)file;
	(void)line;
	(void)fn;
	logged.count++;
	logged.priority = priority;
	vsnprintf(logged.text, sizeof(logged.text), format, args);
}

/* Walk callbacks: count what they are given. */
#define COUNTER(name, type)                                 \
	static int name(const type *x, void *data)          \
	{                                                   \
		(void)x;                                    \
		(*(unsigned int *)data)++;                  \
		return 0;                                   \
	}
COUNTER(count_arch, struct devmemhp_arch)
COUNTER(count_block, struct devmemhp_memory_block)
COUNTER(count_resource, struct devmemhp_resource)
COUNTER(count_zone, struct devmemhp_zone_info)
COUNTER(count_mapping, struct devmemhp_mapping)

/* ---- sized out-structs: a canary past .size ----------------------------------------- */

#define CANARY 0xa5
#define SLACK 64

struct sized {
	union {
		unsigned char bytes[sizeof(struct devmemhp_plan) + SLACK];
		max_align_t align_;
	} u;
	size_t full;  /* sizeof the struct */
	size_t given; /* the .size the row set */
};

static size_t size_of(enum sz sz, size_t full, size_t v1)
{
	switch (sz) {
	case SZ_FULL: return full;
	case SZ_0: return 0;
	case SZ_1: return 1;
	case SZ_WORD_1: return sizeof(size_t) - 1;
	case SZ_SHORT: return sizeof(size_t) + 4;
	case SZ_V1: return v1;
	case SZ_MAX: return SIZE_MAX;
	}
	return full;
}

static void *sized_init(struct sized *s, enum sz sz, size_t full, size_t v1)
{
	memset(s->u.bytes, CANARY, sizeof(s->u.bytes));
	s->full = full;
	s->given = size_of(sz, full, v1);
	memcpy(s->u.bytes, &s->given, sizeof(size_t));
	return s->u.bytes;
}

/* The library wrote nothing past min(.size, sizeof); on failure nothing at all. */
static void sized_expect(const struct sized *s, int failed, const char *row)
{
	size_t from = failed ? sizeof(size_t) : s->given < s->full ? s->given : s->full;

	if (from < sizeof(size_t))
		from = sizeof(size_t);
	for (size_t i = from; i < s->full + SLACK; i++)
		ck_assert_msg(s->u.bytes[i] == CANARY, "%s: byte %zu of %zu written (size %zu)", row, i,
			      s->full, s->given);
}

/* ---- arch_register: a valid backend to break ------------------------------------------- */

/* A copy of x86_64's backend: arch_foreach() passes a snapshot. */
static struct devmemhp_arch base_arch;
static struct devmemhp_geometry base_geo;
static char base_options[512], base_kernels[128];

static int find_x86_64(const struct devmemhp_arch *a, void *data)
{
	(void)data;
	if (strcmp(a->name, "x86_64") != 0)
		return 0;
	base_arch = *a;
	base_geo = *a->geometry;
	snprintf(base_options, sizeof(base_options), "%s", a->default_options ? a->default_options : "");
	snprintf(base_kernels, sizeof(base_kernels), "%s", a->kernels ? a->kernels : "6.1");
	base_arch.geometry = &base_geo;
	base_arch.default_options = base_options;
	base_arch.kernels = base_kernels;
	return 1;
}

static int call_arch_register(const struct row *r, int *registered)
{
	struct devmemhp_arch a;
	struct devmemhp_geometry geo;

	if (r->nul & N_1)
		return devmemhp_arch_register(NULL);
	ck_assert_ptr_nonnull(base_arch.name);
	a = base_arch;
	geo = base_geo;
	a.geometry = &geo;
	a.name = "badinput";
	a.description = "a backend of check_badinput";
	switch ((enum arch_bad)r->arch_bad) {
	case AB_NONE: break;
	case AB_VERSION0: a.version = 0; break;
	case AB_VERSION_FUTURE: a.version = DEVMEMHP_ARCH_VERSION + 1; break;
	case AB_NAME_NULL: a.name = NULL; break;
	case AB_NAME_EMPTY: a.name = ""; break;
	case AB_NAME_COMMA: a.name = "bad,input"; break;
	case AB_NAME_SPACE: a.name = "bad input"; break;
	case AB_NAME_NEWLINE: a.name = "bad\ninput"; break;
	case AB_NAME_DEL: a.name = "bad\x7finput"; break;
	case AB_DESC_TAB: a.description = "a\tbackend"; break;
	case AB_DESC_ESC: a.description = "\x1b[31mred"; break;
	case AB_GEO_NULL: a.geometry = NULL; break;
	case AB_CAPS_UNKNOWN: a.caps |= 1u << 30; break;
	case AB_CAPS_UNADDR:
		a.caps = (a.caps & ~DEVMEMHP_ARCH_CAP_DEVICE) | DEVMEMHP_ARCH_CAP_UNADDRESSABLE;
		break;
	case AB_CAPS_MAXPFN:
		a.caps |= DEVMEMHP_ARCH_CAP_RAISE_MAX_PFN | DEVMEMHP_ARCH_CAP_SET_MAX_PFN;
		break;
	case AB_GEO_SIZE:
		geo.size = size_of(r->sz, sizeof(geo),
				   offsetof(struct devmemhp_geometry, vmemmap_view_end) + sizeof(uint64_t));
		break;
	case AB_GEO_PAGE_SHIFT: geo.page_shift = 64; break;
	case AB_GEO_LEVELS: geo.levels = DEVMEMHP_MAX_LEVELS + 1; break;
	case AB_KERNELS_EMPTY: a.kernels = ""; break;
	case AB_KERNELS_BOGUS: a.kernels = "linux"; break;
	case AB_KERNELS_UNKNOWN: a.kernels = "9.99"; break;
	case AB_KERNELS_SEP: a.kernels = "6.1\n6.12"; break;
	case AB_NAME_TAKEN: a.name = "x86_64"; break;
	}
	int rc = devmemhp_arch_register(&a);

	*registered = rc == 0;
	return rc;
}

/* ---- one call ---------------------------------------------------------------------------- */

struct call_env {
	struct devmemhp_machine *m;
	const struct backend *be;
	uint64_t va; /* linear-map address of be->boot */
	struct sized out;
	bool sized;    /* out holds a sized struct to check */
	int plan_result;
	char plan_reason[256];
	bool plan;
};

static int ptr_rc(const void *p)
{
	return p ? R_NONNULL : R_NULL;
}

static int call(const struct row *r, struct call_env *e)
{
	struct devmemhp_machine *m = (r->nul & N_M) ? NULL : e->m;
	uint64_t a = r->a;
	const bool n1 = r->nul & N_1, n2 = r->nul & N_2;
	int rc;

	switch (r->base) {
	case B_ABS: break;
	case B_FREE: a += e->be->free; break;
	case B_BOOT: a += e->be->boot; break;
	case B_VA: a += e->va; break;
	}
	switch (r->fn) {
	case F_VERSION: {
		const char *v = devmemhp_version();

		ck_assert_str_eq(v, DEVMEMHP_VERSION_STRING);
		return ptr_rc(v);
	}
	case F_FLAGS_VALIDATE:
		return devmemhp_flags_validate(r->f);
	case F_FLAGS_TO_STRING: {
		char buf[64];

		return devmemhp_flags_to_string(r->f, n1 ? NULL : buf, r->b);
	}
	case F_FLAGS_FROM_STRING: {
		unsigned int f = 0xdead;

		rc = devmemhp_flags_from_string(n1 ? NULL : r->s1, n2 ? NULL : &f);
		if (rc)
			ck_assert_uint_eq(f, 0xdead);
		return rc;
	}
	case F_FLAGS_FROM_MEMORY_TYPE: {
		unsigned int f = 0xdead;
		enum devmemhp_pgprot pg = (enum devmemhp_pgprot)77;

		rc = devmemhp_flags_from_memory_type((enum devmemhp_memory_type)r->i,
						     n1 ? NULL : &f, n2 ? NULL : &pg);
		if (rc) {
			ck_assert_uint_eq(f, 0xdead);
			ck_assert_int_eq(pg, 77);
		}
		return rc;
	}
	case F_FLAGS_TO_MEMORY_TYPE: {
		enum devmemhp_memory_type t = (enum devmemhp_memory_type)77;

		rc = devmemhp_flags_to_memory_type(r->f, n1 ? NULL : &t);
		if (rc)
			ck_assert_int_eq(t, 77);
		return rc;
	}
	case F_ZONE_NAME:
		return ptr_rc(devmemhp_zone_name((enum devmemhp_zone)r->i));
	case F_MACHINE_NEW: {
		struct devmemhp_machine *out = (struct devmemhp_machine *)&rc; /* not NULL */

		rc = devmemhp_machine_new(n1 ? NULL : r->s1, n2 ? NULL : r->s2,
					  (r->nul & N_3) ? NULL : &out);
		if (r->nul & N_3)
			return rc;
		if (rc) {
			ck_assert_ptr_null(out);
		} else {
			ck_assert_ptr_nonnull(out);
			ck_assert_int_eq(devmemhp_check(out), 0);
			devmemhp_machine_unref(out);
		}
		return rc;
	}
	case F_MACHINE_REF: {
		struct devmemhp_machine *p = devmemhp_machine_ref(m);

		if (p) {
			ck_assert_ptr_eq(p, m);
			ck_assert_ptr_eq(devmemhp_machine_unref(p), m); /* still ours */
		}
		return ptr_rc(p);
	}
	case F_MACHINE_UNREF:
		return ptr_rc(devmemhp_machine_unref(m));
	case F_MACHINE_ARCH: {
		const char *name = devmemhp_machine_arch(m);

		if (name)
			ck_assert_str_eq(name, e->be->arch);
		return ptr_rc(name);
	}
	case F_SET_OPTION:
		return devmemhp_machine_set_option(m, n1 ? NULL : r->s1, n2 ? NULL : r->s2);
	case F_GET_GEOMETRY:
		e->sized = !n1;
		return devmemhp_machine_get_geometry(m, n1 ? NULL : sized_init(&e->out, r->sz,
			sizeof(struct devmemhp_geometry),
			offsetof(struct devmemhp_geometry, vmemmap_view_end) + sizeof(uint64_t)));
	case F_GET_KERNEL:
		e->sized = !n1;
		return devmemhp_machine_get_kernel(m, n1 ? NULL : sized_init(&e->out, r->sz,
			sizeof(struct devmemhp_kernel), sizeof(struct devmemhp_kernel)));
	case F_SET_LOG_FN:
		if (m) {
			/* fn NULL: logging off; a failure then reaches no function */
			devmemhp_set_log_fn(m, NULL, NULL);
			rc = devmemhp_get_stats(m, NULL);
			ck_assert_str_ne(devmemhp_last_error(m), "");
			devmemhp_set_log_fn(m, capture, NULL);
			/* the record, not the log, is what the row checks: forget it */
			return rc;
		}
		devmemhp_set_log_fn(NULL, n1 ? NULL : capture, NULL);
		return 0;
	case F_SET_LOG_PRIORITY:
		devmemhp_set_log_priority(m, (int)r->i);
		if (!m)
			return 0;
		rc = devmemhp_get_log_priority(m);
		devmemhp_set_log_priority(m, LOG_ERR);
		ck_assert_int_eq(devmemhp_get_log_priority(m), LOG_ERR);
		return rc;
	case F_GET_LOG_PRIORITY:
		return devmemhp_get_log_priority(m);
	case F_LAST_ERROR:
		return ptr_rc(devmemhp_last_error(m));
	case F_ADD_MEMORY:
		return devmemhp_add_memory(m, (int)r->i, a, r->b, r->f);
	case F_REMOVE_MEMORY:
		return devmemhp_remove_memory(m, a, r->b, r->f);
	case F_ONLINE_MEMORY:
		return devmemhp_online_memory(m, a, r->b, (enum devmemhp_zone)r->i);
	case F_OFFLINE_MEMORY:
		return devmemhp_offline_memory(m, a, r->b);
	case F_SET_PAGE_UNMOVABLE:
		return devmemhp_set_page_unmovable(m, r->base == B_ABS ? a : a >> 12, (int)r->i);
	case F_FIND_FREE_REGION: {
		uint64_t start = 0xdead;

		rc = devmemhp_find_free_region(m, r->b, n1 ? NULL : &start);
		if (rc)
			ck_assert_uint_eq(start, 0xdead);
		return rc;
	}
	case F_VIRT_TO_PHYS: {
		uint64_t pa = 0xdead;
		unsigned int shift = 77;

		rc = devmemhp_virt_to_phys(m, a, n1 ? NULL : &pa, n2 ? NULL : &shift);
		if (rc) {
			ck_assert_uint_eq(pa, 0xdead);
			ck_assert_uint_eq(shift, 77);
		} else {
			ck_assert_uint_eq(pa, e->be->boot + r->a);
		}
		return rc;
	}
	case F_PHYS_TO_VIRT: {
		uint64_t va = 0xdead;

		rc = devmemhp_phys_to_virt(m, a, n1 ? NULL : &va);
		if (rc)
			ck_assert_uint_eq(va, 0xdead);
		return rc;
	}
	case F_PAGE_INFO:
		e->sized = !n1;
		return devmemhp_page_info(m, r->base == B_ABS ? a : a >> 12,
					  n1 ? NULL : sized_init(&e->out, r->sz,
								 sizeof(struct devmemhp_page_info),
								 sizeof(struct devmemhp_page_info)));
	case F_GET_STATS:
		e->sized = !n1;
		return devmemhp_get_stats(m, n1 ? NULL : sized_init(&e->out, r->sz,
			sizeof(struct devmemhp_stats), offsetof(struct devmemhp_stats, free_bytes)));
	case F_ZONE_INFO_GET:
		e->sized = !n1;
		return devmemhp_zone_info_get(m, (int)r->i, (enum devmemhp_zone)r->j,
					      n1 ? NULL : sized_init(&e->out, r->sz,
						sizeof(struct devmemhp_zone_info),
						offsetof(struct devmemhp_zone_info, free)));
	case F_NODE_INFO_GET:
		e->sized = !n1;
		return devmemhp_node_info_get(m, (int)r->i, n1 ? NULL : sized_init(&e->out, r->sz,
			sizeof(struct devmemhp_node_info), sizeof(struct devmemhp_node_info)));
	case F_MEMORY_BLOCK_GET: {
		uint64_t id = r->a;

		if (r->a == 8) /* a boot block of this backend */
			id = e->be->boot / BLK;
		e->sized = !n1;
		return devmemhp_memory_block_get(m, id, n1 ? NULL : sized_init(&e->out, r->sz,
			sizeof(struct devmemhp_memory_block), sizeof(struct devmemhp_memory_block)));
	}
	case F_MEMORY_BLOCK_FOREACH: {
		unsigned int n = 0;

		rc = devmemhp_memory_block_foreach(m, n1 ? NULL : count_block, &n);
		ck_assert_uint_eq(n, 0);
		return rc;
	}
	case F_CHECK:
		return devmemhp_check(m);
	case F_ARCH_REGISTER: {
		int registered = 0;

		rc = call_arch_register(r, &registered);
		if (registered) {
			struct devmemhp_machine *x = NULL;

			/* it works, and it goes again */
			ck_assert_int_eq(devmemhp_machine_new("badinput", NULL, &x), 0);
			ck_assert_int_eq(devmemhp_check(x), 0);
			devmemhp_machine_unref(x);
			ck_assert_int_eq(devmemhp_arch_unregister("badinput"), 0);
		}
		return rc;
	}
	case F_ARCH_UNREGISTER:
		return devmemhp_arch_unregister(n1 ? NULL : r->i ? e->be->arch : r->s1);
	case F_ARCH_FOREACH:
		return devmemhp_arch_foreach(NULL, NULL);
	case F_ADD_MEMORY_EX:
	case F_PLAN_ADD: {
		struct devmemhp_add_params p = {
			.size = size_of(r->fn == F_PLAN_ADD ? r->psz : r->sz, sizeof(p),
					sizeof(p) - 1),
			.start = a,
			.length = r->b,
			.nid = (int)r->i,
			.flags = r->f,
			.options = r->opt,
			.name = r->s1,
			.pgprot = (enum devmemhp_pgprot)r->pg,
			.group = r->grp,
			.altmap_reserve = r->altr,
			.altmap_free = r->altf,
			.compound_size = r->cmp,
		};
		struct devmemhp_plan *plan;

		if (r->fn == F_ADD_MEMORY_EX)
			return devmemhp_add_memory_ex(m, n1 ? NULL : &p);
		e->sized = !n2;
		plan = n2 ? NULL : sized_init(&e->out, r->sz,
					      sizeof(struct devmemhp_plan), sizeof(struct devmemhp_plan));
		rc = devmemhp_plan_add(m, n1 ? NULL : &p, plan);
		goto plan_done;
	}
	case F_PLAN_REMOVE: {
		struct devmemhp_plan *plan;

		e->sized = !n1;
		plan = n1 ? NULL : sized_init(&e->out, r->sz, sizeof(struct devmemhp_plan),
					      sizeof(struct devmemhp_plan));
		rc = devmemhp_plan_remove(m, a, r->b, r->f, plan);
plan_done:
		if (!rc && e->sized) {
			struct devmemhp_plan pl;

			memcpy(&pl, e->out.u.bytes, sizeof(pl));
			e->plan = true;
			e->plan_result = pl.result;
			/* a short .size leaves the rest canary, no NUL */
			snprintf(e->plan_reason, sizeof(e->plan_reason), "%.*s",
				 (int)sizeof(pl.reason), pl.reason);
		}
		return rc;
	}
	case F_GROUP_NEW: {
		uint64_t id = 0xdead;

		rc = devmemhp_memory_group_new(m, (int)r->i, (int)r->j, r->b, n1 ? NULL : &id);
		if (rc)
			ck_assert_uint_eq(id, 0xdead);
		return rc;
	}
	case F_GROUP_REMOVE:
		return devmemhp_memory_group_remove(m, a);
	case F_RESOURCE_ADD:
		return devmemhp_resource_add(m, a, r->b, n1 ? NULL : r->s1, r->f,
					     (enum devmemhp_iores_desc)r->i);
	case F_RESOURCE_REMOVE:
		return devmemhp_resource_remove(m, a, r->b, n1 ? NULL : r->s1);
	case F_RESOURCE_FOREACH: {
		unsigned int n = 0;

		rc = devmemhp_resource_foreach(m, n1 ? NULL : count_resource, &n);
		ck_assert_uint_eq(n, 0);
		return rc;
	}
	case F_ZONE_FOREACH: {
		unsigned int n = 0;

		rc = devmemhp_zone_foreach(m, n1 ? NULL : count_zone, &n);
		ck_assert_uint_eq(n, 0);
		return rc;
	}
	case F_MAPPING_FOREACH: {
		unsigned int n = 0;

		rc = devmemhp_mapping_foreach(m, (enum devmemhp_map_region)r->i, n1 ? NULL : count_mapping, &n);
		ck_assert_uint_eq(n, 0);
		return rc;
	}
	case F_WRITE_VIEW: {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = NULL;

		if (!n1) {
			if (r->j) { /* a stream whose error indicator is set */
				f = fopen("/dev/null", "r");
				ck_assert_ptr_nonnull(f);
				ck_assert_int_eq(fputc('x', f), EOF);
				ck_assert(ferror(f));
			} else {
				f = open_memstream(&buf, &len);
				ck_assert_ptr_nonnull(f);
			}
		}
		rc = devmemhp_write_view(m, (enum devmemhp_view)r->i, f);
		if (f)
			fclose(f);
		if (buf && rc)
			ck_assert_uint_eq(len, 0); /* nothing is written */
		free(buf);
		return rc;
	}
	case F_EXPORT_SYSFS:
		return devmemhp_export_sysfs(m, n1 ? NULL : r->s1);
	case F_MACHINE_IMPORT:
		return devmemhp_machine_import(m, n1 ? NULL : r->s1);
	case F_COUNT:
		break;
	}
	ck_abort_msg("no such function %d", r->fn);
	return 0;
}

/* ---- one row on one backend ------------------------------------------------------------------ */

struct snapshot {
	struct devmemhp_stats st;
	char *iomem, *dump;
	unsigned int archs;
};

static struct snapshot snap(struct devmemhp_machine *m)
{
	struct snapshot s = { .st = tu_stats(m) };

	s.iomem = tu_view(m, DEVMEMHP_VIEW_IOMEM);
	s.dump = tu_dump(m);
	ck_assert_int_eq(devmemhp_arch_foreach(count_arch, &s.archs), 0);
	return s;
}

static void run_row(const struct row *r, const struct backend *be, struct devmemhp_machine *m,
		    struct devmemhp_machine *sentinel, uint64_t va)
{
	struct call_env e = { .m = m, .be = be, .va = va };
	struct devmemhp_memory_block blk = { .size = sizeof(blk) };
	struct snapshot before, after;
	char row[512], *iomem;
	int rc;

	if (r->only && strcmp(r->only, be->arch) != 0)
		return;
	before = snap(m);

	snprintf(row, sizeof(row), "%s: row %td %s(%s)", be->arch, r - rows, fn_names[r->fn], r->what);
	/* a failure of another machine: last_error(NULL) and last_error(m) are "" */
	ck_assert_int_eq(devmemhp_memory_block_get(sentinel, UINT64_MAX, &blk), -ENOENT);
	ck_assert_str_eq(devmemhp_last_error(NULL), "");
	ck_assert_str_eq(devmemhp_last_error(m), "");
	memset(&logged, 0, sizeof(logged));

	rc = call(r, &e);

	ck_assert_msg(rc == r->want, "%s returned %d, the documentation says %d (%s | %s)", row, rc,
		      r->want, devmemhp_last_error(m), devmemhp_last_error(NULL));
	switch (r->msg) {
	case MSG_M:
		ck_assert_msg(logged.count == 1 && logged.priority == LOG_ERR,
			      "%s: %d messages logged (priority %d)", row, logged.count,
			      logged.priority);
		ck_assert_msg(strcmp(logged.text, devmemhp_last_error(m)) == 0 && logged.text[0],
			      "%s: logged \"%s\", last_error \"%s\"", row, logged.text,
			      devmemhp_last_error(m));
		ck_assert_str_eq(devmemhp_last_error(NULL), "");
		break;
	case MSG_NULLM:
		ck_assert_msg(logged.count == 0, "%s: logged \"%s\" for no machine", row, logged.text);
		ck_assert_msg(devmemhp_last_error(NULL)[0], "%s: no message for last_error(NULL)", row);
		ck_assert_str_eq(devmemhp_last_error(m), "");
		break;
	case MSG_NONE:
		ck_assert_msg(logged.count == 0, "%s: logged \"%s\"", row, logged.text);
		if (r->fn != F_SET_LOG_FN) { /* that row fails with logging off */
			ck_assert_msg(!devmemhp_last_error(NULL)[0] && !devmemhp_last_error(m)[0],
				      "%s: recorded \"%s%s\"", row, devmemhp_last_error(NULL),
				      devmemhp_last_error(m));
		}
		break;
	case MSG_MISS:
		ck_assert_msg(logged.count == 0, "%s: logged \"%s\" at %d", row, logged.text,
			      logged.priority);
		ck_assert_msg(devmemhp_last_error(m)[0], "%s: no message for last_error(m)", row);
		ck_assert_str_eq(devmemhp_last_error(NULL), "");
		/* asked again at LOG_DEBUG: told there, with the same text */
		devmemhp_set_log_priority(m, LOG_DEBUG);
		memset(&logged, 0, sizeof(logged));
		ck_assert_int_eq(call(r, &e), r->want);
		devmemhp_set_log_priority(m, LOG_ERR);
		ck_assert_msg(logged.count == 1 && logged.priority == LOG_DEBUG,
			      "%s: at LOG_DEBUG %d messages logged (priority %d)", row, logged.count,
			      logged.priority);
		ck_assert_str_eq(logged.text, devmemhp_last_error(m));
		break;
	case MSG_PLAN:
		ck_assert_msg(e.plan, "%s: no plan", row);
		ck_assert_msg(e.plan_result == r->res, "%s: plan.result %d, expected %d (%s)", row,
			      e.plan_result, r->res, e.plan_reason);
		ck_assert_msg(e.plan_reason[0], "%s: plan.reason is empty", row);
		ck_assert_msg(logged.count == 0, "%s: a plan logged \"%s\" at %d", row, logged.text,
			      logged.priority);
		break;
	}
	if (e.sized)
		sized_expect(&e.out, rc != 0 && r->fn != F_PLAN_ADD && r->fn != F_PLAN_REMOVE, row);

	/* the machine is as it was */
	ck_assert_msg(devmemhp_check(m) == 0, "%s: devmemhp_check: %s", row, devmemhp_last_error(m));
	after = snap(m);
	ck_assert_msg(memcmp(&before.st, &after.st, sizeof(before.st)) == 0, "%s: stats changed", row);
	ck_assert_msg(strcmp(before.iomem, after.iomem) == 0, "%s: iomem changed:\n%s\n---\n%s", row,
		      before.iomem, after.iomem);
	ck_assert_uint_eq(before.archs, after.archs);
	tu_expect_dump(m, before.dump);
	iomem = after.iomem;
	free(before.iomem);
	free(iomem);
	free(after.dump);
}

START_TEST(test_rows)
{
	const struct backend *be = &backends[_i];
	struct devmemhp_machine *m = NULL, *sentinel = NULL;
	uint64_t va = 0;

	ck_assert_int_eq(devmemhp_machine_new(be->arch, NULL, &m), 0);
	ck_assert_int_eq(devmemhp_machine_new("x86_64", NULL, &sentinel), 0);
	devmemhp_set_log_fn(m, capture, NULL);
	devmemhp_set_log_fn(sentinel, NULL, NULL);
	ck_assert_int_eq(devmemhp_arch_foreach(find_x86_64, NULL), 1);
	ck_assert_int_eq(devmemhp_phys_to_virt(m, be->boot, &va), 0);
	{
		struct devmemhp_memory_block b = tu_block(m, be->boot / BLK);

		ck_assert_int_eq(b.online, 1);
		ck_assert_uint_eq(tu_stats(m).block_size, BLK);
	}
	for (size_t i = 0; i < NROWS; i++)
		run_row(&rows[i], be, m, sentinel, va);
	ck_assert_ptr_null(devmemhp_machine_unref(sentinel));
	ck_assert_ptr_null(devmemhp_machine_unref(m));
}
END_TEST

/* Every export has rows, and the table is as large as the issue asks. */
START_TEST(test_table_covers_every_export)
{
	bool seen[F_COUNT] = { false };

	for (size_t i = 0; i < NROWS; i++) {
		ck_assert_msg(rows[i].fn < F_COUNT && rows[i].what, "row %zu", i);
		seen[rows[i].fn] = true;
	}
	for (int f = 0; f < F_COUNT; f++)
		ck_assert_msg(seen[f], "no row for devmemhp_%s", fn_names[f]);
	ck_assert_uint_eq(F_COUNT, 49);
	ck_assert_uint_ge(NROWS, 250);
}
END_TEST

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void fill(char *buf, size_t size, const char *head, char c)
{
	size_t n = strlen(head);

	memcpy(buf, head, n);
	memset(buf + n, c, size - n - 1);
	buf[size - 1] = '\0';
}

int main(void)
{
	Suite *s = suite_create("badinput");
	TCase *tc = tcase_create("table");
	char *p, base[64];
	int rc;

	fill(long_options, sizeof(long_options), "a=", 'a');
	fill(long_value, sizeof(long_value), "nodes=", '0');
	long_value[sizeof(long_value) - 2] = '1';
	fill(long_commas, sizeof(long_commas), "", ',');
	fill(long_name, sizeof(long_name), "", 'n');
	/* /tmp/d/d/d/...: past PATH_MAX, each component short */
	snprintf(base, sizeof(base), "/tmp/devmemhp-badinput-%ld", (long)getpid());
	p = long_dir + sprintf(long_dir, "%s", base);
	while (p < long_dir + sizeof(long_dir) - 3)
		p += sprintf(p, "/d");
	tcase_set_timeout(tc, 300); /* valgrind */
	tcase_add_test(tc, test_table_covers_every_export);
	tcase_add_loop_test(tc, test_rows, 0, sizeof(backends) / sizeof(backends[0]));
	suite_add_tcase(s, tc);
	rc = tu_run(s);
	/* export_sysfs() makes the parents it can (mkdir -p) before the path
	 * gets too long: take them away */
	nftw(base, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}
