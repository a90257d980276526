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


def render_target(target: str, ir: IR) -> Rendered:
    if target not in TARGETS:
        raise KeyError(f"unknown target {target!r} (known: {', '.join(sorted(TARGETS))})")
    return importlib.import_module(TARGETS[target]).render(ir)
