"""The findings of ``specgen check`` as rules: names and calls that mean nothing.

``unresolved-name``, ``unknown-function``, ``arity``, ``unknown-member`` come from the
language stage's name resolution (``specgen.lang.resolve``: one finding per command and
name, at its first use); ``parse-error`` from the condition grammar. They are often real
spec defects (rel0 RMI_REC_ENTER's footprint names ``rd``, which the command does not
have), or consequences of what the document (as read) lacks:

- a constant of a family the document defines nothing of (``RMI_ERROR_INPUT`` where no
  ``RMI_…`` constant is defined: its type chapter is absent) is ``suspected``;
- a member of an object whose type is unknown, that no extracted type has, is
  ``suspected`` (the type may be defined where nothing was extracted);
- a text the grammar does not parse is ``suspected``: the grammar may be at fault.

Everything else is ``proved``: the document, as read, does not define the name.
"""

from __future__ import annotations

import re

from specgen.diagnostics import Severity
from specgen.extract.ir import TypeKind, TypeRef
from specgen.lang.resolve import findings
from specgen.lint.findings import Confidence, Finding
from specgen.lint.rules import rule

_CONSTANT = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")
_CONDITION_ID = re.compile(r"condition (\S+)\)$")


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


def _undefined_result_type(context, item) -> str | None:
    """The type of a register the finding's condition compares (or of a parameter the
    constant is passed to), when the document does not define that type: a constant given
    to ``result`` of type ``PsciReturnCode`` in a document without that type's section
    belongs to the missing section."""
    command = context.commands.get(item.command)
    if command is None:
        return None
    ids = set(_conditions(item.detail))
    parameters = {f.name: [p.type for s in f.signatures for p in s.params] for f in context.ir.functions}
    for condition in command.failure_conditions + command.success_conditions:
        text = f"{condition.pre or ''} {condition.post}"
        if condition.id in ids and re.search(rf"\b{re.escape(item.name)}\b", text):
            for register in command.inputs + command.outputs:
                if _undefined(register.type) and re.search(rf"\b{re.escape(register.name)}\b", text):
                    return register.type.name
            for call in re.findall(rf"(\w+)\([^()]*\b{re.escape(item.name)}\b", text):
                missing = [t.name for t in parameters.get(call, ()) if _undefined(t) and t.name[:1].isupper()]
                if missing:  # passed to a function whose parameter type is not defined
                    return missing[0]
    return None


def _undefined(ref: TypeRef | None) -> bool:
    """``ref`` names a type the document (as read) does not define (resolution left its kind
    unknown; builtin types such as ``UInt32`` are known)."""
    return ref is not None and ref.kind is TypeKind.UNKNOWN


def _families(context) -> set[str]:
    """First words of the constants the document defines (``RMI``, ``PSCI`` …)."""
    return {name.split("_", 1)[0] for name in context.universe.constants if "_" in name}


def _resolution_rule(rule_id: str, kind: str, summary: str):
    @rule(rule_id, "names", summary)
    def check(context):
        families = _families(context)
        for item in _resolution(context, kind):
            confidence = Confidence.PROVED
            note = ""
            undefined_result = _undefined_result_type(context, item)
            if kind == "unresolved name" and _CONSTANT.match(item.name) and item.name.split("_", 1)[0] not in families:
                confidence = Confidence.SUSPECTED
                note = f"; the document defines no {item.name.split('_', 1)[0]}_… constant at all (no type chapter for them was read)"
            elif kind == "unresolved name" and _CONSTANT.match(item.name) and undefined_result:
                confidence = Confidence.SUSPECTED
                note = f"; it is a value of type {undefined_result}, which the document does not define"
            elif kind == "unknown member" and "no extracted type" in item.detail:
                confidence = Confidence.SUSPECTED
            yield Finding(
                rule=rule_id,
                entity=item.command,
                conditions=_conditions(item.detail),
                subject=item.name,
                message=f"{kind} {item.name!r}: {item.detail}{note}",
                confidence=confidence,
                loc=item.loc,
            )

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
