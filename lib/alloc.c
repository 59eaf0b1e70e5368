/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The one allocator.  Every allocation of the model comes through here, so a
 * test can make the Nth one fail and prove that each operation rolls back.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static atomic_ulong fail_countdown; /* 0: off; 1: the next allocation fails */
static atomic_ulong failures;

static bool should_fail(void)
{
	unsigned long n = atomic_load_explicit(&fail_countdown, memory_order_relaxed);

	while (n) {
		if (atomic_compare_exchange_weak(&fail_countdown, &n, n - 1)) {
			if (n == 1) {
				atomic_fetch_add(&failures, 1);
				return true;
			}
			return false;
		}
	}
	return false;
}

void dmh_alloc_fail_at(unsigned long nth)
{
	atomic_store(&fail_countdown, nth);
}

unsigned long dmh_alloc_failures(void)
{
	return atomic_load(&failures);
}

void *dmh_malloc(size_t size)
{
	if (should_fail())
		return NULL;
	return malloc(size ? size : 1);
}

void *dmh_calloc(size_t nmemb, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(nmemb ? nmemb : 1, size ? size : 1);
}

char *dmh_strdup(const char *s)
{
	size_t len = strlen(s) + 1;
	char *p = dmh_malloc(len);

	if (p)
		memcpy(p, s, len);
	return p;
}

/* const, as kfree() takes it: the const arrays of a state are freed too */
void dmh_free(const void *p)
{
	free((void *)p);
}

int dmh_grow(void **array, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / elem)
			return -ENOMEM;
		ncap *= 2;
	}
	if (should_fail())
		return -ENOMEM;
	p = realloc(*array, ncap * elem);
	if (!p)
		return -ENOMEM;
	*array = p;
	*cap = ncap;
	return 0;
}
