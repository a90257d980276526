"""One document, typeset by two producers in the test (no corpus needed): reportlab with
proportional fonts and justified prose, and headless Chromium printing it as HTML (skipped,
with the reason, when Chromium is not installed). Both must give the document's facts.

What the two typesettings exercise (``tests/fixtures/typeset.py``): no character grid
anywhere; table cells wrapped inside their column; headings whose words stand far apart;
a table continued on the next page under a repeated shaded header; running header and
footer -- and, from Chromium, the browser's print header (date, title) and footer (file
URL, "n/m").
"""

from __future__ import annotations

import re

import pytest

pytest.importorskip("reportlab", reason="reportlab (a test dependency) typesets the test PDF")

from specgen.api import extract_file
from specgen.extract.ir import to_data
from specgen.extract.typing import bit_range, integer
from specgen.pdf.model import LayoutDocument
from specgen.pdf.pdf_loader import load_pdf
from specgen.structure.document import read_structure
from tests.corpus.test_pdf_vs_text import _differences, without_locations
from tests.fixtures import typeset


@pytest.fixture(scope="module")
def reportlab_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("reportlab") / "spec.pdf"
    path.write_bytes(typeset.reportlab_pdf())
    return path


@pytest.fixture(scope="module")
def chromium_file(tmp_path_factory):
    if typeset.find_chromium() is None:
        pytest.skip("chromium not installed (apt-get install chromium): the HTML typesetting was not printed")
    folder = tmp_path_factory.mktemp("chromium")
    path = folder / "spec.pdf"
    path.write_bytes(typeset.chromium_pdf(folder))
    return path


_CACHE: dict = {}


def _layout(path) -> LayoutDocument:
    if ("layout", path) not in _CACHE:
        _CACHE[("layout", path)] = load_pdf(str(path), path.read_bytes(), None, workers=1)
    return _CACHE[("layout", path)]


def _ir(path):
    if ("ir", path) not in _CACHE:
        _CACHE[("ir", path)] = extract_file(path)
    return _CACHE[("ir", path)]


@pytest.fixture(scope="module", params=["reportlab", "chromium"])
def typeset_file(request):
    return request.getfixturevalue(f"{request.param}_file")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_document_facts_come_out(typeset_file):
    ir = _ir(typeset_file)
    assert ir.document.version == typeset.VERSION
    assert [c.name for c in ir.commands] == ["RMI_DATA_CREATE"]
    command = ir.commands[0]
    assert command.fid == 0xC4000150
    assert command.summary == typeset.PROSE  # justified prose, joined
    # cells wrapped inside their column come back joined with one space
    assert [(r.name, r.register, r.bits, r.type.text, r.description) for r in command.inputs] == [
        (n, reg, bit_range(b), t, d) for n, reg, b, t, d in typeset.INPUTS]
    assert [(r.name, r.type.text) for r in command.outputs] == [(o[0], o[3]) for o in typeset.OUTPUTS]
    assert [(c.name, c.type.text, _squeeze(c.value), c.before) for c in command.context] == [
        (n, t, _squeeze(v), b == "true") for n, t, v, b, _d in typeset.CONTEXT]
    # the failure-conditions table continues on the next page under its repeated header
    assert [(c.id, c.pre, c.post) for c in command.failure_conditions] == typeset.FAILURES
    assert [o.text for o in command.failure_ordering] == [typeset.ORDERING]
    assert [(c.id, c.pre, c.post) for c in command.success_conditions] == [
        (i, None, text) for i, text in typeset.SUCCESS]
    assert [(f.id, f.value) for f in command.footprint] == typeset.FOOTPRINT
    function = ir.functions[0]
    assert function.name == "AddrInRange"
    assert function.signatures[0].text == "func AddrInRange(addr : Address, base : Address, size : integer) => boolean"
    # code keeps its indentation in characters
    assert function.body == typeset.CODE[typeset.CODE.index("begin"):]
    struct = ir.types[0]
    assert (struct.name, struct.kind, struct.width) == ("RmmRealmParams", "struct", 4096 * 8)
    assert [(m.name, m.offset, m.type.text, m.description) for m in struct.members] == [
        (n, integer(o), t, d) for n, o, t, d in typeset.MEMBERS]
    assert not [d for d in ir.diagnostics if d.severity.value == "error"]


def test_both_producers_give_the_same_ir(reportlab_file, chromium_file):
    ours, theirs = (without_locations(to_data(_ir(p))) for p in (reportlab_file, chromium_file))
    ours["document"].pop("source", None), theirs["document"].pop("source", None)
    assert list(_differences(ours, theirs)) == []


