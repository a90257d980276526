"""The executable model of 1.0-rel0, generated into a temporary directory from the bundled
IR (no corpus needed): command machinery, permitted results, footprint enforcement, the
life-cycle scenario and the example script."""

from __future__ import annotations

import dataclasses
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from specgen.cli import main
from specgen_runtime import FootprintError, ModelError, NotModelled, PlatformConfig
from specgen_runtime.scenario import Scenario, ScenarioError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "realm_lifecycle.py"
PACKAGE = "den0137_1_0_rel0"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("model")
    result = CliRunner().invoke(
        main, ["generate", "1.0-rel0", "--target", "python", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out / "python"


@pytest.fixture(scope="module")
def rel0(model_dir):
    sys.path.insert(0, str(model_dir))
    try:
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(model_dir))


@pytest.fixture(scope="module")
def lifecycle():
    sys.path.insert(0, str(EXAMPLE.parent))
    try:
        yield importlib.import_module("realm_lifecycle")
    finally:
        sys.path.remove(str(EXAMPLE.parent))


def quiet(model) -> Scenario:
    return Scenario(model, log=None)


def test_delegate_and_undelegate_change_exactly_the_footprint(rel0):
    model = rel0.new_model()
    pa = 0x8000_0000
    outcome = model.call("RMI_GRANULE_DELEGATE", addr=pa)
    assert outcome.ok and outcome.status == "RMI_SUCCESS" and outcome.registers() == {"X0": 0}
    assert (
        model.Granule(pa).state == rel0.types.DELEGATED
        and model.Granule(pa).gpt == rel0.types.GPT_REALM
    )
    assert set(outcome.changes) == {("granule", pa, "state"), ("granule", pa, "gpt")}
    again = model.smc(rel0.types.FID_RMI_GRANULE_DELEGATE, pa)
    assert (
        again.status == "RMI_ERROR_INPUT"
        and again.failed == "gran_state"
        and again.registers() == {"X0": 1}
    )
    assert model.call("RMI_GRANULE_UNDELEGATE", addr=pa).ok
    assert model.Granule(pa).state == rel0.types.UNDELEGATED


def test_permitted_results_follow_the_failure_ordering(rel0):
    host = quiet(rel0.new_model())
    realm = host.create_realm()
    host.activate(realm)
    inputs = dict(rd=realm.rd, data=host.alloc(), ipa=0, src=host.alloc(), flags=0)
    before = host.model.clone().state
    permitted = host.model.permitted("RMI_DATA_CREATE", **inputs)
    # data_state (not delegated), realm_state (active) and rtt_walk (no page-level RTT) all
    # hold and no ordering relates them: each of their results is permitted.
    assert {p.status for p in permitted} == {"RMI_ERROR_INPUT", "RMI_ERROR_REALM", "RMI_ERROR_RTT"}
    assert next(p for p in permitted if p.status == "RMI_ERROR_RTT").outputs["result"].index == 1
    assert host.model.state.granules.keys() == before.granules.keys()  # permitted() changes nothing
    outcome = host.model.call("RMI_DATA_CREATE", **inputs)
    assert outcome.failed == "data_state"  # the first permitted one in table order
    # rd_state precedes realm_state and rtt_walk: with a bad rd only RMI_ERROR_INPUT is permitted
    bad = host.model.call("RMI_DATA_CREATE", **dict(inputs, rd=realm.rd + 0x1000 * 64))
    assert [p.status for p in bad.permitted] == ["RMI_ERROR_INPUT"]
    assert "data_bound2" in bad.undefined  # Realm(rd) does not exist: the condition is undefined


def test_a_not_modelled_failure_condition_raises_unless_preceded_by_a_holding_one(rel0):
    model = rel0.new_model()
    spec = model.spec("RMI_REALM_ACTIVATE")
    broken = tuple(
        dataclasses.replace(c, not_modelled="for the test") if c.id == "realm_state" else c
        for c in spec.failure
    )
    spec = dataclasses.replace(spec, failure=broken)
    outcome = model.execute(spec, {"rd": 0x8000_0000})  # rd_state holds and precedes realm_state
    assert outcome.status == "RMI_ERROR_INPUT"
    model.setup.realm(0x8000_0000, rtt_base=0x8000_2000)
    with pytest.raises(NotModelled, match="realm_state"):
        model.execute(spec, {"rd": 0x8000_0000})  # nothing holds before it: its value matters


def test_success_conditions_are_checked_after_the_update(rel0, monkeypatch):
    host = quiet(rel0.new_model())
    realm = host.create_realm()
    monkeypatch.setattr(host.model, "VmidIsFree", lambda vmid: False)
    with pytest.raises(ModelError, match="success condition vmid does not hold"):
        host.model.call("RMI_REALM_DESTROY", rd=realm.rd)


def test_a_change_outside_the_footprint_is_an_error(rel0, monkeypatch):
    model = rel0.new_model()
    model.call("RMI_GRANULE_DELEGATE", addr=0x8000_0000)

    def sloppy_wipe(addr):
        model.Granule(0x8000_1000).state = model.E.DELEGATED  # not in UNDELEGATE's footprint

    monkeypatch.setattr(model, "prose_wipe_granule", sloppy_wipe)
    with pytest.raises(FootprintError, match=r"Granule\(0x80001000\)\.state"):
        model.call("RMI_GRANULE_UNDELEGATE", addr=0x8000_0000)


def test_spec_inconsistencies_with_the_footprint_are_reported(rel0):
    host = quiet(rel0.new_model())
    realm = host.create_realm()
    host.create_rec(realm)
    create = next(o for o in host.outcomes if o.command == "RMI_REC_CREATE")
    assert any("num_recs" in w and "outside the footprint" in w for w in create.warnings)


def test_rsi_commands_need_a_running_rec(rel0):
    with pytest.raises(ModelError, match="running REC"):
        rel0.new_model().call("RSI_VERSION", req=0)


def test_read_entry_writes_its_descriptor_through_the_output_view(rel0):
    host = quiet(rel0.new_model())
    realm = host.create_realm()
    shared = 1 << (realm.ipa_width - 1)
    host.create_rtts(realm, shared)
    host.call(
        "RMI_RTT_MAP_UNPROTECTED", rd=realm.rd, ipa=shared, level=3, desc=0x9000_0000 | 0b11 << 6
    )
    outcome = host.call("RMI_RTT_READ_ENTRY", rd=realm.rd, ipa=shared, level=3)
    assert (
        outcome.outputs["desc"] == 0x9000_00C0
        and outcome.outputs["state"] == rel0.types.RMI_ASSIGNED
    )
    assert outcome.outputs["ripas"] == rel0.types.RMI_EMPTY


def test_states_built_directly_behave_like_created_ones(rel0):
    model = rel0.new_model()
    rd, base = 0x8010_0000, 0x8010_2000
    model.setup.realm(rd, rtt_base=base, ipa_width=40, rtt_level_start=1)
    model.setup.rtt(rd, 0, 2, 0x8010_4000)
    model.setup.rtt(rd, 0, 3, 0x8010_5000)
    model.setup.data(rd, 0x3000, 0x8010_6000)
    model.setup.rec(rd, 0x8010_7000, aux=(0x8010_8000, 0x8010_9000))
    destroy = model.call("RMI_DATA_DESTROY", rd=rd, ipa=0x3000)
    assert destroy.ok and destroy.outputs["data"] == 0x8010_6000
    assert model.call("RMI_REC_DESTROY", rec_ptr=0x8010_7000).ok
    assert model.Realm(rd).num_recs == 0
    assert (
        model.call("RMI_REALM_DESTROY", rd=rd).status == "RMI_ERROR_REALM"
    )  # the RTTs are still live


def test_platform_configuration_is_honoured(rel0):
    small = PlatformConfig(delegable=((0x4000_0000, 0x1000),), rec_aux_count=0)
    model = rel0.new_model(small)
    assert model.call("RMI_GRANULE_DELEGATE", addr=0x4000_0000).ok
    assert model.call("RMI_GRANULE_DELEGATE", addr=0x4000_1000).failed == "gran_bound"


def test_realm_life_cycle_end_to_end(rel0, lifecycle, record_property):
    lines: list[str] = []
    host = lifecycle.run(rel0, log=lines.append)
    every = {(c.name, s.id) for c in rel0.commands.COMMANDS.values() for s in c.success}
    applied = {(o.command, i) for o in host.outcomes for i in o.applied}
    used = {o.command for o in host.outcomes}
    record_property(
        "python_model_rel0_lifecycle_summary",
        f"python model 1.0-rel0 life cycle: {len(host.outcomes)} commands ({len(used)} distinct) run end to "
        f"end; success conditions applied {len(applied)}/{len(every)}",
    )
    commands = [o.command for o in host.outcomes]
    for name in (
        "RMI_REALM_CREATE",
        "RMI_RTT_CREATE",
        "RMI_DATA_CREATE",
        "RMI_REC_CREATE",
        "RMI_REALM_ACTIVATE",
        "RMI_REC_ENTER",
        "RSI_REALM_CONFIG",
        "RMI_PSCI_COMPLETE",
        "PSCI_SYSTEM_OFF",
        "RMI_REALM_DESTROY",
    ):
        assert name in commands
    assert any(
        line.startswith("    RSI_ATTESTATION_TOKEN_CONTINUE") and "RSI_INCOMPLETE" in line
        for line in lines
    )
    assert any("RMI_ERROR_REALM (index 1)" in line for line in lines)
    model = host.model
    assert all(
        g.state == model.E.UNDELEGATED for g in model.state.granules.values()
    )  # everything torn down
    assert model.Rec  # the model is still usable


def test_scenario_checks_expected_results(rel0):
    host = quiet(rel0.new_model())
    with pytest.raises(ScenarioError, match="RMI_ERROR_INPUT"):
        host.call("RMI_GRANULE_UNDELEGATE", addr=host.alloc())


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_example_script_runs_on_a_freshly_generated_model(model_dir, how):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    args = [sys.executable, str(EXAMPLE)]
    if how == "argument":
        args += ["--model-dir", str(model_dir)]
    else:
        env["SPECGEN_MODEL_DIR"] = str(model_dir)
    result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "RMI_REALM_CREATE(rd=" in result.stdout and "all results as expected" in result.stdout


def exploration_states(rel0):
    """A few states along the life cycle: (model, realm, boot REC, other REC)."""
    host = quiet(rel0.new_model())
    realm = host.create_realm()
    for ipa in (0, 0x1000):
        host.create_data(realm, ipa)
    shared = 1 << (realm.ipa_width - 1)
    host.create_rtts(realm, shared)
    host.call("RMI_RTT_MAP_UNPROTECTED", rd=realm.rd, ipa=shared, level=3, desc=0x9000_0000)
    boot = host.create_rec(realm)
    other = host.create_rec(realm, runnable=False)
    yield host, realm, boot, other
    active = host.model.clone()
    quiet(active).activate(realm)
    active.Rec(boot.pa).psci_pending = active.E.PSCI_REQUEST_PENDING
    yield Scenario(active, log=None), realm, boot, other


def test_every_failure_condition_of_rel0_executes(rel0, record_property):
    """Run every command on random inputs drawn from interesting values in several states:
    nothing may raise, and every failure condition must be evaluated (not undefined) in
    some state and be seen to hold in some state."""
    import random

    rng = random.Random(4)
    evaluated: set[tuple[str, str]] = set()
    held: set[tuple[str, str]] = set()
    calls = 0
    for host, realm, boot, other in exploration_states(rel0):
        model = host.model
        addresses = [
            realm.rd,
            realm.rtt_base,
            boot.pa,
            other.pa,
            boot.aux[0],
            realm.rd + 1,
            0,
            1 << 60,
            0x7000_0000,
            host.alloc(),
            realm.data[0][1],
            boot.run_ptr,
        ]
        ipas = [0, 0x1000, 0x2000, 0x5000, 0x20_0000, 1 << 39, (1 << 39) + 0x1000, 1 << 40, 0x123]
        numbers = [0, 1, 2, 4, 5, 8, 64, 65, 0xFFF, 1 << 63, (1 << 64) - 1]
        for name, spec in model.commands.items():
            trial = model.clone()  # failures change nothing; successes move the state on
            if spec.interface != "RMI":
                trial.state.current_rec = boot.pa
            for _ in range(40):
                inputs = {}
                for register in spec.inputs:
                    if register.name == "level":
                        pool = [-1, 0, 1, 2, 3, 4]
                    elif register.type_name == "Address":
                        pool = (
                            ipas + addresses[:3]
                            if register.name
                            in ("ipa", "base", "top", "addr", "entry_point_address")
                            else addresses
                        )
                    elif register.name in ("target_affinity", "target_cpu"):
                        pool = [boot.mpidr, other.mpidr, 0x55]
                    else:
                        pool = numbers
                    inputs[register.name] = rng.choice(pool)
                outcome = trial.call(name, **inputs)
                calls += 1
                ids = [c.id for c in spec.failure]
                evaluated.update((name, i) for i in ids if i not in outcome.undefined)
                held.update((name, i) for i in outcome.holding)
    every = {(c.name, f.id) for c in rel0.commands.COMMANDS.values() for f in c.failure}
    record_property(
        "python_model_rel0_dynamic_summary",
        f"python model 1.0-rel0 exploration: {calls} commands run; failure conditions evaluated "
        f"{len(evaluated & every)}/{len(every)}, seen holding {len(held & every)}/{len(every)}",
    )
    assert evaluated >= every
    assert len(held) >= 0.8 * len(every), sorted(every - held)  # random inputs: a lower bound


def test_snapshots_track_assignments_and_full_mode_rereads_everything(rel0, monkeypatch):
    from specgen_runtime.state import changed_leaves

    model = rel0.new_model()
    model.setup.realm(0x8000_0000, rtt_base=0x8000_2000)
    before = model._snapshot()
    entry = model.Rtt(0x8000_2000).entries[7]
    entry.ripas = model.E.RAM  # a nested object of the state: tracked
    after = model._snapshot()
    assert changed_leaves(before, after, model._type_by_name, model._default_granule_image()) == [
        ("object", 0x8000_2000, "entries", 7, "ripas")
    ]
    twin = model.clone()
    twin.Rtt(0x8000_2000).entries[7].ripas = model.E.EMPTY
    assert model.Rtt(0x8000_2000).entries[7].ripas == model.E.RAM  # clones are independent

    rec = 0x8000_5000
    model.setup.rec(0x8000_0000, rec, aux=(0x8000_6000, 0x8000_7000))

    def in_place(addr):  # a runtime bug: changes a REC register behind the change tracking
        model.Rec(rec).gprs[5] = 1

    monkeypatch.setattr(model, "prose_wipe_granule", in_place)
    model.call("RMI_GRANULE_DELEGATE", addr=0x8000_8000)
    model.check_footprint = "full"
    with pytest.raises(FootprintError, match=r"object\(0x80005000\)\.gprs\[5\]"):
        model.call("RMI_GRANULE_UNDELEGATE", addr=0x8000_8000)


def test_regenerating_rel0_gives_identical_black_clean_files(model_dir, tmp_path):
    """Another process (another string hash seed) writes byte-identical files."""
    from specgen.generate.formatting import is_black_clean

    env = dict(
        os.environ,
        PYTHONHASHSEED="12345",
        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    command = [
        sys.executable,
        "-m",
        "specgen.cli",
        "generate",
        "1.0-rel0",
        "-t",
        "python",
        "-o",
        str(tmp_path),
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(model_dir): p.read_bytes() for p in model_dir.rglob("*.py")}
    second = {
        p.relative_to(tmp_path / "python"): p.read_bytes()
        for p in (tmp_path / "python").rglob("*.py")
    }
    assert first == second and len(first) == 4
    assert is_black_clean((model_dir / PACKAGE / "functions.py").read_text())
