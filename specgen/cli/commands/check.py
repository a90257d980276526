"""``specgen check``: what does not parse or resolve, with a summary."""

from __future__ import annotations

import json
import sys
from collections import Counter

import click
from rich.markup import escape
from rich.table import Table

from specgen.cli.app import command
from specgen.cli.common import input_argument, out, read_input

CHECK_SCHEMA = "specgen-check/1"
#: Names shown per kind in the summary (the most frequent first).
TOP_NAMES = 5


@command("check")
@input_argument("sources", "INPUT...", nargs=-1, required=True)
@click.option("-q", "--quiet", is_flag=True, help="Only the summary of each INPUT, not every problem.")
@click.option("--json", "as_json", is_flag=True,
              help=f"Print JSON (schema {CHECK_SCHEMA}): per INPUT the counts and every problem with its location.")
def check_command(sources: tuple[str, ...], quiet: bool, as_json: bool) -> None:
    """Report what does not parse or resolve in a revision.

    Lists, per INPUT (revision name, IR JSON, PDF or text), the conditions and pseudocode
    that do not parse, unresolved names, unknown functions and members, arity mismatches and
    bad ordering ids, each with its location, then a summary: what was parsed and the
    problems by kind with the most frequent names. Exit 1 when anything is reported.

    \b
    Examples:
      specgen check 1.1-alp12 -q
      specgen check 1.0-rel0 1.1-alp12 --json | jq '.revisions[].counts'
    """
    from specgen.api import load_ir
    from specgen.lang.check import check_report

    console = out()
    total = 0
    documents = []
    for source in sources:
        ir = read_input(source, load_ir, quiet=as_json)
        report = check_report(ir)
        total += len(report.problems)
        if as_json:
            documents.append(_json(ir, report))
            continue
        if not quiet:
            for kind, name, command_name, where, detail in report.problems:
                label = f"{kind} {name}" if name else kind
                console.print(escape(f"{where}: {label} in {command_name}: {detail}"), soft_wrap=True)
        _print_summary(console, ir, report)
    if as_json:
        sys.stdout.write(json.dumps({"schema": CHECK_SCHEMA, "revisions": documents}, indent=2, sort_keys=True) + "\n")
    sys.exit(1 if total else 0)


def _print_summary(console, ir, report) -> None:
    version = ir.document.version
    if not report.problems and not report.counts:
        console.print(escape(f"DEN0137 {version}: no problems; {report.summary()}"), style="bold", soft_wrap=True)
        return
    table = Table(title=escape(f"DEN0137 {version}: {len(report.problems)} problems"), title_justify="left")
    table.add_column("kind")
    table.add_column("count", justify="right")
    table.add_column("most frequent")
    by_kind: dict[str, Counter] = {}
    for kind, name, command_name, _where, _detail in report.problems:
        by_kind.setdefault(kind, Counter())[name or command_name] += 1
    for kind, count in sorted(report.counts.items(), key=lambda kv: (-kv[1], kv[0])):
        names = by_kind.get(kind, Counter()).most_common(TOP_NAMES)
        table.add_row(escape(kind), str(count), escape(", ".join(f"{n} ({c})" for n, c in names)))
    console.print(table)
    console.print(escape(f"DEN0137 {version}: {report.summary()}"), style="bold", soft_wrap=True)


def _json(ir, report) -> dict:
    from specgen.extract.ir import to_data

    return {
        "document": to_data(ir.document),
        "checked": dict(report.checked),
        "prose": report.prose,
        "counts": dict(report.counts),
        "problems": [{"kind": kind, "name": name, "command": command_name, "loc": where, "detail": detail}
                     for kind, name, command_name, where, detail in report.problems],
    }
