#!/bin/sh
# The ABI against the released one (tests/abi/): abidiff finds no change
# to a function or type the release has (additions are fine, and so are
# members appended to the size-first structs, which abidiff itself counts
# as harmless); a symbol the release has keeps its version node; a new
# symbol is at a node the release does not have; and a new node comes with
# libtool numbers that moved (an interface added: CURRENT and AGE up).
set -u
srcdir=${srcdir:-.}
abi="$srcdir/tests/abi"
command -v abidiff >/dev/null || { echo "no abidiff (abigail-tools)"; exit 77; }
so=$(ls lib/.libs/libdevmemhp.so.*.*.* 2>/dev/null | head -n 1)
[ -n "$so" ] || { echo "no lib/.libs/libdevmemhp.so.*"; exit 1; }
# abidiff reads the types from DWARF; a build without -g cannot be compared.
readelf -S "$so" | grep -q '\.debug_info' || { echo "$so has no debug info (build with -g)"; exit 77; }
fail=0

if ! abidiff --no-added-syms --headers-dir2 "$srcdir/include" "$abi/libdevmemhp.abi" "$so" \
	>abi-report.txt 2>&1; then
	echo "FAIL: the ABI changed against the release (tests/abi/libdevmemhp.abi):"
	cat abi-report.txt
	fail=1
fi
rm -f abi-report.txt

# name@@NODE of the release and of this build
LC_ALL=C sort "$abi/libdevmemhp.syms" >released.syms
sh "$srcdir/tests/so-exports.sh" "$so" >built.syms
released_nodes=$(sed 's/.*@@//' released.syms | sort -u)
while read -r sym; do
	name=${sym%@@*} node=${sym#*@@}
	old=$(grep "^$name@@" released.syms)
	if [ -n "$old" ] && [ "$old" != "$sym" ]; then
		echo "FAIL: $name moved from ${old#*@@} to $node"
		fail=1
	elif [ -z "$old" ] && echo "$released_nodes" | grep -qx "$node"; then
		echo "FAIL: $name is new but at $node, a node the release already has"
		fail=1
	fi
done <built.syms
rm -f released.syms built.syms

# A node the release lacks means an interface was added: CURRENT++, AGE++.
. "$abi/libtool-version"
cur=$(sed -n 's/^AC_SUBST(\[LIBDEVMEMHP_CURRENT\], \[\([0-9]*\)\])/\1/p' "$srcdir/configure.ac")
age=$(sed -n 's/^AC_SUBST(\[LIBDEVMEMHP_AGE\], \[\([0-9]*\)\])/\1/p' "$srcdir/configure.ac")
for node in $(sed -n 's/^\(LIBDEVMEMHP_[0-9.]*\) *{.*/\1/p' "$srcdir/lib/libdevmemhp.sym"); do
	echo "$released_nodes" | grep -qx "$node" && continue
	if [ "$cur" -le "$CURRENT" ] || [ "$age" -le "$AGE" ]; then
		echo "FAIL: node $node is new, but libtool's CURRENT:AGE is still $cur:$age (the release's $CURRENT:$AGE)"
		fail=1
	fi
done
exit $fail
