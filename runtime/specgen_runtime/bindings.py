"""The explicit contract between the spec and this runtime: which spec function, predicate,
footprint function, constant and prose condition the runtime gives a meaning to, and how.

Why declared, not discovered: the generator used to find the runtime by reflection
(``getattr(Semantics, name)``, method-name prefixes), so renaming one method silently made
dozens of conditions "not modelled". Here each method says what it implements with a
decorator; ``registry()`` collects the declarations into plain data the generator reads
(``specgen.generate`` never looks at the runtime's attributes), and a spec function with no
body and no binding becomes a diagnostic naming the conditions it leaves unmodelled.

- ``@spec_function("Granule", "GranuleAt", state=True, types=("RmmGranule",))``: the method
  computes these spec functions; ``state``: its result is a live state object (assigning
  through it updates the state); ``types``: the revision must define these types;
  ``inverse``: the function's result is a view of its argument, written back with the named
  spec function.
- ``@establishes("ResultEqual", references=(0,))``: how to make predicate ``F`` true when a
  success condition states it; arguments at ``references`` are passed as ``Ref``.
- ``@locates("AuxStates")``: the state locations a footprint-only function names.
- ``constants``: the architecture constants the runtime gives a value (attributes of the
  model of the same name); ``prose``: ``specgen_runtime.prose.PROSE_RULES``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

_MARK = "__specgen_bindings__"


@dataclass(frozen=True, slots=True)
class FunctionBinding:
    """Spec function ``name`` is computed by model method ``method``."""

    name: str
    method: str
    state: bool = False
    types: tuple[str, ...] = ()
    inverse: str | None = None


@dataclass(frozen=True, slots=True)
class EstablishBinding:
    """Predicate ``name`` stated as a success condition is made true by ``method``."""

    name: str
    method: str
    references: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class LocateBinding:
    """Footprint function ``name``: ``method`` returns the state locations it names."""

    name: str
    method: str


@dataclass(frozen=True, slots=True)
class Registry:
    """Everything the runtime binds, by spec name."""

    functions: dict[str, FunctionBinding] = field(default_factory=dict)
    establishers: dict[str, EstablishBinding] = field(default_factory=dict)
    locators: dict[str, LocateBinding] = field(default_factory=dict)
    constants: frozenset[str] = frozenset()
    prose: dict = field(default_factory=dict)  # (command, condition id, part) -> ProseRule

    def without(self, *names: str) -> Registry:
        """This registry with the spec functions, predicates or constants ``names`` unbound
        (what a runtime lacking them would declare; used to check the generator's
        diagnostics)."""
        drop = set(names)
        return Registry(
            {k: v for k, v in self.functions.items() if k not in drop},
            {k: v for k, v in self.establishers.items() if k not in drop},
            {k: v for k, v in self.locators.items() if k not in drop},
            frozenset(self.constants - drop),
            {k: v for k, v in self.prose.items() if v.method not in drop},
        )


def _mark(item, binding) -> None:
    target = item.fget if isinstance(item, property) else item
    existing = getattr(target, _MARK, ())
    setattr(target, _MARK, (*existing, binding))


def spec_function(*names: str, state: bool = False, types: tuple[str, ...] = (), inverse: str | None = None):
    """Declare that the decorated method computes spec functions ``names``."""

    def decorate(method):
        for name in names:
            _mark(method, FunctionBinding(name, method.__name__, state, tuple(types), inverse))
        return method

    return decorate


def establishes(name: str, references: tuple[int, ...] = ()):
    """Declare that the decorated method makes predicate ``name`` true."""

    def decorate(method):
        _mark(method, EstablishBinding(name, method.__name__, tuple(references)))
        return method

    return decorate


def locates(name: str):
    """Declare that the decorated method gives the locations footprint function ``name`` names."""

    def decorate(method):
        _mark(method, LocateBinding(name, method.__name__))
        return method

    return decorate


def collect(cls, constants=(), prose=None) -> Registry:
    """The bindings declared on ``cls`` and its bases (a name bound twice is an error)."""
    functions: dict[str, FunctionBinding] = {}
    establishers: dict[str, EstablishBinding] = {}
    locators: dict[str, LocateBinding] = {}
    tables = {FunctionBinding: functions, EstablishBinding: establishers, LocateBinding: locators}
    for klass in reversed(cls.__mro__):
        for attribute, item in vars(klass).items():
            target = item.fget if isinstance(item, property) else item
            for binding in getattr(target, _MARK, ()):
                if binding.method != attribute:
                    continue  # an alias of a decorated method: the binding names the method
                table = tables[type(binding)]
                if binding.name in table and table[binding.name].method != binding.method:
                    raise TypeError(f"{binding.name} is bound twice ({table[binding.name].method}, {binding.method})")
                table[binding.name] = binding
    missing = [name for name in constants if not hasattr(cls, name)]
    if missing:
        raise TypeError(f"constants without a value: {', '.join(missing)}")
    return Registry(functions, establishers, locators, frozenset(constants), dict(prose or {}))


@functools.cache
def collect_cached(cls) -> Registry:
    """``collect(cls)``, once per class (the machine looks establishers up per command)."""
    return collect(cls)


def registry() -> Registry:
    """The bindings of the runtime's ``Model``."""
    from specgen_runtime.model import Model
    from specgen_runtime.prose import PROSE_RULES
    from specgen_runtime.semantics import SPEC_CONSTANTS

    return collect(Model, SPEC_CONSTANTS, PROSE_RULES)