def test_justified_prose_without_a_grid_is_one_paragraph(typeset_file):
    doc = _layout(typeset_file)
    prose = [line for line in doc.lines() if line.plain.startswith("Creates a Data Granule")][0]
    gaps = [w.gap for w in prose.words[1:]]
    assert min(gaps) > 1.1 and max(gaps) - min(gaps) < 0.05  # justified: even blanks, wider than a space
    section = [s for s in read_structure(doc).sections if s.number == "B2.1"][0]
    assert section.blocks[0].text == typeset.PROSE


def test_heading_with_wide_word_spacing_is_a_section(typeset_file):
    doc = _layout(typeset_file)
    heading = [line for line in doc.lines() if line.plain == "B2.1 RMI_DATA_CREATE command"][0]
    assert min(w.gap for w in heading.words[1:]) > 2  # words far apart, several spaces
    numbers = [(s.number, s.title) for s in read_structure(doc).sections]
    assert ("B2.1", "RMI_DATA_CREATE command") in numbers
    assert ("B2.1.1.1", "Input values") in numbers and ("C1.1", "RmmRealmParams type") in numbers


def test_table_continues_under_a_repeated_shaded_header(typeset_file):
    doc = _layout(typeset_file)
    headers = [line for line in doc.lines() if line.plain == "ID Condition"]
    pages = {line.page for line in headers}
    assert len(pages) >= 2 and all(line.shade for line in headers)  # repeated, and shaded
    section = [s for s in read_structure(doc).sections if s.number == "B2.1.2"][0]
    (table,) = section.tables
    assert len({line.page for row in table.rows for line in row.lines}) >= 2
    assert [row.get("ID") for row in table.rows] == [f[0] for f in typeset.FAILURES]


def test_browser_print_header_and_footer_are_furniture(chromium_file):
    doc = _layout(chromium_file)
    texts = [line.plain for line in doc.lines()]
    assert any(t.startswith("file://") for t in texts) and any(re.search(r"\b\d+/\d+/\d+, \d+:\d+", t) for t in texts)
    body = [line.plain for line in read_structure(doc).body.lines]
    assert not [t for t in body if "file://" in t or re.search(r"\d+/\d+/\d+, \d+:\d+", t)
                or "Non-Confidential" in t or t.startswith("Arm Realm Management Monitor specification DEN0137")]


@pytest.mark.parametrize("engine, style", [
    ("chromium", "a5-serif"), ("chromium", "letter-landscape"),
    ("wkhtmltopdf", "a5-serif"), ("wkhtmltopdf", "letter-landscape"),
    ("libreoffice", "letter-landscape"), ("libreoffice", "legal-unruled"),
    ("weasyprint", "a5-serif"), ("weasyprint", "legal-unruled"),
])
def test_a_text_typeset_anew_gives_its_ir(tmp_path, engine, style):
    """``scripts/retypeset.py``: the mini spec text, read by the structure stage, written as
    HTML and printed in a style unlike the corpus's (page size, fonts, table rules) by four
    engines -- Chromium, wkhtmltopdf (QtWebKit: pages shown through a clipping window),
    LibreOffice (its own column widths, cells centred vertically, names broken where a
    narrow column ends) and WeasyPrint (headings wrapped on narrow pages, justified cells) --
    gives the text's IR: no change at all, editorial ones included.
    An engine that is not installed skips, saying so."""
    import importlib.util
    import shutil
    from pathlib import Path

    from specgen.diff import diff_irs
    from tests.fixtures.minispec import minispec_text

    script = Path(__file__).resolve().parents[2] / "scripts" / "retypeset.py"
    spec = importlib.util.spec_from_file_location("retypeset", script)
    retypeset = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(retypeset)
    program, typeset_pdf = retypeset.ENGINES[engine]
    installed = typeset.find_chromium() if engine == "chromium" else shutil.which(program)
    if installed is None:
        pytest.skip(f"{program} not installed (apt-get install {engine if engine != 'libreoffice' else 'libreoffice-writer-nogui'}): "
                    "nothing to print the HTML with")
    text = tmp_path / "mini.txt"
    text.write_text(minispec_text(), encoding="utf-8")
    page = tmp_path / "mini.html"
    page.write_text(retypeset.document_html(text, style), encoding="utf-8")
    pdf = tmp_path / "mini.pdf"
    typeset_pdf(page, pdf)
    changes = diff_irs(extract_file(text), extract_file(pdf)).changes
    assert [change.detail for change in changes] == []
