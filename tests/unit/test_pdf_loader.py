"""The PDF loader on tiny PDFs rendered here with reportlab (no corpus needed).

The documents deliberately use another margin, pitch and fonts than the corpus facsimiles
(origin 60 pt, a 5 pt character grid, Courier / Vera / Helvetica), so that nothing tuned to
the facsimile's coordinates can pass.
"""

from __future__ import annotations

import io
import os

import pytest

pytest.importorskip("reportlab", reason="reportlab (a test dependency) renders the test PDFs")

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from specgen.diagnostics import InputError
from specgen.pdf.load import load_layout
from specgen.pdf.model import LayoutDocument, Line
from specgen.pdf.pdf_loader import load_pdf

ORIGIN = 60.0  # left margin of the test documents, in points
PITCH = 5.0  # their character grid (Courier 8 pt glyphs are 4.8 pt wide: not the grid)
MONO, MONO_SIZE = "Courier", 8
_FONT_DIR = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
pdfmetrics.registerFont(TTFont("Vera", os.path.join(_FONT_DIR, "Vera.ttf")))
pdfmetrics.registerFont(TTFont("Vera-Bold", os.path.join(_FONT_DIR, "VeraBd.ttf")))

# (column, text) cells of a table whose starts use many different columns, as a command's
# register table does; every one must come back at its column.
TABLE = [
    [(2, "Name"), (13, "Register"), (24, "Bits"), (31, "Type"), (45, "Description")],
    [(2, "fid"), (13, "X0"), (24, "63:0"), (31, "UInt64"), (45, "FID, value 0xC4000150")],
    [(2, "rd"), (13, "X1"), (24, "63:0"), (31, "Address"), (45, "PA of the RD")],
    [(3, "status : RmiStatusCode,"), (29, "index : integer)"), (47, "=> boolean")],
    [(7, "pre:"), (19, "!AddrIsAligned(rd)"), (38, "post:"), (52, "RMI_ERROR_INPUT")],
]


def x_of(column: float) -> float:
    return ORIGIN + column * PITCH


