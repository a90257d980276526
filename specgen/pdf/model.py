"""The layout model: pages -> lines -> words, with the page's drawn boxes.

Why words with positions, and no cells: a line of a page is only a row of words until the
structure stage knows what it is (a table row, whose cells come from its table's header, a
heading, a line of code). Both loaders say the same things about a word -- its text, where
it starts and ends, how wide the blank before it is, its weight and size -- and nothing
more, so that every decision about structure is made once, downstream, for both inputs.

Units: x positions are in *character columns*. For a ``pdftotext -layout`` text that is the
character index; for a PDF, points divided by the document's character width (the advance of
its code font, see ``pdf_loader``), so that indentation of pseudocode comes out in
characters and tolerances mean the same in both inputs. ``LayoutDocument.x_scale`` and
``x_origin`` map columns back to points (``points = x_origin + column * x_scale``), which the
debug view uses to draw on the page. ``Word.gap`` is in spaces of the word's own font: a
text's single space is 1, its column gaps 2 or more; in a PDF it is the drawn gap divided by
the font's space width.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Words separated by at most this many spaces are one run ("chunk") of text; wider blanks
# separate runs. Only the display of a line (``Line.text``, ``Line.chunks``) uses it: table
# columns come from the table's header, never from the width of a blank.
RUN_GAP_IN_SPACES = 1.5


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float  # start, in character columns
    x1: float  # end, in character columns
    # The blank before the word, in spaces of its font (0 for a line's first word; negative
    # for a word drawn over the one before, as labels of a squeezed diagram are).
    gap: float = 0.0
    bold: bool = False
    size: float = 0.0  # font size relative to the document's body text (1.0); 0 when unknown
    mono: bool = False  # drawn in a monospaced font (unknown, False, for text input)


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of words separated by single spaces (a pdftotext chunk)."""

    text: str
    x0: float
    x1: float
    bold: bool = False
    size: float = 0.0


def one_space_on(word: Word) -> bool:
    """Does the word follow the one before it after an ordinary blank (one run of text)?"""
    return 0 <= word.gap <= RUN_GAP_IN_SPACES


def runs(words: tuple[Word, ...]) -> list[list[Word]]:
    """Split a line's words into runs at blanks wider than ``RUN_GAP_IN_SPACES``."""
    found: list[list[Word]] = []
    for word in words:
        if found and one_space_on(word):
            found[-1].append(word)
        else:
            found.append([word])
    return found


@dataclass(frozen=True, slots=True)
class Line:
    page: int  # 1-based page index in the document
    line: int  # 1-based line number within the page
    top: float  # vertical position within the page (text: line index; PDF: points)
    words: tuple[Word, ...]
    bottom: float = 0.0  # lower edge (text: top + 1; PDF: points)
    shade: int = 0  # PDF: 1-based index of the page's shaded box the line stands in, 0 if none
    rule_above: bool = False  # PDF: a horizontal rule runs between this line and the one above

    @property
    def chunks(self) -> tuple[Chunk, ...]:
        return tuple(
            Chunk(" ".join(w.text for w in run), run[0].x0, run[-1].x1,
                  all(w.bold for w in run), max(w.size for w in run))
            for run in runs(self.words)
        )

    @property
    def text(self) -> str:
        """The line's text: words joined by one space, runs by two (pdftotext's column gap)."""
        parts: list[str] = []
        for word in self.words:
            if parts:
                parts.append(" " if one_space_on(word) else "  ")
            parts.append(word.text)
        return "".join(parts)

    @property
    def plain(self) -> str:
        """The words joined by single spaces (what the text of a paragraph or code line is)."""
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0 if self.words else 0.0

    @property
    def x1(self) -> float:
        return max((w.x1 for w in self.words), default=0.0)

    @property
    def bold(self) -> bool:
        return bool(self.words) and all(w.bold for w in self.words)

    @property
    def size(self) -> float:
        return max((w.size for w in self.words), default=0.0)


@dataclass(frozen=True, slots=True)
class Box:
    """A filled rectangle drawn on the page (a shaded table header, a cell background), in
    the page's units: x in columns, y like ``Line.top``."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    lines: tuple[Line, ...]
    height: float  # same unit as Line.top
    shades: tuple[Box, ...] = ()  # light filled boxes behind text (PDF only)
    rules: tuple[Box, ...] = ()  # thin drawn lines and hairline boxes (PDF only)
    width: float = 0.0  # in points (PDF), 0 for text
    # Quarter turns from the PDF's coordinates to the reading frame (text all sideways on a
    # landscape page: 1 or 3); ``width``/``height`` are the reading frame's.
    turn: int = 0


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    level: int
    title: str


@dataclass(frozen=True, slots=True)
class LayoutDocument:
    path: str
    kind: str  # "pdf" | "text"
    sha256: str
    pages: tuple[Page, ...]
    outline: tuple[OutlineEntry, ...] = field(default=())
    metadata: tuple[tuple[str, str], ...] = field(default=())
    x_scale: float = 1.0  # points per column (1 for text)
    x_origin: float = 0.0  # the point at column 0
    # How far apart, in columns, two x positions may be and still be "the same place": a
    # text's positions are whole characters (pdftotext rounds), a PDF's are exact.
    x_tolerance: float = 1.5

    def lines(self):
        for page in self.pages:
            yield from page.lines
