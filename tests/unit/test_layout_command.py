"""``specgen layout SPEC --page N [--png FILE]``: what was read on a page, in words and drawn
over the page image (no corpus needed: the typesetting test document and the mini spec)."""

from __future__ import annotations

import pytest

pytest.importorskip("reportlab", reason="reportlab (a test dependency) typesets the test PDF")

from click.testing import CliRunner

from specgen.cli import main
from tests.fixtures import typeset
from tests.fixtures.minispec import minispec_text
from tests.unit.test_diff_html_browser import png_pixels


@pytest.fixture(scope="module")
def spec_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("layout") / "spec.pdf"
    path.write_bytes(typeset.reportlab_pdf())
    return path


def test_layout_lists_furniture_headings_paragraphs_and_tables(spec_pdf):
    result = CliRunner().invoke(main, ["layout", str(spec_pdf), "--page", "2"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "page 2 of" in out and "one character column = 4.800 pt" in out
    assert "furniture  line 1: Arm Realm Management Monitor specification" in out
    assert "heading    line" in out and ": B2.1 RMI_DATA_CREATE command" in out
    assert "paragraph" in out and "Creates a Data Granule" in out
    assert "Name at " in out and "Register at " in out and "Description at " in out
    assert "row: Name=rd | Register=X1 | Bits=63:0 | Type=Address | Description=PA of the RD" in out


def test_layout_png_draws_what_was_read_over_the_page(spec_pdf, tmp_path):
    png = tmp_path / "page.png"
    result = CliRunner().invoke(main, ["layout", str(spec_pdf), "--page", "2", "--png", str(png)])
    assert result.exit_code == 0, result.output
    width, height, rows = png_pixels(png.read_bytes())
    assert width > 800 and height > 1100  # A4 at 110 dpi
    channels = len(rows[0]) // width
    pixels = {row[x:x + 3] for row in rows[::2] for x in range(0, len(row), channels)}

    def drawn(colour) -> int:  # strokes are drawn slightly translucent over the page
        return sum(1 for p in pixels if all(abs(a - b) <= 30 for a, b in zip(p, colour)))

    assert drawn((20, 80, 220))  # heading outlines
    assert drawn((210, 0, 0))  # table outlines
    assert drawn((230, 130, 0))  # column starts


def test_layout_of_a_text_and_its_errors(tmp_path, spec_pdf):
    text = tmp_path / "mini.txt"
    text.write_text(minispec_text(), encoding="utf-8")
    result = CliRunner().invoke(main, ["layout", str(text), "--page", "6"])
    assert result.exit_code == 0, result.output
    assert "(text)" in result.output and "ID at column 2, Condition at column" in result.output
    refused = CliRunner().invoke(main, ["layout", str(text), "--page", "6", "--png", str(tmp_path / "x.png")])
    assert refused.exit_code == 2 and not (tmp_path / "x.png").exists()
    missing = CliRunner().invoke(main, ["layout", str(spec_pdf), "--page", "99"])
    assert missing.exit_code == 2 and "page 99 does not exist" in missing.output


def test_layout_shows_lines_no_section_holds_and_two_line_headings_once(tmp_path):
    text = tmp_path / "mini.txt"
    text.write_text(minispec_text(), encoding="utf-8")
    title_page = CliRunner().invoke(main, ["layout", str(text), "--page", "1"])
    assert title_page.exit_code == 0, title_page.output
    assert "outside    line 4: Arm® Realm Management Monitor specification" in title_page.output
    chapter_page = CliRunner().invoke(main, ["layout", str(text), "--page", "3"]).output
    assert chapter_page.count(": B1 Command condition functions") == 1  # "Chapter B1" above its title
    assert "outside" not in chapter_page  # its title line belongs to the heading


def test_layout_table_holds_the_rows_of_dots_it_skips(tmp_path):
    text = tmp_path / "fids.txt"
    text.write_text("B4.3 RMI commands\n        FID             Command\n        0xC4000150      RMI_VERSION\n"
                    "        . . .\n        0xC4000157      RMI_REALM_ACTIVATE\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["layout", str(text), "--page", "1"])
    assert result.exit_code == 0, result.output
    assert "table      lines 2-5 (B4.3)" in result.output and "outside" not in result.output
    assert "row: FID=0xC4000157 | Command=RMI_REALM_ACTIVATE" in result.output
