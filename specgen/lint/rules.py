"""The rule registry: each rule a small typed unit with an id, a family and a check.

Why a registry of functions rather than classes: a rule is one question asked of the IR
(and, for the search-based ones, of the model's evidence), answered by yielding findings.
The registry lets the CLI list rules, select them (``--rule ID``), and build the model only
when a selected rule needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from specgen.lint.findings import Finding


@dataclass(frozen=True)
class Rule:
    id: str
    family: str  # the module it lives in: outputs, footprint, ordering, conditions, names, layout
    summary: str  # one line, for --help, SARIF and the README
    check: Callable[..., Iterator[Finding]]  # check(context) -> findings
    uses_model: bool = False  # needs the revision's model and the stimulus search


RULES: dict[str, Rule] = {}


def rule(rule_id: str, family: str, summary: str, uses_model: bool = False):
    """Register ``check(context)`` as rule ``rule_id``."""

    def register(check: Callable[..., Iterator[Finding]]):
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} registered twice")
        RULES[rule_id] = Rule(rule_id, family, summary, check, uses_model)
        return check

    return register


def all_rules() -> dict[str, Rule]:
    """Every rule, with the rule modules imported (they register on import)."""
    from specgen.lint import conditions, footprint, layout, names, ordering, outputs  # noqa: F401

    return dict(sorted(RULES.items()))


def select(ids: Iterable[str] | None) -> tuple[list[Rule], list[str]]:
    """The rules named by ``ids`` (all when none), and the ids that name no rule."""
    rules = all_rules()
    if not ids:
        return list(rules.values()), []
    wanted = list(dict.fromkeys(ids))
    unknown = [rule_id for rule_id in wanted if rule_id not in rules]
    return [rules[rule_id] for rule_id in wanted if rule_id in rules], unknown
