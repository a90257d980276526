"""The same revision read from its PDF and from its pdftotext text gives the same IR, apart
from source locations and the source record."""

from __future__ import annotations

import pytest

from tests.conftest import REVISIONS
from tests.corpus.test_truth import ir_data


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


@pytest.mark.parametrize("revision", REVISIONS)
def test_pdf_and_text_give_the_same_ir(corpus, revision, record_property):
    text = without_locations(ir_data(corpus, revision, "text"))
    pdf = without_locations(ir_data(corpus, revision, "pdf"))
    differences = list(_differences(pdf, text))
    record_property("pdf_vs_text_summary", f"{revision}: PDF vs text IR differences (apart from loc/source): {len(differences)}")
    assert not differences, "\n".join(differences[:30])
