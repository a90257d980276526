"""What ``specgen lint`` reports: findings as values, each with its evidence.

Why a confidence on every finding: the rules rest on evidence of different strength. A
dangling output is a fact of the text (no condition names it); two failure conditions that
hold together are shown by a stimulus the model judged; a condition no stimulus of the
search made hold may still hold in a state the search's world does not have. A reader (or a
CI gate) must be able to tell these apart, so each finding says which it is.

Why a fingerprint: a baseline file records the findings a project has accepted, and must go
on suppressing them when a new revision of the document moves them to another page or line,
or rewords them. The fingerprint is built from what the finding is about (rule, command,
condition ids, subject), never from its location or message.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum

from specgen.conformance.search import describe_stimulus
from specgen.diagnostics import Location


class Confidence(str, Enum):
    """How a finding is established, strongest first."""

    PROVED = "proved"  # from the text alone, whatever the state
    WITNESS = "witness"  # the model shows it on a concrete stimulus (the witness)
    SUSPECTED = "suspected"  # evidence, not proof (a search that found nothing, a heuristic)


@dataclass(frozen=True, slots=True)
class Witness:
    """A concrete stimulus the model judged: the calling REC (RSI/PSCI), the input
    registers (raw values, with the world's name for a value when it has one), host data
    structures placed in memory, the REC running while the host issues the command (a
    state only a running REC has), and what the model said of it.

    The state is the conformance world (``specgen.conformance.world``) of the revision's
    model, so a witness can be replayed with ``specgen_runtime``."""

    caller: int | None
    inputs: tuple[tuple[str, int], ...]
    memory: tuple[tuple[int, str, tuple[tuple[str, object], ...]], ...] = ()
    names: tuple[tuple[str, str], ...] = ()  # input (or "caller") -> world name of its value
    holding: tuple[str, ...] = ()  # failure conditions holding
    results: tuple[tuple[str, str], ...] = ()  # failure condition -> the result its post gives
    applied: tuple[str, ...] = ()  # success conditions applying
    observed: str = ""  # what the model showed beyond that (a write outside the footprint …)
    running: int | None = None  # a REC running (on another host CPU) while the host issues the command

    def describe(self) -> str:
        """``rd=rd_active, ipa=0x3000`` (values by their world names where they have one)."""
        named = dict(self.names)

        def show(role: str, value: int) -> str:
            return named.get(role, hex(value) if value > 9 else str(value))

        return describe_stimulus(self.caller, self.inputs, self.memory, self.running, show) or "no inputs"

    def as_data(self) -> dict:
        return {
            "caller": self.caller,
            "inputs": {name: value for name, value in self.inputs},
            "memory": [
                {"pa": pa, "type": type_name, "fields": {k: _plain(v) for k, v in fields}}
                for pa, type_name, fields in self.memory
            ],
            "names": dict(self.names),
            "holding": list(self.holding),
            "results": dict(self.results),
            "applied": list(self.applied),
            "observed": self.observed,
            "running": self.running,
        }


def _plain(value):
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Finding:
    """One defect of the specification. ``subject`` names what the finding is about within
    the command or type (an output, a state location, a member, a name); with ``rule``,
    ``entity`` and ``conditions`` it makes the fingerprint."""

    rule: str
    entity: str  # the command or type the finding is in ("" for the document)
    conditions: tuple[str, ...]  # condition (or footprint item) ids involved, in spec order
    subject: str
    message: str
    confidence: Confidence
    loc: Location | None
    witness: Witness | None = None
    evidence: str = ""  # how it was established (search size, stimuli counted …)
    related: tuple[tuple[str, Location], ...] = field(default=())  # other places involved

    @property
    def fingerprint(self) -> str:
        """Stable across page/line moves and rewording: rule, entity, conditions, subject."""
        key = "\x1f".join((self.rule, self.entity, ",".join(self.conditions), self.subject))
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    @property
    def where(self) -> str:
        return str(self.loc) if self.loc is not None else "(no location)"

    def sort_key(self) -> tuple:
        loc = self.loc
        return (
            (loc.page, loc.line) if loc is not None else (1 << 30, 0),
            self.rule,
            self.entity,
            self.conditions,
            self.subject,
        )
