#!/usr/bin/env python3
"""Which success conditions of DEN0137 1.0-rel0 the generated model actually applies.

Runs the Realm life-cycle scenario (examples/realm_lifecycle.py) and every success test of the
committed conformance suite (generated/1.0-rel0/tests) against the committed model, and counts
the success conditions whose updates were made (``Outcome.applied``) in each and in both.

    python scripts/success_applied.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "generated" / "1.0-rel0" / "python"), str(ROOT / "examples")]

import den0137_1_0_rel0 as package  # noqa: E402
import realm_lifecycle  # noqa: E402

from specgen_runtime.suite.adapter import ModelAdapter  # noqa: E402
from specgen_runtime.suite.checks import Target  # noqa: E402
from specgen.conformance.mutation import load_tests  # noqa: E402


class RecordingAdapter(ModelAdapter):
    """The model adapter, noting the success conditions every command applies."""

    def __init__(self, package, applied: set):
        super().__init__(package)
        self.applied = applied

    def call(self, fid, registers, caller):
        self.model.observers.append(lambda o, _depth: self.applied.update((o.command, i) for i in o.applied))
        return super().call(fid, registers, caller)


def main() -> None:
    every = {(c.name, s.id) for c in package.new_model().commands.values() for s in c.success}
    from_tests: set = set()
    modules = load_tests(ROOT / "generated" / "1.0-rel0" / "tests")
    target = Target(RecordingAdapter(package, from_tests), modules["conftest"].WORLD)
    for module in modules.values():
        for name in sorted(vars(module)):
            if name.startswith("test_success"):
                getattr(module, name)(target)
    host = realm_lifecycle.run(package, log=lambda line: None)
    from_lifecycle = {(o.command, i) for o in host.outcomes for i in o.applied}
    both = (from_tests | from_lifecycle) & every
    print(f"success conditions applied: life cycle {len(from_lifecycle & every)}/{len(every)}, "
          f"conformance success tests {len(from_tests & every)}/{len(every)}, "
          f"together {len(both)}/{len(every)} ({100 * len(both) / len(every):.1f}%)")
    for command, condition in sorted(every - both):
        print(f"  never applied: {command} {condition}")


if __name__ == "__main__":
    main()
