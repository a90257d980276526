"""One pipeline, one direction: every module of specgen imports only modules of its own stage
or of the stages below it (imports inside functions count too), parsing never imports the
code generators' libraries, and the runtime imports nothing of the generator.

Stages, lowest first (README "Pipeline"): the shared base (the IR and its AST nodes, the JSON
codec, diagnostics, paths, output staging, suggestions), pdf, structure, extract, lang,
conformance (stimulus search over a generated model: it needs only the runtime), generate,
diff and lint, the library entry points (api, bundle), cli.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BASE = ("specgen", "specgen.diagnostics", "specgen.codec", "specgen.nodes", "specgen.paths", "specgen.output",
        "specgen.suggest", "specgen.extract.ir")
STAGES: list[tuple[str, ...]] = [
    BASE,
    ("specgen.pdf",),
    ("specgen.structure",),
    ("specgen.extract",),
    ("specgen.lang",),
    ("specgen.conformance",),
    ("specgen.generate",),
    ("specgen.diff", "specgen.lint"),
    ("specgen.api", "specgen.bundle"),
    ("specgen.cli",),
]
PARSING = ("specgen.pdf", "specgen.structure", "specgen.extract", "specgen.lang")
GENERATOR_LIBRARIES = ("jinja2", "markupsafe", "black")


def stage(module: str) -> int:
    """The stage of ``module``: the most specific prefix listed (``specgen.extract.ir`` is
    base, ``specgen.extract.commands`` extract)."""
    best, level = "", None
    for index, prefixes in enumerate(STAGES):
        for prefix in prefixes:
            matches = module == prefix or (prefix != "specgen" and module.startswith(prefix + "."))
            if matches and len(prefix) > len(best):
                best, level = prefix, index
    if level is None and module.split(".")[0] == "specgen":
        return 0 if module == "specgen" else -1
    return level


def imports(path: Path) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
    return found


def module_name(path: Path, package_root: Path) -> str:
    parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_every_module_has_a_stage():
    unplaced = [module_name(p, ROOT / "specgen") for p in (ROOT / "specgen").rglob("*.py")
                if stage(module_name(p, ROOT / "specgen")) < 0]
    assert unplaced == [], "add these modules to a stage in this test and in the README"


def test_stages_import_only_the_stages_below_them():
    wrong = []
    for path in sorted((ROOT / "specgen").rglob("*.py")):
        module = module_name(path, ROOT / "specgen")
        for imported, line in imports(path):
            if imported.split(".")[0] != "specgen":
                continue
            if stage(imported) > stage(module):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {module} (stage {stage(module)}) imports "
                             f"{imported} (stage {stage(imported)})")
    assert wrong == [], "\n".join(wrong)


def test_parsing_never_imports_the_generators_libraries():
    wrong = [f"{path.relative_to(ROOT)}:{line}: {imported}"
             for path in sorted((ROOT / "specgen").rglob("*.py"))
             if module_name(path, ROOT / "specgen").startswith(PARSING) or stage(module_name(path, ROOT / "specgen")) == 0
             for imported, line in imports(path) if imported.split(".")[0] in GENERATOR_LIBRARIES]
    assert wrong == []


def test_the_runtime_imports_nothing_of_the_generator():
    wrong = [f"{path.relative_to(ROOT)}:{line}: {imported}"
             for path in sorted((ROOT / "runtime" / "specgen_runtime").rglob("*.py"))
             for imported, line in imports(path) if imported.split(".")[0] == "specgen"]
    assert wrong == []


def test_the_check_catches_an_upward_import(tmp_path):
    assert stage("specgen.extract.commands") < stage("specgen.lang.parse") < stage("specgen.generate.layout")
    assert stage("specgen.extract.ir") == 0 and stage("specgen.cli.commands.show") == len(STAGES) - 1
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from specgen.generate.layout import Layouts\n", encoding="utf-8")
    assert [(name, line) for name, line in imports(bad)] == [("specgen.generate.layout", 2)]
