"""Hand-written runtime of the generated Python RMM models.

The generator (``specgen generate … --target python``) turns a revision's IR into a package
of types, functions translated from the spec's ASL bodies, and one ``CommandSpec`` per
command. This package holds what the spec leaves abstract and what every revision shares:

- ``state``: Granules by PA, the Realms, RECs and RTTs they hold, memory;
- ``platform``: PA range, delegable memory, granule size, implementation features;
- ``semantics``: the spec functions declared without a body (``Granule``, ``RttWalk`` …);
- ``machine``: context values, failure conditions and the permitted results, success
  conditions as updates and checks, footprint enforcement;
- ``asl``/``values``: ASL operators and library, base classes of the generated types;
- ``prose``: the few conditions written in English that the model gives a meaning to;
- ``realm``/``scenario``/``builder``: Realm programs, a host's-eye API, direct state set-up.
"""

__version__ = "0.1.0"  # keep equal to runtime/pyproject.toml (tests/unit/test_standalone_runtime.py)

from specgen_runtime.errors import FootprintError, ModelError, NotModelled, Undefined, not_modelled
from specgen_runtime.machine import (
    CommandSpec,
    Condition,
    ContextItem,
    FootprintItem,
    Judgement,
    Outcome,
    Permitted,
    Register,
    index_by_fid,
)
from specgen_runtime.model import Model
from specgen_runtime.platform import Features, PlatformConfig
from specgen_runtime.realm import RealmCpu, RecExit

__all__ = [
    "__version__",
    "CommandSpec",
    "Condition",
    "ContextItem",
    "FootprintItem",
    "Register",
    "index_by_fid",
    "not_modelled",
    "Features",
    "FootprintError",
    "Model",
    "ModelError",
    "NotModelled",
    "Judgement",
    "Outcome",
    "Permitted",
    "PlatformConfig",
    "RealmCpu",
    "RecExit",
    "Undefined",
]
