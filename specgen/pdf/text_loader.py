"""Read a ``pdftotext -layout`` text file into the layout model.

pdftotext separates pages with form feeds and places each text run at the character
column of its position on the page. Each whitespace-separated word becomes a ``Word`` at its
character column, with the number of blanks before it as its gap (1 inside a run of text,
2 or more where pdftotext separates columns).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from specgen.pdf.model import Chunk, LayoutDocument, Line, Page, Word

_WORD = re.compile(r"\S+")


def split_words(text: str) -> tuple[Word, ...]:
    """The words of one layout line at their character columns, with the blanks before each."""
    words = []
    end = None
    for match in _WORD.finditer(text):
        gap = 0.0 if end is None else float(match.start() - end)
        words.append(Word(match.group(0), float(match.start()), float(match.end()), gap))
        end = match.end()
    return tuple(words)


def split_chunks(text: str) -> tuple[Chunk, ...]:
    """The runs of one layout line (words joined by single spaces), split where pdftotext
    leaves two or more blanks."""
    return Line(0, 0, 0.0, split_words(text)).chunks


def layout_from_text(text: str, path: str, sha256: str) -> LayoutDocument:
    pages = []
    for page_index, page_text in enumerate(text.split("\f"), start=1):
        lines = []
        raw_lines = page_text.split("\n")
        for line_index, raw in enumerate(raw_lines, start=1):
            # NFKC undoes ligatures and compatibility forms; expand tabs so columns hold.
            normalised = unicodedata.normalize("NFKC", raw.expandtabs(8)).rstrip()
            normalised = normalised.translate(TYPOGRAPHY)
            if not normalised.strip():
                continue
            lines.append(Line(page_index, line_index, float(line_index), split_words(normalised), float(line_index + 1)))
        pages.append(Page(page_index, tuple(lines), float(len(raw_lines))))
    if len(pages) > 1 and not pages[-1].lines:
        pages.pop()  # a trailing form feed opens no real page
    return LayoutDocument(path=path, kind="text", sha256=sha256, pages=tuple(pages))


# Typographic quotes and dashes that NFKC keeps but the spec's formal text never means.
TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2212": "-"})


def load_text(path: str, data: bytes) -> LayoutDocument:
    text = data.decode("utf-8")
    return layout_from_text(text, path, hashlib.sha256(data).hexdigest())
