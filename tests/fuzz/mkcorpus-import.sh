#!/bin/sh
# Seed corpus of fuzz_import: one archive per recorded phase given, in the
# format fuzz_import.c reads ("--- PATH" before each file; a symbolic link is
# an empty file).  Usage: mkcorpus-import.sh MKSYSROOT OUTDIR PHASE_DIR...
set -eu
mksysroot=$1 out=$2
shift 2
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for phase in "$@"; do
	kernel=$(basename "$(dirname "$(dirname "$phase")")")
	name=$kernel-$(basename "$(dirname "$phase")")-$(basename "$phase")
	rm -rf "$tmp/root" && mkdir "$tmp/root"
	"$mksysroot" "$phase" "$tmp/root"
	{
		case $kernel in arm64-*) echo "arch arm64" ;; esac
		(cd "$tmp/root" && find . \( -type f -o -type l \) | sed 's|^\./||' | LC_ALL=C sort) |
		while read -r f; do
			echo "--- $f"
			[ -L "$tmp/root/$f" ] || cat "$tmp/root/$f"
		done
	} >"$out/$name"
done
