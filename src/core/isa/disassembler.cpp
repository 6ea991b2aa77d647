// The disassembler (see disassembler.hpp). Everything it knows about particular instructions
// is data: the table rows, the operand vocabulary, disasm_aliases.inc, spr_names.inc and
// kBranchForms below. The code here only interprets that data the way objdump prints.
#include "core/isa/disassembler.hpp"

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cstdio>
#include <string_view>
#include <vector>

#include "core/isa/decoder.hpp"
#include "core/isa/fields.hpp"
#include "core/isa/operands.hpp"

namespace ppcvm::isa {
namespace {

// ---------------------------------------------------------------------------------------------
// Data: simplified mnemonics.

struct AliasRule {
    std::string_view base;
    std::string_view condition;
    std::string_view mnemonic;
    std::string_view operands;
};

constexpr AliasRule kAliases[] = {
#define ALIAS(base, condition, mnemonic, operands) {base, condition, mnemonic, operands},
#include "core/isa/disasm_aliases.inc"
#undef ALIAS
};

struct SprName {
    unsigned number;
    std::string_view name;
    int index;  // printed number operand, or -1
    bool mf, mt;
};

constexpr SprName kSprNames[] = {
#define SPR_NAME(number, name, index, mf, mt) {number, name, index, mf, mt},
#include "core/isa/spr_names.inc"
#undef SPR_NAME
};

// Conditional branches: how objdump prints bc, bclr, bcctr and bctar for each BO value (Power ISA 3.1
// Book I 2.4, Figure 40 "BO field encodings" and C.2 "Branch Mnemonics"). One cell per BO and
// instruction; "A|B" means A when BI=0 and B otherwise. A part is:
//   bdnzf, bdzf, bdnzt, bdzt   name + BI as a CR bit ("bdnzf 4*cr1+eq,target")
//   bdnz, bdz, b               name, BI not printed ("bdnz target", "blr")
//   F / T                      b + the CR bit's condition, false/true sense ("bne cr1,target")
//   raw                        the row's own mnemonic and operands ("bc 16,eq,target")
//   invalid                    objdump rejects the BO value: ".long 0x..."
// A trailing + or - is the branch-prediction hint objdump appends to the mnemonic (the "at"
// bits, Figure 41, or for bclr/bcctr also the old "y" bit). The cells reproduce objdump's
// choices exactly, including its inconsistencies (bc ignores the y bit of BO=0b0000y where bclr
// prints it), since the point is to print what objdump prints.
struct BranchForm {
    std::string_view bc, bclr, bcctr, bctar;
};
constexpr BranchForm kBranchForms[32] = {
    /* 0*/ {"bdnzf", "bdnzf", "raw", "bdnzf"},
    /* 1*/ {"bdnzf", "bdnzf+", "invalid", "invalid"},
    /* 2*/ {"bdzf", "bdzf", "raw", "bdzf"},
    /* 3*/ {"bdzf", "bdzf+", "invalid", "invalid"},
    /* 4*/ {"F", "F", "F", "F"},
    /* 5*/ {"F", "F+", "F+", "invalid"},
    /* 6*/ {"F-", "F-", "F-", "F-"},
    /* 7*/ {"F+", "F+", "F+", "F+"},
    /* 8*/ {"bdnzt", "bdnzt", "raw", "bdnzt"},
    /* 9*/ {"bdnzt", "bdnzt+", "invalid", "invalid"},
    /*10*/ {"bdzt", "bdzt", "raw", "bdzt"},
    /*11*/ {"bdzt", "bdzt+", "invalid", "invalid"},
    /*12*/ {"T", "T", "T", "T"},
    /*13*/ {"T", "T+", "T+", "invalid"},
    /*14*/ {"T-", "T-", "T-", "T-"},
    /*15*/ {"T+", "T+", "T+", "T+"},
    /*16*/ {"bdnz|raw", "bdnz|raw", "raw", "bdnz|raw"},
    /*17*/ {"bdnz|invalid", "bdnz+|invalid", "invalid", "invalid"},
    /*18*/ {"bdz|raw", "bdz|raw", "raw", "bdz|raw"},
    /*19*/ {"bdz|invalid", "bdz+|invalid", "invalid", "invalid"},
    /*20*/ {"raw", "b|raw", "b|raw", "b|raw"},
    /*21*/ {"invalid", "invalid", "invalid", "invalid"},
    /*22*/ {"invalid", "invalid", "invalid", "invalid"},
    /*23*/ {"invalid", "invalid", "invalid", "invalid"},
    /*24*/ {"bdnz-|raw-", "bdnz-|raw-", "raw-", "bdnz-|raw-"},
    /*25*/ {"bdnz+|raw+", "bdnz+|raw+", "raw+", "bdnz+|raw+"},
    /*26*/ {"bdz-|raw-", "bdz-|raw-", "raw-", "bdz-|raw-"},
    /*27*/ {"bdz+|raw+", "bdz+|raw+", "raw+", "bdz+|raw+"},
    /*28*/ {"invalid", "invalid", "invalid", "invalid"},
    /*29*/ {"invalid", "invalid", "invalid", "invalid"},
    /*30*/ {"invalid", "invalid", "invalid", "invalid"},
    /*31*/ {"invalid", "invalid", "invalid", "invalid"},
};

constexpr std::string_view kCrBitNames[4] = {"lt", "gt", "eq", "so"};
constexpr std::string_view kCondTrue[4] = {"lt", "gt", "eq", "so"};
constexpr std::string_view kCondFalse[4] = {"ge", "le", "ne", "ns"};

// ---------------------------------------------------------------------------------------------
// Expressions over operand values (alias conditions and printed operands).

struct Term {
    const OperandSpec* spec;  // nullptr: a number
    int64_t number;
    bool negate;
};
struct Expr {
    std::vector<Term> terms;
    const OperandSpec* single() const {
        return terms.size() == 1 && !terms[0].negate ? terms[0].spec : nullptr;
    }
    int64_t eval(uint32_t word, uint32_t prefix) const {
        int64_t v = 0;
        for (const Term& t : terms) {
            const int64_t x = t.spec ? operand_value(*t.spec, word, prefix) : t.number;
            v += t.negate ? -x : x;
        }
        return v;
    }
};

bool parse_expr(std::string_view text, Form form, bool prefixed, std::string_view mnemonic,
                Expr& out, std::string& error) {
    out.terms.clear();
    bool negate = false;
    size_t i = 0;
    if (text.empty()) {
        error = "empty expression";
        return false;
    }
    while (i < text.size()) {
        size_t j = i;
        while (j < text.size() && text[j] != '+' && text[j] != '-') ++j;
        std::string_view tok = text.substr(i, j - i);
        if (tok.empty()) {
            error = "malformed expression '" + std::string(text) + "'";
            return false;
        }
        Term t{nullptr, 0, negate};
        if (tok[0] >= '0' && tok[0] <= '9') {
            for (char c : tok) {
                if (c < '0' || c > '9') {
                    error = "bad number '" + std::string(tok) + "'";
                    return false;
                }
                t.number = t.number * 10 + (c - '0');
            }
        } else {
            t.spec = find_operand(tok, form, prefixed, mnemonic);
            if (!t.spec) {
                error = "unknown operand name '" + std::string(tok) + "'";
                return false;
            }
        }
        out.terms.push_back(t);
        if (j < text.size()) negate = text[j] == '-';
        i = j + 1;
        if (j + 1 == text.size()) {
            error = "expression ends in an operator: '" + std::string(text) + "'";
            return false;
        }
    }
    return true;
}

enum class Cmp : uint8_t { Eq, Ne, Lt, Gt };
struct Condition {
    Expr lhs, rhs;
    Cmp cmp;
    bool holds(uint32_t word, uint32_t prefix) const {
        const int64_t a = lhs.eval(word, prefix), b = rhs.eval(word, prefix);
        switch (cmp) {
            case Cmp::Eq: return a == b;
            case Cmp::Ne: return a != b;
            case Cmp::Lt: return a < b;
            case Cmp::Gt: return a > b;
        }
        return false;
    }
};

// One operand as printed: a row operand, or an alias's expression.
struct PrintItem {
    Expr expr;
    bool in_parens = false;
    bool optional = false;
    int64_t default_value = 0;  // an optional operand's value when omitted
    bool has_kind = false;  // print as `kind` instead of the single operand's own kind
    OperandKind kind = OperandKind::Signed;
};

struct CompiledAlias {
    std::vector<Condition> conditions;
    std::string mnemonic;
    std::vector<PrintItem> items;
};

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    if (text.empty()) return parts;
    size_t pos = 0;
    while (true) {
        const size_t at = text.find(sep, pos);
        parts.push_back(text.substr(pos, at == std::string_view::npos ? at : at - pos));
        if (at == std::string_view::npos) break;
        pos = at + 1;
    }
    return parts;
}

bool parse_items(std::string_view text, Form form, bool prefixed, std::string_view mnemonic,
                 std::vector<PrintItem>& out, std::string& error) {
    out.clear();
    for (std::string_view item : split(text, ',')) {
        bool optional = false;
        if (!item.empty() && item.back() == '?') {
            optional = true;
            item.remove_suffix(1);
        }
        const size_t open = item.find('(');
        if (open != std::string_view::npos) {
            if (item.back() != ')') {
                error = "malformed storage operand '" + std::string(item) + "'";
                return false;
            }
            PrintItem disp, base;
            if (!parse_expr(item.substr(0, open), form, prefixed, mnemonic, disp.expr, error))
                return false;
            if (!parse_expr(item.substr(open + 1, item.size() - open - 2), form, prefixed,
                            mnemonic, base.expr, error))
                return false;
            base.in_parens = true;
            out.push_back(std::move(disp));
            out.push_back(std::move(base));
            continue;
        }
        PrintItem p;
        p.optional = optional;
        static constexpr std::pair<std::string_view, OperandKind> kCasts[] = {
            {"r:", OperandKind::Gpr}, {"f:", OperandKind::Fpr}, {"v:", OperandKind::Vr},
            {"vs:", OperandKind::Vsr}, {"cr:", OperandKind::CrField}};
        for (const auto& [prefix_text, kind] : kCasts) {
            if (item.starts_with(prefix_text)) {
                p.has_kind = true;
                p.kind = kind;
                item.remove_prefix(prefix_text.size());
                break;
            }
        }
        if (!parse_expr(item, form, prefixed, mnemonic, p.expr, error)) return false;
        if (const OperandSpec* s = p.expr.single(); s && s->optional) {
            p.optional = true;
            p.default_value = s->default_value;
        }
        out.push_back(std::move(p));
    }
    return true;
}

bool compile_alias(const AliasRule& rule, Form form, bool prefixed, CompiledAlias& out,
                   std::string& error) {
    const std::string_view mnemonic = rule.base;
    out.conditions.clear();
    for (std::string_view c : split(rule.condition, ',')) {
        static constexpr std::pair<std::string_view, Cmp> kOps[] = {
            {"!=", Cmp::Ne}, {"=", Cmp::Eq}, {"<", Cmp::Lt}, {">", Cmp::Gt}};
        bool found = false;
        for (const auto& [text, cmp] : kOps) {
            const size_t at = c.find(text);
            if (at == std::string_view::npos) continue;
            Condition cond;
            cond.cmp = cmp;
            if (!parse_expr(c.substr(0, at), form, prefixed, mnemonic, cond.lhs, error) ||
                !parse_expr(c.substr(at + text.size()), form, prefixed, mnemonic, cond.rhs, error))
                return false;
            out.conditions.push_back(std::move(cond));
            found = true;
            break;
        }
        if (!found) {
            error = "condition without =, !=, < or >: '" + std::string(c) + "'";
            return false;
        }
    }
    out.mnemonic = std::string(rule.mnemonic);
    return parse_items(rule.operands, form, prefixed, mnemonic, out.items, error);
}

// Per row: its printed operands and the alias rules that apply to it, compiled once.
struct RowPlan {
    // Bits the row leaves '-' that are neither an operand nor a flag bit (Rc, OE, LK, AA): the
    // reserved fields. objdump does not decode a word with any of them set; neither do we.
    uint32_t reserved_word = 0;
    uint32_t reserved_prefix = 0;
    std::vector<PrintItem> items;
    std::vector<CompiledAlias> aliases;
    const OperandSpec* pcrel = nullptr;  // the prefixed R operand, if the row has one
};

RowPlan make_plan(const InsnDesc& d, const std::vector<RowOperand>& operands,
                  std::string& problems) {
    RowPlan plan;
    uint32_t used_word = d.pattern.mask, used_prefix = d.prefix.mask;
    if (d.has(flag::kRc)) used_word |= rc_mask(d);
    if (d.has(flag::kOE)) used_word |= 1u << 10;
    if (d.has(flag::kLk)) used_word |= 1u;
    if (d.has(flag::kAa)) used_word |= 2u;
    for (const RowOperand& ro : operands) {
        used_word |= operand_mask(*ro.spec, false);
        used_prefix |= operand_mask(*ro.spec, true);
    }
    plan.reserved_word = ~used_word;
    plan.reserved_prefix = d.prefixed() ? ~used_prefix : 0;
    for (const RowOperand& ro : operands) {
        PrintItem p;
        p.expr.terms.push_back({ro.spec, 0, false});
        p.in_parens = ro.in_parens;
        p.optional = ro.spec->optional;
        p.default_value = ro.spec->default_value;
        if (ro.spec->kind == OperandKind::PcRelative) plan.pcrel = ro.spec;
        plan.items.push_back(std::move(p));
    }
    for (const AliasRule& rule : kAliases) {
        if (rule.base != d.mnemonic) continue;
        CompiledAlias alias;
        std::string error;
        if (compile_alias(rule, d.form, d.prefixed(), alias, error))
            plan.aliases.push_back(std::move(alias));
        else
            problems += "alias " + std::string(rule.mnemonic) + " of row " + d.mnemonic + ": " +
                        error + "\n";
    }
    return plan;
}

struct Plans {
    std::vector<RowPlan> rows;
    std::string problems;
    Plans() {
        const InsnDesc* table = instruction_table();
        rows.reserve(kInstructionCount);
        for (size_t i = 0; i < kInstructionCount; ++i)
            rows.push_back(make_plan(table[i], row_operands(table[i].op), problems));
    }
};

const Plans& plans() {
    static const Plans p;
    return p;
}

bool is_table_row(const InsnDesc& desc) {
    return desc.op < Op::kCount && &instruction_table()[static_cast<size_t>(desc.op)] == &desc;
}

// ---------------------------------------------------------------------------------------------
// Printing.

std::string hex(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%" PRIx64, v);
    return buf;
}

std::string print_value(const PrintItem& item, int64_t value, const InsnDesc& desc,
                        uint32_t word, uint64_t address) {
    const OperandSpec* spec = item.expr.single();
    if (!spec && !item.has_kind) return std::to_string(value);
    switch (item.has_kind ? item.kind : spec->kind) {
        case OperandKind::Gpr: return "r" + std::to_string(value);
        case OperandKind::GprOrZero: return value == 0 ? "0" : "r" + std::to_string(value);
        case OperandKind::Fpr: return "f" + std::to_string(value);
        case OperandKind::Vr: return "v" + std::to_string(value);
        case OperandKind::Vsr: return "vs" + std::to_string(value);
        case OperandKind::Acc: return "a" + std::to_string(value);
        case OperandKind::CrField: return "cr" + std::to_string(value);
        case OperandKind::CrBit: {
            std::string s;
            if (value >> 2) s = "4*cr" + std::to_string(value >> 2) + "+";
            return s + std::string(kCrBitNames[value & 3]);
        }
        case OperandKind::Signed:
        case OperandKind::Unsigned:
        case OperandKind::PcRelative: return std::to_string(value);
        case OperandKind::BranchTarget: {
            const bool absolute = desc.has(flag::kAa) && field::aa(word);
            const uint64_t target = absolute ? static_cast<uint64_t>(value) & 0xffffffffu
                                             : address + static_cast<uint64_t>(value);
            return "0x" + hex(target);
        }
    }
    return "?";
}

// objdump's layout: the mnemonic, then (if any operand is printed) spaces to column 8 (at least
// one), operands separated by commas, a storage operand's base in parentheses. Optional operands
// are left out when they and every later optional operand are 0.
std::string layout(std::string_view mnemonic, const std::vector<PrintItem>& items,
                   const InsnDesc& desc, uint32_t word, uint32_t prefix, uint64_t address) {
    std::string out(mnemonic);
    const bool pcrel = [&] {
        for (const PrintItem& it : items)
            if (const OperandSpec* s = it.expr.single(); s && s->kind == OperandKind::PcRelative)
                return operand_value(*s, word, prefix) != 0;
        return false;
    }();
    bool first = true, skip_optional = false;
    int64_t displacement = 0;
    bool have_displacement = false;
    for (size_t i = 0; i < items.size(); ++i) {
        const PrintItem& it = items[i];
        const OperandSpec* spec = it.expr.single();
        if (spec && spec->kind == OperandKind::PcRelative) continue;  // shown by the "# target"
        if (it.optional) {
            if (!skip_optional) {
                skip_optional = true;
                for (size_t j = i; j < items.size(); ++j)
                    if (items[j].optional &&
                        items[j].expr.eval(word, prefix) != items[j].default_value)
                        skip_optional = false;
            }
            if (skip_optional) continue;
        }
        if (it.in_parens && pcrel) continue;  // PC-relative: no base register
        const int64_t value = it.expr.eval(word, prefix);
        if (spec && spec->range_count > 0 && spec->ranges[0].in_prefix &&
            spec->kind == OperandKind::Signed && !have_displacement) {
            displacement = value;
            have_displacement = true;
        }
        if (first) {
            out.append(std::max<int>(1, 8 - static_cast<int>(mnemonic.size())), ' ');
            first = false;
        } else if (it.in_parens) {
            out += '(';
        } else {
            out += ',';
        }
        out += print_value(it, value, desc, word, address);
        if (it.in_parens) out += ')';
    }
    if (pcrel && have_displacement) out += "\t# " + hex(address + static_cast<uint64_t>(displacement));
    return out;
}

std::string suffixed(std::string_view name, const InsnDesc& desc, uint32_t word) {
    std::string m(name);
    if (desc.has(flag::kOE) && field::oe(word)) m += 'o';
    if (desc.has(flag::kRc) && (word & rc_mask(desc))) m += '.';
    if (desc.has(flag::kLk) && field::lk(word)) m += 'l';
    if (desc.has(flag::kAa) && field::aa(word)) m += 'a';
    return m;
}

std::string long_word(uint32_t word) { return ".long 0x" + hex(word); }

// Invalid forms that follow from the row's flags and operands (Power ISA 3.1 Book I 1.8.2 and
// the "invalid form" notes of each load/store with update): RA=0 in an update form, RA=RT in a
// load with update, an odd register number where a pair is named, and a PC-relative prefixed
// instruction (R=1) with RA!=0 (Book I 1.6.3.x "prefixed" forms).
bool generic_invalid_form(const InsnDesc& desc, const RowPlan& plan, uint32_t word,
                          uint32_t prefix) {
    const OperandSpec* ra = nullptr;
    const OperandSpec* rt = nullptr;
    const OperandSpec* ra0 = nullptr;
    for (const PrintItem& it : plan.items) {
        const OperandSpec* s = it.expr.single();
        if (!s) continue;
        if (s->even && (operand_value(*s, word, prefix) & 1)) return true;
        if (s->name == "RA") ra = s;
        if (s->name == "RA0") ra0 = s;
        if (s->name == "RT") rt = s;
    }
    if (plan.pcrel && ra0 && operand_value(*plan.pcrel, word, prefix) != 0 &&
        operand_value(*ra0, word, prefix) != 0)
        return true;
    if (desc.has(flag::kUpdate) && ra) {
        const int64_t a = operand_value(*ra, word, prefix);
        if (a == 0) return true;
        if (desc.has(flag::kLoad) && rt && a == operand_value(*rt, word, prefix)) return true;
    }
    return false;
}

// Conditional branch families: the row's operands are BO,BI then BD (bc) or BH (bclr, bcctr,
// bctar).
std::string format_conditional_branch(const InsnDesc& desc, const RowPlan& plan,
                                      std::string_view cell, uint32_t word, uint64_t address) {
    const unsigned bi = field::bi(word);
    if (const size_t bar = cell.find('|'); bar != std::string_view::npos)
        cell = bi == 0 ? cell.substr(0, bar) : cell.substr(bar + 1);
    if (cell == "invalid") return long_word(word);
    std::string_view hint;
    if (!cell.empty() && (cell.back() == '+' || cell.back() == '-')) {
        hint = cell.substr(cell.size() - 1);
        cell.remove_suffix(1);
    }
    const std::string_view row(desc.mnemonic);
    // "bclr" -> "lr", "bcctr" -> "ctr", "bctar" -> "tar", "bc" -> "".
    const std::string_view target_reg = row.substr(2);
    const std::vector<PrintItem>& row_items = plan.items;
    auto item_named = [&](std::string_view name) -> const PrintItem* {
        for (const PrintItem& it : row_items)
            if (const OperandSpec* s = it.expr.single(); s && s->name == name) return &it;
        return nullptr;
    };
    std::vector<PrintItem> items;
    auto keep = [&](std::string_view name) {
        if (const PrintItem* it = item_named(name)) items.push_back(*it);
    };
    std::string name;
    if (cell == "raw") {
        name = suffixed(row, desc, word);
        items = row_items;
    } else {
        if (cell == "F" || cell == "T") {
            name = "b" + std::string((cell == "T" ? kCondTrue : kCondFalse)[bi & 3]);
            // The CR field holding the bit: an optional operand, so CR0 is omitted.
            PrintItem cr;
            cr.optional = true;
            cr.has_kind = true;
            cr.kind = OperandKind::CrField;
            cr.expr.terms.push_back({nullptr, static_cast<int64_t>(bi >> 2), false});
            items.push_back(std::move(cr));
        } else {
            name = std::string(cell);
            if (cell == "bdnzf" || cell == "bdzf" || cell == "bdnzt" || cell == "bdzt") keep("BI");
        }
        name += target_reg;
        if (desc.has(flag::kLk) && field::lk(word)) name += 'l';
        if (desc.has(flag::kAa) && field::aa(word)) name += 'a';
        keep("BD");
        keep("BH");
    }
    name += hint;
    return layout(name, items, desc, word, 0, address);
}

std::string format_spr_move(const InsnDesc& desc, const RowPlan& plan, uint32_t word,
                            uint32_t prefix, uint64_t address, bool to_spr) {
    const unsigned n = field::spr(word);
    for (const SprName& s : kSprNames) {
        if (s.number != n || !(to_spr ? s.mt : s.mf)) continue;
        std::string name = std::string(to_spr ? "mt" : "mf") + std::string(s.name);
        std::vector<PrintItem> items;
        PrintItem reg;
        reg.expr.terms.push_back(
            {find_operand(to_spr ? "RS" : "RT", desc.form, false), 0, false});
        PrintItem index;
        index.expr.terms.push_back({nullptr, s.index, false});
        if (to_spr) {
            if (s.index >= 0) items.push_back(index);
            items.push_back(reg);
        } else {
            items.push_back(reg);
            if (s.index >= 0) items.push_back(index);
        }
        return layout(name, items, desc, word, prefix, address);
    }
    return layout(suffixed(desc.mnemonic, desc, word), plan.items, desc, word, prefix, address);
}

std::string format_with_plan(const InsnDesc& desc, const RowPlan& plan, uint32_t word,
                             uint32_t prefix, uint64_t address);

}  // namespace

