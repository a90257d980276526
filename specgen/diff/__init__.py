"""Behavioural diff between two spec revisions (``specgen diff``, ``specgen regen``).

``diff_irs(old, new)`` compares two IRs on their structure and ASTs and returns a
``DiffReport`` of classified ``Change`` values (``model.KINDS`` lists every kind and whether it
is behavioural or editorial); ``restrict`` narrows a report to some commands and their
dependencies; ``render(report, format)`` writes it as text, Markdown, JSON or HTML.
"""

from __future__ import annotations

from specgen.diff.compare import diff_irs
from specgen.diff.model import BEHAVIOURAL, EDITORIAL, KINDS, SCHEMA, Change, DiffReport, Revision, Side, report_json
from specgen.diff.scope import restrict, unknown_commands
from specgen.diff.versions import newest_older, version_key

FORMATS = ("text", "md", "json", "html")


def render(report: DiffReport, fmt: str, editorial: bool = False) -> str:
    """The report as text in ``fmt`` (one of ``FORMATS``; ``text`` without colours)."""
    if fmt == "text":
        from specgen.diff.render_text import render_plain

        return render_plain(report, editorial)
    if fmt == "md":
        from specgen.diff.render_md import render_markdown

        return render_markdown(report, editorial)
    if fmt == "json":
        return report_json(report, editorial)
    if fmt == "html":
        from specgen.diff.render_html import render_html

        return render_html(report, editorial)
    raise ValueError(f"unknown diff format {fmt!r} (known: {', '.join(FORMATS)})")


__all__ = [
    "BEHAVIOURAL", "EDITORIAL", "FORMATS", "KINDS", "SCHEMA", "Change", "DiffReport", "Revision", "Side",
    "diff_irs", "newest_older", "render", "report_json", "restrict", "unknown_commands", "version_key",
]
