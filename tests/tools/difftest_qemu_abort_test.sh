#!/bin/sh
# difftest must survive a QEMU that dies in the middle of a batch: the case it died on is
# reported as "qemu-aborted" with QEMU's message, and a new QEMU goes on with the next case.
# The stand-in QEMU below feeds the runtime only two cases' worth of input, so the runtime
# dies ("truncated input") on every third case.
# Usage: difftest_qemu_abort_test.sh DIFFTEST RUNTIME_DIR
set -u
difftest=$1 rtdir=$2
command -v qemu-ppc64le >/dev/null 2>&1 || { echo "qemu-ppc64le missing: skipped"; exit 77; }
[ -f "$rtdir/difftest-runtime-le64" ] || { echo "runtime missing: skipped"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# One case on the wire: 3 + DT_NREGS (protocol.h) header words (magic, code words, flags),
# the scratch buffer, 33 instruction words.
case_bytes=$(( (3 + 166) * 8 + 2048 + 33 * 4 ))
cat > "$dir/qemu" <<EOS
#!/bin/sh
head -c $(( 2 * case_bytes )) | exec qemu-ppc64le "\$@"
EOS
chmod +x "$dir/qemu"
"$difftest" --mode le64 --cpu POWER9 --cases 6 --insns 32 --no-vector --qemu "$dir/qemu" \
    --runtime "$rtdir/difftest-runtime-le64" --max-reports 10 > "$dir/out.txt"
rc=$?
fail() { echo "FAIL: $*"; cat "$dir/out.txt"; exit 1; }
[ $rc -eq 1 ] || fail "exit status $rc, expected 1 (two differences)"
grep -q "6 cases" "$dir/out.txt" || fail "not every case was run"
[ "$(grep -c 'qemu qemu-aborted' "$dir/out.txt")" -eq 2 ] || fail "expected 2 aborted cases"
grep -q "qemu said: difftest runtime: truncated input" "$dir/out.txt" || fail "QEMU's message"
grep -q "2 unexplained differences" "$dir/out.txt" || fail "summary"
echo PASS
