#!/bin/sh
# Every fuzz target on every input of its corpora, once: the committed corpus
# (hand-made seeds and the inputs of past findings) and the seeds made at
# build time.  Files, not directories, are given, so that a libFuzzer build
# (--enable-fuzzing) runs each once too instead of fuzzing.
set -eu
: "${srcdir:=.}"
status=0
for t in ${FUZZ_TARGETS:-import options scenario api}; do
	list=$(mktemp)
	for dir in "$srcdir/tests/fuzz/corpus/$t" "tests/fuzz/seed-$t"; do
		[ -d "$dir" ] && find "$dir" -type f ! -name '.*' | LC_ALL=C sort >>"$list"
	done
	n=$(wc -l <"$list")
	if [ "$n" -eq 0 ]; then
		echo "fuzz_$t: no corpus"
		status=1
	elif ! xargs ./tests/fuzz/fuzz_"$t" <"$list" >/dev/null 2>"$list.err"; then
		cat "$list.err"
		echo "fuzz_$t: FAILED on its corpus"
		status=1
	else
		echo "fuzz_$t: $n inputs replayed"
	fi
	rm -f "$list" "$list.err"
done
exit $status
