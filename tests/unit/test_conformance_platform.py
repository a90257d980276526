"""Platform configuration as input (TOML), results given in prose (version negotiation),
one condition per test, and planning in worker processes."""

from __future__ import annotations

import json
from functools import cache

import pytest
from click.testing import CliRunner

from specgen.api import load_ir
from specgen.cli import main
from specgen.conformance.plan import Planner, prose_results
from specgen.conformance.search import Verdict, rivals
from specgen.generate import python_model
from specgen.generate.conformance_tests import load_rendered_model
from specgen_runtime import versions
from specgen_runtime.platform import (
    Features,
    PlatformConfig,
    PlatformError,
    load_platform,
    platform_from_mapping,
    platform_to_mapping,
)


@cache
def package():
    return load_rendered_model(python_model.render(load_ir("1.0-rel0")).files)


# ---- platform TOML --------------------------------------------------------------------------------


def test_platform_toml_gives_every_choice_the_spec_leaves_open(tmp_path):
    path = tmp_path / "platform.toml"
    path.write_text(
        "pa_width = 52\nrec_aux_count = 3\ndelegable = [[0x4000_0000, 0x100_0000]]\n"
        "[features]\nfeat_lpa2 = true\ngicv3_num_lrs = 8\npmu_num_ctrs = 4\nmax_recs_order = 2\n"
        "[interface_versions]\nRMI = [\"1.0\", \"1.1\"]\n"
    )
    platform = load_platform(path)
    assert platform.pa_width == 52 and platform.rec_aux_count == 3
    assert platform.delegable == ((0x4000_0000, 0x100_0000),)
    assert platform.features == Features(feat_lpa2=True, gicv3_num_lrs=8, pmu_num_ctrs=4, max_recs_order=2)
    assert platform.interface_versions == (("RMI", ((1, 0), (1, 1))),)
    assert platform_from_mapping(json.loads(json.dumps(platform_to_mapping(platform)))) == platform


@pytest.mark.parametrize("text, key", [
    ("bogus = 1\n", "bogus"),
    ("[features]\nfeat_lpa2 = 3\n", "features.feat_lpa2"),
    ("[features]\nlpa3 = true\n", "features.lpa3"),
    ("granule_size = 3000\n", "granule_size"),
    ("delegable = [1, 2]\n", "delegable"),
    ("[interface_versions]\nRMI = [\"one\"]\n", "interface_versions.RMI"),
])
def test_a_wrong_platform_entry_is_named(tmp_path, text, key):
    path = tmp_path / "platform.toml"
    path.write_text(text)
    with pytest.raises(PlatformError) as caught:
        load_platform(path)
    assert caught.value.key == key and str(path) in str(caught.value)


def test_not_toml_is_an_error_with_the_file(tmp_path):
    path = tmp_path / "platform.toml"
    path.write_text("pa_width = \n")
    with pytest.raises(PlatformError, match="not valid TOML"):
        load_platform(path)


def test_the_world_follows_the_platform():
    small = PlatformConfig(rec_aux_count=1, features=Features(max_recs_order=2))
    planner = Planner(package(), platform=small)
    model, named = planner.model, dict(planner.world.addresses)
    assert int(model.Realm(named["rd_full"]).num_recs) == 3  # a Realm holding 2^2 - 1 RECs
    assert {state: len(pas) for state, pas in planner.world.granules}["REC_AUX"] == len(planner.world.host["recs"])


