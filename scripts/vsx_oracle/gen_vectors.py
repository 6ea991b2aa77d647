#!/usr/bin/env python3
"""Generate tests/core/data/vsx_qemu_vectors.txt: VSX instructions run under qemu-ppc64le and
qemu-ppc64 -cpu power10 (the oracle) with special, boundary and random operands, all rounding
modes and exception enables. Usage: scripts/vsx_oracle/gen_vectors.py [per-op count]
Needs powerpc64{,le}-linux-gnu-gcc/as/objdump, qemu-ppc64le and qemu-ppc64."""
import os, random, re, struct, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'tests', 'core', 'data', 'vsx_qemu_vectors.txt')

def d(x): return struct.unpack('<Q', struct.pack('<d', x))[0]
def fbits(x): return struct.unpack('<I', struct.pack('<f', x))[0]

# The scalar FP oracle's operand pools (its module runs on import, so only its definitions up
# to the op lists are executed here).
class fpgen: pass
_src = open(os.path.join(HERE, '..', 'fp_oracle', 'gen_vectors.py')).read()
_ns = {'__file__': os.path.join(HERE, '..', 'fp_oracle', 'gen_vectors.py')}
exec(_src[:_src.index('BINARY =')], _ns)
fpgen.rand_double = staticmethod(_ns['rand_double'])
SPECIAL = _ns['SPECIAL']
SP_SPECIAL = [0, 0x80000000, fbits(1.0), fbits(-1.0), fbits(1.5), fbits(0.1), fbits(3.0), 0x7f7fffff,
              0xff7fffff, 0x00800000, 0x80800000, 0x00000001, 0x807fffff, 0x7f800000, 0xff800000,
              0x7fc00000, 0xffc00123, 0x7f800001, 0xff900abc, fbits(2.0**31), fbits(-2.0**31),
              fbits(4294967296.0), fbits(2.5), fbits(-2.5), fbits(0.5), fbits(1e10), fbits(-1e-10),
              0x4b000001, 0x3f800001, 0x3f7fffff, 0x4effffff, 0x5f000000, 0xdf000000]

def rand_dp(rng):
    if rng.random() < 0.3: return rng.choice(SPECIAL)
    return fpgen.rand_double(rng)
def rand_sp(rng):
    k = rng.random()
    if k < 0.3: return rng.choice(SP_SPECIAL)
    if k < 0.6: return rng.getrandbits(32)
    return (rng.getrandbits(1) << 31) | ((127 + rng.randint(-30, 30)) << 23) | rng.getrandbits(23)
def vec_dp(rng): return [rand_dp(rng), rand_dp(rng)]
def vec_sp(rng):
    w = [rand_sp(rng) for _ in range(4)]
    return [(w[0] << 32) | w[1], (w[2] << 32) | w[3]]
def vec_int(rng):
    return [rng.choice([rng.getrandbits(64), rng.getrandbits(64) >> rng.randint(0, 63), 0, (1 << 64) - 1]) for _ in range(2)]
def vec_half(rng):
    h = [rng.choice([0, 0x8000, 0x3c00, 0x7bff, 0x0001, 0x83ff, 0x7c00, 0xfc00, 0x7e00, 0x7d01, 0xfd55,
                     rng.getrandbits(16), rng.getrandbits(16)]) for _ in range(4)]
    return [(h[0] << 32) | h[1] | (rng.getrandbits(16) << 48), (h[2] << 32) | h[3]]
QSPECIAL = [0, 1 << 127, 0x3fff << 112, (0xbfff << 112), 0x7fff << 112, 0xffff << 112, (0x7fff << 112) | (1 << 111),
            (0x7fff << 112) | 1, 1, (1 << 112) - 1, 1 << 112, (0x7ffe << 112) | ((1 << 112) - 1), (0x3fff << 112) | 1,
            (0x3ffe << 112) | ((1 << 112) - 1), (0x403e << 112), (0x401f << 112) | (1 << 100)]
def vec_qp(rng):
    k = rng.random()
    if k < 0.25: v = rng.choice(QSPECIAL)
    elif k < 0.45: v = rng.getrandbits(128)
    elif k < 0.8: v = (rng.getrandbits(1) << 127) | ((0x3fff + rng.randint(-80, 80)) << 112) | rng.getrandbits(112)
    elif k < 0.9: v = (rng.getrandbits(1) << 127) | (rng.randint(0, 120) << 112) | rng.getrandbits(112)
    else: v = (rng.getrandbits(1) << 127) | (rng.randint(0x7f00, 0x7ffe) << 112) | rng.getrandbits(112)
    return [v >> 64, v & ((1 << 64) - 1)]
