"""How much of each bundled revision the Python model executes (``specgen model-coverage``).

rel0 must execute every failure condition of every RMI, RSI and PSCI command and at least
90% of the success conditions; the figures of every bundled revision are recorded."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from specgen.api import bundled_versions, load_ir
from specgen.cli import main
from specgen.generate.python_model import model_coverage

KINDS = ("failure", "success", "footprint")


def totals(rows) -> dict[str, dict[str, tuple[int, int]]]:
    result: dict[str, dict[str, list[int]]] = {}
    for row in rows:
        for interface in (row.interface, "all"):
            bucket = result.setdefault(interface, {k: [0, 0] for k in KINDS})
            for kind in KINDS:
                items = getattr(row, kind)
                bucket[kind][0] += sum(1 for _id, ok, _how in items if ok)
                bucket[kind][1] += len(items)
    return {i: {k: (v[0], v[1]) for k, v in kinds.items()} for i, kinds in result.items()}


@pytest.mark.parametrize("version", bundled_versions())
def test_model_coverage_of_bundled_revisions(version, record_property):
    figures = totals(model_coverage(load_ir(version)))
    parts = []
    for interface in ("RMI", "RSI", "PSCI", "all"):
        if interface in figures:
            text = ", ".join(f"{k} {d}/{t}" for k, (d, t) in figures[interface].items())
            parts.append(f"{interface}: {text}")
    record_property(
        f"python_model_coverage_{version}_summary",
        f"python model {version} executable — " + "; ".join(parts),
    )
    if version == "1.0-rel0":
        for interface in ("RMI", "RSI", "PSCI"):
            done, total = figures[interface]["failure"]
            assert done == total, f"{interface}: {total - done} failure conditions not executable"
        done, total = figures["all"]["success"]
        assert done >= 0.9 * total


def test_model_coverage_command_lists_reasons():
    result = CliRunner().invoke(main, ["model-coverage", "1.0-eac5", "--details"])
    assert result.exit_code == 0, result.output
    assert "totals" in result.output and "RMI_REC_ENTER footprint emul_abt" in result.output
    assert "name 'rd' is not defined" in result.output
