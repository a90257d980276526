"""Extraction stage on the hand-made mini spec (no corpus needed)."""

from __future__ import annotations

import json

import pytest

from specgen.diagnostics import InputError
from specgen.extract.ir import SCHEMA, BitRange, TypeKind, dumps, loads, to_data
from specgen.extract.pipeline import extract
from specgen.pdf.text_loader import layout_from_text
from tests.fixtures.minispec import VERSION, minispec_text


@pytest.fixture(scope="module")
def ir():
    return extract(layout_from_text(minispec_text(), "mini.txt", "ab" * 32))


def test_document_identity(ir):
    assert ir.schema == SCHEMA
    assert (ir.document.id, ir.document.version, ir.document.source.kind) == ("DEN0137", VERSION, "text")


def test_command_interface_tables(ir):
    (command,) = ir.commands
    assert (command.name, command.interface, command.section, command.fid) == ("RMI_DATA_CREATE", "RMI", "B2.3.1", 0xC4000153)
    assert command.summary == "Creates a Data Granule."
    full = BitRange(63, 0)
    assert [(r.name, r.register, r.bits, r.type.name, r.type.kind, r.type.width) for r in command.inputs] == [
        ("fid", "X0", full, "UInt64", TypeKind.INT, 64), ("rd", "X1", full, "Address", TypeKind.ADDRESS, 64),
        ("data", "X2", full, "Address", TypeKind.ADDRESS, 64),
        ("long_input_name", "X3", full, "Address", TypeKind.ADDRESS, 64)]
    assert command.inputs[3].description == "IPA at which the Granule will be mapped in the target Realm"
    assert [(c.name, c.type.name, c.type.kind, c.value, c.before) for c in command.context] == [
        ("realm", "RmmRealm", TypeKind.STRUCT, "Realm(rd)", True),
        ("walk", "RmmRttWalkResult", TypeKind.UNKNOWN, "RttWalk(rd, data, RMM_RTT_PAGE_LEVEL)", False)]
    assert [(r.name, r.register) for r in command.outputs] == [("result", "X0")]


def test_failure_conditions_span_pages(ir):
    (command,) = ir.commands
    assert [(c.id, c.pre, c.post) for c in command.failure_conditions] == [
        ("data_align", "!AddrIsGranuleAligned(data)", "ResultEqual(result, RMI_ERROR_INPUT)"),
        ("data_bound2", "((realm.feat_lpa2 == FEATURE_FALSE) && (UInt(data) >= 2^48))", "ResultEqual(result, RMI_ERROR_INPUT)"),
        ("rd_state", "Granule(rd).state != RD", "ResultEqual(result, RMI_ERROR_INPUT)")]
    assert command.failure_conditions[2].loc.page == 7  # after the page break


def test_ordering_success_footprint(ir):
    (command,) = ir.commands
    (ordering,) = command.failure_ordering
    assert (ordering.text, ordering.before, ordering.after) == (
        "[rd_state] < [data_align, data_bound2]", ("rd_state",), ("data_align", "data_bound2"))
    assert [(c.id, c.pre, c.post) for c in command.success_conditions] == [
        ("data_state", None, "Granule(data).state == DATA"),
        ("data_content", None, "Contents of target Granule are wiped.")]
    assert [(f.id, f.value) for f in command.footprint] == [("data_state", "Granule(data).state")]


def test_functions_signature_body_and_ligatures(ir):
    in_range, granule = ir.functions[:2]
    assert in_range.summary == 'Returns TRUE if addr is within [base, base+size]. The first "range" is inclusive.'
    assert in_range.signatures[0].text == "func AddrInRange(addr : Address, base : Address, size : integer) => boolean"
    assert [(p.name, p.type.name, p.type.kind) for p in in_range.signatures[0].params] == [
        ("addr", "Address", TypeKind.ADDRESS), ("base", "Address", TypeKind.ADDRESS), ("size", "integer", TypeKind.INTEGER)]
    assert in_range.body.splitlines() == [
        "begin", "    if (size == 0) then", "        return FALSE;", "    end",
        "    return ((UInt(addr) >= UInt(base))", "        && (UInt(addr) <= UInt(base) + size));", "end"]
    assert granule.body is None and granule.signatures[0].returns.name == "RmmGranule"


