"""Excerpts, page ranges, --revision and the losses that must never be silent (no corpus).

The excerpt is four pages of a DEN0137-like document made in the test: a page of functions
(printed page 14), an RMI command over two pages (31-32) below the tail of the command before
it, and a PSCI command (page 80): numbering jumps from B3.27 to B4.3.7 to B6.3.3.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from specgen.api import extract_file, load_ir
from specgen.cli import main
from specgen.diagnostics import InputError, Severity
from specgen.diff import diff_irs
from specgen.extract.accounting import accounting
from specgen.extract.ir import to_data
from tests.corpus.test_pdf_vs_text import without_locations
from tests.fixtures.excerpt_types import as_without_definitions
from tests.fixtures.minispec import minispec_text, render_pdf
from tests.fixtures.specbuilder import Furniture, psci_excerpt


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(ir) -> list[str]:
    return [str(d) for d in ir.diagnostics if d.severity is not Severity.INFO]


@pytest.fixture(scope="module")
def excerpts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("excerpts")
    eac3 = _write(folder, "eac3.txt", psci_excerpt(with_status=True, revision="1.0-eac3"))
    bet0 = _write(folder, "bet0.txt", psci_excerpt(with_status=False, revision="1.0-bet0"))
    return folder, extract_file(bet0), extract_file(eac3)


def test_excerpt_is_extracted_completely(excerpts):
    _folder, _bet0, ir = excerpts
    assert ir.document.version == "1.0-eac3"
    assert [(c.name, c.section) for c in ir.commands] == [("RMI_PSCI_COMPLETE", "B4.3.7"), ("PSCI_CPU_ON", "B6.3.3")]
    assert [f.name for f in ir.functions] == ["PsciReturnCodeEncode", "PsciReturnCodePermitted"]
    assert _problems(ir) == []
    psci = ir.commands[0]
    assert [r.name for r in psci.inputs] == ["fid", "calling_rec", "target_rec", "status"]
    assert psci.fid == 0xC4000164
    assert [c.id for c in psci.failure_conditions] == ["alias", "calling_align", "pending", "status"]
    assert {c.loc.page for c in psci.failure_conditions} == {3, 4}  # the table goes on over a page break
    assert [c.id for c in psci.success_conditions] == ["pending", "on_already", "on_success", "status"]
    assert [f.id for f in psci.footprint] == ["target_pc", "calling_pend"]
    cpu_on = ir.commands[1]
    assert [(v.name, v.value) for v in cpu_on.context] == [("realm", "CurrentRealm()"), ("target_rec", "RecFromMpidr(target_cpu)")]
    account = accounting(ir)
    assert (account.complete_commands, account.commands, account.parsed_conditions, account.conditions) == (2, 2, 11, 11)


def test_what_the_excerpt_cuts_is_reported_not_attached(excerpts):
    """Page 31 starts with the end of the command before RMI_PSCI_COMPLETE, whose heading is
    not in the excerpt; those lines are reported, and attached to no section."""
    _folder, _bet0, ir = excerpts
    (outside,) = [d for d in ir.diagnostics if "follow a break in the text" in d.message]
    assert (outside.severity, outside.loc.page) == (Severity.INFO, 3)
    assert "gran_state" not in json.dumps(to_data(ir.functions))


def test_diff_of_two_excerpts_reports_exactly_the_edits(excerpts):
    _folder, bet0, eac3 = excerpts
    report = diff_irs(bet0, eac3)
    found = sorted((c.kind, c.name, c.item) for c in report.behavioural)
    assert found == [
        ("failure_condition.added", "RMI_PSCI_COMPLETE", "status"),
        ("function.added", "PsciReturnCodePermitted", ""),
        ("input.added", "RMI_PSCI_COMPLETE", "status"),
        ("success_condition.added", "RMI_PSCI_COMPLETE", "status"),
        ("success_condition.pre_changed", "RMI_PSCI_COMPLETE", "on_already"),
        ("success_condition.pre_changed", "RMI_PSCI_COMPLETE", "on_success"),
    ]
    assert not [c for c in report.changes if c.name == "PSCI_CPU_ON" and c.category == "behavioural"]


def test_diff_and_generate_work_on_excerpt_irs(excerpts, tmp_path):
    folder, _bet0, _eac3 = excerpts
    runner = CliRunner()
    for name in ("bet0", "eac3"):
        result = runner.invoke(main, ["extract", str(folder / f"{name}.txt"), "-o", str(tmp_path / f"{name}.json"), "-q"])
        assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["diff", str(tmp_path / "bet0.json"), str(tmp_path / "eac3.json"), "-f", "json"])
    assert result.exit_code == 1 and json.loads(result.stdout)["summary"]["behavioural"] == 6
    result = runner.invoke(main, ["generate", str(tmp_path / "eac3.json"), "-t", "python", "-t", "c", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "c" / "den0137_1_0_eac3.h").is_file()


def test_excerpt_pdf_gives_the_text_ir(excerpts, tmp_path):
    folder, _bet0, text_ir = excerpts
    pdf = tmp_path / "eac3.pdf"
    pdf.write_bytes(render_pdf((folder / "eac3.txt").read_text(encoding="utf-8"), rotated_watermark=False))
    pdf_ir = extract_file(pdf)
    assert without_locations(to_data(pdf_ir)["commands"]) == without_locations(to_data(text_ir)["commands"])
    assert without_locations(to_data(pdf_ir)["functions"]) == without_locations(to_data(text_ir)["functions"])
    assert _problems(pdf_ir) == []


def test_revision_for_a_document_that_does_not_name_it(tmp_path):
    bare = Furniture(footer=("DEN0137   Example Ltd.   {page}",))
    path = _write(tmp_path, "bare.txt", psci_excerpt(revision=None, furniture=bare, title=False))
    with pytest.raises(InputError, match="give it with --revision"):
        extract_file(path)
    ir = extract_file(path, revision="1.0-eac3")
    assert ir.document.version == "1.0-eac3" and len(ir.commands) == 2 and _problems(ir) == []
    runner = CliRunner()
    assert runner.invoke(main, ["extract", str(path), "-q"]).exit_code == 2
    assert runner.invoke(main, ["extract", str(path), "--revision", "1.0-eac3", "-q", "--strict"]).exit_code == 0
    assert runner.invoke(main, ["extract", str(path), "--revision", "eac3", "-q"]).exit_code == 2


def test_revision_that_contradicts_the_document_is_a_warning(tmp_path):
    path = _write(tmp_path, "eac3.txt", psci_excerpt(revision="1.0-eac3"))
    ir = extract_file(path, revision="1.0-eac4")
    assert ir.document.version == "1.0-eac4"
    assert any("names revision 1.0-eac3" in p for p in _problems(ir))


def test_pages_reads_only_those_pages(tmp_path):
    path = _write(tmp_path, "mini.txt", minispec_text())
    whole = extract_file(path)
    functions = extract_file(path, pages=range(3, 6))
    assert [f.name for f in functions.functions] == [f.name for f in whole.functions]
    assert functions.commands == () and functions.types == ()
    command = extract_file(path, pages=[6, 7])
    # Page numbers are the file's, so even the locations agree. What pages 6-7 lack is the type
    # chapter (pages 8-9): the command's references to the document's own types stay unresolved
    # there (kind unknown), and that is the only difference; with the type pages it is none.
    unresolved: list[str] = []
    defined = {t.name for t in command.types}
    assert to_data(command.commands[0]) == as_without_definitions(to_data(whole.commands[0]), defined, unresolved)
    assert unresolved and all(name in {t.name for t in whole.types} for name in unresolved)
    assert _problems(command) == []
    with_types = extract_file(path, pages=range(6, 10))
    assert to_data(with_types.commands[0]) == to_data(whole.commands[0])
    runner = CliRunner()
    result = runner.invoke(main, ["extract", str(path), "--pages", "6-7", "-o", str(tmp_path / "ir.json")])
    assert result.exit_code == 0, result.output
    assert "commands complete 1/1" in result.output
    assert runner.invoke(main, ["extract", str(path), "--pages", "7-6"]).exit_code == 2
    assert runner.invoke(main, ["extract", str(path), "--pages", "99"]).exit_code == 2


def test_a_range_that_cuts_a_command_reports_what_is_missing(tmp_path):
    path = _write(tmp_path, "mini.txt", minispec_text())
    ir = extract_file(path, pages=[6])
    (problem,) = [d for d in ir.diagnostics if d.severity is Severity.WARNING]
    assert "RMI_DATA_CREATE: no 'Success conditions', 'Footprint' subsection" in problem.message
    assert accounting(ir).complete_commands == 0


def test_nothing_found_exits_2_and_writes_nothing(tmp_path):
    path = _write(tmp_path, "prose.txt", "Realm Management Monitor specification\nVersion: 1.0-rel9\n\f"
                                         "B1.1 Introduction\n  This document has no commands at all.\n\f")
    ir = extract_file(path)
    assert [d.severity for d in ir.diagnostics if "no command, function or type" in d.message] == [Severity.ERROR]
    output = tmp_path / "ir.json"
    result = CliRunner().invoke(main, ["extract", str(path), "-o", str(output)])
    assert result.exit_code == 2 and not output.exists()
    assert "no command, function or type found" in result.output


def test_types_alone_are_a_valid_excerpt(tmp_path):
    path = _write(tmp_path, "mini.txt", minispec_text())
    ir = extract_file(path, pages=[8, 9])
    assert ir.commands == () and len(ir.types) == 8
    assert any(d.severity is Severity.INFO and "no command sections" in d.message for d in ir.diagnostics)
    assert CliRunner().invoke(main, ["extract", str(path), "--pages", "8-9", "-q", "--strict"]).exit_code == 0


def test_a_misspelt_command_heading_is_a_warning(tmp_path):
    path = _write(tmp_path, "mini.txt", minispec_text().replace("B2.3.1 RMI_DATA_CREATE command", "B2.3.1 RMI_DATA-CREATE command"))
    ir = extract_file(path)
    assert ir.commands == ()
    (warning,) = _problems(ir)
    assert "section B2.3.1 'RMI_DATA-CREATE command' looks like a command heading" in warning
    assert "page 6" in warning and "not extracted" in warning
    assert CliRunner().invoke(main, ["extract", str(path), "-q", "--strict"]).exit_code == 1


def test_an_image_only_page_is_a_warning_and_its_loss_is_named(tmp_path):
    """Page 7 of the mini spec holds the end of the failure conditions, the ordering, the
    success conditions and the footprint of RMI_DATA_CREATE; as an image it has no text."""
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(render_pdf(image_pages=frozenset({7})))
    ir = extract_file(pdf)
    problems = _problems(ir)
    assert problems[0].startswith("page 7, line 1: warning SG112: page 7 has no extractable text")
    assert any("RMI_DATA_CREATE: no 'Success conditions', 'Footprint' subsection" in p for p in problems)
    (command,) = ir.commands
    assert [c.id for c in command.failure_conditions] == ["data_align"]  # what page 6 holds, nothing invented
    assert accounting(ir).pages_without_text == (7,)
    result = CliRunner().invoke(main, ["extract", str(pdf), "-o", str(tmp_path / "ir.json"), "--strict"])
    assert result.exit_code == 1 and "pages without text 1 (7)" in result.output


def test_a_doubtful_heading_line_is_reported(tmp_path):
    text = minispec_text().replace("           Returns the Granule at address addr.\n",
                                   "           Returns the Granule at address addr.\nC9.9.9 See also\n")
    ir = extract_file(_write(tmp_path, "mini.txt", text))
    (note,) = [d for d in ir.diagnostics if "heading-like" in d.message]
    assert note.severity is Severity.INFO and "C9.9.9 'See also' is read as text" in note.message
    assert [f.name for f in ir.functions][:2] == ["AddrInRange", "Granule"]


def test_load_ir_accepts_excerpt_ir_json(excerpts, tmp_path):
    _folder, _bet0, ir = excerpts
    from specgen.extract.ir import dumps

    path = tmp_path / "excerpt.json"
    path.write_text(dumps(ir), encoding="utf-8")
    assert load_ir(str(path)) == ir
