"""Run the whole extraction: layout -> body text -> sections -> IR.

Why the bookkeeping here: every body line either lands in a command, function or type, or
is reported. Pages without text, lines in no section (an excerpt starting inside a section),
heading-like lines that were not taken, and sections that are none of the three are all
located diagnostics, so nothing the input holds disappears without a word.
"""

from __future__ import annotations

import re
from dataclasses import replace
from collections.abc import Collection

from specgen.diagnostics import InputError, Location, Severity
from specgen.extract.commands import COMMAND_TITLE, extract_command, is_command, subsection_kind
from specgen.extract.common import Collector, loc, normalise
from specgen.extract.document import find_revision, identify, is_revision
from specgen.extract.functions import FUNCTION_TITLE, extract_function, is_function
from specgen.extract.ir import IR, SCHEMA, Document, Source
from specgen.extract.names import identifier_problems
from specgen.extract.types import TYPE_TITLE, extract_type, is_type
from specgen.extract.typing import integer, resolve_types
from specgen.pdf.model import LayoutDocument
from specgen.structure.document import Structure, read_structure
from specgen.structure.pages import textless_pages
from specgen.structure.sections import Section

# A title in the form of a command, function or type heading, whatever its name looks like:
# such a section that is not extracted is a loss the user must hear of.
_ENTITY_TITLE = re.compile(r"^(?P<name>\S.*?)\s+(?P<kind>command|function|type)$", re.I)
_ENTITY_FORMS = {"command": COMMAND_TITLE, "function": FUNCTION_TITLE, "type": TYPE_TITLE}
_NAME_RULES = {
    "command": "an interface prefix and a name in capitals, digits and underscores, like RMI_DATA_CREATE",
    "function": "one identifier (letters, digits, underscores)",
    "type": "one identifier (letters, digits, underscores)",
}
NO_TEXT = "has no extractable text"  # one message form per kind of finding (see README)


def recognised_title(title: str) -> bool:
    """Titles that make a heading whatever its number: entities and command parts."""
    return _ENTITY_TITLE.match(title) is not None or subsection_kind(title) is not None


def _fid_tables(sections: list[Section]) -> tuple[dict[str, str], set[int]]:
    """Commands' FIDs from summary tables (``FID | Command``), where a revision has them,
    and the ids of the sections whose lines those tables account for."""
    fids: dict[str, str] = {}
    used: set[int] = set()
    for section in sections:
        for table in section.tables:
            if table.header[:2] != ("FID", "Command"):
                continue
            used.add(id(section))
            for row in table.rows:
                fid, command = row.get("FID"), row.get("Command")
                if fid.startswith("0x") and command:
                    fids[command] = fid
    return fids, used


def _revision(layout: LayoutDocument, revision: str | None, out: Collector) -> str:
    if revision is None:
        return identify(layout)
    if not is_revision(revision):
        raise InputError(layout.path, f"--revision {revision!r} is not a revision name (e.g. 1.0-eac3, 1.1-alp12)")
    named, found = find_revision(layout)
    if found is not None and found != revision:
        out.warn(f"the document names revision {found}; extracted as {revision} (given)", None, code="SG110")
    if not named:
        out.info("the document does not say it is DEN0137 on its first pages; read as DEN0137 (a revision was given)", None,
                 code="SG111")
    return revision


def _check_pages(layout: LayoutDocument, pages: Collection[int] | None) -> None:
    if pages is None:
        return
    count = len(layout.pages)
    beyond = sorted(p for p in pages if p > count)
    if beyond:
        raise InputError(layout.path, f"page {beyond[0]} is beyond the document's {count} page(s)")


def _page_loc(page: int) -> Location:
    return Location(page=page, line=1)


