"""The C ABI (runtime/specgen_runtime/suite/specgen_rmm.h) and its ctypes adapter, on the C
test double of tests/fixtures/rmm_double (built here with the system C compiler): the suite
generated for the double's five commands passes against the correct double, catches each
planted bug, and, under fork isolation, an aborting command fails only its own tests."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from specgen.api import load_ir
from specgen.generate import conformance_tests, python_model
from specgen.paths import checkout_generated_dir
from specgen_runtime.suite.native import NativeAdapter, NativeError, header_path

ROOT = Path(__file__).resolve().parents[2]
DOUBLE = ROOT / "tests" / "fixtures" / "rmm_double" / "rmm_double.c"
COMMANDS = ("RMI_GRANULE_DELEGATE", "RMI_GRANULE_UNDELEGATE", "RMI_REALM_CREATE", "RMI_REALM_ACTIVATE",
            "RMI_REALM_DESTROY")
#: bug -> the tests that must fail (all others pass)
BUGS = {
    "skip_check": {"test_rmi_realm_create.py::test_failure_vmid_valid"},
    "wrong_status": {"test_rmi_granule_delegate.py::test_failure_gran_align"},
    "wrong_index": {"test_rmi_realm_activate.py::test_failure_realm_state"},
    "wrong_order": {"test_rmi_realm_activate.py::test_failure_rd_state"},
    "state_change": {"test_rmi_realm_create.py::test_failure_params_valid"},
}


def compiler() -> str | None:
    return next((shutil.which(name) for name in ("gcc", "cc", "clang") if shutil.which(name)), None)


pytestmark = pytest.mark.skipif(
    compiler() is None or not hasattr(os, "fork"), reason="needs a C compiler and os.fork"
)


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("double") / "librmm_double.so"
    include = checkout_generated_dir() / "1.0-rel0" / "c"
    command = [compiler(), "-std=c11", "-Wall", "-Wextra", "-Werror", "-O1", "-shared", "-fPIC",
               f"-I{header_path().parent}", f"-I{include}", "-o", str(out), str(DOUBLE)]
    build = subprocess.run(command, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    return out


@cache
def suite_files() -> dict[str, str]:
    ir = load_ir("1.0-rel0")
    ir = dataclasses.replace(ir, commands=tuple(c for c in ir.commands if c.name in COMMANDS))
    rendered = conformance_tests.render(ir)
    assert rendered.ok, [str(d) for d in rendered.diagnostics]
    files = {f"tests/{path}": text for path, text in rendered.files.items()}
    files.update({f"python/{path}": text for path, text in python_model.render(ir).files.items()})
    return files


@pytest.fixture(scope="module")
def suite_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("double_suite")
    for path, text in suite_files().items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root / "tests"


def run_suite(suite_dir: Path, library: Path, bug: str = "") -> tuple[set[str], set[str], str]:
    env = dict(os.environ, SPECGEN_ADAPTER="specgen_runtime.suite.native:adapter",
               SPECGEN_RMM_LIBRARY=str(library), RMM_DOUBLE_BUG=bug)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", str(suite_dir)],
                         capture_output=True, text=True, env=env, timeout=600)
    failed = set(re.findall(r"^FAILED \S*?(test_\w+\.py::\w+)", run.stdout, re.M))
    passed = set(re.findall(r"^PASSED \S*?(test_\w+\.py::\w+)", run.stdout, re.M))
    return passed, failed, run.stdout + run.stderr[-2000:]


def test_the_adapter_checks_the_abi(library, tmp_path):
    adapter = NativeAdapter(library)
    adapter.reset()
    assert adapter.smc([0xC400_0151, 0x8000_0000])[0] == 0  # RMI_GRANULE_DELEGATE: success
    assert adapter.observe(("granule", 0x8000_0000, "state")) == "DELEGATED"
    assert adapter.smc([0x1234])[0] == (1 << 64) - 1  # not an RMI command: NOT_SUPPORTED
    adapter.write(0x8000_1008, b"\x01\x02")
    assert adapter.read(0x8000_1000, 16) == bytes(8) + b"\x01\x02" + bytes(6)
    with pytest.raises(NativeError, match="does not export"):
        NativeAdapter(ctypes_library_without_abi(tmp_path))


def ctypes_library_without_abi(tmp_path) -> Path:
    source = tmp_path / "empty.c"
    source.write_text("int nothing(void) { return 0; }\n")
    out = tmp_path / "libempty.so"
    subprocess.run([compiler(), "-shared", "-fPIC", "-o", str(out), str(source)], check=True)
    return out


def test_the_correct_double_passes_the_tests_of_its_commands(suite_dir, library, record_property):
    passed, failed, output = run_suite(suite_dir, library)
    assert not failed and passed, output[-3000:]
    modules = {name.split("::")[0] for name in passed}
    assert modules == {f"test_{c.lower()}.py" for c in COMMANDS}
    record_property("conformance_double_summary", f"C test double (rel0, {len(COMMANDS)} commands): "
                    f"{len(passed)} tests pass; planted bugs caught: see test_each_planted_bug_is_caught")


@pytest.mark.parametrize("bug", sorted(BUGS))
def test_each_planted_bug_is_caught(suite_dir, library, bug):
    passed, failed, output = run_suite(suite_dir, library, bug)
    assert BUGS[bug] <= failed, output[-3000:]
    assert passed, output[-3000:]


def test_an_aborting_command_fails_only_its_tests(suite_dir, library):
    passed, failed, output = run_suite(suite_dir, library, "abort")
    assert failed and {name.split("::")[0] for name in failed} == {"test_rmi_realm_destroy.py"}, output[-3000:]
    assert all("::" in name for name in passed) and len(passed) > len(failed)
    assert "crashed" in output and "SIGABRT" in output
