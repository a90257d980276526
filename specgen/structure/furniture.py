"""Remove page furniture: running headers, footers, page numbers, contents pages.

Why by recurrence and position, not by coordinates: Arm's PDFs and pdftotext text place
furniture differently, and chapter titles in running headers change every chapter. Two
signals are used instead:

* text recurrence: a line among the first or last few of a page whose text, with digits
  folded, recurs on several pages at the same distance from the page edge (copyright
  footer, "Non-Confidential", chapter header);
* position recurrence: once those lines are known, the (edge, rank, x) slot they occupy is
  a furniture slot, so the per-page running section title ("C1.19. RmmRec type"), which
  never recurs as text, is recognised by standing in such a slot.

Contents pages are recognised by their dotted leaders ending in page numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from specgen.pdf.model import LayoutDocument, Line
from specgen.structure.sections import CHAPTER
from specgen.structure.tables import header_cells

EDGE_LINES = 3  # how many lines at the top and bottom of a page may be furniture
_DIGITS = re.compile(r"\d+")
_TOC_LEADER = re.compile(r"(\.\s?){4,}\s*\d+$")
_WATERMARK = re.compile(r"^(D\s?R\s?A\s?F\s?T|CONFIDENTIAL)$")


@dataclass(frozen=True, slots=True)
class BodyText:
    """The document's body lines in reading order, with what was removed counted."""

    lines: tuple[Line, ...]
    furniture: int
    contents: int


def _edge_candidates(lines: tuple[Line, ...]) -> list[tuple[str, int, Line]]:
    """Lines near the page edges that may be furniture. Table header rows repeated at the top
    of a continuation page, and chapter headings ("Chapter C1"), recur like furniture but are
    structure (a table may start on that page; a chapter ends the section before it), so
    they are never candidates -- and neither is anything beyond them: furniture stands
    between the page edge and the body, so the rows under a repeated header (which may look
    alike from page to page) are body."""
    def outside_body(edge_lines):
        for line in edge_lines:
            if header_cells(line) is not None or CHAPTER.match(line.text.strip()):
                return
            yield line

    top = [("top", rank, line) for rank, line in enumerate(outside_body(lines[:EDGE_LINES]))]
    # A page of only a few lines (a page whose body ends early, a page left blank but for
    # its footer) still has its footer at the bottom: its lines are candidates from both edges.
    bottom = [("bottom", rank, line) for rank, line in enumerate(outside_body(reversed(lines[-EDGE_LINES:])))]
    return top + bottom


def _fold(line: Line) -> str:
    return _DIGITS.sub("#", " ".join(line.text.split()))


def _place(edge: str, line: Line, height: float) -> tuple[str, str, int]:
    """A candidate's text (digits folded) and how many line heights it stands from its
    page edge: a running header or footer recurs at the same place, a body line that
    happens to recur near the edge (the last row of tables split across pages) does not."""
    distance = line.top if edge == "top" else height - line.top
    return edge, _fold(line), round(distance / max(line.bottom - line.top, 1e-6))


def find_furniture(doc: LayoutDocument) -> set[tuple[int, int]]:
    """Return (page, line) keys of furniture lines."""
    pages = [p for p in doc.pages if p.lines]
    # Footers stand on every page, running headers on every page of a chapter: a fifth of
    # the pages is far above what any body line (a chapter title page, say) reaches.
    min_pages = max(2, -(-len(pages) // 5))
    text_counts: Counter[tuple[str, str, int]] = Counter()
    for page in pages:
        seen = {_place(edge, line, page.height) for edge, _, line in _edge_candidates(page.lines)}
        text_counts.update(seen)
    recurring = {key for key, count in text_counts.items() if count >= min_pages}

    furniture: set[tuple[int, int]] = set()
    slots: Counter[tuple[str, int, int]] = Counter()
    for page in pages:
        for edge, rank, line in _edge_candidates(page.lines):
            if _place(edge, line, page.height) in recurring:
                furniture.add((line.page, line.line))
                slots[(edge, rank, round(line.x0))] += 1
    furniture_slots = {slot for slot, count in slots.items() if count >= min_pages}
    for page in pages:
        for edge, rank, line in _edge_candidates(page.lines):
            if (edge, rank, round(line.x0)) in furniture_slots:
                furniture.add((line.page, line.line))
    return furniture


def is_contents_line(line: Line) -> bool:
    return bool(_TOC_LEADER.search(line.text))


def body_text(doc: LayoutDocument, furniture: set[tuple[int, int]] | None = None) -> BodyText:
    """The document's lines without furniture (``find_furniture``, unless given), contents
    lines and watermark lines."""
    furniture = find_furniture(doc) if furniture is None else furniture
    kept: list[Line] = []
    removed_furniture = removed_contents = 0
    for line in doc.lines():
        if (line.page, line.line) in furniture or _WATERMARK.match(line.text.strip()):
            removed_furniture += 1
        elif is_contents_line(line):
            removed_contents += 1
        else:
            kept.append(line)
    return BodyText(tuple(kept), removed_furniture, removed_contents)