def render(draw, pages: int = 1, **canvas_options) -> bytes:
    """A PDF of ``pages`` A4 pages; ``draw(canvas, page_index)`` fills each."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, **canvas_options)
    for index in range(pages):
        draw(canvas, index)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def draw_watermark(canvas: Canvas) -> None:
    """A large grey DRAFT rotated by 55 degrees, as the alpha revisions have."""
    canvas.saveState()
    canvas.translate(150, 250)
    canvas.rotate(55)
    canvas.setFillGray(0.85)
    canvas.setFont("Helvetica-Bold", 120)
    canvas.drawString(0, 0, "DRAFT")
    canvas.restoreState()


def draw_spec_page(canvas: Canvas, index: int) -> None:
    height = A4[1]
    draw_watermark(canvas)  # drawn first, under the text, as the facsimile does
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(x_of(0), height - 60, f"B{index + 1}.2 RMI_DATA_CREATE command")
    canvas.setFont("Vera", 8)
    canvas.drawString(
        x_of(4), height - 76, "The \ufb01rst \ufb02ag is \u201cset\u201d \u2013 see below."
    )
    y = height - 92
    for row in TABLE:
        for column, text in row:
            canvas.setFont("Helvetica-Bold" if row is TABLE[0] else MONO, MONO_SIZE)
            canvas.drawString(x_of(column), y, text)
        y -= 11
    canvas.setFont("Helvetica", 6)  # a footer at the margin, on every page
    canvas.drawString(x_of(0), 40, f"Copyright footer {index + 1}")


@pytest.fixture(scope="module")
def spec_pdf() -> bytes:
    def draw(canvas: Canvas, index: int) -> None:
        if index == 0:
            canvas.setTitle("Test specification")
            canvas.setSubject("DEN0137 test")
            canvas.bookmarkPage("chapter")
            canvas.bookmarkPage("section")
            canvas.addOutlineEntry("Chapter B1", "chapter", level=0)
            canvas.addOutlineEntry("B1.2 RMI_DATA_CREATE command", "section", level=1)
        draw_spec_page(canvas, index)

    return render(draw, pages=2)


@pytest.fixture(scope="module")
def spec_doc(spec_pdf) -> LayoutDocument:
    return load_pdf("spec.pdf", spec_pdf, None)


def points(doc: LayoutDocument, column: float) -> float:
    return doc.x_origin + column * doc.x_scale


def test_words_keep_their_drawn_positions(spec_doc):
    """Every word comes back where it was drawn: columns map back to points exactly."""
    lines = spec_doc.pages[0].lines
    for line, row in zip(lines[2 : 2 + len(TABLE)], TABLE):
        runs = line.chunks
        assert [c.text for c in runs] == [text for _column, text in row]
        for chunk, (column, _text) in zip(runs, row):
            assert points(spec_doc, chunk.x0) == pytest.approx(x_of(column), abs=0.01)


def test_without_enough_indented_code_the_column_is_the_code_font_advance(spec_doc):
    # Courier 8 pt: 4.8 pt per character. Two pages of this table indent code lines too
    # rarely to tell another character width.
    assert spec_doc.x_scale == pytest.approx(0.6 * MONO_SIZE, abs=0.01)
    assert spec_doc.x_origin == pytest.approx(ORIGIN)


def _code_pdf(indent_points: float) -> bytes:
    """A page of pseudocode in Courier 8 pt, each line indented by a whole number of
    ``indent_points`` steps (a typesetter's own character grid, or real spaces)."""
    depths = [0, 1, 2, 2, 3, 1, 0, 1, 2, 4, 2, 0, 1, 3, 1, 0]

    def draw(canvas: Canvas, index: int) -> None:
        canvas.setFont("Helvetica", 9)
        canvas.drawString(ORIGIN, 780, "Some prose above the code, in the body font of the page.")
        canvas.setFont(MONO, MONO_SIZE)
        for row, depth in enumerate(depths):
            canvas.drawString(ORIGIN + 20 + 2 * depth * indent_points, 760 - 11 * row, f"step_{row} := x;")

    return render(draw)


def test_code_indented_on_a_grid_other_than_the_glyph_width_sets_the_column():
    """Code lines placed on a 5 pt character grid, with 4.8 pt Courier glyphs: the column
    is the width that makes the indentation whole, so indents come out in characters."""
    doc = load_pdf("grid.pdf", _code_pdf(PITCH), None)
    assert doc.x_scale == pytest.approx(PITCH, abs=0.01)
    code = doc.pages[0].lines[1:]
    indents = [round(line.x0 - code[0].x0, 3) for line in code]
    assert indents == [2 * d for d in (0, 1, 2, 2, 3, 1, 0, 1, 2, 4, 2, 0, 1, 3, 1, 0)]


def test_code_indented_with_spaces_keeps_the_glyph_advance():
    doc = load_pdf("spaces.pdf", _code_pdf(0.6 * MONO_SIZE), None)
    assert doc.x_scale == pytest.approx(0.6 * MONO_SIZE, abs=0.01)
    assert all(line.words[0].mono for line in doc.pages[0].lines[1:])
    assert not doc.pages[0].lines[0].words[0].mono


def test_single_spaces_join_words_and_wider_gaps_split_chunks(spec_doc):
    line = spec_doc.pages[0].lines[5]
    assert [c.text for c in line.chunks] == ["status : RmiStatusCode,", "index : integer)", "=> boolean"]
    assert [w.gap for w in line.words[:3]] == [0.0, pytest.approx(1.0), pytest.approx(1.0)]
    assert line.words[3].gap > 2  # "index" stands columns away


def test_bold_heading_and_sizes(spec_doc):
    heading, prose = spec_doc.pages[0].lines[:2]
    assert heading.text == "B1.2 RMI_DATA_CREATE command" and heading.x0 == pytest.approx(
        0, abs=0.01
    )
    # sizes are relative to the body text (8 pt here)
    assert heading.bold and heading.size == pytest.approx(11 / 8)
    assert not prose.bold and prose.size == pytest.approx(1)
    header_row = spec_doc.pages[0].lines[2]
    assert header_row.bold and not spec_doc.pages[0].lines[3].bold


def test_ligatures_quotes_and_dashes_are_normalised(spec_doc):
    prose = spec_doc.pages[0].lines[1]
    assert prose.text == 'The first flag is "set" - see below.'
    assert points(spec_doc, prose.x0) == pytest.approx(x_of(4), abs=0.01)


def test_rotated_watermark_is_dropped_and_furniture_kept(spec_doc):
    for page in spec_doc.pages:
        texts = [line.text for line in page.lines]
        assert not any(set(t.replace(" ", "")) <= set("DRAFT") for t in texts), texts
        assert texts[-1] == f"Copyright footer {page.number}"
        assert len(texts) == 2 + len(TABLE) + 1


def test_line_numbers_tops_and_page_height(spec_doc):
    page = spec_doc.pages[1]
    assert [line.line for line in page.lines] == list(range(1, len(page.lines) + 1))
    assert all(line.page == 2 for line in page.lines)
    tops = [line.top for line in page.lines]
    assert tops == sorted(tops) and 50 < tops[0] < 65  # points from the page top
    assert page.height == pytest.approx(A4[1])


def test_outline_metadata_kind_and_hash(spec_doc, spec_pdf):
    import hashlib

    assert [(e.level, e.title) for e in spec_doc.outline] == [
        (1, "Chapter B1"),
        (2, "B1.2 RMI_DATA_CREATE command"),
    ]
    metadata = dict(spec_doc.metadata)
    assert metadata["Title"] == "Test specification" and metadata["Subject"] == "DEN0137 test"
    assert list(spec_doc.metadata) == sorted(spec_doc.metadata)
    assert spec_doc.kind == "pdf" and spec_doc.sha256 == hashlib.sha256(spec_pdf).hexdigest()


def test_progress_is_reported_after_each_page(spec_pdf):
    calls = []
    load_pdf("spec.pdf", spec_pdf, lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]


def test_load_layout_dispatches_pdf_by_content(tmp_path, spec_pdf):
    path = tmp_path / "spec.bin"
    path.write_bytes(spec_pdf)
    assert load_layout(path).kind == "pdf"


def test_words_placed_without_space_glyphs():
    """Typesetters that move the pen instead of drawing spaces: a gap of about a space
    separates words, a wide gap chunks."""

    def draw(canvas: Canvas, index: int) -> None:
        canvas.setFont("Helvetica", 10)
        y = A4[1] - 100
        x = 72.0
        for word in ("alpha", "beta", "gamma"):
            canvas.drawString(x, y, word)
            x += pdfmetrics.stringWidth(word, "Helvetica", 10) + 2.8  # one Helvetica space
        canvas.drawString(x + 30, y, "delta")

    doc = load_pdf("words.pdf", render(draw), None)
    assert [c.text for c in doc.pages[0].lines[0].chunks] == ["alpha beta gamma", "delta"]


def test_overlapping_strings_are_not_interleaved():
    """Two labels drawn over each other stay two chunks, each in its own letters."""

    def draw(canvas: Canvas, index: int) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(100, 700, "rd_state_first")
        canvas.drawString(120, 700, "ipa_bound")

    doc = load_pdf("overlap.pdf", render(draw), None)
    assert [c.text for c in doc.pages[0].lines[0].chunks] == ["rd_state_first", "ipa_bound"]


def test_fake_bold_double_printing_counts_once():
    def draw(canvas: Canvas, index: int) -> None:
        canvas.setFont("Helvetica", 10)
        canvas.drawString(100, 700, "Heading")
        canvas.drawString(100.3, 700, "Heading")

    doc = load_pdf("fakebold.pdf", render(draw), None)
    assert doc.pages[0].lines[0].text == "Heading"


def test_page_with_all_text_turned_sideways_reads_left_to_right():
    def draw(canvas: Canvas, index: int) -> None:
        canvas.translate(300, 100)
        canvas.rotate(90)  # the text runs up the page, as on a landscape table page
        canvas.setFont("Courier", 10)
        canvas.drawString(0, 0, "first line")
        canvas.drawString(0, -14, "second line")
        canvas.drawString(100, -14, "cell")

    doc = load_pdf("landscape.pdf", render(draw), None)
    page = doc.pages[0]
    assert [[c.text for c in line.chunks] for line in page.lines] == [
        ["first line"],
        ["second line", "cell"],
    ]
    assert page.height == pytest.approx(A4[0])  # the reading frame's height is the page width


def test_proportional_document_without_grid_gets_approximate_columns():
    """No code and no indentation in whole characters: columns are estimated from the body
    font, so they only need to keep order and rough proportion."""
    prose = "Realm Management Monitor specification body text line"

    def draw(canvas: Canvas, index: int) -> None:
        canvas.setFont("Helvetica", 10)
        for row in range(12):
            canvas.drawString(72 + 1.7 * row * row, 750 - 14 * row, prose)

    doc = load_pdf("prose.pdf", render(draw), None)
    starts = [line.x0 for line in doc.pages[0].lines]
    assert starts[0] == pytest.approx(0, abs=0.01)
    assert starts == sorted(starts) and len(set(map(round, starts))) > 6
    # 1.7 * 121 pt at roughly 5 pt per column: about 40 columns, not 4 or 400
    assert 25 < starts[-1] < 60


def test_body_size_is_the_running_texts_even_where_smaller_table_text_outnumbers_it():
    """A spec is mostly tables: their 7 pt cells outnumber the 9 pt prose. The body size is
    the prose's, so a prose line that happens to start with a section number (a reflowed
    cross-reference) is no heading, and the bold heading still is one."""
    from specgen.structure.headings import numbered_heading

    prose = "The members of the RmiRecEnter structure are shown in the following table below."

    def draw(canvas: Canvas, index: int) -> None:
        canvas.setFont("Vera-Bold", 11)
        canvas.drawString(72, 800, "B4.4.14 RmiRecEnter type")
        canvas.setFont("Vera", 9)
        for row in range(10):
            canvas.drawString(72, 780 - 12 * row, prose)
        canvas.drawString(72, 660, "B4.4.16 RmiRecExit type. " + prose)
        canvas.setFont("Vera", 7)
        for row in range(58):
            for column, cell in enumerate((f"gprs[{row}]", f"0x{0x200 + 8 * row:X}", "Bits64", "Registers")):
                canvas.drawString(72 + 90 * column, 640 - 10 * row, cell)

    doc = load_pdf("tables.pdf", render(draw, pages=2), None)
    def line(start: str) -> Line:
        return next(line for line in doc.pages[0].lines if line.plain.startswith(start))

    assert line("The members").size == pytest.approx(1.0)
    assert line("gprs[0] 0x200").size < 0.8
    assert numbered_heading(line("B4.4.16")) is None
    assert numbered_heading(line("B4.4.14")) == ("B4.4.14", "RmiRecEnter type")


# ----------------------------------------------------------------------------- errors


def assert_one_line_input_error(excinfo, *words: str) -> None:
    message = excinfo.value.message
    assert "\n" not in message and message.strip() == message
    for word in words:
        assert word in message.lower(), message


def test_text_file_named_pdf_is_read_as_text(tmp_path):
    path = tmp_path / "spec.pdf"
    path.write_text("B1.2 Heading\n    Name    Type\n\fsecond page\n", encoding="utf-8")
    doc = load_layout(path)
    assert doc.kind == "text" and len(doc.pages) == 2


def test_truncated_pdf(spec_pdf):
    with pytest.raises(InputError) as excinfo:
        load_pdf("cut.pdf", spec_pdf[: len(spec_pdf) // 2], None)
    assert_one_line_input_error(excinfo, "truncated")


def test_damaged_pdf_with_end_marker():
    data = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << >>\n%%EOF\n"
    with pytest.raises(InputError) as excinfo:
        load_pdf("broken.pdf", data, None)
    assert_one_line_input_error(excinfo)


def test_encrypted_pdf_needs_a_password():
    encryption = StandardEncryption("secret", ownerPassword="owner")
    data = render(draw_spec_page, encrypt=encryption)
    with pytest.raises(InputError) as excinfo:
        load_pdf("locked.pdf", data, None)
    assert_one_line_input_error(excinfo, "encrypted", "password")


def test_pdf_without_pages():
    with pytest.raises(InputError) as excinfo:
        load_pdf("empty.pdf", handmade_pdf(page_count=0), None)
    assert_one_line_input_error(excinfo, "no pages")


def test_pdf_without_text():
    def draw(canvas: Canvas, index: int) -> None:
        canvas.rect(100, 100, 200, 300, fill=1)

    with pytest.raises(InputError) as excinfo:
        load_pdf("drawing.pdf", render(draw), None)
    assert_one_line_input_error(excinfo, "no extractable text")


def test_pdf_with_only_a_watermark_has_no_text():
    def draw(canvas: Canvas, index: int) -> None:
        draw_watermark(canvas)

    with pytest.raises(InputError):
        load_pdf("draft.pdf", render(draw), None)


def test_load_layout_turns_a_truncated_pdf_into_input_error(tmp_path, spec_pdf):
    path = tmp_path / "cut.pdf"
    path.write_bytes(spec_pdf[:-300])
    with pytest.raises(InputError):
        load_layout(path)


def handmade_pdf(page_count: int) -> bytes:
    """A syntactically valid PDF with an empty page tree (reportlab always adds a page)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count %d >>" % page_count,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


# ----------------------------------------------------------------------------- parallel


def test_parallel_reading_gives_the_serial_document(monkeypatch):
    """Pages read by a process pool, in page ranges, merged in page order: the same document
    as a serial read, and progress still counts up to every page."""
    from specgen.pdf import pdf_loader
    from tests.fixtures.minispec import render_pdf

    monkeypatch.setattr(pdf_loader, "PAGES_PER_TASK", 1)  # several ranges even for a short document
    data = render_pdf()
    serial = load_pdf("mini.pdf", data, None, workers=1)
    calls = []
    parallel = load_pdf("mini.pdf", data, lambda done, total: calls.append((done, total)), workers=2)
    assert len(calls) > 2, "the pages were read as one range"
    assert parallel == serial and len(serial.pages) > 2
    assert calls[-1] == (len(serial.pages), len(serial.pages))
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_a_page_failing_in_a_worker_fails_the_document(monkeypatch):
    """A page that cannot be read fails the whole document with the same one-line error,
    whether it was read in this process or in a worker (which sends the message back)."""
    from specgen.pdf import pdf_loader
    from tests.fixtures.minispec import render_pdf

    real = pdf_loader.read_page

    def failing(number, *args):
        if number == 3:
            raise InputError("mini.pdf", "damaged PDF, page 3 cannot be parsed (test)")
        return real(number, *args)

    monkeypatch.setattr(pdf_loader, "read_page", failing)  # forked workers inherit it
    data = render_pdf()
    for workers in (1, 2):
        with pytest.raises(InputError) as excinfo:
            load_pdf("mini.pdf", data, None, workers=workers)
        assert excinfo.value.message == "damaged PDF, page 3 cannot be parsed (test)"


def test_worker_count(monkeypatch):
    from specgen.pdf.pdf_loader import MIN_PARALLEL_PAGES, worker_count

    monkeypatch.setenv("SPECGEN_WORKERS", "2")
    assert worker_count(MIN_PARALLEL_PAGES - 1) == 1
    assert worker_count(300) == 2
    monkeypatch.setenv("SPECGEN_WORKERS", "1")
    assert worker_count(300) == 1


def test_page_reader_records_pdfminers_own_glyph_boxes(spec_pdf):
    """The loader's lean reading of a page gives every character the box, size, font and
    colour pdfminer's LTChar gives it -- straight and rotated text alike."""
    import pdfplumber

    from specgen.pdf import pdf_loader

    with pdfplumber.open(io.BytesIO(spec_pdf)) as pdf:
        for page in pdf.pages:
            ours = pdf_loader._page_layout("spec.pdf", page).chars
            theirs = [(c["text"], c["x0"], c["x1"], c["y0"], c["y1"], c["size"], c["fontname"], tuple(c["matrix"]),
                       pdf_loader._lightness(c["non_stroking_color"])) for c in page.chars]
            assert any(c.matrix[1] != 0 for c in ours)  # the rotated watermark is among them
            assert [(c.text, c.x0, c.x1, c.y0, c.y1, c.size, c.fontname, tuple(c.matrix), pdf_loader._lightness(c.ncolor))
                    for c in ours] == theirs
