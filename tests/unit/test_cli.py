"""The command line: exit codes, atomic output, error messages (no corpus needed)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from specgen import __version__
from specgen.cli import main
from tests.fixtures.minispec import minispec_text


@pytest.fixture()
def mini(tmp_path):
    path = tmp_path / "mini.txt"
    path.write_text(minispec_text(), encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_version_and_help():
    assert run("--version").output.strip() == f"specgen, version {__version__}"
    result = run("--help")
    assert result.exit_code == 0 and "extract" in result.output


def test_extract_writes_ir(mini, tmp_path):
    out = tmp_path / "ir.json"
    result = run("extract", mini, "-o", out)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["document"]["version"] == "1.0-rel9" and len(data["commands"]) == 1


def test_extract_to_stdout(mini):
    result = run("extract", mini, "-q")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["schema"] == "specgen-ir/2"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x00\x01binary\x00", "binary content"),
        (b"\xff\xfe not utf8 \xff", "not UTF-8"),
        (b"Hello\nworld\n", "not an Arm RMM specification"),
        (b"%PDF-1.4\n1 0 obj\n<<", "PDF"),
    ],
)
def test_unreadable_inputs_exit_2_and_keep_previous_output(tmp_path, content, message):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    out = tmp_path / "ir.json"
    out.write_text("previous")
    result = run("extract", bad, "-o", out)
    assert result.exit_code == 2
    assert message in result.output and str(bad) in result.output
    assert len(result.output.strip().splitlines()) == 1  # one-line error, no traceback
    assert out.read_text() == "previous"


def test_missing_file_exits_2(tmp_path):
    result = run("extract", tmp_path / "absent.pdf")
    assert result.exit_code == 2


def test_strict_turns_diagnostics_into_exit_1(mini, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text(minispec_text().replace("[rd_state] < [data_align,", "rd_state first, then [data_align,"))
    assert run("extract", broken, "-o", tmp_path / "a.json").exit_code == 0
    result = run("extract", broken, "-o", tmp_path / "b.json", "--strict")
    assert result.exit_code == 1
    assert "page 7" in result.output and "ordering" in result.output
    assert run("extract", mini, "-o", tmp_path / "c.json", "--strict").exit_code == 0


def test_written_files_get_the_usual_mode_not_a_private_one(tmp_path):
    import os
    import stat

    from specgen.output import write_file as write_atomically

    umask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "out" / "f.txt", "x\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "out" / "f.txt").stat().st_mode) == 0o644
