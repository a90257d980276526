"""A generated model stands alone: it names the runtime it needs in its own pyproject.toml,
and runs with the runtime only — the generator's packages cannot even be imported.

The full check, a fresh venv with only the runtime wheel, the model and pytest running the
life-cycle example and the generated suite, is ``scripts/standalone_runtime.py`` (it builds
wheels and installs packages, too slow for the suite); this test runs the example in an
isolated interpreter whose imports of the generator's packages fail.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import specgen_runtime
from specgen.api import bundled_versions
from specgen.paths import generated_dir

ROOT = Path(__file__).resolve().parents[2]
GENERATOR_ONLY = ("specgen", "jinja2", "lark", "pdfplumber", "black", "rich", "click", "markupsafe")

BLOCKER = """
import sys, importlib.abc
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ImportError(f"{{name}} is part of the generator, not of the runtime")
sys.meta_path.insert(0, Refuse())
sys.path[:0] = {paths!r}
sys.argv = {argv!r}
import runpy; runpy.run_path(sys.argv[0], run_name="__main__")
"""


def test_runtime_version_is_the_distributions():
    project = tomllib.loads((ROOT / "runtime" / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert (project["name"], project["version"], project["dependencies"]) == (
        "specgen-runtime", specgen_runtime.__version__, [])


@pytest.mark.parametrize("version", bundled_versions())
def test_generated_model_names_the_runtime_it_needs(version):
    folder = generated_dir() / version / "python"
    project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    (package,) = project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    assert (folder / package / "__init__.py").is_file()
    (requirement,) = project["project"]["dependencies"]
    assert requirement.startswith(f"specgen-runtime>={specgen_runtime.__version__},<")


@pytest.mark.skipif("1.0-rel0" not in bundled_versions(), reason="1.0-rel0 not bundled")
def test_life_cycle_runs_with_the_runtime_alone():
    example = str(ROOT / "examples" / "realm_lifecycle.py")
    model = str(generated_dir() / "1.0-rel0" / "python")
    code = BLOCKER.format(blocked=GENERATOR_ONLY, paths=[str(ROOT / "runtime")],
                          argv=[example, "--model-dir", model])
    result = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "RMI_REALM_DESTROY" in result.stdout

    probe = BLOCKER.format(blocked=GENERATOR_ONLY, paths=[str(ROOT / "runtime")], argv=["-"])
    refused = subprocess.run([sys.executable, "-I", "-c", probe.replace(
        'import runpy; runpy.run_path(sys.argv[0], run_name="__main__")', "import specgen")],
        capture_output=True, text=True)
    assert refused.returncode != 0 and "part of the generator" in refused.stderr
