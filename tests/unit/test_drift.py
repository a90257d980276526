"""Notation drift: forms the corpus revisions do not use (or use once), each in a document
made in the test. Every form is either read as the spec means it or reported where it stands;
nothing is kept wrong without a word."""

from __future__ import annotations

from dataclasses import replace

import pytest

from specgen.diagnostics import Severity
from specgen.extract.ir import TypeKind
from specgen.extract.typing import bit_range
from specgen.extract.pipeline import extract
from specgen.lang.annotate import annotate
from specgen.pdf.text_loader import layout_from_text
from tests.fixtures.specbuilder import (
    DEFAULT, ENCODE, PERMITTED, Command, Context, Page, Register, Style, command_lines, document, function_lines,
    psci_complete, psci_cpu_on, place, with_style,
)


def _extract(pages: list[list[str]], revision: str = "2.0-bet3"):
    """Each element of ``pages`` is one page's body (numbered 40, 41, … : no gap); a last page
    with a glossary section follows, so that the running header and footer recur."""
    pages = pages + [["Z1.1 Glossary", place([(12, "Terms used in this document.")])]]
    built = [Page(40 + i, "B4. Realm Management Interface", "B4.3. RMI commands", lines) for i, lines in enumerate(pages)]
    text = document(built, revision)
    return annotate(extract(layout_from_text(text, "drift.txt", "0" * 64)))


def _problems(ir, severity=Severity.WARNING) -> list[str]:
    return [d.message for d in ir.diagnostics if d.severity is severity]


def _one(ir):
    (command,) = ir.commands
    return command


def _sides(conditions):
    return [(c.id, c.pre, c.post) for c in conditions]


BASE = psci_cpu_on("B4.3.9")


def test_success_conditions_with_and_without_labels():
    command = replace(BASE, successes=[("runnable", None, "target_rec.flags.runnable == RUNNABLE"),
                                       ("pc", "entry_point_address != 0", "target_rec.pc == entry_point_address")])
    for style in (DEFAULT, replace(DEFAULT, post_label=True)):
        ir = _extract([command_lines(command, style)])
        assert _sides(_one(ir).success_conditions) == [
            ("runnable", None, "target_rec.flags.runnable == RUNNABLE"),
            ("pc", "entry_point_address != 0", "target_rec.pc == entry_point_address")]
        assert _problems(ir) == []
        assert all(c.post_ast is not None for c in _one(ir).success_conditions)


def test_labels_in_another_case_and_spacing():
    lines = [line.replace("pre: ", "Pre : ").replace("post: ", "POST: ") for line in command_lines(BASE)]
    ir = _extract([lines])
    assert _sides(_one(ir).failure_conditions)[0] == ("entry", "!AddrIsProtected(entry_point_address, realm)",
                                                      "result == PSCI_INVALID_ADDRESS")
    assert _problems(ir) == []


def test_a_failure_condition_without_labels_is_a_warning():
    lines = command_lines(BASE)
    at = next(i for i, line in enumerate(lines) if "pre: !AddrIsProtected" in line)
    lines[at:at + 2] = [place([(2, "entry"), (32, "!AddrIsProtected(entry_point_address, realm)")])]
    ir = _extract([lines])
    (warning,) = _problems(ir)
    assert "failure condition 'entry' has no pre:/post:" in warning


def test_an_id_alone_on_its_line():
    style = replace(DEFAULT, id_alone=("entry", "runnable"))
    ir = _extract([command_lines(BASE, style)])
    assert _sides(_one(ir).failure_conditions) == _sides(_extract([command_lines(BASE)]).commands[0].failure_conditions)
    assert [c.id for c in _one(ir).success_conditions] == ["runnable"]
    assert _problems(ir) == []


