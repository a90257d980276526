"""Attach ASTs to the IR: every condition, context value, footprint value, ordering
statement, signature and function body gets its parsed form next to its text.

Why a separate pass over a finished IR: extraction must not depend on the language stage
(imports flow pdf -> structure -> extract -> lang), and an IR loaded from JSON can be
re-annotated after a grammar change. Parse errors become diagnostics naming the command or
function, the condition id, the page/line and the column, with a caret under it.
"""

from __future__ import annotations

from dataclasses import replace

from specgen.diagnostics import Diagnostics, Location
from specgen.extract.ir import IR, Command, Function
from specgen.nodes import Node
from specgen.lang.errors import LangSyntaxError
from specgen.lang.parse import parse_body, parse_expression, parse_expression_or_prose, parse_ordering, parse_signature
from specgen.lang.resolve import resolve


class _Errors(Diagnostics):
    """The sink of parse errors (code SG200)."""

    def __init__(self) -> None:
        super().__init__(default_code="SG200")

    def parse(self, parser, text: str, what: str, loc: Location) -> Node | None:
        try:
            return parser(text)
        except LangSyntaxError as error:
            where = replace(loc, line=loc.line + error.line - 1, column=error.column)
            self.error(f"{what}: {error.message}\n{error.caret_context()}", where)
            return None


def _annotate_command(command: Command, errors: _Errors) -> Command:
    name = command.name

    def condition(c, kind: str):
        pre = None if c.pre is None else errors.parse(parse_expression_or_prose, c.pre, f"{name} {kind} condition {c.id!r} (pre)", c.loc)
        post = errors.parse(parse_expression_or_prose, c.post, f"{name} {kind} condition {c.id!r} (post)", c.loc)
        return replace(c, pre_ast=pre, post_ast=post)

    def ordering(o):
        tree = errors.parse(parse_ordering, o.text, f"{name} ordering statement", o.loc)
        if tree is None:
            return o
        return replace(o, ast=tree, before=tree.before, after=tree.after)

    return replace(
        command,
        context=tuple(replace(v, value_ast=errors.parse(parse_expression, v.value, f"{name} context {v.name!r}", v.loc))
                      for v in command.context),
        failure_conditions=tuple(condition(c, "failure") for c in command.failure_conditions),
        success_conditions=tuple(condition(c, "success") for c in command.success_conditions),
        failure_ordering=tuple(ordering(o) for o in command.failure_ordering),
        footprint=tuple(replace(f, value_ast=errors.parse(parse_expression, f.value, f"{name} footprint {f.id!r}", f.loc))
                        for f in command.footprint),
    )


def _annotate_function(function: Function, errors: _Errors) -> Function:
    signatures = tuple(
        replace(s, ast=errors.parse(parse_signature, s.text, f"function {function.name} signature", s.loc))
        for s in function.signatures
    )
    body_ast = None
    if function.body is not None:
        body_ast = errors.parse(parse_body, function.body, f"function {function.name} body", _body_loc(function))
    return replace(function, signatures=signatures, body_ast=body_ast)


def _body_loc(function: Function) -> Location:
    """Bodies start after the last signature; its line is the best anchor we keep."""
    last = function.signatures[-1].loc if function.signatures else function.loc
    return replace(last, line=last.line + 1)


def annotate(ir: IR) -> IR:
    """Return a freshly extracted ``ir`` with ASTs attached, and parse errors and
    name-resolution findings added to its diagnostics."""
    errors = _Errors()
    commands = tuple(_annotate_command(c, errors) for c in ir.commands)
    functions = tuple(_annotate_function(f, errors) for f in ir.functions)
    annotated = replace(ir, commands=commands, functions=functions)
    return replace(annotated, diagnostics=ir.diagnostics + tuple(errors.items) + tuple(resolve(annotated)))
