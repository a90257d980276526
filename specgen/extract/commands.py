"""Commands (``RMI_*``, ``RSI_*``, ``PSCI_*``): interface tables, conditions, footprint.

A command section is found by its heading text ``<NAME> command``; its parts by their
subsection titles (Interface / Input values / Context / Output values / Failure conditions
/ Failure condition ordering / Success conditions / Footprint), never by number.
"""

from __future__ import annotations

import re

from specgen.extract.common import Collector, code_text, loc, normalise, paragraphs, prose, report_repairs
from specgen.extract.ir import Command, Condition, ContextValue, FootprintItem, Ordering, Register
from specgen.extract.typing import integer, read_bits, type_ref
from specgen.pdf.model import Line
from specgen.structure.sections import Section
from specgen.structure.tables import Table

COMMAND_TITLE = re.compile(r"^(?P<name>(?P<interface>[A-Z][A-Z0-9]*)_[A-Z0-9_]+) (?i:command)$")
KNOWN_INTERFACES = ("RMI", "RSI", "PSCI")
_FID_IN_DESCRIPTION = re.compile(r"\bFID\b.*?\b(0x[0-9A-Fa-f]+)\b")
# pre:/post: labels, in any case and spacing ("pre :", "Post:"); post may come alone.
_PRE_POST = re.compile(r"^pre\s*:\s*(?P<pre>.*?)\s*\bpost\s*:\s*(?P<post>.*)$", re.S | re.I)
_POST_ONLY = re.compile(r"^post\s*:\s*(?P<post>.*)$", re.S | re.I)
_PRE_ONLY = re.compile(r"^pre\s*:\s*(?P<pre>.*)$", re.S | re.I)
_ORDER_STATEMENT = re.compile(r"^\[(?P<before>[^\]]*)\]\s*<\s*\[(?P<after>[^\]]*)\]$")
_DIAGRAM_TOKEN = re.compile(r"^[A-Za-z0-9_]+$")
_NO_ORDERING = re.compile(r"does not have any failure condition orderings?", re.I)
_STATES_NONE = re.compile(r"\bdoes not have any\b", re.I)
_REGISTER = re.compile(r"^X\d+$|^W\d+$")

# Subsection titles, as the family of wordings a revision may use ("Input values",
# "Inputs", "Input parameters"; "Failure condition ordering", "Failure conditions
# ordering"; …). Matched on the whole title, case-insensitively, never by number.
_SUBSECTION_FORMS = (
    ("interface", r"interface"),
    ("inputs", r"inputs?(?: values?| parameters?| registers?| arguments?)?"),
    ("context", r"context(?: values?)?"),
    ("outputs", r"outputs?(?: values?| parameters?| registers?| results?)?"),
    ("ordering", r"(?:failure|error) conditions? order(?:ing|ings)?|order(?:ing)? of (?:failure|error) conditions"),
    ("failure", r"(?:failure|error) conditions?"),
    ("success", r"success conditions?"),
    ("footprint", r"footprints?"),
)
_SUBSECTIONS = [(kind, re.compile(rf"^{form}$", re.I)) for kind, form in _SUBSECTION_FORMS]
# The parts every command has: a command without one of them lost it (or the document is
# an excerpt that cuts the command), and the user must hear of it.
EXPECTED_PARTS = {"interface": "Interface", "inputs": "Input values", "outputs": "Output values",
                  "failure": "Failure conditions", "success": "Success conditions", "footprint": "Footprint"}


def subsection_kind(title: str) -> str | None:
    """Which part of a command a subsection title names (``inputs``, ``failure`` …), if any."""
    title = " ".join(title.split())
    for kind, pattern in _SUBSECTIONS:
        if pattern.match(title):
            return kind
    return None


def is_command(section: Section) -> bool:
    return COMMAND_TITLE.match(section.title) is not None


