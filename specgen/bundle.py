"""The golden record under ``generated/<version>/``: render, write atomically, check.

Why one place: ``generated/`` is both the bundled default input (``ir.json`` per revision)
and the committed output of every generator. Regenerating and checking must use the same
rendering, and a failed regeneration must leave the previous files untouched, so files are
rendered in memory first and the version directory is swapped in with renames.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from pathlib import Path

from specgen.extract.ir import IR, dumps
from specgen.generate.errors import Rendered
from specgen.generate.targets import TARGETS, render_target


def render_bundle(ir: IR) -> Rendered:
    """Every committed file for one revision, by path relative to ``generated/<version>/``:
    the IR and each target's output under ``<target>/``."""
    bundle = Rendered(files={"ir.json": dumps(ir)})
    for target in sorted(TARGETS):
        rendered = render_target(target, ir)
        bundle.files.update({f"{target}/{path}": text for path, text in rendered.files.items()})
        bundle.diagnostics.extend(rendered.diagnostics)
    return bundle


def write_bundle(root: Path, version: str, files: dict[str, str]) -> Path:
    """Replace ``root/version`` by exactly ``files``, atomically (rename swap)."""
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=root))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; the result is an ordinary directory
        for relative, text in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        final = root / version
        retired = None
        if final.exists():
            retired = root / f".{version}.old"
            shutil.rmtree(retired, ignore_errors=True)
            os.replace(final, retired)
        os.replace(staging, final)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
        return final
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def check_bundle(root: Path, version: str, files: dict[str, str]) -> list[str]:
    """Differences between the committed ``root/version`` and ``files`` (empty when current)."""
    problems = []
    directory = root / version
    committed = {str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file()} if directory.is_dir() else set()
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
