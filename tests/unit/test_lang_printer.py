"""Canonical printing: minimal parentheses, fixed spacing, statements and signatures."""

from __future__ import annotations

import pytest

from specgen.lang import (
    parse_body,
    parse_condition,
    parse_expression,
    parse_ordering,
    parse_signature,
    print_body,
    print_condition,
    print_expr,
    print_node,
    print_ordering,
    print_signature,
    print_statement,
)
from specgen.nodes import Binary, Name, Prose, Unary


def canonical(text: str) -> str:
    return print_expr(parse_expression(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(!AddrIsGranuleAligned(rd))", "!AddrIsGranuleAligned(rd)"),
        ("((realm.feat_lpa2 == FEATURE_FALSE) && (UInt(data) >= 2^48))",
         "realm.feat_lpa2 == FEATURE_FALSE && UInt(data) >= 2^48"),
        ("(UInt(ipa) >= (2 ^ realm.ipa_width) || AddrIsProtected(ipa, realm))",
         "UInt(ipa) >= 2^realm.ipa_width || AddrIsProtected(ipa, realm)"),
        ("a || (b && c)", "a || b && c"),
        ("(a || b) && c", "(a || b) && c"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a - b) - c", "a - b - c"),
        ("(2^3)^4", "(2^3)^4"),
        ("2^(3^4)", "2^3^4"),
        ("(a == b) == c", "(a == b) == c"),
        ("a == (b == c)", "a == (b == c)"),
        ("!(a == b)", "!(a == b)"),
        ("(-a)^b", "-a^b"),
        ("-(a^b)", "-(a^b)"),
        ("(!a).b", "(!a).b"),
        ("(x + y)[(W-1):0]", "(x + y)[W - 1:0]"),
        ("rmm_mpidr[ 3: 0]", "rmm_mpidr[3:0]"),
        ("RimExtendData( realm, ipa)", "RimExtendData(realm, ipa)"),
        ("[ a,b ]", "[a, b]"),
        ("a DIV b MOD c", "a DIV b MOD c"),
        ("a - -b", "a - -b"),
        ("0x1000 + '10'", "0x1000 + '10'"),
        ("TRUE && FALSE", "TRUE && FALSE"),
    ],
)  # fmt: skip
def test_canonical_expressions(text, expected):
    assert canonical(text) == expected


def test_printing_is_idempotent_on_spec_text():
    text = "(UInt(ipa) + (RttLevelSize(walk.level) - 1) >= UInt(vsmmu.reg_top))"
    once = canonical(text)
    assert canonical(once) == once
    assert once == "UInt(ipa) + (RttLevelSize(walk.level) - 1) >= UInt(vsmmu.reg_top)"


def test_hand_built_asts_get_the_parentheses_they_need():
    a, b, c = Name("a"), Name("b"), Name("c")
    assert print_expr(Binary("*", Binary("+", a, b), c)) == "(a + b) * c"
    assert print_expr(Unary("-", Binary("-", a, b))) == "-(a - b)"
    assert print_expr(Binary("&&", a, Binary("||", b, c))) == "a && (b || c)"


def test_condition_printing():
    condition = parse_condition("pre: (a == b) post: ResultEqual(result, X)")
    assert print_condition(condition) == "pre: a == b\npost: ResultEqual(result, X)"
    assert parse_condition(print_condition(condition)) == condition
    assert print_condition(parse_condition("x")) == "x"


def test_prose_prints_as_its_text():
    assert print_expr(Prose("Contents of target Granule are wiped.")) == (
        "Contents of target Granule are wiped."
    )


def test_ordering_printing():
    ordering = parse_ordering("[ rd_bound,rd_state ]<[realm_state]")
    assert print_ordering(ordering) == "[rd_bound, rd_state] < [realm_state]"


def test_signature_printing():
    sig = parse_signature(
        "func AuxAlias(\n  rec : Address,\n  aux : array[16] of bits(64)) => boolean"
    )
    assert print_signature(sig) == (
        "func AuxAlias(rec : Address, aux : array [16] of bits(64)) => boolean"
    )
    assert print_signature(parse_signature("func F()")) == "func F()"


BODY = """begin
    var size : integer = RttLevelSize(level);
    // walk the range
    for i = 0 to count - 1 do
        if i >= 1 && sorted[i] == sorted[i - 1] then
            return TRUE;
        elsif i == 0 then
            x.y = 1;
        else
            Foo(i);
        end
    end
    while UInt(addr) < UInt(top) do
        addr = ToAddress(UInt(addr) + size);
    end
    case encoding of
        when S2AP_DIRECT, S2AP_INDIRECT =>
            assert TRUE;
        otherwise =>
            return;
    end
    return FALSE;
end"""


def test_body_printing_is_canonical():
    assert print_body(parse_body(BODY)) == BODY


def test_body_printing_normalises_layout():
    messy = "begin var x=1;if(a)then return(x);end end"
    assert print_body(parse_body(messy)) == (
        "begin\n    var x = 1;\n    if a then\n        return x;\n    end\nend"
    )


def test_print_statement_indents():
    (stmt,) = parse_body("begin if a then return; end end").statements
    assert print_statement(stmt, 1) == "    if a then\n        return;\n    end"


def test_print_node_dispatches():
    assert print_node(parse_expression("(a)")) == "a"
    assert print_node(parse_ordering("[a] < [b]")) == "[a] < [b]"
    assert print_node(parse_body("return;")) == "begin\n    return;\nend"
    assert print_node(parse_signature("func F() => T")) == "func F() => T"
