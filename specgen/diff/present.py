"""Presentation helpers shared by the report renderers (text, Markdown, HTML).

Why here and not in templates: deciding which words of a condition changed, how to name a
location or a group, and how to summarise counts is logic; templates only loop over what
these helpers return (see templates/README.md), and every renderer says the same thing.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from specgen.diagnostics import Location
from specgen.diff.model import EDITORIAL, KINDS, Change, DiffReport

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text on one side of a change; ``marked`` when it differs from the other side."""

    text: str
    marked: bool


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """Both texts cut into runs, marking the words that differ (whitespace and newlines kept,
    so multi-line pseudocode keeps its shape)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        same = tag == "equal"
        _append(left, "".join(a[i1:i2]), not same)
        _append(right, "".join(b[j1:j2]), not same)
    return left, right


def _append(segments: list[Segment], text: str, marked: bool) -> None:
    if not text:
        return
    if marked and not text.strip():
        marked = False  # changed whitespace alone is not worth a highlight
    if segments and segments[-1].marked == marked:
        segments[-1] = Segment(segments[-1].text + text, marked)
    else:
        segments.append(Segment(text, marked))


def line_diff(old: str, new: str) -> list[str]:
    """A unified diff of two multi-line texts without file headers (for terminal and
    Markdown, where side-by-side does not fit)."""
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
    return [line for line in lines if not line.startswith(("---", "+++"))]


def is_multiline(change: Change) -> bool:
    return any(side is not None and "\n" in side.text for side in (change.old, change.new))


def direction(change: Change) -> str:
    """ADDED, REMOVED or CHANGED: what the change does to the element (for colour and sign)."""
    if change.old is None:
        return ADDED
    if change.new is None:
        return REMOVED
    return CHANGED


SIGNS = {ADDED: "+", REMOVED: "-", CHANGED: "~"}


def where(loc: Location | None) -> str:
    """``p. 31 l. 35, B4.3.7``: short enough for a report column."""
    if loc is None:
        return ""
    text = f"p. {loc.page} l. {loc.line}"
    return f"{text}, {loc.section}" if loc.section else text


def group_title(entity: str, name: str) -> str:
    return f"{entity} {name}"


def anchor(entity: str, name: str) -> str:
    """An HTML id for a group: only letters, digits, ``-`` and ``_``."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", f"{entity}-{name}")


def headline(report: DiffReport) -> str:
    """``DEN0137 1.0-rel0 (pdf) → 1.1-alp11 (text)``."""
    old, new = report.old, report.new
    return f"DEN0137 {old.version} ({old.source_kind}) → {new.version} ({new.source_kind})"


def summary_line(report: DiffReport, editorial: bool) -> str:
    """One line saying how many changes there are and whether editorial ones are shown."""
    behavioural, editorial_count = len(report.behavioural), len(report.editorial)
    if not behavioural and not editorial_count:
        return "no changes"
    shown = "shown" if editorial else "not shown; --editorial shows them"
    return f"{behavioural} behavioural change(s); {editorial_count} editorial ({shown})"


def count_rows(report: DiffReport, editorial: bool) -> list[tuple[str, str, int]]:
    """(kind, category, count) for every kind present among the visible changes."""
    return [(kind, KINDS[kind].category, count) for kind, count in report.counts(editorial).items()]


def is_editorial(change: Change) -> bool:
    return change.category == EDITORIAL