def test_types(ir):
    enum, fieldset, struct, measurement, status, realm, granule, feature = ir.types
    assert (measurement.kind, measurement.members) == ("other", ())
    assert [(m.name, m.encoding) for m in status.members] == [("RMI_SUCCESS", 0), ("RMI_ERROR_INPUT", 1)]
    assert (feature.kind, [(m.name, m.encoding) for m in feature.members]) == (
        "enum", [("FEATURE_FALSE", None), ("FEATURE_TRUE", None)])
    assert (realm.kind, [(m.name, m.type.name, m.type.kind) for m in realm.members]) == (
        "struct", [("feat_lpa2", "RmmFeature", TypeKind.ENUM), ("state", "RmmRealmState", TypeKind.UNKNOWN)])
    assert (enum.kind, enum.width, [(m.name, m.encoding) for m in enum.members]) == (
        "enum", 8, [("DELEGATED", 0), ("RD", 1), ("DATA", 2)])
    assert (fieldset.kind, [(m.name, m.bits, m.type.name) for m in fieldset.members], fieldset.reserved) == (
        "fieldset", [("measure", BitRange(0, 0), "RmmDataMeasureContent")], (BitRange(63, 1),))
    assert (struct.kind, struct.width) == ("struct", 4096 * 8)
    assert [(m.name, m.offset, m.type.name, m.description) for m in struct.members] == [
        ("flags", 0x0, "RmmDataFlags", "Flags"),
        ("rtt_base", 0x808, "Address", "Realm Translation Table base address")]


def test_no_diagnostics_on_clean_input(ir):
    """Only the front matter (title page, contents heading) is reported, as information."""
    assert [str(d) for d in ir.diagnostics if d.severity.value != "info"] == []
    assert [(d.loc.page, d.message.split(";")[0]) for d in ir.diagnostics] == [
        (1, "3 line(s) from page 1 stand before the first section heading"),
        (2, "1 line(s) from page 2 stand before the first section heading")]


def test_ir_json_is_deterministic_and_round_trips(ir):
    text = dumps(ir)
    assert text == dumps(extract(layout_from_text(minispec_text(), "mini.txt", "ab" * 32)))
    assert json.loads(text)["schema"] == SCHEMA
    assert list(json.loads(text)) == sorted(json.loads(text))
    assert loads(text) == ir
    assert to_data(loads(text)) == json.loads(text)


def test_not_understood_text_becomes_a_located_diagnostic():
    text = minispec_text().replace("[rd_state] < [data_align,", "rd_state must come first, then [data_align,")
    ir = extract(layout_from_text(text, "mini.txt", "0" * 64))
    messages = [(d.severity.value, d.loc.page, d.message) for d in ir.diagnostics]
    assert any(sev == "warning" and page == 7 and "ordering" in msg for sev, page, msg in messages), messages


def test_not_an_rmm_spec_is_an_input_error():
    with pytest.raises(InputError, match="not an Arm RMM specification"):
        extract(layout_from_text("Some other document\n\fpage two\n", "other.txt", "0" * 64))


def test_missing_revision_is_an_input_error():
    text = minispec_text().replace(VERSION, "unversioned")
    with pytest.raises(InputError, match="revision not found"):
        extract(layout_from_text(text, "mini.txt", "0" * 64))


@pytest.mark.parametrize("intro", [
    # wrapped inside the width, and set in one paragraph with the sentences around it
    "The RmmRealmParams structure is a concrete type. The width of the RmmRealmParams\n"
    "           structure is 4096 ( 0x1000 )\n"
    "           bytes. The members of the RmmRealmParams structure are shown in the table.",
    "The width of the RmmRealmParams structure is 4096 ( 0x1000 ) bytes. It is concrete.",
])
def test_type_width_sentence_wherever_the_lines_break(intro):
    text = minispec_text().replace(
        "The width of the RmmRealmParams structure is 4096 ( 0x1000 ) bytes.", intro)
    struct = [t for t in extract(layout_from_text(text, "mini.txt", "0" * 64)).types if t.name == "RmmRealmParams"][0]
    assert struct.width == 4096 * 8
