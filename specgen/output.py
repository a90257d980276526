"""Writing outputs all-or-nothing: stage every file, then move them all into place.

Why one transaction per command: ``generate -t python -t c`` writes two trees, ``golden``
one tree per revision, ``extract -o`` a single file. If any write fails (permission, a path
under a regular file, a full disk) the user must find their previous outputs exactly as they
were, not the C files of the new revision next to the Python files of the old one. So an
``Outputs`` collects what to write, and ``commit`` does it in three steps:

1. create missing directories and write every new file to a temporary file next to its
   destination (this is where permission and disk-space errors surface);
2. move each destination aside and the temporary file into its place (renames within one
   directory), and move aside what is to be removed;
3. only when every step succeeded, delete what was moved aside.

Any failure undoes the steps taken (moved-aside files are put back, created directories
removed) and raises ``OutputError``: one line, naming the path and the reason.

**Owned trees.** A generation target owns its output subdirectory (``<out>/python/`` …) and
records what it wrote in a manifest (``.specgen-manifest.json``). Writing the tree again
removes the files of the previous manifest that are no longer written (and their bytecode
caches), so a directory used for another revision before holds only the new revision's
files. Files specgen did not write (not in the manifest) are left alone. A tree may instead
be owned wholly (``manifest=None``; ``generated/<version>/``): then everything in it that is
not written is removed.
"""

from __future__ import annotations

import errno
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Mapping

MANIFEST = ".specgen-manifest.json"
MANIFEST_SCHEMA = "specgen-manifest/1"


class OutputError(Exception):
    """An output could not be written; nothing was changed. ``str()`` is one line."""

    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"cannot write {path}: {reason}")


