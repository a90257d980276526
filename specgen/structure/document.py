"""The structural model the extractors read: sections made of blocks.

Why one model for both inputs: a ``pdftotext`` text and a typeset PDF say the same things
in different geometry. Once the layout stage has turned either into lines of positioned
words, everything from here on is shared: furniture is removed (``furniture``), numbered
headings cut the body into sections (``sections``), and each section's lines become
blocks -- tables of rows and cells, found from their header row (``tables``), and
paragraphs (every other run of lines: prose, code, the text residue of diagrams). The
extractors read sections and blocks only, never the input's geometry.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from specgen.pdf.model import LayoutDocument, Line
from specgen.structure.furniture import BodyText, body_text, find_furniture
from specgen.structure.joining import join_wrapped
from specgen.structure.pages import text_breaks
from specgen.structure.sections import NotTaken, Section, find_sections
from specgen.structure.tables import TEXT_TOLERANCE, Table, header_at, parse_table


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Consecutive body lines of a section that are not a table."""

    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return join_wrapped(line.plain for line in self.lines)


Block = Paragraph | Table


def blocks_of(lines: tuple[Line, ...], tolerance: float = TEXT_TOLERANCE) -> tuple[Block, ...]:
    """Split a section's lines into tables and the paragraphs between them."""
    blocks: list[Block] = []
    pending: list[Line] = []
    index = 0
    while index < len(lines):
        if header_at(lines, index) is None:
            pending.append(lines[index])
            index += 1
            continue
        if pending:
            blocks.append(Paragraph(tuple(pending)))
            pending = []
        table, end = parse_table(lines, index, tolerance)
        blocks.append(table)
        index = max(end, index + 1)
    if pending:
        blocks.append(Paragraph(tuple(pending)))
    return tuple(blocks)


@dataclass(frozen=True, slots=True)
class Structure:
    """A document's body (furniture removed) and its sections, each with its blocks."""

    body: BodyText
    sections: tuple[Section, ...]
    furniture: frozenset[tuple[int, int]] = frozenset()  # (page, line) of furniture lines
    # Heading-like lines not taken and body lines in no section (``sections.find_sections``).
    not_taken: tuple[NotTaken, ...] = ()
    outside: tuple[tuple[tuple[Line, ...], bool], ...] = ()


def read_structure(layout: LayoutDocument, pages: Collection[int] | None = None,
                   recognised: Callable[[str], bool] | None = None) -> Structure:
    """The structure stage: furniture removed, sections found (``recognised(title)``: titles
    the caller knows, taken as headings whatever their number), each section's blocks.
    ``pages``: read only these 1-based pages (breaks in the text end sections there)."""
    furniture = find_furniture(layout)
    body = body_text(layout, furniture)
    lines = body.lines
    if pages is not None:
        wanted = set(pages)
        lines = tuple(line for line in lines if line.page in wanted)
    sectioning = find_sections(lines, recognised, text_breaks(layout, furniture, pages))
    sections = tuple(
        replace(section, blocks=blocks_of(section.lines, layout.x_tolerance)) for section in sectioning.sections
    )
    return Structure(body, sections, frozenset(furniture), sectioning.not_taken, sectioning.outside)