def test_cli_generate_tests_for_a_platform(tmp_path):
    from specgen.extract.ir import dumps
    import dataclasses

    ir = load_ir("1.0-rel0")
    source = tmp_path / "one.json"
    source.write_text(dumps(dataclasses.replace(ir, commands=tuple(c for c in ir.commands if c.name == "RMI_VERSION"))))
    platform = tmp_path / "platform.toml"
    platform.write_text("[interface_versions]\nRMI = [\"1.0\", \"1.1\"]\n")
    result = CliRunner().invoke(main, ["generate", str(source), "-t", "tests", "--platform", str(platform),
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    world = json.loads((tmp_path / "out" / "tests" / "world.json").read_text())
    assert world["platform"]["interface_versions"] == {"RMI": ["1.0", "1.1"]}
    bad = tmp_path / "bad.toml"
    bad.write_text("nope = 1\n")
    result = CliRunner().invoke(main, ["generate", str(source), "-t", "tests", "--platform", str(bad),
                                       "-o", str(tmp_path / "out2")])
    assert result.exit_code == 2 and "nope" in result.output
    assert not (tmp_path / "out2").exists()


# ---- results given in prose -----------------------------------------------------------------------


def test_version_negotiation_follows_the_summary_cases():
    implemented = [(1, 0)]
    assert versions.negotiate((1, 0), implemented) == (True, (1, 0), (1, 0))  # a)
    assert versions.negotiate((1, 1), implemented) == (False, (1, 0), (1, 0))  # b)
    assert versions.negotiate((2, 0), implemented) == (False, (1, 0), (1, 0))  # b)
    assert versions.negotiate((0, 0), implemented) == (False, (1, 0), (1, 0))  # c)
    assert versions.negotiate((1, 0), [(1, 0), (1, 1)]) == (True, (1, 0), (1, 1))


def test_the_model_refuses_versions_the_rmm_does_not_implement():
    """TF-RMM rel0 answers RMI_VERSION 1.1, 2.0 and 0.0 with RMI_ERROR_INPUT; so must the model."""
    model = package().new_model()
    version = model.T.RmiInterfaceVersion
    for major, minor, status in ((1, 0, "RMI_SUCCESS"), (1, 1, "RMI_ERROR_INPUT"), (2, 0, "RMI_ERROR_INPUT"),
                                 (0, 0, "RMI_ERROR_INPUT")):
        outcome = model.call("RMI_VERSION", req=version(major=major, minor=minor))
        assert outcome.status == status and int(outcome.outputs["higher"].major) == 1


def test_another_wording_leaves_the_results_unmodelled():
    import dataclasses

    spec = package().new_model().spec("RMI_VERSION")
    reworded = dataclasses.replace(spec, summary="Returns the version the RMM likes best.")
    assert versions.negotiates(spec) and not versions.negotiates(reworded)
    prose = prose_results(package().new_model(), reworded)
    assert prose.outputs == ("result", "lower", "higher") and not prose.modelled


def test_prose_defined_commands_get_a_test_per_case_and_are_listed():
    plan = Planner(package()).plan(commands=["RMI_VERSION", "PSCI_VERSION", "PSCI_FEATURES"])
    by_name = {c.name: c for c in plan.commands}
    cases = {t.case[:2]: t.test.outputs[0][3] for t in by_name["RMI_VERSION"].prose_tests}
    assert cases == {"a)": "RMI_SUCCESS", "b)": "RMI_ERROR_INPUT", "c)": "RMI_ERROR_INPUT"}
    assert not by_name["PSCI_VERSION"].prose.modelled
    assert by_name["PSCI_FEATURES"].prose.conditions == ("func_ok", "func_not_ok")


# ---- one condition per test -----------------------------------------------------------------------


def test_rivals_are_conditions_ordered_before_or_unordered_with_another_result():
    spec = package().new_model().spec("RMI_RTT_SET_RIPAS")
    error_input = {"result": "INPUT"}
    error_rtt = {"result": "RTT"}
    verdict = Verdict(("base_bound", "base_align"), (), (), None,
                      (("base_bound", error_input), ("base_align", error_rtt)))
    assert rivals(spec, verdict, ("base_align",)) == ("base_bound",)  # ordered before it
    assert rivals(spec, verdict, ("base_bound",)) == ()  # base_align is ordered after it
    verdict = Verdict(("size_valid", "no_progress"), (), (), None,
                      (("size_valid", error_input), ("no_progress", error_rtt)))
    assert rivals(spec, verdict, ("no_progress",)) == ("size_valid",)  # unordered, another result


def test_the_weak_rel0_stimuli_are_now_single_condition():
    """cca-rmm-acs cross-check: base_align and no_progress of RMI_RTT_SET_RIPAS were tested with a rival."""
    plan = Planner(package()).plan(commands=["RMI_RTT_SET_RIPAS"]).commands[0]
    tests = {t.condition: t for t in plan.failures}
    assert tests["base_align"].single and tests["no_progress"].single
    assert "base_bound" not in tests["base_align"].holding and "size_valid" not in tests["no_progress"].holding


def test_planning_does_not_depend_on_the_number_of_workers():
    planner = Planner(package())
    names = ["RMI_GRANULE_DELEGATE", "RMI_REC_AUX_COUNT", "PSCI_CPU_ON"]
    assert planner.plan(commands=names, jobs=1).commands == planner.plan(commands=names, jobs=2).commands


def test_the_search_api_gives_stimuli_where_conditions_hold():
    planner = Planner(package())
    found = planner.stimuli("RMI_DATA_CREATE", ("rtte_state",))
    assert found and all("rtte_state" in verdict.holding for _stimulus, verdict in found)
    assert planner.stimuli("RMI_DATA_CREATE", ("rtte_state", "rd_align")) == []  # rd_align hides the RTT
