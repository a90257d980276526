"""Narrow a report to some commands and what they depend on (``specgen diff --command``).

Why dependencies and not just the command's own rows: the bet0→eac3 change to
RMI_PSCI_COMPLETE is only understood together with the new function PsciReturnCodePermitted
it calls. A command's scope is therefore the command plus every function its conditions,
context and footprint call and every type it uses, and what those functions reach
(calls, signature and body types), transitively, in either revision. Types are followed
only as far as the command uses them: the types of the members it reads
(``Rec(rec).flags.runnable``: RmmRec, RmmRecFlags, RmmRecRunnable), not every member type
of every structure it touches.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from specgen.diff.meaning import called_functions
from specgen.diff.model import DiffReport
from specgen.extract.ir import IR, Command
from specgen.lang.resolve import used_types


def _command_references(ir: IR, command: Command) -> set[str]:
    """The functions a command calls and the types it uses (see ``used_types``)."""
    names = used_types(ir, command)
    for value in command.context:
        names |= called_functions(value.value_ast)
    for condition in (*command.failure_conditions, *command.success_conditions):
        names |= called_functions(condition.pre_ast) | called_functions(condition.post_ast)
    for item in command.footprint:
        names |= called_functions(item.value_ast)
    return names


def _dependencies(ir: IR, start: set[str]) -> set[str]:
    """``start`` and what its functions reach, transitively: the functions they call and the
    types their signatures and bodies name. A type brings only its element type (arrays),
    not the types of all its members: a command that reads ``rec.flags`` does not use the
    type of every other member of the REC."""
    functions = {f.name: f for f in ir.functions}
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
                start |= _command_references(ir, command)
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
