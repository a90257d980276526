"""The all-or-nothing writer (specgen.output): staging, owned trees, manifests, rollback."""

from __future__ import annotations

import errno
import json
import os

import pytest

from specgen.output import MANIFEST, OutputError, Outputs, read_manifest, write_file


def tree(directory):
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())


def write_tree(directory, files, **kwargs):
    outputs = Outputs()
    outputs.tree(directory, files, **kwargs)
    return outputs.commit()


def test_an_owned_tree_removes_what_it_no_longer_writes_and_keeps_foreign_files(tmp_path):
    out = tmp_path / "python"
    write_tree(out, {"pkg_a/__init__.py": "a\n", "pkg_a/x.py": "x\n", "common.txt": "1\n"})
    (out / "notes.txt").write_text("mine\n")  # not written by specgen: kept
    (out / "pkg_a" / "__pycache__").mkdir()
    (out / "pkg_a" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")  # bytecode of a file it wrote
    written = write_tree(out, {"pkg_b/__init__.py": "b\n", "common.txt": "2\n"})
    assert tree(out) == [MANIFEST, "common.txt", "notes.txt", "pkg_b/__init__.py"]
    assert not (out / "pkg_a").exists()  # emptied directories go too
    assert sorted(p.name for p in written.removed) == ["__init__.py", "x.cpython-311.pyc", "x.py"]
    assert read_manifest(out) == {"pkg_b/__init__.py", "common.txt"}


def test_a_wholly_owned_tree_keeps_nothing_else(tmp_path):
    write_tree(tmp_path / "v", {"a": "1\n"}, manifest=None)
    (tmp_path / "v" / "stray").write_text("x")
    write_tree(tmp_path / "v", {"b": "2\n"}, manifest=None)
    assert tree(tmp_path / "v") == ["b"]


def test_unchanged_files_are_not_rewritten(tmp_path):
    path = tmp_path / "f.txt"
    write_file(path, "same\n")
    os.utime(path, (1_000_000, 1_000_000))
    outputs = Outputs()
    outputs.file(path, "same\n")
    result = outputs.commit()
    assert result.unchanged == [path] and result.written == []
    assert path.stat().st_mtime == 1_000_000


def test_a_path_under_a_regular_file_fails_and_changes_nothing(tmp_path):
    (tmp_path / "file").write_text("x")
    outputs = Outputs()
    outputs.file(tmp_path / "ok" / "a.txt", "a")
    outputs.file(tmp_path / "file" / "sub" / "b.txt", "b")
    with pytest.raises(OutputError, match="is not a directory") as caught:
        outputs.commit()
    assert "\n" not in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # the created "ok/" is gone again


def test_a_full_disk_while_staging_changes_nothing(tmp_path, monkeypatch):
    write_file(tmp_path / "a.txt", "old a\n")
    write_file(tmp_path / "b.txt", "old b\n")
    real = os.fdopen
    opened = []

    class Full:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, text):
            raise OSError(errno.ENOSPC, "No space left on device")

    def fdopen(fd, *args, **kwargs):
        handle = real(fd, *args, **kwargs)
        opened.append(fd)
        return handle if len(opened) == 1 else Full(handle)  # the second file does not fit

    monkeypatch.setattr("specgen.output.os.fdopen", fdopen)
    outputs = Outputs()
    outputs.file(tmp_path / "a.txt", "new a\n")
    outputs.file(tmp_path / "b.txt", "new b\n")
    with pytest.raises(OutputError, match="no space left on the device"):
        outputs.commit()
    assert (tmp_path / "a.txt").read_text() == "old a\n" and (tmp_path / "b.txt").read_text() == "old b\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]  # no temporary files left


def test_a_failure_after_some_moves_undoes_them(tmp_path, monkeypatch):
    out = tmp_path / "c"
    write_tree(out, {"one.h": "1\n", "two.h": "2\n"})
    before = {p: (out / p).read_text() for p in tree(out)}
    real = os.replace
    calls = []

    def fail_late(source, destination):
        calls.append(source)
        if len(calls) == 4:
            raise OSError(errno.EIO, "Input/output error")
        return real(source, destination)

    monkeypatch.setattr("specgen.output.os.replace", fail_late)
    with pytest.raises(OutputError):
        write_tree(out, {"one.h": "one\n", "three.h": "3\n"})
    monkeypatch.undo()
    assert {p: (out / p).read_text() for p in tree(out)} == before


def test_a_manifest_that_is_not_specgens_stops_the_write(tmp_path):
    out = tmp_path / "python"
    out.mkdir()
    (out / MANIFEST).write_text("not json")
    with pytest.raises(OutputError, match="not specgen's"):
        write_tree(out, {"a.py": "a\n"})
    assert tree(out) == [MANIFEST]


def test_a_hostile_manifest_deletes_nothing_outside_its_tree(tmp_path):
    out = tmp_path / "python"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    listing = {"schema": "specgen-manifest/1", "files": ["../victim.txt", str(victim), "a.py"]}
    (out / MANIFEST).write_text(json.dumps(listing))
    write_tree(out, {"b.py": "b\n"})
    assert victim.read_text() == "keep"


def test_files_outside_the_tree_are_refused(tmp_path):
    with pytest.raises(OutputError, match="not a path inside"):
        write_tree(tmp_path / "t", {"../escape.txt": "x"})
    assert not (tmp_path / "escape.txt").exists()
