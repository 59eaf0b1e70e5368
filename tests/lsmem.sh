#!/bin/sh
# show blocks is lsmem: for every recorded phase under tests/data/oracle, the
# sysroot the import tests build (tests/mksysroot, from sysroot.c) is read
# by the real util-linux lsmem --sysroot ROOT and imported by devmemhp;
# `show blocks` must print what lsmem prints, byte for byte, with lsmem's
# default columns and summary, and so must `show blocks --all` (lsmem -a),
# `--bytes` (lsmem -b) and both.  lsmem's output is a file, not a terminal,
# as libsmartcols lays it out differently on one.  Skipped (77) only where
# lsmem is not installed.  The plain table is also compared as a user asks
# for it: devmemhp --sysroot ROOT show blocks, whole output.
set -u
srcdir=${srcdir:-.}
bin="$PWD/tools/devmemhp"
mksysroot="$PWD/tests/mksysroot"
command -v lsmem >/dev/null 2>&1 || { echo "SKIP: no lsmem"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 phases=0 runs=0

for phase in "$srcdir"/tests/data/oracle/*/*/*/; do
	phase=${phase%/}
	[ -f "$phase/memory-blocks.txt" ] || continue
	rm -rf "$tmp/root"
	if ! "$mksysroot" "$phase" "$tmp/root"; then
		fail=1
		continue
	fi
	case $phase in
	*/arm64-*) arch=arm64 ;;
	*) arch=x86_64 ;;
	esac
	phases=$((phases + 1))
	# one run of the tool a phase (the import is the slow part): the four
	# tables, each after a line "== [OPTS]", and a line "--import ROOT: ..."
	# that says what the import made of the root
	printf 'echo "== [%s]"\nshow blocks %s\n' "" "" --all --all --bytes --bytes \
		"--all --bytes" "--all --bytes" >"$tmp/scn"
	"$bin" -a "$arch" --import "$tmp/root" "$tmp/scn" >"$tmp/all" 2>"$tmp/err"
	# the command as a user types it: nothing but lsmem's table
	runs=$((runs + 1))
	lsmem --sysroot "$tmp/root" >"$tmp/lsmem" 2>&1
	"$bin" -a "$arch" --sysroot "$tmp/root" show blocks >"$tmp/devmemhp" 2>"$tmp/err"
	if ! cmp -s "$tmp/lsmem" "$tmp/devmemhp"; then
		echo "FAIL ${phase#"$srcdir"/}: devmemhp --sysroot ROOT show blocks is not lsmem:"
		diff -u "$tmp/lsmem" "$tmp/devmemhp" | head -n 20
		cat "$tmp/err"
		fail=1
	fi
	for opts in "" "--all" "--bytes" "--all --bytes"; do
		runs=$((runs + 1))
		# shellcheck disable=SC2086 # opts are words
		lsmem --sysroot "$tmp/root" $opts >"$tmp/lsmem" 2>&1
		awk -v want="== [$opts]" '/^== / { on = ($0 == want); next }
			/^--import / { next } on' "$tmp/all" \
			>"$tmp/devmemhp"
		if ! cmp -s "$tmp/lsmem" "$tmp/devmemhp"; then
			echo "FAIL ${phase#"$srcdir"/}: show blocks $opts is not lsmem $opts:"
			diff -u "$tmp/lsmem" "$tmp/devmemhp" | head -n 20
			cat "$tmp/err"
			fail=1
		fi
	done
done
[ "$phases" -gt 0 ] || { echo "FAIL: no recording found"; fail=1; }
echo "$runs runs of lsmem on $phases recorded phases compared"
exit $fail
