"""The golden record under ``generated/<version>/``: render, write all-or-nothing, check.

Why one place: ``generated/`` is both the bundled default input (``ir.json`` per revision)
and the committed output of every generator. Regenerating and checking must use the same
rendering, and a failed regeneration must leave the previous files untouched, so files are
rendered in memory first and written by one ``specgen.output.Outputs`` transaction: each
version directory is owned wholly (what is not written any more is removed).

Checking compares with what git would commit: files git ignores (``__pycache__`` left by
running the generated code, ``.pytest_cache``) are not part of the record.
"""

from __future__ import annotations

import difflib
import fnmatch
import subprocess
from pathlib import Path

from specgen.extract.ir import IR, dumps
from specgen.generate.errors import Rendered
from specgen.generate.targets import TARGETS, Renderings
from specgen.output import Outputs


def render_bundle(ir: IR, progress=None) -> Rendered:
    """Every committed file for one revision, by path relative to ``generated/<version>/``:
    the IR and each target's output under ``<target>/``. ``progress(label)`` is told which
    target is being rendered. The targets share one ``Renderings`` (the tests target uses
    the python target's model)."""
    bundle = Rendered(files={"ir.json": dumps(ir)})
    renderings = Renderings(ir)
    for target in sorted(TARGETS):
        if progress is not None:
            progress(f"rendering {ir.document.version}: {target}")
        rendered = renderings.render(target)
        bundle.files.update({f"{target}/{path}": text for path, text in rendered.files.items()})
        bundle.diagnostics.extend(rendered.diagnostics)
    return bundle


def stage_bundle(outputs: Outputs, root: Path, version: str, files: dict[str, str]) -> Path:
    """Add ``root/version`` holding exactly ``files`` to ``outputs`` (written on commit)."""
    outputs.tree(root / version, files, manifest=None)
    return root / version


def write_bundle(root: Path, version: str, files: dict[str, str]) -> Path:
    """Replace the content of ``root/version`` by exactly ``files``, all-or-nothing
    (raises ``specgen.output.OutputError``)."""
    outputs = Outputs()
    final = stage_bundle(outputs, root, version, files)
    outputs.commit()
    return final


def git_ignored(directory: Path, relatives: list[str]) -> set[str]:
    """Which of ``relatives`` (paths under ``directory``) git ignores. Outside a git work
    tree (or without git), the simple patterns of the nearest ``.gitignore`` above apply:
    ``name/`` matches a directory component, other patterns any component."""
    if not relatives:
        return set()
    try:
        result = subprocess.run(
            ["git", "-C", str(directory), "check-ignore", "-z", "--stdin"],
            input="\0".join(relatives) + "\0", capture_output=True, text=True, timeout=60,
        )
        if result.returncode in (0, 1):
            return {p for p in result.stdout.split("\0") if p}
    except (OSError, subprocess.SubprocessError):
        pass
    return _gitignore_fallback(directory, relatives)


def _gitignore_fallback(directory: Path, relatives: list[str]) -> set[str]:
    for parent in (directory, *directory.parents):
        if (parent / ".gitignore").is_file():
            lines = (parent / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
            break
    else:
        return set()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith(("#", "!"))]
    ignored = set()
    for relative in relatives:
        parts = relative.split("/")
        for pattern in patterns:
            name = pattern.strip("/")
            components = parts[:-1] if pattern.endswith("/") else parts
            if "/" not in name and any(fnmatch.fnmatchcase(part, name) for part in components):
                ignored.add(relative)
                break
    return ignored


def check_bundle(root: Path, version: str, files: dict[str, str]) -> list[str]:
    """Differences between the committed ``root/version`` and ``files`` (empty when current);
    files git ignores are not compared."""
    problems = []
    directory = root / version
    present = sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()) if directory.is_dir() else []
    committed = set(present) - git_ignored(directory, present)
    for relative in sorted(committed - set(files)):
        problems.append(f"{version}/{relative}: committed but no longer generated")
    for relative, text in sorted(files.items()):
        path = directory / relative
        if not path.is_file():
            problems.append(f"{version}/{relative}: missing")
            continue
        old = path.read_text(encoding="utf-8")
        if old != text:
            diff = list(difflib.unified_diff(old.splitlines(), text.splitlines(), lineterm="", n=0))
            problems.append(f"{version}/{relative}: differs\n" + "\n".join(diff[2:12]))
    return problems
