"""Helpers shared by the command, function and type extractors."""

from __future__ import annotations

import re

from specgen.diagnostics import Diagnostics, Location
from specgen.pdf.model import Line
from specgen.structure.tables import Table, header_cells, parse_table


def loc(line: Line, section: str) -> Location:
    return Location(page=line.page, line=line.line, section=section)


def normalise(text: str) -> str:
    """Collapse whitespace runs (wrapped lines joined by one space)."""
    return " ".join(text.split())


def prose(lines: tuple[Line, ...]) -> str:
    return normalise(" ".join(" ".join(c.text for c in line.chunks) for line in lines))


def tables_in(lines: tuple[Line, ...]) -> list[tuple[Table, int, int]]:
    """Every table in ``lines`` with the index range of lines it spans."""
    found = []
    index = 0
    while index < len(lines):
        if header_cells(lines[index]) is not None:
            table, end = parse_table(lines, index)
            found.append((table, index, end))
            index = max(end, index + 1)
        else:
            index += 1
    return found


def lines_before_first_table(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    for index, line in enumerate(lines):
        if header_cells(line) is not None:
            return lines[:index]
    return lines


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
