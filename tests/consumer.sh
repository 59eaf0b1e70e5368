#!/bin/sh
# consumer.sh ROOT: build what a user of the installed library builds, with
# nothing but `pkg-config --cflags --libs libdevmemhp` against the tree
# installed under ROOT (a DESTDIR, or Debian packages unpacked with dpkg -x),
# and run it: the examples, the README's C program, and the EXAMPLES program
# of every manual page.  LDFLAGS, the build's, link a sanitized library's
# runtime in.
set -u
root=$(cd "$1" && pwd)
srcdir=${srcdir:-.}
cc=${CC:-cc}
ldflags=${LDFLAGS:-}
pc=$(find "$root" -name libdevmemhp.pc | head -n 1)
so=$(find "$root" -name 'libdevmemhp.so.*' | head -n 1)
[ -n "$pc" ] && [ -n "$so" ] || { echo "no libdevmemhp.pc or library under $root"; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")" PKG_CONFIG_SYSROOT_DIR="$root"
export LD_LIBRARY_PATH="$(dirname "$so")"
cflags=$(pkg-config --cflags libdevmemhp) && libs=$(pkg-config --libs libdevmemhp) || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# build NAME SOURCE [ARGS...]: compile against the installed tree and run
build() {
	name=$1 src=$2
	shift 2
	# shellcheck disable=SC2086 # the flags are words
	if ! $cc -std=c11 -Wall -Wextra -Werror $cflags "$src" $ldflags $libs -o "$tmp/$name" \
		2>"$tmp/$name.cc"; then
		echo "FAIL $name: does not build against the installed library:"
		cat "$tmp/$name.cc"
		fail=1
	elif ! (cd "$tmp" && "./$name" "$@" >"$name.out" 2>&1); then
		echo "FAIL $name: exits with an error:"
		cat "$tmp/$name.out"
		fail=1
	fi
}

build demo "$srcdir/examples/demo.c"
build toyarch "$srcdir/examples/toyarch.c"
sed -n '/^```c$/,/^```$/p' "$srcdir/README.md" | sed '1d;$d' >"$tmp/readme.c"
build readme "$tmp/readme.c"
for page in "$srcdir"/man/*.3; do
	name=$(basename "$page" .3)
	awk -f "$srcdir/tests/man-examples.awk" "$page" >"$tmp/$name.c"
	[ -s "$tmp/$name.c" ] || continue
	case $name in
	devmemhp_machine_import) # ROOT OPTIONS START SIZE
		cp -R "$srcdir/tests/tool/qemu-root" "$tmp/" && chmod -R u+w "$tmp/qemu-root"
		build "$name" "$tmp/$name.c" qemu-root levels=5,phys_bits=40 0x100000000 0x40000000
		;;
	*) build "$name" "$tmp/$name.c" ;;
	esac
done
exit $fail
