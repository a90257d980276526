"""The filters between PDF text and generated code: validation and escaping."""

from __future__ import annotations

import ast as python_ast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from specgen.generate.environment import environment
from specgen.generate.errors import UnsafeText
from specgen.generate.filters import c_comment, c_identifier, c_string, py_comment, py_identifier, py_string
from specgen.generate.formatting import format_python, is_black_clean


@pytest.mark.parametrize("name", ["rd", "RMI_DATA_CREATE", "_x1"])
def test_identifiers_pass(name):
    assert py_identifier(name) == name and c_identifier(name) == name


@pytest.mark.parametrize("name", ["", "1x", "a-b", "os.system('x')", "class", "a b", "é", "x\n", None])
def test_bad_python_identifiers_are_refused(name):
    with pytest.raises(UnsafeText):
        py_identifier(name)


@pytest.mark.parametrize("name", ["int", "struct", "__x", "_Reserved", "a;b", "delete"])
def test_bad_c_identifiers_are_refused(name):
    with pytest.raises(UnsafeText):
        c_identifier(name)


@given(st.text())
def test_py_string_is_one_literal_with_the_same_text(text):
    literal = py_string(text)
    tree = python_ast.parse(literal, mode="eval")
    assert isinstance(tree.body, python_ast.Constant) and "\n" not in literal
    assert tree.body.value == " ".join("".join(c if c.isprintable() else " " for c in __import__("unicodedata").normalize("NFKC", text)).split())


@given(st.text())
def test_comments_cannot_be_closed_or_broken(text):
    body = c_comment(text)
    assert "*/" not in body and "/*" not in body and "\n" not in body and "??" not in body and "\\" not in body
    assert body.isascii()
    assert "\n" not in py_comment(text)


@given(st.text())
def test_c_string_stays_one_literal(text):
    literal = c_string(text)
    assert literal.startswith('"') and literal.endswith('"') and literal.isascii() and "\n" not in literal
    inner = literal[1:-1].replace("\\\\", "").replace('\\"', "").replace("\\?", "")
    assert '"' not in inner and "\\" not in inner


def test_environment_is_strict():
    import jinja2

    template = environment().from_string("{{ missing }}")
    with pytest.raises(jinja2.UndefinedError):
        template.render()


def test_black_is_pinned():
    assert format_python("x = ( 1 )\n") == "x = 1\n" and is_black_clean("x = 1\n")


def test_py_literal_renders_plain_data_only():
    from specgen.generate.filters import py_literal

    assert py_literal({"X1": 0x8000_0000, "n": 9, "s": "a'b"}) == "{'X1': 0x80000000, 'n': 9, 's': \"a'b\"}"
    assert py_literal([(1,), None, True, -12]) == "[(1,), None, True, -0xc]"
    import ast as pyast

    assert pyast.literal_eval(py_literal({"k": [1, (2, "x\ny")]})) == {"k": [1, (2, "x y")]}
    with pytest.raises(UnsafeText):
        py_literal(object())


# -- C comments: transliteration, blocks, line width --------------------------------------

from specgen.generate.filters import (  # noqa: E402
    C_LINE_WIDTH,
    c_arguments,
    c_ascii,
    c_block_comment,
    c_commented,
    c_note,
    c_width,
)


@pytest.mark.parametrize("text, ascii_text", [
    ("\u2022 During discovery", "- During discovery"),
    ("a \u2260 b, c \u2265 d, e \u2264 f", "a != b, c >= d, e <= f"),
    ("\u201cquoted\u201d and \u2018single\u2019", "\"quoted\" and 'single'"),
    ("X \u2192 Y \u2190 Z", "X -> Y <- Z"),
    ("caf\u00e9 na\u00efve", "cafe naive"),
    ("\ufb01rst \u2013 last\u2026", "first - last..."),
    ("Arm\u00ae", "Arm(R)"),
    ("\u2203 x", "exists x"),
    ("\u4e2d", "<U+4E2D>"),  # no transliteration: named, never '?'
])
def test_c_ascii_transliterates(text, ascii_text):
    assert c_ascii(text) == ascii_text


@given(st.lists(st.text(), max_size=5), st.sampled_from(["", "\t", "\t\t"]))
def test_comment_blocks_are_closed_once_ascii_and_fit(paragraphs, indent):
    block = c_block_comment(paragraphs, indent)
    lines = block.split("\n")
    assert lines[0] == f"{indent}/*" and lines[-1] == f"{indent} */" and block.isascii()
    assert all(c_width(line) <= C_LINE_WIDTH for line in lines)
    inner = "\n".join(lines[1:-1])
    assert "*/" not in inner and "/*" not in inner and "??" not in inner and "\\" not in inner


@given(st.text())
def test_a_commented_line_keeps_its_code_and_fits(comment):
    code = "\tuint64_t rtt_base;"
    text = c_commented(code, comment)
    lines = text.rstrip("\n").split("\n")
    assert text.endswith("\n") and lines[-1].startswith(code) and all(c_width(line) <= C_LINE_WIDTH for line in lines)
    assert c_note(comment).isascii()


def test_a_short_comment_trails_and_a_long_one_stands_above():
    assert c_commented("#define X 1", "one") == "#define X 1 /* one */\n"
    long = c_commented("\tuint8_t x;", "word " * 30)
    assert long.startswith("\t/*\n\t * word") and long.endswith("\t */\n\tuint8_t x;\n")
    assert c_commented("\tuint8_t x;", "word " * 16).startswith("\t/* word")  # one line above


def test_long_argument_lists_wrap_under_the_first_argument():
    text = c_arguments([f"uint64_t argument_{i}" for i in range(12)], "static inline void call(", ")")
    lines = text.split("\n")
    assert len(lines) > 1 and all(c_width(line) <= C_LINE_WIDTH for line in lines) and lines[-1].endswith(")")
    assert all(line.startswith(" " * len("static inline void call(")) for line in lines[1:])
    assert c_arguments(["int a"], "f(", ")") == "f(int a)"
