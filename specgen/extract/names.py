"""Names the generators will emit must be identifiers: checked at extraction, located.

Why here and not only in the generators: a name that is not an identifier (``rd addr``
from a mis-split table, ``Rec-Run`` from a hyphenated heading) is an extraction problem.
Found during ``extract`` it is reported with the page and line of the element, and
``extract --strict`` fails; found only in ``generate`` it looks like a generator error.

The rule is the one every generator accepts: an ASCII letter, then letters, digits and
underscores. Structure members may carry an element index (``gprs[0]``): the C layout
groups those into arrays.
"""

from __future__ import annotations

import re
from typing import Iterable

from specgen.diagnostics import Diagnostic, Severity
from specgen.extract.ir import Command, Function, TypeDef

IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
MEMBER = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\[[0-9]+\])?")


def _problem(what: str, name, loc, pattern=IDENTIFIER) -> Diagnostic | None:
    if isinstance(name, str) and pattern.fullmatch(name):
        return None
    return Diagnostic(Severity.ERROR, f"{what} {name!r} is not an identifier (letters, digits, '_'); "
                                      "code cannot be generated for it", loc, "SG403")


def identifier_problems(commands: Iterable[Command], functions: Iterable[Function],
                        types: Iterable[TypeDef]) -> list[Diagnostic]:
    """An error diagnostic for every name that is not an identifier, at its location."""
    found = []
    for command in commands:
        found.append(_problem("command name", command.name, command.loc))
        for kind, rows in (("input", command.inputs), ("output", command.outputs), ("context value", command.context)):
            found += [_problem(f"{command.name}: {kind} name", row.name, row.loc) for row in rows]
        for kind, items in (("failure condition", command.failure_conditions),
                            ("success condition", command.success_conditions), ("footprint item", command.footprint)):
            found += [_problem(f"{command.name}: {kind} id", item.id, item.loc) for item in items]
    for function in functions:
        found.append(_problem("function name", function.name, function.loc))
        for signature in function.signatures:
            found += [_problem(f"{function.name}: parameter", p.name, signature.loc) for p in signature.params]
    for definition in types:
        found.append(_problem("type name", definition.name, definition.loc))
        found += [_problem(f"{definition.name}: member", m.name, m.loc, MEMBER) for m in definition.members]
    return [d for d in found if d is not None]
