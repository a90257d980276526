"""Locate the data directories specgen ships (grammar/, templates/, generated/).

Why one module: in a checkout these directories sit at the top of the repository (the
client's layout), while an installed wheel carries them inside the ``specgen`` package.
Every consumer asks here instead of guessing relative paths.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DIR = _PACKAGE_DIR.parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    checkout = _CHECKOUT_DIR / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"specgen data directory {name!r} not found next to {_PACKAGE_DIR}")


def grammar_dir() -> Path:
    """Directory holding the ``.lark`` grammars."""
    return _data_dir("grammar")


def templates_dir() -> Path:
    """Directory holding the jinja2 templates."""
    return _data_dir("templates")


def generated_dir() -> Path:
    """Directory of bundled outputs (``generated/<version>/ir.json`` …)."""
    return _data_dir("generated")


def checkout_generated_dir() -> Path | None:
    """The writable ``generated/`` of a source checkout, or None when installed."""
    candidate = _CHECKOUT_DIR / "generated"
    return candidate if (_CHECKOUT_DIR / "pyproject.toml").is_file() else None


def corpus_dir() -> Path | None:
    """The DEN0137 corpus: ``$SPECGEN_CORPUS`` or ``../shared/specs`` from the project root."""
    env = os.environ.get("SPECGEN_CORPUS")
    candidates = [Path(env)] if env else []
    candidates.append(_CHECKOUT_DIR.parent / "shared" / "specs")
    candidates.append(Path.cwd().parent / "shared" / "specs")
    for candidate in candidates:
        if (candidate / "README.md").is_file():
            return candidate.resolve()
    return None
