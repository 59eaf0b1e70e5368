#!/bin/sh
# The manual pages are lint-clean for mandoc and groff: the library's
# pages (section 3; link pages resolve through a man3/ directory, as after
# installation), the tool's (section 1) and its scenario language's
# (section 5).
set -eu
top="${srcdir:-.}"
command -v mandoc >/dev/null && command -v groff >/dev/null || { echo "no mandoc or groff"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for sec in 1 3 5; do
	ln -s "$(cd "$top/man" && pwd)" "$tmp/man$sec"
done
fail=0
for page in "$top"/man/*.1 "$top"/man/*.3 "$top"/man/*.5; do
	[ -f "$page" ] || continue
	name=$(basename "$page")
	sec=${name##*.}
	if [ "$sec" = 3 ] && head -n 1 "$page" | grep -q '^\.so '; then
		target=$(sed -n 's/^\.so //p' "$page")
		[ -f "$tmp/$target" ] || { echo "$name: .so $target does not exist"; fail=1; }
		continue
	fi
	out=$(cd "$tmp" && mandoc -Tlint -W warning "man$sec/$name" 2>&1 || true)
	[ -z "$out" ] || { echo "$out"; fail=1; }
	out=$(cd "$tmp" && groff -ww -t -man -z "man$sec/$name" 2>&1 || true)
	[ -z "$out" ] || { echo "$name: $out"; fail=1; }
	# As man(1) and lintian render it: a terminal 80 columns wide, one
	# continuous page or paged.
	for cr in 0 1; do
		out=$(cd "$tmp" && groff -ww -t -man -Tutf8 -rLL=80n -rcR=$cr -z "man$sec/$name" 2>&1 || true)
		[ -z "$out" ] || { echo "$name (80 columns, cR=$cr): $out"; fail=1; }
	done
done
exit $fail
