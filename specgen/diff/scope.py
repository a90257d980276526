"""Narrow a report to some commands and what they depend on (``specgen diff --command``).

Why dependencies and not just the command's own rows: the bet0→eac3 change to
RMI_PSCI_COMPLETE is only understood together with the new function PsciReturnCodePermitted
it calls. A command's scope is therefore the command plus every function its conditions,
context and footprint call and every type its rows and signatures name, transitively, in
either revision.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from specgen.diff.meaning import called_functions
from specgen.diff.model import DiffReport
from specgen.extract.ir import IR, Command


def _command_references(command: Command) -> set[str]:
    names: set[str] = set()
    for row in (*command.inputs, *command.outputs):
        names |= {row.type.name} if row.type else set()
    for value in command.context:
        names |= {value.type.name} if value.type else set()
        names |= called_functions(value.value_ast)
    for condition in (*command.failure_conditions, *command.success_conditions):
        names |= called_functions(condition.pre_ast) | called_functions(condition.post_ast)
    for item in command.footprint:
        names |= called_functions(item.value_ast)
    return names


def _dependencies(ir: IR, start: set[str]) -> set[str]:
    """Functions and types reachable from ``start`` through signatures, bodies and members."""
    functions = {f.name: f for f in ir.functions}
    types = {t.name: t for t in ir.types}
    seen: set[str] = set()
    pending = list(start)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        found: set[str] = set()
        if name in functions:
            function = functions[name]
            for signature in function.signatures:
                found |= called_functions(signature.ast) | {p.type.name for p in signature.params if p.type}
                found |= {signature.returns.name} if signature.returns else set()
            found |= called_functions(function.body_ast)
        if name in types:
            found |= {m.type.name for m in types[name].members if m.type}
        pending.extend(found - seen)
    return seen


def scope_names(irs: Iterable[IR], commands: Iterable[str]) -> set[str]:
    """The commands asked for, plus the functions and types they use in any of ``irs``."""
    wanted = set(commands)
    names = set(wanted)
    for ir in irs:
        start: set[str] = set()
        for command in ir.commands:
            if command.name in wanted:
                start |= _command_references(command)
        names |= _dependencies(ir, start)
    return names


def restrict(report: DiffReport, old: IR, new: IR, commands: Iterable[str]) -> DiffReport:
    """``report`` with only the changes of ``commands`` and of their dependencies."""
    commands = tuple(commands)
    names = scope_names((old, new), commands)
    kept = tuple(c for c in report.changes
                 if (c.entity == "command" and c.name in commands) or (c.entity != "command" and c.name in names))
    return replace(report, changes=kept)


def unknown_commands(old: IR, new: IR, commands: Iterable[str]) -> list[str]:
    """Names asked for that neither revision has (a typo should be an error, not silence)."""
    known = {c.name for c in old.commands} | {c.name for c in new.commands}
    return [name for name in commands if name not in known]
