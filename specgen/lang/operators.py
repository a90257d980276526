"""Operator precedence and associativity of the DEN0137 expression language.

Why a table of its own: ``grammar/expr.lark`` encodes precedence in its rule layering, and the
printer must agree with it exactly to emit minimal parentheses that re-parse to the same AST.
Keeping the numbers here (and testing them against the parser) makes that agreement explicit.
Higher binds tighter; the order follows ASL.
"""

from __future__ import annotations

from enum import Enum


class Assoc(Enum):
    LEFT = "left"
    RIGHT = "right"
    NONE = "none"  # "a == b == c" is not accepted


BINARY_PRECEDENCE: dict[str, int] = {
    "||": 1,
    "&&": 2,
    "==": 3,
    "!=": 3,
    "<": 3,
    "<=": 3,
    ">": 3,
    ">=": 3,
    "+": 4,
    "-": 4,
    "*": 5,
    "/": 5,
    "DIV": 5,
    "MOD": 5,
    "^": 6,
}

BINARY_ASSOC: dict[str, Assoc] = {
    op: (Assoc.NONE if prec == 3 else Assoc.RIGHT if op == "^" else Assoc.LEFT)
    for op, prec in BINARY_PRECEDENCE.items()
}

UNARY_OPERATORS: tuple[str, ...] = ("!", "-")
UNARY_PRECEDENCE = 7
POSTFIX_PRECEDENCE = 8  # call, member, index, slice
ATOM_PRECEDENCE = 9  # names, literals, concatenation

#: Words the grammars reserve; names in generated or hand-written ASTs must avoid them.
EXPRESSION_KEYWORDS: frozenset[str] = frozenset({"TRUE", "FALSE", "DIV", "MOD"})
PSEUDOCODE_KEYWORDS: frozenset[str] = frozenset(
    {
        "func", "begin", "end", "var", "if", "then", "elsif", "else", "for", "to", "downto",
        "do", "while", "case", "of", "when", "otherwise", "return", "assert", "bits", "array",
    }
)  # fmt: skip
RESERVED_WORDS: frozenset[str] = EXPRESSION_KEYWORDS | PSEUDOCODE_KEYWORDS