def vec_words(rng):
    vals = [0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 16777217, 123456789]
    w = [rng.choice(vals + [rng.getrandbits(32)] * 3) for _ in range(4)]
    return [(w[0] << 32) | w[1], (w[2] << 32) | w[3]]

ENABLES = [0, 0, 0, 0x80, 0x40, 0x20, 0x10, 0x08, 0xf8]

# (mnemonic, asm operands, value kind, flags)  kinds: dp, sp, int (64-bit ints), words, bits
OPS = []
def op(mn, ops, kind, mem=False, ends=('le',)): OPS.append((mn, ops, kind, mem, ends))
BOTH = ('le', 'be')
for mn in ['xsadddp', 'xssubdp', 'xsmuldp', 'xsdivdp', 'xsaddsp', 'xssubsp', 'xsmulsp', 'xsdivsp',
           'xsmaxdp', 'xsmindp', 'xscpsgndp', 'xscmpeqdp', 'xscmpgtdp', 'xscmpgedp', 'xsmaxcdp',
           'xsmincdp', 'xsmaxjdp', 'xsminjdp']: op(mn, '0,1,2', 'dp')
for p in ['xsmadd', 'xsmsub', 'xsnmadd', 'xsnmsub']:
    for v in ['adp', 'mdp', 'asp', 'msp']: op(p + v, '0,1,2', 'dp')
for mn in ['xscmpudp', 'xscmpodp', 'xscmpexpdp', 'xstdivdp']: op(mn, '1,1,2', 'dp')
op('xstsqrtdp', '1,2', 'dp')
for mn in ['xssqrtdp', 'xsredp', 'xsrsqrtedp', 'xscvdpsp', 'xscvspdp', 'xscvdpsxds', 'xscvdpsxws',
           'xscvdpuxds', 'xscvdpuxws', 'xsrdpi', 'xsrdpiz', 'xsrdpip', 'xsrdpim', 'xsrdpic',
           'xsabsdp', 'xsnabsdp', 'xsnegdp', 'xssqrtsp', 'xsresp', 'xsrsqrtesp', 'xsrsp',
           'xscvdpspn', 'xscvspdpn']: op(mn, '0,2', 'dp')
for mn in ['xscvspdp', 'xscvspdpn']: op(mn, '0,2', 'sp')
for mn in ['xscvsxddp', 'xscvuxddp', 'xscvsxdsp', 'xscvuxdsp']: op(mn, '0,2', 'int')
for mn in ['xsxexpdp', 'xsxsigdp']: op(mn, '5,2', 'dp')
op('xsiexpdp', '0,5,6', 'int')
for dc in [0x7f, 0x40, 0x30, 0x0c, 0x03, 0x01]:
    op('xststdcdp', '1,2,%d' % dc, 'dp'); op('xststdcsp', '1,2,%d' % dc, 'dp')
for s, kind in [('dp', 'dp'), ('sp', 'sp')]:
    for b in ['xvadd', 'xvsub', 'xvmul', 'xvdiv', 'xvmax', 'xvmin', 'xvcpsgn']: op(b + s, '0,1,2', kind)
    for p in ['xvmadd', 'xvmsub', 'xvnmadd', 'xvnmsub']:
        for v in ['a', 'm']: op(p + v + s, '0,1,2', kind)
    for b in ['xvcmpeq', 'xvcmpgt', 'xvcmpge']: op(b + s, '0,1,2', kind); op(b + s + '.', '0,1,2', kind)
    op('xvtdiv' + s, '1,1,2', kind); op('xvtsqrt' + s, '1,2', kind)
    for b in ['xvsqrt', 'xvre', 'xvrsqrte', 'xvabs', 'xvnabs', 'xvneg']: op(b + s, '0,2', kind)
    for r in ['i', 'ic', 'im', 'ip', 'iz']: op('xvr' + s + r, '0,2', kind)
