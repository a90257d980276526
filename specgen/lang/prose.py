"""Tell English prose from a condition expression.

Why a heuristic at all: a few success (and failure) conditions of DEN0137 are sentences —
"Contents of target Granule are wiped.", "pre: Cookie is invalid" — and must become ``Prose``
nodes instead of syntax errors. The rule is only consulted *after* the expression parse has
failed, so it can be simple: prose has no expression operators, and it has two plain words
side by side (an expression never juxtaposes two identifiers) or ends with a full stop.
Anything else that fails to parse stays a syntax error, so damaged expressions are not hidden.
"""

from __future__ import annotations

import re

_OPERATORS = re.compile(r"==|!=|<=|>=|&&|\|\||[()\[\]^=<>!]")
_ADJACENT_PLAIN_WORDS = re.compile(r"(?<![\w.])[A-Za-z]+[ \t\r\n]+[A-Za-z]+(?![\w(.\[])")


def looks_like_prose(text: str) -> bool:
    """True if ``text`` reads as an English sentence rather than a (broken) expression."""
    stripped = text.strip()
    if not stripped or _OPERATORS.search(stripped):
        return False
    return stripped.endswith(".") or _ADJACENT_PLAIN_WORDS.search(stripped) is not None


def normalise_prose(text: str) -> str:
    """Prose with wrapped lines joined by single spaces (so re-wrapping is not a change)."""
    return " ".join(text.split())
