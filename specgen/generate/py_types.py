"""View of a revision's types for the ``types`` module of the Python model.

Enumerations with an Encoding column become ``EncodedEnum`` (IntEnum) classes, the others
``AbstractEnum``; fieldsets list their bit ranges; structs their fields with defaults,
arrays (``gprs[0]``…``gprs[31]`` rows fold into one field of 32) and byte layout. Every
name goes through ``py_name``; every piece of spec text through the escaping filters in
the template; the code of a field (default, codec, decoder, enumeration value) is a syntax
tree the template prints with ``py_source``.
"""

from __future__ import annotations

import ast as py
from dataclasses import dataclass, field

from specgen.extract.ir import IR, TypeDef, TypeRef
from specgen.generate.layout import Layouts
from specgen.generate.py_names import py_name
from specgen.generate.py_syntax import attribute, call, constant, lambda_of, name
from specgen.generate.py_translate import struct_members as struct_member_types


@dataclass
class EnumView:
    name: str
    encoded: bool
    members: list[tuple[str, py.expr]]  # (python name, value)
    summary: str
    loc: str


@dataclass
class FieldsetView:
    name: str
    width: int
    fields: list[tuple[str, int, int, py.expr]]  # (python name, high, low, decoder)
    summary: str
    loc: str


@dataclass
class StructFieldView:
    name: str
    default: py.expr  # a zero-argument callable giving the default value
    count: int | None
    offset: int | None
    size: int | None
    codec: py.expr
    signed: bool = False


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
    aliases: list[tuple[str, py.expr]] = field(default_factory=list)  # (constant, Enum.MEMBER)
    fids: list[tuple[str, int]] = field(default_factory=list)  # (FID_NAME, value)
    symbols: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class TypeCatalogue:
    """The revision's types by name, with the questions the views ask."""

    def __init__(self, ir: IR):
        self.types = {}
        for t in ir.types:
            self.types.setdefault(t.name, t)

    def kind(self, ref: TypeRef | None) -> str | None:
        t = self.types.get(ref.name) if ref is not None else None
        if t is None:
            return None
        if t.kind == "enum" and self.is_encoded(t):
            return "encoded_enum"
        return t.kind

    @staticmethod
    def is_encoded(t: TypeDef) -> bool:
        return bool(t.members) and all(m.encoding is not None for m in t.members)

    def default_code(self, ref: TypeRef | None) -> py.expr:
        """A zero-argument callable giving a field's default value."""
        type_name = ref.name if ref is not None else ""
        kind = self.kind(ref)
        if kind == "encoded_enum":
            return lambda_of([], call("_values.decode_enum", name(py_name(type_name)), constant(0)))
        if kind == "enum":
            return attribute(name("_values"), "none")
        if kind in ("fieldset", "struct"):
            return name(py_name(type_name))
        if type_name == "boolean":
            return name("bool")
        return name("int")

    def codec_code(self, ref: TypeRef | None) -> py.expr:
        if self.kind(ref) in ("encoded_enum", "fieldset", "struct"):
            return name(py_name(ref.name))
        return constant(None)

    def decode_code(self, ref: TypeRef | None, width: int) -> py.expr:
        """A function turning ``width`` raw bits into a fieldset member's value."""
        type_name = ref.name if ref is not None else ""
        kind = self.kind(ref)
        if kind == "encoded_enum":
            decoded = call("_values.decode_enum", name(py_name(type_name)), name("raw"), constant(width))
            return lambda_of(["raw"], decoded)
        if kind == "fieldset":
            return lambda_of(["raw"], call(attribute(name(py_name(type_name)), "decode"), name("raw")))
        return name("int")


def build_types(ir: IR, fids: dict[str, int], symbols: set[str]) -> TypesView:
    catalogue = TypeCatalogue(ir)
    layouts = Layouts(ir)
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
                value = constant(member.encoding if encoded else py_name(member.name))
                members.append((py_name(member.name), value))
            view.enums.append(EnumView(py, encoded, members, t.summary, loc))
        elif t.kind == "fieldset":
            fields = []
            for member in t.members:
                bits = member.bits
                if bits is None:
                    view.warnings.append(f"{t.name}.{member.name}: no bit range; field left out")
                    continue
                fields.append(
                    (
                        py_name(member.name),
                        bits.high,
                        bits.low,
                        catalogue.decode_code(member.type, bits.width),
                    )
                )
            view.fieldsets.append(FieldsetView(py, t.width or 64, fields, t.summary, loc))
        elif t.kind == "struct":
            view.structs.append(_struct_view(t, catalogue, layouts))
    constants: dict[str, str] = {}
    for enum_view in view.enums:
        for member, _value in enum_view.members:
            if member in taken or member in constants:
                view.warnings.append(
                    f"enumeration constant {member} of {enum_view.name} clashes with another name; "
                    "conditions use the first definition"
                )
                continue
            constants[member] = attribute(name(enum_view.name), member)
    view.aliases = sorted(constants.items())
    view.fids = [
        (py_name(fid_name), value)
        for fid_name, value in sorted(fids.items())
        if py_name(fid_name) not in constants
    ]
    defined = taken | set(constants) | {name for name, _ in view.fids}
    view.symbols = sorted(py_name(s) for s in symbols if py_name(s) not in defined)
    return view


def _struct_view(t: TypeDef, catalogue: TypeCatalogue, layouts: Layouts) -> StructView:
    """Fields of a struct: from the one layout when the spec lays it out in memory (offsets,
    sizes, signedness), else from its member rows (``x[0]``…``x[n]`` folded)."""
    layout = layouts.struct(t.name)
    fields: list[StructFieldView] = []
    if layout is not None:
        for member in layout.fields:
            fields.append(StructFieldView(
                py_name(member.name), catalogue.default_code(member.type), member.count, member.offset,
                member.element_size, catalogue.codec_code(member.type), member.signed,
            ))
        size = layout.size
    else:
        for member_name, ref in struct_member_types(t).items():
            fields.append(StructFieldView(
                py_name(member_name), catalogue.default_code(ref), ref.count if ref else None, None, None,
                catalogue.codec_code(ref),
            ))
        size = t.width // 8 if t.width and t.width % 8 == 0 else None
    return StructView(py_name(t.name), size, fields, t.summary, str(t.loc))
