"""Sections: find numbered headings and group body lines under them.

Why by structure: chapter numbers move between revisions (RMI commands are B3.3 in eac3
and B4.3 in rel0), so nothing here knows a section number. A heading is a line that starts
with a section number (``B4.3.1``, ``C1.19``; running-header style ``B4.3.`` with a trailing
dot is not a heading) followed by a title, and whose number continues the numbering seen so
far (a child, sibling or next ancestor-level section), which keeps table cells or prose that
happen to start with such a token from opening a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from specgen.pdf.model import Line
from specgen.structure.headings import numbered_heading
from specgen.structure.tables import Table

CHAPTER = re.compile(r"^(?:Chapter|Part|Appendix)\s+(?P<number>[A-Z]\d*)$")


@dataclass(frozen=True, slots=True)
class Section:
    number: str
    title: str
    heading: Line
    lines: tuple[Line, ...]  # body lines up to the next heading of any level
    # The lines as tables and paragraphs (``structure.document.blocks_of``), filled in by
    # ``structure.document.read_structure``.
    blocks: tuple = ()

    @property
    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1

    def is_within(self, ancestor: str) -> bool:
        return self.number.startswith(ancestor + ".")


def _parts(number: str) -> tuple[str, ...]:
    return tuple(number.split("."))


def _continues(previous: str | None, number: str) -> bool:
    """Is ``number`` a plausible next heading after ``previous``?"""
    parts = _parts(number)
    if previous is None or len(parts) <= 2:
        return True  # first heading, or a chapter-level section (chapters change freely)
    prev = _parts(previous)
    parent = parts[:-1]
    if prev[: len(parent)] != parent:
        return False
    if len(prev) == len(parent):
        return parts[-1] == "1"  # first child
    return int(parts[-1]) > int(prev[len(parent)])  # a later sibling of prev or its ancestor


def heading_of(line: Line) -> tuple[str, str] | None:
    """(number, title) when the line looks like a numbered heading (``headings``)."""
    return numbered_heading(line)


def split_sections(lines: tuple[Line, ...]) -> list[Section]:
    """Numbered headings, and chapter/part title pages ("Chapter C1" + "RMM types" on the
    next line), which end the section before them."""
    headings: list[tuple[int, int, str, str]] = []  # (heading index, body start, number, title)
    previous: str | None = None
    for index, line in enumerate(lines):
        chapter = CHAPTER.match(line.text.strip())
        if chapter and index + 1 < len(lines):
            headings.append((index, index + 2, chapter["number"], lines[index + 1].text.strip()))
            continue
        found = heading_of(line)
        if found and _continues(previous, found[0]):
            headings.append((index, index + 1, *found))
            previous = found[0]
    sections = []
    for position, (index, body, number, title) in enumerate(headings):
        end = headings[position + 1][0] if position + 1 < len(headings) else len(lines)
        sections.append(Section(number, title, lines[index], tuple(lines[body:end])))
    return sections