def extract(layout: LayoutDocument, pages: Collection[int] | None = None, revision: str | None = None) -> IR:
    """The IR of ``layout``; with ``pages`` only those (1-based) pages of it are read, and
    ``revision`` names the revision of a document that does not name its own."""
    out = Collector()
    version = _revision(layout, revision, out)
    _check_pages(layout, pages)
    structure = read_structure(layout, pages, recognised_title)
    empty, furniture_only = textless_pages(layout, structure.furniture)
    wanted = set(pages) if pages is not None else None
    for page in empty:
        if wanted is None or page in wanted:
            out.warn(f"page {page} {NO_TEXT} (an image or a scan?): its content is not extracted", _page_loc(page),
                     code="SG112")
    for page in furniture_only:
        if wanted is None or page in wanted:
            out.info(f"page {page} has only running headers and footers", _page_loc(page), code="SG113")
    sections = list(structure.sections)
    _report_structure(structure, out)
    fids, fid_sections = _fid_tables(sections)
    owners = {s.number for s in sections if is_command(s) or _ENTITY_TITLE.match(s.title)}
    commands, functions, types = [], [], []
    for position, section in enumerate(sections):
        if is_command(section):
            children = [s for s in sections[position + 1 :] if s.is_within(section.number)]
            command = extract_command(section, children, fids, out)
            if command.name in fids and command.fid is not None and integer(fids[command.name]) != command.fid:
                out.warn(
                    f"{command.name}: FID {command.fid:#x} in its interface, {fids[command.name]} in the FID table",
                    command.loc,
                    code="SG103",
                )
            commands.append(command)
        elif is_function(section):
            functions.append(extract_function(section, out))
        elif is_type(section):
            types.append(extract_type(section, out))
        elif id(section) not in fid_sections:
            _report_unextracted(section, sections, owners, out)
    if not (commands or functions or types):
        out.add(Severity.ERROR, "no command, function or type sections ('<NAME> command', '<Name> function', "
                                "'<Name> type' headings) found", None, code="SG114")
    elif not commands:
        out.info("no command sections ('<NAME> command' headings) in this input", None, code="SG115")
    ir = IR(
        schema=SCHEMA,
        document=Document(id="DEN0137", version=version, source=Source(kind=layout.kind, sha256=layout.sha256)),
        commands=tuple(commands),
        functions=tuple(functions),
        types=tuple(types),
        diagnostics=(),
    )
    typed = resolve_types(ir, lambda message, loc: out.warn(message, loc, code="SG102"))
    return replace(typed, diagnostics=tuple(out.items) + tuple(identifier_problems(commands, functions, types)))


def _report_structure(sectioning: Structure, out: Collector) -> None:
    for item in sectioning.not_taken:
        where = loc(item.line, "")
        if _ENTITY_TITLE.match(item.title):
            out.warn(f"heading-like line {item.number} {item.title!r} is not taken as a section: {item.reason}", where,
                     code="SG120")
        else:
            out.info(f"heading-like line {item.number} {item.title!r} is read as text: {item.reason}", where,
                     code="SG121")
    for run, after_break in sectioning.outside:
        first = run[0]
        reason = ("follow a break in the text (pages left out, or a page without text) and belong to a section "
                  "whose heading is not in the input") if after_break else "stand before the first section heading"
        out.info(f"{len(run)} line(s) from page {first.page} {reason}; not extracted: "
                 f"{normalise(first.text)[:60]!r}", loc(first, ""), code="SG124" if after_break else "SG123")


def _report_unextracted(section: Section, sections: list[Section], owners: set[str], out: Collector) -> None:
    """A section that is not a command, function or type, nor part of a command (one of
    ``owners``, the numbers of command and command-like headings)."""
    where = loc(section.heading, section.number)
    entity = _ENTITY_TITLE.match(section.title)
    if entity:
        children = [s for s in sections if s.is_within(section.number)]
        kind = entity["kind"].lower()
        out.warn(f"section {section.number} {section.title!r} looks like a {kind} heading but {entity['name']!r} is "
                 f"not a {kind} name ({_NAME_RULES[kind]}): it and its {len(children)} subsection(s) are not extracted",
                 where, code="SG122")
        return
    parts = section.number.split(".")
    if any(".".join(parts[:depth]) in owners for depth in range(1, len(parts))):
        return  # part of a command (extracted or reported with it)
    if subsection_kind(section.title) is not None:
        out.info(f"section {section.number} {section.title!r} is part of a command whose heading is not in the input; "
                 f"not extracted", where, code="SG125")
    elif section.lines:
        out.info(f"section {section.number} {section.title!r}: {len(section.lines)} line(s) not extracted "
                 f"(not a command, function or type)", where, code="SG126")
