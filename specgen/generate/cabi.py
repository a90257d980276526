"""C headers for the RMI/RSI/PSCI ABI (target ``c``).

Why several files: firmware includes the interface it implements or calls (TF-RMM has
``smc-rmi.h`` and ``smc-rsi.h``, Linux ``rmi_smc.h`` and ``rsi_smc.h``). Per revision the
target writes one header per interface (``den0137_1_0_rel0_rmi.h`` …), a common part
(literal macros, the SMC register block, the hook type, aarch64 ``smc``/``hvc`` callers,
types no single interface owns) and an umbrella header ``den0137_1_0_rel0.h`` that includes
them all, plus a test program generated separately (``cabi_check``).

Every file is usable from assembly: FIDs, ABI version macros, enumeration constants,
field SHIFT/WIDTH/MASK macros and fixed values come first, with explicit unsigned literals
(``DEN0137_U(x)``: ``xU`` in C, ``x`` in a ``.S`` file); typedefs, structures, static
assertions and stubs stand behind ``#ifndef __ASSEMBLER__``. Names come from the naming
profile (``cabi_names``); sizes, offsets, padding and signedness from the one layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from specgen.extract.ir import IR, Command, TypeKind, TypeRef
from specgen.generate.cabi_check import render_check, struct_size
from specgen.generate.cabi_layout import SCALARS, c_scalar_size, scalar_ctype
from specgen.generate.cabi_names import Surface, owner, profile, surface
from specgen.generate.environment import render_template
from specgen.generate.errors import Rendered, UnsafeText
from specgen.generate.filters import c_identifier, first_sentence
from specgen.generate.header import header_lines
from specgen.generate.layout import Layouts

_REGISTER = re.compile(r"^X(\d{1,2})$")
_REVISION = re.compile(r"^\d+\.\d+-[a-z]+\d+$")
SMC_REGISTERS = 18  # X0..X17 carry SMCCC arguments and results
_STUB_LOCALS = frozenset({"hook", "in", "res", "out"})
COMMON = "common"


def literal(value: int, bits: int = 32, decimal: bool = False) -> str:
    """An unsigned literal usable in C and assembly (``DEN0137_U(0x3)``): 32-bit unless
    ``bits`` is 64 or the value needs more; hexadecimal from 10 unless ``decimal``."""
    macro = "DEN0137_U" if bits <= 32 and value < 1 << 32 else "DEN0137_ULL"
    return f"{macro}({value:#x})" if value > 9 and not decimal else f"{macro}({value})"


@dataclass
class Part:
    """One header file: what it defines, already named, validated and formatted."""

    key: str  # "common" or an interface name
    file: str
    guard: str
    title: str
    makers: list[dict] = field(default_factory=list)
    fids: list[dict] = field(default_factory=list)
    versions: list[dict] = field(default_factory=list)
    enums: list[dict] = field(default_factory=list)
    fieldsets: list[dict] = field(default_factory=list)
    fixed: list[dict] = field(default_factory=list)
    structs: list[dict] = field(default_factory=list)
    commands: list[dict] = field(default_factory=list)


@dataclass
class CView:
    """Everything the templates loop over."""

    profile: str
    header: list[str]
    sources: list[str]
    umbrella: str
    umbrella_guard: str
    common: Part
    interfaces: list[Part]
    #: What the inline-asm SMC/HVC callers clobber: every argument/result register, memory.
    clobbers: list[str] = field(default_factory=lambda: [f'"x{r}"' for r in range(SMC_REGISTERS)] + ['"memory"'])

    @property
    def parts(self) -> list[Part]:
        return [self.common, *self.interfaces]


# -- where each type goes -----------------------------------------------------------------


def _homes(abi: Surface) -> dict[str, str]:
    """The header of every emitted type: its owner's interface header (``Rmi…`` -> RMI),
    else the common part. A type that a structure or a command stub of another header needs
    moves to the common part (headers include only the common part, never each other)."""
    names = [e.type.name for e in abi.enums] + [f.type.name for f in abi.fieldsets] + [s.type.name for s in abi.structs]
    homes = {name: owner(name) if owner(name) in abi.interfaces else COMMON for name in names}
    users: list[tuple[str | None, str | None, set[str]]] = []  # (user type, user interface, types it needs)
    for s in abi.structs:
        users.append((s.type.name, None, {m.type.name for m in s.layout.members if m.type and m.type.name in homes}))
    for c in abi.commands:
        rows = (*c.command.inputs, *c.command.outputs)
        users.append((None, c.command.interface, {r.type.name for r in rows if r.type and r.type.name in homes}))
    changed = True
    while changed:
        changed = False
        for user, interface, needed in users:
            where = homes[user] if user is not None else interface
            for name in needed:
                if homes[name] not in (where, COMMON):
                    homes[name], changed = COMMON, True
    return homes


# -- values -------------------------------------------------------------------------------


class _Types:
    """C spellings of the spec's types: typedef names where the header defines the type,
    else the integer of the layout's size and signedness."""

    def __init__(self, abi: Surface, layouts: Layouts):
        self.layouts = layouts
        self.typedefs = {e.type.name: (e.typedef, layouts.enum(e.type)) for e in abi.enums}
        self.typedefs |= {f.type.name: (f.typedef, layouts.scalar(_fieldset_ref(f.type))) for f in abi.fieldsets}
        self.tags = {s.type.name: s.tag for s in abi.structs}

    def storage(self, name: str):
        typedef, scalar = self.typedefs[name]
        ctype = scalar_ctype(c_scalar_size(scalar.size), scalar.signed) if scalar else None
        return ctype or SCALARS[8]

    def value(self, ref: TypeRef | None, size: int | None = None, signed: bool | None = None) -> str:
        """The C type of one value of ``ref`` (``size``/``signed``: what the layout stores)."""
        if ref is not None and ref.name in self.typedefs and ref.count is None:
            typedef, scalar = self.typedefs[ref.name]
            stored = scalar_ctype(c_scalar_size(scalar.size), scalar.signed) if scalar else SCALARS[8]
            if size is None or scalar_ctype(size, bool(signed)) == stored:
                return typedef
        if size is not None:
            return scalar_ctype(size, bool(signed)) or "uint8_t"
        scalar = self.layouts.scalar(ref) if ref is not None else None
        if scalar is not None and scalar.size in SCALARS:
            return scalar_ctype(scalar.size, scalar.signed)
        return SCALARS[8]


