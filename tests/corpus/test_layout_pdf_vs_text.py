"""The PDF loader reads every corpus facsimile as the text loader reads its text.

Page by page, each line's words and its start (x0 rounded to a column) must be equal, apart
from two artefacts of the facsimile PDFs that no geometry can undo, counted as measured:
failure-ordering diagram residue lines wider than the facsimile page were squeezed onto it,
moving labels (``x``) and, on the widest (328 columns), making labels touch so that they
merge (``text``). Blanks between words are not compared: how wide a PDF leaves them is
typography (the loader does not imitate pdftotext's column gaps).

Any other difference -- a line missing or extra, a word or a line start changed anywhere
else, a furniture line -- fails. The comparison is ``benchmarks/compare_layouts.py``.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import REVISIONS
from tests.corpus.irs import corpus_layout, corpus_path

_SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "compare_layouts.py"

# Differing lines per revision, by where they are and why (see compare_layouts.reason).
MEASURED = {
    "1.0-eac5": {("section", "x"): 15},
    "1.0-rel0": {("section", "x"): 17},
    "1.1-alp11": {("section", "x"): 64, ("section", "text"): 1},
    "1.1-alp12": {("section", "x"): 79, ("section", "text"): 1},
}


@lru_cache(maxsize=1)
def _compare_layouts():
    """The benchmark script as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("compare_layouts", _SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses resolve annotations through it
    spec.loader.exec_module(module)
    return module


@pytest.mark.corpus
@pytest.mark.parametrize("revision", REVISIONS)
def test_pdf_layout_matches_text_layout(corpus, revision, record_property):
    compare = _compare_layouts()
    result = compare.compare_documents(revision, corpus_layout(corpus, revision, "pdf"),
                                       corpus_layout(corpus, revision, "text"))
    found: dict[tuple[str, str], int] = {}
    examples: dict[tuple[str, str], str] = {}
    for d in result.differences:
        key = (d.kind, d.reason)
        found[key] = found.get(key, 0) + 1
        examples.setdefault(key, f"page {d.page}: text {d.text_line!r} / pdf {d.pdf_line!r}")
    summary = (
        f"{revision} pdf vs text layout: {len(result.differences)} differing lines of "
        f"{result.lines_text} ({', '.join(f'{k[0]} {k[1]} {n}' for k, n in sorted(found.items()))})"
    )
    record_property("layout_summary", summary)

    assert result.pages_pdf == result.pages_text
    allowed = MEASURED[revision]
    over = {key: n for key, n in found.items() if n > allowed.get(key, 0)}
    assert not over, "\n".join(
        f"{key}: {n} > {allowed.get(key, 0)}; e.g. {examples[key]}" for key, n in over.items()
    )


@pytest.mark.corpus
def test_parallel_read_of_a_corpus_pdf_is_the_serial_read(corpus):
    """A whole browser-typeset document read by the process pool (page ranges merged in page
    order) equals its serial read, page for page and in every field."""
    from specgen.pdf.pdf_loader import load_pdf, worker_count

    path = corpus_path(corpus, "1.0-eac5", "pdf-html")
    if not path.is_file():
        pytest.skip("pdf-html/DEN0137_1.0-eac5.pdf is not in this corpus")
    data = path.read_bytes()
    serial = load_pdf(str(path), data, None, workers=1)
    if worker_count(len(serial.pages)) > 1:  # the shared layout was read in parallel
        parallel = corpus_layout(corpus, "1.0-eac5", "pdf-html")
    else:
        parallel = load_pdf(str(path), data, None, workers=2)
    assert len(parallel.pages) == len(serial.pages) > 24
    for ours, theirs in zip(parallel.pages, serial.pages):
        assert ours == theirs, f"page {theirs.number} differs"
    assert parallel == serial
