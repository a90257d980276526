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
