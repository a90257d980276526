"""Expressions, conditions, prose and ordering statements: one test per construct."""

from __future__ import annotations

import pytest

from specgen.lang import (
    LangSyntaxError,
    condition_from_parts,
    is_prose,
    parse_condition,
    parse_expression,
    parse_expression_or_prose,
    parse_ordering,
)
from specgen.nodes import (
    Binary,
    BitString,
    Boolean,
    Call,
    Concat,
    Condition,
    Index,
    Member,
    Name,
    Number,
    Ordering,
    Prose,
    Slice,
    Unary,
)

N = Name


def num(value: int, text: str | None = None) -> Number:
    return Number(text if text is not None else str(value), value)


# ---- atoms -------------------------------------------------------------------------------------


def test_name():
    assert parse_expression("RMI_ERROR_INPUT") == N("RMI_ERROR_INPUT")


def test_name_with_leading_underscore():
    # "prev_pre._num_aux" (RMI_PDEV_DESTROY footprint, 1.1)
    assert parse_expression("prev_pre._num_aux") == Member(N("prev_pre"), "_num_aux")


def test_decimal_number_keeps_text_and_value():
    assert parse_expression("48") == Number("48", 48)


def test_hex_number_keeps_text_and_value():
    assert parse_expression("0x1000") == Number("0x1000", 0x1000)


def test_hex_and_decimal_spellings_are_different_asts():
    assert parse_expression("0x10") != parse_expression("16")


def test_bit_string():
    assert parse_expression("'1'") == BitString("1")


@pytest.mark.parametrize("text, value", [("TRUE", True), ("FALSE", False)])
def test_booleans(text, value):
    assert parse_expression(text) == Boolean(value)


def test_names_starting_with_keywords_are_names():
    assert parse_expression("TRUEISH") == N("TRUEISH")
    assert parse_expression("DIVISOR") == N("DIVISOR")


# ---- postfix -----------------------------------------------------------------------------------


def test_call_without_arguments():
    assert parse_expression("Zeros()") == Call("Zeros", ())


def test_call_with_arguments():
    assert parse_expression("ResultEqual(result, RMI_ERROR_RTT, walk.level)") == Call(
        "ResultEqual", (N("result"), N("RMI_ERROR_RTT"), Member(N("walk"), "level"))
    )


def test_call_wrapped_over_lines():
    assert parse_expression("RimExtendData(\n    realm, ipa)") == Call(
        "RimExtendData", (N("realm"), N("ipa"))
    )


def test_member_chain_is_left_nested():
    assert parse_expression("walk.rtte.state") == Member(Member(N("walk"), "rtte"), "state")


def test_member_of_call():
    assert parse_expression("Granule(rd).state") == Member(Call("Granule", (N("rd"),)), "state")


def test_member_of_call_result_call():
    assert parse_expression("ImplFeatures().max_mecid") == Member(
        Call("ImplFeatures", ()), "max_mecid"
    )


def test_index():
    assert parse_expression("Rec(rec).gprs[0]") == Index(
        Member(Call("Rec", (N("rec"),)), "gprs"), num(0)
    )


def test_index_by_expression():
    assert parse_expression("sorted[i - 1]") == Index(N("sorted"), Binary("-", N("i"), num(1)))


def test_chained_index_and_member():
    assert parse_expression("realm.overlay_perms[plane_index].values[perm_index]") == Index(
        Member(Index(Member(N("realm"), "overlay_perms"), N("plane_index")), "values"),
        N("perm_index"),
    )


def test_slice():
    assert parse_expression("value[63:0]") == Slice(N("value"), num(63), num(0))


def test_slice_with_spaces():
    assert parse_expression("rmm_mpidr[ 3: 0]") == Slice(N("rmm_mpidr"), num(3), num(0))


def test_slice_with_expression_bounds():
    assert parse_expression("value[(ADDRESS_WIDTH-1):0]") == Slice(
        N("value"), Binary("-", N("ADDRESS_WIDTH"), num(1)), num(0)
    )


def test_slice_of_parenthesised_expression():
    expr = parse_expression("(UInt(rtt_base) + i * RMM_GRANULE_SIZE)[(ADDRESS_WIDTH-1):0]")
    assert isinstance(expr, Slice)
    assert expr.obj == Binary(
        "+", Call("UInt", (N("rtt_base"),)), Binary("*", N("i"), N("RMM_GRANULE_SIZE"))
    )


def test_concatenation():
    assert parse_expression("[ challenge_0, challenge_1 ]") == Concat(
        (N("challenge_0"), N("challenge_1"))
    )


