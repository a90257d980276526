"""The README's newcomer commands stay true: CI runs the README test command, which lists
skip reasons, and the life-cycle example explains its notes instead of printing bare `!`s."""

from __future__ import annotations

import importlib
import io
import re
import sys
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_ci_runs_the_readme_test_command_with_skip_reasons():
    first, second = readme_commands()
    test_command = second.rsplit("&& ", 1)[1]
    assert test_command.startswith("python -m pytest") and " -rs" in f"{test_command} "
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in [line.strip() for line in ci if not line.lstrip().startswith("#")]
    assert first.endswith("python examples/realm_lifecycle.py --model-dir out/python")


def _example(argv):
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        module = importlib.import_module("realm_lifecycle")
    finally:
        sys.path.remove(str(ROOT / "examples"))
    output = io.StringIO()
    with redirect_stdout(output):
        assert module.main(argv) == 0
    return output.getvalue().splitlines()


def test_the_example_summarises_the_models_notes_and_shows_them_with_v():
    model_dir = str(ROOT / "generated" / "1.0-rel0" / "python")
    quiet = _example(["--model-dir", model_dir])
    assert not [line for line in quiet if line.lstrip().startswith("! ")]
    header = next(line for line in quiet if "notes about the spec, not failures" in line)
    total = int(re.match(r"# (\d+) notes", header)[1])
    counts = [int(m[1]) for m in (re.match(r"#   (\d+) x ", line) for line in quiet) if m]
    assert counts and sum(counts) == total
    assert quiet[-1].endswith("all results as expected")
    verbose = _example(["--model-dir", model_dir, "-v"])
    assert len([line for line in verbose if line.lstrip().startswith("! ")]) == total