std::string format_instruction(const InsnDesc& desc, uint32_t word, uint32_t prefix,
                               uint64_t address) {
    if (!is_table_row(desc)) {
        // A row built elsewhere (tests describing instructions not in the table yet): plan it
        // now. Unknown operand names print as "?".
        std::vector<RowOperand> operands;
        std::string error;
        parse_operands(desc.operands, desc.form, desc.prefixed(), operands, &error, desc.mnemonic);
        const RowPlan plan = make_plan(desc, operands, error);
        return format_with_plan(desc, plan, word, prefix, address);
    }
    return format_with_plan(desc, plans().rows[static_cast<size_t>(desc.op)], word, prefix,
                            address);
}

namespace {
std::string format_with_plan(const InsnDesc& desc, const RowPlan& plan, uint32_t word,
                             uint32_t prefix, uint64_t address) {
    const std::string_view m(desc.mnemonic);
    if ((word & plan.reserved_word) || (prefix & plan.reserved_prefix))
        return long_word(desc.prefixed() ? prefix : word);
    if (m == "bc" || m == "bclr" || m == "bcctr" || m == "bctar") {
        const BranchForm& f = kBranchForms[field::bo(word)];
        const std::string_view cell = m == "bc"     ? f.bc
                                      : m == "bclr" ? f.bclr
                                      : m == "bcctr" ? f.bcctr
                                                     : f.bctar;
        return format_conditional_branch(desc, plan, cell, word, address);
    }
    if (m == "mfspr" || m == "mtspr")
        return format_spr_move(desc, plan, word, prefix, address, m == "mtspr");
    if (generic_invalid_form(desc, plan, word, prefix)) return long_word(desc.prefixed() ? prefix : word);
    for (const CompiledAlias& alias : plan.aliases) {
        bool match = true;
        for (const Condition& c : alias.conditions)
            if (!c.holds(word, prefix)) {
                match = false;
                break;
            }
        if (!match) continue;
        if (alias.mnemonic == ".long") return long_word(desc.prefixed() ? prefix : word);
        return layout(suffixed(alias.mnemonic, desc, word), alias.items, desc, word, prefix,
                      address);
    }
    return layout(suffixed(desc.mnemonic, desc, word), plan.items, desc, word, prefix, address);
}
}  // namespace

