"""Compare two IRs element by element and classify every difference.

Why on the IR and its ASTs: a text diff of two revisions drowns the few behavioural changes
in renumbered sections, reflowed lines and page furniture. Here commands, functions and types
are matched by name, table rows by their id or name (renames detected by identical meaning,
see ``matching``), and contents compared by AST (see ``meaning``). Locations and the source
record never count as changes. Each difference becomes a ``Change`` of a kind from
``model.KINDS``, which says whether it is behavioural or editorial.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable, Sequence

from specgen.diff.matching import match_rows
from specgen.diff.meaning import (
    body_fingerprint,
    collapse,
    error_codes,
    fingerprint,
    rename_names,
    squeeze,
)
from specgen.diff.model import Change, DiffReport, Revision, Side
from specgen.extract.ir import IR, Command, Condition, Function, Ordering, Register, TypeDef, TypeMember


def diff_irs(old: IR, new: IR) -> DiffReport:
    """Every difference from ``old`` to ``new``: commands, then functions, then types, each
    in the new revision's order followed by what the old one had and the new one lacks."""
    changes: list[Change] = []
    changes += _entities(old.commands, new.commands, "command", _command)
    changes += _entities(old.functions, new.functions, "function", _function)
    changes += _entities(old.types, new.types, "type", _type)
    return DiffReport(_revision(old), _revision(new), tuple(changes))


def _revision(ir: IR) -> Revision:
    return Revision(ir.document.version, ir.document.source.kind, ir.document.source.sha256)


def _entities(old: Sequence, new: Sequence, entity: str, compare: Callable) -> list[Change]:
    old_by_name = {item.name: item for item in old}
    new_names = {item.name for item in new}
    changes: list[Change] = []
    for item in new:
        if item.name in old_by_name:
            changes += compare(old_by_name[item.name], item)
        else:
            changes.append(Change(f"{entity}.added", entity, item.name, "", None, _whole(entity, item),
                                  f"{entity} {item.name} added (section {item.section})"))
    for item in old:
        if item.name not in new_names:
            changes.append(Change(f"{entity}.removed", entity, item.name, "", _whole(entity, item), None,
                                  f"{entity} {item.name} removed (was section {item.section})"))
    return changes


def _whole(entity: str, item) -> Side:
    """The side shown for an added or removed command, function or type."""
    if entity == "command":
        return Side(f"{item.interface} command, FID {_fid(item.fid)}: {collapse(item.summary)}", item.loc)
    if entity == "function":
        return Side("\n".join([*(s.text for s in item.signatures), *([item.body] if item.body else [])]) or item.name, item.loc)
    return Side(f"{item.kind} {item.name}" + (f", {_width(item.width)}" if item.width else "")
                + (f": {', '.join(m.name for m in item.members)}" if item.members else ""), item.loc)


# --- commands ----------------------------------------------------------------------------


def _command(old: Command, new: Command) -> list[Change]:
    name = new.name

    def change(kind, item, old_side, new_side, detail):
        return Change(kind, "command", name, item, old_side, new_side, detail)

    changes: list[Change] = []
    if old.fid != new.fid:
        changes.append(change("command.fid_changed", "", Side(_fid(old.fid), old.loc), Side(_fid(new.fid), new.loc),
                              f"FID {_fid(old.fid)} → {_fid(new.fid)}"))
    if old.interface != new.interface:
        changes.append(change("command.interface_changed", "", Side(old.interface, old.loc), Side(new.interface, new.loc),
                              f"interface {old.interface} → {new.interface}"))
    inputs, input_renames = _registers("input", name, old.inputs, new.inputs)
    outputs, output_renames = _registers("output", name, old.outputs, new.outputs)
    # Read the old conditions with the new register names: a renamed input alone is not a
    # change of every condition that mentions it.
    old = _with_renamed_registers(old, {**input_renames, **output_renames})
    changes += inputs
    changes += _context(name, old, new)
    changes += outputs
    failures, renames = _conditions("failure_condition", name, old.failure_conditions, new.failure_conditions)
    changes += failures
    changes += _orderings(name, old.failure_ordering, new.failure_ordering, renames)
    changes += _conditions("success_condition", name, old.success_conditions, new.success_conditions)[0]
    changes += _footprint(name, old, new)
    if old.section != new.section:
        changes.append(change("command.section_changed", "", Side(old.section, old.loc), Side(new.section, new.loc),
                              f"section {old.section} → {new.section}"))
    if collapse(old.summary) != collapse(new.summary):
        changes.append(change("command.summary_changed", "", Side(old.summary, old.loc), Side(new.summary, new.loc),
                              "description reworded"))
    return changes


