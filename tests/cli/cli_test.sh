#!/usr/bin/env bash
# End-to-end checks of the ppcvm command line, as a user runs it: output, messages, exit codes.
set -u
PPCVM="$1"
failures=0; passes=0
check() {  # check NAME EXPECTED_STATUS PATTERN -- ARGS...
    local name=$1 want=$2 pattern=$3; shift 4
    local out status
    # Bounded: a case that wrongly starts a guest fails (status 124) instead of hanging.
    out=$(timeout 30 "$PPCVM" "$@" </dev/null 2>&1); status=$?
    if [ "$status" != "$want" ]; then
        echo "FAIL $name: exit $status, wanted $want"; echo "$out" | sed 's/^/    /'; failures=$((failures+1)); return
    fi
    if ! grep -qE -- "$pattern" <<<"$out"; then
        echo "FAIL $name: output lacks /$pattern/"; echo "$out" | sed 's/^/    /'; failures=$((failures+1)); return
    fi
    passes=$((passes+1))
}
check machine-help 0 'pseries .*PAPR' -- -machine help
check machine-help-q 0 'ppce500' -- -M '?'
check machine-help-all 0 'g3beige.*cannot run guests yet' -- -machine help
check cpu-help 0 'POWER9 +0x004e1202 +Book3S-64 +ISA 3.00' -- -cpu help
check cpu-help-32 0 '7447a +0x80030102 +Book3S-32' -- -cpu help
check cpu-help-booke 0 'e500v2 +0x80210022 +BookE' -- -cpu help
check p9-json 0 '"pvr": "0x004e12[0-9a-f]{2}"' -- -M pseries -cpu POWER9 --describe --json
check p9-json-platform 0 '"platform": "PAPR"' -- -M pseries -cpu POWER9 --describe --json
check p9-json-compat 0 '"compat": "none"' -- -M pseries -cpu POWER9 --describe --json
check p9-json-pcr 0 '"pcr": "0x0"' -- -M pseries -cpu POWER9 --describe --json
check p9-json-mmu 0 '"mmu_models": \["radix", "hash"\]' -- -M pseries -cpu POWER9 --describe --json
check p9-as-p8 0 '"compat": "0x0f000004"' -- -M pseries,max-cpu-compat=power8 -cpu POWER9 --describe --json
check p9-as-p8-pcr 0 '"pcr": "0x8"' -- -M pseries,max-cpu-compat=power8 -cpu POWER9 --describe --json
check p9-as-p6-pcr 0 '"pcr": "0xe"' -- -M pseries,max-cpu-compat=power6 -cpu POWER9 --describe --json
check p8-as-p9 2 'newer than POWER8' -- -M pseries,max-cpu-compat=power9 -cpu POWER8 --describe
check pseries-e500 2 'PAPR.*e500v2' -- -M pseries -cpu e500v2 --describe
check e500-power9 2 'BookE.*POWER9' -- -M ppce500 -cpu POWER9 --describe
check logical-207 0 'ISA 2.07' -- -cpu 0x0f000004 --describe
check text-describe 0 'engine: +exact \(auto' -- -M pseries --describe
check fast-engine 2 'fast engine.*cannot serve' -- -M pseries,kvm-type=HV --describe
check paravirt 0 'hypercall 0x3c004b56 0x60004d21 0x44000002 0x60000000' -- -M pseries,paravirt=on --describe
check unknown-machine 2 "unknown machine 'amiga'" -- -M amiga
check unknown-cpu 2 "unknown CPU model 'z80'" -- -cpu z80
check unknown-pvr 2 'unknown PVR 0x12345678' -- -cpu 0x12345678 --describe
check unknown-option 2 "unknown option '-frob'" -- -frob
check mem-zero 2 '\-m 0' -- -m 0 --describe
check warn-cap 0 "warning: machine property 'cap-htm=off'" -- -M pseries,cap-htm=off --describe
check cannot-run-yet 2 "cannot run guests yet" -- -M g3beige -nographic
check version 0 'ppcvm [0-9]' -- --version
tmpdir=$(mktemp -d); trap 'rm -rf "$tmpdir"' EXIT
: > "$tmpdir/empty"; mkdir "$tmpdir/dir"
check kernel-missing 2 "-kernel '/nonexistent/vmlinux': No such file or directory" -- -kernel /nonexistent/vmlinux
check kernel-empty 2 "the file is empty" -- -kernel "$tmpdir/empty"
check kernel-dir 2 "is a directory" -- -kernel "$tmpdir/dir"
check initrd-missing 2 "-initrd '/nonexistent/initrd': No such file" -- -kernel "$0" -initrd /nonexistent/initrd
check initrd-without-kernel 2 "-initrd needs -kernel" -- -initrd "$0"
check append-without-kernel 2 "-append needs -kernel" -- -append console=hvc0
check bios-missing 2 "-bios '/nonexistent/slof.bin'" -- -bios /nonexistent/slof.bin
check smp-zero 2 "\-smp 0" -- -smp 0
check smp-huge 2 "at most 256 vCPUs" -- -smp 100000
check mem-garbage 2 "memory size 'lots' is not a number" -- -m lots
check mem-unaligned 2 "multiple of 4 KiB" -- -m 1000B
check serial-bad 2 "-serial tcp::4444: ppcvm supports stdio and none" -- -serial tcp::4444
check gdb-bad 2 "-gdb /dev/ttyS0: ppcvm supports tcp::PORT" -- -gdb /dev/ttyS0
check accel-kvm 2 "accelerator 'kvm' is not available" -- -accel kvm
check compat-name-bad 2 "max-cpu-compat 'power4' is not a compat level" -- -M pseries,max-cpu-compat=power4
check compat-on-e500 2 "max-cpu-compat is a pseries property" -- -M ppce500,max-cpu-compat=power8
check compat-no-pcr 2 "970 has no Processor Compatibility Register" -- -M pseries,max-cpu-compat=power6 -cpu 970 --describe
check kvm-type-bad 2 "kvm-type must be auto, HV or PR" -- -M pseries,kvm-type=XX
check prop-unknown 2 "unknown machine property 'frob'" -- -M pseries,frob=1
check display-gtk 2 "no graphical display" -- -display gtk
check positional 2 "unexpected argument 'disk.img'" -- disk.img
check powernv8-p9 2 "ISA 2.07 chip; POWER9 is ISA 3.00" -- -M powernv8 -cpu POWER9 --describe
check mac99-p9 2 "machine 'mac99' needs a Book3S-32 processor" -- -M mac99 -cpu POWER9 --describe
check forced-fast-exact 2 "contradicts" -- -M pseries,force-exact=on,kvm-type=HV --describe
check cpu-missing-value 2 "cpu" -- -cpu
# Bad input from users (issue 7 item 4): every file and size is checked before a guest starts,
# with a message naming the problem and exit status 2.
kernel="$(dirname "$0")/data/tiny-kernel-le64.elf"
check kernel-tiny-describe 0 'engine' -- -kernel "$kernel" --describe
head -c 100 "$kernel" > "$tmpdir/truncated-phdrs.elf"
check kernel-truncated-phdrs 2 "-kernel '.*truncated-phdrs.elf': truncated program header table: 2 entries at offset 0x40 end past the 100-byte file" -- -kernel "$tmpdir/truncated-phdrs.elf"
head -c 30 "$kernel" > "$tmpdir/truncated-header.elf"
check kernel-truncated-header 2 "truncated ELF header: the file has 30 bytes, a 64-bit ELF header needs 64" -- -kernel "$tmpdir/truncated-header.elf"
head -c 194 "$kernel" > "$tmpdir/truncated-segment.elf"
check kernel-truncated-segment 2 "truncated segment 1: 0x4 bytes at file offset 0xc0 end past the 194-byte file" -- -kernel "$tmpdir/truncated-segment.elf"
check kernel-not-elf 2 "-kernel '.*cli_test.sh': not an ELF file: bad magic 23 21 2f 75" -- -kernel "$0"
if [ -x /bin/true ] && [ "$(head -c 4 /bin/true | od -An -c | tr -d ' ')" = '177ELF' ]; then
  check kernel-wrong-arch 2 "-kernel '/bin/true': wrong machine: e_machine [0-9]+ \(.*\) in a (32|64)-bit ELF file; ppcvm runs PowerPC" -- -kernel /bin/true