def _fieldset_ref(definition) -> TypeRef:
    return TypeRef(definition.name, definition.name, TypeKind.FIELDSET, definition.width, False)


def _enum(e, types: _Types) -> dict:
    scalar = types.layouts.enum(e.type)
    signed = any(m.encoding < 0 for m, _macro in e.constants)
    members = [{"macro": macro, "value": f"({m.encoding})" if signed or m.encoding < 0 else literal(m.encoding),
                "description": m.description} for m, macro in e.constants]
    return {"name": e.type.name, "typedef": e.typedef, "ctype": types.storage(e.type.name), "members": members,
            "section": e.type.section, "summary": e.type.summary, "width": scalar.size * 8 if scalar else None}


def _fieldset(f, types: _Types, bare_masks: bool) -> dict:
    fields = []
    for member, base in f.fields:
        shift, width = member.bits.low, member.bits.width
        fields.append({"macro": base, "shift": literal(shift, decimal=True), "width": literal(width, decimal=True),
                       "mask": literal(((1 << width) - 1) << shift, 64), "bits": str(member.bits),
                       "bare": bare_masks, "description": member.description})
    return {"name": f.type.name, "typedef": f.typedef, "ctype": types.storage(f.type.name), "fields": fields,
            "section": f.type.section, "summary": f.type.summary}


def _struct_order(structs: list) -> list:
    """Definitions before use: a member of structure type needs that type declared."""
    names = {s.type.name for s in structs}
    ordered, placed, pending = [], set(), list(structs)
    while pending:
        ready = [s for s in pending
                 if {m.struct for m in s.layout.members if m.struct in names and m.struct != s.type.name} <= placed]
        if not ready:  # a cycle cannot be laid out; keep spec order for the rest
            return ordered + pending
        for s in ready:
            ordered.append(s)
            placed.add(s.type.name)
            pending.remove(s)
    return ordered


def _struct(s, types: _Types) -> dict:
    members = []
    for m in s.layout.members:
        if m.padding:
            ctype, array, comment = "uint8_t", f"[{m.size:#x}]", "padding"
        elif m.struct in types.tags:
            ctype, array, comment = f"struct {types.tags[m.struct]}", f"[{m.count:#x}]" if m.count else "", m.description
        elif scalar_ctype(m.element_size, m.signed) is not None:
            ctype = types.value(m.type, m.element_size, m.signed)
            array, comment = (f"[{m.count:#x}]" if m.count else ""), m.description
        else:  # wider than any C integer (Bits512): bytes
            ctype, array, comment = "uint8_t", f"[{m.size:#x}]", m.description
        members.append({"name": s.members[m.name], "ctype": ctype, "array": array, "offset": f"{m.offset:#x}",
                        "description": comment})
    return {"name": s.type.name, "tag": s.tag, "members": members, "size": f"{struct_size(s.layout):#x}",
            "section": s.type.section, "summary": s.type.summary}