def extract_command(section: Section, children: list[Section], fids: dict[str, str], out: Collector) -> Command:
    match = COMMAND_TITLE.match(section.title)
    name, interface = match.group("name"), match.group("interface")
    where = loc(section.heading, section.number)
    if interface not in KNOWN_INTERFACES:
        out.warn(f"command {name}: interface {interface!r} is not one specgen knows ({', '.join(KNOWN_INTERFACES)}); "
                 f"extracted with interface {interface!r}", where, code="SG130")
    parts: dict[str, Section] = {}
    for child in children:
        kind = subsection_kind(child.title)
        if kind is None:
            _unknown_subsection(name, child, out)
        elif kind in parts:
            out.warn(f"{name}: duplicate subsection {child.title!r}", loc(child.heading, child.number), code="SG133")
        else:
            parts[kind] = child
    missing = [title for kind, title in EXPECTED_PARTS.items() if kind not in parts]
    if missing:
        out.warn(f"command {name}: no {', '.join(repr(m) for m in missing)} subsection", where, code="SG131")

    inputs = _registers(name, parts.get("inputs"), out)
    outputs = _registers(name, parts.get("outputs"), out)
    fid = _fid_from_inputs(inputs) or fids.get(name)
    if fid is None:
        out.warn(f"{name}: no FID found", where, code="SG132")
    return Command(
        name=name,
        interface=interface,
        section=section.number,
        fid=integer(fid),
        summary=prose(section.lines),
        inputs=inputs,
        context=_context(name, parts.get("context"), out),
        outputs=outputs,
        failure_conditions=_conditions(name, parts.get("failure"), out, failure=True),
        failure_ordering=_ordering(name, parts.get("ordering"), out),
        success_conditions=_conditions(name, parts.get("success"), out, failure=False),
        footprint=_footprint(name, parts.get("footprint"), out),
        loc=where,
    )


def _unknown_subsection(name: str, child: Section, out: Collector) -> None:
    """A subsection the IR has no place for. Prose (``RMI_DATA_CREATE extension of RIM``
    describes a measurement in numbered steps) is reported as information; a table in it may
    be a new kind of command fact, so that is a warning."""
    where = loc(child.heading, child.number)
    tables = child.tables
    if tables:
        headers = "; ".join("[" + " | ".join(t.header) + "]" for t in tables)
        out.warn(f"{name}: subsection {child.title!r} has table(s) {headers} that specgen does not extract", where,
                 code="SG134")
    else:
        out.info(f"{name}: subsection {child.title!r} is not extracted ({len(child.lines)} line(s) of prose)", where,
                 code="SG135")


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
                     f"{normalise(first.text)[:80]!r}", loc(first, part.number), code="SG136")
    chosen = None
    for table in part.tables:
        if chosen is None and wanted in table.header:
            chosen = table
        elif chosen is not None and not table.rows and table.header == chosen.header:
            continue  # the header repeated on a new page, with no rows under it
        else:
            header = " | ".join(table.header)
            out.info(f"{name}: table [{header}] in {part.title!r} is not extracted", loc(table.header_line, part.number),
                     code="SG137")
    if chosen is None and part.lines and not _STATES_NONE.search(prose(part.lines)):
        out.warn(f"{name}: no table with column {wanted!r} in {part.title!r}", loc(part.heading, part.number),
                 code="SG138")
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
    registers = []
    for row in table.rows:
        where = loc(row.first, part.number)
        report_repairs(f"{name}: {part.title.lower()} row", row, where, out)
        register = Register(
            name=row.get("Name"),
            register=row.get("Register"),
            bits=read_bits(row.get("Bits"), f"{name}: register {row.get('Name')!r}", loc(row.first, part.number), out),
            type=type_ref(row.get("Type")),
            description=row.get("Description"),
            loc=where,
        )
        # a Bits cell that does not read is the cell reader's warning (SG101); this one is for the rest
        if not (register.name and _REGISTER.match(register.register) and row.get("Bits").strip()
                and row.get("Type")):
            out.warn(f"{name}: {part.title.lower()} row not understood (name {register.name!r}, register "
                     f"{register.register!r}, bits {row.get('Bits')!r}, type {row.get('Type')!r}); kept as read", where,
                     code="SG140")
        registers.append(register)
    return tuple(registers)


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
        where = loc(row.first, part.number)
        report_repairs(f"{name}: context row", row, where, out)
        before_text = row.get("Before").lower()
        before = {"true": True, "false": False}.get(before_text)
        if not row.get("Name") or not row.get("Value"):
            out.warn(f"{name}: context row not understood (name {row.get('Name')!r}, value {row.get('Value')!r})", where,
                     code="SG141")
        elif before is None and not before_text:
            out.info(f"{name}: context {row.get('Name')!r}: the Before cell is empty in the document (before: null)", where,
                     code="SG143")
        elif before is None:
            out.warn(f"{name}: context {row.get('Name')!r}: Before is {before_text!r}, not true or false", where,
                     code="SG142")
        values.append(
            ContextValue(
                name=row.get("Name"),
                type=type_ref(row.get("Type")),
                value=code_text(row.get("Value")),
                before=before,
                description=row.get("Description"),
                loc=where,
            )
        )
    return tuple(values)


