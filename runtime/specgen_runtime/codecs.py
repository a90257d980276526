"""Register codecs: raw register bits <-> model values, per register type.

Why functions and not methods of the types: a register's meaning depends on both its type
and its bit range (``X2[7:0]`` of type RmiRttEntryState, ``X3`` of type Int64), and inputs
may be given either raw (an int from a register dump) or typed (an enum member, a fieldset
object); each codec accepts both.
"""

from __future__ import annotations

import enum
from typing import Any, Callable, NamedTuple

from specgen_runtime.errors import NotModelled
from specgen_runtime.values import Fieldset, decode_enum


class Codec(NamedTuple):
    """``decode`` a raw register value into the model value, ``encode`` it back."""

    decode: Callable[[Any], Any]
    encode: Callable[[Any], int]


def unsigned(width: int):
    mask = (1 << width) - 1

    def decode(raw):
        return _integer(raw) & mask

    def encode(value):
        return _integer(value) & mask

    return Codec(decode, encode)


def signed(width: int):
    mask = (1 << width) - 1

    def decode(raw):
        value = _integer(raw) & mask
        return value - (1 << width) if value >> (width - 1) else value

    def encode(value):
        return _integer(value) & mask

    return Codec(decode, encode)


def enumeration(enum_class, width: int, is_signed: bool = False):
    mask = (1 << width) - 1

    def decode(raw):
        if isinstance(raw, enum.Enum):
            return raw
        return decode_enum(enum_class, _integer(raw), width, is_signed)

    def encode(value):
        return _integer(value) & mask

    return Codec(decode, encode)


def fieldset(fieldset_class, width: int):
    mask = (1 << width) - 1

    def decode(raw):
        return fieldset_class.decode(raw if isinstance(raw, Fieldset) else _integer(raw) & mask)

    def encode(value):
        return (value.encode() if isinstance(value, Fieldset) else _integer(value)) & mask

    return Codec(decode, encode)


def _integer(value) -> int:
    if isinstance(value, Fieldset):
        return value.encode()
    if isinstance(value, int):
        return int(value)
    raise NotModelled(f"register value {value!r}", detail="it has no encoding in this revision")
