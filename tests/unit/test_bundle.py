"""The bundled IRs and the atomic bundle writer (no corpus needed)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from specgen.api import bundled_versions, load_ir
from specgen.bundle import check_bundle, write_bundle
from specgen.cli import main
from specgen.diagnostics import InputError
from specgen.extract.ir import dumps
from specgen.paths import generated_dir


def test_every_bundled_ir_loads_and_serialises_identically():
    versions = bundled_versions()
    assert "1.0-rel0" in versions
    for version in versions:
        path = generated_dir() / version / "ir.json"
        ir = load_ir(version)
        assert ir.document.version == version
        assert dumps(ir) == path.read_text(encoding="utf-8")


def test_show_a_bundled_revision():
    result = CliRunner().invoke(main, ["show", "1.0-rel0", "--command", "RMI_PSCI_COMPLETE"])
    assert result.exit_code == 0, result.output
    assert "PsciReturnCodePermitted" in result.output and "status" in result.output


def test_unknown_revision_is_an_input_error():
    with pytest.raises(InputError, match="no bundled revision"):
        load_ir("9.9-rel9")
    assert CliRunner().invoke(main, ["show", "9.9-rel9"]).exit_code == 2


def test_write_bundle_replaces_the_whole_directory(tmp_path):
    write_bundle(tmp_path, "1.0-x", {"ir.json": "one\n", "c/old.h": "old\n"})
    assert check_bundle(tmp_path, "1.0-x", {"ir.json": "one\n", "c/old.h": "old\n"}) == []
    write_bundle(tmp_path, "1.0-x", {"ir.json": "two\n"})
    assert sorted(p.name for p in (tmp_path / "1.0-x").rglob("*")) == ["ir.json"]
    problems = check_bundle(tmp_path, "1.0-x", {"ir.json": "three\n", "new.txt": "x"})
    assert problems[0].startswith("1.0-x/ir.json: differs") and problems[1] == "1.0-x/new.txt: missing"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_failed_write_leaves_previous_bundle(tmp_path, monkeypatch):
    import errno
    import os

    from specgen.output import OutputError

    write_bundle(tmp_path, "1.0-x", {"ir.json": "good\n", "c/a.h": "a\n"})
    real = os.replace
    calls = []

    def fail_third(source, destination):  # the first moves succeed, then the disk fails
        calls.append(source)
        if len(calls) == 3:
            raise OSError(errno.EIO, "Input/output error", str(destination))
        return real(source, destination)

    monkeypatch.setattr("specgen.output.os.replace", fail_third)
    with pytest.raises(OutputError, match="input/output error"):
        write_bundle(tmp_path, "1.0-x", {"ir.json": "bad\n", "c/a.h": "b\n", "python/new.py": "n\n"})
    monkeypatch.undo()
    assert len(calls) > 3  # the moves were undone
    assert (tmp_path / "1.0-x" / "ir.json").read_text() == "good\n"
    assert (tmp_path / "1.0-x" / "c" / "a.h").read_text() == "a\n"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "1.0-x", "1.0-x/c", "1.0-x/c/a.h", "1.0-x/ir.json"]


def test_the_test_session_writes_no_bytecode():
    import os
    import subprocess
    import sys

    assert sys.dont_write_bytecode
    child = subprocess.run([sys.executable, "-c", "import sys; print(sys.dont_write_bytecode)"],
                           capture_output=True, text=True, env=dict(os.environ))
    assert child.stdout.strip() == "True"  # the generated suites run in subprocesses


def _git_repo(path):
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    (path / ".gitignore").write_text("__pycache__/\n.pytest_cache/\n")


def test_check_ignores_what_git_ignores(tmp_path):
    _git_repo(tmp_path)
    root = tmp_path / "generated"
    files = {"ir.json": "x\n", "python/pkg/__init__.py": "y\n"}
    write_bundle(root, "1.0-x", files)
    cache = root / "1.0-x" / "python" / "pkg" / "__pycache__"
    cache.mkdir()
    (cache / "__init__.cpython-311.pyc").write_bytes(b"\0")
    (root / "1.0-x" / "tests" / ".pytest_cache").mkdir(parents=True)
    (root / "1.0-x" / "tests" / ".pytest_cache" / "README.md").write_text("cache")
    assert check_bundle(root, "1.0-x", files) == []
    (root / "1.0-x" / "python" / "pkg" / "stray.py").write_text("z\n")  # not ignored: reported
    assert check_bundle(root, "1.0-x", files) == ["1.0-x/python/pkg/stray.py: committed but no longer generated"]


def test_outside_git_the_gitignore_patterns_apply(tmp_path, monkeypatch):
    from specgen.bundle import git_ignored

    (tmp_path / ".gitignore").write_text("# comment\n__pycache__/\n*.egg-info/\n*.pyc\n")
    monkeypatch.setenv("PATH", "")  # no git
    found = git_ignored(tmp_path, ["a/__pycache__/x.pyc", "a/b.py", "__pycache__", "x.pyc", "m.egg-info/PKG-INFO"])
    assert found == {"a/__pycache__/x.pyc", "x.pyc", "m.egg-info/PKG-INFO"}
