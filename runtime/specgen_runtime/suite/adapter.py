"""How the generated conformance tests reach an implementation: the adapter interface.

Why an adapter and not direct model calls: the tests are meant for any RMM (TF-RMM under
an FVP, Islet, a hypervisor's fake, the generated model). A test only needs to

1. ``start(steps)``: bring the implementation to the state the set-up steps describe (the
   world of ``specgen.conformance.world`` plus host data structures in memory);
2. ``call(fid, registers, caller)``: issue the command (an SMC with X1… as given; RSI and
   PSCI commands from the REC at PA ``caller``) and return the output registers X0…;
3. ``observe(location)``: read a state location (``("granule", pa, "state")``,
   ``("object", rd, "state")`` …) as a plain value (enum members by name), or raise
   ``NotObservable`` — a real RMM exposes little of its state, and checks of locations it
   cannot observe are skipped.

``ModelAdapter`` is the default: the generated Python model of the revision.
``load_adapter("package.module:factory")`` loads another one (``$SPECGEN_ADAPTER``).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Protocol, Sequence

from specgen_runtime.values import Fieldset, Struct, Symbol, freeze


class NotObservable(Exception):
    """The implementation cannot show this state location."""


class Adapter(Protocol):
    def start(self, steps: Sequence[dict]) -> None: ...

    def call(self, fid: int, registers: dict[str, int], caller: int | None) -> dict[str, int]: ...

    def observe(self, location: tuple) -> object: ...


def plain(value):
    """A state value as the tests compare it: enum members and symbols by name, fieldsets
    by encoding, integers and booleans as they are, lists as tuples, structures frozen."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Symbol) or (hasattr(value, "name") and not isinstance(value, int)):
        return value.name
    if hasattr(value, "name") and isinstance(value, int):
        return value.name
    if isinstance(value, Fieldset):
        return value.encode()
    if isinstance(value, int):
        return int(value)
    if isinstance(value, list):
        return tuple(plain(v) for v in value)
    if isinstance(value, Struct):
        return freeze(value)
    raise TypeError(f"no plain form for {value!r}")


class ModelAdapter:
    """The generated Python model as the implementation under test. The world is built
    once per distinct set-up and copied for each test."""

    def __init__(self, package, platform=None, built: dict | None = None):
        self.package = package
        self.platform = platform
        self.model = None
        self.built: dict[str, object] = dict(built or {})  # world_key -> model in that state

    @staticmethod
    def world_key(steps: Sequence[dict]) -> str:
        return repr([s for s in steps if s["op"] != "memory"])

    def start(self, steps: Sequence[dict]) -> None:
        from specgen_runtime.builder import apply_steps

        world = [s for s in steps if s["op"] != "memory"]
        key = self.world_key(steps)
        base = self.built.get(key)
        if base is None:
            base = self.package.new_model(self.platform)
            apply_steps(base, world)
            self.built[key] = base
        self.model = base.clone()
        apply_steps(self.model, [s for s in steps if s["op"] == "memory"])

    def call(self, fid: int, registers: dict[str, int], caller: int | None) -> dict[str, int]:
        count = max([int(name[1:]) for name in registers] + [0])
        values = [registers.get(f"X{i}", 0) for i in range(1, count + 1)]
        self.model.state.current_rec = caller
        try:
            outcome = self.model.smc(fid, *values)
        finally:
            self.model.state.current_rec = None
        return outcome.registers()

    def observe(self, location: tuple) -> object:
        return plain(self.model.at(tuple(location)))


def find_model_package(revision_package: str, search: Sequence[Path] = ()):
    """Import the generated model package ``revision_package`` (``den0137_1_0_rel0``),
    looking first in ``search`` directories (a ``python/`` output directory)."""
    for directory in search:
        if (Path(directory) / revision_package / "__init__.py").is_file():
            sys.path.insert(0, str(directory))
            try:
                return importlib.import_module(revision_package)
            finally:
                sys.path.remove(str(directory))
    return importlib.import_module(revision_package)


def load_adapter(spec: str | None, revision_package: str, search: Sequence[Path] = ()) -> Adapter:
    """The adapter ``module:factory`` (called with the revision's package name), or the
    generated model of the revision."""
    if spec:
        module_name, _, factory = spec.partition(":")
        module = importlib.import_module(module_name)
        return getattr(module, factory or "adapter")(revision_package)
    return ModelAdapter(find_model_package(revision_package, search))
