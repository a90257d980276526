"""``specgen lint``: the specification's own defects, each with its evidence.

Why a stage of its own, above ``conformance``: the rules read the IR and its condition ASTs
(static rules) and the executable model through the conformance planner's stimulus search
(search-based rules); neither stage below needs to know about them. The result is a
``LintReport`` of ``Finding`` values; ``render`` turns it into text, JSON or SARIF 2.1.0,
``baseline`` suppresses findings accepted earlier. Nothing here prints.

Rule families, one module each: ``outputs`` (dangling-output), ``footprint``
(footprint-gap, footprint-unused), ``ordering`` (ordering-unknown-id, ordering-cycle,
ordering-gap), ``conditions`` (unsatisfiable, shadowed, success-conflict), ``names`` (the
``specgen check`` findings), ``layout`` (fieldset and structure layout).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from specgen.extract.ir import IR
from specgen.lint.context import LintContext
from specgen.lint.evidence import Evidence, gather
from specgen.lint.findings import Confidence, Finding, Witness
from specgen.lint.rules import Rule, all_rules, select

SCHEMA = "specgen-lint/1"


@dataclass(frozen=True)
class LintReport:
    """The findings on one input. ``notes`` say what could not be checked (no silent
    gaps); ``suppressed`` counts findings a baseline removed."""

    source: str  # the input as the user named it
    version: str
    sha256: str
    rules: tuple[str, ...]
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()
    suppressed: int = 0
    seconds: float = 0.0
    search_seconds: float = 0.0
    evaluations: int = 0  # model evaluations of the stimulus search
    jobs: int = 1

    def counts(self) -> dict[str, int]:
        """Findings per rule (every rule that ran, zero included)."""
        counts = {rule_id: 0 for rule_id in self.rules}
        for finding in self.findings:
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
        return counts


def lint(
    ir: IR,
    source: str = "",
    rules: list[Rule] | None = None,
    search: bool = True,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    commands: tuple[str, ...] | None = None,
) -> LintReport:
    """Run ``rules`` (all by default) on ``ir``, or only on its ``commands`` (the rest of the
    document is their context: the model, and the conformance world it reaches, are the
    whole revision's; findings about types are left out then). The model is built and
    searched only when a selected rule uses it and ``search`` is true."""
    started = time.perf_counter()
    rules = list(all_rules().values()) if rules is None else rules
    notes: list[str] = []
    evidence: Evidence | None = None
    if search and any(r.uses_model for r in rules):
        evidence = gather(ir, commands, jobs=jobs, progress=progress)
        notes += _evidence_notes(ir, evidence, commands)
    elif any(r.uses_model for r in rules):
        notes.append("the model was not searched (--no-search): only the static part of the search-based rules ran")
    context = LintContext(ir, evidence)
    found: list[Finding] = []
    for rule in rules:
        found.extend(f for f in rule.check(context) if commands is None or f.entity in commands)
    notes += context.notes
    unparsed = _unparsed(ir, commands)
    if unparsed:
        notes.append(f"{unparsed} condition sides, values or ordering statements did not parse: rules read them as prose")
    return LintReport(
        source=source or ir.document.version,
        version=ir.document.version,
        sha256=ir.document.source.sha256,
        rules=tuple(r.id for r in rules),
        findings=tuple(sorted(found, key=Finding.sort_key)),
        notes=tuple(notes),
        seconds=time.perf_counter() - started,
        search_seconds=evidence.seconds if evidence else 0.0,
        evaluations=sum(e.evaluations for e in evidence.commands.values()) if evidence else 0,
        jobs=evidence.jobs if evidence else 1,
    )


def _evidence_notes(ir: IR, evidence: Evidence, commands=None) -> list[str]:
    if evidence.problem:
        return [f"search-based rules used no model evidence: {evidence.problem}"]
    notes = []
    by_problem: dict[str, list[str]] = {}
    for e in evidence.commands.values():
        if not e.judged:
            by_problem.setdefault(e.problem or "no stimulus evaluated", []).append(e.command)
    for problem, names in sorted(by_problem.items(), key=lambda item: (-len(item[1]), item[1])):
        notes.append(
            f"the model judged no stimulus of {len(names)} command(s) ({', '.join(names)}): "
            f"no search-based findings for them ({problem})"
        )
    not_modelled = sum(len(e.not_modelled) for e in evidence.commands.values())
    if not_modelled:
        notes.append(f"{not_modelled} failure condition(s) the model does not execute were not searched")
    missing = [c.name for c in ir.commands if c.name not in evidence.commands and (commands is None or c.name in commands)]
    if missing:
        notes.append(f"{len(missing)} command(s) not in the model: {', '.join(missing)}")
    return notes


def _unparsed(ir: IR, commands=None) -> int:
    count = 0
    for command in ir.commands:
        if commands is not None and command.name not in commands:
            continue
        for condition in command.failure_conditions + command.success_conditions:
            count += condition.pre is not None and condition.pre_ast is None
            count += condition.post_ast is None
        count += sum(v.value_ast is None for v in command.context)
        count += sum(f.value_ast is None for f in command.footprint)
        count += sum(o.ast is None for o in command.failure_ordering)
    return count


__all__ = ["Confidence", "Finding", "LintReport", "Rule", "SCHEMA", "Witness", "all_rules", "lint", "select"]
