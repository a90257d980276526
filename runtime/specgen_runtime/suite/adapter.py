"""How the generated conformance tests reach an implementation: the adapter interface.

Why these methods and no others: the tests are meant for any RMM (TF-RMM built for its
host platform, Islet, a hypervisor's fake RMM, the generated model), so an adapter offers
only what an implementation has — what a host and a Realm can do with it:

- ``reset()``: a freshly booted RMM, host memory all zero;
- ``smc(registers)``: an SMC from the host, ``(X0 = FID, X1, …)`` → ``(X0, X1, …)``;
- ``write(pa, data)`` / ``read(pa, size)``: host (Non-secure) memory, where the host puts
  RmiRealmParams, RmiRecParams and RmiRecRun;
- ``set_guest(hook)``: the Realm side of the RECs. While a REC runs (during RMI_REC_ENTER),
  the implementation calls ``hook(rec, results)`` — ``rec`` the REC's PA, ``results`` the
  registers the Realm got for its previous SMC (None on a fresh entry) — and the hook
  returns the registers of the Realm's next SMC (an RSI or PSCI call), or None when the
  Realm has nothing more to do on this entry (the REC then exits as if interrupted,
  RMI_EXIT_IRQ);
- ``observe(location)`` (optional): a state location (``("granule", pa, "state")``,
  ``("object", rd, "state")`` …) as a plain value (enum members by name), or raise
  ``NotObservable`` — a real RMM shows little of its state, and checks of locations it
  cannot show are skipped.

Optional capabilities, by attribute: ``isolate = True`` asks the tests to run each test in
a forked child (an implementation that crashes fails that test, not the run);
``concurrent_host = True`` says the implementation takes host SMCs issued from within the
guest hook, as from another host CPU while a REC runs (tests of states only a running REC
has need it; they are skipped otherwise);
``checkpoint()``/``restore(token)`` let the tests build the world once and go back to it
for each test (the model adapter copies its state; any implementation that can snapshot
itself may offer it too).

Every test reaches its world through a *trace* of these calls from ``reset()`` (the
world's set-up, ``specgen.conformance.world``); nothing writes an implementation's state
behind its interface. ``ModelAdapter`` is the default: the generated Python model of the
revision. ``load_adapter("package.module:factory")`` loads another one
(``$SPECGEN_ADAPTER``); ``specgen_runtime.suite.native`` loads a C implementation.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Callable, Protocol, Sequence

from specgen_runtime.values import Fieldset, Struct, Symbol, freeze

GuestHook = Callable[[int, "tuple[int, ...] | None"], "Sequence[int] | None"]


class NotObservable(Exception):
    """The implementation cannot show this state location."""


class Adapter(Protocol):
    def reset(self) -> None: ...

    def smc(self, registers: Sequence[int]) -> Sequence[int]: ...

    def write(self, pa: int, data: bytes) -> None: ...

    def read(self, pa: int, size: int) -> bytes: ...

    def set_guest(self, hook: GuestHook) -> None: ...

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
    """The generated Python model as the implementation under test, through the same
    interface as any other (host SMC, host memory, the guest hook). ``commands`` replaces
    some commands' specs (the mutation check's variants). Tests run in forked children
    where the system can fork (``isolate``): a child starts from the parent's world at
    the cost of a fork, several times cheaper than copying the model's state."""

    concurrent_host = True  # the model takes host commands while a REC runs

    def __init__(self, package, platform=None, commands: dict | None = None, isolate: bool | None = None):
        self.isolate = hasattr(os, "fork") if isolate is None else isolate
        self.package = package
        self.platform = platform
        self.commands = dict(commands or {})
        self.hook: GuestHook | None = None
        self.model = None

    def reset(self) -> None:
        self._use(self.package.new_model(self.platform))

    def _use(self, model) -> None:
        if self.commands:
            import types

            from specgen_runtime.machine import index_by_fid

            merged = {**model.C.COMMANDS, **self.commands}
            model.C = types.SimpleNamespace(COMMANDS=merged, BY_FID=index_by_fid(merged))
        model.guest_hook = self.hook
        self.model = model

    def smc(self, registers: Sequence[int]) -> tuple[int, ...]:
        return self.model.host_smc(registers)

    def write(self, pa: int, data: bytes) -> None:
        self.model.host_write(pa, data)

    def read(self, pa: int, size: int) -> bytes:
        return self.model.host_read(pa, size)

    def set_guest(self, hook: GuestHook) -> None:
        self.hook = hook
        if self.model is not None:
            self.model.guest_hook = hook

    def observe(self, location: tuple) -> object:
        return plain(self.model.at(tuple(location)))

    # -- optional: go back to a state reached through the interface --

    def checkpoint(self):
        return self.model.clone()

    def restore(self, token) -> None:
        self._use(token.clone())


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


def load_adapter(spec: str | None, revision_package: str, search: Sequence[Path] = (), platform=None) -> Adapter:
    """The adapter ``module:factory`` (called with the revision's package name), or the
    generated model of the revision (on ``platform``)."""
    if spec:
        module_name, _, factory = spec.partition(":")
        module = importlib.import_module(module_name)
        return getattr(module, factory or "adapter")(revision_package)
    return ModelAdapter(find_model_package(revision_package, search), platform)
