"""The one layout: the C header and the Python model agree on every structure of every
bundled revision (offsets, member sizes, structure sizes, signedness), measured on the
committed generated artefacts (``generated/<version>/``, kept current by the golden test) —
the C side by compiling a program against the header, the Python side by importing the
model and decoding bytes with it."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from dataclasses import replace

import pytest

from specgen.api import bundled_versions, load_ir
from specgen.extract.ir import TypeKind
from specgen.extract.typing import type_ref
from specgen.generate.cabi_layout import lower_snake
from specgen.generate.layout import Layouts
from specgen.paths import generated_dir

VERSIONS = bundled_versions()
COMPILER = shutil.which("gcc") or shutil.which("clang")


def _python_structs(version):
    """{struct name: (size, {member: (offset, total size, signed or None, indexed)})}."""
    (package,) = [p for p in (generated_dir() / version / "python").iterdir() if p.is_dir()]
    spec = importlib.util.spec_from_file_location(
        f"layout_{package.name}", package / "__init__.py", submodule_search_locations=[str(package)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        types = sys.modules[f"{spec.name}.types"]
        structs = {}
        for cls in vars(types).values():
            if not isinstance(cls, type) or not issubclass(cls, types._values.Struct) or cls._SIZE is None:
                continue
            if cls.__module__ != types.__name__ or not any(f.offset is not None for f in cls._FIELDS):
                continue
            members = {}
            for field in cls._FIELDS:
                total = field.size * (field.count or 1)
                signed = None
                if field.codec is None:
                    data = bytearray(cls._SIZE)
                    data[field.offset:field.offset + field.size] = b"\xff" * field.size
                    value = getattr(cls.from_bytes(bytes(data)), field.name)
                    value = value[0] if field.count is not None else value
                    signed = value < 0
                # arrays, and values wider than any C integer (C holds them as bytes)
                indexed = field.count is not None or field.size > 8
                members[field.name] = (field.offset, total, signed, indexed)
            structs[cls.__name__] = (cls._SIZE, members)
        return structs
    finally:
        for name in [n for n in sys.modules if n == spec.name or n.startswith(spec.name + ".")]:
            del sys.modules[name]


def _c_structs(version, folder, python):
    """The same facts, printed by a C program compiled against the generated header."""
    header = generated_dir() / version / "c" / f"den0137_{version.replace('.', '_').replace('-', '_')}.h"  # umbrella
    lines = ["#include <stdio.h>", "#include <stddef.h>", f'#include "{header}"', "int main(void) {"]
    for name, (_size, members) in python.items():
        tag = f"struct {lower_snake(name)}"
        lines.append(f'printf("S {name} %zu\\n", sizeof({tag}));')
        for member, (_offset, _total, signed, array) in members.items():
            element = f"((({tag} *)0)->{member}{'[0]' if array else ''})"
            sign = f"(int)(((__typeof__({element}))-1) < 0)" if signed is not None else "-1"
            lines.append(f'printf("M {name} {member} %zu %zu %d\\n", offsetof({tag}, {member}), '
                         f"sizeof((({tag} *)0)->{member}), {sign});")
    lines += ["return 0;", "}"]
    (folder / "layout.c").write_text("\n".join(lines) + "\n", encoding="utf-8")
    binary = folder / "layout"
    subprocess.run([COMPILER, "-std=gnu11", "-Wall", "-Werror", "-o", str(binary), str(folder / "layout.c")],
                   check=True, capture_output=True, text=True)
    out = subprocess.run([str(binary)], check=True, capture_output=True, text=True).stdout
    structs: dict[str, tuple[int, dict]] = {}
    for line in out.splitlines():
        kind, name, *rest = line.split()
        if kind == "S":
            structs[name] = (int(rest[0]), {})
        else:
            member, offset, size, signed = rest
            structs[name][1][member] = (int(offset), int(size), None if signed == "-1" else signed == "1")
    return structs


@pytest.mark.skipif(COMPILER is None, reason="no C compiler (gcc or clang) installed")
@pytest.mark.parametrize("version", VERSIONS)
def test_c_and_python_layouts_agree(version, tmp_path, record_property):
    python = _python_structs(version)
    c = _c_structs(version, tmp_path, python)
    assert set(c) == set(python)
    compared = 0
    for name, (size, members) in python.items():
        assert c[name][0] == size, f"{name}: sizeof {c[name][0]} in C, {size} in Python"
        for member, (offset, total, signed, _array) in members.items():
            assert c[name][1][member] == (offset, total, signed), f"{name}.{member}: C {c[name][1][member]}, Python {(offset, total, signed)}"
            compared += 1
    record_property("layout", f"{version}: {len(python)} structs, {compared} members agree")
    print(f"{version}: {len(python)} structs, {compared} members agree")
    if version == "1.0-rel0":
        params = python["RmiRealmParams"][1]
        assert params["rpv"][1] == 64 and c["RmiRealmParams"][1]["rpv"][1] == 64  # Bits512
        assert params["rtt_level_start"][2] is True and c["RmiRealmParams"][1]["rtt_level_start"][2] is True  # Int64


def test_sizes_come_from_types_and_gaps_are_padding():
    ir = load_ir("1.0-rel0") if "1.0-rel0" in VERSIONS else pytest.skip("1.0-rel0 not bundled")
    layouts = Layouts(ir)
    params = layouts.struct("RmiRealmParams")
    rpv = next(m for m in params.members if m.name == "rpv")
    after = params.members[params.members.index(rpv) + 1]
    assert (rpv.offset, rpv.size, after.padding, after.offset, after.size) == (0x400, 64, True, 0x440, 0x3C0)
    assert sum(m.size for m in params.members) == params.size == 0x1000
    enter = layouts.struct("RmiRecEnter")
    gprs = next(m for m in enter.members if m.name == "gprs")
    assert (gprs.count, gprs.element_size, gprs.size) == (31, 8, 31 * 8)


def test_undefined_type_size_is_its_smallest_span_and_said_so():
    ir = load_ir("1.0-rel0") if "1.0-rel0" in VERSIONS else pytest.skip("1.0-rel0 not bundled")
    layouts = Layouts(ir)
    data = layouts.struct("RmmMeasurementDescriptorData")
    sizes = {m.name: m.size for m in data.fields}
    assert sizes["rim"] == sizes["content"] == 0x40  # rim is followed by ipa 0x40 later
    assert any("RmmRealmMeasurement" in p.message and p.severity == "info" for p in layouts.problems)


def test_overlap_and_overflow_are_errors():
    ir = load_ir("1.0-rel0") if "1.0-rel0" in VERSIONS else pytest.skip("1.0-rel0 not bundled")
    params = next(t for t in ir.types if t.name == "RmiRealmParams")
    members = tuple(replace(m, type=type_ref("UInt64")) if m.name == "s2sz" else m for m in params.members)
    squeezed = replace(params, members=members + (replace(members[-1], name="late", offset=0x1000),))
    broken = replace(ir, types=tuple(squeezed if t.name == params.name else t for t in ir.types))
    messages = [p.message for p in Layouts(broken).problems if p.severity == "error"]
    assert any("past the stated width" in m for m in messages)
    overlapping = replace(params, members=members + (replace(members[1], name="over", offset=0x9),))
    broken = replace(ir, types=tuple(overlapping if t.name == params.name else t for t in ir.types))
    assert any("overlaps" in p.message for p in Layouts(broken).problems)
    assert type_ref("Int64").kind is TypeKind.INT and type_ref("Int64").signed
