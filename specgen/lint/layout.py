"""Type layout: fieldset bit ranges and structure byte offsets against the stated widths.

- ``layout-overlap``: two fields of a fieldset (or a field and a reserved range) share bits;
  a structure member runs into the next one (its offset plus its size passes the next
  member's offset);
- ``layout-order``: a structure member's byte offset is below the previous member's;
- ``layout-gap``: bits of a fieldset that no field covers and no Reserved row marks;
- ``layout-width``: a field or member outside the stated width, or a field whose bit range
  is not as wide as its type (``UInt4`` in 6 bits, an 8-bit enumeration in 1 bit).

Structures get no gap rule: their tables list members at byte offsets and have no way to
mark reserved bytes, so the space between members (``UInt8`` at 0x8, the next member at
0x10) is padding by the spec's own layout, not an omission. Every layout finding is
``proved``: it is arithmetic on the numbers the tables state.
"""

from __future__ import annotations

import re

from specgen.lint.findings import Confidence, Finding
from specgen.lint.rules import rule

_BITS = re.compile(r"^\s*(\d+)\s*(?::\s*(\d+))?\s*$")
_WIDTH_BITS = re.compile(r"^(\d+)\s*bits?$")
_WIDTH_BYTES = re.compile(r"^(\d+)\s*(?:\(\s*0x[0-9a-fA-F]+\s*\))?\s*bytes?$")
_SIZED = re.compile(r"^(?:U?Int|Bits)(\d+)$")


def bit_range(text: str | None) -> tuple[int, int] | None:
    """``"15:8"`` -> (15, 8); ``"3"`` -> (3, 3)."""
    match = _BITS.match(text or "")
    if not match:
        return None
    high = int(match[1])
    low = int(match[2]) if match[2] is not None else high
    return (high, low) if high >= low else (low, high)


def width_bits(text: str | None) -> int | None:
    match = _WIDTH_BITS.match((text or "").strip())
    return int(match[1]) if match else None


def width_bytes(text: str | None) -> int | None:
    match = _WIDTH_BYTES.match((text or "").strip())
    return int(match[1]) if match else None


def offset(text: str | None) -> int | None:
    try:
        return int(text, 0) if text else None
    except ValueError:
        return None


def type_bits(type_name: str | None, types: dict) -> int | None:
    """The width of a type in bits: ``UInt8`` 8, ``Bits64`` 64, an extracted enum or
    fieldset its stated width, anything else unknown."""
    if not type_name:
        return None
    match = _SIZED.match(type_name)
    if match:
        return int(match[1])
    if type_name in ("Address",):
        return 64
    defined = types.get(type_name)
    if defined is not None and defined.kind in ("enum", "fieldset"):
        return width_bits(defined.width)
    if defined is not None and defined.kind == "struct":
        size = width_bytes(defined.width)
        return None if size is None else 8 * size
    return None


def _finding(rule_id, type_def, members, subject, message, loc=None) -> Finding:
    return Finding(
        rule=rule_id,
        entity=type_def.name,
        conditions=tuple(members),
        subject=subject,
        message=f"{type_def.kind} {type_def.name}: {message}",
        confidence=Confidence.PROVED,
        loc=loc or type_def.loc,
    )


def _fields(type_def):
    """(name, (high, low), member or None for a Reserved range) of a fieldset."""
    result = []
    for member in type_def.members:
        span = bit_range(member.bits)
        if span is not None:
            result.append((member.name, span, member))
    for text in type_def.reserved:
        span = bit_range(text)
        if span is not None:
            result.append((f"Reserved {text}", span, None))
    return result


