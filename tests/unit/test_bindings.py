"""The explicit binding between the spec and the runtime (``specgen_runtime.bindings``):
the runtime declares it, the generator reads only it, and a spec function the runtime does
not bind is a diagnostic naming every condition it leaves unmodelled (``--strict`` fails)."""

from __future__ import annotations

import inspect

import pytest
from click.testing import CliRunner

from specgen.api import bundled_versions
from specgen.cli import main
from specgen.generate import py_translate
from specgen_runtime import bindings
from specgen_runtime.model import Model

pytestmark = pytest.mark.skipif("1.0-rel0" not in bundled_versions(), reason="1.0-rel0 not bundled")


def test_every_binding_names_a_method_of_the_model_with_the_arity_the_spec_calls():
    registry = bindings.registry()
    assert {"Granule", "GranuleAt", "RttWalk", "PaIsDelegable"} <= set(registry.functions)
    assert registry.functions["GranuleAt"].method == "Granule" and registry.functions["Granule"].state
    assert registry.establishers["ResultEqual"].references == (0,)
    for binding in [*registry.functions.values(), *registry.establishers.values(), *registry.locators.values()]:
        assert callable(getattr(Model, binding.method)), binding
    for rule in registry.prose.values():
        assert len(inspect.signature(getattr(Model, rule.method)).parameters) - 1 == len(rule.args), rule
    assert all(hasattr(Model, name) for name in registry.constants)


def test_a_name_bound_twice_is_refused():
    class Twice:
        @bindings.spec_function("F")
        def one(self):
            return 1

        @bindings.spec_function("F")
        def two(self):
            return 2

    with pytest.raises(TypeError, match="bound twice"):
        bindings.collect(Twice)


def test_rel0_is_fully_bound():
    from specgen.api import load_ir
    from specgen.generate.python_model import build_model

    assert [message for message, _loc in build_model(load_ir("1.0-rel0")).warnings] == []


def test_unbinding_a_runtime_function_reports_the_conditions_and_strict_fails(tmp_path, monkeypatch):
    reduced = bindings.registry().without("PaIsDelegable")
    monkeypatch.setattr(py_translate, "registry", lambda: reduced)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", "1.0-rel0", "-t", "python", "-o", str(out), "--strict"])
    text = " ".join(result.output.split())
    lost = _not_executable(reduced) - _not_executable(bindings.registry())
    assert len(lost) > 20
    assert f"function PaIsDelegable has no body and no runtime binding: {len(lost)} condition(s) not modelled" in text
    assert "RMI_DATA_CREATE failure src_bound" in text and "RMI_DATA_CREATE failure data_bound" in text
    assert "RMI_DATA_CREATE failure condition src_bound not modelled" in text  # listed as left out too
    assert result.exit_code == 1 and "--strict" in text


def _not_executable(registry) -> set:
    from specgen.api import load_ir
    from specgen.generate.python_model import build_model, command_coverage

    rows = set()
    for view in build_model(load_ir("1.0-rel0"), registry).commands:
        coverage = command_coverage(view)
        for kind in ("failure", "success", "footprint"):
            rows |= {(view.name, kind, i) for i, ok, _how in getattr(coverage, kind) if not ok}
    return rows


def test_unbinding_a_predicate_or_prose_rule_is_reported_too():
    from specgen.api import load_ir
    from specgen.generate.python_model import build_model

    ir = load_ir("1.0-rel0")
    reduced = bindings.registry().without("prose_wipe_granule", "ResultEqual")
    model = build_model(ir, reduced)
    messages = [message for message, _loc in model.warnings]
    assert any("prose RMI_GRANULE_UNDELEGATE gran_content (post) is not bound" in m for m in messages), messages
    assert any("function ResultEqual has no body and no runtime binding" in m for m in messages), messages
