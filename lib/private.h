/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What every file of lib/ uses: attributes, macros, the allocator, the log; never installed. */
#ifndef DEVMEMHP_PRIVATE_H
#define DEVMEMHP_PRIVATE_H

#include <stdbool.h>
#include <string.h>
#include <syslog.h>

#include "devmemhp.h"

#define DMH_EXPORT __attribute__((visibility("default")))
#define DMH_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define DMH_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define DMH_ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
#define DMH_ALIGN_UP(x, a) DMH_ALIGN_DOWN((x) + (uint64_t)(a) - 1, (a))
#define DMH_IS_ALIGNED(x, a) (((x) & ((uint64_t)(a) - 1)) == 0)
#define DMH_MIN(a, b) ((a) < (b) ? (a) : (b))
#define DMH_MAX(a, b) ((a) > (b) ? (a) : (b))

/* An internal value that is the public one (_Static_assert). */
#define DMH_SAME_AS_PUBLIC(internal, public) \
	_Static_assert((int)(internal) == (int)(public), #internal " is " #public)

/* ---- alloc.c: the one allocator (with a test hook) ---------------------- */

void *dmh_malloc(size_t size);
void *dmh_calloc(size_t nmemb, size_t size);
char *dmh_strdup(const char *s);
void dmh_free(const void *p);
/* Grow an array to hold at least `need` elements; leaves it untouched on failure. */
int dmh_grow(void **array, size_t *cap, size_t need, size_t elem);
/* Test hook: make the nth allocation from now fail (0: never). */
void dmh_alloc_fail_at(unsigned long nth);
unsigned long dmh_alloc_failures(void);

/* ---- log.c --------------------------------------------------------------- */

struct dmh_log {
	devmemhp_log_fn fn;
	void *data;
	int priority;
};

void dmh_log_init(struct dmh_log *log);
void dmh_log(const struct devmemhp_machine *m, int priority, const char *file, int line,
	     const char *fn, const char *fmt, ...) DMH_PRINTF(6, 7);
/* Record why a call failed (devmemhp_last_error), log it at priority (a
 * plan's refusal at LOG_DEBUG), return err. */
int dmh_error(const struct devmemhp_machine *m, int err, int priority, const char *file, int line,
	      const char *fn, const char *fmt, ...) DMH_PRINTF(7, 8);
bool dmh_log_enabled(const struct devmemhp_machine *m, int priority);

/* A reason, where the caller asked for one (why not NULL). */
void dmh_why(char *why, size_t len, const char *fmt, ...) DMH_PRINTF(3, 4);
#define DMH_WHY_LEN 160

#define dmh_err(m, err, ...) dmh_error((m), (err), LOG_ERR, __FILE__, __LINE__, __func__, __VA_ARGS__)
/* A query's "no such thing" (an unmapped address, no such block) is an
 * answer a caller may ask for millions of times: recorded, logged only at
 * LOG_DEBUG. */
#define dmh_miss(m, err, ...)                                                               \
	dmh_error((m), (err), LOG_DEBUG, __FILE__, __LINE__, __func__, __VA_ARGS__)
#define dmh_dbg(m, ...)                                                                     \
	do {                                                                                \
		if (dmh_log_enabled((m), LOG_DEBUG))                                        \
			dmh_log((m), LOG_DEBUG, __FILE__, __LINE__, __func__, __VA_ARGS__); \
	} while (0)

/* Copy a struct that starts with its size to a caller's copy of maybe
 * another (older or newer) size, leaving the caller's size alone. */
static inline void dmh_copy_sized(void *dst, const void *src, size_t src_size)
{
	size_t n = DMH_MIN(*(const size_t *)dst, src_size);

	memcpy((char *)dst + sizeof(size_t), (const char *)src + sizeof(size_t), n - sizeof(size_t));
}

#endif /* DEVMEMHP_PRIVATE_H */
