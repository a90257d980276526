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
