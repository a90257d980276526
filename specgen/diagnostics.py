"""Locations and diagnostics shared by every pipeline stage.

Why values, not exceptions: a spec revision has hundreds of tables and conditions; a user
wants every problem in one run, each with the page and line to look at. Stages collect
``Diagnostic`` values; only the CLI decides what to print and how to exit.
``InputError`` is for inputs that cannot be read at all (not a PDF, encrypted, not an RMM
spec): there is nothing to collect, so it is raised and the CLI turns it into exit code 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """Where something came from: 1-based page and line within that page, the section number,
    and (for parse errors) the 1-based column."""

    page: int
    line: int
    section: str = ""
    column: int | None = None

    def __str__(self) -> str:
        text = f"page {self.page}, line {self.line}"
        if self.column is not None:
            text += f", column {self.column}"
        if self.section:
            text += f" (section {self.section})"
        return text


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    message: str
    loc: Location | None = None

    def __str__(self) -> str:
        where = f"{self.loc}: " if self.loc else ""
        return f"{where}{self.severity.value}: {self.message}"


class InputError(Exception):
    """The input cannot be processed at all (wrong file type, damaged, not DEN0137)."""

    def __init__(self, path: str, message: str, loc: Location | None = None):
        self.path = path
        self.message = message
        self.loc = loc
        where = f":{loc}" if loc else ""
        super().__init__(f"{path}{where}: {message}")
