"""Which lines look like numbered headings -- the geometry half of finding sections.

A heading line starts with a section number (``B4.3.1``, ``C1.19``; the running-header form
``B4.3.`` with a trailing dot is not a number) followed by a title that starts with a
letter. What else makes it a heading depends on what the input tells about typography:

* a typeset line (a PDF: weights and sizes known) is a heading when all its words are set
  apart from body text -- bold, or larger than the body size. How wide the blanks are does
  not matter: typesetters put the number and the title far apart, or spread a heading's
  words, as they like;
* a ``pdftotext`` line (no typography) is a heading when the title is one run of text (the
  number may stand apart from it, as pdftotext prints ``B4.3.1.1.1   Input values``): a
  line of table cells that happens to start with a number has wide blanks inside.

Whether a heading-like line *is* a section (its number continues the numbering) is the
acceptance policy in ``sections``.
"""

from __future__ import annotations

import re

from specgen.pdf.model import Line, one_space_on

SECTION_NUMBER = re.compile(r"^[A-Z]\d+(?:\.\d+)+$")
# A word this much larger than body text is display type (a heading), bold or not.
HEADING_SIZE = 1.15


def _emphasised(line: Line) -> bool:
    return all(w.bold or w.size >= HEADING_SIZE for w in line.words)


def numbered_heading(line: Line) -> tuple[str, str] | None:
    """(number, title) when the line looks like a numbered heading, else None."""
    words = line.words
    if len(words) < 2 or not SECTION_NUMBER.match(words[0].text):
        return None
    title = words[1:]
    if not title[0].text[0].isalpha():
        return None
    if all(w.size > 0 for w in words):
        if not _emphasised(line):
            return None
    elif not all(one_space_on(w) for w in title[1:]):
        return None
    return words[0].text, " ".join(w.text for w in title)
