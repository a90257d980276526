"""Helpers shared by the command, function and type extractors."""

from __future__ import annotations

import re

from specgen.diagnostics import Diagnostics, Location
from specgen.pdf.model import Line
from specgen.structure.document import Paragraph
from specgen.structure.joining import join_wrapped
from specgen.structure.sections import Section


def loc(line: Line, section: str) -> Location:
    return Location(page=line.page, line=line.line, section=section)


def normalise(text: str) -> str:
    """Collapse whitespace runs (wrapped lines joined by one space)."""
    return " ".join(text.split())


# The continuation glyph of the spec's listings: where a line of code was broken to fit, the
# typesetter puts a hooked arrow at the start of the continuation, which text extraction
# gives as ",→" (or the arrow alone). It is typography, not text: the line goes on where it
# was broken -- with no space before a closing bracket, an index or a member, or after an
# opening bracket, and with one space otherwise.
_CONTINUATION = re.compile(r"\s*(?:,\u2192|\u2192|\u21aa)\s*")


def _join_continuation(match: re.Match) -> str:
    text = match.string
    before = text[: match.start()].rstrip()[-1:]
    after = text[match.end():][:1]
    return "" if before in ("(", "[") or after in (")", "]", "[", ".", ",") or not before or not after else " "


def code_text(text: str) -> str:
    """Condition, value and ordering text: continuation glyphs joined, whitespace collapsed."""
    return normalise(_CONTINUATION.sub(_join_continuation, text))


def report_repairs(what: str, row, where: Location, out: "Collector") -> None:
    """Tell the user what the table reader undid in a row's cells (it is a judgement)."""
    for repair in row.repairs:
        out.info(f"{what}: {repair}", where, code="SG104")
    for doubt in row.doubts:
        out.warn(f"{what}: {doubt}", where, code="SG105")


def prose(lines: tuple[Line, ...]) -> str:
    return join_wrapped(line.plain for line in lines)


def paragraphs(section: Section) -> list[Paragraph]:
    """The section's blocks that are not tables."""
    return [block for block in section.blocks if isinstance(block, Paragraph)]


def lines_before_first_table(section: Section) -> tuple[Line, ...]:
    lines: list[Line] = []
    for block in section.blocks:
        if not isinstance(block, Paragraph):
            break
        lines.extend(block.lines)
    return tuple(lines)


class Collector(Diagnostics):
    """The diagnostics sink of one extraction run (code SG100 unless a call site says)."""

    def __init__(self) -> None:
        super().__init__(default_code="SG100")


_PARENS = [(re.compile(r"\(\s+"), "("), (re.compile(r"\s+\)"), ")"), (re.compile(r"\s+,"), ",")]


def tidy_code(text: str) -> str:
    """Join wrapped code and drop the blanks wrapping leaves after '(' and before ')'."""
    text = normalise(text)
    for pattern, replacement in _PARENS:
        text = pattern.sub(replacement, text)
    return text
