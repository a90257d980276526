"""The C view of the IR's types: spec name -> C name, and C types over the one layout
(``specgen.generate.layout``: sizes, offsets, padding and signedness are computed there).

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

from specgen.generate.layout import StructLayout

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
SCALARS = {1: "uint8_t", 2: "uint16_t", 4: "uint32_t", 8: "uint64_t"}


def upper_snake(name: str) -> str:
    return _CAMEL.sub("_", name).upper()


def lower_snake(name: str) -> str:
    return _CAMEL.sub("_", name).lower()


@dataclass(frozen=True)
class Field:
    """One C struct member: ``ctype name[count]`` at ``offset`` (count 0 = not an array)."""

    name: str
    ctype: str
    offset: int
    count: int  # array length, 0 for a scalar
    size: int
    comment: str


def scalar_ctype(size: int, signed: bool) -> str | None:
    """``int64_t``/``uint8_t``… for a value of ``size`` bytes (None when C has none)."""
    if size not in SCALARS:
        return None
    return SCALARS[size][1:] if signed else SCALARS[size]


def c_fields(struct: StructLayout, struct_names: dict[str, str]) -> list[Field]:
    """The C members of ``struct`` (from the one layout): scalars of their size and
    signedness, nested structures by tag, anything else as bytes; padding as bytes."""
    fields = []
    for member in struct.members:
        if member.padding:
            fields.append(Field(member.name, "uint8_t", member.offset, member.size, member.size, "padding"))
            continue
        if member.struct in struct_names:
            ctype, count = f"struct {struct_names[member.struct]}", member.count or 0
        elif (scalar := scalar_ctype(member.element_size, member.signed)) is not None:
            ctype, count = scalar, member.count or 0
        else:
            ctype, count = "uint8_t", member.size
        fields.append(Field(member.name, ctype, member.offset, count, member.size, member.description))
    return fields
