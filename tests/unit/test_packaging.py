"""A non-editable install ships grammar/, templates/ and the bundled IRs inside the package."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_carries_data_directories(tmp_path):
    wheel_builder = pytest.importorskip("hatchling.builders.wheel")
    builder = wheel_builder.WheelBuilder(str(ROOT))
    (wheel,) = builder.build(directory=str(tmp_path), versions=["standard"])
    names = set(zipfile.ZipFile(wheel).namelist())
    for grammar in ("expr", "ordering", "pseudocode"):
        assert f"specgen/grammar/{grammar}.lark" in names
    assert "specgen/templates/README.md" in names
    assert "specgen/generated/1.0-rel0/ir.json" in names
    assert "specgen/paths.py" in names


def test_wheel_carries_the_runtime():
    wheel_builder = pytest.importorskip("hatchling.builders.wheel")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        (wheel,) = wheel_builder.WheelBuilder(str(ROOT)).build(directory=tmp, versions=["standard"])
        names = set(zipfile.ZipFile(wheel).namelist())
    assert "specgen_runtime/__init__.py" in names
    assert "specgen_runtime/suite/adapter.py" in names
    assert "specgen_runtime/suite/specgen_rmm.h" in names  # the C ABI of the conformance suites


def test_runtime_imports_nothing_but_the_standard_library():
    """Generated models and suites import only specgen_runtime: it must stand alone."""
    import ast
    import sys

    runtime = ROOT / "runtime" / "specgen_runtime"
    for path in runtime.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                roots = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = [node.module.split(".")[0]]
            else:
                continue
            for root in roots:
                assert root == "specgen_runtime" or root in sys.stdlib_module_names, (path, root)