def _text(value) -> str:
    """A typed IR value (bit range, type reference) as the spec writes it; "" for None."""
    return "" if value is None else str(value)


def _fid(fid: int | None) -> str:
    return "None" if fid is None else f"{fid:#x}"


def _width(bits: int | None) -> str:
    if bits is None:
        return "(no width)"
    return f"{bits // 8} bytes" if bits % 8 == 0 and bits > 64 else f"{bits} bits"


def _register_text(row: Register) -> str:
    return f"{row.register} [{_text(row.bits)}] {_text(row.type)}"


def _register_shape(row: Register) -> tuple[str, str, str]:
    return squeeze(row.register).upper(), _text(row.bits), squeeze(_text(row.type))


def _with_renamed_registers(command: Command, renames: dict[str, str]) -> Command:
    """``command`` with every AST reading renamed registers by their new names (texts kept,
    so reports still quote the old revision)."""
    if not renames:
        return command

    def condition(c: Condition) -> Condition:
        return replace(c, pre_ast=rename_names(c.pre_ast, renames), post_ast=rename_names(c.post_ast, renames))

    return replace(
        command,
        context=tuple(replace(v, value_ast=rename_names(v.value_ast, renames)) for v in command.context),
        failure_conditions=tuple(map(condition, command.failure_conditions)),
        success_conditions=tuple(map(condition, command.success_conditions)),
        footprint=tuple(replace(f, value_ast=rename_names(f.value_ast, renames)) for f in command.footprint),
    )


def _registers(part: str, command: str, old: Sequence[Register], new: Sequence[Register]) -> tuple[list[Change], dict[str, str]]:
    """Changes of an input or output table, and the renames (old name → new name)."""
    matching = match_rows(old, new, key=lambda r: r.name, fingerprint=lambda r: repr(_register_shape(r)))
    changes: list[Change] = []

    def change(kind, item, a, b, detail):
        changes.append(Change(f"{part}.{kind}", "command", command, item, a, b, detail))

    for a, b in matching.pairs:
        if _register_shape(a) != _register_shape(b):
            what = [label for label, x, y in zip(("register", "bits", "type"), _register_shape(a), _register_shape(b)) if x != y]
            change("changed", b.name, Side(_register_text(a), a.loc), Side(_register_text(b), b.loc),
                   f"{part} {b.name}: {', '.join(what)} changed")
        if collapse(a.description) != collapse(b.description):
            change("description_changed", b.name, Side(a.description, a.loc), Side(b.description, b.loc),
                   f"{part} {b.name}: description reworded")
    for a, b in matching.renamed:
        change("renamed", b.name, Side(f"{a.name}: {_register_text(a)}", a.loc), Side(f"{b.name}: {_register_text(b)}", b.loc),
               f"{part} {a.name} renamed {b.name} ({_register_text(b)})")
    for b in matching.added:
        change("added", b.name, None, Side(f"{b.name}: {_register_text(b)}", b.loc), f"{part} {b.name} added ({_register_text(b)})")
    for a in matching.removed:
        change("removed", a.name, Side(f"{a.name}: {_register_text(a)}", a.loc), None, f"{part} {a.name} removed ({_register_text(a)})")
    return changes, {a.name: b.name for a, b in matching.renamed}


