"""Compare the PDF loader's layout with the text loader's, page by page, for corpus revisions.

usage: python benchmarks/compare_layouts.py [REVISION ...] [--show N]
Needs the corpus (../shared/specs or $SPECGEN_CORPUS). Default: all four revisions.

A line is compared as its words and its start (x0 rounded to a whole column); blank lines
and the line number / top (different units by nature) are ignored. Words, not chunks: where
a PDF leaves a blank of one space or three is typography, and the PDF loader does not try
to reproduce pdftotext's column gaps. Differences are counted per page
after aligning the two line sequences, and each differing line is classified:

* ``section``: inside a command, function or type section (``B4.3.13 RMI_X command`` ...
  up to the next heading at column 0) -- what extraction reads; this should be 0;
* ``furniture``: the first two or last two lines of a page (running header, footer);
* ``other``: anything else (title, contents, part and chapter pages).

``ms/page`` is the PDF loader's wall time per page (one cold run, pdfplumber included).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from specgen.paths import corpus_dir
from specgen.pdf.model import LayoutDocument, Line
from specgen.pdf.pdf_loader import load_pdf
from specgen.pdf.text_loader import load_text

REVISIONS = ("1.0-eac5", "1.0-rel0", "1.1-alp11", "1.1-alp12")
FURNITURE_LINES = 2
_SECTION_HEADING = re.compile(r"^[A-Z]\d+(?:\.\d+)+\.? \S+ (?:command|function|type)$")
_ANY_HEADING = re.compile(r"^(?:[A-Z]\d+(?:\.\d+)*\.? \S|Chapter |Part )")

LineKey = tuple[tuple[str, ...], int]


def line_key(line: Line) -> LineKey:
    return tuple(w.text for w in line.words), round(line.x0)


@dataclass
class Difference:
    page: int
    kind: str  # "section" | "furniture" | "other"
    reason: str  # see ``reason``
    text_line: str | None
    pdf_line: str | None


def reason(text_line: Line | None, pdf_line: Line | None) -> str:
    """Why two aligned lines differ:

    * ``missing`` / ``extra``: a line only in the text / only in the PDF;
    * ``text``: the words differ (a real extraction difference, or labels of a diagram line
      too wide for the page that the facsimile squeezed until they touch);
    * ``x``: same words, the line starts at another column: the facsimile moved lines too
      wide for its page (failure-ordering diagram residue).
    """
    if text_line is None:
        return "missing"
    if pdf_line is None:
        return "extra"
    if [w.text for w in text_line.words] != [w.text for w in pdf_line.words]:
        return "text"
    return "x"


@dataclass
class Comparison:
    revision: str
    pages_text: int
    pages_pdf: int
    lines_text: int
    section_lines: int = 0
    differing_pages: int = 0
    differences: list[Difference] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, kind: str, reason: str | None = None) -> int:
        return sum(1 for d in self.differences if d.kind == kind and reason in (None, d.reason))

    def reasons(self, kind: str) -> Counter:
        return Counter(d.reason for d in self.differences if d.kind == kind)


def section_flags(doc: LayoutDocument) -> dict[tuple[int, int], bool]:
    """For every text line (page, line): is it inside a command/function/type section?"""
    flags = {}
    inside = False
    for line in doc.lines():
        if line.x0 == 0 and _ANY_HEADING.match(line.text):
            inside = bool(_SECTION_HEADING.match(" ".join(line.text.split())))
        flags[(line.page, line.line)] = inside
    return flags


def _kind(lines: tuple[Line, ...], index: int, flags: dict[tuple[int, int], bool]) -> str:
    if index < FURNITURE_LINES or index >= len(lines) - FURNITURE_LINES:
        return "furniture"
    line = lines[min(index, len(lines) - 1)]
    return "section" if flags.get((line.page, line.line)) else "other"


def _show(line: Line) -> str:
    return " | ".join(f"{round(c.x0)}:{c.text}" for c in line.chunks)


def compare_documents(revision: str, pdf: LayoutDocument, text: LayoutDocument) -> Comparison:
    flags = section_flags(text)
    result = Comparison(
        revision, len(text.pages), len(pdf.pages), sum(len(p.lines) for p in text.pages)
    )
    result.section_lines = sum(
        _kind(page.lines, i, flags) == "section"
        for page in text.pages
        for i in range(len(page.lines))
    )
    for number in range(1, max(len(text.pages), len(pdf.pages)) + 1):
        text_lines = text.pages[number - 1].lines if number <= len(text.pages) else ()
        pdf_lines = pdf.pages[number - 1].lines if number <= len(pdf.pages) else ()
        matcher = difflib.SequenceMatcher(
            None,
            [line_key(l) for l in text_lines],
            [line_key(l) for l in pdf_lines],
            autojunk=False,
        )
        page_differs = False
        for op, t0, t1, p0, p1 in matcher.get_opcodes():
            if op == "equal":
                continue
            page_differs = True
            for offset in range(max(t1 - t0, p1 - p0)):
                t, p = t0 + offset, p0 + offset
                text_line = text_lines[t] if t < t1 else None
                pdf_line = pdf_lines[p] if p < p1 else None
                where = _kind(text_lines, min(t, t1 - 1), flags) if t1 > 0 else "other"
                result.differences.append(
                    Difference(
                        number,
                        where,
                        reason(text_line, pdf_line),
                        _show(text_line) if text_line else None,
                        _show(pdf_line) if pdf_line else None,
                    )
                )
        result.differing_pages += page_differs
    return result


def compare_revision(corpus: Path, revision: str) -> Comparison:
    pdf_path = corpus / "pdf" / f"DEN0137_{revision}.pdf"
    text_path = corpus / "text" / f"DEN0137_{revision}.txt"
    start = time.perf_counter()
    pdf = load_pdf(str(pdf_path), pdf_path.read_bytes(), None)
    seconds = time.perf_counter() - start
    text = load_text(str(text_path), text_path.read_bytes())
    result = compare_documents(revision, pdf, text)
    result.seconds = seconds
    return result


def _summary(r: Comparison) -> str:
    parts = []
    for kind in ("section", "furniture", "other"):
        reasons = r.reasons(kind)
        detail = ", ".join(f"{n} {why}" for why, n in sorted(reasons.items()))
        parts.append(f"{kind} {sum(reasons.values())}" + (f" ({detail})" if detail else ""))
    return "; ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revisions", nargs="*", default=list(REVISIONS))
    parser.add_argument(
        "--show", type=int, default=3, help="differences to show per kind and reason"
    )
    args = parser.parse_args()
    corpus = corpus_dir()
    if corpus is None:
        print("corpus not found: set $SPECGEN_CORPUS", file=sys.stderr)
        return 2
    for revision in args.revisions:
        r = compare_revision(corpus, revision)
        pages = (
            f"{r.pages_pdf}"
            if r.pages_pdf == r.pages_text
            else f"{r.pages_pdf} (text {r.pages_text})"
        )
        print(
            f"{revision}: {pages} pages, {r.lines_text} text lines ({r.section_lines} in sections), "
            f"{r.differing_pages} pages differ, "
            f"{1000 * r.seconds / max(r.pages_pdf, 1):.1f} ms/page"
        )
        print(f"  differing lines: {_summary(r)}")
        shown = Counter()
        for d in r.differences:
            if shown[d.kind, d.reason] < args.show:
                shown[d.kind, d.reason] += 1
                print(
                    f"    p{d.page} {d.kind} {d.reason}:\n      text: {d.text_line}\n      pdf:  {d.pdf_line}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
