"""The mini spec typeset as a PDF (reportlab, in the test) gives the same IR as its text:
furniture, page-spanning tables, wrapped cells, the ligature, curly quotes and a rotated
DRAFT watermark all handled on the PDF path too (no corpus needed)."""

from __future__ import annotations

import pytest

from specgen.api import extract_file
from specgen.extract.ir import to_data
from tests.corpus.test_pdf_vs_text import without_locations
from tests.fixtures.minispec import minispec_text, render_pdf


@pytest.fixture(scope="module")
def irs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mini")
    pdf = folder / "mini.pdf"
    pdf.write_bytes(render_pdf())
    text = folder / "mini.txt"
    text.write_text(minispec_text(watermark_line=False), encoding="utf-8")
    return extract_file(pdf), extract_file(text)


def test_pdf_ir_equals_text_ir_apart_from_locations(irs):
    pdf, text = irs
    assert pdf.document.source.kind == "pdf" and text.document.source.kind == "text"
    assert without_locations(to_data(pdf)) == without_locations(to_data(text))


def test_pdf_keeps_page_locations(irs):
    pdf, _text = irs
    (command,) = pdf.commands
    assert command.loc.page == 6 and command.failure_conditions[-1].loc.page == 7


def test_watermark_ligature_and_quotes_on_the_pdf_path(irs):
    pdf, _text = irs
    assert pdf.functions[0].summary == 'Returns TRUE if addr is within [base, base+size]. The first "range" is inclusive.'
    assert not any("DRAFT" in f.summary for f in pdf.functions)
    assert [d.loc.page for d in pdf.diagnostics] == [1, 2]  # the front matter, reported as information
    assert all(d.severity.value == "info" and "before the first section heading" in d.message for d in pdf.diagnostics)
