#!/usr/bin/env python3
"""Generate tests/core/data/fp_qemu_vectors.txt: scalar FP instructions run under qemu-ppc64le
(the oracle), with special values, rounding-boundary values and random operands in all four
rounding modes and with exception enables. Usage: scripts/fp_oracle/gen_vectors.py [count]
Needs powerpc64le-linux-gnu-gcc/as/objdump and qemu-ppc64le."""
import os, random, re, struct, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get('FP_VECTORS_OUT') or os.path.join(HERE, '..', '..', 'tests', 'core', 'data', 'fp_qemu_vectors.txt')

def d(x): return struct.unpack('<Q', struct.pack('<d', x))[0]
def f2d(x): return d(struct.unpack('<f', struct.pack('<f', x))[0])

SPECIAL = [0, 1 << 63, d(1.0), d(-1.0), d(1.5), d(2.0), d(3.0), d(0.1), d(-0.1), d(0.5), d(-0.5),
           d(2.5), d(-2.5), d(1e300), d(-1e300), d(1e-300), 0x7fefffffffffffff, 0xffefffffffffffff,
           0x0010000000000000, 0x8010000000000000, 0x0000000000000001, 0x800fffffffffffff,
           0x000fffffffffffff, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000,
           0xfff8000000000123, 0x7ff0000000000001, 0xfff4000000000abc, 0x7ff7ffffe0000000,
           d(2.0**63), d(-2.0**63), d(2.0**64), d(2.0**31 - 0.5), d(4294967295.5), d(-2147483648.5),
           d(-2147483649.0), d(2.0**31), d(-0.7), d(1 / 3), d(2.0**-1022 * 1.5), d(2.0**-1074 * 3),
           d(3.4028234663852886e38), d(3.4028235677973366e38), d(1.1754943508222875e-38),
           d(1.401298464324817e-45), d(7e-46), d(1 + 2.0**-24), d(1 + 2.0**-24 + 2.0**-52),
           d(1 + 2.0**-23), d(2.0**-126 * (1 - 2.0**-24)), d(2.0**-149 * 1.5), d(2.0**1023),
           d(2.0**-1022 * (1 - 2.0**-52)), d(4503599627370496.5), d(9007199254740993.0),
           d(-4503599627370497.5), d(1e20), d(-1e20), d(123456789.75), 0x3ff0000000000001,
           0x3fefffffffffffff, 0x43e0000000000000, 0xc3e0000000000001, d(18446744073709551615.0)]
INTS = [0, 1, (1 << 64) - 1, 1 << 63, (1 << 63) - 1, (1 << 53) + 1, (1 << 24) + 1, 12345,
        (1 << 64) - 12345, 0x20000010000001, (1 << 63) + (1 << 10) + 1]

def rand_double(rng):
    kind = rng.random()
    if kind < 0.25: return rng.getrandbits(64)
    if kind < 0.5:  # near-1 exponents
        return (rng.getrandbits(1) << 63) | ((1023 + rng.randint(-60, 60)) << 52) | rng.getrandbits(52)
    if kind < 0.65:  # single-representable
        return f2d(struct.unpack('<f', struct.pack('<I', rng.getrandbits(32)))[0]) if True else 0
    if kind < 0.8:  # near the bottom of the double range
        return (rng.getrandbits(1) << 63) | (rng.randint(0, 60) << 52) | rng.getrandbits(52)
    if kind < 0.9:  # near the top
        return (rng.getrandbits(1) << 63) | (rng.randint(2000, 2046) << 52) | rng.getrandbits(52)
    # few significant bits (exact cases, ties)
    return (rng.getrandbits(1) << 63) | ((1023 + rng.randint(-30, 30)) << 52) | (rng.getrandbits(8) << 44)

def rand_single_edge(rng):
    # Around the single-precision range limits and with bits just past single precision.
    e = rng.choice([rng.randint(1023 - 160, 1023 - 120), rng.randint(1023 + 120, 1023 + 130),
                    rng.randint(1000, 1050)])
    frac = (rng.getrandbits(23) << 29) | rng.choice([0, 1 << 28, (1 << 28) | 1, rng.getrandbits(29)])
    return (rng.getrandbits(1) << 63) | (e << 52) | frac

