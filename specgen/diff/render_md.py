"""The Markdown report (for issues, pull requests and release notes).

Spec text goes into code spans or fenced blocks whose fence is longer than any backtick run
in the text, so no condition can break out of its block or inject markup.
"""

from __future__ import annotations

import re

from specgen.diff.model import Change, DiffReport, Side
from specgen.diff.present import (
    SIGNS,
    count_rows,
    direction,
    group_title,
    headline,
    is_multiline,
    line_diff,
    summary_line,
    where,
)


def render_markdown(report: DiffReport, editorial: bool = False) -> str:
    lines = [f"# Behavioural diff: {_inline(headline(report))}", "", _inline(summary_line(report, editorial)), ""]
    for entity, name, changes in report.groups(editorial):
        lines += [f"## {_inline(group_title(entity, name))}", ""]
        for change in changes:
            lines += _change(change)
        if lines[-1]:
            lines.append("")
    rows = count_rows(report, editorial)
    if rows:
        lines += ["## Changes by kind", "", "| kind | category | count |", "|---|---|---:|"]
        lines += [f"| `{kind}` | {category} | {count} |" for kind, category, count in rows]
        lines.append("")
    return "\n".join(lines)


def _change(change: Change) -> list[str]:
    sign = SIGNS[direction(change)]
    lines = [f"- {sign} {_inline(change.detail)} (`{change.kind}`, {change.category})"]
    if is_multiline(change) and change.old and change.new:
        body = "\n".join(line_diff(change.old.text, change.new.text))
        lines += ["", _fenced(body, "diff", indent="  "), ""]
        return lines
    for label, side in (("old", change.old), ("new", change.new)):
        if side is not None and "\n" in side.text:
            lines += [f"  - {label} ({where(side.loc)}):", "", _fenced(side.text, "", indent="    "), ""]
        elif side is not None:
            lines.append(f"  - {label} ({where(side.loc)}): {_code(side)}")
    return lines


def _inline(text: str) -> str:
    """Plain text with the punctuation that could start markup escaped (emphasis, code,
    links, tables, HTML); whitespace collapsed so that nothing starts a new block."""
    return re.sub(r"([\\`*_{}\[\]#|<>&~])", r"\\\1", " ".join(text.split()))


def _code(side: Side) -> str:
    text = " ".join(side.text.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fenced(text: str, language: str, indent: str) -> str:
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    body = "\n".join(indent + line for line in text.splitlines())
    return f"{indent}{fence}{language}\n{body}\n{indent}{fence}"
