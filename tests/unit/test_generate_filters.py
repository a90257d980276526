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
