"""Build the lark parsers of ``grammar/*.lark`` once per process.

Why cached and lazy: building an LALR table (and, in strict mode, checking terminal
collisions) costs ~0.1 s per grammar, while parsing one condition costs microseconds; the
extractor parses thousands of conditions, the CLI sometimes none. Grammars are found through
``specgen.paths.grammar_dir()`` so an installed wheel finds its bundled copies.

Strict mode (``strict=True``) makes lark refuse shift/reduce conflicts and colliding terminals
instead of resolving them silently. Its collision check needs the ``interegular`` package;
where that is missing we still build (non-strict) so the library keeps working — the grammars
are the same and the unit tests check strictness wherever ``interegular`` is installed.
"""

from __future__ import annotations

import importlib.util
from functools import cache

from lark import Lark

from specgen.paths import grammar_dir

#: Start symbols of each grammar file.
GRAMMAR_STARTS: dict[str, tuple[str, ...]] = {
    "expr": ("expression_only", "condition"),
    "ordering": ("ordering",),
    "pseudocode": ("signature", "body", "type_only"),
}


def strict_mode_available() -> bool:
    """Whether lark can run in strict mode here (it needs ``interegular``)."""
    return importlib.util.find_spec("interegular") is not None


def build_parser(grammar: str, *, strict: bool | None = None) -> Lark:
    """A fresh LALR parser for ``grammar/<grammar>.lark`` (uncached; tests use it directly)."""
    if strict is None:
        strict = strict_mode_available()
    path = grammar_dir() / f"{grammar}.lark"
    return Lark.open(
        str(path),
        parser="lalr",
        lexer="contextual",
        start=list(GRAMMAR_STARTS[grammar]),
        propagate_positions=True,
        maybe_placeholders=True,
        strict=strict,
    )


@cache
def parser(grammar: str) -> Lark:
    """The process-wide parser for ``grammar`` (built on first use)."""
    return build_parser(grammar)
