"""Headings by form and text, numbering only as a tie-breaker; breaks in the text (pages left
out, pages without text, printed page numbers that jump) end the section before them."""

from __future__ import annotations

import pytest

from specgen.pdf.model import LayoutDocument, Page
from specgen.pdf.text_loader import layout_from_text
from specgen.structure.furniture import find_furniture
from specgen.structure.pages import parse_pages, printed_page_numbers, text_breaks, textless_pages
from specgen.structure.sections import find_sections


def _lines(text: str):
    return tuple(line for page in layout_from_text(text, "t.txt", "0" * 64).pages for line in page.lines)


def _known(title: str) -> bool:
    return title.endswith((" command", " function")) or title in ("Interface", "Failure conditions")


def test_excerpt_jumps_are_taken_when_the_title_is_known():
    lines = _lines("B3.27 Foo function\n  text\nB4.3.7 RMI_X command\n  B4.3.7.1 Interface\nB6.3.3 PSCI_Y command\n")
    assert [s.number for s in find_sections(lines, _known).sections] == ["B3.27", "B4.3.7", "B4.3.7.1", "B6.3.3"]


def test_a_jump_confirmed_by_the_next_heading_is_taken():
    """An unknown title whose numbering the next heading continues is an excerpt's jump."""
    lines = _lines("B4.3.1 RMI_X command\n  B4.3.1.1 Interface\nB7.2 Glossary\n  B7.2.1 Terms\n  B7.2.2 Abbreviations\n")
    sectioning = find_sections(lines, _known)
    assert [s.number for s in sectioning.sections] == ["B4.3.1", "B4.3.1.1", "B7.2", "B7.2.1", "B7.2.2"]
    lines = _lines("B4.3.1 RMI_X command\n  B4.3.1.1 Interface\n  B9.9.9.9 Some reference\n  B9.9.9.11 Another\n")
    assert [s.number for s in find_sections(lines, _known).sections] == ["B4.3.1", "B4.3.1.1", "B9.9.9.9", "B9.9.9.11"]


def test_a_doubtful_heading_is_read_as_text_with_the_reason():
    lines = _lines("B4.3.1 RMI_X command\n  B4.3.1.1 Interface\n  B9.9.9.9 Bogus reference\n  B4.3.1.2 Failure conditions\n")
    sectioning = find_sections(lines, _known)
    assert [s.number for s in sectioning.sections] == ["B4.3.1", "B4.3.1.1", "B4.3.1.2"]
    (skipped,) = sectioning.not_taken
    assert (skipped.number, skipped.title) == ("B9.9.9.9", "Bogus reference")
    assert "does not follow B4.3.1.1" in skipped.reason
    assert sectioning.sections[1].lines[-1].text == "B9.9.9.9 Bogus reference"  # kept as the section's text


def test_a_repeated_heading_is_not_a_second_section():
    lines = _lines("B4.3.1 RMI_X command\n  body\nB4.3.1 RMI_X command\n")
    sectioning = find_sections(lines, _known)
    assert [s.number for s in sectioning.sections] == ["B4.3.1"]
    assert "already taken" in sectioning.not_taken[0].reason


def test_a_break_ends_the_section_and_what_follows_is_outside():
    text = "B4.3.1 RMI_X command\n  first page\n\f  continued elsewhere\n  more\nB4.3.2 RMI_Y command\n  body\n"
    lines = _lines(text)
    sectioning = find_sections(lines, _known, breaks={2})
    first, second = sectioning.sections
    assert [line.text for line in first.lines] == ["first page"]
    assert [line.text for line in second.lines] == ["body"]
    ((run, after_break),) = sectioning.outside
    assert after_break and [line.text for line in run] == ["continued elsewhere", "more"]
    # Without the break the same lines continue the section before it.
    assert len(find_sections(lines, _known).sections[0].lines) == 3


def test_a_break_restarts_the_numbering():
    lines = _lines("B4.3.1 RMI_X command\n\fB2.1 Overview\n  B2.1.1 Scope\n")
    assert [s.number for s in find_sections(lines, _known, breaks={2}).sections] == ["B4.3.1", "B2.1", "B2.1.1"]


def test_parse_pages():
    assert parse_pages("30-33") == (30, 31, 32, 33)
    assert parse_pages("14, 31-32,14") == (14, 31, 32)
    for bad in ("3x", "5-2", "0", ""):
        with pytest.raises(ValueError):
            parse_pages(bad)


