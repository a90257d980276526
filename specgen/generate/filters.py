"""Filters that stand between PDF text and generated code.

Why filters and not ad-hoc string handling in templates: a hostile (or just odd) PDF must
not be able to inject code. Every identifier that reaches code goes through a validating
filter, every piece of prose through an escaping one; templates use nothing else.
"""

from __future__ import annotations

import json

import keyword
import re
import unicodedata

import markupsafe

from specgen.generate.errors import UnsafeText

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # used with fullmatch: no trailing newline
C_KEYWORDS = frozenset(
    "auto break case char const continue default do double else enum extern float for goto if inline int long "
    "register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while "
    "_Alignas _Alignof _Atomic _Bool _Complex _Generic _Imaginary _Noreturn _Static_assert _Thread_local "
    "bool true false alignas alignof static_assert thread_local "  # C23 / C++ keywords a header must avoid
    "asm catch class delete explicit friend mutable namespace new operator private protected public template "
    "this throw try typeid typename using virtual".split()
)


def py_identifier(name: str) -> str:
    """``name`` if it is a safe Python identifier (ASCII, not a keyword), else UnsafeText."""
    if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name) or keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise UnsafeText(f"not a usable Python identifier: {name!r}")
    return name


def c_identifier(name: str) -> str:
    """``name`` if it is a safe C/C++ identifier (ASCII, not a keyword, not reserved)."""
    if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name) or name in C_KEYWORDS:
        raise UnsafeText(f"not a usable C identifier: {name!r}")
    if name.startswith("__") or re.match(r"^_[A-Z]", name):
        raise UnsafeText(f"reserved C identifier: {name!r}")
    return name


def _printable(text: str) -> str:
    """One line of plain text: NFKC, control characters and line breaks become spaces."""
    text = unicodedata.normalize("NFKC", str(text))
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def printable(text: str) -> str:
    """Spec text as one printable line: what ``py_string`` quotes and ``py_comment`` writes
    (``py_syntax.text`` makes the same string an ``ast.Constant``)."""
    return _printable(text)


def py_string(text: str) -> str:
    """A Python string literal holding ``text`` (repr escapes quotes and backslashes)."""
    return repr(_printable(text))


def py_comment(text: str) -> str:
    """Text safe after ``#``: one line, nothing that could end the comment."""
    return _printable(text)


def c_comment(text: str) -> str:
    """Text safe inside ``/* … */``: no comment terminator or opener, no trigraphs, no line
    splice, one line, ASCII only (headers must compile under -pedantic everywhere)."""
    text = _printable(text).encode("ascii", "replace").decode("ascii").replace("\\", "/")
    text = re.sub(r"\?(?=\?)", "? ", text)  # no trigraphs
    text = re.sub(r"\*(?=/)|/(?=\*)", lambda m: m.group(0) + " ", text)  # no */ or /*
    return text


def c_string(text: str) -> str:
    """A C string literal holding ``text`` (ASCII, escaped)."""
    out = []
    for ch in _printable(text).encode("ascii", "replace").decode("ascii"):
        out.append({'"': '\\"', "\\": "\\\\", "?": "\\?"}.get(ch, ch))
    return '"' + "".join(out) + '"'


def html(text) -> str:
    """Text safe in HTML element content and quoted attribute values (``& < > " '``
    escaped). The environment has autoescape off (it writes code), so HTML templates escape
    every value through this filter."""
    if not isinstance(text, (str, int)):
        raise UnsafeText(f"not text for HTML: {text!r:.80}")
    return str(markupsafe.escape(str(text)))


def first_sentence(text: str) -> str:
    """The first sentence of a summary (comments stay short; the spec section is named)."""
    text = _printable(text)
    head, dot, _rest = text.partition(". ")
    return head + "." if dot else text


def py_literal(value) -> str:
    """A Python literal of plain data (None, bools, ints — hex from 10 —, strings, and
    tuples, lists and dicts of them); anything else is UnsafeText, so data from the PDF
    can only ever become a literal."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        value = int(value)
        return hex(value) if abs(value) > 9 else str(value)
    if isinstance(value, str):
        return py_string(value)
    if isinstance(value, tuple):
        inner = ", ".join(py_literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in value.items()) + "}"
    raise UnsafeText(f"not plain data for a Python literal: {value!r:.80}")


def toml_string(text: str) -> str:
    """A TOML basic string holding ``text`` (JSON string escapes are valid TOML ones)."""
    return json.dumps(_printable(text), ensure_ascii=True)


FILTERS = {
    "toml_string": toml_string,
    "py_literal": py_literal,
    "first_sentence": first_sentence,
    "html": html,
    "py_identifier": py_identifier,
    "c_identifier": c_identifier,
    "py_string": py_string,
    "py_comment": py_comment,
    "c_comment": c_comment,
    "c_string": c_string,
}
