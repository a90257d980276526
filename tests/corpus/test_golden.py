"""generated/ is the golden record: a fresh regeneration from the corpus PDFs must equal it
byte for byte (run `specgen golden` to regenerate after an intended change)."""

from __future__ import annotations

import pytest

from specgen.bundle import check_bundle, render_bundle
from specgen.paths import generated_dir
from tests.conftest import REVISIONS
from tests.corpus.test_truth import corpus_ir


@pytest.mark.parametrize("revision", REVISIONS)
def test_generated_is_current(corpus, revision):
    ir = corpus_ir(corpus, revision, "pdf")
    assert ir.document.version == revision
    bundle = render_bundle(ir)
    assert bundle.ok, [str(d) for d in bundle.diagnostics]
    problems = check_bundle(generated_dir(), revision, bundle.files)
    assert not problems, "generated/ is stale; run `specgen golden`:\n" + "\n".join(problems)
