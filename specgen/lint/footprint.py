"""``footprint-gap`` and ``footprint-unused``: success conditions against the footprint.

The footprint lists the state a command may change. A success condition that writes state
outside it (rel0 PSCI_CPU_ON sets ``target_rec.pc``, its footprint lists only
``target_rec.flags.runnable``) leaves an implementer to choose between the two; a footprint
item no condition changes is either dead or the trace of a success condition that is
missing.

Evidence, strongest first:

- the model executed a success stimulus and the success condition wrote a location no
  footprint item covers (``witness``; the model also knows that the fields of an object
  created or destroyed with its Granule's state change are covered by that state);
- statically (``suspected``), a written location is not within any footprint item although
  the footprint names the same object (``Rec(x).pc`` against ``Rec(x).flags``), or the
  command has no footprint at all. A written location whose object the footprint names
  another way (``walk.rtte`` against ``RttEntry(walk.rtt_addr, i)``) may be the same
  location: only the model can tell, so the static reading reports nothing there.

``footprint-unused`` is static: no success condition writes a location overlapping the
item, and no success predicate takes it (or a part of it) as an argument; ``proved`` when
every success condition was read, ``suspected`` when some are prose or did not parse.
"""

from __future__ import annotations

import re

from specgen import nodes as ast
from specgen.lint.facts import CommandFacts, Write, chain, covers, overlap, root, type_name, walk
from specgen.lint.findings import Confidence, Finding
from specgen.lint.rules import rule

_INDEX = re.compile(r"\[\d+\]")


def _subexpressions(node: ast.Node) -> set[ast.Node]:
    """Parts of ``node`` that denote something in particular: calls with arguments and
    member/element accesses (bare names and constants are shared by everything)."""
    return {
        n
        for n in walk(node)
        if (isinstance(n, ast.Call) and n.args) or isinstance(n, (ast.Member, ast.Index, ast.Slice))
    }


def may_alias(a: ast.Node, b: ast.Node, held: bool = True) -> bool:
    """Might locations ``a`` and ``b`` overlap although neither is within the other as
    written? Two accesses on one object that diverge (``Rec(x).pc``, ``Rec(x).flags``)
    cannot; accesses on different roots can when they share a part (``walk.rtte`` and
    ``RttEntry(walk.rtt_addr, i)`` share ``walk``), or — with ``held`` — when their roots
    are calls on the same arguments (``Realm(rd)`` is the object held by ``Granule(rd)``,
    created or destroyed with its state)."""
    if overlap(a, b):
        return True
    ra, rb = root(a), root(b)
    if ra == rb:
        return _indices_may_meet(a, b)
    if held and isinstance(ra, ast.Call) and isinstance(rb, ast.Call) and ra.args and ra.args == rb.args:
        return True
    return bool(_subexpressions(a) & _subexpressions(b))


def _indices_may_meet(a: ast.Node, b: ast.Node) -> bool:
    """Same root: do the two access paths agree, reading two different element indices
    as possibly equal unless both are literals?"""
    pa, pb = list(reversed(chain(a)))[1:], list(reversed(chain(b)))[1:]
    for x, y in zip(pa, pb):
        if type(x) is not type(y):
            return False
        if isinstance(x, ast.Member) and x.name != y.name:
            return False
        if isinstance(x, ast.Index) and x.index != y.index:
            if isinstance(x.index, ast.Number) and isinstance(y.index, ast.Number):
                return False
    return True


def _uncovered(context, command, facts: CommandFacts) -> list[Write]:
    """Writes of RMM state that no footprint item covers and none may alias (a gap as far
    as the text tells: the footprint names the object but not this part of it, or names
    nothing that could be it)."""
    items = [f.target for f in facts.footprint]
    return [
        write
        for write in facts.state_writes()
        if _abstract_state(context, command, write)
        and not any(covers(item, write.target) or may_alias(item, write.target) for item in items)
    ]


def _abstract_state(context, command, write: Write) -> bool:
    """Is the written object RMM state — of a structure type the document defines without
    byte offsets (``RmmRec``), as opposed to a data structure in memory the command fills
    in (``RsiRealmConfig`` at an address) or a type it does not define? The footprint is
    about the former; only the model can tell about the rest."""
    base = root(write.written) if write.written is not None else None
    named = None
    if isinstance(base, ast.Name):
        name = context.facts(command).context_names(base.name)
        named = next((type_name(v.type) for v in command.context if v.name == name), None)
    elif isinstance(base, ast.Call):
        named = type_name(context.universe.returns(base.func, len(base.args)))
    defined = next((t for t in context.ir.types if t.name == named), None)
    return (
        defined is not None and defined.kind == "struct" and all(m.offset is None for m in defined.members)
    )


