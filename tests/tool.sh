#!/bin/sh
# The devmemhp tool, golden files: tests/tool/NAME.scn runs in a scratch
# directory (with qemu-root/ beside it); its standard output must be
# NAME.out, its standard error NAME.err (or nothing), its exit status
# NAME.status (or 0), byte for byte; so must the runs with --import below,
# their goldens named import-*.  Then the inputs that cannot be files
# here (a line too long, a binary file), the usage errors, and the JSON of
# every scenario through a JSON parser.
#   DEVMEMHP_GOLDEN_UPDATE=1 rewrites the golden files instead of comparing.
set -u
srcdir=${srcdir:-.}
bin="$PWD/tools/devmemhp"
dir="$srcdir/tests/tool"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# scratch [SCENARIO]: a fresh scratch directory, with the machine roots
# (qemu-root, numa-root) and the scenario in it
scratch() {
	rm -rf "$tmp/run" && mkdir "$tmp/run" && cp -R "$dir"/*-root "$tmp/run/" &&
		{ [ $# = 0 ] || cp "$1" "$tmp/run/"; }
}

# same NAME WHAT: the scratch file WHAT against the golden one
same() {
	golden="$dir/$1.$2"
	got="$tmp/run/$2"
	if [ "${DEVMEMHP_GOLDEN_UPDATE:-}" = 1 ]; then
		if { [ "$2" = status ] && [ "$(cat "$got")" != 0 ]; } ||
			{ [ "$2" != status ] && [ -s "$got" ]; }; then
			cp "$got" "$golden"
		else
			rm -f "$golden"
		fi
		return
	fi
	if [ ! -f "$golden" ]; then
		case $2 in
		status) [ "$(cat "$got")" = 0 ] && return ;;
		*) [ ! -s "$got" ] && return ;;
		esac
		echo "FAIL $1: $2 should be empty or 0, it is:"
		cat "$got"
		fail=1
		return
	fi
	if ! cmp -s "$golden" "$got"; then
		echo "FAIL $1: $2 differs from the golden file:"
		diff -u "$golden" "$got" | head -n 60
		fail=1
	fi
}

for scn in "$dir"/*.scn; do
	name=$(basename "$scn" .scn)
	scratch "$scn" &&
		(cd "$tmp/run" && "$bin" "$name.scn" >out 2>err; echo $? >status)
	for what in out err status; do
		same "$name" "$what"
	done
done

# One-shot commands: tests/tool/NAME.cmd holds the command line (options,
# command and its words, as a shell would split them); its output, error and
# status are golden as a scenario's are.
for cmd in "$dir"/*.cmd; do
	name=$(basename "$cmd" .cmd)
	args=$(cat "$cmd")
	scratch &&
		(cd "$tmp/run" && eval "set -- $args" && "$bin" "$@" >out 2>err; echo $? >status)
	for what in out err status; do
		same "$name" "$what"
	done
done

# --import ROOT NAME: the tool started from a machine's files, on the
# scenario in $tmp/run/NAME.scn, against the goldens import-NAME.*
import() {
	(cd "$tmp/run" && "$bin" -o levels=5,phys_bits=40 --import "$1" "$2.scn" >out 2>err;
		echo $? >status)
	for what in out err status; do
		same "import-$2" "$what"
	done
}

# Debian 13's 6.12 on two nodes (numa-root, from oracle numa-span-2node):
# the kernel proc/version names, and why
scratch
printf 'show meminfo\n' >"$tmp/run/cli.scn"
import numa-root cli
# zoneinfo's DMA32 of node 1 moved to overlap node 0's: a warning, then
# the zones cannot be what the file says
scratch
sed 's/^  start_pfn:           262144$/  start_pfn:           258048/' \
	"$dir/numa-root/proc/zoneinfo" >"$tmp/run/numa-root/proc/zoneinfo"
printf 'show zoneinfo\n' >"$tmp/run/disagree.scn"
import numa-root disagree

# -b, --bytes: exact byte counts wherever the text gives a size (show blocks
# as lsmem -b), against the goldens bytes-sizes.*
scratch "$dir/sizes.scn"
(cd "$tmp/run" && "$bin" --bytes sizes.scn >out 2>err; echo $? >status)
for what in out err status; do
	same bytes-sizes "$what"
done

# expect STATUS STDERR-LINE ARGS...: a case whose input is made here
expect() {
	want_status=$1 want_err=$2
	shift 2
	(cd "$tmp/run" && "$bin" "$@" >out 2>err; echo $? >status)
	if [ "$(cat "$tmp/run/status")" != "$want_status" ] ||
		[ "$(head -n 1 "$tmp/run/err")" != "$want_err" ]; then
		echo "FAIL devmemhp $*: status $(cat "$tmp/run/status"), stderr:"
		cat "$tmp/run/err"
		echo "expected status $want_status and: $want_err"
		fail=1
	fi
}

scratch
awk 'BEGIN { printf "echo "; for (i = 0; i < 4100; i++) printf "x"; print "" }' >"$tmp/run/long.scn"
expect 1 "devmemhp: long.scn:1: (line): the line is longer than 4096 bytes" long.scn
printf 'machine x86_64\n\000\001binary\n' >"$tmp/run/binary.scn"
expect 1 "devmemhp: binary.scn: a NUL byte: not a text file" binary.scn
printf 'machine x86_64\n\033[1m\n' >"$tmp/run/escape.scn"
expect 1 "devmemhp: escape.scn:2: (line): control character 0x1b: not a text file" escape.scn
expect 1 "devmemhp: missing.scn: No such file or directory" missing.scn
printf 'machine x86_64\n\000x\n' >"$tmp/run/nul.in"
(cd "$tmp/run" && "$bin" - <nul.in >out 2>err; echo $? >status)
[ "$(cat "$tmp/run/status")" = 1 ] &&
	[ "$(cat "$tmp/run/err")" = "devmemhp: (stdin):2: (line): a NUL byte: not a text file" ] ||
	{ echo "FAIL a NUL byte on standard input"; cat "$tmp/run/err"; fail=1; }
awk 'BEGIN { printf "echo "; for (i = 0; i < 4091; i++) printf "x"; print "\r" }' >"$tmp/run/crlf.scn"
expect 0 "" crlf.scn
expect 2 "devmemhp: unknown option '-x'" -x
expect 2 "devmemhp: one scenario at a time ('b.scn' is one too many)" a.scn b.scn
printf 'show meminfo\n' >"$tmp/run/stdin.scn"
(cd "$tmp/run" && "$bin" - <stdin.scn >out 2>err) &&
	[ "$(cut -c1-9 "$tmp/run/out" | head -n 1)" = "MemTotal:" ] ||
	{ echo "FAIL devmemhp - (standard input)"; fail=1; }
# A one-off question is a command line, not a scenario on standard input:
# both give the same answer.
printf 'plan add 0x100000000 1G ram nid=1\n' >"$tmp/run/one.scn"
(cd "$tmp/run" && "$bin" -o nodes=2 - <one.scn >stdin.out 2>&1;
	"$bin" -o nodes=2 plan add 0x100000000 1G ram --node 1 >cmd.out 2>&1) &&
	cmp -s "$tmp/run/stdin.out" "$tmp/run/cmd.out" ||
	{ echo "FAIL devmemhp COMMAND and the same scenario on standard input differ"; fail=1; }
# --sysroot is --import, as lsmem names it
(cd "$tmp/run" && "$bin" --sysroot numa-root show zoneinfo >sysroot.out 2>&1 &&
	"$bin" --import numa-root show zoneinfo >import.out 2>&1 &&
	"$bin" -i numa-root show zoneinfo >i.out 2>&1) &&
	cmp -s "$tmp/run/sysroot.out" "$tmp/run/import.out" && cmp -s "$tmp/run/i.out" "$tmp/run/import.out" ||
	{ echo "FAIL --sysroot, --import and -i differ"; fail=1; }
# A word that names a command is one; a file of that name is ./NAME.
printf 'echo the file\n' >"$tmp/run/echo"
expect 0 "" echo
[ "$(cat "$tmp/run/out")" = "" ] || { echo "FAIL devmemhp echo: not the command"; fail=1; }
expect 0 "" ./echo
[ "$(cat "$tmp/run/out")" = "the file" ] || { echo "FAIL devmemhp ./echo: not the file"; fail=1; }
# Exit status: a plan that would fail is 1, in a scenario too, 0 with
# --plan-ok; usage errors after the command are 2, a failing command 1.
cp "$dir/plan-alignment.scn" "$tmp/run/"
expect 1 "" plan-alignment.scn
expect 0 "" --plan-ok plan-alignment.scn
expect 0 "" plan-alignment.scn --plan-ok
expect 2 "devmemhp: option '--json' takes no argument" show iomem --json=yes
expect 2 "devmemhp: option '-o' needs an argument" show iomem -o
expect 2 "devmemhp: option '--sysroot' needs an argument" show iomem --sysroot
expect 2 "devmemhp: unknown option '--frob'" --frob show iomem
expect 1 "devmemhp: diff: no mark 'x' on this machine" diff x
expect 1 "devmemhp: plan: --node needs a value; usage: add START|auto SIZE TYPE [nid=N] [name=NAME] [group=ID] [altmap=RESERVE:FREE] [compound=SIZE] [pgprot=P] [FLAG...]" plan add 4G 1G ram --node
expect 0 "" --version
grep -q '^devmemhp [0-9]' "$tmp/run/out" || { echo "FAIL --version"; fail=1; }

# Every scenario and one-shot command as JSON: one document a JSON parser takes.
for scn in "$dir"/*.scn; do
	name=$(basename "$scn" .scn)
	scratch "$scn" &&
		(cd "$tmp/run" && "$bin" --json "$name.scn" >out.json 2>/dev/null)
	if command -v python3 >/dev/null 2>&1 &&
		! python3 -m json.tool "$tmp/run/out.json" >/dev/null; then
		echo "FAIL $name: --json output is not JSON"
		fail=1
	fi
done
for cmd in "$dir"/*.cmd; do
	name=$(basename "$cmd" .cmd)
	args=$(cat "$cmd")
	scratch &&
		(cd "$tmp/run" && eval "set -- $args" && "$bin" --json "$@" >out.json 2>/dev/null)
	if command -v python3 >/dev/null 2>&1 &&
		! python3 -m json.tool "$tmp/run/out.json" >/dev/null; then
		echo "FAIL $name: --json output is not JSON"
		fail=1
	fi
done
exit $fail
