#!/usr/bin/env python3
"""Compare ppcvm's table-driven disassembler with GNU objdump (binutils 2.40).

objdump is run as Debian users run it: `objdump -d` with no -M option, i.e. binutils' default
PowerPC dialect (Power10, with every other dialect as a fallback for words Power10 lacks).

Corpora:
  --random N       N random encodings of every table row (operand fields random, fixed bits
                   from the row), assembled as .long words into an ELF object
  --gcc            tests/disasm/corpus/*.c compiled with -O2 by powerpc64le-linux-gnu-gcc
                   (default CPU and -mcpu=power10) and powerpc64-linux-gnu-gcc (big-endian)
  FILE...          any PowerPC ELF files (vmlinux, busybox: see scripts/disasm-compare.sh)

Each word objdump shows is classified:
  in-table agree / disagree   ppcvm's decoder has a row for it; texts compared exactly
                              (after normalizing objdump's "<symbol>" decoration)
  documented                  a disagreement listed in DOCUMENTED_DIFFERENCES below, or on
                              a row of the Embedded (BookE) category (objdump runs its
                              default Book III-S dialect)
  not in the description yet  no row in ppcvm's table, objdump decodes it
  both undecoded              no row, and objdump prints .long too
With --strict the exit status is 1 if any in-table word disagrees.
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CROSS = {"le": "powerpc64le-linux-gnu-", "be": "powerpc64-linux-gnu-"}

# Known, deliberate differences from objdump, each with the reason. Each entry: (regex matched
# against ppcvm's text, regex matched against objdump's normalized text, reason). Keep this list
# small and explicit.
DOCUMENTED_DIFFERENCES = [
    # Invalid forms (Power ISA 3.1 Book I 1.8.2) that objdump, failing to decode them as
    # PowerPC, prints as instructions of another processor through its "any dialect" fallback:
    # POWER (pre-PowerPC) "lu r0,0(0)" for lwzu with RA=0, "stux", "lm" for lmw with RA in the
    # loaded range, 750CL paired-single "psq_l" for lq with an odd register. ppcvm prints these
    # words as ".long", as objdump does for the invalid forms that have no such fallback. (VMX
    # extracts/inserts with reserved bit 11 set come out as psq_lx, psq_lux, psq_stx, psq_stux.)
    (r"^\.long ", r"^(lu|lux|stu|stux|lm|stm|psq_lu?x?|psq_stu?x?)\s",
     "invalid form shown by objdump as a POWER/750CL instruction"),
    # Data stream touch (AltiVec dst, dstt, dstst, dststt, dss, dssall): objdump's mask for them
    # covers only the opcode and bit 6, so it decodes words whose reserved bits (7-8, and in dss
    # 11-20; bit 31) are set. ppcvm prints a word with reserved bits set as .long, as objdump does for most rows.
    (r"^\.long ", r"^(dst|dstt|dstst|dststt|dss|dssall)(\s|$)",
     "data stream touch with reserved bits set: objdump ignores them"),
    # vgnb (Power ISA 3.1 Book I, Vector Gather every Nth Bit): bits 11-12 are reserved. The
    # processor ignores them (so do QEMU's and ppcvm's decoders), objdump too: it prints vgnb.
    # ppcvm's disassembler shows a word with reserved bits set as .long, as for other rows.
    (r"^\.long ", r"^vgnb\s", "vgnb with reserved bits 11-12 set: objdump ignores them"),
    # lxvpx/stxvpx bit 31 and xsrqpi/xsrqpix/xsrqpxp bits 11-14 are reserved (Power ISA 3.1
    # Book I, VSX); objdump's masks leave them out and it decodes such words anyway.
    (r"^\.long ", r"^(lxvpx|stxvpx|xsrqpi|xsrqpix|xsrqpxp)\s",
     "VSX word with reserved bits set (lxvpx bit 31, xsrqpi* 11-14): objdump ignores them"),
    # attn (0x00000200, implementation-specific, not in Power ISA 3.1): objdump ignores bits 6-20;
    # ppcvm treats bits a row leaves undefined, without operand, as reserved (so 0x00000a00 is
    # data to us).
    (r"^\.long ", r"^attn$", "attn with nonzero bits 6-20: objdump ignores them"),
]

# Mnemonics objdump spells differently from the Power ISA, for the same instruction and operands.
# Each: (regex on objdump's text, replacement giving the ISA spelling, reason). A word counts as
# a documented difference only if, after the replacement, the texts agree (spacing aside).
MNEMONIC_DIFFERENCES = [
    # MMA (Power ISA 3.1 Book I chapter 8): binutils 2.40 as Debian ships it prints the
    # accumulator instructions with the "dense math" names of its future dialect (dmxvf32ger,
    # pmdmxvi4ger8, dmxxmfacc, dmxxmtacc, dmsetaccz) even with -M power10. ppcvm prints the
    # ISA 3.1 mnemonics (xvf32ger, pmxvi4ger8, xxmfacc, xxmtacc, xxsetaccz).
    (r"^(pm)?dm(xv\w*ger\w*|xxmfacc|xxmtacc)\b", r"\1\2",
     "MMA: objdump prints the dense-math names (dmxv*ger*, dmxxmfacc...)"),
    (r"^dmsetaccz\b", "xxsetaccz", "MMA: objdump prints the dense-math names (dmxv*ger*, dmxxmfacc...)"),
]

LINE_RE = re.compile(r"^\s*([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*(?:\t(.*))?$")
SYM_TARGET_RE = re.compile(r"\b([0-9a-f]+) <[^>]*>")
COMMENT_SYM_RE = re.compile(r"(# [0-9a-f]+) <[^>]*>")


def normalize_objdump(text):
    """objdump prints a branch target as "0x1c" without a symbol but as "1c <f+0x8>" with one;
    ppcvm prints "0x1c". PC-relative comments "# 1c <sym>" lose the symbol."""
    text = text.rstrip()
    if "\t#" in text:
        head, _, comment = text.partition("\t#")
        comment = COMMENT_SYM_RE.sub(r"\1", "#" + comment)
        return head.rstrip() + "\t" + comment
    return SYM_TARGET_RE.sub(lambda m: "0x" + m.group(1), text)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, **kw).stdout


def objdump_words(path):
    """Yield (address, word, suffix or None, objdump text) for every instruction objdump shows.
    With -w objdump prints a prefixed instruction's 8 bytes on one line."""
    out = run([CROSS["le"] + "objdump", "-d", "-w", path])
    m = re.search(r"file format (\S+)", out)
    order = "little" if m and m.group(1).endswith("le") else "big"
    for line in out.splitlines():
        lm = LINE_RE.match(line)
        if not lm:
            continue
        raw = bytes(int(b, 16) for b in lm.group(2).split())
        if len(raw) not in (4, 8):
            continue
        word = int.from_bytes(raw[:4], order)
        suffix = int.from_bytes(raw[4:], order) if len(raw) == 8 else None
        yield int(lm.group(1), 16), word, suffix, lm.group(3) or ""


