"""The C view of the IR's types: spec name -> C name, type sizes, struct layout with padding.

Name mapping rules (documented in the README, applied uniformly):
- command ``RMI_DATA_CREATE``: FID macro ``SMC_RMI_DATA_CREATE``, stub ``rmi_data_create()``,
  output struct ``struct rmi_data_create_out``;
- enum member ``RMI_ERROR_INPUT`` of a concrete enumeration: macro ``RMI_ERROR_INPUT`` (the
  spec already prefixes concrete values); when two enumerations of a revision share a
  member name, both macros get the type prefix (``RMI_RIPAS_EMPTY``);
- type ``RmiRealmParams``: upper snake ``RMI_REALM_PARAMS`` for macros, lower snake
  ``rmi_realm_params`` for ``struct`` tags and ``typedef`` names (``rmi_ripas_t``);
- fieldset field ``S2SZ`` of ``RmiFeatureRegister0``: ``RMI_FEATURE_REGISTER0_S2SZ_SHIFT``,
  ``_WIDTH`` and ``_MASK``;
- struct members keep their spec names; ``gprs[0]`` … ``gprs[30]`` at consecutive offsets
  become one array member ``gprs[31]``; gaps become ``uint8_t reservedN[..]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from specgen.extract.ir import TypeDef, TypeMember

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_BITS = re.compile(r"^(?:Bits|UInt|Int)(\d+)$")
_WIDTH_BITS = re.compile(r"^(\d+) bits?$")
_WIDTH_BYTES = re.compile(r"^(\d+)(?: \((0x[0-9A-Fa-f]+)\))? bytes?$")
_INDEXED = re.compile(r"^(?P<name>[A-Za-z_]\w*)\[(?P<index>\d+)\]$")
SCALARS = {1: "uint8_t", 2: "uint16_t", 4: "uint32_t", 8: "uint64_t"}


def upper_snake(name: str) -> str:
    return _CAMEL.sub("_", name).upper()


def lower_snake(name: str) -> str:
    return _CAMEL.sub("_", name).lower()


def type_bytes(type_name: str | None, types: dict[str, TypeDef]) -> int | None:
    """Size in bytes of a spec type, or None when the spec does not say."""
    if not type_name:
        return None
    if type_name == "Address":
        return 8
    match = _BITS.match(type_name)
    if match:
        bits = int(match.group(1))
        return bits // 8 if bits % 8 == 0 else None
    definition = types.get(type_name)
    if definition is None or definition.width is None:
        return None
    if (bits := _WIDTH_BITS.match(definition.width)) is not None:
        width = int(bits.group(1))
        return next((size for size in (1, 2, 4, 8) if width <= size * 8), None)
    if (size := _WIDTH_BYTES.match(definition.width)) is not None:
        return int(size.group(1))
    return None


def struct_bytes(definition: TypeDef) -> int | None:
    match = _WIDTH_BYTES.match(definition.width or "")
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Field:
    """One C struct member: ``ctype name[count]`` at ``offset`` (count 0 = not an array)."""

    name: str
    ctype: str
    offset: int
    count: int  # array length, 0 for a scalar
    size: int
    comment: str


def bits_range(text: str) -> tuple[int, int] | None:
    """(shift, width) of a fieldset field's "hi:lo" (or single "n")."""
    parts = text.split(":")
    if not all(p.strip().isdigit() for p in parts) or len(parts) > 2:
        return None
    high, low = int(parts[0]), int(parts[-1])
    return (low, high - low + 1) if high >= low else None


def _member_ctype(member: TypeMember, size: int, types: dict[str, TypeDef], struct_names: dict[str, str]) -> tuple[str, int]:
    """(C element type, element count) for ``size`` bytes of ``member``."""
    if member.type in struct_names:
        return f"struct {struct_names[member.type]}", 0
    natural = type_bytes(member.type, types)
    if natural in SCALARS and natural == size:
        return SCALARS[natural], 0
    if natural in SCALARS and natural < size:
        return SCALARS[natural], 0  # padding follows
    return "uint8_t", size


def layout(definition: TypeDef, types: dict[str, TypeDef], struct_names: dict[str, str]) -> tuple[list[Field], list[str]]:
    """Fields with explicit padding up to the struct's stated width, and layout problems."""
    problems: list[str] = []
    total = struct_bytes(definition)
    members = [(int(m.offset, 16), m) for m in definition.members if m.offset]
    members.sort(key=lambda pair: pair[0])
    groups: list[list] = []  # [offset, name, first member, count, step]; count 0 = scalar
    for offset, member in members:
        match = _INDEXED.match(member.name)
        if match and groups and groups[-1][1] == match["name"] and int(match["index"]) == groups[-1][3]:
            first_offset, _name, _first, count, step = groups[-1]
            step = step or offset - first_offset
            if step > 0 and offset == first_offset + count * step:
                groups[-1][3:] = [count + 1, step]
                continue
        groups.append([offset, match["name"] if match else member.name, member, 1 if match else 0, 0])
    fields: list[Field] = []
    cursor = 0
    pad = 0
    for index, (offset, name, member, count, step) in enumerate(groups):
        if offset < cursor:
            problems.append(f"member {name} at {offset:#x} overlaps the previous member (ends at {cursor:#x})")
            continue
        if offset > cursor:
            fields.append(Field(f"reserved{pad}", "uint8_t", cursor, offset - cursor, offset - cursor, "padding"))
            pad += 1
        following = groups[index + 1][0] if index + 1 < len(groups) else total
        natural = type_bytes(member.type, types)
        if count:
            element = step or natural or 8
            if natural is not None and natural != element:
                problems.append(f"array member {name}: elements of {natural} bytes spaced {element} bytes apart")
            ctype = SCALARS.get(element, "uint8_t")
            fields.append(Field(name, ctype, offset, count if ctype != "uint8_t" else count * element,
                                count * element, member.description))
            cursor = offset + count * element
            continue
        span = (following if following is not None else offset + (natural or 8)) - offset
        ctype, array = _member_ctype(member, span, types, struct_names)
        if ctype.startswith("struct "):
            size = struct_bytes(types[member.type]) or span
        elif array:
            size = array
        else:
            size = natural or span
        fields.append(Field(name, ctype, offset, array, size, member.description))
        cursor = offset + size
    if total is not None and cursor < total:
        fields.append(Field(f"reserved{pad}", "uint8_t", cursor, total - cursor, total - cursor, "padding"))
        cursor = total
    if total is not None and cursor > total:
        problems.append(f"members end at {cursor:#x}, past the stated width {total:#x}")
    return fields, problems
