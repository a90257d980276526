"""``specgen extract``: a PDF or text into the IR."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from specgen.cli.app import command
from specgen.cli.common import err, fail, note, print_diagnostics, print_summary, read_input
from specgen.diagnostics import Severity


def _pages_option(_context, _parameter, value: str | None):
    from specgen.structure.pages import parse_pages

    if value is None:
        return None
    try:
        return parse_pages(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@command("extract")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the IR JSON to this file (default: standard output). Written all-or-nothing: "
                   "on any error the previous file is left as it was.")
@click.option("--pages", callback=_pages_option, metavar="RANGES",
              help="Read only these pages of INPUT, counted in the file from 1 (30-41, or 14,31-34,80-81).")
@click.option("--revision", metavar="REVISION",
              help="The revision (e.g. 1.0-eac3) of a document that does not name its own.")
@click.option("--strict", is_flag=True, help="Exit 1 when extraction reported warnings or errors (the IR is still written).")
@click.option("-v", "--verbose", is_flag=True, help="Also list informational diagnostics.")
@click.option("-q", "--quiet", is_flag=True, help="No progress, summary or diagnostics (errors still show).")
def extract_command(input_path: Path, output: Path | None, pages, revision: str | None, strict: bool, verbose: bool,
                    quiet: bool) -> None:
    """Extract a DEN0137 PDF or text into the IR (JSON).

    INPUT is a DEN0137 PDF or its `pdftotext -layout` text (recognised from the content,
    not the name). Every table, condition and name that is not understood is a diagnostic
    with page, line and section, listed on stderr with a summary of what was found; names
    that generators would emit (commands, registers, types, members, functions) are checked
    to be identifiers here already. Exit 2 when INPUT holds no command, function or type
    (nothing is written then).

    \b
    Examples:
      specgen extract spec.pdf -o ir.json
      specgen extract spec.txt --strict -q -o ir.json   # exit 1 if anything was not understood
      specgen extract spec.pdf --pages 30-41 -o rmi.json  # only those pages of the file
      specgen extract excerpt.txt --revision 1.0-eac3     # a document that does not name its revision
    """
    from functools import partial

    from specgen.api import extract_file
    from specgen.extract.ir import dumps
    from specgen.output import write_file

    ir = read_input(input_path, partial(extract_file, pages=pages, revision=revision), quiet=quiet)
    if not (ir.commands or ir.functions or ir.types):
        print_diagnostics(ir.diagnostics, verbose)
        fail(f"{input_path}: no command, function or type found; nothing written")
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
