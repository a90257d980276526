"""The grammar files: found through specgen.paths, conflict-free in strict mode, cached, and
in agreement with the printer's precedence table."""

from __future__ import annotations

import itertools
import time

import pytest

from specgen.lang import parse_expression
from specgen.nodes import Binary
from specgen.lang.grammars import GRAMMAR_STARTS, build_parser, parser, strict_mode_available
from specgen.lang.operators import BINARY_ASSOC, BINARY_PRECEDENCE, Assoc
from specgen.paths import grammar_dir


@pytest.mark.parametrize("grammar", sorted(GRAMMAR_STARTS))
def test_grammar_files_live_in_the_grammar_dir(grammar):
    path = grammar_dir() / f"{grammar}.lark"
    text = path.read_text(encoding="utf-8")
    # Every grammar says which spec construct it covers.
    assert text.startswith("//")
    assert "DEN0137" in text


@pytest.mark.parametrize("grammar", sorted(GRAMMAR_STARTS))
def test_grammars_build_in_strict_mode(grammar):
    if not strict_mode_available():
        pytest.skip("lark's strict mode needs the 'interegular' package (lark[interegular])")
    built = build_parser(grammar, strict=True)
    assert built.options.parser == "lalr"
    assert built.options.strict is True


def test_parsers_are_cached():
    assert parser("expr") is parser("expr")
    start = time.perf_counter()
    for _ in range(200):
        parse_expression("!AddrIsGranuleAligned(rd)")
    assert time.perf_counter() - start < 1.0


OPS = sorted(BINARY_PRECEDENCE)


@pytest.mark.parametrize("first, second", list(itertools.product(OPS, OPS)))
def test_precedence_table_matches_the_grammar(first, second):
    """``a first b second c`` groups exactly as the printer's table says (or is rejected
    for two non-associative comparisons)."""
    text = f"a {first} b {second} c"
    p1, p2 = BINARY_PRECEDENCE[first], BINARY_PRECEDENCE[second]
    if p1 == p2 and BINARY_ASSOC[first] is Assoc.NONE:
        with pytest.raises(ValueError):
            parse_expression(text)
        return
    tree = parse_expression(text)
    assert isinstance(tree, Binary)
    left_grouped = p1 > p2 or (p1 == p2 and BINARY_ASSOC[first] is Assoc.LEFT)
    if left_grouped:
        assert tree.op == second and isinstance(tree.left, Binary) and tree.left.op == first
    else:
        assert tree.op == first and isinstance(tree.right, Binary) and tree.right.op == second
