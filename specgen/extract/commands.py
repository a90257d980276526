"""Commands (``RMI_*``, ``RSI_*``, ``PSCI_*``): interface tables, conditions, footprint.

A command section is found by its heading text ``<NAME> command``; its parts by their
subsection titles (Interface / Input values / Context / Output values / Failure conditions
/ Failure condition ordering / Success conditions / Footprint), never by number.
"""

from __future__ import annotations

import re

from specgen.extract.common import Collector, loc, normalise, paragraphs, prose
from specgen.extract.ir import Command, Condition, ContextValue, FootprintItem, Ordering, Register
from specgen.pdf.model import Line
from specgen.structure.sections import Section
from specgen.structure.tables import Table

COMMAND_TITLE = re.compile(r"^(?P<name>(?P<interface>RMI|RSI|PSCI)_[A-Z0-9_]+) command$")
_FID_IN_DESCRIPTION = re.compile(r"\bFID\b.*?\b(0x[0-9A-Fa-f]+)\b")
_PRE_POST = re.compile(r"^pre:\s*(?P<pre>.*?)\s*post:\s*(?P<post>.*)$", re.S)
_ORDER_STATEMENT = re.compile(r"^\[(?P<before>[^\]]*)\]\s*<\s*\[(?P<after>[^\]]*)\]$")
_DIAGRAM_TOKEN = re.compile(r"^[A-Za-z0-9_]+$")
_NO_ORDERING = re.compile(r"does not have any failure condition orderings?", re.I)
_STATES_NONE = re.compile(r"\bdoes not have any\b", re.I)

SUBSECTIONS = {
    "interface": "interface",
    "input values": "inputs",
    "context": "context",
    "output values": "outputs",
    "failure conditions": "failure",
    "failure condition ordering": "ordering",
    "success conditions": "success",
    "footprint": "footprint",
}


def is_command(section: Section) -> bool:
    return COMMAND_TITLE.match(section.title) is not None


def extract_command(section: Section, children: list[Section], fids: dict[str, str], out: Collector) -> Command:
    match = COMMAND_TITLE.match(section.title)
    name, interface = match.group("name"), match.group("interface")
    parts: dict[str, Section] = {}
    for child in children:
        kind = SUBSECTIONS.get(child.title.lower())
        if kind is None:
            out.info(f"{name}: subsection {child.title!r} is not extracted", loc(child.heading, child.number))
        elif kind in parts:
            out.warn(f"{name}: duplicate subsection {child.title!r}", loc(child.heading, child.number))
        else:
            parts[kind] = child

    inputs = _registers(name, parts.get("inputs"), out)
    outputs = _registers(name, parts.get("outputs"), out)
    fid = _fid_from_inputs(inputs) or fids.get(name)
    if fid is None:
        out.warn(f"{name}: no FID found", loc(section.heading, section.number))
    return Command(
        name=name,
        interface=interface,
        section=section.number,
        fid=fid,
        summary=prose(section.lines),
        inputs=inputs,
        context=_context(name, parts.get("context"), out),
        outputs=outputs,
        failure_conditions=_conditions(name, parts.get("failure"), out, failure=True),
        failure_ordering=_ordering(name, parts.get("ordering"), out),
        success_conditions=_conditions(name, parts.get("success"), out, failure=False),
        footprint=_footprint(name, parts.get("footprint"), out),
        loc=loc(section.heading, section.number),
    )


_STOCK_SENTENCES = re.compile(r"operates on the following context|does not have any|shown in the following table", re.I)


def _one_table(name: str, part: Section | None, wanted: str, out: Collector) -> Table | None:
    """The part's table whose header has column ``wanted``. Extra tables, and prose that is
    not one of the spec's stock sentences, are reported as informational diagnostics: they
    are notes (e.g. "Following execution of PSCI_SYSTEM_OFF, control does not return to the
    caller.") that the IR does not model, and a reader of the IR should know they exist."""
    if part is None:
        return None
    for paragraph in paragraphs(part):
        lines = paragraph.lines
        for block in _blocks(i for i, line in enumerate(lines) if not _STOCK_SENTENCES.search(line.text)):
            first = lines[block[0]]
            out.info(f"{name}: {len(block)} line(s) of text in {part.title!r} not extracted, from: "
                     f"{normalise(first.text)[:80]!r}", loc(first, part.number))
    chosen = None
    for table in part.tables:
        if chosen is None and wanted in table.header:
            chosen = table
        elif chosen is not None and not table.rows and table.header == chosen.header:
            continue  # the header repeated on a new page, with no rows under it
        else:
            header = " | ".join(table.header)
            out.info(f"{name}: table [{header}] in {part.title!r} is not extracted", loc(table.header_line, part.number))
    if chosen is None and part.lines and not _STATES_NONE.search(prose(part.lines)):
        out.warn(f"{name}: no table with column {wanted!r} in {part.title!r}", loc(part.heading, part.number))
    return chosen


