"""RMM types: enumerations, fieldsets, structures (and anything else, kind ``other``).

The kind and width come from the spec's fixed sentences ("The X fieldset is a concrete
type.", "The width of the X structure is 256 (0x100) bytes."), the members from the type's
table, whose header tells which facts it carries (Encoding, Bits, Byte offset, Type).
"""

from __future__ import annotations

import re

from specgen.extract.common import Collector, lines_before_first_table, loc, prose, report_repairs
from specgen.extract.ir import TypeDef, TypeMember
from specgen.extract.typing import read_bits, read_integer, type_ref, width_bits
from specgen.structure.sections import Section

TYPE_TITLE = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*) (?i:type)$")
_KINDS = {"enumeration": "enum", "fieldset": "fieldset", "structure": "struct"}
# The width sentence, wherever the typesetter wrapped it and whatever follows it in its
# paragraph: the width ends at the sentence's full stop.
_WIDTH = re.compile(r"\bThe width of the \w+ (?:\w+ )?is (?P<width>.+?)(?:\.(?:\s|$)|$)")


def is_type(section: Section) -> bool:
    return TYPE_TITLE.match(section.title) is not None


def _kind(name: str, text: str) -> str:
    match = re.search(rf"\bThe {re.escape(name)} (enumeration|fieldset|structure)\b", text)
    return _KINDS[match.group(1)] if match else "other"


def _where_said(lines, word: str, section: Section):
    """The location of the first line that says ``word`` (a sentence read from the joined
    paragraph has no single line of its own), else of the section's heading."""
    said = next((line for line in lines if word in line.text), section.heading)
    return loc(said, section.number)


def extract_type(section: Section, out: Collector) -> TypeDef:
    name = TYPE_TITLE.match(section.title).group("name")
    intro = lines_before_first_table(section)
    intro_text = prose(intro)
    kind = _kind(name, intro_text)
    width = None
    for match in _WIDTH.finditer(intro_text):
        width = width_bits(match["width"])
        if width is None:
            out.warn(f"type {name}: width {match['width']!r} not understood", _where_said(intro, "width", section),
                     code="SG101")
    members: list[TypeMember] = []
    reserved: list[str] = []
    found = section.tables
    if not found and kind != "other":
        out.info(f"type {name}: the {kind} has no table; it is described in prose only, so it has no members",
                 loc(section.heading, section.number), code="SG170")
    for table in found:
        header = set(table.header)
        if not header & {"Bits", "Encoding", "Byte offset", "Type", "Description"} or "Name" not in header:
            out.info(f"type {name}: table [{' | '.join(table.header)}] is not extracted", loc(table.header_line, section.number),
                     code="SG171")
            continue
        for row in table.rows:
            where = loc(row.first, section.number)
            report_repairs(f"type {name}: member row", row, where, out)
            member_name = row.get("Name")
            if not member_name:
                if row.get("Bits"):
                    bits = read_bits(row.get("Bits"), f"type {name}: reserved row", where, out)
                    reserved += [bits] if bits else []
                else:
                    out.warn(f"type {name}: table row without a name", where, code="SG172")
                continue
            members.append(
                TypeMember(
                    name=member_name,
                    type=type_ref(row.get("Type") or row.get("Value")),
                    bits=read_bits(row.get("Bits"), f"type {name}: member {member_name!r}", where, out),
                    offset=read_integer(row.get("Byte offset"), f"type {name}: member {member_name!r} offset", where, out),
                    encoding=read_integer(row.get("Encoding"), f"type {name}: member {member_name!r} encoding", where, out),
                    description=row.get("Description"),
                    loc=where,
                )
            )
    return TypeDef(
        name=name,
        section=section.number,
        kind=kind,
        width=width,
        summary=_first_sentence(intro_text),
        members=tuple(members),
        reserved=tuple(reserved),
        loc=loc(section.heading, section.number),
    )


def _first_sentence(text: str) -> str:
    head, dot, _rest = text.partition(". ")
    return head + "." if dot else text
