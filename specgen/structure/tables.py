"""Tables: split body lines into rows and cells using the header row's geometry.

Why header geometry: the spec's tables have no ruling that survives pdftotext, and cells
wrap over several lines (conditions, context values, descriptions). Each header cell's x
start opens a column; every later chunk belongs to the column it starts in. A line whose
first column is filled starts a new row, other lines continue the previous row's cells. A
header row repeated after a page break (possibly with new column positions) re-opens the
columns and is not a row. Prose after a table ends it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from specgen.pdf.model import Line

# Header cells the spec's tables use; a header row starts with one of ROW_KEYS.
HEADER_WORDS = frozenset(
    {"Name", "Register", "Bits", "Type", "Description", "Value", "Before", "ID", "Condition",
     "Byte offset", "Offset", "Encoding", "FID", "Command", "Scenario", "Field", "Width"}
)
ROW_KEYS = frozenset({"Name", "ID", "Encoding", "FID", "Scenario", "Field"})
# Columns whose cells name a row (identifiers, encodings, offsets), never prose.
_IDENTIFIER_COLUMNS = frozenset({"Name", "ID", "FID", "Encoding", "Field"})
# Columns whose cells are one token (a name, a register, a type, an offset).
_SINGLE_TOKEN_COLUMNS = _IDENTIFIER_COLUMNS | {"Register", "Bits", "Type", "Byte offset", "Before"}
_IDENTIFIER = re.compile(r"^[A-Za-z0-9_.\[\]:]+$")
# Header wordings a revision may use for the same column: any case, plurals, a few synonyms.
# Cells are named by the canonical word, so extractors ask for "Condition" whatever the
# document printed ("Conditions", "CONDITION").
_CANONICAL = {word.lower(): word for word in HEADER_WORDS}
_CANONICAL.update({f"{word.lower()}s": word for word in HEADER_WORDS if not word.endswith("s")})
_CANONICAL.update({"identifier": "ID", "ids": "ID", "bit": "Bits", "bit range": "Bits", "bit field": "Field",
                   "byte offsets": "Byte offset", "register name": "Register"})


def canonical_header(text: str) -> str:
    """The canonical name of a header cell (``Conditions`` -> ``Condition``), or the text."""
    return _CANONICAL.get(" ".join(text.split()).lower(), text)


COLUMN_TOLERANCE = 1.5  # columns: a chunk starting this far left of a column still belongs to it
KEY_INDENT = 4.0  # columns: a first-column chunk indented further is not a row name


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[tuple[str, str], ...]  # (column name, text joined with single spaces)
    lines: tuple[Line, ...]  # the source lines of the row
    repairs: tuple[str, ...] = ()  # what was undone in its cells (residue glyphs, glued cells)

    def get(self, column: str, default: str = "") -> str:
        for name, text in self.cells:
            if name == column:
                return text
        return default

    @property
    def first(self) -> Line:
        return self.lines[0]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    header_line: Line


def header_cells(line: Line) -> tuple[str, ...] | None:
    """The header cell names if the line is a table header row, else None."""
    texts = tuple(canonical_header(chunk.text) for chunk in line.chunks)
    if len(texts) < 2 or texts[0] not in ROW_KEYS:
        return None
    known = sum(text in HEADER_WORDS for text in texts)
    if known < len(texts) - 1 or any(len(text.split()) > 3 for text in texts):
        return None
    return texts


@dataclass(slots=True)
class _Columns:
    names: tuple[str, ...]
    starts: tuple[float, ...]

    @classmethod
    def from_header(cls, line: Line) -> _Columns:
        return cls(tuple(canonical_header(c.text) for c in line.chunks), tuple(c.x0 for c in line.chunks))

    def index_of(self, x0: float) -> int | None:
        if x0 < self.starts[0] - COLUMN_TOLERANCE:
            return None
        index = 0
        for i, start in enumerate(self.starts):
            if x0 >= start - COLUMN_TOLERANCE:
                index = i
        if index == 0 and x0 > self.starts[0] + KEY_INDENT and len(self.starts) > 1:
            # Names are aligned at their column start; an indented chunk there is the next
            # cell of a row whose name was too wide ("max_num_aux_planes" / "   UInt64").
            index = min(range(len(self.starts)), key=lambda i: abs(self.starts[i] - x0))
        return index


def _split_line(columns: _Columns, line: Line, repairs: list[str] | None = None) -> list[list[str]] | None:
    cells: list[list[str]] = [[] for _ in columns.names]
    placed: list[tuple[int, object]] = []
    for chunk in line.chunks:
        index = columns.index_of(chunk.x0)
        if index is None:
            return None
        placed.append((index, chunk))
    filled = {index for index, _chunk in placed}
    for index, chunk in placed:
        glued = _unglue(columns, index, chunk) if index + 1 not in filled else None
        if glued is None:
            cells[index].append(chunk.text)
            continue
        head, tail = glued
        cells[index].append(head)
        cells[index + 1].append(tail)
        if repairs is not None:
            repairs.append(f"split {chunk.text!r}, which runs over the start of column {columns.names[index + 1]!r}, "
                           f"into {head!r} and {tail!r}")
    _drop_stray_letters(columns, cells, repairs)
    return cells


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _unglue(columns: _Columns, index: int, chunk) -> tuple[str, str] | None:
    """A one-token cell glued to the next cell's text with no gap (``PsciInterfaceVersion``
    + ``Interface version`` read as ``PsciInterfaceVersionInterface version``): the chunk's
    first word runs over the next column's start while that cell is empty on this line.
    Split the word where a new capitalised word begins at that column's start (within a few
    characters: a PDF's glyph widths only estimate where each character stands)."""
    if index + 1 >= len(columns.names) or columns.names[index] not in _SINGLE_TOKEN_COLUMNS or " " not in chunk.text:
        return None
    word, rest = chunk.text.split(" ", 1)
    width = (chunk.x1 - chunk.x0) / max(len(chunk.text), 1)  # columns per character
    boundary = (columns.starts[index + 1] - chunk.x0) / width if width > 0 else 0.0  # in characters
    if not _IDENTIFIER.match(word) or len(word) <= boundary + 1:
        return None
    splits = [m.start() for m in _CAMEL.finditer(word) if abs(m.start() - boundary) <= max(2.0, 0.15 * boundary)]
    if not splits:
        return None
    at = min(splits, key=lambda position: abs(position - boundary))
    return word[:at], f"{word[at:]} {rest}"


