"""``specgen conformance-report``: which conditions have a conformance test, and why not."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from specgen.cli.app import command
from specgen.cli.common import Progress, fail, input_argument, out, read_input


@command("conformance-report")
@input_argument()
@click.option("--json", "json_output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report as JSON to this file.")
@click.option("--platform", "platform_file", type=click.Path(dir_okay=False, path_type=Path),
              help="TOML description of the platform to plan for (as `generate -t tests --platform`).")
def conformance_report_command(source: str, json_output: Path | None, platform_file: Path | None) -> None:
    """Which conditions have a conformance test, and why not.

    Searches stimuli for every failure condition and ordered pair of INPUT (as `generate
    --target tests` does) and reports, per command and interface, what has a conformance
    test and why the rest has none.
    """
    from specgen.api import load_ir
    from specgen.conformance.report import as_json, coverage, totals
    from specgen.generate.conformance_tests import plan_suite
    from specgen.generate.errors import UnsafeText
    from specgen.output import write_file

    from specgen.cli.commands.generate import load_platform_option

    platform = load_platform_option(platform_file)
    ir = read_input(source, load_ir)
    try:
        with Progress("searching stimuli") as progress:
            plan, _planner = plan_suite(ir, progress=progress, platform=platform)
    except UnsafeText as error:
        fail(f"{source}: {error}")
    console = out()
    rows = coverage(plan)
    table = Table(title=f"Conformance tests, DEN0137 {plan.revision} (stimuli found by seeded search, seed {plan.seed})")
    for column in ("command", "interface", "failure conditions", "single-condition", "distinguishing", "ordered pairs",
                   "success"):
        table.add_column(column, justify="left" if column in ("command", "interface") else "right")
    for row in rows:
        mark = "" if row.failures == row.conditions else " [yellow]*[/yellow]"
        pairs = f"{row.orders}/{row.pairs - row.unobservable}" + (
            f" ({row.unobservable} unobservable)" if row.unobservable else "")
        table.add_row(escape(row.command), row.interface, f"{row.failures}/{row.conditions}{mark}",
                      f"{row.single}/{row.conditions}", str(row.distinguishing), pairs,
                      "yes" if row.success else "[yellow]no[/yellow]")
    console.print(table)
    summary = Table(title="totals per interface")
    for column in ("interface", "failure conditions with a stimulus", "single-condition stimulus", "distinguishing",
                   "ordered pairs tested / observable", "success tests"):
        summary.add_column(column, justify="left" if column == "interface" else "right")
    for name, t in totals(rows).items():
        summary.add_row(
            name, f"{t.failures}/{t.conditions} ({100 * t.failure_ratio:.1f}%)", f"{t.single}/{t.conditions}",
            str(t.distinguishing), f"{t.orders}/{t.pairs - t.unobservable} ({t.unobservable} of {t.pairs} unobservable)",
            f"{t.success}/{t.commands}",
        )
    console.print(summary)
    console.print(f"world: a trace of {plan.world.calls} interface calls from a freshly booted RMM")
    unreached: dict[str, list[str]] = {}
    for item in plan.world.unreached:
        unreached.setdefault(item.reason, []).append(item.name)
    if unreached:
        console.print(f"\n[bold]World states the interface does not reach ({len(plan.world.unreached)}):[/bold]")
        for reason, names in unreached.items():
            console.print(escape(f"{', '.join(names)}: {reason}"), soft_wrap=True)
    missing = [(row.command, m) for row in rows for m in row.missing]
    if missing:
        console.print(f"\n[bold]Without a test ({len(missing)}):[/bold]")
        for command_name, item in missing:
            console.print(escape(f"{command_name} {item.kind} {item.item}: {item.reason}"), soft_wrap=True)
    prose = [row for row in rows if row.prose is not None]
    if prose:
        console.print(f"\n[bold]Results given in prose ({len(prose)} commands):[/bold]")
        for row in prose:
            given = ", ".join(row.prose.outputs + row.prose.conditions)
            tests = f"; {row.prose_tests} tests of its cases" if row.prose_tests else ""
            state = "modelled" if row.prose.modelled else "NOT modelled"
            console.print(escape(f"{row.command} ({given}): {state}: {row.prose.how}{tests}"), soft_wrap=True)
    shared = [(row.command, c, rv, why) for row in rows for c, rv, why in row.not_single]
    if shared:
        console.print(f"\n[bold]Failure tests whose stimulus also makes a rival hold ({len(shared)}):[/bold]")
        for command_name, condition, others, why in shared:
            console.print(escape(f"{command_name} {condition} (with {', '.join(others)}): {why}"), soft_wrap=True)
    if json_output:
        write_file(json_output, json.dumps(as_json(plan), indent=2, sort_keys=True) + "\n")