def _document(footers: list[str], bodies: list[str] | None = None) -> LayoutDocument:
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"]
    bodies = bodies or [f"body about {words[i]}" for i in range(len(footers))]
    pages = [f"Running header\n\n{body}\n\n{footer}\n" for body, footer in zip(bodies, footers)]
    return layout_from_text("\f".join(pages), "d.txt", "0" * 64)


@pytest.mark.parametrize("wording", ["Copyright 2024 Example Ltd.  {n}", "Page {n} of 312", "{n}/312", "- {n} -"])
def test_printed_page_numbers_whatever_the_wording(wording):
    doc = _document([wording.format(n=n) for n in (14, 31, 32, 33, 80)])
    printed = printed_page_numbers(doc, find_furniture(doc))
    assert printed == {1: 14, 2: 31, 3: 32, 4: 33, 5: 80}
    assert text_breaks(doc, find_furniture(doc)) == {2, 5}


def test_no_breaks_in_a_whole_document_and_years_are_not_page_numbers():
    doc = _document([f"(c) 2022-2024 Example  {n}" for n in range(1, 7)])
    assert printed_page_numbers(doc, find_furniture(doc)) == {p: p for p in range(1, 7)}
    assert text_breaks(doc, find_furniture(doc)) == set()


def test_pages_without_text_and_left_out_pages_break_the_text():
    doc = _document([f"Footer  {n}" for n in range(1, 6)])
    doc = LayoutDocument(doc.path, doc.kind, doc.sha256, (doc.pages[0], Page(2, (), 60.0), *doc.pages[2:]))
    furniture = find_furniture(doc)
    assert textless_pages(doc, furniture) == ([2], [])
    assert text_breaks(doc, furniture) == {3}
    assert text_breaks(doc, furniture, selected=[1, 4, 5]) == {4}


def _typeset(top: float, text: str, x0: float = 0.0, bold: bool = True, size: float = 1.2):
    """A PDF-like line (weights and sizes known) at ``top`` (points, 10 pt high)."""
    from specgen.pdf.model import Line, Word

    words, x = [], x0
    for position, part in enumerate(text.split(" ")):
        words.append(Word(part, x, x + len(part), 0.0 if not position else 1.0, bold=bold, size=size))
        x += len(part) + 1
    return Line(1, int(top // 10) + 1, top, tuple(words), top + 10)


def test_a_heading_whose_title_wraps_onto_the_next_line_is_one_heading():
    from specgen.extract.pipeline import recognised_title

    lines = (
        _typeset(0, "B4.3.18 RMI_RTT_INIT_RIPAS command"),
        _typeset(20, "B4.3.19 RMI_RTT_MAP_UNPROTECTED"),
        _typeset(31, "command", x0=8),
        _typeset(45, "Creates a mapping.", bold=False, size=1.0),
        _typeset(60, "B4.3.19.1 Interface", size=1.1),
        _typeset(75, "B4.3.19.1.1 Input values", size=1.0),
        _typeset(88, "Name Register Bits", size=1.0),  # a bold table header under a heading
        _typeset(100, "B4.3.20 Overview of things"),  # not a title the caller knows ...
        _typeset(111, "command", x0=8, bold=False, size=1.0),  # ... and the next line is body text
    )
    sections = find_sections(lines, recognised_title).sections
    assert [(s.number, s.title) for s in sections] == [
        ("B4.3.18", "RMI_RTT_INIT_RIPAS command"), ("B4.3.19", "RMI_RTT_MAP_UNPROTECTED command"),
        ("B4.3.19.1", "Interface"), ("B4.3.19.1.1", "Input values"), ("B4.3.20", "Overview of things")]
    assert [line.plain for line in sections[1].lines] == ["Creates a mapping."]
    assert [line.plain for line in sections[3].lines] == ["Name Register Bits"]


def test_a_section_number_alone_heads_the_title_pushed_onto_the_next_line():
    from specgen.extract.pipeline import recognised_title

    lines = (
        _typeset(0, "B3.120 RttDescriptorDecode function"),
        _typeset(20, "Decodes a descriptor.", bold=False, size=1.0),
        _typeset(40, "B3.121"),
        _typeset(51, "RttDescriptorIsValidForUnprotected function"),
        _typeset(65, "Returns TRUE if valid.", bold=False, size=1.0),
        _typeset(80, "B3.122"),  # a number alone before body text: no heading
        _typeset(91, "Some function", bold=False, size=1.0),
    )
    sections = find_sections(lines, recognised_title).sections
    assert [(s.number, s.title) for s in sections] == [
        ("B3.120", "RttDescriptorDecode function"), ("B3.121", "RttDescriptorIsValidForUnprotected function")]
    assert [line.plain for line in sections[1].lines] == ["Returns TRUE if valid.", "B3.122", "Some function"]
