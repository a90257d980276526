"""``dangling-output``: an output value that no failure or success condition constrains.

Why it matters: an implementation may return anything in such a register and still
conform; a caller cannot rely on it (SCOPE, ASPLOS 2026, reports RMI_VERSION's ``lower``
and ``higher`` and RSI_IPA_STATE_GET's ``ripas`` in 1.0-eac5 and 1.0-rel0).

An output is constrained when a condition names it — in a failure ``post``, or in a success
``pre:`` or ``post`` — directly or through a context value defined from it (``rtte =
RttEntryFromDescriptor(desc)`` constrains ``desc``), or when a prose condition names it
(English the analysis cannot read is given the benefit of the doubt). The return status
(an output of the interface's status type, ``RmiCommandReturnCode``) is constrained by the
spec's convention that a command which succeeds returns the success status. An output set
only by failure conditions (``fail_index``) is constrained: it is meaningful on failure.
"""

from __future__ import annotations

import re

from specgen import nodes as ast
from specgen.lint.facts import type_name
from specgen.lint.findings import Confidence, Finding
from specgen.lint.rules import rule


@rule("dangling-output", "outputs", "an output value that no failure or success condition constrains")
def dangling_output(context):
    for command in context.ir.commands:
        facts = context.facts(command)
        named: set[str] = set()
        prose: list[str] = []
        for condition in command.failure_conditions + command.success_conditions:
            for side, text in ((condition.pre_ast, condition.pre), (condition.post_ast, condition.post)):
                node = side
                if node is None:
                    if text:
                        prose.append(text)  # not parsed: read as prose
                    continue
                named |= facts.referenced(node)
                if isinstance(node, ast.Prose):
                    prose.append(text or "")
        status = context.status_types(command.interface)
        for output in command.outputs:
            if output.name in named or type_name(output.type) in status:
                continue
            if any(re.search(rf"\b{re.escape(output.name)}\b", text) for text in prose):
                continue
            none = _what_exists(command)
            yield Finding(
                rule="dangling-output",
                entity=command.name,
                conditions=(),
                subject=output.name,
                message=(
                    f"output {output.name} ({output.register} [{output.bits}] {output.type.text if output.type else '?'}) is constrained by no "
                    f"failure or success condition ({none}): an implementation may return any value in it"
                ),
                confidence=Confidence.PROVED,
                loc=output.loc,
            )


def _what_exists(command) -> str:
    failure, success = len(command.failure_conditions), len(command.success_conditions)
    if not failure and not success:
        return "the command has no failure or success conditions"
    return f"none of its {failure} failure and {success} success conditions names it"
