"""What the rules look at: the IR, per-command static facts, and the model's evidence.

Why one object: rules are small functions of this context; building the facts of a
command, or the model and its search, once and sharing it keeps every rule cheap and makes
them agree. The model's evidence is gathered only when a selected rule needs it.
"""

from __future__ import annotations

from specgen.extract.ir import IR, Command
from specgen.lang.resolve import Universe
from specgen.lint.evidence import CommandEvidence, Evidence
from specgen.lint.facts import CommandFacts, type_name


class LintContext:
    def __init__(self, ir: IR, evidence: Evidence | None = None):
        self.ir = ir
        self.commands: dict[str, Command] = {c.name: c for c in ir.commands}
        self.universe = Universe(ir)
        self.evidence = evidence
        self._facts: dict[str, CommandFacts] = {}
        self._status_types: dict[str, set[str]] | None = None
        self.notes: list[str] = []  # what a rule could not decide, for the report

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def facts(self, command: Command) -> CommandFacts:
        if command.name not in self._facts:
            self._facts[command.name] = CommandFacts(command)
        return self._facts[command.name]

    def evidence_of(self, command: Command) -> CommandEvidence | None:
        """The model's evidence for ``command`` (None when there is no model, or the rule
        set did not ask for it)."""
        if self.evidence is None:
            return None
        return self.evidence.of(command.name)

    def status_types(self, interface: str) -> set[str]:
        """The interface's return status types (``RmiCommandReturnCode``…): output types
        that the failure conditions of at least half of the interface's commands with
        failure conditions set. The spec's convention is that a command which succeeds
        returns the success status unless a success condition says otherwise, so an
        output of such a type is never left unconstrained."""
        if self._status_types is None:
            votes: dict[str, dict[str, int]] = {}
            failing: dict[str, int] = {}
            for command in self.ir.commands:
                if not command.failure_conditions:
                    continue
                failing[command.interface] = failing.get(command.interface, 0) + 1
                facts = self.facts(command)
                types = {r.name: type_name(r.type) for r in command.outputs}
                set_types = {
                    types[name]
                    for condition in command.failure_conditions
                    for name in facts.referenced(condition.post_ast) & facts.outputs
                }
                for status in set_types:
                    counts = votes.setdefault(command.interface, {})
                    counts[status] = counts.get(status, 0) + 1
            self._status_types = {
                interface: {t for t, n in counts.items() if 2 * n >= failing[interface]}
                for interface, counts in votes.items()
            }
        return self._status_types.get(interface, set())
