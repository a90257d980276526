"""The registry of generation targets: name -> module exposing ``render(ir) -> Rendered``.

Modules are imported on demand so that ``specgen generate --target c`` does not pay for the
Python model generator and vice versa.

Some targets build on another target's output: the tests target imports the revision's
Python model to search for stimuli. ``Renderings`` is what a caller rendering several
targets of one IR (a bundle, one ``specgen generate`` run) holds: each target is rendered
once and handed to the targets that build on it. Nothing is kept between callers.
"""

from __future__ import annotations

import importlib

from specgen.extract.ir import IR
from specgen.generate.errors import Rendered

TARGETS: dict[str, str] = {}
TARGETS["c"] = "specgen.generate.cabi"
TARGETS["python"] = "specgen.generate.python_model"
TARGETS["tests"] = "specgen.generate.conformance_tests"

#: target -> (the target whose rendering of the same IR it builds on, the keyword of its
#: ``render`` that takes that rendering).
BUILDS_ON: dict[str, tuple[str, str]] = {"tests": ("python", "model")}


class Renderings:
    """The renderings of one IR by several targets, owned by the caller.

    ``render(target)`` renders a target once (later calls without options return the same
    ``Rendered``, which callers only read); a target that builds on another is given that
    one's rendering from here, rendered first if needed."""

    def __init__(self, ir: IR):
        self.ir = ir
        self._rendered: dict[str, Rendered] = {}

    def render(self, target: str, progress=None, **options) -> Rendered:
        """Render ``target``; ``progress(done, total)`` is called by targets that take long
        (the conformance tests search for stimuli command by command). ``options`` go to
        the target's ``render`` (the c target takes ``c_names``); a rendering with options
        is not kept for later calls."""
        if target not in TARGETS:
            raise KeyError(f"unknown target {target!r} (known: {', '.join(sorted(TARGETS))})")
        if not options and target in self._rendered:
            return self._rendered[target]
        arguments = dict(options)
        if target in BUILDS_ON:
            used, keyword = BUILDS_ON[target]
            arguments.setdefault(keyword, self.render(used))
        rendered = importlib.import_module(TARGETS[target]).render(self.ir, progress=progress, **arguments)
        if not options:
            self._rendered[target] = rendered
        return rendered


def render_target(target: str, ir: IR, progress=None, **options) -> Rendered:
    """Render one target of ``ir`` on its own (with what it builds on rendered for it)."""
    return Renderings(ir).render(target, progress, **options)
