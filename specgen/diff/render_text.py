"""The terminal report: rich renderables grouped by command, function and type.

Returns renderables rather than printing (library code never prints); the CLI prints them,
and rich drops the colours when the output is not a terminal.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from specgen.diff.model import Change, DiffReport
from specgen.diff.present import (
    ADDED,
    REMOVED,
    SIGNS,
    count_rows,
    direction,
    group_title,
    headline,
    is_editorial,
    is_multiline,
    line_diff,
    summary_line,
    where,
    word_diff,
)

_COLOURS = {ADDED: "green", REMOVED: "red"}


def render_text(report: DiffReport, editorial: bool = False) -> RenderableType:
    parts: list[RenderableType] = [Text(headline(report), style="bold")]
    for entity, name, changes in report.groups(editorial):
        parts.append(Rule(Text(group_title(entity, name), style="bold cyan"), align="left"))
        for change in changes:
            parts.extend(_change(change))
    if report.visible(editorial):
        parts.append(Text())
        parts.append(_counts(report, editorial))
    parts.append(Text(summary_line(report, editorial), style="bold"))
    return Group(*parts)


def render_plain(report: DiffReport, editorial: bool = False, width: int = 120) -> str:
    """The terminal report as plain text (no colours): for files and tests."""
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, highlight=False).print(render_text(report, editorial))
    return buffer.getvalue()


def _change(change: Change) -> list[RenderableType]:
    kind = direction(change)
    style = "dim" if is_editorial(change) else _COLOURS.get(kind, "yellow")
    head = Text(f"{SIGNS[kind]} ", style=style)
    head.append(change.detail, style=style)
    head.append(f"  [{change.kind}]", style="dim")
    lines: list[RenderableType] = [head]
    if is_multiline(change) and change.old and change.new:
        lines.append(_indented_diff(change))
        return lines
    if change.old and change.new:
        old_segments, new_segments = word_diff(change.old.text, change.new.text)
        lines.append(_side("old", old_segments, "red", change.old.loc))
        lines.append(_side("new", new_segments, "green", change.new.loc))
    elif change.old:
        lines.append(_plain_side("old", change.old.text, change.old.loc))
    elif change.new:
        lines.append(_plain_side("new", change.new.text, change.new.loc))
    return lines


def _side(label: str, segments, colour: str, loc) -> Text:
    text = Text(f"    {label}: ", style="dim")
    for segment in segments:
        text.append(segment.text, style=f"bold {colour}" if segment.marked else "")
    text.append(f"  ({where(loc)})", style="dim")
    return text


def _plain_side(label: str, value: str, loc) -> Text:
    text = Text(f"    {label}: ", style="dim")
    text.append(value.replace("\n", "\n         "))
    text.append(f"  ({where(loc)})", style="dim")
    return text


def _indented_diff(change: Change) -> Text:
    text = Text(f"    {where(change.old.loc)} → {where(change.new.loc)}\n", style="dim")
    for line in line_diff(change.old.text, change.new.text):
        style = {"+": "green", "-": "red", "@": "cyan"}.get(line[:1], "")
        text.append(f"    {line}\n", style=style)
    text.rstrip()
    return text


def _counts(report: DiffReport, editorial: bool) -> Table:
    table = Table(title="changes by kind", title_justify="left", show_header=True)
    table.add_column("kind")
    table.add_column("category")
    table.add_column("count", justify="right")
    for kind, category, count in count_rows(report, editorial):
        table.add_row(kind, category, str(count))
    return table
