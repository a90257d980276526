"""The one memory layout of a revision's types, computed once and used by every target.

Why one: the Python model and the C header used to size members each their own way and
disagreed (``rpv``, a Bits512, was 64 bytes in Python and the 0x400 bytes up to the next
member in C; ``Int64`` was unsigned in both). Here a member's size is the size of its type
(``UInt64``/``Int8``/``Bits512``/``Address``, an enumeration or fieldset of its stated width,
a structure of its stated width), times its element count for arrays; what lies between
members is padding. Rows ``gprs[0]`` … ``gprs[30]`` at evenly spaced offsets are one array.

A type the document uses but does not define (``RmmRealmMeasurement`` in 1.0) has no stated
size; its size is the smallest span it occupies where another member follows it in some
structure of the document (a type has one size), and the layout says so in a diagnostic.
Where it is never followed, it spans to the next member or the end of the structure, with a
warning. Problems (overlaps, members past the stated width, uneven arrays) are diagnostics
too; the targets decide whether they block output.

API: ``layouts = Layouts(ir)``; ``layouts.struct(name) -> StructLayout | None`` (members with
offset, size, element size and count, signedness, nested struct, padding) and
``layouts.scalar(type_ref) -> Scalar | None`` (bytes and signedness of one value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from specgen.diagnostics import Location
from specgen.extract.ir import IR, TypeDef, TypeKind, TypeMember, TypeRef

_ELEMENT = re.compile(r"^(?P<base>[A-Za-z_][A-Za-z0-9_]*)\[(?P<index>\d+)\]$")
_SIZED_KINDS = (TypeKind.INT, TypeKind.BITS, TypeKind.ADDRESS, TypeKind.ENUM, TypeKind.FIELDSET)


@dataclass(frozen=True, slots=True)
class Scalar:
    """How one value of a type is stored: ``size`` bytes, two's complement when ``signed``."""

    size: int
    signed: bool


@dataclass(frozen=True, slots=True)
class MemberLayout:
    """One member of a structure as stored: ``count`` elements (None: not an array) of
    ``element_size`` bytes at ``offset``; ``padding`` for a gap between spec members."""

    name: str
    offset: int
    size: int
    element_size: int
    count: int | None
    signed: bool
    type: TypeRef | None
    struct: str | None  # the element is this structure of the document
    padding: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class LayoutProblem:
    severity: str  # "error" | "warning" | "info"
    message: str
    loc: Location | None

    @property
    def code(self) -> str:
        """SG300 inferred size, SG301 size not stated, SG302 overlap/overflow/uneven array."""
        return {"info": "SG300", "warning": "SG301"}.get(self.severity, "SG302")


@dataclass(frozen=True, slots=True)
class StructLayout:
    name: str
    size: int | None  # the stated width in bytes (None: the spec gives none)
    members: tuple[MemberLayout, ...]  # in offset order, padding included

    @property
    def fields(self) -> tuple[MemberLayout, ...]:
        """The spec's members, without the padding."""
        return tuple(m for m in self.members if not m.padding)


@dataclass
class _Row:
    """Spec rows of one member (several for ``x[0]``…``x[n]``)."""

    name: str
    offset: int
    member: TypeMember
    count: int | None = None
    step: int | None = None


