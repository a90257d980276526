"""Spec identifiers as Python names, and the spec's type names.

Why separate: every name that reaches generated Python passes through ``py_name`` (PDF text
must never become code), and the translator, the type-module builder and the commands
builder must agree on how a spec name is spelt in Python and on what a type reference
means to the generated code (fixed width, array).
"""

from __future__ import annotations

import keyword
import re
from dataclasses import replace

from specgen.extract.ir import TypeKind, TypeRef
from specgen.generate.errors import UnsafeText

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# Names the generated code or the runtime's base classes use; a spec name equal to one
# gets a trailing underscore (so a struct field called ``copy`` cannot hide ``Struct.copy``).
_RESERVED = frozenset({
    "None", "True", "False", "self", "cls", "int", "bool", "copy", "freeze", "encode", "decode",
    "to_bytes", "from_bytes", "mro",
})  # fmt: skip


def py_name(name: str) -> str:
    """A spec identifier as a Python name: must be an ASCII identifier not starting with an
    underscore (the generated code's own names do); keywords get a trailing underscore."""
    if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
        raise UnsafeText(f"not a usable identifier: {name!r}")
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in _RESERVED:
        return name + "_"
    return name


_ELEMENT_NAME = re.compile(r"^(?P<base>[A-Za-z][A-Za-z0-9_]*)\[(?P<index>\d+)\]$")
_FIXED = (TypeKind.INT, TypeKind.BITS, TypeKind.ADDRESS)


def array_of(ref: TypeRef | None) -> tuple[TypeRef, int] | None:
    """(element type, count) of an array type (``Bits64[32]``, ``array [32] of Bits64``)."""
    if ref is None or ref.count is None:
        return None
    return replace(ref, text=ref.name, count=None), ref.count


def fixed_width(ref: TypeRef | None) -> tuple[int, bool] | None:
    """(width, signed) of a fixed-width scalar type (``UInt64``, ``Int8``, ``Bits16``,
    ``Address``, ``bits(64)``), or None (``integer``, enums, structs, arrays, unknown)."""
    if ref is None or ref.count is not None or ref.kind not in _FIXED or not ref.width:
        return None
    return ref.width, bool(ref.signed)


def element_name(member_name: str) -> tuple[str, int] | None:
    """``("gprs", 3)`` for a struct member row named ``gprs[3]``."""
    match = _ELEMENT_NAME.match(member_name.strip())
    return (match["base"], int(match["index"])) if match else None
