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


#: Transliteration of the non-ASCII characters the spec's prose uses (NFKC has already
#: turned ligatures such as "fi" and full-width forms into ASCII).
_ASCII = {
    "\u2022": "-", "\u25aa": "-", "\u25e6": "-", "\u2023": "-", "\u2043": "-",  # bullets
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2026": "...", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",
    "\u2260": "!=", "\u2265": ">=", "\u2264": "<=", "\u00d7": "x", "\u00f7": "/", "\u00b1": "+/-",
    "\u2192": "->", "\u2190": "<-", "\u21d2": "=>", "\u2194": "<->", "\u21d4": "<=>",
    "\u2227": "&&", "\u2228": "||", "\u00ac": "!", "\u2208": " in ", "\u2209": " not in ",
    "\u2200": "for all ", "\u2203": "exists ", "\u221e": "infinity", "\u2261": "==", "\u2248": "~",
    "\u00ae": "(R)", "\u00a9": "(C)", "\u2122": "(TM)", "\u00b0": " degrees", "\u00b5": "u", "\u03bc": "u",
    "\u00a7": "section ", "\u00b6": "", "\u2020": "+", "\u2021": "++",
}


def c_ascii(text: str) -> str:
    """``text`` in ASCII for a C comment: the spec's typography transliterated (bullet -> -,
    not-equal -> !=, >= and <=, curly quotes -> straight, arrows -> ->), accents dropped
    (e acute -> e), anything else named by its code point (``<U+2203>``): never a ``?``
    that hides what the spec said."""
    out = []
    for ch in _printable(text):
        if ch.isascii():
            out.append(ch)
        elif ch in _ASCII:
            out.append(_ASCII[ch])
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            out.append(base if base and base.isascii() else f"<U+{ord(ch):04X}>")
    return " ".join("".join(out).split())


def c_comment(text: str) -> str:
    """Text safe inside ``/* … */``: no comment terminator or opener, no trigraphs, no line
    splice, one line, ASCII only (headers must compile under -pedantic everywhere)."""
    text = c_ascii(text).replace("\\", "/")
    text = re.sub(r"\?(?=\?)", "? ", text)  # no trigraphs
    text = re.sub(r"\*(?=/)|/(?=\*)", lambda m: m.group(0) + " ", text)  # no */ or /*
    return text


C_LINE_WIDTH = 100  # columns, tabs at 8: the width the headers keep (TF-RMM and Linux style)


def c_width(line: str) -> int:
    """Columns ``line`` takes with tabs at every 8th column."""
    return len(line.expandtabs(8))


def _wrap(words: list[str], first: str, rest: str, width: int) -> list[str]:
    """``words`` filled into lines of at most ``width`` columns; the first line starts with
    ``first``, the others with ``rest``. A word longer than a line is cut (a URL, a run of
    text without spaces from a broken PDF)."""
    room = max(width - c_width(rest), 16)
    pieces = [word[i:i + room] for word in words for i in range(0, max(len(word), 1), room)]
    lines, line, empty = [], first, True
    for word in pieces:
        if empty:
            line, empty = line + word, False
        elif c_width(f"{line} {word}") <= width:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = rest + word
    lines.append(line)
    return lines


def c_block_comment(paragraphs, indent: str = "", width: int = C_LINE_WIDTH) -> str:
    """A ``/* … */`` block at ``indent`` holding ``paragraphs`` (a text or a list of texts;
    ``""`` is an empty line between paragraphs), each escaped and filled to ``width``
    columns; continuation lines of a paragraph that starts with ``- `` or ``name == `` hang
    under its text."""
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    lines = [f"{indent}/*"]
    for paragraph in paragraphs:
        text = c_comment(paragraph)
        if not text:
            lines.append(f"{indent} *")
            continue
        hang = re.match(r"^(- |\S+ == |\S+: )", text)
        rest = f"{indent} * " + " " * (len(hang.group(0)) if hang else 0)
        lines += _wrap(text.split(" "), f"{indent} * ", rest, width)
    lines.append(f"{indent} */")
    return "\n".join(lines)


def c_commented(code: str, comment: str, width: int = C_LINE_WIDTH) -> str:
    """One line of C with its comment: ``code /* comment */`` when that fits in ``width``
    columns, else the comment as a block above ``code`` (at its indentation). Used as a
    filter block: ``{% filter c_commented(text) %}code{% endfilter %}``; ends with a newline."""
    code = code.rstrip()
    text = c_comment(comment)
    if not text:
        return code + "\n"
    line = f"{code} /* {text} */"
    if c_width(line) <= width:
        return line + "\n"
    indent = code[: len(code) - len(code.lstrip())]
    return c_note(text, indent, width) + "\n" + code + "\n"


def c_note(text: str, indent: str = "", width: int = C_LINE_WIDTH) -> str:
    """A comment standing alone: ``/* text */`` on one line when it fits, else a block."""
    line = f"{indent}/* {c_comment(text)} */"
    return line if c_width(line) <= width else c_block_comment(text, indent, width)


def c_arguments(items, head: str, tail: str, width: int = C_LINE_WIDTH) -> str:
    """``head`` + the comma-separated ``items`` + ``tail`` on one line, or, when longer than
    ``width``, broken after commas with continuation lines aligned under the first item
    (the kernel's style for long prototypes and calls)."""
    items = list(items)
    line = head + ", ".join(items) + tail
    if c_width(line) <= width:
        return line
    pad = " " * c_width(head)
    lines, current = [], head
    for index, item in enumerate(items):
        piece = item + (", " if index + 1 < len(items) else tail)
        if current not in (head, pad) and c_width(current + piece.rstrip()) > width:
            lines.append(current.rstrip())
            current = pad
        current += piece
    lines.append(current)
    return "\n".join(lines)


def c_string(text: str) -> str:
    """A C string literal holding ``text`` (ASCII, escaped)."""
    out = []
    for ch in c_ascii(text):
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
    "c_block_comment": c_block_comment,
    "c_commented": c_commented,
    "c_note": c_note,
    "c_arguments": c_arguments,
    "c_string": c_string,
}
