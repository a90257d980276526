"""The C header target: golden files; every bundled revision built with gcc, clang, g++ and
clang++ (C11/C++17, -Wall -Wextra -Werror -pedantic -Wsign-compare -Wconversion) and its
independent test program run; every naming profile built; the FID/constant part assembled
(host and aarch64) and its values read back; the aarch64 smc/hvc callers; guards, line
width, transliteration; hostile input; the README's profile tables. Which compilers run
which combination: see tests/fixtures/c_toolchain.py."""

from __future__ import annotations

import copy
import re
import struct
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from specgen.api import bundled_versions, load_ir
from specgen.extract.pipeline import extract
from specgen.generate.cabi import render
from specgen.generate.cabi_names import PROFILES, is_concrete_enum, owner, profile, surface
from specgen.generate.filters import C_LINE_WIDTH, c_width
from specgen.generate.layout import Layouts
from specgen.lang.annotate import annotate
from specgen.pdf.text_loader import layout_from_text
from tests.fixtures import c_toolchain as tc
from tests.fixtures.minispec import minispec_text

VERSIONS = bundled_versions()
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def mini_ir():
    return annotate(extract(layout_from_text(minispec_text(), "mini.txt", "0" * 64)))


_RENDERED: dict = {}


def rendered(version: str, names: str = "spec") -> dict[str, str]:
    """The files of a bundled revision's C target (rendered once per session)."""
    if (version, names) not in _RENDERED:
        result = render(load_ir(version), c_names=names)
        assert result.ok, [str(d) for d in result.diagnostics]
        _RENDERED[version, names] = result.files
    return _RENDERED[version, names]


def program(files: dict[str, str]) -> str:
    (name,) = [n for n in files if n.startswith("test_")]
    return name


def umbrella(files: dict[str, str]) -> str:
    return program(files).removeprefix("test_").removesuffix(".c") + ".h"


def expected_counts(ir) -> dict[str, int]:
    """What the test program must have checked, counted from the IR and its layout."""
    layouts = Layouts(ir)
    first = {}
    for t in ir.types:
        first.setdefault(t.name, t)
    fieldsets = [t for t in first.values() if t.kind == "fieldset"]
    interfaces = {c.interface for c in ir.commands}
    versions = {owner(t.name) for t in fieldsets if owner(t.name) in interfaces
                and {"major", "minor"} <= {m.name.lower() for m in t.members}}
    commands = sum(c.fid is not None for c in ir.commands)
    return {"structs": len(layouts.structs()), "members": sum(len(s.members) for s in layouts.structs()),
            "enum values": sum(len(t.members) for t in first.values() if is_concrete_enum(t)),
            "fields": sum(m.bits is not None for t in fieldsets for m in t.members),
            "fids": commands, "stubs": commands, "versions": len(versions), "failures": 0}


def checked(output: str) -> dict[str, int]:
    counts = tc.report(output)
    return {k: counts[k] for k in ("structs", "members", "enum values", "fields", "fids", "stubs", "versions", "failures")}


def need(tool: str) -> None:
    if not tc.available(tool):
        pytest.skip(f"{tool} is not installed (.ci/run installs it with apt-get when it can)")


# -- golden files and the minispec --------------------------------------------------------


@pytest.mark.parametrize("names", list(PROFILES))
def test_golden_minispec_headers(mini_ir, golden, names):
    result = render(mini_ir, c_names=names)
    assert result.ok, result.diagnostics
    for name, text in result.files.items():
        golden(f"c/{name}" if names == "spec" else f"c/{names}/{name}", text)


@pytest.mark.parametrize("compiler", list(tc.HOST))
def test_minispec_builds_and_checks_everything(mini_ir, tmp_path, compiler):
    need(compiler)
    files = render(mini_ir).files
    tc.write(files, tmp_path)
    assert checked(tc.build_and_run(compiler, tmp_path / program(files))) == expected_counts(mini_ir)