def _register_rows(command: Command, rows, types: _Types, out: Rendered) -> list[dict] | None:
    slots = []
    for row in rows:
        match = _REGISTER.match(row.register)
        if not match or int(match.group(1)) >= SMC_REGISTERS or row.bits is None:
            out.error(f"{command.name}: register {row.register!r} bits {row.bits} of {row.name!r} not understood",
                      row.loc, code="SG500")
            return None
        index, shift, width = int(match.group(1)), row.bits.low, row.bits.width
        name = c_identifier(row.name)
        register = f"X{index}" if width == 64 else f"X{index}[{row.bits}]"
        local = f"{name}_" if name in _STUB_LOCALS else name
        ctype = types.value(row.type)
        slots.append({"name": local, "field": name, "index": index, "declaration": f"{ctype} {local}",
                      "shift": shift, "mask": None if width == 64 else literal((1 << width) - 1, 64),
                      "ctype": ctype, "type": str(row.type or "untyped"), "register": register,
                      "description": row.description})
    return slots


def _fids(abi: Surface) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """FID makers and FID macros per interface. A maker ``SMC64_RMI_FID(n)`` covers the
    interface's calls of one calling convention and owner (bits 31:16 of the FID); with
    the ``interface`` numbering its argument is the offset over the interface's lowest
    function number, with ``owner`` numbering the full function number (bits 15:0)."""
    names = abi.profile
    makers: dict[str, list[dict]] = {}
    fids: dict[str, list[dict]] = {}
    by_interface: dict[str, list] = {}
    for c in abi.commands:
        by_interface.setdefault(c.command.interface, []).append(c)
    for interface, commands in by_interface.items():
        base = min(c.command.fid & 0xFFFF for c in commands) if names.fid_numbering == "interface" else 0
        groups = {c.command.fid & 0xFFFF0000 for c in commands}
        conventions = {bool(high >> 30 & 1) for high in groups}
        mixed = len(conventions) > 1
        usable = {}
        for high in sorted(groups):
            smc64 = bool(high >> 30 & 1)
            if sum(bool(h >> 30 & 1) == smc64 for h in groups) == 1:  # one owner per convention: one maker
                maker = c_identifier(names.fid_maker(interface, smc64, mixed))
                usable[high] = maker
                makers.setdefault(interface, []).append(
                    {"name": maker, "base": literal(high | base), "convention": "SMC64" if smc64 else "SMC32"})
        for c in sorted(commands, key=lambda c: c.command.fid):
            high = c.command.fid & 0xFFFF0000
            number = (c.command.fid & 0xFFFF) - base
            value = f"{usable[high]}({literal(number)})" if high in usable else literal(c.command.fid)
            fids.setdefault(interface, []).append({"macro": c.fid, "value": value, "command": c})
    return makers, fids


def _register_comment(command: Command, described: dict | None) -> list[str]:
    """TF-RMM's and Linux's comment above a FID: what the call does, then ``argN ==`` for
    every input register and ``retN ==`` for every output register (N: the X register)."""
    lines = [f"{command.name} (section {command.section}): {first_sentence(command.summary)}"]
    if described:
        rows = [("arg", row) for row in described["inputs"]] + [("ret", row) for row in described["outputs"]]
        if rows:
            lines.append("")
        for kind, row in rows:
            bits = row["register"][len(f"X{row['index']}"):]
            text = f"{kind}{row['index']}{bits} == {row['field']} ({row['type']})"
            lines.append(f"{text}: {row['description']}" if row["description"] else text)
    return lines


def _version(version) -> dict:
    names = version.names
    major, minor = version.major.bits, version.minor.bits
    return {"interface": version.interface, "type": version.type.name, "names": names,
            "release": version.release, "major_shift": major.low, "minor_shift": minor.low,
            "major_mask": literal((1 << major.width) - 1), "minor_mask": literal((1 << minor.width) - 1),
            "release_major": literal(version.release[0]) if version.release else None,
            "release_minor": literal(version.release[1]) if version.release else None,
            "major_bits": str(major), "minor_bits": str(minor)}


