"""C header stubs for the RMI/RSI/PSCI ABI (target ``c``).

One header per revision with: a FID macro per command; status/return codes and every
concrete enumeration with its encodings; SHIFT/WIDTH/MASK macros per fieldset field; every
concrete structure at the spec's byte offsets with explicit padding and static assertions
on ``offsetof``/``sizeof``; one ``static inline`` stub per command over a caller-provided
SMC hook. A generated C test program includes the header, checks layout and FIDs at run
time too, and exits 0. What a revision lacks (e.g. RMI type chapters) is simply absent;
the header lists the sections it was generated from.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from specgen.extract.ir import IR, Command, TypeDef
from specgen.generate.cabi_layout import SCALARS, Field, c_fields, lower_snake, scalar_ctype, upper_snake
from specgen.generate.layout import Layouts, is_concrete_struct
from specgen.generate.environment import render_template
from specgen.generate.errors import Rendered, UnsafeText
from specgen.generate.filters import c_identifier
from specgen.generate.header import header_lines

_REGISTER = re.compile(r"^X(\d{1,2})$")
_REVISION = re.compile(r"^\d+\.\d+-[a-z]+\d+$")
SMC_REGISTERS = 18  # X0..X17 carry SMCCC arguments and results


@dataclass
class CView:
    """Everything the templates loop over, already named, validated and formatted."""

    guard: str
    header_name: str
    header: list[str]
    sources: list[str]
    fids: list[dict] = field(default_factory=list)
    enums: list[dict] = field(default_factory=list)
    fieldsets: list[dict] = field(default_factory=list)
    structs: list[dict] = field(default_factory=list)
    commands: list[dict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        codes = sum(len(e["members"]) for e in self.enums if e["is_status"])
        return {"fids": len(self.fids), "codes": codes, "enums": len(self.enums), "fieldsets": len(self.fieldsets),
                "structs": len(self.structs), "prototypes": len(self.commands)}


def _hex(value: int) -> str:
    return f"UINT64_C({value:#x})"


def _enums(ir: IR, layouts: Layouts, out: Rendered) -> list[dict]:
    concrete = [t for t in ir.types if t.kind == "enum" and t.members and all(m.encoding is not None for m in t.members)]
    for definition in ir.types:  # partly encoded: an ABI type that lost encodings, not an abstract one
        missing = [m.name for m in definition.members if m.encoding is None]
        if definition.kind == "enum" and missing and len(missing) < len(definition.members):
            out.leave_out(f"C header: enum {definition.name} not emitted: no numeric encoding for "
                          f"{', '.join(missing)}", definition.loc, code="SG500")
    owners = Counter(m.name for t in concrete for m in t.members)
    enums = []
    for definition in concrete:
        try:
            members = []
            for member in definition.members:
                macro = member.name if owners[member.name] == 1 else f"{upper_snake(definition.name)}_{member.name}"
                value = member.encoding
                members.append({"macro": c_identifier(macro), "value": f"({value})" if value < 0 else str(value),
                                "description": member.description})
            storage = layouts.enum(definition)
            ctype = scalar_ctype(_c_scalar_size(storage.size), storage.signed) if storage else None
            enums.append({"name": definition.name, "typedef": c_identifier(lower_snake(definition.name) + "_t"),
                          "ctype": ctype or SCALARS[8], "members": members, "section": definition.section,
                          "summary": definition.summary,
                          "is_status": definition.name.endswith(("StatusCode", "ReturnCode"))})
        except UnsafeText as error:
            out.error(f"type {definition.name}: {error}", definition.loc, code="SG403")
    return enums


def _fieldsets(ir: IR, out: Rendered) -> list[dict]:
    result = []
    for definition in (t for t in ir.types if t.kind == "fieldset"):
        prefix = upper_snake(definition.name)
        fields = []
        for member in definition.members:
            try:
                if member.bits is None:
                    raise UnsafeText(f"field {member.name!r} has no bit range")
                shift, width = member.bits.low, member.bits.width
                base = c_identifier(f"{prefix}_{member.name.upper()}")
                fields.append({"macro": base, "shift": shift, "width": width,
                               "mask": _hex(((1 << width) - 1) << shift), "description": member.description})
            except UnsafeText as error:
                out.error(f"type {definition.name}: {error}", member.loc, code="SG403")
        if fields:
            result.append({"name": definition.name, "section": definition.section, "summary": definition.summary, "fields": fields})
    return result


def _struct_order(structs: list[TypeDef]) -> list[TypeDef]:
    """Definitions before use: a struct member of struct type needs that type declared."""
    names = {s.name for s in structs}
    ordered, placed = [], set()
    pending = list(structs)
    while pending:
        progress = False
        for definition in list(pending):
            needs = {m.type for m in definition.members if m.type in names and m.type != definition.name}
            if needs <= placed:
                ordered.append(definition)
                placed.add(definition.name)
                pending.remove(definition)
                progress = True
        if not progress:  # a cycle cannot be laid out; keep spec order for the rest
            ordered.extend(pending)
            break
    return ordered


def _structs(ir: IR, layouts: Layouts, out: Rendered) -> list[dict]:
    concrete = [t for t in ir.types if is_concrete_struct(t) and layouts.struct(t.name) is not None]
    concrete = list({t.name: t for t in reversed(concrete)}.values())[::-1]  # first definition of a name
    for definition in ir.types:  # partly laid out: an ABI structure that lost offsets
        missing = [m.name for m in definition.members if m.offset is None]
        if definition.kind == "struct" and missing and len(missing) < len(definition.members):
            out.leave_out(f"C header: struct {definition.name} not emitted: no byte offset for "
                          f"{', '.join(missing)}", definition.loc, code="SG500")
    tags = {t.name: lower_snake(t.name) for t in concrete}
    result = []
    for definition in _struct_order(concrete):
        fields = c_fields(layouts.struct(definition.name), tags)
        try:
            c_members = [_c_field(f) for f in fields]
            tag = c_identifier(tags[definition.name])
        except UnsafeText as error:
            out.error(f"type {definition.name}: {error}", definition.loc, code="SG403")
            continue
        size = sum(f.size for f in fields)
        result.append({"name": definition.name, "tag": tag, "fields": c_members, "size": f"{size:#x}",
                       "section": definition.section, "summary": definition.summary})
    return result


def _c_field(f: Field) -> dict:
    return {"name": c_identifier(f.name), "ctype": f.ctype, "array": f"[{f.count:#x}]" if f.count else "",
            "offset": f"{f.offset:#x}", "description": f.comment, "padding": f.comment == "padding"}


def _register_slots(command: Command, rows, out: Rendered) -> list[dict] | None:
    slots = []
    for row in rows:
        match = _REGISTER.match(row.register)
        if not match or int(match.group(1)) >= SMC_REGISTERS or row.bits is None:
            out.error(f"{command.name}: register {row.register!r} bits {row.bits} of {row.name!r} not understood", row.loc, code="SG500")
            return None
        shift, width = row.bits.low, row.bits.width
        slots.append({"name": c_identifier(row.name), "index": int(match.group(1)), "shift": shift,
                      "mask": None if width == 64 else _hex((1 << width) - 1), "type": str(row.type or ""),
                      "description": row.description})
    return slots


def _commands(ir: IR, out: Rendered) -> tuple[list[dict], list[dict]]:
    fids, commands = [], []
    for command in ir.commands:
        try:
            macro = c_identifier(f"SMC_{command.name}")
            function = c_identifier(command.name.lower())
        except UnsafeText as error:
            out.error(f"command {command.name!r}: {error}", command.loc, code="SG403")
            continue
        value = command.fid
        if value is None:
            out.leave_out(f"C header: {command.name}: no FID, so no FID macro and no stub", command.loc, code="SG500")
            continue
        fids.append({"macro": macro, "value": f"{value:#x}", "command": command.name, "section": command.section})
        try:
            inputs = _register_slots(command, [r for r in command.inputs if r.register != "X0"], out)
            outputs = _register_slots(command, command.outputs, out)
        except UnsafeText as error:
            out.error(f"{command.name}: {error}", command.loc, code="SG403")
            continue
        if inputs is None or outputs is None:
            continue
        commands.append({"name": command.name, "function": function, "fid": macro, "inputs": inputs, "outputs": outputs,
                         "out_struct": f"{function}_out", "section": command.section, "summary": command.summary})
    return fids, commands


def _sources(ir: IR) -> list[str]:
    """Which chapters the header comes from (parents of the command and type sections)."""
    commands = Counter(c.section.rsplit(".", 1)[0] for c in ir.commands)
    types = Counter(t.section.rsplit(".", 1)[0] for t in ir.types)
    return [f"{section}: {commands[section]} commands" if section in commands else f"{section}: {types[section]} types"
            for section in sorted(set(commands) | set(types))]


def build_view(ir: IR, out: Rendered) -> CView:
    version = ir.document.version
    if not _REVISION.match(version):
        raise UnsafeText(f"revision {version!r} cannot name a header file")
    slug = version.replace(".", "_").replace("-", "_")
    view = CView(guard=f"DEN0137_{slug.upper()}_H", header_name=f"den0137_{slug}.h",
                 header=header_lines(ir, "C ABI header"), sources=_sources(ir))
    view.fids, view.commands = _commands(ir, out)
    layouts = Layouts(ir)
    for problem in layouts.problems:
        if problem.severity == "error":
            out.error(problem.message, problem.loc, code=problem.code)
        elif problem.severity == "warning":
            out.warn(problem.message, problem.loc, code=problem.code)
    view.enums = _enums(ir, layouts, out)
    view.fieldsets = _fieldsets(ir, out)
    view.structs = _structs(ir, layouts, out)
    return view


def _c_scalar_size(size: int) -> int:
    """The C integer that holds ``size`` bytes (a 1-bit enum is a uint8_t)."""
    return next((candidate for candidate in sorted(SCALARS) if size <= candidate), size)


def render(ir: IR, progress=None) -> Rendered:
    out = Rendered()
    try:
        view = build_view(ir, out)
    except UnsafeText as error:
        out.error(str(error), None, code="SG403")
        return out
    slug = view.header_name[:-2]
    out.files[view.header_name] = render_template("cabi/header.h.j2", view=view, registers=SMC_REGISTERS)
    out.files[f"test_{slug}.c"] = render_template("cabi/test.c.j2", view=view)
    return out
