"""Conformance tests target: world, candidates, search, plan, checks, generator, mutation.

Uses the committed rel0 IR (generated/1.0-rel0/ir.json, part of the repository) cut down to
a few commands, so the stimulus search stays fast and no corpus is needed."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import types
from functools import cache

import pytest
from click.testing import CliRunner

from specgen.api import load_ir
from specgen.cli import main
from specgen.conformance import candidates
from specgen_runtime.suite.adapter import ModelAdapter, NotObservable, load_adapter, plain
from specgen_runtime.suite.checks import Target, assert_permitted, check_failure, check_success
from specgen.conformance.mutation import run_mutants
from specgen.conformance.plan import Planner
from specgen.conformance.report import coverage, totals
from specgen.conformance.variants import drop_condition, ordered_pairs, swap_pair
from specgen.conformance.world import plan_world
from specgen_runtime.builder import apply_steps
from specgen.generate import conformance_tests, python_model
from specgen.generate.conformance_tests import load_rendered_model, plan_suite
from specgen.generate.formatting import is_black_clean
from specgen.generate.targets import TARGETS

SUBSET = ("RMI_GRANULE_DELEGATE", "RMI_DATA_CREATE", "RMI_REALM_CREATE", "PSCI_CPU_ON")


@cache
def subset_ir():
    ir = load_ir("1.0-rel0")
    return dataclasses.replace(ir, commands=tuple(c for c in ir.commands if c.name in SUBSET))


@cache
def model_rendering():
    return python_model.render(subset_ir())


@cache
def package():
    return load_rendered_model(model_rendering().files)


@cache
def suite():
    return plan_suite(subset_ir(), model=model_rendering())


@cache
def rendered():
    result = conformance_tests.render(subset_ir(), model=model_rendering())
    assert result.ok, [str(d) for d in result.diagnostics]
    return result


def command_plan(name):
    plan, _planner = suite()
    return next(c for c in plan.commands if c.name == name)


def test_target_is_registered():
    assert TARGETS["tests"] == "specgen.generate.conformance_tests"


# ---- world and candidates -------------------------------------------------------------------------


def test_world_is_data_and_deterministic():
    model = package().new_model()
    first, second = plan_world(model), plan_world(package().new_model())
    assert first.steps == second.steps and first.addresses == second.addresses
    assert json.loads(json.dumps(first.steps)) == list(first.steps)  # plain data only
    names = [name for name, _value in first.addresses]
    assert len(names) == len(set(names))


def test_world_has_a_granule_in_every_state_and_realms_in_every_state():
    model = package().new_model()
    world = plan_world(model)
    apply_steps(model, world.steps)
    states = {member.name for member in model.T.RmmGranuleState}
    seen = {model.granule_state_name(pa) for pa in model.state.granules}
    assert states <= seen
    realm_states = {plain(obj.state) for _pa, obj in model.live("RD")}
    assert realm_states == {member.name for member in model.T.RmmRealmState}


def test_fieldset_candidates_cover_each_field_and_a_reserved_bit():
    flags = package().types.RmiRealmFlags  # lpa2, sve, pmu at bits 0, 1, 2
    values = candidates.fieldset_candidates(flags)
    assert {0, 1 << 0, 1 << 1, 1 << 2, 1 << 3} <= set(values)


def test_enum_candidates_include_an_invalid_encoding():
    algorithms = package().types.RmiHashAlgorithm
    assert candidates.enum_candidates(algorithms) == [0, 1, 2]


# ---- variants -------------------------------------------------------------------------------------


def test_variants_drop_and_swap_change_the_ordering_closure():
    spec = package().new_model().spec("RMI_DATA_CREATE")
    pairs = ordered_pairs(spec)
    assert ("rd_state", "realm_state") in pairs
    dropped = drop_condition(spec, "rd_state")
    assert "rd_state" not in {c.id for c in dropped.failure}
    assert all("rd_state" not in before + after for before, after in dropped.ordering)
    swapped = swap_pair(spec, "rd_state", "realm_state")
    assert "realm_state" in swapped.precedes["rd_state"]
    assert "rd_state" not in swapped.precedes["realm_state"]


# ---- search and plan ------------------------------------------------------------------------------


def test_every_failure_condition_of_the_subset_has_a_stimulus():
    plan, _planner = suite()
    for command in plan.commands:
        assert [t.condition for t in command.failures] == [c.id for c in package().new_model().spec(command.name).failure]
        # a test that does not tell a spec without its condition apart has company: a
        # condition that always holds with it and gives the same result
        assert all(t.distinguishes or len(t.holding) > 1 for t in command.failures), command.name
        assert command.success is not None, command.name
    distinguishing = sum(t.distinguishes for c in plan.commands for t in c.failures)
    assert distinguishing >= 0.8 * sum(c.conditions for c in plan.commands)


def test_a_failure_test_expects_the_result_its_post_gives():
    test = next(t for t in command_plan("RMI_GRANULE_DELEGATE").failures if t.condition == "gran_align")
    assert test.holding == ("gran_align",)
    assert test.permitted == ((("X0", 1, (1 << 64) - 1),),)  # RMI_ERROR_INPUT, index 0
    assert ("granule", dict(test.stimulus.inputs)["addr"] & ~0xFFF, "state") in test.footprint


def test_host_structures_are_found_and_filled_in():
    success = command_plan("RMI_REALM_CREATE").success
    assert success is not None
    (pa, type_name, fields), = success.stimulus.memory
    assert type_name == "RmiRealmParams" and dict(success.stimulus.inputs)["params_ptr"] == pa
    assert {"s2sz", "rtt_base", "rtt_num_start"} <= {name for name, _value in fields}


def test_pairs_that_never_hold_together_are_reported_unobservable():
    missing = {m.item: m for m in command_plan("RMI_DATA_CREATE").missing}
    assert missing["rd_state < realm_state"].unobservable
    assert "undefined" in missing["rd_state < realm_state"].reason


def test_the_plan_is_deterministic():
    again = Planner(package()).plan(commands=["RMI_DATA_CREATE"]).commands[0]
    assert again == command_plan("RMI_DATA_CREATE")


def test_coverage_report_counts_per_interface():
    plan, _planner = suite()
    by_interface = totals(coverage(plan))
    assert by_interface["all"].conditions == sum(c.conditions for c in plan.commands)
    assert by_interface["all"].failures == by_interface["all"].conditions
    assert set(by_interface) == {"RMI", "PSCI", "all"}


# ---- checks and adapters --------------------------------------------------------------------------


def test_assert_permitted_compares_only_the_given_bits():
    assert_permitted({"X0": 0x0201}, [[("X0", 0x01, 0xFF)]], "x")
    with pytest.raises(AssertionError, match="permits"):
        assert_permitted({"X0": 0x0201}, [[("X0", 0x0301, 0xFFFF)], [("X0", 0, 0xFF)]], "x")


class FakeAdapter:
    """An RMM that gets everything right except that it changes state when failing."""

    def __init__(self, outputs, change):
        self.outputs, self.change, self.state = outputs, change, {}

    def start(self, steps):
        self.state = {("granule", 1, "state"): "DELEGATED"}

    def call(self, fid, registers, caller):
        if self.change:
            self.state[("granule", 1, "state")] = "RD"
        return self.outputs

    def observe(self, location):
        if location not in self.state:
            raise NotObservable(location)
        return self.state[location]


def test_check_failure_catches_a_footprint_change_and_skips_unobservable_locations():
    stimulus = {"caller": None, "registers": {"X1": 1}, "memory": []}
    watch = [["granule", 1, "state"], ["object", 2, "state"]]
    permitted = [[("X0", 1, (1 << 64) - 1)]]
    check_failure(Target(FakeAdapter({"X0": 1}, change=False), []), 0, stimulus, permitted, watch)
    with pytest.raises(AssertionError, match="footprint"):
        check_failure(Target(FakeAdapter({"X0": 1}, change=True), []), 0, stimulus, permitted, watch)


def test_check_success_compares_the_state_after():
    stimulus = {"caller": None, "registers": {"X1": 1}, "memory": []}
    target = Target(FakeAdapter({"X0": 0}, change=True), [])
    check_success(target, 0, stimulus, [("X0", 0, 0xFF)], [[["granule", 1, "state"], "RD"]])
    with pytest.raises(AssertionError, match="expected 'DATA'"):
        check_success(target, 0, stimulus, [("X0", 0, 0xFF)], [[["granule", 1, "state"], "DATA"]])


def test_load_adapter_takes_a_module_factory(monkeypatch):
    module = types.ModuleType("my_rmm_adapter")
    module.make = lambda package_name: ("adapter for", package_name)
    monkeypatch.setitem(sys.modules, "my_rmm_adapter", module)
    assert load_adapter("my_rmm_adapter:make", "den0137_1_0_rel0") == ("adapter for", "den0137_1_0_rel0")


def test_model_adapter_reads_state_as_plain_values():
    adapter = ModelAdapter(package())
    world = plan_world(package().new_model())
    adapter.start(list(world.steps))
    rd = dict(world.addresses)["rd_new"]
    assert adapter.observe(("granule", rd, "state")) == "RD"
    assert adapter.observe(("object", rd, "state")) == "REALM_NEW"


# ---- generator ------------------------------------------------------------------------------------


def test_rendered_files_are_black_clean_and_deterministic():
    files = rendered().files
    assert sorted(files) == ["conftest.py", "pytest.ini", "test_psci_cpu_on.py", "test_rmi_data_create.py",
                             "test_rmi_granule_delegate.py", "test_rmi_realm_create.py"]
    for path, text in files.items():
        if path.endswith(".py"):
            assert is_black_clean(text), path
            assert text.startswith("# Conformance tests for Arm DEN0137 1.0-rel0")
    assert conformance_tests.render(subset_ir()).files == files  # the model rendered again: the same


def test_golden_files(golden):
    for path, text in sorted(rendered().files.items()):
        golden(f"tests/rel0_subset/{path}", text)


def test_generated_suite_runs_and_passes_against_the_model(tmp_path):
    for path, text in rendered().files.items():
        (tmp_path / "tests" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "tests" / path).write_text(text)
    for path, text in model_rendering().files.items():
        (tmp_path / "python" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "python" / path).write_text(text)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", str(tmp_path / "tests")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    plan, _planner = suite()
    expected = sum(len(c.failures) + len(c.orders) + (c.success is not None) for c in plan.commands)
    assert f"{expected} passed" in run.stdout


def test_hostile_condition_id_is_refused():
    ir = subset_ir()
    command = ir.commands[0]
    evil = dataclasses.replace(command.failure_conditions[0], id="x(): import os #")
    command = dataclasses.replace(command, failure_conditions=(evil,) + command.failure_conditions[1:])
    result = conformance_tests.render(dataclasses.replace(ir, commands=(command,)))
    assert not result.ok and not result.files
    assert "identifier" in " ".join(str(d) for d in result.diagnostics)


# ---- mutation -------------------------------------------------------------------------------------


def test_mutants_of_the_subset_are_killed(tmp_path):
    for path, text in rendered().files.items():
        (tmp_path / path).write_text(text)
    plan, planner = suite()
    report = run_mutants(planner.package, tmp_path, commands=["RMI_DATA_CREATE"], plan=plan)
    kinds = {(r.mutant.kind, r.mutant.item): r for r in report.results}
    assert kinds[("drop", "src_align")].killed and kinds[("swap", "ipa_bound < rtte_state")].killed
    assert kinds[("swap", "rd_state < realm_state")].equivalent  # never hold together
    assert report.count(killed=False, equivalent=False) == 0, [
        (r.mutant.command, r.mutant.item) for r in report.results if not r.killed and not r.equivalent
    ]
    assert report.score == 1.0 and report.count(equivalent=True) >= 1


# ---- CLI ------------------------------------------------------------------------------------------


def one_command_ir(tmp_path):
    from specgen.extract.ir import dumps

    ir = subset_ir()
    source = tmp_path / "one.json"
    source.write_text(dumps(dataclasses.replace(ir, commands=(ir.commands[0],))))
    return source


def test_cli_conformance_report(tmp_path):
    source = one_command_ir(tmp_path)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["conformance-report", str(source), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "totals per interface" in result.output and subset_ir().commands[0].name in result.output
    report = json.loads(out.read_text())
    assert report["totals"]["all"]["failure_conditions"]["covered"] == report["totals"]["all"]["failure_conditions"]["total"]


def test_cli_generate_tests_target(tmp_path):
    source = one_command_ir(tmp_path)
    result = CliRunner().invoke(main, ["generate", str(source), "-t", "tests", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    name = subset_ir().commands[0].name.lower()
    assert (tmp_path / "out" / "tests" / f"test_{name}.py").is_file()
