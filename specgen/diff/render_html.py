"""The self-contained HTML report: one side-by-side table per command, function and type.

Why a template: the page layout is markup, kept in ``templates/diff/report.html.jinja`` and
rendered through specgen's one jinja2 Environment. That environment does not autoescape
(it writes code), so this module hands the template plain strings and booleans only, and
the template passes every string through the ``html`` filter. The page has its CSS inline
and loads nothing, so it can be mailed or attached to an issue as one file.
"""

from __future__ import annotations

from specgen import __version__
from specgen.diff.model import Change, DiffReport, Side
from specgen.diff.present import (
    anchor,
    count_rows,
    direction,
    group_title,
    headline,
    is_editorial,
    summary_line,
    where,
    word_diff,
)
from specgen.generate.environment import render_template

TEMPLATE = "diff/report.html.jinja"


def render_html(report: DiffReport, editorial: bool = False) -> str:
    return render_template(TEMPLATE, **html_context(report, editorial))


def html_context(report: DiffReport, editorial: bool) -> dict:
    """Everything the template shows, as plain data."""
    groups = [
        {
            "title": group_title(entity, name),
            "anchor": anchor(entity, name),
            "count": len(changes),
            "rows": [_row(change) for change in changes],
        }
        for entity, name, changes in report.groups(editorial)
    ]
    return {
        "title": headline(report),
        "summary": summary_line(report, editorial),
        "old_version": report.old.version,
        "new_version": report.new.version,
        "old_source": f"{report.old.source_kind}, sha256 {report.old.sha256[:12]}",
        "new_source": f"{report.new.source_kind}, sha256 {report.new.sha256[:12]}",
        "specgen_version": __version__,
        "groups": groups,
        "counts": [{"kind": k, "category": c, "count": str(n)} for k, c, n in count_rows(report, editorial)],
    }


def _row(change: Change) -> dict:
    old_segments, new_segments = _segments(change.old, change.new)
    return {
        "kind": change.kind,
        "detail": change.detail,
        "css": " ".join(("editorial" if is_editorial(change) else "behavioural", direction(change))),
        "old": old_segments,
        "new": new_segments,
        "old_where": where(change.old.loc) if change.old else "",
        "new_where": where(change.new.loc) if change.new else "",
    }


def _segments(old: Side | None, new: Side | None) -> tuple[list[dict], list[dict]]:
    """Runs of text per side; ``mark`` is true on the words that differ."""
    if old is not None and new is not None:
        left, right = word_diff(old.text, new.text)
        return _plain(left), _plain(right)
    left = [{"text": old.text, "mark": True}] if old is not None else []
    right = [{"text": new.text, "mark": True}] if new is not None else []
    return left, right


def _plain(segments) -> list[dict]:
    return [{"text": s.text, "mark": s.marked} for s in segments]
