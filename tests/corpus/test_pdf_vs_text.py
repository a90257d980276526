"""Every typesetting of a revision gives the IR of its text, apart from source locations,
the source record and wrap points.

For every PDF of the corpus (``pdf/``, ``pdf-r2/``, ``pdf-html/``): ``specgen diff TEXT PDF``
(editorial changes included) reports exactly the changes listed with their cause in
``typesetting_residuals.json`` (none for most); every command, function and type not named
there is equal in every field but ``loc``; warnings and errors are the same (informational
notes count the lines of prose they skip, which depends on where the typesetting wraps);
and the PDF's accuracy against truth-v2 is at least the text's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from specgen.diff import diff_irs
from specgen.extract.ir import to_data
from tests.corpus.irs import corpus_ir, corpus_path
from tests.corpus.test_truth import accuracy, compare_with_truth

RESIDUALS = json.loads((Path(__file__).parent / "typesetting_residuals.json").read_text(encoding="utf-8"))
PDFS = [("pdf", r) for r in ("1.0-eac5", "1.0-rel0", "1.1-alp11", "1.1-alp12")] + [
    (folder, r) for folder in ("pdf-r2", "pdf-html") for r in ("1.0-eac5", "1.1-alp11", "1.1-alp12")
]


def without_locations(data):
    if isinstance(data, dict):
        return {k: without_locations(v) for k, v in data.items() if k not in ("loc", "source", "span")}
    if isinstance(data, list):
        return [without_locations(v) for v in data]
    return data


def _differences(a, b, path="ir"):
    if type(a) is not type(b):
        yield f"{path}: {a!r} != {b!r}"
    elif isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            yield from _differences(a.get(key), b.get(key), f"{path}.{key}")
    elif isinstance(a, list):
        if len(a) != len(b):
            yield f"{path}: {len(a)} items != {len(b)} items"
        for index, (x, y) in enumerate(zip(a, b)):
            yield from _differences(x, y, f"{path}[{index}]")
    elif a != b:
        yield f"{path}: {a!r} != {b!r}"


def _entities(data: dict, skip: set[str]) -> dict:
    return {(group, item["name"]): without_locations(item)
            for group in ("commands", "functions", "types") for item in data[group] if item["name"] not in skip}


def _accuracy(corpus: Path, data: dict, revision: str) -> tuple[float, int]:
    """compare_truth's accuracy against truth-v2, measured as corpus_report and test_truth do
    (typed IR values written as the spec writes them)."""
    facts, missing, _extra = compare_with_truth(corpus, "truth-v2", revision, data)
    return accuracy(facts, missing), len(missing)


@pytest.mark.corpus
@pytest.mark.parametrize(("folder", "revision"), PDFS, ids=[f"{f}/{r}" for f, r in PDFS])
def test_pdf_gives_the_text_ir(corpus, folder, revision, record_property):
    if not corpus_path(corpus, revision, folder).is_file():
        pytest.skip(f"{folder}/DEN0137_{revision}.pdf is not in this corpus")
    text_ir, pdf_ir = corpus_ir(corpus, revision, "text"), corpus_ir(corpus, revision, folder)
    changes = diff_irs(text_ir, pdf_ir).changes
    found = {(c.kind, c.name, c.item) for c in changes}
    listed = {(r["kind"], r["name"], r["item"]) for r in RESIDUALS.get(f"{folder}/{revision}", [])}
    text, pdf = to_data(text_ir), to_data(pdf_ir)
    text_accuracy, text_missing = _accuracy(corpus, text, revision)
    pdf_accuracy, pdf_missing = _accuracy(corpus, pdf, revision)
    record_property("typesetting_summary",
                    f"{folder}/{revision}: diff vs text {len(changes)} changes ({len(listed)} listed residuals); "
                    f"truth-v2 {pdf_accuracy:.2f}% ({pdf_missing} missing) vs text {text_accuracy:.2f}% ({text_missing})")
    assert found == listed, (f"unlisted: {sorted(found - listed)}\n"
                             f"listed but not found: {sorted(listed - found)}")
    named = {name for _kind, name, _item in listed}
    ours, theirs = _entities(pdf, named), _entities(text, named)
    differences = list(_differences(ours, theirs))
    assert not differences, "\n".join(differences[:30])
    serious = lambda data: sorted((d["severity"], d["message"]) for d in data["diagnostics"] if d["severity"] != "info")  # noqa: E731
    assert serious(pdf) == serious(text)
    assert pdf_accuracy >= text_accuracy