def _context(command: str, old: Command, new: Command) -> list[Change]:
    changes: list[Change] = []

    def text(v):
        return f"{v.name} : {_text(v.type)} = {v.value}" + ("  (before)" if v.before else "")

    def shape(v):
        return squeeze(_text(v.type)), fingerprint(v.value_ast, v.value), bool(v.before)

    def change(kind, item, a, b, detail):
        changes.append(Change(f"context.{kind}", "command", command, item, a, b, detail))

    matching = match_rows(old.context, new.context, key=lambda v: v.name)
    for a, b in matching.pairs:
        if shape(a) != shape(b):
            what = [label for label, x, y in zip(("type", "value", "before"), shape(a), shape(b)) if x != y]
            change("changed", b.name, Side(text(a), a.loc), Side(text(b), b.loc), f"context {b.name}: {', '.join(what)} changed")
        elif a.value != b.value or _text(a.type) != _text(b.type):
            change("text_changed", b.name, Side(text(a), a.loc), Side(text(b), b.loc), f"context {b.name}: same value, written differently")
        if collapse(a.description) != collapse(b.description):
            change("description_changed", b.name, Side(a.description, a.loc), Side(b.description, b.loc),
                   f"context {b.name}: description reworded")
    for b in matching.added:
        change("added", b.name, None, Side(text(b), b.loc), f"context {b.name} added")
    for a in matching.removed:
        change("removed", a.name, Side(text(a), a.loc), None, f"context {a.name} removed")
    return changes


def _condition_text(c: Condition) -> str:
    return c.post if c.pre is None else f"pre: {c.pre}\npost: {c.post}"


def _condition_fingerprint(c: Condition) -> str:
    return fingerprint(c.pre_ast, c.pre) + "|" + fingerprint(c.post_ast, c.post)


def _conditions(part: str, command: str, old: Sequence[Condition], new: Sequence[Condition]) -> tuple[list[Change], dict[str, str]]:
    """Changes of a failure or success condition table, and the renames (old id → new id)
    for mapping the ordering statements."""
    label = part.replace("_", " ")
    matching = match_rows(old, new, key=lambda c: c.id, fingerprint=_condition_fingerprint)
    changes: list[Change] = []

    def change(kind, item, a, b, detail):
        changes.append(Change(f"{part}.{kind}", "command", command, item, a, b, detail))

    for a, b in matching.pairs:
        pre_same = fingerprint(a.pre_ast, a.pre) == fingerprint(b.pre_ast, b.pre)
        post_same = fingerprint(a.post_ast, a.post) == fingerprint(b.post_ast, b.post)
        if not pre_same:
            change("pre_changed", b.id, Side(a.pre or "(no precondition)", a.loc), Side(b.pre or "(no precondition)", b.loc),
                   f"{label} {b.id}: precondition changed")
        if not post_same:
            codes = _error_code_change(a, b) if part == "failure_condition" else None
            if codes:
                change("error_code_changed", b.id, Side(a.post, a.loc), Side(b.post, b.loc), f"{label} {b.id}: {codes}")
            else:
                change("post_changed", b.id, Side(a.post, a.loc), Side(b.post, b.loc), f"{label} {b.id}: postcondition changed")
        if pre_same and post_same and (a.pre, a.post) != (b.pre, b.post):
            change("text_changed", b.id, Side(_condition_text(a), a.loc), Side(_condition_text(b), b.loc),
                   f"{label} {b.id}: written differently, same AST")
    for a, b in matching.renamed:
        change("renamed", b.id, Side(f"{a.id}: {_condition_text(a)}", a.loc), Side(f"{b.id}: {_condition_text(b)}", b.loc),
               f"{label} {a.id} renamed {b.id} (same condition)")
    for b in matching.added:
        change("added", b.id, None, Side(_condition_text(b), b.loc), f"{label} {b.id} added")
    for a in matching.removed:
        change("removed", a.id, Side(_condition_text(a), a.loc), None, f"{label} {a.id} removed")
    for a, b in matching.moved:
        change("moved", b.id, Side(f"{a.id} at row {old.index(a) + 1}", a.loc), Side(f"{b.id} at row {new.index(b) + 1}", b.loc),
               f"{label} {b.id} moved within the table")
    return changes, {a.id: b.id for a, b in matching.renamed}


def _error_code_change(a: Condition, b: Condition) -> str | None:
    """``"RMI_ERROR_INPUT → RMI_ERROR_REALM"`` when two failure posts differ only in the error
    codes they report; None otherwise."""
    if a.post_ast is None or b.post_ast is None:
        return None
    shape_a, codes_a = error_codes(a.post_ast)
    shape_b, codes_b = error_codes(b.post_ast)
    if shape_a != shape_b or codes_a == codes_b:
        return None
    return f"error code {', '.join(codes_a)} → {', '.join(codes_b)}"


