#!/bin/sh
# The transcripts of the tool's manual pages are true: in the EXAMPLES
# section of devmemhp(1) and devmemhp-json(5), each example block (.EX/.EE)
# that holds "$ command" lines runs in a scratch directory, in order, with
# the built devmemhp first in PATH, and each command's output (standard
# output and error together) must be the lines the page shows after it.
# "$ cat FILE" shows a file the example uses: it is written first.  Other
# programs' output (lsmem(1) and the like) is not compared.
set -u
srcdir=${srcdir:-.}
top=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
printf '#!/bin/sh\nexec "%s/tools/devmemhp" "$@"\n' "$top" >"$tmp/bin/devmemhp"
chmod +x "$tmp/bin/devmemhp"
fail=0

for page in "$srcdir/man/devmemhp.1" "$srcdir/man/devmemhp-json.5"; do
	rm -rf "$tmp/blocks" && mkdir "$tmp/blocks"
	# block-N: the lines of an example block, the roff escapes undone
	awk -v dir="$tmp/blocks" '
		/^\.SH / { in_ex = ($2 == "EXAMPLES") }
		in_ex && /^\.EX/ { n++; file = dir "/block-" n; next }
		in_ex && /^\.EE/ { if (file) close(file); file = ""; next }
		file {
			line = $0
			gsub(/\\e/, "\\", line); gsub(/\\-/, "-", line); gsub(/\\\(aq/, "'\''", line)
			gsub(/\\\(dq/, "\"", line); gsub(/\\&/, "", line); gsub(/\\\(ti/, "~", line)
			gsub(/\\\(ha/, "^", line)
			print line > file
		}' "$page"
	for block in "$tmp"/blocks/block-*; do
		[ -f "$block" ] && grep -q '^\$ ' "$block" || continue
		rm -rf "$tmp/run" && mkdir "$tmp/run"
		# the script of the block, the expected output of each command,
		# and the files its cat commands show
		awk -v dir="$tmp/run" '
			/^\$ / {
				if (ef) close(ef)
				n++
				cmd = substr($0, 3)
				ef = dir "/exp." n
				printf "" > ef
				cat = (cmd ~ /^cat [^ |;&<>]+$/) ? dir "/" substr(cmd, 5) : ""
				if (cat)
					printf "" > cat
				compare = (cmd ~ /^(devmemhp|cat|echo|printf) /) ? 1 : 0
				printf "(exit $st); { %s\n} >out.%d 2>&1; st=$?\n", cmd, n > (dir "/script")
				if (!compare)
					printf "rm -f exp.%d out.%d\n", n, n > (dir "/script")
				next
			}
			ef { print > ef; if (cat) print > cat }' "$block"
		(cd "$tmp/run" && PATH="$tmp/bin:$PATH" st=0 sh ./script)
		for exp in "$tmp"/run/exp.*; do
			[ -f "$exp" ] || continue
			n=${exp##*.}
			if ! cmp -s "$exp" "$tmp/run/out.$n"; then
				printf 'FAIL %s: the output of $ %s differs from the page:\n' \
					"$(basename "$page")" "$(grep '^\$ ' "$block" | sed -n "${n}p" | cut -c3-)"
				diff -u "$exp" "$tmp/run/out.$n" | head -n 40
				fail=1
			fi
		done
	done
done
exit $fail