# -- every bundled revision: compilers, profiles ------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_bundled_revision_builds_with_every_compiler_and_checks_everything(version, tmp_path, record_property):
    files = rendered(version)
    tc.write(files, tmp_path)
    expected = expected_counts(load_ir(version))
    built, totals = [], set()
    for compiler in tc.HOST:
        if tc.available(compiler):
            output = tc.build_and_run(compiler, tmp_path / program(files))
            assert checked(output) == expected, compiler
            built.append(compiler)
            totals.add(tc.report(output)["checks"])
    assert built, "no C compiler installed"
    (total,) = totals  # every compiler ran the same checks
    summary = (f"{version} C headers ({len(files) - 2} parts + umbrella): {total} checks passed "
               f"({', '.join(f'{v} {k}' for k, v in expected.items() if k != 'failures')}); built with "
               f"{', '.join(built)} {' '.join(tc.FLAGS)}")
    record_property("c_header_summary", summary)
    print(summary)


@pytest.mark.parametrize("names", [n for n in PROFILES if n != "spec"])
@pytest.mark.parametrize("version", VERSIONS)
def test_every_naming_profile_builds_and_checks(version, names, tmp_path):
    files = rendered(version, names)
    tc.write(files, tmp_path)
    expected = expected_counts(load_ir(version))
    compilers = [c for c in tc.PROFILE_COMPILERS if tc.available(c)] or pytest.skip("gcc and clang++ missing")
    for compiler in compilers:
        assert checked(tc.build_and_run(compiler, tmp_path / program(files))) == expected, compiler


# -- assembly --------------------------------------------------------------------------------


def constants(version: str, names: str) -> list[tuple[str, int]]:
    """Every macro that must work in assembly, with the value the IR gives it."""
    ir = load_ir(version)
    abi = surface(ir, Layouts(ir), profile(names))
    found = [(c.fid, c.command.fid) for c in abi.commands]
    found += [(macro, m.encoding) for e in abi.enums for m, macro in e.constants]
    for f in abi.fieldsets:
        for m, base in f.fields:
            mask = ((1 << m.bits.width) - 1) << m.bits.low
            found += [(f"{base}_SHIFT", m.bits.low), (f"{base}_WIDTH", m.bits.width), (f"{base}_MASK", mask)]
            found += [(base, mask)] if abi.profile.bare_field_masks else []
    for v in abi.versions:
        if v.release:
            found += [(v.names.major, v.release[0]), (v.names.minor, v.release[1])]
            value = v.release[0] << v.major.bits.low | v.release[1] << v.minor.bits.low
            found += [(v.names.value, value)] if v.names.value else []
            found += [(f"{v.names.make}({v.release[0]}, {v.release[1]})", value)] if v.names.make else []
    found += [(f.macro, f.value) for f in abi.fixed]
    return found


def assemble_constants(compiler: str, version: str, names: str, folder: Path, extra: str = "") -> list[str]:
    """Assemble ``.quad`` of every constant from a .S file that includes the umbrella header;
    return the failures (undefined symbols, values not the IR's)."""
    files = rendered(version, names)
    tc.write(files, folder)
    wanted = constants(version, names)
    source = folder / "constants.S"
    source.write_text(f'#include "{umbrella(files)}"\n\t.data\n\t.balign 8\n'
                      + "".join(f"\t.quad {macro}\n" for macro, _value in wanted) + extra, encoding="utf-8")
    obj = folder / "constants.o"
    subprocess.run([compiler, "-c", "-x", "assembler-with-cpp", str(source), "-o", str(obj)],
                   check=True, capture_output=True, text=True)
    nm = compiler.replace("gcc", "nm") if compiler != "gcc" else "nm"
    undefined = subprocess.run([nm, "-u", str(obj)], check=True, capture_output=True, text=True).stdout.split()
    objcopy = compiler.replace("gcc", "objcopy") if compiler != "gcc" else "objcopy"
    data = folder / "constants.bin"
    subprocess.run([objcopy, "-O", "binary", "--only-section=.data", str(obj), str(data)], check=True)
    values = struct.unpack(f"<{len(wanted)}Q", data.read_bytes()[: 8 * len(wanted)])
    problems = [f"undefined in assembly: {name}" for name in undefined if name not in ("U",)]
    problems += [f"{macro} = {got:#x} in assembly, {value & (2**64 - 1):#x} in the spec"
                 for (macro, value), got in zip(wanted, values) if got != value & (2**64 - 1)]
    return problems


