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


#: Every diagnostic's stable code and what it means (documented in the README, "Diagnostics").
CODES: dict[str, str] = {
    "SG000": "other problem (a stage that does not classify its diagnostics yet)",
    "SG100": "extraction: a problem its stage does not classify (none is emitted: every extraction diagnostic has its own code)",
    "SG101": "extraction: a cell value not understood (bit range, number, width)",
    "SG102": "extraction: a cell that names no type",
    "SG103": "extraction: the FID in a command's interface and in the FID table differ",
    "SG104": "extraction: a table row the reader repaired (a cell split from its glued neighbour, a stray letter dropped, a row of only a type joined to the row above)",
    "SG105": "extraction: a table row that may be the rest of the name above it, broken where its column ends (kept as a row of its own)",
    "SG110": "document: it names another revision than the one given (--revision); extracted as the given one",
    "SG111": "document: it does not say it is DEN0137; read as DEN0137 because a revision was given",
    "SG112": "document: a page without extractable text (an image or a scan); its content is not extracted",
    "SG113": "document: a page with only running headers and footers",
    "SG114": "document: no command, function or type section found (nothing to extract; exit 2)",
    "SG115": "document: no command section in the input (functions or types only)",
    "SG120": "sections: a heading-like line of a command, function or type not taken as a section (and why)",
    "SG121": "sections: a heading-like line read as text (and why)",
    "SG122": "sections: a command, function or type heading whose name is not such a name; not extracted",
    "SG123": "sections: lines before the first section heading, not extracted",
    "SG124": "sections: lines after a break in the text (pages left out or without text), not extracted",
    "SG125": "sections: part of a command whose heading is not in the input, not extracted",
    "SG126": "sections: a section that is not a command, function or type, not extracted",
    "SG130": "command: an interface specgen does not know (extracted with it)",
    "SG131": "command: an expected subsection is missing",
    "SG132": "command: no FID found",
    "SG133": "command: a subsection given twice (the first is kept)",
    "SG134": "command: a subsection with tables specgen does not extract",
    "SG135": "command: a subsection of prose, not extracted",
    "SG136": "command: text in a subsection beside its table, not extracted",
    "SG137": "command: a further table in a subsection, not extracted",
    "SG138": "command: a subsection without the table it should have",
    "SG140": "command row: an input or output register row not understood (kept as read)",
    "SG141": "command row: a context row without name or value",
    "SG142": "command row: a context Before cell that is neither true nor false",
    "SG143": "command row: a context Before cell left empty in the document (before: null)",
    "SG144": "command row: a failure or success condition row without ID or condition",
    "SG145": "command row: a condition with pre: but no post: (kept as post)",
    "SG146": "command row: a failure condition without pre:/post: (kept as post)",
    "SG147": "command row: a footprint row without ID or value",
    "SG150": "ordering: text in the failure ordering that is neither a statement nor the diagram",
    "SG151": "ordering: a statement that does not end",
    "SG152": "ordering: a statement that is not '[ids] < [ids]'",
    "SG160": "function: no signature found",
    "SG161": "function: a signature not understood",
    "SG162": "function: a signature naming another function than its heading",
    "SG163": "function: a parameter without type",
    "SG164": "function: 'begin' without matching 'end'",
    "SG165": "function: several bodies (kept in order)",
    "SG166": "function: text after its pseudocode, not extracted",
    "SG170": "type: described in prose only, without table (no members)",
    "SG171": "type: a table that is not a member table, not extracted",
    "SG172": "type: a member table row without a name",
    "SG200": "condition language: text that does not parse (with a caret)",
    "SG201": "name resolution: a name, function, member or ordering id that does not resolve",
    "SG300": "layout: the size of a type the document does not size, inferred from its smallest span",
    "SG301": "layout: a member whose size is not stated, taking the space up to the next member",
    "SG302": "layout: members overlapping or past the stated width, uneven arrays",
    "SG400": "python model: a spec function (without body) or prose condition the runtime does not bind",
    "SG401": "python model: an element defined twice, a name hiding another, an unknown ordering id",
    "SG402": "python model: a function, condition, context value or footprint item not modelled",
    "SG403": "generation: a name from the document that cannot be used as an identifier",
    "SG500": "C header: an element the header cannot express",
    "SG501": "C header: two elements would get the same C name (naming profile)",
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding of any stage: severity, message, where in the document, stable code."""

    severity: Severity
    message: str
    loc: Location | None = None
    code: str = "SG000"

    def __str__(self) -> str:
        return render(self)


def render(diagnostic: Diagnostic) -> str:
    """The one way a diagnostic is shown: ``page P, line L (section S): warning SG101: …``."""
    where = f"{diagnostic.loc}: " if diagnostic.loc else ""
    return f"{where}{diagnostic.severity.value} {diagnostic.code}: {diagnostic.message}"


class Diagnostics:
    """The sink every stage collects its diagnostics in (errors are values, not exceptions);
    ``default_code`` classifies what a call site does not."""

    def __init__(self, default_code: str = "SG000") -> None:
        self.items: list[Diagnostic] = []
        self.default_code = default_code

    def add(self, severity: Severity, message: str, where: Location | None = None, code: str | None = None) -> None:
        self.items.append(Diagnostic(severity, message, where, code or self.default_code))

    def error(self, message: str, where: Location | None = None, code: str | None = None) -> None:
        self.add(Severity.ERROR, message, where, code)

    def warn(self, message: str, where: Location | None = None, code: str | None = None) -> None:
        self.add(Severity.WARNING, message, where, code)

    def info(self, message: str, where: Location | None = None, code: str | None = None) -> None:
        self.add(Severity.INFO, message, where, code)


class InputError(Exception):
    """The input cannot be processed at all (wrong file type, damaged, not DEN0137)."""

    def __init__(self, path: str, message: str, loc: Location | None = None):
        self.path = path
        self.message = message
        self.loc = loc
        where = f":{loc}" if loc else ""
        super().__init__(f"{path}{where}: {message}")
