"""Diagnostic codes are stable and documented: every code a stage gives is in
``specgen.diagnostics.CODES``, the README's code table is that table, and every extraction
diagnostic names its own code (so the extraction default SG100 is never what a user sees)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from specgen.diagnostics import CODES

ROOT = Path(__file__).resolve().parents[2]
SINK_METHODS = {"warn", "info", "error", "add"}


def _readme_codes() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `(SG\d{3})` \| (.+?) \|$", text, re.M))


def test_readme_table_is_the_code_table():
    assert _readme_codes() == CODES


def test_every_code_given_in_the_source_is_documented():
    used = set()
    for path in (ROOT / "specgen").rglob("*.py"):
        used |= set(re.findall(r"\bcode=\"(SG\d{3})\"", path.read_text(encoding="utf-8")))
        used |= set(re.findall(r"default_code=\"(SG\d{3})\"", path.read_text(encoding="utf-8")))
    assert used, "no code found: the pattern no longer matches how codes are given"
    assert used - set(CODES) == set()


def _sink_calls(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SINK_METHODS
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "out"):
            yield node


def test_every_extraction_diagnostic_has_its_own_code():
    calls = [(path, node) for path in sorted((ROOT / "specgen" / "extract").glob("*.py")) for node in _sink_calls(path)]
    assert len(calls) > 30  # the extractors report through ``out``
    unclassified = [f"{path.name}:{node.lineno}" for path, node in calls
                    if not any(keyword.arg == "code" for keyword in node.keywords) and len(node.args) < 4]
    assert unclassified == []


def test_one_message_form_one_code():
    """Two call sites with the same code must say the same kind of thing: a code is given once
    in the extractors, except where one message form is emitted from one conditional call."""
    seen: dict[str, str] = {}
    for path in sorted((ROOT / "specgen" / "extract").glob("*.py")):
        for node in _sink_calls(path):
            for keyword in node.keywords:
                if keyword.arg != "code":
                    continue
                codes = [c.value for c in ast.walk(keyword.value) if isinstance(c, ast.Constant)]
                for code in codes:
                    if code in ("SG101",):  # cell readers: one kind, several cells (bit range, number, width)
                        continue
                    assert code not in seen, f"{code} given at {seen[code]} and {path.name}:{node.lineno}"
                    seen[code] = f"{path.name}:{node.lineno}"
