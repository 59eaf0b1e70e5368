#!/bin/sh
# make install into a scratch DESTDIR, then build and run what a user
# builds against it (consumer.sh); make uninstall leaves nothing behind.
set -u
srcdir=${srcdir:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
${MAKE:-make} install DESTDIR="$tmp/root" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log"; exit 1; }
sh "$srcdir/tests/consumer.sh" "$tmp/root" || exit 1
${MAKE:-make} uninstall DESTDIR="$tmp/root" >"$tmp/uninstall.log" 2>&1 ||
	{ cat "$tmp/uninstall.log"; exit 1; }
left=$(find "$tmp/root" -type f)
[ -z "$left" ] || { echo "make uninstall left: $left"; exit 1; }
