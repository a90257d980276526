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


@dataclass(frozen=True)
class CheckReport:
    counts: dict[str, int]  # per finding kind, plus "parse error"
    checked: dict[str, int]  # what was examined
    problems: tuple[tuple[str, str, str, str, str], ...]  # (kind, name, command, where, detail)

    def summary(self) -> str:
        examined = ", ".join(f"{v} {k}" for k, v in self.checked.items())
        found = ", ".join(f"{v} {k}" for k, v in sorted(self.counts.items())) or "no problems"
        return f"checked {examined}: {found}"


def _parse_errors(ir: IR):
    for diagnostic in ir.diagnostics:
        if diagnostic.severity is Severity.ERROR and diagnostic.loc is not None and "\n" in diagnostic.message:
            first = diagnostic.message.split("\n", 1)[0]
            subject, _, detail = first.partition(": ")
            yield ("parse error", "", subject, str(diagnostic.loc), detail)


def check_report(ir: IR) -> CheckReport:
    problems = list(_parse_errors(ir))
    for finding in findings(ir):
        problems.append((finding.kind, finding.name, finding.command, str(finding.loc), finding.detail))
    conditions = sum(len(c.failure_conditions) + len(c.success_conditions) for c in ir.commands)
    checked = {
        "commands": len(ir.commands),
        "conditions": conditions,
        "context values": sum(len(c.context) for c in ir.commands),
        "footprint values": sum(len(c.footprint) for c in ir.commands),
        "ordering statements": sum(len(c.failure_ordering) for c in ir.commands),
    }
    return CheckReport(dict(Counter(p[0] for p in problems)), checked, tuple(problems))
