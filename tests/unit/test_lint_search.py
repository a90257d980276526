"""``specgen lint``'s search-based rules, on rel0 commands with planted defects.

The model is the revision's generated model, the stimuli come from the conformance
planner's search (``Planner.search``) over the conformance world, which the revision's own
commands reach (the fixtures are the whole revision, linted for the planted commands only);
each rule is shown to fire on a defect and to stay quiet once the text is mended. No corpus
needed (tests/fixtures/lintspec.py)."""

from __future__ import annotations

from functools import cache

from specgen.lint import Confidence, lint
from specgen.lint.evidence import gather
from tests.fixtures.lintspec import PLANTED, command, mended, planted


@cache
def report():
    return lint(planted(), "planted", jobs=1, commands=PLANTED)


def found(rule: str, entity: str, report_=None):
    return [f for f in (report_ or report()).findings if f.rule == rule and f.entity == entity]


def test_ordering_gap_is_shown_by_a_stimulus_where_both_results_are_permitted():
    gaps = {f.conditions: f for f in found("ordering-gap", "PSCI_CPU_ON")}
    assert set(gaps) == {("entry", "mpidr"), ("entry", "runnable")}
    gap = gaps[("entry", "mpidr")]
    assert gap.confidence is Confidence.WITNESS
    witness = gap.witness
    assert {"entry", "mpidr"} <= set(witness.holding)
    results = dict(witness.results)
    assert results["entry"] == "result=PSCI_INVALID_ADDRESS" and results["mpidr"] == "result=PSCI_INVALID_PARAMETERS"
    assert witness.caller is not None and dict(witness.inputs)["target_cpu"] is not None


def test_a_pair_seen_together_only_under_an_earlier_condition_is_joined_alone():
    """rel0 RMI_RTT_CREATE: the search meets rtt_align and rtt_walk together only where
    level_bound, ordered before rtt_walk, holds too (no witness there); rtt_align's best
    stimulus with the coordinates rtt_walk names shows the two alone."""
    gap = {f.conditions: f for f in found("ordering-gap", "RMI_RTT_CREATE")}[("rtt_align", "rtt_walk")]
    assert {"rtt_align", "rtt_walk"} <= set(gap.witness.holding) and "level_bound" not in gap.witness.holding


def test_the_witness_replays_on_the_model():
    """The witness is a plain stimulus: replayed in the world, where the Realm of the calling
    REC makes the call once the host entered it, both conditions hold."""
    from specgen.lint.evidence import build_planner

    gap = next(f for f in found("ordering-gap", "PSCI_CPU_ON") if f.conditions == ("entry", "mpidr"))
    planner = build_planner(planted())
    model = planner.model.running(gap.witness.caller, planner.world.host["run_page"])
    statuses = {p.status for p in model.permitted("PSCI_CPU_ON", **dict(gap.witness.inputs))}
    assert statuses == {"PSCI_INVALID_ADDRESS", "PSCI_INVALID_PARAMETERS"}


def test_an_ordering_statement_closes_the_gap_and_a_footprint_item_the_footprint_gap():
    mended_report = lint(mended(), "mended", jobs=1, commands=("PSCI_CPU_ON",))
    assert found("ordering-gap", "PSCI_CPU_ON", mended_report) == []
    assert found("footprint-gap", "PSCI_CPU_ON", mended_report) == []


def test_footprint_gap_witness_psci_cpu_on_pc():
    (gap,) = found("footprint-gap", "PSCI_CPU_ON")
    assert gap.confidence is Confidence.WITNESS and gap.conditions == ("entry",)
    assert gap.subject == "target_rec.pc" and ".pc" in gap.message
    assert gap.witness is not None


def test_unsatisfiable_by_search_and_by_contradiction():
    by_id = {f.conditions[0]: f for f in found("unsatisfiable", "RMI_LINT_CONDITIONS")}
    assert by_id["contra"].confidence is Confidence.PROVED
    assert by_id["never"].confidence is Confidence.SUSPECTED
    assert "no stimulus of the" in by_id["never"].message and "judged" in by_id["never"].message
    assert "never" not in {f.conditions[0] for f in found("unsatisfiable", "RMI_GRANULE_DELEGATE")}
    assert found("unsatisfiable", "RMI_GRANULE_DELEGATE") == []  # the real conditions all hold somewhere