def _location_subject(location: str) -> str:
    """``object(rec_x).entries[5].ripas`` -> ``entries[…].ripas`` (what was written, not
    which object of the world)."""
    tail = location.split(")", 1)[1].lstrip(".") if ")" in location else location
    return _INDEX.sub("[…]", tail) or location


def _last_name(node: ast.Node) -> str | None:
    for part in chain(node):
        if isinstance(part, ast.Member):
            return part.name
    return None


@rule(
    "footprint-gap",
    "footprint",
    "a success condition changes state outside the command's footprint",
    uses_model=True,
)
def footprint_gap(context):
    for command in context.ir.commands:
        facts = context.facts(command)
        evidence = context.evidence_of(command)
        uncovered = _uncovered(context, command, facts)
        ran: set[str] = set()
        shown: dict[tuple[str, str], tuple] = {}
        for run in evidence.runs if evidence else ():
            ran.update(run.applied)
            for condition, location in run.outside:
                shown.setdefault((condition, _location_subject(location)), (location, run))
        by_condition = {c.id: c for c in command.success_conditions}
        for (condition, subject), (location, run) in shown.items():
            written = [
                w
                for w in facts.state_writes()
                if w.condition == condition and _last_name(w.target) == subject.rsplit(".", 1)[-1]
            ]
            text = written[0].text if written else subject
            loc = by_condition[condition].loc if condition in by_condition else command.loc
            yield _gap(
                command, facts, condition, text, f" ({location} in the witness)", Confidence.WITNESS, loc,
                "the model executed the witness and attributed the write to the condition", run.witness,
            )
        for write in uncovered:
            if write.condition in ran:
                continue  # the model applied it: its footprint check decides
            yield _gap(
                command, facts, write.condition, write.text, "", Confidence.SUSPECTED,
                by_condition[write.condition].loc,
                "read from the text; the model did not apply the condition in any stimulus"
                if evidence is not None else "read from the text (no model evidence)",
            )


def _gap(command, facts, condition, text, shown, confidence, loc, evidence, witness=None) -> Finding:
    footprint = (
        "footprint: " + ", ".join(f.text for f in facts.footprint) if facts.footprint else "the command has no footprint"
    )
    return Finding(
        rule="footprint-gap",
        entity=command.name,
        conditions=(condition,),
        subject=text,
        message=f"success condition {condition} writes {text}{shown}, which no footprint item covers ({footprint})",
        confidence=confidence,
        loc=loc,
        witness=witness,
        evidence=evidence,
    )


@rule("footprint-unused", "footprint", "a footprint item that no success condition changes")
def footprint_unused(context):
    for command in context.ir.commands:
        facts = context.facts(command)
        unread = facts.prose + facts.unparsed
        for item in facts.footprint:
            touched = [
                w.condition for w in facts.state_writes() + facts.constrained if may_alias(item.target, w.target, held=False)
            ]
            base = root(item.target)
            located_by = base.args if isinstance(base, ast.Call) else ()  # GranuleAt(addr): addr
            touched += [
                p.condition
                for p in facts.predicates
                if any(
                    may_alias(item.target, arg, held=False) or arg in _subexpressions(item.target) or arg in located_by
                    for arg in p.call.args
                )
            ]
            if touched:
                continue
            words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", item.text)) - facts.inputs
            mentioned = [c.id for c in unread if words & set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", f"{c.pre or ''} {c.post}"))]
            if mentioned:
                continue
            source = next(f for f in command.footprint if f.id == item.id)
            success = len(command.success_conditions)
            yield Finding(
                rule="footprint-unused",
                entity=command.name,
                conditions=(item.id,),
                subject=item.text,
                message=(
                    f"footprint item {item.id} ({item.text}) is changed by none of the command's {success} success "
                    "conditions" + (f" ({len(unread)} of them prose or unparsed, not naming it)" if unread else "")
                ),
                confidence=Confidence.SUSPECTED if unread else Confidence.PROVED,
                loc=source.loc,
                evidence=f"{len(facts.writes)} writes and {len(facts.predicates)} predicates read",
            )