def _blocks(indices) -> list[list[int]]:
    """Group increasing indices into runs of consecutive ones."""
    runs: list[list[int]] = []
    for index in indices:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _registers(name: str, part: Section | None, out: Collector) -> tuple[Register, ...]:
    table = _one_table(name, part, "Register", out)
    if table is None:
        return ()
    return tuple(
        Register(
            name=row.get("Name"),
            register=row.get("Register"),
            bits=row.get("Bits"),
            type=row.get("Type"),
            description=row.get("Description"),
            loc=loc(row.first, part.number),
        )
        for row in table.rows
    )


def _fid_from_inputs(inputs: tuple[Register, ...]) -> str | None:
    for register in inputs:
        if register.name == "fid":
            match = _FID_IN_DESCRIPTION.search(register.description)
            if match:
                return match.group(1)
    return None


def _context(name: str, part: Section | None, out: Collector) -> tuple[ContextValue, ...]:
    table = _one_table(name, part, "Value", out)
    if table is None:
        return ()
    values = []
    for row in table.rows:
        before_text = row.get("Before").lower()
        before = {"true": True, "false": False}.get(before_text)
        if before is None:
            out.warn(f"{name}: context {row.get('Name')!r}: Before is {before_text!r}", loc(row.first, part.number))
        values.append(
            ContextValue(
                name=row.get("Name"),
                type=row.get("Type"),
                value=row.get("Value"),
                before=before,
                description=row.get("Description"),
                loc=loc(row.first, part.number),
            )
        )
    return tuple(values)


def _conditions(name: str, part: Section | None, out: Collector, failure: bool) -> tuple[Condition, ...]:
    table = _one_table(name, part, "Condition", out)
    if table is None:
        return ()
    conditions = []
    for row in table.rows:
        text = row.get("Condition")
        where = loc(row.first, part.number)
        match = _PRE_POST.match(text)
        if match:
            conditions.append(Condition(row.get("ID"), normalise(match["pre"]), normalise(match["post"]), where))
        elif failure:
            out.warn(f"{name}: failure condition {row.get('ID')!r} has no pre:/post: {text[:60]!r}", where)
            conditions.append(Condition(row.get("ID"), None, normalise(text), where))
        else:
            conditions.append(Condition(row.get("ID"), None, normalise(text), where))
    return tuple(conditions)


def _footprint(name: str, part: Section | None, out: Collector) -> tuple[FootprintItem, ...]:
    table = _one_table(name, part, "Value", out)
    if table is None:
        return ()
    return tuple(
        FootprintItem(row.get("ID"), normalise(row.get("Value")), loc(row.first, part.number)) for row in table.rows
    )


def _ordering(name: str, part: Section | None, out: Collector) -> tuple[Ordering, ...]:
    """Ordering statements ``[a, b] < [c]``, possibly wrapped over lines. The text residue of
    the ordering diagram (condition ids and error codes) is recognised and skipped."""
    if part is None:
        return ()
    statements: list[Ordering] = []
    pending: list[Line] = []
    for line in part.lines:
        text = normalise(line.text)
        if pending or text.startswith("["):
            pending.append(line)
            joined = normalise(" ".join(l.text for l in pending))
            if _brackets_closed(joined):
                statements.append(_statement(name, joined, pending[0], part, out))
                pending = []
        elif _NO_ORDERING.search(text) or _is_diagram_residue(text):
            continue
        else:
            out.warn(f"{name}: ordering text not understood: {text[:80]!r}", loc(line, part.number))
    if pending:
        out.warn(f"{name}: unterminated ordering statement", loc(pending[0], part.number))
    return tuple(statements)


def _brackets_closed(text: str) -> bool:
    return text.count("[") == text.count("]") and text.count("[") >= 2 and text.endswith("]")


def _statement(name: str, text: str, first: Line, part: Section, out: Collector) -> Ordering:
    text = re.sub(r"\[\s+", "[", re.sub(r"\s+\]", "]", text))
    match = _ORDER_STATEMENT.match(text)
    where = loc(first, part.number)
    if not match:
        out.warn(f"{name}: ordering statement not understood: {text!r}", where)
        return Ordering(text, (), (), where)
    split = lambda group: tuple(item.strip() for item in group.split(",") if item.strip())  # noqa: E731
    return Ordering(text, split(match["before"]), split(match["after"]), where)


def _is_diagram_residue(text: str) -> bool:
    return all(_DIAGRAM_TOKEN.match(token) for token in text.split())
