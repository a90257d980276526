"""``specgen diff`` and ``specgen regen``: exit codes like diff(1), formats, output files,
atomic regeneration and the diff against the newest older bundled revision (no corpus)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

from specgen.cli import main
from specgen.generate.errors import Rendered
from tests.fixtures.diff_edits import bet0_like_psci, edit_condition, rel0, write_ir
from tests.fixtures.minispec import minispec_text


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def irs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("irs")
    reflowed = edit_condition(rel0(), "RMI_PSCI_COMPLETE", "failure_conditions", "alias", pre="(calling_rec == target_rec)")
    return {
        "bet0": write_ir(folder / "bet0.json", bet0_like_psci(rel0())),
        "rel0": write_ir(folder / "rel0.json", rel0()),
        "reflowed": write_ir(folder / "reflowed.json", reflowed),
    }


def test_same_revision_exits_0():
    result = run("diff", "1.0-rel0", "1.0-rel0")
    assert result.exit_code == 0, result.output
    assert "no changes" in result.output


def test_changes_exit_1_and_are_reported(irs):
    result = run("diff", irs["bet0"], irs["rel0"])
    assert result.exit_code == 1, result.output
    assert "+ input status added (X3 [63:0] PsciReturnCode)" in result.output
    assert "function PsciReturnCodePermitted" in result.output


def test_editorial_only_exits_0_and_shows_with_the_flag(irs):
    hidden = run("diff", irs["rel0"], irs["reflowed"])
    assert hidden.exit_code == 0 and "alias" not in hidden.output
    assert "1 editorial (not shown" in hidden.output
    shown = run("diff", irs["rel0"], irs["reflowed"], "--editorial")
    assert shown.exit_code == 0 and "failure condition alias: written differently, same AST" in shown.output


def test_json_format_and_command_filter(irs):
    result = run("diff", irs["bet0"], irs["rel0"], "--format", "json", "--command", "RMI_PSCI_COMPLETE")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["schema"] == "specgen-diff/1" and data["summary"]["behavioural"] == 8
    other = run("diff", irs["bet0"], irs["rel0"], "--format", "json", "--command", "RMI_DATA_CREATE")
    assert other.exit_code == 0 and json.loads(other.output)["changes"] == []


def test_output_file_for_html_and_markdown(irs, tmp_path):
    for fmt, marker in (("html", "<!DOCTYPE html>"), ("md", "# Behavioural diff")):
        out = tmp_path / f"report.{fmt}"
        result = run("diff", irs["bet0"], irs["rel0"], "-f", fmt, "-o", out)
        assert result.exit_code == 1, result.output
        assert out.read_text(encoding="utf-8").startswith(marker)


def test_errors_exit_2(irs, tmp_path):
    assert run("diff", irs["rel0"], tmp_path / "missing.json").exit_code == 2
    assert run("diff", "9.9-rel0", irs["rel0"]).exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert run("diff", bad, irs["rel0"]).exit_code == 2
    unknown = run("diff", irs["rel0"], irs["rel0"], "--command", "RMI_NO_SUCH")
    assert unknown.exit_code == 2 and "no command 'RMI_NO_SUCH'" in unknown.output
    assert run("diff", irs["rel0"], irs["rel0"], "--format", "pdf").exit_code == 2


def test_internal_error_exits_2_not_1(irs, monkeypatch):
    def broken(old, new):
        raise RuntimeError("bug")

    monkeypatch.setattr("specgen.diff.diff_irs", broken)
    result = run("diff", irs["bet0"], irs["rel0"])
    assert result.exit_code == 2


# --- regen ---------------------------------------------------------------------------------


@pytest.fixture()
def mini(tmp_path):
    path = tmp_path / "mini.txt"
    path.write_text(minispec_text(), encoding="utf-8")
    return path


@pytest.fixture()
def mini_ir(mini):
    from specgen.api import extract_file

    return extract_file(mini)


def test_regen_writes_the_bundle_and_diffs_against_the_newest_older(mini, mini_ir, tmp_path):
    root = tmp_path / "generated"
    older = edit_condition(mini_ir, mini_ir.commands[0].name, "failure_conditions", mini_ir.commands[0].failure_conditions[0].id,
                           post="ResultEqual(result, RMI_ERROR_REALM)")
    for version, ir in (("1.0-eac5", mini_ir), ("1.0-rel1", older), ("1.1-alp0", mini_ir)):
        (root / version).mkdir(parents=True)
        write_ir(root / version / "ir.json", replace(ir, document=replace(ir.document, version=version)))
    result = run("regen", mini, "--output-root", root)
    assert result.exit_code == 0, result.output
    assert (root / "1.0-rel9" / "ir.json").is_file()
    assert "behavioural diff against 1.0-rel1" in result.output
    assert "error code RMI_ERROR_REALM → RMI_ERROR_INPUT" in result.output
    again = run("regen", mini, "--output-root", root, "--format", "json")
    assert again.exit_code == 0
    assert '"schema": "specgen-diff/1"' in again.output


def test_regen_without_older_revision(mini, tmp_path):
    result = run("regen", mini, "--output-root", tmp_path / "generated")
    assert result.exit_code == 0, result.output
    assert "nothing to diff against" in result.output
    assert (tmp_path / "generated" / "1.0-rel9" / "ir.json").is_file()


def test_regen_failure_leaves_previous_files(mini, tmp_path, monkeypatch):
    root = tmp_path / "generated"
    (root / "1.0-rel9").mkdir(parents=True)
    (root / "1.0-rel9" / "ir.json").write_text("previous", encoding="utf-8")

    def failing(ir):
        rendered = Rendered(files={"ir.json": "new"})
        rendered.error("template exploded")
        return rendered

    monkeypatch.setattr("specgen.bundle.render_bundle", failing)
    result = run("regen", mini, "--output-root", root)
    assert result.exit_code == 2
    assert "nothing written" in result.output and "template exploded" in result.output
    assert (root / "1.0-rel9" / "ir.json").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in root.iterdir()) == ["1.0-rel9"]


def test_regen_needs_a_checkout_or_output_root(mini, monkeypatch):
    monkeypatch.setattr("specgen.paths.checkout_generated_dir", lambda: None)
    result = run("regen", mini)
    assert result.exit_code == 2 and "--output-root" in result.output


def test_regen_rejects_unreadable_input(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_text("not a spec\n", encoding="utf-8")
    result = run("regen", junk, "--output-root", tmp_path / "generated")
    assert result.exit_code == 2
    assert not (tmp_path / "generated").exists()
