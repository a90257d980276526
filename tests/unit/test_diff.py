"""The behavioural diff on IRs with known edits: exactly those edits are reported, classified
behavioural or editorial (no corpus needed: the edits start from the bundled 1.0-rel0 IR)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pytest

from specgen.diff import KINDS, diff_irs, restrict
from specgen.diff.matching import _longest_increasing, match_rows
from specgen.diff.model import BEHAVIOURAL, EDITORIAL, Change
from specgen.diff.versions import newest_older, version_key
from specgen.extract.ir import BitRange
from specgen.extract.typing import type_ref
from specgen.lang import parse_body, parse_ordering
from tests.fixtures.diff_edits import (
    bet0_like_psci,
    command,
    edit_command,
    edit_condition,
    rel0,
    with_command,
)


def kinds(report, editorial=True) -> Counter:
    return Counter((c.kind, c.name, c.item) for c in report.visible(editorial))


def test_same_ir_has_no_changes():
    report = diff_irs(rel0(), rel0())
    assert report.changes == ()


def test_locations_and_source_are_not_changes():
    ir = rel0()
    moved = replace(ir, document=replace(ir.document, source=replace(ir.document.source, kind="text", sha256="0" * 64)),
                    commands=tuple(replace(c, loc=replace(c.loc, page=c.loc.page + 3)) for c in ir.commands))
    assert diff_irs(ir, moved).changes == ()


def test_bet0_to_eac3_psci_complete_reports_exactly_the_status_change():
    old, new = bet0_like_psci(rel0()), rel0()
    report = diff_irs(old, new)
    assert kinds(report) == Counter({
        ("input.added", "RMI_PSCI_COMPLETE", "status"): 1,
        ("failure_condition.added", "RMI_PSCI_COMPLETE", "status"): 1,
        ("success_condition.added", "RMI_PSCI_COMPLETE", "status"): 1,
        ("success_condition.pre_changed", "RMI_PSCI_COMPLETE", "on_already"): 1,
        ("success_condition.pre_changed", "RMI_PSCI_COMPLETE", "on_success"): 1,
        ("success_condition.pre_changed", "RMI_PSCI_COMPLETE", "affinity_on"): 1,
        ("success_condition.pre_changed", "RMI_PSCI_COMPLETE", "affinity_off"): 1,
        ("function.added", "PsciReturnCodePermitted", ""): 1,
    })
    assert all(c.behavioural for c in report.changes)
    (status,) = [c for c in report.changes if c.kind == "input.added"]
    assert status.new.text == "status: X3 [63:0] PsciReturnCode" and status.old is None
    (failure,) = [c for c in report.changes if c.kind == "failure_condition.added"]
    assert "!PsciReturnCodePermitted(" in failure.new.text and "RMI_ERROR_INPUT" in failure.new.text
    (on_already,) = [c for c in report.changes if c.item == "on_already"]
    assert "status == PSCI_SUCCESS" in on_already.new.text and "status" not in on_already.old.text


def test_command_scope_keeps_the_functions_the_command_uses():
    old, new = bet0_like_psci(rel0()), rel0()
    other = edit_command(new, "RMI_DATA_CREATE", fid=0xC4000199)
    report = restrict(diff_irs(old, other), old, other, ["RMI_PSCI_COMPLETE"])
    assert ("function.added", "PsciReturnCodePermitted", "") in kinds(report)
    assert not [c for c in report.changes if c.name == "RMI_DATA_CREATE"]
    assert len(report.changes) == 8


def test_reflowed_and_reparenthesised_condition_is_not_behavioural():
    ir = rel0()
    edited = edit_condition(ir, "RMI_PSCI_COMPLETE", "failure_conditions", "alias", pre="(calling_rec == target_rec)")
    edited = edit_condition(edited, "RMI_PSCI_COMPLETE", "failure_conditions", "status",
                            pre="!(PsciReturnCodePermitted(Rec(calling_rec), Rec(target_rec), status))")
    report = diff_irs(ir, edited)
    assert report.behavioural == ()
    assert kinds(report) == Counter({
        ("failure_condition.text_changed", "RMI_PSCI_COMPLETE", "alias"): 1,
        ("failure_condition.text_changed", "RMI_PSCI_COMPLETE", "status"): 1,
    })
    assert report.visible(editorial=False) == ()


def test_error_code_change_in_a_post_is_behavioural():
    ir = rel0()
    edited = edit_condition(ir, "RMI_PSCI_COMPLETE", "failure_conditions", "owner",
                            post="ResultEqual(result, RMI_ERROR_REALM)")
    (change,) = diff_irs(ir, edited).changes
    assert change.kind == "failure_condition.error_code_changed" and change.behavioural
    assert change.item == "owner" and "RMI_ERROR_INPUT → RMI_ERROR_REALM" in change.detail
    assert change.old.text == "ResultEqual(result, RMI_ERROR_INPUT)"


def test_other_post_change_is_a_post_change():
    ir = rel0()
    edited = edit_condition(ir, "RMI_PSCI_COMPLETE", "failure_conditions", "owner",
                            post="ResultEqual(result, RMI_ERROR_INPUT, 1)")
    (change,) = diff_irs(ir, edited).changes
    assert change.kind == "failure_condition.post_changed"


def test_pre_change():
    ir = rel0()
    edited = edit_condition(ir, "RMI_PSCI_COMPLETE", "failure_conditions", "alias", pre="calling_rec != target_rec")
    (change,) = diff_irs(ir, edited).changes
    assert (change.kind, change.item, change.old.text, change.new.text) == (
        "failure_condition.pre_changed", "alias", "calling_rec == target_rec", "calling_rec != target_rec")


def test_section_renumbering_is_editorial_only():
    ir = rel0()
    edited = replace(
        ir,
        commands=tuple(replace(c, section=c.section.replace("B4.3", "B5.3")) for c in ir.commands),
        functions=tuple(replace(f, section="X" + f.section) for f in ir.functions),
        types=tuple(replace(t, section="Y" + t.section) for t in ir.types),
    )
    report = diff_irs(ir, edited)
    assert report.behavioural == ()
    assert report.visible(editorial=False) == ()
    sections = Counter(c.kind for c in report.changes)
    assert sections["function.section_changed"] == len(ir.functions)
    assert sections["type.section_changed"] == len(ir.types)
    assert sections["command.section_changed"] == sum("B4.3" in c.section for c in ir.commands) > 0
    assert set(sections) == {"command.section_changed", "function.section_changed", "type.section_changed"}


def test_descriptions_are_editorial():
    ir = rel0()
    psci = command(ir, "RMI_PSCI_COMPLETE")
    edited = with_command(ir, replace(psci, summary=psci.summary + " Reworded.",
                                      inputs=(replace(psci.inputs[0], description="other words"), *psci.inputs[1:])))
    report = diff_irs(ir, edited)
    assert {c.kind for c in report.changes} == {"command.summary_changed", "input.description_changed"}
    assert report.behavioural == ()


def test_renamed_failure_condition_is_detected_and_orderings_follow():
    ir = rel0()
    data = command(ir, "RMI_DATA_CREATE")
    renamed = tuple(replace(c, id="rd_granule_state") if c.id == "rd_state" else c for c in data.failure_conditions)
    orderings = []
    for statement in data.failure_ordering:
        text = statement.text.replace("rd_state", "rd_granule_state")
        tree = parse_ordering(text)
        orderings.append(replace(statement, text=text, ast=tree, before=tree.before, after=tree.after))
    edited = with_command(ir, replace(data, failure_conditions=renamed, failure_ordering=tuple(orderings)))
    report = diff_irs(ir, edited)
    assert kinds(report) == Counter({("failure_condition.renamed", "RMI_DATA_CREATE", "rd_granule_state"): 1})
    assert report.behavioural == ()


def test_ordering_added_and_regrouped():
    ir = rel0()
    data = command(ir, "RMI_DATA_CREATE")
    extra = parse_ordering("[src_align] < [data_align]")
    statement = replace(data.failure_ordering[0], text="[src_align] < [data_align]", ast=extra,
                        before=extra.before, after=extra.after)
    added = with_command(ir, replace(data, failure_ordering=(*data.failure_ordering, statement)))
    assert kinds(diff_irs(ir, added)) == Counter({("failure_ordering.added", "RMI_DATA_CREATE", "[src_align] < [data_align]"): 1})
    assert kinds(diff_irs(added, ir)) == Counter({("failure_ordering.removed", "RMI_DATA_CREATE", "[src_align] < [data_align]"): 1})
    # "[a, b] < [c]" split into "[a] < [c]" and "[b] < [c]": the same order, so editorial
    first = data.failure_ordering[0]
    halves = [parse_ordering(f"[{x}] < [{', '.join(first.after)}]") for x in first.before]
    split = [replace(first, text=f"[{h.before[0]}] < [{', '.join(h.after)}]", ast=h, before=h.before, after=h.after)
             for h in halves]
    regrouped = with_command(ir, replace(data, failure_ordering=(*split, *data.failure_ordering[1:])))
    report = diff_irs(ir, regrouped)
    assert [c.kind for c in report.changes] == ["failure_ordering.restated"] and report.behavioural == ()


def test_moved_condition_is_editorial():
    ir = rel0()
    psci = command(ir, "RMI_PSCI_COMPLETE")
    rows = list(psci.failure_conditions)
    rows.append(rows.pop(0))
    report = diff_irs(ir, with_command(ir, replace(psci, failure_conditions=tuple(rows))))
    assert kinds(report) == Counter({("failure_condition.moved", "RMI_PSCI_COMPLETE", "alias"): 1})
    assert report.behavioural == ()


def test_condition_added_and_removed():
    ir = rel0()
    psci = command(ir, "RMI_PSCI_COMPLETE")
    fewer = with_command(ir, replace(psci, failure_conditions=psci.failure_conditions[1:]))
    assert kinds(diff_irs(ir, fewer)) == Counter({("failure_condition.removed", "RMI_PSCI_COMPLETE", "alias"): 1})
    assert kinds(diff_irs(fewer, ir)) == Counter({("failure_condition.added", "RMI_PSCI_COMPLETE", "alias"): 1})


def test_registers_fid_and_interface():
    ir = rel0()
    psci = command(ir, "RMI_PSCI_COMPLETE")
    status = psci.inputs[3]
    edited = with_command(ir, replace(psci, fid=0xC4000199, interface="RSI",
                                      inputs=(*psci.inputs[:3], replace(status, register="X4", type=type_ref("UInt64")))))
    report = diff_irs(ir, edited)
    assert {c.kind for c in report.changes} == {"command.fid_changed", "command.interface_changed", "input.changed"}
    (register,) = [c for c in report.changes if c.kind == "input.changed"]
    assert register.detail == "input status: register, type changed"


def test_renamed_input_is_editorial_and_conditions_follow_it():
    ir = rel0()
    psci = command(ir, "RMI_PSCI_COMPLETE")
    renamed = replace(psci, inputs=(*psci.inputs[:3], replace(psci.inputs[3], name="psci_status")))
    edited = with_command(ir, renamed)
    mentions = 0
    for table in ("failure_conditions", "success_conditions"):
        for row in getattr(psci, table):
            pre, post = (None if text is None else re.sub(r"\bstatus\b", "psci_status", text) for text in (row.pre, row.post))
            if (pre, post) != (row.pre, row.post):
                mentions += 1
                edited = edit_condition(edited, "RMI_PSCI_COMPLETE", table, row.id, pre=pre, post=post)
    report = diff_irs(ir, edited)
    assert report.behavioural == ()
    found = kinds(report)
    assert found.pop(("input.renamed", "RMI_PSCI_COMPLETE", "psci_status")) == 1
    assert mentions == 6 and set(k for k, _, _ in found) == {"failure_condition.text_changed", "success_condition.text_changed"}
    assert sum(found.values()) == mentions


def test_footprint_changed():
    ir = rel0()
    psci = command(ir, "RMI_PSCI_COMPLETE")
    item = psci.footprint[0]
    from specgen.lang import parse_expression

    changed = replace(item, value="Rec(target_rec).pc", value_ast=parse_expression("Rec(target_rec).pc"))
    report = diff_irs(ir, with_command(ir, replace(psci, footprint=(changed, *psci.footprint[1:]))))
    assert [c.kind for c in report.behavioural] == ["footprint.changed"]


def test_function_body_signature_comment_and_layout():
    ir = rel0()
    function = next(f for f in ir.functions if f.name == "PsciReturnCodePermitted")

    def with_body(text):
        edited = replace(function, body=text, body_ast=parse_body(text))
        return replace(ir, functions=tuple(edited if f.name == function.name else f for f in ir.functions))

    comment = with_body(function.body.replace("Host is permitted", "The Host may"))
    assert [c.kind for c in diff_irs(ir, comment).changes] == ["function.comment_changed"]
    layout = with_body(function.body.replace("    if value == PSCI_SUCCESS then", "  if (value == PSCI_SUCCESS) then"))
    assert [c.kind for c in diff_irs(ir, layout).changes] == ["function.text_changed"]
    logic = with_body(function.body.replace("value == PSCI_DENIED", "value == PSCI_NOT_SUPPORTED"))
    (change,) = diff_irs(ir, logic).changes
    assert change.kind == "function.body_changed" and change.behavioural and "\n" in change.new.text
    signature = function.signatures[0]
    from specgen.lang import parse_signature

    text = signature.text.replace("value : PsciReturnCode", "value : UInt64")
    edited = replace(function, signatures=(replace(signature, text=text, ast=parse_signature(text)),))
    other = replace(ir, functions=tuple(edited if f.name == function.name else f for f in ir.functions))
    assert [c.kind for c in diff_irs(ir, other).changes] == ["function.signature_changed"]


def test_type_changes():
    ir = rel0()

    def edit_type(name, **changes):
        return replace(ir, types=tuple(replace(t, **changes) if t.name == name else t for t in ir.types))

    def edit_member(type_name, member_name, **changes):
        typedef = next(t for t in ir.types if t.name == type_name)
        members = tuple(replace(m, **changes) if m.name == member_name else m for m in typedef.members)
        return edit_type(type_name, members=members)

    def single(edited):
        (change,) = diff_irs(ir, edited).changes
        return change.kind, change.item, change.detail

    assert single(edit_member("RmiStatusCode", "RMI_ERROR_REALM", encoding=7)) == (
        "type.member_changed", "RMI_ERROR_REALM", "RMI_ERROR_REALM: encoding changed")
    assert single(edit_member("RmiCommandReturnCode", "index", bits=BitRange(23, 8)))[0] == "type.member_changed"
    assert single(edit_member("RmiRealmParams", "s2sz", offset=0x18))[2] == "s2sz: offset changed"
    assert single(edit_type("RmiRealmParams", width=8192 * 8))[0] == "type.width_changed"
    assert single(edit_type("RmiCommandReturnCode", reserved=(BitRange(63, 24),)))[0] == "type.reserved_changed"
    assert single(edit_type("RmiCommandReturnCode", kind="struct"))[0] == "type.kind_changed"
    status = next(t for t in ir.types if t.name == "RmiStatusCode")
    assert single(edit_type("RmiStatusCode", members=status.members[:-1]))[0] == "type.member_removed"


def test_entities_added_and_removed():
    ir = rel0()
    smaller = replace(ir, commands=ir.commands[1:], types=ir.types[1:])
    report = diff_irs(smaller, ir)
    assert {(c.kind, c.name) for c in report.changes} == {
        ("command.added", ir.commands[0].name), ("type.added", ir.types[0].name)}
    assert {(c.kind, c.name) for c in diff_irs(ir, smaller).changes} == {
        ("command.removed", ir.commands[0].name), ("type.removed", ir.types[0].name)}


def test_every_kind_is_classified():
    assert {k.category for k in KINDS.values()} == {BEHAVIOURAL, EDITORIAL}
    with pytest.raises(ValueError):
        Change("command.exploded", "command", "X", "", None, None, "")


def test_readme_lists_every_kind_with_its_category():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    lines = {}
    for line in readme.splitlines():
        for prefix in re.findall(r"`(\w+)\.\*`", line) if line.startswith("- `") else ():
            lines[prefix] = line
    for kind, meaning in KINDS.items():
        prefix, change = kind.split(".")
        line = lines.get(prefix, "")
        behavioural, _, editorial = line.partition("; editorial")
        listed = behavioural if meaning.category == BEHAVIOURAL else editorial
        assert f"`{change}`" in listed, f"README does not list {kind} as {meaning.category}"


def test_match_rows_by_key_then_fingerprint_with_repeated_keys():
    old = [("a", 1), ("b", 2), ("b", 3), ("c", 4)]
    new = [("b", 2), ("a", 1), ("b", 3), ("z", 4), ("d", 9)]
    matching = match_rows(old, new, key=lambda r: r[0], fingerprint=lambda r: str(r[1]))
    assert matching.pairs == [(("a", 1), ("a", 1)), (("b", 2), ("b", 2)), (("b", 3), ("b", 3))]
    assert matching.renamed == [(("c", 4), ("z", 4))]
    assert matching.added == [("d", 9)] and matching.removed == []
    assert matching.moved == [(("a", 1), ("a", 1))]


@pytest.mark.parametrize("values, expected", [([], []), ([3, 1, 2], [1, 2]), ([0, 1, 2], [0, 1, 2]), ([2, 1, 0], [0])])
def test_longest_increasing(values, expected):
    assert _longest_increasing(values) == expected


def test_version_order():
    names = ["1.1-alp12", "1.0-rel0", "1.1-alp2", "1.0-eac5", "1.0-bet0", "1.0-eac0", "2.0-alp0", "1.1-bet1"]
    assert sorted(names, key=version_key) == [
        "1.0-bet0", "1.0-eac0", "1.0-eac5", "1.0-rel0", "1.1-alp2", "1.1-alp12", "1.1-bet1", "2.0-alp0"]
    assert newest_older("1.1-alp12", ["1.0-eac5", "1.0-rel0", "1.1-alp11", "1.1-alp12", "junk"]) == "1.1-alp11"
    assert newest_older("1.0-bet0", ["1.0-eac5"]) is None
    with pytest.raises(ValueError, match="not a DEN0137 revision"):
        version_key("1.0-zzz1")



def _enum_with_one_more_member(ir, name):
    import dataclasses

    definition = next(t for t in ir.types if t.name == name)
    extra = dataclasses.replace(definition.members[-1], name=f"{definition.members[-1].name}_NEW")
    members = type(definition.members)([*definition.members, extra])
    return dataclasses.replace(ir, types=tuple(
        dataclasses.replace(t, members=members) if t.name == name else t for t in ir.types))


def test_command_scope_holds_the_types_of_the_members_it_reads_not_every_member_type():
    """RMI_PSCI_COMPLETE reads Rec(..).flags.runnable: a change to RmmRecRunnable is in its
    scope; RmmRecAttestState, the type of a REC member it never reads, is not (it is in the
    scope of the attestation commands, which read it)."""
    ir = rel0()
    read = _enum_with_one_more_member(ir, "RmmRecRunnable")
    unread = _enum_with_one_more_member(ir, "RmmRecAttestState")
    assert kinds(restrict(diff_irs(ir, read), ir, read, ["RMI_PSCI_COMPLETE"])) == Counter(
        {("type.member_added", "RmmRecRunnable", "RUNNABLE_NEW"): 1})
    assert restrict(diff_irs(ir, unread), ir, unread, ["RMI_PSCI_COMPLETE"]).changes == ()
    assert [c.name for c in restrict(diff_irs(ir, unread), ir, unread, ["RSI_ATTESTATION_TOKEN_INIT"]).changes] == [
        "RmmRecAttestState"]
