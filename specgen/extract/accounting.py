"""How much of the input an IR accounts for: the end-of-run summary of ``specgen extract``.

Why from the IR alone: the same figures must come out for an IR loaded from JSON as for a
fresh extraction, so they are computed from the elements and their located diagnostics,
not from the extractor's internals. A command is *complete* when no warning or error is
located in its section or its subsections (every expected part found and understood); a
condition is *parsed* when each of its sides has an AST.
"""

from __future__ import annotations

from dataclasses import dataclass

from specgen.diagnostics import Severity
from specgen.extract.ir import IR
from specgen.extract.pipeline import NO_TEXT


@dataclass(frozen=True, slots=True)
class Accounting:
    commands: int
    complete_commands: int
    conditions: int
    parsed_conditions: int
    pages_without_text: tuple[int, ...]


def _within(section: str, owner: str) -> bool:
    return section == owner or section.startswith(owner + ".")


def accounting(ir: IR) -> Accounting:
    problems = [d for d in ir.diagnostics if d.severity is not Severity.INFO and d.loc is not None and d.loc.section]
    complete = sum(1 for command in ir.commands
                   if not any(_within(d.loc.section, command.section) for d in problems))
    conditions = [c for command in ir.commands for c in command.failure_conditions + command.success_conditions]
    parsed = sum(1 for c in conditions if c.post_ast is not None and (c.pre is None or c.pre_ast is not None))
    pages = tuple(sorted({d.loc.page for d in ir.diagnostics if NO_TEXT in d.message and d.loc is not None}))
    return Accounting(len(ir.commands), complete, len(conditions), parsed, pages)