_STRAY = re.compile(r"^[A-Za-z]$")


def _drop_stray_letters(columns: _Columns, cells: list[list[str]], repairs: list[str] | None) -> None:
    """A lone letter standing apart inside a one-token cell (``Bits64`` and, several columns
    off, ``T``) is residue -- a letter of a watermark that the text extraction kept -- not
    part of a name, register, bit range or type, which are never split by a wide gap."""
    for index, name in enumerate(columns.names):
        fragments = cells[index]
        if name not in _SINGLE_TOKEN_COLUMNS or len(fragments) < 2:
            continue
        kept = [f for f in fragments if not _STRAY.match(f)]
        if kept and len(kept) < len(fragments):
            dropped = [f for f in fragments if _STRAY.match(f)]
            cells[index] = kept
            if repairs is not None:
                repairs.append(f"dropped stray {' '.join(dropped)!r} from the {name} cell {' '.join(kept)!r}")


def _is_prose(columns: _Columns, cells: list[list[str]], line: Line) -> bool:
    """A line that is really running text after the table: a single chunk standing in a
    name column, that is not a name."""
    first = " ".join(cells[0])
    if len(line.chunks) != 1 or not first or columns.names[0] not in _IDENTIFIER_COLUMNS:
        return False
    return not _IDENTIFIER.match(first)


def _repair_overflow(columns: _Columns, cells: list[list[str]]) -> None:
    """Undo two artefacts of a cell wider than its column (pdftotext and PDFs alike): the
    cell runs into the next, empty, cell with one space ("host_call_pending
    RmmHostCallPending", "RmmRttWalkNotAligned RttWalkAnyNotAligned("), or a name is broken
    inside a word ("lowest_affinity_leve l"). Only single-token columns are repaired."""
    for index, name in enumerate(columns.names[:-1]):
        if name not in _SINGLE_TOKEN_COLUMNS or len(cells[index]) != 1 or " " not in cells[index][0]:
            continue
        first, rest = cells[index][0].split(" ", 1)
        if not _IDENTIFIER.match(first):
            continue
        if not cells[index + 1]:
            cells[index] = [first]
            cells[index + 1] = [rest]
        elif name in _IDENTIFIER_COLUMNS and all(_IDENTIFIER.match(w) for w in rest.split(" ")):
            cells[index] = [first + rest.replace(" ", "")]


def parse_table(lines: tuple[Line, ...], start: int) -> tuple[Table, int]:
    """Parse the table whose header row is ``lines[start]``; return it and the index of the
    first line after it."""
    header_line = lines[start]
    columns = _Columns.from_header(header_line)
    key_columns = {0} | {i for i, n in enumerate(columns.names) if n == "Bits" and "Register" not in columns.names}
    rows: list[tuple[list[list[str]], list[Line], list[str]]] = []
    index = start + 1
    while index < len(lines):
        line = lines[index]
        header = header_cells(line)
        if header is not None:
            if header != columns.names:
                break
            columns = _Columns.from_header(line)  # repeated header after a page break
            index += 1
            continue
        repairs: list[str] = []
        cells = _split_line(columns, line, repairs)
        if cells is None or _is_prose(columns, cells, line):
            break
        _repair_overflow(columns, cells)
        starts_row = any(cells[i] for i in key_columns) or not rows
        if starts_row:
            rows.append(([[] for _ in columns.names], [], []))
        row_cells, row_lines, row_repairs = rows[-1]
        row_repairs.extend(repairs)
        for target, fragments in zip(row_cells, cells):
            if fragments:
                target.append(" ".join(fragments))
        row_lines.append(line)
        index += 1
    built = tuple(_build_row(columns.names, cells, row_lines, repairs) for cells, row_lines, repairs in rows)
    return Table(columns.names, built, header_line), index


def _build_row(names: tuple[str, ...], cells: list[list[str]], lines: list[Line], repairs: list[str]) -> Row:
    joined = tuple((name, " ".join(" ".join(parts).split())) for name, parts in zip(names, cells))
    return Row(joined, tuple(lines), tuple(repairs))
