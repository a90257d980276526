"""Function signatures, types and statement bodies: one test per construct."""

from __future__ import annotations

import pytest

from specgen.lang import LangSyntaxError, parse_body, parse_signature, parse_type
from specgen.nodes import (
    ArrayType,
    Assert,
    Assign,
    Binary,
    BitsType,
    Block,
    Boolean,
    Call,
    Case,
    Comment,
    ElsIf,
    ExprStmt,
    For,
    FunctionSig,
    If,
    Index,
    Member,
    Name,
    NamedType,
    Number,
    Param,
    Return,
    Slice,
    Unary,
    Var,
    When,
    While,
)

N = Name


def num(value: int) -> Number:
    return Number(str(value), value)


def body(*statements) -> Block:
    return Block(tuple(statements))


# ---- types -------------------------------------------------------------------------------------


def test_named_type():
    assert parse_type("RmmRealm") == NamedType("RmmRealm")


def test_bits_type():
    assert parse_type("bits(64)") == BitsType(num(64))


def test_bits_type_with_expression_width():
    # ReadMemory(…) => bits(size * 8)
    assert parse_type("bits(size * 8)") == BitsType(Binary("*", N("size"), num(8)))


def test_array_type():
    assert parse_type("array [16] of Address") == ArrayType(num(16), NamedType("Address"))


def test_array_type_without_space():
    assert parse_type("array[3] of bits(16)") == ArrayType(num(3), BitsType(num(16)))


@pytest.mark.parametrize("text", ["bits", "array", "array [16]", "bits()"])
def test_incomplete_types(text):
    with pytest.raises(LangSyntaxError):
        parse_type(text)


# ---- signatures ----------------------------------------------------------------------------------


def test_signature():
    sig = parse_signature(
        "func AddrInRange(addr : Address, base : Address, size : integer) => boolean"
    )
    assert sig == FunctionSig(
        "AddrInRange",
        (
            Param("addr", NamedType("Address")),
            Param("base", NamedType("Address")),
            Param("size", NamedType("integer")),
        ),
        NamedType("boolean"),
    )


def test_signature_wrapped_over_lines():
    text = "func AuxAlias(\n    rec : Address,\n    aux : array [16] of Address,\n    count : integer) => boolean"
    sig = parse_signature(text)
    assert sig.params[1] == Param("aux", ArrayType(num(16), NamedType("Address")))


def test_signature_without_parameters():
    assert parse_signature("func CurrentRealm() => RmmRealm") == FunctionSig(
        "CurrentRealm", (), NamedType("RmmRealm")
    )


def test_signature_without_return_type():
    # AuxStates, RttsGranuleState: "inductive" functions used in footprints
    sig = parse_signature("func RttsGranuleState(rtt_base : Address, rtt_num_start : integer)")
    assert sig.returns is None


def test_signature_return_type_array():
    sig = parse_signature(
        "func AuxSort(addrs : array [16] of Address, count : integer) => array [16] of Address"
    )
    assert sig.returns == ArrayType(num(16), NamedType("Address"))


# ---- statements ----------------------------------------------------------------------------------


def test_return():
    assert parse_body("begin return TRUE; end") == body(Return(Boolean(True)))


def test_return_without_value():
    assert parse_body("begin return; end") == body(Return(None))


def test_var_with_initialiser():
    assert parse_body("begin var size = UInt(top) - UInt(base); end") == body(
        Var("size", None, Binary("-", Call("UInt", (N("top"),)), Call("UInt", (N("base"),))))
    )


def test_var_with_type_and_initialiser():
    assert parse_body("begin var fid : bits(64) = calling_rec.gprs[0]; end") == body(
        Var("fid", BitsType(num(64)), Index(Member(N("calling_rec"), "gprs"), num(0)))
    )


def test_var_declaration_only():
    assert parse_body("begin var flags : RmiPdevFlags; end") == body(
        Var("flags", NamedType("RmiPdevFlags"), None)
    )


def test_assignment_to_name_member_index_slice():
    text = "begin a = 1; flags.spdm = RMI_SPDM_TRUE; x[i] = 0; v[3:0] = w; end"
    assert parse_body(text) == body(
        Assign(N("a"), num(1)),
        Assign(Member(N("flags"), "spdm"), N("RMI_SPDM_TRUE")),
        Assign(Index(N("x"), N("i")), num(0)),
        Assign(Slice(N("v"), num(3), num(0)), N("w")),
    )


