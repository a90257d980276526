"""Library entry points used by the CLI and by tests: load an IR from any accepted input.

Accepted inputs: a PDF, a ``pdftotext -layout`` text, an IR JSON file, or the name of a
revision bundled under ``generated/<version>/ir.json`` (so users without the PDFs can still
generate code and diff revisions).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from pathlib import Path

from specgen.diagnostics import InputError
from specgen.extract.ir import IR, loads
from specgen.extract.pipeline import extract
from specgen.lang.annotate import annotate
from specgen.pdf.load import ProgressCallback, load_layout
from specgen.paths import generated_dir
from specgen.suggest import did_you_mean

_REVISION_NAME = re.compile(r"^\d+\.\d+-[a-z]+\d+$")


def bundled_versions() -> list[str]:
    """Revisions with a bundled IR, oldest first (by version string order)."""
    try:
        root = generated_dir()
    except FileNotFoundError:
        return []
    return sorted(p.parent.name for p in root.glob("*/ir.json"))


def extract_file(path: str | Path, progress: ProgressCallback | None = None, *,
                 pages: Collection[int] | None = None, revision: str | None = None) -> IR:
    """Extract the IR from a PDF or text, with condition ASTs and name-resolution findings
    (raises InputError when the input cannot be read). ``pages`` reads only those 1-based
    pages of the file; ``revision`` names the revision of a document that does not."""
    return annotate(extract(load_layout(path, progress), pages=pages, revision=revision))


def load_ir(source: str, progress: ProgressCallback | None = None) -> IR:
    """Load an IR from a revision name, an IR JSON, a PDF or a text file."""
    path = Path(source)
    if not path.exists() and _REVISION_NAME.match(source):
        if source not in bundled_versions():
            known = ", ".join(bundled_versions()) or "none"
            hint = did_you_mean(source, bundled_versions())
            raise InputError(source, f"no bundled revision {source!r}{hint} (bundled: {known})")
        path = generated_dir() / source / "ir.json"
    if not path.exists():
        raise InputError(source, "no such file, and not a bundled revision name")
    if path.suffix == ".json":
        try:
            return loads(path.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError, json.JSONDecodeError) as exc:
            raise InputError(str(path), f"not a specgen IR: {exc}") from None
    return extract_file(path, progress)
