"""The C header target: golden files, compilation as C11 and C++17 with -Werror -pedantic,
the generated test program, hostile input, determinism (no corpus needed)."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from specgen.api import bundled_versions, load_ir
from specgen.extract.pipeline import extract
from specgen.generate.cabi import build_view, render
from specgen.generate.errors import Rendered
from specgen.lang.annotate import annotate
from specgen.pdf.text_loader import layout_from_text
from tests.fixtures.minispec import minispec_text

FLAGS = ["-Wall", "-Wextra", "-Werror", "-pedantic"]
COMPILERS = [(cc, std, lang) for cc, std, lang in
             [("gcc", "-std=c11", "c"), ("g++", "-std=c++17", "c++"), ("clang", "-std=c11", "c"), ("clang++", "-std=c++17", "c++")]
             if shutil.which(cc)]


@pytest.fixture(scope="module")
def mini_ir():
    return annotate(extract(layout_from_text(minispec_text(), "mini.txt", "0" * 64)))


def compile_and_run(files: dict[str, str], folder) -> list[str]:
    """Compile the test program with every available compiler and run it; return outputs."""
    for name, text in files.items():
        (folder / name).write_text(text)
    (program,) = [name for name in files if name.startswith("test_")]
    outputs = []
    for compiler, std, language in COMPILERS:
        binary = folder / f"{program}.{compiler}"
        subprocess.run([compiler, std, *FLAGS, "-x", language, "-o", str(binary), str(folder / program)],
                       check=True, capture_output=True, text=True)
        outputs.append(subprocess.run([str(binary)], check=True, capture_output=True, text=True).stdout.strip())
    return outputs


def test_golden_minispec_header(mini_ir, golden):
    rendered = render(mini_ir)
    assert rendered.ok, rendered.diagnostics
    for name, text in rendered.files.items():
        golden(f"c/{name}", text)


def test_minispec_compiles_and_runs(mini_ir, tmp_path):
    assert COMPILERS, "no C compiler"
    outputs = compile_and_run(render(mini_ir).files, tmp_path)
    assert outputs and all(o == "1 stubs called, 0 failures" for o in outputs)


@pytest.mark.parametrize("version", bundled_versions())
def test_bundled_revision_header_compiles_and_runs(version, tmp_path, record_property):
    ir = load_ir(version)
    rendered = render(ir)
    assert rendered.ok, [str(d) for d in rendered.diagnostics]
    with ThreadPoolExecutor(2) as pool:
        outputs = list(pool.map(lambda item: compile_and_run(rendered.files, item), [tmp_path]))[0]
    counts = build_view(ir, Rendered()).counts()
    assert all(o == f"{counts['prototypes']} stubs called, 0 failures" for o in outputs)
    record_property("c_header_summary", f"{version} C header: " + ", ".join(f"{v} {k}" for k, v in counts.items())
                    + f"; compiled with {', '.join(c for c, _s, _l in COMPILERS)}")


def test_output_is_deterministic(mini_ir):
    assert render(mini_ir).files == render(mini_ir).files


def test_pdf_text_cannot_escape_comments(mini_ir, tmp_path):
    command = mini_ir.commands[0]
    hostile = replace(command, summary="*/ #include </etc/passwd> /* ??/ \\", inputs=tuple(
        replace(r, description="*/ int evil; /*") for r in command.inputs))
    rendered = render(replace(mini_ir, commands=(hostile,)))
    assert rendered.ok
    header = next(text for name, text in rendered.files.items() if name.endswith(".h"))
    assert "#include </etc/passwd>" not in header.replace("* / #include", "")
    assert compile_and_run(rendered.files, tmp_path)


@pytest.mark.parametrize("bad_name", ["x; abort()", "int", "__x", "name\n#define"])
def test_bad_identifiers_are_located_errors(mini_ir, bad_name):
    command = mini_ir.commands[0]
    bad = replace(command, inputs=(replace(command.inputs[1], name=bad_name),) + command.inputs[2:])
    rendered = render(replace(mini_ir, commands=(bad,)))
    assert not rendered.ok
    (error,) = [d for d in rendered.diagnostics if d.severity.value == "error"]
    assert error.loc is not None and error.loc.page == 6 and "C identifier" in error.message
