"""``specgen check``: what does not parse or resolve."""

from __future__ import annotations

import sys

import click
from rich.markup import escape

from specgen.cli.app import command
from specgen.cli.common import out, read_input


@command("check")
@click.argument("sources", metavar="INPUT...", nargs=-1, required=True)
def check_command(sources: tuple[str, ...]) -> None:
    """Report what does not parse or resolve in a revision.

    Lists, per INPUT (revision name, IR JSON, PDF or text), the conditions and pseudocode
    that do not parse, unresolved names, unknown functions and members, arity mismatches and
    bad ordering ids, each with its location. Exit 1 when anything is reported.
    """
    from specgen.api import load_ir
    from specgen.lang.check import check_report

    console = out()
    total = 0
    for source in sources:
        ir = read_input(source, load_ir)
        report = check_report(ir)
        total += len(report.problems)
        for kind, name, command_name, where, detail in report.problems:
            label = f"{kind} {name}" if name else kind
            console.print(escape(f"{where}: {label} in {command_name}: {detail}"), soft_wrap=True)
        console.print(escape(f"DEN0137 {ir.document.version}: {report.summary()}"), style="bold", soft_wrap=True)
    sys.exit(1 if total else 0)
