#!/bin/sh
# The manual pages are lint-clean for mandoc and groff (link pages resolve
# through a man3/ directory, as after installation).
set -eu
top="${srcdir:-.}"
command -v mandoc >/dev/null && command -v groff >/dev/null || { echo "no mandoc or groff"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$(cd "$top/man" && pwd)" "$tmp/man3"
fail=0
for page in "$top"/man/*.3; do
	name=$(basename "$page")
	if head -n 1 "$page" | grep -q '^\.so '; then
		target=$(sed -n 's/^\.so //p' "$page")
		[ -f "$tmp/$target" ] || { echo "$name: .so $target does not exist"; fail=1; }
		continue
	fi
	out=$(cd "$tmp" && mandoc -Tlint -W warning "man3/$name" 2>&1 || true)
	[ -z "$out" ] || { echo "$out"; fail=1; }
	out=$(cd "$tmp" && groff -ww -t -man -z "man3/$name" 2>&1 || true)
	[ -z "$out" ] || { echo "$name: $out"; fail=1; }
done
exit $fail
