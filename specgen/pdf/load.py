"""Choose the loader by content (not by file name) and report unreadable inputs clearly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from specgen.diagnostics import InputError
from specgen.pdf.model import LayoutDocument

ProgressCallback = Callable[[int, int], None]


def load_layout(path: str | Path, progress: ProgressCallback | None = None) -> LayoutDocument:
    """Load a PDF or a pdftotext layout text. Raises ``InputError`` for anything else."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from None
    if data.lstrip()[:5] == b"%PDF-":
        from specgen.pdf.pdf_loader import load_pdf

        return load_pdf(str(path), data, progress)
    if b"\x00" in data[:4096]:
        raise InputError(str(path), "not a PDF or a pdftotext text file (binary content)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not a PDF, and not UTF-8 text (byte {exc.start})") from None
    from specgen.pdf.text_loader import load_text

    return load_text(str(path), data)
