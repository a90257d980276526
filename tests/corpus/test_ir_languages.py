"""Every expression, ordering statement, signature and function body that extraction finds
in a corpus revision parses (zero unparsed), and the check report is computed."""

from __future__ import annotations

import pytest

from specgen.lang.check import check_report
from tests.conftest import REVISIONS
from tests.corpus.test_truth import corpus_ir


@pytest.mark.parametrize("revision", REVISIONS)
def test_everything_parses(corpus, revision, record_property):
    report = check_report(corpus_ir(corpus, revision, "pdf"))
    record_property("check_summary", f"{revision} check: {report.summary()}")
    assert "unparsed" not in report.counts and "parse error" not in report.counts, report.problems[:10]
    assert report.checked["condition sides"] > 500 and report.checked["function bodies"] > 20


@pytest.mark.parametrize("revision", REVISIONS)
def test_printed_corpus_asts_reparse_to_equal_asts(corpus, revision, record_property):
    from specgen import nodes as ast
    from specgen.lang import parse_body, parse_expression, parse_ordering, parse_signature, print_node

    ir = corpus_ir(corpus, revision, "pdf")
    trees = []
    for command in ir.commands:
        for condition in command.failure_conditions + command.success_conditions:
            trees += [(parse_expression, t) for t in (condition.pre_ast, condition.post_ast) if t]
        trees += [(parse_expression, v.value_ast) for v in command.context]
        trees += [(parse_expression, f.value_ast) for f in command.footprint]
        trees += [(parse_ordering, o.ast) for o in command.failure_ordering]
    for function in ir.functions:
        trees += [(parse_signature, s.ast) for s in function.signatures]
        trees += [(parse_body, function.body_ast)] if function.body_ast else []
    checked = 0
    for parse, tree in trees:
        node = tree
        if isinstance(node, ast.Prose):
            continue
        assert parse(print_node(node)) == node, print_node(node)
        checked += 1
    record_property("reparse_summary", f"{revision}: {checked} corpus ASTs printed and reparsed to equal ASTs")
    assert checked > 700