def test_conditions_ordering_and_bodies_continued_across_pages():
    command = replace(psci_complete("B4.3.7", with_status=True),
                      ordering=["[alias, calling_align] < [pending,", "    status]"])
    lines = command_lines(command)
    conditions = next(i for i, line in enumerate(lines) if "pre: Rec(calling_rec).psci_pending" in line)
    ordering = next(i for i, line in enumerate(lines) if "[alias, calling_align]" in line)
    permitted = function_lines(PERMITTED)
    body = permitted.index(next(line for line in permitted if "return TRUE" in line))
    pages = [lines[:conditions + 1], lines[conditions + 1:ordering + 1], lines[ordering + 1:] + permitted[:body],
             permitted[body:]]
    ir = _extract(pages)
    psci = _one(ir)
    # "pending" starts at the foot of page 2 and ends on page 3
    assert [(c.id, c.loc.page) for c in psci.failure_conditions][2:] == [("pending", 2), ("status", 3)]
    assert psci.failure_conditions[2].post == "ResultEqual(result, RMI_ERROR_INPUT)"
    assert [(o.before, o.after) for o in psci.failure_ordering] == [(("alias", "calling_align"), ("pending", "status"))]
    (function,) = ir.functions
    assert function.body.splitlines()[-3:] == ["    end", "    return FALSE;", "end"] and function.body_ast is not None
    assert _problems(ir) == [] and _problems(ir, Severity.ERROR) == []


def test_a_new_subsection_of_prose_is_information_and_one_with_a_table_a_warning():
    prose = ("RMI_X_COMPLETE extension of RIM", [place([(16, "On successful execution the RIM is extended.")])])
    table = ("Side effects", [place([(4, "ID"), (30, "Value")]), place([(4, "tlb"), (30, "TLB entries invalidated")])])
    ir = _extract([command_lines(replace(BASE, extra=[prose, table]))])
    assert len(_one(ir).footprint) == 1  # the footprint ends where the new subsection begins
    infos = [m for m in _problems(ir, Severity.INFO) if "subsection" in m]
    assert infos == ["PSCI_CPU_ON: subsection 'RMI_X_COMPLETE extension of RIM' is not extracted (1 line(s) of prose)"]
    assert _problems(ir) == ["PSCI_CPU_ON: subsection 'Side effects' has table(s) [ID | Value] that specgen does not extract"]


@pytest.mark.parametrize("titles", [
    {"inputs": "Inputs", "outputs": "Outputs", "failure": "Failure condition", "success": "Success condition"},
    {"inputs": "Input parameters", "outputs": "Output registers", "context": "Context values", "footprint": "Footprints"},
    {"inputs": "INPUT VALUES", "failure": "Error conditions", "ordering": "Failure conditions ordering"},
])
def test_other_subsection_wordings(titles):
    command = replace(psci_complete("B4.3.7", with_status=True), context=BASE.context)
    reference = _one(_extract([command_lines(command)]))
    ir = _extract([command_lines(command, with_style(DEFAULT, **titles))])
    assert _problems(ir) == []
    assert _one(ir).inputs == reference.inputs and _one(ir).context == reference.context
    assert _sides(_one(ir).failure_conditions) == _sides(reference.failure_conditions)
    assert [o.text for o in _one(ir).failure_ordering] == [o.text for o in reference.failure_ordering]
    assert _sides(_one(ir).success_conditions) == _sides(reference.success_conditions)


@pytest.mark.parametrize(("id_header", "condition_header"), [("Identifier", "Conditions"), ("ID", "CONDITION"), ("IDs", "Condition")])
def test_other_table_header_wordings(id_header, condition_header):
    style = replace(DEFAULT, id_header=id_header, condition_header=condition_header)
    ir = _extract([command_lines(BASE, style)])
    assert _sides(_one(ir).failure_conditions) == _sides(_extract([command_lines(BASE)]).commands[0].failure_conditions)
    assert [f.id for f in _one(ir).footprint] == ["runnable"] and _problems(ir) == []


def test_an_unknown_table_header_is_reported_not_guessed():
    style = replace(DEFAULT, id_header="Label", condition_header="Rule")
    ir = _extract([command_lines(BASE, style)])
    assert _one(ir).failure_conditions == ()
    assert "PSCI_CPU_ON: no table with column 'Condition' in 'Failure conditions'" in _problems(ir)


def test_types_described_only_in_prose():
    lines = ["C1.4 RmmAttestationToken type", place([(12, "The RmmAttestationToken structure holds a signed token.")]),
             place([(12, "Its members are not shown in a table.")]),
             "C1.5 RmmMeasurement type", place([(12, "The RmmMeasurement type is a bit string of 512 bits.")])]
    ir = _extract([lines])
    token, measurement = ir.types
    assert (token.kind, token.members, measurement.kind) == ("struct", (), "other")
    assert ("type RmmAttestationToken: the struct has no table; it is described in prose only, so it has no members"
            in _problems(ir, Severity.INFO))
    assert _problems(ir) == []


