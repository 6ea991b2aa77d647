#!/bin/sh
# Usage: run_test.sh PPCVM_USER PROGRAM [QEMU]
# The program must print its greeting and exit with 40 + argc, under ppcvm-user and (when
# given and installed) under QEMU user mode.
set -u
tool=$1 prog=$2 qemu=${3:-}
err=$(mktemp)
trap 'rm -f "$err"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
out=$("$tool" "$prog" one two); rc=$?
[ "$rc" -eq 43 ] || fail "ppcvm-user exit status $rc, expected 43 (40 + argc 3)"
[ "$out" = "hello from ppcvm-user" ] || fail "ppcvm-user output '$out'"
if [ -n "$qemu" ] && command -v "$qemu" >/dev/null 2>&1; then
  qout=$("$qemu" "$prog" one two); qrc=$?
  [ "$qrc" -eq "$rc" ] || fail "QEMU exit status $qrc, ppcvm-user $rc"
  [ "$qout" = "$out" ] || fail "QEMU output '$qout', ppcvm-user '$out'"
fi
# Errors are reported, never a crash: a non-ELF file and a missing file.
"$tool" "$0" >/dev/null 2>"$err"; rc=$?
[ "$rc" -eq 127 ] || fail "non-ELF file: exit status $rc, expected 127"
grep -q "not an ELF file" "$err" || fail "non-ELF file: message '$(cat "$err")'"
"$tool" /nonexistent/program >/dev/null 2>"$err"; rc=$?
[ "$rc" -eq 127 ] || fail "missing file: exit status $rc, expected 127"
echo PASS
