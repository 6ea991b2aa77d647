// The operand vocabulary (see operands.hpp). Field positions follow Power ISA 3.1 Book I
// section 1.6.28 ("Instruction Fields"); the printed forms follow GNU objdump (binutils 2.40).
#include "core/isa/operands.hpp"

#include <array>

#include "core/isa/fields.hpp"

namespace ppcvm::isa {
namespace {

using K = OperandKind;

constexpr uint64_t form_bit(Form f) { return uint64_t{1} << static_cast<unsigned>(f); }

// Builders that keep each vocabulary line short.
struct Spec {
    OperandSpec s;
    constexpr Spec(std::string_view name, K kind, uint8_t first, uint8_t last,
                   std::string_view meaning)
        : s{name, kind, Applies::Any, 0, {{false, first, last}, {false, 0, 0}, {false, 0, 0}}, 1, false, 0, false,
            0, 0, false, {}, meaning} {}
    // A second, less significant bit run (split fields: SPR, sh, mb, TX||T...).
    constexpr Spec then(uint8_t first, uint8_t last) const {
        Spec c = *this;
        c.s.ranges[c.s.range_count] = {false, first, last};
        c.s.range_count++;
        return c;
    }
    // The most significant run lives in the prefix word (34-bit displacements).
    constexpr Spec high_in_prefix(uint8_t pfirst, uint8_t plast, uint8_t first, uint8_t last) const {
        Spec c = *this;
        c.s.ranges[0] = {true, pfirst, plast};
        c.s.ranges[1] = {false, first, last};
        c.s.range_count = 2;
        return c;
    }
    constexpr Spec in_prefix() const {
        Spec c = *this;
        c.s.ranges[0].in_prefix = true;
        return c;
    }
    constexpr Spec sign() const { Spec c = *this; c.s.is_signed = true; return c; }
    constexpr Spec scaled(uint8_t shift) const { Spec c = *this; c.s.shift = shift; return c; }
    constexpr Spec opt(int8_t default_value = 0) const {
        Spec c = *this;
        c.s.optional = true;
        c.s.default_value = default_value;
        return c;
    }
    constexpr Spec pair() const { Spec c = *this; c.s.even = true; return c; }
    constexpr Spec zero_is(uint8_t v) const { Spec c = *this; c.s.zero_means = v; return c; }
    constexpr Spec prefixed() const { Spec c = *this; c.s.applies = Applies::Prefixed; return c; }
    constexpr Spec non_prefixed() const {
        Spec c = *this;
        c.s.applies = Applies::NonPrefixed;
        return c;
    }
    constexpr Spec only(uint64_t forms) const { Spec c = *this; c.s.forms = forms; return c; }
    constexpr Spec for_rows(std::string_view mnemonics) const {
        Spec c = *this;
        c.s.mnemonics = mnemonics;
        return c;
    }
};

// Order matters only between entries of the same name: the first that applies to a row wins,
// so form-specific entries come before the general one.
constexpr Spec kSpecs[] = {
    // General-purpose registers.
    Spec("RT", K::Gpr, 6, 10, "target GPR"),
    Spec("RS", K::Gpr, 6, 10, "source GPR, optional in tlbiel").opt().for_rows("tlbiel"),
    Spec("RS", K::Gpr, 6, 10, "source GPR"),
    Spec("RA", K::Gpr, 11, 15, "GPR operand A"),
    Spec("RB", K::Gpr, 16, 20, "GPR operand B"),
    Spec("RC", K::Gpr, 21, 25, "GPR operand C (VA-form maddhd, maddld...)"),
    Spec("RA0", K::GprOrZero, 11, 15, "RA|0: GPR A, or the value 0 when the field is 0"),
    Spec("RB0", K::GprOrZero, 16, 20, "RB|0"),
    Spec("RTp", K::Gpr, 6, 10, "even GPR of a target pair (lq)").pair(),
    Spec("RSp", K::Gpr, 6, 10, "even GPR of a source pair (stq)").pair(),
    // Floating-point registers.
    Spec("FRT", K::Fpr, 6, 10, "target FPR"),
    Spec("FRS", K::Fpr, 6, 10, "source FPR"),
    Spec("FRA", K::Fpr, 11, 15, "FPR operand A"),
    Spec("FRB", K::Fpr, 16, 20, "FPR operand B"),
    Spec("FRC", K::Fpr, 21, 25, "FPR operand C"),
    Spec("FRTp", K::Fpr, 6, 10, "even FPR of a target pair").pair(),
    Spec("FRSp", K::Fpr, 6, 10, "even FPR of a source pair").pair(),
    Spec("FRAp", K::Fpr, 11, 15, "even FPR of pair A").pair(),
    Spec("FRBp", K::Fpr, 16, 20, "even FPR of pair B").pair(),
    // Vector registers (VMX).
    Spec("VRT", K::Vr, 6, 10, "target VR"),
    Spec("VRS", K::Vr, 6, 10, "source VR"),
    Spec("VRA", K::Vr, 11, 15, "VR operand A"),
    Spec("VRB", K::Vr, 16, 20, "VR operand B"),
    Spec("VRC", K::Vr, 21, 25, "VR operand C"),
    // Vector-scalar registers: 6-bit numbers, the extra bit (TX, SX, AX, BX, CX) in the low
    // part of the word, its position depending on the format.
    Spec("XT", K::Vsr, 28, 28, "target VSR (DQ form: TX at bit 28)").then(6, 10).only(form_bit(Form::DQ)),
    Spec("XS", K::Vsr, 28, 28, "source VSR (DQ form: SX at bit 28)").then(6, 10).only(form_bit(Form::DQ)),
    // 8RR:D (xxsplti32dx, xxspltidp, xxspltiw): TX at suffix bit 15; 8RR:XX4 (xxeval,
    // xxblendv*, xxpermx): TX at bit 31 as in XX4. Listed by row because both are prefixed like
    // the 8LS rows below (Power ISA 3.1 Book I 1.6, prefixed instruction formats).
    Spec("XT", K::Vsr, 15, 15, "target VSR (8RR:D form: TX at suffix bit 15)").then(6, 10).prefixed()
        .for_rows("xxsplti32dx xxspltidp xxspltiw"),
    Spec("XT", K::Vsr, 31, 31, "target VSR (8RR:XX4 form: TX at bit 31)").then(6, 10).prefixed()
        .for_rows("xxeval xxblendvb xxblendvh xxblendvw xxblendvd xxpermx"),
    Spec("XT", K::Vsr, 5, 5, "target VSR (8LS form: TX at suffix bit 5)").then(6, 10).prefixed(),
    Spec("XS", K::Vsr, 5, 5, "source VSR (8LS form: SX at suffix bit 5)").then(6, 10).prefixed(),
    Spec("XT", K::Vsr, 31, 31, "target VSR (TX at bit 31)").then(6, 10),
    Spec("XS", K::Vsr, 31, 31, "source VSR (SX at bit 31)").then(6, 10),
    Spec("XTp", K::Vsr, 10, 10, "even VSR pair target: 32*TX + 2*Tp").then(6, 9).scaled(1),
    Spec("XSp", K::Vsr, 10, 10, "even VSR pair source: 32*SX + 2*Sp").then(6, 9).scaled(1),
    Spec("XA", K::Vsr, 29, 29, "VSR operand A (AX at bit 29)").then(11, 15),
    Spec("XB", K::Vsr, 30, 30, "VSR operand B (BX at bit 30)").then(16, 20),
    Spec("XC", K::Vsr, 28, 28, "VSR operand C (CX at bit 28)").then(21, 25),
    // MMA (Power ISA 3.1 Book I chapter 8): XAp is an even VSR pair in the ISA; objdump does not
    // check the parity, so neither is it marked .pair() here. AT/AS: accumulator 0-7.
    Spec("XAp", K::Vsr, 29, 29, "VSR pair operand A (xvf64ger*: AX at bit 29)").then(11, 15),
    Spec("AT", K::Acc, 6, 8, "target accumulator"),
    Spec("AS", K::Acc, 6, 8, "source accumulator"),
    Spec("XMSK", K::Unsigned, 24, 27, "pmxv*ger* X mask").in_prefix(),
    Spec("YMSK", K::Unsigned, 28, 29, "pmxvf64ger* Y mask (2 bits)").in_prefix()
        .for_rows("pmxvf64ger pmxvf64gerpp pmxvf64gerpn pmxvf64gernp pmxvf64gernn"),
    Spec("YMSK", K::Unsigned, 28, 31, "pmxv*ger* Y mask").in_prefix(),
    Spec("PMSK", K::Unsigned, 16, 23, "pmxvi4ger8* product mask (8 bits)").in_prefix()
        .for_rows("pmxvi4ger8 pmxvi4ger8pp"),
    Spec("PMSK", K::Unsigned, 16, 19, "pmxv*ger4* product mask (4 bits)").in_prefix()
        .for_rows("pmxvi8ger4 pmxvi8ger4pp pmxvi8ger4spp"),
    Spec("PMSK", K::Unsigned, 16, 17, "pmxv*ger2* product mask (2 bits)").in_prefix(),
    // 8RR prefixed immediates: imm0 (prefix 16-31) || imm1 (suffix 16-31), printed unsigned
    // (objdump: "xxspltiw vs33,4294967295"); xxeval's IMM and xxpermx's UIM in the prefix.
    Spec("IMM32", K::Unsigned, 16, 31, "32-bit immediate imm0||imm1").high_in_prefix(16, 31, 16, 31),
    Spec("IX", K::Unsigned, 14, 14, "xxsplti32dx: which word of each doubleword"),
    Spec("IMM", K::Unsigned, 24, 31, "xxeval function (8 bits, prefix)").in_prefix().for_rows("xxeval"),
    Spec("UIM", K::Unsigned, 29, 31, "xxpermx 3-bit index (prefix)").in_prefix().for_rows("xxpermx"),
    Spec("IMM", K::Unsigned, 11, 15, "xxgenpcv* mask mode (5 bits)"),
    // VSX test data class: xvtstdc* split it as dc (bit 25) || dm (bit 29) || dx (bits 11-15);
    // xststdc* and the quad forms keep it contiguous in bits 9-15.
    Spec("DCMX", K::Unsigned, 25, 25, "data class mask dc||dm||dx").then(29, 29).then(11, 15)
        .for_rows("xvtstdcsp xvtstdcdp"),
    Spec("DCMX", K::Unsigned, 9, 15, "data class mask"),
    // Quad-precision round to integer (xsrqpi, xsrqpix, xsrqpxp): R is bit 15 (always printed,
    // unlike tlbie's optional R), RMC bits 21-22.
    Spec("R", K::Unsigned, 15, 15, "xsrqpi* R: 1 = round per RMC").for_rows("xsrqpi xsrqpix xsrqpxp"),
    Spec("RMC", K::Unsigned, 21, 22, "rounding mode control"),
    // Bit 31 of the quad-precision X/Z23 forms: RO (round to odd: xsaddqpo...) and EX (xsrqpix).
    // A row that covers both values lists it last; optional, so 0 prints nothing, and the
    // aliases in disasm_aliases.inc name the 1 forms (objdump has no "RO" operand to print).
    Spec("RO", K::Unsigned, 31, 31, "round to odd").opt(),
    Spec("EX", K::Unsigned, 31, 31, "xsrqpi: inexact exception enable").opt(),
    // Condition register.
    Spec("BF", K::Unsigned, 6, 8, "FPSCR field (mtfsfi)").for_rows("mtfsfi"),
    Spec("BF", K::CrField, 6, 8, "target CR field"),
    Spec("BFA", K::CrField, 11, 13, "source CR field"),
    Spec("BT", K::CrBit, 6, 10, "target CR bit (XL-form CR logical)").only(form_bit(Form::XL)),
    Spec("BT", K::Unsigned, 6, 10, "target bit number (mtfsb0/mtfsb1: an FPSCR bit)"),
    Spec("BA", K::CrBit, 11, 15, "CR bit operand A"),
    Spec("BB", K::CrBit, 16, 20, "CR bit operand B"),
    Spec("BC", K::CrBit, 21, 25, "CR bit operand C (isel)"),
    Spec("BI", K::CrBit, 11, 15, "CR bit tested by a conditional branch"),
    Spec("BO", K::Unsigned, 6, 10, "branch options"),
    Spec("BH", K::Unsigned, 19, 20, "branch hint (bclr, bcctr, bctar)").opt(),
    Spec("FXM", K::Unsigned, 12, 19, "CR field mask (mtcrf, mfocrf)"),
    // Branch targets.
    Spec("LI", K::BranchTarget, 6, 29, "I-form target: LI || 0b00").sign().scaled(2),
    Spec("BD", K::BranchTarget, 16, 29, "B-form target: BD || 0b00").sign().scaled(2),
    // Immediates and displacements. In prefixed (MLS/8LS) rows D and SI are 34 bits:
    // d0 (prefix bits 14-31) || d1 (suffix bits 16-31).
    Spec("D", K::Signed, 14, 31, "34-bit displacement d0||d1").high_in_prefix(14, 31, 16, 31).sign().prefixed(),
    Spec("SI", K::Signed, 14, 31, "34-bit signed immediate si0||si1").high_in_prefix(14, 31, 16, 31).sign().prefixed(),
    Spec("D34", K::Signed, 14, 31, "34-bit displacement d0||d1").high_in_prefix(14, 31, 16, 31).sign(),
    Spec("SI34", K::Signed, 14, 31, "34-bit signed immediate").high_in_prefix(14, 31, 16, 31).sign(),
    Spec("R", K::PcRelative, 11, 11, "prefix R: PC-relative addressing").in_prefix().opt().prefixed(),
    Spec("D", K::Signed, 16, 25, "DX-form d0||d1||d2 (addpcis)").then(11, 15).then(31, 31).sign().only(form_bit(Form::DX)),
    Spec("D", K::Signed, 16, 31, "16-bit signed displacement").sign(),
    Spec("DX", K::Signed, 16, 25, "DX-form d0||d1||d2 (addpcis)").then(11, 15).then(31, 31).sign(),
    Spec("SI", K::Signed, 16, 31, "16-bit signed immediate").sign(),
    Spec("UI", K::Unsigned, 16, 31, "16-bit unsigned immediate"),
    Spec("DS", K::Signed, 16, 29, "DS-form displacement: DS || 0b00").sign().scaled(2),
    Spec("DQ", K::Signed, 16, 27, "DQ-form displacement: DQ || 0b0000").sign().scaled(4),
    // Rotates and shifts.
    Spec("SH", K::Unsigned, 23, 25, "vsldbi/vsrdbi bit shift (VN form)").for_rows("vsldbi vsrdbi"),
    Spec("SH", K::Unsigned, 16, 20, "shift amount (5 bits)"),
    Spec("MB", K::Unsigned, 21, 25, "mask begin (M form)"),
    Spec("ME", K::Unsigned, 26, 30, "mask end (M form)"),
    Spec("SH6", K::Unsigned, 30, 30, "shift amount sh5 || sh0:4 (MD/XS forms)").then(16, 20),
    Spec("MB6", K::Unsigned, 26, 26, "mask begin mb5 || mb0:4 (MD/MDS forms)").then(21, 25),
    Spec("ME6", K::Unsigned, 26, 26, "mask end me5 || me0:4 (MD/MDS forms)").then(21, 25),
    // System registers, traps, system calls, string and storage-control fields.
    Spec("SPR", K::Unsigned, 16, 20, "SPR number, halves swapped in the encoding").then(11, 15),
    Spec("TBR", K::Unsigned, 16, 20, "time base register number (mftb)").then(11, 15),
    Spec("TO", K::Unsigned, 6, 10, "trap conditions"),
    Spec("LEV", K::Unsigned, 20, 26, "system call level (scv: always printed)").for_rows("scv"),
    Spec("LEV", K::Unsigned, 20, 26, "system call level").opt(),
    Spec("NB", K::Unsigned, 16, 20, "byte count (lswi, stswi): 0 means 32").zero_is(32),
    Spec("L", K::Unsigned, 15, 15, "mtmsr/mtmsrd L: only EE and RI").opt().for_rows("mtmsr mtmsrd"),
    Spec("L", K::Unsigned, 8, 10, "sync/dcbf L (ISA 3.1: 3 bits)").opt().for_rows("sync dcbf"),
    Spec("L", K::Unsigned, 6, 6, "mtfsf L").opt().for_rows("mtfsf"),
    Spec("L", K::Unsigned, 14, 15, "darn random number format").for_rows("darn"),
    Spec("L", K::Unsigned, 10, 10, "paste L (default 1)").opt(1).for_rows("paste"),
    Spec("L", K::Unsigned, 10, 10, "compare width: 1 = 64-bit (cmp, cmpi, cmpl, cmpli)"),
    Spec("L15", K::Unsigned, 15, 15, "mtmsr/mtmsrd L: only EE and RI").opt(),
    Spec("L3", K::Unsigned, 8, 10, "sync and dcbf L (ISA 3.1: 3 bits)").opt(),
    Spec("SC", K::Unsigned, 14, 15, "sync SC").opt(),
    Spec("WC", K::Unsigned, 9, 10, "wait condition").opt(),
    Spec("PL", K::Unsigned, 14, 15, "wait pause length").opt(),
    Spec("EH", K::Unsigned, 31, 31, "larx exclusive-access hint").opt(),
    Spec("TH", K::Unsigned, 6, 10, "dcbt/dcbtst touch hint"),
    Spec("CT", K::Unsigned, 7, 10, "cache touch type (icbt)").opt(),
    Spec("S", K::Unsigned, 20, 20, "rfebb: set BESCR[GE]").opt(1).for_rows("rfebb"),
    Spec("IH", K::Unsigned, 8, 10, "slbia invalidation hint").opt(),
    Spec("RIC", K::Unsigned, 12, 13, "tlbie radix invalidation control").opt(),
    Spec("PRS", K::Unsigned, 14, 14, "tlbie process-scoped").opt(),
    Spec("R", K::Unsigned, 15, 15, "tlbie radix").opt().non_prefixed(),
    Spec("W", K::Unsigned, 15, 15, "mtfsf W").opt(),
    Spec("FLM", K::Unsigned, 7, 14, "mtfsf field mask"),
    Spec("U", K::Unsigned, 16, 19, "mtfsfi immediate"),
    Spec("Lmtfsf", K::Unsigned, 6, 6, "mtfsf L (bit 6, unlike every other L)").opt(),
    Spec("DM", K::Unsigned, 22, 23, "xxpermdi doubleword selector"),
    Spec("SHW", K::Unsigned, 22, 23, "xxsldwi word shift"),
    Spec("SHB", K::Unsigned, 22, 25, "vsldoi byte shift"),
    Spec("SIM", K::Signed, 11, 15, "5-bit signed immediate (vspltis*)").sign(),
    // UIM: vsplt* index the element by its size; the 3.0/3.1 extracts and inserts (vextractu*,
    // vinsert*, vinsw, vinsd, xxextractuw, xxinsertw) always take a byte offset in bits 12-15,
    // bit 11 reserved (Power ISA 3.1 Book I 6.8.1, 6.8.2, 7.6.1.19).
    Spec("UIM", K::Unsigned, 12, 15, "byte index / byte offset")
        .for_rows("vspltb vextractub vextractuh vextractuw vextractd vinsertb vinserth vinsertw "
                  "vinsertd vinsw vinsd xxextractuw xxinsertw"),
    Spec("UIM", K::Unsigned, 13, 15, "halfword index").for_rows("vsplth"),
    Spec("UIM", K::Unsigned, 14, 15, "word index").for_rows("vspltw xxspltw"),
    Spec("UIM", K::Unsigned, 16, 20, "lxvkq constant selector").for_rows("lxvkq"),
    Spec("UIM", K::Unsigned, 11, 15, "5-bit unsigned immediate"),
    // VMX fields of the 2.07 and 3.1 additions (Power ISA 3.1 Book I 1.6.28).
    Spec("ST", K::Unsigned, 16, 16, "vshasigma*: 0 = sigma (message schedule), 1 = SIGMA"),
    Spec("SIX", K::Unsigned, 17, 20, "vshasigma*: which sigma function, per element"),
    Spec("MP", K::Unsigned, 15, 15, "vcntmb*: count the elements whose MSB is this value"),
    Spec("N", K::Unsigned, 13, 15, "vgnb: gather every Nth bit"),
    // mtvsrbmi's bm = b0 || b1 || b2. The ISA calls it a 16-bit mask; objdump prints it signed
    // (its DXD operand, shared with addpcis), so 0xffff shows as -1: printed as objdump does.
    Spec("bm", K::Signed, 16, 25, "mtvsrbmi mask b0||b1||b2").then(11, 15).then(31, 31).sign(),
    // Data stream touch (AltiVec PEM 5.2.1, not in Power ISA 3.x): STRM is the stream ID, bit 6
    // the transient hint (dstt, dststt) or, in dss, "all streams" (dssall). Bit 6 is listed as
    // an optional operand so the row covers both values; the aliases name the T=1/A=1 forms.
    Spec("STRM", K::Unsigned, 9, 10, "data stream ID"),
    Spec("T", K::Unsigned, 6, 6, "dst/dstst transient hint (dstt, dststt)").opt().for_rows("dst dstst"),
    Spec("A", K::Unsigned, 6, 6, "dss: all streams (dssall)").opt().for_rows("dss"),
    Spec("IMM8", K::Unsigned, 13, 20, "8-bit immediate (xxspltib)"),
    Spec("PS", K::Unsigned, 22, 22, "BCD preferred sign (objdump always prints it)"),
    Spec("CY", K::Unsigned, 21, 22, "addex carry select"),
    Spec("FC", K::Unsigned, 16, 20, "atomic memory operation function code"),
    Spec("DRM", K::Unsigned, 18, 20, "decimal rounding mode (mffscdrni)"),
    Spec("RM", K::Unsigned, 19, 20, "binary rounding mode (mffscrni)"),
    // Not printed by rows: named so simplified-mnemonic conditions can test them.
    Spec("Rc", K::Unsigned, 31, 31, "record bit (alias conditions)"),
    Spec("OE", K::Unsigned, 21, 21, "overflow-enable bit (alias conditions)"),
};

constexpr auto kOperands = [] {
    std::array<OperandSpec, std::size(kSpecs)> out{};
    for (size_t i = 0; i < std::size(kSpecs); ++i) out[i] = kSpecs[i].s;
    return out;
}();

bool names_row(std::string_view list, std::string_view mnemonic) {
    if (!mnemonic.empty() && mnemonic.back() == '.') mnemonic.remove_suffix(1);
    size_t pos = 0;
    while (pos <= list.size()) {
        size_t end = list.find(' ', pos);
        if (end == std::string_view::npos) end = list.size();
        if (list.substr(pos, end - pos) == mnemonic) return true;
        pos = end + 1;
    }
    return false;
}

bool applies_to(const OperandSpec& s, Form form, bool prefixed, std::string_view mnemonic) {
    if (s.applies == Applies::Prefixed && !prefixed) return false;
    if (s.applies == Applies::NonPrefixed && prefixed) return false;
    if (!s.mnemonics.empty() && !names_row(s.mnemonics, mnemonic)) return false;
    return s.forms == 0 || (s.forms & form_bit(form)) != 0;
}

uint32_t range_bits(uint32_t w, const BitRange& r) { return bits(w, r.first, r.last); }

}  // namespace

std::span<const OperandSpec> operand_vocabulary() { return kOperands; }

const OperandSpec* find_operand(std::string_view name, Form form, bool prefixed,
                                std::string_view mnemonic) {
    for (const OperandSpec& s : kOperands)
        if (s.name == name && applies_to(s, form, prefixed, mnemonic)) return &s;
    return nullptr;
}

int64_t operand_value(const OperandSpec& spec, uint32_t word, uint32_t prefix) {
    uint64_t v = 0;
    unsigned width = 0;
    for (unsigned i = 0; i < spec.range_count; ++i) {
        const BitRange& r = spec.ranges[i];
        const unsigned n = r.last - r.first + 1u;
        v = (v << n) | range_bits(r.in_prefix ? prefix : word, r);
        width += n;
    }
    if (v == 0 && spec.zero_means) return spec.zero_means;
    int64_t value = spec.is_signed ? sext(v, width) : static_cast<int64_t>(v);
    return value * (int64_t{1} << spec.shift);
}

uint32_t operand_mask(const OperandSpec& spec, bool prefix_word) {
    uint32_t mask = 0;
    for (unsigned i = 0; i < spec.range_count; ++i) {
        const BitRange& r = spec.ranges[i];
        if (r.in_prefix != prefix_word) continue;
        const unsigned n = r.last - r.first + 1u;
        mask |= ((n == 32 ? ~0u : ((1u << n) - 1u)) << (31 - r.last));
    }
    return mask;
}

bool parse_operands(std::string_view text, Form form, bool prefixed, std::vector<RowOperand>& out,
                    std::string* error, std::string_view mnemonic) {
    out.clear();
    auto fail = [&](std::string why) {
        if (error) *error = std::move(why);
        out.clear();
        return false;
    };
    auto add = [&](std::string_view name, bool in_parens) {
        const OperandSpec* spec = find_operand(name, form, prefixed, mnemonic);
        if (!spec) return fail("unknown operand name '" + std::string(name) + "'");
        out.push_back({spec, in_parens});
        return true;
    };
    size_t pos = 0;
    while (pos < text.size()) {
        size_t comma = text.find(',', pos);
        if (comma == std::string_view::npos) comma = text.size();
        std::string_view item = text.substr(pos, comma - pos);
        if (item.empty()) return fail("empty operand in '" + std::string(text) + "'");
        const size_t open = item.find('(');
        if (open != std::string_view::npos) {
            if (item.back() != ')' || open == 0 || open + 2 >= item.size())
                return fail("malformed storage operand '" + std::string(item) + "'");
            if (!add(item.substr(0, open), false)) return false;
            if (!add(item.substr(open + 1, item.size() - open - 2), true)) return false;
        } else if (!add(item, false)) {
            return false;
        }
        pos = comma + 1;
        if (comma + 1 == text.size()) return fail("trailing comma in '" + std::string(text) + "'");
    }
    return true;
}

namespace {
struct ParsedRows {
    std::vector<std::vector<RowOperand>> operands;
    std::vector<std::string> errors;
    ParsedRows() : operands(kInstructionCount), errors(kInstructionCount) {
        const InsnDesc* table = instruction_table();
        for (size_t i = 0; i < kInstructionCount; ++i)
            parse_operands(table[i].operands, table[i].form, table[i].prefixed(), operands[i],
                           &errors[i], table[i].mnemonic);
    }
};
const ParsedRows& parsed_rows() {
    static const ParsedRows rows;
    return rows;
}
}  // namespace

const std::vector<RowOperand>& row_operands(Op op) {
    return parsed_rows().operands[static_cast<size_t>(op)];
}
const std::string& row_operands_error(Op op) {
    return parsed_rows().errors[static_cast<size_t>(op)];
}

}  // namespace ppcvm::isa
