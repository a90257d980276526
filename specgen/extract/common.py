"""Helpers shared by the command, function and type extractors."""

from __future__ import annotations

import re

from specgen.diagnostics import Diagnostic, Location, Severity
from specgen.pdf.model import Line
from specgen.structure.document import Paragraph
from specgen.structure.sections import Section


def loc(line: Line, section: str) -> Location:
    return Location(page=line.page, line=line.line, section=section)


def normalise(text: str) -> str:
    """Collapse whitespace runs (wrapped lines joined by one space)."""
    return " ".join(text.split())


def prose(lines: tuple[Line, ...]) -> str:
    return normalise(" ".join(line.plain for line in lines))


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


class Collector:
    """Collects diagnostics for one extraction run (errors are values, not exceptions)."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, severity: Severity, message: str, where: Location | None) -> None:
        self.items.append(Diagnostic(severity, message, where))

    def warn(self, message: str, where: Location | None) -> None:
        self.add(Severity.WARNING, message, where)

    def info(self, message: str, where: Location | None) -> None:
        self.add(Severity.INFO, message, where)


_PARENS = [(re.compile(r"\(\s+"), "("), (re.compile(r"\s+\)"), ")"), (re.compile(r"\s+,"), ",")]


def tidy_code(text: str) -> str:
    """Join wrapped code and drop the blanks wrapping leaves after '(' and before ')'."""
    text = normalise(text)
    for pattern, replacement in _PARENS:
        text = pattern.sub(replacement, text)
    return text
