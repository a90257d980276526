"""The test program of the C headers, generated independently of them.

Why independently: a test program written from the header's own view would check the
header against itself. This one takes every expected value from the IR and the one layout
(``specgen.generate.layout``) — ``sizeof`` and ``offsetof`` of every structure and member
(padding included), member sizes, element sizes and signedness, the value and signedness of
every enumeration constant, the size of every typedef, SHIFT/WIDTH/MASK of every field, every
FID, the ABI version macros, fixed member values — and only the *names* from the naming
profile (``cabi_names``); its own template (``templates/cabi/check.c.j2``) shares nothing with
the header templates. It also calls every stub through a recording hook and checks the FID
and the bits each argument lands in, and what each output reads back.

It prints ``<n> checks (…), 0 failures`` and exits 0, or names each failed check.
"""

from __future__ import annotations

from specgen.extract.ir import IR
from specgen.generate.cabi_layout import c_scalar_size
from specgen.generate.cabi_names import Surface
from specgen.generate.environment import render_template
from specgen.generate.header import header_lines
from specgen.generate.layout import Layouts

SMC_REGISTERS = 18


def _expected(value: int) -> str:
    """An expected value that compares without sign warnings against any integer type."""
    if value < 0:
        return f"({value}LL)"
    return str(value) if value < 1 << 31 else f"{value:#x}ULL"


def struct_size(layout) -> int:
    """The size of a structure: its stated width, else where its last member ends."""
    if layout.size is not None:
        return layout.size
    return max((m.offset + m.size for m in layout.members), default=0)


def _struct_checks(abi: Surface) -> tuple[list[str], int]:
    lines, members = [], 0
    for s in abi.structs:
        tag = f"struct {s.tag}"
        lines.append(f"SIZE({tag}, {struct_size(s.layout):#x});")
        for m in s.layout.members:
            name = s.members[m.name]
            members += 1
            lines.append(f"OFFSET({tag}, {name}, {m.offset:#x});")
            lines.append(f"MEMBER_SIZE({tag}, {name}, {m.size:#x});")
            if m.padding or m.struct is not None or m.element_size not in (1, 2, 4, 8):
                continue
            element = f"MEMBER({tag}, {name}){'[0]' if m.count else ''}"
            if m.count:
                lines.append(f"SIZE({element}, {m.element_size});")
            lines.append(f"SIGNED({element}, {int(m.signed)});")
    return lines, members


def _enum_checks(abi: Surface, layouts: Layouts) -> tuple[list[str], int]:
    lines, values = [], 0
    for e in abi.enums:
        storage = layouts.enum(e.type)
        signed = any(m.encoding < 0 for m in e.type.members)
        if storage is not None:
            lines.append(f"SIZE({e.typedef}, {c_scalar_size(storage.size)});")
            lines.append(f"SIGNED(({e.typedef})0, {int(storage.signed)});")
        for member, macro in e.constants:
            values += 1
            lines.append(f"VALUE({macro}, {_expected(member.encoding)});")
            lines.append(f"SIGNED({macro}, {int(signed)});")
    return lines, values


def _field_checks(abi: Surface) -> tuple[list[str], int]:
    lines, fields = [], 0
    for f in abi.fieldsets:
        if f.type.width:
            lines.append(f"SIZE({f.typedef}, {c_scalar_size((f.type.width + 7) // 8)});")
        for member, base in f.fields:
            fields += 1
            low, width = member.bits.low, member.bits.width
            lines.append(f"VALUE({base}_SHIFT, {low});")
            lines.append(f"VALUE({base}_WIDTH, {width});")
            lines.append(f"VALUE({base}_MASK, {_expected(((1 << width) - 1) << low)});")
            lines.append(f"SIGNED({base}_MASK, 0);")
            if abi.profile.bare_field_masks:
                lines.append(f"VALUE({base}, {_expected(((1 << width) - 1) << low)});")
    return lines, fields


def _fid_checks(abi: Surface) -> list[str]:
    return [line for c in abi.commands for line in (f"VALUE({c.fid}, {_expected(c.command.fid)});", f"SIGNED({c.fid}, 0);")]


def _version_checks(abi: Surface) -> list[str]:
    lines = []
    for v in abi.versions:
        names, major, minor = v.names, v.major.bits, v.minor.bits
        probe = (1 << major.low) | (1 << minor.low) if major.low != minor.low else 1 << major.low
        lines.append(f"VALUE({names.get_major}({probe:#x}ULL), 1);")
        lines.append(f"VALUE({names.get_minor}({probe:#x}ULL), 1);")
        if names.make:
            lines.append(f"VALUE({names.make}(1, 1), {_expected(probe)});")
        if v.release is None:
            continue
        x, y = v.release
        lines += [f"VALUE({names.major}, {x});", f"VALUE({names.minor}, {y});"]
        if names.value:
            lines += [f"VALUE({names.get_major}({names.value}), {x});", f"VALUE({names.get_minor}({names.value}), {y});",
                      f"VALUE({names.value}, {_expected(x << major.low | y << minor.low)});"]
        if names.make:
            lines.append(f"VALUE({names.make}({x}, {y}), {_expected(x << major.low | y << minor.low)});")
    return lines


def _stub_calls(abi: Surface) -> list[dict]:
    """Each stub called with arguments 1, 2, 3 …: the registers the hook sees (each argument
    masked to its bits and shifted into place) and the outputs read back from a hook that
    answers X<i> = i + 1."""
    calls = []
    for c in abi.commands:
        inputs = [r for r in c.command.inputs if r.register != "X0"]
        if any(r.bits is None or not r.register.startswith("X") for r in (*inputs, *c.command.outputs)):
            continue
        registers: dict[int, int] = {}
        for value, row in enumerate(inputs, start=1):
            index = int(row.register[1:])
            registers[index] = registers.get(index, 0) | (value & ((1 << row.bits.width) - 1)) << row.bits.low
        outputs = [(row.name, ((int(row.register[1:]) + 1) >> row.bits.low) & ((1 << row.bits.width) - 1))
                   for row in c.command.outputs]
        calls.append({"stub": c.stub, "fid": _expected(c.command.fid), "arguments": list(range(1, len(inputs) + 1)),
                      "registers": sorted(registers.items()), "outputs": outputs, "out_struct": c.out_struct})
    return calls


def render_check(ir: IR, layouts: Layouts, abi: Surface, umbrella: str) -> tuple[str, str]:
    """(file name, text) of the test program for the headers whose umbrella is ``umbrella``."""
    structs, members = _struct_checks(abi)
    enums, values = _enum_checks(abi, layouts)
    fields, field_count = _field_checks(abi)
    checks = structs + enums + fields + _fid_checks(abi) + _version_checks(abi)
    checks += [f"VALUE({f.macro}, {_expected(f.value)});" for f in abi.fixed]
    counts = {"structs": len(abi.structs), "members": members, "enum values": values, "fields": field_count,
              "fids": len(abi.commands), "versions": len(abi.versions), "fixed values": len(abi.fixed)}
    text = render_template("cabi/check.c.j2", header=header_lines(ir, "Test program of the C ABI headers"),
                           umbrella=umbrella, profile=abi.profile.name, checks=checks, calls=_stub_calls(abi),
                           counts=counts, registers=SMC_REGISTERS)
    return f"test_{umbrella.removesuffix('.h')}.c", text
