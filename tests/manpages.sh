#!/bin/sh
# The manual is complete: every exported function has a page (the symbols
# of lib/libdevmemhp.sym and those the built library really exports), every
# name the public header defines (types, enum constants, macros) is
# documented on some section 3 page, and every SEE ALSO reference names a
# page that exists: ours, or one of the few other projects' pages below.
set -eu
top="${srcdir:-.}"
fail=0

# Pages of other projects we refer to, and where they come from.
external="lsmem(1) util-linux
syslog(3) manpages-dev
pkg-config(1) pkg-config"

exports=$(grep -oE '\bdevmemhp_[a-z0-9_]+' "$top/lib/libdevmemhp.sym")
if built=$(sh "$top/tests/so-exports.sh" 2>/dev/null); then
	exports="$exports
$(echo "$built" | sed 's/@.*//')"
fi
for s in $(echo "$exports" | sort -u); do
	[ -f "$top/man/$s.3" ] || { echo "exported without a manual page: $s (no man/$s.3)"; fail=1; }
done
[ -f "$top/man/libdevmemhp.3" ] || { echo "no man/libdevmemhp.3"; fail=1; }

# Names of the public header: macros, struct and enum tags, enum constants,
# typedefs. The include guard is not an interface.
header="$top/include/devmemhp.h"
names=$({
	sed -n 's/^#define \{1,\}\([A-Z][A-Z0-9_]*\).*/\1/p' "$header"
	grep -oE '\b(struct|enum) devmemhp_[a-z0-9_]+' "$header" | sed 's/.* //'
	sed -n 's/^[[:space:]]\{1,\}\(\(DEVMEMHP\|DEVICE_MEMORY\)_[A-Z0-9_]*\)[[:space:]]*[=,].*/\1/p' "$header"
	grep -oE '\(\*devmemhp_[a-z0-9_]+\)|devmemhp_[a-z0-9_]+;' "$header" | grep -oE 'devmemhp_[a-z0-9_]+'
} | grep -vx 'DEVMEMHP_H' | sort -u)
[ -n "$names" ] || { echo "found no names in $header"; exit 1; }
for n in $names; do
	grep -qF -- "$n" "$top"/man/*.3 || { echo "not documented on any page: $n"; fail=1; }
done

# SEE ALSO: each ".BR name (sec)" is a page of ours or a known external one.
for page in "$top"/man/*.1 "$top"/man/*.3 "$top"/man/*.5; do
	head -n 1 "$page" | grep -q '^\.so ' && continue
	refs=$(awk '/^\.SH/ { see = ($0 ~ /^\.SH "?SEE ALSO"?$/); next }
		see && /^\.BR? / { n = $2; s = $3; gsub(/\\-/, "-", n); sub(/^\(/, "", s); sub(/\).*/, "", s); print n "(" s ")" }' "$page")
	[ -n "$refs" ] || { echo "$(basename "$page"): no SEE ALSO references"; fail=1; }
	for ref in $refs; do
		name=${ref%(*} sec=${ref#*(}
		sec=${sec%)}
		[ -f "$top/man/$name.$sec" ] && continue
		echo "$external" | grep -q "^$name($sec) " && continue
		echo "$(basename "$page"): SEE ALSO $ref is no page of ours nor a known one"
		fail=1
	done
done
exit $fail
