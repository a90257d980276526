"""``specgen show``: what an input holds, its commands, and commands in full."""

from __future__ import annotations

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from specgen.cli.app import command
from specgen.cli.common import out, print_summary, read_input, unknown_names


@command("show")
@click.argument("source", metavar="INPUT")
@click.option("-c", "--command", "commands", multiple=True, help="Also show this command in full (repeatable).")
def show_command(source: str, commands: tuple[str, ...]) -> None:
    """Summarise a revision and list its commands.

    INPUT is a bundled revision name (e.g. 1.0-rel0), an IR JSON, a PDF or a text.
    """
    from specgen.api import load_ir

    ir = read_input(source, load_ir)
    console = out()
    unknown_names(commands, (c.name for c in ir.commands), "command", source)
    print_summary(ir, console)
    by_name = {c.name: c for c in ir.commands}
    for name in commands:
        print_command(by_name[name], console)


def print_command(command, console: Console) -> None:
    fid = "none" if command.fid is None else f"{command.fid:#x}"
    console.rule(escape(f"{command.name} ({command.interface}, section {command.section}, FID {fid})"))
    console.print(command.summary, markup=False, highlight=False)
    for title, rows in (("inputs", command.inputs), ("outputs", command.outputs)):
        table = Table(title=title, title_justify="left")
        for column in ("name", "register", "bits", "type", "description"):
            table.add_column(column)
        for row in rows:
            table.add_row(*map(escape, (row.name, row.register, str(row.bits or ""), str(row.type or ""), row.description)))
        console.print(table)
    for title, items in (("context", [(c.name, f"{c.type} = {c.value}") for c in command.context]),
                         ("failure conditions", [(c.id, f"pre: {c.pre}  post: {c.post}") for c in command.failure_conditions]),
                         ("ordering", [("", o.text) for o in command.failure_ordering]),
                         ("success conditions", [(c.id, (f"pre: {c.pre}  post: " if c.pre else "") + c.post) for c in command.success_conditions]),
                         ("footprint", [(f.id, f.value) for f in command.footprint])):
        table = Table(title=title, title_justify="left", show_header=False)
        table.add_column("id")
        table.add_column("text")
        for key, text in items:
            table.add_row(escape(key), escape(text))
        console.print(table)