def test_residue_letter_and_glued_cell_in_one_token_columns():
    """A watermark letter standing apart in a Type cell, and a type glued to the description
    of the next, narrow, column with no gap between them."""
    inputs = [Register("fid", "X0", "63:0", "UInt64", "FID, value 0xC4000170"),
              Register("desc", "X1", "63:0", "Bits64", "RTTE descriptor")]
    lines = command_lines(replace(BASE, name="RMI_RTT_MAP", inputs=inputs, context=[]))
    lines = [line.replace("Bits64                                RTTE", "Bits64        T                       RTTE")
             for line in lines]
    at = next(i for i, line in enumerate(lines) if "RmiCommandReturnCode" in line or "PsciReturnCode" in line)
    columns = [("Name", 8), ("Register", 29), ("Bits", 42), ("Type", 54), ("Description", 75)]
    lines[at - 1] = place([(x, name) for name, x in columns])
    lines[at] = place([(8, "result"), (29, "X0"), (42, "63:0"), (54, "PsciInterfaceVersionInterface version")])
    assert lines[at].index("Interface version") == 74  # glued: one column before the Description column
    ir = _extract([lines])
    rtt = _one(ir)
    assert (rtt.inputs[1].type.text, rtt.inputs[1].type.kind, rtt.inputs[1].type.width) == ("Bits64", TypeKind.BITS, 64)
    assert (rtt.outputs[0].type.text, rtt.outputs[0].description) == ("PsciInterfaceVersion", "Interface version")
    infos = [m for m in _problems(ir, Severity.INFO) if "row" in m]
    assert infos == [
        "RMI_RTT_MAP: input values row: dropped stray 'T' from the Type cell 'Bits64'",
        "RMI_RTT_MAP: output values row: split 'PsciInterfaceVersionInterface version', which runs over the start of "
        "column 'Description', into 'PsciInterfaceVersion' and 'Interface version'"]
    assert _problems(ir) == []


def test_a_type_that_ends_before_the_next_column_is_not_split():
    """One space between a type and its description is an overflow, not a glued word."""
    lines = command_lines(BASE)
    at = next(i for i, line in enumerate(lines) if "PsciReturnCode" in line)
    columns = [("Name", 8), ("Register", 29), ("Bits", 42), ("Type", 54), ("Description", 71)]
    lines[at - 1] = place([(x, name) for name, x in columns])
    lines[at] = place([(8, "result"), (29, "X0"), (42, "63:0"), (54, "RmiRecEnterFlags Flags of the entry")])
    ir = _extract([lines])
    assert (_one(ir).outputs[0].type.text, _one(ir).outputs[0].description) == ("RmiRecEnterFlags", "Flags of the entry")
    assert not [m for m in _problems(ir, Severity.INFO) if "split" in m]


@pytest.mark.parametrize(("cell", "expected"), [
    (["VdevFromVdevId(realm,", "    ,\u2192vdev_id_1)"], "VdevFromVdevId(realm, vdev_id_1)"),
    (["Decode(desc", "    ,\u2192)"], "Decode(desc)"),
    (["Realm().measurements", "    ,\u2192[index]"], "Realm().measurements[index]"),
    (["ParamsAt(", "    \u21aaparams_ptr)"], "ParamsAt(params_ptr)"),
])
def test_the_continuation_glyph_in_a_cell_is_joined(cell, expected):
    context = [Context("value", "RmmThing", cell, "false", "A value")]
    ir = _extract([command_lines(replace(BASE, context=context))])
    assert _one(ir).context[0].value == expected and _one(ir).context[0].value_ast is not None


def test_the_continuation_glyph_in_an_ordering_statement():
    command = replace(psci_complete("B4.3.7", True), ordering=["[alias] < [calling_align,", "    ,\u2192 pending, status]"])
    ir = _extract([command_lines(command)])
    (ordering,) = _one(ir).failure_ordering
    assert ordering.text == "[alias] < [calling_align, pending, status]"


