#!/usr/bin/env python3
"""Generate tests/core/data/vmx_qemu_vectors.txt: every register-to-register VMX instruction of
table_vmx.inc run under qemu-ppc64le -cpu power10 (the oracle) with boundary and random operands,
VSCR[NJ] and VSCR[SAT] both ways. Usage: scripts/vmx_oracle/gen_vectors.py [per-op count]
Needs powerpc64le-linux-gnu-gcc/as/objdump and qemu-ppc64le."""
import os, random, re, struct, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_table  # noqa: E402

OUT = os.path.join(HERE, '..', '..', 'tests', 'core', 'data', 'vmx_qemu_vectors.txt')

REG = {'VRT': '0', 'VRS': '0', 'VRA': '1', 'VRB': '2', 'VRC': '3', 'RT': '3', 'RA': '4', 'BF': '2',
       'RB': '5', 'RC': '4'}  # r4 = the <r4> column, r5 = doubleword 1 of VRB's input
VARIANTS = {
    'vspltb': [0, 5, 15], 'vsplth': [0, 3, 7], 'vspltw': [0, 3],
    'vextractub': [0, 7, 15], 'vextractuh': [0, 5, 14], 'vextractuw': [0, 6, 12], 'vextractd': [0, 3, 8],
    'vinsertb': [0, 9, 15], 'vinserth': [0, 5, 14], 'vinsertw': [0, 6, 12], 'vinsertd': [0, 3, 8],
    'vcfux': [0, 1, 17, 31], 'vcfsx': [0, 1, 17, 31], 'vctuxs': [0, 1, 17, 31], 'vctsxs': [0, 1, 17, 31],
    'vsldoi': [0, 5, 15], 'vsldbi': [0, 3, 7], 'vsrdbi': [0, 3, 7],
    'vspltisb': [-16, -7, 0, 15], 'vspltish': [-16, -1, 9], 'vspltisw': [-16, -3, 15],
    'vshasigmaw': ['0,0', '0,15', '1,0', '1,15', '0,5', '1,10'],
    'vshasigmad': ['0,0', '0,15', '1,0', '1,15', '0,5', '1,10'],
    'bcdadd': [0, 1], 'bcdsub': [0, 1], 'bcdcfn': [0, 1], 'bcdcfz': [0, 1], 'bcdctz': [0, 1],
    'bcdcfsq': [0, 1], 'bcdsetsgn': [0, 1], 'bcds': [0, 1], 'bcdsr': [0, 1], 'bcdtrunc': [0, 1],
    'vcntmbb': [0, 1], 'vcntmbh': [0, 1], 'vcntmbw': [0, 1], 'vcntmbd': [0, 1], 'vgnb': [2, 3, 7],
    'vinsw': [0, 5, 12], 'vinsd': [0, 3, 8], 'mtvsrbmi': [0, 0x8001, 0x5a3c, 0xffff],
}

def ops():
    out = []
    for line in gen_table.SPEC.strip().split('\n'):
        if line.startswith('#'): continue
        ident, mnem, kind, operands, level, flags = line.split()[:6]
        if kind in ('X', 'XT') or ident in ('mfvscr', 'mtvscr'): continue
        if 'kRc' in flags and not mnem.endswith('.'): mnem += '.'
        names = operands.split(',')
        fixed = [REG[n] for n in names if n in REG]
        variants = VARIANTS.get(ident, [None])
        for v in variants:
            args = ','.join(fixed + ([str(v)] if v is not None else []))
            name = ident if v is None else f'{ident}_{str(v).replace(",", "_").replace("-", "m")}'
            out.append((name, f'{mnem} {args}'))
    return out

FLOATS = [0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001,
          0x7f800001, 0xff812345, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000,
          0x80800000, 0x7f7fffff, 0xff7fffff, 0x3f000000, 0x3fc00000, 0x40490fdb, 0x4f800000,
          0x4f000000, 0xcf000000, 0x4effffff, 0x5f800000, 0xcf000001, 0x3effffff, 0x4b000001,
          0x4b7fffff, 0xcb7fffff, 0x33800000, 0x00400000, 0x3f7fffff, 0x40000000, 0xc0400000,
          0x0c000000, 0x8c000000, 0x1f800000, 0x20000000, 0x4affffff]