def ppcvm_texts(tool, items):
    """items: list of (address, word, suffix). Returns list of (decoded?, text)."""
    lines = []
    for addr, word, suffix in items:
        lines.append(f"{addr:x} {word:08x} {suffix if suffix is not None else 0:08x}")
    out = run([tool, "--words"], input="\n".join(lines) + "\n")
    result = []
    for line in out.splitlines():
        parts = line.split("\t", 3)
        result.append((parts[2], parts[3] if len(parts) > 3 else ""))
    return result


class Tally:
    def __init__(self, name):
        self.name = name
        self.count = collections.Counter()
        self.disagree = collections.defaultdict(list)   # ppcvm mnemonic -> examples
        self.missing = collections.Counter()             # objdump mnemonic -> count
        self.documented = collections.Counter()

    def add(self, category, ours, theirs, word, suffix, addr):
        theirs = normalize_objdump(theirs)
        if category == "none":
            if theirs.startswith(".long"):
                self.count["both undecoded"] += 1
            else:
                self.count["not in the description yet"] += 1
                self.missing[theirs.split()[0] if theirs else "?"] += 1
            return
        if ours == theirs:
            self.count["in-table agree"] += 1
            return
        if category == "Embedded":
            # BookE rows: objdump's default dialect is the server one, which decodes some of
            # these encodings as other instructions (icbtls as dcread) or not at all.
            self.count["documented difference"] += 1
            self.documented["Embedded (BookE) row; objdump's default dialect is Book III-S"] += 1
            return
        for pattern, replacement, reason in MNEMONIC_DIFFERENCES:
            renamed = re.sub(pattern, replacement, theirs)
            if renamed != theirs and renamed.split() == ours.split():
                self.count["documented difference"] += 1
                self.documented[reason] += 1
                return
        for ours_pattern, theirs_pattern, reason in DOCUMENTED_DIFFERENCES:
            if re.search(ours_pattern, ours) and re.search(theirs_pattern, theirs):
                self.count["documented difference"] += 1
                self.documented[reason] += 1
                return
        self.count["in-table disagree"] += 1
        key = ours.split()[0] if ours else "?"
        if len(self.disagree[key]) < 4:
            w = f"{word:08x}" + (f" {suffix:08x}" if suffix is not None else "")
            self.disagree[key].append(f"{w} @{addr:x}: ppcvm '{ours}' objdump '{theirs}'")
        else:
            self.disagree[key].append(None)

    def report(self, show):
        total = sum(self.count.values())
        keys = ["in-table agree", "in-table disagree", "documented difference",
                "not in the description yet", "both undecoded"]
        print(f"== {self.name}: {total} words: " +
              ", ".join(f"{k} {self.count[k]}" for k in keys))
        for key, examples in sorted(self.disagree.items(), key=lambda kv: -len(kv[1]))[:show]:
            print(f"   disagree {key}: {len(examples)}")
            for e in examples:
                if e:
                    print(f"      {e}")
        if self.missing:
            top = ", ".join(f"{m} {n}" for m, n in self.missing.most_common(show))
            print(f"   not in table (top): {top}")
        for reason, n in self.documented.items():
            print(f"   documented ({n}): {reason}")


