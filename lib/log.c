/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Logging and the reason of the last failure.  The reason is kept per thread
 * (like errno), so that queries on a shared machine never write to it.
 */
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "machine.h"
#include "options.h"
#include "private.h"

/* Machines are told apart by id, not address: a new machine may reuse the
 * address of a freed one. 0 stands for "no machine". */
static _Thread_local struct {
	uint64_t machine;
	char msg[512];
} last_error;

static uint64_t machine_key(const struct devmemhp_machine *m)
{
	return m ? m->id : 0;
}

static int priority_from_string(const char *s)
{
	static const struct {
		const char *name;
		int prio;
	} names[] = {
		{ "emerg", LOG_EMERG }, { "alert", LOG_ALERT },   { "crit", LOG_CRIT },
		{ "err", LOG_ERR },     { "warning", LOG_WARNING }, { "notice", LOG_NOTICE },
		{ "info", LOG_INFO },   { "debug", LOG_DEBUG },
	};
	unsigned long long n;

	if (dmh_parse_uint(s, LOG_DEBUG, &n) == 0)
		return (int)n;
	for (size_t i = 0; i < DMH_ARRAY_SIZE(names); i++)
		if (strcasecmp(s, names[i].name) == 0)
			return names[i].prio;
	return -1;
}

static DMH_PRINTF(6, 0) void log_stderr(void *data, int priority, const char *file, int line, const char *fn,
		       const char *format, va_list args)
{
	(void)data;
	(void)priority;
	(void)file;
	(void)line;
	fprintf(stderr, "libdevmemhp: %s: ", fn);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

void dmh_log_init(struct dmh_log *log)
{
	const char *env = secure_getenv("DEVMEMHP_LOG");
	int prio;

	log->fn = log_stderr;
	log->data = NULL;
	log->priority = LOG_ERR;
	if (env && (prio = priority_from_string(env)) >= 0)
		log->priority = prio;
}

bool dmh_log_enabled(const struct devmemhp_machine *m, int priority)
{
	return m && m->log.fn && priority <= m->log.priority;
}

static DMH_PRINTF(6, 0) void vlog(const struct devmemhp_machine *m, int priority, const char *file, int line,
		 const char *fn, const char *fmt, va_list ap)
{
	int saved = errno;

	m->log.fn(m->log.data, priority, file, line, fn, fmt, ap);
	errno = saved;
}

void dmh_log(const struct devmemhp_machine *m, int priority, const char *file, int line,
	     const char *fn, const char *fmt, ...)
{
	va_list ap;

	if (!dmh_log_enabled(m, priority))
		return;
	va_start(ap, fmt);
	vlog(m, priority, file, line, fn, fmt, ap);
	va_end(ap);
}

int dmh_error(const struct devmemhp_machine *m, int err, int priority, const char *file, int line,
	      const char *fn, const char *fmt, ...)
{
	va_list ap;

	last_error.machine = machine_key(m);
	va_start(ap, fmt);
	vsnprintf(last_error.msg, sizeof(last_error.msg), fmt, ap);
	va_end(ap);
	/* a plan's refusal is an answer, not an error */
	if (m && m->dry_run)
		priority = LOG_DEBUG;
	if (dmh_log_enabled(m, priority))
		dmh_log(m, priority, file, line, fn, "%s", last_error.msg);
	return err;
}

DMH_EXPORT const char *devmemhp_last_error(const struct devmemhp_machine *m)
{
	if (last_error.machine != machine_key(m))
		return "";
	return last_error.msg;
}

DMH_EXPORT void devmemhp_set_log_fn(struct devmemhp_machine *m, devmemhp_log_fn fn, void *userdata)
{
	if (!m)
		return;
	m->log.fn = fn;
	m->log.data = userdata;
}

DMH_EXPORT void devmemhp_set_log_priority(struct devmemhp_machine *m, int priority)
{
	if (!m)
		return;
	if (priority < LOG_EMERG)
		priority = LOG_EMERG;
	if (priority > LOG_DEBUG)
		priority = LOG_DEBUG;
	m->log.priority = priority;
}

DMH_EXPORT int devmemhp_get_log_priority(const struct devmemhp_machine *m)
{
	return m ? m->log.priority : -EINVAL;
}

void dmh_why(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!why || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}