def _members(type_def, types):
    """(name, offset, size in bytes or None, member) of a structure, in table order."""
    result = []
    for member in type_def.members:
        start = offset(member.offset)
        if start is None:
            continue
        bits = type_bits(member.type, types)
        result.append((member.name, start, None if bits is None else max(bits // 8, 1), member))
    return result


def _types(context):
    return {t.name: t for t in context.ir.types}


@rule("layout-overlap", "layout", "fieldset fields or structure members that share bits or bytes")
def layout_overlap(context):
    types = _types(context)
    for type_def in context.ir.types:
        if type_def.kind == "fieldset":
            fields = _fields(type_def)
            for i, (a, (ah, al), am) in enumerate(fields):
                for b, (bh, bl), bm in fields[i + 1 :]:
                    if al <= bh and bl <= ah:
                        yield _finding(
                            "layout-overlap", type_def, [n for n, m in ((a, am), (b, bm)) if m is not None],
                            f"{a}|{b}", f"{a} [{ah}:{al}] and {b} [{bh}:{bl}] share bits {min(ah, bh)}:{max(al, bl)}",
                            (am or bm or type_def).loc,
                        )
        elif type_def.kind == "struct":
            members = sorted(_members(type_def, types), key=lambda m: m[1])
            for i, (a, start, size, member) in enumerate(members):
                for b, later, _s, _m in members[i + 1 :]:
                    if later == start:
                        message = f"{a} and {b} are both at offset {start:#x}"
                    elif size is not None and start + size > later:
                        message = f"{a} at {start:#x} ({member.type}, {size} bytes) runs into {b} at {later:#x}"
                    else:
                        break  # sorted: no later member starts within this one
                    yield _finding("layout-overlap", type_def, [a, b], f"{a}|{b}", message, member.loc)


@rule("layout-order", "layout", "a structure member at a lower byte offset than the member before it")
def layout_order(context):
    types = _types(context)
    for type_def in context.ir.types:
        if type_def.kind != "struct":
            continue
        members = _members(type_def, types)
        for (a, start, _size, _m), (b, next_start, _s, member) in zip(members, members[1:]):
            if next_start < start:
                yield _finding(
                    "layout-order", type_def, [b], b,
                    f"{b} at {next_start:#x} is listed after {a} at {start:#x}", member.loc,
                )


@rule("layout-gap", "layout", "fieldset bits that no field covers and no Reserved row marks")
def layout_gap(context):
    for type_def in context.ir.types:
        if type_def.kind != "fieldset":
            continue
        width = width_bits(type_def.width)
        fields = _fields(type_def)
        if width is None or not fields:
            continue
        covered = [False] * width
        for _name, (high, low), _member in fields:
            for bit in range(max(low, 0), min(high, width - 1) + 1):
                covered[bit] = True
        bit = 0
        while bit < width:
            if covered[bit]:
                bit += 1
                continue
            low = bit
            while bit < width and not covered[bit]:
                bit += 1
            high = bit - 1
            yield _finding(
                "layout-gap", type_def, [], f"{high}:{low}",
                f"bits {high}:{low} of the {width}-bit fieldset are neither a field nor marked Reserved",
            )


@rule("layout-width", "layout", "a field or member outside the stated width, or narrower or wider than its type")
def layout_width(context):
    types = _types(context)
    for type_def in context.ir.types:
        if type_def.kind == "fieldset":
            width = width_bits(type_def.width)
            for name, (high, low), member in _fields(type_def):
                if width is not None and high >= width:
                    yield _finding(
                        "layout-width", type_def, [name] if member else [], name,
                        f"{name} [{high}:{low}] lies outside the stated width of {width} bits",
                        (member or type_def).loc,
                    )
                if member is None:
                    continue
                expected = type_bits(member.type, types)
                if expected is not None and expected != high - low + 1:
                    yield _finding(
                        "layout-width", type_def, [name], f"{name}:{member.type}",
                        f"{name} [{high}:{low}] is {high - low + 1} bits wide, its type {member.type} {expected} bits",
                        member.loc,
                    )
        elif type_def.kind == "struct":
            size = width_bytes(type_def.width)
            if size is None:
                continue
            for name, start, length, member in _members(type_def, types):
                end = start + (length or 1)
                if end > size:
                    yield _finding(
                        "layout-width", type_def, [name], name,
                        f"{name} at {start:#x} ({member.type}) ends at {end:#x}, past the stated width of {size:#x} bytes",
                        member.loc,
                    )