def test_assignment_to_an_operator_expression_is_rejected():
    with pytest.raises(LangSyntaxError):
        parse_body("begin a + b = 1; end")


def test_if_then_end():
    text = "begin if sorted[i] == rec then return TRUE; end end"
    assert parse_body(text) == body(
        If(
            Binary("==", Index(N("sorted"), N("i")), N("rec")),
            body(Return(Boolean(True))),
            (),
            None,
        )
    )


def test_if_elsif_else():
    text = "begin if a then x = 1; elsif b then x = 2; elsif c then else x = 3; end end"
    assert parse_body(text) == body(
        If(
            N("a"),
            body(Assign(N("x"), num(1))),
            (ElsIf(N("b"), body(Assign(N("x"), num(2)))), ElsIf(N("c"), body())),
            body(Assign(N("x"), num(3))),
        )
    )


def test_for_loop():
    text = "begin for i = 0 to count - 1 do assert i >= 0; end end"
    assert parse_body(text) == body(
        For(
            "i",
            num(0),
            "to",
            Binary("-", N("count"), num(1)),
            body(Assert(Binary(">=", N("i"), num(0)))),
        )
    )


def test_for_downto():
    assert parse_body("begin for i = 3 downto 0 do end end") == body(
        For("i", num(3), "downto", num(0), body())
    )


def test_while_loop():
    text = "begin while (UInt(addr) < UInt(top)) do addr = ToAddress(UInt(addr) + size); end end"
    stmt = parse_body(text).statements[0]
    assert isinstance(stmt, While)
    assert stmt.condition == Binary("<", Call("UInt", (N("addr"),)), Call("UInt", (N("top"),)))


def test_case_statement():
    text = """begin
        case Granule(addr).gpt of
            when GPT_NS     => return (pas == PAS_NS);
            when GPT_AAP    => return TRUE;
        end
    end"""
    subject = Member(Call("Granule", (N("addr"),)), "gpt")
    assert parse_body(text) == body(
        Case(
            subject,
            (
                When((N("GPT_NS"),), body(Return(Binary("==", N("pas"), N("PAS_NS"))))),
                When((N("GPT_AAP"),), body(Return(Boolean(True)))),
            ),
            None,
        )
    )


def test_case_with_several_patterns_and_otherwise():
    text = "begin case x of when A, B => y = 1; y = 2; otherwise => return; end end"
    assert parse_body(text) == body(
        Case(
            N("x"),
            (When((N("A"), N("B")), body(Assign(N("y"), num(1)), Assign(N("y"), num(2)))),),
            body(Return(None)),
        )
    )


def test_case_arm_statement_on_next_line():
    text = "begin case prot of when RTT_PROTECTED =>\n return a == b; end end"
    (case,) = parse_body(text).statements
    assert case.arms[0].body == body(Return(Binary("==", N("a"), N("b"))))


def test_assert():
    assert parse_body("begin assert 0 <= count && count <= 16; end") == body(
        Assert(Binary("&&", Binary("<=", num(0), N("count")), Binary("<=", N("count"), num(16))))
    )


def test_call_statement():
    assert parse_body("begin Foo(x); end") == body(ExprStmt(Call("Foo", (N("x"),))))


def test_comments_are_statements():
    text = "begin\n  // Omitted: encode reg\n  x = 1; // trailing\nend"
    assert parse_body(text) == body(
        Comment("Omitted: encode reg"), Assign(N("x"), num(1)), Comment("trailing")
    )


def test_bare_statement_list():
    assert parse_body("return !a;") == body(Return(Unary("!", N("a"))))


def test_keywords_are_names_where_no_keyword_fits():
    # "out" and "to" are only keywords in their place; "end" as a field name is fine too.
    assert parse_body("begin var out_addr : Address = out; x = r.end; end") == body(
        Var("out_addr", NamedType("Address"), N("out")), Assign(N("x"), Member(N("r"), "end"))
    )


@pytest.mark.parametrize(
    "text",
    [
        "begin return TRUE end",  # missing ';'
        "begin if a then return; end",  # missing outer 'end'
        "begin for i = 0 do end end",  # missing 'to'
        "begin case x of when => return; end end",  # missing pattern
        "begin var : integer; end",  # missing name
    ],
)
def test_malformed_bodies(text):
    with pytest.raises(LangSyntaxError):
        parse_body(text)


def test_body_spans():
    block = parse_body("begin\n    var x = 1;\n    return x;\nend")
    assert block.span.line == 1
    assert block.statements[1].span.line == 3 and block.statements[1].span.column == 5
