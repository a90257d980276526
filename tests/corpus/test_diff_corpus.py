"""On the corpus: the same revision read from its PDF and from its text differs in nothing
behavioural (the diff ignores locations, sources and layout)."""

from __future__ import annotations

import pytest

from specgen.diff import diff_irs
from tests.conftest import REVISIONS
from tests.corpus.test_truth import corpus_ir


@pytest.mark.parametrize("revision", REVISIONS)
def test_pdf_vs_text_has_no_behavioural_change(corpus, revision, record_property):
    pdf = corpus_ir(corpus, revision, "pdf")
    text = corpus_ir(corpus, revision, "text")
    report = diff_irs(pdf, text)
    record_property("diff_pdf_vs_text_summary", f"diff {revision} PDF vs text: {len(report.behavioural)} behavioural, "
                                                f"{len(report.editorial)} editorial changes")
    assert report.behavioural == (), "\n".join(c.detail for c in report.behavioural[:20])
    assert diff_irs(text, text).changes == ()