def test_capitalised_heading_word_and_a_new_interface():
    lines = command_lines(replace(BASE, name="PSCI_CPU_ON")) + command_lines(replace(BASE, number="B4.3.10", name="RHI_HOST_CALL"))
    lines[0] = lines[0].replace(" command", " Command")
    ir = _extract([lines])
    assert [(c.name, c.interface) for c in ir.commands] == [("PSCI_CPU_ON", "PSCI"), ("RHI_HOST_CALL", "RHI")]
    assert _problems(ir) == ["command RHI_HOST_CALL: interface 'RHI' is not one specgen knows (RMI, RSI, PSCI); "
                             "extracted with interface 'RHI'"]


@pytest.mark.parametrize(("register", "bits", "code", "says"), [
    ("X1", "low", "SG101", "PSCI_CPU_ON: register 'flags': bit range 'low' not understood"),
    ("Q1", "63:0", "SG140", "input values row not understood (name 'flags', register 'Q1', bits '63:0'"),
])
def test_a_register_row_not_understood_is_one_located_warning(register, bits, code, says):
    """An unreadable Bits cell is the cell reader's warning (the IR holds no bit range for it);
    any other cell the row reader cannot place is the row's warning; never both for one cell."""
    inputs = [Register("fid", "X0", "63:0", "UInt64", "FID, value 0xC4000003"),
              Register("flags", register, bits, "Bits64", "Flags")]
    ir = _extract([command_lines(replace(BASE, inputs=inputs))])
    (warning,) = [d for d in ir.diagnostics if d.severity is Severity.WARNING]
    assert (warning.code, warning.loc.section) == (code, "B4.3.9.1.1") and says in warning.message
    flags = _one(ir).inputs[1]
    assert (flags.register, flags.bits) == (register, bit_range(bits))


def test_other_numbering_and_indentation():
    """The same command under another chapter number, indented further, in another revision."""
    moved = _one(_extract([command_lines(replace(BASE, number="D7.12.3"), replace(DEFAULT, indent=3))], "3.0-alp1"))
    reference = _one(_extract([command_lines(BASE)]))
    assert moved.section == "D7.12.3"
    assert _sides(moved.failure_conditions) == _sides(reference.failure_conditions)
    assert [(c.name, c.value) for c in moved.context] == [(c.name, c.value) for c in reference.context]


def test_function_pages_of_another_style():
    ir = _extract([function_lines(replace(ENCODE, number="A9.1")) + function_lines(replace(PERMITTED, number="A9.2"))])
    assert [(f.name, f.section, f.body is not None) for f in ir.functions] == [
        ("PsciReturnCodeEncode", "A9.1", False), ("PsciReturnCodePermitted", "A9.2", True)]
    assert _problems(ir) == [] and _problems(ir, Severity.ERROR) == []


@pytest.mark.parametrize("signature", [
    ["func RegisterEncode(value : bits(64), width : integer) => bits(64)"],
    ["func RegisterEncode(", "    value : bits(64),", "    width : integer) => bits(64)"],
])
def test_parenthesised_parameter_types_are_part_of_the_parameter(signature):
    """A parameter type with its own parentheses (``bits(64)``) does not end the parameter
    list, on one line or over several, and the return type after it is read whole."""
    ir = _extract([function_lines(replace(ENCODE, name="RegisterEncode", signature=signature))])
    ((function,),) = [f.signatures for f in ir.functions]
    assert [(p.name, p.type.text) for p in function.params] == [("value", "bits(64)"), ("width", "integer")]
    assert function.returns.text == "bits(64)"
    assert _problems(ir) == []


def test_prose_after_a_functions_pseudocode_is_reported():
    lines = function_lines(PERMITTED) + [place([(13, "The Host may deny a request.")])]
    ir = _extract([lines])
    assert any("1 line(s) of text after its pseudocode not extracted" in m for m in _problems(ir, Severity.INFO))


def test_style_is_not_read_from_the_fixture():
    """A guard on the fixtures themselves: the styles above really change the text."""
    plain = "\n".join(command_lines(BASE))
    assert "Inputs" in "\n".join(command_lines(BASE, with_style(DEFAULT, inputs="Inputs")))
    assert "Identifier" in "\n".join(command_lines(BASE, Style(id_header="Identifier"))) and "Identifier" not in plain