@pytest.mark.parametrize("names", list(PROFILES))
@pytest.mark.parametrize("version", VERSIONS)
def test_constants_assemble_with_their_values(version, names, tmp_path):
    need("gcc")
    assert assemble_constants("gcc", version, names, tmp_path) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_aarch64_assembly_and_smc_hvc_callers(version, tmp_path):
    need(tc.CROSS)
    files = rendered(version)
    fids = [c for c, _v in constants(version, "spec") if c.startswith("SMC_")]
    code = "\t.text\n" + "".join(f"\tldr x0, ={fid}\n" for fid in fids[:4])
    assert assemble_constants(tc.CROSS, version, "spec", tmp_path, code) == []
    caller = tmp_path / "callers.c"
    caller.write_text(f'#include "{umbrella(files)}"\n'
                      "void by_smc(struct den0137_smc_regs *r);\nvoid by_hvc(struct den0137_smc_regs *r);\n"
                      "void by_smc(struct den0137_smc_regs *r) { den0137_smc(r, r); }\n"
                      "void by_hvc(struct den0137_smc_regs *r) { den0137_hvc(r, r); }\n", encoding="utf-8")
    for source in (caller, tmp_path / program(files)):  # the test program: every stub, for aarch64
        obj = source.with_suffix(".o")
        built = subprocess.run([tc.CROSS, "-std=c11", *tc.FLAGS, "-O2", "-c", str(source), "-o", str(obj)],
                               capture_output=True, text=True)
        assert built.returncode == 0, built.stderr[:4000]
    listing = subprocess.run(["aarch64-linux-gnu-objdump", "-d", str(caller.with_suffix(".o"))],
                             check=True, capture_output=True, text=True).stdout
    assert re.search(r"\bsmc\s+#0", listing) and re.search(r"\bhvc\s+#0", listing)
    if tc.available("clang++"):  # the inline asm as C++17 too (clang targets aarch64 itself)
        built = subprocess.run(["clang++", "--target=aarch64-linux-gnu", "-ffreestanding", "-std=c++17", *tc.FLAGS,
                                "-x", "c++", "-c", str(caller), "-o", str(tmp_path / "callers_cxx.o")],
                               capture_output=True, text=True)
        assert built.returncode == 0, built.stderr[:4000]


# -- the test program is independent of the headers ---------------------------------------


