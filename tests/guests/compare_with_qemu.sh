#!/usr/bin/env bash
# Run an MMU test guest (mmu_hash.S, mmu_radix.S) on ppcvm and on qemu-system-ppc64 and check
# both fault logs.
# usage: compare_with_qemu.sh PPCVM SOURCE.S EXPECTED DIFFERENCES [machine options...]
#   EXPECTED     the log the Power ISA calls for, line for line; ppcvm's must equal it.
#   DIFFERENCES  where QEMU (7.2, Debian 12) disagrees with the ISA, one entry per line:
#                  "isa:  <line>"   a line of EXPECTED that QEMU does not print
#                  "qemu: <line>"   a line QEMU prints instead (or in addition)
#                each group preceded by a comment citing the ISA section. QEMU's log must
#                differ from EXPECTED by exactly these lines: a new disagreement fails, and
#                so does an entry QEMU no longer needs (then delete it).
# The machine options (-M pseries[,opts] -cpu CPU) are passed to both. Exit 77 (skipped) when an
# assembler is missing, or when qemu-system-ppc64 is missing (after ppcvm's check passed).
set -u
ppcvm=$1 src=$2 expected=$3 differences=$4; shift 4
for tool in powerpc64-linux-gnu-as powerpc64-linux-gnu-objcopy; do
    command -v $tool >/dev/null || { echo "SKIP: $tool not found"; exit 77; }
done
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
powerpc64-linux-gnu-as -mregnames -I "$(dirname "$src")" -o "$work/guest.o" "$src" || exit 1
powerpc64-linux-gnu-objcopy -O binary "$work/guest.o" "$work/guest.bin" || exit 1

# ppcvm loads -bios at 0x100, QEMU at 0: the same code at the same addresses.
timeout 120 "$ppcvm" -m 1G "$@" -nographic -bios "$work/guest.bin" </dev/null \
    >"$work/ppcvm.log" 2>&1
status=$?
cat "$work/ppcvm.log"
if [ $status != 0 ]; then echo "FAIL: ppcvm exit status $status"; exit 1; fi
if ! diff -u "$expected" "$work/ppcvm.log"; then
    echo "FAIL: ppcvm's log differs from $expected"; exit 1
fi
echo "ppcvm: $(wc -l <"$expected") lines as expected"

command -v qemu-system-ppc64 >/dev/null || { echo "SKIP: qemu-system-ppc64 not found"; exit 77; }
{ head -c 256 /dev/zero; cat "$work/guest.bin"; } >"$work/guest-qemu.bin"
machine=pseries
args=()
while [ $# -gt 0 ]; do  # -M pseries,opts: QEMU wants them after its own machine name too
    case "$1" in
        -M) machine=$2; shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done
timeout 120 qemu-system-ppc64 -M "$machine" -m 1G "${args[@]}" -nographic -vga none -nodefaults \
    -serial mon:stdio -bios "$work/guest-qemu.bin" </dev/null 2>&1 |
    grep -v '^qemu-system-ppc64: warning:' >"$work/qemu.log"
diff "$expected" "$work/qemu.log" | sed -n 's/^< /isa: /p; s/^> /qemu: /p' | sort >"$work/got"
sed -n 's/^\(isa\|qemu\): *\(.*\)$/\1: \2/p' "$differences" | sort >"$work/want"
agree=$(comm -12 <(sort "$expected") <(sort "$work/qemu.log") | wc -l)
echo "qemu: $agree of $(wc -l <"$expected") expected lines printed alike," \
     "$(grep -c '^isa:' "$work/got") not printed, $(grep -c '^qemu:' "$work/got") printed otherwise"
if ! diff -u "$work/want" "$work/got"; then
    echo "FAIL: QEMU's disagreements are not exactly those listed in $differences"
    echo "(- listed but not seen, + seen but not listed); QEMU's log:"
    cat "$work/qemu.log"
    exit 1
fi
echo "PASS"
