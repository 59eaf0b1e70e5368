#!/bin/sh
# make check-valgrind: run each job under valgrind, VALGRIND_JOBS at a time
# (default: one a core; one after another they took CI a quarter of an hour).
# A job is a line on stdin, "DIR PROGRAM ARGS...", run in DIR ("-": here);
# its output is shown only when valgrind or the program fails.
# usage: tests/valgrind.sh LIBTOOL < jobs
set -u
libtool=$1
jobs=${VALGRIND_JOBS:-$(nproc 2>/dev/null || echo 2)}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
export libtool logs
# shellcheck disable=SC2016
nl -ba -w1 -s' ' | xargs -P "$jobs" -L 1 sh -c '
	n=$1 dir=$2; shift 2
	test "$dir" = - || cd "$dir" || exit 1
	echo "  VALGRIND $*" | cut -c1-100
	CK_FORK=no "$libtool" --mode=execute valgrind --quiet --error-exitcode=3 \
		--leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
		"$@" >"$logs/$n" 2>&1 && exit 0
	echo "FAIL (valgrind): $*"; cat "$logs/$n"; exit 1' sh
