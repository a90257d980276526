"""ASTs attached to the IR, name resolution and the check report (no corpus needed)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from click.testing import CliRunner

from specgen.cli import main
from specgen.extract.ir import dumps, loads
from specgen.extract.pipeline import extract
from specgen import nodes as ast
from specgen.lang.annotate import annotate
from specgen.lang.check import check_report
from specgen.lang.resolve import findings
from specgen.pdf.text_loader import layout_from_text
from tests.fixtures.minispec import minispec_text


def _ir(text: str):
    return annotate(extract(layout_from_text(text, "mini.txt", "0" * 64)))


@pytest.fixture(scope="module")
def ir():
    return _ir(minispec_text())


def test_every_condition_value_and_body_has_an_ast(ir):
    (command,) = ir.commands
    assert all(c.pre_ast and c.post_ast for c in command.failure_conditions)
    assert all(c.post_ast for c in command.success_conditions)
    assert command.success_conditions[1].post_ast == ast.Prose("Contents of target Granule are wiped.")
    assert all(v.value_ast for v in command.context) and all(f.value_ast for f in command.footprint)
    assert command.failure_ordering[0].ast == ast.Ordering(("rd_state",), ("data_align", "data_bound2"))
    in_range = ir.functions[0]
    assert in_range.body_ast.statements[0].__class__ is ast.If
    assert all(s.ast for f in ir.functions for s in f.signatures)


def test_ast_json_survives_the_ir_round_trip(ir):
    assert loads(dumps(ir)) == ir


def test_parse_error_names_command_condition_page_line_and_column():
    text = minispec_text().replace("pre: Granule(rd).state != RD", "pre: Granule(rd).state != != RD")
    diagnostics = [d for d in _ir(text).diagnostics if d.severity.value == "error"]
    assert len(diagnostics) == 1
    (error,) = diagnostics
    assert "RMI_DATA_CREATE failure condition 'rd_state' (pre)" in error.message
    assert (error.loc.page, error.loc.section, error.loc.column) == (7, "B2.3.1.2", 23)  # column within the condition text
    assert error.message.splitlines()[-1].strip() == "^"


def test_the_clean_mini_spec_resolves_completely(ir):
    assert list(findings(ir)) == []


def test_resolution_flags_unknown_names_functions_and_ordering_ids(ir):
    text = (minispec_text().replace("ResultEqual(result, RMI_ERROR_INPUT)", "ResultEquals(result, RMI_ERROR_INPT)")
            .replace("Granule(data).state == DATA", "Granule(data).state == DATTA"))
    kinds = {(f.kind, f.name) for f in findings(_ir(text))}
    assert kinds == {("unknown function", "ResultEquals"), ("unresolved name", "RMI_ERROR_INPT"),
                     ("unresolved name", "DATTA")}

    broken = replace(ir, commands=(replace(ir.commands[0], failure_ordering=(
        replace(ir.commands[0].failure_ordering[0], after=("data_align", "no_such_id")),)),))
    assert ("unknown ordering id", "no_such_id") in {(f.kind, f.name) for f in findings(broken)}


def test_arity_mismatch_is_reported():
    text = minispec_text().replace("Granule(data).state == DATA", "Granule(data, rd).state == DATA")
    found = [f for f in findings(_ir(text)) if f.kind == "arity"]
    assert [(f.name, f.loc.page) for f in found] == [("Granule", 7)]


def test_members_are_checked_against_the_inferred_type():
    # realm is an RmmRealm (extracted): strict check; it has a 'state' but no 'feat_sve'.
    text = minispec_text().replace("realm.feat_lpa2 == FEATURE_FALSE", "realm.feat_sve == FEATURE_FALSE")
    (finding,) = findings(_ir(text))
    assert (finding.kind, finding.name) == ("unknown member", "feat_sve")
    assert "type RmmRealm has no member" in finding.detail


def test_check_report_and_command(tmp_path, ir):
    report = check_report(ir)
    assert report.counts == {} and report.checked["condition sides"] == 8 and report.prose == 1
    path = tmp_path / "ir.json"
    path.write_text(dumps(ir))
    assert CliRunner().invoke(main, ["check", str(path)]).exit_code == 0
    broken = tmp_path / "broken.txt"
    broken.write_text(minispec_text().replace("ResultEqual(result, RMI_ERROR_INPUT)", "ResultEquals(result, RMI_ERROR_INPUT)"))
    result = CliRunner().invoke(main, ["check", str(broken)])
    assert result.exit_code == 1
    assert "unknown function ResultEquals in RMI_DATA_CREATE" in result.output
    assert "page 6" in result.output
