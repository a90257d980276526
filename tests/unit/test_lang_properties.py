"""Property tests: random ASTs survive print -> parse and JSON unchanged, and printing is a
fixed point (``print(parse(print(x))) == print(x)``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from specgen.lang import (
    from_json,
    parse_body,
    parse_condition,
    parse_expression,
    parse_expression_or_prose,
    parse_ordering,
    parse_signature,
    print_body,
    print_condition,
    print_expr,
    print_ordering,
    print_signature,
    to_json,
)
from specgen.nodes import (
    ArrayType,
    Assert,
    Assign,
    Binary,
    BitsType,
    BitString,
    Block,
    Boolean,
    Call,
    Case,
    Comment,
    Concat,
    Condition,
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
    Ordering,
    Param,
    Prose,
    Return,
    Slice,
    Unary,
    Var,
    When,
    While,
)
from specgen.lang.operators import BINARY_PRECEDENCE, RESERVED_WORDS, UNARY_OPERATORS

# ---- strategies ----------------------------------------------------------------------------------

identifiers = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True).filter(
    lambda name: name not in RESERVED_WORDS
)


@st.composite
def numbers(draw) -> Number:
    value = draw(st.integers(min_value=0, max_value=2**70))
    style = draw(st.sampled_from(["dec", "hex", "HEX"]))
    text = {"dec": str(value), "hex": f"0x{value:x}", "HEX": f"0x{value:X}"}[style]
    return Number(text, value)


leaves = st.one_of(
    identifiers.map(Name),
    numbers(),
    st.from_regex(r"[01x]{1,8}", fullmatch=True).map(BitString),
    st.booleans().map(Boolean),
)


def _compound(children):
    args = st.lists(children, max_size=3).map(tuple)
    return st.one_of(
        st.builds(Call, identifiers, args),
        st.builds(Member, children, identifiers),
        st.builds(Index, children, children),
        st.builds(Slice, children, children, children),
        st.builds(Concat, st.lists(children, min_size=1, max_size=3).map(tuple)),
        st.builds(Unary, st.sampled_from(UNARY_OPERATORS), children),
        st.builds(Binary, st.sampled_from(sorted(BINARY_PRECEDENCE)), children, children),
    )


expressions = st.recursive(leaves, _compound, max_leaves=16)
small_expressions = st.recursive(leaves, _compound, max_leaves=4)

types = st.recursive(
    st.one_of(identifiers.map(NamedType), st.builds(BitsType, small_expressions)),
    lambda inner: st.builds(ArrayType, small_expressions, inner),
    max_leaves=3,
)

targets = st.recursive(
    identifiers.map(Name),
    lambda inner: st.one_of(
        st.builds(Member, inner, identifiers),
        st.builds(Index, inner, small_expressions),
        st.builds(Slice, inner, small_expressions, small_expressions),
    ),
    max_leaves=3,
)

comment_texts = st.from_regex(r"[A-Za-z0-9 (),.:=;]{0,24}", fullmatch=True).map(str.strip)

simple_statements = st.one_of(
    st.builds(Var, identifiers, st.none() | types, st.none() | small_expressions),
    st.builds(Assign, targets, small_expressions),
    st.builds(Return, st.none() | small_expressions),
    st.builds(Assert, small_expressions),
    st.builds(ExprStmt, small_expressions),
    st.builds(Comment, comment_texts),
)


def _blocks(statements):
    return st.lists(statements, max_size=3).map(lambda items: Block(tuple(items)))


def _compound_statements(statements):
    blocks = _blocks(statements)
    return st.one_of(
        st.builds(
            If,
            small_expressions,
            blocks,
            st.lists(st.builds(ElsIf, small_expressions, blocks), max_size=2).map(tuple),
            st.none() | blocks,
        ),
        st.builds(For, identifiers, small_expressions, st.sampled_from(["to", "downto"]),
                  small_expressions, blocks),
        st.builds(While, small_expressions, blocks),
        st.builds(
            Case,
            small_expressions,
            st.lists(
                st.builds(When, st.lists(small_expressions, min_size=1, max_size=2).map(tuple),
                          blocks),
                max_size=3,
            ).map(tuple),
            st.none() | blocks,
        ),
    )  # fmt: skip


statements = st.recursive(simple_statements, _compound_statements, max_leaves=8)
bodies = _blocks(statements)

signatures = st.builds(
    FunctionSig,
    identifiers,
    st.lists(st.builds(Param, identifiers, types), max_size=4).map(tuple),
    st.none() | types,
)

orderings = st.builds(
    Ordering,
    st.lists(identifiers, min_size=1, max_size=4).map(tuple),
    st.lists(identifiers, min_size=1, max_size=4).map(tuple),
)

conditions = st.builds(Condition, st.none() | expressions, expressions)

prose_texts = st.builds(
    lambda words, stop: " ".join(words) + ("." if stop else ""),
    st.lists(st.from_regex(r"[A-Za-z][a-z]{1,7}", fullmatch=True), min_size=2, max_size=8),
    st.booleans(),
)

# Parsers are built on first use; a deadline would make that first example flaky.
fast = settings(deadline=None, max_examples=150)
# Statement trees are expensive to generate; fewer examples keep the suite quick.
slow = settings(deadline=None, max_examples=60)


def _assert_round_trip(node, printer, parse):
    text = printer(node)
    again = parse(text)
    assert again == node, text
    assert printer(again) == text
    assert from_json(to_json(node)) == node


# ---- properties ----------------------------------------------------------------------------------


@fast
@given(expressions)
def test_expressions_round_trip(expr):
    _assert_round_trip(expr, print_expr, parse_expression)


@fast
@given(conditions)
def test_conditions_round_trip(condition):
    _assert_round_trip(condition, print_condition, parse_condition)


@fast
@given(orderings)
def test_orderings_round_trip(ordering):
    _assert_round_trip(ordering, print_ordering, parse_ordering)


@slow
@given(signatures)
def test_signatures_round_trip(signature):
    _assert_round_trip(signature, print_signature, parse_signature)


@slow
@given(bodies)
def test_bodies_round_trip(block):
    _assert_round_trip(block, print_body, parse_body)


@fast
@given(prose_texts)
def test_prose_round_trips(text):
    node = parse_expression_or_prose(text)
    assert node == Prose(text)
    assert parse_expression_or_prose(print_expr(node)) == node


@fast
@given(expressions)
def test_spans_do_not_affect_equality(expr):
    text = print_expr(expr)
    spaced = parse_expression("  (" + text.replace(" ", "\n  ") + ")  ")
    assert spaced == parse_expression(text)