def test_slice_of_concatenation():
    expr = parse_expression("[value_0, value_1][ (RMM_REALM_MEASUREMENT_WIDTH-1):0]")
    assert expr == Slice(
        Concat((N("value_0"), N("value_1"))),
        Binary("-", N("RMM_REALM_MEASUREMENT_WIDTH"), num(1)),
        num(0),
    )


# ---- operators and precedence -----------------------------------------------------------------


def test_not():
    assert parse_expression("!AddrIsGranuleAligned(rd)") == Unary(
        "!", Call("AddrIsGranuleAligned", (N("rd"),))
    )


def test_parentheses_build_no_node():
    assert parse_expression("(!AddrIsGranuleAligned(rd))") == parse_expression(
        "!AddrIsGranuleAligned(rd)"
    )
    assert parse_expression("((a))") == N("a")


def test_negation():
    assert parse_expression("-1") == Unary("-", num(1))


@pytest.mark.parametrize("op", ["==", "!=", "<", "<=", ">", ">="])
def test_comparisons(op):
    assert parse_expression(f"a {op} b") == Binary(op, N("a"), N("b"))


def test_comparisons_are_not_associative():
    with pytest.raises(LangSyntaxError):
        parse_expression("a == b == c")


@pytest.mark.parametrize("op", ["+", "-", "*", "/", "DIV", "MOD", "&&", "||"])
def test_left_associative_operators(op):
    assert parse_expression(f"a {op} b {op} c") == Binary(op, Binary(op, N("a"), N("b")), N("c"))


def test_power_is_right_associative():
    assert parse_expression("2^2^3") == Binary("^", num(2), Binary("^", num(2), num(3)))


def test_power_forms_of_the_spec():
    assert parse_expression("2^48") == Binary("^", num(2), num(48))
    assert parse_expression("2 ^ Realm(rd).ipa_width") == Binary(
        "^", num(2), Member(Call("Realm", (N("rd"),)), "ipa_width")
    )
    assert parse_expression("2^(realm.ipa_width - 1)") == Binary(
        "^", num(2), Binary("-", Member(N("realm"), "ipa_width"), num(1))
    )


def test_or_binds_looser_than_and():
    assert parse_expression("a || b && c") == Binary("||", N("a"), Binary("&&", N("b"), N("c")))


def test_and_binds_looser_than_comparison():
    assert parse_expression("a == b && c != d") == Binary(
        "&&", Binary("==", N("a"), N("b")), Binary("!=", N("c"), N("d"))
    )


def test_comparison_binds_looser_than_addition():
    assert parse_expression("a + 1 >= b") == Binary(">=", Binary("+", N("a"), num(1)), N("b"))


def test_addition_binds_looser_than_multiplication():
    assert parse_expression("a + b * c") == Binary("+", N("a"), Binary("*", N("b"), N("c")))


def test_multiplication_binds_looser_than_power():
    assert parse_expression("a * 2^b") == Binary("*", N("a"), Binary("^", num(2), N("b")))


def test_unary_binds_tighter_than_power():
    assert parse_expression("-a^b") == Binary("^", Unary("-", N("a")), N("b"))


def test_not_binds_tighter_than_comparison():
    assert parse_expression("!a == b") == Binary("==", Unary("!", N("a")), N("b"))


def test_postfix_binds_tighter_than_unary():
    assert parse_expression("!a.b") == Unary("!", Member(N("a"), "b"))


def test_binary_minus_and_unary_minus():
    assert parse_expression("a - -b") == Binary("-", N("a"), Unary("-", N("b")))


# ---- continuation glyph --------------------------------------------------------------------------


def test_listing_continuation_glyph_is_ignored():
    # "RttEntryFromDescriptor(desc\n,→)" — a wrapped context value (RMI_RTT_MAP_UNPROTECTED)
    assert parse_expression("RttEntryFromDescriptor(desc ,→)") == Call(
        "RttEntryFromDescriptor", (N("desc"),)
    )
    assert parse_expression("RdevFromVdevId(realm, ,→vdev_id)") == Call(
        "RdevFromVdevId", (N("realm"), N("vdev_id"))
    )
    assert parse_expression("CurrentRealm().measurements ,→[index]") == Index(
        Member(Call("CurrentRealm", ()), "measurements"), N("index")
    )


# ---- conditions and prose ------------------------------------------------------------------------


def test_failure_condition():
    condition = parse_condition(
        "pre: !AddrIsGranuleAligned(rd)\npost: ResultEqual(result, RMI_ERROR_INPUT)"
    )
    assert condition == Condition(
        Unary("!", Call("AddrIsGranuleAligned", (N("rd"),))),
        Call("ResultEqual", (N("result"), N("RMI_ERROR_INPUT"))),
    )