def _order_pairs(statement: Ordering, renames: dict[str, str]) -> frozenset[tuple[str, str]]:
    """An ordering statement as the set of (earlier, later) condition-id pairs it states."""
    before = [renames.get(i, i) for i in statement.before]
    after = [renames.get(i, i) for i in statement.after]
    return frozenset((x, y) for x in before for y in after)


def _orderings(command: str, old: Sequence[Ordering], new: Sequence[Ordering], renames: dict[str, str]) -> list[Change]:
    """Ordering statements compared as order relations, after applying the condition
    renames: ``[a, b] < [c]`` equals ``[b, a] < [c]``, and statements regrouped without
    changing the relation are editorial."""
    changes: list[Change] = []
    old_pairs = [_order_pairs(s, renames) for s in old]
    new_pairs = [_order_pairs(s, renames) for s in new]
    removed = [s for s, p in zip(old, old_pairs) if p not in new_pairs]
    added = [s for s, p in zip(new, new_pairs) if p not in old_pairs]
    if not removed and not added:
        return changes
    if frozenset().union(*old_pairs) == frozenset().union(*new_pairs):
        changes.append(Change("failure_ordering.restated", "command", command, "",
                              Side("\n".join(s.text for s in removed), removed[0].loc if removed else None),
                              Side("\n".join(s.text for s in added), added[0].loc if added else None),
                              "ordering statements regrouped; same order between failure conditions"))
        return changes
    for s in added:
        changes.append(Change("failure_ordering.added", "command", command, s.text, None, Side(s.text, s.loc),
                              f"ordering {s.text} added"))
    for s in removed:
        changes.append(Change("failure_ordering.removed", "command", command, s.text, Side(s.text, s.loc), None,
                              f"ordering {s.text} removed"))
    return changes


def _footprint(command: str, old: Command, new: Command) -> list[Change]:
    changes: list[Change] = []
    matching = match_rows(old.footprint, new.footprint, key=lambda f: f.id,
                          fingerprint=lambda f: fingerprint(f.value_ast, f.value))

    def change(kind, item, a, b, detail):
        changes.append(Change(f"footprint.{kind}", "command", command, item, a, b, detail))

    for a, b in matching.pairs:
        if fingerprint(a.value_ast, a.value) != fingerprint(b.value_ast, b.value):
            change("changed", b.id, Side(a.value, a.loc), Side(b.value, b.loc), f"footprint {b.id} changed")
        elif a.value != b.value:
            change("text_changed", b.id, Side(a.value, a.loc), Side(b.value, b.loc), f"footprint {b.id}: same AST, written differently")
    for a, b in matching.renamed:
        change("renamed", b.id, Side(f"{a.id}: {a.value}", a.loc), Side(f"{b.id}: {b.value}", b.loc), f"footprint {a.id} renamed {b.id}")
    for b in matching.added:
        change("added", b.id, None, Side(b.value, b.loc), f"footprint {b.id} added")
    for a in matching.removed:
        change("removed", a.id, Side(a.value, a.loc), None, f"footprint {a.id} removed")
    return changes


# --- functions ---------------------------------------------------------------------------