def _mutations(files: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(file, old, new, the check that must fail): one wrong member type, enum value, field
    shift, FID and version."""
    rmi = next(n for n in files if n.endswith("_rmi.h"))
    return [
        (rmi, "\tint64_t rtt_level_start;", "\tuint64_t rtt_level_start;", "rtt_level_start) signed == 1"),
        (rmi, "\tuint64_t rtt_base;", "\tuint32_t rtt_base;", "rtt_base == 0x8"),
        (rmi, "#define RMI_ERROR_REALM DEN0137_U(2)", "#define RMI_ERROR_REALM DEN0137_U(3)", "RMI_ERROR_REALM == 2"),
        (rmi, "#define RMI_FEATURE_REGISTER0_LPA2_SHIFT DEN0137_U(8)", "#define RMI_FEATURE_REGISTER0_LPA2_SHIFT DEN0137_U(9)",
         "RMI_FEATURE_REGISTER0_LPA2_SHIFT == 8"),
        (rmi, "#define SMC_RMI_REC_ENTER SMC64_RMI_FID(DEN0137_U(0xc))", "#define SMC_RMI_REC_ENTER SMC64_RMI_FID(DEN0137_U(0xd))",
         "SMC_RMI_REC_ENTER =="),
        (rmi, "#define RMI_ABI_VERSION_MINOR DEN0137_U(0)", "#define RMI_ABI_VERSION_MINOR DEN0137_U(1)", "RMI_ABI_VERSION_MINOR == 0"),
    ]


@pytest.mark.skipif("1.0-rel0" not in VERSIONS, reason="1.0-rel0 is not bundled")
def test_the_test_program_catches_a_wrong_header(tmp_path):
    """A header with one wrong value (static assertions switched off) fails the test program
    at that value: the program's expectations do not come from the header."""
    need("gcc")
    files = rendered("1.0-rel0")
    for index, (name, old, new, failing) in enumerate(_mutations(files)):
        assert files[name].count(old) == 1, old
        folder = tmp_path / str(index)
        folder.mkdir()
        tc.write({**files, name: files[name].replace(old, new)}, folder)
        binary = folder / "t"
        subprocess.run(["gcc", "-std=c11", "-DDEN0137_STATIC_ASSERT(c,m)=", "-o", str(binary), str(folder / program(files))],
                       check=True, capture_output=True, text=True)
        ran = subprocess.run([str(binary)], capture_output=True, text=True)
        assert ran.returncode == 1 and failing in ran.stdout, (new, ran.stdout[-2000:])


# -- what the headers say -----------------------------------------------------------------


@pytest.mark.skipif("1.0-rel0" not in VERSIONS, reason="1.0-rel0 is not bundled")
def test_sizes_signedness_and_enum_types_come_from_the_layout():
    files = rendered("1.0-rel0")
    rmi = next(t for n, t in files.items() if n.endswith("_rmi.h"))
    rsi = next(t for n, t in files.items() if n.endswith("_rsi.h"))
    common = next(t for n, t in files.items() if n.endswith("_common.h"))
    assert re.search(r"\tuint8_t rpv\[0x40\];", rmi) and re.search(r"\tuint8_t rpv\[0x40\];", rsi)  # Bits512
    assert "\tint64_t rtt_level_start;" in rmi  # Int64
    assert "\trsi_hash_algorithm_t hash_algo;" in rsi and "\trmi_hash_algorithm_t hash_algo;" in rmi
    assert "\trmi_realm_flags_t flags;" in rmi  # fieldset typedefs too
    assert "typedef int64_t psci_return_code_t;" in common and "#define PSCI_DENIED (-3)" in common
    assert re.search(r"\tuint8_t content\[0x40\];", common)  # RmmRealmMeasurement: 64 bytes
    assert "#define RMM_NO_MEASURE_CONTENT DEN0137_U(0)" in common  # prefixed
    assert "#define RMM_MEASUREMENT_DESCRIPTOR_RIPAS_DESC_TYPE DEN0137_U(2)" in common
    assert "#define RMI_ABI_VERSION_MAJOR DEN0137_U(1)" in rmi and "#define RSI_ABI_VERSION_MINOR DEN0137_U(0)" in rsi
    assert re.search(r" \* arg4 == level \(Int64\): RTT level\n(.*\n)*?#define SMC_RMI_RTT_CREATE ", rmi)
    assert re.search(r" \* ret2\[7:0\] == ripas \(RsiRipas\): RIPAS value\n", rsi)


_FIRMWARE_USES = """\
#include "den0137_1_0_rel0.h"

static void echo(const struct den0137_smc_regs *in, struct den0137_smc_regs *out) { *out = *in; }

int main(void)
{
	static struct rmi_realm_params params;
	struct psci_cpu_on_out on;
	struct rmi_rtt_read_entry_out entry;
	rmi_ripas_t ripas = RMI_RAM;

	psci_cpu_on(echo, 1, 2, 3, &on);
	rmi_rtt_read_entry(echo, 1, 2, 3, &entry);
	params.rtt_level_start = -1;
	params.hash_algo = RMI_HASH_SHA_256;
	params.flags = RMI_REALM_FLAGS_LPA2_MASK | (1ULL << RMI_REALM_FLAGS_SVE_SHIFT);
	int seen = (on.result == PSCI_DENIED) + (on.result < PSCI_SUCCESS) + (entry.ripas == ripas)
		   + (entry.state != RMI_ASSIGNED) + (params.rtt_level_start < 0)
		   + ((entry.result & RMI_COMMAND_RETURN_CODE_STATUS_MASK) == RMI_SUCCESS)
		   + (RMI_ABI_VERSION_GET_MAJOR(RMI_ABI_VERSION) == RMI_ABI_VERSION_MAJOR);
	return seen < 0;
}
"""


@pytest.mark.skipif("1.0-rel0" not in VERSIONS, reason="1.0-rel0 is not bundled")
@pytest.mark.parametrize("compiler", tc.PROFILE_COMPILERS)
def test_what_firmware_writes_compiles_without_sign_or_conversion_warnings(compiler, tmp_path):
    """Comparing a PSCI result with PSCI_DENIED, a RIPAS with RMI_RAM, a signed RTT level
    with 0, masking a status: no -Wsign-compare or -Wconversion warning (-Werror)."""
    need(compiler)
    files = rendered("1.0-rel0")
    tc.write({**files, "uses.c": _FIRMWARE_USES}, tmp_path)
    tc.build_and_run(compiler, tmp_path / "uses.c")


def _parts(files: dict[str, str]) -> dict[str, str]:
    return {n: t for n, t in files.items() if n.endswith(".h")}


@pytest.mark.parametrize("names", list(PROFILES))
def test_guards_and_the_assembler_boundary(names):
    for version in VERSIONS:
        files = rendered(version, names)
        guards = set()
        for name, text in _parts(files).items():
            lines = text.splitlines()
            code = [i for i, line in enumerate(lines) if line and not line.startswith((" *", "/*", " */"))]
            guard = lines[code[0]].removeprefix("#ifndef ")
            assert lines[code[0]].startswith("#ifndef ") and lines[code[1]] == f"#define {guard}", name
            assert lines[code[-1]] == f"#endif /* {guard} */" and guard not in guards, name
            guards.add(guard)
            if name == umbrella(files):
                assert all(lines[i].startswith("#include ") for i in code[2:-1]), name
                continue
            start = lines.index("#ifndef __ASSEMBLER__")
            end = lines.index("#endif /* __ASSEMBLER__ */")
            before, inside = lines[:start], lines[start:end]
            c_only = re.compile(r"^(typedef|struct|static|DEN0137_CHECK|#include <)")
            assert not [line for line in before if c_only.match(line)], name
            assert name.endswith("_common.h") or any(line.startswith("struct ") or line.startswith("typedef")
                                                     for line in inside) or "SMC" in text


@pytest.mark.skipif("1.0-rel0" not in VERSIONS, reason="1.0-rel0 is not bundled")
def test_each_header_can_be_included_alone_and_twice(tmp_path):
    need("gcc")
    files = rendered("1.0-rel0")
    tc.write(files, tmp_path)
    for name in _parts(files):
        source = tmp_path / f"alone_{name}.c"
        source.write_text(f'#include "{name}"\n#include "{name}"\nint main(void) {{ return 0; }}\n', encoding="utf-8")
        subprocess.run(["gcc", "-std=c11", *tc.FLAGS, "-c", str(source), "-o", str(source.with_suffix(".o"))],
                       check=True, capture_output=True, text=True)


def test_lines_fit_in_100_columns(mini_ir):
    hostile = replace(mini_ir, commands=tuple(replace(c, summary="x" * 300 + " " + "word " * 80) for c in mini_ir.commands))
    checked_files = [render(hostile).files] + [rendered(v, n) for v in VERSIONS for n in PROFILES]
    too_wide = [(name, line) for files in checked_files for name, text in files.items()
                for line in text.splitlines() if c_width(line) > C_LINE_WIDTH]
    assert too_wide == []


def test_comments_are_ascii_transliterated():
    texts = [text for v in VERSIONS for text in rendered(v).values()]
    assert all(text.isascii() for text in texts)
    joined = "\n".join(texts)
    if "1.0-rel0" in VERSIONS:
        assert "- During discovery: Feature is not supported. - During selection: Feature is not enabled." in joined
    assert "? During" not in joined and "<U+" not in joined  # every character of the corpus has a transliteration


def test_output_is_deterministic(mini_ir):
    assert render(mini_ir).files == render(mini_ir).files


# -- hostile input ------------------------------------------------------------------------


def test_pdf_text_cannot_escape_comments(mini_ir, tmp_path):
    command = mini_ir.commands[0]
    hostile = replace(command, summary="*/ #include </etc/passwd> /* ??/ \\", inputs=tuple(
        replace(r, description="*/ int evil; /* \u2260 \u201cq\u201d") for r in command.inputs))
    result = render(replace(mini_ir, commands=(hostile,)))
    assert result.ok
    for text in result.files.values():
        assert "#include </etc/passwd>" not in text.replace("* / #include", "")
        assert "int evil;" not in text.replace("* / int evil;", "") and text.isascii()
    if tc.available("gcc"):
        tc.write(result.files, tmp_path)
        assert checked(tc.build_and_run("gcc", tmp_path / program(result.files)))["failures"] == 0


@pytest.mark.parametrize("bad_name", ["x; abort()", "int", "__x", "name\n#define"])
def test_bad_identifiers_are_located_errors(mini_ir, bad_name):
    command = mini_ir.commands[0]
    bad = replace(command, inputs=(replace(command.inputs[1], name=bad_name),) + command.inputs[2:])
    result = render(replace(mini_ir, commands=(bad,)))
    assert not result.ok and result.files == {}
    (error,) = [d for d in result.diagnostics if d.severity.value == "error"]
    assert error.loc is not None and error.loc.page == 6 and "C identifier" in error.message and error.code == "SG403"


def test_an_interface_that_cannot_name_a_file_is_a_located_error(mini_ir):
    command = replace(mini_ir.commands[0], interface="../../etc/x")
    result = render(replace(mini_ir, commands=(command,)))
    assert not result.ok and result.files == {}
    (error,) = [d for d in result.diagnostics if d.severity.value == "error"]
    assert error.loc == command.loc and error.code == "SG403" and "cannot name a C header" in error.message


def test_a_name_two_elements_would_share_is_an_error(mini_ir):
    enum = next(t for t in mini_ir.types if is_concrete_enum(t) and t.name.startswith("Rmm"))
    fieldset = next(t for t in mini_ir.types if t.kind == "fieldset" and t.name.startswith("Rmm"))
    shift = profile("spec").field(fieldset.name, fieldset.members[0].name) + "_SHIFT"  # RMM_… like the enum's
    renamed = replace(enum, members=(replace(enum.members[0], name=shift),) + enum.members[1:])
    result = render(replace(mini_ir, types=tuple(renamed if t is enum else t for t in mini_ir.types)))
    assert not result.ok and result.files == {}
    assert any(d.code == "SG501" and f"C name {shift} would name both" in d.message for d in result.diagnostics)


# -- the linux profile against the real linux/psci.h --------------------------------------


def _macro_values(include: str, probes: list[tuple[str, str]], folder: Path, name: str) -> dict[str, int | None]:
    """The value of each probe (macro name, C expression) with ``include``; None where the
    macro is not defined."""
    lines = [include, "#include <stdio.h>", "int main(void) {"]
    for macro, expression in probes:
        lines += [f"#ifdef {macro}", f'\tprintf("{macro} %lld\\n", (long long)({expression}));',
                  "#else", f'\tprintf("{macro} -\\n");', "#endif"]
    source = folder / f"{name}.c"
    source.write_text("\n".join(lines + ["\treturn 0;", "}", ""]), encoding="utf-8")
    built = subprocess.run(["gcc", "-std=gnu11", "-I", str(folder), "-o", str(source.with_suffix("")), str(source)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[:4000]
    ran = subprocess.run([str(source.with_suffix(""))], check=True, capture_output=True, text=True).stdout
    return {m: None if v == "-" else int(v) for m, v in (line.split(" ") for line in ran.splitlines())}


def test_linux_profile_agrees_with_the_installed_linux_psci_header(tmp_path, record_property):
    """The ``linux`` profile's PSCI names against Linux's own uapi ``linux/psci.h`` (Debian's
    linux-libc-dev, which gcc's libc6-dev brings): every PSCI name the profile gives (FIDs,
    FID makers, return codes, version accessors) is defined there, with the same value.
    Skips where the machine has no linux/psci.h."""
    need("gcc")
    probe = subprocess.run(["gcc", "-E", "-x", "c", "-"], input="#include <linux/psci.h>\n", capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("no linux/psci.h (Debian package linux-libc-dev) on this machine")
    version = "1.0-rel0" if "1.0-rel0" in VERSIONS else VERSIONS[0]
    ir, names = load_ir(version), profile("linux")
    abi = surface(ir, Layouts(ir), names)
    commands = [c for c in abi.commands if c.command.interface == "PSCI"]
    assert commands, "no PSCI command in the revision"
    fids = [(c.fid, c.fid) for c in commands]
    makers = [(names.fid_maker("PSCI", smc64, True), f"{names.fid_maker('PSCI', smc64, True)}(3)") for smc64 in (False, True)]
    codes = [(macro, macro) for e in abi.enums if owner(e.type.name) == "PSCI" for _member, macro in e.constants]
    accessors = [(n, f"{n}(0x20001)") for v in abi.versions if v.interface == "PSCI"
                 for n in (v.names.get_major, v.names.get_minor)]
    accessors += [(v.names.make, f"{v.names.make}(2, 1)") for v in abi.versions if v.interface == "PSCI" and v.names.make]
    probes = fids + makers + codes + accessors
    tc.write(rendered(version, "linux"), tmp_path)
    ours = _macro_values(f'#include "{umbrella(rendered(version, "linux"))}"', probes, tmp_path, "ours")
    linux = _macro_values("#include <linux/psci.h>", probes, tmp_path, "linux")
    assert None not in ours.values()
    assert {m: (ours[m], linux[m]) for m in ours if linux[m] != ours[m]} == {}  # None: Linux lacks the name
    summary = (f"{len(probes)} PSCI names of the linux profile ({len(fids)} FIDs, {len(makers)} makers, "
               f"{len(codes)} return codes, {len(accessors)} version macros) = linux/psci.h's")
    record_property("linux_psci", summary)
    print(summary)


# -- the README's profile tables ----------------------------------------------------------


def _readme_rows() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Naming profiles"):]
    section = section[: section.index("\n## ")]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 4:
            rows.append([c.removesuffix(" \u2020").strip("`") + (" \u2020" if c.endswith("\u2020") else "") for c in cells])
    return rows


def _without_exceptions(names):
    plain = copy.copy(names)
    for table in ("fid", "maker", "tag", "member", "fieldset", "field", "fixed", "version", "enum_prefix", "enum"):
        setattr(plain, f"{table}_exceptions", {})
    return plain


def _apply(names, key: str) -> str:
    """What profile ``names`` calls the spec element ``key`` (the README's first column)."""
    kind, _space, what = key.partition(" ")
    if kind == "fid":  # fid RMI_DATA_CREATE@0xC4000153 (interface from the name, convention from the FID)
        command, fid = what.split("@")
        interface = command.split("_")[0]
        return names.fid(command, interface, bool(int(fid, 16) >> 30 & 1), interface == "PSCI")
    if kind == "maker":  # maker RMI SMC64
        interface, convention = what.split()
        return names.fid_maker(interface, convention == "SMC64", interface == "PSCI") + "(n)"
    if kind == "struct":
        return f"struct {names.struct_tag(what)}"
    if kind == "typedef":
        return names.typedef(what)
    if kind == "member":
        struct_name, member = what.split(".")
        return names.member(struct_name, member)
    if kind == "enum":
        type_name, member = what.split(".")
        return names.enum_constant(type_name, member)
    if kind == "field":
        type_name, member = what.split(".")
        return names.field(type_name, member) + "_SHIFT"
    if kind == "fixed":
        struct_name, member = what.split(".")
        return names.fixed_value(struct_name, member)
    if kind == "version":
        v = names.version(what)
        return v.major if v.value else f"{v.major}, {v.make}(major, minor)"
    if kind == "accessors":  # the version accessors (and maker) of an interface without a stated release
        v = names.version(what)
        return f"{v.get_major}(v), {v.get_minor}(v)" + (f", {v.make}(major, minor)" if v.make else "")
    raise AssertionError(f"README row kind {kind!r}")


def test_readme_profile_tables_are_what_the_profiles_do():
    rows = _readme_rows()
    assert len(rows) >= 15
    for key, *cells in rows:
        for name, cell in zip(PROFILES, cells):
            names, irregular = PROFILES[name], cell.endswith("\u2020")
            assert _apply(names, key) == cell.removesuffix(" \u2020"), (key, name)
            assert (_apply(_without_exceptions(names), key) != _apply(names, key)) == irregular, (key, name, "\u2020")
    documented = {key.split(" ", 1)[1].split("@")[0] for key, *_cells in rows}
    documented |= {name.split(".")[0] for name in documented}
    for names in PROFILES.values():
        exceptions = [*names.fid_exceptions, *names.tag_exceptions, *names.fieldset_exceptions, *names.version_exceptions,
                      *names.enum_prefix_exceptions]
        exceptions += [f"{t}.{m}" for t, m in (*names.member_exceptions, *names.field_exceptions, *names.fixed_exceptions,
                                                *names.enum_exceptions)]
        exceptions += [f"{i} SMC{64 if s else 32}" for i, s in names.maker_exceptions]
        assert [e for e in exceptions if e not in documented] == [], names.name


def test_cli_offers_every_profile(tmp_path):
    from click.testing import CliRunner

    from specgen.cli import main
    from specgen.cli.commands.generate import generate_command

    option = next(p for p in generate_command.params if p.name == "c_names")
    assert list(option.type.choices) == list(PROFILES)
    result = CliRunner().invoke(main, ["generate", "1.0-rel0" if "1.0-rel0" in VERSIONS else VERSIONS[0], "-t", "c",
                                       "--c-names", "linux", "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    headers = "".join(p.read_text() for p in (tmp_path / "c").glob("*.h"))
    assert "naming profile 'linux'" in headers
