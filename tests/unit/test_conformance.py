"""Conformance tests target: the world as a trace, candidates, search, plan, the harness,
the generator, mutation.

Uses the committed rel0 IR (generated/1.0-rel0/ir.json, part of the repository). The world
is reached with every command of the revision; only a few commands are planned, so the
stimulus search stays fast and no corpus is needed."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import types
from functools import cache

import pytest
from click.testing import CliRunner

from specgen.api import load_ir
from specgen.cli import main
from specgen.conformance import candidates
from specgen.conformance.mutation import run_mutants
from specgen.conformance.plan import Planner
from specgen.conformance.report import coverage, totals
from specgen.conformance.search import Oracle, Stimulus, host_structure, judge_stimulus
from specgen.conformance.variants import drop_condition, ordered_pairs, swap_pair
from specgen.conformance.world import RUNNING_REASON, plan_world, sparse
from specgen.generate import conformance_tests, python_model
from specgen.generate.conformance_tests import load_rendered_model, plan_suite
from specgen.generate.formatting import is_black_clean
from specgen.generate.targets import TARGETS
from specgen_runtime.state import changed_leaves
from specgen_runtime.suite.adapter import ModelAdapter, NotObservable, load_adapter, plain
from specgen_runtime.suite.checks import (
    SetupError,
    Target,
    assert_permitted,
    check_failure,
    check_success,
    memory_bytes,
)

SUBSET = ("RMI_GRANULE_DELEGATE", "RMI_DATA_CREATE", "RMI_REALM_CREATE", "PSCI_CPU_ON")


@cache
def rel0_ir():
    return load_ir("1.0-rel0")


@cache
def model_rendering():
    return python_model.render(rel0_ir())


@cache
def package():
    return load_rendered_model(model_rendering().files)


@cache
def world():
    return plan_world(package())


@cache
def suite():
    return plan_suite(rel0_ir(), commands=SUBSET, model=model_rendering())


@cache
def rendered():
    result = conformance_tests.render_plan(rel0_ir(), *suite())
    assert result.ok, [str(d) for d in result.diagnostics]
    return result


def command_plan(name):
    plan, _planner = suite()
    return next(c for c in plan.commands if c.name == name)


def target_for(adapter):
    built, _model = world()
    return Target(adapter, built.trace, built.host)


def test_target_is_registered():
    assert TARGETS["tests"] == "specgen.generate.conformance_tests"


# ---- the world: a trace of interface calls ---------------------------------------------------------


def test_world_is_a_trace_of_plain_data_and_deterministic():
    first, _model = world()
    second, _other = plan_world(package())
    assert first.trace == second.trace and first.addresses == second.addresses
    assert json.loads(json.dumps(first.trace)) == list(first.trace)  # plain data only
    kinds = {next(k for k in ("smc", "write", "guest") if k in step) for step in first.trace}
    assert kinds == {"smc", "write", "guest"}
    names = [name for name, _value in first.addresses]
    assert len(names) == len(set(names))


def test_world_has_a_granule_in_every_state_and_realms_in_every_state():
    built, model = world()
    states = {member.name for member in model.T.RmmGranuleState}
    seen = {state for state, _pas in built.granules} | {"UNDELEGATED"}
    assert states <= seen
    realm_states = {plain(obj.state) for _pa, obj in model.live("RD")}
    assert realm_states == {member.name for member in model.T.RmmRealmState}
    recs = {pa: rec for pa, rec in model.live("REC")}
    named = dict(built.addresses)
    assert recs[named["rec_psci_pending_active"]].psci_pending == model.E.PSCI_REQUEST_PENDING
    assert recs[named["rec_attesting_active"]].attest_state == model.E.ATTEST_IN_PROGRESS
    full = model.Realm(named["rd_full"])
    assert int(full.num_recs) == (1 << model.platform.features.max_recs_order) - 1


def test_what_the_interface_cannot_reach_is_reported():
    built, _model = world()
    running = [u for u in built.unreached if "REC_RUNNING" in u.provides]
    assert running and all(u.reason == RUNNING_REASON and u.concurrent for u in running)
    # a REC of a new Realm cannot be entered: no PSCI request can be pending there
    assert any(u.name == "rec_psci_pending_new" and "RMI_ERROR_REALM" in u.reason for u in built.unreached)


def test_replaying_the_trace_through_the_adapter_reaches_the_same_state():
    built, model = world()
    adapter = ModelAdapter(package())
    target_for(adapter).prepare()
    model.state.forget_images()
    adapter.model.state.forget_images()
    image = model._snapshot()
    assert changed_leaves(image, adapter.model._snapshot(), model._type_by_name, model._default_granule_image()) == []
    assert adapter.read(built.host["run_page"], 4096) == model.host_read(built.host["run_page"], 4096)


class WrongAdapter(ModelAdapter):
    """The model, except that one set-up command reports another status."""

    def smc(self, registers):
        out = super().smc(registers)
        return (out[0] + 1,) + tuple(out[1:]) if registers[0] == package().commands.RMI_REALM_ACTIVATE_SPEC.fid else out


def test_a_set_up_step_with_another_result_fails_the_test():
    with pytest.raises(SetupError, match="RMI_REALM_ACTIVATE"):
        target_for(WrongAdapter(package())).prepare()


def test_sparse_memory_round_trips():
    data = bytes(100) + b"\x01\x02" + bytes(3) + b"\x03" + bytes(50) + b"\x04"
    step = {"write": 0, "size": len(data), "bytes": sparse(data)}
    assert memory_bytes(step) == data and len(step["bytes"]) == 2


# ---- candidates and variants ----------------------------------------------------------------------


def test_fieldset_candidates_cover_each_field_and_a_reserved_bit():
    flags = package().types.RmiRealmFlags  # lpa2, sve, pmu at bits 0, 1, 2
    values = candidates.fieldset_candidates(flags)
    assert {0, 1 << 0, 1 << 1, 1 << 2, 1 << 3} <= set(values)


def test_enum_candidates_include_an_invalid_encoding():
    algorithms = package().types.RmiHashAlgorithm
    assert candidates.enum_candidates(algorithms) == [0, 1, 2]


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


def test_host_structures_judged_as_objects_or_as_their_bytes_agree():
    """The search places decoded structures in memory; the tests write their bytes."""
    built, model = world()
    spec = model.spec("RMI_REALM_CREATE")
    named = dict(built.addresses)
    oracle = Oracle(model, built.host["run_page"])
    page = named["host_page_0"]
    for fields in ({}, {"s2sz": 40, "rtt_num_start": 2, "hash_algo": 2}, {"flags": 8, "vmid": 1, "rtt_level_start": 1}):
        inputs = (("rd", named["delegated_0"]), ("params_ptr", page))
        stimulus = Stimulus(None, inputs, ((page, "RmiRealmParams", tuple(fields.items())),))
        as_objects, _reads, _locations = judge_stimulus(oracle, spec, stimulus)
        twin = model.clone()
        twin.host_write(page, host_structure(model, "RmiRealmParams", fields).to_bytes())
        as_bytes = twin.judge(spec, dict(inputs))
        assert as_objects.holding == as_bytes.holding


def test_every_failure_condition_of_the_subset_has_a_stimulus():
    plan, _planner = suite()
    for command in plan.commands:
        assert [t.condition for t in command.failures] == [c.id for c in package().new_model().spec(command.name).failure]
        assert command.success is not None, command.name
    distinguishing = sum(t.distinguishes for c in plan.commands for t in c.failures)
    assert distinguishing >= 0.8 * sum(c.conditions for c in plan.commands)


def test_a_failure_test_expects_the_result_its_post_gives_by_name():
    test = next(t for t in command_plan("RMI_GRANULE_DELEGATE").failures if t.condition == "gran_align")
    assert test.holding == ("gran_align",)
    assert test.permitted == ((("X0", 1, (1 << 64) - 1, "RMI_ERROR_INPUT"),),)
    assert ("granule", dict(test.stimulus.inputs)["addr"] & ~0xFFF, "state") in test.footprint


def test_failure_tests_of_a_realm_command_name_the_rtt_index():
    tests = {t.condition: t for t in command_plan("RMI_DATA_CREATE").failures}
    meanings = {expected[0][3] for expected in tests["rtt_walk"].permitted}
    assert any(text.startswith("RMI_ERROR_RTT, index") for text in meanings), meanings


def test_host_structures_are_found_and_filled_in():
    success = command_plan("RMI_REALM_CREATE").success
    assert success is not None
    (pa, type_name, fields), = success.stimulus.memory
    assert type_name == "RmiRealmParams" and dict(success.stimulus.inputs)["params_ptr"] == pa
    assert {"s2sz", "rtt_base", "rtt_num_start"} <= {name for name, _value in fields}


def test_a_psci_request_is_completed_by_the_host_in_the_success_test():
    success = command_plan("PSCI_CPU_ON").success
    assert success is not None and success.stimulus.caller is not None
    assert success.outputs == (("X0", 0, (1 << 64) - 1, "PSCI_SUCCESS"),)
    assert any(location[-2:] == ("flags", "runnable") and value == "RUNNABLE" for location, value in success.state)


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


def test_a_state_only_a_running_rec_has_is_tested_from_another_host_cpu():
    plan = Planner(package()).plan(commands=["RMI_REC_DESTROY"]).commands[0]
    test = next(t for t in plan.failures if t.condition == "rec_state")
    assert test.single and test.stimulus.running is not None
    assert test.permitted == ((("X0", 3, (1 << 64) - 1, "RMI_ERROR_REC"),),)


class SingleCpuAdapter(ModelAdapter):
    concurrent_host = False


def test_without_a_concurrent_host_such_a_test_is_skipped():
    import unittest

    built, _model = world()
    target = target_for(SingleCpuAdapter(package()))
    stimulus = {"caller": None, "registers": {"X1": 0}, "memory": [], "while_running": built.host["recs"][0][0]}
    with pytest.raises(unittest.SkipTest, match="concurrent_host"):
        target.run(0xC400015B, stimulus)


def test_a_condition_that_needs_an_unreached_state_says_so():
    ir = rel0_ir()
    ir = dataclasses.replace(ir, commands=tuple(c for c in ir.commands if c.name != "RMI_REC_ENTER"))
    smaller = load_rendered_model(python_model.render(ir).files)
    plan = Planner(smaller).plan(commands=["RMI_REC_DESTROY", "PSCI_CPU_ON"])
    destroy, cpu_on = plan.commands
    assert "no callable RMI_REC_ENTER" in next(m.reason for m in destroy.missing if m.item == "rec_state")
    assert all("no REC of the world can be entered" in m.reason for m in cpu_on.missing)


# ---- the harness ----------------------------------------------------------------------------------


def test_assert_permitted_compares_only_the_given_bits():
    assert_permitted({"X0": 0x0201}, [[("X0", 0x01, 0xFF)]], "x")
    with pytest.raises(AssertionError, match="permits"):
        assert_permitted({"X0": 0x0201}, [[("X0", 0x0301, 0xFFFF, "RMI_ERROR_INPUT, index 3")], [("X0", 0, 0xFF)]], "x")
    with pytest.raises(AssertionError, match="no result"):
        assert_permitted({}, [[("X0", 0, 0xFF)]], "x")


class FakeAdapter:
    """An RMM that gets everything right except that it changes state when failing."""

    def __init__(self, outputs, change):
        self.outputs, self.change, self.state = outputs, change, {}

    def reset(self):
        self.state = {("granule", 1, "state"): "DELEGATED"}

    def set_guest(self, hook):
        self.hook = hook

    def smc(self, registers):
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
    check_failure(Target(FakeAdapter((1,), change=False), [], {}), 0, stimulus, permitted, watch)
    with pytest.raises(AssertionError, match="footprint"):
        check_failure(Target(FakeAdapter((1,), change=True), [], {}), 0, stimulus, permitted, watch)


def test_check_success_compares_the_state_after():
    stimulus = {"caller": None, "registers": {"X1": 1}, "memory": []}
    target = Target(FakeAdapter((0,), change=True), [], {})
    check_success(target, 0, stimulus, [("X0", 0, 0xFF)], [[["granule", 1, "state"], "RD"]])
    with pytest.raises(AssertionError, match="expected 'DATA'"):
        check_success(target, 0, stimulus, [("X0", 0, 0xFF)], [[["granule", 1, "state"], "DATA"]])


class CrashingAdapter(FakeAdapter):
    """An implementation that aborts on FID 2 (tests run in forked children)."""

    isolate = True

    def smc(self, registers):
        if registers[0] == 2:
            os.abort()
        return super().smc(registers)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork isolation needs os.fork")
def test_fork_isolation_turns_a_crash_into_one_failed_test():
    target = Target(CrashingAdapter((1,), change=False), [], {})
    stimulus = {"caller": None, "registers": {"X1": 1}, "memory": []}
    with pytest.raises(AssertionError, match="crashed.*SIGABRT"):
        check_failure(target, 2, stimulus, [[("X0", 1, (1 << 64) - 1)]], [])
    check_failure(target, 1, stimulus, [[("X0", 1, (1 << 64) - 1)]], [])  # the run goes on


def test_load_adapter_takes_a_module_factory(monkeypatch):
    module = types.ModuleType("my_rmm_adapter")
    module.make = lambda package_name: ("adapter for", package_name)
    monkeypatch.setitem(sys.modules, "my_rmm_adapter", module)
    assert load_adapter("my_rmm_adapter:make", "den0137_1_0_rel0") == ("adapter for", "den0137_1_0_rel0")


def test_model_adapter_reads_state_as_plain_values():
    built, _model = world()
    adapter = ModelAdapter(package())
    target_for(adapter).prepare()
    rd = dict(built.addresses)["rd_new"]
    assert adapter.observe(("granule", rd, "state")) == "RD"
    assert adapter.observe(("object", rd, "state")) == "REALM_NEW"


# ---- generator ------------------------------------------------------------------------------------


def test_rendered_files_are_black_clean_and_deterministic():
    files = rendered().files
    assert sorted(files) == ["conftest.py", "pytest.ini", "test_psci_cpu_on.py", "test_rmi_data_create.py",
                             "test_rmi_granule_delegate.py", "test_rmi_realm_create.py", "world.json"]
    for path, text in files.items():
        if path.endswith(".py"):
            assert is_black_clean(text), path
            assert text.startswith("# Conformance tests for Arm DEN0137 1.0-rel0")
    trace = json.loads(files["world.json"])["trace"]
    assert trace == [json.loads(json.dumps(step)) for step in world()[0].trace]
    assert conformance_tests.render_plan(rel0_ir(), *suite()).files == files


def test_golden_files(golden):
    for path, text in sorted(rendered().files.items()):
        golden(f"tests/rel0_subset/{path}", text)


def write_suite(tmp_path, files):
    """The suite's files and rel0's model, side by side as a user would have them."""
    for path, text in files.items():
        (tmp_path / "tests" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "tests" / path).write_text(text)
    for path, text in model_rendering().files.items():
        (tmp_path / "python" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "python" / path).write_text(text)


def test_generated_suite_runs_and_passes_against_the_model(tmp_path):
    write_suite(tmp_path, rendered().files)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", str(tmp_path / "tests")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    plan, _planner = suite()
    expected = sum(len(c.failures) + len(c.orders) + (c.success is not None) for c in plan.commands)
    assert f"{expected} passed" in run.stdout


def test_hostile_condition_id_is_refused():
    ir = rel0_ir()
    command = next(c for c in ir.commands if c.name == "RMI_GRANULE_DELEGATE")
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


def one_command_ir(tmp_path, name="RMI_GRANULE_DELEGATE"):
    from specgen.extract.ir import dumps

    ir = rel0_ir()
    source = tmp_path / "one.json"
    source.write_text(dumps(dataclasses.replace(ir, commands=tuple(c for c in ir.commands if c.name == name))))
    return source


def test_cli_conformance_report(tmp_path):
    source = one_command_ir(tmp_path)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["conformance-report", str(source), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "totals per interface" in result.output and "RMI_GRANULE_DELEGATE" in result.output
    report = json.loads(out.read_text())
    assert report["totals"]["all"]["failure_conditions"]["covered"] == report["totals"]["all"]["failure_conditions"]["total"]


def test_cli_generate_tests_target(tmp_path):
    source = one_command_ir(tmp_path)
    result = CliRunner().invoke(main, ["generate", str(source), "-t", "tests", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "tests" / "test_rmi_granule_delegate.py").is_file()
    assert (tmp_path / "out" / "tests" / "world.json").is_file()