def _conditions(name: str, part: Section | None, out: Collector, failure: bool) -> tuple[Condition, ...]:
    table = _one_table(name, part, "Condition", out)
    if table is None:
        return ()
    kind = "failure" if failure else "success"
    conditions = []
    for row in table.rows:
        text = code_text(row.get("Condition"))
        ident = row.get("ID")
        where = loc(row.first, part.number)
        report_repairs(f"{name}: {kind} condition row", row, where, out)
        if not ident or not text:
            out.warn(f"{name}: {kind} condition row not understood (ID {ident!r}, condition {text[:60]!r})", where,
                     code="SG144")
            if not text:
                continue
        both, post_only, pre_only = _PRE_POST.match(text), _POST_ONLY.match(text), _PRE_ONLY.match(text)
        if both:
            conditions.append(Condition(ident, normalise(both["pre"]), normalise(both["post"]), where))
        elif post_only:
            conditions.append(Condition(ident, None, normalise(post_only["post"]), where))
        elif pre_only:
            out.warn(f"{name}: {kind} condition {ident!r} has pre: but no post: {text[:60]!r}; kept as post", where,
                     code="SG145")
            conditions.append(Condition(ident, None, normalise(pre_only["pre"]), where))
        else:
            if failure:
                out.warn(f"{name}: failure condition {ident!r} has no pre:/post: {text[:60]!r}", where, code="SG146")
            conditions.append(Condition(ident, None, normalise(text), where))
    return tuple(conditions)


def _footprint(name: str, part: Section | None, out: Collector) -> tuple[FootprintItem, ...]:
    table = _one_table(name, part, "Value", out)
    if table is None:
        return ()
    items = []
    for row in table.rows:
        where = loc(row.first, part.number)
        report_repairs(f"{name}: footprint row", row, where, out)
        if not row.get("ID") or not row.get("Value"):
            out.warn(f"{name}: footprint row not understood (ID {row.get('ID')!r}, value {row.get('Value')!r})", where,
                     code="SG147")
            if not row.get("Value"):
                continue
        items.append(FootprintItem(row.get("ID"), code_text(row.get("Value")), where))
    return tuple(items)


def _ordering(name: str, part: Section | None, out: Collector) -> tuple[Ordering, ...]:
    """Ordering statements ``[a, b] < [c]``, possibly wrapped over lines. The text residue of
    the ordering diagram (condition ids and error codes) is recognised and skipped."""
    if part is None:
        return ()
    statements: list[Ordering] = []
    pending: list[Line] = []
    for line in part.lines:
        text = code_text(line.text)
        if pending or text.startswith("["):
            pending.append(line)
            joined = code_text(" ".join(l.text for l in pending))
            if _brackets_closed(joined):
                statements.append(_statement(name, joined, pending[0], part, out))
                pending = []
        elif _NO_ORDERING.search(text) or _is_diagram_residue(text):
            continue
        else:
            out.warn(f"{name}: ordering text not understood: {text[:80]!r}", loc(line, part.number), code="SG150")
    if pending:
        out.warn(f"{name}: unterminated ordering statement", loc(pending[0], part.number), code="SG151")
    return tuple(statements)


def _brackets_closed(text: str) -> bool:
    return text.count("[") == text.count("]") and text.count("[") >= 2 and text.endswith("]")


def _statement(name: str, text: str, first: Line, part: Section, out: Collector) -> Ordering:
    text = re.sub(r"\[\s+", "[", re.sub(r"\s+\]", "]", text))
    match = _ORDER_STATEMENT.match(text)
    where = loc(first, part.number)
    if not match:
        out.warn(f"{name}: ordering statement not understood: {text!r}", where, code="SG152")
        return Ordering(text, (), (), where)
    split = lambda group: tuple(item.strip() for item in group.split(",") if item.strip())  # noqa: E731
    return Ordering(text, split(match["before"]), split(match["after"]), where)


def _is_diagram_residue(text: str) -> bool:
    return all(_DIAGRAM_TOKEN.match(token) for token in text.split())