for mn in ['xvcvdpsp', 'xvcvdpsxds', 'xvcvdpsxws', 'xvcvdpuxds', 'xvcvdpuxws']: op(mn, '0,2', 'dp')
for mn in ['xvcvspdp', 'xvcvspsxds', 'xvcvspsxws', 'xvcvspuxds', 'xvcvspuxws']: op(mn, '0,2', 'sp')
for mn in ['xvcvsxddp', 'xvcvsxdsp', 'xvcvuxddp', 'xvcvuxdsp']: op(mn, '0,2', 'int')
for mn in ['xvcvsxwdp', 'xvcvsxwsp', 'xvcvuxwdp', 'xvcvuxwsp']: op(mn, '0,2', 'words')
for mn in ['xvxexpdp', 'xvxsigdp']: op(mn, '0,2', 'dp')
op('xscvdphp', '0,2', 'dp'); op('xscvhpdp', '0,2', 'half'); op('xvcvsphp', '0,2', 'sp'); op('xvcvhpsp', '0,2', 'half')
for mn in ['xvxexpsp', 'xvxsigsp']: op(mn, '0,2', 'sp')
op('xviexpdp', '0,1,2', 'int'); op('xviexpsp', '0,1,2', 'int')
for dc in [0x7f, 0x40, 0x30, 0x0c, 0x03]:
    op('xvtstdcdp', '0,2,%d' % dc, 'dp'); op('xvtstdcsp', '0,2,%d' % dc, 'sp')
# logical / permute (register-only: endianness-independent, run on LE)
for mn in ['xxland', 'xxlandc', 'xxlor', 'xxlxor', 'xxlnor', 'xxlorc', 'xxlnand', 'xxleqv',
           'xxmrghw', 'xxmrglw', 'xxperm', 'xxpermr']: op(mn, '0,1,2', 'bits')
for k in range(4):
    op('xxpermdi', '0,1,2,%d' % k, 'bits'); op('xxsldwi', '0,1,2,%d' % k, 'bits'); op('xxspltw', '0,2,%d' % k, 'bits')
for u in [0, 3, 4, 8, 12, 13, 15]: op('xxextractuw', '0,2,%d' % u, 'bits'); op('xxinsertw', '0,2,%d' % u, 'bits')
op('xxsel', '0,1,2,3', 'bits')
for mn in ['xxbrh', 'xxbrw', 'xxbrd', 'xxbrq']: op(mn, '0,2', 'bits')
for i in [0, 1, 0x80, 0xff, 0x5a]: op('xxspltib', '0,%d' % i, 'bits')
for mn in ['xxblendvb', 'xxblendvh', 'xxblendvw', 'xxblendvd']: op(mn, '0,1,2,3', 'bits')
for imm in [0x3f800000, 0x7f800001, 0x00000001, 0x80000000, 0xdeadbeef]:
    op('xxspltidp', '0,%d' % imm, 'bits'); op('xxspltiw', '0,%d' % imm, 'bits')
    op('xxsplti32dx', '0,0,%d' % imm, 'bits'); op('xxsplti32dx', '0,1,%d' % imm, 'bits')
# quad precision (VRT=v0, VRA=v1, VRB=v2; XA/XB inputs are quads)
for mn in ['xsaddqp', 'xssubqp', 'xsmulqp', 'xsdivqp', 'xsmaddqp', 'xsmsubqp', 'xsnmaddqp', 'xsnmsubqp',
           'xscpsgnqp', 'xsiexpqp', 'xscmpeqqp', 'xscmpgtqp', 'xscmpgeqp', 'xsmaxcqp', 'xsmincqp']:
    op(mn, '0,1,2', 'qp')
    if mn[-2:] == 'qp' and mn[:-2] + 'qpo' in ('xsaddqpo', 'xssubqpo', 'xsmulqpo', 'xsdivqpo', 'xsmaddqpo', 'xsmsubqpo', 'xsnmaddqpo', 'xsnmsubqpo'):
        op(mn + 'o', '0,1,2', 'qp')
for mn in ['xssqrtqp', 'xssqrtqpo', 'xscvqpdp', 'xscvqpdpo', 'xscvqpsdz', 'xscvqpswz', 'xscvqpudz', 'xscvqpuwz',
           'xsabsqp', 'xsnabsqp', 'xsnegqp', 'xsxexpqp', 'xsxsigqp']: op(mn, '0,2', 'qp')
for mn in ['xscvdpqp']: op(mn, '0,2', 'dp')
for mn in ['xscvsdqp', 'xscvudqp']: op(mn, '0,2', 'int')
for mn in ['xscmpuqp', 'xscmpoqp', 'xscmpexpqp']: op(mn, '1,1,2', 'qp')
for dc in [0x7f, 0x40, 0x30, 0x0c, 0x03]: op('xststdcqp', '1,2,%d' % dc, 'qp')
for r, rmc in [(0, 0), (0, 3), (1, 0), (1, 1), (1, 2), (1, 3)]:
    op('xsrqpi', '%d,0,2,%d' % (r, rmc), 'qp'); op('xsrqpix', '%d,0,2,%d' % (r, rmc), 'qp')
    op('xsrqpxp', '%d,0,2,%d' % (r, rmc), 'qp')