fi
# A 32-bit PowerPC ELF: the same file with ELFCLASS32 is refused by the pseries machine before
# its (then meaningless) 64-bit fields are used: e_machine must be EM_PPC for class 32.
cp "$kernel" "$tmpdir/class32.elf"; printf '\001' | dd of="$tmpdir/class32.elf" bs=1 seek=4 conv=notrunc 2>/dev/null
check kernel-class32-ppc64 2 "wrong machine: e_machine 21 \(PowerPC 64 \(EM_PPC64\)\) in a 32-bit ELF file" -- -kernel "$tmpdir/class32.elf"
# p_memsz of the second segment (offset 0x40 + 56 + 40) set to 1 GiB: larger than the guest.
cp "$kernel" "$tmpdir/huge-bss.elf"; printf '\000\000\000\100' | dd of="$tmpdir/huge-bss.elf" bs=1 seek=160 conv=notrunc 2>/dev/null
check kernel-too-big 2 "-kernel '.*huge-bss.elf' \(1024 MiB\) does not fit below the device tree at 0xef0000: give the guest more memory with -m" -- -kernel "$tmpdir/huge-bss.elf" -m 16M
# Fuzzer finding (boot_inputs): the second segment linked 256 MiB above the first lands on the
# same RAM under the pseries placement (0x400000 + (address & 0x0fffffff)).
cp "$kernel" "$tmpdir/overlap.elf"; printf '\000\000\000\020\000\000\000\300' | dd of="$tmpdir/overlap.elf" bs=1 seek=136 conv=notrunc 2>/dev/null
check kernel-segments-overlap 2 "-kernel '.*overlap.elf': segments linked at 0xc000000000000000 and 0xc000000010000000 would overlap in guest memory at \\[0x400000, 0x4000c0\\) and \\[0x400000, 0x400108\\)" -- -kernel "$tmpdir/overlap.elf" -m 1G
truncate -s 5M "$tmpdir/big.bios"
check kernel-over-bios 2 "-kernel '.*' would be loaded at 0x400000, over the -bios image that ends at 0x500100" -- -kernel "$kernel" -bios "$tmpdir/big.bios"
if [ "$(id -u)" != 0 ]; then  # root reads any file
  cp "$kernel" "$tmpdir/unreadable.elf"; chmod 000 "$tmpdir/unreadable.elf"
  check kernel-unreadable 2 "-kernel '.*unreadable.elf': cannot be read" -- -kernel "$tmpdir/unreadable.elf"
