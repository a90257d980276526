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
