"""Shared fixtures. Corpus-dependent tests use ``corpus`` and are skipped, with the reason,
when the DEN0137 corpus is absent (it is looked up at ../shared/specs or $SPECGEN_CORPUS)."""

from __future__ import annotations

import pytest

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