# ISA 3.1 additions
for mn in ['xscvqpuqz', 'xscvqpsqz']: op(mn, '0,2', 'qp')
for mn in ['xscvuqqp', 'xscvsqqp']: op(mn, '0,2', 'int')
op('xvtlsbb', '1,2', 'bits'); op('xvcvbf16spn', '0,2', 'sp'); op('xvcvspbf16', '0,2', 'sp')
for imm in [0, 1, 0x96, 0xe8, 0xff, 0x5a]: op('xxeval', '0,1,2,3,%d' % imm, 'bits')
for u in [0, 1, 7]: op('xxpermx', '0,1,2,3,%d' % u, 'bits')
for u in [1, 2, 7, 8, 9, 16, 17, 23, 24]: op('lxvkq', '0,%d' % u, 'bits')
# MMA: accumulator 0 is VSR 0-3 (row 0 = vs0 is observed); XA = vs32 (a copy of vs0), XB = vs33
# (a copy of vs1); xvf64ger's XAp = vs34:vs35 (copies of vs2:vs3).
for v in ['', 'pp', 'pn', 'np', 'nn']:
    op('xvf32ger' + v, '0,32,33', 'sp'); op('xvf64ger' + v, '0,34,33', 'dp')
for mn in ['xvi8ger4', 'xvi8ger4pp', 'xvi8ger4spp', 'xvi4ger8', 'xvi4ger8pp', 'xvi16ger2', 'xvi16ger2s',
           'xvi16ger2pp', 'xvi16ger2spp']: op(mn, '0,32,33', 'bits')
op('xxsetaccz', '0', 'bits')
for xm, ym in [(15, 15), (8, 6), (7, 9)]:
    for v in ['', 'pp', 'nn']:
        op('pmxvf32ger' + v, '0,32,33,%d,%d' % (xm, ym), 'sp'); op('pmxvf64ger' + v, '0,34,33,%d,%d' % (xm, ym & 3), 'dp')
    for mn, pm in [('pmxvi8ger4pp', 5), ('pmxvi8ger4spp', 15), ('pmxvi4ger8', 0x81), ('pmxvi16ger2s', 2), ('pmxvi16ger2pp', 3)]:
        op(mn, '0,32,33,%d,%d,%d' % (xm, ym, pm), 'bits')
# moves
for mn in ['mfvsrd', 'mfvsrwz', 'mfvsrld']: op(mn, '5,0', 'bits')
for mn in ['mtvsrd', 'mtvsrwa', 'mtvsrwz', 'mtvsrws']: op(mn, '0,5', 'bits')
op('mtvsrdd', '0,5,6', 'bits')
# storage access, both endiannesses (RA = buffer + offset, RB = offset / length)
for mn in ['lxsiwzx', 'lxsiwax', 'lxsspx', 'lxsdx', 'lxvd2x', 'lxvdsx', 'lxvw4x', 'lxvh8x', 'lxvb16x',
           'lxvx', 'lxvwsx', 'lxsibzx', 'lxsihzx', 'lxvrbx', 'lxvrhx', 'lxvrwx', 'lxvrdx',
           'stxsiwx', 'stxsspx', 'stxsdx', 'stxvd2x', 'stxvw4x', 'stxvh8x', 'stxvb16x', 'stxvx',
           'stxsibx', 'stxsihx', 'stxvrbx', 'stxvrhx', 'stxvrwx', 'stxvrdx']: op(mn, '0,5,6', 'mem', True, BOTH)
for mn in ['lxvl', 'lxvll', 'stxvl', 'stxvll']: op(mn, '0,5,6', 'len', True, BOTH)
for dq in [0, 16, 32]:
    op('lxv', '0,%d(5)' % dq, 'mem0', True, BOTH); op('stxv', '0,%d(5)' % dq, 'mem0', True, BOTH)
    op('plxv', '0,%d(5),0' % (dq + 3), 'mem0', True, BOTH); op('pstxv', '0,%d(5),0' % (dq + 5), 'mem0', True, BOTH)
op('lxvp', '0,16(5)', 'mem0', True, BOTH); op('stxvp', '0,0(5)', 'mem0', True, BOTH)
op('lxvpx', '0,5,6', 'mem', True, BOTH); op('stxvpx', '0,5,6', 'mem', True, BOTH)

