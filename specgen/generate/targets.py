"""The registry of generation targets: name -> module exposing ``render(ir) -> Rendered``.

Modules are imported on demand so that ``specgen generate --target c`` does not pay for the
Python model generator and vice versa.
"""

from __future__ import annotations

import importlib

from specgen.extract.ir import IR
from specgen.generate.errors import Rendered

TARGETS: dict[str, str] = {}
TARGETS["c"] = "specgen.generate.cabi"
TARGETS["python"] = "specgen.generate.python_model"
TARGETS["tests"] = "specgen.generate.conformance_tests"


def render_target(target: str, ir: IR, progress=None, **options) -> Rendered:
    """Render ``target``; ``progress(done, total)`` is called by targets that take long
    (the conformance tests search for stimuli command by command). ``options`` go to the
    target's ``render`` (the tests target takes ``platform``)."""
    if target not in TARGETS:
        raise KeyError(f"unknown target {target!r} (known: {', '.join(sorted(TARGETS))})")
    return importlib.import_module(TARGETS[target]).render(ir, progress=progress, **options)
