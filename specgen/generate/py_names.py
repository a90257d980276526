"""Spec identifiers as Python names, and the spec's type names.

Why separate: every name that reaches generated Python passes through ``py_name`` (PDF text
must never become code), and the translator, the type-module builder and the commands
builder must agree on how a spec name is spelt in Python and on what a type name means
(its width, whether it is an array).
"""

from __future__ import annotations

import keyword
import re

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


_SIZED = re.compile(r"^(?:U?Int|Bits)(\d+)$")
_BITS = re.compile(r"^bits\((\d+)\)$")
_ARRAY_SUFFIX = re.compile(r"^(?P<element>.+?)\s*\[\s*(?P<count>\d+)\s*\]$")
_ARRAY_OF = re.compile(r"^array\s*\[\s*(?P<count>\d+)\s*\]\s*of\s+(?P<element>.+)$")
_ELEMENT_NAME = re.compile(r"^(?P<base>[A-Za-z][A-Za-z0-9_]*)\[(?P<index>\d+)\]$")


def array_of(type_name: str | None) -> tuple[str, int] | None:
    """``("Bits64", 32)`` for ``Bits64[32]`` or ``array [32] of Bits64``."""
    if not type_name:
        return None
    for pattern in (_ARRAY_SUFFIX, _ARRAY_OF):
        match = pattern.match(type_name.strip())
        if match:
            return match["element"].strip(), int(match["count"])
    return None


def fixed_width(type_name: str | None) -> tuple[int, bool] | None:
    """(width, signed) of a fixed-width scalar type name (``UInt64``, ``Int8``, ``Bits16``,
    ``Address``, ``bits(64)``), or None (``integer``, enums, structs, unknown)."""
    if not type_name:
        return None
    name = type_name.strip()
    if name == "Address":
        return 64, False
    match = _SIZED.match(name)
    if match:
        return int(match[1]), name.startswith("Int")
    match = _BITS.match(name.replace(" ", ""))
    if match:
        return int(match[1]), False
    return None


def element_name(member_name: str) -> tuple[str, int] | None:
    """``("gprs", 3)`` for a struct member row named ``gprs[3]``."""
    match = _ELEMENT_NAME.match(member_name.strip())
    return (match["base"], int(match["index"])) if match else None
