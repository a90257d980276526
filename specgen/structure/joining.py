"""Joining the lines a typesetter wrapped: one space between them, except after a hyphen.

Why here, once: every wrapped text -- a table cell over several lines, a paragraph, a
summary -- must read the same whatever width it was set at, or a typesetting with other line
breaks gives other descriptions. Line breaks are blanks, so lines are joined with one space;
but a line that ends in a hyphen right after a letter, digit or underscore, before a line
that starts with one, was broken at that hyphen -- of a compound ("Non-" / "Secure") or of
an expression written without blanks ("WIDTH-" / "1"), where typesetters may break too:
the word goes on without a blank. (Spec text is not hyphenated inside words, so the hyphen
is kept; a hyphen standing alone, " - ", is a blank-separated operator and stays so.)
Code broken inside an expression joins without a blank too: after ``(``, ``[`` or a unary
``!``, before ``)``, ``]``, ``,`` or an index ``[`` (``VmidsAreValid(a) || !`` /
``VmidsAreFree(a)``), wherever the typesetter broke it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_HYPHEN_END = re.compile(r"\w-$")
# Code broken inside an expression: after an opening bracket or a unary "!", before a
# closing bracket, a comma or an index, there is no blank to put back.
_OPENED = re.compile(r"(?:[(\[]|(?:^|[\s(])!)$")
_CLOSING = frozenset(")],")


def join_wrapped(parts: Iterable[str]) -> str:
    """The parts (one per line) as one text, blanks collapsed to single spaces."""
    text = ""
    for part in parts:
        part = " ".join(part.split())
        if not part:
            continue
        if not text:
            text = part
        elif _HYPHEN_END.search(text) and (part[0].isalnum() or part[0] == "_"):
            text += part
        elif _OPENED.search(text) or part[0] in _CLOSING or (part[0] == "[" and text[-1] in "])"):
            text += part
        else:
            text += " " + part
    return text
