"""Syntax errors: our own exception, 1-based line/column, a caret under the offending column."""

from __future__ import annotations

import pickle

import pytest

from specgen.lang import (
    LangSyntaxError,
    parse_body,
    parse_condition,
    parse_expression,
    parse_ordering,
    parse_signature,
)


def error_of(parse, text) -> LangSyntaxError:
    with pytest.raises(LangSyntaxError) as info:
        parse(text)
    return info.value


def test_unexpected_token_position_and_caret():
    err = error_of(parse_expression, "!AddrIsGranuleAligned(rd))")
    assert (err.line, err.column) == (1, 26)
    assert str(err).splitlines() == [
        "unexpected ')'; expected end of input at line 1, column 26",
        "!AddrIsGranuleAligned(rd))",
        " " * 25 + "^",
    ]


def test_unexpected_character():
    err = error_of(parse_expression, "a @ b")
    assert (err.line, err.column) == (1, 3)
    assert err.message.startswith("unexpected character '@'")
    assert str(err).endswith("a @ b\n  ^")


def test_error_on_a_later_line_shows_that_line():
    err = error_of(parse_expression, "F(a,\n    b c)")
    assert (err.line, err.column) == (2, 7)
    assert err.offending_line == "    b c)"
    assert str(err).endswith("    b c)\n      ^")


def test_unexpected_end_of_input_points_after_the_text():
    err = error_of(parse_expression, "a ==  ")
    assert err.message.startswith("unexpected end of input")
    assert (err.line, err.column) == (1, 5)
    assert "name" in err.expected and "'('" in err.expected


def test_empty_text():
    err = error_of(parse_expression, "")
    assert (err.line, err.column) == (1, 1)


def test_expected_terminals_are_readable():
    err = error_of(parse_ordering, "[a, b < [c]")
    assert "']'" in err.expected and "','" in err.expected
    assert all(not name.startswith("__") for name in err.expected)


def test_error_in_body():
    text = "begin\n    var x = 1\n    return x;\nend"
    err = error_of(parse_body, text)
    assert (err.line, err.column) == (3, 5)
    assert "';'" in err.expected


def test_error_in_signature():
    err = error_of(parse_signature, "func F(a : ) => T")
    assert (err.line, err.column) == (1, 12)


def test_prose_side_error_is_reported_in_the_whole_condition():
    text = "pre: Cookie is invalid\npost: result == == X"
    err = error_of(lambda t: parse_condition(t, allow_prose=True), text)
    assert (err.line, err.column) == (2, 17)
    assert err.text == text
    assert err.offending_line == "post: result == == X"


def test_error_attributes_and_pickling():
    err = error_of(parse_expression, "a +")
    assert err.text == "a +"
    assert isinstance(err, ValueError)
    again = pickle.loads(pickle.dumps(err))
    assert (again.message, again.line, again.column, again.text) == (
        err.message,
        err.line,
        err.column,
        err.text,
    )


def test_constructed_error_message():
    err = LangSyntaxError("bad thing", 1, 3, "abcdef")
    assert str(err) == "bad thing at line 1, column 3\nabcdef\n  ^"
