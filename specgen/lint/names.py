"""The findings of ``specgen check`` as rules: names and calls that mean nothing.

``unresolved-name``, ``unknown-function``, ``arity``, ``unknown-member`` come from the
language stage's name resolution (``specgen.lang.resolve``: one finding per command and
name, at its first use); ``parse-error`` from the condition grammar. They are often real
spec defects (rel0 RMI_REC_ENTER's footprint names ``rd``, which the command does not
have), or consequences of what the document (as read) lacks. Those consequences are
said once per missing definition, not once per command and name, because a document
without a whole type chapter (the corpus' eac5 and 1.1 alphas have no RMI/RSI type
sections) would otherwise bury its real name defects under hundreds of repeats of one
fact:

- constants of a family the document defines nothing of (``RMI_ERROR_INPUT`` where no
  ``RMI_…`` constant is defined: the type chapter is absent), and constants given to a
  register or parameter whose type the document does not define (``PSCI_ALREADY_ON`` for
  ``result : PsciReturnCode`` without that type's section), fold into one
  ``unresolved-name`` finding per family or type;
- members read through a value whose declared type the document does not define
  (``run.enter.gicv3_hcr`` with ``run : RmiRecRun``) fold into one ``unknown-member``
  finding per type.

A folded finding is located at the first use, lists every name with the commands using
it, and is ``suspected`` (the names are probably defined in the missing part; nothing
says they are wrong). The individual findings it stands for are not reported, so they are
not counted. Which names fold is decided by what the document defines and by the names'
families and types, never by the revision: a name undefined although its family and type
are defined (a typo, a name the command does not have) stays an individual finding.

Of the rest, a member no extracted type has, of an object whose type is not known, is
``suspected`` (the type may be defined where nothing was extracted); a text the grammar
does not parse is ``suspected`` (the grammar may be at fault). Everything else is
``proved``: the document, as read, does not define the name.
"""

from __future__ import annotations

import re

from specgen import nodes as ast
from specgen.diagnostics import Severity
from specgen.extract.ir import TypeKind, TypeRef
from specgen.extract.typing import is_type_name
from specgen.lang.resolve import element_type, findings
from specgen.lint.facts import walk
from specgen.lint.findings import Confidence, Finding
from specgen.lint.rules import rule

_CONSTANT = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")
#: Types the language itself gives (``UInt64``, ``Bits512``, ``Address``, ``boolean``, ``integer``).
_BUILTIN_KINDS = (TypeKind.INT, TypeKind.BITS, TypeKind.ADDRESS, TypeKind.BOOLEAN, TypeKind.INTEGER)


def _resolution(context, kind: str):
    cache = context.__dict__.setdefault("_resolution", None)
    if cache is None:
        cache = list(findings(context.ir))
        context.__dict__["_resolution"] = cache
    return [f for f in cache if f.kind == kind]


def _conditions(detail: str) -> tuple[str, ...]:
    """The condition (or footprint item) id named in a resolution finding's detail."""
    match = re.search(r"\((?:failure|success) condition (\S+)\)$|\(footprint (\S+)\)$", detail)
    if not match:
        return ()
    return (match.group(1) or match.group(2),)


def _families(context) -> set[str]:
    """First words of the constants the document defines (``RMI``, ``PSCI`` …)."""
    return {name.split("_", 1)[0] for name in context.universe.constants if "_" in name}


def _undefined_composite(context, ref: TypeRef | None) -> bool:
    """Is ``ref`` a named type (not a builtin such as ``UInt64`` or ``Address``) that the
    document does not define?"""
    return (
        ref is not None and ref.kind not in _BUILTIN_KINDS and is_type_name(ref) and ref.name not in context.universe.types
    )