def _sources(ir: IR) -> list[str]:
    """Which chapters the headers come from (parents of the command and type sections)."""
    commands: dict[str, int] = {}
    types: dict[str, int] = {}
    for c in ir.commands:
        commands[c.section.rsplit(".", 1)[0]] = commands.get(c.section.rsplit(".", 1)[0], 0) + 1
    for t in ir.types:
        types[t.section.rsplit(".", 1)[0]] = types.get(t.section.rsplit(".", 1)[0], 0) + 1
    return [f"{section}: {commands[section]} commands" if section in commands else f"{section}: {types[section]} types"
            for section in sorted(set(commands) | set(types))]


def _report(abi: Surface, layouts: Layouts, out: Rendered) -> None:
    for problem in layouts.problems:
        if problem.severity == "error":
            out.error(problem.message, problem.loc, code=problem.code)
        elif problem.severity == "warning":
            out.warn(problem.message, problem.loc, code=problem.code)
    for message, loc, code in abi.errors:
        out.error(message, loc, code=code)
    for message, loc in abi.left_out:
        out.leave_out(message, loc, code="SG500")


def build_view(ir: IR, out: Rendered, names: str = "spec") -> tuple[CView | None, Surface, Layouts]:
    """The view of the header set (None when the surface has errors: they are in ``out``)."""
    version = ir.document.version
    if not _REVISION.match(version):
        raise UnsafeText(f"revision {version!r} cannot name a header file")
    slug = version.replace(".", "_").replace("-", "_")
    layouts = Layouts(ir)
    abi = surface(ir, layouts, profile(names))
    _report(abi, layouts, out)
    if abi.errors:
        return None, abi, layouts
    types = _Types(abi, layouts)
    homes = _homes(abi)

    def part(key: str, title: str) -> Part:
        suffix = key.lower()
        return Part(key, f"den0137_{slug}_{suffix}.h", f"DEN0137_{slug.upper()}_{suffix.upper()}_H", title)

    common = part(COMMON, "common part: literal and assertion macros, SMC plumbing, shared types")
    parts = {COMMON: common}
    for interface in abi.interfaces:
        parts[interface] = part(interface, f"{interface} interface")
    makers, fids = _fids(abi)
    for interface, found in makers.items():
        parts[interface].makers = found
    for c in abi.commands:
        try:
            inputs = _register_rows(c.command, [r for r in c.command.inputs if r.register != "X0"], types, out)
            outputs = _register_rows(c.command, c.command.outputs, types, out)
        except UnsafeText as error:
            out.error(f"{c.command.name}: {error}", c.command.loc, code="SG403")
            continue
        if inputs is None or outputs is None:
            continue
        parts[c.command.interface].commands.append(
            {"name": c.command.name, "function": c.stub, "fid": c.fid, "inputs": inputs, "outputs": outputs,
             "out_struct": c.out_struct, "section": c.command.section, "summary": c.command.summary})
    described = {command["name"]: command for p in parts.values() for command in p.commands}
    for interface, found in fids.items():
        for fid in found:
            command = fid.pop("command").command
            fid["comment"] = _register_comment(command, described.get(command.name))
        parts[interface].fids = found
    for v in abi.versions:
        parts[v.interface].versions.append(_version(v))
    for e in abi.enums:
        parts[homes[e.type.name]].enums.append(_enum(e, types))
    for f in abi.fieldsets:
        parts[homes[f.type.name]].fieldsets.append(_fieldset(f, types, abi.profile.bare_field_masks))
    for s in _struct_order(abi.structs):
        parts[homes[s.type.name]].structs.append(_struct(s, types))
    for fixed in abi.fixed:
        parts[homes.get(fixed.struct, COMMON)].fixed.append(
            {"macro": fixed.macro, "value": literal(fixed.value), "struct": fixed.struct, "member": fixed.member})
    view = CView(profile=names, header=header_lines(ir, "C ABI header"), sources=_sources(ir),
                 umbrella=f"den0137_{slug}.h", umbrella_guard=f"DEN0137_{slug.upper()}_H",
                 common=common, interfaces=[parts[i] for i in abi.interfaces])
    return view, abi, layouts


def render(ir: IR, progress=None, c_names: str = "spec") -> Rendered:
    """The header set and its test program; ``c_names`` picks the naming profile."""
    out = Rendered()
    try:
        view, abi, layouts = build_view(ir, out, c_names)
    except UnsafeText as error:
        out.error(str(error), None, code="SG403")
        return out
    if view is None or not out.ok:
        return out
    for p in view.parts:
        out.files[p.file] = render_template("cabi/part.h.j2", view=view, part=p, registers=SMC_REGISTERS)
    out.files[view.umbrella] = render_template("cabi/umbrella.h.j2", view=view)
    name, text = render_check(ir, layouts, abi, view.umbrella)
    out.files[name] = text
    return out
