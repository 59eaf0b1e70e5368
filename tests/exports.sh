#!/bin/sh
# The shared object exports devmemhp_* functions only, each at a version
# node of lib/libdevmemhp.sym, and every symbol the script lists.
set -eu
so=$(ls lib/.libs/libdevmemhp.so.*.*.* 2>/dev/null | head -n 1)
[ -n "$so" ] || { echo "no lib/.libs/libdevmemhp.so.*"; exit 1; }
sym="${srcdir:-.}/lib/libdevmemhp.sym"
fail=0
nm -D --defined-only "$so" | while read -r _addr type name; do
	case "$type $name" in
	"A LIBDEVMEMHP_"*) ;;
	"T devmemhp_"*@@LIBDEVMEMHP_*) ;;
	*) echo "unexpected export: $type $name"; exit 1 ;;
	esac
done || fail=1
built=$(sh "${srcdir:-.}/tests/so-exports.sh" "$so")
for s in $(grep -oE '\bdevmemhp_[a-z0-9_]+' "$sym" | sort -u); do
	echo "$built" | grep -q "^$s@@LIBDEVMEMHP_" || {
		echo "listed in libdevmemhp.sym but not exported: $s"
		fail=1
	}
done
exit $fail