def test_success_condition_without_pre():
    assert parse_condition("Granule(data).state == DATA") == Condition(
        None, Binary("==", Member(Call("Granule", (N("data"),)), "state"), N("DATA"))
    )


def test_pre_and_post_as_names_inside_expressions():
    assert parse_condition("pre: pre_x == post post: x[pre:0]") == Condition(
        Binary("==", N("pre_x"), N("post")), Slice(N("x"), N("pre"), num(0))
    )


def test_prose_success_condition():
    node = parse_expression_or_prose("Contents of target Granule\n are wiped.")
    assert node == Prose("Contents of target Granule are wiped.")


@pytest.mark.parametrize(
    "text",
    [
        "Contents of target Granule are wiped.",
        "rec.emulatable_abort is updated.",
        "psci_func_id is a supported PSCI function.",
        "Cookie is invalid",
        "Key is invalid, for example length is invalid for specified signature algorithm.",
        "gerr_addr is programmed to SMMU_R_GERROR_IRQ_CFG0 with NS bit set.",
    ],
)
def test_is_prose(text):
    assert is_prose(text)


@pytest.mark.parametrize(
    "text",
    [
        "walk.rtte.state == ASSIGNED",
        "realm.state == REALM_SYSTEM_OFF Following execution of PSCI_SYSTEM_OFF.",
        "GranuleAt(pdev_ptr).state aux_state AuxStates(pdev.aux)",
        "x ==",
    ],
)
def test_is_not_prose(text):
    assert not is_prose(text)


def test_two_plain_words_read_as_prose():
    # By design: the rule is simple, and an expression never juxtaposes two identifiers.
    assert is_prose("a b")
    assert not is_prose("a_1 b_2")  # identifiers with digits/underscores are not plain words


def test_expression_followed_by_prose_is_an_error_not_prose():
    with pytest.raises(LangSyntaxError):
        parse_expression_or_prose(
            "realm.state == REALM_SYSTEM_OFF Following execution of PSCI_SYSTEM_OFF, "
            "control does not return to the caller."
        )


def test_condition_with_prose_pre_needs_permission():
    text = "pre: Cookie is invalid\npost: result == RSI_ERROR_INPUT"
    with pytest.raises(LangSyntaxError):
        parse_condition(text)
    assert parse_condition(text, allow_prose=True) == Condition(
        Prose("Cookie is invalid"), Binary("==", N("result"), N("RSI_ERROR_INPUT"))
    )


def test_lone_prose_condition():
    assert parse_condition("Contents of target Granule are wiped.", allow_prose=True) == (
        Condition(None, Prose("Contents of target Granule are wiped."))
    )


def test_condition_from_parts():
    assert condition_from_parts("Token generation is complete.", "result == X") == Condition(
        Prose("Token generation is complete."), Binary("==", N("result"), N("X"))
    )
    assert condition_from_parts(None, "a") == Condition(None, N("a"))


def test_condition_from_parts_without_prose():
    with pytest.raises(LangSyntaxError):
        condition_from_parts("Cookie is invalid", "a", allow_prose=False)


# ---- orderings ---------------------------------------------------------------------------------


def test_ordering():
    assert parse_ordering("[rd_bound, rd_state] < [realm_state]") == Ordering(
        ("rd_bound", "rd_state"), ("realm_state",)
    )


def test_ordering_with_continuation_glyph():
    # RMI_REC_ENTER: "[rec_state,\n,→ rec_runnable, …]"
    assert parse_ordering("[a] < [rec_state, ,→ rec_runnable, rec_mmio]") == Ordering(
        ("a",), ("rec_state", "rec_runnable", "rec_mmio")
    )


@pytest.mark.parametrize("text", ["[] < [a]", "[a] > [b]", "[a, ] < [b]", "[a] < [b] x"])
def test_malformed_orderings(text):
    with pytest.raises(LangSyntaxError):
        parse_ordering(text)


# ---- spans -------------------------------------------------------------------------------------


def test_spans_are_relative_to_the_parsed_string():
    expr = parse_expression("a &&\n  !F(x)")
    assert expr.span.line == 1 and expr.span.column == 1
    assert expr.right.span.line == 2 and expr.right.span.column == 3
    assert expr.right.operand.args[0].span.column == 6


def test_spans_are_ignored_by_equality():
    assert parse_expression("a+b") == parse_expression("  a +\n b")
    assert parse_expression("a+b").span != parse_expression("  a +\n b").span


def test_spans_of_a_prose_condition_are_relative_to_the_whole_text():
    condition = parse_condition("pre: Cookie is invalid\npost: result == X", allow_prose=True)
    assert condition.pre.span.line == 1 and condition.pre.span.column == 6
    assert condition.post.span.line == 2 and condition.post.span.column == 7
    assert condition.post.right.span.column == 17
