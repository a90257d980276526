"""The ``specgen check`` report: parse errors and name-resolution findings of one IR.

Why recompute: a bundled or older IR JSON carries the ASTs but its diagnostics came from the
specgen that wrote it; resolution is cheap, so the report always reflects this specgen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from specgen.diagnostics import Severity
from specgen.extract.ir import IR
from specgen.lang.resolve import findings
from specgen.nodes import Node, Prose


@dataclass(frozen=True)
class CheckReport:
    counts: dict[str, int]  # per finding kind, plus "parse error"
    checked: dict[str, int]  # what was examined
    problems: tuple[tuple[str, str, str, str, str], ...]  # (kind, name, command, where, detail)
    prose: int = 0  # condition sides written in English, kept as Prose nodes

    def summary(self) -> str:
        examined = ", ".join(f"{v} {k}" for k, v in self.checked.items())
        found = ", ".join(f"{v} {k}" for k, v in sorted(self.counts.items())) or "no problems"
        return f"parsed {examined} ({self.prose} prose conditions); {found}"


def _parse_errors(ir: IR):
    for diagnostic in ir.diagnostics:
        if diagnostic.severity is Severity.ERROR and diagnostic.loc is not None and "\n" in diagnostic.message:
            first = diagnostic.message.split("\n", 1)[0]
            subject, _, detail = first.partition(": ")
            yield ("parse error", "", subject, str(diagnostic.loc), detail)


def _parsed(ir: IR) -> dict[str, tuple[int, int, int]]:
    """Per kind of text: (how many, how many without an AST, how many are prose)."""
    kinds: dict[str, list[tuple[str | None, Node | None]]] = {
        "condition sides": [], "context values": [], "footprint values": [],
        "ordering statements": [], "signatures": [], "function bodies": [],
    }
    for command in ir.commands:
        for condition in command.failure_conditions + command.success_conditions:
            kinds["condition sides"] += [(condition.pre, condition.pre_ast), (condition.post, condition.post_ast)]
        kinds["context values"] += [(v.value, v.value_ast) for v in command.context]
        kinds["footprint values"] += [(f.value, f.value_ast) for f in command.footprint]
        kinds["ordering statements"] += [(o.text, o.ast) for o in command.failure_ordering]
    for function in ir.functions:
        kinds["signatures"] += [(s.text, s.ast) for s in function.signatures]
        kinds["function bodies"] += [(function.body, function.body_ast)]
    counts = {}
    for kind, items in kinds.items():
        present = [(text, tree) for text, tree in items if text is not None]
        unparsed = sum(tree is None for _text, tree in present)
        prose = sum(isinstance(tree, Prose) for _text, tree in present)
        counts[kind] = (len(present), unparsed, prose)
    return counts


def check_report(ir: IR) -> CheckReport:
    problems = list(_parse_errors(ir))
    for finding in findings(ir):
        problems.append((finding.kind, finding.name, finding.command, str(finding.loc), finding.detail))
    parsed = _parsed(ir)
    checked = {kind: total for kind, (total, _unparsed, _prose) in parsed.items()}
    counts = dict(Counter(p[0] for p in problems))
    unparsed = sum(u for _t, u, _p in parsed.values())
    if unparsed:
        counts["unparsed"] = unparsed
    return CheckReport(counts, checked, tuple(problems), prose=sum(p for _t, _u, p in parsed.values()))
