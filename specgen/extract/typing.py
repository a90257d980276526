"""Values the spec states as text, read once at extraction: bit ranges, integers, widths and
type references.

Why here and only here: every generator used to parse ``"63:0"``, ``"0x100"``, ``"256 (0x100)
bytes"`` or ``"Bits64[32]"`` again, each its own way, and they disagreed (a width read as
bytes by one and as "up to the next member" by another). The extractors call these readers
on the table cells; a cell that does not read becomes ``None`` and a located diagnostic, never
a default. ``resolve_types`` then gives every ``TypeRef`` the kind, width and signedness of the
document's own definition of that name, once the whole document is read.
"""

from __future__ import annotations

import re
from dataclasses import replace

from specgen.diagnostics import Location
from specgen.extract.ir import IR, BitRange, TypeDef, TypeKind, TypeRef

_RANGE = re.compile(r"^\s*(\d+)\s*(?::\s*(\d+))?\s*$")
_INTEGER = re.compile(r"^\s*(-?)\s*(0[xX][0-9A-Fa-f_]+|\d[\d_]*)\s*$")
_WIDTH = re.compile(r"^\s*(\d+)\s*(?:\(\s*0x[0-9A-Fa-f]+\s*\)\s*)?(bits?|bytes?)\s*$")
_SIZED = re.compile(r"^(U?Int|Bits)(\d+)$")
_BITS_OF = re.compile(r"^bits\(\s*(?P<width>[^()]*?)\s*\)$")
_ARRAY_SUFFIX = re.compile(r"^(?P<element>.+?)\s*\[\s*(?P<count>\d+)\s*\]$")
_ARRAY_OF = re.compile(r"^array\s*\[\s*(?P<count>\d+)\s*\]\s*of\s+(?P<element>.+)$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DEFINED_KINDS = {"enum": TypeKind.ENUM, "fieldset": TypeKind.FIELDSET, "struct": TypeKind.STRUCT, "other": TypeKind.OTHER}


def bit_range(text: str | None) -> BitRange | None:
    """``63:0`` -> BitRange(63, 0); a single bit ``7`` -> BitRange(7, 7); None otherwise."""
    match = _RANGE.match(text or "")
    if not match:
        return None
    high = int(match[1])
    low = int(match[2]) if match[2] is not None else high
    return BitRange(high, low) if high >= low else None


def read_bits(text: str | None, what: str, where: Location, out) -> BitRange | None:
    """``bit_range`` of a cell; a non-empty cell that does not read is a warning."""
    value = bit_range(text)
    if value is None and (text or "").strip():
        out.warn(f"{what}: bit range {text!r} not understood", where, code="SG101")
    return value


def read_integer(text: str | None, what: str, where: Location, out) -> int | None:
    """``integer`` of a cell; a non-empty cell that does not read is a warning."""
    value = integer(text)
    if value is None and (text or "").strip():
        out.warn(f"{what}: {text!r} is not a number", where, code="SG101")
    return value


def integer(text: str | None) -> int | None:
    """``0x100``, ``256``, ``-1`` (as the spec writes offsets and encodings) -> int."""
    match = _INTEGER.match(text or "")
    if not match:
        return None
    value = int(match[2].replace("_", ""), 0)
    return -value if match[1] else value


def width_bits(text: str | None) -> int | None:
    """A stated width in bits: ``64 bits`` -> 64, ``256 (0x100) bytes`` -> 2048."""
    match = _WIDTH.match(text or "")
    if not match:
        return None
    return int(match[1]) * (8 if match[2].startswith("byte") else 1)


def type_ref(text: str | None) -> TypeRef | None:
    """The type a cell names, as far as the name alone tells (``UInt64``, ``Int8``,
    ``Bits512``, ``bits(64)``, ``Address``, ``boolean``, ``integer``, arrays of those);
    any other name is ``unknown`` until ``resolve_types`` looks it up. None for an empty
    cell."""
    stated = " ".join((text or "").split())
    if not stated:
        return None
    element, count = stated, None
    for pattern in (_ARRAY_SUFFIX, _ARRAY_OF):
        match = pattern.match(stated)
        if match:
            element, count = match["element"].strip(), int(match["count"])
            break
    return replace(_scalar(element), text=stated, count=count)


def _scalar(name: str) -> TypeRef:
    if (sized := _SIZED.match(name)) is not None:
        width = int(sized[2])
        if sized[1] == "Bits":
            return TypeRef(name, name, TypeKind.BITS, width, False)
        return TypeRef(name, name, TypeKind.INT, width, sized[1] == "Int")
    if (bits := _BITS_OF.match(name)) is not None:
        width = integer(bits["width"])
        return TypeRef(name, f"bits({bits['width']})", TypeKind.BITS, width, False)
    if name == "Address":
        return TypeRef(name, name, TypeKind.ADDRESS, 64, False)
    if name == "boolean":
        return TypeRef(name, name, TypeKind.BOOLEAN)
    if name == "integer":
        return TypeRef(name, name, TypeKind.INTEGER, None, True)
    return TypeRef(name, name, TypeKind.UNKNOWN)


def is_type_name(ref: TypeRef) -> bool:
    """Does ``ref`` name a type at all (an identifier or a builtin form), rather than text the
    extraction misread (``Bits64 T``, ``PsciReturnCode) => bits(64``)?"""
    return ref.kind is not TypeKind.UNKNOWN or _IDENTIFIER.match(ref.name) is not None


# ---- resolution against the document's types ------------------------------------------------


class TypeTable:
    """The document's type definitions by name (first definition wins), answering what a
    name denotes."""

    def __init__(self, types: tuple[TypeDef, ...]):
        self.types: dict[str, TypeDef] = {}
        for definition in types:
            self.types.setdefault(definition.name, definition)

    def resolve(self, ref: TypeRef | None) -> TypeRef | None:
        if ref is None or ref.kind is not TypeKind.UNKNOWN:
            return ref
        definition = self.types.get(ref.name)
        if definition is None:
            return ref
        kind = _DEFINED_KINDS.get(definition.kind, TypeKind.OTHER)
        signed = None
        if kind is TypeKind.ENUM:
            encodings = [m.encoding for m in definition.members if m.encoding is not None]
            signed = any(value < 0 for value in encodings) if encodings else None
        elif kind is TypeKind.FIELDSET:
            signed = False
        return replace(ref, kind=kind, width=definition.width, signed=signed)


def resolve_types(ir: IR, warn) -> IR:
    """``ir`` with every type reference resolved against its own type definitions;
    ``warn(message, loc)`` is called for a cell that names no type at all."""
    table = TypeTable(ir.types)

    def ref(value: TypeRef | None, what: str, loc: Location) -> TypeRef | None:
        if value is not None and not is_type_name(value):
            warn(f"{what}: type {value.text!r} not understood", loc)
        return table.resolve(value)

    commands = tuple(
        replace(
            command,
            inputs=tuple(replace(r, type=ref(r.type, f"{command.name} input {r.name}", r.loc)) for r in command.inputs),
            outputs=tuple(replace(r, type=ref(r.type, f"{command.name} output {r.name}", r.loc)) for r in command.outputs),
            context=tuple(replace(v, type=ref(v.type, f"{command.name} context {v.name}", v.loc)) for v in command.context),
        )
        for command in ir.commands
    )
    functions = tuple(
        replace(
            function,
            signatures=tuple(
                replace(
                    signature,
                    params=tuple(replace(p, type=ref(p.type, f"function {function.name} parameter {p.name}", signature.loc))
                                 for p in signature.params),
                    returns=ref(signature.returns, f"function {function.name} return", signature.loc),
                )
                for signature in function.signatures
            ),
        )
        for function in ir.functions
    )
    types = tuple(
        replace(t, members=tuple(replace(m, type=ref(m.type, f"type {t.name} member {m.name}", m.loc)) for m in t.members))
        for t in ir.types
    )
    return replace(ir, commands=commands, functions=functions, types=types)
