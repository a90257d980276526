"""View of a revision's types for the ``types`` module of the Python model.

Enumerations with an Encoding column become ``EncodedEnum`` (IntEnum) classes, the others
``AbstractEnum``; fieldsets list their bit ranges; structs their fields with defaults,
arrays (``gprs[0]``…``gprs[31]`` rows fold into one field of 32) and byte layout. Every
name goes through ``py_name``; every piece of spec text through the escaping filters in
the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from specgen.extract.ir import IR, TypeDef
from specgen.generate.py_names import array_of, element_name, fixed_width, py_name


@dataclass
class EnumView:
    name: str
    encoded: bool
    members: list[tuple[str, str]]  # (python name, value code)
    summary: str
    loc: str


@dataclass
class FieldsetView:
    name: str
    width: int
    fields: list[tuple[str, int, int, str]]  # (python name, high, low, decode code)
    summary: str
    loc: str


@dataclass
class StructFieldView:
    name: str
    default: str
    count: int | None
    offset: int | None
    size: int | None
    codec: str


@dataclass
class StructView:
    name: str
    size: int | None
    fields: list[StructFieldView]
    summary: str
    loc: str


@dataclass
class TypesView:
    enums: list[EnumView] = field(default_factory=list)
    fieldsets: list[FieldsetView] = field(default_factory=list)
    structs: list[StructView] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (constant, "Enum.MEMBER")
    fids: list[tuple[str, str]] = field(default_factory=list)  # (FID_NAME, hex)
    symbols: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip(), 0)
    except ValueError:
        return None


def width_bits(t: TypeDef) -> int | None:
    """Width in bits from the stated width ("64 bits", "4096 (0x1000) bytes")."""
    if not t.width:
        return None
    match = re.match(r"^\s*(\d+)", t.width)
    if not match:
        return None
    value = int(match[1])
    return value * 8 if "byte" in t.width else value


def parse_bits(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    match = re.fullmatch(r"\s*(\d+)\s*(?::\s*(\d+))?\s*", text)
    if not match:
        return None
    high = int(match[1])
    low = int(match[2]) if match[2] is not None else high
    return (high, low) if high >= low else None


class TypeCatalogue:
    """The revision's types by name, with the questions the views ask."""

    def __init__(self, ir: IR):
        self.types = {}
        for t in ir.types:
            self.types.setdefault(t.name, t)

    def kind(self, name: str | None) -> str | None:
        t = self.types.get((name or "").strip())
        if t is None:
            return None
        if t.kind == "enum" and self.is_encoded(t):
            return "encoded_enum"
        return t.kind

    @staticmethod
    def is_encoded(t: TypeDef) -> bool:
        return bool(t.members) and all(parse_int(m.encoding) is not None for m in t.members)

    def default_code(self, type_name: str | None) -> str:
        """Code of a zero-argument callable giving a field's default value."""
        name = (type_name or "").strip()
        kind = self.kind(name)
        if kind == "encoded_enum":
            return f"lambda: _values.decode_enum({py_name(name)}, 0)"
        if kind == "enum":
            return "_values.none"
        if kind in ("fieldset", "struct"):
            return py_name(name)
        if name == "boolean":
            return "bool"
        return "int"

    def byte_size(self, type_name: str | None) -> int | None:
        name = (type_name or "").strip()
        width = fixed_width(name)
        if width:
            return max(1, width[0] // 8)
        t = self.types.get(name)
        if t is not None and t.kind in ("enum", "fieldset", "struct"):
            bits = width_bits(t)
            return None if bits is None else max(1, bits // 8)
        return None

    def codec_code(self, type_name: str | None) -> str:
        name = (type_name or "").strip()
        if self.kind(name) in ("encoded_enum", "fieldset", "struct"):
            return py_name(name)
        return "None"

    def decode_code(self, type_name: str | None, width: int) -> str:
        """Code turning ``width`` raw bits into a fieldset member's value."""
        name = (type_name or "").strip()
        kind = self.kind(name)
        if kind == "encoded_enum":
            return f"lambda raw: _values.decode_enum({py_name(name)}, raw, {width})"
        if kind == "fieldset":
            return f"lambda raw: {py_name(name)}.decode(raw)"
        return "int"


def build_types(ir: IR, fids: dict[str, int], symbols: set[str]) -> TypesView:
    catalogue = TypeCatalogue(ir)
    view = TypesView()
    taken: set[str] = set()
    for t in catalogue.types.values():
        py = py_name(t.name)
        taken.add(py)
        loc = str(t.loc)
        if t.kind == "enum":
            encoded = catalogue.is_encoded(t)
            members = []
            for member in t.members:
                value = str(parse_int(member.encoding)) if encoded else repr(py_name(member.name))
                members.append((py_name(member.name), value))
            view.enums.append(EnumView(py, encoded, members, t.summary, loc))
        elif t.kind == "fieldset":
            fields = []
            for member in t.members:
                bits = parse_bits(member.bits)
                if bits is None:
                    view.warnings.append(
                        f"{t.name}.{member.name}: bit range {member.bits!r} not understood; field left out"
                    )
                    continue
                fields.append(
                    (
                        py_name(member.name),
                        bits[0],
                        bits[1],
                        catalogue.decode_code(member.type, bits[0] - bits[1] + 1),
                    )
                )
            view.fieldsets.append(FieldsetView(py, width_bits(t) or 64, fields, t.summary, loc))
        elif t.kind == "struct":
            view.structs.append(_struct_view(t, catalogue, view.warnings))
    constants: dict[str, str] = {}
    for enum_view in view.enums:
        for member, _value in enum_view.members:
            if member in taken or member in constants:
                view.warnings.append(
                    f"enumeration constant {member} of {enum_view.name} clashes with another name; "
                    "conditions use the first definition"
                )
                continue
            constants[member] = f"{enum_view.name}.{member}"
    view.aliases = sorted(constants.items())
    view.fids = [
        (py_name(name), f"{value:#x}")
        for name, value in sorted(fids.items())
        if py_name(name) not in constants
    ]
    defined = taken | set(constants) | {name for name, _ in view.fids}
    view.symbols = sorted(py_name(s) for s in symbols if py_name(s) not in defined)
    return view


def _struct_view(t: TypeDef, catalogue: TypeCatalogue, warnings: list[str]) -> StructView:
    fields: dict[str, StructFieldView] = {}
    for member in t.members:
        element = element_name(member.name)
        offset = parse_int(member.offset)
        if element:
            base, index = element
            existing = fields.get(base)
            if existing is None:
                size = catalogue.byte_size(member.type)
                fields[base] = StructFieldView(
                    py_name(base),
                    catalogue.default_code(member.type),
                    index + 1,
                    offset if index == 0 else None,
                    size,
                    catalogue.codec_code(member.type),
                )
            else:
                existing.count = max(existing.count or 0, index + 1)
                if index == 0:
                    existing.offset = offset
            continue
        array = array_of(member.type)
        element_type = array[0] if array else member.type
        fields[member.name] = StructFieldView(
            py_name(member.name),
            catalogue.default_code(element_type),
            array[1] if array else None,
            offset,
            catalogue.byte_size(element_type),
            catalogue.codec_code(element_type),
        )
    bits = width_bits(t)
    return StructView(
        py_name(t.name),
        None if bits is None else bits // 8,
        list(fields.values()),
        t.summary,
        str(t.loc),
    )
