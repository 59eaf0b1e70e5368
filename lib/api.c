/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The entry of a public function on a machine: its check of the machine and
 * of the caller's verdict on the other arguments, then its lock, in one place
 * (as libseccomp's src/api.c does with _ctx_valid()).
 */
#include <errno.h>

#include "api.h"
#include "machine.h"
#include "private.h"
#include "txn.h"

int dmh_api_enter_at(const struct devmemhp_machine *m, const char *who, const char *bad,
		     enum dmh_api_lock lock, const char *file, int line, const char *fn)
{
	/* the caller's file, line and function: the default log line names it */
	if (!m)
		return dmh_error(NULL, -EINVAL, LOG_ERR, file, line, fn, "%s: no machine", who);
	if (bad)
		return dmh_error(m, -EINVAL, LOG_ERR, file, line, fn, "%s: %s", who, bad);
	if (lock == DMH_API_READ)
		dmh_read_lock(m);
	else if (lock == DMH_API_WRITE) /* only mutations ask it, on a machine of their own */
		dmh_writer_lock((struct devmemhp_machine *)m);
	return 0;
}

void dmh_api_leave(const struct devmemhp_machine *m, enum dmh_api_lock lock)
{
	if (lock == DMH_API_READ)
		dmh_read_unlock(m);
	else if (lock == DMH_API_WRITE)
		dmh_writer_unlock((struct devmemhp_machine *)m);
}
