"""Run the whole extraction: layout -> body text -> sections -> IR."""

from __future__ import annotations

from specgen.diagnostics import Severity
from specgen.extract.commands import extract_command, is_command
from specgen.extract.common import Collector
from specgen.extract.document import identify
from specgen.extract.functions import extract_function, is_function
from specgen.extract.ir import IR, SCHEMA, Document, Source
from specgen.extract.names import identifier_problems
from specgen.extract.types import extract_type, is_type
from specgen.pdf.model import LayoutDocument
from specgen.structure.document import read_structure
from specgen.structure.sections import Section


def _fid_tables(sections: list[Section]) -> dict[str, str]:
    """Commands' FIDs from summary tables (``FID | Command``), where a revision has them."""
    fids: dict[str, str] = {}
    for section in sections:
        for table in section.tables:
            if table.header[:2] != ("FID", "Command"):
                continue
            for row in table.rows:
                fid, command = row.get("FID"), row.get("Command")
                if fid.startswith("0x") and command:
                    fids[command] = fid
    return fids


def extract(layout: LayoutDocument) -> IR:
    version = identify(layout)
    out = Collector()
    sections = list(read_structure(layout).sections)
    fids = _fid_tables(sections)
    commands, functions, types = [], [], []
    for position, section in enumerate(sections):
        if is_command(section):
            children = [s for s in sections[position + 1 :] if s.is_within(section.number)]
            command = extract_command(section, children, fids, out)
            if command.name in fids and command.fid and fids[command.name].lower() != command.fid.lower():
                out.warn(
                    f"{command.name}: FID {command.fid} in its interface, {fids[command.name]} in the FID table",
                    command.loc,
                )
            commands.append(command)
        elif is_function(section):
            functions.append(extract_function(section, out))
        elif is_type(section):
            types.append(extract_type(section, out))
    if not commands:
        out.add(Severity.ERROR, "no command sections ('<NAME> command' headings) found", None)
    return IR(
        schema=SCHEMA,
        document=Document(id="DEN0137", version=version, source=Source(kind=layout.kind, sha256=layout.sha256)),
        commands=tuple(commands),
        functions=tuple(functions),
        types=tuple(types),
        diagnostics=tuple(out.items) + tuple(identifier_problems(commands, functions, types)),
    )
