"""Outputs of the command line: all-or-nothing, stale files removed, write errors as one
line with exit 2 (permission cases as an unprivileged user, see tests/fixtures/unprivileged)."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from specgen.cli import main
from tests.fixtures import unprivileged
from tests.fixtures.minispec import VERSION, minispec_text


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def snapshot(directory):
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def write_spec(path, version=VERSION):
    path.write_text(minispec_text().replace(VERSION, version), encoding="utf-8")
    return path


@pytest.fixture()
def specs(tmp_path):
    return {"old": write_spec(tmp_path / "old.txt"), "new": write_spec(tmp_path / "new.txt", "1.0-rel10")}


def test_generating_another_revision_into_a_used_directory_leaves_no_stale_files(specs, tmp_path):
    out = tmp_path / "o"
    assert run("generate", specs["old"], "-t", "python", "-t", "c", "-o", out).exit_code == 0
    (out / "c" / "my_notes.txt").write_text("mine")  # not specgen's: kept
    result = run("generate", specs["new"], "-t", "python", "-t", "c", "-o", out)
    assert result.exit_code == 0, result.output
    files = snapshot(out)
    assert not [p for p in files if "rel9" in p], sorted(files)
    assert "python/den0137_1_0_rel10/commands.py" in files and "c/den0137_1_0_rel10.h" in files
    assert "c/my_notes.txt" in files
    assert "stale files removed" in result.output


def test_one_target_keeps_the_other_targets_files(specs, tmp_path):
    out = tmp_path / "o"
    run("generate", specs["old"], "-t", "python", "-t", "c", "-o", out)
    before_c = snapshot(out / "c")
    assert run("generate", specs["new"], "-t", "python", "-o", out).exit_code == 0
    assert snapshot(out / "c") == before_c  # c/ is not python's to touch


def _single_line_error(result_text: str, *words: str) -> None:
    lines = [line for line in result_text.strip().splitlines() if line]
    assert len(lines) == 1, result_text
    assert lines[0].startswith("error: cannot write") and "Traceback" not in result_text
    for word in words:
        assert word in lines[0], lines[0]


def test_output_under_a_regular_file_is_one_line_exit_2_and_nothing_written(specs, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("extract", specs["old"], "-q", "-o", blocker / "ir.json")
    assert result.exit_code == 2
    _single_line_error(result.output, "is not a directory", str(blocker))
    result = run("generate", specs["old"], "-q", "-t", "python", "-t", "c", "-o", blocker / "out")
    assert result.exit_code == 2
    _single_line_error(result.output, "is not a directory", "nothing was changed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "new.txt", "old.txt"]


def test_a_full_disk_is_one_line_exit_2_and_the_previous_output_stays(specs, tmp_path, monkeypatch):
    import errno

    out = tmp_path / "o"
    run("generate", specs["old"], "-t", "python", "-t", "c", "-o", out)
    before = snapshot(out)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("specgen.output.os.fdopen", full)
    result = run("generate", specs["new"], "-q", "-t", "python", "-t", "c", "-o", out)
    assert result.exit_code == 2
    _single_line_error(result.output, "no space left on the device")
    assert snapshot(out) == before


# ---- as a user the permission bits apply to ----------------------------------------------------


@pytest.fixture()
def home():
    directory = unprivileged.workdir()
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def _spec_in(home, version=VERSION):
    path = write_spec(home / f"spec-{version}.txt", version)
    unprivileged.chown_tree(path)
    return path


def test_extract_into_a_directory_the_user_cannot_write(home):
    spec = _spec_in(home)
    locked = home / "locked"
    locked.mkdir()
    (locked / "ir.json").write_text("previous")
    unprivileged.chown_tree(locked)
    locked.chmod(0o555)
    (locked / "ir.json").chmod(0o444)
    result = unprivileged.specgen("extract", spec, "-q", "-o", locked / "ir.json", cwd=home)
    assert result.returncode == 2, result.stderr
    _single_line_error(result.stderr, "permission denied", str(locked))
    assert (locked / "ir.json").read_text() == "previous" and sorted(p.name for p in locked.iterdir()) == ["ir.json"]


def test_generate_into_a_read_only_directory(home):
    spec = _spec_in(home)
    target = home / "ro"
    target.mkdir()
    unprivileged.chown_tree(target)
    target.chmod(0o555)
    result = unprivileged.specgen("generate", spec, "-q", "-t", "python", "-t", "c", "-o", target, cwd=home)
    assert result.returncode == 2, result.stderr
    _single_line_error(result.stderr, "permission denied", "nothing was changed")
    assert list(target.iterdir()) == []


@pytest.mark.parametrize("locked", ["python", "python/den0137_1_0_rel9"])
def test_a_read_only_target_directory_writes_no_other_target(home, locked):
    """The issue's case: python/ read-only, `generate -t python -t c` must not write c/."""
    old, new = _spec_in(home), _spec_in(home, "1.0-rel10")
    out = home / "o"
    first = unprivileged.specgen("generate", old, "-q", "-t", "python", "-t", "c", "-o", out, cwd=home)
    assert first.returncode == 0, first.stderr
    (out / locked).chmod(0o555)
    before = snapshot(out)
    result = unprivileged.specgen("generate", new, "-q", "-t", "c", "-t", "python", "-o", out, cwd=home)
    (out / locked).chmod(0o755)
    assert result.returncode == 2, result.stderr
    _single_line_error(result.stderr, "permission denied")
    assert snapshot(out) == before
    assert not [p for p in out.rglob("*") if p.name.endswith((".tmp", ".old"))]
