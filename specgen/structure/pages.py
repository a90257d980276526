"""Pages: which pages to read, which have no text, and where the text does not continue.

Why: people extract part of a document (``--pages 30-41``, or a file made of a few pages of
it), and a page may carry no text at all (an image of a page, a scan). Sections are built
from consecutive body lines, so the text after a missing page must not be appended to the
section before it: it continues a section whose start is not in the input. A break in the
text is found without knowing the document: pages left out of a selection, a page without
text, or a jump in the *printed* page numbers (the number in the running footer or header
that grows by one per page, whatever the typesetter's wording: ``… 14``, ``Page 14 of 300``,
``14/300``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable

from specgen.pdf.model import LayoutDocument

_DIGITS = re.compile(r"\d+")
_RANGE = re.compile(r"^\s*(?P<first>\d+)\s*(?:-\s*(?P<last>\d+)\s*)?$")
# A digit group is taken for the page number only when it is seen growing over at least
# this many steps (three pages): two pages cannot tell a page number from a coincidence.
_MIN_STEPS = 2


def parse_pages(text: str) -> tuple[int, ...]:
    """``"30-41"``, ``"14,31-34,80-81"`` -> sorted distinct 1-based page numbers.
    Raises ValueError with a message fit for the user."""
    pages: set[int] = set()
    for part in text.split(","):
        match = _RANGE.match(part)
        if not match:
            raise ValueError(f"page range {part.strip()!r} is not N or N-M (e.g. 30-41, or 14,31-34)")
        first = int(match["first"])
        last = int(match["last"] or first)
        if first < 1 or last < first:
            raise ValueError(f"page range {part.strip()!r}: pages count from 1 and a range must not end before it starts")
        pages.update(range(first, last + 1))
    return tuple(sorted(pages))


def textless_pages(doc: LayoutDocument, furniture: Collection[tuple[int, int]] = ()) -> tuple[list[int], list[int]]:
    """(pages without any text, pages whose only text is page furniture)."""
    empty, furniture_only = [], []
    for page in doc.pages:
        if not page.lines:
            empty.append(page.number)
        elif all((line.page, line.line) in furniture for line in page.lines):
            furniture_only.append(page.number)
    return empty, furniture_only


def printed_page_numbers(doc: LayoutDocument, furniture: Collection[tuple[int, int]]) -> dict[int, int]:
    """The page number printed on each page that shows one: among the furniture lines, the
    digit group (at the same place in lines of the same wording) that grows from every page
    to the next -- by exactly the step in the file, except where pages were left out.
    Years, document numbers and chapter numbers do not grow from page to page."""
    series: dict[tuple[str, int], dict[int, int]] = defaultdict(dict)
    for page in doc.pages:
        for line in page.lines:
            if (line.page, line.line) not in furniture:
                continue
            numbers = _DIGITS.findall(line.text)
            wording = _DIGITS.sub("#", " ".join(line.text.split()))
            for position, number in enumerate(numbers):
                series[(wording, position)].setdefault(page.number, int(number))
    best: dict[int, int] = {}
    best_steady = 0
    for values in series.values():
        pages = sorted(values)
        steps = [(values[b] - values[a], b - a) for a, b in zip(pages, pages[1:])]
        if len(steps) < _MIN_STEPS or any(printed <= 0 for printed, _ in steps):
            continue
        steady = sum(printed == filed for printed, filed in steps)
        if steady > best_steady or not best:
            best, best_steady = values, steady
    return best


def text_breaks(doc: LayoutDocument, furniture: Collection[tuple[int, int]], selected: Iterable[int] | None = None) -> set[int]:
    """Pages (of ``selected``, default all) whose text does not continue from the previous
    selected page: the page after a gap in the selection, after a page without body text, or
    after a jump in the printed page numbers."""
    numbers = [page.number for page in doc.pages]
    chosen = sorted(set(numbers) & set(selected)) if selected is not None else numbers
    empty, furniture_only = textless_pages(doc, furniture)
    blank = set(empty) | set(furniture_only)
    printed = printed_page_numbers(doc, furniture)
    breaks: set[int] = set()
    for before, after in zip(chosen, chosen[1:]):
        if after != before + 1 or before in blank:
            breaks.add(after)
    shown = [page for page in chosen if page in printed]
    for before, after in zip(shown, shown[1:]):
        step = printed[after] - printed[before]
        if step <= 0 or step > after - before:
            breaks.add(next(page for page in chosen if page > before))
    return breaks