@dataclass
class Written:
    """What a commit did (paths as given)."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class _Tree:
    directory: Path
    files: dict[str, str]
    manifest: str | None
    about: dict


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "no space left on the device"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EROFS:
        return "read-only file system"
    return (error.strerror or str(error)).lower()


def _file_mode() -> int:
    """0666 less the umask: what an ordinary ``open(path, "w")`` gives (not mkstemp's 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _safe_relative(text: str) -> PurePosixPath | None:
    """A manifest entry, if it stays inside its tree (a hostile manifest deletes nothing else)."""
    path = PurePosixPath(text)
    if path.is_absolute() or not path.parts or any(part in ("..", "") for part in path.parts):
        return None
    return path


def read_manifest(directory: Path, name: str = MANIFEST) -> set[str] | None:
    """The files a previous run recorded in ``directory`` (None: no manifest there)."""
    path = directory / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    except OSError as error:
        raise OutputError(path, f"cannot read the manifest ({_reason(error)})") from None
    except ValueError:
        raise OutputError(path, "the manifest is not specgen's (not JSON); remove it to write here") from None
    files = data.get("files") if isinstance(data, dict) else None
    if data.get("schema") != MANIFEST_SCHEMA or not isinstance(files, list):
        raise OutputError(path, "the manifest is not specgen's; remove it to write here")
    kept = {str(p) for p in map(_safe_relative, (f for f in files if isinstance(f, str))) if p is not None}
    return kept


class Outputs:
    """The outputs of one command; nothing is written before ``commit``."""

    def __init__(self) -> None:
        self._files: dict[Path, str] = {}
        self._trees: list[_Tree] = []

    def file(self, path: Path, text: str) -> None:
        self._files[Path(path)] = text

    def tree(self, directory: Path, files: Mapping[str, str], *, manifest: str | None = MANIFEST,
             about: Mapping[str, str] | None = None) -> None:
        """``files`` (paths relative to ``directory``, ``/``-separated) as the whole content
        specgen owns in ``directory``; ``about`` goes into the manifest (target, revision)."""
        self._trees.append(_Tree(Path(directory), dict(files), manifest, dict(about or {})))

    def __len__(self) -> int:
        return len(self._files) + sum(len(t.files) for t in self._trees)

    # ---- planning ------------------------------------------------------------------------------

    def _plan(self) -> tuple[dict[Path, str], list[Path]]:
        writes = dict(self._files)
        removals: list[Path] = []
        for tree in self._trees:
            for relative, text in tree.files.items():
                if _safe_relative(relative) is None:
                    raise OutputError(tree.directory / relative, "not a path inside the output directory")
                writes[tree.directory / relative] = text
            if tree.manifest is not None:
                listing = {"schema": MANIFEST_SCHEMA, **tree.about, "files": sorted(tree.files)}
                writes[tree.directory / tree.manifest] = json.dumps(listing, indent=2, sort_keys=True) + "\n"
                previous = read_manifest(tree.directory, tree.manifest) if tree.directory.is_dir() else None
                stale = sorted((previous or set()) - set(tree.files))
            else:
                stale = sorted(_all_files(tree.directory) - set(tree.files)) if tree.directory.is_dir() else []
            for relative in stale:
                path = tree.directory / relative
                removals.append(path)
                removals.extend(_bytecode_of(path))
        return writes, [p for p in dict.fromkeys(removals) if p not in writes and (p.is_file() or p.is_symlink())]

    # ---- the transaction -----------------------------------------------------------------------

    def commit(self) -> Written:
        """Write everything or nothing (raises OutputError, with everything as before)."""
        writes, removals = self._plan()
        done = Written()
        created: list[Path] = []
        staged: dict[Path, Path] = {}
        moved: list[tuple[Path, Path | None]] = []  # (destination, its previous file moved aside)
        aside: list[tuple[Path, Path]] = []  # removed files moved aside: (original, aside)
        try:
            mode = _file_mode()
            for path, text in sorted(writes.items()):
                _make_parents(path, created)
                if path.is_dir():
                    raise OutputError(path, "is a directory")
                if _same_content(path, text):
                    done.unchanged.append(path)
                    continue
                staged[path] = _stage(path, text, mode)
            for path, temporary in staged.items():
                previous = _move_aside(path) if os.path.lexists(path) else None
                moved.append((path, previous))
                os.replace(temporary, path)
                done.written.append(path)
            for path in removals:
                aside.append((path, _move_aside(path)))
                done.removed.append(path)
        except BaseException as error:
            _undo(staged, moved, aside, created)
            if isinstance(error, OSError):
                raise OutputError(getattr(error, "filename", None) or "output", _reason(error)) from None
            raise
        for _path, previous in moved:
            if previous is not None:
                _unlink_quietly(previous)
        for _path, previous in aside:
            _unlink_quietly(previous)
        for path in removals:
            _prune_empty(path.parent, stop={t.directory for t in self._trees})
        return done


def _all_files(directory: Path) -> set[str]:
    return {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file() or p.is_symlink()}


def _bytecode_of(path: Path) -> list[Path]:
    """``__pycache__/<stem>.*.pyc`` of a Python file: derived from what specgen wrote."""
    if path.suffix != ".py":
        return []
    cache = path.parent / "__pycache__"
    return sorted(cache.glob(f"{path.stem}.*.pyc")) if cache.is_dir() else []


def _make_parents(path: Path, created: list[Path]) -> None:
    """Create the missing directories above ``path`` (recorded, to be removed on failure)."""
    missing = []
    parent = path.parent
    while not parent.exists():
        if os.path.lexists(parent):  # a dangling symbolic link
            raise OutputError(path, f"{parent} is a broken symbolic link")
        missing.append(parent)
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(path, f"{parent} is not a directory")
    for directory in reversed(missing):
        try:
            directory.mkdir()
        except OSError as error:
            raise OutputError(directory, _reason(error)) from None
        created.append(directory)


def _same_content(path: Path, text: str | bytes) -> bool:
    try:
        if isinstance(text, bytes):  # a binary output (an image)
            return path.is_file() and path.read_bytes() == text
        return path.is_file() and path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def _stage(path: Path, text: str | bytes, mode: int) -> Path:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as error:
        raise OutputError(path, _reason(error)) from None
    try:
        if isinstance(text, bytes):  # a binary output (an image)
            with os.fdopen(fd, "wb") as handle:
                handle.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        os.chmod(temporary, mode)  # os.open applies the umask already; chmod is explicit
    except OSError as error:
        _unlink_quietly(temporary)
        raise OutputError(path, _reason(error)) from None
    return temporary


def _move_aside(path: Path) -> Path:
    aside = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.old")
    try:
        os.replace(path, aside)
    except OSError as error:
        raise OutputError(path, _reason(error)) from None
    return aside


def _undo(staged: dict[Path, Path], moved, aside, created: list[Path]) -> None:
    for original, moved_to in reversed(aside):
        _restore(moved_to, original)
    for path, previous in reversed(moved):
        if previous is not None:
            _restore(previous, path)
        else:
            _unlink_quietly(path)
    for temporary in staged.values():
        _unlink_quietly(temporary)
    for directory in reversed(created):
        try:
            directory.rmdir()
        except OSError:
            pass


def _restore(source: Path, destination: Path) -> None:
    try:
        os.replace(source, destination)
    except OSError:
        pass


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _prune_empty(directory: Path, stop: set[Path]) -> None:
    """Remove directories left empty (or holding only an empty ``__pycache__``) by removals,
    up to the owned tree's root, which stays."""
    while directory not in stop and any(directory.is_relative_to(s) for s in stop):
        cache = directory / "__pycache__"
        try:
            if cache.is_dir() and not any(cache.iterdir()):
                cache.rmdir()
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent


def write_file(path: Path, text: str | bytes) -> None:
    """One file (text, or bytes for a binary file), all-or-nothing (raises OutputError)."""
    outputs = Outputs()
    outputs.file(path, text)
    outputs.commit()
