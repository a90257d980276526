"""Coverage of a conformance plan: per command and per interface, with the reasons.

Why separate from the CLI: the numbers are what an issue's acceptance and a benchmark
report, and tests check them; the CLI only prints them (text table or JSON).
"""

from __future__ import annotations

from dataclasses import dataclass

from specgen.conformance.plan import SuitePlan


@dataclass(frozen=True)
class CommandCoverage:
    command: str
    interface: str
    failures: int  # failure conditions with a test
    conditions: int
    distinguishing: int  # tests an RMM skipping the condition fails
    single: int  # tests whose stimulus makes only that condition decide the result
    orders: int  # ordered pairs with a test
    unobservable: int  # ordered pairs that never hold together
    pairs: int
    success: bool
    missing: tuple  # plan.Missing
    not_single: tuple = ()  # (condition, rivals, reason) of tests whose stimulus has rivals
    prose: object = None  # plan.ProseResults
    prose_tests: int = 0


@dataclass(frozen=True)
class Totals:
    failures: int = 0
    conditions: int = 0
    distinguishing: int = 0
    single: int = 0
    orders: int = 0
    unobservable: int = 0
    pairs: int = 0
    success: int = 0
    commands: int = 0

    def add(self, row: CommandCoverage) -> Totals:
        return Totals(
            self.failures + row.failures,
            self.conditions + row.conditions,
            self.distinguishing + row.distinguishing,
            self.single + row.single,
            self.orders + row.orders,
            self.unobservable + row.unobservable,
            self.pairs + row.pairs,
            self.success + int(row.success),
            self.commands + 1,
        )

    @property
    def failure_ratio(self) -> float:
        return self.failures / self.conditions if self.conditions else 1.0


def coverage(plan: SuitePlan) -> list[CommandCoverage]:
    rows = []
    for command in plan.commands:
        rows.append(
            CommandCoverage(
                command.name,
                command.interface,
                len(command.failures),
                command.conditions,
                sum(1 for test in command.failures if test.distinguishes),
                sum(1 for test in command.failures if test.single),
                len(command.orders),
                sum(1 for m in command.missing if m.kind == "order" and m.unobservable),
                command.pairs,
                command.success is not None,
                command.missing,
                tuple((t.condition, t.rivals, t.why_not_single) for t in command.failures if not t.single),
                command.prose,
                len(command.prose_tests),
            )
        )
    return rows


def totals(rows: list[CommandCoverage]) -> dict[str, Totals]:
    """Totals per interface and for ``"all"`` (interfaces in the order met)."""
    result: dict[str, Totals] = {}
    for row in rows:
        for key in (row.interface, "all"):
            result[key] = result.get(key, Totals()).add(row)
    return dict(sorted(result.items(), key=lambda kv: kv[0] == "all"))


def as_json(plan: SuitePlan) -> dict:
    rows = coverage(plan)
    return {
        "revision": plan.revision,
        "seed": plan.seed,
        "world": {"calls": plan.world.calls, "unreached": [
            {"name": u.name, "reason": u.reason, "provides": list(u.provides)} for u in plan.world.unreached]},
        "commands": [
            {
                "command": r.command,
                "interface": r.interface,
                "failure_conditions": {"covered": r.failures, "total": r.conditions, "distinguishing": r.distinguishing,
                                       "single_condition": r.single},
                "ordered_pairs": {"covered": r.orders, "unobservable": r.unobservable, "total": r.pairs},
                "success": r.success,
                "not_single": [{"condition": c, "rivals": list(rv), "reason": why} for c, rv, why in r.not_single],
                "prose": None if r.prose is None else {
                    "outputs": list(r.prose.outputs), "conditions": list(r.prose.conditions),
                    "modelled": r.prose.modelled, "how": r.prose.how, "tests": r.prose_tests},
                "missing": [{"kind": m.kind, "item": m.item, "reason": m.reason} for m in r.missing],
            }
            for r in rows
        ],
        "totals": {
            name: {
                "failure_conditions": {"covered": t.failures, "total": t.conditions, "distinguishing": t.distinguishing,
                                       "single_condition": t.single},
                "ordered_pairs": {"covered": t.orders, "unobservable": t.unobservable, "total": t.pairs,
                                  "observable": t.pairs - t.unobservable},
                "success": {"covered": t.success, "total": t.commands},
            }
            for name, t in totals(rows).items()
        },
    }