class Layouts:
    """Layouts of every concrete structure of ``ir`` (members with offsets), and the storage
    of every type it names."""

    def __init__(self, ir: IR):
        self.types: dict[str, TypeDef] = {}
        for definition in ir.types:
            self.types.setdefault(definition.name, definition)
        self.problems: list[LayoutProblem] = []
        self._inferred = self._infer_undefined_sizes()
        self._structs: dict[str, StructLayout] = {}
        for definition in self.types.values():
            if is_concrete_struct(definition):
                self._structs[definition.name] = self._layout(definition)

    # -- storage of one value --

    def scalar(self, ref: TypeRef | None) -> Scalar | None:
        """Bytes and signedness of one element of ``ref`` (None when the document does not
        fix them)."""
        if ref is None:
            return None
        if ref.kind is TypeKind.STRUCT:
            definition = self.types.get(ref.name)
            width = definition.width if definition is not None else None
            return Scalar(width // 8, False) if width and width % 8 == 0 else None
        if ref.kind in _SIZED_KINDS and ref.width:
            return Scalar((ref.width + 7) // 8, bool(ref.signed))
        if ref.name in self._inferred:
            return Scalar(self._inferred[ref.name], False)
        return None

    def enum(self, definition: TypeDef) -> Scalar | None:
        """Storage of an enumeration (its stated width; signed when an encoding is negative)."""
        if not definition.width:
            return None
        signed = any(m.encoding is not None and m.encoding < 0 for m in definition.members)
        return Scalar((definition.width + 7) // 8, signed)

    # -- structures --

    def struct(self, name: str) -> StructLayout | None:
        return self._structs.get(name)

    def structs(self) -> list[StructLayout]:
        """Every concrete structure, in spec order."""
        return list(self._structs.values())

    def _rows(self, definition: TypeDef) -> list[_Row]:
        rows: list[_Row] = []
        for member in sorted((m for m in definition.members if m.offset is not None), key=lambda m: m.offset):
            match = _ELEMENT.match(member.name)
            last = rows[-1] if rows else None
            if match and last and last.name == match["base"] and last.count == int(match["index"]):
                step = last.step or member.offset - last.offset
                if step > 0 and member.offset == last.offset + last.count * step:
                    last.count, last.step = last.count + 1, step
                    continue
            if match:
                rows.append(_Row(match["base"], member.offset, member, count=1))
            else:
                rows.append(_Row(member.name, member.offset, member))
        return rows

    def _layout(self, definition: TypeDef) -> StructLayout:
        total = definition.width // 8 if definition.width and definition.width % 8 == 0 else None
        rows = self._rows(definition)
        members: list[MemberLayout] = []
        cursor = 0
        pad = 0

        def problem(severity: str, message: str) -> None:
            self.problems.append(LayoutProblem(severity, f"type {definition.name}: {message}", definition.loc))

        for index, row in enumerate(rows):
            if row.offset < cursor:
                problem("error", f"member {row.name} at {row.offset:#x} overlaps the previous member (ends at {cursor:#x})")
                continue
            if row.offset > cursor:
                members.append(MemberLayout(f"reserved{pad}", cursor, row.offset - cursor, 1, row.offset - cursor,
                                            False, None, None, padding=True))
                pad += 1
            following = rows[index + 1].offset if index + 1 < len(rows) else total
            ref = row.member.type
            count = row.count if row.count is not None else (ref.count if ref else None)
            scalar = self.scalar(ref)
            if row.count is not None and row.step is not None:
                element = row.step
                if scalar is not None and scalar.size != element:
                    problem("error", f"array member {row.name}: elements of {scalar.size} bytes spaced {element} bytes apart")
            elif scalar is not None:
                element = scalar.size
            else:
                span = (following if following is not None else row.offset + 8) - row.offset
                element = span // (count or 1)
                problem("warning", f"member {row.name}: the size of {ref.text if ref else 'its type'} is not stated; "
                                   f"it takes the {span:#x} bytes up to the next member")
            size = element * (count or 1)
            nested = ref.name if ref is not None and ref.kind is TypeKind.STRUCT and ref.name in self.types else None
            members.append(MemberLayout(row.name, row.offset, size, element, count, bool(scalar and scalar.signed),
                                        ref, nested, description=row.member.description))
            cursor = row.offset + size
        if total is not None and cursor < total:
            members.append(MemberLayout(f"reserved{pad}", cursor, total - cursor, 1, total - cursor, False, None, None,
                                        padding=True))
            cursor = total
        if total is not None and cursor > total:
            problem("error", f"members end at {cursor:#x}, past the stated width {total:#x}")
        return StructLayout(definition.name, total, tuple(members))

    def _infer_undefined_sizes(self) -> dict[str, int]:
        """Sizes of types named by struct members but not sized by the document: the
        smallest span such a member occupies before another member."""
        spans: dict[str, tuple[int, str]] = {}
        for definition in self.types.values():
            if not is_concrete_struct(definition):
                continue
            rows = sorted((m for m in definition.members if m.offset is not None), key=lambda m: m.offset)
            for member, following in zip(rows, rows[1:]):
                ref = member.type
                if ref is None or ref.count is not None or self._stated(ref) or following.offset <= member.offset:
                    continue
                span = following.offset - member.offset
                if ref.name not in spans or span < spans[ref.name][0]:
                    spans[ref.name] = (span, f"{definition.name}.{member.name}")
        for name, (span, where) in sorted(spans.items()):
            self.problems.append(LayoutProblem(
                "info", f"type {name}: size not stated by the document; {span} bytes, its smallest span ({where})", None))
        return {name: span for name, (span, _where) in spans.items()}

    def _stated(self, ref: TypeRef) -> bool:
        if ref.kind is TypeKind.STRUCT:
            definition = self.types.get(ref.name)
            return definition is not None and bool(definition.width)
        return ref.kind in _SIZED_KINDS and bool(ref.width)


def is_concrete_struct(definition: TypeDef) -> bool:
    """A structure the spec lays out in memory: every member has a byte offset."""
    return definition.kind == "struct" and bool(definition.members) and all(m.offset is not None for m in definition.members)
