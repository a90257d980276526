"""What the clipping path hides is not read: a typesetter that lays the document out as one
strip and shows it page by page through a window draws a line cut by the page break on both
pages (QtWebKit's wkhtmltopdf does); a reader sees each half once, and specgen reads the line
once, on the page that shows most of it."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("reportlab", reason="reportlab (a test dependency) draws the test PDF")

from reportlab.lib.pagesizes import A5
from reportlab.pdfgen import canvas

from specgen.pdf.pdf_loader import load_pdf

WIDTH, HEIGHT = A5
WINDOW = (40.0, 60.0, WIDTH - 80.0, HEIGHT - 120.0)  # x, y, width, height of each page's body


def _strip_pdf(lines: list[str], pitch: float, cut: int, below: float) -> bytes:
    """Two pages showing one strip of ``lines`` through ``WINDOW``, the second page going on
    where the first one's window ended: line ``cut`` is cut by the page break, the centre of
    its glyphs ``below`` points under the first page's window (negative: above it)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5)
    x, y, _width, height = WINDOW
    centre_above_baseline = 3.0  # Helvetica 10 pt: glyph box from -2 to +8 around the baseline
    # depth of line n's baseline under the strip's top
    origin = height + below - ((cut + 1) * pitch - centre_above_baseline)
    for page in (0, 1):
        pdf.saveState()
        path = pdf.beginPath()
        path.rect(*WINDOW)
        pdf.clipPath(path, stroke=0, fill=0)
        pdf.setFont("Helvetica", 10)
        for number, text in enumerate(lines):
            depth = origin + (number + 1) * pitch - page * height
            pdf.drawString(x + 5, y + height - depth, text)
        pdf.restoreState()
        pdf.setFont("Helvetica", 8)
        pdf.drawString(x, 20, "outside every clip: read")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _clipped_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5)
    pdf.setFont("Helvetica", 10)
    pdf.saveState()
    path = pdf.beginPath()
    path.rect(50, 300, 200, 100)
    pdf.clipPath(path, stroke=0, fill=0)
    pdf.drawString(60, 350, "inside the window")
    pdf.drawString(60, 200, "hidden below the window")
    pdf.drawString(60, 399, "mostly above the window")  # glyph centre at 402
    pdf.restoreState()
    pdf.drawString(60, 200 - 30, "drawn after the clip was restored")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _texts(data: bytes) -> list[list[str]]:
    document = load_pdf("test.pdf", data, None, workers=1)
    return [[line.plain for line in page.lines] for page in document.pages]


def test_text_outside_the_clip_is_not_read_and_restoring_the_state_ends_the_clip():
    (page,) = _texts(_clipped_pdf())
    assert page == ["inside the window", "drawn after the clip was restored"]


def test_a_line_cut_by_the_page_window_is_read_once_on_the_page_showing_most_of_it():
    lines = [f"row {n} of the strip" for n in range(40)]
    pitch, cut = 14.0, 20
    for below, page_of_cut in ((2.0, 1), (-2.0, 0)):
        pages = _texts(_strip_pdf(lines, pitch, cut, below))
        read = [text for page in pages for text in page if text.startswith("row")]
        assert read == lines[:len(read)]  # every row once, in order
        assert len(read) > cut + 5
        assert f"row {cut} of the strip" in pages[page_of_cut]
        assert all(page[-1] == "outside every clip: read" for page in pages)