BINARY = ['fadd', 'fadds', 'fsub', 'fsubs', 'fdiv', 'fdivs', 'fcmpu', 'fcmpo', 'ftdiv', 'fcpsgn']
MULT = ['fmul', 'fmuls']
UNARY = ['fsqrt', 'fsqrts', 'fre', 'fres', 'frsqrte', 'frsqrtes', 'frsp', 'fctiw', 'fctiwz',
         'fctiwu', 'fctiwuz', 'fctid', 'fctidz', 'fctidu', 'fctiduz', 'frin', 'friz', 'frip',
         'frim', 'ftsqrt']
FROMINT = ['fcfid', 'fcfidu', 'fcfids', 'fcfidus']
TERNARY = ['fmadd', 'fmadds', 'fmsub', 'fmsubs', 'fnmadd', 'fnmadds', 'fnmsub', 'fnmsubs', 'fsel']
# Enables VE OE UE ZE XE, alone and together. qemu-user runs with MSR[FE0|FE1] set: an enabled
# exception is a SIGFPE, which the oracle counts and steps over (last column).
ENABLES = [0, 0x80, 0x40, 0x20, 0x10, 0x08, 0xf8]

def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30000
    rng = random.Random(int(os.environ.get("FP_VECTORS_SEED", "20261124")))
    lines = []
    def emit(op, a, b=0, c=0):
        rn = rng.randint(0, 3)
        en = rng.choice(ENABLES) if rng.random() < 0.3 else 0
        if rng.random() < 0.2:  # sticky exception bits already set (OX UX ZX XX, some VX*)
            en |= rng.getrandbits(32) & 0x1fff0700
        lines.append(f'{op} {rn | en:x} {a:x} {b:x} {c:x}')
    # Exhaustive special x special for two-operand ops in every rounding mode.
    for op in BINARY + MULT:
        for a in SPECIAL:
            for b in SPECIAL[::5]:
                if op in MULT: emit(op, a, 0, b)
                else: emit(op, a, b)
    for op in UNARY:
        for b in SPECIAL:
            for rn in range(4):
                lines.append(f'{op} {rn:x} 0 {b:x} 0')
    for op in FROMINT:
        for v in INTS + SPECIAL:
            for rn in range(4): lines.append(f'{op} {rn:x} 0 {v:x} 0')
    for op in TERNARY:
        for _ in range(300):
            pick = lambda: rng.choice(SPECIAL) if rng.random() < 0.5 else rand_double(rng)
            emit(op, pick(), pick(), pick())
    # Random operands.
    ops = BINARY + MULT + UNARY + FROMINT + TERNARY
    while len(lines) < count:
        op = rng.choice(ops)
        gen = rand_single_edge if (op.endswith('s') and rng.random() < 0.5) or op == 'frsp' else rand_double
        a, b, c = gen(rng), gen(rng), gen(rng)
        if op in TERNARY and rng.random() < 0.5:
            # Make the addend nearly cancel the product (the hard case for fused multiply-add).
            import decimal
            fa, fc = struct.unpack('<d', struct.pack('<Q', a))[0], struct.unpack('<d', struct.pack('<Q', c))[0]
            p = fa * fc
            if p == p and abs(p) != float('inf'):
                b = d(-p if op in ('fmadd', 'fmadds', 'fnmadd', 'fnmadds') else p) ^ rng.choice([0, 1, 2, 3])
        if op in MULT: emit(op, a, 0, c)
        elif op in ('fmadd',) or op in TERNARY: emit(op, a, b, c)
        else: emit(op, a, b)
    # Single-precision store and load conversions (no rounding; SNaNs stay signalling).
    for v in SPECIAL:
        lines.append(f'stfs 0 0 {v:x} 0')
        lines.append(f'lfs 0 0 {d(0) | (v >> 32):x} 0')
    for _ in range(1500):
        lines.append(f'stfs 0 0 {rand_double(rng) if rng.random() < 0.5 else rand_single_edge(rng):x} 0')
        lines.append(f'lfs 0 0 {rng.getrandbits(32):x} 0')
    # FPSCR instructions with random FPSCR contents (reserved bit 52 clear) and FRB.
    fpscr_ops = ['mtfsf_ff', 'mtfsf_81w', 'mtfsf_3c', 'mtfsf_l', 'mtfsf_80', 'mtfsfi_0', 'mtfsfi_7',
                 'mtfsfi_6', 'mtfsfi_1', 'mtfsfi_7w', 'mtfsb1_3', 'mtfsb1_1', 'mtfsb0_0',
                 'mtfsb1_24', 'mtfsb1_12', 'mtfsb0_2', 'mtfsb0_7', 'mcrfs_0', 'mcrfs_1', 'mcrfs_2',
                 'mcrfs_3', 'mcrfs_5', 'mcrfs_7', 'mffscrn', 'mffscdrn', 'mffscrni', 'mffscdrni',
                 'mffs_rc', 'fmr_rc']
    for op in fpscr_ops:
        for _ in range(40):
            fsv = rng.getrandbits(32) & ~0x800
            if rng.random() < 0.5: fsv &= ~0xf8  # half without enables
            frb = rng.getrandbits(64) & ~(0x800 | (0x1fffffff << 35) | (1 << 63) | (1 << 34))
            lines.append(f'{op} {fsv:x} 0 {frb:x} 0')
    # FPSCR-only instructions with random FPSCR contents.
    for _ in range(200):
        lines.append(f'mffsl {rng.getrandbits(32) & ~0x000008f8:x} 0 0 0')
        lines.append(f'mffsce {rng.getrandbits(32) & ~0x000008f8:x} 0 0 0')

    exe = os.path.join(tempfile.gettempdir(), 'ppcvm_fp_oracle')
    subprocess.run(['powerpc64le-linux-gnu-gcc', '-O1', '-mcpu=power9', '-static', '-no-pie',
                    '-nostdlib', '-ffreestanding', '-fno-stack-protector',
                    os.path.join(HERE, 'oracle.c'), '-o', exe], check=True)
    res = subprocess.run(['qemu-ppc64le', '-cpu', 'power9', exe], input='\n'.join(lines) + '\n',
                         capture_output=True, text=True, check=True)
    # Instruction words as the assembler encodes them (from the oracle binary's own text).
    src = open(os.path.join(HERE, 'oracle.c')).read()
    texts = {k: v for k, v in re.findall(r'X\((\w+), "([^"]+)"\)', src) if k not in ('stfs', 'lfs', 'lfdp_even', 'lfdp_odd', 'stfdp_lo')}
    asm = '\n'.join(texts[k] for k in texts) + '\n'
    with tempfile.TemporaryDirectory() as t:
        open(f'{t}/x.s', 'w').write(asm)
        subprocess.run(['powerpc64le-linux-gnu-as', '-mpower9', f'{t}/x.s', '-o', f'{t}/x.o'], check=True)
        dump = subprocess.run(['powerpc64le-linux-gnu-objdump', '-d', f'{t}/x.o'],
                              capture_output=True, text=True, check=True).stdout
    words = re.findall(r'^\s+[0-9a-f]+:\s+((?:[0-9a-f]{2} ){4})', dump, re.M)
    with open(OUT, 'w') as out:
        out.write('# Generated by scripts/fp_oracle/gen_vectors.py from qemu-ppc64le -cpu power9 '
                  '(QEMU ' + subprocess.run(['qemu-ppc64le', '--version'], capture_output=True,
                                            text=True).stdout.split('\n')[0] + ').\n')
        out.write('# insn <op> <word>; then: <op> <fpscr_in> <FRA> <FRB> <FRC> <FRT_out> <fpscr_out> <cr_out> <trapped>\n')
        for name, w in zip(texts, words):
            le = bytes.fromhex(w.replace(' ', ''))
            out.write(f'insn {name} {struct.unpack("<I", le)[0]:08x}\n')
        out.write(res.stdout)
    print(len(lines), 'vectors ->', OUT)

main()
