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

from specgen.extract.ir import TypeKind, TypeRef
from specgen.lint.findings import Confidence, Finding
from specgen.lint.rules import rule

_SIZED_KINDS = (TypeKind.INT, TypeKind.BITS, TypeKind.ADDRESS, TypeKind.ENUM, TypeKind.FIELDSET)


def type_bits(ref: TypeRef | None, types: dict) -> int | None:
    """The width of a type in bits: ``UInt8`` 8, ``Bits64`` 64, ``Address`` 64, an
    enumeration or fieldset its stated width, a structure its stated width, times the
    element count of an array; anything else unknown (None)."""
    if ref is None:
        return None
    if ref.kind is TypeKind.STRUCT:
        defined = types.get(ref.name)
        width = defined.width if defined is not None else None
    elif ref.kind in _SIZED_KINDS:
        width = ref.width
    else:
        return None
    return None if width is None else width * (ref.count or 1)


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
        if member.bits is not None:
            result.append((member.name, (member.bits.high, member.bits.low), member))
    for reserved in type_def.reserved:
        result.append((f"Reserved {reserved}", (reserved.high, reserved.low), None))
    return result


def _members(type_def, types):
    """(name, offset, size in bytes or None, member) of a structure, in table order."""
    result = []
    for member in type_def.members:
        if member.offset is None:
            continue
        bits = type_bits(member.type, types)
        result.append((member.name, member.offset, None if bits is None else max(bits // 8, 1), member))
    return result


def _width_bytes(type_def) -> int | None:
    """A structure's stated width in bytes (None: not stated, or not whole bytes)."""
    return type_def.width // 8 if type_def.width is not None and type_def.width % 8 == 0 else None


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
                        message = f"{a} at {start:#x} ({member.type.text}, {size} bytes) runs into {b} at {later:#x}"
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
        width = type_def.width
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
            width = type_def.width
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
                        "layout-width", type_def, [name], f"{name}:{member.type.text}",
                        f"{name} [{high}:{low}] is {high - low + 1} bits wide, its type {member.type.text} {expected} bits",
                        member.loc,
                    )
        elif type_def.kind == "struct":
            size = _width_bytes(type_def)
            if size is None:
                continue
            for name, start, length, member in _members(type_def, types):
                end = start + (length or 1)
                if end > size:
                    yield _finding(
                        "layout-width", type_def, [name], name,
                        f"{name} at {start:#x} ({member.type.text if member.type else '?'}) ends at {end:#x}, past the stated width of {size:#x} bytes",
                        member.loc,
                    )
