"""The layout model: pages -> lines -> positioned chunks.

Why chunks in character columns: pdftotext's layout text and a PDF's word boxes differ in
units (characters vs points) and in how words are grouped. Everything downstream reasons
about geometry only relatively (which table column a chunk starts in, whether a line is
indented further than another), so both loaders express x positions in *columns*: for text
the character index, for PDFs points divided by the document's character pitch. A chunk is
a run of words separated by single spaces; a wider gap starts a new chunk.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Chunk:
    text: str
    x0: float  # start, in character columns
    x1: float  # end, in character columns
    bold: bool = False
    size: float = 0.0  # font size in points (0 when unknown, e.g. text input)


@dataclass(frozen=True, slots=True)
class Line:
    page: int  # 1-based page index in the document
    line: int  # 1-based line number within the page
    top: float  # vertical position within the page (text: line index; PDF: points)
    chunks: tuple[Chunk, ...]

    @property
    def text(self) -> str:
        """The line's text with chunks joined by two spaces (pdftotext's column gap)."""
        return "  ".join(c.text for c in self.chunks)

    @property
    def x0(self) -> float:
        return self.chunks[0].x0 if self.chunks else 0.0

    @property
    def bold(self) -> bool:
        return bool(self.chunks) and all(c.bold for c in self.chunks)

    @property
    def size(self) -> float:
        return max((c.size for c in self.chunks), default=0.0)


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    lines: tuple[Line, ...]
    height: float  # same unit as Line.top


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

    def lines(self):
        for page in self.pages:
            yield from page.lines
