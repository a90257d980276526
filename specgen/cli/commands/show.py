"""``specgen show``: what an input holds, its commands, and commands in full."""

from __future__ import annotations

import json
import sys
from collections import Counter

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from specgen.cli.app import command
from specgen.cli.common import complete_command_name, input_argument, out, print_summary, read_input, unknown_names
from specgen.extract.ir import IR

SHOW_SCHEMA = "specgen-show/1"


@command("show")
@input_argument()
@click.option("-c", "--command", "commands", multiple=True, shell_complete=complete_command_name, help="Also show this command in full (repeatable).")
@click.option("--json", "as_json", is_flag=True,
              help=f"Print JSON (schema {SHOW_SCHEMA}): the counts, every command, function and type by name, "
                   "and the commands asked for with -c in full (as in the IR).")
def show_command(source: str, commands: tuple[str, ...], as_json: bool) -> None:
    """Summarise a revision and list its commands.

    INPUT is a bundled revision name (e.g. 1.0-rel0), an IR JSON, a PDF or a text. Prints
    what the revision holds, then every command with its interface, FID, section and the
    number of failure and success conditions; -c NAME shows a command in full.

    \b
    Examples:
      specgen show 1.0-rel0
      specgen show 1.1-alp12 -c RMI_PSCI_COMPLETE
      specgen show 1.0-rel0 --json | jq -r '.commands[].name'
    """
    from specgen.api import load_ir

    ir = read_input(source, load_ir, quiet=as_json)
    unknown_names(commands, (c.name for c in ir.commands), "command", source)
    if as_json:
        sys.stdout.write(json.dumps(show_data(ir, commands), indent=2, sort_keys=True) + "\n")
        return
    console = out()
    print_summary(ir, console)
    print_command_list(ir, console)
    by_name = {c.name: c for c in ir.commands}
    for name in commands:
        print_command(by_name[name], console)


def fid_text(fid: int | None) -> str | None:
    """A FID as the spec writes it (``0xC4000153``)."""
    return None if fid is None else f"0x{fid:X}"


def show_data(ir: IR, commands: tuple[str, ...] = ()) -> dict:
    """The ``--json`` document (deterministic: keys sorted, lists in spec order)."""
    from specgen.extract.ir import to_data

    severities = Counter(d.severity.value for d in ir.diagnostics)
    return {
        "schema": SHOW_SCHEMA,
        "document": to_data(ir.document),
        "counts": {
            "commands": len(ir.commands),
            "functions": len(ir.functions),
            "types": len(ir.types),
            "failure_conditions": sum(len(c.failure_conditions) for c in ir.commands),
            "success_conditions": sum(len(c.success_conditions) for c in ir.commands),
            "footprint_items": sum(len(c.footprint) for c in ir.commands),
            "diagnostics": {s: severities[s] for s in ("error", "warning", "info")},
        },
        "commands": [
            {"name": c.name, "interface": c.interface, "fid": fid_text(c.fid), "section": c.section, "summary": c.summary,
             "failure_conditions": len(c.failure_conditions), "success_conditions": len(c.success_conditions),
             "loc": to_data(c.loc)}
            for c in ir.commands
        ],
        "functions": [f.name for f in ir.functions],
        "types": [{"name": t.name, "kind": t.kind} for t in ir.types],
        "details": [to_data(c) for c in ir.commands if c.name in commands],
    }


def print_command_list(ir: IR, console: Console) -> None:
    table = Table(title=f"commands ({len(ir.commands)})", title_justify="left")
    for column in ("command", "interface", "FID", "section", "failure", "success"):
        table.add_column(column, justify="right" if column in ("failure", "success") else "left",
                         no_wrap=column in ("command", "FID"))
    for c in ir.commands:
        table.add_row(escape(c.name), c.interface, escape(fid_text(c.fid) or "-"), escape(c.section),
                      str(len(c.failure_conditions)), str(len(c.success_conditions)))
    console.print(table)


def print_command(command, console: Console) -> None:
    fid = fid_text(command.fid) or "none"
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
