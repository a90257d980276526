"""End to end on the corpus: the IR of every revision, from text and from the facsimile PDF,
reproduces the truth JSON's facts, apart from listed truth errata.

``truth_errata.json`` lists, per revision, each fact where we believe the truth is wrong,
with the reason (checked against the document text). The test fails on any other mismatch
and also when an erratum no longer occurs (so the list cannot go stale).
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

import pytest

from specgen.extract.ir import to_data
from specgen.extract.typing import bit_range
from tests.conftest import REVISIONS
from tests.corpus.irs import corpus_ir

ERRATA = json.loads((Path(__file__).parent / "truth_errata.json").read_text(encoding="utf-8"))


@cache
def _comparer(corpus: Path):
    """The corpus's own ``tools/compare_truth.py``, loaded once per process."""
    spec = importlib.util.spec_from_file_location("compare_truth", corpus / "tools" / "compare_truth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def compare_with_truth(corpus: Path, folder: str, revision: str, data: dict) -> tuple[list, list, list]:
    """compare_truth.py's (facts, missing, extra) for an IR's JSON ``data`` (as ``to_data``
    gives it) against ``<corpus>/<folder>/<revision>.json`` (``truth`` or ``truth-v2``)."""
    truth = canonical_bits(json.loads((corpus / folder / f"{revision}.json").read_text(encoding="utf-8")))
    return _comparer(corpus).compare(stated(data), truth)


def accuracy(facts: list, missing: list) -> float:
    """The share of truth facts reproduced, in percent."""
    return 100 * (1 - len(missing) / len(facts))


def stated(value):
    """IR JSON with its typed values written as the spec writes them (the shape the corpus's
    ``compare_truth.py`` reads): bit ranges ``hi:lo``, type references by their text, FIDs
    and byte offsets in hex, encodings in decimal."""
    if isinstance(value, list):
        return [stated(v) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"high", "low"}:
        return f"{value['high']}:{value['low']}"
    if "text" in value and "kind" in value and "name" in value:
        return value["text"]
    data = {k: stated(v) for k, v in value.items()}
    for key in ("fid", "offset"):
        if isinstance(data.get(key), int):
            data[key] = f"{data[key]:#x}"
    if isinstance(data.get("encoding"), int):
        data["encoding"] = str(data["encoding"])
    return data


def canonical_bits(truth: dict) -> dict:
    """The truth with bit ranges written ``hi:lo`` (``0`` and ``0:0`` are one range; the IR
    keeps ranges as numbers, so it cannot tell how the spec spelt them)."""
    def canonical(text):
        bits = bit_range(str(text))
        return str(bits) if bits is not None else text

    for command in truth.get("commands", []):
        for row in command.get("inputs", []) + command.get("outputs", []):
            if row.get("bits"):
                row["bits"] = canonical(row["bits"])
    for definition in truth.get("types", []):
        if definition.get("bits"):
            definition["bits"] = {name: canonical(text) for name, text in definition["bits"].items()}
    return truth


def _freeze(fact):
    return tuple(tuple(x) if isinstance(x, list) else x for x in fact)


@pytest.mark.parametrize("kind", ["text", "pdf"])
@pytest.mark.parametrize("revision", REVISIONS)
def test_ir_matches_truth(corpus, revision, kind, record_property):
    facts, missing, extra = compare_with_truth(corpus, "truth", revision, to_data(corpus_ir(corpus, revision, kind)))
    errata = {(e["side"], _freeze(e["fact"])) for e in ERRATA[revision]}
    found = {("missing", f) for f in missing} | {("extra", f) for f in extra}
    unexpected = sorted(found - errata, key=str)
    stale = sorted(errata - found, key=str)
    summary = (f"{revision} {kind}: {len(facts)} truth facts, {len(found)} mismatches, "
               f"{len(found & errata)} of them listed truth errata, {len(unexpected)} unexpected")
    print(summary)
    record_property("truth_summary", summary)
    assert not unexpected, "\n".join(f"{side} {fact}" for side, fact in unexpected[:40])
    assert not stale, "truth errata that no longer occur:\n" + "\n".join(map(str, stale[:40]))


# truth-v2 (the stricter reading) differs from the IR only here, each checked in the document.
_GLYPH = ("the statement is wrapped with the listings' continuation glyph ',→'; specgen joins the line "
          "(typography, not text), truth-v2 keeps the glyph")
_ORDER = "[rec_align,rec_bound,rec_gran_state,run_pas,run_bound,run_align]<[rec_state,{}rec_runnable,rec_mmio,realm_new,system_off,rec_gicv3,rec_psci]"
TRUTH_V2_ERRATA = {
    revision: {("missing", ("order", "RMI_REC_ENTER", _ORDER.format(",→"))): _GLYPH,
               ("extra", ("order", "RMI_REC_ENTER", _ORDER.format(""))): _GLYPH}
    for revision in ("1.0-eac5", "1.0-rel0")
}


@pytest.mark.parametrize("kind", ["text", "pdf"])
@pytest.mark.parametrize("revision", REVISIONS)
def test_ir_matches_truth_v2(corpus, revision, kind, record_property):
    facts, missing, extra = compare_with_truth(corpus, "truth-v2", revision, to_data(corpus_ir(corpus, revision, kind)))
    found = {("missing", _freeze(f)) for f in missing} | {("extra", _freeze(f)) for f in extra}
    errata = set(TRUTH_V2_ERRATA.get(revision, {}))
    record_property("truth_summary", f"{revision} {kind} vs truth-v2: {len(facts)} facts, {len(found)} mismatches "
                                     f"({len(found & errata)} listed), accuracy {accuracy(facts, missing):.2f}%")
    assert found == errata, "\n".join(f"{side} {fact}" for side, fact in sorted(found ^ errata, key=str))