def rand_elem(rng, bits):
    m = (1 << bits) - 1
    c = rng.random()
    if c < 0.45: return rng.getrandbits(bits)
    return rng.choice([0, m, 1 << (bits - 1), m >> 1, 1, m - 1, (1 << (bits - 1)) + 1, 2, 10,
                       rng.getrandbits(bits) & 0xff])

def rand_dw(rng):
    bits = rng.choice([8, 16, 32, 64])
    v = 0
    for _ in range(64 // bits): v = (v << bits) | rand_elem(rng, bits)
    return v

def float_dw(rng):
    def one():
        return rng.choice(FLOATS) if rng.random() < 0.6 else rng.getrandbits(32)
    return (one() << 32) | one()

def bcd_dw(rng, low):
    digits = [rng.randint(0, 9) if rng.random() < 0.97 else rng.randint(10, 15) for _ in range(16)]
    if rng.random() < 0.3:  # many leading zeros or nines
        k = rng.randint(0, 16)
        fill = rng.choice([0, 9])
        digits = [fill] * k + digits[k:]
    v = 0
    for d in digits: v = (v << 4) | d
    if low:
        v = (v & ~0xf) | rng.choice([0xa, 0xb, 0xc, 0xd, 0xe, 0xf, 0xc, 0xd, 0xc, 0x3])
    return v

def is_float(name):
    base = name.split('_')[0]
    return base.endswith('fp') or base in ('vrfin', 'vrfiz', 'vrfip', 'vrfim', 'vctuxs', 'vctsxs')

def main():
    per_op = int(sys.argv[1]) if len(sys.argv) > 1 else 32
    rng = random.Random(int(os.environ.get('VMX_VECTORS_SEED', '20261124')))
    oplist = ops()
    lines = []
    for name, _ in oplist:
        for k in range(per_op * (3 if is_float(name) or name.startswith('vcf') else 1)):
            vscr = rng.choice([0, 1, 0x10000, 0x10001])
            if is_float(name):
                vals = [float_dw(rng) for _ in range(6)]
            elif name.startswith(('bcdcfn', 'bcdcfz', 'bcdcfsq', 'bcdus', 'bcdutrunc')):
                vals = [rand_dw(rng) for _ in range(6)]
                base = name.split('_')[0]
                if base == 'bcdcfn':  # national: 7 digit halfwords 0x30-0x39 and a sign 0x2b/0x2d
                    hw = [0x30 + rng.randint(0, 9) for _ in range(7)]
                    hw.append(rng.choice([0x2b, 0x2d, 0x2b, 0x2d, 0x2c]))
                    if rng.random() < 0.1: hw[rng.randint(0, 6)] = rng.choice([0x2f, 0x3a, 0x130])
                    q = 0
                    for h in hw: q = (q << 16) | h
                    vals[2:4] = [q >> 64, q & (2**64 - 1)]
                elif base == 'bcdcfz':  # zoned: 16 digit bytes, sign in the last zone
                    zone = rng.choice([3, 0xf])
                    bs = [(zone << 4) | rng.randint(0, 9) for _ in range(16)]
                    bs[15] = (rng.choice([3, 7, 0xa, 0xb, 0xc, 0xd, 0xe, 0xf]) << 4) | rng.randint(0, 9)
                    if rng.random() < 0.1: bs[rng.randint(0, 14)] ^= rng.choice([0x10, 0x0a, 0xc0])
                    q = 0
                    for b in bs: q = (q << 8) | b
                    vals[2:4] = [q >> 64, q & (2**64 - 1)]
                elif base == 'bcdcfsq':
                    mag = rng.choice([rng.getrandbits(64), rng.getrandbits(100), 10**31 - 1, 10**31, rng.getrandbits(128), 0])
                    q = mag if rng.random() < 0.5 else (-mag) % 2**128
                    vals[2:4] = [q >> 64, q & (2**64 - 1)]
                else:  # unsigned BCD: 32 digits
                    for j in (2, 3):
                        v = 0
                        for _ in range(16): v = (v << 4) | (rng.randint(0, 9) if rng.random() < 0.98 else 0xc)
                        vals[j] = v
                    vals[0] = rng.choice([rng.randint(0, 40), (-rng.randint(1, 40)) & 0xff, rng.getrandbits(64)])
            elif name.startswith('bcd'):
                vals = [bcd_dw(rng, i % 2 == 1) for i in range(6)]
                if name.split('_')[0] in ('bcds', 'bcdsr', 'bcdtrunc'):  # shift / length operand in VRA
                    vals[0] = rng.choice([rng.randint(0, 40), (-rng.randint(1, 40)) & 0xff, rng.getrandbits(64)])
                elif k < 6:  # equal magnitudes (zero results) and the 31-digit limit
                    vals[2:4] = vals[0:2] if k < 3 else [0x9999999999999999, 0x999999999999999c]
                    vals[0:2] = vals[0:2] if k < 3 else [0x9999999999999999, 0x999999999999999c + (k % 2)]
            else:
                vals = [rand_dw(rng) for _ in range(6)]
                if k % 7 == 0: vals[2:4] = vals[0:2]  # equal operands
            t = [rand_dw(rng), rand_dw(rng)]
            g = rng.randint(0, 15) if rng.random() < 0.8 else rng.getrandbits(64)
            lines.append(' '.join([name] + [f'{x:x}' for x in [vscr] + vals + t + [g]]))
    with tempfile.TemporaryDirectory() as t:
        with open(f'{t}/ops.h', 'w') as h:
            h.write('#define OPS(X) \\\n')
            h.write(' \\\n'.join(f'  X({n}, "{text}")' for n, text in oplist) + '\n')
        exe = f'{t}/oracle'
        subprocess.run(['powerpc64le-linux-gnu-gcc', '-O1', '-mcpu=power10', '-static', '-no-pie',
                        '-nostdlib', '-ffreestanding', '-fno-stack-protector', f'-I{t}',
                        os.path.join(HERE, 'oracle.c'), '-o', exe], check=True)
        res = subprocess.run(['qemu-ppc64le', '-cpu', 'power10', exe], input='\n'.join(lines) + '\n',
                             capture_output=True, text=True, check=True)
        open(f'{t}/x.s', 'w').write('\n'.join(text for _, text in oplist) + '\n')
        subprocess.run(['powerpc64le-linux-gnu-as', '-mpower10', f'{t}/x.s', '-o', f'{t}/x.o'], check=True)
        dump = subprocess.run(['powerpc64le-linux-gnu-objdump', '-d', f'{t}/x.o'],
                              capture_output=True, text=True, check=True).stdout
    words = re.findall(r'^\s+[0-9a-f]+:\s+((?:[0-9a-f]{2} ){4})', dump, re.M)
    assert len(words) == len(oplist)
    with open(OUT, 'w') as out:
        out.write('# Generated by scripts/vmx_oracle/gen_vectors.py from qemu-ppc64le -cpu power10 (' +
                  subprocess.run(['qemu-ppc64le', '--version'], capture_output=True, text=True).stdout.split('\n')[0] + ').\n')
        out.write('# insn <op> <word>; then: <op> <vscr> <a0> <a1> <b0> <b1> <c0> <c1> <t0> <t1> <r4> '
                  '<t0_out> <t1_out> <vscr_out> <cr_out> <r3_out>\n')
        for (name, _), w in zip(oplist, words):
            out.write(f'insn {name} {struct.unpack("<I", bytes.fromhex(w.replace(" ", "")))[0]:08x}\n')
        out.write(res.stdout)
    print(len(lines), 'vectors ->', OUT)

if __name__ == '__main__':
    main()
