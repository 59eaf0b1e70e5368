/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The entry of every public function that takes a machine (api.c). */
#ifndef DEVMEMHP_API_H
#define DEVMEMHP_API_H

#include "devmemhp.h"

/* api.c: a public function's entry.  -EINVAL for no machine, then for bad
 * (the caller's verdict on its other arguments, NULL if fine), logged as
 * "<who>: no machine" or "<who>: <bad>" from the caller's line; else 0 with
 * the lock taken, which dmh_api_leave() drops. */
enum dmh_api_lock { DMH_API_NONE, DMH_API_READ, DMH_API_WRITE };
int dmh_api_enter_at(const struct devmemhp_machine *m, const char *who, const char *bad,
		     enum dmh_api_lock lock, const char *file, int line, const char *fn);
#define dmh_api_enter(m, who, bad, lock) \
	dmh_api_enter_at((m), (who), (bad), (lock), __FILE__, __LINE__, __func__)
void dmh_api_leave(const struct devmemhp_machine *m, enum dmh_api_lock lock);
/* The verdict on a sized out-struct p, called name (a literal), for bad. */
#define DMH_API_SIZED(p, name) \
	(!(p) || (p)->size < sizeof(size_t) ? name " is NULL or " name "->size is unset" : NULL)

#endif /* DEVMEMHP_API_H */
