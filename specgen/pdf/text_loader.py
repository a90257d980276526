"""Read a ``pdftotext -layout`` text file into the layout model.

pdftotext separates pages with form feeds and places each text run at the character
column of its position on the page; runs separated by two or more spaces are distinct
chunks (table cells, columns), single spaces join words within a chunk.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from specgen.pdf.model import Chunk, LayoutDocument, Line, Page

_CHUNK = re.compile(r"\S+(?: \S+)*")


def split_chunks(text: str) -> tuple[Chunk, ...]:
    """Split one layout line into chunks at gaps of two or more spaces."""
    return tuple(Chunk(m.group(0), float(m.start()), float(m.end())) for m in _CHUNK.finditer(text))


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
            lines.append(Line(page_index, line_index, float(line_index), split_chunks(normalised)))
        pages.append(Page(page_index, tuple(lines), float(len(raw_lines))))
    if len(pages) > 1 and not pages[-1].lines:
        pages.pop()  # a trailing form feed opens no real page
    return LayoutDocument(path=path, kind="text", sha256=sha256, pages=tuple(pages))


# Typographic quotes and dashes that NFKC keeps but the spec's formal text never means.
TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2212": "-"})


def load_text(path: str, data: bytes) -> LayoutDocument:
    text = data.decode("utf-8")
    return layout_from_text(text, path, hashlib.sha256(data).hexdigest())