def test_shadowed_by_implication_and_by_search():
    by_id = {f.subject: f for f in found("shadowed", "RMI_LINT_CONDITIONS")}
    assert by_id["shadow_p"].confidence is Confidence.PROVED and "gran_bound" in by_id["shadow_p"].conditions
    assert by_id["shadow_s"].confidence is Confidence.SUSPECTED
    assert "gran_state" in by_id["shadow_s"].conditions  # holds in every stimulus where shadow_s does
    assert "never" not in by_id  # a condition that never holds is not also shadowed


def test_success_conflict_witnessed_by_both_conditions_applying():
    (conflict,) = found("success-conflict", "RMI_LINT_CONFLICT")
    assert conflict.conditions == ("gran_state", "clash") and conflict.confidence is Confidence.WITNESS
    assert set(conflict.witness.applied) >= {"gran_state", "clash"}
    assert found("success-conflict", "RMI_GRANULE_DELEGATE") == []


def test_static_findings_of_the_planted_copy():
    assert [f.subject for f in found("dangling-output", "RMI_LINT_EXTRAS")] == ["extra"]
    assert [f.subject for f in found("footprint-unused", "RMI_LINT_EXTRAS")] == ["Realm(addr).rtt_base"]
    assert [f.subject for f in found("ordering-unknown-id", "RMI_LINT_EXTRAS")] == ["ghost"]
    assert found("dangling-output", "RMI_GRANULE_DELEGATE") == []


def test_evidence_is_the_same_with_two_worker_processes():
    commands = ("RMI_GRANULE_DELEGATE", "PSCI_CPU_ON")
    one = gather(planted(), commands, jobs=1)
    two = gather(planted(), commands, jobs=2)
    assert two.jobs == 2 and one.jobs == 1
    assert one.commands == two.commands and list(one.commands) == ["RMI_GRANULE_DELEGATE", "PSCI_CPU_ON"]


# ---- what the conformance world could not reach -----------------------------------------------


def _never_held(**world) -> tuple:
    """The unsatisfiable findings and notes for rel0's RMI_GRANULE_DELEGATE when the search
    judged many stimuli and gran_state held in none (evidence made up, the world as given)."""
    from specgen.lint.context import LintContext
    from specgen.lint.evidence import CommandEvidence, Evidence
    from specgen.lint.rules import all_rules
    from tests.fixtures.lintspec import make_ir

    ir = make_ir(command("RMI_GRANULE_DELEGATE"))
    spec = ir.commands[0]
    holds = {c.id: 50 for c in spec.failure_conditions if c.id != "gran_state"}
    evidence = CommandEvidence("RMI_GRANULE_DELEGATE", 200, 200, holds=holds, success_stimuli=50,
                               applies={c.id: 50 for c in spec.success_conditions},
                               unreached=world.get("unreached", {}))
    context = LintContext(ir, Evidence({"RMI_GRANULE_DELEGATE": evidence}, bare_world=world.get("bare")))
    found = [f.conditions for f in all_rules()["unsatisfiable"].check(context)]
    return found, context.notes


def test_a_condition_that_never_held_is_a_finding_only_where_the_world_has_what_it_needs():
    found, notes = _never_held()
    assert found == [("gran_state",)] and notes == []
    found, notes = _never_held(unreached={"gran_state": ("no set-up call puts a Granule in state RD",)})
    assert found == [] and any("gran_state" in n and "lacks" in n and "state RD" in n for n in notes)
    found, notes = _never_held(bare="no set-up call reached a state through the interface")
    assert found == [] and any("freshly booted" in n for n in notes)


def test_a_world_the_interface_cannot_build_is_bare_and_a_realm_command_has_no_caller():
    """Without RMI_GRANULE_DELEGATE (and so without Realms or RECs) the trace reaches no
    state; PSCI_CPU_ON then has no REC to issue it: evidence says why, and nothing crashes."""
    from tests.fixtures.lintspec import make_ir

    evidence = gather(make_ir(command("RMI_GRANULE_UNDELEGATE"), command("PSCI_CPU_ON")))
    assert evidence.bare_world and "RMI_GRANULE_DELEGATE" in evidence.bare_world
    cpu_on = evidence.commands["PSCI_CPU_ON"]
    assert cpu_on.judged == 0 and "no REC of the world can be entered" in cpu_on.problem
    assert evidence.commands["RMI_GRANULE_UNDELEGATE"].judged > 0
