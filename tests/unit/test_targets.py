"""Targets rendered together share what they build on, explicitly (``targets.Renderings``):
the tests target gets the python target's model from the caller, nothing is cached in a
module between callers."""

from __future__ import annotations

import sys
import types

import pytest
from click.testing import CliRunner

from specgen.bundle import render_bundle
from specgen.cli import main
from specgen.extract.ir import dumps
from specgen.generate import python_model, targets
from specgen.generate.targets import BUILDS_ON, TARGETS, Renderings, render_target
from tests.unit.test_generate_python import minispec_ir


@pytest.fixture
def model_builds(monkeypatch):
    """How many times the Python model view is built (once per rendering of the model)."""
    calls = []
    real = python_model.build_model

    def counting(ir, bindings=None):
        calls.append(ir)
        return real(ir, bindings)

    monkeypatch.setattr(python_model, "build_model", counting)
    return calls


def test_a_bundle_renders_the_model_once_for_the_python_and_tests_targets(model_builds):
    bundle = render_bundle(minispec_ir())
    assert any(path.startswith("python/") for path in bundle.files)
    assert len(model_builds) == 1


def test_generate_with_python_and_tests_renders_the_model_once(model_builds, tmp_path):
    source = tmp_path / "mini.json"
    source.write_text(dumps(minispec_ir()), encoding="utf-8")
    for order in (("python", "tests"), ("tests", "python")):
        model_builds.clear()
        out = tmp_path / "-".join(order)
        args = ["generate", str(source), "-q", "-o", str(out)]
        for target in order:
            args += ["-t", target]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert (out / "python" / "den0137_1_0_rel9" / "commands.py").is_file()
        assert len(model_builds) == 1, order


def test_nothing_is_kept_between_callers(model_builds):
    ir = minispec_ir()
    first, second = python_model.render(ir), python_model.render(ir)
    assert first is not second and first.files == second.files
    Renderings(ir).render("python")
    render_target("python", ir)
    assert len(model_builds) == 4
    assert not [name for name in vars(python_model) if name.isupper() and name.startswith("_")]


def test_a_target_building_on_another_is_given_that_rendering(monkeypatch):
    """The mechanism, on a target of our own: it receives the very rendering the caller's
    Renderings holds; a rendering with options is not kept for later calls."""
    received = []

    def render(ir, progress=None, model=None, **options):
        received.append((model, options))
        return python_model.Rendered(files={"x.txt": str(len(received))})

    module = types.ModuleType("specgen_test_fake_target")
    module.render = render
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(TARGETS, "fake", module.__name__)
    monkeypatch.setitem(BUILDS_ON, "fake", ("python", "model"))
    renderings = Renderings(minispec_ir())
    python = renderings.render("python")
    fake = renderings.render("fake")
    assert received == [(python, {})] and renderings.render("fake") is fake
    again = renderings.render("fake", colour="blue")
    assert received[-1] == (python, {"colour": "blue"}) and again is not fake
    assert renderings.render("fake") is fake
    with pytest.raises(KeyError, match="unknown target 'nope'"):
        renderings.render("nope")
    assert targets.BUILDS_ON["tests"] == ("python", "model")