def compare_file(tool, path, tally):
    entries = list(objdump_words(path))
    texts = ppcvm_texts(tool, [(a, w, s) for a, w, s, _ in entries])
    for (addr, word, suffix, theirs), (category, ours) in zip(entries, texts):
        tally.add(category, ours, theirs, word, suffix, addr)


def random_corpus(tool, workdir, count, seed):
    lines = run([tool, "--random", str(count), str(seed)]).splitlines()
    asm = [".text"]
    offset = 0
    for line in lines:
        parts = line.split()
        words = parts[:-1]
        if len(words) == 2 and offset % 64 == 60:  # a prefixed instruction may not cross 64 bytes
            asm.append(".long 0x60000000")
            offset += 4
        for w in words:
            asm.append(f".long 0x{w}")
            offset += 4
    src = os.path.join(workdir, "random.s")
    with open(src, "w") as f:
        f.write("\n".join(asm) + "\n")
    obj = os.path.join(workdir, "random.o")
    run([CROSS["le"] + "as", "-mpower10", src, "-o", obj])
    return obj


def gcc_corpus(workdir):
    corpus = os.path.join(ROOT, "tests", "disasm", "corpus")
    objs = []
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".c"):
            continue
        src = os.path.join(corpus, name)
        base = os.path.join(workdir, name[:-2])
        for tag, cc, flags in (("le", CROSS["le"] + "gcc", []),
                               ("le-p10", CROSS["le"] + "gcc", ["-mcpu=power10"]),
                               ("be", CROSS["be"] + "gcc", [])):
            obj = f"{base}.{tag}.o"
            # -ffreestanding: the cross compilers may come without their libc headers.
            run([cc, "-O2", "-ffreestanding", "-c", *flags, src, "-o", obj])
            objs.append(obj)
    return objs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--tool", required=True, help="path to the ppcvm-disasm binary")
    ap.add_argument("--random", type=int, default=0, metavar="N")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gcc", action="store_true")
    ap.add_argument("--strict", action="store_true", help="exit 1 on any in-table disagreement")
    ap.add_argument("--show", type=int, default=12, help="how many mnemonics to detail")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()

    failures = 0
    with tempfile.TemporaryDirectory(prefix="disasm-compare-") as workdir:
        sets = []
        if args.random:
            sets.append((f"random ({args.random} per row, seed {args.seed})",
                         [random_corpus(args.tool, workdir, args.random, args.seed)]))
        if args.gcc:
            sets.append(("gcc -O2 objects (LE, LE power10, BE)", gcc_corpus(workdir)))
        for f in args.files:
            sets.append((os.path.basename(f), [f]))
        grand = collections.Counter()
        for name, files in sets:
            tally = Tally(name)
            for f in files:
                compare_file(args.tool, f, tally)
            tally.report(args.show)
            grand.update(tally.count)
            failures += tally.count["in-table disagree"]
        print("== total: " + ", ".join(f"{k} {v}" for k, v in sorted(grand.items())))
    if args.strict and failures:
        print(f"FAIL: {failures} in-table disagreements")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
