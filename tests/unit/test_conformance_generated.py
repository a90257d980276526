"""The committed conformance suite of rel0 (generated/1.0-rel0/tests): it covers at least
80% of the failure conditions of every interface together, and all of it passes against the
committed generated model. Runs from a checkout (generated/ is part of the repository)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys

from specgen.paths import checkout_generated_dir

ROOT = checkout_generated_dir()
REVISION = "1.0-rel0"


def _tests_dir():
    assert ROOT is not None, "generated/ not found (not a checkout)"
    return ROOT / REVISION / "tests"


def _test_names(path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")]


def test_committed_suite_covers_the_failure_conditions(record_property):
    ir = json.loads((ROOT / REVISION / "ir.json").read_text(encoding="utf-8"))
    covered: dict[str, list[int]] = {}
    for command in ir["commands"]:
        module = _tests_dir() / ("test_" + re.sub(r"[^0-9a-z]+", "_", command["name"].lower()).strip("_") + ".py")
        names = set(_test_names(module)) if module.is_file() else set()
        done = sum(1 for c in command["failure_conditions"] if f"test_failure_{c['id']}" in names)
        bucket = covered.setdefault(command["interface"], [0, 0])
        bucket[0] += done
        bucket[1] += len(command["failure_conditions"])
    done = sum(d for d, _t in covered.values())
    total = sum(t for _d, t in covered.values())
    record_property("conformance_summary", f"conformance tests {REVISION}: failure conditions with a stimulus "
                    + ", ".join(f"{i} {d}/{t}" for i, (d, t) in sorted(covered.items())) + f", all {done}/{total} ({100 * done / total:.1f}%)")
    assert done >= 0.8 * total


def test_committed_suite_passes_against_the_model(record_property):
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", str(_tests_dir())], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    summary = run.stdout.strip().splitlines()[-1]
    record_property("conformance_run_summary", f"conformance tests {REVISION} against the generated model: {summary}")
    assert " passed" in summary and "failed" not in summary