def _trees(command, where: str):
    """The condition ASTs of the element a resolution finding names ("failure condition
    x", "success condition x", "footprint x", "context x")."""
    kind, _, ident = where.rpartition(" ")
    if kind in ("failure condition", "success condition"):
        rows = command.failure_conditions if kind.startswith("failure") else command.success_conditions
        return [a for c in rows if c.id == ident for a in (c.pre_ast, c.post_ast)]
    if kind == "footprint":
        return [f.value_ast for f in command.footprint if f.id == ident]
    if kind == "context":
        return [v.value_ast for v in command.context if v.name == ident]
    return []


def _scope(command) -> dict[str, TypeRef | None]:
    """The declared type of every name a command's conditions may use."""
    scope = {r.name: r.type for r in command.inputs + command.outputs}
    scope.update({v.name: v.type for v in command.context})
    scope.update({f"{v.name}_pre": v.type for v in command.context})
    return scope


def _reading(context, scope, node) -> tuple[TypeRef | None, str | None]:
    """(the type of ``node`` as far as it is known, the undefined type it is read through):
    ``run.enter`` with ``run : RmiRecRun`` and no RmiRecRun section -> (None, "RmiRecRun")."""
    if isinstance(node, ast.Name):
        return scope.get(node.name), None
    if isinstance(node, ast.Call):
        return context.universe.returns(node.func, len(node.args)), None
    if isinstance(node, (ast.Member, ast.Index)):
        owner, undefined = _reading(context, scope, node.obj)
        if undefined:
            return None, undefined
        if isinstance(node, ast.Index):
            return element_type(owner), None
        if _undefined_composite(context, owner):
            return None, owner.name
        members = context.universe.members.get(owner.name if owner is not None else "", {})
        named = [m for m in members if m.split("[")[0] == node.name]
        return (members[named[0]] if named else None), None
    return None, None


def _nodes(context, item):
    """The AST nodes of the element a resolution finding names, with the command's scope."""
    command = context.commands.get(item.command)
    where = re.search(r"\(([^()]*)\)$", item.detail)
    if command is None or where is None:
        return [], {}
    return [n for t in _trees(command, where.group(1)) for n in walk(t)], _scope(command)


def _undefined_owner(context, item) -> str | None:
    """The undefined type through which the unknown member ``item.name`` is read
    (``run.enter.gicv3_hcr``, ``run : RmiRecRun`` -> ``RmiRecRun``)."""
    nodes, scope = _nodes(context, item)
    for node in nodes:
        if isinstance(node, ast.Member) and node.name == item.name:
            undefined = _reading(context, scope, node)[1]
            if undefined:
                return undefined
    return None


def _undefined_value_type(context, item) -> str | None:
    """The undefined type the constant ``item.name`` is a value of: the type of what it is
    compared with (``result == PSCI_ALREADY_ON``, ``result : PsciReturnCode``) or of the
    parameter it is passed to (``PsciReturnCodeEncode(PSCI_SUCCESS)``), when the document
    does not define that type."""
    nodes, scope = _nodes(context, item)
    parameters = {f.name: [[p.type for p in s.params] for s in f.signatures] for f in context.ir.functions}

    def mine(node):
        return isinstance(node, ast.Name) and node.name == item.name

    for node in nodes:
        if isinstance(node, ast.Binary) and node.op in ("==", "!="):
            for this, other in ((node.left, node.right), (node.right, node.left)):
                if mine(this):
                    known, undefined = _reading(context, scope, other)
                    if _undefined_composite(context, known):
                        return known.name
                    if undefined:
                        return undefined
        elif isinstance(node, ast.Call):
            for position, arg in enumerate(node.args):
                if not mine(arg):
                    continue
                for signature in parameters.get(node.func, ()):
                    declared = signature[position] if len(signature) == len(node.args) else None
                    if _undefined_composite(context, declared):
                        return declared.name
    return None