Disassembly disassemble(uint32_t word, uint32_t suffix, uint64_t address, const CpuModel* model) {
    Disassembly out;
    const InsnDesc* desc = Decoder::instance().decode(word, suffix);
    if (desc && model && availability(*desc, *model, model->isa) != Availability::Available)
        desc = nullptr;
    if (!desc) {
        out.text = long_word(word);
        return out;
    }
    out.desc = desc;
    if (desc->prefixed()) {
        out.text = format_instruction(*desc, suffix, word, address);
        // An invalid prefixed form prints as its prefix word alone (".long"); like objdump, the
        // suffix is then the next word.
        out.length = out.text.starts_with(".long") ? 4 : 8;
    } else {
        out.text = format_instruction(*desc, word, 0, address);
    }
    return out;
}

std::string check_disassembler_data() {
    std::string problems = plans().problems;
    // Every alias must at least compile against some form (rules for rows not in the table
    // yet are checked with the X form, so a typo in an operand name is still caught).
    for (const AliasRule& rule : kAliases) {
        CompiledAlias alias;
        std::string error;
        if (!compile_alias(rule, Form::X, false, alias, error) &&
            !compile_alias(rule, Form::MLS, true, alias, error))
            problems += "alias " + std::string(rule.mnemonic) + ": " + error + "\n";
    }
    auto check_cell = [&](std::string_view cell) {
        for (std::string_view part : split(cell, '|')) {
            if (!part.empty() && (part.back() == '+' || part.back() == '-')) part.remove_suffix(1);
            static constexpr std::string_view kParts[] = {"bdnzf", "bdzf", "bdnzt", "bdzt", "bdnz",
                                                          "bdz",   "b",    "F",     "T",    "raw",
                                                          "invalid"};
            if (std::find(std::begin(kParts), std::end(kParts), part) == std::end(kParts))
                problems += "branch form cell '" + std::string(cell) + "'\n";
        }
    };
    for (const BranchForm& f : kBranchForms) {
        check_cell(f.bc);
        check_cell(f.bclr);
        check_cell(f.bcctr);
        check_cell(f.bctar);
    }
    return problems;
}

}  // namespace ppcvm::isa
