"""``specgen extract``: a PDF or text into the IR."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from specgen.cli.app import command
from specgen.cli.common import err, note, print_diagnostics, print_summary, read_input
from specgen.diagnostics import Severity


@command("extract")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the IR JSON to this file (default: standard output). Written all-or-nothing: "
                   "on any error the previous file is left as it was.")
@click.option("--strict", is_flag=True, help="Exit 1 when extraction reported warnings or errors (the IR is still written).")
@click.option("-v", "--verbose", is_flag=True, help="Also list informational diagnostics.")
@click.option("-q", "--quiet", is_flag=True, help="No progress, summary or diagnostics (errors still show).")
def extract_command(input_path: Path, output: Path | None, strict: bool, verbose: bool, quiet: bool) -> None:
    """Extract a DEN0137 PDF or text into the IR (JSON).

    INPUT is a DEN0137 PDF or its `pdftotext -layout` text (recognised from the content,
    not the name). Every table, condition and name that is not understood is a diagnostic
    with page, line and section, listed on stderr with a summary of what was found; names
    that generators would emit (commands, registers, types, members, functions) are checked
    to be identifiers here already.

    \b
    Examples:
      specgen extract spec.pdf -o ir.json
      specgen extract spec.txt --strict -q -o ir.json   # exit 1 if anything was not understood
    """
    from specgen.api import extract_file
    from specgen.extract.ir import dumps
    from specgen.output import write_file

    ir = read_input(input_path, extract_file, quiet=quiet)
    text = dumps(ir)
    if output is None:
        sys.stdout.write(text)
    else:
        write_file(output, text)
    if not quiet:
        print_diagnostics(ir.diagnostics, verbose)
        print_summary(ir, err)
        if output is not None:
            note(f"IR written to {output}")
    if strict and any(d.severity is not Severity.INFO for d in ir.diagnostics):
        sys.exit(1)
