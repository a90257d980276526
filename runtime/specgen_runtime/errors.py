"""Errors of the executable model.

Why three kinds: a user running the model must be able to tell apart "the spec does not say
enough for the model to execute this" (``NotModelled``), "the model found an inconsistency
while executing" (``ModelError``: a success condition that does not hold after the update,
a change outside the footprint, an assertion in a spec function), and the internal signal
``Undefined`` (a spec object that does not exist in this state, e.g. ``Realm(rd)`` when
``rd`` is not an RD Granule), which makes a condition *undefined* rather than true or false.
"""

from __future__ import annotations


class ModelError(Exception):
    """The model met a state in which the spec, as executed, is inconsistent."""


class NotModelled(ModelError):
    """Something the model cannot execute: a function without semantics, a prose condition,
    an unsupported construct. ``name`` says what, ``loc`` where in the spec (page/line)."""

    def __init__(self, name: str, loc: str | None = None, detail: str = ""):
        self.name = name
        self.loc = loc
        self.detail = detail
        where = f" ({loc})" if loc else ""
        more = f": {detail}" if detail else ""
        super().__init__(f"not modelled: {name}{where}{more}")


class FootprintError(ModelError):
    """State outside the command's footprint changed and no success condition explains it."""


class Undefined(Exception):
    """A spec object or value does not exist in the current state.

    Raised by the runtime semantics (``Realm`` of a Granule that is not an RD, an RTT walk of
    something that is not a Realm, ``CurrentRec`` outside a REC). A failure condition whose
    evaluation raises it is *undefined* and does not hold (see ``machine``)."""


def not_modelled(name: str, loc: str | None = None, detail: str = ""):
    """Raise ``NotModelled`` (usable where only an expression fits, e.g. in a lambda)."""
    raise NotModelled(name, loc, detail)
