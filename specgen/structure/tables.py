"""Tables: split body lines into rows and cells using the header row's geometry.

Why header geometry: neither input says where a table's cells are -- pdftotext's text has
no ruling, a PDF's blanks between cells can be as narrow as a word space -- and cells wrap
over several lines (conditions, context values, descriptions). The header row is known by
its words (``Name``, ``Register`` ... ``Byte offset``; its cells may wrap over two or three
lines); each header cell's x start opens a column, and every later word belongs to the
column it starts in, unless it runs on, one space after, from a cell that is wider than
its column. A line whose key column is filled starts a new row (in a table that rules its
rows: only below a rule), other lines continue the previous row's cells. A header row
repeated after a page break (possibly with new column positions) re-opens the columns and
is not a row. Running text after a table ends it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from specgen.pdf.model import Line, Word, one_space_on
from specgen.structure.joining import join_wrapped

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
_IDENTIFIER = re.compile(r"^-?[A-Za-z0-9_.\[\]:]+$")  # names, bit ranges, encodings ("-2")
# A row of dots alone: the table leaves rows out there (". . .", "...", "\u2026", "\u22ee").
_ELISION = re.compile(r"^\s*(?:(?:\.\s*){3,}|\u2026|\u22ee)\s*$")
# The rest of a name broken inside a word goes on in lower case ("leve l"), unlike a second
# word ("The RmmRecFlags").
_BROKEN_WORD = re.compile(r"^[a-z0-9_]")
# Columns: a cell of a pdftotext text may start this far left of its header cell (the
# layout's ``x_tolerance``; a PDF's positions are exact and its tolerance far smaller).
TEXT_TOLERANCE = 1.5
KEY_INDENT = 4.0  # columns: a first-column word indented further is not a row name
# A typeset line whose widest blank is at most this many times its narrowest is one flow of
# (justified) text, not cells.
EVEN_SPACING = 1.5
MAX_WORD_SPACE = 3.0  # spaces: no justified line spreads its words further
TOUCHING_SPACE = 0.25  # spaces: a blank this much wider than one space is wider than a word space
MAX_HEADER_LINES = 3  # a header row's cells may wrap over this many lines
RULED_SHARE = 0.5  # a table rules its rows when this share of its row starts has a rule above
# A table sets its rows apart by blank space when blank space wider than its lines' own
# spacing by this share of a line's height stands between its blocks of lines, and this
# share of the blocks that hold a row's key hold one (at least this many of them).
ROW_GAP = 0.5
GAPPED_SHARE = 0.8
MIN_GAPPED_ROWS = 2
# Two lines overlap in height when one starts this share of a line above the other's end.
OVERLAP_SHARE = 0.2
# A name broken at its column's end reaches to within this many character columns of the
# next column (the cell's padding and the glyph that did not fit).
BROKEN_NAME_REACH = 3.0
# Header wordings a revision may use for the same column: any case, plurals, a few synonyms.
# Cells are named by the canonical word, so extractors ask for "Condition" whatever the
# document printed ("Conditions", "CONDITION").
_CANONICAL = {word.lower(): word for word in HEADER_WORDS}
_CANONICAL.update({f"{word.lower()}s": word for word in HEADER_WORDS if not word.endswith("s")})
_CANONICAL.update({"identifier": "ID", "ids": "ID", "bit": "Bits", "bit range": "Bits", "bit field": "Field",
                   "byte offsets": "Byte offset", "register name": "Register"})
# The words header cells are made of (lower case), for telling a stacked header from a row.
_HEADER_TOKENS = frozenset(word for name in _CANONICAL for word in name.split())


def canonical_header(text: str) -> str:
    """The canonical name of a header cell (``Conditions`` -> ``Condition``), or the text."""
    return _CANONICAL.get(" ".join(text.split()).lower(), text)


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[tuple[str, str], ...]  # (column name, text joined with single spaces)
    lines: tuple[Line, ...]  # the source lines of the row
    repairs: tuple[str, ...] = ()  # what was undone in its cells (residue glyphs, glued cells)
    doubts: tuple[str, ...] = ()  # readings the geometry leaves open (kept as read, to be reported)

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
    # Every header row of the table (the first, and each one repeated after a page break)
    # with the column starts it opened: what the debug view draws.
    headers: tuple[tuple[Line, tuple[float, ...]], ...] = ()


def _header_names(cells: list[tuple[str, float]]) -> tuple[str, ...] | None:
    """The cell names if these (text, x0) cells make a table header row, else None: at
    least two cells, the first a row key, every cell but one a known header word."""
    texts = tuple(text for text, _x in cells)
    if len(texts) < 2 or texts[0] not in ROW_KEYS:
        return None
    known = sum(text in HEADER_WORDS for text in texts)
    if known < len(texts) - 1 or any(len(text.split()) > 3 for text in texts):
        return None
    return texts


def _header_segments(words: list[Word]) -> list[tuple[str, float]]:
    """Group a header row's words into cells: known header names in any of their wordings
    (``Byte offset`` is two words, one cell; named by the canonical word), and every other
    word a cell of its own -- without a vocabulary, how far apart two words stand cannot
    tell one cell from two."""
    cells: list[tuple[str, float]] = []
    index = 0
    while index < len(words):
        for size in (3, 2, 1):
            group = words[index:index + size]
            text = canonical_header(" ".join(w.text for w in group))
            if len(group) == size and text in HEADER_WORDS:
                break
        else:
            size, text = 1, words[index].text
        cells.append((text, words[index].x0))
        index += size
    return cells


def header_cells(line: Line) -> tuple[str, ...] | None:
    """The header cell names if the line is a table header row, else None."""
    return _header_names(_header_segments(list(line.words)))


def _stacked_words(lines: tuple[Line, ...]) -> list[Word]:
    """The words of a header row whose cells wrap over several lines (``Byte`` above
    ``offset``), one word per cell: words that overlap horizontally are one cell, read top
    down; the cell starts where its leftmost word does."""
    columns: list[list[Word]] = []
    for line in lines:
        for word in line.words:
            for column in columns:
                if word.x0 < max(w.x1 for w in column) and word.x1 > min(w.x0 for w in column):
                    column.append(word)
                    break
            else:
                columns.append([word])
    merged = []
    for column in sorted(columns, key=lambda c: min(w.x0 for w in c)):
        merged.append(Word(" ".join(w.text for w in column), min(w.x0 for w in column),
                           max(w.x1 for w in column), 0.0, column[0].bold, column[0].size))
    return merged


def _tight(lines: tuple[Line, ...]) -> bool:
    """Lines one right under the other on one page (no paragraph gap between them)."""
    for upper, lower in zip(lines, lines[1:]):
        height = upper.bottom - upper.top
        if lower.page != upper.page or height <= 0 or lower.top - upper.bottom > height:
            return False
    return True


@dataclass(frozen=True, slots=True)
class HeaderRow:
    names: tuple[str, ...]
    starts: tuple[float, ...]
    lines: int  # how many layout lines the header row takes


def header_at(lines: tuple[Line, ...], index: int) -> HeaderRow | None:
    """The table header row starting at ``lines[index]``, also when its cells wrap over
    up to ``MAX_HEADER_LINES`` lines: of the candidates, the one with the most known header
    cells (a header followed by its first row loses: row text is no header word)."""
    best: tuple[int, HeaderRow] | None = None
    for count in range(1, MAX_HEADER_LINES + 1):
        group = lines[index:index + count]
        if len(group) < count or not _tight(group):
            break
        if count > 1 and sum(w.text.lower() not in _HEADER_TOKENS for line in group for w in line.words) > 1:
            break  # more than one word that is in no header name: no header, however stacked
        words = list(group[0].words) if count == 1 else _stacked_words(group)
        cells = _header_segments(words) if count == 1 else [(canonical_header(w.text), w.x0) for w in words]
        names = _header_names(cells)
        if names is None:
            continue
        known = sum(name in HEADER_WORDS for name in names)
        if best is None or known > best[0]:
            best = (known, HeaderRow(names, tuple(x for _t, x in cells), count))
    return best[1] if best else None


@dataclass(slots=True)
class _Columns:
    names: tuple[str, ...]
    starts: tuple[float, ...]
    tolerance: float

    @classmethod
    def from_header(cls, header: HeaderRow, tolerance: float) -> _Columns:
        return cls(header.names, header.starts, tolerance)

    def index_of(self, x0: float, run_start: bool = True) -> int | None:
        """The column a word starting at ``x0`` stands in; ``run_start``: the word begins a
        run of text (not one space after the word before)."""
        if x0 < self.starts[0] - self.tolerance:
            return None
        index = 0
        for i, start in enumerate(self.starts):
            if x0 >= start - self.tolerance:
                index = i
        if run_start and index == 0 and x0 > self.starts[0] + KEY_INDENT and len(self.starts) > 1:
            # Names are aligned at their column start; an indented chunk there is the next
            # cell of a row whose name was too wide ("max_num_aux_planes" / "   UInt64").
            index = min(range(len(self.starts)), key=lambda i: abs(self.starts[i] - x0))
        return index

    def runs_on(self, previous: Word, word: Word, index: int) -> bool:
        """Does ``word``, one space after ``previous``, continue its cell rather than start
        the cell of column ``index``? It does when the cell before is wider than its column:
        ``previous`` reaches into the column, or ``word`` starts short of it."""
        start = self.starts[index]
        return previous.x1 > start or word.x0 < start - self.tolerance / 2


def _placed(columns: _Columns, words, forced: dict[int, int] | None = None) -> list[int] | None:
    """The column of each word: the one it starts in -- unless it continues, one space on,
    a word that already runs into that column: then the cell before is wider than its
    column and the word is part of it (``_repair_overflow`` sorts out what that means).
    ``forced``: columns already decided for some words (by position in ``words``)."""
    forced = forced or {}
    indices: list[int] = []
    previous: Word | None = None
    for position, word in enumerate(words):
        if position in forced:
            index = forced[position]
        else:
            joined = previous is not None and one_space_on(word)
            index = columns.index_of(word.x0, run_start=not joined)
            if index is None:
                return None
            if joined and index != indices[-1] and columns.runs_on(previous, word, index):
                index = indices[-1]
        indices.append(index)
        previous = word
    return indices


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _glue_point(word: Word, next_start: float) -> int | None:
    """Where a glued word holds two cells: a position where a new capitalised word begins
    (``PsciInterfaceVersion|Interface``) at the next column's start, within a few
    characters. Where a character stands is estimated two ways, because a facsimile may
    place each run of text on its character grid but draw it in a font of another width:
    one column per character (the grid) and the word's measured width per character (the
    glyphs). Where the two disagree, the split that leaves the next cell starting with a
    plain word (no capital inside: ``Interface``, not ``VersionInterface``) is the one,
    since the word before it is a name that may have several capitals."""
    per_glyph = (word.x1 - word.x0) / len(word.text)  # columns per character
    estimates = {next_start - word.x0, (next_start - word.x0) / per_glyph}
    near = [m.start() for m in _CAMEL.finditer(word.text)
            if any(abs(m.start() - b) <= max(2.0, 0.15 * b) for b in estimates)]
    if not near:
        return None

    def plain_tail(at: int) -> bool:
        return _CAMEL.search(word.text, at + 1) is None

    return min(near, key=lambda at: (not plain_tail(at), min(abs(at - b) for b in estimates)))


def _unglued(columns: _Columns, words: list[Word], indices: list[int],
             repairs: list[str] | None) -> tuple[list[Word], dict[int, int]] | None:
    """A one-token cell glued to the next cell's text with no gap (``PsciInterfaceVersion``
    + ``Interface version`` drawn as ``PsciInterfaceVersionInterface version``): a word that
    runs over the next column's start, followed by more words of its run, while no run of
    the line starts in that column. Split the word where a new capitalised word begins at
    that column's start (``_glue_point``). Returns the words with the split ones and the columns of the tails;
    None when nothing is glued."""
    starts_run = {indices[i] for i, w in enumerate(words) if i == 0 or not one_space_on(w)}
    result: list[Word] = []
    forced: dict[int, int] = {}
    for position, word in enumerate(words):
        index = indices[position]
        following = words[position + 1] if position + 1 < len(words) else None
        split = None
        if (index + 1 < len(columns.names) and columns.names[index] in _SINGLE_TOKEN_COLUMNS
                and index + 1 not in starts_run and following is not None and one_space_on(following)
                and word.x1 > columns.starts[index + 1] and _IDENTIFIER.match(word.text)):
            at = _glue_point(word, columns.starts[index + 1])
            if at is not None:
                middle = word.x0 + at * (word.x1 - word.x0) / len(word.text)
                split = (word.text[:at], word.text[at:], max(middle, columns.starts[index + 1]))
        if split is None:
            result.append(word)
            continue
        head, tail, middle = split
        result.append(Word(head, word.x0, middle, word.gap, word.bold, word.size, word.mono))
        forced[len(result)] = index + 1
        result.append(Word(tail, middle, word.x1, 0.0, word.bold, word.size, word.mono))
        if repairs is not None:
            run = [word.text]
            for later in words[position + 1:]:
                if not one_space_on(later):
                    break
                run.append(later.text)
            repairs.append(f"split {' '.join(run)!r}, which runs over the start of column "
                           f"{columns.names[index + 1]!r}, into {head!r} and {' '.join([tail] + run[1:])!r}")
    return (result, forced) if forced else None


def _split_line(columns: _Columns, line: Line, repairs: list[str] | None = None) -> list[list[str]] | None:
    """The line's words by column (``_placed``), each column's words as runs of text
    (fragments); glued cells split (``_unglued``) and residue letters dropped
    (``_drop_stray_letters``), each repair said in ``repairs``."""
    words = list(line.words)
    indices = _placed(columns, words)
    if indices is None:
        return None
    unglued = _unglued(columns, words, indices, repairs)
    if unglued is not None:
        words, forced = unglued
        indices = _placed(columns, words, forced)
        if indices is None:
            return None
    cells: list[list[str]] = [[] for _ in columns.names]
    previous_index = None
    for position, (word, index) in enumerate(zip(words, indices)):
        joined = position > 0 and one_space_on(word)
        if joined and index == previous_index and cells[index]:
            cells[index][-1] += " " + word.text
        else:
            cells[index].append(word.text)
        previous_index = index
    _drop_stray_letters(columns, cells, repairs)
    return cells


_STRAY = re.compile(r"^[A-Za-z]$")
# The same residue one space after the cell's token, where a typesetter rebuilt the table
# from such a text and set the letter in the cell ("Bits64 T"). Only a capital: a name
# broken inside a word goes on in lower case ("lowest_affinity_leve l").
_STRAY_AFTER = re.compile(r"^(?P<kept>\S+)(?P<stray>(?: [A-Z])+)$")


def _drop_stray_letters(columns: _Columns, cells: list[list[str]], repairs: list[str] | None) -> None:
    """A lone letter standing apart inside a one-token cell (``Bits64`` and, several columns
    off, ``T``) is residue -- a letter of a watermark that the text extraction kept -- not
    part of a name, register, bit range or type, which are never split by a wide gap."""
    for index, name in enumerate(columns.names):
        fragments = cells[index]
        if name not in _SINGLE_TOKEN_COLUMNS or not fragments:
            continue
        kept, dropped = [], []
        for fragment in fragments:
            after = _STRAY_AFTER.match(fragment)
            if len(fragments) > 1 and _STRAY.match(fragment):
                dropped.append(fragment)
            elif after:
                kept.append(after["kept"])
                dropped.extend(after["stray"].split())
            else:
                kept.append(fragment)
        if kept and dropped:
            cells[index] = kept
            if repairs is not None:
                repairs.append(f"dropped stray {' '.join(dropped)!r} from the {name} cell {' '.join(kept)!r}")


def _is_prose(columns: _Columns, cells: list[list[str]], line: Line) -> bool:
    """A line that is really running text after the table: it starts in a name column,
    its words run on as one flow of text, not as cells, and that text is not a name.

    One flow: one run of words (single spaces); a typeset line must also keep one size,
    weight and pitch throughout (cells change font: a name, then code), and may be
    justified -- blanks wider than a space, but even. Not when its second word stands,
    after a blank wider than a space, right where a later column starts (a name cell, then
    -- the cells between empty or not -- a description set in the same font:
    ``FEATURE_FALSE  • During discovery: …``)."""
    if columns.names[0] not in _IDENTIFIER_COLUMNS or not cells[0]:
        return False
    words = line.words
    gaps = [w.gap for w in words[1:]]
    one_run = all(one_space_on(w) for w in words[1:])
    if all(w.size > 0 for w in words):
        uniform = len({(round(w.size, 2), w.bold, w.mono) for w in words}) == 1
        justified = (len(gaps) >= 2 and 0 < min(gaps) and max(gaps) <= MAX_WORD_SPACE
                     and max(gaps) <= EVEN_SPACING * min(gaps))
        one_flow = uniform and (one_run or justified)
    else:
        one_flow = one_run
    if one_flow and len(words) > 1 and words[1].gap > 1.0 + TOUCHING_SPACE \
            and any(abs(words[1].x0 - start) <= columns.tolerance for start in columns.starts[1:]):
        return False  # a name, then -- after a wider blank -- a word right at a later column: cells
    return one_flow and not _IDENTIFIER.match(line.plain)


def _repair_overflow(columns: _Columns, cells: list[list[str]]) -> None:
    """Undo two artefacts of a cell wider than its column (pdftotext and PDFs alike): the
    cell runs into the next, empty, cell with one space ("host_call_pending
    RmmHostCallPending", "RmmRttWalkNotAligned RttWalkAnyNotAligned("), or a name is broken
    inside a word ("lowest_affinity_leve l"). Only single-token columns are repaired; a broken word
    is joined only when its rest goes on in lower case."""
    for index, name in enumerate(columns.names[:-1]):
        if name not in _SINGLE_TOKEN_COLUMNS or len(cells[index]) != 1 or " " not in cells[index][0]:
            continue
        first, rest = cells[index][0].split(" ", 1)
        if not _IDENTIFIER.match(first):
            continue
        if not cells[index + 1]:
            cells[index] = [first]
            cells[index + 1] = [rest]
        elif name in _IDENTIFIER_COLUMNS and _BROKEN_WORD.match(rest) and all(_IDENTIFIER.match(w) for w in rest.split(" ")):
            cells[index] = [first + rest.replace(" ", "")]


def parse_table(lines: tuple[Line, ...], start: int, tolerance: float = TEXT_TOLERANCE) -> tuple[Table, int]:
    """Parse the table whose header row starts at ``lines[start]``; return it and the index
    of the first line after it. ``tolerance``: how far (columns) a cell may start left of its
    header cell (the layout's ``x_tolerance``)."""
    header_line = lines[start]
    header = header_at(lines, start)
    columns = _Columns.from_header(header, tolerance)
    headers = [(start, header_line, header.starts)]
    key_columns = {0} | {i for i, n in enumerate(columns.names) if n == "Bits" and "Register" not in columns.names}
    split: list[tuple[Line, list[list[str]], list[str]]] = []
    index = start + header.lines
    while index < len(lines):
        line = lines[index]
        repeated = header_at(lines, index)
        if repeated is not None:
            if repeated.names != columns.names:
                break
            columns = _Columns.from_header(repeated, tolerance)  # repeated after a page break
            headers.append((index, line, repeated.starts))
            index += repeated.lines
            continue
        if _ELISION.match(line.plain):
            index += 1  # rows left out of the listing (". . ."): the table goes on after them
            continue
        repairs: list[str] = []
        cells = _split_line(columns, line, repairs)
        if cells is None or _is_prose(columns, cells, line):
            break
        _repair_overflow(columns, cells)
        split.append((line, cells, repairs))
        index += 1
    rows = _join_shifted_rows(columns.names, _group_rows(split, key_columns, columns))
    built = []
    for count, (cells, row_lines, repairs, doubts) in enumerate(rows):
        if len(row_lines) > 1:
            _repair_row_overflow(columns, cells)
        first = " ".join(cells[0])
        if count and columns.names[0] in _IDENTIFIER_COLUMNS and (" " in first or _sentence_row(cells)):
            # The table ends at a "row" whose name is words, not a name, or that is one
            # sentence across its cells: running text the typesetter set inside the table's
            # frame.
            index = lines.index(row_lines[0], start)
            break
        built.append(_build_row(columns.names, cells, row_lines, repairs, doubts))
    kept_headers = tuple((line, starts) for position, line, starts in headers if position < index)
    return Table(columns.names, tuple(built), header_line, kept_headers), index


_TITLE_WORD = re.compile(r"^[A-Z][a-z]+$")
_PLAIN_START = re.compile(r"^[a-z]+ ")


def _sentence_row(cells: list[list[str]]) -> bool:
    """A "row" that is a sentence begun in the name cell and going on in the next: the
    name is a capitalised word (row names are identifiers: ``state``, ``GPT_AAP``), the
    next cell starts with a plain lower-case word and the last one ends with a full stop
    ("Following | execution of PSCI_SYSTEM_OFF, control does not return to the caller.")."""
    rest = [" ".join(fragments) for fragments in cells[1:] if fragments]
    return (bool(_TITLE_WORD.match(" ".join(cells[0]))) and bool(rest) and bool(_PLAIN_START.match(rest[0]))
            and rest[-1].endswith("."))


def _join_shifted_rows(names: tuple[str, ...], rows: list) -> list:
    """A row that holds nothing but its name, followed by a "row" whose name cell holds one
    of the table's types and whose Type cell is empty: the type and the rest of the cells
    belong to the row above. A name too wide for its column pushes its type onto the next
    line; a typesetter that rebuilt the table from such a text may have made that line a row
    of its own with the type in the first column (``max_num_aux_planes`` / ``UInt64 | |
    Maximum number of auxiliary Planes``)."""
    if "Type" not in names or names[0] not in _IDENTIFIER_COLUMNS:
        return rows
    column = names.index("Type")
    types = {" ".join(cells[column]) for cells, _lines, _repairs, _doubts in rows} - {""}
    joined: list = []
    for cells, row_lines, repairs, doubts in rows:
        if joined:
            above, above_lines, above_repairs, above_doubts = joined[-1]
            name = " ".join(cells[0])
            alone = any(above[0]) and not any(any(part) for part in above[1:])
            if alone and name in types and not cells[column]:
                above[column] = cells[0]
                for target, fragments in zip(above[1:], cells[1:]):
                    target.extend(fragments)
                above_lines.extend(row_lines)
                above_repairs.extend(repairs)
                above_doubts.extend(doubts)
                above_repairs.append(f"joined the row below, {name!r} with no {names[column]} (a {names[column]} of "
                                     f"this table in its {names[0]} cell), to this row, which has only its {names[0]}")
                continue
        joined.append((cells, row_lines, repairs, doubts))
    return joined


def _group_rows(split: list[tuple[Line, list[list[str]], list[str]]], key_columns: set[int], columns: _Columns):
    """Lines into rows. A line whose key column is filled starts a row -- unless the table
    draws rules between its rows and there is none above this line: then the key cell of
    the row above wraps onto it; or unless the table sets its rows apart by blank space
    (``_row_blocks``): then each block is a row, whichever of its lines holds the key. Lines
    above a table's first key belong to its row (cells centred vertically). The first line
    on a page starts a row. A line holding nothing but the lower-case rest of the name above,
    broken at the column's end (``_rest_of_name``), goes on with its row -- at the top of
    the next page only when blank space or the table's end follows it; a capitalised piece,
    or another at a page's top, cannot be told from a short row name of its own: it stays a
    row, with a doubt the extractors report."""
    keyed = [line for line, cells, _repairs in split if _is_keyed(cells, key_columns)]
    ruled_rows = sum(line.rule_above for line in keyed)
    ruled = ruled_rows >= 2 and ruled_rows >= RULED_SHARE * len(keyed)
    gaps = _row_gaps(split)
    blocks = None if ruled else _row_blocks(split, gaps, key_columns, columns)
    rows: list[tuple[list[list[str]], list[Line], list[str], list[str]]] = []
    centred = {} if blocks is not None else _centred_row_tops(split, gaps, key_columns)
    centred_keys = set(centred.values())
    for number, (line, cells, repairs) in enumerate(split):
        new_page = not rows or rows[-1][1][-1].page != line.page
        doubt = None
        if blocks is not None:
            starts_row = blocks[number]
        elif number in centred:
            starts_row = True
        elif number in centred_keys:
            starts_row = False  # the key of a row whose centred cells start above it
        else:
            starts_row = _is_keyed(cells, key_columns) and (not ruled or line.rule_above or new_page)
            if starts_row and len(rows) == 1 and not new_page and not any(rows[0][0][i] for i in key_columns):
                starts_row = False  # lines above the first key: its row's cells, set higher (centred)
        if starts_row and rows and name_line is not None and (blocks is None or new_page) \
                and _only_key(cells, key_columns) \
                and _rest_of_name(split, name_line, number, gaps, columns, key_columns, tight=blocks is None):
            alone = number + 1 == len(split) or gaps[number + 1]
            if blocks is None and (not new_page or alone) and _BROKEN_WORD.match(cells[0][0]):
                # the rest of a name broken at the column's end, alone on its line (at the top
                # of a page: with blank space or the table's end after it)
                starts_row = False
            else:  # a capitalised piece, or one a page broke off: a row, or the rest of one?
                doubt = (f"{cells[0][0]!r} may be the rest of {' '.join(split[name_line][1][0])!r} above it, "
                         "broken where its column ends; kept as a row of its own")
        if starts_row or not rows:
            rows.append(([[] for _ in cells], [], [], [doubt] if doubt else []))
            last_lines: list[Line | None] = [None] * len(cells)
            name_line: int | None = None  # the row's last line with a name (its split index)
        row_cells, row_lines, row_repairs, _row_doubts = rows[-1]
        row_repairs.extend(repairs)
        for column, (target, fragments) in enumerate(zip(row_cells, cells)):
            if not fragments:
                continue
            text = " ".join(fragments)
            above = last_lines[column]
            # across a page break only a piece alone on its line (anything more there may
            # be the top of the next row, centred)
            if target and above is not None and (above.page == line.page or sum(map(bool, cells)) == 1) \
                    and _broken_name(above, column, target[-1], text, columns):
                target[-1] += text
            else:
                target.append(text)
            last_lines[column] = line
        if cells[0]:
            name_line = number
        row_lines.append(line)
    return rows


def _broken_name(above: Line, column: int, piece: str, rest: str, columns: _Columns) -> bool:
    """Is ``rest`` the rest of the one-token cell ``piece`` on the line above, which the
    typesetter broke inside the name because the column ended there (``RmiCommandReturnCod``
    / ``e``)? Both are pieces of a name, the rest goes on in the piece's case and the piece
    reaches to within ``BROKEN_NAME_REACH`` columns of the next column."""
    if (columns.names[column] not in _SINGLE_TOKEN_COLUMNS or column + 1 >= len(columns.starts)
            or not _IDENTIFIER.match(piece) or not _IDENTIFIER.match(rest)):
        return False
    # The rest goes on in the piece's case: lower case after a name with lower-case letters
    # (``RmiCommandReturnCod`` / ``e``), capitals after a constant (``RMI_ERROR_REAL`` /
    # ``M``); a capitalised word under a lower-case name is a word of its own (``UInt64``).
    if rest[0].isalpha() and (rest[0].isupper() if any(c.islower() for c in piece) else rest[0].islower()):
        return False
    return _reaches_column_end(above, column, piece, columns)


def _reaches_column_end(line: Line, column: int, piece: str, columns: _Columns) -> bool:
    """Does ``piece`` (the last word of a cell of ``line``) end just short of the next
    column -- within ``BROKEN_NAME_REACH`` of it, and not past it (a name that runs into
    the next column was not broken: the typesetter let it overflow)?"""
    word_text = piece.split(" ")[-1]
    low, end = columns.starts[column] - columns.tolerance, columns.starts[column + 1]
    reach = max((w.x1 for w in line.words if w.text == word_text and low <= w.x0 < end), default=None)
    return reach is not None and end - BROKEN_NAME_REACH <= reach <= end + columns.tolerance


def _centred_row_tops(split, gaps: list[bool], key_columns: set[int]) -> dict[int, int]:
    """Lines without a key at the top of a page that begin the row whose key follows them,
    because the table centres cells vertically: between them and the key no row gap, and
    lines that overlap in height (cells set half a line apart; top-aligned cells share
    baselines or stand a whole line apart). Elsewhere a keyless line at a page's top goes
    on with the row the page broke. Maps each such line to the line of its row's key."""
    tops: dict[int, int] = {}
    for number, (line, cells, _repairs) in enumerate(split):
        if number == 0 or not gaps[number] or line.page == split[number - 1][0].page or _is_keyed(cells, key_columns):
            continue
        run = number
        overlap = False
        while run + 1 < len(split) and not gaps[run + 1]:
            above, below = split[run][0], split[run + 1][0]
            overlap = overlap or below.top < above.bottom - OVERLAP_SHARE * (above.bottom - above.top)
            run += 1
            if _is_keyed(split[run][1], key_columns):
                break
        if overlap and _is_keyed(split[run][1], key_columns):
            tops[number] = run
    return tops


def _is_keyed(cells: list[list[str]], key_columns: set[int]) -> bool:
    return any(cells[i] for i in key_columns)


def _only_key(cells: list[list[str]], key_columns: set[int]) -> bool:
    return not any(part for i, part in enumerate(cells) if i not in key_columns)


def _following(split, gaps: list[bool], number: int) -> list[list[str]] | None:
    """The cells of the line after ``split[number]`` when no row gap parts them."""
    if number + 1 >= len(split) or gaps[number + 1]:
        return None
    return split[number + 1][1]


def _row_gaps(split) -> list[bool]:
    """For each line of a table: does blank space part it from the line above, more than
    the table's own spacing of lines? That spacing is the narrowest blank between two of its
    lines on a page (none when lines touch or overlap, as centred cells do); a row gap
    exceeds it by ``ROW_GAP`` of a line's height. A page break always parts lines."""
    blanks = [line.top - above.bottom for (above, _c, _r), (line, _c2, _r2) in zip(split, split[1:])
              if line.page == above.page]
    spacing = max(0.0, min(blanks, default=0.0))
    gaps = [True]
    for (above, _c, _r), (line, _c2, _r2) in zip(split, split[1:]):
        height = min(line.bottom - line.top, above.bottom - above.top)
        gaps.append(line.page != above.page or line.top - above.bottom > spacing + ROW_GAP * height)
    return gaps


def _row_blocks(split, gaps: list[bool], key_columns: set[int], columns: _Columns) -> list[bool] | None:
    """Where rows start in a table whose rows stand apart by blank space (cell padding),
    or None when the table does not show its rows so. Such a table may centre its cells
    vertically: the wrapped description of a row then starts above the line with the row's
    name, which stands between its wrapped lines. Blocks of lines without blank space
    between them are its rows, when nearly every block that holds a key holds one row (a
    key column filled again in a block starts a row of its own, unless it is the rest of a
    name broken at the column's end, ``_rest_of_name``). A block holding no key (a blank
    inside a cell, a row's rest after a page break) goes on the row above, and so does a
    block at the top of a page holding nothing but the rest of the name the page broke.
    Blank space must set rows apart within a page: a page break alone says nothing (a tight
    table's row may go on, keyless, on the next page)."""
    starts = [False] * len(split)
    rows_per_block: list[int] = []
    apart = 0  # blocks set apart by blank space on their page (a page break is no evidence)
    first_in_block = 0
    name_line: int | None = None  # the row's last line with a name (its first key column)
    row_keys: set[int] = set()  # the key columns the row has filled so far
    for number, (line, cells, _repairs) in enumerate(split):
        keys = {i for i in key_columns if cells[i]}
        if gaps[number]:
            new_page = number > 0 and line.page != split[number - 1][0].page
            alone = number + 1 == len(split) or gaps[number + 1]
            if new_page and alone and name_line is not None and keys == {0} and _only_key(cells, key_columns) \
                    and _rest_of_name(split, name_line, number, gaps, columns, key_columns):
                continue  # a block of nothing but the rest of the name the page broke: its row goes on
            rows_per_block.append(0)
            first_in_block, name_line, row_keys = number, None, set()
            apart += number > 0 and not new_page
        if not keys:
            continue
        if not rows_per_block[-1]:
            rows_per_block[-1] = 1  # the block's first line starts its row, whichever holds the key
            starts[first_in_block] = True
            row_keys = set()
        elif keys & row_keys and not (keys == {0} and name_line is not None
                                      and _rest_of_name(split, name_line, number, gaps, columns, key_columns)):
            rows_per_block[-1] += 1  # a key filled again: a row of its own
            starts[number] = True
            row_keys, name_line = set(), None
        row_keys |= keys  # else: the row's key completed (a name, then its bits) or its name's rest
        if 0 in keys:
            name_line = number
    keyed_blocks = [count for count in rows_per_block if count]
    single = sum(1 for count in keyed_blocks if count == 1)
    if apart < MIN_GAPPED_ROWS - 1 or len(keyed_blocks) < MIN_GAPPED_ROWS or single < GAPPED_SHARE * len(keyed_blocks):
        return None
    return starts


def _rest_of_name(split, above: int, number: int, gaps: list[bool], columns: _Columns,
                  key_columns: set[int], tight: bool = False) -> bool:
    """Is the key of line ``number`` the rest of the name on line ``above``, which the
    typesetter broke because its column ended there (``challenge_`` / ``0``)? The name
    above reaches to within ``BROKEN_NAME_REACH`` columns of the next column, this key is
    one piece of a name; the line does not fill every other one-token cell with a token of
    its own (a row of its own would; the rest of a broken type beside the rest of the name,
    ``s2ap_indi RmmRttS2APIndirec`` / ``rect t``, is no token of its own); and the line after
    it, in the same block, does not bring such cells (then the name stands alone above its
    own row's cells: ``coh_num_addr_range`` / ``UInt64``). ``tight``: the table does not
    set rows apart by blank space; then the line after it, on this page or the next, must
    bring no keyless cells at all (else the name heads its row's cells: ``ripas_prot`` at a
    page's end, its condition on the next page)."""
    above_line, above_cells = split[above][0], split[above][1]
    cells = split[number][1]
    if len(columns.starts) < 2 or len(cells[0]) != 1 or not _IDENTIFIER.match(cells[0][0]):
        return False
    if not _broken_name(above_line, 0, " ".join(above_cells[0]), cells[0][0], columns):
        return False
    others = [i for i, name in enumerate(columns.names) if i and i not in key_columns and name in _SINGLE_TOKEN_COLUMNS]
    if tight:
        following = split[number + 1][1] if number + 1 < len(split) else None
        brings_cells = following is not None and any(following)
    else:
        following = _following(split, gaps, number)
        brings_cells = following is not None and any(following[i] for i in others)
    if brings_cells and not _is_keyed(following, key_columns):
        return False
    own = [i for i in others if cells[i] and not (
        above_cells[i] and _broken_name(above_line, i, " ".join(above_cells[i]), " ".join(cells[i]), columns))]
    return not others or not all(cells[i] for i in others) or not own


def _repair_row_overflow(columns: _Columns, cells: list[list[str]]) -> None:
    """A single-token cell wrapped over lines of its row, with the next cell empty, holds
    the next cell too (the typesetter had both in one cell)."""
    for index, name in enumerate(columns.names[:-1]):
        text = " ".join(cells[index])
        if name in _SINGLE_TOKEN_COLUMNS and " " in text and not cells[index + 1]:
            first, rest = text.split(" ", 1)
            if _IDENTIFIER.match(first):
                cells[index], cells[index + 1] = [first], [rest]


def _build_row(names: tuple[str, ...], cells: list[list[str]], lines: list[Line], repairs: list[str],
               doubts: list[str]) -> Row:
    joined = tuple((name, join_wrapped(parts)) for name, parts in zip(names, cells))
    return Row(joined, tuple(lines), tuple(repairs), tuple(doubts))

