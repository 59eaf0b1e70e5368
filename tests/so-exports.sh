#!/bin/sh
# so-exports.sh [SO]: the functions SO exports, one name@@NODE a line, in
# C-locale order; without SO, the library this build made.  The one place
# the ABI, export and manual tests (and make abi-baseline) read them from.
set -eu
so=${1:-$(ls lib/.libs/libdevmemhp.so.*.*.* 2>/dev/null | head -n 1)}
[ -n "$so" ] || { echo "no lib/.libs/libdevmemhp.so.*" >&2; exit 1; }
nm -D --defined-only "$so" | awk '$2 == "T" { print $3 }' | LC_ALL=C sort
