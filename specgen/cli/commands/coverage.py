"""``specgen model-coverage``: what the generated Python model executes."""

from __future__ import annotations

import click
from rich.markup import escape
from rich.table import Table

from specgen.cli.app import command
from specgen.cli.common import input_argument, out, read_input


@command("model-coverage")
@input_argument()
@click.option("--details", is_flag=True, help="Also list every condition the model cannot execute, with the reason.")
def model_coverage_command(source: str, details: bool) -> None:
    """Report which conditions the Python model executes.

    Per command of INPUT (revision name, IR JSON, PDF or text): failure and success
    conditions and footprint items the generated model executes, with totals per interface.
    """
    from specgen.api import load_ir
    from specgen.generate.python_model import model_coverage

    ir = read_input(source, load_ir)
    console = out()
    rows = model_coverage(ir)
    table = Table(title=f"Python model coverage, DEN0137 {ir.document.version}")
    for column in ("command", "interface", "failure", "success", "footprint"):
        table.add_column(column, justify="left" if column in ("command", "interface") else "right")
    totals: dict[str, dict[str, list[int]]] = {}

    def cell(items) -> str:
        done = sum(1 for _id, ok, _how in items if ok)
        return f"{done}/{len(items)}" + ("" if done == len(items) else " [yellow]*[/yellow]")

    for row in rows:
        table.add_row(escape(row.command), row.interface, cell(row.failure), cell(row.success), cell(row.footprint))
        for interface in (row.interface, "all"):
            bucket = totals.setdefault(interface, {k: [0, 0] for k in ("failure", "success", "footprint")})
            for kind in bucket:
                items = getattr(row, kind)
                bucket[kind][0] += sum(1 for _id, ok, _how in items if ok)
                bucket[kind][1] += len(items)
    console.print(table)
    summary = Table(title="totals (executable / all)")
    for column in ("interface", "failure", "success", "footprint"):
        summary.add_column(column, justify="left" if column == "interface" else "right")
    for interface, kinds in sorted(totals.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        summary.add_row(interface, *(f"{d}/{t} ({100 * d / t:.1f}%)" if t else "0/0" for d, t in kinds.values()))
    console.print(summary)
    if details:
        for row in rows:
            for kind in ("failure", "success", "footprint"):
                for item_id, ok, how in getattr(row, kind):
                    if not ok:
                        console.print(escape(f"{row.command} {kind} {item_id}: {how}"), soft_wrap=True)
