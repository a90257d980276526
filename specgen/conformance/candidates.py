"""Typed candidate values: what the search tries for an input register or a structure field.

Why by type and not by command: the spec gives every register and field a type (Address,
an enumeration, a fieldset, an integer width), and the interesting values of a type are the
same wherever it appears — for an address, a Granule in each state of the world, an
unaligned one, one outside the delegable range or the PA space, and each IPA of the world's
RTT layout; for an enumeration, each member and one invalid encoding; for a fieldset, each
value of each field and a reserved bit. All candidates are raw register/memory integers.
"""

from __future__ import annotations

from specgen_runtime.values import EncodedEnum, Fieldset, StructField

SMALL_INTEGERS = (0, 1, 2, 3, 4, 5, 8, 16, 32, 48, 64)
ALL_ONES = (1 << 64) - 1


def _world_integers(world) -> list[int]:
    return [value for _name, value in world.integers]


def _world_addresses(world) -> list[int]:
    return [value for _name, value in world.addresses]


def enum_candidates(cls: type[EncodedEnum], width: int = 64) -> list[int]:
    values = sorted({int(member) for member in cls})
    invalid = max(values) + 1
    if invalid < 1 << width:
        values.append(invalid)
    return values


def fieldset_candidates(cls: type[Fieldset], width: int = 64) -> list[int]:
    """Zero, values of each field at its place, and the lowest reserved bit."""
    values = [0]
    covered = 0
    for field in cls._FIELDS:
        bits = field.high - field.low + 1
        covered |= ((1 << bits) - 1) << field.low
        # every value of a field of up to 2 bits (enumerations: each member and the
        # invalid encodings), else one, two and all ones
        members = range(1, 1 << bits) if bits <= 2 else (1, 2, (1 << bits) - 1)
        values += [member << field.low for member in members if member]
    reserved = next((bit for bit in range(width) if not covered >> bit & 1), None)
    if reserved is not None:
        values.append(1 << reserved)
    return list(dict.fromkeys(values))


def integer_candidates(world, signed: bool = False, width: int = 64) -> list[int]:
    values = list(SMALL_INTEGERS) + _world_integers(world)
    if signed:
        values.append(-1 & ((1 << width) - 1))
    values.append((1 << width) - 1)
    return sorted({v & ((1 << width) - 1) for v in values})


def register_candidates(model, register, world) -> tuple[int, ...]:
    """Raw values to try for an input register (bits ``high:low`` of it)."""
    width = register.high - register.low + 1
    cls = getattr(model.T, register.type_name, None)
    if isinstance(cls, type) and issubclass(cls, Fieldset):
        values = fieldset_candidates(cls, width) + _world_integers(world)
    elif isinstance(cls, type) and issubclass(cls, EncodedEnum):
        values = enum_candidates(cls, width)
    elif register.type_name == "Address":
        values = _world_addresses(world)
    else:
        values = integer_candidates(world, register.type_name.startswith("Int"), width)
        if width == 64:
            values += _world_addresses(world)  # an untyped 64-bit value may be an address
    mask = (1 << width) - 1
    return tuple(dict.fromkeys(v & mask for v in values))


def field_candidates(field: StructField, world) -> tuple[int, ...]:
    """Raw values to try for one element of a host data structure field."""
    codec = field.codec
    width = 8 * (field.size or 8)
    if isinstance(codec, type) and issubclass(codec, Fieldset):
        return tuple(dict.fromkeys(fieldset_candidates(codec, width) + _world_integers(world)))
    if isinstance(codec, type) and issubclass(codec, EncodedEnum):
        return tuple(enum_candidates(codec, width))
    values = integer_candidates(world, width=min(width, 64))
    if width >= 64:
        values += _world_addresses(world)
    return tuple(dict.fromkeys(values))