def _missing_definition(context, kind: str, item, families: set[str]) -> tuple[str, str] | None:
    """What the document lacks that makes ``item`` a consequence rather than a defect of
    its own: ``("family", "RMI")`` (no ``RMI_…`` constant defined at all) or ``("type",
    "PsciReturnCode")`` (the constant's or the member's type is not defined)."""
    if kind == "unresolved name" and _CONSTANT.match(item.name):
        family = item.name.split("_", 1)[0]
        if family not in families:
            return ("family", family)
        undefined = _undefined_value_type(context, item)
        return ("type", undefined) if undefined else None
    if kind == "unknown member" and "no extracted type" in item.detail:
        owner = _undefined_owner(context, item)
        return ("type", owner) if owner else None
    return None


def _folded(rule_id: str, kind: str, cause: tuple[str, str], items: list) -> Finding:
    """One finding for every ``item`` that a missing family or type explains."""
    by_name: dict[str, list[str]] = {}
    for item in items:
        commands = by_name.setdefault(item.name, [])
        if item.command not in commands:
            commands.append(item.command)
    commands = {item.command for item in items}
    listed = "; ".join(f"{name} ({', '.join(used)})" for name, used in by_name.items())
    what, missing = cause
    if what == "family":
        subject = f"{missing}_…"
        lacks = f"the document defines no {missing}_… constant (the type chapter defining them is absent)"
    else:
        subject = missing
        lacks = f"the document does not define type {missing}"
    noun = "name(s)" if kind == "unresolved name" else "member(s)"
    first = min(items, key=lambda item: (item.loc.page, item.loc.line) if item.loc else (1 << 30, 0))
    return Finding(
        rule=rule_id,
        entity="",
        conditions=(),
        subject=subject,
        message=f"{lacks}: {len(by_name)} {noun} in {len(commands)} command(s) cannot be checked: {listed}",
        confidence=Confidence.SUSPECTED,
        loc=first.loc,
        evidence=f"{len(items)} {kind} finding(s), one per command and name, folded into this one",
    )


def _resolution_rule(rule_id: str, kind: str, summary: str):
    @rule(rule_id, "names", summary)
    def check(context):
        families = _families(context)
        folds: dict[tuple[str, str], list] = {}
        for item in _resolution(context, kind):
            cause = _missing_definition(context, kind, item, families)
            if cause is not None:
                folds.setdefault(cause, []).append(item)
                continue
            confidence = Confidence.PROVED
            if kind == "unknown member" and "no extracted type" in item.detail:
                confidence = Confidence.SUSPECTED
            yield Finding(
                rule=rule_id,
                entity=item.command,
                conditions=_conditions(item.detail),
                subject=item.name,
                message=f"{kind} {item.name!r}: {item.detail}",
                confidence=confidence,
                loc=item.loc,
            )
        for cause, items in folds.items():
            yield _folded(rule_id, kind, cause, items)

    return check


unresolved_name = _resolution_rule(
    "unresolved-name", "unresolved name", "a name that is no input, output, context value or defined constant"
)
unknown_function = _resolution_rule("unknown-function", "unknown function", "a call of a function no section defines")
arity = _resolution_rule("arity", "arity", "a call with a number of arguments no overload of the function takes")
unknown_member = _resolution_rule("unknown-member", "unknown member", "a member the object's type does not have")


@rule("parse-error", "names", "a condition, value or statement the condition grammar does not parse")
def parse_error(context):
    for diagnostic in context.ir.diagnostics:
        if diagnostic.severity is not Severity.ERROR or diagnostic.loc is None or "\n" not in diagnostic.message:
            continue
        first = diagnostic.message.split("\n", 1)[0]
        subject, _, detail = first.partition(": ")
        parts = subject.split()
        entity = parts[0] if parts else ""
        ids = tuple(re.findall(r"'([^']+)'", subject))
        yield Finding(
            rule="parse-error",
            entity=entity,
            conditions=ids,
            subject=subject,
            message=f"{subject} does not parse: {detail}\n{diagnostic.message.split(chr(10), 1)[1]}",
            confidence=Confidence.SUSPECTED,
            loc=diagnostic.loc,
        )
