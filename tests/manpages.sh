#!/bin/sh
# Every exported function has a manual page.
set -eu
top="${srcdir:-.}"
fail=0
for s in $(grep -oE '\bdevmemhp_[a-z0-9_]+' "$top/lib/libdevmemhp.sym" | sort -u); do
	[ -f "$top/man/$s.3" ] || { echo "no man/$s.3"; fail=1; }
done
[ -f "$top/man/libdevmemhp.3" ] || { echo "no man/libdevmemhp.3"; fail=1; }
exit $fail
