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
def conformance_report_command(source: str, json_output: Path | None) -> None:
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

    ir = read_input(source, load_ir)
    try:
        with Progress("searching stimuli") as progress:
            plan, _planner = plan_suite(ir, progress=progress)
    except UnsafeText as error:
        fail(f"{source}: {error}")
    console = out()
    rows = coverage(plan)
    table = Table(title=f"Conformance tests, DEN0137 {plan.revision} (stimuli found by seeded search, seed {plan.seed})")
    for column in ("command", "interface", "failure conditions", "distinguishing", "ordered pairs", "success"):
        table.add_column(column, justify="left" if column in ("command", "interface") else "right")
    for row in rows:
        mark = "" if row.failures == row.conditions else " [yellow]*[/yellow]"
        pairs = f"{row.orders}/{row.pairs}" + (f" ({row.unobservable} unobservable)" if row.unobservable else "")
        table.add_row(escape(row.command), row.interface, f"{row.failures}/{row.conditions}{mark}",
                      str(row.distinguishing), pairs, "yes" if row.success else "[yellow]no[/yellow]")
    console.print(table)
    summary = Table(title="totals per interface")
    for column in ("interface", "failure conditions with a stimulus", "distinguishing", "ordered pairs", "success tests"):
        summary.add_column(column, justify="left" if column == "interface" else "right")
    for name, t in totals(rows).items():
        summary.add_row(
            name, f"{t.failures}/{t.conditions} ({100 * t.failure_ratio:.1f}%)", str(t.distinguishing),
            f"{t.orders}/{t.pairs} ({t.unobservable} unobservable)", f"{t.success}/{t.commands}",
        )
    console.print(summary)
    missing = [(row.command, m) for row in rows for m in row.missing]
    if missing:
        console.print(f"\n[bold]Without a test ({len(missing)}):[/bold]")
        for command_name, item in missing:
            console.print(escape(f"{command_name} {item.kind} {item.item}: {item.reason}"), soft_wrap=True)
    if json_output:
        write_file(json_output, json.dumps(as_json(plan), indent=2, sort_keys=True) + "\n")