def encode(tool_prefix, items):
    with tempfile.TemporaryDirectory() as t:
        src = os.path.join(t, 'a.s')
        with open(src, 'w') as f:
            for mn, ops in items: f.write(' %s %s\n .balign 8\n' % (mn, ops))
        subprocess.check_call([tool_prefix + 'as', '-mpower10', src, '-o', os.path.join(t, 'a.o')])
        out = subprocess.check_output([tool_prefix + 'objdump', '-d', os.path.join(t, 'a.o')]).decode()
    words = []
    lines = [l for l in out.splitlines() if re.match(r'^\s+[0-9a-f]+:\s', l)]
    i = 0
    res = []
    while i < len(lines):
        m = re.match(r'^\s+([0-9a-f]+):\s+((?:[0-9a-f]{2} ){4})\s*(\S*)', lines[i])
        b = bytes.fromhex(m.group(2).replace(' ', ''))
        wv = int.from_bytes(b, 'little' if 'le' in tool_prefix else 'big')
        mnem = m.group(3)
        if mnem in ('nop',): i += 1; continue
        if wv >> 26 == 1:  # prefixed: next line holds the suffix
            m2 = re.match(r'^\s+([0-9a-f]+):\s+((?:[0-9a-f]{2} ){4})', lines[i + 1])
            b2 = bytes.fromhex(m2.group(2).replace(' ', ''))
            res.append((wv, int.from_bytes(b2, 'little' if 'le' in tool_prefix else 'big'))); i += 2
        else:
            res.append((0, wv)); i += 1
    assert len(res) == len(items), (len(res), len(items))
    return res

def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 24
    rng = random.Random(3141)
    words = encode('powerpc64le-linux-gnu-', [(o[0], o[1]) for o in OPS])
    exes = {}
    with tempfile.TemporaryDirectory() as t:
        for end, cc in [('le', 'powerpc64le-linux-gnu-gcc'), ('be', 'powerpc64-linux-gnu-gcc')]:
            exe = os.path.join(t, 'oracle_' + end)
            extra = ['-mabi=elfv2'] if end == 'be' else []
            subprocess.check_call([cc] + extra + ['-O1', '-mcpu=power10', '-static', '-nostdlib', '-ffreestanding',
                                   '-fno-stack-protector', os.path.join(HERE, 'oracle.c'), '-o', exe])
            exes[end] = exe
        inputs = {'le': [], 'be': []}
        for (mn, ops, kind, mem, ends), (prefix, w) in zip(OPS, words):
            n = count if kind in ('dp', 'sp', 'int', 'words', 'half', 'qp') else max(4, count // 3)
            for _ in range(n):
                fs = rng.randrange(4) | rng.choice(ENABLES)
                gen = {'dp': vec_dp, 'sp': vec_sp, 'int': vec_int, 'words': vec_words, 'half': vec_half, 'qp': vec_qp}.get(kind, vec_int)
                regs = gen(rng) + gen(rng) + gen(rng) + vec_int(rng)
                ra, rb = rng.getrandbits(64), rng.getrandbits(64)
                if kind == 'mem': ra, rb = rng.randrange(0, 17), rng.randrange(0, 15)
                if kind == 'mem0': ra, rb = rng.randrange(0, 9), 0
                if kind == 'len': ra, rb = rng.randrange(0, 17), rng.choice([0, 1, 3, 8, 15, 16, 17, 255]) << 56 | rng.getrandbits(8)
                tname = mn.replace('.', '_')
                for end in ends:
                    inputs[end].append('%s@%s %x %x %x %s %x %x %d' % (tname, end, prefix, w, fs,
                                       ' '.join('%x' % v for v in regs), ra, rb, 1 if mem else 0))
        out = []
        for end in ('le', 'be'):
            wmap = words if end == 'le' else encode('powerpc64-linux-gnu-', [(o[0], o[1]) for o in OPS])
            assert wmap == words  # instruction words do not depend on the assembler's byte order
            qemu = 'qemu-ppc64le' if end == 'le' else 'qemu-ppc64'
            res = subprocess.run([qemu, '-cpu', 'power10', exes[end]], input='\n'.join(inputs[end]) + '\n',
                                 capture_output=True, text=True, check=True)
            out += res.stdout.splitlines()
    ver = subprocess.run(['qemu-ppc64le', '--version'], capture_output=True, text=True).stdout.splitlines()[0]
    with open(OUT, 'w') as f:
        f.write('# Generated by scripts/vsx_oracle/gen_vectors.py from qemu-ppc64le/qemu-ppc64 -cpu power10 (%s).\n' % ver)
        f.write('# name@endian prefix word fpscr_in xt0 xt1 xa0 xa1 xb0 xb1 xc0 xc1 ra rb mem | xt0 xt1 fpscr cr r5 traps v0.0 v0.1 [mem]\n')
        f.write('\n'.join(out) + '\n')
    print(len(out), 'vectors')

if __name__ == '__main__':
    main()
