"""Shared fixtures. Corpus-dependent tests use ``corpus`` and are skipped, with the reason,
when the DEN0137 corpus is absent (it is looked up at ../shared/specs or $SPECGEN_CORPUS)."""

from __future__ import annotations

import os
import sys

import pytest

# The tests import and run the committed generated code (generated/<version>/python and
# tests): bytecode written next to it would become part of generated/ (`golden --check`
# ignores what git ignores, but the record should stay as committed). Nothing in the test
# session, and no subprocess it starts, writes bytecode.
sys.dont_write_bytecode = True
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"

from specgen.paths import corpus_dir

REVISIONS = ("1.0-eac5", "1.0-rel0", "1.1-alp11", "1.1-alp12")


@pytest.fixture(scope="session")
def corpus():
    found = corpus_dir()
    if found is None:
        pytest.skip("DEN0137 corpus not found: set $SPECGEN_CORPUS or place it at ../shared/specs")
    return found


_SUMMARIES: list[str] = []


def pytest_runtest_logreport(report):
    """Collect the per-test measurement lines (``record_property('..._summary', …)``),
    also from xdist workers, to print them once at the end of the run."""
    if report.when == "call":
        _SUMMARIES.extend(value for key, value in report.user_properties if key.endswith("_summary"))


def pytest_terminal_summary(terminalreporter):
    if _SUMMARIES:
        terminalreporter.section("specgen measurements")
        for line in sorted(_SUMMARIES):
            terminalreporter.write_line(line)


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="Rewrite tests/golden/ files from the current generators instead of comparing.")


@pytest.fixture()
def golden(request):
    """``golden(relative_path, text)``: compare ``text`` with tests/golden/<relative_path>,
    or rewrite that file under ``pytest --update-goldens`` (the one command that regenerates
    the generators' golden files)."""
    from pathlib import Path

    root = Path(__file__).parent / "golden"
    update = request.config.getoption("--update-goldens")

    def check(relative: str, text: str) -> None:
        path = root / relative
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert path.is_file(), f"missing golden file {path}: run pytest --update-goldens"
        assert text == path.read_text(encoding="utf-8"), f"{path} differs: run pytest --update-goldens if intended"

    return check
