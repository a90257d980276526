"""The ``specgen`` command line. The only place that prints and exits.

Exit codes: 0 success; 1 diagnostics under ``--strict`` (or, for commands that compare,
differences found); 2 the input could not be processed at all.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from specgen import __version__
from specgen.diagnostics import InputError, Severity
from specgen.extract.ir import IR, dumps

err = Console(stderr=True, highlight=False)


def write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a failure leaves the old file untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fail_input(error: InputError) -> None:
    err.print(f"[red]error:[/red] {error}", soft_wrap=True)
    sys.exit(2)


class _ProgressBar:
    """A rich progress bar fed by the layout stage's (done, total) callback."""

    def __init__(self, label: str, enabled: bool):
        self.enabled = enabled
        self.progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=err, transient=True, disable=not enabled,
        )
        self.task = self.progress.add_task(label, total=None)

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)

    def __call__(self, done: int, total: int) -> None:
        self.progress.update(self.task, completed=done, total=total)


def print_summary(ir: IR, console: Console) -> None:
    severities = Counter(d.severity for d in ir.diagnostics)
    table = Table(title=f"DEN0137 {ir.document.version} ({ir.document.source.kind})", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    interfaces = Counter(c.interface for c in ir.commands)
    table.add_row("commands", f"{len(ir.commands)} (" + ", ".join(f"{k} {v}" for k, v in sorted(interfaces.items())) + ")")
    table.add_row("inputs / context / outputs", " / ".join(
        str(sum(len(getattr(c, part)) for c in ir.commands)) for part in ("inputs", "context", "outputs")))
    table.add_row("failure conditions", str(sum(len(c.failure_conditions) for c in ir.commands)))
    table.add_row("ordering statements", str(sum(len(c.failure_ordering) for c in ir.commands)))
    table.add_row("success conditions", str(sum(len(c.success_conditions) for c in ir.commands)))
    table.add_row("footprint items", str(sum(len(c.footprint) for c in ir.commands)))
    with_body = sum(1 for f in ir.functions if f.body)
    table.add_row("functions", f"{len(ir.functions)} ({with_body} with body)")
    kinds = Counter(t.kind for t in ir.types)
    table.add_row("types", f"{len(ir.types)} (" + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")")
    table.add_row("diagnostics", ", ".join(f"{s.value} {severities[s]}" for s in Severity) )
    console.print(table)


def print_diagnostics(ir: IR, verbose: bool) -> None:
    for diagnostic in ir.diagnostics:
        if diagnostic.severity is Severity.INFO and not verbose:
            continue
        colour = {"error": "red", "warning": "yellow", "info": "blue"}[diagnostic.severity.value]
        where = f"{diagnostic.loc}: " if diagnostic.loc else ""
        err.print(f"{where}[{colour}]{diagnostic.severity.value}[/{colour}]: {diagnostic.message}", soft_wrap=True, markup=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="specgen")
def main() -> None:
    """specgen: read the Arm RMM specification (DEN0137) and generate code from it."""


@main.command("extract")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the IR JSON here (default: standard output).")
@click.option("--strict", is_flag=True, help="Exit 1 when extraction reported warnings or errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also list informational diagnostics.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, summary or diagnostics.")
def extract_command(input_path: Path, output: Path | None, strict: bool, verbose: bool, quiet: bool) -> None:
    """Extract INPUT (a DEN0137 PDF or `pdftotext -layout` text) into the IR (JSON)."""
    from specgen.api import extract_file

    try:
        with _ProgressBar(f"reading {input_path.name}", enabled=not quiet and err.is_terminal) as bar:
            ir = extract_file(input_path, bar)
    except InputError as error:
        fail_input(error)
    text = dumps(ir)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text)
    if not quiet:
        print_diagnostics(ir, verbose)
        print_summary(ir, err)
        if output is not None:
            err.print(f"IR written to {output}")
    if strict and any(d.severity is not Severity.INFO for d in ir.diagnostics):
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
