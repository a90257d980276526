"""Identify the document: is it DEN0137, and which revision?

Why from the document itself: users pass files with any name. The revision string
(``1.0-rel0``, ``1.1-alp12``, ``1.0-eac5``, ``1.0-bet0``) appears on the title page and in
every footer; the most frequent one on the first pages and page edges wins, with the PDF
metadata as a last resort.
"""

from __future__ import annotations

import re
from collections import Counter

from specgen.diagnostics import InputError
from specgen.pdf.model import LayoutDocument

VERSION = re.compile(r"(?<![\w.])(\d+\.\d+-(?:bet|eac|rel|alp|alpha|beta)\d+)(?![\w])")
_IDENTITY = re.compile(r"DEN0137|Realm Management Monitor", re.I)
FRONT_PAGES = 5


def _edge_texts(doc: LayoutDocument):
    for page_index, page in enumerate(doc.pages):
        lines = page.lines if page_index < FRONT_PAGES else page.lines[:3] + page.lines[-3:]
        for line in lines:
            yield line.text


def find_revision(doc: LayoutDocument) -> tuple[bool, str | None]:
    """(does the document say it is DEN0137, the revision it names or None)."""
    texts = list(_edge_texts(doc))
    metadata = " ".join(value for _key, value in doc.metadata)
    named = any(_IDENTITY.search(text) for text in texts) or bool(_IDENTITY.search(metadata))
    counts = Counter(match for text in texts + [metadata] for match in VERSION.findall(text))
    return named, counts.most_common(1)[0][0] if counts else None


def identify(doc: LayoutDocument) -> str:
    """Return the revision, or raise InputError when the input is not an RMM spec."""
    named, version = find_revision(doc)
    if not named:
        raise InputError(doc.path, "not an Arm RMM specification (no 'DEN0137' or 'Realm Management Monitor' on its first pages)")
    if version is None:
        raise InputError(doc.path, "RMM specification revision not found (expected e.g. '1.0-rel0' on the title page or in "
                                   "footers); give it with --revision")
    return version


def is_revision(text: str) -> bool:
    return VERSION.fullmatch(text) is not None