fi
truncate -s 64M "$tmpdir/big.initrd"
check initrd-too-big 2 "-initrd '.*big.initrd' \(67108864 bytes\) does not fit in guest memory below the device tree \(11337728 bytes free\): give the guest more memory with -m" -- -kernel "$kernel" -initrd "$tmpdir/big.initrd" -m 16M
check initrd-empty 2 "-initrd '.*empty': the file is empty" -- -kernel "$kernel" -initrd "$tmpdir/empty"
check mem-too-small 2 "-m 8 MiB: the pseries machine needs at least 16 MiB" -- -kernel "$kernel" -m 8M
check mem-zero-run 2 "^ppcvm: -m 0: the guest needs some memory" -- -kernel "$kernel" -m 0
check smp-zero-run 2 "^ppcvm: -smp 0: the guest needs at least one CPU" -- -kernel "$kernel" -smp 0
check unknown-machine-run 2 "^ppcvm: unknown machine 'amiga' \(ppcvm -machine help lists them\)" -- -M amiga -kernel "$kernel"
check unknown-cpu-run 2 "^ppcvm: unknown CPU model 'z80' \(ppcvm -cpu help lists them\)" -- -cpu z80 -kernel "$kernel"
check compat-newer-run 2 "newer than POWER8" -- -M pseries,max-cpu-compat=power9 -cpu POWER8 -kernel "$kernel"
check engine-contradiction-run 2 "contradicts" -- -M pseries,force-exact=on -engine fast -kernel "$kernel"
echo "$passes passed, $failures failed"
[ "$failures" = 0 ]
