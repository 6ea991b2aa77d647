#!/usr/bin/env bash
# ppcvm benchmarks against QEMU, in the same run, on the same guest programs.
# usage: bench/run.sh [int|ldst|fp|vec|xlate|boot]...   (default: all)
#   int   CPU-bound integer loop (bench/programs/int_loop.S): 900M guest instructions
#   ldst  load/store loop (bench/programs/ldst_loop.S): 110.6M guest instructions
#   fp    DAXPY with fmadd over 1000 doubles (bench/programs/daxpy_loop.S): 120.1M instructions
#   vec   VMX byte search, lvx + vcmpequb. (bench/programs/bytesearch_loop.S): 410.3M
#         all four: ppcvm-user vs qemu-ppc64le (user mode), little-endian, POWER9
#   xlate loads and stores through translated addresses on pseries (system mode, -bios):
#         bench/programs/xlate_loop.S, hash (POWER8, H_ENTER) and radix (POWER9,
#         H_REGISTER_PROC_TBL), ppcvm vs qemu-system-ppc64; the guest times its loop with the
#         timebase, so start-up is not counted. Prints accesses/second and the ratio.
#   boot  Debian's ppc64el kernel on pseries (POWER9, 1 GiB) with the test initramfs
#         (guests/init-test.sh): time to the init's first line and to power-off, peak memory;
#         ppcvm vs qemu-system-ppc64 -M pseries,x-vof=on
# Prints wall time, peak RSS, guest MIPS and the ppcvm/QEMU time ratio (lower is better for
# ppcvm). Needs a release build in build/ (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
what=("$@"); [ ${#what[@]} -gt 0 ] || what=(int ldst fp vec xlate boot)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
measure() {  # measure LABEL CMD... -> prints "seconds kilobytes status" for the command
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/$label.out" 2>&1 && st=0 || st=$?
    echo "$(cat "$work/time" | tail -n 1) $st"
}
report() {  # report NAME INSNS PPCVM_RESULT QEMU_RESULT
    read -r pt pm ps <<<"$3"; read -r qt qm qs <<<"$4"
    local mips_p="-" mips_q="-"
    if [ "$2" != 0 ]; then
        mips_p=$(awk "BEGIN{printf \"%.0f\", $2 / $pt / 1e6}")
        mips_q=$(awk "BEGIN{printf \"%.0f\", $2 / $qt / 1e6}")
    fi
    printf '%-6s ppcvm %7.2f s %7d KB %6s MIPS (exit %s) | qemu %7.2f s %7d KB %6s MIPS (exit %s) | time ratio ppcvm/qemu %.2f\n' \
        "$1" "$pt" "$pm" "$mips_p" "$ps" "$qt" "$qm" "$mips_q" "$qs" "$(awk "BEGIN{print $pt / $qt}")"
}
for w in "${what[@]}"; do
    case "$w" in
    int|ldst|fp|vec)
        case "$w" in
            int) src=bench/programs/int_loop.S; insns=$((100000000 * 9 + 9)) ;;
            ldst) src=bench/programs/ldst_loop.S; insns=$((6000 * (2048 * 9 + 5) + 7)) ;;
            fp) src=bench/programs/daxpy_loop.S; insns=$((26 + 15 * 1000 + 20000 * (6 * 1000 + 6))) ;;
            vec) src=bench/programs/bytesearch_loop.S; insns=$((6 + 5 * 65536 + 9 + 20000 * (5 * 65536 / 16 + 19) + 3)) ;;
        esac
        powerpc64le-linux-gnu-gcc -static -nostdlib -o "$work/$w" "$src"
        p=$(measure ppcvm build/tools/ppcvm_user/ppcvm-user --cpu POWER9 "$work/$w")
        q=$(measure qemu qemu-ppc64le -cpu power9 "$work/$w")
        report "$w" "$insns" "$p" "$q"
        [ "${p##* }" = "${q##* }" ] || echo "  checksum (exit status) differs: ppcvm ${p##* }, qemu ${q##* }"
        ;;
    xlate)
        outer=2000
        accesses=$((outer * 64 * 4096 / 16 * 4))
        for mode in hash radix; do
            [ $mode = hash ] && cpu=POWER8 || cpu=POWER9
            powerpc64-linux-gnu-gcc -c -DMODE_${mode^^} -DOUTER=$outer -o "$work/x.o" bench/programs/xlate_loop.S
            powerpc64-linux-gnu-objcopy -O binary "$work/x.o" "$work/x.bin"
            { head -c 256 /dev/zero; cat "$work/x.bin"; } >"$work/xq.bin"  # QEMU loads -bios at 0
            timeout 300 build/ppcvm -M pseries -cpu $cpu -m 1G -nographic -bios "$work/x.bin" </dev/null >"$work/p.out" 2>&1 || true
            timeout 300 qemu-system-ppc64 -M pseries -cpu $cpu -m 1G -nographic -vga none \
                -bios "$work/xq.bin" </dev/null >"$work/q.out" 2>&1 || true
            pt=$(sed -n 's/^T=\([0-9a-f]*\).*/\1/p' "$work/p.out"); ps=$(sed -n 's/^S=\([0-9a-f]*\).*/\1/p' "$work/p.out")
            qt=$(sed -n 's/^T=\([0-9a-f]*\).*/\1/p' "$work/q.out"); qs=$(sed -n 's/^S=\([0-9a-f]*\).*/\1/p' "$work/q.out")
            if [ -z "$pt" ] || [ -z "$qt" ]; then
                echo "xlate-$mode: a run failed"; tail -n 3 "$work/p.out" "$work/q.out"; continue
            fi
            awk -v m="$mode" -v n="$accesses" -v p=$((16#$pt)) -v q=$((16#$qt)) 'BEGIN{
                tp = p / 512e6; tq = q / 512e6;
                printf "xlate-%-5s ppcvm %6.3f s %7.1f M accesses/s | qemu %6.3f s %7.1f M accesses/s | ratio ppcvm/qemu accesses/s %.3f\n",
                    m, tp, n / tp / 1e6, tq, n / tq / 1e6, tq / tp }'
            [ "$ps" = "$qs" ] || echo "  checksum differs: ppcvm $ps, qemu $qs"
        done
        ;;
    boot)
        # Boot to the init's first line and to power-off, same kernel, initrd and command line.
        scripts/fetch-guest-images.sh >/dev/null
        . guests/cache/images.env
        initrd=$(scripts/build-initramfs.sh guests/init-test.sh)
        stamp() {  # stamp LABEL CMD...: "seconds_to_INIT-STARTED total_seconds peak_KB status"
            local label=$1; shift
            /usr/bin/time -f "%e %M" -o "$work/time" "$@" </dev/null 2>&1 | python3 -c '
import sys, time
t0 = time.monotonic(); first = "-"
with open(sys.argv[1], "w") as log:
    for line in sys.stdin:
        log.write(line)
        if first == "-" and "INIT-STARTED" in line:
            first = "%.2f" % (time.monotonic() - t0)
print(first)' "$work/$label.out" >"$work/$label.first"
            local st=${PIPESTATUS[0]}
            echo "$(cat "$work/$label.first") $(tail -n 1 "$work/time") $st"
        }
        p=$(stamp ppcvm build/ppcvm -M pseries -cpu POWER9 -m 1G -nographic -kernel "$VMLINUX" \
                -initrd "$initrd" -append "console=hvc0 quiet")
        q=$(stamp qemu qemu-system-ppc64 -M pseries,x-vof=on -cpu POWER9 -m 1G -nographic -vga none \
                -nodefaults -serial mon:stdio -action panic=exit-failure -kernel "$VMLINUX" \
                -initrd "$initrd" -append "console=hvc0 quiet")
        read -r pf pt pm ps <<<"$p"; read -r qf qt qm qs <<<"$q"
        printf 'boot   to INIT-STARTED: ppcvm %s s, qemu %s s, ratio %s\n' "$pf" "$qf" \
            "$(awk "BEGIN{ if (\"$pf\" == \"-\" || \"$qf\" == \"-\") print \"-\"; else printf \"%.2f\", $pf / $qf }")"
        printf 'boot   to power-off:    ppcvm %7.2f s %7d KB peak (exit %s) | qemu %7.2f s %7d KB peak (exit %s) | time ratio %.2f, memory ratio %.2f\n' \
            "$pt" "$pm" "$ps" "$qt" "$qm" "$qs" "$(awk "BEGIN{print $pt / $qt}")" "$(awk "BEGIN{print $pm / $qm}")"
        for who in ppcvm qemu; do
            grep -q "INIT-DONE" "$work/$who.out" && grep -q "reboot: Power down" "$work/$who.out" ||
                echo "  $who did not run the init to its power-off"
        done
        ;;
    *) echo "unknown benchmark $w" >&2; exit 2 ;;
    esac
done