def _function(old: Function, new: Function) -> list[Change]:
    name = new.name
    changes: list[Change] = []

    def change(kind, a, b, detail):
        changes.append(Change(f"function.{kind}", "function", name, "", a, b, detail))

    old_signatures = sorted(fingerprint(s.ast, s.text) for s in old.signatures)
    new_signatures = sorted(fingerprint(s.ast, s.text) for s in new.signatures)
    if old_signatures != new_signatures:
        change("signature_changed", _signatures(old), _signatures(new), _signature_detail(old, new))
    old_body = body_fingerprint(old.body_ast, old.body)
    new_body = body_fingerprint(new.body_ast, new.body)
    if old.body is None or new.body is None:
        if (old.body is None) != (new.body is None):
            change("body_changed", Side(old.body or "(no body)", old.loc), Side(new.body or "(no body)", new.loc),
                   "pseudocode " + ("added" if old.body is None else "removed"))
    elif old_body != new_body:
        change("body_changed", Side(old.body, old.loc), Side(new.body, new.loc), "pseudocode changed")
    elif fingerprint(old.body_ast, old.body) != fingerprint(new.body_ast, new.body):
        change("comment_changed", Side(old.body, old.loc), Side(new.body, new.loc), "only comments changed")
    elif old.body != new.body:
        change("text_changed", Side(old.body, old.loc), Side(new.body, new.loc), "same pseudocode, laid out differently")
    if old.section != new.section:
        change("section_changed", Side(old.section, old.loc), Side(new.section, new.loc), f"section {old.section} → {new.section}")
    if collapse(old.summary) != collapse(new.summary):
        change("summary_changed", Side(old.summary, old.loc), Side(new.summary, new.loc), "description reworded")
    return changes


def _signatures(function: Function) -> Side:
    loc = function.signatures[0].loc if function.signatures else function.loc
    return Side("\n".join(s.text for s in function.signatures) or "(no signature)", loc)


def _signature_detail(old: Function, new: Function) -> str:
    if len(old.signatures) != len(new.signatures):
        return f"overloads {len(old.signatures)} → {len(new.signatures)}"
    return "parameters or return type changed"


# --- types -------------------------------------------------------------------------------


def _type(old: TypeDef, new: TypeDef) -> list[Change]:
    name = new.name
    changes: list[Change] = []

    def change(kind, item, a, b, detail):
        changes.append(Change(f"type.{kind}", "type", name, item, a, b, detail))

    if old.kind != new.kind:
        change("kind_changed", "", Side(old.kind, old.loc), Side(new.kind, new.loc), f"kind {old.kind} → {new.kind}")
    if old.width != new.width:
        change("width_changed", "", Side(_width(old.width), old.loc), Side(_width(new.width), new.loc),
               f"width {_width(old.width)} → {_width(new.width)}")
    if sorted(map(str, old.reserved)) != sorted(map(str, new.reserved)):
        change("reserved_changed", "", Side(", ".join(map(str, old.reserved)) or "(none)", old.loc),
               Side(", ".join(map(str, new.reserved)) or "(none)", new.loc), "reserved bits changed")
    matching = match_rows(old.members, new.members, key=lambda m: m.name)
    for a, b in matching.pairs:
        differing = _member_differences(a, b)
        if differing:
            change("member_changed", b.name, Side(_member_text(a), a.loc), Side(_member_text(b), b.loc),
                   f"{b.name}: {', '.join(differing)} changed")
        if collapse(a.description) != collapse(b.description):
            change("member_description_changed", b.name, Side(a.description, a.loc), Side(b.description, b.loc),
                   f"{b.name}: description reworded")
    for b in matching.added:
        change("member_added", b.name, None, Side(_member_text(b), b.loc), f"member {b.name} added")
    for a in matching.removed:
        change("member_removed", a.name, Side(_member_text(a), a.loc), None, f"member {a.name} removed")
    if old.section != new.section:
        change("section_changed", "", Side(old.section, old.loc), Side(new.section, new.loc), f"section {old.section} → {new.section}")
    if collapse(old.summary) != collapse(new.summary):
        change("summary_changed", "", Side(old.summary, old.loc), Side(new.summary, new.loc), "description reworded")
    return changes


_MEMBER_FIELDS = ("type", "bits", "offset", "encoding")


def _member_values(member: TypeMember) -> Iterable[str]:
    return (squeeze(_text(member.type)), _text(member.bits), _text(member.offset), _text(member.encoding))


def _member_differences(a: TypeMember, b: TypeMember) -> list[str]:
    return [label for label, x, y in zip(_MEMBER_FIELDS, _member_values(a), _member_values(b)) if x != y]


def _member_text(member: TypeMember) -> str:
    parts = [member.name]
    for label in _MEMBER_FIELDS:
        value = getattr(member, label)
        if value is not None:
            parts.append(f"{label} {value:#x}" if label == "offset" else f"{label} {value}")
    return ", ".join(parts)
